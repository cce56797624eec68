/* grade_judge.c - the judging checks handed to the workers (at most `jobs`
 * at a time, each prepared only then) and their results made into
 * outcomes. */
#define _GNU_SOURCE
#include "grade_int.h"
#include "util.h"

#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PROBE_MS_DEFAULT 10000u
#define CACHE_BYTES_DEFAULT (256ull << 20)
#define COMPILE_OUTPUT_KEPT 16384
/* The size of /box in grade's boxes (the pool default is 256M; box_opts.h). */
#define GRADE_BOX_KB (1024u * 1024u)
struct job {
	struct workers_job wj;
	struct grader *g;
	struct grade_problem *gp;
	struct grade_check *c;
	struct problem_judging pj;
	struct problem_program pg;
	uint64_t t0;
	uint32_t limit_ms, limit_wall_ms;   /* the time limit itself, when the check runs with a margin
	                                       above it (0: it runs at the limit) */
	struct job *next;
};

/* ---- judging ----------------------------------------------------------------- */

/* The CPU limit a check runs with: generous while the limit is being
 * derived; for the problem's own submissions the limit times the safety
 * margin (time_limit_to_tle), so that each is judged both at the limit and
 * with the margin from one run (collect); a SOLUTION at the limit. */
static uint32_t cpu_limit_for(const struct grader *g, const struct grade_problem *gp, const struct grade_check *c)
{
	if (c->phase == 0 && deriving(gp))
		return g->o->probe_ms ? g->o->probe_ms : PROBE_MS_DEFAULT;
	if (c->kind == GRADE_SUBMISSION || c->kind == GRADE_REFERENCE)
		return gp->tle_limit_ms;
	return gp->time_limit_ms;
}

static void set_cpu_limit(struct box_limits *l, uint32_t cpu)
{
	if (!cpu)
		return;
	l->cpu_ms = cpu;
	if (l->idle_ms)                  /* the package's program: idle for its CPU limit, stopped */
		l->idle_ms = judge_idle_ms(cpu);
	/* Wall time follows: a program must be able to use all its CPU time. */
	uint64_t wall = 2ull * cpu + 1000;
	if (l->wall_ms < wall)
		l->wall_ms = wall > UINT32_MAX ? UINT32_MAX : (uint32_t)wall;
}

static void on_job_progress(struct workers_job *wj, const struct judge_event *ev)
{
	struct job *j = wj->ctx;
	if (ev->kind == JUDGE_COMPILING)
		grade_emit(j->g, &(struct grade_event){ .kind = GRADE_EV_COMPILING, .problem = j->gp, .check = j->c });
	else if (ev->kind == JUDGE_TEST_DONE)
		grade_emit(j->g, &(struct grade_event){ .kind = GRADE_EV_TEST_DONE, .problem = j->gp, .check = j->c,
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
	problem_program_release(&j->pg);
	free(j);
}

/* ---- a run seen at the time limit and with the margin ------------------------ */

/* How a run is read: as it ran, or as it would have gone at the time limit
 * itself (limit_ms): a test that took more CPU time than that, or more wall
 * time than the limit's wall limit, would have run out of time there. */
struct view {
	uint32_t limit_ms, wall_ms;          /* 0: as run */
};

static int test_status(const struct judge_test_result *t, const struct view *at)
{
	if (at->limit_ms && t->status != BOX_ST_INTERNAL_ERROR && t->status != BOX_ST_EXEC_FORMAT &&
	    (t->cpu_ms > at->limit_ms || t->wall_ms > at->wall_ms))
		return BOX_ST_TIME_LIMIT;
	return t->status;
}

/* The overall verdict: the first test not accepted decides. */
static int overall_status(const struct judge_result *res, const struct view *at)
{
	for (size_t i = 0; i < res->nrun; i++) {
		int st = test_status(&res->tests[i], at);
		if (st != BOX_ST_ACCEPTED)
			return st;
	}
	return res->status;
}

/* A legacy, DOMjudge or pairbox expectation (no 2025-09 rules), the run
 * seen at: the overall status (the first failing test's) is one of the
 * results the submission may get. partially_accepted: in a scoring problem
 * its score decides (score_check); elsewhere some tests accepted, not all.
 * slow_accepted: accepted as run, with the margin (a note when no test was
 * slower than the limit itself). */
static int results_met(const struct grade_problem *gp, const struct grade_check *c, const struct judge_result *res,
		       const struct view *at, int status, char *why, size_t whylen)
{
	const struct problem_submission *s = c->kind == GRADE_SUBMISSION ? c->sub : NULL;
	if (s && s->partial) {
		if (gp->p->scoring)
			return 1;
		size_t passed = 0;
		for (size_t i = 0; i < res->nrun; i++)
			passed += test_status(&res->tests[i], at) == BOX_ST_ACCEPTED;
		bool met = res->status != BOX_ST_COMPILE_ERROR && passed && passed < res->nrun;
		if (!met)
			str_printf(why, whylen, "%zu of %zu tests accepted: partially_accepted needs some, not all "
				   "(not a scoring problem: each test counts as pass or fail)", passed, res->nrun);
		return met;
	}
	bool empty = false;
	for (size_t i = 0; i < res->nrun; i++)
		if (test_status(&res->tests[i], at) != BOX_ST_ACCEPTED) {
			empty = res->tests[i].run.out.len == 0 && !gp->p->interactive;
			break;
		}
	unsigned want = s ? s->results : PROBLEM_R_AC;
	bool met = (problem_result_bits(status, empty) & want) != 0;
	if (met && s && s->margin && want == PROBLEM_R_AC && c->max_cpu_ms <= gp->time_limit_ms)
		str_printf(why, whylen, "accepted; no test was slower than the time limit of %u.%03u s here",
			   gp->time_limit_ms / 1000, gp->time_limit_ms % 1000);
	return met;
}

/* The check's expectation met by the run seen at: 1 met, 0 not (why says
 * which rule, for a Kattis 2025-09 submission), -ENOMEM. *status is the
 * overall verdict seen so. */
static int view_met(const struct grade_problem *gp, const struct grade_check *c, const struct judge_result *res,
		    const struct view *at, int *status, char *why, size_t whylen)
{
	*status = overall_status(res, at);
	if (!(c->sub && c->sub->nrules))
		return results_met(gp, c, res, at, *status, why, whylen);
	if (res->status == BOX_ST_COMPILE_ERROR) {
		str_printf(why, whylen, "compile error: no test ran");
		return 0;
	}
	struct problem_verdict *v = calloc(res->nrun ? res->nrun : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < res->nrun; i++)
		v[i] = (struct problem_verdict){ res->tests[i].name, test_status(&res->tests[i], at),
						 res->tests[i].message[0] ? res->tests[i].message : NULL };
	int ok = problem_rules_check(c->sub, v, res->nrun, why, whylen);
	free(v);
	return ok;
}

/* Whether the tests run so far settle a submission's rules for good, the
 * run seen at: broken (a test has a verdict a rule does not permit, which
 * no later test undoes), or met (every rule has its test in scope, its
 * required verdict and its message already) with no test still to run
 * under a rule that does not permit every verdict. Otherwise a later test
 * could still change the outcome. */
static bool rules_settled(const struct problem_submission *s, const struct judge_req *req,
			  const struct judge_result *res, const struct view *at)
{
	bool met = true;
	for (size_t k = 0; k < s->nrules; k++) {
		const struct problem_rule *r = &s->rules[k];
		bool seen = false, required = false, message = !r->message;
		for (size_t i = 0; i < res->nrun; i++) {
			const struct judge_test_result *t = &res->tests[i];
			if (r->tests && !problem_glob_match(r->tests, t->name))
				continue;
			unsigned bit = problem_verdict_bit(test_status(t, at));
			if (!(bit & r->permitted))
				return true;
			seen = true;
			required |= (bit & r->required) != 0;
			message |= r->message && t->message[0] && strstr(t->message, r->message);
		}
		if (!seen || !required || !message) {
			met = false;
			continue;
		}
		for (size_t i = res->nrun; i < req->ntests && met; i++)
			if ((r->permitted & PROBLEM_V_ALL) != PROBLEM_V_ALL &&
			    (!r->tests || problem_glob_match(r->tests, req->tests[i].name)))
				met = false;
	}
	return met;
}

/* judge_req.stop for a Kattis 2025-09 submission: stop once its outcome is
 * settled both as run and at the time limit (the two views collect reads). */
static bool decided(void *ctx, const struct judge_req *req, const struct judge_result *res)
{
	const struct job *j = ctx;
	const struct view run = { 0, 0 }, at = { j->limit_ms, j->limit_wall_ms };
	return rules_settled(j->c->sub, req, res, &run) && (!j->limit_ms || rules_settled(j->c->sub, req, res, &at));
}

/* A prepared job to the workers, with its limits. 0 when it went (or
 * was settled: a failure to queue), -ENOMEM (j freed either way but
 * when queued). */
static int queue_job(struct grader *g, struct grade_problem *gp, struct grade_check *c, struct job *j)
{
	c->cpu_limit_ms = cpu_limit_for(g, gp, c);
	if (c->cpu_limit_ms > gp->time_limit_ms && gp->time_limit_ms && !(c->phase == 0 && deriving(gp))) {
		/* What the run's wall limit would be at the limit itself. */
		struct box_limits at = j->pj.req.run;
		set_cpu_limit(&at, gp->time_limit_ms);
		j->limit_ms = gp->time_limit_ms;
		j->limit_wall_ms = at.wall_ms;
	}
	set_cpu_limit(&j->pj.req.run, c->cpu_limit_ms);
	c->cpu_limit_ms = j->pj.req.run.cpu_ms;
	j->pj.req.stop_on_fail = c->stop_on_fail;
	if (c->sub && c->sub->nrules && !gp->p->scoring) {     /* a score needs every test */
		j->pj.req.stop = decided;
		j->pj.req.stop_ctx = j;
	}
	j->wj.ctx = j;
	j->wj.req = j->pj.req;
	j->wj.progress = on_job_progress;
	j->wj.done = on_job_done;
	j->t0 = now_ms();
	grade_emit(g, &(struct grade_event){ .kind = GRADE_EV_CHECK_STARTED, .problem = gp, .check = c,
				             .ntests = j->pj.req.ntests });
	int r = workers_submit(g->w, &j->wj);
	if (r) {
		/* The queue holds at most `jobs` and we never exceed that. */
		int m = set_str(&c->got, "-") || set_str(&c->message, "could not queue: %s", strerror(-r));
		job_free(j);
		if (m)
			return -ENOMEM;
		grade_finish(g, gp, c, GRADE_ERROR);
		return 0;
	}
	g->inflight++;
	return 0;
}

/* A submit-answer problem's check: the submission is the answers, no
 * program (problem_judging_answers). As start_check. */
static int start_answers(struct grader *g, struct grade_problem *gp, struct grade_check *c, struct job *j)
{
	char why[512] = "";
	int r = problem_judging_answers(gp->p, c->path, PROBLEM_ALL_TESTS, &j->pj, why, sizeof(why));
	if (r) {
		int m = r == -ENOMEM || set_str(&c->got, "-") || set_str(&c->message, "%s", why);
		job_free(j);
		if (m)
			return -ENOMEM;
		grade_finish(g, gp, c, GRADE_FAIL);
		return 0;
	}
	c->lang = "answers";
	return queue_job(g, gp, c, j);
}

/* Hand a check to the workers. 0 when it went (or was settled without
 * judging: a skip or a failure), -ENOMEM. */
static int start_check(struct grader *g, struct grade_problem *gp, struct grade_check *c)
{
	bool verify = !g->o->nsolutions;
	char why[512] = "";
	c->started = true;
	if (!gp->ntests) {
		if (set_str(&c->got, "-") || set_str(&c->message, "not judged: the problem has no tests"))
			return -ENOMEM;
		grade_finish(g, gp, c, GRADE_SKIP);
		return 0;
	}
	if (c->phase == 1 && !gp->time_limit_ms) {
		if (set_str(&c->got, "-") || set_str(&c->message, "not judged: no time limit could be derived"))
			return -ENOMEM;
		grade_finish(g, gp, c, GRADE_SKIP);
		return 0;
	}
	struct job *j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->g = g;
	j->gp = gp;
	j->c = c;
	if (gp->p->submit_answer)
		return start_answers(g, gp, c, j);
	const char *named = c->sub ? c->sub->language : NULL;      /* submissions.yaml's language */
	int r = problem_program_load(gp->p, c->path, named, c->sub ? c->sub->entrypoint : NULL, &j->pg, why, sizeof(why));
	if (r == -ENOMEM)
		goto nomem;
	/* --pypy: Python 3 known by its extension runs as problemtools runs it. */
	if (!r && !named && g->o->pypy && !strcmp(j->pg.lang->name, "python3")) {
		const struct lang *pypy = lang_find("pypy3");
		if (!pypy) {
			str_printf(why, sizeof(why), "--pypy: PyPy 3 is not installed here (see `pairbox langs`)");
			r = -ENOTSUP;
		} else
			j->pg.lang = pypy;
	}
	const struct lang *l = r ? NULL : j->pg.lang;
	/* A package's own submission with its constants ({{name}}) replaced, as
	 * Kattis 2025-09 says; a SOLUTION given to grade is taken as it is. */
	if (!r && c->kind != GRADE_SOLUTION && (r = problem_constants_replace(gp->p, &j->pg.source, &j->pg.source_len, false)))
		str_printf(why, sizeof(why), "%s with its constants: %s", c->path, strerror(-r));
	if (!r && (r = problem_judging_prepare(gp->p, l, j->pg.source, j->pg.source_len, PROBLEM_ALL_TESTS, &j->pj, why,
					       sizeof(why))) == -ENOMEM)
		goto nomem;
	if (!r && (r = problem_program_apply(&j->pg, gp->p, &j->pj, why, sizeof(why))) == -ENOMEM)
		goto nomem;
	if (r == -ENOMEM)
		goto nomem;
	if (r || !l) {
		/* Not judged. A shipped file in a language this machine lacks is
		 * skipped; the reference and given solutions must be judged. */
		bool skip = verify && c->kind == GRADE_SUBMISSION && !c->is_reference && r == -ENOTSUP;
		if (set_str(&c->got, "-") || set_str(&c->message, "%s", why))
			goto nomem;
		c->lang = l ? l->name : NULL;
		job_free(j);
		grade_finish(g, gp, c, skip ? GRADE_SKIP : GRADE_FAIL);
		return 0;
	}
	c->lang = l->name;
	return queue_job(g, gp, c, j);
nomem:
	job_free(j);
	return -ENOMEM;
}

/* Why a check passed only one way: its verdict at the time limit and with
 * the margin, and the first test over the limit. */
static void margin_warning(const struct grade_check *c, const struct job *j, const struct judge_result *res,
			   const struct view *at, int st_at, int st_run, bool met_at, const char *rule, char *buf,
			   size_t len)
{
	const struct judge_test_result *slow = NULL;
	for (size_t i = 0; i < res->nrun && !slow; i++)
		if (test_status(&res->tests[i], at) != res->tests[i].status)
			slow = &res->tests[i];
	char test[256] = "";
	if (slow)
		str_printf(test, sizeof(test), " (test %s took %u.%03u s CPU, %u.%03u s wall)", slow->name,
			   slow->cpu_ms / 1000, slow->cpu_ms % 1000, slow->wall_ms / 1000, slow->wall_ms % 1000);
	str_printf(buf, len, "sensitive to the time limit: %s at the time limit of %u.%03u s%s, %s with %u.%03u s "
		   "(x %g, time_limit_to_tle); expected %s %s%s%s", judge_status_name(st_at), j->limit_ms / 1000,
		   j->limit_ms % 1000, test, judge_status_name(st_run), c->cpu_limit_ms / 1000,
		   c->cpu_limit_ms % 1000, j->gp->time_limit_to_tle, c->expect,
		   met_at ? "at the limit, not with the margin" : "only with the margin", rule[0] ? ": " : "", rule);
}

/* A scoring problem: the submission's score from its tests seen at, and
 * what it decides: partially_accepted wants a score strictly between 0 and
 * the maximum (legacy: with the graders' Accepted), an accepted submission
 * below the maximum is a warning (problemtools). 0 or -ENOMEM. */
static int score_check(struct grade_check *c, const struct problem *p, const struct judge_result *res,
		       const struct view *at, enum grade_outcome *o, char *why, size_t whylen)
{
	bool partial = !strcmp(c->expect, "partially_accepted");
	struct problem_verdict *v = calloc(res->nrun ? res->nrun : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < res->nrun; i++)
		v[i] = (struct problem_verdict){ res->tests[i].name, test_status(&res->tests[i], at), NULL };
	struct problem_score sc;
	char err[256] = "";
	int r = problem_score_compute(p, v, res->nrun, &sc, err, sizeof(err));
	free(v);
	if (r == -ENOMEM)
		return r;
	if (r || !sc.known) {
		if (partial) {
			*o = r ? GRADE_FAIL : GRADE_SKIP;
			str_printf(why, whylen, "no score: %s", r ? err : sc.why);
		}
		return 0;
	}
	c->scored = true;
	c->score = sc.score;
	c->max_score = sc.max;
	if (partial && *o != GRADE_FAIL) {
		if (sc.legacy && sc.status != BOX_ST_ACCEPTED) {
			*o = GRADE_FAIL;
			str_printf(why, whylen, "score %g of %g, but the graders' verdict is %s, not Accepted", sc.score,
				   sc.max, judge_status_name(sc.status));
		} else if (!(sc.score > 0 && sc.score < sc.max)) {
			*o = GRADE_FAIL;
			str_printf(why, whylen, "score %g of %g: partially_accepted wants more than 0 and less than the "
				   "maximum", sc.score, sc.max);
		}
	} else if (!strcmp(c->expect, "accepted") && *o == GRADE_PASS && sc.score < sc.max - 1e-9) {
		*o = GRADE_WARN;
		str_printf(why, whylen, "score %g of %g: an accepted submission below the maximum (partially_accepted?)",
			   sc.score, sc.max);
	}
	return 0;
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
	enum grade_outcome o;
	char broken[512] = "", broken_at[512] = "", warn[1024] = "";
	const struct view run = { 0, 0 }, at = { j->limit_ms, j->limit_wall_ms };
	int st_run = res->status, st_at = res->status;
	if (j->wj.outcome != WORKERS_JUDGED || res->status == BOX_ST_INTERNAL_ERROR || res->status == BOX_ST_EXEC_FORMAT) {
		o = GRADE_ERROR;
	} else {
		int met = view_met(j->gp, c, res, &run, &st_run, broken, sizeof(broken)), met_at = met;
		/* slow_accepted is accepted with the margin: the limit's view
		 * is what it may fail. */
		const struct problem_submission *s = c->kind == GRADE_SUBMISSION ? c->sub : NULL;
		bool slow_ok = s && !s->nrules && s->margin && s->results == PROBLEM_R_AC;
		if (met >= 0 && j->limit_ms && !slow_ok)
			met_at = view_met(j->gp, c, res, &at, &st_at, broken_at, sizeof(broken_at));
		if (met < 0 || met_at < 0)
			return -ENOMEM;
		/* problemtools' rule: a submission judged differently at the
		 * limit and with the margin passes with a warning when either
		 * meets its expectation; the verdict is the one at the limit. */
		o = met && met_at ? GRADE_PASS : met || met_at ? GRADE_WARN : GRADE_FAIL;
		if (o == GRADE_WARN)
			margin_warning(c, j, res, &at, st_at, st_run, met_at, met_at ? broken : broken_at, warn,
				       sizeof(warn));
		if (o == GRADE_FAIL && broken_at[0])
			str_copy(broken, sizeof(broken), broken_at);
		if (j->gp->p->scoring && res->status != BOX_ST_COMPILE_ERROR &&
		    score_check(c, j->gp->p, res, j->limit_ms ? &at : &run, &o, warn, sizeof(warn)))
			return -ENOMEM;
	}
	if (j->limit_ms) {
		c->status = st_at;
		c->passed = 0;
		for (size_t i = 0; i < res->nrun; i++)
			c->passed += test_status(&res->tests[i], &at) == BOX_ST_ACCEPTED;
	}
	if (set_str(&c->got, "%s", judge_status_name(c->status)))
		return -ENOMEM;
	const char *why = warn[0] ? warn : broken[0] ? broken : res->message[0] ? res->message : NULL;
	if (o == GRADE_FAIL && !why && c->status == BOX_ST_ACCEPTED)
		why = "every test passed";
	if (why && set_str(&c->message, "%s", why))
		return -ENOMEM;
	grade_finish(g, j->gp, c, o);
	if (c->phase == 0 && --j->gp->pending_first == 0)
		return grade_settle_time_limit(g, j->gp);
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

int grade_judge_all(struct grader *g)
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
				r = grade_settle_time_limit(g, gp);
		}
		if (!g->inflight)
			return r;
		pthread_mutex_lock(&g->lock);
		while (!g->done_head) {
			/* A second at a time: a progress line while a long check runs. */
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			if (pthread_cond_timedwait(&g->finished, &g->lock, &ts) == ETIMEDOUT && !g->done_head) {
				pthread_mutex_unlock(&g->lock);
				grade_emit(g, &(struct grade_event){ .kind = GRADE_EV_WAITING });
				pthread_mutex_lock(&g->lock);
			}
		}
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

int grade_start_workers(struct grader *g, size_t njudging, struct compile_cache *cache, char *err, size_t errlen)
{
	const struct grade_opts *o = g->o;
	struct workers_config wc;
	workers_config_default(&wc);
	unsigned jobs = o->jobs ? o->jobs : 1;
	wc.nworkers = njudging < jobs ? (unsigned)njudging : jobs;
	wc.queue_max = jobs + 1;
	wc.box.helper_path = o->helper_path;
	wc.box.first_id = o->box_id_base;
	/* Ids from the base upward, as many as a pool may span from 0. */
	if (o->box_id_base > 0)
		wc.box.max_boxes += (unsigned)o->box_id_base;
	wc.box.binds = lang_all_binds();
	/* A compiled program with a large static array (hundreds of MB) must
	 * fit in /box, in the compile box and in each test's. */
	if (wc.box.box_kb < GRADE_BOX_KB)
		wc.box.box_kb = GRADE_BOX_KB;
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
