/* test_ratings_store.c - feedback, ratings and the boards in the store
 * (store_ratings.h, its SQLite driver), with a toy rater in place of
 * Glicko-2: a room is queued for rating by the transaction that ends it;
 * rating it records a game for each participant who wrote to its log
 * (the best submit's fraction, its language) and hands each one's games,
 * in order and with the feedback they received, to the rater, whose
 * answer is written (ratings, history, users.rating); a feedback put
 * creates, then replaces, and recomputes the recipient; what a user may
 * see of what they received, with averages and pages; the board's order,
 * pages, language and organisation (case-blind); the organisations'
 * aggregate as ratings change, members move and accounts go; a profile
 * write with an older rating is put right; a deleted account's rows go
 * and what it gave stays. On PostgreSQL also: two store handles (two API
 * nodes) working one rating queue at once while a third puts feedback
 * count every game once and end with the ratings one handle reaches. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "store_fixture.h"

#include <math.h>

#define T0 1700000000000LL

static int64_t new_user(struct store *s, const char *name, const char *org, int rating)
{
	struct store_user u = { .rating = rating, .created_at_ms = T0 };
	str_copy(u.username, sizeof(u.username), name);
	u.display_name = (char *)name;
	u.organisation = (char *)org;
	CHECK_EQ_INT(store_user_create(s, &u, "hash"), 0);
	return u.id;
}

/* A toy rater: each game scores tests + feedback / 10; the overall
 * rating is the seed plus 100 times the sum of the scores, each
 * language's the same over its own games; it counts its calls and keeps
 * the last games it saw. */
struct toy {
	unsigned calls;
	size_t n;
	struct store_rating_game seen[8];
	double seed;
};

static int toy_rate(void *ctx, double seed, struct store_rating_game *g, size_t n, struct store_rating **out,
		    size_t *nout)
{
	struct toy *t = ctx;
	t->calls++;
	t->seed = seed;
	t->n = n < 8 ? n : 8;
	struct store_rating *v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t nv = 1;
	v[0].rating = seed;
	for (size_t i = 0; i < n; i++) {
		g[i].score = g[i].tests + g[i].feedback / 10;
		v[0].rating += 100 * g[i].score;
		v[0].games++;
		v[0].updated_ms = g[i].ended_ms;
		size_t k = 1;
		while (k < nv && strcmp(v[k].language, g[i].language))
			k++;
		if (k == nv) {
			str_copy(v[nv].language, sizeof(v[nv].language), g[i].language);
			v[nv++].rating = seed;
		}
		v[k].rating += 100 * g[i].score;
		v[k].games++;
		v[k].updated_ms = g[i].ended_ms;
		g[i].rating = v[0].rating;
		g[i].lang_rating = v[k].rating;
		g[i].rd = g[i].lang_rd = 50 + (double)i;
		g[i].volatility = g[i].lang_volatility = 0.06;
	}
	for (size_t k = 0; k < nv; k++) {
		v[k].seed = seed;
		v[k].rd = 60;
		v[k].volatility = 0.06;
	}
	if (n < 8)
		memcpy(t->seen, g, n * sizeof(*g));
	*out = v;
	*nout = nv;
	return 0;
}

static void room(struct store *s, const char *id, int64_t a, int64_t b, const char *difficulty, int64_t ended)
{
	struct store_room r = { .first_driver = 0, .created_ms = T0, .start_ms = T0, .ended_ms = ended,
				.users = { a, b } };
	str_copy(r.id, sizeof(r.id), id);
	str_copy(r.problem, sizeof(r.problem), "add-two-numbers");
	str_copy(r.language, sizeof(r.language), "python3");
	str_copy(r.difficulty, sizeof(r.difficulty), difficulty);
	str_copy(r.plan, sizeof(r.plan), "code=30");
	CHECK_EQ_INT(store_room_create(s, &r), 0);
}

/* Rows of a room's log: by user (0: the server) of kind with data. */
static void log_rows(struct store *s, const char *id, const int64_t *users, const char *const *kinds,
		     const char *const *data, size_t n, int64_t seq0)
{
	struct store_room_event ev[8];
	memset(ev, 0, sizeof(ev));
	for (size_t i = 0; i < n; i++) {
		str_copy(ev[i].room, sizeof(ev[i].room), id);
		ev[i].seq = seq0 + (int64_t)i;
		ev[i].user_id = users[i];
		ev[i].t_ms = T0 + (int64_t)i;
		str_copy(ev[i].kind, sizeof(ev[i].kind), kinds[i]);
		ev[i].data = (char *)data[i];
	}
	struct store_room_batch b = { .events = ev, .nevents = n };
	CHECK_EQ_INT(store_room_write(s, &b), 0);
}

static void end_room(struct store *s, const char *id, int64_t ended)
{
	struct store_room_mark m = { .ended_ms = ended };
	str_copy(m.room, sizeof(m.room), id);
	struct store_room_batch b = { .marks = &m, .nmarks = 1 };
	CHECK_EQ_INT(store_room_write(s, &b), 0);
}

static double near_eq(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

static void test_games(struct store *s, int64_t ann, int64_t bob, int64_t cid)
{
	struct toy toy = { 0 };
	struct store_rater rater = { &toy, toy_rate };
	char id[STORE_ROOM_ID_LEN + 1];
	CHECK_EQ_INT(store_rating_next(s, &rater, id), 0);          /* nothing queued */

	/* room A: both wrote; two submits, the best 4/5 in c, a language switch to c. */
	room(s, "room-a", ann, bob, "easy", 0);
	const int64_t ua[] = { ann, bob, bob, ann, 0 };
	const char *const ka[] = { "update", "chat", "language", "submit-result", "submit-result" };
	const char *const da[] = { "{}", "{\"text\":\"hi\"}", "{\"language\":\"c\"}",
				   "{\"passed\":2,\"total\":5,\"language\":\"python3\"}",
				   "{\"passed\":4,\"total\":5,\"language\":\"c\"}" };
	log_rows(s, "room-a", ua, ka, da, 5, 1);
	CHECK_EQ_INT(store_rating_next(s, &rater, id), 0);          /* not ended: not queued */
	char (*open)[STORE_ROOM_ID_LEN + 1] = NULL;
	size_t nopen = 0;
	CHECK_EQ_INT(store_rooms_open(s, T0 + 1, 10, &open, &nopen), 0);
	CHECK_EQ_INT(nopen, 1);
	if (nopen)
		CHECK_EQ_STR(open[0], "room-a");
	free(open);
	CHECK_EQ_INT(store_rooms_open(s, T0, 10, &open, &nopen), 0);
	CHECK_EQ_INT(nopen, 0);                                      /* started at T0, not before */
	free(open);
	end_room(s, "room-a", T0 + 1000);
	CHECK_EQ_INT(store_rating_next(s, &rater, id), 1);
	CHECK_EQ_STR(id, "room-a");
	CHECK_EQ_INT(toy.calls, 2);                                   /* ann and bob */
	CHECK_EQ_INT(toy.n, 1);
	CHECK(near_eq(toy.seen[0].tests, 0.8) && !strcmp(toy.seen[0].language, "c") &&
	      !strcmp(toy.seen[0].difficulty, "easy") && toy.seen[0].ended_ms == T0 + 1000 && toy.seen[0].feedback == 0);
	CHECK_EQ_INT(store_rating_next(s, &rater, id), 0);          /* taken off the queue */

	struct store_rating r;
	CHECK_EQ_INT(store_rating_get(s, ann, "", &r), 0);
	CHECK(near_eq(r.rating, 1500 + 80) && r.games == 1 && r.seed == 1500 && r.updated_ms == T0 + 1000);
	CHECK_EQ_INT(store_rating_get(s, bob, "c", &r), 0);
	CHECK(near_eq(r.rating, 1200 + 80) && r.seed == 1200);
	CHECK_EQ_INT(store_rating_get(s, bob, "python3", &r), -ENOENT);
	struct store_user u;
	CHECK_EQ_INT(store_user_get(s, ann, &u), 0);
	CHECK_EQ_INT(u.rating, 1580);                                 /* users.rating follows */
	/* A profile write that carries an older rating is put right. */
	u.rating = 1111;
	CHECK_EQ_INT(store_user_update(s, &u), 0);
	store_user_release(&u);
	CHECK_EQ_INT(store_user_get(s, ann, &u), 0);
	CHECK_EQ_INT(u.rating, 1580);
	store_user_release(&u);

	/* room B: an ended room made ended (queued at once); only cid wrote
	 * (bob was a no-show), no submit: no test passed, the room's language. */
	room(s, "room-b", cid, bob, "hard", T0 + 5000);
	const int64_t ub[] = { cid, 0 };
	const char *const kb[] = { "chat", "phase" };
	const char *const db[] = { "{\"text\":\"anyone?\"}", "{}" };
	log_rows(s, "room-b", ub, kb, db, 2, 1);
	toy.calls = 0;
	CHECK_EQ_INT(store_rating_next(s, &rater, id), 1);
	CHECK_EQ_INT(toy.calls, 1);
	CHECK(toy.n == 1 && toy.seen[0].tests == 0 && !strcmp(toy.seen[0].language, "python3") &&
	      !strcmp(toy.seen[0].difficulty, "hard"));
	CHECK_EQ_INT(store_rating_get(s, bob, "", &r), 0);
	CHECK_EQ_INT(r.games, 1);                                     /* no game for a no-show */

	/* Feedback: created, replaced; the recipient recomputed with it. */
	struct store_feedback f = { .from_user = bob, .to_user = ann, .scores = { 5, 4, 3, 4 },
				    .comment = "clear", .updated_ms = T0 + 2000 };
	str_copy(f.room, sizeof(f.room), "room-a");
	bool created = false;
	toy.calls = 0;
	CHECK_EQ_INT(store_feedback_put(s, &f, &rater, &created), 0);
	CHECK(created && toy.calls == 1 && toy.n == 1 && near_eq(toy.seen[0].feedback, 4));
	CHECK_EQ_INT(store_rating_get(s, ann, "", &r), 0);
	CHECK(near_eq(r.rating, 1500 + 100 * (0.8 + 0.4)));
	f.scores[0] = 1;
	f.comment = "changed my mind";
	f.updated_ms = T0 + 3000;
	CHECK_EQ_INT(store_feedback_put(s, &f, &rater, &created), 0);
	CHECK(!created && near_eq(toy.seen[0].feedback, 3));
	int bad[] = { 0, 6 };
	for (int i = 0; i < 2; i++) {
		struct store_feedback g = f;
		g.scores[2] = bad[i];
		CHECK_EQ_INT(store_feedback_put(s, &g, &rater, &created), -EINVAL);
	}
	struct store_feedback two[2];
	size_t n2 = 0;
	CHECK_EQ_INT(store_feedback_of_room(s, "room-a", two, &n2), 0);
	CHECK_EQ_INT(n2, 1);
	if (n2)
		CHECK(two[0].from_user == bob && two[0].to_user == ann && two[0].scores[0] == 1 &&
		      !strcmp(two[0].comment, "changed my mind") && two[0].created_ms == T0 + 2000 &&
		      two[0].updated_ms == T0 + 3000);
	for (size_t i = 0; i < n2; i++)
		store_feedback_release(&two[i]);

	/* What ann may see: nothing until she gives hers or the window closes. */
	struct store_feedback *rows = NULL;
	size_t n = 0, total = 0;
	struct store_feedback_avg avg;
	CHECK_EQ_INT(store_feedback_received(s, ann, T0 + 999, 1, 10, &rows, &n, &total, &avg), 0);
	CHECK(n == 0 && total == 0 && avg.count == 0);
	free(rows);
	CHECK_EQ_INT(store_feedback_received(s, ann, T0 + 1000, 1, 10, &rows, &n, &total, &avg), 0);
	CHECK(n == 1 && total == 1 && avg.count == 1 && near_eq(avg.scores[1], 4));
	if (n)
		CHECK(!strcmp(rows[0].problem, "add-two-numbers") && !strcmp(rows[0].from_username, "bob") &&
		      !strcmp(rows[0].from_display, "bob") && rows[0].room_ended_ms == T0 + 1000 &&
		      !strcmp(rows[0].difficulty, "easy"));
	for (size_t i = 0; i < n; i++)
		store_feedback_release(&rows[i]);
	free(rows);
	struct store_feedback mine = { .from_user = ann, .to_user = bob, .scores = { 2, 2, 2, 2 }, .comment = "",
				       .updated_ms = T0 + 4000 };
	str_copy(mine.room, sizeof(mine.room), "room-a");
	CHECK_EQ_INT(store_feedback_put(s, &mine, &rater, &created), 0);
	CHECK_EQ_INT(store_feedback_received(s, ann, 0, 1, 10, &rows, &n, &total, &avg), 0);
	CHECK(n == 1 && total == 1);
	for (size_t i = 0; i < n; i++)
		store_feedback_release(&rows[i]);
	free(rows);
	CHECK_EQ_INT(store_feedback_received(s, ann, 0, 2, 10, &rows, &n, &total, &avg), 0);
	CHECK(n == 0 && total == 1);                                 /* a page past the end */
	free(rows);

	/* The history: oldest first, with what the rater wrote. */
	struct store_rating_game *hist = NULL;
	CHECK_EQ_INT(store_rating_history(s, bob, 10, &hist, &n), 0);
	CHECK_EQ_INT(n, 1);
	if (n)
		CHECK(!strcmp(hist[0].room, "room-a") && near_eq(hist[0].feedback, 2) && near_eq(hist[0].score, 1.0) &&
		      near_eq(hist[0].rating, 1200 + 100) && !strcmp(hist[0].problem, "add-two-numbers"));
	free(hist);
}

/* A rater that answers a fixed figure (ctx: rating, RD), overall and in
 * the games' language. */
static int fixed_rate(void *ctx, double seed, struct store_rating_game *g, size_t n, struct store_rating **out,
		      size_t *nout)
{
	const double *want = ctx;
	(void)seed;
	struct store_rating *v = calloc(2, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[0].rating = v[1].rating = want[0];
	v[0].rd = v[1].rd = want[1];
	v[0].volatility = v[1].volatility = 0.06;
	v[0].games = v[1].games = (unsigned)n;
	str_copy(v[1].language, sizeof(v[1].language), g[0].language);
	*out = v;
	*nout = 2;
	return 0;
}

/* A user rated `rating` (RD rd) overall and in python3: a room of theirs
 * with a partner who never wrote. */
static void rated(struct store *s, int64_t user, int64_t partner, double rating, double rd, int k)
{
	char id[STORE_ROOM_ID_LEN + 1];
	str_printf(id, sizeof(id), "board-%d", k);
	room(s, id, user, partner, "medium", T0 + 10000 + k);
	const int64_t us[] = { user };
	const char *const ks[] = { "update" };
	const char *const ds[] = { "{}" };
	log_rows(s, id, us, ks, ds, 1, 1);
	double want[] = { rating, rd };
	struct store_rater rater = { want, fixed_rate };
	CHECK_EQ_INT(store_rating_next(s, &rater, NULL), 1);
}

static void board(struct store *s, const char *lang, const char *org, size_t page, size_t per, const int64_t *want,
		  size_t nwant, size_t want_total)
{
	struct store_board_query q = { lang, org, page, per };
	struct store_board_row *rows = NULL;
	size_t n = 0, total = 0;
	CHECK_EQ_INT(store_board(s, &q, &rows, &n, &total), 0);
	CHECK_EQ_INT(total, want_total);
	CHECK_EQ_INT(n, nwant);
	for (size_t i = 0; i < n && i < nwant; i++) {
		if (rows[i].user_id != want[i])
			fprintf(stderr, "board %s/%s page %zu: row %zu is user %lld, wanted %lld\n", lang ? lang : "",
				org ? org : "", page, i, (long long)rows[i].user_id, (long long)want[i]);
		CHECK(rows[i].user_id == want[i] && rows[i].rank == (page - 1) * per + i + 1);
	}
	free(rows);
}

static void orgs(struct store *s, const char *lang, size_t min, const char *const *names, const size_t *members, const double *means,
		 size_t nwant)
{
	struct store_org_row *rows = NULL;
	size_t n = 0, total = 0;
	CHECK_EQ_INT(store_org_board(s, lang, min, 1, 50, &rows, &n, &total), 0);
	CHECK_EQ_INT(n, nwant);
	CHECK_EQ_INT(total, nwant);
	for (size_t i = 0; i < n && i < nwant; i++) {
		if (strcasecmp(rows[i].organisation, names[i]) || rows[i].members != members[i] ||
		    !near_eq(rows[i].mean, means[i]))
			fprintf(stderr, "organisation %zu: %s %zu %.3f, wanted %s %zu %.3f\n", i, rows[i].organisation,
				rows[i].members, rows[i].mean, names[i], members[i], means[i]);
		CHECK(!strcasecmp(rows[i].organisation, names[i]) && rows[i].members == members[i] &&
		      near_eq(rows[i].mean, means[i]) && rows[i].rank == i + 1);
	}
	free(rows);
}

static void test_boards(struct store *s)
{
	int64_t nobody = new_user(s, "nobody", "", 1500);
	int64_t u[6];
	const char *const org[] = { "MIT", "mit", "Bootcamp", "Bootcamp", "", "Bootcamp" };
	const double rating[] = { 1700, 1800, 1600, 1700, 1900, 1650 };
	const double rd[] = { 80, 50, 60, 70, 90, 60 };
	for (int i = 0; i < 6; i++) {
		char name[16];
		str_printf(name, sizeof(name), "p%d", i);
		u[i] = new_user(s, name, org[i], 1500);
		rated(s, u[i], nobody, rating[i], rd[i], i);
	}
	/* By rating, then the lower RD: p4 1900, p1 1800, p3 1700/70 before
	 * p0 1700/80, p5 1650, p2 1600. */
	const int64_t all[] = { u[4], u[1], u[3], u[0], u[5], u[2] };
	board(s, "python3", NULL, 1, 10, all, 6, 6);
	board(s, "", NULL, 2, 4, all + 4, 2, 6);
	board(s, "", NULL, 3, 4, NULL, 0, 6);
	board(s, "c", NULL, 1, 10, NULL, 0, 0);
	const int64_t mit[] = { u[1], u[0] };
	board(s, "", "mIt", 1, 10, mit, 2, 2);                      /* case-blind */
	const int64_t boot[] = { u[3], u[5], u[2] };
	board(s, "python3", "bootcamp", 1, 2, boot, 2, 3);

	/* Organisations: Bootcamp (3: 1650), MIT (2: 1750); at least 3 members: Bootcamp only. */
	const char *const names[] = { "MIT", "Bootcamp" };
	const size_t members[] = { 2, 3 };
	const double means[] = { 1750, 1650 };
	orgs(s, "", 2, names, members, means, 2);
	orgs(s, "", 3, names + 1, members + 1, means + 1, 1);
	orgs(s, "python3", 3, names + 1, members + 1, means + 1, 1);   /* the same, rated in python3 */
	orgs(s, "c", 1, names, members, means, 0);

	/* p4 joins MIT: MIT 3 members, mean (1700 + 1800 + 1900) / 3. */
	struct store_user x;
	CHECK_EQ_INT(store_user_get(s, u[4], &x), 0);
	free(x.organisation);
	x.organisation = strdup("Mit");
	CHECK_EQ_INT(store_user_update(s, &x), 0);
	store_user_release(&x);
	const size_t m2[] = { 3, 3 };
	const double mean2[] = { 1800, 1650 };
	orgs(s, "", 3, names, m2, mean2, 2);
	/* p3's rating changes (a new session): Bootcamp's mean follows. */
	rated(s, u[3], nobody, 1300, 40, 10);
	const double mean3[] = { 1800, (1600 + 1300 + 1650) / 3.0 };
	orgs(s, "", 3, names, m2, mean3, 2);
	/* p2 leaves every organisation; p5's account is deleted: Bootcamp keeps p3 alone. */
	CHECK_EQ_INT(store_user_get(s, u[2], &x), 0);
	free(x.organisation);
	x.organisation = strdup("");
	CHECK_EQ_INT(store_user_update(s, &x), 0);
	store_user_release(&x);
	CHECK_EQ_INT(store_user_delete(s, u[5]), 0);
	const size_t m4[] = { 3, 1 };
	const double mean4[] = { 1800, 1300 };
	orgs(s, "", 1, names, m4, mean4, 2);
	struct store_rating r;
	CHECK_EQ_INT(store_rating_get(s, u[5], "", &r), -ENOENT);   /* gone with the account */
	const int64_t after[] = { u[4], u[1], u[0], u[2], u[3] };
	board(s, "", NULL, 1, 10, after, 5, 5);
}

/* A deleted account: its ratings, games and the feedback it received go;
 * what it gave stays, from "deleted user". */
static void test_delete(struct store *s, int64_t ann, int64_t bob)
{
	CHECK_EQ_INT(store_user_delete(s, bob), 0);
	struct store_feedback two[2];
	size_t n = 0;
	CHECK_EQ_INT(store_feedback_of_room(s, "room-a", two, &n), 0);
	CHECK_EQ_INT(n, 1);
	if (n)
		CHECK(two[0].from_user == bob && two[0].to_user == ann);
	for (size_t i = 0; i < n; i++)
		store_feedback_release(&two[i]);
	struct store_feedback *rows = NULL;
	size_t total = 0;
	struct store_feedback_avg avg;
	CHECK_EQ_INT(store_feedback_received(s, ann, T0 + 1000, 1, 10, &rows, &n, &total, &avg), 0);
	CHECK_EQ_INT(n, 1);
	if (n)
		CHECK(!strcmp(rows[0].from_username, "") && !strcmp(rows[0].from_display, "deleted user"));
	for (size_t i = 0; i < n; i++)
		store_feedback_release(&rows[i]);
	free(rows);
	/* A room of the deleted account rated afterwards: no game for it. */
	room(s, "room-c", ann, bob, "medium", 0);
	const int64_t uc[] = { ann, bob };
	const char *const kc[] = { "chat", "chat" };
	const char *const dc[] = { "{}", "{}" };
	log_rows(s, "room-c", uc, kc, dc, 2, 1);
	end_room(s, "room-c", T0 + 9000);
	struct toy toy = { 0 };
	struct store_rater rater = { &toy, toy_rate };
	CHECK_EQ_INT(store_rating_next(s, &rater, NULL), 1);
	CHECK_EQ_INT(toy.calls, 1);                                   /* ann only */
	struct store_rating_game *hist = NULL;
	CHECK_EQ_INT(store_rating_history(s, bob, 10, &hist, &n), 0);
	CHECK_EQ_INT(n, 0);
	free(hist);
	struct store_rating *all = NULL;
	CHECK_EQ_INT(store_ratings_of_user(s, ann, &all, &n), 0);
	CHECK_EQ_INT(n, 3);                                           /* overall, then c, python3 */
	if (n == 3)
		CHECK(!strcmp(all[0].language, "") && !strcmp(all[1].language, "c") && !strcmp(all[2].language, "python3") &&
		      all[0].games == 2);
	free(all);
}

/* ---- two nodes at once (PostgreSQL) ---- */

#define RACE_USERS 6
#define RACE_ROOMS 48

/* A rater without state, safe from any thread: the toy's figures, after
 * a millisecond (ctx non-NULL), so that the nodes' transactions overlap
 * (a recompute that read its games before another's commit would then
 * write without that game). */
static int race_rate(void *ctx, double seed, struct store_rating_game *g, size_t n, struct store_rating **out,
		     size_t *nout)
{
	struct toy t = { 0 };
	if (ctx)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	return toy_rate(&t, seed, g, n, out, nout);
}

static const struct store_rater race_rater = { "slow", race_rate };

/* The same rooms on any store: each pair of a small group of users (so
 * rooms share players), both writing, a submit each of a few languages,
 * ended one after another; users[] filled with their ids. */
static void race_setup(struct store *s, int64_t users[RACE_USERS])
{
	for (int i = 0; i < RACE_USERS; i++) {
		char name[16];
		str_printf(name, sizeof(name), "racer%d", i);
		users[i] = new_user(s, name, i % 2 ? "Org" : "", 1500);
	}
	static const char *const langs[] = { "python3", "c", "go" };
	unsigned x = 12345;
	for (int k = 0; k < RACE_ROOMS; k++) {
		x = x * 1103515245u + 12345u;
		int a = (int)(x >> 8) % RACE_USERS, b = (a + 1 + (int)(x >> 16) % (RACE_USERS - 1)) % RACE_USERS;
		char id[STORE_ROOM_ID_LEN + 1], submit[96];
		str_printf(id, sizeof(id), "race-%02d", k);
		str_printf(submit, sizeof(submit), "{\"passed\":%u,\"total\":5,\"language\":\"%s\"}", (x >> 4) % 6,
			   langs[(x >> 12) % 3]);
		room(s, id, users[a], users[b], k % 3 ? "medium" : "hard", 0);
		const int64_t u[] = { users[a], users[b], 0 };
		const char *const kinds[] = { "update", "chat", "submit-result" };
		const char *const data[] = { "{}", "{}", submit };
		log_rows(s, id, u, kinds, data, 3, 1);
		end_room(s, id, T0 + 100000 + 1000 * k);
	}
}

/* Feedback of the first participant about the other in every room. */
static int race_feedback(struct store *s, int k, bool *created)
{
	struct store_room r;
	char id[STORE_ROOM_ID_LEN + 1];
	str_printf(id, sizeof(id), "race-%02d", k);
	int e = store_room_get(s, id, &r);
	if (e)
		return e;
	struct store_feedback f = { .from_user = r.users[0], .to_user = r.users[1],
				    .scores = { 1 + k % 5, 2, 3 + k % 3, 4 }, .comment = "race",
				    .updated_ms = T0 + 200000 + k };
	str_copy(f.room, sizeof(f.room), id);
	return store_feedback_put(s, &f, &race_rater, created);
}

struct racer {
	struct store *s;
	bool feedback;                  /* put feedback instead of rating rooms */
	int rated, failed, created;
	char rooms[RACE_ROOMS][STORE_ROOM_ID_LEN + 1];
};

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	if (r->feedback) {
		for (int k = 0; k < RACE_ROOMS; k++) {
			bool created = false;
			if (race_feedback(r->s, k, &created))
				r->failed++;
			r->created += created;
		}
		return NULL;
	}
	char id[STORE_ROOM_ID_LEN + 1];
	int k;
	while ((k = store_rating_next(r->s, &race_rater, id)) != 0) {
		if (k < 0 && ++r->failed > 5)
			break;
		if (k == 1 && r->rated < RACE_ROOMS)
			str_copy(r->rooms[r->rated++], sizeof(r->rooms[0]), id);
	}
	return NULL;
}

static bool rating_same(const struct store_rating *a, const struct store_rating *b)
{
	return !strcmp(a->language, b->language) && near_eq(a->rating, b->rating) && near_eq(a->rd, b->rd) &&
	       a->games == b->games && near_eq(a->seed, b->seed) && a->updated_ms == b->updated_ms;
}

static void test_two_nodes(const char *dir_race, const char *dir_one)
{
	struct store *one = store_fixture_open(dir_one);
	struct store *s1 = store_fixture_open(dir_race);
	struct store *s2 = s1 ? store_fixture_open(dir_race) : NULL;     /* a second node's pool */
	if (!one || !s1 || !s2)
		goto out;
	int64_t users[RACE_USERS], users_one[RACE_USERS];
	race_setup(s1, users);
	race_setup(one, users_one);

	/* One handle: every room, then every feedback put. */
	int rated_one = 0;
	while (store_rating_next(one, &race_rater, NULL) == 1)
		rated_one++;
	CHECK_EQ_INT(rated_one, RACE_ROOMS);
	for (int k = 0; k < RACE_ROOMS; k++) {
		bool created;
		CHECK_EQ_INT(race_feedback(one, k, &created), 0);
	}

	/* Two nodes rating while a third puts the feedback. */
	static struct racer r[3];
	memset(r, 0, sizeof(r));
	r[0].s = s1;
	r[1].s = s2;
	r[2].s = s2;
	r[2].feedback = true;
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(pthread_create(&t[i], NULL, racer_main, &r[i]), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK(!r[0].failed && !r[1].failed && !r[2].failed);
	CHECK_EQ_INT(r[0].rated + r[1].rated, RACE_ROOMS);          /* each room rated once... */
	CHECK_EQ_INT(r[2].created, RACE_ROOMS);
	for (int k = 0; k < RACE_ROOMS; k++) {
		char id[STORE_ROOM_ID_LEN + 1];
		str_printf(id, sizeof(id), "race-%02d", k);
		int seen = 0;
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < r[i].rated; j++)
				seen += !strcmp(r[i].rooms[j], id);
		CHECK_EQ_INT(seen, 1);                                  /* ...by one node */
	}
	CHECK_EQ_INT(store_rating_next(s1, &race_rater, NULL), 0);
	fprintf(stderr, "two nodes: %d and %d rooms rated\n", r[0].rated, r[1].rated);

	/* Every game once, and the same ratings and history as one handle's. */
	for (int i = 0; i < RACE_USERS; i++) {
		struct store_rating *a = NULL, *b = NULL;
		size_t na = 0, nb = 0;
		CHECK_EQ_INT(store_ratings_of_user(s1, users[i], &a, &na), 0);
		CHECK_EQ_INT(store_ratings_of_user(one, users_one[i], &b, &nb), 0);
		CHECK_EQ_INT(na, nb);
		for (size_t k = 0; k < na && k < nb; k++) {
			if (!rating_same(&a[k], &b[k]))
				fprintf(stderr, "racer%d %s: %.3f/%u, one handle %.3f/%u\n", i, a[k].language, a[k].rating,
					a[k].games, b[k].rating, b[k].games);
			CHECK(rating_same(&a[k], &b[k]));
		}
		struct store_rating_game *ha = NULL, *hb = NULL;
		size_t nha = 0, nhb = 0;
		CHECK_EQ_INT(store_rating_history(s1, users[i], 1000, &ha, &nha), 0);
		CHECK_EQ_INT(store_rating_history(one, users_one[i], 1000, &hb, &nhb), 0);
		CHECK_EQ_INT(nha, nhb);
		if (na)
			CHECK_EQ_INT(a[0].games, nha);                       /* the overall rating counts each game once */
		for (size_t k = 0; k < nha && k < nhb; k++)
			CHECK(!strcmp(ha[k].room, hb[k].room) && near_eq(ha[k].feedback, hb[k].feedback) &&
			      near_eq(ha[k].rating, hb[k].rating) && near_eq(ha[k].lang_rating, hb[k].lang_rating));
		free(a);
		free(b);
		free(ha);
		free(hb);
	}
	struct store_org_row *oa = NULL, *ob = NULL;
	size_t noa = 0, nob = 0, ta = 0, tb = 0;
	CHECK_EQ_INT(store_org_board(s1, "", 1, 1, 10, &oa, &noa, &ta), 0);
	CHECK_EQ_INT(store_org_board(one, "", 1, 1, 10, &ob, &nob, &tb), 0);
	CHECK(noa == 1 && nob == 1);
	if (noa == 1 && nob == 1)
		CHECK(oa[0].members == ob[0].members && fabs(oa[0].mean - ob[0].mean) < 1e-6);
	free(oa);
	free(ob);
out:
	store_close(s2);
	store_close(s1);
	store_close(one);
}

int main(void)
{
	char dir[] = "/tmp/pairbox-ratings-store-XXXXXX", dir2[] = "/tmp/pairbox-ratings-board-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	struct store *s = store_fixture_open(dir);
	if (s) {
		int64_t ann = new_user(s, "ann", "", 1500);
		int64_t bob = new_user(s, "bob", "", 1200);
		int64_t cid = new_user(s, "cid", "", 1800);
		test_games(s, ann, bob, cid);
		test_delete(s, ann, bob);
		store_close(s);
		s = store_fixture_open(dir);
		if (s) {
			struct store_rating r;
			CHECK_EQ_INT(store_rating_get(s, ann, "c", &r), 0);   /* still there after a reopen */
			store_close(s);
		}
	}
	store_fixture_remove(dir);
	/* The boards on a store of their own: only their users are rated. */
	if (!mkdtemp(dir2))
		return 1;
	if ((s = store_fixture_open(dir2))) {
		test_boards(s);
		store_close(s);
	}
	store_fixture_remove(dir2);
	if (store_fixture_pg()) {
		char race[] = "/tmp/pairbox-ratings-race-XXXXXX", solo[] = "/tmp/pairbox-ratings-solo-XXXXXX";
		if (!mkdtemp(race) || !mkdtemp(solo))
			return 1;
		test_two_nodes(race, solo);
		store_fixture_remove(race);
		store_fixture_remove(solo);
	}
	return check_done();
}
