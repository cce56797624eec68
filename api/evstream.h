/* evstream.h - one submission's progress as Server-Sent Events text
 * (docs/api.md): judge events pushed from a worker thread, read by the
 * connection's thread, through a bounded ring so a slow reader never
 * holds a worker up. */
#ifndef PAIRBOX_EVSTREAM_H
#define PAIRBOX_EVSTREAM_H

#include <stddef.h>

#include "judge.h"

struct evstream;

/* A stream that starts with `queued` naming token (copied). NULL on ENOMEM. */
struct evstream *evstream_new(const char *token);
void evstream_free(struct evstream *s);            /* NULL ok; nobody may push any more */

/* From any thread, never blocking beyond a short lock: ev is copied
 * (its name too). The signature dispatch_subscribe() takes. */
void evstream_push(void *s, const struct judge_event *ev);

/* The next piece of text into buf (at most max bytes): its length; 0
 * when nothing came within wait_ms (call again); -1 once the stream has
 * ended. An event that does not fit in max is skipped. */
long evstream_next(struct evstream *s, char *buf, size_t max, unsigned wait_ms);

#endif
