/* test_queue_store.c - the job queue in the store (store_queue.h), the
 * same code on both drivers (pg.test_queue_store runs it on PostgreSQL):
 * claims oldest first and never twice under a live lease, a lease that
 * passed is claimed again and its first holder cannot renew it, a result
 * is stored once whoever finishes first (and eight threads finishing
 * every job at once store one each), the outbox row goes with the result
 * only, its claims and leases, a release, the nodes' registry, the
 * figures, and the "done" note with its payload on PostgreSQL (none on
 * SQLite). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "store_fixture.h"
#include "util.h"

#define NJOBS 200
#define NTHREADS 8
#define T0 1700000000000LL          /* a fixed "now": leases are tested with the clock passed in */

static void token_of(char token[STORE_TOKEN_LEN + 1], unsigned a)
{
	snprintf(token, STORE_TOKEN_LEN + 1, "%08x-0000-4000-8000-000000000000", a);
}

static int insert_job(struct store *s, unsigned a, int64_t created)
{
	struct store_row row = { .status_id = 1, .created_at_ms = created };
	char request[64];
	token_of(row.token, a);
	snprintf(request, sizeof(request), "{\"n\":%u}", a);
	row.request = request;
	const struct store_row *rows[] = { &row };
	return store_insert(s, rows, 1);
}

/* worker's claim at now_ms (a lease of 1000 ms) gets token's row. */
static void claim_is(struct store *s, const char *worker, int64_t now_ms, const char *token)
{
	struct store_job j;
	CHECK_EQ_INT(store_queue_claim(s, worker, now_ms, 1000, &j), 0);
	CHECK_EQ_STR(j.token, token);
	store_job_release(&j);
}

static void status_is(struct store *s, const char *token, int status_id)
{
	struct store_row row;
	CHECK_EQ_INT(store_get(s, token, &row), 0);
	CHECK_EQ_INT(row.status_id, status_id);
	store_row_release(&row);
}

static void test_claims(struct store *s)
{
	struct store_job j;
	CHECK_EQ_INT(store_queue_claim(s, "w1", T0, 1000, &j), -ENOENT);
	CHECK_EQ_INT(store_queue_claim(s, "bad id", T0, 1000, &j), -EINVAL);
	CHECK_EQ_INT(store_queue_claim(s, "w1", T0, 0, &j), -EINVAL);
	for (unsigned i = 3; i >= 1; i--)          /* the oldest is 1, inserted last */
		CHECK_EQ_INT(insert_job(s, i, T0 - 1000 + i), 0);
	char t1[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1], t3[STORE_TOKEN_LEN + 1];
	token_of(t1, 1), token_of(t2, 2), token_of(t3, 3);

	CHECK_EQ_INT(store_queue_claim(s, "w1", T0, 1000, &j), 0);
	CHECK_EQ_STR(j.token, t1);
	CHECK(j.request && !strcmp(j.request, "{\"n\":1}"));
	CHECK_EQ_INT((int)j.attempts, 1);
	CHECK(j.lease_until_ms == T0 + 1000);
	store_job_release(&j);
	status_is(s, t1, 2);

	/* Held: the next claimers get the next rows, then nothing. */
	claim_is(s, "w2", T0 + 500, t2);
	claim_is(s, "w2", T0 + 500, t3);
	CHECK_EQ_INT(store_queue_claim(s, "w3", T0 + 900, 1000, &j), -ENOENT);

	/* Renewed by its holder only. */
	CHECK_EQ_INT(store_queue_renew(s, t1, "w1", T0 + 900, 5000), 0);     /* t1 until T0 + 5900 */
	CHECK_EQ_INT(store_queue_renew(s, t1, "w2", T0 + 900, 5000), -ESTALE);
	/* w2 died: its leases (until T0 + 1500) pass, w3 takes them over. */
	CHECK_EQ_INT(store_queue_claim(s, "w3", T0 + 2000, 1000, &j), 0);
	CHECK_EQ_STR(j.token, t2);
	CHECK_EQ_INT((int)j.attempts, 2);
	store_job_release(&j);
	CHECK_EQ_INT(store_queue_renew(s, t2, "w2", T0 + 2000, 1000), -ESTALE);
	CHECK_EQ_INT(store_queue_renew(s, t2, "w3", T0 + 2000, 1000), 0);

	/* Released: In Queue again at once, and not by someone else. */
	CHECK_EQ_INT(store_queue_release(s, t3, "w1"), -ESTALE);
	CHECK_EQ_INT(store_queue_release(s, t3, "w2"), 0);
	status_is(s, t3, 1);
	claim_is(s, "w3", T0 + 2000, t3);

	/* The stale holder of t2 (w2) finishes first: its result stands; w3's
	 * is refused and changes nothing, nor adds a callback. */
	CHECK_EQ_INT(store_queue_finish(s, t2, 3, "{\"by\":\"w2\"}", T0 + 2500, "http://example.org/cb"), 0);
	CHECK_EQ_INT(store_queue_finish(s, t2, 4, "{\"by\":\"w3\"}", T0 + 2600, "http://example.org/other"),
		     -EALREADY);
	struct store_row row;
	CHECK_EQ_INT(store_get(s, t2, &row), 0);
	CHECK_EQ_INT(row.status_id, 3);
	CHECK(row.result && !strcmp(row.result, "{\"by\":\"w2\"}"));
	CHECK(row.finished_at_ms == T0 + 2500);
	store_row_release(&row);
	CHECK_EQ_INT(store_queue_renew(s, t2, "w3", T0 + 2600, 1000), -ESTALE);  /* final: the lease is gone */
	CHECK_EQ_INT(store_queue_finish(s, "no-such-token", 3, "{}", T0, NULL), -ENOENT);
	CHECK_EQ_INT(store_queue_finish(s, t1, 1, "{}", T0, NULL), -EINVAL);       /* not a final status */
	CHECK_EQ_INT(store_queue_finish(s, t1, 3, "{}", T0 + 2700, ""), 0);        /* "": no callback */
	CHECK_EQ_INT(store_queue_finish(s, t3, 6, "{}", T0 + 2800, "http://example.org/3"), 0);

	/* Nothing left to claim, even much later: final rows are never. */
	CHECK_EQ_INT(store_queue_claim(s, "w4", T0 + 100000, 1000, &j), -ENOENT);

	struct store_queue_stats q;
	CHECK_EQ_INT(store_queue_stats(s, T0 + 3000, &q), 0);
	CHECK(q.queued == 0 && q.leased == 0 && q.expired == 0 && q.outbox == 2);
}

static void test_outbox(struct store *s)
{
	char tok[STORE_TOKEN_LEN + 1], t2[STORE_TOKEN_LEN + 1], t3[STORE_TOKEN_LEN + 1];
	char *url = NULL;
	token_of(t2, 2), token_of(t3, 3);
	/* Oldest first: t2's (finished at T0 + 2500). */
	CHECK_EQ_INT(store_outbox_claim(s, "n1", T0 + 3000, 1000, tok, &url), 0);
	CHECK_EQ_STR(tok, t2);
	CHECK(url && !strcmp(url, "http://example.org/cb"));
	free(url);
	CHECK_EQ_INT(store_outbox_claim(s, "n2", T0 + 3000, 1000, tok, &url), 0);
	CHECK_EQ_STR(tok, t3);
	free(url);
	CHECK_EQ_INT(store_outbox_claim(s, "n2", T0 + 3500, 1000, tok, &url), -ENOENT);
	CHECK(url == NULL && tok[0] == '\0');
	/* n1 sent its; n2 stops without sending: t3 is free at once. */
	CHECK_EQ_INT(store_outbox_done(s, t2), 0);
	CHECK_EQ_INT(store_outbox_done(s, t2), -ENOENT);
	CHECK_EQ_INT(store_outbox_release(s, t3, "n1"), -ENOENT);
	CHECK_EQ_INT(store_outbox_release(s, t3, "n2"), 0);
	CHECK_EQ_INT(store_outbox_claim(s, "n1", T0 + 3500, 1000, tok, &url), 0);
	CHECK_EQ_STR(tok, t3);
	free(url);
	/* n1 dies mid-send: once its lease passes, n2 sends it again. */
	CHECK_EQ_INT(store_outbox_claim(s, "n2", T0 + 4000, 1000, tok, &url), -ENOENT);
	CHECK_EQ_INT(store_outbox_claim(s, "n2", T0 + 4600, 1000, tok, &url), 0);
	CHECK_EQ_STR(tok, t3);
	free(url);
	CHECK_EQ_INT(store_outbox_done(s, t3), 0);
	struct store_queue_stats q;
	CHECK_EQ_INT(store_queue_stats(s, T0 + 5000, &q), 0);
	CHECK(q.outbox == 0);
}

static void test_nodes(struct store *s)
{
	struct store_node a = { .id = "api-1", .host = "h1", .kind = "serve", .pid = 10, .started_ms = T0, .seen_ms = T0 };
	struct store_node w = { .id = "worker-1", .host = "h2", .kind = "worker", .pid = 20, .started_ms = T0,
				.seen_ms = T0 + 10, .threads = 4, .running = 2, .judged = 7 };
	CHECK_EQ_INT(store_node_beat(s, &a), 0);
	CHECK_EQ_INT(store_node_beat(s, &w), 0);
	struct store_node bad = w;
	str_copy(bad.kind, sizeof(bad.kind), "boss");
	CHECK_EQ_INT(store_node_beat(s, &bad), -EINVAL);
	w.seen_ms = T0 + 20, w.judged = 9, w.running = 1;
	CHECK_EQ_INT(store_node_beat(s, &w), 0);
	struct store_node *v = NULL;
	size_t n = 0;
	CHECK_EQ_INT(store_node_list(s, &v, &n), 0);
	CHECK_EQ_INT((int)n, 2);
	if (n == 2) {
		CHECK_EQ_STR(v[0].id, "worker-1");    /* the most recently seen first */
		CHECK_EQ_STR(v[0].host, "h2");
		CHECK_EQ_STR(v[0].kind, "worker");
		CHECK(v[0].pid == 20 && v[0].threads == 4 && v[0].running == 1 && v[0].judged == 9 && !v[0].stopped);
		CHECK(v[0].started_ms == T0 && v[0].seen_ms == T0 + 20);
		CHECK_EQ_STR(v[1].id, "api-1");
	}
	free(v);
	CHECK_EQ_INT(store_node_stop(s, "worker-1", T0 + 30), 0);
	CHECK_EQ_INT(store_node_stop(s, "nobody", T0 + 30), -ENOENT);
	CHECK_EQ_INT(store_node_prune(s, T0 + 5), 0);      /* api-1, last seen at T0, goes */
	CHECK_EQ_INT(store_node_list(s, &v, &n), 0);
	CHECK(n == 1 && v && v[0].stopped && v[0].running == 0 && !strcmp(v[0].id, "worker-1"));
	free(v);
}

/* ---- eight claimers and finishers at once ---- */

static struct store *shared;
static atomic_int claimed[NJOBS + 1], stored[NJOBS + 1];

static void *claimer(void *arg)
{
	char worker[16];
	snprintf(worker, sizeof(worker), "t%ld", (long)(intptr_t)arg);
	for (;;) {
		struct store_job j;
		int r = store_queue_claim(shared, worker, T0, 60000, &j);
		if (r) {
			CHECK_EQ_INT(r, -ENOENT);
			break;
		}
		unsigned a = (unsigned)strtoul(j.token, NULL, 16);
		if (a >= 1000 && a <= 1000 + NJOBS)
			atomic_fetch_add(&claimed[a - 1000], 1);
		store_job_release(&j);
	}
	return NULL;
}

/* Every thread finishes every job (as workers would after leases passed
 * under each of them): one result per job. */
static void *finisher(void *arg)
{
	long t = (long)(intptr_t)arg;
	for (unsigned i = 0; i < NJOBS; i++) {
		unsigned a = 1000 + (i + (unsigned)t * 25) % NJOBS;
		char token[STORE_TOKEN_LEN + 1], result[32];
		token_of(token, a);
		snprintf(result, sizeof(result), "{\"t\":%ld}", t);
		int r = store_queue_finish(shared, token, 3, result, T0 + t, "http://example.org/x");
		if (r == 0)
			atomic_fetch_add(&stored[a - 1000], 1);
		else
			CHECK_EQ_INT(r, -EALREADY);
	}
	return NULL;
}

static void run_threads(void *(*fn)(void *))
{
	pthread_t th[NTHREADS];
	for (long t = 0; t < NTHREADS; t++)
		CHECK_EQ_INT(pthread_create(&th[t], NULL, fn, (void *)(intptr_t)t), 0);
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
}

static void test_threads(struct store *s)
{
	shared = s;
	for (unsigned i = 0; i < NJOBS; i++)
		CHECK_EQ_INT(insert_job(s, 1000 + i, T0 + 10000 + i), 0);
	run_threads(claimer);
	int once = 0;
	for (unsigned i = 0; i < NJOBS; i++)
		once += atomic_load(&claimed[i]) == 1;
	CHECK_EQ_INT(once, NJOBS);
	run_threads(finisher);
	once = 0;
	for (unsigned i = 0; i < NJOBS; i++)
		once += atomic_load(&stored[i]) == 1;
	CHECK_EQ_INT(once, NJOBS);
	struct store_queue_stats q;
	CHECK_EQ_INT(store_queue_stats(s, T0, &q), 0);
	CHECK(q.queued == 0 && q.leased == 0 && q.outbox == NJOBS);
}

/* ---- the "done" note (PostgreSQL only: SQLite never sends one) ---- */

static struct {
	pthread_mutex_t lock;
	char payload[128];
	int heard;
} note = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void on_done(void *ctx, const char *channel, const char *payload)
{
	(void)ctx;
	if (!payload || strcmp(channel, STORE_CHANNEL_DONE))
		return;
	pthread_mutex_lock(&note.lock);
	str_copy(note.payload, sizeof(note.payload), payload);
	note.heard++;
	pthread_mutex_unlock(&note.lock);
}

static void test_note(struct store *s)
{
	CHECK_EQ_INT(store_listen(s, STORE_CHANNEL_DONE, on_done, NULL), 0);
	usleep(300 * 1000);                        /* the listener's LISTEN is on its own thread */
	CHECK_EQ_INT(insert_job(s, 5000, T0), 0);
	char token[STORE_TOKEN_LEN + 1], want[128];
	token_of(token, 5000);
	CHECK_EQ_INT(store_queue_finish(s, token, 3, "{}", T0 + 42, NULL), 0);
	CHECK_EQ_INT(store_queue_finish(s, token, 3, "{}", T0 + 43, NULL), -EALREADY);
	snprintf(want, sizeof(want), "%s %lld 3", token, T0 + 42);
	int heard = 0;
	for (int i = 0; i < (store_shared(s) ? 200 : 3) && !heard; i++) {  /* up to 20 s: a loaded machine */
		usleep(100 * 1000);
		pthread_mutex_lock(&note.lock);
		heard = note.heard;
		pthread_mutex_unlock(&note.lock);
	}
	if (store_shared(s)) {
		usleep(300 * 1000);                /* a second note (none is due) would show now */
		CHECK_EQ_INT(note.heard, 1);
		CHECK_EQ_STR(note.payload, want);
	} else {
		CHECK_EQ_INT(heard, 0);
	}
}

int main(void)
{
	char dir[] = "/tmp/pairbox-queue-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct store *s = store_fixture_open(dir);
	if (s) {
		test_claims(s);
		test_outbox(s);
		test_nodes(s);
		test_threads(s);
		test_note(s);
		store_close(s);
	}
	/* A second open finds the schema in place (a migration safe to run
	 * again on SQLite is tested by test_dashboard_store). */
	s = store_fixture_open(dir);
	struct store_queue_stats q;
	CHECK(s && store_queue_stats(s, T0, &q) == 0 && q.outbox == NJOBS);
	store_close(s);
	store_fixture_remove(dir);
	return check_done();
}
