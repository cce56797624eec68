/* opts.c - table-driven option parsing (see opts.h). */
#include "opts.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void strlist_release(struct strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int set_value(const struct opt *o, void *target, const char *val, char *err, size_t errlen)
{
	char *field = (char *)target + o->offset;
	int r = 0;
	switch (o->type) {
	case OPT_SECONDS:
		r = parse_seconds_ms(val, (uint32_t *)(void *)field);
		break;
	case OPT_SIZE: {
		uint64_t bytes;
		/* a bare number is megabytes, whatever unit the field keeps */
		r = parse_size(val, 1024 * 1024, &bytes);
		if (!r)
			*(uint64_t *)(void *)field = bytes / o->unit;
		break;
	}
	case OPT_U32:
		r = parse_u32(val, (uint32_t *)(void *)field);
		break;
	case OPT_INT:
		r = parse_int(val, (int *)(void *)field);
		break;
	case OPT_STR:
		*(const char **)(void *)field = val;
		break;
	case OPT_LIST: {
		struct strlist *l = (struct strlist *)(void *)field;
		const char **v = realloc(l->v, (l->n + 2) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		v[l->n++] = val;
		v[l->n] = NULL;
		l->v = v;
		break;
	}
	case OPT_FLAG:
		*(bool *)(void *)field = true;
		break;
	}
	if (r)
		str_printf(err, errlen, "invalid value for --%s: '%s'%s", o->name, val,
			   r == -ERANGE ? " (out of range)" : "");
	return r ? -EINVAL : 0;
}

int opts_parse(const struct opt *table, void *target, int argc, char **argv, int *next,
	       char *err, size_t errlen)
{
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strncmp(a, "--", 2) != 0)
			break;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt *o = table;
		for (; o->name; o++)
			if (strlen(o->name) == nl && strncmp(o->name, name, nl) == 0)
				break;
		if (!o->name) {
			str_printf(err, errlen, "unknown option --%.*s", (int)nl, name);
			return -EINVAL;
		}
		const char *val = NULL;
		if (o->type == OPT_FLAG) {
			if (eq) {
				str_printf(err, errlen, "--%s takes no value", o->name);
				return -EINVAL;
			}
		} else if (eq) {
			val = eq + 1;
		} else if (i + 1 < argc) {
			val = argv[++i];
		} else {
			str_printf(err, errlen, "--%s needs a value (%s)", o->name, o->arg ? o->arg : "VALUE");
			return -EINVAL;
		}
		int r = set_value(o, target, val, err, errlen);
		if (r)
			return r;
	}
	*next = i;
	return 0;
}

void opts_usage(FILE *f, const char *usage, const struct opt *table)
{
	fprintf(f, "%s\n\nOptions:\n", usage);
	for (const struct opt *o = table; o->name; o++) {
		char left[64];
		str_printf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-24s %s\n", left, o->help);
	}
	fprintf(f, "  %-24s %s\n", "--help", "show this help");
}
