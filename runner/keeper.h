/* keeper.h - the per-slot helper process and its protocol with the caller.
 *
 * Messages travel over a SOCK_SEQPACKET socketpair; file descriptors ride
 * along as SCM_RIGHTS. One request is in flight per keeper at a time.
 *
 *   caller -> keeper  KP_INIT  (struct kp_init) + [cgroup "tasks" fds, v1]  once
 *   keeper -> caller  KP_READY + [fd of /box]  or KP_FAIL     once
 *   caller -> keeper  KP_RUN   (struct kp_run + payload) + [stdin, stdout, stderr, cgroup dir?, tasks files*]
 *   keeper -> caller  KP_STARTED (program pid) + [pidfd of the program]  or KP_DONE with a set-up failure
 *   keeper -> caller  KP_DONE  (struct kp_status), once every process of the run is gone
 *
 * The keeper is pid 1 of the slot's pid namespace. The caller kills a run by
 * killing the program's main process through the pidfd; when the main
 * process ends, for whatever reason, the keeper kills every other process of
 * the namespace (kill(-1) from pid 1), reaps them, empties /tmp and only then
 * sends KP_DONE. EOF on the socket makes the keeper do the same and exit.
 */
#ifndef PAIRBOX_KEEPER_H
#define PAIRBOX_KEEPER_H

#include <stdint.h>
#include <sys/types.h>

/* Set-up steps, in the order they happen. Named in status-13 messages and
 * selectable for fault injection (box_spec.fault). */
enum box_step {
	STEP_NONE = 0,
	/* keeper, once per slot */
	STEP_K_PIDNS, STEP_K_CGROUP, STEP_K_OOM_ADJ, STEP_K_NETNS_FD, STEP_K_UNSHARE, STEP_K_PRIVATE,
	STEP_K_ROOT, STEP_K_BOX, STEP_K_LOOPBACK, STEP_K_HOSTNAME, STEP_K_PIVOT, STEP_K_PROC, STEP_K_TMP,
	/* caller, per run */
	STEP_CGROUP, STEP_PROFILE, STEP_STDIN, STEP_PIPES, STEP_SEND, STEP_KEEPER,
	/* keeper, per run */
	STEP_TMP, STEP_CLONE,
	/* the program's own process, per run, the fixed checklist before execve */
	STEP_STDIO, STEP_CGROUP_JOIN, STEP_SETSID, STEP_OOM_SCORE, STEP_NAMESPACES, STEP_NETWORK, STEP_RLIMITS,
	STEP_CHDIR, STEP_CAP_BOUND, STEP_SECUREBITS, STEP_SETGROUPS, STEP_SETGID, STEP_SETUID,
	STEP_CAP_CLEAR, STEP_NO_NEW_PRIVS, STEP_CLOSE_FDS, STEP_SECCOMP, STEP_EXEC,
	STEP__COUNT
};

const char *box_step_name(int step);      /* "mount-proc", ... */
int box_step_lookup(const char *name);    /* STEP_NONE if unknown */

#define KP_MAGIC 0x31786270u              /* "pbx1" */
#define KP_MAX_MSG (256 * 1024)

enum kp_type { KP_INIT = 1, KP_READY, KP_FAIL, KP_RUN, KP_STARTED, KP_DONE };

struct kp_init {
	uint32_t type, magic;
	int32_t box_id;
	uint32_t uid, gid;
	uint64_t box_kb;
	uint32_t fault;              /* enum box_step to fail, for tests */
	char state_dir[256];         /* holds the "root" mountpoint */
	char binds[2048];            /* extra host paths for the root: NUL-separated, empty-terminated */
};

/* flags of struct kp_run */
#define KP_F_NETWORK 1u          /* share the host network namespace */
#define KP_F_CGROUP_FD 2u        /* a cgroup directory fd follows: CLONE_INTO_CGROUP */
#define KP_MAX_FDS 7              /* stdio, the cgroup directory, up to 3 tasks files */

struct kp_run {
	uint32_t type, flags;
	uint32_t fault;
	uint32_t cpu_backstop_s;     /* RLIMIT_CPU per process, 0 = none */
	uint64_t fsize_kb, stack_kb, tmp_kb;
	uint32_t nproc, nofile;
	uint32_t argc, envc;
	uint32_t njoin;              /* cgroup "tasks" fds after the others: the program joins them */
	uint32_t bpf_len;            /* BPF instructions following the header */
	uint32_t strings_len;        /* then argv and env strings, NUL-separated */
};

struct kp_status {               /* KP_FAIL, KP_STARTED and KP_DONE */
	uint32_t type;
	int32_t step;                /* failing enum box_step, STEP_NONE if none */
	int32_t err;                 /* errno of the failing step */
	int32_t pid;                 /* KP_STARTED: the program's pid (in the slot's namespace) */
	int32_t has_status;          /* KP_DONE: prog_status is valid */
	int32_t prog_status;         /* wait status of the program */
};

/* Entry point of a keeper: serves requests on sock until EOF. Never returns. */
__attribute__((noreturn)) void keeper_main(int sock);

/* Message helpers shared by both ends. Return bytes / 0 on EOF / -errno. */
ssize_t kp_send(int sock, const void *buf, size_t len, const int *fds, int nfds);
ssize_t kp_recv(int sock, void *buf, size_t len, int *fds, int *nfds, int maxfds);

#endif
