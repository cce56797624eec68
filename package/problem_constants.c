/* problem_constants.c - Kattis 2025-09 `constants:` of problem.yaml: a
 * map of names to a value (integer, float or string) or to a map of a
 * `value` and variants. `{{name}}`, `{{name.value}}` and
 * `{{name.variant}}` are replaced in the Markdown statement, the output
 * validator, include/ files and example submissions (and
 * `\constant{name}` in a LaTeX statement); a sequence naming no constant
 * is left as it is. Never in test data or problem.yaml itself. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONST_NAME_MAX 128         /* a name, or name.variant */
#define CONST_VALUE_MAX 4096       /* a value's text */
#define CONST_MAX 1024             /* constants and variants in all */

/* A scalar's text: a string as it is, an integer in decimal, a float in
 * its shortest round-trip form, always with a '.' or an exponent (5.0
 * and 5 are different values). NULL for anything else. */
static char *scalar_text(const json_t *v)
{
	char buf[64];
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_integer(v)) {
		str_printf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return strdup(buf);
	}
	if (!json_is_real(v) || !isfinite(json_real_value(v)))
		return NULL;
	double d = json_real_value(v);
	for (int prec = 1; prec <= 17; prec++) {
		str_printf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (!strpbrk(buf, ".e"))
		str_printf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".0");
	return strdup(buf);
}

static bool name_ok(const char *s)
{
	if (!s[0] || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (const char *c = s; *c; c++)
		if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			return false;
	return strlen(s) < CONST_NAME_MAX / 2;
}

static int add_const(struct problem_extra *x, const char *name, const char *variant, const json_t *v,
		     const char *file, char *err, size_t errlen)
{
	char key[CONST_NAME_MAX];
	str_printf(key, sizeof(key), "%s%s%s", name, variant ? "." : "", variant ? variant : "");
	char *text = scalar_text(v);
	if (!text)
		return json_is_string(v) || json_is_number(v)
			       ? -ENOMEM
			       : problem_fail(err, errlen, -EINVAL, "%s: constants.%s: an integer, float or string expected",
					      file, key);
	if (strlen(text) > CONST_VALUE_MAX || x->nconst >= CONST_MAX) {
		free(text);
		return problem_fail(err, errlen, -EINVAL, "%s: constants.%s: too long, or too many constants", file, key);
	}
	if (problem_grow(&x->const_keys, x->nconst, sizeof(char *)) ||
	    problem_grow(&x->const_values, x->nconst, sizeof(char *))) {
		free(text);
		return -ENOMEM;
	}
	x->const_values[x->nconst] = text;
	if (!(x->const_keys[x->nconst] = strdup(key))) {
		free(text);
		return -ENOMEM;
	}
	x->nconst++;
	return 0;
}

int problem_constants_read(struct problem *p, const json_t *c, const char *file, char *err, size_t errlen)
{
	const char *name, *variant;
	const json_t *v, *w;
	if (!c)
		return 0;
	if (!json_is_object(c))
		return problem_fail(err, errlen, -EINVAL, "%s: constants: a map expected", file);
	json_object_foreach((json_t *)c, name, v) {
		int r = 0;
		if (!name_ok(name))
			return problem_fail(err, errlen, -EINVAL, "%s: constants: '%s' is not a name ([a-zA-Z_][a-zA-Z0-9_]*)",
					    file, name);
		if (!json_is_object(v)) {
			if ((r = add_const(p->extra, name, NULL, v, file, err, errlen)))
				return r;
			continue;
		}
		if (!json_object_get(v, "value"))
			return problem_fail(err, errlen, -EINVAL, "%s: constants.%s: a value is required", file, name);
		json_object_foreach((json_t *)v, variant, w) {
			if (!name_ok(variant))
				return problem_fail(err, errlen, -EINVAL, "%s: constants.%s: '%s' is not a name", file,
						    name, variant);
			if ((!strcmp(variant, "value") && (r = add_const(p->extra, name, NULL, w, file, err, errlen))) ||
			    (r = add_const(p->extra, name, variant, w, file, err, errlen)))
				return r;
		}
	}
	return 0;
}

/* The value of key (len bytes), or NULL. */
static const char *lookup(const struct problem_extra *x, const char *key, size_t len)
{
	for (size_t i = 0; i < x->nconst; i++)
		if (strlen(x->const_keys[i]) == len && !memcmp(x->const_keys[i], key, len))
			return x->const_values[i];
	return NULL;
}

/* The next constant sequence at or after s: its start, length and value. */
static const char *next_sequence(const struct problem_extra *x, const char *s, const char *end, bool latex,
				 size_t *seqlen, const char **value)
{
	static const char cmd[] = "\\constant{";
	for (const char *c = s; c < end; c++) {
		const char *open = NULL, *close;
		size_t closelen = 0;
		if (end - c >= 2 && c[0] == '{' && c[1] == '{') {
			open = c + 2;
			closelen = 2;
		} else if (latex && (size_t)(end - c) >= sizeof(cmd) - 1 && !memcmp(c, cmd, sizeof(cmd) - 1)) {
			open = c + sizeof(cmd) - 1;
			closelen = 1;
		}
		if (!open)
			continue;
		close = open;
		while (close < end && close - open < CONST_NAME_MAX && *close != '}')
			close++;
		if (close + closelen > end || memcmp(close, "}}", closelen) != 0)
			continue;
		if ((*value = lookup(x, open, (size_t)(close - open)))) {
			*seqlen = (size_t)(close + closelen - c);
			return c;
		}
	}
	return NULL;
}

int problem_constants_apply(const struct problem *p, const char *text, size_t len, bool latex, char **out,
			    size_t *outlen)
{
	const struct problem_extra *x = p->extra;
	size_t seqlen = 0;
	const char *value = NULL, *end = text + len;
	*out = NULL;
	if (!x || !x->nconst || !next_sequence(x, text, end, latex, &seqlen, &value))
		return 0;
	struct outbuf b;
	outbuf_init(&b, PROBLEM_FILE_MAX);
	const char *s = text, *at;
	int r = 0;
	while (!r && (at = next_sequence(x, s, end, latex, &seqlen, &value))) {
		r = outbuf_append(&b, s, (size_t)(at - s));
		if (!r)
			r = outbuf_append(&b, value, strlen(value));
		s = at + seqlen;
	}
	if (!r)
		r = outbuf_append(&b, s, (size_t)(end - s));
	if (!r)
		r = outbuf_append(&b, "", 1);       /* NUL-terminated, not counted */
	if (r || b.truncated) {
		outbuf_release(&b);
		return r ? r : -EFBIG;
	}
	*outlen = b.len - 1;
	*out = b.data;                              /* stolen */
	return 0;
}

int problem_constants_replace(const struct problem *p, char **text, size_t *len, bool latex)
{
	char *out = NULL;
	size_t n = 0;
	int r = problem_constants_apply(p, *text, *len, latex, &out, &n);
	if (!r && out) {
		free(*text);
		*text = out;
		*len = n;
	}
	return r;
}

static int apply_files(const struct problem *p, struct judge_file *f, size_t n)
{
	int r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		char *data = (char *)f[i].data;
		size_t len = f[i].len;
		if (data && !(r = problem_constants_replace(p, &data, &len, false))) {
			f[i].data = data;
			f[i].len = len;
		}
	}
	return r;
}

int problem_constants_substitute(struct problem *p, char *err, size_t errlen)
{
	struct problem_extra *x = p->extra;
	size_t len;
	int r = 0;
	if (!x->nconst)
		return 0;
	if (p->statement) {
		len = strlen(p->statement);
		r = problem_constants_replace(p, &p->statement, &len, strcmp(p->statement_format, "latex") == 0);
	}
	if (!r && x->validator_src)
		r = problem_constants_replace(p, &x->validator_src, &x->validator_len, false);
	if (!r)
		r = apply_files(p, x->validator_files, x->nvalidator_files);
	for (size_t i = 0; i < x->nincludes && !r; i++)
		r = apply_files(p, x->includes[i].files, x->includes[i].nfiles);
	if (r == -EFBIG)
		return problem_fail(err, errlen, r, "%s: a file grows too large with its constants", p->dir);
	return r;
}
