/* yaml_int.h - what the YAML reader's files share: the reader's state, its
 * errors, the scalar buffer and the character and line tests. Not for
 * other files: they see yaml.h.
 *
 * yaml.c reads the document (the text normalised, the prologue, errors,
 * peeking at the next line), yaml_coll.c the collections, block and flow,
 * and the node that decides between them; yaml_scalar.c the scalars. */
#ifndef PAIRBOX_YAML_INT_H
#define PAIRBOX_YAML_INT_H

#include "yaml.h"
#include "outbuf.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* The parser works on a normalised copy of the input: line breaks are all
 * '\n', there is a NUL sentinel at s[len] (and no NUL before it, that is
 * checked first), so looking one or two bytes ahead is always safe.
 *
 * Invariant of the block parsers: a block node returns with pos at the end
 * of its last line (on '\n' or the final NUL, after any trailing comment).
 * What follows is found with yaml_peek(), which does not move pos, so each
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

/* "line N: message" into y->err, once: the first error is kept in y->rc,
 * which is returned (-EINVAL for the first). */
int yerr(struct yaml *y, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* -ENOMEM, the same way. */
int ynomem(struct yaml *y);

/* Scalars collect in an outbuf capped at the input's own cap: no scalar
 * is longer than the text it comes from, so the cap is never reached. */
#define YAML_SCALAR_CAP YAML_MAX_SIZE

static inline void sbuf_init(struct outbuf *b)
{
	outbuf_init(b, YAML_SCALAR_CAP);
}

/* Empty again, keeping the allocation (a collection's next key). */
static inline void sbuf_reset(struct outbuf *b)
{
	b->len = b->seen = 0;
	b->truncated = false;
	if (b->data)
		b->data[0] = '\0';
}

/* c, times times (0 times still makes the buffer a valid empty string). */
static inline int sbuf_addc(struct outbuf *b, char c, size_t times)
{
	for (size_t i = 0; i < times; i++)
		if (outbuf_append(b, &c, 1))
			return -ENOMEM;
	return times ? 0 : outbuf_append(b, "", 0);
}

/* The finished scalar as a JSON string. */
static inline int sbuf_string(struct yaml *y, const struct outbuf *b, json_t **out)
{
	if (b->truncated)
		return yerr(y, y->pos, "scalar longer than %u bytes", YAML_SCALAR_CAP);
	*out = json_stringn(b->data, b->len);
	return *out ? 0 : ynomem(y);
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline bool is_eol(char c)
{
	return c == '\n' || c == '\0';
}

static inline bool is_blank_or_eol(char c)
{
	return is_blank(c) || is_eol(c);
}

static inline bool is_flow_ind(char c)
{
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

static inline size_t line_start(const struct yaml *y, size_t at)
{
	while (at > 0 && y->s[at - 1] != '\n')
		at--;
	return at;
}

/* Does the text at at begin with w? */
static inline bool word_at(const struct yaml *y, size_t at, const char *w)
{
	size_t n = strlen(w);
	return at <= y->len && n <= y->len - at && memcmp(y->s + at, w, n) == 0;
}

/* "---" or "..." at the start of a line, alone or followed by blanks. */
static inline bool doc_marker(const struct yaml *y, size_t ls)
{
	return (word_at(y, ls, "---") || word_at(y, ls, "...")) && is_blank_or_eol(y->s[ls + 3]);
}

/* Is '#' at i the start of a comment (at a line's start or after a blank)? */
static inline bool comment_at(const struct yaml *y, size_t i)
{
	return y->s[i] == '#' && (i == 0 || is_blank(y->s[i - 1]) || y->s[i - 1] == '\n');
}

/* Is at the first content of its line (only spaces before it)? */
static inline bool indent_only_before(const struct yaml *y, size_t at)
{
	size_t ls = line_start(y, at);
	while (ls < at && y->s[ls] == ' ')
		ls++;
	return ls == at;
}

/* A block sequence entry: '-' followed by a blank or the line's end. */
static inline bool seq_item_at(const struct yaml *y, size_t i)
{
	return y->s[i] == '-' && is_blank_or_eol(y->s[i + 1]);
}

/* Skip blanks and a comment on the current line; pos ends on the line break. */
int yaml_skip_to_eol(struct yaml *y, const char *after);

/* Where is the next content from pos? Sets *at to it and *col to its
 * column; *newline says whether it is on a later line (else it is on the
 * current line, after pos). *col is -1 at the end of the input or at a
 * document marker. Blank and comment-only lines are skipped; a line
 * indented with a tab is an error. pos does not move. */
int yaml_peek(struct yaml *y, size_t *at, int *col, bool *newline);

/* ---- scalars (yaml_scalar.c) ---- */

/* A quoted scalar at pos ('\'' or '"'); leaves pos after the closing quote.
 * Line breaks fold: one break becomes a space, each empty line a '\n';
 * blanks around breaks are dropped. */
int yaml_quoted(struct yaml *y, struct outbuf *b);

/* A plain scalar's value by the core schema (s is NUL-terminated). */
int yaml_plain_value(struct yaml *y, size_t at, const struct outbuf *b, json_t **out);

/* The characters a plain scalar may not start with, at pos: 0 or an error. */
int yaml_plain_start_check(struct yaml *y);

/* A plain scalar from pos into b. In block context (flow false) it ends
 * before a comment or at a line whose indentation is not beyond parent,
 * and ": " inside is an error; in flow context it also ends at , [ ] { }
 * and at ':' before a blank or one of those. Continuation lines fold as in
 * quoted scalars. pos ends right after the last character taken. */
int yaml_plain(struct yaml *y, bool flow, int parent, struct outbuf *b);

/* A block scalar: pos on '|' or '>'; parent is the indentation of the
 * node that holds it. Ends with pos on the break of its last line. */
int yaml_block_scalar(struct yaml *y, int parent, struct outbuf *b);

/* ---- collections (yaml_coll.c) ---- */

/* The node after a key's ':', a sequence's '-' or at the document's start
 * (pos just past the indicator). parent is the indentation of the
 * collection that holds it (-1 at the top). An absent node is null. */
int yaml_node(struct yaml *y, int parent, enum ctx ctx, json_t **out);

#endif
