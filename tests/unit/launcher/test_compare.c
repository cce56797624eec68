/* test_compare.c - every comparison mode, with the Kattis default
 * validator's semantics for tokens and float tolerances. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "compare.h"

static struct compare_opts opts;

static int same(const char *out, const char *ans)
{
	char msg[200];
	return compare_output(&opts, out, strlen(out), ans, strlen(ans), msg, sizeof(msg));
}

static void use(const char *spec)
{
	char err[200];
	CHECK_EQ_INT(compare_parse(spec, &opts, err, sizeof(err)), 0);
}

static void use_kattis(const char *flags)
{
	char err[200];
	CHECK_EQ_INT(compare_parse_kattis(flags, &opts, err, sizeof(err)), 0);
}

static void test_judge0(void)
{
	use("judge0");
	CHECK(same("15\n", "15\n"));
	CHECK(same("15", "15\n"));
	CHECK(same("15  \n\n\n", "15"));
	CHECK(same("a b\t\r\nc\n", "a b\nc"));
	CHECK(same("", "\n\n"));
	CHECK(!same("15\n", "16\n"));
	CHECK(!same(" 15", "15"));           /* leading space matters */
	CHECK(!same("a  b", "a b"));         /* inner space matters */
	CHECK(!same("\n15", "15"));          /* leading blank line matters */
	CHECK(!same("1\n2\n", "1\n"));
	CHECK(!same("1\n", "1\n2"));
	CHECK(!same("1\n\n2", "1\n2"));      /* inner blank line matters */
	CHECK(!same("ABC", "abc"));
	CHECK(compare_judge0("x\n", 2, "x", 1));
	char msg[200];
	CHECK(!compare_output(&opts, "1\n2\n", 4, "1\n3\n", 4, msg, sizeof(msg)));
	CHECK(strstr(msg, "line 2") && strstr(msg, "'3'") && strstr(msg, "'2'"));
}

static void test_exact(void)
{
	use("exact");
	CHECK(same("a b\n", "a b\n"));
	CHECK(!same("a b\n", "a b"));
	CHECK(!same("a b ", "a b"));
	CHECK(compare_output(&opts, "a\0b", 3, "a\0b", 3, NULL, 0));
	CHECK(!compare_output(&opts, "a\0b", 3, "a\0c", 3, NULL, 0));
}

static void test_tokens(void)
{
	use("tokens");
	CHECK(same("A B", "A B"));
	CHECK(same(" A  B \t\n", "A B"));
	CHECK(same("A\nB", "A B"));
	CHECK(same(" ", ""));                /* only whitespace: no tokens */
	CHECK(!same("0", ""));
	CHECK(!same("A B X", "A B"));        /* trailing output */
	CHECK(!same("X A B", "A B"));
	CHECK(!same("A", "A B"));            /* ended early */
	CHECK(!same("a b", "A B"));          /* case-sensitive by default */
	CHECK(!same("1.0", "1"));            /* no tolerance: strings */
	use("tokens,nocase");
	CHECK(same("a b", "A B"));
	CHECK(!same("a c", "A B"));
	CHECK(compare_output(&opts, "a\0", 2, "A\0", 2, NULL, 0));
	CHECK(!compare_output(&opts, "a\0x", 3, "A\0y", 3, NULL, 0));
	use("tokens,spaces");
	CHECK(same("A B\n", "A B\n"));
	CHECK(!same("A  B\n", "A B\n"));
	CHECK(!same("A B", "A B\n"));
	CHECK(!same("A B\n\n", "A B\n"));   /* extra whitespace is a change too */
}

static void test_floats(void)
{
	use("tokens,abs=1e-6");
	CHECK(same("0.3333333", "0.33333333"));
	CHECK(!same("0.3334", "0.3333"));
	CHECK(!same("abc", "0.5"));          /* a number was expected */
	CHECK(same("x 1", "x 1.0000001"));
	use("tokens,rel=1e-3");
	CHECK(same("1000.9", "1000"));
	CHECK(!same("1002", "1000"));
	CHECK(same("0", "0"));
	CHECK(!same("0.0001", "0"));         /* relative to 0 is exact */
	use("float=1e-6");                   /* both, tokens implied */
	CHECK(opts.mode == CMP_TOKENS);
	CHECK(same("1e6", "1000000.5"));     /* relative 5e-7 */
	CHECK(same("-0.0000005", "0"));      /* absolute */
	CHECK(!same("nan", "1"));
	CHECK(!same("inf", "1e400"));        /* the answer is not finite: a string, and they differ */
	/* The answer token decides: a non-number answer is compared as text. */
	CHECK(same("YES 1.0000001", "YES 1"));
	CHECK(!same("yes 1", "YES 1"));
}

static void test_kattis(void)
{
	use_kattis("");
	CHECK(opts.mode == CMP_TOKENS && !opts.case_sensitive);
	CHECK(same("yes", "YES"));           /* Kattis: case-insensitive by default */
	CHECK(same(" \t\n", ""));
	CHECK(!same("A B\nX", "A B"));
	use_kattis("case_sensitive space_change_sensitive");
	CHECK(!same("yes", "YES"));
	CHECK(!same("A  B", "A B"));
	use_kattis("float_tolerance 1e-6");
	CHECK(opts.abs_tol == 1e-6 && opts.rel_tol == 1e-6);
	use_kattis("float_absolute_tolerance 0.5 float_relative_tolerance 0");
	CHECK(same("1.4", "1"));
	CHECK(!same("1.6", "1"));
	char err[200];
	CHECK_EQ_INT(compare_parse_kattis("float_tolerance", &opts, err, sizeof(err)), -EINVAL);
	CHECK_EQ_INT(compare_parse_kattis("float_tolerance -1", &opts, err, sizeof(err)), -EINVAL);
	CHECK_EQ_INT(compare_parse_kattis("bogus", &opts, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "bogus") != NULL);
}

static void test_parse_errors(void)
{
	char err[200];
	CHECK_EQ_INT(compare_parse("fuzzy", &opts, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "fuzzy") != NULL);
	CHECK_EQ_INT(compare_parse("exact,nocase", &opts, err, sizeof(err)), -EINVAL);
	CHECK_EQ_INT(compare_parse("tokens,abs=x", &opts, err, sizeof(err)), -EINVAL);
	CHECK_EQ_INT(compare_parse("tokens,rel=-1", &opts, err, sizeof(err)), -EINVAL);
	CHECK_EQ_INT(compare_parse("", &opts, err, sizeof(err)), -EINVAL);
}

int main(void)
{
	test_judge0();
	test_exact();
	test_tokens();
	test_floats();
	test_kattis();
	test_parse_errors();
	return check_done();
}
