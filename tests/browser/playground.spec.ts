// playground.spec.ts - the playground (/playground, embedded in the server):
// a program run through the judge from the page, its output shown.
import { test, expect } from "./fixtures";

test("the playground runs a program through the judge", async ({ page }) => {
  await page.goto("/playground");
  await expect(page).toHaveTitle(/Playground/);
  const language = page.getByLabel("Language");
  await expect(language.locator("option", { hasText: /^Python/ }).first()).toBeAttached();
  const python = await language.locator("option", { hasText: /^Python/ }).first().getAttribute("value");
  await language.selectOption(python!);
  await page.getByLabel("Source code").fill("import sys\nname = sys.stdin.readline().strip()\nprint(f'Hello, {name}!')\nprint(sum(range(10)))\n");
  await page.getByLabel("Standard input").fill("browser");
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(page.getByRole("status")).toHaveText("Accepted", { timeout: 60_000 });
  await expect(page.getByLabel("Standard output")).toHaveText("Hello, browser!\n45\n");

  // A compile error comes back as one.
  const c = await language.locator("option", { hasText: /^C \(GCC/ }).first().getAttribute("value");
  await language.selectOption(c!);
  await page.getByLabel("Source code").fill("int main( { return 0; }\n");
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(page.getByRole("status")).toHaveText("Compilation Error", { timeout: 60_000 });
  await expect(page.getByLabel("Compiler output")).toContainText("error");

  // The app's header links here, and the playground links back.
  await page.getByRole("link", { name: "pairbox" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Playground" }).click();
  await expect(page).toHaveURL(/\/playground$/);
});
