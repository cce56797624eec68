/* http_parse.c - URL decoding, form fields, route patterns (http_parse.h). */
#define _GNU_SOURCE
#include "http_parse.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t http_url_decode(const char *s, size_t n, char *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%' && i + 2 < n + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	return k;
}

bool http_form_next(const char *body, size_t len, size_t *pos, struct http_form_field *f)
{
	if (*pos >= len)
		return false;
	const char *p = body + *pos, *end = body + len;
	const char *amp = memchr(p, '&', (size_t)(end - p));
	const char *stop = amp ? amp : end;
	const char *eq = memchr(p, '=', (size_t)(stop - p));
	f->key = p;
	f->key_len = (size_t)((eq ? eq : stop) - p);
	f->value = eq ? eq + 1 : stop;
	f->value_len = (size_t)(stop - f->value);
	*pos = (size_t)(stop - body) + 1;
	return true;
}

/* Split s in place at '/' into at most max segments; -1 if more. */
static int split_path(char *s, char **seg, int max)
{
	int n = 0;
	for (char *save = NULL, *t = strtok_r(s, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (n == max)
			return -1;
		seg[n++] = t;
	}
	return n;
}

bool http_route_match(const char *pattern, char *path, const char **params, int max)
{
	char pbuf[256], *ps[8], *ss[8];
	if (str_copy(pbuf, sizeof(pbuf), pattern))
		return false;
	int np = split_path(pbuf, ps, 8), ns = split_path(path, ss, 8), k = 0;
	if (np < 0 || np != ns)
		return false;
	for (int i = 0; i < np; i++) {
		if (ps[i][0] == ':') {
			if (k == max)
				return false;
			params[k++] = ss[i];
		} else if (strcmp(ps[i], ss[i]) != 0) {
			return false;
		}
	}
	return true;
}

/* Does an Accept-Encoding header take gzip (named, without q=0)? */
bool http_accepts_gzip(const char *header)
{
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = p;
		while (*end && *end != ',' && *end != ';' && *end != ' ')
			end++;
		bool named = (size_t)(end - p) == 4 && !strncasecmp(p, "gzip", 4);
		const char *q = end;
		while (*q == ' ')
			q++;
		bool zero = false;
		if (*q == ';') {
			q++;
			while (*q == ' ')
				q++;
			if (!strncasecmp(q, "q=", 2))
				zero = strtod(q + 2, NULL) <= 0;   /* q=0, q=0.000: "not acceptable" */
		}
		if (named)
			return !zero;
		p = strchr(p, ',');
	}
	return false;
}
