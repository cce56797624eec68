/* test_opts.c - common/opts.c, the option tables: parsing, ranges refused
 * with the option and the range named, defaults applied from the table,
 * the help's defaults and ranges in the user's syntax. The rows the
 * commands share: runner/test_result.c, launcher/test_judge.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "opts.h"

struct target {
	uint32_t ms;
	uint64_t kb;
	uint32_t n;
	int id;
	const char *s;
	bool flag;
	struct strlist list;
};

#define F(x) offsetof(struct target, x)
static const struct opt table[] = {
	{ "time", OPT_SECONDS, F(ms), 0, "SEC", "t", "1.5", "0", "86400" },
	{ "mem", OPT_SIZE, F(kb), 1024, "SIZE", "m", "64M", "1M", "1024G" },
	{ "jobs", OPT_U32, F(n), 0, "N", "j", "1", "1", NULL },
	{ "id", OPT_INT, F(id), 0, "N", "i, the first free if not given", "-1", "0", "999" },
	{ "name", OPT_STR, F(s), 0, "S", "n", "dflt", NULL, NULL },
	{ "flag", OPT_FLAG, F(flag), 0, NULL, "f", NULL, NULL, NULL },
	{ "env", OPT_LIST, F(list), 0, "E", "e", NULL, NULL, NULL },
	OPT_END,
};
#undef F

static int parse2(const char *opt, const char *val, struct target *t, char *err, size_t errlen)
{
	char *argv[] = { "x", (char *)opt, (char *)val, NULL };
	int next;
	return opts_parse(table, t, 3, argv, &next, err, errlen);
}

static void test_parse(void)
{
	struct target t = { 0 };
	char err[128];
	int next;
	char *argv[] = { "x", "--time", "2.5", "--mem=3", "--flag", "--name", "n1", "--env", "A=1", "--env=B=2", "--",
			 "prog", "--time", NULL };
	CHECK_EQ_INT(opts_parse(table, &t, 13, argv, &next, err, sizeof(err)), 0);
	CHECK_EQ_STR(t.s, "n1");
	CHECK_EQ_INT(t.ms, 2500);
	CHECK_EQ_INT(t.kb, 3072);             /* a bare size is MB */
	CHECK(t.flag);
	CHECK_EQ_INT(t.list.n, 2);
	CHECK_EQ_STR(t.list.v[1], "B=2");
	CHECK(t.list.v[2] == NULL);
	CHECK_EQ_INT(next, 11);
	strlist_release(&t.list);

	CHECK_EQ_INT(parse2("--mem", "lots", &t, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "--mem") && strstr(err, "lots"));
	char *unknown[] = { "x", "--nope", NULL };
	CHECK_EQ_INT(opts_parse(table, &t, 2, unknown, &next, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "--nope") != NULL);
	char *missing[] = { "x", "--name", NULL };
	CHECK_EQ_INT(opts_parse(table, &t, 2, missing, &next, err, sizeof(err)), -EINVAL);
	char *help[] = { "x", "--help", NULL };
	CHECK_EQ_INT(opts_parse(table, &t, 2, help, &next, err, sizeof(err)), 1);
	char *flagval[] = { "x", "--flag=1", NULL };
	CHECK_EQ_INT(opts_parse(table, &t, 2, flagval, &next, err, sizeof(err)), -EINVAL);
}

static void test_ranges(void)
{
	struct target t = { 0 };
	char err[128] = "";
	CHECK_EQ_INT(parse2("--time", "86400", &t, err, sizeof(err)), 0);       /* bounds are inclusive */
	CHECK_EQ_INT(t.ms, 86400000);
	CHECK_EQ_INT(parse2("--time", "0", &t, err, sizeof(err)), 0);
	CHECK_EQ_INT(parse2("--time", "86400.001", &t, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "--time") && strstr(err, "86400.001") && strstr(err, "(0 to 86400)"));
	CHECK_EQ_INT(t.ms, 0);                                             /* a refused value changes nothing */
	/* Sizes compare in bytes, whatever the suffix. */
	CHECK_EQ_INT(parse2("--mem", "1024G", &t, err, sizeof(err)), 0);
	CHECK_EQ_INT(t.kb, 1024ULL << 20);
	CHECK_EQ_INT(parse2("--mem", "1048577", &t, err, sizeof(err)), -EINVAL);  /* MB: one over 1024G */
	CHECK(strstr(err, "--mem") && strstr(err, "1M to 1024G"));
	CHECK_EQ_INT(parse2("--mem", "1023k", &t, err, sizeof(err)), -EINVAL);
	/* Past what the type holds is out of range too, and says which. */
	CHECK_EQ_INT(parse2("--mem", "99999999999999999G", &t, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "out of range (1M to 1024G)"));
	CHECK_EQ_INT(parse2("--jobs", "0", &t, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "--jobs") && strstr(err, "(at least 1)"));
	CHECK_EQ_INT(parse2("--jobs", "4294967295", &t, err, sizeof(err)), 0);  /* no max: the type's */
	CHECK_EQ_INT(parse2("--jobs", "4294967296", &t, err, sizeof(err)), -EINVAL);
	/* A sentinel default is not a value the user may give. */
	CHECK_EQ_INT(parse2("--id", "-1", &t, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "--id") && strstr(err, "(0 to 999)"));
	CHECK_EQ_INT(parse2("--id", "999", &t, err, sizeof(err)), 0);
	CHECK_EQ_INT(t.id, 999);
}

static void test_defaults_and_usage(void)
{
	struct target t = { .ms = 7 };
	CHECK_EQ_INT(opts_defaults(table, &t), 0);
	CHECK_EQ_INT(t.ms, 1500);
	CHECK_EQ_INT(t.kb, 64 * 1024);
	CHECK_EQ_INT(t.n, 1);
	CHECK_EQ_INT(t.id, -1);                /* the sentinel is set */
	CHECK_EQ_STR(t.s, "dflt");
	CHECK(!t.flag && t.list.n == 0);

	static const struct opt bad[] = {
		{ "time", OPT_SECONDS, offsetof(struct target, ms), 0, "SEC", "t", "soon", NULL, NULL },
		OPT_END,
	};
	CHECK_EQ_INT(opts_defaults(bad, &t), -EINVAL);

	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	opts_usage(f, "usage: x", table);
	fclose(f);
	CHECK(text && strstr(text, "  --time SEC ") && strstr(text, " t (default 1.5, 0 to 86400)\n"));
	CHECK(text && strstr(text, "--mem SIZE") && strstr(text, "m (default 64M, 1M to 1024G)\n"));
	CHECK(text && strstr(text, "j (default 1, at least 1)\n"));
	CHECK(text && strstr(text, "i, the first free if not given (0 to 999)\n"));   /* no "default -1" */
	CHECK(text && strstr(text, "n (default dflt)\n"));
	CHECK(text && strstr(text, "f\n") && strstr(text, "e\n") && strstr(text, "--help"));
	free(text);
}

int main(void)
{
	test_parse();
	test_ranges();
	test_defaults_and_usage();
	return check_done();
}
