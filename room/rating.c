/* rating.c - Glicko-2 and pair sessions as its games (rating.h,
 * docs/ratings.md). The step numbers are those of Glickman's "Example of
 * the Glicko-2 system" (2013). */
#define _GNU_SOURCE
#include "rating.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

static double g_of(double phi)
{
	return 1.0 / sqrt(1.0 + 3.0 * phi * phi / (M_PI * M_PI));
}

static double e_of(double mu, double mu_j, double phi_j)
{
	return 1.0 / (1.0 + exp(-g_of(phi_j) * (mu - mu_j)));
}

/* Step 5's f(x). */
struct vol_fn {
	double delta2, phi2, v, a, tau2;
};

static double vol_f(const struct vol_fn *f, double x)
{
	double ex = exp(x), d = f->phi2 + f->v + ex;
	return ex * (f->delta2 - f->phi2 - f->v - ex) / (2.0 * d * d) - (x - f->a) / f->tau2;
}

/* Step 5: the new volatility by the Illinois algorithm (a regula falsi
 * that halves the stale side's value, so it converges on either side). */
static double new_volatility(double sigma, double phi, double v, double delta, double tau)
{
	struct vol_fn f = { delta * delta, phi * phi, v, log(sigma * sigma), tau * tau };
	double A = f.a, B;
	if (f.delta2 > f.phi2 + v) {
		B = log(f.delta2 - f.phi2 - v);
	} else {
		/* Step down by tau until f is no longer negative: its second
		 * term, k / tau, grows with k, so this ends (the bound is a
		 * guard). */
		double k = 1;
		while (vol_f(&f, f.a - k * tau) < 0 && k < 1e6)
			k++;
		B = f.a - k * tau;
	}
	double fa = vol_f(&f, A), fb = vol_f(&f, B);
	for (int i = 0; fabs(B - A) > GLICKO2_EPSILON && i < 1000; i++) {
		double C = A + (A - B) * fa / (fb - fa), fc = vol_f(&f, C);
		if (fc * fb <= 0) {
			A = B;
			fa = fb;
		} else {
			fa /= 2;
		}
		B = C;
		fb = fc;
	}
	return exp(A / 2);
}

static bool usable(const struct glicko2 *p)
{
	return isfinite(p->rating) && isfinite(p->rd) && isfinite(p->vol) && p->rd > 0 && p->vol > 0;
}

int glicko2_update(const struct glicko2 *p, const struct glicko2_game *g, size_t n, double tau,
		   struct glicko2 *out)
{
	if (!usable(p) || !(tau > 0) || !isfinite(tau))
		return -EINVAL;
	for (size_t j = 0; j < n; j++)
		if (!isfinite(g[j].rating) || !isfinite(g[j].rd) || !(g[j].rd > 0) || !(g[j].score >= 0) ||
		    !(g[j].score <= 1))
			return -EINVAL;
	/* Step 2: onto Glicko-2's scale. */
	double mu = (p->rating - 1500) / GLICKO2_SCALE, phi = p->rd / GLICKO2_SCALE;
	if (n == 0) {
		/* Step 6 alone: a player who did not compete. */
		struct glicko2 r = { p->rating, GLICKO2_SCALE * sqrt(phi * phi + p->vol * p->vol), p->vol };
		*out = r;
		return 0;
	}
	/* Steps 3 and 4: the estimated variance v and the improvement delta. */
	double v_inv = 0, sum = 0;
	for (size_t j = 0; j < n; j++) {
		double mu_j = (g[j].rating - 1500) / GLICKO2_SCALE, phi_j = g[j].rd / GLICKO2_SCALE;
		double gj = g_of(phi_j), e = e_of(mu, mu_j, phi_j);
		v_inv += gj * gj * e * (1 - e);
		sum += gj * (g[j].score - e);
	}
	double v = 1 / v_inv, delta = v * sum;
	/* Step 5: the new volatility; 6: the pre-period RD; 7: the new RD
	 * and rating; 8: back onto Glicko's scale. */
	double sigma = new_volatility(p->vol, phi, v, delta, tau);
	double phi_star = sqrt(phi * phi + sigma * sigma);
	double phi_new = 1 / sqrt(1 / (phi_star * phi_star) + 1 / v);
	double mu_new = mu + phi_new * phi_new * sum;
	struct glicko2 r = { GLICKO2_SCALE * mu_new + 1500, GLICKO2_SCALE * phi_new, sigma };
	if (!usable(&r))
		return -EINVAL;
	*out = r;
	return 0;
}

double glicko2_idle_rd(const struct glicko2 *p, double periods, double max_rd)
{
	if (!(periods > 0))
		return p->rd < max_rd ? p->rd : max_rd;
	double phi = p->rd / GLICKO2_SCALE;
	double rd = GLICKO2_SCALE * sqrt(phi * phi + periods * p->vol * p->vol);
	return rd < max_rd ? rd : max_rd;
}

/* ---- pair sessions ---- */

double rating_problem(const char *difficulty)
{
	if (difficulty && !strcmp(difficulty, "easy"))
		return 1200;
	if (difficulty && !strcmp(difficulty, "hard"))
		return 1800;
	return 1500;
}

static double clamp01(double x)
{
	return !(x > 0) ? 0 : x > 1 ? 1 : x;
}

double rating_score(double tests, double feedback)
{
	if (!(feedback >= 1))
		return clamp01(tests);
	double fb = clamp01((feedback - 1) / 4);
	return clamp01(RATING_TESTS_WEIGHT * clamp01(tests) + (1 - RATING_TESTS_WEIGHT) * fb);
}

void rating_start(struct rating_state *st, double seed)
{
	memset(st, 0, sizeof(*st));
	st->g.rating = seed;
	st->g.rd = RATING_INITIAL_RD;
	st->g.vol = RATING_INITIAL_VOL;
}

double rating_rd_at(const struct rating_state *st, int64_t now_ms)
{
	if (!st->games || now_ms <= st->updated_ms)
		return st->g.rd;
	return glicko2_idle_rd(&st->g, (double)(now_ms - st->updated_ms) / (double)RATING_PERIOD_MS,
			       RATING_INITIAL_RD);
}

int rating_apply(struct rating_state *st, const struct rating_session *s)
{
	struct glicko2 before = st->g;
	before.rd = rating_rd_at(st, s->ended_ms);
	struct glicko2_game game = { rating_problem(s->difficulty), RATING_PROBLEM_RD,
				     rating_score(s->tests, s->feedback) };
	struct glicko2 after;
	int e = glicko2_update(&before, &game, 1, RATING_TAU, &after);
	if (e)
		return e;
	st->g = after;
	st->games++;
	if (s->ended_ms > st->updated_ms)
		st->updated_ms = s->ended_ms;
	return 0;
}
