/* test_session.c - session tokens and cookies (api/session.c): 43
 * characters of base64url from 32 random bytes, all different, the
 * store's hash is the SHA-256 of the token's text, anything not shaped
 * like a token is refused before it is hashed, and the cookie's exact
 * attributes with and without Secure. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "session.h"
#include "store.h"
#include "sha256.h"

#define NTOKENS 2000

static int cmp_tokens(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_tokens(void)
{
	static char tokens[NTOKENS][SESSION_TOKEN_LEN + 1];
	unsigned seen_first[64] = { 0 };
	for (int i = 0; i < NTOKENS; i++) {
		unsigned char hash[SESSION_HASH_LEN], again[SESSION_HASH_LEN], want[SESSION_HASH_LEN];
		CHECK_EQ_INT(session_token_new(tokens[i], hash), 0);
		CHECK_EQ_INT(strlen(tokens[i]), SESSION_TOKEN_LEN);
		CHECK_EQ_INT(strspn(tokens[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			     SESSION_TOKEN_LEN);
		/* The hash is the SHA-256 of the token's text, as a cookie brings it. */
		struct sha256 h;
		sha256_init(&h);
		sha256_update(&h, tokens[i], SESSION_TOKEN_LEN);
		sha256_final(&h, want);
		CHECK(!memcmp(hash, want, sizeof(want)));
		CHECK_EQ_INT(session_token_hash(tokens[i], again), 0);
		CHECK(!memcmp(hash, again, sizeof(again)));
		const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		seen_first[strchr(abc, tokens[i][0]) - abc]++;
	}
	/* All different (256 random bits each), and the first character
	 * spread over the whole alphabet (2000 draws of 64: each about 31). */
	qsort(tokens, NTOKENS, sizeof(tokens[0]), cmp_tokens);
	int dups = 0;
	for (int i = 1; i < NTOKENS; i++)
		dups += !strcmp(tokens[i - 1], tokens[i]);
	CHECK_EQ_INT(dups, 0);
	int empty = 0;
	for (int i = 0; i < 64; i++)
		empty += seen_first[i] == 0;
	CHECK_EQ_INT(empty, 0);
}

static void test_refused_shapes(void)
{
	unsigned char hash[SESSION_HASH_LEN];
	char good[SESSION_TOKEN_LEN + 1];
	CHECK_EQ_INT(session_token_new(good, hash), 0);
	char buf[128];
	CHECK_EQ_INT(session_token_hash(NULL, hash), -EINVAL);
	CHECK_EQ_INT(session_token_hash("", hash), -EINVAL);
	snprintf(buf, sizeof(buf), "%.42s", good);                 /* one short */
	CHECK_EQ_INT(session_token_hash(buf, hash), -EINVAL);
	snprintf(buf, sizeof(buf), "%sA", good);                   /* one long */
	CHECK_EQ_INT(session_token_hash(buf, hash), -EINVAL);
	const char *bad = "+/=. ;\"\\\x01\xc3";
	for (const char *b = bad; *b; b++) {
		snprintf(buf, sizeof(buf), "%s", good);
		buf[7] = *b;                                            /* standard base64, padding, cookie syntax */
		CHECK_EQ_INT(session_token_hash(buf, hash), -EINVAL);
	}
}

static void test_cookie(void)
{
	char c[SESSION_COOKIE_MAX];
	const char *token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_";
	session_cookie(c, token, 30 * 86400, false);
	CHECK_EQ_STR(c, "pairbox_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_; HttpOnly; SameSite=Lax; Path=/;"
			" Max-Age=2592000");
	session_cookie(c, token, 86400, true);
	CHECK_EQ_STR(c, "pairbox_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_; HttpOnly; SameSite=Lax; Path=/;"
			" Max-Age=86400; Secure");
	session_cookie(c, NULL, 86400, false);
	CHECK_EQ_STR(c, "pairbox_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
	session_cookie(c, NULL, 86400, true);
	CHECK_EQ_STR(c, "pairbox_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure");
	/* The longest: ten years of days, Secure. */
	session_cookie(c, token, 3650ULL * 86400, true);
	CHECK(strstr(c, "Max-Age=315360000; Secure") != NULL);
}

/* ADMIN_USERS: who is an admin (case-blind, spaces around names), and
 * what the server refuses to start with. */
static void test_admins(void)
{
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	struct store_user u;
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "ada");
	CHECK(!session_is_admin(&cfg, &u));                  /* no list */
	cfg.admin_users = "";
	CHECK(!session_is_admin(&cfg, &u));
	cfg.admin_users = "bob, Ada ,cy";
	CHECK(session_is_admin(&cfg, &u));
	CHECK(!session_is_admin(&cfg, NULL));
	snprintf(u.username, sizeof(u.username), "ad");
	CHECK(!session_is_admin(&cfg, &u));                  /* a prefix is not a name */
	snprintf(u.username, sizeof(u.username), "cy");
	CHECK(session_is_admin(&cfg, &u));
	u.username[0] = '\0';                                 /* a deleted account */
	cfg.admin_users = ",";
	CHECK(!session_is_admin(&cfg, &u));
	char why[160] = "";
	CHECK_EQ_INT(session_admins_check("", why, sizeof(why)), 0);
	CHECK_EQ_INT(session_admins_check(NULL, why, sizeof(why)), 0);
	CHECK_EQ_INT(session_admins_check("ada, Bob_2,c-y,", why, sizeof(why)), 0);
	CHECK_EQ_INT(session_admins_check("ada,b", why, sizeof(why)), -EINVAL);
	CHECK(strstr(why, "'b'") != NULL);
	CHECK_EQ_INT(session_admins_check("ada,bob smith", why, sizeof(why)), -EINVAL);
	CHECK(strstr(why, "bob smith") != NULL);
	CHECK_EQ_INT(session_admins_check(" , ", why, sizeof(why)), -EINVAL);
}

int main(void)
{
	test_tokens();
	test_refused_shapes();
	test_cookie();
	test_admins();
	return check_done();
}
