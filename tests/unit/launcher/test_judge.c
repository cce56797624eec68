/* test_judge.c - launcher/judge.c and judge_json.c in process: compiler
 * and run arguments split as a shell would, without a shell; the compile
 * cache's option rows; which test decides a result, and its one Judge0
 * shape with the storage options. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "cache.h"
#include "check.h"
#include "judge.h"
#include "opts.h"

static void test_split_args(void)
{
	char **v;
	size_t n;
	CHECK_EQ_INT(judge_split_args("  -O2 'a b'\t\"c;d\"\n-x$HOME  ", &v, &n), 0);
	CHECK_EQ_INT(n, 4);
	CHECK_EQ_STR(v[0], "-O2");
	CHECK_EQ_STR(v[1], "a b");
	CHECK_EQ_STR(v[2], "c;d");
	CHECK_EQ_STR(v[3], "-x$HOME");
	CHECK(v[4] == NULL);
	free(v);
	CHECK_EQ_INT(judge_split_args("a'b c'd", &v, &n), 0);   /* quotes join with their word */
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_STR(v[0], "ab cd");
	free(v);
	CHECK_EQ_INT(judge_split_args(NULL, &v, &n), 0);
	CHECK_EQ_INT(n, 0);
	CHECK(v[0] == NULL);
	free(v);
	CHECK_EQ_INT(judge_split_args("'open", &v, &n), -EINVAL);
	CHECK_EQ_INT(judge_split_args("x \"", &v, &n), -EINVAL);
}

/* n tests run, statuses as given; test k prints "out k". */
static void make_result(struct judge_result *r, size_t n, const int *status)
{
	judge_result_init(r);
	r->status = BOX_ST_ACCEPTED;
	r->ntests = r->nrun = n;
	r->tests = calloc(n, sizeof(*r->tests));
	for (size_t i = 0; i < n; i++) {
		struct judge_test_result *t = &r->tests[i];
		box_result_init(&t->run);
		t->run.exit_code = 0;
		snprintf(t->name, sizeof(t->name), "t%zu", i + 1);
		t->status = status[i];
		t->cpu_ms = (uint32_t)(10 * (i + 1));
		t->wall_ms = 1500;
		t->memory_kb = 100 + i;
		outbuf_init(&t->run.out, 1 << 16);
		char out[16];
		int len = snprintf(out, sizeof(out), "out %zu", i + 1);
		outbuf_append(&t->run.out, out, (size_t)len);
	}
}

static const char *str_at(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_deciding(void)
{
	struct judge_result r;
	char msg[256];
	make_result(&r, 3, (const int[]){ 3, 4, 5 });
	CHECK(judge_deciding(&r) == &r.tests[1]);                 /* the first that failed */
	judge_deciding_message(&r, &r.tests[1], msg, sizeof(msg));
	CHECK_EQ_STR(msg, "test t2: Wrong Answer");             /* no message: the status's words */
	snprintf(r.tests[1].message, sizeof(r.tests[1].message), "line 1 differs");
	judge_deciding_message(&r, &r.tests[1], msg, sizeof(msg));
	CHECK_EQ_STR(msg, "test t2: line 1 differs");
	r.tests[1].status = 3;
	r.tests[2].status = 3;
	CHECK(judge_deciding(&r) == &r.tests[2]);                 /* all accepted: the last run */
	r.nrun = 2;
	CHECK(judge_deciding(&r) == &r.tests[1]);                 /* of those run */
	r.ntests = 1;
	judge_deciding_message(&r, &r.tests[1], msg, sizeof(msg));
	CHECK_EQ_STR(msg, "line 1 differs");                     /* one test: its own words */
	r.nrun = 0;
	CHECK(judge_deciding(&r) == NULL);                        /* nothing ran */
	r.ntests = 3;
	judge_result_release(&r);
}

static void test_result_json(void)
{
	struct judge_result r;
	make_result(&r, 2, (const int[]){ 3, 4 });
	r.status = 4;
	snprintf(r.message, sizeof(r.message), "test t2: bad");
	json_t *j = judge_result_json(&r, NULL);
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(j, "status"), "id")), 4);
	CHECK_EQ_STR(str_at(j, "stdout"), "out 2");              /* the deciding test's */
	CHECK_EQ_STR(str_at(j, "stderr"), "");
	CHECK(json_is_null(json_object_get(j, "compile_output")));
	CHECK_EQ_STR(str_at(j, "time"), "0.02");                 /* json_seconds, never "0.020" */
	CHECK_EQ_STR(str_at(j, "wall_time"), "1.5");
	CHECK_EQ_INT(json_integer_value(json_object_get(j, "memory")), 101);
	json_t *tests = json_object_get(j, "tests");
	CHECK_EQ_INT(json_array_size(tests), 2);
	CHECK_EQ_STR(str_at(json_array_get(tests, 0), "time"), "0.01");
	CHECK(json_object_get(json_array_get(tests, 0), "stdout") == NULL);   /* no excerpts by default */
	json_decref(j);

	/* The storage form: plain base64, null for an empty stream, excerpts. */
	struct judge_json_opts o = { .base64 = true, .excerpt = 4 };
	j = judge_result_json(&r, &o);
	CHECK_EQ_STR(str_at(j, "stdout"), "b3V0IDI=");
	CHECK(json_is_null(json_object_get(j, "stderr")));
	json_t *t1 = json_array_get(json_object_get(j, "tests"), 0);
	CHECK_EQ_STR(str_at(t1, "stdout"), "b3V0IA==");          /* "out " */
	CHECK(json_is_true(json_object_get(t1, "stdout_truncated")));
	CHECK(json_is_null(json_object_get(t1, "stderr")) && json_is_false(json_object_get(t1, "stderr_truncated")));
	json_decref(j);

	/* One test: no list unless asked for. */
	r.ntests = r.nrun = 1;
	r.status = 3;
	j = judge_result_json(&r, NULL);
	CHECK(json_object_get(j, "tests") == NULL);
	json_decref(j);
	o = (struct judge_json_opts){ .all_tests = true };
	j = judge_result_json(&r, &o);
	CHECK_EQ_INT(json_array_size(json_object_get(j, "tests")), 1);
	json_decref(j);
	r.ntests = r.nrun = 2;
	judge_result_release(&r);

	/* A compilation error: nothing ran, no times. */
	judge_result_init(&r);
	r.status = 6;
	outbuf_init(&r.compile_output, 1024);
	outbuf_append(&r.compile_output, "main.c:1: error\n", 16);
	j = judge_result_json(&r, NULL);
	CHECK_EQ_STR(str_at(j, "compile_output"), "main.c:1: error\n");
	CHECK(json_is_null(json_object_get(j, "time")) && json_is_null(json_object_get(j, "stdout")));
	json_decref(j);
	judge_result_release(&r);
}

/* --cache-size and --no-cache, as run and grade share them. */
struct cache_cli {
	uint64_t mb;
	bool off;
};

static void test_cache_rows(void)
{
	struct cache_cli c = { 0, false };
	static const struct opt rows[] = {
		CACHE_OPT_SIZE(offsetof(struct cache_cli, mb)), CACHE_OPT_NO_CACHE(offsetof(struct cache_cli, off)), OPT_END,
	};
	CHECK_EQ_INT(opts_defaults(rows, &c), 0);
	CHECK_EQ_INT(c.mb, 256);
	char err[128] = "";
	int next;
	char *argv[] = { "x", "--cache-size", "1k", "--no-cache", NULL };   /* below a MB: no cache to speak of */
	CHECK_EQ_INT(opts_parse(rows, &c, 4, argv, &next, err, sizeof(err)), 0);
	CHECK(c.mb == 0 && c.off);
}

int main(void)
{
	test_split_args();
	test_cache_rows();
	test_deciding();
	test_result_json();
	return check_done();
}
