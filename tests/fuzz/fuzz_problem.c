/* fuzz_problem.c - a problem's metadata (package/problem.c and
 * problem_kattis.c). Input starting with '{' is a pairbox problem.json,
 * anything else a Kattis problem.yaml (and, after a line "...", its
 * submissions/submissions.yaml); it is written into a folder made
 * once, holding a statement, a sample, a secret test and an accepted
 * submission, and loaded. Properties: a refusal names its reason; a
 * loaded problem has a slug, a title, tests, and sane limits. */
#define _GNU_SOURCE /* nftw */
#include "fuzz.h"
#include "problem.h"

#include <errno.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/pairbox-fuzz-problem-XXXXXX";
static char ours[300], kattis[300];

static void put(const char *dir, const char *name, const char *text)
{
	char path[600], sub[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	/* make the file's folders */
	for (char *p = strchr(path + strlen(dir) + 1, '/'); p; p = strchr(p + 1, '/')) {
		snprintf(sub, sizeof(sub), "%.*s", (int)(p - path), path);
		mkdir(sub, 0755);
	}
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, "fuzz_problem: cannot write %s\n", path);
		exit(2);
	}
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path) && errno != ENOENT ? -1 : 0;
}

static void cleanup(void)
{
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		exit(2);
	}
	atexit(cleanup);
	snprintf(ours, sizeof(ours), "%s/sum", root);
	snprintf(kattis, sizeof(kattis), "%s/kattissum", root);
	mkdir(ours, 0755);
	mkdir(kattis, 0755);
	put(ours, "statement.md", "# Sum\n\nAdd two numbers.\n\n## Examples\n\n```\n1 2\n```\n");
	put(ours, "editorial.md", "Add them.\n");
	put(ours, "tests/sample/1.in", "1 2\n");
	put(ours, "tests/sample/1.ans", "3\n");
	put(ours, "tests/hidden/2.in", "[1, 2]\n5\n");
	put(ours, "tests/hidden/2.ans", "3\n");
	put(ours, "submissions/accepted/sum.py", "print(sum(map(int, input().split())))\n");
	put(ours, "solution.py", "print(sum(map(int, input().split())))\n");
	put(kattis, "problem_statement/problem.en.tex", "\\problemname{Sum}\nAdd.\n");
	put(kattis, "statement/problem.en.md", "# Sum\n\nAdd.\n");
	put(kattis, "data/sample/1.in", "1 2\n");
	put(kattis, "data/sample/1.ans", "3\n");
	put(kattis, "data/secret/g1/2.in", "2 2\n");
	put(kattis, "data/secret/g1/2.ans", "4\n");
	put(kattis, "data/secret/g1/testdata.yaml", "output_validator_flags: float_tolerance 1e-6\n");
	put(kattis, "submissions/accepted/sum.py", "print(sum(map(int, input().split())))\n");
	return 0;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool json = size && data[0] == '{';
	const char *dir = json ? ours : kattis;
	char path[400], subs[400], err[512] = "";
	snprintf(path, sizeof(path), "%s/%s", dir, json ? "problem.json" : "problem.yaml");
	snprintf(subs, sizeof(subs), "%s/submissions/submissions.yaml", kattis);
	/* A Kattis input may carry a submissions.yaml after a "\n...\n" line. */
	const uint8_t *split = json ? NULL : memmem(data, size, "\n...\n", 5);
	size_t head = split ? (size_t)(split - data) + 1 : size;
	write_file(path, data, head);
	if (split)
		write_file(subs, split + 5, size - head - 4);
	struct problem *p = NULL;
	int r = problem_load(dir, &p, err, sizeof(err));
	unlink(path);
	unlink(subs);
	if (r) {
		FUZZ_REFUSED(r, p, err, "a refused problem is named, and none made");
		return 0;
	}
	FUZZ_CHECK(p && p->slug && p->slug[0], "a loaded problem has a slug");
	FUZZ_CHECK(p->title && p->title[0], "a loaded problem has a title");
	FUZZ_CHECK(p->ntests > 0 && p->nsamples <= p->ntests, "a loaded problem has tests");
	FUZZ_CHECK(p->time_limit >= 0 && p->time_limit == p->time_limit, "a time limit is a number >= 0");
	problem_free(p);
	return 0;
}
