/* problem_walk.c - the tests (NAME.in beside NAME.ans, groups in folders)
 * and example submissions (submissions/VERDICT/) of a problem folder, for
 * both formats; a test's files read when it is judged. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* ---- tests ---- */

static int add_test(struct problem *p, const char *dir, const char *prefix, const char *base, bool sample)
{
	char path[PATH_MAX];
	if (problem_grow(&p->tests, p->ntests, sizeof(*p->tests)))
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
			if (str_printf(want, sizeof(want), "%.*s.in", (int)(len - 4), name) || !problem_entry_find(e, n, want) ||
			    problem_entry_find(e, n, want)->kind != 'f')
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
			   !problem_entry_find(e, n, want) || problem_entry_find(e, n, want)->kind != 'f')) {
			r = problem_fail(err, errlen, -EINVAL, "%s/%s: no %.*s.ans beside it", dir, name,
					 (int)(len - 3), name);
			continue;
		}
		if (!in && !(nested && e[i].kind == 'd'))
			continue;
		if ((r = problem_grow(&v, k, sizeof(*v))))
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
	int r = problem_list(dir, &e, &n);
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
	if (problem_grow(&p->subs, p->nsubs, sizeof(*p->subs)))
		return -ENOMEM;
	struct problem_submission *s = &p->subs[p->nsubs];
	*s = (struct problem_submission){ 0 };
	s->path = strdup(path);
	s->expect = strdup(expect);
	p->nsubs++;
	if (!s->path || !s->expect)
		return -ENOMEM;
	/* pairbox's format has its own folders only (docs/grade.md); a Kattis
	 * package also DOMjudge's and problemtools' names. */
	static const char *const own[] = { "accepted", "wrong_answer", "time_limit_exceeded", "run_time_error",
					   "compile_error", "rejected", NULL };
	bool known = p->format == PROBLEM_KATTIS;
	for (size_t i = 0; !known && own[i]; i++)
		known = strcmp(expect, own[i]) == 0;
	if (!(s->results = known ? problem_folder_results(expect, &s->margin, &s->partial) : 0) &&
	    asprintf(&s->skip, "unknown verdict folder '%s': skipped", expect) < 0) {
		s->skip = NULL;
		return -ENOMEM;
	}
	return problem_inside(p, path) ? 0 : -EACCES;
}

int problem_add_submissions(struct problem *p, const char *dir, char *err, size_t errlen)
{
	char top[PATH_MAX], sub[PATH_MAX], path[PATH_MAX];
	struct problem_entry *verdicts = NULL, *e = NULL;
	size_t nv = 0, n = 0;
	if (problem_path(top, sizeof(top), dir, "submissions"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", dir);
	int r = problem_list(top, &verdicts, &nv);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;                                   /* none: the grader says if one is needed */
	if (r)
		return problem_fail(err, errlen, r, "%s: %s", top, strerror(-r));
	for (size_t i = 0; i < nv && !r; i++) {
		if (verdicts[i].kind != 'd')
			continue;                           /* submissions.yaml, a README */
		if ((r = problem_path(sub, sizeof(sub), top, verdicts[i].name)) || (r = problem_list(sub, &e, &n))) {
			r = problem_fail(err, errlen, r, "%s/%s: %s", top, verdicts[i].name, strerror(-r));
			break;
		}
		for (size_t k = 0; k < n && !r; k++) {
			size_t len = strlen(e[k].name);
			/* BAPCtools: a name ending .disabled is not a submission. */
			if (!e[k].kind || (len > 9 && !strcmp(e[k].name + len - 9, ".disabled")))
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
		if (strcmp(p->subs[i].expect, "accepted") == 0 && problem_kind(p->subs[i].path) == 'f' &&
		    problem_source_lang(p->subs[i].path))
			return p->subs[i].path;
	return NULL;
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
