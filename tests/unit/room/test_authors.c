/* test_authors.c - room/authors.c: who wrote each unit, against a plain
 * array of authors changed by rebuilding (thousands of random sets of
 * random_set.h by three authors: deletions across runs, emoji as two
 * units); runs merged; a set that does not fit refused and nothing
 * changed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "authors.h"
#include "changeset.h"
#include "check.h"
#include "random_set.h"

static struct changeset *parse(json_t *j)
{
	struct changeset *cs = NULL;
	struct room_err err = { 0 };
	if (changeset_parse(j, &cs, &err))
		fprintf(stderr, "parse: %s\n", err.message);
	json_decref(j);
	return cs;
}

/* The reference: one author per unit, rebuilt for each set. */
static void plain_apply(uint16_t **u, size_t *len, const struct changeset *cs, uint16_t author)
{
	uint16_t *out = malloc((cs->len_after ? cs->len_after : 1) * sizeof(*out));
	size_t a = 0, b = 0;
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *s = &cs->sections[i];
		if (s->ins < 0) {
			memcpy(out + b, *u + a, s->len * sizeof(*out));
			b += s->len;
		} else {
			for (int32_t k = 0; k < s->ins; k++)
				out[b++] = author;
		}
		a += s->len;
	}
	free(*u);
	*u = out;
	*len = b;
}

/* The runs expanded back to one author per unit; -1 when two runs in a
 * row have the same author (they should have been one) or one is empty. */
static long expand(const struct room_author_run *v, size_t n, uint16_t *out, size_t cap)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].len || (i && v[i].author == v[i - 1].author) || at + v[i].len > cap)
			return -1;
		for (uint32_t k = 0; k < v[i].len; k++)
			out[at++] = v[i].author;
	}
	return (long)at;
}

static void test_against_plain(void)
{
	struct room_authors *a = room_authors_new();
	uint16_t *ref = NULL;
	size_t len = 0, mismatches = 0, max_runs = 0;
	CHECK(a != NULL);
	for (int step = 0; step < 3000; step++) {
		struct changeset *cs = parse(random_set(len));
		CHECK(cs != NULL);
		if (!cs)
			break;
		uint16_t who = (uint16_t)below(3);
		CHECK_EQ_INT(room_authors_apply(a, cs, who, NULL), 0);
		plain_apply(&ref, &len, cs, who);
		changeset_free(cs);
		struct room_author_run *runs = NULL;
		size_t n = 0;
		CHECK_EQ_INT(room_authors_runs(a, &runs, &n), 0);
		uint16_t *got = malloc((len ? len : 1) * sizeof(*got));
		long units = expand(runs, n, got, len);
		if (units != (long)len || room_authors_len(a) != len || (len && memcmp(got, ref, len * sizeof(*got))))
			mismatches++;
		max_runs = n > max_runs ? n : max_runs;
		free(got);
		free(runs);
		if (len > 2000) {                   /* keep it small: the first 50 units stay */
			struct changeset *trim = NULL;
			CHECK_EQ_INT(changeset_new_replace(len, 50, len, "", 0, &trim, NULL), 0);
			CHECK_EQ_INT(room_authors_apply(a, trim, 0, NULL), 0);
			plain_apply(&ref, &len, trim, 0);
			changeset_free(trim);
		}
	}
	CHECK_EQ_INT(mismatches, 0);
	CHECK(max_runs > 50);        /* the authors really were mixed */
	free(ref);
	room_authors_free(a);
}

static void test_runs(void)
{
	struct room_authors *a = room_authors_new();
	struct room_author_run *v = NULL;
	size_t n = 0;
	CHECK_EQ_INT(room_authors_runs(a, &v, &n), 0);
	CHECK(v == NULL && n == 0);
	struct changeset *cs = parse(json_loads("[[0, \"abcd\"]]", 0, NULL));
	CHECK_EQ_INT(room_authors_apply(a, cs, 1, NULL), 0);
	changeset_free(cs);
	/* 2 types "XY" between b and c: a b X Y c d */
	cs = parse(json_loads("[2, [0, \"XY\"], 2]", 0, NULL));
	CHECK_EQ_INT(room_authors_apply(a, cs, 2, NULL), 0);
	changeset_free(cs);
	CHECK_EQ_INT(room_authors_runs(a, &v, &n), 0);
	CHECK(n == 3 && v[0].len == 2 && v[0].author == 1 && v[1].len == 2 && v[1].author == 2 && v[2].len == 2 &&
	      v[2].author == 1);
	free(v);
	/* Deleting 2's text joins 1's two runs into one. */
	cs = parse(json_loads("[2, [2], 2]", 0, NULL));
	CHECK_EQ_INT(room_authors_apply(a, cs, 2, NULL), 0);
	changeset_free(cs);
	CHECK_EQ_INT(room_authors_runs(a, &v, &n), 0);
	CHECK(n == 1 && v[0].len == 4 && v[0].author == 1);
	free(v);
	/* An emoji is two units of its author. */
	cs = parse(json_loads("[4, [0, \"\xF0\x9F\x98\x80\"]]", 0, NULL));
	CHECK_EQ_INT(room_authors_apply(a, cs, 0, NULL), 0);
	changeset_free(cs);
	CHECK_EQ_INT(room_authors_runs(a, &v, &n), 0);
	CHECK(n == 2 && v[1].len == 2 && v[1].author == 0 && room_authors_len(a) == 6);
	free(v);
	/* A set for another length: refused, nothing changed. */
	cs = parse(json_loads("[3, [0, \"z\"]]", 0, NULL));
	struct room_err err = { 0 };
	CHECK_EQ_INT(room_authors_apply(a, cs, 1, &err), -EINVAL);
	CHECK_EQ_STR(err.code, ROOM_ERR_BAD_CHANGES);
	changeset_free(cs);
	CHECK(room_authors_len(a) == 6);
	room_authors_free(a);
	room_authors_free(NULL);
}

int main(void)
{
	test_runs();
	test_against_plain();
	return check_done();
}
