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
