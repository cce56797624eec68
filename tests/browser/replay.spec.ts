// replay.spec.ts - a session played back (docs/platform.md "Replay"): two
// people pair in their browsers (the driver types in two steps, the code is
// run on the samples, the observer chats), move through every phase to the
// end; the ended room and the home page link to the replay, whose page
// reproduces the final document at the end, marks the run on its scrubber and
// shows its output when the marker is clicked, seeks back to the moment
// between the two steps, colours each one's text, and plays.
import { test, expect, uniqueName, signUp, lowContrast } from "./fixtures";
import type { Page } from "@playwright/test";
import { editor, doc as roomDoc, judged, solution, pair } from "./roomlib";

const STEP_ONE = "# step one: read the input 😀\n";
const replayDoc = (page: Page) => page.evaluate(() => (window as any).pairboxReplay.view.state.doc.toString() as string);

test("a session's replay reproduces its document, its run and its chat", async ({ page, newUser, request }) => {
  const probe = await request.post("/api/v1/lobby", { data: {} });
  test.skip(probe.status() === 404, "this server has no waiting room yet (POST /api/v1/lobby is not routed)");
  const { driver, observer, id } = await pair(page, await newUser(), ["Ada", "Bob"]);
  const room = await (await driver.request.get(`/api/v1/rooms/${id}`)).json();

  // Step one, then the code (or more text when the bank has no Python solution), then a run.
  await editor(driver).click();
  await driver.keyboard.press("Control+Home");
  await driver.keyboard.insertText(STEP_ONE);
  await expect(editor(observer)).toContainText("# step one");
  const middle = await roomDoc(driver);
  const code = solution(room.problem.slug) ?? "print('hello from the replay')\n";
  await driver.keyboard.press("Control+A");
  await driver.keyboard.insertText(STEP_ONE + code);
  await expect(editor(observer)).toContainText(code.split("\n")[0]!);
  await judged(driver, "Run", [driver, observer]);
  const runStatus = (await observer.locator(".run-status").textContent())!.replace(/^Run by [^:]+: /, "");
  await observer.getByRole("textbox", { name: "Message" }).fill("nice <i>run</i> 👏");
  await observer.getByRole("button", { name: "Send" }).click();
  await expect(driver.getByRole("log", { name: "Chat messages" })).toContainText("nice <i>run</i> 👏");
  const final = await roomDoc(driver);
  expect(await roomDoc(observer)).toBe(final);

  // Through every phase to the end; the ended room links to its replay.
  for (const phase of ["pseudocode", "code", "review", null]) {
    await driver.getByRole("button", { name: "Next phase" }).click();
    await observer.getByRole("button", { name: "Agree: next phase" }).click();
    if (phase) for (const p of [driver, observer]) await expect(p.locator(".ring-phase")).toHaveText(phase);
  }
  await expect(driver.getByText("The session has ended: the code is read-only.")).toBeVisible();
  await driver.getByRole("link", { name: "watch the replay" }).click();
  await expect(driver).toHaveURL(new RegExp(`/rooms/${id}/replay$`));
  await expect(driver.getByRole("heading", { level: 1 })).toHaveText(`Replay: ${room.problem.title}`);
  await expect(driver.getByRole("list", { name: "Participants and their colours" })).toContainText("Ada");
  await expect(driver.getByRole("list", { name: "Participants and their colours" })).toContainText("Bob");
  await expect(driver.getByText(/^Pauses longer than 5 s play as 1 s/)).toBeVisible();

  // At the end: the final document exactly, the chat, the run's marker; each one's text coloured.
  await driver.getByRole("button", { name: "End", exact: true }).click();
  expect(await replayDoc(driver)).toBe(final);
  await expect(driver.getByRole("list", { name: "Chat up to here" })).toContainText("nice <i>run</i> 👏");
  expect(await driver.getByRole("list", { name: "Chat up to here" }).locator("i").count()).toBe(0);
  await expect(driver.locator(".cm-author").first()).toBeVisible();
  await expect(driver.locator(".cm-remote-name").filter({ hasText: driver === page ? "Ada" : "Bob" })).toBeVisible();   // named cursors
  await expect(driver.locator(".replay-markers .marker.run")).toHaveCount(1);
  await expect(driver.locator(".replay-markers .marker.phase")).toHaveCount(5);     // four phases and the end
  await expect(driver.locator(".replay-markers .marker.chat")).toHaveCount(1);

  // Back to the start: nothing run yet; the run's marker brings its output back.
  await driver.getByRole("button", { name: "Start", exact: true }).click();
  await expect(driver.getByText("Nothing has been run yet.")).toBeVisible();
  await driver.locator(".replay-markers .marker.run").click();
  await expect(driver.locator(".replay-side .run-status")).toContainText("Run by");
  await expect(driver.locator(".replay-side .result")).toContainText(runStatus);
  if (room.problem.samples?.length > 1) {
    await expect(driver.locator(".replay-side").getByRole("table", { name: "Samples" }).locator("tbody tr")).toHaveCount(room.problem.samples.length);
  }
  expect(await replayDoc(driver)).toBe(final);          // the run judged the final code

  // Seek with the scrubber to just after step one: the document then.
  const p = await driver.evaluate((step: string) => {
    const r = (window as any).pairboxReplay.replay;
    const k = r.updates.findIndex((_u: unknown, i: number) => r.frame(r.start.version + i + 1).doc.toString().includes(step.trim()));
    return Math.ceil(r.timeline.toPlay(r.updates[k].t));
  }, STEP_ONE);
  await driver.getByRole("slider", { name: "Position in the session" }).fill(String(p));
  await expect.poll(() => replayDoc(driver)).toBe(middle);
  await expect(driver.getByText("Nothing has been run yet.")).toBeVisible();

  // Play from there: the playhead moves on; paused, it stays. At 16x it plays to the end: the final document.
  await driver.getByRole("button", { name: "Play" }).click();
  await expect(driver.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect.poll(() => driver.evaluate(() => (window as any).pairboxReplay.position as number)).toBeGreaterThan(p + 100);
  await driver.getByRole("button", { name: "Pause" }).click();
  const paused = await driver.evaluate(() => (window as any).pairboxReplay.position as number);
  await driver.waitForTimeout(300);
  expect(await driver.evaluate(() => (window as any).pairboxReplay.position as number)).toBe(paused);
  await driver.getByLabel("Speed").selectOption("16");
  await driver.getByRole("button", { name: "Play" }).click();
  await expect.poll(() => driver.evaluate(() => {
    const r = (window as any).pairboxReplay;
    return r.position >= r.replay.timeline.duration;
  }), { timeout: 60_000 }).toBe(true);
  await expect(driver.getByRole("button", { name: "Play" })).toBeVisible();
  expect(await replayDoc(driver)).toBe(final);
  expect(await lowContrast(driver)).toEqual([]);

  // The home page lists the room with its replay; the observer reads it too; a stranger cannot.
  await observer.goto("/");
  await observer.locator("ul.rooms li").filter({ hasText: room.problem.title }).first().getByRole("link", { name: "Replay" }).click();
  await expect(observer.getByRole("heading", { level: 1 })).toHaveText(`Replay: ${room.problem.title}`);
  await observer.getByRole("button", { name: "End", exact: true }).click();
  expect(await replayDoc(observer)).toBe(final);
  const eve = await newUser();
  await signUp(eve, uniqueName("eve"), "Eve");
  await eve.goto(`/rooms/${id}/replay`);
  await expect(eve.getByRole("heading", { level: 1 })).toHaveText("Replay not found");
});
