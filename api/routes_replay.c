/* routes_replay.c - a room's replay over HTTP (docs/platform.md "Replay"):
 *
 *   GET /api/v1/rooms/:id/replay[?after=SEQ&limit=N&snapshot_every=N]
 *
 * For the room's participants (a row of room_members) and the server's
 * admins (ADMIN_USERS); anyone else gets 404 {"error": "room not found"},
 * as from every room route. Each page is REPLAY_PER_MINUTE's to count (a
 * page replays the room's log from its start: cheap to ask, not to
 * answer). gzip for a client that takes it (a one-hour session's text
 * shrinks about sevenfold). */
#define _GNU_SOURCE
#include "accounts.h"
#include "app.h"
#include "http.h"
#include "http_parse.h"
#include "outbuf.h"
#include "ratelimit.h"
#include "replay.h"
#include "session.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define GZIP_FROM 1024                 /* bodies smaller than this go as they are */

/* A query number in [min, max] (def when absent): true, or false with the
 * 422 answered. */
static bool query_u32(struct http_req *req, struct http_resp *resp, const char *name, uint32_t min, uint32_t max,
		      uint32_t def, uint32_t *out)
{
	const char *v = http_query(req, name);
	*out = def;
	if (v && (parse_u32(v, out) || *out < min || *out > max)) {
		char m[96];
		str_printf(m, sizeof(m), "must be an integer from %u to %u", min, max);
		http_field_error(resp, name, m);
		return false;
	}
	return true;
}

/* in[0..len) gzipped into a malloc'd buffer: 0 and *out, *outlen; -ENOMEM. */
static int gzip(const char *in, size_t len, char **out, size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper; level 1: a few ms a megabyte, most of the gain
	 * on JSON this repetitive. */
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	size_t cap = deflateBound(&z, (uLong)len);
	char *buf = malloc(cap);
	int r = -ENOMEM;
	if (buf) {
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		z.next_out = (Bytef *)buf;
		z.avail_out = (uInt)cap;
		if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
			*out = buf;
			*outlen = z.total_out;
			buf = NULL;
			r = 0;
		}
	}
	deflateEnd(&z);
	free(buf);
	return r;
}

static void replay(struct http_req *req, struct http_resp *resp)
{
	struct app *app = req->app;
	uint32_t after, limit, every;
	if (!query_u32(req, resp, "after", 0, UINT32_MAX - 1, 0, &after) ||
	    !query_u32(req, resp, "limit", 1, REPLAY_LIMIT_MAX, REPLAY_LIMIT_MAX, &limit) ||
	    !query_u32(req, resp, "snapshot_every", 1, REPLAY_SNAPSHOT_MAX, REPLAY_SNAPSHOT_DEFAULT, &every))
		return;
	struct store_room row;
	int e = strlen(req->params[0]) <= STORE_ROOM_ID_LEN ? store_room_get(app->store, req->params[0], &row) : -ENOENT;
	int64_t uid = req->user->id;
	if (!e && row.users[0] != uid && row.users[1] != uid && !session_is_admin(&app->cfg, req->user))
		e = -ENOENT;            /* a stranger learns nothing, not even that the room exists */
	if (e) {
		http_error(resp, e == -ENOENT ? 404 : 500, e == -ENOENT ? "room not found" : "the room could not be read");
		return;
	}
	char key[32];
	str_printf(key, sizeof(key), "%lld", (long long)uid);
	unsigned wait = ratelimit_take(app->accounts->replay_user, key, now_ms());
	if (wait) {
		accounts_too_many(resp, wait, "too many replays: wait a little");
		return;
	}
	struct replay_req q = { .after_seq = after, .limit = limit, .snapshot_every = every,
				.max_bytes = REPLAY_PAGE_BYTES, .viewer = uid };
	struct outbuf out;
	outbuf_init_policy(&out, REPLAY_PAGE_CAP, OUTBUF_REFUSE);
	e = replay_page(app, &row, &q, &out);
	if (e) {
		outbuf_release(&out);
		if (e == -ERANGE)
			http_field_error(resp, "after", "is past the end of the room's log");
		else
			http_error(resp, 500, e == -EIO ? "the room's log could not be read" : "the replay is too big to answer");
		return;
	}
	char *z = NULL;
	size_t zlen = 0;
	http_add_header(resp, "Cache-Control", "private, no-store");
	http_add_header(resp, "Vary", "Accept-Encoding");
	if (out.len >= GZIP_FROM && http_accepts_gzip(http_header(req, "Accept-Encoding")) &&
	    gzip(out.data, out.len, &z, &zlen) == 0) {
		http_add_header(resp, "Content-Encoding", "gzip");
		outbuf_release(&out);
		resp->body = z;
		resp->body_len = zlen;
	} else {
		resp->body = out.data;            /* the buffer's text, handed over */
		resp->body_len = out.len;
	}
	resp->status = 200;
	resp->content_type = "application/json; charset=utf-8";
}

const struct http_route routes_replay[] = {
	{ "GET", "/api/v1/rooms/:id/replay", replay, HTTP_AUTH_NONE, ROUTE_SESSION | ROUTE_PLATFORM_BODY },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
