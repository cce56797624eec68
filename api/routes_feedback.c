/* routes_feedback.c - peer feedback (docs/platform.md "Feedback"):
 *
 *   PUT /api/v1/rooms/:id/feedback   a participant's feedback about the other (replaces theirs)
 *   GET /api/v1/rooms/:id/feedback   what the caller gave and received in the room
 *   GET /api/v1/me/feedback          what the caller received, newest first, with averages
 *
 * Feedback opens when the room ends and closes FEEDBACK_EDIT_HOURS later;
 * meanwhile each participant may give it and change it. What one
 * received is shown once one has given one's own, or once the window
 * closed, so neither answer is shaped by the other. Anyone but the
 * room's participants gets 404 {"error": "room not found"}, as from
 * every room route. Each put recomputes the recipient's ratings in the
 * same store transaction (docs/ratings.md). */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "bank.h"
#include "http.h"
#include "hub.h"
#include "paging.h"
#include "ratings.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COMMENT_MAX 2000               /* characters */
#define LIST_DEFAULT 20
#define LIST_MAX 100

static const char *const score_names[STORE_FEEDBACK_SCORES] = { "communication", "problem_solving", "code_quality",
								 "collaboration" };

/* {id, username, display_name} of a user id (a deleted account:
 * username null, "deleted user"); null for none. */
static json_t *user_ref(struct store *st, int64_t id)
{
	if (!id)
		return json_null();
	struct store_user u;
	bool ok = store_user_get(st, id, &u) == 0;
	json_t *o = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)id, "username",
			      ok ? json_string(u.username) : json_null(), "display_name",
			      ok && u.display_name ? u.display_name : "deleted user");
	if (ok)
		store_user_release(&u);
	return o;
}

static json_t *scores_json(const struct store_feedback *f, json_t *o)
{
	for (int i = 0; o && i < STORE_FEEDBACK_SCORES; i++)
		json_object_set_new(o, score_names[i], json_integer(f->scores[i]));
	if (o) {
		json_object_set_new(o, "comment", json_string(f->comment ? f->comment : ""));
		json_object_set_new(o, "created_at", json_integer(f->created_ms));
		json_object_set_new(o, "updated_at", json_integer(f->updated_ms));
	}
	return o;
}

/* ---- a room's feedback ---- */

/* What the routes of one room need: its row, the caller's slot, its end
 * and the window. */
struct fb_room {
	struct store_room row;
	int slot;
	int64_t ended_ms, closes_ms;      /* 0, 0 while the room runs */
	int64_t other;                    /* the other participant, 0 for none */
};

/* The caller's room, or false with resp set (404 for anyone else). */
static bool fb_room(struct http_req *req, struct http_resp *resp, struct fb_room *out)
{
	struct app *app = req->app;
	memset(out, 0, sizeof(*out));
	const char *id = req->params[0];
	int64_t me = req->user->id;
	int e = strlen(id) > STORE_ROOM_ID_LEN ? -ENOENT : store_room_get(app->store, id, &out->row);
	if (!e && out->row.users[0] != me && out->row.users[1] != me)
		e = -ENOENT;
	if (!e && !(out->ended_ms = out->row.ended_ms))
		e = hub_room_end(app->hub, id, me, NULL, &out->ended_ms);
	if (e) {
		if (e == -ENOENT)
			http_error(resp, 404, "room not found");
		else
			http_error(resp, e == -ESHUTDOWN ? 503 : 500, e == -ESHUTDOWN ? "the server is stopping"
										: "the room could not be read");
		return false;
	}
	out->slot = out->row.users[0] == me ? 0 : 1;
	out->other = out->row.users[1 - out->slot];
	if (out->ended_ms)
		out->closes_ms = out->ended_ms + (int64_t)(app->cfg.feedback_edit_hours * 3600000.0);
	return true;
}

static json_t *room_view(struct http_req *req, const struct fb_room *fr)
{
	struct store *st = req->app->store;
	struct store_feedback rows[2];
	size_t n = 0;
	if (store_feedback_of_room(st, fr->row.id, rows, &n))
		return NULL;
	const struct store_feedback *given = NULL, *received = NULL;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].from_user == req->user->id)
			given = &rows[i];
		else if (rows[i].to_user == req->user->id)
			received = &rows[i];
	}
	int64_t now = unix_ms();
	bool open = fr->ended_ms && now < fr->closes_ms;
	bool shown = received && (given || (fr->ended_ms && !open));
	json_t *me = user_ref(st, req->user->id), *other = user_ref(st, fr->other);
	json_t *o = json_pack("{s:s, s:b, s:o, s:b, s:o, s:O, s:o, s:o, s:b}", "room", fr->row.id, "ended",
			      fr->ended_ms != 0, "ended_at", fr->ended_ms ? json_integer(fr->ended_ms) : json_null(),
			      "open", open, "closes_at", fr->closes_ms ? json_integer(fr->closes_ms) : json_null(), "to",
			      other, "given",
			      given ? scores_json(given, json_pack("{s:O, s:O}", "from", me, "to", other)) : json_null(),
			      "received",
			      shown ? scores_json(received, json_pack("{s:O, s:O}", "from", other, "to", me))
				    : json_null(),
			      "received_hidden", received && !shown);
	json_decref(me);
	json_decref(other);
	for (size_t i = 0; i < n; i++)
		store_feedback_release(&rows[i]);
	return o;
}

static void get_feedback(struct http_req *req, struct http_resp *resp)
{
	struct fb_room fr;
	if (!fb_room(req, resp, &fr))
		return;
	json_t *o = room_view(req, &fr);
	if (!o)
		http_error(resp, 500, "the feedback could not be read");
	else
		http_json(resp, 200, o);
}

/* The body's fields into f, each problem named in errs. */
static void read_body(const json_t *body, struct store_feedback *f, json_t *errs)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v) {
		bool known = !strcmp(key, "comment");
		for (int i = 0; i < STORE_FEEDBACK_SCORES; i++)
			known |= !strcmp(key, score_names[i]);
		if (!known)
			subm_field_error(errs, key, "is not a field here (communication, problem_solving, code_quality, "
						    "collaboration, comment)");
	}
	for (int i = 0; i < STORE_FEEDBACK_SCORES; i++) {
		v = json_object_get(body, score_names[i]);
		if (!v)
			subm_field_error(errs, score_names[i], "is required: an integer from 1 to 5");
		else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
			subm_field_error(errs, score_names[i], "must be an integer from 1 to 5");
		else
			f->scores[i] = (int)json_integer_value(v);
	}
	v = json_object_get(body, "comment");
	const char *why = v && !json_is_null(v) ? accounts_text_problem(v, COMMENT_MAX, true) : NULL;
	if (why)
		subm_field_error(errs, "comment", why);
	else
		f->comment = (char *)(json_is_string(v) ? json_string_value(v) : "");
}

static void put_feedback(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	struct fb_room fr;
	if (!fb_room(req, resp, &fr))
		return;
	int64_t now = unix_ms();
	if (!fr.ended_ms) {
		http_error(resp, 409, "the room has not ended yet: feedback opens when it ends");
		return;
	}
	if (now >= fr.closes_ms) {
		char msg[160];
		str_printf(msg, sizeof(msg), "feedback for this room closed %g hours after it ended (FEEDBACK_EDIT_HOURS)",
			   app->cfg.feedback_edit_hours);
		http_error(resp, 409, msg);
		return;
	}
	struct store_user other;
	if (!fr.other || store_user_get(app->store, fr.other, &other)) {
		http_error(resp, 409, fr.other ? "the other participant's account was deleted"
					       : "the room has no other participant to give feedback to");
		return;
	}
	store_user_release(&other);
	struct store_feedback f = { .from_user = req->user->id, .to_user = fr.other, .updated_ms = now };
	str_copy(f.room, sizeof(f.room), fr.row.id);
	json_t *errs = json_object();
	read_body(req->json, &f, errs);
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	bool created = false;
	int e = store_feedback_put(app->store, &f, &ratings_rater, &created);
	json_t *o = e ? NULL : room_view(req, &fr);
	if (!o) {
		http_error(resp, 500, e ? "the feedback could not be stored" : "the feedback could not be read");
		return;
	}
	http_json(resp, created ? 201 : 200, o);
}

/* ---- what a user received ---- */

static void my_feedback(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	json_t *errs = json_object();
	size_t page, per_page;
	paging_query(req, LIST_DEFAULT, LIST_MAX, &page, &per_page, errs);
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	int64_t closed_before = unix_ms() - (int64_t)(app->cfg.feedback_edit_hours * 3600000.0);
	struct store_feedback *rows = NULL;
	size_t n = 0, total = 0;
	struct store_feedback_avg avg;
	if (store_feedback_received(app->store, req->user->id, closed_before, page, per_page, &rows, &n, &total, &avg)) {
		http_error(resp, 500, "the feedback could not be read");
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct store_feedback *f = &rows[i];
		const struct bank_entry *b = bank_find(app->bank, f->problem);
		json_t *from = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)f->from_user, "username",
					 f->from_username[0] ? json_string(f->from_username) : json_null(), "display_name",
					 f->from_display);
		json_t *o = json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:I, s:o}", "room", f->room, "problem", "slug",
				      f->problem, "title", b && b->p->title ? b->p->title : f->problem, "difficulty",
				      f->difficulty, "language", f->language, "room_ended_at", (json_int_t)f->room_ended_ms,
				      "from", from);
		json_array_append_new(list, scores_json(f, o));
		store_feedback_release(&rows[i]);
	}
	free(rows);
	json_t *means = json_pack("{s:I}", "count", (json_int_t)avg.count);
	double all = 0;
	for (int i = 0; i < STORE_FEEDBACK_SCORES; i++) {
		json_object_set_new(means, score_names[i], avg.count ? ratings_figure(avg.scores[i]) : json_null());
		all += avg.scores[i] / STORE_FEEDBACK_SCORES;
	}
	json_object_set_new(means, "overall", avg.count ? ratings_figure(all) : json_null());
	http_json(resp, 200, json_pack("{s:o, s:o, s:o}", "feedback", list, "averages", means, "meta",
				       paging_meta(page, per_page, total)));
}

const struct http_route routes_feedback[] = {
	{ "GET", "/api/v1/rooms/:id/feedback", get_feedback, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "PUT", "/api/v1/rooms/:id/feedback", put_feedback, HTTP_AUTH_NONE,
	  ROUTE_SESSION | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/me/feedback", my_feedback, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
