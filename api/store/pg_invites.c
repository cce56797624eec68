/* pg_invites.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_invites = { "invites", steps, 1 };

static int invites_room_create(struct store *s, const struct store_room *r, const struct store_invite *inv, unsigned open_max,
			   int64_t now_ms)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_renew(struct store *s, const struct store_invite *inv, unsigned open_max, int64_t now_ms)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_get(struct store *s, const unsigned char hash[STORE_LINK_HASH], struct store_invite *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_of_room(struct store *s, const char *room, struct store_invite *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_accept(struct store *s, const unsigned char hash[STORE_LINK_HASH], int64_t user_id, int64_t now_ms,
		      int (*first_driver)(int64_t, int64_t), struct store_invite *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_room_delete(struct store *s, const char *room, int64_t user_id)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_problems_had(struct store *s, int64_t user_id, char ***out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_watch_set(struct store *s, const char *room, int64_t user_id, bool allow, struct store_watch *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_watch_get(struct store *s, const char *room, struct store_watch *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_link_add(struct store *s, const char *room, const unsigned char hash[STORE_LINK_HASH], int64_t user_id,
			int64_t now_ms, unsigned max)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int invites_link_room(struct store *s, const unsigned char hash[STORE_LINK_HASH], char room[STORE_ROOM_ID_LEN + 1])
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_invites_user_deleted(PGconn *c, int64_t user_id, int64_t now_ms)
{
	(void)c, (void)user_id, (void)now_ms;
	return -ENOSYS; /* PLACEHOLDER */
}

const struct store_invite_ops pg_invite_ops = {
	.room_create = invites_room_create,
	.renew = invites_renew,
	.get = invites_get,
	.of_room = invites_of_room,
	.accept = invites_accept,
	.room_delete = invites_room_delete,
	.problems_had = invites_problems_had,
	.watch_set = invites_watch_set,
	.watch_get = invites_watch_get,
	.link_add = invites_link_add,
	.link_room = invites_link_room,
};
