/* ws_frame.c - RFC 6455 framing: the incremental parser, the encoder,
 * UTF-8 validation and the accept key (see ws_frame.h). */
#include "ws_frame.h"
#include "base64.h"
#include "sha1.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- UTF-8 ---- */

int ws_utf8_feed(struct ws_utf8 *u, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		if (u->need) {
			if (c < u->lo || c > u->hi)
				return -1;
			u->need--;
			u->lo = 0x80;
			u->hi = 0xbf;
			continue;
		}
		if (c < 0x80)
			continue;
		u->lo = 0x80;
		u->hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			u->need = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			u->need = 2;
			if (c == 0xe0)
				u->lo = 0xa0;   /* no overlong three-byte forms */
			else if (c == 0xed)
				u->hi = 0x9f;   /* no surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			u->need = 3;
			if (c == 0xf0)
				u->lo = 0x90;   /* no overlong four-byte forms */
			else if (c == 0xf4)
				u->hi = 0x8f;   /* nothing past U+10FFFF */
		} else {
			return -1;              /* a continuation byte first, C0, C1, F5..FF */
		}
	}
	return 0;
}

bool ws_utf8_valid(const void *s, size_t len)
{
	struct ws_utf8 u = { 0 };
	return ws_utf8_feed(&u, s, len) == 0 && u.need == 0;
}

/* ---- the parser ---- */

/* Past this a delivered message's buffer is freed rather than kept for
 * the next one: a connection that once sent a big message does not hold
 * its memory for the rest of its life. */
#define KEEP_ALLOC 16384

void ws_parser_init(struct ws_parser *p, size_t max_message, bool from_client, bool allow_binary)
{
	memset(p, 0, sizeof(*p));
	p->max_message = max_message;
	p->from_client = from_client;
	p->allow_binary = allow_binary;
}

void ws_parser_release(struct ws_parser *p)
{
	if (!p)
		return;
	free(p->msg);
	p->msg = NULL;
	p->msg_len = p->msg_alloc = 0;
}

static size_t fail(struct ws_parser *p, struct ws_event *ev, unsigned code, const char *why, size_t used)
{
	p->fail_code = code;
	p->fail_why = why;
	ev->kind = WS_EV_ERROR;
	ev->code = code;
	ev->why = why;
	return used;
}

static bool is_control(unsigned op)
{
	return op & 0x8;
}

bool ws_close_code_valid(unsigned code)
{
	return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/* How many header bytes this frame has, from what is known of it (the
 * first two bytes give the rest). */
static size_t header_size(const struct ws_parser *p)
{
	if (p->hdr_have < 2)
		return 2;
	unsigned len7 = p->hdr[1] & 0x7f;
	return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((p->hdr[1] & 0x80) ? 4 : 0);
}

/* The first two bytes are in: what they alone can refuse. 0 or the code. */
static unsigned check_start(struct ws_parser *p, const char **why)
{
	unsigned b0 = p->hdr[0], b1 = p->hdr[1], op = b0 & 0x0f, len7 = b1 & 0x7f;
	bool fin = b0 & 0x80, masked = b1 & 0x80;
	if (b0 & 0x70)
		return *why = "reserved bits set", WS_CLOSE_PROTOCOL;
	if (op != WS_OP_CONT && op != WS_OP_TEXT && op != WS_OP_BINARY && op != WS_OP_CLOSE && op != WS_OP_PING &&
	    op != WS_OP_PONG)
		return *why = "unknown opcode", WS_CLOSE_PROTOCOL;
	if (is_control(op) && (!fin || len7 > WS_CONTROL_MAX))
		return *why = "fragmented or oversized control frame", WS_CLOSE_PROTOCOL;
	if (masked != p->from_client)
		return *why = p->from_client ? "client frame not masked" : "server frame masked", WS_CLOSE_PROTOCOL;
	if (op == WS_OP_CONT && !p->msg_opcode)
		return *why = "continuation without a message", WS_CLOSE_PROTOCOL;
	if ((op == WS_OP_TEXT || op == WS_OP_BINARY) && p->msg_opcode)
		return *why = "new message inside a fragmented one", WS_CLOSE_PROTOCOL;
	if (op == WS_OP_BINARY && !p->allow_binary)
		return *why = "binary messages are not accepted", WS_CLOSE_UNSUPPORTED;
	return 0;
}

/* The whole header is in: its length and mask. 0 or the code. */
static unsigned check_header(struct ws_parser *p, const char **why)
{
	unsigned len7 = p->hdr[1] & 0x7f;
	size_t at = 2;
	uint64_t len = len7;
	if (len7 == 126) {
		len = (uint64_t)p->hdr[2] << 8 | p->hdr[3];
		at = 4;
		if (len < 126)
			return *why = "length not in its shortest form", WS_CLOSE_PROTOCOL;
	} else if (len7 == 127) {
		len = 0;
		for (int i = 0; i < 8; i++)
			len = len << 8 | p->hdr[2 + i];
		at = 10;
		if (len >> 63)
			return *why = "length with its top bit set", WS_CLOSE_PROTOCOL;
		if (len < 65536)
			return *why = "length not in its shortest form", WS_CLOSE_PROTOCOL;
	}
	p->fin = p->hdr[0] & 0x80;
	p->opcode = p->hdr[0] & 0x0f;
	p->masked = p->hdr[1] & 0x80;
	if (p->masked)
		memcpy(p->mask, p->hdr + at, 4);
	p->plen = len;
	p->pgot = 0;
	if (!is_control(p->opcode) && len > p->max_message - p->msg_len)
		return *why = "message too big", WS_CLOSE_TOO_BIG;
	return 0;
}

/* Room for n more message bytes and the NUL. 0 or -ENOMEM. */
static int msg_reserve(struct ws_parser *p, size_t n)
{
	size_t want = p->msg_len + n + 1;
	if (want <= p->msg_alloc)
		return 0;
	size_t a = p->msg_alloc ? p->msg_alloc : 256;
	while (a < want)
		a *= 2;
	if (a > p->max_message + 1)
		a = p->max_message + 1;
	unsigned char *m = realloc(p->msg, a);
	if (!m)
		return -ENOMEM;
	p->msg = m;
	p->msg_alloc = a;
	return 0;
}

static bool frame_fail(struct ws_parser *p, struct ws_event *ev, unsigned code, const char *why)
{
	fail(p, ev, code, why, 0);
	return true;
}

/* A frame's payload is all in: the event it completes, if any. True when
 * ev was filled (an event or an error). */
static bool frame_done(struct ws_parser *p, struct ws_event *ev)
{
	p->in_payload = false;
	p->hdr_have = 0;
	switch (p->opcode) {
	case WS_OP_PING:
	case WS_OP_PONG:
		ev->kind = p->opcode == WS_OP_PING ? WS_EV_PING : WS_EV_PONG;
		ev->data = p->ctl;
		ev->len = (size_t)p->plen;
		return true;
	case WS_OP_CLOSE: {
		size_t n = (size_t)p->plen;
		unsigned code = n >= 2 ? (unsigned)p->ctl[0] << 8 | p->ctl[1] : WS_CLOSE_NO_STATUS;
		if (n == 1)
			return frame_fail(p, ev, WS_CLOSE_PROTOCOL, "close frame of one byte");
		if (n >= 2 && !ws_close_code_valid(code))
			return frame_fail(p, ev, WS_CLOSE_PROTOCOL, "close code not allowed");
		if (n > 2 && !ws_utf8_valid(p->ctl + 2, n - 2))
			return frame_fail(p, ev, WS_CLOSE_BAD_DATA, "close reason is not UTF-8");
		p->closed = true;
		ev->kind = WS_EV_CLOSE;
		ev->code = code;
		ev->data = p->ctl + (n >= 2 ? 2 : 0);
		ev->len = n >= 2 ? n - 2 : 0;
		return true;
	}
	default:
		break;
	}
	if (p->opcode != WS_OP_CONT)
		p->msg_opcode = p->opcode;
	if (!p->fin)
		return false;
	if (p->msg_opcode == WS_OP_TEXT && p->utf8.need)
		return frame_fail(p, ev, WS_CLOSE_BAD_DATA, "text is not UTF-8");
	if (msg_reserve(p, 0))
		return frame_fail(p, ev, WS_CLOSE_SERVER_ERROR, "out of memory");
	p->msg[p->msg_len] = '\0';
	ev->kind = p->msg_opcode == WS_OP_TEXT ? WS_EV_TEXT : WS_EV_BINARY;
	ev->data = p->msg;
	ev->len = p->msg_len;
	p->msg_opcode = 0;
	p->utf8 = (struct ws_utf8){ 0 };
	p->delivered = true;
	return true;
}

/* Payload bytes of the current frame: unmasked into the control buffer or
 * the message, text checked as it comes. 0, or the code to fail with. */
static unsigned take_payload(struct ws_parser *p, const unsigned char *in, size_t n, const char **why)
{
	unsigned char *dst;
	if (is_control(p->opcode)) {
		dst = p->ctl + p->pgot;
	} else {
		if (msg_reserve(p, n))
			return *why = "out of memory", WS_CLOSE_SERVER_ERROR;
		dst = p->msg + p->msg_len;
	}
	memcpy(dst, in, n);
	if (p->masked)
		ws_mask(dst, n, p->mask, p->pgot);
	p->pgot += n;
	if (!is_control(p->opcode)) {
		p->msg_len += n;
		if (p->msg_opcode == WS_OP_TEXT || p->opcode == WS_OP_TEXT) {
			if (ws_utf8_feed(&p->utf8, dst, n))
				return *why = "text is not UTF-8", WS_CLOSE_BAD_DATA;
		}
	}
	return 0;
}

size_t ws_parser_feed(struct ws_parser *p, const void *data, size_t len, struct ws_event *ev)
{
	const unsigned char *in = data;
	size_t used = 0;
	const char *why = NULL;
	unsigned code;
	memset(ev, 0, sizeof(*ev));
	if (p->fail_code)
		return fail(p, ev, p->fail_code, p->fail_why, 0);
	if (p->delivered) {
		p->delivered = false;
		p->msg_len = 0;
		if (p->msg_alloc > KEEP_ALLOC) {
			free(p->msg);
			p->msg = NULL;
			p->msg_alloc = 0;
		}
	}
	while (used < len) {
		if (p->closed)
			return len;
		if (!p->in_payload) {
			size_t want = header_size(p);
			size_t n = want - p->hdr_have < len - used ? want - p->hdr_have : len - used;
			memcpy(p->hdr + p->hdr_have, in + used, n);
			bool first = p->hdr_have < 2 && p->hdr_have + n >= 2;
			p->hdr_have += n;
			used += n;
			if (first && (code = check_start(p, &why)))
				return fail(p, ev, code, why, used);
			if (p->hdr_have < 2 || p->hdr_have < header_size(p))
				continue;       /* header_size grows once the second byte is in */
			if ((code = check_header(p, &why)))
				return fail(p, ev, code, why, used);
			p->in_payload = true;
			if (p->plen == 0 && frame_done(p, ev))
				return used;
			continue;
		}
		uint64_t left = p->plen - p->pgot;
		size_t n = left < len - used ? (size_t)left : len - used;
		if ((code = take_payload(p, in + used, n, &why)))
			return fail(p, ev, code, why, used + n);
		used += n;
		if (p->pgot == p->plen && frame_done(p, ev))
			return used;
	}
	return used;
}

/* ---- the encoder ---- */

size_t ws_frame_header(unsigned char out[WS_HEADER_MAX], enum ws_opcode op, bool fin, uint64_t len,
		       const unsigned char *mask)
{
	size_t n = 2;
	out[0] = (unsigned char)((fin ? 0x80 : 0) | (op & 0x0f));
	unsigned char m = mask ? 0x80 : 0;
	if (len < 126) {
		out[1] = (unsigned char)(m | len);
	} else if (len <= 0xffff) {
		out[1] = m | 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		n = 4;
	} else {
		out[1] = m | 127;
		for (int i = 0; i < 8; i++)
			out[2 + i] = (unsigned char)(len >> (56 - 8 * i));
		n = 10;
	}
	if (mask) {
		memcpy(out + n, mask, 4);
		n += 4;
	}
	return n;
}

void ws_mask(unsigned char *data, size_t len, const unsigned char key[4], uint64_t offset)
{
	for (size_t i = 0; i < len; i++)
		data[i] ^= key[(offset + i) & 3];
}

size_t ws_close_payload(unsigned char out[WS_CONTROL_MAX], unsigned code, const char *reason)
{
	out[0] = (unsigned char)(code >> 8);
	out[1] = (unsigned char)code;
	size_t n = reason ? strlen(reason) : 0;
	if (n > WS_CONTROL_MAX - 2) {
		n = WS_CONTROL_MAX - 2;
		while (n && ((unsigned char)reason[n] & 0xc0) == 0x80)
			n--;            /* reason[n] would start the next character */
	}
	if (n)
		memcpy(out + 2, reason, n);
	return 2 + n;
}

/* ---- the handshake ---- */

int ws_accept_key(const char *key, char out[29])
{
	static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
	if (!key)
		return -EINVAL;
	while (*key == ' ' || *key == '\t')
		key++;
	size_t n = strlen(key);
	while (n && (key[n - 1] == ' ' || key[n - 1] == '\t'))
		n--;
	/* 16 bytes are 24 characters ending "=="; base64_decode would also
	 * skip white space inside, which a key may not have. */
	if (n != 24 || memchr(key, ' ', n) || memchr(key, '\t', n) || memchr(key, '\r', n) || memchr(key, '\n', n))
		return -EINVAL;
	char *raw = NULL;
	size_t raw_len = 0;
	int r = base64_decode(key, n, &raw, &raw_len);
	free(raw);
	if (r || raw_len != 16)
		return -EINVAL;
	char cat[24 + sizeof(guid)];
	memcpy(cat, key, 24);
	memcpy(cat + 24, guid, sizeof(guid) - 1);
	unsigned char d[20];
	sha1(cat, 24 + sizeof(guid) - 1, d);
	size_t olen = 0;
	char *b = base64_encode(d, sizeof(d), false, &olen);
	if (!b)
		return -ENOMEM;
	if (olen != 28) {
		free(b);
		return -EINVAL;
	}
	memcpy(out, b, 29);
	free(b);
	return 0;
}

bool ws_header_has_token(const char *value, const char *token)
{
	size_t tl = strlen(token);
	for (const char *p = value; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *end = e;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if ((size_t)(end - p) == tl && tl && !strncasecmp(p, token, tl))
			return true;
		p = e;
	}
	return false;
}

int ws_handshake_check(const char *upgrade, const char *connection, const char *version, const char *key,
		       char accept[29], const char **why)
{
	if (!ws_header_has_token(upgrade, "websocket"))
		return *why = "this is a WebSocket endpoint: upgrade required", 426;
	if (!ws_header_has_token(connection, "upgrade"))
		return *why = "a WebSocket handshake needs Connection: Upgrade", 400;
	if (!version || strcmp(version, "13"))
		return *why = "Sec-WebSocket-Version 13 required", 426;
	if (ws_accept_key(key, accept))
		return *why = "Sec-WebSocket-Key must be 16 bytes in base64", 400;
	return 0;
}
