/* pg_users.c - the PostgreSQL driver's accounts (store_driver.h,
 * store_pg.h): users, their login sessions (only a token's SHA-256 is
 * kept, as bytea), their avatars. A deleted account's row stays,
 * anonymised, so that what refers to the user keeps a participant to
 * show. Several nodes log users in and out at once: a change that reads
 * a user first locks the user's row. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Usernames are unique case-blind (a unique index on lower(username));
 * a deleted account's username is NULL, never equal to another, so the
 * name is free again. An identity never gives an id twice. A session's
 * seq orders a user's sessions oldest first. */
static const char *const steps[] = {
	"CREATE TABLE users ("
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	"  username text,"
	"  password_hash text,"
	"  display_name text NOT NULL,"
	"  bio text NOT NULL DEFAULT '',"
	"  city text NOT NULL DEFAULT '',"
	"  country text NOT NULL DEFAULT '',"
	"  organisation text NOT NULL DEFAULT '',"
	"  languages text NOT NULL DEFAULT '[]',"
	"  level text NOT NULL DEFAULT '',"
	"  rating integer NOT NULL,"
	"  created_at_ms bigint NOT NULL,"
	"  deleted_at_ms bigint NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX users_username ON users (lower(username));"
	"CREATE TABLE sessions ("
	"  token_hash bytea PRIMARY KEY,"
	"  seq bigint GENERATED ALWAYS AS IDENTITY,"
	"  user_id bigint NOT NULL,"
	"  created_at_ms bigint NOT NULL,"
	"  expires_at_ms bigint NOT NULL);"
	"CREATE INDEX sessions_user ON sessions (user_id, seq);"
	"CREATE INDEX sessions_expires ON sessions (expires_at_ms);"
	"CREATE TABLE avatars ("
	"  user_id bigint PRIMARY KEY,"
	"  content_type text NOT NULL,"
	"  image bytea NOT NULL,"
	"  updated_at_ms bigint NOT NULL);",
};
const struct pg_family pg_family_users = { "users", steps, sizeof(steps) / sizeof(steps[0]) };

/* A user as every query reads it: the row and when its avatar was set. */
#define USER_COLS "u.id, u.username, u.display_name, u.bio, u.city, u.country, u.organisation, u.languages," \
		  " u.level, u.rating, u.created_at_ms, coalesce(a.updated_at_ms, 0)"
#define USER_FROM " FROM users u LEFT JOIN avatars a ON a.user_id = u.id"
#define USER_NCOLS 12

/* Row 0 of a SELECT USER_COLS into out: 0 or -ENOMEM. */
static int user_from(const PGresult *r, struct store_user *out)
{
	memset(out, 0, sizeof(*out));
	out->id = pg_get_i64(r, 0, 0);
	pg_get_copy(r, 0, 1, out->username, sizeof(out->username));
	char **texts[] = { &out->display_name, &out->bio, &out->city, &out->country, &out->organisation,
			   &out->languages };
	for (int i = 0; i < 6; i++)
		if (!(*texts[i] = pg_get_dup(r, 0, 2 + i)) && !(*texts[i] = strdup(""))) {
			store_user_release(out);
			return -ENOMEM;
		}
	pg_get_copy(r, 0, 8, out->level, sizeof(out->level));
	out->rating = (int)pg_get_i64(r, 0, 9);
	out->created_at_ms = pg_get_i64(r, 0, 10);
	out->avatar_at_ms = pg_get_i64(r, 0, 11);
	return 0;
}

/* Run a SELECT USER_COLS [, more] with binary-or-text parameters: 0 with
 * out filled and *res kept for the caller's extra columns (PQclear it),
 * -ENOENT, -ENOMEM, -EIO. */
static int user_query(struct pg_store *s, const char *what, const char *sql, int n, const char *const *params,
		      const int *lengths, const int *formats, struct store_user *out, PGresult **res)
{
	*res = NULL;
	int r;
	PGresult *q = pg_query_bin_once(s, what, sql, n, params, lengths, formats, 0, &r);
	if (q)
		r = PQntuples(q) ? user_from(q, out) : -ENOENT;
	if (r)
		PQclear(q);
	else
		*res = q;
	return r;
}

static const char *or_empty(const char *t)
{
	return t ? t : "";
}

int pg_user_create(struct store *base, struct store_user *u, const char *password_hash)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	char rb[24], cb[24];
	const char *p[] = { u->username, password_hash, or_empty(u->display_name), or_empty(u->bio),
			    or_empty(u->city), or_empty(u->country), or_empty(u->organisation),
			    u->languages ? u->languages : "[]", u->level, pg_i64(rb, u->rating),
			    pg_i64(cb, u->created_at_ms) };
	int r;
	/* A name taken by another node meanwhile is the unique index's
	 * answer: -EEXIST. */
	PGresult *res = pg_query(c, "create user",
				 "INSERT INTO users (username, password_hash, display_name, bio, city, country,"
				 " organisation, languages, level, rating, created_at_ms)"
				 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
				 11, p, &r);
	if (res)
		u->id = pg_get_i64(res, 0, 0);
	PQclear(res);
	pg_put(s, c);
	return r;
}

int pg_user_by_name(struct store *base, const char *username, struct store_user *out, char **password_hash)
{
	const char *p[] = { username };
	PGresult *res;
	int r = user_query(pg_of(base), "user by name",
			   "SELECT " USER_COLS ", u.password_hash" USER_FROM
			   " WHERE lower(u.username) = lower($1) AND u.deleted_at_ms = 0",
			   1, p, NULL, NULL, out, &res);
	if (!r && !(*password_hash = pg_get_dup(res, 0, USER_NCOLS)) && !PQgetisnull(res, 0, USER_NCOLS)) {
		store_user_release(out);
		r = -ENOMEM;
	}
	PQclear(res);
	return r;
}

int pg_user_get(struct store *base, int64_t id, struct store_user *out)
{
	char ib[24];
	const char *p[] = { pg_i64(ib, id) };
	PGresult *res;
	int r = user_query(pg_of(base), "get user", "SELECT " USER_COLS USER_FROM " WHERE u.id = $1 AND u.deleted_at_ms = 0",
			   1, p, NULL, NULL, out, &res);
	PQclear(res);
	return r;
}

int pg_user_update(struct store *base, const struct store_user *u)
{
	char ib[24], rb[24];
	const char *p[] = { pg_i64(ib, u->id), or_empty(u->display_name), or_empty(u->bio), or_empty(u->city),
			    or_empty(u->country), or_empty(u->organisation), u->languages ? u->languages : "[]",
			    u->level, pg_i64(rb, u->rating) };
	int r = pg_exec_once(pg_of(base), "update user",
			     "UPDATE users SET display_name = $2, bio = $3, city = $4, country = $5, organisation = $6,"
			     " languages = $7, level = $8, rating = $9 WHERE id = $1 AND deleted_at_ms = 0",
			     9, p);
	return r < 0 ? r : r ? 0 : -ENOENT;
}

/* Lock id's row if it is a live user (inside a transaction on c), so
 * that it cannot be deleted until the caller commits. 0, -ENOENT, -EIO. */
static int user_lock(PGconn *c, int64_t id)
{
	char ib[24];
	const char *p[] = { pg_i64(ib, id) };
	int r;
	PGresult *res = pg_query(c, "lock user",
				 "SELECT 1 FROM users WHERE id = $1 AND deleted_at_ms = 0 FOR NO KEY UPDATE", 1, p, &r);
	if (res)
		r = PQntuples(res) ? 0 : -ENOENT;
	PQclear(res);
	return r;
}

/* Run a statement of one parameter, id: its row count or -errno. */
static int change_by_id(PGconn *c, const char *what, const char *sql, int64_t id)
{
	char ib[24];
	const char *p[] = { pg_i64(ib, id) };
	return pg_exec(c, what, sql, 1, p);
}

int pg_user_delete(struct store *base, int64_t id)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin(c);
	if (!r) {
		int64_t now = unix_ms();
		char ib[24], nb[24];
		const char *p[] = { pg_i64(ib, id), pg_i64(nb, now) };
		r = pg_exec(c, "anonymise user",
			    "UPDATE users SET username = NULL, password_hash = NULL, display_name = 'deleted user',"
			    " bio = '', city = '', country = '', organisation = '', languages = '[]', level = '',"
			    " deleted_at_ms = $2 WHERE id = $1 AND deleted_at_ms = 0",
			    2, p);
		if (r == 0)
			r = -ENOENT;
		if (r > 0)
			r = change_by_id(c, "delete sessions", "DELETE FROM sessions WHERE user_id = $1", id);
		if (r >= 0)
			r = change_by_id(c, "delete avatar", "DELETE FROM avatars WHERE user_id = $1", id);
		/* Every other table family that names users takes its part here,
		 * in this transaction: invites are revoked; ratings, games and
		 * the feedback received go (what the user gave stays, from
		 * "deleted user"); a room keeps its participant row, which now
		 * reads as "deleted user". */
		if (r >= 0)
			r = pg_invites_user_deleted(c, id, now);
		if (r >= 0)
			r = pg_ratings_user_delete(c, id);
		r = pg_end(c, r < 0 ? r : 0);
	}
	pg_put(s, c);
	return r;
}

int pg_session_create(struct store *base, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
		      int64_t created_ms, int64_t expires_ms)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin(c);
	if (!r) {
		char cb[24], ub[24], eb[24], kb[24];
		const char *expire[] = { pg_i64(cb, created_ms) };
		int e = pg_exec(c, "expire sessions", "DELETE FROM sessions WHERE expires_at_ms <= $1", 1, expire);
		/* The user's row locked: two logins of one user on two nodes
		 * take turns, so the cap holds, and a deletion cannot slip in. */
		r = e < 0 ? e : user_lock(c, user_id);
		if (!r) {
			const char *p[] = { (const char *)hash, pg_i64(ub, user_id), cb, pg_i64(eb, expires_ms) };
			const int lengths[] = { STORE_SESSION_HASH, 0, 0, 0 }, formats[] = { 1, 0, 0, 0 };
			PGresult *res = pg_query_bin(c, "create session",
						     "INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms)"
						     " VALUES ($1, $2, $3, $4)",
						     4, p, lengths, formats, 0, &r);
			PQclear(res);
		}
		if (!r) {
			/* The newest STORE_SESSIONS_PER_USER of the user's sessions stay. */
			const char *p[] = { ub, pg_i64(kb, STORE_SESSIONS_PER_USER) };
			e = pg_exec(c, "trim sessions",
				    "DELETE FROM sessions WHERE user_id = $1 AND seq NOT IN"
				    " (SELECT seq FROM sessions WHERE user_id = $1 ORDER BY seq DESC LIMIT $2)",
				    2, p);
			r = e < 0 ? e : 0;
		}
		r = pg_end(c, r);
	}
	pg_put(s, c);
	return r;
}

int pg_session_user(struct store *base, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		    struct store_user *out)
{
	char nb[24];
	const char *p[] = { (const char *)hash, pg_i64(nb, now_ms) };
	const int lengths[] = { STORE_SESSION_HASH, 0 }, formats[] = { 1, 0 };
	PGresult *res;
	int r = user_query(pg_of(base), "session user",
			   "SELECT " USER_COLS " FROM sessions s JOIN users u ON u.id = s.user_id"
			   " LEFT JOIN avatars a ON a.user_id = u.id"
			   " WHERE s.token_hash = $1 AND s.expires_at_ms > $2 AND u.deleted_at_ms = 0",
			   2, p, lengths, formats, out, &res);
	PQclear(res);
	return r;
}

int pg_session_delete(struct store *base, const unsigned char hash[STORE_SESSION_HASH])
{
	const char *p[] = { (const char *)hash };
	const int lengths[] = { STORE_SESSION_HASH }, formats[] = { 1 };
	int r;
	PGresult *res = pg_query_bin_once(pg_of(base), "delete session", "DELETE FROM sessions WHERE token_hash = $1", 1,
					  p, lengths, formats, 0, &r);
	if (res) {
		const char *t = PQcmdTuples(res);
		r = t && *t && strcmp(t, "0") != 0 ? 0 : -ENOENT;
	}
	PQclear(res);
	return r;
}

int pg_avatar_put(struct store *base, int64_t user_id, const char *content_type, const void *data, size_t len,
		  int64_t at_ms)
{
	struct pg_store *s = pg_of(base);
	if (len > INT_MAX)
		return -EFBIG;
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin(c);
	if (!r) {
		if (!(r = user_lock(c, user_id))) {
			char ub[24], ab[24];
			const char *p[] = { pg_i64(ub, user_id), content_type, len ? data : "", pg_i64(ab, at_ms) };
			const int lengths[] = { 0, 0, (int)len, 0 }, formats[] = { 0, 0, 1, 0 };
			PGresult *res = pg_query_bin(c, "put avatar",
						     "INSERT INTO avatars (user_id, content_type, image, updated_at_ms)"
						     " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET"
						     " content_type = EXCLUDED.content_type, image = EXCLUDED.image,"
						     " updated_at_ms = EXCLUDED.updated_at_ms",
						     4, p, lengths, formats, 0, &r);
			PQclear(res);
		}
		r = pg_end(c, r);
	}
	pg_put(s, c);
	return r;
}

int pg_avatar_get(struct store *base, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		  size_t *len)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id) };
	int r;
	PGresult *res = pg_query_once(pg_of(base), "get avatar",
				      "SELECT content_type, image FROM avatars WHERE user_id = $1", 1, p, &r);
	if (res && !PQntuples(res))
		r = -ENOENT;
	else if (res) {
		pg_get_copy(res, 0, 0, content_type, STORE_CONTENT_TYPE_MAX + 1);
		r = pg_get_bytea(res, 0, 1, data, len);
	}
	PQclear(res);
	return r;
}
