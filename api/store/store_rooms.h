/* store_rooms.h - the platform's rooms in the store (part of store.h):
 * the waiting room's entries, rooms and their two participants, each
 * room's append-only log and its latest document snapshot
 * (docs/platform.md "Waiting room" and "Rooms", docs/realtime.md).
 *
 * The log is the truth of a room: every update of its document (with its
 * author, time and the version it made), chat message, run and result,
 * phase, role, mode and language change is a row keyed (room, seq), so a
 * second append at the same place fails instead of forking the room.
 * store_room_write() commits many rooms' rows (and snapshots) in one
 * transaction: the hub's group commit. A snapshot is the document at a
 * version, so loading a room reads the snapshot and the updates after it.
 *
 * Matching happens inside the store's transaction (store_lobby_match):
 * the entries are read, the caller's matcher pairs them and describes
 * each room, and the rooms, their participants and the entries' new state
 * are written, all or none, so no entry is ever matched twice.
 *
 * Ownership: structs read from the store own their `data`/arrays as each
 * verb says; structs passed in are borrowed for the call. */
#ifndef PAIRBOX_STORE_ROOMS_H
#define PAIRBOX_STORE_ROOMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_ROOM_ID_LEN 16          /* 12 random bytes in base64url */
#define STORE_ROOM_LANG_MAX 31        /* a language's name */
#define STORE_ROOM_SLUG_MAX 127       /* a problem's slug */
#define STORE_ROOM_DIFF_MAX 7         /* easy, medium, hard */
#define STORE_ROOM_PLAN_MAX 255       /* PHASE_MINUTES as the room was made with */
#define STORE_ROOM_TOPICS_MAX 511     /* the lobby's topics: a JSON array of strings, as text */
#define STORE_ROOM_KIND_MAX 15        /* a log row's kind: "update", "chat", ... */
#define STORE_LOBBY_MAX 10000         /* entries read for one matching */
#define STORE_HISTORY_MAX 1000        /* problems of a user's history read for the choice */

/* ---- the waiting room ---- */

struct store_lobby_entry {
	int64_t user_id;
	char language[STORE_ROOM_LANG_MAX + 1];
	char difficulty[STORE_ROOM_DIFF_MAX + 1];
	char topics[STORE_ROOM_TOPICS_MAX + 1];
	int rating;
	int64_t joined_ms, polled_ms;
	char room[STORE_ROOM_ID_LEN + 1];  /* "" while waiting; the room once matched */
	int64_t matched_ms;
	/* Read by store_lobby_match, not stored: */
	int64_t last_partner;              /* the other participant of the user's latest room; 0 */
	int64_t last_drove_ms;             /* the latest time the user drove in a room; 0 never */
};

/* Join or update e->user_id's entry: waiting (no room), polled now. A
 * waiting entry keeps its joined_ms; a new or matched one takes e's.
 * 0 or -EIO. */
int store_lobby_put(struct store *s, const struct store_lobby_entry *e);
/* The user's entry, its polled_ms set to now_ms first when it waits.
 * 0 and *out filled; -ENOENT (not in the waiting room); -EIO. */
int store_lobby_poll(struct store *s, int64_t user_id, int64_t now_ms, struct store_lobby_entry *out);
/* 0, -ENOENT, -EIO. */
int store_lobby_delete(struct store *s, int64_t user_id);

/* A room as made and as read. */
struct store_room {
	char id[STORE_ROOM_ID_LEN + 1];
	char problem[STORE_ROOM_SLUG_MAX + 1];
	char language[STORE_ROOM_LANG_MAX + 1];
	char difficulty[STORE_ROOM_DIFF_MAX + 1];
	char plan[STORE_ROOM_PLAN_MAX + 1];
	int first_driver;                  /* slot 0 or 1 */
	int64_t created_ms, start_ms;
	int64_t ended_ms;                  /* 0 while open */
	int64_t users[2];                  /* slot 0, slot 1 */
};

/* What a matching does, called inside its transaction (the store is
 * locked: these must not call the store). pair() gets the waiting
 * entries (borrowed) and fills *pairs with npairs (a, b) index pairs
 * and *dropped with ndropped indexes of entries to remove (both
 * malloc'd, freed by the store; NULL when none). room() then describes
 * each pair's room from its entries and the problems each has had
 * (had_a[0..na), had_b[0..nb)): id, problem, language, difficulty,
 * plan, first_driver, created_ms and start_ms (users are a's and b's).
 * Either returns 0 or -errno (the transaction is rolled back). */
struct store_matcher {
	void *ctx;
	int (*pair)(void *ctx, const struct store_lobby_entry *v, size_t n, size_t (**pairs)[2], size_t *npairs,
		    size_t **dropped, size_t *ndropped);
	int (*room)(void *ctx, const struct store_lobby_entry *a, const char *const *had_a, size_t na,
		    const struct store_lobby_entry *b, const char *const *had_b, size_t nb, struct store_room *out);
};

/* One matching at now_ms, in one transaction: matched entries older than
 * ten minutes are removed, the waiting ones read (at most
 * STORE_LOBBY_MAX, longest waiting first), paired by m, the rooms and
 * their participants inserted and both entries marked with the room, the
 * dropped ones deleted. Returns the number of rooms made, or -errno
 * (nothing changed). */
int store_lobby_match(struct store *s, int64_t now_ms, const struct store_matcher *m);

/* ---- rooms ---- */

/* Insert a room and its participants (what a matching does; also for
 * tests). 0, -EEXIST (the id is taken), -EIO. */
int store_room_create(struct store *s, const struct store_room *r);
/* 0 and *out; -ENOENT; -EIO. */
int store_room_get(struct store *s, const char *id, struct store_room *out);
/* The rooms user_id is in, newest first, at most limit: *out malloc'd
 * (free()), *n of them. 0, -ENOMEM, -EIO. */
int store_rooms_of_user(struct store *s, int64_t user_id, size_t limit, struct store_room **out, size_t *n);

/* ---- the log ---- */

struct store_room_event {
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t seq;                       /* 1, 2, ... in the room's order */
	int64_t version;                   /* the document's version after this row */
	int64_t user_id;                   /* 0: the server */
	int64_t t_ms;
	char kind[STORE_ROOM_KIND_MAX + 1];
	bool state;                        /* it changes the room's state (mode, language, an ask,
	                                      phase, roles, end): read back by store_room_state_log */
	char *data;                        /* JSON text: borrowed when written, owned when read */
};

void store_room_events_free(struct store_room_event *v, size_t n);   /* NULL ok */

struct store_room_snapshot {
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t version;
	const uint16_t *units;             /* the document in UTF-16 code units (borrowed) */
	size_t n;
	int64_t t_ms;
};

/* Effects on the rooms table that go with a batch. */
struct store_room_mark {
	char room[STORE_ROOM_ID_LEN + 1];
	int slot;                          /* drove_ms > 0: slot's participant drove until then */
	int64_t drove_ms;
	int64_t ended_ms;                  /* > 0: the room ended then */
};

struct store_room_batch {
	const struct store_room_event *events;
	size_t nevents;
	const struct store_room_snapshot *snapshots;   /* each replaces the room's previous one */
	size_t nsnapshots;
	const struct store_room_mark *marks;
	size_t nmarks;
};

/* Everything in b, in one transaction, all or none: 0; -EEXIST when a
 * (room, seq) is taken; -EIO. Durable on return (the store's sync). */
int store_room_write(struct store *s, const struct store_room_batch *b);

/* The room's rows with seq > after_seq, in order, at most limit. *out
 * (store_room_events_free). 0, -ENOMEM, -EIO. */
int store_room_log(struct store *s, const char *room, int64_t after_seq, size_t limit,
		   struct store_room_event **out, size_t *n);
/* Its "update" rows with version > after_version, in order, at most limit. */
int store_room_updates(struct store *s, const char *room, int64_t after_version, size_t limit,
		       struct store_room_event **out, size_t *n);
/* Its rows marked state, in order (at most limit). */
int store_room_state_log(struct store *s, const char *room, size_t limit, struct store_room_event **out,
			 size_t *n);
/* Its last limit rows of kind, in order (the chat a room shows). */
int store_room_kind_tail(struct store *s, const char *room, const char *kind, size_t limit,
			 struct store_room_event **out, size_t *n);
/* The last seq and the last version of its log (0, 0 when empty). */
int store_room_tail(struct store *s, const char *room, int64_t *seq, int64_t *version);

/* The room's latest snapshot: 0 with *version, *units (malloc'd, free())
 * and *n; -ENOENT when it has none; -ENOMEM, -EIO. */
int store_room_snapshot_get(struct store *s, const char *room, int64_t *version, uint16_t **units, size_t *n);

#endif
