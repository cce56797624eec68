/* store.c - submissions in SQLite: WAL, versioned migrations, one
 * connection behind a mutex, prepared statements (store.h).
 *
 * Durability. journal_mode=WAL with synchronous=FULL: every commit fsyncs
 * the WAL before sqlite3_step() returns, so a row the client heard about
 * survives not only kill -9 (for which synchronous=NORMAL would do: a
 * committed transaction is in the WAL file, that is in the kernel's page
 * cache, the moment write() returns) but also a power cut or a kernel
 * crash, which NORMAL may roll back to the last checkpoint. The price is
 * one fsync of the WAL per commit (a batch is one commit), about 0.1 ms
 * on an SSD, against tens of milliseconds of sandbox per submission.
 *
 * One server per data directory: pairbox.lock is held (flock) for the
 * store's life, because two servers re-judging the same pending rows
 * would break "exactly one final result". The kernel drops the lock when
 * the process dies, kill -9 included. */
#define _GNU_SOURCE
#include "store.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Migration i (from 1) takes the schema from version i-1 to i; the
 * version lives in PRAGMA user_version. Never edit a shipped migration:
 * append a new one. */
static const char *const migrations[] = {
	/* 1: submissions. Listing is newest first (created_at_ms, then rowid
	 * for ties); pending rows are found by status with the oldest first;
	 * /statistics counts by status (a covering index scan). */
	"CREATE TABLE submissions ("
	"  token TEXT PRIMARY KEY NOT NULL,"
	"  status_id INTEGER NOT NULL,"
	"  request TEXT NOT NULL,"
	"  result TEXT,"
	"  created_at_ms INTEGER NOT NULL,"
	"  finished_at_ms INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX submissions_created ON submissions(created_at_ms);"
	"CREATE INDEX submissions_status ON submissions(status_id, created_at_ms);",
	/* 2: the problem index (rebuilt from the bank at every start): one
	 * row per problem, its tags for the tag filter, and an FTS5 table
	 * whose rowid is the problem's id. Porter stemming: "array" finds
	 * "arrays". */
	"CREATE TABLE problems ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT UNIQUE NOT NULL,"
	"  title TEXT NOT NULL,"
	"  difficulty TEXT,"
	"  function INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE problem_tags ("
	"  problem_id INTEGER NOT NULL,"
	"  tag TEXT NOT NULL COLLATE NOCASE,"
	"  PRIMARY KEY (problem_id, tag)) WITHOUT ROWID;"
	"CREATE INDEX problem_tags_tag ON problem_tags(tag);"
	"CREATE VIRTUAL TABLE problems_fts USING fts5(title, statement, tags,"
	"  tokenize = 'porter unicode61 remove_diacritics 2');",
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

enum stmt {
	ST_INSERT, ST_GET, ST_STATUS, ST_PROCESSING, ST_FINISH, ST_DELETE,
	ST_LIST, ST_COUNT, ST_PENDING, ST_COUNTS, ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_PROB_CLEAR, ST_PROB_TAGS_CLEAR, ST_PROB_FTS_CLEAR, ST_PROB_INSERT, ST_PROB_TAG_INSERT, ST_PROB_FTS_INSERT,
	ST_N
};

static const char *const stmt_sql[ST_N] = {
	[ST_INSERT] = "INSERT INTO submissions (token, status_id, request, result, created_at_ms, finished_at_ms)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_GET] = "SELECT token, status_id, request, result, created_at_ms, finished_at_ms"
		   " FROM submissions WHERE token = ?1",
	[ST_STATUS] = "SELECT status_id FROM submissions WHERE token = ?1",
	[ST_PROCESSING] = "UPDATE submissions SET status_id = 2 WHERE token = ?1 AND status_id = 1",
	/* Once only: a final row never matches again, so the first result stands. */
	[ST_FINISH] = "UPDATE submissions SET status_id = ?2, result = ?3, finished_at_ms = ?4"
		      " WHERE token = ?1 AND status_id IN (1, 2)",
	[ST_DELETE] = "DELETE FROM submissions WHERE token = ?1",
	[ST_LIST] = "SELECT token, status_id, request, result, created_at_ms, finished_at_ms"
		    " FROM submissions ORDER BY created_at_ms DESC, rowid DESC LIMIT ?1 OFFSET ?2",
	[ST_COUNT] = "SELECT count(*) FROM submissions",
	[ST_PENDING] = "SELECT token FROM submissions WHERE status_id IN (1, 2)"
		       " ORDER BY created_at_ms, rowid",
	[ST_COUNTS] = "SELECT status_id, count(*) FROM submissions GROUP BY status_id",
	/* IMMEDIATE: take the write lock at BEGIN, so a busy database is
	 * waited for (busy_timeout) up front rather than failing mid-way. */
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_PROB_CLEAR] = "DELETE FROM problems",
	[ST_PROB_TAGS_CLEAR] = "DELETE FROM problem_tags",
	[ST_PROB_FTS_CLEAR] = "DELETE FROM problems_fts",
	[ST_PROB_INSERT] = "INSERT INTO problems (slug, title, difficulty, function) VALUES (?1, ?2, ?3, ?4)",
	[ST_PROB_TAG_INSERT] = "INSERT OR IGNORE INTO problem_tags (problem_id, tag) VALUES (?1, ?2)",
	[ST_PROB_FTS_INSERT] = "INSERT INTO problems_fts (rowid, title, statement, tags) VALUES (?1, ?2, ?3, ?4)",
};

struct store {
	pthread_mutex_t lock;          /* guards db and every statement */
	sqlite3 *db;
	sqlite3_stmt *st[ST_N];
	int lock_fd;                   /* pairbox.lock, flock'd for our life */
	char path[PATH_MAX];
};

void store_row_release(struct store_row *r)
{
	if (!r)
		return;
	free(r->request);
	free(r->result);
	r->request = r->result = NULL;
}

/* Log a failed SQLite call with the database's own words: the server's
 * log is where an operator looks when a request answered 500. */
static int fail(struct store *s, const char *what)
{
	fprintf(stderr, "pairbox: store %s: %s: %s\n", s->path, what, sqlite3_errmsg(s->db));
	return -EIO;
}

/* Reset a statement for the next use; its bindings are cleared so no
 * pointer to a caller's text outlives the call. */
static void done_with(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int exec_simple(struct store *s, enum stmt which)
{
	sqlite3_stmt *st = s->st[which];
	int rc = sqlite3_step(st);
	done_with(st);
	return rc == SQLITE_DONE ? 0 : fail(s, stmt_sql[which]);
}

static char *column_dup(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	char *out = malloc((size_t)n + 1);
	if (out && t) {
		memcpy(out, t, (size_t)n);
		out[n] = '\0';
	}
	return out;
}

/* The current row of a SELECT token, status_id, request, result, ... */
static int row_from(sqlite3_stmt *st, struct store_row *out)
{
	memset(out, 0, sizeof(*out));
	const char *token = (const char *)sqlite3_column_text(st, 0);
	str_copy(out->token, sizeof(out->token), token ? token : "");
	out->status_id = sqlite3_column_int(st, 1);
	out->created_at_ms = sqlite3_column_int64(st, 4);
	out->finished_at_ms = sqlite3_column_int64(st, 5);
	out->request = column_dup(st, 2);
	out->result = column_dup(st, 3);
	if (!out->request || (!out->result && sqlite3_column_type(st, 3) != SQLITE_NULL)) {
		store_row_release(out);
		return -ENOMEM;
	}
	return 0;
}

/* Run each migration above the database's version in a transaction of its
 * own, with the version bump inside it: a crash mid-way leaves the
 * previous version, never half of one. */
static int migrate(struct store *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int version = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 0) {
		str_printf(err, errlen, "%s: cannot read the schema version: %s", s->path, sqlite3_errmsg(s->db));
		return -EIO;
	}
	if ((size_t)version > NMIGRATIONS) {
		str_printf(err, errlen, "%s: schema version %d is newer than this pairbox knows (%zu): "
			   "use the pairbox that wrote it", s->path, version, NMIGRATIONS);
		return -EPROTO;
	}
	for (size_t v = (size_t)version + 1; v <= NMIGRATIONS; v++) {
		char bump[64];
		char *msg = NULL;
		str_printf(bump, sizeof(bump), "PRAGMA user_version = %zu;", v);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE;", NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, migrations[v - 1], NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, bump, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, "COMMIT;", NULL, NULL, &msg) != SQLITE_OK) {
			str_printf(err, errlen, "%s: migration %zu failed: %s", s->path, v,
				   msg ? msg : sqlite3_errmsg(s->db));
			sqlite3_free(msg);
			sqlite3_exec(s->db, "ROLLBACK;", NULL, NULL, NULL);
			return -EIO;
		}
	}
	return 0;
}

/* A pragma that answers one value; want (if not NULL) is what it must say. */
static int pragma(struct store *s, const char *sql, const char *want, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		/* The first statement that reads the file is where a file that
		 * is not a database shows: say so plainly. */
		int code = sqlite3_errcode(s->db);
		if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
			str_printf(err, errlen, "%s is not a pairbox database (not an SQLite file, or damaged): %s",
				   s->path, sqlite3_errmsg(s->db));
		else
			str_printf(err, errlen, "%s: %s: %s", s->path, sql, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		return code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? -EINVAL : -EIO;
	}
	int r = 0;
	if (want) {
		const char *got = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
		if (!got || strcasecmp(got, want) != 0) {
			str_printf(err, errlen, "%s: %s gave '%s', not '%s'", s->path, sql, got ? got : "", want);
			r = -EIO;
		}
	}
	sqlite3_finalize(st);
	return r;
}

static int take_dir_lock(struct store *s, const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX];
	if (str_printf(path, sizeof(path), "%s/pairbox.lock", dir)) {
		str_printf(err, errlen, "data directory path too long: %s", dir);
		return -ENAMETOOLONG;
	}
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (s->lock_fd < 0) {
		int r = -errno;
		str_printf(err, errlen, "cannot open %s: %s", path, strerror(-r));
		return r;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB)) {
		int r = -errno;
		if (r == -EWOULDBLOCK)
			str_printf(err, errlen, "data directory %s is in use by another pairbox server", dir);
		else
			str_printf(err, errlen, "cannot lock %s: %s", path, strerror(-r));
		return r == -EWOULDBLOCK ? -EBUSY : r;
	}
	return 0;
}

int store_open(const char *dir, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	s->lock_fd = -1;
	pthread_mutex_init(&s->lock, NULL);
	int r = mkdir_p(dir, 0750);
	if (r) {
		str_printf(err, errlen, "cannot create data directory %s: %s", dir, strerror(-r));
		goto fail;
	}
	if (str_printf(s->path, sizeof(s->path), "%s/pairbox.db", dir)) {
		str_printf(err, errlen, "data directory path too long: %s", dir);
		r = -ENAMETOOLONG;
		goto fail;
	}
	if ((r = take_dir_lock(s, dir, err, errlen)))
		goto fail;
	/* NOMUTEX: our own mutex serialises every use of the connection.
	 * SQLite opens its files O_CLOEXEC, so keepers never inherit them. */
	int rc = sqlite3_open_v2(s->path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		str_printf(err, errlen, "cannot open %s: %s", s->path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		r = -EIO;
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* Another process (the sqlite3 shell, a backup) may hold the lock a
	 * moment: wait for it rather than fail a request. */
	sqlite3_busy_timeout(s->db, 5000);
	if ((r = pragma(s, "PRAGMA journal_mode = WAL", "wal", err, errlen)) ||
	    (r = pragma(s, "PRAGMA synchronous = FULL", NULL, err, errlen)) ||
	    (r = migrate(s, err, errlen)))
		goto fail;
	for (int i = 0; i < ST_N; i++) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			str_printf(err, errlen, "%s: cannot prepare \"%s\": %s", s->path, stmt_sql[i], sqlite3_errmsg(s->db));
			r = -EIO;
			goto fail;
		}
	}
	*out = s;
	return 0;
fail:
	store_close(s);
	return r;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(s->st[i]);
	/* Closing the last connection checkpoints the WAL and removes it. */
	if (s->db)
		sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int bind_text(sqlite3_stmt *st, int col, const char *text)
{
	return text ? sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC) : sqlite3_bind_null(st, col);
}

int store_insert(struct store *s, const struct store_row *const *rows, size_t n)
{
	if (n == 0)
		return 0;
	pthread_mutex_lock(&s->lock);
	int r = exec_simple(s, ST_BEGIN);
	if (r)
		goto out;
	sqlite3_stmt *st = s->st[ST_INSERT];
	for (size_t i = 0; i < n; i++) {
		const struct store_row *row = rows[i];
		bind_text(st, 1, row->token);
		sqlite3_bind_int(st, 2, row->status_id);
		bind_text(st, 3, row->request ? row->request : "");
		bind_text(st, 4, row->result);
		sqlite3_bind_int64(st, 5, row->created_at_ms);
		sqlite3_bind_int64(st, 6, row->finished_at_ms);
		int rc = sqlite3_step(st);
		int ext = sqlite3_extended_errcode(s->db);
		done_with(st);
		if (rc != SQLITE_DONE) {
			r = ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST
												   : fail(s, "insert");
			exec_simple(s, ST_ROLLBACK);
			goto out;
		}
	}
	if ((r = exec_simple(s, ST_COMMIT)))
		exec_simple(s, ST_ROLLBACK);   /* a failed COMMIT may leave the transaction open */
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int store_get(struct store *s, const char *token, struct store_row *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->st[ST_GET];
	bind_text(st, 1, token);
	int rc = sqlite3_step(st), r;
	if (rc == SQLITE_ROW)
		r = row_from(st, out);
	else if (rc == SQLITE_DONE)
		r = -ENOENT;
	else
		r = fail(s, "get");
	done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* The status of token's row (with the lock held): >= 1, -ENOENT or -EIO. */
static int status_of(struct store *s, const char *token)
{
	sqlite3_stmt *st = s->st[ST_STATUS];
	bind_text(st, 1, token);
	int rc = sqlite3_step(st);
	int r = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : rc == SQLITE_DONE ? -ENOENT : fail(s, "status");
	done_with(st);
	return r;
}

/* Run an UPDATE/DELETE already bound; its row count, or -EIO. */
static int change(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	int n = sqlite3_changes(s->db);
	done_with(st);
	return rc == SQLITE_DONE ? n : fail(s, what);
}

int store_set_processing(struct store *s, const char *token)
{
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->st[ST_PROCESSING];
	bind_text(st, 1, token);
	int r = change(s, st, "set processing");
	if (r == 0) {
		/* Nothing changed: gone, final, or processing already (a
		 * job re-run after a restart starts from 2). */
		int status = status_of(s, token);
		r = status < 0 ? status : status == 2 ? 0 : -EALREADY;
	} else if (r > 0) {
		r = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int store_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms)
{
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->st[ST_FINISH];
	bind_text(st, 1, token);
	sqlite3_bind_int(st, 2, status_id);
	bind_text(st, 3, result);
	sqlite3_bind_int64(st, 4, finished_at_ms);
	int r = change(s, st, "finish");
	if (r == 0) {
		int status = status_of(s, token);
		r = status < 0 ? status : -EALREADY;
	} else if (r > 0) {
		r = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int store_delete(struct store *s, const char *token)
{
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->st[ST_DELETE];
	bind_text(st, 1, token);
	int r = change(s, st, "delete");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r == 0 ? -ENOENT : 0;
}

int store_list(struct store *s, size_t page, size_t per_page, struct store_row **rows, size_t *n, size_t *total)
{
	*rows = NULL;
	*n = 0;
	*total = 0;
	if (page < 1)
		page = 1;
	pthread_mutex_lock(&s->lock);
	struct store_row *v = NULL;
	size_t got = 0, want = 0;
	int r = 0;
	sqlite3_stmt *st = s->st[ST_COUNT];
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = (size_t)sqlite3_column_int64(st, 0);
	else
		r = fail(s, "count");
	done_with(st);
	/* Allocate for what the page can hold at most: a page past the end,
	 * or a huge per_page, costs nothing. */
	size_t offset = page - 1 > SIZE_MAX / (per_page ? per_page : 1) ? SIZE_MAX : (page - 1) * per_page;
	if (!r && per_page && offset < *total) {
		want = *total - offset < per_page ? *total - offset : per_page;
		if (!(v = calloc(want, sizeof(*v))))
			r = -ENOMEM;
	}
	st = s->st[ST_LIST];
	sqlite3_bind_int64(st, 1, (sqlite3_int64)want);
	sqlite3_bind_int64(st, 2, offset > INT64_MAX ? INT64_MAX : (sqlite3_int64)offset);
	while (!r && got < want) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW)
			r = fail(s, "list");
		else if (!(r = row_from(st, &v[got])))
			got++;
	}
	done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (r) {
		for (size_t i = 0; i < got; i++)
			store_row_release(&v[i]);
		free(v);
		*total = 0;
		return r;
	}
	*rows = v;
	*n = got;
	return 0;
}

int store_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n)
{
	*tokens = NULL;
	*n = 0;
	size_t cap = 0, got = 0;
	char (*v)[STORE_TOKEN_LEN + 1] = NULL;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->st[ST_PENDING];
	int r = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			void *nv = realloc(v, ncap * sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t && !str_copy(v[got], sizeof(v[got]), t))
			got++;
	}
	if (!r && rc != SQLITE_DONE)
		r = fail(s, "pending");
	done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (r) {
		free(v);
		return r;
	}
	*tokens = v;
	*n = got;
	return 0;
}

int store_counts(struct store *s, uint64_t by_status[16], uint64_t *total)
{
	memset(by_status, 0, 16 * sizeof(by_status[0]));
	*total = 0;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->st[ST_COUNTS];
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int status = sqlite3_column_int(st, 0);
		uint64_t count = (uint64_t)sqlite3_column_int64(st, 1);
		if (status >= 0 && status < 16)
			by_status[status] += count;
		*total += count;
	}
	if (rc != SQLITE_DONE)
		r = fail(s, "counts");
	done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* ---- the problem index ---- */

/* One problem into problems, problem_tags and problems_fts (lock held,
 * inside a transaction). 0, -EEXIST (slug taken), -ENOMEM or -EIO. */
static int problem_insert(struct store *s, const struct store_problem *p)
{
	sqlite3_stmt *st = s->st[ST_PROB_INSERT];
	bind_text(st, 1, p->slug);
	bind_text(st, 2, p->title);
	bind_text(st, 3, p->difficulty);
	sqlite3_bind_int(st, 4, p->function);
	int rc = sqlite3_step(st);
	int ext = sqlite3_extended_errcode(s->db);
	done_with(st);
	if (rc != SQLITE_DONE)
		return ext == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : fail(s, "problem insert");
	sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);

	/* The tags once more as one text for the full-text index. */
	size_t len = 1;
	for (size_t i = 0; i < p->ntags; i++)
		len += strlen(p->tags[i]) + 1;
	char *tags = malloc(len);
	if (!tags)
		return -ENOMEM;
	tags[0] = '\0';
	for (size_t i = 0, at = 0; i < p->ntags; i++) {
		size_t n = strlen(p->tags[i]);
		memcpy(tags + at, p->tags[i], n);
		at += n;
		tags[at++] = i + 1 < p->ntags ? ' ' : '\0';
	}
	int r = 0;
	st = s->st[ST_PROB_TAG_INSERT];
	for (size_t i = 0; i < p->ntags && !r; i++) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, p->tags[i]);
		rc = sqlite3_step(st);
		done_with(st);
		if (rc != SQLITE_DONE)
			r = fail(s, "problem tag insert");
	}
	if (!r) {
		st = s->st[ST_PROB_FTS_INSERT];
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, p->title);
		bind_text(st, 3, p->statement ? p->statement : "");
		bind_text(st, 4, tags);
		rc = sqlite3_step(st);
		done_with(st);
		if (rc != SQLITE_DONE)
			r = fail(s, "problem text insert");
	}
	free(tags);
	return r;
}

int store_problems_replace(struct store *s, const struct store_problem *v, size_t n)
{
	pthread_mutex_lock(&s->lock);
	int r = exec_simple(s, ST_BEGIN);
	if (r)
		goto out;
	if (!(r = exec_simple(s, ST_PROB_CLEAR)) && !(r = exec_simple(s, ST_PROB_TAGS_CLEAR)))
		r = exec_simple(s, ST_PROB_FTS_CLEAR);
	for (size_t i = 0; i < n && !r; i++)
		r = problem_insert(s, &v[i]);
	if (!r)
		r = exec_simple(s, ST_COMMIT);
	if (r)
		exec_simple(s, ST_ROLLBACK);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int store_problem_add(struct store *s, const struct store_problem *p)
{
	pthread_mutex_lock(&s->lock);
	int r = exec_simple(s, ST_BEGIN);
	if (!r) {
		r = problem_insert(s, p);
		if (!r)
			r = exec_simple(s, ST_COMMIT);
		if (r)
			exec_simple(s, ST_ROLLBACK);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* The user's words as an FTS5 query that cannot be a syntax error: each
 * whitespace-separated word becomes a quoted string ("" inside doubles a
 * quote), so AND, OR, NOT, NEAR, parentheses, column filters and '^' are
 * plain text; a trailing '*' outside the quotes makes a prefix. Words
 * that hold no letter or digit become empty phrases, which FTS5 ignores
 * beside others and which match nothing alone. *out owned; NULL when
 * there is no word. 0 or -ENOMEM. */
static int fts_query(const char *text, char **out)
{
	*out = NULL;
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '"' ? 2 : 1;
	cap += 4 * (strlen(text) / 2 + 1);       /* quotes, '*' and a space per word at most */
	char *q = malloc(cap), *o = q;
	if (!q)
		return -ENOMEM;
	for (const char *p = text; *p;) {
		while (*p && strchr(" \t\r\n\v\f", *p))
			p++;
		const char *w = p;
		while (*p && !strchr(" \t\r\n\v\f", *p))
			p++;
		size_t n = (size_t)(p - w);
		bool prefix = n > 1 && w[n - 1] == '*';
		if (!n || (n == 1 && *w == '*'))
			continue;
		if (prefix)
			n--;
		if (o != q)
			*o++ = ' ';
		*o++ = '"';
		for (size_t i = 0; i < n; i++) {
			if (w[i] == '"')
				*o++ = '"';
			*o++ = w[i];
		}
		*o++ = '"';
		if (prefix)
			*o++ = '*';
	}
	*o = '\0';
	if (o == q) {
		free(q);
		return 0;
	}
	*out = q;
	return 0;
}

int store_problem_search(struct store *s, const struct store_problem_query *q, char ***slugs, size_t *n,
			 size_t *total)
{
	/* Fixed SQL (nothing of the user's is spliced in): with or without
	 * the full-text match, every value bound. */
	static const char from_all[] = "FROM problems p";
	static const char from_match[] =
		"FROM problems p JOIN (SELECT rowid AS id, bm25(problems_fts, 10.0, 1.0, 5.0) AS score"
		" FROM problems_fts WHERE problems_fts MATCH ?3) m ON m.id = p.id";
	static const char where[] =
		" WHERE (?1 IS NULL OR p.difficulty = ?1) AND (?2 IS NULL OR EXISTS"
		" (SELECT 1 FROM problem_tags t WHERE t.problem_id = p.id AND t.tag = ?2))";
	static const char order_all[] =
		" ORDER BY CASE p.difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 WHEN 'hard' THEN 2 ELSE 3 END, p.slug";
	static const char order_match[] = " ORDER BY m.score, p.slug";
	*slugs = NULL;
	*n = 0;
	*total = 0;
	char *match = NULL, count_sql[512], list_sql[768];
	int r = q->text ? fts_query(q->text, &match) : 0;
	if (r)
		return r;
	const char *from = match ? from_match : from_all;
	str_printf(count_sql, sizeof(count_sql), "SELECT count(*) %s%s", from, where);
	str_printf(list_sql, sizeof(list_sql), "SELECT p.slug %s%s%s LIMIT ?4 OFFSET ?5", from, where,
		   match ? order_match : order_all);
	size_t page = q->page ? q->page : 1, per_page = q->per_page;
	size_t offset = page - 1 > SIZE_MAX / (per_page ? per_page : 1) ? SIZE_MAX : (page - 1) * per_page;
	char **v = NULL;
	size_t got = 0;
	sqlite3_stmt *st[2] = { NULL, NULL };
	pthread_mutex_lock(&s->lock);
	for (int k = 0; k < 2 && !r; k++) {
		if (sqlite3_prepare_v2(s->db, k ? list_sql : count_sql, -1, &st[k], NULL) != SQLITE_OK) {
			r = fail(s, "problem search");
			break;
		}
		bind_text(st[k], 1, q->difficulty);
		bind_text(st[k], 2, q->tag);
		if (match)
			bind_text(st[k], 3, match);
	}
	if (!r) {
		if (sqlite3_step(st[0]) == SQLITE_ROW)
			*total = (size_t)sqlite3_column_int64(st[0], 0);
		else
			r = fail(s, "problem count");
	}
	size_t want = !r && offset < *total ? (*total - offset < per_page ? *total - offset : per_page) : 0;
	if (want && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	if (!r && want) {
		sqlite3_bind_int64(st[1], 4, (sqlite3_int64)want);
		sqlite3_bind_int64(st[1], 5, (sqlite3_int64)offset);
		int rc = SQLITE_DONE;
		while (got < want && (rc = sqlite3_step(st[1])) == SQLITE_ROW) {
			const char *slug = (const char *)sqlite3_column_text(st[1], 0);
			if (!(v[got] = strdup(slug ? slug : ""))) {
				r = -ENOMEM;
				break;
			}
			got++;
		}
		if (!r && got < want && rc != SQLITE_DONE)
			r = fail(s, "problem search");
	}
	sqlite3_finalize(st[0]);
	sqlite3_finalize(st[1]);
	pthread_mutex_unlock(&s->lock);
	free(match);
	if (r) {
		for (size_t i = 0; i < got; i++)
			free(v[i]);
		free(v);
		*total = 0;
		return r;
	}
	*slugs = v;
	*n = got;
	return 0;
}
