/* sqlite_feedback.c - the SQLite driver's feedback (store_ratings.h): a
 * participant's feedback put (replacing theirs) with the recompute it
 * causes, a room's rows, what a user received and may see, and what goes
 * with a deleted account. The tables are sqlite_ratings.c's migration. */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FB_COLS "f.room_id, f.from_user, f.to_user, f.communication, f.problem_solving, f.code_quality," \
		" f.collaboration, f.comment, f.created_ms, f.updated_ms"
#define FB_NCOLS 10
/* What the user may see of what they received: in rooms where they gave
 * feedback too, or whose window closed (the room ended at or before ?2). */
#define FB_VISIBLE " FROM feedback f JOIN rooms r ON r.id = f.room_id LEFT JOIN users u ON u.id = f.from_user" \
		   " WHERE f.to_user = ?1 AND (EXISTS (SELECT 1 FROM feedback g WHERE g.room_id = f.room_id" \
		   " AND g.from_user = ?1) OR (r.ended_ms > 0 AND r.ended_ms <= ?2))"

const char *const sq_fb_sql[SQ_FB_N] = {
	[SQ_FB_EXISTS] = "SELECT 1 FROM feedback WHERE room_id = ?1 AND from_user = ?2",
	[SQ_FB_PUT] = "INSERT INTO feedback (room_id, from_user, to_user, communication, problem_solving, code_quality,"
		      " collaboration, comment, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
		      " ON CONFLICT(room_id, from_user) DO UPDATE SET to_user = excluded.to_user,"
		      " communication = excluded.communication, problem_solving = excluded.problem_solving,"
		      " code_quality = excluded.code_quality, collaboration = excluded.collaboration,"
		      " comment = excluded.comment, updated_ms = excluded.updated_ms",
	[SQ_FB_ROOM] = "SELECT " FB_COLS " FROM feedback f WHERE f.room_id = ?1 ORDER BY f.from_user LIMIT 2",
	[SQ_FB_RECEIVED] = "SELECT " FB_COLS ", r.problem, r.language, r.difficulty, r.ended_ms,"
			   " coalesce(u.username, ''), coalesce(u.display_name, 'deleted user')" FB_VISIBLE
			   " ORDER BY f.created_ms DESC, f.room_id DESC LIMIT ?3 OFFSET ?4",
	[SQ_FB_RECEIVED_AGG] = "SELECT count(*), coalesce(avg(f.communication), 0), coalesce(avg(f.problem_solving), 0),"
			       " coalesce(avg(f.code_quality), 0), coalesce(avg(f.collaboration), 0)" FB_VISIBLE,
	[SQ_FB_USER_TO_DELETE] = "DELETE FROM feedback WHERE to_user = ?1",
	[SQ_FB_USER_RATINGS_DELETE] = "DELETE FROM user_ratings WHERE user_id = ?1",
	[SQ_FB_USER_GAMES_DELETE] = "DELETE FROM rating_games WHERE user_id = ?1",
};

/* The current row's FB_COLS into f: 0 or -ENOMEM. */
static int feedback_from(sqlite3_stmt *st, struct store_feedback *f)
{
	memset(f, 0, sizeof(*f));
	sq_column_copy(st, 0, f->room, sizeof(f->room));
	f->from_user = sqlite3_column_int64(st, 1);
	f->to_user = sqlite3_column_int64(st, 2);
	for (int i = 0; i < STORE_FEEDBACK_SCORES; i++)
		f->scores[i] = sqlite3_column_int(st, 3 + i);
	f->created_ms = sqlite3_column_int64(st, 8);
	f->updated_ms = sqlite3_column_int64(st, 9);
	if (!(f->comment = sq_column_dup(st, 7)) && !(f->comment = strdup("")))
		return -ENOMEM;
	return 0;
}

int sq_feedback_put(struct store *base, const struct store_feedback *f, const struct store_rater *rater,
		    bool *created)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	sqlite3_stmt *st = s->fb[SQ_FB_EXISTS];
	sq_bind_text(st, 1, f->room);
	sqlite3_bind_int64(st, 2, f->from_user);
	r = sq_one_row(s, st, NULL, NULL, "feedback exists");
	if (r && r != -ENOENT) {
		r = sq_end(s, r);
		goto out;
	}
	*created = r == -ENOENT;
	st = s->fb[SQ_FB_PUT];
	sq_bind_text(st, 1, f->room);
	sqlite3_bind_int64(st, 2, f->from_user);
	sqlite3_bind_int64(st, 3, f->to_user);
	for (int i = 0; i < STORE_FEEDBACK_SCORES; i++)
		sqlite3_bind_int(st, 4 + i, f->scores[i]);
	sq_bind_text(st, 8, f->comment ? f->comment : "");
	sqlite3_bind_int64(st, 9, f->updated_ms);
	r = sq_exec(s, st, "feedback put");
	/* The recipient's ratings count the feedback of each session. */
	if (!r)
		r = sq_rating_recompute_locked(s, f->to_user, rater);
	r = sq_end(s, r);
	if (r)
		*created = false;
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_feedback_of_room(struct store *base, const char *room, struct store_feedback out[2], size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->fb[SQ_FB_ROOM];
	sq_bind_text(st, 1, room);
	int rc, r = 0;
	while (*n < 2 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((r = feedback_from(st, &out[(*n)++])))
			break;
	if (!r && *n < 2 && rc != SQLITE_DONE)
		r = sq_fail(s, "feedback of room");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (r) {
		for (size_t i = 0; i < *n; i++)
			store_feedback_release(&out[i]);
		*n = 0;
	}
	return r;
}

int sq_feedback_received(struct store *base, int64_t user_id, int64_t closed_before_ms, size_t offset, size_t limit,
			 struct store_feedback **rows, size_t *n, size_t *total, struct store_feedback_avg *avg)
{
	struct sq_store *s = sq_of(base);
	struct store_feedback *v = NULL;
	size_t got = 0;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->fb[SQ_FB_RECEIVED_AGG];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, closed_before_ms);
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		*total = avg->count = (size_t)sqlite3_column_int64(st, 0);
		for (int i = 0; i < STORE_FEEDBACK_SCORES; i++)
			avg->scores[i] = sqlite3_column_double(st, 1 + i);
	} else {
		r = sq_fail(s, "feedback received count");
	}
	sq_done_with(st);
	size_t want = store_page_rows(*total, offset, limit);
	if (!r && want && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	if (!r && want) {
		st = s->fb[SQ_FB_RECEIVED];
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_int64(st, 2, closed_before_ms);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)want);
		sqlite3_bind_int64(st, 4, offset > INT64_MAX ? INT64_MAX : (sqlite3_int64)offset);
		while (got < want && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_feedback *f = &v[got];
			if ((r = feedback_from(st, f)))
				break;
			got++;
			sq_column_copy(st, FB_NCOLS, f->problem, sizeof(f->problem));
			sq_column_copy(st, FB_NCOLS + 1, f->language, sizeof(f->language));
			sq_column_copy(st, FB_NCOLS + 2, f->difficulty, sizeof(f->difficulty));
			f->room_ended_ms = sqlite3_column_int64(st, FB_NCOLS + 3);
			sq_column_copy(st, FB_NCOLS + 4, f->from_username, sizeof(f->from_username));
			sq_column_copy(st, FB_NCOLS + 5, f->from_display, sizeof(f->from_display));
		}
		if (!r && got < want && rc != SQLITE_DONE)
			r = sq_fail(s, "feedback received");
		sq_done_with(st);
	}
	pthread_mutex_unlock(&s->lock);
	return store_feedback_out(r, v, got, avg, rows, n, total);
}

int sq_ratings_user_delete(struct sq_store *s, int64_t user_id)
{
	static const enum sq_fb_stmt gone[] = { SQ_FB_USER_TO_DELETE, SQ_FB_USER_RATINGS_DELETE,
						 SQ_FB_USER_GAMES_DELETE };
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		sqlite3_bind_int64(s->fb[gone[i]], 1, user_id);
		int r = sq_exec(s, s->fb[gone[i]], "delete the user's ratings");
		if (r)
			return r;
	}
	return 0;
}
