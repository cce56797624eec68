/* test_problem_loader.c - what the loader reads beyond the basics:
 * DOMjudge's result names, folders and @EXPECTED_RESULTS@ lines,
 * domjudge-problem.ini, problemtools' slow_accepted / partially_accepted,
 * submissions.yaml globs with spaces and folders without rules, 2025-09
 * constants, validator layouts (a folder in output_validator/, a README
 * and a .txt beside the source, a .gitkeep alone), the reference never a
 * *.template, links inside a wider root. Fixtures written here. */
#include "problem_fixture.h"
#include "problem_int.h"

#include <sys/stat.h>

static const struct problem_submission *sub(const struct problem *p, const char *suffix)
{
	for (size_t i = 0; p && i < p->nsubs; i++)
		if (ends(p->subs[i].path, suffix))
			return &p->subs[i];
	return NULL;
}

static void result_names(void)
{
	bool margin, partial;
	CHECK_EQ_INT(problem_result_named(" run-error ", 11), PROBLEM_R_RTE);
	CHECK_EQ_INT(problem_result_named("WRONG_ANSWER", 12), PROBLEM_R_WA);
	CHECK_EQ_INT(problem_result_named("CHECK-MANUALLY", 14), 0);
	CHECK_EQ_INT(problem_folder_results("compiler_error", &margin, &partial), PROBLEM_R_CE);
	CHECK_EQ_INT(problem_folder_results("no_output", &margin, &partial), PROBLEM_R_NO_OUTPUT);
	CHECK_EQ_INT(problem_folder_results("output_limit", &margin, &partial), PROBLEM_R_OLE);
	CHECK_EQ_INT(problem_folder_results("timelimit", &margin, &partial), PROBLEM_R_TLE);
	CHECK(margin && !partial);
	CHECK_EQ_INT(problem_folder_results("run_error", &margin, &partial), PROBLEM_R_RTE);
	CHECK_EQ_INT(problem_folder_results("slow_accepted", &margin, &partial), PROBLEM_R_AC);
	CHECK(margin);
	CHECK(problem_folder_results("partially_accepted", &margin, &partial) != 0 && partial && !margin);
	CHECK_EQ_INT(problem_folder_results("mixed-verdicts", &margin, &partial), 0);
	/* SIGXFSZ is the output limit (and a run-time error); empty WA output is NO-OUTPUT. */
	CHECK_EQ_INT(problem_result_bits(BOX_ST_SIGXFSZ, false), PROBLEM_R_RTE | PROBLEM_R_OLE);
	CHECK_EQ_INT(problem_result_bits(BOX_ST_WRONG_ANSWER, true), PROBLEM_R_WA | PROBLEM_R_NO_OUTPUT);
	CHECK_EQ_INT(problem_result_bits(BOX_ST_WRONG_ANSWER, false), PROBLEM_R_WA);
	CHECK_EQ_INT(problem_result_bits(BOX_ST_INTERNAL_ERROR, false), 0);
	char text[64];
	problem_results_text(PROBLEM_R_AC | PROBLEM_R_NO_OUTPUT, text, sizeof(text));
	CHECK(strcmp(text, "AC or no output") == 0);
	/* BAPCtools: spaces around a brace alternative are not part of it. */
	CHECK(problem_glob_match("secret/*{ 4 }{ 2 }", "secret/42"));
	CHECK(problem_glob_match("secret/{ a , b }", "secret/b"));
	CHECK(!problem_glob_match("secret/*{ 4 }{ 2 }", "secret/4 2"));
}

static void domjudge(void)
{
	struct problem *p = NULL;
	char err[512];
	/* domjudge-problem.ini alone, samples only. */
	put("dj/domjudge-problem.ini", "name = 'Echo Here'\ntimelimit=3.5\n");
	put("dj/data/sample/1.in", "1\n");
	put("dj/data/sample/1.ans", "1\n");
	put("dj/submissions/accepted/a.py", "print(input())\n");
	put("dj/submissions/mixed/coin.c", "/*\n * @EXPECTED_RESULTS@: CORRECT, TIMELIMIT\n */\n");
	put("dj/submissions/run_time_error/listed.c", "/*\n * @EXPECTED_RESULTS@:   RUN_TIME_ERROR , ACCEPTED   \n */\n");
	put("dj/submissions/wrong_answer/other.py", "# @EXPECTED_RESULTS@: NO-OUTPUT\n");
	put("dj/submissions/wrong_answer/twice.py", "# @EXPECTED_RESULTS@: NO-OUTPUT\n# @EXPECTED_RESULTS@: CORRECT\n");
	put("dj/submissions/accepted/score.py", "# @EXPECTED_SCORE@: 12\nprint(input())\n");
	put("dj/submissions/mixed/folder/x.c", "// @EXPECTED_RESULTS@: COMPILER-ERROR\n");
	put("dj/submissions/mixed/folder/y.txt", "@EXPECTED_RESULTS@: CORRECT\n");
	put("dj/submissions/mixed/manual.c", "// @EXPECTED_RESULTS@: CHECK-MANUALLY\n");
	put("dj/submissions/mixed/mentions.py", "# the @EXPECTED_RESULTS@ tag, then\n# @EXPECTED_RESULTS@: CORRECT\n");
	CHECK(problem_is_dir(at("dj")));
	CHECK_EQ_INT(load("dj", &p, err, sizeof(err)), 0);
	if (!p) {
		fprintf(stderr, "dj: %s\n", err);
		return;
	}
	CHECK(strcmp(p->title, "Echo Here") == 0 && p->time_limit == 3.5);
	CHECK_EQ_INT(p->ntests, 1);
	CHECK_EQ_INT(p->nsamples, 1);
	const struct problem_submission *s = sub(p, "mixed/coin.c");
	CHECK(s && s->results == (PROBLEM_R_AC | PROBLEM_R_TLE) && s->margin && s->label && !s->skip);
	s = sub(p, "run_time_error/listed.c");
	CHECK(s && s->results == PROBLEM_R_RTE && !s->label);       /* restricted to its folder's */
	s = sub(p, "wrong_answer/other.py");
	CHECK(s && s->results == PROBLEM_R_NO_OUTPUT && s->label);  /* the annotation, not the folder */
	s = sub(p, "wrong_answer/twice.py");
	CHECK(s && !s->results && s->skip && strstr(s->skip, "two @EXPECTED_RESULTS@ lines"));
	s = sub(p, "accepted/score.py");
	CHECK(s && s->results == PROBLEM_R_AC && !s->skip);         /* a numeric score is no result */
	s = sub(p, "mixed/folder");
	CHECK(s && s->skip && strstr(s->skip, "two files"));
	s = sub(p, "mixed/manual.c");
	CHECK(s && s->skip && strstr(s->skip, "CHECK-MANUALLY"));
	s = sub(p, "mixed/mentions.py");
	CHECK(s && s->results == PROBLEM_R_AC && !s->skip);
	problem_free(p);
	p = NULL;
	put("dj/domjudge-problem.ini", "timelimit = soon\n");
	CHECK_EQ_INT(load("dj", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "timelimit: a number of seconds expected") != NULL);
}

static void constants(void)
{
	struct problem *p = NULL;
	char err[512], *out = NULL;
	size_t n = 0;
	put("c/problem.yaml", "problem_format_version: 2025-09\nname: C\nconstants:\n  max_n: 1000\n"
	    "  eps:\n    value: 1.0\n    tex: '10^{0}'\n  who: Ada\n");
	put("c/statement/problem.en.md", "n <= {{max_n}}, eps {{eps}} ({{eps.tex}}), {{unknown}}, {{who}}\n");
	put("c/data/secret/1.in", "1\n");
	put("c/data/secret/1.ans", "1\n");
	put("c/output_validator/v.py", "LIMIT = {{max_n}}\n");
	put("c/include/default/lib.h", "#define MAX {{max_n}}\n");
	CHECK_EQ_INT(load("c", &p, err, sizeof(err)), 0);
	if (!p) {
		fprintf(stderr, "c: %s\n", err);
		return;
	}
	CHECK(p->statement && strcmp(p->statement, "n <= 1000, eps 1.0 (10^{0}), {{unknown}}, Ada\n") == 0);
	CHECK(p->extra->validator_src && strcmp(p->extra->validator_src, "LIMIT = 1000\n") == 0);
	CHECK(p->extra->nincludes == 1 && p->extra->includes[0].nfiles == 1 &&
	      strncmp(p->extra->includes[0].files[0].data, "#define MAX 1000\n", p->extra->includes[0].files[0].len) == 0);
	static const char src[] = "print({{max_n}} + {{eps.value}}, '{{who}}{{who.none}}')";
	CHECK_EQ_INT(problem_constants_apply(p, src, strlen(src), false, &out, &n), 0);
	CHECK(out && strcmp(out, "print(1000 + 1.0, 'Ada{{who.none}}')") == 0 && n == strlen(out));
	free(out);
	static const char tex[] = "$n \\le \\constant{max_n}$";
	CHECK_EQ_INT(problem_constants_apply(p, tex, strlen(tex), true, &out, &n), 0);
	CHECK(out && strcmp(out, "$n \\le 1000$") == 0);
	free(out);
	CHECK_EQ_INT(problem_constants_apply(p, "plain", 5, false, &out, &n), 0);
	CHECK(out == NULL);
	problem_free(p);
	p = NULL;
	put("c/problem.yaml", "problem_format_version: 2025-09\nname: C\nconstants:\n  2bad: 1\n");
	CHECK_EQ_INT(load("c", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "'2bad' is not a name") != NULL);
	put("c/problem.yaml", "problem_format_version: 2025-09\nname: C\nconstants:\n  k: {tex: x}\n");
	CHECK_EQ_INT(load("c", &p, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "constants.k: a value is required") != NULL);
}

static void programs_only(void)
{
	struct problem *p = NULL;
	char err[512];
	/* problemtools: output_validator/<name>/; a README, a .txt and a *.template are no programs. */
	put("v/problem.yaml", "problem_format_version: 2023-07-draft\nname: V\n");
	put("v/data/secret/1.in", "1\n");
	put("v/data/secret/1.ans", "1\n");
	put("v/output_validator/mine/validate.cpp", "int main() { return 42; }\n");
	put("v/output_validator/mine/validate.h", "\n");
	put("v/output_validator/mine/README.md", "notes\n");
	put("v/output_validator/mine/notes.txt", "notes\n");
	put("v/submissions/accepted/a.cpp.template", "int main() {}\n");
	put("v/submissions/accepted/b.txt", "1\n");
	put("v/submissions/accepted/c.py", "print(1)\n");
	CHECK_EQ_INT(load("v", &p, err, sizeof(err)), 0);
	if (p) {
		CHECK(ends(p->extra->validator_path, "/output_validator/mine/validate.cpp"));
		CHECK(ends(p->reference, "/accepted/c.py"));
	} else {
		fprintf(stderr, "v: %s\n", err);
	}
	problem_free(p);
	p = NULL;
	/* A .gitkeep alone: the default validator. */
	wipe("v/output_validator");
	put("v/output_validator/.gitkeep", "");
	put("v/problem.yaml", "problem_format_version: 2025-09\nname: V\n");
	CHECK_EQ_INT(load("v", &p, err, sizeof(err)), 0);
	CHECK(p && !p->extra->validator_path);
	problem_free(p);
	p = NULL;
	/* A skeleton: no data/, no submissions. */
	put("skel/problem.yaml", "problem_format_version: 2025-09\nname: S\ntype: interactive\n");
	CHECK_EQ_INT(load("skel", &p, err, sizeof(err)), 0);
	CHECK(p && p->ntests == 0 && p->nsubs == 0 && p->interactive);
	problem_free(p);
}

static void links(void)
{
	struct problem *p = NULL;
	char err[512];
	put("tree/shared/h.h", "#define X 1\n");
	put("tree/probs/l/problem.yaml", "problem_format_version: 2025-09\nname: L\n");
	put("tree/probs/l/data/secret/1.in", "1\n");
	put("tree/probs/l/data/secret/1.ans", "1\n");
	put("tree/probs/l/output_validator/v.c", "#include \"h.h\"\nint main(void) { return 42; }\n");
	CHECK(symlink("../../../shared/h.h", at("tree/probs/l/output_validator/h.h")) == 0);
	CHECK_EQ_INT(load("tree/probs/l", &p, err, sizeof(err)), -EACCES);
	CHECK(strstr(err, "a link to outside") != NULL);
	err[0] = '\0';
	CHECK_EQ_INT(problem_load_in(at("tree/probs/l"), at("tree"), &p, err, sizeof(err)), 0);
	CHECK(p && p->extra->nvalidator_files == 1 && strcmp(p->extra->validator_files[0].data, "#define X 1\n") == 0);
	problem_free(p);
	p = NULL;
	/* A root that does not hold the problem widens nothing. */
	CHECK_EQ_INT(problem_load_in(at("tree/probs/l"), at("tree/shared"), &p, err, sizeof(err)), -EACCES);
}

int main(void)
{
	if (fixture_setup())
		return 1;
	result_names();
	domjudge();
	constants();
	programs_only();
	links();
	fixture_cleanup();
	return check_done();
}
