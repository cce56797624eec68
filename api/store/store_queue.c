/* store_queue.c - store_queue.h's verbs: ids, leases and sizes checked,
 * out arguments zeroed, then the driver's queue op (store_driver.h). */
#include "store_driver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LEASE_MAX_MS (24LL * 3600 * 1000)

void store_job_release(struct store_job *j)
{
	if (!j)
		return;
	free(j->request);
	j->request = NULL;
}

/* A worker's, sender's or node's id: 1..STORE_NODE_ID_MAX printable
 * bytes, no spaces (it is logged and shown as is). */
static bool id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n < 1 || n > STORE_NODE_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] > '~')
			return false;
	return true;
}

static bool lease_ok(int64_t now_ms, int64_t lease_ms)
{
	return now_ms > 0 && lease_ms > 0 && lease_ms <= LEASE_MAX_MS;
}

static bool token_ok(const char *token)
{
	return token && *token && strlen(token) <= STORE_TOKEN_LEN;
}

int store_queue_claim(struct store *s, const char *worker, int64_t now_ms, int64_t lease_ms, struct store_job *out)
{
	memset(out, 0, sizeof(*out));
	if (!id_ok(worker) || !lease_ok(now_ms, lease_ms))
		return -EINVAL;
	return s->ops->queue->claim(s, worker, now_ms, lease_ms, out);
}

int store_queue_renew(struct store *s, const char *token, const char *worker, int64_t now_ms, int64_t lease_ms)
{
	if (!token_ok(token) || !id_ok(worker) || !lease_ok(now_ms, lease_ms))
		return -EINVAL;
	return s->ops->queue->renew(s, token, worker, now_ms, lease_ms);
}

int store_queue_release(struct store *s, const char *token, const char *worker)
{
	if (!token_ok(token) || !id_ok(worker))
		return -EINVAL;
	return s->ops->queue->release(s, token, worker);
}

int store_queue_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms,
		       const char *callback_url)
{
	if (!token_ok(token) || status_id < 3 || !result)
		return -EINVAL;
	if (callback_url && !*callback_url)
		callback_url = NULL;
	if (callback_url && strlen(callback_url) > STORE_URL_MAX)
		return -EINVAL;
	return s->ops->queue->finish(s, token, status_id, result, finished_at_ms, callback_url);
}

int store_outbox_claim(struct store *s, const char *sender, int64_t now_ms, int64_t lease_ms,
		       char token[STORE_TOKEN_LEN + 1], char **url)
{
	token[0] = '\0';
	*url = NULL;
	if (!id_ok(sender) || !lease_ok(now_ms, lease_ms))
		return -EINVAL;
	return s->ops->queue->outbox_claim(s, sender, now_ms, lease_ms, token, url);
}

int store_outbox_done(struct store *s, const char *token)
{
	return token_ok(token) ? s->ops->queue->outbox_done(s, token) : -EINVAL;
}

int store_outbox_release(struct store *s, const char *token, const char *sender)
{
	return token_ok(token) && id_ok(sender) ? s->ops->queue->outbox_release(s, token, sender) : -EINVAL;
}

int store_node_beat(struct store *s, const struct store_node *n)
{
	if (!id_ok(n->id) || strnlen(n->host, sizeof(n->host)) == sizeof(n->host) ||
	    (strcmp(n->kind, "serve") && strcmp(n->kind, "worker")))
		return -EINVAL;
	return s->ops->queue->node_beat(s, n);
}

int store_node_stop(struct store *s, const char *id, int64_t now_ms)
{
	return id_ok(id) ? s->ops->queue->node_stop(s, id, now_ms) : -EINVAL;
}

int store_node_prune(struct store *s, int64_t before_ms)
{
	return s->ops->queue->node_prune(s, before_ms);
}

int store_node_list(struct store *s, struct store_node **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return s->ops->queue->node_list(s, out, n);
}

int store_queue_stats(struct store *s, int64_t now_ms, struct store_queue_stats *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->queue->stats(s, now_ms, out);
}
