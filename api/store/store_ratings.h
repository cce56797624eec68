/* store_ratings.h - peer feedback, skill ratings and the leaderboards in
 * the store (part of store.h; docs/ratings.md, docs/platform.md
 * "Feedback, ratings, leaderboard").
 *
 * Feedback is one row per (room, giver), replaced by a second put. A
 * user's sessions are recorded as rating games once their room ends (one
 * per participant who took part: wrote at least one row of the room's
 * log), with the fraction of the tests the room's best submit passed.
 * Ratings are a function of one user's games and of the feedback that
 * user received: a recompute reads them in order and hands them to the
 * caller's rater (the room core's Glicko-2, through api/ratings.c) inside
 * the store's transaction, then writes what it answers: the overall
 * rating (language ""), one per language, each game's figures after it
 * (the history), and users.rating. So a feedback put and the recompute
 * it causes are one transaction, and a room's games and its
 * participants' new ratings another.
 *
 * A room is queued for rating in the transaction that marks it ended
 * (store_room_write's mark, store_room_create of an ended room; rooms
 * ended before this table existed are queued by its migration), so no
 * end is ever missed; store_rating_next() takes the queue's oldest.
 *
 * The boards' counts and the organisations' ranking are kept by the
 * database itself as ratings are written or change and as members move
 * or are deleted (an aggregate per organisation and language), so reading
 * them never counts or groups the users.
 *
 * Ownership: structs read own nothing unless a field says so; arrays
 * are malloc'd for the caller (free()); structs passed in are borrowed. */
#ifndef PAIRBOX_STORE_RATINGS_H
#define PAIRBOX_STORE_RATINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store_rooms.h"

struct store;

#define STORE_FEEDBACK_SCORES 4          /* communication, problem solving, code quality, collaboration */
#define STORE_DISPLAY_MAX 255            /* bytes of a display name read with a row */
#define STORE_ORG_MAX 400                /* bytes of an organisation (100 characters) */

/* ---- feedback ---- */

struct store_feedback {
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t from_user, to_user;
	int scores[STORE_FEEDBACK_SCORES];   /* 1..5 each */
	char *comment;                       /* put: borrowed; read: owned (store_feedback_release) */
	int64_t created_ms, updated_ms;      /* put: updated_ms is now (created_ms kept on a replace) */
	/* Read with a list (store_feedback_received): the room and the giver. */
	char problem[STORE_ROOM_SLUG_MAX + 1];
	char language[STORE_ROOM_LANG_MAX + 1];
	char difficulty[STORE_ROOM_DIFF_MAX + 1];
	int64_t room_ended_ms;
	char from_username[33];              /* "" for a deleted account */
	char from_display[STORE_DISPLAY_MAX + 1];
};

/* Frees what a read row owns; accepts a zeroed row. */
void store_feedback_release(struct store_feedback *f);

/* ---- ratings ---- */

/* One rating (language "" is the overall one). */
struct store_rating {
	int64_t user_id;
	char language[STORE_ROOM_LANG_MAX + 1];
	double rating, rd, volatility;       /* rd as of updated_ms (the last session) */
	unsigned games;
	double seed;                         /* where the replay starts: the level's rating then */
	int64_t updated_ms;                  /* the last session's end */
};

/* One session of a user: as recorded (read), and its figures after it
 * (the rater's answer, written back: the history). */
struct store_rating_game {
	char room[STORE_ROOM_ID_LEN + 1];
	char language[STORE_ROOM_LANG_MAX + 1];
	char difficulty[STORE_ROOM_DIFF_MAX + 1];
	char problem[STORE_ROOM_SLUG_MAX + 1];
	int64_t ended_ms;
	double tests;                        /* the room's best submit: passed / total */
	double feedback;                     /* the mean of the four scores received; 0: none */
	/* The rater's: */
	double score;
	double rating, rd, volatility;       /* overall, after this session */
	double lang_rating, lang_rd, lang_volatility;   /* this language's, after it */
};

/* What a recompute asks: called inside the store's transaction (the
 * store is locked: rate() must not call it). games[0..n) are the user's
 * sessions in order (ended_ms, room); rate() fills their figures and
 * *out with the ratings (*nout of them, malloc'd, freed by the store):
 * the overall one (language "") and one per language played, each with
 * seed, games and updated_ms. 0 or -errno (nothing is written). */
struct store_rater {
	void *ctx;
	int (*rate)(void *ctx, double seed, struct store_rating_game *games, size_t n, struct store_rating **out,
		    size_t *nout);
};

/* Put f (a participant's feedback about the other, given after the room
 * ended: the caller checked) and recompute f->to_user's ratings with
 * rater, in one transaction. *created: a new row (else one was
 * replaced). 0, -EIO, or the rater's error. */
int store_feedback_put(struct store *s, const struct store_feedback *f, const struct store_rater *rater,
		       bool *created);
/* A room's feedback rows (at most 2; given and received alike): out[0..*n),
 * release each. 0, -ENOMEM, -EIO. */
int store_feedback_of_room(struct store *s, const char *room, struct store_feedback out[2], size_t *n);

struct store_feedback_avg {
	size_t count;
	double scores[STORE_FEEDBACK_SCORES];   /* means; 0 when count is 0 */
};

/* The feedback user_id received that user may see, newest first, page
 * from 1: rooms where the user gave feedback too, or that ended at or
 * before closed_before_ms (their window closed). *rows (release each,
 * then free()), *total every such row, *avg their means. */
int store_feedback_received(struct store *s, int64_t user_id, int64_t closed_before_ms, size_t page,
			    size_t per_page, struct store_feedback **rows, size_t *n, size_t *total,
			    struct store_feedback_avg *avg);

/* Rate the oldest room of the queue: its games recorded (the
 * participants who took part, the best submit, the language of it, else
 * the room's last), each one's ratings recomputed with rater, the room
 * taken off the queue, in one transaction. 1 when a room was rated (its
 * id in room, may be NULL), 0 when the queue is empty, -errno. */
int store_rating_next(struct store *s, const struct store_rater *rater, char room[STORE_ROOM_ID_LEN + 1]);
/* Recompute user_id's ratings from its games (a repair; the puts above
 * do it themselves). 0, -EIO, the rater's error. */
int store_rating_recompute(struct store *s, int64_t user_id, const struct store_rater *rater);
/* The ids of the rooms not yet ended in the store that started before
 * started_ms, oldest first, at most limit (the sweep ends those whose
 * time is up). *ids malloc'd. */
int store_rooms_open(struct store *s, int64_t started_ms, size_t limit, char (**ids)[STORE_ROOM_ID_LEN + 1],
		     size_t *n);

/* user_id's rating in language ("" overall): 0, -ENOENT (no session
 * rated there), -EIO. */
int store_rating_get(struct store *s, int64_t user_id, const char *language, struct store_rating *out);
/* Every rating of user_id, the overall first, then by language. */
int store_ratings_of_user(struct store *s, int64_t user_id, struct store_rating **out, size_t *n);
/* user_id's latest sessions with their figures, at most limit, oldest
 * first. */
int store_rating_history(struct store *s, int64_t user_id, size_t limit, struct store_rating_game **out,
			 size_t *n);

/* ---- leaderboards ---- */

struct store_board_query {
	const char *language;                /* "" or NULL: the overall ratings */
	const char *organisation;            /* NULL: everyone; else members only (case-blind) */
	size_t page, per_page;               /* page from 1 */
};

struct store_board_row {
	size_t rank;                         /* from 1, in the query's order */
	int64_t user_id;
	char username[33];
	char display_name[STORE_DISPLAY_MAX + 1];
	char organisation[STORE_ORG_MAX + 1];
	double rating, rd, volatility;
	unsigned games;
	int64_t updated_ms;
};

/* The users with a rating in q's language (and organisation), by rating,
 * then the lower RD, then the lower user id: a page of them and *total. */
int store_board(struct store *s, const struct store_board_query *q, struct store_board_row **rows, size_t *n,
		size_t *total);

struct store_org_row {
	size_t rank;
	char organisation[STORE_ORG_MAX + 1];
	size_t members;                      /* members rated (in the language asked) */
	double mean;                         /* their mean rating */
};

/* The organisations with at least min_members members rated in language
 * ("" or NULL: overall), by their mean rating there, then more members,
 * then name: a page of them and *total. */
int store_org_board(struct store *s, const char *language, size_t min_members, size_t page, size_t per_page,
		    struct store_org_row **rows, size_t *n, size_t *total);

#endif
