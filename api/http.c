/* http.c - the HTTP layer (http.h): libmicrohttpd with a thread per
 * connection (handlers may block: wait=true, event streams), one route
 * table, the access checks Judge0 has (allow/deny IPs, X-Auth-Token,
 * X-Auth-User), the request preamble of the route flags (sessions and
 * their Origin check included), CORS, a cap on every body; WebSocket
 * upgrades, whose sockets it hands to ws.c. */
#define _GNU_SOURCE
#include "http.h"
#include "accounts.h"
#include "app.h"
#include "bank.h"
#include "http_int.h"
#include "http_parse.h"
#include "outbuf.h"
#include "server.h"
#include "session.h"
#include "store.h"
#include "util.h"
#include "webapp.h"
#include "ws.h"
#include "ws_frame.h"


#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>

struct server {
	struct MHD_Daemon *daemon;
	struct app *app;
	struct ws_server *ws;      /* the upgraded connections' thread */
};

/* One request's state across libmicrohttpd's calls. */
struct conn_state {
	struct outbuf body;        /* refusing at the route's cap (MAX_BODY_SIZE): past it, 413 */
	unsigned cap_kb;
	bool too_large;
	/* A 101 queued: what the upgrade hands to ws.c, and its slot there.
	 * Still here when the request ends: the upgrade never happened. */
	const struct ws_handlers *ws;
	void *ws_user;
	bool ws_reserved;
};

static const struct http_route *const tables[] = { routes_submissions, routes_info, routes_native, routes_problems,
						   routes_auth, routes_me, routes_lobby, routes_rooms,
						   routes_dashboard, routes_rtc, routes_invites, routes_watch, routes_replay,
						   routes_feedback, routes_ratings };

/* ---- routing ---- */

/* Is item (n bytes) one of the comma- or space-separated list's entries?
 * Exactly; or for origins case-blind (scheme and host are) and with an
 * entry's trailing '/' ignored. */
static bool listed(const char *list, const char *item, size_t n, bool origins)
{
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ')
			e++;
		size_t len = (size_t)(e - p);
		if (origins && len && p[len - 1] == '/')
			len--;
		if (len == n && n && (origins ? !strncasecmp(p, item, n) : !memcmp(p, item, n)))
			return true;
		p = e;
	}
	return false;
}

static bool in_list(const char *list, const char *item)
{
	return item && listed(list, item, strlen(item), false);
}

/* A token from its header or, as Judge0 also takes it, a query parameter
 * of the same name. */
static const char *token_of(const struct http_req *req, const char *name)
{
	const char *v = http_header(req, name);
	return v ? v : http_query(req, name);
}

/* 0 allowed, else the status to answer (Judge0: 401 authentication,
 * 403 authorization, both with an empty body). */
static int access_check(const struct app *app, const struct http_req *req, enum http_auth auth)
{
	const struct config *c = &app->cfg;
	if (c->allow_ip[0] && !in_list(c->allow_ip, req->client_ip))
		return 403;
	if (c->disallow_ip[0] && in_list(c->disallow_ip, req->client_ip))
		return 403;
	if (auth != HTTP_AUTH_NONE && c->authn_token[0] && !in_list(c->authn_token, token_of(req, c->authn_header)))
		return 401;
	if (auth == HTTP_AUTH_ADMIN && (!c->authz_token[0] || !in_list(c->authz_token, token_of(req, c->authz_header))))
		return 403;
	return 0;
}

bool http_allowed(const struct http_req *req, enum http_auth auth)
{
	return access_check(req->app, req, auth) == 0;
}

/* ---- origins ---- */

bool http_origin_allowed(const struct http_req *req)
{
	const char *origin = http_header(req, "Origin"), *host = http_header(req, "Host");
	if (!origin || !*origin)
		return false;
	size_t len = strlen(origin);
	if (listed(req->app->cfg.allowed_origins, origin, len, true))
		return true;
	/* The server's own: the scheme it is reached by and the Host the
	 * browser sent (with its port), which is what the browser puts in
	 * Origin for a page this server served. */
	const char *scheme = req->app->cfg.behind_tls ? "https://" : "http://";
	size_t sl = strlen(scheme);
	return host && *host && len > sl && !strncasecmp(origin, scheme, sl) && !strcasecmp(origin + sl, host);
}

static bool state_changing(const char *method)
{
	return !strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "PATCH") || !strcmp(method, "DELETE");
}

/* ---- the request preamble (enum route_flags) ---- */

/* Messages that quote the request stay printable ASCII, so the JSON
 * error body is always valid. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

/* A form post as an object of its fields' decoded strings, the first of
 * each name (as http_form finds them). Keys outside printable ASCII are
 * nobody's attribute name and are left out; values are bytes, unchecked
 * (nothing dumps this object: a form's source may be any bytes). NULL
 * only when out of memory. */
static json_t *form_object(const struct http_req *req)
{
	json_t *o = json_object();
	size_t pos = 0;
	struct http_form_field f;
	while (o && http_form_next(req->body, req->body_len, &pos, &f)) {
		char key[128];
		if (f.key_len >= sizeof(key))
			continue;
		size_t kl = http_url_decode(f.key, f.key_len, key);
		bool plain = true;
		for (size_t i = 0; i < kl && plain; i++)
			plain = key[i] >= 0x20 && key[i] < 0x7f;
		if (!plain || json_object_get(o, key))
			continue;
		char *v = malloc(f.value_len + 1);
		if (v)
			http_url_decode(f.value, f.value_len, v);
		if (!v || json_object_set_new(o, key, json_stringn_nocheck(v, strlen(v)))) {
			json_decref(o);
			o = NULL;
		}
		free(v);
	}
	return o;
}

/* Judge0's body: a form (above), or JSON after leading white space (none
 * at all is {}), which must be an object. NULL with resp set. */
static json_t *judge0_body(const struct http_req *req, struct http_resp *resp)
{
	if (http_is_form(req)) {
		json_t *o = form_object(req);
		if (!o)
			http_error(resp, 500, "out of memory");
		return o;
	}
	size_t n = req->body_len;
	const char *b = req->body;
	while (n && isspace((unsigned char)*b))
		b++, n--;
	if (!n)
		return json_object();
	json_error_t je;
	json_t *j = json_loadb(b, n, JSON_ALLOW_NUL, &je);
	if (!j) {
		char msg[320];
		str_printf(msg, sizeof(msg), "malformed JSON body: %s (line %d, column %d)", je.text, je.line, je.column);
		printable(msg);
		http_error(resp, 400, msg);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		http_error(resp, 400, "the JSON body must be an object");
		return NULL;
	}
	return j;
}

/* pairbox's own routes: the body is a JSON object. NULL with resp set. */
static json_t *native_body(const struct http_req *req, struct http_resp *resp)
{
	json_error_t je;
	json_t *body = json_loadb(req->body, req->body_len, 0, &je);
	if (!json_is_object(body)) {
		char msg[256];
		str_printf(msg, sizeof(msg), "body is not a JSON object: %s", body ? "wrong type" : je.text);
		http_error(resp, 400, msg);
		json_decref(body);
		return NULL;
	}
	return body;
}

/* The route's flags, in their order: true to go on to the handler, false
 * with resp set. */
static bool preamble(struct app *app, unsigned flags, struct http_req *req, struct http_resp *resp)
{
	bool judge0 = flags & ROUTE_JUDGE0;
	/* Cross-site request forgery: a browser sends the session cookie
	 * with a request another site makes, but never lets that site set
	 * Origin to ours. Absent Origin is refused where a cookie came (a
	 * browser always sends it on these methods), and on session routes
	 * (no cookie there is a 401 anyway). */
	if ((flags & (ROUTE_SESSION | ROUTE_SAME_ORIGIN)) && state_changing(req->method)) {
		const char *origin = http_header(req, "Origin");
		bool refuse = origin ? !http_origin_allowed(req)
				     : (flags & ROUTE_SESSION) || http_cookie(req, SESSION_COOKIE) != NULL;
		if (refuse) {
			http_error(resp, 403, "cross-site request refused");
			return false;
		}
	}
	/* A WebSocket is a GET, but it carries the session both ways: its
	 * upgrade must come from our own pages (or an allowed origin), Origin
	 * present, whatever the handler decides later. */
	if ((flags & (ROUTE_SESSION | ROUTE_WEBSOCKET)) == (ROUTE_SESSION | ROUTE_WEBSOCKET) &&
	    !(http_header(req, "Origin") && http_origin_allowed(req))) {
		http_error(resp, 403, "cross-site request refused");
		return false;
	}
	if ((flags & ROUTE_SESSION) && !accounts_session(req, resp))
		return false;
	if ((flags & ROUTE_BATCH) && !app->cfg.enable_batched_submissions) {
		http_error(resp, 400, "batched submissions are not allowed");
		return false;
	}
	if ((flags & ROUTE_PROBLEM) && !(req->problem = bank_find(app->bank, req->params[0]))) {
		http_error(resp, 404, "problem not found");
		return false;
	}
	if ((flags & ROUTE_WRITE) && app->cfg.maintenance_mode) {
		http_error(resp, 503, judge0 ? "Judge0 is currently in maintenance."
					     : "maintenance mode is enabled, new submissions are not accepted");
		return false;
	}
	if ((flags & ROUTE_JSON_BODY) && !(req->json = judge0 ? judge0_body(req, resp) : native_body(req, resp)))
		return false;
	if (flags & ROUTE_WEBSOCKET) {
		char accept[29];
		const char *why = NULL;
		int st = strcmp(req->method, "GET") ? 400
			 : ws_handshake_check(http_header(req, "Upgrade"), http_header(req, "Connection"),
					      http_header(req, "Sec-WebSocket-Version"),
					      http_header(req, "Sec-WebSocket-Key"), accept, &why);
		if (st) {
			http_error(resp, st, why ? why : "a WebSocket handshake is a GET");
			if (st == 426) {
				resp->headers[0][0] = "Upgrade";
				resp->headers[0][1] = "websocket";
				resp->headers[1][0] = "Sec-WebSocket-Version";
				resp->headers[1][1] = "13";
			}
			return false;
		}
	}
	return true;
}

#define HTTP_PATH_MAX 1024

/* The route of method and path: its row, with params pointing into buf;
 * or NULL and *status 404, 405 or 414. extra: a test's own table, or NULL. */
static const struct http_route *route_find(const struct http_route *extra, const char *method, const char *path,
					   char buf[HTTP_PATH_MAX], const char *params[HTTP_MAX_PARAMS], int *status)
{
	bool path_known = false;
	if (str_copy(buf, HTTP_PATH_MAX, path)) {
		*status = 414;
		return NULL;
	}
	size_t ntables = sizeof(tables) / sizeof(tables[0]);
	for (size_t t = 0; t <= ntables; t++) {
		for (const struct http_route *r = t < ntables ? tables[t] : extra; r && r->method; r++) {
			memset(params, 0, HTTP_MAX_PARAMS * sizeof(params[0]));
			str_copy(buf, HTTP_PATH_MAX, path);
			if (!http_route_match(r->pattern, buf, params, HTTP_MAX_PARAMS))
				continue;
			path_known = true;
			if (strcmp(r->method, method) != 0 && !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
				continue;
			return r;
		}
	}
	*status = path_known ? 405 : 404;
	return NULL;
}

static void dispatch_route(struct app *app, struct http_req *req, struct http_resp *resp)
{
	char buf[HTTP_PATH_MAX];
	const char *params[HTTP_MAX_PARAMS];
	int status = 0;
	const struct http_route *r = route_find(app->extra_routes, req->method, req->path, buf, params, &status);
	if (!r && status == 404) {
		/* The web app's files and routes: open, like the playground. */
		int denied = access_check(app, req, HTTP_AUTH_NONE);
		if (denied)
			resp->status = denied;
		else if (!webapp_serve(req, resp))
			http_error(resp, 404, "not found");
		return;
	}
	if (!r) {
		http_error(resp, status, status == 414 ? "path too long" : "method not allowed");
		return;
	}
	int denied = access_check(app, req, r->auth);
	if (denied) {
		resp->status = denied;
		return;
	}
	memcpy(req->params, params, sizeof(params));
	if (preamble(app, r->flags, req, resp))
		r->handler(req, resp);
	json_decref(req->json);
	req->json = NULL;
	store_user_release(req->user);
	free(req->user);
	req->user = NULL;
}

/* The body cap of the request's route, KB (MAX_BODY_SIZE unless the route
 * has its own; for a path no route has, MAX_BODY_SIZE: the 404 comes
 * after the body). */
static unsigned route_cap_kb(const struct app *app, const char *method, const char *path)
{
	char buf[HTTP_PATH_MAX];
	const char *params[HTTP_MAX_PARAMS];
	int status;
	const struct http_route *r = route_find(app->extra_routes, method, path, buf, params, &status);
	return r && ROUTE_BODY_KB_OF(r->flags) ? ROUTE_BODY_KB_OF(r->flags) : app->cfg.max_body_kb;
}

/* ---- libmicrohttpd glue ---- */

static ssize_t stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct http_stream *s = cls;
	long n = s->next(s->ctx, buf, max);
	return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct http_stream *s = cls;
	if (s->free)
		s->free(s->ctx);
	free(s);
}

static enum MHD_Result respond(struct MHD_Connection *conn, struct app *app, struct http_resp *resp, bool head)
{
	struct MHD_Response *r;
	const char *ctype = resp->content_type;
	if (resp->stream.next) {
		struct http_stream *s = malloc(sizeof(*s));
		if (!s)
			return MHD_NO;
		*s = resp->stream;
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_reader, s, stream_free);
	} else if (resp->json) {
		char *text = json_dumps(resp->json, JSON_COMPACT);
		size_t n = text ? strlen(text) : 0;
		r = MHD_create_response_from_buffer(head ? 0 : n, text ? text : (char *)"", MHD_RESPMEM_MUST_COPY);
		free(text);
		ctype = "application/json; charset=utf-8";
	} else {
		r = MHD_create_response_from_buffer(head ? 0 : resp->body_len, resp->body ? resp->body : (char *)"",
						    MHD_RESPMEM_MUST_COPY);
	}
	if (!r)
		return MHD_NO;
	if (ctype)
		MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "Access-Control-Allow-Origin", app->cfg.allow_origin);
	for (int i = 0; i < HTTP_MAX_HEADERS && resp->headers[i][0]; i++)
		MHD_add_response_header(r, resp->headers[i][0], resp->headers[i][1]);
	int status = resp->status ? resp->status : 200;
	atomic_fetch_add(&app->stats.requests, 1);
	if (status >= 500)
		atomic_fetch_add(&app->stats.responses_5xx, 1);
	else if (status >= 400)
		atomic_fetch_add(&app->stats.responses_4xx, 1);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static void resp_release(struct http_resp *resp)
{
	json_decref(resp->json);
	free(resp->body);
	if (resp->stream.free && resp->stream.next == NULL)
		resp->stream.free(resp->stream.ctx);
	if (resp->ws_user && resp->ws->free_user)
		resp->ws->free_user(resp->ws_user);    /* the upgrade was not queued */
	resp->ws_user = NULL;
}

/* The client's address as text ("" when unknown). */
static void client_ip(struct MHD_Connection *conn, char ip[INET6_ADDRSTRLEN])
{
	ip[0] = '\0';
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, INET6_ADDRSTRLEN);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, INET6_ADDRSTRLEN);
	}
}

/* ---- WebSocket upgrades ---- */

static void upgrade_close(void *urh)
{
	MHD_upgrade_action(urh, MHD_UPGRADE_ACTION_CLOSE);
}

/* libmicrohttpd sent the 101: the socket goes to ws.c (which owns it
 * until it calls upgrade_close; this connection's thread ends here). */
static void on_upgraded(void *cls, struct MHD_Connection *conn, void *con_cls, const char *extra, size_t extra_len,
			MHD_socket sock, struct MHD_UpgradeResponseHandle *urh)
{
	struct server *srv = cls;
	struct conn_state *st = con_cls;
	const struct ws_handlers *h = st->ws;
	void *user = st->ws_user;
	st->ws = NULL;
	st->ws_user = NULL;
	st->ws_reserved = false;
	char ip[INET6_ADDRSTRLEN];
	client_ip(conn, ip);
	ws_server_adopt(srv->ws, sock, extra, extra_len, upgrade_close, urh, h, user, ip);
}

/* A handler accepted with http_websocket(): queue the 101 (or a 503 when
 * WS_MAX_CONNECTIONS are open) and park the handlers in st until the
 * upgrade (on_upgraded) or the request's end (on_completed). */
static enum MHD_Result respond_upgrade(struct MHD_Connection *conn, struct server *srv, struct conn_state *st,
				       struct http_resp *resp)
{
	char accept[29];
	const char *key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-WebSocket-Key");
	bool handshake = ws_accept_key(key, accept) == 0;   /* no: not a ROUTE_WEBSOCKET route */
	if (!handshake || !ws_server_reserve(srv->ws)) {
		resp_release(resp);
		*resp = (struct http_resp){ 0 };
		if (handshake) {
			http_error(resp, 503, "too many WebSocket connections");
			resp->headers[0][0] = "Retry-After";
			resp->headers[0][1] = "5";
		} else {
			http_error(resp, 500, "not a WebSocket route");
		}
		return respond(conn, srv->app, resp, false);
	}
	struct MHD_Response *r = MHD_create_response_for_upgrade(on_upgraded, srv);
	/* libmicrohttpd 0.9.75 puts in Connection: Upgrade itself; older ones do not. */
	if (!r || MHD_add_response_header(r, "Upgrade", "websocket") != MHD_YES ||
	    (!MHD_get_response_header(r, "Connection") && MHD_add_response_header(r, "Connection", "Upgrade") != MHD_YES) ||
	    MHD_add_response_header(r, "Sec-WebSocket-Accept", accept) != MHD_YES) {
		if (r)
			MHD_destroy_response(r);
		ws_server_unreserve(srv->ws);
		return MHD_NO;       /* resp_release frees the user */
	}
	st->ws = resp->ws;
	st->ws_user = resp->ws_user;
	st->ws_reserved = true;
	resp->ws_user = NULL;
	atomic_fetch_add(&srv->app->stats.requests, 1);
	enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_SWITCHING_PROTOCOLS, r);
	MHD_destroy_response(r);
	return ret;              /* MHD_NO (an HTTP/1.0 client): on_completed frees the user */
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct app *app = srv->app;
	struct conn_state *st = *con_cls;
	if (!st) {
		st = calloc(1, sizeof(*st));
		if (!st)
			return MHD_NO;
		st->cap_kb = route_cap_kb(app, method, url);
		outbuf_init_policy(&st->body, (size_t)st->cap_kb * 1024, OUTBUF_REFUSE);
		*con_cls = st;
		/* A declared body over the cap is refused before it is read. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		uint64_t declared;
		if (cl && parse_u64(cl, &declared) == 0 && declared > st->body.cap)
			st->too_large = true;
		if (!st->too_large)
			return MHD_YES;
	}
	if (*upload_size) {
		/* Past the cap the buffer takes nothing more, and the rest of
		 * an oversized body is read and dropped. */
		int r = st->too_large ? 0 : outbuf_append(&st->body, upload, *upload_size);
		if (r == -EFBIG)
			st->too_large = true;
		else if (r)
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	struct http_resp resp = { 0 };
	if (st->too_large) {
		char msg[96];
		str_printf(msg, sizeof(msg), "request body larger than %u KB", st->cap_kb);
		http_error(&resp, 413, msg);
		enum MHD_Result r = respond(conn, app, &resp, false);
		resp_release(&resp);
		return r;
	}
	char ip[INET6_ADDRSTRLEN];
	client_ip(conn, ip);
	struct http_req req = { .method = method, .path = url, .body = st->body.data ? st->body.data : "",
				.body_len = st->body.len, .client_ip = ip, .app = app, .conn = conn };
	bool head = strcmp(method, "HEAD") == 0;
	if (strcmp(method, "OPTIONS") == 0) {
		/* CORS preflight, as Judge0 (rack-cors) answers it. */
		resp.status = 200;
		resp.headers[0][0] = "Access-Control-Allow-Methods";
		resp.headers[0][1] = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD";
		const char *want = http_header(&req, "Access-Control-Request-Headers");
		resp.headers[1][0] = "Access-Control-Allow-Headers";
		resp.headers[1][1] = want ? want : "Content-Type, X-Auth-Token, X-Auth-User";
		resp.headers[2][0] = "Access-Control-Max-Age";
		resp.headers[2][1] = "7200";
	} else {
		dispatch_route(app, &req, &resp);
	}
	enum MHD_Result r = resp.ws ? respond_upgrade(conn, srv, st, &resp) : respond(conn, app, &resp, head);
	resp_release(&resp);
	http_form_values_free();
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	(void)conn;
	(void)toe;
	struct conn_state *st = *con_cls;
	if (st) {
		if (st->ws_reserved)
			ws_server_unreserve(srv->ws);
		if (st->ws_user && st->ws->free_user)
			st->ws->free_user(st->ws_user);   /* queued, never upgraded */
		outbuf_release(&st->body);
		free(st);
		*con_cls = NULL;
	}
}

int server_start(struct app *app, struct server **out, char *err, size_t errlen)
{
	struct server *srv = calloc(1, sizeof(*srv));
	if (!srv)
		return -ENOMEM;
	srv->app = app;
	const struct config *c = &app->cfg;
	struct ws_settings wss = {
		.max_connections = c->ws_max_connections,
		.max_message = (size_t)c->ws_max_message_kb * 1024,
		.send_queue_max = (size_t)c->ws_send_queue_kb * 1024,
		.ping_interval_ms = c->ws_ping_interval * 1000,
		.peer_timeout_ms = c->ws_peer_timeout * 1000,
		.rate_per_s = c->ws_rate,
		.rate_burst = c->ws_rate_burst,
		.rate_close_after_ms = c->ws_rate_close_after * 1000,
		.close_timeout_ms = 2000,
	};
	int e = ws_server_new(&wss, &srv->ws);
	if (e) {
		str_printf(err, errlen, "cannot start the WebSocket thread: %s", strerror(-e));
		free(srv);
		return e;
	}
	/* A descriptor per connection, HTTP and WebSocket: the soft limit
	 * (often 1024) up to the hard one. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct sockaddr_in6 a6 = { 0 };
	struct sockaddr_in a4 = { 0 };
	const struct sockaddr *addr;
	/* poll(), not select(): descriptors past FD_SETSIZE (1024) are refused
	 * by select() builds, and a thousand WebSockets pass it. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC | MHD_USE_POLL |
			 MHD_ALLOW_UPGRADE;
	if (inet_pton(AF_INET, app->cfg.bind, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)app->cfg.port);
		addr = (const struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, app->cfg.bind, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)app->cfg.port);
		addr = (const struct sockaddr *)&a6;
		flags |= MHD_USE_IPv6;
	} else {
		str_printf(err, errlen, "--bind %s: not an IPv4 or IPv6 address", app->cfg.bind);
		ws_server_free(srv->ws);
		free(srv);
		return -EINVAL;
	}
	srv->daemon = MHD_start_daemon(flags, (uint16_t)app->cfg.port, NULL, NULL, on_request, srv,
				       MHD_OPTION_SOCK_ADDR, addr,
				       MHD_OPTION_CONNECTION_LIMIT, (unsigned)(c->max_connections + c->ws_max_connections),
				       MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg.connection_timeout,
				       MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
				       MHD_OPTION_END);
	if (!srv->daemon) {
		str_printf(err, errlen, "cannot listen on %s:%u (in use, or not permitted)", app->cfg.bind, app->cfg.port);
		ws_server_free(srv->ws);
		free(srv);
		return -EADDRINUSE;
	}
	*out = srv;
	return 0;
}

void server_quiesce(struct server *srv)
{
	if (srv && srv->daemon) {
		int fd = (int)MHD_quiesce_daemon(srv->daemon);
		(void)fd;   /* the listening socket closes with the daemon */
	}
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	/* WebSockets first, while libmicrohttpd still runs (their sockets are
	 * its own until upgrade_close); an upgrade still in flight is then
	 * refused with 1001, and the daemon waits for its requests. */
	ws_server_stop(srv->ws);
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	ws_server_free(srv->ws);
	free(srv);
}
