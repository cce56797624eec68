/* sqlite.c - the SQLite driver's core (store_driver.h): the connection,
 * WAL, versioned migrations, one connection behind a mutex, prepared
 * statements, transactions. The table families: sqlite_submissions.c,
 * sqlite_problems.c, sqlite_users.c, sqlite_rooms.c, sqlite_invites.c,
 * sqlite_dashboard.c (a digest of the rooms' logs for a user's dashboard),
 * sqlite_ratings.c, sqlite_feedback.c, sqlite_queue.c (the job queue).
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
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
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
	/* 3: the accounts. Usernames are unique case-blind (stored in lower
	 * case too); a deleted account keeps its row with username NULL
	 * (never equal to another, so the name is free again) and
	 * deleted_at_ms set; AUTOINCREMENT: an id is never given twice. A
	 * session is the SHA-256 of its token; the rowid orders a user's
	 * sessions oldest first. */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  username TEXT UNIQUE COLLATE NOCASE,"
	"  password_hash TEXT,"
	"  display_name TEXT NOT NULL,"
	"  bio TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL DEFAULT '',"
	"  country TEXT NOT NULL DEFAULT '',"
	"  organisation TEXT NOT NULL DEFAULT '',"
	"  languages TEXT NOT NULL DEFAULT '[]',"
	"  level TEXT NOT NULL DEFAULT '',"
	"  rating INTEGER NOT NULL,"
	"  created_at_ms INTEGER NOT NULL,"
	"  deleted_at_ms INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY NOT NULL,"
	"  user_id INTEGER NOT NULL,"
	"  created_at_ms INTEGER NOT NULL,"
	"  expires_at_ms INTEGER NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE INDEX sessions_expires ON sessions(expires_at_ms);"
	"CREATE TABLE avatars ("
	"  user_id INTEGER PRIMARY KEY,"
	"  content_type TEXT NOT NULL,"
	"  image BLOB NOT NULL,"
	"  updated_at_ms INTEGER NOT NULL);",
	/* 4: the rooms: the waiting room, rooms and their participants, each
	 * room's log and latest snapshot (sqlite_rooms.c). */
	sq_rooms_migration,
	/* 5: rooms by invitation and their spectators: invites, each
	 * participant's consent to spectators, spectator links
	 * (sqlite_invites.c). */
	sq_invites_migration,
	/* 6: the rooms' logs' digest for the dashboard (sqlite_dashboard.c;
	 * test_dashboard_store drops and re-runs it, and with it every
	 * migration after it, which must therefore be safe to run again):
	 * results and requests to move on, written with the log, filled here
	 * from the rows already logged. */
	sq_dash_migration,
	/* 7: feedback, the rating queue, games and ratings, the boards'
	 * aggregate (sqlite_ratings.c; safe to run again). */
	sq_ratings_migration,
	/* 8: problems added at run time, their folders' files (the truth
	 * for additions; sqlite_problems.c; safe to run again). */
	"CREATE TABLE IF NOT EXISTS problem_packages ("
	"  slug TEXT PRIMARY KEY NOT NULL,"
	"  added_at_ms INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS problem_package_files ("
	"  slug TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  data BLOB NOT NULL,"
	"  PRIMARY KEY (slug, path)) WITHOUT ROWID;",
	/* 9: the job queue's leases, the callback outbox, the nodes'
	 * registry (sqlite_queue.c; safe to run again). */
	sq_queue_migration,
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

static const char *const core_sql[SQ_CORE_N] = {
	/* IMMEDIATE: take the write lock at BEGIN, so a busy database is
	 * waited for (busy_timeout) up front rather than failing mid-way. */
	[SQ_BEGIN] = "BEGIN IMMEDIATE",
	[SQ_COMMIT] = "COMMIT",
	[SQ_ROLLBACK] = "ROLLBACK",
};

/* Every statement, prepared once at open: the core's and each table
 * family's. */
struct stmt_family {
	const char *const *sql;
	sqlite3_stmt **st;
	size_t n;
};
#define NFAMILIES 10

static void families_of(struct sq_store *s, struct stmt_family f[NFAMILIES])
{
	f[0] = (struct stmt_family){ core_sql, s->core, SQ_CORE_N };
	f[1] = (struct stmt_family){ sq_subm_sql, s->subm, SQ_SUBM_N };
	f[2] = (struct stmt_family){ sq_prob_sql, s->prob, SQ_PROB_N };
	f[3] = (struct stmt_family){ sq_user_sql, s->user, SQ_USER_N };
	f[4] = (struct stmt_family){ sq_room_sql, s->room, SQ_ROOM_N };
	f[5] = (struct stmt_family){ sq_dash_sql, s->dash, SQ_DASH_N };
	f[6] = (struct stmt_family){ sq_inv_sql, s->inv, SQ_INV_N };
	f[7] = (struct stmt_family){ sq_rate_sql, s->rate, SQ_RATE_N };
	f[8] = (struct stmt_family){ sq_fb_sql, s->fb, SQ_FB_N };
	f[9] = (struct stmt_family){ sq_queue_sql, s->queue, SQ_QUEUE_N };
}

int sq_fail(struct sq_store *s, const char *what)
{
	/* The server's log is where an operator looks when a request
	 * answered 500. */
	fprintf(stderr, "pairbox: store %s: %s: %s\n", s->path, what, sqlite3_errmsg(s->db));
	return -EIO;
}

void sq_done_with(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int sq_bind_text(sqlite3_stmt *st, int col, const char *text)
{
	return text ? sqlite3_bind_text(st, col, text, -1, SQLITE_STATIC) : sqlite3_bind_null(st, col);
}

char *sq_column_dup(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	char *out = malloc((size_t)n + 1);
	if (out) {
		if (t)
			memcpy(out, t, (size_t)n);
		out[t ? n : 0] = '\0';
	}
	return out;
}

void sq_column_copy(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	if (!t || str_copy(out, len, t))
		out[0] = '\0';
}

int sq_exec(struct sq_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sq_done_with(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, what);
}

int sq_insert(struct sq_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	int ext = sqlite3_extended_errcode(s->db);
	sq_done_with(st);
	if (rc == SQLITE_DONE)
		return 0;
	return (ext & 0xff) == SQLITE_CONSTRAINT ? -EEXIST : sq_fail(s, what);
}

int sq_one_row(struct sq_store *s, sqlite3_stmt *st, sq_read_fn *read, void *ctx, const char *what)
{
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW)
		r = read ? read(st, ctx) : 0;
	else
		r = rc == SQLITE_DONE ? -ENOENT : sq_fail(s, what);
	sq_done_with(st);
	return r;
}

static int read_int64(sqlite3_stmt *st, void *v)
{
	*(int64_t *)v = sqlite3_column_int64(st, 0);
	return 0;
}

int sq_one_int(struct sq_store *s, sqlite3_stmt *st, int64_t *v, const char *what)
{
	*v = 0;
	int r = sq_one_row(s, st, read_int64, v, what);
	return r == -ENOENT ? sq_fail(s, what) : r;
}

int sq_one_count(struct sq_store *s, sqlite3_stmt *st, size_t *total, const char *what)
{
	int64_t v;
	int r = sq_one_int(s, st, &v, what);
	if (!r)
		*total = (size_t)v;
	return r;
}

int sq_change(struct sq_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	int n = sqlite3_changes(s->db);
	sq_done_with(st);
	return rc == SQLITE_DONE ? n : sq_fail(s, what);
}

int sq_begin(struct sq_store *s)
{
	return sq_exec(s, s->core[SQ_BEGIN], core_sql[SQ_BEGIN]);
}

void sq_rollback(struct sq_store *s)
{
	sq_exec(s, s->core[SQ_ROLLBACK], core_sql[SQ_ROLLBACK]);
}

int sq_commit(struct sq_store *s)
{
	int r = sq_exec(s, s->core[SQ_COMMIT], core_sql[SQ_COMMIT]);
	if (r)
		sq_rollback(s);   /* a failed COMMIT may leave the transaction open */
	return r;
}

int sq_end(struct sq_store *s, int r)
{
	if (r) {
		sq_rollback(s);
		return r;
	}
	return sq_commit(s);
}

/* Run each migration above the database's version in a transaction of its
 * own, with the version bump inside it: a crash mid-way leaves the
 * previous version, never half of one. */
static int migrate(struct sq_store *s, char *err, size_t errlen)
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
static int pragma(struct sq_store *s, const char *sql, const char *want, char *err, size_t errlen)
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

static int take_dir_lock(struct sq_store *s, const char *dir, char *err, size_t errlen)
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

static void sq_close(struct store *base);

static int sq_open(const char *dir, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	struct sq_store *s = calloc(1, sizeof(*s));
	if (!s) {
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	s->base.ops = &store_sqlite_ops;
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
	struct stmt_family fam[NFAMILIES];
	families_of(s, fam);
	for (size_t f = 0; f < NFAMILIES; f++) {
		for (size_t i = 0; i < fam[f].n; i++) {
			const char *sql = fam[f].sql[i];
			if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &fam[f].st[i], NULL) != SQLITE_OK) {
				str_printf(err, errlen, "%s: cannot prepare \"%s\": %s", s->path, sql, sqlite3_errmsg(s->db));
				r = -EIO;
				goto fail;
			}
		}
	}
	*out = &s->base;
	return 0;
fail:
	sq_close(&s->base);
	return r;
}

static void sq_close(struct store *base)
{
	struct sq_store *s = sq_of(base);
	struct stmt_family fam[NFAMILIES];
	families_of(s, fam);
	for (size_t f = 0; f < NFAMILIES; f++)
		for (size_t i = 0; i < fam[f].n; i++)
			sqlite3_finalize(fam[f].st[i]);
	/* Closing the last connection checkpoints the WAL and removes it. */
	if (s->db)
		sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static uint64_t sq_file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) ? 0 : (uint64_t)st.st_size;
}

/* The database file and its WAL, as they are on disk now. */
static int sq_size(struct store *base, uint64_t *bytes)
{
	struct sq_store *s = sq_of(base);
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof(wal), "%s-wal", s->path);
	*bytes = sq_file_size(s->path) + sq_file_size(wal);
	return 0;
}

/* One server per store: nobody else can hear a note, nor send one. */
static int sq_listen(struct store *s, const char *channel, store_note_fn *fn, void *ctx)
{
	(void)s, (void)channel, (void)fn, (void)ctx;
	return 0;
}

static int sq_notify(struct store *s, const char *channel, const char *payload)
{
	(void)s, (void)channel, (void)payload;
	return 0;
}

static void sq_bus_stats(struct store *s, struct store_bus_stats *out)
{
	(void)s, (void)out;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.insert = sq_subm_insert,
	.get = sq_subm_get,
	.set_processing = sq_subm_set_processing,
	.finish = sq_subm_finish,
	.remove = sq_subm_remove,
	.list = sq_subm_list,
	.pending = sq_subm_pending,
	.counts = sq_subm_counts,
	.size = sq_size,
	.problems_replace = sq_problems_replace,
	.problem_add = sq_problem_add,
	.problem_search = sq_problem_search,
	.package_put = sq_package_put,
	.package_get = sq_package_get,
	.package_slugs = sq_package_slugs,
	.package_delete = sq_package_delete,
	.user_create = sq_user_create,
	.user_by_name = sq_user_by_name,
	.user_get = sq_user_get,
	.user_update = sq_user_update,
	.user_delete = sq_user_delete,
	.session_create = sq_session_create,
	.session_user = sq_session_user,
	.session_delete = sq_session_delete,
	.avatar_put = sq_avatar_put,
	.avatar_get = sq_avatar_get,
	.rooms = &sq_room_ops,
	.dash_rooms = sq_dash_rooms,
	.invites = &sq_invite_ops,
	.ratings = &sq_rating_ops,
	.queue = &sq_queue_ops,
	.shared = false,
	.listen = sq_listen,
	.notify = sq_notify,
	.bus_stats = sq_bus_stats,
};
