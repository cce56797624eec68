/* test_rating.c - room/rating.c: Glickman's worked example of Glicko-2,
 * a period without games, the volatility's other branch (a surprise
 * bigger than the player's uncertainty), a table of pair sessions and
 * what follows each (its figures from tests/api/ratings_model.py, the
 * same formulas written again in Python), monotonicity (more tests
 * passed, or better feedback, never lowers the new rating), the RD of an
 * idle player, and refused inputs. */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "rating.h"

#define DAY (24LL * 3600 * 1000)

static void near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fprintf(stderr, "%s: %.7f, wanted %.7f (+- %g)\n", what, got, want, tol);
	CHECK(fabs(got - want) <= tol);
}

/* The paper's example: a 1500/200/0.06 player beats a 1400/30 player and
 * loses to 1550/100 and 1700/300, tau 0.5 -> 1464.06, 151.52, 0.05999.
 * Exactly, r' is 1464.0507 (the paper rounds mu' to -0.2069 first) and
 * sigma' 0.0599960 (the paper's five digits cut it). */
static void test_glickman(void)
{
	struct glicko2 p = { 1500, 200, 0.06 }, out;
	struct glicko2_game g[] = { { 1400, 30, 1 }, { 1550, 100, 0 }, { 1700, 300, 0 } };
	CHECK_EQ_INT(glicko2_update(&p, g, 3, 0.5, &out), 0);
	near(out.rating, 1464.06, 0.01, "Glickman's r'");
	near(out.rating, 1464.0507, 0.0001, "r' unrounded");
	near(out.rd, 151.52, 0.005, "Glickman's RD'");
	near(out.vol, 0.05999, 0.00001, "Glickman's sigma'");
	near(out.vol, 0.0599960, 0.0000005, "sigma' unrounded");
	/* In place. */
	CHECK_EQ_INT(glicko2_update(&p, g, 3, 0.5, &p), 0);
	near(p.rating, out.rating, 1e-9, "in place");

	/* A period without games: step 6 alone, sqrt(200^2 + (0.06 * 173.7178)^2). */
	struct glicko2 q = { 1500, 200, 0.06 };
	CHECK_EQ_INT(glicko2_update(&q, NULL, 0, 0.5, &out), 0);
	near(out.rating, 1500, 0, "no games: the rating stays");
	near(out.rd, 200.2714, 0.0001, "no games: the RD grows");
	near(out.vol, 0.06, 0, "no games: the volatility stays");
}

/* delta^2 > phi^2 + v: the iteration's B starts at ln(delta^2 - phi^2 - v). */
static void test_surprise(void)
{
	struct glicko2 p = { 1500, 50, 0.06 }, out;
	struct glicko2_game g[] = { { 2400, 30, 1 } };
	CHECK_EQ_INT(glicko2_update(&p, g, 1, 0.5, &out), 0);
	near(out.rating, 1514.8564, 0.0005, "an upset: r'");
	near(out.rd, 51.0629, 0.0005, "an upset: RD'");
	near(out.vol, 0.0600131, 0.0000005, "an upset: sigma'");
	struct glicko2_game three[] = { { 2400, 30, 1 }, { 2400, 30, 1 }, { 2400, 30, 1 } };
	p.rd = 30;
	CHECK_EQ_INT(glicko2_update(&p, three, 3, 0.5, &out), 0);
	near(out.rating, 1517.2386, 0.0005, "three upsets: r'");
	near(out.vol, 0.0601193, 0.0000005, "three upsets: sigma'");
}

/* A user with a prior state (one session before, ending at T0), idle for
 * some days, then a session: what follows (ratings_model.py's figures). */
static void test_table(void)
{
	static const struct {
		double rating, rd, vol;
		int idle_days;
		const char *difficulty;
		double tests, feedback;
		double want_rating, want_rd, want_vol;
	} rows[] = {
		{ 1500, 350, 0.06, 0, "easy", 1.0, 0, 1572.4858, 285.8811, 0.0599990 },
		{ 1500, 350, 0.06, 0, "medium", 0.0, 0, 1325.0637, 252.5206, 0.0599992 },
		{ 1200, 350, 0.06, 0, "hard", 0.6, 4.25, 1574.6200, 329.7541, 0.0600034 },
		{ 1800, 120, 0.06, 7, "medium", 0.4, 2.0, 1763.4159, 117.4507, 0.0600010 },
		{ 1650, 80, 0.05, 30, "hard", 1.0, 5.0, 1674.8431, 80.7218, 0.0500017 },
		{ 1400, 60, 0.06, 365, "easy", 0.2, 1.0, 1370.2167, 94.3513, 0.0600019 },
		{ 1500, 50, 0.06, 0, "hard", 1.0, 5.0, 1511.8731, 50.8055, 0.0600068 },
	};
	const int64_t t0 = 1000000;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct rating_state st = { { rows[i].rating, rows[i].rd, rows[i].vol }, 1, t0 };
		struct rating_session s = { t0 + rows[i].idle_days * DAY, rows[i].difficulty, rows[i].tests,
					    rows[i].feedback };
		CHECK_EQ_INT(rating_apply(&st, &s), 0);
		char what[64];
		snprintf(what, sizeof(what), "row %zu: rating", i);
		near(st.g.rating, rows[i].want_rating, 0.0005, what);
		snprintf(what, sizeof(what), "row %zu: rd", i);
		near(st.g.rd, rows[i].want_rd, 0.0005, what);
		snprintf(what, sizeof(what), "row %zu: volatility", i);
		near(st.g.vol, rows[i].want_vol, 0.0000005, what);
		CHECK_EQ_INT(st.games, 2);
		CHECK_EQ_INT(st.updated_ms, s.ended_ms);
	}
}

static void test_score(void)
{
	near(rating_score(0.6, 0), 0.6, 1e-12, "tests alone without feedback");
	near(rating_score(1, 5), 1, 1e-12, "all tests, all 5s");
	near(rating_score(1, 1), 0.7, 1e-12, "all tests, all 1s");
	near(rating_score(0, 3), 0.15, 1e-12, "no test, all 3s");
	near(rating_score(0.6, 4.25), 0.7 * 0.6 + 0.3 * 3.25 / 4, 1e-12, "blended");
	near(rating_score(1.5, 0), 1, 0, "clamped");
	near(rating_score(-1, 0), 0, 0, "clamped");
	near(rating_score(NAN, 0), 0, 0, "NaN tests count as none");
	CHECK(rating_problem("easy") == 1200 && rating_problem("medium") == 1500 && rating_problem("hard") == 1800);
	CHECK(rating_problem(NULL) == 1500 && rating_problem("nightmare") == 1500);
}

/* Over a grid of prior states, difficulties and feedback: the new rating
 * never falls as more tests pass, nor as the feedback improves. */
static void test_monotone(void)
{
	static const double priors[][3] = { { 1500, 350, 0.06 }, { 1200, 80, 0.06 }, { 2100, 50, 0.09 },
					     { 900, 200, 0.03 }, { 1500, 30, 0.2 } };
	static const char *const diffs[] = { "easy", "medium", "hard" };
	static const double feedbacks[] = { 0, 1, 2.5, 4, 5 };
	unsigned bad = 0, checked = 0;
	for (size_t p = 0; p < sizeof(priors) / sizeof(priors[0]); p++)
		for (size_t d = 0; d < 3; d++)
			for (size_t f = 0; f < sizeof(feedbacks) / sizeof(feedbacks[0]); f++) {
				double last = -INFINITY;
				for (int k = 0; k <= 20; k++) {
					struct rating_state st = { { priors[p][0], priors[p][1], priors[p][2] }, 3, 0 };
					struct rating_session s = { 0, diffs[d], k / 20.0, feedbacks[f] };
					if (rating_apply(&st, &s)) {
						bad++;
						continue;
					}
					checked++;
					if (st.g.rating < last - 1e-9) {
						fprintf(stderr, "prior %zu %s feedback %g: %d/20 tests gave %.6f < %.6f\n", p,
							diffs[d], feedbacks[f], k, st.g.rating, last);
						bad++;
					}
					last = st.g.rating;
				}
			}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(checked, 5 * 3 * 5 * 21);
	/* And in the feedback, tests fixed. */
	double last = -INFINITY;
	for (int q = 4; q <= 20; q++) {
		struct rating_state st = { { 1500, 100, 0.06 }, 3, 0 };
		struct rating_session s = { 0, "medium", 0.5, q / 4.0 };
		CHECK_EQ_INT(rating_apply(&st, &s), 0);
		CHECK(st.g.rating >= last - 1e-9);
		last = st.g.rating;
	}
}

/* Inactivity: the RD grows with the time since the last session, pro
 * rata over 7-day periods, and never past 350; a first session starts
 * from 350 whatever the time. */
static void test_idle(void)
{
	struct rating_state st;
	rating_start(&st, 1800);
	CHECK(st.g.rating == 1800 && st.g.rd == 350 && st.g.vol == 0.06 && st.games == 0);
	near(rating_rd_at(&st, 1000 * DAY), 350, 0, "unrated: 350");
	st = (struct rating_state){ { 1500, 60, 0.06 }, 5, 100 * DAY };
	near(rating_rd_at(&st, 100 * DAY), 60, 0, "no time, no growth");
	near(rating_rd_at(&st, 99 * DAY), 60, 0, "a time before the last session: no growth");
	double phi = 60 / GLICKO2_SCALE, one = GLICKO2_SCALE * sqrt(phi * phi + 0.06 * 0.06);
	near(rating_rd_at(&st, 107 * DAY), one, 1e-9, "one period: step 6 once");
	double half = GLICKO2_SCALE * sqrt(phi * phi + 0.5 * 0.06 * 0.06);
	near(rating_rd_at(&st, 100 * DAY + 84LL * 3600 * 1000), half, 1e-9, "half a period: pro rata");
	double prev = 60;
	for (int64_t d = 1; d < 20000; d *= 2) {
		double rd = rating_rd_at(&st, 100 * DAY + d * DAY);
		CHECK(rd >= prev && rd <= 350);
		prev = rd;
	}
	near(prev, 350, 0, "years idle: back to 350");
}

static void test_refused(void)
{
	struct glicko2 p = { 1500, 200, 0.06 }, out = { 1, 2, 3 };
	struct glicko2_game g = { 1500, 100, 1.5 };
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0.5, &out), -EINVAL);
	g.score = -0.1;
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0.5, &out), -EINVAL);
	g.score = NAN;
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0.5, &out), -EINVAL);
	g.score = 1;
	g.rd = 0;
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0.5, &out), -EINVAL);
	g.rd = 100;
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0, &out), -EINVAL);
	p.vol = 0;
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0.5, &out), -EINVAL);
	p.vol = 0.06;
	p.rating = INFINITY;
	CHECK_EQ_INT(glicko2_update(&p, &g, 1, 0.5, &out), -EINVAL);
	CHECK(out.rating == 1 && out.rd == 2 && out.vol == 3);
}

int main(void)
{
	test_glickman();
	test_surprise();
	test_table();
	test_score();
	test_monotone();
	test_idle();
	test_refused();
	return check_done();
}
