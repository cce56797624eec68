// pages/replay.ts - a room's session played back (docs/platform.md "Replay"):
// the code at the playhead in a read-only editor, each participant's text in
// their colour and their cursors, play and pause at 0.5-16x, a scrubber with
// the runs, submits, chat and phases marked (click one to jump there), each
// run's output at its moment and the chat so far. Idle stretches play short
// (the page says so). The state at each moment comes from the replay engine
// (replay/engine.ts); this page only draws it.
import { api, ApiError, toMs } from "../api";
import { h, fill, field, svg, clock } from "../dom";
import { type Page } from "../router";
import { requireUser } from "../session";
import { createEditor, type Editor } from "../editor";
import { remoteCursors, setCursor, removeCursor, PALETTE } from "../room/cursors";
import { runResultView, submitResultView } from "../room/output";
import { Replay, IDLE_GAP_MS, IDLE_SHOWN_MS, type Marker, type ReplayEvent, type ReplayPage, type ReplayState } from "../replay/engine";
import { authorship, setAuthors } from "../replay/authorship";

const SPEEDS = [0.5, 1, 2, 4, 8, 16];
/** Forward by at most this many updates, the editor is sent the changes (it keeps its scroll); further,
 * or backwards, the whole document. */
const STEP_MAX = 500;

async function loadPages(id: string, signal: AbortSignal, progress: (n: number) => void): Promise<ReplayPage[]> {
  const pages: ReplayPage[] = [];
  let after = 0;
  for (;;) {
    const page: ReplayPage = await api.replay(id, after, signal);
    pages.push(page);
    progress(pages.reduce((n, p) => n + p.updates.length, 0));
    if (page.next_after === null || page.next_after === undefined) return pages;
    after = page.next_after;
  }
}

export const replayPage: Page = async ({ main, params, signal }) => {
  const me = await requireUser();
  if (!me) return;
  const id = params.id!;
  document.title = "Replay · pairbox";
  const loading = h("p", { role: "status" }, "Loading the session…");
  fill(main, h("h1", null, "Replay"), loading);
  let pages: ReplayPage[];
  try {
    pages = await loadPages(id, signal, (n) => { loading.textContent = `Loading the session… ${n} edits so far`; });
  } catch (e) {
    if (signal.aborted) return;
    if (e instanceof ApiError && e.status === 404) {
      fill(main, h("h1", null, "Replay not found"), h("p", null, "This room does not exist, or you are not one of its participants. ",
        h("a", { href: "/" }, "Go home"), "."));
      return;
    }
    throw e;
  }
  const replay = new Replay(pages);
  const tl = replay.timeline;
  main.parentElement?.classList.add("wide");

  // ---- who is who: each participant's colour is their slot's ----
  const names = new Map<number, string>([[0, "pairbox"]]);
  const colors = new Map<number, number>();
  for (const p of replay.participants) {
    names.set(p.id, p.display_name || p.username || `user ${p.id}`);
    colors.set(p.id, p.slot % PALETTE.length);
  }
  const who = (u: unknown) => names.get(Number(u)) ?? `user ${String(u)}`;
  const at = (t: number) => clock((t - tl.start) / 1000);

  // ---- the page ----
  const room = replay.room || {};
  const title = String(room.problem?.title || room.problem?.slug || `Room ${id}`);
  document.title = `Replay: ${title} · pairbox`;
  const playButton = h("button", { type: "button", class: "primary" }, "Play");
  const startButton = h("button", { type: "button" }, "Start");
  const endButton = h("button", { type: "button" }, "End");
  const speed = h("select", null, SPEEDS.map((s) => h("option", { value: String(s), selected: s === 1 }, `${s}×`)));
  const time = h("span", { class: "replay-clock" });
  const phase = h("span", { class: "badge" });
  const roles = h("span", { class: "muted small" });
  const range = h("input", { type: "range", min: "0", max: String(Math.max(1, Math.round(tl.duration))), step: "1", value: "0",
    "aria-label": "Position in the session", class: "replay-range" });
  const markerStrip = svg("svg", { class: "replay-markers", viewBox: "0 0 1000 20", preserveAspectRatio: "none", "aria-hidden": "true" });
  const editorBox = h("div", { class: "editor-box" });
  const output = h("div", { class: "result", "aria-live": "off" });
  const chatLog = h("ol", { class: "chat-log", "aria-label": "Chat up to here", tabindex: "0" });
  const moments = h("ol", { class: "moments" });
  const markers = replay.markers();
  const isParticipant = replay.participants.some((p) => String(p.id) === String(me.id));
  const created = toMs(room.created_at);
  fill(main,
    h("div", { class: "room-bar" },
      h("h1", { class: "room-title" }, `Replay: ${title}`),
      h("ul", { class: "people legend", "aria-label": "Participants and their colours" },
        replay.participants.map((p) => h("li", null, h("span", { class: `swatch c${colors.get(p.id)}`, "aria-hidden": "true" }), who(p.id)))),
      h("span", { class: "muted small" }, [room.language ? String(room.language) : "", created ? new Date(created).toLocaleString() : "",
        room.ended ? "ended" : "in progress (the replay reaches now)"].filter(Boolean).join(" · ")),
      isParticipant ? h("a", { href: `/rooms/${encodeURIComponent(id)}` }, "Back to the room") : null),
    h("div", { class: "replay-controls" },
      startButton, playButton, endButton, field("Speed", speed), time, phase, roles),
    h("div", { class: "scrubber" }, markerStrip, range),
    h("p", { class: "hint" }, `Pauses longer than ${IDLE_GAP_MS / 1000} s play as ${IDLE_SHOWN_MS / 1000} s`
      + (tl.gaps ? ` (${tl.gaps} of them: ${clock(tl.skipped / 1000)} skipped). ` : " (this session has none). ")
      + "Text is coloured by who wrote it."),
    h("div", { class: "replay" },
      h("section", { class: "work", "aria-label": "Code at this moment" }, editorBox),
      h("section", { class: "work replay-side", "aria-label": "Output at this moment" },
        h("h2", null, "Output"), output,
        h("h2", null, "Moments"), moments),
      h("section", { class: "chat", "aria-labelledby": "replay-chat-h" }, h("h2", { id: "replay-chat-h" }, "Chat"), chatLog)));

  const editor: Editor = createEditor({
    parent: editorBox, doc: replay.start.doc, language: String(room.language || ""), label: "Code at this moment", readOnly: true,
    extensions: [authorship(), remoteCursors()],
  });

  // ---- the markers: on the scrubber (pointer) and as a list of buttons (keyboard, screen readers) ----
  const span = Math.max(1, tl.duration);
  for (const m of markers) {
    const x = (m.p / span) * 1000;
    const cls = `marker ${m.kind}${m.ok === true ? " ok" : m.ok === false ? " failed" : ""}`;
    const mark = m.kind === "phase"
      ? svg("rect", { x: String(Math.max(0, x - 1)), y: "0", width: "2", height: "20", class: cls, "data-kind": m.kind })
      : svg("rect", { x: String(Math.max(0, x - 4)), y: m.kind === "chat" ? "12" : "2", width: "8", height: m.kind === "chat" ? "6" : "10",
        rx: "2", class: cls, "data-kind": m.kind }, svg("title", null, `${at(m.t)} ${m.label}`));
    mark.addEventListener("click", () => seek(m.p, true));
    markerStrip.append(mark);
  }
  fill(moments, markers.filter((m) => m.kind !== "chat").map((m) =>
    h("li", null, h("button", { type: "button", class: `link moment ${m.kind}`, onclick: () => seek(m.p, true) }, `${at(m.t)} ${m.label}`))));
  if (!moments.children.length) moments.append(h("li", { class: "muted" }, "No run, submit or phase change yet."));

  // ---- drawing a moment ----
  let shownVersion = replay.start.version;
  let shownChat = 0;
  let shownOutput: ReplayEvent | null | undefined;
  let shownCursors = "";
  let shownLanguage = String(room.language || "");
  let playP = 0;

  function drawOutput(e: ReplayEvent | null): void {
    if (!e) {
      fill(output, h("p", { class: "muted" }, "Nothing has been run yet."));
    } else if (e.type === "run-started" || e.type === "submit-started") {
      fill(output, h("p", { class: "run-status" }, `${at(e.t)} · ${who(e.user)} ${e.type === "run-started" ? "is running the code" : "submitted; judging"}…`));
    } else {
      const run = e.type === "run-result";
      fill(output, h("p", { class: "run-status" }, `${at(e.t)} · ${run ? "Run" : "Submission"} by ${who(e.user)}`),
        run ? runResultView(e) : submitResultView(e));
    }
  }

  function drawChat(n: number): void {
    if (n < shownChat) {
      while (chatLog.children.length > n) chatLog.lastElementChild!.remove();
    } else {
      for (const m of replay.chat.slice(shownChat, n)) {
        chatLog.append(h("li", null, h("span", { class: `chat-who author c${colors.get(Number(m.user)) ?? 0}` }, who(m.user)),
          h("span", { class: "muted small" }, at(m.t)), h("p", null, String(m.text ?? ""))));
      }
      chatLog.scrollTop = chatLog.scrollHeight;
    }
    shownChat = n;
  }

  function drawEditor(st: ReplayState): void {
    const view = editor.view;
    const effects = [];
    if (st.frame.version !== shownVersion) {
      const step = st.frame.version > shownVersion && st.frame.version - shownVersion <= STEP_MAX;
      const changes = step ? replay.changesBetween(shownVersion, st.frame.version) : null;
      view.dispatch({
        changes: changes && changes.length === view.state.doc.length ? changes : { from: 0, to: view.state.doc.length, insert: st.frame.doc },
        effects: setAuthors.of({ runs: st.frame.authors, colors }),
      });
      shownVersion = st.frame.version;
    }
    const key = JSON.stringify(st.cursors);
    if (key !== shownCursors) {
      const here = new Set(st.cursors.map((c) => c.user));
      for (const c of st.cursors) {
        effects.push(setCursor.of({ user: String(c.user), name: who(c.user), color: colors.get(c.user) ?? 2, anchor: c.anchor, head: c.head }));
      }
      for (const p of replay.participants) if (!here.has(p.id)) effects.push(removeCursor.of(String(p.id)));
      view.dispatch({ effects });
      shownCursors = key;
    }
  }

  function draw(): void {
    const t = tl.toReal(playP);
    const st = replay.stateAt(t);
    drawEditor(st);
    if (st.output !== shownOutput) {
      drawOutput(st.output);
      shownOutput = st.output;
    }
    if (st.chatCount !== shownChat) drawChat(st.chatCount);
    if (st.language && st.language !== shownLanguage) {
      editor.setLanguage(st.language);
      shownLanguage = st.language;
    }
    time.textContent = `${at(t)} / ${at(tl.end)}`;
    phase.textContent = st.phase ? (st.phase.type === "ended" ? "Ended" : `Phase: ${st.phase.name}`) : "Phase: —";
    roles.textContent = st.roles ? `${who(st.roles.driver)} drives` : "";
    range.value = String(Math.round(playP));
    main.dataset.version = String(st.frame.version);
  }

  // ---- playing ----
  let playing = false;
  let raf = 0;
  let lastTs = 0;
  function setPlaying(on: boolean): void {
    playing = on && playP < tl.duration;
    playButton.textContent = playing ? "Pause" : "Play";
    cancelAnimationFrame(raf);
    if (playing) {
      lastTs = performance.now();
      raf = requestAnimationFrame(tick);
    }
  }
  function tick(ts: number): void {
    if (!playing) return;
    playP = Math.min(tl.duration, playP + (ts - lastTs) * Number(speed.value));
    lastTs = ts;
    draw();
    if (playP >= tl.duration) setPlaying(false);
    else raf = requestAnimationFrame(tick);
  }
  function seek(p: number, stop = false): void {
    playP = Math.max(0, Math.min(tl.duration, p));
    if (stop) setPlaying(false);
    draw();
  }

  playButton.addEventListener("click", () => {
    if (!playing && playP >= tl.duration) playP = 0;      // played to the end: again from the start
    setPlaying(!playing);
  });
  startButton.addEventListener("click", () => seek(0, true));
  endButton.addEventListener("click", () => seek(tl.duration, true));
  range.addEventListener("input", () => seek(Number(range.value)));

  drawOutput(null);
  shownOutput = null;
  draw();
  // For tests and the curious: the replay, its editor and the playhead (no secrets in any).
  (window as any).pairboxReplay = { replay, get view() { return editor.view; }, seek: (p: number) => seek(p, true),
    get position() { return playP; }, markers: (): Marker[] => markers };
  signal.addEventListener("abort", () => {
    setPlaying(false);
    editor.view.destroy();
    main.parentElement?.classList.remove("wide");
    delete (window as any).pairboxReplay;
  }, { once: true });
};
