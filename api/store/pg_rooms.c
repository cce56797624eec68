/* pg_rooms.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_rooms = { "rooms", steps, 1 };

static int rooms_lobby_put(struct store *s, const struct store_lobby_entry *e)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_lobby_poll(struct store *s, int64_t user_id, int64_t now_ms, struct store_lobby_entry *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_lobby_delete(struct store *s, int64_t user_id)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_lobby_match(struct store *s, int64_t now_ms, const struct store_matcher *m)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_create(struct store *s, const struct store_room *r)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_get(struct store *s, const char *id, struct store_room *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_of_user(struct store *s, int64_t user_id, size_t limit, struct store_room **out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_write(struct store *s, const struct store_room_batch *b)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_log(struct store *s, const char *room, int64_t after_seq, size_t limit, struct store_room_event **out,
		   size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_updates(struct store *s, const char *room, int64_t after_version, size_t limit,
		       struct store_room_event **out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_state_log(struct store *s, const char *room, size_t limit, struct store_room_event **out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_kind_tail(struct store *s, const char *room, const char *kind, size_t limit,
			 struct store_room_event **out, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_tail(struct store *s, const char *room, int64_t *seq, int64_t *version)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

static int rooms_snapshot_get(struct store *s, const char *room, int64_t *version, uint16_t **units, size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

const struct store_room_ops pg_room_ops = {
	.lobby_put = rooms_lobby_put,
	.lobby_poll = rooms_lobby_poll,
	.lobby_delete = rooms_lobby_delete,
	.lobby_match = rooms_lobby_match,
	.create = rooms_create,
	.get = rooms_get,
	.of_user = rooms_of_user,
	.write = rooms_write,
	.log = rooms_log,
	.updates = rooms_updates,
	.state_log = rooms_state_log,
	.kind_tail = rooms_kind_tail,
	.tail = rooms_tail,
	.snapshot_get = rooms_snapshot_get,
};
