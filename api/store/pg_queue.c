/* pg_queue.c - the PostgreSQL driver's job queue (store_queue.h), shared
 * by every API node and worker on one database.
 *
 * A claim is one statement: the oldest free row, locked with FOR UPDATE
 * SKIP LOCKED (claimers at once pass over each other's rows instead of
 * queueing behind them), set Processing under the claimer's lease. Under
 * READ COMMITTED a row another claimer changed and committed meanwhile is
 * checked again against the WHERE before it is locked, so a row with a
 * fresh lease is never taken twice. A finish changes the row only while
 * it is not final; two finishers of one job (the first worker's lease
 * passed while it was still judging) serialise on the row's lock and the
 * second changes nothing: one result. The callback outbox row and the
 * "done" note go in the finish's transaction. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const steps[] = {
	/* 1: leases on the submissions, the callback outbox, the nodes. */
	"ALTER TABLE submissions ADD COLUMN IF NOT EXISTS leased_by text,"
	"  ADD COLUMN IF NOT EXISTS lease_until_ms bigint NOT NULL DEFAULT 0,"
	"  ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;"
	"CREATE INDEX IF NOT EXISTS submissions_queue ON submissions (created_at_ms, seq)"
	"  WHERE status_id IN (1, 2);"
	"CREATE TABLE IF NOT EXISTS callback_outbox ("
	"  token text PRIMARY KEY,"
	"  url text NOT NULL,"
	"  sender text,"
	"  lease_until_ms bigint NOT NULL DEFAULT 0,"
	"  created_at_ms bigint NOT NULL,"
	"  seq bigserial NOT NULL);"
	"CREATE INDEX IF NOT EXISTS callback_outbox_order ON callback_outbox (created_at_ms, seq);"
	"CREATE TABLE IF NOT EXISTS nodes ("
	"  id text PRIMARY KEY,"
	"  host text NOT NULL,"
	"  kind text NOT NULL,"
	"  pid bigint NOT NULL,"
	"  started_ms bigint NOT NULL,"
	"  seen_ms bigint NOT NULL,"
	"  threads integer NOT NULL,"
	"  running integer NOT NULL,"
	"  judged bigint NOT NULL,"
	"  stopped boolean NOT NULL DEFAULT false);",
};
const struct pg_family pg_family_queue = { "queue", steps, sizeof(steps) / sizeof(steps[0]) };

/* A claim: one statement (parameters: who, now, the lease's end) that
 * leases at most one row and returns it. 0 with *res, its one row (PQclear
 * it); -ENOENT when none was free; -errno. */
static int claim_one(struct pg_store *s, const char *what, const char *sql, const char *who, int64_t now_ms,
		     int64_t lease_ms, PGresult **res)
{
	char nb[24], lb[24];
	const char *p[] = { who, pg_i64(nb, now_ms), pg_i64(lb, now_ms + lease_ms) };
	int err;
	PGresult *r = pg_query_once(s, what, sql, 3, p, &err);
	if (!r)
		return err;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return -ENOENT;
	}
	*res = r;
	return 0;
}

static int pg_claim(struct store *base, const char *worker, int64_t now_ms, int64_t lease_ms, struct store_job *out)
{
	PGresult *r = NULL;
	int ret = claim_one(pg_of(base), "claim",
			    "UPDATE submissions SET status_id = 2, leased_by = $1, lease_until_ms = $3,"
			    " attempts = attempts + 1"
			    " WHERE token = (SELECT token FROM submissions"
			    "   WHERE status_id = 1 OR (status_id = 2 AND lease_until_ms < $2)"
			    "   ORDER BY created_at_ms, seq LIMIT 1 FOR UPDATE SKIP LOCKED)"
			    " RETURNING token, request, created_at_ms, attempts",
			    worker, now_ms, lease_ms, &r);
	if (ret)
		return ret;
	pg_get_copy(r, 0, 0, out->token, sizeof(out->token));
	out->request = pg_get_dup(r, 0, 1);
	out->created_at_ms = pg_get_i64(r, 0, 2);
	out->attempts = (unsigned)pg_get_i64(r, 0, 3);
	out->lease_until_ms = now_ms + lease_ms;
	ret = out->request ? 0 : -ENOMEM;
	PQclear(r);
	/* Out of memory after the claim: the row stays Processing under our
	 * lease, which passes; another claim takes it then. */
	return ret;
}

/* One statement that changes at most one row: 0 when it did, else miss
 * (-ESTALE, -ENOENT), or -errno. */
static int change_one(struct pg_store *s, const char *what, const char *sql, int n, const char *const *p, int miss)
{
	int r = pg_exec_once(s, what, sql, n, p);
	return r < 0 ? r : r ? 0 : miss;
}

static int pg_renew(struct store *base, const char *token, const char *worker, int64_t now_ms, int64_t lease_ms)
{
	char lb[24];
	const char *p[] = { token, worker, pg_i64(lb, now_ms + lease_ms) };
	return change_one(pg_of(base), "renew",
			  "UPDATE submissions SET lease_until_ms = $3 WHERE token = $1 AND leased_by = $2 AND status_id = 2",
			  3, p, -ESTALE);
}

static int pg_release(struct store *base, const char *token, const char *worker)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	const char *p[] = { token, worker };
	int r = pg_begin(c);
	if (!r) {
		r = pg_exec(c, "release",
			    "UPDATE submissions SET status_id = 1, leased_by = NULL, lease_until_ms = 0"
			    " WHERE token = $1 AND leased_by = $2 AND status_id = 2",
			    2, p);
		r = r < 0 ? r : r ? 0 : -ESTALE;
		if (!r)
			r = pg_notify(c, STORE_CHANNEL_JOBS, token);   /* an idle worker takes it at once */
		r = pg_end(c, r);
	}
	pg_put(s, c);
	return r;
}

static int pg_finish(struct store *base, const char *token, int status_id, const char *result, int64_t finished_at_ms,
		     const char *callback_url)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	char sb[24], fb[24];
	const char *p[] = { token, pg_i64(sb, status_id), result, pg_i64(fb, finished_at_ms) };
	int r = pg_begin(c);
	if (r)
		goto out;
	r = pg_exec(c, "finish",
		    "UPDATE submissions SET status_id = $2, result = $3, finished_at_ms = $4, leased_by = NULL,"
		    " lease_until_ms = 0 WHERE token = $1 AND status_id IN (1, 2)",
		    4, p);
	if (r == 0) {
		/* Final already (the first result stands), or no such row. */
		int err;
		PGresult *q = pg_query(c, "finish", "SELECT 1 FROM submissions WHERE token = $1", 1, p, &err);
		r = !q ? err : PQntuples(q) ? -EALREADY : -ENOENT;
		PQclear(q);
	} else if (r > 0) {
		r = 0;
		if (callback_url) {
			const char *o[] = { token, callback_url, fb };
			int n = pg_exec(c, "outbox",
					"INSERT INTO callback_outbox (token, url, created_at_ms) VALUES ($1, $2, $3)"
					" ON CONFLICT (token) DO NOTHING",
					3, o);
			r = n < 0 ? n : 0;
		}
		char note[STORE_TOKEN_LEN + 48];
		snprintf(note, sizeof(note), "%s %" PRId64 " %d", token, finished_at_ms, status_id);
		if (!r)
			r = pg_notify(c, STORE_CHANNEL_DONE, note);
	}
	r = pg_end(c, r);
out:
	pg_put(s, c);
	return r;
}

static int pg_outbox_claim(struct store *base, const char *sender, int64_t now_ms, int64_t lease_ms,
			   char token[STORE_TOKEN_LEN + 1], char **url)
{
	PGresult *r = NULL;
	int ret = claim_one(pg_of(base), "outbox claim",
			    "UPDATE callback_outbox SET sender = $1, lease_until_ms = $3"
			    " WHERE token = (SELECT token FROM callback_outbox WHERE lease_until_ms < $2"
			    "   ORDER BY created_at_ms, seq LIMIT 1 FOR UPDATE SKIP LOCKED)"
			    " RETURNING token, url",
			    sender, now_ms, lease_ms, &r);
	if (ret)
		return ret;
	pg_get_copy(r, 0, 0, token, STORE_TOKEN_LEN + 1);
	*url = pg_get_dup(r, 0, 1);
	ret = *url ? 0 : -ENOMEM;
	PQclear(r);
	return ret;
}

static int pg_outbox_done(struct store *base, const char *token)
{
	const char *p[] = { token };
	return change_one(pg_of(base), "outbox done", "DELETE FROM callback_outbox WHERE token = $1", 1, p, -ENOENT);
}

static int pg_outbox_release(struct store *base, const char *token, const char *sender)
{
	const char *p[] = { token, sender };
	return change_one(pg_of(base), "outbox release",
			  "UPDATE callback_outbox SET sender = NULL, lease_until_ms = 0 WHERE token = $1 AND sender = $2",
			  2, p, -ENOENT);
}

static int pg_node_beat(struct store *base, const struct store_node *n)
{
	char pid[24], st[24], seen[24], th[24], run[24], jd[24];
	const char *p[] = { n->id, n->host, n->kind, pg_i64(pid, n->pid), pg_i64(st, n->started_ms),
			    pg_i64(seen, n->seen_ms), pg_i64(th, n->threads), pg_i64(run, n->running),
			    pg_i64(jd, (int64_t)n->judged) };
	int r = change_one(pg_of(base), "node beat",
			   "INSERT INTO nodes (id, host, kind, pid, started_ms, seen_ms, threads, running, judged)"
			   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET"
			   " host = EXCLUDED.host, kind = EXCLUDED.kind, pid = EXCLUDED.pid,"
			   " started_ms = EXCLUDED.started_ms, seen_ms = EXCLUDED.seen_ms, threads = EXCLUDED.threads,"
			   " running = EXCLUDED.running, judged = EXCLUDED.judged, stopped = false",
			   9, p, -EIO);
	return r;
}

static int pg_node_stop(struct store *base, const char *id, int64_t now_ms)
{
	char nb[24];
	const char *p[] = { id, pg_i64(nb, now_ms) };
	return change_one(pg_of(base), "node stop",
			  "UPDATE nodes SET stopped = true, running = 0, seen_ms = $2 WHERE id = $1", 2, p, -ENOENT);
}

static int pg_node_prune(struct store *base, int64_t before_ms)
{
	char nb[24];
	const char *p[] = { pg_i64(nb, before_ms) };
	int r = change_one(pg_of(base), "node prune", "DELETE FROM nodes WHERE seen_ms < $1", 1, p, 0);
	return r < 0 ? r : 0;
}

static int pg_node_list(struct store *base, struct store_node **out, size_t *n)
{
	int err;
	PGresult *r = pg_query_once(pg_of(base), "node list",
				 "SELECT id, host, kind, pid, started_ms, seen_ms, threads, running, judged, stopped"
				 " FROM nodes ORDER BY seen_ms DESC, id LIMIT 1024",
				 0, NULL, &err);
	if (!r)
		return err;
	int rows = PQntuples(r);
	struct store_node *v = rows ? calloc((size_t)rows, sizeof(*v)) : NULL;
	if (rows && !v) {
		PQclear(r);
		return -ENOMEM;
	}
	for (int i = 0; i < rows; i++) {
		struct store_node *o = &v[i];
		pg_get_copy(r, i, 0, o->id, sizeof(o->id));
		pg_get_copy(r, i, 1, o->host, sizeof(o->host));
		pg_get_copy(r, i, 2, o->kind, sizeof(o->kind));
		o->pid = pg_get_i64(r, i, 3);
		o->started_ms = pg_get_i64(r, i, 4);
		o->seen_ms = pg_get_i64(r, i, 5);
		o->threads = (unsigned)pg_get_i64(r, i, 6);
		o->running = (unsigned)pg_get_i64(r, i, 7);
		o->judged = (uint64_t)pg_get_i64(r, i, 8);
		o->stopped = !strcmp(PQgetvalue(r, i, 9), "t");
	}
	PQclear(r);
	*out = v;
	*n = (size_t)rows;
	return 0;
}

static int pg_queue_stats(struct store *base, int64_t now_ms, struct store_queue_stats *out)
{
	char nb[24];
	const char *p[] = { pg_i64(nb, now_ms) };
	int err;
	PGresult *r = pg_query_once(pg_of(base), "queue stats",
				 "SELECT count(*) FILTER (WHERE status_id = 1),"
				 " count(*) FILTER (WHERE status_id = 2 AND lease_until_ms >= $1),"
				 " count(*) FILTER (WHERE status_id = 2 AND lease_until_ms < $1),"
				 " (SELECT count(*) FROM callback_outbox),"
				 " min(created_at_ms) FILTER (WHERE status_id = 1)"
				 " FROM submissions WHERE status_id IN (1, 2)",
				 1, p, &err);
	if (!r)
		return err;
	out->queued = (uint64_t)pg_get_i64(r, 0, 0);
	out->leased = (uint64_t)pg_get_i64(r, 0, 1);
	out->expired = (uint64_t)pg_get_i64(r, 0, 2);
	out->outbox = (uint64_t)pg_get_i64(r, 0, 3);
	int64_t oldest = pg_get_i64(r, 0, 4);
	out->oldest_queued_ms = oldest && now_ms > oldest ? now_ms - oldest : 0;
	PQclear(r);
	return 0;
}

const struct store_queue_ops pg_queue_ops = {
	.claim = pg_claim,
	.renew = pg_renew,
	.release = pg_release,
	.finish = pg_finish,
	.outbox_claim = pg_outbox_claim,
	.outbox_done = pg_outbox_done,
	.outbox_release = pg_outbox_release,
	.node_beat = pg_node_beat,
	.node_stop = pg_node_stop,
	.node_prune = pg_node_prune,
	.node_list = pg_node_list,
	.stats = pg_queue_stats,
};
