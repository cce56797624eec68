/* routes_submissions.c - Judge0 CE 1.13.1's /submissions endpoints:
 * create (JSON or form, base64_encoded, wait, fields), show, list, delete,
 * batch create and batch show, with Judge0's checks in Judge0's order and
 * its error bodies (docs/api.md). */
#define _GNU_SOURCE
#include "app.h"
#include "dispatch.h"
#include "http.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UTF8_ERROR_MANY \
	"some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter"
#define PER_PAGE_DEFAULT 20       /* Judge0's Submission.per_page */
#define PER_PAGE_MAX 1000         /* beyond Judge0, which has no bound */
#define WAIT_MAX_MS (15 * 60 * 1000)

/* The attributes a client may set (Judge0's submission_params). */
static const char *const attributes[] = {
	"source_code", "language_id", "compiler_options", "command_line_arguments", "number_of_runs", "stdin",
	"expected_output", "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit",
	"max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
	"enable_per_process_and_thread_memory_limit", "max_file_size", "redirect_stderr_to_stdout", "callback_url",
	"additional_files", "enable_network",
};
#define NATTRIBUTES (sizeof(attributes) / sizeof(attributes[0]))


/* A parameter as Rails' params has it: the query string wins over the
 * body (a form field, or a JSON string). */
static const char *param(struct http_req *req, json_t *body, const char *name)
{
	const char *v = http_query(req, name);
	if (!v)
		v = http_form(req, name);
	if (!v && body)
		v = json_string_value(json_object_get(body, name));
	return v;
}

/* Judge0 compares with the string "true" exactly. */
static bool param_true(struct http_req *req, json_t *body, const char *name)
{
	const char *v = param(req, body, name);
	return v && strcmp(v, "true") == 0;
}

/* Judge0's check_queue_size: refuse before looking at the request when n
 * more would not fit. dispatch_accept checks again, atomically. */
static bool queue_full(struct app *app, size_t n)
{
	struct dispatch_stats st;
	dispatch_stats(app->dispatch, &st);
	return st.queue_max && st.queued + n > st.queue_max;
}

static void queue_full_error(struct app *app, struct http_resp *resp)
{
	atomic_fetch_add(&app->stats.submissions_rejected_full, 1);
	http_error(resp, 503, "queue is full");
}

/* 400 for an unknown field name; true when it answered. */
static bool bad_fields(const char *fields, struct http_resp *resp)
{
	char err[320];
	if (!subm_fields_check(fields, err, sizeof(err)))
		return false;
	http_error(resp, 400, err);
	return true;
}

/* Store and queue rows (status In Queue), retrying a token that is
 * taken. 0, -EAGAIN (queue full) or -EIO. */
static int accept_rows(struct app *app, struct store_row *rows, size_t n)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	const struct store_row **ptrs = calloc(n ? n : 1, sizeof(*ptrs));
	if (!ptrs)
		return -ENOMEM;
	int r = -EEXIST;
	for (int attempt = 0; attempt < 3 && r == -EEXIST; attempt++) {
		int64_t now = unix_ms();
		for (size_t i = 0; i < n; i++) {
			subm_token(rows[i].token);
			rows[i].status_id = BOX_ST_IN_QUEUE;
			rows[i].created_at_ms = now;
			ptrs[i] = &rows[i];
		}
		r = dispatch_accept(app->dispatch, ptrs, n);
	}
	free(ptrs);
	if (r == 0)
		atomic_fetch_add(&app->stats.submissions_accepted, n);
	return r;
}

static void accept_error(struct app *app, struct http_resp *resp, int r)
{
	if (r == -EAGAIN)
		queue_full_error(app, resp);
	else
		http_error(resp, 500, r == -ENOMEM ? "out of memory" : "the submission could not be stored");
}

/* How long wait=true waits: the compile, every run of every test at its
 * wall limit, a margin; times the jobs ahead per worker. A submission
 * still not final then is answered as it stands (In Queue, Processing):
 * its token lets the client poll. */
static unsigned wait_bound_ms(struct app *app, const struct subm *s)
{
	struct box_limits run, compile;
	box_limits_default(&run);
	judge_compile_limits(&compile);
	if (s->lang)
		lang_apply_limits(s->lang, &run, &compile);
	uint64_t per_run = (uint64_t)(s->wall_time_limit * 1000) + (uint64_t)(s->cpu_extra_time * 1000) + 1000;
	uint64_t runs = (s->number_of_runs ? s->number_of_runs : 1) * (uint64_t)(s->ntests ? s->ntests : 1);
	uint64_t ms = compile.wall_ms + 5000 + per_run * runs;
	struct dispatch_stats st;
	dispatch_stats(app->dispatch, &st);
	ms *= 1 + (st.queued + st.running) / (st.workers ? st.workers : 1);
	return ms > WAIT_MAX_MS ? WAIT_MAX_MS : (unsigned)ms;
}

/* Render a row into resp (status on success); the UTF-8 failure and
 * unreadable rows answered as Judge0 would. */
static void render_row(const struct store_row *row, const char *fields, bool base64, int status,
		       struct http_resp *resp)
{
	json_t *out;
	char err[320];
	int r = subm_render(row, fields, base64, &out, err, sizeof(err));
	if (r == 0)
		http_json(resp, status, out);
	else if (r == -EILSEQ && status == 201)
		/* wait=true: created all the same, so the token comes along. */
		http_json(resp, 201, json_pack("{s:s, s:s}", "error", SUBM_UTF8_ERROR, "token", row->token));
	else if (r == -EILSEQ || r == -EINVAL)
		http_error(resp, 400, err);
	else
		http_error(resp, 500, r == -ENOMEM ? "out of memory" : err);
}

/* POST /submissions */
static void create(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const struct config *cfg = &app->cfg;
	struct subm s;
	json_t *errors = NULL;
	struct store_row row = { 0 }, got = { 0 };
	json_t *body = req->json;              /* the layer's; changed below, freed after */
	bool wait = param_true(req, body, "wait");
	const char *fields = param(req, body, "fields");
	if (wait && !cfg->enable_wait_result) {
		http_error(resp, 400, "wait not allowed");
		return;
	}
	if (queue_full(app, 1)) {
		queue_full_error(app, resp);
		return;
	}
	if (bad_fields(fields, resp))
		return;
	bool base64 = param_true(req, body, "base64_encoded");
	/* Rails merges the query string into params, over the body: an
	 * attribute may come from there too. */
	for (size_t i = 0; i < NATTRIBUTES; i++) {
		const char *q = http_query(req, attributes[i]);
		if (q && json_object_set_new(body, attributes[i], json_stringn_nocheck(q, strlen(q)))) {
			http_error(resp, 500, "out of memory");
			return;
		}
	}
	int r = subm_parse(body, base64, cfg, &s, &errors);
	if (r == -EINVAL) {
		http_json(resp, 422, errors);
		return;
	}
	if (r) {
		http_error(resp, 500, "out of memory");
		return;
	}
	row.request = subm_dump(&s);
	if (!row.request) {
		http_error(resp, 500, "out of memory");
		goto out;
	}
	if ((r = accept_rows(app, &row, 1))) {
		accept_error(app, resp, r);
		goto out;
	}
	if (!wait) {
		http_json(resp, 201, json_pack("{s:s}", "token", row.token));
		goto out;
	}
	dispatch_wait(app->dispatch, row.token, wait_bound_ms(app, &s));
	if (store_get(app->store, row.token, &got)) {
		http_error(resp, 500, "the submission could not be read back");
		goto out;
	}
	render_row(&got, fields, base64, 201, resp);
out:
	store_row_release(&got);
	free(row.request);
	subm_release(&s);
}

/* Submission tokens are UUIDs: anything longer cannot be one. */
static bool token_ok(const char *t)
{
	return t && strlen(t) <= STORE_TOKEN_LEN;
}

/* GET /submissions/:token */
static void show(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *fields = http_query(req, "fields");
	struct store_row row = { 0 };
	if (bad_fields(fields, resp))
		return;
	int r = token_ok(req->params[0]) ? store_get(app->store, req->params[0], &row) : -ENOENT;
	if (r == -ENOENT) {
		http_error(resp, 404, "submission not found");
		return;
	}
	if (r) {
		http_error(resp, 500, "the store failed");
		return;
	}
	render_row(&row, fields, param_true(req, NULL, "base64_encoded"), 200, resp);
	store_row_release(&row);
}

/* Ruby's String#to_i: leading spaces, a sign, digits; anything else 0. */
static long ruby_to_i(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	int sign = 1;
	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	long v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v > 100000000000L ? v : v * 10 + (*s - '0');
	return sign * v;
}

/* GET /submissions (authorized): newest first, paged. */
static void list_all(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *fields = http_query(req, "fields");
	const char *ps = http_query(req, "page"), *pps = http_query(req, "per_page");
	long page = ps ? ruby_to_i(ps) : 1, per_page = pps ? ruby_to_i(pps) : PER_PAGE_DEFAULT;
	char msg[96];
	if (bad_fields(fields, resp))
		return;
	if (page <= 0) {
		str_printf(msg, sizeof(msg), "invalid page: %ld", page);
		http_error(resp, 400, msg);
		return;
	}
	/* Judge0 takes 0 and then fails dividing by it; say so instead. */
	if (per_page <= 0 || per_page > PER_PAGE_MAX) {
		str_printf(msg, sizeof(msg), per_page > PER_PAGE_MAX ? "invalid per_page: %ld (at most 1000)"
								       : "invalid per_page: %ld", per_page);
		http_error(resp, 400, msg);
		return;
	}
	struct store_row *rows = NULL;
	size_t n = 0, total = 0;
	if (store_list(app->store, (size_t)page, (size_t)per_page, &rows, &n, &total)) {
		http_error(resp, 500, "the store failed");
		return;
	}
	bool base64 = param_true(req, NULL, "base64_encoded");
	json_t *subs = json_array();
	for (size_t i = 0; subs && i < n; i++) {
		json_t *one;
		char err[320];
		int r = subm_render(&rows[i], fields, base64, &one, err, sizeof(err));
		if (r) {
			json_decref(subs);
			subs = NULL;
			if (r == -EILSEQ)
				http_error(resp, 400, UTF8_ERROR_MANY);
			else
				http_error(resp, 500, err);
			break;
		}
		json_array_append_new(subs, one);
	}
	for (size_t i = 0; i < n; i++)
		store_row_release(&rows[i]);
	free(rows);
	if (!subs) {
		if (!resp->json)
			http_error(resp, 500, "out of memory");
		return;
	}
	size_t pages = (total + (size_t)per_page - 1) / (size_t)per_page;
	json_t *meta = json_pack("{s:I, s:o, s:o, s:I, s:I}", "current_page", (json_int_t)page,
				 "next_page", (size_t)page < pages ? json_integer(page + 1) : json_null(),
				 "prev_page", page > 1 ? json_integer(page - 1) : json_null(),
				 "total_pages", (json_int_t)pages, "total_count", (json_int_t)total);
	http_json(resp, 200, json_pack("{s:o, s:o}", "submissions", subs, "meta", meta));
}

/* DELETE /submissions/:token (authorized; when enabled; final only). */
static void destroy(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *fields = http_query(req, "fields");
	struct store_row row = { 0 };
	char msg[128];
	if (bad_fields(fields, resp))
		return;
	if (!app->cfg.enable_submission_delete) {
		http_error(resp, 400, "delete not allowed");
		return;
	}
	int r = token_ok(req->params[0]) ? store_get(app->store, req->params[0], &row) : -ENOENT;
	if (r) {
		http_error(resp, r == -ENOENT ? 404 : 500, r == -ENOENT ? "submission not found" : "the store failed");
		return;
	}
	if (row.status_id == BOX_ST_IN_QUEUE || row.status_id == BOX_ST_PROCESSING) {
		str_printf(msg, sizeof(msg), "submission cannot be deleted because its status is %d (%s)", row.status_id,
			   box_status_description(row.status_id));
		http_error(resp, 400, msg);
		goto out;
	}
	/* Rendered before it goes, and in base64 (Judge0 forces it: what is
	 * deleted cannot be asked for again). */
	render_row(&row, fields, true, 200, resp);
	if (resp->status == 200 && store_delete(app->store, row.token) == -EIO)
		http_error(resp, 500, "the store failed");
out:
	store_row_release(&row);
}

struct batch_error {
	json_t *body;                     /* Judge0's 422 body for the item, or NULL */
};

/* POST /submissions/batch: {"submissions": [...]}; per-item errors in the
 * answer's array, the valid ones created. */
static void batch_create(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const struct config *cfg = &app->cfg;
	char msg[128];
	if (http_is_form(req)) {
		http_error(resp, 400, "a batch must be a JSON body: {\"submissions\": [...]}");
		return;
	}
	json_t *body = req->json;
	json_t *items = json_object_get(body, "submissions");
	if (items && !json_is_array(items) && !json_is_null(items)) {
		http_error(resp, 400, "submissions must be an array");
		return;
	}
	size_t n = json_array_size(items);
	if (queue_full(app, n ? n : 1)) {
		queue_full_error(app, resp);
		return;
	}
	if (n > cfg->max_submission_batch_size) {
		str_printf(msg, sizeof(msg), "number of submissions in a batch should be less than or equal to %u",
			   cfg->max_submission_batch_size);
		http_error(resp, 400, msg);
		return;
	}
	if (n == 0) {
		http_error(resp, 400, "there should be at least one submission in a batch");
		return;
	}
	bool base64 = param_true(req, body, "base64_encoded");
	/* rows[] holds the valid ones, in order; errs[i] item i's 422 body. */
	struct store_row *rows = calloc(n, sizeof(*rows));
	struct batch_error *errs = calloc(n, sizeof(*errs));
	size_t nvalid = 0;
	int r = rows && errs ? 0 : -ENOMEM;
	for (size_t i = 0; !r && i < n; i++) {
		struct subm s;
		r = subm_parse(json_array_get(items, i), base64, cfg, &s, &errs[i].body);
		if (r == -EINVAL) {
			r = 0;
			continue;
		}
		if (r)
			break;
		rows[nvalid].request = subm_dump(&s);
		subm_release(&s);
		if (!rows[nvalid++].request)
			r = -ENOMEM;
	}
	if (r) {
		http_error(resp, 500, "out of memory");
		goto out;
	}
	if (nvalid && (r = accept_rows(app, rows, nvalid))) {
		accept_error(app, resp, r);
		goto out;
	}
	json_t *answer = json_array();
	for (size_t i = 0, k = 0; answer && i < n; i++) {
		if (errs[i].body) {
			json_array_append(answer, errs[i].body);
		} else {
			json_array_append_new(answer, json_pack("{s:s}", "token", rows[k].token));
			k++;
		}
	}
	http_json(resp, nvalid ? 201 : 422, answer);
out:
	for (size_t i = 0; rows && i < n; i++)
		free(rows[i].request);
	for (size_t i = 0; errs && i < n; i++)
		json_decref(errs[i].body);
	free(rows);
	free(errs);
}

/* GET /submissions/batch?tokens=a,b,c (or a `tokens` header): each
 * submission, null for an unknown token. */
static void batch_show(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const struct config *cfg = &app->cfg;
	const char *fields = http_query(req, "fields");
	char msg[128];
	if (bad_fields(fields, resp))
		return;
	const char *given = http_header(req, "tokens");
	if (!given)
		given = http_query(req, "tokens");
	/* Ruby's strip.split(","): empty pieces count, trailing ones do not. */
	char *copy = strdup(given ? given : "");
	size_t commas = 0;
	for (const char *c = copy; c && *c; c++)
		commas += *c == ',';
	char **tokens = copy ? calloc(commas + 1, sizeof(char *)) : NULL;
	if (!tokens) {
		free(copy);
		http_error(resp, 500, "out of memory");
		return;
	}
	size_t n = 0;
	char *s = copy;
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	for (char *p = s; len && p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		tokens[n++] = p;
		p = comma ? comma + 1 : NULL;
	}
	while (n && !tokens[n - 1][0])
		n--;
	if (n > cfg->max_submission_batch_size) {
		str_printf(msg, sizeof(msg), "number of submissions in a batch should be less than or equal to %u",
			   cfg->max_submission_batch_size);
		http_error(resp, 400, msg);
		goto out;
	}
	if (n == 0) {
		http_error(resp, 400, "there should be at least one submission in a batch");
		goto out;
	}
	bool base64 = param_true(req, NULL, "base64_encoded");
	json_t *subs = json_array();
	for (size_t i = 0; subs && i < n; i++) {
		struct store_row row = { 0 };
		char *t = tokens[i];
		while (isspace((unsigned char)*t))
			t++;
		size_t tl = strlen(t);
		while (tl && isspace((unsigned char)t[tl - 1]))
			t[--tl] = '\0';
		int r = token_ok(t) ? store_get(app->store, t, &row) : -ENOENT;
		if (r == -ENOENT) {
			json_array_append_new(subs, json_null());
			continue;
		}
		json_t *one = NULL;
		char err[320];
		if (!r)
			r = subm_render(&row, fields, base64, &one, err, sizeof(err));
		store_row_release(&row);
		if (r) {
			json_decref(subs);
			subs = NULL;
			http_error(resp, r == -EILSEQ ? 400 : 500, r == -EILSEQ ? UTF8_ERROR_MANY : "the store failed");
			goto out;
		}
		json_array_append_new(subs, one);
	}
	if (subs)
		http_json(resp, 200, json_pack("{s:o}", "submissions", subs));
	else
		http_error(resp, 500, "out of memory");
out:
	free(tokens);
	free(copy);
}

/* Batch routes first: "/submissions/batch" would match ":token". */
const struct http_route routes_submissions[] = {
	/* Judge0 forgets maintenance for batches; here it means no new work too. */
	{ "POST", "/submissions/batch", batch_create, HTTP_AUTH_USER,
	  ROUTE_BATCH | ROUTE_WRITE | ROUTE_JSON_BODY | ROUTE_JUDGE0 },
	{ "GET", "/submissions/batch", batch_show, HTTP_AUTH_USER, ROUTE_BATCH },
	{ "POST", "/submissions", create, HTTP_AUTH_USER, ROUTE_WRITE | ROUTE_JSON_BODY | ROUTE_JUDGE0 },
	{ "GET", "/submissions", list_all, HTTP_AUTH_ADMIN, 0 },
	{ "GET", "/submissions/:token", show, HTTP_AUTH_USER, 0 },
	{ "DELETE", "/submissions/:token", destroy, HTTP_AUTH_ADMIN, ROUTE_WRITE | ROUTE_JUDGE0 },
	{ 0 },
};
