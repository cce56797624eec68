/* pg_submissions.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_submissions = { "submissions", steps, 1 };

int pg_subm_insert(struct store *s, const struct store_row *const *rows, size_t n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_get(struct store *s, const char *token, struct store_row *out)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_set_processing(struct store *s, const char *token)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_finish(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_remove(struct store *s, const char *token)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_list(struct store *s, size_t offset, size_t limit, struct store_row **rows, size_t *n, size_t *total)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_pending(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_subm_counts(struct store *s, uint64_t by_status[16], uint64_t *total)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

