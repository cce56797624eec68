// room.spec.ts - two people pair in their browsers, end to end, against the
// real server (docs/platform.md, docs/realtime.md): both sign up, join the
// waiting room and are matched into one room; the problem pane and the session
// guide; the driver's typing and cursor reach the observer, whose editor is
// read-only; chat as text; Run and Submit judged by the server and shown to
// both; a role swap both agree to; the next phase both ask for; and a driver
// whose connection drops keeps typing and, reconnected, loses nothing.
// Skipped (saying so) on a server without the waiting room.
import { test, expect, uniqueName, signUp, lowContrast } from "./fixtures";
import type { Page } from "@playwright/test";
import { join, editor, doc, replaceAll, judged, solution, pair } from "./roomlib";

test("two users are matched and solve a problem together", async ({ page, newUser, request }) => {
  const probe = await request.post("/api/v1/lobby", { data: {} });
  test.skip(probe.status() === 404, "this server has no waiting room yet (POST /api/v1/lobby is not routed)");

  const ada = page, bob = await newUser();
  await signUp(ada, uniqueName("ada"), "Ada");
  await signUp(bob, uniqueName("bob"), "Bob");
  await join(ada);
  await expect(ada.getByRole("heading", { level: 1, name: "Waiting room" })).toBeVisible();
  await expect(ada.getByText(/^Time waited:/)).toBeVisible();
  await join(bob);
  await expect(ada).toHaveURL(/\/rooms\/[^/]+$/, { timeout: 60_000 });
  await expect(bob).toHaveURL(/\/rooms\/[^/]+$/, { timeout: 60_000 });
  const id = ada.url().split("/").pop()!;
  expect(bob.url().split("/").pop()).toBe(id);

  for (const p of [ada, bob]) await expect(p.getByRole("status").filter({ hasText: /^Connected$/ })).toBeVisible();
  const room = await (await ada.request.get(`/api/v1/rooms/${id}`)).json();
  for (const p of [ada, bob]) {
    await expect(p.getByRole("heading", { level: 1 })).toHaveText(room.problem.title);
    await expect(p.getByRole("tab", { name: "Statement", selected: true })).toBeVisible();
    await p.getByRole("tab", { name: "Session guide" }).click();
    const steps = p.getByRole("tabpanel").getByRole("listitem");
    await expect(steps).toHaveCount(4);
    await expect(steps.nth(0)).toContainText("Intro");
    await expect(steps.nth(0)).toHaveAttribute("aria-current", "step");
    await p.getByRole("tab", { name: "Statement" }).click();
  }

  // Readable, and laid out, at 1280x800 and on tablets (the other user is on 768x1024 for a while).
  await bob.setViewportSize({ width: 768, height: 1024 });
  for (const p of [ada, bob]) {
    expect(await lowContrast(p)).toEqual([]);
    expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }
  await bob.setViewportSize({ width: 1280, height: 800 });

  // Who drives: exactly one of them.
  await expect(ada.locator(".badge.role")).toHaveText(/You are (driving|observing)/);
  const adaDrives = (await ada.locator(".badge.role").textContent()) === "You are driving";
  const [driver, observer] = adaDrives ? [ada, bob] : [bob, ada];
  const driverName = adaDrives ? "Ada" : "Bob";
  await expect(driver.locator(".badge.role")).toHaveText("You are driving");
  await expect(observer.locator(".badge.role")).toHaveText("You are observing");
  await expect(observer.locator(".cm-content")).toHaveAttribute("contenteditable", "false");

  // The driver types (real keys); the observer sees the text and the driver's named cursor.
  await editor(driver).click();
  await driver.keyboard.press("Control+End");
  await driver.keyboard.type("\n# plan: sort by key 😀");
  await expect(editor(observer)).toContainText("# plan: sort by key 😀");
  await expect(observer.locator(".cm-remote-name")).toHaveText(driverName);
  expect(await doc(observer)).toBe(await doc(driver));

  // Chat is text, both ways.
  await observer.getByRole("textbox", { name: "Message" }).fill("hi <b>there</b> 👋");
  await observer.getByRole("button", { name: "Send" }).click();
  const line = driver.getByRole("log", { name: "Chat messages" }).getByText("hi <b>there</b> 👋");
  await expect(line).toBeVisible();
  expect(await driver.getByRole("log", { name: "Chat messages" }).locator("b").count()).toBe(0);

  // Run on custom input and Submit: judged by the server, shown to both.
  const code = solution(room.problem.slug);
  if (code) {
    await replaceAll(driver, code);
    await expect(editor(observer)).toContainText(code.split("\n")[0]!);
  }
  // No custom input: the samples, each with its output and the expected answer.
  await judged(driver, "Run", [driver, observer]);
  for (const p of [driver, observer]) {
    await expect(p.locator(".run-status")).toHaveText(/^Run by (You|Ada|Bob): /);
    if (room.problem.samples?.length > 1) await expect(p.getByRole("table", { name: "Samples" }).locator("tbody tr")).toHaveCount(room.problem.samples.length);
    if (code) await expect(p.locator(".run-status")).toHaveText(/: Accepted$/);
  }
  // Custom input: its output.
  await driver.getByRole("textbox", { name: "Custom input" }).fill(room.problem.samples?.[0]?.input ?? "");
  await judged(driver, "Run", [driver, observer]);
  for (const p of [driver, observer]) {
    await expect(p.locator(".run-status")).toHaveText(/^Run by (You|Ada|Bob): /);
    if (code) await expect(p.getByText("Standard output")).toBeVisible();
  }
  // Submit, from the observer: every test's verdict, to both.
  await judged(observer, "Submit", [driver, observer]);
  for (const p of [driver, observer]) {
    await expect(p.locator(".run-status")).toHaveText(/^Submission by (You|Ada|Bob): /);
    await expect(p.locator("table.tests tbody tr").first()).toBeVisible();
    if (code) await expect(p.locator(".verdict")).toContainText("Accepted");
  }

  // A swap both agree to.
  await driver.getByRole("button", { name: "Request role swap" }).click();
  await expect(observer.getByRole("button", { name: "Agree to swap roles" })).toBeVisible();
  await observer.getByRole("button", { name: "Agree to swap roles" }).click();
  await expect(observer.locator(".badge.role")).toHaveText("You are driving");
  await expect(driver.locator(".badge.role")).toHaveText("You are observing");
  await expect(observer.locator(".cm-content")).toHaveAttribute("contenteditable", "true");

  // The next phase, when both ask.
  await ada.getByRole("button", { name: "Next phase" }).click();
  await expect(bob.getByRole("button", { name: "Agree: next phase" })).toBeVisible();
  await bob.getByRole("button", { name: "Agree: next phase" }).click();
  for (const p of [ada, bob]) await expect(p.locator(".ring-phase")).toHaveText("pseudocode");

  // The new driver's connection drops; what they type meanwhile is pushed once they are back.
  const nowDriver = observer, nowObserver = driver;
  await nowDriver.context().setOffline(true);
  await nowDriver.evaluate(() => (window as any).pairboxRoom.channel.drop());
  await expect(nowDriver.locator(".conn")).toHaveText(/^Reconnecting/);
  await editor(nowDriver).click();
  await nowDriver.keyboard.press("Control+End");
  await nowDriver.keyboard.type("\n# typed while offline");
  await nowDriver.context().setOffline(false);
  await expect(nowDriver.locator(".conn")).toHaveText("Connected", { timeout: 30_000 });
  await expect(editor(nowObserver)).toContainText("# typed while offline");
  await expect.poll(() => doc(nowObserver)).toBe(await doc(nowDriver));
});

test("the driver's settings, presence, hints and the editorial, and the end of the room", async ({ page, newUser, request }) => {
  const probe = await request.post("/api/v1/lobby", { data: {} });
  test.skip(probe.status() === 404, "this server has no waiting room yet (POST /api/v1/lobby is not routed)");
  const { driver, observer, id } = await pair(page, await newUser());

  // Only the driver may change the settings.
  await expect(observer.getByLabel("Who can edit")).toBeDisabled();
  await expect(observer.getByLabel("Language")).toBeDisabled();
  await driver.getByLabel("Who can edit").selectOption("both");
  await expect(observer.locator(".cm-content")).toHaveAttribute("contenteditable", "true");
  await expect(observer.getByLabel("Who can edit")).toHaveValue("both");
  await editor(observer).click();
  await observer.keyboard.press("Control+End");
  await observer.keyboard.type("\n# the observer types too");
  await expect(editor(driver)).toContainText("# the observer types too");
  await driver.getByLabel("Who can edit").selectOption("driver");
  await expect(observer.locator(".cm-content")).toHaveAttribute("contenteditable", "false");

  // A language switch: the document is not untouched starter code, so it stays; the mode follows.
  const before = await doc(driver);
  const other = (await driver.getByLabel("Language").locator("option").allTextContents()).find((l) => l !== "python3");
  if (other) {
    await driver.getByLabel("Language").selectOption(other);
    await expect(observer.getByLabel("Language")).toHaveValue(other);
    expect(await doc(observer)).toBe(before);
  }

  // The observer has the hints from the start (when the problem has any); the driver does not.
  const room = await (await observer.request.get(`/api/v1/rooms/${id}`)).json();
  if (room.problem.hints?.length) {
    await expect(observer.getByRole("tab", { name: "Hints" })).toBeVisible();
    await expect(driver.getByRole("tab", { name: "Hints" })).toHaveCount(0);
  }

  // Presence: the observer leaves and comes back.
  await observer.goto("/");
  await expect(driver.locator(".people li.offline")).toHaveCount(1);
  await expect(driver.getByRole("log", { name: "Chat messages" })).toContainText("left.");
  await observer.goBack();
  await expect(driver.locator(".people li.offline")).toHaveCount(0);
  expect(await doc(observer)).toBe(await doc(driver));

  // Both move on through every phase: review opens the editorial to both; after it the room ends.
  for (const phase of ["pseudocode", "code", "review"]) {
    await driver.getByRole("button", { name: "Next phase" }).click();
    await observer.getByRole("button", { name: "Agree: next phase" }).click();
    for (const p of [driver, observer]) await expect(p.locator(".ring-phase")).toHaveText(phase);
  }
  for (const p of [driver, observer]) await expect(p.getByRole("tab", { name: "Editorial" })).toBeVisible();
  await driver.getByRole("button", { name: "Next phase" }).click();
  await observer.getByRole("button", { name: "Agree: next phase" }).click();
  for (const p of [driver, observer]) {
    await expect(p.locator(".ring-time")).toHaveText("done");
    await expect(p.locator(".cm-content")).toHaveAttribute("contenteditable", "false");
    await expect(p.getByText("The session has ended: the code is read-only.")).toBeVisible();
    await expect(p.getByRole("button", { name: "Run" })).toBeDisabled();
  }
  // The home page lists it as ended.
  await driver.goto("/");
  await expect(driver.getByRole("link", { name: room.problem.title })).toBeVisible();
  await expect(driver.locator("ul.rooms li").first()).toContainText("ended");
});

test("the waiting room counts the time waited and can be left", async ({ page, request }) => {
  const probe = await request.post("/api/v1/lobby", { data: {} });
  test.skip(probe.status() === 404, "this server has no waiting room yet (POST /api/v1/lobby is not routed)");
  await signUp(page, uniqueName("cy"), "Cy");
  await page.goto("/");
  await page.getByLabel("Language").selectOption("java");
  await page.getByLabel("Difficulty").selectOption("hard");
  await page.getByRole("checkbox", { name: "graphs", exact: true }).check();
  await page.getByRole("button", { name: "Join waiting room" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Waiting room" })).toBeVisible();
  await expect(page.getByText("java · hard · graphs")).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Looking for a partner…");
  // The clock runs (the server's waited_s, counted on between polls).
  await expect(page.getByText(/^Time waited: 0:0[2-9]/)).toBeVisible({ timeout: 15_000 });
  const lobby = await (await page.request.get("/api/v1/lobby")).json();
  expect(lobby.state).toBe("waiting");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Hello, / })).toBeVisible();
  expect((await (await page.request.get("/api/v1/lobby")).json()).state).toBe("idle");
  // Opening the waiting room without an entry says so.
  await page.goto("/lobby");
  await expect(page.getByRole("status")).toHaveText("You are not in the waiting room. Join it from the home page.");
});
