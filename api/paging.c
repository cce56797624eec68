/* paging.c - page and per_page, and the meta object (paging.h). */
#define _GNU_SOURCE
#include "paging.h"
#include "http.h"
#include "subm.h"
#include "util.h"

#define PAGE_MAX 1000000

/* A query count in [1, max], or def when absent (a bad one named). */
static size_t count_of(const struct http_req *req, const char *name, size_t def, size_t max, json_t *errs)
{
	const char *v = http_query(req, name);
	uint32_t n;
	if (!v)
		return def;
	if (parse_u32(v, &n) || n < 1 || n > max) {
		char msg[64];
		str_printf(msg, sizeof(msg), "must be an integer from 1 to %zu", max);
		subm_field_error(errs, name, msg);
		return def;
	}
	return n;
}

void paging_query(const struct http_req *req, size_t def, size_t max, size_t *page, size_t *per_page, json_t *errs)
{
	*page = count_of(req, "page", 1, PAGE_MAX, errs);
	*per_page = count_of(req, "per_page", def, max, errs);
}

json_t *paging_meta(size_t page, size_t per_page, size_t total)
{
	size_t pages = per_page ? (total + per_page - 1) / per_page : 0;
	return json_pack("{s:I, s:o, s:o, s:I, s:I, s:I}", "current_page", (json_int_t)page, "next_page",
			 page < pages ? json_integer((json_int_t)page + 1) : json_null(), "prev_page",
			 page > 1 ? json_integer((json_int_t)page - 1) : json_null(), "per_page", (json_int_t)per_page,
			 "total_pages", (json_int_t)pages, "total_count", (json_int_t)total);
}
