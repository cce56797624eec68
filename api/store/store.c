/* store.c - store.h's verbs: the argument rules and paging every driver
 * shares, then the driver's op (store_driver.h): SQLite in a data
 * directory, or PostgreSQL. */
#include "store_driver.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void store_row_release(struct store_row *r)
{
	if (!r)
		return;
	free(r->request);
	free(r->result);
	r->request = r->result = NULL;
}

bool store_where_is_postgres(const char *where)
{
	return !strncmp(where, "postgres://", 11) || !strncmp(where, "postgresql://", 13);
}

int store_open(const char *where, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	return (store_where_is_postgres(where) ? &store_pg_ops : &store_sqlite_ops)->open(where, out, err, errlen);
}

const char *store_driver_name(const struct store *s)
{
	return s->ops->name;
}

bool store_shared(const struct store *s)
{
	return s->ops->shared;
}

static bool channel_ok(const char *channel)
{
	size_t n = strlen(channel);
	if (n < 1 || n > STORE_CHANNEL_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((channel[i] >= 'a' && channel[i] <= 'z') || (channel[i] >= '0' && channel[i] <= '9') ||
		      channel[i] == '_'))
			return false;
	return true;
}

int store_listen(struct store *s, const char *channel, store_note_fn *fn, void *ctx)
{
	return channel_ok(channel) && fn ? s->ops->listen(s, channel, fn, ctx) : -EINVAL;
}

int store_notify(struct store *s, const char *channel, const char *payload)
{
	if (!channel_ok(channel) || !payload || strlen(payload) > STORE_NOTE_MAX)
		return -EINVAL;
	return s->ops->notify(s, channel, payload);
}

void store_bus_stats(struct store *s, struct store_bus_stats *out)
{
	memset(out, 0, sizeof(*out));
	s->ops->bus_stats(s, out);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

int store_insert(struct store *s, const struct store_row *const *rows, size_t n)
{
	return n ? s->ops->insert(s, rows, n) : 0;
}

int store_get(struct store *s, const char *token, struct store_row *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->get(s, token, out);
}

int store_set_processing(struct store *s, const char *token)
{
	return s->ops->set_processing(s, token);
}

int store_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms)
{
	return s->ops->finish(s, token, status_id, result, finished_at_ms);
}

int store_delete(struct store *s, const char *token)
{
	return s->ops->remove(s, token);
}

int store_list(struct store *s, size_t page, size_t per_page, struct store_row **rows, size_t *n, size_t *total)
{
	*rows = NULL;
	*n = 0;
	*total = 0;
	return s->ops->list(s, store_page_offset(page, per_page), per_page, rows, n, total);
}

int store_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n)
{
	*tokens = NULL;
	*n = 0;
	return s->ops->pending(s, tokens, n);
}

int store_counts(struct store *s, uint64_t by_status[16], uint64_t *total)
{
	memset(by_status, 0, 16 * sizeof(by_status[0]));
	*total = 0;
	return s->ops->counts(s, by_status, total);
}

int store_size(struct store *s, uint64_t *bytes)
{
	*bytes = 0;
	return s->ops->size(s, bytes);
}

int store_problems_replace(struct store *s, const struct store_problem *v, size_t n)
{
	return s->ops->problems_replace(s, v, n);
}

int store_problem_add(struct store *s, const struct store_problem *p)
{
	return s->ops->problem_add(s, p);
}

int store_problem_search(struct store *s, const struct store_problem_query *q, char ***slugs, size_t *n,
			 size_t *total)
{
	*slugs = NULL;
	*n = 0;
	*total = 0;
	return s->ops->problem_search(s, q, store_page_offset(q->page, q->per_page), q->per_page, slugs, n, total);
}

void store_files_free(struct store_file *files, size_t n)
{
	for (size_t i = 0; files && i < n; i++) {
		free(files[i].path);
		free(files[i].data);
	}
	free(files);
}

bool store_package_path_ok(const char *path)
{
	size_t n = strlen(path);
	if (!n || n > STORE_PACKAGE_PATH_MAX || path[0] == '/' || path[n - 1] == '/')
		return false;
	for (const char *c = path; *c;) {
		const char *end = strchr(c, '/');
		size_t len = end ? (size_t)(end - c) : strlen(c);
		if (!len || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f || c[i] == '\\')
				return false;
		c += len + (end ? 1 : 0);
	}
	return true;
}

int store_package_put(struct store *s, const char *slug, const struct store_file *files, size_t n, int64_t at_ms)
{
	if (!slug || !slug[0] || !n || n > STORE_PACKAGE_FILES)
		return -EINVAL;
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (!files[i].path || !store_package_path_ok(files[i].path) || (files[i].len && !files[i].data) ||
		    files[i].len > STORE_PACKAGE_MAX - total)
			return -EINVAL;
		total += files[i].len;
	}
	return s->ops->package_put(s, slug, files, n, at_ms);
}

int store_package_get(struct store *s, const char *slug, struct store_file **files, size_t *n)
{
	*files = NULL;
	*n = 0;
	return s->ops->package_get(s, slug, files, n);
}

int store_package_slugs(struct store *s, char ***slugs, size_t *n)
{
	*slugs = NULL;
	*n = 0;
	return s->ops->package_slugs(s, slugs, n);
}

int store_package_delete(struct store *s, const char *slug)
{
	return s->ops->package_delete(s, slug);
}

void store_user_release(struct store_user *u)
{
	if (!u)
		return;
	free(u->display_name);
	free(u->bio);
	free(u->city);
	free(u->country);
	free(u->organisation);
	free(u->languages);
	u->display_name = u->bio = u->city = u->country = u->organisation = u->languages = NULL;
}

int store_user_create(struct store *s, struct store_user *u, const char *password_hash)
{
	return s->ops->user_create(s, u, password_hash);
}

int store_user_by_name(struct store *s, const char *username, struct store_user *out, char **password_hash)
{
	memset(out, 0, sizeof(*out));
	*password_hash = NULL;
	return s->ops->user_by_name(s, username, out, password_hash);
}

int store_user_get(struct store *s, int64_t id, struct store_user *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->user_get(s, id, out);
}

int store_user_update(struct store *s, const struct store_user *u)
{
	return s->ops->user_update(s, u);
}

int store_user_delete(struct store *s, int64_t id)
{
	return s->ops->user_delete(s, id);
}

int store_session_create(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
			 int64_t created_ms, int64_t expires_ms)
{
	return s->ops->session_create(s, hash, user_id, created_ms, expires_ms);
}

int store_session_user(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		       struct store_user *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->session_user(s, hash, now_ms, out);
}

int store_session_delete(struct store *s, const unsigned char hash[STORE_SESSION_HASH])
{
	return s->ops->session_delete(s, hash);
}

int store_avatar_put(struct store *s, int64_t user_id, const char *content_type, const void *data, size_t len,
		     int64_t at_ms)
{
	return s->ops->avatar_put(s, user_id, content_type, data, len, at_ms);
}

int store_avatar_get(struct store *s, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		     size_t *len)
{
	content_type[0] = '\0';
	*data = NULL;
	*len = 0;
	return s->ops->avatar_get(s, user_id, content_type, data, len);
}
