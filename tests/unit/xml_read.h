/* xml_read.h - a strict little XML 1.0 reader for tests: is a document
 * well-formed, and what text and attribute values does an XML processor
 * hand an application.
 *
 * Enough of XML for what the JUnit writer may produce, and strict about
 * it: an XML declaration, one root element, attributes, character data
 * and the five entity references and character references. Anything else
 * (comments, CDATA, processing instructions, DOCTYPE) is refused, as are
 * bytes that are not UTF-8, characters XML 1.0 cannot hold, unbalanced
 * tags and duplicate attributes. Text and attribute values are decoded as
 * an XML processor hands them to an application: line ends normalised,
 * literal whitespace in attributes made spaces, references replaced.
 *
 * xml_parse() returns the root (free with xnode_free()) or NULL with err
 * set ("byte N: what"); xattr(), xkid() and xcount() look inside. */
#ifndef PAIRBOX_XML_READ_H
#define PAIRBOX_XML_READ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define XML_MAX_ATTRS 16
#define XML_MAX_DEPTH 32

struct xnode {
	char name[64];
	char *attr_name[XML_MAX_ATTRS], *attr_value[XML_MAX_ATTRS];
	size_t nattrs;
	char *text;                  /* the character data directly inside, concatenated */
	size_t textlen;
	struct xnode **kids;
	size_t nkids;
};

struct xreader {
	const char *s;
	size_t len, pos;
	char err[256];
};

static inline void xnode_free(struct xnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nattrs; i++) {
		free(n->attr_name[i]);
		free(n->attr_value[i]);
	}
	for (size_t i = 0; i < n->nkids; i++)
		xnode_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

static inline int xfail(struct xreader *x, const char *what)
{
	if (!x->err[0])
		snprintf(x->err, sizeof(x->err), "byte %zu: %s", x->pos, what);
	return -1;
}

/* The code point at s[*i] (valid UTF-8 and an XML 1.0 Char), or -1. */
static inline long xchar(const unsigned char *s, size_t len, size_t *i)
{
	unsigned c = s[*i];
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (!n || *i + n > len)
		return -1;
	uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
	for (size_t k = 1; k < n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
		return -1;
	bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
		  (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
	if (!ok)
		return -1;
	*i += n;
	return (long)cp;
}

static inline int xappend(char **buf, size_t *len, const char *s, size_t n)
{
	char *b = realloc(*buf, *len + n + 1);
	if (!b)
		return -1;
	memcpy(b + *len, s, n);
	*len += n;
	b[*len] = '\0';
	*buf = b;
	return 0;
}

static inline int xappend_cp(char **buf, size_t *len, uint32_t cp)
{
	char o[4];
	size_t n;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return xappend(buf, len, o, n);
}

static inline bool xis_name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static inline bool xis_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline void xskip_space(struct xreader *x)
{
	while (x->pos < x->len && xis_space(x->s[x->pos]))
		x->pos++;
}

static inline int xread_name(struct xreader *x, char *out, size_t outlen)
{
	size_t start = x->pos;
	while (x->pos < x->len && xis_name_char(x->s[x->pos], x->pos == start))
		x->pos++;
	size_t n = x->pos - start;
	if (!n || n >= outlen)
		return xfail(x, "bad name");
	memcpy(out, x->s + start, n);
	out[n] = '\0';
	return 0;
}

/* &...; at pos, appended decoded. */
static inline int xread_ref(struct xreader *x, char **buf, size_t *len)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	};
	const char *semi = memchr(x->s + x->pos, ';', x->len - x->pos);
	if (!semi || semi - (x->s + x->pos) > 12)
		return xfail(x, "'&' that starts no reference");
	const char *r = x->s + x->pos + 1;
	size_t n = (size_t)(semi - r);
	x->pos = (size_t)(semi - x->s) + 1;
	if (n > 1 && r[0] == '#') {
		bool hex = r[1] == 'x';
		uint32_t cp = 0;
		size_t k = hex ? 2 : 1;
		if (k == n)
			return xfail(x, "empty character reference");
		for (; k < n; k++) {
			char c = r[k];
			int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0 || cp > 0x10FFFF)
				return xfail(x, "bad character reference");
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		/* A reference must name a Char too. */
		unsigned char enc[4];
		char *tmp = NULL;
		size_t tl = 0, i = 0;
		if (xappend_cp(&tmp, &tl, cp))
			return xfail(x, "out of memory");
		memcpy(enc, tmp, tl);
		free(tmp);
		if (xchar(enc, tl, &i) < 0)
			return xfail(x, "character reference to a character XML cannot hold");
		return xappend_cp(buf, len, cp) ? xfail(x, "out of memory") : 0;
	}
	for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
		if (strlen(ents[i].name) == n && !memcmp(r, ents[i].name, n))
			return xappend(buf, len, &ents[i].c, 1) ? xfail(x, "out of memory") : 0;
	return xfail(x, "unknown entity");
}

/* Character data or an attribute value up to stop ('<' for content, the
 * quote for an attribute), decoded. */
static inline int xread_chars(struct xreader *x, char stop, bool attr, char **buf, size_t *len)
{
	while (x->pos < x->len && x->s[x->pos] != stop) {
		char c = x->s[x->pos];
		if (c == '&') {
			if (xread_ref(x, buf, len))
				return -1;
			continue;
		}
		if (c == '<')
			return xfail(x, "'<' inside an attribute value");
		if (!attr && c == '>' && x->pos >= 2 && x->s[x->pos - 1] == ']' && x->s[x->pos - 2] == ']')
			return xfail(x, "']]>' in character data");
		size_t at = x->pos;
		long cp = xchar((const unsigned char *)x->s, x->len, &x->pos);
		if (cp < 0) {
			x->pos = at;
			return xfail(x, "not UTF-8, or a character XML cannot hold");
		}
		if (cp == '\r') {                    /* line ends: CR LF and CR alone are LF */
			if (x->pos < x->len && x->s[x->pos] == '\n')
				x->pos++;
			cp = '\n';
		}
		if (attr && (cp == '\t' || cp == '\n'))
			cp = ' ';                     /* attribute-value normalisation */
		if (xappend_cp(buf, len, (uint32_t)cp))
			return xfail(x, "out of memory");
	}
	return 0;
}

static inline int xread_element(struct xreader *x, struct xnode **out, int depth)
{
	struct xnode *n = calloc(1, sizeof(*n));
	if (!n)
		return xfail(x, "out of memory");
	*out = n;
	if (depth > XML_MAX_DEPTH)
		return xfail(x, "nested too deep");
	x->pos++;                                     /* '<' */
	if (xread_name(x, n->name, sizeof(n->name)))
		return -1;
	for (;;) {
		size_t before = x->pos;
		xskip_space(x);
		if (x->pos >= x->len)
			return xfail(x, "unterminated start tag");
		if (x->s[x->pos] == '/' || x->s[x->pos] == '>')
			break;
		if (x->pos == before)
			return xfail(x, "no space before an attribute");
		char name[64];
		if (xread_name(x, name, sizeof(name)))
			return -1;
		xskip_space(x);
		if (x->pos >= x->len || x->s[x->pos] != '=')
			return xfail(x, "attribute without '='");
		x->pos++;
		xskip_space(x);
		char q = x->pos < x->len ? x->s[x->pos] : 0;
		if (q != '"' && q != '\'')
			return xfail(x, "unquoted attribute value");
		x->pos++;
		for (size_t i = 0; i < n->nattrs; i++)
			if (!strcmp(n->attr_name[i], name))
				return xfail(x, "duplicate attribute");
		if (n->nattrs == XML_MAX_ATTRS)
			return xfail(x, "too many attributes");
		size_t k = n->nattrs++, vlen = 0;
		if (!(n->attr_name[k] = strdup(name)) || xappend(&n->attr_value[k], &vlen, "", 0))
			return xfail(x, "out of memory");
		if (xread_chars(x, q, true, &n->attr_value[k], &vlen))
			return -1;
		if (x->pos >= x->len)
			return xfail(x, "unterminated attribute value");
		x->pos++;
	}
	if (x->s[x->pos] == '/') {
		if (x->pos + 1 >= x->len || x->s[x->pos + 1] != '>')
			return xfail(x, "'/' not followed by '>'");
		x->pos += 2;
		return xappend(&n->text, &n->textlen, "", 0) ? xfail(x, "out of memory") : 0;
	}
	x->pos++;                                     /* '>' */
	if (xappend(&n->text, &n->textlen, "", 0))
		return xfail(x, "out of memory");
	for (;;) {
		if (xread_chars(x, '<', false, &n->text, &n->textlen))
			return -1;
		if (x->pos + 1 >= x->len)
			return xfail(x, "unterminated element");
		if (x->s[x->pos + 1] == '/') {
			char name[64];
			x->pos += 2;
			if (xread_name(x, name, sizeof(name)))
				return -1;
			if (strcmp(name, n->name))
				return xfail(x, "end tag does not match the start tag");
			xskip_space(x);
			if (x->pos >= x->len || x->s[x->pos] != '>')
				return xfail(x, "unterminated end tag");
			x->pos++;
			return 0;
		}
		if (x->s[x->pos + 1] == '!' || x->s[x->pos + 1] == '?')
			return xfail(x, "comment, CDATA or processing instruction (the writer makes none)");
		struct xnode **k = realloc(n->kids, (n->nkids + 1) * sizeof(*k));
		if (!k)
			return xfail(x, "out of memory");
		n->kids = k;
		k[n->nkids] = NULL;
		int r = xread_element(x, &k[n->nkids], depth + 1);
		n->nkids++;
		if (r)
			return r;
	}
}

/* The whole document: the XML declaration, one root, nothing after it. */
static inline struct xnode *xml_parse(const char *s, size_t len, char *err, size_t errlen)
{
	struct xreader x = { .s = s, .len = len };
	struct xnode *root = NULL;
	static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
	if (len < sizeof(decl) - 1 || memcmp(s, decl, sizeof(decl) - 1)) {
		xfail(&x, "no XML declaration (version 1.0, UTF-8) at the start");
	} else {
		x.pos = sizeof(decl) - 1;
		xskip_space(&x);
		if (x.pos >= len || s[x.pos] != '<')
			xfail(&x, "no root element");
		else if (!xread_element(&x, &root, 0)) {
			xskip_space(&x);
			if (x.pos != len)
				xfail(&x, "content after the root element");
		}
	}
	if (x.err[0]) {
		str_copy(err, errlen, x.err);
		xnode_free(root);
		return NULL;
	}
	return root;
}

static inline const char *xattr(const struct xnode *n, const char *name)
{
	for (size_t i = 0; n && i < n->nattrs; i++)
		if (!strcmp(n->attr_name[i], name))
			return n->attr_value[i];
	return NULL;
}

/* The k-th child called name, or NULL. */
static inline const struct xnode *xkid(const struct xnode *n, const char *name, size_t k)
{
	for (size_t i = 0; n && i < n->nkids; i++)
		if (!strcmp(n->kids[i]->name, name) && k-- == 0)
			return n->kids[i];
	return NULL;
}

static inline size_t xcount(const struct xnode *n, const char *name)
{
	size_t c = 0;
	for (size_t i = 0; n && i < n->nkids; i++)
		c += !strcmp(n->kids[i]->name, name);
	return c;
}

#endif
