/* problem_judging.c - a submission to a problem made into one judge_req
 * (problem.h): the harness's wrapping for a function problem, the tests
 * read into memory, the problem's limits over the language's, the
 * comparator or the Kattis output validator, include/ files. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* What a problem_judging owns besides its tests and source. */
struct judging_priv {
	char **data;                 /* 2 per test: input, answer */
	size_t ndata;
	struct checker checker;
	struct judge_file *answers;  /* submit-answer: one per test */
	size_t nanswers;
};

void problem_judging_release(struct problem_judging *pj)
{
	if (!pj)
		return;
	struct judging_priv *v = pj->priv;
	if (v) {
		for (size_t i = 0; i < v->ndata; i++)
			free(v->data[i]);
		free(v->data);
		problem_answers_free(v->answers, v->nanswers);
		free(v);
	}
	free(pj->tests);
	free(pj->source);
	memset(pj, 0, sizeof(*pj));
}

/* The source as judged: wrapped by the harness, or a copy. */
static int make_source(const struct problem *p, const struct lang *l, const char *src, size_t len,
		       struct problem_judging *pj, char *err, size_t errlen)
{
	if (p->sig) {
		if (!harness_supports(l))
			return problem_fail(err, errlen, -ENOTSUP, "%s is a function problem and %s has no harness",
					    p->slug, l->name);
		int r = harness_wrap(p->sig, l, src, len, &pj->source, &pj->req.source_len);
		if (r)
			return problem_fail(err, errlen, r, "%s: harness: %s", p->slug, strerror(-r));
		return 0;
	}
	if (!(pj->source = malloc(len + 1)))
		return -ENOMEM;
	if (len)
		memcpy(pj->source, src, len);
	pj->source[len] = '\0';
	pj->req.source_len = len;
	return 0;
}

static int read_tests(const struct problem *p, size_t n, struct problem_judging *pj, struct judging_priv *v,
		      char *err, size_t errlen)
{
	if (!(pj->tests = calloc(n, sizeof(*pj->tests))) || !(v->data = calloc(2 * n, sizeof(char *))))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct problem_test *t = &p->tests[i];
		struct judge_test *jt = &pj->tests[i];
		int r = problem_test_read(t, &v->data[2 * i], &jt->input_len, &v->data[2 * i + 1], &jt->answer_len);
		if (r == -ENOMEM)
			return r;
		if (r)
			return problem_fail(err, errlen, -EIO, "test %s: %s", t->name, strerror(-r));
		v->ndata = 2 * i + 2;
		jt->name = t->name;
		jt->input = v->data[2 * i];
		jt->answer = v->data[2 * i + 1];
	}
	return 0;
}

/* Box and language defaults, then what the problem says: CPU time, wall
 * time to match (twice the CPU time and a second, or the language's own
 * if longer), memory (the stack may use all of it, as Kattis allows),
 * Kattis output and compile limits. A Kattis package's program runs on
 * past its output limit (status 8 unless time or a crash decide first),
 * its files are bounded by the same limit, and a program idle for its
 * CPU limit is stopped (judge_idle_ms). */
static void set_limits(const struct problem *p, const struct lang *l, struct judge_req *req)
{
	const struct problem_extra *x = p->extra;
	box_limits_default(&req->run);
	judge_compile_limits(&req->compile);
	lang_apply_limits(l, &req->run, &req->compile);
	if (p->time_limit > 0) {
		req->run.cpu_ms = problem_ms(p->time_limit);
		uint64_t wall = 2ull * req->run.cpu_ms + 1000;
		if (wall < l->run_limits.wall_ms)
			wall = l->run_limits.wall_ms;
		req->run.wall_ms = wall > UINT32_MAX ? UINT32_MAX : (uint32_t)wall;
	}
	if (p->memory_kb) {
		req->run.memory_kb = p->memory_kb;
		req->run.stack_kb = p->memory_kb;
	}
	if (!x)
		return;
	if (x->output_bytes) {
		req->run.output_bytes = x->output_bytes;
		req->run.fsize_kb = (x->output_bytes + 1023) / 1024;
	}
	if (p->format == PROBLEM_KATTIS) {
		req->drain_output = true;
		req->run.idle_ms = judge_idle_ms(req->run.cpu_ms);
	}
	if (x->compile_ms) {
		req->compile.cpu_ms = x->compile_ms;
		req->compile.wall_ms = x->compile_ms > UINT32_MAX / 2 ? UINT32_MAX : 2 * x->compile_ms;
	}
	if (x->compile_kb)
		req->compile.memory_kb = x->compile_kb;
}

/* include/<language>/ when the package has one, else include/default/. */
static const struct problem_include *include_for(const struct problem_extra *x, const struct lang *l)
{
	const struct problem_include *def = NULL;
	const char *code = problem_kattis_lang(l);
	for (size_t i = 0; x && i < x->nincludes; i++) {
		if (strcmp(x->includes[i].lang, code) == 0)
			return &x->includes[i];
		if (strcmp(x->includes[i].lang, "default") == 0)
			def = &x->includes[i];
	}
	return def;
}

static int set_checker(const struct problem *p, struct judging_priv *v, struct judge_req *req, char *err,
		       size_t errlen)
{
	const struct problem_extra *x = p->extra;
	if (!x || !x->validator_path)
		return 0;
	if (!x->validator_lang->available)
		return problem_fail(err, errlen, -ENOTSUP, "%s: output validator %s: %s is not installed", p->slug,
				    x->validator_path, x->validator_lang->name);
	struct checker *c = &v->checker;
	c->style = CHECKER_KATTIS;
	c->lang = x->validator_lang;
	c->program = x->validator_src;
	c->program_len = x->validator_len;
	c->files = x->validator_files;
	c->nfiles = x->nvalidator_files;
	checker_limits(&c->limits);
	if (x->validation_ms) {
		c->limits.cpu_ms = x->validation_ms;
		c->limits.wall_ms = x->validation_ms > UINT32_MAX / 2 ? UINT32_MAX : 2 * x->validation_ms;
	}
	if (x->validation_kb)
		c->limits.memory_kb = x->validation_kb;
	if (x->validation_output_bytes) {
		c->limits.output_bytes = x->validation_output_bytes;
		c->limits.fsize_kb = (x->validation_output_bytes + 1023) / 1024;
	}
	req->checker = c;
	req->interactive = p->interactive;
	req->passes = p->validation_passes;
	return 0;
}

/* The start both preparations share: pj cleared, its private part, the
 * number of tests chosen (*n). 0, -ENOMEM or -ENOENT (no such tests). */
static int judging_start(const struct problem *p, enum problem_tests which, struct problem_judging *pj,
			 struct judging_priv **v, size_t *n, char *err, size_t errlen)
{
	memset(pj, 0, sizeof(*pj));
	*n = which == PROBLEM_SAMPLES_ONLY ? p->nsamples : p->ntests;
	if (!(*v = calloc(1, sizeof(**v))))
		return -ENOMEM;
	pj->priv = *v;
	if (!*n)
		return problem_fail(err, errlen, -ENOENT, "%s: no %stests", p->slug,
				    which == PROBLEM_SAMPLES_ONLY ? "sample " : "");
	return 0;
}

/* The n tests chosen as the request's, with their settings and the
 * comparison. The tests come first in p->tests, samples before the rest,
 * so the per-test settings line up for either selection. */
static void set_tests(const struct problem *p, struct problem_judging *pj, size_t n)
{
	pj->req.tests = pj->tests;
	pj->req.ntests = n;
	pj->req.test_opts = p->extra ? p->extra->test_opts : NULL;
	pj->req.compare = p->compare;
}

/* The end both preparations share: on failure pj is released and err
 * says why. Returns r. */
static int judging_end(const struct problem *p, struct problem_judging *pj, int r, char *err, size_t errlen)
{
	if (r == -ENOMEM)
		problem_fail(err, errlen, r, "%s: out of memory", p->slug);
	if (r)
		problem_judging_release(pj);
	return r;
}

int problem_judging_prepare(const struct problem *p, const struct lang *l, const char *src, size_t len,
			    enum problem_tests which, struct problem_judging *pj, char *err, size_t errlen)
{
	struct judging_priv *v;
	size_t n;
	int r = judging_start(p, which, pj, &v, &n, err, errlen);
	if (r)
		goto out;
	if ((r = make_source(p, l, src, len, pj, err, errlen)) || (r = read_tests(p, n, pj, v, err, errlen)) ||
	    (r = set_checker(p, v, &pj->req, err, errlen)))
		goto out;
	if ((p->interactive || p->validation_passes) && !pj->req.checker) {
		r = problem_fail(err, errlen, -EINVAL, "%s: %s problem without an output validator", p->slug,
				 p->interactive ? "an interactive" : "a multi-pass");
		goto out;
	}
	struct judge_req *req = &pj->req;
	req->lang = l;
	req->source = pj->source;
	set_tests(p, pj, n);
	set_limits(p, l, req);
	const struct problem_include *inc = include_for(p->extra, l);
	if (inc) {
		req->files = inc->files;
		req->nfiles = inc->nfiles;
	}
	r = 0;
out:
	return judging_end(p, pj, r, err, errlen);
}

int problem_judging_answers(const struct problem *p, const char *path, enum problem_tests which,
			    struct problem_judging *pj, char *err, size_t errlen)
{
	struct judging_priv *v;
	size_t n;
	int r = judging_start(p, which, pj, &v, &n, err, errlen);
	if (r)
		goto out;
	if ((r = read_tests(p, n, pj, v, err, errlen)) || (r = set_checker(p, v, &pj->req, err, errlen)) ||
	    (r = problem_answers_read(path, pj->tests, n, &v->answers, err, errlen)))
		goto out;
	v->nanswers = n;
	struct judge_req *req = &pj->req;
	req->answers = v->answers;
	set_tests(p, pj, n);
	box_limits_default(&req->run);
	judge_compile_limits(&req->compile);   /* the output validator's build */
	r = 0;
out:
	return judging_end(p, pj, r, err, errlen);
}
