// collablib.mjs - what the collaboration tests share (converge.mjs, one
// server; cluster.mjs, two servers on one PostgreSQL): the real
// @codemirror/collab client code (frontend/node_modules), headless
// (EditorState, no view), driven over the room's channel as the web app
// drives it; servers to start, accounts, random edits, a seeded random.
//
// The client logic is the collaborative-editing example's (and the web
// app's): push sendableUpdates at getSyncedVersion, receiveUpdates on
// "updates" (skipping what is already in, pulling on a gap), pull on
// push-rejected from ahead. The server never transforms.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { JsonSocket } from "./wsjson.mjs";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
const frontend = path.join(root, "frontend");
if (!fs.existsSync(path.join(frontend, "node_modules", "@codemirror", "collab"))) {
  console.error(`collablib.mjs: ${frontend}/node_modules has no @codemirror/collab: run npm ci there`);
  process.exit(2);
}
const require = createRequire(path.join(frontend, "package.json"));
const { ChangeSet, EditorState } = require("@codemirror/state");
const { collab, getSyncedVersion, receiveUpdates, sendableUpdates } = require("@codemirror/collab");

let seed = 1;
/** Seed the random edits (printed, so a failure can be replayed). */
export function setSeed(s) {
  seed = s;
  console.log(`seed ${seed}`);
}
export function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
export const pick = (v) => v[Math.floor(rand() * v.length)];
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const results = { passed: 0, failed: 0 };
export function check(cond, what) {
  if (cond) results.passed++;
  else { results.failed++; console.error(`FAIL ${what}`); }
}

// ---- the server ----

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

export function request(port, method, p, body, cookie) {
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

/** `pairbox serve` on a free port with a data directory of its own; args and env added to the defaults. */
export async function startServer(pairbox, args = [], extraEnv = {}) {
  const port = await freePort();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "pairbox-collab-"));
  const env = { ...process.env, PROBLEMS_DIR: path.join(root, "tests/api/problems"), SIGNUP_PER_HOUR: "100000",
                SESSION_PER_MINUTE: "100000", WS_RATE: "1000", WS_RATE_BURST: "2000", ...extraEnv };
  const log = fs.openSync(path.join(data, "server.log"), "a");
  const proc = spawn(pairbox, ["serve", "--port", String(port), "--bind", "127.0.0.1", "--data", data, "--workers", "1",
                               ...args], { env, stdio: ["ignore", log, log] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await request(port, "GET", "/version")).status === 200) return { port, data, proc };
    } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error("the server did not come up: " + fs.readFileSync(path.join(data, "server.log"), "utf8"));
}

export async function signup(port, name) {
  const r = await request(port, "POST", "/api/v1/auth/signup", { username: name, password: "correct horse battery" });
  if (r.status !== 201) throw new Error(`sign-up: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.id, cookie: r.headers["set-cookie"][0].split(";")[0] };
}

// ---- a collab client ----

export class Peer {
  constructor(name, user, port, room) {
    Object.assign(this, { name, user, port, room });
    this.state = null;
    this.pushing = false;
    this.pulling = false;
    this.errors = [];
    this.rejected = 0;
    this.seen = [];               // every message but updates, for waitFor
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
    if (m.type !== "updates" && this.seen.length < 10000) this.seen.push(m);
    if (m.type === "updates") this.receive(m);
    else if (m.type === "push-rejected") {
      this.rejected++;
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

  /** A message seen since connecting that matches pred, waited for up to timeout ms. */
  async waitFor(pred, what, timeout = 20000) {
    for (let t = 0; t < timeout; t += 50) {
      const m = this.seen.find(pred);
      if (m) return m;
      await sleep(50);
    }
    throw new Error(`${this.name}: no ${what} in ${timeout} ms`);
  }

  close() { if (this.ws) this.ws.close(); }
}

export async function typeRandomly(peers, edits) {
  await Promise.all(peers.map(async (p) => {
    for (let i = 0; i < edits; i++) {
      p.edit();
      await sleep(5 + Math.floor(rand() * 40));
    }
  }));
}

export async function settle(peers, what) {
  for (let i = 0; i < 600; i++) {
    if (peers.every((p) => p.settled) && peers.every((p) => p.version === peers[0].version)) return true;
    for (const p of peers) if (!p.pushing && !p.pulling && sendableUpdates(p.state).length) p.push();
    await sleep(50);
  }
  check(false, `${what}: the peers settled: ${JSON.stringify(peers.map((p) => ({ name: p.name, version: p.version,
    pushing: p.pushing, pulling: p.pulling, unsent: sendableUpdates(p.state).length, errors: p.errors })))}`);
  return false;
}

export async function serverCopy(port, room, user) {
  const p = new Peer("fresh" + Math.floor(rand() * 1e9), user, port, room);
  const w = await p.connect();
  p.close();
  return w;
}


/** Stop a server started by startServer and remove its directory: its exit status (0 when it stopped
 * cleanly; else its log's tail is printed first). */
export async function stopServer(srv) {
  if (srv.proc.exitCode === null && srv.proc.signalCode === null) {
    srv.proc.kill("SIGTERM");
    await new Promise((r) => srv.proc.on("exit", r));
  }
  const code = srv.proc.exitCode ?? 128;
  if (code) console.error(`the server on port ${srv.port} exited with ${code}:\n${serverLog(srv)}`);
  fs.rmSync(srv.data, { recursive: true, force: true });
  return code;
}

/** The tail of a server's log, for a failure's message. */
export function serverLog(srv, bytes = 4000) {
  try { return fs.readFileSync(path.join(srv.data, "server.log"), "utf8").slice(-bytes); } catch { return ""; }
}

