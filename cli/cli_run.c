/* cli_run.c - `pairbox run [OPTIONS] FILE`: compile once if the language
 * needs it, run against one input or a directory of tests, compare; a
 * progress line per test, then a summary or, with --json, the
 * Judge0-shaped object with per-test results. Exit status 0 when judged,
 * 1 if the sandbox could not be set up, 2 on a usage error. */
#define _GNU_SOURCE
#include "cli_run.h"
#include "box_opts.h"
#include "judge.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run_cli {
	const char *lang, *stdin_file, *expected_file, *state_dir, *tests_dir;
	const char *compare, *args, *compiler_options;
	const char *checker, *checker_style, *files;
	struct box_limits l;
	uint32_t runs, checker_ms;
	uint64_t cache_mb;
	bool json, no_cache;
};

#define F(x) offsetof(struct run_cli, x)
static const struct opt run_opts[] = {
	{ "lang", OPT_STR, F(lang), 0, "NAME|ID", "a name from `pairbox langs` or a Judge0 id (default: from the "
	  "extension)", NULL, NULL, NULL },
	{ "stdin", OPT_STR, F(stdin_file), 0, "FILE", "the program's stdin (default: empty)", NULL, NULL, NULL },
	{ "expected", OPT_STR, F(expected_file), 0, "FILE", "expected output: status 3 if it matches, 4 if not",
	  NULL, NULL, NULL },
	{ "tests", OPT_STR, F(tests_dir), 0, "DIR", "run every NAME.in in DIR against NAME.ans (or NAME.out)",
	  NULL, NULL, NULL },
	{ "compare", OPT_STR, F(compare), 0, "MODE", "judge0, exact, tokens[,nocase][,spaces][,abs=E][,rel=E], "
	  "float=E", "judge0", NULL, NULL },
	{ "runs", OPT_U32, F(runs), 0, "N", "run each test N times; mean time and memory", "1", "1", "100" },
	{ "args", OPT_STR, F(args), 0, "ARGS", "command-line arguments (split on spaces, quotes group; no shell)",
	  NULL, NULL, NULL },
	{ "compiler-options", OPT_STR, F(compiler_options), 0, "OPTS", "extra compiler options (split the same way)",
	  NULL, NULL, NULL },
	{ "files", OPT_STR, F(files), 0, "ZIP", "additional files: unzipped in the box next to the source before "
	  "compiling", NULL, NULL, NULL },
	{ "checker", OPT_STR, F(checker), 0, "FILE", "judge outputs with FILE: a source (with a testlib.h beside it, "
	  "if any) or an executable", NULL, NULL, NULL },
	{ "checker-style", OPT_STR, F(checker_style), 0, "STYLE", "testlib (exit 0 accepts) or kattis (exit 42 "
	  "accepts, 43 rejects); default testlib", NULL, NULL, NULL },
	/* No table default: one is given only with --checker (checker_limits has it). */
	{ "checker-time", OPT_SECONDS, F(checker_ms), 0, "SEC", "the checker's CPU time limit, 10 if not given; "
	  "wall twice that", NULL, "0.001", "3600" },
	/* The limits' defaults are the language's (langs/NAME.json), else box's. */
	BOX_OPT_TIME(F(l.cpu_ms), NULL),
	BOX_OPT_WALL(F(l.wall_ms), NULL),
	BOX_OPT_MEM(F(l.memory_kb), NULL),
	BOX_OPT_PROCS(F(l.processes), NULL),
	{ "json", OPT_FLAG, F(json), 0, NULL, "print the Judge0-shaped JSON result, per-test results included",
	  NULL, NULL, NULL },
	CACHE_OPT_NO_CACHE(F(no_cache)),
	CACHE_OPT_SIZE(F(cache_mb)),
	BOX_OPT_STATE_DIR(F(state_dir)),
	OPT_END,
};
#undef F

static const char usage[] = "usage: pairbox run [OPTIONS] FILE\n"
	"       pairbox run --lang 89 --files ZIP [OPTIONS]    (a multi-file program: no FILE)\n\n"
	"Compile (if needed) and run FILE in the sandbox; compare with --expected or --tests,\n"
	"or let --checker judge. A multi-file program is ZIP's own: `bash compile.sh` (or\n"
	"compile) if it has one, then `bash run.sh` (or run). Limits not given are the\n"
	"language's (langs/NAME.json), else `pairbox box`'s. A SIZE takes a suffix k, M or G;\n"
	"a bare number is MB.";

/* Limits the user did not set keep the sentinel, so the defaults and
 * then the language's own apply to them. */
#define UNSET32 UINT32_MAX
#define UNSET64 UINT64_MAX

static void unset_limits(struct box_limits *l)
{
	l->cpu_ms = l->extra_ms = l->wall_ms = l->processes = l->nofile = UNSET32;
	l->memory_kb = l->fsize_kb = l->stack_kb = l->tmp_kb = l->output_bytes = UNSET64;
}

static void merge_set_limits(struct box_limits *d, const struct box_limits *s)
{
#define M(f, u) do { if (s->f != (u)) d->f = s->f; } while (0)
	M(cpu_ms, UNSET32); M(extra_ms, UNSET32); M(wall_ms, UNSET32); M(processes, UNSET32); M(nofile, UNSET32);
	M(memory_kb, UNSET64); M(fsize_kb, UNSET64); M(stack_kb, UNSET64); M(tmp_kb, UNSET64); M(output_bytes, UNSET64);
#undef M
}

/* The tests of a directory: NAME.in with NAME.ans or NAME.out, by name. */
struct test_set {
	struct judge_test *v;
	size_t n;
	char **bufs;               /* every allocation, freed together */
	size_t nbufs;
};

static void test_set_release(struct test_set *s)
{
	for (size_t i = 0; i < s->nbufs; i++)
		free(s->bufs[i]);
	free(s->bufs);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int keep(struct test_set *s, char *p)
{
	char **b = realloc(s->bufs, (s->nbufs + 1) * sizeof(char *));
	if (!b) {
		free(p);
		return -ENOMEM;
	}
	s->bufs = b;
	s->bufs[s->nbufs++] = p;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct judge_test *)a)->name, ((const struct judge_test *)b)->name);
}

static int load_tests(const char *dir, struct test_set *s, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		str_printf(err, errlen, "--tests %s: %s", dir, strerror(errno));
		return -errno;
	}
	struct dirent *e;
	int r = 0;
	while (!r && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 3, ".in") != 0)
			continue;
		char path[PATH_MAX], *name = strndup(e->d_name, n - 3), *in = NULL, *ans = NULL;
		size_t in_len = 0, ans_len = 0;
		if (!name) {
			r = -ENOMEM;
			break;
		}
		if ((r = keep(s, name)))
			break;
		if ((r = str_printf(path, sizeof(path), "%s/%s", dir, e->d_name)) ||
		    (r = read_file(path, 1u << 30, &in, &in_len)) || (r = keep(s, in)))
			break;
		if ((r = str_printf(path, sizeof(path), "%s/%s.ans", dir, name)))
			break;
		if (access(path, F_OK) && (r = str_printf(path, sizeof(path), "%s/%s.out", dir, name)))
			break;
		if ((r = read_file(path, 1u << 30, &ans, &ans_len))) {
			str_printf(err, errlen, "test %s: no %s.ans or %s.out (%s)", name, name, name, strerror(-r));
			closedir(d);
			return r;
		}
		if ((r = keep(s, ans)))
			break;
		struct judge_test *v = realloc(s->v, (s->n + 1) * sizeof(*v));
		if (!v) {
			r = -ENOMEM;
			break;
		}
		s->v = v;
		s->v[s->n++] = (struct judge_test){ name, in, in_len, ans, ans_len };
	}
	closedir(d);
	if (r) {
		str_printf(err, errlen, "--tests %s: %s", dir, strerror(-r));
		return r;
	}
	if (!s->n) {
		str_printf(err, errlen, "--tests %s: no NAME.in files", dir);
		return -ENOENT;
	}
	qsort(s->v, s->n, sizeof(*s->v), by_name);
	return 0;
}

/* --checker FILE: a source in a language known by its extension (with
 * the testlib.h beside it, if there is one) or else an executable. The
 * buffers are the caller's to free. */
static int load_checker(const struct run_cli *c, struct checker *chk, char **program, char **header,
			char *err, size_t errlen)
{
	memset(chk, 0, sizeof(*chk));
	checker_limits(&chk->limits);
	if (c->checker_style && checker_style_parse(c->checker_style, &chk->style)) {
		str_printf(err, errlen, "--checker-style %s: testlib or kattis expected", c->checker_style);
		return -EINVAL;
	}
	if (c->checker_ms) {
		chk->limits.cpu_ms = c->checker_ms;
		chk->limits.wall_ms = c->checker_ms > UINT32_MAX / 2 ? UINT32_MAX : 2 * c->checker_ms;
	}
	chk->lang = lang_guess(c->checker);
	if (!chk->lang && access(c->checker, X_OK)) {
		str_printf(err, errlen, "--checker %s: neither a source in a known language nor an executable",
			   c->checker);
		return -EINVAL;
	}
	int r = read_file(c->checker, 64u << 20, program, &chk->program_len);
	if (r) {
		str_printf(err, errlen, "--checker %s: %s", c->checker, strerror(-r));
		return r;
	}
	chk->program = *program;
	const char *slash = strrchr(c->checker, '/');
	char path[PATH_MAX];
	if (!chk->lang || str_printf(path, sizeof(path), "%.*s/%s", slash ? (int)(slash - c->checker) : 1,
				     slash ? c->checker : ".", CHECKER_HEADER) || access(path, F_OK))
		return 0;
	if ((r = read_file(path, 16u << 20, header, &chk->header_len))) {
		str_printf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	chk->header = *header;
	return 0;
}

/* Progress: one line per test; on a terminal, a line that updates. */
struct progress {
	bool tty;
	FILE *f;
};

static void on_progress(void *ctx, const struct judge_event *ev)
{
	struct progress *p = ctx;
	switch (ev->kind) {
	case JUDGE_STARTED:
		break;
	case JUDGE_COMPILING:
		fprintf(p->f, p->tty ? "compiling...\r" : "compiling\n");
		break;
	case JUDGE_COMPILED:
		if (ev->status != BOX_ST_ACCEPTED)
			fprintf(p->f, "%s\n", box_status_description(ev->status));
		break;
	case JUDGE_TEST_DONE:
		fprintf(p->f, "%stest %zu/%zu %-16s %-24s %u.%03u s  %llu KB%s", p->tty ? "\r\033[K" : "",
			ev->test, ev->ntests, ev->name ? ev->name : "", box_status_description(ev->status),
			ev->cpu_ms / 1000, ev->cpu_ms % 1000, (unsigned long long)ev->memory_kb,
			/* keep failures on screen; let passes be overwritten */
			(!p->tty || ev->status != BOX_ST_ACCEPTED || ev->test == ev->ntests) ? "\n" : "");
		break;
	case JUDGE_FINISHED:
		break;
	}
	fflush(p->f);
}

static void print_human(const struct judge_result *r)
{
	printf("%s", box_status_description(r->status));
	if (r->nrun) {
		uint32_t cpu = 0, wall = 0;
		uint64_t mem = 0;
		for (size_t i = 0; i < r->nrun; i++) {
			cpu = r->tests[i].cpu_ms > cpu ? r->tests[i].cpu_ms : cpu;
			wall = r->tests[i].wall_ms > wall ? r->tests[i].wall_ms : wall;
			mem = r->tests[i].memory_kb > mem ? r->tests[i].memory_kb : mem;
		}
		printf("  time %u.%03u s  wall %u.%03u s  memory %llu KB", cpu / 1000, cpu % 1000, wall / 1000,
		       wall % 1000, (unsigned long long)mem);
		if (r->ntests > 1) {
			size_t passed = 0;
			for (size_t i = 0; i < r->nrun; i++)
				passed += r->tests[i].status == BOX_ST_ACCEPTED;
			printf("  %zu/%zu tests passed", passed, r->ntests);
		} else if (r->tests[0].run.exit_code >= 0) {
			printf("  exit %d", r->tests[0].run.exit_code);
		}
	}
	printf("\n");
	if (r->message[0])
		printf("message: %s\n", r->message);
	if (r->compile_output.len)
		printf("--- compile output ---\n%.*s\n", (int)r->compile_output.len, r->compile_output.data);
	if (r->checker_compile_output.len)
		printf("--- checker compile output ---\n%.*s\n", (int)r->checker_compile_output.len,
		       r->checker_compile_output.data);
	if (r->ntests == 1 && r->nrun) {
		const struct box_result *run = &r->tests[0].run;
		if (run->out.len)
			printf("--- stdout%s ---\n%.*s\n", run->out.truncated ? " (truncated)" : "", (int)run->out.len, run->out.data);
		if (run->err.len)
			printf("--- stderr%s ---\n%.*s\n", run->err.truncated ? " (truncated)" : "", (int)run->err.len, run->err.data);
	}
}

int cli_run_main(int argc, char **argv)
{
	struct run_cli c;
	memset(&c, 0, sizeof(c));
	opts_defaults(run_opts, &c);
	unset_limits(&c.l);     /* what the user sets wins over the language's */
	char err[512] = "";
	int next, rc = 2;
	char *source = NULL, *in = NULL, *expected = NULL, *zip = NULL, *chk_program = NULL, *chk_header = NULL;
	size_t source_len = 0, in_len = 0, expected_len = 0, zip_len = 0;
	struct checker chk;
	struct box_pool *pool = NULL;
	struct test_set set = { 0 };
	struct judge_result res;
	judge_result_init(&res);
	struct judge_req req = { 0 };

	int r = opts_parse(run_opts, &c, argc, argv, &next, err, sizeof(err));
	if (r == 1) {
		opts_usage(stdout, usage, run_opts);
		rc = 0;
		goto out;
	}
	/* FILE: exactly one, except for a multi-file program (none). */
	if (r || argc - next > 1 || (next == argc && !c.lang)) {
		fprintf(stderr, "pairbox run: %s\n", r ? err : "exactly one source FILE expected");
		goto out;
	}
	const char *file = next < argc ? argv[next] : NULL;
	const struct lang *lang = c.lang ? lang_find(c.lang) : lang_guess(file);
	if (!lang) {
		const struct lang *any = c.lang ? lang_find_any(c.lang) : NULL;
		if (any)
			fprintf(stderr, "pairbox run: %s: its toolchain is not installed (%s)\n", any->name,
				any->packages ? any->packages[0] : "no package named");
		else if (lang_registry_error()[0])
			fprintf(stderr, "pairbox run: %s\n", lang_registry_error());
		else
			fprintf(stderr, "pairbox run: %s '%s'; 'pairbox langs' lists the installed ones\n",
				c.lang ? "unknown language" : "cannot guess the language of", c.lang ? c.lang : file);
		goto out;
	}
	if (lang->multi_file ? (file || !c.files) : !file) {
		fprintf(stderr, "pairbox run: %s\n", !lang->multi_file ? "exactly one source FILE expected"
			: file ? "a multi-file program takes no FILE: its files come from --files ZIP"
			: "a multi-file program needs --files ZIP");
		goto out;
	}
	if (c.tests_dir && (c.stdin_file || c.expected_file)) {
		fprintf(stderr, "pairbox run: --tests excludes --stdin and --expected\n");
		goto out;
	}
	if ((c.checker_style || c.checker_ms) && !c.checker) {
		fprintf(stderr, "pairbox run: --checker-style and --checker-time need --checker\n");
		goto out;
	}
	if (c.checker && load_checker(&c, &chk, &chk_program, &chk_header, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: %s\n", err);
		goto out;
	}
	compare_opts_default(&req.compare);
	if (c.compare && compare_parse(c.compare, &req.compare, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: --compare: %s\n", err);
		goto out;
	}
	if ((file && (r = read_file(file, 64u << 20, &source, &source_len))) ||
	    (c.files && (r = read_file(c.files, 64u << 20, &zip, &zip_len))) ||
	    (c.stdin_file && (r = read_file(c.stdin_file, 1u << 30, &in, &in_len))) ||
	    (c.expected_file && (r = read_file(c.expected_file, 1u << 30, &expected, &expected_len)))) {
		fprintf(stderr, "pairbox run: cannot read input: %s\n", strerror(-r));
		goto out;
	}
	struct judge_test single = { "1", in, in_len, expected, expected_len };
	if (c.tests_dir && load_tests(c.tests_dir, &set, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: %s\n", err);
		goto out;
	}

	struct box_config cfg;
	box_config_default(&cfg);
	cfg.state_dir = c.state_dir;
	cfg.binds = lang_all_binds();
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: %s\n", err);
		rc = 1;
		goto out;
	}
	struct progress prog = { isatty(STDERR_FILENO) == 1, stderr };
	struct compile_cache cache;
	if (!c.no_cache && cache_open(&cache, box_pool_state_dir(pool), c.cache_mb << 20) == 0)
		req.cache = &cache;
	req.lang = lang;
	req.source = source;
	req.source_len = source_len;
	req.tests = set.n ? set.v : &single;
	req.ntests = set.n ? set.n : 1;
	req.runs = c.runs;
	req.args = c.args;
	req.compiler_options = c.compiler_options;
	req.additional_files = zip;
	req.additional_files_len = zip_len;
	req.checker = c.checker ? &chk : NULL;
	req.progress = set.n ? on_progress : NULL;   /* one test: the summary says it all */
	req.progress_ctx = &prog;
	box_limits_default(&req.run);
	judge_compile_limits(&req.compile);
	lang_apply_limits(lang, &req.run, &req.compile);
	merge_set_limits(&req.run, &c.l);
	if (judge_run(pool, &req, &res, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: %s\n", err);
		rc = 1;
		goto out;
	}
	box_pool_free(pool);      /* every box process, cgroup and mount gone */
	pool = NULL;
	if (c.json) {
		json_t *j = judge_result_json(&res, NULL);
		if (!j) {
			fprintf(stderr, "pairbox run: out of memory\n");
			rc = 1;
			goto out;
		}
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		putchar('\n');
		json_decref(j);
	} else {
		print_human(&res);
	}
	rc = 0;
out:
	box_pool_free(pool);
	judge_result_release(&res);
	test_set_release(&set);
	free(source);
	free(zip);
	free(chk_program);
	free(chk_header);
	free(in);
	free(expected);
	return rc;
}
