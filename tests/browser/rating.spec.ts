// rating.spec.ts - after the session (docs/platform.md "Feedback",
// "Ratings and leaderboards"): two people pair in their browsers, submit,
// move through every phase to the end; each gives the other feedback in the
// room page and then sees what the other gave (hidden until one gives one's
// own); both are rated, the profile shows it, and the leaderboard page shows
// both with the figures the API gives, its language and organisation
// filters and the organisations' ranking working.
import { test, expect, uniqueName, signUp, lowContrast } from "./fixtures";
import { join, replaceAll, solution } from "./roomlib";
import type { Page } from "@playwright/test";

// This spec's server ranks an organisation from one rated member (read by
// the worker's server as it starts: each spec file runs in a process of its own).
process.env.LEADERBOARD_ORG_MIN_MEMBERS = "1";

const SCORES = ["Communication", "Problem solving", "Code quality", "Collaboration"];

async function organisation(page: Page, org: string): Promise<void> {
  await page.goto("/profile");
  await page.getByRole("textbox", { name: "Organisation" }).fill(org);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
}

async function giveFeedback(page: Page, scores: number[], comment: string): Promise<void> {
  const panel = page.getByRole("region", { name: "Feedback" });
  for (const [i, name] of SCORES.entries()) await panel.getByLabel(name).selectOption(String(scores[i]));
  await panel.getByRole("textbox", { name: "Comment (optional)" }).fill(comment);
  await panel.getByRole("button", { name: /^(Send|Update) feedback$/ }).click();
  await expect(panel.getByRole("status")).toHaveText(/^Feedback (sent|updated)\.$/);
}

/** The feedback from `from` as the panel shows it: each score and the comment. */
async function expectReceived(page: Page, from: string, scores: number[], comment: string): Promise<void> {
  const list = page.locator(`dl[aria-label="Feedback from ${from}"]`);
  await expect(list).toBeVisible({ timeout: 30_000 });
  for (const [i, k] of ["communication", "problem_solving", "code_quality", "collaboration"].entries()) {
    await expect(list.locator(`dd[data-score="${k}"]`)).toHaveText(new RegExp(`^${scores[i]} \\(`));
  }
  await expect(list.locator("dd.comment")).toHaveText(comment);
}

test("two users finish a room, rate each other and meet on the leaderboard", async ({ page, newUser }) => {
  const ada = page, bob = await newUser();
  const adaName = uniqueName("ada"), bobName = uniqueName("bob");
  await signUp(ada, adaName, "Ada");
  await signUp(bob, bobName, "Bob");
  await organisation(ada, "Ada Academy");
  await organisation(bob, "Bob College");
  await join(ada);
  await join(bob);
  await expect(ada).toHaveURL(/\/rooms\/[^/]+$/, { timeout: 60_000 });
  await expect(bob).toHaveURL(/\/rooms\/[^/]+$/, { timeout: 60_000 });
  const id = ada.url().split("/").pop()!;
  for (const p of [ada, bob]) await expect(p.locator(".badge.role")).toHaveText(/You are (driving|observing)/);
  const adaDrives = (await ada.locator(".badge.role").textContent()) === "You are driving";
  const driver = adaDrives ? ada : bob;
  const room = await (await ada.request.get(`/api/v1/rooms/${id}`)).json();

  // The session: the driver types a solution and submits it; both say hello.
  const code = solution(room.problem.slug);
  if (code) await replaceAll(driver, code);
  await driver.getByRole("button", { name: "Submit" }).click();
  for (const p of [ada, bob]) await expect(p.locator(".verdict")).toBeVisible({ timeout: 180_000 });
  for (const p of [ada, bob]) {
    await p.getByRole("textbox", { name: "Message" }).fill("hello");
    await p.getByRole("button", { name: "Send" }).click();
  }
  // No feedback while the room runs.
  await expect(ada.getByRole("region", { name: "Feedback" })).toBeHidden();

  // Through every phase to the end, both agreeing each time.
  for (let i = 0; i < room.phases.length; i++) {
    await ada.getByRole("button", { name: "Next phase" }).click();
    await bob.getByRole("button", { name: "Agree: next phase" }).click();
    if (i < room.phases.length - 1) for (const p of [ada, bob]) await expect(p.locator(".ring-phase")).toHaveText(room.phases[i + 1].name);
  }
  for (const p of [ada, bob]) await expect(p.getByRole("region", { name: "Feedback" })).toBeVisible();

  // Ada gives hers; Bob learns there is one for him, shown once he gives his.
  await giveFeedback(ada, [5, 4, 4, 5], "Clear plan, <b>kind</b> reviews 👍");
  await expect(bob.locator(".received-note")).toHaveText("Ada has given you feedback: it shows once you give yours.", { timeout: 15_000 });
  await giveFeedback(bob, [3, 4, 5, 2], "Careful code; talk more while typing");
  await expectReceived(bob, "Ada", [5, 4, 4, 5], "Clear plan, <b>kind</b> reviews 👍");
  expect(await bob.locator("dl.scores b").count()).toBe(0);                       // text, never markup
  await expectReceived(ada, "Bob", [3, 4, 5, 2], "Careful code; talk more while typing");   // Ada's page polls
  // Editable while the window is open: Ada changes a score.
  await giveFeedback(ada, [5, 4, 4, 4], "Clear plan, <b>kind</b> reviews 👍");
  await bob.reload();
  await expectReceived(bob, "Ada", [5, 4, 4, 4], "Clear plan, <b>kind</b> reviews 👍");
  expect(await lowContrast(ada)).toEqual([]);

  // Both rated: the API's figures.
  const ratings = async (p: Page) => {
    let r: any;
    await expect.poll(async () => {
      r = await (await p.request.get("/api/v1/me/ratings")).json();
      return r.overall.games;
    }, { timeout: 30_000 }).toBe(1);
    return r;
  };
  const ra = await ratings(ada), rb = await ratings(bob);
  const language = ra.history[0].language;

  // The profile shows the rating.
  await ada.goto("/profile");
  const card = ada.getByRole("region", { name: "Ratings" });
  await expect(card.locator(".overall")).toContainText(`${Math.round(ra.overall.rating)} ± ${Math.round(ra.overall.rd)}`);
  await expect(card.locator(".overall")).toContainText("1 rated session");
  await expect(card.getByRole("table", { name: "Ratings by language" }).getByRole("row", { name: new RegExp(`^${language} `) })).toBeVisible();

  // Ada's dashboard: her rating after the session and the feedback Bob gave her, as text and as a chart.
  await ada.goto("/dashboard");
  const rating = ada.getByRole("region", { name: "Rating" });
  await expect(rating.locator('[data-rating="overall"] .tile-value')).toHaveText(String(Math.round(ra.overall.rating)));
  await expect(rating.locator("svg.chart.line circle")).toHaveCount(1);
  await expect(rating.getByRole("table", { name: "Rating after each session", includeHidden: true }).locator("tbody tr td").last()).toHaveText(
    `${Math.round(ra.history[0].rating.rating)} ± ${Math.round(ra.history[0].rating.rd)}`);
  const got = ada.getByRole("region", { name: "Feedback received" });
  await expect(got.locator('[data-score="overall"] .tile-value')).toHaveText("3.5");           // (3 + 4 + 5 + 2) / 4
  for (const [k, v] of [["communication", "3.0"], ["problem_solving", "4.0"], ["code_quality", "5.0"], ["collaboration", "2.0"]])
    await expect(got.locator(`[data-score="${k}"] .tile-value`)).toHaveText(v);
  await expect(got.locator("svg.chart.line circle")).toHaveCount(1);
  await expect(got.locator("blockquote")).toHaveText("Careful code; talk more while typing");

  // The leaderboard: both, by rating, with their figures.
  await ada.getByRole("link", { name: "Leaderboard" }).first().click();
  await expect(ada).toHaveURL(/\/leaderboard$/);
  const table = ada.getByRole("table", { name: "Players by rating" });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  const byRating = [[adaName, ra], [bobName, rb]].sort((x: any, y: any) => y[1].overall.rating - x[1].overall.rating || 0);
  for (const [i, [name, r]] of byRating.entries()) {
    const row = rows.nth(i);
    await expect(row.locator("td").nth(0)).toHaveText(String(i + 1));
    await expect(row.locator("td").nth(1)).toContainText(`@${name}`);
    await expect(row.locator("td").nth(2)).toHaveText(name === adaName ? "Ada Academy" : "Bob College");
    await expect(row.locator("td").nth(3)).toHaveText(String(Math.round((r as any).overall.rating)));
    await expect(row.locator("td").nth(5)).toHaveText("1");
  }
  await expect(ada.getByRole("status")).toHaveText("2 rated players");
  // Filters: the organisation, a language nobody played, the session's language.
  await ada.getByRole("searchbox", { name: "Organisation" }).fill("bob college");
  await ada.getByRole("button", { name: "Show" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`@${bobName}`);
  await expect(ada).toHaveURL(/org=bob\+college/);
  await ada.getByRole("searchbox", { name: "Organisation" }).fill("");
  await ada.getByLabel("Language").selectOption(language);
  await expect(ada).toHaveURL(new RegExp(`language=${language}`));
  await expect(rows).toHaveCount(2);
  const other = (await ada.getByLabel("Language").locator("option").allTextContents()).find((l) => l !== language && l !== "All languages");
  if (other) {
    await ada.getByLabel("Language").selectOption(other);
    await expect(ada.getByRole("status")).toHaveText("No rated players yet.");
    await expect(table).toBeHidden();
  }
  // The organisations: each has one rated member here, its mean is that member's rating.
  await ada.getByLabel("Language").selectOption("");
  await ada.getByRole("button", { name: "Organisations" }).click();
  const orgs = ada.getByRole("table", { name: "Organisations by mean rating" }).locator("tbody tr");
  await expect(orgs).toHaveCount(2);
  for (const [i, [name, r]] of byRating.entries()) {
    await expect(orgs.nth(i).locator("td").nth(1)).toHaveText(name === adaName ? "Ada Academy" : "Bob College");
    await expect(orgs.nth(i).locator("td").nth(2)).toHaveText(String(Math.round((r as any).overall.rating)));
    await expect(orgs.nth(i).locator("td").nth(3)).toHaveText("1");
  }
  await expect(ada).toHaveURL(/view=organisations/);
  // Anyone may read it, logged in or not; a reload keeps the view.
  await bob.context().clearCookies();
  await bob.goto("/leaderboard?view=organisations");
  await expect(bob.getByRole("table", { name: "Organisations by mean rating" }).locator("tbody tr")).toHaveCount(2);
  expect(await lowContrast(bob)).toEqual([]);
});
