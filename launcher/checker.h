/* checker.h - custom checkers: the problem's own program judges a test's
 * output, in a fresh box of its own (never the program's), with its own
 * limits. Two protocols (docs/result-keys.md, "Custom checkers"):
 *
 *   testlib  `checker input output answer`; exit 0 accepted, 1 wrong
 *            answer, 2 presentation error, 4 bad output format, 8
 *            unexpected end of output, 7 partial points: all wrong answer;
 *            3 (fail) an internal error.
 *   kattis   `validator input answer feedback/ < output`; exit 42
 *            accepted, 43 wrong answer; feedback/judgemessage.txt is the
 *            reason.
 *
 * Anything else (another exit status, a signal, a limit, a set-up failure)
 * is the checker's fault: an internal error (13) whose message names the
 * checker, never a verdict on the program. */
#ifndef PAIRBOX_CHECKER_H
#define PAIRBOX_CHECKER_H

#include <stdbool.h>
#include <stddef.h>

#include "box.h"
#include "lang.h"

struct judge_file;                  /* judge.h */

enum checker_style { CHECKER_TESTLIB, CHECKER_KATTIS };

/* Kattis's fixed exit statuses. */
#define CHECKER_KATTIS_ACCEPT 42
#define CHECKER_KATTIS_WRONG 43

/* The files a checker's box holds besides the checker itself. */
#define CHECKER_INPUT "input"
#define CHECKER_OUTPUT "output"
#define CHECKER_ANSWER "answer"
#define CHECKER_FEEDBACK "feedback/"            /* Kattis: with the slash, as validators expect */
#define CHECKER_JUDGEMESSAGE "feedback/judgemessage.txt"
/* judgemessage.txt kept at most. */
#define CHECKER_FEEDBACK_CAP (64 * 1024)
/* An executable checker's name in its box. */
#define CHECKER_EXE "checker"
/* The header put next to a checker's source when it is compiled. */
#define CHECKER_HEADER "testlib.h"

struct checker {
	enum checker_style style;
	const struct lang *lang;        /* borrowed; NULL: `program` is an executable, used as is */
	const char *program;            /* borrowed: the checker's source, or the executable */
	size_t program_len;
	const char *header;             /* borrowed, optional: CHECKER_HEADER, next to the source to compile */
	size_t header_len;
	const struct judge_file *files; /* borrowed, optional: more files beside the source when it is
	                                   built (a Kattis validator's validate.h); names as judge.h says,
	                                   and none of the box's own (input, answer, feedback/, ...) */
	size_t nfiles;
	struct box_limits limits;       /* checker_limits() unless the caller knows better */
};

/* "testlib" or "kattis": 0, or -EINVAL. */
int checker_style_parse(const char *s, enum checker_style *style);
const char *checker_style_name(enum checker_style style);

/* Generous limits, separate from the program's: 10 s CPU, 20 s wall,
 * 512 MB, 64 KB of messages kept. */
void checker_limits(struct box_limits *l);

/* The checker's argv: run (the language's run argv, or ./checker when
 * NULL) followed by the protocol's arguments. NULL on ENOMEM; free() it. */
const char **checker_argv(const struct checker *c, const char *const *run);

/* Kattis multi-pass: what one run of the validator leaves for the next
 * pass of the same test (the caller keeps one per test, and the directory). */
#define CHECKER_NEXTPASS "feedback/nextpass.in"
#define CHECKER_NEXTPASS_CAP ((size_t)1 << 30)  /* as a test's input */
struct checker_pass {
	const char *dir;                /* host directory of the caller's, empty at first: holds
	                                   feedback/ between passes */
	bool carried;                   /* dir/feedback is the last pass's, to put back */
	struct outbuf next;             /* nextpass.in of the last run (cap CHECKER_NEXTPASS_CAP) */
	bool made_next;
};

/* After a Kattis validator's run in b that gave *status (3 or 4):
 * nextpass.in into p->next, the rest of feedback/ kept in p->dir for the
 * next pass. A nextpass.in with another verdict than accepted, or one
 * that cannot be read or kept, turns *status into 13 with msg saying so
 * (a judge error, as the spec says). */
void checker_pass_verdict(struct box *b, struct checker_pass *p, int *status, char *msg, size_t msglen);

/* The checker's files in b's /box: the checker (dir, the compiled one, or
 * the executable), input, output and answer (borrowed; NULL is empty)
 * and, for Kattis, feedback/ (the last pass's when pass says so; pass may
 * be NULL). 0 or -errno. */
int checker_put_files(struct box *b, const struct checker *c, const char *dir, const char *input,
		      size_t input_len, const char *output, size_t output_len, const char *answer,
		      size_t answer_len, const struct checker_pass *pass);

/* Kattis's judgemessage.txt from b after a run, into feedback (a note
 * when it is too large; empty when it was removed or made a link). */
void checker_feedback(struct box *b, struct outbuf *feedback);

/* Judge one test's output. dir (a host directory: the compiled checker,
 * or NULL for an executable checker, which is copied in) and argv come
 * from checker_argv(); input, output and answer are borrowed (NULL is
 * empty). pass (optional): a multi-pass test's (checker_pass_collect).
 * Sets *status (3, 4 or 13) and msg. Returns 0, or -errno when no box
 * could be had (err set). */
int checker_check(struct box_pool *pool, const struct checker *c, const char *dir, const char *const *argv,
		  const char *input, size_t input_len, const char *output, size_t output_len,
		  const char *answer, size_t answer_len, struct checker_pass *pass, int *status, char *msg,
		  size_t msglen, char *err, size_t errlen);

/* The verdict of a finished checker run (pure: no box involved). feedback
 * is Kattis's judgemessage.txt (may be NULL). Returns 3, 4 or 13 and
 * fills msg. */
int checker_verdict(enum checker_style style, const struct box_result *run, const char *feedback,
		    size_t feedback_len, char *msg, size_t msglen);

#endif
