/* pg_problems.c - PLACEHOLDER of the PostgreSQL driver: replaced before landing. */
#include "store_pg.h"
#include <errno.h>
#pragma GCC diagnostic ignored "-Wunused-parameter"

static const char *const steps[] = { "SELECT 1" };
const struct pg_family pg_family_problems = { "problems", steps, 1 };

int pg_problems_replace(struct store *s, const struct store_problem *v, size_t n)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_problem_add(struct store *s, const struct store_problem *p)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

int pg_problem_search(struct store *s, const struct store_problem_query *q, size_t offset, size_t limit,
		      char ***slugs, size_t *n, size_t *total)
{
	(void)s;
	return -ENOSYS; /* PLACEHOLDER */
}

