/* util.c - checked parsing, bounded strings, whole-file reads and writes, clocks. */
#define _GNU_SOURCE
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Leading decimal digits of s (at least one, no sign, no space); *end
 * points past them. */
static int leading_u64(const char *s, uint64_t *v, const char **end)
{
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	char *e;
	unsigned long long x = strtoull(s, &e, 10);
	if (errno == ERANGE)
		return -ERANGE;
	*v = x;
	*end = e;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v;
	const char *end;
	int r = leading_u64(s, &v, &end);
	if (r)
		return r;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;
	int r = parse_u64(s, &v);
	if (r)
		return r;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

int parse_int(const char *s, int *out)
{
	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	if (*end || end == s)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int parse_seconds_ms(const char *s, uint32_t *ms)
{
	if (!s || !*s)
		return -EINVAL;
	uint64_t whole = 0, frac = 0;
	int digits = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > UINT32_MAX / 1000)
			return -ERANGE;
	}
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (digits == 3)
				continue;          /* finer than a millisecond: ignored */
			frac = frac * 10 + (uint64_t)(*p - '0');
			digits++;
		}
	}
	if (*p)
		return -EINVAL;
	while (digits++ < 3)
		frac *= 10;
	uint64_t v = whole * 1000 + frac;
	if (v > UINT32_MAX)
		return -ERANGE;
	*ms = (uint32_t)v;
	return 0;
}

int parse_size(const char *s, uint64_t default_unit, uint64_t *bytes)
{
	uint64_t v;
	const char *end;
	int r = leading_u64(s, &v, &end);
	if (r)
		return r;
	uint64_t unit = default_unit;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': unit = 1024ULL; break;
		case 'm': case 'M': unit = 1024ULL * 1024; break;
		case 'g': case 'G': unit = 1024ULL * 1024 * 1024; break;
		default: return -EINVAL;
		}
		end++;
		if (*end == 'b' || *end == 'B')
			end++;
		if (*end)
			return -EINVAL;
	}
	if (v > UINT64_MAX / unit)
		return -ERANGE;
	*bytes = v * unit;
	return 0;
}

int str_printf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int str_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);
	if (n >= len) {
		if (len)
			dst[0] = '\0';
		return -ENAMETOOLONG;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

int read_file(const char *path, size_t max, char **data, size_t *len)
{
	*data = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	int r = 0;
	size_t n = 0, alloc = 4096;
	char *buf = malloc(alloc);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (n + 1 >= alloc) {
			if (alloc > max + 1) {
				r = -EFBIG;
				goto out;
			}
			char *p = realloc(buf, alloc * 2);
			if (!p) {
				r = -ENOMEM;
				goto out;
			}
			buf = p;
			alloc *= 2;
		}
		ssize_t k = read(fd, buf + n, alloc - n - 1);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto out;
		}
		if (k == 0)
			break;
		n += (size_t)k;
		if (n > max) {
			r = -EFBIG;
			goto out;
		}
	}
	buf[n] = '\0';
	*data = buf;
	if (len)
		*len = n;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return r;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t k = write(fd, p, len);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = fsync(fd) ? -errno : 0;
	close(fd);
	return r;
}

int write_file_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int r = str_printf(tmp, sizeof(tmp), "%s.XXXXXX.tmp", path);
	if (!r)
		r = !slash ? str_copy(dir, sizeof(dir), ".")
			   : str_printf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (r)
		return r;
	int fd = mkostemps(tmp, 4, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write_all(fd, data, len);
	if (!r && fchmod(fd, (mode_t)mode))
		r = -errno;
	/* The data reaches the disk before the name does: a crash after the
	 * rename never leaves an empty or partial file under path. */
	if (!r && fsync(fd))
		r = -errno;
	if (close(fd) && !r)
		r = -errno;
	if (!r && rename(tmp, path))
		r = -errno;
	if (r) {
		unlink(tmp);
		return r;
	}
	return fsync_dir(dir);
}

int mkdir_p(const char *path, unsigned mode)
{
	char tmp[PATH_MAX];
	if (str_copy(tmp, sizeof(tmp), path))
		return -ENAMETOOLONG;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return (mkdir(tmp, mode) && errno != EEXIST) ? -errno : 0;
}

int remove_tree(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return unlinkat(dfd, name, 0) ? -errno : 0;
	DIR *d = fdopendir(fd);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			remove_tree(fd, e->d_name);
	if (d)
		closedir(d);
	else
		close(fd);
	return unlinkat(dfd, name, AT_REMOVEDIR) ? -errno : 0;
}

int64_t unix_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void deadline_ms(clockid_t clock, unsigned ms, struct timespec *out)
{
	clock_gettime(clock, out);
	out->tv_sec += ms / 1000;
	out->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}

uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t now_ms(void)
{
	return now_us() / 1000u;
}
