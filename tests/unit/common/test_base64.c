/* test_base64.c - common/base64.c: decoding as Judge0's fields need it, and
 * encoding plain (storage) and as Ruby's Base64.encode64 (responses). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "check.h"

static void b64(const char *in, int want_r, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	int r = base64_decode(in, strlen(in), &out, &len);
	CHECK_EQ_INT(r, want_r);
	if (!r && want) {
		CHECK_EQ_INT(len, strlen(want));
		CHECK_EQ_STR(out, want);
	}
	free(out);
}

static void test_base64(void)
{
	b64("", 0, "");
	b64("Zg==", 0, "f");
	b64("Zm8=", 0, "fo");
	b64("Zm9v", 0, "foo");
	b64("Zm9vYg", 0, "foob");                 /* padding is optional */
	b64("Zm9v\r\nYmFy\n", 0, "foobar");       /* MIME line breaks */
	b64("YSsvYg==", 0, "a+/b");
	b64("Zm9v!", -EINVAL, NULL);
	b64("Z", -EINVAL, NULL);
	b64("Zg=a", -EINVAL, NULL);
	b64("Zg===", -EINVAL, NULL);
	b64("=", -EINVAL, NULL);
	b64("Zm9v-_", -EINVAL, NULL);            /* URL-safe alphabet is not accepted */
}

static void enc(const char *in, bool mime, const char *want)
{
	size_t len = 0;
	char *out = base64_encode(in, strlen(in), mime, &len);
	CHECK(out != NULL);
	CHECK_EQ_STR(out, want);
	CHECK_EQ_INT(len, strlen(want));
	free(out);
}

static void test_encode(void)
{
	enc("", false, "");
	enc("", true, "");
	enc("f", false, "Zg==");
	enc("fo", false, "Zm8=");
	enc("foo", true, "Zm9v\n");
	/* 45 bytes make one full line of 60 characters; a 46th starts a second */
	char in[47];
	memset(in, 'a', 46);
	in[46] = '\0';
	char *one = base64_encode(in, 45, true, NULL);
	CHECK(one && strlen(one) == 61 && one[60] == '\n');
	free(one);
	char *two = base64_encode(in, 46, true, NULL);
	CHECK(two && strlen(two) == 61 + 5 && two[60] == '\n' && two[65] == '\n');
	char *back = NULL;
	size_t back_len = 0;
	CHECK_EQ_INT(base64_decode(two, strlen(two), &back, &back_len), 0);   /* round trip */
	CHECK(back && back_len == 46 && memcmp(back, in, 46) == 0);
	free(back);
	free(two);
}

int main(void)
{
	test_base64();
	test_encode();
	return check_done();
}
