/* lang_file.c - one langs/NAME.json file read with jansson and checked
 * strictly (an unknown key is an error: a typo must not silently drop a
 * limit), and whether its toolchain is installed. */
#define _GNU_SOURCE
#include "lang_int.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void lang_entry_release(struct lang_entry *e)
{
	for (size_t i = 0; i < e->narrays; i++)
		free(e->arrays[i]);
	for (size_t i = 0; i < 3; i++)
		free(e->texts[i]);
	json_decref(e->root);
}

/* ---- reading one file ---- */

struct reader {
	struct lang_entry *e;
	const char *file;
	char *err;
	size_t errlen;
};

static int fail(struct reader *rd, const char *key, const char *what)
{
	str_printf(rd->err, rd->errlen, "%s: \"%s\": %s", rd->file, key, what);
	return -EINVAL;
}

static int get_string(struct reader *rd, json_t *o, const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v)
		return required ? fail(rd, key, "is required") : 0;
	if (!json_is_string(v) || !json_string_length(v))
		return fail(rd, key, "must be a non-empty string");
	*out = json_string_value(v);
	return 0;
}

/* An array of non-empty strings as a NULL-terminated vector. */
static int get_array(struct reader *rd, json_t *o, const char *key, bool required, const char *const **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v)
		return required ? fail(rd, key, "is required") : 0;
	if (!json_is_array(v) || (required && !json_array_size(v)))
		return fail(rd, key, "must be a non-empty array of strings");
	if (rd->e->narrays == sizeof(rd->e->arrays) / sizeof(rd->e->arrays[0]))
		return fail(rd, key, "too many arrays");
	const char **a = calloc(json_array_size(v) + 1, sizeof(char *));
	if (!a)
		return -ENOMEM;
	rd->e->arrays[rd->e->narrays++] = a;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_string(x) || !json_string_length(x))
			return fail(rd, key, "must hold only non-empty strings");
		a[i] = json_string_value(x);
	}
	*out = a;
	return 0;
}

/* A program text: one string, or an array of lines (readable in JSON). */
static int get_text(struct reader *rd, json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v)
		return 0;
	if (json_is_string(v))
		return (*out = strdup(json_string_value(v))) ? 0 : -ENOMEM;
	if (!json_is_array(v))
		return fail(rd, key, "must be a string or an array of lines");
	size_t len = 1, i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_string(x))
			return fail(rd, key, "lines must be strings");
		len += json_string_length(x) + 1;
	}
	char *s = malloc(len), *p = s;
	if (!s)
		return -ENOMEM;
	json_array_foreach(v, i, x) {
		memcpy(p, json_string_value(x), json_string_length(x));
		p += json_string_length(x);
		*p++ = '\n';
	}
	*p = '\0';
	*out = s;
	return 0;
}

static int check_keys(struct reader *rd, json_t *o, const char *const *known, const char *where)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		size_t i = 0;
		while (known[i] && strcmp(known[i], k) != 0)
			i++;
		if (!known[i]) {
			str_printf(rd->err, rd->errlen, "%s: unknown key \"%s\"%s%s", rd->file, k, where[0] ? " in " : "", where);
			return -EINVAL;
		}
	}
	return 0;
}

/* Judge0's names and units: seconds for times, KB for sizes. */
static int get_limits(struct reader *rd, json_t *o, const char *key, struct lang_limits *l)
{
	static const char *const known[] = {
		"cpu_time_limit", "wall_time_limit", "memory_limit", "stack_limit",
		"max_processes_and_or_threads", "max_file_size", "max_open_files", "tmp_size", NULL,
	};
	json_t *v = json_object_get(o, key);
	memset(l, 0, sizeof(*l));
	if (!v)
		return 0;
	if (!json_is_object(v))
		return fail(rd, key, "must be an object");
	int r = check_keys(rd, v, known, key);
	if (r)
		return r;
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		if (!json_is_number(x) || json_number_value(x) <= 0 || json_number_value(x) > 1e9)
			return fail(rd, k, "must be a positive number");
		double d = json_number_value(x);
		if (strcmp(k, "cpu_time_limit") == 0)
			l->cpu_ms = (uint32_t)(d * 1000 + 0.5);
		else if (strcmp(k, "wall_time_limit") == 0)
			l->wall_ms = (uint32_t)(d * 1000 + 0.5);
		else if (strcmp(k, "memory_limit") == 0)
			l->memory_kb = (uint64_t)d;
		else if (strcmp(k, "stack_limit") == 0)
			l->stack_kb = (uint64_t)d;
		else if (strcmp(k, "max_processes_and_or_threads") == 0)
			l->processes = (uint32_t)d;
		else if (strcmp(k, "max_file_size") == 0)
			l->fsize_kb = (uint64_t)d;
		else if (strcmp(k, "max_open_files") == 0)
			l->nofile = (uint32_t)d;
		else
			l->tmp_kb = (uint64_t)d;
	}
	return 0;
}

static bool name_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '+'))
			return false;
	return *s != '\0';
}

/* Binds give the box host paths outside /usr: only whole directories or
 * files under /etc or /var/lib, spelled without "." or ".." components. */
static bool bind_ok(const char *p)
{
	if (strncmp(p, "/etc/", 5) != 0 && strncmp(p, "/var/lib/", 9) != 0)
		return false;
	return !strstr(p, "/../") && !strstr(p, "/./") && !strstr(p, "//") &&
	       strcmp(p + strlen(p) - 3, "/..") != 0 && strcmp(p + strlen(p) - 2, "/.") != 0;
}

int lang_entry_read(struct lang_entry *e, const char *path, char *err, size_t errlen)
{
	static const char *const known[] = {
		"name", "display", "judge0_id", "judge0_aliases", "extensions", "source", "compile", "run", "env",
		"version", "requires", "packages", "binds", "profile", "limits", "compile_limits",
		"multi_file", "self_test", "comment", "package", NULL,
	};
	static const char *const package_keys[] = { "extensions", "compile", "run", NULL };
	static const char *const test_keys[] = { "source", "stdin", "expected", NULL };
	str_copy(e->path, sizeof(e->path), path);
	const char *base = strrchr(e->path, '/');
	struct reader rd = { e, base ? base + 1 : e->path, err, errlen };
	json_error_t je;
	e->root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!e->root) {
		str_printf(err, errlen, "%s:%d: %s", rd.file, je.line, je.text);
		return -EINVAL;
	}
	json_t *o = e->root;
	if (!json_is_object(o)) {
		str_printf(err, errlen, "%s: not a JSON object", rd.file);
		return -EINVAL;
	}
	struct lang *l = &e->l;
	l->file = e->path;
	int r;
	if ((r = check_keys(&rd, o, known, "")) ||
	    (r = get_string(&rd, o, "name", true, &l->name)) ||
	    (r = get_string(&rd, o, "display", true, &l->display)) ||
	    (r = get_array(&rd, o, "extensions", false, &l->exts)) ||
	    (r = get_string(&rd, o, "source", false, &l->source)) ||
	    (r = get_array(&rd, o, "compile", false, &l->compile)) ||
	    (r = get_array(&rd, o, "run", true, &l->run)) ||
	    (r = get_array(&rd, o, "env", false, &l->env)) ||
	    (r = get_array(&rd, o, "version", false, &l->version)) ||
	    (r = get_array(&rd, o, "requires", false, &l->requires)) ||
	    (r = get_array(&rd, o, "packages", false, &l->packages)) ||
	    (r = get_array(&rd, o, "binds", false, &l->binds)) ||
	    (r = get_string(&rd, o, "profile", false, &l->profile)) ||
	    (r = get_limits(&rd, o, "limits", &l->run_limits)) ||
	    (r = get_limits(&rd, o, "compile_limits", &l->compile_limits)))
		return r;
	if ((l->compile && !l->compile[0]) || (l->version && !l->version[0]) || !l->run || !l->run[0])
		return fail(&rd, !l->run || !l->run[0] ? "run" : l->compile && !l->compile[0] ? "compile" : "version",
			    "must not be empty");
	if (!name_ok(l->name))
		return fail(&rd, "name", "only a-z, 0-9, '-', '_' and '+'");
	json_t *v = json_object_get(o, "judge0_id");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000))
		return fail(&rd, "judge0_id", "must be a positive integer");
	l->judge0_id = v ? (int)json_integer_value(v) : 0;
	v = json_object_get(o, "judge0_aliases");
	if (v && (!json_is_array(v) || json_array_size(v) >= sizeof(l->judge0_aliases) / sizeof(int)))
		return fail(&rd, "judge0_aliases", "must be an array of at most 3 ids");
	size_t ai;
	json_t *ax;
	json_array_foreach(v, ai, ax) {
		if (!json_is_integer(ax) || json_integer_value(ax) < 1 || json_integer_value(ax) > 100000)
			return fail(&rd, "judge0_aliases", "must hold positive integers");
		l->judge0_aliases[ai] = (int)json_integer_value(ax);
	}
	v = json_object_get(o, "multi_file");
	if (v && !json_is_boolean(v))
		return fail(&rd, "multi_file", "must be true or false");
	l->multi_file = json_is_true(v);
	if (!l->source && !l->multi_file)
		return fail(&rd, "source", "is required (unless multi_file)");
	if (l->source && (strchr(l->source, '/') || l->source[0] == '.'))
		return fail(&rd, "source", "must be a plain file name");
	if (!l->source)
		l->source = "";
	/* "$options" marks where compiler options go (a script's "$@", say);
	 * without it they follow the compiler's name. */
	l->options_at = 1;
	for (size_t i = 0; l->compile && l->compile[i]; i++) {
		if (strcmp(l->compile[i], "$options") != 0)
			continue;
		l->options_at = i;
		const char **c = (const char **)l->compile;
		for (size_t j = i; c[j]; j++)
			c[j] = c[j + 1];
		break;
	}
	if (l->compile && !l->compile[0])
		return fail(&rd, "compile", "needs a program besides \"$options\"");
	static const char *const none[] = { NULL };
	if (!l->exts)
		l->exts = none;
	for (const char *const *b = l->binds; b && *b; b++)
		if (!bind_ok(*b))
			return fail(&rd, "binds", "paths must be under /etc/ or /var/lib/, without . or ..");
	for (const char *const *s = l->env; s && *s; s++)
		if (!strchr(*s, '=') || **s == '=')
			return fail(&rd, "env", "entries are NAME=VALUE");
	/* As problem packages run it (lang.h: lang_named_make). */
	v = json_object_get(o, "package");
	if (v) {
		if (!json_is_object(v))
			return fail(&rd, "package", "must be an object");
		if ((r = check_keys(&rd, v, package_keys, "package")) ||
		    (r = get_array(&rd, v, "extensions", false, &l->package_exts)) ||
		    (r = get_array(&rd, v, "compile", false, &l->package_compile)) ||
		    (r = get_array(&rd, v, "run", false, &l->package_run)))
			return r;
		if ((l->package_compile && !l->package_compile[0]) || (l->package_run && !l->package_run[0]))
			return fail(&rd, "package", "compile and run must not be empty");
	}
	v = json_object_get(o, "self_test");
	if (v) {
		if (!json_is_object(v))
			return fail(&rd, "self_test", "must be an object");
		if ((r = check_keys(&rd, v, test_keys, "self_test")) ||
		    (r = get_text(&rd, v, "source", &e->texts[0])) ||
		    (r = get_text(&rd, v, "stdin", &e->texts[1])) ||
		    (r = get_text(&rd, v, "expected", &e->texts[2])))
			return r;
		if (!e->texts[2] || (!e->texts[0] && !l->multi_file))
			return fail(&rd, "self_test", "needs source and expected");
		l->self_test_source = e->texts[0] ? e->texts[0] : "";
		l->self_test_stdin = e->texts[1] ? e->texts[1] : "";
		l->self_test_expected = e->texts[2];
	}
	/* Installed when every required path exists; by default the compiler
	 * and the runner, when they are absolute paths. */
	l->available = true;
	if (l->requires) {
		for (const char *const *p = l->requires; *p; p++)
			l->available = l->available && access(*p, F_OK) == 0;
	} else {
		if (l->compile && l->compile[0] && l->compile[0][0] == '/')
			l->available = access(l->compile[0], X_OK) == 0;
		if (l->run[0] && l->run[0][0] == '/')
			l->available = l->available && access(l->run[0], X_OK) == 0;
	}
	return 0;
}
