// markdown.ts - the Markdown of problem statements, hints and editorials as
// DOM nodes: headings, paragraphs, lists, fenced and indented code, block
// quotes, rules, and inline code, emphasis, strong and links. Every piece of
// text becomes a text node (no HTML is ever parsed), and a link keeps only
// an http(s) or relative address.
import { h, type Child } from "./dom";

function safeHref(href: string): string | null {
  const t = href.trim();
  if (/^(https?:)?\/\//i.test(t) || t.startsWith("/") || t.startsWith("#")) return t;
  if (/^[a-z][a-z0-9+.-]*:/i.test(t)) return null;   // javascript:, data:, ...
  return t;
}

/** Inline Markdown: `code`, **strong**, *em* / _em_, [text](href). */
export function inline(text: string): Child[] {
  const out: Child[] = [];
  const re = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+?)\*\*|__([^_]+?)__|\*([^*\s][^*]*?)\*|(?<![A-Za-z0-9])_([^_\s][^_]*?)_(?![A-Za-z0-9])|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m; (m = re.exec(text));) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(h("code", null, m[2]!.replace(/^ (.*) $/, "$1")));
    else if (m[3] !== undefined || m[4] !== undefined) out.push(h("strong", null, inline(m[3] ?? m[4]!)));
    else if (m[5] !== undefined || m[6] !== undefined) out.push(h("em", null, inline(m[5] ?? m[6]!)));
    else {
      const href = safeHref(m[8]!);
      out.push(href ? h("a", { href, rel: "noopener noreferrer", target: href.startsWith("http") || href.startsWith("//") ? "_blank" : null },
        inline(m[7]!)) : m[7]!);
    }
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const LIST = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

/** A Markdown document as a fragment of block elements. */
export function markdown(src: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  const para: string[] = [];
  const flush = () => {
    if (para.length) frag.append(h("p", null, inline(para.join(" "))));
    para.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const close = fence[1]!;
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(close); i++) body.push(lines[i]!);
      i++;
      frag.append(h("pre", null, h("code", fence[2] ? { class: `language-${fence[2]}` } : null, body.join("\n"))));
      continue;
    }
    if (!line.trim()) {
      flush();
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      // Statements start at # (the page's title is the h1): shift down one level.
      const level = Math.min(6, heading[1]!.length + 1);
      frag.append(h(`h${level}` as "h2", null, inline(heading[2]!)));
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      frag.append(h("hr"));
      i++;
      continue;
    }
    if (/^ {4}|^\t/.test(line) && !para.length) {
      const body: string[] = [];
      for (; i < lines.length && (/^ {4}|^\t/.test(lines[i]!) || !lines[i]!.trim()); i++) body.push(lines[i]!.replace(/^ {4}|^\t/, ""));
      while (body.length && !body[body.length - 1]!.trim()) body.pop();
      frag.append(h("pre", null, h("code", null, body.join("\n"))));
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const body: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]!); i++) body.push(lines[i]!.replace(/^\s*>\s?/, ""));
      const q = h("blockquote");
      q.append(markdown(body.join("\n")));
      frag.append(q);
      continue;
    }
    const item = LIST.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[2]!);
      const list = ordered ? h("ol") : h("ul");
      const start = parseInt(item[2]!, 10);
      if (ordered && start !== 1) list.setAttribute("start", String(start));
      let cur: string[] | null = null;
      const items: string[][] = [];
      for (; i < lines.length; i++) {
        const l = lines[i]!;
        const m = LIST.exec(l);
        if (m && m[1]!.length <= item[1]!.length + 1) {
          cur = [m[3]!];
          items.push(cur);
        } else if (l.trim() && /^\s+/.test(l) && cur) {
          cur.push(l.trim());             // a continuation line of the item
        } else {
          break;
        }
      }
      for (const it of items) list.append(h("li", null, inline(it.join(" "))));
      frag.append(list);
      continue;
    }
    para.push(line.trim());
    i++;
  }
  flush();
  return frag;
}

/** A statement without its first line when that is a heading of the title (the page shows the title). */
export function withoutTitle(src: string, title: string): string {
  const m = /^\s*#\s+(.*?)\s*#*\s*(\n|$)/.exec(src);
  return m && m[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? src.slice(m[0].length) : src;
}
