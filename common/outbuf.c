/* outbuf.c - capped byte buffer (see outbuf.h). */
#include "outbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void outbuf_init_policy(struct outbuf *b, size_t cap, enum outbuf_policy policy)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
	b->policy = policy;
}

void outbuf_init(struct outbuf *b, size_t cap)
{
	outbuf_init_policy(b, cap, OUTBUF_TRUNCATE);
}

/* A refusing buffer's failure sticks: later appends return it. */
static int fail(struct outbuf *b, int r)
{
	if (b->policy == OUTBUF_REFUSE)
		b->error = r;
	return r;
}

int outbuf_append(struct outbuf *b, const void *data, size_t len)
{
	b->seen += len;
	if (b->error) {
		b->truncated = true;
		return b->error;
	}
	size_t room = b->cap - b->len;
	if (len > room) {
		b->truncated = true;
		if (b->policy == OUTBUF_REFUSE)
			return fail(b, -EFBIG);
		len = room;
	}
	if (b->len + len + 1 > b->alloc) {
		size_t want = b->alloc ? b->alloc : 4096;
		while (want < b->len + len + 1)
			want *= 2;
		if (want > b->cap + 1)
			want = b->cap + 1;
		char *p = realloc(b->data, want);
		if (!p)
			return fail(b, -ENOMEM);
		b->data = p;
		b->alloc = want;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int outbuf_vaddf(struct outbuf *b, const char *fmt, va_list ap)
{
	/* Formatted once into a small buffer; a longer text a second time
	 * into one of its size. Either way outbuf_append applies the policy. */
	char small[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	int r;
	if (n < 0) {
		r = -EINVAL;
	} else if ((size_t)n < sizeof(small)) {
		r = outbuf_append(b, small, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (big) {
			vsnprintf(big, (size_t)n + 1, fmt, again);
			r = outbuf_append(b, big, (size_t)n);
			free(big);
		} else {
			b->seen += (size_t)n;
			r = fail(b, -ENOMEM);
		}
	}
	va_end(again);
	return r;
}

int outbuf_addf(struct outbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = outbuf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void outbuf_release(struct outbuf *b)
{
	size_t cap = b->cap;
	enum outbuf_policy policy = b->policy;
	free(b->data);
	outbuf_init_policy(b, cap, policy);
}
