/* test_lobby.c - room/lobby.c: matching (same language and difficulty,
 * closest rating, the window widening with the wait, fairness, never a
 * user with themself, no repeat partner while others wait, stale entries
 * dropped), its invariants over random lobbies in any order, and the
 * problem a pair gets. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lobby.h"

#define S 1000LL
#define NOW 1700000000000LL

/* An entry that joined `ago` ms before NOW and polled just now. */
static struct lobby_entry entry(int64_t user, const char *lang, enum room_difficulty d, int rating, int64_t ago)
{
	return (struct lobby_entry){ .user_id = user, .language = lang, .difficulty = d, .rating = rating,
				     .joined_ms = NOW - ago, .polled_ms = NOW, .last_partner = 0 };
}

/* The pairs as "a-b a-b" by user id, in the order made. */
static char *pairs_text(const struct lobby_entry *e, const struct lobby_result *r, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->npairs && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%lld-%lld", i ? " " : "",
					(long long)e[r->pairs[i].a].user_id, (long long)e[r->pairs[i].b].user_id);
	return buf;
}

static void match_is(const struct lobby_entry *e, size_t n, int64_t now, const char *want)
{
	struct lobby_result r;
	char buf[256];
	CHECK_EQ_INT(lobby_match(e, n, now, NULL, &r), 0);
	CHECK_EQ_STR(pairs_text(e, &r, buf, sizeof(buf)), want);
	lobby_result_release(&r);
}

static void test_basics(void)
{
	struct lobby_rules rules = LOBBY_RULES_DEFAULT;
	CHECK_EQ_INT(lobby_window(&rules, 0), 100);
	CHECK_EQ_INT(lobby_window(&rules, 9999), 100);
	CHECK_EQ_INT(lobby_window(&rules, 10 * S), 150);
	CHECK_EQ_INT(lobby_window(&rules, 60 * S), 400);
	CHECK_EQ_INT(lobby_window(&rules, -5 * S), 100);

	enum room_difficulty d;
	CHECK(room_difficulty_parse("medium", &d) == 0 && d == ROOM_MEDIUM);
	CHECK_EQ_INT(room_difficulty_parse("Medium", &d), -EINVAL);
	CHECK_EQ_STR(room_difficulty_name(ROOM_HARD), "hard");

	struct lobby_entry e[4] = {
		entry(1, "python3", ROOM_EASY, 1500, 2 * S),
		entry(2, "python3", ROOM_EASY, 1550, 1 * S),
	};
	match_is(e, 2, NOW, "1-2");
	match_is(e, 1, NOW, "");
	match_is(e, 0, NOW, "");
	/* another language, another difficulty: nobody to meet */
	e[1].language = "cpp";
	e[2] = entry(3, "python3", ROOM_MEDIUM, 1500, 0);
	match_is(e, 3, NOW, "");
	/* the language is compared exactly */
	e[1].language = "python";
	match_is(e, 2, NOW, "");
}

static void test_closest_and_fair(void)
{
	/* the closest rating in the window, not the longest waiter */
	struct lobby_entry e[6] = {
		entry(1, "c", ROOM_EASY, 1500, 9 * S),
		entry(2, "c", ROOM_EASY, 1590, 8 * S),
		entry(3, "c", ROOM_EASY, 1520, 1 * S),
	};
	match_is(e, 3, NOW, "1-3");
	/* the longest waiter picks first ... */
	e[0] = entry(1, "c", ROOM_EASY, 1600, 20 * S);
	e[1] = entry(2, "c", ROOM_EASY, 1550, 15 * S);
	e[2] = entry(3, "c", ROOM_EASY, 1500, 10 * S);
	match_is(e, 3, NOW, "1-2");
	/* ... and four alike meet in the order they came */
	for (int i = 0; i < 4; i++)
		e[i] = entry(10 + i, "c", ROOM_EASY, 1500, (4 - i) * S);
	match_is(e, 4, NOW, "10-11 12-13");
	e[0].joined_ms = NOW;                      /* 10 joined last now */
	match_is(e, 4, NOW, "11-12 13-10");
	/* equally close on both sides: the longer waiter */
	e[0] = entry(1, "c", ROOM_EASY, 1500, 20 * S);
	e[1] = entry(2, "c", ROOM_EASY, 1450, 5 * S);
	e[2] = entry(3, "c", ROOM_EASY, 1550, 10 * S);
	match_is(e, 3, NOW, "1-3");
	e[2].joined_ms = NOW - 4 * S;
	match_is(e, 3, NOW, "1-2");
	/* joined at the same moment: the smaller user id first */
	e[0] = entry(7, "c", ROOM_HARD, 1500, 5 * S);
	e[1] = entry(5, "c", ROOM_HARD, 1500, 5 * S);
	e[2] = entry(6, "c", ROOM_HARD, 1500, 5 * S);
	match_is(e, 3, NOW, "5-6");
}

static void test_window(void)
{
	/* 180 apart: out of ±100, ±150; in at ±200 (20 s) */
	struct lobby_entry e[2] = {
		entry(1, "go", ROOM_MEDIUM, 1500, 0),
		entry(2, "go", ROOM_MEDIUM, 1680, 0),
	};
	match_is(e, 2, NOW, "");
	match_is(e, 2, NOW + 10 * S, "");
	match_is(e, 2, NOW + 19999, "");
	e[0].polled_ms = e[1].polled_ms = NOW + 20 * S;
	match_is(e, 2, NOW + 20 * S, "1-2");
	/* the longer waiter's window counts for both */
	e[1].joined_ms = NOW + 19 * S;
	match_is(e, 2, NOW + 20 * S, "1-2");
	/* exactly at the edge is in */
	e[1] = entry(2, "go", ROOM_MEDIUM, 1600, 0);
	match_is(e, 2, NOW, "1-2");
	e[1].rating = 1601;
	match_is(e, 2, NOW, "");
	e[1].rating = 1399;
	match_is(e, 2, NOW, "");
}

static void test_self_and_repeat(void)
{
	/* two tabs of one user never meet; the latest polled entry counts */
	struct lobby_entry e[4] = {
		entry(7, "rust", ROOM_EASY, 1500, 5 * S),
		entry(7, "rust", ROOM_EASY, 1500, 4 * S),
	};
	match_is(e, 2, NOW, "");
	e[2] = entry(8, "rust", ROOM_EASY, 1510, 3 * S);
	e[3] = entry(9, "rust", ROOM_EASY, 1490, 2 * S);
	e[0].polled_ms = NOW - S;
	struct lobby_result r;
	char buf[64];
	CHECK_EQ_INT(lobby_match(e, 4, NOW, NULL, &r), 0);
	CHECK_EQ_STR(pairs_text(e, &r, buf, sizeof(buf)), "7-8");
	CHECK(r.npairs == 1 && r.pairs[0].a == 1);        /* entry 1: polled later than entry 0 */
	CHECK_EQ_INT(r.ndropped, 0);
	lobby_result_release(&r);

	/* not the previous partner while anyone else waits */
	e[0] = entry(1, "rust", ROOM_EASY, 1500, 9 * S);
	e[1] = entry(2, "rust", ROOM_EASY, 1500, 8 * S);
	e[2] = entry(3, "rust", ROOM_EASY, 1540, 1 * S);
	e[0].last_partner = 2;
	e[1].last_partner = 1;
	match_is(e, 3, NOW, "1-3");
	match_is(e, 2, NOW, "1-2");                       /* alone together: they may */
	e[1].last_partner = 0;                             /* one side remembering is enough */
	match_is(e, 3, NOW, "1-3");
	e[1].last_partner = 1;
	/* someone who waits out of the window still counts as waiting ... */
	e[2].rating = 2500;
	match_is(e, 3, NOW, "");
	/* ... someone who could never meet them does not */
	e[2].language = "java";
	match_is(e, 3, NOW, "1-2");
	/* others matched first leave the two alone: they meet in the same call */
	e[2] = entry(3, "rust", ROOM_EASY, 2500, 1 * S);
	e[3] = entry(4, "rust", ROOM_EASY, 2500, 1 * S);
	match_is(e, 4, NOW, "3-4 1-2");
}

static void test_stale(void)
{
	struct lobby_entry e[4] = {
		entry(1, "c", ROOM_EASY, 1500, 60 * S),
		entry(2, "c", ROOM_EASY, 1500, 50 * S),
		entry(3, "c", ROOM_EASY, 1500, 40 * S),
		entry(4, "c", ROOM_EASY, 1500, 35 * S),
	};
	e[0].polled_ms = NOW - 30 * S;                     /* 30 s without asking: gone */
	e[2].polled_ms = NOW - 29999;                      /* not yet */
	e[3].polled_ms = NOW - 31 * S;
	struct lobby_result r;
	CHECK_EQ_INT(lobby_match(e, 4, NOW, NULL, &r), 0);
	CHECK_EQ_INT(r.ndropped, 2);
	CHECK(r.ndropped == 2 && r.dropped[0] == 0 && r.dropped[1] == 3);
	CHECK(r.npairs == 1 && r.pairs[0].a == 1 && r.pairs[0].b == 2);
	lobby_result_release(&r);
	lobby_result_release(&r);
	lobby_result_release(NULL);

	struct lobby_rules fast = LOBBY_RULES_DEFAULT;
	fast.stale_ms = 5 * S;
	e[2].polled_ms = NOW - 6 * S;
	CHECK_EQ_INT(lobby_match(e, 4, NOW, &fast, &r), 0);
	CHECK(r.ndropped == 3 && r.npairs == 0);
	lobby_result_release(&r);

	struct lobby_entry *many = calloc(LOBBY_MATCH_MAX + 1, sizeof(*many));
	CHECK_EQ_INT(lobby_match(many, LOBBY_MATCH_MAX + 1, NOW, NULL, &r), -E2BIG);
	CHECK(r.pairs == NULL && r.npairs == 0);
	free(many);
}

static uint64_t rng = 88172645463325252ull;

static size_t below(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % n);
}

static const char *const langs[] = { "c", "python3", "java" };

static bool could_meet(const struct lobby_entry *a, const struct lobby_entry *b, int64_t now)
{
	struct lobby_rules rules = LOBBY_RULES_DEFAULT;
	int64_t first = a->joined_ms < b->joined_ms ? a->joined_ms : b->joined_ms;
	return a->user_id != b->user_id && a->difficulty == b->difficulty && !strcmp(a->language, b->language) &&
	       abs(a->rating - b->rating) <= lobby_window(&rules, now - first);
}

/* Random lobbies: the rules hold for every pair, nobody who could meet
 * someone is left waiting without a reason, and the order of the entries
 * changes nothing. */
static void test_random(void)
{
	enum { N = 400 };
	static struct lobby_entry e[N], shuffled[N];
	size_t bad = 0, unexplained = 0, reordered = 0, matched = 0;
	for (int round = 0; round < 30; round++) {
		for (size_t i = 0; i < N; i++) {
			e[i] = entry((int64_t)below(N), langs[below(3)], (enum room_difficulty)below(3),
				     1000 + (int)below(1000), (int64_t)below(120) * S);
			e[i].polled_ms = NOW - (int64_t)below(40) * S - (int64_t)i;   /* a user's entries never tie */
			e[i].last_partner = below(4) ? 0 : (int64_t)below(N);
		}
		struct lobby_result r, r2;
		CHECK_EQ_INT(lobby_match(e, N, NOW, NULL, &r), 0);
		bool *used = calloc(N, sizeof(bool)), *users = calloc(N, sizeof(bool));
		for (size_t k = 0; k < r.ndropped; k++)
			used[r.dropped[k]] = true;
		for (size_t k = 0; k < r.npairs; k++) {
			const struct lobby_entry *a = &e[r.pairs[k].a], *b = &e[r.pairs[k].b];
			if (used[r.pairs[k].a] || used[r.pairs[k].b] || users[a->user_id] || users[b->user_id] ||
			    !could_meet(a, b, NOW) || a->joined_ms > b->joined_ms || NOW - a->polled_ms >= 30 * S)
				bad++;
			used[r.pairs[k].a] = used[r.pairs[k].b] = true;
			users[a->user_id] = users[b->user_id] = true;
		}
		matched += r.npairs;
		/* of a user's live entries only the latest polled counts */
		bool *ignored = calloc(N, sizeof(bool));
		for (size_t i = 0; i < N; i++)
			for (size_t j = 0; j < N; j++)
				if (i != j && !used[j] && e[j].user_id == e[i].user_id &&
				    e[j].polled_ms > e[i].polled_ms)
					ignored[i] = true;
		/* two left waiting who could meet: only former partners, with others waiting */
		for (size_t i = 0; i < N; i++)
			for (size_t j = i + 1; j < N; j++) {
				if (used[i] || used[j] || ignored[i] || ignored[j] || users[e[i].user_id] || users[e[j].user_id] ||
				    !could_meet(&e[i], &e[j], NOW))
					continue;
				bool former = e[i].last_partner == e[j].user_id || e[j].last_partner == e[i].user_id;
				if (!former)
					unexplained++;
			}
		/* the same lobby in another order: the same pairs of users */
		for (size_t i = 0; i < N; i++)
			shuffled[i] = e[i];
		for (size_t i = N - 1; i > 0; i--) {
			size_t j = below(i + 1);
			struct lobby_entry t = shuffled[i];
			shuffled[i] = shuffled[j];
			shuffled[j] = t;
		}
		CHECK_EQ_INT(lobby_match(shuffled, N, NOW, NULL, &r2), 0);
		if (r2.npairs != r.npairs)
			reordered++;
		for (size_t k = 0; k < r.npairs && k < r2.npairs; k++)
			if (e[r.pairs[k].a].user_id != shuffled[r2.pairs[k].a].user_id ||
			    e[r.pairs[k].b].user_id != shuffled[r2.pairs[k].b].user_id)
				reordered++;
		lobby_result_release(&r);
		lobby_result_release(&r2);
		free(used);
		free(users);
		free(ignored);
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(unexplained, 0);
	CHECK_EQ_INT(reordered, 0);
	CHECK(matched > 30 * 50);          /* the lobbies were not trivially empty */
}

static void test_pick(void)
{
	const char *const arrays[] = { "arrays" }, *const strings[] = { "strings", "sorting" },
			  *const graphs[] = { "graphs" }, *const dp[] = { "dp", "graphs" };
	const struct lobby_problem bank[] = {
		{ "p1", ROOM_EASY, arrays, 1 },   { "p2", ROOM_EASY, strings, 2 }, { "p3", ROOM_EASY, graphs, 1 },
		{ "p4", ROOM_MEDIUM, graphs, 1 }, { "p5", ROOM_HARD, dp, 2 },
	};
	const char *const want_graphs[] = { "graphs" };
	struct lobby_entry a = entry(1, "c", ROOM_EASY, 1500, 0), b = entry(2, "c", ROOM_EASY, 1500, 0);
	a.topics = want_graphs;
	a.ntopics = 1;
	/* the topic asked for, neither had it: always p3 */
	for (uint64_t seed = 0; seed < 20; seed++)
		CHECK_EQ_INT(lobby_pick_problem(bank, 5, &a, NULL, &b, NULL, seed), 2);
	/* a had p3: one neither had wins over the topic */
	const char *const had_p3[] = { "p3", "p9" };
	struct lobby_history ha = { had_p3, 2 }, none = { NULL, 0 };
	bool saw[5] = { false };
	for (uint64_t seed = 0; seed < 64; seed++) {
		int i = lobby_pick_problem(bank, 5, &a, &ha, &b, &none, seed);
		CHECK(i == 0 || i == 1);
		if (i >= 0)
			saw[i] = true;
		CHECK_EQ_INT(lobby_pick_problem(bank, 5, &a, &ha, &b, &none, seed), i);   /* the same seed, the same */
	}
	CHECK(saw[0] && saw[1]);
	/* both had every easy one: the one fewest had, of the difficulty asked */
	const char *const had_easy[] = { "p1", "p2", "p3" }, *const had_p1p2[] = { "p1", "p2" };
	struct lobby_history all = { had_easy, 3 }, some = { had_p1p2, 2 };
	CHECK_EQ_INT(lobby_pick_problem(bank, 5, &a, &all, &b, &some, 3), 2);
	/* b asked for strings: p2 gives both a topic when neither had anything */
	const char *const want_both[] = { "strings", "graphs" };
	b.topics = want_both;
	b.ntopics = 2;
	a.topics = strings;
	a.ntopics = 1;
	CHECK_EQ_INT(lobby_pick_problem(bank, 5, &a, NULL, &b, NULL, 7), 1);
	/* a difficulty the bank lacks: the nearest */
	const struct lobby_problem easy_only[] = { { "e1", ROOM_EASY, NULL, 0 }, { "m1", ROOM_MEDIUM, NULL, 0 } };
	a.difficulty = ROOM_HARD;
	CHECK_EQ_INT(lobby_pick_problem(easy_only, 2, &a, NULL, &b, NULL, 1), 1);
	CHECK_EQ_INT(lobby_pick_problem(bank, 0, &a, NULL, &b, NULL, 1), -ENOENT);
}

int main(void)
{
	test_basics();
	test_closest_and_fair();
	test_window();
	test_self_and_repeat();
	test_stale();
	test_random();
	test_pick();
	return check_done();
}
