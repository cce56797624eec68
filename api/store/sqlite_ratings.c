/* sqlite_ratings.c - the SQLite driver's ratings (store_ratings.h): the
 * schema of feedback, games, ratings and the boards (one migration), the
 * rating queue, a room's games, recomputes through the caller's rater,
 * and the leaderboards. Feedback's own statements: sqlite_feedback.c. */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A member's rating joins (+1) or leaves (-1) the groups it counts in:
 * everyone's (organisation '') and its organisation's, in its language. */
#define GROUP_JOIN(row, org_cond)                                                                              \
	"  INSERT INTO rating_groups (organisation, language, members, rating_sum, mean)"                        \
	"    SELECT " org_cond ", " row ".language, 1, " row ".rating, " row ".rating WHERE " org_cond " IS NOT NULL" \
	"    ON CONFLICT(organisation, language) DO UPDATE SET members = members + 1,"                           \
	"    rating_sum = rating_sum + excluded.rating_sum, mean = (rating_sum + excluded.rating_sum) / (members + 1);"
#define GROUPS_JOIN(row)                                                                                       \
	GROUP_JOIN(row, "''") GROUP_JOIN(row, "nullif(" row ".organisation, '')")
#define GROUPS_LEAVE(row)                                                                                      \
	"  UPDATE rating_groups SET members = members - 1, rating_sum = rating_sum - " row ".rating,"             \
	"    mean = CASE WHEN members > 1 THEN (rating_sum - " row ".rating) / (members - 1) ELSE 0 END"            \
	"    WHERE language = " row ".language AND (organisation = ''"                                           \
	"      OR (" row ".organisation <> '' AND organisation = " row ".organisation));"                         \
	"  DELETE FROM rating_groups WHERE members <= 0;"

/* The schema, one migration of sqlite.c's list.
 *
 * feedback: one row per (room, giver). rating_queue: rooms ended and not
 * yet rated, filled by triggers in the very transaction that marks a room
 * ended (and, once, with every room already ended). rating_games: a
 * user's sessions in order by their key; the figures after each are the
 * history.
 *
 * user_ratings: language '' is the overall rating. Each row carries its
 * user's organisation (kept by the trigger on users; '' for none and for
 * a deleted account), so that a board, whole or one organisation's, is a
 * range of a covering index in rating order: a page is found without
 * touching the rows it skips. rating_groups: for everyone (organisation
 * '') and each organisation (case-blind), per language, the members and
 * the sum of their ratings, kept by triggers as ratings are written,
 * change, move with their user or go: a board's count is one row, and
 * the organisations' ranking an index in mean order. users.rating follows
 * the overall rating once there is one: a profile write that carries an
 * older value is put right by the last trigger.
 *
 * Safe to run again (IF NOT EXISTS, OR IGNORE): test_dashboard_store
 * re-runs every migration after the dashboard's. */
const char sq_ratings_migration[] =
	"CREATE TABLE IF NOT EXISTS feedback ("
	"  room_id TEXT NOT NULL,"
	"  from_user INTEGER NOT NULL,"
	"  to_user INTEGER NOT NULL,"
	"  communication INTEGER NOT NULL,"
	"  problem_solving INTEGER NOT NULL,"
	"  code_quality INTEGER NOT NULL,"
	"  collaboration INTEGER NOT NULL,"
	"  comment TEXT NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  updated_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (room_id, from_user)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS feedback_to ON feedback(to_user, created_ms);"
	"CREATE TABLE IF NOT EXISTS rating_queue ("
	"  room_id TEXT PRIMARY KEY NOT NULL,"
	"  ended_ms INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS rating_queue_order ON rating_queue(ended_ms, room_id);"
	"CREATE TRIGGER IF NOT EXISTS rooms_ended_rate AFTER UPDATE OF ended_ms ON rooms"
	"  WHEN old.ended_ms = 0 AND new.ended_ms > 0 BEGIN"
	"  INSERT OR IGNORE INTO rating_queue (room_id, ended_ms) VALUES (new.id, new.ended_ms); END;"
	"CREATE TRIGGER IF NOT EXISTS rooms_born_ended_rate AFTER INSERT ON rooms WHEN new.ended_ms > 0 BEGIN"
	"  INSERT OR IGNORE INTO rating_queue (room_id, ended_ms) VALUES (new.id, new.ended_ms); END;"
	"INSERT OR IGNORE INTO rating_queue (room_id, ended_ms) SELECT id, ended_ms FROM rooms WHERE ended_ms > 0;"
	"CREATE INDEX IF NOT EXISTS rooms_open ON rooms(start_ms) WHERE ended_ms = 0;"
	"CREATE TABLE IF NOT EXISTS rating_games ("
	"  user_id INTEGER NOT NULL,"
	"  ended_ms INTEGER NOT NULL,"
	"  room_id TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  difficulty TEXT NOT NULL,"
	"  tests REAL NOT NULL,"
	"  score REAL, rating REAL, rd REAL, volatility REAL,"
	"  lang_rating REAL, lang_rd REAL, lang_volatility REAL,"
	"  PRIMARY KEY (user_id, ended_ms, room_id)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS user_ratings ("
	"  user_id INTEGER NOT NULL,"
	"  language TEXT NOT NULL,"
	"  organisation TEXT NOT NULL COLLATE NOCASE,"
	"  rating REAL NOT NULL,"
	"  rd REAL NOT NULL,"
	"  volatility REAL NOT NULL,"
	"  games INTEGER NOT NULL,"
	"  seed REAL NOT NULL,"
	"  updated_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, language)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS user_ratings_board ON user_ratings(language, rating DESC, rd, user_id);"
	"CREATE INDEX IF NOT EXISTS user_ratings_org_board ON user_ratings(organisation, language, rating DESC, rd, user_id);"
	"CREATE TABLE IF NOT EXISTS rating_groups ("
	"  organisation TEXT NOT NULL COLLATE NOCASE,"
	"  language TEXT NOT NULL,"
	"  members INTEGER NOT NULL,"
	"  rating_sum REAL NOT NULL,"
	"  mean REAL NOT NULL,"
	"  PRIMARY KEY (organisation, language)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS rating_groups_rank ON rating_groups(language, mean DESC, members DESC, organisation);"
	"CREATE TRIGGER IF NOT EXISTS rating_groups_in AFTER INSERT ON user_ratings BEGIN" GROUPS_JOIN("new") " END;"
	"CREATE TRIGGER IF NOT EXISTS rating_groups_out AFTER DELETE ON user_ratings BEGIN" GROUPS_LEAVE("old") " END;"
	"CREATE TRIGGER IF NOT EXISTS rating_groups_moved AFTER UPDATE OF rating, organisation ON user_ratings"
	"  WHEN new.rating IS NOT old.rating OR new.organisation IS NOT old.organisation BEGIN"
	GROUPS_LEAVE("old") GROUPS_JOIN("new") " END;"
	"CREATE TRIGGER IF NOT EXISTS users_ratings_organisation AFTER UPDATE OF organisation, deleted_at_ms ON users"
	"  WHEN old.organisation IS NOT new.organisation OR old.deleted_at_ms IS NOT new.deleted_at_ms BEGIN"
	"  UPDATE user_ratings SET organisation = CASE WHEN new.deleted_at_ms = 0 THEN new.organisation ELSE '' END"
	"    WHERE user_id = new.id;"
	"  END;"
	"CREATE TRIGGER IF NOT EXISTS users_rating_played AFTER UPDATE OF rating ON users"
	"  WHEN EXISTS (SELECT 1 FROM user_ratings WHERE user_id = new.id AND language = ''"
	"    AND CAST(round(rating) AS INTEGER) <> new.rating) BEGIN"
	"  UPDATE users SET rating = (SELECT CAST(round(rating) AS INTEGER) FROM user_ratings"
	"    WHERE user_id = new.id AND language = '') WHERE id = new.id;"
	"  END;";

#define RATING_COLS "user_id, language, rating, rd, volatility, games, seed, updated_ms"
#define GAME_COLS "g.room_id, g.language, g.difficulty, g.ended_ms, g.tests"
/* The mean of the four scores the user received in the game's room. */
#define GAME_FEEDBACK "(SELECT avg((f.communication + f.problem_solving + f.code_quality + f.collaboration) / 4.0)" \
		      " FROM feedback f WHERE f.room_id = g.room_id AND f.to_user = g.user_id)"
#define BOARD_COLS "r.user_id, coalesce(u.username, ''), u.display_name, u.organisation, r.rating, r.rd," \
		   " r.volatility, r.games, r.updated_ms"
/* A page of a board: the users found (and the rows skipped) in the
 * covering index alone, then their rows. */
#define BOARD_PAGE(where) "SELECT " BOARD_COLS " FROM (SELECT user_id FROM user_ratings WHERE " where \
			  " ORDER BY rating DESC, rd, user_id LIMIT ?2 OFFSET ?3) p"                     \
			  " JOIN user_ratings r ON r.user_id = p.user_id AND r.language = ?1"             \
			  " JOIN users u ON u.id = r.user_id ORDER BY r.rating DESC, r.rd, r.user_id"

const char *const sq_rate_sql[SQ_RATE_N] = {
	[SQ_RATE_QUEUE_HEAD] = "SELECT room_id FROM rating_queue ORDER BY ended_ms, room_id LIMIT 1",
	[SQ_RATE_QUEUE_DONE] = "DELETE FROM rating_queue WHERE room_id = ?1",
	[SQ_RATE_ROOM] = "SELECT r.difficulty, r.language, r.ended_ms, m.user_id FROM rooms r"
			 " JOIN room_members m ON m.room_id = r.id WHERE r.id = ?1 ORDER BY m.slot",
	/* The log's kinds as the hub writes them (docs/realtime.md): a
	 * submit's result carries passed, total and language; a language
	 * row the room's new language. */
	[SQ_RATE_SUBMITS] = "SELECT json_extract(data, '$.passed'), json_extract(data, '$.total'),"
			    " json_extract(data, '$.language') FROM room_log"
			    " WHERE room_id = ?1 AND kind = 'submit-result' ORDER BY seq",
	[SQ_RATE_LAST_LANGUAGE] = "SELECT json_extract(data, '$.language') FROM room_log"
				  " WHERE room_id = ?1 AND kind = 'language' ORDER BY seq DESC LIMIT 1",
	[SQ_RATE_TOOK_PART] = "SELECT DISTINCT user_id FROM room_log WHERE room_id = ?1 AND user_id <> 0",
	[SQ_RATE_GAME_INSERT] = "INSERT OR IGNORE INTO rating_games (user_id, ended_ms, room_id, language, difficulty, tests)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* Where a replay starts: the seed kept with the user's ratings, else
	 * the rating the user's level gives now (users.rating before any
	 * session). NULL: no such live user. */
	[SQ_RATE_SEED] = "SELECT coalesce((SELECT seed FROM user_ratings WHERE user_id = ?1 AND language = ''), rating)"
			 " FROM users WHERE id = ?1 AND deleted_at_ms = 0",
	[SQ_RATE_GAMES] = "SELECT " GAME_COLS ", " GAME_FEEDBACK " FROM rating_games g WHERE g.user_id = ?1"
			  " ORDER BY g.ended_ms, g.room_id",
	[SQ_RATE_GAME_SET] = "UPDATE rating_games SET score = ?4, rating = ?5, rd = ?6, volatility = ?7,"
			     " lang_rating = ?8, lang_rd = ?9, lang_volatility = ?10"
			     " WHERE user_id = ?1 AND ended_ms = ?2 AND room_id = ?3",
	/* A new row takes its user's organisation; the trigger on users keeps it. */
	[SQ_RATE_PUT] = "INSERT INTO user_ratings (" RATING_COLS ", organisation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
			" (SELECT CASE WHEN deleted_at_ms = 0 THEN organisation ELSE '' END FROM users WHERE id = ?1))"
			" ON CONFLICT(user_id, language) DO UPDATE SET rating = excluded.rating, rd = excluded.rd,"
			" volatility = excluded.volatility, games = excluded.games, seed = excluded.seed,"
			" updated_ms = excluded.updated_ms",
	[SQ_RATE_USER_SET] = "UPDATE users SET rating = ?2 WHERE id = ?1 AND deleted_at_ms = 0",
	[SQ_RATE_GET] = "SELECT " RATING_COLS " FROM user_ratings WHERE user_id = ?1 AND language = ?2",
	[SQ_RATE_OF_USER] = "SELECT " RATING_COLS " FROM user_ratings WHERE user_id = ?1 ORDER BY language",
	[SQ_RATE_HISTORY] = "SELECT * FROM (SELECT " GAME_COLS ", " GAME_FEEDBACK ", coalesce(r.problem, ''), g.score,"
			    " g.rating, g.rd, g.volatility, g.lang_rating, g.lang_rd, g.lang_volatility"
			    " FROM rating_games g LEFT JOIN rooms r ON r.id = g.room_id WHERE g.user_id = ?1"
			    " ORDER BY g.ended_ms DESC, g.room_id DESC LIMIT ?2) ORDER BY 4, 1",
	/* start_ms 0: a room waiting for its second participant, no clock yet. */
	[SQ_RATE_OPEN] = "SELECT id FROM rooms WHERE ended_ms = 0 AND start_ms > 0 AND start_ms < ?1"
			 " ORDER BY start_ms LIMIT ?2",
	/* Deleted accounts have no ratings (store_user_delete removes them). */
	[SQ_RATE_BOARD] = BOARD_PAGE("language = ?1"),
	[SQ_RATE_BOARD_ORG] = BOARD_PAGE("organisation = ?4 AND language = ?1"),
	/* ?2: the organisation, '' for everyone. */
	[SQ_RATE_BOARD_COUNT] = "SELECT coalesce((SELECT members FROM rating_groups WHERE organisation = ?2"
				" AND language = ?1), 0)",
	[SQ_RATE_ORGS] = "SELECT organisation, members, mean FROM rating_groups WHERE language = ?4 AND organisation <> ''"
			 " AND members >= ?1 ORDER BY mean DESC, members DESC, organisation LIMIT ?2 OFFSET ?3",
	[SQ_RATE_ORGS_COUNT] = "SELECT count(*) FROM rating_groups WHERE language = ?2 AND organisation <> ''"
			       " AND members >= ?1",
};

static sqlite3_int64 limit_of(size_t n)
{
	return n > INT64_MAX ? INT64_MAX : (sqlite3_int64)n;
}

/* Every row of a bound statement into an array of size-byte elements,
 * each zeroed, then filled by row(st, element, its index, ctx) (lock
 * held). *out malloc'd; the statement reset. */
typedef void (*row_fn)(sqlite3_stmt *st, void *elem, size_t index, void *ctx);

static int read_rows(struct sq_store *s, sqlite3_stmt *st, size_t size, row_fn row, void *ctx, void **out,
		     size_t *n, const char *what)
{
	char *v = NULL;
	size_t cap = 0, got = 0;
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char *nv = ncap <= SIZE_MAX / size ? realloc(v, ncap * size) : NULL;
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		memset(v + got * size, 0, size);
		row(st, v + got * size, got, ctx);
		got++;
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, what);
	sq_done_with(st);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

/* read_rows under the lock, for the verbs that read and nothing else. */
static int read_locked(struct sq_store *s, sqlite3_stmt *st, size_t size, row_fn row, void *ctx, void **out,
		       size_t *n, const char *what)
{
	int r = read_rows(s, st, size, row, ctx, out, n, what);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* ---- recomputing ---- */

/* A game's row: GAME_COLS and GAME_FEEDBACK. */
static void game_row(sqlite3_stmt *st, void *elem, size_t index, void *ctx)
{
	struct store_rating_game *g = elem;
	(void)index;
	(void)ctx;
	sq_column_copy(st, 0, g->room, sizeof(g->room));
	sq_column_copy(st, 1, g->language, sizeof(g->language));
	sq_column_copy(st, 2, g->difficulty, sizeof(g->difficulty));
	g->ended_ms = sqlite3_column_int64(st, 3);
	g->tests = sqlite3_column_double(st, 4);
	g->feedback = sqlite3_column_double(st, 5);        /* NULL reads as 0: none */
}

static int read_games(struct sq_store *s, int64_t user_id, struct store_rating_game **out, size_t *n)
{
	sqlite3_stmt *st = s->rate[SQ_RATE_GAMES];
	sqlite3_bind_int64(st, 1, user_id);
	return read_rows(s, st, sizeof(**out), game_row, NULL, (void **)out, n, "rating games");
}

static int write_game(struct sq_store *s, int64_t user_id, const struct store_rating_game *g)
{
	sqlite3_stmt *st = s->rate[SQ_RATE_GAME_SET];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, g->ended_ms);
	sq_bind_text(st, 3, g->room);
	const double v[] = { g->score, g->rating, g->rd, g->volatility, g->lang_rating, g->lang_rd, g->lang_volatility };
	for (int i = 0; i < 7; i++)
		sqlite3_bind_double(st, 4 + i, v[i]);
	return sq_exec(s, st, "rating game set");
}

static int write_rating(struct sq_store *s, int64_t user_id, const struct store_rating *x)
{
	if (!isfinite(x->rating) || !isfinite(x->rd) || !isfinite(x->volatility))
		return -EINVAL;
	sqlite3_stmt *st = s->rate[SQ_RATE_PUT];
	sqlite3_bind_int64(st, 1, user_id);
	sq_bind_text(st, 2, x->language);
	sqlite3_bind_double(st, 3, x->rating);
	sqlite3_bind_double(st, 4, x->rd);
	sqlite3_bind_double(st, 5, x->volatility);
	sqlite3_bind_int64(st, 6, x->games);
	sqlite3_bind_double(st, 7, x->seed);
	sqlite3_bind_int64(st, 8, x->updated_ms);
	int r = sq_exec(s, st, "rating put");
	if (!r && !x->language[0]) {
		st = s->rate[SQ_RATE_USER_SET];
		sqlite3_bind_int64(st, 1, user_id);
		/* Half away from zero, as SQL's round() (the trigger's). */
		double half = x->rating < 0 ? -0.5 : 0.5;
		sqlite3_bind_int64(st, 2, (sqlite3_int64)(x->rating + half));
		r = sq_exec(s, st, "user rating");
	}
	return r;
}

/* sq_one_row's reader of one real. */
static int read_double(sqlite3_stmt *st, void *ctx)
{
	*(double *)ctx = sqlite3_column_double(st, 0);
	return 0;
}

int sq_rating_recompute_locked(struct sq_store *s, int64_t user_id, const struct store_rater *rater)
{
	sqlite3_stmt *st = s->rate[SQ_RATE_SEED];
	sqlite3_bind_int64(st, 1, user_id);
	double seed = 0;
	int r = sq_one_row(s, st, read_double, &seed, "rating seed");
	if (r)
		return r == -ENOENT ? 0 : r;  /* a deleted account: nothing to rate */
	struct store_rating_game *games = NULL;
	struct store_rating *ratings = NULL;
	size_t n = 0, nr = 0;
	r = read_games(s, user_id, &games, &n);
	if (!r && n)
		r = rater->rate(rater->ctx, seed, games, n, &ratings, &nr);
	for (size_t i = 0; !r && i < n; i++)
		r = write_game(s, user_id, &games[i]);
	for (size_t i = 0; !r && i < nr; i++)
		r = write_rating(s, user_id, &ratings[i]);
	free(games);
	free(ratings);
	return r;
}

static int sq_rating_recompute(struct store *base, int64_t user_id, const struct store_rater *rater)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r)
		r = sq_end(s, sq_rating_recompute_locked(s, user_id, rater));
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* ---- a room's games ---- */

/* Read what a room's games are made of (lock held): -ENOENT when the room
 * is gone. */
static int room_outcome(struct sq_store *s, const char *room, struct store_room_outcome *o)
{
	memset(o, 0, sizeof(*o));
	sqlite3_stmt *st = s->rate[SQ_RATE_ROOM];
	sq_bind_text(st, 1, room);
	int rc, k = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sq_column_copy(st, 0, o->difficulty, sizeof(o->difficulty));
		sq_column_copy(st, 1, o->language, sizeof(o->language));
		o->ended_ms = sqlite3_column_int64(st, 2);
		if (k < 2)
			o->users[k++] = sqlite3_column_int64(st, 3);
	}
	sq_done_with(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, "rating room");
	if (!k)
		return -ENOENT;
	/* The best submit (a later one on a tie) and its language. */
	char best_lang[STORE_ROOM_LANG_MAX + 1] = "";
	st = s->rate[SQ_RATE_SUBMITS];
	sq_bind_text(st, 1, room);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_rule_outcome_submit(o, sqlite3_column_double(st, 0), sqlite3_column_double(st, 1)))
			sq_column_copy(st, 2, best_lang, sizeof(best_lang));
	}
	sq_done_with(st);
	if (rc != SQLITE_DONE)
		return sq_fail(s, "rating submits");
	if (!best_lang[0]) {
		st = s->rate[SQ_RATE_LAST_LANGUAGE];
		sq_bind_text(st, 1, room);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			sq_column_copy(st, 0, best_lang, sizeof(best_lang));
		sq_done_with(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return sq_fail(s, "rating language");
	}
	if (best_lang[0])
		str_copy(o->language, sizeof(o->language), best_lang);
	st = s->rate[SQ_RATE_TOOK_PART];
	sq_bind_text(st, 1, room);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_rule_outcome_took_part(o, sqlite3_column_int64(st, 0));
	sq_done_with(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(s, "rating took part");
}

/* Record room's games and recompute their players (lock held, in a
 * transaction). */
static int rate_room(struct sq_store *s, const char *room, const struct store_rater *rater)
{
	struct store_room_outcome o;
	int r = room_outcome(s, room, &o);
	if (r == -ENOENT)
		return 0;                  /* nothing left to rate */
	for (int i = 0; !r && i < 2; i++) {
		if (!o.took_part[i])
			continue;
		/* A deleted account keeps no games (store_user_delete took them). */
		sqlite3_stmt *st = s->user[SQ_USER_EXISTS];
		sqlite3_bind_int64(st, 1, o.users[i]);
		if ((r = sq_one_row(s, st, NULL, NULL, "rating player"))) {
			if (r != -ENOENT)
				break;
			r = 0;
			continue;
		}
		st = s->rate[SQ_RATE_GAME_INSERT];
		sqlite3_bind_int64(st, 1, o.users[i]);
		sqlite3_bind_int64(st, 2, o.ended_ms);
		sq_bind_text(st, 3, room);
		sq_bind_text(st, 4, o.language);
		sq_bind_text(st, 5, o.difficulty);
		sqlite3_bind_double(st, 6, o.tests);
		if (!(r = sq_exec(s, st, "rating game insert")))
			r = sq_rating_recompute_locked(s, o.users[i], rater);
	}
	return r;
}

/* sq_one_row's reader of a room's id into char[STORE_ROOM_ID_LEN + 1]. */
static int read_room_id(sqlite3_stmt *st, void *ctx)
{
	sq_column_copy(st, 0, ctx, STORE_ROOM_ID_LEN + 1);
	return 0;
}

static int sq_rating_next(struct store *base, const struct store_rater *rater, char room[STORE_ROOM_ID_LEN + 1])
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	sqlite3_stmt *st = s->rate[SQ_RATE_QUEUE_HEAD];
	if ((r = sq_one_row(s, st, read_room_id, room, "rating queue"))) {
		r = sq_end(s, r == -ENOENT ? 0 : r);
		goto out;
	}
	r = rate_room(s, room, rater);
	if (!r) {
		st = s->rate[SQ_RATE_QUEUE_DONE];
		sq_bind_text(st, 1, room);
		r = sq_exec(s, st, "rating queue done");
	}
	r = sq_end(s, r);
	if (!r)
		r = 1;
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

static void open_row(sqlite3_stmt *st, void *elem, size_t index, void *ctx)
{
	(void)index;
	(void)ctx;
	sq_column_copy(st, 0, elem, STORE_ROOM_ID_LEN + 1);
}

static int sq_rooms_open(struct store *base, int64_t started_ms, size_t limit, char (**ids)[STORE_ROOM_ID_LEN + 1],
			 size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->rate[SQ_RATE_OPEN];
	sqlite3_bind_int64(st, 1, started_ms);
	sqlite3_bind_int64(st, 2, limit_of(limit));
	return read_locked(s, st, sizeof(**ids), open_row, NULL, (void **)ids, n, "rooms open");
}

/* ---- reading ratings ---- */

static void rating_row(sqlite3_stmt *st, void *elem, size_t index, void *ctx)
{
	struct store_rating *x = elem;
	(void)index;
	(void)ctx;
	x->user_id = sqlite3_column_int64(st, 0);
	sq_column_copy(st, 1, x->language, sizeof(x->language));
	x->rating = sqlite3_column_double(st, 2);
	x->rd = sqlite3_column_double(st, 3);
	x->volatility = sqlite3_column_double(st, 4);
	x->games = (unsigned)sqlite3_column_int64(st, 5);
	x->seed = sqlite3_column_double(st, 6);
	x->updated_ms = sqlite3_column_int64(st, 7);
}

static int read_rating(sqlite3_stmt *st, void *ctx)
{
	rating_row(st, ctx, 0, NULL);
	return 0;
}

static int sq_rating_get(struct store *base, int64_t user_id, const char *language, struct store_rating *out)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->rate[SQ_RATE_GET];
	sqlite3_bind_int64(st, 1, user_id);
	sq_bind_text(st, 2, language);
	int r = sq_one_row(s, st, read_rating, out, "rating get");
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_ratings_of_user(struct store *base, int64_t user_id, struct store_rating **out, size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->rate[SQ_RATE_OF_USER];
	sqlite3_bind_int64(st, 1, user_id);
	return read_locked(s, st, sizeof(**out), rating_row, NULL, (void **)out, n, "ratings of user");
}

/* A history row: a game's, its problem, and the figures after it. */
static void history_row(sqlite3_stmt *st, void *elem, size_t index, void *ctx)
{
	struct store_rating_game *g = elem;
	game_row(st, g, index, ctx);
	sq_column_copy(st, 6, g->problem, sizeof(g->problem));
	double *figures[] = { &g->score, &g->rating, &g->rd, &g->volatility, &g->lang_rating, &g->lang_rd,
			      &g->lang_volatility };
	for (int i = 0; i < 7; i++)
		*figures[i] = sqlite3_column_double(st, 7 + i);
}

static int sq_rating_history(struct store *base, int64_t user_id, size_t limit, struct store_rating_game **out,
			     size_t *n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->rate[SQ_RATE_HISTORY];
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, limit_of(limit));
	return read_locked(s, st, sizeof(**out), history_row, NULL, (void **)out, n, "rating history");
}

/* ---- the boards ---- */

/* A board's row; ctx: the page's offset (the rank). */
static void board_row(sqlite3_stmt *st, void *elem, size_t index, void *ctx)
{
	struct store_board_row *x = elem;
	x->rank = *(const size_t *)ctx + index + 1;
	x->user_id = sqlite3_column_int64(st, 0);
	sq_column_copy(st, 1, x->username, sizeof(x->username));
	sq_column_copy(st, 2, x->display_name, sizeof(x->display_name));
	sq_column_copy(st, 3, x->organisation, sizeof(x->organisation));
	x->rating = sqlite3_column_double(st, 4);
	x->rd = sqlite3_column_double(st, 5);
	x->volatility = sqlite3_column_double(st, 6);
	x->games = (unsigned)sqlite3_column_int64(st, 7);
	x->updated_ms = sqlite3_column_int64(st, 8);
}

static int sq_board(struct store *base, const char *language, const char *organisation, size_t offset,
		    size_t limit, struct store_board_row **rows, size_t *n, size_t *total)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->rate[SQ_RATE_BOARD_COUNT];
	sq_bind_text(st, 1, language);
	sq_bind_text(st, 2, organisation ? organisation : "");
	int r = sq_one_count(s, st, total, "board count");
	if (r) {
		pthread_mutex_unlock(&s->lock);
		return r;
	}
	st = s->rate[organisation ? SQ_RATE_BOARD_ORG : SQ_RATE_BOARD];
	sq_bind_text(st, 1, language);
	sqlite3_bind_int64(st, 2, limit_of(limit));
	sqlite3_bind_int64(st, 3, limit_of(offset));
	if (organisation)
		sq_bind_text(st, 4, organisation);
	return read_locked(s, st, sizeof(**rows), board_row, &offset, (void **)rows, n, "board");
}

static void org_row(sqlite3_stmt *st, void *elem, size_t index, void *ctx)
{
	struct store_org_row *x = elem;
	x->rank = *(const size_t *)ctx + index + 1;
	sq_column_copy(st, 0, x->organisation, sizeof(x->organisation));
	x->members = (size_t)sqlite3_column_int64(st, 1);
	x->mean = sqlite3_column_double(st, 2);
}

static int sq_org_board(struct store *base, const char *language, size_t min_members, size_t offset, size_t limit,
			struct store_org_row **rows, size_t *n, size_t *total)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->rate[SQ_RATE_ORGS_COUNT];
	sqlite3_bind_int64(st, 1, limit_of(min_members));
	sq_bind_text(st, 2, language);
	int r = sq_one_count(s, st, total, "organisations count");
	if (r) {
		pthread_mutex_unlock(&s->lock);
		return r;
	}
	st = s->rate[SQ_RATE_ORGS];
	sqlite3_bind_int64(st, 1, limit_of(min_members));
	sqlite3_bind_int64(st, 2, limit_of(limit));
	sqlite3_bind_int64(st, 3, limit_of(offset));
	sq_bind_text(st, 4, language);
	return read_locked(s, st, sizeof(**rows), org_row, &offset, (void **)rows, n, "organisations");
}

const struct store_rating_ops sq_rating_ops = {
	.feedback_put = sq_feedback_put,
	.feedback_of_room = sq_feedback_of_room,
	.feedback_received = sq_feedback_received,
	.next = sq_rating_next,
	.recompute = sq_rating_recompute,
	.rooms_open = sq_rooms_open,
	.get = sq_rating_get,
	.of_user = sq_ratings_of_user,
	.history = sq_rating_history,
	.board = sq_board,
	.org_board = sq_org_board,
};
