// driver.mjs - the load of bench/rooms: two clients per room, the driver typing at RATE edits/s, timing each
// edit from the push to the other client's receipt; pairbox (realtime.md's JSON push) or y-websocket (Yjs).
//
// usage: node driver.mjs pairbox CONFIG.json | node driver.mjs yjs CONFIG.json
// CONFIG: {"url", "rate", "seconds", "rooms": [...]}; pairbox rooms are {"id", "tokens": [t1, t2]}, yjs rooms
// names. Prints "ready" once every client has its first state, starts on a "go" line on stdin, prints
// "done" when the last edit's time is up, then one JSON line of results (latencies in ms, client CPU).
import fs from 'node:fs';
import readline from 'node:readline';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

process.setMaxListeners(0);   // a WebsocketProvider per client listens for exit
const [mode, cfgPath] = process.argv.slice(2);
const cfg = JSON.parse(fs.readFileSync(cfgPath, 'utf8'));
const period = 1000 / cfg.rate;
const lat = [];            // push -> other client's receipt, ms
let sent = 0, rejected = 0, late = 0, errors = 0, running = false;

// One pairbox room: whoever the welcome names driver pushes one character at the end of the document.
function pairboxRoom(room) {
  const r = { version: 0, len: 0, inflight: false, pending: false, seen: 0, pushed: new Map(), n: 0 };
  let ready = 0;
  return new Promise((resolve, reject) => {
    for (const token of room.tokens) {
      const ws = new WebSocket(`${cfg.url.replace('http', 'ws')}/api/v1/rooms/${encodeURIComponent(room.id)}/ws`,
        { headers: { Cookie: `pairbox_session=${token}` }, origin: cfg.url, perMessageDeflate: false });
      ws.on('error', reject);
      ws.on('message', (data) => {
        const m = JSON.parse(data);
        const now = performance.now();
        if (m.type === 'welcome') {
          if (m.you.role === 'driver') {
            r.drv = ws; r.version = m.version; r.len = m.doc.length;
          } else {
            r.seen = m.version;
          }
          if (++ready === 2) resolve(r);
        } else if (m.type === 'updates') {
          const to = m.version + m.updates.length;
          if (ws === r.drv) {
            if (to > r.version) {
              for (const u of m.updates.slice(r.version - m.version)) r.len += changeDelta(u.changes);
              r.version = to;
            }
            r.inflight = false;
            if (r.pending && running) { r.pending = false; late++; push(r); }
          } else {
            for (let v = r.seen + 1; v <= to; v++) {
              const t = r.pushed.get(v);
              if (t !== undefined) { lat.push(now - t); r.pushed.delete(v); }
            }
            if (to > r.seen) r.seen = to;
          }
        } else if (m.type === 'push-rejected') {
          rejected++; r.inflight = false;
        } else if (m.type === 'error') {
          errors++;
          if (errors < 5) console.error('server error:', JSON.stringify(m));
        }
      });
    }
  });
}

// The length a change set adds: inserted units minus deleted ones.
function changeDelta(changes) {
  let d = 0;
  for (const e of changes) {
    if (Array.isArray(e)) {
      d -= e[0];
      if (e.length > 1) d += e.slice(1).join('\n').length;
    }
  }
  return d;
}

function push(r) {
  const ch = (r.n++ % 40 === 39) ? ['', ''] : ['x'];     // a line break now and then, as typing does
  const changes = r.len ? [r.len, [0, ...ch]] : [[0, ...ch]];
  r.inflight = true;
  r.pushed.set(r.version + 1, performance.now());
  r.drv.send(JSON.stringify({ type: 'push', version: r.version, updates: [{ clientID: 'bench', changes }] }));
  sent++;
}

function pairboxTick(r) {
  if (r.inflight) r.pending = true; else push(r);
}

// One Yjs room: two docs with a WebsocketProvider each; the first inserts a character at the end of a
// Y.Text; the other's text length names the edits it has.
function yjsRoom(name) {
  const docs = [new Y.Doc(), new Y.Doc()];
  const r = { docs, pushed: new Map(), seen: 0, n: 0 };
  const text = docs[1].getText('code');
  text.observe(() => {
    const now = performance.now();
    const to = text.length;
    for (let v = r.seen + 1; v <= to; v++) {
      const t = r.pushed.get(v);
      if (t !== undefined) { lat.push(now - t); r.pushed.delete(v); }
    }
    if (to > r.seen) r.seen = to;
  });
  // disableBc: through the server, never the same-process BroadcastChannel y-websocket would use.
  return Promise.all(docs.map((doc) => new Promise((resolve) => {
    const p = new WebsocketProvider(cfg.url, name, doc, { WebSocketPolyfill: WebSocket, disableBc: true });
    p.on('sync', (ok) => { if (ok) resolve(); });
  }))).then(() => r);
}

function yjsTick(r) {
  const text = r.docs[0].getText('code');
  r.pushed.set(text.length + 1, performance.now());
  text.insert(text.length, (r.n++ % 40 === 39) ? '\n' : 'x');   // the provider sends the update at once
  sent++;
}

const rooms = await Promise.all(cfg.rooms.map(mode === 'pairbox' ? pairboxRoom : yjsRoom));
const tick = mode === 'pairbox' ? pairboxTick : yjsTick;
console.log('ready');
const rl = readline.createInterface({ input: process.stdin });
await new Promise((resolve) => rl.once('line', resolve));
const cpu0 = process.cpuUsage(), t0 = performance.now();
running = true;
const timers = rooms.map((r, i) => setTimeout(() => {
  tick(r);
  r.timer = setInterval(() => tick(r), period);
}, period * i / rooms.length));
await new Promise((resolve) => setTimeout(resolve, cfg.seconds * 1000));
running = false;
for (const [i, r] of rooms.entries()) { clearTimeout(timers[i]); clearInterval(r.timer); }
console.log('done');
await new Promise((resolve) => setTimeout(resolve, 2000));   // the last receipts
const cpu = process.cpuUsage(cpu0), wall = (performance.now() - t0) / 1000;
const lost = rooms.reduce((a, r) => a + r.pushed.size, 0);
const out = JSON.stringify({ lat: lat.map((x) => Math.round(x * 1000) / 1000), sent, rejected, late, errors, lost,
  client_cpu_s: (cpu.user + cpu.system) / 1e6, wall_s: wall });
process.stdout.write(out + '\n', () => process.exit(0));   // a pipe: exit only once it is written
