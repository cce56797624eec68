/* fuzz_ws.c - the WebSocket frame parser (api/ws_frame.c) as ws.c feeds
 * it. The first byte sets the parser (bit 0: frames from a client, so
 * masked; bit 1: binary allowed; bits 2-3: the message cap, 16 bytes to
 * 256 KiB; bits 4-7: the size of the pieces the rest arrives in); the rest
 * is the stream.
 * Properties: a call either completes an event or takes every byte; the
 * events do not depend on how the stream was cut (whole, or in pieces);
 * text is valid UTF-8, NUL-terminated and within the cap; control payloads
 * fit 125 bytes; a close's code is one an endpoint may send (or 1005);
 * an error's code is one the parser documents, and it sticks; every text
 * message, encoded again and masked, reads back the same on a fresh
 * parser. */
#include "fuzz.h"
#include "ws_frame.h"

#include <stdbool.h>
#include <string.h>

#define MAXEV 64

struct trace {
	int n;
	enum ws_event_kind kind[MAXEV];
	size_t len[MAXEV];
	unsigned code[MAXEV];
	uint32_t sum[MAXEV];          /* a checksum of the payload */
};

static uint32_t checksum(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void reread(const unsigned char *text, size_t len, size_t cap)
{
	static const unsigned char key[4] = { 0xa5, 0x01, 0x7f, 0x33 };
	unsigned char *f = malloc(len + WS_HEADER_MAX);
	if (!f)
		abort();
	size_t h = ws_frame_header(f, WS_OP_TEXT, true, len, key);
	memcpy(f + h, text, len);
	ws_mask(f + h, len, key, 0);
	struct ws_parser p;
	struct ws_event ev;
	ws_parser_init(&p, cap, true, false);
	size_t used = ws_parser_feed(&p, f, h + len, &ev);
	FUZZ_CHECK(used == h + len && ev.kind == WS_EV_TEXT && ev.len == len && !memcmp(ev.data, text, len),
		   "a text message encoded again reads back the same");
	ws_parser_release(&p);
	free(f);
}

/* Feed data in pieces of chunk bytes (0: whole); record the events. */
static void feed(const unsigned char *data, size_t size, size_t chunk, unsigned cfg, size_t cap, struct trace *t)
{
	struct ws_parser p;
	ws_parser_init(&p, cap, cfg & 1, cfg & 2);
	memset(t, 0, sizeof(*t));
	size_t off = 0;
	bool failed = false;
	while (off < size && !failed) {
		size_t piece = chunk && size - off > chunk ? chunk : size - off;
		unsigned char *buf = malloc(piece);
		if (!buf)
			abort();
		memcpy(buf, data + off, piece);
		size_t at = 0;
		while (at < piece && !failed) {
			struct ws_event ev;
			size_t n = ws_parser_feed(&p, buf + at, piece - at, &ev);
			FUZZ_CHECK(n <= piece - at, "never takes more than it was given");
			at += n;
			if (ev.kind == WS_EV_NONE) {
				FUZZ_CHECK(at == piece, "no event: every byte taken");
				continue;
			}
			switch (ev.kind) {
			case WS_EV_TEXT:
				FUZZ_CHECK(ev.len <= cap, "a message within the cap");
				FUZZ_CHECK(ws_utf8_valid(ev.data, ev.len), "text is UTF-8");
				FUZZ_CHECK(ev.data[ev.len] == '\0', "text is NUL-terminated");
				reread(ev.data, ev.len, cap);
				break;
			case WS_EV_BINARY:
				FUZZ_CHECK(cfg & 2, "binary only when allowed");
				FUZZ_CHECK(ev.len <= cap, "a message within the cap");
				break;
			case WS_EV_PING:
			case WS_EV_PONG:
				FUZZ_CHECK(ev.len <= WS_CONTROL_MAX, "control payloads fit 125 bytes");
				break;
			case WS_EV_CLOSE:
				FUZZ_CHECK(ev.code == WS_CLOSE_NO_STATUS || ws_close_code_valid(ev.code), "a sendable close code");
				FUZZ_CHECK(ev.len <= WS_CONTROL_MAX - 2 && ws_utf8_valid(ev.data, ev.len), "a UTF-8 reason");
				break;
			case WS_EV_ERROR: {
				unsigned c = ev.code;
				FUZZ_CHECK(c == WS_CLOSE_PROTOCOL || c == WS_CLOSE_UNSUPPORTED || c == WS_CLOSE_BAD_DATA ||
					   c == WS_CLOSE_TOO_BIG || c == WS_CLOSE_SERVER_ERROR, "a documented error code");
				FUZZ_CHECK(ev.why && ev.why[0], "an error says why");
				struct ws_event again;
				FUZZ_CHECK(ws_parser_feed(&p, "\x81", 1, &again) == 0 && again.kind == WS_EV_ERROR &&
					   again.code == c, "an error sticks");
				failed = true;
				break;
			}
			default:
				FUZZ_CHECK(0, "a known event kind");
			}
			if (t->n < MAXEV) {
				t->kind[t->n] = ev.kind;
				t->len[t->n] = ev.len;
				t->code[t->n] = ev.code;
				t->sum[t->n] = ev.data ? checksum(ev.data, ev.len) : 0;
			}
			t->n++;
		}
		free(buf);
		off += piece;
	}
	ws_parser_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned cfg = data[0];
	static const size_t caps[4] = { 16, 1000, 65536, 262144 };
	size_t cap = caps[(cfg >> 2) & 3], chunk = (cfg >> 4) + 1;
	struct trace whole, cut;
	feed(data + 1, size - 1, 0, cfg, cap, &whole);
	feed(data + 1, size - 1, chunk, cfg, cap, &cut);
	FUZZ_CHECK(whole.n == cut.n, "as many events however the stream is cut");
	for (int i = 0; i < whole.n && i < MAXEV; i++)
		FUZZ_CHECK(whole.kind[i] == cut.kind[i] && whole.len[i] == cut.len[i] && whole.code[i] == cut.code[i] &&
			   whole.sum[i] == cut.sum[i], "the same events however the stream is cut");
	return 0;
}
