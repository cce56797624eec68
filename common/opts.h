/* opts.h - one table per option set: name, type, target field, help.
 * The command line goes through it (later the config file and the
 * environment too), so every option is parsed and checked the same way. */
#ifndef PAIRBOX_OPTS_H
#define PAIRBOX_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum opt_type {
	OPT_SECONDS,    /* "1.5" -> uint32_t milliseconds */
	OPT_SIZE,       /* "64M", "512k"; a bare number is MB -> uint64_t in `unit`s */
	OPT_U32,        /* uint32_t */
	OPT_INT,        /* int */
	OPT_STR,        /* const char * (borrowed from argv) */
	OPT_FLAG,       /* bool, no argument */
	OPT_LIST,       /* struct strlist, repeatable */
};

struct strlist {
	const char **v;   /* owned array of borrowed strings, NULL-terminated */
	size_t n;
};
void strlist_release(struct strlist *l);

struct opt {
	const char *name;     /* without the leading "--" */
	enum opt_type type;
	size_t offset;        /* of the target field in the caller's struct */
	uint64_t unit;        /* OPT_SIZE: bytes per unit of the target field */
	const char *arg;      /* metavariable for help, e.g. "SEC" */
	const char *help;     /* one line, with the default in the user's syntax */
};

/* Parse argv[1..] into target until "--" or the first non-option; *next is
 * the index of the first unparsed argument. Returns 0, 1 for --help, or
 * -EINVAL with err naming the option. */
int opts_parse(const struct opt *table, void *target, int argc, char **argv, int *next,
	       char *err, size_t errlen);
void opts_usage(FILE *f, const char *usage, const struct opt *table);

#endif
