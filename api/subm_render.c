/* subm_render.c - a stored submission in Judge0's response shape:
 * `fields` selection, text or Ruby's MIME base64, Rails' datetimes; and
 * pairbox's native view of it (subm.h; keys in docs/api.md). */
#define _GNU_SOURCE
#include "subm.h"
#include "base64.h"
#include "box_json.h"
#include "jsontext.h"
#include "langinfo.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- rendering ---- */

/* Judge0's attributes (its table's columns, then status and language),
 * in the order Judge0's serializer writes them; then pairbox's own,
 * which only an explicit `fields` asks for (a strict client given `*`
 * must not meet keys it does not know). */
enum field {
	F_SOURCE_CODE, F_LANGUAGE_ID, F_STDIN, F_EXPECTED_OUTPUT, F_STDOUT, F_STATUS_ID, F_CREATED_AT,
	F_FINISHED_AT, F_TIME, F_MEMORY, F_STDERR, F_TOKEN, F_NUMBER_OF_RUNS, F_CPU_TIME_LIMIT,
	F_CPU_EXTRA_TIME, F_WALL_TIME_LIMIT, F_MEMORY_LIMIT, F_STACK_LIMIT, F_MAX_PROCESSES,
	F_PER_PROCESS_TIME, F_PER_PROCESS_MEMORY, F_MAX_FILE_SIZE, F_COMPILE_OUTPUT, F_EXIT_CODE,
	F_EXIT_SIGNAL, F_MESSAGE, F_WALL_TIME, F_COMPILER_OPTIONS, F_COMMAND_LINE_ARGUMENTS,
	F_REDIRECT_STDERR, F_CALLBACK_URL, F_ADDITIONAL_FILES, F_ENABLE_NETWORK, F_STATUS, F_LANGUAGE,
	F_JUDGE0_END,
	F_LIMIT = F_JUDGE0_END, F_TESTS, F_PROBLEM,   /* beyond Judge0 */
	F_END
};

static const char *const field_names[F_END] = {
	"source_code", "language_id", "stdin", "expected_output", "stdout", "status_id", "created_at",
	"finished_at", "time", "memory", "stderr", "token", "number_of_runs", "cpu_time_limit",
	"cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit", "max_processes_and_or_threads",
	"enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit",
	"max_file_size", "compile_output", "exit_code", "exit_signal", "message", "wall_time",
	"compiler_options", "command_line_arguments", "redirect_stderr_to_stdout", "callback_url",
	"additional_files", "enable_network", "status", "language",
	"limit", "tests", "problem",
};

/* Judge0's default set (Fields::Submission#default_fields). */
static const enum field default_fields[] = { F_TOKEN, F_TIME, F_MEMORY, F_STDOUT, F_STDERR, F_COMPILE_OUTPUT,
					     F_MESSAGE, F_STATUS };

static int field_index(const char *name, size_t n)
{
	for (int i = 0; i < F_END; i++)
		if (strlen(field_names[i]) == n && !memcmp(field_names[i], name, n))
			return i;
	return -1;
}

/* Parse `fields` into sel[]; unknown names go into error as Judge0
 * words it: "invalid fields: [foo, bar]". */
static int fields_select(const char *fields, bool sel[F_END], char *error, size_t errlen)
{
	memset(sel, 0, F_END * sizeof(bool));
	bool any = false, star = false;
	char bad[256] = "";
	size_t nbad = 0, used = 0;
	for (const char *p = fields ? fields : ""; *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *w = p;
		while (n && (*w == ' ' || *w == '\t'))
			w++, n--;
		while (n && (w[n - 1] == ' ' || w[n - 1] == '\t'))
			n--;
		p = e ? e + 1 : p + strlen(p);
		if (!n)
			continue;
		if (n == 1 && *w == '*') {
			star = any = true;
			continue;
		}
		int i = field_index(w, n);
		if (i >= 0) {
			sel[i] = any = true;
			continue;
		}
		/* Quoted back in a JSON string: kept short and printable. */
		if (nbad++ && used + 2 < sizeof(bad)) {
			bad[used++] = ',';
			bad[used++] = ' ';
		}
		for (size_t k = 0; k < n && used + 1 < sizeof(bad); k++)
			bad[used++] = w[k] >= 0x20 && w[k] < 0x7f ? w[k] : '?';
		bad[used] = '\0';
	}
	if (nbad) {
		str_printf(error, errlen, "invalid fields: [%s]", bad);
		return -EINVAL;
	}
	if (star)
		for (int i = 0; i < F_JUDGE0_END; i++)
			sel[i] = true;
	if (!any)
		for (size_t i = 0; i < sizeof(default_fields) / sizeof(default_fields[0]); i++)
			sel[default_fields[i]] = true;
	return 0;
}

int subm_fields_check(const char *fields, char *error, size_t errlen)
{
	bool sel[F_END];
	return fields_select(fields, sel, error, errlen);
}

/* A text attribute: base64 in Ruby's MIME style, or the text itself,
 * which JSON can only carry when it is UTF-8 (else *bad is set). */
static json_t *text_json(const struct subm_bytes *b, bool base64, bool *bad)
{
	if (!b->data)
		return json_null();
	if (base64)
		return subm_bytes_b64(b, true);
	json_t *j = json_stringn(b->data, b->len);
	if (!j)
		*bad = true;
	return j ? j : json_null();
}

/* A stored output (plain base64 or null), as text or base64. */
static json_t *output_json(json_t *res, const char *key, bool base64, bool *bad, int *err)
{
	struct subm_bytes b = { 0 };
	if (res && (*err = subm_bytes_load(res, key, &b)))
		return NULL;
	json_t *j = text_json(&b, base64, bad);
	subm_bytes_free(&b);
	return j;
}

static json_t *copy_or_null(json_t *res, const char *key)
{
	json_t *v = res ? json_object_get(res, key) : NULL;
	return v ? json_deep_copy(v) : json_null();
}

static json_t *language_json(int id)
{
	char name[128];
	langinfo_name(id, name, sizeof(name));
	if (!name[0]) {
		char idbuf[24];
		str_printf(idbuf, sizeof(idbuf), "%d", id);
		const struct lang *l = lang_find_any(idbuf);
		if (!l)
			return json_null();
		lang_display(l, name, sizeof(name));
	}
	return json_pack("{s:i, s:s}", "id", id, "name", name);
}

static json_t *message_out(json_t *res, bool base64)
{
	const char *m = res ? json_string_value(json_object_get(res, "message")) : NULL;
	if (!m)
		return json_null();
	if (!base64)
		return json_string(m);
	struct subm_bytes mb = { (char *)m, strlen(m) };
	return subm_bytes_b64(&mb, true);
}

static json_t *option_json(const struct subm_bytes *v)
{
	return v->data ? json_text(v->data, v->len) : json_null();
}

static json_t *field_json(enum field f, const struct store_row *row, const struct subm *s, json_t *res,
			  bool base64, bool *bad, int *err)
{
	switch (f) {
	case F_SOURCE_CODE: return text_json(&s->source_code, base64, bad);
	case F_LANGUAGE_ID: return json_integer(s->language_id);
	case F_STDIN: return text_json(&s->stdin_data, base64, bad);
	case F_EXPECTED_OUTPUT: return text_json(&s->expected_output, base64, bad);
	case F_STDOUT:
	case F_STDERR:
	case F_COMPILE_OUTPUT: return output_json(res, field_names[f], base64, bad, err);
	case F_STATUS_ID: return json_integer(row->status_id);
	case F_CREATED_AT: return json_time_ms(row->created_at_ms);
	case F_FINISHED_AT: return json_time_ms(row->finished_at_ms);
	case F_TIME:
	case F_MEMORY:
	case F_WALL_TIME:
	case F_EXIT_CODE:
	case F_EXIT_SIGNAL:
	case F_LIMIT:
	case F_TESTS: return copy_or_null(res, field_names[f]);
	case F_TOKEN: return json_string(row->token);
	case F_NUMBER_OF_RUNS: return json_integer(s->number_of_runs);
	case F_CPU_TIME_LIMIT: return json_decimal(s->cpu_time_limit);
	case F_CPU_EXTRA_TIME: return json_decimal(s->cpu_extra_time);
	case F_WALL_TIME_LIMIT: return json_decimal(s->wall_time_limit);
	case F_MEMORY_LIMIT: return json_integer(s->memory_limit);
	case F_STACK_LIMIT: return json_integer(s->stack_limit);
	case F_MAX_PROCESSES: return json_integer(s->max_processes_and_or_threads);
	case F_PER_PROCESS_TIME: return json_boolean(s->enable_per_process_and_thread_time_limit);
	case F_PER_PROCESS_MEMORY: return json_boolean(s->enable_per_process_and_thread_memory_limit);
	case F_MAX_FILE_SIZE: return json_integer(s->max_file_size);
	case F_MESSAGE: return message_out(res, base64);
	case F_COMPILER_OPTIONS: return option_json(&s->compiler_options);
	case F_COMMAND_LINE_ARGUMENTS: return option_json(&s->command_line_arguments);
	case F_REDIRECT_STDERR: return json_boolean(s->redirect_stderr_to_stdout);
	case F_CALLBACK_URL: return option_json(&s->callback_url);
	case F_ADDITIONAL_FILES: return subm_bytes_b64(&s->additional_files, true);   /* always base64, as Judge0 */
	case F_ENABLE_NETWORK: return json_boolean(s->enable_network);
	case F_STATUS: return box_status_json(row->status_id);
	case F_LANGUAGE: return language_json(s->language_id);
	case F_PROBLEM:
		return s->problem[0] ? json_pack("{s:s, s:s}", "slug", s->problem, "tests", subm_scope_name(s->scope))
				     : json_null();
	case F_END: break;
	}
	return json_null();
}

int subm_render(const struct store_row *row, const char *fields, bool base64, json_t **out, char *error,
		size_t errlen)
{
	bool sel[F_END], bad = false;
	struct subm s;
	json_t *res = NULL, *o = NULL;
	int r = fields_select(fields, sel, error, errlen);
	*out = NULL;
	if (r)
		return r;
	if ((r = subm_load(row->request, &s))) {
		str_copy(error, errlen, "the stored submission cannot be read");
		return r == -ENOMEM ? r : -EBADMSG;
	}
	if (row->result && !(res = json_loads(row->result, 0, NULL))) {
		str_copy(error, errlen, "the stored result cannot be read");
		r = -EBADMSG;
		goto out;
	}
	if (!(o = json_object())) {
		r = -ENOMEM;
		goto out;
	}
	for (int f = 0; f < F_END; f++) {
		if (!sel[f])
			continue;
		int err = 0;
		json_t *v = field_json((enum field)f, row, &s, res, base64, &bad, &err);
		if (err) {
			str_copy(error, errlen, "the stored result cannot be read");
			r = err == -ENOMEM ? err : -EBADMSG;
			goto out;
		}
		if (!v || json_object_set_new(o, field_names[f], v)) {
			r = -ENOMEM;
			goto out;
		}
	}
	if (bad) {
		str_copy(error, errlen, SUBM_UTF8_ERROR);
		r = -EILSEQ;
		goto out;
	}
	*out = o;
	o = NULL;
out:
	json_decref(o);
	json_decref(res);
	subm_release(&s);
	return r;
}

/* The store keeps each test's output excerpts base64; the native view
 * shows them as text when they are UTF-8, else as KEY_base64. */
static void decode_outputs(json_t *tests)
{
	static const char *const keys[][2] = { { "stdout", "stdout_base64" }, { "stderr", "stderr_base64" } };
	size_t i;
	json_t *t;
	json_array_foreach(tests, i, t) {
		for (size_t k = 0; k < 2; k++) {
			json_t *b = json_object_get(t, keys[k][0]);
			char *raw = NULL;
			size_t n = 0;
			if (!json_is_string(b) || base64_decode(json_string_value(b), json_string_length(b), &raw, &n))
				continue;
			json_t *text = json_stringn(raw, n);     /* NULL when not UTF-8 */
			if (text) {
				json_object_set_new(t, keys[k][0], text);
			} else {
				json_object_set(t, keys[k][1], b);
				json_object_set_new(t, keys[k][0], json_null());
			}
			free(raw);
		}
	}
}

json_t *subm_native_json(const struct store_row *row)
{
	json_t *o = NULL;
	char e[128];
	if (subm_render(row, "token,status,language,stdout,stderr,compile_output,message,exit_code,exit_signal,"
			"time,wall_time,memory,created_at,finished_at,problem", false, &o, e, sizeof(e)))
		o = json_pack("{s:s,s:s}", "token", row->token, "error", e);
	if (!o)
		return NULL;
	json_t *res = row->result ? json_loads(row->result, 0, NULL) : NULL;
	json_t *tests = json_object_get(res, "tests"), *limit = json_object_get(res, "limit");
	decode_outputs(tests);
	json_object_set_new(o, "tests", tests ? json_incref(tests) : json_array());
	json_object_set(o, "limit", limit ? limit : json_null());
	json_object_set_new(o, "final", json_boolean(row->status_id > 2));
	json_decref(res);
	return o;
}
