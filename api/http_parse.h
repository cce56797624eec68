/* http_parse.h - the HTTP layer's text functions: URL decoding, form
 * bodies, route patterns, Accept-Encoding. Pure (no libmicrohttpd, no allocation), so the
 * fuzz target (tests/fuzz/fuzz_http.c) drives them as http.c does. */
#ifndef PAIRBOX_HTTP_PARSE_H
#define PAIRBOX_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/* URL-decode s[0..n) into out, which has room for n + 1 bytes: '+' is a
 * space, %XX a byte (a '%' without two hex digits after it stays as it
 * is). Returns the decoded length; out is NUL-terminated (and may hold
 * NULs before that: %00). */
size_t http_url_decode(const char *s, size_t n, char *out);

/* One field of an application/x-www-form-urlencoded body, still encoded;
 * key and value point into the body. A field without '=' has an empty
 * value. */
struct http_form_field {
	const char *key, *value;
	size_t key_len, value_len;
};

/* The field at *pos of body[0..len) (fields are split at '&'; empty ones
 * count), with *pos moved past it; false when none is left. Start with
 * *pos = 0. */
bool http_form_next(const char *body, size_t len, size_t *pos, struct http_form_field *f);

/* Does path match pattern ("/submissions/:token": '/'-separated segments
 * match exactly or, for ":name", capture)? Empty segments do not count
 * ("//a/" is "/a"). path is split in place; on a match params[0..max)
 * point into it, in order (a pattern with more captures than max, more
 * than 8 segments or longer than 255 bytes never matches). */
bool http_route_match(const char *pattern, char *path, const char **params, int max);

/* Does an Accept-Encoding header (NULL: none) take gzip: named, and not
 * with q=0? */
bool http_accepts_gzip(const char *header);

#endif
