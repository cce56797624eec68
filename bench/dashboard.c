/* dashboard.c - what a user's dashboard costs the server (docs/platform.md
 * "Dashboard"): its figures are computed on each request from the rooms'
 * own tables and logs (api/store/sqlite_dashboard.c, api/dashboard.c),
 * with no table kept for them. A store in a fresh directory gets one user
 * with ROOMS rooms (and as many rooms between other users, so the log is
 * not the user's alone), each with a session's log of about 360 rows:
 * updates, chat, 10 run results with 1 KiB of output, 5 submit results of
 * 20 tests, requests to move on. Then, REPS times each, interleaved:
 *
 *   recent 20      store_rooms_of_user(20): what GET /api/v1/rooms reads
 *                  (the baseline)
 *   all rooms      store_rooms_of_user(ROOMS): every room's row, no log:
 *                  the least a per-room summary table would read
 *   history page   a page of 20 of GET /api/v1/me/sessions: the store's
 *                  rows, each room's figures, the JSON
 *   stats          GET /api/v1/me/stats: every room, 200 a store call, the
 *                  figures and the JSON
 *   store page     one store call of 200 rooms: the longest the store's
 *                  lock is held for the stats (the rooms' group commit
 *                  waits that long at worst)
 *   digest / log   every room's results and requests to move on, read
 *                  from the digest the store keeps (room_log_digest), and
 *                  from room_log itself through its kind index with each
 *                  submit's JSON opened: what the digest saves (both on a
 *                  second connection, the same rooms)
 *
 * Prints medians and p90 in milliseconds and each median's ratio to the
 * baseline's; never passes or fails.
 *
 * usage: dashboard [ROOMS [REPS]]   (default 300 rooms, 30 repetitions) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dashboard.h"
#include "store.h"
#include "util.h"

#define UPDATES 310
#define CHATS 35
#define RUNS 10
#define SUBMITS 5
#define TESTS 20
#define DAY_MS 86400000LL

static double clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int64_t new_user(struct store *s, const char *name)
{
	struct store_user u = { .rating = 1500, .created_at_ms = 1 };
	str_copy(u.username, sizeof(u.username), name);
	u.display_name = (char *)name;
	if (store_user_create(s, &u, "$y$x"))
		abort();
	return u.id;
}

/* Rows of each kind in one room's log (counted as the first is made). */
static size_t nrows, nupdates, nchats, nruns, nsubmits;

/* The texts every room's rows share. */
static char *update_json, *run_json, *submit_json[2], *chat_json;

static void make_texts(void)
{
	char out[1025];
	memset(out, 'x', 1024);
	out[1024] = '\0';
	char tests[TESTS * 128 + 1] = "";
	for (int i = 0; i < TESTS; i++) {
		size_t len = strlen(tests);
		str_printf(tests + len, sizeof(tests) - len, "%s{\"name\":\"hidden/%02d-case\",\"status\":{\"id\":3,"
			   "\"description\":\"Accepted\"},\"time\":\"0.012\",\"memory\":3072}", i ? "," : "", i);
	}
	if (asprintf(&update_json, "{\"clientID\":\"c1\",\"changes\":[120,[0,\"x\"],80]}") < 0 ||
	    asprintf(&run_json, "{\"id\":\"t\",\"version\":5,\"status\":{\"id\":3,\"description\":\"Accepted\"},"
		     "\"stdout\":\"%s\",\"stderr\":\"\",\"tests\":[],\"passed\":2,\"total\":2}", out) < 0 ||
	    asprintf(&submit_json[0], "{\"id\":\"t\",\"version\":5,\"status\":{\"id\":4,\"description\":\"Wrong Answer\"},"
		     "\"compile_output\":null,\"message\":\"test hidden/07-case: wrong answer\",\"tests\":[%s],"
		     "\"passed\":13,\"total\":%d}", tests, TESTS) < 0 ||
	    asprintf(&submit_json[1], "{\"id\":\"t\",\"version\":5,\"status\":{\"id\":3,\"description\":\"Accepted\"},"
		     "\"compile_output\":null,\"message\":null,\"tests\":[%s],\"passed\":%d,\"total\":%d}", tests, TESTS,
		     TESTS) < 0 ||
	    asprintf(&chat_json, "{\"text\":\"shall we sort it first and then walk two pointers in?\"}") < 0)
		abort();
}

/* A session's log for room id between users a and b, from t. */
static void fill_log(struct store *s, const char *id, int64_t a, int64_t b, int64_t t)
{
	size_t n = UPDATES + CHATS + RUNS + SUBMITS + 4, k = 0;
	bool first = !nrows;
	struct store_room_event *v = calloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		struct store_room_event *e = &v[k];
		const char *kind = "update";
		char *data = update_json;
		int m = i % 25;
		if (i >= UPDATES + CHATS + RUNS + SUBMITS)
			kind = "next", data = "{\"slot\":0}";
		else if (m == 3 && i / 25 < RUNS)
			kind = "run-result", data = run_json;
		else if (m == 7 && i / 25 < SUBMITS)
			kind = "submit-result", data = submit_json[i / 25 == SUBMITS - 1];
		else if (m % 8 == 1)
			kind = "chat", data = chat_json;
		if (first) {
			nrows++;
			nupdates += !strcmp(kind, "update");
			nchats += !strcmp(kind, "chat");
			nruns += !strcmp(kind, "run-result");
			nsubmits += !strcmp(kind, "submit-result");
		}
		str_copy(e->room, sizeof(e->room), id);
		e->seq = (int64_t)++k;
		e->version = (int64_t)k;
		e->user_id = i % 2 ? b : a;
		e->t_ms = t + (int64_t)k * 1000;
		str_copy(e->kind, sizeof(e->kind), kind);
		e->state = !strcmp(kind, "next");
		e->data = data;
	}
	struct store_room_batch batch = { .events = v, .nevents = k };
	if (store_room_write(s, &batch))
		abort();
	free(v);
}

static void make_rooms(struct store *s, int64_t me, int64_t other, int64_t stranger, size_t rooms, int64_t now)
{
	for (size_t i = 0; i < 2 * rooms; i++) {
		bool mine = i % 2 == 0;
		struct store_room r = { .first_driver = 0, .users = { mine ? me : stranger, other } };
		str_printf(r.id, sizeof(r.id), "room%012zu", i);
		str_copy(r.problem, sizeof(r.problem), i % 3 ? "add-two-numbers" : "max-element");
		str_copy(r.language, sizeof(r.language), "python3");
		str_copy(r.difficulty, sizeof(r.difficulty), i % 3 ? "easy" : "medium");
		str_copy(r.plan, sizeof(r.plan), PHASE_PLAN_DEFAULT);
		/* A room every other day or so, the last one now. */
		r.created_ms = r.start_ms = now - (int64_t)(2 * rooms - i) * DAY_MS * 3 / 4;
		if (store_room_create(s, &r))
			abort();
		fill_log(s, r.id, r.users[0], r.users[1], r.created_ms);
	}
}

static const char *const TAGS[][2] = { { "arrays", NULL }, { "math", "implementation" } };

static void history_page(struct store *s, int64_t me, const struct phase_plan *plan, int64_t now)
{
	struct store_dash_room *v = NULL;
	size_t n = 0, total = 0;
	if (store_dash_rooms(s, me, true, 0, 20, &v, &n, &total))
		abort();
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		struct dash_room_sum sum;
		dash_room_sum(&v[i], plan, now, &sum);
		json_array_append_new(a, dash_session_json(&v[i], &sum, NULL));
	}
	free(json_dumps(a, JSON_COMPACT));
	json_decref(a);
	store_dash_rooms_free(v, n);
}

static double stats(struct store *s, int64_t me, const struct phase_plan *plan, int64_t now)
{
	struct dash_stats *st = dash_stats_new(now, 26);
	double longest = 0;
	for (size_t offset = 0;;) {
		struct store_dash_room *v = NULL;
		size_t n = 0, total = 0;
		double t0 = clock_ms();
		if (store_dash_rooms(s, me, false, offset, STORE_DASH_PAGE_MAX, &v, &n, &total))
			abort();
		double took = clock_ms() - t0;
		longest = took > longest ? took : longest;
		for (size_t i = 0; i < n; i++) {
			struct dash_room_sum sum;
			dash_room_sum(&v[i], plan, now, &sum);
			const char *const *tags = TAGS[strcmp(v[i].room.problem, "max-element") != 0];
			dash_stats_add(st, &v[i], &sum, v[i].room.difficulty, tags, tags[1] ? 2 : 1);
		}
		store_dash_rooms_free(v, n);
		if (n < STORE_DASH_PAGE_MAX)
			break;
		offset += n;
	}
	json_t *o = dash_stats_json(st);
	free(json_dumps(o, JSON_COMPACT));
	json_decref(o);
	dash_stats_free(st);
	return longest;
}

/* The two ways to read each room's results and requests to move on. */
static const char *const DIGEST_SQL =
	"SELECT kind, user_id, t_ms, status_id, status, passed, total FROM room_log_digest WHERE room_id = ?1"
	" ORDER BY seq";
static const char *const LOG_SQL =
	"SELECT kind, user_id, t_ms, json_extract(j, '$.status.id'), json_extract(j, '$.status.description'),"
	" json_extract(j, '$.passed'), json_extract(j, '$.total') FROM (SELECT seq, kind, user_id, t_ms,"
	" CASE WHEN kind = 'submit-result' AND json_valid(data) THEN data END AS j FROM room_log"
	" WHERE room_id = ?1 AND kind IN ('run-result', 'submit-result', 'next')) ORDER BY seq";

/* Every room of ids[0..n) through st, each column read: the rows seen. */
static size_t read_rooms(sqlite3_stmt *st, char (*ids)[STORE_ROOM_ID_LEN + 1], size_t n)
{
	size_t rows = 0;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < 7; c++)
				(void)sqlite3_column_text(st, c);
			rows++;
		}
		sqlite3_reset(st);
	}
	return rows;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(double *v, size_t n, double q)
{
	qsort(v, n, sizeof(*v), by_value);
	return v[(size_t)(q * (double)(n - 1) + 0.5)];
}

int main(int argc, char **argv)
{
	size_t rooms = argc > 1 ? strtoul(argv[1], NULL, 10) : 300;
	size_t reps = argc > 2 ? strtoul(argv[2], NULL, 10) : 30;
	if (rooms < 1 || rooms > 1000 || reps < 3) {
		fprintf(stderr, "usage: dashboard [ROOMS (1-1000) [REPS (>= 3)]]\n");
		return 2;
	}
	char dir[] = "/tmp/pairbox-bench-dash-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	struct store *s = NULL;
	char err[512];
	if (store_open(dir, &s, err, sizeof(err))) {
		fprintf(stderr, "store_open: %s\n", err);
		return 1;
	}
	make_texts();
	int64_t now = unix_ms();
	int64_t me = new_user(s, "me"), other = new_user(s, "other"), stranger = new_user(s, "stranger");
	double t0 = clock_ms();
	make_rooms(s, me, other, stranger, rooms, now);
	printf("dashboard: %zu rooms of the user's and %zu of others', each with a log of %zu rows (%zu updates,"
	       " %zu chat, %zu run and %zu submit results); made in %.1f s\n", rooms, rooms, nrows, nupdates, nchats,
	       nruns, nsubmits, (clock_ms() - t0) / 1000);
	struct phase_plan plan;
	phase_plan_parse(PHASE_PLAN_DEFAULT, &plan, NULL, 0);

	/* The user's rooms, and a second connection for the two reads. */
	char (*ids)[STORE_ROOM_ID_LEN + 1] = calloc(rooms, sizeof(*ids));
	struct store_room *mine = NULL;
	size_t nmine = 0;
	if (store_rooms_of_user(s, me, rooms, &mine, &nmine))
		abort();
	for (size_t i = 0; i < nmine; i++)
		str_copy(ids[i], sizeof(ids[i]), mine[i].id);
	free(mine);
	char path[PATH_MAX];
	str_printf(path, sizeof(path), "%s/pairbox.db", dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *digest = NULL, *logq = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, DIGEST_SQL, -1, &digest, NULL) || sqlite3_prepare_v2(db, LOG_SQL, -1, &logq, NULL)) {
		fprintf(stderr, "dashboard: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	if (read_rooms(digest, ids, nmine) != read_rooms(logq, ids, nmine)) {
		fprintf(stderr, "dashboard: the digest and the log disagree\n");
		return 1;
	}

	enum { RECENT, ALL, HISTORY, STATS, PAGE, DIGEST, LOG, NKINDS };
	static const char *const names[NKINDS] = { "recent 20 (baseline)", "all rooms, no log", "history page of 20",
						    "stats (every room)", "store page of 200", "every room's digest",
						    "every room's log" };
	double *t[NKINDS];
	for (int k = 0; k < NKINDS; k++)
		t[k] = calloc(reps, sizeof(double));
	for (size_t r = 0; r < reps; r++) {
		double x = clock_ms();
		read_rooms(digest, ids, nmine);
		double y = clock_ms();
		read_rooms(logq, ids, nmine);
		t[DIGEST][r] = y - x;
		t[LOG][r] = clock_ms() - y;
		struct store_room *v = NULL;
		size_t n = 0;
		double a = clock_ms();
		if (store_rooms_of_user(s, me, 20, &v, &n))
			abort();
		free(v);
		double b = clock_ms();
		if (store_rooms_of_user(s, me, rooms, &v, &n))
			abort();
		free(v);
		double c = clock_ms();
		history_page(s, me, &plan, now);
		double d = clock_ms();
		t[PAGE][r] = stats(s, me, &plan, now);
		double e = clock_ms();
		t[RECENT][r] = b - a;
		t[ALL][r] = c - b;
		t[HISTORY][r] = d - c;
		t[STATS][r] = e - d;
	}
	double base = quantile(t[RECENT], reps, 0.5);
	printf("%-24s %10s %10s %10s\n", "", "median ms", "p90 ms", "x baseline");
	for (int k = 0; k < NKINDS; k++) {
		double med = quantile(t[k], reps, 0.5), p90 = quantile(t[k], reps, 0.9);
		printf("%-24s %10.3f %10.3f %10.2f\n", names[k], med, p90, med / base);
		free(t[k]);
	}
	sqlite3_finalize(digest);
	sqlite3_finalize(logq);
	sqlite3_close(db);
	free(ids);
	store_close(s);
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		remove_tree(dfd, dir + strlen("/tmp/"));
		close(dfd);
	}
	return 0;
}
