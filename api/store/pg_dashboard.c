/* pg_dashboard.c - the PostgreSQL driver's reads for a user's dashboard
 * (store_dashboard.h), as sqlite_dashboard.c's: the user's rooms a page
 * at a time, each with its partner, its judged runs and submits and its
 * requests to move on, from room_log_digest.
 *
 * The digest is written with the log in the same transaction
 * (pg_dash_digest_put, called for every row pg_rooms.c appends), filled
 * from the rows already logged when the family is created, and keyed
 * (room_id, seq) with a foreign key to the log's row ON DELETE CASCADE:
 * a log row deleted (a waiting room deleted with all it holds) takes its
 * digest row with it, as SQLite's trigger does. A submit's status and
 * test counts are read out of its JSON by pairbox_submit_digest(), a
 * function of the migration's: NULL for a row that is not JSON (no row
 * this server writes), as SQLite's json_valid() guard gives.
 *
 * A page is read in one REPEATABLE READ, READ ONLY transaction (the total,
 * the page's rooms, then all their digest rows in one query), so the
 * three agree whatever other nodes commit meanwhile. */
#define _GNU_SOURCE
#include "store_pg.h"
#include "store_rules.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DIGEST_KINDS "('run-result', 'submit-result', 'next')"

static const char *const steps[] = {
	"CREATE FUNCTION pairbox_submit_digest(data text, OUT status_id bigint, OUT status text, OUT passed bigint,"
	"  OUT total bigint) LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$"
	" DECLARE j jsonb;"
	" BEGIN"
	"  j := data::jsonb;"
	"  status_id := (j #>> '{status,id}')::numeric::bigint;"
	"  status := j #>> '{status,description}';"
	"  passed := (j ->> 'passed')::numeric::bigint;"
	"  total := (j ->> 'total')::numeric::bigint;"
	" EXCEPTION WHEN others THEN"
	"  status_id := NULL; status := NULL; passed := NULL; total := NULL;"
	" END $$;"
	"CREATE TABLE room_log_digest ("
	"  room_id text NOT NULL,"
	"  seq bigint NOT NULL,"
	"  kind text NOT NULL,"
	"  user_id bigint NOT NULL,"
	"  t_ms bigint NOT NULL,"
	"  status_id bigint,"
	"  status text,"
	"  passed bigint,"
	"  total bigint,"
	"  PRIMARY KEY (room_id, seq),"
	"  FOREIGN KEY (room_id, seq) REFERENCES room_log (room_id, seq) ON DELETE CASCADE);"
	"INSERT INTO room_log_digest (room_id, seq, kind, user_id, t_ms, status_id, status, passed, total)"
	" SELECT l.room_id, l.seq, l.kind, l.user_id, l.t_ms, d.status_id, d.status, d.passed, d.total"
	" FROM room_log l, pairbox_submit_digest(CASE WHEN l.kind = 'submit-result' THEN l.data END) d"
	" WHERE l.kind IN " DIGEST_KINDS ";",
};
const struct pg_family pg_family_dashboard = { "dashboard", steps, sizeof(steps) / sizeof(steps[0]) };

int pg_dash_digest_put(PGconn *c, const struct store_room_event *e)
{
	if (!store_rule_digested(e->kind))
		return 0;
	char sb[24], ub[24], tb[24];
	const char *p[] = { e->room, pg_i64(sb, e->seq), e->kind, pg_i64(ub, e->user_id), pg_i64(tb, e->t_ms),
			    e->data ? e->data : "{}" };
	int r = pg_exec(
		c, "dashboard digest put",
		"INSERT INTO room_log_digest (room_id, seq, kind, user_id, t_ms, status_id, status, passed, total)"
		" SELECT $1, $2::bigint, $3, $4::bigint, $5::bigint, d.status_id, d.status, d.passed, d.total"
		" FROM pairbox_submit_digest(CASE WHEN $3 = 'submit-result' THEN $6 END) d",
		6, p);
	return r < 0 ? r : 0;
}

#define ROOM_COLS                                                                                              \
	"SELECT r.id, r.problem, r.language, r.difficulty, r.plan, r.first_driver, r.created_ms, r.start_ms,"  \
	" r.ended_ms, m.slot, o.slot, o.user_id, u.username, u.display_name, u.deleted_at_ms"                  \
	" FROM room_members m JOIN rooms r ON r.id = m.room_id"                                                \
	" LEFT JOIN room_members o ON o.room_id = m.room_id AND o.slot = 1 - m.slot"                           \
	" LEFT JOIN users u ON u.id = o.user_id WHERE m.user_id = $1"

static void room_from(const PGresult *res, int row, int64_t user_id, struct store_dash_room *d)
{
	pg_room_columns(res, row, 0, &d->room);
	d->slot = pg_get_i64(res, row, 9) == 1;
	d->room.users[d->slot] = user_id;
	if (!PQgetisnull(res, row, 11)) {
		d->partner_id = pg_get_i64(res, row, 11);
		d->room.users[1 - d->slot] = d->partner_id;
		pg_get_copy(res, row, 12, d->partner_username, sizeof(d->partner_username));
		pg_get_copy(res, row, 13, d->partner_display, sizeof(d->partner_display));
		d->partner_deleted = pg_get_i64(res, row, 14) != 0;
	}
}

/* One digest row (kind, user_id, t_ms, status_id, status, passed, total)
 * into d's results or asks. */
static int digest_row(const PGresult *res, int row, struct store_dash_room *d, size_t *rcap, size_t *acap)
{
	const char *kind = PQgetvalue(res, row, 1);
	if (!strcmp(kind, "next")) {
		struct store_dash_ask *a = store_push((void **)&d->asks, &d->nasks, acap, sizeof(*a));
		if (!a)
			return -ENOMEM;
		a->user_id = pg_get_i64(res, row, 2);
		a->t_ms = pg_get_i64(res, row, 3);
		return 0;
	}
	struct store_dash_result *x = store_push((void **)&d->results, &d->nresults, rcap, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->submit = !strcmp(kind, "submit-result");
	x->t_ms = pg_get_i64(res, row, 3);
	if (x->submit) {
		x->status_id = (int)pg_get_i64(res, row, 4);
		pg_get_copy(res, row, 5, x->status, sizeof(x->status));
		x->passed = pg_get_i64(res, row, 6);
		x->total = pg_get_i64(res, row, 7);
	}
	return 0;
}

/* The page's rooms' id list as a text[] literal: {"id",...}, each quoted
 * (ids are [A-Za-z0-9_-] as the server makes them; quotes and backslashes
 * are escaped all the same). malloc'd, or NULL. */
static char *ids_array(const struct store_dash_room *v, size_t n)
{
	size_t len = 3;
	for (size_t i = 0; i < n; i++)
		len += 2 * strlen(v[i].room.id) + 3;
	char *out = malloc(len), *p = out;
	if (!out)
		return NULL;
	*p++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ',';
		*p++ = '"';
		for (const char *s = v[i].room.id; *s; s++) {
			if (*s == '"' || *s == '\\')
				*p++ = '\\';
			*p++ = *s;
		}
		*p++ = '"';
	}
	*p++ = '}';
	*p = '\0';
	return out;
}

/* Every digest row of the page's rooms, in one query, into each room. */
static int page_digest(PGconn *c, struct store_dash_room *v, size_t n)
{
	char *ids = ids_array(v, n);
	if (!ids)
		return -ENOMEM;
	const char *p[] = { ids };
	int r;
	PGresult *res =
		pg_query(c, "dashboard digest",
			 "SELECT room_id, kind, user_id, t_ms, status_id, status, passed, total FROM room_log_digest"
			 " WHERE room_id = ANY($1::text[]) ORDER BY room_id, seq",
			 1, p, &r);
	free(ids);
	if (!res)
		return r;
	size_t *rcap = calloc(n, sizeof(*rcap)), *acap = calloc(n, sizeof(*acap));
	r = rcap && acap ? 0 : -ENOMEM;
	/* Rows come grouped by room: find each group's room once. */
	size_t at = 0;
	const char *last = NULL;
	for (int row = 0; !r && row < PQntuples(res); row++) {
		const char *room = PQgetvalue(res, row, 0);
		if (!last || strcmp(room, last)) {
			for (at = 0; at < n && strcmp(v[at].room.id, room); at++) {
			}
			last = room;
		}
		if (at < n)
			r = digest_row(res, row, &v[at], &rcap[at], &acap[at]);
	}
	free(rcap);
	free(acap);
	PQclear(res);
	return r;
}

static int dash_read(PGconn *c, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		     struct store_dash_room *v, size_t *got, size_t *total)
{
	char ub[24], lb[24], ob[24];
	const char *p[] = { pg_i64(ub, user_id), pg_i64(lb, (int64_t)limit),
			    pg_i64(ob, offset > INT64_MAX ? INT64_MAX : (int64_t)offset) };
	int r;
	PGresult *res =
		pg_query(c, "dashboard count", "SELECT count(*) FROM room_members WHERE user_id = $1", 1, p, &r);
	if (!res)
		return r;
	*total = (size_t)pg_get_i64(res, 0, 0);
	PQclear(res);
	if (!limit)
		return 0;
	res = pg_query(c, "dashboard rooms",
		       newest_first ? ROOM_COLS " ORDER BY r.created_ms DESC, r.ord DESC LIMIT $2 OFFSET $3"
				    : ROOM_COLS " ORDER BY r.created_ms, r.ord LIMIT $2 OFFSET $3",
		       3, p, &r);
	if (!res)
		return r;
	for (*got = 0; *got < limit && (int)*got < PQntuples(res); (*got)++)
		room_from(res, (int)*got, user_id, &v[*got]);
	PQclear(res);
	return *got ? page_digest(c, v, *got) : 0;
}

int pg_dash_rooms(struct store *base, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		  struct store_dash_room **out, size_t *n, size_t *total)
{
	struct pg_store *s = pg_of(base);
	struct store_dash_room *v = limit ? calloc(limit, sizeof(*v)) : NULL;
	if (limit && !v)
		return -ENOMEM;
	size_t got = 0;
	PGconn *c = pg_get(s);
	int r = c ? pg_begin_snapshot(c) : -EIO;
	if (!r)
		r = pg_end(c, dash_read(c, user_id, newest_first, offset, limit, v, &got, total));
	pg_put(s, c);
	return store_dash_rooms_out(r, v, got, out, n, total);
}
