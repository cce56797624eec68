#!/usr/bin/env python3
"""test_ws.py - the WebSocket transport (api/ws.c, api/ws_frame.c, the upgrade in api/http.c) on
a real server: tests/api/ws_echo_server.c, a TEST-ONLY executable serving an echo route through the
real HTTP layer (rooms do not exist yet), driven by wsclient.py on raw sockets. What
docs/realtime.md "Transport" promises:

  * the handshake (101 and the accept key) and its refusals (426, 400, the route's own 403, 503
    past WS_MAX_CONNECTIONS); bytes sent with the request are kept;
  * echo of text (UTF-8, empty, large, fragmented with a ping between the fragments), ping/pong;
  * close codes: 1002 (unmasked, reserved bits, a long control frame), 1003 (binary), 1007 (bad
    UTF-8, also split across fragments), 1009 (one byte past 256 KiB), the peer's own close echoed,
    the server's ws_close();
  * the rate cap: an error message that leaves the connection usable, then 1008 when kept up;
  * a client that stops reading is dropped and never holds up another; a dead peer is dropped
    (short keepalive settings, no long sleeps) while a live one stays;
  * ws_send_text from another thread, also after the connection closed (-EPIPE), and its errors;
  * 200 connections at once each get their own echoes;
  * SIGTERM closes every connection with 1001 and each user pointer is freed once.

usage: test_ws.py WS_ECHO_SERVER [--case NAME ...]
"""
import json
import os
import re
import socket
import struct
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, run_cases  # noqa: E402
from wsclient import BINARY, CLOSE, CONT, PING, PONG, TEXT, WS, frame  # noqa: E402

# The shared server: the documented caps, a rate no test reaches by accident, a small send queue.
SHARED = {"WS_RATE": "10000", "WS_RATE_BURST": "10000", "WS_SEND_QUEUE_KB": "512"}


def connect(s, path="/test/ws/echo", **kw):
    ws = WS(s.port, path, **kw)
    check(ws.status == 101, f"handshake: {ws.status} {ws.body!r}")
    return ws


def closed_with(ws, code, what):
    got = ws.expect_close()
    check(got[0] == code, f"{what}: closed with {got}, wanted {code}")
    return got


def stats(s):
    ws = connect(s)
    ws.send_text("stats")
    out = json.loads(ws.recv_text())
    ws.close()
    ws.expect_close()
    return out


def case_handshake(s):
    """101 with the right accept key; 426 and 400 for what is not a good handshake; the route's own
    refusal; plain HTTP still served beside it."""
    ws = connect(s)
    check(ws.headers.get("connection", "").lower() == "upgrade", f"Connection: {ws.headers}")
    ws.close()
    closed_with(ws, 1000, "clean close")
    plain = WS(s.port, headers={"Upgrade": None, "Connection": None, "Sec-WebSocket-Key": None})
    check(plain.status == 426 and plain.headers.get("upgrade") == "websocket"
          and plain.headers.get("sec-websocket-version") == "13", f"plain GET: {plain.status} {plain.headers}")
    v = WS(s.port, headers={"Sec-WebSocket-Version": "8"})
    check(v.status == 426 and v.headers.get("sec-websocket-version") == "13", f"version 8: {v.status}")
    for name, value in (("Sec-WebSocket-Key", "c2hvcnQ="), ("Sec-WebSocket-Key", None), ("Connection", "keep-alive")):
        bad = WS(s.port, headers={name: value})
        check(bad.status == 400 and name in str(bad.body), f"{name}={value!r}: {bad.status} {bad.body!r}")
    refused = WS(s.port, "/test/ws/echo?refuse=1")
    check(refused.status == 403 and refused.body == {"error": "refused"}, f"the route's refusal: {refused.status}")
    with urllib.request.urlopen(f"http://127.0.0.1:{s.port}/version", timeout=10) as r:
        check(r.status == 200, "HTTP beside WebSockets")


def case_echo(s):
    """Text of every kind back as sent; bytes sent with the handshake are read too."""
    ws = connect(s, first_frames=frame(TEXT, "early"))
    check(ws.recv_text() == "early", "a frame in the handshake's packet")
    for text in ("hello", "", "h\u00e9llo \u20ac \U0001F600 a\u0301", "x" * 100000):
        ws.send_text(text)
        got = ws.recv_text()
        check(got == text, f"echo of {len(text)} characters: {len(got)} back")
    ws.close()
    closed_with(ws, 1000, "close")


def case_fragments(s):
    """A message in fragments with a ping between them: the pong first, then the whole message; a
    UTF-8 character split over two fragments."""
    ws = connect(s)
    ws.send_frame(TEXT, "frag", fin=False)
    ws.send_frame(CONT, "men", fin=False)
    ws.send_frame(PING, b"between")
    ws.send_frame(CONT, b"ted \xe2\x82", fin=False)
    ws.send_frame(CONT, b"\xac", fin=True)
    m = ws.recv(pong=False)
    check(m == ("pong", b"between"), f"pong between fragments: {m!r}")
    got = ws.recv_text()
    check(got == "fragmented \u20ac", f"reassembled: {got!r}")
    ws.send_frame(PING, b"")
    check(ws.recv(pong=False) == ("pong", b""), "empty ping")
    ws.close()
    closed_with(ws, 1000, "close")


def case_protocol_errors(s):
    """Each violation closes with its code (and then the connection ends)."""
    big = 256 * 1024
    cases = [
        ("unmasked", lambda ws: ws.send_frame(TEXT, "hi", mask=False), 1002),
        ("reserved bit", lambda ws: ws.send_frame(TEXT, "hi", rsv=4), 1002),
        ("long ping", lambda ws: ws.send_raw(struct.pack("!BBH", 0x89, 0x80 | 126, 126) + b"k" * 4 + b"p" * 126), 1002),
        ("continuation first", lambda ws: ws.send_frame(CONT, "x"), 1002),
        ("opcode 3", lambda ws: ws.send_frame(0x3, ""), 1002),
        ("binary", lambda ws: ws.send_frame(BINARY, b"\x00\x01"), 1003),
        ("bad UTF-8", lambda ws: ws.send_frame(TEXT, b"ok\xff"), 1007),
        ("bad UTF-8 across fragments", lambda ws: (ws.send_frame(TEXT, b"ok\xe2\x82", fin=False),
                                                   ws.send_frame(CONT, b"(")), 1007),
        ("bad UTF-8 in a continuation", lambda ws: (ws.send_frame(TEXT, b"ok", fin=False),
                                                    ws.send_frame(CONT, b"\xff")), 1007),
        ("too big", lambda ws: ws.send_frame(TEXT, b"z" * (big + 1)), 1009),
        ("too big in fragments", lambda ws: (ws.send_frame(TEXT, b"z" * big, fin=False),
                                             ws.send_frame(CONT, b"z")), 1009),
    ]
    for what, act, code in cases:
        ws = connect(s)
        try:
            act(ws)
        except OSError:
            pass      # the server may close before the client has written everything
        closed_with(ws, code, what)
    ws = connect(s)
    ws.send_text("z" * big)
    check(len(ws.recv_text()) == big, "exactly 256 KiB is fine")
    ws.close()
    closed_with(ws, 1000, "close")


def case_closes(s):
    """The peer's close is echoed (its code, or none); ws_close() sends the route's code and
    reason; on_close gets each."""
    ws = connect(s)
    ws.close(4000, "mine")
    closed_with(ws, 4000, "the peer's code echoed")
    ws = connect(s)
    ws.close(None)
    check(ws.recv() == ("close", None, ""), "a close without a code is answered without one")
    ws.wait_eof()
    ws = connect(s)
    ws.send_text("close 4001 custom reason")
    got = closed_with(ws, 4001, "ws_close")
    check(got[1] == "custom reason", f"the reason: {got!r}")
    ws = connect(s)
    ws.send_text("close 1008 policy")
    closed_with(ws, 1008, "ws_close 1008")
    codes = stats(s)["codes"]
    check(4000 in codes.values() and 4001 in codes.values() and 1005 in codes.values(),
          f"on_close codes: {codes}")


def case_send_errors(s):
    """ws_send_text's refusals leave the connection usable; sends from another thread arrive, and
    after the connection is gone answer -EPIPE (with the reference held, so no use after free)."""
    ws = connect(s)
    ws.send_text("send-bad")
    check(ws.recv_text() == '{"rc":-84}', "invalid UTF-8 refused (-EILSEQ)")
    ws.send_text("big 600000")
    check(ws.recv_text() == '{"rc":-90}', "larger than the send queue (-EMSGSIZE)")
    ws.send_text("later 200 from another thread")
    check(ws.recv_text() == "from another thread", "a send from another thread")
    ws.send_text("still here")
    check(ws.recv_text() == "still here", "usable after the errors")
    gone = connect(s)
    gone.send_text("later 600 too late")
    gone.close()
    closed_with(gone, 1000, "close before the late send")
    time.sleep(1.2)
    check(-32 in stats(s)["later"], "a late send answers -EPIPE")
    ws.close()
    closed_with(ws, 1000, "close")


def case_slow_reader(s):
    """WS-SLOW-READER: a client that stops reading while the server has much to send is dropped (its
    queue passed WS_SEND_QUEUE_KB); meanwhile another client's echoes all arrive."""
    slow = connect(s)
    fast = connect(s)
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stop = threading.Event()

    def ask():
        for _ in range(2000):          # up to 125 MB asked for, 64 KiB at a time
            if stop.is_set():
                return
            try:
                slow.send_text("flood 4 16384")
            except OSError:
                return
            time.sleep(0.002)

    t = threading.Thread(target=ask)
    t.start()
    try:
        for i in range(200):
            fast.send_text(f"fast {i}")
            check(fast.recv_text(timeout=5) == f"fast {i}", f"echo {i} while the slow one floods")
        # The slow client's end: data it never read, then the end of the connection (no close frame:
        # it was dropped, not closed).
        deadline = time.time() + 30
        ended = False
        while time.time() < deadline and not ended:
            try:
                fin, op, payload = slow.recv_frame(timeout=5)
                check(op in (TEXT, CONT, PING), f"the slow client got opcode {op}")
            except (EOFError, ConnectionResetError):
                ended = True
        check(ended, "the slow client was dropped")
    finally:
        stop.set()
        t.join()
    fast.send_text("after")
    check(fast.recv_text() == "after", "the other client is unaffected")
    fast.close()
    closed_with(fast, 1000, "close")
    check(1006 in stats(s)["codes"].values(), "on_close(1006) for the dropped one")


def case_concurrent(s):
    """200 connections open at once, each with its own five messages back in order."""
    conns = [connect(s) for _ in range(200)]
    for round_ in range(5):
        for i, ws in enumerate(conns):
            ws.send_text(f"conn {i} round {round_} " + "p" * (i * 7 % 300))
        for i, ws in enumerate(conns):
            got = ws.recv_text()
            check(got == f"conn {i} round {round_} " + "p" * (i * 7 % 300), f"conn {i} round {round_}: {got[:40]!r}")
    for ws in conns:
        ws.close()
    for ws in conns:
        closed_with(ws, 1000, "close")


def own_rate(binary):
    """WS-RATE: WS_RATE=5 a second, a burst of 5, closed after 2 s over: the burst is served, then an error
    message (once a second at most) and the rest dropped; after a pause the connection works; a
    client that keeps it up is closed with 1008."""
    env = {"WS_RATE": "5", "WS_RATE_BURST": "5", "WS_RATE_CLOSE_AFTER": "2"}
    with Server(binary, env=env) as s:
        ws = connect(s)
        for i in range(12):
            ws.send_text(f"m{i}")
        got = [ws.recv_text() for _ in range(6)]
        check(got[:5] == [f"m{i}" for i in range(5)], f"the burst: {got}")
        check('"code":"rate"' in got[5] and '"type":"error"' in got[5], f"the rate error: {got[5]}")
        time.sleep(1.5)
        ws.send_text("after a pause")
        m = ws.recv_text()
        while m.startswith('{"type":"error"'):
            m = ws.recv_text()
        check(m == "after a pause", f"usable after a pause: {m!r}")
        t0 = time.time()
        code = None
        while time.time() - t0 < 20 and code is None:
            try:
                ws.send_text("flood of one")
            except OSError:
                break
            ws.sock.settimeout(0.05)
            try:
                while True:
                    m = ws.recv(timeout=0.05)
                    if m[0] == "close":
                        code = m[1]
                        break
            except (socket.timeout, TimeoutError):
                pass
        check(code == 1008, f"kept up: closed with {code}")
        check(time.time() - t0 >= 1.5, "not closed before the rate was kept up")


def own_keepalive(binary):
    """WS-DEAD-PEER: WS_PING_INTERVAL=1, WS_PEER_TIMEOUT=3: a client that answers pings stays, one that reads
    nothing and sends nothing is dropped (on_close 1006)."""
    with Server(binary, env={"WS_PING_INTERVAL": "1", "WS_PEER_TIMEOUT": "3"}) as s:
        dead = connect(s)
        live = connect(s)
        t0 = time.time()
        pings = 0
        while time.time() - t0 < 6:
            m = live.recv(timeout=2, pong=False)
            check(m[0] == "ping", f"the live client reads {m!r}")
            live.send_frame(PONG, m[1])
            pings += 1
        check(pings >= 3, f"pings every second: {pings} in 6 s")
        check(dead.wait_eof(timeout=10), "the dead peer was dropped")
        live.send_text("alive")
        check(live.recv_text() == "alive", "the live client is still served")
        check(1006 in stats(s)["codes"].values(), "on_close(1006) for the dead one")


def own_max_connections(binary):
    """WS_MAX_CONNECTIONS=3: the fourth is a 503 with Retry-After; a closed one frees its place."""
    with Server(binary, env={"WS_MAX_CONNECTIONS": "3"}) as s:
        conns = [connect(s) for _ in range(3)]
        extra = WS(s.port)
        check(extra.status == 503 and extra.headers.get("retry-after") == "5", f"the fourth: {extra.status}")
        conns[0].close()
        closed_with(conns[0], 1000, "close")
        deadline = time.time() + 5
        while True:
            again = WS(s.port)
            if again.status == 101 or time.time() > deadline:
                break
            time.sleep(0.1)
        check(again.status == 101, f"a place freed: {again.status}")


def own_shutdown(binary):
    """SIGTERM: every open connection gets 1001; the server exits 0 having freed every user pointer
    once (opened = closed = freed in its last line)."""
    with Server(binary) as s:          # its data directory removed after, as every case's
        conns = [connect(s) for _ in range(5)]
        for ws in conns:
            ws.send_text("before")
            check(ws.recv_text() == "before", "echo before shutdown")
        results = []

        def wait(ws):
            results.append(ws.expect_close(timeout=20))

        threads = [threading.Thread(target=wait, args=(ws,)) for ws in conns]
        for t in threads:
            t.start()
        rc = s.stop(timeout=30)
        for t in threads:
            t.join()
        check(rc == 0, f"exit status {rc}: {s.tail()}")
        check(sorted(r[0] for r in results) == [1001] * 5, f"close codes: {results}")
        m = re.search(r"opened=(\d+) closed=(\d+) freed=(\d+)", s.tail())
        check(m and m.group(1) == m.group(2) == m.group(3) == "5", f"counts: {s.tail()[-300:]}")


if __name__ == "__main__":
    run_cases(globals(), SHARED)
