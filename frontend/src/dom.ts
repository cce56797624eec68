// dom.ts - a small DOM helper: elements from a tag, properties and children.
// Strings always become text nodes (never HTML): text from users, the server
// or the URL is shown as typed, whatever it holds.

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (ev: any) => void;
export type Props = Record<string, string | number | boolean | Handler | null | undefined>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

function setProps(el: Element, props: Props | null | undefined): void {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.setAttribute("class", String(value));
    } else if (key === "value" || key === "checked" || key === "selected") {
      (el as any)[key] = value;          // the live property, not the initial attribute
    } else if (typeof value === "function") {
      throw new Error(`dom: ${key} is not an event`);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

/** An HTML element: h("button", {type: "button", onclick}, "Run"). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, props?: Props | null, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

/** An SVG element (the timer ring). */
export function svg(tag: string, props?: Props | null, ...children: Child[]): SVGElement {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setProps(el, props);
  append(el, children);
  return el;
}

/** Replace an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A fresh id for label/for and aria-* pairs. */
export function uid(prefix: string): string {
  return `${prefix}-${++ids}`;
}

/** A labelled form field: the label, then the control (given an id if it has none). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid("f");
  const parts: Child[] = [h("label", { for: control.id }, label), control];
  if (hint) {
    const hid = uid("hint");
    control.setAttribute("aria-describedby", hid);
    parts.push(h("p", { class: "hint", id: hid }, hint));
  }
  return h("div", { class: "field" }, parts);
}

/** Seconds as m:ss (or h:mm:ss). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
}
