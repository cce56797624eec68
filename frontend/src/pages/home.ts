// pages/home.ts - the home page: for a visitor, what pairbox is; for a user,
// joining the waiting room (language, difficulty, topics) and their recent
// sessions (GET /api/v1/rooms).
import { api, toMs, nameOf, type ProblemSummary } from "../api";
import { h, fill, field, uid } from "../dom";
import { navigate, type Page } from "../router";
import { currentUser } from "../session";
import { InviteForm } from "./invite";
import { replayLink } from "../room/replaylink";

/** Languages with starter code, the bank's topics and its problems, from the problem list. */
export async function bankChoices(signal: AbortSignal): Promise<{ languages: string[]; topics: string[]; problems: ProblemSummary[] }> {
  const languages = new Set<string>(), topics = new Set<string>(), problems: ProblemSummary[] = [];
  let page = 1;
  for (;;) {
    const list = await api.problems({ per_page: "100", page: String(page) }, signal);
    list.problems.forEach((p: ProblemSummary) => {
      problems.push(p);
      p.starter_languages.forEach((l) => languages.add(l));
      p.tags.forEach((t) => topics.add(t));
    });
    if (!list.meta.next_page || page >= 20) break;
    page = list.meta.next_page;
  }
  return { languages: [...languages].sort(), topics: [...topics].sort(), problems };
}

const PREFERRED = ["python3", "javascript", "cpp", "java"];

function landing(main: HTMLElement): void {
  document.title = "pairbox";
  fill(main,
    h("section", { class: "hero" },
      h("h1", null, "Practise interviews in pairs"),
      h("p", { class: "lead" },
        "Get matched with someone at your level, solve a problem together in a shared editor, "
        + "take turns driving, run and submit your code, and talk it through."),
      h("p", { class: "actions" },
        h("a", { class: "button primary", href: "/signup" }, "Sign up"),
        h("a", { class: "button", href: "/login" }, "Log in"))),
    h("section", { class: "grid3" },
      h("div", { class: "card" }, h("h2", null, "Problems"), h("p", null, "Browse the problem bank and read the statements."),
        h("a", { href: "/problems" }, "Browse problems")),
      h("div", { class: "card" }, h("h2", null, "Playground"), h("p", null, "Run a program in any of the judge's languages."),
        h("a", { href: "/playground" }, "Open the playground")),
      h("div", { class: "card" }, h("h2", null, "Sessions"), h("p", null, "Four phases: intro, pseudocode, code, review — on a clock both of you see."),
        h("a", { href: "/signup" }, "Create an account"))));
}

function recentList(rooms: any[]): HTMLElement {
  if (!rooms.length) return h("p", { class: "muted" }, "No sessions yet: join the waiting room to get your first.");
  return h("ul", { class: "rooms" }, rooms.slice(0, 10).map((r) => {
    const me = currentUser();
    const others = (r.participants || []).map((p: any) => p.user ?? p).filter((u: any) => u && String(u.id) !== String(me?.id));
    const when = toMs(r.created_at ?? r.phase?.started_at);
    const title = r.problem?.title || r.problem?.slug || `Room ${r.id}`;
    return h("li", null,
      h("a", { href: `/rooms/${encodeURIComponent(r.id)}` }, title),
      h("span", { class: "muted" },
        [others.length ? ` with ${others.map(nameOf).join(", ")}` : "", r.language ? ` · ${r.language}` : "",
          when ? ` · ${new Date(when).toLocaleString()}` : "", r.ended ? " · ended" : r.waiting ? " · waiting for your friend" : " · in progress"].join("")),
      r.ended ? [" · ", replayLink(String(r.id))] : null);
  }));
}

export const homePage: Page = async ({ main, signal }) => {
  const me = currentUser();
  if (!me) return landing(main);
  document.title = "Home · pairbox";
  const language = h("select", { required: true }, h("option", { value: "" }, "loading…"));
  const difficulty = h("select", { required: true },
    h("option", { value: "easy" }, "Easy"), h("option", { value: "medium" }, "Medium"), h("option", { value: "hard" }, "Hard"));
  const topicsBox = h("div", { class: "topics" }, h("span", { class: "muted" }, "loading…"));
  const status = h("p", { class: "error", role: "alert" });
  const join = h("button", { type: "submit", class: "primary" }, "Join waiting room");
  const legend = uid("topics");
  const form = h("form", { class: "card" },
    h("h2", null, "Find a partner"),
    h("div", { class: "row" }, field("Language", language), field("Difficulty", difficulty)),
    h("fieldset", { class: "topics-set", "aria-describedby": legend },
      h("legend", null, "Topics"),
      h("p", { class: "hint", id: legend }, "Optional: the problem will be about one of these."),
      topicsBox),
    status, join);
  const recent = h("section", { class: "card", "aria-labelledby": "recent-h" },
    h("h2", { id: "recent-h" }, "Recent sessions"), h("p", { class: "muted" }, "loading…"));
  const invite = new InviteForm();
  fill(main, h("h1", null, `Hello, ${me.display_name || me.username}`), h("div", { class: "two" }, form, recent, invite.el));

  const saved = JSON.parse(localStorage.getItem("pairbox-lobby") || "{}");
  if (saved.difficulty) difficulty.value = saved.difficulty;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    status.textContent = "";
    if (!language.value) {
      status.textContent = "Choose a language.";
      language.focus();
      return;
    }
    const topics = [...topicsBox.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
    join.disabled = true;
    try {
      await api.joinLobby(language.value, difficulty.value, topics);
      localStorage.setItem("pairbox-lobby", JSON.stringify({ language: language.value, difficulty: difficulty.value, topics }));
      navigate("/lobby");
    } catch (e) {
      status.textContent = (e as Error).message;
    } finally {
      join.disabled = false;
    }
  });

  bankChoices(signal).then(({ languages, topics, problems }) => {
    const mine = me.languages || [];
    const order = [...languages].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    function rank(l: string): number {
      const m = mine.indexOf(l), p = PREFERRED.indexOf(l);
      return m >= 0 ? m : p >= 0 ? 100 + p : 1000;
    }
    fill(language, order.length ? order.map((l) => h("option", { value: l }, l)) : h("option", { value: "" }, "no language has starter code"));
    if (saved.language && order.includes(saved.language)) language.value = saved.language;
    invite.setChoices(order, problems);
    fill(topicsBox, topics.map((t) => h("label", { class: "check" },
      h("input", { type: "checkbox", value: t, checked: (saved.topics || []).includes(t) }), t)));
  }).catch((e) => {
    if (!signal.aborted) status.textContent = `Could not load the problem bank: ${(e as Error).message}`;
  });

  api.rooms(signal).then((data) => {
    const rooms = Array.isArray(data) ? data : Array.isArray(data?.rooms) ? data.rooms : [];
    fill(recent, h("h2", { id: "recent-h" }, "Recent sessions"), recentList(rooms));
  }).catch((e) => {
    if (!signal.aborted) fill(recent, h("h2", { id: "recent-h" }, "Recent sessions"), h("p", { class: "muted" }, `Not available: ${(e as Error).message}`));
  });
};
