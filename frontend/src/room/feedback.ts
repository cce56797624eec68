// room/feedback.ts - feedback both ways once the room has ended
// (PUT/GET /api/v1/rooms/:id/feedback): four scores from 1 to 5 and a
// comment about the other participant, editable while the window is open,
// and what the other gave once the server shows it (after one's own is
// given, or once the window closed). Everything the users wrote is shown as
// text. The room page calls show() when the room has ended.
import { ApiError, nameOf } from "../api";
import { h, fill, field } from "../dom";
import { ratingsApi, SCORES, SCORE_LABELS, type FeedbackItem, type RoomFeedback, type ScoreName } from "../ratings_api";

const COMMENT_MAX = 2000;
const POLL_MS = 5000;              // while one waits for the other's feedback
const WORDS = ["", "poor", "weak", "fair", "good", "excellent"];

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** One feedback's scores and comment, read-only. */
function scoresView(f: FeedbackItem, label: string): HTMLElement {
  return h("dl", { class: "scores", "aria-label": label },
    SCORES.map((k) => [h("dt", null, SCORE_LABELS[k]), h("dd", { "data-score": k }, `${f[k]} (${WORDS[f[k]]})`)]),
    h("dt", null, "Comment"), h("dd", { class: "comment" }, f.comment || "(none)"));
}

export class FeedbackPanel {
  readonly el: HTMLElement;
  private readonly mine: HTMLElement;       // the form, or what one gave once closed
  private readonly theirs: HTMLElement;     // what the other gave, or why it is not shown
  private readonly status: HTMLElement;
  private timer = 0;
  private last: RoomFeedback | null = null;

  constructor(private readonly roomId: string, private readonly signal: AbortSignal) {
    this.mine = h("div");
    this.theirs = h("div");
    this.status = h("p", { role: "status", "aria-live": "polite", class: "small" });
    this.el = h("section", { class: "card feedback", "aria-labelledby": "feedback-h", hidden: true },
      h("h2", { id: "feedback-h" }, "Feedback"), this.mine, this.status, this.theirs);
    signal.addEventListener("abort", () => clearTimeout(this.timer), { once: true });
  }

  /** The room has ended: load and show the feedback (later calls refresh what the other gave). */
  async show(): Promise<void> {
    const first = this.el.hidden;
    this.el.hidden = false;
    clearTimeout(this.timer);
    try {
      this.render(await ratingsApi.feedback(this.roomId, this.signal));
    } catch (e) {
      if (this.signal.aborted) return;
      if (e instanceof ApiError && e.status === 404) {
        this.el.hidden = true;        // not a participant (a spectator): no feedback to give
        return;
      }
      this.status.textContent = `The feedback could not be loaded: ${(e as Error).message}`;
      this.timer = window.setTimeout(() => void this.show(), POLL_MS);
    }
    if (first) this.el.scrollIntoView?.({ block: "nearest" });
  }

  /** The form is built again only when the window opened or closed, or
   * after a put (never under the user's typing); the other's part always. */
  private render(v: RoomFeedback, again = false): void {
    const other = v.to ? nameOf(v.to) : null;
    if (again || !this.last || this.last.open !== v.open || this.last.ended !== v.ended) {
      if (!v.ended) fill(this.mine, h("p", null, "Feedback opens when the session ends."));
      else if (!other) fill(this.mine, h("p", null, "There is no other participant to give feedback to."));
      else if (v.open) fill(this.mine, this.form(v, other));
      else fill(this.mine, h("p", { class: "muted" }, `Feedback closed ${v.closes_at ? when(v.closes_at) : ""}.`),
        v.given ? [h("h3", null, `What you gave ${other}`), scoresView(v.given, "Your feedback")] : null);
    }
    this.last = v;
    if (v.received) {
      fill(this.theirs, h("h3", null, `Feedback from ${other}`), scoresView(v.received, `Feedback from ${other}`));
    } else {
      fill(this.theirs, other && v.ended ? h("p", { class: "muted received-note" }, v.received_hidden
        ? `${other} has given you feedback: it shows once you give yours.`
        : `${other} has not given you feedback yet.`) : null);
    }
    // Wait for the other's feedback while it can still come.
    if (v.open && !v.received) this.timer = window.setTimeout(() => void this.show(), POLL_MS);
  }

  private form(v: RoomFeedback, other: string): HTMLElement {
    const selects = {} as Record<ScoreName, HTMLSelectElement>;
    const fields = SCORES.map((k) => {
      const s = h("select", { required: true },
        h("option", { value: "" }, "Choose…"),
        [5, 4, 3, 2, 1].map((n) => h("option", { value: String(n) }, `${n} (${WORDS[n]})`)));
      if (v.given) s.value = String(v.given[k]);
      selects[k] = s;
      return field(SCORE_LABELS[k], s);
    });
    const comment = h("textarea", { rows: 3, maxlength: COMMENT_MAX });
    comment.value = v.given?.comment ?? "";
    const errors = h("p", { class: "error", role: "alert" });
    const send = h("button", { type: "submit", class: "primary" }, v.given ? "Update feedback" : "Send feedback");
    const form = h("form", { class: "feedback-form", "aria-label": `Feedback about ${other}` },
      h("p", null, `How was pairing with ${other}? ${v.closes_at ? `You can change it until ${when(v.closes_at)}.` : ""}`),
      h("div", { class: "score-fields" }, fields),
      field("Comment (optional)", comment, `At most ${COMMENT_MAX} characters; ${other} will read it.`),
      errors, send);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      errors.textContent = "";
      const body = { comment: comment.value } as Record<ScoreName, number> & { comment: string };
      for (const k of SCORES) {
        if (!selects[k].value) {
          errors.textContent = `Choose a score for ${SCORE_LABELS[k].toLowerCase()}.`;
          selects[k].focus();
          return;
        }
        body[k] = Number(selects[k].value);
      }
      send.disabled = true;
      try {
        const saved = await ratingsApi.giveFeedback(this.roomId, body);
        clearTimeout(this.timer);
        this.render(saved, true);
        this.status.textContent = v.given ? "Feedback updated." : "Feedback sent.";
      } catch (e) {
        errors.textContent = e instanceof ApiError && e.status === 409 ? String(e.message) : (e as Error).message;
        send.disabled = false;
      }
    });
    return form;
  }
}
