/* test_seccomp_filter.c - small profiles written here, enforced on a
 * forked child: the actions, `argN unlisted` checked value by value
 * against what the other rules list, `include` and the cache key that
 * covers it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "seccomp_child.h"
#include "seccomp_profile.h"
#include "util.h"

#define SC_MAX_TEST_ARGS 6

/* ---- small inline profiles ------------------------------------------------------- */

static void getppid_body(int *res, size_t n)
{
	(void)n;
	res[0] = err_of(syscall(SYS_getppid));   /* glibc's getppid() never sets errno */
}

static void allowlist_body(int *res, size_t n)
{
	(void)res;
	(void)n;
	int e = err_of(syscall(SYS_getppid));
	syscall(SYS_exit_group, e);
}

static void test_actions(void)
{
	struct sc_filter f = { NULL, 0 };
	int res[1];

	CHECK_EQ_INT(compile("default allow\nerrno EACCES getppid # test\n", &f), 0);
	CHECK(exited_ok(child_run(&f, getppid_body, res, 1)));
	CHECK_EQ_INT(res[0], EACCES);
	sc_filter_release(&f);

	CHECK_EQ_INT(compile("default allow\nkill getppid # test\n", &f), 0);
	CHECK(killed_by_sigsys(child_run(&f, getppid_body, res, 1)));
	sc_filter_release(&f);

	/* An allowlist: nothing but exit_group, so the child reports through
	 * its exit code with raw syscalls (no stdio, no sanitizer runtime). */
	CHECK_EQ_INT(compile("default errno ENOSYS\n"
			     "allow exit_group # the only way out\n", &f), 0);
	int st = child_run(&f, allowlist_body, res, 0);
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == ENOSYS);
	sc_filter_release(&f);

	/* Fail closed: an empty filter is an error, never "no filter". */
	CHECK_EQ_INT(sc_apply(NULL, 0), -EINVAL);
}

/* ---- `argN unlisted`: exactly the values the other rules do not list -------- */

#define MAX_PROBES 160
static uint64_t probe_val[MAX_PROBES];
static unsigned probe_arg;

/* getppid ignores its arguments, but seccomp sees the registers. */
static void getppid_args_body(int *res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned long a[SC_MAX_TEST_ARGS] = { 0 };
		a[probe_arg] = probe_val[i];
		res[i] = err_of(syscall(SYS_getppid, a[0], a[1], a[2], a[3], a[4], a[5]));
	}
}

static size_t add_probe(size_t n, uint64_t v)
{
	if (n < MAX_PROBES)
		probe_val[n++] = v;
	return n;
}

/* Under `default allow`, the listed values of getppid's argument arg get
 * EPERM and `argN unlisted` gets EACCES: a gap in what the parser computes
 * shows as 0 (allowed), an overlap or a wrong block as the other errno. */
static void check_unlisted(unsigned arg, uint64_t mask, const uint64_t *listed, size_t nlisted)
{
	char text[8192];
	size_t len = 0;
	struct sc_filter f = { NULL, 0 };
	str_printf(text, sizeof(text), "default allow\n");
	for (size_t i = 0; i < nlisted; i++) {
		len = strlen(text);
		if (mask == UINT64_MAX)
			str_printf(text + len, sizeof(text) - len, "errno EPERM getppid arg%u == 0x%llx # listed\n", arg,
				   (unsigned long long)listed[i]);
		else
			str_printf(text + len, sizeof(text) - len, "errno EPERM getppid arg%u & 0x%llx == 0x%llx # listed\n",
				   arg, (unsigned long long)mask, (unsigned long long)listed[i]);
	}
	len = strlen(text);
	str_printf(text + len, sizeof(text) - len, "errno EACCES getppid arg%u unlisted # the rest\n", arg);
	CHECK_EQ_INT(compile(text, &f), 0);
	if (!f.len)
		return;

	/* Every listed value and its neighbours, the ends of the range, the
	 * same values with bits above the mask set, and powers of two. */
	size_t n = 0;
	for (size_t i = 0; i < nlisted; i++) {
		n = add_probe(n, listed[i]);
		n = add_probe(n, listed[i] - 1);
		n = add_probe(n, listed[i] + 1);
		n = add_probe(n, listed[i] | ~mask);
		n = add_probe(n, listed[i] | (~mask & (~mask << 7)));
	}
	n = add_probe(n, 0);
	n = add_probe(n, mask);
	n = add_probe(n, UINT64_MAX);
	for (unsigned b = 0; b < 64; b += 3)
		n = add_probe(n, 1ULL << b);
	int got[MAX_PROBES];
	probe_arg = arg;
	CHECK(exited_ok(child_run(&f, getppid_args_body, got, n)));
	for (size_t i = 0; i < n; i++) {
		bool is_listed = false;
		for (size_t k = 0; k < nlisted; k++)
			is_listed |= (probe_val[i] & mask) == listed[k];
		int want = is_listed ? EPERM : EACCES;
		if (got[i] != want)
			fprintf(stderr, "unlisted: arg%u = 0x%llx under mask 0x%llx: errno %d, want %d\n", arg,
				(unsigned long long)probe_val[i], (unsigned long long)mask, got[i], want);
		CHECK_EQ_INT(got[i], want);
	}
	sc_filter_release(&f);
}

static void test_unlisted(void)
{
	static const uint64_t families[] = { AF_UNIX, AF_INET, AF_INET6 };
	static const uint64_t ttys[] = { TIOCSTI, TIOCLINUX };
	static const uint64_t ends[] = { 0, UINT64_MAX };
	static const uint64_t ends32[] = { 0xffffffff, 0 };
	static const uint64_t zero[] = { 0 };
	static const uint64_t top[] = { UINT64_MAX };
	static const uint64_t one32[] = { 0x80000000 };
	check_unlisted(0, UINT64_MAX, families, 3);
	check_unlisted(1, 0xffffffff, ttys, 2);
	check_unlisted(5, UINT64_MAX, ends, 2);
	check_unlisted(2, 0xffffffff, ends32, 2);
	check_unlisted(3, UINT64_MAX, zero, 1);
	check_unlisted(4, UINT64_MAX, top, 1);
	check_unlisted(0, 0xffffffff, one32, 1);
	check_unlisted(0, 0xff, families, 3);

	/* 20 scattered 64-bit values need over 1024 comparisons: refused. */
	char text[4096] = "default allow\n";
	for (int i = 0; i < 20; i++) {
		size_t len = strlen(text);
		str_printf(text + len, sizeof(text) - len, "errno EPERM getppid arg0 == 0x%llx # v\n",
			   (unsigned long long)(0x0123456789abcdefULL * (uint64_t)(2 * i + 1)));
	}
	size_t len = strlen(text);
	str_printf(text + len, sizeof(text) - len, "errno EACCES getppid arg0 unlisted # rest\n");
	char err[512];
	struct sc_filter f = { NULL, 0 };
	CHECK_EQ_INT(sc_compile_text(text, ORIGIN, &f, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "t.policy:22: 'getppid arg0 unlisted' needs more than 1024 comparisons") != NULL);

	/* Pseudo-random sets (fixed seed: a failure reproduces). */
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	for (int round = 0; round < 40; round++) {
		uint64_t set[4], mask = round % 3 == 0 ? UINT64_MAX : round % 3 == 1 ? 0xffffffff : 0xffff;
		size_t k = 1 + (size_t)(round % 4);
		for (size_t i = 0; i < k; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* small values, values near the top, anything */
			set[i] = (i % 3 == 0 ? x % 24 : i % 3 == 1 ? mask - x % 5 : x) & mask;
		}
		check_unlisted((unsigned)(round % SC_MAX_TEST_ARGS), mask, set, k);
	}
}

/* ---- include ---------------------------------------------------------------------- */

static int write_text(const char *dir, const char *name, const char *text)
{
	char path[4096];
	if (str_printf(path, sizeof(path), "%s/%s", dir, name))
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int r = write_all(fd, text, strlen(text));
	close(fd);
	return r;
}

static int compile_in(const char *dir, const char *name, struct sc_filter *f, char *err, size_t errlen)
{
	char path[4096];
	if (str_printf(path, sizeof(path), "%s/%s.policy", dir, name))
		return -1;
	return sc_compile_file(path, f, err, errlen);
}

static unsigned count_files(const char *dir)
{
	unsigned n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_include(void)
{
	char dir[] = "/tmp/pairbox-test-seccomp-XXXXXX", cache[4200], path[4200], err[512];
	struct sc_filter f = { NULL, 0 }, g = { NULL, 0 };
	int got[3];
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	CHECK_EQ_INT(write_text(dir, "base.policy",
				"default allow\nerrno EPERM getppid arg0 == 1 # a\nerrno EACCES getppid arg0 unlisted # b\n"), 0);
	/* A language widens the base: its listed value leaves `unlisted`. */
	CHECK_EQ_INT(write_text(dir, "lang.policy", "# widens base\n\ninclude base # first\n"
				"errno EPERM getppid arg0 == 16 # c\n"), 0);
	probe_arg = 0;
	probe_val[0] = 1;
	probe_val[1] = 16;
	probe_val[2] = 2;
	CHECK_EQ_INT(compile_in(dir, "lang", &f, err, sizeof(err)), 0);
	CHECK(exited_ok(child_run(&f, getppid_args_body, got, 3)));
	CHECK_EQ_INT(got[0], EPERM);
	CHECK_EQ_INT(got[1], EPERM);
	CHECK_EQ_INT(got[2], EACCES);
	sc_filter_release(&f);
	CHECK_EQ_INT(compile_in(dir, "base", &f, err, sizeof(err)), 0);
	CHECK(exited_ok(child_run(&f, getppid_args_body, got, 3)));
	CHECK_EQ_INT(got[1], EACCES);
	sc_filter_release(&f);

	static const struct { const char *name, *text, *included, *want; } bad[] = {
		{ "twice", "include base\ndefault allow\n", NULL, "twice.policy:2: a second 'default' line" },
		{ "narrow", "include base\nerrno EIO getppid arg0 == 1 # x\n", NULL,
		  "narrow.policy:2: rule for 'getppid' conflicts with an earlier one" },
		{ "missing", "include nope\n", NULL, "missing.policy:1: include nope: No such file or directory" },
		{ "slash", "include ../base\n", NULL, "slash.policy:1: bad profile name '../base'" },
		{ "dots", "include base.policy\n", NULL, "dots.policy:1: bad profile name 'base.policy'" },
		{ "loop", "include loop\n", NULL, "loop.policy:1: includes nested deeper than 4" },
		{ "nodef", "include empty\n", "# nothing here\n", "empty.policy:1: no 'default ACTION' line" },
		{ "deep", "include broken\n", "default allow\nerrno EPERM ptarce # x\n",
		  "broken.policy:2: unknown syscall 'ptarce'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char name[64];
		str_printf(name, sizeof(name), "%s.policy", bad[i].name);
		CHECK_EQ_INT(write_text(dir, name, bad[i].text), 0);
		if (bad[i].included)
			CHECK_EQ_INT(write_text(dir, i == 6 ? "empty.policy" : "broken.policy", bad[i].included), 0);
		CHECK_EQ_INT(compile_in(dir, bad[i].name, &f, err, sizeof(err)), -EINVAL);
		if (!strstr(err, bad[i].want))
			fprintf(stderr, "include %s: got \"%s\", want \"%s\"\n", bad[i].name, err, bad[i].want);
		CHECK(strstr(err, bad[i].want) != NULL);
		CHECK(f.insns == NULL);
	}

	/* The cache key covers the included profile: changing the base
	 * recompiles the language's profile. */
	str_printf(cache, sizeof(cache), "%s/cache", dir);
	str_printf(path, sizeof(path), "%s/lang.policy", dir);
	CHECK_EQ_INT(mkdir(cache, 0700), 0);
	CHECK_EQ_INT(sc_compile_file_cached(path, cache, &f, err, sizeof(err)), 0);
	CHECK_EQ_INT(count_files(cache), 1);
	CHECK_EQ_INT(write_text(dir, "base.policy",
				"default allow\nerrno EPERM getppid arg0 == 1 # a\nerrno EIO getppid arg0 unlisted # b\n"), 0);
	CHECK_EQ_INT(sc_compile_file_cached(path, cache, &g, err, sizeof(err)), 0);
	CHECK_EQ_INT(count_files(cache), 2);
	CHECK(exited_ok(child_run(&g, getppid_args_body, got, 3)));
	CHECK_EQ_INT(got[2], EIO);
	sc_filter_release(&f);
	sc_filter_release(&g);
	remove_tree(AT_FDCWD, dir);
}

int main(void)
{
	test_actions();
	test_unlisted();
	test_include();
	return check_done();
}
