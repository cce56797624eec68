/* problem.c - a problem folder into the model (problem.h): pairbox's own
 * format here, Kattis packages in problem_kattis.c; the tests and
 * submissions both formats share in problem_walk.c, reading the folder in
 * problem_folder.c. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- pairbox's format ---- */

static const char *const pairbox_keys[] = { "slug", "title", "difficulty", "tags", "time_limit", "memory_limit",
					    "compare", "function", "hints", "reference", NULL };

/* An optional array of strings into *out. */
static int string_array(const char *file, const char *key, const json_t *v, char ***out, size_t *n, char *err,
			size_t errlen)
{
	if (!v)
		return 0;
	if (!json_is_array(v))
		return problem_fail(err, errlen, -EINVAL, "%s: %s: an array of strings expected", file, key);
	size_t k = json_array_size(v);
	if (k && !(*out = calloc(k, sizeof(char *))))
		return -ENOMEM;
	for (size_t i = 0; i < k; i++) {
		const char *s = json_string_value(json_array_get(v, i));
		if (!s || !*s)
			return problem_fail(err, errlen, -EINVAL, "%s: %s[%zu]: a non-empty string expected", file,
					    key, i);
		if (!((*out)[i] = strdup(s)))
			return -ENOMEM;
		*n = i + 1;
	}
	return 0;
}

/* A path inside the problem: relative, no "." or ".." parts. */
static bool plain_relative(const char *s)
{
	if (!*s || *s == '/')
		return false;
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += len + (p[len] == '/');
	}
	return true;
}

static int pairbox_meta(struct problem *p, const char *file, const json_t *j, char *err, size_t errlen)
{
	const char *key;
	const json_t *v;
	char msg[256];
	json_object_foreach((json_t *)j, key, v) {
		size_t i = 0;
		while (pairbox_keys[i] && strcmp(pairbox_keys[i], key) != 0)
			i++;
		if (!pairbox_keys[i])
			return problem_fail(err, errlen, -EINVAL, "%s: unknown key '%s'", file, key);
	}
	if ((v = json_object_get(j, "slug")) && (!json_is_string(v) || strcmp(json_string_value(v), p->slug) != 0))
		return problem_fail(err, errlen, -EINVAL, "%s: slug: must be the folder's name, '%s'", file, p->slug);
	v = json_object_get(j, "title");
	if (!json_is_string(v) || !*json_string_value(v))
		return problem_fail(err, errlen, -EINVAL, "%s: title: a non-empty string is required", file);
	if (problem_strdup(&p->title, json_string_value(v)))
		return -ENOMEM;
	const char *d = json_string_value(json_object_get(j, "difficulty"));
	if (!problem_difficulty_ok(d))
		return problem_fail(err, errlen, -EINVAL, "%s: difficulty: \"easy\", \"medium\" or \"hard\" is required",
				    file);
	if (problem_strdup(&p->difficulty, d))
		return -ENOMEM;
	int r = string_array(file, "tags", json_object_get(j, "tags"), &p->tags, &p->ntags, err, errlen);
	if (!r)
		r = string_array(file, "hints", json_object_get(j, "hints"), &p->hints, &p->nhints, err, errlen);
	if (r)
		return r;
	p->time_limit = 1;
	if ((v = json_object_get(j, "time_limit"))) {
		p->time_limit = json_number_value(v);
		if (!json_is_number(v) || !(p->time_limit > 0 && p->time_limit <= 3600))
			return problem_fail(err, errlen, -EINVAL, "%s: time_limit: seconds in (0, 3600] expected", file);
	}
	p->memory_kb = 256 * 1024;
	if ((v = json_object_get(j, "memory_limit"))) {
		json_int_t mb = json_integer_value(v);
		if (!json_is_integer(v) || mb <= 0 || mb > 1024 * 1024)
			return problem_fail(err, errlen, -EINVAL, "%s: memory_limit: MB in [1, 1048576] expected", file);
		p->memory_kb = (uint64_t)mb * 1024;
	}
	compare_opts_default(&p->compare);
	if ((v = json_object_get(j, "compare")) &&
	    (!json_is_string(v) || compare_parse(json_string_value(v), &p->compare, msg, sizeof(msg))))
		return problem_fail(err, errlen, -EINVAL, "%s: compare: %s", file,
				    json_is_string(v) ? msg : "a comparator spec string expected");
	if ((v = json_object_get(j, "function"))) {
		if ((r = harness_sig_parse(v, &p->sig, msg, sizeof(msg))))
			return r == -ENOMEM ? r : problem_fail(err, errlen, r, "%s: %s", file, msg);
	}
	if ((v = json_object_get(j, "reference"))) {
		const char *ref = json_string_value(v);
		char path[PATH_MAX];
		if (!ref || !plain_relative(ref))
			return problem_fail(err, errlen, -EINVAL, "%s: reference: a path inside the problem expected", file);
		if (problem_path(path, sizeof(path), p->dir, ref) || problem_kind(path) != 'f' || !problem_inside(p, path))
			return problem_fail(err, errlen, -EINVAL, "%s: reference: %s is not a file of the problem", file,
					    ref);
		if (problem_strdup(&p->reference, path))
			return -ENOMEM;
	}
	return 0;
}

static int load_pairbox(struct problem *p, char *err, size_t errlen)
{
	char file[PATH_MAX], path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	json_t *j = NULL;
	json_error_t je;
	p->format = PROBLEM_PAIRBOX;
	p->statement_format = "markdown";
	if (problem_path(file, sizeof(file), p->dir, "problem.json"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	int r = problem_read_text(p, file, PROBLEM_META_MAX, &text, &len, err, errlen);
	if (r)
		return r == -ENOENT ? problem_fail(err, errlen, r, "%s: missing", file) : r;
	if (!(j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je)) || !json_is_object(j)) {
		r = j ? problem_fail(err, errlen, -EINVAL, "%s: a JSON object expected", file)
		      : problem_fail(err, errlen, -EINVAL, "%s: line %d: %s", file, je.line, je.text);
		goto out;
	}
	if ((r = pairbox_meta(p, file, j, err, errlen)))
		goto out;
	/* The texts are optional: the grader and the API say what is missing. */
	if ((r = problem_path(path, sizeof(path), p->dir, "statement.md")) ||
	    ((r = problem_read_text(p, path, PROBLEM_TEXT_MAX, &p->statement, NULL, err, errlen)) && r != -ENOENT))
		goto out;
	if ((r = problem_path(path, sizeof(path), p->dir, "editorial.md")) ||
	    ((r = problem_read_text(p, path, PROBLEM_TEXT_MAX, &p->editorial, NULL, err, errlen)) && r != -ENOENT))
		goto out;
	if ((r = problem_generated_check(p, err, errlen)))
		goto out;
	const char *groups[] = { "sample", "hidden" };
	for (int g = 0; g < 2; g++) {
		if ((r = str_printf(path, sizeof(path), "%s/tests/%s", p->dir, groups[g])))
			goto out;
		if (problem_kind(path) == 'd' && (r = problem_walk_tests(p, path, groups[g], g == 0, NULL, err, errlen)))
			goto out;
		if (g == 0)
			p->nsamples = p->ntests;
	}
	if (!p->ntests) {
		r = problem_fail(err, errlen, -EINVAL, "%s/tests: no tests (NAME.in and NAME.ans in sample/ or hidden/)",
				 p->dir);
		goto out;
	}
	if ((r = problem_add_submissions(p, p->dir, err, errlen)))
		goto out;
	if (!p->reference && (r = problem_strdup(&p->reference, problem_first_accepted(p))))
		goto out;
	r = 0;
out:
	if (r == -ENOMEM || r == -ENAMETOOLONG)
		problem_fail(err, errlen, r, "%s: %s", p->dir, strerror(-r));
	json_decref(j);
	free(text);
	return r;
}

/* ---- the model ---- */

bool problem_is_dir(const char *dir)
{
	char path[PATH_MAX];
	return (problem_path(path, sizeof(path), dir, "problem.json") == 0 && problem_kind(path) == 'f') ||
	       (problem_path(path, sizeof(path), dir, "problem.yaml") == 0 && problem_kind(path) == 'f') ||
	       (problem_path(path, sizeof(path), dir, "domjudge-problem.ini") == 0 && problem_kind(path) == 'f');
}

static void extra_free(struct problem_extra *x, size_t ntests)
{
	if (!x)
		return;
	free(x->root);
	free(x->validator_path);
	free(x->validator_src);
	problem_files_free(x->validator_files, x->nvalidator_files);
	for (size_t i = 0; i < x->nconst; i++) {
		free(x->const_keys[i]);
		free(x->const_values[i]);
	}
	free(x->const_keys);
	free(x->const_values);
	for (size_t i = 0; i < x->nincludes; i++) {
		free(x->includes[i].lang);
		problem_files_free(x->includes[i].files, x->includes[i].nfiles);
	}
	free(x->includes);
	for (size_t i = 0; x->test_args && i < ntests; i++) {
		for (size_t k = 0; x->test_args[i] && x->test_args[i][k]; k++)
			free(x->test_args[i][k]);
		free(x->test_args[i]);
	}
	free(x->test_args);
	free(x->test_compare);
	free(x->test_opts);
	free(x);
}

void problem_free(struct problem *p)
{
	if (!p)
		return;
	extra_free(p->extra, p->ntests);
	for (size_t i = 0; i < p->ntests; i++) {
		free(p->tests[i].name);
		free(p->tests[i].in_path);
		free(p->tests[i].ans_path);
	}
	free(p->tests);
	for (size_t i = 0; i < p->nsubs; i++) {
		free(p->subs[i].path);
		free(p->subs[i].expect);
		problem_submission_release(&p->subs[i]);
	}
	free(p->subs);
	for (size_t i = 0; i < p->ntags; i++)
		free(p->tags[i]);
	free(p->tags);
	for (size_t i = 0; i < p->nhints; i++)
		free(p->hints[i]);
	free(p->hints);
	harness_sig_free(p->sig);
	free(p->dir);
	free(p->slug);
	free(p->title);
	free(p->difficulty);
	free(p->statement);
	free(p->editorial);
	free(p->reference);
	free(p);
}

bool problem_difficulty_ok(const char *d)
{
	return d && (!strcmp(d, "easy") || !strcmp(d, "medium") || !strcmp(d, "hard"));
}

int problem_load(const char *dir, struct problem **out, char *err, size_t errlen)
{
	return problem_load_in(dir, NULL, out, err, errlen);
}

int problem_load_in(const char *dir, const char *root, struct problem **out, char *err, size_t errlen)
{
	char path[PATH_MAX];
	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	struct problem *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	int r = -ENOMEM;
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (!(p->dir = strndup(dir, len)))
		goto out;
	/* The slug is the folder's own name, also when dir is "." or ends in "..". */
	char *real = realpath(p->dir, NULL);
	if (!real) {
		r = problem_fail(err, errlen, errno == ENOMEM ? -ENOMEM : -ENOENT, "%s: %s", p->dir, strerror(errno));
		goto out;
	}
	const char *base = strrchr(real, '/');
	p->slug = strdup(base && base[1] ? base + 1 : real);
	if (!p->slug || !(p->extra = calloc(1, sizeof(*p->extra)))) {
		free(real);
		goto out;
	}
	/* Links may point anywhere inside root (a wider folder being read,
	 * such as BAPCtools' shared headers beside its problems), never out. */
	char *wide = root ? realpath(root, NULL) : NULL;
	size_t wn = wide ? strlen(wide) : 0;
	if (wide && (strncmp(real, wide, wn) != 0 || (real[wn] != '/' && real[wn] != '\0' && wn != 1))) {
		free(wide);
		wide = NULL;                        /* dir is not below root: dir alone */
	}
	if (wide) {
		free(real);
		real = wide;
	}
	p->extra->root = real;
	if (problem_path(path, sizeof(path), p->dir, "problem.json") == 0 && problem_kind(path) == 'f')
		r = load_pairbox(p, err, errlen);
	else if (problem_is_dir(p->dir))         /* problem.yaml, or DOMjudge's domjudge-problem.ini alone */
		r = problem_kattis_load(p, err, errlen);
	else
		r = problem_fail(err, errlen, -ENOENT, "%s: not a problem folder (no problem.json or problem.yaml)",
				 p->dir);
out:
	if (r == -ENOMEM && err && errlen && !err[0])
		problem_fail(err, errlen, r, "%s: out of memory", dir);
	if (r) {
		problem_free(p);
		return r;
	}
	*out = p;
	return 0;
}
