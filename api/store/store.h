/* store.h - the server's database: submissions and the problem index.
 * One set of verbs over a driver (store_driver.h; callers never know
 * which): today SQLite in WAL mode in the data directory (pairbox.db),
 * created and migrated on open (versioned migrations in sqlite.c). Every
 * verb is safe from any thread.
 *
 * A submission row holds its request and, once judged, its result, both
 * as JSON text in subm.h's storage form. A row is written (and committed)
 * before the client hears its token, so an accepted submission survives
 * any crash; store_finish() sets the result once and only once. */
#ifndef PAIRBOX_STORE_H
#define PAIRBOX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_TOKEN_LEN 36                /* a UUID's text */

struct store_row {
	char token[STORE_TOKEN_LEN + 1];
	int status_id;                        /* Judge0's: 1 in queue, 2 processing, 3.. final */
	char *request;                        /* owned JSON text */
	char *result;                         /* owned JSON text, NULL until finished */
	int64_t created_at_ms, finished_at_ms; /* unix milliseconds; 0 = not yet */
};

void store_row_release(struct store_row *r);    /* frees the texts; accepts a zeroed row */

/* Open (creating dir and the database) and migrate. 0 or -errno; err set. */
int store_open(const char *dir, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);               /* accepts NULL */

/* Insert rows in one transaction (all or none); rows' status_id and
 * created_at_ms are stored as given. 0, -EEXIST (token taken) or -EIO. */
int store_insert(struct store *s, const struct store_row *const *rows, size_t n);
/* 0 and *out filled, -ENOENT, or -EIO. */
int store_get(struct store *s, const char *token, struct store_row *out);
/* 1 -> 2 (Processing): 0, or -EALREADY when the row is final, -ENOENT. */
int store_set_processing(struct store *s, const char *token);
/* Final status and result, once: 0, -EALREADY if it was final already
 * (the first result stands), -ENOENT. */
int store_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms);
/* 0 or -ENOENT. */
int store_delete(struct store *s, const char *token);
/* Newest first, page from 1; *rows owned by the caller (release each,
 * then free(*rows)); *total counts every row. */
int store_list(struct store *s, size_t page, size_t per_page, struct store_row **rows, size_t *n, size_t *total);
/* Tokens of rows not final (status 1 or 2), oldest first: what a
 * restarted server must judge again. *tokens owned (free()). */
int store_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n);
/* Rows per status id (index 0..15) and in all; for /statistics. */
int store_counts(struct store *s, uint64_t by_status[16], uint64_t *total);

/* ---- the problem index (api/bank.c keeps it in step with the bank) ----
 * Derived data: the bank's problems are the truth, and the index is
 * rebuilt from them at every start. Full-text search is SQLite FTS5 over
 * title, statement and tags. */
struct store_problem {
	const char *slug, *title;             /* borrowed */
	const char *difficulty;               /* NULL when the format has none */
	const char *statement;                /* NULL ok */
	const char *const *tags;
	size_t ntags;
	bool function;                        /* function-style */
};

/* Replace the whole index with v[0..n), in one transaction. 0 or -EIO. */
int store_problems_replace(struct store *s, const struct store_problem *v, size_t n);
/* Add one problem (a run-time addition): 0, -EEXIST, -EIO. */
int store_problem_add(struct store *s, const struct store_problem *p);

struct store_problem_query {
	const char *difficulty;               /* NULL: any */
	const char *tag;                      /* NULL: any; case-blind, whole tag */
	const char *text;                     /* NULL or blank: no search. The user's words,
	                                         never FTS5 syntax: each is quoted here; a
	                                         word ending in '*' is a prefix */
	size_t page, per_page;                /* page from 1 */
};

/* Slugs matching q, best first when searching (bm25 over title, tags,
 * statement), else by difficulty then slug. *slugs owned (free each,
 * then the array); *total counts every match. 0, -ENOMEM or -EIO. */
int store_problem_search(struct store *s, const struct store_problem_query *q, char ***slugs, size_t *n,
			 size_t *total);

/* ---- the platform's rooms: the waiting room, rooms, their logs ---- */
#include "store_rooms.h"

#endif
