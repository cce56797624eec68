/* store_rooms.c - store_rooms.h's verbs: out arguments zeroed, then the
 * driver's room op (store_driver.h). */
#include "store_driver.h"

#include <stdlib.h>
#include <string.h>

void store_room_events_free(struct store_room_event *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].data);
	free(v);
}

int store_lobby_put(struct store *s, const struct store_lobby_entry *e)
{
	return s->ops->rooms->lobby_put(s, e);
}

int store_lobby_poll(struct store *s, int64_t user_id, int64_t now_ms, struct store_lobby_entry *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->rooms->lobby_poll(s, user_id, now_ms, out);
}

int store_lobby_delete(struct store *s, int64_t user_id)
{
	return s->ops->rooms->lobby_delete(s, user_id);
}

int store_lobby_match(struct store *s, int64_t now_ms, const struct store_matcher *m)
{
	return s->ops->rooms->lobby_match(s, now_ms, m);
}

int store_room_create(struct store *s, const struct store_room *r)
{
	return s->ops->rooms->create(s, r);
}

int store_room_get(struct store *s, const char *id, struct store_room *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->rooms->get(s, id, out);
}

int store_rooms_of_user(struct store *s, int64_t user_id, size_t limit, struct store_room **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return limit ? s->ops->rooms->of_user(s, user_id, limit, out, n) : 0;
}

int store_room_write(struct store *s, const struct store_room_batch *b)
{
	if (!b->nevents && !b->nsnapshots && !b->nmarks)
		return 0;
	return s->ops->rooms->write(s, b);
}

int store_room_log(struct store *s, const char *room, int64_t after_seq, size_t limit,
		   struct store_room_event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return limit ? s->ops->rooms->log(s, room, after_seq, limit, out, n) : 0;
}

int store_room_updates(struct store *s, const char *room, int64_t after_version, size_t limit,
		       struct store_room_event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return limit ? s->ops->rooms->updates(s, room, after_version, limit, out, n) : 0;
}

int store_room_state_log(struct store *s, const char *room, size_t limit, struct store_room_event **out,
			 size_t *n)
{
	*out = NULL;
	*n = 0;
	return limit ? s->ops->rooms->state_log(s, room, limit, out, n) : 0;
}

int store_room_kind_tail(struct store *s, const char *room, const char *kind, size_t limit,
			 struct store_room_event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return limit ? s->ops->rooms->kind_tail(s, room, kind, limit, out, n) : 0;
}

int store_room_tail(struct store *s, const char *room, int64_t *seq, int64_t *version)
{
	*seq = *version = 0;
	return s->ops->rooms->tail(s, room, seq, version);
}

int store_room_snapshot_get(struct store *s, const char *room, int64_t *version, uint16_t **units, size_t *n)
{
	*version = 0;
	*units = NULL;
	*n = 0;
	return s->ops->rooms->snapshot_get(s, room, version, units, n);
}
