/* test_problem_judging.c - problems judged in real boxes: the judge's own
 * checks of additional files, then problem_judging_prepare + judge_run on a
 * pairbox problem (its limits, stop_on_fail, samples only), a function
 * problem, and Kattis packages (include/, a C validator with its header
 * and a group's arguments). The fixtures are written here. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "problem.h"
#include "problem_fixture.h"
#include "util.h"

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
	put_sum();
	CHECK_EQ_INT(load("sum", &p, err, sizeof(err)), 0);
	if (!p)
		return;
	/* The problem's limits over the box's and the language's. */
	struct problem_judging pj;
	CHECK_EQ_INT(problem_judging_prepare(p, &sh, "x", 1, PROBLEM_ALL_TESTS, &pj, err, sizeof(err)), 0);
	CHECK_EQ_INT(pj.req.run.cpu_ms, 2000);
	CHECK_EQ_INT(pj.req.run.wall_ms, 5000);
	CHECK_EQ_INT(pj.req.run.memory_kb, 64 * 1024);
	CHECK(!pj.req.drain_output && pj.req.run.idle_ms == 0);   /* a package's rules only */
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
	const struct lang *py = lang_find("python3");
	char fn_json[512];
	CHECK(str_printf(fn_json, sizeof(fn_json),
			 "{\"title\": \"Two sum\", \"difficulty\": \"easy\", \"time_limit\": %d, \"function\": "
			 "{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": \"int[]\"}, {\"name\": "
			 "\"target\", \"type\": \"int\"}], \"returns\": \"int[]\"}}",
			 measured_time_limit()) == 0);
	put("fn/problem.json", fn_json);
	put("fn/tests/sample/1.in", "[2,7,11,15]\n9\n");
	put("fn/tests/sample/1.ans", "[0,1]\n");
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
		/* A package's limits: 8 MiB of output (the program's files too),
		 * run on past it; idle for the CPU limit; the validator's 8 MiB. */
		CHECK_EQ_INT(pj.req.run.output_bytes, 8 * 1024 * 1024);
		CHECK_EQ_INT(pj.req.run.fsize_kb, 8 * 1024);
		CHECK(pj.req.drain_output);
		CHECK_EQ_INT(pj.req.run.idle_ms, judge_idle_ms(pj.req.run.cpu_ms));
		CHECK(pj.req.checker && pj.req.checker->limits.output_bytes == 8 * 1024 * 1024 &&
		      pj.req.checker->limits.idle_ms == 0);
		CHECK_EQ_INT(pj.req.compile.memory_kb, 2048 * 1024);
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

int main(void)
{
	if (fixture_setup())
		return 1;
	char err[512];
	struct box_config cfg;
	box_config_default(&cfg);
	cfg.helper_path = PAIRBOX_BIN_PATH;
	cfg.profile_dir = PAIRBOX_PROFILE_DIR;
	cfg.binds = lang_all_binds();
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "box_pool_new: %s\n", err);
		fixture_cleanup();
		return 1;
	}
	test_judge_files();
	test_judging_pairbox();
	test_judging_kattis();
	box_pool_free(pool);
	fixture_cleanup();
	return check_done();
}
