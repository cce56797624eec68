/* leaderboard_seed.c - a store with many rated users, for
 * bench/leaderboard.py, without signing each one up over HTTP: the store
 * is created and migrated by store_open(), then the users and their
 * ratings go in with SQL in one transaction (the rows as the store's own
 * recompute writes them; the organisations' aggregate is kept by the
 * store's triggers as they go in). Then, in this process, the
 * organisations' ranking is timed two ways, read from that aggregate (what
 * pairbox does) and grouped from the users (what it would cost without
 * it), medians of 21 runs each; and a recompute (what a feedback put or a
 * room's end costs each player, in the store's transaction) of users with
 * 10, 100 and 1,000 rated sessions, through the server's own rater.
 *
 * usage: leaderboard_seed DATA_DIR [USERS [ORGANISATIONS]]   (defaults 100000, 2000)
 *
 * Deterministic: the same arguments give the same store. About 80% of
 * the users belong to an organisation (a few large, many small: the k-th
 * has weight 1/k), each has an overall rating and 1 to 3 languages. */
#define _GNU_SOURCE
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ratings.h"
#include "store.h"
#include "util.h"

static const char *const languages[] = { "python3", "javascript", "java", "cpp", "go", "c", "rust", "ruby" };
#define NLANG (sizeof(languages) / sizeof(languages[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_u64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double uniform(void)
{
	return (double)(next_u64() >> 11) / 9007199254740992.0;
}

/* Roughly normal: the sum of four uniforms, centred, scaled to sd. */
static double normalish(double mean, double sd)
{
	double s = uniform() + uniform() + uniform() + uniform() - 2;
	return mean + s * sd * 1.732;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "leaderboard_seed: %s: %s\n", sql, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Pick an organisation: index k (0-based) with weight 1/(k+1). */
static size_t pick_org(const double *cum, size_t n)
{
	double x = uniform() * cum[n - 1];
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cum[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int seed(sqlite3 *db, size_t users, size_t orgs)
{
	double *cum = malloc(orgs * sizeof(*cum));
	if (!cum)
		return -1;
	for (size_t k = 0; k < orgs; k++)
		cum[k] = (k ? cum[k - 1] : 0) + 1.0 / (double)(k + 1);
	sqlite3_stmt *user = NULL, *rating = NULL;
	int r = exec_sql(db, "BEGIN") ||
		sqlite3_prepare_v2(db, "INSERT INTO users (username, password_hash, display_name, organisation, rating,"
				       " created_at_ms) VALUES (?1, 'x', ?2, ?3, ?4, ?5)", -1, &user, NULL) != SQLITE_OK ||
		sqlite3_prepare_v2(db, "INSERT INTO user_ratings (user_id, language, organisation, rating, rd, volatility,"
				       " games, seed, updated_ms) VALUES (?1, ?2, ?7, ?3, ?4, 0.06, ?5, 1500, ?6)", -1, &rating,
				   NULL) != SQLITE_OK;
	int64_t now = unix_ms();
	for (size_t i = 0; !r && i < users; i++) {
		char name[32], display[48], org[48] = "";
		str_printf(name, sizeof(name), "seeded%zu", i);
		str_printf(display, sizeof(display), "Seeded User %zu", i);
		if (uniform() < 0.8)
			str_printf(org, sizeof(org), "Organisation %zu", pick_org(cum, orgs) + 1);
		double overall = normalish(1500, 220), rd = 45 + uniform() * 250;
		int games = 1 + (int)(uniform() * 200);
		int64_t at = now - (int64_t)(uniform() * 365 * 86400000.0);
		sqlite3_bind_text(user, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(user, 2, display, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(user, 3, org, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(user, 4, (int)(overall + 0.5));
		sqlite3_bind_int64(user, 5, at);
		r = sqlite3_step(user) != SQLITE_DONE;
		sqlite3_reset(user);
		int64_t id = sqlite3_last_insert_rowid(db);
		/* The overall rating, then 1 to 3 distinct languages. */
		unsigned mask = 0;
		int nl = 1 + (int)(uniform() * 3);
		for (int k = -1; !r && k < nl; k++) {
			size_t l = 0;
			if (k >= 0) {
				do
					l = (size_t)(uniform() * uniform() * NLANG);   /* the first ones more often */
				while (mask & (1u << l));
				mask |= 1u << l;
			}
			sqlite3_bind_int64(rating, 1, id);
			sqlite3_bind_text(rating, 2, k < 0 ? "" : languages[l], -1, SQLITE_STATIC);
			sqlite3_bind_double(rating, 3, k < 0 ? overall : normalish(overall, 80));
			sqlite3_bind_double(rating, 4, rd);
			sqlite3_bind_int(rating, 5, k < 0 ? games : 1 + games / nl);
			sqlite3_bind_int64(rating, 6, at);
			sqlite3_bind_text(rating, 7, org, -1, SQLITE_TRANSIENT);
			r = sqlite3_step(rating) != SQLITE_DONE;
			sqlite3_reset(rating);
		}
	}
	if (r)
		fprintf(stderr, "leaderboard_seed: insert: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(user);
	sqlite3_finalize(rating);
	free(cum);
	if (r || exec_sql(db, "COMMIT"))
		return -1;
	return exec_sql(db, "ANALYZE");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median of 21 runs of sql (every row stepped), ms. */
static double median_ms(sqlite3 *db, const char *sql, size_t *rows)
{
	double t[21];
	for (int i = 0; i < 21; i++) {
		sqlite3_stmt *st = NULL;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return -1;
		*rows = 0;
		while (sqlite3_step(st) == SQLITE_ROW)
			(*rows)++;
		sqlite3_finalize(st);
		t[i] = ms_since(&t0);
	}
	qsort(t, 21, sizeof(t[0]), cmp_double);
	return t[10];
}

/* Give users 1, 2, 3 histories of 10, 100 and 1,000 sessions (lock-free:
 * the store is closed). */
static int histories(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	if (exec_sql(db, "BEGIN") ||
	    sqlite3_prepare_v2(db, "INSERT INTO rating_games (user_id, ended_ms, room_id, language, difficulty, tests)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	static const char *const diffs[] = { "easy", "medium", "hard" };
	int r = 0;
	for (int u = 1; u <= 3 && !r; u++) {
		int n = u == 1 ? 10 : u == 2 ? 100 : 1000;
		for (int i = 0; i < n && !r; i++) {
			char room[32];
			str_printf(room, sizeof(room), "bench-%d-%d", u, i);
			sqlite3_bind_int(st, 1, u);
			sqlite3_bind_int64(st, 2, 1700000000000LL + (int64_t)i * 86400000);
			sqlite3_bind_text(st, 3, room, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, languages[(size_t)i % 3], -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, diffs[i % 3], -1, SQLITE_STATIC);
			sqlite3_bind_double(st, 6, uniform());
			r = sqlite3_step(st) != SQLITE_DONE;
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	return r || exec_sql(db, "COMMIT") ? -1 : 0;
}

/* The median of 21 recomputes of users 1, 2, 3 through the store. */
static int time_recomputes(const char *dir)
{
	struct store *s = NULL;
	char err[512];
	if (store_open(dir, &s, err, sizeof(err))) {
		fprintf(stderr, "leaderboard_seed: %s\n", err);
		return -1;
	}
	printf("a recompute (a user's ratings replayed and written, in one transaction), median of 21:");
	for (int u = 1; u <= 3; u++) {
		double t[21];
		for (int i = 0; i < 21; i++) {
			struct timespec t0;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			if (store_rating_recompute(s, u, &ratings_rater)) {
				store_close(s);
				return -1;
			}
			t[i] = ms_since(&t0);
		}
		qsort(t, 21, sizeof(t[0]), cmp_double);
		printf("%s %d sessions %.2f ms", u > 1 ? "," : "", u == 1 ? 10 : u == 2 ? 100 : 1000, t[10]);
	}
	printf("\n");
	store_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: leaderboard_seed DATA_DIR [USERS [ORGANISATIONS]]\n");
		return 2;
	}
	uint32_t users = 100000, orgs = 2000;
	if ((argc > 2 && (parse_u32(argv[2], &users) || !users)) || (argc > 3 && (parse_u32(argv[3], &orgs) || !orgs))) {
		fprintf(stderr, "leaderboard_seed: USERS and ORGANISATIONS are positive integers\n");
		return 2;
	}
	struct store *s = NULL;
	char err[512], path[4096];
	if (store_open(argv[1], &s, err, sizeof(err))) {
		fprintf(stderr, "leaderboard_seed: %s\n", err);
		return 1;
	}
	store_close(s);
	str_printf(path, sizeof(path), "%s/pairbox.db", argv[1]);
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "leaderboard_seed: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* A cache that holds the indexes being built: one transaction of
	 * 400,000 rows otherwise spills to the WAL page by page. */
	if (exec_sql(db, "PRAGMA journal_mode = WAL") || exec_sql(db, "PRAGMA cache_size = -262144") ||
	    seed(db, users, orgs)) {
		sqlite3_close(db);
		return 1;
	}
	printf("seeded %u users, %u organisations in %.1f s\n", users, orgs, ms_since(&t0) / 1000);
	size_t n1 = 0, n2 = 0;
	double agg = median_ms(db, "SELECT organisation, members, mean FROM rating_groups WHERE language = ''"
				   " AND organisation <> '' AND members >= 3 ORDER BY mean DESC, members DESC, organisation"
				   " LIMIT 50", &n1);
	double grouped = median_ms(db, "SELECT u.organisation, count(*) AS members, avg(r.rating) AS mean"
				       " FROM user_ratings r JOIN users u ON u.id = r.user_id"
				       " WHERE r.language = '' AND u.deleted_at_ms = 0 AND u.organisation <> ''"
				       " GROUP BY u.organisation COLLATE NOCASE HAVING count(*) >= 3"
				       " ORDER BY mean DESC, members DESC LIMIT 50", &n2);
	printf("organisations' first page in this process, median of 21: aggregate table %.3f ms (%zu rows),"
	       " grouped from the users %.3f ms (%zu rows): %.0fx\n", agg, n1, grouped, n2, agg > 0 ? grouped / agg : 0);
	int r = histories(db);
	sqlite3_close(db);
	return r || time_recomputes(argv[1]) ? 1 : 0;
}
