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

/* The files every run reads or writes, opened once per slot: a run then
 * costs a pread or pwrite per file instead of an open, a path walk through
 * cgroupfs and a close. kernfs files restart at offset 0, so pread(0) reads
 * the current value. */
enum { F_MAX_USAGE, F_USAGE, F_OOM, F_LIMIT, F_MEMSW, F_CPU, F_PIDS_MAX, F_PIDS_EVENTS, F_COUNT };
static const struct { int dir; const char *name; int flags; bool optional; } files[F_COUNT] = {
	[F_MAX_USAGE] = { 0, "memory.max_usage_in_bytes", O_RDWR, false },
	[F_USAGE] = { 0, "memory.usage_in_bytes", O_RDONLY, false },
	[F_OOM] = { 0, "memory.oom_control", O_RDONLY, false },
	[F_LIMIT] = { 0, "memory.limit_in_bytes", O_WRONLY, false },
	[F_MEMSW] = { 0, "memory.memsw.limit_in_bytes", O_WRONLY, true },   /* swap accounting only */
	[F_CPU] = { 1, "cpuacct.usage", O_RDWR, false },
	[F_PIDS_MAX] = { 2, "pids.max", O_WRONLY, false },
	[F_PIDS_EVENTS] = { 2, "pids.events", O_RDONLY, false },
};

static void close_files(struct cg_slot *s)
{
	for (int i = 0; i < F_COUNT; i++) {
		if (s->v1_fd[i] >= 0)
			close(s->v1_fd[i]);
		s->v1_fd[i] = -1;
	}
}

static int open_files(struct cg_slot *s)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	char path[CG_PATH_MAX + 64];
	for (int i = 0; i < F_COUNT; i++) {
		if (str_printf(path, sizeof(path), "%s/%s", dirs[files[i].dir], files[i].name))
			return -ENAMETOOLONG;
		s->v1_fd[i] = open(path, files[i].flags | O_CLOEXEC);
		if (s->v1_fd[i] < 0 && !(files[i].optional && errno == ENOENT))
			return -errno;
	}
	return 0;
}

static int fput(struct cg_slot *s, int f, const char *value)
{
	ssize_t n = pwrite(s->v1_fd[f], value, strlen(value), 0);
	return n < 0 ? -errno : 0;
}

static int fget(struct cg_slot *s, int f, char *buf, size_t len)
{
	ssize_t n = pread(s->v1_fd[f], buf, len - 1, 0);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int fget_u64(struct cg_slot *s, int f, uint64_t *v)
{
	char buf[32];
	int r = fget(s, f, buf, sizeof(buf));
	if (r)
		return r;
	buf[strcspn(buf, "\n")] = '\0';
	return parse_u64(buf, v);
}

/* "key N" in a flat-keyed file. */
static int fget_key(struct cg_slot *s, int f, const char *key, uint64_t *v)
{
	char buf[1024], *p = buf;
	int r = fget(s, f, buf, sizeof(buf));
	if (r)
		return r;
	size_t kl = strlen(key);
	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
			char *end = p + kl + 1;
			end[strcspn(end, "\n")] = '\0';
			return parse_u64(end, v);
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -ENODATA;
}

static int slot_create(struct cg_slot *s, char *err, size_t errlen)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	for (int i = 0; i < F_COUNT; i++)
		s->v1_fd[i] = -1;
	s->v1_mem_limit = s->v1_pids_max = UINT64_MAX - 1;   /* never written yet */
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
	int r = open_files(s);
	if (r)
		str_printf(err, errlen, "cannot open the control files of %s: %s", s->memory, strerror(-r));
	return r;
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
	char v[32];
	int r;
	if (bytes == s->v1_mem_limit)
		return 0;
	if (bytes)
		str_printf(v, sizeof(v), "%llu", (unsigned long long)bytes);
	else
		str_copy(v, sizeof(v), "-1");
	/* memsw must stay >= the memory limit: open it first, close it last,
	 * so swap cannot extend the limit either. */
	bool memsw = s->v1_fd[F_MEMSW] >= 0;
	if (memsw && (r = fput(s, F_MEMSW, "-1")))
		return r;
	if ((r = fput(s, F_LIMIT, v)))
		return r;
	if (memsw && (r = fput(s, F_MEMSW, v)))
		return r;
	s->v1_mem_limit = bytes;
	return 0;
}

static int run_prepare(struct cg_slot *s, const struct box_limits *l, int *clone_fd)
{
	uint64_t oom = 0, pmax = 0;
	int r;
	*clone_fd = -1;
	/* Peak and failure counters restart at this run. */
	if ((r = fput(s, F_MAX_USAGE, "0")) || (r = fget_u64(s, F_USAGE, &s->base_mem)))
		return r;
	/* SANDBOX-MEM: the memory cgroup bounds RSS, page cache and the tmpfs
	 * pages of /tmp and /box together. The keeper's own pages are charged
	 * here too: the program gets the whole limit on top of them, and they
	 * are not reported as its. */
	if ((r = set_memory_limit(s, l->memory_kb ? l->memory_kb * 1024 + s->base_mem : 0)))
		return r;
	fget_key(s, F_OOM, "oom_kill", &oom);
	s->base_oom = (uint32_t)oom;
	if ((r = fput(s, F_CPU, "0")))
		return r;
	uint64_t pids = l->processes ? (uint64_t)l->processes + CG1_OVERHEAD_PIDS : 0;
	if (pids != s->v1_pids_max) {
		char v[32];
		if (pids)
			str_printf(v, sizeof(v), "%llu", (unsigned long long)pids);
		else
			str_copy(v, sizeof(v), "max");
		if ((r = fput(s, F_PIDS_MAX, v)))
			return r;
		s->v1_pids_max = pids;
	}
	fget_key(s, F_PIDS_EVENTS, "max", &pmax);
	s->base_pids_max = (uint32_t)pmax;
	return 0;
}

static int run_cpu(struct cg_slot *s, uint64_t *usec)
{
	uint64_t ns = 0;
	int r = fget_u64(s, F_CPU, &ns);
	*usec = ns / 1000;
	return r;
}

static int run_finish(struct cg_slot *s, struct cg_stats *st)
{
	uint64_t peak = 0, oom = 0, pmax = 0;
	memset(st, 0, sizeof(*st));
	run_cpu(s, &st->cpu_usec);
	if (fget_u64(s, F_MAX_USAGE, &peak) == 0)
		st->mem_peak_kb = (peak > s->base_mem ? peak - s->base_mem : 0) / 1024;
	if (fget_key(s, F_OOM, "oom_kill", &oom) == 0 && oom > s->base_oom)
		st->oom_kills = (uint32_t)(oom - s->base_oom);
	if (fget_key(s, F_PIDS_EVENTS, "max", &pmax) == 0 && pmax > s->base_pids_max)
		st->pids_max_hits = (uint32_t)(pmax - s->base_pids_max);
	return 0;
}

static void slot_destroy(struct cg_slot *s)
{
	const char *dirs[] = { s->memory, s->cpuacct, s->pids };
	close_files(s);
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
