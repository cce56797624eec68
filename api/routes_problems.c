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
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 100
#define QUERY_MAX 256               /* bytes of a full-text query */
#define SAMPLE_SHOWN_MAX (64 * 1024) /* bytes of a sample's input or answer shown */
#define WAIT_MAX_MS (15 * 60 * 1000)

/* ---- views ---- */

static json_t *string_array(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_text(v[i], strlen(v[i])));
	return a;
}

/* The languages a problem has starter code in: every one with a harness
 * for a function problem; none for stdin/stdout (any language will do). */
static json_t *starter_languages(struct bank *b, const struct problem *p)
{
	json_t *a = json_array();
	size_t n = 0;
	const struct lang *const *v = bank_function_langs(b, &n);
	for (size_t i = 0; a && p->sig && i < n; i++)
		json_array_append_new(a, json_string(v[i]->name));
	return a;
}

static json_t *limit_seconds(double s)
{
	return s > 0 ? json_real(s) : json_null();
}

static json_t *problem_summary(struct bank *b, const struct bank_entry *e)
{
	const struct problem *p = e->p;
	return json_pack("{s:o, s:o, s:o, s:o, s:b, s:s, s:o, s:I, s:I}",
			 "slug", json_text(p->slug, strlen(p->slug)),
			 "title", json_text(p->title ? p->title : p->slug, strlen(p->title ? p->title : p->slug)),
			 "difficulty", p->difficulty ? json_string(p->difficulty) : json_null(),
			 "tags", string_array(p->tags, p->ntags),
			 "function", p->sig != NULL,
			 "format", p->format == PROBLEM_KATTIS ? "kattis" : "pairbox",
			 "starter_languages", starter_languages(b, p),
			 "sample_count", (json_int_t)p->nsamples,
			 "test_count", (json_int_t)p->ntests);
}

/* A sample's bytes as text, at most SAMPLE_SHOWN_MAX of them. */
static void set_sample_text(json_t *o, const char *key, const char *data, size_t len)
{
	size_t n = len < SAMPLE_SHOWN_MAX ? len : SAMPLE_SHOWN_MAX;
	json_object_set_new(o, key, data ? json_text(data, n) : json_null());
	if (n < len) {
		char k[32];
		str_printf(k, sizeof(k), "%s_truncated", key);
		json_object_set_new(o, k, json_true());
	}
}

/* The samples with their data (read from disk now); NULL on a read error. */
static json_t *samples_json(const struct problem *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->ntests; i++) {
		const struct problem_test *t = &p->tests[i];
		if (!t->sample)              /* PROBLEM-HIDDEN: never read here */
			continue;
		char *in = NULL, *ans = NULL;
		size_t inlen = 0, anslen = 0;
		if (problem_test_read(t, &in, &inlen, &ans, &anslen)) {
			json_decref(a);
			return NULL;
		}
		json_t *o = json_pack("{s:o}", "name", json_text(t->name, strlen(t->name)));
		set_sample_text(o, "input", in, inlen);
		set_sample_text(o, "output", ans, anslen);
		json_array_append_new(a, o);
		free(in);
		free(ans);
	}
	return a;
}

static json_t *hidden_names(const struct problem *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->ntests; i++)
		if (!p->tests[i].sample)
			json_array_append_new(a, json_text(p->tests[i].name, strlen(p->tests[i].name)));
	return a;
}

/* Starter code for every language with a harness: {"c": "...", ...}. */
static json_t *starter_code(struct bank *b, const struct problem *p)
{
	json_t *o = json_object();
	size_t n = 0;
	const struct lang *const *v = bank_function_langs(b, &n);
	for (size_t i = 0; o && p->sig && i < n; i++) {
		char *code = harness_starter(p->sig, v[i]);
		if (code)
			json_object_set_new(o, v[i]->name, json_text(code, strlen(code)));
		free(code);
	}
	return o;
}

/* The whole problem as a solver sees it; hints and the editorial only
 * when asked (the editorial for the privileged). NULL: a sample could
 * not be read. */
static json_t *problem_detail(struct bank *b, const struct bank_entry *e, bool hints, bool editorial)
{
	const struct problem *p = e->p;
	json_t *samples = samples_json(p);
	if (!samples)
		return NULL;
	json_t *o = problem_summary(b, e);
	json_object_set_new(o, "statement", p->statement ? json_text(p->statement, strlen(p->statement)) : json_null());
	json_object_set_new(o, "statement_format", json_string(p->statement_format ? p->statement_format : "markdown"));
	json_object_set_new(o, "time_limit", limit_seconds(p->time_limit));
	json_object_set_new(o, "memory_limit", json_integer((json_int_t)(p->memory_kb / 1024)));
	json_object_set_new(o, "samples", samples);
	json_object_set_new(o, "hidden_tests", hidden_names(p));
	json_object_set_new(o, "signature", e->function ? json_deep_copy(e->function) : json_null());
	json_object_set_new(o, "starter_code", starter_code(b, p));
	json_object_set_new(o, "hint_count", json_integer((json_int_t)p->nhints));
	if (hints)
		json_object_set_new(o, "hints", string_array(p->hints, p->nhints));
	if (editorial)
		json_object_set_new(o, "editorial", p->editorial ? json_text(p->editorial, strlen(p->editorial)) : json_null());
	return o;
}

/* ---- requests ---- */

static bool query_true(const struct http_req *req, const char *name)
{
	const char *v = http_query(req, name);
	return v && !strcmp(v, "true");
}

/* A positive integer query parameter in [1, max], or def when absent. */
static size_t query_count(const struct http_req *req, const char *name, size_t def, uint32_t max, json_t *errs)
{
	const char *v = http_query(req, name);
	uint32_t n;
	if (!v)
		return def;
	if (parse_u32(v, &n) || n < 1 || n > max) {
		char msg[64];
		str_printf(msg, sizeof(msg), "must be an integer from 1 to %u", max);
		subm_field_error(errs, name, msg);
		return def;
	}
	return n;
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
	q.page = query_count(req, "page", 1, 1000000, errs);
	q.per_page = query_count(req, "per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX, errs);
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
			json_array_append_new(list, problem_summary(app->bank, e));
		free(slugs[i]);
	}
	free(slugs);
	size_t pages = (total + q.per_page - 1) / q.per_page;
	json_t *meta = json_pack("{s:I, s:o, s:o, s:I, s:I, s:I}", "current_page", (json_int_t)q.page,
				 "next_page", q.page < pages ? json_integer((json_int_t)q.page + 1) : json_null(),
				 "prev_page", q.page > 1 ? json_integer((json_int_t)q.page - 1) : json_null(),
				 "per_page", (json_int_t)q.per_page, "total_pages", (json_int_t)pages,
				 "total_count", (json_int_t)total);
	http_json(resp, 200, json_pack("{s:o, s:o}", "problems", list, "meta", meta));
}

static void show_problem(struct http_req *req, struct http_resp *resp)
{
	const struct bank_entry *e = req->problem;
	bool editorial = query_true(req, "editorial");
	if (editorial && !http_allowed(req, HTTP_AUTH_ADMIN)) {
		http_error(resp, 403, "the editorial is for the interviewer side: X-Auth-User must match AUTHZ_TOKEN");
		return;
	}
	json_t *o = problem_detail(req->app->bank, e, query_true(req, "hints"), editorial);
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
	if (!l || l->multi_file || !l->judge0_id) {
		subm_field_error(errs, "language", "is not a language this server has (a name or a Judge0 id from GET /languages)");
	} else if (p->sig && !harness_supports(l)) {
		char msg[512] = "has no function-style harness; this problem takes:";
		size_t n = 0;
		const struct lang *const *fl = bank_function_langs(app->bank, &n);
		for (size_t i = 0; i < n; i++) {
			size_t at = strlen(msg);
			str_printf(msg + at, sizeof(msg) - at, "%s %s", i ? "," : "", fl[i]->name);
		}
		subm_field_error(errs, "language", msg);
	}
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

	subm_init(s);
	s->lang = l;
	s->language_id = l->judge0_id;
	s->scope = !run ? SUBM_SCOPE_ALL : json_is_string(in) ? SUBM_SCOPE_CUSTOM : SUBM_SCOPE_SAMPLES;
	str_copy(s->problem, sizeof(s->problem), p->slug);
	/* The problem's limits rule when it is judged (problem.h); these
	 * copies are what Judge0's views of the row show. */
	const struct config *c = &app->cfg;
	s->cpu_time_limit = p->time_limit > 0 ? p->time_limit : c->cpu_time_limit;
	s->cpu_extra_time = c->cpu_extra_time;
	s->wall_time_limit = c->wall_time_limit;
	s->memory_limit = p->memory_kb ? (uint32_t)p->memory_kb : c->memory_limit;
	s->stack_limit = c->stack_limit;
	s->max_processes_and_or_threads = c->max_processes_and_or_threads;
	s->max_file_size = c->max_file_size;
	s->number_of_runs = 1;
	s->source_code.data = strndup(json_string_value(src), srclen);
	s->source_code.len = srclen;
	if (json_is_string(in)) {
		s->stdin_data.data = strndup(json_string_value(in), json_string_length(in));
		s->stdin_data.len = json_string_length(in);
	}
	if (!s->source_code.data || (json_is_string(in) && !s->stdin_data.data)) {
		subm_release(s);
		return -ENOMEM;
	}
	return 0;
}

/* Samples' inputs and expected outputs beside a Run's results, so the
 * editor shows input, expected and got together. */
static void add_sample_data(const struct problem *p, json_t *view)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(view, "tests"), i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		for (size_t k = 0; name && k < p->nsamples; k++) {
			if (!p->tests[k].sample || strcmp(p->tests[k].name, name) != 0)
				continue;
			char *in = NULL, *ans = NULL;
			size_t inlen = 0, anslen = 0;
			if (problem_test_read(&p->tests[k], &in, &inlen, &ans, &anslen) == 0) {
				set_sample_text(t, "input", in, inlen);
				set_sample_text(t, "expected", ans, anslen);
			}
			free(in);
			free(ans);
			break;
		}
	}
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
				add_sample_data(p, view);
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
	json_t *o = problem_detail(req->app->bank, e, true, true);
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
