/* grade.c - verify problems or grade solutions (grade.h): plan every
 * problem's checks (grade_plan.c), judge them on a pool of workers
 * (grade_judge.c), tally. */
#define _GNU_SOURCE
#include "grade_int.h"
#include "util.h"

#include <string.h>

/* Process model: the calling thread plans every check, then keeps at most
 * `jobs` of them in the workers at once (each prepared only when it is
 * handed over, so a bank's test data is never all in memory), collects the
 * finished ones and fills the report. Only that thread writes the report;
 * worker threads only report progress, under g->lock. */

/* ---- small helpers -------------------------------------------------------- */

/* Serialised progress; callers must not hold g->lock. */
void grade_emit(struct grader *g, struct grade_event *ev)
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
void grade_finish(struct grader *g, struct grade_problem *gp, struct grade_check *c, enum grade_outcome o)
{
	c->outcome = o;
	pthread_mutex_lock(&g->lock);
	g->done++;
	pthread_mutex_unlock(&g->lock);
	grade_emit(g, &(struct grade_event){ .kind = GRADE_EV_CHECK_DONE, .problem = gp, .check = c });
}

/* ---- the whole run ---------------------------------------------------------- */

static void tally(struct grade_report *r)
{
	r->nchecks = r->passed = r->failed = r->skipped = r->errors = r->warnings = 0;
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
			r->warnings += o == GRADE_WARN;
			gp->ok &= o == GRADE_PASS || o == GRADE_SKIP || o == GRADE_WARN;
		}
	}
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
		if ((rc = grade_plan_problem(&g, &r->problems[i], dirs[i])))
			goto nomem;
		for (size_t k = 0; k < r->problems[i].nchecks; k++) {
			njudging += is_judging(&r->problems[i].checks[k]);
			g.total++;
		}
	}
	grade_emit(&g, &(struct grade_event){ .kind = GRADE_EV_BEGIN });
	/* What planning settled is reported first. */
	for (size_t i = 0; i < r->nproblems; i++) {
		struct grade_problem *gp = &r->problems[i];
		for (size_t k = 0; k < gp->nchecks; k++)
			if (gp->checks[k].outcome != GRADE_PENDING) {
				struct grade_check *c = &gp->checks[k];
				grade_finish(&g, gp, c, c->outcome);
			}
		if (gp->p && !gp->pending_first && (rc = grade_settle_time_limit(&g, gp)))
			goto nomem;
	}
	if (njudging && (rc = grade_start_workers(&g, njudging, &cache, err, errlen)))
		goto out;
	rc = grade_judge_all(&g);
	workers_free(g.w);
	g.w = NULL;
	if (rc)
		goto nomem;
	r->elapsed_ms = (uint32_t)(now_ms() - t0);
	tally(r);
	grade_emit(&g, &(struct grade_event){ .kind = GRADE_EV_END });
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
