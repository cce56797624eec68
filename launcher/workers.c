/* workers.c - judging threads, one box pool each, fed from a bounded queue (workers.h). */
#define _GNU_SOURCE
#include "workers.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct worker {
	struct workers *w;
	unsigned index;
	struct box_pool *pool;     /* owned: this worker's single box */
	pthread_t thread;
	bool started;
};

struct workers {
	pthread_mutex_t lock;      /* guards everything below */
	pthread_cond_t ready;      /* a job was queued, or stopping was set */
	pthread_cond_t idle;       /* nothing queued or running any more */
	struct workers_job *head, *tail;
	size_t queued, queue_max, running;
	uint64_t done, cancelled, rejected;
	bool stopping;
	struct compile_cache *cache;
	workers_judge_fn judge;    /* judge_run, or a test's */
	unsigned nworkers;
	struct worker *workers;
};

void workers_config_default(struct workers_config *c)
{
	memset(c, 0, sizeof(*c));
	box_config_default(&c->box);
}

/* The CPUs this process may run on (a container's cpuset, taskset), which
 * is what bounds useful parallelism; the online count as a fallback. */
static unsigned cpu_count(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static void forward_progress(void *ctx, const struct judge_event *ev)
{
	struct workers_job *job = ctx;
	job->progress(job, ev);
}

/* One judge_run(); the outcome and result go into the job. */
static void judge_job(struct worker *wk, struct workers_job *job)
{
	struct judge_req req = job->req;
	char err[256] = "";
	if (!req.cache)
		req.cache = wk->w->cache;
	req.progress = job->progress ? forward_progress : NULL;
	req.progress_ctx = job;
	job->worker = wk->index;
	int r = wk->w->judge(wk->pool, &req, &job->result, err, sizeof(err));
	if (r == 0) {
		job->outcome = WORKERS_JUDGED;
		return;
	}
	/* The sandbox failed, not the program: an internal error, never a verdict. */
	job->outcome = WORKERS_FAILED;
	job->error = r;
	job->result.status = BOX_ST_INTERNAL_ERROR;
	str_copy(job->result.message, sizeof(job->result.message), err[0] ? err : strerror(-r));
}

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct workers *w = wk->w;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->ready, &w->lock);
		/* Once stopping, what is still queued belongs to workers_free(). */
		if (w->stopping)
			break;
		struct workers_job *job = w->head;
		w->head = job->next;
		if (!w->head)
			w->tail = NULL;
		job->next = NULL;
		w->queued--;
		w->running++;
		pthread_mutex_unlock(&w->lock);

		judge_job(wk, job);
		job->done(job);            /* the job may be gone from here on */

		pthread_mutex_lock(&w->lock);
		w->running--;
		w->done++;
		if (!w->running && !w->queued)
			pthread_cond_broadcast(&w->idle);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Set stopping and hand back what is still queued (in order). */
static struct workers_job *stop_and_take(struct workers *w)
{
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	struct workers_job *left = w->head;
	w->head = w->tail = NULL;
	w->queued = 0;
	pthread_cond_broadcast(&w->ready);
	if (!w->running)
		pthread_cond_broadcast(&w->idle);
	pthread_mutex_unlock(&w->lock);
	return left;
}

static void join_and_release(struct workers *w)
{
	for (unsigned i = 0; w->workers && i < w->nworkers; i++) {
		struct worker *wk = &w->workers[i];
		if (wk->started)
			pthread_join(wk->thread, NULL);
		box_pool_free(wk->pool);
	}
	free(w->workers);
	pthread_cond_destroy(&w->ready);
	pthread_cond_destroy(&w->idle);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* Start the threads with every asynchronous signal blocked (they inherit
 * the mask): a server's SIGTERM or SIGCHLD must reach its own threads, and
 * a blocked SIGPIPE turns a write to a dead keeper into EPIPE. Faults stay
 * deliverable. */
static int start_threads(struct workers *w, char *err, size_t errlen)
{
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGTRAP);
	sigdelset(&all, SIGABRT);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int r = 0;
	for (unsigned i = 0; i < w->nworkers && !r; i++) {
		r = -pthread_create(&w->workers[i].thread, NULL, worker_main, &w->workers[i]);
		if (r)
			str_printf(err, errlen, "cannot start worker %u: %s", i, strerror(-r));
		else
			w->workers[i].started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

int workers_new(const struct workers_config *cfg, struct workers **out, char *err, size_t errlen)
{
	int r;
	*out = NULL;
	if (!cfg->judge && !cfg->box.helper_path) {
		/* Keepers forked (not exec'd) from a threaded program are unsafe. */
		str_printf(err, errlen, "workers need box.helper_path (the pairbox binary)");
		return -EINVAL;
	}
	struct workers *w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	pthread_cond_init(&w->idle, NULL);
	w->queue_max = cfg->queue_max ? cfg->queue_max : WORKERS_QUEUE_DEFAULT;
	w->cache = cfg->cache;
	w->judge = cfg->judge ? cfg->judge : judge_run;
	w->nworkers = cfg->nworkers ? cfg->nworkers : cpu_count();
	w->workers = calloc(w->nworkers, sizeof(*w->workers));
	if (!w->workers) {
		r = -ENOMEM;
		str_printf(err, errlen, "out of memory");
		goto fail;
	}
	for (unsigned i = 0; i < w->nworkers; i++) {
		struct worker *wk = &w->workers[i];
		struct box_config bc = cfg->box;
		char why[256];
		wk->w = w;
		wk->index = i;
		bc.slots = cfg->boxes ? cfg->boxes : 1;
		if (bc.first_id >= 0)
			bc.first_id += (int)i;
		if (!cfg->judge && (r = box_pool_new(&bc, &wk->pool, why, sizeof(why)))) {
			str_printf(err, errlen, "worker %u: %s", i, why);
			goto fail;
		}
	}
	if ((r = start_threads(w, err, errlen)))
		goto fail;
	*out = w;
	return 0;
fail:
	stop_and_take(w);               /* nothing was queued: there is nothing to report */
	join_and_release(w);
	return r;
}

int workers_submit(struct workers *w, struct workers_job *job)
{
	if (!job || !job->done || (!job->req.lang && !job->req.answers) || !job->req.tests || !job->req.ntests)
		return -EINVAL;
	pthread_mutex_lock(&w->lock);
	int r = 0;
	if (w->stopping) {
		r = -ESHUTDOWN;
	} else if (w->queued >= w->queue_max) {
		w->rejected++;
		r = -EAGAIN;
	} else {
		/* Initialised here so every outcome, cancelled included, leaves a
		 * result the owner can release. */
		job->outcome = 0;
		job->error = 0;
		job->worker = 0;
		judge_result_init(&job->result);
		job->next = NULL;
		if (w->tail)
			w->tail->next = job;
		else
			w->head = job;
		w->tail = job;
		w->queued++;
		pthread_cond_signal(&w->ready);
	}
	pthread_mutex_unlock(&w->lock);
	return r;
}

void workers_stats(struct workers *w, struct workers_stats *st)
{
	pthread_mutex_lock(&w->lock);
	*st = (struct workers_stats){
		.nworkers = w->nworkers, .queue_max = w->queue_max, .queued = w->queued,
		.running = w->running, .done = w->done, .cancelled = w->cancelled, .rejected = w->rejected,
	};
	pthread_mutex_unlock(&w->lock);
}

void workers_drain(struct workers *w)
{
	pthread_mutex_lock(&w->lock);
	while (w->queued || w->running)
		pthread_cond_wait(&w->idle, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

void workers_free(struct workers *w)
{
	if (!w)
		return;
	struct workers_job *job = stop_and_take(w);
	/* Reported before the running jobs are waited for: their owners learn
	 * at once that these were never run. */
	while (job) {
		struct workers_job *next = job->next;
		job->next = NULL;
		job->outcome = WORKERS_CANCELLED;
		job->result.status = BOX_ST_IN_QUEUE;
		str_copy(job->result.message, sizeof(job->result.message), "not run: the judge is shutting down");
		job->done(job);            /* may free the job */
		pthread_mutex_lock(&w->lock);
		w->cancelled++;
		pthread_mutex_unlock(&w->lock);
		job = next;
	}
	join_and_release(w);
}
