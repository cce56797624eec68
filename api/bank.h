/* bank.h - the server's problem bank: every problem under PROBLEMS_DIR and
 * under the write directory (problems added at run time), loaded at start
 * (package/problem.h) into a registry by slug and indexed in the store
 * for listing and full-text search (store.h); bank_add() writes, loads
 * and indexes a new one while the server runs. A problem that does not
 * load is logged with the reason and skipped.
 *
 * Problems are never removed or replaced while the server runs, so an
 * entry bank_find() returns stays valid, unchanged, until bank_free();
 * the registry's lock only guards additions. Safe from any thread.
 *
 * Additions are kept in the store as well (store_package_put), the truth
 * for them: a node sharing the store with others writes those it lacks
 * into its write directory and loads them, at start and when another node
 * announces one (a note on STORE_PROBLEMS_CHANNEL).
 *
 * Ownership: the bank owns its entries and their problems; the store is
 * borrowed. The store's listener calls into the bank until store_close,
 * so close the store before bank_free (nothing else of the store is used
 * by bank_free). */
#ifndef PAIRBOX_BANK_H
#define PAIRBOX_BANK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "problem.h"

struct bank;
struct store;

struct bank_entry {
	struct problem *p;             /* owned by the bank, read-only */
	json_t *function;              /* problem.json's "function" as declared (owned by the
	                                  bank); NULL for a stdin/stdout problem */
	bool added;                    /* it lives in the write directory */
};

/* Load every problem of dir and of write_dir (either may be NULL or
 * missing: no problems from it; a slug found twice keeps the first),
 * after writing into write_dir the store's packages it lacks; index them
 * in store (replacing the index); listen for additions on other nodes.
 * Leftovers of an interrupted bank_add are removed first. 0, or -errno
 * with err set when the index cannot be written or the note not heard;
 * problems that fail to load are only logged. */
int bank_open(const char *dir, const char *write_dir, struct store *store, struct bank **out, char *err,
	      size_t errlen);
void bank_free(struct bank *b);                  /* NULL ok */

/* The problem with this slug, NULL when there is none. */
const struct bank_entry *bank_find(struct bank *b, const char *slug);
size_t bank_count(struct bank *b);

/* The installed languages that have a function-style harness (the ones a
 * function problem can be solved in, with starter code), in registry
 * order. Owned by the bank. */
const struct lang *const *bank_function_langs(struct bank *b, size_t *n);

/* A language a request names: its short name ("python3") as a JSON
 * string, or its Judge0 id as an integer or a string of digits; installed
 * languages only. NULL otherwise. */
const struct lang *bank_lang(const json_t *v);

/* A problem from a JSON body (docs/api.md, "Adding a problem"): checked,
 * written as a problem folder, kept in the store, moved into the write
 * directory, loaded, indexed and announced to the other nodes.
 * Returns 0 with *out set; -EINVAL with *errors = {"field": ["message"]}
 * (new ref) naming what is wrong; -EEXIST when the slug is taken (*errors
 * says so too); -EIO or -ENOMEM with *errors = {"error": "..."}. Nothing
 * is left on disk unless it returns 0. */
int bank_add(struct bank *b, json_t *body, const struct bank_entry **out, json_t **errors);

/* Write the problem folder body describes into a fresh directory below
 * staging (bank_add's first step; bank_stage.c): *dir (owned) is its path,
 * whose last component is the slug. 0, -EINVAL with *errors as above, or
 * -errno (*errors {"error": ...}). On failure nothing is left. */
int bank_stage(json_t *body, const char *staging, char **dir, json_t **errors);

/* A problem folder's regular files as a package for the store
 * (bank_share.c): 0 with *files (owned: store_files_free) and *n, -EFBIG
 * past the store's caps, or -errno. */
struct store_file;
int bank_pack(const char *dir, struct store_file **files, size_t *n);
/* Write a package's files below dir (created; its files must not exist
 * yet). 0, -EINVAL for a path that is not plain, or -errno; on failure
 * the caller removes dir. */
int bank_unpack(const struct store_file *files, size_t n, const char *dir);

#endif
