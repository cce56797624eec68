/* box.c - the caller's side of the sandbox: the pool of slots and their
 * keepers (one run is in run.c).
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
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* SANDBOX-ISOLATION: box ids, and with them uids and cgroups, are reserved
 * across processes with a lock file each in BOX_ID_DIR, so no two boxes
 * ever share one, even in servers with different state directories. */
static int reserve_id(int id, int *fd_out)
{
	char path[PATH_MAX];
	if (str_printf(path, sizeof(path), "%s/box-%d.lock", BOX_ID_DIR, id))
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
	b->starting = false;
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
				p->cfg.box_kb, (uint32_t)box_step_lookup(p->cfg.fault), { 0 }, { 0 } };
	str_copy(init.state_dir, sizeof(init.state_dir), p->state_dir);
	memcpy(init.binds, p->binds, sizeof(init.binds));
	/* The keeper would enter the slot's cgroups itself (none: cgroup.h). */
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
	b->dirty = false;
	b->starting = true;
	/* A pipelined pool's caller goes on preparing its run meanwhile. */
	return p->cfg.pipelined ? 0 : box_slot_settle(b, err, errlen);
fail:
	str_printf(err, errlen, "cannot talk to the box keeper: %s", strerror(-r));
fail_quiet:
	keeper_stop(b);
	return r;
}

int box_slot_settle(struct box *b, char *err, size_t errlen)
{
	if (!b->starting)
		return 0;
	b->starting = false;
	struct kp_status s = { 0 };
	int fd = -1, nfd = 0;
	ssize_t n = kp_recv(b->sock, &s, sizeof(s), &fd, &nfd, 1);
	/* A keeper that died with a pipelined request unread resets the
	 * connection; the kernel reports that before the KP_FAIL it queued
	 * for us, and only once. */
	if (n == -ECONNRESET)
		n = kp_recv(b->sock, &s, sizeof(s), &fd, &nfd, 1);
	if (n == (ssize_t)sizeof(s) && s.type == KP_READY && nfd == 1) {
		b->boxfd = fd;
		return 0;
	}
	if (nfd == 1)
		close(fd);
	if (n == (ssize_t)sizeof(s) && s.type == KP_FAIL)
		str_printf(err, errlen, "box set-up failed at %s: %s", box_step_name(s.step), strerror(s.err));
	else
		str_printf(err, errlen, "box keeper died during set-up");
	keeper_stop(b);
	return -EIO;
}

int box_dirfd(struct box *b)
{
	char err[8];
	if (b->starting && box_slot_settle(b, err, sizeof(err)))
		return -EIO;
	return b->boxfd >= 0 ? b->boxfd : -EIO;      /* its keeper failed to start */
}

int box_wait_ready(struct box *b, char *err, size_t errlen)
{
	int r = box_slot_ready(b, err, errlen);
	return r ? r : box_slot_settle(b, err, errlen);
}

int box_pool_new(const struct box_config *cfg, struct box_pool **out, char *err, size_t errlen)
{
	int r;
	if (cfg->fault && box_step_lookup(cfg->fault) == STEP_NONE) {
		str_printf(err, errlen, "fault injection: '%s' is not a set-up step", cfg->fault);
		return -EINVAL;
	}
	struct box_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->cfg = *cfg;
	if (str_copy(p->state_dir, sizeof(p->state_dir), cfg->state_dir ? cfg->state_dir : BOX_STATE_DIR) ||
	    str_copy(p->profile_dir, sizeof(p->profile_dir), cfg->profile_dir ? cfg->profile_dir : ".") ||
	    (cfg->helper_path && str_copy(p->helper_path, sizeof(p->helper_path), cfg->helper_path))) {
		str_printf(err, errlen, "a configured path is too long");
		free(p);
		return -ENAMETOOLONG;
	}
	p->cfg.state_dir = p->state_dir;
	p->cfg.profile_dir = p->profile_dir;
	p->cfg.binds = NULL;
	/* Extra paths for the root travel to keepers in one fixed buffer. */
	size_t used = 0;
	for (const char *const *b = cfg->binds; b && *b; b++) {
		size_t n = strlen(*b) + 1;
		if (**b != '/' || used + n + 1 > sizeof(p->binds)) {
			str_printf(err, errlen, "bind path %s: not absolute, or too many binds", *b);
			free(p);
			return -EINVAL;
		}
		memcpy(p->binds + used, *b, n);
		used += n;
	}
	p->cfg.helper_path = cfg->helper_path ? p->helper_path : NULL;
	p->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (p->ncpus < 1)
		p->ncpus = 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	*out = NULL;

	char root[PATH_MAX];
	if ((r = mkdir_p(BOX_ID_DIR, 0755))) {
		str_printf(err, errlen, "cannot create %s: %s", BOX_ID_DIR, strerror(-r));
		goto fail;
	}
	if ((r = mkdir_p(p->state_dir, 0755)) || (r = str_printf(root, sizeof(root), "%s/root", p->state_dir)) ||
	    (r = mkdir_p(root, 0755)) || (r = str_printf(p->bpf_dir, sizeof(p->bpf_dir), "%s/bpf", p->state_dir))) {
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
		if (reserve_id(id, &b->lock_fd))
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

const char *box_pool_state_dir(const struct box_pool *p)
{
	return p->state_dir;
}

unsigned box_pool_slots(const struct box_pool *p)
{
	return p->nslots;
}

const char *box_pool_describe(const struct box_pool *p)
{
	return p->cg.describe;
}

void box_slot_retire(struct box *b)
{
	/* EOF on its socket: the keeper kills what is left of a run and
	 * exits; keeper_stop() reaps it later. */
	if (b->sock >= 0)
		close(b->sock);
	b->sock = -1;
	b->dirty = true;
}

int box_slot_ready(struct box *b, char *err, size_t errlen)
{
	if (b->keeper && !b->dirty)
		return 0;
	keeper_stop(b);
	return keeper_start(b, err, errlen);
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
	int r = box_slot_ready(b, err, errlen);
	if (r) {
		box_release(b);
		return r;
	}
	*out = b;
	return 0;
}

void box_release(struct box *b)
{
	struct box_pool *p = b->pool;
	/* A /box that cannot be emptied (too deep, say) costs a fresh keeper,
	 * whose /box is a new tmpfs; a slot whose keeper is to be replaced
	 * anyway is not emptied, nor one whose keeper never reported (nobody
	 * could write to its /box). */
	if (b->keeper && !b->dirty && !b->starting && box_clean(b))
		b->dirty = true;
	pthread_mutex_lock(&p->lock);
	b->busy = false;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

int box_id(const struct box *b) { return b->id; }
uid_t box_uid(const struct box *b) { return b->uid; }
