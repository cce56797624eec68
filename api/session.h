/* session.h - login sessions' tokens and cookies (docs/platform.md,
 * "Sessions"): a token is 32 random bytes (getrandom) in base64url, the
 * store keeps only the SHA-256 of its text, and the browser holds it in
 * the cookie pairbox_session (HttpOnly, SameSite=Lax, Path=/, Max-Age,
 * and Secure behind TLS); who of the session's users are the server's
 * admins. Pure but for getrandom: unit-tested alone. */
#ifndef PAIRBOX_SESSION_H
#define PAIRBOX_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SESSION_COOKIE "pairbox_session"
#define SESSION_TOKEN_LEN 43          /* 32 bytes in base64url, no padding */
#define SESSION_HASH_LEN 32           /* SHA-256 */
#define SESSION_COOKIE_MAX 160        /* a Set-Cookie value */

/* A new token and its hash. 0, or -EIO when the kernel gives no random
 * bytes. */
int session_token_new(char token[SESSION_TOKEN_LEN + 1], unsigned char hash[SESSION_HASH_LEN]);

/* The hash of a token as a cookie brings it back: -EINVAL unless it has a
 * token's shape (43 characters of base64url), so that nothing else ever
 * reaches the store. */
int session_token_hash(const char *token, unsigned char hash[SESSION_HASH_LEN]);

/* The Set-Cookie value that holds token for max_age_s seconds, or, with
 * token NULL, the one that clears it (Max-Age=0). */
void session_cookie(char out[SESSION_COOKIE_MAX], const char *token, uint64_t max_age_s, bool secure);

/* ---- the server's admins (ADMIN_USERS / --admin) ---- */

struct config;
struct store_user;

/* Is u (a session's user, NULL: nobody) one of the server's admins: is
 * its username in cfg->admin_users (comma-separated, spaces around names
 * ignored, compared case-blind as usernames are)? An admin may read every
 * room's replay; nothing else in a room is theirs. */
bool session_is_admin(const struct config *cfg, const struct store_user *u);

/* Why an ADMIN_USERS list does not read (into why, naming the entry): 0,
 * or -EINVAL when an entry is not a username (3-32 of [a-z0-9_-], capitals
 * taken as lower case) or the list names nobody but holds commas. */
int session_admins_check(const char *list, char *why, size_t len);

#endif
