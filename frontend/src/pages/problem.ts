// pages/problem.ts - one problem of the bank: its statement and samples, and
// an editor to practise it alone (POST /api/v1/problems/:slug/run on the
// samples or custom input, /submit?wait=true against every test).
import { api, ApiError, request, type Problem } from "../api";
import { h, fill, field } from "../dom";
import { type Page } from "../router";
import { markdown, withoutTitle } from "../markdown";
import { createEditor, type Editor } from "../editor";
import { verdict } from "../room/output";

const ANY_LANGUAGE = ["python3", "cpp", "c", "java", "javascript", "typescript", "go", "rust", "kotlin", "csharp", "ruby"];

function results(r: any): HTMLElement {
  const v = verdict(r.status);
  const tests: any[] = Array.isArray(r.tests) ? r.tests : [];
  const passed = tests.filter((t) => verdict(t.status).ok).length;
  return h("div", { class: "result" },
    h("p", { class: `verdict ${v.ok === false ? "bad" : v.ok ? "good" : ""}` }, h("strong", null, v.text),
      tests.length ? ` (${passed} of ${tests.length} tests passed)` : ""),
    r.compile_output ? h("div", { class: "stream" }, h("h4", null, "Compiler output"), h("pre", null, String(r.compile_output))) : null,
    tests.length ? h("table", { class: "tests" },
      h("caption", null, "Tests"),
      h("thead", null, h("tr", null, ["Test", "Verdict", "Time", "Output"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, tests.map((t) => {
        const tv = verdict(t.status);
        return h("tr", { class: tv.ok === false ? "bad" : tv.ok ? "good" : "" },
          h("td", null, String(t.name ?? "")), h("td", null, tv.text),
          h("td", null, t.time !== undefined && t.time !== null ? `${t.time} s` : ""),
          h("td", null, typeof t.stdout === "string" && t.stdout ? h("pre", null, t.stdout) : typeof t.stderr === "string" && t.stderr
            ? h("pre", { class: "bad" }, t.stderr) : ""));
      }))) : null,
    r.message ? h("p", { class: "muted" }, String(r.message)) : null);
}

export const problemPage: Page = async ({ main, params, signal }) => {
  let p: Problem;
  try {
    p = await api.problem(params.slug!, signal);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      fill(main, h("h1", null, "Problem not found"), h("p", null, h("a", { href: "/problems" }, "Back to the problems")));
      return;
    }
    throw e;
  }
  document.title = `${p.title} · pairbox`;
  const statement = h("article", { class: "statement card" }, markdown(withoutTitle(p.statement || "", p.title)));
  if (p.samples?.length) {
    statement.append(h("h2", null, "Samples"), ...p.samples.map((s) => h("div", { class: "sample" },
      h("h3", null, s.name),
      h("div", { class: "sample-io" },
        h("div", null, h("span", { class: "muted small" }, "Input"), h("pre", null, s.input ?? "")),
        h("div", null, h("span", { class: "muted small" }, "Output"), h("pre", null, s.output ?? ""))))));
  }
  const languages = p.function ? p.starter_languages : ANY_LANGUAGE;
  const language = h("select", null, languages.map((l) => h("option", { value: l }, l)));
  const saved = localStorage.getItem("pairbox-language");
  if (saved && languages.includes(saved)) language.value = saved;
  const input = h("textarea", { rows: 3, class: "mono", spellcheck: "false" });
  const run = h("button", { type: "button", class: "primary" }, "Run");
  const submit = h("button", { type: "button" }, "Submit");
  const status = h("p", { role: "status", "aria-live": "polite" });
  const out = h("div");
  const box = h("div", { class: "editor-box solo" });
  const drafts = (l: string) => `pairbox-draft:${p.slug}:${l}`;
  const starter = (l: string) => localStorage.getItem(drafts(l)) ?? p.starter_code?.[l] ?? "";
  fill(main,
    h("p", { class: "crumbs" }, h("a", { href: "/problems" }, "Problems"), " / "),
    h("h1", null, p.title),
    h("p", { class: "muted" }, [p.difficulty, ...p.tags].filter(Boolean).join(" · ")),
    h("div", { class: "two wide-left" }, statement,
      h("section", { class: "card", "aria-labelledby": "solo-h" },
        h("h2", { id: "solo-h" }, "Practise alone"),
        field("Language", language), box,
        field("Custom input", input, p.function ? "One JSON value per parameter, one per line. Empty: run the samples." : "Empty: run the samples."),
        h("div", { class: "buttons" }, run, submit), status, out)));

  const editor: Editor = createEditor({ parent: box, doc: starter(language.value), language: language.value, label: "Code editor" });
  signal.addEventListener("abort", () => editor.view.destroy(), { once: true });
  let saveTimer = 0;
  const save = () => localStorage.setItem(drafts(language.value), editor.view.state.doc.toString());
  editor.view.dom.addEventListener("keyup", () => { clearTimeout(saveTimer); saveTimer = window.setTimeout(save, 500); });
  language.addEventListener("change", () => {
    localStorage.setItem("pairbox-language", language.value);
    editor.view.dispatch({ changes: { from: 0, to: editor.view.state.doc.length, insert: starter(language.value) } });
    editor.setLanguage(language.value);
  });

  async function judge(kind: "run" | "submit"): Promise<void> {
    save();
    run.disabled = submit.disabled = true;
    status.textContent = kind === "run" ? "Running…" : "Judging against every test…";
    fill(out);
    const body: Record<string, string> = { language: language.value, source: editor.view.state.doc.toString() };
    if (kind === "run" && input.value.trim()) body.input = input.value;
    try {
      const path = `/api/v1/problems/${encodeURIComponent(p.slug)}/${kind === "run" ? "run" : "submit?wait=true"}`;
      const r = await request("POST", path, { body, signal });
      status.textContent = `${kind === "run" ? "Run" : "Submission"}: ${verdict(r.status).text}`;
      fill(out, results(r));
    } catch (e) {
      if (!signal.aborted) status.textContent = (e as Error).message;
    } finally {
      run.disabled = submit.disabled = false;
    }
  }
  run.addEventListener("click", () => void judge("run"));
  submit.addEventListener("click", () => void judge("submit"));
};
