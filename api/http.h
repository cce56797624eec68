/* http.h - the HTTP layer: libmicrohttpd underneath, one route table, a
 * request that handlers read and a response they fill. Handlers never see
 * libmicrohttpd; they run on the server's connection threads, so they must
 * not block for long (wait=true submissions block on a condition variable
 * with a bound, which is fine: MHD runs a thread per connection).
 *
 * Ownership: everything in struct http_req is borrowed for the handler's
 * call (req->json too: the handler may change it; the layer decrefs it
 * after). A handler sets resp->status and either resp->json (stolen: the
 * layer serialises and decrefs it) or resp->body (owned, freed with free())
 * with resp->content_type. */
#ifndef PAIRBOX_HTTP_H
#define PAIRBOX_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct app;
struct bank_entry;
struct store_user;
struct ws_handlers;

#define HTTP_MAX_PARAMS 4

struct http_req {
	const char *method;                 /* "GET", "POST", ... */
	const char *path;                   /* without the query string */
	const char *params[HTTP_MAX_PARAMS]; /* ":name" segments of the route, in order */
	const char *body;                   /* NUL-terminated; body_len bytes */
	size_t body_len;
	const char *client_ip;              /* "127.0.0.1" */
	struct app *app;
	void *conn;                         /* the layer's, for http_query/http_header */
	json_t *json;                       /* ROUTE_JSON_BODY: the body, a JSON object */
	const struct bank_entry *problem;   /* ROUTE_PROBLEM: params[0]'s problem */
	struct store_user *user;            /* ROUTE_SESSION: the session's user (the handler may
	                                       change its fields; the layer releases it after) */
};

/* A query-string or form argument (already URL-decoded), NULL if absent. */
const char *http_query(const struct http_req *req, const char *name);
/* A request header (case-blind), NULL if absent. */
const char *http_header(const struct http_req *req, const char *name);
/* The body's form field when the body is application/x-www-form-urlencoded
 * (Judge0 accepts both JSON and form posts); NULL if absent. */
const char *http_form(const struct http_req *req, const char *name);
/* True when the request's Content-Type is a form. */
bool http_is_form(const struct http_req *req);
/* A cookie's value from the Cookie header, NULL if absent. */
const char *http_cookie(const struct http_req *req, const char *name);
/* Is the request's Origin the server's own (scheme://Host, https with
 * BEHIND_TLS) or one of ALLOWED_ORIGINS? False when it has none. The
 * preamble asks it for cookie-carrying state changes (ROUTE_SESSION,
 * ROUTE_SAME_ORIGIN), and every WebSocket upgrade must ask it too. */
bool http_origin_allowed(const struct http_req *req);

/* A streamed body (Server-Sent Events): next() fills up to max bytes and
 * returns how many, 0 to wait and be called again (it may block up to a
 * second), -1 at the end. free() releases ctx. */
struct http_stream {
	long (*next)(void *ctx, char *buf, size_t max);
	void (*free)(void *ctx);
	void *ctx;
};

#define HTTP_MAX_HEADERS 8
#define HTTP_HEADER_TEXT 512

struct http_resp {
	int status;                         /* 200 unless set */
	json_t *json;                       /* stolen */
	char *body;                         /* owned; with content_type */
	size_t body_len;
	const char *content_type;           /* static string */
	struct http_stream stream;          /* when next != NULL: a streamed body */
	const char *headers[HTTP_MAX_HEADERS][2]; /* extra headers, static strings (or header_text) */
	char header_text[HTTP_HEADER_TEXT];       /* http_add_header's copies */
	size_t header_text_len;
	const struct ws_handlers *ws;       /* set by http_websocket() */
	void *ws_user;                      /* owned: handed to the connection, or freed by ws->free_user */
};

/* Convenience for handlers. */
void http_json(struct http_resp *resp, int status, json_t *body);               /* steals body */
void http_error(struct http_resp *resp, int status, const char *message);        /* {"error": message} */
/* Judge0's 422: {"field": ["message"]}. */
void http_field_error(struct http_resp *resp, const char *field, const char *message);
/* An extra header: name static, value copied into resp. 0, or -ENOSPC
 * when resp has no room left for it. */
int http_add_header(struct http_resp *resp, const char *name, const char *value);
/* In a ROUTE_WEBSOCKET handler, once it has decided the caller may
 * connect: answer 101 and hand the connection to h (ws.h: the handlers,
 * their thread, the connection's lifetime). user belongs to the
 * connection from this call on, whatever happens: h->free_user frees it
 * exactly once (after on_close, or when the upgrade does not complete:
 * the client left, the server is stopping, or WS_MAX_CONNECTIONS are
 * open, which turns the answer into a 503). */
void http_websocket(struct http_resp *resp, const struct ws_handlers *h, void *user);

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

enum http_auth {
	HTTP_AUTH_NONE = 0,      /* open (still subject to allow/deny IP lists) */
	HTTP_AUTH_USER = 1,      /* X-Auth-Token when AUTHN_TOKEN is set */
	HTTP_AUTH_ADMIN = 2,     /* X-Auth-User when AUTHZ_TOKEN is set (Judge0's "authorized" endpoints) */
};

/* The request preamble: what the layer does for a route before its
 * handler, in this order (after the access checks of its auth), so that
 * handlers never repeat it and it answers alike on every route. */
enum route_flags {
	ROUTE_BATCH = 1 << 0,     /* Judge0's batches: 400 unless ENABLE_BATCHED_SUBMISSIONS */
	ROUTE_PROBLEM = 1 << 1,   /* params[0] is a problem's slug: 404 unless the bank has it;
	                             req->problem */
	ROUTE_WRITE = 1 << 2,     /* takes new work: 503 in maintenance mode */
	ROUTE_JSON_BODY = 1 << 3, /* req->json: the body as a JSON object, or 400 ("body is not
	                             a JSON object: ...") */
	ROUTE_JUDGE0 = 1 << 4,    /* Judge0's dialect for the two above: its maintenance message;
	                             a blank body is {}, a form post an object of its fields'
	                             strings, and its 400 messages for the rest */
	ROUTE_SESSION = 1 << 5,   /* a logged-in user's route (docs/platform.md): a state change
	                             with a foreign or missing Origin is 403 (before the rest);
	                             no valid session cookie is 401 {"error": "log in first"};
	                             past the user's request rate 429; req->user */
	ROUTE_SAME_ORIGIN = 1 << 6, /* a state change here with a foreign Origin is 403, and with
	                             none too when it carries a session cookie (sign-up and
	                             login: no one logs a browser in from another site) */
	ROUTE_WEBSOCKET = 1 << 7, /* a WebSocket endpoint (a GET): the request must be a valid
	                             RFC 6455 handshake (else 426 with Upgrade: websocket and
	                             Sec-WebSocket-Version: 13, or 400 naming the header). The
	                             handler then decides like any other, with the request in
	                             hand: it checks the caller (session, Origin, the room) and
	                             either answers an error or accepts with http_websocket() */
};

/* The body cap of a route, in its flags' high bits: past it 413 (before
 * the body is read when declared). None: MAX_BODY_SIZE. */
#define ROUTE_BODY_KB(kb) ((unsigned)(kb) << 16)          /* kb < 65536 */
#define ROUTE_BODY_KB_OF(flags) ((flags) >> 16)
/* pairbox's platform routes (docs/platform.md): JSON bodies of 64 KiB. */
#define ROUTE_PLATFORM_BODY ROUTE_BODY_KB(64)

struct http_route {
	const char *method;
	const char *pattern;     /* "/submissions/:token"; segments match exactly or capture */
	http_handler handler;
	enum http_auth auth;
	unsigned flags;          /* enum route_flags, and ROUTE_BODY_KB() */
};

/* Route tables live with their handlers (routes_*.c) and are listed once in
 * server.c. Each table ends with a zeroed entry. */
extern const struct http_route routes_submissions[];
extern const struct http_route routes_info[];
extern const struct http_route routes_native[];
extern const struct http_route routes_problems[];
extern const struct http_route routes_auth[];
extern const struct http_route routes_me[];
extern const struct http_route routes_lobby[];
extern const struct http_route routes_rooms[];
extern const struct http_route routes_dashboard[];
extern const struct http_route routes_rtc[];
extern const struct http_route routes_invites[];
extern const struct http_route routes_watch[];
extern const struct http_route routes_replay[];
extern const struct http_route routes_feedback[];
extern const struct http_route routes_ratings[];
/* The server's tables are the ones above, then app->extra_routes when set (a
 * test's own routes: tests/api/ws_echo_server.c). */

/* Would a route with this auth admit req? For a handler that shows more
 * to the privileged (the problem editorial for X-Auth-User). */
bool http_allowed(const struct http_req *req, enum http_auth auth);

#endif
