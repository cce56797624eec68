/* sqlite_problems.c - the SQLite driver's problem index (store_driver.h):
 * problems, their tags, and an FTS5 table over title, statement and tags;
 * derived data, rebuilt from the bank at every start. And the packages of
 * problems added at run time: their files. */
#define _GNU_SOURCE
#include "store_rules.h"
#include "store_sqlite.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *const sq_prob_sql[SQ_PROB_N] = {
	[SQ_PROB_CLEAR] = "DELETE FROM problems",
	[SQ_PROB_TAGS_CLEAR] = "DELETE FROM problem_tags",
	[SQ_PROB_FTS_CLEAR] = "DELETE FROM problems_fts",
	[SQ_PROB_INSERT] = "INSERT INTO problems (slug, title, difficulty, function) VALUES (?1, ?2, ?3, ?4)",
	[SQ_PROB_TAG_INSERT] = "INSERT OR IGNORE INTO problem_tags (problem_id, tag) VALUES (?1, ?2)",
	[SQ_PROB_FTS_INSERT] = "INSERT INTO problems_fts (rowid, title, statement, tags) VALUES (?1, ?2, ?3, ?4)",
	[SQ_PROB_PKG_INSERT] = "INSERT INTO problem_packages (slug, added_at_ms) VALUES (?1, ?2)",
	[SQ_PROB_PKG_FILE_INSERT] = "INSERT INTO problem_package_files (slug, path, data) VALUES (?1, ?2, ?3)",
	[SQ_PROB_PKG_FILES] = "SELECT path, data FROM problem_package_files WHERE slug = ?1 ORDER BY path",
	[SQ_PROB_PKG_SLUGS] = "SELECT slug FROM problem_packages ORDER BY added_at_ms, rowid",
	[SQ_PROB_PKG_DELETE] = "DELETE FROM problem_packages WHERE slug = ?1",
	[SQ_PROB_PKG_FILES_DELETE] = "DELETE FROM problem_package_files WHERE slug = ?1",
};

/* One problem into problems, problem_tags and problems_fts (lock held,
 * inside a transaction). 0, -EEXIST (slug taken), -ENOMEM or -EIO. */
static int problem_insert(struct sq_store *s, const struct store_problem *p)
{
	sqlite3_stmt *st = s->prob[SQ_PROB_INSERT];
	sq_bind_text(st, 1, p->slug);
	sq_bind_text(st, 2, p->title);
	sq_bind_text(st, 3, p->difficulty);
	sqlite3_bind_int(st, 4, p->function);
	int rc = sqlite3_step(st);
	int ext = sqlite3_extended_errcode(s->db);
	sq_done_with(st);
	if (rc != SQLITE_DONE)
		return ext == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : sq_fail(s, "problem insert");
	sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);

	/* The tags once more as one text for the full-text index. */
	size_t len = 1;
	for (size_t i = 0; i < p->ntags; i++)
		len += strlen(p->tags[i]) + 1;
	char *tags = malloc(len);
	if (!tags)
		return -ENOMEM;
	tags[0] = '\0';
	for (size_t i = 0, at = 0; i < p->ntags; i++) {
		size_t n = strlen(p->tags[i]);
		memcpy(tags + at, p->tags[i], n);
		at += n;
		tags[at++] = i + 1 < p->ntags ? ' ' : '\0';
	}
	int r = 0;
	st = s->prob[SQ_PROB_TAG_INSERT];
	for (size_t i = 0; i < p->ntags && !r; i++) {
		sqlite3_bind_int64(st, 1, id);
		sq_bind_text(st, 2, p->tags[i]);
		rc = sqlite3_step(st);
		sq_done_with(st);
		if (rc != SQLITE_DONE)
			r = sq_fail(s, "problem tag insert");
	}
	if (!r) {
		st = s->prob[SQ_PROB_FTS_INSERT];
		sqlite3_bind_int64(st, 1, id);
		sq_bind_text(st, 2, p->title);
		sq_bind_text(st, 3, p->statement ? p->statement : "");
		sq_bind_text(st, 4, tags);
		rc = sqlite3_step(st);
		sq_done_with(st);
		if (rc != SQLITE_DONE)
			r = sq_fail(s, "problem text insert");
	}
	free(tags);
	return r;
}

int sq_problems_replace(struct store *base, const struct store_problem *v, size_t n)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (r)
		goto out;
	for (int k = SQ_PROB_CLEAR; k <= SQ_PROB_FTS_CLEAR && !r; k++)
		r = sq_exec(s, s->prob[k], sq_prob_sql[k]);
	for (size_t i = 0; i < n && !r; i++)
		r = problem_insert(s, &v[i]);
	if (!r)
		r = sq_commit(s);
	else
		sq_rollback(s);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_problem_add(struct store *base, const struct store_problem *p)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		r = problem_insert(s, p);
		if (!r)
			r = sq_commit(s);
		else
			sq_rollback(s);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* store_search_query's quoting of one word for FTS5. */
static char *fts_quote(char *o, const char *w, size_t n, bool prefix, bool first)
{
	if (!first)
		*o++ = ' ';
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '"')
			*o++ = '"';
		*o++ = w[i];
	}
	*o++ = '"';
	if (prefix)
		*o++ = '*';
	return o;
}

/* The user's words as an FTS5 query that cannot be a syntax error: each
 * whitespace-separated word becomes a quoted string ("" inside doubles a
 * quote), so AND, OR, NOT, NEAR, parentheses, column filters and '^' are
 * plain text; a trailing '*' outside the quotes makes a prefix. Words
 * that hold no letter or digit become empty phrases, which FTS5 ignores
 * beside others and which match nothing alone. *out owned; NULL when
 * there is no word. 0 or -ENOMEM. */
static int fts_query(const char *text, char **out)
{
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '"' ? 2 : 1;
	cap += 4 * (strlen(text) / 2 + 1);       /* quotes, '*' and a space per word at most */
	return store_search_query(text, cap, fts_quote, out);
}

int sq_problem_search(struct store *base, const struct store_problem_query *q, size_t offset, size_t limit,
		      char ***slugs, size_t *n, size_t *total)
{
	struct sq_store *s = sq_of(base);
	/* Fixed SQL (nothing of the user's is spliced in): with or without
	 * the full-text match, every value bound. */
	static const char from_all[] = "FROM problems p";
	static const char from_match[] =
		"FROM problems p JOIN (SELECT rowid AS id, bm25(problems_fts, 10.0, 1.0, 5.0) AS score"
		" FROM problems_fts WHERE problems_fts MATCH ?3) m ON m.id = p.id";
	static const char where[] =
		" WHERE (?1 IS NULL OR p.difficulty = ?1) AND (?2 IS NULL OR EXISTS"
		" (SELECT 1 FROM problem_tags t WHERE t.problem_id = p.id AND t.tag = ?2))";
	static const char order_all[] =
		" ORDER BY CASE p.difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 WHEN 'hard' THEN 2 ELSE 3 END, p.slug";
	static const char order_match[] = " ORDER BY m.score, p.slug";
	char *match = NULL, count_sql[512], list_sql[768];
	int r = q->text ? fts_query(q->text, &match) : 0;
	if (r)
		return r;
	const char *from = match ? from_match : from_all;
	str_printf(count_sql, sizeof(count_sql), "SELECT count(*) %s%s", from, where);
	str_printf(list_sql, sizeof(list_sql), "SELECT p.slug %s%s%s LIMIT ?4 OFFSET ?5", from, where,
		   match ? order_match : order_all);
	char **v = NULL;
	size_t got = 0;
	sqlite3_stmt *st[2] = { NULL, NULL };
	pthread_mutex_lock(&s->lock);
	for (int k = 0; k < 2 && !r; k++) {
		if (sqlite3_prepare_v2(s->db, k ? list_sql : count_sql, -1, &st[k], NULL) != SQLITE_OK) {
			r = sq_fail(s, "problem search");
			break;
		}
		sq_bind_text(st[k], 1, q->difficulty);
		sq_bind_text(st[k], 2, q->tag);
		if (match)
			sq_bind_text(st[k], 3, match);
	}
	if (!r) {
		if (sqlite3_step(st[0]) == SQLITE_ROW)
			*total = (size_t)sqlite3_column_int64(st[0], 0);
		else
			r = sq_fail(s, "problem count");
	}
	size_t want = r ? 0 : store_page_rows(*total, offset, limit);
	if (want && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	if (!r && want) {
		sqlite3_bind_int64(st[1], 4, (sqlite3_int64)want);
		sqlite3_bind_int64(st[1], 5, (sqlite3_int64)offset);   /* below *total: in range */
		int rc = SQLITE_DONE;
		while (got < want && (rc = sqlite3_step(st[1])) == SQLITE_ROW) {
			const char *slug = (const char *)sqlite3_column_text(st[1], 0);
			if (!(v[got] = strdup(slug ? slug : ""))) {
				r = -ENOMEM;
				break;
			}
			got++;
		}
		if (!r && got < want && rc != SQLITE_DONE)
			r = sq_fail(s, "problem search");
	}
	sqlite3_finalize(st[0]);
	sqlite3_finalize(st[1]);
	pthread_mutex_unlock(&s->lock);
	free(match);
	return store_strings_out(r, v, got, slugs, n, total);
}

int sq_package_put(struct store *base, const char *slug, const struct store_file *files, size_t n, int64_t at_ms)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		sqlite3_stmt *st = s->prob[SQ_PROB_PKG_INSERT];
		sq_bind_text(st, 1, slug);
		sqlite3_bind_int64(st, 2, at_ms);
		r = sq_insert(s, st, "package insert");
		for (size_t i = 0; i < n && !r; i++) {
			st = s->prob[SQ_PROB_PKG_FILE_INSERT];
			sq_bind_text(st, 1, slug);
			sq_bind_text(st, 2, files[i].path);
			/* store.c capped the package far below INT_MAX. */
			sqlite3_bind_blob(st, 3, files[i].len ? files[i].data : "", (int)files[i].len, SQLITE_STATIC);
			r = sq_insert(s, st, "package file insert");
			if (r == -EEXIST)
				r = -EINVAL;       /* a path twice in one package */
		}
		r = sq_end(s, r);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int sq_package_get(struct store *base, const char *slug, struct store_file **files, size_t *n)
{
	struct sq_store *s = sq_of(base);
	struct store_file *v = NULL;
	size_t got = 0, cap = 0;
	int r = 0, rc = SQLITE_DONE;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->prob[SQ_PROB_PKG_FILES];
	sq_bind_text(st, 1, slug);
	while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct store_file *nv = realloc(v, ncap * sizeof(*nv));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		const void *blob = sqlite3_column_blob(st, 1);
		struct store_file *f = &v[got];
		f->path = sq_column_dup(st, 0);
		f->data = malloc(len ? len : 1);
		f->len = len;
		got++;
		if (!f->path || !f->data)
			r = -ENOMEM;
		else if (len)
			memcpy(f->data, blob, len);
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, "package files");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (!r && !got)
		r = -ENOENT;
	if (r) {
		store_files_free(v, got);
		return r;
	}
	*files = v;
	*n = got;
	return 0;
}

int sq_package_slugs(struct store *base, char ***slugs, size_t *n)
{
	struct sq_store *s = sq_of(base);
	char **v = NULL;
	size_t got = 0, cap = 0;
	int r = 0, rc = SQLITE_DONE;
	pthread_mutex_lock(&s->lock);
	sqlite3_stmt *st = s->prob[SQ_PROB_PKG_SLUGS];
	while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
			char **nv = realloc(v, ncap * sizeof(*nv));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = ncap;
		}
		if (!(v[got] = sq_column_dup(st, 0)))
			r = -ENOMEM;
		else
			got++;
	}
	if (!r && rc != SQLITE_DONE)
		r = sq_fail(s, "package slugs");
	sq_done_with(st);
	pthread_mutex_unlock(&s->lock);
	if (r) {
		for (size_t i = 0; i < got; i++)
			free(v[i]);
		free(v);
		return r;
	}
	*slugs = v;
	*n = got;
	return 0;
}

int sq_package_delete(struct store *base, const char *slug)
{
	struct sq_store *s = sq_of(base);
	pthread_mutex_lock(&s->lock);
	int r = sq_begin(s);
	if (!r) {
		sqlite3_stmt *st = s->prob[SQ_PROB_PKG_FILES_DELETE];
		sq_bind_text(st, 1, slug);
		int e = sq_change(s, st, "package files delete");
		if (e >= 0) {
			st = s->prob[SQ_PROB_PKG_DELETE];
			sq_bind_text(st, 1, slug);
			e = sq_change(s, st, "package delete");
		}
		r = sq_end(s, e < 0 ? e : e == 0 ? -ENOENT : 0);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}
