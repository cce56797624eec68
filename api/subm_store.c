/* subm_store.c - what the store keeps of a submission: its request as a
 * JSON storage form (byte fields base64) and back, and its judged result
 * (judge_result_json() with the storage options) (subm.h). */
#include "subm.h"
#include "base64.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A test's stdout kept in the result for the native API's excerpt. */
#define SUBM_TEST_EXCERPT 1024

/* ---- storage form ---- */

static int set_new(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* The stored "problem" object: {slug, tests}. 0 or -EINVAL. */
static int load_problem(json_t *o, struct subm *out)
{
	json_t *p = json_object_get(o, "problem");
	if (!p)
		return 0;
	const char *slug = json_string_value(json_object_get(p, "slug"));
	const char *tests = json_string_value(json_object_get(p, "tests"));
	if (!slug || !slug[0] || !tests || str_copy(out->problem, sizeof(out->problem), slug))
		return -EINVAL;
	for (int i = SUBM_SCOPE_ALL; i <= SUBM_SCOPE_CUSTOM; i++)
		if (!strcmp(tests, subm_scope_name((enum subm_scope)i)))
			out->scope = (enum subm_scope)i;
	return out->scope == SUBM_SCOPE_NONE ? -EINVAL : 0;
}

char *subm_dump(const struct subm *s)
{
	json_t *o = json_object();
	int bad = !o;
	bad |= set_new(o, "v", json_integer(1));
	bad |= set_new(o, "language_id", json_integer(s->language_id));
	bad |= set_new(o, "source_code", subm_bytes_b64(&s->source_code, false));
	bad |= set_new(o, "stdin", subm_bytes_b64(&s->stdin_data, false));
	bad |= set_new(o, "expected_output", subm_bytes_b64(&s->expected_output, false));
	bad |= set_new(o, "additional_files", subm_bytes_b64(&s->additional_files, false));
	bad |= set_new(o, "compiler_options", subm_bytes_b64(&s->compiler_options, false));
	bad |= set_new(o, "command_line_arguments", subm_bytes_b64(&s->command_line_arguments, false));
	bad |= set_new(o, "callback_url", subm_bytes_b64(&s->callback_url, false));
	bad |= set_new(o, "cpu_time_limit", json_real(s->cpu_time_limit));
	bad |= set_new(o, "cpu_extra_time", json_real(s->cpu_extra_time));
	bad |= set_new(o, "wall_time_limit", json_real(s->wall_time_limit));
	bad |= set_new(o, "memory_limit", json_integer(s->memory_limit));
	bad |= set_new(o, "stack_limit", json_integer(s->stack_limit));
	bad |= set_new(o, "max_processes_and_or_threads", json_integer(s->max_processes_and_or_threads));
	bad |= set_new(o, "max_file_size", json_integer(s->max_file_size));
	bad |= set_new(o, "number_of_runs", json_integer(s->number_of_runs));
	bad |= set_new(o, "enable_per_process_and_thread_time_limit",
		       json_boolean(s->enable_per_process_and_thread_time_limit));
	bad |= set_new(o, "enable_per_process_and_thread_memory_limit",
		       json_boolean(s->enable_per_process_and_thread_memory_limit));
	bad |= set_new(o, "redirect_stderr_to_stdout", json_boolean(s->redirect_stderr_to_stdout));
	bad |= set_new(o, "enable_network", json_boolean(s->enable_network));
	if (s->compare[0])
		bad |= set_new(o, "compare", json_string(s->compare));
	if (s->problem[0])
		bad |= set_new(o, "problem", json_pack("{s:s, s:s}", "slug", s->problem, "tests", subm_scope_name(s->scope)));
	if (s->ntests) {
		json_t *a = json_array();
		bad |= set_new(o, "tests", a);
		for (size_t i = 0; a && i < s->ntests; i++) {
			json_t *t = json_object();
			bad |= !t || json_array_append_new(a, t);
			if (!t)
				break;
			bad |= set_new(t, "name", subm_bytes_b64(&s->tests[i].name, false));
			bad |= set_new(t, "input", subm_bytes_b64(&s->tests[i].input, false));
			bad |= set_new(t, "expected", subm_bytes_b64(&s->tests[i].expected, false));
		}
	}
	char *text = bad ? NULL : json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

/* A stored byte field: null (absent) or plain base64. */
int subm_bytes_load(json_t *o, const char *key, struct subm_bytes *out)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -EINVAL;
	char *dec;
	size_t n;
	int r = base64_decode(json_string_value(v), json_string_length(v), &dec, &n);
	if (r)
		return r;
	subm_bytes_steal(out, dec, n);
	return 0;
}

static uint32_t load_u32(json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));
	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

int subm_load(const char *text, struct subm *out)
{
	subm_init(out);
	json_t *o = json_loads(text ? text : "", 0, NULL);
	int r = -EINVAL;
	if (!json_is_object(o))
		goto out;
	out->language_id = (int)json_integer_value(json_object_get(o, "language_id"));
	char id[24];
	str_printf(id, sizeof(id), "%d", out->language_id);
	out->lang = lang_find(id);
	if ((r = subm_bytes_load(o, "source_code", &out->source_code)) ||
	    (r = subm_bytes_load(o, "stdin", &out->stdin_data)) ||
	    (r = subm_bytes_load(o, "expected_output", &out->expected_output)) ||
	    (r = subm_bytes_load(o, "additional_files", &out->additional_files)) ||
	    (r = subm_bytes_load(o, "compiler_options", &out->compiler_options)) ||
	    (r = subm_bytes_load(o, "command_line_arguments", &out->command_line_arguments)) ||
	    (r = subm_bytes_load(o, "callback_url", &out->callback_url)))
		goto out;
	out->cpu_time_limit = json_number_value(json_object_get(o, "cpu_time_limit"));
	out->cpu_extra_time = json_number_value(json_object_get(o, "cpu_extra_time"));
	out->wall_time_limit = json_number_value(json_object_get(o, "wall_time_limit"));
	out->memory_limit = load_u32(o, "memory_limit");
	out->stack_limit = load_u32(o, "stack_limit");
	out->max_processes_and_or_threads = load_u32(o, "max_processes_and_or_threads");
	out->max_file_size = load_u32(o, "max_file_size");
	out->number_of_runs = load_u32(o, "number_of_runs");
	out->enable_per_process_and_thread_time_limit =
		json_is_true(json_object_get(o, "enable_per_process_and_thread_time_limit"));
	out->enable_per_process_and_thread_memory_limit =
		json_is_true(json_object_get(o, "enable_per_process_and_thread_memory_limit"));
	out->redirect_stderr_to_stdout = json_is_true(json_object_get(o, "redirect_stderr_to_stdout"));
	out->enable_network = json_is_true(json_object_get(o, "enable_network"));
	const char *cmp = json_string_value(json_object_get(o, "compare"));
	if (cmp && str_copy(out->compare, sizeof(out->compare), cmp)) {
		r = -EINVAL;
		goto out;
	}
	if ((r = load_problem(o, out)))
		goto out;
	json_t *tests = json_object_get(o, "tests");
	size_t n = json_array_size(tests);
	if (n) {
		out->tests = calloc(n, sizeof(*out->tests));
		if (!out->tests) {
			r = -ENOMEM;
			goto out;
		}
		out->ntests = n;
		for (size_t i = 0; i < n; i++) {
			json_t *t = json_array_get(tests, i);
			if ((r = subm_bytes_load(t, "name", &out->tests[i].name)) ||
			    (r = subm_bytes_load(t, "input", &out->tests[i].input)) ||
			    (r = subm_bytes_load(t, "expected", &out->tests[i].expected)))
				goto out;
		}
	}
	r = 0;
out:
	json_decref(o);
	if (r) {
		subm_release(out);
		return r == -ENOMEM ? r : -EINVAL;
	}
	return 0;
}

/* ---- results ---- */

static char *result_dump(const struct judge_result *r, bool all_tests)
{
	const struct judge_json_opts o = { .base64 = true, .all_tests = all_tests, .excerpt = SUBM_TEST_EXCERPT };
	json_t *j = judge_result_json(r, &o);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return text;
}

char *subm_result_dump(const struct judge_result *r)
{
	return result_dump(r, false);
}

char *subm_result_dump_tests(const struct judge_result *r)
{
	return result_dump(r, true);
}
