/* ratelimit.h - token buckets keyed by a string, in bounded memory, safe
 * from any thread: a key may make `burst` requests at once, then one per
 * period as its tokens come back. For the routes where abuse is cheap
 * (logins, sign-ups, the session routes: docs/platform.md).
 *
 * Each key is one number, the time its bucket will be full again (the
 * generic cell rate algorithm), kept under a keyed hash of the key in a
 * fixed table of small sets. A key that finds its set full takes the
 * place of the fullest bucket there: a full bucket is as good as none, so
 * the keys evicted first are the ones that have not been used up; a key
 * that is being refused is evicted last. */
#ifndef PAIRBOX_RATELIMIT_H
#define PAIRBOX_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

struct ratelimit;

/* burst: requests a key may make at once (>= 1); period_ms: the time one
 * token takes to come back (>= 1); keys: how many keys are tracked at the
 * most (the table's size, fixed now). 0, -EINVAL or -ENOMEM; *out owned
 * (ratelimit_free). */
int ratelimit_new(unsigned burst, uint64_t period_ms, size_t keys, struct ratelimit **out);
void ratelimit_free(struct ratelimit *rl);                 /* accepts NULL */

/* Take a token for key at now_ms (a monotonic clock, never going back):
 * 0 when taken; otherwise nothing is taken and the answer is how many
 * seconds until one is back (>= 1), for Retry-After. */
unsigned ratelimit_take(struct ratelimit *rl, const char *key, uint64_t now_ms);
/* Give back one token taken for key (a login that succeeded); a bucket
 * never holds more than burst. */
void ratelimit_refund(struct ratelimit *rl, const char *key, uint64_t now_ms);

#endif
