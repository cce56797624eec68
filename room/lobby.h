/* lobby.h - the waiting room's decisions, as pure functions over a
 * snapshot of its entries and the time (docs/platform.md, "Waiting
 * room"): who is matched with whom, whose entry is dropped, and which
 * problem a new pair gets. The store reads the entries and writes the
 * rooms in one transaction around lobby_match; nothing here does I/O.
 *
 * The rules (struct lobby_rules, defaults LOBBY_RULES_DEFAULT):
 *  - an entry not polled for stale_ms (30 s) is dropped and never matched;
 *  - a pair has the same language (exact string) and the same difficulty
 *    (the only compatible one: a pair shares one problem);
 *  - their ratings differ by at most the window of the longer waiter of
 *    the two: window, plus window_step for every window_every_ms waited
 *    (±100, +50 every 10 s), without bound, so nobody waits for ever;
 *  - never a user with themself: entries of one user id count once (the
 *    most recently polled, then the latest joined; the others are
 *    ignored, neither matched nor dropped);
 *  - not the previous partner (either side's last_partner) while anyone
 *    else who could ever be matched with them (same language and
 *    difficulty) is waiting;
 *  - fairness: the longest waiter picks first (joined_ms, then user id),
 *    and takes the closest rating; equally close, the longer waiter. */
#ifndef PAIRBOX_LOBBY_H
#define PAIRBOX_LOBBY_H

#include <stddef.h>
#include <stdint.h>

enum room_difficulty {
	ROOM_EASY = 0,
	ROOM_MEDIUM,
	ROOM_HARD,
};

/* "easy", "medium", "hard" (the bank's words): 0 or -EINVAL. */
int room_difficulty_parse(const char *s, enum room_difficulty *out);
const char *room_difficulty_name(enum room_difficulty d);

/* One waiting user. Strings are borrowed for the duration of a call. */
struct lobby_entry {
	int64_t user_id;
	const char *language;             /* as requested, e.g. "python3" */
	enum room_difficulty difficulty;
	const char *const *topics;        /* bank tags asked for (may be none): the problem choice */
	size_t ntopics;
	int rating;
	int64_t joined_ms;                /* when the user joined (Unix ms) */
	int64_t polled_ms;                /* when the user last asked */
	int64_t last_partner;             /* user id of their previous room's partner; 0: none */
};

struct lobby_rules {
	int64_t stale_ms;
	int window;
	int window_step;
	int64_t window_every_ms;
};

#define LOBBY_RULES_DEFAULT ((struct lobby_rules){ 30000, 100, 50, 10000 })
/* lobby_match refuses more entries than this (-E2BIG): the store caps the
 * waiting room; the matcher's cost grows with the entries that share a
 * language, difficulty and rating window. */
#define LOBBY_MATCH_MAX 20000

/* The rating window (half-width) after waiting waited_ms. */
int lobby_window(const struct lobby_rules *rules, int64_t waited_ms);

struct lobby_pair {
	size_t a, b;                      /* indexes into the entries; a waited longer (slot 0) */
};

/* What lobby_match decided; arrays owned by the result. */
struct lobby_result {
	struct lobby_pair *pairs;
	size_t npairs;
	size_t *dropped;                  /* indexes of stale entries, ascending */
	size_t ndropped;
};

/* Match entries[0..n) at now_ms under rules (NULL: the defaults). 0 and
 * *out filled (release it with lobby_result_release); -E2BIG past
 * LOBBY_MATCH_MAX; -ENOMEM. Deterministic: the same input gives the same
 * pairs, whatever the order of the entries. */
int lobby_match(const struct lobby_entry *entries, size_t n, int64_t now_ms, const struct lobby_rules *rules,
		struct lobby_result *out);
void lobby_result_release(struct lobby_result *r);    /* NULL-safe; leaves it empty */

/* One problem of the bank (borrowed strings). */
struct lobby_problem {
	const char *slug;
	enum room_difficulty difficulty;
	const char *const *tags;
	size_t ntags;
};

/* The slugs of the problems a user has had (borrowed). */
struct lobby_history {
	const char *const *slugs;
	size_t n;
};

/* The problem for the pair a and b (their entries give the difficulty,
 * a's, and the topics; ha and hb their histories, either may be NULL): the
 * index into bank[0..n) of the best problem by, in order,
 *   1. its difficulty (the asked one; else the nearest the bank has),
 *   2. how many of the two have had it (none, then one, then both),
 *   3. how many of the two it gives a topic they asked for (a user who
 *      asked for none is always given one),
 * the ties broken by seed (the same seed, bank and histories give the same
 * problem; the bank's order matters, so pass it sorted). -ENOENT when the
 * bank is empty. Cost: n times the histories' lengths. */
int lobby_pick_problem(const struct lobby_problem *bank, size_t n, const struct lobby_entry *a,
		       const struct lobby_history *ha, const struct lobby_entry *b, const struct lobby_history *hb,
		       uint64_t seed);

#endif
