// problems.spec.ts - the problem browser (GET /api/v1/problems with q=) and a
// problem's page, on the real bank: listing, full-text search from the search
// box, the difficulty filter, the address keeping the search across a reload,
// and solving a problem alone: Run on the samples and Submit through the judge.
import { test, expect } from "./fixtures";

test("the problem browser lists the bank and searches it", async ({ page, request }) => {
  const all = await (await request.get("/api/v1/problems?per_page=1")).json();
  const total: number = all.meta.total_count;
  expect(total).toBeGreaterThan(20);

  await page.goto("/problems");
  await expect(page.getByRole("heading", { level: 1, name: "Problems" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^${total} problems, page 1 of ${Math.ceil(total / 20)}$`));
  await expect(page.getByRole("list", { name: "Problems" }).getByRole("listitem")).toHaveCount(20);

  // Full text: the bank's own answer for the same words is what the page shows.
  const search = page.getByRole("searchbox", { name: "Search problems" });
  await search.fill("badge printer");
  const want = await (await request.get("/api/v1/problems?q=" + encodeURIComponent("badge printer"))).json();
  expect(want.problems.length).toBeGreaterThan(0);
  await expect(page.getByRole("status")).toHaveText(want.meta.total_count === 1 ? "1 problem" : `${want.meta.total_count} problems`);
  await expect(page.getByRole("link", { name: "Badge Print Order" })).toBeVisible();
  await expect(page).toHaveURL(/\/problems\?q=badge\+printer$/);

  // The address keeps the search: a reload (the server answers the app for /problems) shows the same.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search problems" })).toHaveValue("badge printer");
  await expect(page.getByRole("link", { name: "Badge Print Order" })).toBeVisible();

  await search.fill("zzzqqqxxy");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText("No problem matches.");
  await expect(page.getByRole("list", { name: "Problems" }).getByRole("listitem")).toHaveCount(0);

  // The difficulty filter: every row is a hard one, as many as the API says.
  await search.fill("");
  await page.getByLabel("Difficulty").selectOption("hard");
  const hard = await (await request.get("/api/v1/problems?difficulty=hard&per_page=100")).json();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^${hard.meta.total_count} problems?`));
  const badges = page.locator("li.problem .badge");
  await expect(badges).toHaveCount(Math.min(20, hard.meta.total_count));
  for (const text of await badges.allTextContents()) expect(text).toBe("hard");

  // Paging.
  await page.getByLabel("Difficulty").selectOption("");
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^${total} problems, page 1 of`));
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^${total} problems, page 2 of`));
  await expect(page).toHaveURL(/page=2/);
});

test("a problem's page shows the statement and solves it through the judge", async ({ page }) => {
  await page.goto("/problems?q=badge");
  await page.getByRole("link", { name: "Badge Print Order" }).click();
  await expect(page).toHaveURL(/\/problems\/badge-print-order$/);
  await expect(page.getByRole("heading", { level: 1, name: "Badge Print Order" })).toBeVisible();
  await expect(page.getByText("The badge printer at a developer conference")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Samples" })).toBeVisible();

  await page.getByLabel("Language").selectOption("python3");
  const editor = page.getByRole("textbox", { name: "Code editor" });
  await expect(editor).toContainText("def badge_order");          // the harness's starter code
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("def badge_order(names):\n    return sorted(names, key=lambda s: (len(s), s.lower(), s))\n");

  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator(".verdict")).toContainText(/Accepted \((\d+) of \1 tests passed\)/, { timeout: 60_000 });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Submission:" })).toHaveText("Submission: Accepted", { timeout: 120_000 });
  await expect(page.locator(".verdict")).toContainText(/Accepted \((\d+) of \1 tests passed\)/);

  // A wrong answer is shown as one, test by test.
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("def badge_order(names):\n    return sorted(names)\n");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator(".verdict")).toContainText("Wrong Answer", { timeout: 60_000 });
  await expect(page.locator("table.tests tr.bad").first()).toBeVisible();

  await page.goto("/problems/no-such-problem");
  await expect(page.getByRole("heading", { level: 1, name: "Problem not found" })).toBeVisible();
});
