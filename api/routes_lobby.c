/* routes_lobby.c - the waiting room (docs/platform.md "Waiting room"):
 *
 *   POST   /api/v1/lobby          {language, difficulty, topics?}: join or update
 *   GET    /api/v1/lobby?wait=S   long-poll up to S (<= 30) seconds: waiting, matched (room), idle
 *   DELETE /api/v1/lobby          leave
 *
 * Matching runs in the server (matching.h), in one store transaction per
 * matching, never in the browser. */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "http.h"
#include "lobby.h"
#include "matching.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_MAX_S 30
#define TOPICS_MAX 8
#define TOPIC_LEN_MAX 32

static json_t *state_json(const struct store_lobby_entry *e, int64_t now)
{
	int64_t waited = e ? (now - e->joined_ms) / 1000 : 0;
	if (!e)
		return json_pack("{s:s, s:I}", "state", "idle", "waited_s", (json_int_t)0);
	if (e->room[0])
		return json_pack("{s:s, s:s, s:I}", "state", "matched", "room", e->room, "waited_s",
				 (json_int_t)((e->matched_ms - e->joined_ms) / 1000));
	return json_pack("{s:s, s:I}", "state", "waiting", "waited_s", (json_int_t)(waited < 0 ? 0 : waited));
}

const char *lobby_topics_problem(const json_t *v, char *out, size_t len)
{
	if (!v || json_is_null(v)) {
		str_copy(out, len, "[]");
		return NULL;
	}
	if (!json_is_array(v) || json_array_size(v) > TOPICS_MAX)
		return "must be an array of at most 8 topics (the bank's tags)";
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t) {
		const char *s = json_string_value(t);
		size_t n = json_string_length(t);
		if (!s || !n || n > TOPIC_LEN_MAX || strlen(s) != n)
			return "each topic is a tag of 1 to 32 characters";
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)s[k] < 0x20 || s[k] == 0x7f)
				return "a topic holds no control characters";
	}
	char *text = json_dumps(v, JSON_COMPACT);
	int e = text ? str_copy(out, len, text) : -ENOMEM;
	free(text);
	return e ? "is too long" : NULL;
}

static void join(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	json_t *errs = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
		if (strcmp(key, "language") && strcmp(key, "difficulty") && strcmp(key, "topics"))
			subm_field_error(errs, key, "is not a field here (language, difficulty, topics)");
	struct store_lobby_entry e;
	memset(&e, 0, sizeof(e));
	const struct lang *l = bank_lang(json_object_get(req->json, "language"));
	if (!l || l->multi_file || !l->judge0_id || strlen(l->name) > STORE_ROOM_LANG_MAX)
		subm_field_error(errs, "language", "is not a language this server judges (a name from GET /languages)");
	else
		str_copy(e.language, sizeof(e.language), l->name);
	const char *d = json_string_value(json_object_get(req->json, "difficulty"));
	enum room_difficulty diff;
	if (!d || room_difficulty_parse(d, &diff))
		subm_field_error(errs, "difficulty", "must be easy, medium or hard");
	else
		str_copy(e.difficulty, sizeof(e.difficulty), room_difficulty_name(diff));
	const char *why = lobby_topics_problem(json_object_get(req->json, "topics"), e.topics, sizeof(e.topics));
	if (why)
		subm_field_error(errs, "topics", why);
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	int64_t now = unix_ms();
	e.user_id = req->user->id;
	/* Matched by the rating in the language asked for once a session in
	 * it was rated, else by the overall one (the level's before any). */
	struct store_rating lr;
	e.rating = store_rating_get(app->store, e.user_id, e.language, &lr) == 0 ? (int)(lr.rating + 0.5)
										: req->user->rating;
	e.joined_ms = e.polled_ms = now;
	if (store_lobby_put(app->store, &e)) {
		http_error(resp, 500, "the waiting room could not be joined");
		return;
	}
	/* Someone may be waiting for exactly this one. */
	matchmaker_run(app->matchmaker, true);
	struct store_lobby_entry got;
	int r = store_lobby_poll(app->store, e.user_id, unix_ms(), &got);
	http_json(resp, 200, state_json(r ? NULL : &got, unix_ms()));
}

static void poll(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	const char *w = http_query(req, "wait");
	uint32_t wait_s = 0;
	if (w && (parse_u32(w, &wait_s) || wait_s > WAIT_MAX_S)) {
		http_field_error(resp, "wait", "must be an integer from 0 to 30 (seconds)");
		return;
	}
	int64_t deadline = unix_ms() + (int64_t)wait_s * 1000;
	uint64_t gen = 0;
	for (;;) {
		matchmaker_run(app->matchmaker, false);
		int64_t now = unix_ms();
		struct store_lobby_entry e;
		int r = store_lobby_poll(app->store, req->user->id, now, &e);
		if (r && r != -ENOENT) {
			http_error(resp, 500, "the waiting room could not be read");
			return;
		}
		if (r || e.room[0] || now >= deadline) {
			http_json(resp, 200, state_json(r ? NULL : &e, now));
			return;
		}
		/* A second at a time: matching windows widen with time, and the
		 * entry stays polled. */
		matchmaker_wait(app->matchmaker, &gen, now + 1000 < deadline ? now + 1000 : deadline);
	}
}

static void leave(struct http_req *req, struct http_resp *resp)
{
	int r = store_lobby_delete(req->app->store, req->user->id);
	if (r && r != -ENOENT) {
		http_error(resp, 500, "the waiting room could not be left");
		return;
	}
	resp->status = 204;
}

const struct http_route routes_lobby[] = {
	{ "POST", "/api/v1/lobby", join, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/lobby", poll, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "DELETE", "/api/v1/lobby", leave, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
