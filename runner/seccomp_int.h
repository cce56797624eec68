/* seccomp_int.h - what the seccomp profile compiler's files share: the
 * parser's state and the rules it records. Not for other files: they see
 * seccomp_profile.h only.
 *
 * seccomp_parse.c reads a profile's text into libseccomp rules,
 * seccomp_unlisted.c turns each `argN unlisted` rule into the comparisons
 * it stands for, seccomp.c compiles (parse, finish, export BPF) and
 * installs, seccomp_cache.c keeps compiled filters on disk. */
#ifndef PAIRBOX_SECCOMP_INT_H
#define PAIRBOX_SECCOMP_INT_H

#include "seccomp_profile.h"

#include <seccomp.h>
#include <stdint.h>

#define SC_MAX_FILE  (256 * 1024)   /* a profile is a short hand-written file */
#define SC_MAX_LINE  1024
#define SC_MAX_WORDS 40             /* action (2) + syscall + 6 conditions of 5 words */
#define SC_MAX_ARGS  6
#define SC_MAX_DEPTH 4              /* include nesting */
#define SC_MAX_RANGES 1024          /* comparisons one `unlisted` rule may become */

/* A rule as written, kept until the end of the profile: `unlisted` rules
 * are computed from all the others. */
struct sc_rec {
	int nr;
	uint32_t action;
	int unlisted;               /* N of an `argN unlisted` rule, else -1 */
	unsigned ncmp;
	struct scmp_arg_cmp cmp[SC_MAX_ARGS];
	const char *origin;         /* borrowed from the parser */
	unsigned line;
	char name[40];              /* the syscall, for messages */
};

struct sc_parser {
	const char *origin;         /* the file being read, for messages */
	unsigned line;
	char *err;
	size_t errlen;
	const char *dir;            /* where `include` looks; NULL: no includes */
	unsigned depth;             /* include nesting */
	unsigned directives;        /* directives so far in the current file */
	scmp_filter_ctx ctx;        /* NULL until the `default` line */
	uint32_t def_action;
	struct sc_rec *recs;        /* every rule added, for `unlisted` */
	size_t nrecs, caprecs;
	char *origins[SC_MAX_DEPTH]; /* names of included files, owned */
	unsigned norigins;
	unsigned ranges;            /* comparisons made by the current `unlisted` */
};

/* err = "origin:line: message"; returns -EINVAL. */
int sc_fail(struct sc_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands one rule to libseccomp, turning its errors into messages. 0,
 * -ENOMEM or -EINVAL with the message set. */
int sc_add(struct sc_parser *p, uint32_t action, int nr, unsigned ncmp, const struct scmp_arg_cmp *cmp,
	   const char *name);

/* Splits buf in place into words and the reason after '#' (trimmed).
 * Returns the number of words, or -E2BIG past SC_MAX_WORDS. */
int sc_split(char *buf, char **words, char **reason);

/* Every line of text into p (seccomp_parse.c): 0 or -errno with the
 * message set. */
int sc_parse_text(struct sc_parser *p, const char *text);

/* After the last line: the rules every `unlisted` rule stands for
 * (seccomp_unlisted.c). */
int sc_finish(struct sc_parser *p);

/* Parse text, finish and export it (seccomp.c). dir: where `include`
 * finds profiles (NULL: includes are errors). */
int sc_compile(const char *text, const char *origin, const char *dir, struct sc_filter *out,
	       char *err, size_t errlen);

/* Reads a profile and its directory; errors name the file, not the
 * directory: messages reach API users. */
int sc_read_profile(const char *path, char **text, size_t *len, char *dir, size_t dirlen,
		    char *err, size_t errlen);

#endif
