/* cgroup.h - per-box cgroups, v1 or v2 behind one set of verbs.
 *
 * pairbox never touches a hierarchy's root or the cgroup it was started in
 * beyond what delegation needs: its cgroups are created beneath the cgroup
 * the process runs in (from /proc/self/cgroup) or a configured parent:
 *
 *   v1: <mount of each controller><own path>/pairbox/box-N   (memory, cpuacct, pids)
 *       created fresh for each run, with its limits; the program writes
 *       itself into them; the keeper stays outside them.
 *   v2: <mount><parent>/pairbox/box-N, created fresh for each run and entered
 *       with clone3(CLONE_INTO_CGROUP); the keeper stays outside it.
 *
 * Either way a run's counters start at zero, its limit is its own whatever
 * ran before in the slot, and the keeper is never in the limited cgroup, so
 * the OOM killer cannot pick it (SANDBOX-MEM).
 *
 * Callers never branch on the version: cg_run_prepare() fills a struct
 * cg_entry that says how the program enters the run's cgroup on either.
 */
#ifndef PAIRBOX_CGROUP_H
#define PAIRBOX_CGROUP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct box_limits;

struct cg_stats {
	uint64_t cpu_usec;        /* CPU of every task of the run */
	uint64_t mem_peak_kb;     /* peak memory charged to the run */
	uint32_t oom_kills;       /* OOM kills during the run */
	uint32_t mem_limit_hits;  /* charges that met the memory limit (v1 failcnt, v2 events "max") */
	uint32_t pids_max_hits;   /* fork/clone refused by pids.max during the run */
};

struct cg_tree;               /* the detected hierarchy and pairbox's parent */
struct cg_slot;               /* one box's cgroup(s) */

/* How a run's program enters the run's cgroup: born inside it (v2: clone_fd,
 * for clone3(CLONE_INTO_CGROUP)) or by writing "0" to each join fd (v1: the
 * run's "tasks" files) as the first step of its checklist, before execve.
 * The fds belong to the slot until cg_run_finish(); unused ones are -1. */
#define CG_JOIN_MAX 3
struct cg_entry {
	int clone_fd;
	int join[CG_JOIN_MAX];
	int njoin;
};

struct cg_ops {
	const char *name;
	int (*tree_init)(struct cg_tree *t, char *err, size_t errlen);
	int (*slot_create)(struct cg_slot *s, char *err, size_t errlen);
	int (*slot_join)(struct cg_slot *s, int *fds, int max);
	int (*run_prepare)(struct cg_slot *s, const struct box_limits *l, struct cg_entry *e);
	int (*run_cpu)(struct cg_slot *s, uint64_t *usec);
	int (*run_finish)(struct cg_slot *s, struct cg_stats *st);
	void (*slot_destroy)(struct cg_slot *s);
};

extern const struct cg_ops cg1_ops;
extern const struct cg_ops cg2_ops;

#define CG_PATH_MAX 512

struct cg_tree {
	const struct cg_ops *ops;
	char root[CG_PATH_MAX];        /* cgroupfs mount root, e.g. /sys/fs/cgroup */
	/* v2: the unified mount (root, or root/unified on hybrid systems) and
	 * the parent beneath which "pairbox" is made. */
	char v2_mount[CG_PATH_MAX];
	char v2_parent[CG_PATH_MAX];   /* absolute path of the parent directory */
	/* v1: absolute directory of pairbox's parent per controller. */
	char v1_memory[CG_PATH_MAX];
	char v1_cpuacct[CG_PATH_MAX];
	char v1_pids[CG_PATH_MAX];
	char describe[CG_PATH_MAX];
};

struct cg_slot {
	struct cg_tree *tree;          /* borrowed */
	int id;
	/* the run's box-N directory: v1, one per controller; v2 */
	char memory[CG_PATH_MAX];
	char cpuacct[CG_PATH_MAX];
	char pids[CG_PATH_MAX];
	char v2[CG_PATH_MAX];
	int v2_fd;                     /* open run directory on v2, else -1 */
	/* v1, during a run: its cpuacct.usage (read while it runs) and the
	 * "tasks" files the program writes itself into; -1 otherwise. */
	int cpu_fd;
	int join_fd[CG_JOIN_MAX];
};

/* Detect cgroup v1/v2 under cgroup_root (NULL = /sys/fs/cgroup), reading the
 * process's own cgroup from self_cgroup (NULL = /proc/self/cgroup) unless
 * parent_override names one (a path relative to the hierarchy root, as in
 * /proc/self/cgroup). Fills *t. Returns 0 or -errno with err set; fails
 * rather than run with a missing controller. */
int cg_detect(const char *cgroup_root, const char *self_cgroup, const char *parent_override,
	      struct cg_tree *t, char *err, size_t errlen);

int cg_slot_create(struct cg_tree *t, int id, struct cg_slot *s, char *err, size_t errlen);
/* Open the files a keeper writes "0" to, to move its own thread into the
 * slot's cgroups; the caller owns and closes them. Returns how many it
 * filled or -errno: 0 on v1 and v2 alike, where the keeper stays in its
 * caller's cgroups and each run enters its own (cg_entry). */
static inline int cg_slot_join(struct cg_slot *s, int *fds, int max) { return s->tree->ops->slot_join(s, fds, max); }
static inline int cg_run_prepare(struct cg_slot *s, const struct box_limits *l, struct cg_entry *e) { return s->tree->ops->run_prepare(s, l, e); }
static inline int cg_run_cpu(struct cg_slot *s, uint64_t *usec) { return s->tree->ops->run_cpu(s, usec); }
/* cg_run_finish() ends a run: it fills *st (what cannot be read stays 0) and
 * returns 0 or the error reading the CPU counter; then it kills what is left,
 * removes the run's cgroup and closes the fds cg_run_prepare gave.
 * A failure to remove is not reported here: the next cg_run_prepare must
 * remove the directory before making a fresh one and fails with that error. */
static inline int cg_run_finish(struct cg_slot *s, struct cg_stats *st) { return s->tree->ops->run_finish(s, st); }
void cg_slot_destroy(struct cg_slot *s);

/* Small file helpers shared by cgroup1.c and cgroup2.c. Return 0 or -errno. */
int cg_write(const char *dir, const char *file, const char *value);
int cg_read(const char *dir, const char *file, char *buf, size_t len);
int cg_read_u64(const char *dir, const char *file, uint64_t *v);
/* Value of "key N" in a flat-keyed file (memory.events, cpu.stat, ...);
 * -ENODATA when the key is absent. */
int cg_read_key(const char *dir, const char *file, const char *key, uint64_t *v);
/* mkdir, EEXIST being fine. */
int cg_mkdir(const char *path);
/* Kill every task listed in dir/file (cgroup.procs or tasks) until empty. */
int cg_kill_listed(const char *dir, const char *file);
/* rmdir, retrying briefly while exiting tasks still populate it; ENOENT is
 * success. cgroupfs removes a directory that shows control files; a plain
 * directory (a fake tree in tests) gives -ENOTEMPTY instead. */
int cg_rmdir(const char *path);
/* Is word one of the space- or comma-separated words of list ("cpuacct" in
 * "cpu,cpuacct", "pids" in cgroup.controllers)? */
int cg_list_has(const char *list, const char *word);
/* Kill whatever is left in dir (cgroup.kill where there is one) and remove
 * it; 0 when it is gone, ENOENT included. */
int cg_remove(const char *dir);
/* Does a cgroup.procs content list self and nothing else? Then the v2
 * tree_init may move pairbox into a leaf of its own (exposed for tests). */
int cg2_procs_only_self(const char *procs, pid_t self);

#endif
