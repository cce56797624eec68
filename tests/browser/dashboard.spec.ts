// dashboard.spec.ts - the dashboard after a scripted session (docs/platform.md
// "Dashboard"): two users matched into a room submit an accepted solution
// and then a wrong one over the room's channel (a WebSocket opened in the
// page, so the session is exactly that); then each one's /dashboard shows
// the session row (problem, partner, phase, best submit, the replay link),
// the bars per tag and by difficulty with their numbers, the streak and
// today's cell in the heat map, at 1280x800 and on a tablet, readable, with
// no script error or policy violation. A visitor is sent to log in first.
import { test, expect, uniqueName, signUp, lowContrast, PASSWORD } from "./fixtures";
import type { Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

const PROBLEMS = path.join(__dirname, "..", "..", "problems");

/** Join the waiting room over the API, as the page's own requests would. */
async function joinLobby(page: Page, origin: string): Promise<any> {
  const r = await page.request.post("/api/v1/lobby", { data: { language: "python3", difficulty: "easy" }, headers: { Origin: origin } });
  expect(r.status()).toBe(200);
  return r.json();
}

interface Outcome { role: string; results: any[] }

/** In the page: open the room's channel; as the driver, put in each text in
 * turn and submit it, waiting for its result; the observer only reports its role. */
function script(page: Page, room: string, texts: string[]): Promise<Outcome> {
  return page.evaluate(async ({ room, texts }) => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, "ws")}/api/v1/rooms/${encodeURIComponent(room)}/ws`);
    const queue: any[] = [];
    let wake: (() => void) | null = null;
    ws.onmessage = (ev) => { queue.push(JSON.parse(ev.data)); wake?.(); };
    const next = async (type: string, where: (m: any) => boolean = () => true): Promise<any> => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const i = queue.findIndex((m) => m.type === type && where(m));
        if (i >= 0) return queue.splice(i, 1)[0];
        const err = queue.find((m) => m.type === "error");
        if (err) throw new Error(`channel error: ${JSON.stringify(err)}`);
        if (Date.now() > deadline) throw new Error(`no ${type}`);
        await new Promise<void>((r) => { wake = r; setTimeout(r, 500); });
      }
    };
    const welcome = await next("welcome");
    const role = welcome.you.role;
    const results: any[] = [];
    if (role === "driver") {
      let version = welcome.version, doc: string = welcome.doc;
      for (const text of texts) {
        // Replace the whole document: its length in UTF-16 units, as JavaScript counts.
        const changes = doc.length ? [[doc.length, ...text.split("\n")]] : [[0, ...text.split("\n")]];
        ws.send(JSON.stringify({ type: "push", version, updates: [{ clientID: "spec", changes }] }));
        await next("updates", (m) => m.version === version);
        version++;
        doc = text;
        ws.send(JSON.stringify({ type: "submit" }));
        results.push(await next("submit-result", (m) => m.version === version));
      }
    }
    ws.close();
    return { role, results };
  }, { room, texts });
}

/** An accepted Python solution of a bank problem. */
function solution(slug: string): string {
  const dir = path.join(PROBLEMS, slug, "submissions", "accepted");
  const py = fs.readdirSync(dir).find((f) => f.endsWith(".py"));
  if (!py) throw new Error(`${slug} has no accepted Python solution`);
  return fs.readFileSync(path.join(dir, py), "utf8");
}

test("the dashboard shows a scripted session's figures", async ({ page, newUser, server }) => {
  const ada = page, bob = await newUser();
  await signUp(ada, uniqueName("ada"), "Ada");
  await signUp(bob, uniqueName("bob"), "Bob");

  // A fresh account's dashboard: every section says there is nothing yet.
  await ada.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(ada.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(ada.locator("#dash-history")).toContainText("No sessions yet");
  await expect(ada.locator("#dash-tags")).toContainText("Nothing yet");

  expect((await joinLobby(ada, server.url)).state).toBe("waiting");
  const matched = await joinLobby(bob, server.url);
  expect(matched.state).toBe("matched");
  const id: string = matched.room;
  const room = await (await ada.request.get(`/api/v1/rooms/${id}`)).json();
  const slug: string = room.problem.slug;

  // The session: accepted, then a wrong submit (a program that prints nothing), by whoever drives.
  const texts = [solution(slug), "# nothing here yet\n"];
  let out = await script(ada, id, texts);
  if (out.role !== "driver") out = await script(bob, id, texts);
  expect(out.role).toBe("driver");
  const [accepted, wrong] = out.results;
  expect(accepted.status.id).toBe(3);
  expect(wrong.status.id).not.toBe(3);

  await ada.goto("/dashboard");
  await expect(ada.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");

  // The session row.
  const history = ada.locator("#dash-history");
  await expect(history.getByRole("status")).toHaveText("1 session");
  const row = history.locator(`tr[data-room="${id}"]`);
  await expect(row).toHaveCount(1);
  const cells = row.locator("td");
  await expect(cells.nth(1)).toContainText(room.problem.title);
  await expect(cells.nth(1)).toContainText("easy");
  await expect(cells.nth(2)).toHaveText("Bob");
  await expect(cells.nth(3)).toHaveText(/^(intro|pseudocode|code|review) \(\d of 4\)$/);
  await expect(cells.nth(4)).toContainText(`Accepted, ${accepted.passed}/${accepted.total} tests`);
  await expect(cells.nth(4)).toContainText("2 submits, 0 runs");
  await expect(cells.nth(4)).toContainText(`last: ${wrong.status.description}, ${wrong.passed}/${wrong.total} tests`);
  await expect(row.getByRole("link", { name: /^Replay of / })).toHaveAttribute("href", `/rooms/${id}/replay`);

  // At a glance.
  const tiles = ada.locator("#dash-overview .tile");
  await expect(tiles.filter({ hasText: "session" }).locator(".tile-value").first()).toHaveText("1");
  await expect(tiles.filter({ hasText: "problem solved" }).locator(".tile-value")).toHaveText("1");
  await expect(tiles.filter({ hasText: "submits accepted" }).locator(".tile-value")).toHaveText("1 / 2");

  // Each tag of the problem: one session, solved, every test passed by the best submit; the bars say it too.
  const tags = ada.locator("#dash-tags");
  const tagChart = tags.getByRole("img", { name: /Success by topic/ });
  await expect(tagChart).toBeVisible();
  await tags.getByText("The numbers as a table").click();
  const tagRows = tags.locator("table.numbers tbody tr");
  await expect(tagRows).toHaveCount(room.problem.tags.length);
  for (const tag of room.problem.tags as string[]) {
    const r = tags.locator("table.numbers tbody tr").filter({ has: ada.getByRole("rowheader", { name: tag, exact: true }) });
    await expect(r.locator("td")).toHaveText(["1", "1", "1", "100%"]);
    const bars = tagChart.locator("g.bar-row").filter({ has: ada.locator("title", { hasText: `${tag}: 1 of 1 session solved` }) });
    await expect(bars.locator("text.bar-value")).toHaveText(["100%", "100%"]);
    await expect(bars.locator("rect.bar")).toHaveCount(2);
  }
  const diff = ada.locator("#dash-difficulty");
  await diff.getByText("The numbers as a table").click();
  await expect(diff.locator("table.numbers tbody tr")).toHaveCount(1);
  await expect(diff.locator("table.numbers tbody tr td")).toHaveText(["1", "1", "1", "100%"]);
  await expect(diff.getByRole("rowheader")).toHaveText("easy");

  // The streak and today's cell (UTC).
  const today = new Date().toISOString().slice(0, 10);
  const act = ada.locator("#dash-activity");
  await expect(act.locator('[data-streak="current"] .tile-value')).toHaveText("1");
  await expect(act.locator('[data-streak="longest"] .tile-value')).toHaveText("1");
  await expect(act.locator(`rect[data-date="${today}"]`)).toHaveClass(/\bheat-1\b/);
  await expect(act.locator("rect.heat-cell:not(.heat-0)[data-date]")).toHaveCount(1);
  await expect(act.getByRole("img", { name: /^1 session on 1 day in the last 26 weeks/ })).toBeVisible();

  // Readable and laid out at 1280x800 and on a tablet.
  for (const size of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
    await ada.setViewportSize(size);
    expect(await lowContrast(ada)).toEqual([]);
    expect(await ada.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }

  // Bob sees the same session, with Ada as the partner.
  await bob.goto("/dashboard");
  await expect(bob.locator(`#dash-history tr[data-room="${id}"] td`).nth(2)).toHaveText("Ada");
  await expect(bob.locator('#dash-activity [data-streak="current"] .tile-value')).toHaveText("1");
});

test("a visitor is sent to log in, and comes back to the dashboard", async ({ page }) => {
  const name = uniqueName("cy");
  await signUp(page, name, "Cy");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" })).toHaveCount(0);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await page.getByRole("textbox", { name: "Username" }).fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.locator('#dash-activity [data-streak="current"] .tile-value')).toHaveText("0");
  await expect(page.locator("#dash-history")).toContainText("No sessions yet");
});
