// pages/leaderboard.ts - the leaderboards (GET /api/v1/leaderboard and
// /leaderboard/organisations): players by rating, overall or in a language,
// everyone or one organisation's members; organisations by their members'
// mean rating. Public, like the routes. The view, filters and page are kept
// in the address (?view=organisations&language=&org=&page=), so a board can
// be shared or reloaded.
import { h, fill, field } from "../dom";
import { type Page } from "../router";
import { currentUser } from "../session";
import { ratingsApi, type Board, type Meta, type OrgBoard } from "../ratings_api";
import { bankChoices } from "./home";

const PER_PAGE = "50";

function pagerText(meta: Meta, what: string): string {
  const n = meta.total_count;
  if (n === 0) return `No ${what} yet.`;
  return `${n} ${what}${meta.total_pages > 1 ? `, page ${meta.current_page} of ${meta.total_pages}` : ""}`;
}

function playersTable(b: Board): HTMLElement {
  const me = currentUser();
  return h("table", { class: "board", "aria-label": "Players by rating" },
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Player"), h("th", { scope: "col" }, "Organisation"),
      h("th", { scope: "col", class: "num" }, "Rating"), h("th", { scope: "col", class: "num" }, "± RD"),
      h("th", { scope: "col", class: "num" }, "Sessions"))),
    h("tbody", null, b.leaderboard.map((r) => h("tr", { class: me && String(me.id) === String(r.user.id) ? "you" : null },
      h("td", { class: "num" }, String(r.rank)),
      h("td", null, h("span", { class: "player" }, r.user.display_name), " ", h("span", { class: "muted small" }, `@${r.user.username}`)),
      h("td", null, r.user.organisation || h("span", { class: "muted" }, "—")),
      h("td", { class: "num rating" }, String(Math.round(r.rating))),
      h("td", { class: "num muted" }, String(Math.round(r.rd))),
      h("td", { class: "num" }, String(r.games))))));
}

function orgsTable(b: OrgBoard): HTMLElement {
  return h("table", { class: "board", "aria-label": "Organisations by mean rating" },
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Organisation"),
      h("th", { scope: "col", class: "num" }, "Mean rating"), h("th", { scope: "col", class: "num" }, "Rated members"))),
    h("tbody", null, b.organisations.map((o) => h("tr", null,
      h("td", { class: "num" }, String(o.rank)), h("td", null, o.organisation),
      h("td", { class: "num rating" }, String(Math.round(o.rating))), h("td", { class: "num" }, String(o.members))))));
}

export const leaderboardPage: Page = ({ main, query, signal }) => {
  document.title = "Leaderboard · pairbox";
  let view = query.get("view") === "organisations" ? "organisations" : "players";
  let page = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
  const language = h("select", null, h("option", { value: "" }, "All languages"));
  const wanted = query.get("language") || "";
  if (wanted) language.append(h("option", { value: wanted }, wanted));
  language.value = wanted;
  const org = h("input", { type: "search", value: query.get("org") || "", maxlength: 100, placeholder: "e.g. your bootcamp" });
  const orgField = field("Organisation", org);
  const tabs = h("div", { role: "group", class: "tabs", "aria-label": "Rank" });
  const status = h("p", { role: "status", "aria-live": "polite", class: "muted" });
  const table = h("div", { class: "board-box" });
  const pager = h("nav", { class: "pager", "aria-label": "Pages" });
  const form = h("form", { class: "search", role: "search", "aria-label": "Filters" }, field("Language", language), orgField,
    h("button", { type: "submit" }, "Show"));
  fill(main, h("h1", null, "Leaderboard"),
    h("p", { class: "muted" }, "Ratings come from pair sessions: the tests your room's best submit passed and the feedback your partners gave (Glicko-2). Only players with a rated session are ranked."),
    tabs, form, status, table, pager);

  bankChoices(signal).then(({ languages }) => {
    const keep = language.value;
    fill(language, h("option", { value: "" }, "All languages"), [...new Set([...languages, ...(keep ? [keep] : [])])].sort()
      .map((l) => h("option", { value: l }, l)));
    language.value = keep;
  }).catch(() => { /* the filter keeps "All languages" and what the address named */ });

  let inflight: AbortController | null = null;
  function renderTabs(): void {
    fill(tabs, (["players", "organisations"] as const).map((v) => {
      const b = h("button", { type: "button", "aria-pressed": String(view === v) },
        v === "players" ? "Players" : "Organisations");
      b.addEventListener("click", () => { view = v; page = 1; void load(); });
      return b;
    }));
    orgField.hidden = view !== "players";
  }

  async function load(): Promise<void> {
    renderTabs();
    inflight?.abort();
    const ctl = new AbortController();
    inflight = ctl;
    signal.addEventListener("abort", () => ctl.abort(), { once: true });
    const params: Record<string, string> = { page: String(page), per_page: PER_PAGE };
    if (language.value) params.language = language.value;
    if (view === "players" && org.value.trim()) params.org = org.value.trim();
    const shown = new URLSearchParams(params);
    shown.delete("per_page");
    if (page === 1) shown.delete("page");
    if (view === "organisations") shown.set("view", "organisations");
    history.replaceState(null, "", "/leaderboard" + (shown.toString() ? `?${shown}` : ""));
    status.textContent = "Loading…";
    try {
      let meta: Meta;
      if (view === "players") {
        const b = await ratingsApi.board(params, ctl.signal);
        meta = b.meta;
        status.textContent = pagerText(meta, meta.total_count === 1 ? "rated player" : "rated players");
        fill(table, b.leaderboard.length ? playersTable(b) : null);
      } else {
        const b = await ratingsApi.orgBoard(params, ctl.signal);
        meta = b.meta;
        status.textContent = pagerText(meta, meta.total_count === 1 ? "organisation" : "organisations")
          + ` (ranked with at least ${b.min_members} rated member${b.min_members === 1 ? "" : "s"})`;
        fill(table, b.organisations.length ? orgsTable(b) : null);
      }
      const prev = h("button", { type: "button", disabled: page <= 1 }, "Previous page");
      const next = h("button", { type: "button", disabled: !meta.next_page }, "Next page");
      prev.addEventListener("click", () => { page--; void load(); });
      next.addEventListener("click", () => { page++; void load(); });
      fill(pager, meta.total_pages > 1 ? [prev, next] : []);
    } catch (e) {
      if (!ctl.signal.aborted) {
        status.textContent = `The leaderboard could not be loaded: ${(e as Error).message}`;
        fill(table);
      }
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    page = 1;
    void load();
  });
  language.addEventListener("change", () => { page = 1; void load(); });
  void load();
};
