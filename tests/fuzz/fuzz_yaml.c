/* fuzz_yaml.c - the YAML subset of problem.yaml (package/yaml*.c).
 * Properties: a refusal says why; an accepted document is a JSON value
 * that dumps, and parsing is deterministic. */
#include "fuzz.h"
#include "yaml.h"

#include <errno.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	json_t *a = NULL, *b = NULL;
	int r = yaml_parse((const char *)data, size, &a, err, sizeof(err));
	if (r) {
		FUZZ_REFUSED(r, a, err, "a refused document is named, and leaves no value");
		return 0;
	}
	FUZZ_CHECK(a != NULL, "an accepted document has a value");
	char *dump = json_dumps(a, JSON_ENCODE_ANY);
	FUZZ_CHECK(dump != NULL, "the value dumps as JSON");
	free(dump);
	FUZZ_CHECK(yaml_parse((const char *)data, size, &b, err, sizeof(err)) == 0 && json_equal(a, b),
		   "parsing twice gives the same value");
	json_decref(a);
	json_decref(b);
	return 0;
}
