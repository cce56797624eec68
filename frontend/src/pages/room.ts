// pages/room.ts - a pair-practice room: the problem pane, the shared editor
// (@codemirror/collab over the room's WebSocket, collab.ts), remote cursors
// with names, the output pane (Run, Submit), the phase ring, roles and the
// swap, the chat, and the connection's state. Every message of
// docs/realtime.md is handled here or in the pane it belongs to.
import { api, ApiError, nameOf, type UserRef } from "../api";
import { h, fill, field } from "../dom";
import { type Page } from "../router";
import { requireUser } from "../session";
import { createEditor, type Editor } from "../editor";
import { EditorView } from "@codemirror/view";
import { Channel, type ChannelStatus } from "../room/channel";
import { CollabClient } from "../room/collab";
import { remoteCursors, setCursor, removeCursor, colorFor } from "../room/cursors";
import { TimerRing } from "../room/timer";
import { OutputPane } from "../room/output";
import { ChatPane } from "../room/chat";
import { ProblemPane } from "../room/problempane";
import { CallPanel } from "../room/callview";
import { RoomExtras } from "../room/invited";
import { replayNote } from "../room/replaylink";
import { FeedbackPanel } from "../room/feedback";

/** Push errors after which the local unconfirmed edits can never be accepted. */
const FATAL_PUSH = new Set(["not-driver", "bad-changes", "too-big", "ended"]);

function userKey(u: unknown): string {
  if (u && typeof u === "object") return String((u as UserRef).id ?? (u as UserRef).username ?? "");
  return String(u ?? "");
}

export const roomPage: Page = async ({ main, params, signal }) => {
  const me = await requireUser();
  if (!me) return;
  const id = params.id!;
  document.title = "Room · pairbox";
  let room: any;
  try {
    room = await api.room(id, signal);
  } catch (e) {
    if (signal.aborted) return;
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
      fill(main, h("h1", null, "Room not found"), h("p", null, "This room does not exist, or you are not one of its participants "
        + "(or a spectator with a valid link). ",
        h("a", { href: "/" }, "Go home"), "."));
      return;
    }
    throw e;
  }
  main.parentElement?.classList.add("wide");

  // ---- who is who ----
  const people = new Map<string, UserRef>();
  let you: { id: unknown; role: string } = { id: me.id, role: room.you?.role || "observer" };
  const remember = (u: unknown) => {
    if (u && typeof u === "object" && userKey(u)) people.set(userKey(u), u as UserRef);
  };
  const who = (u: unknown): string => {
    remember(u);
    const k = userKey(u);
    if (k && k === String(you.id)) return "You";
    return nameOf(people.get(k) ?? (k ? { id: k } : null));
  };
  const isMe = (u: unknown) => userKey(u) === String(you.id);

  // ---- the page ----
  const title = h("h1", { class: "room-title" }, String(room.problem?.title || `Room ${id}`));
  const conn = h("span", { class: "conn connecting", role: "status", "aria-live": "polite" }, "Connecting…");
  const reconnect = h("button", { type: "button", class: "link", hidden: true }, "Reconnect now");
  const roleBadge = h("span", { class: "badge role" }, "");
  const swap = h("button", { type: "button" }, "Request role swap");
  const next = h("button", { type: "button" }, "Next phase");
  const participants = h("ul", { class: "people", "aria-label": "Participants" });
  const language = h("select", null);
  const mode = h("select", null, h("option", { value: "driver" }, "Driver only"), h("option", { value: "both" }, "Both"));
  const note = h("p", { class: "room-note", role: "status", "aria-live": "polite" });
  const timer = new TimerRing();
  const pane = new ProblemPane(`room${id}`);
  const editorBox = h("div", { class: "editor-box" });
  const readOnlyNote = h("p", { class: "muted small" });
  const replayBox = replayNote(id);

  let channel: Channel | null = null;
  const send = (msg: object) => channel?.send(msg) ?? false;
  const client = new CollabClient({ send });
  const output = new OutputPane({
    run: (stdin) => send(stdin === null ? { type: "run", language: room.language } : { type: "run", language: room.language, stdin }),
    submit: () => send({ type: "submit", language: room.language }),
  }, who);
  const chat = new ChatPane((text) => send({ type: "chat", text }), who, isMe);
  const call = new CallPanel(id, send, who);    // the audio call, above the chat
  const extras = new RoomExtras(id, () => you.id, who, (text) => chat.system(text));
  const feedback = new FeedbackPanel(id, signal);   // shown to the participants once the room has ended

  fill(main,
    h("div", { class: "room-bar" },
      title, timer.el,
      h("div", { class: "room-meta" }, roleBadge, swap, next, participants, conn, reconnect),
      h("div", { class: "room-settings" }, field("Language", language), field("Who can edit", mode))),
    note, extras.el, feedback.el,
    h("div", { class: "room" },
      pane.el,
      h("section", { class: "work", "aria-label": "Code" },
        editorBox, readOnlyNote, replayBox, h("p", { class: "hint" }, "Tab indents; press Esc, then Tab, to leave the editor."), output.el),
      h("div", { class: "side" }, call.el, chat.el)));

  let editor: Editor | null = null;
  let rebuild = false;
  let swapAsked: "me" | "them" | null = null;
  let nextAsked: "me" | "them" | null = null;

  // ---- rendering the room's state ----
  function canEdit(): boolean {
    return !room.ended && you.role !== "spectator" && (room.mode === "both" || you.role === "driver");
  }

  function renderState(): void {
    const driver = you.role === "driver", watching = you.role === "spectator";
    roleBadge.textContent = watching ? "You are watching" : driver ? "You are driving" : "You are observing";
    roleBadge.className = `badge role ${watching ? "spectator" : driver ? "driver" : "observer"}`;
    swap.hidden = next.hidden = watching;
    swap.textContent = swapAsked === "them" ? "Agree to swap roles" : swapAsked === "me" ? "Swap requested" : "Request role swap";
    swap.disabled = swapAsked === "me" || !!room.ended;
    next.textContent = nextAsked === "them" ? "Agree: next phase" : nextAsked === "me" ? "Next phase requested" : "Next phase";
    next.disabled = nextAsked === "me" || !!room.ended;
    fill(participants, (room.participants || []).map((p: any) => {
      const u = p.user ?? p;
      remember(u);
      return h("li", { class: p.online ? "online" : "offline" },
        h("span", { class: "dot", "aria-hidden": "true" }), who(u), h("span", { class: "muted small" },
          ` · ${p.role === "driver" ? "driver" : "observer"} · ${p.online ? "online" : "offline"}`));
    }));
    const langs = new Set<string>(Object.keys(room.problem?.starter_code || {}));
    if (room.language) langs.add(room.language);
    fill(language, [...langs].sort().map((l) => h("option", { value: l }, l)));
    language.value = room.language || "";
    language.disabled = !driver || !!room.ended;
    mode.value = room.mode === "both" ? "both" : "driver";
    mode.disabled = !driver || !!room.ended;
    const editable = canEdit();
    editor?.setReadOnly(!editable);
    replayBox.hidden = !room.ended;
    readOnlyNote.textContent = room.ended ? "The session has ended: the code is read-only."
      : watching ? "You are watching: spectators see everything and change nothing."
        : editable ? "" : "Only the driver edits now; ask for a swap to take over.";
    timer.set(room.waiting ? null : room.phase || null, !!room.ended);
    extras.render(room, you.role);
    if (room.ended && !watching && feedback.el.hidden) void feedback.show();
    pane.setPhases(room.phases || [], room.ended ? (room.phases || []).length : room.phase?.index ?? -1);
    output.setUsable(!room.ended && !watching && !!channel?.isOpen);
    chat.setUsable(!watching && !!channel?.isOpen);
  }

  async function refetch(): Promise<void> {
    try {
      const fresh = await api.room(id, signal);
      room.problem = fresh.problem;
      pane.setProblem(room.problem);
    } catch {
      /* the pane keeps what it has */
    }
  }

  // ---- the editor ----
  let cursorTimer = 0;
  function sendCursor(): void {
    clearTimeout(cursorTimer);
    cursorTimer = window.setTimeout(() => {
      if (!editor || client.pending) return;     // positions must be at a server version: wait for the push
      const sel = editor.view.state.selection.main;
      send({ type: "cursor", anchor: sel.anchor, head: sel.head });
    }, 80);
  }
  client.onSettled = sendCursor;

  function makeEditor(doc: string, version: number): void {
    editor?.view.destroy();
    fill(editorBox);
    editor = createEditor({
      parent: editorBox, doc, language: room.language || "", label: "Code editor", readOnly: !canEdit(),
      extensions: [
        client.extension(version),
        remoteCursors(),
        EditorView.updateListener.of((u) => {
          if (u.selectionSet || u.docChanged) sendCursor();
        }),
      ],
    });
  }

  // ---- messages ----
  function onMessage(msg: any): void {
    call.handle(msg);
    if (extras.handle(msg, room)) return renderState();
    switch (msg.type) {
      case "welcome": {
        if (msg.room) room = { ...room, ...msg.room };
        if (msg.you) {
          remember(msg.you);
          you = { id: msg.you.id, role: msg.you.role || "observer" };
        }
        pane.setProblem(room.problem);
        // The chat so far (the page keeps what it showed; repeats are dropped by id).
        if (Array.isArray(msg.chat)) for (const m of msg.chat) chat.add(m);
        if (!editor || rebuild || msg.version < client.version) {
          if (editor && !rebuild) chat.system("The server's copy is older than this page's: the editor was reloaded from it.");
          rebuild = false;
          makeEditor(String(msg.doc ?? ""), msg.version);
        }
        client.connectedAgain(msg.version);
        renderState();
        break;
      }
      case "updates":
        client.receiveUpdates(msg);
        break;
      case "push-rejected":
        client.rejected(msg);
        break;
      case "cursor": {
        if (isMe(msg.user) || !editor) break;
        const anchor = client.mapFrom(msg.version ?? client.version, msg.anchor);
        const head = client.mapFrom(msg.version ?? client.version, msg.head);
        if (anchor === null || head === null) break;
        const key = userKey(msg.user);
        editor.view.dispatch({ effects: setCursor.of({ user: key, name: who(msg.user), color: colorFor(key), anchor, head }) });
        break;
      }
      case "presence": {
        const key = userKey(msg.user);
        for (const p of room.participants || []) if (userKey(p.user ?? p) === key) p.online = !!msg.online;
        if (!msg.online) editor?.view.dispatch({ effects: removeCursor.of(key) });
        if (!isMe(msg.user)) chat.system(`${who(msg.user)} ${msg.online ? "joined" : "left"}.`);
        renderState();
        break;
      }
      case "chat":
        chat.add(msg);
        break;
      case "phase": {
        const changed = room.phase?.name !== msg.name;
        room.phase = { name: msg.name, index: msg.index, started_at: msg.started_at, ends_at: msg.ends_at };
        nextAsked = null;
        if (changed) {
          chat.system(`Phase: ${msg.name}.`);
          void refetch();              // hints and the editorial open with the phases
        }
        renderState();
        break;
      }
      case "roles": {
        const d = userKey(msg.driver), o = userKey(msg.observer);
        for (const p of room.participants || []) {
          const k = userKey(p.user ?? p);
          if (k === d) p.role = "driver";
          else if (k === o) p.role = "observer";
        }
        if (d === String(you.id)) you.role = "driver";
        else if (o === String(you.id)) you.role = "observer";
        swapAsked = null;
        if (msg.reason !== "start") chat.system(`${who(msg.driver)} ${isMe(msg.driver) ? "are" : "is"} driving now${msg.reason === "midpoint" ? " (the midpoint swap)" : ""}.`);
        renderState();
        break;
      }
      case "swap-requested":
        swapAsked = isMe(msg.by) ? "me" : "them";
        if (swapAsked === "them") chat.system(`${who(msg.by)} asks to swap roles.`);
        renderState();
        break;
      case "next-requested":
        nextAsked = isMe(msg.by) ? "me" : "them";
        if (nextAsked === "them") chat.system(`${who(msg.by)} would like to move on to the next phase.`);
        renderState();
        break;
      case "mode":
        room.mode = msg.mode;
        chat.system(msg.mode === "both" ? "Both of you can edit now." : "Only the driver edits now.");
        renderState();
        break;
      case "language":
        room.language = msg.language;
        editor?.setLanguage(msg.language);
        renderState();
        break;
      case "ended":
        room.ended = true;
        chat.system("The session has ended. The code stays here, read-only.");
        void refetch();
        renderState();
        break;
      case "error":
        if (msg.in === "push") {
          if (FATAL_PUSH.has(msg.code)) {
            // The unconfirmed edits can never be accepted: start again from the server's copy.
            note.textContent = `Your last edit was not applied (${msg.message || msg.code}); the editor was reloaded.`;
            rebuild = true;
            channel?.drop();
          } else {
            client.rejected({ version: client.version });
          }
        } else if (msg.in === "run" || msg.in === "submit") {
          output.handle(msg);
        } else {
          note.textContent = String(msg.message || msg.code || "error");
        }
        break;
      default:
        if (/^(run|submit)-/.test(msg.type)) output.handle(msg);
    }
  }

  function onStatus(status: ChannelStatus, detail: string): void {
    const text: Record<ChannelStatus, string> = {
      connecting: "Connecting…",
      open: "Connected",
      reconnecting: "Reconnecting…",
      closed: "Disconnected",
    };
    conn.textContent = text[status] + (detail && status !== "open" ? ` (${detail})` : "");
    conn.className = `conn ${status}`;
    reconnect.hidden = status !== "reconnecting";
    if (status !== "open") client.disconnected();
    if (status === "closed") note.textContent = "This page is no longer connected to the room. Reload to try again.";
    renderState();
  }

  // ---- controls ----
  swap.addEventListener("click", () => {
    if (send({ type: "swap" }) && swapAsked !== "them") swapAsked = "me";
    renderState();
  });
  next.addEventListener("click", () => {
    if (send({ type: "next" }) && nextAsked !== "them") nextAsked = "me";
    renderState();
  });
  language.addEventListener("change", () => send({ type: "language", language: language.value }));
  mode.addEventListener("change", () => send({ type: "mode", mode: mode.value }));
  reconnect.addEventListener("click", () => channel?.retryNow());

  pane.setProblem(room.problem);
  renderState();
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  channel = new Channel(`${scheme}://${location.host}/api/v1/rooms/${encodeURIComponent(id)}/ws`,
    { message: onMessage, status: onStatus });
  // For tests and the curious: the page's channel and editor (no secrets in either).
  (window as any).pairboxRoom = { channel, client, call: call.call, get view() { return editor?.view; } };
  signal.addEventListener("abort", () => {
    call.destroy();                  // says bye while the channel is still open
    channel?.close();
    timer.destroy();
    editor?.view.destroy();
    clearTimeout(cursorTimer);
    main.parentElement?.classList.remove("wide");
    delete (window as any).pairboxRoom;
  }, { once: true });
};
