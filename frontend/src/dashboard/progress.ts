// dashboard/progress.ts - the dashboard's sections fed by the ratings'
// routes (docs/platform.md "Feedback", "Ratings and leaderboards"): the
// skill rating over the sessions, and the feedback received over time.
// Each fetches its own route (sections.ts's contract); user text (names,
// problem titles, comments) is shown as text.
import { h, fill } from "../dom";
import { toMs } from "../api";
import { ratingsApi, ratingText, SCORES, SCORE_LABELS, type ReceivedFeedback, type RatingPoint } from "../ratings_api";
import { lineChart, percent, type LinePoint } from "./charts";
import type { Section } from "./sections";

/** The UTC day of a time (Unix ms or ISO 8601), as the dashboard counts days. */
function day(t: number | string): string {
  return new Date(toMs(t)).toISOString().slice(0, 10);
}

function tile(value: string | number, label: string): HTMLElement {
  return h("div", { class: "tile" }, h("span", { class: "tile-value" }, value), h("span", { class: "tile-label" }, label));
}

function signed(n: number): string {
  const r = Math.round(n);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : "±0";
}

export const ratingSection: Section = {
  id: "dash-rating",
  title: "Rating",
  async fill(body, ctx) {
    const r = await ratingsApi.myRatings(ctx.signal);
    const o = r.overall;
    const tiles = h("div", { class: "tiles" },
      h("div", { class: "tile", "data-rating": "overall" }, h("span", { class: "tile-value" }, Math.round(o.rating)),
        h("span", { class: "tile-label" }, `rating (± ${Math.round(o.rd)})`)),
      tile(o.games, o.games === 1 ? "rated session" : "rated sessions"),
      r.languages.map((l) => tile(`${Math.round(l.rating)}`, `${l.language} (${l.games} ${l.games === 1 ? "session" : "sessions"})`)));
    if (!r.history.length) {
      fill(body, tiles, h("p", { class: "muted" }, "Your rating moves after each session that ends: the tests your pair passed and the feedback you got (docs/ratings.md)."));
      return;
    }
    const h0 = r.history, last = h0[h0.length - 1]!, first = h0[0]!;
    const points: LinePoint[] = h0.map((p: RatingPoint) => ({
      y: p.rating.rating, lo: p.rating.rating - p.rating.rd, hi: p.rating.rating + p.rating.rd, label: day(p.ended_at),
      detail: `${day(p.ended_at)}, ${p.problem.title} (${p.language}): ${ratingText(p.rating)}`,
    }));
    const summary = h0.length === 1
      ? `Rating after your one rated session: ${Math.round(first.rating.rating)}.`
      : `Rating after each of your last ${h0.length} rated sessions: from ${Math.round(first.rating.rating)} to ${Math.round(last.rating.rating)} (${signed(last.rating.rating - first.rating.rating)}).`;
    const table = h("table", { class: "numbers" },
      h("caption", { class: "sr-only" }, "Rating after each session"),
      h("thead", null, h("tr", null, ["Ended", "Problem", "Language", "Tests passed", "Feedback received", "Rating after"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, [...h0].reverse().map((p) => h("tr", { "data-room": p.room },
        h("td", null, day(p.ended_at)), h("td", null, p.problem.title), h("td", null, p.language),
        h("td", null, percent(p.tests)), h("td", null, p.feedback === null ? "–" : p.feedback.toFixed(1)),
        h("td", null, ratingText(p.rating))))));
    fill(body, tiles,
      h("figure", { class: "chart-figure" },
        h("div", { class: "chart-scroll" }, lineChart("Rating over your sessions", summary, points, (v) => String(Math.round(v)))),
        h("figcaption", { class: "muted small" }, summary, " The band is the rating's uncertainty (± RD)."),
        h("details", { class: "chart-table" }, h("summary", null, "The numbers as a table"), table)));
  },
};

function mean(f: ReceivedFeedback): number {
  return SCORES.reduce((n, s) => n + f[s], 0) / SCORES.length;
}

export const feedbackSection: Section = {
  id: "dash-feedback",
  title: "Feedback received",
  async fill(body, ctx) {
    const r = await ratingsApi.myFeedback(1, 100, ctx.signal);
    const a = r.averages;
    if (!a.count) {
      fill(body, h("p", { class: "muted" }, "No feedback yet: your partners' ratings of you appear here once they give them."));
      return;
    }
    const tiles = h("div", { class: "tiles" },
      h("div", { class: "tile", "data-score": "overall" }, h("span", { class: "tile-value" }, (a.overall ?? 0).toFixed(1)),
        h("span", { class: "tile-label" }, `overall, of 5 (${a.count} ${a.count === 1 ? "session" : "sessions"})`)),
      SCORES.map((s) => h("div", { class: "tile", "data-score": s }, h("span", { class: "tile-value" }, (a[s] ?? 0).toFixed(1)),
        h("span", { class: "tile-label" }, SCORE_LABELS[s]))));
    const items = [...r.feedback].reverse();         // oldest first, along the line
    const points: LinePoint[] = items.map((f) => ({
      y: mean(f), label: day(f.created_at),
      detail: `${day(f.created_at)}, ${f.problem.title}, from ${f.from.display_name || f.from.username || "deleted user"}: ${mean(f).toFixed(2)} of 5`,
    }));
    const summary = `The mean of the four scores in each of the last ${items.length} feedbacks you received, oldest first.`;
    const comments = r.feedback.filter((f) => f.comment).slice(0, 10);
    fill(body, tiles,
      h("figure", { class: "chart-figure" },
        h("div", { class: "chart-scroll" }, lineChart("Feedback received over time", summary, points, (v) => v.toFixed(1), { min: 1, max: 5 })),
        h("figcaption", { class: "muted small" }, summary)),
      comments.length ? [h("h3", null, "What they said"),
        h("ul", { class: "comments" }, comments.map((f) => h("li", null,
          h("blockquote", null, f.comment),
          h("span", { class: "muted small" }, `${f.from.display_name || f.from.username || "deleted user"}, ${f.problem.title}, ${day(f.created_at)}`))))] : null);
  },
};
