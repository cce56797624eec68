/* dispatch.h - the store and the judging workers joined: a submission is
 * stored, then queued; a worker judges it; its result is stored once;
 * waiters (wait=true), progress listeners (the native event stream) and
 * the callback_url are told. On start, rows left not final by a crash or
 * a kill are judged again (each ends with exactly one stored result).
 *
 * On a shared store (PostgreSQL, several nodes: docs/cluster.md) the
 * queue is the store's (store_queue.h): an accept stores the rows and
 * sends a "jobs" note; this node's workers, if it has any, claim rows
 * under a lease they renew while judging; a result goes to the store
 * with its callback in the outbox, which the API nodes send; waiters and
 * event streams of rows judged elsewhere wake on the "done" note (their
 * progress events are seen only on the node that judges them). */
#ifndef PAIRBOX_DISPATCH_H
#define PAIRBOX_DISPATCH_H

#include <stddef.h>

#include "judge.h"
#include "store.h"
#include "workers.h"

struct app;
struct dispatch;

/* Start the workers (app->cfg: count, queue size, state dir) and requeue
 * pending rows from app->store. 0 or -errno; err set. */
int dispatch_new(struct app *app, struct dispatch **out, char *err, size_t errlen);
/* The same with judge in place of judge_run(): the workers make no boxes
 * (workers.h). What dispatch promises, tested without a sandbox
 * (tests/unit/api/test_dispatch.c); the server never calls it. */
int dispatch_new_judged_by(struct app *app, workers_judge_fn judge, struct dispatch **out, char *err,
			   size_t errlen);
/* Stop: refuse new work, let running jobs finish and store their results;
 * queued rows stay In Queue in the store for the next start. NULL ok. */
void dispatch_free(struct dispatch *d);

/* Store rows (status 1) and queue them, all or none. 0; -EAGAIN when the
 * queue cannot take them all (nothing stored: the caller answers 503);
 * -EIO when the store failed. */
int dispatch_accept(struct dispatch *d, const struct store_row *const *rows, size_t n);

/* One submission stored and queued under a fresh token (In Queue, created
 * now) and counted in the server's statistics: 0 with token set; -EAGAIN
 * when the queue is full; -EINVAL when it cannot be judged here (the log
 * says why; nothing stored); -EIO or -ENOMEM. */
struct subm;
int dispatch_accept_subm(struct dispatch *d, const struct subm *s, char token[STORE_TOKEN_LEN + 1]);

/* Block until token's row is final or timeout_ms passes: 0 or -ETIMEDOUT. */
int dispatch_wait(struct dispatch *d, const char *token, unsigned timeout_ms);

/* Progress of one submission, for the event stream: fn is called (on a
 * worker thread; it must not block) for each judge_event until FINISHED,
 * then never again. Returns a subscription id > 0, or -ENOENT when the
 * row is not pending (already final: read it from the store). */
long dispatch_subscribe(struct dispatch *d, const char *token,
			void (*fn)(void *ctx, const struct judge_event *ev), void *ctx);
void dispatch_unsubscribe(struct dispatch *d, long id);

struct dispatch_stats {
	size_t workers, queued, running, queue_max;   /* shared: queued counts the store's rows In Queue */
};
void dispatch_stats(struct dispatch *d, struct dispatch_stats *st);

/* This node of a shared store (docs/cluster.md): its id in the nodes'
 * registry and as a lease holder, what it judged, the notes it heard. */
struct dispatch_node {
	bool shared;                  /* false: SQLite, the rest is zero */
	char id[STORE_NODE_ID_MAX + 1];
	const char *kind;             /* "serve" or "worker" */
	unsigned threads;             /* judging workers; 0: serves only */
	size_t held;                  /* jobs claimed and being judged here */
	uint64_t judged;              /* results this node stored */
	uint64_t stale;               /* judged here after the lease passed: another's result stood */
	uint64_t notes;               /* "done" notes heard */
	uint64_t lag_last_ms, lag_avg_ms;  /* from a result's commit to its note heard here */
};
void dispatch_node(struct dispatch *d, struct dispatch_node *out);

#endif
