/* authors.h - who wrote each unit of a room's document, for its replay
 * (docs/platform.md "Replay"): a unit an update inserts belongs to that
 * update's author until it is deleted; the units an update keeps keep
 * theirs. Authors are small indexes the caller gives meaning to (the
 * replay: 0 for the server's own updates, then its participants).
 *
 * Kept as a second document (doc.h's gap buffer) whose units are author
 * indexes instead of text, so following a change set costs what applying
 * it to the document costs: the distance from the last edit plus what it
 * inserts, never the document's length.
 *
 * Not thread-safe: one owner at a time. */
#ifndef PAIRBOX_ROOM_AUTHORS_H
#define PAIRBOX_ROOM_AUTHORS_H

#include <stddef.h>
#include <stdint.h>

#include "changeset.h"
#include "room_err.h"

struct room_authors;

/* A stretch of the document written by one author. */
struct room_author_run {
	uint32_t len;          /* UTF-16 units */
	uint16_t author;
};

/* The authors of an empty document, or NULL on ENOMEM. */
struct room_authors *room_authors_new(void);
void room_authors_free(struct room_authors *a);     /* NULL-safe */

/* The length of the document described, in UTF-16 units. */
size_t room_authors_len(const struct room_authors *a);

/* Follow cs (borrowed), whose inserted units author wrote: all or nothing,
 * as room_doc_apply. 0; -EINVAL / -EFBIG with err when cs does not fit
 * the document described (changeset_fits); -ENOMEM. */
int room_authors_apply(struct room_authors *a, const struct changeset *cs, uint16_t author, struct room_err *err);

/* The runs in document order, each the longest stretch of one author
 * (two runs in a row never have the same author): *out malloc'd (free();
 * NULL when the document is empty) and *n of them. 0 or -ENOMEM. */
int room_authors_runs(const struct room_authors *a, struct room_author_run **out, size_t *n);

#endif
