/* test_subm_render.c - api/subm_store.c and subm_render.c: the storage
 * form and the judge_req, results and `fields` in Judge0's shape, base64
 * out (Ruby's MIME lines, non-UTF-8 bytes, NUL), tokens. */
#define _GNU_SOURCE
#include "base64.h"
#include "check.h"
#include "config.h"
#include "langinfo.h"
#include "subm.h"
#include "subm_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_storage(const struct config *cfg)
{
	struct subm s, t;
	char e[512];
	CHECK_EQ_INT(parse("{\"source_code\": \"/wBoaQo=\", \"language_id\": 901, \"stdin\": \"aW4AcHV0\","
			   " \"expected_output\": \"b2s=\", \"additional_files\": \"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\","
			   " \"compiler_options\": \"-O2 -DX='a b'\", \"command_line_arguments\": \"1 2\","
			   " \"callback_url\": \"http://127.0.0.1:9/cb\", \"cpu_time_limit\": 1.25, \"cpu_extra_time\": 0.5,"
			   " \"wall_time_limit\": 3, \"memory_limit\": 100000, \"stack_limit\": 1000,"
			   " \"max_processes_and_or_threads\": 7, \"max_file_size\": 10, \"number_of_runs\": 2,"
			   " \"enable_per_process_and_thread_time_limit\": true, \"redirect_stderr_to_stdout\": true,"
			   " \"enable_network\": true}", true, cfg, &s, e, sizeof(e)), 0);
	char *text = subm_dump(&s);
	CHECK(text != NULL);
	CHECK_EQ_INT(subm_load(text, &t), 0);
	CHECK(t.lang == s.lang);
	CHECK_EQ_INT(t.language_id, 901);
	CHECK(t.source_code.len == 5 && memcmp(t.source_code.data, "\xff\0hi\n", 5) == 0);
	CHECK(t.stdin_data.len == 6 && memcmp(t.stdin_data.data, "in\0put", 6) == 0);
	CHECK_EQ_STR(t.expected_output.data, "ok");
	CHECK_EQ_INT(t.additional_files.len, 22);
	CHECK_EQ_STR(t.compiler_options.data, "-O2 -DX='a b'");
	CHECK_EQ_STR(t.command_line_arguments.data, "1 2");
	CHECK_EQ_STR(t.callback_url.data, "http://127.0.0.1:9/cb");
	CHECK(t.cpu_time_limit == 1.25 && t.cpu_extra_time == 0.5 && t.wall_time_limit == 3.0);
	CHECK(t.memory_limit == 100000 && t.stack_limit == 1000 && t.max_processes_and_or_threads == 7);
	CHECK(t.max_file_size == 10 && t.number_of_runs == 2);
	CHECK(t.enable_per_process_and_thread_time_limit && !t.enable_per_process_and_thread_memory_limit);
	CHECK(t.redirect_stderr_to_stdout && t.enable_network);
	CHECK(t.ntests == 0 && t.compare[0] == '\0');

	/* The judge_req it makes. */
	struct judge_req req;
	struct judge_test *tests;
	CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), 0);
	CHECK(req.lang == t.lang && req.source_len == 5 && req.ntests == 1 && req.tests == tests);
	CHECK(tests[0].input_len == 6 && tests[0].answer && tests[0].answer_len == 2);
	CHECK_EQ_INT(req.run.cpu_ms, 1250);
	CHECK_EQ_INT(req.run.extra_ms, 500);
	CHECK_EQ_INT(req.run.wall_ms, 3000);
	CHECK_EQ_INT(req.run.memory_kb, 100000);
	CHECK_EQ_INT(req.run.stack_kb, 1000);
	CHECK_EQ_INT(req.run.processes, 7);
	CHECK_EQ_INT(req.run.fsize_kb, 10);
	CHECK_EQ_INT(req.run.output_bytes, 10 * 1024);
	CHECK_EQ_INT(req.runs, 2);
	CHECK(req.merge_stderr && req.network);
	CHECK_EQ_STR(req.compiler_options, "-O2 -DX='a b'");
	CHECK_EQ_STR(req.args, "1 2");
	CHECK(req.additional_files_len == 22 && req.compare.mode == CMP_JUDGE0);
	free(tests);
	subm_release(&t);
	free(text);
	subm_release(&s);

	/* No expected_output: nothing to compare. Many tests (native). */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
	CHECK_EQ_INT(subm_judge_req(&s, &req, &tests), 0);
	CHECK(tests[0].answer == NULL && tests[0].input == NULL);
	free(tests);
	s.tests = calloc(2, sizeof(*s.tests));
	s.ntests = 2;
	s.tests[0].name.data = strdup("a");
	s.tests[0].name.len = 1;
	s.tests[0].input.data = strdup("1 2");
	s.tests[0].input.len = 3;
	s.tests[0].expected.data = strdup("3");
	s.tests[0].expected.len = 1;
	s.tests[1].name.data = strdup("b");
	s.tests[1].name.len = 1;
	snprintf(s.compare, sizeof(s.compare), "tokens,float=1e-6");
	text = subm_dump(&s);
	CHECK_EQ_INT(subm_load(text, &t), 0);
	CHECK_EQ_INT(t.ntests, 2);
	CHECK_EQ_STR(t.tests[0].name.data, "a");
	CHECK_EQ_STR(t.tests[0].input.data, "1 2");
	CHECK_EQ_STR(t.tests[0].expected.data, "3");
	CHECK(t.tests[1].input.data == NULL && t.tests[1].expected.data == NULL);
	CHECK_EQ_STR(t.compare, "tokens,float=1e-6");
	CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), 0);
	CHECK(req.ntests == 2 && req.compare.mode == CMP_TOKENS);
	CHECK_EQ_STR(tests[0].name, "a");
	free(tests);
	t.lang = NULL;
	CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), -ENOENT);
	subm_release(&t);
	free(text);
	subm_release(&s);
	CHECK_EQ_INT(subm_load("{not json", &t), -EINVAL);
	CHECK_EQ_INT(subm_load("{\"source_code\": \"!!\"}", &t), -EINVAL);

	/* A problem submission keeps the slug and the scope, never tests;
	 * subm_judge_req leaves those to psubm.c. */
	static const char *const scopes[] = { "all", "samples", "custom" };
	for (int k = SUBM_SCOPE_ALL; k <= SUBM_SCOPE_CUSTOM; k++) {
		CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
		snprintf(s.problem, sizeof(s.problem), "two-sum");
		s.scope = (enum subm_scope)k;
		text = subm_dump(&s);
		json_t *stored = json_loads(text, 0, NULL);
		json_t *pr = json_object_get(stored, "problem");
		CHECK_EQ_STR(json_string_value(json_object_get(pr, "slug")), "two-sum");
		CHECK_EQ_STR(json_string_value(json_object_get(pr, "tests")), scopes[k - 1]);
		CHECK(!json_object_get(stored, "tests"));
		json_decref(stored);
		CHECK_EQ_INT(subm_load(text, &t), 0);
		CHECK_EQ_STR(t.problem, "two-sum");
		CHECK_EQ_INT(t.scope, k);
		CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), -EINVAL);
		subm_release(&t);
		free(text);
		subm_release(&s);
	}
	/* Without one, no key at all (rows written before keep loading). */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
	text = subm_dump(&s);
	CHECK(strstr(text, "\"problem\"") == NULL);
	CHECK_EQ_INT(subm_load(text, &t), 0);
	CHECK(t.problem[0] == '\0' && t.scope == SUBM_SCOPE_NONE);
	subm_release(&t);
	free(text);
	subm_release(&s);
	CHECK_EQ_INT(subm_load("{\"language_id\": 902, \"problem\": {\"slug\": \"x\", \"tests\": \"some\"}}", &t), -EINVAL);
	CHECK_EQ_INT(subm_load("{\"language_id\": 902, \"problem\": {\"tests\": \"all\"}}", &t), -EINVAL);
}

static json_t *render(const struct store_row *row, const char *fields, bool b64, int *rc, char *err, size_t errlen)
{
	json_t *out = NULL;
	*rc = subm_render(row, fields, b64, &out, err, errlen);
	return out;
}

static void test_render(const struct config *cfg)
{
	struct subm s;
	char e[512], err[512];
	int rc;
	CHECK_EQ_INT(parse("{\"source_code\": \"echo hi\", \"language_id\": 902, \"stdin\": \"in\","
			   " \"cpu_time_limit\": 2}", false, cfg, &s, e, sizeof(e)), 0);
	struct store_row row = { 0 };
	subm_token(row.token);
	row.request = subm_dump(&s);
	row.status_id = 1;
	row.created_at_ms = 1704067200123LL;
	subm_release(&s);

	/* In Queue: the default fields, in Judge0's order. */
	json_t *o = render(&row, NULL, false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	char *t = json_dumps(o, JSON_COMPACT);
	char want[512];
	snprintf(want, sizeof(want), "{\"stdout\":null,\"time\":null,\"memory\":null,\"stderr\":null,\"token\":\"%s\","
		 "\"compile_output\":null,\"message\":null,\"status\":{\"id\":1,\"description\":\"In Queue\"}}", row.token);
	CHECK_EQ_STR(t, want);
	free(t);
	json_decref(o);

	/* Every attribute for "*", none of pairbox's own. */
	o = render(&row, "*", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(json_object_size(o), 35);
	CHECK(!json_object_get(o, "limit") && !json_object_get(o, "tests"));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "created_at")), "2024-01-01T00:00:00.123Z");
	CHECK(json_is_null(json_object_get(o, "finished_at")));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "cpu_time_limit")), "2.0");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "cpu_extra_time")), "1.0");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "wall_time_limit")), "10.0");
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "memory_limit")), 128000);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "source_code")), "echo hi");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stdin")), "in");
	CHECK(json_is_null(json_object_get(o, "expected_output")));
	CHECK(json_is_false(json_object_get(o, "enable_network")));
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "status_id")), 1);
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(o, "language"), "id")), ID_SCRIPT);
	CHECK(json_is_string(json_object_get(json_object_get(o, "language"), "name")));
	/* The first keys in the serializer's order. */
	const char *first[] = { "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id" };
	void *it = json_object_iter(o);
	for (size_t i = 0; i < 6 && it; i++, it = json_object_iter_next(o, it))
		CHECK_EQ_STR(json_object_iter_key(it), first[i]);
	json_decref(o);

	/* fields: a selection, pairbox's own by name, unknown names. */
	o = render(&row, " token , status_id,limit", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(json_object_size(o), 3);
	CHECK(json_is_null(json_object_get(o, "limit")));
	json_decref(o);
	o = render(&row, "token,foo,bar", false, &rc, err, sizeof(err));
	CHECK(o == NULL);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK_EQ_STR(err, "invalid fields: [foo, bar]");
	CHECK_EQ_INT(subm_fields_check("*,nope", err, sizeof(err)), -EINVAL);
	CHECK_EQ_STR(err, "invalid fields: [nope]");
	CHECK_EQ_INT(subm_fields_check("*", err, sizeof(err)), 0);
	CHECK_EQ_INT(subm_fields_check("", err, sizeof(err)), 0);
	CHECK_EQ_INT(subm_fields_check(NULL, err, sizeof(err)), 0);
	CHECK_EQ_INT(subm_fields_check("x\x01\xff", err, sizeof(err)), -EINVAL);
	CHECK_EQ_STR(err, "invalid fields: [x??]");

	/* Finished, with output that is not UTF-8 (and a NUL). */
	struct judge_result jr;
	judge_result_init(&jr);
	jr.status = 3;
	jr.ntests = jr.nrun = 1;
	jr.tests = calloc(1, sizeof(*jr.tests));
	box_result_init(&jr.tests[0].run);
	outbuf_init(&jr.tests[0].run.out, 1 << 20);
	outbuf_append(&jr.tests[0].run.out, "\xff\0hi", 4);
	outbuf_init(&jr.tests[0].run.err, 1 << 20);
	outbuf_append(&jr.tests[0].run.err, "warn\n", 5);
	jr.tests[0].run.exit_code = 0;
	jr.tests[0].cpu_ms = 2;
	jr.tests[0].wall_ms = 1500;
	jr.tests[0].memory_kb = 300;
	row.result = subm_result_dump(&jr);
	CHECK(row.result != NULL);
	row.status_id = 3;
	row.finished_at_ms = 1704067201000LL;
	o = render(&row, NULL, false, &rc, err, sizeof(err));
	CHECK(o == NULL);
	CHECK_EQ_INT(rc, -EILSEQ);
	CHECK_EQ_STR(err, SUBM_UTF8_ERROR);
	/* Not asked for, it does not matter. */
	o = render(&row, "stderr,time,wall_time,memory,exit_code,exit_signal,finished_at", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stderr")), "warn\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "time")), "0.002");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "wall_time")), "1.5");
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "memory")), 300);
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "exit_code")), 0);
	CHECK(json_is_null(json_object_get(o, "exit_signal")));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "finished_at")), "2024-01-01T00:00:01.000Z");
	json_decref(o);
	/* base64: Ruby's encode64, and the bytes come back. */
	o = render(&row, "stdout,stderr,source_code,stdin,message,status", true, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stdout")), "/wBoaQ==\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stderr")), "d2Fybgo=\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "source_code")), "ZWNobyBoaQ==\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stdin")), "aW4=\n");
	CHECK(json_is_null(json_object_get(o, "message")));
	CHECK_EQ_STR(json_string_value(json_object_get(json_object_get(o, "status"), "description")), "Accepted");
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);

	/* Ruby's MIME lines: 60 characters, a newline after each and at the end. */
	judge_result_init(&jr);
	jr.status = 4;
	snprintf(jr.message, sizeof(jr.message), "line 1: expected 'x'");
	jr.ntests = jr.nrun = 1;
	jr.tests = calloc(1, sizeof(*jr.tests));
	box_result_init(&jr.tests[0].run);
	outbuf_init(&jr.tests[0].run.out, 1 << 20);
	for (int i = 0; i < 46; i++)
		outbuf_append(&jr.tests[0].run.out, "a", 1);
	jr.tests[0].cpu_ms = 10;
	row.result = subm_result_dump(&jr);
	row.status_id = 4;
	o = render(&row, "stdout,time,message", true, &rc, err, sizeof(err));
	const char *b = json_string_value(json_object_get(o, "stdout"));
	CHECK(b && strlen(b) == 66 && b[60] == '\n' && b[65] == '\n');
	CHECK(b && strcmp(b + 61, "YQ==\n") == 0);
	char *dec;
	size_t dlen;
	CHECK(b && base64_decode(b, strlen(b), &dec, &dlen) == 0 && dlen == 46);
	if (b && dlen == 46)
		free(dec);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "time")), "0.01");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "message")), "bGluZSAxOiBleHBlY3RlZCAneCc=\n");
	json_decref(o);
	o = render(&row, "stdout,message,limit", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(strlen(json_string_value(json_object_get(o, "stdout"))), 46);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "message")), "line 1: expected 'x'");
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);

	/* A compile error: no run, no time. Many tests: per-test results. */
	judge_result_init(&jr);
	jr.status = 6;
	outbuf_init(&jr.compile_output, 1 << 16);
	outbuf_append(&jr.compile_output, "main.c:1: error\n", 16);
	row.result = subm_result_dump(&jr);
	o = render(&row, "compile_output,time,memory,stdout,exit_code", false, &rc, err, sizeof(err));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "compile_output")), "main.c:1: error\n");
	CHECK(json_is_null(json_object_get(o, "time")) && json_is_null(json_object_get(o, "memory")));
	CHECK(json_is_null(json_object_get(o, "stdout")) && json_is_null(json_object_get(o, "exit_code")));
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);
	judge_result_init(&jr);
	jr.status = 4;
	jr.ntests = jr.nrun = 2;
	jr.tests = calloc(2, sizeof(*jr.tests));
	for (int i = 0; i < 2; i++) {
		box_result_init(&jr.tests[i].run);
		jr.tests[i].run.exit_code = 0;
		snprintf(jr.tests[i].name, sizeof(jr.tests[i].name), "t%d", i + 1);
		jr.tests[i].status = i ? 4 : 3;
	}
	outbuf_init(&jr.tests[1].run.out, 1 << 20);
	outbuf_append(&jr.tests[1].run.out, "got\n", 4);
	outbuf_init(&jr.tests[0].run.err, 1 << 20);
	outbuf_append(&jr.tests[0].run.err, "\xfe oops\n", 7);      /* not UTF-8, not the deciding test */
	row.result = subm_result_dump(&jr);
	o = render(&row, "tests", false, &rc, err, sizeof(err));
	json_t *tests = json_object_get(o, "tests");
	CHECK_EQ_INT(json_array_size(tests), 2);
	CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(tests, 1), "name")), "t2");
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(json_array_get(tests, 1), "status"), "id")), 4);
	json_decref(o);
	/* The native view: each test's outputs as text, or base64 when not UTF-8. */
	o = subm_native_json(&row);
	tests = json_object_get(o, "tests");
	json_t *t1 = json_array_get(tests, 0), *t2 = json_array_get(tests, 1);
	CHECK_EQ_STR(json_string_value(json_object_get(t2, "stdout")), "got\n");
	CHECK(json_is_null(json_object_get(t1, "stderr")));
	CHECK_EQ_STR(json_string_value(json_object_get(t1, "stderr_base64")), "/iBvb3BzCg==");
	CHECK(json_is_null(json_object_get(t1, "stdout")) && json_is_null(json_object_get(t2, "stderr")));
	CHECK(json_is_true(json_object_get(o, "final")) && json_is_null(json_object_get(o, "problem")));
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);
	/* One test: no list, unless asked for (problem submissions). */
	judge_result_init(&jr);
	jr.status = 3;
	jr.ntests = jr.nrun = 1;
	jr.tests = calloc(1, sizeof(*jr.tests));
	box_result_init(&jr.tests[0].run);
	snprintf(jr.tests[0].name, sizeof(jr.tests[0].name), "custom");
	jr.tests[0].status = 3;
	row.result = subm_result_dump(&jr);
	CHECK(strstr(row.result, "\"tests\"") == NULL);
	free(row.result);
	row.result = subm_result_dump_tests(&jr);
	o = render(&row, "tests", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(json_array_size(json_object_get(o, "tests")), 1);
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);
	row.result = "{broken";
	o = render(&row, NULL, false, &rc, err, sizeof(err));
	CHECK(o == NULL && rc == -EBADMSG);
	row.result = NULL;
	free(row.request);
}

static void test_tokens(void)
{
	char seen[200][STORE_TOKEN_LEN + 1];
	for (int i = 0; i < 200; i++) {
		char *t = seen[i];
		subm_token(t);
		CHECK_EQ_INT(strlen(t), 36);
		bool ok = true;
		for (int k = 0; k < 36; k++) {
			if (k == 8 || k == 13 || k == 18 || k == 23)
				ok &= t[k] == '-';
			else
				ok &= (t[k] >= '0' && t[k] <= '9') || (t[k] >= 'a' && t[k] <= 'f');
		}
		CHECK(ok);
		CHECK(t[14] == '4');
		CHECK(strchr("89ab", t[19]) != NULL);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(seen[j], t) != 0);
	}
}

int main(void)
{
	struct config cfg;
	fixture_begin(&cfg);
	test_storage(&cfg);
	test_render(&cfg);
	test_tokens();
	fixture_end(&cfg);
	return check_done();
}
