/* test_ratelimit.c - token buckets keyed by a string (api/ratelimit.c),
 * on a clock the test moves: a burst, then one per period, Retry-After
 * in whole seconds rounded up; keys apart; a refund; the documented login
 * rule (5 failures, then one a minute); memory bounded, with a refused
 * key kept while fresh keys flood its table; threads taking at once get
 * exactly the burst. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ratelimit.h"

static void test_burst_and_refill(void)
{
	struct ratelimit *rl;
	CHECK_EQ_INT(ratelimit_new(3, 2000, 64, &rl), 0);   /* 3 at once, then one per 2 s */
	uint64_t t = 1000000;
	CHECK_EQ_INT(ratelimit_take(rl, "a", t), 0);
	CHECK_EQ_INT(ratelimit_take(rl, "a", t), 0);
	CHECK_EQ_INT(ratelimit_take(rl, "a", t), 0);
	CHECK_EQ_INT(ratelimit_take(rl, "a", t), 2);         /* refused: a token in 2 s */
	CHECK_EQ_INT(ratelimit_take(rl, "a", t + 1), 2);     /* 1.999 s rounds up */
	CHECK_EQ_INT(ratelimit_take(rl, "a", t + 1001), 1);
	CHECK_EQ_INT(ratelimit_take(rl, "a", t + 2000), 0);  /* one back */
	CHECK_EQ_INT(ratelimit_take(rl, "a", t + 2000), 2);
	/* Another key has its own bucket. */
	CHECK_EQ_INT(ratelimit_take(rl, "b", t + 2000), 0);
	CHECK_EQ_INT(ratelimit_take(rl, "A", t + 2000), 0); /* keys are exact: the caller folds case */
	/* Idle long enough, a key is full again, never fuller than the burst. */
	t += 3600 * 1000;
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(ratelimit_take(rl, "a", t), 0);
	CHECK(ratelimit_take(rl, "a", t) > 0);
	ratelimit_free(rl);
	CHECK_EQ_INT(ratelimit_new(0, 1000, 64, &rl), -EINVAL);
	CHECK_EQ_INT(ratelimit_new(1, 0, 64, &rl), -EINVAL);
	CHECK_EQ_INT(ratelimit_new(1, 1000, 0, &rl), -EINVAL);
	ratelimit_free(NULL);
}

/* docs/platform.md: 5 failed logins a minute per account, then 1 a
 * minute; a success gives its token back. */
static void test_login_rule(void)
{
	struct ratelimit *rl;
	CHECK_EQ_INT(ratelimit_new(5, 60000, 1024, &rl), 0);
	uint64_t t = 5000;
	for (int i = 0; i < 5; i++)
		CHECK_EQ_INT(ratelimit_take(rl, "ann", t + (uint64_t)i * 100), 0);
	CHECK_EQ_INT(ratelimit_take(rl, "ann", t + 500), 60);
	CHECK_EQ_INT(ratelimit_take(rl, "ann", t + 30000), 30);
	CHECK_EQ_INT(ratelimit_take(rl, "ann", t + 60000), 0);  /* one a minute */
	CHECK(ratelimit_take(rl, "ann", t + 61000) > 0);
	CHECK_EQ_INT(ratelimit_take(rl, "ann", t + 120000), 0);
	/* Take and refund (logins that succeed) never use the bucket up. */
	for (int i = 0; i < 50; i++) {
		CHECK_EQ_INT(ratelimit_take(rl, "bob", t + (uint64_t)i), 0);
		ratelimit_refund(rl, "bob", t + (uint64_t)i);
	}
	/* A refund never makes a bucket fuller than its burst. */
	for (int i = 0; i < 10; i++)
		ratelimit_refund(rl, "cy", t);
	int taken = 0;
	while (ratelimit_take(rl, "cy", t) == 0 && taken < 100)
		taken++;
	CHECK_EQ_INT(taken, 5);
	ratelimit_free(rl);
}

/* A table of 16 keys: 10000 keys come and go; a key being refused stays
 * refused while fresh keys (full buckets, evicted first) flood its set. */
static void test_bounded(void)
{
	struct ratelimit *rl;
	CHECK_EQ_INT(ratelimit_new(2, 60000, 16, &rl), 0);
	uint64_t t = 1;
	CHECK_EQ_INT(ratelimit_take(rl, "target", t), 0);
	CHECK_EQ_INT(ratelimit_take(rl, "target", t), 0);
	CHECK(ratelimit_take(rl, "target", t) > 0);
	char key[32];
	int fresh_ok = 0;
	for (int i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "flood-%d", i);
		fresh_ok += ratelimit_take(rl, key, t) == 0;
	}
	CHECK_EQ_INT(fresh_ok, 10000);                   /* every new key starts full */
	CHECK(ratelimit_take(rl, "target", t) > 0);     /* and the refused one was kept */
	ratelimit_free(rl);
}

#define NTHREADS 8
#define PER_THREAD 500

static void *take_many(void *arg)
{
	struct ratelimit *rl = arg;
	long ok = 0;
	for (int i = 0; i < PER_THREAD; i++)
		ok += ratelimit_take(rl, "shared", 42) == 0;
	return (void *)ok;
}

static void test_threads(void)
{
	struct ratelimit *rl;
	CHECK_EQ_INT(ratelimit_new(1000, 3600000, 1024, &rl), 0);
	pthread_t th[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, take_many, rl);
	long total = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *ok;
		pthread_join(th[i], &ok);
		total += (long)ok;
	}
	CHECK_EQ_INT(total, 1000);                       /* 4000 tried, the burst taken exactly */
	ratelimit_free(rl);
}

int main(void)
{
	test_burst_and_refill();
	test_login_rule();
	test_bounded();
	test_threads();
	return check_done();
}
