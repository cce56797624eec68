/* ns.c - namespaces: the slot's long-lived ones and the per-run ones. */
#define _GNU_SOURCE
#include "keeper.h"
#include "mech.h"

#include <fcntl.h>
#include <pthread.h>

#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* A slot keeps one pid namespace (the keeper is its pid 1), one mount
 * namespace (its prepared root, /proc, /tmp), one network namespace (only
 * lo, up), one uts and one time namespace for its whole life: they are the expensive
 * ones to make and hold nothing a run can leave behind. The ipc and cgroup
 * namespaces are made by each run's program (STEP_NAMESPACES). */
int ns_unshare_slot(void)
{
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS))
		return -errno;
	/* SANDBOX-ISOLATION: a time namespace of the slot's own, with the
	 * host's clocks (no offsets are ever set). Otherwise every box's
	 * /proc/self/ns/time is one and the same inode, the host's, and a lock
	 * on it is seen by every other box. It holds for the keeper's children
	 * only: a run's program enters it at execve (or at its clone, on v2).
	 * A kernel without time namespaces (EINVAL; User-mode Linux has none)
	 * keeps the host's. */
	if (unshare(CLONE_NEWTIME) && errno != EINVAL)
		return -errno;
	return 0;
}

/* Making a network namespace and bringing its lo up takes as long as
 * building the root; a thread does it meanwhile. unshare() moves only the
 * calling thread, so the thread hands back an fd of its new namespace for
 * the keeper to join, and exits before the keeper ever forks. */
struct netns_job {
	pthread_t thread;
	bool started;
	int fd;                    /* the new namespace, or -errno */
	int step;                  /* STEP_K_UNSHARE or STEP_K_LOOPBACK on failure */
};

static void *netns_thread(void *arg)
{
	struct netns_job *j = arg;
	int r;
	j->step = STEP_K_UNSHARE;
	if (unshare(CLONE_NEWNET)) {
		j->fd = -errno;
		return NULL;
	}
	j->step = STEP_K_LOOPBACK;
	if ((r = net_loopback_up()) < 0) {
		j->fd = r;
		return NULL;
	}
	j->fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (j->fd < 0)
		j->fd = -errno;
	return NULL;
}

static struct netns_job netns_job;

int ns_net_start(void)
{
	if (netns_job.started)
		return 0;
	netns_job.fd = -EINVAL;
	int r = pthread_create(&netns_job.thread, NULL, netns_thread, &netns_job);
	netns_job.started = r == 0;
	return -r;
}

int ns_net_finish(int *failed_step)
{
	pthread_join(netns_job.thread, NULL);
	*failed_step = netns_job.step;
	if (netns_job.fd < 0)
		return netns_job.fd;
	int r = setns(netns_job.fd, CLONE_NEWNET) ? -errno : 0;
	close(netns_job.fd);
	return r;
}

/* SANDBOX-UTS: the box has its own hostname. */
int ns_set_hostname(const char *name)
{
	return sethostname(name, strlen(name)) ? -errno : 0;
}

int ns_enter_net(int netns_fd)
{
	return setns(netns_fd, CLONE_NEWNET) ? -errno : 0;
}

pid_t ns_clone_slot(void)
{
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_NEWPID;
	args.exit_signal = SIGCHLD;
	long r = syscall(SYS_clone3, &args, sizeof(args));
	return r < 0 ? -errno : (pid_t)r;
}

/* Per run, with a pidfd (the caller kills the run's main process through
 * it without pid-reuse races). */
pid_t ns_spawn_run(int (*fn)(void *), void *arg, void *stack_top, int cgroup_fd, int *pidfd)
{
	if (cgroup_fd < 0) {
		/* The keeper is suspended until the child execs or exits, so the
		 * two never run on the shared memory at once. */
		int r = clone(fn, stack_top, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, arg, pidfd);
		return r < 0 ? -errno : r;
	}
	/* cgroup v2: born inside the run's fresh cgroup; nothing is migrated. */
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD | CLONE_INTO_CGROUP;
	args.pidfd = (uint64_t)(uintptr_t)pidfd;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)cgroup_fd;
	long r = syscall(SYS_clone3, &args, sizeof(args));
	if (r == 0)
		_exit(fn(arg));
	return r < 0 ? -errno : (pid_t)r;
}
