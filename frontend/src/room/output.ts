// room/output.ts - the output pane: Run on custom input and Submit against
// the problem's tests, with the results both participants see (the server
// judges its own copy of the document and broadcasts progress and results).
import { h, fill, field, type Child } from "../dom";

/** A verdict in whatever form it comes: {id, description}, or text. */
export function verdict(s: any): { text: string; ok: boolean | null } {
  if (!s) return { text: "…", ok: null };
  if (typeof s === "string") return { text: s, ok: /^accepted$/i.test(s) };
  const text = String(s.description ?? s.name ?? s.verdict ?? "?");
  const id = typeof s.id === "number" ? s.id : null;
  return { text, ok: id !== null ? (id <= 2 ? null : id === 3) : /^accepted$/i.test(text) };
}

function figures(r: any): string {
  const out: string[] = [];
  if (r.time !== null && r.time !== undefined && r.time !== "") out.push(`${r.time} s`);
  if (r.memory !== null && r.memory !== undefined && r.memory !== "") out.push(`${r.memory} KB`);
  return out.join(" · ");
}

function stream(label: string, text: unknown): HTMLElement | null {
  if (typeof text !== "string" || !text) return null;
  return h("div", { class: "stream" }, h("h4", null, label), h("pre", null, text));
}

/** A run on the samples: each with its verdict, output and the expected answer. */
function sampleTable(tests: any[]): HTMLElement {
  return h("table", { class: "tests" },
    h("caption", null, "Samples"),
    h("thead", null, h("tr", null, ["Sample", "Verdict", "Output", "Expected"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, tests.map((t) => {
      const v = verdict(t.status);
      return h("tr", { class: v.ok === false ? "bad" : v.ok ? "good" : "" },
        h("td", null, String(t.name ?? "")), h("td", null, v.text),
        h("td", null, h("pre", null, String(t.stdout ?? t.stderr ?? ""))),
        h("td", null, h("pre", null, String(t.expected ?? ""))));
    })));
}

/** A run's result as the pane shows it: the verdict and figures, compiler output, then its output (one
 * test: custom input) or a row per sample with what was expected. Also the replay's. */
export function runResultView(msg: any): Child[] {
  const v = verdict(msg.status);
  const tests: any[] = Array.isArray(msg.tests) ? msg.tests : [];
  return [
    h("p", { class: v.ok === false ? "bad" : v.ok ? "good" : "" }, h("strong", null, v.text), " ", h("span", { class: "muted" }, figures(msg))),
    stream("Compiler output", msg.compile_output),
    tests.length > 1 ? sampleTable(tests) : [stream("Standard output", msg.stdout ?? tests[0]?.stdout),
      stream("Standard error", msg.stderr ?? tests[0]?.stderr)],
    typeof msg.message === "string" && msg.message ? h("p", { class: "muted" }, msg.message) : null,
    !msg.stdout && !msg.stderr && !msg.compile_output && !tests.length ? h("p", { class: "muted" }, "(no output)") : null,
  ];
}

/** A submit's result whole: the verdict, how many tests passed, and each test's verdict, time and memory. */
export function submitResultView(msg: any): Child[] {
  const v = verdict(msg.status);
  const passed = typeof msg.passed === "number" && typeof msg.total === "number" ? ` (${msg.passed} of ${msg.total} tests passed)` : "";
  const tests: any[] = Array.isArray(msg.tests) ? msg.tests : [];
  return [
    h("p", { class: `verdict ${v.ok === false ? "bad" : v.ok ? "good" : ""}` }, h("strong", null, v.text), passed),
    stream("Compiler output", msg.compile_output),
    typeof msg.message === "string" && msg.message ? h("p", { class: "muted" }, msg.message) : null,
    tests.length ? h("table", { class: "tests" },
      h("caption", null, "Tests"),
      h("thead", null, h("tr", null, ["Test", "Verdict", "Time", "Memory"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, tests.map((t) => {
        const tv = verdict(t.status);
        return h("tr", { class: tv.ok === false ? "bad" : tv.ok ? "good" : "" },
          h("td", null, String(t.name ?? "?")), h("td", null, tv.text),
          h("td", null, t.time !== undefined && t.time !== null ? `${t.time} s` : ""),
          h("td", null, t.memory !== undefined && t.memory !== null ? `${t.memory} KB` : ""));
      }))) : null,
  ];
}

export interface OutputActions {
  /** stdin null: run the samples. */
  run(stdin: string | null): boolean;
  submit(): boolean;
}

export class OutputPane {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly runButton: HTMLButtonElement;
  readonly submitButton: HTMLButtonElement;
  private readonly result: HTMLElement;
  private readonly status: HTMLElement;
  private busy = false;
  private usable = true;
  private tests: HTMLElement | null = null;

  constructor(private readonly actions: OutputActions, private readonly who: (u: unknown) => string) {
    this.input = h("textarea", { rows: 3, spellcheck: "false", class: "mono", maxlength: 65536 });
    this.runButton = h("button", { type: "button", class: "primary" }, "Run");
    this.submitButton = h("button", { type: "button" }, "Submit");
    this.status = h("p", { role: "status", "aria-live": "polite", class: "run-status" });
    this.result = h("div", { class: "result" });
    this.runButton.addEventListener("click", () => {
      const custom = this.input.value.trim() !== "";
      if (this.actions.run(custom ? this.input.value : null)) this.started(custom ? "Running on your input…" : "Running on the samples…");
    });
    this.submitButton.addEventListener("click", () => {
      if (this.actions.submit()) this.started("Submitting against the tests…");
    });
    this.el = h("section", { class: "output", "aria-label": "Output" },
      field("Custom input", this.input, "Empty: Run runs the samples. For a function, one JSON value per parameter, one per line."),
      h("div", { class: "buttons" }, this.runButton, this.submitButton),
      this.status, this.result);
  }

  /** Whether the buttons may be used (connected, room not ended). */
  setUsable(usable: boolean): void {
    this.usable = usable;
    this.sync();
  }

  private sync(): void {
    this.runButton.disabled = this.submitButton.disabled = this.busy || !this.usable;
  }

  private started(text: string): void {
    this.busy = true;
    this.sync();
    this.status.textContent = text;
    fill(this.result);
  }

  /** A result arrived: the count of results so far is on the pane (data-results), for tests. */
  private finished(): void {
    this.busy = false;
    this.sync();
    this.el.dataset.results = String(Number(this.el.dataset.results || 0) + 1);
  }

  /** Messages of the run and submit families (docs/realtime.md). */
  handle(msg: any): void {
    switch (msg.type) {
      case "run-started": {
        const who = this.who(msg.user);
        this.started(who === "You" ? "You are running the code…" : `${who} is running the code…`);
        break;
      }
      case "run-result": {
        this.finished();
        this.status.textContent = `Run by ${this.who(msg.user)}: ${verdict(msg.status).text}`;
        fill(this.result, runResultView(msg));
        break;
      }
      case "submit-started":
        this.started(`${this.who(msg.user)} submitted; judging against the tests…`);
        this.tests = h("tbody");
        fill(this.result, h("table", { class: "tests" },
          h("caption", null, "Tests"),
          h("thead", null, h("tr", null, h("th", { scope: "col" }, "Test"), h("th", { scope: "col" }, "Verdict"),
            h("th", { scope: "col" }, "Time"), h("th", { scope: "col" }, "Memory"))),
          this.tests));
        break;
      case "submit-test": {
        if (!this.tests) this.handle({ type: "submit-started", user: msg.user });
        const v = verdict(msg.status);
        this.tests!.append(h("tr", { class: v.ok === false ? "bad" : v.ok ? "good" : "" },
          h("td", null, String(msg.name ?? "?")), h("td", null, v.text),
          h("td", null, msg.time !== undefined && msg.time !== null ? `${msg.time} s` : ""),
          h("td", null, msg.memory !== undefined && msg.memory !== null ? `${msg.memory} KB` : "")));
        break;
      }
      case "submit-result": {
        this.finished();
        const v = verdict(msg.status ?? msg.verdict);
        const passed = typeof msg.passed === "number" && typeof msg.total === "number" ? ` (${msg.passed} of ${msg.total} tests passed)` : "";
        this.status.textContent = `Submission by ${this.who(msg.user)}: ${v.text}${passed}`;
        const line = h("p", { class: `verdict ${v.ok === false ? "bad" : v.ok ? "good" : ""}` }, h("strong", null, v.text), passed);
        this.result.prepend(line);
        if (Array.isArray(msg.tests) && this.tests && !this.tests.children.length) {
          for (const t of msg.tests) this.handle({ type: "submit-test", ...t });
        }
        this.tests = null;
        break;
      }
      case "error":
        if (msg.in === "run" || msg.in === "submit") {
          this.finished();
          this.status.textContent = msg.code === "judge-busy" ? "The judge is busy: try again in a moment." : String(msg.message || msg.code);
        }
        break;
    }
  }
}
