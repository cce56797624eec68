/* harness_check.c - a function-style problem's test files checked against
 * its signature with jansson: inputs typed, answers printed canonically. */
#include "harness_int.h"
#include "util.h"

#include <stdint.h>

static void type_str(struct htype t, char *buf, size_t len)
{
	str_printf(buf, len, "%s%s", harness_base_names[t.base], t.dims == 2 ? "[][]" : t.dims == 1 ? "[]" : "");
}

/* Is j a value of type t? Trees: level order, ints and nulls, every value
 * with a parent; answers (canonical) also end with a value, not null. */
static bool value_ok(const json_t *j, struct htype t, bool canonical, char *why, size_t len)
{
	if (t.dims) {
		if (!json_is_array(j))
			return false;
		for (size_t i = 0; i < json_array_size(j); i++)
			if (!value_ok(json_array_get(j, i), (struct htype){ t.base, t.dims - 1 }, canonical, why, len))
				return false;
		return true;
	}
	switch (t.base) {
	case B_INT:
		if (json_is_integer(j) && (json_integer_value(j) < INT32_MIN || json_integer_value(j) > INT32_MAX)) {
			str_printf(why, len, "%" JSON_INTEGER_FORMAT " is out of range for int",
				   json_integer_value(j));
			return false;
		}
		return json_is_integer(j);
	case B_INT64:
		return json_is_integer(j);
	case B_FLOAT64:
		return json_is_number(j);
	case B_BOOL:
		return json_is_boolean(j);
	case B_STRING:
		return json_is_string(j);
	case B_LIST:
		return value_ok(j, (struct htype){ B_INT, 1 }, canonical, why, len);
	case B_TREE:
		break;
	default:
		return false;
	}
	if (!json_is_array(j))
		return false;
	size_t n = json_array_size(j), slots = 1;
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(j, i);
		if (!json_is_null(e) && !value_ok(e, (struct htype){ B_INT, 0 }, canonical, why, len))
			return false;
		if (slots == 0) {
			str_printf(why, len, "tree value %zu has no parent", i + 1);
			return false;
		}
		if (i == 0 && json_is_null(e)) {
			str_printf(why, len, "a tree's root is not null (the empty tree is [])");
			return false;
		}
		slots += json_is_null(e) ? 0 : 2;
		slots--;
	}
	if (canonical && n && json_is_null(json_array_get(j, n - 1))) {
		str_printf(why, len, "trailing nulls of a tree are left out");
		return false;
	}
	return true;
}

static size_t line_of(const char *s, size_t pos)
{
	size_t line = 1;
	for (size_t i = 0; i < pos; i++)
		line += s[i] == '\n';
	return line;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* One JSON value at s[*pos], typed t; *pos moves past it. */
static int check_value(const char *s, size_t len, size_t *pos, struct htype t, bool canonical, const char *what,
		       json_t **out, char *err, size_t errlen)
{
	json_error_t e;
	char tn[32], why[128] = "";
	type_str(t, tn, sizeof(tn));
	*out = NULL;
	if (*pos >= len)
		return harness_fail(err, errlen, "%s: missing (expected %s)", what, tn);
	json_t *j = json_loadb(s + *pos, len - *pos, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &e);
	if (!j)
		return harness_fail(err, errlen, "%s (line %zu): not JSON: %s", what,
				    line_of(s, *pos + (e.position > 0 ? (size_t)e.position - 1 : 0)), e.text);
	if (!value_ok(j, t, canonical, why, sizeof(why))) {
		json_decref(j);
		return harness_fail(err, errlen, "%s (line %zu): %s", what, line_of(s, *pos),
				    why[0] ? why : "not of that type");
	}
	*pos += (size_t)e.position;             /* what the value took, exactly */
	*out = j;
	return 0;
}

int harness_check_input(const struct harness_sig *s, const char *in, size_t len, char *err, size_t errlen)
{
	size_t pos = skip_ws(in, len, 0);
	for (size_t i = 0; i < s->nparams; i++) {
		char what[96], tn[32];
		json_t *j;
		type_str(s->params[i].type, tn, sizeof(tn));
		str_printf(what, sizeof(what), "input value %zu (%s %s)", i + 1, s->params[i].name[CASE_CAMEL], tn);
		int r = check_value(in, len, &pos, s->params[i].type, false, what, &j, err, errlen);
		if (r)
			return r;
		json_decref(j);
		pos = skip_ws(in, len, pos);
	}
	if (pos < len)
		return harness_fail(err, errlen, "input: extra data at line %zu after the %zu value%s the function takes",
				    line_of(in, pos), s->nparams, s->nparams == 1 ? "" : "s");
	return 0;
}

/* ---- canonical printing (docs/problems.md, "Test files") ---- */

static int canon_string(struct outbuf *b, const char *s, size_t n)
{
	int r = put(b, "\"", 1);
	for (size_t i = 0; i < n && !r; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			r = put(b, esc, 2);
		} else if (c == '\n' || c == '\r' || c == '\t') {
			r = put_str(b, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
		} else if (c < 0x20) {
			str_printf(esc, sizeof(esc), "\\u%04x", c);
			r = put_str(b, esc);
		} else {
			r = put(b, s + i, 1);
		}
	}
	return r ? r : put(b, "\"", 1);
}

static int canon(struct outbuf *b, const json_t *j, struct htype t)
{
	char num[512];
	int r = 0;
	if (t.dims || t.base == B_LIST || t.base == B_TREE) {
		struct htype et = t.dims ? (struct htype){ t.base, t.dims - 1 } : (struct htype){ B_INT, 0 };
		r = put(b, "[", 1);
		for (size_t i = 0; i < json_array_size(j) && !r; i++) {
			const json_t *e = json_array_get(j, i);
			if (i)
				r = put(b, ",", 1);
			if (!r)
				r = json_is_null(e) ? put_str(b, "null") : canon(b, e, et);
		}
		return r ? r : put(b, "]", 1);
	}
	switch (t.base) {
	case B_INT:
	case B_INT64:
		str_printf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		return put_str(b, num);
	case B_FLOAT64:
		str_printf(num, sizeof(num), "%.6f", json_number_value(j));
		return put_str(b, strcmp(num, "-0.000000") ? num : "0.000000");
	case B_BOOL:
		return put_str(b, json_is_true(j) ? "true" : "false");
	case B_STRING:
		return canon_string(b, json_string_value(j), json_string_length(j));
	default:
		return -EINVAL;
	}
}

int harness_check_answer(const struct harness_sig *s, const char *ans, size_t len, char *err, size_t errlen)
{
	char tn[32];
	json_t *j = NULL;
	struct outbuf b;
	size_t pos = 0, n = len;
	type_str(s->ret, tn, sizeof(tn));
	if (n && ans[n - 1] == '\n')
		n--;                            /* one line; its newline is optional */
	int r = check_value(ans, n, &pos, s->ret, true, "answer", &j, err, errlen);
	if (r)
		return r;
	outbuf_init(&b, n + 64);
	if ((r = canon(&b, j, s->ret)))
		r = r == -E2BIG ? harness_fail(err, errlen, "answer: not canonical (%s)", tn) : r;
	else if (b.len != n || memcmp(b.data, ans, n) != 0)
		r = harness_fail(err, errlen, "answer: not the canonical printing of a %s: expected %.*s%s", tn,
			         b.len > 120 ? 120 : (int)b.len, b.data, b.len > 120 ? "..." : "");
	json_decref(j);
	outbuf_release(&b);
	return r;
}
