/* ws.c - the WebSocket thread (ws.h): every upgraded socket in one epoll
 * set, nonblocking, each with a bounded send queue; frames through
 * ws_frame.c; pings, the dead and the slow dropped, the rate cap.
 *
 * Who touches what: other threads only queue (ws_send.c: ws_send_text,
 * ws_close) under the connection's lock and put the connection on the
 * server's pending list (waking the thread through an eventfd); the thread alone
 * reads, writes, calls the handlers, runs the timers and releases a
 * connection. A released connection's memory lives on while anyone holds
 * a reference. */
#define _GNU_SOURCE
#include "util.h"
#include "ws_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define READS_PER_WAKE 4          /* then the next ready socket: a flood cannot starve the rest */
#define TICK_MS 250               /* timers (pings, the dead, close deadlines) are checked this often */
#define WRITE_IOV 64

/* ---- the thread: ending a connection ---- */

static void call_on_close(struct ws_conn *c, unsigned code)
{
	if (c->opened && !c->closed_cb) {
		c->closed_cb = true;
		if (c->h->on_close)
			c->h->on_close(c, code);
	}
}

/* Done with c: out of the epoll set, the socket handed back, the user
 * pointer freed; its memory goes when the last reference does. */
static void conn_release(struct ws_server *s, struct ws_conn *c)
{
	if (c->state == ST_DONE)
		return;
	if (c->state != ST_NEW) {
		epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
		if (c->prev)
			c->prev->next = c->next;
		else
			s->live = c->next;
		if (c->next)
			c->next->prev = c->prev;
	}
	pthread_mutex_lock(&c->lock);
	c->state = ST_DONE;
	void *user = c->user;
	c->user = NULL;
	for (struct chunk *k = c->head, *n; k; k = n) {
		n = k->next;
		free(k);
	}
	c->head = c->tail = NULL;
	c->queued = 0;
	pthread_mutex_unlock(&c->lock);
	shutdown(c->fd, SHUT_RDWR);
	c->release(c->release_ctx);  /* the socket is closed by its owner from here on */
	if (user && c->h->free_user)
		c->h->free_user(user);
	ws_parser_release(&c->parser);
	free(c->extra);
	c->extra = NULL;
	pthread_mutex_lock(&s->lock);
	s->count--;
	pthread_mutex_unlock(&s->lock);
	c->prev = NULL;
	c->next = s->grave;
	s->grave = c;
}

/* The connection broke, or is dropped without a close handshake (a dead
 * peer, a slow one): its close by the HTTP layer resets it, so what the
 * kernel still held for it (a slow reader's megabytes) goes at once
 * instead of lingering for TCP's timeouts. */
static void conn_gone(struct ws_server *s, struct ws_conn *c, unsigned code)
{
	struct linger abort_close = { .l_onoff = 1, .l_linger = 0 };
	setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof(abort_close));
	call_on_close(c, code);
	conn_release(s, c);
}

static void conn_flush(struct ws_server *s, struct ws_conn *c);

/* Start the closing handshake from our side (or answer the peer's):
 * queue the close frame after what is queued, tell the handlers. */
static void conn_begin_close(struct ws_server *s, struct ws_conn *c, unsigned code, const char *reason)
{
	pthread_mutex_lock(&c->lock);
	bool open = c->state == ST_OPEN;
	if (open) {
		c->state = ST_CLOSING;
		ws_conn_enqueue_close(c, code, reason);
	}
	pthread_mutex_unlock(&c->lock);
	if (!open)
		return;
	c->deadline = now_ms() + s->set.close_timeout_ms;
	call_on_close(c, code ? code : WS_CLOSE_NO_STATUS);
	conn_flush(s, c);
}

/* ---- the thread: writing ---- */

static void set_out(struct ws_server *s, struct ws_conn *c, bool on)
{
	if (c->out_armed == on)
		return;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0), .data.ptr = c };
	if (epoll_ctl(s->ep, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->out_armed = on;
}

/* Write what the queue holds until it is empty or the socket is full. */
static void conn_flush(struct ws_server *s, struct ws_conn *c)
{
	bool broken = false;
	pthread_mutex_lock(&c->lock);
	while (c->head) {
		struct iovec iov[WRITE_IOV];
		int n = 0;
		for (struct chunk *k = c->head; k && n < WRITE_IOV; k = k->next, n++) {
			iov[n].iov_base = k->data + k->off;
			iov[n].iov_len = k->len - k->off;
		}
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = (size_t)n };
		ssize_t w = sendmsg(c->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			broken = errno != EAGAIN && errno != EWOULDBLOCK;
			break;
		}
		size_t left = (size_t)w;
		c->queued -= left;
		while (left) {
			struct chunk *k = c->head;
			size_t part = k->len - k->off < left ? k->len - k->off : left;
			k->off += part;
			left -= part;
			if (k->off == k->len) {
				c->head = k->next;
				free(k);
			}
		}
		if (!c->head)
			c->tail = NULL;
	}
	bool empty = !c->head;
	bool closing = c->state == ST_CLOSING;
	pthread_mutex_unlock(&c->lock);
	if (broken) {
		conn_gone(s, c, WS_CLOSE_ABNORMAL);
		return;
	}
	set_out(s, c, !empty);
	if (empty && closing && !c->wr_shut) {
		/* Our close frame is out: shut our side so the peer reads it and
		 * then EOF, and keep reading until its close frame (RFC 6455
		 * 7.1.1: the server closes the TCP connection first, but only
		 * after reading what the peer sent, or the kernel would answer
		 * with a reset that can destroy our close frame). */
		shutdown(c->fd, SHUT_WR);
		c->wr_shut = true;
		if (c->peer_closed)
			conn_release(s, c);
	}
}

/* ---- the thread: reading ---- */

static void send_rate_error(struct ws_server *s, struct ws_conn *c)
{
	char msg[200];
	str_printf(msg, sizeof(msg),
		   "{\"type\":\"error\",\"code\":\"rate\",\"message\":\"more than %u messages a second: "
		   "messages are being dropped\"}", s->set.rate_per_s);
	ws_send_text(c, msg, strlen(msg));
}

/* A text message: through the rate cap (a token bucket) to on_text. */
static void deliver(struct ws_server *s, struct ws_conn *c, const char *data, size_t len)
{
	uint64_t now = now_ms();
	double t = c->tokens + (double)(now - c->tokens_at) * s->set.rate_per_s / 1000.0;
	c->tokens = t > s->set.rate_burst ? s->set.rate_burst : t;
	c->tokens_at = now;
	if (c->tokens >= 1) {
		c->tokens -= 1;
		if (c->h->on_text)
			c->h->on_text(c, data, len);
		return;
	}
	/* Dropped. Drops less than a second apart make one episode; one that
	 * lasts rate_close_after_ms ends the connection (WS-RATE). */
	if (now - c->last_drop > 1000)
		c->over_since = now;
	c->last_drop = now;
	if (now - c->over_since >= s->set.rate_close_after_ms) {
		conn_begin_close(s, c, WS_CLOSE_POLICY, "too many messages");
		return;
	}
	if (!c->last_rate_error || now - c->last_rate_error >= 1000) {
		c->last_rate_error = now;
		send_rate_error(s, c);
	}
}

/* Bytes from the peer through the parser. False once c is released. */
static bool conn_feed(struct ws_server *s, struct ws_conn *c, const unsigned char *data, size_t len)
{
	while (len) {
		if (c->state != ST_OPEN && (c->peer_closed || c->parser.fail_code))
			return true;      /* closing: what follows is read and dropped */
		struct ws_event ev;
		size_t n = ws_parser_feed(&c->parser, data, len, &ev);
		data += n;
		len -= n;
		switch (ev.kind) {
		case WS_EV_NONE:
		case WS_EV_PONG:
		case WS_EV_BINARY:    /* the parser refuses binary (1003) */
			break;
		case WS_EV_TEXT: {
			pthread_mutex_lock(&c->lock);
			bool live = c->state == ST_OPEN && !c->close_asked;
			pthread_mutex_unlock(&c->lock);
			if (live)
				deliver(s, c, (const char *)ev.data, ev.len);
			break;
		}
		case WS_EV_PING:
			pthread_mutex_lock(&c->lock);
			if (c->state == ST_OPEN)
				ws_conn_enqueue(c, WS_OP_PONG, ev.data, ev.len);
			pthread_mutex_unlock(&c->lock);
			break;
		case WS_EV_CLOSE:
			c->peer_closed = true;
			if (c->state != ST_OPEN) {        /* the answer to ours */
				conn_release(s, c);
				return false;
			}
			/* Echo the peer's code (none if it sent none). */
			conn_begin_close(s, c, ev.code == WS_CLOSE_NO_STATUS ? 0 : ev.code, "");
			return c->state != ST_DONE;
		case WS_EV_ERROR:
			conn_begin_close(s, c, ev.code, ev.why);
			return c->state != ST_DONE;
		}
		if (c->state == ST_DONE)
			return false;
	}
	return true;
}

static void conn_read(struct ws_server *s, struct ws_conn *c)
{
	for (int i = 0; i < READS_PER_WAKE && c->state != ST_DONE; i++) {
		ssize_t r = recv(c->fd, s->buf, sizeof(s->buf), MSG_DONTWAIT);
		if (r > 0) {
			c->last_rx = now_ms();
			if (!conn_feed(s, c, s->buf, (size_t)r))
				return;
			if ((size_t)r < sizeof(s->buf))
				break;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		/* EOF or an error: the peer is gone (or has answered our close
		 * by closing, which ends the handshake as well). */
		conn_gone(s, c, WS_CLOSE_ABNORMAL);
		return;
	}
	if (c->state != ST_DONE)
		conn_flush(s, c);     /* pongs, rate errors, what the handlers sent */
}

/* ---- the thread: adopted connections, timers, the loop ---- */

/* A connection turned away before it opened: a close frame, best effort. */
static void refuse(int fd, unsigned code, const char *reason)
{
	unsigned char frame[WS_HEADER_MAX + WS_CONTROL_MAX], p[WS_CONTROL_MAX];
	size_t n = ws_close_payload(p, code, reason);
	size_t h = ws_frame_header(frame, WS_OP_CLOSE, true, n, NULL);
	memcpy(frame + h, p, n);
	ssize_t w = send(fd, frame, h + n, MSG_NOSIGNAL | MSG_DONTWAIT);
	(void)w;
	shutdown(fd, SHUT_RDWR);
}

static void conn_open(struct ws_server *s, struct ws_conn *c, bool stopping)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.ptr = c };
	if (stopping || epoll_ctl(s->ep, EPOLL_CTL_ADD, c->fd, &ev)) {
		if (stopping)
			refuse(c->fd, WS_CLOSE_GOING_AWAY, "server shutting down");
		else
			refuse(c->fd, WS_CLOSE_SERVER_ERROR, "server error");
		conn_release(s, c);
		return;
	}
	uint64_t now = now_ms();
	pthread_mutex_lock(&c->lock);
	c->state = ST_OPEN;
	pthread_mutex_unlock(&c->lock);
	c->next = s->live;
	if (s->live)
		s->live->prev = c;
	s->live = c;
	c->last_rx = c->last_ping = c->tokens_at = now;
	c->tokens = s->set.rate_burst;
	c->opened = true;
	if (c->h->on_open)
		c->h->on_open(c);
	if (c->extra_len && c->state == ST_OPEN)
		conn_feed(s, c, c->extra, c->extra_len);
	if (c->state != ST_DONE)
		conn_flush(s, c);
}

static void run_pending(struct ws_server *s, bool stopping)
{
	pthread_mutex_lock(&s->lock);
	struct ws_conn *list = s->pending;
	s->pending = NULL;
	pthread_mutex_unlock(&s->lock);
	while (list) {
		struct ws_conn *c = list;
		list = c->pending_next;
		pthread_mutex_lock(&c->lock);
		c->pending = false;
		enum conn_state st = c->state;
		bool slow = c->slow, close = c->close_asked;
		pthread_mutex_unlock(&c->lock);
		if (st == ST_NEW)
			conn_open(s, c, stopping);
		if (c->state == ST_OPEN && slow)
			conn_gone(s, c, WS_CLOSE_ABNORMAL);
		else if (c->state == ST_OPEN && close)
			conn_begin_close(s, c, c->close_code, c->close_reason);
		else if (c->state != ST_DONE)
			conn_flush(s, c);
		ws_conn_unref(c);
	}
}

static void tick(struct ws_server *s, uint64_t now)
{
	for (struct ws_conn *c = s->live, *next; c; c = next) {
		next = c->next;
		if (c->state == ST_CLOSING) {
			if (now >= c->deadline)
				conn_release(s, c);      /* the peer never answered our close */
		} else if (now - c->last_rx >= s->set.peer_timeout_ms) {
			conn_gone(s, c, WS_CLOSE_ABNORMAL);   /* WS-DEAD-PEER: nothing read for too long */
		} else if (now - c->last_ping >= s->set.ping_interval_ms) {
			c->last_ping = now;
			pthread_mutex_lock(&c->lock);
			ws_conn_enqueue(c, WS_OP_PING, NULL, 0);
			pthread_mutex_unlock(&c->lock);
			conn_flush(s, c);
		}
	}
}

static void bury(struct ws_server *s)
{
	while (s->grave) {
		struct ws_conn *c = s->grave;
		s->grave = c->next;
		ws_conn_unref(c);   /* the server's own reference */
	}
}

static void *ws_thread(void *arg)
{
	struct ws_server *s = arg;
	struct epoll_event evs[128];
	uint64_t next_tick = now_ms() + TICK_MS, stop_deadline = 0;
	bool stopping = false;
	for (;;) {
		uint64_t now = now_ms();
		int n = epoll_wait(s->ep, evs, 128, next_tick > now ? (int)(next_tick - now) : 0);
		for (int i = 0; i < n; i++) {
			struct ws_conn *c = evs[i].data.ptr;
			if (!c) {
				uint64_t v;
				ssize_t r = read(s->evfd, &v, sizeof(v));
				(void)r;
				continue;
			}
			if (c->state == ST_DONE)
				continue;
			if (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
				conn_read(s, c);
			if (c->state != ST_DONE && (evs[i].events & EPOLLOUT))
				conn_flush(s, c);
		}
		pthread_mutex_lock(&s->lock);
		bool stop_now = s->stopping;
		pthread_mutex_unlock(&s->lock);
		if (stop_now && !stopping) {
			stopping = true;
			stop_deadline = now_ms() + s->set.close_timeout_ms;
			for (struct ws_conn *c = s->live, *next; c; c = next) {
				next = c->next;
				conn_begin_close(s, c, WS_CLOSE_GOING_AWAY, "server shutting down");
			}
		}
		run_pending(s, stopping);
		now = now_ms();
		if (now >= next_tick) {
			tick(s, now);
			next_tick = now + TICK_MS;
		}
		if (stopping && now >= stop_deadline)
			while (s->live)
				conn_gone(s, s->live, WS_CLOSE_GOING_AWAY);
		bury(s);
		if (stopping) {
			pthread_mutex_lock(&s->lock);
			bool idle = !s->pending && !s->live && !s->count;
			pthread_mutex_unlock(&s->lock);
			if (idle)
				break;
		}
	}
	return NULL;
}

/* ---- the server ---- */

int ws_server_new(const struct ws_settings *set, struct ws_server **out)
{
	struct ws_server *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->set = *set;
	pthread_mutex_init(&s->lock, NULL);
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	s->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	int r = 0;
	if (s->ep < 0 || s->evfd < 0 || epoll_ctl(s->ep, EPOLL_CTL_ADD, s->evfd, &ev))
		r = -errno;
	else
		r = -pthread_create(&s->thread, NULL, ws_thread, s);
	if (r) {
		if (s->ep >= 0)
			close(s->ep);
		if (s->evfd >= 0)
			close(s->evfd);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return r;
	}
	*out = s;
	return 0;
}

void ws_server_stop(struct ws_server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	bool first = !s->stopping;
	s->stopping = true;
	pthread_mutex_unlock(&s->lock);
	if (!first)
		return;
	uint64_t one = 1;
	ssize_t w = write(s->evfd, &one, sizeof(one));
	(void)w;
	pthread_join(s->thread, NULL);
}

void ws_server_free(struct ws_server *s)
{
	if (!s)
		return;
	ws_server_stop(s);
	close(s->ep);
	close(s->evfd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

bool ws_server_reserve(struct ws_server *s)
{
	pthread_mutex_lock(&s->lock);
	bool ok = !s->stopping && s->count + s->reserved < s->set.max_connections;
	if (ok)
		s->reserved++;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

void ws_server_unreserve(struct ws_server *s)
{
	pthread_mutex_lock(&s->lock);
	s->reserved--;
	pthread_mutex_unlock(&s->lock);
}

unsigned ws_server_count(struct ws_server *s)
{
	pthread_mutex_lock(&s->lock);
	unsigned n = s->count;
	pthread_mutex_unlock(&s->lock);
	return n;
}

int ws_server_adopt(struct ws_server *s, int fd, const void *extra, size_t extra_len, void (*release)(void *),
		    void *release_ctx, const struct ws_handlers *h, void *user, const char *peer)
{
	struct ws_conn *c = calloc(1, sizeof(*c));
	unsigned char *copy = extra_len ? malloc(extra_len) : NULL;
	int flags = fcntl(fd, F_GETFL);
	if (!c || (extra_len && !copy) || flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK)) {
		int e = !c || (extra_len && !copy) ? -ENOMEM : -errno;
		free(c);
		free(copy);
		ws_server_unreserve(s);
		release(release_ctx);
		if (user && h->free_user)
			h->free_user(user);
		return e;
	}
	/* Small messages go out at once: no Nagle delay behind an unacknowledged one. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (extra_len)
		memcpy(copy, extra, extra_len);
	c->srv = s;
	atomic_init(&c->refs, 1);
	c->fd = fd;
	c->queue_max = s->set.send_queue_max;
	str_copy(c->peer, sizeof(c->peer), peer ? peer : "");
	c->h = h;
	c->release = release;
	c->release_ctx = release_ctx;
	pthread_mutex_init(&c->lock, NULL);
	c->user = user;
	c->state = ST_NEW;
	c->extra = copy;
	c->extra_len = extra_len;
	ws_parser_init(&c->parser, s->set.max_message, true, false);
	pthread_mutex_lock(&s->lock);
	s->reserved--;
	bool stopping = s->stopping;
	if (!stopping) {
		s->count++;
		c->id = ++s->next_id;
	}
	pthread_mutex_unlock(&s->lock);
	if (stopping) {
		/* The thread may be gone already: refused here, on this thread. */
		refuse(fd, WS_CLOSE_GOING_AWAY, "server shutting down");
		release(release_ctx);
		if (user && h->free_user)
			h->free_user(user);
		pthread_mutex_destroy(&c->lock);
		free(c->extra);
		free(c);
		return -ESHUTDOWN;
	}
	/* The thread opens it, so that every handler runs there. */
	pthread_mutex_lock(&c->lock);
	ws_conn_mark_pending(c);
	pthread_mutex_unlock(&c->lock);
	return 0;
}
