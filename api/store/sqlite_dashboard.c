/* sqlite_dashboard.c - the SQLite driver's reads for a user's dashboard
 * (store_dashboard.h): the user's rooms a page at a time, each with its
 * partner, its judged runs and submits, and its requests to move on.
 *
 * No table of its own: a page is one query over room_members (by its
 * user index) joined to the rooms, the partner's membership and account,
 * then two seeks per room into room_log by its (room_id, kind, seq) index
 * for the result rows and the "next" rows. Only a submit's result is
 * opened as JSON (its status and test counts); a run's, which may carry
 * 64 KiB of output, is only counted. bench/dashboard.c measures it. */
#define _GNU_SOURCE
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
	[SQ_DASH_RESULTS] =
		"SELECT kind = 'submit-result', t_ms,"
		" CASE WHEN kind = 'submit-result' THEN json_extract(data, '$.status.id') END,"
		" CASE WHEN kind = 'submit-result' THEN json_extract(data, '$.status.description') END,"
		" CASE WHEN kind = 'submit-result' THEN json_extract(data, '$.passed') END,"
		" CASE WHEN kind = 'submit-result' THEN json_extract(data, '$.total') END"
		" FROM room_log WHERE room_id = ?1 AND kind IN ('run-result', 'submit-result') ORDER BY seq",
	[SQ_DASH_ASKS] = "SELECT user_id, t_ms FROM room_log WHERE room_id = ?1 AND kind = 'next' ORDER BY seq",
};

/* Copy a text column into a fixed field; NULL, or a value that does not
 * fit (no row this server wrote), reads as "". */
static void text_into(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	if (!t || str_copy(out, len, t))
		out[0] = '\0';
}

static void result_from(sqlite3_stmt *st, void *row)
{
	struct store_dash_result *x = row;
	x->submit = sqlite3_column_int(st, 0) != 0;
	x->t_ms = sqlite3_column_int64(st, 1);
	if (x->submit) {
		x->status_id = sqlite3_column_int(st, 2);
		text_into(st, 3, x->status, sizeof(x->status));
		x->passed = sqlite3_column_int64(st, 4);
		x->total = sqlite3_column_int64(st, 5);
	}
}

static void ask_from(sqlite3_stmt *st, void *row)
{
	struct store_dash_ask *a = row;
	a->user_id = sqlite3_column_int64(st, 0);
	a->t_ms = sqlite3_column_int64(st, 1);
}

/* Every row of st for room into *v (*n of them, size bytes each, zeroed,
 * then filled by from), lock held: 0, -ENOMEM or -EIO. */
static int rows_of(struct sq_store *s, sqlite3_stmt *st, const char *room, size_t size,
		   void (*from)(sqlite3_stmt *, void *), void **v, size_t *n, const char *what)
{
	size_t cap = 0;
	int rc, r = 0;
	sq_bind_text(st, 1, room);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			void *nv = ncap <= SIZE_MAX / size ? realloc(*v, ncap * size) : NULL;
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			*v = nv;
			cap = ncap;
		}
		void *row = (char *)*v + (*n)++ * size;
		memset(row, 0, size);
		from(st, row);
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, what);
	sq_done_with(st);
	return r;
}

/* The room's result rows and "next" rows (lock held). */
static int room_rows(struct sq_store *s, struct store_dash_room *d)
{
	int r = rows_of(s, s->dash[SQ_DASH_RESULTS], d->room.id, sizeof(*d->results), result_from,
			(void **)&d->results, &d->nresults, "dashboard results");
	if (!r)
		r = rows_of(s, s->dash[SQ_DASH_ASKS], d->room.id, sizeof(*d->asks), ask_from, (void **)&d->asks,
			    &d->nasks, "dashboard asks");
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
	int rc, r = 0;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->dash[SQ_DASH_COUNT];
	sqlite3_bind_int64(st, 1, user_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*total = (size_t)sqlite3_column_int64(st, 0);
	else
		r = sq_fail(s, "dashboard count");
	sq_done_with(st);
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
	if (r) {
		store_dash_rooms_free(v, got);
		*total = 0;
		return r;
	}
	if (!got) {
		free(v);
		v = NULL;
	}
	*out = v;
	*n = got;
	return 0;
}
