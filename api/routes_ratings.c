/* routes_ratings.c - skill ratings and the leaderboards (docs/platform.md
 * "Ratings and leaderboards", docs/ratings.md):
 *
 *   GET /api/v1/me/ratings                     the caller's ratings, overall and per language, and their history
 *   GET /api/v1/leaderboard                    ?language= &org= &page= &per_page=: users by rating
 *   GET /api/v1/leaderboard/organisations      ?language= &page= &per_page=: organisations by their members' mean rating
 *
 * The leaderboards are public (LEADERBOARD_PUBLIC=false: logged-in users
 * only): a caller with a session counts against its own request rate,
 * anyone else against LEADERBOARD_PER_MINUTE per client address. Ranked:
 * every live account with at least one rated session (in that language
 * for a language's board), by rating, then the lower RD, then the lower
 * user id (the earlier account), so every page of a board is stable. */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "bank.h"
#include "http.h"
#include "lang.h"
#include "paging.h"
#include "rating.h"
#include "ratelimit.h"
#include "ratings.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BOARD_DEFAULT 50
#define BOARD_MAX 100
#define HISTORY_DEFAULT 200
#define HISTORY_MAX 1000
#define ORG_QUERY_MAX 400              /* bytes: 100 characters of up to 4 bytes */

/* ---- the caller's ratings ---- */

static json_t *history_json(struct app *app, const struct store_rating_game *g)
{
	const struct bank_entry *b = bank_find(app->bank, g->problem);
	return json_pack("{s:s, s:I, s:{s:s, s:s}, s:s, s:s, s:o, s:o, s:o, s:{s:o, s:o}, s:{s:o, s:o}}", "room",
			 g->room, "ended_at", (json_int_t)g->ended_ms, "problem", "slug", g->problem, "title",
			 b && b->p->title ? b->p->title : g->problem, "difficulty", g->difficulty, "language",
			 g->language, "tests", ratings_figure(g->tests), "feedback",
			 g->feedback > 0 ? ratings_figure(g->feedback) : json_null(), "score", ratings_figure(g->score),
			 "rating", "rating", ratings_figure(g->rating), "rd", ratings_figure(g->rd), "language_rating",
			 "rating", ratings_figure(g->lang_rating), "rd", ratings_figure(g->lang_rd));
}

static void my_ratings(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	json_t *errs = json_object();
	const char *l = http_query(req, "limit");
	uint32_t limit = HISTORY_DEFAULT;
	if (l && (parse_u32(l, &limit) || limit < 1 || limit > HISTORY_MAX))
		subm_field_error(errs, "limit", "must be an integer from 1 to 1000");
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	struct store_rating *all = NULL;
	struct store_rating_game *hist = NULL;
	size_t n = 0, nh = 0;
	if (store_ratings_of_user(app->store, req->user->id, &all, &n) ||
	    store_rating_history(app->store, req->user->id, limit, &hist, &nh)) {
		free(all);
		http_error(resp, 500, "the ratings could not be read");
		return;
	}
	int64_t now = unix_ms();
	json_t *overall = NULL, *langs = json_array(), *points = json_array();
	for (size_t i = 0; i < n; i++) {
		if (!all[i].language[0])
			overall = ratings_json(&all[i], now, 0);
		else
			json_array_append_new(langs, ratings_json(&all[i], now, 1));
	}
	if (!overall) {
		/* Not rated yet: where the first session starts from. */
		struct store_rating seed = { .rating = req->user->rating, .rd = RATING_INITIAL_RD,
					     .volatility = RATING_INITIAL_VOL };
		overall = ratings_json(&seed, now, 0);
		json_object_set_new(overall, "updated_at", json_null());
	}
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(points, history_json(app, &hist[i]));
	free(all);
	free(hist);
	http_json(resp, 200, json_pack("{s:o, s:o, s:o}", "overall", overall, "languages", langs, "history", points));
}

/* ---- the leaderboards ---- */

/* Who may read a board: true, or false with resp set (401 when only
 * logged-in users may, 429 past the rate). */
static bool board_caller(struct http_req *req, struct http_resp *resp)
{
	if (!accounts_session_optional(req, resp))
		return false;
	if (req->user)
		return true;
	if (!req->app->cfg.leaderboard_public) {
		http_error(resp, 401, "log in first");
		return false;
	}
	char key[64];
	accounts_addr_key(req->client_ip ? req->client_ip : "", key, sizeof(key));
	unsigned wait = ratelimit_take(req->app->accounts->board_addr, key, now_ms());
	if (wait) {
		accounts_too_many(resp, wait, "too many leaderboard requests: slow down, or log in");
		return false;
	}
	return true;
}

/* ?language= as a language's name ("" when absent), a bad one named. */
static const char *board_language(const struct http_req *req, json_t *errs)
{
	const char *v = http_query(req, "language");
	if (!v || !v[0])
		return "";
	const struct lang *l = lang_find_any(v);
	if (!l)
		subm_field_error(errs, "language", "is not a language this server knows (GET /languages/all)");
	return l ? l->name : "";
}

static void board(struct http_req *req, struct http_resp *resp)
{
	if (!board_caller(req, resp))
		return;
	struct app *app = req->app;
	json_t *errs = json_object();
	struct store_board_query q = { "", NULL, 1, BOARD_DEFAULT };
	paging_query(req, BOARD_DEFAULT, BOARD_MAX, &q.page, &q.per_page, errs);
	q.language = board_language(req, errs);
	const char *org = http_query(req, "org");
	if (org && org[0]) {
		json_t *o = json_string(org);
		const char *why = !o ? "must be valid UTF-8" : strlen(org) > ORG_QUERY_MAX ? "must be at most 100 characters"
						      : accounts_text_problem(o, 100, false);
		json_decref(o);
		if (why)
			subm_field_error(errs, "org", why);
		else
			q.organisation = org;
	}
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	struct store_board_row *rows = NULL;
	size_t n = 0, total = 0;
	if (store_board(app->store, &q, &rows, &n, &total)) {
		http_error(resp, 500, "the leaderboard could not be read");
		return;
	}
	int64_t now = unix_ms();
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct store_board_row *x = &rows[i];
		struct store_rating r = { .rating = x->rating, .rd = x->rd, .volatility = x->volatility, .games = x->games,
					  .updated_ms = x->updated_ms };
		json_t *o = ratings_json(&r, now, 0);
		json_object_set_new(o, "rank", json_integer((json_int_t)x->rank));
		json_object_set_new(o, "user", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)x->user_id, "username",
							 x->username, "display_name", x->display_name, "organisation",
							 x->organisation));
		json_array_append_new(list, o);
	}
	free(rows);
	http_json(resp, 200, json_pack("{s:o, s:o, s:o, s:o}", "leaderboard", list, "language",
				       q.language[0] ? json_string(q.language) : json_null(), "organisation",
				       q.organisation ? json_string(q.organisation) : json_null(), "meta",
				       paging_meta(q.page, q.per_page, total)));
}

static void org_board(struct http_req *req, struct http_resp *resp)
{
	if (!board_caller(req, resp))
		return;
	struct app *app = req->app;
	json_t *errs = json_object();
	size_t page, per_page;
	paging_query(req, BOARD_DEFAULT, BOARD_MAX, &page, &per_page, errs);
	const char *language = board_language(req, errs);
	if (json_object_size(errs)) {
		http_json(resp, 422, errs);
		return;
	}
	json_decref(errs);
	size_t min = app->cfg.leaderboard_org_min_members;
	struct store_org_row *rows = NULL;
	size_t n = 0, total = 0;
	if (store_org_board(app->store, language, min, page, per_page, &rows, &n, &total)) {
		http_error(resp, 500, "the leaderboard could not be read");
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:o}", "rank", (json_int_t)rows[i].rank,
						      "organisation", rows[i].organisation, "members",
						      (json_int_t)rows[i].members, "rating", ratings_figure(rows[i].mean)));
	free(rows);
	http_json(resp, 200, json_pack("{s:o, s:o, s:I, s:o}", "organisations", list, "language",
				       language[0] ? json_string(language) : json_null(), "min_members", (json_int_t)min,
				       "meta", paging_meta(page, per_page, total)));
}

const struct http_route routes_ratings[] = {
	{ "GET", "/api/v1/me/ratings", my_ratings, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/leaderboard", board, HTTP_AUTH_NONE, ROUTE_PLATFORM_BODY },
	{ "GET", "/api/v1/leaderboard/organisations", org_board, HTTP_AUTH_NONE, ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
