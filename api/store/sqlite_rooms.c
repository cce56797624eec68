/* sqlite_rooms.c - the SQLite driver's rooms (store_rooms.h): the waiting
 * room, rooms and their participants, each room's log and its latest
 * snapshot; matching in one transaction.
 *
 * Over 700 lines on purpose: the store keeps one file per table family,
 * and this family's tables are written together (a match reads the
 * waiting room and writes the room, its participants and both entries in
 * one transaction; the log and its snapshot are one record), so splitting
 * it would put one transaction's statements in two files. */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The schema, one migration of sqlite.c's list. A room's log is keyed
 * (room, seq): a second append at the same place is a constraint error,
 * never a fork. Updates are found by version (pull, load), state rows by
 * their flag (load); both through partial indexes. One snapshot per
 * room, replaced. A lobby entry is the user's one row: waiting while
 * room_id is NULL, matched after. */
const char sq_rooms_migration[] =
	"CREATE TABLE rooms ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  problem TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  difficulty TEXT NOT NULL,"
	"  plan TEXT NOT NULL,"
	"  first_driver INTEGER NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  start_ms INTEGER NOT NULL,"
	"  ended_ms INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE room_members ("
	"  room_id TEXT NOT NULL,"
	"  slot INTEGER NOT NULL,"
	"  user_id INTEGER NOT NULL,"
	"  last_drove_ms INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (room_id, slot)) WITHOUT ROWID;"
	"CREATE INDEX room_members_user ON room_members(user_id);"
	"CREATE TABLE room_log ("
	"  room_id TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  state INTEGER NOT NULL,"
	"  user_id INTEGER NOT NULL,"
	"  t_ms INTEGER NOT NULL,"
	"  data TEXT NOT NULL,"
	"  PRIMARY KEY (room_id, seq));"
	"CREATE INDEX room_log_updates ON room_log(room_id, version) WHERE kind = 'update';"
	"CREATE INDEX room_log_state ON room_log(room_id, seq) WHERE state = 1;"
	"CREATE INDEX room_log_kind ON room_log(room_id, kind, seq);"
	"CREATE TABLE room_snapshots ("
	"  room_id TEXT PRIMARY KEY NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  doc BLOB NOT NULL,"
	"  t_ms INTEGER NOT NULL);"
	"CREATE TABLE lobby ("
	"  user_id INTEGER PRIMARY KEY,"
	"  language TEXT NOT NULL,"
	"  difficulty TEXT NOT NULL,"
	"  topics TEXT NOT NULL,"
	"  rating INTEGER NOT NULL,"
	"  joined_ms INTEGER NOT NULL,"
	"  polled_ms INTEGER NOT NULL,"
	"  room_id TEXT,"
	"  matched_ms INTEGER NOT NULL DEFAULT 0);";

#define LOG_COLUMNS "room_id, seq, version, user_id, t_ms, kind, state, data"

const char *const sq_room_sql[SQ_ROOM_N] = {
	[SQ_LOBBY_PUT] =
		"INSERT INTO lobby (user_id, language, difficulty, topics, rating, joined_ms, polled_ms, room_id, matched_ms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, 0)"
		" ON CONFLICT(user_id) DO UPDATE SET language = excluded.language, difficulty = excluded.difficulty,"
		" topics = excluded.topics, rating = excluded.rating, polled_ms = excluded.polled_ms,"
		" joined_ms = CASE WHEN lobby.room_id IS NULL THEN lobby.joined_ms ELSE excluded.joined_ms END,"
		" room_id = NULL, matched_ms = 0",
	[SQ_LOBBY_TOUCH] = "UPDATE lobby SET polled_ms = ?2 WHERE user_id = ?1 AND room_id IS NULL",
	[SQ_LOBBY_GET] = "SELECT user_id, language, difficulty, topics, rating, joined_ms, polled_ms, room_id, matched_ms"
			 " FROM lobby WHERE user_id = ?1",
	[SQ_LOBBY_DELETE] = "DELETE FROM lobby WHERE user_id = ?1",
	[SQ_LOBBY_CLEAN] = "DELETE FROM lobby WHERE room_id IS NOT NULL AND matched_ms < ?1",
	[SQ_LOBBY_WAITING] =
		"SELECT l.user_id, l.language, l.difficulty, l.topics, l.rating, l.joined_ms, l.polled_ms,"
		" COALESCE((SELECT m2.user_id FROM room_members m JOIN rooms r ON r.id = m.room_id"
		"   JOIN room_members m2 ON m2.room_id = m.room_id AND m2.slot <> m.slot"
		"   WHERE m.user_id = l.user_id ORDER BY r.created_ms DESC, r.rowid DESC LIMIT 1), 0),"
		" COALESCE((SELECT max(m.last_drove_ms) FROM room_members m WHERE m.user_id = l.user_id), 0)"
		" FROM lobby l WHERE l.room_id IS NULL ORDER BY l.joined_ms, l.user_id LIMIT ?1",
	[SQ_LOBBY_MATCHED] = "UPDATE lobby SET room_id = ?2, matched_ms = ?3 WHERE user_id = ?1 AND room_id IS NULL",
	[SQ_ROOM_HISTORY] = "SELECT DISTINCT r.problem FROM room_members m JOIN rooms r ON r.id = m.room_id"
			    " WHERE m.user_id = ?1 LIMIT ?2",
	[SQ_ROOM_INSERT] = "INSERT INTO rooms (id, problem, language, difficulty, plan, first_driver, created_ms, start_ms,"
			   " ended_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[SQ_ROOM_MEMBER_INSERT] = "INSERT INTO room_members (room_id, slot, user_id) VALUES (?1, ?2, ?3)",
	[SQ_ROOM_GET] = "SELECT id, problem, language, difficulty, plan, first_driver, created_ms, start_ms, ended_ms"
			" FROM rooms WHERE id = ?1",
	[SQ_ROOM_MEMBERS] = "SELECT slot, user_id FROM room_members WHERE room_id = ?1",
	[SQ_ROOM_OF_USER] = "SELECT r.id FROM room_members m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = ?1"
			    " ORDER BY r.created_ms DESC, r.rowid DESC LIMIT ?2",
	[SQ_ROOM_LOG_INSERT] = "INSERT INTO room_log (" LOG_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[SQ_ROOM_SNAP_PUT] = "INSERT OR REPLACE INTO room_snapshots (room_id, version, doc, t_ms) VALUES (?1, ?2, ?3, ?4)",
	[SQ_ROOM_DROVE] = "UPDATE room_members SET last_drove_ms = max(last_drove_ms, ?3) WHERE room_id = ?1 AND slot = ?2",
	[SQ_ROOM_ENDED] = "UPDATE rooms SET ended_ms = ?2 WHERE id = ?1 AND ended_ms = 0",
	[SQ_ROOM_LOG] = "SELECT " LOG_COLUMNS " FROM room_log WHERE room_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
	[SQ_ROOM_UPDATES] = "SELECT " LOG_COLUMNS " FROM room_log WHERE room_id = ?1 AND kind = 'update' AND version > ?2"
			    " ORDER BY version LIMIT ?3",
	[SQ_ROOM_STATE_LOG] = "SELECT " LOG_COLUMNS " FROM room_log WHERE room_id = ?1 AND state = 1 ORDER BY seq LIMIT ?2",
	[SQ_ROOM_TAIL] = "SELECT seq, version FROM room_log WHERE room_id = ?1 ORDER BY seq DESC LIMIT 1",
	[SQ_ROOM_SNAP_GET] = "SELECT version, doc FROM room_snapshots WHERE room_id = ?1",
	[SQ_ROOM_KIND_TAIL] = "SELECT * FROM (SELECT " LOG_COLUMNS " FROM room_log WHERE room_id = ?1 AND kind = ?2"
			      " ORDER BY seq DESC LIMIT ?3) ORDER BY seq",
};

/* Copy a text column into a fixed field; a value that does not fit (no
 * row this driver wrote) reads as "". */
static void column_copy(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	if (!t || str_copy(out, len, t))
		out[0] = '\0';
}

/* A text column, malloc'd ("" for NULL); NULL when out of memory. */
static char *text_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
	char *out = malloc(n + 1);
	if (out) {
		if (n)
			memcpy(out, t, n);
		out[n] = '\0';
	}
	return out;
}

/* Double an array of *cap elements of size bytes (16 at first): 0 or
 * -ENOMEM (*v unchanged). */
static int grow(void **v, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *nv = ncap <= SIZE_MAX / size ? realloc(*v, ncap * size) : NULL;
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* ---- the waiting room ---- */

static int sq_lobby_put(struct store *base, const struct store_lobby_entry *e)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_LOBBY_PUT];
	sqlite3_bind_int64(st, 1, e->user_id);
	sq_bind_text(st, 2, e->language);
	sq_bind_text(st, 3, e->difficulty);
	sq_bind_text(st, 4, e->topics[0] ? e->topics : "[]");
	sqlite3_bind_int(st, 5, e->rating);
	sqlite3_bind_int64(st, 6, e->joined_ms);
	sqlite3_bind_int64(st, 7, e->polled_ms);
	int r = sq_exec(s, st, "lobby put");
	pthread_mutex_unlock(&s->lock);
	return r;
}

static void lobby_from(sqlite3_stmt *st, struct store_lobby_entry *e)
{
	e->user_id = sqlite3_column_int64(st, 0);
	column_copy(st, 1, e->language, sizeof(e->language));
	column_copy(st, 2, e->difficulty, sizeof(e->difficulty));
	column_copy(st, 3, e->topics, sizeof(e->topics));
	e->rating = sqlite3_column_int(st, 4);
	e->joined_ms = sqlite3_column_int64(st, 5);
	e->polled_ms = sqlite3_column_int64(st, 6);
}

/* sq_one_row's reader of SQ_LOBBY_GET into a struct store_lobby_entry. */
static int read_lobby(sqlite3_stmt *st, void *ctx)
{
	struct store_lobby_entry *out = ctx;
	lobby_from(st, out);
	column_copy(st, 7, out->room, sizeof(out->room));
	out->matched_ms = sqlite3_column_int64(st, 8);
	return 0;
}

static int sq_lobby_poll(struct store *base, int64_t user_id, int64_t now_ms, struct store_lobby_entry *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_LOBBY_TOUCH];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now_ms);
	int r = sq_change(s, st, "lobby touch");
	if (r >= 0) {
		st = s->room[SQ_LOBBY_GET];
		sqlite3_bind_int64(st, 1, user_id);
		r = sq_one_row(s, st, read_lobby, out, "lobby get");
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_lobby_delete(struct store *base, int64_t user_id)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_LOBBY_DELETE];
	sqlite3_bind_int64(st, 1, user_id);
	int r = sq_change(s, st, "lobby delete");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

int sq_room_insert(struct sq_store *s, const struct store_room *r)
{
	sqlite3_stmt *st = s->room[SQ_ROOM_INSERT];
	sq_bind_text(st, 1, r->id);
	sq_bind_text(st, 2, r->problem);
	sq_bind_text(st, 3, r->language);
	sq_bind_text(st, 4, r->difficulty);
	sq_bind_text(st, 5, r->plan);
	sqlite3_bind_int(st, 6, r->first_driver);
	sqlite3_bind_int64(st, 7, r->created_ms);
	sqlite3_bind_int64(st, 8, r->start_ms);
	sqlite3_bind_int64(st, 9, r->ended_ms);
	int e = sq_insert(s, st, "room insert");
	for (int slot = 0; slot < 2 && !e; slot++) {
		if (!r->users[slot])
			continue;                   /* a room waiting for its second participant */
		st = s->room[SQ_ROOM_MEMBER_INSERT];
		sq_bind_text(st, 1, r->id);
		sqlite3_bind_int(st, 2, slot);
		sqlite3_bind_int64(st, 3, r->users[slot]);
		e = sq_insert(s, st, "room member insert");
	}
	return e;
}

int sq_room_history(struct sq_store *s, int64_t user_id, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char **v = calloc(STORE_HISTORY_MAX, sizeof(*v));
	if (!v)
		return -ENOMEM;
	sqlite3_stmt *st = s->room[SQ_ROOM_HISTORY];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int(st, 2, STORE_HISTORY_MAX);
	int rc, r = 0;
	size_t got = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && got < STORE_HISTORY_MAX) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!(v[got] = strdup(t ? t : ""))) {
			r = -ENOMEM;
			break;
		}
		got++;
	}
	if (!r && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = sq_fail(s, "room history");
	sq_done_with(st);
	return store_strings_out(r, v, got, out, n, NULL);
}

/* The waiting entries (lock held): *out malloc'd. */
static int waiting(struct sq_store *s, struct store_lobby_entry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0, got = 0;
	struct store_lobby_entry *v = NULL;
	sqlite3_stmt *st = s->room[SQ_LOBBY_WAITING];
	sqlite3_bind_int(st, 1, STORE_LOBBY_MAX);
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap && (r = grow((void **)&v, &cap, sizeof(*v))))
			break;
		memset(&v[got], 0, sizeof(v[got]));
		lobby_from(st, &v[got]);
		v[got].last_partner = sqlite3_column_int64(st, 7);
		v[got].last_drove_ms = sqlite3_column_int64(st, 8);
		got++;
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, "lobby waiting");
	sq_done_with(st);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

/* store_rule_match_room's reader: sq_room_history on the store db. */
static int history_of(void *db, int64_t user_id, char ***out, size_t *n)
{
	return sq_room_history(db, user_id, out, n);
}

/* One pair's room (lock held, in the transaction). */
static int match_one(struct sq_store *s, const struct store_matcher *m, const struct store_lobby_entry *a,
		     const struct store_lobby_entry *b, int64_t now_ms)
{
	struct store_room room;
	int r = store_rule_match_room(m, a, b, history_of, s, &room);
	if (r || (r = sq_room_insert(s, &room)))
		return r;
	for (int k = 0; k < 2 && !r; k++) {
		sqlite3_stmt *st = s->room[SQ_LOBBY_MATCHED];
		sqlite3_bind_int64(st, 1, k ? b->user_id : a->user_id);
		sq_bind_text(st, 2, room.id);
		sqlite3_bind_int64(st, 3, now_ms);
		int c = sq_change(s, st, "lobby matched");
		r = c < 0 ? c : c == 1 ? 0 : -EIO;      /* the entry was read waiting in this transaction */
	}
	return r;
}

static int sq_lobby_match(struct store *base, int64_t now_ms, const struct store_matcher *m)
{
	struct sq_store *s = sq_of(base);
	struct store_lobby_entry *v = NULL;
	size_t n = 0, (*pairs)[2] = NULL, npairs = 0, *dropped = NULL, ndropped = 0;
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	sqlite3_stmt *st = s->room[SQ_LOBBY_CLEAN];
	sqlite3_bind_int64(st, 1, now_ms - 10 * 60 * 1000);
	r = sq_exec(s, st, "lobby clean");
	if (!r)
		r = waiting(s, &v, &n);
	if (!r && n)
		r = m->pair(m->ctx, v, n, &pairs, &npairs, &dropped, &ndropped);
	for (size_t i = 0; !r && i < npairs; i++) {
		if (pairs[i][0] >= n || pairs[i][1] >= n || pairs[i][0] == pairs[i][1])
			r = -EINVAL;
		else
			r = match_one(s, m, &v[pairs[i][0]], &v[pairs[i][1]], now_ms);
	}
	for (size_t i = 0; !r && i < ndropped; i++) {
		if (dropped[i] >= n) {
			r = -EINVAL;
			break;
		}
		st = s->room[SQ_LOBBY_DELETE];
		sqlite3_bind_int64(st, 1, v[dropped[i]].user_id);
		int c = sq_change(s, st, "lobby drop");
		r = c < 0 ? c : 0;
	}
	if (!r)
		r = sq_commit(s);
	else
		sq_rollback(s);
out:
	pthread_mutex_unlock(&s->lock);
	free(v);
	free(pairs);
	free(dropped);
	return r ? r : (int)npairs;
}

/* ---- rooms ---- */

static int sq_room_create(struct store *base, const struct store_room *r)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int e = sq_begin(s);
	if (!e) {
		e = sq_room_insert(s, r);
		if (!e)
			e = sq_commit(s);
		else
			sq_rollback(s);
	}
	pthread_mutex_unlock(&s->lock);
	return e;
}

void sq_room_columns(sqlite3_stmt *st, int col, struct store_room *out)
{
	column_copy(st, col, out->id, sizeof(out->id));
	column_copy(st, col + 1, out->problem, sizeof(out->problem));
	column_copy(st, col + 2, out->language, sizeof(out->language));
	column_copy(st, col + 3, out->difficulty, sizeof(out->difficulty));
	column_copy(st, col + 4, out->plan, sizeof(out->plan));
	out->first_driver = sqlite3_column_int(st, col + 5);
	out->created_ms = sqlite3_column_int64(st, col + 6);
	out->start_ms = sqlite3_column_int64(st, col + 7);
	out->ended_ms = sqlite3_column_int64(st, col + 8);
}

/* sq_one_row's reader of SQ_ROOM_GET into a struct store_room. */
static int read_room(sqlite3_stmt *st, void *ctx)
{
	sq_room_columns(st, 0, ctx);
	return 0;
}

/* Lock held. */
static int room_get(struct sq_store *s, const char *id, struct store_room *out)
{
	sqlite3_stmt *st = s->room[SQ_ROOM_GET];
	sq_bind_text(st, 1, id);
	int rc, r = sq_one_row(s, st, read_room, out, "room get");
	if (r)
		return r;
	st = s->room[SQ_ROOM_MEMBERS];
	sq_bind_text(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int slot = sqlite3_column_int(st, 0);
		if (slot == 0 || slot == 1)
			out->users[slot] = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		r = sq_fail(s, "room members");
	sq_done_with(st);
	return r;
}

static int sq_room_get(struct store *base, const char *id, struct store_room *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = room_get(s, id, out);
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_room_of_user(struct store *base, int64_t user_id, size_t limit, struct store_room **out, size_t *n)
{
	struct sq_store *s = sq_of(base);
	if (limit > 1000)
		limit = 1000;
	char (*ids)[STORE_ROOM_ID_LEN + 1] = calloc(limit, sizeof(*ids));
	struct store_room *v = calloc(limit, sizeof(*v));
	if (!ids || !v) {
		free(ids);
		free(v);
		return -ENOMEM;
	}
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_ROOM_OF_USER];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	size_t nids = 0, got = 0;
	int rc, r = 0;
	while (nids < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		column_copy(st, 0, ids[nids++], sizeof(ids[0]));
	if (nids < limit && rc != SQLITE_DONE)
		r = sq_fail(s, "rooms of user");
	sq_done_with(st);
	for (size_t i = 0; i < nids && !r; i++)
		if (!(r = room_get(s, ids[i], &v[got])))
			got++;
	pthread_mutex_unlock(&s->lock);
	free(ids);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

/* ---- the log ---- */

static int event_insert(struct sq_store *s, const struct store_room_event *e)
{
	sqlite3_stmt *st = s->room[SQ_ROOM_LOG_INSERT];
	sq_bind_text(st, 1, e->room);
	sqlite3_bind_int64(st, 2, e->seq);
	sqlite3_bind_int64(st, 3, e->version);
	sqlite3_bind_int64(st, 4, e->user_id);
	sqlite3_bind_int64(st, 5, e->t_ms);
	sq_bind_text(st, 6, e->kind);
	sqlite3_bind_int(st, 7, e->state);
	sq_bind_text(st, 8, e->data ? e->data : "{}");
	int r = sq_insert(s, st, "room log insert");
	/* The dashboard's digest of the log, in the same transaction. */
	return r ? r : sq_dash_digest_put(s, e);
}

/* The document's units as little-endian bytes, whatever the machine. */
static int snapshot_put(struct sq_store *s, const struct store_room_snapshot *snap)
{
	if (snap->n > SIZE_MAX / 2)
		return -EINVAL;
	unsigned char *bytes = malloc(snap->n * 2 + 1);
	if (!bytes)
		return -ENOMEM;
	for (size_t i = 0; i < snap->n; i++) {
		bytes[2 * i] = (unsigned char)(snap->units[i] & 0xff);
		bytes[2 * i + 1] = (unsigned char)(snap->units[i] >> 8);
	}
	sqlite3_stmt *st = s->room[SQ_ROOM_SNAP_PUT];
	sq_bind_text(st, 1, snap->room);
	sqlite3_bind_int64(st, 2, snap->version);
	sqlite3_bind_blob64(st, 3, bytes, (sqlite3_uint64)(snap->n * 2), SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, snap->t_ms);
	int r = sq_exec(s, st, "room snapshot");
	free(bytes);
	return r;
}

static int mark_apply(struct sq_store *s, const struct store_room_mark *m)
{
	int r = 0;
	if (m->drove_ms > 0) {
		sqlite3_stmt *st = s->room[SQ_ROOM_DROVE];
		sq_bind_text(st, 1, m->room);
		sqlite3_bind_int(st, 2, m->slot);
		sqlite3_bind_int64(st, 3, m->drove_ms);
		r = sq_change(s, st, "room drove");
	}
	if (r >= 0 && m->ended_ms > 0) {
		sqlite3_stmt *st = s->room[SQ_ROOM_ENDED];
		sq_bind_text(st, 1, m->room);
		sqlite3_bind_int64(st, 2, m->ended_ms);
		r = sq_change(s, st, "room ended");
	}
	return r < 0 ? r : 0;
}

static int sq_room_write(struct store *base, const struct store_room_batch *b)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	for (size_t i = 0; i < b->nevents && !r; i++)
		r = event_insert(s, &b->events[i]);
	for (size_t i = 0; i < b->nsnapshots && !r; i++)
		r = snapshot_put(s, &b->snapshots[i]);
	for (size_t i = 0; i < b->nmarks && !r; i++)
		r = mark_apply(s, &b->marks[i]);
	if (!r)
		r = sq_commit(s);
	else
		sq_rollback(s);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* Read rows of a bound log query (lock held), at most limit. */
static int events_read(struct sq_store *s, sqlite3_stmt *st, size_t limit, struct store_room_event **out,
		       size_t *n, const char *what)
{
	size_t cap = 0, got = 0;
	struct store_room_event *v = NULL;
	int rc = SQLITE_DONE, r = 0;
	while (got < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap && (r = grow((void **)&v, &cap, sizeof(*v))))
			break;
		struct store_room_event *e = &v[got];
		memset(e, 0, sizeof(*e));
		column_copy(st, 0, e->room, sizeof(e->room));
		e->seq = sqlite3_column_int64(st, 1);
		e->version = sqlite3_column_int64(st, 2);
		e->user_id = sqlite3_column_int64(st, 3);
		e->t_ms = sqlite3_column_int64(st, 4);
		column_copy(st, 5, e->kind, sizeof(e->kind));
		e->state = sqlite3_column_int(st, 6) != 0;
		if (!(e->data = text_dup(st, 7))) {
			r = -ENOMEM;
			break;
		}
		got++;
	}
	if (!r && got < limit && rc != SQLITE_DONE)
		r = sq_fail(s, what);
	sq_done_with(st);
	if (r) {
		store_room_events_free(v, got);
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

static sqlite3_int64 limit_of(size_t limit)
{
	return limit > INT64_MAX ? INT64_MAX : (sqlite3_int64)limit;
}

/* A room's events after a key (a log seq, or a document version), at most
 * limit, through the statement `which` of the rooms' family. */
static int events_after(struct store *base, int which, const char *room, int64_t after, size_t limit,
			struct store_room_event **out, size_t *n, const char *what)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[which];
	sq_bind_text(st, 1, room);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, limit_of(limit));
	int r = events_read(s, st, limit, out, n, what);
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_room_log(struct store *base, const char *room, int64_t after_seq, size_t limit,
		struct store_room_event **out, size_t *n)
{
	return events_after(base, SQ_ROOM_LOG, room, after_seq, limit, out, n, "room log");
}

static int sq_room_updates(struct store *base, const char *room, int64_t after_version, size_t limit,
		    struct store_room_event **out, size_t *n)
{
	return events_after(base, SQ_ROOM_UPDATES, room, after_version, limit, out, n, "room updates");
}

static int sq_room_state_log(struct store *base, const char *room, size_t limit, struct store_room_event **out, size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_ROOM_STATE_LOG];
	sq_bind_text(st, 1, room);
	sqlite3_bind_int64(st, 2, limit_of(limit));
	int r = events_read(s, st, limit, out, n, "room state log");
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_room_kind_tail(struct store *base, const char *room, const char *kind, size_t limit,
			     struct store_room_event **out, size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_ROOM_KIND_TAIL];
	sq_bind_text(st, 1, room);
	sq_bind_text(st, 2, kind);
	sqlite3_bind_int64(st, 3, limit_of(limit));
	int r = events_read(s, st, limit, out, n, "room kind tail");
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_room_tail(struct store *base, const char *room, int64_t *seq, int64_t *version)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_ROOM_TAIL];
	sq_bind_text(st, 1, room);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int64(st, 1);
	} else if (rc != SQLITE_DONE) {
		r = sq_fail(s, "room tail");
	}
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* sq_one_row's reader of SQ_ROOM_SNAP_GET: the version and the units
 * (malloc'd, little-endian UTF-16 in the blob). */
struct snapshot_out {
	int64_t *version;
	uint16_t **units;
	size_t *n;
};

static int read_snapshot(sqlite3_stmt *st, void *ctx)
{
	struct snapshot_out *o = ctx;
	*o->version = sqlite3_column_int64(st, 0);
	const unsigned char *b = sqlite3_column_blob(st, 1);
	size_t len = (size_t)sqlite3_column_bytes(st, 1) / 2;
	uint16_t *v = malloc(len ? len * sizeof(*v) : 1);
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++)
		v[i] = (uint16_t)(b[2 * i] | (b[2 * i + 1] << 8));
	*o->units = v;
	*o->n = len;
	return 0;
}

static int sq_room_snapshot_get(struct store *base, const char *room, int64_t *version, uint16_t **units, size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->room[SQ_ROOM_SNAP_GET];
	sq_bind_text(st, 1, room);
	struct snapshot_out o = { version, units, n };
	int r = sq_one_row(s, st, read_snapshot, &o, "room snapshot get");
	pthread_mutex_unlock(&s->lock);
	return r;
}

const struct store_room_ops sq_room_ops = {
	.lobby_put = sq_lobby_put,
	.lobby_poll = sq_lobby_poll,
	.lobby_delete = sq_lobby_delete,
	.lobby_match = sq_lobby_match,
	.create = sq_room_create,
	.get = sq_room_get,
	.of_user = sq_room_of_user,
	.write = sq_room_write,
	.log = sq_room_log,
	.updates = sq_room_updates,
	.state_log = sq_room_state_log,
	.kind_tail = sq_room_kind_tail,
	.tail = sq_room_tail,
	.snapshot_get = sq_room_snapshot_get,
};
