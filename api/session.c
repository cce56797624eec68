/* session.c - session tokens and their cookies (session.h). */
#define _GNU_SOURCE
#include "session.h"
#include "base64.h"
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
