/* routes_watch.c - spectators by link (docs/platform.md "Spectators"):
 *
 *   PUT  /api/v1/rooms/:id/spectators         {allow}: a participant allows spectators or not
 *   POST /api/v1/rooms/:id/spectators/links   a spectator link (while both participants allow)
 *   POST /api/v1/spectate/:token              trade a spectator link for the room's cookie
 *
 * Spectators are allowed while both participants allow them (a room of
 * one never: everyone watched has said yes). Either participant may then
 * make links; withdrawing consent deletes every link and disconnects
 * every spectator. A spectator link is traded once for a cookie scoped to
 * the room's API path (invites.h), with which GET /api/v1/rooms/:id and
 * the room's channel open read-only (routes_rooms.c, hub_watch.c). */
#define _GNU_SOURCE
#include "app.h"
#include "http.h"
#include "hub.h"
#include "invites.h"
#include "session.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINK_INVALID "this spectator link is not valid: the participants do not allow spectators now, or withdrew it"

bool invites_watch_cookie_ok(struct http_req *req, const char *room)
{
	unsigned char hash[SESSION_HASH_LEN];
	char linked[STORE_ROOM_ID_LEN + 1];
	return !session_token_hash(http_cookie(req, WATCH_COOKIE), hash) &&
	       !store_watch_link_room(req->app->store, hash, linked) && !strcmp(linked, room);
}

static bool room_id_ok(struct http_req *req, struct http_resp *resp)
{
	if (strlen(req->params[0]) <= STORE_ROOM_ID_LEN)
		return true;
	http_error(resp, 404, "room not found");
	return false;
}

static void set_consent(struct http_req *req, struct http_resp *resp)
{
	json_t *errs = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
		if (strcmp(key, "allow"))
			subm_field_error(errs, key, "is not a field here (allow)");
	json_t *allow = json_object_get(req->json, "allow");
	if (!json_is_boolean(allow))
		subm_field_error(errs, "allow", "must be true or false");
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	if (!room_id_ok(req, resp))
		return;
	json_t *out = NULL;
	int e = hub_watch_set(req->app->hub, req->params[0], req->user->id, json_is_true(allow), &out);
	if (e == -ENOENT)
		http_error(resp, 404, "room not found");
	else if (e)
		http_error(resp, e == -ESHUTDOWN ? 503 : 500, "the room's settings could not be written");
	else
		http_json(resp, 200, out);
}

static void make_link(struct http_req *req, struct http_resp *resp)
{
	if (!room_id_ok(req, resp))
		return;
	char token[SESSION_TOKEN_LEN + 1];
	unsigned char hash[SESSION_HASH_LEN];
	int e = session_token_new(token, hash);
	if (!e)
		e = store_watch_link_add(req->app->store, req->params[0], hash, req->user->id, unix_ms(), WATCH_LINKS_MAX);
	if (e == -ENOENT)
		http_error(resp, 404, "room not found");
	else if (e == -EPERM)
		http_error(resp, 409, "spectators are not allowed in this room: both participants must allow them");
	else if (e == -EMLINK) {
		char m[160];
		str_printf(m, sizeof(m), "this room has as many spectator links as it keeps (%d): disallow spectators "
			   "and allow them again to start afresh", WATCH_LINKS_MAX);
		http_error(resp, 409, m);
	} else if (e)
		http_error(resp, 500, "the link could not be written");
	if (e)
		return;
	char url[16 + SESSION_TOKEN_LEN];
	str_printf(url, sizeof(url), "/spectate/%s", token);
	http_add_header(resp, "Cache-Control", "no-store");
	http_json(resp, 201, json_pack("{s:s, s:s}", "url", url, "token", token));
	explicit_bzero(token, sizeof(token));
}

static void spectate(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *token = req->params[0];
	unsigned char hash[SESSION_HASH_LEN];
	char room[STORE_ROOM_ID_LEN + 1];
	int e = session_token_hash(token, hash) ? -ENOENT : store_watch_link_room(app->store, hash, room);
	struct store_room row;
	if (!e)
		e = store_room_get(app->store, room, &row);
	if (e) {
		http_error(resp, e == -ENOENT ? 404 : 500, e == -ENOENT ? LINK_INVALID : "the store failed");
		return;
	}
	/* A participant following it is simply in their room. */
	if (row.users[0] == req->user->id || row.users[1] == req->user->id) {
		http_json(resp, 200, json_pack("{s:s, s:s}", "room", room, "role", "participant"));
		return;
	}
	char cookie[256];
	str_printf(cookie, sizeof(cookie), "%s=%s; HttpOnly; SameSite=Strict; Path=/api/v1/rooms/%s; Max-Age=%d%s",
		   WATCH_COOKIE, token, room, WATCH_COOKIE_DAYS * 86400, app->cfg.behind_tls ? "; Secure" : "");
	http_add_header(resp, "Set-Cookie", cookie);
	http_add_header(resp, "Cache-Control", "no-store");
	explicit_bzero(cookie, sizeof(cookie));
	http_json(resp, 200, json_pack("{s:s, s:s}", "room", room, "role", "spectator"));
}

const struct http_route routes_watch[] = {
	{ "PUT", "/api/v1/rooms/:id/spectators", set_consent, HTTP_AUTH_NONE,
	  ROUTE_SESSION | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "POST", "/api/v1/rooms/:id/spectators/links", make_link, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "POST", "/api/v1/spectate/:token", spectate, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
