/* routes_invites.c - rooms made by invitation (docs/platform.md "Invites"):
 *
 *   POST   /api/v1/rooms                      {language, problem | difficulty, topics?}: a room
 *                                             of one and its invite link
 *   GET    /api/v1/invites/:token             who invites, to what; valid, used, expired, revoked
 *   POST   /api/v1/invites/:token/accept      join the room (or land in it, if already in)
 *   POST   /api/v1/rooms/:id/invite           a new link for a waiting room (the old one stops)
 *   DELETE /api/v1/rooms/:id                  delete a room still waiting for its friend
 *
 * The room waits for its second participant with no phases (hub_join.c);
 * the first other user to accept joins it and its clock starts. Tokens
 * are kept hashed; a user has at most INVITES_OPEN_MAX open invites and
 * makes at most INVITES_PER_HOUR links an hour. */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "bank.h"
#include "http.h"
#include "hub.h"
#include "invites.h"
#include "matching.h"
#include "phase.h"
#include "problem_view.h"
#include "ratelimit.h"
#include "session.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_KEYS 65536
#define TOPICS_MAX 8

int invites_new(const struct config *cfg, struct invites **out)
{
	*out = NULL;
	struct invites *iv = calloc(1, sizeof(*iv));
	if (!iv)
		return -ENOMEM;
	int r = ratelimit_new(cfg->invites_per_hour, 3600000 / cfg->invites_per_hour + 1, LIMIT_KEYS, &iv->create);
	if (r) {
		invites_free(iv);
		return r;
	}
	*out = iv;
	return 0;
}

void invites_free(struct invites *iv)
{
	if (!iv)
		return;
	ratelimit_free(iv->create);
	free(iv);
}

/* ---- answers ---- */

static void room_error(struct http_resp *resp, int e)
{
	if (e == -ENOENT)
		http_error(resp, 404, "room not found");
	else if (e == -EBUSY)
		http_error(resp, 409, "the room has both its participants: there is no invite to make or room to delete");
	else if (e == -EMLINK)
		http_error(resp, 409, "you have as many open invites as you may (INVITES_OPEN_MAX): delete a waiting "
				      "room, or wait for an invite to be used or to expire");
	else
		http_error(resp, e == -ESHUTDOWN ? 503 : 500, "the room could not be written");
}

/* The user's next invite link, or false with a 429 in resp. */
static bool take_link(struct http_req *req, struct http_resp *resp)
{
	char key[32];
	str_printf(key, sizeof(key), "%lld", (long long)req->user->id);
	unsigned wait = ratelimit_take(req->app->invites->create, key, now_ms());
	if (wait)
		accounts_too_many(resp, wait, "too many invite links: try again later");
	return !wait;
}

/* A fresh invite to room by the caller: its token (for the answer) and
 * the row. 0 or -EIO. */
static int new_invite(struct http_req *req, const char *room, int64_t now, char token[SESSION_TOKEN_LEN + 1],
		      struct store_invite *inv)
{
	memset(inv, 0, sizeof(*inv));
	int e = session_token_new(token, inv->hash);
	str_copy(inv->room, sizeof(inv->room), room);
	inv->created_by = req->user->id;
	inv->created_ms = now;
	inv->expires_ms = now + (int64_t)(req->app->cfg.invite_hours * 3600000.0);
	return e;
}

static json_t *invite_json(const char *token, const struct store_invite *inv)
{
	char url[16 + SESSION_TOKEN_LEN];
	str_printf(url, sizeof(url), "/invite/%s", token);
	return json_pack("{s:s, s:s, s:I}", "url", url, "token", token, "expires_at", (json_int_t)inv->expires_ms);
}

/* An answer that holds a link's token: nobody else's to keep. */
static void no_store(struct http_resp *resp)
{
	http_add_header(resp, "Cache-Control", "no-store");
}

/* ---- POST /api/v1/rooms ---- */

/* The room's problem from the request: slug and difficulty, or field
 * errors in errs. */
static void choose_problem(struct http_req *req, const struct lang *l, json_t *errs, struct store_room *room)
{
	json_t *pj = json_object_get(req->json, "problem"), *dj = json_object_get(req->json, "difficulty");
	json_t *tj = json_object_get(req->json, "topics");
	if (pj && dj) {
		subm_field_error(errs, "problem", "give a problem or a difficulty, not both");
		return;
	}
	if (!pj && !dj) {
		subm_field_error(errs, "difficulty", "is required when no problem is named (easy, medium or hard)");
		return;
	}
	enum room_difficulty d;
	if (pj) {
		const struct bank_entry *b = json_is_string(pj) ? bank_find(req->app->bank, json_string_value(pj)) : NULL;
		char why[512];
		const char *bad = b && l ? problem_lang_problem(req->app->bank, b->p, l, why, sizeof(why)) : NULL;
		if (!b || strlen(b->p->slug) > STORE_ROOM_SLUG_MAX)
			subm_field_error(errs, "problem", "is not a problem of the bank (a slug from GET /api/v1/problems)");
		else if (!b->p->difficulty || room_difficulty_parse(b->p->difficulty, &d))
			subm_field_error(errs, "problem", "has no difficulty (easy, medium or hard): rooms are made for one");
		else if (bad)
			subm_field_error(errs, "language", bad);
		else {
			str_copy(room->problem, sizeof(room->problem), b->p->slug);
			str_copy(room->difficulty, sizeof(room->difficulty), room_difficulty_name(d));
		}
		if (tj && !json_is_null(tj))
			subm_field_error(errs, "topics", "choose topics with a difficulty, not with a named problem");
		return;
	}
	const char *ds = json_string_value(dj);
	if (!ds || room_difficulty_parse(ds, &d))
		subm_field_error(errs, "difficulty", "must be easy, medium or hard");
	else
		str_copy(room->difficulty, sizeof(room->difficulty), room_difficulty_name(d));
	char text[STORE_ROOM_TOPICS_MAX + 1];
	const char *why = lobby_topics_problem(tj, text, sizeof(text));
	if (why)
		subm_field_error(errs, "topics", why);
}

/* A problem of room->difficulty the caller has not had, for the topics
 * asked, as the waiting room picks (matching.h). 0 or -errno. */
static int pick_problem(struct http_req *req, const struct lang *l, struct store_room *room)
{
	struct app *app = req->app;
	const char *topics[TOPICS_MAX];
	size_t nt = 0, i;
	json_t *t;
	json_array_foreach(json_object_get(req->json, "topics"), i, t)
		if (nt < TOPICS_MAX)
			topics[nt++] = json_string_value(t);
	enum room_difficulty d = ROOM_MEDIUM;
	room_difficulty_parse(room->difficulty, &d);
	struct lobby_entry me = { .user_id = req->user->id, .language = l->name, .difficulty = d, .topics = topics,
				  .ntopics = nt, .rating = req->user->rating };
	char **had = NULL;
	size_t nhad = 0;
	int e = store_problems_had(app->store, req->user->id, &had, &nhad);
	struct lobby_history h = { (const char *const *)had, nhad };
	enum room_difficulty got;
	if (!e)
		e = matchmaker_pick(app->matchmaker, l, &me, &h, &me, &h, room->problem, &got);
	if (!e)
		str_copy(room->difficulty, sizeof(room->difficulty), room_difficulty_name(got));
	store_strings_free(had, nhad);
	return e;
}

static void create_room(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	json_t *errs = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
		if (strcmp(key, "language") && strcmp(key, "problem") && strcmp(key, "difficulty") && strcmp(key, "topics"))
			subm_field_error(errs, key, "is not a field here (language, problem, difficulty, topics)");
	struct store_room room;
	memset(&room, 0, sizeof(room));
	const struct lang *l = bank_lang(json_object_get(req->json, "language"));
	if (!l || l->multi_file || !l->judge0_id || strlen(l->name) > STORE_ROOM_LANG_MAX) {
		subm_field_error(errs, "language", "is not a language this server judges (a name from GET /languages)");
		l = NULL;
	}
	choose_problem(req, l, errs, &room);
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	if (!take_link(req, resp))
		return;
	int e = room.problem[0] ? 0 : pick_problem(req, l, &room);
	if (e == -ENOENT) {
		http_field_error(resp, "language", "no problem of the bank can be solved in this language");
		return;
	}
	int64_t now = unix_ms();
	str_copy(room.language, sizeof(room.language), l->name);
	if (!e && str_copy(room.plan, sizeof(room.plan), app->cfg.phase_minutes))
		e = -EINVAL;
	if (!e)
		e = matchmaker_room_id(room.id);
	room.created_ms = now;
	room.users[0] = req->user->id;       /* slot 1 waits; start_ms 0: the clock waits too */
	char token[SESSION_TOKEN_LEN + 1];
	struct store_invite inv;
	if (!e)
		e = new_invite(req, room.id, now, token, &inv);
	if (!e)
		e = store_invite_room_create(app->store, &room, &inv, app->cfg.invites_open_max, now);
	json_t *view = NULL;
	if (!e && (e = hub_room_view(app->hub, room.id, req->user->id, &view)))
		fprintf(stderr, "pairbox: room %s was made but cannot be shown: %s\n", room.id, strerror(-e));
	if (e) {
		room_error(resp, e == -ENOENT ? -EIO : e);
		return;
	}
	no_store(resp);
	http_json(resp, 201, json_pack("{s:o, s:o}", "room", view, "invite", invite_json(token, &inv)));
	explicit_bzero(token, sizeof(token));
}

/* ---- the invite ---- */

/* The invite a path's token names, or false with a 404 in resp. */
static bool invite_of(struct http_req *req, struct http_resp *resp, struct store_invite *inv)
{
	unsigned char hash[SESSION_HASH_LEN];
	int e = session_token_hash(req->params[0], hash) ? -ENOENT : store_invite_get(req->app->store, hash, inv);
	if (e)
		http_error(resp, e == -ENOENT ? 404 : 500, e == -ENOENT ? "invite not found" : "the store failed");
	return !e;
}

static json_t *user_ref(struct store *s, int64_t id)
{
	struct store_user u;
	memset(&u, 0, sizeof(u));
	bool ok = store_user_get(s, id, &u) == 0;
	json_t *o = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)id, "username", ok ? json_string(u.username) : json_null(),
			      "display_name", ok && u.display_name && u.display_name[0] ? u.display_name
					      : ok ? u.username : "deleted user");
	store_user_release(&u);
	return o;
}

const char *invites_state(const struct store_invite *inv, int64_t now)
{
	return inv->used_by ? "used" : inv->revoked_ms ? "revoked" : inv->expires_ms <= now ? "expired" : "valid";
}

static void show_invite(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	struct store_invite inv;
	struct store_room room;
	if (!invite_of(req, resp, &inv))
		return;
	int e = store_room_get(app->store, inv.room, &room);
	if (e) {
		http_error(resp, e == -ENOENT ? 404 : 500, e == -ENOENT ? "invite not found" : "the store failed");
		return;
	}
	const struct bank_entry *b = bank_find(app->bank, room.problem);
	int64_t me = req->user->id;
	bool in = me == room.users[0] || me == room.users[1];
	http_json(resp, 200,
		  json_pack("{s:s, s:o, s:{s:s, s:s, s:s}, s:s, s:I, s:b, s:o}", "state", invites_state(&inv, unix_ms()), "from",
			    user_ref(app->store, inv.created_by), "problem", "slug", room.problem, "title",
			    b && b->p->title ? b->p->title : room.problem, "difficulty", room.difficulty, "language",
			    room.language, "expires_at", (json_int_t)inv.expires_ms, "yours", me == inv.created_by, "room",
			    in ? json_string(room.id) : json_null()));
}

static void accept_invite(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	unsigned char hash[SESSION_HASH_LEN];
	struct store_invite inv;
	int e = session_token_hash(req->params[0], hash) ? -ENOENT
		: store_invite_accept(app->store, hash, req->user->id, unix_ms(), phase_first_driver, &inv);
	switch (e) {
	case 0:
		hub_room_joined(app->hub, inv.room);
		/* Paired now: no longer waiting for a match elsewhere. */
		store_lobby_delete(app->store, req->user->id);
		/* fall through */
	case 1:
		http_json(resp, 200, json_pack("{s:s, s:b}", "room", inv.room, "joined", e == 0));
		return;
	case -ENOENT:
		http_error(resp, 404, "invite not found");
		return;
	case -EALREADY:
		http_error(resp, 410, "this invite was used");
		return;
	case -ETIMEDOUT:
		http_error(resp, 410, "this invite has expired");
		return;
	case -ECANCELED:
		http_error(resp, 410, "this invite was withdrawn: ask for a new link");
		return;
	default:
		http_error(resp, 500, "the store failed");
	}
}

/* ---- a waiting room's creator ---- */

static void renew_invite(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *id = req->params[0];
	if (strlen(id) > STORE_ROOM_ID_LEN) {
		room_error(resp, -ENOENT);
		return;
	}
	if (!take_link(req, resp))
		return;
	int64_t now = unix_ms();
	char token[SESSION_TOKEN_LEN + 1];
	struct store_invite inv;
	int e = new_invite(req, id, now, token, &inv);
	if (!e)
		e = store_invite_renew(app->store, &inv, app->cfg.invites_open_max, now);
	if (e) {
		room_error(resp, e);
		return;
	}
	no_store(resp);
	http_json(resp, 201, invite_json(token, &inv));
	explicit_bzero(token, sizeof(token));
}

static void delete_room(struct http_req *req, struct http_resp *resp)
{
	const char *id = req->params[0];
	int e = strlen(id) > STORE_ROOM_ID_LEN ? -ENOENT : hub_room_cancel(req->app->hub, id, req->user->id);
	if (e) {
		room_error(resp, e);
		return;
	}
	resp->status = 204;
}

const struct http_route routes_invites[] = {
	{ "POST", "/api/v1/rooms", create_room, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/invites/:token", show_invite, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "POST", "/api/v1/invites/:token/accept", accept_invite, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "POST", "/api/v1/rooms/:id/invite", renew_invite, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "DELETE", "/api/v1/rooms/:id", delete_room, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
