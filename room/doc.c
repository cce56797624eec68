/* doc.c - the shared document in a UTF-16 gap buffer (doc.h).
 *
 * buf holds the text as buf[0..gap) then buf[gap_end..cap); the gap is
 * free space where the last edit happened. Typing moves the gap a few
 * units each time, and a change set's sections come in document order, so
 * one apply moves the gap at most from where it was to the set's last
 * change. */
#include "doc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "utf16.h"

struct room_doc {
	uint16_t *buf;
	size_t cap;        /* units allocated */
	size_t gap;        /* the gap is [gap, gap_end) */
	size_t gap_end;
};

/* Spare room beyond what is asked for when growing, and when a document
 * that shrank is given memory back (a pasted then deleted 200 KiB must not
 * keep half a megabyte per room). */
#define DOC_SLACK_MIN 256u
#define DOC_SHRINK_ABOVE (64u * 1024u)

static size_t doc_len(const struct room_doc *d)
{
	return d->cap - (d->gap_end - d->gap);
}

size_t room_doc_len(const struct room_doc *doc)
{
	return doc_len(doc);
}

size_t room_doc_capacity(const struct room_doc *doc)
{
	return doc->cap;
}

struct room_doc *room_doc_new(void)
{
	return calloc(1, sizeof(struct room_doc));
}

void room_doc_free(struct room_doc *doc)
{
	if (!doc)
		return;
	free(doc->buf);
	free(doc);
}

/* Reallocate to cap units with the gap at the end (never fails halfway:
 * on ENOMEM the document is as it was). */
static int resize(struct room_doc *d, size_t cap)
{
	size_t len = doc_len(d), after = d->cap - d->gap_end;
	uint16_t *nb = malloc((cap ? cap : 1) * sizeof(*nb));
	if (!nb)
		return -ENOMEM;
	if (d->gap)
		memcpy(nb, d->buf, d->gap * sizeof(*nb));
	if (after)
		memcpy(nb + d->gap, d->buf + d->gap_end, after * sizeof(*nb));
	free(d->buf);
	d->buf = nb;
	d->cap = cap;
	d->gap = len;
	d->gap_end = cap;
	return 0;
}

/* Make room for a document of up to need units. */
static int reserve(struct room_doc *d, size_t need)
{
	if (need <= d->cap)
		return 0;
	size_t slack = need / 4 > DOC_SLACK_MIN ? need / 4 : DOC_SLACK_MIN;
	return resize(d, need + slack);
}

/* Move the gap to logical position pos. */
static void move_gap(struct room_doc *d, size_t pos)
{
	if (pos < d->gap) {
		size_t n = d->gap - pos;
		memmove(d->buf + d->gap_end - n, d->buf + pos, n * sizeof(*d->buf));
		d->gap = pos;
		d->gap_end -= n;
	} else if (pos > d->gap) {
		size_t n = pos - d->gap;
		memmove(d->buf + d->gap, d->buf + d->gap_end, n * sizeof(*d->buf));
		d->gap += n;
		d->gap_end += n;
	}
}

static int doc_from_units(const uint16_t *u, size_t n, struct room_doc **out, struct room_err *err)
{
	*out = NULL;
	if (n > ROOM_DOC_MAX_UNITS) {
		room_err_set(err, ROOM_ERR_TOO_BIG, "text: more than the document cap of %u units", ROOM_DOC_MAX_UNITS);
		return -EFBIG;
	}
	struct room_doc *d = room_doc_new();
	if (!d || reserve(d, n)) {
		room_doc_free(d);
		room_err_set(err, ROOM_ERR_NO_MEMORY, "out of memory");
		return -ENOMEM;
	}
	if (n)
		memcpy(d->buf, u, n * sizeof(*u));
	d->gap = n;
	*out = d;
	return 0;
}

int room_doc_new_utf16(const uint16_t *units, size_t n, struct room_doc **out, struct room_err *err)
{
	return doc_from_units(units, n, out, err);
}

int room_doc_new_utf8(const char *utf8, size_t len, struct room_doc **out, struct room_err *err)
{
	/* The one decoder with CodeMirror's line splitting: a replacement of
	 * the empty document. */
	struct changeset *cs;
	*out = NULL;
	int r = changeset_new_replace(0, 0, 0, utf8, len, &cs, err);
	if (r)
		return r;
	r = doc_from_units(cs->text, cs->text_len, out, err);
	changeset_free(cs);
	return r;
}

/* The units the buffer must hold while cs is applied to a document of
 * len units: the gap only ever receives inserted text before the deleted
 * text behind it is dropped, so len plus everything inserted is enough. */
static size_t apply_need(size_t len, const struct changeset *cs)
{
	return len + cs->text_len;
}

/* cs fits (checked) and the buffer holds apply_need units: cannot fail. */
static void apply_fitting(struct room_doc *d, const struct changeset *cs)
{
	size_t b = 0;         /* where the section lands in the new document */
	for (size_t i = 0; i < cs->nsections; i++) {
		const struct changeset_section *sec = &cs->sections[i];
		if (sec->ins < 0) {
			b += sec->len;
			continue;
		}
		/* Text before b is the new document, text after it is what
		 * is left of the old one: the section's deleted units are
		 * the first sec->len after the gap. */
		move_gap(d, b);
		d->gap_end += sec->len;
		if (sec->ins)
			memcpy(d->buf + d->gap, cs->text + sec->text, (size_t)sec->ins * sizeof(*d->buf));
		d->gap += (size_t)sec->ins;
		b += (size_t)sec->ins;
	}
}

/* Give memory back after a document shrank a lot (best effort). */
static void maybe_shrink(struct room_doc *d)
{
	size_t len = doc_len(d);
	if (d->cap > DOC_SHRINK_ABOVE && d->cap > 4 * len)
		(void)resize(d, len + (len / 4 > DOC_SLACK_MIN ? len / 4 : DOC_SLACK_MIN));
}

int room_doc_apply(struct room_doc *doc, const struct changeset *cs, struct room_err *err)
{
	return room_doc_apply_all(doc, &cs, 1, err);
}

int room_doc_apply_all(struct room_doc *doc, const struct changeset *const *sets, size_t n,
		       struct room_err *err)
{
	size_t len = doc_len(doc), need = len;
	for (size_t i = 0; i < n; i++) {
		int r = changeset_fits(sets[i], len, err);
		if (r) {
			if (err && n > 1) {
				char why[ROOM_ERR_MESSAGE_MAX];
				memcpy(why, err->message, sizeof(why));
				room_err_set(err, err->code, "updates[%zu]: %s", i, why);
			}
			return r;
		}
		size_t want = apply_need(len, sets[i]);
		need = want > need ? want : need;
		len = sets[i]->len_after;
	}
	if (reserve(doc, need)) {
		room_err_set(err, ROOM_ERR_NO_MEMORY, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		apply_fitting(doc, sets[i]);
	maybe_shrink(doc);
	return 0;
}

int room_doc_utf8(const struct room_doc *doc, char **out, size_t *len)
{
	if (!doc->buf)            /* never grown: empty */
		return utf16_to_utf8(NULL, 0, NULL, 0, out, len);
	return utf16_to_utf8(doc->buf, doc->gap, doc->buf + doc->gap_end, doc->cap - doc->gap_end, out, len);
}

int room_doc_utf16(const struct room_doc *doc, size_t from, size_t to, uint16_t *out)
{
	if (from > to || to > doc_len(doc))
		return -ERANGE;
	for (size_t i = from; i < to; i++)
		out[i - from] = i < doc->gap ? doc->buf[i] : doc->buf[doc->gap_end + (i - doc->gap)];
	return 0;
}
