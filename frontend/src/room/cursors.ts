// room/cursors.ts - the other participants' cursors and selections in the
// editor, each labelled with the person's name (as text). Positions arrive
// mapped into the current document (collab.ts) and move with every change
// after that, local or remote.
import { StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, type DecorationSet } from "@codemirror/view";

export interface RemoteCursor {
  user: string;          // a key (the user's id)
  name: string;
  color: number;         // palette index
  anchor: number;
  head: number;
}

/** The colours of the people in a room (cursors here; authorship in the replay). */
export const PALETTE = ["#b4235a", "#0f6e6e", "#7a4dbf", "#9a5b00", "#2f6f1f", "#1f4f99"];

class CaretWidget extends WidgetType {
  constructor(readonly name: string, readonly color: number) {
    super();
  }
  eq(other: CaretWidget): boolean {
    return other.name === this.name && other.color === this.color;
  }
  toDOM(): HTMLElement {
    const caret = document.createElement("span");
    caret.className = `cm-remote-caret c${this.color % PALETTE.length}`;
    caret.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.className = "cm-remote-name";
    label.textContent = this.name;           // a name is text, never markup
    caret.append(label);
    return caret;
  }
  ignoreEvent(): boolean {
    return true;
  }
}

export const setCursor = StateEffect.define<RemoteCursor>();
export const removeCursor = StateEffect.define<string>();

interface CursorState {
  cursors: Map<string, RemoteCursor>;
  deco: DecorationSet;
}

function build(cursors: Map<string, RemoteCursor>, docLength: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const c of cursors.values()) {
    const anchor = Math.min(c.anchor, docLength), head = Math.min(c.head, docLength);
    const from = Math.min(anchor, head), to = Math.max(anchor, head);
    if (from < to) ranges.push(Decoration.mark({ class: `cm-remote-sel c${c.color % PALETTE.length}` }).range(from, to));
    ranges.push(Decoration.widget({ widget: new CaretWidget(c.name, c.color), side: 1 }).range(head));
  }
  return Decoration.set(ranges, true);
}

const field = StateField.define<CursorState>({
  create: () => ({ cursors: new Map(), deco: Decoration.none }),
  update(value, tr) {
    let cursors = value.cursors;
    let changed = false;
    if (tr.docChanged) {
      cursors = new Map();
      for (const [k, c] of value.cursors) {
        cursors.set(k, { ...c, anchor: tr.changes.mapPos(c.anchor, 1), head: tr.changes.mapPos(c.head, 1) });
      }
      changed = true;
    }
    for (const e of tr.effects) {
      if (e.is(setCursor)) {
        if (!changed) cursors = new Map(cursors);
        cursors.set(e.value.user, e.value);
        changed = true;
      } else if (e.is(removeCursor) && cursors.has(e.value)) {
        if (!changed) cursors = new Map(cursors);
        cursors.delete(e.value);
        changed = true;
      }
    }
    return changed ? { cursors, deco: build(cursors, tr.state.doc.length) } : value;
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

const style = EditorView.baseTheme(Object.fromEntries([
  // Room above the first line for a name label.
  [".cm-content", { paddingTop: "16px" }],
  [".cm-remote-caret", { position: "relative", borderLeft: "2px solid", marginLeft: "-1px", marginRight: "-1px" }],
  [".cm-remote-name", {
    position: "absolute", bottom: "100%", left: "-2px", whiteSpace: "nowrap", fontSize: "11px", lineHeight: "14px",
    padding: "0 4px", borderRadius: "3px 3px 3px 0", color: "#fff", fontFamily: "system-ui, sans-serif",
    pointerEvents: "none", zIndex: "5",
  }],
  ...PALETTE.flatMap((c, i) => [
    [`.cm-remote-caret.c${i}`, { borderLeftColor: c }],
    [`.cm-remote-caret.c${i} .cm-remote-name`, { backgroundColor: c }],
    [`.cm-remote-sel.c${i}`, { backgroundColor: c + "33" }],
  ]),
]));

export function remoteCursors(): Extension {
  return [field, style];
}

/** The palette index for a user (stable for the session). */
export function colorFor(key: string): number {
  let n = 0;
  for (const ch of key) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return n % PALETTE.length;
}
