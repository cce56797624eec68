/* fuzz_harness.c - function-style problems (package/harness_*.c). Input:
 * problem.json's "function" object on the first line, then a test file.
 * The signature is parsed; when it is accepted the test file is checked
 * as an input and as an answer, and every language with a harness makes
 * starter code and wraps the test file's bytes as a user's source.
 * Properties: refusals are named; an accepted signature yields code in
 * every harness language. */
#include "fuzz.h"
#include "harness.h"
#include "lang.h"

#include <errno.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	if (lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err))) {
		fprintf(stderr, "lang_registry_load: %s\n", err);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	size_t line = nl ? (size_t)(nl - text) : size;
	const char *rest = nl ? nl + 1 : text + size;
	size_t restlen = size - (size_t)(rest - text);
	char err[256] = "";
	json_error_t je;
	json_t *fn = json_loadb(text, line, JSON_DECODE_ANY, &je);
	if (!fn)
		return 0;
	struct harness_sig *sig = NULL;
	int r = harness_sig_parse(fn, &sig, err, sizeof(err));
	json_decref(fn);
	if (r) {
		FUZZ_REFUSED(r, sig, err, "a refused signature is named, and none made");
		return 0;
	}
	err[0] = '\0';
	if (harness_check_input(sig, rest, restlen, err, sizeof(err)))
		FUZZ_CHECK(err[0], "a bad input file is named");
	err[0] = '\0';
	if (harness_check_answer(sig, rest, restlen, err, sizeof(err)))
		FUZZ_CHECK(err[0], "a bad answer file is named");
	for (size_t i = 0; i < lang_count(); i++) {
		const struct lang *l = lang_at(i);
		if (!harness_supports(l))
			continue;
		char *starter = harness_starter(sig, l), *prog = NULL;
		size_t proglen = 0;
		FUZZ_CHECK(starter && *starter, "starter code in every harness language");
		FUZZ_CHECK(harness_sig_lang_name(sig, l) != NULL, "a function name in every harness language");
		FUZZ_CHECK(harness_wrap(sig, l, rest, restlen, &prog, &proglen) == 0 && prog &&
				   strlen(prog) <= proglen,
			   "a wrapped program in every harness language");
		free(starter);
		free(prog);
	}
	harness_sig_free(sig);
	return 0;
}
