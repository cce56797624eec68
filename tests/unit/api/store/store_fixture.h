/* store_fixture.h - what the store's unit tests share: a store in a fresh
 * directory under /tmp, opened (a failure counted and said), and the
 * directory removed at the end.
 *
 * The same tests are the contract of every driver: with
 * PAIRBOX_TEST_PG set (the file tests/pg/pgserver.sh wrote the server's
 * URL into; ctest's pg.* tests set it), a directory stands for a
 * database of its own on that server, named after the directory, created
 * on first use and dropped by store_fixture_remove. */
#ifndef PAIRBOX_STORE_FIXTURE_H
#define PAIRBOX_STORE_FIXTURE_H

#include <ctype.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "util.h"

/* Whether the tests run against PostgreSQL. */
static inline bool store_fixture_pg(void)
{
	const char *f = getenv("PAIRBOX_TEST_PG");
	return f && *f;
}

/* The server's URL with its database name replaced by db ("" when not
 * on PostgreSQL or unreadable). */
static inline void store_fixture_pg_url(const char *db, char *out, size_t len)
{
	out[0] = '\0';
	FILE *f = store_fixture_pg() ? fopen(getenv("PAIRBOX_TEST_PG"), "r") : NULL;
	char line[1024] = "";
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	char *slash = strrchr(line, '/');
	if (slash)
		snprintf(out, len, "%.*s/%s", (int)(slash - line), line, db);
}

/* The database a directory stands for: t_ and its last name, lower case. */
static inline void store_fixture_db_name(const char *dir, char *out, size_t len)
{
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	size_t j = 0;
	j += (size_t)snprintf(out, len, "t_");
	for (size_t i = 0; base[i] && j + 1 < len && j < 60; i++)
		out[j++] = isalnum((unsigned char)base[i]) ? (char)tolower((unsigned char)base[i]) : '_';
	out[j] = '\0';
}

/* Run sql on the server's maintenance database (postgres). */
static inline int store_fixture_pg_admin(const char *sql)
{
	char url[1200];
	store_fixture_pg_url("postgres", url, sizeof(url));
	PGconn *c = PQconnectdb(url);
	int r = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *res = PQexec(c, sql);
		r = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
		if (r)
			fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
	} else {
		fprintf(stderr, "store_fixture: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return r;
}

/* What to give store_open for dir: dir itself (SQLite), or the URL of
 * dir's database, created when it does not exist yet. */
static inline const char *store_fixture_where(const char *dir, char *buf, size_t len)
{
	if (!store_fixture_pg())
		return dir;
	char db[64], sql[160];
	store_fixture_db_name(dir, db, sizeof(db));
	store_fixture_pg_url(db, buf, len);
	snprintf(sql, sizeof(sql), "SELECT 1 FROM pg_database WHERE datname = '%s'", db);
	char url[1200];
	store_fixture_pg_url("postgres", url, sizeof(url));
	PGconn *c = PQconnectdb(url);
	PGresult *res = PQexec(c, sql);
	bool exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
	PQclear(res);
	PQfinish(c);
	if (!exists) {
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
		store_fixture_pg_admin(sql);
	}
	return buf;
}

/* Open (create, migrate) the store in dir: the store, or NULL with the
 * reason printed and a failed check. */
static inline struct store *store_fixture_open(const char *dir)
{
	struct store *s = NULL;
	char err[512], url[1200];
	int r = store_open(store_fixture_where(dir, url, sizeof(url)), &s, err, sizeof(err));
	if (r)
		fprintf(stderr, "store_open %s: %s\n", dir, err);
	CHECK_EQ_INT(r, 0);
	return s;
}

/* Remove dir, a directory under /tmp made with mkdtemp, and all in it. */
static inline void store_fixture_remove(const char *dir)
{
	if (store_fixture_pg()) {
		char db[64], sql[160];
		store_fixture_db_name(dir, db, sizeof(db));
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
		store_fixture_pg_admin(sql);
	}
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	if (!strncmp(dir, "/tmp/", 5))
		remove_tree(dfd, dir + 5);
	close(dfd);
}

#endif
