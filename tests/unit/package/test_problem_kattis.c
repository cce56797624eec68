/* test_problem_kattis.c - Kattis / ICPC packages, written into a temp dir
 * and loaded: legacy and 2025-09, versions, names, limits vs .timelimit,
 * nested groups in order, validator flags per group into comparators,
 * include/, custom validators with their headers, interactive and other
 * unsupported kinds refused, links out of the package refused; then
 * 2025-09's expectations of example submissions (globs, folder defaults,
 * submissions.yaml). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "problem.h"
#include "problem_fixture.h"
#include "problem_int.h"
#include "util.h"

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
	/* Undeclared: the spec's typical defaults (the legacy spec's too). */
	CHECK_EQ_INT(p->extra->output_bytes, 8 * 1024 * 1024);
	CHECK_EQ_INT(p->extra->validation_output_bytes, 8 * 1024 * 1024);
	CHECK_EQ_INT(p->extra->compile_kb, 2048 * 1024);
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
	/* With the spec's build script: a multi-file checker, build as its compile script. */
	put("leg/output_validators/v/build", "#!/bin/sh\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK(strcmp(p->extra->validator_lang->name, "multi") == 0);
		CHECK_EQ_INT(p->extra->nvalidator_files, 2);
		CHECK(p->extra->nvalidator_files == 2 && strcmp(p->extra->validator_files[0].name, "compile") == 0);
	}
	problem_free(p);
	p = NULL;
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
	/* Samples alone are the tests (DOMjudge's hello)... */
	wipe("leg/data/secret");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), 0);
	CHECK(p && p->ntests > 0 && p->ntests == p->nsamples);
	problem_free(p);
	p = NULL;
	/* ... unless a generator writes the rest: it is named. */
	put("leg/generators/generators.yaml", "data: {}\n");
	CHECK_EQ_INT(load("leg", &p, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "secret: missing: the test data is generated by") != NULL &&
	      strstr(err, "generators/generators.yaml") != NULL);
	wipe("leg/generators");
}

static void kattis_2025(void)
{
	put("new/problem.yaml", "problem_format_version: 2025-09\nuuid: 123\nname:\n  de: Hallo\n  en: Hello\n"
	    "keywords: [graphs, 'two pointers']\ncredits: Someone\n"
	    "limits:\n  time_limit: 1.5\n  time_multipliers:\n    ac_to_time_limit: 2.5\n  memory: 128\n"
	    "  output: 2\n  validation_time: 7\n  validation_output: 3\n  compilation_memory: 1024\n");
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
	CHECK_EQ_INT(p->extra->validation_output_bytes, 3 * 1024 * 1024);
	CHECK_EQ_INT(p->extra->compile_kb, 1024 * 1024);
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
	/* Without a validator it loads; judging says why (problem_judging_prepare). */
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->interactive && !p->extra->validator_path);
	problem_free(p);
	p = NULL;
	put("new/output_validator/interactor.py", "import sys\nsys.exit(42)\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->interactive);
	problem_free(p);
	p = NULL;
	wipe("new/output_validator");
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: [scoring, multi-pass]\n");
	/* It loads (a skeleton package has no validator either); judging a
	 * submission fails (grade_passes.multipass_limits). */
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->validation_passes && !p->extra->validator_path);
	problem_free(p);
	p = NULL;
	/* Multi-pass: 2 passes by default, limits.validation_passes (legacy's
	 * "validation: custom multi-pass": grade_passes.multipass_interactive_and_legacy);
	 * submit-answer is neither. */
	put("new/output_validator/v.py", "import sys\nsys.exit(42)\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->scoring && p->validation_passes == 2 && !p->interactive);
	problem_free(p);
	p = NULL;
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: [interactive, multi-pass]\n"
				"limits:\n  validation_passes: 26\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->interactive && p->validation_passes == 26);
	problem_free(p);
	p = NULL;
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: multi-pass\n"
				"limits:\n  validation_passes: 1\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "limits.validation_passes") != NULL);
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\nlimits:\n  validation_passes: 5\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->validation_passes == 0);      /* only for multi-pass: ignored */
	problem_free(p);
	p = NULL;
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: [submit-answer, interactive]\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "submit-answer cannot be interactive") != NULL);
	put("new/problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: submit-answer\n");
	CHECK_EQ_INT(load("new", &p, err, sizeof(err)), 0);
	CHECK(p && p->submit_answer);
	problem_free(p);
	p = NULL;
	wipe("new/output_validator");
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
	if (fixture_setup())
		return 1;
	kattis_legacy();
	kattis_2025();
	test_expectations();
	fixture_cleanup();
	return check_done();
}
