/* hub.c - the room hub's life (hub.h): the table of rooms in memory (a
 * room is loaded on first use and dropped a minute after its last
 * connection), the clock that logs what the phase clocks say, the
 * committer's thread, the short-lived threads of judging and of pulls
 * that reach the store, and the entry points of the routes. */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "hub_int.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- threads ---- */

bool hub_stopping(struct hub *h)
{
	pthread_mutex_lock(&h->lock);
	bool s = h->stopping;
	pthread_mutex_unlock(&h->lock);
	return s;
}

int hub_spawn(struct hub *h, void *(*fn)(void *), void *arg)
{
	bool stopping = hub_stopping(h);
	pthread_mutex_lock(&h->tlock);
	if (h->threads >= HUB_THREADS_MAX || stopping) {
		pthread_mutex_unlock(&h->tlock);
		return -EAGAIN;
	}
	h->threads++;
	pthread_mutex_unlock(&h->tlock);
	pthread_attr_t at;
	pthread_t t;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	int e = pthread_create(&t, &at, fn, arg);
	pthread_attr_destroy(&at);
	if (e) {
		hub_thread_done(h);
		return -e;
	}
	return 0;
}

void hub_thread_done(struct hub *h)
{
	pthread_mutex_lock(&h->tlock);
	h->threads--;
	pthread_cond_broadcast(&h->tcond);
	pthread_mutex_unlock(&h->tlock);
}

/* ---- the table ---- */

struct room *hub_room_loaded(struct hub *h, const char *id)
{
	struct room *r = NULL;
	pthread_mutex_lock(&h->lock);
	for (size_t i = 0; i < h->nrooms; i++)
		if (!strcmp(h->rooms[i]->row.id, id)) {
			r = h->rooms[i];
			room_ref(r);
			break;
		}
	pthread_mutex_unlock(&h->lock);
	return r;
}

int hub_room_get(struct hub *h, const char *id, int64_t user_id, bool spectator, struct room **out)
{
	*out = NULL;
	if (!id || strlen(id) > STORE_ROOM_ID_LEN)
		return -ENOENT;
	pthread_mutex_lock(&h->load_lock);
	pthread_mutex_lock(&h->lock);
	int e = h->stopping ? -ESHUTDOWN : 0;
	for (size_t i = 0; !e && i < h->nrooms; i++) {
		if (!strcmp(h->rooms[i]->row.id, id)) {
			*out = h->rooms[i];
			room_ref(*out);
			break;
		}
	}
	pthread_mutex_unlock(&h->lock);
	if (!e && !*out) {
		struct store_room row;
		struct room *r = NULL;
		e = store_room_get(h->store, id, &row);
		if (!e && !spectator && (!user_id || (row.users[0] != user_id && row.users[1] != user_id)))
			e = -ENOENT;
		if (!e)
			e = room_load(h, id, &r);
		pthread_mutex_lock(&h->lock);
		if (!e && h->nrooms == h->cap) {
			size_t ncap = h->cap ? h->cap * 2 : 64;
			struct room **v = realloc(h->rooms, ncap * sizeof(*v));
			if (v) {
				h->rooms = v;
				h->cap = ncap;
			} else {
				e = -ENOMEM;
			}
		}
		if (!e) {
			h->rooms[h->nrooms++] = r;       /* the table's reference */
			room_ref(r);
			*out = r;
			hub_note_who(r);                 /* who is connected to it on the other nodes */
		}
		pthread_mutex_unlock(&h->lock);
		if (e)
			room_unref(r);
	}
	pthread_mutex_unlock(&h->load_lock);
	/* A room loaded while it waited may have its second participant
	 * since: the store says. */
	if (!e && !spectator && room_slot(*out, user_id) < 0 && (*out)->waiting)
		room_refresh(h, *out);
	if (!e && !spectator && room_slot(*out, user_id) < 0) {
		room_unref(*out);
		*out = NULL;
		e = -ENOENT;
	}
	return e;
}

/* Room id as user_id sees it: a participant, or a spectator (whose link
 * the caller checked) while spectators may come in. */
static int view(struct hub *h, const char *id, int64_t user_id, bool spectator, json_t **out)
{
	*out = NULL;
	struct room *r = NULL;
	int e = hub_room_get(h, id, user_id, spectator, &r);
	if (e)
		return e;
	pthread_mutex_lock(&r->lock);
	if (spectator && !watch_admits(r))
		e = -ENOENT;
	else
		*out = room_view(r, spectator ? -1 : room_slot(r, user_id), unix_ms());
	pthread_mutex_unlock(&r->lock);
	room_unref(r);
	return e ? e : *out ? 0 : -ENOMEM;
}

int hub_room_view(struct hub *h, const char *id, int64_t user_id, json_t **out)
{
	return view(h, id, user_id, false, out);
}

int hub_room_watch_view(struct hub *h, const char *id, int64_t user_id, json_t **out)
{
	return view(h, id, user_id, true, out);
}

int hub_room_end(struct hub *h, const char *id, int64_t user_id, struct store_room *row, int64_t *ended_ms)
{
	*ended_ms = 0;
	struct room *r = NULL;
	int e = hub_room_get(h, id, user_id, false, &r);
	if (e)
		return e;
	int64_t now = unix_ms();
	pthread_mutex_lock(&r->lock);
	struct phase_state st;
	phase_clock_at(&r->clock, now, &st);
	/* A room waiting for its second participant has no clock running. */
	if (st.ended && !r->waiting) {
		room_tick(r, now, "midpoint");       /* the end logged now, not at the clock's next tick */
		*ended_ms = st.started_at_ms;
	}
	if (row)
		*row = r->row;
	pthread_mutex_unlock(&r->lock);
	room_unref(r);
	return 0;
}

json_t *hub_room_summary(struct hub *h, const struct store_room *row, int64_t user_id)
{
	const struct bank_entry *b = bank_find(h->app->bank, row->problem);
	const char *title = b && b->p->title ? b->p->title : row->problem;
	json_t *people = json_array();
	bool waiting = !row->users[1];
	for (int k = 0; people && k < 2; k++) {
		if (!row->users[k])
			continue;                    /* a room waiting for its second participant */
		struct store_user u;
		memset(&u, 0, sizeof(u));
		bool ok = store_user_get(h->store, row->users[k], &u) == 0;
		json_array_append_new(people, json_pack("{s:I, s:o, s:s, s:b}", "id", (json_int_t)row->users[k], "username",
							ok ? json_string(u.username) : json_null(), "display_name",
							ok && u.display_name ? u.display_name : "deleted user", "you",
							row->users[k] == user_id));
		store_user_release(&u);
	}
	/* A room ends on schedule at the latest (earlier when both moved on,
	 * which the log says and ended_ms keeps once the hub saw it). */
	struct phase_plan plan;
	int64_t planned_end = INT64_MAX;
	char why[160];
	if (phase_plan_parse(row->plan, &plan, why, sizeof(why)) == 0) {
		struct phase_clock c;
		struct phase_state st;
		phase_clock_init(&c, &plan, row->start_ms, row->first_driver);
		phase_clock_at(&c, INT64_MAX / 2, &st);
		planned_end = st.started_at_ms;
	}
	int64_t ended = row->ended_ms ? row->ended_ms : !waiting && planned_end <= unix_ms() ? planned_end : 0;
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:o, s:I, s:b, s:o, s:b}", "id", row->id, "problem", "slug",
			 row->problem, "title", title, "difficulty", row->difficulty, "language", row->language, "participants",
			 people, "created_at", (json_int_t)row->created_ms, "ended", ended != 0, "ended_at",
			 ended ? json_integer(ended) : json_null(), "waiting", waiting);
}

int hub_conn_new(struct hub *h, const char *id, int64_t user_id, bool spectator, struct hub_conn **out)
{
	*out = NULL;
	struct room *r = NULL;
	int e = hub_room_get(h, id, user_id, spectator, &r);
	if (e)
		return e;
	struct hub_conn *c = calloc(1, sizeof(*c));
	if (!c) {
		room_unref(r);
		return -ENOMEM;
	}
	c->hub = h;
	c->room = r;                             /* hub_room_get's reference */
	c->slot = spectator ? -1 : room_slot(r, user_id);
	*out = c;
	return 0;
}

int hub_ws_user(struct hub *h, const char *id, int64_t user_id, void **user)
{
	struct hub_conn *c = NULL;
	int e = hub_conn_new(h, id, user_id, false, &c);
	*user = c;
	return e;
}

/* ---- the clock ---- */

static void *clock_main(void *arg)
{
	struct hub *h = arg;
	pthread_mutex_lock(&h->lock);
	while (!h->stopping) {
		struct timespec until;
		deadline_ms(CLOCK_REALTIME, HUB_TICK_MS, &until);
		pthread_cond_timedwait(&h->tick, &h->lock, &until);
		if (h->stopping)
			break;
		int64_t now = unix_ms();
		struct room *gone[64];
		size_t ngone = 0;
		for (size_t i = 0; i < h->nrooms;) {
			struct room *r = h->rooms[i];
			pthread_mutex_lock(&r->lock);
			room_tick(r, now, "midpoint");
			room_cursor_flush(r, now, false);
			room_presence_tick(r, now);
			/* Only the table's reference left: no connection, judge,
			 * queued row or caller holds it, and none can take it but
			 * through the table, whose lock is held. */
			bool idle = atomic_load(&r->refs) == 1;
			if (!idle)
				r->idle_since_ms = now;
			bool unload = idle && now - r->idle_since_ms >= HUB_UNLOAD_MS && ngone < 64;
			pthread_mutex_unlock(&r->lock);
			if (unload) {
				gone[ngone++] = r;
				h->rooms[i] = h->rooms[--h->nrooms];
			} else {
				i++;
			}
		}
		pthread_mutex_unlock(&h->lock);
		for (size_t i = 0; i < ngone; i++)
			room_unref(gone[i]);
		pthread_mutex_lock(&h->lock);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* ---- life ---- */

int hub_new(struct app *app, struct hub **out, char *err, size_t errlen)
{
	*out = NULL;
	struct hub *h = calloc(1, sizeof(*h));
	if (!h) {
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	h->app = app;
	h->store = app->store;
	h->snapshot_every = app->cfg.room_snapshot_every ? app->cfg.room_snapshot_every : 100;
	h->cursor_log_ms = app->cfg.room_cursor_log_ms;
	char why[160];
	if (phase_plan_parse(app->cfg.phase_minutes, &h->plan, why, sizeof(why))) {
		str_printf(err, errlen, "PHASE_MINUTES: %s", why);
		free(h);
		return -EINVAL;
	}
	pthread_mutex_init(&h->lock, NULL);
	pthread_mutex_init(&h->load_lock, NULL);
	pthread_mutex_init(&h->watch_lock, NULL);
	pthread_mutex_init(&h->qlock, NULL);
	pthread_mutex_init(&h->tlock, NULL);
	pthread_cond_init(&h->qcond, NULL);
	pthread_cond_init(&h->tcond, NULL);
	pthread_cond_init(&h->tick, NULL);
	int e = hub_sync_start(h, err, errlen);
	if (e) {
		hub_free(h);
		return e;
	}
	e = pthread_create(&h->committer, NULL, hub_committer_main, h);
	h->committer_started = e == 0;
	if (!e) {
		e = pthread_create(&h->clock_thread, NULL, clock_main, h);
		h->clock_started = e == 0;
	}
	if (e) {
		str_printf(err, errlen, "cannot start the room hub's threads: %s", strerror(e));
		hub_free(h);
		return -e;
	}
	*out = h;
	return 0;
}

void hub_free(struct hub *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_cond_broadcast(&h->tick);
	pthread_mutex_unlock(&h->lock);
	if (h->clock_started)
		pthread_join(h->clock_thread, NULL);
	/* Judges stop waiting (their submissions stay in the store and are
	 * judged at the next start); pulls finish. */
	pthread_mutex_lock(&h->tlock);
	while (h->threads)
		pthread_cond_wait(&h->tcond, &h->tlock);
	pthread_mutex_unlock(&h->tlock);
	int64_t now = unix_ms();
	for (size_t i = 0; i < h->nrooms; i++) {
		struct room *r = h->rooms[i];
		pthread_mutex_lock(&r->lock);
		for (struct hub_conn *c = r->conns; c; c = c->next)
			ws_close(c->ws, 1001, "the server is going away");
		room_cursor_flush(r, now, true);     /* the last positions, written with the rest */
		pthread_mutex_unlock(&r->lock);
	}
	/* Whatever was accepted is written before we go. */
	if (h->committer_started) {
		pthread_mutex_lock(&h->qlock);
		h->qstop = true;
		pthread_cond_signal(&h->qcond);
		pthread_mutex_unlock(&h->qlock);
		pthread_join(h->committer, NULL);
	}
	hub_sync_stop(h);                        /* its last notes sent; no other node's heard */
	for (size_t i = 0; i < h->nrooms; i++)
		room_unref(h->rooms[i]);
	free(h->rooms);
	free(h->snaps);
	pthread_cond_destroy(&h->tick);
	pthread_cond_destroy(&h->qcond);
	pthread_cond_destroy(&h->tcond);
	pthread_mutex_destroy(&h->lock);
	pthread_mutex_destroy(&h->load_lock);
	pthread_mutex_destroy(&h->watch_lock);
	pthread_mutex_destroy(&h->qlock);
	pthread_mutex_destroy(&h->tlock);
	pthread_mutex_destroy(&h->olock);
	pthread_cond_destroy(&h->ocond);
	free(h);
}
