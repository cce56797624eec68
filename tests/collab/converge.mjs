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
// The client is collablib.mjs's Peer (the web app's logic).
//
// usage: node converge.mjs PAIRBOX [SEED]; prints "N passed, N failed".
import { Peer, check, rand, request, results, serverCopy, serverLog, setSeed, settle, signup, sleep, startServer,
         stopServer, typeRandomly } from "./collablib.mjs";

const PAIRBOX = process.argv[2];
setSeed(Number(process.argv[3] || Date.now() % 1000000));

async function main() {
  const srv = await startServer(PAIRBOX);
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
    console.error(serverLog(srv));
  } finally {
    await stopServer(srv);
  }
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

main();
