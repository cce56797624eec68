/* routes_dashboard.c - the logged-in user's dashboard (docs/platform.md
 * "Dashboard"): only the caller's own rooms, ever.
 *
 *   GET /api/v1/me/sessions?page=&per_page=   session history, newest first
 *   GET /api/v1/me/stats?weeks=                totals, by tag, by difficulty,
 *                                              activity by day, streaks
 *
 * Each section of the dashboard page is one request, so a section added
 * later (feedback, ratings) is a route of its own beside these. The
 * figures are dashboard.h's; the rows, store_dashboard.h's. The stats walk
 * every room of the user, oldest first, a store page at a time, with the
 * store free between the pages (the rooms' group commit never waits for
 * more than one page). */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "dashboard.h"
#include "http.h"
#include "problem.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 100
#define PAGE_MAX 1000000
#define WEEKS_DEFAULT 26

/* A whole-number query parameter in [min, max], def when absent: 0, or -1
 * after answering 422 naming it. */
static int query_int(struct http_req *req, struct http_resp *resp, const char *name, uint32_t min, uint32_t max,
		     uint32_t def, uint32_t *out)
{
	const char *v = http_query(req, name);
	*out = def;
	if (!v)
		return 0;
	if (parse_u32(v, out) || *out < min || *out > max) {
		char msg[80];
		str_printf(msg, sizeof(msg), "must be an integer from %u to %u", min, max);
		http_field_error(resp, name, msg);
		return -1;
	}
	return 0;
}

/* The plan a room falls back on when its own does not read: the server's
 * (the hub started with it, so it reads). */
static void server_plan(const struct app *app, struct phase_plan *plan)
{
	if (phase_plan_parse(app->cfg.phase_minutes, plan, NULL, 0))
		phase_plan_parse(PHASE_PLAN_DEFAULT, plan, NULL, 0);
}

static void sessions(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	uint32_t page, per_page;
	if (query_int(req, resp, "page", 1, PAGE_MAX, 1, &page) ||
	    query_int(req, resp, "per_page", 1, PER_PAGE_MAX, PER_PAGE_DEFAULT, &per_page))
		return;
	struct store_dash_room *v = NULL;
	size_t n = 0, total = 0;
	if (store_dash_rooms(app->store, req->user->id, true, (size_t)(page - 1) * per_page, per_page, &v, &n,
			     &total)) {
		http_error(resp, 500, "the sessions could not be read");
		return;
	}
	struct phase_plan plan;
	server_plan(app, &plan);
	int64_t now = unix_ms();
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++) {
		struct dash_room_sum sum;
		dash_room_sum(&v[i], &plan, now, &sum);
		const struct bank_entry *b = bank_find(app->bank, v[i].room.problem);
		json_t *o = dash_session_json(&v[i], &sum, b ? b->p : NULL);
		if (!o || json_array_append_new(list, o)) {
			json_decref(list);
			list = NULL;
		}
	}
	store_dash_rooms_free(v, n);
	size_t pages = (total + per_page - 1) / per_page;
	json_t *meta = json_pack("{s:I, s:o, s:o, s:I, s:I, s:I}", "current_page", (json_int_t)page, "next_page",
				 page < pages ? json_integer((json_int_t)page + 1) : json_null(), "prev_page",
				 page > 1 ? json_integer((json_int_t)page - 1) : json_null(), "per_page",
				 (json_int_t)per_page, "total_pages", (json_int_t)pages, "total_count", (json_int_t)total);
	if (!list || !meta) {
		json_decref(list);
		json_decref(meta);
		http_error(resp, 500, "out of memory");
		return;
	}
	http_json(resp, 200, json_pack("{s:o, s:o}", "sessions", list, "meta", meta));
}

static void stats(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	uint32_t weeks;
	if (query_int(req, resp, "weeks", 1, DASH_WEEKS_MAX, WEEKS_DEFAULT, &weeks))
		return;
	struct phase_plan plan;
	server_plan(app, &plan);
	int64_t now = unix_ms();
	struct dash_stats *st = dash_stats_new(now, weeks);
	int e = st ? 0 : -1;
	/* Oldest first: a room made while this walks sorts after every page
	 * read so far, so none is counted twice or skipped. */
	for (size_t offset = 0; !e;) {
		struct store_dash_room *v = NULL;
		size_t n = 0, total = 0;
		if ((e = store_dash_rooms(app->store, req->user->id, false, offset, STORE_DASH_PAGE_MAX, &v, &n, &total)))
			break;
		for (size_t i = 0; !e && i < n; i++) {
			struct dash_room_sum sum;
			dash_room_sum(&v[i], &plan, now, &sum);
			const struct bank_entry *b = bank_find(app->bank, v[i].room.problem);
			const struct problem *p = b ? b->p : NULL;
			e = dash_stats_add(st, &v[i], &sum, p && p->difficulty ? p->difficulty : v[i].room.difficulty,
					   p ? (const char *const *)p->tags : NULL, p ? p->ntags : 0);
		}
		store_dash_rooms_free(v, n);
		if (n < STORE_DASH_PAGE_MAX)
			break;
		offset += n;
	}
	json_t *o = e ? NULL : dash_stats_json(st);
	dash_stats_free(st);
	if (!o) {
		http_error(resp, 500, "the statistics could not be computed");
		return;
	}
	http_json(resp, 200, o);
}

const struct http_route routes_dashboard[] = {
	{ "GET", "/api/v1/me/sessions", sessions, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/me/stats", stats, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
