/* random_set.h - random change sets for the room core's tests (test_doc,
 * test_authors): kept runs and replacements in document order, some
 * deletions long, insertions of ASCII, emoji (two units), combining marks,
 * CJK and line breaks. A fixed seed: every run the same sets. */
#ifndef PAIRBOX_TEST_RANDOM_SET_H
#define PAIRBOX_TEST_RANDOM_SET_H

#include <jansson.h>
#include <stdint.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static size_t below(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (size_t)(rng % n) : 0;
}

static const char *const pieces[] = { "a", "bc", " ", "\n", "\xF0\x9F\x98\x80", "e\xCC\x81", "\xE6\xBC\xA2",
				      "\t}", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" };

/* A random set for a document of len units: kept runs and replacements in
 * order, some deletions long, insertions from pieces (split at "\n"). */
static json_t *random_set(size_t len)
{
	json_t *set = json_array();
	size_t pos = 0;
	while (pos < len || below(3) == 0) {
		size_t keep = below(len - pos + 1);
		if (keep > 0 && below(2))
			keep = below(keep + 1);
		if (keep)
			json_array_append_new(set, json_integer((json_int_t)keep));
		pos += keep;
		size_t room = len - pos, del = below(10) ? below((room < 3 ? room : 3) + 1) : below(room + 1);
		json_t *part = json_pack("[I]", (json_int_t)del);
		char line[64] = "";
		for (size_t n = below(7); n > 0; n--) {
			const char *piece = pieces[below(sizeof(pieces) / sizeof(*pieces))];
			if (!strcmp(piece, "\n")) {
				json_array_append_new(part, json_string(line));
				line[0] = '\0';
			} else if (strlen(line) + strlen(piece) < sizeof(line))
				strcat(line, piece);
		}
		if (line[0] || json_array_size(part) > 1)
			json_array_append_new(part, json_string(line));
		json_array_append_new(set, part);
		pos += del;
		if (pos >= len && below(2))
			break;
	}
	return set;
}

#endif
