/* matching.c - the waiting room's matchmaker (matching.h): the store's
 * entries to the room core's matcher and back, each pair's room (a fresh
 * random id, the problem neither has had when the bank allows, the first
 * driver the one who drove less recently), in one store transaction. */
#define _GNU_SOURCE
#include "matching.h"
#include "app.h"
#include "bank.h"
#include "base64.h"
#include "harness.h"
#include "lobby.h"
#include "phase.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define RUN_EVERY_MS 1000
#define TOPICS_MAX 16

struct matchmaker {
	struct app *app;
	pthread_mutex_t lock;            /* runs one at a time; the fields below */
	pthread_cond_t changed;
	uint64_t gen;
	int64_t last_ms;
	/* The bank's problems, sorted as the index lists them (refreshed when
	 * its count changes). */
	struct lobby_problem *problems;
	const struct bank_entry **entries;
	size_t nproblems, bank_count;
};

/* One matching's state, for the store's callbacks. */
struct run {
	struct matchmaker *m;
	int64_t now;
	struct lobby_entry *v;           /* the store's entries as the core reads them */
	json_t **topics;                 /* each entry's topics, parsed (owned) */
	const char **topic_ptrs;         /* TOPICS_MAX per entry, into topics */
	size_t n;
};

int matchmaker_new(struct app *app, struct matchmaker **out)
{
	struct matchmaker *m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->app = app;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->changed, NULL);
	*out = m;
	return 0;
}

void matchmaker_free(struct matchmaker *m)
{
	if (!m)
		return;
	free(m->problems);
	free(m->entries);
	pthread_cond_destroy(&m->changed);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* The bank's problems in the index's order (lock held). */
static int load_problems(struct matchmaker *m)
{
	struct bank *b = m->app->bank;
	if (m->problems && m->bank_count == bank_count(b))
		return 0;
	size_t cap = bank_count(b) + 1, got = 0;
	struct lobby_problem *v = calloc(cap, sizeof(*v));
	const struct bank_entry **ents = calloc(cap, sizeof(*ents));
	if (!v || !ents) {
		free(v);
		free(ents);
		return -ENOMEM;
	}
	for (size_t page = 1;; page++) {
		struct store_problem_query q = { .page = page, .per_page = 100 };
		char **slugs = NULL;
		size_t n = 0, total = 0;
		int e = store_problem_search(m->app->store, &q, &slugs, &n, &total);
		for (size_t i = 0; i < n; i++) {
			const struct bank_entry *be = bank_find(b, slugs[i]);
			enum room_difficulty d;
			if (be && got < cap && be->p->difficulty && !room_difficulty_parse(be->p->difficulty, &d) &&
			    strlen(be->p->slug) <= STORE_ROOM_SLUG_MAX) {
				v[got] = (struct lobby_problem){ be->p->slug, d, (const char *const *)be->p->tags, be->p->ntags };
				ents[got++] = be;
			}
			free(slugs[i]);
		}
		free(slugs);
		if (e || n < 100) {
			if (e) {
				free(v);
				free(ents);
				return e;
			}
			break;
		}
	}
	free(m->problems);
	free(m->entries);
	m->problems = v;
	m->entries = ents;
	m->nproblems = got;
	m->bank_count = bank_count(b);
	return 0;
}

static void run_release(struct run *r)
{
	for (size_t i = 0; r->topics && i < r->n; i++)
		json_decref(r->topics[i]);
	free(r->topics);
	free(r->topic_ptrs);
	free(r->v);
}

static int pair_cb(void *ctx, const struct store_lobby_entry *v, size_t n, size_t (**pairs)[2], size_t *npairs,
		   size_t **dropped, size_t *ndropped)
{
	struct run *r = ctx;
	r->n = n;
	r->v = calloc(n, sizeof(*r->v));
	r->topics = calloc(n, sizeof(*r->topics));
	r->topic_ptrs = calloc(n * TOPICS_MAX, sizeof(*r->topic_ptrs));
	if (!r->v || !r->topics || !r->topic_ptrs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct lobby_entry *e = &r->v[i];
		enum room_difficulty d = ROOM_MEDIUM;
		room_difficulty_parse(v[i].difficulty, &d);
		r->topics[i] = json_loads(v[i].topics, 0, NULL);
		size_t k, nt = 0;
		json_t *t;
		json_array_foreach(r->topics[i], k, t)
			if (json_is_string(t) && nt < TOPICS_MAX)
				r->topic_ptrs[i * TOPICS_MAX + nt++] = json_string_value(t);
		*e = (struct lobby_entry){ .user_id = v[i].user_id, .language = v[i].language, .difficulty = d,
					   .topics = &r->topic_ptrs[i * TOPICS_MAX], .ntopics = nt, .rating = v[i].rating,
					   .joined_ms = v[i].joined_ms, .polled_ms = v[i].polled_ms,
					   .last_partner = v[i].last_partner };
	}
	struct lobby_result res = { 0 };
	int e = lobby_match(r->v, n, r->now, NULL, &res);
	if (e)
		return e;
	*pairs = res.npairs ? malloc(res.npairs * sizeof(**pairs)) : NULL;
	*dropped = res.ndropped ? malloc(res.ndropped * sizeof(**dropped)) : NULL;
	if ((res.npairs && !*pairs) || (res.ndropped && !*dropped)) {
		lobby_result_release(&res);
		return -ENOMEM;
	}
	for (size_t i = 0; i < res.npairs; i++) {
		(*pairs)[i][0] = res.pairs[i].a;
		(*pairs)[i][1] = res.pairs[i].b;
	}
	for (size_t i = 0; i < res.ndropped; i++)
		(*dropped)[i] = res.dropped[i];
	*npairs = res.npairs;
	*ndropped = res.ndropped;
	lobby_result_release(&res);
	return 0;
}

/* 12 random bytes in base64url: 16 characters. */
static int room_id(char out[STORE_ROOM_ID_LEN + 1])
{
	unsigned char raw[12];
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return -EIO;
	char *b = base64_encode(raw, sizeof(raw), false, NULL);
	if (!b)
		return -ENOMEM;
	for (char *p = b; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	int e = str_copy(out, STORE_ROOM_ID_LEN + 1, b) ? -EINVAL : 0;
	free(b);
	return e;
}

/* The entry of user_id among the run's. */
static const struct lobby_entry *entry_of(const struct run *r, int64_t user_id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].user_id == user_id)
			return &r->v[i];
	return NULL;
}

/* The problem for a room of language l (lock held, the problems
 * loaded): among the ones l can solve (any stdin/stdout one, a function
 * one where it has a harness), lobby_pick_problem's choice. 0 and *out;
 * -ENOENT (none); -ENOMEM. */
static int pick_locked(struct matchmaker *m, const struct lang *l, const struct lobby_entry *a,
		       const struct lobby_history *ha, const struct lobby_entry *b, const struct lobby_history *hb,
		       int64_t now, const struct lobby_problem **out)
{
	const struct lobby_problem **cand = calloc(m->nproblems + 1, sizeof(*cand));
	struct lobby_problem *v = calloc(m->nproblems + 1, sizeof(*v));
	size_t nc = 0;
	int k = cand && v ? 0 : -ENOMEM;
	for (size_t i = 0; !k && i < m->nproblems; i++)
		if (!m->entries[i]->p->sig || harness_supports(l)) {
			cand[nc] = &m->problems[i];
			v[nc++] = m->problems[i];
		}
	uint64_t seed = 0;
	if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		seed = (uint64_t)now;
	if (!k)
		k = nc ? lobby_pick_problem(v, nc, a, ha, b, hb, seed) : -ENOENT;
	if (k >= 0)
		*out = cand[k];
	free(cand);
	free(v);
	return k < 0 ? k : 0;
}

int matchmaker_pick(struct matchmaker *m, const struct lang *l, const struct lobby_entry *a,
		    const struct lobby_history *ha, const struct lobby_entry *b, const struct lobby_history *hb,
		    char slug[STORE_ROOM_SLUG_MAX + 1], enum room_difficulty *difficulty)
{
	pthread_mutex_lock(&m->lock);
	const struct lobby_problem *p = NULL;
	int e = load_problems(m);
	if (!e)
		e = pick_locked(m, l, a, ha, b, hb, unix_ms(), &p);
	if (!e) {
		str_copy(slug, STORE_ROOM_SLUG_MAX + 1, p->slug);   /* the loader kept only slugs that fit */
		*difficulty = p->difficulty;
	}
	pthread_mutex_unlock(&m->lock);
	return e;
}

int matchmaker_room_id(char out[STORE_ROOM_ID_LEN + 1])
{
	return room_id(out);
}

static int room_cb(void *ctx, const struct store_lobby_entry *a, const char *const *had_a, size_t na,
		   const struct store_lobby_entry *b, const char *const *had_b, size_t nb, struct store_room *out)
{
	struct run *r = ctx;
	struct matchmaker *m = r->m;
	const struct lobby_entry *ea = entry_of(r, a->user_id), *eb = entry_of(r, b->user_id);
	const struct lang *l = lang_find(a->language);
	if (!ea || !eb || !l)
		return -EINVAL;
	struct lobby_history ha = { had_a, na }, hb = { had_b, nb };
	const struct lobby_problem *p = NULL;
	int e = pick_locked(m, l, ea, &ha, eb, &hb, r->now, &p);
	if (!e)
		e = room_id(out->id);
	if (!e && (str_copy(out->problem, sizeof(out->problem), p->slug) ||
		   str_copy(out->language, sizeof(out->language), l->name) ||
		   str_copy(out->plan, sizeof(out->plan), m->app->cfg.phase_minutes)))
		e = -EINVAL;
	if (!e) {
		str_copy(out->difficulty, sizeof(out->difficulty), room_difficulty_name(p->difficulty));
		out->first_driver = phase_first_driver(a->last_drove_ms, b->last_drove_ms);
		out->created_ms = out->start_ms = r->now;
	}
	return e;
}

int matchmaker_run(struct matchmaker *m, bool force)
{
	pthread_mutex_lock(&m->lock);
	int64_t now = unix_ms();
	if (!force && now - m->last_ms < RUN_EVERY_MS) {
		pthread_mutex_unlock(&m->lock);
		return 0;
	}
	m->last_ms = now;
	int e = load_problems(m);
	struct run run = { .m = m, .now = now };
	struct store_matcher sm = { &run, pair_cb, room_cb };
	if (!e)
		e = store_lobby_match(m->app->store, now, &sm);
	run_release(&run);
	if (e > 0) {
		m->gen++;
		pthread_cond_broadcast(&m->changed);
	}
	pthread_mutex_unlock(&m->lock);
	if (e < 0)
		fprintf(stderr, "pairbox: the waiting room's matching failed: %s\n", strerror(-e));
	return e;
}

void matchmaker_wait(struct matchmaker *m, uint64_t *gen, int64_t deadline_ms)
{
	pthread_mutex_lock(&m->lock);
	if (!*gen)
		*gen = m->gen;
	struct timespec until = { .tv_sec = deadline_ms / 1000, .tv_nsec = (deadline_ms % 1000) * 1000000 };
	while (m->gen == *gen) {
		if (pthread_cond_timedwait(&m->changed, &m->lock, &until))
			break;
	}
	*gen = m->gen;
	pthread_mutex_unlock(&m->lock);
}
