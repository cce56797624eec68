/* cli_grade.c - `pairbox grade [OPTIONS] PATH [SOLUTION...]`: verify a
 * problem or a folder of them, or grade solutions against one; a progress
 * bar on a terminal, plain lines otherwise, then the table, --junit and
 * --json. Exit status 0 all good, 1 anything failed, 2 usage errors. */
#define _GNU_SOURCE
#include "cli_grade.h"
#include "box_opts.h"
#include "cache.h"
#include "grade.h"
#include "lang.h"
#include "opts.h"
#include "problem.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct grade_cli {
	const char *junit, *json, *state_dir;
	uint32_t jobs, probe_ms;
	int box_id_base;
	uint64_t cache_mb;
	bool no_cache, plain, pypy;
};

#define F(x) offsetof(struct grade_cli, x)
static const struct opt grade_opts_table[] = {
	{ "jobs", OPT_U32, F(jobs), 0, "N", "judge N submissions at once, one box each", "1", "1", "64" },
	{ "box-id-base", OPT_INT, F(box_id_base), 0, "ID", "first box id to use, upward, clear of a server's; "
	  "any free id if not given", "-1", "0", "65535" },
	{ "junit", OPT_STR, F(junit), 0, "FILE", "write the results as JUnit XML (for CI test reports)",
	  NULL, NULL, NULL },
	{ "json", OPT_STR, F(json), 0, "FILE", "write the results as JSON (keys in docs/grade.md)", NULL, NULL, NULL },
	{ "max-time", OPT_SECONDS, F(probe_ms), 0, "SEC", "CPU limit per test while a Kattis time limit is "
	  "derived from the accepted submissions", "10", "0.001", "3600" },
	{ "plain", OPT_FLAG, F(plain), 0, NULL, "plain progress lines even on a terminal", NULL, NULL, NULL },
	{ "pypy", OPT_FLAG, F(pypy), 0, NULL, "run Python 3 submissions with PyPy 3, as problemtools does "
	  "(submissions.yaml's language still decides)", NULL, NULL, NULL },
	CACHE_OPT_NO_CACHE(F(no_cache)),
	CACHE_OPT_SIZE(F(cache_mb)),
	BOX_OPT_STATE_DIR(F(state_dir)),
	OPT_END,
};
#undef F

static const char usage[] = "usage: pairbox grade [OPTIONS] PATH [SOLUTION...]\n\n"
	"PATH is one problem or a folder of problems (pairbox's problem.json or a Kattis\n"
	"problem.yaml package). Without SOLUTION files, verify each problem: it loads, its\n"
	"tests are well-formed, it has a sample, the reference solution is accepted and every\n"
	"file under submissions/<verdict>/ gets exactly that verdict. With SOLUTION files\n"
	"(language from the extension), grade them against PATH, which must be one problem.\n"
	"Options may come before or after PATH. Exit status: 0 all passed, 1 something\n"
	"failed, 2 usage error. docs/grade.md has the details.";

/* ---- progress ---------------------------------------------------------------- */

struct progress {
	FILE *f;
	int fd;
	bool tty;
	bool drawn;                  /* a bar is on the last line */
	char current[256];           /* problem, check and test of the latest event */
	uint64_t current_ms;         /* when current began (its check started, its last test ended) */
	uint64_t line_ms;            /* plain: when the last line was written */
};

/* Plain output writes a line at least this often while a check runs, so a
 * CI log never sits silent through a long test. */
#define PLAIN_QUIET_MS 10000

/* The terminal's width now (it may have been resized): the tty's, else
 * $COLUMNS; 0 when unknown (a pseudo-terminal of no size, as CI runners
 * and `script` make, is treated as a log: plain lines). */
static int term_cols(int fd)
{
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	char *end;
	long n = env ? strtol(env, &end, 10) : 0;
	if (env && *env && !*end && n >= 20 && n <= 4096)
		return (int)n;
	return 0;
}

static void clear_bar(struct progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", p->f);
	p->drawn = false;
}

static void draw_bar(struct progress *p, size_t done, size_t total)
{
	enum { BAR = 24 };
	char bar[BAR + 1];
	size_t fill = total ? done * BAR / total : 0;
	for (size_t i = 0; i < BAR; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR] = '\0';
	char line[512], secs[32] = "";
	uint64_t busy = p->current[0] ? now_ms() - p->current_ms : 0;
	if (busy >= 2000)
		str_printf(secs, sizeof(secs), "  %llu s", (unsigned long long)(busy / 1000));
	str_printf(line, sizeof(line), "[%s] %zu/%zu  %s%s", bar, done, total, p->current, secs);
	/* One line, never wrapped: cut to the terminal's width as it is now. */
	int cols = term_cols(p->fd), max = (cols ? cols : 80) - 1;
	fprintf(p->f, "\r\033[K%.*s", max, line);
	p->drawn = true;
}

static void describe(char *buf, size_t len, const struct grade_check *c)
{
	if (c->status || c->kind == GRADE_SUBMISSION || c->kind == GRADE_REFERENCE || c->kind == GRADE_SOLUTION)
		str_printf(buf, len, "expected %s, got %s", c->expect, c->got ? c->got : "-");
	else
		str_printf(buf, len, "%s: %s", c->expect, c->got ? c->got : "-");
}

/* A finished check, on a line of its own. */
static void print_done(struct progress *p, const struct grade_problem *gp, const struct grade_check *c)
{
	char what[256];
	describe(what, sizeof(what), c);
	fprintf(p->f, "%-5s %s %s: %s", grade_outcome_name(c->outcome), gp->slug, c->name, what);
	if (c->status)
		fprintf(p->f, ", %zu/%zu tests", c->passed, c->ntests);
	if (c->nrun)
		fprintf(p->f, ", %u.%03u s, %llu KB", c->max_cpu_ms / 1000, c->max_cpu_ms % 1000,
			(unsigned long long)c->max_memory_kb);
	if (c->message && c->outcome != GRADE_PASS)
		fprintf(p->f, " (%.*s)", (int)strcspn(c->message, "\n"), c->message);
	else if (c->message && c->kind == GRADE_TIME_LIMIT)
		fprintf(p->f, " (%s)", c->message);
	fputc('\n', p->f);
}

/* Plain: the running check on a line of its own when nothing was written
 * for a while. */
static void plain_waiting(struct progress *p, const struct grade_event *ev)
{
	uint64_t now = now_ms();
	if (now - p->line_ms < PLAIN_QUIET_MS || !p->current[0])
		return;
	fprintf(p->f, "....  %s, %llu s (%zu/%zu checks done)\n", p->current,
		(unsigned long long)((now - p->current_ms) / 1000), ev->done, ev->total);
	p->line_ms = now;
}

static void on_progress(void *ctx, const struct grade_event *ev)
{
	struct progress *p = ctx;
	switch (ev->kind) {
	case GRADE_EV_BEGIN:
		if (!p->tty)
			fprintf(p->f, "grading: %zu check%s\n", ev->total, ev->total == 1 ? "" : "s");
		p->line_ms = now_ms();
		break;
	case GRADE_EV_CHECK_STARTED:
	case GRADE_EV_COMPILING:
		str_printf(p->current, sizeof(p->current), "%s  %s  %s", ev->problem->slug, ev->check->name,
			   ev->kind == GRADE_EV_COMPILING ? "compiling" : "starting");
		p->current_ms = now_ms();
		break;
	case GRADE_EV_TEST_DONE:
		str_printf(p->current, sizeof(p->current), "%s  %s  test %zu/%zu", ev->problem->slug, ev->check->name,
			   ev->test + 1 <= ev->ntests ? ev->test + 1 : ev->ntests, ev->ntests);
		p->current_ms = now_ms();
		break;
	case GRADE_EV_WAITING:
		if (!p->tty)
			plain_waiting(p, ev);
		break;
	case GRADE_EV_CHECK_DONE: {
		const struct grade_check *c = ev->check;
		bool judging = c->kind == GRADE_SUBMISSION || c->kind == GRADE_REFERENCE || c->kind == GRADE_SOLUTION;
		/* Plain: every submission, and any other check that did not
		 * pass. On a terminal only failures and warnings stay on screen. */
		bool line = p->tty ? c->outcome == GRADE_FAIL || c->outcome == GRADE_ERROR || c->outcome == GRADE_WARN
				   : judging || c->outcome != GRADE_PASS || c->kind == GRADE_TIME_LIMIT;
		if (line) {
			clear_bar(p);
			print_done(p, ev->problem, c);
			p->line_ms = now_ms();
		}
		break;
	}
	case GRADE_EV_END:
		clear_bar(p);
		fflush(p->f);
		return;
	}
	if (p->tty)
		draw_bar(p, ev->done, ev->total);
	fflush(p->f);
}

/* ---- arguments --------------------------------------------------------------- */

/* Options may stand before, between and after the operands; after "--"
 * everything is an operand. */
static int parse_args(struct grade_cli *c, int argc, char **argv, const char ***operands, size_t *n,
		      char *err, size_t errlen)
{
	int k = 0;
	*operands = calloc((size_t)argc + 1, sizeof(char *));
	if (!*operands)
		return -ENOMEM;
	while (k < argc) {
		int next, r = opts_parse(grade_opts_table, c, argc - k, argv + k, &next, err, errlen);
		if (r)
			return r;
		next += k;
		if (next > k + 1 && !strcmp(argv[next - 1], "--")) {
			while (next < argc)
				(*operands)[(*n)++] = argv[next++];
			break;
		}
		if (next >= argc)
			break;
		(*operands)[(*n)++] = argv[next];
		k = next;
	}
	return 0;
}

/* The solutions must be readable files in an installed language. */
static int check_solutions(const char *const *sol, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (access(sol[i], R_OK)) {
			str_printf(err, errlen, "%s: %s", sol[i], strerror(errno));
			return -EINVAL;
		}
		if (!lang_guess(sol[i])) {
			if (lang_registry_error()[0])
				str_printf(err, errlen, "%s", lang_registry_error());
			else
				str_printf(err, errlen, "cannot guess the language of '%s' from its extension, or its "
					   "toolchain is not installed; 'pairbox langs' lists the installed ones", sol[i]);
			return -EINVAL;
		}
	}
	return 0;
}

int cli_grade_main(int argc, char **argv)
{
	struct grade_cli c = { 0 };
	struct grade_report rep = { 0 };
	const char **operands = NULL;
	size_t noperands = 0;
	char err[768] = "";
	int rc = 2;

	opts_defaults(grade_opts_table, &c);
	int r = parse_args(&c, argc, argv, &operands, &noperands, err, sizeof(err));
	if (r == 1) {
		opts_usage(stdout, usage, grade_opts_table);
		rc = 0;
		goto out;
	}
	if (r || !noperands) {
		fprintf(stderr, "pairbox grade: %s\n", r ? (err[0] ? err : strerror(-r)) : "PATH expected (see --help)");
		goto out;
	}
	const char *path = operands[0];
	if (access(path, F_OK)) {
		fprintf(stderr, "pairbox grade: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (noperands > 1 && !problem_is_dir(path)) {
		fprintf(stderr, "pairbox grade: with SOLUTION files, PATH must be one problem (a folder with "
			"problem.json or problem.yaml): %s\n", path);
		goto out;
	}
	if (check_solutions(operands + 1, noperands - 1, err, sizeof(err))) {
		fprintf(stderr, "pairbox grade: %s\n", err);
		goto out;
	}

	struct progress prog = { .f = stderr, .fd = STDERR_FILENO,
				 .tty = !c.plain && isatty(STDERR_FILENO) == 1 && term_cols(STDERR_FILENO) > 0 };
	struct grade_opts o = {
		.path = path,
		.solutions = operands + 1,
		.nsolutions = noperands - 1,
		.jobs = c.jobs,
		.box_id_base = c.box_id_base,
		.state_dir = c.state_dir,
		/* Judging threads: keepers are exec'd from this very binary. */
		.helper_path = "/proc/self/exe",
		.no_cache = c.no_cache,
		.pypy = c.pypy,
		.cache_bytes = c.cache_mb << 20,
		.probe_ms = c.probe_ms,
		.progress = on_progress,
		.progress_ctx = &prog,
	};
	rc = 1;
	if ((r = grade_run(&o, &rep, err, sizeof(err)))) {
		clear_bar(&prog);
		fprintf(stderr, "pairbox grade: %s\n", err[0] ? err : strerror(-r));
		goto out;
	}
	grade_report_table(&rep, stdout);
	fflush(stdout);
	bool written = true;
	if (c.junit && (r = grade_report_junit(&rep, c.junit))) {
		fprintf(stderr, "pairbox grade: --junit %s: %s\n", c.junit, strerror(-r));
		written = false;
	}
	if (c.json && (r = grade_report_json(&rep, c.json))) {
		fprintf(stderr, "pairbox grade: --json %s: %s\n", c.json, strerror(-r));
		written = false;
	}
	rc = grade_report_ok(&rep) && written ? 0 : 1;
out:
	grade_report_release(&rep);
	free(operands);
	return rc;
}
