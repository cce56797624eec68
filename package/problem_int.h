/* problem_int.h - what problem.c (the model, pairbox's format),
 * problem_folder.c (reading inside a problem's folder), problem_walk.c (the
 * tests and submissions both formats share), problem_kattis.c (the Kattis /
 * ICPC package format), problem_expect.c (submissions.yaml) and
 * problem_judging.c (a submission made into a judge_req) share. Not for
 * other modules: they see struct problem only.
 *
 * Ownership: struct problem_extra belongs to its problem and is freed by
 * problem_free(); every judge_file in it owns its name and data (const in
 * the type because judge.h borrows them; freed through a cast). */
#ifndef PAIRBOX_PROBLEM_INT_H
#define PAIRBOX_PROBLEM_INT_H

#include <stdarg.h>

#include "problem.h"

/* Caps on what is read into memory when a problem loads. */
#define PROBLEM_META_MAX (1u << 20)         /* problem.json, problem.yaml, testdata.yaml, .timelimit */
#define PROBLEM_TEXT_MAX (4u << 20)         /* statement, editorial */
#define PROBLEM_FILE_MAX (16u << 20)        /* a validator's or include/ file */
#define PROBLEM_FILES_MAX 256               /* files in one include/ or validator folder */
#define PROBLEM_DEPTH_MAX 16                /* nested test groups, folders below a scanned root */
/* And per test when it is judged. */
#define PROBLEM_TEST_MAX ((size_t)1 << 30)

/* include/<language>/ (or include/default/) of a Kattis package. */
struct problem_include {
	char *lang;                         /* "default" or a Kattis language code ("cpp", "python3") */
	struct judge_file *files;           /* owned, name order */
	size_t nfiles;
};

struct problem_extra {
	char *root;                         /* realpath of problem.dir: every file read lies below it */
	/* A Kattis custom output validator: validator_path NULL when there is none. */
	char *validator_path;               /* host path of its source */
	const struct lang *validator_lang;  /* by the source's extension; may not be installed */
	char *validator_src;
	size_t validator_len;
	struct judge_file *validator_files; /* the rest of its folder (headers), owned */
	size_t nvalidator_files;
	/* Kattis limits beyond time and memory; 0 = not declared. */
	uint32_t compile_ms, validation_ms;
	uint64_t compile_kb, validation_kb, output_bytes, validation_output_bytes;
	struct problem_include *includes;
	size_t nincludes;
	/* Per test (parallel to problem.tests; NULL when no test differs from
	 * the problem's rule): the comparator, or the validator's arguments. */
	struct judge_test_opts *test_opts;
	struct compare_opts *test_compare;  /* owned storage test_opts[i].compare points into */
	char ***test_args;                  /* owned NULL-terminated arrays behind checker_args */
	/* 2025-09 constants: "name" and "name.variant" to their text, owned. */
	char **const_keys, **const_values;
	size_t nconst;
};

/* problem.yaml's constants (c may be NULL) into p->extra (problem_constants.c).
 * 0, -ENOMEM, or -EINVAL with err naming the key at fault. */
int problem_constants_read(struct problem *p, const json_t *c, const char *file, char *err, size_t errlen);

/* Every constant sequence of the statement, the output validator and
 * include/ files replaced (after they are read). 0, -ENOMEM, -EFBIG. */
int problem_constants_substitute(struct problem *p, char *err, size_t errlen);

/* pairbox's format: the files generated.sha256 lists (tests gen.py writes
 * at build time) are there, each of its listed size (problem_generated.c).
 * 0 (also without the file), or -ENOENT / -EINVAL / -EACCES with err
 * saying which file and how to generate it. */
int problem_generated_check(const struct problem *p, char *err, size_t errlen);

/* Kattis 2025-09: every submission's rules, from its folder's default and
 * submissions/submissions.yaml (problem_expect.c). 0, -ENOMEM, or -EINVAL
 * with err naming the key at fault. */
int problem_kattis_expectations(struct problem *p, char *err, size_t errlen);
void problem_submission_release(struct problem_submission *s);

/* A result's name (a verdict folder's, or DOMjudge's CORRECT,
 * WRONG-ANSWER, TIMELIMIT, RUN-ERROR, COMPILER-ERROR, NO-OUTPUT,
 * OUTPUT-LIMIT; case and '_' / '-' ignored, spaces around trimmed) as its
 * PROBLEM_R_* set; 0 when unknown. */
unsigned problem_result_named(const char *name, size_t len);

/* DOMjudge's `@EXPECTED_RESULTS@:` lines of the submissions of a legacy
 * package into their results, label and skip (problem_domjudge.c).
 * 0 or -ENOMEM. */
int problem_domjudge_expectations(struct problem *p);

/* domjudge-problem.ini: its timelimit (when problem.yaml set none) and
 * name (when problem.yaml set none). 0 also without the file, -EINVAL
 * with err set, -ENOMEM. */
int problem_domjudge_ini(struct problem *p, char *err, size_t errlen);

/* A submit-answer submission at path (a file, or a folder of one per
 * test) as each test's output (problem_answers.c): *out holds n entries
 * (data NULL: no answer for that test), owned, freed with
 * problem_answers_free. 0, -ENOMEM, or -errno with err naming the file. */
int problem_answers_read(const char *path, const struct judge_test *tests, size_t n, struct judge_file **out,
			 char *err, size_t errlen);
void problem_answers_free(struct judge_file *a, size_t n);

/* snprintf err (when given) and return code. */
int problem_fail(char *err, size_t errlen, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Seconds to whole milliseconds, rounded up, capped. */
uint32_t problem_ms(double seconds);

/* dir/name into buf: 0 or -ENAMETOOLONG. */
int problem_path(char *buf, size_t len, const char *dir, const char *name);

/* The kind of a path (following links): 'f' regular file, 'd' folder, 0 none or other. */
char problem_kind(const char *path);

/* Whether path (links followed) lies inside p's folder: a package's links
 * may point within it (Kattis allows that), never out of it, so nothing
 * of the host reaches a box or a user through a problem. */
bool problem_inside(const struct problem *p, const char *path);

/* A whole text file of p (owned, NUL-terminated), at most max bytes. A
 * missing file is -ENOENT and leaves *out NULL; one outside p's folder is
 * -EACCES; other failures set err too. */
int problem_read_text(const struct problem *p, const char *path, size_t max, char **out, size_t *len, char *err,
		      size_t errlen);

/* Tests below dir (host path), named prefix/BASE ("sample/01"): NAME.in
 * with NAME.ans beside it (a .in alone, or an .ans alone, is an error),
 * taken with the subfolders (nested: groups, walked the same way;
 * otherwise ignored) in lexicographic order of NAME. Names starting with
 * '.' are skipped. The hooks (each optional) see every group folder
 * before its tests and after them, and every test added (its index in
 * p->tests). 0, -ENOMEM, -EINVAL or -ENOTSUP with err set. */
struct problem_walk {
	bool nested;
	int (*enter)(void *ctx, const char *dir, const char *name, char *err, size_t errlen);
	void (*leave)(void *ctx);
	int (*test)(void *ctx, size_t index, char *err, size_t errlen);
	void *ctx;
};
int problem_walk_tests(struct problem *p, const char *dir, const char *prefix, bool sample,
		       const struct problem_walk *w, char *err, size_t errlen);

/* submissions/<verdict>/NAME of dir: files and folders, folder by folder in
 * name order. 0, -ENOMEM, or -errno with err set. */
int problem_add_submissions(struct problem *p, const char *dir, char *err, size_t errlen);

/* The first program file (not folder, not a *.template or README) of
 * submissions/accepted/, or NULL. */
const char *problem_first_accepted(const struct problem *p);

/* A folder's entries not starting with '.', in name order, kinds found
 * following links. 0, -ENOENT (no folder), -ENOMEM or -errno. */
struct problem_entry {
	char *name;
	char kind;                          /* 'f' regular file, 'd' folder, 0 anything else */
};
int problem_list(const char *dir, struct problem_entry **e, size_t *n);
void problem_entries_free(struct problem_entry *e, size_t n);

/* The first file of dir (name order) named prefix*suffix, into name:
 * 0, or -ENOENT. */
int problem_find_first(const char *dir, const char *prefix, const char *suffix, char *name, size_t len);

/* The entry named name in e (sorted, as problem_list gives it), or NULL. */
const struct problem_entry *problem_entry_find(const struct problem_entry *e, size_t n, const char *name);

/* Room for one more element in *v (an array holding n of size sz; its
 * capacity 8, then powers of two): 0 or -ENOMEM. */
int problem_grow(void *v, size_t n, size_t sz);

/* The language of a program file of a package by its extension,
 * installed or not; NULL for what is no program (a README, a .txt, a
 * *.template, a header). */
const struct lang *problem_source_lang(const char *name);

/* Duplicate s into *out (NULL stays NULL): 0 or -ENOMEM. */
int problem_strdup(char **out, const char *s);

/* The files of a folder and its subfolders ("lib/x.py") into owned
 * judge_files, folder by folder in name order; names starting with '.'
 * skipped, and skip (optional) at the top. At most PROBLEM_FILES_MAX, each
 * at most PROBLEM_FILE_MAX. */
int problem_read_files(const struct problem *p, const char *dir, const char *skip, struct judge_file **files,
		       size_t *n, char *err, size_t errlen);
void problem_files_free(struct judge_file *files, size_t n);

/* The Kattis package in dir, problem.yaml already found: p has dir and
 * slug set; this fills in the rest. */
int problem_kattis_load(struct problem *p, char *err, size_t errlen);

/* The Kattis language code of a pairbox language ("c-clang" -> "c"). */
const char *problem_kattis_lang(const struct lang *l);

/* What problem.yaml says beyond the model's own fields (problem_kattis.c
 * reads it, problem_kattis_tests.c applies the flags). */
struct kattis_meta {
	bool legacy;
	bool custom;                 /* legacy: validation is custom */
	char **flags;                /* legacy validator_flags' words (owned, NULL-terminated), or NULL */
	const char *file;            /* problem.yaml's path, for messages */
};

/* A yaml file of p into *out (a new reference; NULL when missing): 0,
 * -ENOMEM, or -errno / -EINVAL with err set. */
int kattis_yaml(const struct problem *p, const char *path, json_t **out, char *err, size_t errlen);

/* Words of a string (split on whitespace) or the strings of a sequence,
 * appended to *v (NULL-terminated, owned; *n counts them); what and file
 * name the key for messages. kattis_words_free: NULL-safe. */
int kattis_words(const json_t *val, const char *what, const char *file, char ***v, size_t *n, char *err,
		 size_t errlen);
void kattis_words_free(char **v);

/* data/sample and data/secret into p's tests, and each test's output
 * validator flags or arguments into p->extra (problem_kattis_tests.c). The
 * custom validator, if any, is read first. */
int kattis_tests(struct problem *p, const struct kattis_meta *m, char *err, size_t errlen);

#endif
