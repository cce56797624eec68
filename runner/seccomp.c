/* seccomp.c - seccomp profiles compiled: parsed (seccomp_parse.c), finished
 * (seccomp_unlisted.c), exported as classic BPF in the parent and installed
 * in the child with one raw seccomp(2). Format and reasons:
 * docs/seccomp-profiles.md. */
#define _GNU_SOURCE
#include "seccomp_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Classic BPF out of libseccomp: 2.5 exports only to an fd, so use a memfd
 * and read it back. */
static int sc_export(struct sc_parser *p, struct sc_filter *out)
{
	struct sock_filter *insns = NULL;
	int fd = memfd_create("pairbox-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		sc_fail(p, "memfd_create: %s", strerror(e));
		return -e;
	}
	int r = seccomp_export_bpf(p->ctx, fd);
	if (r < 0) {
		sc_fail(p, "libseccomp cannot export the filter: %s", strerror(-r));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		sc_fail(p, "fstat: %s", strerror(-r));
		goto out;
	}
	size_t bytes = (size_t)st.st_size, n = bytes / sizeof(struct sock_filter);
	if (bytes == 0 || bytes % sizeof(struct sock_filter)) {
		r = -EINVAL;
		sc_fail(p, "libseccomp exported %zu bytes, not whole instructions", bytes);
		goto out;
	}
	if (n > BPF_MAXINSNS) {
		r = -EINVAL;
		sc_fail(p, "filter of %zu instructions exceeds the kernel's %d", n, BPF_MAXINSNS);
		goto out;
	}
	insns = malloc(bytes);
	if (!insns) {
		r = -ENOMEM;
		sc_fail(p, "out of memory");
		goto out;
	}
	for (size_t got = 0; got < bytes;) {
		ssize_t k = pread(fd, (char *)insns + got, bytes - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			r = k < 0 ? -errno : -EIO;
			sc_fail(p, "reading the exported filter: %s", strerror(-r));
			goto out;
		}
		got += (size_t)k;
	}
	out->insns = insns;
	out->len = (unsigned short)n;
	insns = NULL;
	r = 0;
out:
	free(insns);
	close(fd);
	return r;
}

/* dir: where `include` finds profiles (NULL: includes are errors). */
int sc_compile(const char *text, const char *origin, const char *dir, struct sc_filter *out,
	       char *err, size_t errlen)
{
	struct sc_parser p = { .origin = origin ? origin : "profile", .err = err, .errlen = errlen, .dir = dir };
	int r = 0;
	out->insns = NULL;
	out->len = 0;
	if (err && errlen)
		err[0] = '\0';
	if ((r = sc_parse_text(&p, text)))
		goto out;
	if (!p.ctx) {
		p.line = p.line ? p.line : 1;
		r = sc_fail(&p, "no 'default ACTION' line");
		goto out;
	}
	if ((r = sc_finish(&p)))
		goto out;
	r = sc_export(&p, out);
out:
	if (p.ctx)
		seccomp_release(p.ctx);
	free(p.recs);
	for (unsigned i = 0; i < p.norigins; i++)
		free(p.origins[i]);
	return r;
}

int sc_compile_text(const char *text, const char *origin, struct sc_filter *out, char *err, size_t errlen)
{
	return sc_compile(text, origin, NULL, out, err, errlen);
}

/* The directory part of path ("." for a bare name), for includes. */
static int sc_dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return str_copy(dir, len, ".");
	if (slash == path)
		return str_copy(dir, len, "/");
	if ((size_t)(slash - path) >= len)
		return -ENAMETOOLONG;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return 0;
}

/* Reads a profile and its directory; errors name the file, not the
 * directory: messages reach API users. */
int sc_read_profile(const char *path, char **text, size_t *len, char *dir, size_t dirlen,
		    char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	const char *origin = slash ? slash + 1 : path;
	int r = sc_dir_of(path, dir, dirlen);
	if (!r)
		r = read_file(path, SC_MAX_FILE, text, len);
	if (r && err && errlen)
		str_printf(err, errlen, "%s: %s", origin, r == -EFBIG ? "larger than 256 KiB" : strerror(-r));
	return r;
}

int sc_compile_file(const char *path, struct sc_filter *out, char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	char *text = NULL, dir[PATH_MAX];
	out->insns = NULL;
	out->len = 0;
	int r = sc_read_profile(path, &text, NULL, dir, sizeof(dir), err, errlen);
	if (r)
		return r;
	r = sc_compile(text, slash ? slash + 1 : path, dir, out, err, errlen);
	free(text);
	return r;
}
void sc_filter_release(struct sc_filter *f)
{
	if (!f)
		return;
	free(f->insns);
	f->insns = NULL;
	f->len = 0;
}

int sc_apply(const struct sock_filter *insns, unsigned short len)
{
	/* An empty filter fails rather than silently running unfiltered. */
	if (!insns || !len)
		return -EINVAL;
	struct sock_fprog prog = { .len = len, .filter = (struct sock_filter *)insns };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		return -errno;
	return 0;
}

int sc_profile_resolve(const char *profile_dir, const char *name, char *out, size_t outlen)
{
	if (!name || !*name)
		return -EINVAL;
	if (strchr(name, '/'))
		return str_copy(out, outlen, name);
	/* A bare name stays inside the profile directory: no dots, so neither
	 * ".." nor "x.policy" can name another file. */
	for (const char *c = name; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return -EINVAL;
	}
	if (!profile_dir || !*profile_dir)
		return -EINVAL;
	return str_printf(out, outlen, "%s/%s.policy", profile_dir, name);
}
