// differential.mjs - the room core's document and change sets (room/) against
// @codemirror/state itself: thousands of random change sets (emoji, skin-tone
// and ZWJ sequences, combining marks, CJK, tabs, "\r\n" and "\n" in inserted
// text, positions that split surrogate pairs) applied in Node and through
// tests/room/changeset_tool.c, with mapPos in every MapMode and assoc,
// SelectionRange.map, toJSON round trips of canonical and hand-made
// (non-canonical) JSON, several updates in one push, ChangeSet.of for a
// server-made replacement, and sets that do not fit (both must refuse).
//
// usage: node differential.mjs --tool PATH [--seed N] [--sessions N] [--steps N]
// Needs frontend/node_modules (npm ci in frontend/). Exits 1 on any difference,
// printing the seed, the step and the change set.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const opts = { tool: null, seed: 12, sessions: 24, steps: 250 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in opts) || i + 1 >= process.argv.length) {
    console.error('usage: node differential.mjs --tool PATH [--seed N] [--sessions N] [--steps N]');
    process.exit(2);
  }
  opts[key] = key === 'tool' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}
if (!opts.tool) {
  console.error('differential: --tool PATH (the changeset_tool executable) is required');
  process.exit(2);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const statePath = join(root, 'frontend/node_modules/@codemirror/state/dist/index.js');
if (!existsSync(statePath)) {
  console.error(`differential: ${statePath} is missing: run npm ci in frontend/`);
  process.exit(1);
}
const { ChangeSet, Text, EditorSelection } = await import(pathToFileURL(statePath).href);

// mulberry32: a small seeded generator, so a failure reproduces with --seed.
let rngState = opts.seed >>> 0;
function rand() {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n) => Math.floor(rand() * n);
const pick = (a) => a[below(a.length)];

// Pieces of inserted text: each whole (never half a pair), so the JSON holds no
// lone surrogate (which jansson, and so the server, refuses as bad JSON).
const PIECES = ['a', 'b', 'q', 'Z', '0', ' ', ' ', '\n', '\n', '\t', '{', '}', ';', 'é', 'e\u0301',
  'a\u0308\u0323', '漢字', 'ß', '😀', '👍🏽', '👩\u200d💻', '🇫🇷', '\u{1F9D1}\u{1F3FF}\u200d\u{1F91D}', '\r\n', '\r', 'x\u200dy'];

function randomText(maxPieces) {
  let s = '';
  for (let n = below(maxPieces + 1); n > 0; n--) s += pick(PIECES);
  return s;
}

const toText = (s) => Text.of(s.split(/\r\n?|\n/));
const wellFormed = (s) => s.toWellFormed();   // what the server's UTF-8 edge writes

// A random change set for a document of length len: up to four changes in any
// order, overlapping or not (ChangeSet.of composes them), at any unit.
function randomSet(len) {
  const specs = [];
  const grow = len < 1500;
  for (let k = 1 + below(4); k > 0; k--) {
    const from = below(len + 1);
    const span = grow ? below(4) : below(300);
    const to = Math.min(len, from + (rand() < 0.4 ? 0 : span));
    specs.push({ from, to, insert: randomText(rand() < 0.1 ? 40 : 6) });
  }
  return ChangeSet.of(specs, len);
}

// Hand-made JSON CodeMirror's fromJSON accepts but toJSON never writes: kept
// runs split in two, zero-length elements, [n, ""] for a deletion.
function nonCanonical(json) {
  const out = [];
  for (const part of json) {
    if (typeof part === 'number' && part > 1 && rand() < 0.5) {
      const a = 1 + below(part - 1);
      out.push(a, part - a);
    } else if (Array.isArray(part) && part.length === 1 && rand() < 0.5) {
      out.push([part[0], '']);
    } else {
      out.push(part);
    }
    if (rand() < 0.2) out.push(pick([0, [0], [0, '']]));
  }
  return out;
}

// A set that does not fit: one unit more or less than the document.
function misfit(json, len) {
  const out = json.slice();
  if (len > 0 && rand() < 0.5) {
    const i = out.findIndex((p) => typeof p === 'number' && p > 0);
    if (i >= 0) { out[i] -= 1; return out; }
  }
  out.push(1);
  return out;
}

const linesWellFormed = (json) => json.every((p) => !Array.isArray(p) || p.slice(1).every((l) => l.isWellFormed()));

// Every command with what the tool must answer, built before the tool runs.
const commands = [];
const stats = { sets: 0, positions: 0, ranges: 0, refused: 0, pushes: 0, replaces: 0, skipped: 0, split: 0 };

function expectDoc(doc) {
  if (!doc.toString().isWellFormed()) stats.split++;
  return { len: doc.length, doc: wellFormed(doc.toString()) };
}

function mapChecks(cs, len) {
  const pos = [], ranges = [], want = { pos: [], ranges: [] };
  for (let i = 0; i < 8; i++) {
    const p = below(len + 1), assoc = pick([-1, 0, 1]), mode = below(4);
    pos.push([p, assoc, mode]);
    want.pos.push(cs.mapPos(p, assoc, mode));
  }
  for (let i = 0; i < 3; i++) {
    const a = below(len + 1), h = rand() < 0.3 ? a : below(len + 1), assoc = pick([-1, 1]);
    const r = EditorSelection.range(a, h).map(cs, assoc);
    ranges.push([a, h, assoc]);
    want.ranges.push([r.anchor, r.head]);
  }
  stats.positions += pos.length;
  stats.ranges += ranges.length;
  return { cmd: { op: 'map', changes: cs.toJSON(), pos, ranges }, want };
}

for (let session = 0; session < opts.sessions; session++) {
  const initial = randomText(below(3) ? 30 : 300);
  let doc = toText(initial);
  commands.push({ cmd: { op: 'reset', doc: initial }, want: { len: doc.length }, where: `session ${session} reset` });
  for (let step = 0; step < opts.steps; step++) {
    const where = `session ${session} step ${step}`;
    const len = doc.length;
    if (step % 10 === 9) {
      // A push of several updates: each fits the document the ones before it make.
      const sets = [];
      let d = doc;
      for (let k = 2 + below(2); k > 0; k--) {
        const cs = randomSet(d.length);
        sets.push(cs);
        d = cs.apply(d);
      }
      const updates = sets.map((cs) => cs.toJSON());
      if (!updates.every(linesWellFormed)) { stats.skipped++; continue; }
      if (rand() < 0.25) {
        // ... or one of them does not fit: all refused, the document unchanged.
        const i = 1 + below(updates.length - 1);
        updates[i] = misfit(updates[i], sets[i].length);
        commands.push({ cmd: { op: 'apply_all', updates }, want: { error: 'bad-changes' }, where });
        stats.refused++;
      } else {
        commands.push({ cmd: { op: 'apply_all', updates }, want: expectDoc(d), where });
        doc = d;
      }
      stats.pushes++;
      continue;
    }
    if (step % 15 === 14) {
      // What the server makes itself: ChangeSet.of({from, to, insert}).
      // (A fifth of them change nothing: ChangeSet.of keeps the document whole.)
      const none = rand() < 0.2;
      const from = below(len + 1), to = none ? from : from + below(len - from + 1), text = none ? '' : randomText(12);
      commands.push({ cmd: { op: 'replace', from, to, text },
        want: { changes: ChangeSet.of({ from, to, insert: text }, len).toJSON() }, where });
      stats.replaces++;
      continue;
    }
    let cs = randomSet(len);
    let json = cs.toJSON();
    if (!linesWellFormed(json)) { stats.skipped++; continue; }
    if (rand() < 0.15) {
      json = nonCanonical(json);
      cs = ChangeSet.fromJSON(json);
    }
    commands.push({ cmd: { op: 'json', changes: json }, want: { changes: ChangeSet.fromJSON(json).toJSON() }, where });
    const m = mapChecks(cs, len);
    commands.push({ ...m, where });
    if (rand() < 0.04) {
      const bad = misfit(json, len);
      let threw = false;
      try { ChangeSet.fromJSON(bad).apply(doc); } catch { threw = true; }
      if (!threw) throw new Error(`${where}: CodeMirror applied a misfit ${JSON.stringify(bad)}`);
      commands.push({ cmd: { op: 'apply', changes: bad }, want: { error: 'bad-changes' }, where });
      stats.refused++;
      continue;
    }
    doc = cs.apply(doc);
    commands.push({ cmd: { op: 'apply', changes: json }, want: expectDoc(doc), where });
    stats.sets++;
  }
  commands.push({ cmd: { op: 'doc' }, want: expectDoc(doc), where: `session ${session} end` });
}

// One tool process for everything: the document and its gap buffer live on
// across the steps of a session.
const child = spawn(opts.tool, [], { stdio: ['pipe', 'pipe', 'inherit'] });
const chunks = [];
child.stdout.on('data', (c) => chunks.push(c));
const exited = new Promise((res) => child.on('close', (code) => res(code)));
child.stdin.write(commands.map((c) => JSON.stringify(c.cmd)).join('\n') + '\n');
child.stdin.end();
const code = await exited;
const lines = Buffer.concat(chunks).toString('utf8').split('\n');
if (lines.at(-1) === '') lines.pop();

let failures = 0;
const got = (i) => { try { return JSON.parse(lines[i]); } catch { return lines[i]; } };
for (let i = 0; i < commands.length; i++) {
  const c = commands[i], answer = got(i);
  let same;
  if ('error' in c.want) same = answer && answer.error === c.want.error;
  else same = isDeepStrictEqual(answer, c.want);
  if (!same) {
    if (failures++ < 5) {
      console.error(`differential (seed ${opts.seed}): ${c.where}: ${c.cmd.op} differs`);
      console.error(`  command:  ${JSON.stringify(c.cmd).slice(0, 2000)}`);
      console.error(`  expected: ${JSON.stringify(c.want).slice(0, 2000)}`);
      console.error(`  got:      ${JSON.stringify(answer).slice(0, 2000)}`);
    }
  }
}
if (code !== 0 || lines.length !== commands.length) {
  console.error(`differential: the tool exited ${code} after ${lines.length} of ${commands.length} answers`);
  failures++;
}
console.log(`differential (seed ${opts.seed}): ${stats.sets} change sets applied, ${stats.pushes} multi-update pushes, ` +
  `${stats.refused} misfits refused, ${stats.replaces} replacements, ${stats.positions} positions and ` +
  `${stats.ranges} ranges mapped, ${stats.split} documents with a split pair, ` +
  `${stats.skipped} sets skipped (a lone surrogate in their JSON): ` +
  (failures ? `${failures} differences` : 'no difference'));
process.exit(failures ? 1 : 0);
