/* problem_kattis.c - a Kattis / ICPC problem package (legacy and 2025-09)
 * into the problem model: problem.yaml, .timelimit, the statement, a
 * custom output validator, include/ and submissions/; the test groups and
 * their output validator flags are in problem_kattis_tests.c
 * (docs/problems.md, "The Kattis / ICPC package format"). */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"
#include "yaml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- problem.yaml ---- */

/* The versions read: the legacy family, and the dated one (with its
 * drafts, whose layout 2025-09 kept). */
static const char *const legacy_versions[] = { "legacy", "legacy-icpc", NULL };
static const char *const modern_versions[] = { "2025-09", "2025-09-draft", "2023-07-draft", "2023-07", "draft", NULL };

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* The limits read, each a number > 0 (0: not given). */
enum { L_AC, L_TLE, L_TIME, L_MEMORY, L_OUTPUT, L_COMPILE_TIME, L_COMPILE_MEMORY, L_VALIDATION_TIME,
       L_VALIDATION_MEMORY, L_VALIDATION_OUTPUT, L_COUNT };

static const struct limit_key {
	const char *key;
	int which;
	bool legacy, modern;         /* read in that version */
	bool multipliers;            /* 2025-09: under limits.time_multipliers */
} limit_keys[] = {
	{ "time_multiplier", L_AC, true, false, false },
	{ "time_safety_margin", L_TLE, true, false, false },
	{ "ac_to_time_limit", L_AC, false, true, true },
	{ "time_limit_to_tle", L_TLE, false, true, true },
	/* 2025-09's; legacy packages exported by some tools carry it too. */
	{ "time_limit", L_TIME, true, true, false },
	{ "memory", L_MEMORY, true, true, false },
	{ "output", L_OUTPUT, true, true, false },
	{ "compilation_time", L_COMPILE_TIME, true, true, false },
	{ "compilation_memory", L_COMPILE_MEMORY, true, true, false },
	{ "validation_time", L_VALIDATION_TIME, true, true, false },
	{ "validation_memory", L_VALIDATION_MEMORY, true, true, false },
	{ "validation_output", L_VALIDATION_OUTPUT, true, true, false },
};

static int read_limits(struct problem *p, const struct kattis_meta *m, const json_t *y, char *err, size_t errlen)
{
	const json_t *limits = json_object_get(y, "limits"), *tm = json_object_get(limits, "time_multipliers");
	struct problem_extra *x = p->extra;
	double v[L_COUNT] = { 0 };
	if (limits && !json_is_object(limits))
		return problem_fail(err, errlen, -EINVAL, "%s: limits: a map expected", m->file);
	if (tm && !json_is_object(tm))
		return problem_fail(err, errlen, -EINVAL, "%s: limits.time_multipliers: a map expected", m->file);
	for (size_t i = 0; i < sizeof(limit_keys) / sizeof(limit_keys[0]); i++) {
		const struct limit_key *k = &limit_keys[i];
		const json_t *j = json_object_get(k->multipliers ? tm : limits, k->key);
		double d = json_number_value(j);
		if (!j || !(m->legacy ? k->legacy : k->modern))
			continue;
		if (!json_is_number(j) || !(d > 0) || d > 1e9)
			return problem_fail(err, errlen, -EINVAL, "%s: limits.%s%s: a number > 0 expected", m->file,
					    k->multipliers ? "time_multipliers." : "", k->key);
		v[k->which] = d;
	}
	/* Each version's defaults; memory, output, compilation memory and
	 * validation output the spec's "typical system default" (both
	 * versions: the legacy spec has the same); compilation and validation
	 * time pairbox's own (judge_compile_limits, checker_limits). */
	p->ac_to_time_limit = v[L_AC] ? v[L_AC] : m->legacy ? 5 : 2;
	p->time_limit_to_tle = v[L_TLE] ? v[L_TLE] : m->legacy ? 2 : 1.5;
	p->time_limit = v[L_TIME];
	p->memory_kb = (uint64_t)ceil((v[L_MEMORY] ? v[L_MEMORY] : 2048) * 1024);
	x->output_bytes = (uint64_t)ceil((v[L_OUTPUT] ? v[L_OUTPUT] : 8) * 1024 * 1024);
	x->compile_ms = problem_ms(v[L_COMPILE_TIME]);
	x->compile_kb = (uint64_t)ceil((v[L_COMPILE_MEMORY] ? v[L_COMPILE_MEMORY] : 2048) * 1024);
	x->validation_ms = problem_ms(v[L_VALIDATION_TIME]);
	x->validation_kb = (uint64_t)ceil(v[L_VALIDATION_MEMORY] * 1024);
	x->validation_output_bytes = (uint64_t)ceil((v[L_VALIDATION_OUTPUT] ? v[L_VALIDATION_OUTPUT] : 8) * 1024 * 1024);
	return 0;
}

/* Legacy .timelimit: one number of seconds, when problem.yaml gave none. */
static int read_timelimit(struct problem *p, char *err, size_t errlen)
{
	char path[PATH_MAX], *text = NULL, *end;
	if (p->time_limit > 0)
		return 0;
	if (problem_path(path, sizeof(path), p->dir, ".timelimit"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	int r = problem_read_text(p, path, PROBLEM_META_MAX, &text, NULL, err, errlen);
	if (r)
		return r == -ENOENT ? 0 : r;
	double v = strtod(text, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (end == text || *end || !(v > 0) || v > 1e9)
		r = problem_fail(err, errlen, -EINVAL, "%s: a number of seconds expected", path);
	else
		p->time_limit = v;
	free(text);
	return r;
}

/* name: a string, or a map of language -> string (English first). */
static int read_name(struct problem *p, const struct kattis_meta *m, const json_t *y, char *err, size_t errlen)
{
	const json_t *v = json_object_get(y, "name");
	const char *name = json_string_value(v);
	if (json_is_object(v)) {
		name = json_string_value(json_object_get(v, "en"));
		const char *key;
		const json_t *t;
		json_object_foreach((json_t *)v, key, t) {
			if (!json_is_string(t))
				return problem_fail(err, errlen, -EINVAL, "%s: name.%s: a string expected", m->file, key);
			if (!name)
				name = json_string_value(t);
		}
	} else if (v && !json_is_string(v)) {
		return problem_fail(err, errlen, -EINVAL, "%s: name: a string or a map of strings expected", m->file);
	}
	return problem_strdup(&p->title, name && *name ? name : p->slug);
}

/* Words of a string (split on whitespace) or the strings of a sequence,
 * appended to *v (NULL-terminated, owned). */
int kattis_words(const json_t *val, const char *what, const char *file, char ***v, size_t *n, char *err,
		 size_t errlen)
{
	size_t k = json_is_array(val) ? json_array_size(val) : 1;
	for (size_t i = 0; i < k; i++) {
		const json_t *e = json_is_array(val) ? json_array_get(val, i) : val;
		const char *s = json_string_value(e);
		char num[64];
		/* YAML typed a plain 1e-6 or 42 as a number: its text again. */
		if ((json_is_integer(e) && !str_printf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(e))) ||
		    (json_is_real(e) && !str_printf(num, sizeof(num), "%.17g", json_real_value(e))))
			s = num;
		if (!s)
			return problem_fail(err, errlen, -EINVAL, "%s: %s: a string or a sequence of strings expected",
					    file, what);
		bool split = !json_is_array(val);
		while (*s) {
			size_t skip = split ? strspn(s, " \t\r\n") : 0, len;
			s += skip;
			if (!*s)
				break;
			len = split ? strcspn(s, " \t\r\n") : strlen(s);
			char **nv = realloc(*v, (*n + 2) * sizeof(char *));
			if (!nv)
				return -ENOMEM;
			*v = nv;
			if (!(nv[*n] = strndup(s, len)))
				return -ENOMEM;
			nv[++*n] = NULL;
			s += len;
		}
	}
	return 0;
}

void kattis_words_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* A yaml file into *out (NULL when missing). */
int kattis_yaml(const struct problem *p, const char *path, json_t **out, char *err, size_t errlen)
{
	char *text = NULL, msg[256];
	size_t len = 0;
	*out = NULL;
	int r = problem_read_text(p, path, PROBLEM_META_MAX, &text, &len, err, errlen);
	if (r)
		return r == -ENOENT ? 0 : r;
	r = yaml_parse(text, len, out, msg, sizeof(msg));
	free(text);
	if (r)
		return r == -ENOMEM ? r : problem_fail(err, errlen, -EINVAL, "%s: %s", path, msg);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return problem_fail(err, errlen, -EINVAL, "%s: a map expected", path);
	}
	return 0;
}

/* Multi-pass: limits.validation_passes (an integer >= 2, default 2), and
 * what 2025-09 says cannot go together. */
static int read_passes(struct problem *p, const struct kattis_meta *m, const json_t *y, char *err, size_t errlen)
{
	const json_t *v = json_object_get(json_object_get(y, "limits"), "validation_passes");
	if (p->submit_answer && (p->interactive || p->validation_passes))
		return problem_fail(err, errlen, -EINVAL, "%s: type: submit-answer cannot be %s", m->file,
				    p->interactive ? "interactive" : "multi-pass");
	if (!v || !p->validation_passes)
		return 0;                       /* only for multi-pass: ignored elsewhere, as BAPCtools does */
	if (!json_is_integer(v) || json_integer_value(v) < 2 || json_integer_value(v) > 1000)
		return problem_fail(err, errlen, -EINVAL, "%s: limits.validation_passes: an integer from 2 to 1000 expected",
				    m->file);
	p->validation_passes = (unsigned)json_integer_value(v);
	return 0;
}

static int read_type(struct problem *p, struct kattis_meta *m, const json_t *y, char *err, size_t errlen)
{
	const json_t *type = json_object_get(y, "type"), *validation = json_object_get(y, "validation");
	char **t = NULL, **val = NULL;
	size_t nt = 0, nval = 0;
	int r = 0;
	if ((type && (r = kattis_words(type, "type", m->file, &t, &nt, err, errlen))) ||
	    (validation && (r = kattis_words(validation, "validation", m->file, &val, &nval, err, errlen))))
		goto out;
	for (size_t i = 0; i < nt && !r; i++) {
		if (strcmp(t[i], "interactive") == 0)
			p->interactive = true;
		else if (strcmp(t[i], "multi-pass") == 0)
			p->validation_passes = 2;
		else if (strcmp(t[i], "submit-answer") == 0)
			p->submit_answer = true;
		else if (strcmp(t[i], "scoring") == 0)
			p->scoring = true;          /* judged pass/fail: every test must be accepted */
		else if (strcmp(t[i], "pass-fail") != 0)
			r = problem_fail(err, errlen, -EINVAL, "%s: type: unknown type '%s'", m->file, t[i]);
	}
	if (r)
		goto out;
	/* Legacy: "default" or "custom", then maybe "score" and "interactive". */
	if (nval && strcmp(val[0], "default") != 0 && strcmp(val[0], "custom") != 0) {
		r = problem_fail(err, errlen, -EINVAL, "%s: validation: must start with default or custom", m->file);
		goto out;
	}
	for (size_t i = 1; i < nval && !r; i++) {
		if (strcmp(val[i], "interactive") == 0)
			p->interactive = true;
		else if (strcmp(val[i], "multi-pass") == 0)
			p->validation_passes = 2;       /* as DOMjudge reads legacy packages */
		else if (strcmp(val[i], "score") == 0)
			p->scoring = true;
		else
			r = problem_fail(err, errlen, -EINVAL, "%s: validation: unknown word '%s'", m->file, val[i]);
	}
	m->custom = nval && strcmp(val[0], "custom") == 0;
	r = read_passes(p, m, y, err, errlen);
out:
	kattis_words_free(t);
	kattis_words_free(val);
	return r;
}

/* ---- the statement and the solution ---- */

/* folder/problem.LANG.EXT: English first, then no language, then any; md
 * before tex at each step. */
static int read_statement(struct problem *p, const char *folder, const char *stem, char **out,
			  const char **format, char *err, size_t errlen)
{
	static const char *const exts[] = { "md", "tex" };
	static const char *const langs[] = { ".en", "" };
	char dir[PATH_MAX], path[PATH_MAX];
	if (problem_path(dir, sizeof(dir), p->dir, folder) || problem_kind(dir) != 'd')
		return 0;
	for (int l = 0; l < 2; l++)
		for (int e = 0; e < 2; e++) {
			if (str_printf(path, sizeof(path), "%s/%s%s.%s", dir, stem, langs[l], exts[e]))
				continue;
			int r = problem_read_text(p, path, PROBLEM_TEXT_MAX, out, NULL, err, errlen);
			if (r != -ENOENT) {
				if (!r && format)
					*format = e == 0 ? "markdown" : "latex";
				return r;
			}
		}
	/* Any other language: the first in name order. */
	char name[NAME_MAX + 1], prefix[64];
	for (int e = 0; e < 2; e++) {
		if (str_printf(prefix, sizeof(prefix), "%s.", stem) || str_printf(path, sizeof(path), ".%s", exts[e]) ||
		    problem_find_first(dir, prefix, path, name, sizeof(name)) ||
		    problem_path(path, sizeof(path), dir, name))
			continue;
		int r = problem_read_text(p, path, PROBLEM_TEXT_MAX, out, NULL, err, errlen);
		if (!r && format)
			*format = e == 0 ? "markdown" : "latex";
		return r == -ENOENT ? 0 : r;
	}
	return 0;
}

/* ---- the custom output validator ---- */

/* What a program folder holds. */
struct program_dir {
	size_t nsrc, ndirs, nfiles;          /* program sources, subfolders, files (names not starting with '.') */
	bool build, run, main_py;            /* the spec's build and run scripts; a Python __main__.py */
	char source[NAME_MAX + 1];           /* the first source */
	char dir[NAME_MAX + 1];              /* the first subfolder */
};

static int scan_program(const char *dir, struct program_dir *d, char *err, size_t errlen)
{
	struct problem_entry *e = NULL;
	size_t n = 0;
	memset(d, 0, sizeof(*d));
	int r = problem_list(dir, &e, &n);
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", dir, strerror(-r));
	for (size_t i = 0; i < n && !r; i++) {
		const char *name = e[i].name;
		if (e[i].kind == 'd' && d->ndirs++ == 0)
			r = str_copy(d->dir, sizeof(d->dir), name);
		if (e[i].kind != 'f')
			continue;
		d->nfiles++;
		d->build |= strcmp(name, "build") == 0;
		d->run |= strcmp(name, "run") == 0;
		d->main_py |= strcmp(name, "__main__.py") == 0;
		if (problem_source_lang(name) && d->nsrc++ == 0)
			r = str_copy(d->source, sizeof(d->source), name);
	}
	problem_entries_free(e, n);
	return r ? problem_fail(err, errlen, r, "%s: a name too long", dir) : 0;
}

/* A program with the spec's build and/or run scripts: built and run as
 * a multi-file program (build runs as its compile script, run is what
 * runs), every file of the folder beside them. */
static int read_scripts(struct problem *p, const char *dir, char *err, size_t errlen)
{
	struct problem_extra *x = p->extra;
	int r = problem_read_files(p, dir, NULL, &x->validator_files, &x->nvalidator_files, err, errlen);
	if (r)
		return r;
	for (size_t i = 0; i < x->nvalidator_files; i++) {
		struct judge_file *f = &x->validator_files[i];
		if (strcmp(f->name, "compile") == 0 || strcmp(f->name, "compile.sh") == 0 || strcmp(f->name, "run.sh") == 0)
			return problem_fail(err, errlen, -ENOTSUP, "%s/%s: a file of this name beside build and run "
					    "scripts is not supported", dir, f->name);
	}
	for (size_t i = 0; i < x->nvalidator_files; i++) {
		struct judge_file *f = &x->validator_files[i];
		char *name = strcmp(f->name, "build") == 0 ? strdup("compile") : NULL;
		if (strcmp(f->name, "build") == 0 && !name)
			return -ENOMEM;
		if (name) {
			free((char *)f->name);
			f->name = name;
		}
	}
	if (!(x->validator_lang = lang_find_any("multi")))
		return problem_fail(err, errlen, -ENOTSUP, "%s: build and run scripts need the multi-file language",
				    dir);
	if (!(x->validator_src = strdup("")))
		return -ENOMEM;
	return problem_strdup(&x->validator_path, dir);
}

static int read_program(struct problem *p, const char *path, char *err, size_t errlen)
{
	struct problem_extra *x = p->extra;
	char file[PATH_MAX], sub[PATH_MAX];
	struct program_dir d;
	int r = 0;
	if (problem_kind(path) == 'd') {
		if ((r = scan_program(path, &d, err, errlen)))
			return r;
		if (d.build || d.run)
			return read_scripts(p, path, err, errlen);
		/* problemtools' layout: output_validator/<name>/ holding the program. */
		if (!d.nsrc && !d.nfiles && d.ndirs == 1) {
			if (problem_path(sub, sizeof(sub), path, d.dir))
				return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", path);
			return read_program(p, sub, err, errlen);
		}
		if (d.main_py)
			str_copy(d.source, sizeof(d.source), "__main__.py");
		else if (!d.nsrc)
			return problem_fail(err, errlen, -EINVAL, "%s: no source in a known language", path);
		else if (d.nsrc > 1)
			return problem_fail(err, errlen, -ENOTSUP, "%s: %zu source files: output validators of several "
					    "sources are not supported", path, d.nsrc);
		if ((r = problem_read_files(p, path, d.source, &x->validator_files, &x->nvalidator_files, err, errlen)))
			return r;
		if (problem_path(file, sizeof(file), path, d.source))
			return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", path);
	} else if (str_copy(file, sizeof(file), path)) {
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", path);
	}
	if (!(x->validator_lang = problem_source_lang(file)))
		return problem_fail(err, errlen, -EINVAL, "%s: not a source in a known language", file);
	if ((r = problem_read_text(p, file, PROBLEM_FILE_MAX, &x->validator_src, &x->validator_len, err, errlen)))
		return r == -ENOENT ? problem_fail(err, errlen, r, "%s: missing", file) : r;
	return problem_strdup(&x->validator_path, file);
}

/* Whether a folder holds nothing but names starting with '.' (a
 * .gitkeep): a placeholder, no program. */
static bool placeholder(const char *dir)
{
	struct problem_entry *e = NULL;
	size_t n = 0;
	if (problem_list(dir, &e, &n))
		return false;
	problem_entries_free(e, n);
	return n == 0;
}

/* 2025-09: output_validator/ is the program. Legacy (validation: custom)
 * and the drafts: output_validators/ holds one program, a file or a folder
 * (or, without it, output_validator/ is the program). */
static int read_validator(struct problem *p, const struct kattis_meta *m, char *err, size_t errlen)
{
	char one[PATH_MAX], many[PATH_MAX], path[PATH_MAX];
	struct problem_entry *e = NULL;
	size_t n = 0;
	if (problem_path(one, sizeof(one), p->dir, "output_validator") ||
	    problem_path(many, sizeof(many), p->dir, "output_validators"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	if (!m->legacy && problem_kind(one) == 'd' && !placeholder(one))
		return read_program(p, one, err, errlen);
	/* A legacy package in the newer layout (DOMjudge's example problems):
	 * validation: custom with output_validator/ and no output_validators/. */
	if (m->legacy && m->custom && problem_kind(many) != 'd' && problem_kind(one) == 'd' && !placeholder(one))
		return read_program(p, one, err, errlen);
	if ((m->legacy && !m->custom) || problem_kind(many) != 'd') {
		if (m->legacy && m->custom)
			return problem_fail(err, errlen, -EINVAL, "%s: validation is custom but there is no %s", m->file,
					    many);
		return 0;                      /* the default output validator */
	}
	int r = problem_list(many, &e, &n);
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", many, strerror(-r));
	if (n != 1)
		r = problem_fail(err, errlen, n ? -ENOTSUP : -EINVAL, "%s: %s", many,
				 n ? "several output validators are not supported" : "empty");
	else if (problem_path(path, sizeof(path), many, e[0].name))
		r = problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", many);
	else
		r = read_program(p, path, err, errlen);
	problem_entries_free(e, n);
	return r;
}

/* ---- include/ ---- */

static int read_includes(struct problem *p, char *err, size_t errlen)
{
	struct problem_extra *x = p->extra;
	char top[PATH_MAX], dir[PATH_MAX];
	struct problem_entry *e = NULL;
	size_t n = 0;
	if (problem_path(top, sizeof(top), p->dir, "include"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	int r = problem_list(top, &e, &n);
	if (r)
		return r == -ENOENT ? 0 : problem_fail(err, errlen, r, "%s: %s", top, strerror(-r));
	if (n && !(x->includes = calloc(n, sizeof(*x->includes))))
		r = -ENOMEM;
	for (size_t i = 0; i < n && !r; i++) {
		if (e[i].kind != 'd')
			continue;
		struct problem_include *in = &x->includes[x->nincludes++];
		if (!(in->lang = strdup(e[i].name)))
			r = -ENOMEM;
		else if (problem_path(dir, sizeof(dir), top, e[i].name))
			r = problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", top);
		else
			r = problem_read_files(p, dir, NULL, &in->files, &in->nfiles, err, errlen);
	}
	problem_entries_free(e, n);
	return r;
}

const char *problem_kattis_lang(const struct lang *l)
{
	/* pairbox's names are Kattis's codes but for these. */
	static const char *const map[][2] = { { "c-clang", "c" }, { "cpp-clang", "cpp" }, { "commonlisp", "lisp" },
					      { "pypy3", "python3" }, { "prolog-swi", "prolog" } };
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(l->name, map[i][0]) == 0)
			return map[i][1];
	return l->name;
}

/* ---- the package ---- */

static int read_meta(struct problem *p, struct kattis_meta *m, const json_t *y, char *err, size_t errlen)
{
	const json_t *v = json_object_get(y, "problem_format_version");
	const char *version = json_string_value(v);
	size_t n = 0;
	int r;
	if (v && !version)
		return problem_fail(err, errlen, -EINVAL, "%s: problem_format_version: a string expected", m->file);
	if (!version || in_list(version, legacy_versions))
		m->legacy = true;
	else if (!in_list(version, modern_versions))
		return problem_fail(err, errlen, -ENOTSUP, "%s: problem_format_version '%s' is not supported (legacy, "
				    "legacy-icpc, 2023-07-draft, 2025-09)", m->file, version);
	if ((r = read_type(p, m, y, err, errlen)) || (r = read_name(p, m, y, err, errlen)))
		return r;
	if ((v = json_object_get(y, "keywords")) &&
	    (r = kattis_words(v, "keywords", m->file, &p->tags, &p->ntags, err, errlen)))
		return r;
	if ((v = json_object_get(y, "validator_flags")) &&
	    (r = kattis_words(v, "validator_flags", m->file, &m->flags, &n, err, errlen)))
		return r;
	if (!m->legacy && (r = problem_constants_read(p, json_object_get(y, "constants"), m->file, err, errlen)))
		return r;
	return read_limits(p, m, y, err, errlen);
}

/* Submit-answer: the reference is the first accepted submission, a file
 * or a folder of answers alike. */
static const char *first_answers(const struct problem *p)
{
	for (size_t i = 0; i < p->nsubs; i++)
		if (strcmp(p->subs[i].expect, "accepted") == 0)
			return p->subs[i].path;
	return NULL;
}

int problem_kattis_load(struct problem *p, char *err, size_t errlen)
{
	char file[PATH_MAX];
	json_t *y = NULL;
	struct kattis_meta m = { .file = file };
	p->format = PROBLEM_KATTIS;
	if (problem_path(file, sizeof(file), p->dir, "problem.yaml"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	int r = kattis_yaml(p, file, &y, err, errlen);
	/* A DOMjudge package may have domjudge-problem.ini alone: legacy defaults. */
	if (!r && !y && !(y = json_object()))
		r = -ENOMEM;
	if (r || (r = read_meta(p, &m, y, err, errlen)) || (r = problem_domjudge_ini(p, err, errlen)) ||
	    (r = read_timelimit(p, err, errlen)))
		goto out;
	/* 2025-09's statement/ (Markdown or LaTeX); legacy's problem_statement/ (LaTeX). */
	p->statement_format = "markdown";
	if ((r = read_statement(p, m.legacy ? "problem_statement" : "statement", "problem", &p->statement,
				&p->statement_format, err, errlen)) ||
	    (!p->statement && (r = read_statement(p, m.legacy ? "statement" : "problem_statement", "problem",
						  &p->statement, &p->statement_format, err, errlen))))
		goto out;
	const char *fmt = NULL;
	if ((r = read_statement(p, "solution", "solution", &p->editorial, &fmt, err, errlen)))
		goto out;
	if (p->editorial && fmt && strcmp(fmt, "markdown") != 0) {
		free(p->editorial);                 /* the editorial is Markdown only */
		p->editorial = NULL;
	}
	/* An interactive problem without an output validator still loads (a
	 * skeleton package has none): judging one of its submissions fails
	 * with that reason (problem_judging_prepare). */
	if ((r = read_validator(p, &m, err, errlen)))
		goto out;
	if ((r = kattis_tests(p, &m, err, errlen)) ||
	    (r = read_includes(p, err, errlen)) || (r = problem_constants_substitute(p, err, errlen)) || (r = problem_add_submissions(p, p->dir, err, errlen)) ||
	    (r = m.legacy ? problem_domjudge_expectations(p) : problem_kattis_expectations(p, err, errlen)))
		goto out;
	r = problem_strdup(&p->reference, p->submit_answer ? first_answers(p) : problem_first_accepted(p));
out:
	if (r == -ENOMEM)
		problem_fail(err, errlen, r, "%s: out of memory", p->dir);
	kattis_words_free(m.flags);
	json_decref(y);
	return r;
}
