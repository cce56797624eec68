/* lang.c - the built-in language table for this issue (see lang.h). */
#include "lang.h"
#include "util.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const char *const c_exts[] = { ".c", NULL };
static const char *const cpp_exts[] = { ".cpp", ".cc", ".cxx", ".C", NULL };
static const char *const py_exts[] = { ".py", NULL };
static const char *const c_compile[] = { "/usr/bin/gcc", "-O2", "-pipe", "-std=gnu11", "-o", "main", "main.c", "-lm", NULL };
static const char *const cpp_compile[] = { "/usr/bin/g++", "-O2", "-pipe", "-std=gnu++17", "-o", "main", "main.cpp", NULL };
static const char *const native_run[] = { "./main", NULL };
static const char *const py_run[] = { "/usr/bin/python3", "main.py", NULL };

static const struct lang langs[] = {
	{ "c", "C (GCC)", 50, "main.c", c_exts, c_compile, native_run },
	{ "cpp", "C++ (GCC)", 54, "main.cpp", cpp_exts, cpp_compile, native_run },
	{ "python3", "Python 3", 71, "main.py", py_exts, NULL, py_run },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

const struct lang *lang_all(void)
{
	return langs;
}

const struct lang *lang_find(const char *name_or_id)
{
	int id = 0;
	bool by_id = parse_int(name_or_id, &id) == 0;
	for (const struct lang *l = langs; l->name; l++)
		if (by_id ? l->judge0_id == id : strcasecmp(l->name, name_or_id) == 0)
			return l;
	return NULL;
}

const struct lang *lang_guess(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return NULL;
	for (const struct lang *l = langs; l->name; l++)
		for (const char *const *e = l->exts; *e; e++)
			if (strcmp(dot, *e) == 0)
				return l;
	return NULL;
}
