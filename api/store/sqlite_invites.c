/* sqlite_invites.c - the SQLite driver's invites and spectators
 * (store_invites.h): rooms waiting for their second participant, the
 * links that let one in, each participant's consent to spectators and the
 * spectator links. Every decision that two requests could race for (two
 * people accepting one invite, a link made while the other participant
 * withdraws consent, a room deleted while someone joins) is one
 * transaction here. */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The schema, one migration of sqlite.c's list. An invite is found by its
 * token's hash (the key), by its room (renewing, closing) and by its
 * creator (the cap on open invites). A participant's consent to
 * spectators is a row of room_watch; a spectator link a row of
 * watch_links. */
const char sq_invites_migration[] =
	"CREATE TABLE invites ("
	"  token_hash BLOB PRIMARY KEY NOT NULL,"
	"  room_id TEXT NOT NULL,"
	"  created_by INTEGER NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  expires_ms INTEGER NOT NULL,"
	"  used_by INTEGER NOT NULL DEFAULT 0,"
	"  used_ms INTEGER NOT NULL DEFAULT 0,"
	"  revoked_ms INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX invites_room ON invites(room_id, created_ms);"
	"CREATE INDEX invites_open ON invites(created_by, expires_ms) WHERE used_by = 0 AND revoked_ms = 0;"
	"CREATE TABLE room_watch ("
	"  room_id TEXT NOT NULL,"
	"  user_id INTEGER NOT NULL,"
	"  PRIMARY KEY (room_id, user_id)) WITHOUT ROWID;"
	"CREATE TABLE watch_links ("
	"  token_hash BLOB PRIMARY KEY NOT NULL,"
	"  room_id TEXT NOT NULL,"
	"  created_by INTEGER NOT NULL,"
	"  created_ms INTEGER NOT NULL);"
	"CREATE INDEX watch_links_room ON watch_links(room_id);";

#define INVITE_COLUMNS "token_hash, room_id, created_by, created_ms, expires_ms, used_by, used_ms, revoked_ms"

const char *const sq_inv_sql[SQ_INV_N] = {
	[SQ_INV_OPEN_COUNT] = "SELECT count(*) FROM invites WHERE created_by = ?1 AND used_by = 0 AND revoked_ms = 0"
			      " AND expires_ms > ?2",
	[SQ_INV_INSERT] = "INSERT INTO invites (token_hash, room_id, created_by, created_ms, expires_ms)"
			  " VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQ_INV_GET] = "SELECT " INVITE_COLUMNS " FROM invites WHERE token_hash = ?1",
	[SQ_INV_OF_ROOM] = "SELECT " INVITE_COLUMNS " FROM invites WHERE room_id = ?1"
			   " ORDER BY created_ms DESC, rowid DESC LIMIT 1",
	[SQ_INV_REVOKE_ROOM] = "UPDATE invites SET revoked_ms = ?2 WHERE room_id = ?1 AND used_by = 0 AND revoked_ms = 0",
	[SQ_INV_USE] = "UPDATE invites SET used_by = ?2, used_ms = ?3 WHERE token_hash = ?1 AND used_by = 0"
		       " AND revoked_ms = 0",
	[SQ_INV_REVOKE_USER] = "UPDATE invites SET revoked_ms = ?2 WHERE created_by = ?1 AND used_by = 0 AND revoked_ms = 0",
	[SQ_INV_LAST_DROVE] = "SELECT coalesce(max(last_drove_ms), 0) FROM room_members WHERE user_id = ?1",
	[SQ_INV_START] = "UPDATE rooms SET start_ms = ?2, first_driver = ?3 WHERE id = ?1",
	[SQ_INV_DEL_LOG] = "DELETE FROM room_log WHERE room_id = ?1",
	[SQ_INV_DEL_SNAP] = "DELETE FROM room_snapshots WHERE room_id = ?1",
	[SQ_INV_DEL_MEMBERS] = "DELETE FROM room_members WHERE room_id = ?1",
	[SQ_INV_DEL_ROOM] = "DELETE FROM rooms WHERE id = ?1",
	[SQ_INV_DEL_INVITES] = "DELETE FROM invites WHERE room_id = ?1",
	[SQ_INV_DEL_WATCH] = "DELETE FROM room_watch WHERE room_id = ?1",
	[SQ_WATCH_ON] = "INSERT OR IGNORE INTO room_watch (room_id, user_id) VALUES (?1, ?2)",
	[SQ_WATCH_OFF] = "DELETE FROM room_watch WHERE room_id = ?1 AND user_id = ?2",
	[SQ_WATCH_GET] = "SELECT m.slot, w.user_id IS NOT NULL FROM room_members m LEFT JOIN room_watch w"
			 " ON w.room_id = m.room_id AND w.user_id = m.user_id WHERE m.room_id = ?1",
	[SQ_LINKS_DELETE] = "DELETE FROM watch_links WHERE room_id = ?1",
	[SQ_LINKS_COUNT] = "SELECT count(*) FROM watch_links WHERE room_id = ?1",
	[SQ_LINK_INSERT] = "INSERT INTO watch_links (token_hash, room_id, created_by, created_ms) VALUES (?1, ?2, ?3, ?4)",
	[SQ_LINK_ROOM] = "SELECT room_id FROM watch_links WHERE token_hash = ?1",
};

/* ---- helpers (lock held) ---- */

static sqlite3_stmt *bound_text(struct sq_store *s, enum sq_inv_stmt which, const char *text)
{
	sqlite3_stmt *st = s->inv[which];
	sq_bind_text(st, 1, text);
	return st;
}

static sqlite3_stmt *bound_hash(struct sq_store *s, enum sq_inv_stmt which, const unsigned char *hash)
{
	sqlite3_stmt *st = s->inv[which];
	sqlite3_bind_blob(st, 1, hash, STORE_LINK_HASH, SQLITE_STATIC);
	return st;
}

/* sq_one_row's reader of one text into a fixed field: -ENOENT when it is
 * NULL or does not fit. */
struct text_out {
	char *out;
	size_t len;
};

static int read_text(sqlite3_stmt *st, void *ctx)
{
	struct text_out *t = ctx;
	const char *text = (const char *)sqlite3_column_text(st, 0);
	return !text || str_copy(t->out, t->len, text) ? -ENOENT : 0;
}

/* The room's participants by slot (0: none): 0; -ENOENT when it has
 * none (no such room); -EIO. */
static int members(struct sq_store *s, const char *room, int64_t users[2])
{
	users[0] = users[1] = 0;
	sqlite3_stmt *st = s->room[SQ_ROOM_MEMBERS];
	sq_bind_text(st, 1, room);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int slot = sqlite3_column_int(st, 0);
		if (slot == 0 || slot == 1) {
			users[slot] = sqlite3_column_int64(st, 1);
			n++;
		}
	}
	sq_done_with(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, "room members");
	return n ? 0 : -ENOENT;
}

/* Is room a waiting room of user_id? 0; -ENOENT (no such room, or not
 * user_id's); -EBUSY (it has both participants). */
static int waiting_room_of(struct sq_store *s, const char *room, int64_t user_id)
{
	int64_t users[2];
	int r = members(s, room, users);
	return r ? r : store_rule_waiting_room_of(users, user_id);
}

static int open_count(struct sq_store *s, int64_t user_id, int64_t now_ms, int64_t *n)
{
	sqlite3_stmt *st = s->inv[SQ_INV_OPEN_COUNT];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now_ms);
	return sq_one_int(s, st, n, "open invites");
}

static int invite_insert(struct sq_store *s, const struct store_invite *inv)
{
	sqlite3_stmt *st = bound_hash(s, SQ_INV_INSERT, inv->hash);
	sq_bind_text(st, 2, inv->room);
	sqlite3_bind_int64(st, 3, inv->created_by);
	sqlite3_bind_int64(st, 4, inv->created_ms);
	sqlite3_bind_int64(st, 5, inv->expires_ms);
	return sq_insert(s, st, "invite insert");
}

static int revoke_room(struct sq_store *s, const char *room, int64_t now_ms)
{
	sqlite3_stmt *st = bound_text(s, SQ_INV_REVOKE_ROOM, room);
	sqlite3_bind_int64(st, 2, now_ms);
	int r = sq_change(s, st, "invites revoke");
	return r < 0 ? r : 0;
}

/* sq_one_row's reader of SELECT INVITE_COLUMNS into a struct store_invite. */
static int read_invite(sqlite3_stmt *st, void *ctx)
{
	struct store_invite *out = ctx;
	const void *h = sqlite3_column_blob(st, 0);
	if (h && sqlite3_column_bytes(st, 0) == STORE_LINK_HASH)
		memcpy(out->hash, h, STORE_LINK_HASH);
	const char *room = (const char *)sqlite3_column_text(st, 1);
	if (!room || str_copy(out->room, sizeof(out->room), room))
		out->room[0] = '\0';
	out->created_by = sqlite3_column_int64(st, 2);
	out->created_ms = sqlite3_column_int64(st, 3);
	out->expires_ms = sqlite3_column_int64(st, 4);
	out->used_by = sqlite3_column_int64(st, 5);
	out->used_ms = sqlite3_column_int64(st, 6);
	out->revoked_ms = sqlite3_column_int64(st, 7);
	return 0;
}

/* Step a bound SELECT INVITE_COLUMNS: 0 and *out; -ENOENT; -EIO. */
static int invite_row(struct sq_store *s, sqlite3_stmt *st, struct store_invite *out)
{
	return sq_one_row(s, st, read_invite, out, "invite get");
}

/* Run f(s, ctx) in a transaction under the lock: its answer (committed
 * when it is 0 or more, rolled back otherwise). */
static int in_tx(struct sq_store *s, int (*f)(struct sq_store *, void *), void *ctx)
{
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		r = f(s, ctx);
		if (r >= 0) {
			int c = sq_commit(s);
			r = c ? c : r;
		} else {
			sq_rollback(s);
		}
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* ---- invites ---- */

struct create_args {
	const struct store_room *room;
	const struct store_invite *inv;
	unsigned open_max;
	int64_t now_ms;
};

static int room_create_tx(struct sq_store *s, void *ctx)
{
	const struct create_args *a = ctx;
	int64_t open = 0;
	int r = open_count(s, a->inv->created_by, a->now_ms, &open);
	if (!r && open >= a->open_max)
		r = -EMLINK;
	if (!r)
		r = sq_room_insert(s, a->room);
	if (!r)
		r = invite_insert(s, a->inv);
	return r;
}

static int sq_invite_room_create(struct store *base, const struct store_room *room, const struct store_invite *inv,
				 unsigned open_max, int64_t now_ms)
{
	struct create_args a = { room, inv, open_max, now_ms };
	return in_tx(sq_of(base), room_create_tx, &a);
}

static int renew_tx(struct sq_store *s, void *ctx)
{
	const struct create_args *a = ctx;
	int r = waiting_room_of(s, a->inv->room, a->inv->created_by);
	if (!r)
		r = revoke_room(s, a->inv->room, a->now_ms);
	int64_t open = 0;
	if (!r)
		r = open_count(s, a->inv->created_by, a->now_ms, &open);
	if (!r && open >= a->open_max)
		r = -EMLINK;
	if (!r)
		r = invite_insert(s, a->inv);
	return r;
}

static int sq_invite_renew(struct store *base, const struct store_invite *inv, unsigned open_max, int64_t now_ms)
{
	struct create_args a = { NULL, inv, open_max, now_ms };
	return in_tx(sq_of(base), renew_tx, &a);
}

static int sq_invite_get(struct store *base, const unsigned char hash[STORE_LINK_HASH], struct store_invite *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = invite_row(s, bound_hash(s, SQ_INV_GET, hash), out);
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_invite_of_room(struct store *base, const char *room, struct store_invite *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = invite_row(s, bound_text(s, SQ_INV_OF_ROOM, room), out);
	pthread_mutex_unlock(&s->lock);
	return r;
}

struct accept_args {
	const unsigned char *hash;
	int64_t user_id, now_ms;
	int (*first_driver)(int64_t, int64_t);
	struct store_invite *out;
};

static int last_drove(struct sq_store *s, int64_t user_id, int64_t *ms)
{
	sqlite3_stmt *st = s->inv[SQ_INV_LAST_DROVE];
	sqlite3_bind_int64(st, 1, user_id);
	return sq_one_int(s, st, ms, "last drove");
}

static int accept_tx(struct sq_store *s, void *ctx)
{
	struct accept_args *a = ctx;
	struct store_invite *inv = a->out;
	int r = invite_row(s, bound_hash(s, SQ_INV_GET, a->hash), inv);
	int64_t users[2] = { 0, 0 };
	if (!r)
		r = members(s, inv->room, users);
	if (r)
		return r;
	if ((r = store_rule_accept(inv, users, a->user_id, a->now_ms)))
		return r;
	int64_t drove0 = 0, drove1 = 0;
	if ((r = last_drove(s, users[0], &drove0)) || (r = last_drove(s, a->user_id, &drove1)))
		return r;
	sqlite3_stmt *st = s->room[SQ_ROOM_MEMBER_INSERT];
	sq_bind_text(st, 1, inv->room);
	sqlite3_bind_int(st, 2, 1);
	sqlite3_bind_int64(st, 3, a->user_id);
	if ((r = sq_insert(s, st, "room member insert")))
		return r == -EEXIST ? -EALREADY : r;
	st = bound_text(s, SQ_INV_START, inv->room);
	sqlite3_bind_int64(st, 2, a->now_ms);
	sqlite3_bind_int(st, 3, a->first_driver(drove0, drove1) ? 1 : 0);
	if ((r = sq_change(s, st, "room start")) != 1)
		return r < 0 ? r : -EIO;
	st = bound_hash(s, SQ_INV_USE, a->hash);
	sqlite3_bind_int64(st, 2, a->user_id);
	sqlite3_bind_int64(st, 3, a->now_ms);
	if ((r = sq_change(s, st, "invite use")) != 1)
		return r < 0 ? r : -EIO;       /* read unused in this transaction */
	inv->used_by = a->user_id;
	inv->used_ms = a->now_ms;
	/* Any other link to the room is of no use now. */
	return revoke_room(s, inv->room, a->now_ms);
}

static int sq_invite_accept(struct store *base, const unsigned char hash[STORE_LINK_HASH], int64_t user_id,
			    int64_t now_ms, int (*first_driver)(int64_t, int64_t), struct store_invite *out)
{
	struct accept_args a = { hash, user_id, now_ms, first_driver, out };
	return in_tx(sq_of(base), accept_tx, &a);
}

struct delete_args {
	const char *room;
	int64_t user_id;
};

static int delete_tx(struct sq_store *s, void *ctx)
{
	const struct delete_args *a = ctx;
	int r = waiting_room_of(s, a->room, a->user_id);
	static const enum sq_inv_stmt steps[] = { SQ_INV_DEL_INVITES, SQ_INV_DEL_WATCH, SQ_LINKS_DELETE, SQ_INV_DEL_LOG,
						  SQ_INV_DEL_SNAP,    SQ_INV_DEL_MEMBERS, SQ_INV_DEL_ROOM };
	for (size_t i = 0; !r && i < sizeof(steps) / sizeof(steps[0]); i++) {
		int c = sq_change(s, bound_text(s, steps[i], a->room), "room delete");
		r = c < 0 ? c : 0;
	}
	return r;
}

static int sq_invite_room_delete(struct store *base, const char *room, int64_t user_id)
{
	struct delete_args a = { room, user_id };
	return in_tx(sq_of(base), delete_tx, &a);
}

static int sq_problems_had(struct store *base, int64_t user_id, char ***out, size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_room_history(s, user_id, out, n);
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_invites_user_deleted(struct sq_store *s, int64_t user_id, int64_t now_ms)
{
	sqlite3_stmt *st = s->inv[SQ_INV_REVOKE_USER];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now_ms);
	int r = sq_change(s, st, "invites of a deleted user");
	return r < 0 ? r : 0;
}

/* ---- spectators ---- */

/* The room's consents by slot (lock held). */
static int watch_read(struct sq_store *s, const char *room, struct store_watch *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = bound_text(s, SQ_WATCH_GET, room);
	int rc, nmembers = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int slot = sqlite3_column_int(st, 0);
		if (slot == 0 || slot == 1) {
			out->consent[slot] = sqlite3_column_int(st, 1) != 0;
			nmembers++;
		}
	}
	sq_done_with(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, "room watch");
	out->allowed = nmembers == 2 && out->consent[0] && out->consent[1];
	return 0;
}

struct watch_args {
	const char *room;
	int64_t user_id;
	bool allow;
	struct store_watch *out;
	const unsigned char *hash;
	int64_t now_ms;
	unsigned max;
};

/* 0 when user_id is a participant of room; -ENOENT. */
static int participant(struct sq_store *s, const char *room, int64_t user_id)
{
	int64_t users[2];
	int r = members(s, room, users);
	return r ? r : store_rule_participant(users, user_id);
}

static int watch_set_tx(struct sq_store *s, void *ctx)
{
	struct watch_args *a = ctx;
	int r = participant(s, a->room, a->user_id);
	if (r)
		return r;
	sqlite3_stmt *st = bound_text(s, a->allow ? SQ_WATCH_ON : SQ_WATCH_OFF, a->room);
	sqlite3_bind_int64(st, 2, a->user_id);
	if ((r = sq_change(s, st, "room watch set")) < 0 || (r = watch_read(s, a->room, a->out)))
		return r;
	if (!a->out->allowed) {
		r = sq_change(s, bound_text(s, SQ_LINKS_DELETE, a->room), "watch links delete");
		return r < 0 ? r : 0;
	}
	return 0;
}

static int sq_watch_set(struct store *base, const char *room, int64_t user_id, bool allow, struct store_watch *out)
{
	struct watch_args a = { .room = room, .user_id = user_id, .allow = allow, .out = out };
	return in_tx(sq_of(base), watch_set_tx, &a);
}

static int sq_watch_get(struct store *base, const char *room, struct store_watch *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = watch_read(s, room, out);
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int link_add_tx(struct sq_store *s, void *ctx)
{
	struct watch_args *a = ctx;
	struct store_watch w;
	int64_t n = 0;
	int r = participant(s, a->room, a->user_id);
	if (!r)
		r = watch_read(s, a->room, &w);
	if (!r && !w.allowed)
		r = -EPERM;
	if (!r)
		r = sq_one_int(s, bound_text(s, SQ_LINKS_COUNT, a->room), &n, "watch links count");
	if (!r && n >= a->max)
		r = -EMLINK;
	if (!r) {
		sqlite3_stmt *st = bound_hash(s, SQ_LINK_INSERT, a->hash);
		sq_bind_text(st, 2, a->room);
		sqlite3_bind_int64(st, 3, a->user_id);
		sqlite3_bind_int64(st, 4, a->now_ms);
		r = sq_insert(s, st, "watch link insert");
	}
	return r;
}

static int sq_watch_link_add(struct store *base, const char *room, const unsigned char hash[STORE_LINK_HASH],
			     int64_t user_id, int64_t now_ms, unsigned max)
{
	struct watch_args a = { .room = room, .user_id = user_id, .hash = hash, .now_ms = now_ms, .max = max };
	return in_tx(sq_of(base), link_add_tx, &a);
}

static int sq_watch_link_room(struct store *base, const unsigned char hash[STORE_LINK_HASH],
			      char room[STORE_ROOM_ID_LEN + 1])
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	struct text_out t = { room, STORE_ROOM_ID_LEN + 1 };
	int r = sq_one_row(s, bound_hash(s, SQ_LINK_ROOM, hash), read_text, &t, "watch link room");
	pthread_mutex_unlock(&s->lock);
	return r;
}

const struct store_invite_ops sq_invite_ops = {
	.room_create = sq_invite_room_create,
	.renew = sq_invite_renew,
	.get = sq_invite_get,
	.of_room = sq_invite_of_room,
	.accept = sq_invite_accept,
	.room_delete = sq_invite_room_delete,
	.problems_had = sq_problems_had,
	.watch_set = sq_watch_set,
	.watch_get = sq_watch_get,
	.link_add = sq_watch_link_add,
	.link_room = sq_watch_link_room,
};
