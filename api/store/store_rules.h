/*
 * store_rules: what both drivers (sqlite*.c, pg*.c) decide alike on values
 * they have already read: the rules of an op, kept in one place so the two
 * databases cannot drift apart. Nothing here touches a database; each
 * driver reads and writes with its own API, then asks these.
 */
#ifndef PAIRBOX_STORE_RULES_H
#define PAIRBOX_STORE_RULES_H

#include "store.h"
#include "store_dashboard.h"
#include "store_invites.h"
#include "store_ratings.h"
#include "store_rooms.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- rooms' participants (users[slot], 0: none) ---- */

/* May user_id accept inv, for a room whose participants are users, at
 * now_ms? 0: yes; 1: already in it (its creator, or the one who got in:
 * nothing to do); -EALREADY (used, or the room is full); -ECANCELED
 * (revoked); -ETIMEDOUT (expired). */
int store_rule_accept(const struct store_invite *inv, const int64_t users[2], int64_t user_id, int64_t now_ms);

/* Is the room of users a waiting room of user_id? 0; -ENOENT (not
 * user_id's); -EBUSY (it has both participants). */
int store_rule_waiting_room_of(const int64_t users[2], int64_t user_id);

/* 0 when user_id (not 0) is one of users; -ENOENT. */
int store_rule_participant(const int64_t users[2], int64_t user_id);

/* ---- problem search ---- */

/* A driver's quoting of one search word w (n bytes, without the trailing
 * '*' that made it a prefix) at o, after its separator unless first: the
 * end of what it wrote. */
typedef char *(*store_quote_fn)(char *o, const char *w, size_t n, bool prefix, bool first);

/* The user's search text as a query of the driver's language: each
 * whitespace-separated word (a lone '*' is none) quoted by quote, into
 * cap bytes (what every quote may write, and the '\0'). *out owned;
 * NULL when there is no word. 0 or -ENOMEM. */
int store_search_query(const char *text, size_t cap, store_quote_fn quote, char **out);

/* ---- the lobby ---- */

/* A driver's read of a user's rooms' problems (store_problems_had). */
typedef int (*store_history_fn)(void *db, int64_t user_id, char ***out, size_t *n);

/* The room the matcher makes for the pair a, b, given each one's history
 * read with history(db, ...): 0 and *room (users a then b, not ended);
 * the reader's or the matcher's error. */
int store_rule_match_room(const struct store_matcher *m, const struct store_lobby_entry *a,
			  const struct store_lobby_entry *b, store_history_fn history, void *db,
			  struct store_room *room);

/* ---- the dashboard ---- */

/* Does a log event of kind go into the dashboard's digest? */
bool store_rule_digested(const char *kind);

/* The end of a dashboard page's read of got rooms into v: on r free
 * them, zero *total and answer r; else hand v over (NULL when empty). */
int store_dash_rooms_out(int r, struct store_dash_room *v, size_t got, struct store_dash_room **out, size_t *n,
			 size_t *total);

/* Append one element of size bytes to *v (*n of them, room for *cap):
 * the element, zeroed, or NULL when out of memory (*v unchanged). */
void *store_push(void **v, size_t *n, size_t *cap, size_t size);

/* ---- a room's games (ratings) ---- */

/* What a room's games are made of. */
struct store_room_outcome {
	char difficulty[STORE_ROOM_DIFF_MAX + 1];
	char language[STORE_ROOM_LANG_MAX + 1];
	int64_t ended_ms;
	int64_t users[2];
	double tests;
	bool took_part[2];
};

/* One submit's result, in the log's order: true when it is the best so
 * far (a later one wins a tie), o->tests then its passed fraction, and
 * the driver keeps its language. */
bool store_rule_outcome_submit(struct store_room_outcome *o, double passed, double total);

/* user_id wrote in the room's log: mark which participant that is. */
void store_rule_outcome_took_part(struct store_room_outcome *o, int64_t user_id);

/* ---- handing a read's array over ---- */

/* The end of a read of got strings into v: on r (an error) free them,
 * zero *total (when not NULL) and answer r; else hand v over. */
int store_strings_out(int r, char **v, size_t got, char ***out, size_t *n, size_t *total);

/* The same for submissions' rows. */
int store_rows_out(int r, struct store_row *v, size_t got, struct store_row **out, size_t *n, size_t *total);

/* The same for feedback rows and their means (zeroed on an error). */
int store_feedback_out(int r, struct store_feedback *v, size_t got, struct store_feedback_avg *avg,
		       struct store_feedback **out, size_t *n, size_t *total);

#endif
