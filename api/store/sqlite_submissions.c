/* sqlite_submissions.c - the SQLite driver's submissions table
 * (store_driver.h): one row per submission, its request and, once
 * judged, its result; a result is set once; listing newest first. */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const sq_subm_sql[SQ_SUBM_N] = {
	[SQ_SUBM_INSERT] = "INSERT INTO submissions (token, status_id, request, result, created_at_ms, finished_at_ms)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[SQ_SUBM_GET] = "SELECT token, status_id, request, result, created_at_ms, finished_at_ms"
			" FROM submissions WHERE token = ?1",
	[SQ_SUBM_STATUS] = "SELECT status_id FROM submissions WHERE token = ?1",
	[SQ_SUBM_PROCESSING] = "UPDATE submissions SET status_id = 2 WHERE token = ?1 AND status_id = 1",
	/* Once only: a final row never matches again, so the first result stands. */
	[SQ_SUBM_FINISH] = "UPDATE submissions SET status_id = ?2, result = ?3, finished_at_ms = ?4"
			   " WHERE token = ?1 AND status_id IN (1, 2)",
	[SQ_SUBM_DELETE] = "DELETE FROM submissions WHERE token = ?1",
	[SQ_SUBM_LIST] = "SELECT token, status_id, request, result, created_at_ms, finished_at_ms"
			 " FROM submissions ORDER BY created_at_ms DESC, rowid DESC LIMIT ?1 OFFSET ?2",
	[SQ_SUBM_COUNT] = "SELECT count(*) FROM submissions",
	[SQ_SUBM_PENDING] = "SELECT token FROM submissions WHERE status_id IN (1, 2)"
			    " ORDER BY created_at_ms, rowid",
	[SQ_SUBM_COUNTS] = "SELECT status_id, count(*) FROM submissions GROUP BY status_id",
};

/* The current row of a SELECT token, status_id, request, result, ... */
static int row_from(sqlite3_stmt *st, struct store_row *out)
{
	memset(out, 0, sizeof(*out));
	const char *token = (const char *)sqlite3_column_text(st, 0);
	str_copy(out->token, sizeof(out->token), token ? token : "");
	out->status_id = sqlite3_column_int(st, 1);
	out->created_at_ms = sqlite3_column_int64(st, 4);
	out->finished_at_ms = sqlite3_column_int64(st, 5);
	out->request = sq_column_dup(st, 2);
	out->result = sq_column_dup(st, 3);
	if (!out->request || (!out->result && sqlite3_column_type(st, 3) != SQLITE_NULL)) {
		store_row_release(out);
		return -ENOMEM;
	}
	return 0;
}

int sq_subm_insert(struct store *base, const struct store_row *const *rows, size_t n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	sqlite3_stmt *st = s->subm[SQ_SUBM_INSERT];
	for (size_t i = 0; i < n; i++) {
		const struct store_row *row = rows[i];
		sq_bind_text(st, 1, row->token);
		sqlite3_bind_int(st, 2, row->status_id);
		sq_bind_text(st, 3, row->request ? row->request : "");
		sq_bind_text(st, 4, row->result);
		sqlite3_bind_int64(st, 5, row->created_at_ms);
		sqlite3_bind_int64(st, 6, row->finished_at_ms);
		int rc = sqlite3_step(st);
		int ext = sqlite3_extended_errcode(s->db);
		sq_done_with(st);
		if (rc != SQLITE_DONE) {
			r = ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST
												   : sq_fail(s, "insert");
			sq_rollback(s);
			goto out;
		}
	}
	r = sq_commit(s);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_subm_get(struct store *base, const char *token, struct store_row *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->subm[SQ_SUBM_GET];
	sq_bind_text(st, 1, token);
	int rc = sqlite3_step(st), r;
	if (rc == SQLITE_ROW)
		r = row_from(st, out);
	else if (rc == SQLITE_DONE)
		r = -ENOENT;
	else
		r = sq_fail(s, "get");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* Run a bound UPDATE of token's row whose WHERE says which statuses it
 * may change (lock held): 0 when it changed the row; when it did not,
 * -ENOENT for no row, 0 when the row is already at status done (a job
 * re-run after a restart is Processing already), else -EALREADY. */
static int update_once(struct sq_store *s, sqlite3_stmt *st, const char *token, const char *what, int done)
{
	int r = sq_change(s, st, what);
	if (r != 0)
		return r < 0 ? r : 0;
	st = s->subm[SQ_SUBM_STATUS];
	sq_bind_text(st, 1, token);
	int rc = sqlite3_step(st);
	int status = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : rc == SQLITE_DONE ? -ENOENT : sq_fail(s, "status");
	sq_done_with(st);
	return status < 0 ? status : status == done ? 0 : -EALREADY;
}

int sq_subm_set_processing(struct store *base, const char *token)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->subm[SQ_SUBM_PROCESSING];
	sq_bind_text(st, 1, token);
	int r = update_once(s, st, token, "set processing", 2);   /* 2: Processing */
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_subm_finish(struct store *base, const char *token, int status_id, const char *result, int64_t finished_at_ms)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->subm[SQ_SUBM_FINISH];
	sq_bind_text(st, 1, token);
	sqlite3_bind_int(st, 2, status_id);
	sq_bind_text(st, 3, result);
	sqlite3_bind_int64(st, 4, finished_at_ms);
	int r = update_once(s, st, token, "finish", -1);      /* a final row stays as it is */
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_subm_remove(struct store *base, const char *token)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->subm[SQ_SUBM_DELETE];
	sq_bind_text(st, 1, token);
	int r = sq_change(s, st, "delete");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r == 0 ? -ENOENT : 0;
}

int sq_subm_list(struct store *base, size_t offset, size_t limit, struct store_row **rows, size_t *n, size_t *total)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	struct store_row *v = NULL;
	size_t got = 0, want = 0;
	int r = 0;
	sqlite3_stmt *st = s->subm[SQ_SUBM_COUNT];
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = (size_t)sqlite3_column_int64(st, 0);
	else
		r = sq_fail(s, "count");
	sq_done_with(st);
	/* Allocate for what the page can hold at most: a page past the end,
	 * or a huge limit, costs nothing. */
	if (!r && (want = store_page_rows(*total, offset, limit)) && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	st = s->subm[SQ_SUBM_LIST];
	sqlite3_bind_int64(st, 1, (sqlite3_int64)want);
	sqlite3_bind_int64(st, 2, offset > INT64_MAX ? INT64_MAX : (sqlite3_int64)offset);
	while (!r && got < want) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW)
			r = sq_fail(s, "list");
		else if (!(r = row_from(st, &v[got])))
			got++;
	}
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return store_rows_out(r, v, got, rows, n, total);
}

int sq_subm_pending(struct store *base, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n)
{
	struct sq_store *s = sq_of(base);
	size_t cap = 0, got = 0;
	char (*v)[STORE_TOKEN_LEN + 1] = NULL;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->subm[SQ_SUBM_PENDING];
	int r = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			void *nv = realloc(v, ncap * sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t && !str_copy(v[got], sizeof(v[got]), t))
			got++;
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, "pending");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (r) {
		free(v);
		return r;
	}
	*tokens = v;
	*n = got;
	return 0;
}

int sq_subm_counts(struct store *base, uint64_t by_status[16], uint64_t *total)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->subm[SQ_SUBM_COUNTS];
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int status = sqlite3_column_int(st, 0);
		uint64_t count = (uint64_t)sqlite3_column_int64(st, 1);
		if (status >= 0 && status < 16)
			by_status[status] += count;
		*total += count;
	}
	if (rc != SQLITE_DONE)
		r = sq_fail(s, "counts");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}
