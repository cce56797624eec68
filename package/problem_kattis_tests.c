/* problem_kattis_tests.c - a Kattis package's tests: data/sample and
 * data/secret walked as nested groups, each group's test_group.yaml /
 * testdata.yaml and each test's NAME.yaml giving the output validator's
 * flags (the default comparator) or arguments (a custom validator). */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- test groups and their output validator flags ---- */

/* The flags in force while walking: one level per group folder (a level
 * without its own yaml file shares its parent's words). */
struct groups {
	struct problem *p;
	const struct kattis_meta *m;
	char **level[PROBLEM_DEPTH_MAX + 4];       /* words of each level (NULL: none) */
	bool owned[PROBLEM_DEPTH_MAX + 4];
	int depth;
	char ***tests;                             /* per test: the effective words (owned) */
	size_t ntests;
};

/* output_validator_args (2025-09: a sequence; drafts: a string), or
 * legacy output_validator_flags (a string, or a map with "flags"). */
static int validator_words(const json_t *y, const char *file, char ***v, char *err, size_t errlen)
{
	const json_t *a = json_object_get(y, "output_validator_args");
	const char *what = "output_validator_args";
	size_t n = 0;
	if (!a) {
		a = json_object_get(y, "output_validator_flags");
		what = "output_validator_flags";
		if (json_is_object(a))
			a = json_object_get(a, "flags");
	}
	*v = NULL;
	if (!a || json_is_null(a))
		return 0;
	return kattis_words(a, what, file, v, &n, err, errlen);
}

static int group_enter(void *ctx, const char *dir, const char *name, char *err, size_t errlen)
{
	struct groups *g = ctx;
	char path[PATH_MAX];
	json_t *y = NULL;
	(void)name;
	if (g->depth + 1 >= (int)(sizeof(g->level) / sizeof(g->level[0])))
		return problem_fail(err, errlen, -EINVAL, "%s: test groups nested too deep", dir);
	g->depth++;
	g->level[g->depth] = g->level[g->depth - 1];
	g->owned[g->depth] = false;
	/* 2025-09 names it test_group.yaml; legacy and the drafts testdata.yaml. */
	for (int i = 0; i < 2; i++) {
		if (problem_path(path, sizeof(path), dir, i ? "testdata.yaml" : "test_group.yaml"))
			return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", dir);
		int r = kattis_yaml(g->p, path, &y, err, errlen);
		if (r)
			return r;
		if (!y)
			continue;
		char **v = NULL;
		r = validator_words(y, path, &v, err, errlen);
		json_decref(y);
		if (r) {
			kattis_words_free(v);
			return r;
		}
		g->level[g->depth] = v;
		g->owned[g->depth] = true;
		break;
	}
	return 0;
}

static void group_leave(void *ctx)
{
	struct groups *g = ctx;
	if (g->owned[g->depth])
		kattis_words_free(g->level[g->depth]);
	g->level[g->depth] = NULL;
	g->owned[g->depth] = false;
	g->depth--;
}

static int append_words(char ***v, size_t *n, char *const *src)
{
	for (size_t i = 0; src && src[i]; i++) {
		char **nv = realloc(*v, (*n + 2) * sizeof(char *));
		if (!nv)
			return -ENOMEM;
		*v = nv;
		if (!(nv[*n] = strdup(src[i])))
			return -ENOMEM;
		nv[++*n] = NULL;
	}
	return 0;
}

/* A test: the problem's flags (legacy validator_flags), then its group's,
 * or its own NAME.yaml's output_validator_args. */
static int group_test(void *ctx, size_t index, char *err, size_t errlen)
{
	struct groups *g = ctx;
	const struct problem_test *t = &g->p->tests[index];
	char path[PATH_MAX], **own = NULL, **v = NULL;
	size_t n = 0, len = strlen(t->in_path);
	json_t *y = NULL;
	int r;
	char ***nt = realloc(g->tests, (index + 1) * sizeof(char **));
	if (!nt)
		return -ENOMEM;
	g->tests = nt;
	for (; g->ntests <= index; g->ntests++)
		g->tests[g->ntests] = NULL;
	if (str_printf(path, sizeof(path), "%.*s.yaml", (int)(len - 3), t->in_path))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", t->in_path);
	if ((r = kattis_yaml(g->p, path, &y, err, errlen)))
		return r;
	if (y) {
		const json_t *args = json_object_get(y, "args");
		if (args && !(json_is_array(args) && json_array_size(args) == 0)) {
			json_decref(y);
			return problem_fail(err, errlen, -ENOTSUP, "%s: args: command-line arguments per test are not "
					    "supported", path);
		}
		r = validator_words(y, path, &own, err, errlen);
		bool has = json_object_get(y, "output_validator_args") || json_object_get(y, "output_validator_flags");
		json_decref(y);
		if (r) {
			kattis_words_free(own);
			return r;
		}
		if (!has) {
			kattis_words_free(own);
			own = NULL;
		} else if (!own && !(own = calloc(1, sizeof(char *)))) {
			return -ENOMEM;                    /* given, and empty: no group words */
		}
	}
	r = append_words(&v, &n, g->m->flags);
	if (!r)
		r = append_words(&v, &n, own ? own : g->level[g->depth]);
	kattis_words_free(own);
	g->tests[index] = v;
	return r;
}

static bool same_words(char *const *a, char *const *b)
{
	size_t i = 0;
	for (; a && b && a[i] && b[i]; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return !(a && a[i]) && !(b && b[i]);
}

/* Words joined by spaces, as compare_parse_kattis() reads them. */
static char *joined(char *const *v)
{
	size_t len = 1;
	for (size_t i = 0; v && v[i]; i++)
		len += strlen(v[i]) + 1;
	char *s = malloc(len), *o = s;
	if (!s)
		return NULL;
	for (size_t i = 0; v && v[i]; i++) {
		size_t k = strlen(v[i]);
		if (i)
			*o++ = ' ';
		memcpy(o, v[i], k);
		o += k;
	}
	*o = '\0';
	return s;
}

static int kattis_compare(char *const *words_, struct compare_opts *o, const char *where, char *err, size_t errlen)
{
	char msg[256], *s = joined(words_);
	if (!s)
		return -ENOMEM;
	int r = compare_parse_kattis(s, o, msg, sizeof(msg));
	free(s);
	return r ? problem_fail(err, errlen, -EINVAL, "%s: output validator flags: %s", where, msg) : 0;
}

/* The walk's words made into the problem's rule and each test's own: the
 * default validator's comparator, or the custom validator's arguments. */
static int apply_flags(struct problem *p, const struct kattis_meta *m, struct groups *g, char *err, size_t errlen)
{
	struct problem_extra *x = p->extra;
	/* With a custom validator the flags are its arguments, not the default's. */
	int r = kattis_compare(x->validator_path ? NULL : m->flags, &p->compare, m->file, err, errlen);
	bool differ = false;
	for (size_t i = 0; !r && i < p->ntests; i++)
		differ |= x->validator_path ? i < g->ntests && g->tests[i] && g->tests[i][0]
					    : !same_words(i < g->ntests ? g->tests[i] : NULL, m->flags);
	if (r || !differ)
		return r;
	if (!(x->test_opts = calloc(p->ntests, sizeof(*x->test_opts))))
		return -ENOMEM;
	if (x->validator_path) {
		/* The arguments move from the walk into the problem. */
		if (!(x->test_args = calloc(p->ntests, sizeof(char **))))
			return -ENOMEM;
		for (size_t i = 0; i < p->ntests && i < g->ntests; i++) {
			x->test_args[i] = g->tests[i];
			g->tests[i] = NULL;
			x->test_opts[i].checker_args = (const char *const *)x->test_args[i];
		}
		return 0;
	}
	if (!(x->test_compare = calloc(p->ntests, sizeof(*x->test_compare))))
		return -ENOMEM;
	for (size_t i = 0; i < p->ntests && !r; i++) {
		char *const *w = i < g->ntests ? g->tests[i] : NULL;
		if (same_words(w, m->flags))
			continue;
		r = kattis_compare(w, &x->test_compare[i], p->tests[i].in_path, err, errlen);
		x->test_opts[i].compare = &x->test_compare[i];
	}
	return r;
}

/* data/secret is missing. Test data a generator writes (BAPCtools'
 * generators/generators.yaml) is not there until it has run: say so.
 * Otherwise the samples alone are the tests (DOMjudge's hello), and a
 * package without data/ is a skeleton. */
static int no_secret(const struct problem *p, const char *secret, char *err, size_t errlen)
{
	char gen[PATH_MAX];
	if (!problem_path(gen, sizeof(gen), p->dir, "generators/generators.yaml") && problem_kind(gen) == 'f')
		return problem_fail(err, errlen, -ENOENT, "%s: missing: the test data is generated by %s; run the "
				    "generator first (BAPCtools: bt generate)", secret, gen);
	return 0;
}

int kattis_tests(struct problem *p, const struct kattis_meta *m, char *err, size_t errlen)
{
	char data[PATH_MAX], dir[PATH_MAX];
	struct groups g = { .p = p, .m = m };
	struct problem_walk w = { .nested = true, .enter = group_enter, .leave = group_leave, .test = group_test,
				  .ctx = &g };
	if (problem_path(data, sizeof(data), p->dir, "data"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	/* data/ itself is the root group: its yaml file, if any, applies to all. */
	int r = group_enter(&g, data, "", err, errlen);
	if (r)
		return r;
	static const char *const parts[] = { "sample", "secret" };
	for (int i = 0; i < 2 && !r; i++) {
		if ((r = problem_path(dir, sizeof(dir), data, parts[i]))) {
			r = problem_fail(err, errlen, r, "%s: path too long", data);
			break;
		}
		if (problem_kind(dir) != 'd') {
			if (i == 1)
				r = no_secret(p, dir, err, errlen);
			continue;
		}
		if (!(r = group_enter(&g, dir, parts[i], err, errlen))) {
			r = problem_walk_tests(p, dir, parts[i], i == 0, &w, err, errlen);
			group_leave(&g);
		}
		if (i == 0)
			p->nsamples = p->ntests;
	}
	/* No data/ at all is a skeleton (a statement): it loads, with no tests. */
	if (!r && !p->ntests && problem_kind(data) == 'd')
		r = problem_fail(err, errlen, -EINVAL, "%s: no tests (NAME.in with NAME.ans)", data);
	while (g.depth > 0)
		group_leave(&g);
	if (!r)
		r = apply_flags(p, m, &g, err, errlen);
	for (size_t i = 0; i < g.ntests; i++)
		kattis_words_free(g.tests[i]);
	free(g.tests);
	return r;
}
