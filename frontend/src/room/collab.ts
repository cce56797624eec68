// room/collab.ts - @codemirror/collab over the room's channel, the way
// CodeMirror's collaborative-editing example drives it: local changes are
// pushed as sendableUpdates at getSyncedVersion; the server (the central
// authority) either broadcasts them back as "updates" (confirmed) or answers
// "push-rejected", and receiveUpdates rebases whatever is still unconfirmed
// over what others did. A push that fails is tried again 100 ms later while
// updates remain. The server never transforms; this client never replaces
// its document after a reconnect: it pulls from its synced version, so local
// edits made while offline survive and are pushed once the pull is in.
import { ChangeSet, type ChangeDesc, type EditorState, type Extension, type Transaction } from "@codemirror/state";
import { ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { collab, getClientID, getSyncedVersion, receiveUpdates, sendableUpdates, type Update } from "@codemirror/collab";

/** What the collab client needs from the channel. */
export interface Sender {
  send(msg: object): boolean;
}

/** What holds the editor's state: an EditorView, or a bare state in tests
 * (which must call push() after a transaction that changed the document). */
export interface Host {
  readonly state: EditorState;
  dispatch(tr: Transaction): void;
}

const PUSH_TIMEOUT_MS = 10000;     // no answer to a push: assume it lost and try again
const HISTORY = 500;               // received updates kept to map late cursors

export class CollabClient {
  private view: Host | null = null;
  private pushing = false;
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pulling = false;
  private connected = false;
  /** Changes received, each with the version it started from (oldest first). */
  private history: { version: number; changes: ChangeDesc }[] = [];
  /** Called after each transaction that came from the server (cursor mapping, output). */
  onRemote: ((update: { user?: unknown; t?: number }[]) => void) | null = null;
  /** Called when every local change is confirmed (cursor sends wait for it). */
  onSettled: (() => void) | null = null;

  constructor(private readonly channel: Sender) {}

  extension(startVersion: number, clientID?: string): Extension {
    const self = this;
    return [
      collab(clientID ? { startVersion, clientID } : { startVersion }),
      ViewPlugin.define((view) => {
        self.view = view;
        return {
          update(u: ViewUpdate) {
            if (u.docChanged) self.push();
          },
          destroy() {
            self.view = null;
            clearTimeout(self.pushTimer);
            clearTimeout(self.retryTimer);
          },
        };
      }),
    ];
  }

  /** Drive a state without a view (tests): the state must have been made with
   * collab({startVersion}) at the version this client starts from. */
  attach(host: Host | null): void {
    this.view = host;
  }

  get version(): number {
    return this.view ? getSyncedVersion(this.view.state) : 0;
  }

  get pending(): number {
    return this.view ? sendableUpdates(this.view.state).length : 0;
  }

  /** The socket is open again (after its welcome): catch up, then push. */
  connectedAgain(serverVersion: number): void {
    this.connected = true;
    this.pushing = false;
    this.pulling = false;
    if (serverVersion !== this.version) this.pull();
    else this.push();
  }

  disconnected(): void {
    this.connected = false;
    this.pushing = false;
    this.pulling = false;
    clearTimeout(this.pushTimer);
  }

  push(): void {
    const view = this.view;
    if (!view || !this.connected || this.pushing || this.pulling) return;
    const updates = sendableUpdates(view.state);
    if (!updates.length) return;
    const version = getSyncedVersion(view.state);
    const ok = this.channel.send({
      type: "push",
      version,
      updates: updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })),
    });
    if (!ok) return;
    this.pushing = true;
    clearTimeout(this.pushTimer);
    this.pushTimer = globalThis.setTimeout(() => this.pushDone(), PUSH_TIMEOUT_MS);
  }

  /** The push has its answer: go again if anything is left, as the example does. */
  private pushDone(): void {
    this.pushing = false;
    clearTimeout(this.pushTimer);
    clearTimeout(this.retryTimer);
    if (this.pending) this.retryTimer = globalThis.setTimeout(() => this.push(), 100);
    else this.onSettled?.();
  }

  private pull(): void {
    if (!this.view || this.pulling) return;
    if (this.channel.send({ type: "pull", version: this.version })) this.pulling = true;
  }

  /** "updates" (a broadcast, or the answer to a pull). */
  receiveUpdates(msg: { version: number; updates: any[] }): void {
    const view = this.view;
    if (!view || typeof msg.version !== "number" || !Array.isArray(msg.updates)) return;
    const synced = getSyncedVersion(view.state);
    if (msg.version > synced) {
      this.pull();                   // a gap: missed updates (they come with the pull's answer)
      return;
    }
    this.pulling = false;
    const fresh = msg.updates.slice(synced - msg.version);
    if (fresh.length) {
      const mine = getClientID(view.state);
      let confirmed = false;
      const updates: Update[] = fresh.map((u) => {
        if (u.clientID === mine) confirmed = true;
        return { clientID: String(u.clientID), changes: ChangeSet.fromJSON(u.changes) };
      });
      updates.forEach((u, i) => this.history.push({ version: synced + i, changes: u.changes.desc }));
      if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
      view.dispatch(receiveUpdates(view.state, updates));
      this.onRemote?.(fresh);
      if (confirmed && this.pushing) this.pushDone();
    }
    if (!this.pushing) this.push();
  }

  /** "push-rejected": someone else got there first; their updates are on their way (or pulled). */
  rejected(msg: { version: number }): void {
    if (typeof msg.version === "number" && msg.version > this.version) this.pull();
    this.pushDone();
  }

  /** A position at a server version, mapped into this editor's document now. */
  mapFrom(version: number, pos: number): number | null {
    const view = this.view;
    if (!view) return null;
    const synced = getSyncedVersion(view.state);
    if (version > synced) return null;
    if (version < synced) {
      const first = this.history.findIndex((h) => h.version === version);
      if (first < 0) return null;     // too old to map
      for (const h of this.history.slice(first)) pos = h.changes.mapPos(pos, 1);
    }
    for (const u of sendableUpdates(view.state)) pos = u.changes.mapPos(pos, 1);
    return Math.max(0, Math.min(pos, view.state.doc.length));
  }
}
