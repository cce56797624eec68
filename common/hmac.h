/* hmac.h - HMAC (RFC 2104) over SHA-1, for protocols that name it: TURN's
 * REST API credentials (coturn's use-auth-secret: the password of
 * "<expiry>:<user>" is base64(HMAC-SHA1(secret, username))). */
#ifndef PAIRBOX_HMAC_H
#define PAIRBOX_HMAC_H

#include <stddef.h>

/* HMAC-SHA1 of msg[0..len) under key[0..keylen) into out. A key longer
 * than SHA-1's 64-byte block is hashed first, as RFC 2104 says. */
void hmac_sha1(const void *key, size_t keylen, const void *msg, size_t len, unsigned char out[20]);

#endif
