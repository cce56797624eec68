/* judge.c - compile, run, compare: one submission (see judge.h). */
#include "judge.h"
#include "box_json.h"
#include "compare.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

void judge_compile_limits(struct box_limits *l)
{
	box_limits_default(l);
	l->cpu_ms = 10000;
	l->extra_ms = 500;
	l->wall_ms = 20000;
	l->memory_kb = 512 * 1024;
	l->processes = 64;             /* gcc runs cc1, as, collect2, ld */
	l->fsize_kb = 64 * 1024;       /* the artifact */
	l->tmp_kb = 256 * 1024;
	l->output_bytes = 64 * 1024;   /* compiler messages kept */
}

void judge_result_init(struct judge_result *r)
{
	memset(r, 0, sizeof(*r));
	box_result_init(&r->run);
	outbuf_init(&r->compile_output, 0);
}

void judge_result_release(struct judge_result *r)
{
	box_result_release(&r->run);
	outbuf_release(&r->compile_output);
}

/* A compile that fails or is stopped is a compilation error (6); only the
 * sandbox's own failure is an internal error (13). */
static int compile(struct box *b, const struct judge_req *req, struct judge_result *res)
{
	struct box_result cr;
	box_result_init(&cr);
	struct box_spec spec = {
		.argv = req->lang->compile,
		.limits = req->compile,
		.merge_stderr = true,
	};
	box_exec(b, &spec, &cr);
	outbuf_release(&res->compile_output);
	outbuf_init(&res->compile_output, req->compile.output_bytes);
	outbuf_append(&res->compile_output, cr.out.data, cr.out.len);
	int status = cr.status;
	if (status == BOX_ST_INTERNAL_ERROR) {
		str_copy(res->message, sizeof(res->message), cr.message);
	} else if (status != BOX_ST_ACCEPTED) {
		const char *why = cr.hit == BOX_HIT_TIME ? "Compilation time limit exceeded"
				: cr.hit == BOX_HIT_WALL ? "Compilation wall time limit exceeded"
				: cr.hit == BOX_HIT_MEMORY ? "Compilation memory limit exceeded"
				: cr.hit == BOX_HIT_OUTPUT ? "Compilation output limit exceeded"
				: cr.message[0] ? cr.message : "Compiler exited with an error";
		str_copy(res->message, sizeof(res->message), why);
		status = BOX_ST_COMPILE_ERROR;
	}
	box_result_release(&cr);
	return status;
}

int judge_one(struct box_pool *pool, const struct judge_req *req, struct judge_result *res,
	      char *err, size_t errlen)
{
	struct box *b;
	int r = box_acquire(pool, &b, err, errlen);
	if (r)
		return r;
	r = box_put_file(b, req->lang->source, req->source, req->source_len, 0644);
	if (r) {
		res->status = BOX_ST_INTERNAL_ERROR;
		str_printf(res->message, sizeof(res->message), "cannot write the source into the box: %s", strerror(-r));
		goto out;
	}
	if (req->lang->compile) {
		res->status = compile(b, req, res);
		if (res->status != BOX_ST_ACCEPTED)
			goto out;
	}
	struct box_spec spec = {
		.argv = req->lang->run,
		.stdin_data = req->stdin_data,
		.stdin_len = req->stdin_len,
		.limits = req->run,
	};
	box_exec(b, &spec, &res->run);
	res->status = res->run.status;
	str_copy(res->message, sizeof(res->message), res->run.message);
	if (res->status == BOX_ST_ACCEPTED && req->expected &&
	    !compare_judge0(res->run.out.data, res->run.out.len, req->expected, req->expected_len))
		res->status = BOX_ST_WRONG_ANSWER;
out:
	box_release(b);
	return 0;
}

static json_t *seconds_string(uint32_t ms)
{
	char buf[32];
	str_printf(buf, sizeof(buf), "%u.%03u", ms / 1000, ms % 1000);
	return json_string(buf);
}

json_t *judge_result_json(const struct judge_result *r)
{
	const struct box_result *run = &r->run;
	bool ran = run->status != 0;
	json_t *o = json_object();
	json_object_set_new(o, "status", box_status_json(r->status));
	json_object_set_new(o, "stdout", ran ? json_text(run->out.data, run->out.len) : json_null());
	json_object_set_new(o, "stderr", ran ? json_text(run->err.data, run->err.len) : json_null());
	json_object_set_new(o, "compile_output", r->compile_output.len
			    ? json_text(r->compile_output.data, r->compile_output.len) : json_null());
	json_object_set_new(o, "message", r->message[0] ? json_string(r->message) : json_null());
	json_object_set_new(o, "exit_code", ran && run->exit_code >= 0 ? json_integer(run->exit_code) : json_null());
	json_object_set_new(o, "exit_signal", ran && run->exit_signal ? json_integer(run->exit_signal) : json_null());
	json_object_set_new(o, "time", ran ? seconds_string(run->cpu_ms) : json_null());
	json_object_set_new(o, "wall_time", ran ? seconds_string(run->wall_ms) : json_null());
	json_object_set_new(o, "memory", ran ? json_integer((json_int_t)run->memory_kb) : json_null());
	return o;
}
