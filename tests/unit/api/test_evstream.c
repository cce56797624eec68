/* test_evstream.c - api/evstream.c: a submission's progress as
 * Server-Sent Events, through the bounded ring. Events in order, Judge0's
 * time strings, names kept JSON-safe; and a reader slower than the judge
 * loses middle events, never the end: `finished` always comes, then the
 * stream ends (a stream without its end kept a connection thread
 * forever). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "evstream.h"

/* Everything the stream gives until its end (or `calls` reads), each
 * piece after the other; *ended says whether it ended. */
static char *drain(struct evstream *s, int calls, bool *ended)
{
	size_t cap = 1 << 20, len = 0;
	char *all = calloc(1, cap), buf[4096];
	*ended = false;
	for (int i = 0; i < calls; i++) {
		long n = evstream_next(s, buf, sizeof(buf), 0);
		if (n < 0) {
			*ended = true;
			break;
		}
		if (n > 0 && len + (size_t)n < cap) {
			memcpy(all + len, buf, (size_t)n);
			len += (size_t)n;
		}
	}
	return all;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void push_run(struct evstream *s, size_t ntests, const char *name)
{
	evstream_push(s, &(struct judge_event){ .kind = JUDGE_STARTED, .status = 2, .ntests = ntests });
	evstream_push(s, &(struct judge_event){ .kind = JUDGE_COMPILING });
	evstream_push(s, &(struct judge_event){ .kind = JUDGE_COMPILED, .status = 3 });
	for (size_t i = 1; i <= ntests; i++)
		evstream_push(s, &(struct judge_event){ .kind = JUDGE_TEST_DONE, .status = 3, .test = i, .ntests = ntests,
							.name = name, .cpu_ms = 10, .memory_kb = 3072 });
	evstream_push(s, &(struct judge_event){ .kind = JUDGE_FINISHED, .status = 4 });
}

static void test_in_order(void)
{
	struct evstream *s = evstream_new("tok-1");
	push_run(s, 2, "a\"b");
	bool ended;
	char *all = drain(s, 100, &ended);
	CHECK(ended);
	const char *q = strstr(all, "event: queued\ndata: {\"token\":\"tok-1\"}\n\n");
	const char *p = strstr(all, "event: processing\n");
	const char *c = strstr(all, "event: compiled\ndata: {\"status\":{\"id\":3,");
	const char *t = strstr(all, "event: test\ndata: {\"test\":1,\"of\":2,\"name\":\"a_b\",\"status\":{\"id\":3,"
				"\"description\":\"Accepted\"},\"time\":\"0.01\",\"memory\":3072}\n\n");
	const char *f = strstr(all, "event: finished\ndata: {\"status\":{\"id\":4,\"description\":\"Wrong Answer\"}}\n\n");
	CHECK(q == all && p > q && c > p && t > c && f > t);
	CHECK(f && f[strlen("event: finished\ndata: {\"status\":{\"id\":4,\"description\":\"Wrong Answer\"}}\n\n")] == '\0');
	CHECK_EQ_INT(count(all, "event: test\n"), 2);
	CHECK_EQ_INT(count(all, "event: dropped\n"), 0);        /* nothing was lost */
	free(all);
	evstream_free(s);
}

/* The judge runs 500 tests before the reader reads at all. */
static void test_slow_reader(void)
{
	struct evstream *s = evstream_new("tok-2");
	push_run(s, 500, "t");
	bool ended;
	char *all = drain(s, 2000, &ended);
	CHECK(ended);                                            /* the stream ends... */
	const char *f = strstr(all, "event: finished\n");
	CHECK(f != NULL);                                        /* ...with its verdict, */
	CHECK(f && !strstr(f + 1, "event: "));                   /* last */
	CHECK(strstr(all, "event: queued\n") == all);
	int tests = count(all, "event: test\n");
	CHECK(tests > 0 && tests < 500);                         /* middle events lost... */
	const char *d = strstr(all, "event: dropped\ndata: {\"events\":");
	CHECK(d != NULL && d < f);                               /* ...and said so */
	if (d) {
		long lost = strtol(d + strlen("event: dropped\ndata: {\"events\":"), NULL, 10);
		CHECK_EQ_INT(lost + tests, 500);
	}
	free(all);
	evstream_free(s);
}

/* A reader that keeps up with part of it: what it read, a gap, the end. */
static void test_read_during(void)
{
	struct evstream *s = evstream_new("tok-3");
	char buf[4096];
	CHECK(evstream_next(s, buf, sizeof(buf), 0) > 0);          /* queued */
	CHECK_EQ_INT(evstream_next(s, buf, sizeof(buf), 0), strlen(": keep-alive\n\n"));  /* nothing yet */
	push_run(s, 100, "t");
	CHECK(evstream_next(s, buf, sizeof(buf), 0) > 0);
	CHECK(strncmp(buf, "event: processing\n", 18) == 0);
	for (size_t i = 1; i <= 100; i++)                          /* more after the finish: ignored */
		evstream_push(s, &(struct judge_event){ .kind = JUDGE_TEST_DONE, .status = 3, .test = i, .ntests = 100 });
	bool ended;
	char *all = drain(s, 1000, &ended);
	CHECK(ended);
	CHECK_EQ_INT(count(all, "event: finished\n"), 1);
	CHECK_EQ_INT(count(all, "event: dropped\n"), 1);
	free(all);
	/* Ended stays ended. */
	CHECK_EQ_INT(evstream_next(s, buf, sizeof(buf), 0), -1);
	evstream_free(s);
}

int main(void)
{
	test_in_order();
	test_slow_reader();
	test_read_during();
	return check_done();
}
