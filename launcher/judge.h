/* judge.h - one submission: compile once in a box (its own limits), keep
 * what the compile made, run every test in a fresh box, compare (or ask
 * the problem's checker, in a box of its own), and give a verdict per
 * test and overall (the first failing test decides).
 *
 * Files (judge_req.files: a Kattis package's include/) are written beside
 * the source, then additional files (Judge0's `additional_files`, a zip)
 * are unzipped in the compile box (addfiles.h). A multi-file
 * language (lang.multi_file, Judge0's 89) has no source of its own: its
 * zip's `compile.sh` or `compile` is run with /bin/bash if there is one,
 * then `run.sh` or `run` is the program (`bash run.sh ARGS`). */
#ifndef PAIRBOX_JUDGE_H
#define PAIRBOX_JUDGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "box.h"
#include "cache.h"
#include "checker.h"
#include "compare.h"
#include "lang.h"

struct judge_test {
	const char *name;                  /* borrowed */
	const char *input;                 /* borrowed, may be NULL */
	size_t input_len;
	const char *answer;                /* borrowed; NULL = no comparison */
	size_t answer_len;
};

/* Per-test settings beyond a judge_test's (a Kattis test group's output
 * validator arguments); parallel to judge_req.tests. */
struct judge_test_opts {
	const struct compare_opts *compare;   /* borrowed, optional: this test's rule instead of req->compare */
	const char *const *checker_args;      /* borrowed, optional, NULL-terminated: after the checker's
	                                         protocol arguments */
};

/* A file written into a compile box beside the source (Kattis include/
 * files; a validator's headers). The name is a plain relative path
 * ("validate.h", "lib/util.py"): no leading '/', no "." or ".." or empty
 * part, not the source's own name, no duplicates. */
struct judge_file {
	const char *name;                  /* borrowed */
	const char *data;                  /* borrowed */
	size_t len;
};

/* In order: STARTED (once judge_run has the submission: Judge0's
 * "Processing"), COMPILING and COMPILED (when something is compiled),
 * TEST_DONE per test run, FINISHED. */
enum judge_event_kind { JUDGE_STARTED, JUDGE_COMPILING, JUDGE_COMPILED, JUDGE_TEST_DONE, JUDGE_FINISHED };

struct judge_event {
	enum judge_event_kind kind;
	int status;                        /* COMPILED, TEST_DONE, FINISHED */
	size_t test, ntests;               /* TEST_DONE: 1-based index */
	const char *name;                  /* TEST_DONE: the test's name */
	uint32_t cpu_ms, wall_ms;          /* TEST_DONE */
	uint64_t memory_kb;
};

typedef void (*judge_progress_fn)(void *ctx, const struct judge_event *ev);

struct judge_result;

struct judge_req {
	const struct lang *lang;           /* borrowed */
	const char *source;                /* borrowed */
	size_t source_len;
	const struct judge_test *tests;    /* borrowed; ntests >= 1 */
	size_t ntests;
	const struct judge_test_opts *test_opts;   /* borrowed, optional: ntests of them, or NULL */
	struct compare_opts compare;
	struct box_limits run;
	struct box_limits compile;
	unsigned runs;                     /* number_of_runs: 0 or 1 = once */
	bool merge_stderr;                 /* runs: stderr into stdout (Judge0's redirect_stderr_to_stdout) */
	bool network;                      /* runs: the host's network (Judge0's enable_network) */
	bool drain_output;                 /* runs: past run.output_bytes the program runs on
	                                      (box_spec.drain_output), as packages are judged */
	uint64_t extract_kb;               /* additional files: at most this many KB unzipped (0 = the box's bound) */
	const char *compiler_options;      /* split into argv entries, never a shell */
	const char *args;                  /* command-line arguments, likewise */
	struct compile_cache *cache;       /* optional: compile once per key */
	const char *additional_files;      /* borrowed, optional: a zip, already base64-decoded
	                                      (base64.h); unzipped in the compile box; empty = none */
	size_t additional_files_len;
	const struct checker *checker;     /* borrowed, optional: judges each output instead of
	                                      `compare` (built once, through the same cache) */
	const struct judge_file *files;    /* borrowed, optional: written beside the source before the
	                                      additional files are unzipped; a bad name is an internal
	                                      error (13) saying which */
	size_t nfiles;
	bool stop_on_fail;                 /* stop after the first test that is not accepted (nrun
	                                      says how many ran); default: run every test */
	bool interactive;                  /* the checker is a Kattis interactive validator: it runs
	                                      beside the program, each reading what the other writes
	                                      (its input and answer as files); the pool needs two
	                                      boxes; number_of_runs is 1 */
	const struct judge_file *answers;  /* submit-answer (Kattis): ntests of them, borrowed: each
	                                      test's output as submitted (data NULL: none, an empty
	                                      output); nothing is built or run, lang and source are
	                                      unused (may be NULL) */
	unsigned passes;                   /* multi-pass (Kattis): the Kattis validator's
	                                      feedback/nextpass.in is the next pass's input, at most
	                                      this many passes per test (0 or 1: one) */
	judge_progress_fn progress;        /* optional */
	void *progress_ctx;
	/* optional: asked after each test (res->nrun have run); true stops
	 * there, the tests after it not run (a caller whose outcome no later
	 * test can change) */
	bool (*stop)(void *ctx, const struct judge_req *req, const struct judge_result *res);
	void *stop_ctx;
};

struct judge_test_result {
	char name[128];
	int status;                        /* Judge0 status id */
	struct box_result run;             /* the last run of the test */
	uint32_t cpu_ms, wall_ms;          /* mean over number_of_runs */
	uint64_t memory_kb;
	char message[256];                 /* comparator's or runner's reason */
};

enum judge_cache_state { JUDGE_CACHE_NONE, JUDGE_CACHE_MISS, JUDGE_CACHE_HIT };

struct judge_result {
	int status;                        /* overall: the first failing test's */
	enum judge_cache_state cache;      /* hit: nothing was compiled */
	struct outbuf compile_output;      /* compiler's merged stdout+stderr (or unzip's) */
	struct outbuf checker_compile_output;  /* the checker's compiler, when that failed */
	char message[256];
	size_t ntests, nrun;               /* tests, and how many ran */
	struct judge_test_result *tests;   /* owned */
};

/* Generous limits for compilers, separate from the program's. A file
 * the compiler writes (an object, the program) may be up to 1 GiB, so a
 * large static array compiles; the compile's memory limit (tmpfs pages
 * are charged to it), /tmp's size and the pool's /box size bound what it
 * writes in all, and only /box is kept (judge_build.c). */
void judge_compile_limits(struct box_limits *l);

/* The idle window (box_limits.idle_ms) for a CPU limit: a program that
 * uses under 1% of a CPU for as long as its CPU limit (at least
 * JUDGE_IDLE_MIN_MS) cannot be busy, however loaded the machine. */
#define JUDGE_IDLE_MIN_MS 1000
uint32_t judge_idle_ms(uint32_t cpu_ms);

void judge_result_init(struct judge_result *r);
void judge_result_release(struct judge_result *r);

/* Split a user-given option string into argv entries: whitespace
 * separates, '...' and "..." group; nothing is ever interpreted by a
 * shell. Returns 0 or -EINVAL (unbalanced quote); *argv is NULL-terminated
 * and owned by the caller (free(*argv) frees all). */
int judge_split_args(const char *s, char ***argv, size_t *argc);

/* Fills res; returns 0, or -errno when no slot could be had (err set). */
int judge_run(struct box_pool *pool, const struct judge_req *req, struct judge_result *res,
	      char *err, size_t errlen);

/* The test that decides a result: the first one run that was not
 * accepted, else the last one run; NULL when none ran (a compilation
 * error). Its status is the overall verdict (judge_run), and Judge0's
 * shape shows its output, exit, times and memory. The one copy of the
 * rule: callers never look for it themselves. */
const struct judge_test_result *judge_deciding(const struct judge_result *r);

/* The overall message when t (not accepted) decides r: "test NAME: why"
 * when r has several tests (why: t's message, else its status's
 * description), else t's own message. */
void judge_deciding_message(const struct judge_result *r, const struct judge_test_result *t,
			    char *buf, size_t len);

/* A verdict's name for people judging packages: Judge0's description
 * (box_status_description), except status 8, which in pairbox is always
 * the output limit (box.h): "Output Limit Exceeded". Never NULL. The
 * Judge0 shape keeps Judge0's description. */
const char *judge_status_name(int status);

/* What judge_result_json() adds for a caller beyond the plain shape. */
struct judge_json_opts {
	bool base64;                       /* program output (stdout, stderr, compile output) as
	                                      plain base64, null when empty (the server's storage
	                                      form: any bytes, and Judge0 stores nil for none);
	                                      default: text, invalid UTF-8 as U+FFFD */
	bool all_tests;                    /* "tests" even for one test (default: only with several) */
	size_t excerpt;                    /* > 0: each test in "tests" carries the first `excerpt`
	                                      bytes of its stdout and stderr, and *_truncated */
};

/* The one Judge0 shape of a result, for every caller (`pairbox run
 * --json`, the server's stored result that every HTTP view reads): status
 * {id, description}, stdout, stderr, compile_output, message, exit_code,
 * exit_signal, time, wall_time (json_seconds: "0.01"), memory (KB), from
 * the deciding test; beyond Judge0 limit, compile_cache and
 * checker_compile_output (when there are), and "tests" with each test run:
 * name, status, time, wall_time, memory, message, exit_code, limit.
 * opts NULL = the plain shape. New ref, NULL on ENOMEM. */
json_t *judge_result_json(const struct judge_result *r, const struct judge_json_opts *opts);

#endif
