/* test_rtc.c - the audio call's ICE servers (api/rtc.c): the settings
 * checked (URL schemes and shapes, which credentials go together), the
 * answer with nothing set, STUN only, static TURN credentials, and
 * coturn's REST credentials from a shared secret at a fixed time. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "rtc.h"

static struct config base(void)
{
	struct config c;
	config_default(&c);
	return c;
}

static int check_settings(struct config *c)
{
	char err[256] = "";
	int e = rtc_settings_check(c, err, sizeof(err));
	if (e)
		fprintf(stderr, "  (refused: %s)\n", err);
	return e;
}

static char *dump(const struct config *c, int64_t user, int64_t now)
{
	json_t *o = rtc_config_json(c, user, now);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return s;
}

static void test_urls(void)
{
	static const char *const good_stun[] = { "stun:stun.example.org", "stuns:stun.example.org:5349", "stun:192.0.2.1:3478",
						 "stun:[2001:db8::1]:3478", " stun:a.example , stun:b.example " };
	static const char *const bad_stun[] = { "http://stun.example.org", "turn:turn.example.org", "stun:", "stun::3478",
						"stun:host:0", "stun:host:65536", "stun:host:12345678", "stun:ho st",
						"stun:host/path", "stun:[2001:db8::1", "stun:[]", "stun:host?transport=udp" };
	for (size_t i = 0; i < sizeof(good_stun) / sizeof(*good_stun); i++) {
		struct config c = base();
		c.rtc_stun_urls = good_stun[i];
		CHECK_EQ_INT(check_settings(&c), 0);
	}
	for (size_t i = 0; i < sizeof(bad_stun) / sizeof(*bad_stun); i++) {
		struct config c = base();
		c.rtc_stun_urls = bad_stun[i];
		CHECK_EQ_INT(check_settings(&c), -EINVAL);
	}
	struct config c = base();
	c.rtc_turn_secret = "s";
	c.rtc_turn_urls = "turn:t.example:3478?transport=udp,turns:t.example:5349?transport=tcp,turn:t.example";
	CHECK_EQ_INT(check_settings(&c), 0);
	c.rtc_turn_urls = "turn:t.example?transport=sctp";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);
	c.rtc_turn_urls = "stun:t.example";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);
	/* 16 URLs at most. */
	static const char one[] = "stun:s.example:3478,";
	char many[17 * sizeof(one)] = "";
	for (size_t i = 0; i < 17; i++)
		memcpy(many + i * (sizeof(one) - 1), one, sizeof(one));
	c = base();
	c.rtc_stun_urls = many;
	CHECK_EQ_INT(check_settings(&c), -EINVAL);
	many[strlen(many) - 21] = '\0';
	CHECK_EQ_INT(check_settings(&c), 0);
}

static void test_credentials_go_together(void)
{
	struct config c = base();
	CHECK_EQ_INT(check_settings(&c), 0);              /* nothing at all: fine (a LAN) */
	c.rtc_turn_urls = "turn:t.example";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);        /* TURN without credentials */
	c.rtc_turn_username = "u";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);        /* half a pair */
	c.rtc_turn_credential = "p";
	CHECK_EQ_INT(check_settings(&c), 0);
	c.rtc_turn_secret = "s";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);        /* both kinds */
	c = base();
	c.rtc_turn_secret = "s";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);        /* a secret and no TURN URL */
	c.rtc_turn_urls = "turn:t.example";
	c.rtc_turn_secret = "bad\nsecret";
	CHECK_EQ_INT(check_settings(&c), -EINVAL);        /* control characters */
}

static void test_answers(void)
{
	struct config c = base();
	char *s = dump(&c, 42, 1767225600 - 86400);
	CHECK_EQ_STR(s, "{\"iceServers\":[]}");
	free(s);
	c.rtc_stun_urls = "stun:a.example, stuns:b.example:5349";
	s = dump(&c, 42, 0);
	CHECK_EQ_STR(s, "{\"iceServers\":[{\"urls\":[\"stun:a.example\",\"stuns:b.example:5349\"]}]}");
	free(s);
	c.rtc_turn_urls = "turn:t.example:3478";
	c.rtc_turn_username = "pair";
	c.rtc_turn_credential = "box";
	s = dump(&c, 42, 0);
	CHECK_EQ_STR(s, "{\"iceServers\":[{\"urls\":[\"stun:a.example\",\"stuns:b.example:5349\"]},"
			"{\"credential\":\"box\",\"urls\":[\"turn:t.example:3478\"],\"username\":\"pair\"}]}");
	free(s);
	/* The secret: "<now + ttl>:<user>", base64(HMAC-SHA1) of it (as test_hmac.c's coturn case). */
	c.rtc_stun_urls = "";
	c.rtc_turn_username = c.rtc_turn_credential = "";
	c.rtc_turn_secret = "north-sea-secret";
	CHECK_EQ_INT(check_settings(&c), 0);
	CHECK_EQ_INT(c.rtc_turn_ttl, 86400);
	s = dump(&c, 42, 1767225600 - 86400);
	CHECK_EQ_STR(s, "{\"expires_at\":1767225600000,\"iceServers\":[{\"credential\":\"KV/jsUz7hsCbqouQQBY2AIBbdB0=\","
			"\"urls\":[\"turn:t.example:3478\"],\"username\":\"1767225600:42\"}]}");
	CHECK(s && !strstr(s, "north-sea-secret"));
	free(s);
	c.rtc_turn_ttl = 60;
	s = dump(&c, 7, 1000);
	CHECK(s && strstr(s, "\"username\":\"1060:7\"") && strstr(s, "\"expires_at\":1060000"));
	free(s);
}

int main(void)
{
	test_urls();
	test_credentials_go_together();
	test_answers();
	return check_done();
}
