/* ws.h - WebSocket connections (RFC 6455) after the HTTP upgrade: one
 * thread owns every upgraded socket (nonblocking, one epoll set), reads
 * and parses their frames (ws_frame.h), writes their bounded send queues,
 * pings them, drops the dead and the slow, and calls the route's handlers.
 * A route accepts a connection with http_websocket() (http.h); this
 * header is what the handlers of such a route (the room hub) see.
 *
 * Threads and lifetime:
 *  - Every handler below runs on the WebSocket thread, one call at a
 *    time, so they never race with each other; they must not block (no
 *    disk or store I/O, no long locks, no judging): hand slow work to a
 *    thread of your own and answer from there with ws_send_text().
 *  - ws_send_text(), ws_close(), ws_conn_ref()/unref() may be called from
 *    any thread.
 *  - A connection pointer is valid from on_open until on_close returns.
 *    To keep one past that (a room's member list read by other threads),
 *    take a reference with ws_conn_ref() (in on_open, say) and drop it
 *    with ws_conn_unref() when the pointer leaves your structures: until
 *    then the memory stays valid and ws_send_text() on it answers -EPIPE
 *    once it has closed (also after the server is freed).
 *  - The user pointer given to http_websocket() belongs to the connection
 *    from then on: free_user() is called on it exactly once, on the
 *    WebSocket thread after on_close, or (without on_open/on_close) when
 *    the upgrade never completed (the client left before the 101, the
 *    server was stopping, too many connections).
 */
#ifndef PAIRBOX_WS_H
#define PAIRBOX_WS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ws_conn;
struct ws_server;

struct ws_handlers {
	/* The 101 was sent: the connection is open. Sending from here is
	 * fine (a welcome message). */
	void (*on_open)(struct ws_conn *c);
	/* A whole text message: valid UTF-8, at most the message cap,
	 * NUL-terminated (data[len] == 0); borrowed for the call. Already
	 * counted against the rate cap (dropped messages never get here). */
	void (*on_text)(struct ws_conn *c, const char *data, size_t len);
	/* The connection is over, once per on_open; no on_text after it.
	 * code: the one the close was made with: the peer's (1005 when its
	 * close frame had none), ours (ws_close, a protocol error, 1001 at
	 * shutdown), or 1006 when the connection ended without a close frame
	 * (the peer vanished, stopped answering or reading). */
	void (*on_close)(struct ws_conn *c, unsigned code);
	/* Frees the user pointer (NULL: nothing to free). */
	void (*free_user)(void *user);
};

/* The transport's settings (docs/realtime.md "Transport"; the server's
 * WS_* settings, config.h). */
struct ws_settings {
	unsigned max_connections;     /* open at once; past it the upgrade is a 503 */
	size_t max_message;           /* bytes of one reassembled message (1009 past it) */
	size_t send_queue_max;        /* bytes waiting to be written to one peer before it is dropped */
	unsigned ping_interval_ms;    /* a ping this often */
	unsigned peer_timeout_ms;     /* nothing read from the peer for this long: dropped */
	unsigned rate_per_s;          /* messages a second (token bucket) ... */
	unsigned rate_burst;          /* ... and its depth */
	unsigned rate_close_after_ms; /* past the rate for this long without a pause: closed 1008 */
	unsigned close_timeout_ms;    /* after our close frame, how long the peer has to answer */
};

/* Start the WebSocket thread. 0 or -errno. */
int ws_server_new(const struct ws_settings *s, struct ws_server **out);
/* Close every connection with 1001 and wait up to close_timeout_ms for
 * the peers' answers (on_close is called for each), then stop the
 * thread. From here on a reservation fails and a connection adopted is
 * refused at once (with 1001), so the HTTP layer may finish requests in
 * flight before ws_server_free(). Idempotent; NULL ok. */
void ws_server_stop(struct ws_server *ws);
/* Stop (if not yet), free. NULL ok. */
void ws_server_free(struct ws_server *ws);

/* For the HTTP layer. A slot for one more connection, taken before the
 * 101 is sent: false when max_connections are open or promised. Each
 * true is followed by exactly one ws_server_adopt() or ws_server_unreserve(). */
bool ws_server_reserve(struct ws_server *ws);
void ws_server_unreserve(struct ws_server *ws);
/* The 101 was sent on fd: the server takes the socket (it makes it
 * nonblocking and never closes it: release(release_ctx) is called, once,
 * from any thread, when the server is done with it, and then closes it).
 * extra[0..extra_len): bytes the HTTP layer read past the request,
 * copied. h and user as http_websocket() got them; user is owned from
 * here (freed as the top of this file says, also when this fails).
 * peer: the client's address, copied. 0 or -errno. */
int ws_server_adopt(struct ws_server *ws, int fd, const void *extra, size_t extra_len, void (*release)(void *),
		    void *release_ctx, const struct ws_handlers *h, void *user, const char *peer);
/* Connections open now. */
unsigned ws_server_count(struct ws_server *ws);

/* Queue a text message (data[0..len), valid UTF-8) to the peer; copied,
 * so data is the caller's again on return. Any thread. Returns 0, or
 *   -EPIPE     the connection is closing or closed (nothing queued);
 *   -EILSEQ    data is not UTF-8 (nothing queued);
 *   -EMSGSIZE  the message alone is larger than the send queue's cap;
 *   -ENOBUFS   the peer is not reading: its queue passed the cap, so the
 *              connection is being dropped (on_close follows with 1006);
 *   -ENOMEM. */
int ws_send_text(struct ws_conn *c, const char *data, size_t len);
/* Close with code (1000, 1008, 1011, or 3000-4999 for an application's
 * own) and a reason (at most 123 bytes are sent). Any thread; the first
 * call counts, later ones do nothing. on_close(c, code) follows on the
 * WebSocket thread; messages already queued are sent first. */
void ws_close(struct ws_conn *c, unsigned code, const char *reason);

/* The user pointer (http_websocket()'s, or what ws_conn_set_user() put);
 * NULL after on_close. ws_conn_set_user: from the handlers only; the old
 * pointer is then the caller's, the new one is freed by free_user. */
void *ws_conn_user(struct ws_conn *c);
void ws_conn_set_user(struct ws_conn *c, void *user);
/* A number for logs, unique for the server's life; the client's address. */
uint64_t ws_conn_id(const struct ws_conn *c);
const char *ws_conn_peer(const struct ws_conn *c);
void ws_conn_ref(struct ws_conn *c);
void ws_conn_unref(struct ws_conn *c);

#endif
