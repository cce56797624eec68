/* test_report.c - the grade report writers (grade/grade_report.c) on a report built in
 * memory: JUnit XML well-formed, hostile text escaped, counts and times; the JSON shape. */
#define _GNU_SOURCE
#include "check.h"
#include "box.h"
#include "grade.h"
#include "util.h"
#include "xml_read.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WF(doc) check_wf_line(__LINE__, (doc))

/* The reader itself, on documents it must refuse and one it must read. */
static void check_wf_line(int line, const char *doc)
{
	char err[256] = "";
	struct xnode *n = xml_parse(doc, strlen(doc), err, sizeof(err));
	if (n)
		check_passed++;
	else {
		check_failed++;
		fprintf(stderr, "%s:%d: not well-formed: %s\n", __FILE__, line, err);
	}
	xnode_free(n);
}

#define NOT_WF(doc) check_not_wf_line(__LINE__, (doc), sizeof(doc) - 1)

static void check_not_wf_line(int line, const char *doc, size_t len)
{
	char err[256] = "";
	struct xnode *n = xml_parse(doc, len, err, sizeof(err));
	if (!n)
		check_passed++;
	else {
		check_failed++;
		fprintf(stderr, "%s:%d: taken as well-formed: %s\n", __FILE__, line, doc);
	}
	xnode_free(n);
}

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static void test_xml_reader(void)
{
	WF(DECL "<a x=\"1\" y='&lt;&#10;&#x41;'><b/>t&amp;t<c></c></a>\n");
	NOT_WF(DECL "<a><b></a></b>");
	NOT_WF(DECL "<a x=\"1\" x=\"2\"/>");
	NOT_WF(DECL "<a x=\"<\"/>");
	NOT_WF(DECL "<a>&bogus;</a>");
	NOT_WF(DECL "<a>a & b</a>");
	NOT_WF(DECL "<a>\x01</a>");
	NOT_WF(DECL "<a>&#1;</a>");
	NOT_WF(DECL "<a>\xff</a>");
	NOT_WF(DECL "<a>\xef\xbf\xbe</a>");
	NOT_WF(DECL "<a>]]></a>");
	NOT_WF(DECL "<a/><b/>");
	NOT_WF(DECL "<a x=1/>");
	NOT_WF("<a/>");
	/* What a reader sees: line ends and attribute whitespace normalised. */
	const char doc[] = DECL "<a v=\"x\ty\nz&#9;&#10;&#13;\">p\r\nq\rr&#13;</a>";
	char err[256] = "";
	struct xnode *n = xml_parse(doc, sizeof(doc) - 1, err, sizeof(err));
	CHECK(n != NULL);
	CHECK_EQ_STR(xattr(n, "v"), "x y z\t\n\r");
	CHECK_EQ_STR(n ? n->text : NULL, "p\nq\nr\r");
	xnode_free(n);
}

/* ---- the report ---- */

/* Every kind of trouble a name or message can hold: markup, quotes,
 * controls, tab / LF / CR, DEL, invalid UTF-8 (a stray byte, a cut
 * sequence, a surrogate), the non-characters U+FFFE and U+FFFF, and
 * valid multi-byte characters that must pass untouched. */
#define HOSTILE "sub<mit>&\"q\"'a'\x01\x1f\t\n\r\x7f" "\xff" "\xc3(" "\xef\xbf\xbe\xef\xbf\xbf" "\xed\xa0\x80" \
		"ok\xc3\xa9\xf0\x9f\x98\x80"
#define FFFD "\xef\xbf\xbd"
/* What an XML reader must see for it: every character XML cannot hold,
 * and every byte that is not UTF-8, one U+FFFD; tab, LF and CR kept. */
#define HOSTILE_XML "sub<mit>&\"q\"'a'" FFFD FFFD "\t\n\r" FFFD FFFD FFFD "(" FFFD FFFD FFFD FFFD FFFD \
		"ok\xc3\xa9\xf0\x9f\x98\x80"
/* And a JSON reader: only bytes that are not UTF-8 replaced (JSON holds
 * controls and non-characters, escaped). */
#define HOSTILE_JSON "sub<mit>&\"q\"'a'\x01\x1f\t\n\r\x7f" FFFD FFFD "(" "\xef\xbf\xbe\xef\xbf\xbf" FFFD FFFD FFFD \
		"ok\xc3\xa9\xf0\x9f\x98\x80"

#define MSG "got <5> & \"6\" 'x' \x02\x1b[31m\xff\r\nend\tok"
#define MSG_XML "got <5> & \"6\" 'x' " FFFD FFFD "[31m" FFFD "\r\nend\tok"

static struct grade_test tests_wa[] = {
	{ .name = "sample/1", .status = BOX_ST_ACCEPTED, .cpu_ms = 12, .wall_ms = 20, .memory_kb = 1024 },
	{ .name = "secret/<2>&\x01\xff", .status = BOX_ST_WRONG_ANSWER, .cpu_ms = 1500, .wall_ms = 1600,
	  .memory_kb = 2048, .message = MSG },
};

static struct grade_check checks_a[] = {
	{ .kind = GRADE_LOAD, .name = "problem", .expect = "loads", .got = "loaded", .outcome = GRADE_PASS },
	{ .kind = GRADE_SUBMISSION, .name = HOSTILE, .path = "/p/sum/submissions/wrong_answer/x.c",
	  .expect = "wrong_answer", .got = "Accepted", .outcome = GRADE_FAIL, .lang = "c",
	  .status = BOX_ST_ACCEPTED, .passed = 2, .ntests = 2, .max_cpu_ms = 1500, .max_wall_ms = 1600,
	  .elapsed_ms = 1234, .max_memory_kb = 2048, .cpu_limit_ms = 2000, .message = MSG,
	  .compile_output = "warning: \x1b[1mbold\x1b[0m\r\n", .tests = tests_wa, .nrun = 2 },
	{ .kind = GRADE_SUBMISSION, .name = "submissions/accepted/y.f90", .expect = "accepted", .got = "-",
	  .outcome = GRADE_SKIP, .message = "language 'fortran' is not installed here" },
	{ .kind = GRADE_REFERENCE, .name = "reference", .expect = "accepted", .outcome = GRADE_ERROR,
	  .elapsed_ms = 61000, .message = "could not queue: Cannot allocate memory" },
	{ .kind = GRADE_TIME_LIMIT, .name = "time limit", .expect = "derived", .outcome = GRADE_PENDING,
	  .elapsed_ms = 5 },
};

static struct grade_check checks_b[] = {
	{ .kind = GRADE_LOAD, .name = "problem", .expect = "loads", .got = "error", .outcome = GRADE_FAIL,
	  .message = "problem.yaml: line 3: tab character used for indentation" },
};

static struct grade_problem problems[] = {
	{ .dir = "/p/sum<&>", .slug = "sum<&>\"'" "\x01", .format = "pairbox", .title = "Sum", .ntests = 2,
	  .nsamples = 1, .time_limit_ms = 2000, .checks = checks_a, .nchecks = 5 },
	{ .dir = "/p/broken", .slug = "broken", .note = "a note with ]]> and \x7f",
	  .checks = checks_b, .nchecks = 1 },
};

static struct grade_report report = {
	.verify = true, .path = "/p", .problems = problems, .nproblems = 2, .nchecks = 6, .passed = 1,
	.failed = 3, .skipped = 1, .errors = 1, .elapsed_ms = 62239, .jobs = 2,
};

static char dir[] = "/tmp/pairbox-test-report.XXXXXX";

static char *write_and_read(int (*writer)(const struct grade_report *, const char *), const char *name,
			    size_t *len)
{
	char path[PATH_MAX], *data = NULL;
	str_printf(path, sizeof(path), "%s/%s", dir, name);
	CHECK_EQ_INT(writer(&report, path), 0);
	CHECK_EQ_INT(read_file(path, 1 << 24, &data, len), 0);
	return data;
}

/* The testcase with that name, in suite. */
static const struct xnode *testcase(const struct xnode *suite, const char *name)
{
	for (size_t k = 0; k < xcount(suite, "testcase"); k++) {
		const struct xnode *c = xkid(suite, "testcase", k);
		if (xattr(c, "name") && !strcmp(xattr(c, "name"), name))
			return c;
	}
	return NULL;
}

/* A <testsuites> or <testsuite>'s counts and time, as written. */
static void counts_line(int line, const struct xnode *n, const char *tests, const char *failures, const char *errors,
			const char *skipped, const char *time)
{
	const char *want[] = { tests, failures, errors, skipped, time };
	const char *keys[] = { "tests", "failures", "errors", "skipped", "time" };
	for (int i = 0; i < 5; i++) {
		const char *got = xattr(n, keys[i]);
		if (got && !strcmp(got, want[i])) {
			check_passed++;
		} else {
			check_failed++;
			fprintf(stderr, "%s:%d: %s %s=\"%s\", want \"%s\"\n", __FILE__, line, n ? n->name : "(none)",
				keys[i], got ? got : "(none)", want[i]);
		}
	}
}

#define COUNTS(n, tests, failures, errors, skipped, time) \
	counts_line(__LINE__, (n), (tests), (failures), (errors), (skipped), (time))

static void test_junit(void)
{
	size_t len = 0;
	char err[256] = "", *doc = write_and_read(grade_report_junit, "report.xml", &len);
	struct xnode *root = doc ? xml_parse(doc, len, err, sizeof(err)) : NULL;
	if (!root)
		fprintf(stderr, "junit: %s\n", err);
	CHECK(root != NULL);
	if (!root) {
		free(doc);
		return;
	}
	CHECK_EQ_STR(root->name, "testsuites");
	COUNTS(root, "6", "3", "1", "1", "62.239");
	CHECK_EQ_INT(xcount(root, "testsuite"), 2);

	/* Suite counts come from the outcomes: a check never finished is a failure. */
	const struct xnode *a = xkid(root, "testsuite", 0), *b = xkid(root, "testsuite", 1);
	CHECK_EQ_STR(xattr(a, "name"), "sum<&>\"'" FFFD);
	COUNTS(a, "5", "2", "1", "1", "62.239");
	CHECK_EQ_INT(xcount(a, "testcase"), 5);
	const struct xnode *props = xkid(a, "properties", 0);
	CHECK_EQ_INT(xcount(props, "property"), 3);
	CHECK_EQ_STR(xattr(xkid(props, "property", 0), "value"), "/p/sum<&>");
	CHECK_EQ_STR(xattr(xkid(props, "property", 1), "value"), "pairbox");
	CHECK_EQ_STR(xattr(xkid(props, "property", 2), "value"), "2.000");
	CHECK_EQ_STR(xattr(b, "name"), "broken");
	COUNTS(b, "1", "1", "0", "0", "0.000");
	CHECK_EQ_INT(xcount(xkid(b, "properties", 0), "property"), 1);      /* no format, no time limit */
	CHECK_EQ_STR(xkid(b, "system-out", 0) ? xkid(b, "system-out", 0)->text : NULL, "a note with ]]> and " FFFD);

	/* A pass has no verdict element; its details go to system-out. */
	const struct xnode *pass = testcase(a, "problem");
	CHECK(pass != NULL);
	CHECK_EQ_STR(xattr(pass, "classname"), "sum<&>\"'" FFFD);
	CHECK_EQ_STR(xattr(pass, "time"), "0.000");
	CHECK_EQ_INT(pass ? pass->nkids : 0, 1);
	CHECK(xkid(pass, "system-out", 0) && strstr(xkid(pass, "system-out", 0)->text, "expected: loads\n"));

	/* The hostile name, message and test names: escaped, read back as meant. */
	const struct xnode *fail = testcase(a, HOSTILE_XML);
	CHECK(fail != NULL);
	CHECK_EQ_STR(xattr(fail, "time"), "1.234");
	CHECK_EQ_INT(xcount(fail, "failure"), 1);
	CHECK_EQ_INT(xcount(fail, "error") + xcount(fail, "skipped"), 0);
	const struct xnode *f = xkid(fail, "failure", 0);
	CHECK_EQ_STR(xattr(f, "type"), "verdict");
	CHECK_EQ_STR(xattr(f, "message"), "expected wrong_answer, got Accepted: " MSG_XML);
	CHECK_EQ_STR(f ? f->text : NULL, "expected wrong_answer, got Accepted: " MSG_XML);
	const char *out = xkid(fail, "system-out", 0) ? xkid(fail, "system-out", 0)->text : "";
	CHECK(strstr(out, "kind: submission\nexpected: wrong_answer\ngot: Accepted\nfile: /p/sum/submissions/"
			  "wrong_answer/x.c\nlanguage: c\ntime limit: 2.000 s\ntests passed: 2/2 (2 run)\n"
			  "max time: 1.500 s\nmax memory: 2048 KB\nmessage: " MSG_XML "\n") == out);
	CHECK(strstr(out, "  test secret/<2>&" FFFD FFFD));
	CHECK(strstr(out, "compile output:\nwarning: " FFFD "[1mbold" FFFD "[0m\r\n\n"));

	const struct xnode *skip = testcase(a, "submissions/accepted/y.f90");
	CHECK_EQ_INT(xcount(skip, "skipped"), 1);
	CHECK_EQ_STR(xattr(xkid(skip, "skipped", 0), "message"), "language 'fortran' is not installed here");
	CHECK_EQ_STR(xkid(skip, "skipped", 0) ? xkid(skip, "skipped", 0)->text : NULL, "");

	const struct xnode *error = testcase(a, "reference");
	CHECK_EQ_STR(xattr(error, "time"), "61.000");
	CHECK_EQ_INT(xcount(error, "error"), 1);
	CHECK_EQ_STR(xattr(xkid(error, "error", 0), "type"), "internal error");
	CHECK_EQ_STR(xattr(xkid(error, "error", 0), "message"),
		     "expected accepted, got -: could not queue: Cannot allocate memory");

	const struct xnode *pending = testcase(a, "time limit");
	CHECK_EQ_STR(xattr(pending, "time"), "0.005");
	CHECK_EQ_INT(xcount(pending, "failure"), 1);
	CHECK_EQ_STR(xattr(xkid(pending, "failure", 0), "message"), "expected derived, got -");

	xnode_free(root);
	free(doc);
}

/* Every check carries the same keys, null where nothing applies. */
static const char *const check_keys[] = {
	"kind", "name", "path", "expected", "got", "result", "language", "status", "tests_passed", "tests_total",
	"tests_run", "time", "wall_time", "memory", "time_limit", "elapsed", "message", "compile_output",
	"compile_cache", "tests", "score", "max_score", NULL,
};

static bool has_keys(const json_t *o, const char *const *keys)
{
	size_t n = 0;
	for (; keys[n]; n++)
		if (!json_object_get(o, keys[n]))
			return false;
	return json_object_size(o) == n;
}

static bool near(const json_t *v, double want)
{
	return json_is_number(v) && json_number_value(v) > want - 1e-9 && json_number_value(v) < want + 1e-9;
}

static void test_json(void)
{
	size_t len = 0;
	char *text = write_and_read(grade_report_json, "report.json", &len);
	bool ascii = text != NULL;
	for (size_t i = 0; ascii && i < len; i++)
		ascii = (unsigned char)text[i] < 0x80;
	CHECK(ascii);                                  /* JSON_ENSURE_ASCII */
	CHECK(len && text[len - 1] == '\n');
	json_error_t je;
	json_t *root = text ? json_loadb(text, len, 0, &je) : NULL;
	free(text);
	CHECK(root != NULL);
	if (!root)
		return;
	CHECK_EQ_INT(json_integer_value(json_object_get(root, "version")), 1);
	CHECK_EQ_STR(json_string_value(json_object_get(root, "mode")), "verify");
	CHECK_EQ_STR(json_string_value(json_object_get(root, "path")), "/p");
	CHECK(json_is_false(json_object_get(root, "ok")));
	CHECK_EQ_INT(json_integer_value(json_object_get(root, "jobs")), 2);
	CHECK(near(json_object_get(root, "elapsed"), 62.239));
	json_t *sum = json_object_get(root, "summary");
	static const char *const sum_keys[] = { "problems", "checks", "passed", "warnings", "failed", "skipped",
						"errors", NULL };
	static const int sum_want[] = { 2, 6, 1, 0, 3, 1, 1 };
	CHECK(has_keys(sum, sum_keys));
	for (int i = 0; sum_keys[i]; i++)
		CHECK_EQ_INT(json_integer_value(json_object_get(sum, sum_keys[i])), sum_want[i]);

	json_t *ps = json_object_get(root, "problems");
	CHECK_EQ_INT(json_array_size(ps), 2);
	json_t *a = json_array_get(ps, 0), *b = json_array_get(ps, 1);
	static const char *const problem_keys[] = {
		"slug", "dir", "title", "format", "ok", "tests", "samples", "time_limit", "time_limit_derived",
		"tle_time_limit", "slowest_accepted", "ac_to_time_limit", "time_limit_to_tle", "note", "checks", "scoring",
		NULL,
	};
	CHECK(has_keys(a, problem_keys) && has_keys(b, problem_keys));
	CHECK_EQ_STR(json_string_value(json_object_get(a, "slug")), "sum<&>\"'\x01");
	CHECK(near(json_object_get(a, "time_limit"), 2.0));
	CHECK(json_is_null(json_object_get(a, "tle_time_limit")));
	CHECK(json_is_null(json_object_get(b, "format")));
	CHECK(json_is_null(json_object_get(b, "title")));
	CHECK_EQ_STR(json_string_value(json_object_get(b, "note")), "a note with ]]> and \x7f");

	json_t *checks = json_object_get(a, "checks");
	CHECK_EQ_INT(json_array_size(checks), 5);
	for (size_t i = 0; i < json_array_size(checks); i++)
		CHECK(has_keys(json_array_get(checks, i), check_keys));
	CHECK(has_keys(json_array_get(json_object_get(b, "checks"), 0), check_keys));

	json_t *c = json_array_get(checks, 1);
	CHECK_EQ_STR(json_string_value(json_object_get(c, "name")), HOSTILE_JSON);
	CHECK_EQ_STR(json_string_value(json_object_get(c, "result")), "FAIL");
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(c, "status"), "id")), BOX_ST_ACCEPTED);
	CHECK_EQ_INT(json_integer_value(json_object_get(c, "tests_passed")), 2);
	CHECK(near(json_object_get(c, "time"), 1.5));
	CHECK(near(json_object_get(c, "elapsed"), 1.234));
	CHECK(json_is_null(json_object_get(c, "compile_cache")));
	json_t *t = json_array_get(json_object_get(c, "tests"), 1);
	CHECK_EQ_STR(json_string_value(json_object_get(t, "name")), "secret/<2>&\x01" FFFD);
	CHECK_EQ_STR(json_string_value(json_object_get(t, "message")), "got <5> & \"6\" 'x' \x02\x1b[31m" FFFD "\r\nend\tok");
	CHECK(json_is_null(json_object_get(json_array_get(json_object_get(c, "tests"), 0), "message")));

	/* Not judged: the judging fields are null, not zero. */
	json_t *s = json_array_get(checks, 2);
	CHECK_EQ_STR(json_string_value(json_object_get(s, "result")), "SKIP");
	CHECK(json_is_null(json_object_get(s, "status")) && json_is_null(json_object_get(s, "tests_passed")) &&
	      json_is_null(json_object_get(s, "time")) && json_is_null(json_object_get(s, "memory")));
	CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(checks, 4), "result")), "FAIL");
	json_decref(root);
}

static void test_files(void)
{
	char sum[256];
	grade_report_summary(&report, sum, sizeof(sum));
	CHECK_EQ_STR(sum, "FAIL: 2 problems, 6 checks: 1 passed, 0 warnings, 3 failed, 1 skipped, 1 errors in 62.2 s");
	/* Written atomically: the two reports and no temporary file left. */
	DIR *d = opendir(dir);
	size_t n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(grade_report_junit(&report, "/nonexistent-pairbox-dir/report.xml"), -ENOENT);
	CHECK_EQ_INT(grade_report_json(&report, "/nonexistent-pairbox-dir/report.json"), -ENOENT);
}

/* A warning passes, is counted apart and shown as such; a scoring
 * problem's score is in every output. */
static void test_warning_and_score(void)
{
	static struct grade_test t1[] = { { .name = "secret/a/1", .status = BOX_ST_ACCEPTED, .cpu_ms = 1400 } };
	static struct grade_check cs[] = {
		{ .kind = GRADE_SAMPLES, .name = "samples", .expect = "at least 1", .got = "0", .outcome = GRADE_WARN,
		  .message = "the problem has no sample test" },
		{ .kind = GRADE_SUBMISSION, .name = "submissions/partially_accepted/p.py", .expect = "partially_accepted",
		  .got = "Time Limit Exceeded", .outcome = GRADE_WARN, .status = BOX_ST_TIME_LIMIT, .ntests = 1,
		  .tests = t1, .nrun = 1, .scored = true, .score = 30, .max_score = 100,
		  .message = "sensitive to the time limit" },
	};
	static struct grade_problem ps[] = { { .dir = "/q", .slug = "q", .format = "kattis", .title = "Q",
					      .ntests = 1, .scoring = true, .checks = cs, .nchecks = 2, .ok = true } };
	struct grade_report r = { .verify = true, .path = "/q", .problems = ps, .nproblems = 1, .nchecks = 2,
				  .warnings = 2, .elapsed_ms = 1000, .jobs = 1 };
	char sum[256], *table = NULL, *doc = NULL, path[PATH_MAX];
	size_t len = 0;
	grade_report_summary(&r, sum, sizeof(sum));
	CHECK_EQ_STR(sum, "PASS: 1 problem, 2 checks: 0 passed, 2 warnings, 0 failed, 0 skipped, 0 errors in 1.0 s");
	FILE *f = open_memstream(&table, &len);
	grade_report_table(&r, f);
	fclose(f);
	CHECK(strstr(table, "SCORE") && strstr(table, "30/100  WARN") && strstr(table, "warning: sensitive"));
	free(table);
	str_printf(path, sizeof(path), "%s/warn.xml", dir);
	CHECK_EQ_INT(grade_report_junit(&r, path), 0);
	CHECK_EQ_INT(read_file(path, 1 << 24, &doc, &len), 0);
	CHECK(doc && !strstr(doc, "<failure") && strstr(doc, "failures=\"0\"") && strstr(doc, "warning: sensitive") &&
	      strstr(doc, "score: 30 of 100"));
	free(doc);
	unlink(path);
	str_printf(path, sizeof(path), "%s/warn.json", dir);
	CHECK_EQ_INT(grade_report_json(&r, path), 0);
	json_t *root = json_load_file(path, 0, NULL), *c = json_array_get(json_object_get(
		json_array_get(json_object_get(root, "problems"), 0), "checks"), 1);
	CHECK_EQ_STR(json_string_value(json_object_get(c, "result")), "WARN");
	CHECK(near(json_object_get(c, "score"), 30) && near(json_object_get(c, "max_score"), 100));
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(root, "summary"), "warnings")), 2);
	CHECK(json_is_true(json_object_get(root, "ok")));
	json_decref(root);
	unlink(path);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_xml_reader();
	test_junit();
	test_json();
	test_files();
	test_warning_and_score();
	char path[PATH_MAX];
	str_printf(path, sizeof(path), "%s/report.xml", dir);
	unlink(path);
	str_printf(path, sizeof(path), "%s/report.json", dir);
	unlink(path);
	rmdir(dir);
	return check_done();
}
