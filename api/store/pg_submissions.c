/* pg_submissions.c - the PostgreSQL driver's submissions table
 * (store_driver.h, store_pg.h): one row per submission, its request and,
 * once judged, its result; a result is set once, by whichever process
 * gets there first; listing newest first. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* seq (an identity, never reused) is the insertion order: it breaks ties
 * of created_at_ms, as the SQLite driver's rowid does. */
static const char *const steps[] = {
	"CREATE TABLE submissions ("
	"  token text PRIMARY KEY,"
	"  seq bigint GENERATED ALWAYS AS IDENTITY,"
	"  status_id integer NOT NULL,"
	"  request text NOT NULL,"
	"  result text,"
	"  created_at_ms bigint NOT NULL,"
	"  finished_at_ms bigint NOT NULL DEFAULT 0);"
	"CREATE INDEX submissions_created ON submissions(created_at_ms, seq);"
	"CREATE INDEX submissions_status ON submissions(status_id, created_at_ms, seq);",
};
const struct pg_family pg_family_submissions = { "submissions", steps, sizeof(steps) / sizeof(steps[0]) };

#define ROW_COLS "token, status_id, request, result, created_at_ms, finished_at_ms"

/* Row i of a SELECT ROW_COLS: 0 or -ENOMEM. */
static int row_from(const PGresult *r, int i, struct store_row *out)
{
	memset(out, 0, sizeof(*out));
	pg_get_copy(r, i, 0, out->token, sizeof(out->token));
	out->status_id = (int)pg_get_i64(r, i, 1);
	out->created_at_ms = pg_get_i64(r, i, 4);
	out->finished_at_ms = pg_get_i64(r, i, 5);
	out->request = pg_get_dup(r, i, 2);
	out->result = pg_get_dup(r, i, 3);
	if (!out->request || (!out->result && !PQgetisnull(r, i, 3))) {
		store_row_release(out);
		return -ENOMEM;
	}
	return 0;
}

int pg_subm_insert(struct store *base, const struct store_row *const *rows, size_t n)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin(c);
	bool began = !r;
	for (size_t i = 0; i < n && !r; i++) {
		const struct store_row *row = rows[i];
		char st[24], cr[24], fin[24];
		const char *p[] = { row->token, pg_i64(st, row->status_id), row->request ? row->request : "",
				    row->result, pg_i64(cr, row->created_at_ms), pg_i64(fin, row->finished_at_ms) };
		int e = pg_exec(c, "insert",
				"INSERT INTO submissions (" ROW_COLS ") VALUES ($1, $2, $3, $4, $5, $6)", 6, p);
		r = e < 0 ? e : 0;
	}
	if (began)
		r = pg_end(c, r);   /* a taken token: nothing of the batch stays */
	pg_put(s, c);
	return r;
}

int pg_subm_get(struct store *base, const char *token, struct store_row *out)
{
	const char *p[] = { token };
	int r;
	PGresult *res =
		pg_query_once(pg_of(base), "get", "SELECT " ROW_COLS " FROM submissions WHERE token = $1", 1, p, &r);
	if (res)
		r = PQntuples(res) ? row_from(res, 0, out) : -ENOENT;
	PQclear(res);
	return r;
}

/* Run an UPDATE of token's row whose WHERE says which statuses it may
 * change, in one statement with a look at the row as it was: 0 when it
 * changed the row; when it did not, -ENOENT for no row, 0 when the row
 * was at status done already (a job re-run after a restart is
 * Processing already), else -EALREADY. sql answers one row: how many
 * rows the UPDATE changed, and the row's status before it. */
static int update_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params,
		       int done)
{
	int r;
	PGresult *res = pg_query_once(s, what, sql, n, params, &r);
	if (res) {
		if (PQntuples(res) != 1)
			r = -EIO;
		else if (pg_get_i64(res, 0, 0) > 0)
			r = 0;
		else if (PQgetisnull(res, 0, 1))
			r = -ENOENT;
		else
			r = pg_get_i64(res, 0, 1) == done ? 0 : -EALREADY;
	}
	PQclear(res);
	return r;
}

int pg_subm_set_processing(struct store *base, const char *token)
{
	const char *p[] = { token };
	return update_once(pg_of(base), "set processing",
			   "WITH u AS (UPDATE submissions SET status_id = 2 WHERE token = $1 AND status_id = 1 RETURNING 1)"
			   " SELECT (SELECT count(*) FROM u), (SELECT status_id FROM submissions WHERE token = $1)",
			   1, p, 2);   /* 2: Processing */
}

int pg_subm_finish(struct store *base, const char *token, int status_id, const char *result, int64_t finished_at_ms)
{
	char st[24], fin[24];
	const char *p[] = { token, pg_i64(st, status_id), result, pg_i64(fin, finished_at_ms) };
	/* Once only: a final row never matches again, so the first result
	 * stands, whichever node or worker sends a second. */
	return update_once(pg_of(base), "finish",
			   "WITH u AS (UPDATE submissions SET status_id = $2, result = $3, finished_at_ms = $4"
			   " WHERE token = $1 AND status_id IN (1, 2) RETURNING 1)"
			   " SELECT (SELECT count(*) FROM u), (SELECT status_id FROM submissions WHERE token = $1)",
			   4, p, -1);  /* a final row stays as it is */
}

int pg_subm_remove(struct store *base, const char *token)
{
	struct pg_store *s = pg_of(base);
	const char *p[] = { token };
	int r = pg_exec_once(s, "delete", "DELETE FROM submissions WHERE token = $1", 1, p);
	return r < 0 ? r : r == 0 ? -ENOENT : 0;
}

int pg_subm_list(struct store *base, size_t offset, size_t limit, struct store_row **rows, size_t *n, size_t *total)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	struct store_row *v = NULL;
	size_t got = 0, want = 0;
	/* The count and the page from one snapshot, as other nodes insert. */
	int r = pg_begin_snapshot(c);
	PGresult *res = r ? NULL : pg_query(c, "count", "SELECT count(*) FROM submissions", 0, NULL, &r);
	if (res)
		*total = (size_t)pg_get_i64(res, 0, 0);
	PQclear(res);
	res = NULL;
	/* Allocate for what the page can hold at most: a page past the end,
	 * or a huge limit, costs nothing. */
	if (!r && (want = store_page_rows(*total, offset, limit)) && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	if (!r && want) {
		char lb[24], ob[24];
		const char *p[] = { pg_i64(lb, (int64_t)want), pg_i64(ob, (int64_t)offset) };   /* offset < total */
		res = pg_query(c, "list",
			       "SELECT " ROW_COLS " FROM submissions ORDER BY created_at_ms DESC, seq DESC"
			       " LIMIT $1 OFFSET $2", 2, p, &r);
		for (int i = 0; res && !r && i < PQntuples(res) && got < want; i++)
			if (!(r = row_from(res, i, &v[got])))
				got++;
		PQclear(res);
	}
	if (PQtransactionStatus(c) != PQTRANS_IDLE)
		pg_rollback(c);
	pg_put(s, c);
	return store_rows_out(r, v, got, rows, n, total);
}

int pg_subm_pending(struct store *base, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n)
{
	struct pg_store *s = pg_of(base);
	int r;
	PGresult *res = pg_query_once(s, "pending",
				      "SELECT token FROM submissions WHERE status_id IN (1, 2) ORDER BY created_at_ms, seq",
				      0, NULL, &r);
	if (!res)
		return r;
	int rows = PQntuples(res);
	char (*v)[STORE_TOKEN_LEN + 1] = calloc(rows ? (size_t)rows : 1, sizeof(*v));
	size_t got = 0;
	for (int i = 0; v && i < rows; i++)
		if (!str_copy(v[got], sizeof(v[got]), PQgetvalue(res, i, 0)))
			got++;
	PQclear(res);
	if (!v)
		return -ENOMEM;
	*tokens = v;
	*n = got;
	return 0;
}

int pg_subm_counts(struct store *base, uint64_t by_status[16], uint64_t *total)
{
	struct pg_store *s = pg_of(base);
	int r;
	PGresult *res = pg_query_once(s, "counts", "SELECT status_id, count(*) FROM submissions GROUP BY status_id", 0,
				      NULL, &r);
	for (int i = 0; res && i < PQntuples(res); i++) {
		int64_t status = pg_get_i64(res, i, 0);
		uint64_t count = (uint64_t)pg_get_i64(res, i, 1);
		if (status >= 0 && status < 16)
			by_status[status] += count;
		*total += count;
	}
	PQclear(res);
	return r;
}
