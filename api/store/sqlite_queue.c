/* sqlite_queue.c - the SQLite driver's job queue (store_queue.h): leases
 * in a table beside the submissions (so its migration is safe to run
 * again, which an ALTER TABLE is not), the callback outbox and the nodes'
 * registry. One process owns a SQLite store, so claims never race here;
 * the ops exist so that the same code and tests run on both drivers. */
#define _GNU_SOURCE
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char sq_queue_migration[] =
	"CREATE TABLE IF NOT EXISTS queue_leases ("
	"  token TEXT PRIMARY KEY NOT NULL,"
	"  worker TEXT NOT NULL,"
	"  lease_until_ms INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS callback_outbox ("
	"  token TEXT PRIMARY KEY NOT NULL,"
	"  url TEXT NOT NULL,"
	"  sender TEXT,"
	"  lease_until_ms INTEGER NOT NULL DEFAULT 0,"
	"  created_at_ms INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS callback_outbox_created ON callback_outbox(created_at_ms);"
	"CREATE TABLE IF NOT EXISTS nodes ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  host TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  pid INTEGER NOT NULL,"
	"  started_ms INTEGER NOT NULL,"
	"  seen_ms INTEGER NOT NULL,"
	"  threads INTEGER NOT NULL,"
	"  running INTEGER NOT NULL,"
	"  judged INTEGER NOT NULL,"
	"  stopped INTEGER NOT NULL DEFAULT 0);";

/* A row no live lease holds: In Queue, or Processing whose lease passed
 * (or that has none: judged by an older run that never leased). */
#define FREE_ROW "(s.status_id = 1 OR (s.status_id = 2 AND coalesce(l.lease_until_ms, 0) < ?1))"

const char *const sq_queue_sql[SQ_QUEUE_N] = {
	[SQ_QUEUE_PICK] = "SELECT s.token, s.request, s.created_at_ms FROM submissions s"
			  " LEFT JOIN queue_leases l ON l.token = s.token WHERE " FREE_ROW
			  " ORDER BY s.created_at_ms, s.rowid LIMIT 1",
	[SQ_QUEUE_MARK] = "UPDATE submissions SET status_id = 2 WHERE token = ?1",
	[SQ_QUEUE_LEASE] = "INSERT INTO queue_leases (token, worker, lease_until_ms, attempts) VALUES (?1, ?2, ?3, 1)"
			   " ON CONFLICT (token) DO UPDATE SET worker = excluded.worker,"
			   " lease_until_ms = excluded.lease_until_ms, attempts = attempts + 1",
	[SQ_QUEUE_ATTEMPTS] = "SELECT attempts FROM queue_leases WHERE token = ?1",
	[SQ_QUEUE_RENEW] = "UPDATE queue_leases SET lease_until_ms = ?3 WHERE token = ?1 AND worker = ?2"
			   " AND EXISTS (SELECT 1 FROM submissions WHERE token = ?1 AND status_id = 2)",
	[SQ_QUEUE_UNLEASE] = "UPDATE queue_leases SET worker = '', lease_until_ms = 0 WHERE token = ?1 AND worker = ?2"
			     " AND EXISTS (SELECT 1 FROM submissions WHERE token = ?1 AND status_id = 2)",
	[SQ_QUEUE_REQUEUE] = "UPDATE submissions SET status_id = 1 WHERE token = ?1 AND status_id = 2",
	[SQ_QUEUE_LEASE_DELETE] = "DELETE FROM queue_leases WHERE token = ?1",
	[SQ_OUTBOX_PUT] = "INSERT OR IGNORE INTO callback_outbox (token, url, created_at_ms) VALUES (?1, ?2, ?3)",
	[SQ_OUTBOX_PICK] = "SELECT token, url FROM callback_outbox WHERE lease_until_ms < ?1"
			   " ORDER BY created_at_ms, rowid LIMIT 1",
	[SQ_OUTBOX_LEASE] = "UPDATE callback_outbox SET sender = ?2, lease_until_ms = ?3 WHERE token = ?1",
	[SQ_OUTBOX_DONE] = "DELETE FROM callback_outbox WHERE token = ?1",
	[SQ_OUTBOX_RELEASE] = "UPDATE callback_outbox SET sender = NULL, lease_until_ms = 0 WHERE token = ?1 AND sender = ?2",
	[SQ_NODE_BEAT] = "INSERT INTO nodes (id, host, kind, pid, started_ms, seen_ms, threads, running, judged, stopped)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0) ON CONFLICT (id) DO UPDATE SET"
			 " host = excluded.host, kind = excluded.kind, pid = excluded.pid, started_ms = excluded.started_ms,"
			 " seen_ms = excluded.seen_ms, threads = excluded.threads, running = excluded.running,"
			 " judged = excluded.judged, stopped = 0",
	[SQ_NODE_STOP] = "UPDATE nodes SET stopped = 1, running = 0, seen_ms = ?2 WHERE id = ?1",
	[SQ_NODE_PRUNE] = "DELETE FROM nodes WHERE seen_ms < ?1",
	[SQ_NODE_LIST] = "SELECT id, host, kind, pid, started_ms, seen_ms, threads, running, judged, stopped FROM nodes"
			 " ORDER BY seen_ms DESC, id LIMIT 1024",
	[SQ_QUEUE_STATS] = "SELECT (SELECT count(*) FROM submissions WHERE status_id = 1),"
			   " (SELECT count(*) FROM submissions s JOIN queue_leases l ON l.token = s.token"
			   "   WHERE s.status_id = 2 AND l.lease_until_ms >= ?1),"
			   " (SELECT count(*) FROM submissions s LEFT JOIN queue_leases l ON l.token = s.token"
			   "   WHERE s.status_id = 2 AND coalesce(l.lease_until_ms, 0) < ?1),"
			   " (SELECT count(*) FROM callback_outbox),"
			   " (SELECT min(created_at_ms) FROM submissions WHERE status_id = 1)",
};

static int read_job(sqlite3_stmt *st, void *ctx)
{
	struct store_job *j = ctx;
	sq_column_copy(st, 0, j->token, sizeof(j->token));
	j->request = sq_column_dup(st, 1);
	j->created_at_ms = sqlite3_column_int64(st, 2);
	return j->request ? 0 : -ENOMEM;
}

static int sq_claim(struct store *base, const char *worker, int64_t now_ms, int64_t lease_ms, struct store_job *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	sqlite3_stmt *st = s->queue[SQ_QUEUE_PICK];
	sqlite3_bind_int64(st, 1, now_ms);
	r = sq_one_row(s, st, read_job, out, "claim");
	if (!r) {
		st = s->queue[SQ_QUEUE_MARK];
		sq_bind_text(st, 1, out->token);
		r = sq_change(s, st, "claim");
		r = r < 0 ? r : 0;
	}
	if (!r) {
		st = s->queue[SQ_QUEUE_LEASE];
		sq_bind_text(st, 1, out->token);
		sq_bind_text(st, 2, worker);
		sqlite3_bind_int64(st, 3, now_ms + lease_ms);
		r = sq_exec(s, st, "lease");
	}
	int64_t attempts = 0;
	if (!r) {
		st = s->queue[SQ_QUEUE_ATTEMPTS];
		sq_bind_text(st, 1, out->token);
		r = sq_one_int(s, st, &attempts, "attempts");
	}
	out->attempts = (unsigned)attempts;
	out->lease_until_ms = now_ms + lease_ms;
	r = sq_end(s, r);
out:
	pthread_mutex_unlock(&s->lock);
	if (r)
		store_job_release(out);
	return r;
}

static int sq_renew(struct store *base, const char *token, const char *worker, int64_t now_ms, int64_t lease_ms)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[SQ_QUEUE_RENEW];
	sq_bind_text(st, 1, token);
	sq_bind_text(st, 2, worker);
	sqlite3_bind_int64(st, 3, now_ms + lease_ms);
	int r = sq_change(s, st, "renew");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r ? 0 : -ESTALE;
}

static int sq_release(struct store *base, const char *token, const char *worker)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		sqlite3_stmt *st = s->queue[SQ_QUEUE_UNLEASE];
		sq_bind_text(st, 1, token);
		sq_bind_text(st, 2, worker);
		r = sq_change(s, st, "release");
		if (r == 0)
			r = -ESTALE;
		if (r > 0) {
			st = s->queue[SQ_QUEUE_REQUEUE];
			sq_bind_text(st, 1, token);
			r = sq_change(s, st, "requeue");
		}
		r = sq_end(s, r < 0 ? r : 0);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_finish(struct store *base, const char *token, int status_id, const char *result, int64_t finished_at_ms,
		     const char *callback_url)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	sqlite3_stmt *st = s->subm[SQ_SUBM_FINISH];
	sq_bind_text(st, 1, token);
	sqlite3_bind_int(st, 2, status_id);
	sq_bind_text(st, 3, result);
	sqlite3_bind_int64(st, 4, finished_at_ms);
	r = sq_change(s, st, "finish");
	if (r == 0) {
		/* Not changed: final already, or no such row. */
		st = s->subm[SQ_SUBM_STATUS];
		sq_bind_text(st, 1, token);
		r = sq_one_row(s, st, NULL, NULL, "status");
		r = r ? r : -EALREADY;
	} else if (r > 0) {
		st = s->queue[SQ_QUEUE_LEASE_DELETE];
		sq_bind_text(st, 1, token);
		r = sq_exec(s, st, "finish lease");
		if (!r && callback_url) {
			st = s->queue[SQ_OUTBOX_PUT];
			sq_bind_text(st, 1, token);
			sq_bind_text(st, 2, callback_url);
			sqlite3_bind_int64(st, 3, finished_at_ms);
			r = sq_exec(s, st, "outbox");
		}
	}
	r = sq_end(s, r);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

struct outbox_row {
	char *token;
	char **url;
};

static int read_outbox(sqlite3_stmt *st, void *ctx)
{
	struct outbox_row *o = ctx;
	sq_column_copy(st, 0, o->token, STORE_TOKEN_LEN + 1);
	*o->url = sq_column_dup(st, 1);
	return *o->url ? 0 : -ENOMEM;
}

static int sq_outbox_claim(struct store *base, const char *sender, int64_t now_ms, int64_t lease_ms,
			   char token[STORE_TOKEN_LEN + 1], char **url)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		sqlite3_stmt *st = s->queue[SQ_OUTBOX_PICK];
		sqlite3_bind_int64(st, 1, now_ms);
		r = sq_one_row(s, st, read_outbox, &(struct outbox_row){ token, url }, "outbox claim");
		if (!r) {
			st = s->queue[SQ_OUTBOX_LEASE];
			sq_bind_text(st, 1, token);
			sq_bind_text(st, 2, sender);
			sqlite3_bind_int64(st, 3, now_ms + lease_ms);
			r = sq_exec(s, st, "outbox lease");
		}
		r = sq_end(s, r);
	}
	pthread_mutex_unlock(&s->lock);
	if (r) {
		free(*url);
		*url = NULL;
		token[0] = '\0';
	}
	return r;
}

/* Run one bound change of token's row: 0, or -ENOENT when none changed. */
static int change_one(struct sq_store *s, enum sq_queue_stmt which, const char *a, const char *b, const char *what)
{
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[which];
	sq_bind_text(st, 1, a);
	if (b)
		sq_bind_text(st, 2, b);
	int r = sq_change(s, st, what);
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

static int sq_outbox_done(struct store *base, const char *token)
{
	return change_one(sq_of(base), SQ_OUTBOX_DONE, token, NULL, "outbox done");
}

static int sq_outbox_release(struct store *base, const char *token, const char *sender)
{
	return change_one(sq_of(base), SQ_OUTBOX_RELEASE, token, sender, "outbox release");
}

static int sq_node_beat(struct store *base, const struct store_node *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[SQ_NODE_BEAT];
	sq_bind_text(st, 1, n->id);
	sq_bind_text(st, 2, n->host);
	sq_bind_text(st, 3, n->kind);
	sqlite3_bind_int64(st, 4, n->pid);
	sqlite3_bind_int64(st, 5, n->started_ms);
	sqlite3_bind_int64(st, 6, n->seen_ms);
	sqlite3_bind_int64(st, 7, n->threads);
	sqlite3_bind_int64(st, 8, n->running);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)n->judged);
	int r = sq_exec(s, st, "node beat");
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_node_stop(struct store *base, const char *id, int64_t now_ms)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[SQ_NODE_STOP];
	sq_bind_text(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms);
	int r = sq_change(s, st, "node stop");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

static int sq_node_prune(struct store *base, int64_t before_ms)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[SQ_NODE_PRUNE];
	sqlite3_bind_int64(st, 1, before_ms);
	int r = sq_change(s, st, "node prune");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : 0;
}

static int sq_node_list(struct store *base, struct store_node **out, size_t *n)
{
	struct sq_store *s = sq_of(base);
	struct store_node *v = NULL;
	size_t got = 0;
	int r = 0, rc;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[SQ_NODE_LIST];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got % 16 == 0) {
			void *nv = realloc(v, (got + 16) * sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
		}
		struct store_node *o = &v[got++];
		memset(o, 0, sizeof(*o));
		sq_column_copy(st, 0, o->id, sizeof(o->id));
		sq_column_copy(st, 1, o->host, sizeof(o->host));
		sq_column_copy(st, 2, o->kind, sizeof(o->kind));
		o->pid = sqlite3_column_int64(st, 3);
		o->started_ms = sqlite3_column_int64(st, 4);
		o->seen_ms = sqlite3_column_int64(st, 5);
		o->threads = (unsigned)sqlite3_column_int64(st, 6);
		o->running = (unsigned)sqlite3_column_int64(st, 7);
		o->judged = (uint64_t)sqlite3_column_int64(st, 8);
		o->stopped = sqlite3_column_int(st, 9) != 0;
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, "node list");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

static int read_stats(sqlite3_stmt *st, void *ctx)
{
	struct store_queue_stats *q = ctx;
	q->queued = (uint64_t)sqlite3_column_int64(st, 0);
	q->leased = (uint64_t)sqlite3_column_int64(st, 1);
	q->expired = (uint64_t)sqlite3_column_int64(st, 2);
	q->outbox = (uint64_t)sqlite3_column_int64(st, 3);
	q->oldest_queued_ms = sqlite3_column_int64(st, 4);
	return 0;
}

static int sq_queue_stats(struct store *base, int64_t now_ms, struct store_queue_stats *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->queue[SQ_QUEUE_STATS];
	sqlite3_bind_int64(st, 1, now_ms);
	int r = sq_one_row(s, st, read_stats, out, "queue stats");
	pthread_mutex_unlock(&s->lock);
	if (!r && out->oldest_queued_ms)
		out->oldest_queued_ms = now_ms > out->oldest_queued_ms ? now_ms - out->oldest_queued_ms : 0;
	return r == -ENOENT ? -EIO : r;
}

const struct store_queue_ops sq_queue_ops = {
	.claim = sq_claim,
	.renew = sq_renew,
	.release = sq_release,
	.finish = sq_finish,
	.outbox_claim = sq_outbox_claim,
	.outbox_done = sq_outbox_done,
	.outbox_release = sq_outbox_release,
	.node_beat = sq_node_beat,
	.node_stop = sq_node_stop,
	.node_prune = sq_node_prune,
	.node_list = sq_node_list,
	.stats = sq_queue_stats,
};
