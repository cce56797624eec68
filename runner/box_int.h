/* box_int.h - the pool and slot structures, shared by box.c and boxfs.c. */
#ifndef PAIRBOX_BOX_INT_H
#define PAIRBOX_BOX_INT_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>

#include "box.h"
#include "cgroup.h"
#include "seccomp_profile.h"

struct box {
	struct box_pool *pool;     /* borrowed */
	int id;
	uid_t uid;
	gid_t gid;
	int lock_fd;               /* flock'd BOX_ID_DIR/box-N.lock */
	struct cg_slot cg;
	pid_t keeper;              /* 0 when not running */
	int sock;                  /* to the keeper, -1 when not running */
	int boxfd;                 /* /box, inside the keeper's mount namespace */
	bool busy;
	bool dirty;                /* restart the keeper before the next use */
	bool starting;             /* INIT sent, READY not yet received (pipelined pools) */
};

struct profile_cache {
	char path[PATH_MAX];
	struct sc_filter filter;
};

struct box_pool {
	struct box_config cfg;     /* strings point into the buffers below */
	char state_dir[256];
	char helper_path[PATH_MAX];
	char profile_dir[PATH_MAX];
	char binds[2048];           /* as struct kp_init carries them */
	char bpf_dir[PATH_MAX];     /* compiled profiles, <state_dir>/bpf */
	struct cg_tree cg;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned nslots;
	struct box *slots;
	struct profile_cache profiles[16];
	unsigned nprofiles;
	long ncpus;
};

/* box.c: make sure the slot has a live keeper (restarting a dirty one).
 * 0 or -errno with err set. */
int box_slot_ready(struct box *b, char *err, size_t errlen);
/* box.c: receive the READY of a starting keeper (a no-op otherwise); on a
 * failed set-up the keeper is stopped and err names the step: -EIO. */
int box_slot_settle(struct box *b, char *err, size_t errlen);
/* box.c: the /box directory fd, waiting for a starting keeper; -errno. */
int box_dirfd(struct box *b);
/* box.c: let the slot's keeper go (it exits on EOF) without waiting for
 * it; the slot is dirty, and /box stays open until the keeper is stopped. */
void box_slot_retire(struct box *b);

#endif
