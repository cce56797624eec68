/* matching.h - the waiting room's matchmaker (docs/platform.md "Waiting
 * room"): runs the room core's matching (room/lobby.h) over the store's
 * entries inside one store transaction (store_lobby_match), so an entry
 * is matched once and both sides learn the room together, and wakes the
 * long polls when rooms were made. A matching runs when someone joins
 * and at most once a second while anyone polls (windows widen with
 * time, stale entries go). Thread-safe. */
#ifndef PAIRBOX_MATCHING_H
#define PAIRBOX_MATCHING_H

#include <stdbool.h>
#include <stdint.h>

struct app;
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

#endif
