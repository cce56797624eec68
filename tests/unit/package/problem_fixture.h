/* problem_fixture.h - what the problem tests share: fixture problems
 * written file by file into a temporary root (each write a CHECK), loaded
 * from there, and the pairbox problem "sum" that several of them use. */
#ifndef PAIRBOX_PROBLEM_FIXTURE_H
#define PAIRBOX_PROBLEM_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lang.h"
#include "problem.h"
#include "util.h"

static char root[] = "/tmp/pairbox-test-problem-XXXXXX";

/* root/rel with its folders made. */
static inline void put(const char *rel, const char *text)
{
	char path[1024];
	CHECK(str_printf(path, sizeof(path), "%s/%s", root, rel) == 0);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	CHECK(mkdir_p(path, 0755) == 0);
	*slash = '/';
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write_all(fd, text, strlen(text)) == 0);
		close(fd);
	}
}

static inline void mkdir_in(const char *rel)
{
	char path[1024];
	CHECK(str_printf(path, sizeof(path), "%s/%s", root, rel) == 0);
	CHECK(mkdir_p(path, 0755) == 0);
}

static inline const char *at(const char *rel)
{
	static char path[4][1024];
	static int k;
	k = (k + 1) % 4;
	str_printf(path[k], sizeof(path[k]), "%s/%s", root, rel);
	return path[k];
}

static inline void wipe(const char *rel)
{
	remove_tree(AT_FDCWD, at(rel));
}

/* Load root/rel: the return value, err in err. */
static inline int load(const char *rel, struct problem **p, char *err, size_t len)
{
	err[0] = '\0';
	return problem_load(at(rel), p, err, len);
}

static inline bool ends(const char *s, const char *suffix)
{
	size_t n = s ? strlen(s) : 0, k = strlen(suffix);
	return s && n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The pairbox problem "sum": its problem.json (limits, comparator) and
 * five tests, two of them samples, named out of order. */
static inline void put_sum(void)
{
	char rel[256];
	static const char *const t[][3] = {
		{ "sample/01", "3 4\n", "7\n" }, { "sample/02", "1 1\n", "2\n" },
		{ "hidden/b", "5 5\n", "10\n" }, { "hidden/a", "0 0\n", "0\n" }, { "hidden/10", "10 20\n", "30\n" },
	};
	put("sum/problem.json", "{\"title\": \"Sum\", \"difficulty\": \"easy\", \"tags\": [\"math\", \"arrays\"],"
	    " \"time_limit\": 2, \"memory_limit\": 64, \"compare\": \"tokens,float=1e-6\","
	    " \"hints\": [\"add\", \"them\"], \"slug\": \"sum\"}");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		str_printf(rel, sizeof(rel), "sum/tests/%s.in", t[i][0]);
		put(rel, t[i][1]);
		str_printf(rel, sizeof(rel), "sum/tests/%s.ans", t[i][0]);
		put(rel, t[i][2]);
	}
}

/* The temporary root made, the languages loaded: 0, or 1 (main's exit). */
static inline int fixture_setup(void)
{
	char err[512];
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	if (lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err)))
		fprintf(stderr, "langs: %s\n", err);
	return 0;
}

static inline void fixture_cleanup(void)
{
	remove_tree(AT_FDCWD, root);
}

#endif
