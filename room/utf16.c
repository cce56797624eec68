/* utf16.c - UTF-8 <-> UTF-16 (utf16.h). */
#include "utf16.h"

#include <errno.h>
#include <stdlib.h>

/* The length of the UTF-8 sequence at s[i..len), 0 when it is not one.
 * The second byte's range depends on the first (RFC 3629's table): that is
 * what rules out overlong forms, encoded surrogates and values past
 * U+10FFFF. */
static size_t seq_len(const unsigned char *s, size_t i, size_t len)
{
	unsigned c = s[i];
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (len - i < n || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			return 0;
	return n;
}

int utf16_count(const char *str, size_t len, size_t *units, size_t *bad_at)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		size_t k = seq_len(s, i, len);
		if (!k) {
			if (bad_at)
				*bad_at = i;
			return -EILSEQ;
		}
		n += k == 4 ? 2 : 1;
		i += k;
	}
	*units = n;
	return 0;
}

size_t utf16_decode(const char *str, size_t len, uint16_t *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		if (c < 0x80) {
			out[o++] = (uint16_t)c;
			i++;
		} else if (c < 0xE0) {
			out[o++] = (uint16_t)((c & 0x1F) << 6 | (s[i + 1] & 0x3F));
			i += 2;
		} else if (c < 0xF0) {
			out[o++] = (uint16_t)((c & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F));
			i += 3;
		} else {
			uint32_t cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
				      (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
			cp -= 0x10000;
			out[o++] = (uint16_t)(0xD800 | cp >> 10);
			out[o++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
			i += 4;
		}
	}
	return o;
}

/* One logical text over the two spans. */
struct span2 {
	const uint16_t *a, *b;
	size_t alen, len;
};

static inline uint16_t at(const struct span2 *t, size_t i)
{
	return i < t->alen ? t->a[i] : t->b[i - t->alen];
}

size_t utf16_utf8_size(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen)
{
	struct span2 t = { a, b, alen, alen + blen };
	size_t n = 0;
	for (size_t i = 0; i < t.len; i++) {
		uint16_t u = at(&t, i);
		if (u < 0x80)
			n += 1;
		else if (u < 0x800)
			n += 2;
		else if (utf16_is_high(u) && i + 1 < t.len && utf16_is_low(at(&t, i + 1))) {
			n += 4;
			i++;
		} else
			n += 3;       /* the BMP, and a lone surrogate as U+FFFD */
	}
	return n;
}

size_t utf16_encode(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen, char *out)
{
	struct span2 t = { a, b, alen, alen + blen };
	unsigned char *o = (unsigned char *)out;
	for (size_t i = 0; i < t.len; i++) {
		uint32_t cp = at(&t, i);
		if (utf16_is_high((uint16_t)cp) && i + 1 < t.len && utf16_is_low(at(&t, i + 1))) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (at(&t, i + 1) - 0xDC00u);
			i++;
		} else if (utf16_is_high((uint16_t)cp) || utf16_is_low((uint16_t)cp))
			cp = UTF16_REPLACEMENT;
		if (cp < 0x80) {
			*o++ = (unsigned char)cp;
		} else if (cp < 0x800) {
			*o++ = (unsigned char)(0xC0 | cp >> 6);
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			*o++ = (unsigned char)(0xE0 | cp >> 12);
			*o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
		} else {
			*o++ = (unsigned char)(0xF0 | cp >> 18);
			*o++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			*o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
		}
	}
	return (size_t)(o - (unsigned char *)out);
}

int utf16_to_utf8(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen, char **out, size_t *len)
{
	size_t n = utf16_utf8_size(a, alen, b, blen);
	char *s = malloc(n + 1);
	if (!s)
		return -ENOMEM;
	size_t w = utf16_encode(a, alen, b, blen, s);
	s[w] = '\0';
	*out = s;
	*len = w;
	return 0;
}
