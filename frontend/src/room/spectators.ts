// room/spectators.ts - spectators in the room (docs/platform.md
// "Spectators"): for a participant, their own consent (spectators come only
// while both participants allow them) and, once allowed, a spectator link to
// copy; for everyone, who is watching. The server says what changed with a
// "spectators" message and spectators' presence (role "spectator").
import { h, fill } from "../dom";
import { nameOf, type UserRef } from "../api";
import { invites, linkBox, type Spectators } from "../invite";

export class SpectatorsPanel {
  readonly el: HTMLElement;
  private readonly allow = h("input", { type: "checkbox" });
  private readonly state = h("span", { class: "muted small" });
  private readonly watching = h("span", { class: "small" });
  private readonly linkArea = h("div", null);
  private readonly makeLink = h("button", { type: "button" }, "Spectator link");
  private readonly status = h("p", { class: "error", role: "alert" });
  private settings: Spectators = { allowed: false, consent: [], watching: [] };
  private participant = false;

  constructor(private readonly room: string, private readonly me: () => unknown, private readonly who: (u: unknown) => string) {
    const label = h("label", { class: "check" }, this.allow, "Allow spectators");
    this.el = h("section", { class: "spectators", "aria-label": "Spectators" },
      h("div", { class: "spectators-row" }, label, this.state, this.makeLink, this.watching), this.linkArea, this.status);
    this.allow.addEventListener("change", async () => {
      this.allow.disabled = true;
      this.status.textContent = "";
      try {
        this.set(await invites.allowSpectators(this.room, this.allow.checked));
      } catch (e) {
        this.status.textContent = (e as Error).message;
        this.allow.checked = !this.allow.checked;
      } finally {
        this.allow.disabled = false;
      }
    });
    this.makeLink.addEventListener("click", async () => {
      this.makeLink.disabled = true;
      this.status.textContent = "";
      try {
        const link = await invites.spectatorLink(this.room);
        fill(this.linkArea, linkBox("Spectator link (read-only; works while both of you allow spectators)", link.url));
        (this.linkArea.querySelector("input") as HTMLInputElement | null)?.focus();
      } catch (e) {
        this.status.textContent = (e as Error).message;
      } finally {
        this.makeLink.disabled = false;
      }
    });
  }

  /** The room's settings (its view's "spectators"), and whether this page is a participant's. */
  set(settings: Spectators | undefined, participant = this.participant): void {
    if (settings) this.settings = settings;
    this.participant = participant;
    const s = this.settings;
    const mine = s.consent.find((c) => this.isMe(c.user));
    const others = s.consent.filter((c) => !this.isMe(c.user));
    this.allow.checked = !!mine?.allow;
    this.allow.parentElement!.hidden = !participant;
    this.makeLink.hidden = !participant || !s.allowed;
    if (!s.allowed) fill(this.linkArea);
    this.state.textContent = s.allowed ? "Spectators allowed."
      : !participant ? ""
        : others.length === 0 ? "Both participants must allow spectators: your friend has not joined yet."
          : others.every((c) => c.allow) ? "Your partner allows spectators."
            : mine?.allow ? `Waiting for ${others.map((c) => nameOf(c.user)).join(", ")} to allow them too.` : "";
    this.watching.textContent = s.watching.length ? `Watching: ${s.watching.map((u) => this.who(u)).join(", ")}` : "";
    this.el.hidden = !participant && !s.watching.length;
  }

  /** A spectator came or left (presence with role "spectator"). */
  presence(user: UserRef, online: boolean): void {
    const key = String(user.id);
    const rest = this.settings.watching.filter((u) => String(u.id) !== key);
    this.settings.watching = online ? [...rest, user] : rest;
    this.set(undefined);
  }

  /** Who watches now. */
  watchers(): UserRef[] {
    return this.settings.watching;
  }

  private isMe(u: UserRef): boolean {
    return String(u?.id) === String(this.me());
  }
}
