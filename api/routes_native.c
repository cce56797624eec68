/* routes_native.c - pairbox's own API beyond Judge0 (docs/api.md):
 *
 *   POST /api/v1/submissions             one program, many tests, one token
 *   GET  /api/v1/submissions/:token      verdict overall and per test
 *   GET  /api/v1/submissions/:token/events  Server-Sent Events: queued,
 *                                        compiling, test k of n, finished
 *   GET  /api/v1/health                  liveness and queue figures
 *   GET  /metrics                        Prometheus text format */
#define _GNU_SOURCE
#include "app.h"
#include "dispatch.h"
#include "evstream.h"
#include "http.h"
#include "outbuf.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define NATIVE_MAX_TESTS 1000
#define METRICS_MAX (64 * 1024)   /* the page is about 3 KB */


/* The native body names things plainly; the rest is Judge0's attributes:
 *   {"language": "python3" | 71, "source": "...", "tests": [{"name", "input",
 *    "expected"}], "compare": "tokens,abs=1e-6", ...Judge0 limits...} */
static int native_parse(struct app *app, json_t *body, struct subm *s, json_t **errors)
{
	json_t *in = json_deep_copy(body);
	json_t *lang = json_object_get(in, "language"), *src = json_object_get(in, "source");
	json_t *tests = json_object_get(in, "tests"), *cmp = json_object_get(in, "compare");
	if (lang && !json_object_get(in, "language_id")) {
		const struct lang *l = json_is_string(lang) ? lang_find(json_string_value(lang)) : NULL;
		if (json_is_integer(lang))
			json_object_set(in, "language_id", lang);
		else if (l)
			json_object_set_new(in, "language_id", json_integer(l->judge0_id ? l->judge0_id : -1));
		else {
			*errors = json_pack("{s:[s]}", "language", "is not a language this server has (GET /languages)");
			json_decref(in);
			return -EINVAL;
		}
	}
	if (src && !json_object_get(in, "source_code"))
		json_object_set(in, "source_code", src);
	if (tests && (!json_is_array(tests) || !json_array_size(tests) || json_array_size(tests) > NATIVE_MAX_TESTS)) {
		*errors = json_pack("{s:[s]}", "tests", "must be an array of 1 to 1000 {name, input, expected} objects");
		json_decref(in);
		return -EINVAL;
	}
	if (cmp && (!json_is_string(cmp) || json_string_length(cmp) >= sizeof(s->compare))) {
		*errors = json_pack("{s:[s]}", "compare", "must be a comparator spec such as \"tokens,abs=1e-6\"");
		json_decref(in);
		return -EINVAL;
	}
	int r = subm_parse(in, false, &app->cfg, s, errors);
	if (r) {
		json_decref(in);
		return r;
	}
	if (cmp) {
		struct compare_opts co;
		char e[128];
		if (compare_parse(json_string_value(cmp), &co, e, sizeof(e))) {
			*errors = json_pack("{s:[s]}", "compare", e);
			json_decref(in);
			return -EINVAL;
		}
		str_copy(s->compare, sizeof(s->compare), json_string_value(cmp));
	}
	size_t n = tests ? json_array_size(tests) : 0;
	if (n && !(s->tests = calloc(n, sizeof(*s->tests)))) {
		json_decref(in);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *t = json_array_get(tests, i);
		json_t *name = json_object_get(t, "name"), *input = json_object_get(t, "input");
		json_t *exp = json_object_get(t, "expected");
		char auto_name[16];
		if (!json_is_object(t) || (name && !json_is_string(name)) || (input && !json_is_string(input)) ||
		    (exp && !json_is_string(exp) && !json_is_null(exp))) {
			*errors = json_pack("{s:[s]}", "tests", "each test is {\"name\": string, \"input\": string, \"expected\": string}");
			json_decref(in);
			return -EINVAL;
		}
		str_printf(auto_name, sizeof(auto_name), "%zu", i + 1);
		struct subm_test *st = &s->tests[s->ntests++];
		const char *nm = name ? json_string_value(name) : auto_name;
		st->name.data = strdup(nm);
		st->name.len = strlen(nm);
		if (input) {
			st->input.data = strndup(json_string_value(input), json_string_length(input));
			st->input.len = json_string_length(input);
		}
		if (json_is_string(exp)) {
			st->expected.data = strndup(json_string_value(exp), json_string_length(exp));
			st->expected.len = json_string_length(exp);
		}
		if (!st->name.data || (input && !st->input.data) || (json_is_string(exp) && !st->expected.data)) {
			json_decref(in);
			return -ENOMEM;
		}
	}
	json_decref(in);
	return 0;
}

static void get_native(struct http_req *req, struct http_resp *resp)
{
	struct store_row row = { 0 };
	int r = store_get(req->app->store, req->params[0], &row);
	if (r == -ENOENT) {
		http_error(resp, 404, "submission not found");
		return;
	}
	if (r) {
		http_error(resp, 500, "store unavailable");
		return;
	}
	http_json(resp, 200, subm_native_json(&row));
	store_row_release(&row);
}

static void post_native(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	struct subm s;
	subm_init(&s);
	json_t *errors = NULL;
	int r = native_parse(app, req->json, &s, &errors);
	if (r) {
		if (errors)
			http_json(resp, 422, errors);
		else
			http_error(resp, 500, "out of memory");
		subm_release(&s);
		return;
	}
	char token[STORE_TOKEN_LEN + 1];
	r = dispatch_accept_subm(app->dispatch, &s, token);
	subm_release(&s);
	if (r) {
		http_error(resp, r == -EAGAIN ? 503 : 500, r == -EAGAIN ? "queue is full" : "the submission could not be stored");
		return;
	}
	const char *wait = http_query(req, "wait");
	if (wait && !strcmp(wait, "true") && app->cfg.enable_wait_result) {
		/* Bounded: every test's wall limit, compile and a margin. */
		unsigned bound = (unsigned)(app->cfg.max_wall_time_limit * 1000) * 4 + 120000;
		dispatch_wait(app->dispatch, token, bound);
		struct store_row done = { 0 };
		if (store_get(app->store, token, &done) == 0) {
			http_json(resp, 201, subm_native_json(&done));
			store_row_release(&done);
			return;
		}
	}
	http_json(resp, 201, json_pack("{s:s}", "token", token));
}

/* ---- the event stream (evstream.h) ---- */

struct ev_conn {
	struct evstream *es;
	struct dispatch *d;
	long sub;
};

static long ev_next(void *ctx, char *buf, size_t max)
{
	struct ev_conn *c = ctx;
	return evstream_next(c->es, buf, max, 1000);   /* a keep-alive each second finds closed connections */
}

static void ev_free(void *ctx)
{
	struct ev_conn *c = ctx;
	if (c->sub > 0)
		dispatch_unsubscribe(c->d, c->sub);     /* first: no push after the free */
	evstream_free(c->es);
	free(c);
}

static void get_events(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	struct store_row row = { 0 };
	int r = store_get(app->store, req->params[0], &row);
	if (r) {
		http_error(resp, r == -ENOENT ? 404 : 500, r == -ENOENT ? "submission not found" : "store unavailable");
		return;
	}
	struct ev_conn *c = calloc(1, sizeof(*c));
	if (c)
		c->es = evstream_new(row.token);
	if (!c || !c->es) {
		free(c);
		store_row_release(&row);
		http_error(resp, 500, "out of memory");
		return;
	}
	c->d = app->dispatch;
	c->sub = row.status_id <= 2 ? dispatch_subscribe(app->dispatch, row.token, evstream_push, c->es) : -ENOENT;
	if (c->sub < 0) {
		/* Final already (or finished between the read and the
		 * subscription): the stream is just its end. */
		struct store_row now = { 0 };
		int status = store_get(app->store, row.token, &now) == 0 ? now.status_id : row.status_id;
		store_row_release(&now);
		evstream_push(c->es, &(struct judge_event){ .kind = JUDGE_FINISHED, .status = status });
	}
	store_row_release(&row);
	resp->status = 200;
	resp->content_type = "text/event-stream";
	resp->headers[0][0] = "Cache-Control";
	resp->headers[0][1] = "no-cache";
	resp->stream = (struct http_stream){ ev_next, ev_free, c };
}

/* ---- health and metrics ---- */

/* A shared store's figures for this node's health (docs/cluster.md): the
 * node, the queue every node shares, the notes. NULL on SQLite. */
static json_t *cluster_json(struct app *app, bool *ok)
{
	struct dispatch_node node;
	dispatch_node(app->dispatch, &node);
	if (!node.shared)
		return NULL;
	struct store_queue_stats q = { 0 };
	*ok = store_queue_stats(app->store, unix_ms(), &q) == 0 && *ok;
	struct store_bus_stats bus;
	store_bus_stats(app->store, &bus);
	return json_pack("{s:{s:s,s:s,s:I,s:I,s:I,s:I},s:{s:I,s:I,s:I,s:I,s:I},s:{s:I,s:I,s:I,s:I}}",
			 "node", "id", node.id, "kind", node.kind, "workers", (json_int_t)node.threads, "running",
			 (json_int_t)node.held, "judged", (json_int_t)node.judged, "judged_after_lease",
			 (json_int_t)node.stale,
			 "queue", "queued", (json_int_t)q.queued, "leases_held", (json_int_t)q.leased, "leases_expired",
			 (json_int_t)q.expired, "callbacks_unsent", (json_int_t)q.outbox, "oldest_queued_ms",
			 (json_int_t)q.oldest_queued_ms,
			 "notes", "heard", (json_int_t)node.notes, "lag_last_ms", (json_int_t)node.lag_last_ms,
			 "lag_avg_ms", (json_int_t)node.lag_avg_ms, "reconnects", (json_int_t)bus.reconnects);
}

static void get_health(struct http_req *req, struct http_resp *resp)
{
	struct dispatch_stats ds;
	dispatch_stats(req->app->dispatch, &ds);
	uint64_t by[16], total = 0;
	bool store_ok = store_counts(req->app->store, by, &total) == 0;
	json_t *cluster = cluster_json(req->app, &store_ok);
	json_t *o = json_pack("{s:s,s:s,s:I,s:{s:I,s:I,s:I,s:I},s:I}", "status", store_ok ? "ok" : "store unavailable",
			      "version", req->app->version, "uptime_seconds",
			      (json_int_t)(time(NULL) - req->app->started_at), "workers", "count", (json_int_t)ds.workers,
			      "queued", (json_int_t)ds.queued, "running", (json_int_t)ds.running, "queue_max",
			      (json_int_t)ds.queue_max, "submissions", (json_int_t)total);
	if (cluster)
		json_object_update(o, cluster);
	json_decref(cluster);
	http_json(resp, store_ok ? 200 : 503, o);
}

static void get_metrics(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	struct app_stats *st = &app->stats;
	struct dispatch_stats ds;
	dispatch_stats(app->dispatch, &ds);
	struct outbuf t;
	outbuf_init_policy(&t, METRICS_MAX, OUTBUF_REFUSE);
	outbuf_addf(&t, "# HELP pairbox_queue_length Submissions waiting for a worker.\n# TYPE pairbox_queue_length gauge\n"
		"pairbox_queue_length %zu\n", ds.queued);
	outbuf_addf(&t, "# HELP pairbox_running Submissions being judged.\n# TYPE pairbox_running gauge\npairbox_running %zu\n",
	    ds.running);
	outbuf_addf(&t, "# HELP pairbox_workers Judging workers.\n# TYPE pairbox_workers gauge\npairbox_workers %zu\n", ds.workers);
	outbuf_addf(&t, "# HELP pairbox_http_requests_total HTTP requests answered.\n# TYPE pairbox_http_requests_total counter\n"
		"pairbox_http_requests_total %llu\n", (unsigned long long)atomic_load(&st->requests));
	outbuf_addf(&t, "# HELP pairbox_http_errors_total HTTP error responses by class.\n# TYPE pairbox_http_errors_total counter\n"
		"pairbox_http_errors_total{class=\"4xx\"} %llu\npairbox_http_errors_total{class=\"5xx\"} %llu\n",
	    (unsigned long long)atomic_load(&st->responses_4xx), (unsigned long long)atomic_load(&st->responses_5xx));
	outbuf_addf(&t, "# HELP pairbox_submissions_total Submissions accepted, and refused because the queue was full.\n"
		"# TYPE pairbox_submissions_total counter\npairbox_submissions_total{result=\"accepted\"} %llu\n"
		"pairbox_submissions_total{result=\"queue_full\"} %llu\n",
	    (unsigned long long)atomic_load(&st->submissions_accepted),
	    (unsigned long long)atomic_load(&st->submissions_rejected_full));
	outbuf_addf(&t, "# HELP pairbox_verdicts_total Final verdicts by Judge0 status.\n# TYPE pairbox_verdicts_total counter\n");
	for (int i = 3; i <= 14; i++)
		outbuf_addf(&t, "pairbox_verdicts_total{status=\"%d\",description=\"%s\"} %llu\n", i, box_status_description(i),
		    (unsigned long long)atomic_load(&st->verdicts[i]));
	static const char *const le[12] = { "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf" };
	outbuf_addf(&t, "# HELP pairbox_judge_seconds From acceptance to the stored result.\n# TYPE pairbox_judge_seconds histogram\n");
	uint64_t cum = 0;
	for (int i = 0; i < 12; i++) {
		cum += atomic_load(&st->latency_buckets[i]);
		outbuf_addf(&t, "pairbox_judge_seconds_bucket{le=\"%s\"} %llu\n", le[i], (unsigned long long)cum);
	}
	outbuf_addf(&t, "pairbox_judge_seconds_sum %.3f\npairbox_judge_seconds_count %llu\n",
	    (double)atomic_load(&st->latency_sum_ms) / 1000.0, (unsigned long long)atomic_load(&st->latency_count));
	struct dispatch_node node;
	dispatch_node(app->dispatch, &node);
	struct store_queue_stats q = { 0 };
	if (node.shared && store_queue_stats(app->store, unix_ms(), &q) == 0) {
		outbuf_addf(&t, "# HELP pairbox_queue_leases Submissions Processing under a live lease, and whose lease "
			"passed (their worker died: claimed again soon).\n# TYPE pairbox_queue_leases gauge\n"
			"pairbox_queue_leases{state=\"held\"} %llu\npairbox_queue_leases{state=\"expired\"} %llu\n",
		    (unsigned long long)q.leased, (unsigned long long)q.expired);
		outbuf_addf(&t, "# HELP pairbox_callbacks_unsent Callbacks in the store's outbox.\n"
			"# TYPE pairbox_callbacks_unsent gauge\npairbox_callbacks_unsent %llu\n", (unsigned long long)q.outbox);
		outbuf_addf(&t, "# HELP pairbox_node_judged_total Results this node stored.\n"
			"# TYPE pairbox_node_judged_total counter\npairbox_node_judged_total %llu\n",
		    (unsigned long long)node.judged);
		outbuf_addf(&t, "# HELP pairbox_notes_total \"done\" notes this node heard.\n# TYPE pairbox_notes_total counter\n"
			"pairbox_notes_total %llu\n# HELP pairbox_note_lag_ms From a result's commit to its note heard here "
			"(the last one).\n# TYPE pairbox_note_lag_ms gauge\npairbox_note_lag_ms %llu\n",
		    (unsigned long long)node.notes, (unsigned long long)node.lag_last_ms);
	}
	if (t.error) {                   /* past METRICS_MAX, or out of memory: never half a page */
		outbuf_release(&t);
		http_error(resp, 500, "the metrics could not be rendered");
		return;
	}
	resp->status = 200;
	resp->body = t.data;             /* the response's now */
	resp->body_len = t.len;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

const struct http_route routes_native[] = {
	{ "POST", "/api/v1/submissions", post_native, HTTP_AUTH_USER, ROUTE_WRITE | ROUTE_JSON_BODY },
	{ "GET", "/api/v1/submissions/:token", get_native, HTTP_AUTH_USER, 0 },
	{ "GET", "/api/v1/submissions/:token/events", get_events, HTTP_AUTH_USER, 0 },
	{ "GET", "/api/v1/health", get_health, HTTP_AUTH_NONE, 0 },
	{ "GET", "/metrics", get_metrics, HTTP_AUTH_USER, 0 },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
