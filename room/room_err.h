/* room_err.h - why the room core refused something: a code from
 * docs/realtime.md's list (what the hub puts in its error message's
 * "code") and a human-readable message naming the offending part. */
#ifndef PAIRBOX_ROOM_ERR_H
#define PAIRBOX_ROOM_ERR_H

/* The codes the room core uses (static strings; compare with strcmp or by
 * pointer). */
#define ROOM_ERR_BAD_CHANGES "bad-changes"   /* malformed, or lengths that do not fit the document */
#define ROOM_ERR_TOO_BIG     "too-big"       /* the document would pass ROOM_DOC_MAX_UNITS */
#define ROOM_ERR_NO_MEMORY   "no-memory"     /* the hub answers this as a server error */

#define ROOM_ERR_MESSAGE_MAX 160

/* Filled by a refusing call; untouched by a succeeding one. Every verb
 * that takes one accepts NULL (the caller only wants the return value). */
struct room_err {
	const char *code;                        /* one of ROOM_ERR_*, static */
	char message[ROOM_ERR_MESSAGE_MAX];      /* NUL-terminated, truncated to fit */
};

/* Set code and the printf-formatted message (err may be NULL). */
void room_err_set(struct room_err *err, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
