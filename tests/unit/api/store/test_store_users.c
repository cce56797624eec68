/* test_store_users.c - the store's accounts (api/store/sqlite_users.c,
 * pg_users.c: the same test on both drivers, store_fixture.h):
 * users created and found case-blind, a taken name refused whatever its
 * case, profiles updated; sessions found by their hash until they expire,
 * deleted, and at most STORE_SESSIONS_PER_USER a user; avatars put,
 * replaced and read back byte for byte; deleting an account removes its
 * sessions and avatar, frees its name and keeps an anonymised row that
 * no verb returns; the rows survive a reopen. Threads racing for one
 * name (case apart) get it once; racing logins of one user keep the cap.
 * Linked with pairbox_store alone. */
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

static int64_t new_user(struct store *s, const char *name, const char *hash)
{
	struct store_user u = { .rating = 1500, .created_at_ms = 1000 };
	str_copy(u.username, sizeof(u.username), name);
	u.display_name = (char *)name;
	return store_user_create(s, &u, hash) ? -1 : u.id;
}

static void hash_of(unsigned char h[STORE_SESSION_HASH], int n)
{
	memset(h, 0, STORE_SESSION_HASH);
	memcpy(h, &n, sizeof(n));
}

static void test_users(struct store *s)
{
	int64_t ann = new_user(s, "ann", "$y$hash-ann");
	CHECK(ann > 0);
	struct store_user taken = { .rating = 1 };
	str_copy(taken.username, sizeof(taken.username), "ANN");
	CHECK_EQ_INT(store_user_create(s, &taken, "$y$x"), -EEXIST);
	struct store_user u;
	char *hash = NULL;
	CHECK_EQ_INT(store_user_by_name(s, "aNn", &u, &hash), 0);
	CHECK_EQ_INT(u.id, ann);
	CHECK_EQ_STR(u.username, "ann");
	CHECK_EQ_STR(hash, "$y$hash-ann");
	CHECK_EQ_STR(u.display_name, "ann");
	CHECK_EQ_STR(u.bio, "");
	CHECK_EQ_STR(u.languages, "[]");
	CHECK_EQ_STR(u.level, "");
	CHECK_EQ_INT(u.rating, 1500);
	CHECK_EQ_INT(u.created_at_ms, 1000);
	CHECK_EQ_INT(u.avatar_at_ms, 0);
	free(hash);
	/* Update every profile field. */
	free(u.bio);
	u.bio = strdup("line one\nline two \xf0\x9f\x99\x82");
	free(u.languages);
	u.languages = strdup("[\"python3\",\"cpp\"]");
	str_copy(u.level, sizeof(u.level), "advanced");
	u.rating = 1800;
	CHECK_EQ_INT(store_user_update(s, &u), 0);
	store_user_release(&u);
	CHECK_EQ_INT(store_user_get(s, ann, &u), 0);
	CHECK_EQ_STR(u.bio, "line one\nline two \xf0\x9f\x99\x82");
	CHECK_EQ_STR(u.languages, "[\"python3\",\"cpp\"]");
	CHECK_EQ_STR(u.level, "advanced");
	CHECK_EQ_INT(u.rating, 1800);
	u.id = 999999;
	CHECK_EQ_INT(store_user_update(s, &u), -ENOENT);
	store_user_release(&u);
	CHECK_EQ_INT(store_user_get(s, 999999, &u), -ENOENT);
	CHECK_EQ_INT(store_user_by_name(s, "nobody", &u, &hash), -ENOENT);
	CHECK(hash == NULL);
}

static void test_sessions(struct store *s)
{
	int64_t bo = new_user(s, "bo", "$y$hash-bo");
	unsigned char h1[STORE_SESSION_HASH], h2[STORE_SESSION_HASH], h3[STORE_SESSION_HASH];
	hash_of(h1, 1);
	hash_of(h2, 2);
	hash_of(h3, 3);
	CHECK_EQ_INT(store_session_create(s, h1, bo, 1000, 5000), 0);
	CHECK_EQ_INT(store_session_create(s, h2, bo, 1000, 9000), 0);
	CHECK_EQ_INT(store_session_create(s, h3, 424242, 1000, 9000), -ENOENT);   /* no such user */
	struct store_user u;
	CHECK_EQ_INT(store_session_user(s, h1, 4999, &u), 0);
	CHECK_EQ_INT(u.id, bo);
	CHECK_EQ_STR(u.username, "bo");
	store_user_release(&u);
	CHECK_EQ_INT(store_session_user(s, h1, 5000, &u), -ENOENT);   /* expired at its time */
	CHECK_EQ_INT(store_session_user(s, h2, 5000, &u), 0);
	store_user_release(&u);
	CHECK_EQ_INT(store_session_user(s, h3, 10, &u), -ENOENT);
	CHECK_EQ_INT(store_session_delete(s, h2), 0);
	CHECK_EQ_INT(store_session_delete(s, h2), -ENOENT);
	CHECK_EQ_INT(store_session_user(s, h2, 10, &u), -ENOENT);
	/* The newest STORE_SESSIONS_PER_USER stay. */
	for (int i = 100; i < 100 + STORE_SESSIONS_PER_USER + 3; i++) {
		unsigned char h[STORE_SESSION_HASH];
		hash_of(h, i);
		CHECK_EQ_INT(store_session_create(s, h, bo, 2000, 1000000), 0);
	}
	int alive = 0;
	for (int i = 100; i < 100 + STORE_SESSIONS_PER_USER + 3; i++) {
		unsigned char h[STORE_SESSION_HASH];
		hash_of(h, i);
		int r = store_session_user(s, h, 3000, &u);
		alive += r == 0;
		if (!r)
			store_user_release(&u);
		if (i < 103)
			CHECK_EQ_INT(r, -ENOENT);            /* the three oldest ended */
	}
	CHECK_EQ_INT(alive, STORE_SESSIONS_PER_USER);
}

static void test_avatars(struct store *s)
{
	int64_t cy = new_user(s, "cy", "$y$hash-cy");
	unsigned char img[3000];
	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = (unsigned char)(i * 7);          /* NUL bytes included */
	char type[STORE_CONTENT_TYPE_MAX + 1];
	void *data;
	size_t len;
	CHECK_EQ_INT(store_avatar_get(s, cy, type, &data, &len), -ENOENT);
	CHECK_EQ_INT(store_avatar_put(s, cy, "image/png", img, sizeof(img), 7000), 0);
	CHECK_EQ_INT(store_avatar_get(s, cy, type, &data, &len), 0);
	CHECK_EQ_STR(type, "image/png");
	CHECK(len == sizeof(img) && !memcmp(data, img, len));
	free(data);
	CHECK_EQ_INT(store_avatar_put(s, cy, "image/webp", img, 10, 8000), 0);   /* replaced */
	CHECK_EQ_INT(store_avatar_get(s, cy, type, &data, &len), 0);
	CHECK_EQ_STR(type, "image/webp");
	CHECK_EQ_INT(len, 10);
	free(data);
	struct store_user u;
	CHECK_EQ_INT(store_user_get(s, cy, &u), 0);
	CHECK_EQ_INT(u.avatar_at_ms, 8000);
	store_user_release(&u);
	CHECK_EQ_INT(store_avatar_put(s, 31337, "image/png", img, 10, 1), -ENOENT);
}

static void test_delete(struct store *s)
{
	int64_t di = new_user(s, "di", "$y$hash-di");
	unsigned char h[STORE_SESSION_HASH];
	hash_of(h, 77);
	CHECK_EQ_INT(store_session_create(s, h, di, 1000, 1000000), 0);
	CHECK_EQ_INT(store_avatar_put(s, di, "image/jpeg", "\xff\xd8\xff", 3, 1), 0);
	CHECK_EQ_INT(store_user_delete(s, di), 0);
	CHECK_EQ_INT(store_user_delete(s, di), -ENOENT);
	struct store_user u;
	char *hash = NULL;
	CHECK_EQ_INT(store_user_get(s, di, &u), -ENOENT);
	CHECK_EQ_INT(store_user_by_name(s, "di", &u, &hash), -ENOENT);
	CHECK_EQ_INT(store_session_user(s, h, 2000, &u), -ENOENT);
	CHECK_EQ_INT(store_session_delete(s, h), -ENOENT);           /* the session went with it */
	char type[STORE_CONTENT_TYPE_MAX + 1];
	void *data;
	size_t len;
	CHECK_EQ_INT(store_avatar_get(s, di, type, &data, &len), -ENOENT);
	CHECK_EQ_INT(store_avatar_put(s, di, "image/png", "x", 1, 1), -ENOENT);
	CHECK_EQ_INT(store_session_create(s, h, di, 1000, 1000000), -ENOENT);
	/* The name is free again, for a new account with a new id. */
	int64_t again = new_user(s, "DI", "$y$hash-di2");
	CHECK(again > di);
	CHECK_EQ_INT(store_user_by_name(s, "di", &u, &hash), 0);
	CHECK_EQ_INT(u.id, again);
	store_user_release(&u);
	free(hash);
}

/* The deleted row, read with a connection of our own: anonymised. */
static void test_anonymised_row(const char *dir)
{
	static const char sql[] = "SELECT username IS NULL, password_hash IS NULL, display_name, bio,"
				  " deleted_at_ms > 0 FROM users WHERE deleted_at_ms > 0";
	if (store_fixture_pg()) {
		char url[1200];
		PGconn *c = PQconnectdb(store_fixture_where(dir, url, sizeof(url)));
		PGresult *r = PQexec(c, sql);
		CHECK_EQ_INT(PQresultStatus(r), PGRES_TUPLES_OK);
		CHECK_EQ_INT(PQntuples(r), 1);
		if (PQntuples(r) == 1) {
			CHECK_EQ_STR(PQgetvalue(r, 0, 0), "t");
			CHECK_EQ_STR(PQgetvalue(r, 0, 1), "t");
			CHECK_EQ_STR(PQgetvalue(r, 0, 2), "deleted user");
			CHECK_EQ_STR(PQgetvalue(r, 0, 3), "");
		}
		PQclear(r);
		PQfinish(c);
		return;
	}
	char path[512];
	snprintf(path, sizeof(path), "%s/pairbox.db", dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	CHECK_EQ_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	CHECK_EQ_INT(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		rows++;
		CHECK_EQ_INT(sqlite3_column_int(st, 0), 1);
		CHECK_EQ_INT(sqlite3_column_int(st, 1), 1);
		CHECK_EQ_STR((const char *)sqlite3_column_text(st, 2), "deleted user");
		CHECK_EQ_STR((const char *)sqlite3_column_text(st, 3), "");
	}
	CHECK_EQ_INT(rows, 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

struct racer {
	struct store *s;
	int index;
	int64_t user;
	int won, taken, failed;
};

/* One name in NTHREADS spellings at once: one account, the others -EEXIST. */
static void *race_name(void *arg)
{
	struct racer *r = arg;
	char name[16];
	snprintf(name, sizeof(name), "%s", r->index % 2 ? "ZED" : "zed");
	name[r->index % 3] = (char)(name[r->index % 3] ^ 0x20);    /* a third spelling */
	struct store_user u = { .rating = 1 };
	str_copy(u.username, sizeof(u.username), name);
	int e = store_user_create(r->s, &u, "$y$z");
	if (!e)
		r->won++;
	else if (e == -EEXIST)
		r->taken++;
	else
		r->failed++;
	return NULL;
}

/* Logins of one user from NTHREADS threads at once: the cap holds. */
static void *race_logins(void *arg)
{
	struct racer *r = arg;
	for (int i = 0; i < 10; i++) {
		unsigned char h[STORE_SESSION_HASH];
		hash_of(h, 5000 + r->index * 100 + i);
		if (store_session_create(r->s, h, r->user, 2000, 1000000))
			r->failed++;
	}
	return NULL;
}

static void test_races(struct store *s)
{
	pthread_t th[NTHREADS];
	struct racer rc[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		rc[i] = (struct racer){ .s = s, .index = i };
		CHECK_EQ_INT(pthread_create(&th[i], NULL, race_name, &rc[i]), 0);
	}
	int won = 0, taken = 0, failed = 0;
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		won += rc[i].won;
		taken += rc[i].taken;
		failed += rc[i].failed;
	}
	CHECK_EQ_INT(won, 1);
	CHECK_EQ_INT(taken, NTHREADS - 1);
	CHECK_EQ_INT(failed, 0);

	int64_t ed = new_user(s, "ed", "$y$hash-ed");
	for (int i = 0; i < NTHREADS; i++) {
		rc[i] = (struct racer){ .s = s, .index = i, .user = ed };
		CHECK_EQ_INT(pthread_create(&th[i], NULL, race_logins, &rc[i]), 0);
	}
	failed = 0;
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		failed += rc[i].failed;
	}
	CHECK_EQ_INT(failed, 0);
	int alive = 0;
	for (int t = 0; t < NTHREADS; t++)
		for (int i = 0; i < 10; i++) {
			unsigned char h[STORE_SESSION_HASH];
			struct store_user u;
			hash_of(h, 5000 + t * 100 + i);
			if (!store_session_user(s, h, 3000, &u)) {
				alive++;
				store_user_release(&u);
			}
		}
	CHECK_EQ_INT(alive, STORE_SESSIONS_PER_USER);
}

int main(void)
{
	char base[] = "/tmp/pairbox-test-users-XXXXXX";
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	struct store *s = store_fixture_open(base);
	if (s) {
		test_users(s);
		test_sessions(s);
		test_avatars(s);
		test_delete(s);
		test_races(s);
		store_close(s);
		test_anonymised_row(base);
		/* Everything is still there after a reopen. */
		s = store_fixture_open(base);
		struct store_user u;
		char *hash = NULL;
		CHECK(s && store_user_by_name(s, "ann", &u, &hash) == 0);
		if (s && hash) {
			CHECK_EQ_STR(u.level, "advanced");
			store_user_release(&u);
			free(hash);
		}
		store_close(s);
	}
	store_fixture_remove(base);
	return check_done();
}
