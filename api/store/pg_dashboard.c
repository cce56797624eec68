/* pg_dashboard.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_dashboard = { "dashboard", steps, 1 };

int pg_dash_rooms(struct store *s, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		  struct store_dash_room **out, size_t *n, size_t *total)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_dash_digest_put(PGconn *c, const struct store_room_event *e)
{
	(void)c, (void)e;
	return -ENOSYS; /* PLACEHOLDER */
}
