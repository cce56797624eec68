// call.spec.ts - the rooms' audio call between two browsers (docs/realtime.md
// "The audio call"): two users matched into a room get a peer-to-peer call by
// themselves, with Chromium's fake microphone (its beeps) on each side and the
// server only signalling; each side receives audio, measured with getStats()
// on the inbound RTP stream: packets, and totalAudioEnergy rising by more than
// 0.01 (silence adds about 1e-10 per 100 ms, one beep 0.03 to 0.12:
// ../../../shared/browser-testing.md). Then: who is speaking lights up; mute
// stops the energy on the other side and unmute starts it again; a dropped
// WebSocket leaves the call up; a reload renegotiates (a new connection with
// the new page) and audio flows again both ways; leaving and joining again;
// a second tab of one user's takes the call over; and a page without a
// microphone still hears the other.
import { test, expect, uniqueName, signUp } from "./fixtures";
import type { Page } from "@playwright/test";

const HEARD = 0.01;          // energy a few beeps add (silence: ~1e-10 per 100 ms)
const SILENT = 0.005;        // at most this over 3 s while the other side is muted

/** Both sign up and are matched into one room (through the API), then open it. */
async function pairUp(a: Page, b: Page, baseURL: string): Promise<string> {
  await signUp(a, uniqueName("ada"), "Ada");
  await signUp(b, uniqueName("bob"), "Bob");
  const headers = { Origin: baseURL };
  const body = { language: "python3", difficulty: "easy" };
  expect((await a.request.post("/api/v1/lobby", { data: body, headers })).status()).toBe(200);
  const second = await (await b.request.post("/api/v1/lobby", { data: body, headers })).json();
  expect(second.state, "the second is matched at once").toBe("matched");
  const first = await (await a.request.get("/api/v1/lobby?wait=5")).json();
  expect(first.room).toBe(second.room);
  for (const p of [a, b]) await p.goto(`/rooms/${second.room}`);
  return String(second.room);
}

function panel(page: Page) {
  return page.locator("section.call");
}

async function connected(...pages: Page[]): Promise<void> {
  for (const p of pages) await expect(panel(p)).toHaveAttribute("data-state", "connected", { timeout: 30_000 });
}

/** The page's inbound audio: packets received and total audio energy, or null without a connection. */
function inbound(page: Page): Promise<{ packets: number; energy: number } | null> {
  return page.evaluate(async () => {
    const pc = (window as any).pairboxRoom?.call?.pc as RTCPeerConnection | null;
    if (!pc) return null;
    let packets = 0, energy = 0, found = false;
    (await pc.getStats()).forEach((r: any) => {
      if (r.type === "inbound-rtp" && r.kind === "audio") {
        found = true;
        packets += r.packetsReceived ?? 0;
        energy += r.totalAudioEnergy ?? 0;
      }
    });
    return found ? { packets, energy } : null;
  });
}

/** The page hears the other side: packets arrive and the energy rises by more than HEARD. */
async function hears(page: Page, who: string): Promise<number> {
  const t0 = Date.now();
  let base: number | null = null, rise = 0;
  await expect.poll(async () => {
    const s = await inbound(page);
    if (!s || !s.packets) return 0;
    base ??= s.energy;
    rise = s.energy - base;
    return rise;
  }, { message: `${who} receives audio`, timeout: 20_000, intervals: [200] }).toBeGreaterThan(HEARD);
  console.log(`${who}: energy +${rise.toFixed(3)} within ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return rise;
}

/** The energy page receives over ms. */
async function energyOver(page: Page, ms: number): Promise<number> {
  const a = await inbound(page);
  await page.waitForTimeout(ms);
  const b = await inbound(page);
  return a && b ? b.energy - a.energy : 0;
}

test("two participants talk: audio both ways, speaking, mute, a dropped socket, a reload, leave and join, a second tab", async ({ page, newUser, baseURL }) => {
  const ada = page, bob = await newUser();
  // The call's own warnings (a failed negotiation step) end up in the test's output.
  for (const [name, p] of [["Ada", ada], ["Bob", bob]] as const) {
    p.on("console", (m) => { if (m.type() === "warning") console.log(`${name}'s page: ${m.text()}`); });
  }
  await pairUp(ada, bob, baseURL!);
  const t0 = Date.now();
  await connected(ada, bob);
  console.log(`call connected ${((Date.now() - t0) / 1000).toFixed(1)} s after both pages opened the room`);
  for (const p of [ada, bob]) {
    await expect(p.getByRole("status").filter({ hasText: /^Call connected$/ })).toBeVisible();
    await expect(p.getByRole("button", { name: "Play call audio" })).toBeHidden();
  }
  // Exactly one side is polite, as the server said.
  const polite = await Promise.all([ada, bob].map((p) => p.evaluate(() => (window as any).pairboxRoom.call.polite)));
  expect(polite.filter(Boolean)).toHaveLength(1);
  await hears(ada, "Ada");
  await hears(bob, "Bob");

  // Who is speaking: the other's beeps light their row up, and the own row too.
  const bobsRowOfAda = bob.locator(".call-person").nth(1);
  await expect(bobsRowOfAda.locator(".call-name")).toHaveText("Ada");
  await expect(bobsRowOfAda).toHaveAttribute("data-speaking", "true", { timeout: 15_000 });
  await expect(bob.locator(".call-person").nth(0)).toHaveAttribute("data-speaking", "true", { timeout: 15_000 });

  // Mute: Bob hears nothing more from Ada, and sees her muted; unmute: he hears her again.
  await ada.getByRole("button", { name: "Mute" }).click();
  await expect(ada.getByRole("button", { name: "Unmute" })).toHaveAttribute("aria-pressed", "true");
  await expect(bobsRowOfAda.locator(".call-flag")).toHaveText("muted");
  await bob.waitForTimeout(1000);                      // what was on its way plays out
  const muted = await energyOver(bob, 3000);
  console.log(`muted: energy +${muted.toExponential(2)} in 3 s`);
  expect(muted, "nothing heard from a muted side").toBeLessThan(SILENT);
  await ada.getByRole("button", { name: "Unmute" }).click();
  await expect(bobsRowOfAda.locator(".call-flag")).not.toHaveText("muted");
  await hears(bob, "Bob after the unmute");

  // A dropped WebSocket: the channel comes back, the call never went away.
  const before = await ada.evaluateHandle(() => (window as any).pairboxRoom.call.pc);
  await ada.evaluate(() => (window as any).pairboxRoom.channel.drop());
  await expect(ada.getByRole("status").filter({ hasText: /^Connected$/ })).toBeVisible();
  await connected(ada, bob);
  expect(await ada.evaluate((pc) => (window as any).pairboxRoom.call.pc === pc, before)).toBe(true);
  await hears(bob, "Bob after Ada's socket dropped");

  // A reload: the new page and the other side set up a new connection by themselves.
  const t1 = Date.now();
  await bob.reload();
  await connected(bob, ada);
  console.log(`reconnected ${((Date.now() - t1) / 1000).toFixed(1)} s after the reload`);
  await hears(bob, "Bob after his reload");
  await hears(ada, "Ada after Bob's reload");

  // Leave and join again.
  await ada.getByRole("button", { name: "Leave call" }).click();
  await expect(ada.getByRole("status").filter({ hasText: "You left the call" })).toBeVisible();
  await expect(bob.getByRole("status").filter({ hasText: "Ada left the call" })).toBeVisible();
  expect(await inbound(bob)).toBeNull();
  await ada.getByRole("button", { name: "Join call" }).click();
  await connected(ada, bob);
  await hears(bob, "Bob after Ada joined again");
  await hears(ada, "Ada after joining again");

  // Bob opens the room in a second tab: the call moves there, the first tab says so and lets go.
  const bob2 = await bob.context().newPage();
  await bob2.goto(bob.url());
  await connected(bob2, ada);
  await expect(bob.getByRole("status").filter({ hasText: "The call went on in another tab of yours" })).toBeVisible();
  expect(await inbound(bob)).toBeNull();
  await hears(bob2, "Bob's second tab");
  await hears(ada, "Ada with Bob's second tab");
});

test("without a microphone a participant still hears the other", async ({ page, newUser, baseURL }) => {
  const ada = page, bob = await newUser();
  // Bob's browser refuses the microphone, as a user who says no would.
  await bob.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("refused", "NotAllowedError"));
  });
  await pairUp(ada, bob, baseURL!);
  await connected(ada, bob);
  await expect(bob.getByText("The microphone is blocked for this site: you can listen, not talk.")).toBeVisible();
  await expect(bob.getByRole("button", { name: "Mute" })).toBeDisabled();
  await expect(bob.locator(".call-person").nth(0).locator(".call-flag")).toHaveText("no microphone");
  await hears(bob, "Bob without a microphone");
  // Ada's connection carries no audio from Bob: nothing arrives (or only silence).
  const s = await inbound(ada);
  expect(s === null || s.energy < SILENT, `Ada hears nothing from Bob: ${JSON.stringify(s)}`).toBe(true);
});
