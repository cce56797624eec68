/* problem_view.c - the bank's problems as the API shows them (a summary,
 * the whole problem as a solver sees it, samples beside a run's results)
 * and takes attempts at them (the language check, the submission with
 * the problem's limits): shared by /api/v1/problems and the rooms.
 *
 * PROBLEM-HIDDEN: only samples' files are read here. */
#define _GNU_SOURCE
#include "problem_view.h"
#include "bank.h"
#include "config.h"
#include "harness.h"
#include "jsontext.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE_SHOWN_MAX (64 * 1024) /* bytes of a sample's input or answer shown */

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

json_t *problem_view_summary(struct bank *b, const struct bank_entry *e)
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
json_t *problem_view_detail(struct bank *b, const struct bank_entry *e, bool hints, bool editorial)
{
	const struct problem *p = e->p;
	json_t *samples = samples_json(p);
	if (!samples)
		return NULL;
	json_t *o = problem_view_summary(b, e);
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

/* Samples' inputs and expected outputs beside a Run's results, so the
 * editor shows input, expected and got together. */
void problem_view_add_samples(const struct problem *p, json_t *view)
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

const char *problem_lang_problem(struct bank *b, const struct problem *p, const struct lang *l, char *msg,
				 size_t len)
{
	if (!l || l->multi_file || !l->judge0_id)
		return "is not a language this server has (a name or a Judge0 id from GET /languages)";
	if (!p->sig || harness_supports(l))
		return NULL;
	str_copy(msg, len, "has no function-style harness; this problem takes:");
	size_t n = 0;
	const struct lang *const *fl = bank_function_langs(b, &n);
	for (size_t i = 0; i < n; i++) {
		size_t at = strlen(msg);
		str_printf(msg + at, len - at, "%s %s", i ? "," : "", fl[i]->name);
	}
	return msg;
}

int problem_attempt(const struct config *c, const struct problem *p, const struct lang *l, const char *src,
		    size_t srclen, const char *in, size_t inlen, enum subm_scope scope, struct subm *s)
{
	subm_init(s);
	s->lang = l;
	s->language_id = l->judge0_id;
	s->scope = scope;
	str_copy(s->problem, sizeof(s->problem), p->slug);
	/* The problem's limits rule when it is judged (problem.h); these
	 * copies are what Judge0's views of the row show. */
	s->cpu_time_limit = p->time_limit > 0 ? p->time_limit : c->cpu_time_limit;
	s->cpu_extra_time = c->cpu_extra_time;
	s->wall_time_limit = c->wall_time_limit;
	s->memory_limit = p->memory_kb ? (uint32_t)p->memory_kb : c->memory_limit;
	s->stack_limit = c->stack_limit;
	s->max_processes_and_or_threads = c->max_processes_and_or_threads;
	s->max_file_size = c->max_file_size;
	s->number_of_runs = 1;
	s->source_code.data = strndup(src, srclen);
	s->source_code.len = srclen;
	if (in) {
		s->stdin_data.data = strndup(in, inlen);
		s->stdin_data.len = inlen;
	}
	if (!s->source_code.data || (in && !s->stdin_data.data)) {
		subm_release(s);
		return -ENOMEM;
	}
	return 0;
}
