/* keeper.c - the per-slot helper process and the program's set-up checklist.
 *
 * A keeper is single-threaded and owns one box slot for its whole life. It
 * makes itself pid 1 of a new pid namespace and, once, builds everything
 * expensive and reusable: it makes mount, network, uts namespaces, the
 * read-only root, /box, loopback up, pivots into the root and mounts the
 * slot's /proc and /tmp. Then, per request:
 *
 *   keeper (pid 1) ── clone3(PIDFD [| INTO_CGROUP]) ──▶ program
 *     program: the fixed checklist below (new ipc and cgroup namespaces,
 *              rlimits, credentials, seccomp last), execve
 *   when the program's main process ends (by itself or killed by the
 *   caller): kill(-1) kills every other process of the namespace, they are
 *   reaped, /tmp is emptied, and the keeper reports.
 *
 * Set-up failures travel program -> keeper -> caller as (step, errno): the
 * caller reports status 13 naming the step, never a verdict.
 */
#define _GNU_SOURCE
#include "keeper.h"
#include "mech.h"
#include "seccomp_profile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* ---- the keeper's state: one slot, one request at a time ---- */

struct run_ctx {
	struct kp_run req;
	const struct sock_filter *bpf;
	char *argv[1024];
	char *envp[288];
	int fd_in, fd_out, fd_err, fd_cgroup;
	int fd_join[3], njoin;          /* v1: the run's "tasks" files */
	struct rl_spec rl;
};

static struct kp_init slot;
static int host_net_fd = -1;
static union { struct kp_run hdr; char bytes[KP_MAX_MSG]; } reqbuf;

/* SANDBOX-ENV: the program sees this clean environment plus what the
 * request adds, never the host's. */
static const char *const base_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "TMPDIR=/tmp",
	"LANG=C.UTF-8", "USER=box", "LOGNAME=box",
};

/* On the error pipe: (step, errno), two int32s. */
__attribute__((noreturn)) static void fail_to(int fd, int step, int err)
{
	int32_t e[2] = { step, err };
	if (write(fd, e, sizeof(e)) < 0) {
		/* nothing more to tell anyone */
	}
	_exit(127);
}

/* Fault injection (tests) and the failure path share one shape. */
#define STEP(fd, ctx_fault, id, call) do { \
	if ((ctx_fault) == (uint32_t)(id)) fail_to(fd, id, EIO); \
	int step_r_ = (call); \
	if (step_r_ < 0) fail_to(fd, id, -step_r_); \
} while (0)

static int neg_errno(int r) { return r < 0 ? -errno : 0; }

static int setup_stdio(const struct run_ctx *c)
{
	/* fds 0-2 may collide with the received ones; dup above 2 first. */
	int in = fcntl(c->fd_in, F_DUPFD_CLOEXEC, 3);
	int out = fcntl(c->fd_out, F_DUPFD_CLOEXEC, 3);
	int err = fcntl(c->fd_err, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0 || err < 0)
		return -errno;
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		return -errno;
	return 0;
}

/* The signals whose disposition in the keeper is not the default: what it
 * ignores (SIGPIPE, and whatever its caller ignored) and any handler.
 * Found once per slot, so the program resets these and not all 64. */
static sigset_t not_default;

static void note_dispositions(void)
{
	sigemptyset(&not_default);
	for (int s = 1; s < NSIG; s++) {
		struct sigaction sa;
		if (sigaction(s, NULL, &sa) || sa.sa_handler != SIG_DFL)
			sigaddset(&not_default, s);
	}
}

static int reset_signals(void)
{
	/* SANDBOX-SIGNALS: ignored signals survive execve (handlers would run
	 * keeper code until then), so give the program the default disposition
	 * of every signal and an empty mask. */
	for (int s = 1; s < NSIG; s++)
		if (sigismember(&not_default, s) == 1)
			signal(s, SIG_DFL);
	sigset_t all;
	sigemptyset(&all);
	if (sigprocmask(SIG_SETMASK, &all, NULL))
		return -errno;
	return setsid() < 0 ? -errno : 0;
}

static int write_oom_adj(const char *value)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = write_all(fd, value, strlen(value));
	close(fd);
	return r;
}

/* On the whole host the OOM killer picks the program first (raising needs
 * no privilege). In the run's own memory cgroup it has no other choice:
 * the keeper is never in it (cgroup.h). */
static int oom_score_max(void)
{
	return write_oom_adj("1000");
}

static const char *env_get(char *const *envp, const char *name)
{
	size_t n = strlen(name);
	for (; *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* PATH lookup as the box user, using the box's environment (execvpe would
 * use the keeper's). Returns the path to exec in buf. */
static const char *resolve(const char *prog, char *const *envp, char *buf, size_t len)
{
	if (strchr(prog, '/'))
		return prog;
	const char *path = env_get(envp, "PATH");
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t dl = colon ? (size_t)(colon - path) : strlen(path);
		if (dl && dl + 1 + strlen(prog) < len) {
			memcpy(buf, path, dl);
			buf[dl] = '/';
			memcpy(buf + dl + 1, prog, strlen(prog) + 1);
			if (access(buf, X_OK) == 0)
				return buf;
		}
		path += dl + (colon ? 1 : 0);
	}
	return prog;   /* execve reports ENOENT */
}

/* Move the calling (single-threaded) process into cgroups by their "tasks"
 * files: "0" names the writing thread itself, which the kernel moves
 * without the global rwsem a move of another process takes (see cgroup1.c).
 * Each program joins the run's cgroups this way (the keeper joins what the
 * caller sends with INIT: nothing today, it stays in its caller's). */
static int join_cgroups(const int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (write(fds[i], "0", 1) != 1)
			return -errno;
	return 0;
}

/* The program's checklist. Order matters and each line says why. */
__attribute__((noreturn)) static void program_main(const struct run_ctx *c, int errfd)
{
	uint32_t f = c->req.fault;
	char pathbuf[PATH_MAX];
	int failed;

	STEP(errfd, f, STEP_STDIO, setup_stdio(c));              /* 0-2 from the caller */
	/* SANDBOX-MEM: on v1, into the run's own limited cgroups before
	 * anything of the program runs (v2: born there by clone3). */
	STEP(errfd, f, STEP_CGROUP_JOIN, join_cgroups(c->fd_join, c->njoin));
	STEP(errfd, f, STEP_SETSID, reset_signals());            /* default signals, own session: no tty */
	STEP(errfd, f, STEP_OOM_SCORE, oom_score_max());         /* OOM picks the program, not the keeper */
	/* SANDBOX-IPC: SysV objects and POSIX queues of one run are gone for
	 * the next; SANDBOX-CGROUP: /proc/self/cgroup shows only "/". */
	STEP(errfd, f, STEP_NAMESPACES, neg_errno(unshare(CLONE_NEWIPC | CLONE_NEWCGROUP)));
	if (c->req.flags & KP_F_NETWORK)
		STEP(errfd, f, STEP_NETWORK, ns_enter_net(host_net_fd));
	else if (f == STEP_NETWORK)
		fail_to(errfd, STEP_NETWORK, EIO);
	STEP(errfd, f, STEP_RLIMITS, rl_apply(&c->rl));          /* while still root: may lower anything */
	STEP(errfd, f, STEP_CHDIR, neg_errno(chdir("/box")));
	STEP(errfd, f, STEP_CAP_BOUND, cred_drop_bounding());    /* needs CAP_SETPCAP: before the uid switch */
	STEP(errfd, f, STEP_SECUREBITS, cred_lock_securebits()); /* ditto */
	if (f >= STEP_SETGROUPS && f <= STEP_SETUID)
		fail_to(errfd, (int)f, EIO);
	int r = cred_switch_user(slot.uid, slot.gid, &failed);   /* SANDBOX-UID: unique per box */
	if (r < 0)
		fail_to(errfd, failed, -r);
	STEP(errfd, f, STEP_CAP_CLEAR, cred_clear_caps());
	STEP(errfd, f, STEP_NO_NEW_PRIVS, cred_no_new_privs());  /* setuid binaries gain nothing */
	/* SANDBOX-FD: only 0-2 survive execve; the error pipe closes on success. */
	STEP(errfd, f, STEP_CLOSE_FDS, neg_errno(close_range(3, ~0U, CLOSE_RANGE_CLOEXEC)));
	const char *path = resolve(c->argv[0], c->envp, pathbuf, sizeof(pathbuf));
	/* SANDBOX-SECCOMP: the filter is the last step; execve is allowed. */
	STEP(errfd, f, STEP_SECCOMP, sc_apply(c->bpf, (unsigned short)c->req.bpf_len));
	if (f == STEP_EXEC)
		fail_to(errfd, STEP_EXEC, EIO);
	execve(path, c->argv, c->envp);
	fail_to(errfd, STEP_EXEC, errno);
}

static int parse_run(struct run_ctx *c, size_t len, const int *fds, int nfds)
{
	struct kp_run *h = &reqbuf.hdr;
	if (len < sizeof(*h) || h->type != KP_RUN)
		return -EPROTO;
	size_t bpf_bytes = (size_t)h->bpf_len * sizeof(struct sock_filter);
	if (h->bpf_len == 0 || h->bpf_len > 4096 || sizeof(*h) + bpf_bytes + h->strings_len != len)
		return -EPROTO;
	if (h->argc == 0 || h->argc >= 1024 || h->envc >= 256)
		return -EPROTO;
	int want = 3 + ((h->flags & KP_F_CGROUP_FD) ? 1 : 0) + (int)h->njoin;
	if (h->njoin > 3 || nfds != want)
		return -EPROTO;
	c->req = *h;
	c->bpf = (const struct sock_filter *)(reqbuf.bytes + sizeof(*h));
	char *s = reqbuf.bytes + sizeof(*h) + bpf_bytes, *end = s + h->strings_len;
	if (h->strings_len == 0 || end[-1] != '\0')
		return -EPROTO;
	uint32_t i = 0, e = 0;
	for (; i < h->argc; i++) {
		if (s >= end)
			return -EPROTO;
		c->argv[i] = s;
		s += strlen(s) + 1;
	}
	c->argv[i] = NULL;
	for (uint32_t k = 0; k < h->envc; k++) {
		if (s >= end)
			return -EPROTO;
		c->envp[e++] = s;
		s += strlen(s) + 1;
	}
	/* The clean environment, unless the request overrides a name. */
	for (size_t k = 0; k < sizeof(base_env) / sizeof(base_env[0]); k++) {
		size_t nl = (size_t)(strchr(base_env[k], '=') - base_env[k]);
		int dup = 0;
		for (uint32_t j = 0; j < h->envc; j++)
			if (strncmp(c->envp[j], base_env[k], nl + 1) == 0)
				dup = 1;
		if (!dup)
			c->envp[e++] = (char *)base_env[k];
	}
	c->envp[e] = NULL;
	c->fd_in = fds[0];
	c->fd_out = fds[1];
	c->fd_err = fds[2];
	c->fd_cgroup = (h->flags & KP_F_CGROUP_FD) ? fds[3] : -1;
	c->njoin = (int)h->njoin;
	for (int k = 0; k < c->njoin; k++)
		c->fd_join[k] = fds[want - c->njoin + k];
	c->rl = (struct rl_spec){ h->fsize_kb, h->stack_kb, h->cpu_backstop_s, h->nproc, h->nofile };
	return 0;
}

static void send_status(int sock, int type, int step, int err, int pid, int has, int st, int fd)
{
	struct kp_status s = { (uint32_t)type, step, err, pid, has, st };
	kp_send(sock, &s, sizeof(s), fd >= 0 ? &fd : NULL, fd >= 0 ? 1 : 0);
}

static int tmp_fd = -1;           /* the slot's /tmp, emptied after each run */
static uint64_t tmp_size_kb;       /* its current size */
static int sigchld_fd = -1;        /* signalfd: children to reap */

/* Per run, /tmp takes the run's size (a remount: cheap, keeps the mount). */
static int prepare_tmp(uint64_t kb)
{
	char opts[64];
	if (!kb)
		kb = 1;                    /* size=0 would mean unlimited */
	if (kb == tmp_size_kb)
		return 0;
	if (str_printf(opts, sizeof(opts), "size=%lluk", (unsigned long long)kb))
		return -ENAMETOOLONG;
	if (mount(NULL, "/tmp", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, opts))
		return -errno;
	tmp_size_kb = kb;
	return 0;
}

/* Reap whatever has exited; note the main process's status. */
static void reap(pid_t main_pid, int *status, bool *main_done)
{
	struct signalfd_siginfo si;
	while (read(sigchld_fd, &si, sizeof(si)) > 0)
		;
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, WNOHANG);
		if (w <= 0)
			break;
		if (w == main_pid) {
			*status = st;
			*main_done = true;
		}
	}
}

/* SANDBOX-PROCS: when the main process ends, nothing of the run survives.
 * kill(-1) from pid 1 reaches every other process of the namespace, and a
 * fork racing with it fails (the kernel refuses to fork with a fatal signal
 * pending), so one sweep and a reap to ECHILD leave the namespace empty. */
static void sweep(void)
{
	kill(-1, SIGKILL);
	for (;;) {
		pid_t w = waitpid(-1, NULL, 0);
		if (w < 0 && errno != EINTR)
			break;
	}
}

/* The run's files in /tmp go with it; if emptying fails, a fresh tmpfs. */
static int reset_tmp(void)
{
	if (fs_empty_dir(tmp_fd) == 0)
		return 0;
	close(tmp_fd);
	tmp_fd = -1;
	umount2("/tmp", MNT_DETACH);
	tmp_size_kb = 0;
	int r = mnt_mount_tmp(64 * 1024);
	if (r)
		return r;
	tmp_size_kb = 64 * 1024;
	tmp_fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return tmp_fd < 0 ? -errno : 0;
}

/* The program's own stack while it shares the keeper's memory (vfork
 * style, see ns_spawn_run). */
static char program_stack[256 * 1024] __attribute__((aligned(64)));

/* Under AddressSanitizer the child's frames on program_stack never return
 * (it execs), so their shadow stays poisoned for the next child; clear it,
 * as ASan's own vfork support does. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define UNPOISON_PROGRAM_STACK() ASAN_UNPOISON_MEMORY_REGION(program_stack, sizeof(program_stack))
#else
#define UNPOISON_PROGRAM_STACK() ((void)0)
#endif

struct program_arg {
	const struct run_ctx *c;
	int errfd, close1, close2;
};

static int program_entry(void *p)
{
	const struct program_arg *a = p;
	/* Own descriptor table (no CLONE_FILES): closing here is ours only. */
	close(a->close1);
	close(a->close2);
	program_main(a->c, a->errfd);
}

static void serve_run(int sock, size_t len, int *fds, int nfds)
{
	static struct run_ctx c;
	int errpipe[2] = { -1, -1 }, pidfd = -1, r;
	r = parse_run(&c, len, fds, nfds);
	if (r < 0) {
		send_status(sock, KP_DONE, STEP_KEEPER, -r, 0, 0, 0, -1);
		goto out;
	}
	r = c.req.fault == STEP_TMP ? -EIO : prepare_tmp(c.req.tmp_kb);
	if (r < 0) {
		send_status(sock, KP_DONE, STEP_TMP, -r, 0, 0, 0, -1);
		goto out;
	}
	if (c.req.fault == STEP_CLONE || pipe2(errpipe, O_CLOEXEC)) {
		send_status(sock, KP_DONE, STEP_CLONE, c.req.fault == STEP_CLONE ? EIO : errno, 0, 0, 0, -1);
		goto out;
	}
	struct program_arg arg = { &c, errpipe[1], errpipe[0], sock };
	pid_t pid = ns_spawn_run(program_entry, &arg, program_stack + sizeof(program_stack), c.fd_cgroup, &pidfd);
	UNPOISON_PROGRAM_STACK();
	if (pid < 0) {
		send_status(sock, KP_DONE, STEP_CLONE, -pid, 0, 0, 0, -1);
		goto out;
	}
	close(errpipe[1]);
	errpipe[1] = -1;
	/* The caller must see EOF on the output pipes once the run is gone, so
	 * the keeper keeps no copy of them. */
	for (int i = 0; i < nfds; i++) {
		close(fds[i]);
		fds[i] = -1;
	}
	send_status(sock, KP_STARTED, STEP_NONE, 0, pid, 0, 0, pidfd);

	/* Wait for the main process, reaping orphans as they come (they are
	 * ours: we are pid 1). EOF on the socket means the caller died. */
	int status = 0;
	bool main_done = false;
	struct pollfd p[2] = { { sigchld_fd, POLLIN, 0 }, { sock, POLLIN, 0 } };
	while (!main_done) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			reap(pid, &status, &main_done);
		if (!main_done && (p[1].revents & (POLLHUP | POLLERR | POLLIN))) {
			char b;
			if (recv(sock, &b, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) {
				sweep();
				_exit(0);
			}
		}
	}
	sweep();
	int32_t e[2] = { STEP_NONE, 0 };
	if (read(errpipe[0], e, sizeof(e)) != (ssize_t)sizeof(e))
		e[0] = STEP_NONE, e[1] = 0;     /* EOF: execve succeeded */
	int tr = reset_tmp();
	struct kp_status d = { KP_DONE, e[0], e[1], pid, 1, status };
	if (tr && e[0] == STEP_NONE)
		d = (struct kp_status){ KP_DONE, STEP_TMP, -tr, pid, 1, status };
	kp_send(sock, &d, sizeof(d), NULL, 0);
out:
	for (int i = 0; i < nfds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (errpipe[0] >= 0)
		close(errpipe[0]);
	if (errpipe[1] >= 0)
		close(errpipe[1]);
	if (pidfd >= 0)
		close(pidfd);
}

/* A run's memory limit cannot reach the keeper, which is outside the run's
 * cgroup; against a machine-wide OOM it is exempt where we may lower the
 * score (that needs CAP_SYS_RESOURCE, which some containers withhold). */
static int keeper_oom_adj(void)
{
	int r = write_oom_adj("-1000");
	return (r == -EACCES || r == -EPERM) ? 0 : r;
}

/* Once per slot: cgroups, namespaces, root, /box, loopback, pivot. */
static int setup_slot(int *step, int *boxfd, const int *cgfds, int ncg)
{
	char root[PATH_MAX];
	int r;
	uint32_t f = slot.fault;
#define K_STEP(id, call) do { *step = (id); if (f == (uint32_t)(id)) return -EIO; if ((r = (call)) < 0) return r; } while (0)
	K_STEP(STEP_K_CGROUP, join_cgroups(cgfds, ncg));
	K_STEP(STEP_K_OOM_ADJ, keeper_oom_adj());
	/* Kept for runs with the network on; opened before we leave it. */
	K_STEP(STEP_K_NETNS_FD, (host_net_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0 ? -errno : 0);
	if (f == STEP_K_LOOPBACK) {               /* done by the thread: inject here */
		*step = STEP_K_LOOPBACK;
		return -EIO;
	}
	K_STEP(STEP_K_UNSHARE, ns_net_start());
	K_STEP(STEP_K_UNSHARE, ns_unshare_slot());
	K_STEP(STEP_K_PRIVATE, mnt_make_private());
	K_STEP(STEP_K_ROOT, str_printf(root, sizeof(root), "%s/root", slot.state_dir));
	K_STEP(STEP_K_ROOT, mnt_build_root(root, slot.uid, slot.gid, slot.binds));
	K_STEP(STEP_K_BOX, mnt_mount_box(root, slot.uid, slot.gid, slot.box_kb));
	K_STEP(STEP_K_ROOT, mnt_seal_root(root));
	K_STEP(STEP_K_HOSTNAME, ns_set_hostname("pairbox"));
	K_STEP(STEP_K_PIVOT, mnt_pivot(root));
	/* SANDBOX-PID: this /proc is the slot's pid namespace: the run's own
	 * processes and, hidden by hidepid, the keeper. */
	K_STEP(STEP_K_PROC, mnt_mount_proc());
	K_STEP(STEP_K_TMP, mnt_mount_tmp(64 * 1024));
	tmp_size_kb = 64 * 1024;
	K_STEP(STEP_K_TMP, (tmp_fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ? -errno : 0);
	K_STEP(STEP_K_BOX, (*boxfd = open("/box", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ? -errno : 0);
	K_STEP(STEP_K_ROOT, cred_prepare());
	/* The network namespace last: the pivot's unmount of the old root
	 * waits for an RCU grace period, which overlaps the thread's work.
	 * Nothing above depends on the network namespace. The dispositions
	 * are final now (the thread is running): note them while it works. */
	note_dispositions();
	int net_step;
	r = ns_net_finish(&net_step);
	if (r < 0) {
		*step = net_step;
		return r;
	}
#undef K_STEP
	*step = STEP_NONE;
	return 0;
}

/* The process the caller started stays outside and only waits: its child
 * is pid 1 of a new pid namespace, so the whole slot dies with it. */
static int enter_pid_ns(int sock, const int *fds, int nfds)
{
	if (slot.fault == STEP_K_PIDNS)
		return -EIO;
	if (getpid() == 1)             /* forked straight into one (ns_clone_slot) */
		return prctl(PR_SET_PDEATHSIG, SIGKILL) ? -errno : 0;
	if (unshare(CLONE_NEWPID))
		return -errno;
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		return prctl(PR_SET_PDEATHSIG, SIGKILL) ? -errno : 0;
	close(sock);
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	prctl(PR_SET_NAME, "pairbox-slot");
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			_exit(1);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
}

void keeper_main(int sock)
{
	int fds[KP_MAX_FDS], nfds = 0, boxfd = -1, step = STEP_NONE;
	/* Hold nothing of the caller's: stdio goes to /dev/null and every
	 * descriptor but the socket (fd 3, by the spawner's dup2) is closed. */
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (sock != 3 || nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 || dup2(nul, 2) < 0)
		_exit(2);
	close_range(4, ~0U, 0);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_NAME, "pairbox-keeper");
	/* Children are reaped through a signalfd; the program's checklist
	 * unblocks SIGCHLD again before execve. Blocked before any thread
	 * exists, so no thread can take a SIGCHLD meant for the signalfd. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	/* Born pid 1 of the slot's pid namespace (fork mode, see ns_clone_slot):
	 * the network namespace, the slowest step of the set-up, is started
	 * now, while the caller is still writing INIT; setup_slot() finds it
	 * under way (or starts it there, reporting a failure). */
	if (getpid() == 1)
		ns_net_start();

	ssize_t n = kp_recv(sock, &slot, sizeof(slot), fds, &nfds, KP_MAX_FDS);
	if (n != (ssize_t)sizeof(slot) || slot.type != KP_INIT || slot.magic != KP_MAGIC)
		_exit(2);
	slot.state_dir[sizeof(slot.state_dir) - 1] = '\0';
	slot.binds[sizeof(slot.binds) - 1] = slot.binds[sizeof(slot.binds) - 2] = '\0';
	int r = enter_pid_ns(sock, fds, nfds);
	if (r < 0) {
		send_status(sock, KP_FAIL, STEP_K_PIDNS, -r, 0, 0, 0, -1);
		_exit(1);
	}
	sigchld_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	r = sigchld_fd < 0 ? -errno : setup_slot(&step, &boxfd, fds, nfds);
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	if (r < 0) {
		send_status(sock, KP_FAIL, step, -r, 0, 0, 0, -1);
		_exit(1);
	}
	send_status(sock, KP_READY, STEP_NONE, 0, getpid(), 0, 0, boxfd);
	close(boxfd);

	for (;;) {
		nfds = 0;
		n = kp_recv(sock, reqbuf.bytes, sizeof(reqbuf), fds, &nfds, KP_MAX_FDS);
		if (n == 0 || (n < 0 && n != -EMSGSIZE))
			_exit(0);
		if (n < 0) {
			send_status(sock, KP_DONE, STEP_KEEPER, EMSGSIZE, 0, 0, 0, -1);
			continue;
		}
		serve_run(sock, (size_t)n, fds, nfds);
	}
}
