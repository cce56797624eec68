/* fuzz_subm.c - a Judge0 submission body (api/subm_parse.c, subm_store.c), as the server
 * parses it: JSON, then subm_parse with the default settings, both with
 * base64_encoded=false and =true; an accepted submission is dumped to its
 * storage form and loaded back. The raw input is also tried as a stored
 * row (subm_load). Properties: a refusal is a 422 body naming fields;
 * what was accepted survives storage. */
#include "config.h"
#include "fuzz.h"
#include "lang.h"
#include "subm.h"

#include <errno.h>
#include <string.h>

static struct config cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	if (lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err))) {
		fprintf(stderr, "lang_registry_load: %s\n", err);
		exit(2);
	}
	config_default(&cfg);
	return 0;
}

static void parse_store_load(json_t *in, bool base64)
{
	struct subm s, back;
	json_t *errors = NULL;
	int r = subm_parse(in, base64, &cfg, &s, &errors);
	if (r) {
		FUZZ_CHECK(r == -ENOMEM || (r == -EINVAL && json_is_object(errors) && json_object_size(errors) > 0),
			   "a refusal is a 422 body naming the fields");
		json_decref(errors);
		subm_release(&s);
		return;
	}
	FUZZ_CHECK(errors == NULL, "no errors with an accepted submission");
	char *dump = subm_dump(&s);
	FUZZ_CHECK(dump != NULL, "an accepted submission has a storage form");
	FUZZ_CHECK(subm_load(dump, &back) == 0, "the storage form loads");
	char *again = subm_dump(&back);
	FUZZ_CHECK(again && !strcmp(dump, again), "the storage form round-trips");
	free(again);
	free(dump);
	subm_release(&back);
	subm_release(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct subm s;
	if (subm_load(text, &s) == 0)
		subm_release(&s);
	free(text);
	json_error_t je;
	json_t *in = json_loadb((const char *)data, size, 0, &je);
	if (!json_is_object(in)) {
		json_decref(in);
		return 0;
	}
	parse_store_load(in, false);
	parse_store_load(in, true);
	json_decref(in);
	return 0;
}
