/* callback.h - Judge0's callback_url: once a submission is final, PUT its
 * Judge0 response to the URL its client gave, from a thread of its own so
 * that a slow or dead receiver never holds up a judging worker.
 *
 * What is sent is what Judge0 1.13.1 sends (app/jobs/isolate_job.rb,
 * call_callback): the submission rendered with the default fields and
 * base64_encoded=true, as application/json, with up to max_tries tries of
 * timeout seconds each. Unlike Judge0, a 5xx answer is tried again too;
 * any other answer ends the delivery.
 *
 * Targets: http and https only, no redirects, no proxy from the
 * environment. The address every connection goes to is checked when its
 * socket is opened (after name resolution, so a name that resolves or
 * re-resolves to loopback cannot slip through): loopback (127.0.0.0/8,
 * ::1, and IPv4 loopback mapped into IPv6) and the unspecified addresses
 * (0.0.0.0/8, ::), which reach this host, are refused unless
 * allow_loopback. A refused delivery is logged and not tried again.
 *
 * Delivery is at most once per finished submission: the queue lives in
 * memory, so a callback not yet sent when the server dies is lost (the
 * stored result is not). On a shared store the queue is the store's
 * callback outbox instead (store_queue.h, dispatch.c), sent through
 * callbacks_send(), and outlives any process. */
#ifndef PAIRBOX_CALLBACK_H
#define PAIRBOX_CALLBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct store;
struct callbacks;

#define CALLBACKS_QUEUE_DEFAULT 10000

struct callbacks_config {
	unsigned max_tries;          /* CALLBACKS_MAX_TRIES; 0 = never call */
	double timeout;              /* CALLBACKS_TIMEOUT: seconds per try */
	bool allow_loopback;         /* CALLBACKS_ALLOW_LOOPBACK */
	size_t queue_max;            /* deliveries waiting; 0 = CALLBACKS_QUEUE_DEFAULT */
};

/* Start the callback thread. store is borrowed for the thread's life: each
 * delivery reads the finished row from it. 0 or -errno with err set. */
int callbacks_new(const struct callbacks_config *cfg, struct store *store, struct callbacks **out,
		  char *err, size_t errlen);

/* Queue a delivery of token's stored submission to url (both copied).
 * Never blocks. 0; -EAGAIN when queue_max deliveries wait already (the
 * caller logs it); -ESHUTDOWN once callbacks_free() has begun; -ENOMEM. */
int callbacks_push(struct callbacks *cb, const char *token, const char *url);

/* Deliver token's stored submission to url now, on the calling thread,
 * with the same tries and pauses (the outbox sender of a shared store):
 * 0 when it was sent, given up for good, or the row is gone; -ECANCELED
 * when callbacks_stop() cut its tries short (not sent: another node may
 * send it); -ENOMEM, -EINVAL. */
int callbacks_send(struct callbacks *cb, const char *token, const char *url);
/* Begin the stop without waiting: a send under way gets one last try
 * within the grace. callbacks_free() still follows. NULL ok. */
void callbacks_stop(struct callbacks *cb);

/* Stop: deliveries still queued get one try each within a few seconds
 * (a graceful shutdown finishes the running jobs just before), the rest
 * are dropped and counted in the log; then the thread is joined. NULL ok. */
void callbacks_free(struct callbacks *cb);

/* True when a callback may not connect to sa (see above). */
bool callbacks_address_refused(const struct sockaddr *sa, socklen_t len, bool allow_loopback);

#endif
