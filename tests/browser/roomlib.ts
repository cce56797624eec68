// roomlib.ts - what the specs that pair two people in a room share (room,
// replay): joining the waiting room, the room's editor and its document,
// replacing the code, waiting for a run's result, a bank problem's solution,
// two new users matched into a room.
import { expect, signUp, uniqueName } from "./fixtures";
import type { Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

const PROBLEMS = path.join(__dirname, "..", "..", "problems");

export async function join(page: Page): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Language").selectOption("python3");
  await page.getByLabel("Difficulty").selectOption("easy");
  await page.getByRole("button", { name: "Join waiting room" }).click();
  // The second to join may be matched at once, the waiting room only a glimpse.
  await expect(page).toHaveURL(/\/(lobby|rooms\/[^/]+)$/);
}

export function editor(page: Page) {
  return page.getByRole("textbox", { name: "Code editor" });
}

/** The editor's document (its text content also holds the other users' name labels). */
export function doc(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).pairboxRoom.view.state.doc.toString());
}

/** Replace the whole document through the editor, as a paste would. */
export async function replaceAll(page: Page, text: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

/** Click a button of the output pane and wait for the next result on both pages. */
export async function judged(by: Page, button: string, both: Page[]): Promise<void> {
  const counts = await Promise.all(both.map((p) => p.locator("section.output").getAttribute("data-results")));
  await by.getByRole("button", { name: button }).click();
  for (const [i, p] of both.entries()) {
    await expect(p.locator("section.output")).toHaveAttribute("data-results", String(Number(counts[i] || 0) + 1), { timeout: 180_000 });
  }
}

/** An accepted Python solution of a bank problem, when the bank has one. */
export function solution(slug: string): string | null {
  const dir = path.join(PROBLEMS, slug, "submissions", "accepted");
  if (!fs.existsSync(dir)) return null;
  const py = fs.readdirSync(dir).find((f) => f.endsWith(".py"));
  return py ? fs.readFileSync(path.join(dir, py), "utf8") : null;
}

/** Two new users matched into a room; [driver, observer] and the room's id. */
export async function pair(a: Page, b: Page, names = ["Eve", "Fay"]): Promise<{ driver: Page; observer: Page; id: string }> {
  await signUp(a, uniqueName(names[0]!.toLowerCase()), names[0]);
  await signUp(b, uniqueName(names[1]!.toLowerCase()), names[1]);
  await join(a);
  await join(b);
  await expect(a).toHaveURL(/\/rooms\/[^/]+$/, { timeout: 60_000 });
  await expect(b).toHaveURL(/\/rooms\/[^/]+$/, { timeout: 60_000 });
  for (const p of [a, b]) await expect(p.locator(".badge.role")).toHaveText(/You are (driving|observing)/);
  const aDrives = (await a.locator(".badge.role").textContent()) === "You are driving";
  return { driver: aDrives ? a : b, observer: aDrives ? b : a, id: a.url().split("/").pop()! };
}
