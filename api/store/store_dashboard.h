/* store_dashboard.h - what a user's dashboard reads from the store (part
 * of store.h; docs/platform.md "Dashboard"): the rooms a user took part
 * in, a page at a time, each with its partner and the rows of its log the
 * dashboard's figures come from (run and submit results, requests to move
 * on). The store reads and hands over; the figures themselves (phases
 * reached, best submit, success by tag, streaks) are api/dashboard.h's.
 *
 * The rows come from the rooms' own tables (room_members by its user
 * index) and from a digest of their logs that the store writes with each
 * log row it stands for (a run's or a submit's result, a request to move
 * on), in the same transaction: a room's figures are right the moment
 * its log is, and a page never opens the log itself.
 *
 * Ownership: what a verb returns is the caller's (store_dash_rooms_free). */
#ifndef PAIRBOX_STORE_DASHBOARD_H
#define PAIRBOX_STORE_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"              /* STORE_USERNAME_MAX; store_rooms.h */

#define STORE_DASH_PAGE_MAX 200           /* rooms per call */
#define STORE_DASH_NAME_MAX 256           /* a display name's bytes (64 characters of UTF-8) */
#define STORE_DASH_STATUS_MAX 63          /* a status's description ("Wrong Answer") */

/* A judged run or submit of a room: its "run-result" or "submit-result"
 * row (docs/realtime.md). */
struct store_dash_result {
	bool submit;                          /* a submit's result; else a run's */
	int64_t t_ms;                         /* when the result was logged */
	/* A submit's only (0 and "" for a run): */
	int status_id;                        /* Judge0's status id: 3 is Accepted */
	char status[STORE_DASH_STATUS_MAX + 1];
	int64_t passed, total;                /* tests passed, of the problem's tests */
};

/* A participant's request to move on to the next phase: a "next" row. */
struct store_dash_ask {
	int64_t user_id;
	int64_t t_ms;
};

struct store_dash_room {
	struct store_room room;               /* users[]: each slot's participant, 0 where none */
	int slot;                             /* the reader's own slot */
	int64_t partner_id;                   /* the other participant; 0 while there is none */
	bool partner_deleted;                 /* the partner's account was deleted */
	char partner_username[STORE_USERNAME_MAX + 1]; /* "" when deleted */
	char partner_display[STORE_DASH_NAME_MAX + 1];
	struct store_dash_result *results;    /* owned; in the log's order */
	size_t nresults;
	struct store_dash_ask *asks;          /* owned; in the log's order */
	size_t nasks;
};

/* Frees each room's arrays, then v; accepts NULL. */
void store_dash_rooms_free(struct store_dash_room *v, size_t n);

/* The rooms user_id is a participant of (a row of room_members), at most
 * limit (capped at STORE_DASH_PAGE_MAX; 0 counts only) from offset: newest first (by
 * creation, then by insertion), or oldest first. *out (malloc'd, *n of
 * them; NULL when none) and *total, every such room. Oldest-first pages
 * stay put while rooms are added (a new room sorts last), so a caller can
 * walk them all a page at a time, the store free between the pages.
 * 0, -ENOMEM, -EIO. */
int store_dash_rooms(struct store *s, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		     struct store_dash_room **out, size_t *n, size_t *total);

#endif
