/* test_store_pg.c - the PostgreSQL driver's core (api/store/pg.c), on the
 * tests' server only (ctest's pg.test_store_pg): two stores opening a
 * fresh database at once both succeed and migrate it once (the advisory
 * lock); notes between two stores arrive with their payload, and one sent
 * in a transaction that rolled back is never heard; the listener survives
 * its connection being killed (its listeners hear NULL once it is back,
 * then notes again); the pool serves 24 threads, with 16 connections and
 * with 4. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "store_fixture.h"
#include "util.h"

#define WAIT_S 30                  /* for a note: generous, never a timing assert */
#define POOL_THREADS 24
#define POOL_OPS 40

static void sub_dir(char *dir, size_t len, const char *base, const char *name)
{
	snprintf(dir, len, "%s/%s_%s", base, name, base + strlen(base) - 6);
}

/* Run sql on dir's database with a connection of our own: the first
 * value of its first row ("" when none), or "ERROR". */
static void sql_on(const char *dir, const char *sql, char *out, size_t len)
{
	char url[1200];
	PGconn *c = PQconnectdb(store_fixture_where(dir, url, sizeof(url)));
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
		snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
	else
		snprintf(out, len, "%s", st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK ? "" : "ERROR");
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
}

/* ---- two stores opening one fresh database at once ---- */

struct opener {
	const char *where;
	struct store *s;
	int r;
	char err[512];
};

static void *open_one(void *arg)
{
	struct opener *o = arg;
	o->r = store_open(o->where, &o->s, o->err, sizeof(o->err));
	return NULL;
}

static void test_open_together(const char *base)
{
	char dir[512], url[1200], v[512];
	sub_dir(dir, sizeof(dir), base, "together");
	store_fixture_where(dir, url, sizeof(url));     /* the empty database */
	struct opener o[2] = { { .where = url }, { .where = url } };
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		CHECK_EQ_INT(pthread_create(&th[i], NULL, open_one, &o[i]), 0);
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		if (o[i].r)
			fprintf(stderr, "store_open: %s\n", o[i].err);
		/* A migration run twice would fail on its CREATE TABLE. */
		CHECK_EQ_INT(o[i].r, 0);
	}
	/* Every family at a version, and the lock given back. */
	sql_on(dir, "SELECT min(version) > 0 FROM pairbox_schema", v, sizeof(v));
	CHECK_EQ_STR(v, "t");
	sql_on(dir,
	       "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
	       " WHERE l.locktype = 'advisory' AND d.datname = current_database()",
	       v, sizeof(v));
	CHECK_EQ_STR(v, "0");
	/* Each store works, and sees the other's rows. */
	struct store_row row = { .status_id = 1, .request = "{}", .created_at_ms = 1 };
	str_copy(row.token, sizeof(row.token), "55555555-0000-4000-8000-000000000001");
	const struct store_row *rows[] = { &row };
	if (o[0].s && o[1].s) {
		CHECK_EQ_INT(store_insert(o[0].s, rows, 1), 0);
		CHECK_EQ_INT(store_insert(o[1].s, rows, 1), -EEXIST);
	}
	store_close(o[0].s);
	store_close(o[1].s);
	store_fixture_remove(dir);
}

/* ---- notes ---- */

struct heard {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *notes[64];           /* payloads in order; NULL ones counted apart */
	size_t n, lost;
};

static void on_note(void *ctx, const char *channel, const char *payload)
{
	struct heard *h = ctx;
	pthread_mutex_lock(&h->lock);
	if (!payload)
		h->lost++;
	else if (h->n < 64 && !strcmp(channel, "t_notes"))
		h->notes[h->n++] = strdup(payload);
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

/* Wait until h has heard n notes (or lost >= lost): whether it has. */
static bool wait_for(struct heard *h, size_t n, size_t lost)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_S;
	pthread_mutex_lock(&h->lock);
	while ((h->n < n || h->lost < lost) && pthread_cond_timedwait(&h->cond, &h->lock, &until) == 0) {
	}
	bool ok = h->n >= n && h->lost >= lost;
	pthread_mutex_unlock(&h->lock);
	return ok;
}

static void test_notes(const char *base)
{
	char dir[512], v[512];
	sub_dir(dir, sizeof(dir), base, "notes");
	struct store *a = store_fixture_open(dir), *b = store_fixture_open(dir);
	if (!a || !b) {
		store_close(a);
		store_close(b);
		return;
	}
	struct heard h = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };
	CHECK_EQ_INT(store_listen(a, "t_notes", on_note, &h), 0);
	CHECK_EQ_INT(store_listen(a, "Bad-Channel", on_note, &h), -EINVAL);
	/* The listener subscribes on its own thread: a first note sent until
	 * one is heard, so the test does not guess when that happened. */
	for (int i = 0; i < 200 && !h.n; i++) {
		CHECK_EQ_INT(store_notify(b, "t_notes", "ready"), 0);
		usleep(50 * 1000);
		pthread_mutex_lock(&h.lock);
		size_t got = h.n;
		pthread_mutex_unlock(&h.lock);
		if (got)
			break;
	}
	CHECK(wait_for(&h, 1, 0));
	pthread_mutex_lock(&h.lock);
	size_t ready = h.n;
	pthread_mutex_unlock(&h.lock);

	/* Sent inside a transaction that rolls back: never heard. Then one
	 * committed after it, the longest a payload may be. */
	sql_on(dir, "BEGIN; SELECT pg_notify('t_notes', 'rolled back'); ROLLBACK", v, sizeof(v));
	char *big = malloc(STORE_NOTE_MAX + 2);
	CHECK(big != NULL);
	if (!big)
		return;
	for (size_t i = 0; i < STORE_NOTE_MAX; i++)
		big[i] = (char)('a' + i % 26);
	big[STORE_NOTE_MAX] = '\0';
	CHECK_EQ_INT(store_notify(b, "t_notes", "hello, a"), 0);
	CHECK_EQ_INT(store_notify(b, "t_notes", big), 0);
	big[STORE_NOTE_MAX] = 'x';
	big[STORE_NOTE_MAX + 1] = '\0';
	CHECK_EQ_INT(store_notify(b, "t_notes", big), -EINVAL);
	big[STORE_NOTE_MAX] = '\0';
	CHECK(wait_for(&h, ready + 2, 0));
	pthread_mutex_lock(&h.lock);
	for (size_t i = 0; i < h.n; i++)
		CHECK(strcmp(h.notes[i], "rolled back") != 0);
	CHECK(h.n >= ready + 2 && !strcmp(h.notes[ready], "hello, a") && !strcmp(h.notes[ready + 1], big));
	size_t before = h.n;
	pthread_mutex_unlock(&h.lock);

	/* The listener's connection killed: it comes back, says so with a
	 * NULL payload, and hears notes again. */
	sql_on(dir,
	       "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
	       " WHERE datname = current_database() AND query LIKE 'LISTEN%'",
	       v, sizeof(v));
	CHECK_EQ_STR(v, "1");
	CHECK(wait_for(&h, before, 1));
	CHECK_EQ_INT(store_notify(b, "t_notes", "after the kill"), 0);
	CHECK(wait_for(&h, before + 1, 1));
	pthread_mutex_lock(&h.lock);
	CHECK(h.n == before + 1 && !strcmp(h.notes[before], "after the kill"));
	CHECK_EQ_INT(h.lost, 1);
	pthread_mutex_unlock(&h.lock);
	struct store_bus_stats st;
	store_bus_stats(a, &st);
	CHECK_EQ_INT(st.reconnects, 1);
	CHECK(st.heard >= before + 1);

	store_close(a);
	store_close(b);
	free(big);
	for (size_t i = 0; i < h.n; i++)
		free(h.notes[i]);
	store_fixture_remove(dir);
}

/* ---- the pool ---- */

struct worker {
	struct store *s;
	unsigned index;
	int failures;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	for (unsigned i = 0; i < POOL_OPS; i++) {
		struct store_row row = { .status_id = 1, .request = "{}", .created_at_ms = i };
		snprintf(row.token, sizeof(row.token), "%08x-0000-4000-8000-%012x", 0x66660000 + w->index, i);
		const struct store_row *rows[] = { &row };
		struct store_row got;
		if (store_insert(w->s, rows, 1) || store_get(w->s, row.token, &got))
			w->failures++;
		store_row_release(&got);
		if (store_finish(w->s, row.token, 3, "{}", 1))
			w->failures++;
	}
	return NULL;
}

static void pool_round(const char *base, const char *name, const char *pool)
{
	char dir[512];
	sub_dir(dir, sizeof(dir), base, name);
	if (pool)
		setenv("PAIRBOX_PG_POOL", pool, 1);
	struct store *s = store_fixture_open(dir);
	unsetenv("PAIRBOX_PG_POOL");
	if (!s)
		return;
	pthread_t th[POOL_THREADS];
	struct worker w[POOL_THREADS];
	for (unsigned i = 0; i < POOL_THREADS; i++) {
		w[i] = (struct worker){ s, i, 0 };
		CHECK_EQ_INT(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	int failures = 0;
	for (unsigned i = 0; i < POOL_THREADS; i++) {
		pthread_join(th[i], NULL);
		failures += w[i].failures;
	}
	CHECK_EQ_INT(failures, 0);
	uint64_t by[16], all = 0;
	CHECK_EQ_INT(store_counts(s, by, &all), 0);
	CHECK_EQ_INT(all, POOL_THREADS * POOL_OPS);
	CHECK_EQ_INT(by[3], POOL_THREADS * POOL_OPS);
	struct store_bus_stats st;
	store_bus_stats(s, &st);
	CHECK_EQ_INT(st.pool_max, pool ? (size_t)atoi(pool) : 16);
	CHECK(st.pool_open <= st.pool_max && st.pool_open >= 1);
	CHECK_EQ_INT(st.pool_idle, st.pool_open);       /* every connection given back */
	store_close(s);
	store_fixture_remove(dir);
}

int main(void)
{
	if (!store_fixture_pg()) {
		fprintf(stderr, "test_store_pg: needs PAIRBOX_TEST_PG (ctest -R pg.test_store_pg)\n");
		return 1;
	}
	char base[] = "/tmp/pairbox-store-pg-XXXXXX";
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	test_open_together(base);
	test_notes(base);
	pool_round(base, "pool16", NULL);
	pool_round(base, "pool4", "4");
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		remove_tree(dfd, base + strlen("/tmp/"));
		close(dfd);
	}
	return check_done();
}
