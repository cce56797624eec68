/* run.c - one run in a slot: the request to the keeper, watching output,
 * wall clock and CPU, killing, collecting, and the verdict.
 *
 * Threads: a struct box is used by one thread at a time (box_acquire), so
 * nothing here locks except the pool's profile cache. */
#define _GNU_SOURCE
#include "box_int.h"
#include "keeper.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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
static char *build_request(const struct box_spec *spec, const struct sc_filter *f, uint32_t flags, uint32_t njoin,
			   size_t *len)
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
		.argc = argc, .envc = envc, .njoin = njoin, .bpf_len = f->len, .strings_len = (uint32_t)strings,
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
	bool drain;                     /* box_spec.drain_output */
	uint64_t cap, streamed;         /* drain: the cap on both streams, and what came */
	bool idle;                      /* stopped for idling (why is WALL) */
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

/* chunk is READ_CHUNK bytes from the heap: as a stack array its pages
 * would all be touched (stack-clash probes) on the first call, sixteen page
 * faults before a byte of output. Without it, a page of stack does. */
#define READ_CHUNK 65536
static void read_stream(int *fd, struct outbuf *buf, struct watch *w, char *chunk)
{
	char page[4096];
	ssize_t n = chunk ? read(*fd, chunk, READ_CHUNK) : read(*fd, chunk = page, sizeof(page));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	outbuf_append(buf, chunk, (size_t)n);
	w->streamed += (uint64_t)n;
	/* SANDBOX-OUTPUT: a flood stops the box at the cap, not at the wall
	 * limit; drained, it runs on to its time limit. */
	if (buf->truncated && !w->drain)
		kill_box(w, BOX_HIT_OUTPUT);
}

/* Drained output past the cap (box_spec.drain_output). */
static bool drained_over(const struct watch *w)
{
	return w->drain && w->cap && w->streamed > w->cap;
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
	/* SANDBOX-TIME: idle windows: the CPU used in each idle_ms of wall time. */
	uint64_t idle_win = (uint64_t)l->idle_ms * 1000, next_idle = idle_win ? w->start_us + idle_win : 0;
	uint64_t idle_cpu = 0;
	uint64_t drain_deadline = 0;
	struct pollfd pf[3] = { { w->pidfd, POLLIN, 0 }, { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	char *chunk = malloc(READ_CHUNK);     /* NULL: the streams are closed unread */

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
			if (idle_win && now >= next_idle && !w->killed) {
				uint64_t used = 0;
				cg_run_cpu(&b->cg, &used);
				if (used - idle_cpu < idle_win / 100) {
					w->idle = true;
					kill_box(w, BOX_HIT_WALL);
				}
				idle_cpu = used;
				next_idle = now + idle_win;
			}
			if (!w->killed) {
				if (wall_kill)
					timeout_us = (int64_t)(w->start_us + wall_kill - now);
				if (cpu_kill && (timeout_us < 0 || (int64_t)(next_cpu - now) < timeout_us))
					timeout_us = next_cpu > now ? (int64_t)(next_cpu - now) : 0;
				if (idle_win && (timeout_us < 0 || (int64_t)(next_idle - now) < timeout_us))
					timeout_us = next_idle > now ? (int64_t)(next_idle - now) : 0;
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
			read_stream(&pf[1].fd, &r->out, w, chunk);
		if (pf[2].fd >= 0 && pf[2].revents)
			read_stream(&pf[2].fd, &r->err, w, chunk);
	}
	free(chunk);
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
static void memory_exceeded(struct box_result *r)
{
	r->status = BOX_ST_OTHER;
	r->hit = BOX_HIT_MEMORY;
	append_msg(r, "Memory limit exceeded");
}

static void verdict(struct box_result *r, const struct box_spec *spec, const struct kp_status *done,
		    const struct cg_stats *st, const struct watch *w, uint64_t box_kb)
{
	const struct box_limits *l = &spec->limits;
	r->cpu_ms = (uint32_t)(st->cpu_usec / 1000);
	r->wall_ms = (uint32_t)((w->end_us - w->start_us) / 1000);
	r->memory_kb = st->mem_peak_kb + box_kb;
	r->killed = w->killed;
	r->exit_code = -1;
	bool exited = done->has_status && WIFEXITED(done->prog_status);
	int sig = done->has_status && WIFSIGNALED(done->prog_status) ? WTERMSIG(done->prog_status) : 0;
	if (exited)
		r->exit_code = WEXITSTATUS(done->prog_status);
	r->exit_signal = sig;
	/* SANDBOX-MEM: a run that met its memory limit says so, whatever else
	 * followed: an OOM kill, or a failure of any kind (a crash, an exit
	 * after a failed allocation, a time-out while reclaim thrashed) of a
	 * run whose charges met the limit. One that succeeded after its page
	 * cache was trimmed at the limit did not exceed it. */
	bool ok = exited && r->exit_code == 0 && !w->killed && done->step == STEP_NONE;
	bool memory = st->oom_kills || (st->mem_limit_hits && !ok);

	/* A failure of the step a test asked to fail is the sandbox's, whatever
	 * the step: exec's included, which is otherwise the program's (14). */
	if (done->step != STEP_NONE && done->step == box_step_lookup(spec->fault)) {
		set_internal(r, done->step, done->err, NULL);
		return;
	}
	if (done->step == STEP_EXEC && memory) {
		r->exit_code = -1;
		r->exit_signal = 0;
		memory_exceeded(r);
		return;
	}
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
	if (!done->has_status && !w->killed && !memory) {
		set_internal(r, STEP_KEEPER, EIO, "the box's init died unexpectedly");
		return;
	}
	if (w->killed || !done->has_status)
		r->exit_signal = sig ? sig : SIGKILL;

	if (memory) {
		memory_exceeded(r);
	} else if (w->why == BOX_HIT_TIME || (l->cpu_ms && r->cpu_ms > l->cpu_ms) || sig == SIGXCPU) {
		r->status = BOX_ST_TIME_LIMIT;
		r->hit = BOX_HIT_TIME;
		append_msg(r, "Time limit exceeded");
	} else if (w->why == BOX_HIT_WALL) {
		r->status = BOX_ST_TIME_LIMIT;
		r->hit = BOX_HIT_WALL;
		if (w->idle) {
			char text[96];
			str_printf(text, sizeof(text), "Wall time limit exceeded (idle: under 1%% of a CPU for %u.%03u s)",
				   l->idle_ms / 1000, l->idle_ms % 1000);
			append_msg(r, text);
		} else {
			append_msg(r, "Wall time limit exceeded");
		}
	} else if (w->why == BOX_HIT_OUTPUT) {
		r->status = BOX_ST_SIGXFSZ;
		r->hit = BOX_HIT_OUTPUT;
		append_msg(r, r->out.truncated ? "Output limit exceeded (stdout)" : "Output limit exceeded (stderr)");
	} else if (sig) {
		switch (sig) {
		case SIGSEGV: r->status = BOX_ST_SIGSEGV; break;
		case SIGXFSZ:                 /* a file past fsize: the output limit too */
			r->status = BOX_ST_SIGXFSZ;
			r->hit = BOX_HIT_OUTPUT;
			append_msg(r, "Output limit exceeded (a file reached the size limit)");
			break;
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
	} else if (drained_over(w)) {
		r->status = BOX_ST_SIGXFSZ;
		r->hit = BOX_HIT_OUTPUT;
		char text[128];
		str_printf(text, sizeof(text), "Output limit exceeded (%llu bytes of output, the limit is %llu)",
			   (unsigned long long)w->streamed, (unsigned long long)w->cap);
		append_msg(r, text);
	} else {
		r->status = BOX_ST_ACCEPTED;
	}
	if (st->pids_max_hits) {
		if (r->hit == BOX_HIT_NONE)
			r->hit = BOX_HIT_PROCESSES;
		append_msg(r, "Process limit reached");
	}
}

/* SANDBOX-MEM: what /box holds when a run starts is the program's memory
 * too. The judge wrote those tmpfs pages (the executable, what a compile
 * left, additional files), so they are charged to the judge's cgroup, not
 * the run's, yet the program reads them at no cost: they count against its
 * limit and in its reported peak. Holes in sparse files take no pages. */
static int box_used_kb(const struct box *b, uint64_t *kb)
{
	struct statfs sf;
	if (fstatfs(b->boxfd, &sf))
		return -errno;
	*kb = (uint64_t)(sf.f_blocks - sf.f_bfree) * (uint64_t)sf.f_bsize / 1024;
	return 0;
}

/* The keeper went silent mid-run. It lives outside the run's limited
 * cgroup, but whatever took it, the run's own OOM counters are read before
 * the keeper is blamed: a run that met its memory limit is a verdict. */
static void keeper_lost(struct box *b, struct box_result *r, uint64_t box_kb, int err)
{
	struct cg_stats st;
	b->dirty = true;
	cg_run_finish(&b->cg, &st);
	if (st.oom_kills) {
		r->memory_kb = st.mem_peak_kb + box_kb;
		r->cpu_ms = (uint32_t)(st.cpu_usec / 1000);
		r->exit_signal = SIGKILL;
		memory_exceeded(r);
		return;
	}
	set_internal(r, STEP_KEEPER, err, "the box keeper stopped answering");
}

/* Fault injection (tests): the caller's steps fail as the keeper's do
 * (keeper.c's STEP), with EIO and without running. */
#define CALLER_STEP(fault, id, call) ((fault) == (id) ? -EIO : (call))

int box_exec(struct box *b, const struct box_spec *spec, struct box_result *r)
{
	int fault = spec ? box_step_lookup(spec->fault) : STEP_NONE;
	if (!spec || !spec->argv || !spec->argv[0] || !r || (spec->fault && fault == STEP_NONE)) {
		if (spec && spec->pipe_stdio) {
			close(spec->stdin_fd);
			close(spec->stdout_fd);
		}
		return -EINVAL;
	}
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
	int in_fd = -1, out[2] = { -1, -1 }, err[2] = { -1, -1 }, rc, ret = 0;
	bool piped = spec->pipe_stdio, merged = spec->merge_stderr && !piped, cg_live = false;
	if (piped) {                    /* ours now: closed at finish like our own */
		in_fd = spec->stdin_fd;
		out[1] = spec->stdout_fd;
	}
	char *req = NULL;
	struct watch w = { .pidfd = -1, .drain = spec->drain_output, .cap = spec->limits.output_bytes };
	struct cg_stats st = { 0 };
	struct cg_entry ce;
	struct box_limits lim = spec->limits;
	uint64_t box_kb = 0;
	struct kp_status done = { KP_DONE, STEP_NONE, 0, 0, 0, 0 };

	if ((rc = CALLER_STEP(fault, STEP_PROFILE, profile_get(b->pool, spec->profile, &filter, msg, sizeof(msg))))) {
		set_internal(r, STEP_PROFILE, -rc, msg);
		goto finish;
	}
	if ((rc = CALLER_STEP(fault, STEP_KEEPER, box_slot_ready(b, msg, sizeof(msg))))) {
		set_internal(r, STEP_KEEPER, -rc, msg);
		goto finish;
	}
	if (fault == STEP_CGROUP) {
		set_internal(r, STEP_CGROUP, EIO, NULL);
		goto finish;
	}
	/* A keeper still starting (pipelined pool) has given nobody its /box:
	 * it is empty. The run is prepared and sent meanwhile. */
	bool pipelined = b->starting;
	if (!pipelined && (rc = box_used_kb(b, &box_kb))) {
		set_internal(r, STEP_CGROUP, -rc, "cannot measure what /box holds");
		goto finish;
	}
	if (lim.memory_kb && box_kb >= lim.memory_kb) {
		r->memory_kb = box_kb;
		memory_exceeded(r);
		append_msg(r, "the files in /box alone take it");
		goto finish;
	}
	if (lim.memory_kb)
		lim.memory_kb -= box_kb;
	if ((rc = cg_run_prepare(&b->cg, &lim, &ce))) {
		set_internal(r, STEP_CGROUP, -rc, NULL);
		goto finish;
	}
	cg_live = true;
	if (!piped && (in_fd = CALLER_STEP(fault, STEP_STDIN, make_stdin(spec))) < 0) {
		set_internal(r, STEP_STDIN, -in_fd, NULL);
		goto finish;
	}
	if (fault == STEP_PIPES || (!piped && pipe2(out, O_CLOEXEC)) || (!merged && pipe2(err, O_CLOEXEC))) {
		set_internal(r, STEP_PIPES, fault == STEP_PIPES ? EIO : errno, NULL);
		goto finish;
	}
	size_t len;
	uint32_t flags = (spec->network ? KP_F_NETWORK : 0) | (ce.clone_fd >= 0 ? KP_F_CGROUP_FD : 0);
	if (!(req = build_request(spec, filter, flags, (uint32_t)ce.njoin, &len))) {
		set_internal(r, STEP_SEND, E2BIG, "arguments and environment too large");
		goto finish;
	}
	/* stdin, stdout, stderr, then the cgroup fds (keeper.h) */
	int fds[KP_MAX_FDS] = { in_fd, out[1], merged ? out[1] : err[1] }, nfds = 3;
	if (ce.clone_fd >= 0)
		fds[nfds++] = ce.clone_fd;
	for (int i = 0; i < ce.njoin; i++)
		fds[nfds++] = ce.join[i];
	rc = (int)CALLER_STEP(fault, STEP_SEND, kp_send(b->sock, req, len, fds, nfds));
	/* Pipelined, a send can only fail because the keeper's set-up did,
	 * and its report says where. */
	if (pipelined && box_slot_settle(b, msg, sizeof(msg))) {
		set_internal(r, STEP_KEEPER, EIO, msg);
		ret = -EIO;
		goto finish;
	}
	if (rc < 0) {
		b->dirty = true;
		set_internal(r, STEP_SEND, -rc, NULL);
		goto finish;
	}
	w.start_us = now_us();
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
		cg_live = false;
		keeper_lost(b, r, box_kb, n < 0 ? (int)-n : EPIPE);
		goto finish;
	}
	if (s.type != KP_STARTED || nfd != 1) {
		if (nfd == 1)
			close(w.pidfd);
		w.pidfd = -1;
		w.end_us = now_us();
		cg_live = false;
		cg_run_finish(&b->cg, &st);
		verdict(r, spec, &s, &st, &w, box_kb);
		goto finish;
	}
	watch_run(b, spec, &w, out[0], merged ? -1 : err[0], r);
	out[0] = err[0] = -1;           /* closed by watch_run */
	n = kp_recv(b->sock, &done, sizeof(done), NULL, NULL, 0);
	if (spec->last_run)
		box_slot_retire(b);           /* its teardown overlaps ours below */
	cg_live = false;
	if (n != (ssize_t)sizeof(done) || done.type != KP_DONE) {
		w.end_us = w.end_us ? w.end_us : now_us();
		r->wall_ms = (uint32_t)((w.end_us - w.start_us) / 1000);
		keeper_lost(b, r, box_kb, EPIPE);
		goto finish;
	}
	cg_run_finish(&b->cg, &st);
	verdict(r, spec, &done, &st, &w, box_kb);
finish:
	if (spec->last_run)
		box_slot_retire(b);
	if (cg_live)
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
	return ret;
}
