/* store_invites.c - store_invites.h's verbs: out arguments zeroed, then
 * the driver's op (store_driver.h). */
#include "store_driver.h"

#include <stdlib.h>
#include <string.h>

int store_invite_room_create(struct store *s, const struct store_room *r, const struct store_invite *inv,
			     unsigned open_max, int64_t now_ms)
{
	return s->ops->invites->room_create(s, r, inv, open_max, now_ms);
}

int store_invite_renew(struct store *s, const struct store_invite *inv, unsigned open_max, int64_t now_ms)
{
	return s->ops->invites->renew(s, inv, open_max, now_ms);
}

int store_invite_get(struct store *s, const unsigned char hash[STORE_LINK_HASH], struct store_invite *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->invites->get(s, hash, out);
}

int store_invite_of_room(struct store *s, const char *room, struct store_invite *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->invites->of_room(s, room, out);
}

int store_invite_accept(struct store *s, const unsigned char hash[STORE_LINK_HASH], int64_t user_id, int64_t now_ms,
			int (*first_driver)(int64_t, int64_t), struct store_invite *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->invites->accept(s, hash, user_id, now_ms, first_driver, out);
}

int store_invite_room_delete(struct store *s, const char *room, int64_t user_id)
{
	return s->ops->invites->room_delete(s, room, user_id);
}

int store_problems_had(struct store *s, int64_t user_id, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return s->ops->invites->problems_had(s, user_id, out, n);
}

void store_strings_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int store_watch_set(struct store *s, const char *room, int64_t user_id, bool allow, struct store_watch *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->invites->watch_set(s, room, user_id, allow, out);
}

int store_watch_get(struct store *s, const char *room, struct store_watch *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->invites->watch_get(s, room, out);
}

int store_watch_link_add(struct store *s, const char *room, const unsigned char hash[STORE_LINK_HASH],
			 int64_t user_id, int64_t now_ms, unsigned max)
{
	return s->ops->invites->link_add(s, room, hash, user_id, now_ms, max);
}

int store_watch_link_room(struct store *s, const unsigned char hash[STORE_LINK_HASH],
			  char room[STORE_ROOM_ID_LEN + 1])
{
	room[0] = '\0';
	return s->ops->invites->link_room(s, hash, room);
}
