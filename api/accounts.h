/* accounts.h - what the account routes (routes_auth.c, routes_me.c) and
 * the layer's ROUTE_SESSION share (docs/platform.md, "Conventions" and
 * "Accounts"): the server's rate limiters, sessions started and read, a
 * user as JSON, the profile's text rules. */
#ifndef PAIRBOX_ACCOUNTS_H
#define PAIRBOX_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct config;
struct http_req;
struct http_resp;
struct store_user;

/* The limits of docs/platform.md, each a ratelimit.h table (their rates
 * from the settings: LOGIN_FAILURES, LOGIN_PER_MINUTE, SIGNUP_PER_HOUR,
 * SESSION_PER_MINUTE, REPLAY_PER_MINUTE, LEADERBOARD_PER_MINUTE). */
struct accounts {
	struct ratelimit *login_user;    /* failed logins per account (a success gives its token back) */
	struct ratelimit *login_addr;    /* login attempts per client address */
	struct ratelimit *signup_addr;   /* sign-ups per client address */
	struct ratelimit *session_user;  /* requests per user on the session routes */
	struct ratelimit *replay_user;   /* room replays per user (REPLAY_PER_MINUTE) */
	struct ratelimit *board_addr;    /* leaderboard requests per client address without a session */
};

/* 0, -EINVAL or -ENOMEM; *out owned (accounts_free). */
int accounts_new(const struct config *cfg, struct accounts **out);
void accounts_free(struct accounts *a);          /* accepts NULL */

/* ROUTE_SESSION's part of the preamble (http.c): req->user (owned by the
 * layer) from the session cookie, then the user's request rate. true, or
 * false with resp set: 401 {"error": "log in first"} (clearing a cookie
 * that names no session), 429, 500. */
bool accounts_session(struct http_req *req, struct http_resp *resp);

/* For a route anyone may call (the leaderboards): with a valid session
 * cookie, req->user and the user's request rate as accounts_session;
 * without one (or with one that names no session), true and no user.
 * false with resp set: 429, 500. */
bool accounts_session_optional(struct http_req *req, struct http_resp *resp);

/* Start a session for u (signing up, logging in): stored hashed,
 * Set-Cookie, and the answer status with u as GET /me shows it; a 500
 * when the store fails. */
void accounts_start_session(struct http_req *req, struct http_resp *resp, const struct store_user *u, int status);
/* Set-Cookie that removes the session cookie from the browser. */
void accounts_clear_cookie(const struct http_req *req, struct http_resp *resp);

/* 429 {"error": message} with Retry-After: retry_s. */
void accounts_too_many(struct http_resp *resp, unsigned retry_s, const char *message);
/* The limiter key of a client address: an IPv4 address whole, an IPv6
 * one by its /64 (what one subscriber is given). */
void accounts_addr_key(const char *ip, char *out, size_t len);

/* u as GET /me shows it. New ref. */
json_t *accounts_user_json(const struct store_user *u);
/* The rating a level starts at: beginner 1200, intermediate 1500,
 * advanced 1800; no level (""), 1500. -1 for anything else. */
int accounts_level_rating(const char *level);
/* Why v is not a profile text of at most max characters (NULL when it
 * is): a string, valid UTF-8 (jansson's), no control characters but,
 * when multiline, line breaks and tabs. */
const char *accounts_text_problem(const json_t *v, size_t max_chars, bool multiline);

#endif
