/* langinfo.c - the language registry in Judge0's shapes (langinfo.h). */
#define _GNU_SOURCE
#include "langinfo.h"
#include "lang.h"
#include "util.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VERSION_THREADS 8

/* ---- versions, asked once and in parallel ---- */

struct version_batch {
	pthread_mutex_t lock;
	size_t next;
};

static void *version_worker(void *arg)
{
	struct version_batch *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		size_t i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= lang_count())
			return NULL;
		if (lang_at(i)->available)
			lang_version(lang_at(i));   /* runs the toolchain once; remembered by lang.c */
	}
}

static void versions_once(void)
{
	struct version_batch b = { .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t t[VERSION_THREADS];
	unsigned n = 0;
	while (n < VERSION_THREADS && pthread_create(&t[n], NULL, version_worker, &b) == 0)
		n++;
	version_worker(&b);                 /* this thread helps (and covers n == 0) */
	for (unsigned i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_destroy(&b.lock);
}

static pthread_once_t versions_done = PTHREAD_ONCE_INIT;

void langinfo_versions(void)
{
	pthread_once(&versions_done, versions_once);
}

static char cache_path[PATH_MAX];

static void *warm_thread(void *arg)
{
	(void)arg;
	langinfo_versions();
	if (cache_path[0])
		lang_version_cache_save(cache_path);   /* the next start asks nothing */
	return NULL;
}

void langinfo_warm(const char *cache)
{
	pthread_t t;
	pthread_attr_t a;
	if (cache && !str_copy(cache_path, sizeof(cache_path), cache))
		lang_version_cache_load(cache_path);
	if (pthread_attr_init(&a))
		return;
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, warm_thread, NULL))
		warm_thread(NULL);              /* no thread: do it now rather than never */
	pthread_attr_destroy(&a);
}

/* ---- one row per Judge0 id ---- */

/* Judge0 puts the version in parentheses: "Python (3.8.1)", "C (GCC
 * 9.2.0)". lang_display() does the second; a display without parentheses
 * ("Python", "Bash") gets them here, so names read as Judge0's do. */
static void judge0_name(const struct lang *l, char *buf, size_t len)
{
	const char *v = lang_version(l);
	size_t n = strlen(l->display);
	if (*v && !(n && l->display[n - 1] == ')'))
		str_printf(buf, len, "%s (%s)", l->display, v);
	else
		lang_display(l, buf, len);
}

struct entry {
	int id;
	const struct lang *lang;
	char name[160];
};

/* Every Judge0 id of the registry, sorted; *out owned by the caller. */
static size_t entries(bool installed_only, struct entry **out)
{
	size_t cap = 0, n = 0;
	for (size_t i = 0; i < lang_count(); i++)
		cap += 1 + sizeof(lang_at(i)->judge0_aliases) / sizeof(int);
	struct entry *v = calloc(cap ? cap : 1, sizeof(*v));
	*out = v;
	if (!v)
		return 0;
	for (size_t i = 0; i < lang_count(); i++) {
		const struct lang *l = lang_at(i);
		if (!l->judge0_id || (installed_only && !l->available))
			continue;
		char name[160];
		judge0_name(l, name, sizeof(name));
		v[n].id = l->judge0_id;
		v[n].lang = l;
		str_copy(v[n++].name, sizeof(name), name);
		/* Judge0 1.13.1 lists GCC 7.4, 8.3 and 9.2 as three active
		 * languages; clients (judge0-python maps C++ to 52) pick one of
		 * the older ids, which reach the same toolchain here. */
		for (size_t a = 0; a < sizeof(l->judge0_aliases) / sizeof(int) && l->judge0_aliases[a]; a++) {
			v[n].id = l->judge0_aliases[a];
			v[n].lang = l;
			str_copy(v[n++].name, sizeof(name), name);
		}
	}
	return n;
}

/* Judge0 orders by name (PostgreSQL's collation, which ignores case);
 * the id breaks ties between a language and its aliases. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcasecmp(a->name, b->name);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

json_t *langinfo_list(bool all)
{
	langinfo_versions();
	struct entry *v;
	size_t n = entries(!all, &v);
	qsort(v, n, sizeof(*v), entry_cmp);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:i,s:s}", "id", v[i].id, "name", v[i].name);
		if (all)
			json_object_set_new(o, "is_archived", json_boolean(!v[i].lang->available));
		json_array_append_new(a, o);
	}
	free(v);
	return a;
}

/* An argv as one line a reader could paste into a shell. */
static json_t *command(const char *const *argv, size_t options_at, bool with_options)
{
	if (!argv)
		return json_null();
	size_t cap = 64, len = 0;
	for (size_t i = 0; argv[i]; i++)
		cap += 3 + 4 * strlen(argv[i]);   /* worst case: every byte quoted as '\'' */
	char *s = malloc(cap);
	if (!s)
		return json_null();
	for (size_t i = 0; argv[i] || (with_options && i == options_at); i++) {
		if (with_options && i == options_at) {
			len += (size_t)snprintf(s + len, cap - len, "%s%%s", len ? " " : "");
			if (!argv[i])
				break;
		}
		const char *a = argv[i];
		bool plain = *a && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
					     "-_./=+:,@%") == strlen(a);
		if (len)
			s[len++] = ' ';
		if (plain) {
			memcpy(s + len, a, strlen(a));
			len += strlen(a);
			continue;
		}
		s[len++] = '\'';
		for (; *a; a++) {
			if (*a == '\'') {
				memcpy(s + len, "'\\''", 4);
				len += 4;
			} else {
				s[len++] = *a;
			}
		}
		s[len++] = '\'';
	}
	s[len] = '\0';
	json_t *j = json_string(s);
	free(s);
	return j ? j : json_null();
}

static const struct lang *by_id(int id)
{
	for (size_t i = 0; id > 0 && i < lang_count(); i++) {
		const struct lang *l = lang_at(i);
		if (l->judge0_id == id)
			return l;
		for (size_t a = 0; a < sizeof(l->judge0_aliases) / sizeof(int) && l->judge0_aliases[a]; a++)
			if (l->judge0_aliases[a] == id)
				return l;
	}
	return NULL;
}

json_t *langinfo_get(int id)
{
	const struct lang *l = by_id(id);
	if (!l)
		return NULL;
	char name[160];
	judge0_name(l, name, sizeof(name));
	return json_pack("{s:i,s:s,s:b,s:s,s:o,s:o}", "id", id, "name", name, "is_archived", !l->available,
			 "source_file", l->source ? l->source : "", "compile_cmd", command(l->compile, l->options_at, true),
			 "run_cmd", command(l->run, 0, false));
}

void langinfo_name(int id, char *buf, size_t len)
{
	const struct lang *l = by_id(id);
	if (l)
		judge0_name(l, buf, len);
	else if (len)
		buf[0] = '\0';
}
