/* test_doc.c - room/doc.c: the UTF-16 gap buffer against a plain array
 * (thousands of random edits at moving places, so the gap travels both
 * ways and grows), the document cap at its edge, a push's updates all or
 * nothing, memory given back, a pair split by the gap, exact snapshots. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "changeset.h"
#include "check.h"
#include "doc.h"
#include "random_set.h"
#include "utf16.h"

/* The reference: the document as a plain array, changed by rebuilding. */
struct plain {
	uint16_t *u;
	size_t len;
};

static void plain_apply(struct plain *p, const struct changeset *cs)
{
	uint16_t *out = malloc((cs->len_after ? cs->len_after : 1) * sizeof(*out));
	size_t a = 0, b = 0;
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *s = &cs->sections[i];
		if (s->ins < 0) {
			memcpy(out + b, p->u + a, s->len * sizeof(*out));
			b += s->len;
		} else {
			memcpy(out + b, cs->text + s->text, (size_t)s->ins * sizeof(*out));
			b += (size_t)s->ins;
		}
		a += s->len;
	}
	free(p->u);
	p->u = out;
	p->len = b;
}

static void test_against_plain(void)
{
	struct room_doc *doc = room_doc_new();
	struct plain p = { NULL, 0 };
	size_t mismatches = 0, applied = 0, max_len = 0;
	CHECK(doc != NULL);
	for (int step = 0; step < 4000; step++) {
		json_t *j = random_set(p.len);
		struct changeset *cs;
		struct room_err err = { 0 };
		int r = changeset_parse(j, &cs, &err);
		if (r) {
			fprintf(stderr, "step %d: %s\n", step, err.message);
			CHECK_EQ_INT(r, 0);
			json_decref(j);
			break;
		}
		if (room_doc_apply(doc, cs, &err) == 0) {
			plain_apply(&p, cs);
			applied++;
		}
		changeset_free(cs);
		json_decref(j);
		uint16_t *u = malloc((p.len ? p.len : 1) * sizeof(*u));
		if (room_doc_len(doc) != p.len || room_doc_utf16(doc, 0, p.len, u) ||
		    (p.len && memcmp(u, p.u, p.len * sizeof(*u))))
			mismatches++;
		free(u);
		max_len = p.len > max_len ? p.len : max_len;
		if (p.len > 3000) {                 /* keep it small: trim to the first 100 units */
			struct changeset *trim;
			CHECK_EQ_INT(changeset_new_replace(p.len, 100, p.len, "", 0, &trim, NULL), 0);
			CHECK_EQ_INT(room_doc_apply(doc, trim, NULL), 0);
			plain_apply(&p, trim);
			changeset_free(trim);
		}
	}
	CHECK_EQ_INT(mismatches, 0);
	CHECK(applied == 4000);
	CHECK(max_len > 1000);       /* the document grew: the gap travelled far */
	/* UTF-8 out is what the reference gives */
	char *a, *b;
	size_t alen, blen;
	CHECK_EQ_INT(room_doc_utf8(doc, &a, &alen), 0);
	CHECK_EQ_INT(utf16_to_utf8(p.u, p.len, NULL, 0, &b, &blen), 0);
	CHECK(alen == blen && !memcmp(a, b, alen));
	free(a);
	free(b);
	free(p.u);
	room_doc_free(doc);
}

static struct changeset *set_of(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	struct changeset *cs = NULL;
	CHECK(j && changeset_parse(j, &cs, NULL) == 0);
	json_decref(j);
	return cs;
}

static char *utf8_of(const struct room_doc *doc)
{
	char *s = NULL;
	size_t len;
	CHECK_EQ_INT(room_doc_utf8(doc, &s, &len), 0);
	return s;
}

static void test_cap(void)
{
	/* exactly the cap is fine, one more unit is too-big and changes nothing */
	char *big = malloc(ROOM_DOC_MAX_UNITS + 2);
	memset(big, 'a', ROOM_DOC_MAX_UNITS + 1);
	big[ROOM_DOC_MAX_UNITS + 1] = '\0';
	struct room_doc *doc;
	struct room_err err = { 0 };
	CHECK_EQ_INT(room_doc_new_utf8(big, ROOM_DOC_MAX_UNITS + 1, &doc, &err), -EFBIG);
	CHECK_EQ_STR(err.code, ROOM_ERR_TOO_BIG);
	CHECK_EQ_INT(room_doc_new_utf8(big, ROOM_DOC_MAX_UNITS - 1, &doc, &err), 0);
	struct changeset *one, *two;
	CHECK_EQ_INT(changeset_new_replace(room_doc_len(doc), 5, 5, "\xF0\x9F\x98\x80", 4, &two, &err), -EFBIG);
	CHECK_EQ_INT(changeset_new_replace(room_doc_len(doc), 5, 5, "b", 1, &one, &err), 0);
	CHECK_EQ_INT(room_doc_apply(doc, one, &err), 0);
	CHECK_EQ_INT(room_doc_len(doc), ROOM_DOC_MAX_UNITS);
	CHECK_EQ_INT(room_doc_apply(doc, one, &err), -EINVAL);       /* its length is no longer the document's */
	CHECK_EQ_STR(err.code, ROOM_ERR_BAD_CHANGES);
	changeset_free(one);
	/* a full document: replacing a unit is fine, adding one is not */
	CHECK_EQ_INT(changeset_new_replace(ROOM_DOC_MAX_UNITS, 0, 1, "c", 1, &one, &err), 0);
	CHECK_EQ_INT(room_doc_apply(doc, one, &err), 0);
	changeset_free(one);
	json_t *j = json_pack("[i,[i,s]]", (int)ROOM_DOC_MAX_UNITS, 0, "d");
	CHECK_EQ_INT(changeset_parse(j, &one, &err), 0);
	CHECK_EQ_INT(room_doc_apply(doc, one, &err), -EFBIG);
	CHECK_EQ_STR(err.code, ROOM_ERR_TOO_BIG);
	CHECK_EQ_INT(room_doc_len(doc), ROOM_DOC_MAX_UNITS);
	changeset_free(one);
	json_decref(j);
	/* UTF-8 bytes are not units: the cap is in units */
	room_doc_free(doc);
	size_t n = ROOM_DOC_MAX_UNITS / 2 * 4;
	char *emoji = malloc(n);
	for (size_t i = 0; i < n; i += 4)
		memcpy(emoji + i, "\xF0\x9F\x98\x80", 4);
	CHECK_EQ_INT(room_doc_new_utf8(emoji, n, &doc, &err), 0);
	CHECK_EQ_INT(room_doc_len(doc), ROOM_DOC_MAX_UNITS);
	room_doc_free(doc);
	free(emoji);
	free(big);
}

static void test_apply_all(void)
{
	struct room_doc *doc;
	struct room_err err = { 0 };
	CHECK_EQ_INT(room_doc_new_utf8("abc", 3, &doc, NULL), 0);
	struct changeset *sets[3] = { set_of("[3,[0,\"d\"]]"), set_of("[[1],3]"), set_of("[3,[0,\"!\"]]") };
	/* the second does not fit the document the first makes ... */
	const struct changeset *bad[2] = { sets[0], sets[2] };
	CHECK_EQ_INT(room_doc_apply_all(doc, bad, 2, &err), -EINVAL);
	CHECK_EQ_STR(err.code, ROOM_ERR_BAD_CHANGES);
	CHECK(strstr(err.message, "updates[1]: ") == err.message);
	char *s = utf8_of(doc);
	CHECK_EQ_STR(s, "abc");         /* ... so nothing was applied */
	free(s);
	const struct changeset *good[3] = { sets[0], sets[1], sets[2] };
	CHECK_EQ_INT(room_doc_apply_all(doc, good, 3, &err), 0);
	s = utf8_of(doc);
	CHECK_EQ_STR(s, "bcd!");
	free(s);
	CHECK_EQ_INT(room_doc_apply_all(doc, good, 0, &err), 0);
	for (int i = 0; i < 3; i++)
		changeset_free(sets[i]);
	room_doc_free(doc);
}

static void test_gap_and_memory(void)
{
	/* a pair the gap splits is still one character in UTF-8 */
	struct room_doc *doc;
	CHECK_EQ_INT(room_doc_new_utf8("\xF0\x9F\x98\x80", 4, &doc, NULL), 0);
	struct changeset *ins = set_of("[1,[0,\"x\"],1]"), *del = set_of("[1,[1],1]");
	CHECK_EQ_INT(room_doc_apply(doc, ins, NULL), 0);
	char *s = utf8_of(doc);
	CHECK_EQ_STR(s, "\xEF\xBF\xBDx\xEF\xBF\xBD");
	free(s);
	CHECK_EQ_INT(room_doc_apply(doc, del, NULL), 0);    /* the gap now sits between the halves */
	s = utf8_of(doc);
	CHECK_EQ_STR(s, "\xF0\x9F\x98\x80");
	free(s);
	changeset_free(ins);
	changeset_free(del);

	/* exact snapshots keep lone surrogates; the UTF-8 form does not */
	const uint16_t units[] = { 'a', 0xDE00, 0xD83D, '\r' };
	uint16_t back[4];
	room_doc_free(doc);
	CHECK_EQ_INT(room_doc_new_utf16(units, 4, &doc, NULL), 0);
	CHECK_EQ_INT(room_doc_utf16(doc, 0, 4, back), 0);
	CHECK(!memcmp(back, units, sizeof(units)));
	CHECK_EQ_INT(room_doc_utf16(doc, 2, 5, back), -ERANGE);
	CHECK_EQ_INT(room_doc_utf16(doc, 3, 2, back), -ERANGE);
	s = utf8_of(doc);
	CHECK_EQ_STR(s, "a\xEF\xBF\xBD\xEF\xBF\xBD\r");
	free(s);
	room_doc_free(doc);

	/* line breaks read in as CodeMirror splits them */
	CHECK_EQ_INT(room_doc_new_utf8("a\r\nb\rc\n\r\n", 9, &doc, NULL), 0);
	CHECK_EQ_INT(room_doc_len(doc), 7);
	s = utf8_of(doc);
	CHECK_EQ_STR(s, "a\nb\nc\n\n");
	free(s);
	room_doc_free(doc);
	struct room_err err = { 0 };
	CHECK_EQ_INT(room_doc_new_utf8("a\xED\xA0\x80", 4, &doc, &err), -EINVAL);
	CHECK(strstr(err.message, "invalid UTF-8 at byte 1") != NULL);

	/* a document pasted big then cleared gives its memory back */
	char *big = malloc(200000);
	memset(big, 'x', 200000);
	doc = room_doc_new();
	struct changeset *paste, *clear;
	CHECK_EQ_INT(changeset_new_replace(0, 0, 0, big, 200000, &paste, NULL), 0);
	CHECK_EQ_INT(changeset_new_replace(200000, 0, 200000, "y", 1, &clear, NULL), 0);
	CHECK_EQ_INT(room_doc_apply(doc, paste, NULL), 0);
	CHECK(room_doc_capacity(doc) >= 200000);
	CHECK_EQ_INT(room_doc_apply(doc, clear, NULL), 0);
	CHECK(room_doc_capacity(doc) < 4096);
	s = utf8_of(doc);
	CHECK_EQ_STR(s, "y");
	free(s);
	changeset_free(paste);
	changeset_free(clear);
	room_doc_free(doc);
	free(big);

	/* the empty document, never grown */
	doc = room_doc_new();
	s = utf8_of(doc);
	CHECK_EQ_STR(s, "");
	free(s);
	CHECK_EQ_INT(room_doc_utf16(doc, 0, 0, back), 0);
	struct changeset *none = set_of("[]");
	CHECK_EQ_INT(room_doc_apply(doc, none, NULL), 0);
	changeset_free(none);
	room_doc_free(doc);
	room_doc_free(NULL);
}

int main(void)
{
	test_against_plain();
	test_cap();
	test_apply_all();
	test_gap_and_memory();
	return check_done();
}
