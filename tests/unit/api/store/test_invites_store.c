/* test_invites_store.c - invites and spectators in the store
 * (store_invites.h, its SQLite driver): a room of one and its invite made
 * together under the creator's cap on open invites (expired, used and
 * revoked ones not counted); accepting spends it once: the second
 * participant, the clock's start and the first driver (the caller's rule,
 * given each one's last driving time) in one transaction; the creator and
 * the friend find it done, a third person finds it used, a late one
 * expired, a replaced one revoked; eight threads accepting one invite at
 * once: one gets in; a new link revokes the old; a waiting room deletes
 * with everything it holds, a full one never; a deleted account's open
 * invites are revoked; spectators allowed only while both participants
 * consent, links only then, and withdrawing deletes them. The same code
 * on both drivers (store_fixture.h); on PostgreSQL, again with a second
 * handle on the database as another node: the eight accepting through
 * both, and consent withdrawn through one while the other participant
 * makes a link through the other (no link outlives the consent). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

#include "store_fixture.h"

#define HOUR 3600000

static int64_t new_user(struct store *s, const char *name)
{
	struct store_user u = { .rating = 1500, .created_at_ms = 1 };
	str_copy(u.username, sizeof(u.username), name);
	CHECK_EQ_INT(store_user_create(s, &u, "x"), 0);
	return u.id;
}

static void hash_of(unsigned char h[STORE_LINK_HASH], unsigned n)
{
	memset(h, 0, STORE_LINK_HASH);
	memcpy(h, &n, sizeof(n));
}

static struct store_room waiting_room(const char *id, int64_t creator, int64_t now)
{
	struct store_room r = { .first_driver = 0, .created_ms = now, .start_ms = 0, .users = { creator, 0 } };
	str_copy(r.id, sizeof(r.id), id);
	str_copy(r.problem, sizeof(r.problem), "two-sum");
	str_copy(r.language, sizeof(r.language), "python3");
	str_copy(r.difficulty, sizeof(r.difficulty), "easy");
	str_copy(r.plan, sizeof(r.plan), "intro=5,code=10");
	return r;
}

static struct store_invite an_invite(unsigned n, const char *room, int64_t creator, int64_t now)
{
	struct store_invite inv = { .created_by = creator, .created_ms = now, .expires_ms = now + HOUR };
	hash_of(inv.hash, n);
	str_copy(inv.room, sizeof(inv.room), room);
	return inv;
}

/* The rule phase_first_driver() is (room/phase.h): the one who drove less recently, slot 0 on a tie. */
static int64_t seen_drove[2];
static int first_driver(int64_t a, int64_t b)
{
	seen_drove[0] = a;
	seen_drove[1] = b;
	return b < a ? 1 : 0;
}

static void test_invites(struct store *s)
{
	int64_t ann = new_user(s, "ann"), bob = new_user(s, "bob"), cat = new_user(s, "cat");
	int64_t now = 1000000;
	struct store_room r = waiting_room("inv-a", ann, now);
	struct store_invite inv = an_invite(1, "inv-a", ann, now), got;
	CHECK_EQ_INT(store_invite_room_create(s, &r, &inv, 3, now), 0);
	CHECK_EQ_INT(store_invite_room_create(s, &r, &inv, 3, now), -EEXIST);      /* rolled back whole */
	struct store_room row;
	CHECK_EQ_INT(store_room_get(s, "inv-a", &row), 0);
	CHECK_EQ_INT(row.users[0], ann);
	CHECK_EQ_INT(row.users[1], 0);
	CHECK_EQ_INT(row.start_ms, 0);
	CHECK_EQ_INT(store_invite_get(s, inv.hash, &got), 0);
	CHECK_EQ_STR(got.room, "inv-a");
	CHECK(got.expires_ms == now + HOUR && !got.used_by && !got.revoked_ms);
	unsigned char nothing[STORE_LINK_HASH];
	hash_of(nothing, 999);
	CHECK_EQ_INT(store_invite_get(s, nothing, &got), -ENOENT);

	/* The creator follows their own link: nothing spent. */
	CHECK_EQ_INT(store_invite_accept(s, inv.hash, ann, now + 1, first_driver, &got), 1);
	CHECK_EQ_INT(store_invite_get(s, inv.hash, &got), 0);
	CHECK_EQ_INT(got.used_by, 0);
	/* Ann drove elsewhere at 500, Bob never: Bob drives first. */
	struct store_room other = { .created_ms = 1, .start_ms = 1, .users = { ann, cat } };
	str_copy(other.id, sizeof(other.id), "elsewhere");
	CHECK_EQ_INT(store_room_create(s, &other), 0);
	struct store_room_mark mark = { .slot = 0, .drove_ms = 500 };
	str_copy(mark.room, sizeof(mark.room), "elsewhere");
	struct store_room_batch b = { .marks = &mark, .nmarks = 1 };
	CHECK_EQ_INT(store_room_write(s, &b), 0);
	CHECK_EQ_INT(store_invite_accept(s, inv.hash, bob, now + 2, first_driver, &got), 0);
	CHECK(got.used_by == bob && got.used_ms == now + 2);
	CHECK(seen_drove[0] == 500 && seen_drove[1] == 0);
	CHECK_EQ_INT(store_room_get(s, "inv-a", &row), 0);
	CHECK(row.users[1] == bob && row.start_ms == now + 2 && row.first_driver == 1);
	/* Done for both of them; used for anyone else. */
	CHECK_EQ_INT(store_invite_accept(s, inv.hash, bob, now + 3, first_driver, &got), 1);
	CHECK_EQ_INT(store_invite_accept(s, inv.hash, ann, now + 3, first_driver, &got), 1);
	CHECK_EQ_INT(store_invite_accept(s, inv.hash, cat, now + 3, first_driver, &got), -EALREADY);
	CHECK_EQ_INT(store_invite_accept(s, nothing, cat, now + 3, first_driver, &got), -ENOENT);

	/* Expired; replaced (revoked); and what the cap counts. */
	struct store_room r2 = waiting_room("inv-b", ann, now);
	struct store_invite i2 = an_invite(2, "inv-b", ann, now);
	CHECK_EQ_INT(store_invite_room_create(s, &r2, &i2, 3, now), 0);
	CHECK_EQ_INT(store_invite_accept(s, i2.hash, cat, now + HOUR, first_driver, &got), -ETIMEDOUT);
	struct store_invite i3 = an_invite(3, "inv-b", ann, now + HOUR);
	CHECK_EQ_INT(store_invite_renew(s, &i3, 3, now + HOUR), 0);
	CHECK_EQ_INT(store_invite_get(s, i2.hash, &got), 0);
	CHECK_EQ_INT(got.revoked_ms, now + HOUR);
	CHECK_EQ_INT(store_invite_of_room(s, "inv-b", &got), 0);
	CHECK(!memcmp(got.hash, i3.hash, STORE_LINK_HASH));
	struct store_invite bad = an_invite(30, "inv-b", bob, now);
	CHECK_EQ_INT(store_invite_renew(s, &bad, 3, now), -ENOENT);            /* not Bob's room */
	bad = an_invite(31, "inv-a", ann, now);
	CHECK_EQ_INT(store_invite_renew(s, &bad, 3, now), -EBUSY);             /* Bob is in */
	/* Open now: inv-b's i3 only (i1 used, i2 revoked). Two more fit. */
	for (unsigned k = 0; k < 2; k++) {
		char id[16];
		str_printf(id, sizeof(id), "cap-%u", k);
		struct store_room rc = waiting_room(id, ann, now + HOUR);
		struct store_invite ic = an_invite(10 + k, id, ann, now + HOUR);
		CHECK_EQ_INT(store_invite_room_create(s, &rc, &ic, 3, now + HOUR), 0);
	}
	struct store_room rc = waiting_room("cap-x", ann, now + HOUR);
	struct store_invite ic = an_invite(20, "cap-x", ann, now + HOUR);
	CHECK_EQ_INT(store_invite_room_create(s, &rc, &ic, 3, now + HOUR), -EMLINK);
	CHECK_EQ_INT(store_room_get(s, "cap-x", &row), -ENOENT);               /* nothing written */
	CHECK_EQ_INT(store_invite_room_create(s, &rc, &ic, 3, now + 3 * HOUR), 0);   /* the others expired */
	CHECK_EQ_INT(store_invite_accept(s, i3.hash, cat, now + HOUR, first_driver, &got), 0);
	CHECK_EQ_INT(store_invite_accept(s, i2.hash, bob, now + HOUR, first_driver, &got), -EALREADY); /* full */

	/* Deleting: only a waiting room, only by its creator, with all it holds. */
	struct store_room_event ev = { .seq = 1, .version = 1, .user_id = ann, .t_ms = now, .kind = "update",
				       .data = "{}" };
	str_copy(ev.room, sizeof(ev.room), "cap-x");
	struct store_room_batch eb = { .events = &ev, .nevents = 1 };
	CHECK_EQ_INT(store_room_write(s, &eb), 0);
	CHECK_EQ_INT(store_invite_room_delete(s, "cap-x", bob), -ENOENT);
	CHECK_EQ_INT(store_invite_room_delete(s, "inv-a", ann), -EBUSY);
	CHECK_EQ_INT(store_invite_room_delete(s, "inv-a", bob), -EBUSY);
	CHECK_EQ_INT(store_invite_room_delete(s, "cap-x", ann), 0);
	CHECK_EQ_INT(store_room_get(s, "cap-x", &row), -ENOENT);
	CHECK_EQ_INT(store_invite_get(s, ic.hash, &got), -ENOENT);
	int64_t seq = 9, version = 9;
	CHECK_EQ_INT(store_room_tail(s, "cap-x", &seq, &version), 0);
	CHECK(seq == 0 && version == 0);
	CHECK_EQ_INT(store_invite_accept(s, ic.hash, bob, now, first_driver, &got), -ENOENT);

	/* A deleted account's open invites are revoked. */
	struct store_room rd = waiting_room("gone", cat, now);
	struct store_invite id = an_invite(40, "gone", cat, now);
	CHECK_EQ_INT(store_invite_room_create(s, &rd, &id, 3, now), 0);
	CHECK_EQ_INT(store_user_delete(s, cat), 0);
	CHECK_EQ_INT(store_invite_accept(s, id.hash, bob, now + 1, first_driver, &got), -ECANCELED);

	/* The problems a user has had. */
	char **had = NULL;
	size_t nhad = 0;
	CHECK_EQ_INT(store_problems_had(s, bob, &had, &nhad), 0);
	CHECK(nhad == 1 && !strcmp(had[0], "two-sum"));
	store_strings_free(had, nhad);
}

struct racer {
	struct store *s;
	const unsigned char *hash;
	int64_t user;
	int got;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct store_invite inv;
	r->got = store_invite_accept(r->s, r->hash, r->user, 2000000, first_driver, &inv);
	return NULL;
}

/* Eight accepting at once, alternately through s and other (two nodes'
 * handles on PostgreSQL; the same store on SQLite). */
static void test_race(struct store *s, struct store *other, unsigned round)
{
	char host_name[16], id[16];
	str_printf(host_name, sizeof(host_name), "host%u", round);
	str_printf(id, sizeof(id), "race%u", round);
	int64_t host = new_user(s, host_name);
	struct store_room r = waiting_room(id, host, 2000000);
	struct store_invite inv = an_invite(50 + round, id, host, 2000000);
	CHECK_EQ_INT(store_invite_room_create(s, &r, &inv, 5, 2000000), 0);
	struct racer v[8];
	pthread_t t[8];
	for (int i = 0; i < 8; i++) {
		char name[16];
		str_printf(name, sizeof(name), "racer%u-%d", round, i);
		v[i] = (struct racer){ i % 2 ? other : s, inv.hash, new_user(s, name), 99 };
	}
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, race, &v[i]);
	int won = 0, refused = 0;
	int64_t winner = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		won += v[i].got == 0;
		refused += v[i].got == -EALREADY;
		if (v[i].got == 0)
			winner = v[i].user;
	}
	CHECK_EQ_INT(won, 1);
	CHECK_EQ_INT(refused, 7);
	struct store_room row;
	CHECK_EQ_INT(store_room_get(other, id, &row), 0);
	CHECK_EQ_INT(row.users[1], winner);
}

static void test_watch(struct store *s)
{
	int64_t a = new_user(s, "wa"), b = new_user(s, "wb"), c = new_user(s, "wc");
	struct store_room r = { .created_ms = 1, .start_ms = 1, .users = { a, b } };
	str_copy(r.id, sizeof(r.id), "watched");
	CHECK_EQ_INT(store_room_create(s, &r), 0);
	struct store_watch w;
	CHECK_EQ_INT(store_watch_get(s, "watched", &w), 0);
	CHECK(!w.allowed && !w.consent[0] && !w.consent[1]);
	unsigned char h1[STORE_LINK_HASH], h2[STORE_LINK_HASH], h3[STORE_LINK_HASH];
	hash_of(h1, 101);
	hash_of(h2, 102);
	hash_of(h3, 103);
	CHECK_EQ_INT(store_watch_set(s, "watched", c, true, &w), -ENOENT);      /* not a participant */
	CHECK_EQ_INT(store_watch_set(s, "watched", a, true, &w), 0);
	CHECK(!w.allowed && w.consent[0] && !w.consent[1]);
	CHECK_EQ_INT(store_watch_link_add(s, "watched", h1, a, 5, 2), -EPERM);
	CHECK_EQ_INT(store_watch_set(s, "watched", b, true, &w), 0);
	CHECK(w.allowed && w.consent[0] && w.consent[1]);
	CHECK_EQ_INT(store_watch_link_add(s, "watched", h1, c, 5, 2), -ENOENT);
	CHECK_EQ_INT(store_watch_link_add(s, "watched", h1, a, 5, 2), 0);
	CHECK_EQ_INT(store_watch_link_add(s, "watched", h2, b, 5, 2), 0);
	CHECK_EQ_INT(store_watch_link_add(s, "watched", h3, b, 5, 2), -EMLINK);
	char room[STORE_ROOM_ID_LEN + 1];
	CHECK_EQ_INT(store_watch_link_room(s, h2, room), 0);
	CHECK_EQ_STR(room, "watched");
	CHECK_EQ_INT(store_watch_link_room(s, h3, room), -ENOENT);
	/* Allowing twice changes nothing; withdrawing deletes every link. */
	CHECK_EQ_INT(store_watch_set(s, "watched", a, true, &w), 0);
	CHECK(w.allowed);
	CHECK_EQ_INT(store_watch_set(s, "watched", b, false, &w), 0);
	CHECK(!w.allowed && w.consent[0] && !w.consent[1]);
	CHECK_EQ_INT(store_watch_link_room(s, h1, room), -ENOENT);
	CHECK_EQ_INT(store_watch_link_room(s, h2, room), -ENOENT);
	CHECK_EQ_INT(store_watch_set(s, "watched", b, true, &w), 0);
	CHECK_EQ_INT(store_watch_link_room(s, h1, room), -ENOENT);             /* not back */
	/* A room of one never allows spectators. */
	struct store_room solo = waiting_room("solo", c, 1);
	struct store_invite inv = an_invite(60, "solo", c, 1);
	CHECK_EQ_INT(store_invite_room_create(s, &solo, &inv, 5, 1), 0);
	CHECK_EQ_INT(store_watch_set(s, "solo", c, true, &w), 0);
	CHECK(!w.allowed && w.consent[0]);
	CHECK_EQ_INT(store_watch_link_add(s, "solo", h3, c, 5, 2), -EPERM);
}

struct watcher {
	struct store *s;
	pthread_barrier_t *go;
	const char *room;
	int64_t user;
	unsigned char hash[STORE_LINK_HASH];
	int got;
};

static void *withdraw(void *arg)
{
	struct watcher *w = arg;
	struct store_watch out;
	pthread_barrier_wait(w->go);
	w->got = store_watch_set(w->s, w->room, w->user, false, &out);
	return NULL;
}

static void *add_link(void *arg)
{
	struct watcher *w = arg;
	pthread_barrier_wait(w->go);
	w->got = store_watch_link_add(w->s, w->room, w->hash, w->user, 5, 1000);
	return NULL;
}

/* One participant withdraws consent through one node while the other
 * makes a link through the other, rounds times: whichever goes first, no
 * link outlives the consent. */
static void test_watch_race(struct store *s, struct store *other)
{
	int64_t a = new_user(s, "ra"), b = new_user(s, "rb");
	struct store_room r = { .created_ms = 1, .start_ms = 1, .users = { a, b } };
	str_copy(r.id, sizeof(r.id), "watchrace");
	CHECK_EQ_INT(store_room_create(s, &r), 0);
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 2);
	int before = 0, refused = 0;
	for (unsigned k = 0; k < 30; k++) {
		struct store_watch w;
		CHECK_EQ_INT(store_watch_set(s, "watchrace", a, true, &w), 0);
		CHECK_EQ_INT(store_watch_set(s, "watchrace", b, true, &w), 0);
		struct watcher off = { s, &go, "watchrace", a, { 0 }, 99 }, on = { other, &go, "watchrace", b, { 0 }, 99 };
		hash_of(on.hash, 1000 + k);
		pthread_t t[2];
		pthread_create(&t[0], NULL, withdraw, &off);
		pthread_create(&t[1], NULL, add_link, &on);
		pthread_join(t[0], NULL);
		pthread_join(t[1], NULL);
		CHECK_EQ_INT(off.got, 0);
		CHECK(on.got == 0 || on.got == -EPERM);
		before += on.got == 0;
		refused += on.got == -EPERM;
		char room[STORE_ROOM_ID_LEN + 1];
		CHECK_EQ_INT(store_watch_link_room(other, on.hash, room), -ENOENT);
	}
	pthread_barrier_destroy(&go);
	printf("consent withdrawn against a new link on two nodes: link first %d, refused %d\n", before, refused);
}

int main(void)
{
	char dir[] = "/tmp/pairbox-invites-store-XXXXXX";
	struct store *s = mkdtemp(dir) ? store_fixture_open(dir) : NULL;
	CHECK(s != NULL);
	if (s) {
		test_invites(s);
		test_race(s, s, 0);
		test_watch(s);
		/* PostgreSQL: a second handle on the database, as another node. */
		struct store *s2 = store_fixture_pg() ? store_fixture_open(dir) : NULL;
		if (s2) {
			test_race(s, s2, 1);
			test_watch_race(s, s2);
			store_close(s2);
		}
		store_close(s);
		store_fixture_remove(dir);
	}
	return check_done();
}
