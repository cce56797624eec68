/* accounts.c - the accounts' shared pieces (accounts.h): limiters,
 * sessions and their cookies, the user's JSON, the profile's text rules. */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "http.h"
#include "jsontext.h"
#include "ratelimit.h"
#include "session.h"
#include "store.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_KEYS 65536                /* keys each limiter tracks: 1 MiB each */

int accounts_new(const struct config *cfg, struct accounts **out)
{
	*out = NULL;
	struct accounts *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	/* burst, then one per period: LOGIN_FAILURES then one a minute;
	 * N a minute; N an hour; N a minute. */
	int r = ratelimit_new(cfg->login_failures, 60000, LIMIT_KEYS, &a->login_user);
	if (!r)
		r = ratelimit_new(cfg->login_per_minute, 60000 / cfg->login_per_minute + 1, LIMIT_KEYS, &a->login_addr);
	if (!r)
		r = ratelimit_new(cfg->signup_per_hour, 3600000 / cfg->signup_per_hour + 1, LIMIT_KEYS, &a->signup_addr);
	if (!r)
		r = ratelimit_new(cfg->session_per_minute, 60000 / cfg->session_per_minute + 1, LIMIT_KEYS,
				  &a->session_user);
	if (!r)
		r = ratelimit_new(cfg->replay_per_minute, 60000 / cfg->replay_per_minute + 1, LIMIT_KEYS,
				  &a->replay_user);
	if (!r)
		r = ratelimit_new(cfg->leaderboard_per_minute, 60000 / cfg->leaderboard_per_minute + 1, LIMIT_KEYS,
				  &a->board_addr);
	if (r) {
		accounts_free(a);
		return r;
	}
	*out = a;
	return 0;
}

void accounts_free(struct accounts *a)
{
	if (!a)
		return;
	ratelimit_free(a->login_user);
	ratelimit_free(a->login_addr);
	ratelimit_free(a->signup_addr);
	ratelimit_free(a->session_user);
	ratelimit_free(a->replay_user);
	ratelimit_free(a->board_addr);
	free(a);
}

void accounts_too_many(struct http_resp *resp, unsigned retry_s, const char *message)
{
	char secs[16];
	str_printf(secs, sizeof(secs), "%u", retry_s);
	http_error(resp, 429, message);
	http_add_header(resp, "Retry-After", secs);
}

void accounts_addr_key(const char *ip, char *out, size_t len)
{
	unsigned char a6[16];
	if (inet_pton(AF_INET6, ip, a6) == 1 && !strchr(ip, '.')) {
		str_printf(out, len, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", a6[0], a6[1], a6[2], a6[3], a6[4],
			   a6[5], a6[6], a6[7]);
		return;
	}
	str_copy(out, len, ip);
}

static void set_cookie(const struct http_req *req, struct http_resp *resp, const char *token)
{
	char cookie[SESSION_COOKIE_MAX];
	const struct config *c = &req->app->cfg;
	session_cookie(cookie, token, (uint64_t)c->session_days * 86400, c->behind_tls);
	http_add_header(resp, "Set-Cookie", cookie);
	/* The answer that carries a session is nobody else's to keep. */
	http_add_header(resp, "Cache-Control", "no-store");
}

void accounts_clear_cookie(const struct http_req *req, struct http_resp *resp)
{
	set_cookie(req, resp, NULL);
}

/* The user of the request's session cookie into *u: 0, -ENOENT (no
 * cookie), -EINVAL or -ENOENT (no such session), -EIO. */
static int cookie_user(struct http_req *req, struct store_user *u)
{
	const char *token = http_cookie(req, SESSION_COOKIE);
	unsigned char hash[SESSION_HASH_LEN];
	int r = token ? session_token_hash(token, hash) : -ENOENT;
	return r ? r : store_session_user(req->app->store, hash, unix_ms(), u);
}

/* u's request rate on the session routes: req->user = u (stolen), or
 * false with 429 set (u freed). */
static bool take_user(struct http_req *req, struct http_resp *resp, struct store_user *u)
{
	char key[32];
	str_printf(key, sizeof(key), "%lld", (long long)u->id);
	unsigned wait = ratelimit_take(req->app->accounts->session_user, key, now_ms());
	if (wait) {
		store_user_release(u);
		free(u);
		accounts_too_many(resp, wait, "too many requests: slow down");
		return false;
	}
	req->user = u;
	return true;
}

/* The session's user into req->user, then the user's rate. Without a
 * valid session: 401 when required (clearing a cookie that names none),
 * else true and no user. */
static bool session_of(struct http_req *req, struct http_resp *resp, bool required)
{
	if (!required && !http_cookie(req, SESSION_COOKIE))
		return true;
	struct store_user *u = calloc(1, sizeof(*u));
	if (!u) {
		http_error(resp, 500, "out of memory");
		return false;
	}
	int r = cookie_user(req, u);
	if (!r)
		return take_user(req, resp, u);
	free(u);
	if (r != -ENOENT && r != -EINVAL) {
		http_error(resp, 500, "the store failed");
		return false;
	}
	if (!required)
		return true;                     /* an ended session: as anyone */
	http_error(resp, 401, "log in first");
	if (http_cookie(req, SESSION_COOKIE))
		accounts_clear_cookie(req, resp);   /* an ended or unknown session */
	return false;
}

bool accounts_session(struct http_req *req, struct http_resp *resp)
{
	return session_of(req, resp, true);
}

bool accounts_session_optional(struct http_req *req, struct http_resp *resp)
{
	return session_of(req, resp, false);
}

void accounts_start_session(struct http_req *req, struct http_resp *resp, const struct store_user *u, int status)
{
	char token[SESSION_TOKEN_LEN + 1];
	unsigned char hash[SESSION_HASH_LEN];
	int64_t now = unix_ms();
	int r = session_token_new(token, hash);
	if (!r)
		r = store_session_create(req->app->store, hash, u->id, now,
					 now + (int64_t)req->app->cfg.session_days * 86400 * 1000);
	if (r) {
		http_error(resp, 500, r == -EIO ? "the store failed" : "no session could be started");
		return;
	}
	set_cookie(req, resp, token);
	explicit_bzero(token, sizeof(token));
	http_json(resp, status, accounts_user_json(u));
}

json_t *accounts_user_json(const struct store_user *u)
{
	json_t *langs = json_loads(u->languages ? u->languages : "[]", 0, NULL);
	if (!json_is_array(langs)) {
		json_decref(langs);
		langs = json_array();
	}
	json_t *avatar = json_null();
	if (u->avatar_at_ms > 0) {
		/* ?v= changes with each upload, so a cached old image is never shown. */
		char url[96];
		str_printf(url, sizeof(url), "/api/v1/users/%lld/avatar?v=%lld", (long long)u->id,
			   (long long)u->avatar_at_ms);
		json_decref(avatar);
		avatar = json_string(url);
	}
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:i,s:o,s:o}", "id", (json_int_t)u->id,
			 "username", u->username, "display_name", u->display_name ? u->display_name : "",
			 "bio", u->bio ? u->bio : "", "city", u->city ? u->city : "",
			 "country", u->country ? u->country : "",
			 "organisation", u->organisation ? u->organisation : "", "languages", langs,
			 "level", u->level[0] ? json_string(u->level) : json_null(), "rating", u->rating,
			 "avatar_url", avatar, "created_at", json_time_ms(u->created_at_ms));
}

int accounts_level_rating(const char *level)
{
	static const struct {
		const char *name;
		int rating;
	} levels[] = { { "", 1500 }, { "beginner", 1200 }, { "intermediate", 1500 }, { "advanced", 1800 } };
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(level, levels[i].name))
			return levels[i].rating;
	return -1;
}

const char *accounts_text_problem(const json_t *v, size_t max_chars, bool multiline)
{
	if (!json_is_string(v))
		return "must be a string";
	const unsigned char *p = (const unsigned char *)json_string_value(v);
	size_t chars = 0, n = json_string_length(v);
	for (size_t i = 0; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			chars++;                 /* a character starts at every byte but a continuation */
		bool ctl = p[i] < 0x20 || p[i] == 0x7f;
		if (ctl && !(multiline && (p[i] == '\n' || p[i] == '\t' || p[i] == '\r')))
			return multiline ? "must not hold control characters other than line breaks and tabs"
					 : "must not hold control characters or line breaks";
	}
	if (chars > max_chars) {
		static __thread char msg[64];
		str_printf(msg, sizeof(msg), "must be at most %zu characters", max_chars);
		return msg;
	}
	return NULL;
}
