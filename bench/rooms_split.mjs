// rooms_split.mjs - push-to-receipt latency of a room split across two
// `pairbox serve` nodes on one PostgreSQL, against both clients on one node
// (docs/realtime.md "Several nodes"). Client A pushes one character at a
// time (the next once the last is acknowledged, then a pause); each push is
// timed to A's acknowledgement (its own "updates") and to client B's
// receipt of it. Printed: median and p95 of each, per layout:
//
//   sqlite, one node   both clients on one node, SQLite (the single-machine default)
//   postgres, one node both clients on node 1, PostgreSQL
//   postgres, split    A on node 1, B on node 2: B's copy comes from node 2,
//                      which hears of the row in a note and reads it from the log
//
// usage: node bench/rooms_split.mjs PAIRBOX [PUSHES] (default 500). The
// PostgreSQL server is PAIRBOX_TEST_PG's (a URL, or the file holding one),
// else one of the benchmark's own (tests/pg/pgserver.sh, as root), stopped
// at the end.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { JsonSocket } from "../tests/collab/wsjson.mjs";
import { request, root, signup, sleep, startServer, stopServer } from "../tests/collab/collablib.mjs";

const PAIRBOX = process.argv[2];
const PUSHES = Number(process.argv[3] || 500);
const PAUSE_MS = 5;

function quantile(v, q) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function connect(port, room, user) {
  const ws = await JsonSocket.open(port, `/api/v1/rooms/${room}/ws`,
                                   { Cookie: user.cookie, Origin: `http://127.0.0.1:${port}` });
  const c = { ws, msgs: [], wake: null };
  ws.onmessage = (m) => { c.msgs.push([performance.now(), m]); if (c.wake) c.wake(); };
  return c;
}

/** The first message of c's (from index at) that pred accepts: [time, message, next index]. */
async function until(c, at, pred, timeout = 20000) {
  const end = performance.now() + timeout;
  for (;;) {
    for (; at < c.msgs.length; at++)
      if (pred(c.msgs[at][1])) return [c.msgs[at][0], c.msgs[at][1], at + 1];
    if (performance.now() > end) throw new Error("no answer in time");
    await new Promise((r) => { c.wake = r; setTimeout(r, 50); });
    c.wake = null;
  }
}

/** One layout: A on nodeA, B on nodeB (ports), PUSHES pushes. */
async function layout(name, portA, portB) {
  const tag = `${name.replace(/\W/g, "")}${process.pid}`.slice(0, 24);
  const a = await signup(portA, `ba${tag}`), b = await signup(portB, `bb${tag}`);
  await request(portA, "POST", "/api/v1/lobby", { language: "python3", difficulty: "easy" }, a.cookie);
  const m = await request(portB, "POST", "/api/v1/lobby", { language: "python3", difficulty: "easy" }, b.cookie);
  if (m.body.state !== "matched") throw new Error(`not matched: ${JSON.stringify(m.body)}`);
  const room = m.body.room;
  const ca = await connect(portA, room, a), cb = await connect(portB, room, b);
  let [, wa, ia] = await until(ca, 0, (x) => x.type === "welcome");
  let [, wb, ib] = await until(cb, 0, (x) => x.type === "welcome");
  const driver = wa.you.role === "driver" ? ca : cb;
  driver.ws.send({ type: "mode", mode: "both" });
  [, , ia] = await until(ca, ia, (x) => x.type === "mode");
  [, , ib] = await until(cb, ib, (x) => x.type === "mode");
  let version = wa.version, len = wa.doc.length;
  if (wb.version !== version) throw new Error("the clients start at different versions");
  const ack = [], receipt = [];
  for (let i = 0; i < PUSHES; i++) {
    const t0 = performance.now();
    ca.ws.send({ type: "push", version, updates: [{ clientID: "bench", changes: [len, [0, "x"]] }] });
    const mine = (x) => x.type === "updates" && x.version <= version && x.version + x.updates.length > version;
    const [ta, r, na] = await until(ca, ia, (x) => mine(x) || x.type === "push-rejected" || x.type === "error");
    if (r.type !== "updates") throw new Error(`push ${i}: ${JSON.stringify(r)}`);
    const [tb, , nb] = await until(cb, ib, mine);
    ia = na;
    ib = nb;
    ack.push(ta - t0);
    receipt.push(tb - t0);
    version++;
    len++;
    await sleep(PAUSE_MS);
  }
  ca.ws.close();
  cb.ws.close();
  const f = (v) => v.toFixed(2).padStart(7);
  console.log(`${name.padEnd(20)} ${String(PUSHES).padStart(6)}  ack median ${f(quantile(ack, 0.5))} ms  p95 ` +
              `${f(quantile(ack, 0.95))} ms   B's receipt median ${f(quantile(receipt, 0.5))} ms  p95 ` +
              `${f(quantile(receipt, 0.95))} ms`);
}

async function main() {
  let url = process.env.PAIRBOX_TEST_PG || "";
  let own = null;
  if (url && fs.existsSync(url)) url = fs.readFileSync(url, "utf8").trim();
  if (!url) {
    own = fs.mkdtempSync(path.join(os.tmpdir(), "pairbox-bench-pg-"));
    url = execFileSync(path.join(root, "tests/pg/pgserver.sh"), ["start", own], { encoding: "utf8" }).trim();
  }
  const nodes = [];
  try {
    console.log(`push-to-receipt, ${PUSHES} pushes of one character each, one at a time (${os.cpus().length} CPUs)`);
    const lite = await startServer(PAIRBOX);
    nodes.push(lite);
    await layout("sqlite, one node", lite.port, lite.port);
    await stopServer(nodes.pop());
    const n1 = await startServer(PAIRBOX, ["--db", url]), n2 = await startServer(PAIRBOX, ["--db", url]);
    nodes.push(n1, n2);
    await layout("postgres, one node", n1.port, n1.port);
    await layout("postgres, split", n1.port, n2.port);
  } finally {
    for (const n of nodes) await stopServer(n);
    if (own) {
      execFileSync(path.join(root, "tests/pg/pgserver.sh"), ["stop", own]);
      fs.rmSync(own, { recursive: true, force: true });
    }
  }
}

main().catch((e) => { console.error(e.stack || `${e}`); process.exit(1); });
