/* fuzz_seccomp.c - seccomp profiles (runner/seccomp*.c: parser, unlisted, compile).
 * Properties: a refusal names the profile and a line; an accepted profile
 * is a non-empty filter within the kernel's size, and compiling it twice
 * gives the same instructions. */
#include "fuzz.h"
#include "seccomp_profile.h"

#include <errno.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char err[512] = "";
	struct sc_filter a = { NULL, 0 }, b = { NULL, 0 };
	int r = sc_compile_text(text, "f.policy", &a, err, sizeof(err));
	if (r) {
		FUZZ_REFUSED(r, a.insns, err, "a refused profile is named, and leaves no filter");
		FUZZ_CHECK(r == -ENOMEM || strncmp(err, "f.policy:", 9) == 0, "the refusal names the file and line");
		free(text);
		return 0;
	}
	FUZZ_CHECK(a.insns && a.len > 0 && a.len <= 4096, "an accepted profile is a filter the kernel takes");
	FUZZ_CHECK(sc_compile_text(text, "f.policy", &b, err, sizeof(err)) == 0 && a.len == b.len &&
		   memcmp(a.insns, b.insns, a.len * sizeof(*a.insns)) == 0,
		   "compiling twice gives the same filter");
	sc_filter_release(&a);
	sc_filter_release(&b);
	free(text);
	return 0;
}
