/* problem.c - a problem folder into the model (problem.h): pairbox's own
 * format here, Kattis packages in problem_kattis.c; the folder walks both
 * formats share (tests, submissions); scanning a tree for problems. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- small helpers ---- */

int problem_fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

int problem_path(char *buf, size_t len, const char *dir, const char *name)
{
	return str_printf(buf, len, "%s/%s", dir, name);
}

static char kind_of(const char *path, bool follow)
{
	struct stat st;
	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0)
		return 0;
	return S_ISREG(st.st_mode) ? 'f' : S_ISDIR(st.st_mode) ? 'd' : 0;
}

char problem_kind(const char *path)
{
	return kind_of(path, true);
}

int problem_strdup(char **out, const char *s)
{
	*out = NULL;
	if (s && !(*out = strdup(s)))
		return -ENOMEM;
	return 0;
}

bool problem_inside(const struct problem *p, const char *path)
{
	const char *root = p->extra ? p->extra->root : NULL;
	char *real = root ? realpath(path, NULL) : NULL;
	size_t n = root ? strlen(root) : 0;
	bool in = real && strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0' || n == 1);
	free(real);
	return in;
}

int problem_read_text(const struct problem *p, const char *path, size_t max, char **out, size_t *len, char *err,
		      size_t errlen)
{
	size_t n = 0;
	*out = NULL;
	if (access(path, F_OK) && errno == ENOENT)
		return -ENOENT;
	if (!problem_inside(p, path))
		return problem_fail(err, errlen, -EACCES, "%s: a link to outside the problem's folder", path);
	int r = read_file(path, max, out, &n);
	if (r == -ENOENT)
		return r;
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", path, r == -EFBIG ? "file too large" : strerror(-r));
	if (len)
		*len = n;
	return 0;
}

/* Room for one more element in *v (holding n of size sz). */
static int grow(void *vp, size_t n, size_t sz)
{
	void **v = vp;
	if (n && (n < 8 || (n & (n - 1))))
		return 0;                           /* capacity: 8, then powers of two */
	size_t cap = n < 8 ? 8 : 2 * n;
	void *nv = realloc(*v, cap * sz);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	return 0;
}

uint32_t problem_ms(double seconds)
{
	double ms = ceil(seconds * 1000);
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/* ---- a folder's entries, in name order ---- */

void problem_entries_free(struct problem_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct problem_entry *)a)->name, ((const struct problem_entry *)b)->name);
}

/* Entries of dir not starting with '.', kinds found following links
 * (follow) or not. -ENOENT when dir is missing; else 0 or -errno. */
static int list_dir(const char *dir, bool follow, struct problem_entry **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	struct problem_entry *v = NULL;
	size_t n = 0;
	int r = 0;
	struct dirent *de;
	char path[PATH_MAX];
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if ((r = problem_path(path, sizeof(path), dir, de->d_name)) || (r = grow(&v, n, sizeof(*v))))
			break;
		if (!(v[n].name = strdup(de->d_name))) {
			r = -ENOMEM;
			break;
		}
		v[n++].kind = kind_of(path, follow);
	}
	closedir(d);
	if (r) {
		problem_entries_free(v, n);
		return r;
	}
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*out = v;
	*nout = n;
	return 0;
}

int problem_list(const char *dir, struct problem_entry **out, size_t *n)
{
	return list_dir(dir, true, out, n);
}

static const struct problem_entry *find_entry(const struct problem_entry *v, size_t n, const char *name)
{
	struct problem_entry key = { (char *)name, 0 };
	return n ? bsearch(&key, v, n, sizeof(*v), by_name) : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

int problem_find_first(const char *dir, const char *prefix, const char *suffix, char *name, size_t len)
{
	struct problem_entry *e = NULL;
	size_t n = 0;
	int r = list_dir(dir, true, &e, &n);
	if (r)
		return -ENOENT;
	r = -ENOENT;
	size_t lp = strlen(prefix), ls = strlen(suffix);
	for (size_t i = 0; i < n && r; i++) {
		size_t ln = strlen(e[i].name);
		if (e[i].kind == 'f' && ln >= lp + ls && strncmp(e[i].name, prefix, lp) == 0 &&
		    strcmp(e[i].name + ln - ls, suffix) == 0)
			r = str_copy(name, len, e[i].name) ? -ENOENT : 0;
	}
	problem_entries_free(e, n);
	return r;
}

/* ---- tests ---- */

static int add_test(struct problem *p, const char *dir, const char *prefix, const char *base, bool sample)
{
	char path[PATH_MAX];
	if (grow(&p->tests, p->ntests, sizeof(*p->tests)))
		return -ENOMEM;
	struct problem_test *t = &p->tests[p->ntests];
	memset(t, 0, sizeof(*t));
	t->sample = sample;
	p->ntests++;                                /* from here problem_free() frees it */
	if (str_printf(path, sizeof(path), "%s/%s", prefix, base))
		return -ENAMETOOLONG;
	if (!(t->name = strdup(path)))
		return -ENOMEM;
	if (str_printf(path, sizeof(path), "%s/%s.in", dir, base))
		return -ENAMETOOLONG;
	if (!(t->in_path = strdup(path)) ||
	    str_printf(path, sizeof(path), "%s/%s.ans", dir, base) || !(t->ans_path = strdup(path)))
		return -ENOMEM;
	return problem_inside(p, t->in_path) && problem_inside(p, t->ans_path) ? 0 : -EACCES;
}

/* One walk item: a test (the .in's base name) or a group folder. */
struct item {
	char *key;                                  /* owned: base name or folder name */
	bool group;
};

static int by_key(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (int)x->group - (int)y->group;      /* a test before a folder of its name */
}

static int walk(struct problem *p, const char *dir, const char *prefix, bool sample, const struct problem_walk *w,
		int depth, char *err, size_t errlen);

/* The .in files (and group folders) of one folder, checked and in order. */
static int walk_items(const char *dir, const struct problem_entry *e, size_t n, bool nested, struct item **out,
		      size_t *nout, char *err, size_t errlen)
{
	struct item *v = NULL;
	size_t k = 0;
	int r = 0;
	char want[NAME_MAX + 8];
	for (size_t i = 0; i < n && !r; i++) {
		const char *name = e[i].name;
		size_t len = strlen(name);
		bool in = e[i].kind == 'f' && ends_with(name, ".in");
		if (e[i].kind == 'f' && ends_with(name, ".ans")) {
			/* An answer without its input is a test that never runs. */
			if (str_printf(want, sizeof(want), "%.*s.in", (int)(len - 4), name) || !find_entry(e, n, want) ||
			    find_entry(e, n, want)->kind != 'f')
				r = problem_fail(err, errlen, -EINVAL, "%s/%s: no %.*s.in beside it", dir, name,
						 (int)(len - 4), name);
			continue;
		}
		if (e[i].kind == 'd' && ends_with(name, ".files")) {
			r = problem_fail(err, errlen, -ENOTSUP, "%s/%s: test input files (.files) are not supported",
					 dir, name);
			continue;
		}
		if (in && (str_printf(want, sizeof(want), "%.*s.ans", (int)(len - 3), name) ||
			   !find_entry(e, n, want) || find_entry(e, n, want)->kind != 'f')) {
			r = problem_fail(err, errlen, -EINVAL, "%s/%s: no %.*s.ans beside it", dir, name,
					 (int)(len - 3), name);
			continue;
		}
		if (!in && !(nested && e[i].kind == 'd'))
			continue;
		if ((r = grow(&v, k, sizeof(*v))))
			break;
		if (!(v[k].key = in ? strndup(name, len - 3) : strdup(name))) {
			r = -ENOMEM;
			break;
		}
		v[k++].group = !in;
	}
	if (r) {
		for (size_t i = 0; i < k; i++)
			free(v[i].key);
		free(v);
		return r == -ENOMEM ? problem_fail(err, errlen, r, "%s: out of memory", dir) : r;
	}
	if (k)
		qsort(v, k, sizeof(*v), by_key);
	*out = v;
	*nout = k;
	return 0;
}

static int walk_group(struct problem *p, const char *dir, const char *prefix, const char *name, bool sample,
		      const struct problem_walk *w, int depth, char *err, size_t errlen)
{
	char sub[PATH_MAX], subprefix[PATH_MAX];
	if (problem_path(sub, sizeof(sub), dir, name) || problem_path(subprefix, sizeof(subprefix), prefix, name))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s/%s: path too long", dir, name);
	int r = w && w->enter ? w->enter(w->ctx, sub, subprefix, err, errlen) : 0;
	if (r)
		return r;
	r = walk(p, sub, subprefix, sample, w, depth + 1, err, errlen);
	if (w && w->leave)
		w->leave(w->ctx);
	return r;
}

static int walk(struct problem *p, const char *dir, const char *prefix, bool sample, const struct problem_walk *w,
		int depth, char *err, size_t errlen)
{
	struct problem_entry *e = NULL;
	struct item *it = NULL;
	size_t n = 0, k = 0;
	if (depth > PROBLEM_DEPTH_MAX)
		return problem_fail(err, errlen, -EINVAL, "%s: test groups nested deeper than %d", dir,
				    PROBLEM_DEPTH_MAX);
	int r = list_dir(dir, true, &e, &n);
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", dir, strerror(-r));
	if ((r = walk_items(dir, e, n, w && w->nested, &it, &k, err, errlen)))
		goto out;
	for (size_t i = 0; i < k && !r; i++) {
		if (it[i].group) {
			r = walk_group(p, dir, prefix, it[i].key, sample, w, depth, err, errlen);
		} else if ((r = add_test(p, dir, prefix, it[i].key, sample))) {
			r = problem_fail(err, errlen, r, "%s/%s.in: %s", dir, it[i].key,
					 r == -EACCES ? "a link to outside the problem's folder" : strerror(-r));
		} else if (w && w->test) {
			r = w->test(w->ctx, p->ntests - 1, err, errlen);
		}
	}
out:
	for (size_t i = 0; i < k; i++)
		free(it[i].key);
	free(it);
	problem_entries_free(e, n);
	return r;
}

int problem_walk_tests(struct problem *p, const char *dir, const char *prefix, bool sample,
		       const struct problem_walk *w, char *err, size_t errlen)
{
	return walk(p, dir, prefix, sample, w, 0, err, errlen);
}

/* ---- submissions ---- */

static int add_submission(struct problem *p, const char *path, const char *expect)
{
	if (grow(&p->subs, p->nsubs, sizeof(*p->subs)))
		return -ENOMEM;
	struct problem_submission *s = &p->subs[p->nsubs];
	*s = (struct problem_submission){ 0 };
	s->path = strdup(path);
	s->expect = strdup(expect);
	p->nsubs++;
	if (!s->path || !s->expect)
		return -ENOMEM;
	return problem_inside(p, path) ? 0 : -EACCES;
}

int problem_add_submissions(struct problem *p, const char *dir, char *err, size_t errlen)
{
	char top[PATH_MAX], sub[PATH_MAX], path[PATH_MAX];
	struct problem_entry *verdicts = NULL, *e = NULL;
	size_t nv = 0, n = 0;
	if (problem_path(top, sizeof(top), dir, "submissions"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", dir);
	int r = list_dir(top, true, &verdicts, &nv);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;                                   /* none: the grader says if one is needed */
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", top, strerror(-r));
	for (size_t i = 0; i < nv && !r; i++) {
		if (verdicts[i].kind != 'd')
			continue;                           /* submissions.yaml, a README */
		if ((r = problem_path(sub, sizeof(sub), top, verdicts[i].name)) || (r = list_dir(sub, true, &e, &n))) {
			r = problem_fail(err, errlen, r, "%s/%s: %s", top, verdicts[i].name, strerror(-r));
			break;
		}
		for (size_t k = 0; k < n && !r; k++) {
			if (!e[k].kind)
				continue;
			if ((r = problem_path(path, sizeof(path), sub, e[k].name)) ||
			    (r = add_submission(p, path, verdicts[i].name)))
				r = problem_fail(err, errlen, r, "%s/%s: %s", sub, e[k].name,
						 r == -EACCES ? "a link to outside the problem's folder" : strerror(-r));
		}
		problem_entries_free(e, n);
		e = NULL;
		n = 0;
	}
	problem_entries_free(verdicts, nv);
	return r;
}

const char *problem_first_accepted(const struct problem *p)
{
	for (size_t i = 0; i < p->nsubs; i++)
		if (strcmp(p->subs[i].expect, "accepted") == 0 && problem_kind(p->subs[i].path) == 'f')
			return p->subs[i].path;
	return NULL;
}

/* ---- files of a folder (Kattis include/, a validator's folder) ---- */

void problem_files_free(struct judge_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)files[i].name);        /* owned here; const for judge.h's borrowers */
		free((char *)files[i].data);
	}
	free(files);
}

/* The files below dir, named prefix/NAME, appended to *v. */
static int read_files(const struct problem *p, const char *dir, const char *prefix, const char *skip,
		      struct judge_file **v, size_t *k, int depth, char *err, size_t errlen)
{
	struct problem_entry *e = NULL;
	size_t n = 0;
	char path[PATH_MAX], name[PATH_MAX];
	if (depth > PROBLEM_DEPTH_MAX)
		return problem_fail(err, errlen, -EINVAL, "%s: folders nested too deep", dir);
	int r = list_dir(dir, true, &e, &n);
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", dir, strerror(-r));
	for (size_t i = 0; i < n && !r; i++) {
		if ((!depth && skip && strcmp(e[i].name, skip) == 0) || !e[i].kind)
			continue;
		if (problem_path(path, sizeof(path), dir, e[i].name) ||
		    str_printf(name, sizeof(name), "%s%s%s", prefix, *prefix ? "/" : "", e[i].name)) {
			r = problem_fail(err, errlen, -ENAMETOOLONG, "%s/%s: path too long", dir, e[i].name);
			break;
		}
		if (e[i].kind == 'd') {
			r = read_files(p, path, name, skip, v, k, depth + 1, err, errlen);
			continue;
		}
		if (*k >= PROBLEM_FILES_MAX) {
			r = problem_fail(err, errlen, -EFBIG, "%s: more than %d files", dir, PROBLEM_FILES_MAX);
			break;
		}
		char *data = NULL;
		size_t len = 0;
		if ((r = grow(v, *k, sizeof(**v))) ||
		    (r = problem_read_text(p, path, PROBLEM_FILE_MAX, &data, &len, err, errlen)))
			break;
		(*v)[*k].data = data;
		(*v)[*k].len = len;
		if (!((*v)[(*k)++].name = strdup(name)))
			r = -ENOMEM;
	}
	problem_entries_free(e, n);
	return r;
}

int problem_read_files(const struct problem *p, const char *dir, const char *skip, struct judge_file **files,
		       size_t *nfiles, char *err, size_t errlen)
{
	struct judge_file *v = NULL;
	size_t k = 0;
	*files = NULL;
	*nfiles = 0;
	int r = read_files(p, dir, "", skip, &v, &k, 0, err, errlen);
	if (r) {
		if (r == -ENOMEM)
			problem_fail(err, errlen, r, "%s: out of memory", dir);
		problem_files_free(v, k);
		return r;
	}
	*files = v;
	*nfiles = k;
	return 0;
}

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
	       (problem_path(path, sizeof(path), dir, "problem.yaml") == 0 && problem_kind(path) == 'f');
}

static void extra_free(struct problem_extra *x, size_t ntests)
{
	if (!x)
		return;
	free(x->root);
	free(x->validator_path);
	free(x->validator_src);
	problem_files_free(x->validator_files, x->nvalidator_files);
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
	p->extra->root = real;
	if (problem_path(path, sizeof(path), p->dir, "problem.json") == 0 && problem_kind(path) == 'f')
		r = load_pairbox(p, err, errlen);
	else if (problem_path(path, sizeof(path), p->dir, "problem.yaml") == 0 && problem_kind(path) == 'f')
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

/* ---- scanning ---- */

struct found {
	char **v;
	size_t n;
};

static int scan(const char *dir, int depth, struct found *f)
{
	struct problem_entry *e = NULL;
	size_t n = 0;
	char path[PATH_MAX];
	if (depth > PROBLEM_DEPTH_MAX)
		return 0;
	/* Not following links: a link back up would loop. */
	int r = list_dir(dir, false, &e, &n);
	if (r)
		return depth ? 0 : r;                  /* an unreadable folder below root is no problem */
	for (size_t i = 0; i < n && !r; i++) {
		if (e[i].kind != 'd' || problem_path(path, sizeof(path), dir, e[i].name))
			continue;
		if (!problem_is_dir(path)) {
			r = scan(path, depth + 1, f);
			continue;
		}
		if ((r = grow(&f->v, f->n, sizeof(char *))))
			break;
		if (!(f->v[f->n] = strdup(path)))
			r = -ENOMEM;
		else
			f->n++;
	}
	problem_entries_free(e, n);
	return r;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int problem_scan(const char *root, char ***dirs, size_t *n)
{
	struct found f = { NULL, 0 };
	*dirs = NULL;
	*n = 0;
	int r;
	if (problem_is_dir(root)) {
		if (!(f.v = malloc(sizeof(char *))) || !(f.v[0] = strdup(root))) {
			free(f.v);
			return -ENOMEM;
		}
		f.n = 1;
	} else if ((r = scan(root, 0, &f))) {
		for (size_t i = 0; i < f.n; i++)
			free(f.v[i]);
		free(f.v);
		return r;
	}
	if (f.n)
		qsort(f.v, f.n, sizeof(char *), by_string);
	*dirs = f.v;
	*n = f.n;
	return 0;
}

/* ---- tests, read per use ---- */

int problem_test_read(const struct problem_test *t, char **in, size_t *inlen, char **ans, size_t *anslen)
{
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	int r = 0;
	if (in && (r = read_file(t->in_path, PROBLEM_TEST_MAX, &a, &la)))
		return r;
	if (ans && (r = read_file(t->ans_path, PROBLEM_TEST_MAX, &b, &lb))) {
		free(a);
		return r;
	}
	if (in) {
		*in = a;
		if (inlen)
			*inlen = la;
	}
	if (ans) {
		*ans = b;
		if (anslen)
			*anslen = lb;
	}
	return 0;
}
