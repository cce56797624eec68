/* problem_folder.c - reading inside a problem's folder, for both formats:
 * paths and kinds, links kept inside, whole text files, sorted entries, a
 * folder's files as judge_files; scanning a tree for problem folders. */
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

const struct lang *problem_source_lang(const char *name)
{
	const struct lang *l = lang_guess(name);
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; !l && dot && i < lang_count(); i++)
		for (const char *const *e = lang_at(i)->exts; e && *e && !l; e++)
			if (strcmp(dot, *e) == 0 && !lang_at(i)->multi_file)
				l = lang_at(i);
	/* A .txt (a README, notes) is never a program of a package. */
	return l && strcmp(l->name, "plaintext") != 0 ? l : NULL;
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
int problem_grow(void *vp, size_t n, size_t sz)
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
		if ((r = problem_path(path, sizeof(path), dir, de->d_name)) || (r = problem_grow(&v, n, sizeof(*v))))
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

const struct problem_entry *problem_entry_find(const struct problem_entry *v, size_t n, const char *name)
{
	struct problem_entry key = { (char *)name, 0 };
	return n ? bsearch(&key, v, n, sizeof(*v), by_name) : NULL;
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
		if ((r = problem_grow(v, *k, sizeof(**v))) ||
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
		if ((r = problem_grow(&f->v, f->n, sizeof(char *))))
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
