/* hmac.c - HMAC-SHA1 as RFC 2104 defines it (hmac.h). */
#define _DEFAULT_SOURCE
#include "hmac.h"
#include "sha1.h"

#include <string.h>

void hmac_sha1(const void *key, size_t keylen, const void *msg, size_t len, unsigned char out[20])
{
	unsigned char k[64] = { 0 }, pad[64], inner[20];
	if (keylen > sizeof(k))
		sha1(key, keylen, k);
	else if (keylen)
		memcpy(k, key, keylen);
	struct sha1_ctx c;
	/* H(K ^ opad, H(K ^ ipad, msg)) */
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof(pad));
	sha1_update(&c, msg, len);
	sha1_final(&c, inner);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof(pad));
	sha1_update(&c, inner, sizeof(inner));
	sha1_final(&c, out);
	/* The key's material leaves the stack. */
	explicit_bzero(k, sizeof(k));
	explicit_bzero(pad, sizeof(pad));
}
