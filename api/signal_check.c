/* signal_check.c - an audio call signal's data checked and rebuilt from
 * the fields checked (signal_check.h); hub_signal.c relays what it
 * answers. No hub state, so tests and the fuzzer call it alone. */
#include "signal_check.h"

#include <stdbool.h>
#include <string.h>

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

json_t *signal_check(const json_t *data, const char **code, const char **why)
{
	struct checked k = { .out = json_object() };
	if (!k.out) {
		*code = "server";
		*why = "out of memory";
		return NULL;
	}
	if (!check_data(data, &k)) {
		json_decref(k.out);
		*code = k.code;
		*why = k.why;
		return NULL;
	}
	return k.out;
}
