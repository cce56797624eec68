/* ratelimit.c - token buckets keyed by a string (ratelimit.h): the
 * generic cell rate algorithm over a fixed set-associative table. */
#define _GNU_SOURCE
#include "ratelimit.h"
#include "sha256.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define WAYS 8                       /* keys per set */

struct rl_slot {
	uint64_t hash;                   /* 0: empty */
	uint64_t full_at;                /* when the bucket is full again (ms); the "theoretical arrival time" */
};

struct ratelimit {
	pthread_mutex_t lock;
	uint64_t period_ms, slack_ms;    /* slack: (burst - 1) periods, what a key may run ahead */
	size_t nsets;
	unsigned char seed[16];          /* keys the hash, so no one can aim keys at one set */
	struct rl_slot slots[];          /* nsets * WAYS */
};

int ratelimit_new(unsigned burst, uint64_t period_ms, size_t keys, struct ratelimit **out)
{
	*out = NULL;
	if (!burst || !period_ms || !keys || period_ms > UINT64_MAX / 4 / burst)
		return -EINVAL;
	size_t nsets = (keys + WAYS - 1) / WAYS;
	if (nsets > SIZE_MAX / WAYS / sizeof(struct rl_slot) - 1)
		return -EINVAL;
	struct ratelimit *rl = calloc(1, sizeof(*rl) + nsets * WAYS * sizeof(struct rl_slot));
	if (!rl)
		return -ENOMEM;
	if (getrandom(rl->seed, sizeof(rl->seed), 0) != (ssize_t)sizeof(rl->seed)) {
		free(rl);
		return -EIO;
	}
	pthread_mutex_init(&rl->lock, NULL);
	rl->period_ms = period_ms;
	rl->slack_ms = (uint64_t)(burst - 1) * period_ms;
	rl->nsets = nsets;
	*out = rl;
	return 0;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static uint64_t key_hash(const struct ratelimit *rl, const char *key)
{
	struct sha256 h;
	unsigned char d[32];
	sha256_init(&h);
	sha256_update(&h, rl->seed, sizeof(rl->seed));
	sha256_update(&h, key, strlen(key));
	sha256_final(&h, d);
	uint64_t v;
	memcpy(&v, d, sizeof(v));
	return v | 1;                    /* never 0, the empty slot's mark */
}

/* key's slot (lock held): its own, or, when it has none, an empty one or
 * the fullest of its set (smallest full_at), given to it as new. */
static struct rl_slot *slot_of(struct ratelimit *rl, const char *key)
{
	uint64_t h = key_hash(rl, key);
	struct rl_slot *set = &rl->slots[(h >> 32) % rl->nsets * WAYS], *pick = &set[0];
	for (int i = 0; i < WAYS; i++) {
		if (set[i].hash == h)
			return &set[i];
		if (pick->hash && (!set[i].hash || set[i].full_at < pick->full_at))
			pick = &set[i];
	}
	pick->hash = h;
	pick->full_at = 0;
	return pick;
}

unsigned ratelimit_take(struct ratelimit *rl, const char *key, uint64_t now_ms)
{
	pthread_mutex_lock(&rl->lock);
	struct rl_slot *s = slot_of(rl, key);
	uint64_t at = s->full_at > now_ms ? s->full_at : now_ms;
	unsigned wait = 0;
	if (at - now_ms > rl->slack_ms) {
		/* Refused: a token is back when full_at - now falls to the slack. */
		uint64_t ms = at - now_ms - rl->slack_ms;
		uint64_t secs = (ms + 999) / 1000;
		wait = secs > 86400 * 365 ? 86400 * 365 : secs ? (unsigned)secs : 1;
	} else {
		s->full_at = at + rl->period_ms;
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

void ratelimit_refund(struct ratelimit *rl, const char *key, uint64_t now_ms)
{
	pthread_mutex_lock(&rl->lock);
	struct rl_slot *s = slot_of(rl, key);
	if (s->full_at > now_ms)
		s->full_at = s->full_at - now_ms > rl->period_ms ? s->full_at - rl->period_ms : now_ms;
	pthread_mutex_unlock(&rl->lock);
}
