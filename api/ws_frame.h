/* ws_frame.h - RFC 6455 framing, pure: an incremental parser that takes
 * bytes as they arrive and gives whole messages and control frames, the
 * encoder of frames, UTF-8 validation and the handshake's accept key. No
 * I/O, no clock, no threads (ws.c does those); fuzzed by
 * tests/fuzz/fuzz_ws.c.
 *
 * What the parser enforces, each with the close code the peer is failed
 * with (RFC 6455 5, 7.4.1):
 *   1002  reserved bits set (no extension is ever negotiated), an unknown
 *         opcode, a fragmented or longer than 125 bytes control frame, a
 *         client frame without a mask (or a server frame with one), a
 *         continuation with no message begun or a new message before the
 *         last one's final fragment, a length not in its shortest form or
 *         with the 64-bit form's top bit set, a close frame with a 1-byte
 *         body or a code no endpoint may send;
 *   1003  a binary message, unless allow_binary;
 *   1007  text (or a close reason) that is not UTF-8, found as soon as
 *         the offending byte arrives, also across fragments;
 *   1009  a message whose fragments add up to more than max_message,
 *         found from the frame's declared length before its payload is read.
 */
#ifndef PAIRBOX_WS_FRAME_H
#define PAIRBOX_WS_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ws_opcode {
	WS_OP_CONT = 0x0,
	WS_OP_TEXT = 0x1,
	WS_OP_BINARY = 0x2,
	WS_OP_CLOSE = 0x8,
	WS_OP_PING = 0x9,
	WS_OP_PONG = 0xa,
};

/* The close codes pairbox sends or reports (RFC 6455 7.4.1). 1005 and 1006
 * are never sent: they are what a close without a code, and a connection
 * that ended without a close frame, are reported as. */
enum ws_close_code {
	WS_CLOSE_NORMAL = 1000,
	WS_CLOSE_GOING_AWAY = 1001,
	WS_CLOSE_PROTOCOL = 1002,
	WS_CLOSE_UNSUPPORTED = 1003,
	WS_CLOSE_NO_STATUS = 1005,
	WS_CLOSE_ABNORMAL = 1006,
	WS_CLOSE_BAD_DATA = 1007,
	WS_CLOSE_POLICY = 1008,
	WS_CLOSE_TOO_BIG = 1009,
	WS_CLOSE_SERVER_ERROR = 1011,
};

#define WS_HEADER_MAX 14        /* 2 + 8 (64-bit length) + 4 (mask) */
#define WS_CONTROL_MAX 125      /* a control frame's payload at most */

/* Incremental UTF-8 validation (Unicode 15, table 3-7: no overlong forms,
 * no surrogates, nothing past U+10FFFF). Zero it to start. */
struct ws_utf8 {
	unsigned char need;     /* continuation bytes still expected */
	unsigned char lo, hi;   /* the range the next one must be in */
};

/* Check len more bytes: 0, or -1 at the first invalid byte (the state is
 * then meaningless). */
int ws_utf8_feed(struct ws_utf8 *u, const unsigned char *s, size_t len);
/* Is s[0..len) whole, valid UTF-8? */
bool ws_utf8_valid(const void *s, size_t len);

enum ws_event_kind {
	WS_EV_NONE = 0,         /* nothing complete yet: every byte was taken */
	WS_EV_TEXT,             /* a whole text message: valid UTF-8, NUL-terminated */
	WS_EV_BINARY,           /* a whole binary message (allow_binary only) */
	WS_EV_PING,             /* a ping's payload (<= 125 bytes): answer with a pong of it */
	WS_EV_PONG,
	WS_EV_CLOSE,            /* the peer's close frame: code (1005 when it had none) and reason */
	WS_EV_ERROR,            /* the peer broke the protocol: fail it with code (why: a static
	                           English reason for the close frame); every later call says so again */
};

struct ws_event {
	enum ws_event_kind kind;
	const unsigned char *data;  /* the payload (the close reason for CLOSE); borrowed: valid
	                               until the next ws_parser_feed() or ws_parser_release() */
	size_t len;
	unsigned code;              /* CLOSE: the peer's code; ERROR: the code to close with */
	const char *why;            /* ERROR */
};

/* One direction of one connection. Set up with ws_parser_init(); the
 * fields below the line are its state. */
struct ws_parser {
	size_t max_message;     /* a reassembled data message's cap, in bytes */
	bool from_client;       /* frames must be masked (a server's parser); else must not be */
	bool allow_binary;      /* false: a binary message is refused (1003) */
	/* ---- state ---- */
	unsigned char hdr[WS_HEADER_MAX];
	size_t hdr_have;        /* header bytes collected */
	bool in_payload;        /* the header is complete; payload bytes follow */
	bool fin;
	unsigned opcode;        /* the current frame's */
	uint64_t plen, pgot;    /* the current frame's payload: declared, read */
	unsigned char mask[4];
	bool masked;
	unsigned msg_opcode;    /* TEXT or BINARY while a message is being reassembled, else 0 */
	unsigned char *msg;     /* owned: the message so far (+1 byte for the NUL) */
	size_t msg_len, msg_alloc;
	struct ws_utf8 utf8;    /* of the text message so far */
	unsigned char ctl[WS_CONTROL_MAX + 1];
	bool delivered;         /* msg was handed out: reset at the next feed */
	bool closed;            /* a close frame was read: nothing after it is */
	unsigned fail_code;     /* nonzero: failed, sticky */
	const char *fail_why;
};

/* A parser for the peer's frames; max_message > 0. */
void ws_parser_init(struct ws_parser *p, size_t max_message, bool from_client, bool allow_binary);
/* Free what it holds (NULL-safe); init again to reuse. */
void ws_parser_release(struct ws_parser *p);
/* Take bytes from data[0..len): returns how many were taken. Either an
 * event is complete (ev->kind != WS_EV_NONE; the rest of data is for the
 * next call) or all len were taken. After WS_EV_ERROR nothing more is
 * taken (the caller fails the connection); after WS_EV_CLOSE everything
 * is taken and ignored. */
size_t ws_parser_feed(struct ws_parser *p, const void *data, size_t len, struct ws_event *ev);

/* A frame's header into out; returns its length (2 to 14). mask NULL: an
 * unmasked frame (the server's); else the 4-byte key, and the caller masks
 * the payload with ws_mask(). */
size_t ws_frame_header(unsigned char out[WS_HEADER_MAX], enum ws_opcode op, bool fin, uint64_t len,
		       const unsigned char *mask);
/* XOR data[0..len) with key, starting at position offset of the payload. */
void ws_mask(unsigned char *data, size_t len, const unsigned char key[4], uint64_t offset);
/* A close frame's payload: the code, then as much of reason as fits in
 * 125 bytes, cut on a UTF-8 character boundary. Returns its length. */
size_t ws_close_payload(unsigned char out[WS_CONTROL_MAX], unsigned code, const char *reason);
/* May an endpoint send this close code (RFC 6455 7.4, IANA's registry)? */
bool ws_close_code_valid(unsigned code);

/* Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key +
 * the RFC's GUID)), 28 characters and a NUL into out. -EINVAL when key is
 * not the base64 of 16 bytes (surrounding spaces allowed), 0 else. */
int ws_accept_key(const char *key, char out[29]);
/* Does a comma-separated header value hold token (case-blind, spaces
 * around items ignored)? NULL value: no. */
bool ws_header_has_token(const char *value, const char *token);
/* The client's opening handshake (RFC 6455 4.2.1) from its Upgrade,
 * Connection, Sec-WebSocket-Version and Sec-WebSocket-Key headers (NULL
 * when absent): 0 with the accept key in accept; else the HTTP status to
 * answer, with why (a static message): 426 when it is no WebSocket
 * request at all or not version 13 (the answer then says Upgrade:
 * websocket and Sec-WebSocket-Version: 13), 400 for a bad one. */
int ws_handshake_check(const char *upgrade, const char *connection, const char *version, const char *key,
		       char accept[29], const char **why);

#endif
