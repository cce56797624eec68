/* store_ratings.c - store_ratings.h's verbs: out arguments zeroed, pages
 * turned into offset and limit, then the driver's rating op
 * (store_driver.h). */
#include "store_driver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void store_feedback_release(struct store_feedback *f)
{
	if (!f)
		return;
	free(f->comment);
	f->comment = NULL;
}

int store_feedback_put(struct store *s, const struct store_feedback *f, const struct store_rater *rater,
		       bool *created)
{
	*created = false;
	for (int i = 0; i < STORE_FEEDBACK_SCORES; i++)
		if (f->scores[i] < 1 || f->scores[i] > 5)
			return -EINVAL;
	if (!f->room[0] || f->from_user == f->to_user)
		return -EINVAL;
	return s->ops->ratings->feedback_put(s, f, rater, created);
}

int store_feedback_of_room(struct store *s, const char *room, struct store_feedback out[2], size_t *n)
{
	memset(out, 0, 2 * sizeof(out[0]));
	*n = 0;
	return s->ops->ratings->feedback_of_room(s, room, out, n);
}

int store_feedback_received(struct store *s, int64_t user_id, int64_t closed_before_ms, size_t page,
			    size_t per_page, struct store_feedback **rows, size_t *n, size_t *total,
			    struct store_feedback_avg *avg)
{
	*rows = NULL;
	*n = *total = 0;
	memset(avg, 0, sizeof(*avg));
	return s->ops->ratings->feedback_received(s, user_id, closed_before_ms, store_page_offset(page, per_page),
						  per_page, rows, n, total, avg);
}

int store_rating_next(struct store *s, const struct store_rater *rater, char room[STORE_ROOM_ID_LEN + 1])
{
	char ignored[STORE_ROOM_ID_LEN + 1];
	if (!room)
		room = ignored;
	room[0] = '\0';
	return s->ops->ratings->next(s, rater, room);
}

int store_rating_recompute(struct store *s, int64_t user_id, const struct store_rater *rater)
{
	return s->ops->ratings->recompute(s, user_id, rater);
}

int store_rooms_open(struct store *s, int64_t started_ms, size_t limit, char (**ids)[STORE_ROOM_ID_LEN + 1],
		     size_t *n)
{
	*ids = NULL;
	*n = 0;
	return limit ? s->ops->ratings->rooms_open(s, started_ms, limit, ids, n) : 0;
}

int store_rating_get(struct store *s, int64_t user_id, const char *language, struct store_rating *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->ratings->get(s, user_id, language ? language : "", out);
}

int store_ratings_of_user(struct store *s, int64_t user_id, struct store_rating **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return s->ops->ratings->of_user(s, user_id, out, n);
}

int store_rating_history(struct store *s, int64_t user_id, size_t limit, struct store_rating_game **out,
			 size_t *n)
{
	*out = NULL;
	*n = 0;
	return limit ? s->ops->ratings->history(s, user_id, limit, out, n) : 0;
}

int store_board(struct store *s, const struct store_board_query *q, struct store_board_row **rows, size_t *n,
		size_t *total)
{
	*rows = NULL;
	*n = *total = 0;
	const char *org = q->organisation && q->organisation[0] ? q->organisation : NULL;
	return s->ops->ratings->board(s, q->language ? q->language : "", org, store_page_offset(q->page, q->per_page),
				      q->per_page, rows, n, total);
}

int store_org_board(struct store *s, const char *language, size_t min_members, size_t page, size_t per_page,
		    struct store_org_row **rows, size_t *n, size_t *total)
{
	*rows = NULL;
	*n = *total = 0;
	return s->ops->ratings->org_board(s, language ? language : "", min_members ? min_members : 1,
					  store_page_offset(page, per_page), per_page, rows, n, total);
}
