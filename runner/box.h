/* box.h - the sandbox: one spec in, one result out.
 *
 * Process model (docs/process-model.md has the whole story):
 *
 *   caller (any thread)          keeper (one per box slot)        init (pid 1)      program
 *   box_exec() ──request+fds──▶  long-lived, already inside  ──clone3──▶ mounts /proc, ──fork──▶ rlimits, creds,
 *              ◀──pidfd───────   its cgroups (v1), its own       /tmp; waits     caps, seccomp,
 *   polls pipes, pidfd, cgroup   mount/net/uts namespaces                          execve
 *              ◀──done────────   reaps init, reports status
 *
 * The caller never forks the program itself: it talks to the slot's keeper
 * over a SOCK_SEQPACKET socket, so box_exec() is safe to call from a
 * multi-threaded server. A keeper is either exec'd from the pairbox binary
 * (config.helper_path; safe in threaded programs) or, for single-threaded
 * callers such as the one-shot CLI, forked without exec (helper_path NULL).
 *
 * Ownership: a struct box_pool owns its slots and keepers; a struct box is
 * borrowed from the pool between box_acquire() and box_release(). A
 * struct box_result owns its output buffers: release with box_result_release().
 */
#ifndef PAIRBOX_BOX_H
#define PAIRBOX_BOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "outbuf.h"

/* Judge0 status ids, used unchanged in every result. */
enum box_status {
	BOX_ST_IN_QUEUE = 1,
	BOX_ST_PROCESSING = 2,
	BOX_ST_ACCEPTED = 3,        /* ran and exited 0 ("Accepted" once compared) */
	BOX_ST_WRONG_ANSWER = 4,
	BOX_ST_TIME_LIMIT = 5,
	BOX_ST_COMPILE_ERROR = 6,
	BOX_ST_SIGSEGV = 7,
	BOX_ST_SIGXFSZ = 8,         /* Judge0's name; here always the output limit: a stream past
	                               its cap, or a file past fsize (the program's SIGXFSZ) */
	BOX_ST_SIGFPE = 9,
	BOX_ST_SIGABRT = 10,
	BOX_ST_NZEC = 11,
	BOX_ST_OTHER = 12,
	BOX_ST_INTERNAL_ERROR = 13,
	BOX_ST_EXEC_FORMAT = 14,
};

/* Judge0's description for a status id ("Accepted", ...). Never NULL. */
const char *box_status_description(int status);

/* Which limit stopped the program, if any. */
enum box_limit_hit {
	BOX_HIT_NONE = 0,
	BOX_HIT_TIME,       /* CPU time of the whole box */
	BOX_HIT_WALL,       /* wall-clock time (or idle: box_limits.idle_ms) */
	BOX_HIT_MEMORY,     /* memory cgroup OOM kill */
	BOX_HIT_OUTPUT,     /* stdout or stderr exceeded its cap, or a file fsize */
	BOX_HIT_PROCESSES,  /* a fork/clone failed on the pids limit */
};

/* Short name of a limit ("time", "wall", ...; "" for none). */
const char *box_limit_name(enum box_limit_hit hit);

struct box_limits {
	uint32_t cpu_ms;        /* CPU time of all processes; 0 = unlimited */
	uint32_t extra_ms;      /* grace before the kill; over cpu_ms is still TLE */
	uint32_t wall_ms;       /* wall-clock; 0 = unlimited */
	uint64_t memory_kb;     /* memory cgroup limit (RSS + page cache + tmpfs) */
	uint32_t processes;     /* processes + threads the program may have */
	uint64_t fsize_kb;      /* RLIMIT_FSIZE */
	uint64_t stack_kb;      /* RLIMIT_STACK; 0 = unlimited */
	uint64_t tmp_kb;        /* size of the box's /tmp tmpfs */
	uint64_t output_bytes;  /* cap per stream (stdout, stderr); kept prefix */
	uint32_t nofile;        /* RLIMIT_NOFILE */
	/* Idle: a run that used under 1% of one CPU over any idle_ms of
	 * wall time is stopped then (status 5, hit WALL), whatever its wall
	 * limit; 0 = never. Not for a program that waits on another (an
	 * interactive run). No option of its own: a caller's choice. */
	uint32_t idle_ms;
};

/* The defaults of `pairbox box`'s limit options (box_opts.h): Judge0
 * 1.13.1's where Judge0 has one. */
void box_limits_default(struct box_limits *l);

struct box_spec {
	const char *const *argv;    /* borrowed; argv[0] is looked up in PATH */
	const char *const *env;     /* borrowed; NAME=VALUE added to the clean env */
	const void *stdin_data;     /* borrowed; NULL = empty stdin */
	size_t stdin_len;
	struct box_limits limits;
	bool network;               /* share the host network (default: off) */
	bool merge_stderr;          /* stderr goes to the stdout pipe */
	/* Past limits.output_bytes, the program runs on (DOMjudge's
	 * truncation): what it writes more is read and dropped, the cap is on
	 * stdout and stderr together, and a run that then ends within its
	 * other limits, exiting 0, is status 8 (hit OUTPUT). Time, memory and
	 * a crash or non-zero exit come first. Default: the cap of each
	 * stream stops the box at once (Judge0's status 8). */
	bool drain_output;
	const char *profile;        /* seccomp profile name or path; NULL = default */
	const char *fault;          /* testing: a set-up step to fail (box_fault_step); NULL = none */
	/* Interactive runs (a program and a Kattis validator talking): when
	 * pipe_stdio, the program's stdin and stdout are these descriptors,
	 * pipes to another box, instead of stdin_data and the captured stdout
	 * (stderr is still captured; merge_stderr is ignored). box_exec takes
	 * them over and closes both, whatever happens. */
	bool pipe_stdio;
	int stdin_fd, stdout_fd;
	/* The slot's last run (a one-shot caller such as `pairbox box`): its
	 * keeper is let go as soon as the run is reported, so the namespaces'
	 * teardown overlaps the caller's own. /box stays readable
	 * (box_get_file, box_copy_out_all) until box_release; a later
	 * box_acquire of the slot starts a fresh keeper. */
	bool last_run;
};

struct box_result {
	int status;                 /* enum box_status */
	int exit_code;              /* valid when the program exited */
	int exit_signal;            /* 0 if not killed by a signal */
	uint32_t cpu_ms;            /* whole box, from the cgroup */
	uint32_t wall_ms;
	uint64_t memory_kb;         /* peak, from the cgroup */
	enum box_limit_hit hit;
	bool killed;                /* the runner killed the box */
	struct outbuf out;          /* stdout prefix (capped) */
	struct outbuf err;          /* stderr prefix (capped) */
	char message[256];          /* human summary; names the failing step on 13 */
};

void box_result_init(struct box_result *r);
void box_result_release(struct box_result *r);   /* accepts a zeroed struct */

/* SANDBOX-ISOLATION: box ids, and with them uids and cgroups, are one
 * machine-wide namespace: every pool reserves its ids here, whatever its
 * state directory, so two servers never run boxes with the same uid. */
#define BOX_ID_DIR "/run/pairbox/ids"
#define BOX_STATE_DIR "/run/pairbox"      /* the default state directory */

struct box_config {
	const char *state_dir;      /* mountpoint, bpf cache, work space; default BOX_STATE_DIR */
	const char *cgroup_parent;  /* override of the cgroup we run in; NULL = from /proc/self/cgroup */
	const char *cgroup_root;    /* cgroupfs mount root (tests point it at a fake tree); NULL = /sys/fs/cgroup */
	const char *helper_path;    /* pairbox binary to exec as keeper; NULL = fork without exec */
	const char *profile_dir;    /* seccomp-profiles directory */
	unsigned slots;             /* boxes this pool runs at once */
	int first_id;               /* first box id to try; -1 = any free */
	unsigned max_boxes;         /* ids 0..max_boxes-1 (default 1000) */
	uid_t first_uid;            /* box N runs as first_uid + N (default 60000) */
	uint64_t box_kb;            /* size of /box (tmpfs); default 256M (box_opts.h) */
	const char *fault;          /* testing: a keeper set-up step to fail (box_fault_step) */
	/* For a caller that runs a program right after acquiring its box
	 * (pairbox box): box_acquire does not wait for the slot's keeper to
	 * be ready; box_exec prepares the run (cgroups, stdin, pipes) while
	 * the keeper sets the slot up, and sends it at once. A failed set-up
	 * is then reported by box_wait_ready, by box_exec (status 13, and
	 * -EIO) or, as -EIO, by the /box file calls. */
	bool pipelined;
	const char *const *binds;   /* borrowed; extra host paths under /etc or /var/lib that
	                               toolchains read, mirrored read-only (NULL-terminated) */
};

void box_config_default(struct box_config *c);

struct box_pool;
struct box;

/* Detect cgroups, reserve box ids, prepare (lazily) the keepers.
 * On failure returns -errno and fills err (e.g. no usable cgroup controller). */
int box_pool_new(const struct box_config *cfg, struct box_pool **out, char *err, size_t errlen);
void box_pool_free(struct box_pool *p);   /* kills keepers, removes cgroups */

/* The state directory (bpf cache, work space); borrowed. */
const char *box_pool_state_dir(const struct box_pool *p);

/* How many boxes the pool runs at once (its slots). */
unsigned box_pool_slots(const struct box_pool *p);

/* Human description of the cgroup mode ("v1 memory,cpuacct,pids under ..."). */
const char *box_pool_describe(const struct box_pool *p);

/* Borrow a slot (blocks until one is free). Its /box starts empty. */
int box_acquire(struct box_pool *p, struct box **out, char *err, size_t errlen);
/* Wait until the slot's keeper is ready (box_acquire does, unless the pool
 * is pipelined); 0, or -errno with err saying which set-up step failed. */
int box_wait_ready(struct box *b, char *err, size_t errlen);
/* Kill anything left, empty /box (unless its keeper is to be replaced,
 * /box with it), return the slot. */
void box_release(struct box *b);

int box_id(const struct box *b);
uid_t box_uid(const struct box *b);

/* Files in and out of /box. Names are relative to /box and never follow a
 * link (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS); files are created
 * O_EXCL and chown'd through their fd, never by path. */
int box_put_file(struct box *b, const char *name, const void *data, size_t len, mode_t mode);
int box_put_host_file(struct box *b, const char *name, const char *host_path, mode_t mode);
/* Read a regular file the program made; refuses links, fifos, devices and
 * files over cap (-EFBIG). */
int box_get_file(struct box *b, const char *name, struct outbuf *out);
/* Copy a host directory's regular files and subdirectories into /box. */
int box_put_host_dir(struct box *b, const char *host_dir);
/* Copy every regular file and directory of /box into host_dir (no links). */
int box_copy_out_all(struct box *b, const char *host_dir);
/* Empty /box without following links. */
int box_clean(struct box *b);

/* The set-up steps a test can make fail (box_config.fault for the slot's,
 * box_spec.fault for a run's), in the order they happen: the i-th name,
 * NULL past the last. The slot's own steps are named "keeper-...". */
const char *box_fault_step(unsigned i);

/* Run one program in the slot. Returns 0 when result is filled (including
 * status 13 for a failed set-up step, and for any failure of the step
 * spec->fault names), -errno only for bad arguments (an unknown fault
 * step among them) and,
 * in a pipelined pool, -EIO when the slot's keeper failed to set up (the
 * result says where). */
int box_exec(struct box *b, const struct box_spec *spec, struct box_result *r);

#endif
