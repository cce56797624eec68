/* problem_domjudge.c - what DOMjudge adds to a (legacy) Kattis package:
 * the `@EXPECTED_RESULTS@:` line of an example submission (the results it
 * may get, DOMjudge's names), and domjudge-problem.ini (name, timelimit).
 *
 * DOMjudge's rule for a submission in submissions/FOLDER/: without an
 * annotation it must get FOLDER's result; with one, FOLDER's result when
 * the annotation lists it, else any result the annotation lists (a folder
 * such as mixed-verdicts/ names none). A file with two annotations, or a
 * folder submission with two annotated files, DOMjudge refuses: here it
 * is skipped with that reason. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char TAG[] = "@EXPECTED_RESULTS@: ";
static const char SCORE_TAG[] = "@EXPECTED_SCORE@: ";   /* results too, when not a number */

/* The tag's line (case-insensitive, as DOMjudge's mb_stripos), or NULL;
 * *twice when the tag comes again after it. */
static const char *find_tag(const char *text, const char *tag, bool *twice)
{
	const char *at = strcasestr(text, tag);
	*twice = at && strcasestr(at + strlen(tag), tag);
	return at ? at + strlen(tag) : NULL;
}

/* One file's annotation: 0 none, 1 found (*set, or *unknown naming a
 * result pairbox has no verdict for), -EEXIST two of them. A numeric
 * @EXPECTED_SCORE@ is a score, not a result (not checked here). */
static int file_annotation(const char *text, unsigned *set, char *unknown, size_t unklen)
{
	bool twice, twice_score;
	const char *s = find_tag(text, TAG, &twice), *sc = find_tag(text, SCORE_TAG, &twice_score), *end;
	if (twice || twice_score)
		return -EEXIST;
	if (sc) {
		strtod(sc, (char **)&end);
		bool number = end != sc && (!*end || strchr(" \t\r\n", *end));
		if (!number && s)
			return -EEXIST;             /* results given twice */
		if (!number)
			s = sc;
	}
	if (!s)
		return 0;
	size_t line = strcspn(s, "\n");
	*set = 0;
	for (const char *x = s; x < s + line;) {
		size_t n = strcspn(x, ",\n");
		if (x + n > s + line)
			n = (size_t)(s + line - x);
		unsigned bit = problem_result_named(x, n);
		if (!bit && !unknown[0]) {
			while (n && (*x == ' ' || *x == '\t'))
				x++, n--;
			while (n && (x[n - 1] == ' ' || x[n - 1] == '\t' || x[n - 1] == '\r'))
				n--;
			str_printf(unknown, unklen, "%.*s", (int)(n < 40 ? n : 40), x);
		}
		*set |= bit;
		x += n + 1;
	}
	return 1;
}

/* The annotation of a submission: the file, or the files directly in a
 * folder submission. Files that cannot be read (too large, binary
 * output of a compiler) carry none. */
static int submission_annotation(const struct problem *p, const char *path, unsigned *set, char *unknown,
				 size_t unklen, char *why, size_t whylen)
{
	struct problem_entry *e = NULL;
	size_t n = 0, found = 0;
	char file[PATH_MAX];
	bool folder = problem_kind(path) == 'd';
	if (folder && problem_list(path, &e, &n))
		return 0;
	int r = 0;
	for (size_t i = 0; i < (folder ? n : 1) && r >= 0; i++) {
		char *text = NULL, ignored[8];
		if (folder && (e[i].kind != 'f' || problem_path(file, sizeof(file), path, e[i].name)))
			continue;
		if (problem_read_text(p, folder ? file : path, PROBLEM_META_MAX, &text, NULL, ignored, sizeof(ignored)))
			continue;
		int a = file_annotation(text, set, unknown, unklen);
		free(text);
		if (a == -EEXIST) {
			str_printf(why, whylen, "%s: two @EXPECTED_RESULTS@ lines (DOMjudge refuses it): skipped",
				   folder ? e[i].name : "the file");
			r = -EEXIST;
		} else if (a == 1 && found++) {
			str_printf(why, whylen, "two files with an @EXPECTED_RESULTS@ line (DOMjudge refuses it): skipped");
			r = -EEXIST;
		}
	}
	problem_entries_free(e, n);
	return r < 0 ? r : found ? 1 : 0;
}

static int set_skip(struct problem_submission *s, const char *why)
{
	free(s->skip);
	s->results = 0;
	return (s->skip = strdup(why)) ? 0 : -ENOMEM;
}

int problem_domjudge_expectations(struct problem *p)
{
	for (size_t i = 0; i < p->nsubs; i++) {
		struct problem_submission *s = &p->subs[i];
		unsigned set = 0;
		char unknown[48] = "", why[256] = "", text[96];
		int a = submission_annotation(p, s->path, &set, unknown, sizeof(unknown), why, sizeof(why));
		if (a == 0)
			continue;
		if (a < 0) {
			if (set_skip(s, why))
				return -ENOMEM;
			continue;
		}
		if (s->results && (s->results & set) == s->results && !s->partial)
			continue;                   /* the folder's result, which it lists */
		if (unknown[0]) {
			str_printf(why, sizeof(why), "expects %s (@EXPECTED_RESULTS@): no verdict pairbox can check: "
				   "skipped", unknown);
			if (set_skip(s, why))
				return -ENOMEM;
			continue;
		}
		s->results = set;
		s->partial = false;
		s->margin = (set & PROBLEM_R_TLE) != 0;
		problem_results_text(set, text, sizeof(text));
		free(s->label);
		free(s->skip);
		s->skip = NULL;
		if (asprintf(&s->label, "%s (annotated)", text) < 0) {
			s->label = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* ---- domjudge-problem.ini ---- */

/* One `key = value` line's value, quotes removed, into val. */
static bool ini_value(const char *line, size_t len, const char *key, char *val, size_t vallen)
{
	size_t k = strlen(key), i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < k || strncasecmp(line + i, key, k) != 0)
		return false;
	i += k;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != '=')
		return false;
	i++;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t end = len;
	while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
		end--;
	if (end - i >= 2 && (line[i] == '\'' || line[i] == '"') && line[end - 1] == line[i]) {
		i++;
		end--;
	}
	return str_printf(val, vallen, "%.*s", (int)(end - i), line + i) == 0;
}

int problem_domjudge_ini(struct problem *p, char *err, size_t errlen)
{
	char path[PATH_MAX], val[256], *text = NULL, *end;
	if (problem_path(path, sizeof(path), p->dir, "domjudge-problem.ini"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	int r = problem_read_text(p, path, PROBLEM_META_MAX, &text, NULL, err, errlen);
	if (r)
		return r == -ENOENT ? 0 : r;
	for (const char *line = text; *line && !r; line += strcspn(line, "\n"), line += *line == '\n') {
		size_t len = strcspn(line, "\n");
		if (ini_value(line, len, "timelimit", val, sizeof(val))) {
			double v = strtod(val, &end);
			if (end == val || *end || !(v > 0) || v > 1e9)
				r = problem_fail(err, errlen, -EINVAL, "%s: timelimit: a number of seconds expected", path);
			else if (p->time_limit <= 0)
				p->time_limit = v;          /* problem.yaml's limits.time_limit comes first */
		} else if (ini_value(line, len, "name", val, sizeof(val)) && val[0] &&
			   (!p->title || !strcmp(p->title, p->slug))) {
			free(p->title);
			if (!(p->title = strdup(val)))
				r = -ENOMEM;
		}
	}
	free(text);
	return r;
}
