/* rtc.c - the audio call's ICE servers from the settings (rtc.h). */
#define _GNU_SOURCE
#include "rtc.h"
#include "base64.h"
#include "config.h"
#include "hmac.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The next entry of a comma-separated list (spaces around it skipped):
 * its start and length, or false at the end. *p moves past it. */
static bool next_item(const char **p, const char **item, size_t *len)
{
	const char *s = *p;
	while (*s == ' ' || *s == ',')
		s++;
	if (!*s)
		return false;
	const char *e = s;
	while (*e && *e != ',')
		e++;
	const char *end = e;
	while (end > s && end[-1] == ' ')
		end--;
	*item = s;
	*len = (size_t)(end - s);
	*p = e;
	return true;
}

static bool is_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* RFC 7064 (stun:, stuns:) and RFC 7065 (turn:, turns:): scheme ":" host
 * [":" port], the host a name, an IPv4 address or an IPv6 one in
 * brackets; TURN's may end in "?transport=udp" or "?transport=tcp".
 * NULL when u[0..n) is one, else why not. */
static const char *url_problem(const char *u, size_t n, bool turn)
{
	static const char *const schemes[2][2] = { { "stun:", "stuns:" }, { "turn:", "turns:" } };
	size_t i = 0;
	for (int k = 0; k < 2 && !i; k++) {
		size_t sl = strlen(schemes[turn][k]);
		if (n >= sl && !strncmp(u, schemes[turn][k], sl))
			i = sl;
	}
	if (!i)
		return turn ? "does not start with turn: or turns:" : "does not start with stun: or stuns:";
	if (n > RTC_URL_MAX)
		return "is longer than 255 bytes";
	size_t host = i;
	if (u[i] == '[') {
		for (i++; i < n && u[i] != ']'; i++)
			if (!(u[i] == ':' || u[i] == '.' || (u[i] >= '0' && u[i] <= '9') || (u[i] >= 'a' && u[i] <= 'f') ||
			      (u[i] >= 'A' && u[i] <= 'F')))
				return "has a bad IPv6 address";
		if (i == n || i == host + 1)
			return "has a bad IPv6 address";
		i++;
	} else {
		while (i < n && is_host_char(u[i]))
			i++;
		if (i == host)
			return "has no host";
	}
	if (i < n && u[i] == ':') {
		size_t d = ++i;
		unsigned port = 0;
		while (i < n && u[i] >= '0' && u[i] <= '9' && port <= 65535)
			port = port * 10 + (unsigned)(u[i++] - '0');
		if (i == d || port < 1 || port > 65535)
			return "has a bad port";
	}
	if (i == n)
		return NULL;
	const char *q = u + i;
	size_t rest = n - i;
	if (turn && rest == 14 && (!strncmp(q, "?transport=udp", 14) || !strncmp(q, "?transport=tcp", 14)))
		return NULL;
	return turn ? "has something after the port other than ?transport=udp or ?transport=tcp"
		    : "has something after the host and port";
}

static int check_urls(const char *name, const char *list, bool turn, size_t *count, char *err, size_t errlen)
{
	const char *p = list, *u;
	size_t n;
	*count = 0;
	while (next_item(&p, &u, &n)) {
		const char *why = url_problem(u, n, turn);
		if (!why && ++*count > RTC_URLS_MAX)
			why = "is one URL too many (16 at most)";
		if (why) {
			str_printf(err, errlen, "%s: %.*s %s", name, (int)(n > 80 ? 80 : n), u, why);
			return -EINVAL;
		}
	}
	return 0;
}

/* UTF-8 text of at most RTC_TEXT_MAX bytes without control characters:
 * it goes into a JSON answer and a TURN server's STUN attributes. */
static bool good_text(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	json_t *valid = json_string(s);
	json_decref(valid);
	return valid && n <= RTC_TEXT_MAX;
}

int rtc_settings_check(const struct config *c, char *err, size_t errlen)
{
	size_t stun = 0, turn = 0;
	if (check_urls("RTC_STUN_URLS", c->rtc_stun_urls, false, &stun, err, errlen) ||
	    check_urls("RTC_TURN_URLS", c->rtc_turn_urls, true, &turn, err, errlen))
		return -EINVAL;
	bool user = c->rtc_turn_username[0], cred = c->rtc_turn_credential[0], secret = c->rtc_turn_secret[0];
	const char *why = NULL;
	if (!good_text(c->rtc_turn_username) || !good_text(c->rtc_turn_credential) || !good_text(c->rtc_turn_secret))
		why = "RTC_TURN_USERNAME, RTC_TURN_CREDENTIAL and RTC_TURN_SECRET are printable text of at most 512 bytes";
	else if (user != cred)
		why = "RTC_TURN_USERNAME and RTC_TURN_CREDENTIAL go together";
	else if (secret && user)
		why = "set RTC_TURN_SECRET or RTC_TURN_USERNAME and RTC_TURN_CREDENTIAL, not both";
	else if (turn && !secret && !user)
		why = "RTC_TURN_URLS needs RTC_TURN_SECRET (or RTC_TURN_USERNAME and RTC_TURN_CREDENTIAL)";
	else if (!turn && (secret || user))
		why = "TURN credentials are set but RTC_TURN_URLS is empty";
	if (why) {
		str_copy(err, errlen, why);
		return -EINVAL;
	}
	return 0;
}

/* {"urls": [...]} of a checked list, or NULL when it is empty. */
static json_t *server_entry(const char *list)
{
	json_t *urls = json_array();
	const char *p = list, *u;
	size_t n;
	while (urls && next_item(&p, &u, &n))
		json_array_append_new(urls, json_stringn(u, n));
	if (!urls || !json_array_size(urls)) {
		json_decref(urls);
		return NULL;
	}
	return json_pack("{s:o}", "urls", urls);
}

json_t *rtc_config_json(const struct config *c, int64_t user_id, int64_t now_s)
{
	json_t *servers = json_array(), *out = json_pack("{s:o}", "iceServers", servers);
	if (!out)
		return NULL;
	json_t *stun = server_entry(c->rtc_stun_urls), *turn = server_entry(c->rtc_turn_urls);
	if (stun)
		json_array_append_new(servers, stun);
	if (!turn)
		return out;
	if (c->rtc_turn_secret[0]) {
		/* coturn's REST API: the username names the user and when the
		 * credential stops working; the credential proves the server
		 * made it. The secret itself stays here. */
		int64_t expiry = now_s + c->rtc_turn_ttl;
		char username[48];
		unsigned char mac[20];
		str_printf(username, sizeof(username), "%lld:%lld", (long long)expiry, (long long)user_id);
		hmac_sha1(c->rtc_turn_secret, strlen(c->rtc_turn_secret), username, strlen(username), mac);
		char *cred = base64_encode(mac, sizeof(mac), false, NULL);
		if (!cred) {
			json_decref(turn);
			json_decref(out);
			return NULL;
		}
		json_object_set_new(turn, "username", json_string(username));
		json_object_set_new(turn, "credential", json_string(cred));
		json_object_set_new(out, "expires_at", json_integer(expiry * 1000));
		free(cred);
	} else {
		json_object_set_new(turn, "username", json_string(c->rtc_turn_username));
		json_object_set_new(turn, "credential", json_string(c->rtc_turn_credential));
	}
	json_array_append_new(servers, turn);
	return out;
}
