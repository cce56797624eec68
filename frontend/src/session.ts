// session.ts - who is logged in, as GET /api/v1/me says; the header and the
// pages that need a session read it here.
import { api, ApiError, type Me } from "./api";
import { navigate } from "./router";

let me: Me | null = null;
let known = false;
const listeners = new Set<() => void>();

export function currentUser(): Me | null {
  return me;
}

export function setUser(user: Me | null): void {
  me = user;
  known = true;
  for (const f of listeners) f();
}

export function onUserChange(f: () => void): void {
  listeners.add(f);
}

/** Ask the server once (then the cached answer): the user, or null. */
export async function loadUser(force = false): Promise<Me | null> {
  if (known && !force) return me;
  try {
    setUser(await api.me());
  } catch (e) {
    // 401: nobody is logged in. Anything else: the same for the pages, which
    // show the server's error when they call it themselves.
    if (!(e instanceof ApiError)) throw e;
    setUser(null);
  }
  return me;
}

/** The user, or a trip to the log-in page that comes back here. */
export async function requireUser(): Promise<Me | null> {
  const u = await loadUser();
  if (!u) navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  return u;
}
