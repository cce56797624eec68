/* hub_watch.c - spectators (hub.h): read-only connections of users who
 * are not participants, admitted while both participants allow them.
 * A spectator is in the room's list of connections like anyone (it hears
 * updates, cursors, chat, phases, runs), with slot -1, so nothing that
 * counts participants (phases, roles, presence's online counts, the
 * signal relay) ever counts it, and every message it sends but pull is
 * refused (hub_msg.c). Spectators are counted per room
 * (ROOM_SPECTATORS_MAX); when the participants stop allowing them the
 * room's watch_gen changes and every spectator is disconnected, those
 * still on their way in too. */
#define _GNU_SOURCE
#include "app.h"
#include "hub_int.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *watch_user_json(const struct hub_conn *c)
{
	const struct hub_user *u = &c->watcher;
	return json_pack("{s:I, s:o, s:s}", "id", (json_int_t)u->id, "username",
			 u->username[0] ? json_string(u->username) : json_null(), "display_name", u->display_name);
}

/* Is another open connection of c's spectator in the room's list? */
static bool watching_elsewhere(const struct hub_conn *c)
{
	for (const struct hub_conn *x = c->room->conns; x; x = x->next)
		if (x != c && x->spectator && x->watcher.id == c->watcher.id)
			return true;
	return false;
}

json_t *room_watch_json(const struct room *r)
{
	json_t *consent = json_array(), *watching = json_array();
	for (int k = 0; consent && k < 2; k++)
		if (r->row.users[k])
			json_array_append_new(consent, json_pack("{s:o, s:b}", "user", room_user_json(r, k), "allow",
								 r->watch.consent[k]));
	/* Each spectator once, in the order they came (the list is newest
	 * first); none once they are no longer allowed (their connections are
	 * closing). */
	for (const struct hub_conn *c = r->conns; watching && r->watch.allowed && c; c = c->next) {
		if (!c->spectator)
			continue;
		bool later = false;
		for (const struct hub_conn *x = c->next; x && !later; x = x->next)
			later = x->spectator && x->watcher.id == c->watcher.id;
		if (!later)
			json_array_insert_new(watching, 0, watch_user_json(c));
	}
	return json_pack("{s:b, s:o, s:o}", "allowed", r->watch.allowed, "consent", consent, "watching", watching);
}

static void presence(struct hub_conn *c, bool online)
{
	hub_send_others(c, json_pack("{s:s, s:o, s:b, s:s}", "type", "presence", "user", watch_user_json(c), "online",
				     online, "role", "spectator"));
}

bool watch_open(struct hub_conn *c)
{
	struct room *r = c->room;
	if (r->deleted || !r->watch.allowed || c->watch_gen != r->watch_gen)
		return false;
	if (!watching_elsewhere(c))
		presence(c, true);
	return true;
}

void watch_close(struct hub_conn *c)
{
	if (!watching_elsewhere(c))
		presence(c, false);
}

bool watch_admits(const struct room *r)
{
	return r->watch.allowed && !r->deleted && !r->cancelled;
}

int hub_ws_watcher(struct hub *h, const char *id, const struct store_user *u, void **user)
{
	*user = NULL;
	struct hub_conn *c = NULL;
	int e = hub_conn_new(h, id, u->id, true, &c);
	if (e)
		return e;
	struct room *r = c->room;
	c->watcher.id = u->id;
	str_copy(c->watcher.username, sizeof(c->watcher.username), u->username);
	if (str_copy(c->watcher.display_name, sizeof(c->watcher.display_name),
		     u->display_name && u->display_name[0] ? u->display_name : u->username))
		str_copy(c->watcher.display_name, sizeof(c->watcher.display_name), u->username);
	pthread_mutex_lock(&r->lock);
	if (!watch_admits(r))
		e = -ENOENT;
	else if (r->watchers >= h->app->cfg.room_spectators_max)
		e = -EMLINK;
	else {
		r->watchers++;                   /* given back by the connection's free_user */
		c->watch_gen = r->watch_gen;
	}
	pthread_mutex_unlock(&r->lock);
	if (e) {
		room_unref(r);
		free(c);
		return e;
	}
	c->spectator = true;                 /* its free_user gives the place back */
	*user = c;
	return 0;
}

int hub_watch_set(struct hub *h, const char *id, int64_t user_id, bool allow, json_t **out)
{
	*out = NULL;
	/* One change at a time: the store's settings and the room's in
	 * memory change in the same order. */
	pthread_mutex_lock(&h->watch_lock);
	struct store_watch w;
	struct room *r = NULL;
	int e = store_watch_set(h->store, id, user_id, allow, &w);
	if (!e)
		e = hub_room_get(h, id, user_id, false, &r);
	if (!e) {
		pthread_mutex_lock(&r->lock);
		r->watch = w;
		if (!w.allowed) {
			r->watch_gen++;              /* spectators on their way in are refused too */
			for (struct hub_conn *c = r->conns; c; c = c->next)
				if (c->spectator)
					ws_close(c->ws, 1008, "the participants no longer allow spectators");
		}
		int slot = room_slot(r, user_id);
		json_t *m = json_pack("{s:s, s:o, s:o}", "type", "spectators", "spectators", room_watch_json(r), "by",
				      room_user_json(r, slot));
		size_t len = 0;
		char *text = room_dump(m, &len);
		if (text) {
			room_broadcast(r, text, len);
			hub_note_live(r, -1, text, len, false);   /* the other nodes take the settings from it */
		}
		free(text);
		*out = room_watch_json(r);
		pthread_mutex_unlock(&r->lock);
		room_unref(r);
		if (!*out)
			e = -ENOMEM;
	}
	pthread_mutex_unlock(&h->watch_lock);
	return e;
}
