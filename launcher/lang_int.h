/* lang_int.h - what lang.c (the registry) and lang_file.c (one langs/NAME.json
 * file read) share: a registry entry. Not for other files: they see lang.h. */
#ifndef PAIRBOX_LANG_INT_H
#define PAIRBOX_LANG_INT_H

#include "lang.h"

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct lang_entry {
	struct lang l;                /* first: a struct lang * is a struct lang_entry * */
	json_t *root;                 /* owns every string the lang points at */
	char *texts[3];               /* self-test source, stdin, expected (joined lines) */
	const char **arrays[12];       /* argv-style arrays, freed with the entry */
	size_t narrays;
	char path[PATH_MAX];
	char version[64];
	bool version_done;
};

/* Read and check the language file at path into e (zeroed by the caller),
 * and whether its toolchain is installed. 0, or -EINVAL / -ENOMEM /
 * -errno with err saying what ("c.json: \"run\": is required"). e owns
 * what it holds either way: lang_entry_release() frees it. */
int lang_entry_read(struct lang_entry *e, const char *path, char *err, size_t errlen);
void lang_entry_release(struct lang_entry *e);

#endif
