// room/channel.ts - the room's WebSocket (docs/realtime.md) with reconnection:
// after a drop it tries again with a growing, jittered delay (0.5 s up to
// 15 s), at once when the browser comes back online, and stops for good on
// the closes that mean "do not come back" (room ended, removed, session over).

export type ChannelStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface ChannelEvents {
  message(msg: any): void;
  status(status: ChannelStatus, detail: string): void;
}

const BACKOFF_MIN = 500, BACKOFF_MAX = 15000;

export class Channel {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer = 0;
  private stopped = false;
  private readonly online = () => this.retryNow();

  constructor(private readonly url: string, private readonly on: ChannelEvents) {
    window.addEventListener("online", this.online);
    this.connect();
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Send one message; false when the socket is not open (the caller retries after reconnecting). */
  send(msg: object): boolean {
    if (!this.isOpen) return false;
    this.ws!.send(JSON.stringify(msg));
    return true;
  }

  /** Close for good (leaving the page). */
  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener("online", this.online);
    this.ws?.close(1000, "leaving");
    this.ws = null;
  }

  /** Drop the socket as if the network had (tests and "Reconnect now"). */
  drop(): void {
    this.ws?.close(4000, "dropped by the client");
  }

  /** Try at once (the online event, the "Reconnect now" button). */
  retryNow(): void {
    if (this.stopped || this.isOpen || this.ws?.readyState === WebSocket.CONNECTING) return;
    clearTimeout(this.timer);
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    this.on.status(this.attempt ? "reconnecting" : "connecting", this.attempt ? `attempt ${this.attempt + 1}` : "");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.schedule(String((e as Error).message));
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.on.status("open", "");
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== "string") return;
      let msg: any;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg && typeof msg === "object" && typeof msg.type === "string") this.on.message(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      // 1000: the room ended (or the server is going away: then come back);
      // 1008: policy (session ended, removed from the room): never retry.
      if (ev.code === 1008) {
        this.stopped = true;
        this.on.status("closed", ev.reason || "the server closed the connection");
        return;
      }
      this.schedule(ev.reason || `connection closed (${ev.code})`);
    };
  }

  private schedule(why: string): void {
    if (this.stopped) return;
    const delay = Math.min(BACKOFF_MAX, BACKOFF_MIN * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt++;
    this.on.status("reconnecting", `${why}; retrying in ${Math.ceil(delay / 1000)} s`);
    this.timer = window.setTimeout(() => this.connect(), delay);
  }
}
