/* pg_users.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_users = { "users", steps, 1 };

int pg_user_create(struct store *s, struct store_user *u, const char *password_hash)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_user_by_name(struct store *s, const char *username, struct store_user *out, char **password_hash)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_user_get(struct store *s, int64_t id, struct store_user *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_user_update(struct store *s, const struct store_user *u)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_user_delete(struct store *s, int64_t id)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_session_create(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
		      int64_t created_ms, int64_t expires_ms)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_session_user(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
		    struct store_user *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_session_delete(struct store *s, const unsigned char hash[STORE_SESSION_HASH])
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_avatar_put(struct store *s, int64_t user_id, const char *content_type, const void *data, size_t len,
		  int64_t at_ms)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_avatar_get(struct store *s, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1], void **data,
		  size_t *len)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

