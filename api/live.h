/* live.h - dispatch's live table: the tokens this process has to judge,
 * from acceptance (or a restart's requeue) to their stored result, each
 * with the subscribers to its progress (the native event stream).
 *
 * Not locked: dispatch.c holds its lock around every call, and calls the
 * subscribers with it held, which is what makes live_unsubscribe() final.
 * Ownership: the table owns the entries linked into it and their
 * subscriptions; live_remove() frees an entry (its pointer is gone). */
#ifndef PAIRBOX_LIVE_H
#define PAIRBOX_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "judge.h"
#include "store.h"

struct live {
	struct live *hnext;
	char token[STORE_TOKEN_LEN + 1];
	bool remote;                    /* a shared store: watched here (waiters, subscribers),
	                                   judged elsewhere; ended by the "done" note */
};

typedef void (*live_fn)(void *ctx, const struct judge_event *ev);

struct live_sub;

struct live_table {
	struct live **buckets;          /* chained, a power of two of them */
	size_t nbuckets, n;
	struct live_sub *subs;
	long next_sub;
};

/* 0 or -ENOMEM. */
int live_table_init(struct live_table *t);
/* Frees every entry and subscription. */
void live_table_release(struct live_table *t);

/* An entry for token, not yet linked (free() it if it never is); NULL
 * when out of memory. */
struct live *live_new(const char *token);
void live_link(struct live_table *t, struct live *l);
struct live *live_find(struct live_table *t, const char *token);
/* Unlink l, end its subscriptions, free it. */
void live_remove(struct live_table *t, struct live *l);

/* The tokens of up to max entries that are remote (or not) into out: how
 * many. */
size_t live_tokens(const struct live_table *t, bool remote, char (*out)[STORE_TOKEN_LEN + 1], size_t max);

/* fn(ctx, ev) for each of l's subscribers, in no set order. */
void live_notify(struct live_table *t, const struct live *l, const struct judge_event *ev);
/* Subscribe to token's entry: an id > 0, -ENOENT when it has none,
 * -ENOMEM. */
long live_subscribe(struct live_table *t, const char *token, live_fn fn, void *ctx);
void live_unsubscribe(struct live_table *t, long id);

#endif
