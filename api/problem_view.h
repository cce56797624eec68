/* problem_view.h - the bank's problems as the API shows them and takes
 * attempts at them, shared by /api/v1/problems (routes_problems.c) and the
 * rooms (hub_room.c, hub_judge.c). PROBLEM-HIDDEN: nothing here reads a
 * hidden test's files. */
#ifndef PAIRBOX_PROBLEM_VIEW_H
#define PAIRBOX_PROBLEM_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "problem.h"
#include "subm.h"

struct bank;
struct bank_entry;
struct config;

/* A problem's summary as the list shows it. New ref. */
json_t *problem_view_summary(struct bank *b, const struct bank_entry *e);
/* The whole problem as a solver sees it: statement, limits, samples with
 * their data (read now), signature, starter code in every language with
 * a harness; hints and the editorial only when asked. NULL when a sample
 * cannot be read. New ref. */
json_t *problem_view_detail(struct bank *b, const struct bank_entry *e, bool hints, bool editorial);
/* Samples' inputs and expected outputs beside a run's results (the
 * native view's "tests"), so input, expected and got show together. */
void problem_view_add_samples(const struct problem *p, json_t *view);

/* Why p cannot be solved in l (a field message, static or in msg), or
 * NULL when it can: l must be a judgeable language and, for a function
 * problem, have a harness. */
const char *problem_lang_problem(struct bank *b, const struct problem *p, const struct lang *l, char *msg,
				 size_t len);
/* An attempt at p as a submission s (subm_release it): the source and,
 * unless in is NULL, an input (copied), the scope, the problem's limits
 * (the server's where the problem has none). 0 or -ENOMEM. */
int problem_attempt(const struct config *c, const struct problem *p, const struct lang *l, const char *src,
		    size_t srclen, const char *in, size_t inlen, enum subm_scope scope, struct subm *s);

#endif
