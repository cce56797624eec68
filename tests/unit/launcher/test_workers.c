/* test_workers.c - the judging workers as a server drives them: 200
 * submissions pushed from 4 threads into 2 workers behind a small queue,
 * each judged exactly once with its own verdict, progress in order, a full
 * queue refused, queued jobs reported back at shutdown, nothing left behind. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "host_procs.h"
#include "util.h"
#include "workers.h"

#define NJOBS 200
#define PUSHERS 4
#define NWORKERS 2
#define QUEUE_MAX 3
#define FIRST_ID 500          /* main pool: 500, 501 (hostile tests use 800+) */
#define SHUTDOWN_ID 520       /* the shutdown pool */
#define LAST_ID 529           /* leftovers are looked for in FIRST_ID..LAST_ID */
#define MAX_EVENTS 8

/* One submission, as a server would keep it: the job plus what it borrows. */
struct sub {
	struct workers_job job;
	char source[256];
	char input[32];
	char answer[32];
	struct judge_test tests[3];
	int expect;                    /* overall status */
	/* Written by the job's worker (events, then done), read after the drain. */
	size_t nev;
	struct judge_event ev[MAX_EVENTS];
	bool event_after_done;
	bool done_seen;
	enum workers_outcome outcome;
	int status;
	enum judge_cache_state cache;
	unsigned worker;
	unsigned uid;
};

static struct sub subs[NJOBS];
static int completions[NJOBS];
static const struct lang *py, *cc;
static struct compile_cache cache;
static struct workers *pool;

/* Completions wake pushers waiting for room in the queue. */
static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static unsigned ndone;
static unsigned long eagain;

static const char c_source[] =
	"#include <stdio.h>\n#include <unistd.h>\n"
	"int main(void) { long n; if (scanf(\"%ld\", &n) != 1) return 1;\n"
	"  printf(\"%ld\\n\", n); fprintf(stderr, \"%u\\n\", (unsigned)getuid()); return 0; }\n";

/* The decimal number s starts with (after blanks), checked. */

static void on_progress(struct workers_job *job, const struct judge_event *ev)
{
	struct sub *s = job->ctx;
	if (s->done_seen)
		s->event_after_done = true;
	if (s->nev < MAX_EVENTS)
		s->ev[s->nev] = *ev;
	s->nev++;
}

static void on_done(struct workers_job *job)
{
	struct sub *s = job->ctx;
	__atomic_add_fetch(&completions[job->id], 1, __ATOMIC_SEQ_CST);
	s->done_seen = true;
	s->outcome = job->outcome;
	s->status = job->result.status;
	s->cache = job->result.cache;
	s->worker = job->worker;
	/* The program printed its uid on stderr: which box it ran in. */
	if (!job->result.nrun || !leading_uint(job->result.tests[0].run.err.data, &s->uid))
		s->uid = 0;
	judge_result_release(&job->result);
	pthread_mutex_lock(&done_lock);
	ndone++;
	pthread_cond_broadcast(&done_cond);
	pthread_mutex_unlock(&done_lock);
}

/* Job i prints i; a few are given a wrong answer, some have three tests,
 * some are C (compiled once, then from the cache) reading i on stdin. */
static void make_sub(size_t i)
{
	struct sub *s = &subs[i];
	bool is_c = cc && i % 40 == 13;
	bool wrong = i % 50 == 7;
	size_t ntests = i % 25 == 5 ? 3 : 1;
	memset(s, 0, sizeof(*s));
	if (is_c)
		str_copy(s->source, sizeof(s->source), c_source);
	else
		str_printf(s->source, sizeof(s->source),
			   "import os, sys\nprint(%zu)\nprint(os.getuid(), file=sys.stderr)\n", i);
	str_printf(s->input, sizeof(s->input), "%zu\n", i);
	str_printf(s->answer, sizeof(s->answer), "%zu\n", wrong ? i + 1 : i);
	for (size_t t = 0; t < ntests; t++)
		s->tests[t] = (struct judge_test){ .name = "t", .input = s->input, .input_len = strlen(s->input),
						   .answer = s->answer, .answer_len = strlen(s->answer) };
	s->expect = wrong ? BOX_ST_WRONG_ANSWER : BOX_ST_ACCEPTED;
	struct judge_req *r = &s->job.req;
	r->lang = is_c ? cc : py;
	r->source = s->source;
	r->source_len = strlen(s->source);
	r->tests = s->tests;
	r->ntests = ntests;
	compare_opts_default(&r->compare);
	box_limits_default(&r->run);
	judge_compile_limits(&r->compile);
	lang_apply_limits(r->lang, &r->run, &r->compile);
	s->job.id = i;
	s->job.ctx = s;
	s->job.progress = on_progress;
	s->job.done = on_done;
}

/* Events of one job: STARTED, [COMPILING, COMPILED] unless the compile
 * came from the cache, TEST_DONE 1..n of n, FINISHED with the overall status. */
static bool events_in_order(const struct sub *s)
{
	size_t n = s->job.req.ntests, k = 0;
	bool compiled = s->job.req.lang->compile && s->cache != JUDGE_CACHE_HIT;
	if (s->nev != 1 + (compiled ? 2 : 0) + n + 1 || s->nev > MAX_EVENTS || s->event_after_done)
		return false;
	if (s->ev[0].kind != JUDGE_STARTED || s->ev[0].status != BOX_ST_PROCESSING || s->ev[0].ntests != n)
		return false;
	k = 1;
	if (compiled) {
		if (s->ev[1].kind != JUDGE_COMPILING || s->ev[2].kind != JUDGE_COMPILED ||
		    s->ev[2].status != BOX_ST_ACCEPTED)
			return false;
		k = 3;
	}
	for (size_t t = 1; t <= n; t++, k++)
		if (s->ev[k].kind != JUDGE_TEST_DONE || s->ev[k].test != t || s->ev[k].ntests != n ||
		    s->ev[k].status != s->expect)
			return false;
	return s->ev[k].kind == JUDGE_FINISHED && s->ev[k].status == s->expect;
}

/* Wait (with a bound, in case the room came before we looked) for a job to end. */
static void wait_for_room(unsigned seen)
{
	pthread_mutex_lock(&done_lock);
	eagain++;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 50 * 1000 * 1000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	while (ndone == seen)
		if (pthread_cond_timedwait(&done_cond, &done_lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&done_lock);
}

/* A client: submits its share, retrying each refusal as it would a 503. */
static void *pusher(void *arg)
{
	size_t me = (size_t)arg;
	for (size_t i = me; i < NJOBS; i += PUSHERS) {
		for (;;) {
			pthread_mutex_lock(&done_lock);
			unsigned seen = ndone;
			pthread_mutex_unlock(&done_lock);
			int r = workers_submit(pool, &subs[i].job);
			if (r == 0)
				break;
			if (r != -EAGAIN) {
				fprintf(stderr, "submit %zu: %s\n", i, strerror(-r));
				break;
			}
			wait_for_room(seen);
		}
	}
	return NULL;
}

static void base_config(struct workers_config *c)
{
	workers_config_default(c);
	c->box.helper_path = PAIRBOX_BIN_PATH;   /* exec'd keepers: the pool is threaded */
	c->box.profile_dir = PAIRBOX_PROFILE_DIR;
	c->box.binds = lang_all_binds();
}

static void test_many(void)
{
	struct workers_config cfg;
	char err[512];
	base_config(&cfg);
	cfg.nworkers = NWORKERS;
	cfg.queue_max = QUEUE_MAX;
	cfg.box.first_id = FIRST_ID;
	cfg.cache = &cache;
	int r = workers_new(&cfg, &pool, err, sizeof(err));
	CHECK_EQ_INT(r, 0);
	if (r) {
		fprintf(stderr, "workers_new: %s\n", err);
		return;
	}
	for (size_t i = 0; i < NJOBS; i++)
		make_sub(i);
	pthread_t t[PUSHERS];
	for (size_t i = 0; i < PUSHERS; i++)
		pthread_create(&t[i], NULL, pusher, (void *)i);
	for (size_t i = 0; i < PUSHERS; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_lock(&done_lock);
	while (ndone < NJOBS)
		pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);
	workers_drain(pool);

	struct workers_stats st;
	workers_stats(pool, &st);
	CHECK_EQ_INT(st.nworkers, NWORKERS);
	CHECK_EQ_INT(st.queue_max, QUEUE_MAX);
	CHECK_EQ_INT(st.queued, 0);
	CHECK_EQ_INT(st.running, 0);
	CHECK_EQ_INT(st.done, NJOBS);
	CHECK_EQ_INT(st.cancelled, 0);
	CHECK(eagain > 0);                         /* the queue was full at times */
	CHECK_EQ_INT(st.rejected, eagain);

	unsigned uid_of[NWORKERS] = { 0 }, wrong = 0, ordered = 0, hits = 0, c_jobs = 0;
	for (size_t i = 0; i < NJOBS; i++) {
		const struct sub *s = &subs[i];
		CHECK_EQ_INT(completions[i], 1);
		CHECK_EQ_INT(s->outcome, WORKERS_JUDGED);
		CHECK_EQ_INT(s->status, s->expect);
		if (s->status != s->expect)
			fprintf(stderr, "job %zu: status %d, expected %d\n", i, s->status, s->expect);
		wrong += s->status == BOX_ST_WRONG_ANSWER;
		ordered += events_in_order(s);
		if (s->job.req.lang == cc) {
			c_jobs++;
			hits += s->cache == JUDGE_CACHE_HIT;
		}
		/* Each worker always runs in its own box, never the other's. */
		CHECK(s->worker < NWORKERS);
		if (s->worker < NWORKERS) {
			if (!uid_of[s->worker])
				uid_of[s->worker] = s->uid;
			CHECK_EQ_INT(s->uid, uid_of[s->worker]);
		}
		CHECK(s->uid >= 60000 + FIRST_ID && s->uid <= 60000 + LAST_ID);
	}
	CHECK_EQ_INT(wrong, 4);
	CHECK_EQ_INT(ordered, NJOBS);
	CHECK(uid_of[0] != uid_of[1]);
	if (cc)                                    /* compiled once or twice (a race), then hits */
		CHECK(c_jobs == 5 && hits >= 3);
	printf("%lu submissions refused while the queue was full; C jobs %u, cache hits %u\n", eagain, c_jobs, hits);
	workers_free(pool);
	pool = NULL;
}

/* ---- shutdown with jobs queued ---- */

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static bool in_first_done, gate_open;
static unsigned ncancelled;
static pthread_t freeing_thread;
static bool cancelled_on_freeing_thread = true;

static void on_done_gated(struct workers_job *job)
{
	struct sub *s = job->ctx;
	__atomic_add_fetch(&completions[job->id], 1, __ATOMIC_SEQ_CST);
	s->outcome = job->outcome;
	s->status = job->result.status;
	judge_result_release(&job->result);
	pthread_mutex_lock(&gate_lock);
	if (job->outcome == WORKERS_CANCELLED) {
		/* In queue order: B (1) then C (2). */
		ncancelled++;
		if (job->id != ncancelled)
			s->status = -1;
		if (!pthread_equal(pthread_self(), freeing_thread))
			cancelled_on_freeing_thread = false;
	} else {
		/* Hold the only worker here: it stays busy while we fill the queue. */
		in_first_done = true;
		pthread_cond_broadcast(&gate_cond);
		while (!gate_open)
			pthread_cond_wait(&gate_cond, &gate_lock);
	}
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

static void *freer(void *arg)
{
	workers_free(arg);
	return NULL;
}

static void test_shutdown(void)
{
	struct workers_config cfg;
	struct workers *w;
	char err[512];
	base_config(&cfg);
	cfg.nworkers = 1;
	cfg.queue_max = 2;
	cfg.box.first_id = SHUTDOWN_ID;
	int r = workers_new(&cfg, &w, err, sizeof(err));
	CHECK_EQ_INT(r, 0);
	if (r) {
		fprintf(stderr, "workers_new: %s\n", err);
		return;
	}
	memset(completions, 0, sizeof(completions));
	for (size_t i = 0; i < 4; i++) {           /* A, B, C, D: right answers, one test */
		make_sub(i);
		subs[i].job.done = on_done_gated;
		subs[i].job.progress = NULL;
	}
	struct sub *a = &subs[0], *b = &subs[1], *c = &subs[2], *d = &subs[3];

	CHECK_EQ_INT(workers_submit(w, &a->job), 0);
	pthread_mutex_lock(&gate_lock);
	while (!in_first_done)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	CHECK_EQ_INT(workers_submit(w, &b->job), 0);
	CHECK_EQ_INT(workers_submit(w, &c->job), 0);
	CHECK_EQ_INT(workers_submit(w, &d->job), -EAGAIN);     /* queue full */
	struct workers_stats st;
	workers_stats(w, &st);
	CHECK_EQ_INT(st.queued, 2);
	CHECK_EQ_INT(st.running, 1);
	CHECK_EQ_INT(st.rejected, 1);

	/* Free on another thread while the worker is held: the two queued jobs
	 * are reported back at once; the running one still finishes. */
	pthread_mutex_lock(&gate_lock);
	pthread_create(&freeing_thread, NULL, freer, w);
	while (ncancelled < 2)
		pthread_cond_wait(&gate_cond, &gate_lock);
	/* workers_free() is waiting for the held worker, so w is still valid. */
	CHECK_EQ_INT(workers_submit(w, &d->job), -ESHUTDOWN);
	gate_open = true;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	pthread_join(freeing_thread, NULL);

	CHECK_EQ_INT(completions[0], 1);
	CHECK_EQ_INT(a->outcome, WORKERS_JUDGED);
	CHECK_EQ_INT(a->status, BOX_ST_ACCEPTED);
	CHECK_EQ_INT(completions[1], 1);
	CHECK_EQ_INT(b->outcome, WORKERS_CANCELLED);
	CHECK_EQ_INT(b->status, BOX_ST_IN_QUEUE);
	CHECK_EQ_INT(completions[2], 1);
	CHECK_EQ_INT(c->outcome, WORKERS_CANCELLED);
	CHECK_EQ_INT(c->status, BOX_ST_IN_QUEUE);
	CHECK_EQ_INT(completions[3], 0);           /* refused: never called back */
	CHECK(cancelled_on_freeing_thread);
}

static void test_bad_args(void)
{
	struct workers_config cfg;
	struct workers *w = NULL;
	char err[256] = "";
	workers_config_default(&cfg);               /* no helper_path */
	CHECK_EQ_INT(workers_new(&cfg, &w, err, sizeof(err)), -EINVAL);
	CHECK(w == NULL && err[0]);
	workers_free(NULL);
}

/* ---- leftovers ---- */


static int leftover_cgroups;

/* .../pairbox/box-N with N in our range, in any hierarchy. */
static int find_box_cgroup(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	int id;
	if (flag == FTW_D && f->base >= 8 && strncmp(path + f->base - 8, "pairbox/box-", 12) == 0 &&
	    parse_int(path + f->base + 4, &id) == 0 && id >= FIRST_ID && id <= LAST_ID) {
		fprintf(stderr, "leftover cgroup %s\n", path);
		leftover_cgroups++;
	}
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/pairbox-test-workers-XXXXXX";
	py = lang_find("python3");
	cc = lang_find("c");
	CHECK(py != NULL);
	if (!py) {
		fprintf(stderr, "python3 is not installed: %s\n", lang_registry_error());
		return check_done();
	}
	if (!cc)
		fprintf(stderr, "no C compiler: the compile and cache part is skipped\n");
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ_INT(cache_open(&cache, dir, 64 << 20), 0);

	uint64_t t0 = now_ms();
	test_bad_args();
	test_many();
	uint64_t t1 = now_ms();
	test_shutdown();
	printf("200 jobs in %llu ms; shutdown test %llu ms\n", (unsigned long long)(t1 - t0),
	       (unsigned long long)(now_ms() - t1));

	for (int id = FIRST_ID; id <= LAST_ID; id++)
		CHECK_EQ_INT(procs_of_uid((uid_t)(60000 + id)), 0);
	nftw("/sys/fs/cgroup", find_box_cgroup, 32, FTW_PHYS);
	CHECK_EQ_INT(leftover_cgroups, 0);
	remove_tree(AT_FDCWD, dir);
	return check_done();
}
