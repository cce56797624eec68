/* rating.h - skill ratings (docs/ratings.md): Glicko-2 as Mark Glickman's
 * "Example of the Glicko-2 system" (2013) gives it, and how a pair
 * session becomes a game of it. Pure: libc and libm only, no I/O, no
 * clock (times are arguments).
 *
 * A session is a game of its participant against the room's problem, an
 * opponent whose rating is fixed by its difficulty (easy 1200, medium
 * 1500, hard 1800; RD 100), scored from the session's outcome (the
 * fraction of the tests the room's best submit passed) blended with the
 * feedback the participant received (the mean of its four scores mapped
 * to 0..1). Each session is a rating period of its own; the time since
 * the previous session grows the RD first (Glickman's step 6, pro rata
 * over 7-day periods). So a user's rating is a function of the user's
 * own sessions alone, replayed in order from a seed, and is recomputed
 * whole when a feedback received in an old session changes. */
#ifndef PAIRBOX_RATING_H
#define PAIRBOX_RATING_H

#include <stddef.h>
#include <stdint.h>

#define GLICKO2_SCALE 173.7178               /* Glicko-2's scale: mu = (r - 1500) / 173.7178 */
#define GLICKO2_EPSILON 0.000001             /* the volatility iteration's convergence */
#define RATING_TAU 0.5                       /* the system constant: volatility's pace */
#define RATING_INITIAL_RD 350.0              /* an unrated player's RD; RD never grows past it */
#define RATING_INITIAL_VOL 0.06
#define RATING_PERIOD_MS (7LL * 24 * 3600 * 1000)   /* a rating period: 7 days */
#define RATING_PROBLEM_RD 100.0              /* the problem's RD as an opponent */
#define RATING_TESTS_WEIGHT 0.7              /* of the score; the feedback has the rest */

/* A rating on Glicko's scale (1500, 350, 0.06 to start). */
struct glicko2 {
	double rating, rd, vol;
};

/* One game of a period: the opponent's rating and RD, and the score
 * (1 a win, 0.5 a draw, 0 a loss, or anything between). */
struct glicko2_game {
	double rating, rd, score;
};

/* One rating period, steps 2 to 8 of the paper, with system constant
 * tau: p's games g[0..n) into *out (which may be p). n == 0 is a period
 * without games: the RD grows by step 6 alone. 0, or -EINVAL for a
 * value that is not finite, an RD <= 0, a volatility <= 0, a score
 * outside [0, 1] or tau <= 0 (*out untouched). */
int glicko2_update(const struct glicko2 *p, const struct glicko2_game *g, size_t n, double tau,
		   struct glicko2 *out);

/* p's RD after `periods` rating periods without games (pro rata: step
 * 6's phi^2 + sigma^2 once per period), at most max_rd. */
double glicko2_idle_rd(const struct glicko2 *p, double periods, double max_rd);

/* ---- pair sessions ---- */

/* A user's rating as replayed so far. */
struct rating_state {
	struct glicko2 g;
	unsigned games;                    /* sessions applied */
	int64_t updated_ms;                /* the last session's end (0: none) */
};

/* One session of the user, as the store records it. */
struct rating_session {
	int64_t ended_ms;                  /* when the room ended */
	const char *difficulty;            /* "easy", "medium", "hard" (else as medium) */
	double tests;                      /* the room's best submit: passed / total, in [0, 1] */
	double feedback;                   /* the mean of the scores received, in [1, 5]; 0: none */
};

/* The problem's rating as an opponent: easy 1200, medium 1500, hard
 * 1800 (anything else 1500). */
double rating_problem(const char *difficulty);
/* A session's score in [0, 1]: tests alone without feedback, else
 * 0.7 * tests + 0.3 * (feedback - 1) / 4. Out-of-range inputs are
 * clamped. */
double rating_score(double tests, double feedback);

/* A state before any session: seed (the rating the user's level starts
 * at), RD 350, volatility 0.06. */
void rating_start(struct rating_state *st, double seed);
/* Apply one session: the RD grown for the time since the last session,
 * then the game against the problem. 0, or -EINVAL (st unchanged). */
int rating_apply(struct rating_state *st, const struct rating_session *s);
/* The state's RD at now_ms: grown for the time since its last session
 * (RD of an idle player), at most 350. */
double rating_rd_at(const struct rating_state *st, int64_t now_ms);

#endif
