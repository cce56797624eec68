/* routes_problems.c - the problem bank over HTTP (docs/api.md, "Problems"):
 *
 *   GET  /api/v1/problems                list: difficulty, tag, full text (FTS5), pages
 *   POST /api/v1/problems                add one at run time (X-Auth-User)
 *   GET  /api/v1/problems/:slug          statement, limits, samples, starter code
 *   POST /api/v1/problems/:slug/submit   every test, through the store and the workers
 *   POST /api/v1/problems/:slug/run      the samples, or the user's input; waits
 *
 * PROBLEM-HIDDEN: no handler here reads a hidden test's files; results are
 * redacted before they are stored (psubm.h). */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "box_json.h"
#include "dispatch.h"
#include "harness.h"
#include "http.h"
#include "paging.h"
#include "problem_view.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 100
#define QUERY_MAX 256               /* bytes of a full-text query */
#define WAIT_MAX_MS (15 * 60 * 1000)

/* ---- requests ---- */

static bool query_true(const struct http_req *req, const char *name)
{
	const char *v = http_query(req, name);
	return v && !strcmp(v, "true");
}

static void list_problems(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	json_t *errs = json_object();
	struct store_problem_query q = { .difficulty = http_query(req, "difficulty"), .tag = http_query(req, "tag"),
					 .text = http_query(req, "q") };
	if (q.difficulty && !problem_difficulty_ok(q.difficulty))
		subm_field_error(errs, "difficulty", "must be easy, medium or hard");
	if (q.tag && (!q.tag[0] || strlen(q.tag) > 64))
		subm_field_error(errs, "tag", "must be 1 to 64 characters");
	if (q.text && strlen(q.text) > QUERY_MAX)
		subm_field_error(errs, "q", "must be at most 256 bytes");
	paging_query(req, PER_PAGE_DEFAULT, PER_PAGE_MAX, &q.page, &q.per_page, errs);
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	char **slugs = NULL;
	size_t n = 0, total = 0;
	if (store_problem_search(app->store, &q, &slugs, &n, &total)) {
		http_error(resp, 500, "the problem index cannot be read");
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct bank_entry *e = bank_find(app->bank, slugs[i]);
		if (e)
			json_array_append_new(list, problem_view_summary(app->bank, e));
		free(slugs[i]);
	}
	free(slugs);
	http_json(resp, 200, json_pack("{s:o, s:o}", "problems", list, "meta", paging_meta(q.page, q.per_page, total)));
}

static void show_problem(struct http_req *req, struct http_resp *resp)
{
	const struct bank_entry *e = req->problem;
	bool editorial = query_true(req, "editorial");
	if (editorial && !http_allowed(req, HTTP_AUTH_ADMIN)) {
		http_error(resp, 403, "the editorial is for the interviewer side: X-Auth-User must match AUTHZ_TOKEN");
		return;
	}
	json_t *o = problem_view_detail(req->app->bank, e, query_true(req, "hints"), editorial);
	if (!o) {
		http_error(resp, 500, "the problem's samples cannot be read");
		return;
	}
	http_json(resp, 200, o);
}

/* {language, source[, input]} checked against the problem: 0 and s
 * filled, or -EINVAL with *errors (new ref), or -ENOMEM. */
static int parse_attempt(struct app *app, const struct problem *p, json_t *body, bool run, struct subm *s,
			 json_t **errors)
{
	json_t *errs = json_object();
	*errors = NULL;
	if (!errs)
		return -ENOMEM;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
		if (strcmp(key, "language") != 0 && strcmp(key, "source") != 0 && (!run || strcmp(key, "input") != 0))
			subm_field_error(errs, key, run ? "is not a field here (language, source, input)"
						 : "is not a field here (language, source)");
	const struct lang *l = bank_lang(json_object_get(body, "language"));
	char msg[512];
	const char *why = problem_lang_problem(app->bank, p, l, msg, sizeof(msg));
	if (why)
		subm_field_error(errs, "language", why);
	json_t *src = json_object_get(body, "source");
	size_t srclen = json_string_length(src);
	bool blank = true;
	for (size_t i = 0; json_is_string(src) && i < srclen && blank; i++)
		blank = strchr(" \t\r\n\v\f", json_string_value(src)[i]) != NULL;
	if (!json_is_string(src))
		subm_field_error(errs, "source", "must be a string");
	else if (blank)
		subm_field_error(errs, "source", "can't be blank");
	json_t *in = json_object_get(body, "input");
	if (in && !json_is_null(in) && !json_is_string(in)) {
		subm_field_error(errs, "input", "must be a string");
	} else if (run && !json_is_string(in) && !p->nsamples) {
		subm_field_error(errs, "input", "is required: this problem has no samples to run");
	} else if (json_is_string(in) && p->sig) {
		char e[256];
		if (harness_check_input(p->sig, json_string_value(in), json_string_length(in), e, sizeof(e)))
			subm_field_error(errs, "input", e);
	}
	if (json_object_size(errs)) {
		*errors = errs;
		return -EINVAL;
	}
	json_decref(errs);

	enum subm_scope scope = !run ? SUBM_SCOPE_ALL : json_is_string(in) ? SUBM_SCOPE_CUSTOM : SUBM_SCOPE_SAMPLES;
	return problem_attempt(&app->cfg, p, l, json_string_value(src), srclen, json_string_value(in),
			       json_string_length(in), scope, s);
}

/* submit and run: store, queue, maybe wait, answer. */
static void attempt(struct http_req *req, struct http_resp *resp, bool run)
{
	struct app *app = req->app;
	const struct problem *p = req->problem->p;
	struct subm s;
	json_t *errors = NULL;
	int r = parse_attempt(app, p, req->json, run, &s, &errors);
	if (r) {
		if (errors)
			http_json(resp, 422, errors);
		else
			http_error(resp, 500, "out of memory");
		return;
	}
	enum subm_scope scope = s.scope;
	size_t ntests = scope == SUBM_SCOPE_ALL ? p->ntests : scope == SUBM_SCOPE_SAMPLES ? p->nsamples : 1;
	char token[STORE_TOKEN_LEN + 1];
	r = dispatch_accept_subm(app->dispatch, &s, token);
	subm_release(&s);
	if (r) {
		/* -EINVAL: the problem could not be made ready (its tests
		 * unreadable); the server's log says why, nothing was stored. */
		http_error(resp, r == -EAGAIN ? 503 : 500, r == -EAGAIN ? "queue is full"
				 : r == -EINVAL ? "this problem cannot be judged now (see the server log)"
				 : "the submission could not be stored");
		return;
	}
	if ((run || query_true(req, "wait")) && app->cfg.enable_wait_result) {
		/* Bounded: a compile, and each test's limits with a margin. */
		double tl = p->time_limit > 0 ? p->time_limit : app->cfg.cpu_time_limit;
		double bound = 120000.0 + (double)ntests * (3 * tl + 1) * 1000;
		dispatch_wait(app->dispatch, token, bound > WAIT_MAX_MS ? WAIT_MAX_MS : (unsigned)bound);
		struct store_row done = { 0 };
		if (store_get(app->store, token, &done) == 0) {
			json_t *view = subm_native_json(&done);
			if (view && scope == SUBM_SCOPE_SAMPLES)
				problem_view_add_samples(p, view);
			http_json(resp, 201, view);
			store_row_release(&done);
			return;
		}
	}
	http_json(resp, 201, json_pack("{s:s, s:b}", "token", token, "final", false));
}

static void submit_problem(struct http_req *req, struct http_resp *resp)
{
	attempt(req, resp, false);
}

static void run_problem(struct http_req *req, struct http_resp *resp)
{
	attempt(req, resp, true);
}

static void add_problem(struct http_req *req, struct http_resp *resp)
{
	const struct bank_entry *e = NULL;
	json_t *errors = NULL;
	int r = bank_add(req->app->bank, req->json, &e, &errors);
	if (r) {
		http_json(resp, r == -EINVAL ? 422 : r == -EEXIST ? 409 : r == -ENOMEM || r == -EIO ? 500 : 503,
			  errors ? errors : json_pack("{s:s}", "error", strerror(-r)));
		return;
	}
	json_decref(errors);
	json_t *o = problem_view_detail(req->app->bank, e, true, true);
	http_json(resp, 201, o ? o : json_pack("{s:s}", "slug", e->p->slug));
}

const struct http_route routes_problems[] = {
	{ "GET", "/api/v1/problems", list_problems, HTTP_AUTH_USER, 0 },
	{ "POST", "/api/v1/problems", add_problem, HTTP_AUTH_ADMIN, ROUTE_JSON_BODY },
	{ "GET", "/api/v1/problems/:slug", show_problem, HTTP_AUTH_USER, ROUTE_PROBLEM },
	{ "POST", "/api/v1/problems/:slug/submit", submit_problem, HTTP_AUTH_USER,
	  ROUTE_PROBLEM | ROUTE_WRITE | ROUTE_JSON_BODY },
	{ "POST", "/api/v1/problems/:slug/run", run_problem, HTTP_AUTH_USER,
	  ROUTE_PROBLEM | ROUTE_WRITE | ROUTE_JSON_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
