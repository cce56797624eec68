// converge.mjs - the room's channel with the real @codemirror/collab client
// code (frontend/node_modules), headless (EditorState, no view), against a
// real `pairbox serve`:
//
//   1. four connections (two tabs of each user, the room in "both" mode)
//      type random concurrent edits - emoji, combining marks, line breaks,
//      deletions - and all converge, with each other and with the server's
//      copy (what a fresh connection is welcomed with);
//   2. one tab drops, edits offline while the others go on, reconnects and
//      resumes with pull: its offline edits are rebased and land, and all
//      converge again;
//   3. back in "driver" mode, the observer's push is refused (not-driver),
//      the server's copy is unchanged and the connection stays usable.
//
// The client logic is the collaborative-editing example's (and the web
// app's): push sendableUpdates at getSyncedVersion, receiveUpdates on
// "updates" (skipping what is already in, pulling on a gap), pull on
// push-rejected from ahead. The server never transforms.
//
// usage: node converge.mjs PAIRBOX [SEED]; prints "N passed, N failed".
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { JsonSocket } from "./wsjson.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const frontend = path.join(root, "frontend");
if (!fs.existsSync(path.join(frontend, "node_modules", "@codemirror", "collab"))) {
  console.error(`converge.mjs: ${frontend}/node_modules has no @codemirror/collab: run npm ci there`);
  process.exit(2);
}
const require = createRequire(path.join(frontend, "package.json"));
const { ChangeSet, EditorState } = require("@codemirror/state");
const { collab, getSyncedVersion, receiveUpdates, sendableUpdates } = require("@codemirror/collab");

const PAIRBOX = process.argv[2];
let seed = Number(process.argv[3] || Date.now() % 1000000);
console.log(`seed ${seed}`);
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = (v) => v[Math.floor(rand() * v.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let passed = 0, failed = 0;
function check(cond, what) {
  if (cond) passed++;
  else { failed++; console.error(`FAIL ${what}`); }
}

// ---- the server ----

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function request(port, method, p, body, cookie) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { Origin: `http://127.0.0.1:${port}` };
    if (data) { headers["Content-Type"] = "application/json"; headers["Content-Length"] = data.length; }
    if (cookie) headers.Cookie = cookie;
    const req = http.request({ host: "127.0.0.1", port, method, path: p, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = text; }
        resolve({ status: res.statusCode, body: json, headers: res.headers });
      });
    });
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

async function startServer() {
  const port = await freePort();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "pairbox-collab-"));
  const env = { ...process.env, PROBLEMS_DIR: path.join(root, "tests/api/problems"), SIGNUP_PER_HOUR: "100000",
                SESSION_PER_MINUTE: "100000", WS_RATE: "1000", WS_RATE_BURST: "2000" };
  const log = fs.openSync(path.join(data, "server.log"), "a");
  const proc = spawn(PAIRBOX, ["serve", "--port", String(port), "--bind", "127.0.0.1", "--data", data, "--workers", "1"],
                     { env, stdio: ["ignore", log, log] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await request(port, "GET", "/version")).status === 200) return { port, data, proc };
    } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error("the server did not come up: " + fs.readFileSync(path.join(data, "server.log"), "utf8"));
}

async function signup(port, name) {
  const r = await request(port, "POST", "/api/v1/auth/signup", { username: name, password: "correct horse battery" });
  if (r.status !== 201) throw new Error(`sign-up: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.id, cookie: r.headers["set-cookie"][0].split(";")[0] };
}

// ---- a collab client ----

class Peer {
  constructor(name, user, port, room) {
    Object.assign(this, { name, user, port, room });
    this.state = null;
    this.pushing = false;
    this.pulling = false;
    this.errors = [];
    this.waiters = [];
    this.ws = null;
  }

  async connect() {
    this.pushing = this.pulling = false;
    this.ws = await JsonSocket.open(this.port, `/api/v1/rooms/${this.room}/ws`,
                                    { Cookie: this.user.cookie, Origin: `http://127.0.0.1:${this.port}` });
    const welcome = this.next("welcome");
    this.ws.onmessage = (m) => this.on(m);
    const w = await welcome;
    this.role = w.you.role;
    if (!this.state) {
      this.state = EditorState.create({ doc: w.doc, extensions: [collab({ startVersion: w.version, clientID: this.name })] });
    } else if (w.version !== this.version) {
      this.pull();                                  // resume: what happened while away, then our own
    } else {
      this.push();
    }
    return w;
  }

  get version() { return getSyncedVersion(this.state); }
  get doc() { return this.state.doc.toString(); }
  get settled() { return !this.pushing && !this.pulling && sendableUpdates(this.state).length === 0; }

  next(type, timeout = 20000) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.name}: no ${type} in ${timeout} ms`)), timeout);
      this.waiters.push({ type, resolve: (m) => { clearTimeout(t); resolve(m); } });
    });
  }

  on(m) {
    if (m.type === "updates") this.receive(m);
    else if (m.type === "push-rejected") {
      this.pushing = false;
      if (m.version > this.version) this.pull(); else this.push();
    } else if (m.type === "error") {
      this.errors.push(m);
      if (m.in === "push") this.pushing = false;
      if (m.in === "pull") this.pulling = false;
    }
    const i = this.waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
  }

  receive(m) {
    const synced = this.version;
    if (m.version > synced) { this.pull(); return; }         // a gap: pull fills it
    this.pulling = false;
    const fresh = m.updates.slice(synced - m.version);
    if (fresh.length) {
      const mine = fresh.some((u) => u.clientID === this.name);
      this.state = receiveUpdates(this.state, fresh.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }))).state;
      if (mine) this.pushing = false;
    }
    this.push();
  }

  pull() {
    if (this.pulling || !this.ws || this.ws.closed) return;
    this.pulling = this.ws.send({ type: "pull", version: this.version });
  }

  push() {
    if (this.pushing || this.pulling || !this.ws || this.ws.closed) return;
    const updates = sendableUpdates(this.state);
    if (!updates.length) return;
    this.pushing = this.ws.send({ type: "push", version: this.version,
                                  updates: updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })) });
  }

  /** One random edit of the local document (never splitting a surrogate pair), then a push. */
  edit() {
    const doc = this.state.doc;
    const text = doc.toString();
    const inPair = (p) => p > 0 && p < text.length && /[\uD800-\uDBFF]/.test(text[p - 1]) && /[\uDC00-\uDFFF]/.test(text[p]);
    const pos = () => { let p = Math.floor(rand() * (doc.length + 1)); if (inPair(p)) p--; return p; };
    let from = pos(), to = from;
    if (doc.length && rand() < 0.35) {
      to = Math.min(doc.length, from + 1 + Math.floor(rand() * 6));
      if (inPair(to)) to++;
    }
    let insert = rand() < 0.8 ? pick(["a", "xyz", "😀", "e\u0301", "\n", "👩‍💻", "ß", " ", "é🎉\nq", "\u200d"]) : "";
    if (from === to && !insert) insert = "z";
    this.state = this.state.update({ changes: { from, to, insert } }).state;
    this.push();
  }

  close() { if (this.ws) this.ws.close(); }
}

async function typeRandomly(peers, edits) {
  await Promise.all(peers.map(async (p) => {
    for (let i = 0; i < edits; i++) {
      p.edit();
      await sleep(5 + Math.floor(rand() * 40));
    }
  }));
}

async function settle(peers, what) {
  for (let i = 0; i < 600; i++) {
    if (peers.every((p) => p.settled) && peers.every((p) => p.version === peers[0].version)) return true;
    for (const p of peers) if (!p.pushing && !p.pulling && sendableUpdates(p.state).length) p.push();
    await sleep(50);
  }
  check(false, `${what}: the peers settled: ${JSON.stringify(peers.map((p) => ({ name: p.name, version: p.version,
    pushing: p.pushing, pulling: p.pulling, unsent: sendableUpdates(p.state).length, errors: p.errors })))}`);
  return false;
}

async function serverCopy(port, room, user) {
  const p = new Peer("fresh" + Math.floor(rand() * 1e9), user, port, room);
  const w = await p.connect();
  p.close();
  return w;
}

async function main() {
  const srv = await startServer();
  const { port } = srv;
  try {
    const a = await signup(port, `ca${process.pid}`), b = await signup(port, `cb${process.pid}`);
    await request(port, "POST", "/api/v1/lobby", { language: "python3", difficulty: "easy" }, a.cookie);
    const m = await request(port, "POST", "/api/v1/lobby", { language: "python3", difficulty: "easy" }, b.cookie);
    check(m.body.state === "matched", `matched: ${JSON.stringify(m.body)}`);
    const room = m.body.room;
    const peers = [new Peer("a1", a, port, room), new Peer("a2", a, port, room), new Peer("b1", b, port, room),
                   new Peer("b2", b, port, room)];
    for (const p of peers) await p.connect();
    const driver = peers.find((p) => p.role === "driver");
    const observer = peers.find((p) => p.role === "observer");
    driver.ws.send({ type: "mode", mode: "both" });
    await Promise.all(peers.map((p) => p.next("mode")));

    // 1. Random concurrent edits from four connections.
    await typeRandomly(peers, 60);
    if (await settle(peers, "concurrent edits")) {
      const docs = new Set(peers.map((p) => p.doc));
      check(docs.size === 1, `four peers converge (${docs.size} different documents)`);
      const w = await serverCopy(port, room, a);
      check(w.doc === peers[0].doc && w.version === peers[0].version,
            `the server's copy is theirs (v${w.version} vs v${peers[0].version})`);
      check(/😀|👩‍💻|é🎉/.test(w.doc), "emoji survived");
      check(peers.every((p) => !p.errors.length), `no errors: ${JSON.stringify(peers.flatMap((p) => p.errors))}`);
      console.log(`converged at version ${w.version}: ${w.doc.length} UTF-16 units`);
    }

    // 2. One tab drops, edits offline, comes back and resumes with pull.
    const away = peers.find((p) => p !== driver && p !== observer);
    away.close();
    await sleep(200);
    const others = peers.filter((p) => p !== away);
    for (let i = 0; i < 10; i++) away.edit();
    await typeRandomly(others, 20);
    await settle(others, "edits while one is away");
    const before = others[0].version;
    await away.connect();
    if (await settle(peers, "after the reconnection")) {
      check(new Set(peers.map((p) => p.doc)).size === 1, "the returning tab converges with the others");
      check(peers[0].version >= before + 1, `its offline edits landed (v${before} -> v${peers[0].version})`);
      const w = await serverCopy(port, room, b);
      check(w.doc === away.doc, "and with the server's copy");
    }

    // 3. Driver mode: the observer's push is refused, the connection stays usable.
    driver.ws.send({ type: "mode", mode: "driver" });
    await Promise.all(peers.map((p) => p.next("mode")));
    const copy = (await serverCopy(port, room, a)).doc;
    observer.edit();
    const err = await observer.next("error");
    check(err.code === "not-driver" && err.in === "push", `the observer's push is refused: ${JSON.stringify(err)}`);
    observer.ws.send({ type: "pull", version: observer.version });
    const u = await observer.next("updates");
    check(Array.isArray(u.updates), "the connection is still usable (pull answers)");
    const w = await serverCopy(port, room, a);
    check(w.doc === copy, "the server's copy did not change");
    for (const p of peers) p.close();
  } catch (e) {
    check(false, `the test ran to its end: ${e.stack || e}`);
    console.error(fs.readFileSync(path.join(srv.data, "server.log"), "utf8").slice(-4000));
  } finally {
    srv.proc.kill("SIGTERM");
    await new Promise((r) => srv.proc.on("exit", r));
    fs.rmSync(srv.data, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
