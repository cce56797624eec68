/* base64.c - RFC 4648 base64 both ways (base64.h). */
#include "base64.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* 0-63: a digit's value; 64: skipped (whitespace); 65: padding; 255: bad. */
static unsigned char value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return (unsigned char)(c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (unsigned char)(c - '0' + 52);
	switch (c) {
	case '+': return 62;
	case '/': return 63;
	case ' ': case '\t': case '\r': case '\n': return 64;
	case '=': return 65;
	default: return 255;
	}
}

int base64_decode(const char *in, size_t len, char **out, size_t *out_len)
{
	/* Three bytes per four digits, rounded up, plus the NUL. */
	char *buf = malloc(len / 4 * 3 + 3 + 1);
	if (!buf)
		return -ENOMEM;
	size_t n = 0, digits = 0, pad = 0;
	uint32_t acc = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char v = value((unsigned char)in[i]);
		if (v == 64)
			continue;
		if (v == 255 || (v < 64 && pad)) {      /* a digit after padding */
			free(buf);
			return -EINVAL;
		}
		if (v == 65) {
			pad++;
			continue;
		}
		acc = acc << 6 | v;
		if (++digits % 4 == 0) {
			buf[n++] = (char)(acc >> 16);
			buf[n++] = (char)(acc >> 8);
			buf[n++] = (char)acc;
			acc = 0;
		}
	}
	size_t rest = digits % 4;
	/* A lone digit is not a byte; padding must complete the last group. */
	bool bad = rest == 1 || (pad && (rest == 0 || rest + pad != 4));
	if (bad) {
		free(buf);
		return -EINVAL;
	}
	if (rest == 2) {
		buf[n++] = (char)(acc >> 4);
	} else if (rest == 3) {
		buf[n++] = (char)(acc >> 10);
		buf[n++] = (char)(acc >> 2);
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return 0;
}

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const void *in, size_t len, bool mime, size_t *outlen)
{
	size_t enc = (len + 2) / 3 * 4;
	size_t lines = mime ? (enc + 59) / 60 : 0;
	char *out = malloc(enc + lines + 1);
	if (!out)
		return NULL;
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, col = 0;
	for (size_t i = 0; i < len; i += 3) {
		size_t rest = len - i;
		unsigned v = (unsigned)p[i] << 16 | (rest >= 2 ? (unsigned)p[i + 1] << 8 : 0u) | (rest >= 3 ? p[i + 2] : 0u);
		out[o++] = b64_alphabet[(v >> 18) & 63];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = rest >= 2 ? b64_alphabet[(v >> 6) & 63] : '=';
		out[o++] = rest >= 3 ? b64_alphabet[v & 63] : '=';
		col += 4;
		if (mime && col == 60) {
			out[o++] = '\n';
			col = 0;
		}
	}
	if (mime && col)
		out[o++] = '\n';
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return out;
}
