// dashboard/sections.ts - the dashboard's sections. Each is a heading and a
// body filled from its own request (docs/platform.md, "Dashboard"), so a
// section is added by appending one to `sections` (feedback received and
// the rating over time come that way from their own routes: progress.ts). The figures'
// sections share one GET /api/v1/me/stats per page view (ctx.stats()).
// Everything a user typed (names, problem titles, tags) is shown as text.
import { api, toMs, type DashBucket, type DashSession, type DashStats, type DashSubmit } from "../api";
import { h, fill, type Child } from "../dom";
import { feedbackSection, ratingSection } from "./progress";
import { barChart, dayText, heatLegend, heatMap, percent, type BarRow } from "./charts";

export interface SectionContext {
  signal: AbortSignal;
  /** The caller's figures, fetched once for every section that asks. */
  stats(): Promise<DashStats>;
}

export interface Section {
  id: string;              // the section's element id (its heading's is id + "-h")
  title: string;
  fill(body: HTMLElement, ctx: SectionContext): Promise<void>;
}

const PER_PAGE = 10;
export const WEEKS = 26;

function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---- at a glance ----

function tile(value: Child, label: string): HTMLElement {
  return h("div", { class: "tile" }, h("span", { class: "tile-value" }, value), h("span", { class: "tile-label" }, label));
}

const overview: Section = {
  id: "dash-overview",
  title: "At a glance",
  async fill(body, ctx) {
    const { totals: t } = await ctx.stats();
    fill(body, h("div", { class: "tiles" },
      tile(t.sessions, t.sessions === 1 ? "session" : "sessions"),
      tile(t.ended, "ended"),
      tile(t.solved, t.solved === 1 ? "problem solved" : "problems solved"),
      tile(`${t.accepted_submits} / ${t.submits}`, "submits accepted"),
      tile(t.runs, t.runs === 1 ? "run" : "runs")));
  },
};

// ---- the history ----

function submitText(s: DashSubmit | null): string {
  return s ? `${s.status.description}, ${s.passed}/${s.total} tests` : "no submit";
}

function phaseText(s: DashSession): string {
  return s.ended ? `ended (after ${s.phase.name})` : `${s.phase.name} (${s.phase.index + 1} of ${s.phase.count})`;
}

function sessionRow(s: DashSession): HTMLElement {
  const when = new Date(toMs(s.created_at));
  const best = s.verdicts.best;
  const verdict = h("td", { class: "verdict-cell" },
    h("span", { class: best ? (best.status.id === 3 ? "good" : "bad") : "muted" }, submitText(best)),
    h("span", { class: "muted small" },
      ` · ${plural(s.verdicts.submits, "submit")}, ${plural(s.verdicts.runs, "run")}`
      + (s.verdicts.last && s.verdicts.last !== best && s.verdicts.submits > 1 ? `; last: ${submitText(s.verdicts.last)}` : "")));
  return h("tr", { "data-room": s.id },
    h("td", null, h("time", { datetime: when.toISOString() }, when.toLocaleDateString()), h("span", { class: "muted small" }, ` ${when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`)),
    h("td", null, h("a", { href: `/problems/${encodeURIComponent(s.problem.slug)}` }, s.problem.title), " ",
      h("span", { class: `badge ${s.problem.difficulty}` }, s.problem.difficulty),
      h("span", { class: "muted small" }, ` ${s.language}`)),
    h("td", null, s.partner ? s.partner.display_name || s.partner.username || `user ${s.partner.id}` : h("span", { class: "muted" }, "nobody yet")),
    h("td", null, phaseText(s)),
    verdict,
    h("td", null, h("a", { href: s.replay, "aria-label": `Replay of ${s.problem.title}, ${when.toLocaleDateString()}` }, "Replay")));
}

const history: Section = {
  id: "dash-history",
  title: "Your sessions",
  async fill(body, ctx) {
    let page = 1;
    const status = h("p", { class: "muted", role: "status", "aria-live": "polite" });
    const table = h("table", { class: "sessions" });
    const pager = h("nav", { class: "pager", "aria-label": "Session pages" });
    fill(body, status, h("div", { class: "table-scroll" }, table), pager);
    const load = async (): Promise<void> => {
      const r = await api.mySessions(page, PER_PAGE, ctx.signal);
      const m = r.meta;
      if (!m.total_count) {
        status.textContent = "No sessions yet: join the waiting room from the home page to get your first.";
        fill(table);
        fill(pager);
        return;
      }
      status.textContent = `${plural(m.total_count, "session")}` + (m.total_pages > 1 ? `, page ${m.current_page} of ${m.total_pages}` : "");
      fill(table,
        h("caption", { class: "sr-only" }, "Your sessions, newest first"),
        h("thead", null, h("tr", null, ["When", "Problem", "Partner", "Phase reached", "Best submit", "Replay"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, r.sessions.map(sessionRow)));
      const prev = h("button", { type: "button", disabled: !m.prev_page }, "Newer");
      const next = h("button", { type: "button", disabled: !m.next_page }, "Older");
      prev.addEventListener("click", () => { page--; void load().catch(shown); });
      next.addEventListener("click", () => { page++; void load().catch(shown); });
      fill(pager, m.total_pages > 1 ? [prev, next] : []);
    };
    const shown = (e: unknown): void => {
      if (!ctx.signal.aborted) status.textContent = `Could not load the sessions: ${(e as Error).message}`;
    };
    await load();
  },
};

// ---- success by tag and by difficulty ----

function bucketRows(buckets: DashBucket[], key: "tag" | "difficulty"): BarRow[] {
  return buckets.map((b) => ({
    label: b[key] ?? "",
    values: [b.sessions ? b.solved / b.sessions : 0, b.mean_passed],
    detail: `${b.solved} of ${plural(b.sessions, "session")} solved, ${b.submitted} submitted, `
      + (b.mean_passed === null ? "no tests passed yet" : `${percent(b.mean_passed)} of tests passed on average`),
  }));
}

function bucketChart(title: string, buckets: DashBucket[], key: "tag" | "difficulty", what: string): HTMLElement {
  if (!buckets.length) return h("p", { class: "muted" }, "Nothing yet: the figures appear after your first session.");
  const rows = bucketRows(buckets, key);
  const best = [...buckets].filter((b) => b.mean_passed !== null).sort((a, b) => b.mean_passed! - a.mean_passed!);
  const summary = best.length > 1
    ? `Strongest ${what}: ${best[0]![key]} (${percent(best[0]!.mean_passed)} of tests passed); weakest: ${best[best.length - 1]![key]} (${percent(best[best.length - 1]!.mean_passed)}).`
    : `${plural(buckets.length, what)}.`;
  return barChart(title, summary,
    [{ name: "Sessions solved (an accepted submit)", cls: "solved" }, { name: "Tests passed (best submit, mean)", cls: "passed" }],
    rows, [key === "tag" ? "Tag" : "Difficulty", "Sessions", "Submitted", "Solved", "Tests passed (mean)"],
    (_row, i) => {
      const b = buckets[i]!;
      return [h("td", null, b.sessions), h("td", null, b.submitted), h("td", null, b.solved), h("td", null, percent(b.mean_passed))];
    });
}

const byTag: Section = {
  id: "dash-tags",
  title: "Success by topic",
  async fill(body, ctx) {
    const st = await ctx.stats();
    fill(body, h("p", { class: "hint" }, "For each tag of the problems you met: the share of sessions solved, and the share of tests your best submit passed."),
      bucketChart("Success by topic", st.by_tag, "tag", "topic"));
  },
};

const byDifficulty: Section = {
  id: "dash-difficulty",
  title: "By difficulty",
  async fill(body, ctx) {
    const st = await ctx.stats();
    fill(body, bucketChart("Success by difficulty", st.by_difficulty, "difficulty", "difficulty"));
  },
};

// ---- activity and streaks ----

const activity: Section = {
  id: "dash-activity",
  title: "Activity",
  async fill(body, ctx) {
    const st = await ctx.stats();
    const a = st.activity, s = st.streaks;
    const sessions = a.days.reduce((n, d) => n + d.sessions, 0);
    const summary = `${plural(sessions, "session")} on ${plural(a.days.filter((d) => d.sessions).length, "day")} in the last ${plural(a.weeks, "week")}, ${a.from} to ${a.to} (UTC)`;
    const streak = (which: string, n: number) => h("div", { class: "tile", "data-streak": which },
      h("span", { class: "tile-value" }, n), h("span", { class: "tile-label" }, `${which} streak, ${n === 1 ? "day" : "days"}`));
    const streaks = h("div", { class: "tiles streaks" }, streak("current", s.current), streak("longest", s.longest));
    const list = a.days.length
      ? h("ul", { class: "days" }, a.days.map((d) => h("li", null, dayText(d.date, d))))
      : h("p", { class: "muted" }, "No activity in these weeks.");
    fill(body, streaks,
      h("p", { class: "hint" }, "A streak is a run of days with at least one session; days are UTC days, and today still counts until it is over."),
      h("figure", { class: "chart-figure" }, h("div", { class: "chart-scroll" }, heatMap(a.from, a.to, a.days, summary)), heatLegend(),
        h("figcaption", { class: "muted small" }, summary),
        h("details", { class: "chart-table" }, h("summary", null, "The days as a list"), list)));
  },
};

/** The dashboard's sections, in page order. */
export const sections: Section[] = [overview, ratingSection, history, byTag, byDifficulty, feedbackSection, activity];
