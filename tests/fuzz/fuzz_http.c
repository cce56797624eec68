/* fuzz_http.c - the HTTP layer's text functions (api/http_parse.c) as
 * http.c uses them. The whole input is URL-decoded, and read as a form
 * body field by field (each key and value decoded); before its first
 * newline it is also a route pattern, after it a path, matched as the
 * router does; the path is also matched against every real route, and
 * the whole text is read as an Accept-Encoding header.
 * Properties: decoding never grows the text and leaves plain text as it
 * is; the form fields tile the body exactly; a match captures non-empty
 * segments that rebuild the path from the pattern, and the matcher
 * agrees with a plain segment-by-segment comparison. */
#include "fuzz.h"
#include "http.h"
#include "http_parse.h"

#include <stdbool.h>
#include <string.h>

#define MAX_SEGS 8

/* decode s[0..n) into a buffer of exactly n + 1 bytes (ASan sees any overrun). */
static void decode(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		abort();
	size_t k = http_url_decode(s, n, out);
	FUZZ_CHECK(k <= n, "decoding never grows the text");
	FUZZ_CHECK(out[k] == '\0', "the decoded text is NUL-terminated");
	if (!memchr(s, '%', n) && !memchr(s, '+', n))
		FUZZ_CHECK(k == n && !memcmp(out, s, n), "plain text decodes to itself");
	free(out);
}

static void form(const char *body, size_t len)
{
	size_t pos = 0, expect_start = 0, fields = 0;
	struct http_form_field f;
	while (http_form_next(body, len, &pos, &f)) {
		size_t start = (size_t)(f.key - body), stop = (size_t)(f.value - body) + f.value_len;
		FUZZ_CHECK(start == expect_start, "a field starts where the last one's '&' ends");
		FUZZ_CHECK(stop <= len && start + f.key_len <= stop, "a field lies within the body");
		const char *kend = f.key + f.key_len;
		bool eq = kend < body + len && *kend == '=';
		FUZZ_CHECK(f.value == kend + eq && (eq || !f.value_len), "the value follows the key and its '=', if any");
		FUZZ_CHECK(!memchr(f.key, '&', f.key_len) && !memchr(f.key, '=', f.key_len), "a key holds no '&' or '='");
		FUZZ_CHECK(!memchr(f.value, '&', f.value_len), "a value holds no '&'");
		FUZZ_CHECK(stop == len || body[stop] == '&', "a field ends at '&' or the end");
		FUZZ_CHECK(pos == stop + 1, "the next field starts after the '&'");
		FUZZ_CHECK(++fields <= len, "no more fields than bytes");
		decode(f.key, f.key_len);
		decode(f.value, f.value_len);
		expect_start = pos;
	}
	FUZZ_CHECK(expect_start >= len, "the fields cover the whole body");
}

/* Non-empty '/'-separated segments of s (split in place): their count, or
 * -1 past max. */
static int segments(char *s, char **seg, int max)
{
	int n = 0;
	for (char *p = s; *p;) {
		while (*p == '/')
			*p++ = '\0';
		if (!*p)
			break;
		if (n == max)
			return -1;
		seg[n++] = p;
		while (*p && *p != '/')
			p++;
	}
	return n;
}

/* Does pattern match path, segment by segment? The captures it would make
 * into want[]; -1 when the router refuses the shapes (too many segments
 * or captures, a pattern over 255 bytes). */
static int reference(const char *pattern, const char *path, char want[HTTP_MAX_PARAMS][1024])
{
	char pb[1024], sb[1024], *ps[MAX_SEGS], *ss[MAX_SEGS];
	if (strlen(pattern) > 255 || strlen(pattern) >= sizeof(pb) || strlen(path) >= sizeof(sb))
		return -1;
	strcpy(pb, pattern);
	strcpy(sb, path);
	int np = segments(pb, ps, MAX_SEGS), ns = segments(sb, ss, MAX_SEGS), k = 0;
	if (np < 0 || ns < 0)
		return np < 0 ? -1 : 0;
	if (np != ns)
		return 0;
	for (int i = 0; i < np; i++) {
		if (ps[i][0] == ':') {
			if (k == HTTP_MAX_PARAMS)
				return -1;
			strcpy(want[k++], ss[i]);
		} else if (strcmp(ps[i], ss[i])) {
			return 0;
		}
	}
	return 1;
}

static void route(const char *pattern, const char *path)
{
	char buf[1024], want[HTTP_MAX_PARAMS][1024];
	if (strlen(path) >= sizeof(buf))
		return;                              /* the router answers 414 first */
	strcpy(buf, path);
	const char *params[HTTP_MAX_PARAMS] = { 0 };
	bool got = http_route_match(pattern, buf, params, HTTP_MAX_PARAMS);
	int ref = reference(pattern, path, want);
	FUZZ_CHECK(ref == -1 ? !got : got == (ref == 1), "the matcher agrees with a segment-by-segment comparison");
	if (!got)
		return;
	for (int i = 0; i < HTTP_MAX_PARAMS && params[i]; i++) {
		FUZZ_CHECK(params[i] >= buf && params[i] < buf + sizeof(buf), "a capture points into the path");
		FUZZ_CHECK(params[i][0] && !strchr(params[i], '/'), "a capture is one non-empty segment");
		FUZZ_CHECK(!strcmp(params[i], want[i]), "the captures are the path's segments, in order");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	decode(text, size);
	form(text, size);

	char *s = fuzz_cstr(data, size);
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		route(s, nl + 1);
	}
	const struct http_route *const tables[] = { routes_submissions, routes_info, routes_native, routes_problems };
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct http_route *r = tables[t]; r->method; r++)
			route(r->pattern, nl ? nl + 1 : s);
	/* Accept-Encoding: the whole text is a header; "gzip" alone is taken. */
	(void)http_accepts_gzip(s);
	free(s);
	return 0;
}
