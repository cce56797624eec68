/* authors.c - who wrote each unit (authors.h): a document of author
 * indexes. An update's change set is applied to it with its inserted text
 * replaced by the author's index, unit for unit: the same sections over a
 * text of the same length, so every position maps exactly as it does in
 * the document. */
#include "authors.h"

#include <errno.h>
#include <stdlib.h>

#include "doc.h"

struct room_authors {
	struct room_doc *doc;        /* one unit per unit of the document: its author */
	uint16_t *fill;              /* scratch: a set's text, every unit the author */
	size_t fill_cap;
};

struct room_authors *room_authors_new(void)
{
	struct room_authors *a = calloc(1, sizeof(*a));
	if (a && !(a->doc = room_doc_new())) {
		free(a);
		return NULL;
	}
	return a;
}

void room_authors_free(struct room_authors *a)
{
	if (!a)
		return;
	room_doc_free(a->doc);
	free(a->fill);
	free(a);
}

size_t room_authors_len(const struct room_authors *a)
{
	return room_doc_len(a->doc);
}

int room_authors_apply(struct room_authors *a, const struct changeset *cs, uint16_t author, struct room_err *err)
{
	if (cs->text_len > a->fill_cap) {
		uint16_t *v = realloc(a->fill, cs->text_len * sizeof(*v));
		if (!v) {
			room_err_set(err, ROOM_ERR_NO_MEMORY, "out of memory");
			return -ENOMEM;
		}
		a->fill = v;
		a->fill_cap = cs->text_len;
	}
	for (size_t i = 0; i < cs->text_len; i++)
		a->fill[i] = author;
	/* The set's own sections (borrowed), over the author's text. */
	struct changeset by = *cs;
	by.text = a->fill;
	return room_doc_apply(a->doc, &by, err);
}

int room_authors_runs(const struct room_authors *a, struct room_author_run **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t len = room_doc_len(a->doc);
	if (!len)
		return 0;
	uint16_t *units = malloc(len * sizeof(*units));
	if (!units)
		return -ENOMEM;
	room_doc_utf16(a->doc, 0, len, units);
	size_t runs = 1;
	for (size_t i = 1; i < len; i++)
		runs += units[i] != units[i - 1];
	struct room_author_run *v = malloc(runs * sizeof(*v));
	if (!v) {
		free(units);
		return -ENOMEM;
	}
	size_t k = 0;
	v[0] = (struct room_author_run){ .len = 1, .author = units[0] };
	for (size_t i = 1; i < len; i++) {
		if (units[i] == v[k].author)
			v[k].len++;
		else
			v[++k] = (struct room_author_run){ .len = 1, .author = units[i] };
	}
	free(units);
	*out = v;
	*n = runs;
	return 0;
}
