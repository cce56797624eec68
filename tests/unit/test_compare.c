/* test_compare.c - Judge0's output rule: trailing whitespace per line and
 * trailing blank lines are ignored, nothing else is. */
#include <string.h>

#include "check.h"
#include "compare.h"

static int same(const char *a, const char *b)
{
	return compare_judge0(a, strlen(a), b, strlen(b));
}

int main(void)
{
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
	return check_done();
}
