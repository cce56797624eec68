/* store_queue.h - the job queue several machines share (docs/cluster.md):
 * submissions claimed by workers under a lease, their one final result,
 * the callback outbox written with it, and the registry of the nodes.
 * Included by store.h (after STORE_TOKEN_LEN); the same verbs on every
 * driver.
 *
 * A queued submission (status 1 In Queue) is claimed by one worker at a
 * time: status 2 Processing with that worker's id and a lease that ends
 * at lease_until (unix ms). The worker renews the lease while it judges;
 * a worker that dies (kill -9, a lost machine) stops renewing and, once
 * the lease has passed, the row is claimed again by another. So a job
 * may be judged twice (the first worker was only slow, not dead), but
 * store_queue_finish() stores one result only: the first; the second
 * gets -EALREADY and nothing changes.
 *
 * The callback outbox: when the finished submission has a callback_url,
 * a row (token, url) is written in the same transaction as the result,
 * so a result is never stored without its callback nor the reverse. A
 * sender (the API nodes: see docs/cluster.md) claims a row under a lease
 * of its own, sends it, and deletes it. A sender killed during its own
 * HTTP request leaves the row to be sent again once its lease passes:
 * the one window in which a receiver may see a callback twice.
 *
 * Notes (store_listen): "jobs" when rows are queued (any payload), and
 * "done" when a result is stored ("TOKEN MS STATUS": the token, the unix
 * ms of the finish, from which a listener measures the notes' lag, and
 * the final status id). Sent
 * with the transaction that makes them true; SQLite sends none (one
 * process per store). */
#ifndef PAIRBOX_STORE_QUEUE_H
#define PAIRBOX_STORE_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_NODE_ID_MAX 63               /* a worker's or node's id: printable, no spaces */
#define STORE_NODE_HOST_MAX 63
#define STORE_NODES_MAX 1024               /* nodes a list reads at most */
#define STORE_URL_MAX 2048                 /* a callback URL's bytes (Judge0's limit is the body's) */
#define STORE_CHANNEL_JOBS "jobs"
#define STORE_CHANNEL_DONE "done"

struct store_job {
	char token[STORE_TOKEN_LEN + 1];
	char *request;                         /* owned JSON text */
	int64_t created_at_ms;
	int64_t lease_until_ms;
	unsigned attempts;                     /* claims so far, this one included */
};
void store_job_release(struct store_job *j);    /* accepts a zeroed job */

/* Claim the oldest job no live lease holds (In Queue, or Processing with
 * a lease that passed before now_ms) for worker, until now_ms + lease_ms:
 * 0 with *out filled, -ENOENT when there is none, -EINVAL (bad worker id
 * or lease), -EIO. Several claimers at once never get the same job. */
int store_queue_claim(struct store *s, const char *worker, int64_t now_ms, int64_t lease_ms, struct store_job *out);
/* Extend worker's lease on token to now_ms + lease_ms: 0, or -ESTALE when
 * the lease is lost (another worker claimed the row, or it is final or
 * gone): the worker may still finish, but it had better not count on it. */
int store_queue_renew(struct store *s, const char *token, const char *worker, int64_t now_ms, int64_t lease_ms);
/* Give a claimed job back (a stopping worker that will not judge it):
 * In Queue again at once. 0, -ESTALE (not worker's), -EIO. */
int store_queue_release(struct store *s, const char *token, const char *worker);
/* The final result, once, in one transaction with the callback outbox's
 * row (callback_url NULL or "": none) and the "done" note: 0, -EALREADY
 * (final already: the first result stands, no outbox row, no note),
 * -ENOENT, -EINVAL (url too long), -EIO. */
int store_queue_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms,
		       const char *callback_url);

/* Claim the oldest callback of the outbox no live lease holds, for
 * sender, until now_ms + lease_ms: 0 with token and *url (owned, free())
 * set, -ENOENT, -EIO. */
int store_outbox_claim(struct store *s, const char *sender, int64_t now_ms, int64_t lease_ms,
		       char token[STORE_TOKEN_LEN + 1], char **url);
/* Sent (or given up for good): the row goes. 0, -ENOENT. */
int store_outbox_done(struct store *s, const char *token);
/* Not sent (the sender stops): free to claim again at once. 0, -ENOENT. */
int store_outbox_release(struct store *s, const char *token, const char *sender);

/* ---- the registry of nodes: API nodes and workers, for /workers ---- */
struct store_node {
	char id[STORE_NODE_ID_MAX + 1];
	char host[STORE_NODE_HOST_MAX + 1];
	char kind[8];                          /* "serve" or "worker" */
	int64_t pid;
	int64_t started_ms, seen_ms;           /* unix ms: its start, its last heartbeat */
	unsigned threads;                      /* judging threads (0: serves only) */
	unsigned running;                      /* jobs being judged at the heartbeat */
	uint64_t judged;                       /* results it stored since its start */
	bool stopped;                          /* said goodbye (a clean exit) */
};

/* Insert or update n's row (its heartbeat). 0, -EINVAL, -EIO. */
int store_node_beat(struct store *s, const struct store_node *n);
/* A clean exit: the row stays, marked stopped, until store_node_prune. */
int store_node_stop(struct store *s, const char *id, int64_t now_ms);
/* Rows not seen since before_ms go. */
int store_node_prune(struct store *s, int64_t before_ms);
/* Every node, the most recently seen first, at most STORE_NODES_MAX:
 * *out owned (free()). 0, -ENOMEM, -EIO. */
int store_node_list(struct store *s, struct store_node **out, size_t *n);

/* The queue's figures for health and metrics, at now_ms. */
struct store_queue_stats {
	uint64_t queued;                       /* In Queue */
	uint64_t leased;                       /* Processing under a live lease */
	uint64_t expired;                      /* Processing whose lease passed: their worker died */
	uint64_t outbox;                       /* callbacks not yet sent */
	int64_t oldest_queued_ms;              /* age of the oldest In Queue row (0: none) */
};
int store_queue_stats(struct store *s, int64_t now_ms, struct store_queue_stats *out);

#endif
