/* compare.c - output comparison (see compare.h). Buffers may hold NULs and
 * are never assumed to be NUL-terminated. */
#include "compare.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void compare_opts_default(struct compare_opts *o)
{
	o->mode = CMP_JUDGE0;
	o->case_sensitive = true;
	o->space_change_sensitive = false;
	o->abs_tol = o->rel_tol = -1;
}

/* A tolerance: a finite, non-negative number. */
static int parse_tol(const char *s, double *v)
{
	char *end;
	if (!s || !*s)
		return -EINVAL;
	double d = strtod(s, &end);
	if (*end || !isfinite(d) || d < 0)
		return -EINVAL;
	*v = d;
	return 0;
}

int compare_parse(const char *spec, struct compare_opts *o, char *err, size_t errlen)
{
	char buf[256];
	compare_opts_default(o);
	if (!spec || str_copy(buf, sizeof(buf), spec)) {
		str_printf(err, errlen, "compare mode too long");
		return -EINVAL;
	}
	char *save = NULL, *part = strtok_r(buf, ",", &save);
	if (!part) {
		str_printf(err, errlen, "empty compare mode");
		return -EINVAL;
	}
	if (!strcmp(part, "judge0") || !strcmp(part, "exact") || !strcmp(part, "tokens")) {
		o->mode = !strcmp(part, "judge0") ? CMP_JUDGE0 : !strcmp(part, "exact") ? CMP_EXACT : CMP_TOKENS;
		part = strtok_r(NULL, ",", &save);
	} else {
		o->mode = CMP_TOKENS;          /* "float=1e-6" alone */
	}
	for (; part; part = strtok_r(NULL, ",", &save)) {
		int r = 0;
		if (o->mode != CMP_TOKENS) {
			str_printf(err, errlen, "'%s': options need the tokens mode", part);
			return -EINVAL;
		}
		if (!strcmp(part, "nocase"))
			o->case_sensitive = false;
		else if (!strcmp(part, "spaces"))
			o->space_change_sensitive = true;
		else if (!strncmp(part, "abs=", 4))
			r = parse_tol(part + 4, &o->abs_tol);
		else if (!strncmp(part, "rel=", 4))
			r = parse_tol(part + 4, &o->rel_tol);
		else if (!strncmp(part, "float=", 6)) {
			r = parse_tol(part + 6, &o->abs_tol);
			o->rel_tol = o->abs_tol;
		} else {
			str_printf(err, errlen, "unknown compare option '%s' (judge0, exact, tokens[,nocase][,spaces]"
				   "[,abs=EPS][,rel=EPS][,float=EPS])", part);
			return -EINVAL;
		}
		if (r) {
			str_printf(err, errlen, "'%s': a tolerance is a non-negative number", part);
			return -EINVAL;
		}
	}
	return 0;
}

int compare_parse_kattis(const char *flags, struct compare_opts *o, char *err, size_t errlen)
{
	char buf[512];
	compare_opts_default(o);
	o->mode = CMP_TOKENS;
	o->case_sensitive = false;             /* Kattis's default */
	if (!flags)
		return 0;
	if (str_copy(buf, sizeof(buf), flags)) {
		str_printf(err, errlen, "validator flags too long");
		return -EINVAL;
	}
	char *save = NULL;
	for (char *w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		double *a = NULL, *b = NULL;
		if (!strcmp(w, "case_sensitive")) {
			o->case_sensitive = true;
			continue;
		}
		if (!strcmp(w, "space_change_sensitive")) {
			o->space_change_sensitive = true;
			continue;
		}
		if (!strcmp(w, "float_absolute_tolerance"))
			a = &o->abs_tol;
		else if (!strcmp(w, "float_relative_tolerance"))
			a = &o->rel_tol;
		else if (!strcmp(w, "float_tolerance"))
			a = &o->abs_tol, b = &o->rel_tol;
		else {
			str_printf(err, errlen, "unknown validator flag '%s'", w);
			return -EINVAL;
		}
		char *v = strtok_r(NULL, " \t\n", &save);
		if (parse_tol(v, a)) {
			str_printf(err, errlen, "validator flag '%s' needs a non-negative number", w);
			return -EINVAL;
		}
		if (b)
			*b = *a;
	}
	return 0;
}

/* ---- excerpts for messages ---- */

static void excerpt(char *dst, size_t len, const char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 4 < len && i < 40; i++) {
		unsigned char c = (unsigned char)p[i];
		dst[k++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (n > 40 && k + 4 < len) {
		memcpy(dst + k, "...", 3);
		k += 3;
	}
	dst[k] = '\0';
}

static void mismatch(char *msg, size_t msglen, int line, const char *what,
		     const char *exp, size_t elen, const char *got, size_t glen)
{
	char e[48], g[48];
	if (!msg || !msglen)
		return;
	excerpt(e, sizeof(e), exp ? exp : "", exp ? elen : 0);
	excerpt(g, sizeof(g), got ? got : "", got ? glen : 0);
	if (!exp)
		str_printf(msg, msglen, "line %d: %s: got '%s'", line, what, g);
	else if (!got)
		str_printf(msg, msglen, "line %d: %s: expected '%s'", line, what, e);
	else
		str_printf(msg, msglen, "line %d: %s: expected '%s', got '%s'", line, what, e, g);
}

/* ---- judge0 ---- */

static bool is_trailing_space(char c)
{
	/* Ruby's rstrip, which Judge0 uses: whitespace and NUL */
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\0';
}

/* Next line from *pos with trailing whitespace dropped; false at the end. */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n)
{
	if (*pos >= len)
		return false;
	size_t start = *pos, end = start;
	while (end < len && buf[end] != '\n')
		end++;
	*pos = end < len ? end + 1 : end;
	while (end > start && is_trailing_space(buf[end - 1]))
		end--;
	*line = buf + start;
	*n = end - start;
	return true;
}

static bool rest_blank(const char *buf, size_t len, size_t pos)
{
	const char *l;
	size_t n;
	while (next_line(buf, len, &pos, &l, &n))
		if (n)
			return false;
	return true;
}

static bool judge0_at(const char *out, size_t out_len, const char *exp, size_t exp_len,
		      char *msg, size_t msglen)
{
	size_t po = 0, pe = 0;
	for (int line = 1;; line++) {
		const char *lo = NULL, *le = NULL;
		size_t no = 0, ne = 0, so = po, se = pe;
		bool ho = next_line(out, out_len, &po, &lo, &no);
		bool he = next_line(exp, exp_len, &pe, &le, &ne);
		if (!ho || !he) {
			/* One side ended: the other may only have blank lines left. */
			if (ho && !rest_blank(out, out_len, so)) {
				mismatch(msg, msglen, line, "extra output", NULL, 0, lo, no);
				return false;
			}
			if (he && !rest_blank(exp, exp_len, se)) {
				mismatch(msg, msglen, line, "output ended early", le, ne, NULL, 0);
				return false;
			}
			return true;
		}
		if (no != ne || (no && memcmp(lo, le, no) != 0)) {
			mismatch(msg, msglen, line, "lines differ", le, ne, lo, no);
			return false;
		}
	}
}

bool compare_judge0(const char *out, size_t out_len, const char *exp, size_t exp_len)
{
	return judge0_at(out, out_len, exp, exp_len, NULL, 0);
}

/* ---- exact ---- */

static bool exact(const char *out, size_t out_len, const char *ans, size_t ans_len, char *msg, size_t msglen)
{
	size_t n = out_len < ans_len ? out_len : ans_len, i = 0;
	int line = 1;
	for (; i < n && out[i] == ans[i]; i++)
		if (out[i] == '\n')
			line++;
	if (i == n && out_len == ans_len)
		return true;
	mismatch(msg, msglen, line, "bytes differ", ans + i, ans_len - i, out + i, out_len - i);
	return false;
}

/* ---- tokens ---- */

struct cursor {
	const char *p;
	size_t len, pos;
	int line;
};

static bool space_at(const struct cursor *c)
{
	if (c->pos >= c->len)
		return false;
	unsigned char ch = (unsigned char)c->p[c->pos];
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}

static char advance(struct cursor *c)
{
	char ch = c->p[c->pos++];
	if (ch == '\n')
		c->line++;
	return ch;
}

static void token(struct cursor *c, const char **t, size_t *n)
{
	size_t start = c->pos;
	while (c->pos < c->len && !space_at(c))
		c->pos++;
	*t = c->p + start;
	*n = c->pos - start;
}

/* ASCII letters compared without case; every other byte (NUL included)
 * must be equal. */
static bool ascii_caseeq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return false;
	}
	return true;
}

/* A whole token that is a finite number (strtod's syntax, in the C
 * locale pairbox runs in). */
static bool as_float(const char *t, size_t n, double *v)
{
	char buf[128];
	if (n == 0 || n >= sizeof(buf) || memchr(t, '\0', n))
		return false;
	memcpy(buf, t, n);
	buf[n] = '\0';
	char *end;
	double d = strtod(buf, &end);
	if (end != buf + n || !isfinite(d))
		return false;
	*v = d;
	return true;
}

static bool tokens(const struct compare_opts *o, const char *out, size_t out_len,
		   const char *ans, size_t ans_len, char *msg, size_t msglen)
{
	struct cursor u = { out, out_len, 0, 1 }, a = { ans, ans_len, 0, 1 };
	bool floats = o->abs_tol >= 0 || o->rel_tol >= 0;
	for (;;) {
		if (o->space_change_sensitive) {
			while (space_at(&a)) {
				char want = advance(&a);
				if (u.pos >= u.len || u.p[u.pos] != want) {
					mismatch(msg, msglen, u.line, "whitespace differs", &want, 1,
						 u.pos < u.len ? u.p + u.pos : NULL, 1);
					return false;
				}
				advance(&u);
			}
			if (space_at(&u)) {
				mismatch(msg, msglen, u.line, "unexpected whitespace", NULL, 0, u.p + u.pos, 1);
				return false;
			}
		} else {
			while (space_at(&a))
				advance(&a);
			while (space_at(&u))
				advance(&u);
		}
		if (a.pos >= a.len)
			break;
		const char *jt, *ut;
		size_t jn, un;
		token(&a, &jt, &jn);
		if (u.pos >= u.len) {
			mismatch(msg, msglen, u.line, "output ended early", jt, jn, NULL, 0);
			return false;
		}
		token(&u, &ut, &un);
		double jv, uv;
		if (floats && as_float(jt, jn, &jv)) {
			if (!as_float(ut, un, &uv)) {
				mismatch(msg, msglen, u.line, "expected a number", jt, jn, ut, un);
				return false;
			}
			double d = fabs(jv - uv);
			if (!(d <= o->abs_tol) && !(d <= o->rel_tol * fabs(jv))) {
				mismatch(msg, msglen, u.line, "number outside the tolerance", jt, jn, ut, un);
				return false;
			}
			continue;
		}
		bool same = jn == un && (o->case_sensitive ? memcmp(jt, ut, jn) == 0 : ascii_caseeq(jt, ut, jn));
		if (!same) {
			mismatch(msg, msglen, u.line, "tokens differ", jt, jn, ut, un);
			return false;
		}
	}
	while (!o->space_change_sensitive && space_at(&u))
		advance(&u);
	if (u.pos < u.len) {
		const char *ut;
		size_t un;
		token(&u, &ut, &un);
		mismatch(msg, msglen, u.line, "extra output", NULL, 0, ut, un);
		return false;
	}
	return true;
}

bool compare_output(const struct compare_opts *o, const char *out, size_t out_len,
		    const char *ans, size_t ans_len, char *msg, size_t msglen)
{
	if (msg && msglen)
		msg[0] = '\0';
	out = out ? out : "";
	ans = ans ? ans : "";
	switch (o->mode) {
	case CMP_EXACT:
		return exact(out, out_len, ans, ans_len, msg, msglen);
	case CMP_TOKENS:
		return tokens(o, out, out_len, ans, ans_len, msg, msglen);
	case CMP_JUDGE0:
		break;
	}
	return judge0_at(out, out_len, ans, ans_len, msg, msglen);
}
