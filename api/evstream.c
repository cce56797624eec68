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

/* The ring holds the events before the end; the end (FINISHED) has a
 * place of its own, so a reader slower than the judge loses middle
 * events, never the end: the stream always ends. A gap is said where it
 * happened, as `event: dropped` with how many events it lost. */
struct ev_slot {
	struct judge_event ev;                  /* name not kept: copied below */
	char name[64];
	size_t gap;                             /* events dropped just before this one */
};

struct evstream {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char token[STORE_TOKEN_LEN + 1];
	struct ev_slot ring[EV_MAX];
	size_t head, tail;
	size_t dropped;                         /* since the last event kept */
	bool finished;                          /* final holds the end */
	struct judge_event final;
	size_t final_gap;
	bool sent_hello, sent_end;
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
	if (s->finished) {
		/* Nothing comes after the end. */
	} else if (ev->kind == JUDGE_FINISHED) {
		s->finished = true;
		s->final = *ev;
		s->final.name = NULL;
		s->final_gap = s->dropped;
	} else if (s->tail - s->head < EV_MAX) {
		struct ev_slot *k = &s->ring[s->tail++ % EV_MAX];
		k->ev = *ev;
		k->ev.name = NULL;
		str_copy(k->name, sizeof(k->name), ev->name ? ev->name : "");
		k->gap = s->dropped;
		s->dropped = 0;
	} else {
		s->dropped++;                       /* a slow reader: the ring is full */
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

static long format_gap(char *buf, size_t max, size_t *gap)
{
	int n = snprintf(buf, max, "event: dropped\ndata: {\"events\":%zu}\n\n", *gap);
	*gap = 0;
	return n > 0 && (size_t)n < max ? n : 0;
}

/* The next piece there is to send (lock held): > 0, or 0 when there is
 * none yet, -1 after the end. */
static long next_piece(struct evstream *s, char *buf, size_t max)
{
	if (!s->sent_hello) {
		s->sent_hello = true;
		int n = snprintf(buf, max, "event: queued\ndata: {\"token\":\"%s\"}\n\n", s->token);
		return n > 0 && (size_t)n < max ? n : 0;
	}
	if (s->head < s->tail) {
		struct ev_slot *k = &s->ring[s->head % EV_MAX];
		if (k->gap)
			return format_gap(buf, max, &k->gap);
		s->head++;
		safe_name(k->name);
		long n = format_event(buf, max, &k->ev, k->name);
		return n ? n : next_piece(s, buf, max);   /* too big for buf: skipped */
	}
	if (s->finished && !s->sent_end) {
		if (s->final_gap)
			return format_gap(buf, max, &s->final_gap);
		s->sent_end = true;
		long n = format_event(buf, max, &s->final, "");
		return n ? n : -1;
	}
	return s->sent_end ? -1 : 0;
}

long evstream_next(struct evstream *s, char *buf, size_t max, unsigned wait_ms)
{
	pthread_mutex_lock(&s->lock);
	long n = next_piece(s, buf, max);
	if (n == 0) {
		struct timespec until;
		deadline_ms(CLOCK_REALTIME, wait_ms, &until);
		pthread_cond_timedwait(&s->cond, &s->lock, &until);
		n = next_piece(s, buf, max);
		if (n == 0) {
			int k = snprintf(buf, max, ": keep-alive\n\n");   /* finds closed connections */
			n = k > 0 && (size_t)k < max ? k : 0;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}
