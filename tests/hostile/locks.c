/* locks.c - file locks as a channel between boxes (SANDBOX-ISOLATION).
 *
 *   locks hold PATH...   on each path take flock(LOCK_EX), an OFD read lock
 *                        on byte 0 and a POSIX read lock on byte 1; print
 *                        what was taken, name itself "locks-held" (the
 *                        driver waits for that name), then hold every lock
 *                        until SIGUSR1 (the driver's, once the peer is done)
 *   locks check PATH...  for each path print whether a lock of another
 *                        holder is seen (flock, OFD, POSIX); exit 1 if any
 *   locks self PATH...   within ONE box: a child holds, the parent checks;
 *                        exit 0 only if every lock of the child is seen
 *
 * A PATH of @eventfd, @epoll, @timerfd or @signalfd stands for a new
 * descriptor of that kind instead (no case uses them: all such descriptors
 * share the kernel's one anonymous inode, a channel no mount can close).
 *
 * Built on the host, run only inside `pairbox box` (tests/hostile/run_case.py).
 * Read locks and flock need only a read-only descriptor, so every path the
 * box can open is a candidate, directories included. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

enum { OFD_BYTE = 0, POSIX_BYTE = 1 };

static const char *err_name(int e)
{
	const char *n = e ? strerrorname_np(e) : "0";
	return n ? n : "?";
}

static int range_lock(int fd, int cmd, short type, off_t byte)
{
	struct flock l = { .l_type = type, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };
	return fcntl(fd, cmd, &l) ? errno : 0;
}

/* A path, or one of @eventfd @epoll @timerfd @signalfd: a new descriptor
 * of that kind, whose inode is the kernel's one shared anonymous inode. */
static int open_target(const char *path)
{
	if (!strcmp(path, "@eventfd"))
		return eventfd(0, EFD_CLOEXEC);
	if (!strcmp(path, "@epoll"))
		return epoll_create1(EPOLL_CLOEXEC);
	if (!strcmp(path, "@timerfd"))
		return timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (!strcmp(path, "@signalfd")) {
		sigset_t none;
		sigemptyset(&none);
		return signalfd(-1, &none, SFD_CLOEXEC);
	}
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* Take the three locks on path; the descriptor stays open (closing it
 * would drop the POSIX lock). Returns how many were taken. */
static int hold_one(const char *path)
{
	int fd = open_target(path);
	if (fd < 0) {
		printf("%s open=%s\n", path, err_name(errno));
		return 0;
	}
	int fl = flock(fd, LOCK_EX | LOCK_NB) ? errno : 0;
	int ofd = range_lock(fd, F_OFD_SETLK, F_RDLCK, OFD_BYTE);
	int px = range_lock(fd, F_SETLK, F_RDLCK, POSIX_BYTE);
	/* A lease needs the file's owner (or CAP_LEASE): the box owns nothing
	 * it shares with another box. Reported, not relied on. */
	int lease = fcntl(fd, F_SETLEASE, F_RDLCK) ? errno : 0;
	printf("%s flock=%s ofd=%s posix=%s lease=%s\n", path, err_name(fl), err_name(ofd),
	       err_name(px), err_name(lease));
	return !fl + !ofd + !px;
}

/* What a conflicting lock on path meets: "seen" when someone else holds
 * one, "free" when not. Returns how many were seen, -1 when path does not
 * open here (a kernel without time namespaces has no /proc/self/ns/time). */
static int check_one(const char *path)
{
	int fd = open_target(path);
	if (fd < 0) {
		printf("%s open=%s\n", path, err_name(errno));
		return -1;
	}
	const char *res[3];
	int seen = 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		res[0] = "free";
		flock(fd, LOCK_UN);
	} else {
		res[0] = errno == EWOULDBLOCK ? "seen" : err_name(errno);
		seen += errno == EWOULDBLOCK;
	}
	static const int cmds[2] = { F_OFD_GETLK, F_GETLK };
	static const off_t bytes[2] = { OFD_BYTE, POSIX_BYTE };
	for (int i = 0; i < 2; i++) {
		struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = bytes[i], .l_len = 1 };
		if (fcntl(fd, cmds[i], &l))
			res[1 + i] = err_name(errno);
		else if (l.l_type == F_UNLCK)
			res[1 + i] = "free";
		else {
			res[1 + i] = "seen";
			seen++;
		}
	}
	printf("%s flock=%s ofd=%s posix=%s\n", path, res[0], res[1], res[2]);
	close(fd);
	return seen;
}

static volatile sig_atomic_t released;
static void on_usr1(int sig) { (void)sig; released = 1; }

static int do_hold(int n, char **paths)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	sigaction(SIGUSR1, &sa, NULL);
	int taken = 0;
	for (int i = 0; i < n; i++)
		taken += hold_one(paths[i]);
	printf("held %d\n", taken);
	fflush(stdout);
	prctl(PR_SET_NAME, "locks-held");
	while (!released)
		sigsuspend(&old);
	printf("released\n");
	return taken ? 0 : 1;
}

static int do_check(int n, char **paths)
{
	int seen = 0;
	for (int i = 0; i < n; i++) {
		int s = check_one(paths[i]);
		seen += s > 0 ? s : 0;
	}
	printf("seen %d\n", seen);
	return seen ? 1 : 0;
}

static int do_self(int n, char **paths)
{
	int ready[2], go[2];
	if (pipe2(ready, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		return 2;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		int taken = 0;
		for (int i = 0; i < n; i++)
			taken += hold_one(paths[i]);
		printf("held %d\n", taken);
		fflush(stdout);
		char c = 'r';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	char c;
	if (read(ready[0], &c, 1) != 1)
		return 2;
	int seen = 0, missed = 0;
	for (int i = 0; i < n; i++) {
		int s = check_one(paths[i]);
		if (s < 0)
			continue;          /* not here at all: nothing to hold or miss */
		seen += s;
		missed += 3 - s;
	}
	close(go[1]);
	int st;
	waitpid(pid, &st, 0);
	printf("seen %d missed %d\n", seen, missed);
	return missed ? 1 : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: locks hold|check|self PATH...\n");
		return 200;
	}
	if (!strcmp(argv[1], "hold"))
		return do_hold(argc - 2, argv + 2);
	if (!strcmp(argv[1], "check"))
		return do_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "self"))
		return do_self(argc - 2, argv + 2);
	fprintf(stderr, "locks: unknown mode %s\n", argv[1]);
	return 200;
}
