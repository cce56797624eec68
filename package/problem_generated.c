/* problem_generated.c - generated.sha256 of pairbox's format: the tests
 * that the problem's gen.py writes (at build time) instead of git holding
 * them (docs/problems.md, "Generated tests"). A problem whose listed files
 * are missing or of another size does not load, and says how to make them,
 * rather than load and judge with fewer tests. The hashes are the
 * generator's to check (problems/_lib/generate.py); the loader only stats. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GENERATED_FILE "generated.sha256"

/* One line "SHA256 SIZE tests/PATH" (single spaces) into its size and path
 * (pointing into line, which is cut); false when it is not one. */
static bool parse_line(char *line, uint64_t *size, const char **path)
{
	char *sp1 = strchr(line, ' ');
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || sp1 - line != 64 || strspn(line, "0123456789abcdef") != 64 || !sp2)
		return false;
	*sp2 = '\0';
	*path = sp2 + 1;
	return parse_u64(sp1 + 1, size) == 0 && strncmp(*path, "tests/", 6) == 0;
}

/* "run python3 BANK/_lib/generate.py", BANK the folder above the problem's
 * as the user named it ("problems/two-sum": problems; "two-sum": .). */
static void hint(const struct problem *p, char *buf, size_t len)
{
	const char *slash = strrchr(p->dir, '/');
	int n = slash ? (int)(slash - p->dir) : 0;
	if (strcmp(p->dir, ".") == 0)
		str_copy(buf, len, "run python3 ../_lib/generate.py (the build of pairbox runs it for its problems/)");
	else
		str_printf(buf, len, "run python3 %.*s%s_lib/generate.py (the build of pairbox runs it for its problems/)",
			   n, p->dir, slash ? "/" : "");
}

int problem_generated_check(const struct problem *p, char *err, size_t errlen)
{
	char file[PATH_MAX], path[PATH_MAX], how[PATH_MAX + 96];
	char *text = NULL;
	int r;
	if (problem_path(file, sizeof(file), p->dir, GENERATED_FILE))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	hint(p, how, sizeof(how));
	if ((r = problem_read_text(p, file, PROBLEM_META_MAX, &text, NULL, err, errlen)))
		return r == -ENOENT ? 0 : r;
	int lineno = 0;
	for (char *line = text, *next; *line; line = next) {
		uint64_t size;
		const char *rel;
		struct stat st;
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		lineno++;
		if (!*line || line[0] == '#')
			continue;
		if (!parse_line(line, &size, &rel)) {
			r = problem_fail(err, errlen, -EINVAL, "%s:%d: 'SHA256 SIZE tests/PATH' expected", file,
					 lineno);
			break;
		}
		if (problem_path(path, sizeof(path), p->dir, rel)) {
			r = problem_fail(err, errlen, -ENAMETOOLONG, "%s/%s: path too long", p->dir, rel);
			break;
		}
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			r = problem_fail(err, errlen, -ENOENT, "%s: a generated test, not generated yet: %s", path, how);
			break;
		}
		if (!problem_inside(p, path)) {
			r = problem_fail(err, errlen, -EACCES, "%s: a link to outside the problem's folder", path);
			break;
		}
		if ((uint64_t)st.st_size != size) {
			r = problem_fail(err, errlen, -EINVAL,
					 "%s: %lld bytes, %s lists %llu: out of date: %s", path, (long long)st.st_size,
					 GENERATED_FILE, (unsigned long long)size, how);
			break;
		}
	}
	free(text);
	return r;
}
