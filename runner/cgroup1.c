/* cgroup1.c - cgroup v1: memory, cpuacct and pids hierarchies.
 *
 * On v1 a process can only enter a cgroup by being moved, and moving
 * another process takes a global rwsem whose first write after idle waits
 * for an RCU grace period (~7.5 ms measured here). A thread that moves
 * itself (writing "0" to "tasks") skips that rwsem, so nobody is ever moved
 * by another: each run's program writes itself into the run's fresh box-N
 * as the first step of its checklist (keeper.c), before it execs anything.
 *
 * As on v2, box-N is the run's: made with the run's limits, removed when
 * it ends, so its counters start at zero and its limit is the limit (page
 * cache or tmpfs pages that a compile or an earlier test charged stay with
 * the removed cgroup). The keeper stays in its caller's cgroups, outside
 * it, and is never a candidate for its OOM killer. (Until 2026-12 the
 * keeper lived in box-N and runs in box-N/run: three more mkdirs, rmdirs
 * and moves for every slot, which a one-shot `pairbox box` paid each
 * time. A box-N/run left by such a version is removed with its box-N.) */
#include "box.h"
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void close_run_fds(struct cg_slot *s)
{
	if (s->cpu_fd >= 0)
		close(s->cpu_fd);
	s->cpu_fd = -1;
	for (int i = 0; i < CG_JOIN_MAX; i++) {
		if (s->join_fd[i] >= 0)
			close(s->join_fd[i]);
		s->join_fd[i] = -1;
	}
}

static int remove_run(struct cg_slot *s)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	int r = 0;
	close_run_fds(s);
	for (size_t i = 0; i < 3; i++) {
		int k = cg_remove(dirs[i]);
		if (!r)
			r = k;
	}
	return r;
}

/* A fresh box-N; one that is there already (a run whose removal failed, a
 * pairbox that died, an older layout's box-N/run inside) is removed first,
 * or the run fails. */
static int make_fresh(const char *dir)
{
	char old[CG_PATH_MAX + 8];
	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return -errno;
	if (!str_printf(old, sizeof(old), "%s/run", dir))
		cg_remove(old);
	int r = cg_remove(dir);
	return r ? r : cg_mkdir(dir);
}

static int slot_create(struct cg_slot *s, char *err, size_t errlen)
{
	return 0;               /* each run makes its own */
}

static int slot_join(struct cg_slot *s, int *fds, int max)
{
	return 0;               /* the keeper stays outside the run's cgroups */
}

static int set_limits(struct cg_slot *s, const struct box_limits *l)
{
	char v[32];
	int r;
	/* SANDBOX-MEM: the memory cgroup bounds RSS, page cache and the tmpfs
	 * pages of /tmp and /box that the run writes. A fresh cgroup starts
	 * unlimited, memsw included: the memory limit first, then memsw to
	 * the same value (where swap is accounted), so swap cannot extend it. */
	if (l->memory_kb) {
		if ((r = str_printf(v, sizeof(v), "%llu", (unsigned long long)l->memory_kb * 1024)) ||
		    (r = cg_write(s->memory, "memory.limit_in_bytes", v)))
			return r;
		r = cg_write(s->memory, "memory.memsw.limit_in_bytes", v);
		if (r && r != -ENOENT)       /* ENOENT: no swap accounting, nothing to extend */
			return r;
	}
	/* Only the run's own processes live here, never the keeper. */
	if (l->processes && ((r = str_printf(v, sizeof(v), "%u", l->processes)) ||
			     (r = cg_write(s->pids, "pids.max", v))))
		return r;
	return 0;
}

static int run_prepare(struct cg_slot *s, const struct box_limits *l, struct cg_entry *e)
{
	const char *run[] = { s->memory, s->cpuacct, s->pids };
	char path[CG_PATH_MAX + 16];
	int r;
	e->clone_fd = -1;
	e->njoin = 0;
	close_run_fds(s);
	/* A run directory left by a failed removal is removed now or never used. */
	for (size_t i = 0; i < 3; i++)
		if ((r = make_fresh(run[i])))
			goto fail;
	if ((r = set_limits(s, l)))
		goto fail;
	if ((r = str_printf(path, sizeof(path), "%s/cpuacct.usage", s->cpuacct)))
		goto fail;
	if ((s->cpu_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		r = -errno;
		goto fail;
	}
	for (int i = 0; i < 3; i++) {
		if ((r = str_printf(path, sizeof(path), "%s/tasks", run[i])))
			goto fail;
		if ((s->join_fd[i] = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
			r = -errno;
			goto fail;
		}
		e->join[i] = s->join_fd[i];
	}
	e->njoin = 3;
	return 0;
fail:
	remove_run(s);
	e->njoin = 0;
	return r;
}

static int run_cpu(struct cg_slot *s, uint64_t *usec)
{
	char buf[32];
	uint64_t ns = 0;
	*usec = 0;
	/* kernfs files restart at offset 0: pread(0) reads the current value. */
	ssize_t n = s->cpu_fd >= 0 ? pread(s->cpu_fd, buf, sizeof(buf) - 1, 0) : -1;
	if (n < 0)
		return s->cpu_fd >= 0 ? -errno : -EBADF;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	int r = parse_u64(buf, &ns);
	*usec = ns / 1000;
	return r;
}

static uint32_t cg1_u32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int run_finish(struct cg_slot *s, struct cg_stats *st)
{
	uint64_t peak = 0, oom = 0, hits = 0, pmax = 0;
	memset(st, 0, sizeof(*st));
	int r = run_cpu(s, &st->cpu_usec);
	if (cg_read_u64(s->memory, "memory.max_usage_in_bytes", &peak) == 0)
		st->mem_peak_kb = (peak + 1023) / 1024;   /* rounded up: a charge of any bytes is never 0 KB */
	if (cg_read_key(s->memory, "memory.oom_control", "oom_kill", &oom) == 0)
		st->oom_kills = cg1_u32(oom);
	if (cg_read_u64(s->memory, "memory.failcnt", &hits) == 0)
		st->mem_limit_hits = cg1_u32(hits);
	if (cg_read_key(s->pids, "pids.events", "max", &pmax) == 0)
		st->pids_max_hits = cg1_u32(pmax);
	/* A failure to remove it is reported by the next run_prepare. */
	remove_run(s);
	return r;
}

static void slot_destroy(struct cg_slot *s)
{
	remove_run(s);
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
