/* cli_langs.c - `pairbox langs`: the languages this machine can judge,
 * with versions; `--self-test` compiles and runs every entry's tiny
 * program in the sandbox and prints a table. Exit 0 when every selected
 * self-test passed, 1 when one failed, 2 on a usage error. */
#define _GNU_SOURCE
#include "cli_langs.h"
#include "box_opts.h"
#include "judge.h"
#include "lang.h"
#include "opts.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct langs_cli {
	const char *state_dir, *langs_dir;
	bool all, json, self_test, strict;
};

#define F(x) offsetof(struct langs_cli, x)
static const struct opt langs_opts[] = {
	{ "all", OPT_FLAG, F(all), 0, NULL, "list languages whose toolchain is not installed too", NULL, NULL, NULL },
	{ "json", OPT_FLAG, F(json), 0, NULL, "print a JSON array instead of a table", NULL, NULL, NULL },
	{ "self-test", OPT_FLAG, F(self_test), 0, NULL, "compile and run each language's self-test in the sandbox",
	  NULL, NULL, NULL },
	{ "strict", OPT_FLAG, F(strict), 0, NULL, "with --self-test: a language that is not installed fails",
	  NULL, NULL, NULL },
	{ "langs-dir", OPT_STR, F(langs_dir), 0, "DIR", "language data files (default: the built-in langs/)",
	  NULL, NULL, NULL },
	BOX_OPT_STATE_DIR(F(state_dir)),
	OPT_END,
};
#undef F

static const char usage[] = "usage: pairbox langs [OPTIONS] [NAME|ID...]\n\n"
	"List the languages this machine can judge, or self-test them in the sandbox.";

/* ---- work shared by threads: versions, self-tests ---- */

struct item {
	const struct lang *lang;
	bool tested, passed;
	int status;
	uint64_t ms;                  /* whole self-test, compile included */
	uint32_t run_ms;              /* the program's CPU time */
	char detail[200];
};

struct batch {
	struct item *v;
	size_t n, next;
	pthread_mutex_t lock;
	struct box_pool *pool;
	bool test;
};

static struct item *take(struct batch *b)
{
	pthread_mutex_lock(&b->lock);
	struct item *it = b->next < b->n ? &b->v[b->next++] : NULL;
	pthread_mutex_unlock(&b->lock);
	return it;
}

/* The first line of a text, for a table cell. */
static void first_line(char *dst, size_t len, const char *prefix, const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[k] != '\n' && k < 120)
		k++;
	str_printf(dst, len, "%s%.*s", prefix, (int)k, s);
}

static void self_test(struct batch *b, struct item *it)
{
	const struct lang *l = it->lang;
	struct judge_req req = { 0 };
	struct judge_test t = { "self-test", l->self_test_stdin, strlen(l->self_test_stdin),
				l->self_test_expected, strlen(l->self_test_expected) };
	struct judge_result res;
	judge_result_init(&res);
	box_limits_default(&req.run);
	judge_compile_limits(&req.compile);
	lang_apply_limits(l, &req.run, &req.compile);
	compare_opts_default(&req.compare);
	req.lang = l;
	req.source = l->self_test_source;
	req.source_len = strlen(l->self_test_source);
	req.tests = &t;
	req.ntests = 1;
	char err[256] = "";
	uint64_t t0 = now_us();
	int r = judge_run(b->pool, &req, &res, err, sizeof(err));
	it->ms = (now_us() - t0) / 1000;
	it->tested = true;
	if (r) {
		it->status = BOX_ST_INTERNAL_ERROR;
		str_printf(it->detail, sizeof(it->detail), "%s", err);
	} else {
		it->status = res.status;
		it->passed = res.status == BOX_ST_ACCEPTED;
		it->run_ms = res.nrun ? res.tests[0].cpu_ms : 0;
		const struct box_result *run = res.nrun ? &res.tests[0].run : NULL;
		if (it->passed)
			it->detail[0] = '\0';
		else if (res.status == BOX_ST_COMPILE_ERROR && res.compile_output.len)
			first_line(it->detail, sizeof(it->detail), "", res.compile_output.data, res.compile_output.len);
		else if (run && run->err.len)
			first_line(it->detail, sizeof(it->detail), "stderr: ", run->err.data, run->err.len);
		else if (res.status == BOX_ST_WRONG_ANSWER && run)
			first_line(it->detail, sizeof(it->detail), "got: ", run->out.data, run->out.len);
		else
			str_copy(it->detail, sizeof(it->detail), res.message);
	}
	judge_result_release(&res);
}

static void *worker(void *arg)
{
	struct batch *b = arg;
	struct item *it;
	while ((it = take(b))) {
		if (!it->lang->available)
			continue;
		lang_version(it->lang);           /* run on the host, once */
		if (b->test && it->lang->self_test_expected)
			self_test(b, it);
	}
	return NULL;
}

/* Versions are asked for in parallel: the JVM's take a second each. */
static void run_batch(struct batch *b, unsigned threads)
{
	pthread_t t[8];
	unsigned n = 0;
	if (threads > 8)
		threads = 8;
	for (; n < threads; n++)
		if (pthread_create(&t[n], NULL, worker, b))
			break;
	if (!n)
		worker(b);
	for (unsigned i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static json_t *item_json(const struct item *it, bool test)
{
	const struct lang *l = it->lang;
	char display[160];
	lang_display(l, display, sizeof(display));
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(l->name));
	json_object_set_new(o, "id", l->judge0_id ? json_integer(l->judge0_id) : json_null());
	json_object_set_new(o, "display", json_string(display));
	json_object_set_new(o, "version", json_string(lang_version(l)));
	json_object_set_new(o, "installed", json_boolean(l->available));
	json_t *ext = json_array(), *pk = json_array();
	for (const char *const *e = l->exts; *e; e++)
		json_array_append_new(ext, json_string(*e));
	for (const char *const *p = l->packages; p && *p; p++)
		json_array_append_new(pk, json_string(*p));
	json_object_set_new(o, "extensions", ext);
	json_object_set_new(o, "packages", pk);
	json_object_set_new(o, "compiled", json_boolean(l->compile != NULL));
	if (test && it->tested) {
		json_t *st = json_object();
		json_object_set_new(st, "passed", json_boolean(it->passed));
		json_object_set_new(st, "status", json_integer(it->status));
		json_object_set_new(st, "ms", json_integer((json_int_t)it->ms));
		json_object_set_new(st, "detail", json_string(it->detail));
		json_object_set_new(o, "self_test", st);
	}
	return o;
}

static void print_table(const struct item *v, size_t n, bool test)
{
	if (test)
		printf("%-12s %4s  %-14s %-8s %8s %8s  %s\n", "NAME", "ID", "VERSION", "RESULT", "TOTAL", "RUN", "DETAIL");
	else
		printf("%-12s %4s  %-38s %s\n", "NAME", "ID", "DISPLAY", "EXTENSIONS");
	for (size_t i = 0; i < n; i++) {
		const struct lang *l = v[i].lang;
		char id[16] = "-";
		if (l->judge0_id)
			str_printf(id, sizeof(id), "%d", l->judge0_id);
		if (test) {
			const char *result = !l->available ? "MISSING" : !v[i].tested ? "no test"
					     : v[i].passed ? "ok" : "FAILED";
			char total[32] = "", run[32] = "";
			if (v[i].tested) {
				str_printf(total, sizeof(total), "%llu ms", (unsigned long long)v[i].ms);
				str_printf(run, sizeof(run), "%u ms", v[i].run_ms);
			}
			printf("%-12s %4s  %-14s %-8s %8s %8s  %s\n", l->name, id, lang_version(l), result, total, run,
			       !l->available ? "toolchain not installed" : v[i].passed ? "" : v[i].tested ? v[i].detail : "");
			continue;
		}
		char display[160], exts[64] = "";
		lang_display(l, display, sizeof(display));
		size_t used = 0;
		for (const char *const *e = l->exts; *e && used + strlen(*e) + 2 < sizeof(exts); e++)
			used += (size_t)snprintf(exts + used, sizeof(exts) - used, "%s%s", used ? " " : "", *e);
		if (!l->available) {
			char pk[96] = "";
			size_t u = 0;
			for (const char *const *p = l->packages; p && *p && u + strlen(*p) + 2 < sizeof(pk); p++)
				u += (size_t)snprintf(pk + u, sizeof(pk) - u, "%s%s", u ? " " : "", *p);
			printf("%-12s %4s  %-38s not installed (apt install %s)\n", l->name, id, display, pk);
		} else {
			printf("%-12s %4s  %-38s %s\n", l->name, id, display, exts);
		}
	}
}

int cli_langs_main(int argc, char **argv)
{
	struct langs_cli c = { 0 };
	char err[512] = "";
	int next, rc = 2;
	struct batch b = { .lock = PTHREAD_MUTEX_INITIALIZER };
	opts_defaults(langs_opts, &c);
	int r = opts_parse(langs_opts, &c, argc, argv, &next, err, sizeof(err));
	if (r == 1) {
		opts_usage(stdout, usage, langs_opts);
		return 0;
	}
	if (r) {
		fprintf(stderr, "pairbox langs: %s\n", err);
		return 2;
	}
	if (lang_registry_load(c.langs_dir, err, sizeof(err))) {
		fprintf(stderr, "pairbox langs: %s\n", err);
		return 1;
	}
	b.v = calloc(lang_count(), sizeof(*b.v));
	if (!b.v)
		return 1;
	if (next < argc) {                       /* the languages named */
		for (int i = next; i < argc; i++) {
			const struct lang *l = lang_find_any(argv[i]);
			if (!l) {
				fprintf(stderr, "pairbox langs: unknown language '%s'\n", argv[i]);
				goto out;
			}
			b.v[b.n++].lang = l;
			if (b.n == lang_count())
				break;
		}
	} else {
		for (size_t i = 0; i < lang_count(); i++)
			if (lang_at(i)->available || c.all || c.strict)
				b.v[b.n++].lang = lang_at(i);
	}
	/* Versions asked before (unchanged toolchains) come from the cache. */
	char cache[PATH_MAX];
	bool cached = mkdir_p(c.state_dir, 0755) == 0 &&
		      !str_printf(cache, sizeof(cache), "%s/versions.json", c.state_dir);
	if (cached)
		lang_version_cache_load(cache);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cpus > 1 ? (unsigned)cpus : 1;
	if (c.self_test) {
		struct box_config cfg;
		box_config_default(&cfg);
		cfg.state_dir = c.state_dir;
		cfg.slots = threads;
		cfg.helper_path = "/proc/self/exe";    /* threads: keepers are exec'd */
		cfg.binds = lang_all_binds();
		if (box_pool_new(&cfg, &b.pool, err, sizeof(err))) {
			fprintf(stderr, "pairbox langs: %s\n", err);
			rc = 1;
			goto out;
		}
		b.test = true;
		run_batch(&b, threads);
		box_pool_free(b.pool);
	} else {
		run_batch(&b, 8);
	}
	if (cached && !c.langs_dir)
		lang_version_cache_save(cache);
	rc = 0;
	for (size_t i = 0; i < b.n && c.self_test; i++) {
		const struct lang *l = b.v[i].lang;
		if (l->available ? (l->self_test_expected && !b.v[i].passed) : c.strict)
			rc = 1;
	}
	if (c.json) {
		json_t *a = json_array();
		for (size_t i = 0; i < b.n; i++)
			json_array_append_new(a, item_json(&b.v[i], c.self_test));
		json_dumpf(a, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(a);
	} else {
		print_table(b.v, b.n, c.self_test);
	}
out:
	free(b.v);
	return rc;
}
