/* problem_program.c - a package's submission as a program (problem.h):
 * one file or a folder of them, its language as Kattis, DOMjudge and
 * BAPCtools tell it, the main file, and the names the judge keeps. */
#define _GNU_SOURCE
#include "problem_int.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PROGRAM_MAX (64u << 20)    /* all of a submission's files together */

void problem_program_release(struct problem_program *pg)
{
	if (!pg)
		return;
	lang_named_release(&pg->named);
	for (size_t i = 0; i < pg->nfiles; i++) {
		free((char *)pg->files[i].name);
		free((char *)pg->files[i].data);
	}
	free(pg->files);
	free(pg->merged);
	free(pg->sources);
	free(pg->source);
	free(pg->main);
	memset(pg, 0, sizeof(*pg));
}

/* A DOMjudge package: its ini, or the file says what it expects the
 * DOMjudge way. There .pl is Perl (.plg is Prolog). */
static bool domjudge_file(const struct problem *p, const char *data)
{
	char ini[PATH_MAX];
	return (data && strstr(data, "@EXPECTED_RESULTS@")) ||
	       (!problem_path(ini, sizeof(ini), p->dir, "domjudge-problem.ini") && problem_kind(ini) == 'f');
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && !strcmp(name + n - e, ext);
}

/* Python 2 as problemtools tells it: .py2, or .py with a python2 shebang. */
static bool python2(const char *name, const char *data)
{
	if (has_ext(name, ".py2"))
		return true;
	if (!has_ext(name, ".py") || strncmp(data, "#!", 2) != 0)
		return false;
	size_t line = strcspn(data, "\n");
	const char *py = memmem(data, line, "python2", 7);
	return py && (py + 7 == data + line || !isalnum((unsigned char)py[7]));
}

/* The language a file is in, in this package; NULL when none. */
static const struct lang *guess(const struct problem *p, const char *name, const char *data, bool *py2)
{
	if (p->format == PROBLEM_KATTIS && python2(name, data)) {
		*py2 = true;
		return NULL;
	}
	if (p->format != PROBLEM_KATTIS)
		return lang_guess(name);       /* pairbox's own format: as `pairbox run` guesses */
	if (has_ext(name, ".pl") && domjudge_file(p, data))
		return lang_find("perl");
	return lang_guess_package(name);
}

/* A file of the language's: its extensions or its source's. */
static bool belongs(const struct lang *l, const char *name)
{
	const char *dot = strrchr(l->source, '.');
	if (dot && has_ext(name, dot))
		return true;
	for (const char *const *e = l->exts; e && *e; e++)
		if (has_ext(name, *e))
			return true;
	for (const char *const *e = l->package_exts; e && *e; e++)
		if (has_ext(name, *e))
			return true;
	return false;
}

static int add_file(struct problem_program *pg, const char *name, char *data, size_t len)
{
	if (problem_grow(&pg->files, pg->nfiles, sizeof(*pg->files)))
		return -ENOMEM;
	char *n = strdup(name);
	if (!n)
		return -ENOMEM;
	pg->files[pg->nfiles++] = (struct judge_file){ n, data, len };
	return 0;
}

/* Every regular file of the folder (a file submission: that file). */
static int read_files(struct problem_program *pg, const char *path, bool folder, char *why, size_t whylen)
{
	struct problem_entry *e = NULL;
	size_t n = 0, total = 0;
	int r = 0;
	if (!folder) {
		const char *base = strrchr(path, '/');
		char *data = NULL;
		size_t len = 0;
		if ((r = read_file(path, PROGRAM_MAX, &data, &len)))
			return problem_fail(why, whylen, r, "cannot read %s: %s", path, strerror(-r));
		if ((r = add_file(pg, base ? base + 1 : path, data, len)))
			free(data);
		return r;
	}
	if ((r = problem_list(path, &e, &n)))
		return problem_fail(why, whylen, r, "%s: %s", path, strerror(-r));
	for (size_t i = 0; i < n && !r; i++) {
		char file[PATH_MAX], *data = NULL;
		size_t len = 0;
		if (e[i].kind != 'f' || e[i].name[0] == '.')
			continue;          /* a subfolder or a hidden file is not part of the program */
		if (pg->nfiles == PROBLEM_FILES_MAX) {
			r = problem_fail(why, whylen, -EFBIG, "%s: more than %d files", path, PROBLEM_FILES_MAX);
			break;
		}
		if ((r = problem_path(file, sizeof(file), path, e[i].name)) ||
		    (r = read_file(file, PROGRAM_MAX - total, &data, &len))) {
			r = problem_fail(why, whylen, r, "cannot read %s/%s: %s", path, e[i].name, strerror(-r));
			break;
		}
		total += len;
		if ((r = add_file(pg, e[i].name, data, len)))
			free(data);
	}
	problem_entries_free(e, n);
	return r;
}

/* The file the program starts from, as problemtools and BAPCtools pick
 * it: the only source, else one named main.*, else the first by name. */
static const char *pick_main(char **src, size_t n)
{
	if (n == 1)
		return src[0];
	for (size_t i = 0; i < n; i++)
		if (!strncasecmp(src[i], "main.", 5))
			return src[i];
	return src[0];
}

int problem_program_load(const struct problem *p, const char *path, const char *language, const char *entrypoint,
			 struct problem_program *pg, char *why, size_t whylen)
{
	memset(pg, 0, sizeof(*pg));
	bool folder = problem_kind(path) == 'd', py2 = false;
	pg->folder = folder;
	int r = read_files(pg, path, folder, why, whylen);
	if (r)
		goto fail;
	const struct lang *l = NULL;
	if (language) {
		/* Kattis's codes where pairbox's names differ: its Prolog is SWI. */
		static const char *const codes[][2] = { { "prolog", "prolog-swi" }, { "lisp", "commonlisp" } };
		for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]) && !l; i++)
			if (!strcmp(language, codes[i][0]))
				l = lang_find(codes[i][1]);
		if (!l && !(l = lang_find(language))) {
			r = problem_fail(why, whylen, -ENOTSUP, "language '%s' (submissions.yaml) is not installed here",
					 language);
			goto fail;
		}
	} else {
		/* The language most of its files are in; a tie: the first by name. */
		size_t best = 0;
		for (size_t i = 0; i < pg->nfiles; i++) {
			const struct lang *x = guess(p, pg->files[i].name, pg->files[i].data, &py2);
			size_t count = 0;
			for (size_t k = 0; x && k < pg->nfiles; k++)
				count += guess(p, pg->files[k].name, pg->files[k].data, &py2) == x;
			if (count > best) {
				best = count;
				l = x;
			}
		}
	}
	if (!l) {
		r = problem_fail(why, whylen, -ENOTSUP, "%s", py2 ? "Python 2 (a python2 shebang or .py2): Debian 12 has "
				 "neither python2 nor pypy (Python 2.7), so it is not judged here"
				 : folder ? "no source file in an installed language in this folder (see `pairbox langs`)"
				 : "no installed language for this file's extension (see `pairbox langs`)");
		goto fail;
	}
	pg->lang = l;
	if (!(pg->sources = calloc(pg->nfiles + 1, sizeof(*pg->sources)))) {
		r = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < pg->nfiles; i++)
		if (!folder || (belongs(l, pg->files[i].name) &&
				(language || guess(p, pg->files[i].name, pg->files[i].data, &py2) == l)))
			pg->sources[pg->nsources++] = (char *)pg->files[i].name;
	if (!pg->nsources) {
		r = problem_fail(why, whylen, -ENOTSUP, "no %s source file in this folder", l->name);
		goto fail;
	}
	const char *main = pick_main(pg->sources, pg->nsources);
	if (entrypoint) {
		main = NULL;
		for (size_t i = 0; i < pg->nsources && !main; i++)
			if (!strcmp(pg->sources[i], entrypoint))
				main = pg->sources[i];
		if (!main) {
			r = problem_fail(why, whylen, -EINVAL, "entrypoint '%s' (submissions.yaml) is not a %s source "
					 "file of the submission", entrypoint, l->name);
			goto fail;
		}
	}
	if (!(pg->main = strdup(main))) {
		r = -ENOMEM;
		goto fail;
	}
	/* The main file leaves the list of files: it is the request's source. */
	for (size_t i = 0; i < pg->nfiles; i++) {
		if (strcmp(pg->files[i].name, pg->main) != 0)
			continue;
		pg->source = (char *)pg->files[i].data;
		pg->source_len = pg->files[i].len;
		for (size_t k = 0; k < pg->nsources; k++)
			if (pg->sources[k] == pg->files[i].name)
				pg->sources[k] = pg->main;
		free((char *)pg->files[i].name);
		memmove(&pg->files[i], &pg->files[i + 1], (pg->nfiles - i - 1) * sizeof(*pg->files));
		pg->nfiles--;
		break;
	}
	return 0;
fail:
	problem_program_release(pg);
	return r == -ENOMEM ? problem_fail(why, whylen, r, "out of memory") : r;
}

int problem_program_apply(struct problem_program *pg, const struct problem *p, struct problem_judging *pj,
			  char *why, size_t whylen)
{
	struct judge_req *req = &pj->req;
	/* A function problem: the harness names the files. pairbox's own
	 * format names a single file as `pairbox run` does (Main.java). */
	if (p->sig || (p->format != PROBLEM_KATTIS && !pg->folder))
		return 0;
	int r = lang_named_make(pg->lang, pg->main, (const char *const *)pg->sources, pg->nsources,
				req->run.memory_kb, &pg->named);
	if (r)
		return problem_fail(why, whylen, r, "%s: cannot name the program's files for %s", pg->main,
				    pg->lang->name);
	req->lang = &pg->named.l;
	if (!pg->nfiles)
		return 0;
	/* The program's other files beside include/'s. */
	size_t n = req->nfiles + pg->nfiles;
	if (!(pg->merged = calloc(n, sizeof(*pg->merged))))
		return problem_fail(why, whylen, -ENOMEM, "out of memory");
	if (req->nfiles)
		memcpy(pg->merged, req->files, req->nfiles * sizeof(*pg->merged));
	memcpy(pg->merged + req->nfiles, pg->files, pg->nfiles * sizeof(*pg->merged));
	req->files = pg->merged;
	req->nfiles = n;
	return 0;
}
