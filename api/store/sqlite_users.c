/* sqlite_users.c - the SQLite driver's accounts (store_driver.h): users,
 * their login sessions (only a token's SHA-256 is kept), their avatars.
 * A deleted account's row stays, anonymised, so that what refers to the
 * user keeps a participant to show. */
#define _GNU_SOURCE
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A user as every query reads it: the row and when its avatar was set. */
#define USER_COLS "u.id, u.username, u.display_name, u.bio, u.city, u.country, u.organisation, u.languages," \
		  " u.level, u.rating, u.created_at_ms, coalesce(a.updated_at_ms, 0)"
#define USER_FROM " FROM users u LEFT JOIN avatars a ON a.user_id = u.id"
#define USER_NCOLS 12

const char *const sq_user_sql[SQ_USER_N] = {
	[SQ_USER_INSERT] = "INSERT INTO users (username, password_hash, display_name, bio, city, country, organisation,"
			   " languages, level, rating, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* username's collation is NOCASE: "Ann" finds "ann". */
	[SQ_USER_BY_NAME] = "SELECT " USER_COLS ", u.password_hash" USER_FROM
			    " WHERE u.username = ?1 AND u.deleted_at_ms = 0",
	[SQ_USER_GET] = "SELECT " USER_COLS USER_FROM " WHERE u.id = ?1 AND u.deleted_at_ms = 0",
	[SQ_USER_EXISTS] = "SELECT 1 FROM users WHERE id = ?1 AND deleted_at_ms = 0",
	[SQ_USER_UPDATE] = "UPDATE users SET display_name = ?2, bio = ?3, city = ?4, country = ?5, organisation = ?6,"
			   " languages = ?7, level = ?8, rating = ?9 WHERE id = ?1 AND deleted_at_ms = 0",
	[SQ_USER_ANONYMISE] = "UPDATE users SET username = NULL, password_hash = NULL, display_name = 'deleted user',"
			      " bio = '', city = '', country = '', organisation = '', languages = '[]', level = '',"
			      " deleted_at_ms = ?2 WHERE id = ?1 AND deleted_at_ms = 0",
	[SQ_USER_SESSIONS_DELETE] = "DELETE FROM sessions WHERE user_id = ?1",
	[SQ_USER_AVATAR_DELETE] = "DELETE FROM avatars WHERE user_id = ?1",
	[SQ_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms)"
			      " VALUES (?1, ?2, ?3, ?4)",
	[SQ_SESSION_EXPIRE] = "DELETE FROM sessions WHERE expires_at_ms <= ?1",
	/* The newest ?2 of the user's sessions stay. */
	[SQ_SESSION_TRIM] = "DELETE FROM sessions WHERE user_id = ?1 AND rowid NOT IN"
			    " (SELECT rowid FROM sessions WHERE user_id = ?1 ORDER BY rowid DESC LIMIT ?2)",
	[SQ_SESSION_USER] = "SELECT " USER_COLS " FROM sessions s JOIN users u ON u.id = s.user_id"
			    " LEFT JOIN avatars a ON a.user_id = u.id"
			    " WHERE s.token_hash = ?1 AND s.expires_at_ms > ?2 AND u.deleted_at_ms = 0",
	[SQ_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[SQ_AVATAR_PUT] = "INSERT OR REPLACE INTO avatars (user_id, content_type, image, updated_at_ms)"
			  " VALUES (?1, ?2, ?3, ?4)",
	[SQ_AVATAR_GET] = "SELECT content_type, image FROM avatars WHERE user_id = ?1",
};

/* The current row of a SELECT USER_COLS into out: 0 or -ENOMEM. */
static int user_from(sqlite3_stmt *st, struct store_user *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	const char *name = (const char *)sqlite3_column_text(st, 1);
	str_copy(out->username, sizeof(out->username), name ? name : "");
	char **texts[] = { &out->display_name, &out->bio, &out->city, &out->country, &out->organisation,
			   &out->languages };
	for (int i = 0; i < 6; i++)
		if (!(*texts[i] = sq_column_dup(st, 2 + i)) && !(*texts[i] = strdup(""))) {
			store_user_release(out);
			return -ENOMEM;
		}
	const char *level = (const char *)sqlite3_column_text(st, 8);
	str_copy(out->level, sizeof(out->level), level ? level : "");
	out->rating = sqlite3_column_int(st, 9);
	out->created_at_ms = sqlite3_column_int64(st, 10);
	out->avatar_at_ms = sqlite3_column_int64(st, 11);
	return 0;
}

/* Step a bound SELECT USER_COLS (lock held): 0 with out filled, -ENOENT,
 * -ENOMEM, -EIO. Leaves the statement on its row for more columns. */
static int user_row(struct sq_store *s, sqlite3_stmt *st, struct store_user *out, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return user_from(st, out);
	return rc == SQLITE_DONE ? -ENOENT : sq_fail(s, what);
}

static const char *or_empty(const char *t)
{
	return t ? t : "";
}

int sq_user_create(struct store *base, struct store_user *u, const char *password_hash)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_USER_INSERT];
	const char *texts[] = { u->username, password_hash, or_empty(u->display_name), or_empty(u->bio),
				or_empty(u->city), or_empty(u->country), or_empty(u->organisation),
				u->languages ? u->languages : "[]", u->level };
	for (int i = 0; i < 9; i++)
		sq_bind_text(st, i + 1, texts[i]);
	sqlite3_bind_int(st, 10, u->rating);
	sqlite3_bind_int64(st, 11, u->created_at_ms);
	int rc = sqlite3_step(st), r = 0;
	int ext = sqlite3_extended_errcode(s->db);
	sq_done_with(st);
	if (rc != SQLITE_DONE)
		r = ext == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : sq_fail(s, "create user");
	else
		u->id = sqlite3_last_insert_rowid(s->db);
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_user_by_name(struct store *base, const char *username, struct store_user *out, char **password_hash)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_USER_BY_NAME];
	sq_bind_text(st, 1, username);
	int r = user_row(s, st, out, "user by name");
	if (!r && !(*password_hash = sq_column_dup(st, USER_NCOLS)) &&
	    sqlite3_column_type(st, USER_NCOLS) != SQLITE_NULL) {
		store_user_release(out);
		r = -ENOMEM;
	}
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_user_get(struct store *base, int64_t id, struct store_user *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_USER_GET];
	sqlite3_bind_int64(st, 1, id);
	int r = user_row(s, st, out, "get user");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_user_update(struct store *base, const struct store_user *u)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_USER_UPDATE];
	sqlite3_bind_int64(st, 1, u->id);
	const char *texts[] = { or_empty(u->display_name), or_empty(u->bio), or_empty(u->city), or_empty(u->country),
				or_empty(u->organisation), u->languages ? u->languages : "[]", u->level };
	for (int i = 0; i < 7; i++)
		sq_bind_text(st, i + 2, texts[i]);
	sqlite3_bind_int(st, 9, u->rating);
	int r = sq_change(s, st, "update user");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

/* Is id a live user (lock held)? 0, -ENOENT, -EIO. */
static int user_exists(struct sq_store *s, int64_t id)
{
	sqlite3_stmt *st = s->user[SQ_USER_EXISTS];
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sq_done_with(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : sq_fail(s, "user exists");
}

/* Bind id to a statement of one parameter and run it (lock held): its
 * row count or -EIO. */
static int change_by_id(struct sq_store *s, enum sq_user_stmt which, int64_t id, const char *what)
{
	sqlite3_bind_int64(s->user[which], 1, id);
	return sq_change(s, s->user[which], what);
}

int sq_user_delete(struct store *base, int64_t id)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		sqlite3_stmt *st = s->user[SQ_USER_ANONYMISE];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, unix_ms());
		r = sq_change(s, st, "anonymise user");
		if (r == 0)
			r = -ENOENT;
		if (r > 0)
			r = change_by_id(s, SQ_USER_SESSIONS_DELETE, id, "delete sessions");
		if (r >= 0)
			r = change_by_id(s, SQ_USER_AVATAR_DELETE, id, "delete avatar");
		if (r >= 0)
			r = sq_invites_user_deleted(s, id, unix_ms());
		if (r >= 0)
			r = sq_ratings_user_delete(s, id);
		/* Every other table family that names users takes its part here,
		 * in this transaction: a waiting-room entry goes; a room keeps its
		 * participant row, which now reads as "deleted user"; ratings,
		 * games and the feedback received go (what the user gave stays,
		 * from "deleted user"). */
		r = sq_end(s, r < 0 ? r : 0);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_session_create(struct store *base, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
		      int64_t created_ms, int64_t expires_ms)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		sqlite3_stmt *st = s->user[SQ_SESSION_EXPIRE];
		sqlite3_bind_int64(st, 1, created_ms);
		if (!(r = sq_exec(s, st, "expire sessions")))
			r = user_exists(s, user_id);
		if (!r) {
			st = s->user[SQ_SESSION_INSERT];
			sqlite3_bind_blob(st, 1, hash, STORE_SESSION_HASH, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, user_id);
			sqlite3_bind_int64(st, 3, created_ms);
			sqlite3_bind_int64(st, 4, expires_ms);
			r = sq_exec(s, st, "create session");
		}
		if (!r) {
			st = s->user[SQ_SESSION_TRIM];
			sqlite3_bind_int64(st, 1, user_id);
			sqlite3_bind_int(st, 2, STORE_SESSIONS_PER_USER);
			r = sq_exec(s, st, "trim sessions");
		}
		r = sq_end(s, r);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_session_user(struct store *base, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		    struct store_user *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_SESSION_USER];
	sqlite3_bind_blob(st, 1, hash, STORE_SESSION_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_ms);
	int r = user_row(s, st, out, "session user");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_session_delete(struct store *base, const unsigned char hash[STORE_SESSION_HASH])
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_SESSION_DELETE];
	sqlite3_bind_blob(st, 1, hash, STORE_SESSION_HASH, SQLITE_STATIC);
	int r = sq_change(s, st, "delete session");
	pthread_mutex_unlock(&s->lock);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

int sq_avatar_put(struct store *base, int64_t user_id, const char *content_type, const void *data, size_t len,
		  int64_t at_ms)
{
	struct sq_store *s = sq_of(base);
	if (len > INT_MAX)
		return -EFBIG;
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		if (!(r = user_exists(s, user_id))) {
			sqlite3_stmt *st = s->user[SQ_AVATAR_PUT];
			sqlite3_bind_int64(st, 1, user_id);
			sq_bind_text(st, 2, content_type);
			sqlite3_bind_blob(st, 3, len ? data : "", (int)len, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, at_ms);
			r = sq_exec(s, st, "put avatar");
		}
		r = sq_end(s, r);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_avatar_get(struct store *base, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		  size_t *len)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->user[SQ_AVATAR_GET];
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		str_copy(content_type, STORE_CONTENT_TYPE_MAX + 1, type ? type : "");
		const void *blob = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		if ((*data = malloc(n ? n : 1))) {
			if (n)
				memcpy(*data, blob, n);
			*len = n;
		} else {
			r = -ENOMEM;
		}
	} else {
		r = rc == SQLITE_DONE ? -ENOENT : sq_fail(s, "get avatar");
	}
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}
