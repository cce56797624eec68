// pages/problems.ts - the problem browser: GET /api/v1/problems with the
// full-text search (q), a difficulty filter and pages. The query is kept in
// the address (?q=&difficulty=&page=), so a search can be shared or reloaded.
import { api, type ProblemSummary } from "../api";
import { h, fill, field } from "../dom";
import { type Page } from "../router";

function badge(difficulty: string | null): HTMLElement | null {
  return difficulty ? h("span", { class: `badge ${difficulty}` }, difficulty) : null;
}

function row(p: ProblemSummary): HTMLElement {
  return h("li", { class: "problem" },
    h("a", { href: `/problems/${encodeURIComponent(p.slug)}` }, p.title),
    " ", badge(p.difficulty),
    h("span", { class: "tags" }, p.tags.map((t) => h("span", { class: "tag" }, t))),
    h("span", { class: "muted small" }, `${p.sample_count} sample${p.sample_count === 1 ? "" : "s"}, ${p.test_count} tests`));
}

export const problemsPage: Page = ({ main, query, signal }) => {
  document.title = "Problems · pairbox";
  const q = h("input", { type: "search", value: query.get("q") || "", maxlength: 256, placeholder: "e.g. two pointers, graph*" });
  const difficulty = h("select", null,
    h("option", { value: "" }, "Any"), h("option", { value: "easy" }, "Easy"),
    h("option", { value: "medium" }, "Medium"), h("option", { value: "hard" }, "Hard"));
  difficulty.value = query.get("difficulty") || "";
  const search = h("button", { type: "submit" }, "Search");
  const count = h("p", { role: "status", "aria-live": "polite", class: "muted" });
  const list = h("ul", { class: "problems", "aria-label": "Problems" });
  const pager = h("nav", { class: "pager", "aria-label": "Pages" });
  const form = h("form", { class: "search", role: "search" },
    field("Search problems", q), field("Difficulty", difficulty), search);
  fill(main, h("h1", null, "Problems"), form, count, list, pager);

  let page = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
  let inflight: AbortController | null = null;
  let timer = 0;   // a search waiting for the user to stop typing

  async function load(): Promise<void> {
    // Whatever asked for this load (paging, the filter, a submit) is newer
    // than a typed search still waiting: that one must not come back later
    // and put the list back on page 1.
    clearTimeout(timer);
    inflight?.abort();
    const ctl = new AbortController();
    inflight = ctl;
    signal.addEventListener("abort", () => ctl.abort(), { once: true });
    const params: Record<string, string> = { page: String(page), per_page: "20" };
    if (q.value.trim()) params.q = q.value.trim();
    if (difficulty.value) params.difficulty = difficulty.value;
    // The address follows the search, without a new history entry per keystroke.
    const shown = new URLSearchParams(params);
    shown.delete("per_page");
    if (page === 1) shown.delete("page");
    history.replaceState(null, "", "/problems" + (shown.toString() ? `?${shown}` : ""));
    count.textContent = "Searching…";
    try {
      const r = await api.problems(params, ctl.signal);
      const total = r.meta.total_count;
      count.textContent = total === 0 ? "No problem matches." : `${total} problem${total === 1 ? "" : "s"}`
        + (r.meta.total_pages > 1 ? `, page ${r.meta.current_page} of ${r.meta.total_pages}` : "");
      fill(list, r.problems.map(row));
      const prev = h("button", { type: "button", disabled: page <= 1 }, "Previous page");
      const next = h("button", { type: "button", disabled: !r.meta.next_page }, "Next page");
      prev.addEventListener("click", () => { page--; void load(); });
      next.addEventListener("click", () => { page++; void load(); });
      fill(pager, r.meta.total_pages > 1 ? [prev, next] : []);
    } catch (e) {
      if (!ctl.signal.aborted) count.textContent = `Could not search: ${(e as Error).message}`;
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    page = 1;
    void load();
  });
  // Search as the user types, a moment after the last key.
  q.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => { page = 1; void load(); }, 250);
  });
  difficulty.addEventListener("change", () => { page = 1; void load(); });
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  void load();
};
