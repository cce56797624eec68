// replay/engine.ts - a room's replay as a pure function of time: the pages of
// GET /api/v1/rooms/:id/replay (docs/platform.md "Replay") in, the room's
// state at any moment out (the document, who wrote each part of it, the
// cursors, the chat so far, the latest run or submit, the phase, roles, mode
// and language). No DOM: the page (pages/replay.ts) draws what this says,
// and tests and benchmarks run it in Node.
//
// Seeking: from the nearest snapshot at or before the version (the server
// writes one every snapshot_every versions, with its authors), the updates
// after it applied with @codemirror/state; playing forward applies the few
// updates since the last frame instead. Time: the session's real clock,
// with idle stretches (no update and no event for more than IDLE_GAP_MS)
// played as IDLE_SHOWN_MS (Timeline).
import { ChangeSet, EditorSelection, Text } from "@codemirror/state";

/** [units, user id]: a stretch of the document written by one user (0: the server). */
export type Runs = [number, number][];

export interface ReplayUpdate {
  version: number;
  user: number;
  t: number;
  changes: unknown;
}

export interface ReplaySnapshot {
  version: number;
  t?: number;
  doc: string;
  authors: Runs;
}

export interface ReplayEvent {
  type: string;
  t: number;
  [key: string]: any;
}

export interface ReplayParticipant {
  id: number;
  username: string | null;
  display_name: string;
  slot: number;
}

export interface ReplayPage {
  room: any;
  participants: ReplayParticipant[];
  started_at: number;
  snapshot_every: number;
  start: ReplaySnapshot;
  snapshots: ReplaySnapshot[];
  updates: ReplayUpdate[];
  events: ReplayEvent[];
  version: number;
  seq: number;
  next_after: number | null;
}

export const IDLE_GAP_MS = 5000;
export const IDLE_SHOWN_MS = 1000;

/** Authors after a change set whose inserted text user wrote (kept text keeps its authors). */
export function applyAuthors(runs: Runs, changes: ChangeSet, user: number): Runs {
  const out: Runs = [];
  let ri = 0, off = 0, pos = 0;
  const push = (len: number, a: number) => {
    if (len <= 0) return;
    const last = out[out.length - 1];
    if (last && last[1] === a) last[0] += len;
    else out.push([len, a]);
  };
  const walk = (n: number, keep: boolean) => {
    while (n > 0 && ri < runs.length) {
      const [len, a] = runs[ri]!;
      const take = Math.min(n, len - off);
      if (keep) push(take, a);
      n -= take;
      off += take;
      if (off === len) {
        ri++;
        off = 0;
      }
    }
  };
  changes.iterChanges((fromA, toA, fromB, toB) => {
    walk(fromA - pos, true);
    walk(toA - fromA, false);
    push(toB - fromB, user);
    pos = toA;
  });
  walk(changes.length - pos, true);
  return out;
}

/** The session's clock against the player's: gaps longer than IDLE_GAP_MS play as IDLE_SHOWN_MS. */
export class Timeline {
  /** Segments from each compressed gap on: [real start, play start, play ms per real ms]. */
  private readonly seg: [number, number, number][] = [];
  readonly start: number;
  readonly end: number;
  /** Play time of the whole session, and the real time the compressed gaps removed. */
  readonly duration: number;
  readonly skipped: number;
  readonly gaps: number;

  constructor(times: number[]) {
    const t = [...times].sort((a, b) => a - b);
    this.start = t.length ? t[0]! : 0;
    this.end = t.length ? t[t.length - 1]! : 0;
    let play = 0, skipped = 0, gaps = 0;
    this.seg.push([this.start, 0, 1]);
    for (let i = 1; i < t.length; i++) {
      const gap = t[i]! - t[i - 1]!;
      if (gap <= IDLE_GAP_MS) {
        play += gap;
        continue;
      }
      // The gap itself plays slowly, then the clock runs at 1 again.
      this.seg.push([t[i - 1]!, play, IDLE_SHOWN_MS / gap]);
      play += IDLE_SHOWN_MS;
      this.seg.push([t[i]!, play, 1]);
      skipped += gap - IDLE_SHOWN_MS;
      gaps++;
    }
    this.duration = play;
    this.skipped = skipped;
    this.gaps = gaps;
  }

  private find(v: number, col: 0 | 1): [number, number, number] {
    let lo = 0, hi = this.seg.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.seg[mid]![col] <= v) lo = mid;
      else hi = mid - 1;
    }
    return this.seg[lo]!;
  }

  /** Play ms (0..duration) of a real time. */
  toPlay(t: number): number {
    if (t <= this.start) return 0;
    if (t >= this.end) return this.duration;
    const [r0, p0, k] = this.find(t, 0);
    return p0 + (t - r0) * k;
  }

  /** The real time at play ms p. */
  toReal(p: number): number {
    if (p <= 0) return this.start;
    if (p >= this.duration) return this.end;
    const [r0, p0, k] = this.find(p, 1);
    return r0 + (p - p0) / k;
  }
}

export interface Frame {
  version: number;
  doc: Text;
  authors: Runs;
}

export interface Cursor {
  user: number;
  anchor: number;
  head: number;
}

export interface Marker {
  kind: "run" | "submit" | "chat" | "phase";
  t: number;
  /** Its place on the player's clock (ms). */
  p: number;
  label: string;
  /** A run's or submit's verdict: accepted or not (null: neither, e.g. still judging). */
  ok: boolean | null;
  event: ReplayEvent;
}

export interface ReplayState {
  t: number;
  frame: Frame;
  cursors: Cursor[];
  /** How many chat messages (Replay.chat) have been sent by t. */
  chatCount: number;
  /** The latest run or submit by t: its result, or its start while it is being judged. */
  output: ReplayEvent | null;
  /** The latest phase event by t, or the "ended" one after the last phase. */
  phase: ReplayEvent | null;
  roles: ReplayEvent | null;
  mode: string;
  language: string;
}

/** The last index i of sorted v with key(v[i]) <= x, or -1. */
function lastAtOrBefore<T>(v: T[], x: number, key: (e: T) => number): number {
  let lo = 0, hi = v.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(v[mid]!) <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

const textOf = (s: string) => Text.of(s.split("\n"));

function verdictOk(e: ReplayEvent): boolean | null {
  const id = e.status && typeof e.status.id === "number" ? e.status.id : null;
  return id === null || id <= 2 ? null : id === 3;
}

export class Replay {
  readonly participants: ReplayParticipant[];
  readonly room: any;
  readonly start: ReplaySnapshot;
  readonly updates: ReplayUpdate[];
  /** Each update's time, never earlier than the one before (the order is the versions'). */
  readonly times: number[];
  readonly events: ReplayEvent[];
  readonly snapshots: ReplaySnapshot[];
  readonly chat: ReplayEvent[];
  readonly timeline: Timeline;
  private readonly sets: (ChangeSet | undefined)[];
  private readonly cursorsOf = new Map<number, ReplayEvent[]>();
  private readonly outputs: ReplayEvent[];
  private readonly byType = new Map<string, ReplayEvent[]>();
  private last: Frame;
  private readonly mapped = new Map<number, { ev: ReplayEvent; version: number; anchor: number; head: number }>();

  /** The pages of one replay, in order (page 2 asked with after = page 1's next_after, ...). */
  constructor(pages: ReplayPage[]) {
    if (!pages.length) throw new Error("a replay has at least one page");
    const first = pages[0]!;
    this.room = first.room;
    this.participants = first.participants || [];
    this.start = first.start;
    this.updates = pages.flatMap((p) => p.updates);
    this.snapshots = pages.flatMap((p) => p.snapshots).sort((a, b) => a.version - b.version);
    // Stable: events of one time keep the log's order.
    this.events = pages.flatMap((p) => p.events).map((e, i) => [e, i] as const)
      .sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([e]) => e);
    this.times = [];
    let t = -Infinity;
    for (const u of this.updates) {
      t = Math.max(t, u.t);
      this.times.push(t);
    }
    this.sets = new Array(this.updates.length);
    for (const e of this.events) {
      if (e.type === "cursor") {
        const list = this.cursorsOf.get(e.user) ?? [];
        list.push(e);
        this.cursorsOf.set(e.user, list);
      }
      const list = this.byType.get(e.type) ?? [];
      list.push(e);
      this.byType.set(e.type, list);
    }
    this.chat = this.byType.get("chat") ?? [];
    this.outputs = this.events.filter((e) => /^(run|submit)-(started|result)$/.test(e.type));
    this.timeline = new Timeline([...this.times, ...this.events.map((e) => e.t)]);
    this.last = this.fromSnapshot(this.start);
  }

  /** The version the log's updates reach. */
  get version(): number {
    return this.start.version + this.updates.length;
  }

  /** The update that made version v (start.version < v <= version). */
  private update(v: number): { u: ReplayUpdate; cs: ChangeSet } {
    const i = v - this.start.version - 1;
    let cs = this.sets[i];
    if (!cs) cs = this.sets[i] = ChangeSet.fromJSON(this.updates[i]!.changes);
    return { u: this.updates[i]!, cs };
  }

  private fromSnapshot(s: ReplaySnapshot): Frame {
    return { version: s.version, doc: textOf(s.doc), authors: s.authors.map(([n, a]) => [n, a] as [number, number]) };
  }

  /** Frame f moved forward to version v (f is not changed). */
  private forward(f: Frame, v: number): Frame {
    let doc = f.doc, authors = f.authors;
    for (let k = f.version + 1; k <= v; k++) {
      const { u, cs } = this.update(k);
      doc = cs.apply(doc);
      authors = applyAuthors(authors, cs, u.user);
    }
    return { version: v, doc, authors };
  }

  /** The document and its authors at version v: from the last frame when that is nearer, else from
   * the nearest snapshot at or before v (or from the start, with useSnapshots false: the baseline). */
  frame(v: number, useSnapshots = true): Frame {
    v = Math.max(this.start.version, Math.min(this.version, Math.floor(v)));
    let from: Frame | ReplaySnapshot = this.start;
    if (useSnapshots) {
      const i = lastAtOrBefore(this.snapshots, v, (s) => s.version);
      if (i >= 0) from = this.snapshots[i]!;
    }
    const base = this.last.version <= v && this.last.version >= from.version ? this.last : this.fromSnapshot(from);
    const f = base.version === v ? base : this.forward(base, v);
    this.last = f;
    return f;
  }

  /** The frame at version v, worked out from the start or the nearest snapshot, never from the
   * last frame (for measuring a cold seek). */
  seekCold(v: number, useSnapshots = true): Frame {
    v = Math.max(this.start.version, Math.min(this.version, Math.floor(v)));
    let from: ReplaySnapshot = this.start;
    if (useSnapshots) {
      const i = lastAtOrBefore(this.snapshots, v, (s) => s.version);
      if (i >= 0) from = this.snapshots[i]!;
    }
    return this.forward(this.fromSnapshot(from), v);
  }

  /** The updates that take version a to b (a < b) as one change set, for an editor that shows a. */
  changesBetween(a: number, b: number): ChangeSet {
    let c = this.update(a + 1).cs;
    for (let k = a + 2; k <= b; k++) c = c.compose(this.update(k).cs);
    return c;
  }

  /** The version of the document at real time t. */
  versionAt(t: number): number {
    return this.start.version + lastAtOrBefore(this.times, t, (x) => x) + 1;
  }

  private latest(type: string, t: number): ReplayEvent | null {
    const list = this.byType.get(type) ?? [];
    const i = lastAtOrBefore(list, t, (e) => e.t);
    return i >= 0 ? list[i]! : null;
  }

  /** Each user's latest cursor by t, moved through the edits since it was sent. */
  private cursors(t: number, version: number): Cursor[] {
    const out: Cursor[] = [];
    for (const [user, list] of this.cursorsOf) {
      const i = lastAtOrBefore(list, t, (e) => e.t);
      if (i < 0) {
        this.mapped.delete(user);
        continue;
      }
      const ev = list[i]!;
      let m = this.mapped.get(user);
      if (!m || m.ev !== ev || m.version > version) {
        const v0 = Math.max(this.start.version, Math.min(Number(ev.version) || 0, version));
        m = { ev, version: v0, anchor: Number(ev.anchor) || 0, head: Number(ev.head) || 0 };
      }
      if (m.version < version) {
        let range = EditorSelection.range(m.anchor, m.head);
        for (let k = m.version + 1; k <= version; k++) {
          const { cs } = this.update(k);
          if (range.to > cs.length) range = EditorSelection.range(Math.min(range.anchor, cs.length), Math.min(range.head, cs.length));
          range = range.map(cs);
        }
        m = { ev, version, anchor: range.anchor, head: range.head };
      }
      this.mapped.set(user, m);
      out.push({ user, anchor: m.anchor, head: m.head });
    }
    return out;
  }

  /** The room at real time t. */
  stateAt(t: number): ReplayState {
    const frame = this.frame(this.versionAt(t));
    const out = lastAtOrBefore(this.outputs, t, (e) => e.t);
    const phase = this.latest("phase", t), ended = this.latest("ended", t);
    return {
      t,
      frame,
      cursors: this.cursors(t, frame.version),
      chatCount: lastAtOrBefore(this.chat, t, (e) => e.t) + 1,
      output: out >= 0 ? this.outputs[out]! : null,
      phase: ended && (!phase || ended.t >= phase.t) ? ended : phase,
      roles: this.latest("roles", t),
      mode: this.latest("mode", t)?.mode ?? "driver",
      language: this.latest("language", t)?.language ?? String(this.room?.language ?? ""),
    };
  }

  /** What the scrubber marks: runs and submits (by their results), chat messages, phases and the end. */
  markers(): Marker[] {
    const out: Marker[] = [];
    for (const e of this.events) {
      let m: Omit<Marker, "p" | "t" | "event"> | null = null;
      if (e.type === "run-result") m = { kind: "run", label: `Run: ${e.status?.description ?? "?"}`, ok: verdictOk(e) };
      else if (e.type === "submit-result") m = { kind: "submit", label: `Submit: ${e.status?.description ?? "?"} (${e.passed ?? "?"} of ${e.total ?? "?"})`, ok: verdictOk(e) };
      else if (e.type === "chat") m = { kind: "chat", label: `Chat: ${String(e.text ?? "").slice(0, 60)}`, ok: null };
      else if (e.type === "phase") m = { kind: "phase", label: `Phase: ${e.name}`, ok: null };
      else if (e.type === "ended") m = { kind: "phase", label: "Ended", ok: null };
      if (m) out.push({ ...m, t: e.t, p: this.timeline.toPlay(e.t), event: e });
    }
    return out;
  }
}
