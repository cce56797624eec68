/* test_harness.c - package/harness*.c: signatures (parsing, errors, names
 * per language), starter code, the test-file checks (inputs, canonical
 * answers), then real programs in boxes in each of the eleven languages:
 * the starter code as generated, an identity function per type (every
 * type as parameter and as return value, edge values; malformed input a
 * runtime error), the fixture problems of tests/harness/ (every submission
 * gets its folder's verdict, also with clang for C and C++; the users' own
 * imports work), a user's syntax error (located on their own line), and
 * the wrapped hello-world's run time (printed, not asserted). Compiles go
 * through a compile cache, so a second run mostly runs.
 * PAIRBOX_HARNESS_LANGS=c,rust limits the box part to those languages. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "check.h"
#include "harness.h"
#include "judge.h"
#include "lang.h"
#include "util.h"

#ifndef PAIRBOX_HARNESS_FIXTURES
#define PAIRBOX_HARNESS_FIXTURES "tests/harness"
#endif

static struct harness_sig *sig_of(const char *text, char *err, size_t errlen)
{
	json_error_t je;
	struct harness_sig *s = NULL;
	json_t *j = json_loads(text, 0, &je);
	if (!j) {
		str_printf(err, errlen, "test's JSON: %s", je.text);
		return NULL;
	}
	if (harness_sig_parse(j, &s, err, errlen))
		s = NULL;
	json_decref(j);
	return s;
}

#define TWO_SUM "{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": \"int[]\"}, " \
		"{\"name\": \"target\", \"type\": \"int\"}], \"returns\": \"int[]\"}"

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

/* ---- programs in boxes ---- */

static struct box_pool *pool;
static struct compile_cache cache;
static bool have_cache;

static bool lang_wanted(const char *name)
{
	const char *only = getenv("PAIRBOX_HARNESS_LANGS");
	if (!only || !*only)
		return true;
	size_t n = strlen(name);
	for (const char *p = only; (p = strstr(p, name)); p += n)
		if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* Judge a wrapped program on tests; 0 or -errno (judge_run's). */
static int judge_wrapped(const struct harness_sig *s, const struct lang *l, const char *src, const struct judge_test *t,
			 size_t nt, uint32_t cpu_ms, uint64_t memory_kb, struct judge_result *res)
{
	char *prog = NULL, err[256] = "";
	size_t len = 0;
	int r = harness_wrap(s, l, src, strlen(src), &prog, &len);
	CHECK_EQ_INT(r, 0);
	if (r)
		return r;
	struct judge_req req = { .lang = l, .source = prog, .source_len = len, .tests = t, .ntests = nt,
				 .cache = have_cache ? &cache : NULL };
	compare_opts_default(&req.compare);
	box_limits_default(&req.run);
	judge_compile_limits(&req.compile);
	lang_apply_limits(l, &req.run, &req.compile);
	if (cpu_ms) {
		req.run.cpu_ms = cpu_ms;
		req.run.wall_ms = 2 * cpu_ms + 1000;
	}
	if (memory_kb)
		req.run.memory_kb = req.run.stack_kb = memory_kb;
	judge_result_release(res);
	judge_result_init(res);
	r = judge_run(pool, &req, res, err, sizeof(err));
	if (r)
		fprintf(stderr, "judge_run: %s\n", err);
	free(prog);
	return r;
}

static void show_test(const char *what, const struct lang *l, const struct judge_test *t,
		      const struct judge_test_result *tr)
{
	if (tr->status == 6)
		return;
	fprintf(stderr, "  %s %s test '%.60s': status %d (%s)\n    out: %.300s\n    err: %.300s\n", l->name, what,
		t->input ? t->input : "", tr->status, tr->message, tr->run.out.data ? tr->run.out.data : "",
		tr->run.err.data ? tr->run.err.data : "");
}

static void show_compile_error(const struct lang *l, const struct judge_result *res)
{
	if (res->status == 6)
		fprintf(stderr, "  %s: compile error:\n%s\n", l->name, res->compile_output.data ? res->compile_output.data : "");
}

/* The identity function on type T in each language: the starter for
 * echo(x: T) -> T up to the signature's line, then this body. C's
 * depends on how arrays come back. */
struct identity {
	const char *lang, *body, *body1, *body2;
	bool int64_is_double;                    /* JavaScript, TypeScript: int64 is exact to 2^53 only */
	const char *where;                       /* how an error on the user's line 1 is located */
};

static const struct identity identities[] = {
	{ .lang = "c", .body = "    return x;\n}\n", .body1 = "    *returnSize = xSize;\n    return x;\n}\n",
	  .body2 = "    *returnSize = xSize;\n    *returnColumnSizes = xColSize;\n    return x;\n}\n",
	  .where = "solution.c:1:" },
	{ .lang = "cpp", .body = "        return x;\n    }\n};\n", .where = "solution.cpp:1:" },
	{ .lang = "python3", .body = "    return x\n", .where = "main.py\", line 6" },
	{ .lang = "java", .body = "        return x;\n    }\n}\n", .where = "Main.java:2:" },
	{ .lang = "kotlin", .body = "        return x\n    }\n}\n", .where = "Main.kt:1:" },
	{ .lang = "csharp", .body = "        return x;\n    }\n}\n", .where = "solution.cs(1," },
	{ .lang = "javascript", .body = "    return x;\n}\n", .int64_is_double = true, .where = "main.js:1" },
	{ .lang = "typescript", .body = "    return x;\n}\n", .int64_is_double = true, .where = "main.ts(1," },
	{ .lang = "go", .body = "\treturn x\n}\n", .where = "solution.go:1:" },
	{ .lang = "rust", .body = "    x\n}\n", .where = "main.rs:2:" },
	{ .lang = "ruby", .body = "  x\nend\n", .where = "main.rb:1:" },
};

static char *identity_source(const struct identity *id, const struct harness_sig *s, const struct lang *l,
			     const char *type)
{
	char *st = harness_starter(s, l), *src = NULL;
	char call[64];
	str_printf(call, sizeof(call), "%s(", harness_sig_lang_name(s, l));
	const char *at = st ? strstr(st, call) : NULL, *eol = at ? strchr(at, '\n') : NULL;
	const char *body = strstr(type, "[][]") && id->body2 ? id->body2 : strstr(type, "[]") && id->body1 ? id->body1
													  : id->body;
	if (eol && asprintf(&src, "%.*s%s", (int)(eol + 1 - st), st, body) < 0)
		src = NULL;
	free(st);
	return src;
}

/* An input, its answer; JavaScript and TypeScript skip the int64 cases
 * beyond 2^53; bad inputs (answer NULL) must be a runtime error. */
struct tcase {
	const char *in, *out;
	bool beyond_double;
};

struct type_cases {
	const char *type;
	struct tcase c[12];
};

#define ESC_IN "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u4e2d\\ud83d\\ude00\\u001f\x7f h\xc3\xa9llo \xe2\x9c\x93\""
#define ESC_OUT "\"a\\\"b\\\\c/d\\u0008\\u000c\\n\\r\\t\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\\u001f\x7f h\xc3\xa9llo \xe2\x9c\x93\""
#define E300 "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043" \
	"7044438328838781769425232353604305756447921847867069828483872009265758037378302337947880900593689532349707999" \
	"45081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"

#define OK(i, o) { .in = i, .out = o }
#define WIDE(i, o) { .in = i, .out = o, .beyond_double = true }
#define BAD(i) { .in = i }

static const struct type_cases type_cases[] = {
	{ "int", { OK(" \n 42 \n", "42"), OK("-2147483648", "-2147483648"), OK("2147483647", "2147483647"),
		   BAD("1.5"), BAD("\"7\""), BAD(""), BAD("3 4"), BAD("2147483648"), BAD("01"), BAD("true") } },
	{ "int64", { WIDE("-9223372036854775808", "-9223372036854775808"),
		     WIDE("9223372036854775807", "9223372036854775807"), OK("-9007199254740991", "-9007199254740991"),
		     BAD("9223372036854775808"), BAD("1e3") } },
	{ "float64", { OK("1.5", "1.500000"), OK("-0.0", "0.000000"), OK("-1e-7", "0.000000"),
		       OK("0.0078125", "0.007812"), OK("0.0234375", "0.023438"),         /* ties: half to even */
		       OK("1234567890123.456", "1234567890123.456055"), OK("1e300", E300), OK("-3", "-3.000000"),
		       OK("5e-324", "0.000000"), OK("-2.5E+2", "-250.000000"), BAD("1e400"), BAD(".5") } },
	{ "bool", { OK("true", "true"), OK(" false ", "false"), BAD("True"), BAD("1") } },
	{ "string", { OK("\"\"", "\"\""), OK(ESC_IN, ESC_OUT), BAD("\"\\x\""), BAD("\"\\ud800\""), BAD("\"a"),
		      BAD("\"\\u0000\""), BAD("\"tab\there\"") } },
	{ "int[]", { OK("[]", "[]"), OK("[ 1 , -2147483648,2147483647 ]", "[1,-2147483648,2147483647]"), BAD("[1,2"),
		     BAD("[1,,2]"), BAD("[1] x"), BAD("[2147483648]"), BAD("[1.0]") } },
	{ "int64[]", { WIDE("[-9223372036854775808,9223372036854775807,0]", "[-9223372036854775808,9223372036854775807,0]"),
		       OK("[1,-2]", "[1,-2]") } },
	{ "float64[]", { OK("[0.5,-0.0,1e-7,0.0078125,3]", "[0.500000,0.000000,0.000000,0.007812,3.000000]"),
			 OK("[]", "[]") } },
	{ "bool[]", { OK("[true,false,true]", "[true,false,true]"), OK("[]", "[]"), BAD("[null]") } },
	{ "string[]", { OK("[\"a\",\"\",\"\\u00e9\\\"\", \"x y\"]", "[\"a\",\"\",\"\xc3\xa9\\\"\",\"x y\"]"),
			OK("[]", "[]"), BAD("[\"a\" \"b\"]") } },
	{ "int[][]", { OK("[[1,2],[],[3]]", "[[1,2],[],[3]]"), OK("[]", "[]"), OK("[[]]", "[[]]"), BAD("[1]") } },
	{ "int64[][]", { WIDE("[[9223372036854775807],[]]", "[[9223372036854775807],[]]"),
			 OK("[[1,2],[3]]", "[[1,2],[3]]") } },
	{ "float64[][]", { OK("[[0.1,0.2],[],[-1e-9]]", "[[0.100000,0.200000],[],[0.000000]]") } },
	{ "bool[][]", { OK("[[true],[false,true],[]]", "[[true],[false,true],[]]") } },
	{ "string[][]", { OK("[[\"a\",\"b\"],[],[\"\\n\"]]", "[[\"a\",\"b\"],[],[\"\\n\"]]") } },
	{ "ListNode", { OK("[]", "[]"), OK("[1,2,3]", "[1,2,3]"), OK("long", NULL), BAD("[1,null]") } },
	{ "TreeNode", { OK("[]", "[]"), OK("[1]", "[1]"), OK("[3,9,20,null,null,15,7]", "[3,9,20,null,null,15,7]"),
			OK("[1,2,null,3,null]", "[1,2,null,3]"), OK("[1,null,2,null,3]", "[1,null,2,null,3]"),
			OK("deep", NULL), BAD("[null]"), BAD("[1,null,null,2]") } },
};

/* The big generated cases: a list of 5000 values, a chain of 3000 right children. */
static char *long_list, *deep_tree;

static void make_big_cases(void)
{
	size_t cap = 1 << 20, n = 0, m = 0;
	long_list = malloc(cap);
	deep_tree = malloc(cap);
	n += (size_t)snprintf(long_list + n, cap - n, "[");
	m += (size_t)snprintf(deep_tree + m, cap - m, "[");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(long_list + n, cap - n, "%s%d", i ? "," : "", i * 7 - 20000);
	for (int i = 0; i < 3000; i++)
		m += (size_t)snprintf(deep_tree + m, cap - m, "%s%d", i ? ",null," : "", i);
	snprintf(long_list + n, cap - n, "]");
	snprintf(deep_tree + m, cap - m, "]");
}

static const char *case_text(const char *s)
{
	return !s ? NULL : !strcmp(s, "long") ? long_list : !strcmp(s, "deep") ? deep_tree : s;
}

static void test_identities(const struct identity *id, const struct lang *l)
{
	struct judge_result res;
	judge_result_init(&res);
	for (size_t k = 0; k < sizeof(type_cases) / sizeof(type_cases[0]); k++) {
		const struct type_cases *tc = &type_cases[k];
		char text[256], err[256];
		str_printf(text, sizeof(text), "{\"name\": \"echo\", \"params\": [{\"name\": \"x\", \"type\": \"%s\"}], "
			   "\"returns\": \"%s\"}", tc->type, tc->type);
		struct harness_sig *s = sig_of(text, err, sizeof(err));
		char *src = s ? identity_source(id, s, l, tc->type) : NULL;
		CHECK(src != NULL);
		struct judge_test t[12];
		size_t nt = 0;
		for (size_t i = 0; i < 12 && tc->c[i].in; i++) {
			const struct tcase *c = &tc->c[i];
			if (c->beyond_double && id->int64_is_double)
				continue;
			/* The long list and the deep tree are their own answers. */
			const char *in = case_text(c->in), *out = c->out ? c->out : in == c->in ? NULL : in;
			t[nt++] = (struct judge_test){ .name = c->in, .input = in, .input_len = strlen(in), .answer = out,
						       .answer_len = out ? strlen(out) : 0 };
		}
		if (src && judge_wrapped(s, l, src, t, nt, 0, 0, &res) == 0) {
			show_compile_error(l, &res);
			CHECK_EQ_INT(res.nrun, nt);
			for (size_t i = 0; i < res.nrun; i++) {
				int want = t[i].answer ? 3 : 11;        /* accepted, or a runtime error (exit 2) */
				CHECK_EQ_INT(res.tests[i].status, want);
				if (res.tests[i].status != want)
					show_test(tc->type, l, &t[i], &res.tests[i]);
			}
			if (!strcmp(tc->type, "int"))
				printf("  %-11s wrapped hello world (int identity): %u ms wall, %u ms CPU\n", l->name,
				       res.tests[0].wall_ms, res.tests[0].cpu_ms);
		}
		free(src);
		harness_sig_free(s);
	}
	judge_result_release(&res);
}

/* A user's syntax error is the compilation's verdict (or, where nothing
 * is compiled, a runtime error), located on the user's own line as
 * docs/problems.md says. */
static void test_syntax_error(const struct identity *id, const struct lang *l)
{
	char err[256];
	struct harness_sig *s = sig_of(TWO_SUM, err, sizeof(err));
	struct judge_result res;
	struct judge_test t = { .name = "1", .input = "[1]\n2\n", .input_len = 6, .answer = "[]\n", .answer_len = 3 };
	judge_result_init(&res);
	if (s && judge_wrapped(s, l, "this is not a program in any language }\n", &t, 1, 0, 0, &res) == 0) {
		CHECK_EQ_INT(res.status, l->compile ? 6 : 11);
		const struct outbuf *o = l->compile ? &res.compile_output : res.nrun ? &res.tests[0].run.err : NULL;
		bool located = o && o->data && strstr(o->data, id->where);
		CHECK(located);
		if (!located)
			fprintf(stderr, "  %s: no '%s' in:\n%s\n", l->name, id->where, o && o->data ? o->data : "");
	}
	judge_result_release(&res);
	harness_sig_free(s);
}

/* ---- the fixture problems ---- */

struct fixture {
	struct harness_sig *sig;
	uint32_t cpu_ms;
	uint64_t memory_kb;
	struct judge_test tests[32];
	char *names[32], *data[64];
	size_t ntests;
};

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted file names in dir (NULL-terminated, owned). */
static char **list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	char **v = calloc(65, sizeof(*v));
	size_t n = 0;
	for (struct dirent *e; d && v && (e = readdir(d)) && n < 64;)
		if (e->d_name[0] != '.')
			v[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	if (v)
		qsort(v, n, sizeof(*v), names_cmp);
	return v;
}

static void free_list(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static int fixture_load(const char *dir, struct fixture *f)
{
	char path[4096], err[256];
	char *text = NULL;
	size_t len;
	memset(f, 0, sizeof(*f));
	str_printf(path, sizeof(path), "%s/problem.json", dir);
	if (read_file(path, 1 << 20, &text, &len))
		return -ENOENT;
	json_t *j = json_loads(text, 0, NULL);
	free(text);
	if (!j || harness_sig_parse(json_object_get(j, "function"), &f->sig, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", path, j ? err : "not JSON");
		json_decref(j);
		return -EINVAL;
	}
	f->cpu_ms = (uint32_t)(json_number_value(json_object_get(j, "time_limit")) * 1000);
	f->memory_kb = (uint64_t)json_integer_value(json_object_get(j, "memory_limit")) * 1024;
	json_decref(j);
	static const char *const groups[] = { "sample", "hidden" };
	for (size_t g = 0; g < 2; g++) {
		str_printf(path, sizeof(path), "%s/tests/%s", dir, groups[g]);
		char **names = list_dir(path);
		for (size_t i = 0; names && names[i] && f->ntests < 32; i++) {
			size_t n = strlen(names[i]);
			if (n < 4 || strcmp(names[i] + n - 3, ".in"))
				continue;
			struct judge_test *t = &f->tests[f->ntests];
			char *in = NULL, *ans = NULL, file[4096];
			size_t inlen = 0, anslen = 0;
			str_printf(file, sizeof(file), "%s/%s", path, names[i]);
			int r = read_file(file, 16 << 20, &in, &inlen);
			str_printf(file, sizeof(file), "%s/%.*s.ans", path, (int)(n - 3), names[i]);
			r = r ? r : read_file(file, 16 << 20, &ans, &anslen);
			CHECK_EQ_INT(r, 0);
			if (r) {
				free(in);
				continue;
			}
			/* Every fixture test is well-formed. */
			CHECK_EQ_INT(harness_check_input(f->sig, in, inlen, err, sizeof(err)), 0);
			CHECK_EQ_INT(harness_check_answer(f->sig, ans, anslen, err, sizeof(err)), 0);
			f->names[f->ntests] = strdup(names[i]);
			f->data[2 * f->ntests] = in;
			f->data[2 * f->ntests + 1] = ans;
			*t = (struct judge_test){ f->names[f->ntests], in, inlen, ans, anslen };
			f->ntests++;
		}
		free_list(names);
	}
	return f->ntests ? 0 : -ENOENT;
}

static void fixture_release(struct fixture *f)
{
	harness_sig_free(f->sig);
	for (size_t i = 0; i < f->ntests; i++) {
		free(f->names[i]);
		free(f->data[2 * i]);
		free(f->data[2 * i + 1]);
	}
}

/* One submission judged on a fixture's tests: accepted passes every test,
 * wrong_answer fails one. */
static void judge_submission(const struct fixture *f, const struct lang *l, const char *src, bool accepted,
			     const char *what, struct judge_result *res)
{
	if (judge_wrapped(f->sig, l, src, f->tests, f->ntests, f->cpu_ms, f->memory_kb, res))
		return;
	show_compile_error(l, res);
	bool ok = accepted ? res->status == 3 && res->nrun == f->ntests : res->status == 4;
	CHECK(ok);
	if (ok)
		return;
	fprintf(stderr, "  %s (%s): status %d, %s\n", what, l->name, res->status, res->message);
	for (size_t t = 0; t < res->nrun; t++)
		if (res->tests[t].status != 3)
			show_test(what, l, &f->tests[t], &res->tests[t]);
}

/* Every submission of every fixture problem in a wanted language gets
 * its folder's verdict; C and C++ ones are judged with clang too (the
 * harness goes by the source's extension). */
static void test_fixtures(bool *seen)
{
	char **problems = list_dir(PAIRBOX_HARNESS_FIXTURES);
	struct judge_result res;
	judge_result_init(&res);
	CHECK(problems && problems[0]);
	for (size_t p = 0; problems && problems[p]; p++) {
		char dir[4096], sub[4096];
		struct fixture f;
		str_printf(dir, sizeof(dir), "%s/%s", PAIRBOX_HARNESS_FIXTURES, problems[p]);
		if (fixture_load(dir, &f)) {
			CHECK(!"fixture loads");
			continue;
		}
		static const char *const verdicts[] = { "accepted", "wrong_answer" };
		for (size_t v = 0; v < 2; v++) {
			str_printf(sub, sizeof(sub), "%s/submissions/%s", dir, verdicts[v]);
			char **files = list_dir(sub);
			for (size_t i = 0; files && files[i]; i++) {
				char path[4096], *src = NULL;
				size_t len;
				str_printf(path, sizeof(path), "%s/%s", sub, files[i]);
				const struct lang *l = lang_guess(path);
				if (!l || !lang_wanted(l->name))
					continue;
				for (size_t k = 0; k < sizeof(identities) / sizeof(identities[0]); k++)
					if (!strcmp(identities[k].lang, l->name))
						seen[k] = true;
				CHECK_EQ_INT(read_file(path, 1 << 20, &src, &len), 0);
				if (!src)
					continue;
				judge_submission(&f, l, src, v == 0, path, &res);
				const struct lang *clang = lang_find(!strcmp(l->name, "c") ? "c-clang"
								     : !strcmp(l->name, "cpp") ? "cpp-clang" : "");
				if (clang && v == 0)
					judge_submission(&f, clang, src, true, path, &res);
				free(src);
			}
			free_list(files);
		}
		fixture_release(&f);
	}
	free_list(problems);
	judge_result_release(&res);
}

/* The starter code as generated compiles, runs and returns its zero value. */
static void test_starter_runs(const struct lang *l)
{
	char err[256];
	struct harness_sig *s = sig_of("{\"name\": \"mixUp\", \"params\": [{\"name\": \"head\", \"type\": \"ListNode\"}, "
				       "{\"name\": \"root\", \"type\": \"TreeNode\"}, {\"name\": \"words\", \"type\": "
				       "\"string[][]\"}, {\"name\": \"x\", \"type\": \"float64\"}], \"returns\": \"int[][]\"}",
				       err, sizeof(err));
	char *st = s ? harness_starter(s, l) : NULL;
	struct judge_test t = { .name = "1", .input = "[1,2]\n[1]\n[[\"a\"]]\n1.5\n", .input_len = 22, .answer = "[]\n",
				.answer_len = 3 };
	struct judge_result res;
	judge_result_init(&res);
	CHECK(st != NULL);
	if (st && judge_wrapped(s, l, st, &t, 1, 0, 0, &res) == 0) {
		show_compile_error(l, &res);
		CHECK_EQ_INT(res.status, 3);
		if (res.status != 3 && res.nrun)
			show_test("starter", l, &t, &res.tests[0]);
	}
	judge_result_release(&res);
	free(st);
	harness_sig_free(s);
}

/* Every type wrapped in every language, in process only: the generator
 * itself under the sanitizers, without paying for eleven toolchains. */
static void test_wrap_all(void)
{
	for (size_t k = 0; k < sizeof(identities) / sizeof(identities[0]); k++) {
		const struct lang *l = lang_find_any(identities[k].lang);
		CHECK(l != NULL);
		for (size_t t = 0; l && t < sizeof(type_cases) / sizeof(type_cases[0]); t++) {
			char text[256], err[256], *prog = NULL;
			size_t len = 0;
			str_printf(text, sizeof(text), "{\"name\": \"echo\", \"params\": [{\"name\": \"x\", \"type\": \"%s\"}, "
				   "{\"name\": \"y\", \"type\": \"%s\"}], \"returns\": \"%s\"}", type_cases[t].type,
				   type_cases[(t + 1) % (sizeof(type_cases) / sizeof(type_cases[0]))].type, type_cases[t].type);
			struct harness_sig *s = sig_of(text, err, sizeof(err));
			char *src = s ? identity_source(&identities[k], s, l, type_cases[t].type) : NULL;
			CHECK(src != NULL);
			CHECK_EQ_INT(src ? harness_wrap(s, l, src, strlen(src), &prog, &len) : -1, 0);
			/* The user's code is in the program as written. */
			CHECK(prog && src && len == strlen(prog) && strstr(prog, src + strspn(src, "\n")));
			free(prog);
			free(src);
			harness_sig_free(s);
		}
	}
}

int main(void)
{
	char err[256];
	if (lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err))) {
		fprintf(stderr, "lang_registry_load: %s\n", err);
		return 1;
	}
	test_sig();
	test_starters();
	test_checks();
	test_wrap_all();
	/* PAIRBOX_HARNESS_LANGS=none: the in-process part only (ctest's
	 * unit.test_harness); harness.LANG runs one language in boxes. */
	const char *only = getenv("PAIRBOX_HARNESS_LANGS");
	if (only && !strcmp(only, "none"))
		return check_done();

	struct box_config cfg;
	box_config_default(&cfg);
	cfg.helper_path = PAIRBOX_BIN_PATH;
	cfg.profile_dir = PAIRBOX_PROFILE_DIR;
	cfg.binds = lang_all_binds();
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "box_pool_new: %s\n", err);
		return 1;
	}
	have_cache = cache_open(&cache, box_pool_state_dir(pool), 1ull << 30) == 0;
	make_big_cases();
	bool seen[sizeof(identities) / sizeof(identities[0])] = { false };
	test_fixtures(seen);
	for (size_t k = 0; k < sizeof(identities) / sizeof(identities[0]); k++) {
		const struct lang *l = lang_find(identities[k].lang);
		if (!lang_wanted(identities[k].lang))
			continue;
		CHECK(l != NULL);                        /* all eleven are installed where this runs */
		CHECK(seen[k]);                          /* and each has fixture solutions */
		if (!l)
			continue;
		test_starter_runs(l);
		test_identities(&identities[k], l);
		test_syntax_error(&identities[k], l);
	}
	free(long_list);
	free(deep_tree);
	box_pool_free(pool);
	return check_done();
}
