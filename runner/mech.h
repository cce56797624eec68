/* mech.h - the verbs of the per-mechanism modules the keeper calls.
 * Each returns 0 or -errno and is safe to call in a forked child (no
 * allocation after fork except where noted). */
#ifndef PAIRBOX_MECH_H
#define PAIRBOX_MECH_H

#include <stdint.h>
#include <sys/types.h>

/* ns.c: start a run's program: fn(arg) in a child, with a pidfd. Without a
 * cgroup fd the child shares the keeper's memory until it execs (vfork
 * style, on the given stack: no page tables are copied, as posix_spawn
 * does), so fn must not allocate; on cgroup v2 (cgroup_fd >= 0) it is a
 * clone3 straight into the run's cgroup (CLONE_INTO_CGROUP), fork style.
 * Returns the child's pid (and *pidfd) or -errno; fn never returns. */
pid_t ns_spawn_run(int (*fn)(void *), void *arg, void *stack_top, int cgroup_fd, int *pidfd);
/* A fork whose child is pid 1 of a new pid namespace (a keeper in fork
 * mode). Returns the child's pid, 0 in the child, or -errno. */
pid_t ns_clone_slot(void);
int ns_unshare_slot(void);                 /* mount and uts for a slot */
/* The slot's network namespace with lo up, made by a thread while the
 * caller builds the root; finish joins it (failed_step names what failed).
 * Starting it again while it is under way does nothing. */
int ns_net_start(void);
int ns_net_finish(int *failed_step);
int ns_set_hostname(const char *name);
int ns_enter_net(int netns_fd);

/* mounts.c */
int mnt_make_private(void);
/* Build the read-only root at dir: /usr,/lib*,/bin,/sbin, a small /etc,
 * /dev, and empty /proc, /tmp, /box mountpoints. passwd/group name uid/gid. */
/* binds: extra host paths (NUL-separated, empty-terminated), mirrored read-only. */
int mnt_build_root(const char *dir, uid_t uid, gid_t gid, const char *binds);
/* Mount /box (tmpfs owned by uid/gid, size_kb) under the root dir. */
int mnt_mount_box(const char *dir, uid_t uid, gid_t gid, uint64_t size_kb);
int mnt_seal_root(const char *dir);        /* remount the root read-only */
int mnt_pivot(const char *dir);            /* pivot_root into dir, drop the old root */
int mnt_mount_proc(void);                  /* /proc for the slot's pid ns */
int mnt_mount_tmp(uint64_t size_kb);       /* /tmp tmpfs */

/* boxfs.c: remove everything below a directory fd, never following a link. */
int fs_empty_dir(int dfd);

/* net.c: bring lo up in the current network namespace (one rtnetlink
 * request; called in the keeper before any request). */
int net_loopback_up(void);

/* creds.c: the credential steps, in order. cred_prepare() runs in the keeper
 * before forking (it allocates the empty capability set). */
int cred_prepare(void);
int cred_drop_bounding(void);
int cred_lock_securebits(void);
int cred_switch_user(uid_t uid, gid_t gid, int *failed_step);
int cred_clear_caps(void);
int cred_no_new_privs(void);

/* rlimits.c */
struct rl_spec {
	uint64_t fsize_kb, stack_kb;
	uint32_t cpu_s, nproc, nofile;
};
int rl_apply(const struct rl_spec *s);

#endif
