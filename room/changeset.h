/* changeset.h - CodeMirror's change sets (@codemirror/state ChangeSet) as
 * @codemirror/collab sends them: read strictly from ChangeSet.toJSON()'s
 * shape, written back in it, and used to map positions.
 *
 * The JSON: an array; each element either a number (that many UTF-16
 * units of the document kept) or an array [deleted] / [deleted, "line 1",
 * "line 2", ...] (that many units replaced by the lines joined with "\n";
 * [n] and [n, ""] both delete without inserting). The kept and deleted
 * units add up to the length of the document the set applies to.
 *
 * Sections are kept exactly as given, never merged or dropped: CodeMirror
 * maps positions differently across a deletion followed by an insertion
 * than across one replacement, so normalising would move cursors.
 *
 * Strict beyond what ChangeSet.fromJSON checks (it accepts any number):
 * lengths are whole numbers 0..ROOM_DOC_MAX_UNITS; an inserted line holds
 * no "\n" or "\r" (Text keeps line breaks between lines, never in them,
 * and the client splits inserted text at them); inserted text is valid
 * UTF-8. Accepted, as fromJSON does: zero-length and adjacent elements of
 * the same kind (toJSON never writes them; they change nothing). */
#ifndef PAIRBOX_CHANGESET_H
#define PAIRBOX_CHANGESET_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "room_err.h"

/* The document cap: 256 Ki UTF-16 code units (docs/realtime.md). */
#define ROOM_DOC_MAX_UNITS (256u * 1024u)
/* At most this many elements in one change set. */
#define CHANGESET_MAX_SECTIONS (256u * 1024u)

struct changeset_section {
	uint32_t len;     /* units of the old document this section covers */
	int32_t ins;      /* -1: kept as it is; else the units that replace them (0: deleted) */
	uint32_t text;    /* ins > 0: where its units start in the set's text */
};

/* Read-only for callers; made by changeset_parse / changeset_new_replace,
 * freed with changeset_free. */
struct changeset {
	struct changeset_section *sections;
	size_t nsections;
	uint16_t *text;        /* every inserted unit, section after section ("\n" between lines) */
	size_t text_len;
	uint32_t len_before;   /* the length of the document it applies to */
	uint32_t len_after;    /* the length of the document it makes */
};

/* Read json (borrowed; the "changes" of a push). On success *out is a new
 * set owned by the caller. On refusal *out is NULL, err says why
 * (ROOM_ERR_BAD_CHANGES naming the element, e.g. "changes[2][1]: an
 * inserted line holds a line break"; ROOM_ERR_TOO_BIG when the set alone
 * inserts more than a document may hold) and the return is -EINVAL or
 * -EFBIG; -ENOMEM with ROOM_ERR_NO_MEMORY. Whether it fits a given
 * document is changeset_fits' question. */
int changeset_parse(const json_t *json, struct changeset **out, struct room_err *err);

/* The set as ChangeSet.toJSON() writes it (lines split at "\n"); a lone
 * surrogate in the inserted text (only a composed or hand-made set can
 * hold one) is written as U+FFFD. New reference, NULL on ENOMEM. */
json_t *changeset_to_json(const struct changeset *cs);

/* Whether cs applies to a document of doc_len units: 0, or -EINVAL with
 * ROOM_ERR_BAD_CHANGES (its length is not the document's), or -EFBIG with
 * ROOM_ERR_TOO_BIG (the result would pass ROOM_DOC_MAX_UNITS). */
int changeset_fits(const struct changeset *cs, size_t doc_len, struct room_err *err);

/* The set that replaces units [from, to) of a document of doc_len units
 * with utf8[0..len) (line breaks "\r\n" and "\r" become "\n", as
 * CodeMirror splits inserted text): what the server itself pushes, e.g.
 * the starter code on a language switch. 0, -EINVAL (range outside the
 * document, invalid UTF-8: ROOM_ERR_BAD_CHANGES), -EFBIG (too big),
 * -ENOMEM. */
int changeset_new_replace(size_t doc_len, size_t from, size_t to, const char *utf8, size_t len,
			  struct changeset **out, struct room_err *err);

void changeset_free(struct changeset *cs);   /* NULL-safe */

/* How a position meets a deletion (CodeMirror's MapMode). */
enum changeset_map_mode {
	CHANGESET_MAP_SIMPLE = 0,    /* always a position */
	CHANGESET_MAP_TRACK_DEL,     /* none when the characters on both sides are deleted */
	CHANGESET_MAP_TRACK_BEFORE,  /* none when the character before it is deleted */
	CHANGESET_MAP_TRACK_AFTER,   /* none when the character after it is deleted */
};

/* Map pos (in the document before cs) to the document after it, as
 * ChangeDesc.mapPos does: assoc < 0 keeps it before text inserted at pos,
 * any other assoc after it. 0 and *out set; -ENOENT when mode says the
 * position was deleted (mapPos's null); -ERANGE when pos > len_before. */
int changeset_map_pos(const struct changeset *cs, uint32_t pos, int assoc, enum changeset_map_mode mode,
		      uint32_t *out);

/* Map a selection range (a cursor message's anchor and head) as
 * SelectionRange.map does: an empty range with assoc, else its start with
 * assoc 1 and its end with -1 (text typed at either edge stays outside).
 * 0, or -ERANGE (nothing changed) when either is past len_before. */
int changeset_map_range(const struct changeset *cs, uint32_t *anchor, uint32_t *head, int assoc);

#endif
