/* matching.h - the waiting room's matchmaker (docs/platform.md "Waiting
 * room"): runs the room core's matching (room/lobby.h) over the store's
 * entries inside one store transaction (store_lobby_match), so an entry
 * is matched once and both sides learn the room together, and wakes the
 * long polls when rooms were made. A matching runs when someone joins
 * and at most once a second while anyone polls (windows widen with
 * time, stale entries go). Thread-safe. */
#ifndef PAIRBOX_MATCHING_H
#define PAIRBOX_MATCHING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lobby.h"
#include "store.h"

struct app;
struct lang;
struct matchmaker;

/* 0 or -ENOMEM. */
int matchmaker_new(struct app *app, struct matchmaker **out);
void matchmaker_free(struct matchmaker *m);      /* NULL ok */

/* Match now (force) or when the last matching is a second old: the
 * number of rooms made, or -errno (logged). */
int matchmaker_run(struct matchmaker *m, bool force);
/* Wait until a matching makes rooms or deadline_ms (unix ms) passes;
 * *gen is the generation last seen (0 at first). */
void matchmaker_wait(struct matchmaker *m, uint64_t *gen, int64_t deadline_ms);

/* The problem the waiting room would give a room of language l for a and
 * b (b may be a: a room made by an invite, whose friend is not known
 * yet), ha and hb the problems each has had (either may be NULL): among
 * the bank's problems l can solve, lobby_pick_problem's choice (by
 * difficulty, then what they have not had, then their topics). 0 with
 * slug and *difficulty; -ENOENT when the bank has none for l; -ENOMEM,
 * -EIO. */
int matchmaker_pick(struct matchmaker *m, const struct lang *l, const struct lobby_entry *a,
		    const struct lobby_history *ha, const struct lobby_entry *b, const struct lobby_history *hb,
		    char slug[STORE_ROOM_SLUG_MAX + 1], enum room_difficulty *difficulty);
/* A fresh room id: 12 random bytes in base64url. 0, -EIO, -ENOMEM. */
int matchmaker_room_id(char out[STORE_ROOM_ID_LEN + 1]);

/* Why topics (a request's "topics", NULL when absent) is not a list of
 * at most 8 bank tags of 1 to 32 characters, or NULL when it is, its JSON
 * text then in out[0..len) ("[]" when absent). */
const char *lobby_topics_problem(const json_t *topics, char *out, size_t len);

#endif
