/* cgroup.c - cgroup detection, slot paths and the file helpers shared by v1 and v2. */
#define _GNU_SOURCE
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CG_DEFAULT_ROOT "/sys/fs/cgroup"
#define CG_DEFAULT_SELF "/proc/self/cgroup"
#define CG_KILL_BATCH 64            /* pidfds held at once by cg_kill_listed */
#define CG_RMDIR_WAIT_MS 5000       /* how long cg_rmdir waits for killed tasks to leave */

static int cg_path(char *buf, size_t len, const char *dir, const char *file)
{
	return str_printf(buf, len, "%s/%s", dir, file);
}

static int cg_exists(const char *dir, const char *file)
{
	char p[CG_PATH_MAX];
	return cg_path(p, sizeof(p), dir, file) == 0 && access(p, F_OK) == 0;
}

static const struct timespec cg_1ms = { 0, 1000000 };

int cg_write(const char *dir, const char *file, const char *value)
{
	char p[CG_PATH_MAX];
	int r = cg_path(p, sizeof(p), dir, file);
	if (r)
		return r;
	int fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One write(): cgroupfs parses each write on its own and reports the
	 * controller's verdict (EBUSY, EINVAL, ...) from it. */
	size_t n = strlen(value);
	ssize_t k = write(fd, value, n);
	r = k < 0 ? -errno : (size_t)k != n ? -EIO : 0;
	close(fd);
	return r;
}

int cg_read(const char *dir, const char *file, char *buf, size_t len)
{
	char p[CG_PATH_MAX];
	if (len == 0)
		return -EINVAL;
	buf[0] = '\0';
	int r = cg_path(p, sizeof(p), dir, file);
	if (r)
		return r;
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	ssize_t k;
	while (n < len - 1 && (k = read(fd, buf + n, len - 1 - n)) != 0) {
		if (k > 0)
			n += (size_t)k;
		else if (errno != EINTR) {
			r = -errno;
			break;
		}
	}
	buf[n] = '\0';
	close(fd);
	return r;
}

int cg_read_u64(const char *dir, const char *file, uint64_t *v)
{
	char buf[64];
	int r = cg_read(dir, file, buf, sizeof(buf));
	if (r)
		return r;
	buf[strcspn(buf, " \n")] = '\0';
	if (strcmp(buf, "max") == 0) {
		*v = UINT64_MAX;
		return 0;
	}
	return parse_u64(buf, v);
}

int cg_read_key(const char *dir, const char *file, const char *key, uint64_t *v)
{
	char buf[8192];
	int r = cg_read(dir, file, buf, sizeof(buf));
	if (r)
		return r;
	size_t klen = strlen(key);
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ')
			return parse_u64(line + klen + 1, v);
	}
	return -ENODATA;
}

int cg_mkdir(const char *path)
{
	return mkdir(path, 0755) && errno != EEXIST ? -errno : 0;
}

int cg_rmdir(const char *path)
{
	/* A killed task stays in the cgroup until it has finished exiting;
	 * rmdir says EBUSY meanwhile. On a loaded machine (20 boxes torn down
	 * at once on 2 cores) that has taken more than 100 ms, so the bound
	 * is wall time, not a number of tries. */
	uint64_t deadline = now_ms() + CG_RMDIR_WAIT_MS;
	for (;;) {
		if (rmdir(path) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -errno;
		if (now_ms() > deadline)
			return -EBUSY;
		nanosleep(&cg_1ms, NULL);
	}
}

int cg_remove(const char *dir)
{
	/* Usually its tasks are reaped by now and one rmdir does it: the
	 * killing below reads and writes files through paths as long as this
	 * one, five more path walks for each of a run's cgroups. */
	if (!dir[0] || rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	/* cgroup.kill (v2, 5.14+) kills every member at once, forks in flight
	 * included; without it, kill from the list until it stays empty. */
	if (!cg_exists(dir, "cgroup.kill") || cg_write(dir, "cgroup.kill", "1"))
		cg_kill_listed(dir, "cgroup.procs");
	return cg_rmdir(dir);
}

/* Read a pid list as "\n1\n2\n...\n" so "\n<pid>\n" finds a whole entry.
 * A full buffer may end inside a number: that partial entry is dropped,
 * never misread as another pid. */
static int cg_read_pids(const char *dir, const char *file, char *buf, size_t len)
{
	buf[0] = '\n';
	int r = cg_read(dir, file, buf + 1, len - 1);
	if (r)
		return r;
	size_t n = strlen(buf);
	if (n == len - 1)
		strrchr(buf, '\n')[1] = '\0';
	else if (buf[n - 1] != '\n')
		memcpy(buf + n, "\n", 2);
	return 0;
}

static int cg_pid_listed(const char *list, pid_t pid)
{
	char needle[24];
	return str_printf(needle, sizeof(needle), "\n%d\n", (int)pid) == 0 && strstr(list, needle);
}

int cg_kill_listed(const char *dir, const char *file)
{
	char list[4096], again[4096];
	uint64_t deadline = now_ms() + 1000;
	int r;
	while ((r = cg_read_pids(dir, file, list, sizeof(list))) == 0) {
		pid_t pids[CG_KILL_BATCH];
		int fds[CG_KILL_BATCH], n = 0;
		char *save = NULL;
		for (char *tok = strtok_r(list, "\n", &save); tok && n < CG_KILL_BATCH;
		     tok = strtok_r(NULL, "\n", &save)) {
			if (parse_int(tok, &pids[n]) || pids[n] <= 0 || pids[n] == getpid())
				continue;
			/* A listed pid may exit and be reused by an unrelated
			 * process before we signal it: pin the process with a
			 * pidfd, then signal it only if the pid is still listed. */
			fds[n] = (int)syscall(SYS_pidfd_open, pids[n], 0);
			if (fds[n] >= 0 || errno != ESRCH)
				n++;
		}
		if (n == 0)
			return 0;
		int confirmed = cg_read_pids(dir, file, again, sizeof(again)) == 0;
		for (int i = 0; i < n; i++) {
			if (confirmed && cg_pid_listed(again, pids[i])) {
				if (fds[i] >= 0)
					syscall(SYS_pidfd_send_signal, fds[i], SIGKILL, NULL, 0);
				else    /* no pidfd: old kernel, or a thread id from "tasks" */
					kill(pids[i], SIGKILL);
			}
			if (fds[i] >= 0)
				close(fds[i]);
		}
		if (now_ms() > deadline)
			return -EBUSY;
		nanosleep(&cg_1ms, NULL);
	}
	return r;
}

int cg_list_has(const char *list, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = list + strspn(list, " \t\n,"); *p; p += strspn(p, " \t\n,")) {
		size_t n = strcspn(p, " \t\n,");
		if (n == wl && strncmp(p, word, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/* mount + rel, rel being a path as in /proc/self/cgroup ("/" = the root).
 * Components are joined one by one so that "//" or a trailing "/" never
 * reach a path, and "." or ".." (from --cgroup-parent) never climb out. */
static int cg_join(char *out, size_t len, const char *mount, const char *rel)
{
	int r = str_copy(out, len, mount);
	for (rel += strspn(rel, "/"); !r && *rel; rel += strspn(rel, "/")) {
		int c = (int)strcspn(rel, "/");
		if ((c == 1 && rel[0] == '.') || (c == 2 && rel[0] == '.' && rel[1] == '.'))
			return -EINVAL;
		size_t n = strlen(out);
		r = str_printf(out + n, len - n, "/%.*s", c, rel);
		rel += c;
	}
	return r;
}

/* Our path in the hierarchy of ctrl ("N:a,ctrl,b:/path"), or with ctrl NULL
 * in the v2 hierarchy ("0::/path"). text is /proc/self/cgroup. */
static int cg_own_path(const char *text, const char *ctrl, char *out, size_t len)
{
	char line[CG_PATH_MAX + 256];
	for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t n = strcspn(p, "\n");
		if (n >= sizeof(line))
			continue;
		memcpy(line, p, n);
		line[n] = '\0';
		char *ctrls = strchr(line, ':'), *path = ctrls ? strchr(ctrls + 1, ':') : NULL;
		if (!path)
			continue;
		*ctrls++ = '\0';
		*path++ = '\0';
		if (ctrl ? cg_list_has(ctrls, ctrl) : strcmp(line, "0") == 0 && !ctrls[0])
			return str_copy(out, len, path);
	}
	return -ENOENT;
}

/* dir = mount + our path for ctrl (or parent_override); it must exist. */
static int cg_locate(const char *self_text, const char *self_path, const char *override, const char *ctrl,
		     const char *mount, char *dir, char *err, size_t errlen)
{
	char rel[CG_PATH_MAX];
	int r = override ? str_copy(rel, sizeof(rel), override) : cg_own_path(self_text, ctrl, rel, sizeof(rel));
	if (r) {
		str_printf(err, errlen, "cannot find our %s cgroup in %s: %s", ctrl ? ctrl : "v2", self_path,
			   strerror(-r));
		return r;
	}
	if ((r = cg_join(dir, CG_PATH_MAX, mount, rel))) {
		str_printf(err, errlen, "bad cgroup path %s under %s: %s", rel, mount, strerror(-r));
		return r;
	}
	/* Outside our cgroup namespace the paths in /proc/self/cgroup do not
	 * match the mounted tree. */
	if (access(dir, F_OK)) {
		r = -errno;
		str_printf(err, errlen, "cgroup %s: %s (is the cgroup tree from another cgroup namespace? "
			   "set --cgroup-parent)", dir, strerror(-r));
	}
	return r;
}

static int cg_detect_v2(struct cg_tree *t, const char *text, const char *self_path, const char *override,
			char *err, size_t errlen)
{
	char ctl[1024];
	int r = cg_locate(text, self_path, override, NULL, t->v2_mount, t->v2_parent, err, errlen);
	if (r)
		return r;
	if ((r = cg_read(t->v2_parent, "cgroup.controllers", ctl, sizeof(ctl)))) {
		str_printf(err, errlen, "cannot read %s/cgroup.controllers: %s", t->v2_parent, strerror(-r));
		return r;
	}
	int mem = cg_list_has(ctl, "memory"), pids = cg_list_has(ctl, "pids");
	if (!mem || !pids) {
		str_printf(err, errlen, "%s/cgroup.controllers lacks %s: delegate memory and pids to pairbox's cgroup "
			   "(systemd: Delegate=yes on its service) or set --cgroup-parent to a cgroup that has them",
			   t->v2_parent, mem ? "pids" : pids ? "memory" : "memory and pids");
		return -ENOENT;
	}
	t->ops = &cg2_ops;
	return 0;
}

static int cg_detect_v1(struct cg_tree *t, const char *text, const char *self_path, const char *override,
			const char *cpuacct_mount, char *err, size_t errlen)
{
	static const char *const ctrls[] = { "memory", "cpuacct", "pids" };
	char *dirs[] = { t->v1_memory, t->v1_cpuacct, t->v1_pids };
	char mount[CG_PATH_MAX];
	for (size_t i = 0; i < 3; i++) {
		int r = i == 1 ? str_copy(mount, sizeof(mount), cpuacct_mount)
			       : str_printf(mount, sizeof(mount), "%s/%s", t->root, ctrls[i]);
		if (!r)
			r = cg_locate(text, self_path, override, ctrls[i], mount, dirs[i], err, errlen);
		if (r)
			return r;
	}
	t->ops = &cg1_ops;
	return 0;
}

/* v1 is usable when memory, pids and a cpuacct hierarchy are mounted;
 * cpuacct is often co-mounted with cpu. Sets cpuacct to its mount. The
 * root of a pids hierarchy shows no pids.* file, only cgroup.procs. */
static int cg_v1_usable(const char *root, char *cpuacct)
{
	static const char *const names[] = { "cpuacct", "cpu,cpuacct", "cpuacct,cpu" };
	char mem[CG_PATH_MAX], pids[CG_PATH_MAX];
	int found = 0;
	for (size_t i = 0; i < 3 && !found; i++)
		found = !str_printf(cpuacct, CG_PATH_MAX, "%s/%s", root, names[i]) && cg_exists(cpuacct, "cpuacct.usage");
	return found && !str_printf(mem, sizeof(mem), "%s/memory", root) && cg_exists(mem, "memory.limit_in_bytes") &&
	       !str_printf(pids, sizeof(pids), "%s/pids", root) &&
	       (cg_exists(pids, "pids.max") || cg_exists(pids, "cgroup.procs"));
}

int cg_detect(const char *cgroup_root, const char *self_cgroup, const char *parent_override,
	      struct cg_tree *t, char *err, size_t errlen)
{
	char unified[CG_PATH_MAX], cpuacct[CG_PATH_MAX], ctl[1024];
	char *text = NULL;
	int r;
	memset(t, 0, sizeof(*t));
	if (!self_cgroup)
		self_cgroup = CG_DEFAULT_SELF;
	if (!(r = str_copy(t->root, sizeof(t->root), cgroup_root ? cgroup_root : CG_DEFAULT_ROOT)))
		for (size_t n = strlen(t->root); n > 1 && t->root[n - 1] == '/'; n--)
			t->root[n - 1] = '\0';
	if (r || (r = str_printf(unified, sizeof(unified), "%s/unified", t->root))) {
		str_printf(err, errlen, "cgroup root path too long");
		return r;
	}

	/* Decided by files, not by statfs magic, so that tests can point
	 * cgroup_root at a fake tree. A hybrid system's cgroup2 mount only
	 * counts if the controllers pairbox needs are bound to it. */
	int v2 = 1;
	if (cg_exists(t->root, "cgroup.controllers"))
		str_copy(t->v2_mount, sizeof(t->v2_mount), t->root);
	else if (cg_read(unified, "cgroup.controllers", ctl, sizeof(ctl)) == 0 && cg_list_has(ctl, "memory") &&
		 cg_list_has(ctl, "pids"))
		str_copy(t->v2_mount, sizeof(t->v2_mount), unified);
	else if (cg_v1_usable(t->root, cpuacct))
		v2 = 0;
	else {
		str_printf(err, errlen, "no usable cgroup controllers: need memory, pids and cpuacct (v1) "
			   "or memory and pids (v2) under %s", t->root);
		return -ENOENT;
	}
	if (!parent_override && (r = read_file(self_cgroup, 65536, &text, NULL))) {
		str_printf(err, errlen, "cannot read %s: %s", self_cgroup, strerror(-r));
		return r;
	}
	if (v2)
		r = cg_detect_v2(t, text, self_cgroup, parent_override, err, errlen);
	else
		r = cg_detect_v1(t, text, self_cgroup, parent_override, cpuacct, err, errlen);
	free(text);
	return r ? r : t->ops->tree_init(t, err, errlen);
}

int cg_slot_create(struct cg_tree *t, int id, struct cg_slot *s, char *err, size_t errlen)
{
	int r;
	memset(s, 0, sizeof(*s));
	s->tree = t;
	s->id = id;
	s->v2_fd = s->cpu_fd = -1;
	for (int i = 0; i < CG_JOIN_MAX; i++)
		s->join_fd[i] = -1;
	if (t->ops == &cg2_ops) {
		r = str_printf(s->v2, sizeof(s->v2), "%s/pairbox/box-%d", t->v2_parent, id);
	} else {
		const char *parent[] = { t->v1_memory, t->v1_cpuacct, t->v1_pids };
		char *slot[] = { s->memory, s->cpuacct, s->pids };
		r = 0;
		for (int i = 0; i < 3 && !r; i++)
			r = str_printf(slot[i], CG_PATH_MAX, "%s/pairbox/box-%d", parent[i], id);
	}
	if (r) {
		str_printf(err, errlen, "cgroup path of box %d is too long", id);
		return r;
	}
	return t->ops->slot_create(s, err, errlen);
}

void cg_slot_destroy(struct cg_slot *s)
{
	if (!s || !s->tree)
		return;
	s->tree->ops->slot_destroy(s);
	s->tree = NULL;     /* a second call is a no-op */
}
