/* test_seccomp_default.c - the shipped default profile seen from a filtered
 * child (one harmless probe per group, each also run unfiltered to show it
 * discriminates), and i386 and x32 calls killed. Every probe is harmless
 * whether or not the filter works (this runs as root, outside any box): a
 * no-op, or a call that fails on bad arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "seccomp_child.h"
#include "seccomp_profile.h"
#include "util.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
/* Newer than the profile and than some kernels' headers. */
#define NR_MEMFD_SECRET 447
#define NR_STATMOUNT 457
#define NR_LISTMOUNT 458

/* ---- probes of the default profile ---------------------------------------- */

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

int main(void)
{
	test_default_profile();
#ifdef __x86_64__
	test_bad_arch();
#endif
	return check_done();
}
