/* yaml_scalar.c - YAML scalars: double- and single-quoted with escapes and
 * folding, plain ones typed by the core schema, `|` and `>` block scalars. */
#include "yaml_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- scalars ---- */

static void put_utf8(char *o, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		o[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*n)++] = (char)(0xC0 | (cp >> 6));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		o[(*n)++] = (char)(0xE0 | (cp >> 12));
		o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*n)++] = (char)(0xF0 | (cp >> 18));
		o[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static int hex_digits(struct yaml *y, size_t at, int n, uint32_t *cp)
{
	uint32_t v = 0;
	*cp = 0;
	for (int k = 0; k < n; k++) {
		char c = y->s[at + (size_t)k];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return yerr(y, at, "escape needs %d hexadecimal digits", n);
		v = v * 16 + (uint32_t)d;
	}
	*cp = v;
	return 0;
}

/* One escape after a backslash at pos (pos on the backslash); appends its
 * bytes and moves pos past it. Escaped line breaks are handled by the
 * caller. */
static int dq_escape(struct yaml *y, struct outbuf *b)
{
	size_t at = y->pos;
	char c = y->s[at + 1];
	char o[8];
	size_t n = 0;
	uint32_t cp = 0;
	int len = 0;

	switch (c) {
	case 'a': o[n++] = '\a'; break;
	case 'b': o[n++] = '\b'; break;
	case 't': case '\t': o[n++] = '\t'; break;
	case 'n': o[n++] = '\n'; break;
	case 'v': o[n++] = '\v'; break;
	case 'f': o[n++] = '\f'; break;
	case 'r': o[n++] = '\r'; break;
	case 'e': o[n++] = '\x1b'; break;
	case ' ': case '"': case '/': case '\\': o[n++] = c; break;
	}
	if (n) {
		y->pos += 2;
		return outbuf_append(b, o, n) ? ynomem(y) : 0;
	}
	switch (c) {
	case 'N': cp = 0x85; break;
	case '_': cp = 0xA0; break;
	case 'L': cp = 0x2028; break;
	case 'P': cp = 0x2029; break;
	case 'x': len = 2; break;
	case 'u': len = 4; break;
	case 'U': len = 8; break;
	case '0':
		return yerr(y, at, "the NUL character (\\0) is not supported");
	default:
		if (is_eol(c))
			return yerr(y, at, "unterminated double-quoted scalar");
		return yerr(y, at, "unknown escape '\\%c'", c);
	}
	y->pos += 2;
	if (len) {
		if (hex_digits(y, y->pos, len, &cp))
			return y->rc;
		y->pos += (size_t)len;
		if (cp >= 0xD800 && cp <= 0xDBFF && y->s[y->pos] == '\\' && y->s[y->pos + 1] == 'u') {
			uint32_t lo = 0;
			if (hex_digits(y, y->pos + 2, 4, &lo))
				return y->rc;
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				y->pos += 6;
			}
		}
		if (cp == 0)
			return yerr(y, at, "the NUL character (\\0) is not supported");
		if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return yerr(y, at, "escape is not a Unicode character (lone surrogate or beyond U+10FFFF)");
	}
	put_utf8(o, &n, cp);
	return outbuf_append(b, o, n) ? ynomem(y) : 0;
}

/* A quoted scalar at pos ('\'' or '"'); leaves pos after the closing quote.
 * Line breaks fold: one break becomes a space, each empty line a '\n';
 * blanks around breaks are dropped. */
int yaml_quoted(struct yaml *y, struct outbuf *b)
{
	char q = y->s[y->pos];
	size_t start = y->pos;
	bool escaped_break = false;

	y->pos++;
	for (;;) {
		char c = y->s[y->pos];
		if (c == '\0')
			return yerr(y, start, "unterminated %s-quoted scalar", q == '"' ? "double" : "single");
		if (c == q) {
			if (q == '\'' && y->s[y->pos + 1] == '\'') {
				if (outbuf_append(b, "'", 1))
					return ynomem(y);
				y->pos += 2;
				continue;
			}
			y->pos++;
			return outbuf_append(b, "", 0) ? ynomem(y) : 0;
		}
		if (is_blank(c)) {
			size_t i = y->pos;
			while (is_blank(y->s[i]))
				i++;
			if (y->s[i] != '\n' && outbuf_append(b, y->s + y->pos, i - y->pos))
				return ynomem(y);
			y->pos = i;
			continue;
		}
		if (c == '\n') {
			size_t breaks = 0;
			while (y->s[y->pos] == '\n') {
				y->pos++;
				breaks++;
				if (doc_marker(y, y->pos))
					return yerr(y, y->pos, "document marker inside a quoted scalar");
				while (is_blank(y->s[y->pos]))
					y->pos++;
			}
			/* Each empty line is a '\n'; a lone break is a space, or
			 * nothing after an escaped break. */
			if (breaks > 1 ? sbuf_addc(b, '\n', breaks - 1) : escaped_break ? 0 : sbuf_addc(b, ' ', 1))
				return ynomem(y);
			escaped_break = false;
			continue;
		}
		if (q == '"' && c == '\\') {
			if (y->s[y->pos + 1] == '\n') {
				y->pos++;
				escaped_break = true;
				continue;
			}
			if (dq_escape(y, b))
				return y->rc;
			continue;
		}
		if (outbuf_append(b, &c, 1))
			return ynomem(y);
		y->pos++;
	}
}

static bool plain_is(const char *s, const char *a, const char *b, const char *c)
{
	return !strcmp(s, a) || !strcmp(s, b) || !strcmp(s, c);
}

static bool all_digits(const char *s, const char *set)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr(set, *s))
			return false;
	return true;
}

/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_float(const char *s)
{
	bool digits = false;
	if (*s == '-' || *s == '+')
		s++;
	while (*s >= '0' && *s <= '9')
		s++, digits = true;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++, digits = true;
	}
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* The base of a core schema integer ([-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+), or 0. */
static int int_base(const char *s)
{
	if (all_digits(s + (*s == '-' || *s == '+'), "0123456789"))
		return 10;
	if (s[0] == '0' && s[1] == 'o' && all_digits(s + 2, "01234567"))
		return 8;
	if (s[0] == '0' && s[1] == 'x' && all_digits(s + 2, "0123456789abcdefABCDEF"))
		return 16;
	return 0;
}

/* A plain scalar's value by the core schema (s is NUL-terminated). */
int yaml_plain_value(struct yaml *y, size_t at, const struct outbuf *b, json_t **out)
{
	const char *s = b->data ? b->data : "";
	size_t n = b->len;
	char *end;
	int base;

	*out = NULL;
	if (n == 0 || plain_is(s, "~", "null", "Null") || !strcmp(s, "NULL")) {
		*out = json_null();
	} else if (plain_is(s, "true", "True", "TRUE")) {
		*out = json_true();
	} else if (plain_is(s, "false", "False", "FALSE")) {
		*out = json_false();
	} else if ((base = int_base(s))) {
		errno = 0;
		long long v = strtoll(base == 10 ? s : s + 2, &end, base);
		if (errno || *end)
			return yerr(y, at, "integer '%s' does not fit in 64 bits", s);
		*out = json_integer(v);
	} else if (is_float(s)) {
		double d = strtod(s, &end);
		if (*end || !isfinite(d))
			return yerr(y, at, "number '%s' is out of range", s);
		*out = json_real(d);
	} else if (plain_is(s, ".inf", ".Inf", ".INF") || plain_is(s, "+.inf", "+.Inf", "+.INF") ||
		   plain_is(s, "-.inf", "-.Inf", "-.INF") || plain_is(s, ".nan", ".NaN", ".NAN")) {
		return yerr(y, at, "'%s' (infinity or NaN) cannot be represented in JSON", s);
	} else {
		return sbuf_string(y, b, out);
	}
	return *out ? 0 : ynomem(y);
}

/* Characters a plain scalar may not start with. */
int yaml_plain_start_check(struct yaml *y)
{
	char c = y->s[y->pos];
	switch (c) {
	case '&':
		return yerr(y, y->pos, "anchors (&name) are not supported");
	case '*':
		return yerr(y, y->pos, "aliases (*name) are not supported");
	case '!':
		return yerr(y, y->pos, "tags (!tag) are not supported");
	case '?':
		if (is_blank_or_eol(y->s[y->pos + 1]))
			return yerr(y, y->pos, "complex keys ('? ') are not supported");
		break;
	case ':':
	case '-':
		if (is_blank_or_eol(y->s[y->pos + 1]))
			return yerr(y, y->pos, "unexpected '%c'", c);
		break;
	case ',': case '[': case ']': case '{': case '}': case '#': case '|': case '>':
	case '\'': case '"': case '%': case '@': case '`':
		return yerr(y, y->pos, "a plain scalar cannot start with '%c'", c);
	}
	return 0;
}

/* A plain scalar from pos into b. In block context (flow false) it ends
 * before a comment or at a line whose indentation is not beyond parent,
 * and ": " inside is an error; in flow context it also ends at , [ ] { }
 * and at ':' before a blank or one of those. Continuation lines fold as in
 * quoted scalars. pos ends right after the last character taken. */
int yaml_plain(struct yaml *y, bool flow, int parent, struct outbuf *b)
{
	if (yaml_plain_start_check(y))
		return y->rc;
	for (;;) {
		size_t i = y->pos, end = y->pos;
		bool stop = false;
		while (!is_eol(y->s[i])) {
			char c = y->s[i];
			if (c == ':' && (is_blank_or_eol(y->s[i + 1]) || (flow && is_flow_ind(y->s[i + 1])))) {
				if (!flow)
					return yerr(y, i, "mapping values are not allowed here (quote a scalar that holds ': ')");
				stop = true;
				break;
			}
			if (flow && is_flow_ind(c)) {
				stop = true;
				break;
			}
			if (is_blank(c) && y->s[i + 1] == '#') {
				stop = true;
				break;
			}
			if (!is_blank(c))
				end = i + 1;
			i++;
		}
		if (outbuf_append(b, y->s + y->pos, end - y->pos))
			return ynomem(y);
		y->pos = end;
		if (stop)
			return 0;
		/* At a line's end: does the scalar go on below? */
		size_t j = i, breaks = 0;
		for (;;) {
			if (y->s[j] != '\n')
				return 0;
			j++;
			breaks++;
			if (doc_marker(y, j))
				return 0;
			size_t ls = j;
			while (y->s[j] == ' ')
				j++;
			int indent = (int)(j - ls);
			while (is_blank(y->s[j]))
				j++;
			if (y->s[j] == '\n')
				continue;
			if (y->s[j] == '\0' || y->s[j] == '#')
				return 0;
			if (!flow && indent <= parent)
				return 0;
			if (flow && (is_flow_ind(y->s[j]) || y->s[j] == ':'))
				return 0;
			break;
		}
		if (breaks > 1 ? sbuf_addc(b, '\n', breaks - 1) : sbuf_addc(b, ' ', 1))
			return ynomem(y);
		y->pos = j;
	}
}

enum chomp { CHOMP_CLIP, CHOMP_STRIP, CHOMP_KEEP };

/* A block scalar: pos on '|' or '>'; parent is the indentation of the
 * node that holds it. Ends with pos on the break of its last line. */
int yaml_block_scalar(struct yaml *y, int parent, struct outbuf *b)
{
	bool folded = y->s[y->pos] == '>';
	enum chomp chomp = CHOMP_CLIP;
	int indent = 0, explicit_indent = 0;
	size_t at = y->pos;

	y->pos++;
	for (int k = 0; k < 2; k++) {
		char c = y->s[y->pos];
		if ((c == '+' || c == '-') && chomp == CHOMP_CLIP) {
			chomp = c == '+' ? CHOMP_KEEP : CHOMP_STRIP;
			y->pos++;
		} else if (c >= '1' && c <= '9' && !explicit_indent) {
			explicit_indent = c - '0';
			y->pos++;
		}
	}
	if (!is_blank_or_eol(y->s[y->pos]))
		return yerr(y, at, "bad block scalar header (expected | or > with optional +, - and one digit 1-9)");
	if (yaml_skip_to_eol(y, "a block scalar header"))
		return y->rc;

	if (explicit_indent) {
		indent = (parent < 0 ? 0 : parent) + explicit_indent;
	} else {
		/* The first non-empty line sets the indentation; empty lines
		 * before it may not have more spaces (YAML 1.2, 8.1.1.1). */
		size_t j = y->pos, widest = 0, widest_at = 0;
		while (y->s[j] == '\n') {
			j++;
			size_t ls = j;
			while (y->s[j] == ' ')
				j++;
			if (y->s[j] != '\n') {
				indent = y->s[j] == '\0' ? 0 : (int)(j - ls);
				if (y->s[j] != '\0' && widest > (size_t)indent && indent > parent)
					return yerr(y, widest_at, "a leading empty line of a block scalar has more spaces than its first line");
				break;
			}
			if (j - ls > widest) {
				widest = j - ls;
				widest_at = ls;
			}
		}
		if (indent <= parent)
			indent = parent + 1;
	}

	size_t pending = 0;       /* empty lines since the last content line */
	bool had_content = false, prev_more = false, final_break = false;
	size_t last_break = y->pos;
	while (y->s[y->pos] == '\n') {
		size_t ls = y->pos + 1, j = ls;
		if (doc_marker(y, ls))
			break;
		while (y->s[j] == ' ' && (int)(j - ls) < indent)
			j++;
		if (y->s[j] == '\n') {
			pending++;
			y->pos = j;
			last_break = j;
			continue;
		}
		if ((int)(j - ls) < indent || y->s[j] == '\0')
			break;
		bool more = is_blank(y->s[j]);
		int rc;
		if (!had_content)
			rc = sbuf_addc(b, '\n', pending);
		else if (folded && !prev_more && !more)
			rc = pending ? sbuf_addc(b, '\n', pending) : sbuf_addc(b, ' ', 1);
		else
			rc = sbuf_addc(b, '\n', pending + 1);
		size_t e = j;
		while (!is_eol(y->s[e]))
			e++;
		if (rc || outbuf_append(b, y->s + j, e - j))
			return ynomem(y);
		had_content = true;
		prev_more = more;
		final_break = y->s[e] == '\n';
		pending = 0;
		y->pos = e;
		last_break = e;
	}
	y->pos = last_break;
	int rc = 0;
	/* Chomping: the last line's break is kept unless stripped (there is
	 * none at the end of the input); the empty lines after it only with +. */
	if (final_break && chomp != CHOMP_STRIP)
		rc = sbuf_addc(b, '\n', 1);
	if (!rc && chomp == CHOMP_KEEP)
		rc = sbuf_addc(b, '\n', pending);
	if (!rc)
		rc = outbuf_append(b, "", 0);
	return rc ? ynomem(y) : 0;
}
