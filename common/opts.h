/* opts.h - one table per option set: name, type, target field, help,
 * default and range. The command line goes through it, so every option is
 * parsed, range-checked, defaulted and described the same way. */
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
	OPT_STR,        /* const char * (borrowed from argv, or the table's default) */
	OPT_FLAG,       /* bool, no argument */
	OPT_LIST,       /* struct strlist, repeatable */
};

struct strlist {
	const char **v;   /* owned array of borrowed strings, NULL-terminated */
	size_t n;
};
void strlist_release(struct strlist *l);

/* Rows are written positionally, redis static_configs[] style:
 *   { "time", OPT_SECONDS, F(cpu_ms), 0, "SEC", "CPU time", "5", "0", "86400" }
 * def, min and max are in the user's own syntax ("1.5", "64M"), parsed by
 * the row's own parser: what --help shows is what the user may type. */
struct opt {
	const char *name;     /* without the leading "--" */
	enum opt_type type;
	size_t offset;        /* of the target field in the caller's struct */
	uint64_t unit;        /* OPT_SIZE: bytes per unit of the target field */
	const char *arg;      /* metavariable for help, e.g. "SEC" */
	const char *help;     /* one line; the usage adds the default and the range */
	const char *def;      /* set by opts_defaults(); NULL leaves the field alone. A numeric
	                         default outside [min, max] is a sentinel ("first free"): set but
	                         never shown, so the help says in words what it means */
	const char *min, *max;/* numeric rows: inclusive range; NULL = the type's own */
};

#define OPT_END { NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL }

/* Set every row's default. 0, or -EINVAL if a default does not parse (a
 * bug in the table: the unit tests apply every table's defaults). */
int opts_defaults(const struct opt *table, void *target);

/* Parse argv[1..] into target until "--" or the first non-option; *next is
 * the index of the first unparsed argument. Returns 0, 1 for --help, or
 * -EINVAL with err naming the option (and the range, for a value outside
 * it). Defaults are not applied here (see opts_defaults). */
int opts_parse(const struct opt *table, void *target, int argc, char **argv, int *next,
	       char *err, size_t errlen);
void opts_usage(FILE *f, const char *usage, const struct opt *table);

#endif
