/* judge_json.c - a judged result's one shape: which test decides it, and
 * Judge0's JSON of it for every caller (judge.h). */
#include "judge.h"
#include "base64.h"
#include "box_json.h"
#include "jsontext.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const struct judge_test_result *judge_deciding(const struct judge_result *r)
{
	for (size_t i = 0; i < r->nrun; i++)
		if (r->tests[i].status != BOX_ST_ACCEPTED)
			return &r->tests[i];
	return r->nrun ? &r->tests[r->nrun - 1] : NULL;
}

void judge_deciding_message(const struct judge_result *r, const struct judge_test_result *t, char *buf, size_t len)
{
	if (r->ntests > 1)
		str_printf(buf, len, "test %s: %s", t->name, t->message[0] ? t->message : box_status_description(t->status));
	else
		str_copy(buf, len, t->message);
}

/* Program output: text (invalid UTF-8 as U+FFFD), or plain base64 with
 * null for none (o->base64: Judge0 stores nil for an empty stream). */
static json_t *bytes_json(const char *data, size_t len, const struct judge_json_opts *o)
{
	if (!o->base64)
		return json_text(data, len);
	if (!data || !len)
		return json_null();
	char *t = base64_encode(data, len, false, NULL);
	json_t *j = t ? json_string(t) : NULL;
	free(t);
	return j;
}

/* Messages may quote a checker: json_text keeps the document valid. */
static json_t *message_json(const char *m)
{
	return m[0] ? json_text(m, strlen(m)) : json_null();
}

static json_t *limit_json(const struct box_result *run)
{
	return run && run->hit ? json_string(box_limit_name(run->hit)) : json_null();
}

/* A key for a new value: false (and nothing kept) when v is NULL (ENOMEM). */
static bool put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0;
}

static json_t *test_json(const struct judge_test_result *x, const struct judge_json_opts *o)
{
	json_t *j = json_object();
	bool ok = j && put(j, "name", json_text(x->name, strlen(x->name))) &&
		  put(j, "status", box_status_json(x->status)) &&
		  put(j, "time", json_seconds(x->cpu_ms)) &&
		  put(j, "wall_time", json_seconds(x->wall_ms)) &&
		  put(j, "memory", json_integer((json_int_t)x->memory_kb)) &&
		  put(j, "message", message_json(x->message)) &&
		  put(j, "exit_code", x->run.exit_code >= 0 ? json_integer(x->run.exit_code) : json_null()) &&
		  put(j, "limit", limit_json(&x->run));
	if (ok && o->excerpt) {
		const struct outbuf *s[2] = { &x->run.out, &x->run.err };
		static const char *const keys[2][2] = { { "stdout", "stdout_truncated" },
							{ "stderr", "stderr_truncated" } };
		for (size_t k = 0; ok && k < 2; k++) {
			size_t n = s[k]->len < o->excerpt ? s[k]->len : o->excerpt;
			ok = put(j, keys[k][0], bytes_json(s[k]->data, n, o)) &&
			     put(j, keys[k][1], json_boolean(n < s[k]->len || s[k]->truncated));
		}
	}
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *judge_result_json(const struct judge_result *r, const struct judge_json_opts *opts)
{
	static const struct judge_json_opts plain = { 0 };
	const struct judge_json_opts *o = opts ? opts : &plain;
	const struct judge_test_result *t = judge_deciding(r);
	const struct box_result *run = t ? &t->run : NULL;
	json_t *j = json_object();
	bool ok = j && put(j, "status", box_status_json(r->status)) &&
		  put(j, "stdout", run ? bytes_json(run->out.data, run->out.len, o) : json_null()) &&
		  put(j, "stderr", run ? bytes_json(run->err.data, run->err.len, o) : json_null()) &&
		  put(j, "compile_output", r->compile_output.len
		      ? bytes_json(r->compile_output.data, r->compile_output.len, o) : json_null()) &&
		  put(j, "message", message_json(r->message)) &&
		  put(j, "exit_code", run && run->exit_code >= 0 ? json_integer(run->exit_code) : json_null()) &&
		  put(j, "exit_signal", run && run->exit_signal ? json_integer(run->exit_signal) : json_null()) &&
		  put(j, "time", t ? json_seconds(t->cpu_ms) : json_null()) &&
		  put(j, "wall_time", t ? json_seconds(t->wall_ms) : json_null()) &&
		  put(j, "memory", t ? json_integer((json_int_t)t->memory_kb) : json_null()) &&
		  /* Beyond Judge0: which limit stopped the deciding run (Judge0
		   * folds CPU and wall time into 5, and memory and output into
		   * runtime errors). */
		  put(j, "limit", limit_json(run));
	/* Beyond Judge0: whether the compile came from the cache. */
	if (ok && r->cache != JUDGE_CACHE_NONE)
		ok = put(j, "compile_cache", json_string(r->cache == JUDGE_CACHE_HIT ? "hit" : "miss"));
	if (ok && r->checker_compile_output.len)
		ok = put(j, "checker_compile_output",
			 bytes_json(r->checker_compile_output.data, r->checker_compile_output.len, o));
	if (ok && (r->ntests > 1 || o->all_tests)) {
		json_t *a = json_array();
		ok = put(j, "tests", a);
		for (size_t i = 0; ok && i < r->nrun; i++) {
			json_t *x = test_json(&r->tests[i], o);
			ok = x && json_array_append_new(a, x) == 0;
		}
	}
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}
