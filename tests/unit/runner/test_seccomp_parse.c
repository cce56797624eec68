/* test_seccomp_parse.c - a profile's text read: each error names its line
 * and the problem, the good profiles compile, a file's error names the file
 * alone, profile names resolved to paths. No filter is applied here
 * (test_seccomp_filter.c, test_seccomp_default.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "seccomp_profile.h"
#include "util.h"

#define ORIGIN "t.policy"

/* ---- parsing --------------------------------------------------------------- */

static const struct {
	const char *text;
	unsigned line;          /* the line the error must name */
	const char *what;       /* and a piece of its message */
} bad_profiles[] = {
	{ "default allow\nerrno EPERM ptrace\n", 2, "rule for 'ptrace' has no reason" },
	{ "default allow\nerrno EPERM ptrace #  \t\n", 2, "rule for 'ptrace' has no reason" },
	{ "default allow\n\nfrobnicate ptrace # x\n", 3, "unknown action 'frobnicate'" },
	{ "default allow\nerrno EWHAT ptrace # x\n", 2, "unknown errno name 'EWHAT'" },
	{ "default allow\nerrno EPERM # x\n", 2, "missing syscall" },
	{ "default allow\nerrno EPERM no_such_syscall # x\n", 2, "unknown syscall 'no_such_syscall'" },
	{ "default allow\nerrno EPERM Ptrace # x\n", 2, "bad syscall name" },
	{ "default allow\nerrno EPERM clone arg6 & 1 # x\n", 2, "expected a condition argN" },
	{ "default allow\nerrno EPERM clone flags & 1 # x\n", 2, "expected a condition argN" },
	{ "default allow\nerrno EPERM clone arg0 ~ 1 # x\n", 2, "unknown operator '~'" },
	{ "default allow\nerrno EPERM clone arg0 & # x\n", 2, "incomplete condition" },
	{ "default allow\nerrno EPERM clone arg0 & 1 == # x\n", 2, "incomplete condition" },
	{ "default allow\nerrno EPERM clone arg0 & CLONE_NEWFOO # x\n", 2, "unknown constant 'CLONE_NEWFOO'" },
	{ "default allow\nerrno EPERM clone arg0 == 12ab # x\n", 2, "bad number '12ab'" },
	{ "default allow\nerrno EPERM clone arg0 == 0x # x\n", 2, "bad number" },
	{ "default allow\nerrno EPERM clone arg0 == 0x1ffffffffffffffff # x\n", 2, "bad number" },
	{ "default allow\nerrno EPERM clone arg0 == -1 # x\n", 2, "unknown constant '-1'" },
	{ "default allow\nerrno EPERM clone arg0 & 0 # x\n", 2, "mask 0" },
	{ "default allow\nerrno EPERM clone arg0 & 0xff == 0x100 # x\n", 2, "can never equal" },
	{ "default allow\nerrno EPERM personality arg0 != 0 arg0 != 8 # x\n", 2, "compared twice" },
	{ "# comment\nerrno EPERM ptrace # x\n", 2, "first directive must be 'default ACTION' or 'include NAME'" },
	{ "# only a comment\n\n", 2, "no 'default ACTION' line" },
	{ "", 1, "no 'default ACTION' line" },
	{ "default allow\ndefault kill\n", 2, "a second 'default' line" },
	{ "default allow please\n", 1, "unexpected 'please'" },
	{ "default\n", 1, "missing action" },
	{ "default allow\nallow getpid # x\n", 2, "repeats the default action" },
	{ "default allow\nerrno EPERM ptrace=500 # x\n", 2, "'ptrace' is not syscall 500" },
	{ "default allow\nerrno EPERM mystery=12 # x\n", 2, "bad syscall number" },
	{ "default allow\nerrno EPERM ioctl arg1 & 0xffffffff == 1 # a\n"
	  "kill ioctl arg1 & 0xffffffff == 1 # b\n", 3, "conflicts with an earlier one" },
#ifdef __x86_64__
	{ "default allow\nerrno EPERM socketcall # x\n", 2, "does not exist on this architecture" },
#endif
	/* values joined by '|' */
	{ "default allow\nerrno EPERM clone arg0 & CLONE_NEWNS| # x\n", 2, "bad value 'CLONE_NEWNS|'" },
	{ "default allow\nerrno EPERM clone arg0 & |1 # x\n", 2, "bad value '|1'" },
	{ "default allow\nerrno EPERM clone arg0 & 1||2 # x\n", 2, "bad value '1||2'" },
	{ "default allow\nerrno EPERM clone arg0 & CLONE_NEWNS|CLONE_NEWFOO # x\n", 2, "unknown constant 'CLONE_NEWFOO'" },
	/* argN unlisted */
	{ "default allow\nerrno EPERM socket arg0 unlisted arg1 == 2 # x\n", 2, "must be the rule's only condition" },
	{ "default allow\nerrno EPERM socket arg1 == 2 arg0 unlisted # x\n", 2, "must be the rule's only condition" },
	{ "default allow\nerrno EPERM socket arg0 unlisted # x\n", 2, "no other rule for 'socket' lists a value of arg0" },
	{ "default allow\nerrno EACCES socket arg0 != 1 # a\nerrno EPERM socket arg0 unlisted # b\n", 2,
	  "rule for 'socket' must compare arg0 with == or & MASK == (t.policy:3 lists the others)" },
	{ "default allow\nerrno EACCES socket arg1 == 1 # a\nerrno EPERM socket arg0 unlisted # b\n", 2,
	  "must compare arg0 with ==" },
	{ "default allow\nerrno EACCES socket arg0 == 1 # a\nerrno EPERM socket arg0 unlisted # b\n"
	  "errno EIO socket arg0 unlisted # c\n", 4, "a second 'unlisted' rule for 'socket'" },
	{ "default allow\nerrno EPERM ioctl arg1 & 0xffffffff == 1 # a\nerrno EPERM ioctl arg1 == 2 # b\n"
	  "errno EACCES ioctl arg1 unlisted # c\n", 3, "masks arg1 differently" },
	{ "default allow\nerrno EPERM ioctl arg1 & 0xff00 == 0x100 # a\nerrno EACCES ioctl arg1 unlisted # c\n", 2,
	  "needs a mask of low bits" },
	{ "default allow\nallow socket arg0 unlisted # x\n", 2, "repeats the default action" },
	/* include: only from a file, only first (files: test_seccomp_filter.c's test_include) */
	{ "include default\n", 1, "'include' works only in a profile read from a file" },
	{ "default allow\ninclude default\n", 2, "'include' must be the first directive" },
	{ "include\n", 1, "'include' takes one profile name" },
	{ "include a b\n", 1, "'include' takes one profile name" },
};

static const char *const good_profiles[] = {
	"default allow",
	"default allow # a reason is optional here\n\tkill\tgetppid  # tabs\n",
	"default allow\nerrno EPERM ?no_such_syscall # optional: skipped where unknown\n",
	"default allow\nerrno EPERM ?socketcall # optional: skipped where absent\n",
	"default allow\nerrno EPERM open_tree_attr=467 # newer than libseccomp 2.5.4\n",
	"default allow\nerrno EACCES clone arg0 & 0x10000000 == 0x10000000 arg1 != 0 # x\n",
	"default allow\nerrno EPERM ioctl arg1 == TIOCSTI # x\nerrno EPERM ioctl arg1 == 0x541c # y",
	"default kill\nallow read # x\nallow exit_group # y\n",
	"default errno ENOSYS\r\nallow write # CRLF line ends\r\n",
	"default log\nallow read # logging default, for writing profiles\n",
	"default errno ENOSYS\nallow clone arg0 & CLONE_NEWNS|CLONE_NEWPID|0x10 == 0 # x\n",
	"default errno ENOSYS\nallow socket arg0 == AF_UNIX # a\nerrno EAFNOSUPPORT socket arg0 unlisted # b\n",
	"default allow\nerrno EPERM ioctl arg1 & 0xffffffff == TIOCSTI # a\nerrno EIO ioctl arg1 unlisted # b\n",
	"default allow\nerrno EPERM ?socketcall arg0 unlisted # skipped where absent, as is what it needs\n",
};

static void test_parse(void)
{
	struct sc_filter f = { NULL, 0 };
	char err[512], where[32];
	for (size_t i = 0; i < sizeof(bad_profiles) / sizeof(bad_profiles[0]); i++) {
		int r = sc_compile_text(bad_profiles[i].text, ORIGIN, &f, err, sizeof(err));
		str_printf(where, sizeof(where), ORIGIN ":%u: ", bad_profiles[i].line);
		CHECK_EQ_INT(r, -EINVAL);
		CHECK(f.insns == NULL && f.len == 0);
		if (!strstr(err, where) || !strstr(err, bad_profiles[i].what)) {
			fprintf(stderr, "case %zu: got \"%s\", want \"%s...%s\"\n",
				i, err, where, bad_profiles[i].what);
			CHECK(!"error names the line and the problem");
		} else {
			CHECK(1);
		}
		sc_filter_release(&f);
	}
	for (size_t i = 0; i < sizeof(good_profiles) / sizeof(good_profiles[0]); i++) {
		int r = sc_compile_text(good_profiles[i], ORIGIN, &f, err, sizeof(err));
		if (r)
			fprintf(stderr, "good profile %zu: %s\n", i, err);
		CHECK_EQ_INT(r, 0);
		CHECK(f.insns != NULL && f.len > 0);
		sc_filter_release(&f);
		CHECK(f.insns == NULL && f.len == 0);
		sc_filter_release(&f);          /* idempotent */
	}
	sc_filter_release(NULL);

	/* Errors name the file, never the directory it lives in. */
	int r = sc_compile_file("/nonexistent-pairbox-dir/gone.policy", &f, err, sizeof(err));
	CHECK_EQ_INT(r, -ENOENT);
	CHECK(strncmp(err, "gone.policy: ", 13) == 0);
	CHECK(!strstr(err, "nonexistent-pairbox-dir"));
}

/* ---- names and paths ---------------------------------------------------------------- */

static void test_resolve(void)
{
	char out[64];
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "default", out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "/etc/pb/default.policy");
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "c-strict_2", out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "/etc/pb/c-strict_2.policy");
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "/srv/mine.policy", out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "/srv/mine.policy");
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "./mine.policy", out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "./mine.policy");
	/* A slash makes it a path (the caller's choice, as with ./x); a name
	 * never leaves the directory. */
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "../x", out, sizeof(out)), 0);
	CHECK_EQ_STR(out, "../x");
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "..", out, sizeof(out)), -EINVAL);
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", ".hidden", out, sizeof(out)), -EINVAL);
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "x.policy", out, sizeof(out)), -EINVAL);
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "a b", out, sizeof(out)), -EINVAL);
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "", out, sizeof(out)), -EINVAL);
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", NULL, out, sizeof(out)), -EINVAL);
	CHECK_EQ_INT(sc_profile_resolve("/etc/pb", "a-very-long-profile-name-that-does-not-fit-in-64-bytes",
					out, sizeof(out)), -ENAMETOOLONG);
}

int main(void)
{
	test_parse();
	test_resolve();
	return check_done();
}
