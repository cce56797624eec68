/* yaml.c - a recursive-descent reader for the YAML subset described in yaml.h. */
#include "yaml.h"
#include "outbuf.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parser works on a normalised copy of the input: line breaks are all
 * '\n', there is a NUL sentinel at s[len] (and no NUL before it, that is
 * checked first), so looking one or two bytes ahead is always safe.
 *
 * Invariant of the block parsers: a block node returns with pos at the end
 * of its last line (on '\n' or the final NUL, after any trailing comment).
 * What follows is found with peek(), which does not move pos, so each
 * level decides by the next line's indentation whether it goes on. */
struct yaml {
	char *s;
	size_t len;
	size_t pos;
	int depth;
	int rc;            /* the first error; later ones keep it */
	char *err;
	size_t errlen;
};

enum ctx { CTX_DOC, CTX_MAP_VALUE, CTX_SEQ_ITEM };

static int yerr(struct yaml *y, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int yerr(struct yaml *y, size_t at, const char *fmt, ...)
{
	if (y->rc)
		return y->rc;
	y->rc = -EINVAL;
	if (!y->err || !y->errlen)
		return -EINVAL;
	size_t line = 1;
	for (size_t i = 0; i < at && i < y->len; i++)
		line += y->s[i] == '\n';
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Truncation only shortens the message. */
	(void)str_printf(y->err, y->errlen, "line %zu: %s", line, msg);
	return -EINVAL;
}

static int ynomem(struct yaml *y)
{
	if (!y->rc) {
		y->rc = -ENOMEM;
		if (y->err && y->errlen)
			(void)str_copy(y->err, y->errlen, "out of memory");
	}
	return y->rc;
}

/* Scalars collect in an outbuf capped at the input's own cap: no scalar
 * is longer than the text it comes from, so the cap is never reached. */
#define YAML_SCALAR_CAP YAML_MAX_SIZE

static void sbuf_init(struct outbuf *b)
{
	outbuf_init(b, YAML_SCALAR_CAP);
}

/* Empty again, keeping the allocation (a collection's next key). */
static void sbuf_reset(struct outbuf *b)
{
	b->len = b->seen = 0;
	b->truncated = false;
	if (b->data)
		b->data[0] = '\0';
}

/* c, times times (0 times still makes the buffer a valid empty string). */
static int sbuf_addc(struct outbuf *b, char c, size_t times)
{
	for (size_t i = 0; i < times; i++)
		if (outbuf_append(b, &c, 1))
			return -ENOMEM;
	return times ? 0 : outbuf_append(b, "", 0);
}

/* The finished scalar as a JSON string. */
static int sbuf_string(struct yaml *y, const struct outbuf *b, json_t **out)
{
	if (b->truncated)
		return yerr(y, y->pos, "scalar longer than %u bytes", YAML_SCALAR_CAP);
	*out = json_stringn(b->data, b->len);
	return *out ? 0 : ynomem(y);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_eol(char c)
{
	return c == '\n' || c == '\0';
}

static bool is_blank_or_eol(char c)
{
	return is_blank(c) || is_eol(c);
}

static bool is_flow_ind(char c)
{
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

static size_t line_start(const struct yaml *y, size_t at)
{
	while (at > 0 && y->s[at - 1] != '\n')
		at--;
	return at;
}

/* Does the text at at begin with w? */
static bool word_at(const struct yaml *y, size_t at, const char *w)
{
	size_t n = strlen(w);
	return at <= y->len && n <= y->len - at && memcmp(y->s + at, w, n) == 0;
}

/* "---" or "..." at the start of a line, alone or followed by blanks. */
static bool doc_marker(const struct yaml *y, size_t ls)
{
	return (word_at(y, ls, "---") || word_at(y, ls, "...")) && is_blank_or_eol(y->s[ls + 3]);
}

/* Is '#' at i the start of a comment (at a line's start or after a blank)? */
static bool comment_at(const struct yaml *y, size_t i)
{
	return y->s[i] == '#' && (i == 0 || is_blank(y->s[i - 1]) || y->s[i - 1] == '\n');
}

/* Is at the first content of its line (only spaces before it)? */
static bool indent_only_before(const struct yaml *y, size_t at)
{
	size_t ls = line_start(y, at);
	while (ls < at && y->s[ls] == ' ')
		ls++;
	return ls == at;
}

/* A block sequence entry: '-' followed by a blank or the line's end. */
static bool seq_item_at(const struct yaml *y, size_t i)
{
	return y->s[i] == '-' && is_blank_or_eol(y->s[i + 1]);
}

/* Skip blanks and a comment on the current line; pos ends on the line break. */
static int skip_to_eol(struct yaml *y, const char *after)
{
	while (is_blank(y->s[y->pos]))
		y->pos++;
	if (comment_at(y, y->pos))
		while (!is_eol(y->s[y->pos]))
			y->pos++;
	if (!is_eol(y->s[y->pos]))
		return yerr(y, y->pos, "unexpected text after %s", after);
	return 0;
}

/* Where is the next content from pos? Sets *at to it and *col to its
 * column; *newline says whether it is on a later line (else it is on the
 * current line, after pos). *col is -1 at the end of the input or at a
 * document marker. Blank and comment-only lines are skipped; a line
 * indented with a tab is an error. pos does not move. */
static int peek(struct yaml *y, size_t *at, int *col, bool *newline)
{
	size_t i = y->pos;
	*newline = false;
	*at = i;
	*col = -1;
	while (is_blank(y->s[i]))
		i++;
	if (comment_at(y, i))
		while (!is_eol(y->s[i]))
			i++;
	while (y->s[i] == '\n') {
		i++;
		*newline = true;
		if (doc_marker(y, i)) {
			*at = i;
			*col = -1;
			return 0;
		}
		size_t ls = i;
		while (y->s[i] == ' ')
			i++;
		size_t sp = i;
		while (is_blank(y->s[i]))
			i++;
		if (comment_at(y, i))
			while (!is_eol(y->s[i]))
				i++;
		if (!is_eol(y->s[i]) && sp != i)
			return yerr(y, sp, "tab character used for indentation");
		if (!is_eol(y->s[i])) {
			*at = i;
			*col = (int)(i - ls);
			return 0;
		}
	}
	*at = i;
	if (y->s[i] == '\0') {
		*col = -1;
		return 0;
	}
	*col = (int)(i - line_start(y, i));
	return 0;
}

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
static int parse_quoted(struct yaml *y, struct outbuf *b)
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
static int plain_value(struct yaml *y, size_t at, const struct outbuf *b, json_t **out)
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
static int plain_start_check(struct yaml *y)
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
static int parse_plain(struct yaml *y, bool flow, int parent, struct outbuf *b)
{
	if (plain_start_check(y))
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
static int parse_block_scalar(struct yaml *y, int parent, struct outbuf *b)
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
	if (skip_to_eol(y, "a block scalar header"))
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

/* ---- collections ---- */

static int parse_node(struct yaml *y, int parent, enum ctx ctx, json_t **out);
static int parse_flow(struct yaml *y, json_t **out);

/* The end of a collection's parser: hand coll to *out, or drop it after
 * an error (the first error is in y->rc). */
static int coll_finish(struct yaml *y, json_t *coll, json_t **out)
{
	if (y->rc) {
		json_decref(coll);
		return y->rc;
	}
	*out = coll;
	return 0;
}

/* Is there a block mapping key at i ("key:" followed by a blank or the
 * line's end)? *colon is set to the ':'. */
static bool key_at(const struct yaml *y, size_t i, size_t *colon)
{
	char c = y->s[i];
	if (c == '"' || c == '\'') {
		i++;
		while (!is_eol(y->s[i])) {
			if (c == '"' && y->s[i] == '\\' && !is_eol(y->s[i + 1])) {
				i += 2;
				continue;
			}
			if (y->s[i] == c) {
				if (c == '\'' && y->s[i + 1] == '\'') {
					i += 2;
					continue;
				}
				break;
			}
			i++;
		}
		if (y->s[i] != c)
			return false;
		i++;
		while (is_blank(y->s[i]))
			i++;
		if (y->s[i] == ':' && is_blank_or_eol(y->s[i + 1])) {
			*colon = i;
			return true;
		}
		return false;
	}
	if (strchr(",[]{}#&*!|>%@`", c))
		return false;
	if ((c == '-' || c == '?' || c == ':') && is_blank_or_eol(y->s[i + 1]))
		return false;
	for (; !is_eol(y->s[i]); i++) {
		if (y->s[i] == ':' && is_blank_or_eol(y->s[i + 1])) {
			*colon = i;
			return true;
		}
		if (is_blank(y->s[i]) && y->s[i + 1] == '#')
			return false;
	}
	return false;
}

/* The key at pos (key_at said yes) into b; pos ends after the ':'. */
static int parse_key(struct yaml *y, size_t colon, struct outbuf *b)
{
	if (y->s[y->pos] == '"' || y->s[y->pos] == '\'') {
		if (parse_quoted(y, b))
			return y->rc;
	} else {
		if (plain_start_check(y))
			return y->rc;
		size_t e = colon;
		while (e > y->pos && is_blank(y->s[e - 1]))
			e--;
		if (outbuf_append(b, y->s + y->pos, e - y->pos))
			return ynomem(y);
	}
	y->pos = colon + 1;
	return 0;
}

static int map_set(struct yaml *y, json_t *obj, size_t at, const struct outbuf *k, json_t *val)
{
	const char *key = k->data ? k->data : "";

	if (k->truncated) {
		json_decref(val);
		return yerr(y, at, "key longer than %u bytes", YAML_SCALAR_CAP);
	}
	if (json_object_get(obj, key)) {
		json_decref(val);
		return yerr(y, at, "duplicate key \"%s\"", key);
	}
	if (json_object_set_new(obj, key, val))
		return ynomem(y);
	return 0;
}

/* A block mapping whose first key is at pos, in column col. */
static int parse_block_map(struct yaml *y, int col, json_t **out)
{
	json_t *obj = json_object();
	struct outbuf key;

	sbuf_init(&key);
	if (!obj)
		return ynomem(y);
	for (;;) {
		size_t colon = 0, at = y->pos, next;
		int ncol;
		bool nl;
		json_t *val = NULL;

		if (!key_at(y, at, &colon)) {
			if (seq_item_at(y, at))
				yerr(y, at, "a sequence item where a mapping key was expected");
			else
				yerr(y, at, "expected a mapping key (\"key: value\")");
			goto out;
		}
		sbuf_reset(&key);
		if (parse_key(y, colon, &key) || parse_node(y, col, CTX_MAP_VALUE, &val) ||
		    map_set(y, obj, at, &key, val))
			goto out;
		if (peek(y, &next, &ncol, &nl))
			goto out;
		if (!nl && ncol >= 0) {
			yerr(y, next, "unexpected text after a value");
			goto out;
		}
		if (ncol < col)
			break;
		if (ncol > col) {
			yerr(y, next, "bad indentation (%d spaces where the mapping above has %d)", ncol, col);
			goto out;
		}
		y->pos = next;
	}
out:
	outbuf_release(&key);
	return coll_finish(y, obj, out);
}

/* A block sequence whose first '-' is at pos, in column col. */
static int parse_block_seq(struct yaml *y, int col, json_t **out)
{
	json_t *arr = json_array();
	if (!arr)
		return ynomem(y);
	for (;;) {
		size_t next;
		int ncol;
		bool nl;
		json_t *val = NULL;

		y->pos++;  /* past '-' */
		if (parse_node(y, col, CTX_SEQ_ITEM, &val))
			goto out;
		if (json_array_append_new(arr, val)) {
			ynomem(y);
			goto out;
		}
		if (peek(y, &next, &ncol, &nl))
			goto out;
		if (!nl && ncol >= 0) {
			yerr(y, next, "unexpected text after a sequence item");
			goto out;
		}
		if (ncol == col && seq_item_at(y, next)) {
			y->pos = next;
			continue;
		}
		if (ncol > col) {
			yerr(y, next, "bad indentation (%d spaces where the sequence above has %d)", ncol, col);
			goto out;
		}
		break;
	}
out:
	return coll_finish(y, arr, out);
}

/* Blanks, line breaks and comments inside a flow collection. */
static void flow_skip(struct yaml *y)
{
	for (;;) {
		char c = y->s[y->pos];
		if (is_blank(c) || c == '\n')
			y->pos++;
		else if (comment_at(y, y->pos))
			while (!is_eol(y->s[y->pos]))
				y->pos++;
		else
			return;
	}
}

/* One node inside a flow collection. */
static int flow_node(struct yaml *y, json_t **out)
{
	struct outbuf b;
	char c = y->s[y->pos];
	size_t at = y->pos;
	int rc;

	if (c == '[' || c == '{')
		return parse_flow(y, out);
	sbuf_init(&b);
	if (c == '"' || c == '\'') {
		rc = parse_quoted(y, &b);
		if (!rc)
			rc = sbuf_string(y, &b, out);
	} else {
		rc = parse_plain(y, true, -1, &b);
		if (!rc)
			rc = plain_value(y, at, &b, out);
	}
	outbuf_release(&b);
	return rc;
}

static int flow_end(struct yaml *y, size_t start, char close)
{
	char c = y->s[y->pos];
	if (c == '\0')
		return yerr(y, start, "unterminated flow %s (no '%c')", close == ']' ? "sequence" : "mapping", close);
	if (c == ',') {
		y->pos++;
		return 0;
	}
	if (c == close)
		return 0;
	if (c == ':' && close == ']')
		return yerr(y, y->pos, "key: value pairs inside a flow sequence are not supported");
	return yerr(y, y->pos, "expected ',' or '%c' in a flow collection", close);
}

/* A flow sequence or mapping at pos; pos ends after its closing bracket. */
static int parse_flow(struct yaml *y, json_t **out)
{
	size_t start = y->pos;
	char close = y->s[start] == '[' ? ']' : '}';
	json_t *coll = close == ']' ? json_array() : json_object();
	struct outbuf key;

	sbuf_init(&key);
	if (!coll)
		return ynomem(y);
	if (++y->depth > YAML_MAX_DEPTH) {
		yerr(y, start, "nesting deeper than %d", YAML_MAX_DEPTH);
		goto out;
	}
	y->pos++;
	for (;;) {
		json_t *val = NULL;
		size_t at;

		flow_skip(y);
		if (y->s[y->pos] == close) {
			y->pos++;
			break;
		}
		if (y->s[y->pos] == '\0') {
			flow_end(y, start, close);
			goto out;
		}
		at = y->pos;
		if (close == ']') {
			if (flow_node(y, &val))
				goto out;
			if (json_array_append_new(coll, val)) {
				ynomem(y);
				goto out;
			}
		} else {
			sbuf_reset(&key);
			if (y->s[at] == '"' || y->s[at] == '\'') {
				if (parse_quoted(y, &key))
					goto out;
			} else if (y->s[at] == '[' || y->s[at] == '{') {
				yerr(y, at, "complex keys (a collection as a key) are not supported");
				goto out;
			} else if (parse_plain(y, true, -1, &key)) {
				goto out;
			}
			flow_skip(y);
			if (y->s[y->pos] == ':') {
				y->pos++;
				flow_skip(y);
				if (y->s[y->pos] != ',' && y->s[y->pos] != '}' && flow_node(y, &val))
					goto out;
			}
			if (!val && !(val = json_null())) {
				ynomem(y);
				goto out;
			}
			if (map_set(y, coll, at, &key, val))
				goto out;
		}
		flow_skip(y);
		if (flow_end(y, start, close))
			goto out;
	}
	y->depth--;
out:
	outbuf_release(&key);
	return coll_finish(y, coll, out);
}

/* A block sequence or mapping at pos; each nesting level counts towards
 * YAML_MAX_DEPTH (flow collections count in parse_flow). */
static int parse_block_coll(struct yaml *y, bool seq, int col, json_t **out)
{
	int rc;
	if (++y->depth > YAML_MAX_DEPTH)
		return yerr(y, y->pos, "nesting deeper than %d", YAML_MAX_DEPTH);
	rc = seq ? parse_block_seq(y, col, out) : parse_block_map(y, col, out);
	y->depth--;
	return rc;
}

/* The node after a key's ':', a sequence's '-' or at the document's start
 * (pos just past the indicator). parent is the indentation of the
 * collection that holds it (-1 at the top). An absent node is null. */
static int parse_node(struct yaml *y, int parent, enum ctx ctx, json_t **out)
{
	size_t at;
	int col;
	bool nl;
	struct outbuf b;
	int rc = 0;

	*out = NULL;
	if (peek(y, &at, &col, &nl))
		return y->rc;
	if (col < 0 || (nl && col <= parent)) {
		/* "key:" with its sequence at the key's own indentation. */
		if (ctx == CTX_MAP_VALUE && nl && col == parent && seq_item_at(y, at)) {
			y->pos = at;
			return parse_block_coll(y, true, col, out);
		}
		*out = json_null();
		return *out ? 0 : ynomem(y);
	}
	y->pos = at;
	sbuf_init(&b);
	/* Block collections start on a line of their own, or compactly after
	 * a sequence's "- ". */
	bool block_ok = nl || ctx == CTX_SEQ_ITEM || indent_only_before(y, at);
	char c = y->s[at];
	size_t colon;

	if (seq_item_at(y, at)) {
		rc = block_ok ? parse_block_coll(y, true, col, out)
			      : yerr(y, at, "a block sequence cannot start on the same line as its key");
	} else if (key_at(y, at, &colon)) {
		rc = block_ok ? parse_block_coll(y, false, col, out)
			      : yerr(y, at, "mapping values are not allowed here (quote a scalar that holds ': ')");
	} else if (c == '|' || c == '>') {
		rc = parse_block_scalar(y, parent, &b);
		if (!rc)
			rc = sbuf_string(y, &b, out);
	} else if (c == '[' || c == '{') {
		rc = parse_flow(y, out);
		if (!rc && y->s[y->pos] != ':')
			rc = skip_to_eol(y, "a flow collection");
		else if (!rc)
			rc = yerr(y, y->pos, "complex keys (a collection as a key) are not supported");
	} else if (c == '"' || c == '\'') {
		rc = parse_quoted(y, &b);
		if (!rc)
			rc = skip_to_eol(y, "a quoted scalar");
		if (!rc)
			rc = sbuf_string(y, &b, out);
	} else {
		rc = parse_plain(y, false, parent, &b);
		if (!rc)
			rc = skip_to_eol(y, "a plain scalar");
		if (!rc)
			rc = plain_value(y, at, &b, out);
	}
	outbuf_release(&b);
	if (rc) {
		json_decref(*out);
		*out = NULL;
		return y->rc ? y->rc : rc;
	}
	return 0;
}

/* ---- the document ---- */

/* Bytes the parser refuses before it starts: NUL, control characters
 * other than tab and line breaks, invalid UTF-8. Returns the offset of
 * the first bad byte, or len. */
static size_t first_bad_byte(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
				return i;
			i++;
			continue;
		}
		size_t n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
		uint32_t cp = c & (n == 3 ? 0x07 : n == 2 ? 0x0F : 0x1F);
		if (c < 0xC2 || c > 0xF4 || i + n >= len)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return len;
}

/* Directives (%YAML only) and an optional "---" before the content. */
static int parse_prologue(struct yaml *y)
{
	for (;;) {
		size_t ls = y->pos;
		while (is_blank(y->s[y->pos]))
			y->pos++;
		if (y->s[y->pos] == '#' || y->s[y->pos] == '\n') {
			while (!is_eol(y->s[y->pos]))
				y->pos++;
			if (y->s[y->pos] == '\0')
				return 0;
			y->pos++;
			continue;
		}
		y->pos = ls;
		if (y->s[ls] == '%') {
			if (word_at(y, ls, "%TAG") && is_blank_or_eol(y->s[ls + 4]))
				return yerr(y, ls, "tags (%%TAG) are not supported");
			if (!word_at(y, ls, "%YAML") || !is_blank(y->s[ls + 5]))
				return yerr(y, ls, "unknown directive");
			while (!is_eol(y->s[y->pos]))
				y->pos++;
			if (y->s[y->pos] == '\n')
				y->pos++;
			continue;
		}
		if (doc_marker(y, ls) && y->s[ls] == '-')
			y->pos = ls + 3;
		else if (ls > 0)
			y->pos = ls - 1;   /* on the break before the first content line */
		return 0;
	}
}

static int parse_document(struct yaml *y, json_t **out)
{
	size_t at;
	int col;
	bool nl;
	json_t *root = NULL;

	if (parse_prologue(y) || peek(y, &at, &col, &nl))
		return y->rc;
	if (col < 0) {
		root = json_object();  /* an empty document */
		if (!root)
			return ynomem(y);
	} else if (parse_node(y, -1, CTX_DOC, &root)) {
		return y->rc;
	}
	if (peek(y, &at, &col, &nl))
		goto fail;
	if (col >= 0) {
		yerr(y, at, nl ? "unexpected content (bad indentation?)" : "unexpected text");
		goto fail;
	}
	if (y->s[at] == '.') {
		/* "..." ends the document; only comments may follow. */
		y->pos = at + 3;
		if (peek(y, &at, &col, &nl))
			goto fail;
		if (col >= 0 || y->s[at] != '\0') {
			yerr(y, at, "content after the end of the document ('...')");
			goto fail;
		}
	} else if (y->s[at] == '-') {
		yerr(y, at, "several documents in one file are not supported");
		goto fail;
	}
	*out = root;
	return 0;
fail:
	json_decref(root);
	return y->rc;
}

int yaml_parse(const char *text, size_t len, json_t **out, char *err, size_t errlen)
{
	struct yaml y = { .err = err, .errlen = errlen };
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (len > YAML_MAX_SIZE) {
		if (err && errlen)
			(void)str_printf(err, errlen, "larger than %u bytes", YAML_MAX_SIZE);
		return -EFBIG;
	}
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	y.s = malloc(len + 1);
	if (!y.s)
		return ynomem(&y);
	/* CRLF and lone CR become LF. */
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\r') {
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
			c = '\n';
		}
		y.s[y.len++] = c;
	}
	y.s[y.len] = '\0';
	size_t bad = first_bad_byte((const unsigned char *)y.s, y.len);
	if (bad < y.len) {
		unsigned char c = (unsigned char)y.s[bad];
		rc = c < 0x80 ? yerr(&y, bad, "control character 0x%02x is not allowed", c)
			      : yerr(&y, bad, "invalid UTF-8");
		goto out;
	}
	rc = parse_document(&y, out);
out:
	free(y.s);
	return rc;
}
