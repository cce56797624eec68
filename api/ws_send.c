/* ws_send.c - what any thread may do to a WebSocket connection (ws.h):
 * queue a message or a close under the connection's lock and hand it to
 * the WebSocket thread (ws.c) through the server's pending list; the
 * user pointer; references. */
#define _GNU_SOURCE
#include "util.h"
#include "ws_conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool on_thread(const struct ws_server *s)
{
	return pthread_equal(pthread_self(), s->thread);
}

int ws_conn_enqueue(struct ws_conn *c, enum ws_opcode op, const void *data, size_t len)
{
	struct chunk *k = malloc(sizeof(*k) + WS_HEADER_MAX + len);
	if (!k)
		return -ENOMEM;
	size_t h = ws_frame_header(k->data, op, true, len, NULL);
	if (len)
		memcpy(k->data + h, data, len);
	k->len = h + len;
	k->off = 0;
	k->next = NULL;
	if (c->tail)
		c->tail->next = k;
	else
		c->head = k;
	c->tail = k;
	c->queued += k->len;
	return 0;
}

void ws_conn_enqueue_close(struct ws_conn *c, unsigned code, const char *reason)
{
	unsigned char p[WS_CONTROL_MAX];
	size_t n = code ? ws_close_payload(p, code, reason) : 0;   /* 0: the peer's close had no code */
	ws_conn_enqueue(c, WS_OP_CLOSE, p, n);
}

/* A reference goes with c onto the list; the thread is woken unless
 * this is it. */
void ws_conn_mark_pending(struct ws_conn *c)
{
	struct ws_server *s = c->srv;
	if (c->pending)
		return;
	c->pending = true;
	atomic_fetch_add(&c->refs, 1);
	pthread_mutex_lock(&s->lock);
	bool wake = !s->pending && !on_thread(s);
	c->pending_next = s->pending;
	s->pending = c;
	pthread_mutex_unlock(&s->lock);
	if (wake) {
		uint64_t one = 1;
		ssize_t r = write(s->evfd, &one, sizeof(one));
		(void)r;              /* EAGAIN: the counter is already nonzero, so it is awake */
	}
}

int ws_send_text(struct ws_conn *c, const char *data, size_t len)
{
	/* Nothing here reads the server before the state says it is open: a
	 * reference may outlive the server. */
	if (!ws_utf8_valid(data, len))
		return -EILSEQ;
	if (len > c->queue_max - WS_HEADER_MAX)
		return -EMSGSIZE;
	int r = 0;
	pthread_mutex_lock(&c->lock);
	if (c->state != ST_OPEN || c->close_asked || c->slow) {
		r = -EPIPE;
	} else if (c->queued + WS_HEADER_MAX + len > c->queue_max) {
		c->slow = true;      /* WS-SLOW-READER: dropped, never waited for */
		ws_conn_mark_pending(c);
		r = -ENOBUFS;
	} else if (!(r = ws_conn_enqueue(c, WS_OP_TEXT, data, len))) {
		ws_conn_mark_pending(c);
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

void ws_close(struct ws_conn *c, unsigned code, const char *reason)
{
	pthread_mutex_lock(&c->lock);
	if (!c->close_asked && (c->state == ST_OPEN || c->state == ST_NEW)) {
		c->close_asked = true;
		c->close_code = ws_close_code_valid(code) ? code : WS_CLOSE_SERVER_ERROR;
		str_copy(c->close_reason, sizeof(c->close_reason), reason ? reason : "");
		ws_conn_mark_pending(c);
	}
	pthread_mutex_unlock(&c->lock);
}

void *ws_conn_user(struct ws_conn *c)
{
	pthread_mutex_lock(&c->lock);
	void *u = c->user;
	pthread_mutex_unlock(&c->lock);
	return u;
}

void ws_conn_set_user(struct ws_conn *c, void *user)
{
	pthread_mutex_lock(&c->lock);
	c->user = user;
	pthread_mutex_unlock(&c->lock);
}

uint64_t ws_conn_id(const struct ws_conn *c)
{
	return c->id;
}

const char *ws_conn_peer(const struct ws_conn *c)
{
	return c->peer;
}

void ws_conn_ref(struct ws_conn *c)
{
	atomic_fetch_add(&c->refs, 1);
}

void ws_conn_unref(struct ws_conn *c)
{
	if (c && atomic_fetch_sub(&c->refs, 1) == 1) {
		pthread_mutex_destroy(&c->lock);
		free(c);
	}
}
