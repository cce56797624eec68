/* store_pg.h - inside the PostgreSQL driver (store_driver.h): its struct,
 * its schema by table family, the helpers its files share. pg.c is the
 * core (the connection pool, migrations under an advisory lock,
 * transactions, the listener of notifications); pg_submissions.c,
 * pg_problems.c, pg_users.c, pg_rooms.c, pg_invites.c, pg_dashboard.c,
 * pg_feedback.c, pg_ratings.c and pg_queue.c one table family each, as the SQLite
 * driver's files are. Private to those files.
 *
 * Every op takes a connection from the pool (pg_get), runs its
 * statements with PQexecParams (text parameters, text results unless a
 * bytea is read), and gives the connection back (pg_put). A transaction
 * is BEGIN ... COMMIT on one connection; an op that must see and change
 * rows atomically locks them (SELECT ... FOR UPDATE) or relies on a
 * unique key, as the (room, seq) of a room's log. */
#ifndef PAIRBOX_STORE_PG_H
#define PAIRBOX_STORE_PG_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store_driver.h"

#define PG_POOL_MAX 16                 /* connections per store (PAIRBOX_PG_POOL overrides, 1..64) */
#define PG_LISTEN_MAX 16               /* store_listen() subscriptions */

/* A table family's schema: steps[i] takes the family from version i to
 * i+1 (one transaction each; several statements in one string are fine).
 * Never edit a shipped step: append one. The versions live in
 * pairbox_schema(family, version). */
struct pg_family {
	const char *name;
	const char *const *steps;
	size_t nsteps;
};
/* In the order they are migrated (a family may refer to the ones before
 * it): each defined in its file. */
extern const struct pg_family pg_family_submissions, pg_family_problems, pg_family_users, pg_family_rooms,
	pg_family_invites, pg_family_dashboard, pg_family_ratings, pg_family_queue;

struct pg_listener {
	char channel[64];
	store_note_fn *fn;
	void *ctx;
};

struct pg_store {
	struct store base;             /* first: store.c sees only this */
	char *conninfo;                /* as given: a postgres:// URI or key=value words */
	pthread_mutex_t lock;          /* guards the pool and the listeners */
	pthread_cond_t freed;          /* a connection came back */
	PGconn *idle[64];
	size_t nidle, nopen, max;
	/* The listener thread: its own connection, LISTENing on every
	 * subscribed channel; woken through wake[] to take a new one or stop. */
	struct pg_listener listeners[PG_LISTEN_MAX];
	size_t nlisteners;
	pthread_t listen_thread;
	bool listening, stopping;
	int wake[2];
	uint64_t notes_heard;          /* notifications delivered (store_bus_stats) */
	uint64_t reconnects;           /* times the listener had to reconnect */
};

static inline struct pg_store *pg_of(struct store *s)
{
	return (struct pg_store *)s;
}

/* ---- connections ---- */

/* A connection of the pool, waiting while all max are in use: NULL (the
 * reason logged) when a new one cannot be opened. Give it back with
 * pg_put, also after a failure: one whose connection broke is closed and
 * replaced on the next pg_get. */
PGconn *pg_get(struct pg_store *s);
void pg_put(struct pg_store *s, PGconn *c);

/* ---- statements ----
 * Parameters are text (NULL for SQL NULL), bytea's as the escaped text
 * of pg_bytea_param or as binary through pg_query_bin. Errors are logged
 * with what and the server's words, and mapped: unique_violation
 * (23505) -EEXIST, serialization_failure and deadlock_detected
 * (40001, 40P01) -EAGAIN, foreign_key_violation (23503) -ENOENT,
 * anything else -EIO. */

/* A statement that answers rows: the result (PQclear it) or NULL with
 * *err set. */
PGresult *pg_query(PGconn *c, const char *what, const char *sql, int n, const char *const *params, int *err);
/* The same with per-parameter lengths and formats (1: binary) and the
 * result's format (1: binary): for bytea in and out. */
PGresult *pg_query_bin(PGconn *c, const char *what, const char *sql, int n, const char *const *params,
		       const int *lengths, const int *formats, int result_format, int *err);
/* A statement that answers no rows: the number of rows it changed (>= 0)
 * or -errno. */
int pg_exec(PGconn *c, const char *what, const char *sql, int n, const char *const *params);
/* The same three on a connection of the pool, outside any transaction
 * (one statement: its own commit): taken, used and given back. */
PGresult *pg_query_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params,
			int *err);
PGresult *pg_query_bin_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params,
			    const int *lengths, const int *formats, int result_format, int *err);
int pg_exec_once(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params);
/* The -errno of a failed result (its SQLSTATE), logged with what. */
int pg_result_err(const PGresult *r, const char *what);

/* BEGIN (READ COMMITTED) / COMMIT / ROLLBACK: 0 or -errno. pg_end
 * commits when r is 0 (then the commit's answer) and rolls back
 * otherwise (returning r). */
int pg_begin(PGconn *c);
int pg_commit(PGconn *c);
void pg_rollback(PGconn *c);
int pg_end(PGconn *c, int r);
/* BEGIN a read-only REPEATABLE READ transaction: the reads of a page and
 * its total from one snapshot while other nodes write. End it with
 * pg_end. 0 or -errno. */
int pg_begin_snapshot(PGconn *c);

/* NOTIFY channel with payload inside the caller's transaction: heard by
 * every listener once it commits (and never if it rolls back). */
int pg_notify(PGconn *c, const char *channel, const char *payload);

/* ---- values ---- */

/* An integer as a parameter's text, in buf (at least 24 bytes). */
const char *pg_i64(char buf[24], int64_t v);
/* Column col of row as an integer (0 for NULL). */
int64_t pg_get_i64(const PGresult *r, int row, int col);
/* As an owned string (free()); NULL for SQL NULL or out of memory. */
char *pg_get_dup(const PGresult *r, int row, int col);
/* Into a fixed field; "" for NULL or when it does not fit. */
void pg_get_copy(const PGresult *r, int row, int col, char *out, size_t len);
/* A bytea column of a text result, decoded: 0 with *data (malloc'd, NUL
 * terminated past *len) or -ENOMEM; NULL and 0 for SQL NULL. */
int pg_get_bytea(const PGresult *r, int row, int col, void **data, size_t *len);

/* ---- the ops of each family (store_driver.h) ---- */
int pg_subm_insert(struct store *s, const struct store_row *const *rows, size_t n);
int pg_subm_get(struct store *s, const char *token, struct store_row *out);
int pg_subm_set_processing(struct store *s, const char *token);
int pg_subm_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms);
int pg_subm_remove(struct store *s, const char *token);
int pg_subm_list(struct store *s, size_t offset, size_t limit, struct store_row **rows, size_t *n, size_t *total);
int pg_subm_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n);
int pg_subm_counts(struct store *s, uint64_t by_status[16], uint64_t *total);
int pg_problems_replace(struct store *s, const struct store_problem *v, size_t n);
int pg_problem_add(struct store *s, const struct store_problem *p);
int pg_problem_search(struct store *s, const struct store_problem_query *q, size_t offset, size_t limit,
		      char ***slugs, size_t *n, size_t *total);
int pg_package_put(struct store *s, const char *slug, const struct store_file *files, size_t n, int64_t at_ms);
int pg_package_get(struct store *s, const char *slug, struct store_file **files, size_t *n);
int pg_package_slugs(struct store *s, char ***slugs, size_t *n);
int pg_package_delete(struct store *s, const char *slug);
int pg_user_create(struct store *s, struct store_user *u, const char *password_hash);
int pg_user_by_name(struct store *s, const char *username, struct store_user *out, char **password_hash);
int pg_user_get(struct store *s, int64_t id, struct store_user *out);
int pg_user_update(struct store *s, const struct store_user *u);
int pg_user_delete(struct store *s, int64_t id);
int pg_session_create(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
		      int64_t created_ms, int64_t expires_ms);
int pg_session_user(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		    struct store_user *out);
int pg_session_delete(struct store *s, const unsigned char hash[STORE_SESSION_HASH]);
int pg_avatar_put(struct store *s, int64_t user_id, const char *content_type, const void *data, size_t len,
		  int64_t at_ms);
int pg_avatar_get(struct store *s, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		  size_t *len);
extern const struct store_room_ops pg_room_ops;
int pg_dash_rooms(struct store *s, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		  struct store_dash_room **out, size_t *n, size_t *total);
extern const struct store_invite_ops pg_invite_ops;
extern const struct store_rating_ops pg_rating_ops;
extern const struct store_queue_ops pg_queue_ops;

/* Across families, inside store_user_delete's transaction on c: the
 * user's open invites revoked (pg_invites.c), their ratings, games and
 * the feedback they received removed (pg_ratings.c). 0 or -errno. */
int pg_invites_user_deleted(PGconn *c, int64_t user_id, int64_t now_ms);
int pg_ratings_user_delete(PGconn *c, int64_t user_id);
/* The rooms' helpers the invites share (pg_rooms.c). pg_room_tx runs
 * f(c, ctx) in a transaction on a pooled connection: committed when f
 * answers 0 or more (that answer, or the commit's error), rolled back
 * otherwise; run again, up to three times, when it lost a deadlock or a
 * serialization (-EAGAIN), so f must only read and write through c.
 * Inside a transaction on c: pg_room_insert writes a room and its
 * participants (slot 1 left out while users[1] is 0): 0, -EEXIST, -EIO;
 * pg_room_history the problems user_id has had (*out and each string
 * malloc'd, at most STORE_HISTORY_MAX). pg_room_columns reads id,
 * problem, language, difficulty, plan, first_driver, created_ms,
 * start_ms, ended_ms from column col of row (not the users). */
int pg_room_tx(struct pg_store *s, int (*f)(PGconn *c, void *ctx), void *ctx);
int pg_room_insert(PGconn *c, const struct store_room *r);
int pg_room_history(PGconn *c, int64_t user_id, char ***out, size_t *n);
void pg_room_columns(const PGresult *res, int row, int col, struct store_room *out);
/* Between pg_ratings.c and pg_feedback.c (their transactions are
 * pg_room_tx's). pg_rating_lock_users: the live ones of users[0..n)
 * (n <= 2; live[i] says which, live may be NULL) locked (FOR NO KEY
 * UPDATE, in id order) until the transaction ends: every write of a
 * user's games, feedback received and ratings holds it, so recomputes of
 * one user never interleave. pg_rating_recompute_locked: that user's
 * ratings recomputed (lock held, in a transaction). Each 0 or -errno. */
int pg_rating_lock_users(PGconn *c, const int64_t *users, size_t n, bool *live);
int pg_rating_recompute_locked(PGconn *c, int64_t user_id, const struct store_rater *rater);
/* Feedback's ops (pg_feedback.c), in pg_rating_ops. */
int pg_feedback_put(struct store *s, const struct store_feedback *f, const struct store_rater *rater, bool *created);
int pg_feedback_of_room(struct store *s, const char *room, struct store_feedback out[2], size_t *n);
int pg_feedback_received(struct store *s, int64_t user_id, int64_t closed_before_ms, size_t offset, size_t limit,
			 struct store_feedback **rows, size_t *n, size_t *total, struct store_feedback_avg *avg);
/* Inside the transaction that appends e to a room's log on c: e's row of
 * the dashboard's digest when it is a result or a request to move on
 * (pg_dashboard.c). 0 or -errno. */
int pg_dash_digest_put(PGconn *c, const struct store_room_event *e);

#endif
