/* subm.h - a Judge0 submission: parsed and checked from a request (JSON
 * object or form fields, plain or base64), with Judge0 CE 1.13.1's
 * defaults, ranges and switches from struct config (subm_parse.c); kept
 * in the store in a JSON storage form (subm_store.c); turned into a
 * judge_req (subm.c); rendered back in Judge0's response shape with
 * `fields` selection and Ruby's MIME base64 (subm_render.c).
 *
 * Byte fields (source_code, stdin, expected_output, additional_files,
 * stdout, stderr, compile_output) may hold any bytes, NUL included; the
 * storage form keeps them base64. */
#ifndef PAIRBOX_SUBM_H
#define PAIRBOX_SUBM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "judge.h"
#include "lang.h"
#include "store.h"

struct subm_bytes {
	char *data;                     /* owned, NUL-terminated; NULL = absent */
	size_t len;
};

/* A submission to a problem of the bank (api/bank.h) keeps the slug and
 * which tests, never the tests themselves: they are read from the problem
 * when it is judged (api/psubm.h), after a restart too. */
enum subm_scope {
	SUBM_SCOPE_NONE,                /* not a problem submission */
	SUBM_SCOPE_ALL,                 /* every test, samples then hidden (submit) */
	SUBM_SCOPE_SAMPLES,             /* the samples only (the editor's Run) */
	SUBM_SCOPE_CUSTOM,              /* stdin_data as the only test, nothing compared */
};

#define SUBM_SLUG_MAX 128

/* Beyond Judge0 (the native API): many tests in one submission. */
struct subm_test {
	struct subm_bytes name, input, expected;
};

struct subm {
	const struct lang *lang;        /* borrowed from the registry */
	int language_id;
	struct subm_bytes source_code, stdin_data, expected_output, additional_files;
	struct subm_bytes compiler_options, command_line_arguments, callback_url;
	double cpu_time_limit, cpu_extra_time, wall_time_limit;             /* seconds */
	uint32_t memory_limit, stack_limit, max_file_size;                  /* KB */
	uint32_t max_processes_and_or_threads, number_of_runs;
	bool enable_per_process_and_thread_time_limit, enable_per_process_and_thread_memory_limit;
	bool redirect_stderr_to_stdout, enable_network;
	struct subm_test *tests;        /* owned; NULL for a Judge0 submission */
	size_t ntests;
	char compare[64];               /* native: comparator spec (compare.h), "" = judge0 */
	char problem[SUBM_SLUG_MAX];    /* a problem's slug, "" = none */
	enum subm_scope scope;          /* with problem: which tests */
};

void subm_init(struct subm *s);
void subm_release(struct subm *s);

/* ---- byte fields, for the subm_*.c files and their callers ---- */

/* Copy len bytes (NUL-terminated after them): 0 or -ENOMEM (b unchanged). */
int subm_bytes_set(struct subm_bytes *b, const char *data, size_t len);
/* Take data (malloc'd, len bytes and a NUL): b owns it. */
void subm_bytes_steal(struct subm_bytes *b, char *data, size_t len);
void subm_bytes_free(struct subm_bytes *b);          /* back to absent */
/* b as base64, plain (the storage form) or mime (Ruby's Base64.encode64,
 * in responses); null when absent. New ref, NULL on ENOMEM. */
json_t *subm_bytes_b64(const struct subm_bytes *b, bool mime);
/* A byte field of the storage form (o[key]: absent, null or plain base64)
 * into out: 0, -EINVAL or -ENOMEM. */
int subm_bytes_load(json_t *o, const char *key, struct subm_bytes *out);

/* A scope's name in the storage form and the views: "all", "samples",
 * "custom" ("" for none). */
const char *subm_scope_name(enum subm_scope scope);

/* Parse one submission. in: a JSON object (a form body is turned into one
 * by the caller, every value a string). base64: the byte fields arrive
 * base64-encoded. Defaults, maxima and enable_* switches come from cfg;
 * a limit the request leaves unset takes the language's own (lang.h)
 * before the server's default. out is initialised here (release it after
 * a 0 return). Returns 0, -ENOMEM, or -EINVAL with *errors = Judge0's
 * 422 body {"field": ["message", ...]} (new ref). */
int subm_parse(json_t *in, bool base64, const struct config *cfg, struct subm *out, json_t **errors);

/* Add message under field in a 422 body {"field": ["message", ...]}
 * (errs borrowed). 0 or -ENOMEM. */
int subm_field_error(json_t *errs, const char *field, const char *msg);

/* Storage form (JSON text, byte fields base64), and back. dump: owned
 * string (free()), NULL on ENOMEM. load: 0 or -EINVAL. */
char *subm_dump(const struct subm *s);
int subm_load(const char *text, struct subm *out);

/* A judge_req borrowing from s (s must outlive it): limits, argv options,
 * stdin and expected output as one test (or s->tests). *tests is owned by
 * the caller (free()). 0, -ENOMEM, -ENOENT when s->lang is NULL (the
 * language is no longer installed), -EINVAL for a bad s->compare or a
 * problem submission (psubm.h makes those). */
int subm_judge_req(const struct subm *s, struct judge_req *req, struct judge_test **tests);

/* The stored result of a judged submission: judge_result_json() with
 * the storage options (output as plain base64, each test's output
 * excerpts), "tests" when there are several. Owned string (free()), NULL
 * on ENOMEM. */
char *subm_result_dump(const struct judge_result *r);
/* The same with the per-test list even for a single test (problem
 * submissions: the editor shows every run). */
char *subm_result_dump_tests(const struct judge_result *r);

/* Judge0's submission response for a stored row. fields: NULL = Judge0's
 * default set (token, stdout, time, memory, stderr, compile_output,
 * message, status), "*" = every attribute, else comma-separated names
 * (an unknown name: -EINVAL, *error = message). base64: byte fields as
 * Ruby's Base64.encode64 (a line break every 60 characters and at the
 * end). *out new ref. Output that is not valid UTF-8 without base64 gives
 * -EILSEQ with *error = SUBM_UTF8_ERROR (Judge0's message asking for
 * base64_encoded=true) instead. -EBADMSG: the stored row is unreadable.
 * pairbox's own "limit", "tests" and "problem" come only when named in
 * fields. */
int subm_render(const struct store_row *row, const char *fields, bool base64, json_t **out, char *error, size_t errlen);

#define SUBM_UTF8_ERROR \
	"some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter"

/* pairbox's native view of a stored row (GET /api/v1/submissions/:token):
 * Judge0's fields of the deciding test, `limit`, `final`, `problem` and
 * `tests` with each test's output excerpts as text (`stdout_base64` /
 * `stderr_base64` instead when not UTF-8). New ref; {token, error} when
 * the row cannot be read; NULL on ENOMEM. */
json_t *subm_native_json(const struct store_row *row);

/* Check a `fields` parameter alone (Judge0 answers 400 for an unknown
 * field before it looks the submission up): 0, or -EINVAL with *error =
 * "invalid fields: [name, ...]". */
int subm_fields_check(const char *fields, char *error, size_t errlen);

/* A fresh token: a random (v4) UUID. */
void subm_token(char token[STORE_TOKEN_LEN + 1]);

#endif
