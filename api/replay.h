/* replay.h - a room's replay (docs/platform.md "Replay"): its log read
 * back from the store, a page at a time, and written as
 * GET /api/v1/rooms/:id/replay answers it: the document where the page
 * starts, the page's updates (changes, author, time, version), its events
 * as the channel sent them (chat, runs and submits with their results,
 * phases, roles, mode, language, asks, cursors; each user as an id), the
 * participants, and a snapshot (the document and who wrote each part of
 * it) at every version that is a multiple of snapshot_every, computed
 * here with the room core (room/doc.h, room/authors.h) so a client seeks
 * from the nearest one.
 *
 * It reads the store only, never the hub: a live room's replay is its log
 * as durable now. The log is read in chunks (the store's lock is never
 * held for a whole room), and the page ends after `limit` rows or once
 * its text passes `max_bytes`, saying where the next one starts.
 *
 * PROBLEM-HIDDEN: what a replay holds of a judgment is what the room was
 * sent, and a submit's tests are written again from their names,
 * verdicts, time and memory alone. */
#ifndef PAIRBOX_REPLAY_H
#define PAIRBOX_REPLAY_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct outbuf;
struct store_room;

#define REPLAY_LIMIT_MAX 100000        /* log rows in one page */
#define REPLAY_SNAPSHOT_DEFAULT 200    /* versions between snapshots */
#define REPLAY_SNAPSHOT_MAX 100000
#define REPLAY_PAGE_BYTES (32u << 20)  /* a page ends once its text passes this ... */
#define REPLAY_PAGE_CAP (96u << 20)    /* ... and is refused past this (one snapshot is < 2 MiB) */

struct replay_req {
	int64_t after_seq;                 /* the page's rows come after this one (0: the start) */
	size_t limit;                      /* rows at most, 1..REPLAY_LIMIT_MAX */
	unsigned snapshot_every;           /* 1..REPLAY_SNAPSHOT_MAX */
	size_t max_bytes;                  /* the page ends once its text passes this */
	int64_t viewer;                    /* who asks (the room's summary marks them "you") */
};

/* One page of room's replay (room borrowed; its access already checked)
 * as JSON text into out, which the caller made with OUTBUF_REFUSE (its
 * cap the hard limit). 0; -ERANGE when after_seq is past the log's end;
 * -EIO when the store fails or a logged update does not apply; -ENOMEM;
 * -EFBIG past out's cap. */
int replay_page(struct app *app, const struct store_room *room, const struct replay_req *q, struct outbuf *out);

#endif
