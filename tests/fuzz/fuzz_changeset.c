/* fuzz_changeset.c - CodeMirror change sets (room/changeset.c) and the
 * document they change (room/doc.c, room/utf16.c).
 * Input: a document's text (UTF-8) up to the first newline, then the
 * change set as JSON (no newline: an empty document, all JSON).
 * Properties: a refusal is named and leaves the document as it was; an
 * accepted set writes back as JSON that reads as the same set; it applies
 * exactly when its length is the document's and the result fits the cap,
 * giving a document of its len_after; the UTF-8 edge is valid UTF-8 with
 * as many UTF-16 units as the document; mapped positions stay in the new
 * document, in order (for one assoc: inside a replaced range, -1 maps to
 * its start and 1 to its end). */
#include "changeset.h"
#include "doc.h"
#include "fuzz.h"
#include "utf16.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static bool same_set(const struct changeset *a, const struct changeset *b)
{
	if (a->nsections != b->nsections || a->text_len != b->text_len || a->len_before != b->len_before ||
	    a->len_after != b->len_after)
		return false;
	for (size_t i = 0; i < a->nsections; i++)
		if (a->sections[i].len != b->sections[i].len || a->sections[i].ins != b->sections[i].ins)
			return false;
	return !a->text_len || !memcmp(a->text, b->text, a->text_len * sizeof(*a->text));
}

/* The document's UTF-8 edge: valid, one unit per unit. */
static char *edge(const struct room_doc *doc, size_t *len)
{
	char *s;
	size_t units;
	FUZZ_CHECK(room_doc_utf8(doc, &s, len) == 0, "the document converts");
	FUZZ_CHECK(utf16_count(s, *len, &units, NULL) == 0, "the UTF-8 edge is valid UTF-8");
	FUZZ_CHECK(units == room_doc_len(doc), "the UTF-8 edge has the document's units");
	return s;
}

static void check_apply(struct room_doc *doc, const struct changeset *cs)
{
	size_t before_len, after_len, len = room_doc_len(doc);
	char *before = edge(doc, &before_len);
	struct room_err err = { 0 };
	int r = room_doc_apply(doc, cs, &err);
	bool fits = cs->len_before == len && cs->len_after <= ROOM_DOC_MAX_UNITS;
	FUZZ_CHECK((r == 0) == fits, "a set applies exactly when it fits");
	char *after = edge(doc, &after_len);
	if (r) {
		FUZZ_CHECK(err.code && err.message[0], "a refusal is named");
		FUZZ_CHECK(after_len == before_len && !memcmp(before, after, after_len), "a refusal changes nothing");
	} else
		FUZZ_CHECK(room_doc_len(doc) == cs->len_after, "the result has the set's length");
	free(before);
	free(after);
}

static void check_map(const struct changeset *cs)
{
	uint32_t prev_lo = 0, prev_hi = 0;
	for (uint32_t pos = 0; pos <= cs->len_before && pos < 64; pos++) {
		uint32_t lo, hi, del;
		FUZZ_CHECK(changeset_map_pos(cs, pos, -1, CHANGESET_MAP_SIMPLE, &lo) == 0 &&
				   changeset_map_pos(cs, pos, 1, CHANGESET_MAP_SIMPLE, &hi) == 0,
			   "a position in the document maps");
		FUZZ_CHECK(lo <= hi && hi <= cs->len_after, "mapped inside the new document, assoc -1 first");
		FUZZ_CHECK(lo >= prev_lo && hi >= prev_hi, "positions keep their order (with the same assoc)");
		prev_lo = lo;
		prev_hi = hi;
		int r = changeset_map_pos(cs, pos, 1, CHANGESET_MAP_TRACK_DEL, &del);
		FUZZ_CHECK(r == 0 || r == -ENOENT, "tracked: a position or deleted");
	}
	uint32_t out;
	FUZZ_CHECK(changeset_map_pos(cs, cs->len_before + 1, 1, CHANGESET_MAP_SIMPLE, &out) == -ERANGE,
		   "past the document is out of range");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t doclen = nl ? (size_t)(nl - data) : 0;
	const char *json_text = (const char *)data + (nl ? doclen + 1 : 0);
	size_t json_len = size - (size_t)(json_text - (const char *)data);

	json_error_t jerr;
	json_t *j = json_loadb(json_text, json_len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (!j)
		return 0;
	struct changeset *cs = NULL, *again = NULL;
	struct room_err err = { 0 };
	int r = changeset_parse(j, &cs, &err);
	if (r) {
		FUZZ_CHECK(cs == NULL, "a refusal makes nothing");
		FUZZ_CHECK((r == -EINVAL || r == -EFBIG || r == -ENOMEM) && err.code && err.message[0],
			   "a refusal is named");
		json_decref(j);
		return 0;
	}
	FUZZ_CHECK(cs->len_before <= ROOM_DOC_MAX_UNITS && cs->text_len <= ROOM_DOC_MAX_UNITS,
		   "an accepted set is within the caps");
	json_t *back = changeset_to_json(cs);
	FUZZ_CHECK(back != NULL, "an accepted set writes back");
	FUZZ_CHECK(changeset_parse(back, &again, &err) == 0 && same_set(cs, again),
		   "what is written back reads as the same set");
	check_map(cs);

	struct room_doc *doc = NULL;
	if (room_doc_new_utf8((const char *)data, doclen, &doc, &err) == 0) {
		check_apply(doc, cs);
		room_doc_free(doc);
	}
	/* and once on a document of the right length (kept small: speed) */
	if (cs->len_before <= 4096 && room_doc_new_utf8("", 0, &doc, NULL) == 0) {
		struct changeset *fill;
		char *as = malloc(cs->len_before + 1);
		memset(as, 'a', cs->len_before);
		if (changeset_new_replace(0, 0, 0, as, cs->len_before, &fill, NULL) == 0) {
			FUZZ_CHECK(room_doc_apply(doc, fill, NULL) == 0, "a fresh document takes its text");
			check_apply(doc, cs);
			changeset_free(fill);
		}
		free(as);
		room_doc_free(doc);
	}
	json_decref(back);
	json_decref(j);
	changeset_free(again);
	changeset_free(cs);
	return 0;
}
