// pages/ratings_card.ts - the user's ratings on the profile (GET
// /api/v1/me/ratings): overall and per language, with their uncertainty
// (RD) and the sessions rated; the history itself is drawn by the dashboard.
import { h, fill } from "../dom";
import { ratingsApi, ratingText, type Rating } from "../ratings_api";

function sessions(n: number): string {
  return `${n} rated session${n === 1 ? "" : "s"}`;
}

function row(label: string, r: Rating): HTMLElement {
  return h("tr", null, h("th", { scope: "row" }, label), h("td", { class: "num rating" }, ratingText(r)),
    h("td", { class: "num" }, String(r.games)));
}

/** A card that fills itself in (a failure says so in it). */
export function ratingsCard(signal: AbortSignal): HTMLElement {
  const body = h("div", null, h("p", { class: "muted" }, "Loading…"));
  const card = h("section", { class: "card ratings", "aria-labelledby": "ratings-h" },
    h("h2", { id: "ratings-h" }, "Ratings"), body,
    h("p", { class: "small" }, h("a", { href: "/leaderboard" }, "See the leaderboard"), " · ",
      h("span", { class: "muted" }, "Glicko-2: the ± is how sure the rating is; it narrows with each session.")));
  ratingsApi.myRatings(signal).then((r) => {
    if (!r.overall.games) {
      fill(body, h("p", { class: "overall" }, `Not rated yet: your first session starts from ${Math.round(r.overall.rating)}.`));
      return;
    }
    fill(body,
      h("p", { class: "overall" }, "Overall: ", h("strong", null, ratingText(r.overall)), ` (${sessions(r.overall.games)})`),
      h("table", { class: "board", "aria-label": "Ratings by language" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Language"), h("th", { scope: "col", class: "num" }, "Rating"),
          h("th", { scope: "col", class: "num" }, "Sessions"))),
        h("tbody", null, r.languages.map((l) => row(l.language || "", l)))));
  }).catch((e) => {
    if (!signal.aborted) fill(body, h("p", { class: "error" }, `The ratings could not be loaded: ${(e as Error).message}`));
  });
  return card;
}
