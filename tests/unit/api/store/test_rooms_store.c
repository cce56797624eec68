/* test_rooms_store.c - the rooms in the store (store_rooms.h, its SQLite
 * driver): lobby entries join, update, poll and leave; a matching makes
 * rooms and marks both entries in one transaction, drops what the matcher
 * drops, rolls back whole when the matcher fails, and gives the matcher
 * each user's history, last partner and last driving time; rooms read
 * back with their participants, newest first per user; the log appends
 * in order, refuses a second row at the same seq (and the whole batch
 * with it), answers by seq, by version and by state; snapshots keep every
 * UTF-16 unit (lone surrogates too) and the latest wins; everything
 * survives a reopen. The same code on both drivers (store_fixture.h).
 *
 * On PostgreSQL, two store handles on one database stand for two nodes:
 * both appending at the same (room, seq) at once, one wins and nothing of
 * the other's batch is stored; both matching over a waiting room that
 * keeps filling, no entry is matched twice or lost. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

#include "store_fixture.h"

static void entry(struct store_lobby_entry *e, int64_t user, const char *lang, int rating, int64_t now)
{
	memset(e, 0, sizeof(*e));
	e->user_id = user;
	str_copy(e->language, sizeof(e->language), lang);
	str_copy(e->difficulty, sizeof(e->difficulty), "easy");
	str_copy(e->topics, sizeof(e->topics), "[\"arrays\"]");
	e->rating = rating;
	e->joined_ms = e->polled_ms = now;
}

/* A matcher that pairs entries in order two by two (same language only),
 * drops entries whose rating is 0, and names rooms r-<a>-<b>; fail_room
 * makes room() fail. It records what it was given. */
struct toy {
	bool fail_room;
	size_t seen;
	int64_t partner_of[8], drove_of[8];
	size_t had_a, had_b;
	char problem[64];
};

static int toy_pair(void *ctx, const struct store_lobby_entry *v, size_t n, size_t (**pairs)[2], size_t *npairs,
		    size_t **dropped, size_t *ndropped)
{
	struct toy *t = ctx;
	t->seen = n;
	*pairs = calloc(n, sizeof(**pairs));
	*dropped = calloc(n, sizeof(**dropped));
	size_t open = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (v[i].user_id < 8) {
			t->partner_of[v[i].user_id] = v[i].last_partner;
			t->drove_of[v[i].user_id] = v[i].last_drove_ms;
		}
		if (v[i].rating == 0) {
			(*dropped)[(*ndropped)++] = i;
		} else if (open == SIZE_MAX) {
			open = i;
		} else if (!strcmp(v[open].language, v[i].language)) {
			(*pairs)[*npairs][0] = open;
			(*pairs)[(*npairs)++][1] = i;
			open = SIZE_MAX;
		}
	}
	return 0;
}

static int toy_room(void *ctx, const struct store_lobby_entry *a, const char *const *had_a, size_t na,
		    const struct store_lobby_entry *b, const char *const *had_b, size_t nb, struct store_room *out)
{
	struct toy *t = ctx;
	(void)had_a;
	(void)had_b;
	t->had_a = na;
	t->had_b = nb;
	if (t->fail_room)
		return -EIO;
	snprintf(out->id, sizeof(out->id), "r-%lld-%lld", (long long)a->user_id, (long long)b->user_id);
	str_copy(out->problem, sizeof(out->problem), t->problem[0] ? t->problem : "two-sum");
	str_copy(out->language, sizeof(out->language), a->language);
	str_copy(out->difficulty, sizeof(out->difficulty), a->difficulty);
	str_copy(out->plan, sizeof(out->plan), "intro=5,code=30");
	out->first_driver = 1;
	out->created_ms = out->start_ms = a->polled_ms + 1;
	return 0;
}

static void test_lobby(struct store *s)
{
	struct store_lobby_entry e, got;
	entry(&e, 1, "python3", 1500, 1000);
	CHECK_EQ_INT(store_lobby_put(s, &e), 0);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 5000, &got), 0);
	CHECK_EQ_STR(got.language, "python3");
	CHECK_EQ_INT(got.joined_ms, 1000);
	CHECK_EQ_INT(got.polled_ms, 5000);
	CHECK_EQ_STR(got.room, "");
	/* An update keeps the waiting entry's join time. */
	entry(&e, 1, "c", 1600, 7000);
	CHECK_EQ_INT(store_lobby_put(s, &e), 0);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 8000, &got), 0);
	CHECK_EQ_STR(got.language, "c");
	CHECK_EQ_INT(got.rating, 1600);
	CHECK_EQ_INT(got.joined_ms, 1000);
	CHECK_EQ_INT(store_lobby_poll(s, 2, 8000, &got), -ENOENT);
	CHECK_EQ_INT(store_lobby_delete(s, 1), 0);
	CHECK_EQ_INT(store_lobby_delete(s, 1), -ENOENT);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 9000, &got), -ENOENT);
}

static void test_match(struct store *s)
{
	struct store_lobby_entry e, got;
	struct toy toy = { 0 };
	struct store_matcher m = { &toy, toy_pair, toy_room };
	/* 1 and 2 pair, 3 is dropped (rating 0), 4 waits alone (c). */
	entry(&e, 1, "python3", 1500, 100);
	store_lobby_put(s, &e);
	entry(&e, 2, "python3", 1510, 200);
	store_lobby_put(s, &e);
	entry(&e, 3, "python3", 0, 300);
	store_lobby_put(s, &e);
	entry(&e, 4, "c", 1500, 400);
	store_lobby_put(s, &e);

	/* A matcher that fails changes nothing. */
	toy.fail_room = true;
	CHECK_EQ_INT(store_lobby_match(s, 1000, &m), -EIO);
	CHECK_EQ_INT(store_lobby_poll(s, 3, 1000, &got), 0);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 1000, &got), 0);
	CHECK_EQ_STR(got.room, "");
	struct store_room room;
	CHECK_EQ_INT(store_room_get(s, "r-1-2", &room), -ENOENT);

	toy.fail_room = false;
	CHECK_EQ_INT(store_lobby_match(s, 1000, &m), 1);
	CHECK_EQ_INT(toy.seen, 4);
	CHECK_EQ_INT(toy.partner_of[1], 0);
	CHECK_EQ_INT(toy.had_a, 0);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 1100, &got), 0);
	CHECK_EQ_STR(got.room, "r-1-2");
	CHECK_EQ_INT(got.matched_ms, 1000);
	CHECK_EQ_INT(got.polled_ms, 1000);   /* a matched entry is not touched */
	CHECK_EQ_INT(store_lobby_poll(s, 2, 1100, &got), 0);
	CHECK_EQ_STR(got.room, "r-1-2");
	CHECK_EQ_INT(store_lobby_poll(s, 3, 1100, &got), -ENOENT);
	CHECK_EQ_INT(store_lobby_poll(s, 4, 1100, &got), 0);
	CHECK_EQ_STR(got.room, "");

	CHECK_EQ_INT(store_room_get(s, "r-1-2", &room), 0);
	CHECK_EQ_STR(room.problem, "two-sum");
	CHECK_EQ_STR(room.plan, "intro=5,code=30");
	CHECK_EQ_INT(room.first_driver, 1);
	CHECK_EQ_INT(room.users[0], 1);
	CHECK_EQ_INT(room.users[1], 2);
	CHECK_EQ_INT(room.ended_ms, 0);

	/* The matched entries are not read again: nothing to pair. */
	toy.seen = 0;
	CHECK_EQ_INT(store_lobby_match(s, 1200, &m), 0);
	CHECK_EQ_INT(toy.seen, 1);

	/* Drove and partner come back on the next matching; a re-join is a
	 * fresh waiting entry with its own join time. */
	struct store_room_mark mark = { .slot = 0, .drove_ms = 5000 };
	str_copy(mark.room, sizeof(mark.room), "r-1-2");
	struct store_room_batch b = { .marks = &mark, .nmarks = 1 };
	CHECK_EQ_INT(store_room_write(s, &b), 0);
	entry(&e, 1, "c", 1500, 6000);
	CHECK_EQ_INT(store_lobby_put(s, &e), 0);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 6000, &got), 0);
	CHECK_EQ_INT(got.joined_ms, 6000);
	CHECK_EQ_STR(got.room, "");
	str_copy(toy.problem, sizeof(toy.problem), "fizz");
	CHECK_EQ_INT(store_lobby_match(s, 6100, &m), 1);      /* 4 (c) and 1 (c) */
	CHECK_EQ_INT(toy.partner_of[1], 2);
	CHECK_EQ_INT(toy.drove_of[1], 5000);
	CHECK_EQ_INT(toy.partner_of[4], 0);
	CHECK_EQ_INT(toy.had_a + toy.had_b, 1);               /* user 1 had two-sum */
	CHECK_EQ_INT(store_lobby_poll(s, 1, 6200, &got), 0);
	CHECK_EQ_STR(got.room, "r-4-1");

	struct store_room *v = NULL;
	size_t n = 0;
	CHECK_EQ_INT(store_rooms_of_user(s, 1, 10, &v, &n), 0);
	CHECK_EQ_INT(n, 2);
	if (n == 2) {
		CHECK_EQ_STR(v[0].id, "r-4-1");
		CHECK_EQ_STR(v[1].id, "r-1-2");
	}
	free(v);
	CHECK_EQ_INT(store_rooms_of_user(s, 1, 1, &v, &n), 0);
	CHECK_EQ_INT(n, 1);
	free(v);
	CHECK_EQ_INT(store_rooms_of_user(s, 99, 10, &v, &n), 0);
	CHECK_EQ_INT(n, 0);
	free(v);

	/* Matched entries ten minutes old are cleaned up. */
	CHECK_EQ_INT(store_lobby_match(s, 6100 + 10 * 60 * 1000 + 1, &m), 0);
	CHECK_EQ_INT(store_lobby_poll(s, 1, 0, &got), -ENOENT);
	CHECK_EQ_INT(store_lobby_poll(s, 2, 0, &got), -ENOENT);
}

static struct store_room_event ev(const char *room, int64_t seq, int64_t version, const char *kind, bool state,
				  const char *data)
{
	struct store_room_event e;
	memset(&e, 0, sizeof(e));
	str_copy(e.room, sizeof(e.room), room);
	e.seq = seq;
	e.version = version;
	e.user_id = 7;
	e.t_ms = 1000 + seq;
	str_copy(e.kind, sizeof(e.kind), kind);
	e.state = state;
	e.data = (char *)data;
	return e;
}

static void test_log(struct store *s)
{
	struct store_room r = { .first_driver = 0, .created_ms = 1, .start_ms = 1, .users = { 7, 8 } };
	str_copy(r.id, sizeof(r.id), "logroom");
	str_copy(r.problem, sizeof(r.problem), "p");
	str_copy(r.language, sizeof(r.language), "c");
	str_copy(r.difficulty, sizeof(r.difficulty), "easy");
	str_copy(r.plan, sizeof(r.plan), "code=30");
	CHECK_EQ_INT(store_room_create(s, &r), 0);
	CHECK_EQ_INT(store_room_create(s, &r), -EEXIST);

	int64_t seq = -1, version = -1;
	CHECK_EQ_INT(store_room_tail(s, "logroom", &seq, &version), 0);
	CHECK_EQ_INT(seq, 0);
	CHECK_EQ_INT(version, 0);

	struct store_room_event a[4] = {
		ev("logroom", 1, 1, "update", false, "{\"changes\":[[0,\"a\"]]}"),
		ev("logroom", 2, 1, "chat", false, "{\"text\":\"hi\"}"),
		ev("logroom", 3, 1, "mode", true, "{\"mode\":\"both\"}"),
		ev("logroom", 4, 2, "update", false, "{\"changes\":[1,[0,\"b\"]]}"),
	};
	uint16_t units[] = { 'a', 0xd83d, 'b' };        /* a lone high surrogate kept */
	struct store_room_snapshot snap = { .version = 1, .units = units, .n = 3, .t_ms = 5 };
	str_copy(snap.room, sizeof(snap.room), "logroom");
	struct store_room_batch b = { .events = a, .nevents = 4, .snapshots = &snap, .nsnapshots = 1 };
	CHECK_EQ_INT(store_room_write(s, &b), 0);

	/* A batch with a taken seq is refused whole. */
	struct store_room_event c[2] = { ev("logroom", 5, 3, "update", false, "{}"), ev("logroom", 4, 3, "chat", false, "{}") };
	struct store_room_mark end = { .ended_ms = 999 };
	str_copy(end.room, sizeof(end.room), "logroom");
	struct store_room_batch bad = { .events = c, .nevents = 2, .marks = &end, .nmarks = 1 };
	CHECK_EQ_INT(store_room_write(s, &bad), -EEXIST);
	CHECK_EQ_INT(store_room_tail(s, "logroom", &seq, &version), 0);
	CHECK_EQ_INT(seq, 4);
	CHECK_EQ_INT(version, 2);
	CHECK_EQ_INT(store_room_get(s, "logroom", &r), 0);
	CHECK_EQ_INT(r.ended_ms, 0);

	struct store_room_event *v = NULL;
	size_t n = 0;
	CHECK_EQ_INT(store_room_log(s, "logroom", 1, 100, &v, &n), 0);
	CHECK_EQ_INT(n, 3);
	if (n == 3) {
		CHECK_EQ_STR(v[0].kind, "chat");
		CHECK_EQ_STR(v[0].data, "{\"text\":\"hi\"}");
		CHECK_EQ_INT(v[0].user_id, 7);
		CHECK_EQ_INT(v[0].t_ms, 1002);
		CHECK_EQ_INT(v[2].seq, 4);
	}
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_log(s, "logroom", 0, 2, &v, &n), 0);
	CHECK_EQ_INT(n, 2);
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_updates(s, "logroom", 1, 100, &v, &n), 0);
	CHECK_EQ_INT(n, 1);
	if (n == 1) {
		CHECK_EQ_INT(v[0].version, 2);
		CHECK_EQ_STR(v[0].data, "{\"changes\":[1,[0,\"b\"]]}");
	}
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_updates(s, "logroom", 0, 100, &v, &n), 0);
	CHECK_EQ_INT(n, 2);
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_state_log(s, "logroom", 100, &v, &n), 0);
	CHECK_EQ_INT(n, 1);
	if (n == 1) {
		CHECK_EQ_STR(v[0].kind, "mode");
		CHECK(v[0].state);
	}
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_kind_tail(s, "logroom", "update", 1, &v, &n), 0);
	CHECK_EQ_INT(n, 1);
	if (n == 1)
		CHECK_EQ_INT(v[0].seq, 4);
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_kind_tail(s, "logroom", "update", 10, &v, &n), 0);
	CHECK_EQ_INT(n, 2);
	if (n == 2)
		CHECK(v[0].seq == 1 && v[1].seq == 4);
	store_room_events_free(v, n);
	CHECK_EQ_INT(store_room_log(s, "nosuch", 0, 100, &v, &n), 0);
	CHECK_EQ_INT(n, 0);
	store_room_events_free(v, n);

	int64_t sv = 0;
	uint16_t *u = NULL;
	size_t un = 0;
	CHECK_EQ_INT(store_room_snapshot_get(s, "logroom", &sv, &u, &un), 0);
	CHECK_EQ_INT(sv, 1);
	CHECK_EQ_INT(un, 3);
	CHECK(u && un == 3 && !memcmp(u, units, sizeof(units)));
	free(u);
	CHECK_EQ_INT(store_room_snapshot_get(s, "nosuch", &sv, &u, &un), -ENOENT);

	/* A later snapshot replaces it; an empty document is a snapshot too;
	 * ended is set once. */
	struct store_room_snapshot empty = { .version = 2, .units = units, .n = 0, .t_ms = 6 };
	str_copy(empty.room, sizeof(empty.room), "logroom");
	end.ended_ms = 777;
	struct store_room_batch b2 = { .snapshots = &empty, .nsnapshots = 1, .marks = &end, .nmarks = 1 };
	CHECK_EQ_INT(store_room_write(s, &b2), 0);
	end.ended_ms = 888;
	CHECK_EQ_INT(store_room_write(s, &b2), 0);
	CHECK_EQ_INT(store_room_snapshot_get(s, "logroom", &sv, &u, &un), 0);
	CHECK_EQ_INT(sv, 2);
	CHECK_EQ_INT(un, 0);
	free(u);
	CHECK_EQ_INT(store_room_get(s, "logroom", &r), 0);
	CHECK_EQ_INT(r.ended_ms, 777);
}

/* ---- two nodes (PostgreSQL) ---- */

struct writer {
	struct store *s;
	pthread_barrier_t *go;
	int64_t seq;
	const char *side;                  /* the node's own room, written in the same batch */
	int got;
};

static void *write_at(void *arg)
{
	struct writer *w = arg;
	struct store_room_event e[2] = { ev("contest", w->seq, w->seq, "update", false, w->side),
					 ev(w->side, w->seq, w->seq, "chat", false, w->side) };
	uint16_t units[] = { 'x' };
	struct store_room_snapshot snap = { .version = w->seq, .units = units, .n = 1, .t_ms = w->seq };
	str_copy(snap.room, sizeof(snap.room), w->side);
	struct store_room_batch b = { .events = e, .nevents = 2, .snapshots = &snap, .nsnapshots = 1 };
	pthread_barrier_wait(w->go);
	w->got = store_room_write(w->s, &b);
	return NULL;
}

/* Both nodes append at (contest, seq) with a row of their own room and
 * its snapshot, rounds times: one -EEXIST each round, and only the
 * winner's three writes are there. */
static void test_nodes_write(struct store *s1, struct store *s2)
{
	const int rounds = 40;
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 2);
	int won[2] = { 0, 0 };
	for (int k = 1; k <= rounds; k++) {
		struct writer w[2] = { { s1, &go, k, "side-a", 99 }, { s2, &go, k, "side-b", 99 } };
		pthread_t t[2];
		for (int i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, write_at, &w[i]);
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		CHECK((w[0].got == 0 && w[1].got == -EEXIST) || (w[0].got == -EEXIST && w[1].got == 0));
		int win = w[0].got == 0 ? 0 : 1;
		won[win]++;
		struct store_room_event *v = NULL;
		size_t n = 0;
		CHECK_EQ_INT(store_room_log(s1, "contest", k - 1, 10, &v, &n), 0);
		CHECK(n == 1 && v[0].seq == k && !strcmp(v[0].data, w[win].side));
		store_room_events_free(v, n);
		CHECK_EQ_INT(store_room_log(s2, w[1 - win].side, k - 1, 10, &v, &n), 0);
		CHECK_EQ_INT(n, 0);                              /* the loser's own row rolled back */
		store_room_events_free(v, n);
		CHECK_EQ_INT(store_room_log(s2, w[win].side, k - 1, 10, &v, &n), 0);
		CHECK_EQ_INT(n, 1);
		store_room_events_free(v, n);
		int64_t sv = 0;
		uint16_t *u = NULL;
		size_t un = 0;
		int r = store_room_snapshot_get(s1, w[1 - win].side, &sv, &u, &un);
		CHECK(r == -ENOENT || (r == 0 && sv < k));       /* nor its snapshot */
		free(u);
	}
	pthread_barrier_destroy(&go);
	printf("two nodes appending at one (room, seq): %d rounds, node a won %d, node b %d\n", rounds, won[0], won[1]);
}

#define NODE_USERS 240
#define NODE_FIRST 1000

struct matcher_thread {
	struct store *s;
	struct toy toy;
	volatile bool *stop;
	int rooms, calls, errors;
};

static void *match_loop(void *arg)
{
	struct matcher_thread *m = arg;
	struct store_matcher sm = { &m->toy, toy_pair, toy_room };
	while (!*m->stop) {
		int r = store_lobby_match(m->s, 100000, &sm);
		m->calls++;
		if (r < 0)
			m->errors++;
		else
			m->rooms += r;
	}
	return NULL;
}

/* Both nodes match over and over while entries arrive: every entry ends
 * in exactly one room (with its entry pointing there), and the rooms the
 * two made add up to half the entries. */
static void test_nodes_match(struct store *s1, struct store *s2)
{
	volatile bool stop = false;
	struct matcher_thread m[2] = { { .s = s1, .stop = &stop }, { .s = s2, .stop = &stop } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, match_loop, &m[i]);
	struct store_lobby_entry e;
	for (int64_t u = NODE_FIRST; u < NODE_FIRST + NODE_USERS; u++) {
		entry(&e, u, "python3", 1500, 50000 + u);
		CHECK_EQ_INT(store_lobby_put(u % 2 ? s1 : s2, &e), 0);
	}
	/* Until both have had a go at what is left. */
	struct store_lobby_entry got;
	for (int tries = 0; tries < 1000; tries++) {
		int waiting = 0;
		for (int64_t u = NODE_FIRST; u < NODE_FIRST + NODE_USERS; u++)
			waiting += store_lobby_poll(s1, u, 60000, &got) == 0 && !got.room[0];
		if (!waiting)
			break;
		usleep(10000);
	}
	stop = true;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ_INT(m[0].errors + m[1].errors, 0);
	CHECK_EQ_INT(m[0].rooms + m[1].rooms, NODE_USERS / 2);
	int once = 0;
	for (int64_t u = NODE_FIRST; u < NODE_FIRST + NODE_USERS; u++) {
		struct store_room *v = NULL;
		size_t n = 0;
		CHECK_EQ_INT(store_rooms_of_user(s2, u, 10, &v, &n), 0);
		bool ok = n == 1 && store_lobby_poll(s1, u, 60000, &got) == 0 && !strcmp(got.room, v[0].id) &&
			  (v[0].users[0] == u || v[0].users[1] == u);
		once += ok;
		free(v);
	}
	CHECK_EQ_INT(once, NODE_USERS);
	printf("two nodes matching: %d entries, %d + %d rooms in %d + %d matchings\n", NODE_USERS, m[0].rooms,
	       m[1].rooms, m[0].calls, m[1].calls);
}

static void test_nodes(void)
{
	char dir[] = "/tmp/pairbox-rooms-nodes-XXXXXX";
	if (!mkdtemp(dir))
		return;
	struct store *s1 = store_fixture_open(dir), *s2 = s1 ? store_fixture_open(dir) : NULL;
	if (s1 && s2) {
		struct store_room r = { .created_ms = 1, .start_ms = 1, .users = { 7, 8 } };
		const char *ids[] = { "contest", "side-a", "side-b" };
		for (int i = 0; i < 3; i++) {
			str_copy(r.id, sizeof(r.id), ids[i]);
			CHECK_EQ_INT(store_room_create(s1, &r), 0);
		}
		test_nodes_write(s1, s2);
		test_nodes_match(s1, s2);
	}
	store_close(s2);
	store_close(s1);
	store_fixture_remove(dir);
}

int main(void)
{
	char dir[] = "/tmp/pairbox-rooms-store-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	struct store *s = store_fixture_open(dir);
	if (!s) {
		store_fixture_remove(dir);
		return check_done();
	}
	test_lobby(s);
	test_match(s);
	test_log(s);
	store_close(s);

	/* Everything is still there after a reopen. */
	s = store_fixture_open(dir);
	if (s) {
		struct store_room r;
		CHECK_EQ_INT(store_room_get(s, "r-1-2", &r), 0);
		int64_t seq = 0, version = 0;
		CHECK_EQ_INT(store_room_tail(s, "logroom", &seq, &version), 0);
		CHECK_EQ_INT(seq, 4);
		store_close(s);
	}
	store_fixture_remove(dir);
	if (store_fixture_pg())
		test_nodes();
	return check_done();
}
