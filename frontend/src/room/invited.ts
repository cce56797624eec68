// room/invited.ts - what invites and spectators add to the room page: the
// waiting panel of a room whose friend has not joined, the spectators'
// panel, and the channel's messages about them ("joined", "spectators",
// presence with role "spectator"). pages/room.ts renders it with the rest
// and hands it those messages first.
import { h } from "../dom";
import type { UserRef } from "../api";
import { WaitingPanel } from "./waiting";
import { SpectatorsPanel } from "./spectators";

export class RoomExtras {
  readonly el: HTMLElement;
  private readonly waiting: WaitingPanel;
  private readonly spectators: SpectatorsPanel;

  constructor(room: string, me: () => unknown, private readonly who: (u: unknown) => string,
              private readonly say: (text: string) => void) {
    this.waiting = new WaitingPanel(room);
    this.spectators = new SpectatorsPanel(room, me, who);
    this.el = h("div", { class: "room-extras" }, this.waiting.el, this.spectators.el);
  }

  /** Draw for the room's state (its view, updated by messages) and this page's role. */
  render(room: any, role: string): void {
    this.waiting.render(!!room.waiting && role !== "spectator", room.invite);
    this.spectators.set(room.spectators, role !== "spectator");
  }

  /** A message about invites or spectators: true when handled (the room's state updated in room). */
  handle(msg: any, room: any): boolean {
    switch (msg.type) {
      case "joined":
        room.waiting = false;
        if (Array.isArray(msg.participants)) room.participants = msg.participants;
        this.say(`${this.who(msg.user)} joined: the session starts now.`);
        return true;
      case "spectators": {
        room.spectators = msg.spectators;
        const by = (msg.spectators?.consent || []).find((c: any) => String(c.user?.id) === String(msg.by?.id));
        const name = this.who(msg.by), you = name === "You";
        const verb = by?.allow ? (you ? "allow" : "allows") : (you ? "do not allow" : "does not allow");
        this.say(`${name} ${verb} spectators${msg.spectators?.allowed ? ": they can watch with a link." : "."}`);
        return true;
      }
      case "presence":
        if (msg.role !== "spectator") return false;
        this.spectators.presence(msg.user as UserRef, !!msg.online);
        if (room.spectators) room.spectators.watching = this.spectators.watchers();
        this.say(`${this.who(msg.user)} ${msg.online ? "started" : "stopped"} watching.`);
        return true;
      default:
        return false;
    }
  }
}
