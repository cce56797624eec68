/* sha1.h - SHA-1 (FIPS 180-4), one shot or in pieces. Only for protocols
 * that name it (the WebSocket handshake's Sec-WebSocket-Accept, RFC 6455
 * 4.2.2; HMAC-SHA1 for TURN's REST credentials, hmac.h), never for
 * anything that must resist a chosen collision: use sha256.h there. */
#ifndef PAIRBOX_SHA1_H
#define PAIRBOX_SHA1_H

#include <stddef.h>
#include <stdint.h>

/* A digest being computed: sha1_init, any number of sha1_update, then
 * sha1_final (after which the context must be initialised again). */
struct sha1_ctx {
	uint32_t h[5];
	uint64_t len;                 /* bytes so far */
	unsigned char block[64];      /* the unprocessed tail: len % 64 bytes */
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t len);
void sha1_final(struct sha1_ctx *c, unsigned char out[20]);

/* The digest of data[0..len) into out. */
void sha1(const void *data, size_t len, unsigned char out[20]);

#endif
