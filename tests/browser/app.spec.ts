// app.spec.ts - the web app as served: its files with their types and policy
// headers, every page of the app opened by address (the server answers the
// app for its routes) without a script error or policy violation, accessible
// names, focus order, contrast, and layouts at 1280x800 and tablet widths.
import { test, expect, lowContrast } from "./fixtures";

const PAGES = ["/", "/login", "/signup", "/problems", "/problems/badge-print-order", "/leaderboard"];

test("the server serves the app's files with their types and policy", async ({ page, request }) => {
  const index = await request.get("/");
  expect(index.status()).toBe(200);
  expect(index.headers()["content-type"]).toBe("text/html; charset=utf-8");
  expect(index.headers()["x-content-type-options"]).toBe("nosniff");
  const csp = index.headers()["content-security-policy"];
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  const html = await index.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);          // no inline script
  const js = html.match(/src="(\/assets\/app-[A-Z0-9]+\.js)"/)![1]!;
  const css = html.match(/href="(\/assets\/app-[A-Z0-9]+\.css)"/)![1]!;
  for (const [url, type] of [[js, "text/javascript; charset=utf-8"], [css, "text/css; charset=utf-8"]]) {
    const r = await request.get(url!);
    expect(r.status(), url).toBe(200);
    expect(r.headers()["content-type"]).toBe(type);
    expect(r.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  }
  expect((await request.get("/assets/../../../etc/passwd")).status()).toBe(404);
  expect((await request.get("/no-such-file.js")).status()).toBe(404);

  // The editor chunk loads (CodeMirror's styles included) under that policy.
  await page.goto("/problems/badge-print-order");
  const editor = page.getByRole("textbox", { name: "Code editor" });
  await expect(editor).toBeVisible();
  const gutter = page.locator(".cm-gutters");
  await expect(gutter).toBeVisible();
  // CodeMirror's own style sheet applied: the gutter is a flex box beside the content.
  expect(await gutter.evaluate((el) => getComputedStyle(el).display)).toBe("flex");
});

test("every page opens by its address", async ({ page }) => {
  for (const path of PAGES) {
    const r = await page.goto(path);
    expect(r!.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
  }
  // Pages that need a session send a visitor to log in, and come back after.
  for (const path of ["/profile", "/lobby", "/rooms/1"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
  }
  // Links inside the app change the page without a reload.
  await page.goto("/");
  await page.evaluate(() => ((window as any).marker = 1));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Problems" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Problems" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).marker)).toBe(1);
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
});

test("controls have the names the issue lists, in a sensible focus order", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("textbox", { name: "Username" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  // The heading has focus after the page opens; Tab goes through the form in reading order.
  await page.getByRole("textbox", { name: "Username" }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Log in" })).toBeFocused();

  await page.goto("/signup");
  for (const name of ["Username", "Display name"]) await expect(page.getByRole("textbox", { name })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign up" })).toBeVisible();

  // From the top of a page: the skip link, the header, then the page, in reading order.
  await page.goto("/login");
  await page.getByRole("link", { name: "Skip to content" }).focus();
  const order: string[] = [];
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const label = (el as HTMLInputElement).labels?.[0]?.textContent;
      return `${el.tagName.toLowerCase()}:${(label || el.textContent || "").trim()}`;
    }));
  }
  expect(order).toEqual(["a:pairbox", "a:Home", "a:Problems", "a:Leaderboard", "a:Playground", "a:Log in", "a:Sign up",
    "input:Username", "input:Password", "button:Log in"]);
  // The skip link moves focus past the header.
  await page.getByRole("link", { name: "Skip to content" }).focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Username" })).toBeFocused();

  await page.goto("/problems");
  await expect(page.getByRole("searchbox", { name: "Search problems" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Difficulty" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Search" })).toBeVisible();
});

test("text has enough contrast and the layout fits at 1280x800 and on tablets", async ({ page }) => {
  // The check itself finds light grey on white.
  await page.goto("/");
  await page.evaluate(() => {
    const p = document.createElement("p");
    p.textContent = "faint words";
    p.style.color = "#aaaaaa";
    document.querySelector("main")!.append(p);
  });
  expect((await lowContrast(page)).join()).toContain("faint words: 2.18 ");
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
    await page.setViewportSize(size);
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await lowContrast(page), `${path} at ${size.width}x${size.height}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${size.width}x${size.height}: wider than the window`).toBeLessThanOrEqual(0);
    }
  }
});
