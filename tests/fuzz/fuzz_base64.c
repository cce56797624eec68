/* fuzz_base64.c - Judge0's base64 fields (common/base64.c).
 * Properties: the output fits 3/4 of the input and is NUL-terminated;
 * the canonical encoding of what was decoded decodes to the same bytes. */
#include "base64.h"
#include "fuzz.h"

#include <errno.h>
#include <string.h>

static char *encode(const char *in, size_t len)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
	if (!out)
		abort();
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)in[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)(unsigned char)in[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)in[i + 2];
		*o++ = abc[v >> 18 & 63];
		*o++ = abc[v >> 12 & 63];
		*o++ = i + 1 < len ? abc[v >> 6 & 63] : '=';
		*o++ = i + 2 < len ? abc[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	int r = base64_decode((const char *)data, size, &out, &n);
	if (r) {
		FUZZ_CHECK(r == -EINVAL || r == -ENOMEM, "errors are -EINVAL or -ENOMEM");
		return 0;
	}
	FUZZ_CHECK(n <= size / 4 * 3 + 3, "output no longer than 3/4 of the input");
	FUZZ_CHECK(out[n] == '\0', "output NUL-terminated");
	char *enc = encode(out, n);
	FUZZ_CHECK(base64_decode(enc, strlen(enc), &again, &n2) == 0 && n2 == n && !memcmp(again, out, n),
		   "the canonical encoding round-trips");
	free(enc);
	free(again);
	free(out);
	return 0;
}
