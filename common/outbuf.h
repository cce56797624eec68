/* outbuf.h - a byte buffer with a hard cap, for anything untrusted code feeds.
 *
 * What an append that would pass the cap does is the buffer's policy, set
 * at init (curl's dynbuf "toobig" idea):
 *   OUTBUF_TRUNCATE  keep what fits, drop the rest, set `truncated`, return
 *                    0: the buffer keeps the first `cap` bytes (program
 *                    output, compiler logs).
 *   OUTBUF_REFUSE    append nothing and return -EFBIG; the refusal sticks
 *                    (`error`): every later append returns it and changes
 *                    nothing, so the data is never a text with a hole in
 *                    it, and a caller may append many times and check once
 *                    (request bodies, rendered documents). A failed
 *                    allocation sticks the same way (-ENOMEM).
 * The data is always NUL-terminated for convenience (once anything was
 * appended; NULL before) but may contain NULs itself.
 * Ownership: the outbuf owns `data`; outbuf_release() frees it (NULL-safe,
 * idempotent) and leaves an empty buffer with the same cap and policy.
 */
#ifndef PAIRBOX_OUTBUF_H
#define PAIRBOX_OUTBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

enum outbuf_policy {
	OUTBUF_TRUNCATE = 0,
	OUTBUF_REFUSE,
};

struct outbuf {
	char *data;
	size_t len;
	size_t cap;        /* hard cap on len */
	size_t alloc;
	size_t seen;       /* bytes offered in total (kept or dropped) */
	bool truncated;    /* bytes were offered and not kept (either policy) */
	enum outbuf_policy policy;
	int error;         /* OUTBUF_REFUSE: 0, or the -errno every append now returns */
};

/* A truncating buffer (OUTBUF_TRUNCATE). */
void outbuf_init(struct outbuf *b, size_t cap);
void outbuf_init_policy(struct outbuf *b, size_t cap, enum outbuf_policy policy);
/* 0, or -ENOMEM (nothing appended); a refusing buffer also -EFBIG. */
int outbuf_append(struct outbuf *b, const void *data, size_t len);
/* printf-style append, with the same policy and returns (-EINVAL for a
 * format vsnprintf cannot do). A truncating buffer keeps the prefix that fits. */
int outbuf_addf(struct outbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int outbuf_vaddf(struct outbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void outbuf_release(struct outbuf *b);

#endif
