/* dashboard.h - a user's dashboard figures (docs/platform.md
 * "Dashboard"): what each of their rooms came to (the furthest phase, the
 * end, runs, the best and the last submit) and, over all their rooms,
 * totals, success by problem tag and by difficulty, activity by day and
 * streaks. Computed from the store's rows (store_dashboard.h) at a time
 * passed in, with no I/O, so tests give the rows and the clock.
 *
 * Days are UTC calendar days: a session's day is its room's creation
 * time's, a submit's day its result's. A streak is a run of consecutive
 * days with at least one session; the current one is the run that ends
 * today, or yesterday while today has none yet (a streak is broken only
 * by a whole day without a session).
 *
 * Ownership: rooms and problems are borrowed for each call; JSON results
 * are new references. */
#ifndef PAIRBOX_DASHBOARD_H
#define PAIRBOX_DASHBOARD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phase.h"
#include "store.h"

struct problem;

#define DASH_DAY_MS 86400000LL
#define DASH_WEEKS_MAX 53
#define DASH_STATUS_ACCEPTED 3         /* Judge0's status id */

/* What a room came to by now_ms. */
struct dash_room_sum {
	size_t phase_index;                /* the furthest phase reached (the last one once ended) */
	char phase_name[PHASE_NAME_MAX];
	size_t nphases;
	bool ended;
	int64_t ended_ms;                  /* when it ended; 0 while it has not */
	size_t runs, submits, accepted;    /* judged runs, judged submits, accepted submits */
	const struct store_dash_result *best;   /* the best submit: accepted first, then the largest
	                                           fraction of tests passed, then the earliest;
	                                           NULL when none (borrowed from the room) */
	const struct store_dash_result *last;   /* the last submit; NULL when none */
};

/* r's summary at now_ms. Its phases are its own plan's (fallback's when
 * its plan does not read), replayed with its requests to move on exactly
 * as the hub does, so an agreed early end counts even if no server saw
 * the room after it; a room whose end the hub logged ended then. */
void dash_room_sum(const struct store_dash_room *r, const struct phase_plan *fallback, int64_t now_ms,
		   struct dash_room_sum *out);

/* One entry of GET /api/v1/me/sessions: the room, its problem (p: the
 * bank's, NULL when the bank no longer has it), partner, phase, verdicts
 * and replay path. NULL when out of memory. */
json_t *dash_session_json(const struct store_dash_room *r, const struct dash_room_sum *sum, const struct problem *p);

/* The day (days since 1970-01-01, UTC) of a Unix time in milliseconds. */
int64_t dash_day(int64_t ms);
/* A day as "YYYY-MM-DD" into out (11 bytes at least). */
void dash_date(int64_t day, char out[11]);

/* The current and longest streaks of days[0..n) (ascending, each once)
 * as of today (a day). */
void dash_streaks(const int64_t *days, size_t n, int64_t today, unsigned *current, unsigned *longest);

/* GET /api/v1/me/stats, built a room at a time. */
struct dash_stats;

/* Figures as of now_ms, with activity for the last weeks (1..DASH_WEEKS_MAX)
 * weeks: from the Monday weeks - 1 weeks before this week's to today.
 * NULL when out of memory. */
struct dash_stats *dash_stats_new(int64_t now_ms, unsigned weeks);
/* Count one room: its summary, its problem's difficulty (the room's when
 * the problem has none) and tags. 0 or -ENOMEM. */
int dash_stats_add(struct dash_stats *st, const struct store_dash_room *r, const struct dash_room_sum *sum,
		   const char *difficulty, const char *const *tags, size_t ntags);
/* {totals, by_tag, by_difficulty, activity, streaks}; NULL when out of
 * memory. */
json_t *dash_stats_json(struct dash_stats *st);
void dash_stats_free(struct dash_stats *st);         /* NULL ok */

#endif
