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

/* A streamed body (Server-Sent Events): next() fills up to max bytes and
 * returns how many, 0 to wait and be called again (it may block up to a
 * second), -1 at the end. free() releases ctx. */
struct http_stream {
	long (*next)(void *ctx, char *buf, size_t max);
	void (*free)(void *ctx);
	void *ctx;
};

#define HTTP_MAX_HEADERS 8

struct http_resp {
	int status;                         /* 200 unless set */
	json_t *json;                       /* stolen */
	char *body;                         /* owned; with content_type */
	size_t body_len;
	const char *content_type;           /* static string */
	struct http_stream stream;          /* when next != NULL: a streamed body */
	const char *headers[HTTP_MAX_HEADERS][2]; /* extra headers, static strings */
	char etag[64];                      /* when set: the ETag header (a file's) */
};

/* Convenience for handlers. */
void http_json(struct http_resp *resp, int status, json_t *body);               /* steals body */
void http_error(struct http_resp *resp, int status, const char *message);        /* {"error": message} */
/* Judge0's 422: {"field": ["message"]}. */
void http_field_error(struct http_resp *resp, const char *field, const char *message);

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
};

struct http_route {
	const char *method;
	const char *pattern;     /* "/submissions/:token"; segments match exactly or capture */
	http_handler handler;
	enum http_auth auth;
	unsigned flags;          /* enum route_flags */
};

/* Route tables live with their handlers (routes_*.c) and are listed once in
 * server.c. Each table ends with a zeroed entry. */
extern const struct http_route routes_submissions[];
extern const struct http_route routes_info[];
extern const struct http_route routes_native[];
extern const struct http_route routes_problems[];

/* Would a route with this auth admit req? For a handler that shows more
 * to the privileged (the problem editorial for X-Auth-User). */
bool http_allowed(const struct http_req *req, enum http_auth auth);

#endif
