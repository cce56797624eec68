/* outbuf.h - a byte buffer with a hard cap, for anything untrusted code feeds.
 *
 * Appends beyond the cap are dropped and set `truncated` (curl's dynbuf
 * "toobig" idea): the buffer keeps the first `cap` bytes. The data is always
 * NUL-terminated for convenience but may contain NULs itself.
 * Ownership: the outbuf owns `data`; outbuf_release() frees it (NULL-safe,
 * idempotent) and leaves an empty buffer with the same cap.
 */
#ifndef PAIRBOX_OUTBUF_H
#define PAIRBOX_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>

struct outbuf {
	char *data;
	size_t len;
	size_t cap;        /* hard cap on len */
	size_t alloc;
	size_t seen;       /* bytes offered in total (kept or dropped) */
	bool truncated;
};

void outbuf_init(struct outbuf *b, size_t cap);
/* Returns 0, or -ENOMEM. Never fails for being over the cap: that truncates. */
int outbuf_append(struct outbuf *b, const void *data, size_t len);
void outbuf_release(struct outbuf *b);

#endif
