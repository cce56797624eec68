// wsjson.mjs - the smallest WebSocket client (RFC 6455) on node:net for the
// collaboration test: a handshake with our own headers (the session cookie,
// Origin), masked text frames out, whole messages in (fragments joined, pings
// answered), each message parsed as JSON. Node's own WebSocket cannot send a
// Cookie header, which is how a browser authenticates the room's channel.
import net from "node:net";
import crypto from "node:crypto";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export class JsonSocket {
  /** Connect to ws://host:port/path with headers; resolves once the 101 is in (rejects with the status otherwise). */
  static open(port, path, headers = {}) {
    return new Promise((resolve, reject) => {
      const sock = net.connect(port, "127.0.0.1");
      const key = crypto.randomBytes(16).toString("base64");
      let buf = Buffer.alloc(0);
      let done = false;
      sock.on("error", (e) => { if (!done) { done = true; reject(e); } });
      sock.on("connect", () => {
        const h = { Host: `127.0.0.1:${port}`, Upgrade: "websocket", Connection: "Upgrade",
                    "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13", ...headers };
        sock.write(`GET ${path} HTTP/1.1\r\n` + Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n");
      });
      const onHead = (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.subarray(0, end).toString("latin1");
        const status = Number(head.split(" ")[1]);
        sock.off("data", onHead);
        done = true;
        if (status !== 101) {
          sock.destroy();
          reject(Object.assign(new Error(`HTTP ${status}`), { status }));
          return;
        }
        const want = crypto.createHash("sha1").update(key + GUID).digest("base64");
        if (!head.toLowerCase().includes(`sec-websocket-accept: ${want.toLowerCase()}`)) {
          sock.destroy();
          reject(new Error("wrong Sec-WebSocket-Accept"));
          return;
        }
        resolve(new JsonSocket(sock, buf.subarray(end + 4)));
      };
      sock.on("data", onHead);
    });
  }

  constructor(sock, rest) {
    this.sock = sock;
    this.buf = Buffer.alloc(0);
    this.parts = [];
    this.early = [];              // messages before anyone listened (the welcome may come with the 101)
    this.handler = null;
    this.onclose = null;          // (code) => void
    this.closed = false;
    sock.on("data", (d) => this.feed(d));
    sock.on("close", () => this.end(1006));
    sock.on("error", () => this.end(1006));
    if (rest.length) this.feed(rest);
  }

  /** (msg) => void; messages that came before it was set are given to it first. */
  set onmessage(fn) {
    this.handler = fn;
    while (fn && this.early.length) fn(this.early.shift());
  }

  end(code) {
    if (this.closed) return;
    this.closed = true;
    this.sock.destroy();
    if (this.onclose) this.onclose(code);
  }

  frame(opcode, payload) {
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n])
      : n < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
    const mask = crypto.randomBytes(4);
    const body = Buffer.alloc(n);
    for (let i = 0; i < n; i++) body[i] = payload[i] ^ mask[i & 3];
    return Buffer.concat([head, mask, body]);
  }

  send(msg) {
    if (this.closed) return false;
    this.sock.write(this.frame(0x1, Buffer.from(JSON.stringify(msg), "utf8")));
    return true;
  }

  close(code = 1000) {
    if (this.closed) return;
    const p = Buffer.alloc(2);
    p.writeUInt16BE(code);
    this.sock.write(this.frame(0x8, p));
    this.sock.end();
  }

  feed(data) {
    this.buf = Buffer.concat([this.buf, data]);
    for (;;) {
      if (this.buf.length < 2) return;
      const b0 = this.buf[0], b1 = this.buf[1];
      let n = b1 & 0x7f, at = 2;
      if (n === 126) { if (this.buf.length < 4) return; n = this.buf.readUInt16BE(2); at = 4; }
      else if (n === 127) { if (this.buf.length < 10) return; n = Number(this.buf.readBigUInt64BE(2)); at = 10; }
      if (this.buf.length < at + n) return;
      const payload = this.buf.subarray(at, at + n);
      this.buf = this.buf.subarray(at + n);
      const op = b0 & 0x0f, fin = (b0 & 0x80) !== 0;
      if (op === 0x9) { this.sock.write(this.frame(0xA, payload)); continue; }
      if (op === 0xA) continue;
      if (op === 0x8) { this.end(payload.length >= 2 ? payload.readUInt16BE(0) : 1005); return; }
      this.parts.push(Buffer.from(payload));
      if (!fin) continue;
      const text = Buffer.concat(this.parts).toString("utf8");
      this.parts = [];
      const msg = JSON.parse(text);
      if (this.handler) this.handler(msg);
      else this.early.push(msg);
    }
  }
}
