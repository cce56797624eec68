/* sqlite_dashboard.c - the SQLite driver's reads for a user's dashboard
 * (store_dashboard.h): the user's rooms a page at a time, each with its
 * partner, its judged runs and submits, and its requests to move on.
 *
 * A page is one query over room_members (by its user index) joined to the
 * rooms, the partner's membership and account, then one range of the
 * room_log_digest table per room: the log's "run-result",
 * "submit-result" and "next" rows in a few columns each (a submit's
 * status and test counts already read out of its JSON), keyed (room_id,
 * seq) without a rowid, so a room's rows sit together in order.
 *
 * The digest is written with the log, in the same transaction
 * (sq_dash_digest_put, called for every row sqlite_rooms.c appends), so it
 * is exactly the log's rows of those kinds at every commit; the
 * migration fills it from the rows already logged, and a trigger removes
 * a row's digest if the row is ever deleted (the log is append-only:
 * store_rooms.h). A trigger could write it too, but SQLite runs an
 * AFTER INSERT trigger's program for every row to test its WHEN, which
 * measured 4.5 us more per keystroke row; the call costs a keystroke
 * three string comparisons. Reading the log itself instead (its kind
 * index, then each row and each submit's JSON) made the stats of 300
 * rooms eight times as slow (bench/dashboard.c, README). */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* What the digest holds of a log row: its place, kind, author and time,
 * and for a submit's result what its JSON says (NULL for the rest, or
 * for a row that is not JSON: no row this server wrote). */
#define DIGEST_COLS "room_id, seq, kind, user_id, t_ms, status_id, status, passed, total"
#define DIGEST_KINDS "('run-result', 'submit-result', 'next')"
/* The digest's rows of the log rows src gives (room_id, seq, kind,
 * user_id, t_ms, data). */
#define DIGEST_OF(src)                                                                                 \
	"SELECT room_id, seq, kind, user_id, t_ms, json_extract(j, '$.status.id'),"                     \
	" json_extract(j, '$.status.description'), json_extract(j, '$.passed'), json_extract(j, '$.total')" \
	" FROM (SELECT room_id, seq, kind, user_id, t_ms, CASE WHEN kind = 'submit-result' AND"         \
	" json_valid(data) THEN data END AS j FROM " src ")"

const char sq_dash_migration[] =
	"CREATE TABLE room_log_digest ("
	"  room_id TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  user_id INTEGER NOT NULL,"
	"  t_ms INTEGER NOT NULL,"
	"  status_id INTEGER,"
	"  status TEXT,"
	"  passed INTEGER,"
	"  total INTEGER,"
	"  PRIMARY KEY (room_id, seq)) WITHOUT ROWID;"
	"CREATE TRIGGER room_log_digest_delete AFTER DELETE ON room_log WHEN OLD.kind IN " DIGEST_KINDS
	" BEGIN DELETE FROM room_log_digest WHERE room_id = OLD.room_id AND seq = OLD.seq; END;"
	"INSERT INTO room_log_digest (" DIGEST_COLS ") " DIGEST_OF("room_log WHERE kind IN " DIGEST_KINDS) ";";

#define ROOM_COLS \
	"SELECT r.id, r.problem, r.language, r.difficulty, r.plan, r.first_driver, r.created_ms, r.start_ms," \
	" r.ended_ms, m.slot, o.slot, o.user_id, u.username, u.display_name, u.deleted_at_ms"   \
	" FROM room_members m JOIN rooms r ON r.id = m.room_id"                                  \
	" LEFT JOIN room_members o ON o.room_id = m.room_id AND o.slot = 1 - m.slot"             \
	" LEFT JOIN users u ON u.id = o.user_id WHERE m.user_id = ?1"

const char *const sq_dash_sql[SQ_DASH_N] = {
	[SQ_DASH_COUNT] = "SELECT count(*) FROM room_members WHERE user_id = ?1",
	[SQ_DASH_NEWEST] = ROOM_COLS " ORDER BY r.created_ms DESC, r.rowid DESC LIMIT ?2 OFFSET ?3",
	[SQ_DASH_OLDEST] = ROOM_COLS " ORDER BY r.created_ms, r.rowid LIMIT ?2 OFFSET ?3",
	[SQ_DASH_DIGEST] = "SELECT kind, user_id, t_ms, status_id, status, passed, total FROM room_log_digest"
			   " WHERE room_id = ?1 ORDER BY seq",
	/* The row just appended, read back by its key (a page in cache). */
	[SQ_DASH_DIGEST_PUT] = "INSERT INTO room_log_digest (" DIGEST_COLS ") "
			       DIGEST_OF("room_log WHERE room_id = ?1 AND seq = ?2"),
};

int sq_dash_digest_put(struct sq_store *s, const struct store_room_event *e)
{
	if (!store_rule_digested(e->kind))
		return 0;
	sqlite3_stmt *st = s->dash[SQ_DASH_DIGEST_PUT];
	sq_bind_text(st, 1, e->room);
	sqlite3_bind_int64(st, 2, e->seq);
	return sq_exec(s, st, "dashboard digest put");
}

/* Copy a text column into a fixed field; NULL, or a value that does not
 * fit (no row this server wrote), reads as "". */
static void text_into(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	if (!t || str_copy(out, len, t))
		out[0] = '\0';
}

/* The room's digest: its results and its requests to move on, in the
 * log's order (lock held). */
static int room_rows(struct sq_store *s, struct store_dash_room *d)
{
	sqlite3_stmt *st = s->dash[SQ_DASH_DIGEST];
	size_t rcap = 0, acap = 0;
	int rc, r = 0;
	sq_bind_text(st, 1, d->room.id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		if (kind && !strcmp(kind, "next")) {
			struct store_dash_ask *a = store_push((void **)&d->asks, &d->nasks, &acap, sizeof(*a));
			if (!a) {
				r = -ENOMEM;
				break;
			}
			a->user_id = sqlite3_column_int64(st, 1);
			a->t_ms = sqlite3_column_int64(st, 2);
			continue;
		}
		struct store_dash_result *x = store_push((void **)&d->results, &d->nresults, &rcap, sizeof(*x));
		if (!x) {
			r = -ENOMEM;
			break;
		}
		x->submit = kind && !strcmp(kind, "submit-result");
		x->t_ms = sqlite3_column_int64(st, 2);
		if (x->submit) {
			x->status_id = sqlite3_column_int(st, 3);
			text_into(st, 4, x->status, sizeof(x->status));
			x->passed = sqlite3_column_int64(st, 5);
			x->total = sqlite3_column_int64(st, 6);
		}
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, "dashboard digest");
	sq_done_with(st);
	return r;
}

static void room_from(sqlite3_stmt *st, int64_t user_id, struct store_dash_room *d)
{
	sq_room_columns(st, 0, &d->room);
	d->slot = sqlite3_column_int(st, 9) == 1;
	d->room.users[d->slot] = user_id;
	if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
		d->partner_id = sqlite3_column_int64(st, 11);
		d->room.users[1 - d->slot] = d->partner_id;
		text_into(st, 12, d->partner_username, sizeof(d->partner_username));
		text_into(st, 13, d->partner_display, sizeof(d->partner_display));
		d->partner_deleted = sqlite3_column_int64(st, 14) != 0;
	}
}

int sq_dash_rooms(struct store *base, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		  struct store_dash_room **out, size_t *n, size_t *total)
{
	struct sq_store *s = sq_of(base);
	struct store_dash_room *v = limit ? calloc(limit, sizeof(*v)) : NULL;
	if (limit && !v)
		return -ENOMEM;
	size_t got = 0;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->dash[SQ_DASH_COUNT];
	sqlite3_bind_int64(st, 1, user_id);
	int rc, r = sq_one_count(s, st, total, "dashboard count");
	if (!r && limit) {
		st = s->dash[newest_first ? SQ_DASH_NEWEST : SQ_DASH_OLDEST];
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
		sqlite3_bind_int64(st, 3, offset > INT64_MAX ? INT64_MAX : (sqlite3_int64)offset);
		while (got < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
			room_from(st, user_id, &v[got++]);
		if (got < limit && rc != SQLITE_DONE)
			r = sq_fail(s, "dashboard rooms");
		sq_done_with(st);
	}
	/* The log's rows once the page's statement is done with: a seek each. */
	for (size_t i = 0; !r && i < got; i++)
		r = room_rows(s, &v[i]);
	pthread_mutex_unlock(&s->lock);
	return store_dash_rooms_out(r, v, got, out, n, total);
}
