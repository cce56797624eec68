/* hub_judge.c - run and submit in a room (docs/realtime.md): the server's
 * copy of the document at its current version, never a copy a client
 * sent, judged through the same dispatch as every problem submission
 * (stored, queued, judged by the workers with the problem's limits and
 * harness, psubm.h), on a thread of its own that waits for the result.
 * The start and the result are logged before the room hears of them;
 * a submit's per-test progress goes out as it comes (the result, logged,
 * carries every test's verdict again). PROBLEM-HIDDEN: a submit's
 * messages carry no test's data, only names, verdicts, time and memory. */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "box_json.h"
#include "dispatch.h"
#include "harness.h"
#include "hub_int.h"
#include "jsontext.h"
#include "problem_view.h"
#include "subm.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_SLICE_MS 1000
#define WAIT_MAX_MS (15 * 60 * 1000)

struct judge_job {
	struct room *room;                 /* referenced */
	struct ws_conn *ws;                /* the requester's, referenced: for its errors */
	int slot;
	bool submit;
	struct subm subm;
	int64_t version;
	char language[STORE_ROOM_LANG_MAX + 1];
	bool custom;                       /* a run on the user's input */
	size_t ntests;
	char token[STORE_TOKEN_LEN + 1];
};

static const char *kind_of(const struct judge_job *j, bool result)
{
	return j->submit ? (result ? "submit-result" : "submit-started") : (result ? "run-result" : "run-started");
}

/* Log a row of the job and send its message to the room (both stolen). */
static void job_log(struct judge_job *j, const char *kind, json_t *data, json_t *msg, bool done)
{
	struct room *r = j->room;
	pthread_mutex_lock(&r->lock);
	if (done)
		r->judging--;
	/* A broken room's rows would follow lost ones; a room being deleted
	 * takes no more. */
	bool refused = r->broken || r->cancelled || r->deleted;
	struct hub_entry *e = refused ? NULL : hub_entry_new(r, kind, j->slot, unix_ms(), data, false, msg);
	if (e)
		hub_queue(r->hub, e);
	else if (!refused)
		fprintf(stderr, "pairbox: room %s: out of memory logging %s\n", r->row.id, kind);
	else {
		json_decref(data);
		json_decref(msg);
	}
	pthread_mutex_unlock(&r->lock);
}

static void job_free(struct judge_job *j)
{
	subm_release(&j->subm);
	ws_conn_unref(j->ws);
	room_unref(j->room);
	free(j);
}

/* A submit's test as it finishes: to the room, not logged. */
static void on_progress(void *ctx, const struct judge_event *ev)
{
	struct judge_job *j = ctx;
	if (ev->kind != JUDGE_TEST_DONE)
		return;
	json_t *m = json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:I}", "type", "submit-test", "id", j->token, "name",
			      json_text(ev->name ? ev->name : "", ev->name ? strlen(ev->name) : 0), "status",
			      box_status_json(ev->status), "time", json_seconds(ev->cpu_ms), "memory",
			      (json_int_t)ev->memory_kb, "index", (json_int_t)ev->test, "total", (json_int_t)ev->ntests);
	size_t len = 0;
	char *text = room_dump(m, &len);
	pthread_mutex_lock(&j->room->lock);
	if (text) {
		room_broadcast(j->room, text, len);
		hub_note_live(j->room, -1, text, len, false);
	}
	pthread_mutex_unlock(&j->room->lock);
	free(text);
}

/* The room's view of a finished row: a run's outputs (and its samples'
 * data), a submit's verdicts only. */
static json_t *result_json(const struct judge_job *j, const struct store_row *row)
{
	json_t *v = subm_native_json(row);
	if (!v)
		return NULL;
	if (!j->submit && !j->custom && j->room->problem)
		problem_view_add_samples(j->room->problem->p, v);
	json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:s, s:O, s:O, s:O, s:O, s:O}", "type", kind_of(j, true), "id",
			      j->token, "version", (json_int_t)j->version, "user", room_user_json(j->room, j->slot),
			      "language", j->language, "status", json_object_get(v, "status"), "compile_output",
			      json_object_get(v, "compile_output"), "message", json_object_get(v, "message"), "time",
			      json_object_get(v, "time"), "memory", json_object_get(v, "memory"));
	json_t *tests = json_array(), *t;
	size_t i, passed = 0;
	json_array_foreach(json_object_get(v, "tests"), i, t) {
		json_t *x = json_pack("{s:O, s:O, s:O, s:O}", "name", json_object_get(t, "name"), "status",
				      json_object_get(t, "status"), "time", json_object_get(t, "time"), "memory",
				      json_object_get(t, "memory"));
		if (!j->submit && x) {
			static const char *const shown[] = { "stdout", "stderr", "input", "expected", "message" };
			for (size_t k = 0; k < sizeof(shown) / sizeof(shown[0]); k++)
				if (json_object_get(t, shown[k]))
					json_object_set(x, shown[k], json_object_get(t, shown[k]));
		}
		passed += json_integer_value(json_object_get(json_object_get(t, "status"), "id")) == 3;
		json_array_append_new(tests, x);
	}
	if (o && !j->submit) {
		json_object_set(o, "stdout", json_object_get(v, "stdout"));
		json_object_set(o, "stderr", json_object_get(v, "stderr"));
	}
	if (o) {
		json_object_set_new(o, "tests", tests);
		json_object_set_new(o, "passed", json_integer((json_int_t)passed));
		json_object_set_new(o, "total", json_integer((json_int_t)j->ntests));
	} else {
		json_decref(tests);
	}
	json_decref(v);
	return o;
}

static void *judge_main(void *arg)
{
	struct judge_job *j = arg;
	struct room *r = j->room;
	struct hub *h = r->hub;
	struct app *app = h->app;
	int e = dispatch_accept_subm(app->dispatch, &j->subm, j->token);
	if (e) {
		pthread_mutex_lock(&r->lock);
		r->judging--;
		pthread_mutex_unlock(&r->lock);
		hub_send(j->ws, json_pack("{s:s, s:s, s:s, s:s}", "type", "error", "code", e == -EAGAIN ? "judge-busy" : "server",
					  "message", e == -EAGAIN ? "the judge's queue is full: try again" : "the judge could not take it",
					  "in", j->submit ? "submit" : "run"));
		goto out;
	}
	json_t *started = json_pack("{s:s, s:s, s:I, s:o, s:s}", "type", kind_of(j, false), "id", j->token, "version",
				    (json_int_t)j->version, "user", room_user_json(r, j->slot), "language", j->language);
	job_log(j, j->submit ? "submit" : "run", json_deep_copy(started), started, false);

	long sub = j->submit ? dispatch_subscribe(app->dispatch, j->token, on_progress, j) : 0;
	/* Bounded: a compile, and each test's limits with a margin. */
	double tl = j->subm.cpu_time_limit > 0 ? j->subm.cpu_time_limit : 5;
	double bound = 120000.0 + (double)j->ntests * (3 * tl + 1) * 1000;
	int64_t until = unix_ms() + (int64_t)(bound > WAIT_MAX_MS ? WAIT_MAX_MS : bound);
	while ((e = dispatch_wait(app->dispatch, j->token, WAIT_SLICE_MS)) == -ETIMEDOUT && !hub_stopping(h) &&
	       unix_ms() < until)
		;
	if (sub > 0)
		dispatch_unsubscribe(app->dispatch, sub);
	struct store_row row = { 0 };
	json_t *res = !e && store_get(app->store, j->token, &row) == 0 ? result_json(j, &row) : NULL;
	store_row_release(&row);
	if (!res) {
		/* Stopping, or not judged in time: the submission stays stored
		 * (GET /submissions/:token shows it when it is). */
		pthread_mutex_lock(&r->lock);
		r->judging--;
		pthread_mutex_unlock(&r->lock);
		if (!hub_stopping(h))
			hub_send(j->ws, json_pack("{s:s, s:s, s:s, s:s}", "type", "error", "code", "judge-busy", "message",
						  "no result in time", "in", j->submit ? "submit" : "run"));
		goto out;
	}
	json_t *data = json_deep_copy(res);
	json_object_del(data, "type");
	job_log(j, kind_of(j, true), data, res, true);
out:
	job_free(j);
	hub_thread_done(h);
	return NULL;
}

void hub_judge_request(struct hub_conn *c, const json_t *msg, bool submit, int64_t now_ms)
{
	(void)now_ms;
	struct room *r = c->room;
	const char *in = submit ? "submit" : "run";
	if (!r->problem) {
		hub_send_error(c, "bad-message", "the room's problem is not on this server any more", in);
		return;
	}
	const struct problem *p = r->problem->p;
	json_t *lj = json_object_get(msg, "language");
	json_t *ownlang = lj ? NULL : json_string(r->language);
	const struct lang *l = bank_lang(lj ? lj : ownlang);
	json_decref(ownlang);
	char why[512];
	const char *bad = problem_lang_problem(r->hub->app->bank, p, l, why, sizeof(why));
	if (bad) {
		char m[600];
		str_printf(m, sizeof(m), "language %s", bad);
		hub_send_error(c, "bad-message", m, in);
		return;
	}
	json_t *stdin_j = submit ? NULL : json_object_get(msg, "stdin");
	if (stdin_j && json_is_null(stdin_j))
		stdin_j = NULL;
	if (stdin_j && (!json_is_string(stdin_j) || json_string_length(stdin_j) > HUB_STDIN_MAX)) {
		hub_send_error(c, "bad-message", "stdin is a string of at most 64 KiB", in);
		return;
	}
	if (stdin_j && p->sig &&
	    harness_check_input(p->sig, json_string_value(stdin_j), json_string_length(stdin_j), why, sizeof(why))) {
		hub_send_error(c, "bad-message", why, in);
		return;
	}
	if (!submit && !stdin_j && !p->nsamples) {
		hub_send_error(c, "bad-message", "stdin is required: this problem has no samples to run", in);
		return;
	}
	if (r->judging) {
		hub_send_error(c, "judge-busy", "the room's last run or submit is still being judged", in);
		return;
	}
	struct judge_job *j = calloc(1, sizeof(*j));
	char *src = NULL;
	size_t srclen = 0;
	if (!j || room_doc_utf8(r->doc, &src, &srclen)) {
		free(j);
		hub_send_error(c, "server", "out of memory", in);
		return;
	}
	enum subm_scope scope = submit ? SUBM_SCOPE_ALL : stdin_j ? SUBM_SCOPE_CUSTOM : SUBM_SCOPE_SAMPLES;
	int e = problem_attempt(&r->hub->app->cfg, p, l, src, srclen, json_string_value(stdin_j),
				json_string_length(stdin_j), scope, &j->subm);
	free(src);
	if (e) {
		free(j);
		hub_send_error(c, "server", "out of memory", in);
		return;
	}
	j->room = r;
	j->ws = c->ws;
	j->slot = c->slot;
	j->submit = submit;
	j->version = r->version;
	j->custom = stdin_j != NULL;
	j->ntests = scope == SUBM_SCOPE_ALL ? p->ntests : scope == SUBM_SCOPE_SAMPLES ? p->nsamples : 1;
	str_copy(j->language, sizeof(j->language), l->name);
	room_ref(r);
	ws_conn_ref(c->ws);
	r->judging++;
	if (hub_spawn(r->hub, judge_main, j)) {
		r->judging--;
		job_free(j);
		hub_send_error(c, "judge-busy", "the server is judging too much at once: try again", in);
	}
}
