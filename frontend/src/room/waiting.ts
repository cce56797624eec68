// room/waiting.ts - a room made by an invite, waiting for the friend
// (docs/platform.md "Invites"): for its creator, the link to send (as this
// browser kept it when it was made), a new link when it is lost or expired
// (the old one stops working), and deleting the room. The room's clock
// starts when the friend joins; the "joined" message hides all of this.
import { h, fill } from "../dom";
import { navigate } from "../router";
import { invites, storedLink, rememberLink, forgetLink, linkBox } from "../invite";

export class WaitingPanel {
  readonly el: HTMLElement;
  private readonly body = h("div", null);
  private readonly status = h("p", { class: "error", role: "alert" });
  private shown = false;

  constructor(private readonly room: string) {
    this.el = h("section", { class: "card waiting", "aria-labelledby": "waiting-h", hidden: true },
      h("h2", { id: "waiting-h" }, "Waiting for your friend"),
      h("p", null, "The session starts when your friend joins: the phases and their clock wait for them. "
        + "Meanwhile you can read the problem and warm up in the editor."),
      this.body, this.status);
  }

  /** Show or hide for the room's state (waiting, and its invite's state for its creator). */
  render(waiting: boolean, invite: { state?: string } | undefined): void {
    this.el.hidden = !waiting;
    if (!waiting) {
      if (this.shown) forgetLink(this.room);
      return;
    }
    if (this.shown) return;
    this.shown = true;
    const link = invite?.state === "valid" || invite === undefined ? storedLink(this.room) : null;
    this.fillBody(link?.url ?? null, invite?.state);
  }

  private fillBody(url: string | null, state: string | undefined): void {
    const renew = h("button", { type: "button" }, url ? "Make a new link" : "Make a link");
    const del = h("button", { type: "button", class: "danger" }, "Delete this room");
    const why = url ? "Send this link to your friend: it works once."
      : state === "expired" ? "Your link has expired: make a new one."
        : state === "revoked" ? "Your link was replaced: make a new one to share it again."
          : "The link was shown where you made it (the server keeps no copy): make a new one to share it here; the old one stops working.";
    fill(this.body, h("p", { class: "muted" }, why), url ? linkBox("Invite link", url) : null, h("div", { class: "buttons" }, renew, del));
    renew.addEventListener("click", async () => {
      renew.disabled = true;
      this.status.textContent = "";
      try {
        const link = await invites.renew(this.room);
        rememberLink(this.room, link);
        this.fillBody(link.url, "valid");
        (this.body.querySelector("input") as HTMLInputElement | null)?.focus();
      } catch (e) {
        this.status.textContent = (e as Error).message;
        renew.disabled = false;
      }
    });
    del.addEventListener("click", async () => {
      if (!confirm("Delete this room and its invite link? The code written so far goes too.")) return;
      del.disabled = true;
      try {
        await invites.deleteRoom(this.room);
        forgetLink(this.room);
        navigate("/", true);
      } catch (e) {
        this.status.textContent = (e as Error).message;
        del.disabled = false;
      }
    });
  }
}
