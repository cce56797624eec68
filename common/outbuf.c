/* outbuf.c - capped byte buffer (see outbuf.h). */
#include "outbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void outbuf_init(struct outbuf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
}

int outbuf_append(struct outbuf *b, const void *data, size_t len)
{
	b->seen += len;
	size_t room = b->cap - b->len;
	if (len > room) {
		b->truncated = true;
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
			return -ENOMEM;
		b->data = p;
		b->alloc = want;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

void outbuf_release(struct outbuf *b)
{
	size_t cap = b->cap;
	free(b->data);
	outbuf_init(b, cap);
}
