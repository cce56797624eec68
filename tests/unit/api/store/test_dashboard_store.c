/* test_dashboard_store.c - what the dashboard reads from the store
 * (store_dashboard.h, api/store/sqlite_dashboard.c): a user's rooms and
 * no one else's, newest or oldest first (creation time, then insertion),
 * paged with the total; each with the user's slot and the partner (a
 * deleted partner anonymised, a room with no partner yet); each room's
 * judged runs and submits in the log's order with a submit's status and
 * counts (a result that is not JSON: a submit with no verdict), and its
 * requests to move on; every other log row left out. The digest those
 * come from follows the log: written with it, rebuilt from it by the
 * migration (a version-4 database; on PostgreSQL the dashboard's family
 * at version 0), a deleted log row gone from it. The same code on both
 * drivers (PAIRBOX_TEST_PG: store_fixture.h). */
#define _GNU_SOURCE
#include <sqlite3.h>

#include "store_fixture.h"

static int64_t new_user(struct store *s, const char *name, const char *display)
{
	struct store_user u = { .rating = 1500, .created_at_ms = 1 };
	str_copy(u.username, sizeof(u.username), name);
	u.display_name = (char *)display;
	return store_user_create(s, &u, "$y$x") ? -1 : u.id;
}

static void new_room(struct store *s, const char *id, int64_t a, int64_t b, int64_t created)
{
	struct store_room r = { .first_driver = 0, .created_ms = created, .start_ms = created, .users = { a, b } };
	str_copy(r.id, sizeof(r.id), id);
	str_copy(r.problem, sizeof(r.problem), "two-sum");
	str_copy(r.language, sizeof(r.language), "python3");
	str_copy(r.difficulty, sizeof(r.difficulty), "easy");
	str_copy(r.plan, sizeof(r.plan), "intro=5,code=30");
	CHECK_EQ_INT(store_room_create(s, &r), 0);
}

static void ev(struct store_room_event *e, const char *room, int64_t seq, int64_t user, int64_t t, const char *kind,
	       const char *data)
{
	memset(e, 0, sizeof(*e));
	str_copy(e->room, sizeof(e->room), room);
	e->seq = seq;
	e->version = 1;
	e->user_id = user;
	e->t_ms = t;
	str_copy(e->kind, sizeof(e->kind), kind);
	e->state = !strcmp(kind, "next");
	e->data = (char *)data;
}

static void ids_are(struct store *s, int64_t user, bool newest, size_t offset, size_t limit, const char *want,
		    size_t want_total)
{
	struct store_dash_room *v = NULL;
	size_t n = 0, total = 0;
	CHECK_EQ_INT(store_dash_rooms(s, user, newest, offset, limit, &v, &n, &total), 0);
	char got[256] = "";
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(got);
		str_printf(got + len, sizeof(got) - len, "%s%s", i ? " " : "", v[i].room.id);
	}
	CHECK_EQ_STR(got, want);
	CHECK_EQ_INT(total, want_total);
	CHECK(n ? v != NULL : v == NULL);
	store_dash_rooms_free(v, n);
}

static const struct store_dash_room *find(const struct store_dash_room *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].room.id, id))
			return &v[i];
	return NULL;
}

/* Run sql on the store's database while no store has it open (on
 * PostgreSQL, the database dir stands for). */
static void raw(const char *dir, const char *sql)
{
	if (store_fixture_pg()) {
		char url[1200];
		PGconn *c = PQconnectdb(store_fixture_where(dir, url, sizeof(url)));
		PGresult *r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
		CHECK_EQ_INT(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		PQfinish(c);
		return;
	}
	char path[256];
	str_printf(path, sizeof(path), "%s/pairbox.db", dir);
	sqlite3 *db = NULL;
	char *msg = NULL;
	CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
	CHECK_EQ_INT(rc, SQLITE_OK);
	sqlite3_free(msg);
	sqlite3_close(db);
}

/* r1 as user reads it: its results' kinds and verdicts, and its asks. */
static void r1_digest(struct store *s, int64_t user, char *out, size_t len)
{
	struct store_dash_room *v = NULL;
	size_t n = 0, total = 0;
	out[0] = '\0';
	CHECK_EQ_INT(store_dash_rooms(s, user, false, 0, 1, &v, &n, &total), 0);
	for (size_t i = 0; n == 1 && i < v[0].nresults; i++) {
		const struct store_dash_result *x = &v[0].results[i];
		size_t l = strlen(out);
		str_printf(out + l, len - l, "%s%s@%lld:%d %lld/%lld", i ? " " : "", x->submit ? "submit" : "run",
			   (long long)x->t_ms, x->status_id, (long long)x->passed, (long long)x->total);
	}
	for (size_t i = 0; n == 1 && i < v[0].nasks; i++) {
		size_t l = strlen(out);
		str_printf(out + l, len - l, " next@%lld", (long long)v[0].asks[i].t_ms);
	}
	store_dash_rooms_free(v, n);
}

/* The digest's migration: its number in sqlite.c's migrations[]. */
#define DIGEST_MIGRATION 6

#define R1_DIGEST "run@1200:0 0/0 submit@1300:4 2/5 submit@1600:3 5/5 next@1500"

/* r1's digest as ann reads it once sql has run under the store. */
static void digest_after(const char *dir, const char *sql, int64_t ann, const char *want)
{
	raw(dir, sql);
	struct store *s = store_fixture_open(dir);
	if (!s)
		return;
	char got[256];
	r1_digest(s, ann, got, sizeof(got));
	CHECK_EQ_STR(got, want);
	store_close(s);
}

/* A room with one participant so far (an invite not yet taken up):
 * listed, with no partner. The row is removed under the store. */
static void test_no_partner(const char *dir, int64_t ann, int64_t cy)
{
	char sql[160];
	str_printf(sql, sizeof(sql), "DELETE FROM room_members WHERE room_id = 'r4' AND user_id = %lld", (long long)ann);
	raw(dir, sql);
	struct store *s = store_fixture_open(dir);
	if (!s)
		return;
	struct store_dash_room *v = NULL;
	size_t n = 0, total = 0;
	CHECK_EQ_INT(store_dash_rooms(s, cy, true, 0, 10, &v, &n, &total), 0);
	CHECK_EQ_INT(n, 2);
	const struct store_dash_room *r4 = find(v, n, "r4");
	CHECK(r4 != NULL);
	if (r4) {
		CHECK_EQ_INT(r4->slot, 0);
		CHECK_EQ_INT(r4->partner_id, 0);
		CHECK_EQ_INT(r4->room.users[1], 0);
		CHECK_EQ_STR(r4->partner_display, "");
	}
	store_dash_rooms_free(v, n);
	ids_are(s, ann, true, 0, 10, "r2 r1", 2);
	store_close(s);
}

int main(void)
{
	char dir[] = "/tmp/pairbox-dash-store-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	struct store *s = store_fixture_open(dir);
	if (!s)
		return check_done();
	int64_t ann = new_user(s, "ann", "Ann"), bob = new_user(s, "bob", "Bob <b>"), cy = new_user(s, "cy", "Cy");
	CHECK(ann > 0 && bob > 0 && cy > 0);

	/* Nobody's rooms yet. */
	ids_are(s, ann, true, 0, 10, "", 0);

	new_room(s, "r1", ann, bob, 1000);
	new_room(s, "r2", bob, ann, 2000);
	new_room(s, "r3", bob, cy, 3000);
	new_room(s, "r4", cy, ann, 2000);          /* the same time as r2, made after it */

	/* r1's log: an update, a run, a wrong submit, a chat, a request to
	 * move on, an accepted submit, a phase. Only the results and the
	 * request come back. */
	struct store_room_event e[8];
	ev(&e[0], "r1", 1, ann, 1100, "update", "{\"clientID\":\"c\",\"changes\":[[0,\"x\"]]}");
	ev(&e[1], "r1", 2, ann, 1200, "run-result",
	   "{\"status\":{\"id\":3,\"description\":\"Accepted\"},\"stdout\":\"big\",\"passed\":2,\"total\":2}");
	ev(&e[2], "r1", 3, bob, 1300, "submit-result",
	   "{\"id\":\"t1\",\"status\":{\"id\":4,\"description\":\"Wrong Answer\"},\"passed\":2,\"total\":5,\"tests\":[]}");
	ev(&e[3], "r1", 4, bob, 1400, "chat", "{\"text\":\"hi\"}");
	ev(&e[4], "r1", 5, ann, 1500, "next", "{\"slot\":0}");
	ev(&e[5], "r1", 6, ann, 1600, "submit-result",
	   "{\"id\":\"t2\",\"status\":{\"id\":3,\"description\":\"Accepted\"},\"passed\":5,\"total\":5}");
	ev(&e[6], "r1", 7, 0, 1700, "phase", "{\"name\":\"code\",\"index\":1}");
	ev(&e[7], "r2", 1, bob, 2100, "submit", "{\"id\":\"t3\"}");
	struct store_room_batch b = { .events = e, .nevents = 8 };
	CHECK_EQ_INT(store_room_write(s, &b), 0);
	char digest[256];
	r1_digest(s, ann, digest, sizeof(digest));
	CHECK_EQ_STR(digest, R1_DIGEST);

	/* Ann's rooms, newest first: r4 and r2 at the same time, r4 made later. */
	ids_are(s, ann, true, 0, 10, "r4 r2 r1", 3);
	ids_are(s, ann, false, 0, 10, "r1 r2 r4", 3);
	ids_are(s, ann, true, 1, 1, "r2", 3);
	ids_are(s, ann, false, 2, 5, "r4", 3);
	ids_are(s, ann, true, 3, 5, "", 3);
	ids_are(s, ann, true, SIZE_MAX, 5, "", 3);
	ids_are(s, ann, true, 0, 0, "", 3);        /* the total alone */
	ids_are(s, cy, true, 0, 10, "r3 r4", 2);
	ids_are(s, bob, true, 0, 10, "r3 r2 r1", 3);
	ids_are(s, 999, true, 0, 10, "", 0);

	struct store_dash_room *v = NULL;
	size_t n = 0, total = 0;
	CHECK_EQ_INT(store_dash_rooms(s, ann, false, 0, 10, &v, &n, &total), 0);
	const struct store_dash_room *r1 = find(v, n, "r1"), *r2 = find(v, n, "r2");
	CHECK(r1 && r2);
	if (r1 && r2) {
		CHECK_EQ_INT(r1->slot, 0);
		CHECK_EQ_INT(r1->partner_id, bob);
		CHECK_EQ_STR(r1->partner_username, "bob");
		CHECK_EQ_STR(r1->partner_display, "Bob <b>");
		CHECK(!r1->partner_deleted);
		CHECK_EQ_INT(r1->room.users[0], ann);
		CHECK_EQ_INT(r1->room.users[1], bob);
		CHECK_EQ_STR(r1->room.problem, "two-sum");
		CHECK_EQ_STR(r1->room.plan, "intro=5,code=30");
		CHECK_EQ_INT(r1->room.created_ms, 1000);
		CHECK_EQ_INT(r1->nresults, 3);
		if (r1->nresults == 3) {
			CHECK(!r1->results[0].submit);
			CHECK_EQ_INT(r1->results[0].t_ms, 1200);
			CHECK_EQ_INT(r1->results[0].status_id, 0);       /* a run's result is only counted */
			CHECK(r1->results[1].submit);
			CHECK_EQ_INT(r1->results[1].status_id, 4);
			CHECK_EQ_STR(r1->results[1].status, "Wrong Answer");
			CHECK_EQ_INT(r1->results[1].passed, 2);
			CHECK_EQ_INT(r1->results[1].total, 5);
			CHECK_EQ_INT(r1->results[1].t_ms, 1300);
			CHECK_EQ_INT(r1->results[2].status_id, 3);
			CHECK_EQ_INT(r1->results[2].passed, 5);
		}
		CHECK_EQ_INT(r1->nasks, 1);
		if (r1->nasks == 1) {
			CHECK_EQ_INT(r1->asks[0].user_id, ann);
			CHECK_EQ_INT(r1->asks[0].t_ms, 1500);
		}
		CHECK_EQ_INT(r2->slot, 1);                   /* Ann is r2's second participant */
		CHECK_EQ_INT(r2->partner_id, bob);
		CHECK_EQ_INT(r2->nresults, 0);               /* a submit with no result yet */
		CHECK_EQ_INT(r2->nasks, 0);
	}
	store_dash_rooms_free(v, n);

	/* Bob deletes his account: Ann's rooms keep an anonymised partner. */
	CHECK_EQ_INT(store_user_delete(s, bob), 0);
	CHECK_EQ_INT(store_dash_rooms(s, ann, true, 2, 1, &v, &n, &total), 0);
	CHECK_EQ_INT(n, 1);
	if (n == 1) {
		CHECK_EQ_STR(v[0].room.id, "r1");
		CHECK_EQ_INT(v[0].partner_id, bob);
		CHECK(v[0].partner_deleted);
		CHECK_EQ_STR(v[0].partner_username, "");
		CHECK_EQ_STR(v[0].partner_display, "deleted user");
	}
	store_dash_rooms_free(v, n);

	/* A result that is not JSON (no row this server wrote): a submit
	 * with no verdict, the page still read. */
	struct store_room_event bad;
	ev(&bad, "r3", 1, cy, 3100, "submit-result", "not json");
	struct store_room_batch bb = { .events = &bad, .nevents = 1 };
	CHECK_EQ_INT(store_room_write(s, &bb), 0);
	CHECK_EQ_INT(store_dash_rooms(s, cy, true, 0, 1, &v, &n, &total), 0);
	CHECK_EQ_INT(n, 1);
	if (n == 1) {
		CHECK_EQ_STR(v[0].room.id, "r3");
		CHECK_EQ_INT(v[0].nresults, 1);
		CHECK(v[0].nresults == 1 && v[0].results[0].submit && v[0].results[0].status_id == 0 &&
		      v[0].results[0].total == 0 && v[0].results[0].t_ms == 3100);
	}
	store_dash_rooms_free(v, n);
	store_close(s);

	/* A database of the version before the digest: the migration makes
	 * it from the log, the same as it was written. (The migrations
	 * after the digest's run again too: each must be safe to.) */
	char before[160];
	str_printf(before, sizeof(before), "DROP TRIGGER room_log_digest_delete; DROP TABLE room_log_digest;"
		   " PRAGMA user_version = %d;", DIGEST_MIGRATION - 1);
	/* PostgreSQL: the dashboard's family at version 0, the others as they are. */
	if (store_fixture_pg())
		str_printf(before, sizeof(before), "DROP TABLE room_log_digest; DROP FUNCTION pairbox_submit_digest;"
			   " DELETE FROM pairbox_schema WHERE family = 'dashboard'");
	digest_after(dir, before, ann, R1_DIGEST);
	/* The log is append-only, but a row deleted all the same leaves the
	 * digest too. */
	digest_after(dir, "DELETE FROM room_log WHERE room_id = 'r1' AND seq = 3", ann,
		     "run@1200:0 0/0 submit@1600:3 5/5 next@1500");
	test_no_partner(dir, ann, cy);
	store_fixture_remove(dir);
	return check_done();
}
