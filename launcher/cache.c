/* cache.c - the compile cache (see cache.h). */
#define _GNU_SOURCE
#include "cache.h"
#include "sha256.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int cache_open(struct compile_cache *c, const char *state_dir, uint64_t max_bytes)
{
	c->max_bytes = max_bytes;
	if (str_printf(c->dir, sizeof(c->dir), "%s/cache", state_dir))
		return -ENAMETOOLONG;
	return (mkdir(c->dir, 0700) && errno != EEXIST) ? -errno : 0;
}

/* Each field is length-prefixed, so no two different inputs hash the same
 * sequence of bytes. */
static void field(struct sha256 *s, const void *p, size_t n)
{
	uint64_t len = n;
	sha256_update(s, &len, sizeof(len));
	sha256_update(s, p, n);
}

int cache_key(const struct lang *l, const char *const *argv, const char *source, size_t len, char key[65])
{
	struct stat st;
	if (!argv || !argv[0] || stat(argv[0], &st))
		return argv && argv[0] ? -errno : -EINVAL;
	struct sha256 s;
	unsigned char d[32];
	uint64_t id[5] = { (uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size,
			   (uint64_t)st.st_mtim.tv_sec, (uint64_t)st.st_mtim.tv_nsec };
	sha256_init(&s);
	field(&s, "pairbox-compile-1", 17);
	field(&s, l->name, strlen(l->name));
	field(&s, id, sizeof(id));
	for (size_t i = 0; argv[i]; i++)
		field(&s, argv[i], strlen(argv[i]));
	field(&s, l->source, strlen(l->source));
	field(&s, source, len);
	sha256_final(&s, d);
	sha256_hex(d, key);
	return 0;
}

/* Open the entry, take the shared lock, and make sure it is still the
 * entry under that name (eviction renames before it removes). */
static int lock_entry(const char *path, int *lock)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat a, b;
	if (flock(fd, LOCK_SH) || fstat(fd, &a) || stat(path, &b) || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
		close(fd);
		return -ENOENT;
	}
	*lock = fd;
	return 0;
}

int cache_get(struct compile_cache *c, const char *key, char *path, size_t len, int *lock)
{
	if (str_printf(path, len, "%s/%s", c->dir, key))
		return -ENAMETOOLONG;
	int r = lock_entry(path, lock);
	if (r)
		return r == -ENOTDIR ? -ENOENT : r;
	futimens(*lock, NULL);           /* most recently used */
	return 0;
}

int cache_put(struct compile_cache *c, const char *key, const char *work, char *path, size_t len, int *lock)
{
	if (str_printf(path, len, "%s/%s", c->dir, key))
		return -ENAMETOOLONG;
	if (rename(work, path))
		return (errno == ENOTEMPTY || errno == EEXIST) ? -EEXIST : -errno;
	return lock_entry(path, lock);
}

void cache_unlock(int lock)
{
	if (lock >= 0)
		close(lock);             /* closing drops the flock */
}

static uint64_t tree_bytes(int dfd)
{
	uint64_t total = 0;
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		total += (uint64_t)st.st_blocks * 512;
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) {
				total += tree_bytes(sub);
				close(sub);
			}
		}
	}
	closedir(d);
	return total;
}

struct entry {
	char name[72];
	struct timespec used;
	uint64_t bytes;
};

static int oldest_first(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	return x->used.tv_nsec < y->used.tv_nsec ? -1 : x->used.tv_nsec > y->used.tv_nsec;
}

void cache_trim(struct compile_cache *c)
{
	int dfd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	struct entry *v = NULL;
	size_t n = 0;
	uint64_t total = 0;
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		struct stat st;
		if (strlen(e->d_name) != 64 || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode))
			continue;
		int sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;
		struct entry *w = realloc(v, (n + 1) * sizeof(*v));
		if (!w) {
			close(sub);
			break;
		}
		v = w;
		str_copy(v[n].name, sizeof(v[n].name), e->d_name);
		v[n].used = st.st_mtim;
		v[n].bytes = tree_bytes(sub);
		total += v[n].bytes;
		n++;
		close(sub);
	}
	if (d)
		closedir(d);
	else if (fd >= 0)
		close(fd);
	if (v)
		qsort(v, n, sizeof(*v), oldest_first);
	for (size_t i = 0; i < n && total > c->max_bytes; i++) {
		int sub = openat(dfd, v[i].name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;
		char trash[96];
		/* In use: skip it. Otherwise out of sight first, then gone. */
		if (flock(sub, LOCK_EX | LOCK_NB) == 0 &&
		    str_printf(trash, sizeof(trash), ".evict-%d-%s", (int)getpid(), v[i].name) == 0 &&
		    renameat(dfd, v[i].name, dfd, trash) == 0) {
			remove_tree(dfd, trash);
			total -= v[i].bytes;
		}
		close(sub);
	}
	free(v);
	close(dfd);
}
