/* rtc.h - the ICE servers the rooms' audio call is given (docs/platform.md
 * "Audio call"): STUN and TURN URLs from the server's settings (RTC_*),
 * and TURN credentials that are either static or, better, made per user
 * from coturn's shared secret (its REST API, use-auth-secret), so that
 * the page never holds a key that outlives a day. The media itself never
 * passes through pairbox: the browsers talk to each other, or through the
 * operator's TURN server. */
#ifndef PAIRBOX_RTC_H
#define PAIRBOX_RTC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct config;

#define RTC_URLS_MAX 16               /* URLs in one setting */
#define RTC_URL_MAX 255               /* bytes of one URL */
#define RTC_TEXT_MAX 512              /* bytes of a static username, credential or secret */

/* Are the RTC_* settings usable? 0, or -EINVAL with err naming the
 * setting and what is wrong (a URL of the wrong scheme or shape, TURN
 * URLs without credentials or credentials without TURN URLs, both a
 * secret and a static pair, half of a static pair). The server refuses
 * to start on it, so no user finds out in a call. */
int rtc_settings_check(const struct config *c, char *err, size_t errlen);

/* GET /api/v1/rtc-config's body for user_id at now_s (Unix seconds):
 * {"iceServers": [{"urls": [...]}, {"urls": [...], "username",
 * "credential"}]}, as RTCPeerConnection takes it; with RTC_TURN_SECRET
 * the TURN entry's username is "<expiry>:<user_id>" and its credential
 * base64(HMAC-SHA1(secret, username)), and "expires_at" (Unix ms) says
 * when. {"iceServers": []} when nothing is set. The settings must have
 * passed rtc_settings_check. New reference; NULL on ENOMEM. */
json_t *rtc_config_json(const struct config *c, int64_t user_id, int64_t now_s);

#endif
