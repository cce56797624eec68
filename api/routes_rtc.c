/* routes_rtc.c - the rooms' audio call over HTTP (docs/platform.md
 * "Audio call"):
 *
 *   GET /api/v1/rtc-config   the ICE servers for RTCPeerConnection
 *
 * A logged-in user's route: the TURN credential it carries is made for
 * that user (rtc.h), so it is never cached and never given to a page
 * without a session. The call's signalling goes over the room's channel
 * (docs/realtime.md "The audio call"); the media never comes here. */
#define _GNU_SOURCE
#include "app.h"
#include "http.h"
#include "rtc.h"
#include "store.h"

#include <time.h>

static void rtc_config(struct http_req *req, struct http_resp *resp)
{
	json_t *o = rtc_config_json(&req->app->cfg, req->user->id, (int64_t)time(NULL));
	if (!o) {
		http_error(resp, 500, "out of memory");
		return;
	}
	http_add_header(resp, "Cache-Control", "no-store");
	http_json(resp, 200, o);
}

const struct http_route routes_rtc[] = {
	{ "GET", "/api/v1/rtc-config", rtc_config, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
