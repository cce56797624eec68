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

/* A numeric value as the row compares it: milliseconds, bytes (before the
 * row's unit) or the integer itself. */
union num {
	int64_t i;      /* OPT_SECONDS, OPT_U32, OPT_INT */
	uint64_t u;     /* OPT_SIZE */
};

static bool is_num(const struct opt *o)
{
	return o->type == OPT_SECONDS || o->type == OPT_SIZE || o->type == OPT_U32 || o->type == OPT_INT;
}

static int num_parse(const struct opt *o, const char *s, union num *v)
{
	uint32_t u32 = 0;
	int i = 0, r = -EINVAL;
	switch (o->type) {
	case OPT_SECONDS:
		r = parse_seconds_ms(s, &u32);
		v->i = u32;
		break;
	case OPT_SIZE:
		r = parse_size(s, 1024 * 1024, &v->u);   /* a bare number is megabytes */
		break;
	case OPT_U32:
		r = parse_u32(s, &u32);
		v->i = u32;
		break;
	case OPT_INT:
		r = parse_int(s, &i);
		v->i = i;
		break;
	default:
		break;
	}
	return r;
}

static int num_cmp(const struct opt *o, union num a, union num b)
{
	if (o->type == OPT_SIZE)
		return a.u < b.u ? -1 : a.u > b.u;
	return a.i < b.i ? -1 : a.i > b.i;
}

static void num_store(const struct opt *o, void *field, union num v)
{
	switch (o->type) {
	case OPT_SECONDS:
	case OPT_U32:
		*(uint32_t *)field = (uint32_t)v.i;
		break;
	case OPT_SIZE:
		*(uint64_t *)field = v.u / (o->unit ? o->unit : 1);
		break;
	case OPT_INT:
		*(int *)field = (int)v.i;
		break;
	default:
		break;
	}
}

/* Is v within the row's range? A bound that does not parse is a bug in the
 * table; it refuses everything, so the unit tests see it. */
static bool in_range(const struct opt *o, union num v)
{
	union num b;
	if (o->min && (num_parse(o, o->min, &b) || num_cmp(o, v, b) < 0))
		return false;
	if (o->max && (num_parse(o, o->max, &b) || num_cmp(o, v, b) > 0))
		return false;
	return true;
}

/* "0 to 86400", "at least 1", "at most 64" or "". */
static void range_text(const struct opt *o, char *buf, size_t len)
{
	if (!is_num(o))
		buf[0] = '\0';
	else if (o->min && o->max)
		str_printf(buf, len, "%s to %s", o->min, o->max);
	else if (o->min || o->max)
		str_printf(buf, len, "at %s %s", o->min ? "least" : "most", o->min ? o->min : o->max);
	else
		buf[0] = '\0';
}

static int set_value(const struct opt *o, void *target, const char *val, char *err, size_t errlen)
{
	char *field = (char *)target + o->offset;
	if (is_num(o)) {
		union num v;
		char range[64];
		int r = num_parse(o, val, &v);
		range_text(o, range, sizeof(range));
		if ((r == -ERANGE || (!r && !in_range(o, v))) && range[0]) {
			str_printf(err, errlen, "--%s: %s is out of range (%s)", o->name, val, range);
			return -EINVAL;
		}
		if (r) {
			str_printf(err, errlen, "invalid value for --%s: '%s'%s", o->name, val,
				   r == -ERANGE ? " (out of range)" : "");
			return -EINVAL;
		}
		num_store(o, field, v);
		return 0;
	}
	switch (o->type) {
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
	default:
		break;
	}
	return 0;
}

int opts_defaults(const struct opt *table, void *target)
{
	int ret = 0;
	for (const struct opt *o = table; o->name; o++) {
		if (!o->def)
			continue;
		char *field = (char *)target + o->offset;
		union num v;
		if (o->type == OPT_STR)
			*(const char **)(void *)field = o->def;   /* static, borrowed like argv */
		else if (is_num(o) && num_parse(o, o->def, &v) == 0)
			num_store(o, field, v);                   /* a sentinel may lie outside the range */
		else
			ret = -EINVAL;
	}
	return ret;
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

/* The default, when it is a value the user could type, and the range. */
static void usage_note(const struct opt *o, char *buf, size_t len)
{
	char range[64];
	union num v;
	bool show_def = o->def && o->def[0] && (!is_num(o) || (num_parse(o, o->def, &v) == 0 && in_range(o, v)));
	range_text(o, range, sizeof(range));
	if (show_def || range[0])
		str_printf(buf, len, " (%s%s%s%s)", show_def ? "default " : "", show_def ? o->def : "",
			   show_def && range[0] ? ", " : "", range);
	else
		buf[0] = '\0';
}

void opts_usage(FILE *f, const char *usage, const struct opt *table)
{
	fprintf(f, "%s\n\nOptions:\n", usage);
	for (const struct opt *o = table; o->name; o++) {
		char left[64], note[160];
		str_printf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		usage_note(o, note, sizeof(note));
		fprintf(f, "  %-24s %s%s\n", left, o->help, note);
	}
	fprintf(f, "  %-24s %s\n", "--help", "show this help");
}
