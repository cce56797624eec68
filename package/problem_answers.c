/* problem_answers.c - a submit-answer submission (Kattis 2025-09 `type:
 * submit-answer`): the answers to the tests instead of a program. One
 * file is the answer to every test; a folder holds a file per test, named
 * after the test: its path below data/ or its last part, with `.out` or
 * `.ans` ("secret/g1/03.out", or "03.out"). A test without one gets an
 * empty output. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void problem_answers_free(struct judge_file *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free((char *)a[i].name);
		free((char *)a[i].data);
	}
	free(a);
}

/* The folder's file for test name: 0 with *path set, -ENOENT when none. */
static int answer_path(const char *dir, const char *name, char *path, size_t len)
{
	const char *base = strrchr(name, '/');
	const char *const tries[] = { name, base ? base + 1 : name };
	const char *const ext[] = { ".out", ".ans" };
	for (size_t e = 0; e < 2; e++)
		for (size_t t = 0; t < 2; t++) {
			struct stat st;
			if (str_printf(path, len, "%s/%s%s", dir, tries[t], ext[e]))
				return -ENAMETOOLONG;
			if (!stat(path, &st) && S_ISREG(st.st_mode))
				return 0;
		}
	return -ENOENT;
}

int problem_answers_read(const char *path, const struct judge_test *tests, size_t n, struct judge_file **out,
			 char *err, size_t errlen)
{
	struct stat st;
	struct judge_file *a = calloc(n ? n : 1, sizeof(*a));
	char file[PATH_MAX];
	int r = 0;
	*out = NULL;
	if (!a)
		return -ENOMEM;
	if (stat(path, &st)) {
		r = problem_fail(err, errlen, -errno, "%s: %s", path, strerror(errno));
		goto out;
	}
	bool folder = S_ISDIR(st.st_mode);
	for (size_t i = 0; i < n; i++) {
		char *data = NULL;
		size_t len = 0;
		if (folder && (r = answer_path(path, tests[i].name, file, sizeof(file)))) {
			if (r != -ENOENT)
				goto out;
			r = 0;
			continue;                   /* no answer: an empty output */
		}
		const char *from = folder ? file : path;
		if ((r = read_file(from, PROBLEM_TEST_MAX, &data, &len))) {
			r = r == -ENOMEM ? r : problem_fail(err, errlen, r, "%s: %s", from, strerror(-r));
			goto out;
		}
		a[i].data = data;
		a[i].len = len;
		if (!(a[i].name = strdup(from))) {
			r = -ENOMEM;
			goto out;
		}
	}
out:
	if (r)
		problem_answers_free(a, n);
	else
		*out = a;
	return r;
}
