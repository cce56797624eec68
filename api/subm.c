/* subm.c - a Judge0 submission, the model the subm_*.c files share:
 * byte fields, lifecycle, tokens, and the judge_req it becomes (subm.h).
 * Parsing is in subm_parse.c, the storage form in subm_store.c, Judge0's
 * response in subm_render.c. */
#define _GNU_SOURCE
#include "subm.h"
#include "base64.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* Output kept per stream at most: Judge0's largest max_file_size. */
#define SUBM_OUTPUT_MAX (4096 * 1024)

/* ---- bytes ---- */

void subm_bytes_free(struct subm_bytes *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

int subm_bytes_set(struct subm_bytes *b, const char *data, size_t len)
{
	char *p = malloc(len + 1);
	if (!p)
		return -ENOMEM;
	if (len)
		memcpy(p, data, len);
	p[len] = '\0';
	subm_bytes_free(b);
	b->data = p;
	b->len = len;
	return 0;
}

void subm_bytes_steal(struct subm_bytes *b, char *data, size_t len)
{
	subm_bytes_free(b);
	b->data = data;
	b->len = len;
}

void subm_init(struct subm *s)
{
	memset(s, 0, sizeof(*s));
}

void subm_release(struct subm *s)
{
	struct subm_bytes *all[] = { &s->source_code, &s->stdin_data, &s->expected_output, &s->additional_files,
				     &s->compiler_options, &s->command_line_arguments, &s->callback_url };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		subm_bytes_free(all[i]);
	for (size_t i = 0; i < s->ntests; i++) {
		subm_bytes_free(&s->tests[i].name);
		subm_bytes_free(&s->tests[i].input);
		subm_bytes_free(&s->tests[i].expected);
	}
	free(s->tests);
	subm_init(s);
}

json_t *subm_bytes_b64(const struct subm_bytes *b, bool mime)
{
	if (!b->data)
		return json_null();
	char *t = base64_encode(b->data, b->len, mime, NULL);
	json_t *j = t ? json_string(t) : NULL;
	free(t);
	return j;
}

/* enum subm_scope's names. */
static const char *const scope_names[] = { "", "all", "samples", "custom" };

const char *subm_scope_name(enum subm_scope scope)
{
	return (unsigned)scope <= SUBM_SCOPE_CUSTOM ? scope_names[scope] : "";
}

/* ---- judging ---- */

static uint32_t sec_ms(double s)
{
	double ms = round(s * 1000);
	return ms <= 0 ? 0 : ms >= UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

int subm_judge_req(const struct subm *s, struct judge_req *req, struct judge_test **tests)
{
	memset(req, 0, sizeof(*req));
	*tests = NULL;
	if (!s->lang)
		return -ENOENT;
	if (s->problem[0])
		return -EINVAL;
	size_t n = s->ntests ? s->ntests : 1;
	struct judge_test *t = calloc(n, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (s->ntests) {
		for (size_t i = 0; i < n; i++) {
			const struct subm_test *st = &s->tests[i];
			t[i] = (struct judge_test){ .name = st->name.data, .input = st->input.data,
						    .input_len = st->input.len, .answer = st->expected.data,
						    .answer_len = st->expected.len };
		}
	} else {
		/* Judge0 compares only when expected_output is given. */
		t[0] = (struct judge_test){ .name = "1", .input = s->stdin_data.data, .input_len = s->stdin_data.len,
					    .answer = s->expected_output.data, .answer_len = s->expected_output.len };
	}
	compare_opts_default(&req->compare);
	if (s->compare[0]) {
		char err[128];
		if (compare_parse(s->compare, &req->compare, err, sizeof(err))) {
			free(t);
			return -EINVAL;
		}
	}
	req->lang = s->lang;
	req->source = s->source_code.data ? s->source_code.data : "";
	req->source_len = s->source_code.len;
	req->tests = t;
	req->ntests = n;
	/* The language's own settings first (open files, /tmp), then every
	 * limit the submission holds: those already carry the language's
	 * defaults where the request gave none (subm_parse). */
	box_limits_default(&req->run);
	judge_compile_limits(&req->compile);
	lang_apply_limits(s->lang, &req->run, &req->compile);
	req->run.cpu_ms = sec_ms(s->cpu_time_limit);
	req->run.extra_ms = sec_ms(s->cpu_extra_time);
	req->run.wall_ms = sec_ms(s->wall_time_limit);
	req->run.memory_kb = s->memory_limit;
	req->run.stack_kb = s->stack_limit;
	req->run.processes = s->max_processes_and_or_threads;
	req->run.fsize_kb = s->max_file_size;
	/* Judge0's output is a file in the box under max_file_size: past it
	 * the program gets SIGXFSZ; the pipes' cap gives the same verdict. */
	if (s->max_file_size)
		req->run.output_bytes = (uint64_t)s->max_file_size * 1024 < SUBM_OUTPUT_MAX
			? (uint64_t)s->max_file_size * 1024 : SUBM_OUTPUT_MAX;
	req->runs = s->number_of_runs;
	req->merge_stderr = s->redirect_stderr_to_stdout;
	req->network = s->enable_network;
	req->compiler_options = s->compiler_options.data;
	req->args = s->command_line_arguments.data;
	req->additional_files = s->additional_files.data;
	req->additional_files_len = s->additional_files.len;
	*tests = t;
	return 0;
}

void subm_token(char token[STORE_TOKEN_LEN + 1])
{
	unsigned char u[16];
	size_t got = 0;
	while (got < sizeof(u)) {
		ssize_t n = getrandom(u + got, sizeof(u) - got, 0);
		if (n > 0)
			got += (size_t)n;
		else if (errno != EINTR)
			break;
	}
	if (got < sizeof(u)) {
		/* getrandom(2) cannot fail on a running Linux but for EINTR;
		 * should it, a clock-seeded token is still unique enough. */
		uint64_t x = now_us() ^ ((uint64_t)getpid() << 32);
		for (size_t i = got; i < sizeof(u); i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			u[i] = (unsigned char)(x >> 56);
		}
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);   /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			token[o++] = '-';
		token[o++] = hex[u[i] >> 4];
		token[o++] = hex[u[i] & 15];
	}
	token[o] = '\0';
}
