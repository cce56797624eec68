/* grade_plan.c - the checks run on each problem (it loads, its tests are
 * well-formed, a sample, the reference, every submission, a derived time
 * limit), the verdict each submission folder expects, and the Kattis time
 * limit derived from the accepted submissions. */
#define _GNU_SOURCE
#include "grade_int.h"
#include "util.h"

#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#define BAD_TESTS_NAMED 5

/* ---- planning ------------------------------------------------------------------ */

static struct grade_check *add_check(struct grade_problem *gp, enum grade_kind kind, const char *name,
				     const char *expect)
{
	struct grade_check *c = &gp->checks[gp->nchecks++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->name = strdup(name);
	c->expect = strdup(expect);
	c->ntests = gp->ntests;
	return c->name && c->expect ? c : NULL;
}

/* The path below the problem's folder, or the path as it is. */
static const char *rel_path(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	if (!strncmp(path, dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Tests readable and, for a function problem, typed right. */
static int check_tests(const struct problem *p, struct grade_check *c)
{
	size_t bad = 0, named = 0;
	char *msg = NULL;
	int r = 0;
	for (size_t i = 0; i < p->ntests && !r; i++) {
		char *in = NULL, *ans = NULL, why[256] = "";
		size_t inlen = 0, anslen = 0;
		int e = problem_test_read(&p->tests[i], &in, &inlen, &ans, &anslen);
		bool ok = !e;
		if (e == -ENOMEM)
			r = e;
		else if (e)
			str_printf(why, sizeof(why), "cannot read: %s", strerror(-e));
		else if (p->sig)
			ok = !harness_check_input(p->sig, in, inlen, why, sizeof(why)) &&
			     !harness_check_answer(p->sig, ans, anslen, why, sizeof(why));
		free(in);
		free(ans);
		if (r || ok)
			continue;
		if (bad++ < BAD_TESTS_NAMED) {
			named++;
			r = set_str(&msg, "%s%s%s: %s", msg ? msg : "", msg ? "; " : "", p->tests[i].name,
				    why[0] ? why : "malformed");
		}
	}
	if (!r && bad > named)
		r = set_str(&msg, "%s; and %zu more", msg, bad - named);
	if (!r && !p->ntests)
		r = set_str(&msg, "the problem has no tests");
	if (!r)
		r = set_str(&c->got, "%zu of %zu well-formed", p->ntests - bad, p->ntests);
	c->message = msg;
	c->outcome = !r && !bad && p->ntests ? GRADE_PASS : GRADE_FAIL;
	return r;
}

/* The folder's last component, for a problem that did not load. */
static char *dir_name(const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t b = n;
	while (b > 0 && dir[b - 1] != '/')
		b--;
	return strndup(dir + b, n - b);
}

/* How far a package's links may reach: the git work tree holding path (the
 * nearest folder above it, itself included, with a .git), so a problem
 * graded alone may use the headers its repository shares (BAPCtools'), or
 * path itself outside a work tree. Owned; NULL: path. */
static char *link_root(const char *path)
{
	char *dir = realpath(path, NULL);
	for (size_t n = dir ? strlen(dir) : 0; n > 0;) {
		char git[PATH_MAX];
		struct stat st;
		if (str_printf(git, sizeof(git), "%.*s/.git", (int)n, dir) >= 0 && !lstat(git, &st)) {
			dir[n] = '\0';
			return dir;
		}
		while (n > 0 && dir[n - 1] != '/')
			n--;
		if (n > 0)
			n--;                        /* the '/' before the last component */
	}
	free(dir);
	return NULL;
}

int grade_plan_problem(struct grader *g, struct grade_problem *gp, const char *dir)
{
	const struct grade_opts *o = g->o;
	bool verify = !o->nsolutions;
	char err[512] = "";
	int r;
	if (!(gp->dir = strdup(dir)))
		return -ENOMEM;
	if (!(gp->slug = dir_name(dir)))
		return -ENOMEM;
	char *root = link_root(o->path);
	r = problem_load_in(dir, root ? root : o->path, &gp->p, err, sizeof(err));
	free(root);
	if (r == -ENOMEM)
		return r;
	/* Room for every check a problem can have. */
	size_t room = 5 + (gp->p ? gp->p->nsubs : 0) + o->nsolutions;
	if (!(gp->checks = calloc(room, sizeof(*gp->checks))))
		return -ENOMEM;
	if (r) {
		struct grade_check *c = add_check(gp, GRADE_LOAD, "problem", "loads");
		if (!c || set_str(&c->got, "error") || set_str(&c->message, "%s", err[0] ? err : strerror(-r)))
			return -ENOMEM;
		c->outcome = GRADE_FAIL;
		return 0;
	}
	struct problem *p = gp->p;
	if (!p)
		return -EINVAL;
	if (!(gp->title = strdup(p->title ? p->title : gp->slug)))
		return -ENOMEM;
	free(gp->slug);
	if (!(gp->slug = strdup(p->slug)))
		return -ENOMEM;
	gp->format = p->format == PROBLEM_KATTIS ? "kattis" : "pairbox";
	gp->ntests = p->ntests;
	gp->nsamples = p->nsamples;
	gp->time_limit_ms = ms_of_seconds(p->time_limit);
	gp->tle_limit_ms = scale_ms(gp->time_limit_ms, p->time_limit_to_tle > 1 ? p->time_limit_to_tle : 1);
	gp->scoring = p->scoring;
	gp->ac_to_time_limit = p->ac_to_time_limit;
	gp->time_limit_to_tle = p->time_limit_to_tle;

	struct grade_check *c;
	if (verify) {
		if (!(c = add_check(gp, GRADE_LOAD, "problem", "loads")) || set_str(&c->got, "loaded"))
			return -ENOMEM;
		c->outcome = GRADE_PASS;
		if (!(c = add_check(gp, GRADE_TESTS, "tests", p->sig ? "well-formed (typed)" : "well-formed")) ||
		    check_tests(p, c))
			return -ENOMEM;
		/* A package without samples is legal (DOMjudge's, an interactive
		 * problem's): a warning. One without tests is a skeleton (a
		 * statement, perhaps submissions: the package format's examples)
		 * when it has no submissions, or is a Kattis package without
		 * data/: nothing to judge, said as warnings; its submissions are
		 * skipped. */
		bool skeleton = !p->ntests && (!p->nsubs || p->format == PROBLEM_KATTIS);
		if (skeleton) {
			c->outcome = GRADE_WARN;
			free(c->message);
			if (!(c->message = strdup("no test data: a skeleton package, nothing to judge")))
				return -ENOMEM;
		}
		if (!(c = add_check(gp, GRADE_SAMPLES, "samples", "at least 1")) || set_str(&c->got, "%zu", p->nsamples))
			return -ENOMEM;
		/* A package without samples can be judged; problemtools and the
		 * spec only warn. */
		c->outcome = p->nsamples ? GRADE_PASS : GRADE_WARN;
		if (!p->nsamples && set_str(&c->message, "the problem has no sample test: contestants see no example"))
			return -ENOMEM;
		bool ref_is_sub = false;
		for (size_t i = 0; p->reference && i < p->nsubs; i++)
			ref_is_sub |= same_file(p->reference, p->subs[i].path);
		if (!p->reference || !ref_is_sub) {
			c = add_check(gp, GRADE_REFERENCE, p->reference ? rel_path(p->dir, p->reference) : "reference",
				      "accepted");
			if (!c || (p->reference && !(c->path = strdup(p->reference))))
				return -ENOMEM;
			c->is_reference = true;
			if (!p->reference) {
				if (set_str(&c->got, "none") ||
				    set_str(&c->message, "no reference solution (submissions/accepted/ is empty)"))
					return -ENOMEM;
				/* Kattis packages need none (BAPCtools' hellounix has only
				 * run_time_error/): a warning, as for no samples. */
				c->outcome = skeleton || p->format == PROBLEM_KATTIS ? GRADE_WARN : GRADE_FAIL;
			}
		}
	}
	/* Accepted submissions first: they set a derived time limit. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < p->nsubs; i++) {
			const struct problem_submission *s = &p->subs[i];
			bool ac = !strcmp(s->expect, "accepted");
			if (ac != (pass == 0) || (!verify && !(ac && deriving(gp))))
				continue;
			if (!(c = add_check(gp, GRADE_SUBMISSION, rel_path(p->dir, s->path), s->label ? s->label : s->expect)) ||
			    !(c->path = strdup(s->path)))
				return -ENOMEM;
			c->is_reference = p->reference && same_file(p->reference, s->path);
			c->sub = s;
			if (!s->nrules && (s->skip || !s->results)) {
				if (set_str(&c->got, "-") || set_str(&c->message, "%s", s->skip ? s->skip : "no expectation"))
					return -ENOMEM;
				c->outcome = GRADE_SKIP;
			}
		}
		/* Nothing to judge (a skeleton): no time limit to derive either. */
		if (pass == 0 && deriving(gp) && p->ntests && (p->nsubs || o->nsolutions) &&
		    !add_check(gp, GRADE_TIME_LIMIT, "time limit", "derived"))
			return -ENOMEM;
	}
	for (size_t i = 0; i < o->nsolutions; i++)
		if (!(c = add_check(gp, GRADE_SOLUTION, o->solutions[i], "accepted")) ||
		    !(c->path = strdup(o->solutions[i])))
			return -ENOMEM;
	for (size_t i = 0; i < gp->nchecks; i++) {
		c = &gp->checks[i];
		/* Kattis 2025-09 rules are over every test; otherwise the first
		 * failing test has the verdict. */
		c->stop_on_fail = c->kind == GRADE_SUBMISSION && strcmp(c->expect, "accepted") != 0 &&
				  !(c->sub && (c->sub->nrules || c->sub->partial)) && !p->scoring;   /* a score needs every test */
		c->phase = (c->kind == GRADE_REFERENCE || !strcmp(c->expect, "accepted")) && c->kind != GRADE_SOLUTION
			   ? 0 : 1;
		if (c->phase == 0 && is_judging(c) && c->outcome == GRADE_PENDING)
			gp->pending_first++;
	}
	return 0;
}

/* ---- time limits ------------------------------------------------------------- */

/* Every accepted submission is done: derive the time limit the way Kattis
 * does (slowest accepted x ac_to_time_limit, rounded up to a whole second,
 * Kattis's default time_resolution, at least 1 s), or warn when a declared
 * one is tighter than that. */
int grade_settle_time_limit(struct grader *g, struct grade_problem *gp)
{
	const struct problem *p = gp->p;
	double ac_mult = p->ac_to_time_limit > 0 ? p->ac_to_time_limit : 1;
	double tle_mult = p->time_limit_to_tle > 1 ? p->time_limit_to_tle : 1;
	bool any = false;
	for (size_t i = 0; i < gp->nchecks; i++) {
		const struct grade_check *c = &gp->checks[i];
		if (c->phase == 0 && is_judging(c) && (c->outcome == GRADE_PASS || c->outcome == GRADE_WARN)) {
			any = true;
			if (c->max_cpu_ms > gp->slowest_ac_ms)
				gp->slowest_ac_ms = c->max_cpu_ms;
		}
	}
	double exact = (double)gp->slowest_ac_ms / 1000.0 * ac_mult;
	if (!deriving(gp)) {
		if (any && exact * 1000.0 > (double)gp->time_limit_ms + 1e-6)
			return set_str(&gp->note, "the slowest accepted test takes %u.%03u s; x %g (ac_to_time_limit) "
				       "= %.3f s is over the time limit of %u.%03u s",
				       gp->slowest_ac_ms / 1000, gp->slowest_ac_ms % 1000, ac_mult, exact,
				       gp->time_limit_ms / 1000, gp->time_limit_ms % 1000);
		return 0;
	}
	struct grade_check *tl = NULL;
	for (size_t i = 0; i < gp->nchecks; i++)
		if (gp->checks[i].kind == GRADE_TIME_LIMIT)
			tl = &gp->checks[i];
	if (!tl)
		return 0;
	if (!any) {
		if (set_str(&tl->got, "none") ||
		    set_str(&tl->message, "no time limit declared and no accepted submission passed to derive one from"))
			return -ENOMEM;
		grade_finish(g, gp, tl, GRADE_FAIL);
		return 0;
	}
	double secs = ceil(exact - 1e-9);
	if (secs < 1)
		secs = 1;
	gp->time_limit_derived = true;
	gp->time_limit_ms = ms_of_seconds(secs);
	gp->tle_limit_ms = scale_ms(gp->time_limit_ms, tle_mult);
	tl->max_cpu_ms = gp->slowest_ac_ms;
	tl->cpu_limit_ms = gp->time_limit_ms;
	if (set_str(&tl->got, "%u s", gp->time_limit_ms / 1000) ||
	    set_str(&tl->message, "slowest accepted %u.%03u s x %g (ac_to_time_limit) = %.3f s, rounded up to whole "
		    "seconds; time_limit_exceeded submissions run with %u.%03u s (x %g, time_limit_to_tle)",
		    gp->slowest_ac_ms / 1000, gp->slowest_ac_ms % 1000, ac_mult, exact,
		    gp->tle_limit_ms / 1000, gp->tle_limit_ms % 1000, tle_mult))
		return -ENOMEM;
	grade_finish(g, gp, tl, GRADE_PASS);
	return 0;
}
