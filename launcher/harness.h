/* harness.h - function-style problems: a signature over a small type
 * system (docs/problems.md, "Function-style problems"), per-language
 * starter code, and the wrapper that turns the user's function into a
 * whole program (prelude + user code + runtime + main) which reads the
 * test input, calls the function and prints the result canonically.
 *
 * The language is chosen by the extension of lang->source ("main.c",
 * "Main.java", ...), so gcc and clang variants share one harness. */
#ifndef PAIRBOX_HARNESS_H
#define PAIRBOX_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lang.h"

struct harness_sig;

/* Parse problem.json's "function" object ({name, params: [{name, type}],
 * returns}). Borrowed fn. 0, -ENOMEM, or -EINVAL with err naming the
 * field ("function.params[1].type: unknown type 'int[][][]'"). *out is
 * owned by the caller (harness_sig_free; NULL ok). */
int harness_sig_parse(const json_t *fn, struct harness_sig **out, char *err, size_t errlen);
void harness_sig_free(struct harness_sig *s);

/* The function's name as the user writes it in l ("two_sum", "TwoSum"). */
const char *harness_sig_name(const struct harness_sig *s);

/* Whether l has a harness. */
bool harness_supports(const struct lang *l);

/* Starter code for l: the function (or class) with its signature and an
 * empty body, plus a comment describing ListNode / TreeNode when used.
 * Owned string (free()); NULL when l has no harness or on ENOMEM. */
char *harness_starter(const struct harness_sig *s, const struct lang *l);

/* The whole program for l: prelude, the user's source (borrowed, any
 * bytes), runtime and main. *out owned (free()), NUL-terminated, *outlen
 * its length. 0, -ENOMEM, -ENOTSUP when l has no harness. */
int harness_wrap(const struct harness_sig *s, const struct lang *l, const char *src, size_t len,
		 char **out, size_t *outlen);

/* Test files, checked in C with jansson: input holds exactly one value per
 * parameter, each of its type; answer is the canonical printing of one
 * value of the return type. 0 or -EINVAL with err saying what and where. */
int harness_check_input(const struct harness_sig *s, const char *in, size_t len, char *err, size_t errlen);
int harness_check_answer(const struct harness_sig *s, const char *ans, size_t len, char *err, size_t errlen);

#endif
