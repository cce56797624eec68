// engine_bench.ts - the web app's replay engine (frontend/src/replay/engine.ts)
// on a real replay (the JSON of GET /api/v1/rooms/:id/replay in the file
// REPLAY_JSON; bench/replay/run.py makes it): medians of JSON.parse, of the
// engine's index (new Replay), of seeks to random versions from the nearest
// snapshot against the same seeks from the start (no snapshots: the
// baseline), and of one frame of playback at 16x. Prints one JSON line.
// Bundled and run by frontend/test/run.mjs (the app's esbuild and packages).
import fs from "node:fs";
import { Replay } from "../../frontend/src/replay/engine";

declare const process: { env: Record<string, string | undefined> };

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

const text = fs.readFileSync(process.env.REPLAY_JSON!, "utf8");
const parse: number[] = [], index: number[] = [];
let replay: Replay | null = null;
for (let i = 0; i < 9; i++) {
  const t0 = performance.now();
  const page = JSON.parse(text);
  const t1 = performance.now();
  replay = new Replay([page]);
  const t2 = performance.now();
  parse.push(t1 - t0);
  index.push(t2 - t1);
}
const r = replay!;
const t = performance.now();
r.seekCold(Math.floor(r.version / 2));
const firstSeek = performance.now() - t;
r.seekCold(r.version, false);                     // every change set read once: what a session's first seeks pay
const SEEKS = 300;
const points = Array.from({ length: SEEKS }, () => Math.floor(rand() * (r.version + 1)));
const withSnap: number[] = [], fromStart: number[] = [];
let check = 0;
for (const v of points) {
  let a = performance.now();
  const f = r.seekCold(v, true);
  withSnap.push(performance.now() - a);
  a = performance.now();
  const g = r.seekCold(v, false);
  fromStart.push(performance.now() - a);
  if (f.doc.toString() !== g.doc.toString() || JSON.stringify(f.authors) !== JSON.stringify(g.authors)) check++;
}
if (check) throw new Error(`${check} seeks from a snapshot and from the start disagree`);
// Playback: 16 ms frames at 16x through the whole session's clock.
const frames: number[] = [];
const step = 16 * 16;
for (let p = 0; p <= r.timeline.duration; p += step) {
  const a = performance.now();
  r.stateAt(r.timeline.toReal(p));
  frames.push(performance.now() - a);
}
console.log(JSON.stringify({
  version: r.version, seeks: SEEKS, parse_ms: median(parse), index_ms: median(index), first_seek_ms: firstSeek,
  seek_ms: median(withSnap), seek_p90_ms: [...withSnap].sort((x, y) => x - y)[Math.floor(SEEKS * 0.9)],
  seek_start_ms: median(fromStart), frame_ms: median(frames), play_frames: frames.length,
}));
