/* fuzz_compare.c - output comparison and its option parsers
 * (launcher/compare.c). Input: an options line, then output and answer
 * separated by a NUL byte. The options line is tried as a --compare spec
 * and as Kattis validator flags. Properties: an output always matches
 * itself and nothing differs from itself in judge0 mode either way. */
#include "compare.h"
#include "fuzz.h"

#include <string.h>

static void compare_with(const struct compare_opts *o, const char *out, size_t outlen, const char *ans,
			 size_t anslen)
{
	char msg[256];
	FUZZ_CHECK(compare_output(o, ans, anslen, ans, anslen, msg, sizeof(msg)), "an answer matches itself");
	bool a = compare_output(o, out, outlen, ans, anslen, msg, sizeof(msg));
	bool b = compare_output(o, out, outlen, ans, anslen, NULL, 0);
	FUZZ_CHECK(a == b, "the verdict does not depend on asking for a message");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), err[256];
	size_t line = strcspn(s, "\n");
	const char *rest = line < size ? s + line + 1 : s + size;
	size_t restlen = (size_t)(s + size - rest);
	const char *nul = memchr(rest, '\0', restlen);
	size_t outlen = nul ? (size_t)(nul - rest) : restlen;
	const char *ans = nul ? nul + 1 : rest;
	size_t anslen = nul ? restlen - outlen - 1 : restlen;
	char *spec = strndup(s, line);
	if (!spec)
		abort();

	struct compare_opts o;
	compare_opts_default(&o);
	compare_with(&o, rest, outlen, ans, anslen);
	FUZZ_CHECK(compare_judge0(ans, anslen, ans, anslen), "judge0: an answer matches itself");
	FUZZ_CHECK(compare_judge0(rest, outlen, ans, anslen) == compare_judge0(ans, anslen, rest, outlen),
		   "judge0: the rule is symmetric");
	if (compare_parse(spec, &o, err, sizeof(err)) == 0)
		compare_with(&o, rest, outlen, ans, anslen);
	else
		FUZZ_CHECK(err[0], "a bad spec is named");
	if (compare_parse_kattis(spec, &o, err, sizeof(err)) == 0)
		compare_with(&o, rest, outlen, ans, anslen);
	else
		FUZZ_CHECK(err[0], "bad flags are named");
	free(spec);
	free(s);
	return 0;
}
