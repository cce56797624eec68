/* psubm.h - a stored submission to a problem of the bank, made ready to
 * judge and its result made safe to store.
 *
 * The store row keeps the problem's slug and which tests (subm.h), never
 * the tests: they are read from the problem when the submission is judged
 * (problem_judging_prepare), so a restart judges it against the same
 * problem without hidden data in every row.
 *
 * PROBLEM-HIDDEN: nothing of a hidden test leaves the judge. psubm_redact()
 * runs on the result before it is stored: a hidden test keeps its name,
 * verdict, time, memory, exit code and the runner's own message (a limit,
 * an exit status), and loses the program's output and any comparator or
 * checker message (which may quote the expected answer). Every view of a
 * row (Judge0's, the native one, the problem routes) reads the stored
 * result, so none of them can show more. */
#ifndef PAIRBOX_PSUBM_H
#define PAIRBOX_PSUBM_H

#include <stddef.h>

#include "judge.h"
#include "problem.h"
#include "subm.h"

struct bank;

struct psubm {
	struct problem_judging pj;     /* pj.req is what to judge */
	struct judge_test custom;      /* SUBM_SCOPE_CUSTOM: the only test */
	size_t nshown;                 /* tests [0, nshown) may show their data; the rest are hidden */
	bool prepared;
};

/* Resolve s (a problem submission) against the bank. ps->pj.req borrows
 * from ps, s and the bank's problem: all must outlive judge_run. 0;
 * -ENOENT (no such problem here any more), -ENOTSUP (a function problem
 * and a language without a harness), -EIO (a test file unreadable),
 * -ENOMEM; why says which. */
int psubm_prepare(struct bank *b, const struct subm *s, struct psubm *ps, char *why, size_t whylen);
void psubm_release(struct psubm *ps);          /* a zeroed or released ps is fine */

/* PROBLEM-HIDDEN: strip what a hidden test must not show (above), and
 * rewrite the overall message when a hidden test decided it. */
void psubm_redact(const struct psubm *ps, struct judge_result *r);

#endif
