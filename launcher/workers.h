/* workers.h - a pool of judging threads fed from a bounded FIFO queue.
 *
 * What a server links to judge submissions concurrently:
 *
 *   workers_submit() ──▶ queue (at most queue_max waiting) ──▶ worker i ──▶ judge_run()
 *        │ -EAGAIN when full: the caller answers "busy"        │ its own box_pool (one slot,
 *        ▼                                                     │ its own box id and uid)
 *   job->progress(job, event) ... job->done(job): exactly once per accepted job
 *
 * Each worker thread owns one struct box_pool with a single slot, so no two
 * workers ever share a box; keepers are exec'd from box.helper_path (which
 * is required: the pool is threaded).
 *
 * Guarantees: a job that workers_submit() accepted (returned 0) gets exactly
 * one done() call: WORKERS_JUDGED or WORKERS_FAILED after one judge_run(),
 * or WORKERS_CANCELLED, never run, when workers_free() finds it still
 * queued. A job that was refused (any non-zero return) is untouched and
 * never called back. No job is ever judged twice.
 *
 * Ownership: the pool borrows a submitted job, and everything its req
 * points to (lang, source, tests and their strings), from workers_submit()
 * until its done() is called; the caller must neither change nor free them
 * in between. From the start of done() the pool never touches the job
 * again, so done() may free it. job->result is owned by the job: whoever
 * ends up with the job releases it with judge_result_release() (it is valid,
 * possibly empty, for every outcome). The struct workers owns its threads
 * and box pools; the compile cache in the config is borrowed for the pool's
 * life.
 *
 * Threads: progress() and done() of a judged job run on its worker's
 * thread; done() of a cancelled job runs on the thread in workers_free().
 * Callbacks may be called concurrently for different jobs; the pool holds
 * none of its locks while calling them, so they may call workers_submit()
 * and workers_stats(), but never workers_free(). A slow callback holds up
 * its worker (and counts as running).
 */
#ifndef PAIRBOX_WORKERS_H
#define PAIRBOX_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include "box.h"
#include "cache.h"
#include "judge.h"

/* Judge0's MAX_QUEUE_SIZE default. */
#define WORKERS_QUEUE_DEFAULT 100

/* judge_run()'s signature (judge.h). */
typedef int (*workers_judge_fn)(struct box_pool *pool, const struct judge_req *req, struct judge_result *res,
				char *err, size_t errlen);

struct workers_config {
	unsigned nworkers;            /* judging threads; 0 = CPUs this process may use */
	size_t queue_max;             /* jobs waiting (not running); 0 = WORKERS_QUEUE_DEFAULT */
	/* Template of every worker's box pool: copied, with slots = boxes and
	 * first_id = box.first_id + i for worker i (the next free id upward;
	 * ids are exclusive through their lock files; -1 = any free id).
	 * helper_path is required. */
	struct box_config box;
	unsigned boxes;               /* boxes per worker: 2 for interactive problems (0 = 1) */
	struct compile_cache *cache;  /* borrowed, optional: used by jobs whose req.cache is NULL */
	/* What judges a job: judge_run() when NULL. A test's own judge runs
	 * without boxes: no box pool is made (its pool argument is NULL) and
	 * box.helper_path is not needed. */
	workers_judge_fn judge;
};

/* box_config_default() for the boxes, every other field 0 or NULL. */
void workers_config_default(struct workers_config *c);

enum workers_outcome {
	WORKERS_JUDGED = 1,   /* judge_run() returned 0: result holds the verdict */
	WORKERS_FAILED,       /* judge_run() failed (no box, no workspace): result.status is 13,
	                         error the -errno, result.message judge_run's reason */
	WORKERS_CANCELLED,    /* still queued at workers_free(): never run; result.status is 1 */
};

struct workers_job;

/* A judge_event of the job, forwarded in order, on its worker's thread,
 * always before done(). A WORKERS_FAILED job may end without JUDGE_FINISHED. */
typedef void (*workers_progress_fn)(struct workers_job *job, const struct judge_event *ev);
/* The job's end; called exactly once for every accepted job. */
typedef void (*workers_done_fn)(struct workers_job *job);

struct workers_job {
	/* Set by the caller before workers_submit(). */
	uint64_t id;                   /* the caller's own, never read by the pool */
	void *ctx;                     /* likewise */
	struct judge_req req;          /* borrowed contents; its progress and
	                                  progress_ctx are ignored (see progress) */
	workers_progress_fn progress;  /* optional */
	workers_done_fn done;          /* required */

	/* Filled by the pool before done(). */
	enum workers_outcome outcome;
	int error;                     /* WORKERS_FAILED: the -errno of judge_run() */
	unsigned worker;               /* index of the worker that ran it (0 if cancelled) */
	struct judge_result result;    /* initialised by workers_submit(); owned by the job */

	struct workers_job *next;      /* private to the pool while it holds the job */
};

struct workers_stats {
	unsigned nworkers;
	size_t queue_max;
	size_t queued;                 /* waiting for a worker */
	size_t running;                /* being judged, or in their done() */
	uint64_t done;                 /* judged or failed, and their done() returned */
	uint64_t cancelled;            /* reported WORKERS_CANCELLED */
	uint64_t rejected;             /* workers_submit() calls refused with -EAGAIN */
};

struct workers;

/* Start the workers: one box pool each (keepers started now), then the
 * threads, which block every asynchronous signal (signals go to the
 * caller's threads). Returns 0, or -errno with err set (e.g. no free box
 * id, no helper_path); nothing is left running on failure. */
int workers_new(const struct workers_config *cfg, struct workers **out, char *err, size_t errlen);

/* Queue a job (FIFO). Returns 0 when accepted, -EAGAIN when queue_max jobs
 * are already waiting (nothing is queued: answer "busy" and let the client
 * retry), -EINVAL when done, req.lang, req.tests or req.ntests is missing,
 * -ESHUTDOWN once workers_free() has begun. Never blocks on judging. */
int workers_submit(struct workers *w, struct workers_job *job);

/* A consistent snapshot of the counters. */
void workers_stats(struct workers *w, struct workers_stats *st);

/* Block until nothing is queued or running (jobs submitted meanwhile are
 * waited for too): a graceful shutdown stops taking submissions, drains,
 * then frees. Must not be called from a job's callback. */
void workers_drain(struct workers *w);

/* Stop: refuse new jobs; report every job still queued as
 * WORKERS_CANCELLED (in queue order, on this thread); let each running job
 * finish its judge_run() and done(); join the threads; kill the keepers and
 * remove the boxes' cgroups. Blocks until all of that is done; w is gone
 * when it returns, so the caller stops submitting first (a submit that
 * races with it gets -ESHUTDOWN). Accepts NULL. Must not be called from a
 * job's callback. */
void workers_free(struct workers *w);

#endif
