/* store.h - the server's database: submissions, the problem index, and
 * the platform's accounts (users, their sessions, their avatars).
 * One set of verbs over a driver (store_driver.h; callers never know
 * which): today SQLite in WAL mode in the data directory (pairbox.db),
 * created and migrated on open (versioned migrations in sqlite.c). Every
 * verb is safe from any thread.
 *
 * A submission row holds its request and, once judged, its result, both
 * as JSON text in subm.h's storage form. A row is written (and committed)
 * before the client hears its token, so an accepted submission survives
 * any crash; store_finish() sets the result once and only once. */
#ifndef PAIRBOX_STORE_H
#define PAIRBOX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_TOKEN_LEN 36                /* a UUID's text */

struct store_row {
	char token[STORE_TOKEN_LEN + 1];
	int status_id;                        /* Judge0's: 1 in queue, 2 processing, 3.. final */
	char *request;                        /* owned JSON text */
	char *result;                         /* owned JSON text, NULL until finished */
	int64_t created_at_ms, finished_at_ms; /* unix milliseconds; 0 = not yet */
};

void store_row_release(struct store_row *r);    /* frees the texts; accepts a zeroed row */

/* Open and migrate the store at where: a PostgreSQL connection string
 * ("postgres://..." or "postgresql://...", as libpq reads it) or else a
 * data directory for SQLite (created with the database). 0 or -errno;
 * err set. */
int store_open(const char *where, struct store **out, char *err, size_t errlen);
/* Whether where names a PostgreSQL database (the driver store_open picks). */
bool store_where_is_postgres(const char *where);
/* The driver's name: "sqlite" or "postgres". */
const char *store_driver_name(const struct store *s);
void store_close(struct store *s);               /* accepts NULL */

/* Insert rows in one transaction (all or none); rows' status_id and
 * created_at_ms are stored as given. 0, -EEXIST (token taken) or -EIO. */
int store_insert(struct store *s, const struct store_row *const *rows, size_t n);
/* 0 and *out filled, -ENOENT, or -EIO. */
int store_get(struct store *s, const char *token, struct store_row *out);
/* 1 -> 2 (Processing): 0, or -EALREADY when the row is final, -ENOENT. */
int store_set_processing(struct store *s, const char *token);
/* Final status and result, once: 0, -EALREADY if it was final already
 * (the first result stands), -ENOENT. */
int store_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms);
/* 0 or -ENOENT. */
int store_delete(struct store *s, const char *token);
/* Newest first, page from 1; *rows owned by the caller (release each,
 * then free(*rows)); *total counts every row. */
int store_list(struct store *s, size_t page, size_t per_page, struct store_row **rows, size_t *n, size_t *total);
/* Tokens of rows not final (status 1 or 2), oldest first: what a
 * restarted server must judge again. *tokens owned (free()). */
int store_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n);
/* Rows per status id (index 0..15) and in all; for /statistics. */
int store_counts(struct store *s, uint64_t by_status[16], uint64_t *total);
/* The database's size on disk in bytes (SQLite: its file and WAL;
 * PostgreSQL: pg_database_size), for /statistics. 0 or -EIO. */
int store_size(struct store *s, uint64_t *bytes);

/* ---- the problem index (api/bank.c keeps it in step with the bank) ----
 * Derived data: the bank's problems are the truth, and the index is
 * rebuilt from them at every start. Full-text search is SQLite FTS5 over
 * title, statement and tags. */
struct store_problem {
	const char *slug, *title;             /* borrowed */
	const char *difficulty;               /* NULL when the format has none */
	const char *statement;                /* NULL ok */
	const char *const *tags;
	size_t ntags;
	bool function;                        /* function-style */
};

/* Replace the whole index with v[0..n), in one transaction. 0 or -EIO. */
int store_problems_replace(struct store *s, const struct store_problem *v, size_t n);
/* Add one problem (a run-time addition): 0, -EEXIST, -EIO. */
int store_problem_add(struct store *s, const struct store_problem *p);

struct store_problem_query {
	const char *difficulty;               /* NULL: any */
	const char *tag;                      /* NULL: any; case-blind, whole tag */
	const char *text;                     /* NULL or blank: no search. The user's words,
	                                         never FTS5 syntax: each is quoted here; a
	                                         word ending in '*' is a prefix */
	size_t page, per_page;                /* page from 1 */
};

/* Slugs matching q, best first when searching (bm25 over title, tags,
 * statement), else by difficulty then slug. *slugs owned (free each,
 * then the array); *total counts every match. 0, -ENOMEM or -EIO. */
int store_problem_search(struct store *s, const struct store_problem_query *q, char ***slugs, size_t *n,
			 size_t *total);

/* ---- problems added at run time: their folders, kept in the store ----
 * The truth for additions (the index above is derived): every node that
 * shares the store writes a package it does not have into its own write
 * directory and loads it, at start and when a note on
 * STORE_PROBLEMS_CHANNEL (payload: the slug) says one was added. */
#define STORE_PROBLEMS_CHANNEL "problems"
#define STORE_PACKAGE_FILES 4096             /* files in one package */
#define STORE_PACKAGE_MAX (256u << 20)       /* bytes in one package, all files */
#define STORE_PACKAGE_PATH_MAX 255           /* a file's path, relative to the folder */

struct store_file {
	char *path;                           /* relative: "problem.json", "tests/sample/01.in" */
	void *data;
	size_t len;
};
/* Whether path may name a file of a package: relative, below the folder,
 * no empty, "." or ".." component, no control character or backslash. */
bool store_package_path_ok(const char *path);
/* Frees each file's path and data, then the array; accepts NULL. */
void store_files_free(struct store_file *files, size_t n);

/* Keep the package of slug: files[0..n) (borrowed), all or none. 0,
 * -EEXIST when a package of that slug is kept already (by any node),
 * -EINVAL (no file, too many, too big, a bad path), -EIO. */
int store_package_put(struct store *s, const char *slug, const struct store_file *files, size_t n, int64_t at_ms);
/* The files of slug's package: 0 with *files (owned: store_files_free)
 * and *n, -ENOENT, -ENOMEM, -EIO. */
int store_package_get(struct store *s, const char *slug, struct store_file **files, size_t *n);
/* The slugs of every package, oldest first. *slugs owned (free each,
 * then the array). 0, -ENOMEM, -EIO. */
int store_package_slugs(struct store *s, char ***slugs, size_t *n);
/* 0 or -ENOENT. */
int store_package_delete(struct store *s, const char *slug);

/* ---- accounts: users, sessions, avatars (docs/platform.md) ---- */
#define STORE_USERNAME_MAX 32
#define STORE_LEVEL_MAX 15
#define STORE_SESSION_HASH 32              /* SHA-256 of the session token */
#define STORE_SESSIONS_PER_USER 32         /* a new login past this ends the oldest session */
#define STORE_CONTENT_TYPE_MAX 31

struct store_user {
	int64_t id;
	char username[STORE_USERNAME_MAX + 1]; /* lower case, as given to create */
	char *display_name, *bio, *city, *country, *organisation;  /* owned; "" when not given */
	char *languages;                       /* owned: a JSON array of language names, as text */
	char level[STORE_LEVEL_MAX + 1];       /* "" when not declared */
	int rating;                            /* for matching */
	int64_t created_at_ms;
	int64_t avatar_at_ms;                  /* when the avatar was set; 0: none (read only) */
};

/* Frees the texts; accepts a zeroed user. */
void store_user_release(struct store_user *u);

/* A new user from u (its id and avatar_at_ms are not read; NULL texts are
 * stored as "" and languages as []) with its password hash: 0 and u->id
 * set, -EEXIST when the username is taken (compared case-blind), -EIO. */
int store_user_create(struct store *s, struct store_user *u, const char *password_hash);
/* The user named username (case-blind), for a login: 0 with *out and
 * *password_hash (owned, free()) filled, -ENOENT, -ENOMEM or -EIO. */
int store_user_by_name(struct store *s, const char *username, struct store_user *out, char **password_hash);
/* 0 and *out filled, -ENOENT (no such user, or deleted), -ENOMEM, -EIO. */
int store_user_get(struct store *s, int64_t id, struct store_user *out);
/* Write u's profile: display name, bio, city, country, organisation,
 * languages, level and rating (not the username). 0, -ENOENT, -EIO. */
int store_user_update(struct store *s, const struct store_user *u);
/* Delete an account, in one transaction: its sessions and avatar go, and
 * its row stays anonymised (no username, which is free again, no
 * password, no profile, display name "deleted user"), so that what refers
 * to the user (a room's participants) still finds one. 0, -ENOENT, -EIO. */
int store_user_delete(struct store *s, int64_t id);

/* A session of user_id whose token hashes to hash, until expires_ms
 * (unix ms). Expired sessions are removed on the way, and the user's
 * oldest past STORE_SESSIONS_PER_USER. 0, -ENOENT (no such user), -EIO. */
int store_session_create(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
			 int64_t created_ms, int64_t expires_ms);
/* The user of the session whose token hashes to hash, unless it expired
 * by now_ms: 0 and *out filled, -ENOENT, -ENOMEM, -EIO. */
int store_session_user(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		       struct store_user *out);
/* 0 or -ENOENT. */
int store_session_delete(struct store *s, const unsigned char hash[STORE_SESSION_HASH]);

/* Set (or replace) a user's avatar: the image's bytes (borrowed) and its
 * type. 0, -ENOENT (no such user), -EIO. */
int store_avatar_put(struct store *s, int64_t user_id, const char *content_type, const void *data, size_t len,
		     int64_t at_ms);
/* 0 with *data (owned, free()), *len and content_type filled; -ENOENT
 * when the user has none; -ENOMEM, -EIO. */
int store_avatar_get(struct store *s, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		     size_t *len);

/* ---- notes between the nodes that share a store ----
 * Several servers and workers may share one PostgreSQL database; a note
 * (NOTIFY) sent on a channel is heard by every listener on it, in every
 * process, once the sender's transaction commits. SQLite has one server
 * per store, so it is never shared and nobody else can hear: its notify
 * does nothing and its listeners are never called. */
#define STORE_NOTE_MAX 7999               /* a payload's bytes (PostgreSQL's limit) */
#define STORE_CHANNEL_MAX 63              /* a channel: [a-z0-9_], 1..63 */

/* Called on the store's listener thread (it must not block long): payload
 * is the note's text; NULL when notes may have been missed (the
 * listener's connection was lost and is back), so the listener must read
 * the state it follows again. */
typedef void store_note_fn(void *ctx, const char *channel, const char *payload);

/* Whether other processes may use this store at the same time. */
bool store_shared(const struct store *s);
/* Call fn for every note on channel from now on, until store_close.
 * 0, -EINVAL (bad channel), -ENOSPC (too many listeners), -EIO. */
int store_listen(struct store *s, const char *channel, store_note_fn *fn, void *ctx);
/* Send a note at once (outside any transaction). 0, -EINVAL (bad
 * channel, payload too long), -EIO. */
int store_notify(struct store *s, const char *channel, const char *payload);

struct store_bus_stats {
	uint64_t heard;                       /* notes delivered to listeners */
	uint64_t reconnects;                  /* the listener's lost connections */
	size_t pool_open, pool_idle, pool_max;/* connections (PostgreSQL; 0 for SQLite) */
};
void store_bus_stats(struct store *s, struct store_bus_stats *out);

/* ---- the platform's rooms: the waiting room, rooms, their logs ---- */
#include "store_rooms.h"
/* ---- rooms by invitation, spectators ---- */
#include "store_invites.h"

/* ---- a user's dashboard: their rooms with their partners and results ---- */
#include "store_dashboard.h"

/* ---- feedback, skill ratings, leaderboards ---- */
#include "store_ratings.h"

/* ---- the job queue of several machines, callbacks' outbox, nodes ---- */
#include "store_queue.h"

#endif
