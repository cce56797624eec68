/* test_store.c - the store (api/store/): the same test on both drivers
 * (store_fixture.h; SQLite's file-specific cases on SQLite only, with
 * PostgreSQL's counterparts). A fresh store is created and migrated,
 * reopening keeps rows and version, one server per SQLite directory
 * (several nodes share a PostgreSQL database), rows round-trip, listing pages newest first, a result is set
 * once, pending rows come oldest first, a batch is all or none, threads
 * insert concurrently, and a file that is not SQLite (or a newer schema)
 * is refused with a clear message. The problem index: filters, full-text
 * search with hostile query strings, ranking, paging, additions, and the
 * migration of a version-1 SQLite database. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "store_fixture.h"
#include "util.h"

#define NTHREADS 8
#define PER_THREAD 150
#define SCHEMA_VERSION 9            /* migrations[] in sqlite.c */

static void token_of(char token[STORE_TOKEN_LEN + 1], unsigned a, unsigned b)
{
	/* A UUID-shaped token: 8-4-4-4-12. */
	snprintf(token, STORE_TOKEN_LEN + 1, "%08x-0000-4000-8000-%012x", a, b);
}

/* A store's directory below base, name_ and base's random tail: on
 * PostgreSQL it names a database of its own, which no other test program
 * running at the same time names too. */
static void sub_dir(char *dir, size_t len, const char *base, const char *name)
{
	snprintf(dir, len, "%s/%s_%s", base, name, base + strlen(base) - 6);
}

static int insert_one(struct store *s, const char *token, int status, int64_t created)
{
	char request[64];
	snprintf(request, sizeof(request), "{\"n\":\"%s\"}", token);
	struct store_row row = { .status_id = status, .request = request, .created_at_ms = created };
	str_copy(row.token, sizeof(row.token), token);
	const struct store_row *rows[] = { &row };
	return store_insert(s, rows, 1);
}

/* PRAGMA value of the database file, read with a connection of our own. */
static int db_pragma_int(const char *dir, const char *pragma)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/pairbox.db", dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, pragma, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_INTEGER ? sqlite3_column_int(st, 0)
				: !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The families' versions in pairbox_schema, as one text ("name=v,..."). */
static void pg_versions(const char *dir, char *out, size_t len)
{
	char url[1200];
	PGconn *c = PQconnectdb(store_fixture_where(dir, url, sizeof(url)));
	PGresult *r = PQexec(c, "SELECT string_agg(family || '=' || version, ',' ORDER BY family) FROM pairbox_schema");
	snprintf(out, len, "%s", PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?");
	PQclear(r);
	PQfinish(c);
}

static void test_fresh_and_reopen(const char *base)
{
	char dir[512], err[512] = "", versions[512] = "", again[512] = "";
	snprintf(dir, sizeof(dir), "%s/fresh/nested_%s", base, base + strlen(base) - 6);
	struct store *s = store_fixture_open(dir);
	if (!s)
		return;
	struct store *second = NULL;
	err[0] = '\0';
	if (store_fixture_pg()) {
		/* Several nodes share a database: a second store sees the first's rows. */
		second = store_fixture_open(dir);
		CHECK(second != NULL && store_shared(s));
	} else {
		/* One server per data directory. */
		CHECK_EQ_INT(store_open(dir, &second, err, sizeof(err)), -EBUSY);
		CHECK(second == NULL);
		CHECK(strstr(err, "in use") != NULL);
		CHECK(!store_shared(s));
	}

	CHECK_EQ_INT(insert_one(s, "00000000-0000-4000-8000-000000000001", 1, 1000), 0);
	CHECK_EQ_INT(store_finish(s, "00000000-0000-4000-8000-000000000001", 3, "{\"r\":1}", 2000), 0);
	if (second) {
		struct store_row row;
		CHECK_EQ_INT(store_get(second, "00000000-0000-4000-8000-000000000001", &row), 0);
		CHECK_EQ_INT(row.status_id, 3);
		store_row_release(&row);
		CHECK_EQ_INT(store_finish(second, "00000000-0000-4000-8000-000000000001", 4, "{}", 1), -EALREADY);
		store_close(second);
	}
	if (store_fixture_pg()) {
		pg_versions(dir, versions, sizeof(versions));
		CHECK(strstr(versions, "submissions=") != NULL && strstr(versions, "users=") != NULL);
	} else {
		CHECK_EQ_INT(db_pragma_int(dir, "PRAGMA user_version"), SCHEMA_VERSION);
		CHECK_EQ_INT(db_pragma_int(dir, "PRAGMA journal_mode"), 1);
	}
	store_close(s);

	/* Reopen: the row is there, the version unchanged (no migration ran twice). */
	s = store_fixture_open(dir);
	if (!s)
		return;
	struct store_row row;
	CHECK_EQ_INT(store_get(s, "00000000-0000-4000-8000-000000000001", &row), 0);
	CHECK_EQ_INT(row.status_id, 3);
	CHECK_EQ_STR(row.result, "{\"r\":1}");
	CHECK_EQ_INT(row.finished_at_ms, 2000);
	store_row_release(&row);
	if (store_fixture_pg()) {
		pg_versions(dir, again, sizeof(again));
		CHECK_EQ_STR(again, versions);
	} else {
		CHECK_EQ_INT(db_pragma_int(dir, "PRAGMA user_version"), SCHEMA_VERSION);
	}
	store_close(s);
	store_fixture_remove(dir);
}

static void test_rows(struct store *s)
{
	const char *t = "11111111-0000-4000-8000-000000000001";
	struct store_row row;
	CHECK_EQ_INT(store_get(s, t, &row), -ENOENT);
	CHECK(row.request == NULL && row.result == NULL);
	CHECK_EQ_INT(insert_one(s, t, 1, 123456789012LL), 0);
	CHECK_EQ_INT(insert_one(s, t, 1, 5), -EEXIST);
	CHECK_EQ_INT(store_get(s, t, &row), 0);
	CHECK_EQ_STR(row.token, t);
	CHECK_EQ_INT(row.status_id, 1);
	CHECK_EQ_STR(row.request, "{\"n\":\"11111111-0000-4000-8000-000000000001\"}");
	CHECK(row.result == NULL);
	CHECK_EQ_INT(row.created_at_ms, 123456789012LL);
	CHECK_EQ_INT(row.finished_at_ms, 0);
	store_row_release(&row);
	store_row_release(&row);   /* released rows release again harmlessly */

	/* 1 -> 2, again 2 (a restarted job), then final once. */
	CHECK_EQ_INT(store_set_processing(s, t), 0);
	CHECK_EQ_INT(store_set_processing(s, t), 0);
	CHECK_EQ_INT(store_get(s, t, &row), 0);
	CHECK_EQ_INT(row.status_id, 2);
	store_row_release(&row);
	CHECK_EQ_INT(store_finish(s, t, 4, "{\"first\":true}", 99), 0);
	CHECK_EQ_INT(store_finish(s, t, 3, "{\"second\":true}", 100), -EALREADY);
	CHECK_EQ_INT(store_set_processing(s, t), -EALREADY);
	CHECK_EQ_INT(store_get(s, t, &row), 0);
	CHECK_EQ_INT(row.status_id, 4);
	CHECK_EQ_STR(row.result, "{\"first\":true}");
	CHECK_EQ_INT(row.finished_at_ms, 99);
	store_row_release(&row);

	CHECK_EQ_INT(store_finish(s, "no-such-token", 3, "{}", 1), -ENOENT);
	CHECK_EQ_INT(store_set_processing(s, "no-such-token"), -ENOENT);

	CHECK_EQ_INT(store_delete(s, t), 0);
	CHECK_EQ_INT(store_delete(s, t), -ENOENT);
	CHECK_EQ_INT(store_get(s, t, &row), -ENOENT);
}

/* Listing, pending and counts on a store of their own. */
static void test_list_pending(const char *base)
{
	char dir[512];
	sub_dir(dir, sizeof(dir), base, "list");
	struct store *s = store_fixture_open(dir);
	if (!s)
		return;
	char token[STORE_TOKEN_LEN + 1];
	/* 25 rows; created times go up with i except 22 and 23, which share
	 * one (the insertion order breaks the tie). */
	for (unsigned i = 0; i < 25; i++) {
		token_of(token, 0x22222222, i);
		CHECK_EQ_INT(insert_one(s, token, 1, i == 23 ? 1000 + 22 : 1000 + i), 0);
	}
	/* Finish every third. */
	for (unsigned i = 0; i < 25; i += 3) {
		token_of(token, 0x22222222, i);
		CHECK_EQ_INT(store_finish(s, token, 3 + (int)(i % 2), "{}", 5000), 0);
	}
	token_of(token, 0x22222222, 1);
	CHECK_EQ_INT(store_set_processing(s, token), 0);

	struct store_row *rows = NULL;
	size_t n = 0, total = 0;
	CHECK_EQ_INT(store_list(s, 1, 10, &rows, &n, &total), 0);
	CHECK_EQ_INT(n, 10);
	CHECK_EQ_INT(total, 25);
	char want[STORE_TOKEN_LEN + 1];
	token_of(want, 0x22222222, 24);
	CHECK_EQ_STR(rows[0].token, want);
	token_of(want, 0x22222222, 23);     /* same time as 22, inserted later */
	CHECK_EQ_STR(rows[1].token, want);
	token_of(want, 0x22222222, 22);
	CHECK_EQ_STR(rows[2].token, want);
	token_of(want, 0x22222222, 15);
	CHECK_EQ_STR(rows[9].token, want);
	CHECK(rows[0].request != NULL);
	for (size_t i = 0; i < n; i++)
		store_row_release(&rows[i]);
	free(rows);

	CHECK_EQ_INT(store_list(s, 3, 10, &rows, &n, &total), 0);
	CHECK_EQ_INT(n, 5);
	token_of(want, 0x22222222, 0);
	CHECK(n == 5 && !strcmp(rows[4].token, want));
	for (size_t i = 0; i < n; i++)
		store_row_release(&rows[i]);
	free(rows);

	CHECK_EQ_INT(store_list(s, 4, 10, &rows, &n, &total), 0);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(total, 25);
	free(rows);
	CHECK_EQ_INT(store_list(s, (size_t)-1, (size_t)-1, &rows, &n, &total), 0);   /* no overflow */
	CHECK_EQ_INT(n, 0);
	free(rows);
	CHECK_EQ_INT(store_list(s, 1, 1000000000, &rows, &n, &total), 0);    /* allocates for 25, not 10^9 */
	CHECK_EQ_INT(n, 25);
	for (size_t i = 0; i < n; i++)
		store_row_release(&rows[i]);
	free(rows);

	/* Pending: status 1 or 2, oldest first (the tie by insertion). */
	char (*pending)[STORE_TOKEN_LEN + 1] = NULL;
	CHECK_EQ_INT(store_pending(s, &pending, &n), 0);
	CHECK_EQ_INT(n, 25 - 9);
	token_of(want, 0x22222222, 1);
	CHECK(n > 0 && !strcmp(pending[0], want));
	token_of(want, 0x22222222, 2);
	CHECK(n > 1 && !strcmp(pending[1], want));
	token_of(want, 0x22222222, 23);
	CHECK(n == 16 && !strcmp(pending[15], want));
	token_of(want, 0x22222222, 22);
	CHECK(n == 16 && !strcmp(pending[14], want));
	free(pending);

	uint64_t by[16], all = 0;
	CHECK_EQ_INT(store_counts(s, by, &all), 0);
	CHECK_EQ_INT(all, 25);
	CHECK_EQ_INT(by[1], 15);
	CHECK_EQ_INT(by[2], 1);
	CHECK_EQ_INT(by[3], 5);   /* i = 0, 6, 12, 18, 24 */
	CHECK_EQ_INT(by[4], 4);   /* i = 3, 9, 15, 21 */
	store_close(s);
	store_fixture_remove(dir);
}

static void test_batch(struct store *s)
{
	struct store_row a = { .status_id = 1, .request = "{}", .created_at_ms = 1 };
	struct store_row b = a, c = a;
	str_copy(a.token, sizeof(a.token), "33333333-0000-4000-8000-00000000000a");
	str_copy(b.token, sizeof(b.token), "33333333-0000-4000-8000-00000000000b");
	str_copy(c.token, sizeof(c.token), "33333333-0000-4000-8000-00000000000c");
	CHECK_EQ_INT(insert_one(s, c.token, 1, 1), 0);
	/* c is taken: nothing of the batch is stored. */
	const struct store_row *batch[] = { &a, &b, &c };
	CHECK_EQ_INT(store_insert(s, batch, 3), -EEXIST);
	struct store_row row;
	CHECK_EQ_INT(store_get(s, a.token, &row), -ENOENT);
	CHECK_EQ_INT(store_get(s, b.token, &row), -ENOENT);
	/* A duplicate inside one batch, likewise. */
	const struct store_row *dup[] = { &a, &b, &a };
	CHECK_EQ_INT(store_insert(s, dup, 3), -EEXIST);
	CHECK_EQ_INT(store_get(s, b.token, &row), -ENOENT);
	/* And a good batch goes in whole. */
	const struct store_row *good[] = { &a, &b };
	CHECK_EQ_INT(store_insert(s, good, 2), 0);
	CHECK_EQ_INT(store_get(s, a.token, &row), 0);
	store_row_release(&row);
	CHECK_EQ_INT(store_get(s, b.token, &row), 0);
	store_row_release(&row);
	CHECK_EQ_INT(store_insert(s, good, 0), 0);
}

struct inserter {
	struct store *s;
	unsigned index;
	int failures;
};

static void *insert_many(void *arg)
{
	struct inserter *in = arg;
	char token[STORE_TOKEN_LEN + 1];
	for (unsigned i = 0; i < PER_THREAD; i++) {
		token_of(token, 0x44440000 + in->index, i);
		if (insert_one(in->s, token, 1, (int64_t)i))
			in->failures++;
		/* Interleave reads and updates with the other threads' writes. */
		struct store_row row;
		if (store_get(in->s, token, &row) || row.status_id != 1)
			in->failures++;
		store_row_release(&row);
		if (i % 2 && store_finish(in->s, token, 3, "{}", 1))
			in->failures++;
	}
	return NULL;
}

static void test_threads(const char *base)
{
	char dir[512];
	sub_dir(dir, sizeof(dir), base, "threads");
	struct store *s = store_fixture_open(dir);
	if (!s)
		return;
	pthread_t th[NTHREADS];
	struct inserter in[NTHREADS];
	for (unsigned i = 0; i < NTHREADS; i++) {
		in[i] = (struct inserter){ s, i, 0 };
		CHECK_EQ_INT(pthread_create(&th[i], NULL, insert_many, &in[i]), 0);
	}
	int failures = 0;
	for (unsigned i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		failures += in[i].failures;
	}
	CHECK_EQ_INT(failures, 0);
	uint64_t by[16], all = 0;
	CHECK_EQ_INT(store_counts(s, by, &all), 0);
	CHECK_EQ_INT(all, NTHREADS * PER_THREAD);
	CHECK_EQ_INT(by[3], NTHREADS * PER_THREAD / 2);
	store_close(s);
	store_fixture_remove(dir);
}

static void test_not_sqlite(const char *base)
{
	char dir[512], path[600], err[512] = "";
	snprintf(dir, sizeof(dir), "%s/garbage", base);
	CHECK_EQ_INT(mkdir_p(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/pairbox.db", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	char junk[4096];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)('a' + i % 26);
	CHECK_EQ_INT(write_all(fd, junk, sizeof(junk)), 0);
	close(fd);
	struct store *s = NULL;
	CHECK_EQ_INT(store_open(dir, &s, err, sizeof(err)), -EINVAL);
	CHECK(s == NULL);
	CHECK(strstr(err, "is not a pairbox database") != NULL);
	CHECK(strstr(err, path) != NULL);
	fprintf(stderr, "(expected) %s\n", err);

	/* A schema newer than this build knows: refused, named. */
	snprintf(dir, sizeof(dir), "%s/newer", base);
	CHECK_EQ_INT(store_open(dir, &s, err, sizeof(err)), 0);
	store_close(s);
	s = NULL;
	snprintf(path, sizeof(path), "%s/pairbox.db", dir);
	sqlite3 *db = NULL;
	CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_EQ_INT(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_EQ_INT(store_open(dir, &s, err, sizeof(err)), -EPROTO);
	CHECK(strstr(err, "schema version 99") != NULL);
	fprintf(stderr, "(expected) %s\n", err);

	/* A data directory that cannot be made. */
	snprintf(dir, sizeof(dir), "%s/garbage/pairbox.db/below", base);
	CHECK(store_open(dir, &s, err, sizeof(err)) < 0);
	CHECK(strstr(err, "cannot create data directory") != NULL);
}

/* PostgreSQL: a database whose family is at a version newer than this
 * build's is refused, the family and both versions named. */
static void test_newer_pg(const char *base)
{
	char dir[512], url[1200], err[512] = "";
	sub_dir(dir, sizeof(dir), base, "newer");
	struct store *s = store_fixture_open(dir);
	store_close(s);
	PGconn *c = PQconnectdb(store_fixture_where(dir, url, sizeof(url)));
	PGresult *r = PQexec(c, "UPDATE pairbox_schema SET version = 99 WHERE family = 'users'");
	CHECK_EQ_INT(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	PQfinish(c);
	s = NULL;
	CHECK_EQ_INT(store_open(url, &s, err, sizeof(err)), -EPROTO);
	CHECK(s == NULL);
	CHECK(strstr(err, "users schema is version 99, newer than") != NULL);
	fprintf(stderr, "(expected) %s\n", err);
	store_fixture_remove(dir);
}

/* Search and compare the slugs found with want (comma-separated, in order). */
static void search_is(struct store *s, const struct store_problem_query *q, const char *want, size_t want_total,
		      int line)
{
	char **slugs = NULL, got[512] = "";
	size_t n = 0, total = 0;
	int r = store_problem_search(s, q, &slugs, &n, &total);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(got, ",", sizeof(got) - strlen(got) - 1);
		strncat(got, slugs[i], sizeof(got) - strlen(got) - 1);
		free(slugs[i]);
	}
	free(slugs);
	if (r || strcmp(got, want) || total != want_total)
		fprintf(stderr, "line %d: search (%s, %s, '%s', page %zu of %zu): r=%d got '%s' total %zu, want '%s' total %zu\n",
			line, q->difficulty ? q->difficulty : "-", q->tag ? q->tag : "-", q->text ? q->text : "",
			q->page, q->per_page, r, got, total, want, want_total);
	CHECK(r == 0 && !strcmp(got, want) && total == want_total);
}

#define SEARCH(s, diff, tag, text, page, per, want, total) \
	search_is(s, &(struct store_problem_query){ diff, tag, text, page, per }, want, total, __LINE__)

static void test_problem_index(struct store *s)
{
	const char *t1[] = { "arrays", "hashing" }, *t2[] = { "strings", "Two Pointers" }, *t3[] = { "graphs" };
	const struct store_problem v[] = {
		{ "two-sum", "Two Sum Indices", "easy", "Return the indices of two numbers in the array that add up to the target.", t1, 2, true },
		{ "reverse-words", "Reverse Words", "easy", "Reverse the order of words in a string. Arrays may help.", t2, 2, false },
		{ "shortest-path", "Shortest Path", "hard", "Run Dijkstra's algorithm on a weighted graph (\"roads\").", t3, 1, false },
		{ "kattis-thing", "A Kattis Problem", NULL, NULL, NULL, 0, false },
	};
	CHECK_EQ_INT(store_problems_replace(s, v, 4), 0);
	/* No filter: by difficulty (easy, medium, hard, none), then slug. */
	SEARCH(s, NULL, NULL, NULL, 1, 20, "reverse-words,two-sum,shortest-path,kattis-thing", 4);
	SEARCH(s, "hard", NULL, NULL, 1, 20, "shortest-path", 1);
	SEARCH(s, "medium", NULL, NULL, 1, 20, "", 0);
	/* Tags: whole tag, case-blind. */
	SEARCH(s, NULL, "two pointers", NULL, 1, 20, "reverse-words", 1);
	SEARCH(s, NULL, "two", NULL, 1, 20, "", 0);
	SEARCH(s, "hard", "arrays", NULL, 1, 20, "", 0);
	/* Full text: stemmed ("array" finds "arrays"), title before statement. */
	SEARCH(s, NULL, NULL, "array", 1, 20, "two-sum,reverse-words", 2);
	SEARCH(s, NULL, NULL, "reverse", 1, 20, "reverse-words", 1);
	SEARCH(s, NULL, NULL, "DIJKSTRA", 1, 20, "shortest-path", 1);
	SEARCH(s, NULL, NULL, "dijk*", 1, 20, "shortest-path", 1);
	SEARCH(s, NULL, NULL, "graph weighted", 1, 20, "shortest-path", 1);
	SEARCH(s, NULL, NULL, "graph missing", 1, 20, "", 0);
	SEARCH(s, NULL, NULL, "hashing", 1, 20, "two-sum", 1);
	SEARCH(s, "easy", NULL, "array", 1, 20, "two-sum,reverse-words", 2);
	SEARCH(s, NULL, "arrays", "array", 1, 20, "two-sum", 1);
	/* Hostile strings are words, never FTS5 syntax: no error, ever. */
	const char *hostile[] = { "\"", "AND OR (", "NEAR(a b)", "title:two", "*", "^two", "a\" OR \"b", "-x", "(((",
				  "two\"", "\"\"\"", "NOT", "{title}: x", "'; DROP TABLE problems; --", "two + sum", "\\", "*two" };
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		char **slugs = NULL;
		size_t n = 9, total = 9;
		CHECK_EQ_INT(store_problem_search(s, &(struct store_problem_query){ NULL, NULL, hostile[i], 1, 20 },
						  &slugs, &n, &total), 0);
		for (size_t k = 0; k < n; k++)
			free(slugs[k]);
		free(slugs);
	}
	/* A word longer than any index keeps (and one of many quotes) is no error either. */
	char *longword = malloc(6001);
	if (longword) {
		for (size_t i = 0; i < 6000; i++)
			longword[i] = i < 3000 ? (char)('a' + i % 26) : '\'';
		longword[6000] = '\0';
		SEARCH(s, NULL, NULL, longword, 1, 20, "", 0);
		longword[2999] = '*';
		longword[3000] = '\0';
		SEARCH(s, NULL, NULL, longword, 1, 20, "", 0);
		free(longword);
	}
	SEARCH(s, NULL, NULL, "title:two", 1, 20, "", 0);            /* the word "title:two", not a column filter */
	SEARCH(s, NULL, NULL, "two\" OR \"zzz", 1, 20, "", 0);      /* quotes do not escape */
	SEARCH(s, NULL, NULL, "roads\"", 1, 20, "shortest-path", 1);    /* a quote is punctuation inside a word */
	SEARCH(s, NULL, NULL, "( dijkstra", 1, 20, "shortest-path", 1);  /* an empty word is ignored beside others */
	SEARCH(s, NULL, NULL, "   ", 1, 20, "reverse-words,two-sum,shortest-path,kattis-thing", 4);
	/* Pages. */
	SEARCH(s, NULL, NULL, NULL, 2, 1, "two-sum", 4);
	SEARCH(s, NULL, NULL, NULL, 2, 3, "kattis-thing", 4);
	SEARCH(s, NULL, NULL, NULL, 9, 3, "", 4);
	SEARCH(s, NULL, NULL, "array", 2, 1, "reverse-words", 2);
	/* Additions: searchable at once; a slug once. */
	const char *t4[] = { "dynamic programming" };
	const struct store_problem add = { "coin-change", "Coin Change", "medium", "Fewest coins.", t4, 1, true };
	CHECK_EQ_INT(store_problem_add(s, &add), 0);
	CHECK_EQ_INT(store_problem_add(s, &add), -EEXIST);
	SEARCH(s, NULL, NULL, "coins", 1, 20, "coin-change", 1);
	SEARCH(s, NULL, "Dynamic Programming", NULL, 1, 20, "coin-change", 1);
	SEARCH(s, NULL, NULL, NULL, 1, 2, "reverse-words,two-sum", 5);
	/* Replacing drops what is gone, tags and text included. */
	CHECK_EQ_INT(store_problems_replace(s, v + 2, 1), 0);
	SEARCH(s, NULL, NULL, NULL, 1, 20, "shortest-path", 1);
	SEARCH(s, NULL, NULL, "coins", 1, 20, "", 0);
	SEARCH(s, NULL, "arrays", NULL, 1, 20, "", 0);
	CHECK_EQ_INT(store_problems_replace(s, NULL, 0), 0);
	SEARCH(s, NULL, NULL, NULL, 1, 20, "", 0);
}

/* Packages of problems added at run time: kept whole, once per slug,
 * read back byte for byte, listed oldest first, untouched by the index's
 * rebuild; bad paths refused; a batch with a path twice leaves nothing. */
static void test_packages(struct store *s)
{
	unsigned char bin[700];
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 13);                     /* NUL bytes included */
	struct store_file f[] = {
		{ "problem.json", "{\"slug\":\"p1\"}", 13 },
		{ "tests/sample/01.in", bin, sizeof(bin) },
		{ "tests/sample/01.ans", "", 0 },
	};
	CHECK_EQ_INT(store_package_put(s, "p1", f, 3, 100), 0);
	CHECK_EQ_INT(store_package_put(s, "p1", f, 1, 101), -EEXIST);
	CHECK_EQ_INT(store_package_put(s, "p0", f, 2, 200), 0);
	struct store_file bad = { "../escape", "x", 1 }, dup[] = { f[0], f[0] };
	CHECK_EQ_INT(store_package_put(s, "p2", &bad, 1, 1), -EINVAL);
	const char *bad_paths[] = { "/abs", "a//b", "a/./b", "dir/", "", "a\\b", "x\ny" };
	for (size_t i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++) {
		bad.path = (char *)bad_paths[i];
		CHECK_EQ_INT(store_package_put(s, "p2", &bad, 1, 1), -EINVAL);
	}
	CHECK_EQ_INT(store_package_put(s, "p2", dup, 2, 1), -EINVAL);
	CHECK_EQ_INT(store_package_put(s, "p2", f, 0, 1), -EINVAL);
	struct store_file *got = NULL;
	size_t n = 0;
	CHECK_EQ_INT(store_package_get(s, "p2", &got, &n), -ENOENT);
	CHECK_EQ_INT(store_problems_replace(s, NULL, 0), 0);         /* the index only */
	CHECK_EQ_INT(store_package_get(s, "p1", &got, &n), 0);
	CHECK_EQ_INT(n, 3);
	if (n == 3) {
		/* By path. */
		CHECK_EQ_STR(got[0].path, "problem.json");
		CHECK(got[0].len == 13 && !memcmp(got[0].data, f[0].data, 13));
		CHECK_EQ_STR(got[1].path, "tests/sample/01.ans");
		CHECK_EQ_INT(got[1].len, 0);
		CHECK_EQ_STR(got[2].path, "tests/sample/01.in");
		CHECK(got[2].len == sizeof(bin) && !memcmp(got[2].data, bin, sizeof(bin)));
	}
	store_files_free(got, n);
	store_files_free(NULL, 0);
	char **slugs = NULL;
	CHECK_EQ_INT(store_package_slugs(s, &slugs, &n), 0);
	CHECK(n == 2 && !strcmp(slugs[0], "p1") && !strcmp(slugs[1], "p0"));
	for (size_t i = 0; i < n; i++)
		free(slugs[i]);
	free(slugs);
	CHECK_EQ_INT(store_package_delete(s, "p1"), 0);
	CHECK_EQ_INT(store_package_delete(s, "p1"), -ENOENT);
	CHECK_EQ_INT(store_package_get(s, "p1", &got, &n), -ENOENT);
	CHECK_EQ_INT(store_package_put(s, "p1", f, 1, 300), 0);        /* the slug is free again */
}

/* A data directory from before the problem index (schema 1) keeps its
 * rows and gains the index. */
static void test_migrate_v1(const char *base)
{
	char dir[512], path[600], err[512] = "";
	snprintf(dir, sizeof(dir), "%s/v1", base);
	CHECK_EQ_INT(mkdir_p(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/pairbox.db", dir);
	sqlite3 *db = NULL;
	CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_EQ_INT(sqlite3_exec(db,
				  "CREATE TABLE submissions (token TEXT PRIMARY KEY NOT NULL, status_id INTEGER NOT NULL,"
				  " request TEXT NOT NULL, result TEXT, created_at_ms INTEGER NOT NULL,"
				  " finished_at_ms INTEGER NOT NULL DEFAULT 0);"
				  "CREATE INDEX submissions_created ON submissions(created_at_ms);"
				  "CREATE INDEX submissions_status ON submissions(status_id, created_at_ms);"
				  "INSERT INTO submissions VALUES ('00000000-0000-4000-8000-0000000000v1', 1, '{}', NULL, 5, 0);"
				  "PRAGMA user_version = 1;",
				  NULL, NULL, NULL),
		     SQLITE_OK);
	sqlite3_close(db);
	struct store *s = NULL;
	CHECK_EQ_INT(store_open(dir, &s, err, sizeof(err)), 0);
	if (!s)
		return;
	CHECK_EQ_INT(db_pragma_int(dir, "PRAGMA user_version"), SCHEMA_VERSION);
	struct store_row row;
	CHECK_EQ_INT(store_get(s, "00000000-0000-4000-8000-0000000000v1", &row), 0);
	store_row_release(&row);
	const struct store_problem p = { "p", "Pancakes", "easy", "Flip them.", NULL, 0, false };
	CHECK_EQ_INT(store_problems_replace(s, &p, 1), 0);
	SEARCH(s, NULL, NULL, "pancake", 1, 20, "p", 1);
	store_close(s);
}

int main(void)
{
	char base[] = "/tmp/pairbox-store-XXXXXX";
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	test_fresh_and_reopen(base);

	char dir[512];
	sub_dir(dir, sizeof(dir), base, "rows");
	struct store *s = store_fixture_open(dir);
	if (s) {
		test_rows(s);
		test_batch(s);
		test_problem_index(s);
		test_packages(s);
		store_close(s);
	}
	store_fixture_remove(dir);
	store_close(NULL);
	test_list_pending(base);
	test_threads(base);
	if (store_fixture_pg()) {
		test_newer_pg(base);
	} else {
		/* Files: SQLite's own. */
		test_not_sqlite(base);
		test_migrate_v1(base);
	}

	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		remove_tree(dfd, base + strlen("/tmp/"));
		close(dfd);
	}
	return check_done();
}
