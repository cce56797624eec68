/* hub_sync.c - several `pairbox serve` nodes on one store share rooms
 * (docs/realtime.md "Several nodes"). Each node keeps its own copy of a
 * room it has loaded; the room's log is the truth they share, and its
 * (room, seq) key decides every race: a node that writes at a place
 * another node took first fails (-EEXIST), catches up from the log and
 * goes again (hub_catch_up), so a room never forks.
 *
 * Notes (store_notify) keep the copies close:
 * - "room_log" ("ROOM SEQ NODE"): a node wrote ROOM's log up to SEQ. A
 *   node that has the room loaded catches up on it, on its committer's
 *   thread, between two batches. A NULL note (the listener was away and
 *   may have missed some) catches up every loaded room.
 * - "room_live" ("ROOM NODE ID I N SLOT\n" and a piece of a message): a
 *   message that is not logged but must reach the room's connections on
 *   the other nodes (presence, cursors, the call's signals, a submit's
 *   progress, spectator settings), in N pieces of at most NOTE_PIECE
 *   bytes (a signal's description may pass a note's limit); SLOT >= 0:
 *   only to that participant's connections. "who" asks the other nodes
 *   who is connected (a room just loaded there).
 * Notes are sent by a thread of their own (the outbox), so neither the
 * WebSocket thread nor the committer waits for the network.
 *
 * With a store that is not shared (SQLite) nothing here runs: no
 * listener, no notes, and a batch never conflicts. */
#define _GNU_SOURCE
#include "hub_int.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define LOG_CHANNEL "room_log"
#define LIVE_CHANNEL "room_live"
#define NOTE_PIECE 7000                  /* bytes of a message in one note (STORE_NOTE_MAX less a header) */
#define LIVE_MAX (64 * 1024)             /* bytes of one live message, all its pieces */
#define CATCH_UP_CHUNK 1000              /* rows read from the log at a time */
#define CATCH_UP_MAX 100000              /* rows a catch-up applies; past it the room is loaded again */
#define UPDATES_PER_MESSAGE 256          /* updates of another node's in one "updates" message */

/* The store's listeners outlive the hub (until store_close): they reach
 * it through this, which hub_sync_stop empties under its lock. */
static struct {
	pthread_mutex_t lock;
	struct hub *h;
} ear = { PTHREAD_MUTEX_INITIALIZER, NULL };

/* ---- the outbox ---- */

static void outbox_put(struct hub *h, const char *channel, const char *payload, size_t len, bool droppable)
{
	struct hub_note *n = malloc(sizeof(*n) + len + 1);
	if (!n)
		return;
	n->next = NULL;
	str_copy(n->channel, sizeof(n->channel), channel);
	n->droppable = droppable;
	memcpy(n->payload, payload, len);
	n->payload[len] = '\0';
	pthread_mutex_lock(&h->olock);
	if (h->ostop || (droppable && h->on >= HUB_OUTBOX_MAX)) {
		pthread_mutex_unlock(&h->olock);
		free(n);
		return;
	}
	if (h->otail)
		h->otail->next = n;
	else
		h->ohead = n;
	h->otail = n;
	h->on++;
	pthread_cond_signal(&h->ocond);
	pthread_mutex_unlock(&h->olock);
}

static void *notifier_main(void *arg)
{
	struct hub *h = arg;
	pthread_mutex_lock(&h->olock);
	for (;;) {
		while (!h->ohead && !h->ostop)
			pthread_cond_wait(&h->ocond, &h->olock);
		struct hub_note *n = h->ohead;
		if (!n)
			break;
		h->ohead = n->next;
		if (!h->ohead)
			h->otail = NULL;
		h->on--;
		pthread_mutex_unlock(&h->olock);
		int e = store_notify(h->store, n->channel, n->payload);
		if (e)
			fprintf(stderr, "pairbox: a note to the other nodes was not sent (%s)\n", strerror(-e));
		free(n);
		pthread_mutex_lock(&h->olock);
	}
	pthread_mutex_unlock(&h->olock);
	return NULL;
}

void hub_note_log(struct hub *h, const char *room, int64_t seq)
{
	if (!h->shared)
		return;
	char p[96];
	int n = snprintf(p, sizeof(p), "%s %" PRId64 " %016" PRIx64, room, seq, h->node);
	outbox_put(h, LOG_CHANNEL, p, (size_t)n, false);
}

void hub_note_live(struct room *r, int slot, const char *text, size_t len, bool droppable)
{
	struct hub *h = r->hub;
	if (!h->shared || !len || len > LIVE_MAX)
		return;
	/* The pieces first (a note is text: a piece never splits a UTF-8
	 * sequence), so that each says how many there are. */
	size_t cut[LIVE_MAX / (NOTE_PIECE / 2) + 2];
	unsigned n = 0;
	cut[0] = 0;
	for (size_t at = 0; at < len; n++) {
		size_t piece = len - at > NOTE_PIECE ? NOTE_PIECE : len - at;
		while (at + piece < len && piece > 1 && ((unsigned char)text[at + piece] & 0xc0) == 0x80)
			piece--;
		at += piece;
		cut[n + 1] = at;
	}
	pthread_mutex_lock(&h->olock);
	uint64_t id = ++h->note_seq;
	pthread_mutex_unlock(&h->olock);
	char *p = malloc(NOTE_PIECE + 128);
	for (unsigned i = 0; p && i < n; i++) {
		int hl = snprintf(p, 128, "%s %016" PRIx64 " %" PRIu64 " %u %u %d\n", r->row.id, h->node, id, i, n,
				  slot);
		memcpy(p + hl, text + cut[i], cut[i + 1] - cut[i]);
		outbox_put(h, LIVE_CHANNEL, p, (size_t)hl + cut[i + 1] - cut[i], droppable);
	}
	free(p);
}

void hub_note_who(struct room *r)
{
	static const char who[] = "{\"type\":\"who\"}";
	hub_note_live(r, -1, who, sizeof(who) - 1, false);
}

/* ---- presence across nodes ---- */

bool room_online(const struct room *r, int slot)
{
	return slot >= 0 && slot <= 1 && (r->online[slot] || room_online_elsewhere(r, slot));
}

bool room_online_elsewhere(const struct room *r, int slot)
{
	if (slot < 0 || slot > 1)
		return false;
	for (size_t i = 0; i < HUB_NODES_MAX; i++)
		if (r->remote[i].node && r->remote[i].online[slot])
			return true;
	return false;
}

/* Node's entry in r's presence table (a new one, the oldest replaced, if
 * it has none). */
static size_t remote_of(struct room *r, uint64_t node)
{
	size_t free_at = HUB_NODES_MAX;
	for (size_t i = 0; i < HUB_NODES_MAX; i++) {
		if (r->remote[i].node == node)
			return i;
		if (!r->remote[i].node && free_at == HUB_NODES_MAX)
			free_at = i;
	}
	if (free_at == HUB_NODES_MAX) {
		memmove(&r->remote[0], &r->remote[1], (HUB_NODES_MAX - 1) * sizeof(r->remote[0]));
		free_at = HUB_NODES_MAX - 1;
	}
	memset(&r->remote[free_at], 0, sizeof(r->remote[0]));
	r->remote[free_at].node = node;
	return free_at;
}

/* ---- live notes heard ---- */

/* Send text to r's connections of slot (-1: every one). */
static void send_local(struct room *r, int slot, const char *text, size_t len)
{
	for (struct hub_conn *c = r->conns; c; c = c->next)
		if (slot < 0 || c->slot == slot)
			ws_send_text(c->ws, text, len);
}

/* The signals that waited for slot go to the node where it connected. */
static void signals_to_remote(struct room *r, int slot)
{
	struct hub_signal_queue *q = &r->signals[slot];
	for (struct hub_signal *s = q->head; s; s = s->next)
		hub_note_live(r, slot, s->text, s->len, false);
	hub_signal_queue_free(q);
}

static void live_presence(struct room *r, uint64_t node, json_t *m, const char *text, size_t len)
{
	int slot = room_slot(r, json_integer_value(json_object_get(json_object_get(m, "user"), "id")));
	if (json_object_get(m, "role") || slot < 0) {
		send_local(r, -1, text, len);            /* a spectator's */
		return;
	}
	bool online = json_is_true(json_object_get(m, "online"));
	bool before = room_online(r, slot);
	size_t i = remote_of(r, node);
	r->remote[i].online[slot] = online;
	r->remote[i].heard_ms = unix_ms();
	if (before != room_online(r, slot))
		send_local(r, -1, text, len);
	if (online && r->signals[slot].n)
		signals_to_remote(r, slot);
}

/* A cursor at the sender's version, mapped to ours when we are ahead. */
static void live_cursor(struct room *r, json_t *m, const char *text, size_t len)
{
	int64_t v = json_integer_value(json_object_get(m, "version"));
	int64_t from = r->ring_n ? r->ring[r->ring_first].version - 1 : r->version;
	if (v >= r->version || v < from) {
		send_local(r, -1, text, len);
		return;
	}
	uint32_t a = (uint32_t)json_integer_value(json_object_get(m, "anchor"));
	uint32_t hd = (uint32_t)json_integer_value(json_object_get(m, "head"));
	for (size_t i = 0; i < r->ring_n; i++) {
		const struct hub_update *u = &r->ring[(r->ring_first + i) % HUB_RING];
		if (u->version > v)
			changeset_map_range(u->cs, &a, &hd, -1);
	}
	json_object_set_new(m, "anchor", json_integer(a));
	json_object_set_new(m, "head", json_integer(hd));
	json_object_set_new(m, "version", json_integer(r->version));
	size_t n = 0;
	char *t = room_dump(json_incref(m), &n);
	if (t)
		send_local(r, -1, t, n);
	free(t);
}

/* Tell the other nodes who is connected here. */
static void tell_presence(struct room *r)
{
	for (int slot = 0; slot < 2; slot++) {
		if (!r->online[slot])
			continue;
		size_t len = 0;
		char *t = room_dump(json_pack("{s:s, s:o, s:b}", "type", "presence", "user", room_user_json(r, slot),
					      "online", true), &len);
		if (t)
			hub_note_live(r, -1, t, len, false);
		free(t);
	}
}

/* Another node changed the spectator settings (its message says them):
 * ours follow, and our spectators go when they are no longer allowed. */
static void live_spectators(struct room *r, json_t *m, const char *text, size_t len)
{
	json_t *sp = json_object_get(m, "spectators"), *x;
	size_t i;
	json_array_foreach(json_object_get(sp, "consent"), i, x) {
		int slot = room_slot(r, json_integer_value(json_object_get(json_object_get(x, "user"), "id")));
		if (slot >= 0)
			r->watch.consent[slot] = json_is_true(json_object_get(x, "allow"));
	}
	bool was = r->watch.allowed;
	r->watch.allowed = json_is_true(json_object_get(sp, "allowed"));
	send_local(r, -1, text, len);
	if (was && !r->watch.allowed) {
		r->watch_gen++;
		for (struct hub_conn *c = r->conns; c; c = c->next)
			if (c->spectator)
				ws_close(c->ws, 1008, "the participants no longer allow spectators");
	}
}

void room_presence_tick(struct room *r, int64_t now_ms)
{
	if (!r->hub->shared)
		return;
	if (now_ms - r->presence_told_ms >= HUB_PRESENCE_EVERY_MS) {
		r->presence_told_ms = now_ms;
		tell_presence(r);
	}
	for (size_t i = 0; i < HUB_NODES_MAX; i++) {
		if (!r->remote[i].node || now_ms - r->remote[i].heard_ms < HUB_PRESENCE_TTL_MS)
			continue;
		bool before[2] = { room_online(r, 0), room_online(r, 1) };
		memset(&r->remote[i], 0, sizeof(r->remote[i]));
		for (int slot = 0; slot < 2; slot++) {
			if (!before[slot] || room_online(r, slot))
				continue;
			size_t len = 0;
			char *t = room_dump(json_pack("{s:s, s:o, s:b}", "type", "presence", "user", room_user_json(r, slot),
						      "online", false), &len);
			if (t)
				send_local(r, -1, t, len);
			free(t);
		}
	}
}

static void live_deliver(struct hub *h, const char *room, uint64_t node, int slot, const char *text, size_t len)
{
	struct room *r = hub_room_loaded(h, room);
	if (!r)
		return;
	json_t *m = json_loadb(text, len, 0, NULL);
	const char *type = json_string_value(json_object_get(m, "type"));
	pthread_mutex_lock(&r->lock);
	if (!type || r->broken || r->deleted)
		;
	else if (!strcmp(type, "who"))
		tell_presence(r);
	else if (!strcmp(type, "presence"))
		live_presence(r, node, m, text, len);
	else if (!strcmp(type, "cursor"))
		live_cursor(r, m, text, len);
	else if (!strcmp(type, "spectators"))
		live_spectators(r, m, text, len);
	else
		send_local(r, slot, text, len);
	pthread_mutex_unlock(&r->lock);
	json_decref(m);
	room_unref(r);
}

/* A piece of a live note: delivered whole once every piece is in. */
static void on_live(struct hub *h, const char *payload)
{
	char room[STORE_ROOM_ID_LEN + 1];
	uint64_t node, id;
	unsigned i, n;
	int slot, at = 0;
	if (sscanf(payload, "%16s %" SCNx64 " %" SCNu64 " %u %u %d%n", room, &node, &id, &i, &n, &slot, &at) != 6 ||
	    payload[at] != '\n' || node == h->node || !n || i >= n || slot < -1 || slot > 1)
		return;
	const char *piece = payload + at + 1;
	size_t len = strlen(piece);
	if (n == 1) {
		live_deliver(h, room, node, slot, piece, len);
		return;
	}
	struct hub_part *p = NULL;
	for (size_t k = 0; k < sizeof(h->parts) / sizeof(h->parts[0]) && !p; k++)
		if (h->parts[k].text && h->parts[k].node == node && h->parts[k].id == id)
			p = &h->parts[k];
	if (!p && i == 0) {
		p = &h->parts[0];
		for (size_t k = 0; k < sizeof(h->parts) / sizeof(h->parts[0]); k++)
			if (!h->parts[k].text) {
				p = &h->parts[k];
				break;
			}
		free(p->text);
		*p = (struct hub_part){ .node = node, .id = id, .text = malloc(LIVE_MAX + 1) };
		if (!p->text)
			return;
	}
	/* Pieces of one note come in order (one sender, one thread). */
	if (!p || p->got != i || p->len + len > LIVE_MAX) {
		if (p) {
			free(p->text);
			memset(p, 0, sizeof(*p));
		}
		return;
	}
	memcpy(p->text + p->len, piece, len);
	p->len += len;
	p->got++;
	if (p->got == n) {
		p->text[p->len] = '\0';
		live_deliver(h, room, node, slot, p->text, p->len);
		free(p->text);
		memset(p, 0, sizeof(*p));
	}
}

/* ---- log notes heard ---- */

static void want(struct hub *h, const char *room, int64_t seq)
{
	pthread_mutex_lock(&h->qlock);
	size_t i = 0;
	while (i < h->nwant && strcmp(h->want[i].room, room))
		i++;
	if (i < h->nwant) {
		if (seq > h->want[i].seq)
			h->want[i].seq = seq;
	} else if (h->nwant < HUB_WANT_MAX) {
		str_copy(h->want[i].room, sizeof(h->want[i].room), room);
		h->want[i].seq = seq;
		h->nwant++;
	} else {
		h->want_all = true;
	}
	pthread_cond_signal(&h->qcond);
	pthread_mutex_unlock(&h->qlock);
}

static void on_log(struct hub *h, const char *payload)
{
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t seq;
	uint64_t node;
	if (!payload) {
		pthread_mutex_lock(&h->qlock);
		h->want_all = true;
		pthread_cond_signal(&h->qcond);
		pthread_mutex_unlock(&h->qlock);
		return;
	}
	if (sscanf(payload, "%16s %" SCNd64 " %" SCNx64, room, &seq, &node) != 3 || node == h->node)
		return;
	struct room *r = hub_room_loaded(h, room);
	if (r)
		want(h, room, seq);
	room_unref(r);
}

static void on_note(void *ctx, const char *channel, const char *payload)
{
	(void)ctx;
	pthread_mutex_lock(&ear.lock);
	struct hub *h = ear.h;
	if (h && !strcmp(channel, LOG_CHANNEL))
		on_log(h, payload);
	else if (h && payload)
		on_live(h, payload);
	else if (h) {
		/* Notes were missed: presence may have changed unseen. */
		pthread_mutex_lock(&h->lock);
		for (size_t i = 0; i < h->nrooms; i++)
			hub_note_who(h->rooms[i]);
		pthread_mutex_unlock(&h->lock);
	}
	pthread_mutex_unlock(&ear.lock);
}

/* ---- catching up ---- */

void hub_catch_up_wanted(struct hub *h)
{
	pthread_mutex_lock(&h->qlock);
	size_t n = h->nwant;
	bool all = h->want_all;
	struct { char room[STORE_ROOM_ID_LEN + 1]; int64_t seq; } *v = malloc((n ? n : 1) * sizeof(*v));
	if (v)
		memcpy(v, h->want, n * sizeof(*v));
	else
		all = true;
	h->nwant = 0;
	h->want_all = false;
	pthread_mutex_unlock(&h->qlock);
	struct room **rooms = NULL;
	size_t nrooms = 0;
	pthread_mutex_lock(&h->lock);
	rooms = calloc(h->nrooms ? h->nrooms : 1, sizeof(*rooms));
	for (size_t i = 0; rooms && i < h->nrooms; i++) {
		struct room *r = h->rooms[i];
		bool named = all;
		/* applied_seq is the committer's own: no lock needed to read it. */
		for (size_t k = 0; !named && v && k < n; k++)
			named = !strcmp(v[k].room, r->row.id) && v[k].seq > r->applied_seq;
		if (named) {
			room_ref(r);
			rooms[nrooms++] = r;
		}
	}
	pthread_mutex_unlock(&h->lock);
	for (size_t i = 0; i < nrooms; i++) {
		hub_catch_up(h, rooms[i], NULL);
		room_unref(rooms[i]);
	}
	free(rooms);
	free(v);
}

/* What catching up one room keeps as it goes. */
struct catch_up {
	char *texts[UPDATES_PER_MESSAGE];    /* another node's updates not yet sent (the ring owns them) */
	size_t ntexts;
	int64_t from;
	bool moved;                           /* the document moved */
	bool joined;                          /* another node took the second participant in */
};

static void flush_updates(struct room *r, struct catch_up *cu)
{
	if (!cu->ntexts)
		return;
	char *text = hub_updates_text(cu->from, cu->texts, cu->ntexts);
	if (text)
		room_broadcast(r, text, strlen(text));
	free(text);
	cu->ntexts = 0;
}

static void send_all(struct room *r, json_t *m)
{
	size_t len = 0;
	char *text = room_dump(m, &len);
	if (text)
		room_broadcast(r, text, len);
	free(text);
}

/* Another node's update: into the document, the ring and the next
 * "updates" message. 0 or -EIO (it does not apply: the room is reloaded). */
static int foreign_update(struct room *r, const struct store_room_event *ev, json_t *d, struct catch_up *cu)
{
	struct changeset *cs = NULL;
	struct room_err err = { 0 };
	if (ev->version != r->version + 1 || changeset_parse(json_object_get(d, "changes"), &cs, &err) ||
	    room_doc_apply(r->doc, cs, &err)) {
		fprintf(stderr, "pairbox: room %s: another node's update %" PRId64 " does not apply: %s\n", r->row.id,
			ev->version, err.message[0] ? err.message : "not the next version");
		changeset_free(cs);
		return -EIO;
	}
	size_t len = 0;
	char *json = room_update_json(r, d, room_slot(r, ev->user_id), ev->t_ms, &len);
	if (!json) {
		changeset_free(cs);
		return -EIO;
	}
	if (!cu->ntexts)
		cu->from = r->version;
	r->version = ev->version;
	room_ring_push(r, r->version, cs, json, len);
	cu->texts[cu->ntexts++] = json;
	cu->moved = true;
	if (cu->ntexts == UPDATES_PER_MESSAGE)
		flush_updates(r, cu);
	return 0;
}

/* Another node's row, applied and announced as if it were ours (lock
 * held): 0 or -EIO. */
static int foreign_row(struct room *r, const struct store_room_event *ev, const struct store_room *row,
		       const struct hub_user *friend, struct catch_up *cu)
{
	const char *k = ev->kind;
	json_t *d = json_loads(ev->data, 0, NULL);
	int slot = room_slot(r, ev->user_id);
	int e = 0;
	if (!d) {
		fprintf(stderr, "pairbox: room %s: row %" PRId64 " of the log is not JSON\n", r->row.id, ev->seq);
		return -EIO;
	}
	if (strcmp(k, "update"))
		flush_updates(r, cu);
	if (!strcmp(k, "joined"))
		cu->joined = true;
	if (!strcmp(k, "update")) {
		e = foreign_update(r, ev, d, cu);
	} else if (!strcmp(k, "chat")) {
		char *text = room_chat_text(r, ev);
		if (text) {
			room_broadcast(r, text, strlen(text));
			room_chat_push(r, text);
		}
	} else if (!strcmp(k, "run") || !strcmp(k, "submit")) {
		send_all(r, json_incref(d));
	} else if (!strcmp(k, "run-result") || !strcmp(k, "submit-result")) {
		json_object_set_new(d, "type", json_string(k));
		send_all(r, json_incref(d));
	} else if ((!strcmp(k, "swap") || !strcmp(k, "next")) && slot >= 0) {
		bool swap = !strcmp(k, "swap");
		int got = swap ? phase_clock_ask_swap(&r->clock, slot, ev->t_ms)
			       : phase_clock_ask_next(&r->clock, slot, ev->t_ms);
		if (got == 0)
			send_all(r, json_pack("{s:s, s:o}", "type", swap ? "swap-requested" : "next-requested", "by",
					      room_user_json(r, slot)));
	} else if (!strcmp(k, "mode") && json_is_string(json_object_get(d, "mode"))) {
		r->both = !strcmp(json_string_value(json_object_get(d, "mode")), "both");
		send_all(r, json_pack("{s:s, s:O, s:o}", "type", "mode", "mode", json_object_get(d, "mode"), "by",
				      room_user_json(r, slot)));
	} else if (!strcmp(k, "language") && json_is_string(json_object_get(d, "language"))) {
		str_copy(r->language, sizeof(r->language), json_string_value(json_object_get(d, "language")));
		send_all(r, json_pack("{s:s, s:O, s:o}", "type", "language", "language", json_object_get(d, "language"),
				      "by", room_user_json(r, slot)));
	} else if (!strcmp(k, "phase") || !strcmp(k, "roles") || !strcmp(k, "ended")) {
		room_log_state(r, k, ev->data, true);
		json_object_set_new(d, "type", json_string(k));
		send_all(r, json_incref(d));
	} else if (!strcmp(k, "joined") && r->waiting && row && row->users[1]) {
		send_all(r, room_seat_friend(r, row, friend, ev->t_ms));
	}
	/* A cursor row went to the room as it came (a live note). */
	json_decref(d);
	return e;
}

/* Take r's entries out of the queue, in order, appended to *list. */
static void take_queued(struct hub *h, struct room *r, struct hub_entry **list)
{
	struct hub_entry **tail = list;
	while (*tail)
		tail = &(*tail)->next;
	pthread_mutex_lock(&h->qlock);
	struct hub_entry *keep = NULL, **kt = &keep, *last = NULL;
	for (struct hub_entry *e = h->qhead, *next; e; e = next) {
		next = e->next;
		e->next = NULL;
		if (e->room == r) {
			*tail = e;
			tail = &e->next;
		} else {
			*kt = e;
			kt = &e->next;
			last = e;
		}
	}
	h->qhead = keep;
	h->qtail = last;
	pthread_mutex_unlock(&h->qlock);
}

/* A chat message's id is its seq: a re-sequenced one says its new one. */
static void chat_renumber(struct hub_entry *e)
{
	json_t *m = e->broadcast ? json_loads(e->broadcast, 0, NULL) : NULL;
	if (!m)
		return;
	json_object_set_new(m, "id", json_integer(e->ev.seq));
	size_t len = 0;
	char *text = room_dump(m, &len);
	if (text) {
		free(e->broadcast);
		e->broadcast = text;
	}
}

/* r's own entries not yet written go again after what the log holds
 * (lock held); *why becomes the reason of a change of roles dropped. */
static void resequence(struct hub *h, struct room *r, struct hub_entry *list, const struct catch_up *cu,
		       const char **why)
{
	struct ws_conn *rejected[64];
	size_t nrejected = 0;
	r->next_seq = r->applied_seq + 1;
	r->head_version = r->version;
	r->head_len = room_doc_len(r->doc);
	/* The clock's rows are logged again only if the log still needs
	 * them: the other node may have logged the same phase. */
	r->announced_index = r->log_index;
	r->announced_driver = r->log_driver;
	r->announced_end = r->log_end;
	while (list) {
		struct hub_entry *e = list;
		list = e->next;
		const char *k = e->ev.kind;
		bool drop = false;
		if (e->nolog) {
			hub_queue_again(h, e);
			continue;
		}
		if (e->cs && cu->moved) {
			/* The document moved under the push: the pusher rebases. */
			drop = true;
			bool seen = false;
			for (size_t i = 0; i < nrejected; i++)
				seen |= rejected[i] == e->pusher;
			if (e->pusher && !seen && nrejected < 64) {
				rejected[nrejected++] = e->pusher;
				hub_send(e->pusher, json_pack("{s:s, s:I}", "type", "push-rejected", "version",
							      (json_int_t)r->version));
			}
		} else if (!strcmp(k, "phase") || !strcmp(k, "roles") || !strcmp(k, "ended") ||
			   (!strcmp(k, "joined") && cu->joined)) {
			drop = true;
			if (!strcmp(k, "roles") && strstr(e->ev.data, "\"reason\":\"agreed\""))
				*why = "agreed";     /* a swap both asked for, if it is still to log */
		}
		if (drop) {
			r->pending--;
			hub_entry_free(e);
			continue;
		}
		e->ev.seq = r->next_seq++;
		if (e->cs) {
			r->head_version++;
			r->head_len = e->cs->len_after;
		}
		e->ev.version = r->head_version;
		if (!strcmp(k, "chat"))
			chat_renumber(e);
		/* The room's settings end as the log ends: ours come last. */
		json_t *d = strcmp(k, "mode") && strcmp(k, "language") ? NULL : json_loads(e->ev.data, 0, NULL);
		if (!strcmp(k, "mode"))
			r->both = !strcmp(json_string_value(json_object_get(d, "mode")) ?: "", "both");
		else if (!strcmp(k, "language") && json_is_string(json_object_get(d, "language")))
			str_copy(r->language, sizeof(r->language), json_string_value(json_object_get(d, "language")));
		json_decref(d);
		hub_queue_again(h, e);
	}
}

void hub_catch_up(struct hub *h, struct room *r, struct hub_entry *failed)
{
	struct store_room_event *rows = NULL;
	size_t n = 0;
	int e = 0;
	/* Read without the room's lock (the store is never called with it
	 * held); only the committer moves applied_seq. */
	for (;;) {
		struct store_room_event *v = NULL;
		size_t got = 0;
		int64_t after = n ? rows[n - 1].seq : r->applied_seq;
		e = store_room_log(h->store, r->row.id, after, CATCH_UP_CHUNK, &v, &got);
		if (!e && n + got > CATCH_UP_MAX)
			e = -E2BIG;
		struct store_room_event *all = e ? NULL : realloc(rows, (n + got ? n + got : 1) * sizeof(*rows));
		if (!e && !all)
			e = -ENOMEM;
		if (e) {
			store_room_events_free(v, got);
			break;
		}
		rows = all;
		memcpy(rows + n, v, got * sizeof(*v));
		free(v);                         /* the rows' data now belong to rows */
		n += got;
		if (got < CATCH_UP_CHUNK)
			break;
	}
	/* A conflict means another node wrote where we meant to: no row
	 * there is a store we do not understand. */
	if (!e && !n && failed)
		e = -EIO;
	struct store_room row = { 0 };
	struct hub_user friend = { 0 };
	bool joined = false;
	for (size_t i = 0; !e && i < n; i++)
		joined |= !strcmp(rows[i].kind, "joined");
	if (!e && joined && r->waiting && store_room_get(h->store, r->row.id, &row) == 0 && row.users[1])
		room_load_user(h, &friend, row.users[1]);
	if (e) {
		fprintf(stderr, "pairbox: room %s: cannot catch up with the log (%s): reloading it\n", r->row.id,
			strerror(-e));
		hub_break_room(h, r);
	}
	pthread_mutex_lock(&r->lock);
	struct hub_entry *list = failed;
	if (!e && n && !r->broken)
		take_queued(h, r, &list);
	struct catch_up cu = { .ntexts = 0 };
	for (size_t i = 0; !e && !r->broken && i < n; i++) {
		if (rows[i].seq <= r->applied_seq)
			continue;
		if ((e = foreign_row(r, &rows[i], &row, &friend, &cu)))
			break;
		r->applied_seq = rows[i].seq;
	}
	flush_updates(r, &cu);
	bool broke = e && !r->broken;
	if (e || r->broken) {
		/* Nothing of it is acknowledged: the connections come back to
		 * a room loaded from the log. */
		while (list) {
			struct hub_entry *x = list;
			list = x->next;
			r->pending--;
			hub_entry_free(x);
		}
	} else if (n) {
		const char *why = "midpoint";
		resequence(h, r, list, &cu, &why);
		room_tick(r, unix_ms(), why);
	}
	pthread_mutex_unlock(&r->lock);
	if (broke)
		hub_break_room(h, r);
	store_room_events_free(rows, n);
}

/* ---- life ---- */

int hub_sync_start(struct hub *h, char *err, size_t errlen)
{
	h->shared = store_shared(h->store);
	pthread_mutex_init(&h->olock, NULL);
	pthread_cond_init(&h->ocond, NULL);
	if (!h->shared)
		return 0;
	if (getrandom(&h->node, sizeof(h->node), 0) != (ssize_t)sizeof(h->node) || !h->node)
		h->node = (uint64_t)unix_ms() ^ ((uint64_t)getpid() << 40);
	int e = pthread_create(&h->notifier, NULL, notifier_main, h);
	if (e) {
		str_printf(err, errlen, "cannot start the hub's notifier: %s", strerror(e));
		return -e;
	}
	h->notifier_started = true;
	pthread_mutex_lock(&ear.lock);
	ear.h = h;
	pthread_mutex_unlock(&ear.lock);
	if ((e = store_listen(h->store, LOG_CHANNEL, on_note, NULL)) ||
	    (e = store_listen(h->store, LIVE_CHANNEL, on_note, NULL))) {
		str_printf(err, errlen, "cannot listen to the other nodes: %s", strerror(-e));
		return e;
	}
	return 0;
}

void hub_sync_stop(struct hub *h)
{
	pthread_mutex_lock(&ear.lock);
	if (ear.h == h)
		ear.h = NULL;
	pthread_mutex_unlock(&ear.lock);
	if (h->notifier_started) {
		pthread_mutex_lock(&h->olock);
		h->ostop = true;
		pthread_cond_signal(&h->ocond);
		pthread_mutex_unlock(&h->olock);
		pthread_join(h->notifier, NULL);
		h->notifier_started = false;
	}
	while (h->ohead) {
		struct hub_note *n = h->ohead;
		h->ohead = n->next;
		free(n);
	}
	h->otail = NULL;
	for (size_t k = 0; k < sizeof(h->parts) / sizeof(h->parts[0]); k++)
		free(h->parts[k].text);
	memset(h->parts, 0, sizeof(h->parts));
}
