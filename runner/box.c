/* box.c - the caller's side of the sandbox: pool of slots, their keepers,
 * one run (request, watch, kill, collect) and the verdict.
 *
 * Threads: box_pool_* and box_acquire/box_release take the pool lock; a
 * struct box is used by one thread at a time between acquire and release.
 * Nothing here forks a child that runs code after fork, except a keeper in
 * fork mode (helper_path NULL), which is for single-threaded callers. */
#define _GNU_SOURCE
#include "box_int.h"
#include "keeper.h"
#include "mech.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	if (str_copy(tmp, sizeof(tmp), path))
		return -ENAMETOOLONG;
	for (char *s = tmp + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return (mkdir(tmp, 0755) && errno != EEXIST) ? -errno : 0;
}

/* SANDBOX-ISOLATION: box ids, and with them uids and cgroups, are reserved
 * across processes with a lock file each, so no two boxes ever share one. */
static int reserve_id(struct box_pool *p, int id, int *fd_out)
{
	char path[PATH_MAX];
	if (str_printf(path, sizeof(path), "%s/box-%d.lock", p->state_dir, id))
		return -ENAMETOOLONG;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int r = -errno;
		close(fd);
		return r;
	}
	*fd_out = fd;
	return 0;
}

static void keeper_stop(struct box *b)
{
	if (b->sock >= 0)
		close(b->sock);
	if (b->boxfd >= 0)
		close(b->boxfd);
	if (b->keeper > 0) {
		kill(b->keeper, SIGKILL);
		while (waitpid(b->keeper, NULL, 0) < 0 && errno == EINTR)
			;
	}
	b->sock = b->boxfd = -1;
	b->keeper = 0;
}

static pid_t spawn_exec(const char *helper, int fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	pid_t pid = -1;
	char *const argv[] = { (char *)"pairbox-keeper", (char *)"__keeper", NULL };
	char *const envp[] = { NULL };

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	posix_spawn_file_actions_adddup2(&fa, fd, 3);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	int r = posix_spawn(&pid, helper, &fa, &at, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return r ? -r : pid;
}

static int keeper_start(struct box *b, char *err, size_t errlen)
{
	struct box_pool *p = b->pool;
	int sv[2], r;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -errno;
	/* Keep the keeper's end above 3 so dup2(fd, 3) is a real copy. */
	int kfd = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
	close(sv[1]);
	if (kfd < 0) {
		close(sv[0]);
		return -errno;
	}
	pid_t pid;
	if (p->cfg.helper_path) {
		pid = spawn_exec(p->cfg.helper_path, kfd);
	} else {
		/* Fork mode: born as pid 1 of the slot's pid namespace, so no
		 * wrapper process is needed (see keeper_main). */
		pid = ns_clone_slot();
		if (pid == 0) {
			close(sv[0]);
			if (dup2(kfd, 3) < 0)
				_exit(126);
			keeper_main(3);
		}
	}
	close(kfd);
	if (pid < 0) {
		close(sv[0]);
		str_printf(err, errlen, "cannot start the box keeper: %s", strerror(-pid));
		return pid;
	}
	b->keeper = pid;
	b->sock = sv[0];

	struct kp_init init = { KP_INIT, KP_MAGIC, b->id, (uint32_t)b->uid, (uint32_t)b->gid,
				p->cfg.box_kb, (uint32_t)box_step_lookup(p->cfg.fault), { 0 } };
	str_copy(init.state_dir, sizeof(init.state_dir), p->state_dir);
	/* On v1 the keeper enters the slot's cgroups itself (see cgroup.h). */
	int join[3];
	int njoin = cg_slot_join(&b->cg, join, 3);
	if (njoin < 0) {
		r = njoin;
		str_printf(err, errlen, "cannot open the slot's cgroup: %s", strerror(-r));
		goto fail_quiet;
	}
	r = (int)kp_send(b->sock, &init, sizeof(init), join, njoin);
	for (int i = 0; i < njoin; i++)
		close(join[i]);
	if (r < 0)
		goto fail;
	struct kp_status s = { 0 };
	int fd = -1, nfd = 0;
	ssize_t n = kp_recv(b->sock, &s, sizeof(s), &fd, &nfd, 1);
	if (n != (ssize_t)sizeof(s) || s.type != KP_READY || nfd != 1) {
		if (nfd == 1)
			close(fd);
		if (n == (ssize_t)sizeof(s) && s.type == KP_FAIL)
			str_printf(err, errlen, "box set-up failed at %s: %s", box_step_name(s.step), strerror(s.err));
		else
			str_printf(err, errlen, "box keeper died during set-up");
		r = -EIO;
		goto fail_quiet;
	}
	b->boxfd = fd;
	b->dirty = false;
	return 0;
fail:
	str_printf(err, errlen, "cannot talk to the box keeper: %s", strerror(-r));
fail_quiet:
	keeper_stop(b);
	return r;
}

int box_pool_new(const struct box_config *cfg, struct box_pool **out, char *err, size_t errlen)
{
	int r;
	struct box_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->cfg = *cfg;
	if (str_copy(p->state_dir, sizeof(p->state_dir), cfg->state_dir ? cfg->state_dir : "/run/pairbox") ||
	    str_copy(p->profile_dir, sizeof(p->profile_dir), cfg->profile_dir ? cfg->profile_dir : ".") ||
	    (cfg->helper_path && str_copy(p->helper_path, sizeof(p->helper_path), cfg->helper_path))) {
		str_printf(err, errlen, "a configured path is too long");
		free(p);
		return -ENAMETOOLONG;
	}
	p->cfg.state_dir = p->state_dir;
	p->cfg.profile_dir = p->profile_dir;
	p->cfg.helper_path = cfg->helper_path ? p->helper_path : NULL;
	p->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (p->ncpus < 1)
		p->ncpus = 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	*out = NULL;

	char root[PATH_MAX];
	if ((r = mkdir_p(p->state_dir)) || (r = str_printf(root, sizeof(root), "%s/root", p->state_dir)) ||
	    (r = mkdir_p(root)) || (r = str_printf(p->bpf_dir, sizeof(p->bpf_dir), "%s/bpf", p->state_dir))) {
		str_printf(err, errlen, "cannot create state directory %s: %s", p->state_dir, strerror(-r));
		goto fail;
	}
	if (mkdir(p->bpf_dir, 0700) && errno != EEXIST)
		p->bpf_dir[0] = '\0';
	if ((r = cg_detect(cfg->cgroup_root, NULL, cfg->cgroup_parent, &p->cg, err, errlen)))
		goto fail;

	unsigned want = cfg->slots ? cfg->slots : 1;
	p->slots = calloc(want, sizeof(*p->slots));
	if (!p->slots) {
		r = -ENOMEM;
		goto fail;
	}
	int id = cfg->first_id >= 0 ? cfg->first_id : 0;
	for (; p->nslots < want && (unsigned)id < cfg->max_boxes; id++) {
		struct box *b = &p->slots[p->nslots];
		if (reserve_id(p, id, &b->lock_fd))
			continue;
		b->pool = p;
		b->id = id;
		b->uid = cfg->first_uid + (uid_t)id;
		b->gid = (gid_t)b->uid;
		b->sock = b->boxfd = -1;
		p->nslots++;
		if ((r = cg_slot_create(&p->cg, id, &b->cg, err, errlen)))
			goto fail;
		if ((r = keeper_start(b, err, errlen)))
			goto fail;
	}
	if (p->nslots < want) {
		str_printf(err, errlen, "no free box id: %u of %u wanted are free below %u",
			   p->nslots, want, cfg->max_boxes);
		r = -EBUSY;
		goto fail;
	}
	*out = p;
	return 0;
fail:
	box_pool_free(p);
	return r;
}

void box_pool_free(struct box_pool *p)
{
	if (!p)
		return;
	for (unsigned i = 0; p->slots && i < p->nslots; i++) {
		struct box *b = &p->slots[i];
		keeper_stop(b);
		if (b->cg.tree)
			cg_slot_destroy(&b->cg);
		if (b->lock_fd > 0)
			close(b->lock_fd);
	}
	for (unsigned i = 0; i < p->nprofiles; i++)
		sc_filter_release(&p->profiles[i].filter);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->slots);
	free(p);
}

const char *box_pool_describe(const struct box_pool *p)
{
	return p->cg.describe;
}

int box_acquire(struct box_pool *p, struct box **out, char *err, size_t errlen)
{
	struct box *b = NULL;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (unsigned i = 0; i < p->nslots && !b; i++)
			if (!p->slots[i].busy)
				b = &p->slots[i];
		if (b)
			break;
		pthread_cond_wait(&p->freed, &p->lock);
	}
	b->busy = true;
	pthread_mutex_unlock(&p->lock);
	if (b->keeper == 0 || b->dirty) {
		keeper_stop(b);
		int r = keeper_start(b, err, errlen);
		if (r) {
			box_release(b);
			return r;
		}
	}
	*out = b;
	return 0;
}

void box_release(struct box *b)
{
	struct box_pool *p = b->pool;
	/* A /box that cannot be emptied (too deep, say) costs a fresh keeper,
	 * whose /box is a new tmpfs. */
	if (b->keeper && box_clean(b))
		b->dirty = true;
	pthread_mutex_lock(&p->lock);
	b->busy = false;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

int box_id(const struct box *b) { return b->id; }
uid_t box_uid(const struct box *b) { return b->uid; }

static int profile_get(struct box_pool *p, const char *name, const struct sc_filter **f,
		       char *msg, size_t msglen)
{
	char path[PATH_MAX];
	int r = sc_profile_resolve(p->profile_dir, name ? name : "default", path, sizeof(path));
	if (r) {
		str_printf(msg, msglen, "seccomp profile '%s' not found", name ? name : "default");
		return r;
	}
	pthread_mutex_lock(&p->lock);
	for (unsigned i = 0; i < p->nprofiles; i++) {
		if (strcmp(p->profiles[i].path, path) == 0) {
			*f = &p->profiles[i].filter;
			pthread_mutex_unlock(&p->lock);
			return 0;
		}
	}
	r = -ENOSPC;
	if (p->nprofiles < sizeof(p->profiles) / sizeof(p->profiles[0])) {
		struct profile_cache *c = &p->profiles[p->nprofiles];
		r = sc_compile_file_cached(path, p->bpf_dir[0] ? p->bpf_dir : NULL, &c->filter, msg, msglen);
		if (r == 0) {
			str_copy(c->path, sizeof(c->path), path);
			*f = &c->filter;
			p->nprofiles++;
		}
	} else {
		str_printf(msg, msglen, "too many seccomp profiles in use");
	}
	pthread_mutex_unlock(&p->lock);
	return r;
}

static void set_internal(struct box_result *r, int step, int err, const char *detail)
{
	r->status = BOX_ST_INTERNAL_ERROR;
	if (detail && *detail)
		str_printf(r->message, sizeof(r->message), "Internal error at %s: %s", box_step_name(step), detail);
	else
		str_printf(r->message, sizeof(r->message), "Internal error at %s: %s", box_step_name(step), strerror(err));
}

static int make_stdin(const struct box_spec *spec)
{
	/* A sealed memfd: the program reads a real file it can neither grow,
	 * shrink nor write, and no host path is ever handed to it. */
	int fd = memfd_create("pairbox-stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	int r = spec->stdin_len ? write_all(fd, spec->stdin_data, spec->stdin_len) : 0;
	if (!r && (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) ||
		   lseek(fd, 0, SEEK_SET) < 0))
		r = -errno;
	if (r) {
		close(fd);
		return r;
	}
	return fd;
}

/* Serialise argv/env and the filter after the header. Caller frees. */
static char *build_request(const struct box_spec *spec, const struct sc_filter *f, uint32_t flags, size_t *len)
{
	size_t strings = 0;
	uint32_t argc = 0, envc = 0;
	for (; spec->argv[argc]; argc++)
		strings += strlen(spec->argv[argc]) + 1;
	for (; spec->env && spec->env[envc]; envc++)
		strings += strlen(spec->env[envc]) + 1;
	size_t bpf = (size_t)f->len * sizeof(struct sock_filter);
	*len = sizeof(struct kp_run) + bpf + strings;
	if (*len > KP_MAX_MSG || argc >= 1024 || envc >= 256)
		return NULL;
	char *buf = malloc(*len);
	if (!buf)
		return NULL;
	const struct box_limits *l = &spec->limits;
	struct kp_run h = {
		.type = KP_RUN, .flags = flags,
		.fault = (uint32_t)box_step_lookup(spec->fault),
		/* Per-process backstop a second past the box's kill point. */
		.cpu_backstop_s = l->cpu_ms ? (l->cpu_ms + l->extra_ms + 999) / 1000 + 1 : 0,
		.fsize_kb = l->fsize_kb, .stack_kb = l->stack_kb, .tmp_kb = l->tmp_kb,
		/* One above the pids cgroup's allowance: the cgroup, which counts
		 * and reports its refusals, must be the limit that bites first. */
		.nproc = l->processes ? l->processes + 1 : 0, .nofile = l->nofile,
		.argc = argc, .envc = envc, .bpf_len = f->len, .strings_len = (uint32_t)strings,
	};
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), f->insns, bpf);
	char *s = buf + sizeof(h) + bpf;
	for (uint32_t i = 0; i < argc; i++)
		s = stpcpy(s, spec->argv[i]) + 1;
	for (uint32_t i = 0; i < envc; i++)
		s = stpcpy(s, spec->env[i]) + 1;
	return buf;
}

struct watch {
	int pidfd;
	bool killed;
	enum box_limit_hit why;
	uint64_t start_us, end_us;
};

static void kill_box(struct watch *w, enum box_limit_hit why)
{
	if (w->killed)
		return;
	w->killed = true;
	w->why = why;
	/* Killing init kills the whole pid namespace: every process of the run. */
	syscall(SYS_pidfd_send_signal, w->pidfd, SIGKILL, NULL, 0);
}

static void read_stream(int *fd, struct outbuf *buf, struct watch *w)
{
	char chunk[65536];
	ssize_t n = read(*fd, chunk, sizeof(chunk));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	outbuf_append(buf, chunk, (size_t)n);
	/* SANDBOX-OUTPUT: a flood stops the box at the cap, not at the wall limit. */
	if (buf->truncated)
		kill_box(w, BOX_HIT_OUTPUT);
}

/* SANDBOX-TIME: watch the run: output, wall clock, box CPU. CPU is read from the cgroup
 * only when it could have reached the limit: the box cannot use more than
 * ncpus CPU-seconds per second. */
static void watch_run(struct box *b, const struct box_spec *spec, struct watch *w,
		      int out_fd, int err_fd, struct box_result *r)
{
	const struct box_limits *l = &spec->limits;
	uint64_t cpu_kill = l->cpu_ms ? ((uint64_t)l->cpu_ms + l->extra_ms) * 1000 : 0;
	uint64_t wall_kill = l->wall_ms ? (uint64_t)l->wall_ms * 1000 : 0;
	uint64_t next_cpu = cpu_kill ? w->start_us + cpu_kill / (uint64_t)b->pool->ncpus : 0;
	uint64_t drain_deadline = 0;
	struct pollfd pf[3] = { { w->pidfd, POLLIN, 0 }, { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };

	while (pf[0].fd >= 0 || pf[1].fd >= 0 || pf[2].fd >= 0) {
		uint64_t now = now_us();
		int64_t timeout_us = -1;
		if (pf[0].fd >= 0) {
			if (wall_kill && now - w->start_us >= wall_kill)
				kill_box(w, BOX_HIT_WALL);
			if (cpu_kill && now >= next_cpu && !w->killed) {
				uint64_t used = 0;
				cg_run_cpu(&b->cg, &used);
				if (used >= cpu_kill)
					kill_box(w, BOX_HIT_TIME);
				else
					next_cpu = now + (cpu_kill - used) / (uint64_t)b->pool->ncpus + 1000;
			}
			if (!w->killed) {
				if (wall_kill)
					timeout_us = (int64_t)(w->start_us + wall_kill - now);
				if (cpu_kill && (timeout_us < 0 || (int64_t)(next_cpu - now) < timeout_us))
					timeout_us = next_cpu > now ? (int64_t)(next_cpu - now) : 0;
			}
		} else {
			/* Everything in the box is dead; the pipes must be at EOF soon.
			 * A bounded wait guards against a bug, never against the program. */
			if (!drain_deadline)
				drain_deadline = now + 2000000;
			if (now >= drain_deadline)
				break;
			timeout_us = (int64_t)(drain_deadline - now);
		}
		int ms = timeout_us < 0 ? -1 : (int)((timeout_us + 999) / 1000);
		if (poll(pf, 3, ms) < 0 && errno != EINTR)
			break;
		if (pf[0].fd >= 0 && pf[0].revents) {
			w->end_us = now_us();
			pf[0].fd = -1;
		}
		if (pf[1].fd >= 0 && pf[1].revents)
			read_stream(&pf[1].fd, &r->out, w);
		if (pf[2].fd >= 0 && pf[2].revents)
			read_stream(&pf[2].fd, &r->err, w);
	}
	for (int i = 1; i < 3; i++)
		if (pf[i].fd >= 0)
			close(pf[i].fd);
	if (!w->end_us)
		w->end_us = now_us();
}

static void append_msg(struct box_result *r, const char *text)
{
	size_t n = strlen(r->message);
	str_printf(r->message + n, sizeof(r->message) - n, "%s%s", n ? "; " : "", text);
}

/* SANDBOX-STATUS: the one place a run becomes a status. Order: set-up
 * failure, exec failure (SANDBOX-EXEC: status 14), limits the runner
 * enforced, then what the program did. */
static void verdict(struct box_result *r, const struct box_spec *spec, const struct kp_status *done,
		    const struct cg_stats *st, const struct watch *w)
{
	const struct box_limits *l = &spec->limits;
	r->cpu_ms = (uint32_t)(st->cpu_usec / 1000);
	r->wall_ms = (uint32_t)((w->end_us - w->start_us) / 1000);
	r->memory_kb = st->mem_peak_kb;
	r->killed = w->killed;
	r->exit_code = -1;
	bool exited = done->has_status && WIFEXITED(done->prog_status);
	int sig = done->has_status && WIFSIGNALED(done->prog_status) ? WTERMSIG(done->prog_status) : 0;
	if (exited)
		r->exit_code = WEXITSTATUS(done->prog_status);
	r->exit_signal = sig;

	if (done->step == STEP_EXEC) {
		r->status = BOX_ST_EXEC_FORMAT;
		r->exit_code = -1;
		r->exit_signal = 0;
		str_printf(r->message, sizeof(r->message), "Exec format error: cannot execute %s: %s",
			   spec->argv[0], strerror(done->err));
		return;
	}
	if (done->step != STEP_NONE) {
		set_internal(r, done->step, done->err, NULL);
		return;
	}
	if (!done->has_status && !w->killed) {
		set_internal(r, STEP_KEEPER, EIO, "the box's init died unexpectedly");
		return;
	}
	if (w->killed)
		r->exit_signal = sig ? sig : SIGKILL;

	if (w->why == BOX_HIT_TIME || (l->cpu_ms && r->cpu_ms > l->cpu_ms) || sig == SIGXCPU) {
		r->status = BOX_ST_TIME_LIMIT;
		r->hit = BOX_HIT_TIME;
		append_msg(r, "Time limit exceeded");
	} else if (w->why == BOX_HIT_WALL) {
		r->status = BOX_ST_TIME_LIMIT;
		r->hit = BOX_HIT_WALL;
		append_msg(r, "Wall time limit exceeded");
	} else if (st->oom_kills && (sig == SIGKILL || !done->has_status)) {
		r->status = BOX_ST_OTHER;
		r->hit = BOX_HIT_MEMORY;
		append_msg(r, "Memory limit exceeded");
	} else if (w->why == BOX_HIT_OUTPUT) {
		r->status = BOX_ST_SIGXFSZ;
		r->hit = BOX_HIT_OUTPUT;
		append_msg(r, r->out.truncated ? "Output limit exceeded (stdout)" : "Output limit exceeded (stderr)");
	} else if (sig) {
		switch (sig) {
		case SIGSEGV: r->status = BOX_ST_SIGSEGV; break;
		case SIGXFSZ: r->status = BOX_ST_SIGXFSZ; break;
		case SIGFPE: r->status = BOX_ST_SIGFPE; break;
		case SIGABRT: r->status = BOX_ST_SIGABRT; break;
		default: r->status = BOX_ST_OTHER; break;
		}
		char text[64];
		const char *abbrev = sigabbrev_np(sig);
		str_printf(text, sizeof(text), "Killed by signal %d (SIG%s)", sig, abbrev ? abbrev : "?");
		append_msg(r, text);
	} else if (r->exit_code != 0) {
		r->status = BOX_ST_NZEC;
		char text[48];
		str_printf(text, sizeof(text), "Exited with error status %d", r->exit_code);
		append_msg(r, text);
	} else {
		r->status = BOX_ST_ACCEPTED;
	}
	if (st->oom_kills && r->hit != BOX_HIT_MEMORY)
		append_msg(r, "memory limit reached");
	if (st->pids_max_hits) {
		if (r->hit == BOX_HIT_NONE)
			r->hit = BOX_HIT_PROCESSES;
		append_msg(r, "Process limit reached");
	}
}

int box_exec(struct box *b, const struct box_spec *spec, struct box_result *r)
{
	if (!spec || !spec->argv || !spec->argv[0] || !r)
		return -EINVAL;
	memset(r->message, 0, sizeof(r->message));
	outbuf_release(&r->out);
	outbuf_release(&r->err);
	outbuf_init(&r->out, spec->limits.output_bytes);
	outbuf_init(&r->err, spec->limits.output_bytes);
	r->status = 0;
	r->hit = BOX_HIT_NONE;
	r->exit_code = -1;
	r->exit_signal = 0;
	r->cpu_ms = r->wall_ms = 0;
	r->memory_kb = 0;
	r->killed = false;

	char msg[200] = "";
	const struct sc_filter *filter;
	int in_fd = -1, out[2] = { -1, -1 }, err[2] = { -1, -1 }, cgfd = -1, rc;
	char *req = NULL;
	struct watch w = { .pidfd = -1 };
	struct cg_stats st = { 0 };
	struct kp_status done = { KP_DONE, STEP_NONE, 0, 0, 0, 0 };

	if ((rc = profile_get(b->pool, spec->profile, &filter, msg, sizeof(msg)))) {
		set_internal(r, STEP_PROFILE, -rc, msg);
		return 0;
	}
	if (b->keeper == 0 || b->dirty) {
		keeper_stop(b);
		if ((rc = keeper_start(b, msg, sizeof(msg)))) {
			set_internal(r, STEP_KEEPER, -rc, msg);
			return 0;
		}
	}
	if (box_step_lookup(spec->fault) == STEP_CGROUP) {
		set_internal(r, STEP_CGROUP, EIO, NULL);
		return 0;
	}
	if ((rc = cg_run_prepare(&b->cg, &spec->limits, &cgfd))) {
		set_internal(r, STEP_CGROUP, -rc, NULL);
		return 0;
	}
	if ((in_fd = make_stdin(spec)) < 0) {
		set_internal(r, STEP_STDIN, -in_fd, NULL);
		goto finish;
	}
	if (pipe2(out, O_CLOEXEC) || (!spec->merge_stderr && pipe2(err, O_CLOEXEC))) {
		set_internal(r, STEP_PIPES, errno, NULL);
		goto finish;
	}
	size_t len;
	uint32_t flags = (spec->network ? KP_F_NETWORK : 0) | (cgfd >= 0 ? KP_F_CGROUP_FD : 0);
	if (!(req = build_request(spec, filter, flags, &len))) {
		set_internal(r, STEP_SEND, E2BIG, "arguments and environment too large");
		goto finish;
	}
	int fds[4] = { in_fd, out[1], spec->merge_stderr ? out[1] : err[1], cgfd };
	w.start_us = now_us();
	if ((rc = (int)kp_send(b->sock, req, len, fds, cgfd >= 0 ? 4 : 3)) < 0) {
		b->dirty = true;
		set_internal(r, STEP_SEND, -rc, NULL);
		goto finish;
	}
	close(out[1]);
	out[1] = -1;
	if (err[1] >= 0) {
		close(err[1]);
		err[1] = -1;
	}
	close(in_fd);
	in_fd = -1;

	struct kp_status s = { 0 };
	int nfd = 0;
	ssize_t n = kp_recv(b->sock, &s, sizeof(s), &w.pidfd, &nfd, 1);
	if (n != (ssize_t)sizeof(s)) {
		b->dirty = true;
		set_internal(r, STEP_KEEPER, n < 0 ? (int)-n : EPIPE, "the box keeper stopped answering");
		goto finish;
	}
	if (s.type != KP_STARTED || nfd != 1) {
		if (nfd == 1)
			close(w.pidfd);
		w.pidfd = -1;
		w.end_us = now_us();
		verdict(r, spec, &s, &st, &w);
		goto finish;
	}
	watch_run(b, spec, &w, out[0], spec->merge_stderr ? -1 : err[0], r);
	out[0] = err[0] = -1;           /* closed by watch_run */
	n = kp_recv(b->sock, &done, sizeof(done), NULL, NULL, 0);
	if (n != (ssize_t)sizeof(done) || done.type != KP_DONE) {
		b->dirty = true;
		set_internal(r, STEP_KEEPER, EPIPE, "the box keeper stopped answering");
		goto finish;
	}
	cg_run_finish(&b->cg, &st);
	cgfd = -1;
	verdict(r, spec, &done, &st, &w);
finish:
	if (cgfd >= 0)
		cg_run_finish(&b->cg, &st);
	if (w.pidfd >= 0)
		close(w.pidfd);
	free(req);
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	if (in_fd >= 0)
		close(in_fd);
	return 0;
}
