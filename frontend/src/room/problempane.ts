// room/problempane.ts - the room's problem pane: tabs for the statement, the
// session guide (the four phases, the current one marked), and the hints and
// editorial when the server gives them (hints to the observer from the start
// and to both in review; the editorial in review).
import { h, fill } from "../dom";
import { markdown, withoutTitle } from "../markdown";
import type { Sample } from "../api";

const GUIDE: Record<string, string> = {
  intro: "Say hello, read the problem together and ask each other clarifying questions. Agree on what the input and output look like with an example or two.",
  pseudocode: "Sketch the approach before typing code: the data structures, the steps and the cost in time and memory. The observer asks questions and looks for holes.",
  code: "The driver writes the code while thinking aloud; the observer reviews, spots bugs and keeps the plan in view. Roles swap at the midpoint of this phase.",
  review: "Run on the samples and on edge cases, submit, and then tell each other what went well and what to practise. The editorial opens now.",
};

interface Tab {
  id: string;
  label: string;
  panel: HTMLElement;
}

export class ProblemPane {
  readonly el: HTMLElement;
  private readonly tablist: HTMLElement;
  private readonly panels: HTMLElement;
  private tabs: Tab[] = [];
  private selected = "statement";
  private readonly guide: HTMLElement;
  private phases: { name: string; minutes: number }[] = [];
  private current = -1;

  constructor(private readonly prefix: string) {
    this.tablist = h("div", { role: "tablist", "aria-label": "Problem" });
    this.panels = h("div", { class: "panels" });
    this.guide = h("div", { class: "guide" });
    this.el = h("section", { class: "problem-pane", "aria-label": "Problem" }, this.tablist, this.panels);
    this.tablist.addEventListener("keydown", (ev) => this.keys(ev));
  }

  /** The problem as GET /api/v1/rooms/:id (or welcome) gives it. */
  setProblem(problem: any): void {
    const statement = h("div", { class: "statement" },
      markdown(withoutTitle(String(problem?.statement || ""), String(problem?.title || ""))));
    const samples: Sample[] = Array.isArray(problem?.samples) ? problem.samples : [];
    if (samples.length) {
      statement.append(h("h3", null, "Samples"));
      for (const s of samples) {
        statement.append(h("div", { class: "sample" },
          h("h4", null, String(s.name ?? "")),
          h("div", { class: "sample-io" },
            h("div", null, h("span", { class: "muted small" }, "Input"), h("pre", null, String(s.input ?? ""))),
            h("div", null, h("span", { class: "muted small" }, "Output"), h("pre", null, String(s.output ?? ""))))));
      }
    }
    const tabs: Tab[] = [
      { id: "statement", label: "Statement", panel: statement },
      { id: "guide", label: "Session guide", panel: this.guide },
    ];
    if (Array.isArray(problem?.hints) && problem.hints.length) {
      tabs.push({ id: "hints", label: "Hints", panel: h("ol", { class: "hints" }, problem.hints.map((t: unknown) => h("li", null, markdown(String(t))))) });
    }
    if (typeof problem?.editorial === "string" && problem.editorial) {
      tabs.push({ id: "editorial", label: "Editorial", panel: h("div", { class: "statement" }, markdown(problem.editorial)) });
    }
    this.tabs = tabs;
    if (!tabs.some((t) => t.id === this.selected)) this.selected = "statement";
    this.render();
  }

  setPhases(phases: { name: string; minutes: number }[], current: number): void {
    this.phases = Array.isArray(phases) ? phases : [];
    this.current = current;
    fill(this.guide,
      h("h2", null, "Session guide"),
      h("ol", { class: "phases" }, this.phases.map((p, i) => h("li", { class: i === this.current ? "now" : i < this.current ? "done" : "",
        "aria-current": i === this.current ? "step" : null },
        h("strong", null, `${p.name[0]?.toUpperCase() ?? ""}${p.name.slice(1)}`), ` · ${p.minutes} min`,
        i === this.current ? h("span", { class: "badge now" }, "now") : null,
        h("p", null, GUIDE[p.name] || "")))));
  }

  private render(): void {
    fill(this.tablist, this.tabs.map((t) => {
      const on = t.id === this.selected;
      const b = h("button", { type: "button", role: "tab", id: `${this.prefix}-tab-${t.id}`, "aria-selected": on ? "true" : "false",
        "aria-controls": `${this.prefix}-panel-${t.id}`, tabindex: on ? "0" : "-1" }, t.label);
      b.addEventListener("click", () => this.select(t.id, false));
      return b;
    }));
    fill(this.panels, this.tabs.map((t) => {
      t.panel.id = `${this.prefix}-panel-${t.id}`;
      t.panel.setAttribute("role", "tabpanel");
      t.panel.setAttribute("aria-labelledby", `${this.prefix}-tab-${t.id}`);
      t.panel.setAttribute("tabindex", "0");
      t.panel.hidden = t.id !== this.selected;
      return t.panel;
    }));
  }

  select(id: string, focus: boolean): void {
    this.selected = id;
    this.render();
    if (focus) (this.tablist.querySelector(`[aria-selected="true"]`) as HTMLElement | null)?.focus();
  }

  /** Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern). */
  private keys(ev: KeyboardEvent): void {
    const i = this.tabs.findIndex((t) => t.id === this.selected);
    let j = i;
    if (ev.key === "ArrowRight") j = (i + 1) % this.tabs.length;
    else if (ev.key === "ArrowLeft") j = (i - 1 + this.tabs.length) % this.tabs.length;
    else if (ev.key === "Home") j = 0;
    else if (ev.key === "End") j = this.tabs.length - 1;
    else return;
    ev.preventDefault();
    this.select(this.tabs[j]!.id, true);
  }
}
