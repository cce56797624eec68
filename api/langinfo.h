/* langinfo.h - the language registry as Judge0 shows it: one entry per
 * Judge0 id (a language's own id and its older aliases, e.g. GCC's 48 and
 * 49 beside 50), named as Judge0 names them ("C (GCC 12.2.0)", "Python
 * (3.11.2)": the version in parentheses), ordered by name like Judge0's
 * `ORDER BY name`. Languages without a Judge0 id are not shown: a Judge0
 * client could not name them.
 *
 * Every function is thread-safe once the registry is loaded. JSON results
 * are new references (the caller owns them). */
#ifndef PAIRBOX_LANGINFO_H
#define PAIRBOX_LANGINFO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Ask every installed language's version (8 at a time, once per process)
 * and wait: the first GET /languages then costs the slowest toolchain's
 * start-up, not the sum of all of them. Later calls return at once. */
void langinfo_versions(void);
/* The same in a detached background thread: for the server's start, so
 * that no client ever waits. cache (may be NULL): a version cache file
 * (lang_version_cache_load) read first and written when done, so a
 * restart starts no toolchain at all. */
void langinfo_warm(const char *cache);

/* GET /languages: [{id, name}] of installed languages. all: GET
 * /languages/all, every language with is_archived (true when its
 * toolchain is not installed). */
json_t *langinfo_list(bool all);
/* GET /languages/:id: {id, name, is_archived, source_file, compile_cmd,
 * run_cmd}; NULL when no language has that Judge0 id. The commands are
 * the argv rendered for display (shell-quoted where needed), with Judge0's
 * "%s" where compiler options go. */
json_t *langinfo_get(int id);
/* The name for id ("Python (3.11.2)"), "" if none; for /statistics. */
void langinfo_name(int id, char *buf, size_t len);

#endif
