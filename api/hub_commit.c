/* hub_commit.c - the room log's group commit (hub_int.h): entries are
 * queued in the order rooms accept them; one committer thread takes
 * whatever is queued, writes it (and the snapshots due) in one
 * transaction, and only then applies each entry's effects under its
 * room's lock: the update into the server's document and the ring, the
 * message to the room's connections. While it writes, new entries queue
 * up for the next batch, so the disk sets the pace, never a timer, and
 * nothing is acknowledged before it is durable.
 *
 * A batch that cannot be written (the disk, the store) is never
 * announced: its rooms are marked broken and dropped from the table,
 * their connections closed (1011), and a room is loaded again from what
 * is durable the next time someone asks for it.
 *
 * Several nodes on one store (hub_sync.c): a row at a (room, seq) another
 * node took first fails the batch with -EEXIST. The batch is then written
 * room by room, so one room's conflict fails no other room's rows; the
 * conflicting room catches up from the log and its rows go again. After
 * each batch, a note tells the other nodes where each room's log ends. */
#define _GNU_SOURCE
#include "app.h"
#include "hub_int.h"
#include "ratings.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hub_entry_free(struct hub_entry *e)
{
	if (!e)
		return;
	free(e->ev.data);
	changeset_free(e->cs);
	free(e->update_json);
	free(e->broadcast);
	if (e->only)
		ws_conn_unref(e->only);
	if (e->pusher)
		ws_conn_unref(e->pusher);
	room_unref(e->room);
	free(e);
}

struct hub_entry *hub_entry_new(struct room *r, const char *kind, int slot, int64_t t_ms, json_t *data, bool state,
				json_t *msg)
{
	struct hub_entry *e = calloc(1, sizeof(*e));
	size_t len = 0;
	char *text = data ? room_dump(data, &len) : strdup("{}");
	char *bc = msg ? room_dump(msg, &len) : NULL;
	if (!e || !text || (msg && !bc)) {
		free(e);
		free(text);
		free(bc);
		return NULL;
	}
	room_ref(r);
	e->room = r;
	str_copy(e->ev.room, sizeof(e->ev.room), r->row.id);
	e->ev.seq = r->next_seq++;
	e->ev.version = r->head_version;
	e->ev.user_id = slot >= 0 ? r->row.users[slot] : 0;
	e->ev.t_ms = t_ms;
	str_copy(e->ev.kind, sizeof(e->ev.kind), kind);
	e->ev.state = state;
	e->ev.data = text;
	e->broadcast = bc;
	return e;
}

int room_queue_reply(struct room *r, struct ws_conn *to, json_t *msg)
{
	struct hub_entry *e = calloc(1, sizeof(*e));
	size_t len = 0;
	char *text = room_dump(msg, &len);
	if (!e || !text) {
		free(e);
		free(text);
		return -ENOMEM;
	}
	room_ref(r);
	ws_conn_ref(to);
	e->room = r;
	e->nolog = true;
	e->only = to;
	e->broadcast = text;
	hub_queue(r->hub, e);
	return 0;
}

void hub_queue(struct hub *h, struct hub_entry *e)
{
	e->room->pending++;
	hub_queue_again(h, e);
}

void hub_queue_again(struct hub *h, struct hub_entry *e)
{
	e->next = NULL;
	pthread_mutex_lock(&h->qlock);
	if (h->qtail)
		h->qtail->next = e;
	else
		h->qhead = e;
	h->qtail = e;
	pthread_cond_signal(&h->qcond);
	pthread_mutex_unlock(&h->qlock);
}

char *hub_updates_text(int64_t from, char *const *texts, size_t n)
{
	char head[64];
	str_printf(head, sizeof(head), "{\"type\":\"updates\",\"version\":%lld,\"updates\":[", (long long)from);
	size_t len = strlen(head) + 3;
	for (size_t i = 0; i < n; i++)
		len += strlen(texts[i]) + 1;
	char *out = malloc(len);
	if (!out)
		return NULL;
	size_t at = strlen(head);
	memcpy(out, head, at);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(texts[i]);
		if (i)
			out[at++] = ',';
		memcpy(out + at, texts[i], l);
		at += l;
	}
	memcpy(out + at, "]}", 3);
	return out;
}

int room_queue_updates(struct room *r, int slot, const char *const *client_ids, json_t *const *changes,
		       struct changeset **cs, size_t n, int64_t now_ms, struct ws_conn *pusher)
{
	struct hub_entry **ents = calloc(n, sizeof(*ents));
	char **texts = calloc(n, sizeof(*texts));
	int64_t seq0 = r->next_seq, version0 = r->head_version;
	int e = ents && texts ? 0 : -ENOMEM;
	for (size_t i = 0; !e && i < n; i++) {
		json_t *c = changes ? json_incref(changes[i]) : changeset_to_json(cs[i]);
		json_t *data = c ? json_pack("{s:s, s:o}", "clientID", client_ids[i], "changes", c) : NULL;
		size_t len = 0;
		char *uj = data ? room_update_json(r, data, slot, now_ms, &len) : NULL;
		if (!uj) {
			json_decref(data);
			e = -ENOMEM;
			break;
		}
		r->head_version++;
		if (!(ents[i] = hub_entry_new(r, "update", slot, now_ms, data, false, NULL))) {
			free(uj);
			e = -ENOMEM;
			break;
		}
		ents[i]->cs = cs[i];
		cs[i] = NULL;
		ents[i]->update_json = texts[i] = uj;
	}
	if (!e && !(ents[n - 1]->broadcast = hub_updates_text(version0, texts, n)))
		e = -ENOMEM;
	if (e) {
		for (size_t i = 0; i < n; i++) {
			if (ents && ents[i])
				hub_entry_free(ents[i]);
			else
				changeset_free(cs[i]);
		}
		r->next_seq = seq0;
		r->head_version = version0;
	} else {
		r->head_len = ents[n - 1]->cs->len_after;
		if (pusher) {
			ws_conn_ref(pusher);
			ents[n - 1]->pusher = pusher;
		}
		for (size_t i = 0; i < n; i++)
			hub_queue(r->hub, ents[i]);
	}
	free(ents);
	free(texts);
	return e;
}

void room_broadcast(struct room *r, const char *text, size_t len)
{
	for (struct hub_conn *c = r->conns; c; c = c->next)
		ws_send_text(c->ws, text, len);
}

/* ---- the committer ---- */

/* After an entry is durable (room lock held): its effects, and the
 * room's snapshot when one is due (written with the next batch). */
static void apply_entry(struct hub *h, struct hub_entry *e)
{
	struct room *r = e->room;
	if (!e->nolog) {
		r->applied_seq = e->ev.seq;
		room_log_state(r, e->ev.kind, e->ev.data, false);
	}
	if (e->cs) {
		struct room_err err = { 0 };
		if (room_doc_apply(r->doc, e->cs, &err)) {
			/* Checked against the head when accepted: cannot happen
			 * but for memory. Close the room rather than diverge. */
			fprintf(stderr, "pairbox: room %s: a durable update did not apply: %s\n", r->row.id, err.message);
			r->broken = true;
			return;
		}
		r->version = e->ev.version;
		room_ring_push(r, r->version, e->cs, e->update_json, strlen(e->update_json));
		e->cs = NULL;
		e->update_json = NULL;
		if (r->version - r->snap_version >= h->snapshot_every && h->nsnaps < 1024) {
			size_t n = room_doc_len(r->doc);
			uint16_t *units = malloc(n ? n * sizeof(*units) : 1);
			struct store_room_snapshot *v = realloc(h->snaps, (h->nsnaps + 1) * sizeof(*v));
			if (v)
				h->snaps = v;
			if (units && v && room_doc_utf16(r->doc, 0, n, units) == 0) {
				struct store_room_snapshot *s = &h->snaps[h->nsnaps++];
				memset(s, 0, sizeof(*s));
				str_copy(s->room, sizeof(s->room), r->row.id);
				s->version = r->version;
				s->units = units;
				s->n = n;
				s->t_ms = unix_ms();
				r->snap_version = r->version;
			} else {
				free(units);
			}
		}
	}
	if (e->broadcast && e->only)
		ws_send_text(e->only, e->broadcast, strlen(e->broadcast));
	else if (e->broadcast)
		room_broadcast(r, e->broadcast, strlen(e->broadcast));
	if (e->broadcast && !strcmp(e->ev.kind, "chat"))
		room_chat_push(r, strdup(e->broadcast));
}

void hub_break_room(struct hub *h, struct room *r)
{
	pthread_mutex_lock(&h->lock);
	for (size_t i = 0; i < h->nrooms; i++) {
		if (h->rooms[i] == r) {
			h->rooms[i] = h->rooms[--h->nrooms];
			room_unref(r);               /* the table's; the entry's reference keeps it */
			break;
		}
	}
	pthread_mutex_unlock(&h->lock);
	pthread_mutex_lock(&r->lock);
	r->broken = true;
	for (struct hub_conn *c = r->conns; c; c = c->next)
		ws_close(c->ws, 1011, "the room could not be saved; reconnect");
	pthread_mutex_unlock(&r->lock);
}

/* The rows of list (rooms not broken) into ev and marks: their numbers. */
static void batch_rows(struct hub_entry *list, const struct room *only, struct store_room_event *ev, size_t *nev,
		       struct store_room_mark *marks, size_t *nmarks)
{
	*nev = *nmarks = 0;
	for (struct hub_entry *e = list; e; e = e->next) {
		/* A broken room's later entries follow rows that were lost. */
		if (e->room->broken || e->nolog || (only && e->room != only))
			continue;
		ev[(*nev)++] = e->ev;
		if (e->has_mark)
			marks[(*nmarks)++] = e->mark;
	}
}

/* After a conflict: each room's rows in a transaction of their own, so
 * that only the rooms whose place was taken fail (marked conflict, to
 * catch up); a room whose rows fail otherwise is broken. Then the
 * snapshots. */
static void write_apart(struct hub *h, struct hub_entry *list, struct store_room_event *ev,
			struct store_room_mark *marks)
{
	static unsigned batch;
	batch++;
	for (struct hub_entry *e = list; e; e = e->next) {
		struct room *rm = e->room;
		if (rm->batch_mark == batch || rm->broken)
			continue;
		rm->batch_mark = batch;
		size_t nev, nmarks;
		batch_rows(e, rm, ev, &nev, marks, &nmarks);
		if (!nev)
			continue;
		struct store_room_batch b = { ev, nev, NULL, 0, marks, nmarks };
		int r = store_room_write(h->store, &b);
		if (r == -EEXIST) {
			rm->conflict = true;
		} else if (r) {
			fprintf(stderr, "pairbox: room %s: its log could not be written (%s): %zu rows not acknowledged\n",
				rm->row.id, strerror(-r), nev);
			hub_break_room(h, rm);
		}
	}
	struct store_room_batch b = { NULL, 0, h->snaps, h->nsnaps, NULL, 0 };
	if (h->nsnaps && store_room_write(h->store, &b))
		fprintf(stderr, "pairbox: %zu snapshots could not be written (the log has every update)\n", h->nsnaps);
}

/* The last row each room of the batch wrote, for the other nodes. */
struct written {
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t seq;
};

static void note_written(struct written *w, size_t *n, const struct hub_entry *e)
{
	for (size_t i = 0; i < *n; i++) {
		if (!strcmp(w[i].room, e->ev.room)) {
			w[i].seq = e->ev.seq;
			return;
		}
	}
	str_copy(w[*n].room, sizeof(w[*n].room), e->ev.room);
	w[(*n)++].seq = e->ev.seq;
}

static void write_batch(struct hub *h, struct hub_entry *list)
{
	size_t n = 0;
	for (struct hub_entry *e = list; e; e = e->next)
		n++;
	struct store_room_event *ev = calloc(n ? n : 1, sizeof(*ev));
	struct store_room_mark *marks = calloc(n ? n : 1, sizeof(*marks));
	struct written *written = h->shared ? calloc(n ? n : 1, sizeof(*written)) : NULL;
	struct room **conflicts = calloc(n ? n : 1, sizeof(*conflicts));
	size_t nev = 0, nmarks = 0, nwritten = 0, nconflicts = 0;
	int r = -ENOMEM;
	if (ev && marks && conflicts && (written || !h->shared)) {
		batch_rows(list, NULL, ev, &nev, marks, &nmarks);
		struct store_room_batch b = { ev, nev, h->snaps, h->nsnaps, marks, nmarks };
		r = store_room_write(h->store, &b);
		if (r == -EEXIST) {
			write_apart(h, list, ev, marks);
			r = 0;
		}
	}
	for (size_t i = 0; i < h->nsnaps; i++)
		free((void *)h->snaps[i].units);
	h->nsnaps = 0;
	free(ev);
	free(marks);
	if (r) {
		fprintf(stderr, "pairbox: the room log could not be written (%s): %zu rows not acknowledged\n",
			strerror(-r), nev);
		for (struct hub_entry *e = list; e; e = e->next)
			if (!e->room->broken)
				hub_break_room(h, e->room);
	}
	while (list) {
		struct hub_entry *e = list;
		list = e->next;
		struct room *rm = e->room;
		if (!r && rm->conflict && !rm->broken) {
			/* Its place was taken: it goes again after the catch-up. */
			e->next = NULL;
			if (!rm->failed) {
				conflicts[nconflicts++] = rm;
				room_ref(rm);
				rm->failed = e;
			} else {
				rm->failed_tail->next = e;
			}
			rm->failed_tail = e;
			continue;
		}
		/* A room's end is durable (and queued for rating with it, in the
		 * same transaction): the ratings' thread takes it now. */
		if (!r && e->has_mark && e->mark.ended_ms > 0 && !rm->broken)
			ratings_room_ended(h->app->ratings);
		if (!r && !rm->broken && !e->nolog && written)
			note_written(written, &nwritten, e);
		pthread_mutex_lock(&rm->lock);
		bool was_broken = rm->broken;
		if (!r && !rm->broken)
			apply_entry(h, e);
		bool broke = !was_broken && rm->broken;
		rm->pending--;
		pthread_mutex_unlock(&rm->lock);
		if (broke)
			hub_break_room(h, rm);
		hub_entry_free(e);
	}
	for (size_t i = 0; i < nwritten; i++)
		hub_note_log(h, written[i].room, written[i].seq);
	for (size_t i = 0; i < nconflicts; i++) {
		struct room *rm = conflicts[i];
		struct hub_entry *failed = rm->failed;
		rm->failed = rm->failed_tail = NULL;
		rm->conflict = false;
		hub_catch_up(h, rm, failed);
		room_unref(rm);
	}
	free(written);
	free(conflicts);
}

void *hub_committer_main(void *arg)
{
	struct hub *h = arg;
	for (;;) {
		pthread_mutex_lock(&h->qlock);
		while (!h->qhead && !h->qstop && !h->nwant && !h->want_all)
			pthread_cond_wait(&h->qcond, &h->qlock);
		if (h->nwant || h->want_all) {
			/* Other nodes wrote: catch up first, so fewer of our rows
			 * collide with theirs. */
			pthread_mutex_unlock(&h->qlock);
			hub_catch_up_wanted(h);
			pthread_mutex_lock(&h->qlock);
		}
		struct hub_entry *list = h->qhead;
		h->qhead = h->qtail = NULL;
		bool stop = h->qstop;
		pthread_mutex_unlock(&h->qlock);
		if (list || h->nsnaps)
			write_batch(h, list);
		if (stop && !list)
			return NULL;
	}
}
