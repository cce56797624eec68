/* ns.c - namespaces: the slot's long-lived ones and the per-run ones. */
#define _GNU_SOURCE
#include "mech.h"

#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* A slot keeps one pid namespace (the keeper is its pid 1), one mount
 * namespace (its prepared root, /proc, /tmp), one network namespace (only
 * lo, up) and one uts namespace for its whole life: they are the expensive
 * ones to make and hold nothing a run can leave behind. The ipc and cgroup
 * namespaces are made by each run's program (STEP_NAMESPACES). */
int ns_unshare_slot(void)
{
	return unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS) ? -errno : 0;
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

/* Per run: a plain fork with a pidfd (the caller kills the run's main
 * process through it without pid-reuse races). On cgroup v2 the child starts
 * inside the run's fresh cgroup (CLONE_INTO_CGROUP): nothing is migrated. */
pid_t ns_clone_run(int cgroup_fd, int *pidfd)
{
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)pidfd;
	args.exit_signal = SIGCHLD;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	long r = syscall(SYS_clone3, &args, sizeof(args));
	if (r < 0)
		return -errno;
	return (pid_t)r;
}
