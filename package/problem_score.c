/* problem_score.c - a scoring Kattis problem's score for one submission,
 * from its tests' verdicts and the test groups' configuration: legacy
 * testdata.yaml graders (accept_score, reject_score, range, on_reject,
 * grader_flags) or the 2025-09 (and draft) aggregation (score_aggregation /
 * scoring.aggregation sum, min, pass-fail; max_score / scoring.score). A
 * test's score is its group's default for an accepted test: an output
 * validator's score.txt is not read. docs/problems.md has the rules. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum verdict_mode { VM_WORST, VM_FIRST, VM_ALWAYS };
enum score_mode { SM_SUM, SM_AVG, SM_MIN, SM_MAX, SM_PASS_FAIL };

/* A group's settings (legacy ones inherited from the nearest ancestor that
 * sets them). */
struct group_cfg {
	bool on_reject_break, any_accepted, ignore_sample;
	enum verdict_mode vmode;
	enum score_mode smode;
	double accept, reject, lo, hi;   /* legacy */
	double max;                      /* 2025-09: the group's max_score; NAN = unbounded */
};

struct score_ctx {
	const struct problem *p;
	const struct problem_verdict *v;
	size_t n;
	bool all_ac;                     /* score every test as accepted (the maximum) */
	bool legacy;
	char **groups;                   /* every group path ("" for data/ itself) */
	json_t **cfg;                    /* its test_group.yaml / testdata.yaml, or NULL */
	size_t ngroups;
	char *why;
	size_t whylen;
};

struct sub_result {
	int status;
	double score, max;
	bool known;
};

static const char *const legacy_keys[] = { "accept_score", "reject_score", "range", "grader_flags", "on_reject", NULL };
static const char *const new_keys[] = { "scoring", "max_score", "score_aggregation", NULL };

static bool has_any(const json_t *y, const char *const *keys)
{
	for (size_t i = 0; y && keys[i]; i++)
		if (json_object_get(y, keys[i]))
			return true;
	return false;
}

static int add_group(struct score_ctx *x, const char *path, size_t len, char *err, size_t errlen)
{
	for (size_t i = 0; i < x->ngroups; i++)
		if (strlen(x->groups[i]) == len && !strncmp(x->groups[i], path, len))
			return 0;
	char **g = realloc(x->groups, (x->ngroups + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	x->groups = g;
	json_t **c = realloc(x->cfg, (x->ngroups + 1) * sizeof(*c));
	if (!c)
		return -ENOMEM;
	x->cfg = c;
	x->cfg[x->ngroups] = NULL;
	if (!(x->groups[x->ngroups] = strndup(path, len)))
		return -ENOMEM;
	const char *group = x->groups[x->ngroups++];
	char dir[PATH_MAX], file[PATH_MAX];
	str_printf(dir, sizeof(dir), "%s/data%s%s", x->p->dir, group[0] ? "/" : "", group);
	/* 2025-09 names it test_group.yaml; legacy and the drafts testdata.yaml. */
	for (int k = 0; k < 2 && !x->cfg[x->ngroups - 1]; k++) {
		if (problem_path(file, sizeof(file), dir, k ? "testdata.yaml" : "test_group.yaml"))
			return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", dir);
		int r = kattis_yaml(x->p, file, &x->cfg[x->ngroups - 1], err, errlen);
		if (r)
			return r;
	}
	return 0;
}

static const json_t *cfg_of(const struct score_ctx *x, const char *group)
{
	for (size_t i = 0; i < x->ngroups; i++)
		if (!strcmp(x->groups[i], group))
			return x->cfg[i];
	return NULL;
}

static bool number(const json_t *j, double *out)
{
	if (!json_is_number(j))
		return false;
	*out = json_number_value(j);
	return true;
}

/* A legacy range "A B" (inf, -inf, +inf allowed). */
static bool parse_range(const char *s, double *lo, double *hi)
{
	char *end;
	*lo = strtod(s, &end);
	if (end == s)
		return false;
	const char *b = end;
	*hi = strtod(b, &end);
	return end != b;
}

/* The group's own settings over its parent's. */
static void settle_cfg(const struct score_ctx *x, const char *group, const struct group_cfg *parent,
		       struct group_cfg *c)
{
	const json_t *y = cfg_of(x, group);
	*c = *parent;
	if (x->legacy) {
		const json_t *v;
		double d;
		if ((v = json_object_get(y, "on_reject")) && json_is_string(v))
			c->on_reject_break = strcmp(json_string_value(v), "continue") != 0 &&
					     strcmp(json_string_value(v), "grade") != 0;
		if (number(json_object_get(y, "accept_score"), &d))
			c->accept = d;
		if (number(json_object_get(y, "reject_score"), &d))
			c->reject = d;
		if ((v = json_object_get(y, "range")) && json_is_string(v))
			parse_range(json_string_value(v), &c->lo, &c->hi);
		if ((v = json_object_get(y, "grader_flags")) && json_is_string(v)) {
			/* Flags are not inherited one by one: the string is. */
			c->vmode = VM_WORST;
			c->smode = SM_SUM;
			c->any_accepted = c->ignore_sample = false;
			char *s = strdup(json_string_value(v)), *save = NULL;
			for (char *w = s ? strtok_r(s, " \t", &save) : NULL; w; w = strtok_r(NULL, " \t", &save)) {
				if (!strcmp(w, "worst_error"))
					c->vmode = VM_WORST;
				else if (!strcmp(w, "first_error"))
					c->vmode = VM_FIRST;
				else if (!strcmp(w, "always_accept"))
					c->vmode = VM_ALWAYS;
				else if (!strcmp(w, "sum"))
					c->smode = SM_SUM;
				else if (!strcmp(w, "avg"))
					c->smode = SM_AVG;
				else if (!strcmp(w, "min"))
					c->smode = SM_MIN;
				else if (!strcmp(w, "max"))
					c->smode = SM_MAX;
				else if (!strcmp(w, "accept_if_any_accepted"))
					c->any_accepted = true;
				else if (!strcmp(w, "ignore_sample"))
					c->ignore_sample = true;
			}
			free(s);
		}
		return;
	}
	/* 2025-09: nothing is inherited; secret sums to 100, a group is
	 * pass-fail and unbounded unless it says otherwise. The 2023-07 draft's
	 * scoring: {score, aggregation} says the same. */
	bool secret = !strcmp(group, "secret");
	c->smode = secret ? SM_SUM : SM_PASS_FAIL;
	c->max = secret ? 100 : NAN;
	const json_t *s = json_object_get(y, "scoring"), *agg = json_object_get(y, "score_aggregation");
	const json_t *max = json_object_get(y, "max_score");
	if (!agg && s)
		agg = json_object_get(s, "aggregation");
	if (!max && s)
		max = json_object_get(s, "score");
	if (json_is_string(agg))
		c->smode = !strcmp(json_string_value(agg), "sum") ? SM_SUM
			   : !strcmp(json_string_value(agg), "min") ? SM_MIN : SM_PASS_FAIL;
	double d;
	if (number(max, &d))
		c->max = d;
	else if (json_is_string(max) && !strcmp(json_string_value(max), "unbounded"))
		c->max = NAN;
}

static int test_status(const struct score_ctx *x, const char *name)
{
	if (x->all_ac)
		return BOX_ST_ACCEPTED;
	for (size_t i = 0; i < x->n; i++)
		if (!strcmp(x->v[i].test, name))
			return x->v[i].status;
	return 0;          /* not run */
}

/* Worse first: judge errors, crashes, time, wrong answers (legacy worst_error). */
static int badness(int status)
{
	if (status == BOX_ST_ACCEPTED)
		return 0;
	if (status == BOX_ST_WRONG_ANSWER)
		return 1;
	if (status == BOX_ST_TIME_LIMIT)
		return 2;
	if (status >= BOX_ST_SIGSEGV && status <= BOX_ST_OTHER)
		return 3;
	return 4;
}

/* The i-th child of group (a test or a subgroup) in the order of the
 * tests (lexicographic): its name and whether it is a test. False when
 * there is none. */
static bool child(const struct score_ctx *x, const char *group, size_t *pos, char *name, size_t len, bool *is_test)
{
	size_t gl = strlen(group);
	for (; *pos < x->p->ntests; (*pos)++) {
		const char *t = x->p->tests[*pos].name;
		if (gl && (strncmp(t, group, gl) || t[gl] != '/'))
			continue;
		const char *rest = t + (gl ? gl + 1 : 0), *slash = strchr(rest, '/');
		*is_test = !slash;
		str_printf(name, len, "%.*s%s%.*s", (int)gl, group, gl ? "/" : "",
			   (int)(slash ? (size_t)(slash - rest) : strlen(rest)), rest);
		/* Past every test of this child. */
		size_t nl = strlen(name);
		while (*pos < x->p->ntests && !strncmp(x->p->tests[*pos].name, name, nl) &&
		       (x->p->tests[*pos].name[nl] == '/' || x->p->tests[*pos].name[nl] == '\0'))
			(*pos)++;
		return true;
	}
	return false;
}

static size_t direct_tests(const struct score_ctx *x, const char *group)
{
	size_t pos = 0, k = 0;
	char name[512];
	bool is_test;
	while (child(x, group, &pos, name, sizeof(name), &is_test))
		k += is_test;
	return k;
}

static void eval(struct score_ctx *x, const char *group, const struct group_cfg *parent, struct sub_result *out);

static void eval_legacy(struct score_ctx *x, const char *group, const struct group_cfg *c, struct sub_result *out)
{
	size_t pos = 0, k = 0, any_ac = 0;
	char name[512];
	bool is_test;
	int first_bad = BOX_ST_ACCEPTED, worst = BOX_ST_ACCEPTED;
	double sum = 0, mn = INFINITY, mx = -INFINITY;
	while (child(x, group, &pos, name, sizeof(name), &is_test)) {
		struct sub_result r = { 0, 0, 0, true };
		if (c->ignore_sample && !group[0] && !strcmp(name, "sample"))
			continue;
		if (is_test) {
			r.status = test_status(x, name);
			r.score = r.status == BOX_ST_ACCEPTED ? c->accept : c->reject;
		} else {
			eval(x, name, c, &r);
		}
		out->known &= r.known;
		k++;
		any_ac += r.status == BOX_ST_ACCEPTED;
		if (r.status != BOX_ST_ACCEPTED && first_bad == BOX_ST_ACCEPTED)
			first_bad = r.status;
		if (badness(r.status) > badness(worst))
			worst = r.status;
		sum += r.score;
		mn = r.score < mn ? r.score : mn;
		mx = r.score > mx ? r.score : mx;
		if (c->on_reject_break && r.status != BOX_ST_ACCEPTED)
			break;
	}
	out->status = c->vmode == VM_ALWAYS || (c->any_accepted && any_ac) || first_bad == BOX_ST_ACCEPTED
		      ? BOX_ST_ACCEPTED : c->vmode == VM_FIRST ? first_bad : worst;
	out->score = !k ? 0 : c->smode == SM_AVG ? sum / (double)k : c->smode == SM_MIN ? mn
		     : c->smode == SM_MAX ? mx : sum;
	out->max = c->hi;
}

static void eval_2025(struct score_ctx *x, const char *group, const struct group_cfg *c, struct sub_result *out)
{
	size_t pos = 0, k = 0, ntests = direct_tests(x, group);
	char name[512];
	bool is_test, all_ac = true, bounded = !isnan(c->max);
	double sum = 0, mn = INFINITY;
	while (child(x, group, &pos, name, sizeof(name), &is_test)) {
		struct sub_result r = { 0, 0, 0, true };
		if (!group[0] && strcmp(name, "secret"))
			continue;              /* only secret is scored */
		if (is_test) {
			r.status = test_status(x, name);
			/* A test's maximum: the group's (min), its share (sum). */
			double tmax = c->smode == SM_SUM ? c->max / (double)(ntests ? ntests : 1) : c->max;
			if (c->smode != SM_PASS_FAIL && !bounded && r.status == BOX_ST_ACCEPTED) {
				r.known = false;
				str_printf(x->why, x->whylen, "group %s has no max_score: its tests' scores come from the "
					   "output validator's score.txt, which pairbox does not read", group);
			}
			r.score = r.status == BOX_ST_ACCEPTED && bounded ? tmax : 0;
		} else {
			eval(x, name, c, &r);
		}
		out->known &= r.known;
		k++;
		all_ac &= r.status == BOX_ST_ACCEPTED;
		sum += r.score;
		mn = r.score < mn ? r.score : mn;
	}
	out->status = all_ac ? BOX_ST_ACCEPTED : BOX_ST_WRONG_ANSWER;
	if (!group[0]) {               /* data/: the score of secret */
		out->score = sum;
		return;
	}
	if (c->smode == SM_PASS_FAIL) {
		if (!bounded) {
			out->known = false;
			str_printf(x->why, x->whylen, "pass-fail group %s has no max_score", group);
		}
		out->score = all_ac && bounded ? c->max : 0;
	} else {
		out->score = !k ? 0 : c->smode == SM_MIN ? mn : sum;
	}
	out->max = c->max;
}

static void eval(struct score_ctx *x, const char *group, const struct group_cfg *parent, struct sub_result *out)
{
	struct group_cfg c;
	settle_cfg(x, group, parent, &c);
	out->known = true;
	if (x->legacy)
		eval_legacy(x, group, &c, out);
	else
		eval_2025(x, group, &c, out);
}

/* problem.yaml names no version, or a legacy one. */
static bool legacy_package(const struct problem *p)
{
	char file[PATH_MAX], err[64];
	json_t *y = NULL;
	if (problem_path(file, sizeof(file), p->dir, "problem.yaml") || kattis_yaml(p, file, &y, err, sizeof(err)))
		return false;
	const json_t *v = json_object_get(y, "problem_format_version");
	bool legacy = !json_is_string(v) || !strncmp(json_string_value(v), "legacy", 6);
	json_decref(y);
	return legacy;
}

static void ctx_release(struct score_ctx *x)
{
	for (size_t i = 0; i < x->ngroups; i++) {
		free(x->groups[i]);
		json_decref(x->cfg[i]);
	}
	free(x->groups);
	free(x->cfg);
}

int problem_score_compute(const struct problem *p, const struct problem_verdict *v, size_t n,
			  struct problem_score *out, char *err, size_t errlen)
{
	struct score_ctx x = { .p = p, .v = v, .n = n, .why = out->why, .whylen = sizeof(out->why) };
	int r = add_group(&x, "", 0, err, errlen);
	memset(out, 0, sizeof(*out));
	x.why = out->why;
	for (size_t i = 0; !r && i < p->ntests; i++)
		for (const char *s = p->tests[i].name; !r && (s = strchr(s, '/')); s++)
			r = add_group(&x, p->tests[i].name, (size_t)(s - p->tests[i].name), err, errlen);
	if (r)
		goto out;
	/* Legacy graders unless a group speaks 2025-09 (or the 2023-07 draft's
	 * scoring: map); a legacy key, or a legacy package, means graders. */
	bool has_new = false, has_legacy = false;
	for (size_t i = 0; i < x.ngroups; i++) {
		has_new |= has_any(x.cfg[i], new_keys);
		has_legacy |= has_any(x.cfg[i], legacy_keys);
	}
	x.legacy = !has_new && (has_legacy || legacy_package(p));
	const struct group_cfg root = { .on_reject_break = true, .vmode = VM_WORST, .smode = SM_SUM, .accept = 1,
					.reject = 0, .lo = -INFINITY, .hi = INFINITY, .max = NAN };
	struct sub_result got, best;
	eval(&x, "", &root, &got);
	x.all_ac = true;
	char why_best[sizeof(out->why)] = "";
	x.why = why_best;
	x.whylen = sizeof(why_best);
	eval(&x, "", &root, &best);
	out->legacy = x.legacy;
	out->status = got.status;
	out->score = got.score;
	out->known = got.known && best.known;
	/* The maximum: what accepting every test scores (legacy: within range). */
	out->max = best.score;
	if (x.legacy && isfinite(best.max) && best.max < out->max)
		out->max = best.max;
	if (!out->why[0] && why_best[0])
		str_copy(out->why, sizeof(out->why), why_best);
out:
	ctx_release(&x);
	return r;
}
