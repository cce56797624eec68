/* live.c - dispatch's live table: tokens being judged and their
 * progress subscribers (live.h). */
#include "live.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LIVE_BUCKETS 1024          /* to start with; doubles as the table fills */

struct live_sub {
	struct live_sub *next;
	long id;
	const struct live *live;
	live_fn fn;
	void *ctx;
};

static size_t hash_token(const char *t)
{
	uint64_t h = 1469598103934665603ull;          /* FNV-1a */
	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211ull;
	return (size_t)h;
}

int live_table_init(struct live_table *t)
{
	memset(t, 0, sizeof(*t));
	t->nbuckets = LIVE_BUCKETS;
	t->buckets = calloc(t->nbuckets, sizeof(struct live *));
	return t->buckets ? 0 : -ENOMEM;
}

void live_table_release(struct live_table *t)
{
	while (t->subs) {
		struct live_sub *s = t->subs;
		t->subs = s->next;
		free(s);
	}
	for (size_t i = 0; t->buckets && i < t->nbuckets; i++)
		for (struct live *l = t->buckets[i], *next; l; l = next) {
			next = l->hnext;
			free(l);
		}
	free(t->buckets);
	t->buckets = NULL;
	t->n = 0;
}

struct live *live_new(const char *token)
{
	struct live *l = calloc(1, sizeof(*l));
	if (l)
		str_copy(l->token, sizeof(l->token), token);
	return l;
}

struct live *live_find(struct live_table *t, const char *token)
{
	for (struct live *l = t->buckets[hash_token(token) & (t->nbuckets - 1)]; l; l = l->hnext)
		if (!strcmp(l->token, token))
			return l;
	return NULL;
}

static void grow(struct live_table *t)
{
	size_t n = t->nbuckets * 2;
	struct live **b = calloc(n, sizeof(struct live *));
	if (!b)
		return;                                 /* longer chains, still correct */
	for (size_t i = 0; i < t->nbuckets; i++)
		for (struct live *l = t->buckets[i], *next; l; l = next) {
			next = l->hnext;
			size_t k = hash_token(l->token) & (n - 1);
			l->hnext = b[k];
			b[k] = l;
		}
	free(t->buckets);
	t->buckets = b;
	t->nbuckets = n;
}

void live_link(struct live_table *t, struct live *l)
{
	if (t->n >= t->nbuckets)
		grow(t);
	size_t k = hash_token(l->token) & (t->nbuckets - 1);
	l->hnext = t->buckets[k];
	t->buckets[k] = l;
	t->n++;
}

void live_remove(struct live_table *t, struct live *l)
{
	for (struct live **p = &t->buckets[hash_token(l->token) & (t->nbuckets - 1)]; *p; p = &(*p)->hnext)
		if (*p == l) {
			*p = l->hnext;
			t->n--;
			break;
		}
	for (struct live_sub **p = &t->subs; *p;) {
		struct live_sub *s = *p;
		if (s->live == l) {
			*p = s->next;
			free(s);
		} else {
			p = &s->next;
		}
	}
	free(l);
}

void live_notify(struct live_table *t, const struct live *l, const struct judge_event *ev)
{
	for (struct live_sub *s = t->subs; s; s = s->next)
		if (s->live == l)
			s->fn(s->ctx, ev);
}

long live_subscribe(struct live_table *t, const char *token, live_fn fn, void *ctx)
{
	const struct live *l = live_find(t, token);
	if (!l)
		return -ENOENT;
	struct live_sub *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->id = ++t->next_sub;
	s->live = l;
	s->fn = fn;
	s->ctx = ctx;
	s->next = t->subs;
	t->subs = s;
	return s->id;
}

void live_unsubscribe(struct live_table *t, long id)
{
	for (struct live_sub **p = &t->subs; *p; p = &(*p)->next)
		if ((*p)->id == id) {
			struct live_sub *s = *p;
			*p = s->next;
			free(s);
			return;
		}
}

size_t live_tokens(const struct live_table *t, bool remote, char (*out)[STORE_TOKEN_LEN + 1], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nbuckets && n < max; i++)
		for (const struct live *l = t->buckets[i]; l && n < max; l = l->hnext)
			if (l->remote == remote)
				memcpy(out[n++], l->token, sizeof(out[0]));
	return n;
}
