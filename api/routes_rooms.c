/* routes_rooms.c - rooms over HTTP (docs/platform.md "Rooms"):
 *
 *   GET /api/v1/rooms          the caller's recent rooms
 *   GET /api/v1/rooms/:id      the room, for its participants (and spectators)
 *   GET /api/v1/rooms/:id/ws   its realtime channel (docs/realtime.md)
 *
 * Anyone but the room's participants gets 404 {"error": "room not
 * found"} from both room routes, the same answer as for a room that does
 * not exist, and never reaches the channel; except a spectator, whose
 * cookie holds a spectator link to the room that is valid now
 * (routes_watch.c): they get the view and a read-only channel. */
#define _GNU_SOURCE
#include "app.h"
#include "http.h"
#include "hub.h"
#include "invites.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LIST_DEFAULT 20
#define LIST_MAX 100

static void not_found(struct http_resp *resp, int e)
{
	if (e == -ENOENT)
		http_error(resp, 404, "room not found");
	else if (e == -EMLINK)
		http_error(resp, 503, "this room has as many spectators as it takes (ROOM_SPECTATORS_MAX)");
	else
		http_error(resp, e == -ESHUTDOWN ? 503 : 500, e == -ESHUTDOWN ? "the server is stopping"
										 : "the room could not be read");
}

/* A room waiting for its friend shows its creator the state of its
 * latest invite (the link itself is known only to whoever made it). */
static void add_invite(struct http_req *req, json_t *view)
{
	struct store_invite inv;
	if (!json_is_true(json_object_get(view, "waiting")) ||
	    store_invite_of_room(req->app->store, req->params[0], &inv) || inv.created_by != req->user->id)
		return;
	json_object_set_new(view, "invite", json_pack("{s:s, s:I}", "state", invites_state(&inv, unix_ms()),
						      "expires_at", (json_int_t)inv.expires_ms));
}

static void list_rooms(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *l = http_query(req, "limit");
	uint32_t limit = LIST_DEFAULT;
	if (l && (parse_u32(l, &limit) || limit < 1 || limit > LIST_MAX)) {
		http_field_error(resp, "limit", "must be an integer from 1 to 100");
		return;
	}
	struct store_room *v = NULL;
	size_t n = 0;
	if (store_rooms_of_user(app->store, req->user->id, limit, &v, &n)) {
		http_error(resp, 500, "the rooms could not be read");
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, hub_room_summary(app->hub, &v[i], req->user->id));
	free(v);
	http_json(resp, 200, json_pack("{s:o}", "rooms", a));
}

static void show_room(struct http_req *req, struct http_resp *resp)
{
	json_t *o = NULL;
	int e = hub_room_view(req->app->hub, req->params[0], req->user->id, &o);
	if (e == -ENOENT && invites_watch_cookie_ok(req, req->params[0]))
		e = hub_room_watch_view(req->app->hub, req->params[0], req->user->id, &o);
	if (e) {
		not_found(resp, e);
		return;
	}
	add_invite(req, o);
	http_json(resp, 200, o);
}

static void channel(struct http_req *req, struct http_resp *resp)
{
	/* Origin was checked by the preamble (a session route's upgrade);
	 * the session gave req->user. */
	void *user = NULL;
	int e = hub_ws_user(req->app->hub, req->params[0], req->user->id, &user);
	if (e == -ENOENT && invites_watch_cookie_ok(req, req->params[0]))
		e = hub_ws_watcher(req->app->hub, req->params[0], req->user, &user);
	if (e) {
		not_found(resp, e);
		return;
	}
	http_websocket(resp, &hub_ws_handlers, user);
}

const struct http_route routes_rooms[] = {
	{ "GET", "/api/v1/rooms", list_rooms, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/rooms/:id", show_room, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/rooms/:id/ws", channel, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_WEBSOCKET | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
