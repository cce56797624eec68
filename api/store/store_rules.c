/*
 * store_rules: the decisions both drivers share (store_rules.h).
 */
#include "store_rules.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int store_rule_accept(const struct store_invite *inv, const int64_t users[2], int64_t user_id, int64_t now_ms)
{
	/* Its creator, or the one who got in: nothing to do, whatever the
	 * invite's state now. */
	if (user_id == users[0] || user_id == users[1])
		return 1;
	if (inv->used_by || users[1])
		return -EALREADY;
	if (inv->revoked_ms)
		return -ECANCELED;
	if (inv->expires_ms <= now_ms)
		return -ETIMEDOUT;
	return 0;
}

int store_rule_waiting_room_of(const int64_t users[2], int64_t user_id)
{
	if (users[0] != user_id)
		return users[1] == user_id ? -EBUSY : -ENOENT;
	return users[1] ? -EBUSY : 0;
}

int store_rule_participant(const int64_t users[2], int64_t user_id)
{
	return user_id && (users[0] == user_id || users[1] == user_id) ? 0 : -ENOENT;
}

/* The next word of the text at *p (advanced past it): true with w, n
 * (its length without a trailing '*') and prefix (it had one); false at
 * the end. */
static bool search_word(const char **p, const char **w, size_t *n, bool *prefix)
{
	const char *s = *p;
	for (;;) {
		while (*s && strchr(" \t\r\n\v\f", *s))
			s++;
		const char *start = s;
		while (*s && !strchr(" \t\r\n\v\f", *s))
			s++;
		size_t len = (size_t)(s - start);
		if (!len) {
			*p = s;
			return false;
		}
		if (len == 1 && *start == '*')
			continue;
		*prefix = len > 1 && start[len - 1] == '*';
		*w = start;
		*n = *prefix ? len - 1 : len;
		*p = s;
		return true;
	}
}

int store_search_query(const char *text, size_t cap, store_quote_fn quote, char **out)
{
	*out = NULL;
	char *q = malloc(cap), *o = q;
	if (!q)
		return -ENOMEM;
	const char *p = text, *w;
	size_t n;
	bool prefix;
	while (search_word(&p, &w, &n, &prefix))
		o = quote(o, w, n, prefix, o == q);
	*o = '\0';
	if (o == q) {
		free(q);
		return 0;
	}
	*out = q;
	return 0;
}

int store_rule_match_room(const struct store_matcher *m, const struct store_lobby_entry *a,
			  const struct store_lobby_entry *b, store_history_fn history, void *db,
			  struct store_room *room)
{
	char **ha = NULL, **hb = NULL;
	size_t na = 0, nb = 0;
	int r = history(db, a->user_id, &ha, &na);
	if (!r)
		r = history(db, b->user_id, &hb, &nb);
	memset(room, 0, sizeof(*room));
	if (!r)
		r = m->room(m->ctx, a, (const char *const *)ha, na, b, (const char *const *)hb, nb, room);
	store_strings_free(ha, na);
	store_strings_free(hb, nb);
	if (r)
		return r;
	room->users[0] = a->user_id;
	room->users[1] = b->user_id;
	room->ended_ms = 0;
	return 0;
}

bool store_rule_digested(const char *kind)
{
	return !strcmp(kind, "run-result") || !strcmp(kind, "submit-result") || !strcmp(kind, "next");
}

int store_dash_rooms_out(int r, struct store_dash_room *v, size_t got, struct store_dash_room **out, size_t *n,
			 size_t *total)
{
	if (r) {
		store_dash_rooms_free(v, got);
		*total = 0;
		return r;
	}
	if (!got) {
		free(v);
		v = NULL;
	}
	*out = v;
	*n = got;
	return 0;
}

void *store_push(void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *nv = ncap <= SIZE_MAX / size ? realloc(*v, ncap * size) : NULL;
		if (!nv)
			return NULL;
		*v = nv;
		*cap = ncap;
	}
	void *e = (char *)*v + (*n)++ * size;
	memset(e, 0, size);
	return e;
}

bool store_rule_outcome_submit(struct store_room_outcome *o, double passed, double total)
{
	double frac = total > 0 && passed >= 0 ? (passed < total ? passed / total : 1) : 0;
	if (frac >= o->tests) {
		o->tests = frac;
		return true;
	}
	return false;
}

void store_rule_outcome_took_part(struct store_room_outcome *o, int64_t user_id)
{
	for (int i = 0; i < 2; i++)
		o->took_part[i] |= o->users[i] && o->users[i] == user_id;
}

int store_strings_out(int r, char **v, size_t got, char ***out, size_t *n, size_t *total)
{
	if (r) {
		store_strings_free(v, got);
		if (total)
			*total = 0;
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

int store_rows_out(int r, struct store_row *v, size_t got, struct store_row **out, size_t *n, size_t *total)
{
	if (r) {
		for (size_t i = 0; i < got; i++)
			store_row_release(&v[i]);
		free(v);
		*total = 0;
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}

int store_feedback_out(int r, struct store_feedback *v, size_t got, struct store_feedback_avg *avg,
		       struct store_feedback **out, size_t *n, size_t *total)
{
	if (r) {
		for (size_t i = 0; i < got; i++)
			store_feedback_release(&v[i]);
		free(v);
		memset(avg, 0, sizeof(*avg));
		*total = 0;
		return r;
	}
	*out = v;
	*n = got;
	return 0;
}
