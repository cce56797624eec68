/* test_sha256.c - FIPS 180-4 test vectors, and chunking must not matter. */
#include <string.h>

#include "check.h"
#include "sha256.h"

static const char *digest(const char *msg, size_t len, size_t chunk)
{
	static char hex[65];
	struct sha256 s;
	unsigned char d[32];
	sha256_init(&s);
	for (size_t i = 0; i < len; i += chunk)
		sha256_update(&s, msg + i, len - i < chunk ? len - i : chunk);
	sha256_final(&s, d);
	sha256_hex(d, hex);
	return hex;
}

int main(void)
{
	CHECK_EQ_STR(digest("", 0, 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CHECK_EQ_STR(digest("abc", 3, 1), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	const char *want = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	CHECK_EQ_STR(digest(two, strlen(two), 56), want);
	CHECK_EQ_STR(digest(two, strlen(two), 1), want);
	CHECK_EQ_STR(digest(two, strlen(two), 7), want);
	static char million[1000000];
	memset(million, 'a', sizeof(million));
	CHECK_EQ_STR(digest(million, sizeof(million), 4096),
		     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	return check_done();
}
