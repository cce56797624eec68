/* seccomp_cache.c - compiled seccomp filters kept in root-owned files, keyed
 * by the profile's text and includes, libseccomp's version and the arch. */
#define _GNU_SOURCE
#include "seccomp_int.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* FNV-1a: the cache key is the profile's text, the libseccomp version that
 * compiles it and the architecture (the BPF checks the arch it was made for). */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int load_cached(const char *path, struct sc_filter *out)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	int r = -EINVAL;
	/* Only a file root wrote, of a plausible size, is trusted. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 && !(st.st_mode & 022) &&
	    st.st_size > 0 && st.st_size % (off_t)sizeof(struct sock_filter) == 0 &&
	    st.st_size <= (off_t)(BPF_MAXINSNS * sizeof(struct sock_filter))) {
		out->insns = malloc((size_t)st.st_size);
		r = -ENOMEM;
		if (out->insns) {
			ssize_t n = read(fd, out->insns, (size_t)st.st_size);
			if (n == st.st_size) {
				out->len = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
				r = 0;
			} else {
				sc_filter_release(out);
				r = -EIO;
			}
		}
	}
	close(fd);
	return r;
}

static void store_cached(const char *path, const struct sc_filter *f)
{
	char tmp[PATH_MAX];
	if (str_printf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()))
		return;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int r = write_all(fd, f->insns, (size_t)f->len * sizeof(struct sock_filter));
	close(fd);
	/* rename: a concurrent reader sees the old file or the whole new one */
	if (r || rename(tmp, path))
		unlink(tmp);
}

/* The cache key covers included profiles too: hashes the text of the
 * profile that text's first directive includes, and so on. A file that
 * cannot be read leaves the key as it is; compiling reports it. */
static uint64_t sc_hash_includes(uint64_t h, const char *dir, const char *text, unsigned depth)
{
	for (const char *s = text; *s && depth < SC_MAX_DEPTH;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char buf[SC_MAX_LINE], *words[SC_MAX_WORDS], *reason, path[PATH_MAX], *inc = NULL;
		size_t inclen = 0;
		if (len >= sizeof(buf))
			return h;
		memcpy(buf, s, len);
		buf[len] = '\0';
		s += len + (nl ? 1 : 0);
		int n = sc_split(buf, words, &reason);
		if (n == 0)
			continue;
		/* Only the first directive may be an include. */
		if (n == 2 && strcmp(words[0], "include") == 0 && !strchr(words[1], '/') &&
		    sc_profile_resolve(dir, words[1], path, sizeof(path)) == 0 &&
		    read_file(path, SC_MAX_FILE, &inc, &inclen) == 0) {
			h = sc_hash_includes(fnv1a(h, inc, inclen), dir, inc, depth + 1);
			free(inc);
		}
		return h;
	}
	return h;
}

int sc_compile_file_cached(const char *path, const char *cache_dir, struct sc_filter *out,
			   char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	const char *origin = slash ? slash + 1 : path;
	char *text = NULL, cached[PATH_MAX], dir[PATH_MAX];
	size_t len = 0;
	out->insns = NULL;
	out->len = 0;
	int r = sc_read_profile(path, &text, &len, dir, sizeof(dir), err, errlen);
	if (r)
		return r;
	const struct scmp_version *v = seccomp_version();
	uint32_t arch = seccomp_arch_native();
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, text, len);
	h = sc_hash_includes(h, dir, text, 0);
	h = fnv1a(h, v, sizeof(*v));
	h = fnv1a(h, &arch, sizeof(arch));
	bool use_cache = cache_dir &&
		str_printf(cached, sizeof(cached), "%s/%s-%016llx.bpf", cache_dir, origin, (unsigned long long)h) == 0;
	if (use_cache && load_cached(cached, out) == 0) {
		free(text);
		return 0;
	}
	r = sc_compile(text, origin, dir, out, err, errlen);
	free(text);
	if (r == 0 && use_cache)
		store_cached(cached, out);
	return r;
}
