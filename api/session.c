/* session.c - session tokens and their cookies, and who is an admin (session.h). */
#define _GNU_SOURCE
#include "session.h"
#include "base64.h"
#include "config.h"
#include "sha256.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

static void token_digest(const char *token, unsigned char hash[SESSION_HASH_LEN])
{
	struct sha256 h;
	sha256_init(&h);
	sha256_update(&h, token, strlen(token));
	sha256_final(&h, hash);
}

int session_token_new(char token[SESSION_TOKEN_LEN + 1], unsigned char hash[SESSION_HASH_LEN])
{
	unsigned char raw[32];
	size_t got = 0;
	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0 && errno != EINTR)
			return -EIO;
		got += n > 0 ? (size_t)n : 0;
	}
	size_t len = 0;
	char *b64 = base64_encode(raw, sizeof(raw), false, &len);
	explicit_bzero(raw, sizeof(raw));
	if (!b64)
		return -EIO;
	/* base64url (RFC 4648 section 5): the two symbols a cookie or a URL
	 * would need quoted swapped, and no padding. */
	for (size_t i = 0; i < SESSION_TOKEN_LEN; i++)
		token[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	token[SESSION_TOKEN_LEN] = '\0';
	explicit_bzero(b64, len);
	free(b64);
	token_digest(token, hash);
	return 0;
}

int session_token_hash(const char *token, unsigned char hash[SESSION_HASH_LEN])
{
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return -EINVAL;
	for (const char *p = token; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return -EINVAL;
	token_digest(token, hash);
	return 0;
}

void session_cookie(char out[SESSION_COOKIE_MAX], const char *token, uint64_t max_age_s, bool secure)
{
	str_printf(out, SESSION_COOKIE_MAX, "%s=%s; HttpOnly; SameSite=Lax; Path=/; Max-Age=%llu%s", SESSION_COOKIE,
		   token ? token : "", token ? (unsigned long long)max_age_s : 0ULL, secure ? "; Secure" : "");
}

/* ---- admins ---- */

/* The next entry of a comma-separated list from *p: [*start, *end) with
 * the spaces around it trimmed; false at the end. */
static bool next_entry(const char **p, const char **start, const char **end)
{
	const char *s = *p;
	if (!*s)
		return false;
	const char *comma = strchr(s, ',');
	const char *e = comma ? comma : s + strlen(s);
	*p = comma ? comma + 1 : e;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*start = s;
	*end = e;
	return true;
}

bool session_is_admin(const struct config *cfg, const struct store_user *u)
{
	if (!u || !u->username[0] || !cfg->admin_users)
		return false;
	size_t n = strlen(u->username);
	const char *p = cfg->admin_users, *s, *e;
	while (next_entry(&p, &s, &e))
		if ((size_t)(e - s) == n && !strncasecmp(s, u->username, n))
			return true;
	return false;
}

int session_admins_check(const char *list, char *why, size_t len)
{
	const char *p = list ? list : "", *s, *e;
	size_t named = 0;
	bool entries = false;
	while (next_entry(&p, &s, &e)) {
		entries = true;
		size_t n = (size_t)(e - s);
		if (!n)
			continue;                /* "a,,b" or a trailing comma */
		bool ok = n >= 3 && n <= STORE_USERNAME_MAX;
		for (const char *c = s; ok && c < e; c++)
			ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
			     *c == '-';
		if (!ok) {
			str_printf(why, len, "ADMIN_USERS: '%.*s' is not a username (3 to 32 of a-z, 0-9, _ and -)",
				   (int)(n > 64 ? 64 : n), s);
			return -EINVAL;
		}
		named++;
	}
	if (entries && !named) {
		str_printf(why, len, "ADMIN_USERS: '%s' names nobody", list);
		return -EINVAL;
	}
	return 0;
}
