// router.ts - the app's pages by path (History API). The server answers
// index.html for the same paths (api/webapp.c's app_routes): keep the two
// lists alike. Each page gets an AbortSignal that fires when it is left,
// which ends its polls, sockets and timers.

export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  main: HTMLElement;
  signal: AbortSignal;
}

export type Page = (ctx: PageContext) => void | Promise<void>;

interface Route {
  pattern: string;
  page: Page;
}

const routes: Route[] = [];
let current: AbortController | null = null;
export type RouteContext = Omit<PageContext, "main">;
let render: ((page: Page, ctx: RouteContext) => Promise<void>) | null = null;
let notFound: Page | null = null;

export function route(pattern: string, page: Page): void {
  routes.push({ pattern, page });
}

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(":")) {
      try {
        params[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  return params;
}

async function show(): Promise<void> {
  current?.abort();
  const ctl = new AbortController();
  current = ctl;
  const path = location.pathname;
  const query = new URLSearchParams(location.search);
  for (const r of routes) {
    const params = match(r.pattern, path);
    if (params) {
      await render!(r.page, { params, query, signal: ctl.signal });
      return;
    }
  }
  await render!(notFound!, { params: {}, query, signal: ctl.signal });
}

/** Go to an app path (pushes history), or replace the current entry. */
export function navigate(to: string, replace = false): void {
  const url = new URL(to, location.href);
  if (url.origin !== location.origin) {
    location.href = url.href;
    return;
  }
  if (replace) history.replaceState(null, "", url.pathname + url.search + url.hash);
  else history.pushState(null, "", url.pathname + url.search + url.hash);
  void show();
}

/** Re-render the current page (after logging in or out). */
export function refresh(): void {
  void show();
}

/** Does the app handle this path itself (a link to it needs no page load)? */
export function handles(path: string): boolean {
  return routes.some((r) => match(r.pattern, path) !== null);
}

export function start(renderer: (page: Page, ctx: RouteContext) => Promise<void>, missing: Page): void {
  render = renderer;
  notFound = missing;
  window.addEventListener("popstate", () => void show());
  // Plain links to the app's own pages change the page without a reload.
  document.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element | null)?.closest?.("a");
    if (!a || a.target || a.hasAttribute("download")) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !handles(url.pathname)) return;
    // A link within this page (the skip link): the browser's own jump.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    ev.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  void show();
}
