// room/chat.ts - the room's chat: messages as text (never markup) in a log
// region, and a form that sends {"type": "chat", "text"} (1 to 2000 characters).
import { h, field } from "../dom";
import { toMs } from "../api";

export const CHAT_MAX = 2000;

export class ChatPane {
  readonly el: HTMLElement;
  private readonly log: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly note: HTMLElement;
  private readonly seen = new Set<string>();

  constructor(private readonly send: (text: string) => boolean, private readonly who: (u: unknown) => string,
              private readonly isMe: (u: unknown) => boolean) {
    this.log = h("ol", { class: "chat-log", role: "log", "aria-live": "polite", "aria-label": "Chat messages", tabindex: "0" });
    this.input = h("input", { type: "text", maxlength: CHAT_MAX, autocomplete: "off" });
    this.sendButton = h("button", { type: "submit" }, "Send");
    this.note = h("p", { class: "field-error", role: "alert" });
    const form = h("form", { class: "chat-form" }, field("Message", this.input), this.sendButton);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const text = this.input.value.trim();
      this.note.textContent = "";
      if (!text) return;
      if (text.length > CHAT_MAX) {
        this.note.textContent = `A message is at most ${CHAT_MAX} characters.`;
        return;
      }
      if (this.send(text)) this.input.value = "";
      else this.note.textContent = "Not connected: the message was not sent.";
    });
    this.el = h("section", { class: "chat", "aria-labelledby": "chat-h" }, h("h2", { id: "chat-h" }, "Chat"), this.log, form, this.note);
  }

  setUsable(usable: boolean): void {
    this.input.disabled = this.sendButton.disabled = !usable;
  }

  add(msg: { id?: unknown; user?: unknown; text?: unknown; t?: unknown }): void {
    const key = msg.id !== undefined ? String(msg.id) : "";
    if (key && this.seen.has(key)) return;   // a replay after reconnecting
    if (key) this.seen.add(key);
    const when = toMs(msg.t);
    const li = h("li", { class: this.isMe(msg.user) ? "mine" : "" },
      h("span", { class: "chat-who" }, this.who(msg.user)),
      when ? h("time", { datetime: new Date(when).toISOString(), class: "muted" },
        new Date(when).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })) : null,
      h("p", null, String(msg.text ?? "")));
    const atBottom = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 8;
    this.log.append(li);
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  system(text: string): void {
    this.log.append(h("li", { class: "system" }, h("p", null, text)));
    this.log.scrollTop = this.log.scrollHeight;
  }
}
