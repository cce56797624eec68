/* pg_problems.c - the PostgreSQL driver's problem index (store_driver.h,
 * store_pg.h): problems with a weighted tsvector over title, tags and
 * statement (full-text search ranked by ts_rank), and their tags; derived
 * data, rebuilt from the bank when a node starts. And the packages of
 * problems added at run time, which every node loads: their files. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The English configuration stems as the SQLite driver's porter
 * tokenizer does ("array" finds "arrays"); weights A (title), B (tags),
 * C (statement), ranked 10 : 5 : 1 as SQLite's bm25 weights. Tags are
 * unique per problem case-blind and found case-blind. */
static const char *const steps[] = {
	"CREATE TABLE problems ("
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	"  slug text UNIQUE NOT NULL,"
	"  title text NOT NULL,"
	"  difficulty text,"
	"  function boolean NOT NULL DEFAULT false,"
	"  tags_text text NOT NULL DEFAULT '',"
	"  statement text NOT NULL DEFAULT '',"
	"  tsv tsvector GENERATED ALWAYS AS ("
	"    setweight(to_tsvector('english'::regconfig, title), 'A') ||"
	"    setweight(to_tsvector('english'::regconfig, tags_text), 'B') ||"
	"    setweight(to_tsvector('english'::regconfig, statement), 'C')) STORED);"
	"CREATE INDEX problems_tsv ON problems USING gin (tsv);"
	"CREATE TABLE problem_tags ("
	"  problem_id bigint NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
	"  tag text NOT NULL);"
	"CREATE UNIQUE INDEX problem_tags_key ON problem_tags (problem_id, lower(tag));"
	"CREATE INDEX problem_tags_tag ON problem_tags (lower(tag));",
	/* 2: problems added at run time: their folders' files, the truth for
	 * additions (not derived: replace never touches them). */
	"CREATE TABLE problem_packages ("
	"  slug text PRIMARY KEY,"
	"  seq bigint GENERATED ALWAYS AS IDENTITY,"
	"  added_at_ms bigint NOT NULL);"
	"CREATE TABLE problem_package_files ("
	"  slug text NOT NULL REFERENCES problem_packages(slug) ON DELETE CASCADE,"
	"  path text NOT NULL,"
	"  data bytea NOT NULL,"
	"  PRIMARY KEY (slug, path));",
};
const struct pg_family pg_family_problems = { "problems", steps, sizeof(steps) / sizeof(steps[0]) };

/* The ranking's weights, as ts_rank reads them: {D, C, B, A}. */
#define RANK_WEIGHTS "'{0.1, 0.1, 0.5, 1.0}'"

/* The tags as a PostgreSQL array literal ({"a","b"}: each element quoted,
 * '"' and '\' escaped) and as one text for the index. Both owned. 0 or
 * -ENOMEM. */
static int tags_texts(const struct store_problem *p, char **array, char **joined)
{
	size_t alen = 3, jlen = 1;
	for (size_t i = 0; i < p->ntags; i++) {
		alen += 2 * strlen(p->tags[i]) + 3;
		jlen += strlen(p->tags[i]) + 1;
	}
	char *a = malloc(alen), *j = malloc(jlen), *ao = a, *jo = j;
	if (!a || !j) {
		free(a);
		free(j);
		return -ENOMEM;
	}
	*ao++ = '{';
	for (size_t i = 0; i < p->ntags; i++) {
		if (i) {
			*ao++ = ',';
			*jo++ = ' ';
		}
		*ao++ = '"';
		for (const char *t = p->tags[i]; *t; t++) {
			if (*t == '"' || *t == '\\')
				*ao++ = '\\';
			*ao++ = *t;
			*jo++ = *t;
		}
		*ao++ = '"';
	}
	*ao++ = '}';
	*ao = '\0';
	*jo = '\0';
	*array = a;
	*joined = j;
	return 0;
}

/* One problem and its tags, in one statement (inside the caller's
 * transaction or alone). 0, -EEXIST (slug taken), -ENOMEM or -EIO. */
static int problem_insert(PGconn *c, const struct store_problem *p)
{
	char *array, *joined;
	if (tags_texts(p, &array, &joined))
		return -ENOMEM;
	const char *params[] = { p->slug, p->title, p->difficulty, p->function ? "true" : "false", joined,
				 p->statement ? p->statement : "", array };
	int r = pg_exec(c, "problem insert",
			"WITH p AS (INSERT INTO problems (slug, title, difficulty, function, tags_text, statement)"
			" VALUES ($1, $2, $3, $4, $5, $6) RETURNING id)"
			" INSERT INTO problem_tags (problem_id, tag) SELECT p.id, t FROM p, unnest($7::text[]) t"
			" ON CONFLICT DO NOTHING",
			7, params);
	free(array);
	free(joined);
	return r < 0 ? r : 0;
}

int pg_problems_replace(struct store *base, const struct store_problem *v, size_t n)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin(c);
	if (!r) {
		/* Two nodes starting together take turns (readers do not
		 * wait): the second's DELETE then sees the first's rows. */
		int e = pg_exec(c, "problem index lock", "LOCK TABLE problems IN SHARE ROW EXCLUSIVE MODE", 0, NULL);
		if (e >= 0)
			e = pg_exec(c, "problem index clear", "DELETE FROM problems", 0, NULL);
		r = e < 0 ? e : 0;
		for (size_t i = 0; i < n && !r; i++)
			r = problem_insert(c, &v[i]);
		r = pg_end(c, r);
	}
	pg_put(s, c);
	return r;
}

int pg_problem_add(struct store *base, const struct store_problem *p)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	/* One statement: the problem and its tags, or nothing. */
	int r = problem_insert(c, p);
	pg_put(s, c);
	return r;
}

/* store_search_query's quoting of one word for to_tsquery(). */
static char *ts_quote(char *o, const char *w, size_t n, bool prefix, bool first)
{
	if (!first)
		o = stpcpy(o, " & ");
	*o++ = '\'';
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '\'' || w[i] == '\\')
			*o++ = '\\';
		*o++ = w[i];
	}
	*o++ = '\'';
	return prefix ? stpcpy(o, ":*") : o;
}

/* The user's words as a to_tsquery() text that cannot be a syntax error:
 * each whitespace-separated word becomes a quoted lexeme ('\' before a
 * quote or a backslash inside), so &, |, !, <->, parentheses and weights
 * are plain text; a trailing '*' makes a prefix (:*); words are ANDed.
 * A word that holds no lexeme (punctuation, a stop word) is dropped by
 * to_tsquery beside others and matches nothing alone, as the SQLite
 * driver's empty phrases. *out owned; NULL when there is no word. 0 or
 * -ENOMEM. */
static int ts_query(const char *text, char **out)
{
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += 7;                        /* an escape, or quotes, ':*' and ' & ' per word at most */
	return store_search_query(text, cap, ts_quote, out);
}

int pg_problem_search(struct store *base, const struct store_problem_query *q, size_t offset, size_t limit,
		      char ***slugs, size_t *n, size_t *total)
{
	struct pg_store *s = pg_of(base);
	/* Fixed SQL (nothing of the user's is spliced in): with or without
	 * the full-text match, every value a parameter. */
	static const char where[] =
		" WHERE ($1::text IS NULL OR p.difficulty = $1) AND ($2::text IS NULL OR EXISTS"
		" (SELECT 1 FROM problem_tags t WHERE t.problem_id = p.id AND lower(t.tag) = lower($2)))";
	static const char count_all[] = "SELECT count(*) FROM problems p";
	static const char count_match[] =
		"SELECT count(*) FROM problems p, to_tsquery('english', $3) m";
	static const char list_all[] =
		" ORDER BY CASE p.difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 WHEN 'hard' THEN 2 ELSE 3 END,"
		" p.slug LIMIT $3 OFFSET $4";
	static const char list_match[] =
		" AND p.tsv @@ m ORDER BY ts_rank(" RANK_WEIGHTS ", p.tsv, m) DESC, p.slug LIMIT $4 OFFSET $5";
	char *match = NULL, count_sql[512], list_sql[1024];
	int r = q->text ? ts_query(q->text, &match) : 0;
	if (r)
		return r;
	str_printf(count_sql, sizeof(count_sql), "%s%s%s", match ? count_match : count_all, where,
		   match ? " AND p.tsv @@ m" : "");
	str_printf(list_sql, sizeof(list_sql), "SELECT p.slug FROM problems p%s%s%s",
		   match ? ", to_tsquery('english', $3) m" : "", where, match ? list_match : list_all);
	PGconn *c = pg_get(s);
	if (!c) {
		free(match);
		return -EIO;
	}
	char **v = NULL;
	size_t got = 0, want = 0;
	/* The total and the page from one snapshot. */
	r = pg_begin_snapshot(c);
	const char *params[5] = { q->difficulty, q->tag, match };
	PGresult *res = r ? NULL : pg_query(c, "problem count", count_sql, match ? 3 : 2, params, &r);
	if (res)
		*total = (size_t)pg_get_i64(res, 0, 0);
	PQclear(res);
	if (!r && (want = store_page_rows(*total, offset, limit)) && !(v = calloc(want, sizeof(*v))))
		r = -ENOMEM;
	if (!r && want) {
		char lb[24], ob[24];
		int np = match ? 5 : 4;
		params[np - 2] = pg_i64(lb, (int64_t)want);
		params[np - 1] = pg_i64(ob, (int64_t)offset);   /* below *total: in range */
		res = pg_query(c, "problem search", list_sql, np, params, &r);
		for (int i = 0; res && i < PQntuples(res) && got < want; i++) {
			if (!(v[got] = pg_get_dup(res, i, 0))) {
				r = -ENOMEM;
				break;
			}
			got++;
		}
		PQclear(res);
	}
	if (PQtransactionStatus(c) != PQTRANS_IDLE)
		pg_rollback(c);
	pg_put(s, c);
	free(match);
	return store_strings_out(r, v, got, slugs, n, total);
}

int pg_package_put(struct store *base, const char *slug, const struct store_file *files, size_t n, int64_t at_ms)
{
	struct pg_store *s = pg_of(base);
	PGconn *c = pg_get(s);
	if (!c)
		return -EIO;
	int r = pg_begin(c);
	if (!r) {
		char ab[24];
		const char *p[] = { slug, pg_i64(ab, at_ms) };
		/* The slug's primary key decides between nodes adding one name. */
		int e = pg_exec(c, "package insert", "INSERT INTO problem_packages (slug, added_at_ms) VALUES ($1, $2)",
				2, p);
		for (size_t i = 0; i < n && e >= 0; i++) {
			const char *fp[] = { slug, files[i].path, files[i].len ? files[i].data : "" };
			const int lengths[] = { 0, 0, (int)files[i].len }, formats[] = { 0, 0, 1 };   /* capped by store.c */
			PGresult *res = pg_query_bin(c, "package file insert",
						     "INSERT INTO problem_package_files (slug, path, data) VALUES ($1, $2, $3)",
						     3, fp, lengths, formats, 0, &e);
			PQclear(res);
			if (e == -EEXIST)
				e = -EINVAL;       /* a path twice in one package */
		}
		r = pg_end(c, e < 0 ? e : 0);
	}
	pg_put(s, c);
	return r;
}

int pg_package_get(struct store *base, const char *slug, struct store_file **files, size_t *n)
{
	const char *p[] = { slug };
	int r;
	/* Binary results: a text's bytes and a bytea's, as they are. */
	PGresult *res = pg_query_bin_once(pg_of(base), "package files",
					  "SELECT path, data FROM problem_package_files WHERE slug = $1 ORDER BY path", 1,
					  p, NULL, NULL, 1, &r);
	if (!res)
		return r;
	int rows = PQntuples(res);
	struct store_file *v = rows ? calloc((size_t)rows, sizeof(*v)) : NULL;
	r = !rows ? -ENOENT : !v ? -ENOMEM : 0;
	for (int i = 0; !r && i < rows; i++) {
		size_t plen = (size_t)PQgetlength(res, i, 0), len = (size_t)PQgetlength(res, i, 1);
		if (!(v[i].path = strndup(PQgetvalue(res, i, 0), plen)) || !(v[i].data = malloc(len ? len : 1))) {
			r = -ENOMEM;
			break;
		}
		memcpy(v[i].data, PQgetvalue(res, i, 1), len);
		v[i].len = len;
	}
	PQclear(res);
	if (r) {
		store_files_free(v, v ? (size_t)rows : 0);
		return r;
	}
	*files = v;
	*n = (size_t)rows;
	return 0;
}

int pg_package_slugs(struct store *base, char ***slugs, size_t *n)
{
	struct pg_store *s = pg_of(base);
	int r;
	PGresult *res = pg_query_once(s, "package slugs", "SELECT slug FROM problem_packages ORDER BY seq", 0, NULL, &r);
	if (!res)
		return r;
	int rows = PQntuples(res);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	char **v = calloc(rows ? (size_t)rows : 1, sizeof(*v));
	r = v ? 0 : -ENOMEM;
	for (int i = 0; !r && i < rows; i++)
		if (!(v[i] = pg_get_dup(res, i, 0)))
			r = -ENOMEM;
	PQclear(res);
	if (r) {
		for (int i = 0; v && i < rows; i++)
			free(v[i]);
		free(v);
		return r;
	}
	*slugs = v;
	*n = (size_t)rows;
	return 0;
}

int pg_package_delete(struct store *base, const char *slug)
{
	struct pg_store *s = pg_of(base);
	const char *p[] = { slug };
	int r = pg_exec_once(s, "package delete", "DELETE FROM problem_packages WHERE slug = $1", 1, p); /* files cascade */
	return r < 0 ? r : r ? 0 : -ENOENT;
}
