/* store_sqlite.h - inside the SQLite driver (store_driver.h): its struct,
 * its prepared statements by table family, the helpers its files share.
 * sqlite.c is the core (connection, migrations, statements, transactions);
 * sqlite_submissions.c, sqlite_problems.c, sqlite_users.c,
 * sqlite_rooms.c, sqlite_invites.c, sqlite_ratings.c, sqlite_feedback.c and
 * sqlite_queue.c one table family each; sqlite_dashboard.c reads the rooms' tables and a digest of their logs for a
 * user's dashboard. Private to those files. */
#ifndef PAIRBOX_STORE_SQLITE_H
#define PAIRBOX_STORE_SQLITE_H

#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>

#include "store_driver.h"

struct sq_store;

/* Transactions (sqlite.c). */
enum sq_core_stmt { SQ_BEGIN, SQ_COMMIT, SQ_ROLLBACK, SQ_CORE_N };

/* The submissions table (sqlite_submissions.c). */
enum sq_subm_stmt {
	SQ_SUBM_INSERT, SQ_SUBM_GET, SQ_SUBM_STATUS, SQ_SUBM_PROCESSING, SQ_SUBM_FINISH, SQ_SUBM_DELETE,
	SQ_SUBM_LIST, SQ_SUBM_COUNT, SQ_SUBM_PENDING, SQ_SUBM_COUNTS, SQ_SUBM_N
};
extern const char *const sq_subm_sql[SQ_SUBM_N];

/* The problem index (sqlite_problems.c). */
enum sq_prob_stmt {
	SQ_PROB_CLEAR, SQ_PROB_TAGS_CLEAR, SQ_PROB_FTS_CLEAR, SQ_PROB_INSERT, SQ_PROB_TAG_INSERT,
	SQ_PROB_FTS_INSERT, SQ_PROB_PKG_INSERT, SQ_PROB_PKG_FILE_INSERT, SQ_PROB_PKG_FILES, SQ_PROB_PKG_SLUGS,
	SQ_PROB_PKG_DELETE, SQ_PROB_PKG_FILES_DELETE, SQ_PROB_N
};
extern const char *const sq_prob_sql[SQ_PROB_N];

/* The accounts: users, sessions, avatars (sqlite_users.c). */
enum sq_user_stmt {
	SQ_USER_INSERT, SQ_USER_BY_NAME, SQ_USER_GET, SQ_USER_EXISTS, SQ_USER_UPDATE, SQ_USER_ANONYMISE,
	SQ_USER_SESSIONS_DELETE, SQ_USER_AVATAR_DELETE, SQ_SESSION_INSERT, SQ_SESSION_EXPIRE, SQ_SESSION_TRIM,
	SQ_SESSION_USER, SQ_SESSION_DELETE, SQ_AVATAR_PUT, SQ_AVATAR_GET, SQ_USER_N
};
extern const char *const sq_user_sql[SQ_USER_N];

/* The rooms (sqlite_rooms.c): the waiting room, rooms, logs, snapshots. */
enum sq_room_stmt {
	SQ_LOBBY_PUT, SQ_LOBBY_TOUCH, SQ_LOBBY_GET, SQ_LOBBY_DELETE, SQ_LOBBY_CLEAN, SQ_LOBBY_WAITING,
	SQ_LOBBY_MATCHED, SQ_ROOM_HISTORY, SQ_ROOM_INSERT, SQ_ROOM_MEMBER_INSERT, SQ_ROOM_GET, SQ_ROOM_MEMBERS,
	SQ_ROOM_OF_USER, SQ_ROOM_LOG_INSERT, SQ_ROOM_SNAP_PUT, SQ_ROOM_DROVE, SQ_ROOM_ENDED, SQ_ROOM_LOG,
	SQ_ROOM_UPDATES, SQ_ROOM_STATE_LOG, SQ_ROOM_TAIL, SQ_ROOM_SNAP_GET, SQ_ROOM_KIND_TAIL, SQ_ROOM_N
};
extern const char *const sq_room_sql[SQ_ROOM_N];
extern const char sq_rooms_migration[];     /* its tables, one migration of sqlite.c's */
/* A room's columns as SQ_ROOM_GET selects them (id, problem, language,
 * difficulty, plan, first_driver, created_ms, start_ms, ended_ms), from
 * column col of the current row, into out (not its users). */
void sq_room_columns(sqlite3_stmt *st, int col, struct store_room *out);
extern const struct store_room_ops sq_room_ops;
/* A room and its participants, slot 1 left out while its user is 0 (a
 * room waiting for its second participant): lock held, in a transaction.
 * 0, -EEXIST, -EIO. */
int sq_room_insert(struct sq_store *s, const struct store_room *r);
/* The problems user_id has had (lock held): *out malloc'd, each string
 * malloc'd; at most STORE_HISTORY_MAX. */
int sq_room_history(struct sq_store *s, int64_t user_id, char ***out, size_t *n);

/* Invites and spectators (sqlite_invites.c). */
enum sq_inv_stmt {
	SQ_INV_OPEN_COUNT, SQ_INV_INSERT, SQ_INV_GET, SQ_INV_OF_ROOM, SQ_INV_REVOKE_ROOM, SQ_INV_USE, SQ_INV_REVOKE_USER,
	SQ_INV_LAST_DROVE, SQ_INV_START, SQ_INV_DEL_LOG, SQ_INV_DEL_SNAP, SQ_INV_DEL_MEMBERS, SQ_INV_DEL_ROOM,
	SQ_INV_DEL_INVITES, SQ_INV_DEL_WATCH, SQ_WATCH_ON, SQ_WATCH_OFF, SQ_WATCH_GET, SQ_LINKS_DELETE, SQ_LINKS_COUNT,
	SQ_LINK_INSERT, SQ_LINK_ROOM, SQ_INV_N
};
extern const char *const sq_inv_sql[SQ_INV_N];
extern const char sq_invites_migration[];   /* its tables, one migration of sqlite.c's */
extern const struct store_invite_ops sq_invite_ops;
/* store_user_delete's part (lock held, in its transaction): the user's
 * open invites revoked, so nobody joins a room of a deleted account. 0 or
 * -EIO. */
int sq_invites_user_deleted(struct sq_store *s, int64_t user_id, int64_t now_ms);

/* A user's dashboard (sqlite_dashboard.c): the rooms' tables and the
 * logs' digest (their results and requests to move on). */
enum sq_dash_stmt { SQ_DASH_COUNT, SQ_DASH_NEWEST, SQ_DASH_OLDEST, SQ_DASH_DIGEST, SQ_DASH_DIGEST_PUT, SQ_DASH_N };
extern const char *const sq_dash_sql[SQ_DASH_N];
extern const char sq_dash_migration[];      /* the digest, filled from the logs: one migration */
struct sq_store;
/* Lock held, in the transaction that appends e to the log: e's row of
 * the digest when it is a run's or a submit's result or a request to
 * move on (nothing otherwise). 0 or -EIO. */
int sq_dash_digest_put(struct sq_store *s, const struct store_room_event *e);

/* Ratings (sqlite_ratings.c): the rating queue, games, ratings, boards. */
enum sq_rate_stmt {
	SQ_RATE_QUEUE_HEAD, SQ_RATE_QUEUE_DONE, SQ_RATE_ROOM, SQ_RATE_SUBMITS, SQ_RATE_LAST_LANGUAGE, SQ_RATE_TOOK_PART,
	SQ_RATE_GAME_INSERT, SQ_RATE_SEED, SQ_RATE_GAMES, SQ_RATE_GAME_SET, SQ_RATE_PUT, SQ_RATE_USER_SET,
	SQ_RATE_GET, SQ_RATE_OF_USER, SQ_RATE_HISTORY, SQ_RATE_OPEN, SQ_RATE_BOARD, SQ_RATE_BOARD_COUNT,
	SQ_RATE_BOARD_ORG, SQ_RATE_ORGS, SQ_RATE_ORGS_COUNT, SQ_RATE_N
};
extern const char *const sq_rate_sql[SQ_RATE_N];
/* Feedback (sqlite_feedback.c); and every row of a user these families
 * hold, gone with the account. */
enum sq_fb_stmt {
	SQ_FB_EXISTS, SQ_FB_PUT, SQ_FB_ROOM, SQ_FB_RECEIVED, SQ_FB_RECEIVED_AGG, SQ_FB_USER_TO_DELETE,
	SQ_FB_USER_RATINGS_DELETE, SQ_FB_USER_GAMES_DELETE, SQ_FB_N
};
extern const char *const sq_fb_sql[SQ_FB_N];
extern const char sq_ratings_migration[];   /* feedback, games, ratings, boards: one migration */
extern const struct store_rating_ops sq_rating_ops;

/* The job queue: leases, the callback outbox, the nodes (sqlite_queue.c). */
enum sq_queue_stmt {
	SQ_QUEUE_PICK, SQ_QUEUE_MARK, SQ_QUEUE_LEASE, SQ_QUEUE_ATTEMPTS, SQ_QUEUE_RENEW, SQ_QUEUE_UNLEASE,
	SQ_QUEUE_REQUEUE, SQ_QUEUE_LEASE_DELETE, SQ_OUTBOX_PUT, SQ_OUTBOX_PICK, SQ_OUTBOX_LEASE, SQ_OUTBOX_DONE,
	SQ_OUTBOX_RELEASE, SQ_NODE_BEAT, SQ_NODE_STOP, SQ_NODE_PRUNE, SQ_NODE_LIST, SQ_QUEUE_STATS, SQ_QUEUE_N
};
extern const char *const sq_queue_sql[SQ_QUEUE_N];
extern const char sq_queue_migration[];     /* its tables: one migration, safe to run again */
extern const struct store_queue_ops sq_queue_ops;

struct sq_store {
	struct store base;             /* first: store.c sees only this */
	pthread_mutex_t lock;          /* guards db and every statement */
	sqlite3 *db;
	sqlite3_stmt *core[SQ_CORE_N];
	sqlite3_stmt *subm[SQ_SUBM_N];
	sqlite3_stmt *prob[SQ_PROB_N];
	sqlite3_stmt *user[SQ_USER_N];
	sqlite3_stmt *room[SQ_ROOM_N];
	sqlite3_stmt *dash[SQ_DASH_N];
	sqlite3_stmt *inv[SQ_INV_N];
	sqlite3_stmt *rate[SQ_RATE_N];
	sqlite3_stmt *fb[SQ_FB_N];
	sqlite3_stmt *queue[SQ_QUEUE_N];
	int lock_fd;                   /* pairbox.lock, flock'd for our life */
	char path[PATH_MAX];
};

static inline struct sq_store *sq_of(struct store *s)
{
	return (struct sq_store *)s;
}

/* Helpers (sqlite.c); "lock held" throughout. */

/* Log a failed call with the database's own words; -EIO. */
int sq_fail(struct sq_store *s, const char *what);
/* Reset a statement for its next use, bindings cleared (no pointer to a
 * caller's text outlives the call). */
void sq_done_with(sqlite3_stmt *st);
/* Bind text, or NULL for a NULL pointer (SQLITE_STATIC: the caller's text
 * lives until sq_done_with). */
int sq_bind_text(sqlite3_stmt *st, int col, const char *text);
/* Run a bound UPDATE/DELETE: its row count, or -EIO. */
int sq_change(struct sq_store *s, sqlite3_stmt *st, const char *what);
/* Run a bound INSERT: 0, -EEXIST when a constraint refuses the row, -EIO. */
int sq_insert(struct sq_store *s, sqlite3_stmt *st, const char *what);
/* Reads the current row's columns into ctx: 0 or a -errno that becomes
 * sq_one_row's answer. */
typedef int sq_read_fn(sqlite3_stmt *st, void *ctx);
/* Step a bound SELECT that answers at most one row ("one row by key"):
 * read(st, ctx) on that row (read NULL: a question of existence alone),
 * then the statement done with. 0 (there was a row: read's answer), -ENOENT
 * (no row), -EIO. */
int sq_one_row(struct sq_store *s, sqlite3_stmt *st, sq_read_fn *read, void *ctx, const char *what);
/* The first column, as an integer, of the one row a bound aggregate
 * (COUNT, MAX...) always answers: 0 and *v; -EIO (*v 0), no row included. */
int sq_one_int(struct sq_store *s, sqlite3_stmt *st, int64_t *v, const char *what);
/* sq_one_int of a COUNT into *total (left alone on -EIO). */
int sq_one_count(struct sq_store *s, sqlite3_stmt *st, size_t *total, const char *what);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK: 0 or -EIO. */
int sq_begin(struct sq_store *s);
int sq_commit(struct sq_store *s);                /* rolls back when COMMIT fails */
void sq_rollback(struct sq_store *s);
/* A text column of the current row as an owned string (free()); NULL for
 * SQL NULL or when out of memory. */
char *sq_column_dup(sqlite3_stmt *st, int col);
/* A text column into a fixed field; "" when it is NULL or does not fit. */
void sq_column_copy(sqlite3_stmt *st, int col, char *out, size_t len);
/* End a transaction of sq_begin: commit when r is 0 (then the commit's
 * answer), else roll back and return r. */
int sq_end(struct sq_store *s, int r);
/* Run a statement that answers nothing: 0 or -EIO. */
int sq_exec(struct sq_store *s, sqlite3_stmt *st, const char *what);

/* The ops of each family (store_driver.h). */
int sq_subm_insert(struct store *s, const struct store_row *const *rows, size_t n);
int sq_subm_get(struct store *s, const char *token, struct store_row *out);
int sq_subm_set_processing(struct store *s, const char *token);
int sq_subm_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms);
int sq_subm_remove(struct store *s, const char *token);
int sq_subm_list(struct store *s, size_t offset, size_t limit, struct store_row **rows, size_t *n, size_t *total);
int sq_subm_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n);
int sq_subm_counts(struct store *s, uint64_t by_status[16], uint64_t *total);
int sq_problems_replace(struct store *s, const struct store_problem *v, size_t n);
int sq_problem_add(struct store *s, const struct store_problem *p);
int sq_package_put(struct store *s, const char *slug, const struct store_file *files, size_t n, int64_t at_ms);
int sq_package_get(struct store *s, const char *slug, struct store_file **files, size_t *n);
int sq_package_slugs(struct store *s, char ***slugs, size_t *n);
int sq_package_delete(struct store *s, const char *slug);
int sq_problem_search(struct store *s, const struct store_problem_query *q, size_t offset, size_t limit,
		      char ***slugs, size_t *n, size_t *total);
int sq_user_create(struct store *s, struct store_user *u, const char *password_hash);
int sq_user_by_name(struct store *s, const char *username, struct store_user *out, char **password_hash);
int sq_user_get(struct store *s, int64_t id, struct store_user *out);
int sq_user_update(struct store *s, const struct store_user *u);
int sq_user_delete(struct store *s, int64_t id);
int sq_session_create(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
		      int64_t created_ms, int64_t expires_ms);
int sq_session_user(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		    struct store_user *out);
int sq_session_delete(struct store *s, const unsigned char hash[STORE_SESSION_HASH]);
int sq_avatar_put(struct store *s, int64_t user_id, const char *content_type, const void *data, size_t len,
		  int64_t at_ms);
int sq_avatar_get(struct store *s, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		  size_t *len);
int sq_dash_rooms(struct store *s, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		  struct store_dash_room **out, size_t *n, size_t *total);

/* Ratings and feedback across their two files. */
/* Recompute a user's ratings (lock held, in a transaction). */
int sq_rating_recompute_locked(struct sq_store *s, int64_t user_id, const struct store_rater *rater);
/* A deleted account's ratings, games and the feedback it received (lock
 * held, in store_user_delete's transaction). 0 or -EIO. */
int sq_ratings_user_delete(struct sq_store *s, int64_t user_id);
/* Feedback's ops (sqlite_feedback.c), in sq_rating_ops. */
int sq_feedback_put(struct store *s, const struct store_feedback *f, const struct store_rater *rater, bool *created);
int sq_feedback_of_room(struct store *s, const char *room, struct store_feedback out[2], size_t *n);
int sq_feedback_received(struct store *s, int64_t user_id, int64_t closed_before_ms, size_t offset, size_t limit,
			 struct store_feedback **rows, size_t *n, size_t *total, struct store_feedback_avg *avg);

#endif
