// invite.ts - rooms made by invitation and spectators by link
// (docs/platform.md "Invites" and "Spectators") as typed calls, and the
// links this browser made. A link's token is shown once by the server (it
// keeps only a hash), so the page that made it keeps it in localStorage,
// by room, until the friend joins or it expires: the creator's room page
// shows it again after a reload.
import { request, type UserRef } from "./api";
import { h, field } from "./dom";

export interface InviteLink {
  url: string;
  token: string;
  expires_at: number;
}

export interface Invite {
  state: "valid" | "used" | "expired" | "revoked";
  from: UserRef;
  problem: { slug: string; title: string; difficulty: string };
  language: string;
  expires_at: number;
  yours: boolean;
  room: string | null;
}

export interface Spectators {
  allowed: boolean;
  consent: { user: UserRef; allow: boolean }[];
  watching: UserRef[];
}

const enc = encodeURIComponent;

export const invites = {
  create: (body: { language: string; problem?: string; difficulty?: string; topics?: string[] }) =>
    request<{ room: any; invite: InviteLink }>("POST", "/api/v1/rooms", { body }),
  get: (token: string, signal?: AbortSignal) =>
    request<Invite>("GET", `/api/v1/invites/${enc(token)}`, signal ? { signal } : {}),
  accept: (token: string) => request<{ room: string; joined: boolean }>("POST", `/api/v1/invites/${enc(token)}/accept`),
  renew: (room: string) => request<InviteLink>("POST", `/api/v1/rooms/${enc(room)}/invite`),
  deleteRoom: (room: string) => request<null>("DELETE", `/api/v1/rooms/${enc(room)}`),
  allowSpectators: (room: string, allow: boolean) =>
    request<Spectators>("PUT", `/api/v1/rooms/${enc(room)}/spectators`, { body: { allow } }),
  spectatorLink: (room: string) =>
    request<{ url: string; token: string }>("POST", `/api/v1/rooms/${enc(room)}/spectators/links`),
  spectate: (token: string) =>
    request<{ room: string; role: "spectator" | "participant" }>("POST", `/api/v1/spectate/${enc(token)}`),
};

/** A link's full address, to paste into a message. */
export function absolute(url: string): string {
  return new URL(url, location.origin).href;
}

const KEY = "pairbox-invite:";

/** Keep the link made for room (until it expires or the friend joins). */
export function rememberLink(room: string, link: InviteLink): void {
  try {
    localStorage.setItem(KEY + room, JSON.stringify({ url: link.url, expires_at: link.expires_at }));
  } catch {
    /* storage full or off: the page shows the link this once */
  }
}

/** The link this browser made for room, if it has not expired. */
export function storedLink(room: string): { url: string; expires_at: number } | null {
  try {
    const v = JSON.parse(localStorage.getItem(KEY + room) || "null");
    if (v && typeof v.url === "string" && v.url.startsWith("/invite/") && Number(v.expires_at) > Date.now()) return v;
  } catch {
    /* not ours */
  }
  forgetLink(room);
  return null;
}

export function forgetLink(room: string): void {
  try {
    localStorage.removeItem(KEY + room);
  } catch {
    /* nothing kept */
  }
}

/** Put text on the clipboard; false when the browser refuses (the field stays selectable). */
export async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A read-only field holding a link, with a Copy button. */
export function linkBox(label: string, url: string): HTMLElement {
  const input = h("input", { type: "text", readonly: true, value: absolute(url), class: "link-field" });
  const status = h("span", { class: "muted small", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button" }, "Copy link");
  button.addEventListener("click", async () => {
    input.select();
    status.textContent = (await copy(input.value)) ? "Copied." : "Select the link and copy it.";
  });
  input.addEventListener("focus", () => input.select());
  return h("div", { class: "link-box" }, field(label, input), h("div", { class: "buttons" }, button, status));
}
