/* judge.h - one submission, first version: compile once in a box (its own
 * limits), run in the same slot, compare with the expected output. */
#ifndef PAIRBOX_JUDGE_H
#define PAIRBOX_JUDGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "box.h"
#include "lang.h"

struct judge_req {
	const struct lang *lang;           /* borrowed */
	const char *source;                /* borrowed */
	size_t source_len;
	const char *stdin_data;            /* borrowed, may be NULL */
	size_t stdin_len;
	const char *expected;              /* borrowed; NULL = no comparison */
	size_t expected_len;
	struct box_limits run;
	struct box_limits compile;
};

struct judge_result {
	int status;                        /* Judge0 status id */
	struct box_result run;             /* the program's run (empty if not run) */
	struct outbuf compile_output;      /* compiler's merged stdout+stderr */
	char message[256];
};

/* Generous limits for compilers, separate from the program's. */
void judge_compile_limits(struct box_limits *l);

void judge_result_init(struct judge_result *r);
void judge_result_release(struct judge_result *r);

/* Fills res; returns 0, or -errno when no slot could be had (err set). */
int judge_one(struct box_pool *pool, const struct judge_req *req, struct judge_result *res,
	      char *err, size_t errlen);

/* Judge0's submission shape: status {id, description}, stdout, stderr,
 * compile_output, message, exit_code, exit_signal, time, wall_time (strings
 * of seconds, as Judge0 sends them), memory (KB). New reference. */
json_t *judge_result_json(const struct judge_result *r);

#endif
