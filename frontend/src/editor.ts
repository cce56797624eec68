// editor.ts - CodeMirror 6 as the app uses it: basicSetup, a language mode
// per judge language (swappable), a read-only switch, and a label for
// screen readers. The editor lives in a shadow root: there CodeMirror's
// styles go into a constructed style sheet instead of a <style> element,
// which the server's Content-Security-Policy (style-src 'self') would block.
import { basicSetup } from "codemirror";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { cpp } from "@codemirror/lang-cpp";
import { java } from "@codemirror/lang-java";

/** The mode for a language name as `pairbox langs` lists it (none: plain text). */
export function languageMode(name: string): Extension {
  const n = name.toLowerCase();
  if (n.startsWith("python") || n === "pypy3") return python();
  if (n === "javascript" || n === "node" || n === "js") return javascript();
  if (n === "typescript" || n === "ts") return javascript({ typescript: true });
  if (n === "c" || n === "cpp" || n === "c++") return cpp();
  if (n === "java") return java();
  return [];
}

export interface Editor {
  view: EditorView;
  setLanguage(name: string): void;
  setReadOnly(readOnly: boolean): void;
}

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  language: string;
  label: string;
  readOnly?: boolean;
  extensions?: Extension[];
}

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px", backgroundColor: "#fff" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-content": { caretColor: "#1b1f24" },
  "&.cm-focused": { outline: "2px solid #1f4f99", outlineOffset: "-2px" },
});

export function createEditor(o: EditorOptions): Editor {
  const lang = new Compartment(), ro = new Compartment();
  const readOnly = (v: boolean) => [EditorState.readOnly.of(v), EditorView.editable.of(!v)];
  const host = document.createElement("div");
  host.className = "cm-host";
  o.parent.append(host);
  const shadow = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    parent: shadow,
    root: shadow,
    state: EditorState.create({
      doc: o.doc,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        theme,
        lang.of(languageMode(o.language)),
        ro.of(readOnly(!!o.readOnly)),
        EditorView.contentAttributes.of({ "aria-label": o.label }),
        ...(o.extensions || []),
      ],
    }),
  });
  return {
    view,
    setLanguage: (name) => view.dispatch({ effects: lang.reconfigure(languageMode(name)) }),
    setReadOnly: (v) => view.dispatch({ effects: ro.reconfigure(readOnly(v)) }),
  };
}
