/* lang_named.c - a language with a program's own file names, as problem
 * packages run them (lang.h: lang_named_make). */
#define _GNU_SOURCE
#include "lang.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lang_named_release(struct lang_named *ln)
{
	if (!ln)
		return;
	for (size_t i = 0; i < ln->nstrs; i++)
		free(ln->strs[i]);
	free(ln->strs);
	free(ln->compile);
	free(ln->run);
	memset(ln, 0, sizeof(*ln));
}

struct names {
	const char *mainfile;
	char mainclass[256], Mainclass[256], memlim[32];
	const char *const *files;
	size_t n;
};

static int keep(struct lang_named *ln, char *s, const char **out)
{
	if (!s)
		return -ENOMEM;
	char **v = realloc(ln->strs, (ln->nstrs + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return -ENOMEM;
	}
	ln->strs = v;
	ln->strs[ln->nstrs++] = s;
	*out = s;
	return 0;
}

/* One template argument with its metavariables replaced. */
static int expand_one(struct lang_named *ln, const struct names *nm, const char *t, const char **out)
{
	static const char *const vars[] = { "{mainfile}", "{mainclass}", "{Mainclass}", "{memlim}", NULL };
	const char *vals[] = { nm->mainfile, nm->mainclass, nm->Mainclass, nm->memlim };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	for (const char *p = t; *p;) {
		size_t k = 0;
		while (vars[k] && strncmp(p, vars[k], strlen(vars[k])) != 0)
			k++;
		if (vars[k]) {
			fputs(vals[k], f);
			p += strlen(vars[k]);
		} else {
			fputc(*p++, f);
		}
	}
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	return keep(ln, buf, out);
}

/* argv from a template (or the language's own argv, where an argument
 * equal to the source's name stands for {files} or {mainfile}). */
static int expand(struct lang_named *ln, const struct names *nm, const char *const *t, const char *source,
		  bool files, size_t *options_at, const char ***out)
{
	size_t cap = 1;
	for (size_t i = 0; t[i]; i++)
		cap += nm->n;
	const char **v = calloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	*out = v;
	size_t k = 0, at = options_at ? *options_at : 0;
	for (size_t i = 0; t[i]; i++) {
		bool is_src = source && !strcmp(t[i], source);
		if (!strcmp(t[i], "{files}") || (is_src && files)) {
			for (size_t f = 0; f < nm->n; f++)
				v[k++] = nm->files[f];
			if (options_at && i < *options_at)
				at += nm->n - 1;
		} else if (is_src) {
			v[k++] = nm->mainfile;
		} else {
			int r = expand_one(ln, nm, t[i], &v[k++]);
			if (r)
				return r;
		}
	}
	if (options_at)
		*options_at = at;
	return 0;
}

int lang_named_make(const struct lang *l, const char *mainfile, const char *const *files, size_t n,
		    uint64_t memory_kb, struct lang_named *out)
{
	memset(out, 0, sizeof(*out));
	if (!mainfile || !*mainfile || !n)
		return -EINVAL;
	struct names nm = { .mainfile = mainfile, .files = files, .n = n };
	const char *base = strrchr(mainfile, '/');
	base = base ? base + 1 : mainfile;
	size_t stem = strcspn(base, ".");
	const char *dot = strrchr(base, '.');
	if (dot)
		stem = (size_t)(dot - base);
	if (stem >= sizeof(nm.mainclass))
		return -EINVAL;
	memcpy(nm.mainclass, base, stem);
	nm.mainclass[stem] = '\0';
	memcpy(nm.Mainclass, nm.mainclass, stem + 1);
	/* As Kotlin names a file's class: first letter upper case, what a
	 * Java name cannot hold as '_' ("test-hello.kt": Test_helloKt). */
	nm.Mainclass[0] = (char)toupper((unsigned char)nm.Mainclass[0]);
	for (char *c = nm.Mainclass; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '$')
			*c = '_';
	snprintf(nm.memlim, sizeof(nm.memlim), "%" PRIu64, memory_kb ? (memory_kb + 1023) / 1024 : 1024);
	out->l = *l;
	out->l.source = mainfile;
	size_t at = l->package_compile ? 1 : l->options_at;
	int r = 0;
	if (l->package_compile)
		r = expand(out, &nm, l->package_compile, NULL, true, &at, &out->compile);
	else if (l->compile)
		r = expand(out, &nm, l->compile, l->source, true, &at, &out->compile);
	if (!r)
		r = expand(out, &nm, l->package_run ? l->package_run : l->run, l->package_run ? NULL : l->source,
			   false, NULL, &out->run);
	if (r) {
		lang_named_release(out);
		return r;
	}
	out->l.compile = out->compile;
	out->l.options_at = at;
	out->l.run = out->run;
	return 0;
}
