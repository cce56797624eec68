/* sha1.c - SHA-1 as FIPS 180-4 specifies it, one shot or in pieces (see sha1.h). */
#include "sha1.h"

#include <stdint.h>
#include <string.h>

static uint32_t rotl(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

/* One 64-byte block into the state h[5] (FIPS 180-4 6.1.2). */
static void sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t tmp = rotl(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rotl(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha1_ctx *c)
{
	static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
}

void sha1_update(struct sha1_ctx *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t have = (size_t)(c->len % 64);
	c->len += len;
	if (have) {
		size_t take = len < 64 - have ? len : 64 - have;
		memcpy(c->block + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		sha1_block(c->h, c->block);
	}
	for (; len >= 64; p += 64, len -= 64)
		sha1_block(c->h, p);
	memcpy(c->block, p, len);
}

void sha1_final(struct sha1_ctx *c, unsigned char out[20])
{
	/* The tail, the 0x80 byte and the bit length fill one block, or two
	 * when fewer than 9 bytes are left after the tail. */
	unsigned char last[128] = { 0 };
	size_t rest = (size_t)(c->len % 64), n = rest + 9 <= 64 ? 64 : 128;
	memcpy(last, c->block, rest);
	last[rest] = 0x80;
	uint64_t bits = c->len * 8;
	for (int i = 0; i < 8; i++)
		last[n - 1 - i] = (unsigned char)(bits >> (8 * i));
	for (size_t off = 0; off < n; off += 64)
		sha1_block(c->h, last + off);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void sha1(const void *data, size_t len, unsigned char out[20])
{
	struct sha1_ctx c;
	sha1_init(&c);
	sha1_update(&c, data, len);
	sha1_final(&c, out);
}
