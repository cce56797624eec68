/* lobby.c - matching the waiting room and choosing the pair's problem (lobby.h). */
#define _GNU_SOURCE             /* qsort_r */
#include "lobby.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const difficulty_names[] = { "easy", "medium", "hard" };

int room_difficulty_parse(const char *s, enum room_difficulty *out)
{
	for (size_t i = 0; i < sizeof(difficulty_names) / sizeof(*difficulty_names); i++)
		if (!strcmp(s, difficulty_names[i])) {
			*out = (enum room_difficulty)i;
			return 0;
		}
	return -EINVAL;
}

const char *room_difficulty_name(enum room_difficulty d)
{
	return (unsigned)d < sizeof(difficulty_names) / sizeof(*difficulty_names) ? difficulty_names[d] : "?";
}

int lobby_window(const struct lobby_rules *r, int64_t waited_ms)
{
	if (waited_ms < 0 || r->window_every_ms <= 0)
		waited_ms = 0;
	int64_t w = r->window + (int64_t)r->window_step * (r->window_every_ms > 0 ? waited_ms / r->window_every_ms : 0);
	return w > 1000000 ? 1000000 : (int)w;     /* wider than any two ratings differ */
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_size(size_t a, size_t b)
{
	return a < b ? -1 : a > b;
}

/* Duplicates of one user: the most recently polled first; on a tie the
 * latest joined, then by content, so the entry kept never depends on
 * where it stands (entries equal in all of these match alike). */
static int by_user(const void *x, const void *y, void *ctx)
{
	const struct lobby_entry *e = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = cmp_i64(e[i].user_id, e[j].user_id);
	if (!c)
		c = cmp_i64(e[j].polled_ms, e[i].polled_ms);
	if (!c)
		c = cmp_i64(e[j].joined_ms, e[i].joined_ms);
	if (!c)
		c = strcmp(e[i].language, e[j].language);
	if (!c)
		c = (int)e[i].difficulty - (int)e[j].difficulty;
	if (!c)
		c = cmp_i64(e[i].rating, e[j].rating);
	if (!c)
		c = cmp_i64(e[i].last_partner, e[j].last_partner);
	return c ? c : cmp_size(i, j);
}

/* Who picks first: the longest waiter, then the smaller user id. */
static int by_wait(const void *x, const void *y, void *ctx)
{
	const struct lobby_entry *e = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = cmp_i64(e[i].joined_ms, e[j].joined_ms);
	if (!c)
		c = cmp_i64(e[i].user_id, e[j].user_id);
	return c ? c : cmp_size(i, j);
}

/* Buckets (language, difficulty), each in rating order. */
static int by_bucket(const void *x, const void *y, void *ctx)
{
	const struct lobby_entry *e = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = strcmp(e[i].language, e[j].language);
	if (!c)
		c = (int)e[i].difficulty - (int)e[j].difficulty;
	if (!c)
		c = cmp_i64(e[i].rating, e[j].rating);
	return c ? c : by_wait(x, y, ctx);
}

static bool same_bucket(const struct lobby_entry *a, const struct lobby_entry *b)
{
	return a->difficulty == b->difficulty && !strcmp(a->language, b->language);
}

struct matcher {
	const struct lobby_entry *e;
	const struct lobby_rules *rules;
	int64_t now;
	size_t *order;       /* the live entries by bucket and rating */
	size_t *pos;         /* entry -> its place in order */
	size_t *first;       /* entry -> the first place of its bucket in order */
	size_t *left;        /* bucket (by its first place) -> live entries not yet matched */
	bool *taken;         /* entry matched, stale or a duplicate */
	size_t nlive;
};

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

static bool rematch(const struct lobby_entry *a, const struct lobby_entry *b)
{
	return (a->last_partner && a->last_partner == b->user_id) || (b->last_partner && b->last_partner == a->user_id);
}

/* Whether candidate c would be a better partner than best for w (equally
 * close: the longer waiter). */
static bool better(const struct matcher *m, size_t w, size_t c, size_t best)
{
	const struct lobby_entry *e = m->e;
	int64_t dc = abs64((int64_t)e[c].rating - e[w].rating), db = abs64((int64_t)e[best].rating - e[w].rating);
	if (dc != db)
		return dc < db;
	return by_wait(&c, &best, (void *)e) < 0;
}

/* The best partner for w among the live entries of its bucket, or n. The
 * scan goes outward from w in rating order on both sides and stops where
 * the distance passes both the widest window any entry has (win_max) and
 * the best distance found. */
static size_t partner(const struct matcher *m, size_t w, size_t n, int win_max)
{
	const struct lobby_entry *e = m->e;
	size_t best = n, p = m->pos[w], lo = m->first[w];
	int win_w = lobby_window(m->rules, m->now - e[w].joined_ms);
	for (int dir = -1; dir <= 1; dir += 2) {
		for (size_t q = p;;) {
			if (dir < 0 ? q == lo : q + 1 >= m->nlive)
				break;
			q = dir < 0 ? q - 1 : q + 1;
			size_t c = m->order[q];
			if (!same_bucket(&e[c], &e[w]))
				break;
			int64_t d = abs64((int64_t)e[c].rating - e[w].rating);
			if (d > win_max || (best < n && d > abs64((int64_t)e[best].rating - e[w].rating)))
				break;
			if (m->taken[c])
				continue;
			int win_c = lobby_window(m->rules, m->now - e[c].joined_ms);
			if (d > (win_w > win_c ? win_w : win_c))
				continue;
			/* A and B again only when nobody else can be matched with them. */
			if (rematch(&e[w], &e[c]) && m->left[m->first[w]] > 2)
				continue;
			if (best == n || better(m, w, c, best))
				best = c;
		}
	}
	return best;
}

void lobby_result_release(struct lobby_result *r)
{
	if (!r)
		return;
	free(r->pairs);
	free(r->dropped);
	memset(r, 0, sizeof(*r));
}

int lobby_match(const struct lobby_entry *e, size_t n, int64_t now, const struct lobby_rules *rules,
		struct lobby_result *out)
{
	struct lobby_rules defaults = LOBBY_RULES_DEFAULT;
	struct matcher m = { .e = e, .rules = rules ? rules : &defaults, .now = now };
	size_t *byuser = NULL, *bywait = NULL;
	int r = -ENOMEM;
	memset(out, 0, sizeof(*out));
	if (n > LOBBY_MATCH_MAX)
		return -E2BIG;
	size_t alloc = n ? n : 1;
	m.order = malloc(alloc * sizeof(size_t));
	m.pos = malloc(alloc * sizeof(size_t));
	m.first = malloc(alloc * sizeof(size_t));
	m.left = calloc(alloc, sizeof(size_t));
	m.taken = calloc(alloc, sizeof(bool));
	byuser = malloc(alloc * sizeof(size_t));
	bywait = malloc(alloc * sizeof(size_t));
	out->pairs = malloc(alloc / 2 * sizeof(*out->pairs) + sizeof(*out->pairs));
	out->dropped = malloc(alloc * sizeof(size_t));
	if (!m.order || !m.pos || !m.first || !m.left || !m.taken || !byuser || !bywait || !out->pairs ||
	    !out->dropped)
		goto out;

	/* Stale entries dropped; of one user's live entries, the latest kept. */
	size_t nuser = 0;
	for (size_t i = 0; i < n; i++) {
		if (now - e[i].polled_ms >= m.rules->stale_ms) {
			out->dropped[out->ndropped++] = i;
			m.taken[i] = true;
		} else
			byuser[nuser++] = i;
	}
	qsort_r(byuser, nuser, sizeof(size_t), by_user, (void *)e);
	int64_t oldest = now;
	for (size_t k = 0; k < nuser; k++) {
		size_t i = byuser[k];
		if (k > 0 && e[byuser[k - 1]].user_id == e[i].user_id) {
			m.taken[i] = true;
			continue;
		}
		m.order[m.nlive] = i;
		bywait[m.nlive++] = i;
		oldest = e[i].joined_ms < oldest ? e[i].joined_ms : oldest;
	}
	int win_max = lobby_window(m.rules, now - oldest);

	qsort_r(m.order, m.nlive, sizeof(size_t), by_bucket, (void *)e);
	for (size_t q = 0; q < m.nlive; q++) {
		size_t i = m.order[q];
		bool starts = q == 0 || !same_bucket(&e[m.order[q - 1]], &e[i]);
		m.pos[i] = q;
		m.first[i] = starts ? q : m.first[m.order[q - 1]];
		m.left[m.first[i]]++;
	}
	qsort_r(bywait, m.nlive, sizeof(size_t), by_wait, (void *)e);
	/* Passes until one makes no pair: a pass can leave two former
	 * partners waiting while others wait, and then match the others, after
	 * which the two are all that is left and may meet again. */
	for (bool paired = true; paired;) {
		paired = false;
		for (size_t k = 0; k < m.nlive; k++) {
			size_t w = bywait[k];
			if (m.taken[w])
				continue;
			size_t c = partner(&m, w, n, win_max);
			if (c == n)
				continue;
			m.taken[w] = m.taken[c] = true;
			m.left[m.first[w]] -= 2;
			out->pairs[out->npairs++] = (struct lobby_pair){ w, c };
			paired = true;
		}
	}
	r = 0;
out:
	if (r)
		lobby_result_release(out);
	free(m.order);
	free(m.pos);
	free(m.first);
	free(m.left);
	free(m.taken);
	free(byuser);
	free(bywait);
	return r;
}

static bool has_slug(const struct lobby_history *h, const char *slug)
{
	for (size_t i = 0; h && i < h->n; i++)
		if (!strcmp(h->slugs[i], slug))
			return true;
	return false;
}

/* Whether p has a tag the user asked for (asking for none: any problem does). */
static bool topical(const struct lobby_problem *p, const struct lobby_entry *u)
{
	if (!u->ntopics)
		return true;
	for (size_t i = 0; i < u->ntopics; i++)
		for (size_t k = 0; k < p->ntags; k++)
			if (!strcmp(u->topics[i], p->tags[k]))
				return true;
	return false;
}

/* A problem's rank for the pair: smaller is better. */
static int rank(const struct lobby_problem *p, const struct lobby_entry *a, const struct lobby_history *ha,
		const struct lobby_entry *b, const struct lobby_history *hb)
{
	int dist = abs((int)p->difficulty - (int)a->difficulty);
	int had = has_slug(ha, p->slug) + has_slug(hb, p->slug);
	int missed = !topical(p, a) + !topical(p, b);
	return dist * 9 + had * 3 + missed;
}

/* splitmix64: one well-mixed value from the seed. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

int lobby_pick_problem(const struct lobby_problem *bank, size_t n, const struct lobby_entry *a,
		       const struct lobby_history *ha, const struct lobby_entry *b, const struct lobby_history *hb,
		       uint64_t seed)
{
	int best = -1;
	size_t ties = 0;
	for (size_t i = 0; i < n; i++) {
		int rk = rank(&bank[i], a, ha, b, hb);
		if (best < 0 || rk < best) {
			best = rk;
			ties = 1;
		} else if (rk == best)
			ties++;
	}
	if (best < 0)
		return -ENOENT;
	size_t want = (size_t)(mix(seed) % ties);
	for (size_t i = 0; i < n; i++)
		if (rank(&bank[i], a, ha, b, hb) == best && want-- == 0)
			return (int)i;
	return -ENOENT;     /* not reached */
}
