/* grade.h - what `pairbox grade` does, as a library: verify problems (each
 * loads, its tests are well-formed, it has a sample, the reference is
 * accepted and every submission under submissions/<verdict>/ gets exactly
 * that verdict) or grade solutions against one problem; N judging threads,
 * each with its own box (workers.h); a report of checks per problem.
 * docs/grade.md has the rules; grade_report.c writes the report out.
 *
 * Ownership: grade_run fills a struct grade_report that owns every string
 * and array in it; grade_report_release() frees it all (a zeroed report is
 * fine). The options and everything they point to are borrowed for the
 * call. */
#ifndef PAIRBOX_GRADE_H
#define PAIRBOX_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A check's outcome. ERROR is the judge's own failure (no box, status 13),
 * never a verdict on the program; it fails the run like FAIL. WARN passed
 * with a warning (message says what): it fails nothing, but is counted and
 * shown apart (a submission sensitive to the time limit, no sample test, a
 * skeleton package). */
enum grade_outcome { GRADE_PENDING, GRADE_PASS, GRADE_FAIL, GRADE_SKIP, GRADE_ERROR, GRADE_WARN };

enum grade_kind {
	GRADE_LOAD,          /* the problem loads */
	GRADE_TESTS,         /* every test is readable (and, for a function problem, typed right) */
	GRADE_SAMPLES,       /* at least one sample */
	GRADE_REFERENCE,     /* the reference solution, when it is not a submission */
	GRADE_SUBMISSION,    /* submissions/<expect>/NAME */
	GRADE_TIME_LIMIT,    /* a Kattis time limit derived from the accepted submissions */
	GRADE_SOLUTION,      /* a file given on the command line */
};

struct grade_test {
	char name[128];
	int status;                  /* Judge0 status id */
	uint32_t cpu_ms, wall_ms;
	uint64_t memory_kb;
	char message[256];
};

struct grade_check {
	enum grade_kind kind;
	char *name;                  /* "submissions/accepted/sol.c", "tests", ... */
	char *path;                  /* host path of the file judged; NULL for the other kinds */
	char *expect;                /* "accepted", "wrong_answer", ...; for the other kinds what is checked */
	char *got;                   /* what was found: a verdict's description, "3 samples", ... */
	enum grade_outcome outcome;
	const char *lang;            /* static (the registry's): the language judged, NULL if none */
	int status;                  /* the overall Judge0 status; 0 when nothing was judged */
	size_t passed, ntests;       /* tests accepted, tests in the problem */
	uint32_t max_cpu_ms, max_wall_ms, elapsed_ms;
	uint64_t max_memory_kb;
	uint32_t cpu_limit_ms;       /* the limit it ran with */
	int cache;                   /* enum judge_cache_state: was the compile a cache hit */
	char *message;               /* why it failed, or a note; NULL if none */
	char *compile_output;        /* NULL if none */
	struct grade_test *tests;    /* the tests that ran, in order */
	size_t nrun;
	bool scored;                 /* a scoring problem's score was computed (problem_score) */
	double score, max_score;     /* then: its score, and a fully accepted submission's */
	/* private to grade*.c */
	bool started, stop_on_fail, is_reference;
	int phase;
	const struct problem_submission *sub;   /* borrowed from the problem; NULL unless a submission */
};

struct grade_problem {
	char *dir, *slug;
	const char *format;          /* "pairbox", "kattis"; NULL when it did not load */
	char *title;                 /* NULL when it did not load */
	size_t ntests, nsamples;
	uint32_t time_limit_ms;      /* the limit used; 0 when unknown */
	uint32_t tle_limit_ms;       /* what time_limit_exceeded submissions ran with */
	bool time_limit_derived;     /* from the slowest accepted submission (Kattis) */
	uint32_t slowest_ac_ms;      /* the slowest accepted test, over every accepted submission */
	bool scoring;                /* a scoring problem: submissions get scores */
	double ac_to_time_limit;     /* the problem's multipliers (0: none) */
	double time_limit_to_tle;
	char *note;                  /* a warning that fails nothing; NULL if none */
	struct grade_check *checks;
	size_t nchecks;
	bool ok;                     /* no check failed */
	/* private to grade*.c */
	struct problem *p;
	size_t pending_first;        /* checks of phase 0 still to finish */
};

struct grade_report {
	bool verify;                 /* no solutions: the problems themselves */
	char *path;
	struct grade_problem *problems;
	size_t nproblems;
	size_t nchecks, passed, failed, skipped, errors;
	size_t warnings;             /* checks that passed with a warning (WARN; not in passed) */
	uint32_t elapsed_ms;
	unsigned jobs;
};

void grade_report_release(struct grade_report *r);
/* Every check passed or was skipped (and there was a problem). */
bool grade_report_ok(const struct grade_report *r);

/* Progress, serialised: never two calls at once, from any thread. */
enum grade_event_kind {
	GRADE_EV_BEGIN,              /* total is known */
	GRADE_EV_CHECK_STARTED,      /* a judging check was handed to a worker */
	GRADE_EV_COMPILING,          /* its program is being compiled (not for a cache hit) */
	GRADE_EV_TEST_DONE,          /* test of ntests of check */
	GRADE_EV_CHECK_DONE,         /* check has its outcome (any kind of check) */
	GRADE_EV_END,
	GRADE_EV_WAITING,            /* about once a second while checks run: nothing finished
	                                (no problem or check; for a progress line) */
};

struct grade_event {
	enum grade_event_kind kind;
	const struct grade_problem *problem;   /* not for BEGIN and END */
	const struct grade_check *check;
	size_t test, ntests;                   /* TEST_DONE */
	int status;                            /* TEST_DONE: that test's */
	size_t done, total;                    /* checks with an outcome, and all of them */
};

typedef void (*grade_progress_fn)(void *ctx, const struct grade_event *ev);

struct grade_opts {
	const char *path;            /* a problem, or a folder of problems */
	const char *const *solutions;/* with nsolutions > 0: grade these against path (one problem) */
	size_t nsolutions;
	unsigned jobs;               /* judging threads, one box each; 0 = 1 */
	int box_id_base;             /* first box id to try (-1 = any free) */
	const char *state_dir;       /* NULL = the box's default */
	const char *helper_path;     /* required: the pairbox binary (keepers are exec'd: threads) */
	bool no_cache;
	bool pypy;                   /* Python 3 by extension runs as pypy3 (problemtools' Python) */
	uint64_t cache_bytes;        /* 0 = 256 MB */
	uint32_t probe_ms;           /* CPU limit while a time limit is derived; 0 = 10 s */
	grade_progress_fn progress;  /* optional */
	void *progress_ctx;
};

/* Verify or grade; the report holds every outcome. Returns 0 when the
 * report is complete (check grade_report_ok), or -errno with err set when
 * grading could not happen at all: path missing or holding no problem
 * (-ENOENT), no box (workers_new's error), -ENOMEM. */
int grade_run(const struct grade_opts *o, struct grade_report *r, char *err, size_t errlen);

/* grade_report.c: the outputs. */

/* The final table, one block per problem, then the summary line. */
void grade_report_table(const struct grade_report *r, FILE *f);
/* The summary line alone ("12 checks: 10 passed, 1 warning, 1 failed, 0 skipped, 0 errors in 3.2 s"). */
void grade_report_summary(const struct grade_report *r, char *buf, size_t len);
/* JUnit XML and JSON (keys in docs/grade.md), each written atomically
 * (a temporary file in the same folder, then rename). 0 or -errno. */
int grade_report_junit(const struct grade_report *r, const char *path);
int grade_report_json(const struct grade_report *r, const char *path);

/* Names shared by the outputs. */
const char *grade_outcome_name(enum grade_outcome o);   /* "PASS", "FAIL", "SKIP", "ERROR", "WARN" */
const char *grade_kind_name(enum grade_kind k);         /* "load", "tests", ... */

#endif
