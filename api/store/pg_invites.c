/* pg_invites.c - the PostgreSQL driver's invites and spectators
 * (store_invites.h): sqlite_invites.c's tables and decisions, each one
 * transaction, made safe between nodes by locks rather than by the one
 * writer SQLite has:
 *
 * - Every decision about a room (accepting its invite, renewing it,
 *   deleting the room, a participant's consent, a spectator link) first
 *   locks the room's row (SELECT ... FOR UPDATE), so two of them on any
 *   nodes take turns, and the second reads what the first committed
 *   (READ COMMITTED: each statement after the lock sees it). Eight
 *   people accepting one invite on two nodes: one gets in.
 * - The cap on a creator's open invites is counted under a transaction
 *   advisory lock of the creator (pg_advisory_xact_lock(class, user)):
 *   two rooms made at once by one user cannot both slip under it.
 * - Locks are taken in one order: the room, then the creator. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The schema: sqlite_invites.c's tables; ord breaks ties of created_ms
 * as SQLite's rowid does. Hashes are bytea. */
static const char *const steps[] = {
	"CREATE TABLE invites ("
	"  token_hash bytea PRIMARY KEY,"
	"  room_id text NOT NULL,"
	"  created_by bigint NOT NULL,"
	"  created_ms bigint NOT NULL,"
	"  expires_ms bigint NOT NULL,"
	"  used_by bigint NOT NULL DEFAULT 0,"
	"  used_ms bigint NOT NULL DEFAULT 0,"
	"  revoked_ms bigint NOT NULL DEFAULT 0,"
	"  ord bigint GENERATED ALWAYS AS IDENTITY);"
	"CREATE INDEX invites_room ON invites(room_id, created_ms);"
	"CREATE INDEX invites_open ON invites(created_by, expires_ms) WHERE used_by = 0 AND revoked_ms = 0;"
	"CREATE TABLE room_watch ("
	"  room_id text NOT NULL,"
	"  user_id bigint NOT NULL,"
	"  PRIMARY KEY (room_id, user_id));"
	"CREATE TABLE watch_links ("
	"  token_hash bytea PRIMARY KEY,"
	"  room_id text NOT NULL,"
	"  created_by bigint NOT NULL,"
	"  created_ms bigint NOT NULL);"
	"CREATE INDEX watch_links_room ON watch_links(room_id);",
};
const struct pg_family pg_family_invites = { "invites", steps, sizeof(steps) / sizeof(steps[0]) };

#define INVITE_COLUMNS "token_hash, room_id, created_by, created_ms, expires_ms, used_by, used_ms, revoked_ms"
/* The advisory locks' class of a creator's open invites ("invi"). */
#define CAP_LOCK_CLASS "1768846953"

/* ---- helpers (on c, in the caller's transaction) ---- */

/* A statement whose $1 is hash (binary) and the rest text: the result or
 * NULL with *err. */
static PGresult *hashed(PGconn *c, const char *what, const char *sql, const unsigned char *hash, int n,
			const char *const *rest, int *err)
{
	const char *p[6] = { (const char *)hash };
	int lengths[6] = { STORE_LINK_HASH }, formats[6] = { 1 };
	for (int i = 0; i < n && i < 5; i++)
		p[i + 1] = rest[i];
	return pg_query_bin(c, what, sql, n + 1, p, lengths, formats, 0, err);
}

/* The same for a statement that answers no rows: rows changed or -errno. */
static int hashed_exec(PGconn *c, const char *what, const char *sql, const unsigned char *hash, int n,
		       const char *const *rest)
{
	int err;
	PGresult *res = hashed(c, what, sql, hash, n, rest, &err);
	if (!res)
		return err;
	const char *t = PQcmdTuples(res);
	int changed = t && *t ? (int)strtol(t, NULL, 10) : 0;
	PQclear(res);
	return changed;
}

/* The first column of a one-row answer as an integer: 0 and *v, or -errno. */
static int one_int(PGconn *c, const char *what, const char *sql, int n, const char *const *p, int64_t *v)
{
	int r;
	PGresult *res = pg_query(c, what, sql, n, p, &r);
	if (!res)
		return r;
	*v = PQntuples(res) ? pg_get_i64(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/* Lock room's row until the transaction ends (no row: nothing to lock;
 * the participants' check that follows answers -ENOENT). */
static int lock_room(PGconn *c, const char *room)
{
	const char *p[] = { room };
	int r = pg_exec(c, "room lock", "SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE", 1, p);
	return r < 0 ? r : 0;
}

/* The room's participants by slot (0: none): 0; -ENOENT when it has none. */
static int members(PGconn *c, const char *room, int64_t users[2])
{
	users[0] = users[1] = 0;
	const char *p[] = { room };
	int r;
	PGresult *res =
		pg_query(c, "room members", "SELECT slot, user_id FROM room_members WHERE room_id = $1", 1, p, &r);
	if (!res)
		return r;
	int n = 0;
	for (int i = 0; i < PQntuples(res); i++) {
		int64_t slot = pg_get_i64(res, i, 0);
		if (slot == 0 || slot == 1) {
			users[slot] = pg_get_i64(res, i, 1);
			n++;
		}
	}
	PQclear(res);
	return n ? 0 : -ENOENT;
}

/* Is room a waiting room of user_id? 0; -ENOENT (no such room, or not
 * user_id's); -EBUSY (it has both participants). */
static int waiting_room_of(PGconn *c, const char *room, int64_t user_id)
{
	int64_t users[2];
	int r = members(c, room, users);
	return r ? r : store_rule_waiting_room_of(users, user_id);
}

/* The creator's open invites at now_ms, counted under the creator's lock
 * (held to the transaction's end): -EMLINK at open_max, else 0. */
static int under_cap(PGconn *c, int64_t user_id, int64_t now_ms, unsigned open_max)
{
	char ub[24], nb[24];
	const char *p[] = { pg_i64(ub, user_id), pg_i64(nb, now_ms) };
	int r = pg_exec(c, "invites cap lock", "SELECT pg_advisory_xact_lock(" CAP_LOCK_CLASS ", hashint8($1))", 1, p);
	int64_t open = 0;
	if (r >= 0)
		r = one_int(c, "open invites",
			    "SELECT count(*) FROM invites WHERE created_by = $1 AND used_by = 0 AND revoked_ms = 0"
			    " AND expires_ms > $2",
			    2, p, &open);
	return r < 0 ? r : open >= open_max ? -EMLINK : 0;
}

static int invite_insert(PGconn *c, const struct store_invite *inv)
{
	char cb[24], tb[24], eb[24];
	const char *p[] = { inv->room, pg_i64(cb, inv->created_by), pg_i64(tb, inv->created_ms),
			    pg_i64(eb, inv->expires_ms) };
	int r = hashed_exec(c, "invite insert",
			    "INSERT INTO invites (token_hash, room_id, created_by, created_ms, expires_ms)"
			    " VALUES ($1, $2, $3, $4, $5)",
			    inv->hash, 4, p);
	return r < 0 ? r : 0;
}

static int revoke_room(PGconn *c, const char *room, int64_t now_ms)
{
	char nb[24];
	const char *p[] = { room, pg_i64(nb, now_ms) };
	int r = pg_exec(c, "invites revoke",
			"UPDATE invites SET revoked_ms = $2 WHERE room_id = $1 AND used_by = 0 AND revoked_ms = 0", 2,
			p);
	return r < 0 ? r : 0;
}

/* The one invite a query of INVITE_COLUMNS answers: 0 and *out; -ENOENT. */
static int invite_from(PGresult *res, int err, struct store_invite *out)
{
	if (!res)
		return err;
	int r = PQntuples(res) == 1 ? 0 : -ENOENT;
	if (!r) {
		void *h = NULL;
		size_t len = 0;
		r = pg_get_bytea(res, 0, 0, &h, &len);
		if (!r && len == STORE_LINK_HASH)
			memcpy(out->hash, h, STORE_LINK_HASH);
		free(h);
		pg_get_copy(res, 0, 1, out->room, sizeof(out->room));
		out->created_by = pg_get_i64(res, 0, 2);
		out->created_ms = pg_get_i64(res, 0, 3);
		out->expires_ms = pg_get_i64(res, 0, 4);
		out->used_by = pg_get_i64(res, 0, 5);
		out->used_ms = pg_get_i64(res, 0, 6);
		out->revoked_ms = pg_get_i64(res, 0, 7);
	}
	PQclear(res);
	return r;
}

/* The invite of hash (locked with lock set): 0 and *out; -ENOENT. */
static int invite_by_hash(PGconn *c, const unsigned char *hash, bool lock, struct store_invite *out)
{
	int err;
	PGresult *res = hashed(c, "invite get",
			       lock ? "SELECT " INVITE_COLUMNS " FROM invites WHERE token_hash = $1 FOR UPDATE"
				    : "SELECT " INVITE_COLUMNS " FROM invites WHERE token_hash = $1",
			       hash, 0, NULL, &err);
	return invite_from(res, err, out);
}

/* A read outside any transaction on a pooled connection. */
static int read_op(struct store *base, int (*f)(PGconn *c, void *ctx), void *ctx)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = f(c, ctx);
	pg_put(s, c);
	return r;
}

/* ---- invites ---- */

struct create_args {
	const struct store_room *room;
	const struct store_invite *inv;
	unsigned open_max;
	int64_t now_ms;
};

static int room_create_tx(PGconn *c, void *ctx)
{
	const struct create_args *a = ctx;
	int r = under_cap(c, a->inv->created_by, a->now_ms, a->open_max);
	if (!r)
		r = pg_room_insert(c, a->room);
	if (!r)
		r = invite_insert(c, a->inv);
	return r;
}

static int invites_room_create(struct store *base, const struct store_room *room, const struct store_invite *inv,
			       unsigned open_max, int64_t now_ms)
{
	struct create_args a = { room, inv, open_max, now_ms };
	return pg_room_tx(pg_of(base), room_create_tx, &a);
}

static int renew_tx(PGconn *c, void *ctx)
{
	const struct create_args *a = ctx;
	int r = lock_room(c, a->inv->room);
	if (!r)
		r = waiting_room_of(c, a->inv->room, a->inv->created_by);
	if (!r)
		r = revoke_room(c, a->inv->room, a->now_ms);
	if (!r)
		r = under_cap(c, a->inv->created_by, a->now_ms, a->open_max);
	if (!r)
		r = invite_insert(c, a->inv);
	return r;
}

static int invites_renew(struct store *base, const struct store_invite *inv, unsigned open_max, int64_t now_ms)
{
	struct create_args a = { NULL, inv, open_max, now_ms };
	return pg_room_tx(pg_of(base), renew_tx, &a);
}

struct get_args {
	const unsigned char *hash;
	const char *room;
	struct store_invite *out;
};

static int get_read(PGconn *c, void *ctx)
{
	struct get_args *a = ctx;
	return invite_by_hash(c, a->hash, false, a->out);
}

static int invites_get(struct store *base, const unsigned char hash[STORE_LINK_HASH], struct store_invite *out)
{
	struct get_args a = { hash, NULL, out };
	return read_op(base, get_read, &a);
}

static int of_room_read(PGconn *c, void *ctx)
{
	struct get_args *a = ctx;
	const char *p[] = { a->room };
	int err;
	PGresult *res = pg_query(c, "invite of room",
				 "SELECT " INVITE_COLUMNS " FROM invites WHERE room_id = $1"
				 " ORDER BY created_ms DESC, ord DESC LIMIT 1",
				 1, p, &err);
	return invite_from(res, err, a->out);
}

static int invites_of_room(struct store *base, const char *room, struct store_invite *out)
{
	struct get_args a = { NULL, room, out };
	return read_op(base, of_room_read, &a);
}

static int last_drove(PGconn *c, int64_t user_id, int64_t *ms)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id) };
	return one_int(c, "last drove", "SELECT coalesce(max(last_drove_ms), 0) FROM room_members WHERE user_id = $1",
		       1, p, ms);
}

struct accept_args {
	const unsigned char *hash;
	int64_t user_id, now_ms;
	int (*first_driver)(int64_t, int64_t);
	struct store_invite *out;
};

static int accept_tx(PGconn *c, void *ctx)
{
	struct accept_args *a = ctx;
	struct store_invite *inv = a->out;
	/* The room first (every decision about it locks it first), then the
	 * invite again, locked: what another node's accept, renewal,
	 * deletion or account deletion committed meanwhile is what we read. */
	int r = invite_by_hash(c, a->hash, false, inv);
	if (!r)
		r = lock_room(c, inv->room);
	if (!r)
		r = invite_by_hash(c, a->hash, true, inv);
	int64_t users[2] = { 0, 0 };
	if (!r)
		r = members(c, inv->room, users);
	if (r)
		return r;
	if ((r = store_rule_accept(inv, users, a->user_id, a->now_ms)))
		return r;
	int64_t drove0 = 0, drove1 = 0;
	if ((r = last_drove(c, users[0], &drove0)) || (r = last_drove(c, a->user_id, &drove1)))
		return r;
	char ub[24], nb[24], fb[24];
	const char *mp[] = { inv->room, pg_i64(ub, a->user_id) };
	r = pg_exec(c, "room member insert", "INSERT INTO room_members (room_id, slot, user_id) VALUES ($1, 1, $2)", 2,
		    mp);
	if (r < 0)
		return r == -EEXIST ? -EALREADY : r;
	const char *sp[] = { inv->room, pg_i64(nb, a->now_ms), pg_i64(fb, a->first_driver(drove0, drove1) ? 1 : 0) };
	if ((r = pg_exec(c, "room start", "UPDATE rooms SET start_ms = $2, first_driver = $3 WHERE id = $1", 3, sp)) !=
	    1)
		return r < 0 ? r : -EIO;
	const char *up[] = { ub, nb };
	r = hashed_exec(c, "invite use",
			"UPDATE invites SET used_by = $2, used_ms = $3 WHERE token_hash = $1 AND used_by = 0"
			" AND revoked_ms = 0",
			a->hash, 2, up);
	if (r != 1)
		return r < 0 ? r : -EIO;       /* read unused under its lock */
	inv->used_by = a->user_id;
	inv->used_ms = a->now_ms;
	/* Any other link to the room is of no use now. */
	return revoke_room(c, inv->room, a->now_ms);
}

static int invites_accept(struct store *base, const unsigned char hash[STORE_LINK_HASH], int64_t user_id,
			  int64_t now_ms, int (*first_driver)(int64_t, int64_t), struct store_invite *out)
{
	struct accept_args a = { hash, user_id, now_ms, first_driver, out };
	return pg_room_tx(pg_of(base), accept_tx, &a);
}

struct delete_args {
	const char *room;
	int64_t user_id;
};

static int delete_tx(PGconn *c, void *ctx)
{
	const struct delete_args *a = ctx;
	int r = lock_room(c, a->room);
	if (!r)
		r = waiting_room_of(c, a->room, a->user_id);
	/* The log's digest rows go with the log (their foreign key). */
	static const char *const steps_sql[] = {
		"DELETE FROM invites WHERE room_id = $1",        "DELETE FROM room_watch WHERE room_id = $1",
		"DELETE FROM watch_links WHERE room_id = $1",    "DELETE FROM room_log WHERE room_id = $1",
		"DELETE FROM room_snapshots WHERE room_id = $1", "DELETE FROM room_members WHERE room_id = $1",
		"DELETE FROM rooms WHERE id = $1",
	};
	const char *p[] = { a->room };
	for (size_t i = 0; !r && i < sizeof(steps_sql) / sizeof(steps_sql[0]); i++) {
		int ch = pg_exec(c, "room delete", steps_sql[i], 1, p);
		r = ch < 0 ? ch : 0;
	}
	return r;
}

static int invites_room_delete(struct store *base, const char *room, int64_t user_id)
{
	struct delete_args a = { room, user_id };
	return pg_room_tx(pg_of(base), delete_tx, &a);
}

struct had_args {
	int64_t user_id;
	char ***out;
	size_t *n;
};

static int had_read(PGconn *c, void *ctx)
{
	struct had_args *a = ctx;
	return pg_room_history(c, a->user_id, a->out, a->n);
}

static int invites_problems_had(struct store *base, int64_t user_id, char ***out, size_t *n)
{
	struct had_args a = { user_id, out, n };
	return read_op(base, had_read, &a);
}

int pg_invites_user_deleted(PGconn *c, int64_t user_id, int64_t now_ms)
{
	char ub[24], nb[24];
	const char *p[] = { pg_i64(ub, user_id), pg_i64(nb, now_ms) };
	int r = pg_exec(c, "invites of a deleted user",
			"UPDATE invites SET revoked_ms = $2 WHERE created_by = $1 AND used_by = 0 AND revoked_ms = 0",
			2, p);
	return r < 0 ? r : 0;
}

/* ---- spectators ---- */

/* The room's consents by slot. */
static int watch_read(PGconn *c, const char *room, struct store_watch *out)
{
	memset(out, 0, sizeof(*out));
	const char *p[] = { room };
	int r;
	PGresult *res = pg_query(c, "room watch",
				 "SELECT m.slot, w.user_id IS NOT NULL FROM room_members m LEFT JOIN room_watch w"
				 " ON w.room_id = m.room_id AND w.user_id = m.user_id WHERE m.room_id = $1",
				 1, p, &r);
	if (!res)
		return r;
	int nmembers = 0;
	for (int i = 0; i < PQntuples(res); i++) {
		int64_t slot = pg_get_i64(res, i, 0);
		if (slot == 0 || slot == 1) {
			out->consent[slot] = !strcmp(PQgetvalue(res, i, 1), "t");
			nmembers++;
		}
	}
	PQclear(res);
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

/* Lock room, then 0 when user_id is one of its participants; -ENOENT. */
static int locked_participant(PGconn *c, const char *room, int64_t user_id)
{
	int64_t users[2];
	int r = lock_room(c, room);
	if (!r)
		r = members(c, room, users);
	return r ? r : store_rule_participant(users, user_id);
}

static int watch_set_tx(PGconn *c, void *ctx)
{
	struct watch_args *a = ctx;
	int r = locked_participant(c, a->room, a->user_id);
	if (r)
		return r;
	char ub[24];
	const char *p[] = { a->room, pg_i64(ub, a->user_id) };
	r = pg_exec(c, "room watch set",
		    a->allow ? "INSERT INTO room_watch (room_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
			     : "DELETE FROM room_watch WHERE room_id = $1 AND user_id = $2",
		    2, p);
	if (r < 0 || (r = watch_read(c, a->room, a->out)))
		return r;
	if (!a->out->allowed) {
		r = pg_exec(c, "watch links delete", "DELETE FROM watch_links WHERE room_id = $1", 1, p);
		return r < 0 ? r : 0;
	}
	return 0;
}

static int invites_watch_set(struct store *base, const char *room, int64_t user_id, bool allow,
			     struct store_watch *out)
{
	struct watch_args a = { .room = room, .user_id = user_id, .allow = allow, .out = out };
	return pg_room_tx(pg_of(base), watch_set_tx, &a);
}

static int watch_get_read(PGconn *c, void *ctx)
{
	struct watch_args *a = ctx;
	return watch_read(c, a->room, a->out);
}

static int invites_watch_get(struct store *base, const char *room, struct store_watch *out)
{
	struct watch_args a = { .room = room, .out = out };
	return read_op(base, watch_get_read, &a);
}

static int link_add_tx(PGconn *c, void *ctx)
{
	struct watch_args *a = ctx;
	struct store_watch w;
	int64_t n = 0;
	const char *p[] = { a->room };
	int r = locked_participant(c, a->room, a->user_id);
	if (!r)
		r = watch_read(c, a->room, &w);
	if (!r && !w.allowed)
		r = -EPERM;
	if (!r)
		r = one_int(c, "watch links count", "SELECT count(*) FROM watch_links WHERE room_id = $1", 1, p, &n);
	if (!r && n >= a->max)
		r = -EMLINK;
	if (!r) {
		char ub[24], nb[24];
		const char *lp[] = { a->room, pg_i64(ub, a->user_id), pg_i64(nb, a->now_ms) };
		r = hashed_exec(
			c, "watch link insert",
			"INSERT INTO watch_links (token_hash, room_id, created_by, created_ms) VALUES ($1, $2, $3, $4)",
			a->hash, 3, lp);
		r = r < 0 ? r : 0;
	}
	return r;
}

static int invites_link_add(struct store *base, const char *room, const unsigned char hash[STORE_LINK_HASH],
			    int64_t user_id, int64_t now_ms, unsigned max)
{
	struct watch_args a = { .room = room, .user_id = user_id, .hash = hash, .now_ms = now_ms, .max = max };
	return pg_room_tx(pg_of(base), link_add_tx, &a);
}

struct link_args {
	const unsigned char *hash;
	char *room;
};

static int link_room_read(PGconn *c, void *ctx)
{
	struct link_args *a = ctx;
	int r;
	PGresult *res = hashed(c, "watch link room", "SELECT room_id FROM watch_links WHERE token_hash = $1", a->hash,
			       0, NULL, &r);
	if (!res)
		return r;
	r = PQntuples(res) == 1 && !str_copy(a->room, STORE_ROOM_ID_LEN + 1, PQgetvalue(res, 0, 0)) ? 0 : -ENOENT;
	PQclear(res);
	return r;
}

static int invites_link_room(struct store *base, const unsigned char hash[STORE_LINK_HASH],
			     char room[STORE_ROOM_ID_LEN + 1])
{
	struct link_args a = { hash, room };
	return read_op(base, link_room_read, &a);
}

const struct store_invite_ops pg_invite_ops = {
	.room_create = invites_room_create,
	.renew = invites_renew,
	.get = invites_get,
	.of_room = invites_of_room,
	.accept = invites_accept,
	.room_delete = invites_room_delete,
	.problems_had = invites_problems_had,
	.watch_set = invites_watch_set,
	.watch_get = invites_watch_get,
	.link_add = invites_link_add,
	.link_room = invites_link_room,
};
