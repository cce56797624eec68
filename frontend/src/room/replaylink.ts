// room/replaylink.ts - the way to a room's replay (pages/replay.ts), from the
// ended room and from the lists of rooms.
import { h } from "../dom";

/** A link to room id's replay (in a list, the item it is in says which room). */
export function replayLink(id: string): HTMLAnchorElement {
  return h("a", { href: `/rooms/${encodeURIComponent(id)}/replay`, class: "replay-link" }, "Replay");
}

/** The ended room's invitation to watch the session again (hidden while the room is open). */
export function replayNote(id: string): HTMLElement {
  return h("p", { class: "replay-note", hidden: true }, "The session is over: ",
    h("a", { href: `/rooms/${encodeURIComponent(id)}/replay` }, "watch the replay"), ".");
}
