/* test_pool.c - the library as a threaded server uses it: a pool of slots
 * with exec'd keepers, box_exec from several threads at once, no cross-talk,
 * counters that never carry over, and nothing left behind. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "box.h"
#include "check.h"
#include "host_procs.h"
#include "util.h"

#define SLOTS 3
#define THREADS 6
#define RUNS 8

static struct box_pool *pool;
static pthread_mutex_t check_lock = PTHREAD_MUTEX_INITIALIZER;
static int thread_failures;


static void *worker(void *arg)
{
	long me = (long)arg;
	for (int i = 0; i < RUNS; i++) {
		struct box *b;
		char err[256], marker[64];
		if (box_acquire(pool, &b, err, sizeof(err))) {
			__atomic_add_fetch(&thread_failures, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		str_printf(marker, sizeof(marker), "t%ld-r%d", me, i);
		/* Each run leaves a file in /box and /tmp, and must find neither
		 * from any earlier run of any thread. */
		const char *argv[] = { "/bin/sh", "-c",
			"cat input; ls -A /box /tmp | tr '\\n' ' '; echo; echo $(id -u) > /box/left; echo x > /tmp/left", NULL };
		box_put_file(b, "input", marker, strlen(marker), 0644);
		struct box_spec spec = { .argv = argv };
		box_limits_default(&spec.limits);
		struct box_result r;
		box_result_init(&r);
		box_exec(b, &spec, &r);
		pthread_mutex_lock(&check_lock);
		CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
		/* ls of the two dirs, newlines flattened by tr */
		char flat[128];
		str_printf(flat, sizeof(flat), "%s/box: input  /tmp: \n", marker);
		CHECK_EQ_STR(r.out.data, flat);
		pthread_mutex_unlock(&check_lock);
		box_result_release(&r);
		box_release(b);
	}
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ_INT(thread_failures, 0);
}

static void run1(struct box *b, const char *script, const struct box_limits *l, struct box_result *r)
{
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	struct box_spec spec = { .argv = argv, .limits = *l };
	box_exec(b, &spec, r);
}

/* Peak memory and OOM kills belong to one run only. */
static void test_counters(void)
{
	struct box *b;
	char err[256];
	CHECK_EQ_INT(box_acquire(pool, &b, err, sizeof(err)), 0);
	struct box_limits l;
	box_limits_default(&l);
	l.memory_kb = 64 * 1024;
	l.tmp_kb = 512 * 1024;
	struct box_result r;
	box_result_init(&r);
	/* 200 MB of anonymous memory against 64 MB: the OOM killer ends it. */
	run1(b, "exec /usr/bin/python3 -c \"b = b'x' * (200 << 20); print('survived')\"", &l, &r);
	CHECK_EQ_INT(r.status, BOX_ST_OTHER);
	CHECK_EQ_INT(r.hit, BOX_HIT_MEMORY);
	CHECK(r.memory_kb >= 60 * 1024);
	run1(b, "true", &l, &r);
	CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
	CHECK_EQ_INT(r.hit, BOX_HIT_NONE);
	CHECK(r.memory_kb < 16 * 1024);        /* the 64 MB peak did not carry over */
	/* CPU does not carry over either: after a run that used its whole
	 * second, a shell costs what it cost before (~1 ms on a fast host,
	 * 100 ms and more under QEMU's emulation: measured, not assumed). */
	l.cpu_ms = 1000;
	l.extra_ms = 0;
	run1(b, "true", &l, &r);
	uint32_t before = r.cpu_ms;
	run1(b, "while :; do :; done", &l, &r);
	CHECK_EQ_INT(r.status, BOX_ST_TIME_LIMIT);
	run1(b, "true", &l, &r);
	CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
	CHECK(r.cpu_ms < before + 500);
	/* A limit that is over does not stay: more memory on the next run. */
	l.memory_kb = 256 * 1024;
	l.cpu_ms = 5000;
	l.fsize_kb = 0;                        /* no file size limit: 100 MB of /tmp */
	run1(b, "head -c 100000000 /dev/zero > /tmp/fill && echo ok", &l, &r);
	CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
	box_result_release(&r);
	box_release(b);
}

/* drain_output: past the cap the run goes on; time, then a non-zero
 * exit, then the output limit decide. idle_ms: a sleeping run is stopped
 * once idle for that long, a busy one is not. */
static void test_drain_and_idle(void)
{
	struct box *b;
	char err[256];
	CHECK_EQ_INT(box_acquire(pool, &b, err, sizeof(err)), 0);
	struct box_limits l;
	box_limits_default(&l);
	l.cpu_ms = 1000;
	l.extra_ms = 0;
	l.wall_ms = 20000;
	l.output_bytes = 4096;
	struct box_result r;
	box_result_init(&r);
	const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
	struct box_spec spec = { .argv = argv, .drain_output = true };
	static const struct { const char *script; int status; enum box_limit_hit hit; } runs[] = {
		{ "while :; do echo flood; done", BOX_ST_TIME_LIMIT, BOX_HIT_TIME },
		{ "head -c 6000 /dev/zero; exit 3", BOX_ST_NZEC, BOX_HIT_NONE },
		{ "head -c 3000 /dev/zero; head -c 3000 /dev/zero >&2", BOX_ST_SIGXFSZ, BOX_HIT_OUTPUT },
		{ "head -c 4096 /dev/zero", BOX_ST_ACCEPTED, BOX_HIT_NONE },
	};
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		argv[2] = runs[i].script;
		spec.limits = l;
		box_exec(b, &spec, &r);
		CHECK_EQ_INT(r.status, runs[i].status);
		CHECK_EQ_INT(r.hit, runs[i].hit);
	}
	CHECK(r.out.len == 4096 && !r.out.truncated);
	argv[2] = "head -c 3000 /dev/zero; head -c 3000 /dev/zero >&2";
	box_exec(b, &spec, &r);
	CHECK(strstr(r.message, "Output limit exceeded (6000 bytes of output, the limit is 4096)") != NULL);
	/* A file past fsize is the output limit too, drained or not. */
	l.fsize_kb = 64;
	spec.limits = l;
	argv[2] = "exec head -c 100000 /dev/zero > big";
	box_exec(b, &spec, &r);
	CHECK(r.status == BOX_ST_SIGXFSZ && r.hit == BOX_HIT_OUTPUT && r.exit_signal == SIGXFSZ);
	/* Idle for 1 s of wall time: stopped then, not at the 20 s wall limit. */
	l.idle_ms = 1000;
	spec.limits = l;
	argv[2] = "exec sleep 30";
	box_exec(b, &spec, &r);
	CHECK_EQ_INT(r.status, BOX_ST_TIME_LIMIT);
	CHECK_EQ_INT(r.hit, BOX_HIT_WALL);
	CHECK(r.wall_ms >= 1000 && r.wall_ms < 10000);
	CHECK(strstr(r.message, "idle") != NULL);
	/* Busy for 0.5 s of CPU, however slowly: never idle. */
	l.cpu_ms = 5000;
	l.idle_ms = 200;
	spec.limits = l;
	argv[2] = "i=0; while [ $i -lt 100000 ]; do i=$((i + 1)); done";
	box_exec(b, &spec, &r);
	CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
	box_result_release(&r);
	box_release(b);
}

/* pipe_stdio: the program's stdin and stdout are the caller's pipes,
 * taken over (closed) by box_exec; stderr is still captured. */
static void test_pipe_stdio(void)
{
	struct box *b;
	char err[256], buf[64] = "";
	CHECK_EQ_INT(box_acquire(pool, &b, err, sizeof(err)), 0);
	int in[2], out[2];
	CHECK(pipe(in) == 0 && pipe(out) == 0);
	CHECK(write(in[1], "ping\n", 5) == 5);
	close(in[1]);                          /* EOF after the line */
	struct box_limits l;
	box_limits_default(&l);
	const char *argv[] = { "/bin/sh", "-c", "read x; echo \"$x pong\"; echo side >&2", NULL };
	struct box_spec spec = { .argv = argv, .limits = l, .pipe_stdio = true, .stdin_fd = in[0], .stdout_fd = out[1] };
	struct box_result r;
	box_result_init(&r);
	box_exec(b, &spec, &r);
	CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
	CHECK(r.out.len == 0 && r.err.len == 5 && !memcmp(r.err.data, "side\n", 5));
	CHECK(fcntl(in[0], F_GETFD) < 0 && fcntl(out[1], F_GETFD) < 0);   /* taken over */
	ssize_t n = read(out[0], buf, sizeof(buf) - 1);    /* EOF follows: no writer is left */
	CHECK(n == 10 && !memcmp(buf, "ping pong\n", 10));
	CHECK(read(out[0], buf, sizeof(buf)) == 0);
	close(out[0]);
	/* Taken over even when the run fails before it starts. */
	CHECK(pipe(in) == 0 && pipe(out) == 0);
	struct box_spec bad = { .argv = argv, .limits = l, .fault = "cgroup", .pipe_stdio = true,
				.stdin_fd = in[0], .stdout_fd = out[1] };
	box_exec(b, &bad, &r);
	CHECK_EQ_INT(r.status, BOX_ST_INTERNAL_ERROR);
	CHECK(fcntl(in[0], F_GETFD) < 0 && fcntl(out[1], F_GETFD) < 0);
	close(in[1]);
	close(out[0]);
	box_result_release(&r);
	box_release(b);
}

/* A pipelined pool (pairbox box's): box_acquire does not wait for the
 * keeper; a run or a file call does, and a failed set-up says where. */
static void test_pipelined(const struct box_config *base)
{
	struct box_config cfg = *base;
	struct box_pool *p;
	struct box *b;
	char err[256] = "";
	cfg.slots = 1;
	cfg.pipelined = true;
	CHECK_EQ_INT(box_pool_new(&cfg, &p, err, sizeof(err)), 0);
	struct box_result r;
	box_result_init(&r);
	const char *argv[] = { "/bin/sh", "-c", "cat f 2>&1; echo run", NULL };
	struct box_spec spec = { .argv = argv };
	box_limits_default(&spec.limits);
	for (int i = 0; i < 2; i++) {              /* the exec settles; so does a file */
		CHECK_EQ_INT(box_acquire(p, &b, err, sizeof(err)), 0);
		if (i == 1)
			CHECK_EQ_INT(box_put_file(b, "f", "file ", 5, 0644), 0);
		spec.last_run = true;               /* a fresh keeper each time */
		CHECK_EQ_INT(box_exec(b, &spec, &r), 0);
		CHECK_EQ_INT(r.status, BOX_ST_ACCEPTED);
		CHECK_EQ_STR(r.out.data, i ? "file run\n" : "cat: f: No such file or directory\nrun\n");
		box_release(b);
	}
	box_pool_free(p);

	cfg.fault = "keeper-root";
	CHECK_EQ_INT(box_pool_new(&cfg, &p, err, sizeof(err)), 0);
	CHECK_EQ_INT(box_acquire(p, &b, err, sizeof(err)), 0);
	spec.last_run = false;
	CHECK_EQ_INT(box_exec(b, &spec, &r), -EIO);
	CHECK_EQ_INT(r.status, BOX_ST_INTERNAL_ERROR);
	CHECK(strstr(r.message, "keeper-root") != NULL);
	CHECK_EQ_INT(box_put_file(b, "f", "x", 1, 0644), -EIO);   /* the retry fails too */
	CHECK_EQ_INT(box_wait_ready(b, err, sizeof(err)), -EIO);
	CHECK(strstr(err, "keeper-root") != NULL);
	box_release(b);
	box_pool_free(p);
	box_result_release(&r);
}

int main(void)
{
	struct box_config cfg;
	box_config_default(&cfg);
	cfg.slots = SLOTS;
	cfg.helper_path = PAIRBOX_BIN_PATH;   /* exec'd keepers: what a threaded server uses */
	cfg.profile_dir = PAIRBOX_PROFILE_DIR;
	char err[512];
	int r = box_pool_new(&cfg, &pool, err, sizeof(err));
	CHECK_EQ_INT(r, 0);
	if (r) {
		fprintf(stderr, "box_pool_new: %s\n", err);
		return check_done();
	}
	uid_t uids[SLOTS];
	struct box *held[SLOTS];
	for (int i = 0; i < SLOTS; i++) {          /* distinct ids and uids */
		CHECK_EQ_INT(box_acquire(pool, &held[i], err, sizeof(err)), 0);
		uids[i] = box_uid(held[i]);
		CHECK_EQ_INT(uids[i], 60000 + box_id(held[i]));
		for (int j = 0; j < i; j++)
			CHECK(uids[i] != uids[j]);
	}
	for (int i = 0; i < SLOTS; i++)
		box_release(held[i]);

	test_threads();
	test_counters();
	test_drain_and_idle();
	test_pipe_stdio();
	test_pipelined(&cfg);
	for (int i = 0; i < SLOTS; i++)            /* between runs: no box process */
		CHECK_EQ_INT(procs_of_uid(uids[i]), 0);
	box_pool_free(pool);
	for (int i = 0; i < SLOTS; i++)
		CHECK_EQ_INT(procs_of_uid(uids[i]), 0);
	return check_done();
}
