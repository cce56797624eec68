// room/call.ts - the room's audio call: WebRTC between the two participants'
// browsers, the server only relaying the signals over the room's channel
// (docs/realtime.md "The audio call"). The media never passes through pairbox.
//
// Negotiation is the W3C "perfect negotiation" pattern: either side may make
// an offer whenever its connection needs one; when offers cross, the polite
// side (the server says which one in the welcome, so both agree) rolls its own
// back and answers, the impolite side ignores the other's offer. Offers rarely
// cross here, by design: a new connection is offered by the impolite side (the
// polite one adds its microphone when it answers), and only the impolite side
// restarts ICE. Chromium 156 was seen not to gather candidates again after
// rolling back an offer it had finished setting, which left such a call stuck.
//
// Around it, a small handshake of call words ties each peer connection to one
// page: every page has a random session id (a new one when it drops its
// connection on its own: it left, the peer left, the peer's page is gone);
// "hello" says "I am in the call with this session" and carries the peer's
// session as far as the sender knows it; every other signal names the session
// it is meant for. A reload (a new page, a new session) makes the other side
// drop its old connection and start a new one with the new page; signals from
// an older page, or meant for another tab, are ignored; a tab whose partner
// turned to another tab of the same user leaves the call to it. A dropped WebSocket changes
// nothing while the media path lives: signals sent meanwhile wait in an outbox,
// the hello after the reconnection resynchronises, and a connection whose ICE
// failed is restarted (restartIce, or a new connection when the peer is gone).
import { request } from "../api";

export type CallState = "left" | "elsewhere" | "starting" | "waiting" | "peer-left" | "connecting" | "connected" | "reconnecting";

export interface CallOptions {
  room: string;
  /** Send a message on the room's channel; false when it is not open. */
  send(msg: object): boolean;
  /** Something shown changed (state, levels, mute, the audio being blocked). */
  changed(): void;
}

interface Signal {
  session?: string;
  peer?: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
  call?: "hello" | "bye" | "muted" | "unmuted";
}

const STATS_MS = 250;               // audio levels read this often
const DISCONNECTED_GRACE_MS = 4000; // a "disconnected" connection gets this long before an ICE restart
const OUTBOX_MAX = 200;             // signals kept while the channel is down
const ICE_FALLBACK_MS = 30_000;     // rtc-config could not be read: try again after this

/** sessionStorage, when the browser lets the page have it. */
function remembered(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

function remember(key: string, on: boolean): void {
  try {
    if (on) sessionStorage.setItem(key, "1");
    else sessionStorage.removeItem(key);
  } catch {
    /* the choice lasts as long as the page */
  }
}

function newSession(): string {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export class Call {
  readonly audio: HTMLAudioElement;
  /** The other participant ({id, username, display_name}; null until the welcome names one) and whether a page of theirs is open. */
  peer: { id: number | string; username?: string | null; display_name?: string } | null = null;
  peerOnline = false;
  peerMuted = false;
  muted = false;
  /** Why this page sends no audio (getUserMedia refused or impossible), or null. */
  noMic: string | null = null;
  /** The remote audio could not start without a click (the browser's autoplay policy). */
  audioBlocked = false;
  localLevel = 0;
  remoteLevel = 0;
  pc: RTCPeerConnection | null = null;

  private me: string | null = null;
  private polite = false;
  private joined: boolean;
  private started = false;
  private starts = 0;                  // the latest start(): an older one still waiting for the microphone gives up
  private destroyed = false;
  private stream: MediaStream | null = null;
  private mediaReady = false;
  private mySession = newSession();
  private remoteSession: string | null = null;
  private peerLeft = false;
  private elsewhere = false;           // the peer turned to another tab of this user's
  private hadCall = false;             // connected once with this peer: a new attempt is "reconnecting"
  private makingOffer = false;
  private ignoreOffer = false;
  private settingAnswer = false;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private outbox: object[] = [];
  private chain: Promise<void> = Promise.resolve();
  private ice: { servers: RTCIceServer[]; until: number } | null = null;
  private disconnectTimer = 0;
  private readonly statsTimer: number;
  private readonly leftKey: string;

  constructor(private readonly opts: CallOptions) {
    this.audio = document.createElement("audio");
    this.audio.autoplay = true;
    this.audio.hidden = true;
    this.leftKey = `pairbox.call.left.${opts.room}`;
    this.joined = !remembered(this.leftKey);   // a reload keeps "I left the call"
    this.statsTimer = window.setInterval(() => void this.readLevels(), STATS_MS);
  }

  get state(): CallState {
    if (!this.joined) return this.elsewhere ? "elsewhere" : "left";
    if (!this.mediaReady) return "starting";
    if (!this.pc) return this.peerLeft ? "peer-left" : "waiting";
    switch (this.pc.connectionState) {
      case "connected": return "connected";
      case "disconnected":
      case "failed": return "reconnecting";
      case "closed": return "waiting";
      default: return this.hadCall ? "reconnecting" : "connecting";
    }
  }

  get inCall(): boolean {
    return this.joined;
  }

  // ---- from the room's channel ----

  /** Every message of the channel: welcome, presence and signal matter here. */
  handle(msg: any): void {
    if (this.destroyed) return;
    if (msg.type === "welcome") this.welcome(msg);
    else if (msg.type === "joined") this.peerJoined(msg);
    else if (msg.type === "presence" && this.peer && String(msg.user?.id) === String(this.peer.id)) {
      this.peerOnline = !!msg.online;
      // Our last hello may have expired on the server while they were away.
      if (this.peerOnline && this.joined && this.mediaReady && !this.remoteSession) this.sendHello();
      this.opts.changed();
    } else if (msg.type === "signal" && this.peer && String(msg.from?.id) === String(this.peer.id) && msg.data) {
      const data = msg.data as Signal;
      this.serial(() => this.onSignal(data));
    }
  }

  private welcome(msg: any): void {
    this.me = String(msg.you?.id ?? "");
    this.polite = msg.you?.polite === true;
    this.setPeer(msg.room?.participants);
    if (!this.started) {
      this.started = true;
      if (this.joined) void this.start();
    } else if (this.joined && this.mediaReady) {
      this.sendHello();                 // back on the channel: resynchronise
    }
    const waiting = this.outbox.splice(0);
    for (const m of waiting) this.opts.send(m);
    this.opts.changed();
  }

  /** The other participant among a participants list ({user, online}). */
  private setPeer(participants: any[] | undefined): void {
    const other = (participants || []).map((p: any) => ({ user: p.user ?? p, online: !!p.online }))
      .find((p: any) => p.user && String(p.user.id) !== this.me);
    this.peer = other ? other.user : null;
    this.peerOnline = other ? other.online : false;
  }

  /** A room made by an invite gains its second participant while this page
   * is open: the call now has someone to call. */
  private peerJoined(msg: any): void {
    this.setPeer(msg.participants);
    if (this.peer && this.peerOnline && this.joined && this.mediaReady && !this.remoteSession) this.sendHello();
    this.opts.changed();
  }

  // ---- the user's controls ----

  toggleMute(): void {
    this.muted = !this.muted;
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !this.muted;
    if (this.remoteSession) this.signal({ call: this.muted ? "muted" : "unmuted" });
    this.opts.changed();
  }

  leave(): void {
    if (!this.joined) return;
    this.joined = false;
    remember(this.leftKey, true);
    if (this.remoteSession) this.signal({ call: "bye" });
    this.reset();
    this.stopMedia();
    this.hadCall = false;
    this.opts.changed();
  }

  join(): void {
    if (this.joined || this.destroyed) return;
    this.joined = true;
    remember(this.leftKey, false);
    this.peerLeft = this.elsewhere = false;
    void this.start();
  }

  /** The user clicked to let the remote audio play (after the autoplay policy stopped it). */
  unblockAudio(): void {
    this.play();
  }

  /** The page goes (the user left the room): the peer hears it at once. */
  destroy(): void {
    if (this.joined && this.remoteSession) this.signal({ call: "bye" });
    this.destroyed = true;
    clearInterval(this.statsTimer);
    clearTimeout(this.disconnectTimer);
    this.closePc();
    this.stopMedia();
  }

  // ---- media ----

  private async start(): Promise<void> {
    const mine = ++this.starts;
    this.mediaReady = false;
    this.opts.changed();
    let stream: MediaStream | null = null;
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException("no mediaDevices", "SecurityError");
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false,
      });
      this.noMic = null;
    } catch (e) {
      const name = (e as DOMException)?.name;
      this.noMic = name === "NotAllowedError" ? "The microphone is blocked for this site: you can listen, not talk."
        : name === "NotFoundError" ? "No microphone found: you can listen, not talk."
        : name === "SecurityError" ? "The microphone needs a secure (https) page: you can listen, not talk."
        : "The microphone could not be opened: you can listen, not talk.";
    }
    if (!this.joined || this.destroyed || mine !== this.starts) {
      for (const t of stream?.getTracks() ?? []) t.stop();
      return;
    }
    this.stream = stream;
    for (const t of stream?.getAudioTracks() ?? []) t.enabled = !this.muted;
    this.mediaReady = true;
    this.sendHello();
    this.serial(() => this.ensurePc());
    this.opts.changed();
  }

  private stopMedia(): void {
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    this.mediaReady = false;
    this.localLevel = 0;
  }

  private play(): void {
    this.audio.play().then(() => {
      if (this.audioBlocked) {
        this.audioBlocked = false;
        this.opts.changed();
      }
    }, (e: DOMException) => {
      if (e?.name === "NotAllowedError" && !this.audioBlocked) {
        this.audioBlocked = true;
        this.opts.changed();
      }
    });
  }

  // ---- signals ----

  /** Run the handling of signals one after another, in the order they came. */
  private serial(task: () => Promise<void> | void): void {
    this.chain = this.chain.then(task).catch((e) => console.warn("call:", String(e)));
  }

  private send(data: Signal): void {
    if (!this.peer) return;
    const msg = { type: "signal", to: this.peer.id, data };
    if (this.opts.send(msg)) return;
    this.outbox.push(msg);
    if (this.outbox.length > OUTBOX_MAX) this.outbox.shift();
  }

  /** A signal from this page's session, meant for the peer's current one. */
  private signal(data: Signal): void {
    this.send({ session: this.mySession, ...(this.remoteSession ? { peer: this.remoteSession } : {}), ...data });
  }

  private sendHello(): void {
    this.signal({ call: "hello" });
    if (this.muted && this.remoteSession) this.signal({ call: "muted" });
  }

  private async onSignal(s: Signal): Promise<void> {
    if (this.destroyed || !s.session) return;
    if (s.call === "hello") return this.onHello(s.session, s.peer);
    if (s.peer !== undefined && s.peer !== this.mySession) return;          // another tab's, or an older page's
    if (s.call === "bye") return this.onBye(s.session);
    if (s.session !== this.remoteSession) return;                           // from a page that is gone
    if (s.call === "muted" || s.call === "unmuted") {
      this.peerMuted = s.call === "muted";
      this.opts.changed();
      return;
    }
    const pc = this.pc;
    if (!pc) return;
    if (s.description) await this.onDescription(pc, s.description);
    else if ("candidate" in s) await this.onCandidate(pc, s.candidate ?? null);
  }

  private async onHello(session: string, theirPeer: string | undefined): Promise<void> {
    // Meant for this page: from a page that does not know us yet, or knows this one.
    const forMe = theirPeer === undefined || theirPeer === this.mySession;
    if (!this.joined) {
      // Not in the call: say so to that page (it would otherwise wait for us).
      if (forMe && !this.elsewhere) this.send({ session: this.mySession, peer: session, call: "bye" });
      return;
    }
    if (session === this.remoteSession) {
      if (!forMe) {
        // The peer's page now talks to another tab of this user's: leave it the call.
        this.joined = false;
        this.elsewhere = true;
        this.reset();
        this.stopMedia();
        this.opts.changed();
        return;
      }
      // The same page, back on its channel (or a hello that crossed ours).
      this.peerLeft = false;
      if (this.mediaReady && theirPeer === undefined) this.sendHello();
      const st = this.pc?.connectionState;
      if (!this.polite && (st === "failed" || st === "disconnected")) this.pc!.restartIce();
      if (!this.pc && this.mediaReady) await this.ensurePc();
      this.opts.changed();
      return;
    }
    if (!forMe && this.remoteSession) return;   // for another tab of this user's
    // A new page of the peer's (first contact, a reload): a new connection
    // for it. This page keeps its session: that page binds to it, so neither
    // side has to start over again.
    this.closePc();
    this.remoteSession = session;
    this.peerMuted = this.peerLeft = false;
    if (this.mediaReady) {
      this.sendHello();
      await this.ensurePc();
    }
    this.opts.changed();
  }

  private onBye(session: string): void {
    if (this.remoteSession && session !== this.remoteSession) return;
    this.reset();
    this.peerLeft = true;
    this.hadCall = false;
    this.opts.changed();
  }

  /** Perfect negotiation: an offer or an answer from the peer. */
  private async onDescription(pc: RTCPeerConnection, d: RTCSessionDescriptionInit): Promise<void> {
    const readyForOffer = !this.makingOffer && (pc.signalingState === "stable" || this.settingAnswer);
    const collision = d.type === "offer" && !readyForOffer;
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    this.settingAnswer = d.type === "answer";
    try {
      await pc.setRemoteDescription(d);   // on the polite side, an implicit rollback of its own offer
    } finally {
      this.settingAnswer = false;
    }
    if (pc !== this.pc) return;
    if (d.type === "offer") this.attachMedia(pc);
    // Candidates that came before the description they belong to.
    const waiting = this.pendingCandidates.splice(0);
    for (const c of waiting) await pc.addIceCandidate(c).catch((e) => console.warn("call: candidate", String(e)));
    if (d.type === "offer") {
      await pc.setLocalDescription();
      if (pc === this.pc && pc.localDescription) this.signal({ description: pc.localDescription.toJSON() });
    }
  }

  private async onCandidate(pc: RTCPeerConnection, c: RTCIceCandidateInit | null): Promise<void> {
    if (!pc.remoteDescription) {
      if (c) this.pendingCandidates.push(c);
      return;
    }
    try {
      await pc.addIceCandidate(c ?? undefined);
    } catch (e) {
      if (!this.ignoreOffer) throw e;     // the candidates of an offer we ignored fail, and that is fine
    }
  }

  // ---- the peer connection ----

  private async iceServers(): Promise<RTCIceServer[]> {
    if (this.ice && Date.now() < this.ice.until) return this.ice.servers;
    try {
      const c = await request<{ iceServers?: RTCIceServer[]; expires_at?: number }>("GET", "/api/v1/rtc-config");
      const servers = Array.isArray(c?.iceServers) ? c.iceServers : [];
      // A TURN credential is fetched again well before it expires.
      const until = typeof c?.expires_at === "number" ? Date.now() + (c.expires_at - Date.now()) / 2 : Infinity;
      this.ice = { servers, until };
    } catch {
      this.ice = { servers: [], until: Date.now() + ICE_FALLBACK_MS };   // host candidates still work on a LAN
    }
    return this.ice.servers;
  }

  private async ensurePc(): Promise<void> {
    if (this.pc || !this.joined || !this.mediaReady || !this.remoteSession || this.destroyed) return;
    const iceServers = await this.iceServers();
    if (this.pc || !this.joined || !this.mediaReady || !this.remoteSession || this.destroyed) return;
    const pc = new RTCPeerConnection({ iceServers });
    this.pc = pc;
    this.makingOffer = this.ignoreOffer = this.settingAnswer = false;
    this.pendingCandidates = [];
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        if (pc === this.pc && pc.localDescription) this.signal({ description: pc.localDescription.toJSON() });
      } catch (e) {
        console.warn("call: offer", String(e));
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (pc === this.pc) this.signal({ candidate: candidate ? candidate.toJSON() : null });
    };
    pc.ontrack = ({ track, streams }) => {
      if (pc !== this.pc || track.kind !== "audio") return;
      const s = streams[0] ?? new MediaStream([track]);
      if (this.audio.srcObject !== s) this.audio.srcObject = s;
      this.play();
    };
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return;
      clearTimeout(this.disconnectTimer);
      const st = pc.connectionState;
      if (st === "connected") this.hadCall = true;
      else if (st === "failed") this.recover(pc);
      else if (st === "disconnected") {
        this.disconnectTimer = window.setTimeout(() => {
          if (pc === this.pc && pc.connectionState === "disconnected") this.recover(pc);
        }, DISCONNECTED_GRACE_MS);
      }
      this.opts.changed();
    };
    // The impolite side offers (its microphone, or to receive only); the
    // polite side waits for that offer and adds its microphone to the answer.
    if (!this.polite && !this.attachMedia(pc)) pc.addTransceiver("audio", { direction: "recvonly" });
    this.opts.changed();
  }

  /** The microphone's track on pc (once): false when there is none. On the
   * polite side after an offer, it takes the transceiver the offer made. */
  private attachMedia(pc: RTCPeerConnection): boolean {
    const tracks = this.stream?.getAudioTracks() ?? [];
    for (const t of tracks) if (!pc.getSenders().some((s) => s.track === t)) pc.addTrack(t, this.stream!);
    return tracks.length > 0;
  }

  /** ICE failed: restart it while the peer's page is there (the impolite side
   * does; the polite one says hello, so the other looks at its connection);
   * else forget that page, and wait for its hello. */
  private recover(pc: RTCPeerConnection): void {
    if (this.peerOnline) {
      if (this.polite) this.sendHello();
      else pc.restartIce();
    } else {
      this.reset();
      this.opts.changed();
    }
  }

  /** Close the connection and forget the peer's page; a new session for the next one. */
  private reset(): void {
    this.closePc();
    this.remoteSession = null;
    this.mySession = newSession();
    this.peerMuted = false;
  }

  private closePc(): void {
    clearTimeout(this.disconnectTimer);
    if (this.pc) {
      this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = this.pc.onconnectionstatechange = null;
      this.pc.close();
    }
    this.pc = null;
    this.pendingCandidates = [];
    this.audio.srcObject = null;
    this.remoteLevel = 0;
  }

  // ---- who is speaking ----

  private async readLevels(): Promise<void> {
    const pc = this.pc;
    let local = 0, remote = 0;
    if (pc && pc.connectionState === "connected") {
      const stats = await pc.getStats().catch(() => null);
      stats?.forEach((r: any) => {
        if (r.type === "inbound-rtp" && r.kind === "audio" && typeof r.audioLevel === "number") remote = Math.max(remote, r.audioLevel);
        if (r.type === "media-source" && r.kind === "audio" && typeof r.audioLevel === "number") local = Math.max(local, r.audioLevel);
      });
    }
    if (this.muted) local = 0;
    const moved = local !== this.localLevel || remote !== this.remoteLevel;
    this.localLevel = local;
    this.remoteLevel = remote;
    if (moved || pc) this.opts.changed();   // also lets a speaker's light go out on time
  }
}
