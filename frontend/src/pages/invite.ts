// pages/invite.ts - inviting a friend: the home page's form (a problem from
// the bank or a difficulty, a language: POST /api/v1/rooms, then the link to
// copy), the friend's /invite/TOKEN page (who invites, to what; log in or sign
// up and come back to it; join) and the spectator's /spectate/TOKEN page
// (trades the link for the room's cookie, then opens the room read-only).
// The tokens never leave these pages' addresses but for the API calls that
// need them; the server sends these pages with Referrer-Policy: no-referrer.
import { ApiError, nameOf, type ProblemSummary } from "../api";
import { h, fill, field, uid } from "../dom";
import { navigate, type Page } from "../router";
import { loadUser, requireUser } from "../session";
import { invites, linkBox, rememberLink, type Invite, type InviteLink } from "../invite";

/** The home page's "Invite a friend" card; languages and problems come from the bank. */
export class InviteForm {
  readonly el: HTMLElement;
  private readonly language = h("select", { required: true }, h("option", { value: "" }, "loading…"));
  private readonly problem = h("select", { required: true });
  private readonly status = h("p", { class: "error", role: "alert" });
  private readonly result = h("div", { class: "invite-result" });

  constructor() {
    const submit = h("button", { type: "submit", class: "primary" }, "Make an invite link");
    const hint = uid("invite-hint");
    const form = h("form", { class: "invite-form", "aria-describedby": hint },
      h("p", { class: "hint", id: hint }, "Choose a problem and a language: you get a link to send to a friend. "
        + "The session's clock starts when they join."),
      h("div", { class: "row" }, field("Code in", this.language), field("Problem to solve", this.problem)),
      this.status, submit);
    this.el = h("section", { class: "card", "aria-labelledby": "invite-h" },
      h("h2", { id: "invite-h" }, "Invite a friend"), form, this.result);
    this.difficulties([]);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      this.status.textContent = "";
      if (!this.language.value) {
        this.status.textContent = "Choose a language.";
        this.language.focus();
        return;
      }
      const [kind, value] = this.problem.value.split(":", 2) as [string, string];
      submit.disabled = true;
      try {
        const made = await invites.create({ language: this.language.value, [kind === "problem" ? "problem" : "difficulty"]: value });
        rememberLink(made.room.id, made.invite);
        this.show(made.room, made.invite);
      } catch (e) {
        this.status.textContent = (e as Error).message;        // a 422 names its fields
      } finally {
        submit.disabled = false;
      }
    });
  }

  /** The bank's languages (ordered as the user likes them) and problems. */
  setChoices(languages: string[], problems: ProblemSummary[]): void {
    fill(this.language, languages.length ? languages.map((l) => h("option", { value: l }, l))
      : h("option", { value: "" }, "no language has starter code"));
    this.difficulties(problems);
  }

  private difficulties(problems: ProblemSummary[]): void {
    const any = ["easy", "medium", "hard"].map((d) => h("option", { value: `difficulty:${d}` }, `Any ${d} problem`));
    const bank = problems.length
      ? h("optgroup", { label: "From the problem bank" },
        problems.map((p) => h("option", { value: `problem:${p.slug}` }, p.difficulty ? `${p.title} (${p.difficulty})` : p.title)))
      : null;
    fill(this.problem, any, bank);
  }

  private show(room: any, link: InviteLink): void {
    fill(this.result,
      h("p", { role: "status" }, `Your room for ${room.problem?.title || "the problem"} is ready. Send this link to your friend: `
        + `it works once, until ${new Date(link.expires_at).toLocaleString()}.`),
      linkBox("Invite link", link.url),
      h("p", null, h("a", { class: "button", href: `/rooms/${encodeURIComponent(room.id)}` }, "Go to your room")));
    (this.result.querySelector("input") as HTMLInputElement | null)?.focus();
  }
}

function describe(inv: Invite): HTMLElement {
  return h("p", { class: "lead" }, `${nameOf(inv.from)} invites you to solve `, h("strong", null, inv.problem.title), " ",
    h("span", { class: `badge ${inv.problem.difficulty}` }, inv.problem.difficulty), ` together, in ${inv.language}.`);
}

/** /invite/:token: the friend's side. ?join=1 (after logging in to join) accepts at once. */
export const invitePage: Page = async ({ main, params, query, signal }) => {
  document.title = "Invitation · pairbox";
  const token = params.token!;
  const here = `/invite/${encodeURIComponent(token)}`;
  if (!(await loadUser())) {
    const next = encodeURIComponent(`${here}?join=1`);
    fill(main, h("h1", null, "You're invited"),
      h("section", { class: "card narrow" },
        h("p", null, "Someone invited you to practise an interview problem together on pairbox. "
          + "Sign up or log in to see the invitation and join the room."),
        h("p", { class: "actions" },
          h("a", { class: "button primary", href: `/signup?next=${next}` }, "Sign up and join"),
          h("a", { class: "button", href: `/login?next=${next}` }, "Log in and join"))));
    return;
  }
  let inv: Invite;
  try {
    inv = await invites.get(token, signal);
  } catch (e) {
    if (signal.aborted) return;
    if (e instanceof ApiError && e.status === 404) {
      fill(main, h("h1", null, "Invitation not found"), h("p", null, "This invite link is not valid: check that it was copied whole. ",
        h("a", { href: "/" }, "Go home"), "."));
      return;
    }
    throw e;
  }
  const status = h("p", { class: "error", role: "alert" });
  const card = h("section", { class: "card narrow invite" }, describe(inv));
  fill(main, h("h1", null, "Invitation"), card);
  const open = (room: string) => navigate(`/rooms/${encodeURIComponent(room)}`, true);
  const from = nameOf(inv.from);
  if (inv.room) {
    if (query.get("join") === "1") return open(inv.room);
    card.append(h("p", null, inv.yours ? "This is your own invite link: send it to your friend." : "You are in this room."),
      h("p", null, h("a", { class: "button primary", href: `/rooms/${encodeURIComponent(inv.room)}` }, "Open the room")));
    return;
  }
  if (inv.state !== "valid") {
    const why = { used: "This invite was used: someone else has joined the room.", expired: "This invite has expired.",
      revoked: "This invite was withdrawn." }[inv.state] ?? "This invite cannot be used.";
    card.append(h("p", { class: "bad" }, `${why} Ask ${from} for a new link.`));
    return;
  }
  const join = h("button", { type: "button", class: "primary" }, "Join the room");
  card.append(h("p", { class: "muted" }, `The link works once, until ${new Date(inv.expires_at).toLocaleString()}.`),
    h("p", null, join), status);
  const accept = async () => {
    join.disabled = true;
    status.textContent = "";
    try {
      open((await invites.accept(token)).room);
    } catch (e) {
      status.textContent = (e as Error).message + (e instanceof ApiError && e.status === 410 ? `. Ask ${from} for a new link.` : "");
      join.disabled = false;
    }
  };
  join.addEventListener("click", () => void accept());
  if (query.get("join") === "1") await accept();
};

/** /spectate/:token: trade the link for the room's spectator cookie, then watch the room. */
export const spectatePage: Page = async ({ main, params }) => {
  document.title = "Watch a room · pairbox";
  if (!(await requireUser())) return;
  fill(main, h("h1", null, "Watch a room"), h("p", { role: "status" }, "Opening the room…"));
  try {
    const got = await invites.spectate(params.token!);
    // The room's address replaces the link's: the token stays out of the history.
    navigate(`/rooms/${encodeURIComponent(got.room)}`, true);
  } catch (e) {
    const gone = e instanceof ApiError && e.status === 404;
    fill(main, h("h1", null, "Watch a room"),
      h("p", { class: "bad" }, gone ? "This spectator link is not valid: the participants do not allow spectators now, "
        + "or they withdrew it." : (e as Error).message),
      h("p", null, h("a", { href: "/" }, "Go home"), "."));
  }
};
