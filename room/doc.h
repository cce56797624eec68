/* doc.h - a room's shared document as the server keeps it: UTF-16 code
 * units (what CodeMirror's positions count) in a gap buffer, so applying a
 * change set costs the distance from the last edit plus what it inserts,
 * not the document's length; UTF-8 only at the edges (doc.h's _utf8
 * verbs, utf16.h).
 *
 * The document holds exactly the units the clients hold, including a lone
 * surrogate left by an edit that split a pair (CodeMirror allows it; a
 * later edit may join the halves again). Only the UTF-8 form replaces a
 * lone surrogate, with U+FFFD, one unit as well, so a client that loads
 * the UTF-8 text counts every position the same. Line breaks are "\n"
 * only: inserted lines cannot hold "\r" (changeset.h) and UTF-8 read in
 * has "\r\n" and "\r" turned into "\n", as CodeMirror splits text.
 *
 * Not thread-safe: one owner (the room's hub) at a time. Readers are
 * const and never move the gap. */
#ifndef PAIRBOX_ROOM_DOC_H
#define PAIRBOX_ROOM_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "changeset.h"
#include "room_err.h"

struct room_doc;

/* An empty document, or NULL on ENOMEM. Freed with room_doc_free. */
struct room_doc *room_doc_new(void);

/* A document holding utf8[0..len) (starter code; a snapshot's text), line
 * breaks normalised. 0 and *out (owned by the caller); -EINVAL (invalid
 * UTF-8: ROOM_ERR_BAD_CHANGES), -EFBIG (ROOM_ERR_TOO_BIG), -ENOMEM. */
int room_doc_new_utf8(const char *utf8, size_t len, struct room_doc **out, struct room_err *err);

/* A document holding exactly units[0..n) (a snapshot kept in UTF-16 to
 * keep lone surrogates): 0, -EFBIG, -ENOMEM. */
int room_doc_new_utf16(const uint16_t *units, size_t n, struct room_doc **out, struct room_err *err);

void room_doc_free(struct room_doc *doc);     /* NULL-safe */

/* The length in UTF-16 code units. */
size_t room_doc_len(const struct room_doc *doc);

/* Apply cs (borrowed) if it fits (changeset_fits): all or nothing. 0;
 * -EINVAL / -EFBIG with err from changeset_fits; -ENOMEM. On any error the
 * document is unchanged. */
int room_doc_apply(struct room_doc *doc, const struct changeset *cs, struct room_err *err);

/* A push's updates, one after the other, all or nothing: each set must fit
 * the document the previous ones make (bad-changes / too-big name the
 * update, "updates[i]: ..."), checked before any is applied. */
int room_doc_apply_all(struct room_doc *doc, const struct changeset *const *sets, size_t n,
		       struct room_err *err);

/* The document as UTF-8 (lone surrogates as U+FFFD): *out malloc'd, owned
 * by the caller, NUL-terminated; its length in *len. 0 or -ENOMEM. */
int room_doc_utf8(const struct room_doc *doc, char **out, size_t *len);

/* Copy units [from, to) into out (room for to - from units): 0, or -ERANGE
 * when the range is not inside the document. */
int room_doc_utf16(const struct room_doc *doc, size_t from, size_t to, uint16_t *out);

/* Units allocated (the document plus its gap), for memory figures. */
size_t room_doc_capacity(const struct room_doc *doc);

#endif
