// collab.test.ts - the room's collab client (src/room/collab.ts) with the real
// @codemirror/collab, in Node, against an authority that answers as
// docs/realtime.md says (apply at the current version and broadcast to all,
// the pusher included; push-rejected otherwise; pull; welcome on connect).
// Several clients make random concurrent edits (emoji, combining marks, line
// breaks) over links with random delays; links drop at random (messages in
// flight lost) and come back with a welcome, clients keep typing while
// offline. Every client must end with the authority's document, nothing
// pending, and every edit made must be in it exactly once (each insertion
// carries a unique marker; no edit lands inside a marker and no deletion
// touches one).
import { ChangeSet, EditorState, Text, type Transaction } from "@codemirror/state";
import { CollabClient } from "../src/room/collab";

declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

let seed = Number(process.env.SEED || 12345);
function rand(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Conn {
  id: number;
  client: Client;
  open: boolean;
}

class Authority {
  doc = Text.of([""]);
  log: { clientID: string; changes: ChangeSet }[] = [];
  conns = new Set<Conn>();
  rejected = 0;
  pulls = 0;

  connect(c: Conn): void {
    this.conns.add(c);
    net(c, "down", { type: "welcome", version: this.log.length, doc: this.doc.toString() });
  }

  receive(c: Conn, msg: any): void {
    if (msg.type === "pull") {
      this.pulls++;
      net(c, "down", { type: "updates", version: msg.version, updates: this.log.slice(msg.version).map(wire) });
    } else if (msg.type === "push") {
      if (msg.version !== this.log.length) {
        this.rejected++;
        net(c, "down", { type: "push-rejected", version: this.log.length });
        return;
      }
      const start = this.log.length;
      let doc = this.doc;
      const accepted: { clientID: string; changes: ChangeSet }[] = [];
      for (const u of msg.updates) {
        const changes = ChangeSet.fromJSON(u.changes);
        if (changes.length !== doc.length) throw new Error("bad-changes: the client pushed a set that does not fit");
        doc = changes.apply(doc);
        accepted.push({ clientID: u.clientID, changes });
      }
      this.doc = doc;
      this.log.push(...accepted);
      for (const o of this.conns) net(o, "down", { type: "updates", version: start, updates: accepted.map(wire) });
    }
  }
}
const wire = (u: { clientID: string; changes: ChangeSet }) => ({ clientID: u.clientID, changes: u.changes.toJSON(), user: 1, t: 0 });

const server = new Authority();
let nextConn = 0;

/** Deliver a message after a random delay, in order per link and direction; lost if the link drops. */
const queues = new Map<string, Promise<void>>();
function net(c: Conn, dir: "up" | "down", msg: any): void {
  const key = `${c.id}:${dir}`;
  const text = JSON.stringify(msg);        // what a WebSocket carries: text
  const prev = queues.get(key) || Promise.resolve();
  const next = prev.then(async () => {
    await sleep(Math.floor(rand() * 4));
    if (!c.open) return;
    if (dir === "up") server.receive(c, JSON.parse(text));
    else c.client.onMessage(JSON.parse(text));
  });
  queues.set(key, next);
}

class Client {
  state: EditorState | null = null;
  conn: Conn | null = null;
  collab: CollabClient;
  markers: string[] = [];

  constructor(readonly name: string) {
    this.collab = new CollabClient({ send: (m) => (this.conn?.open ? (net(this.conn, "up", m), true) : false) });
  }

  connect(): void {
    this.conn = { id: nextConn++, client: this, open: true };
    server.connect(this.conn);
  }

  drop(): void {
    if (!this.conn) return;
    this.conn.open = false;
    server.conns.delete(this.conn);
    this.conn = null;
    this.collab.disconnected();
  }

  onMessage(msg: any): void {
    if (msg.type === "welcome") {
      if (!this.state) {
        const self = this;
        this.state = EditorState.create({ doc: msg.doc, extensions: this.collab.extension(msg.version, this.name) });
        this.collab.attach({
          get state() { return self.state!; },
          dispatch(tr: Transaction) { self.state = tr.state; if (tr.docChanged) self.collab.push(); },
        });
      }
      this.collab.connectedAgain(msg.version);
    } else if (msg.type === "updates") {
      this.collab.receiveUpdates(msg);
    } else if (msg.type === "push-rejected") {
      this.collab.rejected(msg);
    }
  }

  /** A random local edit: insert a unique marker with some text, or delete text that holds no marker. */
  edit(n: number): void {
    const st = this.state;
    if (!st) return;
    const doc = st.doc.toString();
    // Markers are <...> runs: no edit lands inside one, no deletion touches one.
    const inside = (i: number) => doc.lastIndexOf("<", i - 1) > doc.lastIndexOf(">", i - 1);
    let spec;
    if (rand() < 0.7 || doc.length < 4) {
      const pos = Math.floor(rand() * (doc.length + 1));
      if (inside(pos)) return;
      const marker = `<${this.name}${n}>`;
      this.markers.push(marker);
      const extra = pick(["", "😀", "👩‍💻", "e\u0301", "\n", "ab", "🇫🇷", "x\ny", "\t"]);
      spec = { changes: { from: pos, insert: marker + extra } };
    } else {
      const from = Math.floor(rand() * doc.length);
      const to = Math.min(doc.length, from + 1 + Math.floor(rand() * 3));
      if (inside(from) || /[<>]/.test(doc.slice(from, to))) return;
      spec = { changes: { from, to } };
    }
    const tr = st.update(spec);
    this.state = tr.state;
    this.collab.push();
  }
}

async function main(): Promise<void> {
  const clients = ["a", "b", "c", "d"].map((n) => new Client(n));
  for (const c of clients) c.connect();
  await sleep(20);
  let drops = 0, offlineEdits = 0;
  for (let step = 0; step < 1500; step++) {
    const c = pick(clients);
    if (!c.conn && rand() < 0.3) c.connect();
    else if (c.conn && rand() < 0.03) { c.drop(); drops++; }
    if (c.state) {
      if (!c.conn) offlineEdits++;
      c.edit(step);
    }
    if (step % 7 === 0) await sleep(1);
  }
  for (const c of clients) if (!c.conn) c.connect();
  // Quiescence: every client synced to the authority with nothing pending,
  // well before the 10 s after which a client gives up on an unanswered push
  // (a client that never saw its push confirmed would still converge, late).
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    await sleep(50);
    if (clients.every((c) => c.state && c.collab.pending === 0 && c.collab.version === server.log.length)) break;
  }
  const want = server.doc.toString();
  let failed = 0;
  for (const c of clients) {
    if (c.collab.pending || c.collab.version !== server.log.length || c.state!.doc.toString() !== want) {
      console.log(`FAIL ${c.name}: pending ${c.collab.pending}, version ${c.collab.version} of ${server.log.length}, ` +
        `document ${c.state!.doc.toString() === want ? "equal" : "different"}`);
      failed++;
    }
    for (const m of c.markers) {
      const n = want.split(m).length - 1;
      if (n !== 1) {
        if (process.env.DEBUG) console.log(`FAIL ${c.name}: edit ${m} is in the document ${n} times; near ${JSON.stringify(want.slice(0, 80))}`);
        failed++;
      }
    }
  }
  console.log(`${server.log.length} updates, ${server.rejected} pushes rejected, ${server.pulls} pulls, ` +
    `${drops} drops, ${offlineEdits} edits made offline, document ${want.length} units`);
  if (server.rejected === 0 || drops === 0 || offlineEdits === 0) {
    console.log("FAIL: the run did not exercise rejection, drops and offline edits");
    failed++;
  }
  console.log(failed ? "0 passed, 1 failed" : "1 passed, 0 failed");
  process.exit(failed ? 1 : 0);
}

void main();
