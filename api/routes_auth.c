/* routes_auth.c - signing up, logging in and out (docs/platform.md,
 * "Accounts"):
 *
 *   POST /api/v1/auth/signup   {username, password, display_name?} -> 201 + cookie + the user
 *   POST /api/v1/auth/login    {username, password} -> 200 + cookie + the user, or 401
 *   POST /api/v1/auth/logout   the session ends -> 204
 *
 * Passwords are yescrypt hashes (password.h); a login is limited per
 * account (failures) and per client address, a sign-up per address. */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "http.h"
#include "password.h"
#include "ratelimit.h"
#include "session.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD_MIN 8
#define PASSWORD_MAX 1024
#define USERNAME_MIN 3
#define DISPLAY_NAME_MAX 64

/* {"field": ["message"]} gathered: every problem at once. */
static void add_problem(json_t **errors, const char *field, const char *message)
{
	if (!*errors)
		*errors = json_object();
	json_t *list = json_object_get(*errors, field);
	if (!list)
		json_object_set_new(*errors, field, list = json_array());
	json_array_append_new(list, json_string(message));
}

/* Keys of body that are not in allowed (NULL-terminated) into errors. */
static void unknown_keys(json_t *body, const char *const *allowed, const char *what, json_t **errors)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = !strcmp(*a, key);
		if (!known)
			add_problem(errors, key, what);
	}
}

/* The username of a sign-up in lower case into out, or a problem. */
static const char *username_problem(const json_t *v, char out[STORE_USERNAME_MAX + 1])
{
	if (!json_is_string(v))
		return "is required: 3 to 32 of a-z, 0-9, _ and -";
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n < USERNAME_MIN || n > STORE_USERNAME_MAX)
		return "must be 3 to 32 characters of a-z, 0-9, _ and -";
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');       /* stored in lower case; compared case-blind */
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return "must be 3 to 32 characters of a-z, 0-9, _ and -";
		out[i] = c;
	}
	out[n] = '\0';
	return NULL;
}

static const char *password_problem(const json_t *v)
{
	if (!json_is_string(v))
		return "is required: 8 to 1024 bytes";
	size_t n = json_string_length(v);
	return n < PASSWORD_MIN || n > PASSWORD_MAX ? "must be 8 to 1024 bytes" : NULL;
}

static void signup(struct http_req *req, struct http_resp *resp)
{
	static const char *const fields[] = { "username", "password", "display_name", NULL };
	json_t *body = req->json, *errors = NULL;
	json_t *name = json_object_get(body, "display_name"), *pw = json_object_get(body, "password");
	struct store_user u = { .created_at_ms = unix_ms(), .rating = accounts_level_rating("") };
	const char *why;
	unknown_keys(body, fields, "is not a field of a sign-up", &errors);
	if ((why = username_problem(json_object_get(body, "username"), u.username)))
		add_problem(&errors, "username", why);
	if ((why = password_problem(pw)))
		add_problem(&errors, "password", why);
	if (name && (why = accounts_text_problem(name, DISPLAY_NAME_MAX, false)))
		add_problem(&errors, "display_name", why);
	else if (name && !json_string_length(name))
		add_problem(&errors, "display_name", "must not be empty");
	if (errors) {
		http_json(resp, 422, errors);
		return;
	}
	char addr[64];
	accounts_addr_key(req->client_ip, addr, sizeof(addr));
	unsigned wait = ratelimit_take(req->app->accounts->signup_addr, addr, now_ms());
	if (wait) {
		accounts_too_many(resp, wait, "too many sign-ups from this address: try again later");
		return;
	}
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(json_string_value(pw), hash)) {
		http_error(resp, 500, "the password could not be hashed");
		return;
	}
	u.display_name = (char *)(name ? json_string_value(name) : u.username);   /* borrowed for create */
	int r = store_user_create(req->app->store, &u, hash);
	explicit_bzero(hash, sizeof(hash));
	u.display_name = NULL;
	if (r == -EEXIST) {
		http_json(resp, 409, json_pack("{s:[s]}", "username", "is taken"));
		return;
	}
	struct store_user made;
	if (!r)
		r = store_user_get(req->app->store, u.id, &made);
	if (r) {
		http_error(resp, 500, "the store failed");
		return;
	}
	accounts_start_session(req, resp, &made, 201);
	store_user_release(&made);
}

static void login(struct http_req *req, struct http_resp *resp)
{
	static const char *const fields[] = { "username", "password", NULL };
	json_t *body = req->json, *errors = NULL;
	json_t *name = json_object_get(body, "username"), *pw = json_object_get(body, "password");
	unknown_keys(body, fields, "is not a field of a login", &errors);
	if (!json_is_string(name))
		add_problem(&errors, "username", "is required");
	if (!json_is_string(pw))
		add_problem(&errors, "password", "is required");
	if (errors) {
		http_json(resp, 422, errors);
		return;
	}
	struct accounts *acc = req->app->accounts;
	char addr[64];
	accounts_addr_key(req->client_ip, addr, sizeof(addr));
	unsigned wait = ratelimit_take(acc->login_addr, addr, now_ms());
	if (wait) {
		accounts_too_many(resp, wait, "too many login attempts from this address: try again later");
		return;
	}
	/* One bucket per account, whether or not it exists (so the answer
	 * tells nothing), keyed in lower case as usernames are compared. */
	char *key = strdup(json_string_value(name));
	if (!key) {
		http_error(resp, 500, "out of memory");
		return;
	}
	for (char *c = key; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	uint64_t now = now_ms();
	struct store_user u;
	char *hash = NULL;
	int r = -EAGAIN;
	if ((wait = ratelimit_take(acc->login_user, key, now))) {
		accounts_too_many(resp, wait, "too many failed logins for this account: try again later");
		goto out;
	}
	r = store_user_by_name(req->app->store, key, &u, &hash);
	if (r && r != -ENOENT) {
		ratelimit_refund(acc->login_user, key, now);
		http_error(resp, 500, "the store failed");
		goto out;
	}
	/* The same work for an unknown user as for a wrong password. */
	const char *given = json_string_value(pw);
	bool ok = false;
	if (r || json_string_length(pw) > PASSWORD_MAX)
		password_burn(given);             /* no password that long was ever accepted */
	else
		ok = password_verify(given, hash);
	if (!ok) {
		http_error(resp, 401, "wrong username or password");
		goto out;
	}
	ratelimit_refund(acc->login_user, key, now);
	accounts_start_session(req, resp, &u, 200);
out:
	if (!r)
		store_user_release(&u);
	free(hash);
	free(key);
}

static void logout(struct http_req *req, struct http_resp *resp)
{
	unsigned char hash[SESSION_HASH_LEN];
	/* The preamble found the session: its cookie is well-formed. */
	if (session_token_hash(http_cookie(req, SESSION_COOKIE), hash) ||
	    store_session_delete(req->app->store, hash) == -EIO) {
		http_error(resp, 500, "the store failed");
		return;
	}
	accounts_clear_cookie(req, resp);
	resp->status = 204;
}

const struct http_route routes_auth[] = {
	{ "POST", "/api/v1/auth/signup", signup, HTTP_AUTH_NONE, ROUTE_SAME_ORIGIN | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "POST", "/api/v1/auth/login", login, HTTP_AUTH_NONE, ROUTE_SAME_ORIGIN | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "POST", "/api/v1/auth/logout", logout, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
