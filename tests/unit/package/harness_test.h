/* harness_test.h - what the harness tests share: the languages loaded, a
 * signature parsed from its JSON text, the two-sum signature many of them
 * use. */
#ifndef PAIRBOX_HARNESS_TEST_H
#define PAIRBOX_HARNESS_TEST_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "harness.h"
#include "lang.h"
#include "util.h"

/* The language registry of this build loaded: 0, or 1 (main's exit). */
static inline int harness_test_langs(void)
{
	char err[256];
	if (lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err))) {
		fprintf(stderr, "lang_registry_load: %s\n", err);
		return 1;
	}
	return 0;
}

/* The signature in text (a JSON object), or NULL with the reason in err.
 * The caller frees it with harness_sig_free. */
static inline struct harness_sig *sig_of(const char *text, char *err, size_t errlen)
{
	json_error_t je;
	struct harness_sig *s = NULL;
	json_t *j = json_loads(text, 0, &je);
	if (!j) {
		str_printf(err, errlen, "test's JSON: %s", je.text);
		return NULL;
	}
	if (harness_sig_parse(j, &s, err, errlen))
		s = NULL;
	json_decref(j);
	return s;
}

#define TWO_SUM "{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": \"int[]\"}, " \
		"{\"name\": \"target\", \"type\": \"int\"}], \"returns\": \"int[]\"}"

#endif
