/* test_changeset.c - room/changeset.c and room/utf16.c: change sets read
 * strictly from ChangeSet.toJSON()'s shape (a table of documents, sets and
 * what they make or why they are refused: astral and combining characters,
 * split pairs, line breaks, empty documents, ends), written back, mapped
 * through; UTF-8 at the edges. The same sets against CodeMirror itself:
 * collab.differential. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "changeset.h"
#include "check.h"
#include "doc.h"
#include "utf16.h"

static json_t *js(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!j)
		fprintf(stderr, "bad test JSON %s: %s\n", text, e.text);
	return j;
}

/* doc (UTF-8), changes (JSON text), then what it makes (UTF-8 and its
 * length in units) or the code it is refused with. */
struct apply_case {
	const char *doc, *changes, *want;
	long want_len;
	const char *code;
};

static const struct apply_case apply_cases[] = {
	/* empty documents */
	{ "", "[]", "", 0, NULL },
	{ "", "[[0,\"hi\"]]", "hi", 2, NULL },
	{ "", "[[0,\"\",\"\"]]", "\n", 1, NULL },
	{ "", "[0]", "", 0, NULL },
	{ "", "[1]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "", "[[1]]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	/* deletes and inserts at the ends */
	{ "abc", "[[3]]", "", 0, NULL },
	{ "abc", "[[1],2]", "bc", 2, NULL },
	{ "abc", "[2,[1]]", "ab", 2, NULL },
	{ "abc", "[[0,\"x\"],3]", "xabc", 4, NULL },
	{ "abc", "[3,[0,\"d\"]]", "abcd", 4, NULL },
	{ "abc", "[[3,\"\"]]", "", 0, NULL },
	{ "abc", "[[1,\"X\"],1,[1,\"Z\"]]", "XbZ", 3, NULL },
	{ "abc", "[3]", "abc", 3, NULL },
	/* lines: inserted text as an array of lines */
	{ "line1\nline2", "[5,[1,\" \"],5]", "line1 line2", 11, NULL },
	{ "ab", "[1,[0,\"x\",\"\",\"y\"],1]", "ax\n\nyb", 6, NULL },
	{ "a\nb", "[1,[1],1]", "ab", 2, NULL },
	/* astral characters: two units each */
	{ "a\xF0\x9F\x98\x80" "b", "[1,[2,\"x\"],1]", "axb", 3, NULL },
	{ "", "[[0,\"\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\"]]",
	  "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 6, NULL },
	{ "\xF0\x9F\x98\x80", "[[2]]", "", 0, NULL },
	/* a split pair: each lone half is U+FFFD at the edge, one unit still */
	{ "a\xF0\x9F\x98\x80" "b", "[2,[0,\"x\"],2]", "a\xEF\xBF\xBDx\xEF\xBF\xBD" "b", 5, NULL },
	{ "\xF0\x9F\x98\x80", "[[1],1]", "\xEF\xBF\xBD", 1, NULL },
	{ "\xF0\x9F\x98\x80", "[1,[1]]", "\xEF\xBF\xBD", 1, NULL },
	/* combining marks are units of their own */
	{ "e\xCC\x81", "[1,[1]]", "e", 1, NULL },
	{ "e", "[1,[0,\"\xCC\x81\"]]", "e\xCC\x81", 2, NULL },
	{ "\xE6\xBC\xA2", "[[1,\"\xE5\xAD\x97\"]]", "\xE5\xAD\x97", 1, NULL },
	/* lengths that do not fit */
	{ "abc", "[2]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[4]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[1,[1],2]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "\xF0\x9F\x98\x80", "[1]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	/* malformed shapes */
	{ "abc", "{\"a\":3}", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "3", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "\"abc\"", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[1.5,1.5]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[3.0]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[-1,4]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[]]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[\"x\"],3]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[0,1],3]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[0,\"x\",null],3]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[true]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[null]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[{}]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[[3]]]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[0,\"a\\nb\"],3]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[0,\"a\\rb\"],3]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[[0,\"\\r\\n\"],3]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[262145]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[9223372036854775807]", NULL, 0, ROOM_ERR_BAD_CHANGES },
	{ "abc", "[262144, 262144]", NULL, 0, ROOM_ERR_BAD_CHANGES },
};

static void test_apply_table(void)
{
	for (size_t i = 0; i < sizeof(apply_cases) / sizeof(*apply_cases); i++) {
		const struct apply_case *c = &apply_cases[i];
		struct room_doc *doc = NULL;
		struct changeset *cs = NULL;
		struct room_err err = { 0 };
		json_t *j = js(c->changes);
		CHECK(j != NULL);
		CHECK_EQ_INT(room_doc_new_utf8(c->doc, strlen(c->doc), &doc, NULL), 0);
		int r = changeset_parse(j, &cs, &err);
		if (!r)
			r = room_doc_apply(doc, cs, &err);
		if (c->code) {
			if (r == 0 || !err.code || strcmp(err.code, c->code) || !err.message[0])
				fprintf(stderr, "case %zu (%s on \"%s\"): want %s, got %d %s\n", i, c->changes, c->doc,
					c->code, r, err.code ? err.code : "");
			CHECK(r == -EINVAL || r == -EFBIG);
			CHECK(err.code && !strcmp(err.code, c->code));
			CHECK(err.message[0] != '\0');
			char *text;
			size_t len;
			/* refused: the document is as it was */
			CHECK(room_doc_utf8(doc, &text, &len) == 0 && len == strlen(c->doc) && !strcmp(text, c->doc));
			free(text);
		} else {
			if (r)
				fprintf(stderr, "case %zu (%s on \"%s\"): %s\n", i, c->changes, c->doc, err.message);
			CHECK_EQ_INT(r, 0);
			char *text = NULL;
			size_t len = 0;
			CHECK_EQ_INT(room_doc_len(doc), c->want_len);
			CHECK(room_doc_utf8(doc, &text, &len) == 0);
			CHECK_EQ_INT(len, strlen(c->want));
			CHECK_EQ_STR(text, c->want);
			free(text);
		}
		changeset_free(cs);
		room_doc_free(doc);
		json_decref(j);
	}
}

/* Refusals name the element, so a client author can find the mistake. */
static void refused_as(const char *changes, const char *code, const char *message)
{
	struct changeset *cs = (struct changeset *)1;
	struct room_err err = { 0 };
	json_t *j = js(changes);
	int r = changeset_parse(j, &cs, &err);
	CHECK(r < 0);
	CHECK(cs == NULL);
	CHECK_EQ_STR(err.code, code);
	if (!strstr(err.message, message))
		fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", changes, err.message, message);
	CHECK(strstr(err.message, message) != NULL);
	json_decref(j);
}

static void test_messages(void)
{
	refused_as("{}", ROOM_ERR_BAD_CHANGES, "expected an array");
	refused_as("[1,\"x\"]", ROOM_ERR_BAD_CHANGES, "changes[1]: expected a length");
	refused_as("[1,[2,\"a\",7]]", ROOM_ERR_BAD_CHANGES, "changes[1][2]: an inserted line must be a string");
	refused_as("[[0,\"a\",\"b\\nc\"]]", ROOM_ERR_BAD_CHANGES, "changes[0][2]: an inserted line holds a line break");
	refused_as("[2.5]", ROOM_ERR_BAD_CHANGES, "changes[0]: a length must be a whole number");
	refused_as("[3,-2]", ROOM_ERR_BAD_CHANGES, "changes[1]: a negative length");
	refused_as("[[]]", ROOM_ERR_BAD_CHANGES, "changes[0]: an empty array");
	refused_as("[[\"a\"]]", ROOM_ERR_BAD_CHANGES, "changes[0][0]: expected a length");
	refused_as("[300000]", ROOM_ERR_BAD_CHANGES, "past the document cap");
	refused_as("[200000,200000]", ROOM_ERR_BAD_CHANGES, "covers more than");

	/* inserted text past the cap: too-big already when read */
	size_t n = ROOM_DOC_MAX_UNITS + 1;
	char *big = malloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\0';
	json_t *j = json_pack("[[i, s]]", 0, big);
	struct changeset *cs;
	struct room_err err = { 0 };
	CHECK_EQ_INT(changeset_parse(j, &cs, &err), -EFBIG);
	CHECK_EQ_STR(err.code, ROOM_ERR_TOO_BIG);
	json_decref(j);
	/* exactly the cap is a document */
	big[n - 1] = '\0';
	j = json_pack("[[i, s]]", 0, big);
	CHECK_EQ_INT(changeset_parse(j, &cs, &err), 0);
	CHECK_EQ_INT(cs->len_after, ROOM_DOC_MAX_UNITS);
	CHECK_EQ_INT(changeset_fits(cs, 0, &err), 0);
	CHECK_EQ_INT(changeset_fits(cs, 1, &err), -EINVAL);
	CHECK_EQ_STR(err.code, ROOM_ERR_BAD_CHANGES);
	changeset_free(cs);
	json_decref(j);
	/* a set that keeps a full document and adds one unit: too-big to fit */
	j = json_pack("[i, [i, s]]", (int)ROOM_DOC_MAX_UNITS, 0, "x");
	CHECK_EQ_INT(changeset_parse(j, &cs, &err), 0);
	CHECK_EQ_INT(changeset_fits(cs, ROOM_DOC_MAX_UNITS, &err), -EFBIG);
	CHECK_EQ_STR(err.code, ROOM_ERR_TOO_BIG);
	changeset_free(cs);
	json_decref(j);
	free(big);

	/* NUL is a character like any other (a json_t made with JSON_ALLOW_NUL) */
	struct room_doc *doc = room_doc_new();
	j = js("[[0,\"a\\u0000b\"]]");
	char *text;
	size_t len;
	CHECK(changeset_parse(j, &cs, &err) == 0 && room_doc_apply(doc, cs, &err) == 0);
	CHECK(room_doc_len(doc) == 3 && room_doc_utf8(doc, &text, &len) == 0 && len == 3 && !memcmp(text, "a\0b", 4));
	free(text);
	changeset_free(cs);
	room_doc_free(doc);
	json_decref(j);

	/* text jansson would never make, but a json_t may hold: invalid UTF-8 */
	j = json_array();
	json_t *part = json_pack("[i]", 0);
	json_array_append_new(part, json_stringn_nocheck("a\xC0\x80", 3));
	json_array_append_new(j, part);
	CHECK(changeset_parse(j, &cs, &err) == -EINVAL && strstr(err.message, "invalid UTF-8 at byte 1"));
	json_decref(j);
}

/* What toJSON writes comes back as it was; [n, ""] is [n] (the same section). */
static void round_trip(const char *in, const char *want)
{
	struct changeset *cs;
	json_t *j = js(in);
	CHECK_EQ_INT(changeset_parse(j, &cs, NULL), 0);
	json_t *back = changeset_to_json(cs);
	char *text = json_dumps(back, JSON_COMPACT | JSON_ENCODE_ANY);
	CHECK_EQ_STR(text, want ? want : in);
	free(text);
	json_decref(back);
	json_decref(j);
	changeset_free(cs);
}

static void test_to_json(void)
{
	round_trip("[]", NULL);
	round_trip("[5]", NULL);
	round_trip("[[0,\"a\",\"\",\"b\"]]", NULL);
	round_trip("[1,[2,\"x\"],[0],3]", NULL);
	round_trip("[[3,\"\"]]", "[[3]]");
	round_trip("[0,[0],2,1]", NULL);         /* not normalised: sections as given */
	round_trip("[[0,\"\xF0\x9F\x98\x80\"]]", NULL);
}

struct map_case {
	const char *changes;
	unsigned pos;
	int assoc;
	enum changeset_map_mode mode;
	long want;     /* -1: deleted (null), -2: out of range */
};

/* What ChangeDesc.mapPos gives (collab.differential checks thousands more). */
static const struct map_case map_cases[] = {
	{ "[2,[0,\"x\"],2]", 2, -1, CHANGESET_MAP_SIMPLE, 2 },
	{ "[2,[0,\"x\"],2]", 2, 1, CHANGESET_MAP_SIMPLE, 3 },
	{ "[2,[0,\"x\"],2]", 2, 0, CHANGESET_MAP_SIMPLE, 3 },
	{ "[2,[0,\"x\"],2]", 3, -1, CHANGESET_MAP_SIMPLE, 4 },
	{ "[2,[0,\"x\"],2]", 4, 1, CHANGESET_MAP_SIMPLE, 5 },
	{ "[1,[2],1]", 2, -1, CHANGESET_MAP_SIMPLE, 1 },
	{ "[1,[2],1]", 2, 1, CHANGESET_MAP_SIMPLE, 1 },
	{ "[1,[2],1]", 2, 1, CHANGESET_MAP_TRACK_DEL, -1 },
	{ "[1,[2],1]", 1, 1, CHANGESET_MAP_TRACK_DEL, 1 },
	{ "[1,[2],1]", 1, 1, CHANGESET_MAP_TRACK_AFTER, -1 },
	{ "[1,[2],1]", 1, 1, CHANGESET_MAP_TRACK_BEFORE, 1 },
	{ "[1,[2],1]", 3, 1, CHANGESET_MAP_TRACK_BEFORE, -1 },
	{ "[1,[2],1]", 3, 1, CHANGESET_MAP_TRACK_AFTER, 1 },
	{ "[1,[2,\"abc\"],1]", 2, -1, CHANGESET_MAP_SIMPLE, 1 },
	{ "[1,[2,\"abc\"],1]", 2, 1, CHANGESET_MAP_SIMPLE, 4 },
	{ "[1,[2,\"abc\"],1]", 1, 1, CHANGESET_MAP_SIMPLE, 1 },
	/* a deletion then an insertion is not one replacement */
	{ "[[2],[0,\"x\"]]", 2, -1, CHANGESET_MAP_SIMPLE, 0 },
	{ "[[2,\"x\"]]", 2, -1, CHANGESET_MAP_SIMPLE, 1 },
	{ "[3]", 3, 1, CHANGESET_MAP_SIMPLE, 3 },
	{ "[]", 0, 1, CHANGESET_MAP_SIMPLE, 0 },
	{ "[3]", 4, 1, CHANGESET_MAP_SIMPLE, -2 },
	/* a cursor between the halves of a pair stays there */
	{ "[[0,\"\xF0\x9F\x98\x80\"],2]", 1, -1, CHANGESET_MAP_SIMPLE, 3 },
};

static void test_map(void)
{
	for (size_t i = 0; i < sizeof(map_cases) / sizeof(*map_cases); i++) {
		const struct map_case *c = &map_cases[i];
		struct changeset *cs;
		json_t *j = js(c->changes);
		uint32_t out = 12345;
		CHECK_EQ_INT(changeset_parse(j, &cs, NULL), 0);
		int r = changeset_map_pos(cs, c->pos, c->assoc, c->mode, &out);
		long got = r == -ENOENT ? -1 : r == -ERANGE ? -2 : r ? -3 : (long)out;
		if (got != c->want)
			fprintf(stderr, "map case %zu: %s pos %u assoc %d mode %d: want %ld got %ld\n", i, c->changes,
				c->pos, c->assoc, (int)c->mode, c->want, got);
		CHECK_EQ_INT(got, c->want);
		changeset_free(cs);
		json_decref(j);
	}

	/* selections: text typed at either edge stays outside; a cursor uses assoc */
	struct changeset *cs;
	json_t *j = js("[2,[0,\"xy\"],2,[0,\"z\"],1]");
	CHECK_EQ_INT(changeset_parse(j, &cs, NULL), 0);
	uint32_t a = 2, h = 4;
	CHECK_EQ_INT(changeset_map_range(cs, &a, &h, -1), 0);
	CHECK(a == 4 && h == 6);
	a = 4, h = 2;                  /* inverted: the same range, anchor after head */
	CHECK_EQ_INT(changeset_map_range(cs, &a, &h, -1), 0);
	CHECK(a == 6 && h == 4);
	a = h = 2;
	CHECK_EQ_INT(changeset_map_range(cs, &a, &h, 1), 0);
	CHECK(a == 4 && h == 4);
	a = h = 2;
	CHECK_EQ_INT(changeset_map_range(cs, &a, &h, -1), 0);
	CHECK(a == 2 && h == 2);
	a = 1, h = 6;
	CHECK_EQ_INT(changeset_map_range(cs, &a, &h, -1), -ERANGE);
	CHECK(a == 1 && h == 6);
	changeset_free(cs);
	json_decref(j);
}

/* The server's own sets (ChangeSet.of({from, to, insert}).toJSON()). */
static void replace_is(size_t len, size_t from, size_t to, const char *text, const char *want)
{
	struct changeset *cs;
	CHECK_EQ_INT(changeset_new_replace(len, from, to, text, strlen(text), &cs, NULL), 0);
	json_t *j = changeset_to_json(cs);
	char *s = json_dumps(j, JSON_COMPACT);
	CHECK_EQ_STR(s, want);
	free(s);
	json_decref(j);
	changeset_free(cs);
}

static void test_replace(void)
{
	replace_is(0, 0, 0, "", "[]");
	replace_is(5, 2, 2, "", "[5]");
	replace_is(0, 0, 0, "int main()\r\n{\r}\n", "[[0,\"int main()\",\"{\",\"}\",\"\"]]");
	replace_is(5, 0, 5, "x", "[[5,\"x\"]]");
	replace_is(5, 1, 3, "", "[1,[2],2]");
	replace_is(5, 5, 5, "\xF0\x9F\x98\x80", "[5,[0,\"\xF0\x9F\x98\x80\"]]");
	struct changeset *cs = NULL;
	struct room_err err = { 0 };
	CHECK_EQ_INT(changeset_new_replace(5, 3, 2, "", 0, &cs, &err), -EINVAL);
	CHECK_EQ_INT(changeset_new_replace(5, 2, 6, "", 0, &cs, &err), -EINVAL);
	CHECK_EQ_INT(changeset_new_replace(5, 0, 0, "\xFF", 1, &cs, &err), -EINVAL);
	CHECK_EQ_STR(err.code, ROOM_ERR_BAD_CHANGES);
	CHECK(cs == NULL);
}

struct utf8_case {
	const char *bytes;
	size_t len;
	long units;       /* -1: invalid */
	size_t bad_at;
};

static const struct utf8_case utf8_cases[] = {
	{ "", 0, 0, 0 },
	{ "abc", 3, 3, 0 },
	{ "\xC3\xA9", 2, 1, 0 },
	{ "\xE2\x82\xAC", 3, 1, 0 },
	{ "\xF0\x9F\x98\x80", 4, 2, 0 },
	{ "\xF4\x8F\xBF\xBF", 4, 2, 0 },       /* U+10FFFF */
	{ "\xEF\xBF\xBD", 3, 1, 0 },
	{ "a\0b", 3, 3, 0 },
	{ "a\xC0\x80", 3, -1, 1 },              /* overlong NUL */
	{ "\xE0\x80\xAF", 3, -1, 0 },           /* overlong */
	{ "\xF0\x80\x80\xAF", 4, -1, 0 },       /* overlong */
	{ "ab\xED\xA0\x80", 5, -1, 2 },         /* an encoded surrogate (CESU-8) */
	{ "\xF4\x90\x80\x80", 4, -1, 0 },       /* past U+10FFFF */
	{ "\xF5\x80\x80\x80", 4, -1, 0 },
	{ "\x80", 1, -1, 0 },                   /* a lone continuation */
	{ "\xE2\x82", 2, -1, 0 },               /* truncated */
	{ "\xF0\x9F\x98", 3, -1, 0 },
	{ "\xC3\x28", 2, -1, 0 },
};

static void test_utf8(void)
{
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(*utf8_cases); i++) {
		const struct utf8_case *c = &utf8_cases[i];
		size_t units = 99, bad = 99;
		int r = utf16_count(c->bytes, c->len, &units, &bad);
		if (c->units < 0) {
			CHECK_EQ_INT(r, -EILSEQ);
			CHECK_EQ_INT(bad, c->bad_at);
			continue;
		}
		CHECK_EQ_INT(r, 0);
		CHECK_EQ_INT(units, c->units);
		/* and back, byte for byte */
		uint16_t u[8];
		CHECK_EQ_INT(utf16_decode(c->bytes, c->len, u), units);
		char *back;
		size_t len;
		CHECK_EQ_INT(utf16_to_utf8(u, units, NULL, 0, &back, &len), 0);
		CHECK(len == c->len && !memcmp(back, c->bytes, len));
		free(back);
	}

	/* a pair split across the two spans is one character; lone halves,
	 * and a low surrogate before a high one, are U+FFFD each */
	const uint16_t hi = 0xD83D, lo = 0xDE00, x = 'x';
	char *out;
	size_t len;
	CHECK_EQ_INT(utf16_to_utf8(&hi, 1, &lo, 1, &out, &len), 0);
	CHECK(len == 4 && !memcmp(out, "\xF0\x9F\x98\x80", 4));
	free(out);
	const uint16_t reversed[] = { lo, hi, x, hi };
	CHECK_EQ_INT(utf16_to_utf8(reversed, 4, NULL, 0, &out, &len), 0);
	CHECK(len == 10 && !memcmp(out, "\xEF\xBF\xBD\xEF\xBF\xBDx\xEF\xBF\xBD", 10));
	CHECK_EQ_INT(utf16_utf8_size(reversed, 4, NULL, 0), 10);
	size_t units;
	CHECK(utf16_count(out, len, &units, NULL) == 0 && units == 4);      /* the edge is valid UTF-8, same length */
	free(out);
}

int main(void)
{
	test_apply_table();
	test_messages();
	test_to_json();
	test_map();
	test_replace();
	test_utf8();
	return check_done();
}
