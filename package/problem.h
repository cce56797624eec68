/* problem.h - a problem on disk, read into one model from either format
 * (docs/problems.md): pairbox's own (problem.json, statement.md,
 * tests/{sample,hidden}/, submissions/<verdict>/) or the Kattis / ICPC
 * package format (problem.yaml, legacy and 2025-09: data/{sample,secret}
 * with nested groups, .timelimit, output validators, include/,
 * submissions/<verdict>/). Then: a submission to a problem made into one
 * judge_req (function-style wrapping, limits, comparator or validator,
 * include files).
 *
 * Ownership: problem_load's result owns every string and array in it;
 * problem_free() frees it all (NULL ok). Test data stays on disk and is
 * read per use (problem_test_read). A loaded problem is read-only, so
 * threads may share it. */
#ifndef PAIRBOX_PROBLEM_H
#define PAIRBOX_PROBLEM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checker.h"
#include "compare.h"
#include "harness.h"
#include "judge.h"
#include "lang.h"

enum problem_format { PROBLEM_PAIRBOX, PROBLEM_KATTIS };

struct problem_test {
	char *name;                  /* path below tests/ or data/ without extension: "sample/01", "secret/g1/03-large" */
	bool sample;                 /* shown to users */
	char *in_path, *ans_path;    /* host paths */
};

/* Verdicts of a test, as sets (Kattis 2025-09's AC, WA, TLE, RTE). */
enum { PROBLEM_V_AC = 1, PROBLEM_V_WA = 2, PROBLEM_V_TLE = 4, PROBLEM_V_RTE = 8, PROBLEM_V_ALL = 15 };

/* What a Kattis 2025-09 package expects of an example submission over a
 * scope of tests: every test in it has a verdict in permitted, at least
 * one a verdict in required, and (message) at least one judge message
 * contains message. From the verdict folder's default and
 * submissions/submissions.yaml (problem_expect.c). */
struct problem_rule {
	char *tests;                 /* a glob over test and group names ("secret/g1", "*-hard"); NULL = every test */
	unsigned permitted, required;/* PROBLEM_V_* sets */
	char *message;               /* NULL = none asked */
	char *origin;                /* what set it: "the default for wrong_answer/", "submissions/submissions.yaml: x.py" */
};

struct problem_submission {
	char *path;                  /* host path of the file (or folder: a multi-file submission,
	                                which problem_judging_prepare cannot take as it is) */
	char *expect;                /* its folder: "accepted", "wrong_answer", "time_limit_exceeded", "run_time_error", ... */
	struct problem_rule *rules;  /* Kattis 2025-09: judged over every test against these (nrules > 0);
	                                otherwise the first test that fails must have expect's verdict */
	size_t nrules;
	char *language;              /* submissions.yaml's language (a pairbox language name); NULL = by extension */
	char *entrypoint;            /* submissions.yaml's entrypoint: a folder's main file; NULL = as
	                                problemtools picks it (problem_program_load) */
	/* Legacy Kattis, DOMjudge and pairbox packages (nrules == 0): the
	 * verdicts (PROBLEM_R_*) the submission may end with, its first
	 * failing test's or Accepted. From its folder's name, or a DOMjudge
	 * `@EXPECTED_RESULTS@:` line in the file (problem_domjudge.c). */
	unsigned results;
	bool margin;                 /* judged with time_limit x time_limit_to_tle: time_limit_exceeded,
	                                slow_accepted (accepted with the margin, slower than the limit) */
	bool partial;                /* partially_accepted: every test judged; some, not all, accepted */
	char *label;                 /* the expectation shown when it is not the folder's name; NULL */
	char *skip;                  /* why it has no expectation pairbox can check (an unknown folder,
	                                CHECK-MANUALLY, two annotations); NULL when it has one */
};

/* Final verdicts of a legacy or DOMjudge expectation, as sets: the
 * first four are PROBLEM_V_*'s; NO_OUTPUT is a Wrong Answer with empty
 * output (DOMjudge's NO-OUTPUT); OLE is Output Limit Exceeded (the
 * program's SIGXFSZ). */
enum { PROBLEM_R_AC = 1, PROBLEM_R_WA = 2, PROBLEM_R_TLE = 4, PROBLEM_R_RTE = 8, PROBLEM_R_CE = 16,
       PROBLEM_R_NO_OUTPUT = 32, PROBLEM_R_OLE = 64 };

/* A Judge0 status (and, for a Wrong Answer, whether the program wrote
 * nothing) as the PROBLEM_R_* results it satisfies; 0 for none (an
 * internal error). */
unsigned problem_result_bits(int status, bool no_output);

/* The results a verdict folder expects ("accepted", "wrong_answer",
 * DOMjudge's "compiler_error", "no_output", "output_limit", "timelimit",
 * "run_error", ... see docs/problems.md), with margin and partial as the
 * fields above; 0 for a folder that names no verdict. */
unsigned problem_folder_results(const char *folder, bool *margin, bool *partial);

/* "AC or WA" for a set of PROBLEM_R_* results. */
void problem_results_text(unsigned set, char *buf, size_t len);

/* One judged test, for problem_rules_check. */
struct problem_verdict {
	const char *test;            /* its name ("secret/g1/03") */
	int status;                  /* its Judge0 status */
	const char *message;         /* the checker's or validator's message; NULL if none */
};

/* 1 when the verdicts of a submission's tests meet all its rules; 0 with
 * why saying which rule failed and on what ("test secret/07: TLE, not
 * permitted (AC, WA) by the default for wrong_answer/"). */
int problem_rules_check(const struct problem_submission *s, const struct problem_verdict *v, size_t n, char *why,
			size_t whylen);

/* A status as a verdict set bit (PROBLEM_V_*); 0 for a status that is no
 * test's verdict (compile error, internal error). */
unsigned problem_verdict_bit(int status);

/* Whether a submissions.yaml glob ('*' within a name, {a,b} alternatives)
 * matches path ("wrong_answer/greedy.py", "secret/g1/03") or a folder
 * above it. */
bool problem_glob_match(const char *glob, const char *path);

struct problem {
	enum problem_format format;
	char *dir;                   /* host path of the problem's folder */
	char *slug;                  /* the folder's name */
	char *title;
	char *difficulty;            /* "easy", "medium", "hard"; NULL when the format has none */
	char **tags;                 /* ntags strings */
	size_t ntags;
	char *statement;             /* Markdown (or a Kattis LaTeX source, see statement_format); NULL if none */
	const char *statement_format;/* "markdown" or "latex" (static) */
	char **hints;
	size_t nhints;
	char *editorial;             /* Markdown; NULL if none */
	double time_limit;           /* CPU seconds per test; 0 = not declared (a Kattis package
	                                without .timelimit or limits.time_limit): pairbox grade
	                                derives it from the accepted submissions */
	double ac_to_time_limit;     /* Kattis: time limit = slowest accepted x this */
	double time_limit_to_tle;    /* Kattis: a time_limit_exceeded submission must exceed
	                                time limit x this (safety margin) */
	uint64_t memory_kb;
	bool scoring;                /* Kattis: a scoring problem: verdicts judged as pass/fail,
	                                and a score from problem_score_compute */
	bool interactive;            /* Kattis: the output validator talks with the program
	                                (judge_req.interactive) */
	unsigned validation_passes;  /* Kattis multi-pass: at most this many passes per test
	                                (judge_req.passes); 0 when not multi-pass */
	bool submit_answer;          /* Kattis submit-answer: a submission is the answers */
	struct compare_opts compare; /* when there is no validator (a Kattis test group may
	                                have its own flags: see problem_judging_prepare) */
	struct harness_sig *sig;     /* function-style problems; NULL for stdin/stdout */
	struct problem_test *tests;  /* samples first, then the rest, each in lexicographic order */
	size_t ntests, nsamples;
	struct problem_submission *subs;
	size_t nsubs;
	char *reference;             /* host path of the reference solution; NULL if none */
	/* Format-specific parts (a Kattis output validator, include/ files,
	 * per-group validator flags) are kept here too; see problem_int.h. */
	struct problem_extra *extra;
};

/* text (len bytes) with p's constant sequences ({{name}}, {{name.variant}},
 * and with latex also \constant{name}) replaced by their values (Kattis
 * 2025-09, docs/problems.md), for the files of a package the spec names:
 * example submissions are the caller's (`pairbox grade`). *out is a new
 * NUL-terminated copy, or NULL when nothing is replaced. 0, -ENOMEM, or
 * -EFBIG when the result would be over 16 MiB. */
int problem_constants_apply(const struct problem *p, const char *text, size_t len, bool latex, char **out,
			    size_t *outlen);
/* The same in place: *text (owned, NUL-terminated, *len bytes) replaced
 * by its substituted copy when anything was replaced. */
int problem_constants_replace(const struct problem *p, char **text, size_t *len, bool latex);

/* Whether d is one of pairbox's difficulties: "easy", "medium", "hard"
 * (NULL is not). */
bool problem_difficulty_ok(const char *d);

/* Load the problem in dir. 0, -ENOMEM, -ENOENT (not a problem folder),
 * -EINVAL with err naming the file and the field at fault, or -ENOTSUP
 * with err saying what pairbox cannot judge: output validators with
 * build/run scripts or several sources, several output validators, test input files
 * (.files) and per-test command-line arguments. */
int problem_load(const char *dir, struct problem **out, char *err, size_t errlen);
void problem_free(struct problem *p);

/* The same, but the package's links may point anywhere inside root (a
 * folder dir lies in: the folder `pairbox grade` was given), not only
 * inside dir. NULL root: dir. */
int problem_load_in(const char *dir, const char *root, struct problem **out, char *err, size_t errlen);

/* Is dir a problem folder (problem.json, problem.yaml, or DOMjudge's domjudge-problem.ini)? */
bool problem_is_dir(const char *dir);

/* root itself when it is a problem, else every problem folder below it
 * (any depth, lexicographic order). *dirs owned (free each, then the
 * array). 0 or -errno. */
int problem_scan(const char *root, char ***dirs, size_t *n);

/* Read one test's input and answer (owned, NUL-terminated; either pointer
 * may be NULL when not wanted). 0 or -errno. */
int problem_test_read(const struct problem_test *t, char **in, size_t *inlen, char **ans, size_t *anslen);

/* A submission to p, made ready to judge: the source wrapped by the
 * harness for a function problem, the problem's limits, comparator or
 * output validator, include files, and its tests (all of them, or the
 * samples only). The judge_req in it borrows from pj and p; both must
 * outlive judge_run.
 *
 * Limits: the box's defaults, then the language's (lang_apply_limits, as
 * `pairbox run` does), then the problem's: CPU time = time_limit (left at
 * the default 5 s when time_limit is 0: the caller sets run.cpu_ms), wall
 * time 2 x CPU + 1 s (or the language's own, if longer), memory and stack
 * = memory_kb, and a Kattis package's output and compilation limits. A
 * Kattis output validator becomes req.checker (CHECKER_KATTIS, its
 * headers beside it, validation_time/memory as its limits); test groups
 * with their own validator flags or arguments come as req.test_opts;
 * include/<language>/ (else include/default/) as req.files.
 * req.stop_on_fail and the rest are left for the caller. */
struct problem_judging {
	struct judge_req req;
	struct judge_test *tests;    /* owned with their data */
	char *source;                /* owned: the wrapped or copied source */
	void *priv;                  /* owned: the rest */
};

enum problem_tests { PROBLEM_ALL_TESTS, PROBLEM_SAMPLES_ONLY };

/* 0, -ENOMEM, -ENOTSUP (a function problem and a language without a
 * harness; an output validator whose language is not installed), -ENOENT
 * (no tests of that kind), -EIO (a test file could not be read), err
 * set. On failure pj holds nothing. */
int problem_judging_prepare(const struct problem *p, const struct lang *l, const char *src, size_t len,
			    enum problem_tests which, struct problem_judging *pj, char *err, size_t errlen);
/* A submit-answer problem's (problem.submit_answer): the submission at
 * path is the answers (a file: to every test; a folder: a file per test,
 * problem_answers.c), judged without a program. Returns as
 * problem_judging_prepare. */
int problem_judging_answers(const struct problem *p, const char *path, enum problem_tests which,
			    struct problem_judging *pj, char *err, size_t errlen);
void problem_judging_release(struct problem_judging *pj);

/* A scoring problem's score for one submission (problem_score.c), from its
 * tests' verdicts and the test groups' settings: legacy testdata.yaml
 * graders (accept_score, reject_score, range, on_reject, grader_flags), or
 * 2025-09 (and the 2023-07 draft) aggregation: score_aggregation or
 * scoring.aggregation (sum, min, pass-fail), max_score or scoring.score.
 * An accepted test scores its default; an output validator's score.txt is
 * not read. */
struct problem_score {
	bool known;                  /* false: why says what pairbox cannot compute */
	bool legacy;                 /* scored by legacy graders (status is theirs) */
	int status;                  /* legacy: the graders' verdict; else Accepted when every test is */
	double score, max;           /* max: the score of a submission accepted on every test */
	char why[200];
};

/* 0, -ENOMEM, or -EINVAL with err naming a malformed group file. Tests
 * not in v count as not accepted. */
int problem_score_compute(const struct problem *p, const struct problem_verdict *v, size_t n,
			  struct problem_score *out, char *err, size_t errlen);

/* A submission of a package as a program (problem_program.c): the file,
 * or every file of a folder submission. The language: language (a
 * pairbox name, submissions.yaml's) or, by the package's extensions
 * (lang_guess_package; .pl is Perl in a DOMjudge package, Python 2 is
 * told by .py2 or a python2 shebang and is not installed; pairbox's own
 * format: lang_guess), the one most of the folder's files are in. Its sources: the folder's files in that
 * language, every one compiled together; the main file: entrypoint, else
 * the only source, else one named main.*, else the first by name; the
 * rest sit beside it in the box. */
struct problem_program {
	const struct lang *lang;     /* the registry's */
	char *main;                  /* the main file's name */
	char *source;                /* its text (owned) */
	size_t source_len;
	char **sources;              /* every source's name, main included (borrowed from files/main) */
	size_t nsources;
	struct judge_file *files;    /* the other files, owned */
	size_t nfiles;
	struct lang_named named;     /* lang with the program's names, after apply */
	struct judge_file *merged;   /* include/ files and files, after apply */
	bool folder;                 /* a folder submission */
};

/* 0, -ENOMEM, -ENOTSUP (no installed language: why says which), -EINVAL
 * (entrypoint is not a source), -errno (unreadable); why set. */
int problem_program_load(const struct problem *p, const char *path, const char *language, const char *entrypoint,
			 struct problem_program *pg, char *why, size_t whylen);
/* pj prepared (problem_judging_prepare) with pg's language, source and
 * the problem p: its request takes the program's names (lang_named_make,
 * with the run's memory limit; not for a function problem, whose
 * harness names the files, nor for a single file of pairbox's own
 * format, named as `pairbox run` names it) and files. pg must outlive pj's use. 0, or
 * -errno with why set. */
int problem_program_apply(struct problem_program *pg, const struct problem *p, struct problem_judging *pj,
			  char *why, size_t whylen);
void problem_program_release(struct problem_program *pg);

#endif
