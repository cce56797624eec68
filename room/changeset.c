/* changeset.c - CodeMirror change sets read, written and mapped through (changeset.h). */
#include "changeset.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "utf16.h"

#define BAD(err, ...) (room_err_set((err), ROOM_ERR_BAD_CHANGES, __VA_ARGS__), -EINVAL)

static int no_memory(struct room_err *err)
{
	room_err_set(err, ROOM_ERR_NO_MEMORY, "out of memory");
	return -ENOMEM;
}

/* A length: a JSON integer 0..ROOM_DOC_MAX_UNITS. JSON.stringify writes
 * every whole number below 1e21 without a point or exponent, and jansson
 * reads those as integers, so a real here is not a length. */
static int read_len(const json_t *v, const char *where, size_t i, uint32_t *out, struct room_err *err)
{
	if (json_is_real(v))
		return BAD(err, "changes[%zu]%s: a length must be a whole number", i, where);
	if (!json_is_integer(v))
		return BAD(err, "changes[%zu]%s: expected a length or [deleted, ...inserted lines]", i, where);
	json_int_t n = json_integer_value(v);
	if (n < 0)
		return BAD(err, "changes[%zu]%s: a negative length", i, where);
	if (n > (json_int_t)ROOM_DOC_MAX_UNITS)
		return BAD(err, "changes[%zu]%s: a length past the document cap of %u units", i, where,
			   ROOM_DOC_MAX_UNITS);
	*out = (uint32_t)n;
	return 0;
}

/* One inserted line: valid UTF-8 without a line break. Its units in *units. */
static int read_line(const json_t *v, size_t i, size_t k, size_t *units, struct room_err *err)
{
	if (!json_is_string(v))
		return BAD(err, "changes[%zu][%zu]: an inserted line must be a string", i, k);
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), bad = 0;
	if (memchr(s, '\n', len) || memchr(s, '\r', len))
		return BAD(err, "changes[%zu][%zu]: an inserted line holds a line break", i, k);
	if (utf16_count(s, len, units, &bad))
		return BAD(err, "changes[%zu][%zu]: invalid UTF-8 at byte %zu", i, k, bad);
	return 0;
}

/* The first pass: every element checked, the sizes counted. */
static int measure(const json_t *json, size_t *nsections, size_t *text_len, struct room_err *err)
{
	if (!json_is_array(json))
		return BAD(err, "changes: expected an array (ChangeSet.toJSON())");
	size_t n = json_array_size(json), before = 0, text = 0;
	if (n > CHANGESET_MAX_SECTIONS)
		return BAD(err, "changes: more than %u elements", CHANGESET_MAX_SECTIONS);
	for (size_t i = 0; i < n; i++) {
		const json_t *part = json_array_get(json, i);
		uint32_t len;
		int r;
		if (json_is_array(part)) {
			size_t m = json_array_size(part);
			if (m == 0)
				return BAD(err, "changes[%zu]: an empty array (expected [deleted, ...inserted lines])", i);
			if ((r = read_len(json_array_get(part, 0), "[0]", i, &len, err)))
				return r;
			for (size_t k = 1; k < m; k++) {
				size_t units;
				if ((r = read_line(json_array_get(part, k), i, k, &units, err)))
					return r;
				text += units + (k > 1);     /* the "\n" before every line but the first */
				if (text > ROOM_DOC_MAX_UNITS) {
					room_err_set(err, ROOM_ERR_TOO_BIG,
						     "changes: inserts more than the document cap of %u units",
						     ROOM_DOC_MAX_UNITS);
					return -EFBIG;
				}
			}
		} else if ((r = read_len(part, "", i, &len, err)))
			return r;
		before += len;
		if (before > ROOM_DOC_MAX_UNITS)
			return BAD(err, "changes: covers more than the document cap of %u units", ROOM_DOC_MAX_UNITS);
	}
	*nsections = n;
	*text_len = text;
	return 0;
}

static struct changeset *alloc_set(size_t nsections, size_t text_len)
{
	struct changeset *cs = calloc(1, sizeof(*cs));
	if (!cs)
		return NULL;
	cs->sections = malloc((nsections ? nsections : 1) * sizeof(*cs->sections));
	cs->text = malloc((text_len ? text_len : 1) * sizeof(*cs->text));
	if (!cs->sections || !cs->text) {
		changeset_free(cs);
		return NULL;
	}
	return cs;
}

int changeset_parse(const json_t *json, struct changeset **out, struct room_err *err)
{
	size_t n, text_len;
	*out = NULL;
	int r = measure(json, &n, &text_len, err);
	if (r)
		return r;
	struct changeset *cs = alloc_set(n, text_len);
	if (!cs)
		return no_memory(err);
	/* The second pass cannot fail: measure() checked every element. */
	uint64_t before = 0, after = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *part = json_array_get(json, i);
		struct changeset_section *sec = &cs->sections[i];
		sec->text = (uint32_t)cs->text_len;
		if (!json_is_array(part)) {
			sec->len = (uint32_t)json_integer_value(part);
			sec->ins = -1;
			after += sec->len;
		} else {
			sec->len = (uint32_t)json_integer_value(json_array_get(part, 0));
			for (size_t k = 1; k < json_array_size(part); k++) {
				const json_t *line = json_array_get(part, k);
				if (k > 1)
					cs->text[cs->text_len++] = '\n';
				cs->text_len += utf16_decode(json_string_value(line), json_string_length(line),
							     cs->text + cs->text_len);
			}
			sec->ins = (int32_t)(cs->text_len - sec->text);
			after += (uint32_t)sec->ins;
		}
		before += sec->len;
	}
	cs->nsections = n;
	cs->len_before = (uint32_t)before;
	cs->len_after = (uint32_t)after;     /* <= 2 * ROOM_DOC_MAX_UNITS */
	*out = cs;
	return 0;
}

/* The inserted units [from, to) as one JSON string (lone surrogates as U+FFFD). */
static json_t *line_json(const uint16_t *u, size_t from, size_t to)
{
	char *s;
	size_t len;
	if (utf16_to_utf8(u + from, to - from, NULL, 0, &s, &len))
		return NULL;
	json_t *j = json_stringn(s, len);
	free(s);
	return j;
}

/* [len, "line", ...]: the section's text split at "\n". */
static json_t *section_json(const struct changeset *cs, const struct changeset_section *sec)
{
	json_t *a = json_array();
	if (!a || json_array_append_new(a, json_integer(sec->len)))
		goto fail;
	if (sec->ins > 0) {
		size_t start = sec->text, end = sec->text + (size_t)sec->ins;
		for (size_t i = start;; i++) {
			if (i == end || cs->text[i] == '\n') {
				if (json_array_append_new(a, line_json(cs->text, start, i)))
					goto fail;
				if (i == end)
					break;
				start = i + 1;
			}
		}
	}
	return a;
fail:
	json_decref(a);
	return NULL;
}

json_t *changeset_to_json(const struct changeset *cs)
{
	json_t *arr = json_array();
	if (!arr)
		return NULL;
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *sec = &cs->sections[i];
		json_t *part = sec->ins < 0 ? json_integer(sec->len) : section_json(cs, sec);
		if (json_array_append_new(arr, part)) {   /* also refuses a NULL part */
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int changeset_fits(const struct changeset *cs, size_t doc_len, struct room_err *err)
{
	if (cs->len_before != doc_len)
		return BAD(err, "changes: a change set of length %u for a document of length %zu",
			   cs->len_before, doc_len);
	if (cs->len_after > ROOM_DOC_MAX_UNITS) {
		room_err_set(err, ROOM_ERR_TOO_BIG, "the document would be %u units, over the cap of %u",
			     cs->len_after, ROOM_DOC_MAX_UNITS);
		return -EFBIG;
	}
	return 0;
}

/* utf8 decoded with its line breaks as CodeMirror splits them (/\r\n?|\n/). */
static int decode_text(const char *utf8, size_t len, uint16_t **out, size_t *units, struct room_err *err)
{
	size_t n, bad;
	*out = NULL;
	if (utf16_count(utf8, len, &n, &bad))
		return BAD(err, "text: invalid UTF-8 at byte %zu", bad);
	if (n > ROOM_DOC_MAX_UNITS) {
		room_err_set(err, ROOM_ERR_TOO_BIG, "text: more than the document cap of %u units", ROOM_DOC_MAX_UNITS);
		return -EFBIG;
	}
	uint16_t *u = malloc((n ? n : 1) * sizeof(*u));
	if (!u)
		return no_memory(err);
	n = utf16_decode(utf8, len, u);
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (u[i] == '\r') {
			u[w++] = '\n';
			if (i + 1 < n && u[i + 1] == '\n')
				i++;
		} else
			u[w++] = u[i];
	}
	*out = u;
	*units = w;
	return 0;
}

int changeset_new_replace(size_t doc_len, size_t from, size_t to, const char *utf8, size_t len,
			  struct changeset **out, struct room_err *err)
{
	*out = NULL;
	if (doc_len > ROOM_DOC_MAX_UNITS || from > to || to > doc_len)
		return BAD(err, "changes: range %zu..%zu outside a document of length %zu", from, to, doc_len);
	uint16_t *text;
	size_t n;
	int r = decode_text(utf8, len, &text, &n, err);
	if (r)
		return r;
	struct changeset *cs = alloc_set(3, 0);
	if (!cs) {
		free(text);
		return no_memory(err);
	}
	free(cs->text);
	cs->text = text;
	cs->text_len = n;
	/* As ChangeSet.of writes one change: kept, replaced, kept, without
	 * empty sections; no change at all is the document kept whole ([]
	 * for the empty one). */
	if (to == from && n == 0) {
		if (doc_len)
			cs->sections[cs->nsections++] = (struct changeset_section){ (uint32_t)doc_len, -1, 0 };
	} else {
		if (from > 0)
			cs->sections[cs->nsections++] = (struct changeset_section){ (uint32_t)from, -1, 0 };
		cs->sections[cs->nsections++] = (struct changeset_section){ (uint32_t)(to - from), (int32_t)n, 0 };
		if (doc_len > to)
			cs->sections[cs->nsections++] =
				(struct changeset_section){ (uint32_t)(doc_len - to), -1, 0 };
	}
	cs->len_before = (uint32_t)doc_len;
	cs->len_after = (uint32_t)(doc_len - (to - from) + n);
	if (cs->len_after > ROOM_DOC_MAX_UNITS) {
		changeset_free(cs);
		room_err_set(err, ROOM_ERR_TOO_BIG, "the document would be %zu units, over the cap of %u",
			     doc_len - (to - from) + n, ROOM_DOC_MAX_UNITS);
		return -EFBIG;
	}
	*out = cs;
	return 0;
}

void changeset_free(struct changeset *cs)
{
	if (!cs)
		return;
	free(cs->sections);
	free(cs->text);
	free(cs);
}

/* Whether mode says pos, which a replaced section [a, b) reaches (b >= pos), is gone. */
static bool tracked_away(enum changeset_map_mode mode, uint32_t pos, uint32_t a, uint32_t b)
{
	switch (mode) {
	case CHANGESET_MAP_TRACK_DEL:
		return a < pos && b > pos;
	case CHANGESET_MAP_TRACK_BEFORE:
		return a < pos;
	case CHANGESET_MAP_TRACK_AFTER:
		return b > pos;
	default:
		return false;
	}
}

int changeset_map_pos(const struct changeset *cs, uint32_t pos, int assoc, enum changeset_map_mode mode,
		      uint32_t *out)
{
	if (pos > cs->len_before)
		return -ERANGE;
	uint32_t a = 0, b = 0;     /* where the section starts, before and after */
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *sec = &cs->sections[i];
		uint32_t end = a + sec->len;
		if (sec->ins < 0) {
			if (end > pos) {           /* inside kept text: shifted only */
				*out = b + (pos - a);
				return 0;
			}
			b += sec->len;
		} else {
			if (end >= pos && tracked_away(mode, pos, a, end))
				return -ENOENT;
			/* A position strictly inside a replaced range, or at an
			 * insertion point: before the new text when assoc < 0
			 * (or when it sits at the range's start), else after.
			 * At the end of a non-empty deletion the next section
			 * decides, which is what makes [n] then [0, "x"] map
			 * differently from [n, "x"]. */
			if (end > pos || (end == pos && assoc < 0 && sec->len == 0)) {
				*out = (pos == a || assoc < 0) ? b : b + (uint32_t)sec->ins;
				return 0;
			}
			b += (uint32_t)sec->ins;
		}
		a = end;
	}
	*out = b;
	return 0;
}

int changeset_map_range(const struct changeset *cs, uint32_t *anchor, uint32_t *head, int assoc)
{
	uint32_t a, h;
	if (*anchor > cs->len_before || *head > cs->len_before)
		return -ERANGE;
	if (*anchor == *head) {
		changeset_map_pos(cs, *anchor, assoc, CHANGESET_MAP_SIMPLE, &a);
		h = a;
	} else if (*anchor < *head) {
		changeset_map_pos(cs, *anchor, 1, CHANGESET_MAP_SIMPLE, &a);
		changeset_map_pos(cs, *head, -1, CHANGESET_MAP_SIMPLE, &h);
	} else {
		changeset_map_pos(cs, *head, 1, CHANGESET_MAP_SIMPLE, &h);
		changeset_map_pos(cs, *anchor, -1, CHANGESET_MAP_SIMPLE, &a);
	}
	*anchor = a;
	*head = h;
	return 0;
}
