/* pg_ratings.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_ratings = { "ratings", steps, 1 };

static int ratings_feedback_put(struct store *s, const struct store_feedback *f, const struct store_rater *rater,
			    bool *created)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_feedback_of_room(struct store *s, const char *room, struct store_feedback out[2], size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_feedback_received(struct store *s, int64_t user_id, int64_t closed_before_ms, size_t offset,
				 size_t limit, struct store_feedback **rows, size_t *n, size_t *total,
				 struct store_feedback_avg *avg)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_next(struct store *s, const struct store_rater *rater, char room[STORE_ROOM_ID_LEN + 1])
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_recompute(struct store *s, int64_t user_id, const struct store_rater *rater)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_rooms_open(struct store *s, int64_t started_ms, size_t limit, char (**ids)[STORE_ROOM_ID_LEN + 1],
			  size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_get(struct store *s, int64_t user_id, const char *language, struct store_rating *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_of_user(struct store *s, int64_t user_id, struct store_rating **out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_history(struct store *s, int64_t user_id, size_t limit, struct store_rating_game **out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_board(struct store *s, const char *language, const char *organisation, size_t offset, size_t limit,
		     struct store_board_row **rows, size_t *n, size_t *total)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int ratings_org_board(struct store *s, const char *language, size_t min_members, size_t offset, size_t limit,
			 struct store_org_row **rows, size_t *n, size_t *total)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_ratings_user_delete(PGconn *c, int64_t user_id)
{
	(void)c, (void)user_id;
	return -ENOSYS; /* PLACEHOLDER */
}

const struct store_rating_ops pg_rating_ops = {
	.feedback_put = ratings_feedback_put,
	.feedback_of_room = ratings_feedback_of_room,
	.feedback_received = ratings_feedback_received,
	.next = ratings_next,
	.recompute = ratings_recompute,
	.rooms_open = ratings_rooms_open,
	.get = ratings_get,
	.of_user = ratings_of_user,
	.history = ratings_history,
	.board = ratings_board,
	.org_board = ratings_org_board,
};
