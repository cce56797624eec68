/* utf16.h - text as CodeMirror counts it (UTF-16 code units), converted
 * from and to UTF-8 at the room's edges (JSON, the judge, snapshots).
 *
 * Decoding is strict UTF-8 (RFC 3629: no overlong forms, no encoded
 * surrogates, nothing past U+10FFFF). Encoding never writes invalid UTF-8:
 * a surrogate pair becomes one 4-byte character, and a lone surrogate
 * (a pair an edit has split, which CodeMirror allows) becomes U+FFFD,
 * which is one UTF-16 unit too, so every position in the text keeps its
 * meaning for a client that reloads it.
 *
 * The encoders read one logical text given as two spans, a then b (a
 * document's two sides of its gap): a pair split across them is still one
 * character. Either span may be empty (NULL with length 0). */
#ifndef PAIRBOX_UTF16_H
#define PAIRBOX_UTF16_H

#include <stddef.h>
#include <stdint.h>

#define UTF16_REPLACEMENT 0xFFFDu

static inline int utf16_is_high(uint16_t u) { return (u & 0xFC00u) == 0xD800u; }
static inline int utf16_is_low(uint16_t u) { return (u & 0xFC00u) == 0xDC00u; }

/* Check that s[0..len) is UTF-8 and count the UTF-16 units it makes.
 * 0, or -EILSEQ with *bad_at (when not NULL) the offset of the first byte
 * of the bad sequence. NUL bytes are characters like any other. */
int utf16_count(const char *s, size_t len, size_t *units, size_t *bad_at);

/* Decode UTF-8 that utf16_count accepted into out (room for the units it
 * counted). Returns the units written. */
size_t utf16_decode(const char *s, size_t len, uint16_t *out);

/* The UTF-8 size of a then b (lone surrogates as U+FFFD). */
size_t utf16_utf8_size(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen);

/* Encode a then b into out (room for utf16_utf8_size bytes; no NUL
 * written). Returns the bytes written. */
size_t utf16_encode(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen, char *out);

/* Both in one: *out malloc'd (owned by the caller), NUL-terminated, its
 * length in *len. 0 or -ENOMEM. */
int utf16_to_utf8(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen, char **out, size_t *len);

#endif
