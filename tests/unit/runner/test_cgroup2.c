/* test_cgroup2.c - cgroup detection (v2, v1, hybrid, failures) and the v1 and v2 verbs on a fake tree. */
#define _GNU_SOURCE
#include "box.h"
#include "cgroup.h"
#include "check.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* cgroupfs fills a new directory with control files and lets rmdir remove a
 * directory that still shows them (once no task is left); a plain directory
 * does neither. These definitions take the place of libc's mkdir and rmdir
 * for the code under test (a program's own symbols win at link time) and
 * act like cgroupfs beneath fake_root only, everywhere else like libc. */
static char fake_root[CG_PATH_MAX];
static int fake_lean;           /* emulate a kernel without cgroup.kill, memory.peak, ... */
static char last_kill[16];      /* cgroup.kill of the last directory removed */

static int put(const char *dir, const char *name, const char *text)
{
	char p[CG_PATH_MAX];
	str_printf(p, sizeof(p), "%s/%s", dir, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ssize_t k = write(fd, text, strlen(text));
	close(fd);
	return k == (ssize_t)strlen(text) ? 0 : -EIO;
}

/* Contents of dir/name, or "<missing>". */
static const char *get(const char *dir, const char *name)
{
	static char buf[512];
	char p[CG_PATH_MAX];
	str_printf(p, sizeof(p), "%s/%s", dir, name);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return "<missing>";
	ssize_t k = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[k > 0 ? k : 0] = '\0';
	return buf;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int under_fake(const char *path)
{
	size_t n = strlen(fake_root);
	return n && strncmp(path, fake_root, n) == 0 && path[n] == '/';
}

int mkdir(const char *path, mode_t mode)
{
	if (mkdirat(AT_FDCWD, path, mode))
		return -1;
	if (!under_fake(path))
		return 0;
	/* A child is offered what its parent enabled for its children. */
	char parent[CG_PATH_MAX], offered[256] = "";
	str_printf(parent, sizeof(parent), "%s", path);
	*strrchr(parent, '/') = '\0';
	const char *sub = get(parent, "cgroup.subtree_control");
	for (size_t i = 0, n = 0; sub[0] != '<' && sub[i] && n + 1 < sizeof(offered); i++)
		if (sub[i] != '+')
			offered[n++] = sub[i];
	put(path, "cgroup.controllers", offered);
	put(path, "cgroup.subtree_control", "");
	put(path, "cgroup.procs", "");
	put(path, "memory.max", "max\n");
	put(path, "memory.current", "0\n");
	put(path, "pids.max", "max\n");
	put(path, "cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
	put(path, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
	put(path, "pids.events", "max 0\n");
	/* v1 hierarchies' files */
	put(path, "tasks", "");
	put(path, "memory.max_usage_in_bytes", "0\n");
	put(path, "memory.usage_in_bytes", "0\n");
	put(path, "memory.failcnt", "0\n");
	put(path, "memory.limit_in_bytes", "9223372036854771712\n");
	put(path, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
	put(path, "cpuacct.usage", "0\n");
	if (!fake_lean) {
		put(path, "cgroup.kill", "");
		put(path, "memory.swap.max", "max\n");
		put(path, "memory.oom.group", "0\n");
		put(path, "memory.peak", "0\n");
	}
	return 0;
}

int rmdir(const char *path)
{
	if (under_fake(path)) {
		/* Its tasks keep it busy until a write to cgroup.kill kills them. */
		const char *procs = get(path, "cgroup.procs");
		int busy = procs[0] && procs[0] != '<';
		if (busy && strcmp(get(path, "cgroup.kill"), "1") != 0) {
			errno = EBUSY;
			return -1;
		}
		str_printf(last_kill, sizeof(last_kill), "%s", get(path, "cgroup.kill"));
		DIR *d = opendir(path);
		for (struct dirent *e; d && (e = readdir(d));)
			if (e->d_type == DT_REG)
				unlinkat(dirfd(d), e->d_name, 0);
		if (d)
			closedir(d);
	}
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return unlinkat(AT_FDCWD, path, flag == FTW_DP ? AT_REMOVEDIR : 0);
}

static void rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Make dir (and its parents) as a plain directory, whatever fake_root says. */
static void plain_dirs(const char *dir)
{
	char p[CG_PATH_MAX];
	str_printf(p, sizeof(p), "%s", dir);
	for (char *s = strchr(p + 1, '/');; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		mkdirat(AT_FDCWD, p, 0755);
		if (!s)
			break;
		*s = '/';
	}
}

static void test_helpers(void)
{
	CHECK(cg_list_has("cpuset cpu io memory pids\n", "pids"));
	CHECK(cg_list_has("cpu,cpuacct", "cpuacct"));
	CHECK(cg_list_has("cpu,cpuacct", "cpu"));
	CHECK(!cg_list_has("cpuset io", "cpu"));
	CHECK(!cg_list_has("", "memory"));
	CHECK(cg2_procs_only_self("1234\n", 1234));
	CHECK(!cg2_procs_only_self("1234\n1235\n", 1234));
	CHECK(!cg2_procs_only_self("1235\n", 1234));
	CHECK(!cg2_procs_only_self("", 1234));
	CHECK(!cg2_procs_only_self("12345\n", 1234));
}

static void test_v2(const char *tmp)
{
	char root[CG_PATH_MAX], svc[CG_PATH_MAX], self[CG_PATH_MAX], box[CG_PATH_MAX], p[CG_PATH_MAX], err[512] = "";
	char pid[24];
	struct cg_tree t;
	struct cg_slot s;
	struct cg_stats st;
	int fd = -1;

	str_printf(root, sizeof(root), "%s/v2", tmp);
	str_printf(svc, sizeof(svc), "%s/system.slice/pairbox.service", root);
	str_printf(self, sizeof(self), "%s/self-v2", tmp);
	str_printf(pid, sizeof(pid), "%d\n", (int)getpid());
	plain_dirs(svc);
	put(root, "cgroup.controllers", "cpuset cpu io memory pids\n");
	put(svc, "cgroup.controllers", "cpu memory pids\n");
	put(svc, "cgroup.subtree_control", "");
	put(svc, "cgroup.procs", pid);
	put(tmp, "self-v2", "0::/system.slice/pairbox.service\n");
	str_printf(fake_root, sizeof(fake_root), "%s", root);

	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	CHECK(t.ops == &cg2_ops);
	CHECK_EQ_STR(t.v2_mount, root);
	CHECK_EQ_STR(t.v2_parent, svc);
	CHECK_EQ_STR(get(svc, "cgroup.subtree_control"), "+memory +pids +cpu");
	str_printf(box, sizeof(box), "%s/pairbox", svc);
	CHECK(exists(box));
	CHECK_EQ_STR(get(box, "cgroup.subtree_control"), "+memory +pids +cpu");
	str_printf(p, sizeof(p), "cgroup v2 at %s", box);
	CHECK_EQ_STR(t.describe, p);
	str_printf(p, sizeof(p), "%s/pairbox-self", svc);
	CHECK(!exists(p));

	/* Already enabled (as cgroupfs shows it): nothing is written again. */
	put(svc, "cgroup.subtree_control", "cpu memory pids\n");
	put(box, "cgroup.subtree_control", "memory pids\n");
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	CHECK_EQ_STR(get(svc, "cgroup.subtree_control"), "cpu memory pids\n");
	CHECK_EQ_STR(get(box, "cgroup.subtree_control"), "+cpu");   /* only what was missing */

	/* An override replaces our own path; slashes are normalised, ".." refused. */
	str_printf(p, sizeof(p), "%s//", root);
	CHECK_EQ_INT(cg_detect(p, "/nonexistent", "//system.slice//pairbox.service/", &t, err, sizeof(err)), 0);
	CHECK_EQ_STR(t.v2_parent, svc);
	CHECK_EQ_INT(cg_detect(root, self, "/system.slice/../../etc", &t, err, sizeof(err)), -EINVAL);

	/* A slot: a stale box-3 from a crashed pairbox is killed and removed. */
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	str_printf(box, sizeof(box), "%s/pairbox/box-3", svc);
	mkdir(box, 0755);
	put(box, "cgroup.procs", "4242\n");
	last_kill[0] = '\0';
	CHECK_EQ_INT(cg_slot_create(&t, 3, &s, err, sizeof(err)), 0);
	CHECK_EQ_STR(s.v2, box);
	CHECK_EQ_INT(s.v2_fd, -1);
	CHECK(!exists(box));
	CHECK_EQ_STR(last_kill, "1");
	int join_fds[3];
	CHECK_EQ_INT(cg_slot_join(&s, join_fds, 3), 0);

	struct box_limits l = { .memory_kb = 65536, .processes = 10 };
	struct cg_entry e;
	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	fd = e.clone_fd;
	CHECK_EQ_INT(e.njoin, 0);                 /* born inside: nothing to join */
	struct stat sb;
	CHECK(fd >= 0 && fd == s.v2_fd && fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	CHECK_EQ_STR(get(box, "memory.max"), "67108864");
	CHECK_EQ_STR(get(box, "pids.max"), "10");
	CHECK_EQ_STR(get(box, "memory.swap.max"), "0");
	CHECK_EQ_STR(get(box, "memory.oom.group"), "1");

	uint64_t usec = 0;
	put(box, "cpu.stat", "usage_usec 500\nuser_usec 400\n");
	CHECK_EQ_INT(cg_run_cpu(&s, &usec), 0);
	CHECK_EQ_INT(usec, 500);

	put(box, "cpu.stat", "usage_usec 123456\nuser_usec 1\n");
	put(box, "memory.peak", "1048576\n");
	put(box, "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
	put(box, "pids.events", "max 2\n");
	put(box, "cgroup.procs", "4243\n");       /* a straggler: killed, then removed */
	last_kill[0] = '\0';
	CHECK_EQ_INT(cg_run_finish(&s, &st), 0);
	CHECK_EQ_INT(st.cpu_usec, 123456);
	CHECK_EQ_INT(st.mem_peak_kb, 1024);
	CHECK_EQ_INT(st.oom_kills, 1);
	CHECK_EQ_INT(st.mem_limit_hits, 3);
	CHECK_EQ_INT(st.pids_max_hits, 2);
	CHECK_EQ_INT(s.v2_fd, -1);
	CHECK(fcntl(fd, F_GETFD) < 0);            /* the slot closed its fd */
	CHECK(!exists(box));
	CHECK_EQ_STR(last_kill, "1");

	/* A peak under a KB, or not a whole number of them, is rounded up: a
	 * run that was charged anything never reads 0 KB. */
	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	put(box, "memory.peak", "1025\n");
	CHECK_EQ_INT(cg_run_finish(&s, &st), 0);
	CHECK_EQ_INT(st.mem_peak_kb, 2);
	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	put(box, "memory.peak", "100\n");
	CHECK_EQ_INT(cg_run_finish(&s, &st), 0);
	CHECK_EQ_INT(st.mem_peak_kb, 1);

	/* No limits; and a leftover run directory never leaks its counters. */
	mkdir(box, 0755);
	put(box, "cpu.stat", "usage_usec 999\n");
	l = (struct box_limits){ 0 };
	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	CHECK_EQ_STR(get(box, "memory.max"), "max");
	CHECK_EQ_STR(get(box, "pids.max"), "max");
	CHECK_EQ_INT(cg_run_cpu(&s, &usec), 0);
	CHECK_EQ_INT(usec, 0);
	last_kill[0] = '\0';
	CHECK_EQ_INT(cg_run_finish(&s, &st), 0);
	CHECK(!exists(box));
	CHECK_EQ_STR(last_kill, "");              /* empty: one rmdir, nothing to kill */

	/* A run directory that cannot be removed fails the next run, not this one. */
	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	str_printf(p, sizeof(p), "%s/stuck", box);
	mkdirat(AT_FDCWD, p, 0755);
	CHECK_EQ_INT(cg_run_finish(&s, &st), 0);
	CHECK(exists(box));
	e.clone_fd = 7;
	CHECK(cg_run_prepare(&s, &l, &e) < 0);
	CHECK_EQ_INT(e.clone_fd, -1);
	unlinkat(AT_FDCWD, p, AT_REMOVEDIR);

	/* Older kernel: no cgroup.kill, swap file, oom.group or memory.peak. */
	fake_lean = 1;
	l.memory_kb = 1024;
	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	CHECK_EQ_STR(get(box, "memory.max"), "1048576");
	CHECK_EQ_STR(get(box, "memory.swap.max"), "<missing>");
	put(box, "memory.current", "2048\n");
	CHECK_EQ_INT(cg_run_finish(&s, &st), 0);
	CHECK_EQ_INT(st.mem_peak_kb, 2);
	CHECK(!exists(box));
	fake_lean = 0;

	CHECK_EQ_INT(cg_run_prepare(&s, &l, &e), 0);
	cg_slot_destroy(&s);
	CHECK(!exists(box));
	CHECK_EQ_INT(s.v2_fd, -1);
	cg_slot_destroy(&s);                      /* a second call is harmless */
	cg_slot_destroy(NULL);

	/* The parent must offer memory and pids. */
	put(svc, "cgroup.controllers", "cpu memory\n");
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "lacks pids") && strstr(err, "Delegate=yes") && strstr(err, svc));
	put(svc, "cgroup.controllers", "cpu\n");
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "lacks memory and pids") != NULL);
	CHECK(cg_detect(root, "/nonexistent", NULL, &t, err, sizeof(err)) < 0);
	CHECK(strstr(err, "/nonexistent") != NULL);
	put(tmp, "self-v2", "4:memory:/x\n");        /* no "0::" line */
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, self) != NULL);
	fake_root[0] = '\0';
}

/* memory, cpu,cpuacct and pids hierarchies; memory's own path is /a/b. */
static void make_v1(const char *root)
{
	char p[CG_PATH_MAX];
	str_printf(p, sizeof(p), "%s/memory/a/b", root);
	plain_dirs(p);
	str_printf(p, sizeof(p), "%s/memory", root);
	put(p, "memory.limit_in_bytes", "9223372036854771712\n");
	str_printf(p, sizeof(p), "%s/cpu,cpuacct", root);
	plain_dirs(p);
	put(p, "cpuacct.usage", "0\n");
	str_printf(p, sizeof(p), "%s/pids", root);
	plain_dirs(p);
	put(p, "pids.max", "max\n");
}

/* v1 runs: a fresh box-N per run in each hierarchy, with the limits,
 * joined through its "tasks" files; counters are the run's alone. */
static void test_v1_runs(struct cg_slot *s, const char *root)
{
	char mem[CG_PATH_MAX], cpu[CG_PATH_MAX], pids[CG_PATH_MAX], p[CG_PATH_MAX];
	str_printf(mem, sizeof(mem), "%s/memory/a/b/pairbox/box-5", root);
	str_printf(cpu, sizeof(cpu), "%s/cpu,cpuacct/pairbox/box-5", root);
	str_printf(pids, sizeof(pids), "%s/pids/pairbox/box-5", root);
	CHECK(!exists(mem) && !exists(cpu) && !exists(pids));   /* made by the run */

	/* A box-5 left with its counters (a run whose removal failed, a
	 * pairbox that died) is replaced: nothing of it reaches the run's
	 * limit or counters (the v1 leak of issue 10). So is an older
	 * layout's box-5 with a box-5/run inside. */
	mkdir(mem, 0755);
	put(mem, "memory.usage_in_bytes", "367001600\n");
	put(mem, "memory.limit_in_bytes", "1\n");
	str_printf(p, sizeof(p), "%s/run", pids);
	mkdir(pids, 0755);
	mkdir(p, 0755);
	struct box_limits l = { .memory_kb = 65536, .processes = 10 };
	struct cg_entry e;
	CHECK_EQ_INT(cg_run_prepare(s, &l, &e), 0);
	CHECK(!exists(p));
	CHECK_EQ_STR(get(mem, "memory.usage_in_bytes"), "0\n");
	CHECK_EQ_INT(e.clone_fd, -1);
	CHECK_EQ_INT(e.njoin, 3);
	for (int i = 0; i < 3; i++)
		CHECK(e.join[i] >= 0 && (fcntl(e.join[i], F_GETFD) & FD_CLOEXEC));
	CHECK_EQ_STR(get(mem, "memory.limit_in_bytes"), "67108864");
	CHECK_EQ_STR(get(pids, "pids.max"), "10");
	/* The program writes itself in through the fds. */
	CHECK_EQ_INT(write(e.join[0], "0", 1), 1);
	CHECK_EQ_STR(get(mem, "tasks"), "0");

	uint64_t usec = 0;
	put(cpu, "cpuacct.usage", "2500000\n");
	CHECK_EQ_INT(cg_run_cpu(s, &usec), 0);
	CHECK_EQ_INT(usec, 2500);
	put(mem, "memory.max_usage_in_bytes", "2097152\n");
	put(mem, "memory.failcnt", "4\n");
	put(mem, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
	put(pids, "pids.events", "max 2\n");
	put(mem, "tasks", "");
	struct cg_stats st;
	int join0 = e.join[0];
	CHECK_EQ_INT(cg_run_finish(s, &st), 0);
	CHECK_EQ_INT(st.cpu_usec, 2500);
	CHECK_EQ_INT(st.mem_peak_kb, 2048);
	CHECK_EQ_INT(st.mem_limit_hits, 4);
	CHECK_EQ_INT(st.oom_kills, 1);
	CHECK_EQ_INT(st.pids_max_hits, 2);
	CHECK(!exists(mem) && !exists(cpu) && !exists(pids));
	CHECK(fcntl(join0, F_GETFD) < 0);         /* the slot closed the fds */
	CHECK_EQ_INT(s->cpu_fd, -1);

	/* The next run starts from zero, without limits when none are set. */
	l = (struct box_limits){ 0 };
	CHECK_EQ_INT(cg_run_prepare(s, &l, &e), 0);
	CHECK_EQ_STR(get(mem, "memory.limit_in_bytes"), "9223372036854771712\n");
	CHECK_EQ_STR(get(pids, "pids.max"), "max\n");
	CHECK_EQ_INT(cg_run_cpu(s, &usec), 0);
	CHECK_EQ_INT(usec, 0);
	CHECK_EQ_INT(cg_run_finish(s, &st), 0);
	CHECK_EQ_INT(st.mem_peak_kb, 0);

	/* A run directory that cannot be removed fails the next run, not this one. */
	CHECK_EQ_INT(cg_run_prepare(s, &l, &e), 0);
	str_printf(p, sizeof(p), "%s/stuck", mem);
	mkdirat(AT_FDCWD, p, 0755);
	CHECK_EQ_INT(cg_run_finish(s, &st), 0);
	CHECK(exists(mem));
	CHECK(cg_run_prepare(s, &l, &e) < 0);
	CHECK_EQ_INT(e.njoin, 0);
	unlinkat(AT_FDCWD, p, AT_REMOVEDIR);
	CHECK_EQ_INT(cg_run_prepare(s, &l, &e), 0);   /* left for slot_destroy */
}

static void test_v1(const char *tmp)
{
	char root[CG_PATH_MAX], self[CG_PATH_MAX], p[CG_PATH_MAX], err[512] = "";
	struct cg_tree t;
	struct cg_slot s;

	str_printf(root, sizeof(root), "%s/v1", tmp);
	str_printf(self, sizeof(self), "%s/self-v1", tmp);
	make_v1(root);
	put(tmp, "self-v1", "9:name=systemd:/\n4:memory:/a/b\n2:cpu,cpuacct:/\n8:pids:/\n0::/\n");
	str_printf(fake_root, sizeof(fake_root), "%s", root);   /* box-N gets control files */
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	CHECK(t.ops == &cg1_ops);
	str_printf(p, sizeof(p), "%s/memory/a/b", root);
	CHECK_EQ_STR(t.v1_memory, p);
	str_printf(p, sizeof(p), "%s/cpu,cpuacct", root);
	CHECK_EQ_STR(t.v1_cpuacct, p);
	str_printf(p, sizeof(p), "%s/pids", root);
	CHECK_EQ_STR(t.v1_pids, p);
	CHECK_EQ_STR(t.v2_parent, "");
	CHECK(strncmp(t.describe, "cgroup v1", 9) == 0);
	str_printf(p, sizeof(p), "%s/memory/a/b/pairbox", root);
	CHECK(exists(p));
	CHECK_EQ_INT(cg_slot_create(&t, 5, &s, err, sizeof(err)), 0);
	int join_fds[3];
	CHECK_EQ_INT(cg_slot_join(&s, join_fds, 3), 0);         /* the keeper stays outside */
	str_printf(p, sizeof(p), "%s/memory/a/b/pairbox/box-5", root);
	CHECK_EQ_STR(s.memory, p);
	str_printf(p, sizeof(p), "%s/cpu,cpuacct/pairbox/box-5", root);
	CHECK_EQ_STR(s.cpuacct, p);
	str_printf(p, sizeof(p), "%s/pids/pairbox/box-5", root);
	CHECK_EQ_STR(s.pids, p);
	CHECK_EQ_STR(s.v2, "");
	CHECK_EQ_INT(s.v2_fd, -1);
	test_v1_runs(&s, root);
	cg_slot_destroy(&s);
	str_printf(p, sizeof(p), "%s/memory/a/b/pairbox/box-5", root);
	CHECK(!exists(p));
	fake_root[0] = '\0';

	/* The root of a real pids hierarchy has no pids.max, only cgroup.procs. */
	str_printf(p, sizeof(p), "%s/pids/pids.max", root);
	unlink(p);
	str_printf(p, sizeof(p), "%s/pids", root);
	put(p, "cgroup.procs", "");
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	CHECK(t.ops == &cg1_ops);

	/* Our memory cgroup is not in this tree (another cgroup namespace). */
	put(tmp, "self-v1", "4:memory:/nope\n2:cpu,cpuacct:/\n8:pids:/\n");
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "memory/nope") && strstr(err, "--cgroup-parent"));

	/* Hybrid: an empty cgroup2 at unified does not make it v2 (this
	 * machine's layout); one that holds memory and pids does. */
	str_printf(p, sizeof(p), "%s/unified/svc", root);
	plain_dirs(p);
	str_printf(p, sizeof(p), "%s/unified", root);
	put(p, "cgroup.controllers", "");
	put(tmp, "self-v1", "4:memory:/a/b\n2:cpu,cpuacct:/\n8:pids:/\n0::/svc\n");
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	CHECK(t.ops == &cg1_ops);
	CHECK_EQ_STR(t.v2_mount, "");
	put(p, "cgroup.controllers", "memory pids\n");
	str_printf(p, sizeof(p), "%s/unified/svc", root);
	put(p, "cgroup.controllers", "memory pids\n");
	put(p, "cgroup.subtree_control", "");
	str_printf(fake_root, sizeof(fake_root), "%s", root);
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), 0);
	CHECK(t.ops == &cg2_ops);
	CHECK_EQ_STR(t.v2_parent, p);
	CHECK_EQ_STR(get(p, "cgroup.subtree_control"), "+memory +pids");
	fake_root[0] = '\0';

	/* No cpuacct: not usable, and no quiet fallback. */
	str_printf(root, sizeof(root), "%s/v1-bare", tmp);
	make_v1(root);
	str_printf(p, sizeof(p), "%s/cpu,cpuacct/cpuacct.usage", root);
	unlink(p);
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "no usable cgroup controllers") && strstr(err, root));
	str_printf(root, sizeof(root), "%s/empty", tmp);
	plain_dirs(root);
	CHECK_EQ_INT(cg_detect(root, self, NULL, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "need memory, pids and cpuacct (v1) or memory and pids (v2)") != NULL);
}

/* cg_kill_listed on a plain file: a listed child is killed; a list that
 * never empties gives up with -EBUSY; unparsable or dead entries are skipped. */
static void test_kill(const char *tmp)
{
	char line[64];
	int status = 0;
	put(tmp, "procs", "junk\n99999999\n");     /* above any pid_max: never a process */
	CHECK_EQ_INT(cg_kill_listed(tmp, "procs"), 0);
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	str_printf(line, sizeof(line), "%d\n", (int)child);
	put(tmp, "procs", line);
	CHECK_EQ_INT(cg_kill_listed(tmp, "procs"), -EBUSY);  /* a zombie stays listed here */
	CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CHECK_EQ_INT(cg_kill_listed(tmp, "no-such-file"), -ENOENT);
}

/* The real machine: v2 if its root is a cgroup2 mount, else v1 (this one
 * has v1 memory, cpuacct and pids and an empty cgroup2 at unified). Only
 * "pairbox" beneath our own cgroups is created. */
static void test_real(void)
{
	char err[512] = "";
	struct cg_tree t;
	int v2 = exists("/sys/fs/cgroup/cgroup.controllers");
	int r = cg_detect(NULL, NULL, NULL, &t, err, sizeof(err));
	if (r == -EACCES || r == -EPERM || r == -EROFS) {
		printf("real cgroup detection skipped (no write access): %s\n", err);
		return;
	}
	if (r)
		fprintf(stderr, "real cgroup detection: %s\n", err);
	CHECK_EQ_INT(r, 0);
	CHECK(t.ops == (v2 ? &cg2_ops : &cg1_ops));
	printf("real machine: %s\n", t.describe);
}

int main(void)
{
	char tmp[] = "/tmp/pairbox-cgtest-XXXXXX";
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 2;
	}
	test_helpers();
	test_v2(tmp);
	test_v1(tmp);
	test_kill(tmp);
	test_real();
	fake_root[0] = '\0';
	rm_tree(tmp);
	CHECK(!exists(tmp));
	return check_done();
}
