/* cache.h - compiled programs kept by a hash of what made them.
 *
 * An entry is what /box held after a successful compile, stored as
 * <state_dir>/cache/<sha256> and keyed by the language, the compiler's
 * identity (its binary's device, inode, size and mtime: an upgrade changes
 * it), the whole compile argv (options included) and the source. Safe
 * across threads and processes: an entry in use holds a shared flock,
 * eviction takes it exclusively and renames the entry away before
 * removing it; insertion is a rename, so a reader sees all of an entry or
 * none. Bounded: least recently used entries go first. */
#ifndef PAIRBOX_CACHE_H
#define PAIRBOX_CACHE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "lang.h"

struct compile_cache {
	char dir[PATH_MAX];
	uint64_t max_bytes;
};

/* Its option rows (opts.h), shared by `pairbox run` and `pairbox grade`:
 * OFF is the target field's offset; the size is kept in MB. */
#define CACHE_OPT_NO_CACHE(off) { "no-cache", OPT_FLAG, (off), 0, NULL, \
	"compile even what was compiled before", NULL, NULL, NULL }
#define CACHE_OPT_SIZE(off) { "cache-size", OPT_SIZE, (off), 1024 * 1024, "SIZE", \
	"bound of the compile cache", "256M", "0", "1024G" }

/* Make (if needed) <state_dir>/cache. 0 or -errno. */
int cache_open(struct compile_cache *c, const char *state_dir, uint64_t max_bytes);

int cache_key(const struct lang *l, const char *const *compile_argv, const char *source, size_t len,
	      char key[65]);

/* A hit fills path and *lock (a shared lock to release with cache_unlock
 * once the entry's files are copied): 0, or -ENOENT on a miss. */
int cache_get(struct compile_cache *c, const char *key, char *path, size_t len, int *lock);

/* Move a finished work directory into the cache as key's entry; on success
 * work is gone and path/lock are the entry's, as after cache_get.
 * -EEXIST if another compile got there first (work is left alone). */
int cache_put(struct compile_cache *c, const char *key, const char *work, char *path, size_t len, int *lock);

void cache_unlock(int lock);

/* Evict least recently used entries until the cache fits max_bytes;
 * entries in use are skipped. */
void cache_trim(struct compile_cache *c);

#endif
