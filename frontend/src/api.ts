// api.ts - the server's HTTP API (docs/platform.md, docs/api.md) as typed calls.
// The session is the HttpOnly cookie the server sets; the page never sees it.

export class ApiError extends Error {
  constructor(public status: number, public body: any, message: string) {
    super(message);
  }
  /** The messages for one field of a 422 ({"field": ["message", ...]}). */
  field(name: string): string | null {
    const v = this.body && typeof this.body === "object" ? this.body[name] : null;
    return Array.isArray(v) ? v.join("; ") : null;
  }
}

/** A readable sentence for any answer that is not 2xx. */
function describe(status: number, body: any): string {
  if (body && typeof body === "object") {
    if (typeof body.error === "string") return body.error;
    const parts = Object.entries(body)
      .filter(([, v]) => Array.isArray(v))
      .map(([k, v]) => `${k.replace(/_/g, " ")} ${(v as string[]).join("; ")}`);
    if (parts.length) return parts.join(". ");
  }
  if (status === 429) return "too many requests: try again in a minute";
  if (status >= 500) return `the server could not answer (HTTP ${status})`;
  return `HTTP ${status}`;
}

export interface RequestOptions {
  body?: unknown;              // JSON-encoded, unless a Blob (sent as is)
  contentType?: string;
  signal?: AbortSignal;
}

export async function request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) {
    body = opts.body;
    headers["Content-Type"] = opts.contentType || opts.body.type || "application/octet-stream";
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] = "application/json";
  }
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) init.body = body;
  if (opts.signal) init.signal = opts.signal;
  const r = await fetch(path, init);
  const text = await r.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!r.ok) throw new ApiError(r.status, data, describe(r.status, data));
  return data as T;
}

// ---- the shapes the app reads (docs/platform.md) ----

export interface UserRef {
  id: number | string;
  username?: string;
  display_name?: string;
}

export interface Me {
  id: number | string;
  username: string;
  display_name: string;
  bio?: string;
  city?: string;
  country?: string;
  organisation?: string;
  languages?: string[];
  level?: string;
  rating?: number;
  avatar_url?: string | null;
  created_at?: string | number;
}

export interface ProblemSummary {
  slug: string;
  title: string;
  difficulty: string | null;
  tags: string[];
  function: boolean;
  starter_languages: string[];
  sample_count: number;
  test_count: number;
}

export interface ProblemList {
  problems: ProblemSummary[];
  meta: { current_page: number; next_page: number | null; total_pages: number; total_count: number };
}

export interface Sample {
  name: string;
  input: string | null;
  output: string | null;
}

export interface Problem extends ProblemSummary {
  statement: string;
  statement_format?: string;
  samples: Sample[];
  signature?: unknown;
  starter_code?: Record<string, string>;
  hints?: string[];
  editorial?: string;
  time_limit?: number | null;
  memory_limit?: number | null;
}

/** A submit as the dashboard shows it (docs/platform.md, "Dashboard"). */
export interface DashSubmit {
  status: { id: number; description: string };
  passed: number;
  total: number;
  at: number;
}

/** One session of GET /api/v1/me/sessions. */
export interface DashSession {
  id: string;
  problem: { slug: string; title: string; difficulty: string; tags: string[] };
  language: string;
  partner: { id: number; username: string | null; display_name: string } | null;
  created_at: number;
  phase: { name: string; index: number; count: number };
  ended: boolean;
  ended_at: number | null;
  verdicts: { runs: number; submits: number; accepted: number; best: DashSubmit | null; last: DashSubmit | null };
  replay: string;
}

export interface DashSessionPage {
  sessions: DashSession[];
  meta: { current_page: number; next_page: number | null; prev_page: number | null; per_page: number; total_pages: number; total_count: number };
}

/** Sessions on one tag or difficulty: how many, submitted, solved, the mean best fraction of tests passed. */
export interface DashBucket {
  tag?: string;
  difficulty?: string;
  sessions: number;
  submitted: number;
  solved: number;
  mean_passed: number | null;
}

/** GET /api/v1/me/stats. Days are UTC dates (YYYY-MM-DD). */
export interface DashStats {
  totals: { sessions: number; ended: number; runs: number; submits: number; accepted_submits: number; solved: number };
  by_tag: DashBucket[];
  by_difficulty: DashBucket[];
  activity: { weeks: number; from: string; to: string; days: { date: string; sessions: number; submits: number }[] };
  streaks: { current: number; longest: number; last_day: string | null; today: string };
}

export const api = {
  me: (signal?: AbortSignal) => request<Me>("GET", "/api/v1/me", signal ? { signal } : {}),
  signup: (username: string, password: string, display_name?: string) =>
    request<Me>("POST", "/api/v1/auth/signup", { body: display_name ? { username, password, display_name } : { username, password } }),
  login: (username: string, password: string) => request<Me>("POST", "/api/v1/auth/login", { body: { username, password } }),
  logout: () => request<null>("POST", "/api/v1/auth/logout", { body: {} }),
  updateMe: (fields: Partial<Me>) => request<Me>("PATCH", "/api/v1/me", { body: fields }),
  deleteMe: () => request<null>("DELETE", "/api/v1/me"),
  avatar: (file: Blob) => request<{ avatar_url: string }>("PUT", "/api/v1/me/avatar", { body: file }),
  problems: (query: Record<string, string>, signal?: AbortSignal) =>
    request<ProblemList>("GET", "/api/v1/problems?" + new URLSearchParams(query).toString(), signal ? { signal } : {}),
  problem: (slug: string, signal?: AbortSignal) =>
    request<Problem>("GET", `/api/v1/problems/${encodeURIComponent(slug)}`, signal ? { signal } : {}),
  joinLobby: (language: string, difficulty: string, topics: string[]) =>
    request<{ state: string; waited_s: number }>("POST", "/api/v1/lobby", { body: { language, difficulty, topics } }),
  pollLobby: (wait: number, signal?: AbortSignal) =>
    request<{ state: string; room?: number | string; waited_s: number }>("GET", `/api/v1/lobby?wait=${wait}`, signal ? { signal } : {}),
  leaveLobby: () => request<null>("DELETE", "/api/v1/lobby"),
  rooms: (signal?: AbortSignal) => request<any>("GET", "/api/v1/rooms", signal ? { signal } : {}),
  room: (id: string, signal?: AbortSignal) => request<any>("GET", `/api/v1/rooms/${encodeURIComponent(id)}`, signal ? { signal } : {}),
  mySessions: (page: number, perPage: number, signal?: AbortSignal) =>
    request<DashSessionPage>("GET", `/api/v1/me/sessions?page=${page}&per_page=${perPage}`, signal ? { signal } : {}),
  myStats: (weeks: number, signal?: AbortSignal) =>
    request<DashStats>("GET", `/api/v1/me/stats?weeks=${weeks}`, signal ? { signal } : {}),
  /** One page of a room's replay (replay/engine.ts reads it). */
  replay: (id: string, after: number, signal?: AbortSignal) =>
    request<any>("GET", `/api/v1/rooms/${encodeURIComponent(id)}/replay?after=${after}`, signal ? { signal } : {}),
};

/** A user's name to show: display name, else username, else "user N". */
export function nameOf(u: UserRef | null | undefined): string {
  if (!u) return "someone";
  return u.display_name || u.username || `user ${u.id}`;
}

/** A timestamp from the server (Unix seconds, Unix ms or ISO text) as ms. */
export function toMs(t: unknown): number {
  if (typeof t === "number") return t < 1e12 ? t * 1000 : t;
  if (typeof t === "string") {
    const n = Number(t);
    if (t.trim() !== "" && Number.isFinite(n)) return toMs(n);
    const d = Date.parse(t);
    return Number.isFinite(d) ? d : 0;
  }
  return 0;
}
