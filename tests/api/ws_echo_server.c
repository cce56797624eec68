/* ws_echo_server.c - TEST ONLY (never installed, never in pairbox or
 * pairbox-serve): the real HTTP layer (api/http.c) and WebSocket thread
 * (api/ws.c) serving one echo route, GET /test/ws/echo, for
 * tests/api/test_ws.py. It takes the server's settings like `pairbox
 * serve` (flags, config file, environment; a first argument "serve" is
 * skipped, so harness.Server starts it) and has no store, no workers and
 * no bank: only routes that need none of them may be asked (/version).
 *
 * A text message is echoed, except these commands:
 *   close CODE REASON   ws_close(CODE, REASON)
 *   flood N SIZE        N messages of SIZE bytes ('x'), sent at once
 *   send-bad            ws_send_text of invalid UTF-8: answers {"rc": -errno}
 *   big SIZE            ws_send_text of SIZE bytes: answers {"rc": ...} when it fails
 *   later MS TEXT       TEXT sent from another thread MS ms later (holding
 *                       a reference); its result is kept for stats
 *   stats               {"opened", "closed", "freed", "codes": {id: code}, "later": [rc...]}
 * ?refuse=1 on the URL: the handler refuses (403) before any upgrade. At
 * exit it prints the counts, for the shutdown test to compare. */
#define _GNU_SOURCE
#include "app.h"
#include "config.h"
#include "http.h"
#include "server.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_uint opened, closed, freed;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *codes;       /* "id": close code */
static json_t *later_rcs;   /* results of "later" sends */

struct echo_user {
	uint64_t magic;         /* checked at free: a double free or a stray pointer shows */
};
#define ECHO_MAGIC 0x6563686f75736572ULL

static void echo_free(void *p)
{
	struct echo_user *u = p;
	if (u->magic != ECHO_MAGIC)
		abort();
	u->magic = 0;
	free(u);
	atomic_fetch_add(&freed, 1);
}

static void echo_open(struct ws_conn *c)
{
	(void)c;
	atomic_fetch_add(&opened, 1);
}

static void echo_close(struct ws_conn *c, unsigned code)
{
	char id[32];
	str_printf(id, sizeof(id), "%llu", (unsigned long long)ws_conn_id(c));
	pthread_mutex_lock(&stats_lock);
	json_object_set_new(codes, id, json_integer(code));
	pthread_mutex_unlock(&stats_lock);
	atomic_fetch_add(&closed, 1);
}

static void reply_rc(struct ws_conn *c, int rc)
{
	char msg[64];
	str_printf(msg, sizeof(msg), "{\"rc\":%d}", rc);
	ws_send_text(c, msg, strlen(msg));
}

struct later {
	struct ws_conn *c;
	unsigned ms;
	char *text;
};

static void *later_main(void *p)
{
	struct later *l = p;
	usleep(l->ms * 1000u);
	int rc = ws_send_text(l->c, l->text, strlen(l->text));
	pthread_mutex_lock(&stats_lock);
	json_array_append_new(later_rcs, json_integer(rc));
	pthread_mutex_unlock(&stats_lock);
	ws_conn_unref(l->c);
	free(l->text);
	free(l);
	return NULL;
}

static void send_stats(struct ws_conn *c)
{
	pthread_mutex_lock(&stats_lock);
	json_t *o = json_pack("{s:I,s:I,s:I,s:O,s:O}", "opened", (json_int_t)atomic_load(&opened), "closed",
			      (json_int_t)atomic_load(&closed), "freed", (json_int_t)atomic_load(&freed), "codes", codes,
			      "later", later_rcs);
	pthread_mutex_unlock(&stats_lock);
	char *text = json_dumps(o, JSON_COMPACT);
	if (text)
		ws_send_text(c, text, strlen(text));
	free(text);
	json_decref(o);
}

static void echo_text(struct ws_conn *c, const char *data, size_t len)
{
	unsigned a = 0, b = 0;
	int off = 0;
	if (sscanf(data, "close %u %n", &a, &off) == 1) {
		ws_close(c, a, data + off);
	} else if (sscanf(data, "flood %u %u", &a, &b) == 2 && b <= (16u << 20)) {
		char *x = malloc(b + 1);
		if (!x)
			return;
		memset(x, 'x', b);
		for (unsigned i = 0; i < a && ws_send_text(c, x, b) == 0; i++)
			;
		free(x);
	} else if (!strcmp(data, "send-bad")) {
		reply_rc(c, ws_send_text(c, "\xff\xfe", 2));
	} else if (sscanf(data, "big %u", &a) == 1 && a <= (64u << 20)) {
		char *x = malloc(a + 1);
		if (!x)
			return;
		memset(x, 'y', a);
		int rc = ws_send_text(c, x, a);
		free(x);
		if (rc)
			reply_rc(c, rc);
	} else if (sscanf(data, "later %u %n", &a, &off) == 1) {
		struct later *l = calloc(1, sizeof(*l));
		pthread_t t;
		if (!l || !(l->text = strdup(data + off))) {
			free(l);
			return;
		}
		l->c = c;
		l->ms = a;
		ws_conn_ref(c);
		if (pthread_create(&t, NULL, later_main, l)) {
			ws_conn_unref(c);
			free(l->text);
			free(l);
			return;
		}
		pthread_detach(t);
	} else if (!strcmp(data, "stats")) {
		send_stats(c);
	} else {
		ws_send_text(c, data, len);
	}
}

static const struct ws_handlers echo_handlers = {
	.on_open = echo_open,
	.on_text = echo_text,
	.on_close = echo_close,
	.free_user = echo_free,
};

/* The hook a real route fills in: decide with the request in hand
 * (session, Origin, membership) before accepting. */
static void get_echo(struct http_req *req, struct http_resp *resp)
{
	const char *refuse = http_query(req, "refuse");
	if (refuse && !strcmp(refuse, "1")) {
		http_error(resp, 403, "refused");
		return;
	}
	struct echo_user *u = malloc(sizeof(*u));
	if (!u) {
		http_error(resp, 500, "out of memory");
		return;
	}
	u->magic = ECHO_MAGIC;
	http_websocket(resp, &echo_handlers, u);
}

static const struct http_route echo_routes[] = {
	{ "GET", "/test/ws/echo", get_echo, HTTP_AUTH_NONE, ROUTE_WEBSOCKET },
	{ NULL, NULL, NULL, 0, 0 },
};

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "serve")) {
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	static struct app app;
	char err[512] = "";
	config_default(&app.cfg);
	app.version = "test";
	app.extra_routes = echo_routes;
	codes = json_object();
	later_rcs = json_array();
	int r = config_load(&app.cfg, NULL, err, sizeof(err));
	if (!r)
		r = config_parse_args(&app.cfg, argc, argv, err, sizeof(err));
	if (r) {
		fprintf(stderr, "ws_echo_server: %s\n", r == 1 ? "see pairbox serve --help" : err);
		return 2;
	}
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct server *srv = NULL;
	if (server_start(&app, &srv, err, sizeof(err))) {
		fprintf(stderr, "ws_echo_server: %s\n", err);
		return 1;
	}
	fprintf(stderr, "ws_echo_server: listening on %s:%u\n", app.cfg.bind, app.cfg.port);
	int sig;
	sigwait(&stop, &sig);
	server_quiesce(srv);
	server_stop(srv);
	fprintf(stderr, "ws_echo_server: stopped: opened=%u closed=%u freed=%u\n", atomic_load(&opened),
		atomic_load(&closed), atomic_load(&freed));
	json_decref(codes);
	json_decref(later_rcs);
	config_release(&app.cfg);
	return 0;
}
