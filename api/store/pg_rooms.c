/* pg_rooms.c - the PostgreSQL driver's rooms (store_rooms.h): the waiting
 * room, rooms and their participants, each room's log and its latest
 * snapshot; matching in one transaction. The same tables and semantics
 * as sqlite_rooms.c, written for several nodes sharing the database:
 *
 * - The log's (room, seq) primary key: a second append at the same place
 *   is a unique violation, so store_room_write answers -EEXIST and its
 *   whole transaction rolls back, on whichever node lost. A writer that
 *   meets an uncommitted row at its key waits for it: -EEXIST when it
 *   commits, in when it rolls back.
 * - Matching holds an advisory lock (matchers take turns) and locks the
 *   waiting entries it reads (SELECT ... FOR UPDATE): a second
 *   node's matching waits for the first's commit, then no longer sees the
 *   entries it matched (READ COMMITTED re-checks room_id IS NULL on the
 *   new row). A lobby_put or delete meanwhile waits too, and applies
 *   after the match as it would have on one node.
 * - A batch's rows are written in (room, seq) order, its snapshots and
 *   marks in room order, so two nodes' batches over the same rooms take
 *   their locks in one order; a deadlock all the same (-EAGAIN) runs the
 *   transaction again (pg_room_tx).
 *
 * Snapshots are bytea: the UTF-16 code units little-endian, as the SQLite
 * driver's blob. Over 600 lines for the reason sqlite_rooms.c gives: one
 * family's transactions stay in one file. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema: sqlite_rooms.c's tables. ord is the insertion order (what
 * SQLite's rowid breaks ties of created_ms with); state is 0/1 as there,
 * so SQL written for either database reads it alike. */
static const char *const steps[] = {
	"CREATE TABLE rooms ("
	"  id text PRIMARY KEY,"
	"  problem text NOT NULL,"
	"  language text NOT NULL,"
	"  difficulty text NOT NULL,"
	"  plan text NOT NULL,"
	"  first_driver integer NOT NULL,"
	"  created_ms bigint NOT NULL,"
	"  start_ms bigint NOT NULL,"
	"  ended_ms bigint NOT NULL DEFAULT 0,"
	"  ord bigint GENERATED ALWAYS AS IDENTITY);"
	"CREATE TABLE room_members ("
	"  room_id text NOT NULL,"
	"  slot integer NOT NULL,"
	"  user_id bigint NOT NULL,"
	"  last_drove_ms bigint NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (room_id, slot));"
	"CREATE INDEX room_members_user ON room_members(user_id);"
	"CREATE TABLE room_log ("
	"  room_id text NOT NULL,"
	"  seq bigint NOT NULL,"
	"  version bigint NOT NULL,"
	"  kind text NOT NULL,"
	"  state smallint NOT NULL,"
	"  user_id bigint NOT NULL,"
	"  t_ms bigint NOT NULL,"
	"  data text NOT NULL,"
	"  PRIMARY KEY (room_id, seq));"
	"CREATE INDEX room_log_updates ON room_log(room_id, version) WHERE kind = 'update';"
	"CREATE INDEX room_log_state ON room_log(room_id, seq) WHERE state = 1;"
	"CREATE INDEX room_log_kind ON room_log(room_id, kind, seq);"
	"CREATE TABLE room_snapshots ("
	"  room_id text PRIMARY KEY,"
	"  version bigint NOT NULL,"
	"  doc bytea NOT NULL,"
	"  t_ms bigint NOT NULL);"
	"CREATE TABLE lobby ("
	"  user_id bigint PRIMARY KEY,"
	"  language text NOT NULL,"
	"  difficulty text NOT NULL,"
	"  topics text NOT NULL,"
	"  rating integer NOT NULL,"
	"  joined_ms bigint NOT NULL,"
	"  polled_ms bigint NOT NULL,"
	"  room_id text,"
	"  matched_ms bigint NOT NULL DEFAULT 0);"
	"CREATE INDEX lobby_waiting ON lobby(joined_ms, user_id) WHERE room_id IS NULL;",
};
const struct pg_family pg_family_rooms = { "rooms", steps, sizeof(steps) / sizeof(steps[0]) };

#define LOG_COLUMNS "room_id, seq, version, user_id, t_ms, kind, state, data"
#define ROOM_SELECT                                                                                            \
	"SELECT r.id, r.problem, r.language, r.difficulty, r.plan, r.first_driver, r.created_ms, r.start_ms,"  \
	" r.ended_ms, COALESCE((SELECT user_id FROM room_members WHERE room_id = r.id AND slot = 0), 0),"       \
	" COALESCE((SELECT user_id FROM room_members WHERE room_id = r.id AND slot = 1), 0) FROM rooms r"
#define LOBBY_COLUMNS "user_id, language, difficulty, topics, rating, joined_ms, polled_ms"

/* Rows of one multi-row INSERT into the log (8 parameters each). */
#define LOG_CHUNK 64
/* Attempts of a transaction that lost a deadlock or a serialization. */
#define TX_ATTEMPTS 3

static const char *limit_param(char buf[24], size_t limit)
{
	return pg_i64(buf, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
}

int pg_room_tx(struct pg_store *s, int (*f)(PGconn *c, void *ctx), void *ctx)
{
	for (int attempt = 1;; attempt++) {
		PGconn *c = pg_get(s);
		if (!c)
			return -EIO;
		int r = pg_begin(c);
		if (!r) {
			r = f(c, ctx);
			if (r >= 0) {
				int cr = pg_commit(c);
				r = cr ? cr : r;
			} else {
				pg_rollback(c);
			}
		}
		pg_put(s, c);
		if (r != -EAGAIN || attempt == TX_ATTEMPTS)
			return r;
	}
}

/* ---- the waiting room ---- */

static int rooms_lobby_put(struct store *base, const struct store_lobby_entry *e)
{
	char ub[24], rb[24], jb[24], pb[24];
	const char *p[] = { pg_i64(ub, e->user_id), e->language, e->difficulty, e->topics[0] ? e->topics : "[]",
			    pg_i64(rb, e->rating), pg_i64(jb, e->joined_ms), pg_i64(pb, e->polled_ms) };
	int r = pg_exec_once(
		pg_of(base), "lobby put",
		"INSERT INTO lobby (" LOBBY_COLUMNS ", room_id, matched_ms)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 0)"
		" ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language,"
		" difficulty = EXCLUDED.difficulty, topics = EXCLUDED.topics, rating = EXCLUDED.rating,"
		" polled_ms = EXCLUDED.polled_ms,"
		" joined_ms = CASE WHEN lobby.room_id IS NULL THEN lobby.joined_ms ELSE EXCLUDED.joined_ms END,"
		" room_id = NULL, matched_ms = 0",
		7, p);
	return r < 0 ? r : 0;
}

static void lobby_from(const PGresult *res, int row, struct store_lobby_entry *e)
{
	e->user_id = pg_get_i64(res, row, 0);
	pg_get_copy(res, row, 1, e->language, sizeof(e->language));
	pg_get_copy(res, row, 2, e->difficulty, sizeof(e->difficulty));
	pg_get_copy(res, row, 3, e->topics, sizeof(e->topics));
	e->rating = (int)pg_get_i64(res, row, 4);
	e->joined_ms = pg_get_i64(res, row, 5);
	e->polled_ms = pg_get_i64(res, row, 6);
}

static int rooms_lobby_poll(struct store *base, int64_t user_id, int64_t now_ms, struct store_lobby_entry *out)
{
	struct pg_store *s = pg_of(base);
	char ub[24], nb[24];
	const char *p[] = { pg_i64(ub, user_id), pg_i64(nb, now_ms) };
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	/* Two statements, each its own commit: the read sees the touch and
	 * whatever a matching on any node committed before it. */
	int r = pg_exec(c, "lobby touch", "UPDATE lobby SET polled_ms = $2 WHERE user_id = $1 AND room_id IS NULL", 2,
			p);
	PGresult *res = NULL;
	if (r >= 0)
		res = pg_query(c, "lobby get",
			       "SELECT " LOBBY_COLUMNS ", room_id, matched_ms FROM lobby WHERE user_id = $1", 1, p, &r);
	pg_put(s, c);
	if (!res)
		return r < 0 ? r : -EIO;
	if (PQntuples(res) == 1) {
		lobby_from(res, 0, out);
		pg_get_copy(res, 0, 7, out->room, sizeof(out->room));
		out->matched_ms = pg_get_i64(res, 0, 8);
		r = 0;
	} else {
		r = -ENOENT;
	}
	PQclear(res);
	return r;
}

static int rooms_lobby_delete(struct store *base, int64_t user_id)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id) };
	int r = pg_exec_once(pg_of(base), "lobby delete", "DELETE FROM lobby WHERE user_id = $1", 1, p);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

int pg_room_insert(PGconn *c, const struct store_room *r)
{
	char fb[24], cb[24], sb[24], eb[24];
	const char *p[] = { r->id,
			    r->problem,
			    r->language,
			    r->difficulty,
			    r->plan,
			    pg_i64(fb, r->first_driver),
			    pg_i64(cb, r->created_ms),
			    pg_i64(sb, r->start_ms),
			    pg_i64(eb, r->ended_ms) };
	int e = pg_exec(
		c, "room insert",
		"INSERT INTO rooms (id, problem, language, difficulty, plan, first_driver, created_ms, start_ms,"
		" ended_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		9, p);
	for (int slot = 0; slot < 2 && e >= 0; slot++) {
		if (!r->users[slot])
			continue;                   /* a room waiting for its second participant */
		char slb[24], ub[24];
		const char *mp[] = { r->id, pg_i64(slb, slot), pg_i64(ub, r->users[slot]) };
		e = pg_exec(c, "room member insert",
			    "INSERT INTO room_members (room_id, slot, user_id) VALUES ($1, $2, $3)", 3, mp);
	}
	return e < 0 ? e : 0;
}

int pg_room_history(PGconn *c, int64_t user_id, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char ub[24], lb[24];
	const char *p[] = { pg_i64(ub, user_id), pg_i64(lb, STORE_HISTORY_MAX) };
	int r;
	PGresult *res = pg_query(c, "room history",
				 "SELECT DISTINCT r.problem FROM room_members m JOIN rooms r ON r.id = m.room_id"
				 " WHERE m.user_id = $1 LIMIT $2",
				 2, p, &r);
	if (!res)
		return r;
	size_t rows = (size_t)PQntuples(res);
	char **v = calloc(rows ? rows : 1, sizeof(*v));
	size_t got = 0;
	for (r = v ? 0 : -ENOMEM; !r && got < rows && got < STORE_HISTORY_MAX; got++)
		if (!(v[got] = strdup(PQgetvalue(res, (int)got, 0))))
			r = -ENOMEM;
	PQclear(res);
	return store_strings_out(r, v, got, out, n, NULL);
}

/* By how long they waited, as store_lobby_match promises: a locking read
 * may hand back a row that changed while it waited out of its order. */
static int by_joined(const void *x, const void *y)
{
	const struct store_lobby_entry *a = x, *b = y;
	if (a->joined_ms != b->joined_ms)
		return a->joined_ms < b->joined_ms ? -1 : 1;
	return (a->user_id > b->user_id) - (a->user_id < b->user_id);
}

/* The waiting entries, locked until the transaction ends: *out malloc'd. */
static int waiting(PGconn *c, struct store_lobby_entry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char lb[24];
	const char *p[] = { pg_i64(lb, STORE_LOBBY_MAX) };
	int r;
	PGresult *res = pg_query(
		c, "lobby waiting",
		"SELECT l.user_id, l.language, l.difficulty, l.topics, l.rating, l.joined_ms, l.polled_ms,"
		" COALESCE((SELECT m2.user_id FROM room_members m JOIN rooms r ON r.id = m.room_id"
		"   JOIN room_members m2 ON m2.room_id = m.room_id AND m2.slot <> m.slot"
		"   WHERE m.user_id = l.user_id ORDER BY r.created_ms DESC, r.ord DESC LIMIT 1), 0),"
		" COALESCE((SELECT max(m.last_drove_ms) FROM room_members m WHERE m.user_id = l.user_id), 0)"
		" FROM lobby l WHERE l.room_id IS NULL ORDER BY l.joined_ms, l.user_id LIMIT $1 FOR UPDATE OF l",
		1, p, &r);
	if (!res)
		return r;
	size_t rows = (size_t)PQntuples(res);
	struct store_lobby_entry *v = rows ? calloc(rows, sizeof(*v)) : NULL;
	if (rows && !v) {
		PQclear(res);
		return -ENOMEM;
	}
	for (size_t i = 0; i < rows; i++) {
		lobby_from(res, (int)i, &v[i]);
		v[i].last_partner = pg_get_i64(res, (int)i, 7);
		v[i].last_drove_ms = pg_get_i64(res, (int)i, 8);
	}
	PQclear(res);
	if (rows > 1)
		qsort(v, rows, sizeof(*v), by_joined);
	*out = v;
	*n = rows;
	return 0;
}

/* The matchers' advisory lock: any constant of our own ("lobby"). */
#define PG_LOBBY_LOCK "465725186681"

/* store_rule_match_room's reader: pg_room_history on the connection db. */
static int history_of(void *db, int64_t user_id, char ***out, size_t *n)
{
	return pg_room_history(db, user_id, out, n);
}

/* One pair's room, in the matching's transaction. */
static int match_one(PGconn *c, const struct store_matcher *m, const struct store_lobby_entry *a,
		     const struct store_lobby_entry *b, int64_t now_ms)
{
	struct store_room room;
	int r = store_rule_match_room(m, a, b, history_of, c, &room);
	if (r || (r = pg_room_insert(c, &room)))
		return r;
	for (int k = 0; k < 2 && !r; k++) {
		char ub[24], nb2[24];
		const char *p[] = { pg_i64(ub, k ? b->user_id : a->user_id), room.id, pg_i64(nb2, now_ms) };
		int ch = pg_exec(
			c, "lobby matched",
			"UPDATE lobby SET room_id = $2, matched_ms = $3 WHERE user_id = $1 AND room_id IS NULL", 3, p);
		r = ch < 0 ? ch : ch == 1 ? 0 : -EIO;   /* the entry is locked waiting by this transaction */
	}
	return r;
}

struct match_args {
	int64_t now_ms;
	const struct store_matcher *m;
	size_t npairs;
};

static int match_tx(PGconn *c, void *ctx)
{
	struct match_args *a = ctx;
	struct store_lobby_entry *v = NULL;
	size_t n = 0, (*pairs)[2] = NULL, *dropped = NULL, ndropped = 0;
	char tb[24];
	const char *p[] = { pg_i64(tb, a->now_ms - 10 * 60 * 1000) };
	a->npairs = 0;
	/* Matchers take turns (a lock held until the transaction ends): two
	 * of them would lock the same entries, and delete the same stale
	 * ones, in orders a put meanwhile can make differ, and deadlock
	 * (bench/store_ops with 4 threads saw it). A put or a delete is one
	 * row, so it cannot deadlock with a matcher: the row locks below
	 * order them. */
	int r = pg_exec(c, "lobby match lock", "SELECT pg_advisory_xact_lock(" PG_LOBBY_LOCK ")", 0, NULL);
	r = r < 0 ? r : pg_exec(c, "lobby clean", "DELETE FROM lobby WHERE room_id IS NOT NULL AND matched_ms < $1", 1, p);
	r = r < 0 ? r : waiting(c, &v, &n);
	if (!r && n)
		r = a->m->pair(a->m->ctx, v, n, &pairs, &a->npairs, &dropped, &ndropped);
	for (size_t i = 0; !r && i < a->npairs; i++) {
		if (pairs[i][0] >= n || pairs[i][1] >= n || pairs[i][0] == pairs[i][1])
			r = -EINVAL;
		else
			r = match_one(c, a->m, &v[pairs[i][0]], &v[pairs[i][1]], a->now_ms);
	}
	for (size_t i = 0; !r && i < ndropped; i++) {
		if (dropped[i] >= n) {
			r = -EINVAL;
			break;
		}
		char ub[24];
		const char *dp[] = { pg_i64(ub, v[dropped[i]].user_id) };
		int ch = pg_exec(c, "lobby drop", "DELETE FROM lobby WHERE user_id = $1", 1, dp);
		r = ch < 0 ? ch : 0;
	}
	free(v);
	free(pairs);
	free(dropped);
	return r;
}

static int rooms_lobby_match(struct store *base, int64_t now_ms, const struct store_matcher *m)
{
	struct match_args a = { now_ms, m, 0 };
	int r = pg_room_tx(pg_of(base), match_tx, &a);
	return r ? r : (int)a.npairs;
}

/* ---- rooms ---- */

static int create_tx(PGconn *c, void *ctx)
{
	return pg_room_insert(c, ctx);
}

static int rooms_create(struct store *base, const struct store_room *r)
{
	return pg_room_tx(pg_of(base), create_tx, (void *)r);
}

void pg_room_columns(const PGresult *res, int row, int col, struct store_room *out)
{
	pg_get_copy(res, row, col, out->id, sizeof(out->id));
	pg_get_copy(res, row, col + 1, out->problem, sizeof(out->problem));
	pg_get_copy(res, row, col + 2, out->language, sizeof(out->language));
	pg_get_copy(res, row, col + 3, out->difficulty, sizeof(out->difficulty));
	pg_get_copy(res, row, col + 4, out->plan, sizeof(out->plan));
	out->first_driver = (int)pg_get_i64(res, row, col + 5);
	out->created_ms = pg_get_i64(res, row, col + 6);
	out->start_ms = pg_get_i64(res, row, col + 7);
	out->ended_ms = pg_get_i64(res, row, col + 8);
}

/* Rooms as ROOM_SELECT reads them (with their participants), up to max:
 * *out malloc'd when max > 1, else into *out's one room. */
static int rooms_read(struct pg_store *s, const char *what, const char *sql, int n, const char *const *p,
		      struct store_room *v, size_t max, size_t *got)
{
	int r;
	PGresult *res = pg_query_once(s, what, sql, n, p, &r);
	if (!res)
		return r;
	size_t rows = (size_t)PQntuples(res);
	for (*got = 0; *got < rows && *got < max; (*got)++) {
		pg_room_columns(res, (int)*got, 0, &v[*got]);
		v[*got].users[0] = pg_get_i64(res, (int)*got, 9);
		v[*got].users[1] = pg_get_i64(res, (int)*got, 10);
	}
	PQclear(res);
	return 0;
}

static int rooms_get(struct store *base, const char *id, struct store_room *out)
{
	const char *p[] = { id };
	size_t got = 0;
	int r = rooms_read(pg_of(base), "room get", ROOM_SELECT " WHERE r.id = $1", 1, p, out, 1, &got);
	return r ? r : got ? 0 : -ENOENT;
}

static int rooms_of_user(struct store *base, int64_t user_id, size_t limit, struct store_room **out, size_t *n)
{
	if (limit > 1000)
		limit = 1000;
	struct store_room *v = calloc(limit, sizeof(*v));
	if (!v)
		return -ENOMEM;
	char ub[24], lb[24];
	const char *p[] = { pg_i64(ub, user_id), limit_param(lb, limit) };
	size_t got = 0;
	int r = rooms_read(pg_of(base), "rooms of user",
			   ROOM_SELECT " JOIN room_members m ON m.room_id = r.id WHERE m.user_id = $1"
				       " ORDER BY r.created_ms DESC, r.ord DESC LIMIT $2",
			   2, p, v, limit, &got);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

/* ---- the log ---- */

static int event_order(const void *x, const void *y)
{
	const struct store_room_event *a = *(const struct store_room_event *const *)x;
	const struct store_room_event *b = *(const struct store_room_event *const *)y;
	int c = strcmp(a->room, b->room);
	if (c)
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return (a > b) - (a < b);
}

/* Snapshots and marks by room, in the batch's order within one (the last
 * snapshot of a room is the one that stays). */
static int snapshot_order(const void *x, const void *y)
{
	const struct store_room_snapshot *a = *(const struct store_room_snapshot *const *)x;
	const struct store_room_snapshot *b = *(const struct store_room_snapshot *const *)y;
	int c = strcmp(a->room, b->room);
	return c ? c : (a > b) - (a < b);
}

static int mark_order(const void *x, const void *y)
{
	const struct store_room_mark *a = *(const struct store_room_mark *const *)x;
	const struct store_room_mark *b = *(const struct store_room_mark *const *)y;
	int c = strcmp(a->room, b->room);
	return c ? c : (a > b) - (a < b);
}

/* Up to LOG_CHUNK rows in one INSERT: 0, -EEXIST when a (room, seq) is
 * taken (by this batch or any node's), -errno. */
static int events_insert(PGconn *c, const struct store_room_event *const *e, size_t n)
{
	char sql[64 + LOG_CHUNK * 64] = "INSERT INTO room_log (" LOG_COLUMNS ") VALUES ";
	const char *p[LOG_CHUNK * 8];
	char nums[LOG_CHUNK][5][24];
	size_t len = strlen(sql);
	for (size_t i = 0; i < n; i++) {
		int k = (int)i * 8;
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)",
					i ? ", " : "", k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7, k + 8);
		p[k] = e[i]->room;
		p[k + 1] = pg_i64(nums[i][0], e[i]->seq);
		p[k + 2] = pg_i64(nums[i][1], e[i]->version);
		p[k + 3] = pg_i64(nums[i][2], e[i]->user_id);
		p[k + 4] = pg_i64(nums[i][3], e[i]->t_ms);
		p[k + 5] = e[i]->kind;
		p[k + 6] = e[i]->state ? "1" : "0";
		p[k + 7] = e[i]->data ? e[i]->data : "{}";
	}
	int r = pg_exec(c, "room log insert", sql, (int)n * 8, p);
	/* The dashboard's digest of the log, in the same transaction. */
	for (size_t i = 0; r >= 0 && i < n; i++)
		r = pg_dash_digest_put(c, e[i]);
	return r < 0 ? r : 0;
}

/* The document's units as little-endian bytes, whatever the machine. */
static int snapshot_put(PGconn *c, const struct store_room_snapshot *snap)
{
	if (snap->n > (size_t)INT32_MAX / 2)
		return -EINVAL;
	unsigned char *bytes = malloc(snap->n * 2 + 1);
	if (!bytes)
		return -ENOMEM;
	for (size_t i = 0; i < snap->n; i++) {
		bytes[2 * i] = (unsigned char)(snap->units[i] & 0xff);
		bytes[2 * i + 1] = (unsigned char)(snap->units[i] >> 8);
	}
	char vb[24], tb[24];
	const char *p[] = { snap->room, pg_i64(vb, snap->version), (const char *)bytes, pg_i64(tb, snap->t_ms) };
	const int lengths[] = { 0, 0, (int)(snap->n * 2), 0 }, formats[] = { 0, 0, 1, 0 };
	int r;
	PGresult *res =
		pg_query_bin(c, "room snapshot",
			     "INSERT INTO room_snapshots (room_id, version, doc, t_ms) VALUES ($1, $2, $3, $4)"
			     " ON CONFLICT (room_id) DO UPDATE SET version = EXCLUDED.version, doc = EXCLUDED.doc,"
			     " t_ms = EXCLUDED.t_ms",
			     4, p, lengths, formats, 0, &r);
	PQclear(res);
	free(bytes);
	return r;
}

static int mark_apply(PGconn *c, const struct store_room_mark *m)
{
	int r = 0;
	if (m->drove_ms > 0) {
		char sb[24], db[24];
		const char *p[] = { m->room, pg_i64(sb, m->slot), pg_i64(db, m->drove_ms) };
		r = pg_exec(c, "room drove",
			    "UPDATE room_members SET last_drove_ms = greatest(last_drove_ms, $3)"
			    " WHERE room_id = $1 AND slot = $2",
			    3, p);
	}
	if (r >= 0 && m->ended_ms > 0) {
		char eb[24];
		const char *p[] = { m->room, pg_i64(eb, m->ended_ms) };
		r = pg_exec(c, "room ended", "UPDATE rooms SET ended_ms = $2 WHERE id = $1 AND ended_ms = 0", 2, p);
	}
	return r < 0 ? r : 0;
}

struct write_args {
	const struct store_room_event **events;
	const struct store_room_snapshot **snapshots;
	const struct store_room_mark **marks;
	const struct store_room_batch *b;
};

static int write_tx(PGconn *c, void *ctx)
{
	const struct write_args *a = ctx;
	int r = 0;
	for (size_t i = 0; i < a->b->nevents && !r; i += LOG_CHUNK)
		r = events_insert(c, a->events + i, a->b->nevents - i < LOG_CHUNK ? a->b->nevents - i : LOG_CHUNK);
	for (size_t i = 0; i < a->b->nsnapshots && !r; i++)
		r = snapshot_put(c, a->snapshots[i]);
	for (size_t i = 0; i < a->b->nmarks && !r; i++)
		r = mark_apply(c, a->marks[i]);
	return r;
}

static int rooms_write(struct store *base, const struct store_room_batch *b)
{
	struct write_args a = { calloc(b->nevents + 1, sizeof(*a.events)),
				calloc(b->nsnapshots + 1, sizeof(*a.snapshots)),
				calloc(b->nmarks + 1, sizeof(*a.marks)), b };
	int r = -ENOMEM;
	if (a.events && a.snapshots && a.marks) {
		for (size_t i = 0; i < b->nevents; i++)
			a.events[i] = &b->events[i];
		for (size_t i = 0; i < b->nsnapshots; i++)
			a.snapshots[i] = &b->snapshots[i];
		for (size_t i = 0; i < b->nmarks; i++)
			a.marks[i] = &b->marks[i];
		qsort(a.events, b->nevents, sizeof(*a.events), event_order);
		qsort(a.snapshots, b->nsnapshots, sizeof(*a.snapshots), snapshot_order);
		qsort(a.marks, b->nmarks, sizeof(*a.marks), mark_order);
		r = pg_room_tx(pg_of(base), write_tx, &a);
	}
	free(a.events);
	free(a.snapshots);
	free(a.marks);
	return r;
}

/* Log rows (LOG_COLUMNS) of a query, at most limit. */
static int events_read(struct pg_store *s, const char *what, const char *sql, int n, const char *const *p,
		       size_t limit, struct store_room_event **out, size_t *nout)
{
	int r;
	PGresult *res = pg_query_once(s, what, sql, n, p, &r);
	if (!res)
		return r;
	size_t rows = (size_t)PQntuples(res);
	if (rows > limit)
		rows = limit;
	struct store_room_event *v = rows ? calloc(rows, sizeof(*v)) : NULL;
	size_t got = 0;
	for (r = rows && !v ? -ENOMEM : 0; !r && got < rows; got++) {
		struct store_room_event *e = &v[got];
		int row = (int)got;
		pg_get_copy(res, row, 0, e->room, sizeof(e->room));
		e->seq = pg_get_i64(res, row, 1);
		e->version = pg_get_i64(res, row, 2);
		e->user_id = pg_get_i64(res, row, 3);
		e->t_ms = pg_get_i64(res, row, 4);
		pg_get_copy(res, row, 5, e->kind, sizeof(e->kind));
		e->state = pg_get_i64(res, row, 6) != 0;
		if (!(e->data = pg_get_dup(res, row, 7)))
			r = -ENOMEM;
	}
	PQclear(res);
	if (r) {
		store_room_events_free(v, got);
		return r;
	}
	*out = v;
	*nout = got;
	return 0;
}

static int rooms_log(struct store *base, const char *room, int64_t after_seq, size_t limit,
		     struct store_room_event **out, size_t *n)
{
	char ab[24], lb[24];
	const char *p[] = { room, pg_i64(ab, after_seq), limit_param(lb, limit) };
	return events_read(pg_of(base), "room log",
			   "SELECT " LOG_COLUMNS " FROM room_log WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
			   3, p, limit, out, n);
}

static int rooms_updates(struct store *base, const char *room, int64_t after_version, size_t limit,
			 struct store_room_event **out, size_t *n)
{
	char ab[24], lb[24];
	const char *p[] = { room, pg_i64(ab, after_version), limit_param(lb, limit) };
	return events_read(pg_of(base), "room updates",
			   "SELECT " LOG_COLUMNS
			   " FROM room_log WHERE room_id = $1 AND kind = 'update' AND version > $2"
			   " ORDER BY version LIMIT $3",
			   3, p, limit, out, n);
}

static int rooms_state_log(struct store *base, const char *room, size_t limit, struct store_room_event **out,
			   size_t *n)
{
	char lb[24];
	const char *p[] = { room, limit_param(lb, limit) };
	return events_read(pg_of(base), "room state log",
			   "SELECT " LOG_COLUMNS
			   " FROM room_log WHERE room_id = $1 AND state = 1 ORDER BY seq LIMIT $2",
			   2, p, limit, out, n);
}

static int rooms_kind_tail(struct store *base, const char *room, const char *kind, size_t limit,
			   struct store_room_event **out, size_t *n)
{
	char lb[24];
	const char *p[] = { room, kind, limit_param(lb, limit) };
	return events_read(pg_of(base), "room kind tail",
			   "SELECT * FROM (SELECT " LOG_COLUMNS " FROM room_log WHERE room_id = $1 AND kind = $2"
			   " ORDER BY seq DESC LIMIT $3) t ORDER BY seq",
			   3, p, limit, out, n);
}

static int rooms_tail(struct store *base, const char *room, int64_t *seq, int64_t *version)
{
	struct pg_store *s = pg_of(base);
	const char *p[] = { room };
	int r;
	PGresult *res =
		pg_query_once(s, "room tail",
			      "SELECT seq, version FROM room_log WHERE room_id = $1 ORDER BY seq DESC LIMIT 1", 1, p, &r);
	if (!res)
		return r;
	if (PQntuples(res) == 1) {
		*seq = pg_get_i64(res, 0, 0);
		*version = pg_get_i64(res, 0, 1);
	}
	PQclear(res);
	return 0;
}

static int rooms_snapshot_get(struct store *base, const char *room, int64_t *version, uint16_t **units, size_t *n)
{
	struct pg_store *s = pg_of(base);
	const char *p[] = { room };
	int r;
	/* A binary result: the document's bytes as they are (the version as
	 * its text, which a binary text column is). */
	PGresult *res = pg_query_bin_once(s, "room snapshot get",
					  "SELECT version::text, doc FROM room_snapshots WHERE room_id = $1", 1, p, NULL,
					  NULL, 1, &r);
	if (!res)
		return r;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return -ENOENT;
	}
	*version = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	const unsigned char *b = (const unsigned char *)PQgetvalue(res, 0, 1);
	size_t len = (size_t)PQgetlength(res, 0, 1) / 2;
	uint16_t *v = malloc(len ? len * sizeof(*v) : 1);
	if (v) {
		for (size_t i = 0; i < len; i++)
			v[i] = (uint16_t)(b[2 * i] | (b[2 * i + 1] << 8));
		*units = v;
		*n = len;
	}
	PQclear(res);
	return v ? 0 : -ENOMEM;
}

const struct store_room_ops pg_room_ops = {
	.lobby_put = rooms_lobby_put,
	.lobby_poll = rooms_lobby_poll,
	.lobby_delete = rooms_lobby_delete,
	.lobby_match = rooms_lobby_match,
	.create = rooms_create,
	.get = rooms_get,
	.of_user = rooms_of_user,
	.write = rooms_write,
	.log = rooms_log,
	.updates = rooms_updates,
	.state_log = rooms_state_log,
	.kind_tail = rooms_kind_tail,
	.tail = rooms_tail,
	.snapshot_get = rooms_snapshot_get,
};
