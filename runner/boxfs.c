/* boxfs.c - files in and out of /box without ever following a link.
 *
 * SANDBOX-FILES: every path inside a box is resolved with openat2
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS relative to
 * the /box directory fd; files are created O_EXCL and chown'd through their
 * fd, never by path. Judge0's CVE-2024-28185 and CVE-2024-28189 were a
 * privileged write and a chown through a symlink planted in the box. */
#define _GNU_SOURCE
#include "box_int.h"
#include "mech.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BOXFS_MAX_DEPTH 64

static int open_beneath(int dirfd, const char *name, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	long fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* Names are relative, without "." or ".." components or empty parts. */
static int check_name(const char *name)
{
	if (!name || !*name || name[0] == '/' || strlen(name) >= PATH_MAX)
		return -EINVAL;
	const char *p = name;
	while (*p) {
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* Create the parent directories of name (owned by the box user) and return
 * an fd of the innermost one plus the last component. */
static int open_parent(struct box *b, const char *name, char *tmp, const char **last)
{
	int r = check_name(name);
	if (r)
		return r;
	memcpy(tmp, name, strlen(name) + 1);
	int boxfd = box_dirfd(b);
	if (boxfd < 0)
		return boxfd;
	int dfd = fcntl(boxfd, F_DUPFD_CLOEXEC, 3);
	if (dfd < 0)
		return -errno;
	char *p = tmp, *slash;
	while ((slash = strchr(p, '/'))) {
		*slash = '\0';
		bool made = mkdirat(dfd, p, 0755) == 0;
		if (!made && errno != EEXIST) {
			r = -errno;
			close(dfd);
			return r;
		}
		int nfd = open_beneath(dfd, p, O_RDONLY | O_DIRECTORY, 0);
		close(dfd);
		if (nfd < 0)
			return nfd;
		if (made && fchown(nfd, b->uid, b->gid)) {
			r = -errno;
			close(nfd);
			return r;
		}
		dfd = nfd;
		p = slash + 1;
	}
	*last = p;
	return dfd;
}

/* Bytes [from, to) of src into dst at the same offsets. */
static int copy_range(int src, int dst, off_t from, off_t to)
{
	char buf[65536];
	while (from < to) {
		size_t want = (size_t)(to - from) < sizeof(buf) ? (size_t)(to - from) : sizeof(buf);
		ssize_t n = pread(src, buf, want, from);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;                  /* shrank meanwhile: the tail stays a hole */
		int r = lseek(dst, from, SEEK_SET) < 0 ? -errno : write_all(dst, buf, (size_t)n);
		if (r)
			return r;
		from += n;
	}
	return 0;
}

/* Copy the regular file src (every caller checked) to a fresh dst. Holes
 * stay holes (SEEK_DATA/SEEK_HOLE), so a sparse file a compile left never
 * turns into real pages on its way out of one box and into the next
 * (SANDBOX-MEM). 0 or -errno. */
static int copy_fd(int src, int dst)
{
	struct stat st;
	if (fstat(src, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	/* Walk the data extents; a file system without SEEK_DATA reports the
	 * whole file as one extent, and one that refuses it is copied whole. */
	off_t pos = 0;
	while (pos < st.st_size) {
		off_t data = lseek(src, pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break;                     /* only a hole is left */
		if (data < 0 && pos == 0 && (errno == EINVAL || errno == EOPNOTSUPP)) {
			int r = copy_range(src, dst, 0, st.st_size);
			return r ? r : (ftruncate(dst, st.st_size) ? -errno : 0);
		}
		if (data < 0)
			return -errno;
		off_t hole = lseek(src, data, SEEK_HOLE);
		if (hole < 0)
			return -errno;
		int r = copy_range(src, dst, data, hole);
		if (r)
			return r;
		pos = hole;
	}
	return ftruncate(dst, st.st_size) ? -errno : 0;
}

static int create_in_box(struct box *b, const char *name, mode_t mode)
{
	char tmp[PATH_MAX];
	const char *last = NULL;
	int dfd = open_parent(b, name, tmp, &last);
	if (dfd < 0)
		return dfd;
	int fd = open_beneath(dfd, last, O_WRONLY | O_CREAT | O_EXCL, mode & 0777);
	close(dfd);
	if (fd < 0)
		return fd;
	/* Through the fd: the file we just created, whatever any path says. */
	if (fchown(fd, b->uid, b->gid) || fchmod(fd, mode & 0777)) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int box_put_file(struct box *b, const char *name, const void *data, size_t len, mode_t mode)
{
	int fd = create_in_box(b, name, mode);
	if (fd < 0)
		return fd;
	int r = write_all(fd, data, len);
	close(fd);
	return r;
}

int box_put_host_file(struct box *b, const char *name, const char *host_path, mode_t mode)
{
	int src = open(host_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (src < 0)
		return -errno;
	struct stat st;
	int r = 0, dst = -1;
	if (fstat(src, &st)) {
		r = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
		goto out;
	}
	dst = create_in_box(b, name, mode ? mode : (st.st_mode & 0777));
	if (dst < 0) {
		r = dst;
		goto out;
	}
	r = copy_fd(src, dst);
out:
	if (dst >= 0)
		close(dst);
	close(src);
	return r;
}

static int read_fd(int fd, struct outbuf *out)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		int r = outbuf_append(out, buf, (size_t)n);
		if (r)
			return r;
		if (out->truncated)
			return -EFBIG;
	}
}

int box_get_file(struct box *b, const char *name, struct outbuf *out)
{
	int r = check_name(name);
	if (r)
		return r;
	/* O_NONBLOCK: a fifo planted under the expected name must not hang us. */
	int boxfd = box_dirfd(b);
	if (boxfd < 0)
		return boxfd;
	int fd = open_beneath(boxfd, name, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st))
		r = -errno;
	else if (!S_ISREG(st.st_mode))
		r = -EINVAL;
	else if ((uint64_t)st.st_size > out->cap)
		r = -EFBIG;
	else
		r = read_fd(fd, out);
	close(fd);
	return r;
}

/* A directory stream of its own for dfd: a dup would share dfd's offset,
 * and a second walk of the same directory would then see nothing. */
static DIR *open_dir_stream(int dfd)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

/* Remove everything below dfd. Never follows a link: entries are unlinked,
 * and only real directories (opened O_NOFOLLOW|O_DIRECTORY) are entered. */
static int clean_dir(int dfd, int depth)
{
	if (depth > BOXFS_MAX_DEPTH)
		return -ELOOP;
	DIR *d = open_dir_stream(dfd);
	if (!d)
		return -errno;
	int r = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dfd, e->d_name, 0) == 0)
			continue;
		if (errno != EISDIR) {
			r = -errno;
			break;
		}
		int sub = open_beneath(dfd, e->d_name, O_RDONLY | O_DIRECTORY, 0);
		if (sub < 0) {
			r = sub;
			break;
		}
		r = clean_dir(sub, depth + 1);
		close(sub);
		if (r || unlinkat(dfd, e->d_name, AT_REMOVEDIR)) {
			r = r ? r : -errno;
			break;
		}
	}
	closedir(d);
	return r;
}

int box_clean(struct box *b)
{
	int boxfd = box_dirfd(b);
	return boxfd < 0 ? boxfd : clean_dir(boxfd, 0);
}

int fs_empty_dir(int dfd)
{
	return clean_dir(dfd, 0);
}

static int copy_out_dir(int from, int to, int depth, uint64_t *budget)
{
	if (depth > BOXFS_MAX_DEPTH)
		return -ELOOP;
	DIR *d = open_dir_stream(from);
	if (!d)
		return -errno;
	int r = 0;
	struct dirent *e;
	while (!r && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int src = open_beneath(from, e->d_name, O_RDONLY | O_NONBLOCK, 0);
		if (src < 0)
			continue;              /* a link or something unopenable: skipped */
		struct stat st;
		if (fstat(src, &st)) {
			r = -errno;
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdirat(to, e->d_name, 0755) && errno != EEXIST) {
				r = -errno;
			} else {
				int sub = openat(to, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				r = sub < 0 ? -errno : copy_out_dir(src, sub, depth + 1, budget);
				if (sub >= 0)
					close(sub);
			}
		} else if (S_ISREG(st.st_mode)) {
			if ((uint64_t)st.st_size > *budget) {
				r = -EFBIG;
			} else {
				*budget -= (uint64_t)st.st_size;
				/* Host side: O_NOFOLLOW too, so a link there is not written through. */
				int dst = openat(to, e->d_name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
						 st.st_mode & 0755);
				if (dst < 0) {
					r = -errno;
				} else {
					r = copy_fd(src, dst);
					close(dst);
				}
			}
		}
		close(src);
	}
	closedir(d);
	return r;
}

/* Host dir -> box, recursively: regular files and directories only. The
 * host side is ours (a compile's snapshot), still opened O_NOFOLLOW. */
static int copy_in_dir(struct box *b, int from, const char *prefix, int depth)
{
	if (depth > BOXFS_MAX_DEPTH)
		return -ELOOP;
	DIR *d = open_dir_stream(from);
	if (!d)
		return -errno;
	int r = 0;
	struct dirent *e;
	char name[PATH_MAX];
	while (!r && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (str_printf(name, sizeof(name), "%s%s%s", prefix, *prefix ? "/" : "", e->d_name)) {
			r = -ENAMETOOLONG;
			break;
		}
		int src = openat(from, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (src < 0)
			continue;
		struct stat st;
		if (fstat(src, &st)) {
			r = -errno;
		} else if (S_ISDIR(st.st_mode)) {
			r = copy_in_dir(b, src, name, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			int dst = create_in_box(b, name, st.st_mode & 0777);
			if (dst < 0) {
				r = dst;
			} else {
				r = copy_fd(src, dst);
				close(dst);
			}
		}
		close(src);
	}
	closedir(d);
	return r;
}

int box_put_host_dir(struct box *b, const char *host_dir)
{
	int from = open(host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (from < 0)
		return -errno;
	int r = copy_in_dir(b, from, "", 0);
	close(from);
	return r;
}

int box_copy_out_all(struct box *b, const char *host_dir)
{
	int boxfd = box_dirfd(b);
	if (boxfd < 0)
		return boxfd;
	if (mkdir(host_dir, 0755) && errno != EEXIST)
		return -errno;
	int to = open(host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (to < 0)
		return -errno;
	uint64_t budget = b->pool->cfg.box_kb * 1024;
	int r = copy_out_dir(boxfd, to, 0, &budget);
	close(to);
	return r;
}
