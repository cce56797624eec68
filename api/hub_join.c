/* hub_join.c - rooms made by an invite (hub.h): a room of one waits for
 * its second participant, with no phases and no roles (its clock has not
 * started, so it can never run out before the friend comes); the friend
 * joins through the store (store_invite_accept), and a room in memory
 * takes them in: logged as "joined", then its first phase and the roles,
 * as a matched room starts. A waiting room can be deleted by its creator:
 * refused to everyone meanwhile, what it queued written, the store's rows
 * deleted, its connections closed. */
#define _GNU_SOURCE
#include "hub_int.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLUSH_WAIT_MS 30000             /* the longest a cancel waits for the room's rows to be written */

void room_phase(const struct room *r, int64_t now_ms, struct phase_state *st)
{
	if (!r->waiting) {
		phase_clock_at(&r->clock, now_ms, st);
		return;
	}
	memset(st, 0, sizeof(*st));
	st->index = 0;
	st->name = "waiting";
	st->driver = 0;                      /* its creator: alone, it edits */
	st->next_due_ms = INT64_MAX;
}

json_t *room_seat_friend(struct room *r, const struct store_room *row, const struct hub_user *friend, int64_t at_ms)
{
	r->row.users[1] = row->users[1];
	r->row.start_ms = row->start_ms;
	r->row.first_driver = row->first_driver;
	r->users[1] = *friend;
	struct phase_plan plan = r->clock.plan;
	phase_clock_init(&r->clock, &plan, row->start_ms, row->first_driver);
	r->waiting = false;
	struct phase_state st;
	phase_clock_at(&r->clock, at_ms, &st);
	return json_pack("{s:s, s:o, s:o}", "type", "joined", "user", room_user_json(r, 1), "participants",
			 room_people_json(r, &st));
}

/* Take in the second participant (lock held): the room's row and clock
 * as the store has them now, the news logged and sent. */
static void take_in(struct room *r, const struct store_room *row, const struct hub_user *friend, int64_t now_ms)
{
	if (!r->waiting || !row->users[1] || r->deleted)
		return;
	json_t *m = room_seat_friend(r, row, friend, now_ms);
	struct hub_entry *e = hub_entry_new(r, "joined", 1, now_ms, json_pack("{s:o}", "user", room_user_json(r, 1)),
					    false, m);
	if (e)
		hub_queue(r->hub, e);
	else
		fprintf(stderr, "pairbox: room %s: out of memory logging joined\n", r->row.id);
	room_tick(r, now_ms, "start");       /* the first phase, and who drives */
}

int room_refresh(struct hub *h, struct room *r)
{
	struct store_room row;
	int e = store_room_get(h->store, r->row.id, &row);
	if (e || !row.users[1])
		return e;
	struct hub_user friend;
	memset(&friend, 0, sizeof(friend));
	room_load_user(h, &friend, row.users[1]);
	pthread_mutex_lock(&r->lock);
	take_in(r, &row, &friend, unix_ms());
	pthread_mutex_unlock(&r->lock);
	return 0;
}

void hub_room_joined(struct hub *h, const char *id)
{
	struct room *r = hub_room_loaded(h, id);
	if (r && room_refresh(h, r))
		fprintf(stderr, "pairbox: room %s: its second participant could not be read\n", id);
	room_unref(r);
}

/* Wait until every row r queued, and any snapshot of it the committer
 * still holds for its next batch, is written: a row that reached the
 * disk after the room's rows were deleted would be an orphan. An empty
 * entry at the end of the queue is written (it writes nothing) in the
 * batch that takes the snapshots along. */
static void room_flush(struct room *r)
{
	struct hub_entry *e = calloc(1, sizeof(*e));
	pthread_mutex_lock(&r->lock);
	if (e) {
		room_ref(r);
		e->room = r;
		e->nolog = true;
		hub_queue(r->hub, e);
	}
	pthread_mutex_unlock(&r->lock);
	for (int waited = 0; waited < FLUSH_WAIT_MS; waited += 2) {
		pthread_mutex_lock(&r->lock);
		unsigned pending = r->pending;
		pthread_mutex_unlock(&r->lock);
		if (!pending)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 2000000 }, NULL);
	}
	fprintf(stderr, "pairbox: room %s: its log was not written in %d s; deleting it anyway\n", r->row.id,
		FLUSH_WAIT_MS / 1000);
}

int hub_room_cancel(struct hub *h, const char *id, int64_t user_id)
{
	/* No load of it meanwhile: a load between the rows' deletion and the
	 * table's would bring back a room that no longer is. */
	pthread_mutex_lock(&h->load_lock);
	struct room *r = hub_room_loaded(h, id);
	if (r) {
		pthread_mutex_lock(&r->lock);
		r->cancelled = true;             /* nothing more is queued for it */
		pthread_mutex_unlock(&r->lock);
		room_flush(r);
	}
	int e = store_invite_room_delete(h->store, id, user_id);
	if (r) {
		pthread_mutex_lock(&h->lock);
		pthread_mutex_lock(&r->lock);
		r->cancelled = false;
		if (!e) {
			r->deleted = true;
			for (struct hub_conn *c = r->conns; c; c = c->next)
				ws_close(c->ws, 1000, "the room was cancelled by its creator");
			for (size_t i = 0; i < h->nrooms; i++)
				if (h->rooms[i] == r) {
					h->rooms[i] = h->rooms[--h->nrooms];
					room_unref(r);   /* the table's; ours keeps it */
					break;
				}
		}
		pthread_mutex_unlock(&r->lock);
		pthread_mutex_unlock(&h->lock);
	}
	pthread_mutex_unlock(&h->load_lock);
	room_unref(r);
	return e;
}
