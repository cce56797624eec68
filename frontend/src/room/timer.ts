// room/timer.ts - the phase clock as a ring: the share of the phase left,
// the time left and the phase's name. The server drives the phases (its
// "phase" messages carry the deadline); this only draws the countdown.
import { h, svg, clock } from "../dom";
import { toMs } from "../api";

const R = 26, C = 2 * Math.PI * R;

export interface Phase {
  name: string;
  index: number;
  started_at: unknown;
  ends_at: unknown;
}

export class TimerRing {
  readonly el: HTMLElement;
  private readonly arc: SVGElement;
  private readonly time: HTMLElement;
  private readonly label: HTMLElement;
  private phase: Phase | null = null;
  private ended = false;
  private readonly tick: number;

  constructor() {
    this.arc = svg("circle", { cx: 32, cy: 32, r: R, class: "ring-arc", "stroke-dasharray": C.toFixed(2), "stroke-dashoffset": "0",
      transform: "rotate(-90 32 32)" });
    this.time = h("span", { class: "ring-time" }, "–:––");
    this.label = h("span", { class: "ring-phase" }, "");
    this.el = h("div", { class: "ring", role: "timer", "aria-label": "Phase timer" },
      svg("svg", { viewBox: "0 0 64 64", width: 64, height: 64, "aria-hidden": "true" },
        svg("circle", { cx: 32, cy: 32, r: R, class: "ring-track" }), this.arc),
      h("div", { class: "ring-text" }, this.time, this.label));
    this.tick = window.setInterval(() => this.draw(), 1000);
  }

  set(phase: Phase | null, ended: boolean): void {
    this.phase = phase;
    this.ended = ended;
    this.draw();
  }

  destroy(): void {
    clearInterval(this.tick);
  }

  private draw(): void {
    const p = this.phase;
    if (this.ended || !p) {
      this.time.textContent = this.ended ? "done" : "–:––";
      this.label.textContent = this.ended ? "ended" : "";
      this.arc.setAttribute("stroke-dashoffset", this.ended ? C.toFixed(2) : "0");
      this.el.setAttribute("aria-label", this.ended ? "The session has ended" : "Phase timer");
      return;
    }
    const start = toMs(p.started_at), end = toMs(p.ends_at), now = Date.now();
    const left = Math.max(0, (end - now) / 1000);
    const share = end > start ? Math.max(0, Math.min(1, (end - now) / (end - start))) : 0;
    this.time.textContent = clock(left);
    this.label.textContent = p.name;
    this.arc.setAttribute("stroke-dashoffset", (C * (1 - share)).toFixed(2));
    this.el.classList.toggle("late", left < 60);
    this.el.setAttribute("aria-label", `${p.name} phase, ${Math.ceil(left / 60)} minute${Math.ceil(left / 60) === 1 ? "" : "s"} left`);
  }
}
