/* pg_feedback.c - the PostgreSQL driver's feedback (store_ratings.h), as
 * sqlite_feedback.c: a participant's feedback put (replacing theirs)
 * with the recompute it causes, a room's rows, what a user received and
 * may see, and what goes with a deleted account. The tables are
 * pg_ratings.c's family; so is why a put locks its recipient first. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FB_COLS                                                                                           \
	"f.room_id, f.from_user, f.to_user, f.communication, f.problem_solving, f.code_quality, f.collaboration," \
	" f.comment, f.created_ms, f.updated_ms"
#define FB_NCOLS 10
/* What the user may see of what they received: in rooms where they gave
 * feedback too, or whose window closed (the room ended at or before $2). */
#define FB_VISIBLE                                                                                              \
	" FROM feedback f JOIN rooms r ON r.id = f.room_id LEFT JOIN users u ON u.id = f.from_user"                  \
	" WHERE f.to_user = $1 AND (EXISTS (SELECT 1 FROM feedback g WHERE g.room_id = f.room_id"                   \
	" AND g.from_user = $1) OR (r.ended_ms > 0 AND r.ended_ms <= $2))"

/* Row i's FB_COLS into f: 0 or -ENOMEM. */
static int feedback_from(const PGresult *res, int i, struct store_feedback *f)
{
	memset(f, 0, sizeof(*f));
	pg_get_copy(res, i, 0, f->room, sizeof(f->room));
	f->from_user = pg_get_i64(res, i, 1);
	f->to_user = pg_get_i64(res, i, 2);
	for (int k = 0; k < STORE_FEEDBACK_SCORES; k++)
		f->scores[k] = (int)pg_get_i64(res, i, 3 + k);
	f->created_ms = pg_get_i64(res, i, 8);
	f->updated_ms = pg_get_i64(res, i, 9);
	if (!(f->comment = pg_get_dup(res, i, 7)) && !(f->comment = strdup("")))
		return -ENOMEM;
	return 0;
}

struct put {
	const struct store_feedback *f;
	const struct store_rater *rater;
	bool created;
};

static int put_body(PGconn *c, void *ctx)
{
	struct put *a = ctx;
	const struct store_feedback *f = a->f;
	a->created = false;
	/* The recipient first: its recompute must not interleave with another
	 * (pg_ratings.c). Two puts of one giver in one room share it, so the
	 * look below and the write are not raced either. */
	int r = pg_rating_lock_users(c, &f->to_user, 1, NULL);
	if (r)
		return r;
	char b[8][24];
	const char *p[] = { f->room,
			    pg_i64(b[0], f->from_user),
			    pg_i64(b[1], f->to_user),
			    pg_i64(b[2], f->scores[0]),
			    pg_i64(b[3], f->scores[1]),
			    pg_i64(b[4], f->scores[2]),
			    pg_i64(b[5], f->scores[3]),
			    f->comment ? f->comment : "",
			    pg_i64(b[6], f->updated_ms) };
	int err;
	PGresult *res = pg_query(c, "feedback exists", "SELECT 1 FROM feedback WHERE room_id = $1 AND from_user = $2", 2,
				 p, &err);
	if (!res)
		return err;
	bool existed = PQntuples(res) > 0;
	PQclear(res);
	r = pg_exec(c, "feedback put",
		    "INSERT INTO feedback (room_id, from_user, to_user, communication, problem_solving, code_quality,"
		    " collaboration, comment, created_ms, updated_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
		    " ON CONFLICT (room_id, from_user) DO UPDATE SET to_user = EXCLUDED.to_user,"
		    " communication = EXCLUDED.communication, problem_solving = EXCLUDED.problem_solving,"
		    " code_quality = EXCLUDED.code_quality, collaboration = EXCLUDED.collaboration,"
		    " comment = EXCLUDED.comment, updated_ms = EXCLUDED.updated_ms",
		    9, p);
	/* The recipient's ratings count the feedback of each session. */
	r = r < 0 ? r : pg_rating_recompute_locked(c, f->to_user, a->rater);
	a->created = !r && !existed;
	return r;
}

int pg_feedback_put(struct store *s, const struct store_feedback *f, const struct store_rater *rater, bool *created)
{
	struct put a = { f, rater, false };
	int r = pg_room_tx(pg_of(s), put_body, &a);
	*created = !r && a.created;
	return r;
}

int pg_feedback_of_room(struct store *base, const char *room, struct store_feedback out[2], size_t *n)
{
	const char *p[] = { room };
	int err, r = 0;
	PGresult *res = pg_query_once(
		pg_of(base), "feedback of room",
		"SELECT " FB_COLS " FROM feedback f WHERE f.room_id = $1 ORDER BY f.from_user LIMIT 2", 1, p, &err);
	if (!res)
		return err;
	for (int i = 0; i < PQntuples(res) && *n < 2 && !r; i++)
		r = feedback_from(res, i, &out[(*n)++]);
	PQclear(res);
	if (r) {
		for (size_t i = 0; i < *n; i++)
			store_feedback_release(&out[i]);
		*n = 0;
	}
	return r;
}

/* The page's rows (want of them at most) into v: how many, or -ENOMEM. */
static int received_rows(const PGresult *res, size_t want, struct store_feedback *v, size_t *got)
{
	for (int i = 0; i < PQntuples(res) && *got < want; i++) {
		struct store_feedback *f = &v[*got];
		int r = feedback_from(res, i, f);
		if (r) {
			store_feedback_release(f);
			return r;
		}
		(*got)++;
		pg_get_copy(res, i, FB_NCOLS, f->problem, sizeof(f->problem));
		pg_get_copy(res, i, FB_NCOLS + 1, f->language, sizeof(f->language));
		pg_get_copy(res, i, FB_NCOLS + 2, f->difficulty, sizeof(f->difficulty));
		f->room_ended_ms = pg_get_i64(res, i, FB_NCOLS + 3);
		pg_get_copy(res, i, FB_NCOLS + 4, f->from_username, sizeof(f->from_username));
		pg_get_copy(res, i, FB_NCOLS + 5, f->from_display, sizeof(f->from_display));
	}
	return 0;
}

int pg_feedback_received(struct store *base, int64_t user_id, int64_t closed_before_ms, size_t offset, size_t limit,
			 struct store_feedback **rows, size_t *n, size_t *total, struct store_feedback_avg *avg)
{
	struct pg_store *s = pg_of(base);
	struct store_feedback *v = NULL;
	size_t got = 0;
	char b[4][24];
	const char *p[] = { pg_i64(b[0], user_id), pg_i64(b[1], closed_before_ms), NULL,
			    pg_i64(b[3], offset > INT64_MAX ? INT64_MAX : (int64_t)offset) };
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	/* The count, the means and the page in one snapshot. */
	int err, r = pg_begin_snapshot(c);
	PGresult *res = r ? NULL
			  : pg_query(c, "feedback received count",
				     "SELECT count(*), coalesce(avg(f.communication), 0)::float8,"
				     " coalesce(avg(f.problem_solving), 0)::float8,"
				     " coalesce(avg(f.code_quality), 0)::float8,"
				     " coalesce(avg(f.collaboration), 0)::float8" FB_VISIBLE,
				     2, p, &err);
	if (!r && !res)
		r = err;
	if (res) {
		*total = avg->count = (size_t)pg_get_i64(res, 0, 0);
		for (int i = 0; i < STORE_FEEDBACK_SCORES; i++)
			avg->scores[i] = strtod(PQgetvalue(res, 0, 1 + i), NULL);
		PQclear(res);
	}
	size_t want = r ? 0 : store_page_rows(*total, offset, limit);
	if (want && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	if (!r && want) {
		p[2] = pg_i64(b[2], (int64_t)want);
		res = pg_query(c, "feedback received",
			       "SELECT " FB_COLS ", r.problem, r.language, r.difficulty, r.ended_ms,"
			       " coalesce(u.username, ''), coalesce(u.display_name, 'deleted user')" FB_VISIBLE
			       " ORDER BY f.created_ms DESC, f.room_id DESC LIMIT $3 OFFSET $4",
			       4, p, &err);
		r = res ? received_rows(res, want, v, &got) : err;
		PQclear(res);
	}
	r = pg_end(c, r);
	pg_put(s, c);
	return store_feedback_out(r, v, got, avg, rows, n, total);
}

int pg_ratings_user_delete(PGconn *c, int64_t user_id)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id), NULL };
	int err, r = pg_exec(c, "delete the user's feedback received", "DELETE FROM feedback WHERE to_user = $1", 1, p);
	if (r < 0)
		return r;
	/* One language at a time, in order: the boards' groups' lock order
	 * (pg_ratings.c). */
	PGresult *res = pg_query(c, "the user's ratings",
				 "SELECT language FROM user_ratings WHERE user_id = $1 ORDER BY language", 1, p, &err);
	if (!res)
		return err;
	for (int i = 0; i < PQntuples(res) && r >= 0; i++) {
		p[1] = PQgetvalue(res, i, 0);
		r = pg_exec(c, "delete the user's ratings",
			    "DELETE FROM user_ratings WHERE user_id = $1 AND language = $2", 2, p);
	}
	PQclear(res);
	if (r >= 0)
		r = pg_exec(c, "delete the user's games", "DELETE FROM rating_games WHERE user_id = $1", 1, p);
	return r < 0 ? r : 0;
}
