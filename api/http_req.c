/* http_req.c - what handlers call (http.h): the request's query, headers,
 * cookies and form fields; JSON answers, errors, extra headers, and the
 * WebSocket hand-over. */
#define _GNU_SOURCE
#include "http.h"
#include "http_int.h"
#include "http_parse.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what handlers call ---- */

const char *http_query(const struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

bool http_is_form(const struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");
	return ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33);
}

/* Form fields are decoded on demand into a per-thread buffer list freed
 * when the request ends (a handler reads a handful of fields). */
struct form_value {
	struct form_value *next;
	char text[];
};
static __thread struct form_value *form_values;

void http_form_values_free(void)
{
	while (form_values) {
		struct form_value *n = form_values->next;
		free(form_values);
		form_values = n;
	}
}

const char *http_form(const struct http_req *req, const char *name)
{
	if (!http_is_form(req) || !req->body)
		return NULL;
	size_t nlen = strlen(name), pos = 0;
	struct http_form_field f;
	while (http_form_next(req->body, req->body_len, &pos, &f)) {
		char key[128];
		if (f.key_len >= sizeof(key) || http_url_decode(f.key, f.key_len, key) != nlen || memcmp(key, name, nlen))
			continue;
		struct form_value *fv = malloc(sizeof(*fv) + f.value_len + 1);
		if (!fv)
			return NULL;
		http_url_decode(f.value, f.value_len, fv->text);
		fv->next = form_values;
		form_values = fv;
		return fv->text;
	}
	return NULL;
}

void http_json(struct http_resp *resp, int status, json_t *body)
{
	json_decref(resp->json);
	resp->status = status;
	resp->json = body;
}

void http_error(struct http_resp *resp, int status, const char *message)
{
	http_json(resp, status, json_pack("{s:s}", "error", message));
}

void http_field_error(struct http_resp *resp, const char *field, const char *message)
{
	http_json(resp, 422, json_pack("{s:[s]}", field, message));
}

int http_add_header(struct http_resp *resp, const char *name, const char *value)
{
	size_t n = strlen(value) + 1;
	int i = 0;
	while (i < HTTP_MAX_HEADERS && resp->headers[i][0])
		i++;
	if (i == HTTP_MAX_HEADERS || n > sizeof(resp->header_text) - resp->header_text_len)
		return -ENOSPC;
	char *copy = resp->header_text + resp->header_text_len;
	memcpy(copy, value, n);
	resp->header_text_len += n;
	resp->headers[i][0] = name;
	resp->headers[i][1] = copy;
	return 0;
}

void http_websocket(struct http_resp *resp, const struct ws_handlers *h, void *user)
{
	resp->status = 101;
	resp->ws = h;
	resp->ws_user = user;
}
