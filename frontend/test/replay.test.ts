// replay.test.ts - the replay engine (src/replay/engine.ts) in Node, on a
// session made here with @codemirror/state: two people's random edits (emoji,
// line breaks, deletions across each other's text) at times with idle gaps,
// chat, runs and submits, cursors, phases, written as the server writes a
// replay (docs/platform.md "Replay"), with its snapshots and their authors
// worked out independently (a plain array of who wrote each unit). Checked:
// every version's document and authors, forward, backward, at random, with
// and without snapshots and split into pages; the clock's idle gaps; the
// state at a time (chat so far, the latest run, cursors moved through the
// edits since, phase, roles); the markers.
import { ChangeSet, EditorSelection, Text } from "@codemirror/state";
import { Replay, Timeline, applyAuthors, IDLE_GAP_MS, IDLE_SHOWN_MS, type ReplayEvent, type ReplayPage,
  type ReplaySnapshot, type ReplayUpdate, type Runs } from "../src/replay/engine";

declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

let seed = Number(process.env.SEED || 20261207);
function rand(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)]!;

let passed = 0, failed = 0;
function check(ok: boolean, what: string): void {
  if (ok) passed++;
  else {
    failed++;
    if (failed <= 20) console.log(`FAIL ${what}`);
  }
}

const ADA = 7, BOB = 9, EVERY = 25;
const PIECES = ["a", "b", "xyz", " ", "\n", "😀", "é", "()", "\tif x:", "漢"];

function runsOf(who: number[]): Runs {
  const out: Runs = [];
  for (const a of who) {
    const last = out[out.length - 1];
    if (last && last[1] === a) last[0]++;
    else out.push([1, a]);
  }
  return out;
}

/** A random change set for doc, and the authors array after it (a plain array: the reference). */
function randomEdit(doc: Text, who: number[], user: number): { cs: ChangeSet; who: number[] } {
  const len = doc.length;
  const specs: { from: number; to: number; insert: string }[] = [];
  let pos = 0;
  for (let n = 1 + Math.floor(rand() * 3); n > 0 && pos <= len; n--) {
    const from = pos + Math.floor(rand() * (len - pos + 1));
    const to = rand() < 0.3 ? Math.min(len, from + Math.floor(rand() * 12)) : from;
    let insert = "";
    for (let k = Math.floor(rand() * 4); k > 0; k--) insert += pick(PIECES);
    if (from === to && !insert) insert = "z";
    specs.push({ from, to, insert });
    pos = to + 1;
  }
  const cs = ChangeSet.of(specs, len);
  const next: number[] = [];
  let at = 0;
  cs.iterChanges((fromA, toA, fromB, toB) => {
    next.push(...who.slice(at, fromA));
    for (let i = fromB; i < toB; i++) next.push(user);
    at = toA;
  });
  next.push(...who.slice(at));
  return { cs, who: next };
}

interface Session {
  page: ReplayPage;
  docs: string[];            // the document at each version
  whos: number[][];          // its authors
}

/** A session of n updates by ADA and BOB, snapshots every EVERY versions, events between. */
function session(n: number): Session {
  let doc = Text.of([""]), who: number[] = [];
  const docs = [""], whos: number[][] = [[]];
  const updates: ReplayUpdate[] = [], snapshots: ReplaySnapshot[] = [], events: ReplayEvent[] = [];
  let t = 1_800_000_000_000;
  const t0 = t;
  let chatId = 0;
  events.push({ type: "phase", t, name: "intro", index: 0, started_at: t, ends_at: t + 300000 });
  events.push({ type: "roles", t, driver: ADA, observer: BOB, reason: "start" });
  for (let v = 1; v <= n; v++) {
    t += rand() < 0.04 ? IDLE_GAP_MS + Math.floor(rand() * 60000) : Math.floor(rand() * 400);
    const user = rand() < 0.7 ? ADA : BOB;
    const e = randomEdit(doc, who, user);
    doc = e.cs.apply(doc);
    who = e.who;
    docs.push(doc.toString());
    whos.push(who);
    updates.push({ version: v, user, t, changes: e.cs.toJSON() });
    if (v % EVERY === 0) snapshots.push({ version: v, t, doc: doc.toString(), authors: runsOf(who) });
    if (rand() < 0.3) {
      const a = Math.floor(rand() * (doc.length + 1)), h = rand() < 0.5 ? a : Math.floor(rand() * (doc.length + 1));
      events.push({ type: "cursor", t: t + 1, user: pick([ADA, BOB]), anchor: a, head: h, version: v });
    }
    if (rand() < 0.05) events.push({ type: "chat", t: t + 2, id: ++chatId, user: pick([ADA, BOB]), text: `message ${chatId}` });
    if (v % 97 === 0) {
      events.push({ type: "run-started", t: t + 3, id: `r${v}`, version: v, user: ADA, language: "python3" });
      events.push({ type: "run-result", t: t + 900, id: `r${v}`, version: v, user: ADA, language: "python3",
        status: { id: v % 2 ? 4 : 3, description: v % 2 ? "Wrong Answer" : "Accepted" }, stdout: `out ${v}\n`, tests: [] });
    }
    if (v === Math.floor(n / 2)) {
      events.push({ type: "phase", t: t + 5, name: "code", index: 2, started_at: t + 5, ends_at: t + 1800000 });
      events.push({ type: "roles", t: t + 6, driver: BOB, observer: ADA, reason: "midpoint" });
    }
  }
  events.push({ type: "submit-started", t: t + 10, id: "s1", version: n, user: BOB, language: "python3" });
  events.push({ type: "submit-result", t: t + 2000, id: "s1", version: n, user: BOB, language: "python3",
    status: { id: 3, description: "Accepted" }, passed: 5, total: 5, tests: [] });
  events.push({ type: "ended", t: t + 3000, ended_at: t + 3000 });
  events.sort((a, b) => a.t - b.t);
  const page: ReplayPage = {
    room: { id: "r", language: "python3", problem: { title: "T" } },
    participants: [{ id: ADA, username: "ada", display_name: "Ada", slot: 0 }, { id: BOB, username: "bob", display_name: "Bob", slot: 1 }],
    started_at: t0, snapshot_every: EVERY, start: { version: 0, doc: "", authors: [] }, snapshots, updates, events,
    version: n, seq: 0, next_after: null,
  };
  return { page, docs, whos };
}

function same(f: { version: number; doc: Text; authors: Runs }, s: Session, v: number, what: string): void {
  check(f.version === v, `${what}: version ${f.version}, wanted ${v}`);
  check(f.doc.toString() === s.docs[v], `${what}: the document at ${v}`);
  check(JSON.stringify(f.authors) === JSON.stringify(runsOf(s.whos[v]!)), `${what}: the authors at ${v}`);
}

function testFrames(s: Session): void {
  const n = s.docs.length - 1;
  const r = new Replay([s.page]);
  check(r.version === n, `the replay reaches version ${n}`);
  for (let v = 0; v <= n; v++) same(r.frame(v), s, v, "forward");
  for (let v = n; v >= 0; v -= 7) same(r.frame(v), s, v, "backward");
  for (let k = 0; k < 200; k++) {
    const v = Math.floor(rand() * (n + 1));
    same(r.frame(v), s, v, "at random");
    same(r.seekCold(v), s, v, "cold, from a snapshot");
    if (k % 10 === 0) same(r.seekCold(v, false), s, v, "cold, from the start");
  }
  const bare = new Replay([{ ...s.page, snapshots: [] }]);
  for (let k = 0; k < 50; k++) {
    const v = Math.floor(rand() * (n + 1));
    same(bare.frame(v), s, v, "no snapshots");
  }
  // The snapshots the server sends are what the engine computes at their versions.
  for (const snap of s.page.snapshots) {
    const f = bare.seekCold(snap.version, false);
    check(f.doc.toString() === snap.doc && JSON.stringify(f.authors) === JSON.stringify(snap.authors),
      `snapshot ${snap.version} is the document and authors the updates make`);
  }
  // changesBetween takes an editor from one version to another.
  for (let k = 0; k < 30; k++) {
    const a = Math.floor(rand() * n), b = a + 1 + Math.floor(rand() * Math.min(40, n - a));
    check(r.changesBetween(a, b).apply(Text.of(s.docs[a]!.split("\n"))).toString() === s.docs[b], `changes from ${a} to ${b}`);
  }
}

/** The same session as pages, split where the server would split it. */
function testPages(s: Session): void {
  const n = s.docs.length - 1;
  const cuts = [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n];
  const pages: ReplayPage[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    const ta = a ? s.page.updates[a - 1]!.t : -Infinity, tb = i + 2 === cuts.length ? Infinity : s.page.updates[b - 1]!.t;
    pages.push({ ...s.page, start: { version: a, doc: s.docs[a]!, authors: runsOf(s.whos[a]!) },
      updates: s.page.updates.slice(a, b), snapshots: s.page.snapshots.filter((x) => x.version > a && x.version <= b),
      events: s.page.events.filter((e) => e.t > ta && e.t <= tb), next_after: i + 2 === cuts.length ? null : b });
  }
  const r = new Replay(pages);
  check(r.events.length === s.page.events.length, "pages: every event");
  for (let k = 0; k < 100; k++) {
    const v = Math.floor(rand() * (n + 1));
    same(r.frame(v), s, v, "pages");
  }
}

function testTimeline(): void {
  const tl = new Timeline([1000, 1500, 3000, 3000, 20000, 20100, 90100, 90200]);
  // gaps: 500, 1500, 0, 17000 (idle), 100, 70000 (idle), 100
  check(tl.gaps === 2, `two idle gaps: ${tl.gaps}`);
  check(tl.duration === 500 + 1500 + 100 + 100 + 2 * IDLE_SHOWN_MS, `duration ${tl.duration}`);
  check(tl.skipped === 17000 + 70000 - 2 * IDLE_SHOWN_MS, `skipped ${tl.skipped}`);
  check(tl.toPlay(1000) === 0 && tl.toPlay(90200) === tl.duration && tl.toPlay(3000) === 2000, "play times at the ends");
  check(tl.toPlay(20000) === 2000 + IDLE_SHOWN_MS, `after the first gap: ${tl.toPlay(20000)}`);
  let prev = -1;
  for (let t = 900; t <= 90300; t += 37) {
    const p = tl.toPlay(t);
    check(p >= prev, `play time never goes back (at ${t})`);
    prev = p;
    if (t >= 1000 && t <= 90200) check(Math.abs(tl.toReal(p) - t) < 1e-6, `toReal(toPlay(${t}))`);
  }
  const empty = new Timeline([]);
  check(empty.duration === 0 && empty.toReal(5) === 0, "an empty session");
}

function testAuthors(): void {
  const cs = ChangeSet.of([{ from: 1, to: 3, insert: "XY" }, { from: 5, insert: "😀" }], 6);
  check(JSON.stringify(applyAuthors([[2, 1], [4, 2]], cs, 3)) === JSON.stringify([[1, 1], [2, 3], [2, 2], [2, 3], [1, 2]]),
    `applyAuthors: ${JSON.stringify(applyAuthors([[2, 1], [4, 2]], cs, 3))}`);
  const del = ChangeSet.of([{ from: 1, to: 3 }], 4);
  check(JSON.stringify(applyAuthors([[1, 1], [2, 2], [1, 1]], del, 2)) === JSON.stringify([[2, 1]]), "a deletion joins runs");
}

function testState(s: Session): void {
  const r = new Replay([s.page]);
  const ev = s.page.events;
  for (let k = 0; k < 300; k++) {
    const e = pick(ev);
    const t = e.t + (rand() < 0.5 ? 0 : Math.floor(rand() * 500));
    const st = r.stateAt(t);
    const v = s.page.updates.filter((u) => u.t <= t).length;
    check(st.frame.version === v, `the version at ${t}: ${st.frame.version}, wanted ${v}`);
    check(st.chatCount === ev.filter((x) => x.type === "chat" && x.t <= t).length, "the chat so far");
    const outs = ev.filter((x) => /^(run|submit)-/.test(x.type) && x.t <= t);
    check(st.output === (outs.length ? outs[outs.length - 1] : null), "the latest run or submit");
    const roles = ev.filter((x) => x.type === "roles" && x.t <= t);
    check(st.roles === roles[roles.length - 1], "the roles");
    for (const c of st.cursors) {
      const mine = ev.filter((x) => x.type === "cursor" && x.user === c.user && x.t <= t);
      const last = mine[mine.length - 1]!;
      let range = EditorSelection.range(last.anchor, last.head);
      for (let u = last.version + 1; u <= v; u++) range = range.map(ChangeSet.fromJSON(s.page.updates[u - 1]!.changes));
      check(range.anchor === c.anchor && range.head === c.head, `${c.user}'s cursor moved through the edits since`);
      check(c.anchor <= st.frame.doc.length && c.head <= st.frame.doc.length, "a cursor inside the document");
    }
  }
  const end = r.stateAt(r.timeline.end);
  check(end.frame.doc.toString() === s.docs[s.docs.length - 1] && end.phase?.type === "ended", "the end: the final document, ended");
  const m = r.markers();
  check(m.filter((x) => x.kind === "run").length === ev.filter((x) => x.type === "run-result").length, "a marker per run");
  check(m.some((x) => x.kind === "submit" && x.ok === true) && m.some((x) => x.kind === "run" && x.ok === false), "verdicts on markers");
  check(m.every((x, i) => i === 0 || x.p >= m[i - 1]!.p), "markers in order on the clock");
  check(r.timeline.gaps > 0 && r.timeline.duration < r.timeline.end - r.timeline.start, "idle gaps are shortened");
}

testAuthors();
testTimeline();
const s = session(Number(process.env.UPDATES || 1500));
testFrames(s);
testPages(s);
testState(s);
console.log(`replay engine: ${s.docs.length - 1} updates, ${s.page.events.length} events, ` +
  `final document ${s.docs[s.docs.length - 1]!.length} units; ${passed} checks`);
console.log(failed ? `${passed} passed, ${failed} failed` : `${passed} passed, 0 failed`);
process.exit(failed ? 1 : 0);
