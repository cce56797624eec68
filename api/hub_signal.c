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
#include "util.h"
#include "ws.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIGNAL_SDP_MAX 16384             /* bytes of a session description's sdp */
#define SIGNAL_CANDIDATE_MAX 1024        /* bytes of an ICE candidate's line */
#define SIGNAL_MID_MAX 64                /* bytes of a candidate's sdpMid */
#define SIGNAL_UFRAG_MAX 256             /* bytes of a candidate's usernameFragment */
#define SIGNAL_TOKEN_MAX 64              /* bytes of a session or peer token */
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

/* ---- checking a signal ---- */

/* A string of at most max bytes (no NUL inside, so C sees all of it). */
static bool str_upto(const json_t *v, size_t max)
{
	return json_is_string(v) && json_string_length(v) <= max && strlen(json_string_value(v)) == json_string_length(v);
}

/* A session or peer token: 1 to 64 of [A-Za-z0-9_-]. */
static bool token(const json_t *v)
{
	if (!str_upto(v, SIGNAL_TOKEN_MAX) || !json_string_length(v))
		return false;
	for (const char *p = json_string_value(v); *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return false;
	return true;
}

/* Only keys from allowed (NULL-terminated)? */
static bool keys_in(const json_t *o, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		(void)v;
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], k))
			i++;
		if (!allowed[i])
			return false;
	}
	return true;
}

/* Why a signal's data is refused ("bad-message" or "too-big" in *code),
 * or NULL and *out: the data rebuilt from the checked fields. */
struct checked {
	const char *code;
	const char *why;
	json_t *out;
};

static bool refuse(struct checked *k, const char *code, const char *why)
{
	k->code = code;
	k->why = why;
	return false;
}

static bool check_description(const json_t *d, struct checked *k)
{
	static const char *const keys[] = { "type", "sdp", NULL };
	static const char *const types[] = { "offer", "answer", "pranswer", "rollback" };
	if (!json_is_object(d) || !keys_in(d, keys))
		return refuse(k, "bad-message", "data.description is {\"type\", \"sdp\"}");
	const char *type = json_string_value(json_object_get(d, "type"));
	size_t t = 0;
	while (type && t < 4 && strcmp(type, types[t]))
		t++;
	if (!type || t == 4)
		return refuse(k, "bad-message", "data.description.type is offer, answer, pranswer or rollback");
	json_t *sdp = json_object_get(d, "sdp");
	bool rollback = t == 3;
	if (!(rollback && !sdp) && !json_is_string(sdp))
		return refuse(k, "bad-message", "data.description.sdp is a string");
	if (sdp && !str_upto(sdp, SIGNAL_SDP_MAX))
		return refuse(k, json_string_length(sdp) > SIGNAL_SDP_MAX ? "too-big" : "bad-message",
			      "data.description.sdp is at most 16384 bytes");
	json_t *o = json_pack("{s:s}", "type", type);
	if (!o || (sdp && json_object_set(o, "sdp", sdp)) || json_object_set_new(k->out, "description", o))
		return refuse(k, "server", "out of memory");
	return true;
}

/* A nullable field of a candidate: absent, null, or ok(v). */
static bool nullable(const json_t *c, const char *key, bool ok)
{
	json_t *v = json_object_get(c, key);
	return !v || json_is_null(v) || ok;
}

static bool check_candidate(const json_t *c, struct checked *k)
{
	static const char *const keys[] = { "candidate", "sdpMid", "sdpMLineIndex", "usernameFragment", NULL };
	if (json_is_null(c)) {                   /* the end of the candidates */
		json_object_set_new(k->out, "candidate", json_null());
		return true;
	}
	if (!json_is_object(c) || !keys_in(c, keys))
		return refuse(k, "bad-message",
			      "data.candidate is null or {\"candidate\", \"sdpMid\", \"sdpMLineIndex\", \"usernameFragment\"}");
	json_t *line = json_object_get(c, "candidate"), *mid = json_object_get(c, "sdpMid"),
	       *index = json_object_get(c, "sdpMLineIndex"), *ufrag = json_object_get(c, "usernameFragment");
	if (!json_is_string(line))
		return refuse(k, "bad-message", "data.candidate.candidate is a string");
	if (!str_upto(line, SIGNAL_CANDIDATE_MAX))
		return refuse(k, json_string_length(line) > SIGNAL_CANDIDATE_MAX ? "too-big" : "bad-message",
			      "data.candidate.candidate is at most 1024 bytes");
	for (const char *p = json_string_value(line); *p; p++)
		if ((unsigned char)*p < 0x20)
			return refuse(k, "bad-message", "data.candidate.candidate is one line");
	if (!nullable(c, "sdpMid", str_upto(mid, SIGNAL_MID_MAX)))
		return refuse(k, "bad-message", "data.candidate.sdpMid is null or a string of at most 64 bytes");
	if (!nullable(c, "sdpMLineIndex", json_is_integer(index) && json_integer_value(index) >= 0 &&
					     json_integer_value(index) <= 65535))
		return refuse(k, "bad-message", "data.candidate.sdpMLineIndex is null or an integer from 0 to 65535");
	if (!nullable(c, "usernameFragment", str_upto(ufrag, SIGNAL_UFRAG_MAX)))
		return refuse(k, "bad-message", "data.candidate.usernameFragment is null or a string of at most 256 bytes");
	if (json_string_length(line) && (!mid || json_is_null(mid)) && (!index || json_is_null(index)))
		return refuse(k, "bad-message", "data.candidate has an sdpMid or an sdpMLineIndex");
	json_t *o = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)c, key, v)
		json_object_set(o, key, v);
	if (!o || json_object_size(o) != json_object_size(c) || json_object_set_new(k->out, "candidate", o))
		return refuse(k, "server", "out of memory");
	return true;
}

static bool check_data(const json_t *data, struct checked *k)
{
	static const char *const keys[] = { "session", "peer", "description", "candidate", "call", NULL };
	static const char *const words[] = { "hello", "bye", "muted", "unmuted", NULL };
	if (!json_is_object(data) || !keys_in(data, keys))
		return refuse(k, "bad-message",
			      "data is an object of session, peer and one of description, candidate or call");
	json_t *d = json_object_get(data, "description"), *c = json_object_get(data, "candidate"),
	       *call = json_object_get(data, "call");
	if ((d != NULL) + (c != NULL) + (call != NULL) != 1)
		return refuse(k, "bad-message", "data has one of description, candidate or call");
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "peer" : "session";
		json_t *t = json_object_get(data, name);
		if (t && !token(t))
			return refuse(k, "bad-message", i ? "data.peer is 1 to 64 letters, digits, _ or -"
							  : "data.session is 1 to 64 letters, digits, _ or -");
		if (t)
			json_object_set(k->out, name, t);
	}
	if (d)
		return check_description(d, k);
	if (c)
		return check_candidate(c, k);
	const char *word = json_string_value(call);
	size_t w = 0;
	while (word && words[w] && strcmp(word, words[w]))
		w++;
	if (!word || !words[w])
		return refuse(k, "bad-message", "data.call is hello, bye, muted or unmuted");
	json_object_set(k->out, "call", call);
	return true;
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
	struct checked k = { .out = json_object() };
	if (!k.out) {
		hub_send_error(c, "server", "out of memory", "signal");
		return;
	}
	if (!check_data(json_object_get(msg, "data"), &k)) {
		json_decref(k.out);
		hub_send_error(c, k.code, k.why, "signal");
		return;
	}
	size_t len = 0;
	char *text = room_dump(json_pack("{s:s, s:o, s:o}", "type", "signal", "from", room_user_json(r, c->slot), "data",
					 k.out), &len);
	if (!text) {
		hub_send_error(c, "server", "out of memory", "signal");
		return;
	}
	if (r->online[peer]) {
		for (struct hub_conn *x = r->conns; x; x = x->next)
			if (x->slot == peer)
				ws_send_text(x->ws, text, len);
	} else if (enqueue(&r->signals[peer], text, len, now)) {
		hub_send_error(c, "queue-full",
			       "the other participant is not connected and 32 signals (64 KiB) wait for them already",
			       "signal");
	}
	free(text);
}
