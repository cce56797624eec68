/* hub_room.c - one room in the hub (hub_int.h): loaded from the store
 * (the latest snapshot, the updates after it, the state rows replayed),
 * its view for GET /api/v1/rooms/:id and the welcome, and its phases:
 * what the clock says is logged, then broadcast. */
#define _GNU_SOURCE
#include "app.h"
#include "bank.h"
#include "harness.h"
#include "hub_int.h"
#include "problem_view.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOAD_CHUNK 1000                  /* updates read from the store at a time */
#define STATE_ROWS_MAX 100000            /* state rows replayed at a load */

void room_ref(struct room *r)
{
	atomic_fetch_add(&r->refs, 1);
}

void room_unref(struct room *r)
{
	if (!r || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	for (size_t i = 0; i < r->ring_n; i++) {
		struct hub_update *u = &r->ring[(r->ring_first + i) % HUB_RING];
		changeset_free(u->cs);
		free(u->json);
	}
	for (size_t i = 0; i < r->chat_n; i++)
		free(r->chat[(r->chat_first + i) % HUB_CHAT_KEPT]);
	for (int i = 0; i < 4; i++)
		json_decref(r->problem_json[i / 2][i % 2]);
	room_doc_free(r->doc);
	hub_signal_queue_free(&r->signals[0]);
	hub_signal_queue_free(&r->signals[1]);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int room_slot(const struct room *r, int64_t user_id)
{
	return user_id && r->row.users[0] == user_id ? 0 : user_id && r->row.users[1] == user_id ? 1 : -1;
}

char *room_dump(json_t *o, size_t *len)
{
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	*len = text ? strlen(text) : 0;
	return text;
}

json_t *room_user_json(const struct room *r, int slot)
{
	if (slot < 0)
		return json_pack("{s:I, s:n, s:s}", "id", (json_int_t)0, "username", "display_name", "pairbox");
	const struct hub_user *u = &r->users[slot];
	return json_pack("{s:I, s:o, s:s}", "id", (json_int_t)u->id, "username",
			 u->username[0] ? json_string(u->username) : json_null(), "display_name", u->display_name);
}

/* ---- loading ---- */

void room_load_user(struct hub *h, struct hub_user *out, int64_t id)
{
	struct store_user u;
	memset(&u, 0, sizeof(u));
	out->id = id;
	if (store_user_get(h->store, id, &u) == 0) {
		str_copy(out->username, sizeof(out->username), u.username);
		if (str_copy(out->display_name, sizeof(out->display_name), u.display_name ? u.display_name : u.username))
			str_copy(out->display_name, sizeof(out->display_name), u.username);
	} else {
		str_copy(out->display_name, sizeof(out->display_name), "deleted user");
	}
	store_user_release(&u);
}

void room_ring_push(struct room *r, int64_t version, struct changeset *cs, char *json, size_t len)
{
	if (r->ring_n == HUB_RING) {
		struct hub_update *old = &r->ring[r->ring_first];
		changeset_free(old->cs);
		free(old->json);
		r->ring_first = (r->ring_first + 1) % HUB_RING;
		r->ring_n--;
	}
	struct hub_update *u = &r->ring[(r->ring_first + r->ring_n) % HUB_RING];
	*u = (struct hub_update){ .version = version, .cs = cs, .json = json, .len = len };
	r->ring_n++;
}

void room_chat_push(struct room *r, char *text)
{
	if (!text)
		return;
	if (r->chat_n == HUB_CHAT_KEPT) {
		free(r->chat[r->chat_first]);
		r->chat_first = (r->chat_first + 1) % HUB_CHAT_KEPT;
		r->chat_n--;
	}
	r->chat[(r->chat_first + r->chat_n++) % HUB_CHAT_KEPT] = text;
}

char *room_chat_text(const struct room *r, const struct store_room_event *e)
{
	json_t *d = json_loads(e->data, 0, NULL);
	json_t *m = json_pack("{s:s, s:I, s:o, s:O, s:I}", "type", "chat", "id", (json_int_t)e->seq, "user",
			      room_user_json(r, room_slot(r, e->user_id)), "text", json_object_get(d, "text"), "t",
			      (json_int_t)e->t_ms);
	json_decref(d);
	size_t len = 0;
	return room_dump(m, &len);
}

char *room_update_json(const struct room *r, json_t *logged, int slot, int64_t t_ms, size_t *len)
{
	json_t *o = json_pack("{s:O, s:O, s:o, s:I}", "clientID", json_object_get(logged, "clientID"), "changes",
			      json_object_get(logged, "changes"), "user", room_user_json(r, slot), "t", (json_int_t)t_ms);
	return room_dump(o, len);
}

/* Apply the logged updates after the snapshot. */
static int load_updates(struct hub *h, struct room *r)
{
	for (;;) {
		struct store_room_event *v = NULL;
		size_t n = 0;
		int e = store_room_updates(h->store, r->row.id, r->version, LOAD_CHUNK, &v, &n);
		for (size_t i = 0; !e && i < n; i++) {
			json_t *data = json_loads(v[i].data, 0, NULL);
			struct changeset *cs = NULL;
			struct room_err err = { 0 };
			if (!data || v[i].version != r->version + 1 ||
			    changeset_parse(json_object_get(data, "changes"), &cs, &err) ||
			    room_doc_apply(r->doc, cs, &err)) {
				fprintf(stderr, "pairbox: room %s: update %lld of the log does not apply: %s\n", r->row.id,
					(long long)v[i].version, err.message[0] ? err.message : "malformed row");
				e = -EIO;
			} else {
				size_t len = 0;
				char *json = room_update_json(r, data, room_slot(r, v[i].user_id), v[i].t_ms, &len);
				if (!json)
					e = -ENOMEM;
				r->version = v[i].version;
				room_ring_push(r, r->version, cs, json, len);
				cs = NULL;
			}
			changeset_free(cs);
			json_decref(data);
		}
		store_room_events_free(v, n);
		if (e || n < LOAD_CHUNK)
			return e;
	}
}

/* Replay the rows that changed the room's state, in order. */
static int load_state(struct hub *h, struct room *r)
{
	struct store_room_event *v = NULL;
	size_t n = 0;
	int e = store_room_state_log(h->store, r->row.id, STATE_ROWS_MAX, &v, &n);
	for (size_t i = 0; !e && i < n; i++) {
		json_t *d = json_loads(v[i].data, 0, NULL);
		int slot = room_slot(r, v[i].user_id);
		const char *k = v[i].kind;
		if (!strcmp(k, "mode"))
			r->both = !strcmp(json_string_value(json_object_get(d, "mode")) ?: "", "both");
		else if (!strcmp(k, "language") && json_is_string(json_object_get(d, "language")))
			str_copy(r->language, sizeof(r->language), json_string_value(json_object_get(d, "language")));
		else if (!strcmp(k, "next") && slot >= 0)
			phase_clock_ask_next(&r->clock, slot, v[i].t_ms);
		else if (!strcmp(k, "swap") && slot >= 0)
			phase_clock_ask_swap(&r->clock, slot, v[i].t_ms);
		json_decref(d);
		room_log_state(r, k, v[i].data, true);
	}
	store_room_events_free(v, n);
	return e;
}

/* A fresh room's first row, written before anyone sees the room: the
 * starter code of its language, from the server. */
static int put_starter(struct hub *h, struct room *r, int64_t now_ms)
{
	char *starter = room_starter(r, r->language);
	if (!starter || !starter[0]) {
		free(starter);
		return 0;
	}
	struct changeset *cs = NULL;
	struct room_err err = { 0 };
	int e = changeset_new_replace(0, 0, 0, starter, strlen(starter), &cs, &err);
	free(starter);
	if (e)
		return e;
	json_t *data = json_pack("{s:s, s:o}", "clientID", "pairbox", "changes", changeset_to_json(cs));
	size_t len = 0, tlen = 0;
	char *uj = data ? room_update_json(r, data, -1, now_ms, &len) : NULL;
	char *text = room_dump(data, &tlen);
	struct store_room_event ev = { .seq = 1, .version = 1, .t_ms = now_ms, .kind = "update", .data = text };
	str_copy(ev.room, sizeof(ev.room), r->row.id);
	struct store_room_batch b = { .events = &ev, .nevents = 1 };
	e = uj && text ? store_room_write(h->store, &b) : -ENOMEM;
	if (!e && room_doc_apply(r->doc, cs, &err))
		e = -ENOMEM;
	if (!e) {
		r->version = 1;
		r->applied_seq = 1;
		r->next_seq = 2;
		room_ring_push(r, 1, cs, uj, len);
		cs = NULL;
		uj = NULL;
	}
	changeset_free(cs);
	free(uj);
	free(text);
	return e;
}

static int room_load_once(struct hub *h, const char *id, struct room **out, bool again)
{
	*out = NULL;
	struct room *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	pthread_mutex_init(&r->lock, NULL);
	atomic_init(&r->refs, 1);
	r->hub = h;
	r->announced_index = r->log_index = SIZE_MAX;
	r->announced_driver = r->log_driver = -1;
	int e = store_room_get(h->store, id, &r->row);
	if (e)
		goto fail;
	r->problem = bank_find(h->app->bank, r->row.problem);
	for (int i = 0; r->problem && i < 4; i++)
		r->problem_json[i / 2][i % 2] = problem_view_detail(h->app->bank, r->problem, i / 2, i % 2);
	for (int k = 0; k < 2; k++)
		if (r->row.users[k])
			room_load_user(h, &r->users[k], r->row.users[k]);
	r->waiting = !r->row.users[1];
	if ((e = store_watch_get(h->store, id, &r->watch)))
		goto fail;
	struct phase_plan plan;
	char why[160];
	if (phase_plan_parse(r->row.plan, &plan, why, sizeof(why))) {
		fprintf(stderr, "pairbox: room %s: its phases '%s' do not read (%s): the server's are used\n", id,
			r->row.plan, why);
		plan = h->plan;
	}
	phase_clock_init(&r->clock, &plan, r->row.start_ms, r->row.first_driver);
	str_copy(r->language, sizeof(r->language), r->row.language);

	uint16_t *units = NULL;
	size_t nunits = 0;
	struct room_err err = { 0 };
	e = store_room_snapshot_get(h->store, id, &r->snap_version, &units, &nunits);
	if (e == -ENOENT) {
		e = (r->doc = room_doc_new()) ? 0 : -ENOMEM;
	} else if (!e && room_doc_new_utf16(units, nunits, &r->doc, &err)) {
		fprintf(stderr, "pairbox: room %s: its snapshot does not load: %s\n", id, err.message);
		e = -EIO;
	}
	free(units);
	r->version = r->snap_version;
	int64_t tail_version = 0;
	if (e || (e = load_updates(h, r)) || (e = store_room_tail(h->store, id, &r->next_seq, &tail_version)) ||
	    (e = load_state(h, r)))
		goto fail;
	r->applied_seq = r->next_seq++;
	struct store_room_event *chats = NULL;
	size_t nchats = 0;
	if (store_room_kind_tail(h->store, id, "chat", HUB_CHAT_KEPT, &chats, &nchats) == 0)
		for (size_t i = 0; i < nchats; i++)
			room_chat_push(r, room_chat_text(r, &chats[i]));
	store_room_events_free(chats, nchats);
	if (tail_version != r->version)
		fprintf(stderr, "pairbox: room %s: the log's last version is %lld, its updates make %lld\n", id,
			(long long)tail_version, (long long)r->version);
	r->idle_since_ms = unix_ms();
	if (r->next_seq == 1 && (e = put_starter(h, r, r->idle_since_ms))) {
		/* Another node sharing the store loaded it first and wrote the
		 * starter code: load what it wrote. */
		if (e == -EEXIST && again) {
			room_unref(r);
			return room_load_once(h, id, out, false);
		}
		goto fail;
	}
	r->head_version = r->version;
	r->head_len = room_doc_len(r->doc);
	*out = r;
	return 0;
fail:
	room_unref(r);
	return e;
}

int room_load(struct hub *h, const char *id, struct room **out)
{
	return room_load_once(h, id, out, true);
}

/* ---- the starter code ---- */

char *room_starter(const struct room *r, const char *language)
{
	const struct lang *l = lang_find(language);
	if (!r->problem || !r->problem->p->sig || !l || !harness_supports(l))
		return NULL;
	return harness_starter(r->problem->p->sig, l);
}

int room_replace_all(struct room *r, const char *text, int64_t now_ms)
{
	struct changeset *cs = NULL;
	struct room_err err = { 0 };
	int e = changeset_new_replace(r->head_len, 0, r->head_len, text, strlen(text), &cs, &err);
	if (e)
		return e;
	const char *client = "pairbox";
	return room_queue_updates(r, -1, &client, NULL, &cs, 1, now_ms, NULL);
}


/* ---- views ---- */

/* The phase at st; while the room waits for its second participant,
 * "waiting", before the first phase (index -1), without times. */
static json_t *phase_json(const struct room *r, const struct phase_state *st)
{
	if (r->waiting)
		return json_pack("{s:s, s:i, s:n, s:n}", "name", "waiting", "index", -1, "started_at", "ends_at");
	return json_pack("{s:s, s:I, s:I, s:I}", "name", st->name, "index", (json_int_t)st->index, "started_at",
			 (json_int_t)st->started_at_ms, "ends_at", (json_int_t)st->ends_at_ms);
}

static json_t *phases_json(const struct room *r)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->clock.plan.n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I}", "name", r->clock.plan.phases[i].name, "minutes",
						   (json_int_t)r->clock.plan.phases[i].minutes));
	return a;
}

json_t *room_people_json(const struct room *r, const struct phase_state *st)
{
	json_t *people = json_array();
	for (int k = 0; people && k < 2; k++)
		if (r->row.users[k])             /* slot 1 is empty while the room waits */
			json_array_append_new(people, json_pack("{s:o, s:s, s:b}", "user", room_user_json(r, k), "role",
								k == st->driver ? "driver" : "observer", "online",
								room_online(r, k)));
	return people;
}

json_t *room_view(struct room *r, int slot, int64_t now_ms)
{
	struct phase_state st;
	room_phase(r, now_ms, &st);
	bool review = st.ended || !strcmp(st.name, "review");
	bool observer = slot >= 0 && slot != st.driver;
	json_t *problem = json_deep_copy(r->problem_json[observer || review][review]);
	if (!problem)
		problem = json_pack("{s:s, s:n}", "slug", r->row.problem, "title");
	const char *role = slot < 0 ? "spectator" : slot == st.driver ? "driver" : "observer";
	return json_pack("{s:s, s:o, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:b, s:I, s:b, s:o, s:{s:s}}", "id", r->row.id,
			 "problem", problem, "language", r->language, "difficulty", r->row.difficulty, "mode",
			 r->both ? "both" : "driver", "version", (json_int_t)r->version, "participants",
			 room_people_json(r, &st), "phase", phase_json(r, &st), "phases", phases_json(r), "ended", st.ended,
			 "created_at", (json_int_t)r->row.created_ms, "waiting", r->waiting, "spectators",
			 room_watch_json(r), "you", "role", role);
}

/* ---- phases ---- */

void room_log_state(struct room *r, const char *kind, const char *data, bool announced)
{
	bool phase = !strcmp(kind, "phase"), roles = !strcmp(kind, "roles");
	if (!strcmp(kind, "ended"))
		r->log_end = true;
	if (phase || roles) {
		json_t *d = json_loads(data, 0, NULL);
		if (phase)
			r->log_index = (size_t)json_integer_value(json_object_get(d, "index"));
		else
			r->log_driver =
				room_slot(r, json_integer_value(json_object_get(json_object_get(d, "driver"), "id")));
		json_decref(d);
	}
	if (announced) {
		r->announced_index = r->log_index;
		r->announced_driver = r->log_driver;
		r->announced_end = r->log_end;
	}
}

static void log_state(struct room *r, const char *kind, int64_t t_ms, json_t *data, json_t *msg)
{
	struct hub_entry *e = hub_entry_new(r, kind, -1, t_ms, data, true, msg);
	if (e)
		hub_queue(r->hub, e);
	else
		fprintf(stderr, "pairbox: room %s: out of memory logging %s\n", r->row.id, kind);
}

static json_t *roles_json(const struct room *r, int driver, const char *reason, const char *type)
{
	json_t *o = json_pack("{s:o, s:o, s:s}", "driver", room_user_json(r, driver), "observer",
			      room_user_json(r, 1 - driver), "reason", reason);
	if (o && type)
		json_object_set_new(o, "type", json_string(type));
	return o;
}

void room_tick(struct room *r, int64_t now_ms, const char *why)
{
	/* A waiting room's clock has not started: nothing to announce. */
	if (r->broken || r->announced_end || r->waiting || r->cancelled)
		return;
	struct phase_state st;
	phase_clock_at(&r->clock, now_ms, &st);
	if (st.ended) {
		json_t *d = json_pack("{s:I}", "ended_at", (json_int_t)st.started_at_ms);
		struct hub_entry *e = hub_entry_new(r, "ended", -1, st.started_at_ms, d, true,
						    json_pack("{s:s, s:I}", "type", "ended", "ended_at", (json_int_t)st.started_at_ms));
		if (e) {
			e->has_mark = true;
			str_copy(e->mark.room, sizeof(e->mark.room), r->row.id);
			e->mark.slot = r->announced_driver >= 0 ? r->announced_driver : st.driver;
			e->mark.drove_ms = st.started_at_ms;
			e->mark.ended_ms = st.started_at_ms;
			hub_queue(r->hub, e);
		}
		r->announced_end = true;
		return;
	}
	if (st.index != r->announced_index) {
		json_t *d = phase_json(r, &st);
		json_t *m = phase_json(r, &st);
		if (m)
			json_object_set_new(m, "type", json_string("phase"));
		log_state(r, "phase", st.started_at_ms, d, m);
		r->announced_index = st.index;
	}
	if (st.driver != r->announced_driver) {
		const char *reason = r->announced_driver < 0 ? "start" : why;
		struct hub_entry *e = hub_entry_new(r, "roles", -1, now_ms, roles_json(r, st.driver, reason, NULL), true,
						    roles_json(r, st.driver, reason, "roles"));
		if (e && r->announced_driver >= 0) {
			e->has_mark = true;          /* the one who drove until now */
			str_copy(e->mark.room, sizeof(e->mark.room), r->row.id);
			e->mark.slot = r->announced_driver;
			e->mark.drove_ms = now_ms;
		}
		if (e)
			hub_queue(r->hub, e);
		r->announced_driver = st.driver;
	}
}
