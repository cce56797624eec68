// replay/authorship.ts - who wrote what, as colours in a read-only editor: each
// participant's text marked with their colour (the server's own text, the
// starter code, unmarked). The runs come from the replay engine (engine.ts)
// for the document the editor shows; this only draws them.
import { StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";
import { PALETTE } from "../room/cursors";
import type { Runs } from "./engine";

/** The runs of the document now shown, and the palette index of each user id (absent: unmarked). */
export const setAuthors = StateEffect.define<{ runs: Runs; colors: Map<number, number> }>();

const marks = PALETTE.map((_, i) => Decoration.mark({ class: `cm-author c${i}` }));

function build(runs: Runs, colors: Map<number, number>, length: number): DecorationSet {
  const out: Range<Decoration>[] = [];
  let pos = 0;
  for (const [n, user] of runs) {
    const to = Math.min(length, pos + n);
    const c = colors.get(user);
    if (c !== undefined && to > pos) out.push(marks[c % marks.length]!.range(pos, to));
    pos = to;
  }
  return Decoration.set(out);
}

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) if (e.is(setAuthors)) return build(e.value.runs, e.value.colors, tr.state.doc.length);
    return tr.docChanged ? deco.map(tr.changes) : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// A tint of each colour behind the text and a line under it (colour is not the only cue: the legend
// names each person, and the text keeps its own colour for contrast).
const style = EditorView.baseTheme(Object.fromEntries(PALETTE.map((c, i) => [
  `.cm-author.c${i}`, { backgroundColor: c + "1f", borderBottom: `2px solid ${c}99` },
])));

export function authorship(): Extension {
  return [field, style];
}
