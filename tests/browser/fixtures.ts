// fixtures.ts - what every browser test gets: a real `pairbox serve` on
// loopback (its own data and state directories, a free port; one per
// worker), the page's base URL pointing at it, the browser's version in the
// log, and a guard that fails a test on any script error or
// Content-Security-Policy violation in its pages.
import { test as base, expect, type Page, type BrowserContext } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface Server {
  url: string;
  port: number;
  log: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function up(url: string, proc: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`pairbox serve exited ${proc.exitCode}: ${fs.readFileSync(log, "utf8").slice(-2000)}`);
    try {
      const r = await fetch(url + "/version");
      if (r.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pairbox serve did not come up: ${fs.readFileSync(log, "utf8").slice(-2000)}`);
}

/** Report every Content-Security-Policy violation of a context's pages, and
 * every script error, into problems. One kind is not a problem: Chromium's
 * own editing code, replacing a selection that spans lines of CodeMirror's
 * contenteditable, tries to put a style attribute on a line; the policy
 * blocks it (style-src-attr) and CodeMirror redraws the line from its state
 * anyway. A user selecting all and typing causes the same. */
export async function watchContext(ctx: BrowserContext, problems: string[]): Promise<void> {
  await ctx.exposeBinding("__pairboxViolation", ({ page }, v: { directive: string; uri: string; inEditor: boolean }) => {
    if (v.directive === "style-src-attr" && v.inEditor) return;
    problems.push(`policy violation on ${page.url()}: ${v.directive} (${v.uri})`);
  });
  await ctx.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const inEditor = e.composedPath().some((n) => n instanceof Element && n.classList.contains("cm-content"));
      (window as any).__pairboxViolation({ directive: e.effectiveDirective, uri: e.blockedURI, inEditor });
    }, true);
  });
  const watch = (p: Page) => p.on("pageerror", (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
  ctx.pages().forEach(watch);
  ctx.on("page", watch);
}

export const test = base.extend<{ guard: void; newUser: (ctx?: BrowserContext) => Promise<Page> }, { server: Server; browserLog: void }>({
  server: [async ({}, use, workerInfo) => {
    const bin = process.env.PAIRBOX_BIN;
    if (!bin) throw new Error("PAIRBOX_BIN is not set (tests/browser/run.sh sets it)");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pairbox-browser-${workerInfo.workerIndex}-`));
    const port = await freePort();
    const log = path.join(dir, "server.log");
    const out = fs.openSync(log, "a");
    const proc = spawn(bin, ["serve", "--port", String(port), "--bind", "127.0.0.1", "--data", path.join(dir, "data"),
      "--state-dir", path.join(dir, "state"), "--workers", "2"], {
      stdio: ["ignore", out, out],
      env: { ...process.env, ...(process.env.PAIRBOX_FRONTEND_DIR ? { FRONTEND_DIR: process.env.PAIRBOX_FRONTEND_DIR } : {}) },
    });
    fs.closeSync(out);
    const url = `http://127.0.0.1:${port}`;
    try {
      await up(url, proc, log);
      await use({ url, port, log });
    } finally {
      proc.kill("SIGTERM");
      await new Promise((r) => {
        const t = setTimeout(() => { proc.kill("SIGKILL"); r(null); }, 20_000);
        proc.once("exit", () => { clearTimeout(t); r(null); });
      });
      if (process.env.PAIRBOX_BROWSER_KEEP) console.log(`server files kept in ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    }
  }, { scope: "worker" }],

  browserLog: [async ({ browser }, use) => {
    console.log(`browser: ${browser.browserType().name()} ${browser.version()}`);
    await use();
  }, { scope: "worker", auto: true }],

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  // Every page of the test's context is watched; any problem fails the test at its end.
  guard: [async ({ context }, use) => {
    const problems: string[] = [];
    await watchContext(context, problems);
    await use();
    expect(problems, "script errors or policy violations in the pages").toEqual([]);
  }, { auto: true }],

  // A second (third, ...) user: a context of its own, with its own cookies, watched like the first.
  newUser: async ({ browser, server }, use) => {
    const made: BrowserContext[] = [];
    const problems: string[] = [];
    await use(async () => {
      const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
      made.push(ctx);
      await watchContext(ctx, problems);
      return ctx.newPage();
    });
    for (const c of made) await c.close();
    expect(problems, "script errors or policy violations in the other users' pages").toEqual([]);
  },
});

export { expect };

/** A username no other test (or run) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 32).toLowerCase();
}

export const PASSWORD = "correct horse battery";

/** Sign up through the page (the home page greets the new user). */
export async function signUp(page: Page, username: string, display?: string): Promise<void> {
  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Username" }).fill(username);
  if (display) await page.getByRole("textbox", { name: "Display name" }).fill(display);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
}

/** Every visible text's contrast against its background (WCAG 2: 4.5:1, 3:1 for large text). */
export async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = parse(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!n.textContent!.trim() || !el.checkVisibility?.() || el.closest("[aria-hidden=true], .cm-host")) continue;
      const st = getComputedStyle(el);
      if (parseFloat(st.opacity) < 1 || (el as HTMLButtonElement).disabled) continue;
      const fg = parse(st.color).slice(0, 3), bg = background(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a! + 0.05) / (b! + 0.05);
      const large = parseFloat(st.fontSize) >= 24 || (parseFloat(st.fontSize) >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${n.textContent!.trim().slice(0, 30)}: ${ratio.toFixed(2)} (${st.color} on rgb(${bg}))`);
    }
    return bad;
  });
}
