/* pg.c - the PostgreSQL driver's core (store_driver.h, store_pg.h): a
 * pool of libpq connections, the schema's versioned migrations applied
 * under an advisory lock (two nodes starting together take turns), the
 * helpers the family files share, and the listener thread that delivers
 * notifications (LISTEN/NOTIFY) to store_listen()'s subscribers.
 *
 * Durability is the server's: a COMMIT returns once PostgreSQL has
 * flushed its WAL (synchronous_commit on, its default), so an
 * acknowledged row survives the loss of any pairbox process.
 *
 * Unlike the SQLite driver, several processes share one database: API
 * nodes and workers. Every op is therefore written for concurrent
 * writers elsewhere (unique keys, row locks, SKIP LOCKED), never for a
 * lock of this process. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The server's log (stderr), as the SQLite driver writes it. */
#define log_msg(...) (fprintf(stderr, "pairbox: store (postgres): " __VA_ARGS__), fputc('\n', stderr))

/* libpq's messages end with a newline: their length without it. */
static int trimmed(const char *m)
{
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	return (int)n;
}

/* Any constant of our own: the advisory lock the migrations hold. */
#define PG_MIGRATE_LOCK 0x70616972626f78LL    /* "pairbox" */

static const struct pg_family *const families[] = {
	&pg_family_submissions, &pg_family_problems, &pg_family_users, &pg_family_rooms,
	&pg_family_invites,     &pg_family_dashboard, &pg_family_ratings, &pg_family_queue,
};
#define NFAMILIES (sizeof(families) / sizeof(families[0]))

/* ---- statements ---- */

int pg_result_err(const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	int e = -EIO;
	if (state && !strcmp(state, "23505"))
		e = -EEXIST;
	else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
		e = -EAGAIN;
	else if (state && !strcmp(state, "23503"))
		e = -ENOENT;
	/* A taken key is an answer, not a failure worth a log line. */
	if (e != -EEXIST)
		{
		const char *m = r ? PQresultErrorMessage(r) : "out of memory";
		log_msg("%s: %.*s", what, trimmed(m), m);
	}
	return e;
}

PGresult *pg_query_bin(PGconn *c, const char *what, const char *sql, int n, const char *const *params,
		       const int *lengths, const int *formats, int result_format, int *err)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, lengths, formats, result_format);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		*err = 0;
		return r;
	}
	if (!r && PQstatus(c) != CONNECTION_OK)
		log_msg("%s: %.*s", what, trimmed(PQerrorMessage(c)), PQerrorMessage(c));
	*err = r ? pg_result_err(r, what) : -EIO;
	PQclear(r);
	return NULL;
}

PGresult *pg_query(PGconn *c, const char *what, const char *sql, int n, const char *const *params, int *err)
{
	return pg_query_bin(c, what, sql, n, params, NULL, NULL, 0, err);
}

int pg_exec(PGconn *c, const char *what, const char *sql, int n, const char *const *params)
{
	int err;
	PGresult *r = pg_query(c, what, sql, n, params, &err);
	if (!r)
		return err;
	const char *t = PQcmdTuples(r);
	long changed = t && *t ? strtol(t, NULL, 10) : 0;
	PQclear(r);
	return changed > INT_MAX ? INT_MAX : (int)changed;
}

PGresult *pg_query_bin_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params,
			    const int *lengths, const int *formats, int result_format, int *err)
{
	PGconn *c = pg_get(s);
	if (!c) {
		*err = -EIO;
		return NULL;
	}
	PGresult *r = pg_query_bin(c, what, sql, n, params, lengths, formats, result_format, err);
	pg_put(s, c);
	return r;
}

PGresult *pg_query_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params,
			int *err)
{
	return pg_query_bin_once(s, what, sql, n, params, NULL, NULL, 0, err);
}

int pg_exec_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params)
{
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_exec(c, what, sql, n, params);
	pg_put(s, c);
	return r;
}

static int simple(PGconn *c, const char *sql)
{
	int r = pg_exec(c, sql, sql, 0, NULL);
	return r < 0 ? r : 0;
}

int pg_begin(PGconn *c)
{
	return simple(c, "BEGIN");
}

int pg_begin_snapshot(PGconn *c)
{
	return simple(c, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

int pg_commit(PGconn *c)
{
	int r = simple(c, "COMMIT");
	if (r)
		pg_rollback(c);
	return r;
}

void pg_rollback(PGconn *c)
{
	/* Outside a transaction (a failed BEGIN) it only warns. */
	PGresult *r = PQexec(c, "ROLLBACK");
	PQclear(r);
}

int pg_end(PGconn *c, int r)
{
	if (r) {
		pg_rollback(c);
		return r;
	}
	return pg_commit(c);
}

int pg_notify(PGconn *c, const char *channel, const char *payload)
{
	const char *p[] = { channel, payload };
	int r = pg_exec(c, "notify", "SELECT pg_notify($1, $2)", 2, p);
	return r < 0 ? r : 0;
}

/* ---- values ---- */

const char *pg_i64(char buf[24], int64_t v)
{
	snprintf(buf, 24, "%" PRId64, v);
	return buf;
}

int64_t pg_get_i64(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

char *pg_get_dup(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : strdup(PQgetvalue(r, row, col));
}

void pg_get_copy(const PGresult *r, int row, int col, char *out, size_t len)
{
	if (PQgetisnull(r, row, col) || str_copy(out, len, PQgetvalue(r, row, col)))
		out[0] = '\0';
}

int pg_get_bytea(const PGresult *r, int row, int col, void **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (PQgetisnull(r, row, col))
		return 0;
	size_t n = 0;
	unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), &n);
	if (!raw)
		return -ENOMEM;
	unsigned char *copy = malloc(n + 1);
	if (!copy) {
		PQfreemem(raw);
		return -ENOMEM;
	}
	memcpy(copy, raw, n);
	copy[n] = 0;
	PQfreemem(raw);
	*data = copy;
	*len = n;
	return 0;
}

/* ---- connections ---- */

static void quiet_notices(void *arg, const char *message)
{
	(void)arg, (void)message;      /* "relation already exists, skipping" and the like */
}

/* A new connection, set up: NULL with the reason in err. */
static PGconn *connect_one(const char *conninfo, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(conninfo);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		str_printf(err, errlen, "cannot connect to PostgreSQL: %s", c ? PQerrorMessage(c) : "out of memory");
		err[trimmed(err)] = '\0';
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet_notices, NULL);
	/* Times are the application's (unix ms in bigint columns); a
	 * statement never waits on a lock for ever. */
	PGresult *r = PQexec(c, "SET application_name = 'pairbox'; SET lock_timeout = '30s'");
	PQclear(r);
	return c;
}

PGconn *pg_get(struct pg_store *s)
{
	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (s->nidle) {
			PGconn *c = s->idle[--s->nidle];
			pthread_mutex_unlock(&s->lock);
			return c;
		}
		if (s->nopen < s->max)
			break;
		pthread_cond_wait(&s->freed, &s->lock);
	}
	s->nopen++;
	pthread_mutex_unlock(&s->lock);
	char err[512];
	PGconn *c = connect_one(s->conninfo, err, sizeof(err));
	if (!c) {
		log_msg("%s", err);
		pthread_mutex_lock(&s->lock);
		s->nopen--;
		pthread_cond_signal(&s->freed);
		pthread_mutex_unlock(&s->lock);
	}
	return c;
}

void pg_put(struct pg_store *s, PGconn *c)
{
	if (!c)
		return;
	/* A connection left in a transaction (a bug) or broken is closed:
	 * the next pg_get opens a fresh one. */
	bool keep = PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
	if (!keep)
		PQfinish(c);
	pthread_mutex_lock(&s->lock);
	if (keep)
		s->idle[s->nidle++] = c;
	else
		s->nopen--;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

/* ---- migrations ---- */

static int family_version(PGconn *c, const char *name, int64_t *v)
{
	const char *p[] = { name };
	int err;
	PGresult *r = pg_query(c, "schema version", "SELECT version FROM pairbox_schema WHERE family = $1", 1, p, &err);
	if (!r)
		return err;
	*v = PQntuples(r) ? pg_get_i64(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

static int migrate_family(PGconn *c, const struct pg_family *f, char *err, size_t errlen)
{
	int64_t v = 0;
	int r = family_version(c, f->name, &v);
	if (r) {
		str_printf(err, errlen, "cannot read the schema version of %s", f->name);
		return r;
	}
	if (v > (int64_t)f->nsteps) {
		str_printf(err, errlen, "the database's %s schema is version %" PRId64 ", newer than this pairbox's %zu: "
			   "run a newer pairbox", f->name, v, f->nsteps);
		return -EPROTO;
	}
	for (size_t i = (size_t)v; i < f->nsteps; i++) {
		char vb[24];
		const char *p[] = { f->name, pg_i64(vb, (int64_t)i + 1) };
		PGresult *res = PQexec(c, "BEGIN");
		PQclear(res);
		res = PQexec(c, f->steps[i]);
		bool ok = res && (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK);
		if (!ok)
			str_printf(err, errlen, "migration %s %zu failed: %s", f->name, i + 1,
				   res ? PQresultErrorMessage(res) : PQerrorMessage(c));
		PQclear(res);
		if (ok && pg_exec(c, "schema version",
				  "INSERT INTO pairbox_schema(family, version) VALUES ($1, $2) "
				  "ON CONFLICT (family) DO UPDATE SET version = EXCLUDED.version", 2, p) < 0) {
			str_printf(err, errlen, "cannot record migration %s %zu", f->name, i + 1);
			ok = false;
		}
		if (!ok || pg_commit(c)) {
			pg_rollback(c);
			if (ok)
				str_printf(err, errlen, "cannot commit migration %s %zu", f->name, i + 1);
			return -EIO;
		}
	}
	return 0;
}

/* Every family brought to its version, under the advisory lock: a second
 * node starting meanwhile waits for it, then finds nothing left to do. */
static int migrate(PGconn *c, char *err, size_t errlen)
{
	char lb[24];
	const char *p[] = { pg_i64(lb, PG_MIGRATE_LOCK) };
	if (pg_exec(c, "migration lock", "SELECT pg_advisory_lock($1)", 1, p) < 0) {
		str_printf(err, errlen, "cannot take the migration lock: %s", PQerrorMessage(c));
		return -EIO;
	}
	int r = pg_exec(c, "schema table",
			"CREATE TABLE IF NOT EXISTS pairbox_schema (family text PRIMARY KEY, version integer NOT NULL)",
			0, NULL);
	if (r < 0)
		str_printf(err, errlen, "cannot create pairbox_schema: %s", PQerrorMessage(c));
	else
		r = 0;
	for (size_t i = 0; !r && i < NFAMILIES; i++)
		r = migrate_family(c, families[i], err, errlen);
	pg_exec(c, "migration unlock", "SELECT pg_advisory_unlock($1)", 1, p);
	return r;
}

/* ---- the listener ---- */

static int listen_all(struct pg_store *s, PGconn *c)
{
	pthread_mutex_lock(&s->lock);
	size_t n = s->nlisteners;
	char channels[PG_LISTEN_MAX][64];
	for (size_t i = 0; i < n; i++)
		memcpy(channels[i], s->listeners[i].channel, sizeof(channels[i]));
	pthread_mutex_unlock(&s->lock);
	for (size_t i = 0; i < n; i++) {
		char sql[96];
		/* Channels are checked [a-z0-9_] by store.c: no quoting needed. */
		snprintf(sql, sizeof(sql), "LISTEN %s", channels[i]);
		if (simple(c, sql))
			return -EIO;
	}
	return (int)n;
}

static void deliver(struct pg_store *s, const char *channel, const char *payload)
{
	struct pg_listener copy[PG_LISTEN_MAX];
	size_t n = 0;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->nlisteners; i++)
		if (!channel || !strcmp(s->listeners[i].channel, channel))
			copy[n++] = s->listeners[i];
	if (payload)
		s->notes_heard += n;
	pthread_mutex_unlock(&s->lock);
	for (size_t i = 0; i < n; i++)
		copy[i].fn(copy[i].ctx, copy[i].channel, payload);
}

static void *listen_main(void *arg)
{
	struct pg_store *s = arg;
	PGconn *c = NULL;
	size_t listened = 0;
	unsigned backoff_ms = 100;
	bool lost = false;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		bool stop = s->stopping;
		size_t want = s->nlisteners;
		pthread_mutex_unlock(&s->lock);
		if (stop)
			break;
		if (!c) {
			char err[512];
			c = connect_one(s->conninfo, err, sizeof(err));
			if (!c) {
				if (!lost)
					log_msg("the listener lost PostgreSQL: %s", err);
				lost = true;
				struct pollfd pw = { .fd = s->wake[0], .events = POLLIN };
				poll(&pw, 1, (int)backoff_ms);
				backoff_ms = backoff_ms < 5000 ? backoff_ms * 2 : 5000;
				continue;
			}
			listened = 0;
		}
		if (listened != want) {
			int n = listen_all(s, c);
			if (n < 0) {
				PQfinish(c);
				c = NULL;
				continue;
			}
			listened = (size_t)n;
			if (lost) {
				/* Back: whatever was sent meanwhile is gone. */
				log_msg("the listener is back");
				pthread_mutex_lock(&s->lock);
				s->reconnects++;
				pthread_mutex_unlock(&s->lock);
				deliver(s, NULL, NULL);
				lost = false;
				backoff_ms = 100;
			}
		}
		struct pollfd pf[2] = { { .fd = PQsocket(c), .events = POLLIN }, { .fd = s->wake[0], .events = POLLIN } };
		int pr = poll(pf, 2, 1000);
		if (pr > 0 && (pf[1].revents & POLLIN)) {
			char buf[64];
			while (read(s->wake[0], buf, sizeof(buf)) > 0) {
			}
		}
		if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK) {
			PQfinish(c);
			c = NULL;
			lost = true;
			log_msg("the listener's connection broke; reconnecting");
			continue;
		}
		PGnotify *note;
		while ((note = PQnotifies(c))) {
			deliver(s, note->relname, note->extra ? note->extra : "");
			PQfreemem(note);
		}
	}
	PQfinish(c);
	return NULL;
}

static void wake_listener(struct pg_store *s)
{
	char b = 1;
	if (write(s->wake[1], &b, 1) < 0) {
		/* The pipe is full: the listener is awake already. */
	}
}

static int pg_listen(struct store *base, const char *channel, store_note_fn *fn, void *ctx)
{
	struct pg_store *s = pg_of(base);
	int r = 0;
	pthread_mutex_lock(&s->lock);
	if (s->nlisteners == PG_LISTEN_MAX) {
		r = -ENOSPC;
	} else {
		struct pg_listener *l = &s->listeners[s->nlisteners++];
		str_copy(l->channel, sizeof(l->channel), channel);
		l->fn = fn;
		l->ctx = ctx;
		if (!s->listening) {
			if (pthread_create(&s->listen_thread, NULL, listen_main, s)) {
				s->nlisteners--;
				r = -EAGAIN;
			} else {
				s->listening = true;
			}
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (!r)
		wake_listener(s);
	return r;
}

static int pg_notify_now(struct store *base, const char *channel, const char *payload)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_notify(c, channel, payload);
	pg_put(s, c);
	return r;
}

static int pg_size(struct store *base, uint64_t *bytes)
{
	int err;
	PGresult *r =
		pg_query_once(pg_of(base), "database size", "SELECT pg_database_size(current_database())", 0, NULL, &err);
	if (!r)
		return err;
	*bytes = (uint64_t)pg_get_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

static void pg_bus_stats(struct store *base, struct store_bus_stats *out)
{
	struct pg_store *s = pg_of(base);
	pthread_mutex_lock(&s->lock);
	out->heard = s->notes_heard;
	out->reconnects = s->reconnects;
	out->pool_open = s->nopen;
	out->pool_idle = s->nidle;
	out->pool_max = s->max;
	pthread_mutex_unlock(&s->lock);
}

/* ---- open, close ---- */

static void pg_close(struct store *base);

static int pg_open(const char *where, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	struct pg_store *s = calloc(1, sizeof(*s));
	if (!s || !(s->conninfo = strdup(where))) {
		free(s);
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	s->base.ops = &store_pg_ops;
	s->wake[0] = s->wake[1] = -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->freed, NULL);
	s->max = PG_POOL_MAX;
	const char *env = getenv("PAIRBOX_PG_POOL");
	char *end = NULL;
	long pool = env ? strtol(env, &end, 10) : 0;
	if (env && *env && !*end && pool >= 1 && pool <= 64)
		s->max = (size_t)pool;
	else if (env)
		log_msg("PAIRBOX_PG_POOL=%s is not 1..64: %zu connections", env, s->max);
	int r = 0;
	if (pipe2(s->wake, O_CLOEXEC | O_NONBLOCK)) {
		r = -errno;
		str_printf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	PGconn *c = connect_one(where, err, errlen);
	if (!c) {
		r = -EIO;
		goto fail;
	}
	s->nopen = 1;
	r = migrate(c, err, errlen);
	pg_put(s, c);
	if (r)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	pg_close(&s->base);
	return r;
}

static void pg_close(struct store *base)
{
	struct pg_store *s = pg_of(base);
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	bool joined = s->listening;
	pthread_mutex_unlock(&s->lock);
	if (joined) {
		wake_listener(s);
		pthread_join(s->listen_thread, NULL);
	}
	for (size_t i = 0; i < s->nidle; i++)
		PQfinish(s->idle[i]);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	pthread_cond_destroy(&s->freed);
	pthread_mutex_destroy(&s->lock);
	free(s->conninfo);
	free(s);
}

const struct store_ops store_pg_ops = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.insert = pg_subm_insert,
	.get = pg_subm_get,
	.set_processing = pg_subm_set_processing,
	.finish = pg_subm_finish,
	.remove = pg_subm_remove,
	.list = pg_subm_list,
	.pending = pg_subm_pending,
	.counts = pg_subm_counts,
	.size = pg_size,
	.problems_replace = pg_problems_replace,
	.problem_add = pg_problem_add,
	.problem_search = pg_problem_search,
	.package_put = pg_package_put,
	.package_get = pg_package_get,
	.package_slugs = pg_package_slugs,
	.package_delete = pg_package_delete,
	.user_create = pg_user_create,
	.user_by_name = pg_user_by_name,
	.user_get = pg_user_get,
	.user_update = pg_user_update,
	.user_delete = pg_user_delete,
	.session_create = pg_session_create,
	.session_user = pg_session_user,
	.session_delete = pg_session_delete,
	.avatar_put = pg_avatar_put,
	.avatar_get = pg_avatar_get,
	.rooms = &pg_room_ops,
	.dash_rooms = pg_dash_rooms,
	.invites = &pg_invite_ops,
	.ratings = &pg_rating_ops,
	.queue = &pg_queue_ops,
	.shared = true,
	.listen = pg_listen,
	.notify = pg_notify_now,
	.bus_stats = pg_bus_stats,
};
