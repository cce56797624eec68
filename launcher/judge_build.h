/* judge_build.h - inside the launcher only (judge.c and judge_build.c):
 * the compile box. One build puts a source, its files and additional
 * files in a box, compiles (once per cache key), and keeps what /box then
 * holds as the snapshot every test's fresh box starts from. The
 * submission's program and a checker are each one build. */
#ifndef PAIRBOX_JUDGE_BUILD_H
#define PAIRBOX_JUDGE_BUILD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "judge.h"

/* Judge0's multi-file program: its scripts, run with bash; the first
 * name found wins ("compile" in a compile argv stands for the script the
 * zip brings, chosen in the box). */
#define JUDGE_MULTI_SHELL "/bin/bash"
extern const char *const judge_multi_run[];        /* NULL-terminated */

/* One compile box: what it starts from and what it leaves. req gives the
 * language, source, additional files, compile limits and cache; the
 * checker's build uses a copy of the submission's req with its own
 * language and source. Zero it, set lock = -1 and what it starts from,
 * then judge_build(); judge_build_release() always (NULL-safe fields). */
struct judge_build {
	const struct judge_req *req;       /* borrowed */
	const char *header_name;           /* a checker's testlib.h, or NULL */
	const char *header;
	size_t header_len;
	const struct judge_file *files;    /* borrowed: beside the source (checked names) */
	size_t nfiles;
	const char **cargv;                /* owned; NULL: nothing to compile */
	char work[PATH_MAX];               /* the workspace; "" until made */
	char snap[PATH_MAX];               /* what the runs start from: work or a cache entry */
	int lock;                          /* the cache entry's shared lock, or -1 */
	enum judge_cache_state cache;
};

/* Compile once per key: a cache hit does nothing, a miss prepares and
 * stores. The compiler's output goes to log, a failure's reason to msg.
 * Returns a status (3: ready to run, 6 compilation error, 13 internal
 * error), or -errno (err set) when no box or workspace could be had.
 * Emits COMPILING and COMPILED through req->progress when it compiles. */
int judge_build(struct box_pool *pool, struct judge_build *bd, struct outbuf *log, char *msg, size_t msglen,
		char *err, size_t errlen);
void judge_build_release(struct judge_build *bd);

/* An empty zip is no zip, as Judge0's `additional_files?` has it. */
bool judge_has_files(const struct judge_req *req);

/* The first of names that is a regular file (never a link) in dir (a
 * compiled snapshot), or NULL. */
const char *judge_dir_first_file(const char *dir, const char *const *names);

#endif
