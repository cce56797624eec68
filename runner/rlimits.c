/* rlimits.c - per-process limits for the program (the cgroup holds the
 * box-wide ones: CPU, memory, processes). */
#include "mech.h"

#include <errno.h>
#include <sys/resource.h>

static int set1(int res, rlim_t v)
{
	struct rlimit rl = { v, v };
	return setrlimit(res, &rl) ? -errno : 0;
}

int rl_apply(const struct rl_spec *s)
{
	int r;
	/* SIGXFSZ past fsize: also caps what the program writes to /box. */
	if ((r = set1(RLIMIT_FSIZE, s->fsize_kb ? s->fsize_kb * 1024 : RLIM_INFINITY)))
		return r;
	if ((r = set1(RLIMIT_STACK, s->stack_kb ? s->stack_kb * 1024 : RLIM_INFINITY)))
		return r;
	if ((r = set1(RLIMIT_CORE, 0)))
		return r;
	if (s->nofile && (r = set1(RLIMIT_NOFILE, s->nofile)))
		return r;
	/* A per-process backstop only: the box's CPU limit is the cgroup's sum. */
	if (s->cpu_s && (r = set1(RLIMIT_CPU, s->cpu_s)))
		return r;
	/* The uid is unique to the box, so NPROC counts only the box's tasks:
	 * a second line behind the pids cgroup. */
	if (s->nproc && (r = set1(RLIMIT_NPROC, s->nproc)))
		return r;
	/* SANDBOX-TIME: no real-time priority and no raised nice value, whatever
	 * the host's limits: a real-time task escapes the box's fair share of
	 * the CPU (the seccomp profile refuses those policies too). */
	if ((r = set1(RLIMIT_RTPRIO, 0)) || (r = set1(RLIMIT_RTTIME, 0)) || (r = set1(RLIMIT_NICE, 0)))
		return r;
	return set1(RLIMIT_MEMLOCK, 0);
}
