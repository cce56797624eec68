/* invites.h - what the invite and spectator routes share
 * (routes_invites.c, routes_watch.c, and routes_rooms.c for spectators'
 * access; docs/platform.md "Invites" and "Spectators"): the rate limit
 * on new invite links, the links' tokens and the spectator cookie.
 *
 * A link's token is 32 random bytes in base64url (session.h's shape:
 * session_token_new / session_token_hash); the store keeps its SHA-256
 * only. An invite's token travels in its link (/invite/TOKEN) and in the
 * API paths that read or accept it; a spectator link's token
 * (/spectate/TOKEN) is traded once for a cookie, HttpOnly, SameSite=Strict
 * and scoped to the room's API path (Path=/api/v1/rooms/ID), so that the
 * room's view and channel carry it and no URL the page asks for after
 * that holds it. The server writes no request log; the web app's pages
 * that hold a token in their address are served with Referrer-Policy:
 * no-referrer (webapp.c). */
#ifndef PAIRBOX_INVITES_H
#define PAIRBOX_INVITES_H

#include <stdbool.h>
#include <stdint.h>

struct config;
struct http_req;
struct http_resp;
struct store_invite;

#define WATCH_COOKIE "pairbox_watch"
#define WATCH_COOKIE_DAYS 1           /* the cookie's life; the link itself lives while both allow */
#define WATCH_LINKS_MAX 20            /* spectator links a room holds at once */

struct invites {
	struct ratelimit *create;        /* new invite links per user: INVITES_PER_HOUR */
};

/* 0, -EINVAL or -ENOMEM; *out owned (invites_free). */
int invites_new(const struct config *cfg, struct invites **out);
void invites_free(struct invites *iv);       /* NULL ok */

/* An invite's state at now: "valid", "used", "expired" or "revoked"
 * (a newer link to the room, the room closed, its creator's account
 * deleted). */
const char *invites_state(const struct store_invite *inv, int64_t now);

/* Does req carry the spectator cookie of a link to room that is valid
 * now (spectators allowed, the link not withdrawn)? */
bool invites_watch_cookie_ok(struct http_req *req, const char *room);

#endif
