#!/usr/bin/env python3
"""test_call.py - the rooms' audio call on a real `pairbox serve`: the
`signal` message of the room's channel (docs/realtime.md "The audio call";
api/hub_signal.c) and GET /api/v1/rtc-config (docs/platform.md "Audio call";
api/rtc.c, api/routes_rtc.c):

  * a signal goes to the other participant's connections only (all of
    them), as {"type": "signal", "from": user, "data": ...}, never back to
    the sender, and is rebuilt from the checked fields;
  * the welcome says who is polite: exactly one of the two, the same after
    a reconnect;
  * a user who is not a participant cannot open the channel, cannot be
    signalled, and a participant cannot signal themselves;
  * bad shapes and sizes get an error naming the field (bad-message,
    too-big at 16 KiB of SDP) and the connection stays usable; the peer
    gets nothing of them;
  * a signal for a participant not yet connected waits (in order, after
    its welcome), is dropped when its sender's page leaves, after 30 s,
    and past 32 signals (queue-full); past the rate the sender gets `rate`;
  * signals are not written to the room log;
  * rtc-config: a session needed, never cached; {"iceServers": []} with
    nothing set; STUN and static TURN as set; coturn's REST credential from
    a shared secret (the HMAC checked here); bad settings stop the server.

usage: test_call.py PAIRBOX [--case NAME ...]
"""
import base64
import hashlib
import hmac
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, free_port, run_cases  # noqa: E402
from rooms_lib import ENV, Channel, call, matched_room, user  # noqa: E402

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"}
CANDIDATE = {"candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "sdpMid": "0",
             "sdpMLineIndex": 0, "usernameFragment": "abcd"}


def pair(s):
    """Two participants of a fresh room, both connected: (room, a, b, channel a, channel b)."""
    a, b = user(s), user(s)
    room = matched_room(s, a, b)
    return room, a, b, Channel(s, room, a), Channel(s, room, b)


def signal(ch, to, data):
    ch.send({"type": "signal", "to": to.id if hasattr(to, "id") else to, "data": data})


def signals(ch, quiet=0.4):
    """The signals that came within quiet seconds (other messages dropped)."""
    return [m for m in ch.drain(quiet) if m.get("type") == "signal"]


def case_relay(s):
    room, a, b, ca, cb = pair(s)
    cb2 = Channel(s, room, b)                     # a second tab of b's: it hears the call too
    ca.drain()
    sent = [{"session": "sA-1", "call": "hello"},
            {"session": "sA-1", "peer": "sB-1", "description": OFFER},
            {"session": "sA-1", "peer": "sB-1", "candidate": CANDIDATE},
            {"session": "sA-1", "peer": "sB-1", "candidate": {"candidate": "", "sdpMid": None, "sdpMLineIndex": None}},
            {"candidate": None},
            {"call": "muted"}, {"call": "unmuted"}, {"call": "bye"},
            {"description": {"type": "rollback"}}]
    for data in sent:
        signal(ca, b, data)
    for ch in (cb, cb2):
        got = signals(ch)
        check([m["data"] for m in got] == sent, f"every signal as sent, in order: {got}")
        me = {k: ca.welcome["you"][k] for k in ("id", "username", "display_name")}
        check(all(m["from"] == me and me["id"] == a.id for m in got), f"from a: {got[0]['from']} {me}")
        check(all(set(m) == {"type", "from", "data"} for m in got), f"nothing else in the message: {got[0]}")
    check(signals(ca) == [], "nothing comes back to the sender")
    answer = {"session": "sB-1", "peer": "sA-1", "description": {"type": "answer", "sdp": "v=0\r\n"}}
    signal(cb2, a, answer)
    got = signals(ca)
    check(len(got) == 1 and got[0]["data"] == answer and got[0]["from"]["id"] == b.id, f"b's answer reaches a: {got}")
    check(signals(cb) == [], "b's other tab does not hear b's own signal")
    for ch in (ca, cb, cb2):
        ch.close()


def case_polite(s):
    room, a, b, ca, cb = pair(s)
    pa, pb = ca.welcome["you"]["polite"], cb.welcome["you"]["polite"]
    check(isinstance(pa, bool) and isinstance(pb, bool) and pa != pb, f"exactly one is polite: {pa} {pb}")
    ca.close()
    again = Channel(s, room, a)
    check(again.welcome["you"]["polite"] == pa, "the same side is polite after a reconnect (the slot decides)")
    code, v, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=a, origin=False)
    check(code == 200, f"the room: {code}")
    again.close()
    cb.close()


def case_participants_only(s):
    room, a, b, ca, cb = pair(s)
    c, d = user(s), user(s)
    other = matched_room(s, c, d)
    # A non-participant never reaches the room's channel ...
    ch = Channel(s, room, c)
    check(ch.status == 404, f"a stranger's channel: {ch.status} {ch.body}")
    # ... and cannot be signalled from it; nor can the sender signal themselves or nobody.
    cc = Channel(s, other, c)
    for to in (c, a, 0, -1, "x", None, b.id + 10 ** 9):
        signal(ca, to, {"call": "hello"})
        m = ca.wait("error")
        check(m["code"] == "bad-message" and m["in"] == "signal" and "to" in m["message"], f"to {to}: {m}")
    # From another room, a room's participant is nobody to signal.
    signal(cc, a, {"call": "hello"})
    m = cc.wait("error")
    check(m["code"] == "bad-message", f"across rooms: {m}")
    check(signals(cb) == [] and signals(cc) == [] and signals(ca) == [], "no one got any of them")
    # The connection is still usable: a signal to the right peer goes through.
    signal(ca, b, {"call": "hello"})
    check([m["data"] for m in signals(cb)] == [{"call": "hello"}], "and then a good one arrives")
    for ch in (ca, cb, cc):
        ch.close()


BAD = [
    ({"type": "signal"}, "bad-message", "to"),
    ({"type": "signal", "to": "B-as-text", "data": {"call": "hello"}}, "bad-message", "to"),
    ({"type": "signal", "to": "B"}, "bad-message", "data"),
    ({"type": "signal", "to": "B", "data": []}, "bad-message", "data"),
    ({"type": "signal", "to": "B", "data": {"call": "hello", "extra": 1}}, "bad-message", "data"),
    ({"type": "signal", "to": "B", "data": {}}, "bad-message", "one of"),
    ({"type": "signal", "to": "B", "data": {"call": "hello", "candidate": None}}, "bad-message", "one of"),
    ({"type": "signal", "to": "B", "data": {"call": "dance"}}, "bad-message", "data.call"),
    ({"type": "signal", "to": "B", "data": {"call": 1}}, "bad-message", "data.call"),
    ({"type": "signal", "to": "B", "data": {"call": "hello", "session": ""}}, "bad-message", "data.session"),
    ({"type": "signal", "to": "B", "data": {"call": "hello", "session": "a b"}}, "bad-message", "data.session"),
    ({"type": "signal", "to": "B", "data": {"call": "hello", "session": "s" * 65}}, "bad-message", "data.session"),
    ({"type": "signal", "to": "B", "data": {"call": "hello", "peer": 5}}, "bad-message", "data.peer"),
    ({"type": "signal", "to": "B", "data": {"description": "v=0"}}, "bad-message", "data.description"),
    ({"type": "signal", "to": "B", "data": {"description": {"type": "offer"}}}, "bad-message", "sdp"),
    ({"type": "signal", "to": "B", "data": {"description": {"type": "offer", "sdp": 1}}}, "bad-message", "sdp"),
    ({"type": "signal", "to": "B", "data": {"description": {"type": "hack", "sdp": ""}}}, "bad-message", "type"),
    ({"type": "signal", "to": "B", "data": {"description": {"type": "offer", "sdp": "", "x": 1}}}, "bad-message",
     "data.description"),
    ({"type": "signal", "to": "B", "data": {"description": {"type": "offer", "sdp": "x" * 16385}}}, "too-big", "16384"),
    ({"type": "signal", "to": "B", "data": {"candidate": "candidate:1"}}, "bad-message", "data.candidate"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, port=1)}}, "bad-message", "data.candidate"),
    ({"type": "signal", "to": "B", "data": {"candidate": {"sdpMid": "0"}}}, "bad-message", "candidate.candidate"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, candidate="c" * 1025)}}, "too-big", "1024"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, candidate="a\r\nb")}}, "bad-message", "line"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, sdpMid=0)}}, "bad-message", "sdpMid"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, sdpMid="m" * 65)}}, "bad-message", "sdpMid"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, sdpMLineIndex=-1)}}, "bad-message",
     "sdpMLineIndex"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, sdpMLineIndex="0")}}, "bad-message",
     "sdpMLineIndex"),
    ({"type": "signal", "to": "B", "data": {"candidate": dict(CANDIDATE, usernameFragment=[])}}, "bad-message",
     "usernameFragment"),
    ({"type": "signal", "to": "B", "data": {"candidate": {"candidate": "candidate:1 1 udp 1 h 1 typ host"}}},
     "bad-message", "sdpMid or an sdpMLineIndex"),
]


def case_bad_shapes(s):
    room, a, b, ca, cb = pair(s)
    for msg, code, names in BAD:
        msg = dict(msg, **({"to": b.id} if msg.get("to") == "B" else {"to": str(b.id)} if "to" in msg else {}))
        ca.send(msg)
        m = ca.wait("error")
        check(m["code"] == code and m["in"] == "signal" and names in m["message"], f"{str(msg)[:120]}: {m}")
    check(signals(cb) == [], "the peer got nothing of them")
    # At the caps exactly: through.
    big = {"description": {"type": "offer", "sdp": "x" * 16384}}
    line = {"candidate": dict(CANDIDATE, candidate="c" * 1024)}
    signal(ca, b, big)
    signal(ca, b, line)
    check([m["data"] for m in signals(cb)] == [big, line], "16384 bytes of SDP and 1024 of candidate pass")
    # The connection is as usable as before: chat both ways.
    ca.send({"type": "chat", "text": "still talking"})
    check(cb.wait("chat")["text"] == "still talking", "chat after the errors")
    ca.close()
    cb.close()


def case_queued_for_later(s):
    a, b = user(s), user(s)
    room = matched_room(s, a, b)
    ca = Channel(s, room, a)
    hello = {"session": "sA", "call": "hello"}
    offer = {"session": "sA", "description": OFFER}
    signal(ca, b, hello)
    signal(ca, b, offer)
    signal(ca, b, {"session": "sA", "candidate": CANDIDATE})
    errors = [m for m in ca.drain(0.3) if m.get("type") == "error"]
    check(errors == [], f"no error: kept for b: {errors}")
    cb = Channel(s, room, b, read_welcome=False)
    first = cb.next()
    check(first and first["type"] == "welcome", f"the welcome comes first: {first}")
    got = signals(cb)
    check([m["data"] for m in got] == [hello, offer, {"session": "sA", "candidate": CANDIDATE}],
          f"then what waited, in order: {got}")
    # Delivered once: a second tab of b's does not get them again.
    cb2 = Channel(s, room, b)
    check(signals(cb2) == [], "delivered once")
    for ch in (cb, cb2):
        ch.close()
    # What a page sent dies with it: a leaves before b comes back.
    ca.drain(0.5)
    signal(ca, b, {"session": "sA", "call": "hello"})
    ca.close()
    time.sleep(0.5)
    ca = Channel(s, room, a)
    cb = Channel(s, room, b)
    check(signals(cb) == [], "the signals of a page that left are dropped")
    # At most 32 wait (64 KiB): the 33rd is refused with queue-full.
    cb.close()
    ca.wait("presence", where=lambda m: m["user"]["id"] == b.id and not m["online"])
    for i in range(33):
        signal(ca, b, {"session": "sA", "candidate": dict(CANDIDATE, candidate=f"candidate:{i} 1 udp 1 h 1 typ host")})
    m = ca.wait("error")
    check(m["code"] == "queue-full" and m["in"] == "signal", f"the 33rd: {m}")
    cb = Channel(s, room, b)
    got = signals(cb)
    check(len(got) == 32 and got[0]["data"]["candidate"]["candidate"].startswith("candidate:0 "),
          f"32 waited: {len(got)}")
    ca.close()
    cb.close()


def case_rate(s):
    room, a, b, ca, cb = pair(s)
    # 60 at once, then 10 a second: the 61st to 70th of a quick burst are refused.
    for i in range(70):
        signal(ca, b, {"call": "hello" if i % 2 else "bye"})
    errors = [m for m in ca.drain(0.5) if m.get("type") == "error"]
    check(errors and all(m["code"] == "rate" and m["in"] == "signal" for m in errors), f"rate errors: {errors[:2]}")
    got = signals(cb)
    check(60 <= len(got) < 70 and len(got) + len(errors) == 70, f"{len(got)} relayed, {len(errors)} refused")
    time.sleep(1.2)
    signal(ca, b, {"call": "hello"})
    check(len(signals(cb)) == 1, "a second later signals go through again")
    ca.send({"type": "chat", "text": "usable"})
    cb.wait("chat")
    ca.close()
    cb.close()


def case_not_logged(s):
    room, a, b, ca, cb = pair(s)
    marker = f"pairbox-call-marker-{os.getpid()}"
    signal(ca, b, {"description": {"type": "offer", "sdp": f"v=0\r\ns={marker}\r\n"}})
    check(len(signals(cb)) == 1, "relayed")
    ca.send({"type": "chat", "text": "logged"})     # durable once broadcast: the log is written up to here
    cb.wait("chat")
    db = sqlite3.connect(f"file:{os.path.join(s.data, 'pairbox.db')}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT kind, data FROM room_log WHERE room_id = ?", (room,)).fetchall()
    finally:
        db.close()
    check(any(k == "chat" and "logged" in d for k, d in rows), f"the log holds the chat: {rows}")
    check(not any(k == "signal" or marker in d for k, d in rows), f"and no signal: {[k for k, _ in rows]}")
    with open(s.log, "rb") as f:
        check(marker.encode() not in f.read(), "nor does the server's log")
    ca.close()
    cb.close()


def own_queue_expires(pairbox):
    """A signal waits 30 s for its participant, then is dropped."""
    with Server(pairbox, env=ENV) as s:
        a, b = user(s), user(s)
        room = matched_room(s, a, b)
        ca = Channel(s, room, a)
        signal(ca, b, {"call": "hello", "session": "old"})
        time.sleep(31)
        signal(ca, b, {"call": "hello", "session": "new"})
        cb = Channel(s, room, b)
        got = signals(cb)
        check([m["data"]["session"] for m in got] == ["new"], f"only the young one: {got}")


def rtc_config(s, u):
    code, body, headers = call(s, "GET", "/api/v1/rtc-config", user=u, origin=False)
    check(code == 200, f"rtc-config: {code} {body}")
    check("no-store" in headers.get("cache-control", ""), f"never cached: {headers}")
    return body


def case_rtc_config_default(s):
    code, body, _ = call(s, "GET", "/api/v1/rtc-config", origin=False)
    check(code == 401 and body == {"error": "log in first"}, f"no session: {code} {body}")
    code, body, _ = call(s, "GET", "/api/v1/rtc-config", user="not-a-session", origin=False)
    check(code == 401, f"a bad session: {code} {body}")
    u = user(s)
    check(rtc_config(s, u) == {"iceServers": []}, "nothing set: no ICE servers (a LAN, one machine)")
    code, body, _ = call(s, "POST", "/api/v1/rtc-config", {}, user=u)
    check(code in (404, 405), f"only GET: {code}")


def own_rtc_config_static(pairbox):
    env = dict(ENV, RTC_STUN_URLS="stun:stun.example.org:3478, stuns:stun.example.org",
               RTC_TURN_URLS="turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349?transport=tcp",
               RTC_TURN_USERNAME="pairbox", RTC_TURN_CREDENTIAL="static-pass")
    with Server(pairbox, env=env) as s:
        body = rtc_config(s, user(s))
        check(body == {"iceServers": [
            {"urls": ["stun:stun.example.org:3478", "stuns:stun.example.org"]},
            {"urls": ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"],
             "username": "pairbox", "credential": "static-pass"}]}, f"as set: {body}")


def own_rtc_config_secret(pairbox):
    secret = "coturn-static-auth-secret-for-tests"
    env = dict(ENV, RTC_TURN_URLS="turn:turn.example.org", RTC_TURN_SECRET=secret, RTC_TURN_TTL="3600")
    with Server(pairbox, env=env) as s:
        u, v = user(s), user(s)
        before = int(time.time())
        body = rtc_config(s, u)
        after = int(time.time())
        check(set(body) == {"iceServers", "expires_at"} and len(body["iceServers"]) == 1, f"one TURN entry: {body}")
        turn = body["iceServers"][0]
        check(turn["urls"] == ["turn:turn.example.org"], f"urls: {turn}")
        expiry, _, who = turn["username"].partition(":")
        check(who == str(u.id) and before + 3600 <= int(expiry) <= after + 3600, f"<expiry>:<user id>: {turn}")
        check(body["expires_at"] == int(expiry) * 1000, f"expires_at: {body}")
        mac = base64.b64encode(hmac.new(secret.encode(), turn["username"].encode(), hashlib.sha1).digest()).decode()
        check(turn["credential"] == mac, f"credential = base64(HMAC-SHA1(secret, username)): {turn['credential']} {mac}")
        check(secret not in str(body), "the secret never leaves the server")
        other = rtc_config(s, v)["iceServers"][0]
        check(other["username"].endswith(f":{v.id}") and other["credential"] != turn["credential"],
              f"each user a credential of their own: {other}")


def own_rtc_bad_settings(pairbox):
    """Settings that cannot work stop the server at its start, naming them."""
    for env, words in [({"RTC_STUN_URLS": "http://stun.example.org"}, "RTC_STUN_URLS"),
                       ({"RTC_TURN_URLS": "turn:t.example"}, "RTC_TURN_SECRET"),
                       ({"RTC_TURN_URLS": "turn:t.example", "RTC_TURN_SECRET": "s", "RTC_TURN_USERNAME": "u",
                         "RTC_TURN_CREDENTIAL": "p"}, "not both"),
                       ({"RTC_TURN_TTL": "10"}, "RTC_TURN_TTL")]:
        data = tempfile.mkdtemp(prefix="pairbox-call-")
        try:
            p = subprocess.run([pairbox, "serve", "--port", str(free_port()), "--bind", "127.0.0.1", "--data", data],
                               env=dict(os.environ, **env), capture_output=True, text=True, timeout=60)
        finally:
            shutil.rmtree(data, ignore_errors=True)
        check(p.returncode != 0 and words in p.stderr, f"{env}: exit {p.returncode}: {p.stderr[-300:]}")


if __name__ == "__main__":
    run_cases(globals(), ENV)
