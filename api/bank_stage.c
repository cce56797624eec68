/* bank_stage.c - a problem added over the API, checked field by field and
 * written as a problem folder in pairbox's format (docs/problems.md) in a
 * staging directory; bank_add() then loads and moves it into place. */
#define _GNU_SOURCE
#include "bank.h"
#include "compare.h"
#include "harness.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGE_MAX_TESTS 1000
#define STAGE_MAX_TAGS 32
#define STAGE_MAX_HINTS 32
#define STAGE_NAME_MAX 64
#define STAGE_TITLE_MAX 200

/* Every key problem.json and the request may hold. */
static const char *const known_keys[] = { "slug", "title", "difficulty", "tags", "time_limit", "memory_limit",
					  "compare", "function", "hints", "statement", "editorial", "tests",
					  "reference", NULL };

/* A slug or a test name: [a-z0-9] first (test names: letters of either
 * case), then those, '-', '_' (and '.' for names), at most max bytes. */
static bool plain_name(const char *s, size_t max, bool test_name)
{
	size_t n = strlen(s);
	if (!n || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (test_name && c >= 'A' && c <= 'Z') || (i && (c == '-' || c == '_' || (test_name && c == '.')));
		if (!ok)
			return false;
	}
	return true;
}

/* A short label: no control characters. */
static bool plain_text(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!n || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* An array of 0..max short strings. */
static void check_strings(json_t *in, json_t *errs, const char *key, size_t max, size_t each_max)
{
	json_t *a = json_object_get(in, key);
	if (!a)
		return;
	char msg[128];
	str_printf(msg, sizeof(msg), "must be an array of at most %zu strings of 1 to %zu characters", max, each_max);
	if (!json_is_array(a) || json_array_size(a) > max) {
		subm_field_error(errs, key, msg);
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || !plain_text(json_string_value(v), each_max)) {
			subm_field_error(errs, key, msg);
			return;
		}
	}
}

/* Every field of the request; *sig set for a function problem. */
static void check_body(json_t *in, json_t *errs, struct harness_sig **sig)
{
	const char *key;
	json_t *v;
	json_object_foreach(in, key, v) {
		bool known = false;
		for (size_t i = 0; known_keys[i] && !known; i++)
			known = !strcmp(key, known_keys[i]);
		if (!known)
			subm_field_error(errs, key, "is not a problem field");
	}
	v = json_object_get(in, "slug");
	if (!json_is_string(v) || !plain_name(json_string_value(v), STAGE_NAME_MAX, false))
		subm_field_error(errs, "slug", "must be 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
	v = json_object_get(in, "title");
	if (!json_is_string(v) || !plain_text(json_string_value(v), STAGE_TITLE_MAX))
		subm_field_error(errs, "title", "must be a string of 1 to 200 characters, without control characters");
	v = json_object_get(in, "difficulty");
	const char *d = json_string_value(v);
	if (!problem_difficulty_ok(d))
		subm_field_error(errs, "difficulty", "must be \"easy\", \"medium\" or \"hard\"");
	check_strings(in, errs, "tags", STAGE_MAX_TAGS, 50);
	check_strings(in, errs, "hints", STAGE_MAX_HINTS, 4000);
	v = json_object_get(in, "time_limit");
	if (v && (!json_is_number(v) || json_number_value(v) <= 0 || json_number_value(v) > 60))
		subm_field_error(errs, "time_limit", "must be a number of seconds above 0, at most 60");
	v = json_object_get(in, "memory_limit");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 16 || json_integer_value(v) > 4096))
		subm_field_error(errs, "memory_limit", "must be an integer number of MB from 16 to 4096");
	v = json_object_get(in, "compare");
	if (v) {
		struct compare_opts co;
		char e[160];
		if (!json_is_string(v))
			subm_field_error(errs, "compare", "must be a comparator spec such as \"tokens,abs=1e-6\"");
		else if (compare_parse(json_string_value(v), &co, e, sizeof(e)))
			subm_field_error(errs, "compare", e);
	}
	v = json_object_get(in, "statement");
	if (!json_is_string(v) || !json_string_length(v))
		subm_field_error(errs, "statement", "must be a non-empty Markdown string");
	v = json_object_get(in, "editorial");
	if (v && !json_is_string(v))
		subm_field_error(errs, "editorial", "must be a Markdown string");
	v = json_object_get(in, "function");
	if (v) {
		char e[256];
		if (!json_is_object(v))
			subm_field_error(errs, "function", "must be an object {name, params: [{name, type}], returns}");
		else if (harness_sig_parse(v, sig, e, sizeof(e)))
			subm_field_error(errs, "function", e);
	}

	json_t *tests = json_object_get(in, "tests");
	if (!json_is_array(tests) || !json_array_size(tests) || json_array_size(tests) > STAGE_MAX_TESTS) {
		subm_field_error(errs, "tests", "must be an array of 1 to 1000 {name, input, answer, sample} objects");
		return;
	}
	size_t i, nsample = 0;
	json_t *t;
	json_array_foreach(tests, i, t) {
		char field[64], msg[320], e[256];
		json_t *name = json_object_get(t, "name"), *inp = json_object_get(t, "input");
		json_t *ans = json_object_get(t, "answer"), *smp = json_object_get(t, "sample");
		str_printf(field, sizeof(field), "tests[%zu]", i);
		if (!json_is_object(t) || !json_is_string(name) || !json_is_string(inp) || !json_is_string(ans) ||
		    (smp && !json_is_boolean(smp)) || json_object_size(t) != 3u + (smp != NULL)) {
			subm_field_error(errs, field, "must be {\"name\": string, \"input\": string, \"answer\": string, \"sample\": boolean}");
			continue;
		}
		if (!plain_name(json_string_value(name), STAGE_NAME_MAX, true)) {
			subm_field_error(errs, field, "name: 1 to 64 characters of A-Z, a-z, 0-9, '.', '-' and '_', starting with a letter or digit");
			continue;
		}
		nsample += json_is_true(smp);
		/* Names are files: unique within their group. */
		for (size_t k = 0; k < i; k++) {
			json_t *o = json_array_get(tests, k);
			if (json_is_true(json_object_get(o, "sample")) == json_is_true(smp) &&
			    json_is_string(json_object_get(o, "name")) &&
			    !strcmp(json_string_value(json_object_get(o, "name")), json_string_value(name))) {
				str_printf(msg, sizeof(msg), "name: '%s' is used twice", json_string_value(name));
				subm_field_error(errs, field, msg);
				break;
			}
		}
		if (*sig && harness_check_input(*sig, json_string_value(inp), json_string_length(inp), e, sizeof(e))) {
			str_printf(msg, sizeof(msg), "input: %s", e);
			subm_field_error(errs, field, msg);
		}
		if (*sig && harness_check_answer(*sig, json_string_value(ans), json_string_length(ans), e, sizeof(e))) {
			str_printf(msg, sizeof(msg), "answer: %s", e);
			subm_field_error(errs, field, msg);
		}
	}
	if (!nsample)
		subm_field_error(errs, "tests", "needs at least one sample (\"sample\": true): users are shown the samples");

	json_t *ref = json_object_get(in, "reference");
	if (ref) {
		const struct lang *l = json_is_object(ref) ? bank_lang(json_object_get(ref, "language")) : NULL;
		json_t *src = json_object_get(ref, "source");
		if (!json_is_object(ref) || !json_is_string(src) || !json_string_length(src) || json_object_size(ref) != 2)
			subm_field_error(errs, "reference", "must be {\"language\": name or Judge0 id, \"source\": string}");
		else if (!l || !l->exts || !l->exts[0] || l->multi_file)
			subm_field_error(errs, "reference", "language: not a language this server has");
		else if (*sig && !harness_supports(l))
			subm_field_error(errs, "reference", "language: has no function-style harness");
	}
}

/* A new file below dir, durable. 0 or -errno. */
static int write_new(const char *dir, const char *name, const char *data, size_t len)
{
	char path[PATH_MAX];
	if (str_printf(path, sizeof(path), "%s/%s", dir, name))
		return -ENAMETOOLONG;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	int r = write_all(fd, data, len);
	if (!r && fsync(fd))
		r = -errno;
	close(fd);
	return r;
}

static int write_json(const char *dir, const char *name, const json_t *o)
{
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		return -ENOMEM;
	size_t n = strlen(text);
	char *nl = realloc(text, n + 2);
	if (!nl) {
		free(text);
		return -ENOMEM;
	}
	nl[n] = '\n';
	nl[n + 1] = '\0';
	int r = write_new(dir, name, nl, n + 1);
	free(nl);
	return r;
}

static int write_string(const char *dir, const char *name, json_t *s)
{
	return write_new(dir, name, json_string_value(s), json_string_length(s));
}

/* The folder's files, from a checked body. 0 or -errno. */
static int write_folder(json_t *in, const char *dir)
{
	static const char *const meta[] = { "slug", "title", "difficulty", "tags", "time_limit", "memory_limit",
					    "compare", "function", "hints", NULL };
	json_t *pj = json_object();
	if (!pj)
		return -ENOMEM;
	for (size_t i = 0; meta[i]; i++) {
		json_t *v = json_object_get(in, meta[i]);
		if (v)
			json_object_set(pj, meta[i], v);
	}
	int r = write_json(dir, "problem.json", pj);
	json_decref(pj);
	if (!r)
		r = write_string(dir, "statement.md", json_object_get(in, "statement"));
	if (!r && json_object_get(in, "editorial"))
		r = write_string(dir, "editorial.md", json_object_get(in, "editorial"));
	char sub[PATH_MAX];
	for (int g = 0; g < 2 && !r; g++) {
		if (str_printf(sub, sizeof(sub), "%s/tests/%s", dir, g ? "hidden" : "sample")) {
			r = -ENAMETOOLONG;
			break;
		}
		if ((r = mkdir_p(sub, 0755)))
			break;
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(in, "tests"), i, t) {
			if (json_is_true(json_object_get(t, "sample")) == (g == 1))
				continue;
			char name[STAGE_NAME_MAX + 8];
			const char *base = json_string_value(json_object_get(t, "name"));
			if ((r = str_printf(name, sizeof(name), "%s.in", base)) ||
			    (r = write_string(sub, name, json_object_get(t, "input"))) ||
			    (r = str_printf(name, sizeof(name), "%s.ans", base)) ||
			    (r = write_string(sub, name, json_object_get(t, "answer"))))
				break;
		}
	}
	json_t *ref = json_object_get(in, "reference");
	if (!r && ref) {
		const struct lang *l = bank_lang(json_object_get(ref, "language"));
		char name[64];
		if (str_printf(sub, sizeof(sub), "%s/submissions/accepted", dir) ||
		    str_printf(name, sizeof(name), "reference%s", l->exts[0]))
			r = -ENAMETOOLONG;
		else if (!(r = mkdir_p(sub, 0755)))
			r = write_string(sub, name, json_object_get(ref, "source"));
	}
	return r;
}

int bank_stage(json_t *body, const char *staging, char **dir, json_t **errors)
{
	*dir = NULL;
	*errors = NULL;
	json_t *errs = json_object();
	if (!errs)
		return -ENOMEM;
	struct harness_sig *sig = NULL;
	if (json_is_object(body))
		check_body(body, errs, &sig);
	else
		subm_field_error(errs, "problem", "must be a JSON object");
	harness_sig_free(sig);
	if (json_object_size(errs)) {
		*errors = errs;
		return -EINVAL;
	}
	json_decref(errs);

	/* <staging>/<random>/<slug>: the folder's name is the slug. */
	char token[STORE_TOKEN_LEN + 1], top[PATH_MAX], path[PATH_MAX];
	subm_token(token);
	const char *slug = json_string_value(json_object_get(body, "slug"));
	int r = 0;
	if (str_printf(top, sizeof(top), "%s/%s", staging, token) ||
	    str_printf(path, sizeof(path), "%s/%s", top, slug))
		r = -ENAMETOOLONG;
	if (!r)
		r = mkdir_p(path, 0755);
	if (!r)
		r = write_folder(body, path);
	if (!r && !(*dir = strdup(path)))
		r = -ENOMEM;
	if (r) {
		char msg[128];
		str_printf(msg, sizeof(msg), "cannot write the problem's files: %s", strerror(-r));
		*errors = json_pack("{s:s}", "error", msg);
		remove_tree(AT_FDCWD, top);
	}
	return r;
}
