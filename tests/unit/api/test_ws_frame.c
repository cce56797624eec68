/* test_ws_frame.c - the RFC 6455 frame parser and encoder (api/ws_frame.c):
 * the RFC's own examples, a table of streams with the events or the close
 * code each must give (masking, fragments with control frames between
 * them, UTF-8 split across fragments, caps, control frame rules, length
 * forms), each fed whole, a byte at a time and in chunks of 7; the
 * encoder round trip; the close payload; the accept key and the
 * handshake's checks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ws_frame.h"

#define MAXEV 8

struct got {
	int n;                        /* events */
	enum ws_event_kind kind[MAXEV];
	char data[MAXEV][300];        /* first bytes of each payload, NUL-terminated */
	size_t len[MAXEV];
	unsigned code[MAXEV];
	size_t used;                  /* bytes taken in all */
};

/* Feed s[0..len) in pieces of chunk bytes (0: whole), as ws.c does: call
 * again on the rest after each event, stop at an error. */
static void run(struct ws_parser *p, const unsigned char *s, size_t len, size_t chunk, struct got *g)
{
	memset(g, 0, sizeof(*g));
	size_t off = 0;
	while (off < len) {
		size_t piece = chunk && len - off > chunk ? chunk : len - off;
		/* The piece in a heap block of its own size: ASan sees an overread. */
		unsigned char *buf = malloc(piece);
		memcpy(buf, s + off, piece);
		size_t at = 0;
		bool stop = false;
		while (at < piece && !stop) {
			struct ws_event ev;
			size_t n = ws_parser_feed(p, buf + at, piece - at, &ev);
			at += n;
			if (ev.kind == WS_EV_NONE) {
				CHECK(at == piece);
				continue;
			}
			if (g->n < MAXEV) {
				g->kind[g->n] = ev.kind;
				g->len[g->n] = ev.len;
				g->code[g->n] = ev.code;
				size_t k = ev.len < sizeof(g->data[0]) - 1 ? ev.len : sizeof(g->data[0]) - 1;
				if (ev.data)
					memcpy(g->data[g->n], ev.data, k);
				if (ev.kind == WS_EV_TEXT)
					CHECK(ev.data[ev.len] == '\0');
			}
			g->n++;
			stop = ev.kind == WS_EV_ERROR;
		}
		free(buf);
		off += at;
		g->used = off;
		if (stop)
			return;
	}
}

/* A frame as a client sends it (masked with a fixed key), or a server
 * (mask false), appended to out at *n. */
static void frame(unsigned char *out, size_t *n, unsigned b0, const void *payload, size_t len, bool mask)
{
	static const unsigned char key[4] = { 0x37, 0xfa, 0x21, 0x3d };
	size_t h = ws_frame_header(out + *n, (enum ws_opcode)(b0 & 0x0f), b0 & 0x80, len, mask ? key : NULL);
	out[*n] = (unsigned char)b0;             /* the test's own bits (RSV) kept */
	*n += h;
	memcpy(out + *n, payload, len);
	if (mask)
		ws_mask(out + *n, len, key, 0);
	*n += len;
}

static void rfc_examples(void)
{
	struct ws_parser p;
	struct got g;
	/* 5.7: a single-frame unmasked text message (a server's, read by a client). */
	static const unsigned char hello[] = { 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f };
	ws_parser_init(&p, 1024, false, false);
	run(&p, hello, sizeof(hello), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_TEXT && !strcmp(g.data[0], "Hello"));
	ws_parser_release(&p);
	/* ... the same masked, as a client sends it. */
	static const unsigned char masked[] = { 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
	ws_parser_init(&p, 1024, true, false);
	run(&p, masked, sizeof(masked), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_TEXT && !strcmp(g.data[0], "Hello"));
	ws_parser_release(&p);
	/* ... unmasked to a server: 1002. */
	ws_parser_init(&p, 1024, true, false);
	run(&p, hello, sizeof(hello), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_ERROR && g.code[0] == WS_CLOSE_PROTOCOL && g.used == 2);
	ws_parser_release(&p);
	/* A fragmented unmasked text message. */
	static const unsigned char frag[] = { 0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f };
	ws_parser_init(&p, 1024, false, false);
	run(&p, frag, sizeof(frag), 1, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_TEXT && !strcmp(g.data[0], "Hello"));
	ws_parser_release(&p);
	/* Unmasked ping, masked pong ("Hello" both). */
	static const unsigned char ping[] = { 0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f };
	ws_parser_init(&p, 1024, false, false);
	run(&p, ping, sizeof(ping), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_PING && g.len[0] == 5 && !strcmp(g.data[0], "Hello"));
	ws_parser_release(&p);
	static const unsigned char pong[] = { 0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
	ws_parser_init(&p, 1024, true, false);
	run(&p, pong, sizeof(pong), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_PONG && !strcmp(g.data[0], "Hello"));
	ws_parser_release(&p);
	/* 256 bytes and 64 KiB of binary in one unmasked frame: the 16- and 64-bit lengths. */
	static unsigned char big[10 + 65536];
	static const unsigned char h256[] = { 0x82, 0x7e, 0x01, 0x00 };
	static const unsigned char h64k[] = { 0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00 };
	memcpy(big, h256, sizeof(h256));
	ws_parser_init(&p, 65536, false, true);
	run(&p, big, sizeof(h256) + 256, 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_BINARY && g.len[0] == 256);
	ws_parser_release(&p);
	memcpy(big, h64k, sizeof(h64k));
	ws_parser_init(&p, 65536, false, true);
	run(&p, big, sizeof(h64k) + 65536, 4096, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_BINARY && g.len[0] == 65536);
	ws_parser_release(&p);
	/* 4.2.2's handshake example. */
	char acc[29];
	CHECK(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", acc) == 0);
	CHECK_EQ_STR(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	CHECK(ws_accept_key("  dGhlIHNhbXBsZSBub25jZQ==\t", acc) == 0);
	CHECK_EQ_STR(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

/* One row: frames a client sends (masked unless the row says), fed to a
 * server's parser with a 1000-byte cap; the events wanted in order, the
 * last an error's code when code != 0. */
struct row {
	const char *name;
	int nframes;
	struct { unsigned b0; const char *payload; size_t len; bool unmasked; } f[5];
	int nev;
	enum ws_event_kind ev[4];
	const char *text[4];          /* TEXT / PING / CLOSE-reason payloads, NULL: unchecked */
	unsigned code;                /* the error's close code, or CLOSE's code */
};

#define T(s) s, sizeof(s) - 1, false       /* a masked frame's payload */
#define U(s) s, sizeof(s) - 1, true        /* an unmasked one's */
static const struct row rows[] = {
	{ "text", 1, { { 0x81, T("hi") } }, 1, { WS_EV_TEXT }, { "hi" }, 0 },
	{ "empty text", 1, { { 0x81, T("") } }, 1, { WS_EV_TEXT }, { "" }, 0 },
	{ "fragments", 3, { { 0x01, T("a") }, { 0x00, T("b") }, { 0x80, T("c") } }, 1, { WS_EV_TEXT }, { "abc" }, 0 },
	{ "empty fragments", 3, { { 0x01, T("") }, { 0x00, T("x") }, { 0x80, T("") } }, 1, { WS_EV_TEXT }, { "x" }, 0 },
	{ "ping between fragments", 3, { { 0x01, T("ab") }, { 0x89, T("p") }, { 0x80, T("cd") } },
	  2, { WS_EV_PING, WS_EV_TEXT }, { "p", "abcd" }, 0 },
	{ "pong and close between fragments", 4, { { 0x01, T("ab") }, { 0x8a, T("") }, { 0x88, T("\x03\xe8" "bye") },
	  { 0x80, T("cd") } }, 2, { WS_EV_PONG, WS_EV_CLOSE }, { "", "bye" }, 1000 },
	{ "two messages", 2, { { 0x81, T("one") }, { 0x81, T("two") } }, 2, { WS_EV_TEXT, WS_EV_TEXT }, { "one", "two" }, 0 },
	{ "euro split over fragments", 3, { { 0x01, T("\xe2") }, { 0x00, T("\x82") }, { 0x80, T("\xac!") } },
	  1, { WS_EV_TEXT }, { "\xe2\x82\xac!" }, 0 },
	{ "emoji", 1, { { 0x81, T("\xf0\x9f\x98\x80") } }, 1, { WS_EV_TEXT }, { "\xf0\x9f\x98\x80" }, 0 },
	{ "bad UTF-8 split over fragments", 2, { { 0x01, T("ok\xe2\x82") }, { 0x80, T("\x28") } },
	  1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_BAD_DATA },
	{ "UTF-8 cut at the end", 2, { { 0x01, T("ok") }, { 0x80, T("\xe2\x82") } }, 1, { WS_EV_ERROR }, { NULL },
	  WS_CLOSE_BAD_DATA },
	{ "overlong", 1, { { 0x81, T("\xc0\xaf") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_BAD_DATA },
	{ "surrogate", 1, { { 0x81, T("\xed\xa0\x80") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_BAD_DATA },
	{ "past U+10FFFF", 1, { { 0x81, T("\xf4\x90\x80\x80") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_BAD_DATA },
	{ "unmasked", 1, { { 0x81, U("hi") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "unmasked second fragment", 2, { { 0x01, T("a") }, { 0x80, U("b") } }, 1, { WS_EV_ERROR }, { NULL },
	  WS_CLOSE_PROTOCOL },
	{ "reserved bit", 1, { { 0xc1, T("hi") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "opcode 3", 1, { { 0x83, T("") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "opcode 0xb", 1, { { 0x8b, T("") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "continuation first", 1, { { 0x80, T("x") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "text inside fragments", 2, { { 0x01, T("a") }, { 0x81, T("b") } }, 1, { WS_EV_ERROR }, { NULL },
	  WS_CLOSE_PROTOCOL },
	{ "binary", 1, { { 0x82, T("\x00\x01") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_UNSUPPORTED },
	{ "binary after text", 2, { { 0x81, T("a") }, { 0x02, T("b") } }, 2, { WS_EV_TEXT, WS_EV_ERROR }, { "a" },
	  WS_CLOSE_UNSUPPORTED },
	{ "fragmented ping", 1, { { 0x09, T("p") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "close of one byte", 1, { { 0x88, T("\x03") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "close 1005", 1, { { 0x88, T("\x03\xed") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "close 999", 1, { { 0x88, T("\x03\xe7") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "close 5000", 1, { { 0x88, T("\x13\x88") } }, 1, { WS_EV_ERROR }, { NULL }, WS_CLOSE_PROTOCOL },
	{ "close 4000", 1, { { 0x88, T("\x0f\xa0") } }, 1, { WS_EV_CLOSE }, { "" }, 4000 },
	{ "close without code", 1, { { 0x88, T("") } }, 1, { WS_EV_CLOSE }, { "" }, WS_CLOSE_NO_STATUS },
	{ "close reason not UTF-8", 1, { { 0x88, T("\x03\xe8\xff") } }, 1, { WS_EV_ERROR }, { NULL },
	  WS_CLOSE_BAD_DATA },
	{ "nothing after close", 2, { { 0x88, T("\x03\xe8") }, { 0x81, T("late") } }, 1, { WS_EV_CLOSE }, { "" }, 1000 },
};

static void table(void)
{
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *w = &rows[r];
		unsigned char s[4096];
		size_t n = 0;
		for (int i = 0; i < w->nframes; i++)
			frame(s, &n, w->f[i].b0, w->f[i].payload, w->f[i].len, !w->f[i].unmasked);
		static const size_t chunks[] = { 0, 1, 7 };
		for (size_t c = 0; c < 3; c++) {
			struct ws_parser p;
			struct got g;
			ws_parser_init(&p, 1000, true, false);
			run(&p, s, n, chunks[c], &g);
			bool ok = g.n == w->nev;
			for (int e = 0; ok && e < w->nev; e++) {
				ok = g.kind[e] == w->ev[e];
				if (ok && e < 4 && w->text[e] && g.kind[e] != WS_EV_ERROR)
					ok = g.len[e] == strlen(w->text[e]) && !strcmp(g.data[e], w->text[e]);
			}
			if (ok && w->code)
				ok = g.code[w->nev - 1] == w->code;
			if (ok && w->ev[w->nev - 1] != WS_EV_ERROR)
				ok = g.used == n;
			if (!ok)
				fprintf(stderr, "row \"%s\" (chunk %zu): %d events, last kind %d code %u\n", w->name,
					chunks[c], g.n, g.n ? (int)g.kind[g.n - 1] : -1, g.n ? g.code[g.n - 1] : 0);
			CHECK(ok);
			/* An error sticks: nothing more is taken. */
			if (g.n && g.kind[g.n - 1] == WS_EV_ERROR) {
				struct ws_event ev;
				CHECK(ws_parser_feed(&p, "\x81\x80\0\0\0\0", 6, &ev) == 0 && ev.kind == WS_EV_ERROR &&
				      ev.code == w->code);
			}
			ws_parser_release(&p);
		}
	}
}

/* Lengths in their forms: the cap from the declared length, before any
 * payload; lengths not in their shortest form; the 64-bit top bit. */
static void lengths(void)
{
	struct ws_parser p;
	struct got g;
	static const unsigned char over[] = { 0x81, 0xfe, 0x03, 0xe9, 1, 2, 3, 4 };   /* 1001 bytes declared */
	ws_parser_init(&p, 1000, true, false);
	run(&p, over, sizeof(over), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_ERROR && g.code[0] == WS_CLOSE_TOO_BIG && g.used == sizeof(over));
	ws_parser_release(&p);
	/* Fragments of 600 + 401 bytes: over only together. */
	static unsigned char two[2200];
	static char fill[601];
	memset(fill, 'x', 600);
	size_t n = 0;
	frame(two, &n, 0x01, fill, 600, true);
	frame(two, &n, 0x80, fill, 401, true);
	ws_parser_init(&p, 1000, true, false);
	run(&p, two, n, 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_ERROR && g.code[0] == WS_CLOSE_TOO_BIG && g.used == 600 + 8 + 8);
	ws_parser_release(&p);
	/* Exactly at the cap is fine. */
	n = 0;
	frame(two, &n, 0x01, fill, 600, true);
	frame(two, &n, 0x80, fill, 400, true);
	ws_parser_init(&p, 1000, true, false);
	run(&p, two, n, 3, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_TEXT && g.len[0] == 1000);
	ws_parser_release(&p);
	/* A 2^63-byte frame, a 16-bit form of 100, a 64-bit form of 1000. */
	static const unsigned char top[] = { 0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 };
	static const unsigned char short16[] = { 0x81, 0xfe, 0x00, 0x64, 1, 2, 3, 4 };
	static const unsigned char short64[] = { 0x81, 0xff, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 1, 2, 3, 4 };
	const unsigned char *bad[] = { top, short16, short64 };
	size_t badlen[] = { sizeof(top), sizeof(short16), sizeof(short64) };
	for (int i = 0; i < 3; i++) {
		ws_parser_init(&p, 1u << 20, true, false);
		run(&p, bad[i], badlen[i], 1, &g);
		CHECK(g.n == 1 && g.kind[0] == WS_EV_ERROR && g.code[0] == WS_CLOSE_PROTOCOL);
		ws_parser_release(&p);
	}
	/* A control frame declaring 126 bytes. */
	static const unsigned char ctl[] = { 0x89, 0xfe, 0x00, 0x7e };
	ws_parser_init(&p, 1000, true, false);
	run(&p, ctl, sizeof(ctl), 0, &g);
	CHECK(g.n == 1 && g.kind[0] == WS_EV_ERROR && g.code[0] == WS_CLOSE_PROTOCOL);
	ws_parser_release(&p);
}

/* What the encoder writes, a client's parser reads back (unmasked), and a
 * server's too (masked), for lengths on every side of the length forms;
 * a big message, then small ones, on one parser. */
static void round_trip(void)
{
	static const size_t lens[] = { 0, 1, 125, 126, 127, 65535, 65536, 70000 };
	static unsigned char s[80000], payload[70000];
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (unsigned char)('a' + i % 26);
	for (int masked = 0; masked < 2; masked++) {
		struct ws_parser p;
		ws_parser_init(&p, 70000, masked, false);
		for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			size_t n = 0;
			frame(s, &n, 0x81, payload, lens[i], masked);
			size_t hl = lens[i] < 126 ? 2 : lens[i] < 65536 ? 4 : 10;
			CHECK(n == hl + (masked ? 4 : 0) + lens[i]);
			struct got g;
			run(&p, s, n, 0, &g);
			CHECK(g.n == 1 && g.kind[0] == WS_EV_TEXT && g.len[0] == lens[i] &&
			      !memcmp(g.data[0], payload, lens[i] < 299 ? lens[i] : 299));
		}
		ws_parser_release(&p);
	}
}

static void close_payload(void)
{
	unsigned char out[WS_CONTROL_MAX];
	size_t n = ws_close_payload(out, 1009, "message too big");
	CHECK(n == 17 && out[0] == 0x03 && out[1] == 0xf1 && !memcmp(out + 2, "message too big", 15));
	CHECK(ws_close_payload(out, 1000, NULL) == 2);
	/* 122 ASCII bytes then a 3-byte character: it does not fit, and is not cut. */
	char reason[200];
	memset(reason, 'r', 122);
	strcpy(reason + 122, "\xe2\x82\xac tail");
	n = ws_close_payload(out, 1000, reason);
	CHECK(n == 124 && ws_utf8_valid(out + 2, n - 2));
	memset(reason, 'r', 150);
	reason[150] = '\0';
	CHECK(ws_close_payload(out, 1000, reason) == WS_CONTROL_MAX);
	CHECK(ws_close_code_valid(1000) && ws_close_code_valid(1011) && ws_close_code_valid(3000) &&
	      ws_close_code_valid(4999));
	CHECK(!ws_close_code_valid(1004) && !ws_close_code_valid(1005) && !ws_close_code_valid(1006) &&
	      !ws_close_code_valid(1015) && !ws_close_code_valid(2999) && !ws_close_code_valid(0));
}

static void accept_keys(void)
{
	char out[29];
	CHECK(ws_accept_key(NULL, out) == -EINVAL);
	CHECK(ws_accept_key("", out) == -EINVAL);
	CHECK(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ", out) == -EINVAL);       /* unpadded: 22 characters */
	CHECK(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==x", out) == -EINVAL);
	CHECK(ws_accept_key("dGhlIHNhbXBsZSBub25j ZQ=", out) == -EINVAL);      /* a space inside */
	CHECK(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ!!", out) == -EINVAL);
	CHECK(ws_accept_key("dGhlIHNhbXBsZSBub25jZWVl", out) == -EINVAL);      /* 18 bytes */
	CHECK(ws_accept_key("AAAAAAAAAAAAAAAAAAAAAA==", out) == 0 && strlen(out) == 28);
}

/* The handshake's headers: tokens in lists, each refusal's status. */
static void handshake(void)
{
	CHECK(ws_header_has_token("Upgrade", "upgrade"));
	CHECK(ws_header_has_token("keep-alive, Upgrade", "upgrade"));
	CHECK(ws_header_has_token(" websocket ,x", "websocket"));
	CHECK(ws_header_has_token("a,\tUPGRADE\t", "upgrade"));
	CHECK(!ws_header_has_token("upgraded", "upgrade"));
	CHECK(!ws_header_has_token("keep-alive", "upgrade"));
	CHECK(!ws_header_has_token("", "upgrade"));
	CHECK(!ws_header_has_token(NULL, "upgrade"));
	char acc[29];
	const char *why = NULL;
	const char *key = "dGhlIHNhbXBsZSBub25jZQ==";
	CHECK(ws_handshake_check("websocket", "Upgrade", "13", key, acc, &why) == 0);
	CHECK_EQ_STR(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	CHECK(ws_handshake_check(NULL, "Upgrade", "13", key, acc, &why) == 426 && why);
	CHECK(ws_handshake_check("h2c", "Upgrade", "13", key, acc, &why) == 426);
	CHECK(ws_handshake_check("websocket", "keep-alive", "13", key, acc, &why) == 400);
	CHECK(ws_handshake_check("websocket", "Upgrade", "8", key, acc, &why) == 426);
	CHECK(ws_handshake_check("websocket", "Upgrade", NULL, key, acc, &why) == 426);
	CHECK(ws_handshake_check("websocket", "Upgrade", "13", "short", acc, &why) == 400);
	CHECK(ws_handshake_check("websocket", "Upgrade", "13", NULL, acc, &why) == 400);
}

static void utf8(void)
{
	static const struct { const char *s; bool ok; } cases[] = {
		{ "", true }, { "plain", true }, { "\xc2\x80", true }, { "\xdf\xbf", true }, { "\xe0\xa0\x80", true },
		{ "\xef\xbf\xbf", true }, { "\xed\x9f\xbf", true }, { "\xee\x80\x80", true },
		{ "\xf0\x90\x80\x80", true }, { "\xf4\x8f\xbf\xbf", true },
		{ "\x80", false }, { "\xbf", false }, { "\xc0\x80", false }, { "\xc1\xbf", false },
		{ "\xe0\x9f\xbf", false }, { "\xed\xa0\x80", false }, { "\xed\xbf\xbf", false },
		{ "\xf0\x8f\xbf\xbf", false }, { "\xf4\x90\x80\x80", false }, { "\xf5\x80\x80\x80", false },
		{ "\xff", false }, { "\xc2", false }, { "\xe2\x82", false }, { "\xc2\x41", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = ws_utf8_valid(cases[i].s, strlen(cases[i].s));
		if (ok != cases[i].ok)
			fprintf(stderr, "utf8 case %zu\n", i);
		CHECK(ok == cases[i].ok);
	}
}

int main(void)
{
	rfc_examples();
	table();
	lengths();
	round_trip();
	close_payload();
	accept_keys();
	handshake();
	utf8();
	return check_done();
}
