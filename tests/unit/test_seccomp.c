/* test_seccomp.c - profile parsing and its errors, the default profile seen
 * from a filtered child, bad-architecture kills, profile name resolution.
 * Every probe is harmless whether or not the filter works (this runs as
 * root, outside any box): a no-op, or a call that fails on bad arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
	{ "# comment\nerrno EPERM ptrace # x\n", 2, "first directive must be 'default ACTION'" },
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

/* ---- children ---------------------------------------------------------------- */

/* Behind filter f (NULL: none), runs body in a forked child; the ints it
 * fills come back through a pipe. Returns the child's wait status. */
static int child_run(const struct sc_filter *f, void (*body)(int *res, size_t n), int *res, size_t n)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		/* A SIGSYS kill must not leave a core file in the build tree. */
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		/* As in the box: no_new_privs, then the filter. */
		if (f && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || sc_apply(f->insns, f->len)))
			_exit(100);
		body(res, n);
		_exit(write_all(fds[1], res, n * sizeof(int)) ? 101 : 0);
	}
	close(fds[1]);
	size_t want = n * sizeof(int), got = 0;
	memset(res, 0xff, want);
	while (got < want) {
		ssize_t k = read(fds[0], (char *)res + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return st;
}

static bool exited_ok(int st)
{
	return st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static bool killed_by_sigsys(int st)
{
	return st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS;
}

/* ---- probes of the default profile ---------------------------------------- */

static int err_of(long r)
{
	return r < 0 ? errno : 0;
}

static int fd_result(long r)
{
	if (r < 0)
		return errno;
	close((int)r);
	return 0;
}

/* A raw clone that, were it allowed, makes a child that exits at once. */
static int clone_with(unsigned long flags)
{
	long r = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (r == 0)
		_exit(0);
	if (r < 0)
		return errno;
	waitpid((pid_t)r, NULL, 0);
	return 0;
}

/* ioctl on a pipe: never a terminal, so nothing can be typed anywhere. */
static int ioctl_on_pipe(unsigned long cmd)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	char c = 'x';
	int e = err_of(syscall(SYS_ioctl, fds[0], cmd, &c));
	close(fds[0]);
	close(fds[1]);
	return e;
}

static int p_unshare(void) { return err_of(unshare(0)); }
static int p_setns(void) { return err_of(setns(-1, 0)); }
static int p_clone_newuser(void) { return clone_with(CLONE_NEWUSER); }
static int p_clone_newuts(void) { return clone_with(CLONE_NEWUTS); }
static int p_clone3(void) { return err_of(syscall(SYS_clone3, NULL, 0)); }
static int p_mount(void) { return err_of(mount(NULL, NULL, NULL, 0, NULL)); }
static int p_open_tree_attr(void) { return fd_result(syscall(467, -1, NULL, 0, NULL, 0)); }
/* Not PTRACE_TRACEME: if the filter failed, the probe child would become the
 * test's tracee and stop at its next signal. PTRACE_CONT on itself, which it
 * does not trace, is a plain ESRCH when allowed. */
static int p_ptrace(void) { return err_of(syscall(SYS_ptrace, PTRACE_CONT, getpid(), NULL, NULL)); }
static int p_process_vm_readv(void) { return err_of(syscall(SYS_process_vm_readv, getpid(), NULL, 0, NULL, 0, 0)); }
static int p_pidfd_getfd(void) { return fd_result(syscall(SYS_pidfd_getfd, -1, 0, 0)); }
static int p_keyctl(void)
{
	return err_of(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
}
static int p_inotify(void) { return fd_result(inotify_init1(IN_CLOEXEC)); }
static int p_fanotify(void) { return fd_result(syscall(SYS_fanotify_init, ~0U, 0)); }
static int p_userfaultfd(void) { return fd_result(syscall(SYS_userfaultfd, O_CLOEXEC)); }
static int p_io_uring(void) { return fd_result(syscall(SYS_io_uring_setup, 1, NULL)); }
static int p_bpf(void) { return err_of(syscall(SYS_bpf, -1, NULL, 0)); }
static int p_perf(void) { return fd_result(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0)); }
static int p_syslog(void) { return err_of(syscall(SYS_syslog, 10 /* SIZE_BUFFER: a read */, NULL, 0)); }
static int p_clock_settime(void) { return err_of(syscall(SYS_clock_settime, CLOCK_REALTIME, NULL)); }
static int p_tiocsti(void) { return ioctl_on_pipe(TIOCSTI); }
/* The kernel truncates cmd to 32 bits; the rule must too. */
static int p_tiocsti_high(void) { return ioctl_on_pipe(0x100000000UL | TIOCSTI); }

static int p_getpid(void) { return syscall(SYS_getpid) > 0 ? 0 : EIO; }
static int p_fork(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	if (pid < 0)
		return errno;
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : EIO;
}
static void *thread_main(void *arg) { return arg; }
/* glibc tries clone3 first: this passes only through its ENOSYS fallback. */
static int p_thread(void)
{
	pthread_t t;
	int r = pthread_create(&t, NULL, thread_main, NULL);
	if (r)
		return r;
	return pthread_join(t, NULL);
}
static int p_exec(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return errno;
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : EIO;
}
static int p_prlimit(void)
{
	struct rlimit rl;
	return err_of(prlimit(0, RLIMIT_NOFILE, NULL, &rl));
}
static int p_personality_query(void) { return err_of(personality(0xffffffff)); }

static const struct probe {
	const char *name;
	int (*fn)(void);
	int expect;             /* errno behind the default profile; 0: works */
} probes[] = {
	/* SANDBOX-SECCOMP: no new namespaces, no mounts. */
	{ "unshare(0)", p_unshare, EPERM },
	{ "setns(-1)", p_setns, EPERM },
	{ "clone(CLONE_NEWUSER)", p_clone_newuser, EPERM },
	{ "clone(CLONE_NEWUTS)", p_clone_newuts, EPERM },
	{ "clone3(NULL, 0)", p_clone3, ENOSYS },
	{ "mount(NULL)", p_mount, EPERM },
	{ "open_tree_attr(-1) by number", p_open_tree_attr, EPERM },
	/* SANDBOX-SECCOMP: no reaching into other processes. */
	{ "ptrace(PTRACE_CONT, self)", p_ptrace, EPERM },
	{ "process_vm_readv(self, 0 iov)", p_process_vm_readv, EPERM },
	{ "pidfd_getfd(-1)", p_pidfd_getfd, EPERM },
	/* SANDBOX-SECCOMP: nothing that outlives a run or watches other boxes. */
	{ "keyctl(GET_KEYRING_ID)", p_keyctl, EPERM },
	{ "inotify_init1", p_inotify, EPERM },
	{ "fanotify_init(bad flags)", p_fanotify, EPERM },
	{ "syslog(SIZE_BUFFER)", p_syslog, EPERM },
	{ "ioctl(pipe, TIOCSTI)", p_tiocsti, EPERM },
	{ "ioctl(pipe, 1<<32 | TIOCSTI)", p_tiocsti_high, EPERM },
	/* SANDBOX-SECCOMP: less kernel attack surface, hands off the machine. */
	{ "userfaultfd", p_userfaultfd, EPERM },
	{ "io_uring_setup(1, NULL)", p_io_uring, EPERM },
	{ "bpf(-1)", p_bpf, EPERM },
	{ "perf_event_open(NULL)", p_perf, EPERM },
	{ "clock_settime(NULL)", p_clock_settime, EPERM },
	/* What every toolchain needs still works. */
	{ "getpid", p_getpid, 0 },
	{ "fork", p_fork, 0 },
	{ "pthread_create", p_thread, 0 },
	{ "fork + execve /bin/true", p_exec, 0 },
	{ "prlimit64(self)", p_prlimit, 0 },
	{ "personality(0xffffffff)", p_personality_query, 0 },
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

static void probes_body(int *res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		res[i] = probes[i].fn();
}

static void test_default_profile(void)
{
	char path[4096], err[512];
	struct sc_filter f = { NULL, 0 };
	CHECK_EQ_INT(sc_profile_resolve(PAIRBOX_PROFILE_DIR, "default", path, sizeof(path)), 0);
	int r = sc_compile_file(path, &f, err, sizeof(err));
	if (r)
		fprintf(stderr, "default profile: %s\n", err);
	CHECK_EQ_INT(r, 0);
	CHECK(f.len > 0);
	if (r)
		return;

	int got[NPROBES], base[NPROBES];
	int st = child_run(&f, probes_body, got, NPROBES);
	CHECK(exited_ok(st));
	/* Without the filter each denial must look different, or the probe
	 * proves nothing (as root every one of them does). */
	int bst = child_run(NULL, probes_body, base, NPROBES);
	CHECK(exited_ok(bst));
	for (size_t i = 0; i < NPROBES; i++) {
		if (got[i] != probes[i].expect)
			fprintf(stderr, "probe %s: errno %d (%s), want %d\n", probes[i].name,
				got[i], strerror(got[i]), probes[i].expect);
		CHECK_EQ_INT(got[i], probes[i].expect);
		if (probes[i].expect && base[i] == probes[i].expect) {
			fprintf(stderr, "probe %s: errno %d without the filter too\n", probes[i].name, base[i]);
			if (geteuid() == 0)
				CHECK(!"probe discriminates");
		}
	}
	sc_filter_release(&f);
}

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

static int compile(const char *text, struct sc_filter *f)
{
	char err[512];
	int r = sc_compile_text(text, ORIGIN, f, err, sizeof(err));
	if (r)
		fprintf(stderr, "%s\n", err);
	return r;
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

/* ---- other architectures ------------------------------------------------------------- */

#ifdef __x86_64__
static long i386_getpid(void)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
	return r;
}

static void int80_body(int *res, size_t n)
{
	(void)n;
	res[0] = i386_getpid() == getpid() ? 0 : 1;
}

static void x32_body(int *res, size_t n)
{
	(void)n;
	res[0] = err_of(syscall(0x40000000 | SYS_getpid));   /* __X32_SYSCALL_BIT */
}

/* SANDBOX-SECCOMP-ARCH: i386 (int 0x80) and x32 syscalls are killed. */
static void test_bad_arch(void)
{
	struct sc_filter f = { NULL, 0 };
	int res[1];
	CHECK_EQ_INT(compile("default allow\nerrno EPERM getppid # anything\n", &f), 0);
	CHECK(killed_by_sigsys(child_run(&f, x32_body, res, 1)));
	if (exited_ok(child_run(NULL, int80_body, res, 1)) && res[0] == 0)
		CHECK(killed_by_sigsys(child_run(&f, int80_body, res, 1)));
	else
		fprintf(stderr, "note: no i386 emulation in this kernel; int 0x80 not probed\n");
	sc_filter_release(&f);
}
#endif

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
	test_default_profile();
	test_actions();
#ifdef __x86_64__
	test_bad_arch();
#endif
	return check_done();
}
