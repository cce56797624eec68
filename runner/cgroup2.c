/* cgroup2.c - cgroup v2: a fresh box-N per run, entered with clone3(CLONE_INTO_CGROUP).
 *
 * No process is ever moved into a box's cgroup: the run's program is born
 * in it, so there is no migration cost and no window in which the program runs
 * unlimited. Making the directory anew for every run is what resets
 * memory.peak and the event counters, which v2 cannot reset in place. */
#include "box.h"
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int cg2_has(const char *dir, const char *file)
{
	char p[CG_PATH_MAX];
	return str_printf(p, sizeof(p), "%s/%s", dir, file) == 0 && access(p, F_OK) == 0;
}

static void cg2_close(struct cg_slot *s)
{
	if (s->v2_fd >= 0)
		close(s->v2_fd);
	s->v2_fd = -1;
}

int cg2_procs_only_self(const char *procs, pid_t self)
{
	char first[24];
	int pid;
	procs += strspn(procs, " \n");
	size_t n = strcspn(procs, " \n");
	if (n == 0 || n >= sizeof(first))
		return 0;
	memcpy(first, procs, n);
	first[n] = '\0';
	return parse_int(first, &pid) == 0 && pid == self && procs[n + strspn(procs + n, " \n")] == '\0';
}

/* Give dir's children memory and pids, and cpu where dir is offered it.
 * Nothing is written when they are on already: a restarted pairbox must not
 * trip over the no-internal-processes rule for a no-op. */
static int cg2_enable(const char *dir)
{
	char ctl[1024] = "", sub[1024] = "", need[32], all[40];
	cg_read(dir, "cgroup.controllers", ctl, sizeof(ctl));
	cg_read(dir, "cgroup.subtree_control", sub, sizeof(sub));
	int mem = !cg_list_has(sub, "memory"), pids = !cg_list_has(sub, "pids");
	int cpu = cg_list_has(ctl, "cpu") && !cg_list_has(sub, "cpu");
	str_printf(need, sizeof(need), "%s%s%s", mem ? "+memory" : "", mem && pids ? " " : "", pids ? "+pids" : "");
	if (!cpu)
		return need[0] ? cg_write(dir, "cgroup.subtree_control", need) : 0;
	/* cpu only shares the CPU fairly between boxes (cpu.stat is there
	 * without it), so a refusal of it (e.g. realtime tasks present) is
	 * not fatal; EBUSY is about the cgroup itself and is. */
	str_printf(all, sizeof(all), "%s%s+cpu", need, need[0] ? " " : "");
	int r = cg_write(dir, "cgroup.subtree_control", all);
	if (r && r != -EBUSY)
		r = need[0] ? cg_write(dir, "cgroup.subtree_control", need) : 0;
	return r;
}

/* v2 allows processes only in leaf cgroups ("no internal processes"), so
 * enabling controllers in our own cgroup fails with EBUSY while we are in
 * it. If we are its only member we step aside into pairbox-self. */
static int cg2_step_aside(struct cg_tree *t, char *err, size_t errlen)
{
	char procs[64], dir[CG_PATH_MAX], pid[24];
	int r;
	if (cg_read(t->v2_parent, "cgroup.procs", procs, sizeof(procs)) || !cg2_procs_only_self(procs, getpid())) {
		str_printf(err, errlen, "cannot enable memory and pids in %s: the cgroup has other processes; "
			   "run pairbox in a cgroup of its own (systemd: a service with Delegate=yes) "
			   "or set --cgroup-parent to an empty delegated cgroup", t->v2_parent);
		return -EBUSY;
	}
	if ((r = str_printf(dir, sizeof(dir), "%s/pairbox-self", t->v2_parent)) ||
	    (r = str_printf(pid, sizeof(pid), "%d", (int)getpid())) || (r = cg_mkdir(dir)) ||
	    (r = cg_write(dir, "cgroup.procs", pid)))
		str_printf(err, errlen, "cannot move pairbox into %s/pairbox-self: %s", t->v2_parent, strerror(-r));
	return r;
}

static int tree_init(struct cg_tree *t, char *err, size_t errlen)
{
	char dir[CG_PATH_MAX];
	int r = cg2_enable(t->v2_parent);
	if (r == -EBUSY) {
		if ((r = cg2_step_aside(t, err, errlen)))
			return r;
		r = cg2_enable(t->v2_parent);
	}
	if (r) {
		str_printf(err, errlen, "cannot enable memory and pids in %s/cgroup.subtree_control: %s",
			   t->v2_parent, strerror(-r));
		return r;
	}
	if ((r = str_printf(dir, sizeof(dir), "%s/pairbox", t->v2_parent)) || (r = cg_mkdir(dir)) ||
	    (r = cg2_enable(dir))) {
		str_printf(err, errlen, "cannot set up cgroup %s/pairbox: %s", t->v2_parent, strerror(-r));
		return r;
	}
	return str_printf(t->describe, sizeof(t->describe), "cgroup v2 at %s", dir);
}

static int slot_create(struct cg_slot *s, char *err, size_t errlen)
{
	/* Left by a pairbox that died mid-run: its tasks may still be running.
	 * The directory itself is made by each run_prepare. */
	int r = cg_remove(s->v2);
	if (r)
		str_printf(err, errlen, "cannot remove stale cgroup %s: %s", s->v2, strerror(-r));
	return r;
}

static int slot_join(struct cg_slot *s, int *fds, int max)
{
	return 0;           /* runs are born inside: CLONE_INTO_CGROUP */
}

static int run_prepare(struct cg_slot *s, const struct box_limits *l, struct cg_entry *e)
{
	char v[32];
	int r;
	e->clone_fd = -1;
	e->njoin = 0;
	cg2_close(s);
	if ((r = cg_remove(s->v2)) || (r = cg_mkdir(s->v2)))
		return r;
	if (l->memory_kb && l->memory_kb <= UINT64_MAX / 1024)
		str_printf(v, sizeof(v), "%llu", (unsigned long long)l->memory_kb * 1024);
	else
		str_copy(v, sizeof(v), "max");
	if ((r = cg_write(s->v2, "memory.max", v)))
		goto fail;
	/* Swapped-out pages are not in memory.max: forbid swap or the
	 * program could outgrow its limit unseen. */
	if (cg2_has(s->v2, "memory.swap.max") && (r = cg_write(s->v2, "memory.swap.max", "0")))
		goto fail;
	/* Only the run's own processes live here (the keeper stays outside). */
	if (l->processes)
		str_printf(v, sizeof(v), "%llu", (unsigned long long)l->processes);
	else
		str_copy(v, sizeof(v), "max");
	if ((r = cg_write(s->v2, "pids.max", v)))
		goto fail;
	/* An OOM kills the whole box rather than one process of it, so no
	 * half-killed program runs on towards a misleading verdict. */
	if (cg2_has(s->v2, "memory.oom.group") && (r = cg_write(s->v2, "memory.oom.group", "1")))
		goto fail;
	if ((s->v2_fd = open(s->v2, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		r = -errno;
		goto fail;
	}
	e->clone_fd = s->v2_fd;
	return 0;
fail:
	cg_rmdir(s->v2);
	return r;
}

static int run_cpu(struct cg_slot *s, uint64_t *usec)
{
	return cg_read_key(s->v2, "cpu.stat", "usage_usec", usec);
}

static uint32_t cg2_u32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int run_finish(struct cg_slot *s, struct cg_stats *st)
{
	uint64_t peak = 0, oom = 0, hits = 0, pmax = 0;
	memset(st, 0, sizeof(*st));
	int r = run_cpu(s, &st->cpu_usec);
	/* memory.peak needs Linux 5.19; memory.current after the run is
	 * only a lower bound, but better than nothing. */
	if (cg_read_u64(s->v2, "memory.peak", &peak) == 0 || cg_read_u64(s->v2, "memory.current", &peak) == 0)
		st->mem_peak_kb = (peak + 1023) / 1024;   /* rounded up: a charge of any bytes is never 0 KB */
	if (cg_read_key(s->v2, "memory.events", "oom_kill", &oom) == 0)
		st->oom_kills = cg2_u32(oom);
	if (cg_read_key(s->v2, "memory.events", "max", &hits) == 0)
		st->mem_limit_hits = cg2_u32(hits);
	if (cg_read_key(s->v2, "pids.events", "max", &pmax) == 0)
		st->pids_max_hits = cg2_u32(pmax);
	/* A failure to remove it is reported by the next run_prepare, which
	 * must remove it before it can make a fresh one. */
	cg_remove(s->v2);
	cg2_close(s);
	return r;
}

static void slot_destroy(struct cg_slot *s)
{
	cg_remove(s->v2);
	cg2_close(s);
}

const struct cg_ops cg2_ops = {
	.name = "v2",
	.tree_init = tree_init,
	.slot_create = slot_create,
	.slot_join = slot_join,
	.run_prepare = run_prepare,
	.run_cpu = run_cpu,
	.run_finish = run_finish,
	.slot_destroy = slot_destroy,
};
