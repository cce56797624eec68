/* grade.c - verify problems or grade solutions (grade.h): plan the checks,
 * judge them on a pool of workers, derive Kattis time limits, tally. */
#define _GNU_SOURCE
#include "grade.h"
#include "cache.h"
#include "problem.h"
#include "util.h"
#include "workers.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Process model: the calling thread plans every check, then keeps at most
 * `jobs` of them in the workers at once (each prepared only when it is
 * handed over, so a bank's test data is never all in memory), collects the
 * finished ones and fills the report. Only that thread writes the report;
 * worker threads only report progress, under g->lock. */

#define PROBE_MS_DEFAULT 10000u
#define CACHE_BYTES_DEFAULT (256ull << 20)
#define SOURCE_MAX (64u << 20)
#define COMPILE_OUTPUT_KEPT 16384
#define BAD_TESTS_NAMED 5

/* A verdict folder and the statuses that satisfy it. */
struct expectation {
	const char *folder;
	int lo, hi;          /* status range */
	bool any_reject;     /* any verdict on the program but Accepted */
};

static const struct expectation expectations[] = {
	{ "accepted", BOX_ST_ACCEPTED, BOX_ST_ACCEPTED, false },
	{ "wrong_answer", BOX_ST_WRONG_ANSWER, BOX_ST_WRONG_ANSWER, false },
	{ "time_limit_exceeded", BOX_ST_TIME_LIMIT, BOX_ST_TIME_LIMIT, false },
	{ "run_time_error", BOX_ST_SIGSEGV, BOX_ST_OTHER, false },
	{ "compile_error", BOX_ST_COMPILE_ERROR, BOX_ST_COMPILE_ERROR, false },
	{ "rejected", 0, 0, true },          /* Kattis 2025-09 */
	{ NULL, 0, 0, false },
};

static const struct expectation *expectation_find(const char *folder)
{
	for (const struct expectation *e = expectations; e->folder; e++)
		if (!strcmp(e->folder, folder))
			return e;
	return NULL;
}

static bool expectation_met(const struct expectation *e, int status)
{
	if (e->any_reject)
		return status >= BOX_ST_WRONG_ANSWER && status <= BOX_ST_OTHER;   /* anything but Accepted */
	return status >= e->lo && status <= e->hi;
}

struct job;

struct grader {
	const struct grade_opts *o;
	struct grade_report *r;
	pthread_mutex_t lock;        /* progress calls, the finished list */
	pthread_cond_t finished;
	struct job *done_head;
	size_t done, total;
	unsigned inflight;
	struct workers *w;
};

struct job {
	struct workers_job wj;
	struct grader *g;
	struct grade_problem *gp;
	struct grade_check *c;
	struct problem_judging pj;
	char *src;
	uint64_t t0;
	struct job *next;
};

/* ---- small helpers -------------------------------------------------------- */

static int set_str(char **dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int set_str(char **dst, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static uint32_t ms_of_seconds(double s)
{
	if (!(s > 0))
		return 0;
	double ms = ceil(s * 1000.0 - 1e-6);
	return ms >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

static uint32_t scale_ms(uint32_t ms, double by)
{
	if (!(by > 0))
		return ms;
	double v = ceil((double)ms * by - 1e-6);
	return v >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Serialised progress; callers must not hold g->lock. */
static void emit(struct grader *g, struct grade_event *ev)
{
	if (!g->o->progress)
		return;
	pthread_mutex_lock(&g->lock);
	ev->done = g->done;
	ev->total = g->total;
	g->o->progress(g->o->progress_ctx, ev);
	pthread_mutex_unlock(&g->lock);
}

/* A check has its outcome: counted and reported. */
static void finish(struct grader *g, struct grade_problem *gp, struct grade_check *c, enum grade_outcome o)
{
	c->outcome = o;
	pthread_mutex_lock(&g->lock);
	g->done++;
	pthread_mutex_unlock(&g->lock);
	emit(g, &(struct grade_event){ .kind = GRADE_EV_CHECK_DONE, .problem = gp, .check = c });
}

static bool is_judging(const struct grade_check *c)
{
	return c->kind == GRADE_REFERENCE || c->kind == GRADE_SUBMISSION || c->kind == GRADE_SOLUTION;
}

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

static bool deriving(const struct grade_problem *gp)
{
	return gp->p && gp->p->time_limit <= 0;
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

static int plan_problem(struct grader *g, struct grade_problem *gp, const char *dir)
{
	const struct grade_opts *o = g->o;
	bool verify = !o->nsolutions;
	char err[512] = "";
	int r;
	if (!(gp->dir = strdup(dir)))
		return -ENOMEM;
	if (!(gp->slug = dir_name(dir)))
		return -ENOMEM;
	r = problem_load(dir, &gp->p, err, sizeof(err));
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
		if (!(c = add_check(gp, GRADE_SAMPLES, "samples", "at least 1")) ||
		    set_str(&c->got, "%zu", p->nsamples))
			return -ENOMEM;
		c->outcome = p->nsamples ? GRADE_PASS : GRADE_FAIL;
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
				c->outcome = GRADE_FAIL;
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
			if (!(c = add_check(gp, GRADE_SUBMISSION, rel_path(p->dir, s->path), s->expect)) ||
			    !(c->path = strdup(s->path)))
				return -ENOMEM;
			c->is_reference = p->reference && same_file(p->reference, s->path);
			c->sub = s;
			if (!s->nrules && !expectation_find(s->expect)) {
				if (set_str(&c->got, "-") ||
				    set_str(&c->message, "unknown verdict folder '%s': skipped", s->expect))
					return -ENOMEM;
				c->outcome = GRADE_SKIP;
			}
		}
		if (pass == 0 && deriving(gp) && !add_check(gp, GRADE_TIME_LIMIT, "time limit", "derived"))
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
				  !(c->sub && c->sub->nrules);
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
static int settle_time_limit(struct grader *g, struct grade_problem *gp)
{
	const struct problem *p = gp->p;
	double ac_mult = p->ac_to_time_limit > 0 ? p->ac_to_time_limit : 1;
	double tle_mult = p->time_limit_to_tle > 1 ? p->time_limit_to_tle : 1;
	bool any = false;
	for (size_t i = 0; i < gp->nchecks; i++) {
		const struct grade_check *c = &gp->checks[i];
		if (c->phase == 0 && is_judging(c) && c->outcome == GRADE_PASS) {
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
		finish(g, gp, tl, GRADE_FAIL);
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
	finish(g, gp, tl, GRADE_PASS);
	return 0;
}

/* ---- judging ----------------------------------------------------------------- */

/* The file to judge: the path itself, or the one source file (known by
 * its extension) inside a folder submission. */
static int source_of(const char *path, char *out, size_t outlen, char *why, size_t whylen)
{
	struct stat st;
	if (stat(path, &st)) {
		str_printf(why, whylen, "%s", strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode))
		return str_copy(out, outlen, path);
	DIR *d = opendir(path);
	if (!d) {
		str_printf(why, whylen, "%s", strerror(errno));
		return -errno;
	}
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && lang_guess(e->d_name) && n++ == 0)
			str_printf(out, outlen, "%s/%s", path, e->d_name);
	closedir(d);
	if (n == 1)
		return 0;
	str_printf(why, whylen, "a folder of %zu source files: multi-file submissions are not supported", n);
	return -ENOTSUP;
}

/* The CPU limit a check runs with: generous while the limit is being
 * derived, with the safety margin for time_limit_exceeded submissions. */
static uint32_t cpu_limit_for(const struct grader *g, const struct grade_problem *gp, const struct grade_check *c)
{
	if (c->phase == 0 && deriving(gp))
		return g->o->probe_ms ? g->o->probe_ms : PROBE_MS_DEFAULT;
	if (!strcmp(c->expect, "time_limit_exceeded") && c->kind == GRADE_SUBMISSION)
		return gp->tle_limit_ms;
	return gp->time_limit_ms;
}

static void set_cpu_limit(struct box_limits *l, uint32_t cpu)
{
	if (!cpu)
		return;
	l->cpu_ms = cpu;
	/* Wall time follows: a program must be able to use all its CPU time. */
	uint64_t wall = 2ull * cpu + 1000;
	if (l->wall_ms < wall)
		l->wall_ms = wall > UINT32_MAX ? UINT32_MAX : (uint32_t)wall;
}

static void on_job_progress(struct workers_job *wj, const struct judge_event *ev)
{
	struct job *j = wj->ctx;
	if (ev->kind == JUDGE_COMPILING)
		emit(j->g, &(struct grade_event){ .kind = GRADE_EV_COMPILING, .problem = j->gp, .check = j->c });
	else if (ev->kind == JUDGE_TEST_DONE)
		emit(j->g, &(struct grade_event){ .kind = GRADE_EV_TEST_DONE, .problem = j->gp, .check = j->c,
						   .test = ev->test, .ntests = ev->ntests, .status = ev->status });
}

static void on_job_done(struct workers_job *wj)
{
	struct job *j = wj->ctx;
	struct grader *g = j->g;
	pthread_mutex_lock(&g->lock);
	j->next = g->done_head;
	g->done_head = j;
	pthread_cond_signal(&g->finished);
	pthread_mutex_unlock(&g->lock);
}

static void job_free(struct job *j)
{
	if (!j)
		return;
	judge_result_release(&j->wj.result);
	problem_judging_release(&j->pj);
	free(j->src);
	free(j);
}

/* Hand a check to the workers. 0 when it went (or was settled without
 * judging: a skip or a failure), -ENOMEM. */
static int start_check(struct grader *g, struct grade_problem *gp, struct grade_check *c)
{
	bool verify = !g->o->nsolutions;
	char file[PATH_MAX], why[512] = "";
	c->started = true;
	if (!gp->ntests) {
		if (set_str(&c->got, "-") || set_str(&c->message, "not judged: the problem has no tests"))
			return -ENOMEM;
		finish(g, gp, c, GRADE_SKIP);
		return 0;
	}
	if (c->phase == 1 && !gp->time_limit_ms) {
		if (set_str(&c->got, "-") || set_str(&c->message, "not judged: no time limit could be derived"))
			return -ENOMEM;
		finish(g, gp, c, GRADE_SKIP);
		return 0;
	}
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->g = g;
	j->gp = gp;
	j->c = c;
	int r = source_of(c->path, file, sizeof(file), why, sizeof(why));
	const char *named = c->sub ? c->sub->language : NULL;      /* submissions.yaml's language */
	const struct lang *l = r ? NULL : named ? lang_find(named) : lang_guess(file);
	size_t len = 0;
	if (!r && !l && named)
		str_printf(why, sizeof(why), "language '%s' (submissions.yaml) is not installed here", named);
	else if (!r && !l)
		str_printf(why, sizeof(why), "no installed language for this file's extension (see `pairbox langs`)");
	else if (!r && (r = read_file(file, SOURCE_MAX, &j->src, &len)))
		str_printf(why, sizeof(why), "cannot read %s: %s", file, strerror(-r));
	else if (!r && (r = problem_judging_prepare(gp->p, l, j->src, len, PROBLEM_ALL_TESTS, &j->pj, why, sizeof(why))) == -ENOMEM)
		goto nomem;
	if (r || !l) {
		/* Not judged. A shipped file in a language this machine lacks is
		 * skipped; the reference and given solutions must be judged. */
		bool skip = verify && c->kind == GRADE_SUBMISSION && !c->is_reference && (r == -ENOTSUP || !l);
		if (set_str(&c->got, "-") || set_str(&c->message, "%s", why))
			goto nomem;
		c->lang = l ? l->name : NULL;
		job_free(j);
		finish(g, gp, c, skip ? GRADE_SKIP : GRADE_FAIL);
		return 0;
	}
	c->lang = l->name;
	c->cpu_limit_ms = cpu_limit_for(g, gp, c);
	set_cpu_limit(&j->pj.req.run, c->cpu_limit_ms);
	c->cpu_limit_ms = j->pj.req.run.cpu_ms;
	j->pj.req.stop_on_fail = c->stop_on_fail;
	j->wj.ctx = j;
	j->wj.req = j->pj.req;
	j->wj.progress = on_job_progress;
	j->wj.done = on_job_done;
	j->t0 = now_ms();
	emit(g, &(struct grade_event){ .kind = GRADE_EV_CHECK_STARTED, .problem = gp, .check = c,
				       .ntests = j->pj.req.ntests });
	r = workers_submit(g->w, &j->wj);
	if (r) {
		/* The queue holds at most `jobs` and we never exceed that. */
		if (set_str(&c->got, "-") || set_str(&c->message, "could not queue: %s", strerror(-r)))
			goto nomem;
		job_free(j);
		finish(g, gp, c, GRADE_ERROR);
		return 0;
	}
	g->inflight++;
	return 0;
nomem:
	job_free(j);
	return -ENOMEM;
}

/* A Kattis 2025-09 submission's tests against its rules: 1 met, 0 not
 * (why says which), -ENOMEM. */
static int rules_met(const struct grade_check *c, const struct judge_result *res, char *why, size_t whylen)
{
	if (res->status == BOX_ST_COMPILE_ERROR) {
		str_printf(why, whylen, "compile error: no test ran");
		return 0;
	}
	struct problem_verdict *v = calloc(res->nrun ? res->nrun : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < res->nrun; i++)
		v[i] = (struct problem_verdict){ res->tests[i].name, res->tests[i].status,
						 res->tests[i].message[0] ? res->tests[i].message : NULL };
	int ok = problem_rules_check(c->sub, v, res->nrun, why, whylen);
	free(v);
	return ok;
}

/* A job came back: its check's outcome. */
static int collect(struct grader *g, struct job *j)
{
	struct grade_check *c = j->c;
	const struct judge_result *res = &j->wj.result;
	c->elapsed_ms = (uint32_t)(now_ms() - j->t0);
	c->status = res->status;
	c->cache = res->cache;
	c->ntests = j->pj.req.ntests;
	if (res->nrun && !(c->tests = calloc(res->nrun, sizeof(*c->tests))))
		return -ENOMEM;
	for (size_t i = 0; i < res->nrun; i++) {
		const struct judge_test_result *t = &res->tests[i];
		struct grade_test *x = &c->tests[c->nrun++];
		str_copy(x->name, sizeof(x->name), t->name);
		x->status = t->status;
		x->cpu_ms = t->cpu_ms;
		x->wall_ms = t->wall_ms;
		x->memory_kb = t->memory_kb;
		str_copy(x->message, sizeof(x->message), t->message);
		c->passed += t->status == BOX_ST_ACCEPTED;
		c->max_cpu_ms = t->cpu_ms > c->max_cpu_ms ? t->cpu_ms : c->max_cpu_ms;
		c->max_wall_ms = t->wall_ms > c->max_wall_ms ? t->wall_ms : c->max_wall_ms;
		c->max_memory_kb = t->memory_kb > c->max_memory_kb ? t->memory_kb : c->max_memory_kb;
	}
	if (res->compile_output.len &&
	    !(c->compile_output = strndup(res->compile_output.data,
					  res->compile_output.len < COMPILE_OUTPUT_KEPT ? res->compile_output.len
											: COMPILE_OUTPUT_KEPT)))
		return -ENOMEM;
	if (set_str(&c->got, "%s", box_status_description(res->status)))
		return -ENOMEM;
	enum grade_outcome o;
	char broken[512] = "";
	if (j->wj.outcome != WORKERS_JUDGED || res->status == BOX_ST_INTERNAL_ERROR || res->status == BOX_ST_EXEC_FORMAT)
		o = GRADE_ERROR;
	else if (c->sub && c->sub->nrules) {
		int met = rules_met(c, res, broken, sizeof(broken));
		if (met < 0)
			return met;
		o = met ? GRADE_PASS : GRADE_FAIL;
	} else
		o = expectation_met(expectation_find(c->expect), res->status) ? GRADE_PASS : GRADE_FAIL;
	const char *why = broken[0] ? broken : res->message[0] ? res->message : NULL;
	if (o == GRADE_FAIL && !why && res->status == BOX_ST_ACCEPTED)
		why = "every test passed";
	if (why && set_str(&c->message, "%s", why))
		return -ENOMEM;
	finish(g, j->gp, c, o);
	if (c->phase == 0 && --j->gp->pending_first == 0)
		return settle_time_limit(g, j->gp);
	return 0;
}

/* The next check that may start: phase 1 of a problem waits for its
 * accepted submissions only when they set its time limit. */
static struct grade_check *next_ready(struct grader *g, struct grade_problem **gpp)
{
	for (size_t i = 0; i < g->r->nproblems; i++) {
		struct grade_problem *gp = &g->r->problems[i];
		for (size_t k = 0; k < gp->nchecks; k++) {
			struct grade_check *c = &gp->checks[k];
			if (!is_judging(c) || c->started || c->outcome != GRADE_PENDING)
				continue;
			if (c->phase == 1 && gp->pending_first && deriving(gp))
				continue;
			*gpp = gp;
			return c;
		}
	}
	return NULL;
}

static int judge_all(struct grader *g)
{
	int r = 0;
	for (;;) {
		struct grade_problem *gp;
		struct grade_check *c;
		unsigned jobs = g->o->jobs ? g->o->jobs : 1;
		while (!r && g->inflight < jobs && (c = next_ready(g, &gp))) {
			r = start_check(g, gp, c);
			/* A check settled without judging may finish phase 0. */
			if (!r && c->phase == 0 && c->outcome != GRADE_PENDING && --gp->pending_first == 0)
				r = settle_time_limit(g, gp);
		}
		if (!g->inflight)
			return r;
		pthread_mutex_lock(&g->lock);
		while (!g->done_head)
			pthread_cond_wait(&g->finished, &g->lock);
		struct job *list = g->done_head;
		g->done_head = NULL;
		pthread_mutex_unlock(&g->lock);
		while (list) {
			struct job *j = list;
			list = j->next;
			g->inflight--;
			if (!r)
				r = collect(g, j);
			job_free(j);
		}
	}
}

/* ---- the whole run ---------------------------------------------------------- */

static void tally(struct grade_report *r)
{
	r->nchecks = r->passed = r->failed = r->skipped = r->errors = 0;
	for (size_t i = 0; i < r->nproblems; i++) {
		struct grade_problem *gp = &r->problems[i];
		gp->ok = true;
		for (size_t k = 0; k < gp->nchecks; k++) {
			enum grade_outcome o = gp->checks[k].outcome;
			r->nchecks++;
			r->passed += o == GRADE_PASS;
			r->skipped += o == GRADE_SKIP;
			r->failed += o == GRADE_FAIL || o == GRADE_PENDING;
			r->errors += o == GRADE_ERROR;
			gp->ok &= o == GRADE_PASS || o == GRADE_SKIP;
		}
	}
}

static int start_workers(struct grader *g, size_t njudging, struct compile_cache *cache, char *err, size_t errlen)
{
	const struct grade_opts *o = g->o;
	struct workers_config wc;
	workers_config_default(&wc);
	unsigned jobs = o->jobs ? o->jobs : 1;
	wc.nworkers = njudging < jobs ? (unsigned)njudging : jobs;
	wc.queue_max = jobs + 1;
	wc.box.helper_path = o->helper_path;
	wc.box.first_id = o->box_id_base;
	wc.box.binds = lang_all_binds();
	/* An interactive problem runs the program and its validator at once. */
	for (size_t i = 0; i < g->r->nproblems; i++)
		if (g->r->problems[i].p && g->r->problems[i].p->interactive)
			wc.boxes = 2;
	if (o->state_dir)
		wc.box.state_dir = o->state_dir;
	/* The compile cache is an optimisation: without one, everything compiles. */
	if (!o->no_cache && !mkdir_p(wc.box.state_dir, 0755) &&
	    !cache_open(cache, wc.box.state_dir, o->cache_bytes ? o->cache_bytes : CACHE_BYTES_DEFAULT))
		wc.cache = cache;
	return workers_new(&wc, &g->w, err, errlen);
}

int grade_run(const struct grade_opts *o, struct grade_report *r, char *err, size_t errlen)
{
	struct grader g = { .o = o, .r = r };
	struct compile_cache cache;
	char **dirs = NULL;
	size_t ndirs = 0, njudging = 0;
	uint64_t t0 = now_ms();
	int rc;
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&g.lock, NULL);
	pthread_cond_init(&g.finished, NULL);
	r->verify = !o->nsolutions;
	r->jobs = o->jobs ? o->jobs : 1;
	if (!(r->path = strdup(o->path))) {
		rc = -ENOMEM;
		goto out;
	}
	if ((rc = problem_scan(o->path, &dirs, &ndirs))) {
		str_printf(err, errlen, "%s: %s", o->path, strerror(-rc));
		goto out;
	}
	if (!ndirs) {
		str_printf(err, errlen, "%s: no problem here (no problem.json or problem.yaml below it)", o->path);
		rc = -ENOENT;
		goto out;
	}
	if (!(r->problems = calloc(ndirs, sizeof(*r->problems)))) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ndirs; i++) {
		r->nproblems++;
		if ((rc = plan_problem(&g, &r->problems[i], dirs[i])))
			goto nomem;
		for (size_t k = 0; k < r->problems[i].nchecks; k++) {
			njudging += is_judging(&r->problems[i].checks[k]);
			g.total++;
		}
	}
	emit(&g, &(struct grade_event){ .kind = GRADE_EV_BEGIN });
	/* What planning settled is reported first. */
	for (size_t i = 0; i < r->nproblems; i++) {
		struct grade_problem *gp = &r->problems[i];
		for (size_t k = 0; k < gp->nchecks; k++)
			if (gp->checks[k].outcome != GRADE_PENDING) {
				struct grade_check *c = &gp->checks[k];
				finish(&g, gp, c, c->outcome);
			}
		if (gp->p && !gp->pending_first && (rc = settle_time_limit(&g, gp)))
			goto nomem;
	}
	if (njudging && (rc = start_workers(&g, njudging, &cache, err, errlen)))
		goto out;
	rc = judge_all(&g);
	workers_free(g.w);
	g.w = NULL;
	if (rc)
		goto nomem;
	r->elapsed_ms = (uint32_t)(now_ms() - t0);
	tally(r);
	emit(&g, &(struct grade_event){ .kind = GRADE_EV_END });
	goto out;
nomem:
	str_printf(err, errlen, "out of memory");
out:
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	pthread_cond_destroy(&g.finished);
	pthread_mutex_destroy(&g.lock);
	return rc;
}

bool grade_report_ok(const struct grade_report *r)
{
	return r->nproblems && !r->failed && !r->errors;
}

void grade_report_release(struct grade_report *r)
{
	for (size_t i = 0; r->problems && i < r->nproblems; i++) {
		struct grade_problem *gp = &r->problems[i];
		for (size_t k = 0; k < gp->nchecks; k++) {
			struct grade_check *c = &gp->checks[k];
			free(c->name);
			free(c->path);
			free(c->expect);
			free(c->got);
			free(c->message);
			free(c->compile_output);
			free(c->tests);
		}
		free(gp->checks);
		free(gp->dir);
		free(gp->slug);
		free(gp->title);
		free(gp->note);
		problem_free(gp->p);
	}
	free(r->problems);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
