/* sha1.h - SHA-1 (FIPS 180-4), one shot. Only for protocols that name it
 * (the WebSocket handshake's Sec-WebSocket-Accept, RFC 6455 4.2.2), never
 * for anything that must resist a chosen collision: use sha256.h there. */
#ifndef PAIRBOX_SHA1_H
#define PAIRBOX_SHA1_H

#include <stddef.h>

/* The digest of data[0..len) into out. */
void sha1(const void *data, size_t len, unsigned char out[20]);

#endif
