/* mounts.c - the box's filesystem: a read-only root built once per slot,
 * and a fresh /proc and /tmp per run.
 *
 *   /usr /bin /sbin /lib*   read-only overlays of the host's (or the same
 *                           symlinks, on merged-/usr systems)
 *   /etc                    generated passwd, group, hosts, hostname, copies
 *                           of small files and read-only overlays of the
 *                           directories toolchains read
 *   /dev                    null zero full random urandom (nodes), fd links
 *   /box                    tmpfs owned by the box's uid (the work dir)
 *   /proc, /tmp             mounted by each run's init
 * SANDBOX-FS: nothing of the host outside these is reachable. */
#define _GNU_SOURCE
#include "mech.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const top_dirs[] = {
	"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32",
};

/* What programs and toolchains read from /etc. Missing entries are skipped. */
static const char *const etc_binds[] = {
	"ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives",
	"nsswitch.conf", "localtime", "timezone",
	"ssl/openssl.cnf", "gai.conf",   /* toolchains add theirs: box_config.binds */
};

static const char *const dev_nodes[] = { "null", "zero", "full", "random", "urandom" };

static const struct { const char *name, *target; } dev_links[] = {
	{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	{ "shm", "/tmp" }, /* POSIX shm lives in the run's size-limited /tmp */
};

int mnt_make_private(void)
{
	/* Nothing mounted for a box may propagate back to the host. */
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ? -errno : 0;
}

/* SANDBOX-ISOLATION: a host directory reaches the box as a read-only
 * overlay of its own, never as a bind mount. A bind shares the host's
 * inodes, and file locks (flock, POSIX and OFD locks) live on the inode:
 * a lock one box took on /usr/bin/env was seen by every other box, a
 * channel between them. Each overlay is a file system of its own, with
 * its own inodes, so locks stay between the processes of one slot, where
 * they still work as programs expect; data and page cache are the host
 * file's. Without an upper layer overlayfs wants two lower ones: the
 * second is the root's /proc directory, which stays empty (a procfs is
 * mounted over it, and the root is sealed read-only). An overlay needs
 * no remount to be read-only: one mount call where a bind took two. The
 * kernel stacks file systems at most two deep, so the host directory may
 * itself be on an overlay (a container's root, a test guest's), but no
 * deeper: there the mount fails, and with it the slot. */
static int overlay_ro(const char *host, const char *dst, const char *empty, unsigned long extra)
{
	char opts[4096];
	/* ':' separates layers and ',' options; neither may be in a path. */
	if (strpbrk(host, ":,\\") || strpbrk(empty, ":,\\"))
		return -EINVAL;
	if (str_printf(opts, sizeof(opts), "lowerdir=%s:%s", host, empty))
		return -ENAMETOOLONG;
	return mount("pairbox-ro", dst, "overlay", MS_RDONLY | MS_NOSUID | extra, opts) ? -errno : 0;
}

static int make_file(const char *path, const char *content, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	int r = content ? write_all(fd, content, strlen(content)) : 0;
	close(fd);
	return r;
}

/* Copy a small host file into the root's tmpfs: cheaper than a bind and
 * a remount, and just as read-only once the root is sealed. */
static int copy_small(const char *host, const char *dst, mode_t mode)
{
	char *data = NULL;
	size_t len = 0;
	int r = read_file(host, 1 << 20, &data, &len);
	if (r)
		return r == -EFBIG ? r : 0;     /* unreadable: skipped like a missing one */
	int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0755);
	if (fd < 0)
		r = -errno;
	else {
		r = write_all(fd, data, len);
		close(fd);
	}
	free(data);
	return r;
}

/* Copy a directory of at most 32 symlinks and small files (one level, as
 * /etc/alternatives and /etc/ld.so.conf.d are); -E2BIG when it is not such
 * a directory, and the caller binds it instead. */
static int copy_small_dir(const char *host, const char *dst)
{
	DIR *d = opendir(host);
	if (!d)
		return -errno;
	struct dirent *e;
	int n = 0, r = 0;
	while (!r && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if (++n > 32 || (e->d_type != DT_LNK && e->d_type != DT_REG)) {
			r = -E2BIG;
			break;
		}
	}
	closedir(d);
	if (r)
		return r;
	d = opendir(host);
	if (!d)
		return -errno;
	char src[PATH_MAX], to[PATH_MAX], link[PATH_MAX];
	while (!r && (e = readdir(d))) {
		if (e->d_type != DT_LNK && e->d_type != DT_REG)
			continue;
		if (str_printf(src, sizeof(src), "%s/%s", host, e->d_name) ||
		    str_printf(to, sizeof(to), "%s/%s", dst, e->d_name)) {
			r = -ENAMETOOLONG;
			break;
		}
		if (e->d_type == DT_REG) {
			r = copy_small(src, to, 0644);
		} else {
			ssize_t k = readlink(src, link, sizeof(link) - 1);
			if (k < 0)
				continue;
			link[k] = '\0';
			r = symlink(link, to) ? -errno : 0;
		}
	}
	closedir(d);
	return r;
}

/* Mirror one host path into the root: the same symlink, a read-only
 * overlay of a directory, or a copy of a small file (a copy on the root's
 * tmpfs is an inode of the slot's own too). Missing host paths are skipped. */
static int mirror(const char *root, const char *host, const char *rel, unsigned long extra)
{
	char dst[PATH_MAX];
	struct stat st;
	int r;
	if (lstat(host, &st))
		return errno == ENOENT ? 0 : -errno;
	if (str_printf(dst, sizeof(dst), "%s/%s", root, rel))
		return -ENAMETOOLONG;
	const char *inner = strchr(rel, '/');
	if (inner && strchr(inner + 1, '/')) {       /* etc/a/b: make etc/a */
		char *slash = strrchr(dst, '/');
		*slash = '\0';
		r = mkdir_p(dst, 0755);
		*slash = '/';
		if (r)
			return r;
	}
	if (S_ISLNK(st.st_mode)) {
		char link[PATH_MAX];
		ssize_t n = readlink(host, link, sizeof(link) - 1);
		if (n < 0)
			return -errno;
		link[n] = '\0';
		return symlink(link, dst) ? -errno : 0;
	}
	if (S_ISREG(st.st_mode))
		return copy_small(host, dst, st.st_mode);
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(dst, 0755) && errno != EEXIST)
		return -errno;
	/* More than one directory block cannot be a small directory: mount it
	 * without reading it (/etc/alternatives has hundreds of entries). */
	r = st.st_size > 4096 ? -E2BIG : copy_small_dir(host, dst);
	if (r != -E2BIG)
		return r;
	char empty[PATH_MAX];
	if (str_printf(empty, sizeof(empty), "%s/proc", root))
		return -ENAMETOOLONG;
	return overlay_ro(host, dst, empty, extra);
}

static int write_identity(const char *root, uid_t uid, gid_t gid)
{
	char path[PATH_MAX], text[512];
	int r;
	if (str_printf(text, sizeof(text),
		       "root:x:0:0:root:/root:/usr/sbin/nologin\n"
		       "box:x:%u:%u:pairbox box:/box:/bin/sh\n"
		       "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
		       (unsigned)uid, (unsigned)gid))
		return -ENAMETOOLONG;
	if ((r = str_printf(path, sizeof(path), "%s/etc/passwd", root)) || (r = make_file(path, text, 0644)))
		return r;
	if (str_printf(text, sizeof(text), "root:x:0:\nbox:x:%u:\nnogroup:x:65534:\n", (unsigned)gid))
		return -ENAMETOOLONG;
	if ((r = str_printf(path, sizeof(path), "%s/etc/group", root)) || (r = make_file(path, text, 0644)))
		return r;
	if ((r = str_printf(path, sizeof(path), "%s/etc/hosts", root)) ||
	    (r = make_file(path, "127.0.0.1\tlocalhost pairbox\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0644)))
		return r;
	if ((r = str_printf(path, sizeof(path), "%s/etc/hostname", root)) || (r = make_file(path, "pairbox\n", 0644)))
		return r;
	return 0;
}

static int build_dev(const char *root)
{
	char path[PATH_MAX], host[64];
	struct stat st;
	int r;
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		if ((r = str_printf(path, sizeof(path), "%s/dev/%s", root, dev_nodes[i])) ||
		    (r = str_printf(host, sizeof(host), "/dev/%s", dev_nodes[i])))
			return r;
		if (stat(host, &st))
			return -errno;
		if (!S_ISCHR(st.st_mode))
			return -ENODEV;
		/* Real nodes in the root tmpfs rather than five bind mounts: every
		 * mount of the slot is copied and torn down with each run's mount
		 * namespace. Nobody in the box can make more (no CAP_MKNOD, and
		 * the root is sealed read-only). */
		if (mknod(path, S_IFCHR | 0666, st.st_rdev) || chmod(path, 0666))
			return -errno;
	}
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(dev_links[0]); i++) {
		if ((r = str_printf(path, sizeof(path), "%s/dev/%s", root, dev_links[i].name)))
			return r;
		if (symlink(dev_links[i].target, path))
			return -errno;
	}
	return 0;
}

int mnt_build_root(const char *dir, uid_t uid, gid_t gid, const char *binds)
{
	char path[PATH_MAX], host[PATH_MAX];
	int r;
	/* A small tmpfs holds the skeleton; it is sealed read-only afterwards. */
	if (mount("pairbox-root", dir, "tmpfs", MS_NOSUID, "size=4m,nr_inodes=4096,mode=0755"))
		return -errno;
	static const char *const empty[] = { "etc", "dev", "proc", "tmp", "box" };
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		if ((r = str_printf(path, sizeof(path), "%s/%s", dir, empty[i])))
			return r;
		if (mkdir(path, 0755))
			return -errno;
	}
	for (size_t i = 0; i < sizeof(top_dirs) / sizeof(top_dirs[0]); i++) {
		if ((r = str_printf(host, sizeof(host), "/%s", top_dirs[i])) ||
		    (r = mirror(dir, host, top_dirs[i], MS_NODEV)))
			return r;
	}
	for (size_t i = 0; i < sizeof(etc_binds) / sizeof(etc_binds[0]); i++) {
		if ((r = str_printf(host, sizeof(host), "/etc/%s", etc_binds[i])) ||
		    (r = str_printf(path, sizeof(path), "etc/%s", etc_binds[i])) ||
		    (r = mirror(dir, host, path, MS_NODEV | MS_NOEXEC)))
			return r;
	}
	/* What the languages' data files ask for (/etc/mono, /var/lib/ghc...):
	 * whole read-only, never writable, never a way to a device. */
	for (const char *b = binds; b && *b; b += strlen(b) + 1) {
		if (strstr(b, "/../") || strncmp(b, "/", 1) != 0)
			return -EINVAL;
		if ((r = mirror(dir, b, b + 1, MS_NODEV | MS_NOEXEC)))
			return r;
	}
	if ((r = write_identity(dir, uid, gid)))
		return r;
	return build_dev(dir);
}

int mnt_mount_box(const char *dir, uid_t uid, gid_t gid, uint64_t size_kb)
{
	char path[PATH_MAX], opts[128];
	if (str_printf(path, sizeof(path), "%s/box", dir) ||
	    str_printf(opts, sizeof(opts), "size=%lluk,nr_inodes=16384,mode=0755,uid=%u,gid=%u",
		       (unsigned long long)size_kb, (unsigned)uid, (unsigned)gid))
		return -ENAMETOOLONG;
	/* SANDBOX-DISK: /box is a size-limited tmpfs, so a program can never
	 * fill the host's disk; its pages are charged to the box's memory. */
	return mount("pairbox-box", path, "tmpfs", MS_NOSUID | MS_NODEV, opts) ? -errno : 0;
}

int mnt_seal_root(const char *dir)
{
	/* No MS_NODEV: /dev's nodes live on this tmpfs. */
	return mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID, NULL) ? -errno : 0;
}

int mnt_pivot(const char *dir)
{
	/* pivot_root(".", ".") stacks the old root on the new one; detaching
	 * "." then drops every host mount from this namespace. */
	if (chdir(dir))
		return -errno;
	if (syscall(SYS_pivot_root, ".", "."))
		return -errno;
	if (umount2(".", MNT_DETACH))
		return -errno;
	return chdir("/") ? -errno : 0;
}

int mnt_mount_proc(void)
{
	/* hidepid=invisible: the program cannot see the box's root-owned init.
	 * SANDBOX-PID: this /proc shows only the run's pid namespace. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible") == 0)
		return 0;
	if (errno == EINVAL && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") == 0)
		return 0;
	return -errno;
}

int mnt_mount_tmp(uint64_t size_kb)
{
	char opts[64];
	if (str_printf(opts, sizeof(opts), "size=%lluk,nr_inodes=16384,mode=1777", (unsigned long long)(size_kb ? size_kb : 1)))
		return -ENAMETOOLONG;
	return mount("pairbox-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts) ? -errno : 0;
}
