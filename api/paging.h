/* paging.h - the pages of a list route (docs/platform.md "Conventions"):
 * ?page= and ?per_page= read alike everywhere, and the same "meta"
 * object beside every list (current_page, next_page, prev_page,
 * per_page, total_pages, total_count). */
#ifndef PAIRBOX_PAGING_H
#define PAIRBOX_PAGING_H

#include <jansson.h>
#include <stddef.h>

struct http_req;

/* page (1..1000000, default 1) and per_page (1..max, default def) from
 * req's query; a bad one is named in errs (422's shape) and its default
 * used. */
void paging_query(const struct http_req *req, size_t def, size_t max, size_t *page, size_t *per_page, json_t *errs);
/* The meta object of a page of total rows. New ref. */
json_t *paging_meta(size_t page, size_t per_page, size_t total);

#endif
