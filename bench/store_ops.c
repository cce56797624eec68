/* store_ops.c - what one store operation costs on each driver (store.h,
 * store_driver.h): the same code against SQLite (a data directory) and
 * PostgreSQL (a URL), with 1 and with 4 threads sharing one store handle,
 * as a node's threads do. The operations are the writes and reads the
 * README's scaling notes count per submission and per edit:
 *
 *   insert          store_insert of one queued submission (a 300-byte
 *                   request): what POST /submissions commits
 *   finish          store_finish of one of those, with no claim before it
 *                   (a 200-byte result): the judge's final write
 *   room write      store_room_write of one "update" row: one edit
 *                   reaching a room's log
 *   session         store_session_user: every signed-in request's lookup
 *   lobby match     store_lobby_match with the thread's two entries
 *                   waiting (put again before each, not timed): one
 *                   matching that makes a room
 *
 * Each thread does OPS of one operation, then the next operation starts
 * (every thread together). Prints per operation, driver and thread count
 * the median and p90 of one call in microseconds and the calls per
 * second of all threads together (calls / wall time), then the ratio
 * PostgreSQL / SQLite of both, and how many calls failed (their time is
 * in no figure; the lobby match's calls per second count the two puts
 * before each too). Never passes or fails on time; exits 1 when a run
 * could not be made at all.
 *
 * usage: store_ops SQLITE_DIR [PG_URL|start] [OPS]
 *   SQLITE_DIR  a directory for a fresh SQLite store (made; must not hold
 *               one: use a disk, not tmpfs, to count its fsync)
 *   PG_URL      a PostgreSQL database to use (its pairbox tables are
 *               created; rows are added, never removed); "start" or
 *               nothing: tests/pg/pgserver.sh starts a server of its own
 *               (root, Debian's postgresql) and stops it at the end
 *   OPS         calls per thread and operation (default 400) */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "store_rooms.h"
#include "util.h"

#ifndef PAIRBOX_PGSERVER
#define PAIRBOX_PGSERVER "tests/pg/pgserver.sh"
#endif

#define THREADS_MAX 4
#define OPS_MAX 100000

enum op { OP_INSERT, OP_FINISH, OP_ROOM_WRITE, OP_SESSION, OP_LOBBY, OP_N };
static const char *const op_names[OP_N] = { "insert", "finish", "room write", "session", "lobby match" };

static const char request_json[] =
	"{\"source_code\":\"import sys\\nn = int(sys.stdin.readline())\\nprint(sum(int(x) for x in "
	"sys.stdin.readline().split()[:n]))\\n\",\"language_id\":71,\"stdin\":\"3\\n1 2 3\\n\","
	"\"expected_output\":\"6\\n\",\"cpu_time_limit\":2,\"memory_limit\":262144,\"callback_url\":null,"
	"\"problem\":\"sum-of-numbers\",\"tests\":\"all\",\"user\":42,\"room\":\"room0000000000aa\"}";
static const char result_json[] =
	"{\"status\":{\"id\":3,\"description\":\"Accepted\"},\"time\":\"0.021\",\"memory\":9120,"
	"\"stdout\":\"6\\n\",\"stderr\":null,\"compile_output\":null,\"message\":null,\"exit_code\":0,"
	"\"tests\":[{\"name\":\"1\",\"status\":3}]}";
static const char update_json[] = "{\"clientID\":\"c1\",\"changes\":[120,[0,\"x\"],80]}";

static double clock_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---- the lobby's matcher: the waiting entries two by two ---- */

static atomic_uint rooms_made;

static int pair_all(void *ctx, const struct store_lobby_entry *v, size_t n, size_t (**pairs)[2], size_t *npairs,
		    size_t **dropped, size_t *ndropped)
{
	(void)ctx, (void)v, (void)dropped, (void)ndropped;
	*pairs = n >= 2 ? calloc(n / 2, sizeof(**pairs)) : NULL;
	if (n >= 2 && !*pairs)
		return -ENOMEM;
	for (size_t i = 0; i + 1 < n; i += 2) {
		(*pairs)[i / 2][0] = i;
		(*pairs)[i / 2][1] = i + 1;
	}
	*npairs = n / 2;
	return 0;
}

static int room_of(void *ctx, const struct store_lobby_entry *a, const char *const *had_a, size_t na,
		   const struct store_lobby_entry *b, const char *const *had_b, size_t nb, struct store_room *out)
{
	(void)had_a, (void)na, (void)b, (void)had_b, (void)nb;
	unsigned k = atomic_fetch_add(&rooms_made, 1);
	str_printf(out->id, sizeof(out->id), "l%07x%08x", *(const unsigned *)ctx & 0xfffffff, k);
	str_copy(out->problem, sizeof(out->problem), "sum-of-numbers");
	str_copy(out->language, sizeof(out->language), a->language);
	str_copy(out->difficulty, sizeof(out->difficulty), a->difficulty);
	str_copy(out->plan, sizeof(out->plan), "code=30");
	out->created_ms = out->start_ms = unix_ms();
	return 0;
}


/* ---- a run ---- */

struct run {
	struct store *s;
	unsigned run_id;                  /* tells the rows of runs on one database apart */
	size_t ops;
	pthread_barrier_t start;
};

struct worker {
	struct run *run;
	unsigned index;
	int64_t users[2];
	unsigned char session[STORE_SESSION_HASH];
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t seq;
	double *lat[OP_N];                /* each call's microseconds */
	double took_us[OP_N];             /* the whole op's wall time, start to this thread's end */
	size_t failed[OP_N];              /* calls that failed (not in lat[]) */
};

static void token_of(const struct worker *w, size_t i, char out[STORE_TOKEN_LEN + 1])
{
	snprintf(out, STORE_TOKEN_LEN + 1, "%08x-%04x-4000-8000-%012zx", w->run->run_id, w->index, i);
}

static int64_t new_user(struct store *s, const char *name)
{
	struct store_user u = { .rating = 1500, .created_at_ms = unix_ms() };
	str_copy(u.username, sizeof(u.username), name);
	u.display_name = (char *)name;
	return store_user_create(s, &u, "$y$bench") ? -1 : u.id;
}

/* The thread's users, session and room: made before any timing. */
static int worker_setup(struct worker *w)
{
	struct store *s = w->run->s;
	for (int k = 0; k < 2; k++) {
		char name[33];
		str_printf(name, sizeof(name), "b%x_%u_%d", w->run->run_id, w->index, k);
		if ((w->users[k] = new_user(s, name)) < 0)
			return -EIO;
	}
	for (int k = 0; k < STORE_SESSION_HASH; k++)
		w->session[k] = (unsigned char)(w->run->run_id * 31 + w->index * 7 + (unsigned)k);
	int64_t now = unix_ms();
	if (store_session_create(s, w->session, w->users[0], now, now + 86400000))
		return -EIO;
	struct store_room r = { .created_ms = now, .start_ms = now, .users = { w->users[0], w->users[1] } };
	str_printf(r.id, sizeof(r.id), "w%07x%08x", w->run->run_id & 0xfffffff, w->index);
	str_copy(r.problem, sizeof(r.problem), "sum-of-numbers");
	str_copy(r.language, sizeof(r.language), "python3");
	str_copy(r.difficulty, sizeof(r.difficulty), "easy");
	str_copy(r.plan, sizeof(r.plan), "code=30");
	str_copy(w->room, sizeof(w->room), r.id);
	return store_room_create(s, &r);
}

static int lobby_entry(struct worker *w, int k)
{
	struct store_lobby_entry e = { .user_id = w->users[k], .rating = 1500 };
	str_copy(e.language, sizeof(e.language), "python3");
	str_copy(e.difficulty, sizeof(e.difficulty), "easy");
	str_copy(e.topics, sizeof(e.topics), "[]");
	e.joined_ms = e.polled_ms = unix_ms();
	return store_lobby_put(w->run->s, &e);
}

/* One call of op (the i-th of this thread): its microseconds, or < 0. */
static double one_call(struct worker *w, enum op op, size_t i)
{
	struct store *s = w->run->s;
	char token[STORE_TOKEN_LEN + 1];
	double t0;
	int e;
	switch (op) {
	case OP_INSERT: {
		token_of(w, i, token);
		struct store_row row = { .status_id = 1, .request = (char *)request_json, .created_at_ms = unix_ms() };
		str_copy(row.token, sizeof(row.token), token);
		const struct store_row *rows[] = { &row };
		t0 = clock_us();
		e = store_insert(s, rows, 1);
		break;
	}
	case OP_FINISH:
		token_of(w, i, token);
		t0 = clock_us();
		e = store_finish(s, token, 3, result_json, unix_ms());
		break;
	case OP_ROOM_WRITE: {
		struct store_room_event ev = { .seq = ++w->seq, .version = w->seq, .user_id = w->users[0],
					       .t_ms = unix_ms(), .data = (char *)update_json };
		str_copy(ev.room, sizeof(ev.room), w->room);
		str_copy(ev.kind, sizeof(ev.kind), "update");
		struct store_room_batch b = { .events = &ev, .nevents = 1 };
		t0 = clock_us();
		e = store_room_write(s, &b);
		break;
	}
	case OP_SESSION: {
		struct store_user u = { 0 };
		t0 = clock_us();
		e = store_session_user(s, w->session, unix_ms(), &u);
		double t = clock_us() - t0;
		store_user_release(&u);
		return e ? -1 : t;
	}
	case OP_LOBBY:
		if (lobby_entry(w, 0) || lobby_entry(w, 1))
			return -1;
		struct store_matcher m = { &w->run->run_id, pair_all, room_of };
		t0 = clock_us();
		e = store_lobby_match(s, unix_ms(), &m);
		e = e < 0 ? e : 0;
		break;
	default:
		return -1;
	}
	double t = clock_us() - t0;
	return e ? -1 : t;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	for (int op = 0; op < OP_N; op++) {
		pthread_barrier_wait(&w->run->start);
		double t0 = clock_us();
		for (size_t i = 0; i < w->run->ops; i++) {
			double t = one_call(w, (enum op)op, i);
			if (t >= 0)
				w->lat[op][i - w->failed[op]] = t;
			else if (w->failed[op]++ < 3)           /* a failure leaves no figure */
				fprintf(stderr, "store_ops: %s %zu failed\n", op_names[op], i);
		}
		w->took_us[op] = clock_us() - t0;
	}
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

struct figures {
	double median_us, p90_us, per_s;     /* per_s: successful calls per second */
	size_t failed;
};

/* Run every op with nthreads threads on s: figures per op. */
static int run_all(struct store *s, unsigned run_id, unsigned nthreads, size_t ops, struct figures out[OP_N])
{
	struct run run = { .s = s, .run_id = run_id, .ops = ops };
	struct worker w[THREADS_MAX];
	memset(w, 0, sizeof(w));
	pthread_barrier_init(&run.start, NULL, nthreads);
	int r = 0;
	for (unsigned t = 0; t < nthreads && !r; t++) {
		w[t].run = &run;
		w[t].index = t;
		for (int op = 0; op < OP_N && !r; op++)
			if (!(w[t].lat[op] = calloc(ops, sizeof(double))))
				r = -ENOMEM;
		if (!r && worker_setup(&w[t])) {
			fprintf(stderr, "store_ops: the setup of thread %u failed\n", t);
			r = -EIO;
		}
	}
	pthread_t th[THREADS_MAX];
	unsigned started = 0;
	for (; !r && started < nthreads; started++)
		if (pthread_create(&th[started], NULL, worker_main, &w[started]))
			r = -EAGAIN;
	if (r && started) {
		fprintf(stderr, "store_ops: cannot start the threads\n");
		exit(1);            /* the started ones wait at a barrier for ever */
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	double *all = r ? NULL : calloc(ops * nthreads, sizeof(double));
	if (!r && !all)
		r = -ENOMEM;
	for (int op = 0; op < OP_N && !r; op++) {
		double wall = 0;
		size_t n = 0;
		out[op].failed = 0;
		for (unsigned t = 0; t < nthreads; t++) {
			size_t good = ops - w[t].failed[op];
			memcpy(all + n, w[t].lat[op], good * sizeof(double));
			n += good;
			out[op].failed += w[t].failed[op];
			wall = w[t].took_us[op] > wall ? w[t].took_us[op] : wall;
		}
		qsort(all, n, sizeof(double), by_value);
		out[op].median_us = n ? all[n / 2] : 0;
		out[op].p90_us = n ? all[n * 9 / 10] : 0;
		out[op].per_s = wall > 0 ? (double)n * 1e6 / wall : 0;
	}
	for (unsigned t = 0; t < nthreads; t++)
		for (int op = 0; op < OP_N; op++)
			free(w[t].lat[op]);
	free(all);
	pthread_barrier_destroy(&run.start);
	return r;
}

/* ---- the PostgreSQL server of our own ---- */

static int pgserver(const char *verb, const char *state)
{
	char *argv[] = { (char *)PAIRBOX_PGSERVER, (char *)verb, (char *)state, NULL };
	pid_t pid;
	int e = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
	if (e) {
		fprintf(stderr, "store_ops: %s: %s\n", argv[0], strerror(e));
		return -e;
	}
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -EIO;
	return 0;
}

static int read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	int r = fgets(out, (int)len, f) ? 0 : -EIO;
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: %s SQLITE_DIR [PG_URL|start] [OPS]\n", argv[0]);
		return 2;
	}
	size_t ops = 400;
	if (argc == 4) {
		char *end;
		unsigned long v = strtoul(argv[3], &end, 10);
		if (*end || v < 10 || v > OPS_MAX) {
			fprintf(stderr, "store_ops: OPS must be 10..%d\n", OPS_MAX);
			return 2;
		}
		ops = v;
	}
	char url[1024] = "", state[] = "/tmp/pairbox-store-ops-XXXXXX";
	bool own = argc < 3 || !strcmp(argv[2], "start");
	if (own) {
		char path[sizeof(state) + 8];
		if (!mkdtemp(state) || pgserver("start", state)) {
			fprintf(stderr, "store_ops: cannot start PostgreSQL (%s)\n", PAIRBOX_PGSERVER);
			return 1;
		}
		str_printf(path, sizeof(path), "%s/url", state);
		if (read_line(path, url, sizeof(url)))
			fprintf(stderr, "store_ops: no URL in %s\n", path);
	} else if (str_copy(url, sizeof(url), argv[2])) {
		fprintf(stderr, "store_ops: the URL is too long\n");
		return 2;
	}
	const char *where[2] = { argv[1], url };
	const char *drivers[2] = { "sqlite", "postgres" };
	static const unsigned nthreads[2] = { 1, THREADS_MAX };
	struct figures fig[2][2][OP_N];
	bool ok[2][2] = { { false, false }, { false, false } };
	unsigned run_id = (unsigned)(unix_ms() / 1000) & 0xfffffff;
	printf("store_ops: %zu calls per thread and operation\n", ops);
	for (int d = 0; d < 2; d++) {
		struct store *s = NULL;
		char err[512];
		if (!where[d][0] || store_open(where[d], &s, err, sizeof(err))) {
			fprintf(stderr, "store_ops: %s: cannot open %s: %s\n", drivers[d], where[d],
				where[d][0] ? err : "no URL");
			continue;
		}
		for (int t = 0; t < 2; t++)
			ok[d][t] = !run_all(s, run_id + (unsigned)(d * 2 + t), nthreads[t], ops, fig[d][t]);
		store_close(s);
	}
	if (own) {
		pgserver("stop", state);
		rmdir(state);
	}
	printf("\n%-12s %-9s %7s %10s %10s %10s %7s\n", "operation", "driver", "threads", "median_us", "p90_us", "ops/s",
	       "failed");
	for (int op = 0; op < OP_N; op++)
		for (int d = 0; d < 2; d++)
			for (int t = 0; t < 2; t++)
				if (ok[d][t])
					printf("%-12s %-9s %7u %10.1f %10.1f %10.0f %7zu\n", op_names[op], drivers[d], nthreads[t],
					       fig[d][t][op].median_us, fig[d][t][op].p90_us, fig[d][t][op].per_s,
					       fig[d][t][op].failed);
	printf("\nPostgreSQL / SQLite\n%-12s %7s %12s %12s\n", "operation", "threads", "median", "ops/s");
	for (int op = 0; op < OP_N; op++)
		for (int t = 0; t < 2; t++)
			if (ok[0][t] && ok[1][t])
				printf("%-12s %7u %12.2f %12.2f\n", op_names[op], nthreads[t],
				       fig[1][t][op].median_us / fig[0][t][op].median_us,
				       fig[1][t][op].per_s / fig[0][t][op].per_s);
	return ok[0][0] && ok[0][1] && ok[1][0] && ok[1][1] ? 0 : 1;
}
