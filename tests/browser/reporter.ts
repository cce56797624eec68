// reporter.ts - the closing line CI reads: "N passed, N failed" (Playwright's
// own list reporter ends with "2 passed (5.6s)"). Skipped tests are named on
// a line of their own before it; when every test skipped, the file
// skipped-only in PAIRBOX_BROWSER_OUT tells run.sh to report a skip to ctest.
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import fs from "node:fs";
import path from "node:path";

export default class CountReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === "skipped") {
      this.skipped.push(test.title);
      return;
    }
    // Only the final attempt counts (there are no retries, but be exact).
    if (result.retry < test.retries && result.status !== "passed") return;
    if (test.outcome() === "expected" || test.outcome() === "flaky") this.passed++;
    else this.failed++;
  }

  onEnd(result: FullResult): void {
    // A run that broke before any test (a config error, a crash) must not read as a pass.
    if (result.status !== "passed" && this.failed === 0) this.failed = 1;
  }

  onExit(): void {
    if (this.skipped.length) console.log(`skipped: ${this.skipped.join("; ")}`);
    console.log(`${this.passed} passed, ${this.failed} failed`);
    const out = process.env.PAIRBOX_BROWSER_OUT;
    if (out && this.skipped.length && !this.passed && !this.failed) fs.writeFileSync(path.join(out, "skipped-only"), this.skipped.join("\n") + "\n");
  }

  printsToStdio(): boolean {
    return false;
  }
}
