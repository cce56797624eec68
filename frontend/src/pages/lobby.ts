// pages/lobby.ts - the waiting room: long-polls GET /api/v1/lobby?wait=25
// until the server matches us (then the room opens), shows the time waited
// and lets the user leave. The server drops an entry nobody polls for 30 s.
import { api, ApiError } from "../api";
import { h, fill, clock } from "../dom";
import { navigate, type Page } from "../router";
import { requireUser } from "../session";

const WAIT_S = 25;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

export const lobbyPage: Page = async ({ main, signal }) => {
  if (!(await requireUser())) return;
  document.title = "Waiting room · pairbox";
  const saved = JSON.parse(localStorage.getItem("pairbox-lobby") || "{}");
  const waited = h("span", { class: "big", "aria-hidden": "true" }, "0:00");
  const waitedText = h("span", { class: "sr-only" }, "");
  const state = h("p", { role: "status", "aria-live": "polite" }, "Looking for a partner…");
  const cancel = h("button", { type: "button" }, "Cancel");
  const spinner = h("div", { class: "pulse", "aria-hidden": "true" });
  fill(main,
    h("h1", null, "Waiting room"),
    h("section", { class: "card lobby" },
      spinner,
      h("p", { class: "muted" },
        [saved.language, saved.difficulty, ...(saved.topics || [])].filter(Boolean).join(" · ")),
      h("p", null, "Time waited: ", waited, waitedText),
      state,
      h("p", { class: "hint" }, "The longer you wait, the wider the range of partners you can be matched with."),
      h("p", { class: "hint" }, "Rather pair with someone you know? ", h("a", { href: "/#invite-h" }, "Invite a friend"),
        " from the home page."),
      cancel));

  let base = 0, since = performance.now();
  const tick = setInterval(() => {
    const s = base + (performance.now() - since) / 1000;
    waited.textContent = clock(s);
    waitedText.textContent = `${Math.floor(s)} seconds`;
  }, 1000);
  signal.addEventListener("abort", () => clearInterval(tick), { once: true });

  cancel.addEventListener("click", async () => {
    cancel.disabled = true;
    try {
      await api.leaveLobby();
    } catch {
      /* gone already: the same for the user */
    }
    navigate("/");
  });

  // The poll: one request in flight; errors back off up to 10 s. It runs
  // on after this function returns (the page is shown by then).
  async function poll(): Promise<void> {
    let backoff = 500;
    while (!signal.aborted) {
      try {
        const r = await api.pollLobby(WAIT_S, signal);
        backoff = 500;
        base = r.waited_s || 0;
        since = performance.now();
        if (r.state === "matched" && r.room !== undefined) {
          state.textContent = "Matched! Opening the room…";
          navigate(`/rooms/${encodeURIComponent(String(r.room))}`, true);
          return;
        }
        if (r.state === "idle") {
          clearInterval(tick);
          spinner.remove();
          fill(state, "You are not in the waiting room. ", h("a", { href: "/" }, "Join it from the home page"), ".");
          cancel.remove();
          return;
        }
        state.textContent = "Looking for a partner…";
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) {
          navigate("/login?next=/lobby", true);
          return;
        }
        state.textContent = `Connection trouble (${(e as Error).message}); trying again…`;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 10000);
      }
    }
  }
  void poll();
};
