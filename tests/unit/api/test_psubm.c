/* test_psubm.c - the problem bank (api/bank.c) and problem submissions at
 * judge time (api/psubm.c), without a server: the fixtures of
 * tests/api/problems load and are indexed; a submission is made ready
 * against every test, the samples or the user's input; a missing problem
 * or a language without a harness is refused; PROBLEM-HIDDEN: the
 * redaction keeps a hidden test's verdict and the runner's words, and
 * drops its output and the comparator's words. Nothing here runs a box. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bank.h"
#include "check.h"
#include "psubm.h"
#include "store.h"
#include "subm.h"
#include "util.h"

static void test_result(struct judge_result *r, size_t n)
{
	judge_result_init(r);
	r->ntests = r->nrun = n;
	r->tests = calloc(n, sizeof(*r->tests));
	for (size_t i = 0; i < n; i++) {
		struct judge_test_result *t = &r->tests[i];
		box_result_init(&t->run);
		outbuf_init(&t->run.out, 1 << 16);
		outbuf_init(&t->run.err, 1 << 16);
		outbuf_append(&t->run.out, "secret-out\n", 11);
		outbuf_append(&t->run.err, "secret-err\n", 11);
		snprintf(t->name, sizeof(t->name), "%s/%zu", i ? "hidden" : "sample", i + 1);
		t->status = t->run.status = BOX_ST_ACCEPTED;
		t->cpu_ms = 7;
		t->memory_kb = 1024;
	}
}

static void test_redact(void)
{
	struct psubm ps = { .nshown = 1 };
	struct judge_result r;
	test_result(&r, 4);
	/* hidden/3: wrong answer by the comparator (quoting the answer);
	 * hidden/4: a runtime error in the runner's words. */
	r.tests[2].status = BOX_ST_WRONG_ANSWER;
	snprintf(r.tests[2].message, sizeof(r.tests[2].message), "line 1: expected '3956388', got '7'");
	r.tests[3].status = r.tests[3].run.status = BOX_ST_NZEC;
	snprintf(r.tests[3].message, sizeof(r.tests[3].message), "Exited with error status 3");
	r.status = BOX_ST_WRONG_ANSWER;
	snprintf(r.message, sizeof(r.message), "test hidden/3: line 1: expected '3956388', got '7'");
	psubm_redact(&ps, &r);
	CHECK(r.tests[0].run.out.len == 11 && r.tests[0].run.err.len == 11);       /* a sample shows */
	for (size_t i = 1; i < 4; i++) {
		CHECK(r.tests[i].run.out.len == 0 && r.tests[i].run.out.data == NULL);
		CHECK(r.tests[i].run.err.len == 0 && r.tests[i].run.err.data == NULL);
		CHECK(r.tests[i].cpu_ms == 7 && r.tests[i].memory_kb == 1024);        /* figures stay */
	}
	CHECK_EQ_INT(r.tests[2].status, BOX_ST_WRONG_ANSWER);
	CHECK_EQ_STR(r.tests[2].message, "");
	CHECK_EQ_STR(r.tests[3].message, "Exited with error status 3");
	CHECK_EQ_STR(r.message, "test hidden/3: Wrong Answer");
	char *text = subm_result_dump_tests(&r);
	CHECK(text && !strstr(text, "3956388"));
	/* "secret-out\n" in base64: the sample's stdout only (the overall
	 * stdout is the deciding hidden test's: none). */
	const char *once = text ? strstr(text, "c2VjcmV0LW91dA") : NULL;
	CHECK(once && !strstr(once + 1, "c2VjcmV0LW91dA"));
	free(text);
	judge_result_release(&r);

	/* A sample decides: its words stay. */
	test_result(&r, 2);
	r.tests[0].status = BOX_ST_WRONG_ANSWER;
	snprintf(r.tests[0].message, sizeof(r.tests[0].message), "line 1: expected '3', got '4'");
	snprintf(r.message, sizeof(r.message), "test sample/1: line 1: expected '3', got '4'");
	psubm_redact(&ps, &r);
	CHECK_EQ_STR(r.message, "test sample/1: line 1: expected '3', got '4'");
	CHECK_EQ_STR(r.tests[0].message, "line 1: expected '3', got '4'");
	judge_result_release(&r);

	/* Everything shown (a Run): nothing changes. */
	ps.nshown = 2;
	test_result(&r, 2);
	psubm_redact(&ps, &r);
	CHECK(r.tests[1].run.out.len == 11);
	judge_result_release(&r);
}

static void subm_for(struct subm *s, const char *slug, const char *lang, enum subm_scope scope, const char *src)
{
	subm_init(s);
	s->lang = lang_find(lang);
	s->language_id = s->lang ? s->lang->judge0_id : 0;
	snprintf(s->problem, sizeof(s->problem), "%s", slug);
	s->scope = scope;
	s->source_code.data = strdup(src);
	s->source_code.len = strlen(src);
}

static void test_bank(const char *base)
{
	char dir[512], wdir[600], err[512] = "";
	struct store *st = NULL;
	snprintf(dir, sizeof(dir), "%s/data", base);
	snprintf(wdir, sizeof(wdir), "%s/data/problems", base);
	CHECK_EQ_INT(store_open(dir, &st, err, sizeof(err)), 0);
	if (!st)
		return;
	/* A leftover of an interrupted addition is removed at start. */
	char stale[700];
	snprintf(stale, sizeof(stale), "%s/.incoming/x/stale", wdir);
	CHECK_EQ_INT(mkdir_p(stale, 0755), 0);
	struct bank *b = NULL;
	CHECK_EQ_INT(bank_open(PAIRBOX_API_PROBLEMS, wdir, st, &b, err, sizeof(err)), 0);
	if (!b) {
		store_close(st);
		return;
	}
	snprintf(stale, sizeof(stale), "%s/.incoming", wdir);
	CHECK(access(stale, F_OK) != 0);
	CHECK_EQ_INT(bank_count(b), 2);
	const struct bank_entry *add = bank_find(b, "add-two-numbers"), *mx = bank_find(b, "max-element");
	CHECK(add && mx && !bank_find(b, "nope") && !bank_find(b, NULL));
	CHECK(add && !add->function && !add->added && add->p->nsamples == 2 && add->p->ntests == 5);
	CHECK(mx && mx->function && json_is_object(mx->function) && mx->p->sig);
	size_t n = 0;
	const struct lang *const *fl = bank_function_langs(b, &n);
	CHECK(n >= 1 && fl[0] && harness_supports(fl[0]));

	/* Indexed: the store finds them. */
	char **slugs = NULL;
	size_t got = 0, total = 0;
	CHECK_EQ_INT(store_problem_search(st, &(struct store_problem_query){ .text = "largest", .page = 1, .per_page = 5 },
					  &slugs, &got, &total), 0);
	CHECK(got == 1 && total == 1 && !strcmp(slugs[0], "max-element"));
	for (size_t i = 0; i < got; i++)
		free(slugs[i]);
	free(slugs);

	/* Ready to judge: every test, the samples, the user's input. */
	struct subm s;
	struct psubm ps;
	char why[256];
	subm_for(&s, "add-two-numbers", "python3", SUBM_SCOPE_ALL, "print(3)\n");
	CHECK_EQ_INT(psubm_prepare(b, &s, &ps, why, sizeof(why)), 0);
	CHECK(ps.pj.req.ntests == 5 && ps.nshown == 2 && ps.pj.req.lang == s.lang);
	CHECK(ps.pj.req.ntests == 5 && !strcmp(ps.pj.req.tests[4].name, "hidden/03-both-negative"));
	CHECK(ps.pj.req.ntests == 5 && ps.pj.req.tests[2].input_len == 14 && !memcmp(ps.pj.req.tests[2].input, "48611", 5));
	CHECK_EQ_INT(ps.pj.req.run.cpu_ms, 1000);
	psubm_release(&ps);
	psubm_release(&ps);                                   /* twice is fine */
	s.scope = SUBM_SCOPE_SAMPLES;
	CHECK_EQ_INT(psubm_prepare(b, &s, &ps, why, sizeof(why)), 0);
	CHECK(ps.pj.req.ntests == 2 && ps.nshown == 2);
	psubm_release(&ps);
	s.scope = SUBM_SCOPE_CUSTOM;
	s.stdin_data.data = strdup("40 2\n");
	s.stdin_data.len = 5;
	CHECK_EQ_INT(psubm_prepare(b, &s, &ps, why, sizeof(why)), 0);
	CHECK(ps.pj.req.ntests == 1 && ps.pj.req.tests == &ps.custom && ps.nshown == 1);
	CHECK(ps.custom.input_len == 5 && ps.custom.answer == NULL && ps.pj.req.checker == NULL &&
	      ps.pj.req.test_opts == NULL);
	psubm_release(&ps);
	subm_release(&s);

	/* A function problem: wrapped by the harness; no harness, refused. */
	subm_for(&s, "max-element", "python3", SUBM_SCOPE_ALL, "def max_element(nums):\n    return max(nums)\n");
	CHECK_EQ_INT(psubm_prepare(b, &s, &ps, why, sizeof(why)), 0);
	CHECK(ps.pj.req.source_len > s.source_code.len && strstr(ps.pj.req.source, "def max_element"));
	CHECK_EQ_INT(ps.pj.req.run.cpu_ms, 2000);
	psubm_release(&ps);
	subm_release(&s);
	if (lang_find("bash")) {
		subm_for(&s, "max-element", "bash", SUBM_SCOPE_ALL, "echo 1\n");
		why[0] = '\0';
		CHECK_EQ_INT(psubm_prepare(b, &s, &ps, why, sizeof(why)), -ENOTSUP);
		CHECK(why[0] != '\0');
		subm_release(&s);
	}
	subm_for(&s, "gone", "python3", SUBM_SCOPE_ALL, "print(1)\n");
	CHECK_EQ_INT(psubm_prepare(b, &s, &ps, why, sizeof(why)), -ENOENT);
	CHECK(strstr(why, "gone") != NULL);
	subm_release(&s);

	/* Additions: refused whole (nothing left on disk), then added,
	 * found, indexed; the slug once. */
	json_t *bad = json_loads("{\"slug\": \"new-one\", \"title\": \"New\", \"difficulty\": \"easy\","
				 " \"statement\": \"s\", \"tests\": [{\"name\": \"a\", \"input\": \"1\", \"answer\": \"1\"}]}",
				 0, NULL);
	json_t *errors = NULL;
	const struct bank_entry *e = NULL;
	CHECK_EQ_INT(bank_add(b, bad, &e, &errors), -EINVAL);
	CHECK(e == NULL && json_object_get(errors, "tests"));
	json_decref(errors);
	snprintf(stale, sizeof(stale), "%s/new-one", wdir);
	CHECK(access(stale, F_OK) != 0);
	json_object_set_new(json_array_get(json_object_get(bad, "tests"), 0), "sample", json_true());
	CHECK_EQ_INT(bank_add(b, bad, &e, &errors), 0);
	CHECK(e && e->added && bank_find(b, "new-one") == e && bank_count(b) == 3);
	CHECK(access(stale, F_OK) == 0);
	CHECK_EQ_INT(bank_add(b, bad, &e, &errors), -EEXIST);
	CHECK(json_object_get(errors, "slug") != NULL);
	json_decref(errors);
	json_decref(bad);
	CHECK_EQ_INT(store_problem_search(st, &(struct store_problem_query){ .page = 1, .per_page = 5 }, &slugs, &got,
					  &total), 0);
	CHECK_EQ_INT(total, 3);
	for (size_t i = 0; i < got; i++)
		free(slugs[i]);
	free(slugs);
	bank_free(b);

	/* At the next start the addition comes back from the write directory. */
	CHECK_EQ_INT(bank_open(PAIRBOX_API_PROBLEMS, wdir, st, &b, err, sizeof(err)), 0);
	CHECK(b && bank_count(b) == 3 && bank_find(b, "new-one") && bank_find(b, "new-one")->added);
	bank_free(b);
	/* A Kattis interactive package is skipped at start (the server's
	 * workers hold one box each); a plain Kattis package beside it loads. */
	char kat[600], path[700];
	snprintf(kat, sizeof(kat), "%s/kattis", base);
	const char *files[][2] = {
		{ "iguess/problem.yaml", "problem_format_version: 2025-09\nname: Guess\ntype: interactive\n" },
		{ "iguess/output_validator/v.py", "raise SystemExit(42)\n" },
		{ "iguess/data/secret/1.in", "1\n" }, { "iguess/data/secret/1.ans", "1\n" },
		{ "echo/problem.yaml", "problem_format_version: 2025-09\nname: Echo\n" },
		{ "echo/data/secret/1.in", "1\n" }, { "echo/data/secret/1.ans", "1\n" },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", kat, files[i][0]);
		*strrchr(path, '/') = '\0';
		CHECK_EQ_INT(mkdir_p(path, 0755), 0);
		snprintf(path, sizeof(path), "%s/%s", kat, files[i][0]);
		FILE *f = fopen(path, "w");
		CHECK(f && fputs(files[i][1], f) >= 0 && fclose(f) == 0);
	}
	CHECK_EQ_INT(bank_open(kat, NULL, st, &b, err, sizeof(err)), 0);
	CHECK(b && bank_count(b) == 1 && bank_find(b, "echo") && !bank_find(b, "iguess"));
	bank_free(b);
	/* No problem directory at all: an empty bank, not an error. */
	CHECK_EQ_INT(bank_open("/nonexistent/problems", NULL, st, &b, err, sizeof(err)), 0);
	CHECK(b && bank_count(b) == 0);
	json_t *any = json_object();
	CHECK_EQ_INT(bank_add(b, any, &e, &errors), -EROFS);                       /* nowhere to write */
	json_decref(errors);
	json_decref(any);
	bank_free(b);
	bank_free(NULL);
	store_close(st);
}

int main(void)
{
	char err[256];
	if (lang_registry_load(NULL, err, sizeof(err))) {
		fprintf(stderr, "languages: %s\n", err);
		return 1;
	}
	test_redact();
	char base[] = "/tmp/pairbox-psubm-XXXXXX";
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	test_bank(base);
	remove_tree(AT_FDCWD, base);
	return check_done();
}
