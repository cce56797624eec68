/* hub_signal.c - the rooms' audio call: the server only signals
 * (docs/realtime.md "The audio call"). A participant's `signal` carries a
 * WebRTC session description, an ICE candidate or one of a few call
 * words to the room's other participant; the server checks its shape and
 * sizes, rebuilds it from the fields it checked (nothing else passes
 * through), and sends it to that participant's connections, or keeps it
 * for a little while when it has none yet (a page still loading must
 * still get the offer sent just before its socket opened). Signals are
 * not logged: they are worth nothing once the call is set up, and a
 * replay has no use for them. The media goes browser to browser.
 *
 * Who may signal is decided on membership: the connection's slot is a
 * participant's (a row of room_members, the room's users[]), and so is
 * the recipient's; a connection of anyone else, such as a spectator, is
 * refused and is never sent a signal. */
#define _GNU_SOURCE
#include "hub_int.h"
#include "signal_check.h"
#include "util.h"
#include "ws.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIGNAL_QUEUE_MAX 32              /* signals kept for a participant not connected ... */
#define SIGNAL_QUEUE_BYTES (64 * 1024)   /* ... and their bytes at most ... */
#define SIGNAL_TTL_MS 30000              /* ... each for this long */
#define SIGNAL_BURST 60                  /* signals a connection may send at once ... */
#define SIGNAL_PERIOD_MS 100             /* ... then one more each this often (10 a second) */

/* ---- the waiting signals ---- */

void hub_signal_queue_free(struct hub_signal_queue *q)
{
	while (q->head) {
		struct hub_signal *s = q->head;
		q->head = s->next;
		free(s);
	}
	memset(q, 0, sizeof(*q));
}

static void drop_first(struct hub_signal_queue *q)
{
	struct hub_signal *s = q->head;
	q->head = s->next;
	if (!q->head)
		q->tail = NULL;
	q->n--;
	q->bytes -= s->len;
	free(s);
}

static void drop_stale(struct hub_signal_queue *q, int64_t now)
{
	while (q->head && now - q->head->t_ms > SIGNAL_TTL_MS)
		drop_first(q);
}

/* Keep text for a slot with no connection: 0, or -1 when its queue is full
 * (of signals younger than SIGNAL_TTL_MS) or memory is short. */
static int enqueue(struct hub_signal_queue *q, const char *text, size_t len, int64_t now)
{
	drop_stale(q, now);
	if (q->n >= SIGNAL_QUEUE_MAX || q->bytes + len > SIGNAL_QUEUE_BYTES)
		return -1;
	struct hub_signal *s = malloc(sizeof(*s) + len + 1);
	if (!s)
		return -1;
	s->next = NULL;
	s->t_ms = now;
	s->len = len;
	memcpy(s->text, text, len + 1);
	if (q->tail)
		q->tail->next = s;
	else
		q->head = s;
	q->tail = s;
	q->n++;
	q->bytes += len;
	return 0;
}

void hub_signal_opened(struct hub_conn *c, int64_t now)
{
	if (c->slot < 0 || c->slot > 1)
		return;
	struct hub_signal_queue *q = &c->room->signals[c->slot];
	drop_stale(q, now);
	for (struct hub_signal *s = q->head; s; s = s->next)
		ws_send_text(c->ws, s->text, s->len);
	hub_signal_queue_free(q);
}

void hub_signal_gone(struct room *r, int slot)
{
	if (slot == 0 || slot == 1)
		hub_signal_queue_free(&r->signals[1 - slot]);
}

/* ---- the message ---- */

/* The connection's signal bucket (the generic cell rate algorithm: one
 * number, the time it is full again). True when a token was taken. */
static bool take_token(struct hub_conn *c, int64_t now)
{
	int64_t full = c->signal_full_ms > now ? c->signal_full_ms : now;
	if (full + SIGNAL_PERIOD_MS - now > (int64_t)SIGNAL_BURST * SIGNAL_PERIOD_MS)
		return false;
	c->signal_full_ms = full + SIGNAL_PERIOD_MS;
	return true;
}

void hub_signal(struct hub_conn *c, const json_t *msg, int64_t now)
{
	struct room *r = c->room;
	/* Membership, never mere presence on the channel. */
	if (c->slot < 0 || c->slot > 1 || !r->row.users[c->slot]) {
		hub_send_error(c, "not-participant", "only the room's participants are in its call", "signal");
		return;
	}
	int peer = 1 - c->slot;
	json_t *to = json_object_get(msg, "to");
	if (!json_is_integer(to) || !r->row.users[peer] || json_integer_value(to) != r->row.users[peer]) {
		hub_send_error(c, "bad-message", "to is the id of the room's other participant", "signal");
		return;
	}
	if (!take_token(c, now)) {
		hub_send_error(c, "rate", "at most 60 signals at once, then 10 a second", "signal");
		return;
	}
	const char *code, *why;
	json_t *data = signal_check(json_object_get(msg, "data"), &code, &why);
	if (!data) {
		hub_send_error(c, code, why, "signal");
		return;
	}
	size_t len = 0;
	char *text = room_dump(json_pack("{s:s, s:o, s:o}", "type", "signal", "from", room_user_json(r, c->slot), "data",
					 data), &len);
	if (!text) {
		hub_send_error(c, "server", "out of memory", "signal");
		return;
	}
	/* The participant may be connected here, on another node sharing the
	 * store (hub_sync.c), or both. */
	bool elsewhere = room_online_elsewhere(r, peer);
	if (r->online[peer]) {
		for (struct hub_conn *x = r->conns; x; x = x->next)
			if (x->slot == peer)
				ws_send_text(x->ws, text, len);
	}
	if (elsewhere)
		hub_note_live(r, peer, text, len, false);
	if (!r->online[peer] && !elsewhere && enqueue(&r->signals[peer], text, len, now)) {
		hub_send_error(c, "queue-full",
			       "the other participant is not connected and 32 signals (64 KiB) wait for them already",
			       "signal");
	}
	free(text);
}
