/* lang.c - the language registry: the langs/ directory read (each file,
 * and whether its toolchain is installed, by lang_file.c), lookups by name,
 * id and file, versions asked for once (lang.h). */
#define _GNU_SOURCE
#include "lang_int.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PAIRBOX_LANGS_DIR
#define PAIRBOX_LANGS_DIR "langs"
#endif

static struct {
	struct lang_entry *v;
	size_t n;
	const char **binds;
	bool loaded;
	char error[512];
} reg;

static pthread_mutex_t version_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

void lang_registry_free(void)
{
	for (size_t i = 0; i < reg.n; i++)
		lang_entry_release(&reg.v[i]);
	free(reg.v);
	free(reg.binds);
	memset(&reg, 0, sizeof(reg));
}

/* By the name before ".json", so c.json sorts before c-clang.json. */
static int by_file(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t n = strlen(x) - 5, m = strlen(y) - 5;
	int r = strncmp(x, y, n < m ? n : m);
	return r ? r : (n > m) - (n < m);
}

static int collect_binds(void)
{
	size_t n = 0;
	for (size_t i = 0; i < reg.n; i++)
		for (const char *const *b = reg.v[i].l.binds; b && *b; b++)
			n++;
	const char **v = calloc(n + 1, sizeof(char *));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < reg.n; i++) {
		if (!reg.v[i].l.available)
			continue;
		for (const char *const *b = reg.v[i].l.binds; b && *b; b++) {
			size_t j = 0;
			while (j < k && strcmp(v[j], *b) != 0)
				j++;
			if (j == k)
				v[k++] = *b;
		}
	}
	reg.binds = v;
	return 0;
}

static bool has_id(const struct lang *l, int id)
{
	if (id && l->judge0_id == id)
		return true;
	for (size_t i = 0; id && i < sizeof(l->judge0_aliases) / sizeof(int) && l->judge0_aliases[i]; i++)
		if (l->judge0_aliases[i] == id)
			return true;
	return false;
}

static bool shares_id(const struct lang *a, const struct lang *b)
{
	if (has_id(a, b->judge0_id))
		return true;
	for (size_t i = 0; i < sizeof(b->judge0_aliases) / sizeof(int) && b->judge0_aliases[i]; i++)
		if (has_id(a, b->judge0_aliases[i]))
			return true;
	return false;
}

int lang_registry_load(const char *dir, char *err, size_t errlen)
{
	if (!dir)
		dir = getenv("PAIRBOX_LANGS");
	if (!dir || !*dir)
		dir = PAIRBOX_LANGS_DIR;
	lang_registry_free();
	reg.loaded = true;
	DIR *d = opendir(dir);
	if (!d) {
		str_printf(err, errlen, "languages directory %s: %s", dir, strerror(errno));
		return -ENOENT;
	}
	char **names = NULL;
	size_t nn = 0;
	int r = 0;
	struct dirent *de;
	while (!r && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		char **t = realloc(names, (nn + 1) * sizeof(char *));
		if (!t || !(t[nn] = strdup(de->d_name))) {
			names = t ? t : names;
			r = -ENOMEM;
			break;
		}
		names = t;
		nn++;
	}
	closedir(d);
	if (!r && nn)
		qsort(names, nn, sizeof(char *), by_file);
	if (!r && !(reg.v = calloc(nn ? nn : 1, sizeof(*reg.v))))
		r = -ENOMEM;
	for (size_t i = 0; !r && i < nn; i++) {
		char path[PATH_MAX];
		if ((r = str_printf(path, sizeof(path), "%s/%s", dir, names[i])))
			break;
		struct lang_entry *e = &reg.v[reg.n++];
		if ((r = lang_entry_read(e, path, err, errlen)))
			break;
		/* Names and Judge0 ids are keys: no two languages share one. */
		for (size_t j = 0; j + 1 < reg.n; j++) {
			const struct lang *o = &reg.v[j].l;
			if (strcmp(o->name, e->l.name) == 0 || shares_id(o, &e->l)) {
				str_printf(err, errlen, "%s: name or judge0_id already used by %s", names[i], o->file);
				r = -EEXIST;
				break;
			}
		}
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	if (!r && !reg.n) {
		str_printf(err, errlen, "languages directory %s: no *.json files", dir);
		r = -ENOENT;
	}
	if (!r)
		r = collect_binds();
	if (r) {
		lang_registry_free();
		reg.loaded = true;
		return r;
	}
	return 0;
}

static void load_default(void)
{
	char err[sizeof(reg.error)] = "";
	if (reg.loaded)
		return;
	/* Loading wipes the registry, error included: keep it aside. */
	lang_registry_load(NULL, err, sizeof(err));
	memcpy(reg.error, err, sizeof(err));
}

static void ensure_loaded(void)
{
	pthread_once(&default_once, load_default);
}

const char *lang_registry_error(void)
{
	ensure_loaded();
	return reg.error;
}

size_t lang_count(void)
{
	ensure_loaded();
	return reg.n;
}

const struct lang *lang_at(size_t i)
{
	ensure_loaded();
	return i < reg.n ? &reg.v[i].l : NULL;
}

const struct lang *lang_find_any(const char *name_or_id)
{
	ensure_loaded();
	int id = 0;
	bool by_id = name_or_id && parse_int(name_or_id, &id) == 0;
	for (size_t i = 0; name_or_id && i < reg.n; i++) {
		const struct lang *l = &reg.v[i].l;
		if (by_id ? has_id(l, id) : strcasecmp(l->name, name_or_id) == 0)
			return l;
	}
	return NULL;
}

const struct lang *lang_find(const char *name_or_id)
{
	const struct lang *l = lang_find_any(name_or_id);
	return l && l->available ? l : NULL;
}

const struct lang *lang_guess(const char *path)
{
	ensure_loaded();
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return NULL;
	/* The first installed language claiming the extension (files sort
	 * c.json before c-clang.json, so gcc is the default for .c). */
	for (size_t i = 0; i < reg.n; i++) {
		const struct lang *l = &reg.v[i].l;
		for (const char *const *e = l->exts; l->available && *e; e++)
			if (strcmp(dot, *e) == 0)
				return l;
	}
	return NULL;
}

const struct lang *lang_guess_package(const char *path)
{
	ensure_loaded();
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return NULL;
	for (int own = 1; own >= 0; own--)
		for (size_t i = 0; i < reg.n; i++) {
			const struct lang *l = &reg.v[i].l;
			const char *const *exts = own ? l->package_exts : l->package_exts ? NULL : l->exts;
			for (const char *const *e = exts; l->available && e && *e; e++)
				if (strcmp(dot, *e) == 0)
					return l;
		}
	return NULL;
}

const char *const *lang_all_binds(void)
{
	ensure_loaded();
	static const char *const none[] = { NULL };
	return reg.binds ? reg.binds : none;
}

void lang_apply_limits(const struct lang *l, struct box_limits *run, struct box_limits *compile)
{
	const struct lang_limits *src[2] = { &l->run_limits, &l->compile_limits };
	struct box_limits *dst[2] = { run, compile };
	for (int i = 0; i < 2; i++) {
		if (!dst[i])
			continue;
		const struct lang_limits *s = src[i];
		struct box_limits *d = dst[i];
		d->cpu_ms = s->cpu_ms ? s->cpu_ms : d->cpu_ms;
		d->wall_ms = s->wall_ms ? s->wall_ms : d->wall_ms;
		d->processes = s->processes ? s->processes : d->processes;
		d->nofile = s->nofile ? s->nofile : d->nofile;
		d->memory_kb = s->memory_kb ? s->memory_kb : d->memory_kb;
		d->stack_kb = s->stack_kb ? s->stack_kb : d->stack_kb;
		d->fsize_kb = s->fsize_kb ? s->fsize_kb : d->fsize_kb;
		d->tmp_kb = s->tmp_kb ? s->tmp_kb : d->tmp_kb;
	}
}

/* ---- versions ---- */

/* The first dotted number ("12.2.0", "1.19.8", "17.0.15") in the text. */
static void pick_version(const char *text, char *out, size_t len)
{
	out[0] = '\0';
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || (p > text && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		const char *q = p;
		int dots = 0;
		while ((*q >= '0' && *q <= '9') || (*q == '.' && q[1] >= '0' && q[1] <= '9'))
			dots += *q++ == '.';
		if (dots) {
			size_t n = (size_t)(q - p) < len - 1 ? (size_t)(q - p) : len - 1;
			memcpy(out, p, n);
			out[n] = '\0';
			return;
		}
		p = q - 1;
	}
}

extern char **environ;

/* Run the version command on the host (it is the installed toolchain,
 * not judged code): output merged, at most 4 KB read, killed after 10 s. */
static void ask_version(const struct lang *l, char *out, size_t len)
{
	int p[2];
	out[0] = '\0';
	if (!l->version || pipe2(p, O_CLOEXEC))
		return;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	static char *const env[] = { "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", "HOME=/tmp", NULL };
	pid_t pid;
	int r = posix_spawn(&pid, l->version[0], &fa, NULL, (char *const *)l->version, env);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (r) {
		close(p[0]);
		return;
	}
	char buf[4096];
	size_t n = 0;
	uint64_t deadline = now_us() + 10 * 1000000ull;
	for (;;) {
		uint64_t now = now_us();
		struct pollfd pfd = { p[0], POLLIN, 0 };
		if (now >= deadline || poll(&pfd, 1, (int)((deadline - now) / 1000) + 1) <= 0)
			break;
		ssize_t k = read(p[0], buf + n, sizeof(buf) - 1 - n);
		if (k <= 0 || (n += (size_t)k) == sizeof(buf) - 1)
			break;
	}
	buf[n] = '\0';
	close(p[0]);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	pick_version(buf, out, len);
}

/* What a cached version depends on: the identity of the files that make
 * up the toolchain (a package upgrade replaces them). FNV-1a of their
 * stat fields, as 16 hex digits. */
static void version_stamp(const struct lang *l, char out[17])
{
	uint64_t h = 1469598103934665603ull;
	const char *const *lists[3] = { l->version, l->requires, NULL };
	const char *defaults[3] = { l->run[0], l->compile ? l->compile[0] : NULL, NULL };
	if (!l->requires)
		lists[1] = defaults;
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; lists[k] && lists[k][i] && (k == 1 || i == 0); i++) {
			struct stat st;
			uint64_t f[4] = { 0, 0, 0, 0 };
			memset(&st, 0, sizeof(st));
			if (lists[k][i][0] == '/' && stat(lists[k][i], &st) == 0) {
				f[0] = (uint64_t)st.st_ino;
				f[1] = (uint64_t)st.st_size;
				f[2] = (uint64_t)st.st_mtim.tv_sec;
				f[3] = (uint64_t)st.st_mtim.tv_nsec;
			}
			for (size_t j = 0; j < 4; j++)
				for (int byte = 0; byte < 8; byte++)
					h = (h ^ ((f[j] >> (8 * byte)) & 0xff)) * 1099511628211ull;
		}
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int lang_version_cache_load(const char *path)
{
	ensure_loaded();
	json_t *o = json_load_file(path, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return -ENOENT;
	}
	for (size_t i = 0; i < reg.n; i++) {
		struct lang_entry *e = &reg.v[i];
		json_t *x = json_object_get(o, e->l.name);
		const char *stamp = json_string_value(json_object_get(x, "stamp"));
		const char *ver = json_string_value(json_object_get(x, "version"));
		char now[17];
		version_stamp(&e->l, now);
		if (!e->l.available || !stamp || !ver || strcmp(stamp, now) != 0 || strlen(ver) >= sizeof(e->version))
			continue;
		pthread_mutex_lock(&version_lock);
		if (!e->version_done) {
			str_copy(e->version, sizeof(e->version), ver);
			e->version_done = true;
		}
		pthread_mutex_unlock(&version_lock);
	}
	json_decref(o);
	return 0;
}

int lang_version_cache_save(const char *path)
{
	ensure_loaded();
	json_t *o = json_object();
	for (size_t i = 0; i < reg.n; i++) {
		struct lang_entry *e = &reg.v[i];
		char stamp[17];
		pthread_mutex_lock(&version_lock);
		bool done = e->version_done && e->version[0];
		char ver[sizeof(e->version)];
		memcpy(ver, e->version, sizeof(ver));
		pthread_mutex_unlock(&version_lock);
		if (!done)
			continue;
		version_stamp(&e->l, stamp);
		json_object_set_new(o, e->l.name, json_pack("{s:s,s:s}", "stamp", stamp, "version", ver));
	}
	char *text = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(o);
	int r = text ? write_file_atomic(path, text, strlen(text), 0644) : -ENOMEM;
	free(text);
	return r;
}

const char *lang_version(const struct lang *l)
{
	struct lang_entry *e = (struct lang_entry *)l;
	pthread_mutex_lock(&version_lock);
	bool done = e->version_done;
	pthread_mutex_unlock(&version_lock);
	if (done)
		return e->version;
	char v[sizeof(e->version)];
	if (l->available)
		ask_version(l, v, sizeof(v));
	else
		v[0] = '\0';
	pthread_mutex_lock(&version_lock);
	if (!e->version_done) {
		memcpy(e->version, v, sizeof(v));
		e->version_done = true;
	}
	pthread_mutex_unlock(&version_lock);
	return e->version;
}

void lang_display(const struct lang *l, char *buf, size_t len)
{
	const char *v = lang_version(l);
	size_t n = strlen(l->display);
	/* "Java (OpenJDK)" + "17.0.15" -> "Java (OpenJDK 17.0.15)" */
	if (!*v)
		str_copy(buf, len, l->display);
	else if (n && l->display[n - 1] == ')')
		str_printf(buf, len, "%.*s %s)", (int)(n - 1), l->display, v);
	else
		str_printf(buf, len, "%s %s", l->display, v);
}
