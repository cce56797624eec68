/* evstream.c - a submission's progress as Server-Sent Events, through a
 * bounded ring between a worker and a connection (evstream.h). */
#define _GNU_SOURCE
#include "evstream.h"
#include "box_json.h"
#include "jsontext.h"
#include "store.h"
#include "util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define EV_MAX 64

struct evstream {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char token[STORE_TOKEN_LEN + 1];
	struct judge_event ev[EV_MAX];          /* names are not kept: copied below */
	char names[EV_MAX][64];
	size_t head, tail;
	bool finished, sent_end, sent_hello;
	int final_status;
};

struct evstream *evstream_new(const char *token)
{
	struct evstream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	str_copy(s->token, sizeof(s->token), token);
	return s;
}

void evstream_free(struct evstream *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s);
}

void evstream_push(void *ctx, const struct judge_event *ev)
{
	struct evstream *s = ctx;
	pthread_mutex_lock(&s->lock);
	if (s->tail - s->head < EV_MAX) {          /* a slow reader loses middle events, never the last */
		size_t k = s->tail++ % EV_MAX;
		s->ev[k] = *ev;
		str_copy(s->names[k], sizeof(s->names[k]), ev->name ? ev->name : "");
		s->ev[k].name = NULL;
	}
	if (ev->kind == JUDGE_FINISHED) {
		s->finished = true;
		s->final_status = ev->status;
	}
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static const char *const ev_names[] = { "processing", "compiling", "compiled", "test", "finished" };

static long format_event(char *buf, size_t max, const struct judge_event *ev, const char *name)
{
	int n;
	char secs[JSON_SECONDS_MAX];
	if (ev->kind == JUDGE_TEST_DONE)
		n = snprintf(buf, max, "event: test\ndata: {\"test\":%zu,\"of\":%zu,\"name\":\"%s\",\"status\":{\"id\":%d,"
			     "\"description\":\"%s\"},\"time\":\"%s\",\"memory\":%llu}\n\n",
			     ev->test, ev->ntests, name, ev->status, box_status_description(ev->status),
			     json_seconds_text(ev->cpu_ms, secs), (unsigned long long)ev->memory_kb);
	else
		n = snprintf(buf, max, "event: %s\ndata: {\"status\":{\"id\":%d,\"description\":\"%s\"}}\n\n",
			     ev_names[ev->kind], ev->status ? ev->status : BOX_ST_PROCESSING,
			     box_status_description(ev->status ? ev->status : BOX_ST_PROCESSING));
	return n > 0 && (size_t)n < max ? n : 0;
}

/* Names come from test files; keep them JSON-safe in the stream. */
static void safe_name(char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20)
			*s = '_';
}

long evstream_next(struct evstream *s, char *buf, size_t max, unsigned wait_ms)
{
	long n = 0;
	pthread_mutex_lock(&s->lock);
	if (!s->sent_hello) {
		s->sent_hello = true;
		n = snprintf(buf, max, "event: queued\ndata: {\"token\":\"%s\"}\n\n", s->token);
	} else if (s->head < s->tail) {
		size_t k = s->head++ % EV_MAX;
		safe_name(s->names[k]);
		n = format_event(buf, max, &s->ev[k], s->names[k]);
		if (s->ev[k].kind == JUDGE_FINISHED)
			s->sent_end = true;
	} else if (s->sent_end) {
		n = -1;
	} else {
		struct timespec until;
		deadline_ms(CLOCK_REALTIME, wait_ms, &until);
		pthread_cond_timedwait(&s->cond, &s->lock, &until);
		if (s->head == s->tail && !s->finished)
			n = snprintf(buf, max, ": keep-alive\n\n");   /* finds closed connections */
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}
