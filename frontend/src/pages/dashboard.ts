// pages/dashboard.ts - the logged-in user's dashboard: a section per part
// (dashboard/sections.ts), each filled from its own request as it comes,
// so a slow or failing one leaves the others be.
import { api, type DashStats } from "../api";
import { h, fill } from "../dom";
import { type Page } from "../router";
import { requireUser } from "../session";
import { sections, WEEKS, type SectionContext } from "../dashboard/sections";

export const dashboardPage: Page = async ({ main, signal }) => {
  const me = await requireUser();
  if (!me) return;
  document.title = "Dashboard · pairbox";
  let stats: Promise<DashStats> | null = null;
  const ctx: SectionContext = { signal, stats: () => (stats ??= api.myStats(WEEKS, signal)) };
  const parts = sections.map((s) => {
    const body = h("div", { class: "dash-body", "aria-busy": "true" }, h("p", { class: "muted" }, "loading…"));
    const el = h("section", { class: `card dash-section ${s.id}`, id: s.id, "aria-labelledby": `${s.id}-h` },
      h("h2", { id: `${s.id}-h` }, s.title), body);
    return { s, el, body };
  });
  fill(main, h("h1", null, "Dashboard"), h("div", { class: "dashboard" }, parts.map((p) => p.el)));
  await Promise.all(parts.map(async ({ s, body }) => {
    try {
      await s.fill(body, ctx);
    } catch (e) {
      if (!signal.aborted) fill(body, h("p", { class: "error", role: "alert" }, `Could not load this part: ${(e as Error).message}`));
    } finally {
      body.removeAttribute("aria-busy");
    }
  }));
};
