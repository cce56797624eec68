/* phase.h - a room's phases and roles as pure functions of the time
 * passed in (Unix milliseconds), so the hub needs one timer per room
 * (phase_state.next_due_ms) and tests need no sleeping.
 *
 * The plan is the server setting PHASE_MINUTES ("intro=5,pseudocode=10,
 * code=30,review=15"). Phase i starts when phase i-1 ends: at its planned
 * end, or earlier when both participants asked to move on. The room ends
 * (read-only) when the last phase does. The driver swaps at the midpoint
 * of the phase named "code" (its start plus half its planned length; no
 * swap when the phase is ended early before it) and whenever one
 * participant asks and the other agrees.
 *
 * Participants are slots 0 and 1 (the hub maps them to users). A clock is
 * a plain value: the hub may persist its fields as they are, or rebuild
 * it by replaying phase_clock_ask_* with the times they happened at.
 *
 * How a hub drives it: keep the last phase_state it broadcast; whenever
 * its one timer fires (at next_due_ms) or an ask_* returns 1, take
 * phase_clock_at(now) and compare: another index is a `phase` message
 * (or `ended`), another driver a `roles` message, its reason "midpoint"
 * when midpoint_passed changed and "agreed" otherwise; then re-arm the
 * timer at the new next_due_ms. Comparing states, not counting ticks,
 * makes a late timer or a restart harmless. */
#ifndef PAIRBOX_PHASE_H
#define PAIRBOX_PHASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PHASE_MAX 8
#define PHASE_NAME_MAX 16              /* with the NUL */
#define PHASE_MINUTES_MAX 240
#define PHASE_PLAN_DEFAULT "intro=5,pseudocode=10,code=30,review=15"
#define PHASE_SWAP_NAME "code"         /* the phase whose midpoint swaps the roles */

struct phase_def {
	char name[PHASE_NAME_MAX];     /* [a-z][a-z0-9_-]*, unique in the plan */
	uint32_t minutes;              /* 1..PHASE_MINUTES_MAX */
};

struct phase_plan {
	struct phase_def phases[PHASE_MAX];
	size_t n;                      /* 1..PHASE_MAX */
};

/* Read "name=minutes,..." into *out. 0, or -EINVAL with a message in
 * err[0..errlen) naming the part (e.g. "\"code=0\": minutes must be
 * 1..240"); err may be NULL when errlen is 0. *out is untouched on error. */
int phase_plan_parse(const char *spec, struct phase_plan *out, char *err, size_t errlen);

struct phase_clock {
	struct phase_plan plan;
	int64_t start_ms;              /* when the first phase began */
	bool early[PHASE_MAX];         /* phase i was ended early, at early_end_ms[i] */
	int64_t early_end_ms[PHASE_MAX];
	int first_driver;              /* slot driving at the start */
	unsigned swaps;                /* agreed swaps so far */
	unsigned next_asked;           /* slots (1 << slot) asking to move on ... */
	size_t next_asked_phase;       /* ... from this phase (void once it has ended) */
	unsigned swap_asked;           /* slots asking for a swap ... */
	bool swap_asked_after_mid;     /* ... asked after the midpoint swap or before it */
};

/* Where a room is at a given time. */
struct phase_state {
	size_t index;                  /* the current phase; plan.n once ended */
	const char *name;              /* its name (in the clock's plan); "ended" once ended */
	int64_t started_at_ms;         /* when it began (once ended: when the room ended) */
	int64_t ends_at_ms;            /* when it ends unless both move on (once ended: = started_at_ms) */
	bool ended;                    /* after the last phase: the room is read-only */
	int driver;                    /* the slot driving */
	bool has_midpoint;             /* the plan has a code phase whose midpoint comes or came */
	int64_t midpoint_ms;           /* if so, when (as things stand) */
	bool midpoint_passed;          /* the midpoint swap has happened */
	int64_t next_due_ms;           /* the next time the state changes by itself; INT64_MAX once ended */
};

/* A clock for a room starting at start_ms with first_driver (0 or 1)
 * driving; plan is copied. */
void phase_clock_init(struct phase_clock *c, const struct phase_plan *plan, int64_t start_ms, int first_driver);

/* The state at now_ms (any time, before the start too: phase 0). */
void phase_clock_at(const struct phase_clock *c, int64_t now_ms, struct phase_state *out);

/* slot asks to move on from the current phase at now_ms. 1: both have
 * asked, the phase ended at now_ms (phase_clock_at shows the next one);
 * 0: noted, waiting for the other (asking twice is still 0); -EINVAL: not
 * a slot; -EPERM: the room has ended. A request lapses when its phase
 * ends. */
int phase_clock_ask_next(struct phase_clock *c, int slot, int64_t now_ms);

/* slot asks to swap roles (the other's ask agrees). 1: swapped; 0: noted;
 * -EINVAL; -EPERM once ended. A request lapses when the midpoint swap
 * comes first, so nobody agrees by accident to undo it. */
int phase_clock_ask_swap(struct phase_clock *c, int slot, int64_t now_ms);

/* The first driver: the participant who drove less recently, given when
 * each last drove (0 or less: never); slot 0 on a tie (the matcher puts
 * the longer waiter there). */
int phase_first_driver(int64_t last_drove_ms_0, int64_t last_drove_ms_1);

#endif
