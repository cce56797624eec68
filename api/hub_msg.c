/* hub_msg.c - a room's channel (docs/realtime.md): the WebSocket handlers
 * of the hub and every message a client may send. They run on the
 * WebSocket thread, one at a time, with the room's lock held; nothing
 * here touches the disk (what must be durable is queued for the
 * committer, pulls that reach past memory go to a thread of their own).
 * A message the room cannot act on gets an error to its sender alone and
 * changes nothing. */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "hub_int.h"
#include "problem_view.h"
#include "util.h"
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUSH_UPDATES_MAX 1000           /* updates in one push */
#define CLIENT_ID_MAX 64                /* bytes of a clientID */

void hub_send(struct ws_conn *ws, json_t *o)
{
	size_t len = 0;
	char *text = room_dump(o, &len);
	if (text && ws)
		ws_send_text(ws, text, len);
	free(text);
}

void hub_send_error(struct hub_conn *c, const char *code, const char *message, const char *in)
{
	hub_send(c->ws, json_pack("{s:s, s:s, s:s, s:s}", "type", "error", "code", code, "message", message, "in",
				  in ? in : ""));
}

void hub_send_others(struct hub_conn *c, json_t *o)
{
	size_t len = 0;
	bool cursor = !strcmp(json_string_value(json_object_get(o, "type")) ?: "", "cursor");
	char *text = room_dump(o, &len);
	for (struct hub_conn *x = c->room->conns; text && x; x = x->next)
		if (x != c)
			ws_send_text(x->ws, text, len);
	if (text)                                /* and the room's connections on the other nodes */
		hub_note_live(c->room, -1, text, len, cursor);
	free(text);
}

/* A participant's first connection here opened, or its last one closed:
 * the other nodes hear of it; the connections here too, unless the
 * participant is still connected on another node (lock held). */
static void presence(struct hub_conn *c, bool online)
{
	struct room *r = c->room;
	size_t len = 0;
	char *text = room_dump(json_pack("{s:s, s:o, s:b}", "type", "presence", "user", room_user_json(r, c->slot),
					 "online", online), &len);
	bool elsewhere = room_online_elsewhere(r, c->slot);
	for (struct hub_conn *x = r->conns; text && !elsewhere && x; x = x->next)
		if (x != c)
			ws_send_text(x->ws, text, len);
	if (text)
		hub_note_live(r, -1, text, len, false);
	free(text);
}

/* An integer field in [min, max]: true and *out, or false. */
static bool int_field(const json_t *msg, const char *key, int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(msg, key);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return false;
	*out = json_integer_value(v);
	return true;
}

static bool ended_now(struct room *r, int64_t now, struct phase_state *st)
{
	room_phase(r, now, st);
	return st->ended;
}

/* ---- the document ---- */

static void on_push(struct hub_conn *c, const json_t *msg, int64_t now)
{
	struct room *r = c->room;
	int64_t version;
	json_t *ups = json_object_get(msg, "updates");
	if (!int_field(msg, "version", 0, INT64_MAX, &version) || !json_is_array(ups) || !json_array_size(ups) ||
	    json_array_size(ups) > PUSH_UPDATES_MAX) {
		hub_send_error(c, "bad-message", "a push has an integer version and 1 to 1000 updates", "push");
		return;
	}
	struct phase_state st;
	if (ended_now(r, now, &st)) {
		hub_send_error(c, "ended", "the room has ended: it is read-only", "push");
		return;
	}
	if (!r->both && c->slot != st.driver) {
		hub_send_error(c, "not-driver", "only the driver edits in driver mode", "push");
		return;
	}
	if (version != r->head_version) {
		/* Someone else's updates came first: the client rebases over
		 * them and pushes again (the server never transforms). When
		 * they are still on their way to the disk, the answer waits
		 * for them, so it never overtakes the updates it is about and
		 * the client does not push again before it has them. */
		json_t *m = json_pack("{s:s, s:I}", "type", "push-rejected", "version", (json_int_t)r->head_version);
		if (r->head_version == r->version)
			hub_send(c->ws, m);
		else if (room_queue_reply(r, c->ws, m))
			hub_send_error(c, "server", "out of memory", "push");
		return;
	}
	size_t n = json_array_size(ups);
	struct changeset **cs = calloc(n, sizeof(*cs));
	const char **ids = calloc(n, sizeof(*ids));
	json_t **changes = calloc(n, sizeof(*changes));
	struct room_err err = { 0 };
	char where[ROOM_ERR_MESSAGE_MAX + 32] = "";
	const char *code = cs && ids && changes ? NULL : "server";
	size_t len = r->head_len;
	for (size_t i = 0; !code && i < n; i++) {
		json_t *u = json_array_get(ups, i);
		json_t *id = json_object_get(u, "clientID");
		changes[i] = json_object_get(u, "changes");
		if (!json_is_string(id) || json_string_length(id) > CLIENT_ID_MAX || !changes[i]) {
			code = "bad-message";
			str_printf(where, sizeof(where), "updates[%zu]: a clientID (at most 64 bytes) and changes", i);
			break;
		}
		ids[i] = json_string_value(id);
		if (changeset_parse(changes[i], &cs[i], &err) || changeset_fits(cs[i], len, &err)) {
			code = err.code && !strcmp(err.code, ROOM_ERR_TOO_BIG) ? "too-big"
			       : err.code && !strcmp(err.code, ROOM_ERR_NO_MEMORY) ? "server" : "bad-changes";
			str_printf(where, sizeof(where), "updates[%zu]: %s", i, err.message);
			break;
		}
		len = cs[i]->len_after;
	}
	if (!code && room_queue_updates(r, c->slot, ids, changes, cs, n, now, c->ws)) {
		code = "server";
		str_copy(where, sizeof(where), "out of memory");
	} else if (code) {
		for (size_t i = 0; cs && i < n; i++)
			changeset_free(cs[i]);
	}
	if (code)
		hub_send_error(c, code, where[0] ? where : "out of memory", "push");
	free(cs);
	free(ids);
	free(changes);
}

/* The texts of the ring's updates after version (the caller checked the
 * ring reaches it): into texts, their number returned. */
static size_t ring_after(const struct room *r, int64_t version, char **texts)
{
	size_t n = 0;
	for (size_t i = 0; i < r->ring_n; i++) {
		const struct hub_update *u = &r->ring[(r->ring_first + i) % HUB_RING];
		if (u->version > version)
			texts[n++] = u->json;
	}
	return n;
}

/* The oldest version the ring can pull from. */
static int64_t ring_from(const struct room *r)
{
	return r->ring_n ? r->ring[r->ring_first].version - 1 : r->version;
}

static void send_ring(struct hub_conn *c, int64_t version)
{
	char *texts[HUB_RING];
	size_t n = ring_after(c->room, version, texts);
	char *text = hub_updates_text(version, texts, n);
	if (text)
		ws_send_text(c->ws, text, strlen(text));
	free(text);
}

/* A pull from further back than the ring: the store, on a thread. */
struct slow_pull {
	struct hub_conn *c;                 /* its ws and room referenced */
	struct ws_conn *ws;
	struct room *room;
	int64_t version;
};

static void *slow_pull_main(void *arg)
{
	struct slow_pull *p = arg;
	struct room *r = p->room;
	struct hub *h = r->hub;
	struct store_room_event *v = NULL;
	size_t n = 0;
	int e = store_room_updates(h->store, r->row.id, p->version, HUB_PULL_MAX, &v, &n);
	char **texts = e ? NULL : calloc(n + HUB_RING + 1, sizeof(*texts));
	size_t got = 0;
	int64_t last = p->version;
	for (size_t i = 0; texts && i < n; i++) {
		json_t *d = json_loads(v[i].data, 0, NULL);
		size_t len = 0;
		if (!d || v[i].version != last + 1 ||
		    !(texts[got] = room_update_json(r, d, room_slot(r, v[i].user_id), v[i].t_ms, &len))) {
			json_decref(d);
			break;
		}
		json_decref(d);
		got++;
		last = v[i].version;
	}
	pthread_mutex_lock(&r->lock);
	size_t from_ring = 0;
	if (texts && last >= ring_from(r))
		from_ring = ring_after(r, last, texts + got);
	char *text = texts ? hub_updates_text(p->version, texts, got + from_ring) : NULL;
	if (text)
		ws_send_text(p->ws, text, strlen(text));
	else
		hub_send(p->ws, json_pack("{s:s, s:s, s:s, s:s}", "type", "error", "code", "server", "message",
					  "the room's history could not be read", "in", "pull"));
	pthread_mutex_unlock(&r->lock);
	free(text);
	for (size_t i = 0; i < got; i++)
		free(texts[i]);
	free(texts);
	store_room_events_free(v, n);
	ws_conn_unref(p->ws);
	room_unref(r);
	free(p);
	hub_thread_done(h);
	return NULL;
}

static void on_pull(struct hub_conn *c, const json_t *msg)
{
	struct room *r = c->room;
	int64_t version;
	if (!int_field(msg, "version", 0, r->version, &version)) {
		hub_send_error(c, "bad-message", "a pull has an integer version, at most the room's", "pull");
		return;
	}
	if (version >= ring_from(r)) {
		send_ring(c, version);
		return;
	}
	struct slow_pull *p = calloc(1, sizeof(*p));
	if (!p) {
		hub_send_error(c, "server", "out of memory", "pull");
		return;
	}
	*p = (struct slow_pull){ .c = c, .ws = c->ws, .room = r, .version = version };
	ws_conn_ref(c->ws);
	room_ref(r);
	if (hub_spawn(r->hub, slow_pull_main, p)) {
		ws_conn_unref(c->ws);
		room_unref(r);
		free(p);
		hub_send_error(c, "server", "the server is busy: pull again", "pull");
	}
}

static void on_cursor(struct hub_conn *c, const json_t *msg, int64_t now)
{
	struct room *r = c->room;
	int64_t anchor, head, version = r->version;
	if (json_object_get(msg, "version") && !int_field(msg, "version", ring_from(r), r->version, &version)) {
		hub_send_error(c, "bad-message", "a cursor's version is one the room still maps from", "cursor");
		return;
	}
	/* The document's length at that version. */
	size_t len = room_doc_len(r->doc);
	for (size_t i = r->ring_n; i-- > 0;) {
		const struct hub_update *u = &r->ring[(r->ring_first + i) % HUB_RING];
		if (u->version <= version)
			break;
		len = u->cs->len_before;
	}
	if (!int_field(msg, "anchor", 0, (int64_t)len, &anchor) || !int_field(msg, "head", 0, (int64_t)len, &head)) {
		hub_send_error(c, "bad-message", "anchor and head are positions in the document", "cursor");
		return;
	}
	uint32_t a = (uint32_t)anchor, h = (uint32_t)head;
	for (size_t i = 0; i < r->ring_n; i++) {
		const struct hub_update *u = &r->ring[(r->ring_first + i) % HUB_RING];
		if (u->version > version)
			changeset_map_range(u->cs, &a, &h, -1);
	}
	hub_send_others(c, json_pack("{s:s, s:o, s:I, s:I, s:I}", "type", "cursor", "user", room_user_json(r, c->slot),
				 "anchor", (json_int_t)a, "head", (json_int_t)h, "version", (json_int_t)r->version));
	room_cursor_note(r, c->slot, a, h, r->version, now);
}

/* ---- the rest of the room ---- */

/* Queue a state row by c and its message (both stolen). */
static void log_by(struct hub_conn *c, const char *kind, int64_t now, json_t *data, bool state, json_t *m, const char *in)
{
	struct hub_entry *e = hub_entry_new(c->room, kind, c->slot, now, data, state, m);
	if (e)
		hub_queue(c->room->hub, e);
	else
		hub_send_error(c, "server", "out of memory", in);
}

/* Characters (code points) of valid UTF-8. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static void on_chat(struct hub_conn *c, const json_t *msg, int64_t now)
{
	struct room *r = c->room;
	json_t *t = json_object_get(msg, "text");
	size_t chars = json_is_string(t) ? utf8_chars(json_string_value(t), json_string_length(t)) : 0;
	if (!chars || chars > HUB_CHAT_MAX || strlen(json_string_value(t)) != json_string_length(t)) {
		hub_send_error(c, "bad-message", "a chat message's text is 1 to 2000 characters", "chat");
		return;
	}
	json_t *m = json_pack("{s:s, s:I, s:o, s:O, s:I}", "type", "chat", "id", (json_int_t)r->next_seq, "user",
			      room_user_json(r, c->slot), "text", t, "t", (json_int_t)now);
	log_by(c, "chat", now, json_pack("{s:O}", "text", t), false, m, "chat");
}

/* swap or next: one side asks, the other's same request agrees. The ask
 * is logged (a state row: a load replays it at its time); when it agrees,
 * the clock's change (roles, or the next phase) is logged after it. */
static void on_ask(struct hub_conn *c, int64_t now, bool swap)
{
	struct room *r = c->room;
	const char *kind = swap ? "swap" : "next";
	int got = swap ? phase_clock_ask_swap(&r->clock, c->slot, now) : phase_clock_ask_next(&r->clock, c->slot, now);
	if (got < 0) {
		hub_send_error(c, "ended", "the room has ended", kind);
		return;
	}
	json_t *m = got ? NULL : json_pack("{s:s, s:o}", "type", swap ? "swap-requested" : "next-requested", "by",
					   room_user_json(r, c->slot));
	log_by(c, kind, now, json_pack("{s:i}", "slot", c->slot), true, m, kind);
	if (got)
		room_tick(r, now, swap ? "agreed" : "midpoint");
}

/* The driver's settings: mode and language. */
static bool driver_only(struct hub_conn *c, int64_t now, const char *in)
{
	struct phase_state st;
	if (ended_now(c->room, now, &st)) {
		hub_send_error(c, "ended", "the room has ended", in);
		return false;
	}
	if (c->slot != st.driver) {
		hub_send_error(c, "not-driver", "only the driver changes this", in);
		return false;
	}
	return true;
}

static void on_mode(struct hub_conn *c, const json_t *msg, int64_t now)
{
	const char *mode = json_string_value(json_object_get(msg, "mode"));
	if (!mode || (strcmp(mode, "driver") && strcmp(mode, "both"))) {
		hub_send_error(c, "bad-message", "mode is \"driver\" or \"both\"", "mode");
		return;
	}
	if (!driver_only(c, now, "mode"))
		return;
	c->room->both = !strcmp(mode, "both");
	log_by(c, "mode", now, json_pack("{s:s}", "mode", mode), true,
	       json_pack("{s:s, s:s, s:o}", "type", "mode", "mode", mode, "by", room_user_json(c->room, c->slot)), "mode");
}

static void on_language(struct hub_conn *c, const json_t *msg, int64_t now)
{
	struct room *r = c->room;
	const struct lang *l = bank_lang(json_object_get(msg, "language"));
	char why[512];
	const char *bad = r->problem ? problem_lang_problem(r->hub->app->bank, r->problem->p, l, why, sizeof(why))
				     : l ? NULL : "is not a language this server has";
	if (bad || strlen(l->name) > STORE_ROOM_LANG_MAX) {
		char m[600];
		str_printf(m, sizeof(m), "language %s", bad ? bad : "has too long a name");
		hub_send_error(c, "bad-message", m, "language");
		return;
	}
	if (!driver_only(c, now, "language"))
		return;
	/* The starter code goes in only over an empty document or the
	 * untouched starter code of the language before. */
	bool untouched = false;
	if (r->head_version == r->version) {
		char *doc = NULL, *old = room_starter(r, r->language);
		size_t len = 0;
		if (room_doc_utf8(r->doc, &doc, &len) == 0)
			untouched = !len || (old && !strcmp(doc, old));
		free(doc);
		free(old);
	}
	str_copy(r->language, sizeof(r->language), l->name);
	log_by(c, "language", now, json_pack("{s:s}", "language", l->name), true,
	       json_pack("{s:s, s:s, s:o}", "type", "language", "language", l->name, "by", room_user_json(r, c->slot)),
	       "language");
	char *starter = untouched ? room_starter(r, l->name) : NULL;
	if (starter && room_replace_all(r, starter, now))
		hub_send_error(c, "server", "the starter code could not be put in", "language");
	free(starter);
}

/* ---- the WebSocket handlers ---- */

static void on_open(struct ws_conn *ws)
{
	struct hub_conn *c = ws_conn_user(ws);
	struct room *r = c->room;
	int64_t now = unix_ms();
	pthread_mutex_lock(&r->lock);
	c->ws = ws;
	ws_conn_ref(ws);
	r->idle_since_ms = now;
	if (r->deleted || (c->spectator && !watch_open(c))) {
		/* Deleted, or no longer allowing spectators, since it was
		 * admitted: never listed, closed at once. */
		ws_close(ws, r->deleted ? 1000 : 1008, r->deleted ? "the room was cancelled by its creator"
								  : "the participants no longer allow spectators");
		pthread_mutex_unlock(&r->lock);
		return;
	}
	c->next = r->conns;
	r->conns = c;
	char *doc = NULL;
	size_t len = 0;
	struct phase_state st;
	room_phase(r, now, &st);
	json_t *you = c->spectator ? watch_user_json(c) : room_user_json(r, c->slot);
	json_object_set_new(you, "role", json_string(c->spectator ? "spectator" : c->slot == st.driver ? "driver" : "observer"));
	/* The call's perfect negotiation needs one polite side, the same on
	 * both pages whoever loads first: the slot decides. */
	if (!c->spectator)
		json_object_set_new(you, "polite", json_boolean(c->slot == 1));
	if (!c->spectator && r->online[c->slot]++ == 0)
		presence(c, true);
	json_t *chat = json_array();
	for (size_t i = 0; chat && i < r->chat_n; i++) {
		json_t *m = json_loads(r->chat[(r->chat_first + i) % HUB_CHAT_KEPT], 0, NULL);
		if (m)
			json_array_append_new(chat, m);
	}
	if (room_doc_utf8(r->doc, &doc, &len) == 0) {
		hub_send(ws, json_pack("{s:s, s:I, s:s%, s:o, s:o, s:o}", "type", "welcome", "version", (json_int_t)r->version,
				       "doc", doc, len, "you", you, "room", room_view(r, c->slot, now), "chat", chat));
		hub_signal_opened(c, now);          /* the call's signals that waited for this page */
	} else {
		json_decref(you);
		json_decref(chat);
		ws_close(ws, 1011, "out of memory");
	}
	free(doc);
	pthread_mutex_unlock(&r->lock);
}

static void on_text(struct ws_conn *ws, const char *data, size_t len)
{
	struct hub_conn *c = ws_conn_user(ws);
	struct room *r = c->room;
	json_error_t je;
	json_t *msg = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	const char *type = json_string_value(json_object_get(msg, "type"));
	int64_t now = unix_ms();
	pthread_mutex_lock(&r->lock);
	if (!json_is_object(msg)) {
		hub_send_error(c, "bad-json", msg ? "a message is a JSON object" : je.text, "");
	} else if (!type) {
		hub_send_error(c, "bad-message", "a message has a string \"type\"", "");
	} else if (r->broken) {
		hub_send_error(c, "server", "the room is being reloaded: reconnect", type);
	} else if (r->cancelled || r->deleted) {
		hub_send_error(c, "ended", "the room is being deleted by its creator", type);
	} else if (c->spectator && strcmp(type, "pull")) {
		/* SPECTATOR-READONLY: a spectator reads (pull) and changes nothing. */
		hub_send_error(c, "spectator", "spectators watch: only the room's participants can do this", type);
	} else if (r->waiting && (!strcmp(type, "swap") || !strcmp(type, "next") || !strcmp(type, "submit"))) {
		hub_send_error(c, "waiting", "your friend has not joined yet: this waits for them", type);
	} else if (!strcmp(type, "push")) {
		on_push(c, msg, now);
	} else if (!strcmp(type, "pull")) {
		on_pull(c, msg);
	} else if (!strcmp(type, "cursor")) {
		on_cursor(c, msg, now);
	} else if (!strcmp(type, "signal")) {
		hub_signal(c, msg, now);
	} else if (!strcmp(type, "chat") || !strcmp(type, "run") || !strcmp(type, "submit") || !strcmp(type, "swap") ||
		   !strcmp(type, "next")) {
		struct phase_state st;
		if (ended_now(r, now, &st))
			hub_send_error(c, "ended", "the room has ended: it is read-only", type);
		else if (!strcmp(type, "chat"))
			on_chat(c, msg, now);
		else if (!strcmp(type, "swap") || !strcmp(type, "next"))
			on_ask(c, now, !strcmp(type, "swap"));
		else
			hub_judge_request(c, msg, !strcmp(type, "submit"), now);
	} else if (!strcmp(type, "mode")) {
		on_mode(c, msg, now);
	} else if (!strcmp(type, "language")) {
		on_language(c, msg, now);
	} else {
		hub_send_error(c, "bad-message", "unknown message type", type);
	}
	pthread_mutex_unlock(&r->lock);
	json_decref(msg);
}

static void on_close(struct ws_conn *ws, unsigned code)
{
	(void)code;
	struct hub_conn *c = ws_conn_user(ws);
	struct room *r = c->room;
	pthread_mutex_lock(&r->lock);
	bool listed = false;
	for (struct hub_conn **p = &r->conns; *p; p = &(*p)->next) {
		if (*p == c) {
			*p = c->next;
			listed = true;
			break;
		}
	}
	if (!listed)
		;                                /* refused as it opened (on_open) */
	else if (c->spectator)
		watch_close(c);
	else if (--r->online[c->slot] == 0) {
		presence(c, false);
		hub_signal_gone(r, c->slot);
	}
	r->idle_since_ms = unix_ms();
	c->ws = NULL;
	pthread_mutex_unlock(&r->lock);
	ws_conn_unref(ws);
}

static void free_user(void *user)
{
	struct hub_conn *c = user;
	if (!c)
		return;
	if (c->spectator) {
		pthread_mutex_lock(&c->room->lock);
		c->room->watchers--;
		pthread_mutex_unlock(&c->room->lock);
	}
	room_unref(c->room);
	free(c);
}

const struct ws_handlers hub_ws_handlers = {
	.on_open = on_open,
	.on_text = on_text,
	.on_close = on_close,
	.free_user = free_user,
};
