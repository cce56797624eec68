/* test_dispatch.c - what api/dispatch.c promises, with the real workers
 * and store but a fake judge (dispatch_new_judged_by: no boxes): every
 * accepted submission is judged once and its result stored once, also
 * with four threads accepting while a restart's pending rows are fed in
 * through a small queue; rows a crash left In Queue or Processing are
 * judged again, final rows never; a row that cannot be loaded ends as an
 * internal error without a judge; a stop leaves queued rows In Queue and
 * the next start judges them once.
 *
 * "Stored once" is seen at the store itself: the test's store is a second
 * driver (store_driver.h) that passes every op to the SQLite one and
 * counts finish() calls per token, so a second attempt (even a refused
 * one) shows. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "dispatch.h"
#include "lang.h"
#include "store_driver.h"
#include "subm.h"
#include "util.h"

#define MAX_IDS 1000
#define THREADS 4
#define PER_THREAD 40
#define PENDING 40            /* left by a "crash": 30 In Queue, 10 Processing */
#define FINAL 3
#define WAIT_MS 60000

static struct app app;
static int lang_id;
static atomic_int judged[MAX_IDS];      /* judge calls per submission id */

/* ---- the counting store: every op to SQLite, finish() counted ---- */

struct finish_count {
	char token[STORE_TOKEN_LEN + 1];
	int calls;
};

static struct {
	struct store base;
	struct store *inner;
	pthread_mutex_t lock;
	struct finish_count v[MAX_IDS];
	size_t n;
} counting;

static struct store *in(struct store *s)
{
	(void)s;
	return counting.inner;
}

static int c_open(const char *where, struct store **out, char *err, size_t errlen)
{
	return -ENOTSUP;               /* made by hand below */
}

static void c_close(struct store *s)
{
	store_close(in(s));
}

static int c_insert(struct store *s, const struct store_row *const *rows, size_t n)
{
	return store_insert(in(s), rows, n);
}

static int c_get(struct store *s, const char *token, struct store_row *out)
{
	return store_get(in(s), token, out);
}

static int c_set_processing(struct store *s, const char *token)
{
	return store_set_processing(in(s), token);
}

static int finish_calls(const char *token)
{
	int calls = 0;
	pthread_mutex_lock(&counting.lock);
	for (size_t i = 0; i < counting.n; i++)
		if (!strcmp(counting.v[i].token, token))
			calls = counting.v[i].calls;
	pthread_mutex_unlock(&counting.lock);
	return calls;
}

static int c_finish(struct store *s, const char *token, int status_id, const char *result, int64_t at)
{
	pthread_mutex_lock(&counting.lock);
	size_t i = 0;
	while (i < counting.n && strcmp(counting.v[i].token, token))
		i++;
	if (i == counting.n && counting.n < MAX_IDS)
		str_copy(counting.v[counting.n++].token, STORE_TOKEN_LEN + 1, token);
	if (i < counting.n)
		counting.v[i].calls++;
	pthread_mutex_unlock(&counting.lock);
	return store_finish(in(s), token, status_id, result, at);
}

static int c_remove(struct store *s, const char *token)
{
	return store_delete(in(s), token);
}

static int c_list(struct store *s, size_t offset, size_t limit, struct store_row **rows, size_t *n, size_t *total)
{
	return -ENOTSUP;               /* dispatch never lists */
}

static int c_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n)
{
	return store_pending(in(s), tokens, n);
}

static int c_counts(struct store *s, uint64_t by_status[16], uint64_t *total)
{
	return store_counts(in(s), by_status, total);
}

static int c_problems_replace(struct store *s, const struct store_problem *v, size_t n)
{
	return store_problems_replace(in(s), v, n);
}

static int c_problem_add(struct store *s, const struct store_problem *p)
{
	return store_problem_add(in(s), p);
}

static int c_problem_search(struct store *s, const struct store_problem_query *q, size_t offset, size_t limit,
			    char ***slugs, size_t *n, size_t *total)
{
	return -ENOTSUP;
}

static const struct store_ops counting_ops = {
	.name = "counting", .open = c_open, .close = c_close, .insert = c_insert, .get = c_get,
	.set_processing = c_set_processing, .finish = c_finish, .remove = c_remove, .list = c_list,
	.pending = c_pending, .counts = c_counts, .problems_replace = c_problems_replace,
	.problem_add = c_problem_add, .problem_search = c_problem_search,
};

/* ---- the fake judges ---- */

static int id_of(const struct judge_req *req)
{
	char text[32] = "";
	int id = -1;
	if (req->source_len < sizeof(text))
		memcpy(text, req->source, req->source_len);
	return sscanf(text, "id:%d", &id) == 1 && id >= 0 && id < MAX_IDS ? id : -1;
}

static void emit(const struct judge_req *req, enum judge_event_kind kind, int status)
{
	if (req->progress)
		req->progress(req->progress_ctx, &(struct judge_event){ .kind = kind, .status = status,
									.ntests = req->ntests });
}

/* Accepted, in judge_run's order of events, after a moment that differs
 * by submission so that the workers' jobs interleave. */
static int judge_quickly(struct box_pool *pool, const struct judge_req *req, struct judge_result *res, char *err,
			 size_t errlen)
{
	CHECK(pool == NULL);                     /* no boxes were made */
	emit(req, JUDGE_STARTED, BOX_ST_PROCESSING);
	int id = id_of(req);
	CHECK(id >= 0);
	if (id >= 0)
		atomic_fetch_add(&judged[id], 1);
	usleep((useconds_t)(id % 4) * 300);
	res->status = BOX_ST_ACCEPTED;
	emit(req, JUDGE_FINISHED, res->status);
	return 0;
}

/* The same once the gate opens (a stop with jobs queued behind it). */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static bool gate_open;

static int judge_at_gate(struct box_pool *pool, const struct judge_req *req, struct judge_result *res, char *err,
			 size_t errlen)
{
	pthread_mutex_lock(&gate_lock);
	while (!gate_open)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return judge_quickly(pool, req, res, err, errlen);
}

static void *open_gate_later(void *arg)
{
	usleep(300 * 1000);
	pthread_mutex_lock(&gate_lock);
	gate_open = true;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	return NULL;
}

/* ---- submissions ---- */

static void subm_for(int id, struct subm *s)
{
	char text[128];
	json_error_t je;
	json_t *errors = NULL;
	snprintf(text, sizeof(text), "{\"source_code\": \"id:%d\", \"language_id\": %d}", id, lang_id);
	json_t *body = json_loads(text, 0, &je);
	CHECK_EQ_INT(subm_parse(body, false, &app.cfg, s, &errors), 0);
	json_decref(errors);
	json_decref(body);
}

/* A row as a crash would leave it: stored, never finished (status 1 or
 * 2), or final with its result. */
static void put_row(const char *token, int id, int status, int64_t created)
{
	struct subm s;
	subm_for(id, &s);
	char result[] = "{\"status_id\":3}";
	struct store_row row = { .status_id = status, .created_at_ms = created };
	str_copy(row.token, sizeof(row.token), token);
	row.request = id >= 0 ? subm_dump(&s) : strdup("{this is no stored submission");
	row.result = status > BOX_ST_PROCESSING ? result : NULL;
	const struct store_row *rows[] = { &row };
	CHECK_EQ_INT(store_insert(app.store, rows, 1), 0);
	free(row.request);
	subm_release(&s);
}

struct acceptor {
	struct dispatch *d;
	int first_id, n;
	char tokens[PER_THREAD][STORE_TOKEN_LEN + 1];
	int refused;                  /* -EAGAIN answers (busy), retried */
	int failed;
};

static void *accept_many(void *arg)
{
	struct acceptor *a = arg;
	for (int i = 0; i < a->n; i++) {
		struct subm s;
		subm_for(a->first_id + i, &s);
		int r;
		while ((r = dispatch_accept_subm(a->d, &s, a->tokens[i])) == -EAGAIN) {
			a->refused++;
			usleep(500);
		}
		a->failed += r != 0;
		subm_release(&s);
	}
	return NULL;
}

static int status_of(const char *token)
{
	struct store_row row;
	int r = store_get(app.store, token, &row);
	int status = r ? r : row.status_id;
	store_row_release(&row);
	return status;
}

static struct dispatch *start(workers_judge_fn judge, unsigned workers, unsigned queue)
{
	char err[256] = "";
	struct dispatch *d = NULL;
	app.cfg.workers = workers;
	app.cfg.max_queue_size = queue;
	CHECK_EQ_INT(dispatch_new_judged_by(&app, judge, &d, err, sizeof(err)), 0);
	if (!d) {
		fprintf(stderr, "dispatch_new_judged_by: %s\n", err);
		exit(1);
	}
	return d;
}

/* A restart finds PENDING rows, more than the queue holds, while four
 * threads accept PER_THREAD each (refused as busy until the backlog is
 * fed: they retry). */
static void test_requeue_and_accept(void)
{
	char token[STORE_TOKEN_LEN + 1], pending[PENDING][STORE_TOKEN_LEN + 1], final[FINAL][STORE_TOKEN_LEN + 1];
	for (int i = 0; i < PENDING; i++) {
		snprintf(pending[i], sizeof(pending[i]), "00000000-0000-4000-8000-%012d", i);
		put_row(pending[i], i, i % 4 == 3 ? BOX_ST_PROCESSING : BOX_ST_IN_QUEUE, 1000 + i);
	}
	for (int i = 0; i < FINAL; i++) {
		snprintf(final[i], sizeof(final[i]), "00000000-0000-4000-9000-%012d", i);
		put_row(final[i], 100 + i, BOX_ST_ACCEPTED, 500 + i);
	}
	snprintf(token, sizeof(token), "00000000-0000-4000-a000-000000000000");
	put_row(token, -1, BOX_ST_IN_QUEUE, 900);             /* does not load */

	struct dispatch *d = start(judge_quickly, 4, 5);
	static struct acceptor acc[THREADS];
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		acc[i] = (struct acceptor){ .d = d, .first_id = 200 + i * PER_THREAD, .n = PER_THREAD };
		CHECK_EQ_INT(pthread_create(&t[i], NULL, accept_many, &acc[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		CHECK_EQ_INT(acc[i].failed, 0);
		for (int k = 0; k < PER_THREAD; k++)
			CHECK_EQ_INT(dispatch_wait(d, acc[i].tokens[k], WAIT_MS), 0);
	}
	for (int i = 0; i < PENDING; i++)
		CHECK_EQ_INT(dispatch_wait(d, pending[i], WAIT_MS), 0);
	CHECK_EQ_INT(dispatch_wait(d, token, WAIT_MS), 0);
	dispatch_free(d);

	/* Judged once, stored once, final: the accepted and the requeued. */
	for (int i = 0; i < THREADS; i++)
		for (int k = 0; k < PER_THREAD; k++) {
			CHECK_EQ_INT(judged[acc[i].first_id + k], 1);
			CHECK_EQ_INT(finish_calls(acc[i].tokens[k]), 1);
			CHECK_EQ_INT(status_of(acc[i].tokens[k]), BOX_ST_ACCEPTED);
		}
	for (int i = 0; i < PENDING; i++) {
		CHECK_EQ_INT(judged[i], 1);
		CHECK_EQ_INT(finish_calls(pending[i]), 1);
		CHECK_EQ_INT(status_of(pending[i]), BOX_ST_ACCEPTED);
	}
	/* Final rows untouched; the unloadable row an internal error, never judged. */
	for (int i = 0; i < FINAL; i++) {
		CHECK_EQ_INT(judged[100 + i], 0);
		CHECK_EQ_INT(finish_calls(final[i]), 0);
	}
	CHECK_EQ_INT(finish_calls(token), 1);
	CHECK_EQ_INT(status_of(token), BOX_ST_INTERNAL_ERROR);
	CHECK_EQ_INT(atomic_load(&app.stats.verdicts[BOX_ST_ACCEPTED]), THREADS * PER_THREAD + PENDING);
	CHECK_EQ_INT(atomic_load(&app.stats.verdicts[BOX_ST_INTERNAL_ERROR]), 1);
	CHECK_EQ_INT(atomic_load(&app.stats.submissions_accepted), THREADS * PER_THREAD);
	int refused = 0;
	for (int i = 0; i < THREADS; i++)
		refused += acc[i].refused;
	printf("requeue: %d pending rows fed through a queue of 5 while %d threads accepted %d (%d busy answers)\n",
	       PENDING, THREADS, THREADS * PER_THREAD, refused);
}

/* A stop with jobs queued behind two held workers leaves those rows In
 * Queue, unjudged; the next start judges each once. */
static void test_stop_and_restart(void)
{
	enum { N = 20, FIRST = 600 };
	char tokens[N][STORE_TOKEN_LEN + 1];
	struct dispatch *d = start(judge_at_gate, 2, N);
	for (int i = 0; i < N; i++) {
		struct subm s;
		subm_for(FIRST + i, &s);
		CHECK_EQ_INT(dispatch_accept_subm(d, &s, tokens[i]), 0);
		subm_release(&s);
	}
	pthread_t opener;
	CHECK_EQ_INT(pthread_create(&opener, NULL, open_gate_later, NULL), 0);
	dispatch_free(d);                      /* the two held jobs finish once the gate opens */
	pthread_join(opener, NULL);
	int left = 0;
	for (int i = 0; i < N; i++) {
		int status = status_of(tokens[i]);
		CHECK(status == BOX_ST_IN_QUEUE || status == BOX_ST_ACCEPTED);
		if (status == BOX_ST_IN_QUEUE) {
			left++;
			CHECK_EQ_INT(judged[FIRST + i], 0);
			CHECK_EQ_INT(finish_calls(tokens[i]), 0);
		}
	}
	CHECK(left >= N - 2);

	d = start(judge_quickly, 3, 4);
	for (int i = 0; i < N; i++)
		CHECK_EQ_INT(dispatch_wait(d, tokens[i], WAIT_MS), 0);
	dispatch_free(d);
	for (int i = 0; i < N; i++) {
		CHECK_EQ_INT(judged[FIRST + i], 1);
		CHECK_EQ_INT(finish_calls(tokens[i]), 1);
		CHECK_EQ_INT(status_of(tokens[i]), BOX_ST_ACCEPTED);
	}
	size_t npending = 1;
	char (*pending)[STORE_TOKEN_LEN + 1] = NULL;
	CHECK_EQ_INT(store_pending(app.store, &pending, &npending), 0);
	CHECK_EQ_INT(npending, 0);
	free(pending);
	printf("stop: %d of %d rows left In Queue, each judged once after the restart\n", left, N);
}

int main(void)
{
	char dir[] = "/tmp/pairbox-test-dispatch-XXXXXX", data[64], state[64], err[256] = "";
	if (!mkdtemp(dir))
		return 1;
	CHECK_EQ_INT(lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err)), 0);
	for (size_t i = 0; i < lang_count() && !lang_id; i++)
		if (lang_at(i)->available && lang_at(i)->judge0_id && !lang_at(i)->multi_file)
			lang_id = lang_at(i)->judge0_id;
	CHECK(lang_id != 0);

	config_default(&app.cfg);
	app.cfg.enable_callbacks = false;
	snprintf(state, sizeof(state), "%s/state", dir);
	app.cfg.state_dir = state;
	snprintf(data, sizeof(data), "%s/data", dir);
	CHECK_EQ_INT(store_open(data, &counting.inner, err, sizeof(err)), 0);
	if (!counting.inner) {
		fprintf(stderr, "store_open: %s\n", err);
		return 1;
	}
	counting.base.ops = &counting_ops;
	pthread_mutex_init(&counting.lock, NULL);
	app.store = &counting.base;

	test_requeue_and_accept();
	test_stop_and_restart();

	store_close(app.store);
	lang_registry_free();
	remove_tree(AT_FDCWD, dir);
	return check_done();
}
