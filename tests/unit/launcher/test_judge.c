/* test_judge.c - launcher/judge.c in process: compiler and run arguments
 * split as a shell would, without a shell; the compile cache's option rows. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "cache.h"
#include "check.h"
#include "judge.h"
#include "opts.h"

static void test_split_args(void)
{
	char **v;
	size_t n;
	CHECK_EQ_INT(judge_split_args("  -O2 'a b'\t\"c;d\"\n-x$HOME  ", &v, &n), 0);
	CHECK_EQ_INT(n, 4);
	CHECK_EQ_STR(v[0], "-O2");
	CHECK_EQ_STR(v[1], "a b");
	CHECK_EQ_STR(v[2], "c;d");
	CHECK_EQ_STR(v[3], "-x$HOME");
	CHECK(v[4] == NULL);
	free(v);
	CHECK_EQ_INT(judge_split_args("a'b c'd", &v, &n), 0);   /* quotes join with their word */
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_STR(v[0], "ab cd");
	free(v);
	CHECK_EQ_INT(judge_split_args(NULL, &v, &n), 0);
	CHECK_EQ_INT(n, 0);
	CHECK(v[0] == NULL);
	free(v);
	CHECK_EQ_INT(judge_split_args("'open", &v, &n), -EINVAL);
	CHECK_EQ_INT(judge_split_args("x \"", &v, &n), -EINVAL);
}


/* --cache-size and --no-cache, as run and grade share them. */
struct cache_cli {
	uint64_t mb;
	bool off;
};

static void test_cache_rows(void)
{
	struct cache_cli c = { 0, false };
	static const struct opt rows[] = {
		CACHE_OPT_SIZE(offsetof(struct cache_cli, mb)), CACHE_OPT_NO_CACHE(offsetof(struct cache_cli, off)), OPT_END,
	};
	CHECK_EQ_INT(opts_defaults(rows, &c), 0);
	CHECK_EQ_INT(c.mb, 256);
	char err[128] = "";
	int next;
	char *argv[] = { "x", "--cache-size", "1k", "--no-cache", NULL };   /* below a MB: no cache to speak of */
	CHECK_EQ_INT(opts_parse(rows, &c, 4, argv, &next, err, sizeof(err)), 0);
	CHECK(c.mb == 0 && c.off);
}

int main(void)
{
	test_split_args();
	test_cache_rows();
	return check_done();
}
