/* store_dashboard.c - store_dashboard.h's verbs: out arguments zeroed, the
 * page capped, then the driver's op (store_driver.h). */
#include "store_driver.h"

#include <stdlib.h>

void store_dash_rooms_free(struct store_dash_room *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].results);
		free(v[i].asks);
	}
	free(v);
}

int store_dash_rooms(struct store *s, int64_t user_id, bool newest_first, size_t offset, size_t limit,
		     struct store_dash_room **out, size_t *n, size_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	if (limit > STORE_DASH_PAGE_MAX)
		limit = STORE_DASH_PAGE_MAX;
	return s->ops->dash_rooms(s, user_id, newest_first, offset, limit, out, n, total);
}
