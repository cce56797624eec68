/* routes_me.c - the logged-in user's own account and everyone's avatars
 * (docs/platform.md, "Accounts"):
 *
 *   GET    /api/v1/me                the user
 *   PATCH  /api/v1/me                profile fields -> the user
 *   DELETE /api/v1/me                the account and its sessions -> 204
 *   PUT    /api/v1/me/avatar         a PNG, JPEG or WebP (<= 1 MiB) -> {avatar_url}
 *   GET    /api/v1/users/:id/avatar  the image, nosniff */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "http.h"
#include "lang.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DISPLAY_NAME_MAX 64
#define BIO_MAX 2000
#define PLACE_MAX 100                 /* city, country, organisation */
#define LANGUAGES_MAX 10

static void get_me(struct http_req *req, struct http_resp *resp)
{
	http_json(resp, 200, accounts_user_json(req->user));
}

/* languages: up to 10 names (or Judge0 ids) of languages pairbox knows,
 * as their short names, each once. The JSON text into *out (owned), or
 * the problem. */
static const char *languages_problem(const json_t *v, char **out)
{
	if (!json_is_array(v) || json_array_size(v) > LANGUAGES_MAX)
		return "must be an array of at most 10 language names, as `pairbox langs` lists them";
	json_t *names = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		const struct lang *l = json_is_string(item) ? lang_find_any(json_string_value(item)) : NULL;
		if (!l) {
			json_decref(names);
			return "holds a name that is not a language this server knows (GET /languages/all)";
		}
		bool seen = false;
		for (size_t k = 0; k < json_array_size(names) && !seen; k++)
			seen = !strcmp(json_string_value(json_array_get(names, k)), l->name);
		if (!seen)
			json_array_append_new(names, json_string(l->name));
	}
	*out = json_dumps(names, JSON_COMPACT);
	json_decref(names);
	return *out ? NULL : "could not be stored";
}

/* Replace *field with a copy of v's text ("" for null). 0 or -ENOMEM. */
static int set_text(char **field, const json_t *v)
{
	char *copy = strdup(json_is_string(v) ? json_string_value(v) : "");
	if (!copy)
		return -ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

static void patch_me(struct http_req *req, struct http_resp *resp)
{
	static const struct {
		const char *name;
		size_t max;
		bool multiline, nullable;
		size_t offset;
	} texts[] = {
		{ "display_name", DISPLAY_NAME_MAX, false, false, offsetof(struct store_user, display_name) },
		{ "bio", BIO_MAX, true, true, offsetof(struct store_user, bio) },
		{ "city", PLACE_MAX, false, true, offsetof(struct store_user, city) },
		{ "country", PLACE_MAX, false, true, offsetof(struct store_user, country) },
		{ "organisation", PLACE_MAX, false, true, offsetof(struct store_user, organisation) },
	};
	json_t *body = req->json, *errors = json_object(), *v;
	struct store_user *u = req->user;
	char *languages = NULL;
	const char *key, *why;
	/* Check every field first (every problem at once), change nothing
	 * unless all are right. */
	json_object_foreach(body, key, v) {
		why = "is not a field of the profile (display_name, bio, city, country, organisation, languages, level)";
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			if (strcmp(key, texts[i].name) != 0)
				continue;
			why = json_is_null(v) && texts[i].nullable ? NULL
			      : accounts_text_problem(v, texts[i].max, texts[i].multiline);
			if (!why && i == 0 && !json_string_length(v))
				why = "must not be empty";
		}
		if (!strcmp(key, "languages"))
			why = languages_problem(v, &languages);
		if (!strcmp(key, "level"))
			why = json_is_null(v) || (json_is_string(v) && json_string_length(v) &&
						  accounts_level_rating(json_string_value(v)) > 0)
				      ? NULL : "must be beginner, intermediate or advanced (or null)";
		if (why)
			json_object_set_new(errors, key, json_pack("[s]", why));
	}
	if (json_object_size(errors)) {
		free(languages);
		http_json(resp, 422, errors);
		return;
	}
	json_decref(errors);
	int r = 0;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]) && !r; i++)
		if ((v = json_object_get(body, texts[i].name)))
			r = set_text((char **)(void *)((char *)u + texts[i].offset), v);
	if (languages) {
		free(u->languages);
		u->languages = languages;
	}
	if ((v = json_object_get(body, "level"))) {
		const char *level = json_is_string(v) ? json_string_value(v) : "";
		/* The rating starts from the declared level: a new level starts
		 * it again until a session is rated; from then on play alone
		 * moves it (docs/ratings.md). */
		struct store_rating played;
		if (strcmp(level, u->level) != 0 && level[0] &&
		    store_rating_get(req->app->store, u->id, "", &played) == -ENOENT)
			u->rating = accounts_level_rating(level);
		str_copy(u->level, sizeof(u->level), level);
	}
	if (!r)
		r = store_user_update(req->app->store, u);
	if (r) {
		http_error(resp, r == -ENOMEM ? 500 : r == -ENOENT ? 401 : 500,
			   r == -ENOENT ? "log in first" : "the store failed");
		return;
	}
	http_json(resp, 200, accounts_user_json(u));
}

/* The account goes in one store transaction (store_user_delete): its
 * sessions and avatar, and its row anonymised; a table family that names
 * users (the waiting room, rooms) takes its part there, so rooms keep a
 * "deleted user" participant. */
static void delete_me(struct http_req *req, struct http_resp *resp)
{
	int r = store_user_delete(req->app->store, req->user->id);
	if (r && r != -ENOENT) {
		http_error(resp, 500, "the store failed");
		return;
	}
	accounts_clear_cookie(req, resp);
	resp->status = 204;
}

/* The image type by the file's first bytes; NULL for anything else. */
static const char *image_type(const unsigned char *b, size_t n)
{
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
		return "image/webp";
	return NULL;
}

static void put_avatar(struct http_req *req, struct http_resp *resp)
{
	const char *type = image_type((const unsigned char *)req->body, req->body_len);
	if (!type) {
		http_error(resp, 415, "the avatar must be a PNG, JPEG or WebP image");
		return;
	}
	int64_t at = unix_ms();
	int r = store_avatar_put(req->app->store, req->user->id, type, req->body, req->body_len, at);
	if (r) {
		http_error(resp, r == -ENOENT ? 401 : 500, r == -ENOENT ? "log in first" : "the store failed");
		return;
	}
	req->user->avatar_at_ms = at;
	json_t *me = accounts_user_json(req->user);
	http_json(resp, 200, json_pack("{s:O}", "avatar_url", json_object_get(me, "avatar_url")));
	json_decref(me);
}

static void get_avatar(struct http_req *req, struct http_resp *resp)
{
	uint64_t id;
	char type[STORE_CONTENT_TYPE_MAX + 1];
	void *data = NULL;
	size_t len = 0;
	int r = parse_u64(req->params[0], &id) || id > INT64_MAX ? -ENOENT
		: store_avatar_get(req->app->store, (int64_t)id, type, &data, &len);
	/* Only the types put_avatar stores are served, as static strings. */
	const char *served = image_type(data, len);
	if (r || !served || strcmp(served, type) != 0) {
		free(data);
		http_error(resp, r && r != -ENOENT ? 500 : 404, r && r != -ENOENT ? "the store failed" : "no avatar");
		return;
	}
	resp->body = data;
	resp->body_len = len;
	resp->content_type = served;
	http_add_header(resp, "X-Content-Type-Options", "nosniff");
	http_add_header(resp, "Content-Security-Policy", "default-src 'none'; sandbox");
	http_add_header(resp, "Cache-Control", "public, max-age=300");
}

const struct http_route routes_me[] = {
	{ "GET", "/api/v1/me", get_me, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "PATCH", "/api/v1/me", patch_me, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_JSON_BODY | ROUTE_PLATFORM_BODY },
	{ "DELETE", "/api/v1/me", delete_me, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ "PUT", "/api/v1/me/avatar", put_avatar, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_BODY_KB(1024) },
	{ "GET", "/api/v1/users/:id/avatar", get_avatar, HTTP_AUTH_NONE, ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
