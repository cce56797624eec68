/* test_checker.c - launcher/checker.c and launcher/addfiles.c: the verdict
 * table of both checker protocols (pure), then judge_run in real boxes
 * with executable checkers (accept, wrong, presentation error, fail,
 * crash, time limit; a fresh box of their own; only consulted on a clean
 * exit) and with additional files (a base64 zip: the source wins a name
 * clash, a bad zip is a compilation error, a multi-file program's own
 * compile.sh and run scripts). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "check.h"
#include "checker.h"
#include "judge.h"
#include "util.h"

/* ---- the verdict table ---- */

static int verdict(enum checker_style style, int status, int code, int sig, enum box_limit_hit hit,
		   const char *err, const char *feedback, char *msg, size_t msglen)
{
	struct box_result r;
	box_result_init(&r);
	r.status = status;
	r.exit_code = code;
	r.exit_signal = sig;
	r.hit = hit;
	outbuf_init(&r.err, 4096);
	if (err)
		outbuf_append(&r.err, err, strlen(err));
	str_copy(r.message, sizeof(r.message), status == BOX_ST_INTERNAL_ERROR ? "set-up step seccomp failed" : "");
	int v = checker_verdict(style, &r, feedback, feedback ? strlen(feedback) : 0, msg, msglen);
	box_result_release(&r);
	return v;
}

static void test_testlib_table(void)
{
	char m[256];
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_ACCEPTED, 0, 0, 0, "ok 3 numbers\n", NULL, m, sizeof(m)), 3);
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 1, 0, 0, "wrong answer 1st numbers differ\n", NULL, m,
			     sizeof(m)), 4);
	CHECK_EQ_STR(m, "checker: wrong answer 1st numbers differ");     /* not "wrong answer" twice */
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 2, 0, 0, "wrong output format\n\n  Expected int\n", NULL, m,
			     sizeof(m)), 4);
	CHECK_EQ_STR(m, "checker: presentation error: wrong output format Expected int");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 4, 0, 0, "extra data", NULL, m, sizeof(m)), 4);
	CHECK(strstr(m, "presentation error"));
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 7, 0, 0, "points 0.5", NULL, m, sizeof(m)), 4);
	CHECK(strstr(m, "partial score: points 0.5"));
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 8, 0, 0, "", NULL, m, sizeof(m)), 4);
	CHECK_EQ_STR(m, "checker: unexpected end of output");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 3, 0, 0, "FAIL answer file is bad", NULL, m, sizeof(m)), 13);
	CHECK_EQ_STR(m, "checker: failed: FAIL answer file is bad");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 5, 0, 0, NULL, NULL, m, sizeof(m)), 13);
	CHECK_EQ_STR(m, "checker: exited with 5");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_SIGSEGV, -1, 11, 0, NULL, NULL, m, sizeof(m)), 13);
	CHECK_EQ_STR(m, "checker killed by signal 11");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_TIME_LIMIT, -1, 9, BOX_HIT_TIME, NULL, NULL, m, sizeof(m)), 13);
	CHECK_EQ_STR(m, "checker: time limit exceeded");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_INTERNAL_ERROR, -1, 0, 0, NULL, NULL, m, sizeof(m)), 13);
	CHECK_EQ_STR(m, "checker: set-up step seccomp failed");
	CHECK_EQ_INT(verdict(CHECKER_TESTLIB, BOX_ST_EXEC_FORMAT, -1, 0, 0, NULL, NULL, m, sizeof(m)), 13);
	CHECK(strncmp(m, "checker could not be executed", 29) == 0);
}

static void test_kattis_table(void)
{
	char m[256];
	CHECK_EQ_INT(verdict(CHECKER_KATTIS, BOX_ST_NZEC, 42, 0, 0, NULL, NULL, m, sizeof(m)), 3);
	CHECK_EQ_INT(verdict(CHECKER_KATTIS, BOX_ST_NZEC, 43, 0, 0, "stderr is ignored", "expected 7, got 8\n", m,
			     sizeof(m)), 4);
	CHECK_EQ_STR(m, "checker: wrong answer: expected 7, got 8");
	CHECK_EQ_INT(verdict(CHECKER_KATTIS, BOX_ST_NZEC, 43, 0, 0, "only stderr", NULL, m, sizeof(m)), 4);
	CHECK_EQ_STR(m, "checker: wrong answer: only stderr");
	CHECK_EQ_INT(verdict(CHECKER_KATTIS, BOX_ST_ACCEPTED, 0, 0, 0, NULL, NULL, m, sizeof(m)), 13);
	CHECK(strstr(m, "exited with 0 (not 42 or 43)"));
	CHECK_EQ_INT(verdict(CHECKER_KATTIS, BOX_ST_NZEC, 1, 0, 0, NULL, NULL, m, sizeof(m)), 13);
	CHECK_EQ_INT(verdict(CHECKER_KATTIS, BOX_ST_OTHER, -1, 6, 0, NULL, NULL, m, sizeof(m)), 13);
}

static void test_messages(void)
{
	char m[34];
	/* Cut on a character boundary: "é" (2 bytes) does not fit whole... */
	verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 1, 0, 0, "wrong answer abcdefghij\xc3\xa9", NULL, m, sizeof(m));
	CHECK_EQ_STR(m, "checker: wrong answer abcdefghij");
	/* ...but a whole one before the cut stays. */
	verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 1, 0, 0, "wrong answer abcdefgh\xc3\xa9zz", NULL, m, sizeof(m));
	CHECK_EQ_STR(m, "checker: wrong answer abcdefgh\xc3\xa9z");
	char big[256];
	verdict(CHECKER_TESTLIB, BOX_ST_NZEC, 1, 0, 0, "wrong answer x\xc3\xa9y\tz\r\n", NULL, big, sizeof(big));
	CHECK_EQ_STR(big, "checker: wrong answer x\xc3\xa9y z");
	enum checker_style s = CHECKER_TESTLIB;
	CHECK(checker_style_parse("kattis", &s) == 0 && s == CHECKER_KATTIS);
	CHECK(checker_style_parse("testlib", &s) == 0 && s == CHECKER_TESTLIB);
	CHECK(checker_style_parse("icpc", &s) == -EINVAL);
}

/* ---- judge_run in real boxes ---- */

static struct box_pool *pool;
static const char *const sh_run[] = { "/bin/sh", "main.sh", NULL };
static const struct lang sh = { .name = "sh", .display = "sh", .source = "main.sh", .run = sh_run };
static const struct lang multi = { .name = "multi", .display = "Multi-file program", .judge0_id = 89,
				   .multi_file = true };

struct job {
	const struct lang *lang;
	const char *prog;
	const char *checker;                  /* a shell script, run as an executable */
	enum checker_style style;
	uint32_t checker_ms;                  /* CPU, and twice that of wall time */
	uint32_t checker_wall_ms;             /* the wall time instead */
	const char *zip;
	size_t zip_len;
	const char *args;
	const char *answer;
};

static int judge(const struct job *j, struct judge_result *res)
{
	struct checker c = { .style = j->style, .program = j->checker, .program_len = j->checker ? strlen(j->checker) : 0 };
	checker_limits(&c.limits);
	if (j->checker_ms) {
		c.limits.cpu_ms = j->checker_ms;
		c.limits.wall_ms = j->checker_wall_ms ? j->checker_wall_ms : 2 * j->checker_ms;
	}
	struct judge_test t = { "1", "3 4\n", 4, j->answer ? j->answer : "7\n", strlen(j->answer ? j->answer : "7\n") };
	struct judge_req req = { .lang = j->lang ? j->lang : &sh, .source = j->prog, .source_len = j->prog ? strlen(j->prog) : 0,
				 .tests = &t, .ntests = 1, .checker = j->checker ? &c : NULL, .args = j->args,
				 .additional_files = j->zip, .additional_files_len = j->zip_len };
	compare_opts_default(&req.compare);
	box_limits_default(&req.run);
	judge_compile_limits(&req.compile);
	char err[256] = "";
	int r = judge_run(pool, &req, res, err, sizeof(err));
	if (r)
		fprintf(stderr, "judge_run: %s\n", err);
	return r;
}

static const char sum[] = "read a b; echo $((a + b))\n";
static const char testlib_eq[] =
	"#!/bin/sh\n"
	"[ \"$(cat \"$1\")\" = '3 4' ] || { echo 'FAIL no input' >&2; exit 3; }\n"
	"[ -e planted ] && { echo 'FAIL the program box leaked' >&2; exit 3; }\n"
	"[ \"$(cat \"$2\")\" = \"$(cat \"$3\")\" ] && exit 0\n"
	"echo \"wrong answer expected $(cat \"$3\"), found $(cat \"$2\")\" >&2; exit 1\n";
static const char kattis_eq[] =
	"#!/bin/sh\n"
	"read got\n"
	"[ \"$got\" = \"$(cat \"$2\")\" ] && exit 42\n"
	"echo \"judge: got $got\" > \"${3}judgemessage.txt\"; exit 43\n";

static void test_testlib_checkers(void)
{
	struct judge_result res;
	judge_result_init(&res);
	/* The program leaves a file in its own box; the checker's is fresh. */
	CHECK_EQ_INT(judge(&(struct job){ .prog = "echo x > planted; read a b; echo $((a + b))\n",
					  .checker = testlib_eq }, &res), 0);
	CHECK_EQ_INT(res.status, 3);
	CHECK_EQ_INT(judge(&(struct job){ .prog = "echo 8\n", .checker = testlib_eq }, &res), 0);
	CHECK_EQ_INT(res.status, 4);
	CHECK_EQ_STR(res.message, "checker: wrong answer expected 7, found 8");
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\necho 'wrong output format' >&2; exit 2\n" },
			   &res), 0);
	CHECK_EQ_INT(res.status, 4);
	CHECK(strstr(res.message, "presentation error"));
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\necho 'FAIL bad answer' >&2; exit 3\n" },
			   &res), 0);
	CHECK_EQ_INT(res.status, 13);
	CHECK_EQ_STR(res.message, "checker: failed: FAIL bad answer");
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\nkill -SEGV $$\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 13);
	CHECK_EQ_STR(res.message, "checker killed by signal 11");
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\nwhile :; do :; done\n", .checker_ms = 300 },
			   &res), 0);
	CHECK_EQ_INT(res.status, 13);
	/* CPU, or wall on a loaded machine: either way the checker's limit. */
	CHECK(strncmp(res.message, "checker: ", 9) == 0 && strstr(res.message, "limit exceeded"));
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "not a program\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 13);
	CHECK(strstr(res.message, "checker could not be executed"));
	/* Consulted only when the program exited 0 within its limits. */
	CHECK_EQ_INT(judge(&(struct job){ .prog = "exit 3\n", .checker = "#!/bin/sh\nexit 0\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 11);
	CHECK_EQ_INT(judge(&(struct job){ .prog = "kill -SEGV $$\n", .checker = "#!/bin/sh\nexit 0\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 7);
	judge_result_release(&res);
}

static void test_kattis_checkers(void)
{
	struct judge_result res;
	judge_result_init(&res);
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = kattis_eq, .style = CHECKER_KATTIS }, &res), 0);
	CHECK_EQ_INT(res.status, 3);
	CHECK_EQ_INT(judge(&(struct job){ .prog = "echo 9\n", .checker = kattis_eq, .style = CHECKER_KATTIS }, &res), 0);
	CHECK_EQ_INT(res.status, 4);
	CHECK_EQ_STR(res.message, "checker: wrong answer: judge: got 9");
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\nexit 0\n", .style = CHECKER_KATTIS }, &res), 0);
	CHECK_EQ_INT(res.status, 13);
	CHECK(strstr(res.message, "not 42 or 43"));
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\nkill -ABRT $$\n", .style = CHECKER_KATTIS },
			   &res), 0);
	CHECK_EQ_INT(res.status, 13);
	/* A sleeper meets the wall limit, never the CPU one: starting a shell
	 * may cost a few hundred ms of CPU on a slow kernel (a guest of
	 * tests/guest, where a busy host's stolen time is charged too). */
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .checker = "#!/bin/sh\nsleep 100\n", .style = CHECKER_KATTIS,
					  .checker_ms = 10000, .checker_wall_ms = 600 }, &res), 0);
	CHECK_EQ_INT(res.status, 13);
	CHECK(strstr(res.message, "wall"));
	judge_result_release(&res);
}

/* compile.sh (cat data.txt > built.txt; echo compiling), run (read x;
 * echo "$(cat built.txt) $x $1"), data.txt (from-zip): MIME-wrapped. */
static const char project_zip_b64[] =
	"UEsDBBQAAAAAAOgKdl0aJh7MKQAAACkAAAAKAAAAY29tcGlsZS5zaGVjaG8gY29tcGlsaW5nOyBj\n"
	"YXQgZGF0YS50eHQgPiBidWlsdC50eHQKUEsDBBQAAAAAAOgKdl0gBcDdJgAAACYAAAADAAAAcnVu\n"
	"cmVhZCB4OyBlY2hvICIkKGNhdCBidWlsdC50eHQpICR4ICQxIgpQSwMEFAAAAAAA6Ap2XZOCVX8I\n"
	"AAAACAAAAAgAAABkYXRhLnR4dGZyb20temlwUEsBAhQDFAAAAAAA6Ap2XRomHswpAAAAKQAAAAoA\n"
	"AAAAAAAAAAAAAIABAAAAAGNvbXBpbGUuc2hQSwECFAMUAAAAAADoCnZdIAXA3SYAAAAmAAAAAwAA\n"
	"AAAAAAAAAAAAgAFRAAAAcnVuUEsBAhQDFAAAAAAA6Ap2XZOCVX8IAAAACAAAAAgAAAAAAAAAAAAA\n"
	"AIABmAAAAGRhdGEudHh0UEsFBgAAAAADAAMAnwAAAMYAAAAAAA==\n";

static void test_additional_files(void)
{
	struct judge_result res;
	judge_result_init(&res);
	char *zip = NULL;
	size_t zip_len = 0;
	CHECK_EQ_INT(base64_decode(project_zip_b64, strlen(project_zip_b64), &zip, &zip_len), 0);
	/* Multi-file: bash compile.sh, then bash run ARGS. */
	CHECK_EQ_INT(judge(&(struct job){ .lang = &multi, .zip = zip, .zip_len = zip_len, .args = "arg1",
					  .answer = "from-zip 3 4 arg1\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 3);
	CHECK(res.compile_output.len && strstr(res.compile_output.data, "compiling"));
	CHECK(res.nrun == 1 && strcmp(res.tests[0].run.out.data, "from-zip 3 4 arg1\n") == 0);
	/* Any language: the zip's files sit next to the source. */
	CHECK_EQ_INT(judge(&(struct job){ .prog = "cat data.txt; echo; [ -e additional_files.zip ] || echo clean\n",
					  .zip = zip, .zip_len = zip_len, .answer = "from-zip\nclean\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 3);
	CHECK(res.compile_output.len == 0);      /* nothing compiled, unzip said nothing */
	/* Judge0's unzip -n: the source wins over a file of the same name. */
	CHECK_EQ_INT(judge(&(struct job){ .prog = "echo source\n", .zip = zip, .zip_len = zip_len,
					  .answer = "source\n" }, &res), 0);
	CHECK_EQ_INT(res.status, 3);
	/* Not a zip: a compilation error with unzip's words. */
	CHECK_EQ_INT(judge(&(struct job){ .prog = sum, .zip = "PK\x03\x04 nope", .zip_len = 10 }, &res), 0);
	CHECK_EQ_INT(res.status, 6);
	CHECK(strstr(res.message, "not a valid zip archive"));
	CHECK(res.compile_output.len && strstr(res.compile_output.data, "zipfile"));
	CHECK_EQ_INT(judge(&(struct job){ .lang = &multi }, &res), 0);
	CHECK_EQ_INT(res.status, 6);
	CHECK_EQ_STR(res.message, "multi-file program: no additional files");
	free(zip);
	judge_result_release(&res);
}

int main(void)
{
	test_testlib_table();
	test_kattis_table();
	test_messages();

	struct box_config cfg;
	box_config_default(&cfg);
	cfg.helper_path = PAIRBOX_BIN_PATH;
	cfg.profile_dir = PAIRBOX_PROFILE_DIR;
	char err[256];
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "box_pool_new: %s\n", err);
		return 1;
	}
	test_testlib_checkers();
	test_kattis_checkers();
	test_additional_files();
	box_pool_free(pool);
	return check_done();
}
