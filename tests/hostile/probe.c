/* probe.c - hostile syscall probe: tries ONE operation the box must refuse
 * and exits with the errno it got (0 = the operation worked), in the manner
 * of bubblewrap's tests/try-syscall.c. Usage: probe NAME [ARG...].
 *
 * Built on the host, run only inside `pairbox box` (tests/hostile/run_case.py).
 * Every probe is harmless even where a broken sandbox lets it through:
 * reboot gets an invalid magic, init_module a NULL image, files opened for
 * writing are never written, the clock is set to the value just read. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/userfaultfd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif

/* Each probe returns 0 if the operation succeeded, else the errno. */
static int ret(long r) { return r < 0 ? errno : 0; }

static int need(int argc, int n)
{
	if (argc < n) {
		fprintf(stderr, "probe: missing argument\n");
		exit(200);
	}
	return 0;
}

/* open PATH r|w|c|d: read, write (never written), create, directory. */
static int p_open(int argc, char **argv)
{
	need(argc, 2);
	const char *m = argc > 2 ? argv[2] : "r";
	int flags = O_RDONLY;
	if (!strcmp(m, "w"))
		flags = O_WRONLY;
	else if (!strcmp(m, "c"))
		flags = O_WRONLY | O_CREAT | O_EXCL;
	else if (!strcmp(m, "d"))
		flags = O_RDONLY | O_DIRECTORY;
	int fd = open(argv[1], flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0644);
	if (fd < 0)
		return errno;
	if (flags == O_RDONLY) {
		char b[64];
		ssize_t n = read(fd, b, sizeof(b));
		printf("read %zd bytes of %s\n", n, argv[1]);
	}
	return 0;
}

static int p_mkdir(int argc, char **argv) { need(argc, 2); return ret(mkdir(argv[1], 0755)); }
static int p_setuid(int argc, char **argv) { return ret(syscall(SYS_setuid, 0)); }
static int p_setgid(int argc, char **argv) { return ret(syscall(SYS_setgid, 0)); }
static int p_setgroups(int argc, char **argv)
{
	gid_t g = 0;
	return ret(syscall(SYS_setgroups, 1, &g));
}

static int p_capset(int argc, char **argv)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	d[0].effective = d[0].permitted = 1u << CAP_SYS_ADMIN;
	return ret(syscall(SYS_capset, &h, d));
}

static int p_mount(int argc, char **argv) { return ret(mount("none", "/tmp", "tmpfs", 0, "size=1m")); }
static int p_remount_rw(int argc, char **argv) { return ret(mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL)); }
static int p_umount(int argc, char **argv) { return ret(umount2("/proc", MNT_DETACH)); }
static int p_unshare_user(int argc, char **argv) { return ret(unshare(CLONE_NEWUSER)); }
static int p_unshare_mnt(int argc, char **argv) { return ret(unshare(CLONE_NEWNS)); }
static int p_unshare_net(int argc, char **argv) { return ret(unshare(CLONE_NEWNET)); }
static int p_chroot(int argc, char **argv) { return ret(chroot("/tmp")); }
static int p_sethostname(int argc, char **argv) { return ret(sethostname("evil", 4)); }
static int p_ptrace_attach(int argc, char **argv) { return ret(ptrace(PTRACE_ATTACH, 1, NULL, NULL)); }

static void on_usr2(int s) { (void)s; }

/* PTRACE_TRACEME makes the box's init our tracer; then fork and signal
 * ourselves. Denied (EPERM) is the expected outcome; if allowed, a correct
 * init must still let the run end with exit code 42, not hang. */
static int p_ptrace_traceme(int argc, char **argv)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		return errno;
	printf("traceme: allowed\n");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	if (c > 0)
		waitpid(c, NULL, 0);
	signal(SIGUSR2, on_usr2);
	raise(SIGUSR2);
	exit(42);
}

static int p_io_uring(int argc, char **argv)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	return ret(syscall(SYS_io_uring_setup, 4, &p));
}

static int p_bpf(int argc, char **argv)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	return ret(syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a)));
}

static int p_perf(int argc, char **argv)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	return ret(syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
}

static int p_add_key(int argc, char **argv)
{
	return ret(syscall(SYS_add_key, "user", "pairbox-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING));
}

static int p_keyctl_join(int argc, char **argv)
{
	return ret(syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL));
}

static int p_mknod(int argc, char **argv)
{
	need(argc, 2);
	return ret(mknod(argv[1], S_IFCHR | 0666, makedev(1, 3)));
}

static int p_userfaultfd(int argc, char **argv)
{
	/* USER_MODE_ONLY is allowed to unprivileged users by the kernel, so
	 * only the seccomp profile stands in the way. */
	return ret(syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY));
}

/* Magic numbers 0: invalid, so the kernel refuses even with CAP_SYS_BOOT. */
static int p_reboot(int argc, char **argv) { return ret(syscall(SYS_reboot, 0, 0, 0, NULL)); }
static int p_init_module(int argc, char **argv) { return ret(syscall(SYS_init_module, NULL, 0, "")); }
static int p_ioperm(int argc, char **argv) { return ret(ioperm(0x80, 1, 1)); }

static int p_settime(int argc, char **argv)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ret(clock_settime(CLOCK_REALTIME, &ts));
}

static int p_socket_raw(int argc, char **argv) { return ret(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)); }
static int p_socket_packet(int argc, char **argv) { return ret(socket(AF_PACKET, SOCK_RAW, htons(0x0003))); }

static int inet_addr_of(const char *ip, const char *port, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1) {
		fprintf(stderr, "probe: bad address %s\n", ip);
		exit(200);
	}
	return 0;
}

/* tcp_connect IP PORT: only the driver's own listeners on this machine. */
static int p_tcp_connect(int argc, char **argv)
{
	need(argc, 3);
	struct sockaddr_in sa;
	inet_addr_of(argv[1], argv[2], &sa);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return errno;
	struct timeval tv = { 2, 0 };
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return ret(connect(s, (struct sockaddr *)&sa, sizeof(sa)));
}

static int p_udp_send(int argc, char **argv)
{
	need(argc, 3);
	struct sockaddr_in sa;
	inet_addr_of(argv[1], argv[2], &sa);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return errno;
	return ret(sendto(s, "x", 1, 0, (struct sockaddr *)&sa, sizeof(sa)));
}

/* unix_abstract NAME: abstract sockets are per network namespace. */
static int p_unix_abstract(int argc, char **argv)
{
	need(argc, 2);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	size_t n = strlen(argv[1]);
	if (n + 1 > sizeof(sa.sun_path))
		exit(200);
	memcpy(sa.sun_path + 1, argv[1], n);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return errno;
	return ret(connect(s, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)));
}

/* lo_selftest: listen and connect on the box's own 127.0.0.1 (lo is up). */
static int p_lo_selftest(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(sa);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&sa, &sl))
		return errno;
	int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&sa, sizeof(sa)))
		return errno;
	int a = accept(l, NULL, NULL);
	if (a < 0)
		return errno;
	char buf[8] = "";
	if (write(c, "ping", 4) != 4 || read(a, buf, sizeof(buf) - 1) != 4)
		return errno ? errno : EIO;
	printf("loopback ok: %s\n", buf);
	return 0;
}

/* shmget KEY: a SysV segment the driver made on the host; the box has its
 * own IPC namespace, so the key must not be found (SANDBOX-IPC). */
static int p_shmget(int argc, char **argv)
{
	need(argc, 2);
	return ret(shmget((key_t)strtol(argv[1], NULL, 10), 0, 0));
}

/* oom_lower: make the program the OOM killer's last choice (needs
 * CAP_SYS_RESOURCE). Writes only to the probe's own oom_score_adj. */
static int p_oom_lower(int argc, char **argv)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	return write(fd, "-1000", 5) == 5 ? 0 : errno;
}

/* rlimit_raise: lift the hard file-size limit (needs CAP_SYS_RESOURCE). */
static int p_rlimit_raise(int argc, char **argv)
{
	struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
	return ret(setrlimit(RLIMIT_FSIZE, &r));
}

/* A number argument: decimal, 0x-hex or negative. */
static long num_arg(const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "probe: bad number %s\n", s);
		exit(200);
	}
	return v;
}

/* io_setup: one native-AIO context (SANDBOX-SECCOMP: refused). */
static int p_io_setup(int argc, char **argv)
{
	aio_context_t ctx = 0;
	return ret(syscall(SYS_io_setup, 1, &ctx));
}

/* aio_exhaust: take every AIO event of the machine (fs.aio-max-nr is one
 * counter for all boxes), report how many, exit (which frees them). */
static int p_aio_exhaust(int argc, char **argv)
{
	long taken = 0;
	int e = 0;
	for (unsigned nr = 65536; nr >= 1;) {
		aio_context_t ctx = 0;
		if (syscall(SYS_io_setup, nr, &ctx) == 0) {
			taken += nr;
			continue;
		}
		e = errno;
		if (e != EAGAIN)
			break;
		nr /= 2;
	}
	printf("aio_events=%ld\n", taken);
	return e;
}

/* socket DOMAIN TYPE PROTO: create one socket, never connect it. A raw
 * syscall, so DOMAIN keeps bits above 32 (the kernel ignores them). */
static int p_socket(int argc, char **argv)
{
	need(argc, 4);
	long fd = syscall(SYS_socket, num_arg(argv[1]), num_arg(argv[2]) | SOCK_CLOEXEC, num_arg(argv[3]));
	if (fd < 0)
		return errno;
	close((int)fd);
	return 0;
}

/* syscall NR [ARG...]: one raw syscall; callers pick harmless arguments
 * (NULL pointers, fd -1). */
static int p_syscall(int argc, char **argv)
{
	need(argc, 2);
	long a[6] = { 0 };
	for (int i = 2; i < argc && i < 8; i++)
		a[i - 2] = num_arg(argv[i]);
	long r = syscall(num_arg(argv[1]), a[0], a[1], a[2], a[3], a[4], a[5]);
	if (r < 0)
		return errno;
	printf("syscall returned %ld\n", r);
	return 0;
}

struct probe {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct probe probes[] = {
	{ "open", p_open }, { "mkdir", p_mkdir },
	{ "setuid", p_setuid }, { "setgid", p_setgid }, { "setgroups", p_setgroups }, { "capset", p_capset },
	{ "mount", p_mount }, { "remount_rw", p_remount_rw }, { "umount", p_umount },
	{ "unshare_user", p_unshare_user }, { "unshare_mnt", p_unshare_mnt }, { "unshare_net", p_unshare_net },
	{ "chroot", p_chroot }, { "sethostname", p_sethostname },
	{ "ptrace_attach", p_ptrace_attach }, { "ptrace_traceme", p_ptrace_traceme },
	{ "io_uring", p_io_uring }, { "bpf", p_bpf }, { "perf", p_perf },
	{ "add_key", p_add_key }, { "keyctl_join", p_keyctl_join },
	{ "mknod", p_mknod }, { "userfaultfd", p_userfaultfd },
	{ "reboot", p_reboot }, { "init_module", p_init_module }, { "ioperm", p_ioperm },
	{ "settime", p_settime },
	{ "socket_raw", p_socket_raw }, { "socket_packet", p_socket_packet },
	{ "tcp_connect", p_tcp_connect }, { "udp_send", p_udp_send },
	{ "unix_abstract", p_unix_abstract }, { "lo_selftest", p_lo_selftest },
	{ "shmget", p_shmget }, { "oom_lower", p_oom_lower }, { "rlimit_raise", p_rlimit_raise },
	{ "io_setup", p_io_setup }, { "aio_exhaust", p_aio_exhaust }, { "socket", p_socket }, { "syscall", p_syscall },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: probe NAME [ARG...]\n");
		return 200;
	}
	for (const struct probe *p = probes; p->name; p++) {
		if (strcmp(p->name, argv[1]))
			continue;
		errno = 0;
		int e = p->fn(argc - 1, argv + 1);
		printf("%s: %s (%d)\n", p->name, e ? strerrorname_np(e) : "OK", e);
		fflush(stdout);
		return e > 255 ? 255 : e;
	}
	fprintf(stderr, "probe: unknown probe %s\n", argv[1]);
	return 200;
}
