/* yaml.c - a recursive-descent reader for the YAML subset described in
 * yaml.h: the document (the text normalised, the prologue, what may follow
 * the root), errors, and peeking at the next line. Collections are in
 * yaml_coll.c, scalars in yaml_scalar.c. */
#include "yaml_int.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int yerr(struct yaml *y, size_t at, const char *fmt, ...)
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

int ynomem(struct yaml *y)
{
	if (!y->rc) {
		y->rc = -ENOMEM;
		if (y->err && y->errlen)
			(void)str_copy(y->err, y->errlen, "out of memory");
	}
	return y->rc;
}
/* Skip blanks and a comment on the current line; pos ends on the line break. */
int yaml_skip_to_eol(struct yaml *y, const char *after)
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
int yaml_peek(struct yaml *y, size_t *at, int *col, bool *newline)
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

	if (parse_prologue(y) || yaml_peek(y, &at, &col, &nl))
		return y->rc;
	if (col < 0) {
		root = json_object();  /* an empty document */
		if (!root)
			return ynomem(y);
	} else if (yaml_node(y, -1, CTX_DOC, &root)) {
		return y->rc;
	}
	if (yaml_peek(y, &at, &col, &nl))
		goto fail;
	if (col >= 0) {
		yerr(y, at, nl ? "unexpected content (bad indentation?)" : "unexpected text");
		goto fail;
	}
	if (y->s[at] == '.') {
		/* "..." ends the document; only comments may follow. */
		y->pos = at + 3;
		if (yaml_peek(y, &at, &col, &nl))
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
