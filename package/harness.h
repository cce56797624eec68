/* harness.h - function-style problems: a signature over a small set of
 * types (docs/problems.md, "Function-style problems"), per-language
 * starter code, and the wrapper that turns the user's function into a
 * whole program (prelude + user code + runtime + main) which reads the
 * test input, calls the function and prints the result canonically.
 *
 * The language is chosen by the extension of lang->source ("main.c",
 * "Main.java", ...), so gcc and clang variants share one harness: C, C++,
 * Python 3, Java, Kotlin, C#, JavaScript, TypeScript, Go, Rust, Ruby. The
 * runtimes are files of package/harness/ compiled into the binary.
 *
 * A signature is read-only once parsed: threads may share it. */
#ifndef PAIRBOX_HARNESS_H
#define PAIRBOX_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lang.h"

struct harness_sig;

/* Parse problem.json's "function" object ({name, params: [{name, type}],
 * returns}; no other key). Borrowed fn. 0, -ENOMEM, or -EINVAL with err
 * naming the field ("function.params[1].type: unknown type 'int[][][]'",
 * "function.params[0].name: 'in' is reserved ..."). *out is owned by the
 * caller (harness_sig_free; NULL ok). */
int harness_sig_parse(const json_t *fn, struct harness_sig **out, char *err, size_t errlen);
void harness_sig_free(struct harness_sig *s);

/* The function's name as problem.json writes it ("twoSum"); borrowed. */
const char *harness_sig_name(const struct harness_sig *s);
/* The function's name as the user writes it in l ("two_sum" in Python,
 * Ruby and Rust, "TwoSum" in C#); borrowed. NULL when l has no harness. */
const char *harness_sig_lang_name(const struct harness_sig *s, const struct lang *l);

/* Whether l has a harness. */
bool harness_supports(const struct lang *l);

/* Starter code for l: the function (or class) with its signature and a
 * body that compiles and returns a zero value, plus a comment describing
 * ListNode / TreeNode when the signature uses them (JavaScript and Ruby
 * also get typed doc comments). Owned string (free()); NULL when l has
 * no harness or on ENOMEM. */
char *harness_starter(const struct harness_sig *s, const struct lang *l);

/* The whole program for l: prelude, the user's source (borrowed, any
 * bytes; Go's leading `package main` line blanked), runtime and main.
 * *out owned (free()), NUL-terminated, *outlen its length. 0, -ENOMEM,
 * -ENOTSUP when l has no harness. The program exits 2 with a message on
 * stderr when its input is malformed. */
int harness_wrap(const struct harness_sig *s, const struct lang *l, const char *src, size_t len,
		 char **out, size_t *outlen);

/* Test files, checked in C with jansson: input holds exactly one value per
 * parameter, each of its type (any whitespace between); answer is the
 * canonical printing of one value of the return type, its final newline
 * optional. 0 or -EINVAL with err saying what and where ("input value 2
 * (target int) (line 2): ...", "answer: not the canonical printing of a
 * float64: expected 0.500000"). */
int harness_check_input(const struct harness_sig *s, const char *in, size_t len, char *err, size_t errlen);
int harness_check_answer(const struct harness_sig *s, const char *ans, size_t len, char *err, size_t errlen);

#endif
