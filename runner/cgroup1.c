/* cgroup1.c - cgroup v1: memory, cpuacct and pids hierarchies.
 *
 * On v1 a process can only enter a cgroup by being moved, and moving
 * another process takes a global rwsem whose first write after idle waits
 * for an RCU grace period (~7.5 ms measured here). So the slot's keeper
 * moves itself, once (writing "0" to "tasks", which skips that rwsem), and
 * every run is forked inside it: runs never migrate. Counters are reset
 * (or baselined) per run instead. */
#include "box.h"
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Processes of the slot beside the program: the keeper (pid 1 of the slot). */
#define CG1_OVERHEAD_PIDS 1

static int tree_init(struct cg_tree *t, char *err, size_t errlen)
{
	const char *dirs[] = { t->v1_memory, t->v1_cpuacct, t->v1_pids };
	char path[CG_PATH_MAX];
	for (size_t i = 0; i < 3; i++) {
		int r = str_printf(path, sizeof(path), "%s/pairbox", dirs[i]);
		if (!r)
			r = cg_mkdir(path);
		if (r) {
			str_printf(err, errlen, "cannot create cgroup %s: %s", path, strerror(-r));
			return r;
		}
	}
	return str_printf(t->describe, sizeof(t->describe), "cgroup v1 (memory, cpuacct, pids) under %s/pairbox",
			  t->v1_memory) ? -ENAMETOOLONG : 0;
}

static int slot_create(struct cg_slot *s, char *err, size_t errlen)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	for (size_t i = 0; i < 3; i++) {
		/* Left over by a process that died: empty it and start afresh. */
		if (access(dirs[i], F_OK) == 0) {
			cg_kill_listed(dirs[i], "cgroup.procs");
			cg_rmdir(dirs[i]);
		}
		int r = cg_mkdir(dirs[i]);
		if (r) {
			str_printf(err, errlen, "cannot create cgroup %s: %s", dirs[i], strerror(-r));
			return r;
		}
	}
	return 0;
}

static int slot_join(struct cg_slot *s, int *fds, int max)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	char path[CG_PATH_MAX + 8];
	if (max < 3)
		return -EINVAL;
	for (int i = 0; i < 3; i++) {
		if (str_printf(path, sizeof(path), "%s/tasks", dirs[i]) ||
		    (fds[i] = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
			int r = fds[i] < 0 ? -errno : -ENAMETOOLONG;
			while (i-- > 0)
				close(fds[i]);
			return r;
		}
	}
	return 3;
}

static int set_memory_limit(struct cg_slot *s, uint64_t bytes)
{
	char v[32], path[CG_PATH_MAX];
	int r = str_printf(path, sizeof(path), "%s/memory.memsw.limit_in_bytes", s->memory);
	if (r)
		return r;
	bool memsw = access(path, F_OK) == 0;   /* only with swap accounting */
	/* memsw must stay >= the memory limit: open it first, close it last,
	 * so swap cannot extend the limit either. */
	if (memsw && (r = cg_write(s->memory, "memory.memsw.limit_in_bytes", "-1")))
		return r;
	if (bytes)
		str_printf(v, sizeof(v), "%llu", (unsigned long long)bytes);
	else
		str_copy(v, sizeof(v), "-1");
	if ((r = cg_write(s->memory, "memory.limit_in_bytes", v)))
		return r;
	if (memsw && (r = cg_write(s->memory, "memory.memsw.limit_in_bytes", v)))
		return r;
	return 0;
}

static int run_prepare(struct cg_slot *s, const struct box_limits *l, int *clone_fd)
{
	char v[32];
	uint64_t oom = 0, pmax = 0;
	int r;
	*clone_fd = -1;
	/* Peak and failure counters restart at this run. */
	if ((r = cg_write(s->memory, "memory.max_usage_in_bytes", "0")) ||
	    (r = cg_read_u64(s->memory, "memory.usage_in_bytes", &s->base_mem)))
		return r;
	/* SANDBOX-MEM: the memory cgroup bounds RSS, page cache and the tmpfs
	 * pages of /tmp and /box together. The keeper's own few pages are
	 * charged here too: the program gets the whole limit on top of them,
	 * and they are not reported as its. */
	if ((r = set_memory_limit(s, l->memory_kb ? l->memory_kb * 1024 + s->base_mem : 0)))
		return r;
	cg_read_key(s->memory, "memory.oom_control", "oom_kill", &oom);
	s->base_oom = (uint32_t)oom;
	if ((r = cg_write(s->cpuacct, "cpuacct.usage", "0")))
		return r;
	if (l->processes)
		str_printf(v, sizeof(v), "%u", l->processes + CG1_OVERHEAD_PIDS);
	else
		str_copy(v, sizeof(v), "max");
	if ((r = cg_write(s->pids, "pids.max", v)))
		return r;
	cg_read_key(s->pids, "pids.events", "max", &pmax);
	s->base_pids_max = (uint32_t)pmax;
	return 0;
}

static int run_cpu(struct cg_slot *s, uint64_t *usec)
{
	uint64_t ns = 0;
	int r = cg_read_u64(s->cpuacct, "cpuacct.usage", &ns);
	*usec = ns / 1000;
	return r;
}

static int run_finish(struct cg_slot *s, struct cg_stats *st)
{
	uint64_t peak = 0, oom = 0, pmax = 0;
	memset(st, 0, sizeof(*st));
	run_cpu(s, &st->cpu_usec);
	if (cg_read_u64(s->memory, "memory.max_usage_in_bytes", &peak) == 0)
		st->mem_peak_kb = (peak > s->base_mem ? peak - s->base_mem : 0) / 1024;
	if (cg_read_key(s->memory, "memory.oom_control", "oom_kill", &oom) == 0 && oom > s->base_oom)
		st->oom_kills = (uint32_t)(oom - s->base_oom);
	if (cg_read_key(s->pids, "pids.events", "max", &pmax) == 0 && pmax > s->base_pids_max)
		st->pids_max_hits = (uint32_t)(pmax - s->base_pids_max);
	return 0;
}

static void slot_destroy(struct cg_slot *s)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	for (size_t i = 0; i < 3; i++) {
		if (!dirs[i][0] || access(dirs[i], F_OK))
			continue;
		cg_kill_listed(dirs[i], "cgroup.procs");
		cg_rmdir(dirs[i]);
	}
}

const struct cg_ops cg1_ops = {
	.name = "v1",
	.tree_init = tree_init,
	.slot_create = slot_create,
	.slot_join = slot_join,
	.run_prepare = run_prepare,
	.run_cpu = run_cpu,
	.run_finish = run_finish,
	.slot_destroy = slot_destroy,
};
