/* dispatch.c - the store and the judging workers joined (dispatch.h).
 *
 * A submission's life in one process:
 *
 *   dispatch_accept ──▶ store_insert (committed) ──▶ live table ──▶ workers_submit
 *   dispatch_new: store_pending ──▶ live table ──▶ feeder thread ──▶ workers_submit
 *                                                   (as the queue has room)
 *   worker: STARTED ──▶ store_set_processing ──▶ subscribers
 *           COMPILING, COMPILED, TEST_DONE ──▶ subscribers
 *   done(): store_finish (once) ──▶ stats ──▶ out of the live table: waiters
 *           wake ──▶ FINISHED to subscribers ──▶ callback queue
 *
 * The live table (live.h) holds every token this process has to judge
 * (accepted, or found pending at start) until its result is stored:
 * dispatch_wait waits for a token to leave it, dispatch_subscribe
 * attaches to it.
 *
 * Locks: accept_lock serialises whoever feeds the workers (accepts and the
 * feeder), so "is there room for n?" and the n submits that follow cannot
 * be split by another submitter; room only grows meanwhile, as workers
 * take jobs. lock guards the live table, the subscriptions, the feeder's
 * lists and stopping; subscribers are called with it held, which is what
 * makes dispatch_unsubscribe final. Order: accept_lock before lock. */
#define _GNU_SOURCE
#include "dispatch.h"
#include "app.h"
#include "callback.h"
#include "live.h"
#include "psubm.h"
#include "subm.h"
#include "util.h"
#include "workers.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_BYTES (256ull << 20)   /* the compile cache in the state directory */
#define FEED_RECHECK_MS 1000         /* the feeder looks again at least this often */

struct job {
	struct workers_job wj;          /* first: the pool hands it back */
	struct dispatch *d;
	struct live *live;
	struct subm subm;               /* what wj.req borrows from */
	struct judge_test *tests;
	struct psubm ps;                /* a problem submission's tests, wrapping, limits (and wj.req's) */
	int64_t created_at_ms;
	bool finished_seen;
	bool claimed;                   /* a shared store's job: claimed under this node's lease */
	struct judge_event finished;    /* held back until the result is stored */
	struct job *next;               /* on the feeder's ready list */
};

struct dispatch {
	struct app *app;
	struct store *store;            /* app's, borrowed */
	struct workers *workers;
	struct callbacks *callbacks;
	struct compile_cache cache;
	bool have_cache;

	pthread_mutex_t accept_lock;
	pthread_mutex_t lock;
	pthread_cond_t changed;         /* a token left the live table, work for the feeder, stopping */
	bool stopping;

	struct live_table live;          /* every token this process has to judge (live.h) */

	/* The feeder's work: rows found pending at start, then jobs an
	 * accept could not hand over (never expected: accept checks room). */
	char (*pending)[STORE_TOKEN_LEN + 1];
	size_t npending, next_pending;
	struct job *ready, *ready_tail;
	pthread_t feeder;
	bool feeder_started;

	/* A shared store (store_queue.h): no feeder; jobs are claimed from
	 * the store by the claimer, up to one per worker, under this node's
	 * lease, which the beater renews (and beats the node's heartbeat);
	 * the sender sends the callback outbox (API nodes). Notes wake them:
	 * "jobs" the claimer, "done" the waiters, watchers and the sender. */
	bool shared;
	char node_id[STORE_NODE_ID_MAX + 1];
	const char *kind;               /* "serve" or "worker" */
	int64_t started_ms, lease_ms;
	unsigned nthreads;              /* the pool's workers; 0: serve only (no pool) */
	size_t held;                    /* jobs claimed, not yet finished (lock) */
	bool kicked, send_kicked;       /* a note since the claimer / sender last looked (lock) */
	bool beat_stop;                 /* the beater's end, after the running jobs' (lock) */
	pthread_cond_t kick;            /* the claimer, the sender and the beater wait on it */
	pthread_t claimer, beater, sender;
	bool claimer_started, beater_started, sender_started;
	struct dispatch_ear *ear;       /* what the store's listener calls: outlives d */
	atomic_uint_fast64_t judged, notes, lag_sum_ms, lag_last_ms, stale;
};

/* The listener's context: the store has no way to stop listening before
 * it closes, which is after dispatch_free, so the notes reach d through
 * this, which dispatch_free empties and leaves behind (one per dispatch). */
struct dispatch_ear {
	pthread_mutex_t lock;
	struct dispatch *d;             /* NULL once d is gone */
	struct dispatch_ear *next;      /* on the retired list */
};

/* Ears whose dispatch is gone, kept (a few bytes each, one per dispatch
 * a process makes) until the process ends, when their stores are closed. */
static struct {
	pthread_mutex_t lock;
	struct dispatch_ear *list;
} retired_ears = { .lock = PTHREAD_MUTEX_INITIALIZER };

#define CLAIM_POLL_MS 2000           /* the claimer looks at the store at least this often */
#define SEND_POLL_MS 2000            /* ... the outbox sender too */
#define BEAT_MS 2000                 /* heartbeats; remote watchers checked */
#define WAIT_POLL_MS 1000            /* a waiter reads the row at least this often */
#define NODES_KEEP_MS (24LL * 3600 * 1000)  /* nodes not seen for a day leave the registry */
#define WATCH_MAX 1024               /* remote watchers checked per beat */


/* Take l out of the live table, ending its subscriptions; waiters wake
 * (lock held). */
static void live_done(struct dispatch *d, struct live *l)
{
	live_remove(&d->live, l);
	pthread_cond_broadcast(&d->changed);
}

/* ---- jobs ---- */

static void job_free(struct job *job)
{
	if (!job)
		return;
	judge_result_release(&job->wj.result);
	psubm_release(&job->ps);
	subm_release(&job->subm);
	free(job->tests);
	free(job);
}

static void on_progress(struct workers_job *wj, const struct judge_event *ev);
static void on_done(struct workers_job *wj);

/* A job for a stored request. 0, -EINVAL (the request does not load:
 * why says so) or -ENOMEM. */
static int job_new(struct dispatch *d, const char *request, int64_t created_at_ms, struct job **out,
		   char *why, size_t whylen)
{
	*out = NULL;
	struct job *job = calloc(1, sizeof(*job));
	if (!job)
		return -ENOMEM;
	job->d = d;
	job->created_at_ms = created_at_ms;
	subm_init(&job->subm);
	judge_result_init(&job->wj.result);
	int r = subm_load(request, &job->subm);
	if (r) {
		str_printf(why, whylen, "the stored submission cannot be read back");
	} else if (!job->subm.lang) {
		str_printf(why, whylen, "language %d is not installed any more", job->subm.language_id);
		r = -EINVAL;
	} else if (job->subm.problem[0]) {
		/* The problem's tests, read now (PROBLEM-HIDDEN: the row has
		 * none). Gone, no harness, unreadable: never judgeable here. */
		r = psubm_prepare(d->app->bank, &job->subm, &job->ps, why, whylen);
		if (!r)
			job->wj.req = job->ps.pj.req;
		else if (r != -ENOMEM)
			r = -EINVAL;
	} else if ((r = subm_judge_req(&job->subm, &job->wj.req, &job->tests))) {
		str_printf(why, whylen, "out of memory");
	}
	if (r) {
		job_free(job);
		return r;
	}
	job->wj.req.extract_kb = d->app->cfg.max_extract_size;   /* Judge0's MAX_EXTRACT_SIZE */
	job->wj.ctx = job;
	job->wj.progress = on_progress;
	job->wj.done = on_done;
	*out = job;
	return 0;
}

/* A row that can never be judged ends as an internal error (13) with the
 * reason, so it is not tried again at every start. */
static void finish_unjudgeable(struct dispatch *d, const char *token, const char *why)
{
	struct judge_result res;
	judge_result_init(&res);
	res.status = BOX_ST_INTERNAL_ERROR;
	str_copy(res.message, sizeof(res.message), why);
	char *text = subm_result_dump(&res);
	int r = !text	   ? -ENOMEM
		: d->shared ? store_queue_finish(d->store, token, res.status, text, unix_ms(), NULL)
			    : store_finish(d->store, token, res.status, text, unix_ms());
	if (r && r != -EALREADY && r != -ENOENT)
		fprintf(stderr, "pairbox: submission %s: cannot store its internal error: %s\n", token, strerror(-r));
	fprintf(stderr, "pairbox: submission %s: internal error: %s\n", token, why);
	free(text);
	judge_result_release(&res);
	atomic_fetch_add(&d->app->stats.verdicts[BOX_ST_INTERNAL_ERROR], 1);
}

static bool feeder_has_work(const struct dispatch *d)
{
	return d->ready || d->next_pending < d->npending;
}

static void on_progress(struct workers_job *wj, const struct judge_event *ev)
{
	struct job *job = wj->ctx;
	struct dispatch *d = job->d;
	if (ev->kind == JUDGE_FINISHED) {
		/* Subscribers read the result from the store when told: tell
		 * them once it is there (on_done). */
		job->finished = *ev;
		job->finished_seen = true;
		return;
	}
	if (ev->kind == JUDGE_STARTED && !job->claimed) {     /* a claim made it Processing already */
		int r = store_set_processing(d->store, job->live->token);
		if (r && r != -ENOENT)
			fprintf(stderr, "pairbox: submission %s: cannot mark it processing: %s\n", job->live->token,
				strerror(-r));
	}
	pthread_mutex_lock(&d->lock);
	live_notify(&d->live, job->live, ev);
	/* A worker just took a job from the queue: room for the feeder. */
	if (ev->kind == JUDGE_STARTED && feeder_has_work(d))
		pthread_cond_broadcast(&d->changed);
	pthread_mutex_unlock(&d->lock);
}

static void count_verdict(struct app_stats *st, int status, int64_t latency_ms)
{
	static const int64_t bounds[11] = { 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000 };
	if (status >= 0 && status < 16)
		atomic_fetch_add(&st->verdicts[status], 1);
	if (latency_ms < 0)
		latency_ms = 0;
	size_t b = 0;
	while (b < 11 && latency_ms > bounds[b])
		b++;
	atomic_fetch_add(&st->latency_buckets[b], 1);   /* per bucket; /metrics sums them */
	atomic_fetch_add(&st->latency_sum_ms, (uint_fast64_t)latency_ms);
	atomic_fetch_add(&st->latency_count, 1);
}

static void on_done(struct workers_job *wj)
{
	struct job *job = wj->ctx;
	struct dispatch *d = job->d;
	char token[STORE_TOKEN_LEN + 1];               /* job->live goes with live_remove() */
	str_copy(token, sizeof(token), job->live->token);
	bool stored = false;
	if (wj->outcome == WORKERS_CANCELLED) {
		/* Still queued at shutdown: the row stays In Queue in the
		 * store and the next start judges it. Nothing is stored. A
		 * claimed job is given back for another worker to take now. */
		int r = job->claimed ? store_queue_release(d->store, token, d->node_id) : 0;
		if (r && r != -ESTALE)
			fprintf(stderr, "pairbox: submission %s: cannot give it back: %s\n", token, strerror(-r));
		pthread_mutex_lock(&d->lock);
		live_done(d, job->live);
		if (job->claimed)
			d->held--;
		pthread_mutex_unlock(&d->lock);
		job_free(job);
		return;
	}
	/* Judged, or the sandbox failed (status 13 with judge_run's reason:
	 * an internal error, never a verdict on the program). */
	int status = wj->result.status;
	if (wj->outcome == WORKERS_FAILED)
		fprintf(stderr, "pairbox: submission %s: internal error: %s\n", token, wj->result.message);
	int64_t finished_at = unix_ms();
	char *text;
	if (job->subm.problem[0]) {
		psubm_redact(&job->ps, &wj->result);      /* PROBLEM-HIDDEN: before it is stored */
		text = subm_result_dump_tests(&wj->result);
	} else {
		text = subm_result_dump(&wj->result);
	}
	const struct subm_bytes *url = &job->subm.callback_url;
	const char *outbox_url = d->app->cfg.enable_callbacks && url->data && url->len ? url->data : NULL;
	int r = !text	      ? -ENOMEM
		: job->claimed ? store_queue_finish(d->store, token, status, text, finished_at, outbox_url)
			       : store_finish(d->store, token, status, text, finished_at);
	free(text);
	if (r == 0) {
		stored = true;
		count_verdict(&d->app->stats, status, finished_at - job->created_at_ms);
		atomic_fetch_add(&d->judged, 1);
	} else if (r == -EALREADY && job->claimed) {
		/* Our lease passed while we judged, and the worker that took
		 * the job over finished first: its result stands. */
		atomic_fetch_add(&d->stale, 1);
		fprintf(stderr, "pairbox: submission %s: judged again after its lease passed; the first result "
			"stands\n", token);
	} else if (r != -ENOENT) {
		/* -EALREADY cannot happen while one server owns the store (the
		 * lock in store.c): say so loudly if it does. -EIO leaves the
		 * row pending: the next start judges it again. */
		fprintf(stderr, "pairbox: submission %s: result not stored: %s\n", token, strerror(-r));
	}
	struct judge_event fin = job->finished_seen ? job->finished
						    : (struct judge_event){ .kind = JUDGE_FINISHED, .status = status };
	fin.status = status;
	pthread_mutex_lock(&d->lock);
	live_notify(&d->live, job->live, &fin);
	live_done(d, job->live);                      /* waiters wake */
	if (job->claimed)
		d->held--;                            /* the claimer may take another */
	pthread_mutex_unlock(&d->lock);

	/* A claimed job's callback went to the store's outbox with its result. */
	if (stored && !job->claimed && d->callbacks && url->data && url->len) {
		int c = callbacks_push(d->callbacks, token, url->data);
		if (c)
			fprintf(stderr, "pairbox: submission %s: callback not queued: %s\n", token, strerror(-c));
	}
	job_free(job);
}

/* Hand a job to the workers (accept_lock held). A refusal other than a
 * full queue means the job can never run: the row ends as an internal
 * error. Returns 0 when the job is the pool's or finished here,
 * -EAGAIN when the queue is full (the job is still the caller's). */
static int submit(struct dispatch *d, struct job *job)
{
	int r = workers_submit(d->workers, &job->wj);
	if (r == 0 || r == -EAGAIN)
		return r;
	if (r == -ESHUTDOWN)
		return -EAGAIN;                             /* stays In Queue for the next start */
	char why[128];
	str_printf(why, sizeof(why), "the workers refused the submission: %s", strerror(-r));
	finish_unjudgeable(d, job->live->token, why);
	pthread_mutex_lock(&d->lock);
	live_done(d, job->live);
	pthread_mutex_unlock(&d->lock);
	job_free(job);
	return 0;
}

/* The next pending row as a job (accept_lock held, lock not): NULL when
 * there is none left; *skip when this one needs nothing (deleted, final,
 * or unjudgeable and finished here). */
static struct job *next_pending_job(struct dispatch *d, bool *skip)
{
	*skip = false;
	pthread_mutex_lock(&d->lock);
	struct job *job = d->ready;
	if (job) {
		d->ready = job->next;
		if (!d->ready)
			d->ready_tail = NULL;
		job->next = NULL;
		pthread_mutex_unlock(&d->lock);
		return job;
	}
	if (d->next_pending >= d->npending) {
		pthread_mutex_unlock(&d->lock);
		return NULL;
	}
	const char *token = d->pending[d->next_pending++];
	struct live *l = live_find(&d->live, token);
	pthread_mutex_unlock(&d->lock);
	*skip = true;
	if (!l)
		return NULL;

	struct store_row row;
	int r = store_get(d->store, token, &row);
	if (r == 0 && row.status_id <= BOX_ST_PROCESSING) {
		char why[256] = "";
		r = job_new(d, row.request, row.created_at_ms, &job, why, sizeof(why));
		if (r == -EINVAL)
			finish_unjudgeable(d, token, why);
		else if (r)
			fprintf(stderr, "pairbox: submission %s: cannot requeue it now: %s\n", token, strerror(-r));
	} else if (r && r != -ENOENT) {
		fprintf(stderr, "pairbox: submission %s: cannot read it back: %s\n", token, strerror(-r));
	}
	store_row_release(&row);
	if (job) {
		job->live = l;
		*skip = false;
		return job;
	}
	/* Gone, final meanwhile, finished as unjudgeable, or failed to load
	 * (ENOMEM, EIO: it stays pending in the store for the next start). */
	pthread_mutex_lock(&d->lock);
	live_done(d, l);
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

/* Feed the workers from the pending rows and the ready list as the queue
 * makes room: a restart may find more pending rows than queue_max. */
static void *feeder_main(void *arg)
{
	struct dispatch *d = arg;
	for (;;) {
		pthread_mutex_lock(&d->lock);
		while (!d->stopping && !feeder_has_work(d))
			pthread_cond_wait(&d->changed, &d->lock);
		bool stop = d->stopping;
		pthread_mutex_unlock(&d->lock);
		if (stop)
			break;

		bool full = false;
		pthread_mutex_lock(&d->accept_lock);
		for (;;) {
			struct workers_stats st;
			workers_stats(d->workers, &st);
			if (st.queued >= st.queue_max) {
				full = true;
				break;
			}
			bool skip;
			struct job *job = next_pending_job(d, &skip);
			if (!job && skip)
				continue;
			if (!job)
				break;
			if (submit(d, job) == -EAGAIN) {
				/* Lost a race with nobody (we hold accept_lock), or
				 * the pool is stopping: back to the front. */
				pthread_mutex_lock(&d->lock);
				job->next = d->ready;
				d->ready = job;
				if (!d->ready_tail)
					d->ready_tail = job;
				pthread_mutex_unlock(&d->lock);
				full = true;
				break;
			}
		}
		pthread_mutex_unlock(&d->accept_lock);

		if (full) {
			/* Wait for a job to end (on_done broadcasts), with a
			 * bound in case the room came from elsewhere. */
			struct timespec until;
			deadline_ms(CLOCK_MONOTONIC, FEED_RECHECK_MS, &until);
			pthread_mutex_lock(&d->lock);
			if (!d->stopping)
				pthread_cond_timedwait(&d->changed, &d->lock, &until);
			pthread_mutex_unlock(&d->lock);
		}
	}
	return NULL;
}

/* ---- a shared store: claims, leases, heartbeats, the outbox, notes ---- */

/* Wait on the kick (lock held) until flag is set, stopping, or ms pass. */
static void kick_wait(struct dispatch *d, const bool *flag, unsigned ms)
{
	struct timespec until;
	deadline_ms(CLOCK_MONOTONIC, ms, &until);
	while (!*flag && !d->stopping)
		if (pthread_cond_timedwait(&d->kick, &d->lock, &until) == ETIMEDOUT)
			break;
}

/* A claimed job handed to the workers; finished as unjudgeable, or given
 * back when it cannot be run here now. */
static void take(struct dispatch *d, const struct store_job *j)
{
	struct job *job = NULL;
	char why[256] = "";
	int r = job_new(d, j->request, j->created_at_ms, &job, why, sizeof(why));
	if (r == -EINVAL) {
		finish_unjudgeable(d, j->token, why);
		return;
	}
	if (r) {
		fprintf(stderr, "pairbox: submission %s: cannot judge it now: %s\n", j->token, strerror(-r));
		store_queue_release(d->store, j->token, d->node_id);
		return;
	}
	job->claimed = true;
	pthread_mutex_lock(&d->lock);
	struct live *l = live_find(&d->live, j->token);
	if (l && !l->remote) {
		/* Ours already: our lease passed while we judged it and we
		 * claimed it back, which renewed it. Judged once here. */
		pthread_mutex_unlock(&d->lock);
		job_free(job);
		return;
	}
	if (!l && (l = live_new(j->token)))
		live_link(&d->live, l);
	if (l)
		l->remote = false;               /* watched here, and now judged here too */
	if (l)
		d->held++;
	pthread_mutex_unlock(&d->lock);
	if (!l) {
		store_queue_release(d->store, j->token, d->node_id);
		job_free(job);
		return;
	}
	job->live = l;
	if (j->attempts > 1)
		fprintf(stderr, "pairbox: submission %s: claimed again (try %u): its last worker's lease passed\n",
			j->token, j->attempts);
	r = workers_submit(d->workers, &job->wj);
	if (r) {
		/* Never expected: we claim only while a worker is free. */
		store_queue_release(d->store, j->token, d->node_id);
		pthread_mutex_lock(&d->lock);
		d->held--;
		live_done(d, l);
		pthread_mutex_unlock(&d->lock);
		job_free(job);
	}
}

/* Claim jobs while a worker is free: at once on a "jobs" note, or every
 * CLAIM_POLL_MS (a note lost while the listener reconnected, a lease
 * that passed: no note tells of those). */
static void *claimer_main(void *arg)
{
	struct dispatch *d = arg;
	for (;;) {
		pthread_mutex_lock(&d->lock);
		while (!d->stopping && d->held >= d->nthreads)
			pthread_cond_wait(&d->changed, &d->lock);
		bool stop = d->stopping;
		d->kicked = false;
		pthread_mutex_unlock(&d->lock);
		if (stop)
			break;
		struct store_job j;
		int r = store_queue_claim(d->store, d->node_id, unix_ms(), d->lease_ms, &j);
		if (r == 0) {
			take(d, &j);
			store_job_release(&j);
			continue;
		}
		if (r != -ENOENT)
			fprintf(stderr, "pairbox: cannot claim a job: %s\n", strerror(-r));
		pthread_mutex_lock(&d->lock);
		kick_wait(d, &d->kicked, CLAIM_POLL_MS);
		pthread_mutex_unlock(&d->lock);
	}
	return NULL;
}

/* A watched row (judged elsewhere) is final: its subscribers hear the end,
 * its waiters wake (lock held). */
static void watch_end(struct dispatch *d, const char *token, int status)
{
	struct live *l = live_find(&d->live, token);
	if (!l || !l->remote)
		return;
	live_notify(&d->live, l, &(struct judge_event){ .kind = JUDGE_FINISHED, .status = status });
	live_done(d, l);
}

/* What the listener hears (its thread). "done": TOKEN MS STATUS. */
static void on_note(void *ctx, const char *channel, const char *payload)
{
	struct dispatch_ear *ear = ctx;
	pthread_mutex_lock(&ear->lock);
	struct dispatch *d = ear->d;
	if (!d) {
		pthread_mutex_unlock(&ear->lock);
		return;
	}
	char token[STORE_TOKEN_LEN + 1] = "";
	long long ms = 0;
	int status = 0;
	bool done = payload && !strcmp(channel, STORE_CHANNEL_DONE) &&
		    sscanf(payload, "%36s %lld %d", token, &ms, &status) == 3;
	if (done) {
		int64_t lag = unix_ms() - (int64_t)ms;
		lag = lag < 0 ? 0 : lag;
		atomic_fetch_add(&d->notes, 1);
		atomic_fetch_add(&d->lag_sum_ms, (uint_fast64_t)lag);
		atomic_store(&d->lag_last_ms, (uint_fast64_t)lag);
	}
	pthread_mutex_lock(&d->lock);
	if (done)
		watch_end(d, token, status);
	if (!payload || !strcmp(channel, STORE_CHANNEL_JOBS))
		d->kicked = true;
	if (!payload || done)
		d->send_kicked = true;
	/* Waiters read their rows again (every one of them after a lost
	 * connection: payload NULL); the claimer and the sender look. */
	pthread_cond_broadcast(&d->changed);
	pthread_cond_broadcast(&d->kick);
	pthread_mutex_unlock(&d->lock);
	pthread_mutex_unlock(&ear->lock);
}

static void beat(struct dispatch *d, bool stopped)
{
	struct store_node n = { .pid = getpid(), .started_ms = d->started_ms, .seen_ms = unix_ms(),
				.threads = d->nthreads, .judged = atomic_load(&d->judged) };
	str_copy(n.id, sizeof(n.id), d->node_id);
	str_copy(n.kind, sizeof(n.kind), d->kind);
	if (gethostname(n.host, sizeof(n.host) - 1))
		str_copy(n.host, sizeof(n.host), "?");
	pthread_mutex_lock(&d->lock);
	n.running = (unsigned)d->held;
	pthread_mutex_unlock(&d->lock);
	int r = stopped ? store_node_stop(d->store, n.id, n.seen_ms) : store_node_beat(d->store, &n);
	if (r)
		fprintf(stderr, "pairbox: node %s: heartbeat not stored: %s\n", n.id, strerror(-r));
}

/* Renew the leases of the jobs judged here. */
static void renew_all(struct dispatch *d)
{
	char (*tokens)[STORE_TOKEN_LEN + 1] = malloc(WATCH_MAX * sizeof(*tokens));
	if (!tokens)
		return;
	pthread_mutex_lock(&d->lock);
	size_t n = live_tokens(&d->live, false, tokens, WATCH_MAX);
	pthread_mutex_unlock(&d->lock);
	for (size_t i = 0; i < n; i++) {
		int r = store_queue_renew(d->store, tokens[i], d->node_id, unix_ms(), d->lease_ms);
		if (r == -ESTALE)
			fprintf(stderr, "pairbox: submission %s: its lease was lost (another worker took it over); "
				"one result will stand\n", tokens[i]);
		else if (r)
			fprintf(stderr, "pairbox: submission %s: lease not renewed: %s\n", tokens[i], strerror(-r));
	}
	free(tokens);
}

/* Rows watched here whose "done" note was missed: read them. */
static void check_watched(struct dispatch *d)
{
	char (*tokens)[STORE_TOKEN_LEN + 1] = malloc(WATCH_MAX * sizeof(*tokens));
	if (!tokens)
		return;
	pthread_mutex_lock(&d->lock);
	size_t n = live_tokens(&d->live, true, tokens, WATCH_MAX);
	pthread_mutex_unlock(&d->lock);
	for (size_t i = 0; i < n; i++) {
		struct store_row row;
		int r = store_get(d->store, tokens[i], &row);
		if (r == 0 && row.status_id > BOX_ST_PROCESSING) {
			pthread_mutex_lock(&d->lock);
			watch_end(d, tokens[i], row.status_id);
			pthread_mutex_unlock(&d->lock);
		} else if (r == -ENOENT) {
			pthread_mutex_lock(&d->lock);
			watch_end(d, tokens[i], BOX_ST_INTERNAL_ERROR);   /* deleted: nothing more to wait for */
			pthread_mutex_unlock(&d->lock);
		}
		store_row_release(&row);
	}
	free(tokens);
}

/* The heartbeat, the leases, the watched rows: until the running jobs
 * are over (beat_stop), then the node's goodbye. */
static void *beater_main(void *arg)
{
	struct dispatch *d = arg;
	int64_t last_renew = unix_ms(), renew_every = d->lease_ms / 3;
	unsigned beats = 0;
	for (;;) {
		beat(d, false);
		if (unix_ms() - last_renew >= renew_every - BEAT_MS / 2 || renew_every <= BEAT_MS) {
			renew_all(d);
			last_renew = unix_ms();
		}
		check_watched(d);
		if (!strcmp(d->kind, "serve") && beats++ % 300 == 0)
			store_node_prune(d->store, unix_ms() - NODES_KEEP_MS);
		pthread_mutex_lock(&d->lock);
		struct timespec until;
		unsigned ms = renew_every < BEAT_MS ? (unsigned)renew_every : BEAT_MS;
		deadline_ms(CLOCK_MONOTONIC, ms, &until);
		while (!d->beat_stop)
			if (pthread_cond_timedwait(&d->kick, &d->lock, &until) == ETIMEDOUT)
				break;
		bool stop = d->beat_stop;
		pthread_mutex_unlock(&d->lock);
		if (stop)
			break;
	}
	beat(d, true);
	return NULL;
}

/* The callback outbox, sent from this API node: one callback at a time,
 * claimed under a lease longer than all its tries can take, deleted once
 * sent (or given up), given back when the stop cut it short. */
static void *sender_main(void *arg)
{
	struct dispatch *d = arg;
	const struct config *cfg = &d->app->cfg;
	/* Every try's timeout, the pauses between tries (500 ms times the
	 * try), and a margin: a slow but living sender keeps its claim. */
	int64_t lease = (int64_t)(cfg->callbacks_max_tries * cfg->callbacks_timeout * 1000.0) +
			250LL * cfg->callbacks_max_tries * (cfg->callbacks_max_tries + 1) + 30000;
	for (;;) {
		pthread_mutex_lock(&d->lock);
		bool stop = d->stopping;
		d->send_kicked = false;
		pthread_mutex_unlock(&d->lock);
		if (stop)
			break;
		char token[STORE_TOKEN_LEN + 1];
		char *url = NULL;
		int r = store_outbox_claim(d->store, d->node_id, unix_ms(), lease, token, &url);
		if (r == 0) {
			int c = callbacks_send(d->callbacks, token, url);
			free(url);
			r = c == -ECANCELED ? store_outbox_release(d->store, token, d->node_id)
					    : store_outbox_done(d->store, token);
			if (r)
				fprintf(stderr, "pairbox: callback %s: outbox not updated: %s\n", token, strerror(-r));
			continue;
		}
		if (r != -ENOENT)
			fprintf(stderr, "pairbox: cannot read the callback outbox: %s\n", strerror(-r));
		pthread_mutex_lock(&d->lock);
		kick_wait(d, &d->send_kicked, SEND_POLL_MS);
		pthread_mutex_unlock(&d->lock);
	}
	return NULL;
}

/* A thread with every signal blocked (the caller's threads take them). */
static int start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int r = -pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

/* The node's id (its lease holder's name): host, pid and a random part,
 * so a restarted process never renews its predecessor's leases. */
static void node_id_make(char *out, size_t len)
{
	char host[STORE_NODE_HOST_MAX + 1] = "", tok[STORE_TOKEN_LEN + 1];
	if (gethostname(host, sizeof(host) - 1) || !host[0])
		str_copy(host, sizeof(host), "host");
	host[32] = '\0';
	for (char *c = host; *c; c++)
		if (*c <= ' ' || *c > '~')
			*c = '_';
	subm_token(tok);
	str_printf(out, len, "%s-%ld-%.8s", host, (long)getpid(), tok);
}

static int shared_start(struct dispatch *d, char *err, size_t errlen)
{
	d->ear = calloc(1, sizeof(*d->ear));
	if (!d->ear) {
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&d->ear->lock, NULL);
	d->ear->d = d;
	int r = 0;
	if (d->nthreads)
		r = store_listen(d->store, STORE_CHANNEL_JOBS, on_note, d->ear);
	if (!r)
		r = store_listen(d->store, STORE_CHANNEL_DONE, on_note, d->ear);
	if (r) {
		str_printf(err, errlen, "cannot listen to the store's notes: %s", strerror(-r));
		return r;
	}
	if ((r = start_thread(&d->beater, beater_main, d)))
		goto fail;
	d->beater_started = true;
	if (d->nthreads) {
		if ((r = start_thread(&d->claimer, claimer_main, d)))
			goto fail;
		d->claimer_started = true;
	}
	if (d->callbacks) {
		if ((r = start_thread(&d->sender, sender_main, d)))
			goto fail;
		d->sender_started = true;
	}
	return 0;
fail:
	str_printf(err, errlen, "cannot start the queue's threads: %s", strerror(-r));
	return r;
}

/* Shared: no claims from now on, the running jobs end (their results
 * stored; jobs not started given back), the leases renewed until then,
 * the node's goodbye, the sender's last callback. */
static void shared_stop(struct dispatch *d)
{
	if (d->claimer_started)
		pthread_join(d->claimer, NULL);
	workers_free(d->workers);
	d->workers = NULL;
	pthread_mutex_lock(&d->lock);
	d->beat_stop = true;
	pthread_cond_broadcast(&d->kick);
	pthread_mutex_unlock(&d->lock);
	if (d->beater_started)
		pthread_join(d->beater, NULL);
	callbacks_stop(d->callbacks);
	if (d->sender_started)
		pthread_join(d->sender, NULL);
	if (d->ear) {
		pthread_mutex_lock(&d->ear->lock);
		d->ear->d = NULL;                       /* the ear stays: the listener may still call it */
		pthread_mutex_unlock(&d->ear->lock);
		pthread_mutex_lock(&retired_ears.lock);
		d->ear->next = retired_ears.list;
		retired_ears.list = d->ear;
		pthread_mutex_unlock(&retired_ears.lock);
		d->ear = NULL;
	}
}

int dispatch_new(struct app *app, struct dispatch **out, char *err, size_t errlen)
{
	return dispatch_new_judged_by(app, NULL, out, err, errlen);
}

int dispatch_new_judged_by(struct app *app, workers_judge_fn judge, struct dispatch **out, char *err,
			   size_t errlen)
{
	*out = NULL;
	struct dispatch *d = calloc(1, sizeof(*d));
	if (!d) {
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	d->app = app;
	d->store = app->store;
	d->shared = store_shared(app->store);
	d->kind = app->node_kind ? app->node_kind : "serve";
	d->started_ms = unix_ms();
	d->lease_ms = (int64_t)(app->cfg.lease_seconds ? app->cfg.lease_seconds : 30) * 1000;
	node_id_make(d->node_id, sizeof(d->node_id));
	pthread_mutex_init(&d->accept_lock, NULL);
	pthread_mutex_init(&d->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->changed, &ca);
	pthread_cond_init(&d->kick, &ca);
	pthread_condattr_destroy(&ca);
	int r = live_table_init(&d->live);
	if (r) {
		str_printf(err, errlen, "out of memory");
		goto fail;
	}

	/* The compile cache is an optimisation: without one, every
	 * submission compiles. */
	r = mkdir_p(app->cfg.state_dir, 0755);        /* the box pool makes it too, but later */
	if (!r)
		r = cache_open(&d->cache, app->cfg.state_dir, CACHE_BYTES);
	if (r)
		fprintf(stderr, "pairbox: no compile cache in %s: %s\n", app->cfg.state_dir, strerror(-r));
	d->have_cache = r == 0;

	/* COUNT: auto is one per CPU (workers.h's 0); 0 is none on a shared
	 * store, where this node then serves only, and one per CPU on SQLite,
	 * whose only node must judge. */
	bool judges = !(d->shared && app->cfg.workers == 0);
	struct workers_config wc;
	workers_config_default(&wc);
	wc.nworkers = app->cfg.workers == CONFIG_AUTO ? 0 : app->cfg.workers;
	wc.queue_max = app->cfg.max_queue_size;
	wc.box.first_id = (int)app->cfg.box_first_id;
	if (wc.box.max_boxes < app->cfg.box_first_id + 1000)
		wc.box.max_boxes = app->cfg.box_first_id + 1000;
	/* The pool is threaded, so keepers are exec'd: this very binary,
	 * whatever its path (tests run it from the build tree). */
	wc.box.helper_path = "/proc/self/exe";
	wc.box.state_dir = app->cfg.state_dir;
	wc.box.binds = lang_all_binds();
	wc.cache = d->have_cache ? &d->cache : NULL;
	wc.judge = judge;
	if (judges && (r = workers_new(&wc, &d->workers, err, errlen)))
		goto fail;
	if (d->workers) {
		struct workers_stats ws;
		workers_stats(d->workers, &ws);
		d->nthreads = ws.nworkers;
	}

	struct callbacks_config cc = {
		.max_tries = app->cfg.callbacks_max_tries,
		.timeout = app->cfg.callbacks_timeout,
		.allow_loopback = app->cfg.callbacks_allow_loopback,
	};
	/* On a shared store the API nodes send the outbox; workers never do. */
	bool sends = app->cfg.enable_callbacks && !(d->shared && !strcmp(d->kind, "worker"));
	if (sends && (r = callbacks_new(&cc, d->store, &d->callbacks, err, errlen)))
		goto fail;
	if (d->shared) {
		/* The queue is the store's: nothing of our own to requeue. */
		if ((r = shared_start(d, err, errlen)))
			goto fail;
		*out = d;
		return 0;
	}

	/* Rows a crash or a kill left In Queue or Processing: judged again,
	 * oldest first. Each is live from now on (waitable, subscribable). */
	if ((r = store_pending(d->store, &d->pending, &d->npending))) {
		str_printf(err, errlen, "cannot read pending submissions from the store: %s", strerror(-r));
		goto fail;
	}
	for (size_t i = 0; i < d->npending; i++) {
		struct live *l = live_new(d->pending[i]);
		if (!l) {
			r = -ENOMEM;
			str_printf(err, errlen, "out of memory");
			goto fail;
		}
		live_link(&d->live, l);
	}
	if (d->npending)
		fprintf(stderr, "pairbox: %zu submissions left pending by the last run are queued again\n",
			d->npending);

	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	r = -pthread_create(&d->feeder, NULL, feeder_main, d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r) {
		str_printf(err, errlen, "cannot start the feeder thread: %s", strerror(-r));
		goto fail;
	}
	d->feeder_started = true;
	*out = d;
	return 0;
fail:
	dispatch_free(d);
	return r;
}

void dispatch_free(struct dispatch *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->accept_lock);
	pthread_mutex_lock(&d->lock);
	d->stopping = true;
	pthread_cond_broadcast(&d->changed);
	pthread_mutex_unlock(&d->lock);
	pthread_mutex_unlock(&d->accept_lock);
	if (d->feeder_started)
		pthread_join(d->feeder, NULL);
	if (d->shared)
		shared_stop(d);
	/* Running jobs finish and store their results (on_done); queued ones
	 * come back CANCELLED and stay In Queue in the store. */
	workers_free(d->workers);
	callbacks_free(d->callbacks);
	while (d->ready) {
		struct job *job = d->ready;
		d->ready = job->next;
		job_free(job);
	}
	live_table_release(&d->live);
	free(d->pending);
	pthread_cond_destroy(&d->changed);
	pthread_cond_destroy(&d->kick);
	pthread_mutex_destroy(&d->lock);
	pthread_mutex_destroy(&d->accept_lock);
	free(d);
}

/* A shared store's accept: the queue is the store's, bounded by
 * MAX_QUEUE_SIZE rows In Queue across every node; stored, then a note
 * wakes the idle workers (a lost note costs them a poll's wait). */
static int accept_shared(struct dispatch *d, const struct store_row *const *rows, size_t n)
{
	pthread_mutex_lock(&d->lock);
	bool stopping = d->stopping;
	pthread_mutex_unlock(&d->lock);
	struct store_queue_stats q;
	if (stopping)
		return -EAGAIN;
	int r = store_queue_stats(d->store, unix_ms(), &q);
	if (r)
		return r == -EAGAIN ? -EIO : r;
	if (q.queued + n > d->app->cfg.max_queue_size)
		return -EAGAIN;
	if ((r = store_insert(d->store, rows, n)))
		return r == -EAGAIN ? -EIO : r;
	r = store_notify(d->store, STORE_CHANNEL_JOBS, rows[0]->token);
	if (r)
		fprintf(stderr, "pairbox: the workers were not told of new jobs (they look by themselves): %s\n",
			strerror(-r));
	return 0;
}

int dispatch_accept(struct dispatch *d, const struct store_row *const *rows, size_t n)
{
	if (n == 0)
		return 0;
	/* Build the jobs first, outside every lock: loading the request is
	 * the expensive part, and a request that does not load is refused
	 * before anything is stored. */
	struct job **jobs = calloc(n, sizeof(struct job *));
	if (!jobs)
		return -ENOMEM;
	int r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		char why[256];
		r = job_new(d, rows[i]->request, rows[i]->created_at_ms, &jobs[i], why, sizeof(why));
		if (r)
			fprintf(stderr, "pairbox: submission %s refused: %s\n", rows[i]->token, why);
		else if (!(jobs[i]->live = live_new(rows[i]->token)))
			r = -ENOMEM;
	}
	if (r)
		goto out;
	if (d->shared) {
		r = accept_shared(d, rows, n);
		goto out;
	}

	pthread_mutex_lock(&d->accept_lock);
	pthread_mutex_lock(&d->lock);
	/* While the feeder still has rows from the last run, the queue is
	 * full in all but name: new work waits its turn with a 503. */
	bool busy = d->stopping || feeder_has_work(d);
	pthread_mutex_unlock(&d->lock);
	struct workers_stats st;
	workers_stats(d->workers, &st);
	if (busy || st.queued + n > st.queue_max) {
		r = -EAGAIN;
		goto unlock;
	}
	/* Committed before anyone hears a token: from here on the rows are
	 * judged, in this process or after a restart. */
	if ((r = store_insert(d->store, rows, n))) {
		r = r == -EAGAIN ? -EIO : r;
		goto unlock;
	}
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < n; i++)
		live_link(&d->live, jobs[i]->live);
	pthread_mutex_unlock(&d->lock);
	for (size_t i = 0; i < n; i++) {
		struct job *job = jobs[i];
		jobs[i] = NULL;                         /* the pool's now, or the feeder's */
		if (submit(d, job) == -EAGAIN) {
			/* Room was checked under accept_lock, so this is not
			 * expected; the row is stored, so it must still run. */
			pthread_mutex_lock(&d->lock);
			if (d->ready_tail)
				d->ready_tail->next = job;
			else
				d->ready = job;
			d->ready_tail = job;
			pthread_cond_broadcast(&d->changed);
			pthread_mutex_unlock(&d->lock);
		}
	}
unlock:
	pthread_mutex_unlock(&d->accept_lock);
out:
	for (size_t i = 0; i < n; i++) {
		if (jobs[i])
			free(jobs[i]->live);            /* never linked */
		job_free(jobs[i]);
	}
	free(jobs);
	return r;
}

int dispatch_accept_subm(struct dispatch *d, const struct subm *s, char token[STORE_TOKEN_LEN + 1])
{
	struct store_row row = { .status_id = BOX_ST_IN_QUEUE, .created_at_ms = unix_ms() };
	subm_token(row.token);
	row.request = subm_dump(s);
	const struct store_row *rows[1] = { &row };
	int r = row.request ? dispatch_accept(d, rows, 1) : -ENOMEM;
	free(row.request);
	if (r == -EAGAIN)
		atomic_fetch_add(&d->app->stats.submissions_rejected_full, 1);
	if (r)
		return r;
	atomic_fetch_add(&d->app->stats.submissions_accepted, 1);
	str_copy(token, STORE_TOKEN_LEN + 1, row.token);
	return 0;
}

/* A shared store's wait: the row read, then a watch on the token until
 * a "done" note (or the job's end here) takes it away, read again at
 * least every WAIT_POLL_MS. */
static int wait_shared(struct dispatch *d, const char *token, unsigned timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;
	for (;;) {
		struct store_row row;
		int r = store_get(d->store, token, &row);
		int status = row.status_id;
		store_row_release(&row);
		if (r == -ENOENT || (r == 0 && status > BOX_ST_PROCESSING))
			return 0;
		uint64_t now = now_ms();
		if (now >= end)
			return -ETIMEDOUT;
		pthread_mutex_lock(&d->lock);
		if (d->stopping) {
			pthread_mutex_unlock(&d->lock);
			return -ETIMEDOUT;
		}
		struct live *l = live_find(&d->live, token);
		if (!l && (l = live_new(token))) {
			l->remote = true;
			live_link(&d->live, l);
		}
		struct timespec until;
		deadline_ms(CLOCK_MONOTONIC, (unsigned)(end - now < WAIT_POLL_MS ? end - now : WAIT_POLL_MS), &until);
		while (live_find(&d->live, token) && !d->stopping)
			if (pthread_cond_timedwait(&d->changed, &d->lock, &until) == ETIMEDOUT)
				break;
		pthread_mutex_unlock(&d->lock);
	}
}

int dispatch_wait(struct dispatch *d, const char *token, unsigned timeout_ms)
{
	if (d->shared)
		return wait_shared(d, token, timeout_ms);
	struct timespec until;
	deadline_ms(CLOCK_MONOTONIC, timeout_ms, &until);
	pthread_mutex_lock(&d->lock);
	int r = 0;
	while (live_find(&d->live, token)) {
		if (d->stopping) {
			r = -ETIMEDOUT;                 /* shutting down: what is queued stays queued */
			break;
		}
		if (pthread_cond_timedwait(&d->changed, &d->lock, &until) == ETIMEDOUT) {
			r = live_find(&d->live, token) ? -ETIMEDOUT : 0;
			break;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return r;
}

long dispatch_subscribe(struct dispatch *d, const char *token,
			void (*fn)(void *ctx, const struct judge_event *ev), void *ctx)
{
	pthread_mutex_lock(&d->lock);
	/* Shared: a row pending anywhere is watched here (judged here or
	 * not; its progress is seen only where it is judged). */
	if (d->shared && !live_find(&d->live, token)) {
		struct live *l = live_new(token);
		if (!l) {
			pthread_mutex_unlock(&d->lock);
			return -ENOMEM;
		}
		l->remote = true;
		live_link(&d->live, l);
	}
	long id = live_subscribe(&d->live, token, fn, ctx);
	pthread_mutex_unlock(&d->lock);
	return id;
}

void dispatch_unsubscribe(struct dispatch *d, long id)
{
	pthread_mutex_lock(&d->lock);
	live_unsubscribe(&d->live, id);
	pthread_mutex_unlock(&d->lock);
}

void dispatch_stats(struct dispatch *d, struct dispatch_stats *st)
{
	struct workers_stats ws = { .queue_max = d->app->cfg.max_queue_size };
	if (d->workers)
		workers_stats(d->workers, &ws);
	if (d->shared) {
		struct store_queue_stats q = { 0 };
		store_queue_stats(d->store, unix_ms(), &q);
		st->workers = d->nthreads;
		st->queued = q.queued;
		st->running = ws.running;
		st->queue_max = d->app->cfg.max_queue_size;
		return;
	}
	pthread_mutex_lock(&d->lock);
	size_t backlog = d->npending - d->next_pending;
	for (const struct job *j = d->ready; j; j = j->next)
		backlog++;
	pthread_mutex_unlock(&d->lock);
	st->workers = ws.nworkers;
	st->queued = ws.queued + backlog;
	st->running = ws.running;
	st->queue_max = ws.queue_max;
}

void dispatch_node(struct dispatch *d, struct dispatch_node *out)
{
	memset(out, 0, sizeof(*out));
	if (!d->shared)
		return;
	out->shared = true;
	str_copy(out->id, sizeof(out->id), d->node_id);
	out->kind = d->kind;
	out->threads = d->nthreads;
	pthread_mutex_lock(&d->lock);
	out->held = d->held;
	pthread_mutex_unlock(&d->lock);
	out->judged = atomic_load(&d->judged);
	out->stale = atomic_load(&d->stale);
	out->notes = atomic_load(&d->notes);
	out->lag_last_ms = atomic_load(&d->lag_last_ms);
	out->lag_avg_ms = out->notes ? atomic_load(&d->lag_sum_ms) / out->notes : 0;
}
