// playwright.config.ts - the browser tests (tests/browser/run.sh runs them
// inside a network namespace with only lo): Debian's Chromium, never a
// download; one worker (the machine has two cores); screenshots and traces
// of failures under the build directory; the closing "N passed, N failed"
// line from reporter.ts; the launch flags WebRTC needs without a microphone
// or a network (a fake audio device, no prompt, candidates on loopback).
import { defineConfig } from "@playwright/test";
import path from "node:path";

const out = process.env.PAIRBOX_BROWSER_OUT || path.join(__dirname, "..", "..", "build", "tests", "browser");

export default defineConfig({
  testDir: __dirname,
  testMatch: /.*\.spec\.ts$/,
  outputDir: path.join(out, "results"),
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"], [path.join(__dirname, "reporter.ts")]],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PAIRBOX_CHROMIUM || "/usr/bin/chromium",
      args: ["--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic",
        // The rooms' audio call (call.spec.ts; every spec gets them): a fake microphone that beeps,
        // no permission prompt, and ICE candidates on lo (run.sh's namespace has nothing else).
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection"],
    },
  },
});
