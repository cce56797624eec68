/* test_harness.c - package/harness*.c in process: signatures (parsing,
 * errors, names per language), starter code, the test-file checks (inputs,
 * canonical answers). The wrapped programs: test_harness_wrap.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "harness.h"
#include "harness_test.h"
#include "lang.h"
#include "util.h"

/* ---- signatures ---- */

static void refused(const char *fn, const char *want)
{
	char err[256] = "";
	struct harness_sig *s = sig_of(fn, err, sizeof(err));
	CHECK(s == NULL);
	if (!strstr(err, want))
		fprintf(stderr, "  %s: error '%s' lacks '%s'\n", fn, err, want);
	CHECK(strstr(err, want) != NULL);
	harness_sig_free(s);
}

static void test_sig(void)
{
	char err[256] = "";
	struct harness_sig *s = sig_of(TWO_SUM, err, sizeof(err));
	CHECK(s != NULL);
	if (s)
		CHECK_EQ_STR(harness_sig_name(s), "twoSum");
	harness_sig_free(s);
	harness_sig_free(NULL);
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", \"type\": "
		"\"int[][][]\"}], \"returns\": \"int\"}", "function.params[1].type: unknown type 'int[][][]'");
	refused("{\"name\": \"f\", \"params\": [], \"returns\": \"ListNode[]\"}", "function.returns: unknown type");
	refused("{\"name\": \"f\", \"params\": [], \"returns\": \"void\"}", "unknown type 'void'");
	refused("{\"name\": \"f\", \"params\": [], \"returns\": \"Int\"}", "unknown type 'Int'");
	refused("{\"name\": \"TwoSum\", \"params\": [], \"returns\": \"int\"}", "function.name: 'TwoSum' is not a "
		"lowerCamelCase name");
	refused("{\"name\": \"two_sum\", \"params\": [], \"returns\": \"int\"}", "not a lowerCamelCase name");
	refused("{\"params\": [], \"returns\": \"int\"}", "function.name: a string is required");
	refused("{\"name\": \"f\", \"returns\": \"int\"}", "function.params: an array");
	refused("{\"name\": \"f\", \"params\": [], \"returns\": \"int\", \"return\": 1}",
		"function: unknown key 'return'");
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"x\", \"type\": \"int\", \"doc\": \"\"}], \"returns\": "
		"\"int\"}", "function.params[0]: unknown key 'doc'");
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"in\", \"type\": \"int\"}], \"returns\": \"int\"}",
		"function.params[0].name: 'in' is reserved");
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"len\", \"type\": \"int\"}], \"returns\": \"int\"}",
		"'len' is reserved");
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"pbX\", \"type\": \"int\"}], \"returns\": \"int\"}",
		"'pbX' is reserved");
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"aB\", \"type\": \"int\"}, {\"name\": \"aB\", \"type\": "
		"\"int\"}], \"returns\": \"int\"}", "function.params[1].name: 'aB' is already the name of another");
	refused("{\"name\": \"f\", \"params\": [{\"name\": \"f\", \"type\": \"int\"}], \"returns\": \"int\"}",
		"already the name of the function");
	refused("[1]", "function: an object");
}

/* ---- names and starter code per language ---- */

struct starter_case {
	const char *lang, *name, *line;          /* the function's name and the signature's line */
};

static const struct starter_case starters[] = {
	{ "c", "twoSum", "int* twoSum(int* nums, int numsSize, int target, int* returnSize) {" },
	{ "c-clang", "twoSum", "int* twoSum(int* nums, int numsSize, int target, int* returnSize) {" },
	{ "cpp", "twoSum", "    vector<int> twoSum(vector<int>& nums, int target) {" },
	{ "python3", "two_sum", "def two_sum(nums: List[int], target: int) -> List[int]:" },
	{ "java", "twoSum", "    public int[] twoSum(int[] nums, int target) {" },
	{ "kotlin", "twoSum", "    fun twoSum(nums: IntArray, target: Int): IntArray {" },
	{ "csharp", "TwoSum", "    public int[] TwoSum(int[] nums, int target) {" },
	{ "javascript", "twoSum", "function twoSum(nums, target) {" },
	{ "typescript", "twoSum", "function twoSum(nums: number[], target: number): number[] {" },
	{ "go", "twoSum", "func twoSum(nums []int, target int) []int {" },
	{ "rust", "two_sum", "fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {" },
	{ "ruby", "two_sum", "def two_sum(nums, target)" },
};

static void test_starters(void)
{
	char err[256];
	struct harness_sig *s = sig_of(TWO_SUM, err, sizeof(err));
	if (!s)
		return;
	for (size_t i = 0; i < sizeof(starters) / sizeof(starters[0]); i++) {
		const struct lang *l = lang_find_any(starters[i].lang);
		CHECK(l && harness_supports(l));
		if (!l)
			continue;
		CHECK_EQ_STR(harness_sig_lang_name(s, l), starters[i].name);
		char *st = harness_starter(s, l);
		CHECK(st && strstr(st, starters[i].line));
		if (st && !strstr(st, starters[i].line))
			fprintf(stderr, "  %s starter:\n%s\n", starters[i].lang, st);
		CHECK(st && !strstr(st, "ListNode"));            /* no node comment when none is used */
		free(st);
	}
	const struct lang *bash = lang_find_any("bash");
	CHECK(bash && !harness_supports(bash) && !harness_starter(s, bash) && !harness_sig_lang_name(s, bash));
	char *out = NULL;
	size_t n = 0;
	CHECK_EQ_INT(harness_wrap(s, bash, "x", 1, &out, &n), -ENOTSUP);
	harness_sig_free(s);

	/* Case conversions, and the node comments. */
	s = sig_of("{\"name\": \"parseURLFast\", \"params\": [{\"name\": \"rootNode\", \"type\": \"TreeNode\"}, "
		   "{\"name\": \"k2\", \"type\": \"int64\"}], \"returns\": \"ListNode\"}", err, sizeof(err));
	CHECK(s != NULL);
	if (!s)
		return;
	const struct lang *py = lang_find_any("python3"), *cs = lang_find_any("csharp"), *rs = lang_find_any("rust");
	CHECK_EQ_STR(harness_sig_lang_name(s, py), "parse_url_fast");
	CHECK_EQ_STR(harness_sig_lang_name(s, cs), "ParseURLFast");
	char *st = harness_starter(s, py);
	CHECK(st && strstr(st, "def parse_url_fast(root_node: Optional[TreeNode], k2: int) -> Optional[ListNode]:"));
	CHECK(st && strstr(st, "# Provided: class ListNode") && strstr(st, "# Provided: class TreeNode"));
	free(st);
	st = harness_starter(s, rs);
	CHECK(st && strstr(st, "fn parse_url_fast(root_node: Option<Rc<RefCell<TreeNode>>>, k2: i64) -> "
			    "Option<Box<ListNode>> {\n    None\n}"));
	free(st);
	st = harness_starter(s, cs);
	CHECK(st && strstr(st, "public ListNode ParseURLFast(TreeNode rootNode, long k2) {"));
	free(st);
	harness_sig_free(s);
}

/* ---- test files ---- */

static void check_in(const struct harness_sig *s, const char *in, int want, const char *why)
{
	char err[256] = "";
	int r = harness_check_input(s, in, strlen(in), err, sizeof(err));
	CHECK_EQ_INT(r, want);
	if (why && !strstr(err, why))
		fprintf(stderr, "  input '%s': error '%s' lacks '%s'\n", in, err, why);
	CHECK(!why || strstr(err, why));
}

static void check_ans(const struct harness_sig *s, const char *ans, int want, const char *why)
{
	char err[256] = "";
	int r = harness_check_answer(s, ans, strlen(ans), err, sizeof(err));
	if (r != want)
		fprintf(stderr, "  answer '%s': %d (%s)\n", ans, r, err);
	CHECK_EQ_INT(r, want);
	CHECK(!why || strstr(err, why));
}

static struct harness_sig *sig_ret(const char *params, const char *ret)
{
	char text[512], err[256];
	str_printf(text, sizeof(text), "{\"name\": \"f\", \"params\": [%s], \"returns\": \"%s\"}", params, ret);
	struct harness_sig *s = sig_of(text, err, sizeof(err));
	if (!s)
		fprintf(stderr, "  %s: %s\n", text, err);
	return s;
}

static void test_checks(void)
{
	struct harness_sig *s = sig_ret("{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", \"type\": "
					"\"string[]\"}, {\"name\": \"t\", \"type\": \"TreeNode\"}", "int");
	if (!s)
		return;
	check_in(s, "1\n[\"x\"]\n[1,null,2]\n", 0, NULL);
	check_in(s, " -2147483648 [ ] [1,2,null,3,null,null]", 0, NULL);     /* trailing nulls are fine in input */
	check_in(s, "1\n[\"x\"]\n", -EINVAL, "input value 3 (t TreeNode): missing");
	check_in(s, "1\n[\"x\"]\n[]\n4", -EINVAL, "extra data at line 4");
	check_in(s, "2147483648\n[]\n[]", -EINVAL, "2147483648 is out of range for int");
	check_in(s, "1.0\n[]\n[]", -EINVAL, "input value 1 (a int)");
	check_in(s, "1\n[1]\n[]", -EINVAL, "input value 2 (b string[])");
	check_in(s, "1\n[\"x\"\n[]", -EINVAL, "not JSON");
	check_in(s, "1\n[]\n[null,1]", -EINVAL, "root is not null");
	check_in(s, "1\n[]\n[1,null,null,2]", -EINVAL, "tree value 4 has no parent");
	check_in(s, "1\n[\"\\ud800\"]\n[]", -EINVAL, "not JSON");             /* jansson refuses lone surrogates */
	harness_sig_free(s);

	s = sig_ret("", "float64");
	check_ans(s, "0.500000\n", 0, NULL);
	check_ans(s, "0.500000", 0, NULL);
	check_ans(s, "-1234.000001\n", 0, NULL);
	check_ans(s, "0.5\n", -EINVAL, "expected 0.500000");
	check_ans(s, "-0.000000\n", -EINVAL, "expected 0.000000");
	check_ans(s, "1\n", -EINVAL, "canonical");
	check_ans(s, "0.500000\n\n", -EINVAL, NULL);
	harness_sig_free(s);
	s = sig_ret("", "int64[][]");
	check_ans(s, "[[9223372036854775807,-9223372036854775808],[]]\n", 0, NULL);
	check_ans(s, "[[1, 2]]\n", -EINVAL, "expected [[1,2]]");
	check_ans(s, "[[1],2]\n", -EINVAL, NULL);
	harness_sig_free(s);
	s = sig_ret("", "string");
	check_ans(s, "\"a\\\"b\\\\c\\u0001\\n\\t\\u00e9\xe2\x9c\x93\"\n", -EINVAL, NULL);   /* é must be raw */
	check_ans(s, "\"a\\\"b\\\\c\\u0001\\n\\t\xc3\xa9\xe2\x9c\x93\"\n", 0, NULL);
	check_ans(s, "\"\\/\"", -EINVAL, "expected \"/\"");
	check_ans(s, "\"\\u0008\"", 0, NULL);
	check_ans(s, "\"\\b\"", -EINVAL, "expected \"\\u0008\"");
	check_ans(s, "\"\\u001F\"", -EINVAL, "expected \"\\u001f\"");
	harness_sig_free(s);
	s = sig_ret("", "TreeNode");
	check_ans(s, "[3,9,20,null,null,15,7]\n", 0, NULL);
	check_ans(s, "[]\n", 0, NULL);
	check_ans(s, "[1,null,2,null]\n", -EINVAL, "trailing nulls");
	check_ans(s, "[1,null,null,2]\n", -EINVAL, "no parent");
	harness_sig_free(s);
	s = sig_ret("", "bool");
	check_ans(s, "true\n", 0, NULL);
	check_ans(s, "1\n", -EINVAL, NULL);
	harness_sig_free(s);
	s = sig_ret("", "ListNode");
	check_ans(s, "[1,2,3]\n", 0, NULL);
	check_ans(s, "[1,null]\n", -EINVAL, NULL);
	harness_sig_free(s);
}

int main(void)
{
	if (harness_test_langs())
		return 1;
	test_sig();
	test_starters();
	test_checks();
	return check_done();
}
