/* grade_report.c - a grade report out: the table, JUnit XML and JSON
 * (keys in docs/grade.md), the files written atomically. */
#define _GNU_SOURCE
#include "grade.h"
#include "box.h"
#include "box_json.h"
#include "judge.h"
#include "outbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DOC_MAX (1ull << 30)       /* a report bigger than this is cut (never seen) */

const char *grade_outcome_name(enum grade_outcome o)
{
	switch (o) {
	case GRADE_PASS: return "PASS";
	case GRADE_FAIL: return "FAIL";
	case GRADE_SKIP: return "SKIP";
	case GRADE_ERROR: return "ERROR";
	case GRADE_WARN: return "WARN";
	case GRADE_PENDING: break;
	}
	return "FAIL";   /* never finished: counted as a failure */
}

const char *grade_kind_name(enum grade_kind k)
{
	switch (k) {
	case GRADE_LOAD: return "load";
	case GRADE_TESTS: return "tests";
	case GRADE_SAMPLES: return "samples";
	case GRADE_REFERENCE: return "reference";
	case GRADE_SUBMISSION: return "submission";
	case GRADE_TIME_LIMIT: return "time_limit";
	case GRADE_SOLUTION: return "solution";
	}
	return "?";
}

static bool judged(const struct grade_check *c)
{
	return c->status != 0;
}

/* ---- the table ------------------------------------------------------------------ */

static void seconds(char *buf, size_t len, uint32_t ms)
{
	str_printf(buf, len, "%u.%03u s", ms / 1000, ms % 1000);
}

static size_t width(size_t w, const char *s)
{
	size_t n = s ? strlen(s) : 1;
	return n > w ? n : w;
}

void grade_report_summary(const struct grade_report *r, char *buf, size_t len)
{
	str_printf(buf, len, "%s: %zu problem%s, %zu check%s: %zu passed, %zu warning%s, %zu failed, %zu skipped, "
		   "%zu errors in %u.%u s", grade_report_ok(r) ? "PASS" : "FAIL", r->nproblems,
		   r->nproblems == 1 ? "" : "s", r->nchecks, r->nchecks == 1 ? "" : "s", r->passed, r->warnings,
		   r->warnings == 1 ? "" : "s", r->failed, r->skipped, r->errors, r->elapsed_ms / 1000,
		   r->elapsed_ms % 1000 / 100);
}

/* A message on one line, at most max bytes shown. */
static void print_message(FILE *f, const char *label, const char *m, size_t max)
{
	size_t n = strcspn(m, "\n");
	fprintf(f, "      %s %.*s%s\n", label, (int)(n < max ? n : max), m, n > max || m[n] ? " ..." : "");
}

/* "50/100": a check's score of its maximum, in buf. */
static const char *score_text(const struct grade_check *c, char *buf, size_t len)
{
	str_printf(buf, len, "%g/%g", c->score, c->max_score);
	return buf;
}

void grade_report_table(const struct grade_report *r, FILE *f)
{
	size_t wp = strlen("PROBLEM"), wn = strlen(r->verify ? "SUBMISSION" : "SOLUTION"), we = strlen("EXPECTED"),
	       wg = strlen("GOT");
	bool scores = false;         /* a SCORE column, when a problem is a scoring one */
	for (size_t i = 0; i < r->nproblems; i++)
		scores |= r->problems[i].scoring;
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct grade_problem *gp = &r->problems[i];
		wp = width(wp, gp->slug);
		for (size_t k = 0; k < gp->nchecks; k++) {
			wn = width(wn, gp->checks[k].name);
			we = width(we, gp->checks[k].expect);
			wg = width(wg, gp->checks[k].got);
		}
	}
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct grade_problem *gp = &r->problems[i];
		char tl[32] = "?";
		if (gp->time_limit_ms)
			seconds(tl, sizeof(tl), gp->time_limit_ms);
		if (gp->format)
			fprintf(f, "%s: %s (%s), %zu tests (%zu sample%s), time limit %s%s: %s\n", gp->slug,
				gp->title ? gp->title : gp->slug, gp->format, gp->ntests, gp->nsamples,
				gp->nsamples == 1 ? "" : "s", tl,
				gp->time_limit_derived ? " (derived)" : "", gp->ok ? "PASS" : "FAIL");
		else
			fprintf(f, "%s: did not load: FAIL\n", gp->slug);
		fprintf(f, "  %-*s  %-*s  %-*s  %-*s  %7s  %9s  %10s  %s%s\n", (int)wp, "PROBLEM", (int)wn,
			r->verify ? "SUBMISSION" : "SOLUTION", (int)we, "EXPECTED", (int)wg, "GOT", "TESTS", "TIME",
			"MEMORY", scores ? "        SCORE  " : "", "RESULT");
		for (size_t k = 0; k < gp->nchecks; k++) {
			const struct grade_check *c = &gp->checks[k];
			char tests[48] = "-", time[32] = "-", mem[32] = "-";
			if (judged(c))
				str_printf(tests, sizeof(tests), "%zu/%zu", c->passed, c->ntests);
			if (c->nrun) {
				seconds(time, sizeof(time), c->max_cpu_ms);
				str_printf(mem, sizeof(mem), "%llu KB", (unsigned long long)c->max_memory_kb);
			}
			char score[48] = "";
			if (scores)
				str_printf(score, sizeof(score), "%13s  ", c->scored ? score_text(c, score + 24, 24) : "-");
			fprintf(f, "  %-*s  %-*s  %-*s  %-*s  %7s  %9s  %10s  %s%s\n", (int)wp, gp->slug, (int)wn, c->name,
				(int)we, c->expect, (int)wg, c->got ? c->got : "-", tests, time, mem, score,
				grade_outcome_name(c->outcome));
			if (c->message && (c->outcome != GRADE_PASS || c->kind == GRADE_TIME_LIMIT))
				print_message(f, c->outcome == GRADE_PASS ? "note:" : c->outcome == GRADE_WARN ? "warning:"
					      : "why:", c->message, 240);
		}
		if (gp->note)
			print_message(f, "note:", gp->note, 400);
		fputc('\n', f);
	}
	char sum[256];
	grade_report_summary(r, sum, sizeof(sum));
	fprintf(f, "%s\n", sum);
}

/* ---- JUnit XML ------------------------------------------------------------------ */

static int put(struct outbuf *b, const char *s)
{
	return outbuf_append(b, s, strlen(s));
}

/* A formatted piece of at most one short line: names, numbers and
 * verdicts; long texts go through put(). Never truncates silently. */
static int putf(struct outbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int putf(struct outbuf *b, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -ENAMETOOLONG;
	return outbuf_append(b, line, (size_t)n);
}

/* "label: value\n" for a value of any length. */
static int put_field(struct outbuf *b, const char *label, const char *value)
{
	int r = put(b, label);
	if (!r)
		r = put(b, value);
	return r ? r : put(b, "\n");
}

/* Text for XML 1.0: bytes made valid UTF-8 first (json_text's U+FFFD),
 * then markup escaped; characters XML cannot hold at all (controls but
 * tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD; in attributes tab, LF
 * and CR become references so they survive attribute normalisation. */
static int put_xml(struct outbuf *b, const char *s, size_t len, bool attr)
{
	json_t *t = json_text(s, len);
	if (!t)
		return -ENOMEM;
	const unsigned char *p = (const unsigned char *)json_string_value(t);
	size_t n = json_string_length(t);
	int r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		unsigned char c = p[i];
		const char *rep = NULL;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\r': rep = "&#13;"; break;
		default:
			if (c < 0x20 || c == 0x7f)
				rep = "\xEF\xBF\xBD";
			else if (c == 0xEF && i + 2 < n && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
				rep = "\xEF\xBF\xBD";
				i += 2;
			}
		}
		r = rep ? put(b, rep) : outbuf_append(b, &p[i], 1);
	}
	json_decref(t);
	return r;
}

static int put_xml_str(struct outbuf *b, const char *s, bool attr)
{
	return put_xml(b, s ? s : "", s ? strlen(s) : 0, attr);
}

/* The details a CI page shows under a check. */
static int details(struct outbuf *b, const struct grade_check *c)
{
	int r = c->outcome == GRADE_WARN ? put_field(b, "warning: ", c->message ? c->message : "-") : 0;
	if (!r)
		r = put_field(b, "kind: ", grade_kind_name(c->kind));
	if (!r)
		r = put_field(b, "expected: ", c->expect);
	if (!r)
		r = put_field(b, "got: ", c->got ? c->got : "-");
	if (!r && c->path)
		r = put_field(b, "file: ", c->path);
	if (!r && c->lang)
		r = put_field(b, "language: ", c->lang);
	if (!r && c->cpu_limit_ms)
		r = putf(b, "time limit: %u.%03u s\n", c->cpu_limit_ms / 1000, c->cpu_limit_ms % 1000);
	if (!r && judged(c))
		r = putf(b, "tests passed: %zu/%zu (%zu run)\n", c->passed, c->ntests, c->nrun);
	if (!r && c->nrun)
		r = putf(b, "max time: %u.%03u s\nmax memory: %llu KB\n", c->max_cpu_ms / 1000, c->max_cpu_ms % 1000,
			 (unsigned long long)c->max_memory_kb);
	if (!r && c->scored)
		r = putf(b, "score: %g of %g\n", c->score, c->max_score);
	if (!r && c->message)
		r = put_field(b, "message: ", c->message);
	for (size_t i = 0; !r && i < c->nrun; i++) {
		const struct grade_test *t = &c->tests[i];
		r = putf(b, "  test %-24s %-22s %u.%03u s %8llu KB%s%s\n", t->name, judge_status_name(t->status),
			 t->cpu_ms / 1000, t->cpu_ms % 1000, (unsigned long long)t->memory_kb,
			 t->message[0] ? "  " : "", t->message);
	}
	if (!r && c->compile_output)
		r = put_field(b, "compile output:\n", c->compile_output);
	return r;
}

static int junit_check(struct outbuf *b, const struct grade_problem *gp, const struct grade_check *c)
{
	struct outbuf d;
	outbuf_init(&d, DOC_MAX);
	int r = put(b, "    <testcase classname=\"");
	if (!r)
		r = put_xml_str(b, gp->slug, true);
	if (!r)
		r = put(b, "\" name=\"");
	if (!r)
		r = put_xml_str(b, c->name, true);
	if (!r)
		r = putf(b, "\" time=\"%u.%03u\">\n", c->elapsed_ms / 1000, c->elapsed_ms % 1000);
	if (!r && c->outcome != GRADE_PASS && c->outcome != GRADE_WARN) {
		const char *tag = c->outcome == GRADE_SKIP ? "skipped" : c->outcome == GRADE_ERROR ? "error" : "failure";
		char msg[512];
		str_printf(msg, sizeof(msg), "expected %s, got %s%s%s", c->expect, c->got ? c->got : "-",
			   c->message ? ": " : "", c->message ? c->message : "");
		r = putf(b, "      <%s message=\"", tag);
		if (!r)
			r = put_xml_str(b, c->outcome == GRADE_SKIP && c->message ? c->message : msg, true);
		if (!r && c->outcome == GRADE_SKIP)
			r = put(b, "\"/>\n");
		else if (!r)
			r = putf(b, "\" type=\"%s\">", c->outcome == GRADE_ERROR ? "internal error" : "verdict");
		if (!r && c->outcome != GRADE_SKIP && !(r = put_xml_str(b, msg, false)))
			r = putf(b, "</%s>\n", tag);
	}
	if (!r)
		r = details(&d, c);
	if (!r)
		r = put(b, "      <system-out>");
	if (!r)
		r = put_xml(b, d.data, d.len, false);
	if (!r)
		r = put(b, "</system-out>\n    </testcase>\n");
	outbuf_release(&d);
	return r;
}

int grade_report_junit(const struct grade_report *r, const char *path)
{
	struct outbuf b;
	outbuf_init(&b, DOC_MAX);
	int e = putf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<testsuites name=\"pairbox grade\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
		     "time=\"%u.%03u\">\n", r->nchecks, r->failed, r->errors, r->skipped, r->elapsed_ms / 1000,
		     r->elapsed_ms % 1000);
	for (size_t i = 0; !e && i < r->nproblems; i++) {
		const struct grade_problem *gp = &r->problems[i];
		size_t failed = 0, errors = 0, skipped = 0;
		uint64_t ms = 0;
		for (size_t k = 0; k < gp->nchecks; k++) {
			enum grade_outcome o = gp->checks[k].outcome;
			failed += o == GRADE_FAIL || o == GRADE_PENDING;
			errors += o == GRADE_ERROR;
			skipped += o == GRADE_SKIP;
			ms += gp->checks[k].elapsed_ms;
		}
		e = put(&b, "  <testsuite name=\"");
		if (!e)
			e = put_xml_str(&b, gp->slug, true);
		if (!e)
			e = putf(&b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%llu.%03llu\">\n",
				 gp->nchecks, failed, errors, skipped, (unsigned long long)(ms / 1000),
				 (unsigned long long)(ms % 1000));
		if (!e)
			e = put(&b, "    <properties>\n      <property name=\"dir\" value=\"");
		if (!e)
			e = put_xml_str(&b, gp->dir, true);
		if (!e)
			e = put(&b, "\"/>\n");
		if (!e && gp->format)
			e = putf(&b, "      <property name=\"format\" value=\"%s\"/>\n", gp->format);
		if (!e && gp->time_limit_ms)
			e = putf(&b, "      <property name=\"time_limit\" value=\"%u.%03u\"/>\n", gp->time_limit_ms / 1000,
				 gp->time_limit_ms % 1000);
		if (!e)
			e = put(&b, "    </properties>\n");
		for (size_t k = 0; !e && k < gp->nchecks; k++)
			e = junit_check(&b, gp, &gp->checks[k]);
		if (!e && gp->note) {
			e = put(&b, "    <system-out>");
			if (!e)
				e = put_xml_str(&b, gp->note, false);
			if (!e)
				e = put(&b, "</system-out>\n");
		}
		if (!e)
			e = put(&b, "  </testsuite>\n");
	}
	if (!e)
		e = put(&b, "</testsuites>\n");
	if (!e && b.truncated)
		e = -EFBIG;
	if (!e)
		e = write_file_atomic(path, b.data, b.len, 0644);
	outbuf_release(&b);
	return e;
}

/* ---- JSON ---------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_text(s, strlen(s)) : json_null();
}

static json_t *secs(uint32_t ms)
{
	return json_real((double)ms / 1000.0);
}

static json_t *check_json(const struct grade_check *c)
{
	json_t *o = json_object(), *tests = json_array();
	json_object_set_new(o, "kind", json_string(grade_kind_name(c->kind)));
	json_object_set_new(o, "name", str_or_null(c->name));
	json_object_set_new(o, "path", str_or_null(c->path));
	json_object_set_new(o, "expected", str_or_null(c->expect));
	json_object_set_new(o, "got", str_or_null(c->got));
	json_object_set_new(o, "result", json_string(grade_outcome_name(c->outcome)));
	json_object_set_new(o, "language", str_or_null(c->lang));
	json_object_set_new(o, "status", judged(c) ? box_status_json(c->status) : json_null());
	json_object_set_new(o, "tests_passed", judged(c) ? json_integer((json_int_t)c->passed) : json_null());
	json_object_set_new(o, "tests_total", judged(c) ? json_integer((json_int_t)c->ntests) : json_null());
	json_object_set_new(o, "tests_run", json_integer((json_int_t)c->nrun));
	json_object_set_new(o, "time", c->nrun || c->max_cpu_ms ? secs(c->max_cpu_ms) : json_null());
	json_object_set_new(o, "wall_time", c->nrun ? secs(c->max_wall_ms) : json_null());
	json_object_set_new(o, "memory", c->nrun ? json_integer((json_int_t)c->max_memory_kb) : json_null());
	json_object_set_new(o, "time_limit", c->cpu_limit_ms ? secs(c->cpu_limit_ms) : json_null());
	json_object_set_new(o, "elapsed", secs(c->elapsed_ms));
	json_object_set_new(o, "score", c->scored ? json_real(c->score) : json_null());
	json_object_set_new(o, "max_score", c->scored ? json_real(c->max_score) : json_null());
	json_object_set_new(o, "message", str_or_null(c->message));
	json_object_set_new(o, "compile_output", str_or_null(c->compile_output));
	json_object_set_new(o, "compile_cache", c->cache == JUDGE_CACHE_HIT ? json_string("hit")
				: c->cache == JUDGE_CACHE_MISS ? json_string("miss") : json_null());
	for (size_t i = 0; i < c->nrun; i++) {
		const struct grade_test *t = &c->tests[i];
		json_array_append_new(tests, json_pack("{s:o, s:o, s:o, s:o, s:I, s:o}", "name",
						       json_text(t->name, strlen(t->name)), "status",
						       box_status_json(t->status), "time", secs(t->cpu_ms), "wall_time",
						       secs(t->wall_ms), "memory", (json_int_t)t->memory_kb, "message",
						       t->message[0] ? json_text(t->message, strlen(t->message)) : json_null()));
	}
	json_object_set_new(o, "tests", tests);
	return o;
}

int grade_report_json(const struct grade_report *r, const char *path)
{
	json_t *root = json_object(), *problems = json_array();
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "mode", json_string(r->verify ? "verify" : "grade"));
	json_object_set_new(root, "path", str_or_null(r->path));
	json_object_set_new(root, "ok", json_boolean(grade_report_ok(r)));
	json_object_set_new(root, "jobs", json_integer(r->jobs));
	json_object_set_new(root, "elapsed", secs(r->elapsed_ms));
	json_object_set_new(root, "summary",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "problems", (json_int_t)r->nproblems,
				      "checks", (json_int_t)r->nchecks, "passed", (json_int_t)r->passed, "warnings",
				      (json_int_t)r->warnings, "failed", (json_int_t)r->failed, "skipped",
				      (json_int_t)r->skipped, "errors", (json_int_t)r->errors));
	for (size_t i = 0; i < r->nproblems; i++) {
		const struct grade_problem *gp = &r->problems[i];
		json_t *p = json_object(), *checks = json_array();
		json_object_set_new(p, "slug", str_or_null(gp->slug));
		json_object_set_new(p, "dir", str_or_null(gp->dir));
		json_object_set_new(p, "title", str_or_null(gp->title));
		json_object_set_new(p, "format", gp->format ? json_string(gp->format) : json_null());
		json_object_set_new(p, "ok", json_boolean(gp->ok));
		json_object_set_new(p, "tests", json_integer((json_int_t)gp->ntests));
		json_object_set_new(p, "samples", json_integer((json_int_t)gp->nsamples));
		json_object_set_new(p, "time_limit", gp->time_limit_ms ? secs(gp->time_limit_ms) : json_null());
		json_object_set_new(p, "time_limit_derived", json_boolean(gp->time_limit_derived));
		json_object_set_new(p, "scoring", json_boolean(gp->scoring));
		json_object_set_new(p, "tle_time_limit", gp->tle_limit_ms ? secs(gp->tle_limit_ms) : json_null());
		json_object_set_new(p, "slowest_accepted", gp->slowest_ac_ms ? secs(gp->slowest_ac_ms) : json_null());
		json_object_set_new(p, "ac_to_time_limit", gp->ac_to_time_limit > 0 ? json_real(gp->ac_to_time_limit)
										   : json_null());
		json_object_set_new(p, "time_limit_to_tle", gp->time_limit_to_tle > 0 ? json_real(gp->time_limit_to_tle)
										     : json_null());
		json_object_set_new(p, "note", str_or_null(gp->note));
		for (size_t k = 0; k < gp->nchecks; k++)
			json_array_append_new(checks, check_json(&gp->checks[k]));
		json_object_set_new(p, "checks", checks);
		json_array_append_new(problems, p);
	}
	json_object_set_new(root, "problems", problems);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (!text)
		return -ENOMEM;
	size_t len = strlen(text);
	char *nl = realloc(text, len + 2);        /* a trailing newline, as text files have */
	if (!nl) {
		free(text);
		return -ENOMEM;
	}
	nl[len++] = '\n';
	nl[len] = '\0';
	int e = write_file_atomic(path, nl, len, 0644);
	free(nl);
	return e;
}
