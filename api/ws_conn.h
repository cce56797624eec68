/* ws_conn.h - private to api/ws.c and api/ws_send.c: a WebSocket
 * connection and the server that owns them (ws.h is the public face).
 * ws.c is the WebSocket thread; ws_send.c is what any thread may call. */
#ifndef PAIRBOX_WS_CONN_H
#define PAIRBOX_WS_CONN_H

#include "ws.h"
#include "ws_frame.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define WS_READ_BUF 65536

struct chunk {
	struct chunk *next;
	size_t len, off;          /* bytes of data, bytes already written */
	unsigned char data[];     /* one whole frame */
};

enum conn_state {
	ST_NEW,                   /* adopted, not yet in the epoll set */
	ST_OPEN,
	ST_CLOSING,               /* our close frame is queued or sent: reading until the peer's, EOF or the deadline */
	ST_DONE,                  /* released: the socket is not ours any more */
};

struct ws_conn {
	struct ws_server *srv;
	atomic_uint refs;
	uint64_t id;
	int fd;
	size_t queue_max;         /* the server's send_queue_max */
	char peer[48];
	const struct ws_handlers *h;
	void (*release)(void *);
	void *release_ctx;
	pthread_mutex_t lock;     /* guards the fields down to the line */
	void *user;
	enum conn_state state;
	struct chunk *head, *tail;
	size_t queued;            /* bytes queued and not yet written */
	bool pending;             /* on the server's pending list (which holds a reference) */
	bool close_asked;         /* ws_close() was called */
	bool slow;                /* the queue passed its cap: to be dropped */
	unsigned close_code;
	char close_reason[WS_CONTROL_MAX - 2 + 1];
	/* ---- the WebSocket thread's alone ---- */
	struct ws_conn *pending_next;  /* the server's lock guards this one */
	struct ws_conn *prev, *next;   /* the server's list of live connections, then its graveyard */
	struct ws_parser parser;
	unsigned char *extra;
	size_t extra_len;
	bool opened, closed_cb;   /* on_open, on_close called */
	bool peer_closed;         /* the peer's close frame was read */
	bool wr_shut;             /* our close frame is written and our side shut */
	bool out_armed;           /* EPOLLOUT is in the set */
	uint64_t last_rx, last_ping, deadline;
	double tokens;            /* the rate cap's bucket */
	uint64_t tokens_at, over_since, last_drop, last_rate_error;
};

struct ws_server {
	struct ws_settings set;
	int ep, evfd;
	pthread_t thread;
	pthread_mutex_t lock;     /* pending, count, reserved, stopping, next_id */
	struct ws_conn *pending;
	unsigned count, reserved;
	bool stopping;
	uint64_t next_id;
	/* ---- the WebSocket thread's alone ---- */
	struct ws_conn *live;     /* open and closing connections */
	struct ws_conn *grave;    /* released this round: their last reference is dropped at its end */
	unsigned char buf[WS_READ_BUF];
};

/* Append one whole unmasked frame to c's queue (c locked; no cap: the
 * callers check it). 0 or -ENOMEM. */
int ws_conn_enqueue(struct ws_conn *c, enum ws_opcode op, const void *data, size_t len);
/* A close frame with code and reason (code 0: an empty one). */
void ws_conn_enqueue_close(struct ws_conn *c, unsigned code, const char *reason);
/* Put c on its server's pending list, for the thread to look at (c locked). */
void ws_conn_mark_pending(struct ws_conn *c);

#endif
