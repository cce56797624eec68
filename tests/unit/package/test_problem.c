/* test_problem.c - package/problem*.c and the judge's files and
 * stop_on_fail: fixture problems in both formats written into a temp dir
 * (pairbox's strict problem.json, defaults, missing and orphan files,
 * submissions and the reference, function problems; Kattis legacy and
 * 2025-09: versions, names, limits vs .timelimit, nested groups in order,
 * validator flags per group into comparators, include/, a custom validator
 * with its header, interactive and other unsupported kinds refused), the
 * scan of a tree, then problem_judging_prepare + judge_run in real boxes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "problem.h"
#include "problem_int.h"
#include "util.h"

static char root[] = "/tmp/pairbox-test-problem-XXXXXX";

/* root/rel with its folders made. */
static void put(const char *rel, const char *text)
{
	char path[1024];
	CHECK(str_printf(path, sizeof(path), "%s/%s", root, rel) == 0);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	CHECK(mkdir_p(path, 0755) == 0);
	*slash = '/';
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write_all(fd, text, strlen(text)) == 0);
		close(fd);
	}
}

static void mkdir_in(const char *rel)
{
	char path[1024];
	CHECK(str_printf(path, sizeof(path), "%s/%s", root, rel) == 0);
	CHECK(mkdir_p(path, 0755) == 0);
}

static const char *at(const char *rel)
{
	static char path[4][1024];
	static int k;
	k = (k + 1) % 4;
	str_printf(path[k], sizeof(path[k]), "%s/%s", root, rel);
	return path[k];
}

static void wipe(const char *rel)
{
	remove_tree(AT_FDCWD, at(rel));
}

/* Load root/rel: the return value, err in err. */
static int load(const char *rel, struct problem **p, char *err, size_t len)
{
	err[0] = '\0';
	return problem_load(at(rel), p, err, len);
}

static bool ends(const char *s, const char *suffix)
{
	size_t n = s ? strlen(s) : 0, k = strlen(suffix);
	return s && n >= k && strcmp(s + n - k, suffix) == 0;
}

/* ---- pairbox's format ---- */

static void sum_tests(const char *dir)
{
	char rel[256];
	static const char *const t[][3] = {
		{ "sample/01", "3 4\n", "7\n" }, { "sample/02", "1 1\n", "2\n" },
		{ "hidden/b", "5 5\n", "10\n" }, { "hidden/a", "0 0\n", "0\n" }, { "hidden/10", "10 20\n", "30\n" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		str_printf(rel, sizeof(rel), "%s/tests/%s.in", dir, t[i][0]);
		put(rel, t[i][1]);
		str_printf(rel, sizeof(rel), "%s/tests/%s.ans", dir, t[i][0]);
		put(rel, t[i][2]);
	}
}

static void test_pairbox(void)
{
	char err[512];
	struct problem *p = NULL;
	put("sum/problem.json", "{\"title\": \"Sum\", \"difficulty\": \"easy\", \"tags\": [\"math\", \"arrays\"],"
	    " \"time_limit\": 2, \"memory_limit\": 64, \"compare\": \"tokens,float=1e-6\","
	    " \"hints\": [\"add\", \"them\"], \"slug\": \"sum\"}");
	put("sum/statement.md", "# Sum\n");
	put("sum/editorial.md", "Add.\n");
	sum_tests("sum");
	put("sum/submissions/accepted/z.py", "print(sum(map(int, input().split())))\n");
	put("sum/submissions/accepted/a.sh", "read a b; echo $((a + b))\n");
	put("sum/submissions/wrong_answer/w.sh", "echo 7\n");
	put("sum/submissions/README", "not a submission\n");
	put("sum/tests/hidden/notes.txt", "ignored\n");
	CHECK_EQ_INT(load("sum", &p, err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	if (!p)
		return;
	CHECK(p->format == PROBLEM_PAIRBOX);
	CHECK_EQ_STR(p->slug, "sum");
	CHECK_EQ_STR(p->title, "Sum");
	CHECK_EQ_STR(p->difficulty, "easy");
	CHECK(p->ntags == 2 && strcmp(p->tags[1], "arrays") == 0);
	CHECK(p->nhints == 2 && strcmp(p->hints[0], "add") == 0);
	CHECK_EQ_STR(p->statement, "# Sum\n");
	CHECK_EQ_STR(p->statement_format, "markdown");
	CHECK_EQ_STR(p->editorial, "Add.\n");
	CHECK(p->time_limit == 2);
	CHECK_EQ_INT(p->memory_kb, 64 * 1024);
	CHECK(p->compare.mode == CMP_TOKENS && p->compare.abs_tol == 1e-6);
	CHECK(p->sig == NULL);
	/* Samples first, then hidden, each in name order. */
	CHECK_EQ_INT(p->ntests, 5);
	CHECK_EQ_INT(p->nsamples, 2);
	static const char *const order[] = { "sample/01", "sample/02", "hidden/10", "hidden/a", "hidden/b" };
	for (size_t i = 0; i < 5 && i < p->ntests; i++) {
		CHECK_EQ_STR(p->tests[i].name, order[i]);
		CHECK(p->tests[i].sample == (i < 2));
	}
	CHECK(ends(p->tests[3].in_path, "/sum/tests/hidden/a.in") && ends(p->tests[3].ans_path, "/sum/tests/hidden/a.ans"));
	char *in = NULL, *ans = NULL;
	size_t inlen = 0, anslen = 0;
	CHECK_EQ_INT(problem_test_read(&p->tests[4], &in, &inlen, &ans, &anslen), 0);
	CHECK(in && strcmp(in, "5 5\n") == 0 && inlen == 4 && ans && strcmp(ans, "10\n") == 0 && anslen == 3);
	free(in);
	free(ans);
	/* Submissions folder by folder, in name order; the reference is the first accepted. */
	CHECK_EQ_INT(p->nsubs, 3);
	if (p->nsubs == 3) {
		CHECK(ends(p->subs[0].path, "/accepted/a.sh") && strcmp(p->subs[0].expect, "accepted") == 0);
		CHECK(ends(p->subs[1].path, "/accepted/z.py"));
		CHECK(ends(p->subs[2].path, "/wrong_answer/w.sh") && strcmp(p->subs[2].expect, "wrong_answer") == 0);
	}
	CHECK(ends(p->reference, "/sum/submissions/accepted/a.sh"));
	problem_free(p);

	/* Defaults, and a reference named in problem.json. */
	put("min/problem.json", "{\"title\": \"Min\", \"difficulty\": \"hard\", \"reference\": \"sol/ref.sh\"}");
	put("min/sol/ref.sh", "echo\n");
	put("min/tests/hidden/1.in", "");
	put("min/tests/hidden/1.ans", "\n");
	CHECK_EQ_INT(load("min", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK(p->time_limit == 1);
		CHECK_EQ_INT(p->memory_kb, 256 * 1024);
		CHECK(p->compare.mode == CMP_JUDGE0);
		CHECK(p->statement == NULL && p->editorial == NULL && p->ntags == 0 && p->nsubs == 0);
		CHECK_EQ_INT(p->nsamples, 0);
		CHECK(ends(p->reference, "/min/sol/ref.sh"));
	}
	problem_free(p);
}

/* One bad problem.json (or tree change): the error and its words. */
static void bad(const char *json, int want, const char *words)
{
	char err[512];
	struct problem *p = NULL;
	put("bad/problem.json", json);
	CHECK_EQ_INT(load("bad", &p, err, sizeof(err)), want);
	CHECK(p == NULL);
	if (!strstr(err, words))
		fprintf(stderr, "  expected '%s' in: %s\n", words, err);
	CHECK(strstr(err, words) != NULL);
}

static void test_pairbox_errors(void)
{
	put("bad/tests/sample/1.in", "1\n");
	put("bad/tests/sample/1.ans", "1\n");
	const char *ok = "{\"title\": \"T\", \"difficulty\": \"easy\"}";
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"timelimit\": 2}", -EINVAL,
	    "bad/problem.json: unknown key 'timelimit'");
	bad("{\"title\": \"T\", \"difficulty\": \"trivial\"}", -EINVAL, "difficulty");
	bad("{\"difficulty\": \"easy\"}", -EINVAL, "problem.json: title");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"slug\": \"other\"}", -EINVAL, "slug");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"time_limit\": 0}", -EINVAL, "time_limit");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"memory_limit\": 1.5}", -EINVAL, "memory_limit");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"compare\": \"fuzzy\"}", -EINVAL, "compare");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"tags\": [\"a\", 3]}", -EINVAL, "tags[1]");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"reference\": \"../x\"}", -EINVAL, "reference");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"reference\": \"nope.c\"}", -EINVAL, "reference");
	bad("{\"title\": \"T\", \"difficulty\": \"easy\", \"title\": \"again\"}", -EINVAL, "problem.json: line 1");
	bad("[1]", -EINVAL, "a JSON object");
	/* A .in without its .ans, an .ans without its .in. */
	put("bad/tests/hidden/03.in", "x\n");
	bad(ok, -EINVAL, "tests/hidden/03.in: no 03.ans beside it");
	wipe("bad/tests/hidden/03.in");
	put("bad/tests/hidden/04.ans", "x\n");
	bad(ok, -EINVAL, "tests/hidden/04.ans: no 04.in beside it");
	wipe("bad/tests/hidden");
	wipe("bad/tests/sample");
	bad(ok, -EINVAL, "no tests");
	wipe("bad");
	char err[256];
	struct problem *p = NULL;
	mkdir_in("empty");
	CHECK_EQ_INT(load("empty", &p, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "not a problem folder") != NULL);
	CHECK_EQ_INT(load("missing", &p, err, sizeof(err)), -ENOENT);
	CHECK(!problem_is_dir(at("empty")));
}

/* generated.sha256: a listed test missing (a fresh clone before the build
 * generated it) or of another size stops the load, rather than the problem
 * loading with fewer tests; comments and empty lines are skipped. */
static void test_generated(void)
{
	char err[512];
	struct problem *p = NULL;
	const char *h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char manifest[512];
	put("gen/problem.json", "{\"title\": \"G\", \"difficulty\": \"easy\"}");
	put("gen/tests/sample/1.in", "1\n");
	put("gen/tests/sample/1.ans", "1\n");
	str_printf(manifest, sizeof(manifest), "# generated\n\n%s 4 tests/hidden/big.ans\n%s 6 tests/hidden/big.in\n", h, h);
	put("gen/generated.sha256", manifest);
	CHECK_EQ_INT(load("gen", &p, err, sizeof(err)), -ENOENT);
	CHECK(p == NULL);
	CHECK(strstr(err, "gen/tests/hidden/big.ans: a generated test, not generated yet: run python3 "));
	CHECK(strstr(err, "/_lib/generate.py"));
	put("gen/tests/hidden/big.ans", "10\n");
	put("gen/tests/hidden/big.in", "1 2 3\n");
	CHECK_EQ_INT(load("gen", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "gen/tests/hidden/big.ans: 3 bytes, generated.sha256 lists 4: out of date"));
	put("gen/tests/hidden/big.ans", "100\n");
	CHECK_EQ_INT(load("gen", &p, err, sizeof(err)), 0);
	CHECK(p && p->ntests == 2);
	problem_free(p);
	p = NULL;
	put("gen/generated.sha256", "# generated\nabc 4 tests/hidden/big.ans\n");
	CHECK_EQ_INT(load("gen", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "generated.sha256:2: 'SHA256 SIZE tests/PATH' expected"));
	wipe("gen");
}

static void test_function_problem(void)
{
	char err[512];
	struct problem *p = NULL;
	put("fn/problem.json", "{\"title\": \"Two sum\", \"difficulty\": \"easy\", \"function\": {\"name\": \"twoSum\","
	    " \"params\": [{\"name\": \"nums\", \"type\": \"int[]\"}, {\"name\": \"target\", \"type\": \"int\"}],"
	    " \"returns\": \"int[]\"}}");
	put("fn/tests/sample/1.in", "[2,7,11,15]\n9\n");
	put("fn/tests/sample/1.ans", "[0,1]\n");
	CHECK_EQ_INT(load("fn", &p, err, sizeof(err)), 0);
	CHECK(p && p->sig != NULL);
	if (p && p->sig)
		CHECK_EQ_STR(harness_sig_name(p->sig), "twoSum");
	problem_free(p);
	put("fn/problem.json", "{\"title\": \"Two sum\", \"difficulty\": \"easy\", \"function\": {\"name\": \"twoSum\","
	    " \"params\": [{\"name\": \"nums\", \"type\": \"int[][][]\"}], \"returns\": \"int\"}}");
	p = NULL;
	CHECK_EQ_INT(load("fn", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "fn/problem.json: ") && strstr(err, "params"));
}

/* ---- Kattis packages ---- */

static void kattis_legacy(void)
{
	put("leg/problem.yaml", "# legacy: no version\nname: Hello World\nkeywords: easy math\n"
	    "validator_flags: float_tolerance 1e-6\nlimits:\n  time_multiplier: 3\n  memory: 512\n"
	    "source: NWERC\nlicense: cc by-sa\n");
	put("leg/.timelimit", "2.5\n");
	put("leg/problem_statement/problem.en.tex", "\\problemname{Hello}\n");
	put("leg/data/sample/1.in", "1\n");
	put("leg/data/sample/1.ans", "1\n");
	put("leg/data/sample/1.hint", "ignored\n");
	put("leg/data/secret/b/0.in", "b0\n");
	put("leg/data/secret/b/0.ans", "b0\n");
	put("leg/data/secret/b/x/1.in", "bx1\n");
	put("leg/data/secret/b/x/1.ans", "bx1\n");
	put("leg/data/secret/b/testdata.yaml", "output_validator_flags: case_sensitive\n");
	put("leg/data/secret/ab/02.in", "a2\n");
	put("leg/data/secret/ab/02.ans", "a2\n");
	put("leg/data/secret/ab/01.in", "a1\n");
	put("leg/data/secret/ab/01.ans", "a1\n");
	put("leg/data/secret/a.in", "a\n");          /* base name "a" sorts before the group "a-z" */
	put("leg/data/secret/a.ans", "a\n");
	put("leg/data/secret/a-z/1.in", "az\n");
	put("leg/data/secret/a-z/1.ans", "az\n");
	put("leg/submissions/accepted/sol.cpp", "int main(){}\n");
	put("leg/submissions/accepted/multi/main.py", "import util\n");
	put("leg/submissions/accepted/multi/util.py", "\n");
	put("leg/submissions/time_limit_exceeded/slow.py", "while True: pass\n");
	put("leg/submissions/run_time_error/crash.py", "raise SystemExit(1)\n");
	put("leg/include/default/data.txt", "42\n");
	put("leg/include/cpp/helper.h", "int helper(void);\n");
	put("leg/output_validators/ignored/v.cpp", "legacy with validation default: not used\n");
	char err[512];
	struct problem *p = NULL;
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	if (!p)
		return;
	CHECK(p->format == PROBLEM_KATTIS);
	CHECK_EQ_STR(p->slug, "leg");
	CHECK_EQ_STR(p->title, "Hello World");
	CHECK(p->difficulty == NULL);
	CHECK(p->ntags == 2 && strcmp(p->tags[0], "easy") == 0 && strcmp(p->tags[1], "math") == 0);
	CHECK_EQ_STR(p->statement_format, "latex");
	CHECK_EQ_STR(p->statement, "\\problemname{Hello}\n");
	CHECK(p->time_limit == 2.5);              /* .timelimit */
	CHECK(p->ac_to_time_limit == 3);           /* time_multiplier */
	CHECK(p->time_limit_to_tle == 2);          /* time_safety_margin's default */
	CHECK_EQ_INT(p->memory_kb, 512 * 1024);
	CHECK(!p->scoring);
	/* Nested groups, tests and groups in lexicographic order of base name. */
	static const char *const order[] = { "sample/1", "secret/a", "secret/a-z/1", "secret/ab/01", "secret/ab/02",
					     "secret/b/0", "secret/b/x/1" };
	CHECK_EQ_INT(p->ntests, 7);
	CHECK_EQ_INT(p->nsamples, 1);
	for (size_t i = 0; i < 7 && i < p->ntests; i++)
		CHECK_EQ_STR(p->tests[i].name, order[i]);
	/* validator_flags for all; group b (and b/x, inheriting) adds case_sensitive. */
	CHECK(p->compare.mode == CMP_TOKENS && !p->compare.case_sensitive && p->compare.abs_tol == 1e-6 &&
	      p->compare.rel_tol == 1e-6);
	const struct judge_test_opts *o = p->extra->test_opts;
	CHECK(o != NULL);
	if (o && p->ntests == 7) {
		CHECK(o[1].compare == NULL && o[4].compare == NULL);
		CHECK(o[5].compare && o[5].compare->case_sensitive && o[5].compare->abs_tol == 1e-6);
		CHECK(o[6].compare && o[6].compare->case_sensitive);
		CHECK(o[5].checker_args == NULL);
	}
	CHECK(p->extra->validator_path == NULL);   /* validation: default */
	/* Submissions: files and a folder. */
	CHECK_EQ_INT(p->nsubs, 4);
	if (p->nsubs == 4) {
		CHECK(ends(p->subs[0].path, "/accepted/multi"));
		CHECK(ends(p->subs[1].path, "/accepted/sol.cpp"));
		CHECK_EQ_STR(p->subs[2].expect, "run_time_error");
		CHECK_EQ_STR(p->subs[3].expect, "time_limit_exceeded");
	}
	CHECK(ends(p->reference, "/accepted/sol.cpp"));    /* the first file, not the folder */
	CHECK_EQ_INT(p->extra->nincludes, 2);
	problem_free(p);

	/* No .timelimit: not declared (the grader derives it). */
	wipe("leg/.timelimit");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	CHECK(p && p->time_limit == 0);
	problem_free(p);
	put("leg/.timelimit", "soon\n");
	p = NULL;
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "leg/.timelimit: a number of seconds expected") != NULL);
	wipe("leg/.timelimit");
	/* No English statement: the first other language. */
	wipe("leg/problem_statement/problem.en.tex");
	put("leg/problem_statement/problem.sv.tex", "\\problemname{Hej}\n");
	put("leg/problem_statement/problems.md", "not the statement\n");
	p = NULL;
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	CHECK(p && p->statement && strcmp(p->statement, "\\problemname{Hej}\n") == 0 &&
	      strcmp(p->statement_format, "latex") == 0);
	problem_free(p);
	p = NULL;
	/* Bad flags are named. */
	put("leg/data/secret/b/testdata.yaml", "output_validator_flags: float_tolerance\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "output validator flags") != NULL);
	put("leg/data/secret/b/testdata.yaml", "output_validator_flags: case_sensitive\n");
	/* validation: custom without a validator; interactive; scoring. */
	put("leg/problem.yaml", "name: Hello\nvalidation: custom\n");
	wipe("leg/output_validators");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "validation is custom but there is no") != NULL);
	put("leg/problem.yaml", "name: Hello\nvalidation: custom interactive\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -EINVAL);      /* interactive, but no validator */
	CHECK(strstr(err, "validation is custom but there is no") != NULL);
	put("leg/problem.yaml", "problem_format_version: legacy\nname: Hello\ntype: scoring\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	CHECK(p && p->scoring);
	problem_free(p);
	p = NULL;
	/* A validator folder with build/run scripts, several validators. */
	put("leg/problem.yaml", "name: Hello\nvalidation: custom\nvalidator_flags: mod 7\n");
	put("leg/output_validators/v/validate.cpp", "int main(){return 42;}\n");
	put("leg/output_validators/v/build", "#!/bin/sh\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "build or run scripts") != NULL);
	wipe("leg/output_validators/v/build");
	put("leg/output_validators/w.py", "exit(42)\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "several output validators") != NULL);
	wipe("leg/output_validators/w.py");
	/* One validator: validator_flags and the group's flags become its arguments. */
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK(ends(p->extra->validator_path, "/output_validators/v/validate.cpp"));
		o = p->extra->test_opts;
		CHECK(o && o[0].checker_args && strcmp(o[0].checker_args[0], "mod") == 0 &&
		      strcmp(o[0].checker_args[1], "7") == 0 && !o[0].checker_args[2]);
		CHECK(o && o[6].checker_args && strcmp(o[6].checker_args[2], "case_sensitive") == 0);
		CHECK(o && !o[6].compare);
	}
	problem_free(p);
	/* Test input files are refused rather than silently missing. */
	mkdir_in("leg/data/secret/ab/01.files");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "01.files: test input files (.files) are not supported") != NULL);
	wipe("leg/data/secret/ab/01.files");
	wipe("leg/data/secret");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "secret: missing") != NULL);
}

static void kattis_2025(void)
{
	put("new/problem.yaml", "problem_format_version: 2025-09\nuuid: 123\nname:\n  de: Hallo\n  en: Hello\n"
	    "keywords: [graphs, 'two pointers']\ncredits: Someone\n"
	    "limits:\n  time_limit: 1.5\n  time_multipliers:\n    ac_to_time_limit: 2.5\n  memory: 128\n"
	    "  output: 2\n  validation_time: 7\n");
	put("new/.timelimit", "9\n");               /* limits.time_limit wins */
	put("new/statement/problem.de.md", "Hallo\n");
	put("new/statement/problem.en.md", "Hello **world**\n");
	put("new/solution/solution.en.md", "Explained.\n");
	put("new/data/sample/1.in", "1 2\n");
	put("new/data/sample/1.ans", "3\n");
	put("new/data/sample/test_group.yaml", "output_validator_args: [case_sensitive, float_absolute_tolerance, 1e-3]\n");
	put("new/data/secret/01.in", "2 2\n");
	put("new/data/secret/01.ans", "4\n");
	put("new/data/secret/02.in", "2 3\n");
	put("new/data/secret/02.ans", "5\n");
	put("new/data/secret/02.yaml", "output_validator_args: [space_change_sensitive]\ndescription: own args\n");
	put("new/submissions/accepted/ok.sh", "read a b; echo $((a + b))\n");
	put("new/submissions/wrong_answer/wa.sh", "echo 0\n");
	put("new/submissions/submissions.yaml", "accepted:\n  permitted: [AC]\n");
	char err[512];
	struct problem *p = NULL;
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	if (!p)
		return;
	CHECK_EQ_STR(p->title, "Hello");
	CHECK(p->ntags == 2 && strcmp(p->tags[1], "two pointers") == 0);
	CHECK_EQ_STR(p->statement_format, "markdown");
	CHECK_EQ_STR(p->statement, "Hello **world**\n");
	CHECK_EQ_STR(p->editorial, "Explained.\n");
	CHECK(p->time_limit == 1.5);
	CHECK(p->ac_to_time_limit == 2.5 && p->time_limit_to_tle == 1.5);
	CHECK_EQ_INT(p->memory_kb, 128 * 1024);
	CHECK_EQ_INT(p->extra->output_bytes, 2 * 1024 * 1024);
	CHECK_EQ_INT(p->extra->validation_ms, 7000);
	CHECK_EQ_INT(p->ntests, 3);
	CHECK_EQ_INT(p->nsamples, 1);
	/* Kattis's default: case-insensitive tokens; the sample group and test 02 differ. */
	CHECK(p->compare.mode == CMP_TOKENS && !p->compare.case_sensitive && p->compare.abs_tol < 0);
	const struct judge_test_opts *o = p->extra->test_opts;
	CHECK(o != NULL);
	if (o && p->ntests == 3) {
		CHECK(o[0].compare && o[0].compare->case_sensitive && o[0].compare->abs_tol == 1e-3);
		CHECK(o[1].compare == NULL);
		CHECK(o[2].compare && o[2].compare->space_change_sensitive && !o[2].compare->case_sensitive);
	}
	CHECK_EQ_INT(p->nsubs, 2);
	problem_free(p);

	/* Types and versions. */
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: interactive\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "an interactive problem needs an output validator") != NULL);
	put("new/output_validator/interactor.py", "import sys\nsys.exit(42)\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->interactive);
	problem_free(p);
	p = NULL;
	wipe("new/output_validator");
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: [scoring, multi-pass]\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "multi-pass") != NULL);
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: scoring\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->scoring && p->time_limit == 9);    /* no limits.time_limit: .timelimit */
	problem_free(p);
	p = NULL;
	put("new/problem.yaml", "problem_format_version: 2099-01\nname: X\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "problem_format_version '2099-01' is not supported") != NULL);
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\nlimits:\n  memory: -1\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "new/problem.yaml: limits.memory") != NULL);
	put("new/problem.yaml", "name: [unclosed\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "new/problem.yaml: ") != NULL);
	/* Per-test command-line arguments are refused. */
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\n");
	put("new/data/secret/02.yaml", "args: [--fast]\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "02.yaml: args") != NULL);
	wipe("new/data/secret/02.yaml");
	/* Links within the package are fine; links out of it never let a host file in. */
	CHECK(symlink("../secret/01.ans", at("new/data/sample/9.ans")) == 0);
	put("new/data/sample/9.in", "2 2\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->nsamples == 2);
	problem_free(p);
	p = NULL;
	wipe("new/data/sample/9.in");
	wipe("new/data/sample/9.ans");
	CHECK(symlink("/etc/passwd", at("new/data/secret/03.in")) == 0);
	put("new/data/secret/03.ans", "x\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EACCES);
	CHECK(strstr(err, "03.in: a link to outside the problem's folder") != NULL);
	wipe("new/data/secret/03.in");
	wipe("new/data/secret/03.ans");
	mkdir_in("new/include/default");
	CHECK(symlink("/etc/passwd", at("new/include/default/passwd")) == 0);
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EACCES);
	CHECK(strstr(err, "passwd: a link to outside the problem's folder") != NULL);
	wipe("new/include");
	CHECK(symlink("/etc/passwd", at("new/submissions/accepted/leak.c")) == 0);
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EACCES);
	CHECK(strstr(err, "leak.c: a link to outside the problem's folder") != NULL);
	wipe("new/submissions/accepted/leak.c");
	/* The 2025-09 validator folder: one source, its header beside it. */
	put("new/output_validator/validate.h", "#define X 1\n");
	put("new/output_validator/validate.c", "int main(void){return 42;}\n");
	put("new/output_validator/README", "notes\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	if (p) {
		const struct problem_extra *x = p->extra;
		CHECK(ends(x->validator_path, "/output_validator/validate.c"));
		CHECK(x->validator_lang && strcmp(x->validator_lang->source, "main.c") == 0);
		CHECK_EQ_INT(x->nvalidator_files, 2);
		if (x->nvalidator_files == 2) {
			CHECK_EQ_STR(x->validator_files[0].name, "README");
			CHECK_EQ_STR(x->validator_files[1].name, "validate.h");
			CHECK(x->validator_files[1].len == 12);
		}
		/* The sample group's flags are now the validator's arguments; secret has none. */
		CHECK(x->test_opts && x->test_opts[0].checker_args &&
		      strcmp(x->test_opts[0].checker_args[0], "case_sensitive") == 0 && !x->test_opts[0].compare);
		CHECK(x->test_opts && !x->test_opts[1].checker_args && !x->test_opts[1].compare);
	}
	problem_free(p);
	p = NULL;
	put("new/output_validator/other.cpp", "\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -ENOTSUP);
	CHECK(strstr(err, "2 source files") != NULL);
	wipe("new/output_validator");
}

static void test_scan(void)
{
	char **dirs = NULL;
	size_t n = 0;
	put("tree/z-pairbox/problem.json", "{}");
	put("tree/a/deep/k/problem.yaml", "name: K\n");
	put("tree/a/deep/k/data/secret/sub/problem.json", "{} inside a problem: not another one");
	put("tree/m/readme.txt", "not a problem\n");
	mkdir_in("tree/.hidden/x");
	put("tree/.hidden/x/problem.json", "{}");
	CHECK(symlink(at("tree"), at("tree/m/loop")) == 0);
	CHECK_EQ_INT(problem_scan(at("tree"), &dirs, &n), 0);
	CHECK_EQ_INT(n, 2);
	if (n == 2) {
		CHECK(ends(dirs[0], "/tree/a/deep/k"));
		CHECK(ends(dirs[1], "/tree/z-pairbox"));
	}
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	CHECK_EQ_INT(problem_scan(at("tree/z-pairbox"), &dirs, &n), 0);
	CHECK(n == 1 && strcmp(dirs[0], at("tree/z-pairbox")) == 0);
	free(dirs[0]);
	free(dirs);
	CHECK(problem_is_dir(at("tree/a/deep/k")));
	CHECK_EQ_INT(problem_scan(at("nowhere"), &dirs, &n), -ENOENT);
}

/* ---- judging in real boxes ---- */

static struct box_pool *pool;
/* Kattis's code for a POSIX shell is bash; the box runs it with /bin/sh. */
static const char *const sh_run[] = { "/bin/sh", "main.sh", NULL };
static const char *const sh_exts[] = { ".sh", NULL };
static const struct lang sh = { .name = "bash", .display = "sh", .source = "main.sh", .run = sh_run,
				.exts = sh_exts, .available = true };

/* Prepare and judge src against p: the overall status (or -errno). */
static int judge_src(const struct problem *p, const char *src, enum problem_tests which, bool stop,
		     struct judge_result *res)
{
	struct problem_judging pj;
	char err[512] = "";
	int r = problem_judging_prepare(p, &sh, src, strlen(src), which, &pj, err, sizeof(err));
	if (r) {
		fprintf(stderr, "prepare: %s\n", err);
		return r;
	}
	pj.req.stop_on_fail = stop;
	r = judge_run(pool, &pj.req, res, err, sizeof(err));
	if (r)
		fprintf(stderr, "judge_run: %s\n", err);
	problem_judging_release(&pj);
	return r ? r : res->status;
}

/* A time limit for the problems judged here, whose solutions are correct:
 * what is checked is their verdict, not their speed. The default 1 s is
 * plenty on a fast host (a Python start with the function harness's imports
 * costs ~0.03 s of CPU) but not under QEMU's emulation (~0.4 s, 1.5 s with
 * a busy host, whose stolen time a guest charges to the running task), where
 * correct solutions got Time Limit Exceeded. So measure: a program with the
 * harness's imports, judged in a box here, and allow 20 times that (at least
 * 1 s, at most 60 s), once for the whole run. */
static int measured_time_limit(void)
{
	static int secs;
	const struct lang *py = lang_find("python3");
	if (secs)
		return secs;
	secs = 1;
	if (!py)
		return secs;
	static const char src[] = "from typing import *\nimport json, re, sys\nprint(json.dumps([1, 2]))\n";
	struct judge_test t = { .name = "1", .input = "", .answer = "[1, 2]\n", .answer_len = 7 };
	struct judge_req req = { .lang = py, .source = src, .source_len = sizeof(src) - 1, .tests = &t, .ntests = 1 };
	struct judge_result res;
	char err[256];
	compare_opts_default(&req.compare);
	box_limits_default(&req.run);
	req.run.cpu_ms = 60000;
	req.run.wall_ms = 120000;
	judge_compile_limits(&req.compile);
	judge_result_init(&res);
	CHECK_EQ_INT(judge_run(pool, &req, &res, err, sizeof(err)), 0);
	CHECK_EQ_INT(res.status, 3);
	if (res.status == 3 && res.nrun == 1) {
		uint32_t ms = res.tests[0].run.cpu_ms;
		secs = (int)((ms * 20 + 999) / 1000);
		secs = secs < 1 ? 1 : secs > 60 ? 60 : secs;
		fprintf(stderr, "python3 with the harness's imports: %u ms of CPU in a box: time limit %d s\n", ms, secs);
	}
	judge_result_release(&res);
	return secs;
}

static void test_judging_pairbox(void)
{
	char err[512];
	struct problem *p = NULL;
	struct judge_result res;
	judge_result_init(&res);
	CHECK_EQ_INT(load("sum", &p, err, sizeof(err)), 0);
	if (!p)
		return;
	/* The problem's limits over the box's and the language's. */
	struct problem_judging pj;
	CHECK_EQ_INT(problem_judging_prepare(p, &sh, "x", 1, PROBLEM_ALL_TESTS, &pj, err, sizeof(err)), 0);
	CHECK_EQ_INT(pj.req.run.cpu_ms, 2000);
	CHECK_EQ_INT(pj.req.run.wall_ms, 5000);
	CHECK_EQ_INT(pj.req.run.memory_kb, 64 * 1024);
	CHECK_EQ_INT(pj.req.ntests, 5);
	CHECK(pj.req.compare.mode == CMP_TOKENS && pj.req.checker == NULL && pj.req.nfiles == 0);
	CHECK(pj.req.source_len == 1 && strcmp(pj.req.source, "x") == 0);
	CHECK(pj.tests[4].answer_len == 3 && strcmp(pj.tests[4].answer, "10\n") == 0);
	problem_judging_release(&pj);
	CHECK_EQ_INT(judge_src(p, "read a b; echo $((a + b))\n", PROBLEM_ALL_TESTS, false, &res), 3);
	CHECK_EQ_INT(res.nrun, 5);
	/* Wrong on every hidden test: all run, or only up to the first failure. */
	CHECK_EQ_INT(judge_src(p, "read a b; [ $a -lt 3 ] && echo $((a + b)) || echo 7\n", PROBLEM_ALL_TESTS, false,
			       &res), 4);
	CHECK_EQ_INT(res.nrun, 5);
	CHECK(strstr(res.message, "test hidden/10") != NULL);
	CHECK_EQ_INT(judge_src(p, "read a b; [ $a -lt 3 ] && echo $((a + b)) || echo 7\n", PROBLEM_ALL_TESTS, true,
			       &res), 4);
	CHECK_EQ_INT(res.nrun, 3);
	CHECK_EQ_INT(res.tests[2].status, 4);
	/* Samples only. */
	CHECK_EQ_INT(judge_src(p, "read a b; [ $a -lt 3 ] && echo $((a + b)) || echo 7\n", PROBLEM_SAMPLES_ONLY,
			       false, &res), 3);
	CHECK_EQ_INT(res.ntests, 2);
	problem_free(p);

	/* A function problem and a language without a harness. */
	p = NULL;
	CHECK_EQ_INT(load("fn", &p, err, sizeof(err)), -EINVAL);      /* left bad by test_function_problem */
	const struct lang *py = lang_find("python3");
	char fn_json[512];
	CHECK(str_printf(fn_json, sizeof(fn_json),
			 "{\"title\": \"Two sum\", \"difficulty\": \"easy\", \"time_limit\": %d, \"function\": "
			 "{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": \"int[]\"}, {\"name\": "
			 "\"target\", \"type\": \"int\"}], \"returns\": \"int[]\"}}",
			 measured_time_limit()) == 0);
	put("fn/problem.json", fn_json);
	CHECK_EQ_INT(load("fn", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK_EQ_INT(problem_judging_prepare(p, &sh, "x", 1, PROBLEM_ALL_TESTS, &pj, err, sizeof(err)),
			     -ENOTSUP);
		CHECK(strstr(err, "no harness") != NULL);
		if (py) {
			static const char two_sum[] =
				"def two_sum(nums, target):\n"
				"    seen = {}\n"
				"    for i, x in enumerate(nums):\n"
				"        if target - x in seen:\n"
				"            return [seen[target - x], i]\n"
				"        seen[x] = i\n";
			CHECK_EQ_INT(problem_judging_prepare(p, py, two_sum, strlen(two_sum), PROBLEM_ALL_TESTS, &pj, err,
							     sizeof(err)), 0);
			CHECK(pj.req.source_len > strlen(two_sum) && strstr(pj.req.source, "seen[x] = i"));
			CHECK_EQ_INT(judge_run(pool, &pj.req, &res, err, sizeof(err)), 0);
			CHECK_EQ_INT(res.status, 3);
			problem_judging_release(&pj);
		}
	}
	problem_free(p);
	judge_result_release(&res);
}

static void test_judging_kattis(void)
{
	char err[512];
	struct problem *p = NULL;
	struct judge_result res;
	judge_result_init(&res);
	/* include/: default files, or the language's own folder instead. */
	char yaml[256];
	CHECK(str_printf(yaml, sizeof(yaml), "problem_format_version: 2025-09\nname: Include\nlimits:\n  time_limit: %d\n",
			 measured_time_limit()) == 0);
	put("inc/problem.yaml", yaml);
	put("inc/data/secret/1.in", "\n");
	put("inc/data/secret/1.ans", "42 lib\n");
	put("inc/include/default/data.txt", "42\n");
	put("inc/include/default/lib/name.txt", "lib\n");                /* subfolders too */
	CHECK_EQ_INT(load("inc", &p, err, sizeof(err)), 0);
	static const char uses[] = "echo \"$(cat data.txt) $(cat lib/name.txt)\"\n";
	if (p)
		CHECK_EQ_INT(judge_src(p, uses, PROBLEM_ALL_TESTS, false, &res), 3);
	problem_free(p);
	p = NULL;
	put("inc/include/bash/data.txt", "bash's own\n");
	CHECK_EQ_INT(load("inc", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK_EQ_INT(judge_src(p, "cat data.txt; [ -e lib ] && echo default-too; exit 0\n", PROBLEM_ALL_TESTS,
				       false, &res), 4);
		CHECK(res.nrun == 1 && strcmp(res.tests[0].run.out.data, "bash's own\n") == 0);
	}
	problem_free(p);
	p = NULL;
	/* An include file named as the program itself is refused, not run. */
	put("inc/include/bash/main.sh", "echo include wins\n");
	CHECK_EQ_INT(load("inc", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK_EQ_INT(judge_src(p, uses, PROBLEM_ALL_TESTS, false, &res), 13);
		CHECK(strstr(res.message, "main.sh") != NULL);
	}
	problem_free(p);
	p = NULL;

	/* A C validator with its header, and a group's arguments reaching it. */
	const struct lang *c = lang_find("c");
	if (!c) {
		fprintf(stderr, "C is not installed: the validator with a header is not judged\n");
		judge_result_release(&res);
		return;
	}
	CHECK(str_printf(yaml, sizeof(yaml), "problem_format_version: 2025-09\nname: Sum mod\nlimits:\n  time_limit: %d\n",
			 measured_time_limit() + 1) == 0);
	put("val/problem.yaml", yaml);
	put("val/output_validator/validate.h",
	    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	    "#define AC 42\n#define WA 43\n"
	    "static void say(const char *dir, const char *msg) {\n"
	    "  char path[512]; snprintf(path, sizeof(path), \"%sjudgemessage.txt\", dir);\n"
	    "  FILE *f = fopen(path, \"w\"); if (f) { fputs(msg, f); fclose(f); }\n}\n");
	put("val/output_validator/validate.c",
	    "#include \"validate.h\"\n"
	    "int main(int argc, char **argv) {\n"
	    "  long want, got, mod = 0;\n"
	    "  FILE *a = fopen(argv[2], \"r\");\n"
	    "  if (!a || fscanf(a, \"%ld\", &want) != 1) return 1;\n"
	    "  if (argc >= 6 && strcmp(argv[4], \"mod\") == 0) mod = atol(argv[5]);\n"
	    "  if (scanf(\"%ld\", &got) != 1) { say(argv[3], \"no number\"); return WA; }\n"
	    "  if (mod ? (got - want) % mod == 0 : got == want) return AC;\n"
	    "  say(argv[3], \"numbers differ\"); return WA;\n}\n");
	put("val/data/sample/1.in", "3 4\n");
	put("val/data/sample/1.ans", "7\n");
	put("val/data/secret/g/1.in", "10 20\n");
	put("val/data/secret/g/1.ans", "30\n");
	put("val/data/secret/g/test_group.yaml", "output_validator_args: [mod, 10]\n");
	CHECK_EQ_INT(load("val", &p, err, sizeof(err)), 0);
	if (p) {
		struct problem_judging pj;
		CHECK_EQ_INT(problem_judging_prepare(p, &sh, "x", 1, PROBLEM_ALL_TESTS, &pj, err, sizeof(err)), 0);
		CHECK(pj.req.checker && pj.req.checker->style == CHECKER_KATTIS && pj.req.checker->lang == c);
		CHECK(pj.req.checker && pj.req.checker->nfiles == 1 &&
		      strcmp(pj.req.checker->files[0].name, "validate.h") == 0);
		problem_judging_release(&pj);
		/* 7 on the sample; 40 = 30 mod 10 on the group's test. */
		CHECK_EQ_INT(judge_src(p, "read a b; [ $a = 3 ] && echo 7 || echo 40\n", PROBLEM_ALL_TESTS, false, &res),
			     3);
		CHECK(res.checker_compile_output.len == 0);
		CHECK_EQ_INT(judge_src(p, "echo 8\n", PROBLEM_ALL_TESTS, false, &res), 4);
		CHECK_EQ_STR(res.message, "test sample/1: checker: wrong answer: numbers differ");
	}
	problem_free(p);
	judge_result_release(&res);
}

/* The judge's own checks of files, without a problem. */
static void test_judge_files(void)
{
	struct judge_result res;
	judge_result_init(&res);
	struct judge_test t = { .name = "1", .input = "", .answer = "a\nb\n", .answer_len = 4 };
	struct judge_file files[] = { { "a.txt", "a\n", 2 }, { "sub/b.txt", "b\n", 2 } };
	struct judge_req req = { .lang = &sh, .source = "cat a.txt sub/b.txt\n", .source_len = 20, .tests = &t,
				 .ntests = 1, .files = files, .nfiles = 2 };
	compare_opts_default(&req.compare);
	box_limits_default(&req.run);
	judge_compile_limits(&req.compile);
	char err[256];
	CHECK_EQ_INT(judge_run(pool, &req, &res, err, sizeof(err)), 0);
	CHECK_EQ_INT(res.status, 3);
	static const char *const bad_names[] = { "../x", "/etc/x", "a/../b", "./a", "a//b", "dir/", "", "main.sh" };
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		files[1].name = bad_names[i];
		CHECK_EQ_INT(judge_run(pool, &req, &res, err, sizeof(err)), 0);
		CHECK_EQ_INT(res.status, 13);
		CHECK(res.nrun == 0 && strstr(res.message, "file '") != NULL);
	}
	files[1].name = "a.txt";
	CHECK_EQ_INT(judge_run(pool, &req, &res, err, sizeof(err)), 0);
	CHECK_EQ_INT(res.status, 13);
	CHECK(strstr(res.message, "given twice") != NULL);
	judge_result_release(&res);
}

/* Kattis 2025-09 expectations: globs, folder defaults, submissions.yaml. */
static const struct problem_submission *sub_named(const struct problem *p, const char *suffix)
{
	for (size_t i = 0; i < p->nsubs; i++) {
		size_t n = strlen(p->subs[i].path), k = strlen(suffix);
		if (n >= k && !strcmp(p->subs[i].path + n - k, suffix))
			return &p->subs[i];
	}
	return NULL;
}

static int rules_on(const struct problem_submission *s, const char *const *tests, const int *statuses, size_t n,
		    char *why, size_t len)
{
	struct problem_verdict v[8];
	for (size_t i = 0; i < n; i++)
		v[i] = (struct problem_verdict){ tests[i], statuses[i], statuses[i] == 4 ? "line 1: expected '1'" : NULL };
	why[0] = '\0';
	return problem_rules_check(s, v, n, why, len);
}

static void test_expectations(void)
{
	/* Globs: '*' stays within a name, braces expand, a folder matches what is below it. */
	CHECK(problem_glob_match("accepted", "accepted/a.py"));
	CHECK(problem_glob_match("accepted/*", "accepted/a.py"));
	CHECK(problem_glob_match("*", "accepted/a.py"));                /* through its folder, "accepted" */
	CHECK(!problem_glob_match("accepted/*.cpp", "accepted/a.py"));
	CHECK(problem_glob_match("wrong_answer/{greedy,slow}.{py,cpp}", "wrong_answer/slow.cpp"));
	CHECK(!problem_glob_match("wrong_answer/{greedy,slow}.{py,cpp}", "wrong_answer/fast.cpp"));
	CHECK(problem_glob_match("secret/*-hard", "secret/g1-hard/07"));
	CHECK(!problem_glob_match("secret/*", "sample/1"));
	CHECK(problem_glob_match("secret/{a,b{1,2}}/x", "secret/b2/x"));
	CHECK(!problem_glob_match("{{{{{{{{{{", "x"));                  /* unbalanced: taken literally */

	char err[512], why[512];
	struct problem *p = NULL;
	const char *tests[] = { "sample/1", "secret/easy-1", "secret/hard-1" };
	put("exp/problem.yaml", "problem_format_version: 2025-09\nname: Expectations\n");
	put("exp/data/sample/1.in", "1\n");
	put("exp/data/sample/1.ans", "1\n");
	put("exp/data/secret/easy-1.in", "1\n");
	put("exp/data/secret/easy-1.ans", "1\n");
	put("exp/data/secret/hard-1.in", "1\n");
	put("exp/data/secret/hard-1.ans", "1\n");
	put("exp/submissions/accepted/a.py", "print(1)\n");
	put("exp/submissions/wrong_answer/w.py", "print(2)\n");
	put("exp/submissions/time_limit_exceeded/easy_only.py", "pass\n");
	put("exp/submissions/other/named.txt", "print(1)\n");
	CHECK_EQ_INT(load("exp", &p, err, sizeof(err)), 0);
	if (p) {
		/* No submissions.yaml: the folders' defaults. */
		const struct problem_submission *w = sub_named(p, "/w.py");
		CHECK(w && w->nrules == 1 && w->rules[0].permitted == (PROBLEM_V_AC | PROBLEM_V_WA));
		CHECK(sub_named(p, "/named.txt") && sub_named(p, "/named.txt")->nrules == 0);
		if (w) {
			CHECK_EQ_INT(rules_on(w, tests, (const int[]){ 3, 4, 3 }, 3, why, sizeof(why)), 1);
			/* WA then a crash: fine for the legacy rule (first failure), not for 2025-09. */
			CHECK_EQ_INT(rules_on(w, tests, (const int[]){ 3, 4, 11 }, 3, why, sizeof(why)), 0);
			CHECK(strstr(why, "test secret/hard-1: RTE, not permitted (AC, WA) by the default for wrong_answer/"));
			CHECK_EQ_INT(rules_on(w, tests, (const int[]){ 3, 3, 3 }, 3, why, sizeof(why)), 0);
			CHECK(strstr(why, "got WA, required by the default for wrong_answer/"));
		}
	}
	problem_free(p);
	p = NULL;

	put("exp/submissions/submissions.yaml",
	    "# what the folders do not say\n"
	    "time_limit_exceeded/easy_only.py:\n"
	    "  sample:\n    permitted: [AC]\n"
	    "  secret/easy-*:\n    permitted: [AC]\n"
	    "  secret/hard-*:\n    required: [TLE]\n"
	    "wrong_answer:\n  permitted: [AC, WA, RTE]\n"                  /* overrides the default */
	    "wrong_answer/w.{py,cpp}:\n  message: expected\n"
	    "other:\n  language: python3\n  permitted: [AC]\n");
	CHECK_EQ_INT(load("exp", &p, err, sizeof(err)), 0);
	if (p) {
		const struct problem_submission *t = sub_named(p, "/easy_only.py"), *w = sub_named(p, "/w.py"),
						*o = sub_named(p, "/named.txt");
		CHECK(t && t->nrules == 4);
		if (t) {
			CHECK_EQ_INT(rules_on(t, tests, (const int[]){ 3, 3, 5 }, 3, why, sizeof(why)), 1);
			CHECK_EQ_INT(rules_on(t, tests, (const int[]){ 3, 5, 5 }, 3, why, sizeof(why)), 0);
			CHECK(strstr(why, "test secret/easy-1: TLE, not permitted (AC) by "
					  "submissions/submissions.yaml: time_limit_exceeded/easy_only.py: secret/easy-*"));
		}
		CHECK(w && w->nrules == 2);
		if (w) {
			CHECK_EQ_INT(rules_on(w, tests, (const int[]){ 3, 4, 11 }, 3, why, sizeof(why)), 1);
			CHECK_EQ_INT(rules_on(w, tests, (const int[]){ 3, 11, 11 }, 3, why, sizeof(why)), 0);
			CHECK(strstr(why, "got WA, required by submissions/submissions.yaml: wrong_answer"));
		}
		CHECK(o && o->nrules == 1 && o->language && !strcmp(o->language, "python3"));
	}
	problem_free(p);
	p = NULL;

	/* Mistakes are named, with the key. */
	put("exp/submissions/submissions.yaml", "accepted:\n  permitted: [AC, OK]\n");
	CHECK_EQ_INT(load("exp", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "submissions.yaml: accepted: permitted[1]: not one of AC, WA, TLE, RTE"));
	put("exp/submissions/submissions.yaml", "accepted:\n  permited: [AC]\n");
	CHECK_EQ_INT(load("exp", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "accepted: permited: a map of permitted/required/message expected"));
	put("exp/submissions/submissions.yaml", "- accepted\n");
	CHECK_EQ_INT(load("exp", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "a map of submission patterns expected"));
	problem_free(p);
}

int main(void)
{
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	char err[512];
	if (lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err)))
		fprintf(stderr, "langs: %s\n", err);
	test_pairbox();
	test_pairbox_errors();
	test_generated();
	test_function_problem();
	kattis_legacy();
	kattis_2025();
	test_expectations();
	test_scan();

	struct box_config cfg;
	box_config_default(&cfg);
	cfg.helper_path = PAIRBOX_BIN_PATH;
	cfg.profile_dir = PAIRBOX_PROFILE_DIR;
	cfg.binds = lang_all_binds();
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "box_pool_new: %s\n", err);
		remove_tree(AT_FDCWD, root);
		return 1;
	}
	test_judge_files();
	test_judging_pairbox();
	test_judging_kattis();
	box_pool_free(pool);
	remove_tree(AT_FDCWD, root);
	return check_done();
}
