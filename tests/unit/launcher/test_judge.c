/* test_judge.c - launcher/judge.c in process: compiler and run arguments
 * split as a shell would, without a shell. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "judge.h"

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


int main(void)
{
	test_split_args();
	return check_done();
}
