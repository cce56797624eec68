/* test_hmac.c - HMAC-SHA1 against the seven test cases of RFC 2202
 * section 3, keys of exactly one block and one byte more, the empty key
 * and message (digests from Python's hmac), and a TURN REST credential as
 * coturn computes it (base64 of the digest). */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "check.h"
#include "hmac.h"

static const char *hex(const unsigned char d[20])
{
	static char out[41];
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 20; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[40] = '\0';
	return out;
}

static const char *mac(const void *key, size_t keylen, const void *msg, size_t len)
{
	unsigned char d[20];
	hmac_sha1(key, keylen, msg, len, d);
	return hex(d);
}

int main(void)
{
	unsigned char k[80], m[80];
	/* RFC 2202, 3. Test Cases for HMAC-SHA-1 */
	memset(k, 0x0b, 20);
	CHECK_EQ_STR(mac(k, 20, "Hi There", 8), "b617318655057264e28bc0b6fb378c8ef146be00");
	CHECK_EQ_STR(mac("Jefe", 4, "what do ya want for nothing?", 28), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memset(k, 0xaa, 20);
	memset(m, 0xdd, 50);
	CHECK_EQ_STR(mac(k, 20, m, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	for (int i = 0; i < 25; i++)
		k[i] = (unsigned char)(i + 1);
	memset(m, 0xcd, 50);
	CHECK_EQ_STR(mac(k, 25, m, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
	memset(k, 0x0c, 20);
	CHECK_EQ_STR(mac(k, 20, "Test With Truncation", 20), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
	memset(k, 0xaa, 80);
	const char *t6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	CHECK_EQ_STR(mac(k, 80, t6, strlen(t6)), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	const char *t7 = "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";
	CHECK_EQ_STR(mac(k, 80, t7, strlen(t7)), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");

	/* The key's length around SHA-1's block: used as is at 64, hashed at 65. */
	for (int i = 0; i < 65; i++)
		k[i] = (unsigned char)i;
	const char *one = "exactly one block of key", *past = "one byte past a block of key";
	CHECK_EQ_STR(mac(k, 64, one, strlen(one)), "a2d53956ef9b9e90757f77f5d4e475d41308bff3");
	CHECK_EQ_STR(mac(k, 65, past, strlen(past)), "7346695895cf279392d15e35e37e57eb0a223c74");
	CHECK_EQ_STR(mac("", 0, "", 0), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");

	/* coturn's use-auth-secret: credential = base64(HMAC-SHA1(secret, "<expiry>:<user>")). */
	unsigned char d[20];
	const char *secret = "north-sea-secret", *username = "1767225600:42";
	hmac_sha1(secret, strlen(secret), username, strlen(username), d);
	char *b64 = base64_encode(d, sizeof(d), false, NULL);
	CHECK_EQ_STR(b64, "KV/jsUz7hsCbqouQQBY2AIBbdB0=");
	free(b64);
	return check_done();
}
