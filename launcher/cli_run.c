/* cli_run.c - `pairbox run [OPTIONS] FILE`: compile if the language needs
 * it, run, compare with --expected; a human summary or, with --json, the
 * Judge0-shaped object. Exit status 0 when judged, 1 if the sandbox could
 * not be set up, 2 on a usage error. */
#include "cli_run.h"
#include "judge.h"
#include "opts.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run_cli {
	const char *lang, *stdin_file, *expected_file, *state_dir;
	struct box_limits l;
	bool json;
};

#define F(x) offsetof(struct run_cli, x)
static const struct opt run_opts[] = {
	{ "lang", OPT_STR, F(lang), 0, "NAME|ID", "language: c, cpp, python3 or a Judge0 id (default: from the extension)" },
	{ "stdin", OPT_STR, F(stdin_file), 0, "FILE", "the program's stdin (default: empty)" },
	{ "expected", OPT_STR, F(expected_file), 0, "FILE", "expected output: status 3 if it matches, 4 if not" },
	{ "time", OPT_SECONDS, F(l.cpu_ms), 0, "SEC", "CPU time limit (default 5)" },
	{ "wall", OPT_SECONDS, F(l.wall_ms), 0, "SEC", "wall time limit (default 10)" },
	{ "mem", OPT_SIZE, F(l.memory_kb), 1024, "MB", "memory limit (default 125, i.e. 128000k)" },
	{ "procs", OPT_U32, F(l.processes), 0, "N", "processes and threads (default 60)" },
	{ "json", OPT_FLAG, F(json), 0, NULL, "print the Judge0-shaped JSON result" },
	{ "state-dir", OPT_STR, F(state_dir), 0, "DIR", "lock files and mountpoint (default /run/pairbox)" },
	{ NULL, 0, 0, 0, NULL, NULL },
};
#undef F

static const char usage[] = "usage: pairbox run [OPTIONS] FILE\n\n"
	"Compile (if needed) and run FILE in the sandbox; compare with --expected.";

static void print_human(const struct judge_result *r)
{
	const struct box_result *run = &r->run;
	printf("%s", box_status_description(r->status));
	if (run->status)
		printf("  time %u.%03u s  wall %u.%03u s  memory %llu KB", run->cpu_ms / 1000, run->cpu_ms % 1000,
		       run->wall_ms / 1000, run->wall_ms % 1000, (unsigned long long)run->memory_kb);
	if (run->status && run->exit_code >= 0)
		printf("  exit %d", run->exit_code);
	printf("\n");
	if (r->message[0])
		printf("message: %s\n", r->message);
	if (r->compile_output.len)
		printf("--- compile output ---\n%.*s\n", (int)r->compile_output.len, r->compile_output.data);
	if (run->out.len)
		printf("--- stdout%s ---\n%.*s\n", run->out.truncated ? " (truncated)" : "", (int)run->out.len, run->out.data);
	if (run->err.len)
		printf("--- stderr%s ---\n%.*s\n", run->err.truncated ? " (truncated)" : "", (int)run->err.len, run->err.data);
}

int cli_run_main(int argc, char **argv)
{
	struct run_cli c;
	memset(&c, 0, sizeof(c));
	box_limits_default(&c.l);
	char err[512] = "";
	int next, rc = 2;
	char *source = NULL, *in = NULL, *expected = NULL;
	size_t source_len = 0, in_len = 0, expected_len = 0;
	struct box_pool *pool = NULL;
	struct judge_result res;
	judge_result_init(&res);

	int r = opts_parse(run_opts, &c, argc, argv, &next, err, sizeof(err));
	if (r == 1) {
		opts_usage(stdout, usage, run_opts);
		rc = 0;
		goto out;
	}
	if (r || next != argc - 1) {
		fprintf(stderr, "pairbox run: %s\n", r ? err : "exactly one source FILE expected");
		goto out;
	}
	const char *file = argv[next];
	const struct lang *lang = c.lang ? lang_find(c.lang) : lang_guess(file);
	if (!lang) {
		fprintf(stderr, "pairbox run: %s '%s'; known: c (50), cpp (54), python3 (71)\n",
			c.lang ? "unknown language" : "cannot guess the language of", c.lang ? c.lang : file);
		goto out;
	}
	if ((r = read_file(file, 64u << 20, &source, &source_len)) ||
	    (c.stdin_file && (r = read_file(c.stdin_file, 1u << 30, &in, &in_len))) ||
	    (c.expected_file && (r = read_file(c.expected_file, 1u << 30, &expected, &expected_len)))) {
		fprintf(stderr, "pairbox run: cannot read input: %s\n", strerror(-r));
		goto out;
	}

	struct box_config cfg;
	box_config_default(&cfg);
	if (c.state_dir)
		cfg.state_dir = c.state_dir;
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: %s\n", err);
		rc = 1;
		goto out;
	}
	struct judge_req req = {
		.lang = lang, .source = source, .source_len = source_len,
		.stdin_data = in, .stdin_len = in_len,
		.expected = expected, .expected_len = expected_len,
		.run = c.l,
	};
	judge_compile_limits(&req.compile);
	if (judge_one(pool, &req, &res, err, sizeof(err))) {
		fprintf(stderr, "pairbox run: %s\n", err);
		rc = 1;
		goto out;
	}
	box_pool_free(pool);      /* every box process, cgroup and mount gone */
	pool = NULL;
	if (c.json) {
		json_t *j = judge_result_json(&res);
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
	free(source);
	free(in);
	free(expected);
	return rc;
}
