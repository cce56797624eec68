/* test_sha1.c - FIPS 180-4 test vectors, and every padding boundary
 * (one block or two) against digests computed by Python's hashlib; the
 * digest fed in pieces of every size from 1 to 130 bytes is the one-shot
 * digest. */
#include <string.h>

#include "check.h"
#include "sha1.h"

static const char *digest(const void *msg, size_t len)
{
	static char hex[41];
	static const char digits[] = "0123456789abcdef";
	unsigned char d[20];
	sha1(msg, len, d);
	for (int i = 0; i < 20; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[40] = '\0';
	return hex;
}

int main(void)
{
	CHECK_EQ_STR(digest("", 0), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	CHECK_EQ_STR(digest("abc", 3), "a9993e364706816aba3e25717850c26c9cd0d89d");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	CHECK_EQ_STR(digest(two, strlen(two)), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	static char million[1000000];
	memset(million, 'a', sizeof(million));
	CHECK_EQ_STR(digest(million, sizeof(million)), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	/* Bytes (i*7+3) & 255: the lengths around the one-or-two-block padding. */
	static const struct { size_t len; const char *hex; } bounds[] = {
		{ 55, "ddf57317ef34bfee3b6df83d359098930eb278bc" },
		{ 56, "a0d492bb0fc889d0eca3bc137066ab6f4f74f369" },
		{ 63, "c55856749bef509bdfe6bfebfc7bf4e793e82132" },
		{ 64, "bede92be29c3874e1b54ddc77988d606fc857a8e" },
		{ 65, "b05a80522b053d6dc7e0a517d0e70212c7dad11f" },
		{ 119, "504e27376a6e0f0dba8295b85cb25dc4dfa17d23" },
		{ 120, "82134b02fb3f702491be9bed581eeab59334acb2" },
	};
	unsigned char bytes[128];
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)((i * 7 + 3) & 255);
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
		CHECK_EQ_STR(digest(bytes, bounds[i].len), bounds[i].hex);
	/* In pieces: the buffered tail carried across updates. */
	static unsigned char data[1000];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)((i * 31 + 7) & 255);
	unsigned char whole[20];
	sha1(data, sizeof(data), whole);
	for (size_t piece = 1; piece <= 130; piece++) {
		struct sha1_ctx c;
		unsigned char d[20];
		sha1_init(&c);
		for (size_t off = 0; off < sizeof(data); off += piece)
			sha1_update(&c, data + off, off + piece <= sizeof(data) ? piece : sizeof(data) - off);
		sha1_final(&c, d);
		CHECK(memcmp(d, whole, sizeof(d)) == 0);
	}
	return check_done();
}
