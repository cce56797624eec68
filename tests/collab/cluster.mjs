// cluster.mjs - a room shared by two `pairbox serve` nodes on one
// PostgreSQL database (docs/realtime.md "Several nodes"), with the real
// @codemirror/collab client (collablib.mjs's Peer):
//
//   1. user A signs up on node 1, B on node 2; they are matched through
//      the store; A connects to node 1, B to node 2, and each hears the
//      other come online (presence crosses nodes in notes). Both nodes
//      load the room and both clocks log its first phase: the log has
//      one phase row and one "start" roles row, not two.
//   2. two tabs of each user, one on each node, hammer random concurrent
//      edits at once; all four converge, and the document is the same on
//      both nodes and in the store (a third node, started afterwards,
//      loads it from the log).
//   3. A and B chat at the same moment from their nodes: each hears both
//      messages, with different ids, and the log has both. A's cursor
//      reaches node 2, and A's call signals (one longer than a note) reach
//      both of B's tabs, on either node, and none of A's own.
//   4. the room's first phase runs out (its start moved back in the
//      database, so the clock fires a few seconds in) while both nodes
//      hold the room: both clocks fire, every tab hears the new phase, and
//      the log has exactly one row of it. The log's seqs have no gap.
//
// usage: node cluster.mjs PAIRBOX [SEED], with PAIRBOX_TEST_PG naming the
// file tests/pg/pgserver.sh wrote the server's URL to (the ctest fixture
// "pg"), or holding a URL. A database of the test's own is made on that
// server and dropped at the end. Prints "N passed, N failed".
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { Peer, check, request, results, serverCopy, serverLog, setSeed, settle, signup, sleep, startServer,
         stopServer, typeRandomly } from "./collablib.mjs";

const PAIRBOX = process.argv[2];
setSeed(Number(process.argv[3] || Date.now() % 1000000));
const PHASES = { PHASE_MINUTES: "intro=1,code=30" };
const INTRO_LEFT_MS = 20000;           // the intro ends this long after the match

function pgUrl() {
  const v = process.env.PAIRBOX_TEST_PG || "";
  if (!v) throw new Error("PAIRBOX_TEST_PG is not set (the ctest fixture pg sets it)");
  return (fs.existsSync(v) ? fs.readFileSync(v, "utf8") : v).trim();
}

const psqlBin = (() => {
  const dirs = fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${dirs[dirs.length - 1]}/bin/psql`;
})();

function psql(url, sql) {
  return execFileSync(psqlBin, [url, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" }).trim();
}

async function main() {
  const base = pgUrl();
  const db = `cluster_${process.pid}`;
  const url = base.replace(/\/[^/?]*(\?|$)/, `/${db}$1`);
  psql(base, `CREATE DATABASE ${db}`);
  const nodes = [];
  let peers = [];
  try {
    nodes.push(await startServer(PAIRBOX, ["--db", url], PHASES), await startServer(PAIRBOX, ["--db", url], PHASES));
    const [n1, n2] = nodes.map((n) => n.port);
    const q = (sql) => psql(url, sql);

    // 1. Matched across the nodes; presence crosses them; the first phase logged once.
    const a = await signup(n1, `ka${process.pid}`), b = await signup(n2, `kb${process.pid}`);
    await request(n1, "POST", "/api/v1/lobby", { language: "python3", difficulty: "easy" }, a.cookie);
    const m = await request(n2, "POST", "/api/v1/lobby", { language: "python3", difficulty: "easy" }, b.cookie);
    check(m.body.state === "matched", `matched through the store: ${JSON.stringify(m.body)}`);
    const room = m.body.room;
    const lit = (s) => `'${s.replace(/'/g, "''")}'`;
    q(`UPDATE rooms SET start_ms = ${Date.now() - 60000 + INTRO_LEFT_MS} WHERE id = ${lit(room)}`);
    const a1 = new Peer("a1", a, n1, room), b1 = new Peer("b1", b, n2, room);
    peers = [a1, b1];
    const wa = await a1.connect();
    check(wa.room.phase.ends_at - Date.now() < INTRO_LEFT_MS + 5000, `the intro ends soon: ${JSON.stringify(wa.room.phase)}`);
    await b1.connect();
    const seen = await a1.waitFor((x) => x.type === "presence" && x.user.id === b.id && x.online, "B online");
    check(seen.online, "A, on node 1, hears B come online on node 2");
    const wb2 = await serverCopy(n2, room, b);
    check(wb2.room.participants.every((p) => p.online), `node 2 sees both online: ${JSON.stringify(wb2.room.participants)}`);
    await sleep(1500);
    check(q(`SELECT count(*) FROM room_log WHERE room_id = ${lit(room)} AND kind = 'phase'`) === "1",
          "both nodes loaded the room: one phase row");
    check(q(`SELECT count(*) FROM room_log WHERE room_id = ${lit(room)} AND kind = 'roles'`) === "1",
          "and one roles row");

    // 2. Concurrent edits from both nodes.
    const a2 = new Peer("a2", a, n2, room), b2 = new Peer("b2", b, n1, room);
    await a2.connect();
    await b2.connect();
    peers = [a1, b1, a2, b2];
    const driver = peers.find((p) => p.role === "driver");
    driver.ws.send({ type: "mode", mode: "both" });
    await Promise.all(peers.map((p) => p.waitFor((x) => x.type === "mode" && x.mode === "both", "mode both")));
    await typeRandomly(peers, 80);
    if (await settle(peers, "concurrent edits on two nodes")) {
      check(new Set(peers.map((p) => p.doc)).size === 1, "the four tabs converge");
      const c1 = await serverCopy(n1, room, a), c2 = await serverCopy(n2, room, b);
      check(c1.doc === peers[0].doc && c1.version === peers[0].version, `node 1's copy is theirs (v${c1.version})`);
      check(c2.doc === peers[0].doc && c2.version === peers[0].version, `node 2's copy is theirs (v${c2.version})`);
      const n3 = await startServer(PAIRBOX, ["--db", url], PHASES);
      nodes.push(n3);
      const c3 = await serverCopy(n3.port, room, a);
      check(c3.doc === peers[0].doc && c3.version === peers[0].version, `the store's copy is theirs (v${c3.version})`);
      check(await stopServer(nodes.pop()) === 0, "the third node stopped cleanly");
      check(peers.every((p) => !p.errors.length), `no errors: ${JSON.stringify(peers.flatMap((p) => p.errors))}`);
      const rejected = peers.reduce((n, p) => n + p.rejected, 0);
      console.log(`converged at version ${c1.version}: ${c1.doc.length} UTF-16 units, ${rejected} pushes rejected`);
    }

    // 3. Chat from each side at once.
    const ta = `from node 1 ${process.pid}`, tb = `from node 2 ${process.pid}`;
    a1.ws.send({ type: "chat", text: ta });
    b1.ws.send({ type: "chat", text: tb });
    for (const p of peers) {
      const x = await p.waitFor((y) => y.type === "chat" && y.text === ta, `${p.name}: A's chat`);
      const y = await p.waitFor((z) => z.type === "chat" && z.text === tb, `${p.name}: B's chat`);
      check(x.id !== y.id, `${p.name} hears both chats, with their own ids (${x.id}, ${y.id})`);
    }
    check(q(`SELECT count(*) FROM room_log WHERE room_id = ${lit(room)} AND kind = 'chat'`) === "2", "two chat rows");

    // 3b. What is not logged crosses the nodes in notes: a cursor, and the call's signals, one of them an
    // offer longer than a note (it goes in pieces) to both of B's tabs (one on each node).
    a1.ws.send({ type: "cursor", anchor: 0, head: 0 });
    const cur = await b1.waitFor((x) => x.type === "cursor" && x.user.id === a.id, "A's cursor on node 2");
    check(cur.anchor === 0 && cur.head === 0, `A's cursor reaches node 2: ${JSON.stringify(cur)}`);
    const sdp = "v=0\r\n" + "a=x-pad:" + "é".repeat(5000) + "\r\n";
    a1.ws.send({ type: "signal", to: b.id, data: { session: "s1", call: "hello" } });
    a1.ws.send({ type: "signal", to: b.id, data: { session: "s1", description: { type: "offer", sdp } } });
    for (const p of [b1, b2]) {
      await p.waitFor((x) => x.type === "signal" && x.data.call === "hello", `${p.name}: A's hello`);
      const o = await p.waitFor((x) => x.type === "signal" && x.data.description, `${p.name}: A's offer`);
      check(o.data.description.sdp === sdp && o.from.id === a.id, `${p.name} gets A's offer whole`);
    }
    check(!a2.seen.some((x) => x.type === "signal"), "A's own tab on node 2 gets none of A's signals");

    // 4. The clock fires on both nodes: one new phase.
    for (const p of peers) {
      const ph = await p.waitFor((x) => x.type === "phase" && x.index === 1, `${p.name}: the second phase`, 60000);
      check(ph.name === "code", `${p.name} hears the second phase: ${JSON.stringify(ph)}`);
    }
    await sleep(1500);                 // both clocks have ticked many times since
    const phases = q(`SELECT data FROM room_log WHERE room_id = ${lit(room)} AND kind = 'phase' ORDER BY seq`).split("\n");
    check(phases.length === 2 && phases.filter((d) => JSON.parse(d).index === 1).length === 1,
          `exactly one row of the second phase: ${JSON.stringify(phases)}`);
    for (const p of peers)
      check(p.seen.filter((x) => x.type === "phase" && x.index === 1).length === 1, `${p.name} heard it once`);
    const [count, max] = q(`SELECT count(*), max(seq) FROM room_log WHERE room_id = ${lit(room)}`).split("|");
    check(count === max, `the log's seqs have no gap (${count} rows, last ${max})`);
  } catch (e) {
    check(false, `the test ran to its end: ${e.stack || e}`);
    for (const n of nodes) console.error(serverLog(n));
  } finally {
    for (const p of peers) p.close();
    for (const n of nodes) check(await stopServer(n) === 0, `node ${n.port} stopped cleanly`);
    try { psql(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`); } catch (e) { console.error(`${e}`); }
  }
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

main();
