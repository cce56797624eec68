/* ratings.c - the skill ratings at work (ratings.h): the Glicko-2 rater
 * of the store's recomputes, the thread that rates ended rooms and ends
 * rooms whose time ran out unseen, and the JSON of a rating. */
#define _GNU_SOURCE
#include "ratings.h"
#include "app.h"
#include "hub.h"
#include "phase.h"
#include "rating.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DRAIN_MAX 1000                  /* rooms rated in one go before the thread looks up again */
#define SWEEP_ROOMS 100                 /* rooms looked at by one sweep */
#define SWEEP_GRACE_MS 60000            /* rooms younger than this are not even looked at */

/* ---- the rater ---- */

static void figures(const struct rating_state *st, double *rating, double *rd, double *vol)
{
	*rating = st->g.rating;
	*rd = st->g.rd;
	*vol = st->g.vol;
}

static void to_store(const struct rating_state *st, const char *language, double seed, struct store_rating *x)
{
	memset(x, 0, sizeof(*x));
	str_copy(x->language, sizeof(x->language), language);
	figures(st, &x->rating, &x->rd, &x->volatility);
	x->games = st->games;
	x->seed = seed;
	x->updated_ms = st->updated_ms;
}

/* Every session in order, into the overall state and its language's
 * (states[0] is the overall one, langs[k] names states[k]). */
static int glicko_rate(void *ctx, double seed, struct store_rating_game *g, size_t n, struct store_rating **out,
		       size_t *nout)
{
	(void)ctx;
	struct rating_state *st = calloc(n + 1, sizeof(*st));
	const char **langs = calloc(n + 1, sizeof(*langs));
	struct store_rating *v = calloc(n + 1, sizeof(*v));
	if (!st || !langs || !v) {
		free(st);
		free(langs);
		free(v);
		return -ENOMEM;
	}
	size_t nl = 1;
	langs[0] = "";
	rating_start(&st[0], seed);
	int e = 0;
	for (size_t i = 0; i < n && !e; i++) {
		size_t k = 1;
		while (k < nl && strcmp(langs[k], g[i].language))
			k++;
		if (k == nl) {
			langs[nl] = g[i].language;
			rating_start(&st[nl++], seed);
		}
		struct rating_session s = { g[i].ended_ms, g[i].difficulty, g[i].tests, g[i].feedback };
		g[i].score = rating_score(s.tests, s.feedback);
		if (!(e = rating_apply(&st[0], &s)))
			e = rating_apply(&st[k], &s);
		figures(&st[0], &g[i].rating, &g[i].rd, &g[i].volatility);
		figures(&st[k], &g[i].lang_rating, &g[i].lang_rd, &g[i].lang_volatility);
	}
	for (size_t k = 0; k < nl && !e; k++)
		to_store(&st[k], langs[k], seed, &v[k]);
	free(st);
	free(langs);
	if (e) {
		free(v);
		return e;
	}
	*out = v;
	*nout = nl;
	return 0;
}

const struct store_rater ratings_rater = { NULL, glicko_rate };

json_t *ratings_figure(double v)
{
	return json_real(round(v * 100) / 100);
}

json_t *ratings_json(const struct store_rating *x, int64_t now_ms, int with_language)
{
	struct rating_state st = { { x->rating, x->rd, x->volatility }, x->games, x->updated_ms };
	json_t *o = json_pack("{s:o, s:o, s:o, s:I, s:I}", "rating", ratings_figure(x->rating), "rd",
			      ratings_figure(rating_rd_at(&st, now_ms)), "volatility",
			      json_real(round(x->volatility * 1e6) / 1e6), "games", (json_int_t)x->games, "updated_at",
			      (json_int_t)x->updated_ms);
	if (o && with_language)
		json_object_set_new(o, "language", json_string(x->language));
	return o;
}

/* ---- the thread ---- */

struct ratings {
	struct app *app;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool wake, stop, started;
	pthread_t thread;
};

/* Rate what the queue holds. */
static void drain(struct ratings *r)
{
	for (int i = 0; i < DRAIN_MAX; i++) {
		char room[STORE_ROOM_ID_LEN + 1];
		int k = store_rating_next(r->app->store, &ratings_rater, room);
		if (k < 0)
			fprintf(stderr, "pairbox: ratings: the queue's next room (%s) could not be rated: %s\n",
				room[0] ? room : "?", strerror(-k));
		if (k <= 0)
			return;
	}
}

/* When a room ends at the latest: its start and every phase's minutes
 * (earlier when both moved on, which only its clock knows). */
static int64_t latest_end(const struct store_room *row)
{
	struct phase_plan plan;
	if (phase_plan_parse(row->plan, &plan, NULL, 0))
		return INT64_MAX;
	int64_t end = row->start_ms;
	for (size_t i = 0; i < plan.n; i++)
		end += (int64_t)plan.phases[i].minutes * 60000;
	return end;
}

/* End the rooms whose time ran out while nobody had them open. */
static void sweep(struct ratings *r, int64_t now)
{
	struct app *app = r->app;
	char (*ids)[STORE_ROOM_ID_LEN + 1] = NULL;
	size_t n = 0;
	if (store_rooms_open(app->store, now - SWEEP_GRACE_MS, SWEEP_ROOMS, &ids, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		struct store_room row;
		int64_t ended = 0;
		if (store_room_get(app->store, ids[i], &row) || latest_end(&row) > now)
			continue;
		int e = hub_room_end(app->hub, ids[i], row.users[0] ? row.users[0] : row.users[1], NULL, &ended);
		if (e == -ESHUTDOWN)
			break;
		if (e)
			fprintf(stderr, "pairbox: ratings: room %s could not be ended: %s\n", ids[i], strerror(-e));
	}
	free(ids);
}

static void *ratings_main(void *arg)
{
	struct ratings *r = arg;
	int64_t next_sweep = 0;                  /* at once: rooms that ended while the server was down */
	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->stop && !r->wake && unix_ms() < next_sweep) {
			struct timespec until;
			int64_t wait = next_sweep - unix_ms();
			deadline_ms(CLOCK_REALTIME, wait > 0 ? (unsigned)wait : 0, &until);
			pthread_cond_timedwait(&r->cond, &r->lock, &until);
		}
		if (r->stop)
			break;
		r->wake = false;
		pthread_mutex_unlock(&r->lock);
		drain(r);
		int64_t now = unix_ms();
		if (now >= next_sweep) {
			sweep(r, now);
			next_sweep = now + RATINGS_SWEEP_MS;
		}
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int ratings_new(struct app *app, struct ratings **out)
{
	*out = NULL;
	struct ratings *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->app = app;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	int e = pthread_create(&r->thread, NULL, ratings_main, r);
	if (e) {
		ratings_free(r);
		return -e;
	}
	r->started = true;
	*out = r;
	return 0;
}

void ratings_room_ended(struct ratings *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->wake = true;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

void ratings_stop(struct ratings *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	if (r->started)
		pthread_join(r->thread, NULL);
	r->started = false;
}

void ratings_free(struct ratings *r)
{
	if (!r)
		return;
	ratings_stop(r);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
