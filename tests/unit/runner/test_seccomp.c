/* test_seccomp.c - profile parsing and its errors, the default profile seen
 * from a filtered child, bad-architecture kills, profile name resolution.
 * Every probe is harmless whether or not the filter works (this runs as
 * root, outside any box): a no-op, or a call that fails on bad arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <linux/aio_abi.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "seccomp_profile.h"
#include "util.h"

#define ORIGIN "t.policy"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
/* Newer than the profile and than some kernels' headers. */
#define NR_MEMFD_SECRET 447
#define NR_STATMOUNT 457
#define NR_LISTMOUNT 458
#define SC_MAX_TEST_ARGS 6

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
	/* include: only from a file, only first (files: test_include) */
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

/* SANDBOX-SECCOMP: no native AIO (fs.aio-max-nr is one machine-wide pool). */
static int p_io_setup(void)
{
	aio_context_t ctx = 0;
	long r = syscall(SYS_io_setup, 1, &ctx);
	if (r < 0)
		return errno;
	syscall(SYS_io_destroy, ctx);
	return 0;
}
static int p_socket(int domain, int type, int proto) { return fd_result(socket(domain, type | SOCK_CLOEXEC, proto)); }
static int p_vsock(void) { return p_socket(AF_VSOCK, SOCK_STREAM, 0); }
static int p_netlink(void) { return p_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE); }
/* Protocol 0: a packet socket that receives nothing, were it allowed. */
static int p_packet(void) { return p_socket(AF_PACKET, SOCK_DGRAM, 0); }
static int p_unix(void) { return p_socket(AF_UNIX, SOCK_STREAM, 0); }
static int p_inet(void) { return p_socket(AF_INET, SOCK_DGRAM, 0); }
static int p_inet6(void) { return p_socket(AF_INET6, SOCK_DGRAM, 0); }
/* The kernel reads the family as an int: upper bits must not pass as AF_UNIX. */
static int p_unix_high(void)
{
	return fd_result(syscall(SYS_socket, 0x100000000UL | AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
}
static int p_socketpair(int domain)
{
	int sv[2];
	if (socketpair(domain, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return errno;
	close(sv[0]);
	close(sv[1]);
	return 0;
}
static int p_socketpair_unix(void) { return p_socketpair(AF_UNIX); }
static int p_socketpair_inet(void) { return p_socketpair(AF_INET); }
/* An ioctl that passes `arg1 unlisted`. */
static int p_fionread(void)
{
	int fds[2], n = -1;
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	int e = err_of(ioctl(fds[0], FIONREAD, &n));
	close(fds[0]);
	close(fds[1]);
	return e ? e : n == 0 ? 0 : EIO;
}
/* Priority 0 is invalid for SCHED_FIFO: unfiltered, EINVAL, never a
 * real-time probe child. */
static int p_sched_fifo(void)
{
	struct sched_param sp = { .sched_priority = 0 };
	return err_of(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp));
}
static int p_sched_batch(void)
{
	struct sched_param sp = { .sched_priority = 0 };
	return err_of(syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp));
}
static int p_sched_setattr(void) { return err_of(syscall(SYS_sched_setattr, 0, NULL, 0)); }
static int p_memfd_secret(void) { return fd_result(syscall(NR_MEMFD_SECRET, 0)); }
static int p_statmount(void) { return err_of(syscall(NR_STATMOUNT, NULL, NULL, 0, 0)); }
static int p_listmount(void) { return err_of(syscall(NR_LISTMOUNT, NULL, NULL, 0, 0)); }

static const struct probe {
	const char *name;
	int (*fn)(void);
	int expect;             /* errno behind the default profile; 0: works */
	bool may_lack;          /* a kernel may lack it, and answer `expect` unfiltered too */
} probes[] = {
	/* SANDBOX-SECCOMP: no new namespaces, no mounts. */
	{ "unshare(0)", p_unshare, EPERM, false },
	{ "setns(-1)", p_setns, EPERM, false },
	{ "clone(CLONE_NEWUSER)", p_clone_newuser, EPERM, false },
	{ "clone(CLONE_NEWUTS)", p_clone_newuts, EPERM, false },
	{ "clone3(NULL, 0)", p_clone3, ENOSYS, false },
	{ "mount(NULL)", p_mount, EPERM, false },
	{ "open_tree_attr(-1) by number", p_open_tree_attr, EPERM, false },
	/* SANDBOX-SECCOMP: no reaching into other processes. */
	{ "ptrace(PTRACE_CONT, self)", p_ptrace, EPERM, false },
	{ "process_vm_readv(self, 0 iov)", p_process_vm_readv, EPERM, false },
	{ "pidfd_getfd(-1)", p_pidfd_getfd, EPERM, false },
	/* SANDBOX-SECCOMP: nothing that outlives a run or watches other boxes. */
	{ "keyctl(GET_KEYRING_ID)", p_keyctl, EPERM, false },
	{ "inotify_init1", p_inotify, EPERM, false },
	{ "fanotify_init(bad flags)", p_fanotify, EPERM, false },
	{ "syslog(SIZE_BUFFER)", p_syslog, EPERM, false },
	{ "ioctl(pipe, TIOCSTI)", p_tiocsti, EPERM, false },
	{ "ioctl(pipe, 1<<32 | TIOCSTI)", p_tiocsti_high, EPERM, false },
	/* SANDBOX-SECCOMP: less kernel attack surface, hands off the machine. */
	{ "userfaultfd", p_userfaultfd, EPERM, false },
	{ "io_uring_setup(1, NULL)", p_io_uring, EPERM, false },
	{ "bpf(-1)", p_bpf, EPERM, false },
	{ "perf_event_open(NULL)", p_perf, EPERM, false },
	{ "clock_settime(NULL)", p_clock_settime, EPERM, false },
	/* What every toolchain needs still works. */
	{ "getpid", p_getpid, 0, false },
	{ "fork", p_fork, 0, false },
	{ "pthread_create", p_thread, 0, false },
	{ "fork + execve /bin/true", p_exec, 0, false },
	{ "prlimit64(self)", p_prlimit, 0, false },
	{ "personality(0xffffffff)", p_personality_query, 0, false },
	/* SANDBOX-SECCOMP: an allowlist; unlisted means ENOSYS. */
	{ "io_setup(1)", p_io_setup, ENOSYS, false },
	{ "memfd_secret(0)", p_memfd_secret, ENOSYS, true },
	{ "statmount(NULL)", p_statmount, ENOSYS, true },
	{ "listmount(NULL)", p_listmount, ENOSYS, true },
	/* SANDBOX-SECCOMP: sockets are AF_UNIX, AF_INET, AF_INET6 only. */
	{ "socket(AF_VSOCK)", p_vsock, EAFNOSUPPORT, true },
	{ "socket(AF_NETLINK)", p_netlink, EAFNOSUPPORT, false },
	{ "socket(AF_PACKET)", p_packet, EAFNOSUPPORT, false },
	{ "socket(1<<32 | AF_UNIX)", p_unix_high, EAFNOSUPPORT, false },
	{ "socketpair(AF_INET)", p_socketpair_inet, EAFNOSUPPORT, false },
	{ "socket(AF_UNIX)", p_unix, 0, false },
	{ "socket(AF_INET)", p_inet, 0, false },
	{ "socket(AF_INET6)", p_inet6, 0, true },
	{ "socketpair(AF_UNIX)", p_socketpair_unix, 0, false },
	{ "ioctl(pipe, FIONREAD)", p_fionread, 0, false },
	/* SANDBOX-SECCOMP: no real-time scheduling, whatever RLIMIT_RTPRIO says. */
	{ "sched_setscheduler(SCHED_FIFO)", p_sched_fifo, EPERM, false },
	{ "sched_setattr(NULL)", p_sched_setattr, ENOSYS, false },
	{ "sched_setscheduler(SCHED_BATCH)", p_sched_batch, 0, false },
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
			fprintf(stderr, "%s %s: errno %d without the filter too\n",
				probes[i].may_lack ? "note: this kernel lacks" : "probe", probes[i].name, base[i]);
			if (geteuid() == 0 && !probes[i].may_lack)
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
	char path[4096], err[512];
	bool int80 = exited_ok(child_run(NULL, int80_body, res, 1)) && res[0] == 0;
	if (!int80)
		fprintf(stderr, "note: no i386 emulation in this kernel; int 0x80 not probed\n");
	/* A small profile, then the shipped allowlist: the i386 and x32 tables
	 * have their own numbers (and socketcall), never matched as native. */
	for (int k = 0; k < 2; k++) {
		if (k == 0)
			CHECK_EQ_INT(compile("default allow\nerrno EPERM getppid # anything\n", &f), 0);
		else if (sc_profile_resolve(PAIRBOX_PROFILE_DIR, "default", path, sizeof(path)) ||
			 sc_compile_file(path, &f, err, sizeof(err)))
			CHECK(!"default profile compiles");
		CHECK(killed_by_sigsys(child_run(&f, x32_body, res, 1)));
		if (int80)
			CHECK(killed_by_sigsys(child_run(&f, int80_body, res, 1)));
		sc_filter_release(&f);
	}
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
	test_unlisted();
	test_include();
#ifdef __x86_64__
	test_bad_arch();
#endif
	return check_done();
}
