/* test_ws.c - the WebSocket thread (api/ws.c, ws_send.c) without HTTP:
 * connections adopted on socketpairs. Four threads send to 32
 * connections at once while a reader takes everything: each thread's
 * messages arrive whole and in order on every connection; a message
 * from the client is answered from the handler; then half the clients
 * close with a close frame and half just vanish: on_close gets 1000 and
 * 1006, every user pointer is freed once, sends on a closed connection
 * (references still held) answer -EPIPE, also after the server is freed.
 * Under ASan this is also the check that nobody touches a connection
 * after its release. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "ws.h"
#include "ws_frame.h"

#define NCONN 32
#define NTHREAD 4
#define PER_THREAD 300

static struct ws_conn *conns[NCONN];
static atomic_int nopen, nfree, closes_1000, closes_1006, closes_other;
static int client_fd[NCONN];

static void t_open(struct ws_conn *c)
{
	int *slot = ws_conn_user(c);
	ws_conn_ref(c);               /* kept past on_close: the test sends on it later */
	conns[*slot] = c;
	atomic_fetch_add(&nopen, 1);
}

static void t_text(struct ws_conn *c, const char *data, size_t len)
{
	char reply[64];
	int n = snprintf(reply, sizeof(reply), "re:%.*s", (int)len, data);
	ws_send_text(c, reply, (size_t)n);
}

static void t_close(struct ws_conn *c, unsigned code)
{
	(void)c;
	if (code == 1000)
		atomic_fetch_add(&closes_1000, 1);
	else if (code == 1006)
		atomic_fetch_add(&closes_1006, 1);
	else
		atomic_fetch_add(&closes_other, 1);
}

static void t_free(void *user)
{
	free(user);
	atomic_fetch_add(&nfree, 1);
}

static const struct ws_handlers handlers = { t_open, t_text, t_close, t_free };

static void release_fd(void *ctx)
{
	close((int)(intptr_t)ctx);
}

static void *sender(void *arg)
{
	int t = (int)(intptr_t)arg;
	char msg[64];
	for (int i = 0; i < PER_THREAD; i++)
		for (int k = 0; k < NCONN; k++) {
			int n = snprintf(msg, sizeof(msg), "t%d %d", t, i);
			int r = ws_send_text(conns[k], msg, (size_t)n);
			if (r)
				fprintf(stderr, "send: %d\n", r);
			CHECK(r == 0);
		}
	return NULL;
}

/* Read every connection until each has all NTHREAD * PER_THREAD messages
 * and the reply; check each thread's sequence is in order. */
static void read_all(void)
{
	static struct ws_parser p[NCONN];
	static int next[NCONN][NTHREAD];
	static int got[NCONN], replies[NCONN];
	for (int k = 0; k < NCONN; k++)
		ws_parser_init(&p[k], 1 << 16, false, false);
	int want = NTHREAD * PER_THREAD, done = 0;
	unsigned char buf[8192];
	while (done < NCONN) {
		struct pollfd pf[NCONN];
		for (int k = 0; k < NCONN; k++)
			pf[k] = (struct pollfd){ .fd = client_fd[k], .events = POLLIN };
		if (poll(pf, NCONN, 10000) <= 0) {
			CHECK(!"the messages stopped coming");
			break;
		}
		for (int k = 0; k < NCONN; k++) {
			if (!(pf[k].revents & POLLIN))
				continue;
			ssize_t n = read(client_fd[k], buf, sizeof(buf));
			CHECK(n > 0);
			size_t at = 0;
			while (n > 0 && at < (size_t)n) {
				struct ws_event ev;
				at += ws_parser_feed(&p[k], buf + at, (size_t)n - at, &ev);
				if (ev.kind == WS_EV_NONE)
					continue;
				CHECK(ev.kind == WS_EV_TEXT);
				int t, i;
				if (ev.kind == WS_EV_TEXT && !strncmp((const char *)ev.data, "re:", 3)) {
					replies[k]++;
				} else if (ev.kind == WS_EV_TEXT && sscanf((const char *)ev.data, "t%d %d", &t, &i) == 2 &&
					   t >= 0 && t < NTHREAD) {
					CHECK(i == next[k][t]);
					next[k][t] = i + 1;
					got[k]++;
				}
				if (got[k] == want && replies[k] == 1) {
					got[k]++;      /* counted once */
					done++;
				}
			}
		}
	}
	for (int k = 0; k < NCONN; k++)
		ws_parser_release(&p[k]);
}

/* A client's masked frame. */
static void client_send(int fd, enum ws_opcode op, const void *data, size_t len)
{
	static const unsigned char key[4] = { 1, 2, 3, 4 };
	unsigned char f[WS_HEADER_MAX + 128];
	size_t h = ws_frame_header(f, op, true, len, key);
	memcpy(f + h, data, len);
	ws_mask(f + h, len, key, 0);
	CHECK(write(fd, f, h + len) == (ssize_t)(h + len));
}

int main(void)
{
	struct ws_settings set = {
		.max_connections = NCONN, .max_message = 65536, .send_queue_max = 1 << 22,
		.ping_interval_ms = 60000, .peer_timeout_ms = 120000, .rate_per_s = 1000000,
		.rate_burst = 1000000, .rate_close_after_ms = 10000, .close_timeout_ms = 1000,
	};
	struct ws_server *srv;
	CHECK(ws_server_new(&set, &srv) == 0);
	for (int k = 0; k < NCONN; k++) {
		int sv[2];
		CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
		client_fd[k] = sv[0];
		int *slot = malloc(sizeof(*slot));
		*slot = k;
		CHECK(ws_server_reserve(srv));
		CHECK(ws_server_adopt(srv, sv[1], NULL, 0, release_fd, (void *)(intptr_t)sv[1], &handlers, slot,
				      "test") == 0);
	}
	CHECK(!ws_server_reserve(srv));        /* max_connections reached */
	for (int tries = 0; atomic_load(&nopen) < NCONN && tries < 500; tries++)
		usleep(10000);
	CHECK(atomic_load(&nopen) == NCONN);
	CHECK(ws_server_count(srv) == NCONN);
	for (int k = 0; k < NCONN; k++)
		client_send(client_fd[k], WS_OP_TEXT, "hello", 5);
	pthread_t th[NTHREAD];
	for (int t = 0; t < NTHREAD; t++)
		pthread_create(&th[t], NULL, sender, (void *)(intptr_t)t);
	read_all();
	for (int t = 0; t < NTHREAD; t++)
		pthread_join(th[t], NULL);
	/* Half close properly, half vanish. */
	for (int k = 0; k < NCONN; k++) {
		if (k % 2 == 0) {
			client_send(client_fd[k], WS_OP_CLOSE, "\x03\xe8", 2);
		} else {
			close(client_fd[k]);
			client_fd[k] = -1;
		}
	}
	for (int tries = 0; atomic_load(&nfree) < NCONN && tries < 500; tries++)
		usleep(10000);
	CHECK(atomic_load(&nfree) == NCONN);
	CHECK(atomic_load(&closes_1000) == NCONN / 2 && atomic_load(&closes_1006) == NCONN / 2 &&
	      atomic_load(&closes_other) == 0);
	CHECK(ws_server_count(srv) == 0);
	CHECK(ws_send_text(conns[0], "late", 4) == -EPIPE);
	CHECK(ws_conn_user(conns[0]) == NULL);
	ws_server_free(srv);
	CHECK(ws_send_text(conns[1], "later", 5) == -EPIPE);   /* the reference outlives the server */
	for (int k = 0; k < NCONN; k++) {
		ws_conn_unref(conns[k]);
		if (client_fd[k] >= 0)
			close(client_fd[k]);
	}
	return check_done();
}
