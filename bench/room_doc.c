/* room_doc.c - what applying an edit to a room's document costs, for the
 * choice of its form (room/doc.h): UTF-16 in a gap buffer (what pairbox
 * keeps), a flat UTF-16 array rebuilt per change set, and UTF-8 edited in
 * place (every UTF-16 position found by scanning from the start, then a
 * memmove). Typing (one unit at a cursor that moves on, jumping now and
 * then) and scattered edits, on documents of 1 Ki, 16 Ki and 200 K units;
 * also reading a change set from JSON and writing the document as UTF-8.
 * Prints figures; never passes or fails.
 *
 * usage: room_doc [EDITS]   (default 20000 per run) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changeset.h"
#include "doc.h"
#include "utf16.h"
#include "util.h"

static uint64_t rng = 0x853c49e6748fea9bull;

static size_t below(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (size_t)(rng % n) : 0;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The edits: one set each, made for the document as it is then (a
 * scratch copy tells where characters start: the UTF-8 rival cannot hold
 * half a pair, so no edit here splits one). */
static struct changeset **make_edits(const char *text, size_t len, size_t n, int scattered)
{
	struct changeset **sets = malloc(n * sizeof(*sets));
	struct room_doc *scratch;
	size_t cursor = len / 2;
	if (room_doc_new_utf8(text, len, &scratch, NULL))
		abort();
	for (size_t i = 0; i < n; i++) {
		uint16_t u = 0;
		if (scattered || i % 200 == 0)
			cursor = below(len + 1);
		if (cursor < len && !room_doc_utf16(scratch, cursor, cursor + 1, &u) && utf16_is_low(u))
			cursor--;                            /* not between the halves of a pair */
		int del = below(8) == 0 && cursor > 0;       /* a backspace now and then */
		size_t from = cursor;
		if (del && !room_doc_utf16(scratch, cursor - 1, cursor, &u))
			from = cursor - (utf16_is_low(u) ? 2 : 1);
		const char *ins = del ? "" : (below(50) ? "x" : "\xF0\x9F\x98\x80");
		if (changeset_new_replace(len, from, cursor, ins, strlen(ins), &sets[i], NULL) ||
		    room_doc_apply(scratch, sets[i], NULL))
			abort();
		len = sets[i]->len_after;
		cursor = from + sets[i]->text_len;
	}
	room_doc_free(scratch);
	return sets;
}

/* The rival forms, each as small as it can be. */
struct flat16 {
	uint16_t *u;
	size_t len;
};

static void flat16_apply(struct flat16 *f, const struct changeset *cs)
{
	uint16_t *out = malloc((cs->len_after + 1) * sizeof(*out));
	size_t a = 0, b = 0;
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *s = &cs->sections[i];
		if (s->ins < 0) {
			memcpy(out + b, f->u + a, s->len * sizeof(*out));
			b += s->len;
		} else {
			memcpy(out + b, cs->text + s->text, (size_t)s->ins * sizeof(*out));
			b += (size_t)s->ins;
		}
		a += s->len;
	}
	free(f->u);
	f->u = out;
	f->len = b;
}

struct flat8 {
	char *s;
	size_t len, cap;
};

/* The byte offset of UTF-16 position pos: a scan from the start. */
static size_t byte_of(const struct flat8 *f, size_t pos)
{
	size_t i = 0;
	for (size_t units = 0; units < pos && i < f->len;) {
		unsigned char c = (unsigned char)f->s[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		units += k == 4 ? 2 : 1;
		i += k;
	}
	return i;
}

static void flat8_apply(struct flat8 *f, const struct changeset *cs)
{
	size_t b = 0;
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *s = &cs->sections[i];
		if (s->ins < 0) {
			b += s->len;
			continue;
		}
		size_t at = byte_of(f, b), end = byte_of(f, b + s->len);
		char ins[64];
		size_t n = utf16_encode(cs->text + s->text, (size_t)s->ins, NULL, 0, ins);
		if (f->len - (end - at) + n > f->cap) {
			f->cap = (f->len + n) * 2;
			f->s = realloc(f->s, f->cap);
		}
		memmove(f->s + at + n, f->s + end, f->len - end);
		memcpy(f->s + at, ins, n);
		f->len = f->len - (end - at) + n;
		b += (size_t)s->ins;
	}
}

static char *start_text(size_t units)
{
	char *s = malloc(units + 1);
	for (size_t i = 0; i < units; i++)
		s[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	s[units] = '\0';
	return s;
}

static void run(size_t units, size_t n, int scattered)
{
	char *text = start_text(units);
	struct changeset **sets = make_edits(text, units, n, scattered);
	struct room_doc *doc;
	if (room_doc_new_utf8(text, units, &doc, NULL))
		abort();
	double t0 = now_ns();
	for (size_t i = 0; i < n; i++)
		if (room_doc_apply(doc, sets[i], NULL))
			abort();
	double gap = (now_ns() - t0) / (double)n;

	struct flat16 f16 = { malloc(units * sizeof(uint16_t)), units };
	for (size_t i = 0; i < units; i++)
		f16.u[i] = (uint16_t)text[i];
	t0 = now_ns();
	for (size_t i = 0; i < n; i++)
		flat16_apply(&f16, sets[i]);
	double flat = (now_ns() - t0) / (double)n;

	struct flat8 f8 = { text, units, units + 1 };
	t0 = now_ns();
	for (size_t i = 0; i < n; i++)
		flat8_apply(&f8, sets[i]);
	double utf8 = (now_ns() - t0) / (double)n;

	/* all three agree */
	char *out;
	size_t len;
	room_doc_utf8(doc, &out, &len);
	int same = len == f8.len && !memcmp(out, f8.s, len) && f16.len == room_doc_len(doc);
	printf("%-9s %7zu units  gap buffer %8.0f ns  flat UTF-16 %9.0f ns  UTF-8 in place %9.0f ns  %s\n",
	       scattered ? "scattered" : "typing", units, gap, flat, utf8, same ? "(same text)" : "(DIFFERENT TEXT)");
	free(out);
	for (size_t i = 0; i < n; i++)
		changeset_free(sets[i]);
	free(sets);
	free(f16.u);
	free(f8.s);
	room_doc_free(doc);
}

static void edges(void)
{
	/* reading a typical push's change set, and the document as UTF-8 */
	const char *push = "[1234,[0,\"x\"],5678]";
	json_error_t e;
	json_t *j = json_loads(push, 0, &e);
	struct changeset *cs;
	size_t n = 200000;
	double t0 = now_ns();
	for (size_t i = 0; i < n; i++) {
		changeset_parse(j, &cs, NULL);
		changeset_free(cs);
	}
	printf("changeset_parse of %s: %.0f ns (json_loads of it: ", push, (now_ns() - t0) / (double)n);
	t0 = now_ns();
	for (size_t i = 0; i < n; i++)
		json_decref(json_loads(push, 0, &e));
	printf("%.0f ns)\n", (now_ns() - t0) / (double)n);
	json_decref(j);

	char *text = start_text(ROOM_DOC_MAX_UNITS);
	struct room_doc *doc;
	room_doc_new_utf8(text, ROOM_DOC_MAX_UNITS, &doc, NULL);
	char *out;
	size_t len;
	t0 = now_ns();
	for (int i = 0; i < 50; i++) {
		room_doc_utf8(doc, &out, &len);
		free(out);
	}
	printf("a full document (%u units) as UTF-8: %.0f us; its buffer: %zu KiB\n", ROOM_DOC_MAX_UNITS,
	       (now_ns() - t0) / 50 / 1000, room_doc_capacity(doc) * 2 / 1024);
	free(text);
	room_doc_free(doc);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 1024, 16384, 200000 };   /* the last near the cap, with room to grow */
	uint64_t n = 20000;
	if (argc > 1 && (parse_u64(argv[1], &n) || n == 0 || n > 40000)) {
		fprintf(stderr, "usage: room_doc [EDITS (1-40000)]\n");
		return 2;
	}
	printf("per edit, %llu edits a run:\n", (unsigned long long)n);
	for (int scattered = 0; scattered <= 1; scattered++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
			run(sizes[i], (size_t)n, scattered);
	edges();
	return 0;
}
