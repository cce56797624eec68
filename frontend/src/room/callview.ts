// room/callview.ts - the room's call panel: the call's state (connecting,
// connected, reconnecting, left, no microphone), who is speaking (each side's
// audio level as a meter, the speaker outlined), mute, leave and join again,
// and a button for when the browser will not play the audio before a click.
// The call itself is call.ts; the page hands it the channel's messages.
import { h } from "../dom";
import { Call, type CallState } from "./call";

/** Audio level (0-1, as getStats gives it) above which a side counts as speaking, and how long it stays lit. */
const SPEAKING_LEVEL = 0.02;
const SPEAKING_HOLD_MS = 400;

const STATE_TEXT: Record<CallState, (peer: string | null) => string> = {
  left: () => "You left the call",
  elsewhere: () => "The call went on in another tab of yours",
  starting: () => "Starting the microphone…",
  waiting: (peer) => `Waiting for ${peer ?? "your partner"} to join the call`,
  "peer-left": (peer) => `${peer ?? "Your partner"} left the call`,
  connecting: () => "Call connecting…",
  connected: () => "Call connected",
  reconnecting: () => "Call reconnecting…",
};

class Speaker {
  readonly el: HTMLLIElement;
  private readonly meter: HTMLMeterElement;
  private readonly flag: HTMLElement;
  private readonly name: HTMLElement;
  private litUntil = 0;

  constructor(label: string) {
    this.name = h("span", { class: "call-name" });
    this.meter = h("meter", { min: 0, max: 1, low: SPEAKING_LEVEL, high: 0.5, optimum: 0.3, value: 0 });
    this.flag = h("span", { class: "call-flag small" });
    this.el = h("li", { class: "call-person" }, this.name, this.meter, this.flag);
    this.setName(label);
  }

  setName(name: string): void {
    this.name.textContent = name;
    this.meter.setAttribute("aria-label", `${name}: audio level`);
  }

  set(level: number, flag: string): void {
    const now = Date.now();
    if (level > SPEAKING_LEVEL) this.litUntil = now + SPEAKING_HOLD_MS;
    const speaking = now < this.litUntil;
    this.meter.value = level;
    this.el.classList.toggle("speaking", speaking);
    this.el.dataset.speaking = String(speaking);
    this.flag.textContent = flag || (speaking ? "speaking" : "");
  }
}

export class CallPanel {
  private watching = false;
  readonly el: HTMLElement;
  readonly call: Call;
  private readonly stateEl: HTMLElement;
  private readonly note: HTMLElement;
  private readonly you = new Speaker("You");
  private readonly them = new Speaker("Your partner");
  private readonly mute: HTMLButtonElement;
  private readonly leave: HTMLButtonElement;
  private readonly unblock: HTMLButtonElement;
  private lastState = "";

  constructor(room: string, send: (msg: object) => boolean, private readonly who: (u: unknown) => string) {
    this.call = new Call({ room, send, changed: () => this.render() });
    this.stateEl = h("p", { class: "call-state", role: "status" });
    this.note = h("p", { class: "call-note muted small" });
    this.mute = h("button", { type: "button", "aria-pressed": "false" }, "Mute");
    this.leave = h("button", { type: "button" }, "Leave call");
    this.unblock = h("button", { type: "button", hidden: true }, "Play call audio");
    this.mute.addEventListener("click", () => this.call.toggleMute());
    this.leave.addEventListener("click", () => (this.call.inCall ? this.call.leave() : this.call.join()));
    this.unblock.addEventListener("click", () => this.call.unblockAudio());
    this.el = h("section", { class: "call", "aria-labelledby": "call-h" },
      h("div", { class: "call-head" }, h("h2", { id: "call-h" }, "Call"), this.stateEl),
      h("ul", { class: "call-people", "aria-label": "In the call" }, this.you.el, this.them.el),
      h("div", { class: "call-actions" }, this.mute, this.leave, this.unblock),
      this.note, this.call.audio);
    this.render();
  }

  /** The room channel's messages (the page passes every one). */
  handle(msg: any): void {
    // A spectator is in no call: the server relays signals between the
    // participants only.
    if (msg.type === "welcome" && msg.you?.role === "spectator" && !this.watching) {
      this.watching = true;
      this.el.hidden = true;
      this.call.destroy();
    }
    if (!this.watching) this.call.handle(msg);
  }

  destroy(): void {
    this.call.destroy();
  }

  private render(): void {
    const c = this.call;
    const peer = c.peer ? this.who(c.peer) : null;
    const state = c.state;
    const text = STATE_TEXT[state](peer);
    if (text !== this.lastState) {       // a live region: only real changes are announced
      this.lastState = text;
      this.stateEl.textContent = text;
    }
    this.el.dataset.state = state;
    this.stateEl.className = `call-state ${state}`;
    this.them.setName(peer ?? "Your partner");
    const live = state === "connected";
    this.you.set(live && !c.muted && !c.noMic ? c.localLevel : 0, c.noMic ? "no microphone" : c.muted ? "muted" : "");
    this.them.set(live ? c.remoteLevel : 0, c.peerMuted ? "muted" : "");
    this.mute.textContent = c.muted ? "Unmute" : "Mute";
    this.mute.setAttribute("aria-pressed", String(c.muted));
    this.mute.disabled = !c.inCall || !!c.noMic;
    this.leave.textContent = c.inCall ? "Leave call" : state === "elsewhere" ? "Take the call here" : "Join call";
    this.unblock.hidden = !c.audioBlocked || !live;
    this.note.textContent = c.inCall && c.noMic ? c.noMic : "";
  }
}
