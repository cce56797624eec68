/* test_problem_pairbox.c - pairbox's own problem format, written into a
 * temp dir and loaded: the strict problem.json, defaults, missing and
 * orphan test files, generated tests against generated.sha256, submissions
 * and the reference, function problems; then the scan of a tree holding
 * problems of both formats. Kattis packages: test_problem_kattis.c;
 * judging: test_problem_judging.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "problem.h"
#include "problem_fixture.h"
#include "util.h"

/* ---- pairbox's format ---- */

static void test_pairbox(void)
{
	char err[512];
	struct problem *p = NULL;
	put_sum();
	put("sum/statement.md", "# Sum\n");
	put("sum/editorial.md", "Add.\n");
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

int main(void)
{
	if (fixture_setup())
		return 1;
	test_pairbox();
	test_pairbox_errors();
	test_generated();
	test_function_problem();
	test_scan();
	fixture_cleanup();
	return check_done();
}
