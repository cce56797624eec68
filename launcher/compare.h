/* compare.h - does the program's output match the answer?
 *
 * Modes:
 *   judge0  trailing whitespace on each line and trailing blank lines are
 *           ignored, everything else must match (Judge0's rule; default)
 *   exact   byte for byte
 *   tokens  whitespace-separated tokens; options: case-insensitive,
 *           space-change-sensitive (whitespace must match exactly), and
 *           float tolerances: an answer token that is a finite number
 *           accepts an output number within the absolute OR the relative
 *           tolerance -- the Kattis default output validator's semantics
 *           (Kattis itself defaults to case-insensitive tokens).
 * Custom checkers (testlib, Kattis output validators) run in a box and
 * live in checker.c.
 */
#ifndef PAIRBOX_COMPARE_H
#define PAIRBOX_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

enum compare_mode { CMP_JUDGE0, CMP_EXACT, CMP_TOKENS };

struct compare_opts {
	enum compare_mode mode;
	bool case_sensitive;            /* tokens: compare letters' case */
	bool space_change_sensitive;    /* tokens: whitespace must match */
	double abs_tol, rel_tol;        /* tokens: < 0 = no float comparison */
};

/* judge0 mode, no tolerances. */
void compare_opts_default(struct compare_opts *o);

/* A --compare spec: "judge0", "exact", or "tokens" followed by comma
 * separated options: "nocase", "spaces" (space-change sensitive),
 * "abs=EPS", "rel=EPS", "float=EPS" (both). "float=EPS" alone implies
 * tokens. Returns 0 or -EINVAL with err naming the bad part. */
int compare_parse(const char *spec, struct compare_opts *o, char *err, size_t errlen);

/* Kattis default-validator flags, space separated as in problem.yaml's
 * validator_flags: case_sensitive, space_change_sensitive,
 * float_absolute_tolerance E, float_relative_tolerance E,
 * float_tolerance E. Yields tokens mode, case-insensitive unless
 * case_sensitive. Returns 0 or -EINVAL with err set. */
int compare_parse_kattis(const char *flags, struct compare_opts *o, char *err, size_t errlen);

/* True when out matches ans under o. On a mismatch, msg (if given) says
 * where, e.g. "line 3: expected '7', got '8'". */
bool compare_output(const struct compare_opts *o, const char *out, size_t out_len,
		    const char *ans, size_t ans_len, char *msg, size_t msglen);

/* Judge0's rule alone (kept for callers that need nothing else). */
bool compare_judge0(const char *out, size_t out_len, const char *exp, size_t exp_len);

#endif
