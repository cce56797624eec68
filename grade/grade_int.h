/* grade_int.h - what the grader's files share: the run's state and the
 * small rules every stage applies. Not for other files: they see grade.h.
 *
 * grade.c runs the whole thing (plan every problem, judge, tally),
 * grade_plan.c plans each problem's checks, holds the verdict rules and
 * derives Kattis time limits, grade_judge.c hands the judging checks to
 * the workers and collects their outcomes. */
#ifndef PAIRBOX_GRADE_INT_H
#define PAIRBOX_GRADE_INT_H

#include "cache.h"
#include "grade.h"
#include "problem.h"
#include "workers.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct job;

struct grader {
	const struct grade_opts *o;
	struct grade_report *r;
	pthread_mutex_t lock;        /* progress calls, the finished list */
	pthread_cond_t finished;
	struct job *done_head;
	size_t done, total;
	unsigned inflight;
	struct workers *w;
};

/* ---- small helpers ---- */

/* *dst = the formatted string (the old one freed): 0 or -ENOMEM. */
static inline int set_str(char **dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int set_str(char **dst, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static inline uint32_t ms_of_seconds(double s)
{
	if (!(s > 0))
		return 0;
	double ms = ceil(s * 1000.0 - 1e-6);
	return ms >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

static inline uint32_t scale_ms(uint32_t ms, double by)
{
	if (!(by > 0))
		return ms;
	double v = ceil((double)ms * by - 1e-6);
	return v >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static inline bool is_judging(const struct grade_check *c)
{
	return c->kind == GRADE_REFERENCE || c->kind == GRADE_SUBMISSION || c->kind == GRADE_SOLUTION;
}

/* The time limit is derived from the accepted submissions (Kattis). */
static inline bool deriving(const struct grade_problem *gp)
{
	return gp->p && gp->p->time_limit <= 0;
}

/* Serialised progress; callers must not hold g->lock. */
void grade_emit(struct grader *g, struct grade_event *ev);
/* A check has its outcome: counted and reported. */
void grade_finish(struct grader *g, struct grade_problem *gp, struct grade_check *c, enum grade_outcome o);

/* ---- planning (grade_plan.c) ---- */

/* The problem in dir loaded into gp and every check it gets planned
 * (those that need no judging settled already). 0, or -ENOMEM; a problem
 * that does not load is a failed check, not an error. */
int grade_plan_problem(struct grader *g, struct grade_problem *gp, const char *dir);

/* Every accepted submission is done: derive the time limit, or warn when
 * a declared one is too tight. 0 or -ENOMEM. */
int grade_settle_time_limit(struct grader *g, struct grade_problem *gp);

/* ---- judging (grade_judge.c) ---- */

/* The workers for njudging checks (at most jobs threads), with the
 * compile cache in cache unless turned off. 0 or workers_new's error. */
int grade_start_workers(struct grader *g, size_t njudging, struct compile_cache *cache, char *err, size_t errlen);

/* Every judging check handed to the workers, at most jobs at once, and
 * collected. 0 or -ENOMEM. */
int grade_judge_all(struct grader *g);

#endif
