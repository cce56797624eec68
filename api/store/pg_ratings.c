/* pg_ratings.c - the PostgreSQL driver's ratings (store_ratings.h), as
 * sqlite_ratings.c: the schema of feedback, games, ratings and the boards
 * (one family), the rating queue, a room's games, recomputes through the
 * caller's rater, and the leaderboards. Feedback's own statements:
 * pg_feedback.c.
 *
 * Several API nodes share the database and each runs api/ratings.c's
 * thread, so two of them work the rating queue at once. What keeps every
 * game counted once and none lost:
 *
 *   - store_rating_next() takes the queue's oldest room that no other
 *     transaction holds (FOR UPDATE SKIP LOCKED) and deletes it in the
 *     transaction that records its games: a room is rated by one node,
 *     once; a node that fails rolls back and leaves it for the next. A
 *     room ends once (its mark writes ended_ms only while it is 0, and
 *     the trigger queues only that change), and a game's key is (user,
 *     end, room): even a room queued again would add no game.
 *   - A user's ratings are a function of all their games and the
 *     feedback they received, so two transactions that each add one game
 *     of the same user and recompute would each miss the other's, and
 *     the later write would drop a game from the ratings. Every write of
 *     a user's inputs or ratings (a room's games, a feedback put, a
 *     repair) therefore first locks the user's row (FOR NO KEY UPDATE:
 *     it conflicts with itself and with profile updates, not with rows
 *     that merely refer to the user), all of a room's players at once in
 *     id order, then writes, then reads the games afresh (READ
 *     COMMITTED: a statement sees what committed before it). The second
 *     transaction waits for the first and recomputes from both games.
 *     Row locks rather than advisory ones: they also answer whether the
 *     account is live, and a profile write waits for them by itself.
 *   - The boards' aggregate (rating_groups) is written by triggers in
 *     these same transactions; a language's groups are always taken
 *     everyone's ('') first, then the organisation's, and languages in
 *     byte order (ratings are written sorted, the users trigger and a
 *     deletion walk them sorted), so two transactions never wait for
 *     each other in a cycle. A deadlock PostgreSQL still reports
 *     (-EAGAIN) is retried (pg_room_tx).
 *
 * Text that orders (room ids, languages) is COLLATE "C": byte order, as
 * SQLite's, whatever the database's locale. Organisations compare
 * case-blind in ASCII as SQLite's NOCASE: org_key is lower() under "C". */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema, in one step. rating_queue: rooms ended and not yet rated,
 * filled by triggers on rooms in the very transaction that marks a room
 * ended (and, once, with every room already ended). rating_games: a
 * user's sessions in order by their key; the figures after each are the
 * history. user_ratings: language '' is the overall rating; each row
 * carries its user's organisation (kept by the trigger on users; '' for
 * none and for a deleted account) so a board, whole or one
 * organisation's, is a range of an index in rating order. rating_groups:
 * for everyone (org_key '') and each organisation, per language, the
 * members and the sum of their ratings, kept by the triggers on
 * user_ratings. users.rating follows the overall rating once there is
 * one: a profile write that carries an older value is put right before
 * it is stored. */
static const char *const steps[] = {
	"CREATE TABLE feedback ("
	"  room_id text COLLATE \"C\" NOT NULL,"
	"  from_user bigint NOT NULL,"
	"  to_user bigint NOT NULL,"
	"  communication integer NOT NULL,"
	"  problem_solving integer NOT NULL,"
	"  code_quality integer NOT NULL,"
	"  collaboration integer NOT NULL,"
	"  comment text NOT NULL,"
	"  created_ms bigint NOT NULL,"
	"  updated_ms bigint NOT NULL,"
	"  PRIMARY KEY (room_id, from_user));"
	"CREATE INDEX feedback_to ON feedback(to_user, created_ms);"
	"CREATE TABLE rating_queue ("
	"  room_id text COLLATE \"C\" PRIMARY KEY,"
	"  ended_ms bigint NOT NULL);"
	"CREATE INDEX rating_queue_order ON rating_queue(ended_ms, room_id);"
	"CREATE FUNCTION pairbox_room_ended_rate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	"  INSERT INTO rating_queue (room_id, ended_ms) VALUES (NEW.id, NEW.ended_ms) ON CONFLICT DO NOTHING;"
	"  RETURN NULL; END $$;"
	"CREATE TRIGGER rooms_ended_rate AFTER UPDATE OF ended_ms ON rooms FOR EACH ROW"
	"  WHEN (OLD.ended_ms = 0 AND NEW.ended_ms > 0) EXECUTE FUNCTION pairbox_room_ended_rate();"
	"CREATE TRIGGER rooms_born_ended_rate AFTER INSERT ON rooms FOR EACH ROW"
	"  WHEN (NEW.ended_ms > 0) EXECUTE FUNCTION pairbox_room_ended_rate();"
	"INSERT INTO rating_queue (room_id, ended_ms) SELECT id, ended_ms FROM rooms WHERE ended_ms > 0"
	"  ON CONFLICT DO NOTHING;"
	"CREATE INDEX IF NOT EXISTS rooms_open ON rooms(start_ms) WHERE ended_ms = 0;"
	"CREATE TABLE rating_games ("
	"  user_id bigint NOT NULL,"
	"  ended_ms bigint NOT NULL,"
	"  room_id text COLLATE \"C\" NOT NULL,"
	"  language text COLLATE \"C\" NOT NULL,"
	"  difficulty text NOT NULL,"
	"  tests double precision NOT NULL,"
	"  score double precision, rating double precision, rd double precision, volatility double precision,"
	"  lang_rating double precision, lang_rd double precision, lang_volatility double precision,"
	"  PRIMARY KEY (user_id, ended_ms, room_id));"
	"CREATE TABLE user_ratings ("
	"  user_id bigint NOT NULL,"
	"  language text COLLATE \"C\" NOT NULL,"
	"  organisation text NOT NULL,"
	"  org_key text COLLATE \"C\" GENERATED ALWAYS AS (lower(organisation COLLATE \"C\")) STORED,"
	"  rating double precision NOT NULL,"
	"  rd double precision NOT NULL,"
	"  volatility double precision NOT NULL,"
	"  games integer NOT NULL,"
	"  seed double precision NOT NULL,"
	"  updated_ms bigint NOT NULL,"
	"  PRIMARY KEY (user_id, language));"
	"CREATE INDEX user_ratings_board ON user_ratings(language, rating DESC, rd, user_id);"
	"CREATE INDEX user_ratings_org_board ON user_ratings(org_key, language, rating DESC, rd, user_id);"
	"CREATE TABLE rating_groups ("
	"  org_key text COLLATE \"C\" NOT NULL,"
	"  language text COLLATE \"C\" NOT NULL,"
	"  organisation text NOT NULL,"           /* as the group's first member spelt it */
	"  members bigint NOT NULL,"
	"  rating_sum double precision NOT NULL,"
	"  mean double precision NOT NULL,"
	"  PRIMARY KEY (org_key, language));"
	"CREATE INDEX rating_groups_rank ON rating_groups(language, mean DESC, members DESC, org_key);"
	/* One member joins (j) or leaves a group with rating v. */
	"CREATE FUNCTION pairbox_rating_group(k text, o text, lang text, j boolean, v double precision) RETURNS void"
	"  LANGUAGE plpgsql AS $$ BEGIN"
	"  IF j THEN"
	"    INSERT INTO rating_groups AS g (org_key, language, organisation, members, rating_sum, mean)"
	"      VALUES (k, lang, o, 1, v, v) ON CONFLICT (org_key, language) DO UPDATE SET members = g.members + 1,"
	"      rating_sum = g.rating_sum + v, mean = (g.rating_sum + v) / (g.members + 1);"
	"  ELSE"
	"    UPDATE rating_groups SET members = members - 1, rating_sum = rating_sum - v,"
	"      mean = CASE WHEN members > 1 THEN (rating_sum - v) / (members - 1) ELSE 0 END"
	"      WHERE org_key = k AND language = lang;"
	"    DELETE FROM rating_groups WHERE org_key = k AND language = lang AND members <= 0;"
	"  END IF; END $$;"
	/* Everyone's group before the organisation's (see the top of the file). */
	"CREATE FUNCTION pairbox_user_ratings_groups() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
	"  IF TG_OP <> 'INSERT' THEN"
	"    PERFORM pairbox_rating_group('', '', OLD.language, false, OLD.rating);"
	"    IF OLD.org_key <> '' THEN"
	"      PERFORM pairbox_rating_group(OLD.org_key, OLD.organisation, OLD.language, false, OLD.rating);"
	"    END IF;"
	"  END IF;"
	"  IF TG_OP <> 'DELETE' THEN"
	"    PERFORM pairbox_rating_group('', '', NEW.language, true, NEW.rating);"
	"    IF NEW.org_key <> '' THEN"
	"      PERFORM pairbox_rating_group(NEW.org_key, NEW.organisation, NEW.language, true, NEW.rating);"
	"    END IF;"
	"  END IF;"
	"  RETURN NULL; END $$;"
	"CREATE TRIGGER rating_groups_in AFTER INSERT ON user_ratings FOR EACH ROW"
	"  EXECUTE FUNCTION pairbox_user_ratings_groups();"
	"CREATE TRIGGER rating_groups_out AFTER DELETE ON user_ratings FOR EACH ROW"
	"  EXECUTE FUNCTION pairbox_user_ratings_groups();"
	"CREATE TRIGGER rating_groups_moved AFTER UPDATE OF rating, organisation ON user_ratings FOR EACH ROW"
	"  WHEN (NEW.rating IS DISTINCT FROM OLD.rating OR NEW.org_key IS DISTINCT FROM OLD.org_key)"
	"  EXECUTE FUNCTION pairbox_user_ratings_groups();"
	/* A user's rows one language at a time, in order (the groups' order). */
	"CREATE FUNCTION pairbox_users_ratings_organisation() RETURNS trigger LANGUAGE plpgsql AS $$"
	"  DECLARE lang text; BEGIN"
	"  FOR lang IN SELECT language FROM user_ratings WHERE user_id = NEW.id ORDER BY language LOOP"
	"    UPDATE user_ratings SET organisation = CASE WHEN NEW.deleted_at_ms = 0 THEN NEW.organisation ELSE '' END"
	"      WHERE user_id = NEW.id AND language = lang;"
	"  END LOOP;"
	"  RETURN NULL; END $$;"
	"CREATE TRIGGER users_ratings_organisation AFTER UPDATE OF organisation, deleted_at_ms ON users FOR EACH ROW"
	"  WHEN (OLD.organisation IS DISTINCT FROM NEW.organisation"
	"    OR OLD.deleted_at_ms IS DISTINCT FROM NEW.deleted_at_ms)"
	"  EXECUTE FUNCTION pairbox_users_ratings_organisation();"
	/* Rounded half away from zero (numeric's round), as the C code does. */
	"CREATE FUNCTION pairbox_users_rating_played() RETURNS trigger LANGUAGE plpgsql AS $$"
	"  DECLARE r double precision; BEGIN"
	"  SELECT rating INTO r FROM user_ratings WHERE user_id = NEW.id AND language = '';"
	"  IF FOUND THEN NEW.rating := round(r::numeric); END IF;"
	"  RETURN NEW; END $$;"
	"CREATE TRIGGER users_rating_played BEFORE UPDATE OF rating ON users FOR EACH ROW"
	"  EXECUTE FUNCTION pairbox_users_rating_played();",
};
const struct pg_family pg_family_ratings = { "ratings", steps, sizeof(steps) / sizeof(steps[0]) };

#define RATING_COLS "user_id, language, rating, rd, volatility, games, seed, updated_ms"
#define GAME_COLS "g.room_id, g.language, g.difficulty, g.ended_ms, g.tests"
/* The mean of the four scores the user received in the game's room. */
#define GAME_FEEDBACK                                                                                              \
	"(SELECT avg((f.communication + f.problem_solving + f.code_quality + f.collaboration) / 4.0)::float8"    \
	" FROM feedback f WHERE f.room_id = g.room_id AND f.to_user = g.user_id)"
#define BOARD_COLS                                                                                                 \
	"r.user_id, coalesce(u.username, ''), u.display_name, u.organisation, r.rating, r.rd, r.volatility, r.games," \
	" r.updated_ms"
/* A page of a board: the users found (and the rows skipped) in the index,
 * then their rows. $1 language, $2 limit, $3 offset, $4 organisation. */
#define BOARD_PAGE(where)                                                                                          \
	"SELECT " BOARD_COLS " FROM (SELECT user_id FROM user_ratings WHERE " where                                 \
	" ORDER BY rating DESC, rd, user_id LIMIT $2 OFFSET $3) p"                                                  \
	" JOIN user_ratings r ON r.user_id = p.user_id AND r.language = $1"                                         \
	" JOIN users u ON u.id = r.user_id ORDER BY r.rating DESC, r.rd, r.user_id"
#define ORG_KEY(param) "lower(" param "::text COLLATE \"C\")"

/* ---- values ---- */

static const char *f64(char buf[32], double v)
{
	snprintf(buf, 32, "%.17g", v);    /* round-trips */
	return buf;
}

static double get_f64(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtod(PQgetvalue(r, row, col), NULL);
}

static int64_t limit_of(size_t n)
{
	return n > INT64_MAX ? INT64_MAX : (int64_t)n;
}

/* Every row of a query into an array of size-byte elements, each zeroed,
 * then filled by row(res, row, element, ctx). *out malloc'd (NULL for no
 * rows). */
typedef void (*row_fn)(const PGresult *res, int row, void *elem, void *ctx);

static int read_rows(PGconn *c, const char *what, const char *sql, int np, const char *const *p, size_t size,
		     row_fn row, void *ctx, void **out, size_t *n)
{
	int err;
	PGresult *res = pg_query(c, what, sql, np, p, &err);
	if (!res)
		return err;
	int nt = PQntuples(res);
	char *v = nt ? calloc((size_t)nt, size) : NULL;
	if (nt && !v) {
		PQclear(res);
		return -ENOMEM;
	}
	for (int i = 0; i < nt; i++)
		row(res, i, v + (size_t)i * size, ctx);
	PQclear(res);
	*out = v;
	*n = (size_t)nt;
	return 0;
}

/* read_rows on a connection of the pool, for the verbs that only read. */
static int read_pooled(struct store *base, const char *what, const char *sql, int np, const char *const *p,
		       size_t size, row_fn row, void *ctx, void **out, size_t *n)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = read_rows(c, what, sql, np, p, size, row, ctx, out, n);
	pg_put(s, c);
	return r;
}

/* ---- transactions and locks ---- */

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int pg_rating_lock_users(PGconn *c, const int64_t *users, size_t n, bool *live)
{
	if (n > 2)
		return -EINVAL;
	int64_t ids[2];
	memcpy(ids, users, n * sizeof(*ids));
	qsort(ids, n, sizeof(*ids), by_id);
	for (size_t i = 0; i < n; i++) {
		char ub[24];
		const char *p[] = { pg_i64(ub, ids[i]) };
		int err;
		PGresult *res = pg_query(c, "rating lock user",
					 "SELECT 1 FROM users WHERE id = $1 AND deleted_at_ms = 0 FOR NO KEY UPDATE", 1, p,
					 &err);
		if (!res)
			return err;
		for (size_t j = 0; live && j < n; j++)
			if (users[j] == ids[i])
				live[j] = PQntuples(res) == 1;
		PQclear(res);
	}
	return 0;
}

/* ---- recomputing ---- */

/* A game's row: GAME_COLS and GAME_FEEDBACK. */
static void game_row(const PGresult *res, int row, void *elem, void *ctx)
{
	struct store_rating_game *g = elem;
	(void)ctx;
	pg_get_copy(res, row, 0, g->room, sizeof(g->room));
	pg_get_copy(res, row, 1, g->language, sizeof(g->language));
	pg_get_copy(res, row, 2, g->difficulty, sizeof(g->difficulty));
	g->ended_ms = pg_get_i64(res, row, 3);
	g->tests = get_f64(res, row, 4);
	g->feedback = get_f64(res, row, 5);           /* NULL reads as 0: none */
}

static int write_game(PGconn *c, int64_t user_id, const struct store_rating_game *g)
{
	char b[10][32];
	const double v[] = { g->score,	     g->rating,	 g->rd,		     g->volatility,
			     g->lang_rating, g->lang_rd, g->lang_volatility };
	const char *p[10] = { pg_i64(b[0], user_id), pg_i64(b[1], g->ended_ms), g->room };
	for (int i = 0; i < 7; i++)
		p[3 + i] = f64(b[3 + i], v[i]);
	int r = pg_exec(c, "rating game set",
			"UPDATE rating_games SET score = $4, rating = $5, rd = $6, volatility = $7, lang_rating = $8,"
			" lang_rd = $9, lang_volatility = $10 WHERE user_id = $1 AND ended_ms = $2 AND room_id = $3",
			10, p);
	return r < 0 ? r : 0;
}

static int write_rating(PGconn *c, int64_t user_id, const struct store_rating *x)
{
	if (!isfinite(x->rating) || !isfinite(x->rd) || !isfinite(x->volatility) || !isfinite(x->seed))
		return -EINVAL;
	char b[8][32];
	const char *p[] = { pg_i64(b[0], user_id), x->language,	      f64(b[2], x->rating),
			    f64(b[3], x->rd),	   f64(b[4], x->volatility), pg_i64(b[5], x->games),
			    f64(b[6], x->seed),	   pg_i64(b[7], x->updated_ms) };
	/* A new row takes its user's organisation; the trigger on users keeps it. */
	int r = pg_exec(c, "rating put",
			"INSERT INTO user_ratings (" RATING_COLS ", organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
			" coalesce((SELECT CASE WHEN deleted_at_ms = 0 THEN organisation ELSE '' END FROM users"
			" WHERE id = $1), '')) ON CONFLICT (user_id, language) DO UPDATE SET rating = EXCLUDED.rating,"
			" rd = EXCLUDED.rd, volatility = EXCLUDED.volatility, games = EXCLUDED.games,"
			" seed = EXCLUDED.seed, updated_ms = EXCLUDED.updated_ms",
			8, p);
	if (r >= 0 && !x->language[0]) {
		/* Half away from zero, as numeric's round() (the trigger's). */
		double half = x->rating < 0 ? -0.5 : 0.5;
		const char *q[] = { p[0], pg_i64(b[2], (int64_t)(x->rating + half)) };
		r = pg_exec(c, "user rating", "UPDATE users SET rating = $2 WHERE id = $1 AND deleted_at_ms = 0", 2, q);
	}
	return r < 0 ? r : 0;
}

static int by_language(const void *a, const void *b)
{
	return strcmp(((const struct store_rating *)a)->language, ((const struct store_rating *)b)->language);
}

int pg_rating_recompute_locked(PGconn *c, int64_t user_id, const struct store_rater *rater)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id) };
	int err;
	/* Where a replay starts: the seed kept with the user's ratings, else
	 * the rating the user's level gives now. No row: no such live user. */
	PGresult *res = pg_query(c, "rating seed",
				 "SELECT coalesce((SELECT seed FROM user_ratings WHERE user_id = $1 AND language = ''),"
				 " rating) FROM users WHERE id = $1 AND deleted_at_ms = 0",
				 1, p, &err);
	if (!res)
		return err;
	bool live = PQntuples(res) == 1;
	double seed = live ? get_f64(res, 0, 0) : 0;
	PQclear(res);
	if (!live)
		return 0;                  /* a deleted account: nothing to rate */
	struct store_rating_game *games = NULL;
	struct store_rating *ratings = NULL;
	size_t n = 0, nr = 0;
	int r = read_rows(c, "rating games",
			  "SELECT " GAME_COLS ", " GAME_FEEDBACK " FROM rating_games g WHERE g.user_id = $1"
			  " ORDER BY g.ended_ms, g.room_id",
			  1, p, sizeof(*games), game_row, NULL, (void **)&games, &n);
	if (!r && n)
		r = rater->rate(rater->ctx, seed, games, n, &ratings, &nr);
	for (size_t i = 0; !r && i < n; i++)
		r = write_game(c, user_id, &games[i]);
	/* In language order: the boards' groups are locked in that order. */
	if (!r && nr > 1)
		qsort(ratings, nr, sizeof(*ratings), by_language);
	for (size_t i = 0; !r && i < nr; i++)
		r = write_rating(c, user_id, &ratings[i]);
	free(games);
	free(ratings);
	return r;
}

struct recompute {
	int64_t user_id;
	const struct store_rater *rater;
};

static int recompute_body(PGconn *c, void *ctx)
{
	struct recompute *a = ctx;
	int r = pg_rating_lock_users(c, &a->user_id, 1, NULL);
	return r ? r : pg_rating_recompute_locked(c, a->user_id, a->rater);
}

static int ratings_recompute(struct store *s, int64_t user_id, const struct store_rater *rater)
{
	struct recompute a = { user_id, rater };
	return pg_room_tx(pg_of(s), recompute_body, &a);
}

/* ---- a room's games ---- */

/* Read what a room's games are made of: -ENOENT when the room is gone. */
static int room_outcome(PGconn *c, const char *room, struct store_room_outcome *o)
{
	memset(o, 0, sizeof(*o));
	const char *p[] = { room };
	int err;
	PGresult *res = pg_query(c, "rating room",
				 "SELECT r.difficulty, r.language, r.ended_ms, m.user_id FROM rooms r"
				 " JOIN room_members m ON m.room_id = r.id WHERE r.id = $1 ORDER BY m.slot",
				 1, p, &err);
	if (!res)
		return err;
	int k = PQntuples(res);
	for (int i = 0; i < k; i++) {
		pg_get_copy(res, i, 0, o->difficulty, sizeof(o->difficulty));
		pg_get_copy(res, i, 1, o->language, sizeof(o->language));
		o->ended_ms = pg_get_i64(res, i, 2);
		if (i < 2)
			o->users[i] = pg_get_i64(res, i, 3);
	}
	PQclear(res);
	if (!k)
		return -ENOENT;
	/* The best submit (a later one on a tie) and its language: the log's
	 * kinds as the hub writes them (docs/realtime.md). */
	res = pg_query(c, "rating submits",
		       "SELECT CASE WHEN jsonb_typeof(d->'passed') = 'number' THEN (d->>'passed')::float8 END,"
		       " CASE WHEN jsonb_typeof(d->'total') = 'number' THEN (d->>'total')::float8 END, d->>'language'"
		       " FROM (SELECT data::jsonb AS d, seq FROM room_log"
		       " WHERE room_id = $1 AND kind = 'submit-result') x"
		       " ORDER BY seq",
		       1, p, &err);
	if (!res)
		return err;
	char best_lang[STORE_ROOM_LANG_MAX + 1] = "";
	for (int i = 0; i < PQntuples(res); i++) {
		if (store_rule_outcome_submit(o, get_f64(res, i, 0), get_f64(res, i, 1)))
			pg_get_copy(res, i, 2, best_lang, sizeof(best_lang));
	}
	PQclear(res);
	if (!best_lang[0]) {
		res = pg_query(c, "rating language",
			       "SELECT data::jsonb->>'language' FROM room_log WHERE room_id = $1 AND kind = 'language'"
			       " ORDER BY seq DESC LIMIT 1",
			       1, p, &err);
		if (!res)
			return err;
		if (PQntuples(res))
			pg_get_copy(res, 0, 0, best_lang, sizeof(best_lang));
		PQclear(res);
	}
	if (best_lang[0])
		str_copy(o->language, sizeof(o->language), best_lang);
	res = pg_query(c, "rating took part",
		       "SELECT DISTINCT user_id FROM room_log WHERE room_id = $1 AND user_id <> 0", 1, p, &err);
	if (!res)
		return err;
	for (int i = 0; i < PQntuples(res); i++)
		store_rule_outcome_took_part(o, pg_get_i64(res, i, 0));
	PQclear(res);
	return 0;
}

/* Record room's games and recompute their players (in a transaction). */
static int rate_room(PGconn *c, const char *room, const struct store_rater *rater)
{
	struct store_room_outcome o;
	int r = room_outcome(c, room, &o);
	if (r == -ENOENT)
		return 0;                  /* nothing left to rate */
	int64_t players[2];
	size_t np = 0;
	for (int i = 0; i < 2; i++)
		if (o.took_part[i])
			players[np++] = o.users[i];
	bool live[2] = { false, false };
	if (!r && np)
		r = pg_rating_lock_users(c, players, np, live);
	for (size_t i = 0; !r && i < np; i++) {
		/* A deleted account keeps no games (store_user_delete took them). */
		if (!live[i])
			continue;
		char b[3][32];
		const char *p[] = { pg_i64(b[0], players[i]), pg_i64(b[1], o.ended_ms), room, o.language, o.difficulty,
				    f64(b[2], o.tests) };
		r = pg_exec(c, "rating game insert",
			    "INSERT INTO rating_games (user_id, ended_ms, room_id, language, difficulty, tests)"
			    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
			    6, p);
		r = r < 0 ? r : pg_rating_recompute_locked(c, players[i], rater);
	}
	return r;
}

struct next {
	const struct store_rater *rater;
	char *room;
};

static int next_body(PGconn *c, void *ctx)
{
	struct next *a = ctx;
	a->room[0] = '\0';
	int err;
	/* The oldest room no other node is rating (see the top of the file). */
	PGresult *res = pg_query(c, "rating queue",
				 "SELECT room_id FROM rating_queue ORDER BY ended_ms, room_id LIMIT 1"
				 " FOR UPDATE SKIP LOCKED",
				 0, NULL, &err);
	if (!res)
		return err;
	bool found = PQntuples(res) == 1;
	if (found)
		pg_get_copy(res, 0, 0, a->room, STORE_ROOM_ID_LEN + 1);
	PQclear(res);
	if (!found)
		return 0;
	int r = rate_room(c, a->room, a->rater);
	if (!r) {
		const char *p[] = { a->room };
		r = pg_exec(c, "rating queue done", "DELETE FROM rating_queue WHERE room_id = $1", 1, p);
		r = r < 0 ? r : 1;
	}
	return r;
}

static int ratings_next(struct store *s, const struct store_rater *rater, char room[STORE_ROOM_ID_LEN + 1])
{
	struct next a = { rater, room };
	return pg_room_tx(pg_of(s), next_body, &a);
}

static void open_row(const PGresult *res, int row, void *elem, void *ctx)
{
	(void)ctx;
	pg_get_copy(res, row, 0, elem, STORE_ROOM_ID_LEN + 1);
}

static int ratings_rooms_open(struct store *s, int64_t started_ms, size_t limit, char (**ids)[STORE_ROOM_ID_LEN + 1],
			      size_t *n)
{
	char b[2][24];
	const char *p[] = { pg_i64(b[0], started_ms), pg_i64(b[1], limit_of(limit)) };
	/* start_ms 0: a room waiting for its second participant, no clock yet. */
	return read_pooled(s, "rooms open",
			   "SELECT id FROM rooms WHERE ended_ms = 0 AND start_ms > 0 AND start_ms < $1"
			   " ORDER BY start_ms LIMIT $2",
			   2, p, sizeof(**ids), open_row, NULL, (void **)ids, n);
}

/* ---- reading ratings ---- */

static void rating_row(const PGresult *res, int row, void *elem, void *ctx)
{
	struct store_rating *x = elem;
	(void)ctx;
	x->user_id = pg_get_i64(res, row, 0);
	pg_get_copy(res, row, 1, x->language, sizeof(x->language));
	x->rating = get_f64(res, row, 2);
	x->rd = get_f64(res, row, 3);
	x->volatility = get_f64(res, row, 4);
	x->games = (unsigned)pg_get_i64(res, row, 5);
	x->seed = get_f64(res, row, 6);
	x->updated_ms = pg_get_i64(res, row, 7);
}

static int ratings_get(struct store *s, int64_t user_id, const char *language, struct store_rating *out)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id), language };
	struct store_rating *v = NULL;
	size_t n = 0;
	int r = read_pooled(s, "rating get",
			    "SELECT " RATING_COLS " FROM user_ratings WHERE user_id = $1 AND language = $2", 2, p, sizeof(*v), rating_row, NULL, (void **)&v, &n);
	if (!r && !n)
		r = -ENOENT;
	if (!r)
		*out = v[0];
	free(v);
	return r;
}

static int ratings_of_user(struct store *s, int64_t user_id, struct store_rating **out, size_t *n)
{
	char ub[24];
	const char *p[] = { pg_i64(ub, user_id) };
	return read_pooled(s, "ratings of user",
			   "SELECT " RATING_COLS " FROM user_ratings WHERE user_id = $1 ORDER BY language", 1, p,
			   sizeof(**out), rating_row, NULL, (void **)out, n);
}

/* A history row: a game's, its problem, and the figures after it. */
static void history_row(const PGresult *res, int row, void *elem, void *ctx)
{
	struct store_rating_game *g = elem;
	game_row(res, row, g, ctx);
	pg_get_copy(res, row, 6, g->problem, sizeof(g->problem));
	double *figures[] = { &g->score, &g->rating, &g->rd, &g->volatility, &g->lang_rating, &g->lang_rd,
			      &g->lang_volatility };
	for (int i = 0; i < 7; i++)
		*figures[i] = get_f64(res, row, 7 + i);
}

static int ratings_history(struct store *s, int64_t user_id, size_t limit, struct store_rating_game **out, size_t *n)
{
	char b[2][24];
	const char *p[] = { pg_i64(b[0], user_id), pg_i64(b[1], limit_of(limit)) };
	return read_pooled(s, "rating history",
			   "SELECT * FROM (SELECT " GAME_COLS ", " GAME_FEEDBACK ", coalesce(r.problem, ''), g.score,"
			   " g.rating, g.rd, g.volatility, g.lang_rating, g.lang_rd, g.lang_volatility"
			   " FROM rating_games g LEFT JOIN rooms r ON r.id = g.room_id WHERE g.user_id = $1"
			   " ORDER BY g.ended_ms DESC, g.room_id DESC LIMIT $2) h ORDER BY 4, 1",
			   2, p, sizeof(**out), history_row, NULL, (void **)out, n);
}

/* ---- the boards ---- */

/* One count of a query that answers one row. */
static int count_of(PGconn *c, const char *what, const char *sql, int np, const char *const *p, size_t *total)
{
	int err;
	PGresult *res = pg_query(c, what, sql, np, p, &err);
	if (!res)
		return err;
	*total = PQntuples(res) ? (size_t)pg_get_i64(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/* A board's row; ctx: the page's offset (the rank). */
static void board_row(const PGresult *res, int row, void *elem, void *ctx)
{
	struct store_board_row *x = elem;
	x->rank = *(const size_t *)ctx + (size_t)row + 1;
	x->user_id = pg_get_i64(res, row, 0);
	pg_get_copy(res, row, 1, x->username, sizeof(x->username));
	pg_get_copy(res, row, 2, x->display_name, sizeof(x->display_name));
	pg_get_copy(res, row, 3, x->organisation, sizeof(x->organisation));
	x->rating = get_f64(res, row, 4);
	x->rd = get_f64(res, row, 5);
	x->volatility = get_f64(res, row, 6);
	x->games = (unsigned)pg_get_i64(res, row, 7);
	x->updated_ms = pg_get_i64(res, row, 8);
}

static int ratings_board(struct store *base, const char *language, const char *organisation, size_t offset,
			 size_t limit, struct store_board_row **rows, size_t *n, size_t *total)
{
	struct pg_store *s = pg_of(base);
	char b[2][24];
	const char *p[] = { language, pg_i64(b[0], limit_of(limit)), pg_i64(b[1], limit_of(offset)),
			    organisation ? organisation : "" };
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	/* The count and the page in one snapshot. */
	int r = pg_begin_snapshot(c);
	if (!r) {
		const char *q[] = { language, p[3] };
		r = count_of(c, "board count",
			     "SELECT coalesce((SELECT members FROM rating_groups WHERE org_key = " ORG_KEY("$2")
			     " AND language = $1), 0)",
			     2, q, total);
	}
	if (!r)
		r = read_rows(c, "board",
			      organisation ? BOARD_PAGE("org_key = " ORG_KEY("$4") " AND language = $1")
					   : BOARD_PAGE("language = $1"),
			      organisation ? 4 : 3, p, sizeof(**rows), board_row, &offset, (void **)rows, n);
	r = pg_end(c, r);
	if (r) {
		free(*rows);
		*rows = NULL;
		*n = *total = 0;
	}
	pg_put(s, c);
	return r;
}

static void org_row(const PGresult *res, int row, void *elem, void *ctx)
{
	struct store_org_row *x = elem;
	x->rank = *(const size_t *)ctx + (size_t)row + 1;
	pg_get_copy(res, row, 0, x->organisation, sizeof(x->organisation));
	x->members = (size_t)pg_get_i64(res, row, 1);
	x->mean = get_f64(res, row, 2);
}

static int ratings_org_board(struct store *base, const char *language, size_t min_members, size_t offset,
			     size_t limit, struct store_org_row **rows, size_t *n, size_t *total)
{
	struct pg_store *s = pg_of(base);
	char b[3][24];
	const char *p[] = { pg_i64(b[0], limit_of(min_members)), pg_i64(b[1], limit_of(limit)),
			    pg_i64(b[2], limit_of(offset)), language };
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin_snapshot(c);
	if (!r) {
		const char *q[] = { p[0], language };
		r = count_of(c, "organisations count",
			     "SELECT count(*) FROM rating_groups WHERE language = $2 AND org_key <> '' AND members >= $1",
			     2, q, total);
	}
	if (!r)
		r = read_rows(c, "organisations",
			      "SELECT organisation, members, mean FROM rating_groups WHERE language = $4"
			      " AND org_key <> '' AND members >= $1 ORDER BY mean DESC, members DESC, org_key"
			      " LIMIT $2 OFFSET $3",
			      4, p, sizeof(**rows), org_row, &offset, (void **)rows, n);
	r = pg_end(c, r);
	if (r) {
		free(*rows);
		*rows = NULL;
		*n = *total = 0;
	}
	pg_put(s, c);
	return r;
}

const struct store_rating_ops pg_rating_ops = {
	.feedback_put = pg_feedback_put,
	.feedback_of_room = pg_feedback_of_room,
	.feedback_received = pg_feedback_received,
	.next = ratings_next,
	.recompute = ratings_recompute,
	.rooms_open = ratings_rooms_open,
	.get = ratings_get,
	.of_user = ratings_of_user,
	.history = ratings_history,
	.board = ratings_board,
	.org_board = ratings_org_board,
};
