"""rooms_lib.py - what the waiting-room and room tests share: accounts on a
real server, two users matched into one room, the room's channel as JSON
messages (wsclient.py underneath), a small change-set helper.

    alice, bob = user(s), user(s)
    room = matched_room(s, alice, bob, "python3", "easy")
    a = Channel(s, room, alice)           # a.welcome: the first message
    a.send({"type": "chat", "text": "hi"}); a.wait("chat")
"""
import json
import os
import re
import socket
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check  # noqa: E402
from wsclient import WS  # noqa: E402

PASSWORD = "correct horse battery"
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "problems")
# The shared server of these tests: the fixture problems (add-two-numbers
# is the easy one, a stdin problem; max-element the medium one, a function
# problem), limits high enough for the cases.
ENV = {"PROBLEMS_DIR": FIXTURES, "SIGNUP_PER_HOUR": "100000", "LOGIN_PER_MINUTE": "100000",
       "LOGIN_FAILURES": "100000", "SESSION_PER_MINUTE": "100000"}
_names = iter(range(1, 1 << 30))


class User:
    def __init__(self, body, token):
        self.id, self.name, self.token, self.body = body["id"], body["username"], token, body


def call(s, method, path, body=None, user=None, origin=True, headers=None, timeout=60):
    """(status, body, headers) of a request; user's cookie when given; origin True: the server's own."""
    h = dict(headers or {})
    if user:
        h["Cookie"] = f"pairbox_session={user.token if isinstance(user, User) else user}"
    if origin is True:
        h["Origin"] = s.url
    elif origin:
        h["Origin"] = origin
    return s.request(method, path, body, headers=h, timeout=timeout)


def user(s, prefix="u", **extra):
    """A new account, logged in."""
    name = f"{prefix}{next(_names)}_{os.getpid() % 1000}"
    code, body, h = call(s, "POST", "/api/v1/auth/signup", {"username": name, "password": PASSWORD, **extra})
    check(code == 201, f"sign-up {name}: HTTP {code} {body!r}")
    m = re.match(r"pairbox_session=([^;]*);", h.get("set-cookie", ""))
    check(m, f"sign-up sets the cookie: {h}")
    return User(body, m.group(1))


def join(s, u, language="python3", difficulty="easy", topics=None):
    body = {"language": language, "difficulty": difficulty}
    if topics is not None:
        body["topics"] = topics
    return call(s, "POST", "/api/v1/lobby", body, user=u)


def poll(s, u, wait=0):
    return call(s, "GET", f"/api/v1/lobby?wait={wait}", user=u, origin=False, timeout=wait + 30)


def matched_room(s, a, b, language="python3", difficulty="easy"):
    """a and b join the waiting room alone together and are matched: the room id."""
    code, body, _ = join(s, a, language, difficulty)
    check(code == 200, f"join: {code} {body}")
    code, body, _ = join(s, b, language, difficulty)
    check(code == 200 and body["state"] == "matched", f"the second joiner is matched at once: {code} {body}")
    room = body["room"]
    code, other, _ = poll(s, a, 5)
    check(code == 200 and other == {"state": "matched", "room": room, "waited_s": other.get("waited_s")},
          f"the first learns the same room: {other}")
    return room


class Channel:
    """A room's WebSocket speaking JSON. Messages not yet wanted are kept in order."""

    def __init__(self, s, room, u, origin=True, read_welcome=True):
        headers = {"Cookie": f"pairbox_session={u.token}"} if u else {}
        if origin is not True:
            headers["Origin"] = origin
        self.ws = WS(s.port, f"/api/v1/rooms/{urllib.parse.quote(room)}/ws", headers=headers)
        self.status = self.ws.status
        self.body = self.ws.body
        self.kept = []
        self.welcome = self.wait("welcome") if self.status == 101 and read_welcome else None

    def send(self, msg):
        self.ws.send_text(json.dumps(msg))

    def next(self, timeout=10):
        """The next message (kept ones first); None on a close or the end."""
        if self.kept:
            return self.kept.pop(0)
        m = self.ws.recv(timeout)
        if m[0] != "text":
            self.closed = m
            return None
        return json.loads(m[1])

    def wait(self, type_, timeout=20, where=None):
        """The first message of type_ (and where(msg) true), keeping the others for later."""
        deadline = time.time() + timeout
        skipped = []
        try:
            while time.time() < deadline:
                if self.kept:
                    m = self.kept.pop(0)
                else:
                    try:
                        r = self.ws.recv(max(0.01, deadline - time.time()))
                    except socket.timeout:
                        break
                    if r[0] != "text":
                        raise AssertionError(f"channel ended waiting for {type_}: {r}")
                    m = json.loads(r[1])
                if m.get("type") == type_ and (where is None or where(m)):
                    return m
                skipped.append(m)
        finally:
            self.kept = skipped + self.kept
        raise AssertionError(f"no {type_} message in {timeout} s; had {[k.get('type') for k in self.kept]}")

    def drain(self, quiet=0.3):
        """Every message that comes within quiet seconds of the last."""
        out = list(self.kept)
        self.kept = []
        while True:
            try:
                r = self.ws.recv(quiet)
            except socket.timeout:
                return out
            if r[0] != "text":
                return out
            out.append(json.loads(r[1]))

    def close(self):
        try:
            self.ws.close()
            self.ws.shut()
        except OSError:
            pass


def insert(doc_len, at, text):
    """ChangeSet.toJSON() of inserting text at UTF-16 offset at of a document of doc_len units."""
    parts = []
    if at:
        parts.append(at)
    lines = text.split("\n")
    parts.append([0, *lines])
    if doc_len - at:
        parts.append(doc_len - at)
    return parts


def units(text):
    """The length of text in UTF-16 code units (what CodeMirror counts)."""
    return len(text.encode("utf-16-le")) // 2
