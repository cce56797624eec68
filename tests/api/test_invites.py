#!/usr/bin/env python3
"""test_invites.py - rooms made by invitation and their spectators, on a
real `pairbox serve` (docs/platform.md "Invites" and "Spectators",
docs/realtime.md "Spectators"; api/routes_invites.c, routes_watch.c,
hub_join.c, hub_watch.c):

  * POST /api/v1/rooms: every field checked and named; a room of one with
    an invite link (by problem, or by difficulty as the waiting room picks);
    the link's token kept hashed, shown once;
  * GET /api/v1/invites/:token without spending it; accept: the first other
    user joins, a third is refused (410), the creator and the friend land in
    the room; expiry (a tiny INVITE_HOURS); a new link withdraws the old;
    the open-invites cap and the rate limit; a deleted account's invites;
  * the waiting room: no phase runs, the creator edits, chats and runs,
    swap/next/submit wait; the friend joins (the room in memory or not),
    both on the channel, edits converge, the phases start;
  * kill -9 while a room waits and after the friend joined: nothing lost,
    the clock as it started;
  * deleting a waiting room, refused once the friend is in; the pages whose
    address holds a token are sent with Referrer-Policy: no-referrer;
  * spectators: refused unless both participants allow; a link traded for
    a room-scoped cookie; the view and a read-only channel (every message
    that would change anything refused with "spectator", the connection
    still usable); presence as spectators; never a participant; the other
    room routes refused; disallowing disconnects them and voids the links;
    the cap per room.

usage: test_invites.py PAIRBOX [--case NAME ...]
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, need, run_cases  # noqa: E402
from rooms_lib import ENV, Channel, call, insert, matched_room, user  # noqa: E402
from wsclient import WS  # noqa: E402

ROOM_NOT_FOUND = {"error": "room not found"}
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"


def create(s, u, **body):
    body.setdefault("language", "python3")
    if "problem" not in body and "difficulty" not in body:
        body["problem"] = "add-two-numbers"
    return call(s, "POST", "/api/v1/rooms", body, user=u)


def invited(s, u, **body):
    """A new room of u's and its invite: (room id, token, the answer)."""
    got = need(create(s, u, **body), 201, "create an invite room")
    return got["room"]["id"], got["invite"]["token"], got


def invite(s, token, u):
    return call(s, "GET", f"/api/v1/invites/{token}", user=u, origin=False)


def accept(s, token, u):
    return call(s, "POST", f"/api/v1/invites/{token}/accept", user=u)


def room_of(s, room, u):
    return call(s, "GET", f"/api/v1/rooms/{room}", user=u, origin=False)


class WatchChannel(Channel):
    """The room's channel opened with a spectator cookie beside the session."""

    def __init__(self, s, room, u, watch_token):
        self.ws = WS(s.port, f"/api/v1/rooms/{room}/ws",
                     headers={"Cookie": f"pairbox_session={u.token}; pairbox_watch={watch_token}", "Origin": s.url})
        self.status, self.body, self.kept = self.ws.status, self.ws.body, []
        self.welcome = self.wait("welcome") if self.status == 101 else None


def watch_cookie(headers):
    m = re.match(r"pairbox_watch=([A-Za-z0-9_-]{43}); (.*)$", headers.get("set-cookie", ""))
    check(m, f"a spectator cookie: {headers.get('set-cookie')!r}")
    return m.group(1), m.group(2)


def with_watch(u, token):
    return {"Cookie": f"pairbox_session={u.token}; pairbox_watch={token}"}


# ---- making a room ----

def case_create_fields(s):
    a = user(s)
    code, got, _ = call(s, "POST", "/api/v1/rooms", {"language": "python3", "difficulty": "easy"})
    check(code == 401, f"no session: {code} {got}")
    code, got, _ = call(s, "POST", "/api/v1/rooms", {"language": "python3", "difficulty": "easy"}, user=a,
                        origin="http://evil.example")
    check(code == 403, f"another site: {code} {got}")
    for body, field in [({"language": "klingon", "difficulty": "easy"}, "language"),
                        ({"difficulty": "easy"}, "language"),
                        ({"language": "python3"}, "difficulty"),
                        ({"language": "python3", "problem": "add-two-numbers", "difficulty": "easy"}, "problem"),
                        ({"language": "python3", "problem": "no-such-problem"}, "problem"),
                        ({"language": "python3", "problem": 7}, "problem"),
                        ({"language": "python3", "difficulty": "brutal"}, "difficulty"),
                        ({"language": "python3", "difficulty": "easy", "topics": "arrays"}, "topics"),
                        ({"language": "python3", "difficulty": "easy", "topics": ["x" * 33]}, "topics"),
                        ({"language": "python3", "problem": "max-element", "topics": ["arrays"]}, "topics"),
                        ({"language": "bash", "problem": "max-element"}, "language"),
                        ({"language": "python3", "difficulty": "easy", "colour": "red"}, "colour")]:
        code, got, _ = call(s, "POST", "/api/v1/rooms", body, user=a)
        check(code == 422 and field in got and isinstance(got[field], list), f"{body}: 422 naming {field}: {code} {got}")
    code, got, _ = call(s, "POST", "/api/v1/rooms", "[1]", user=a, headers={"Content-Type": "application/json"})
    check(code == 400, f"not an object: {code} {got}")
    code, got, _ = call(s, "GET", "/api/v1/rooms", user=a, origin=False)
    check(got == {"rooms": []}, f"nothing was made: {got}")


def case_create(s):
    a = user(s)
    t0 = int(time.time() * 1000)
    room, token, got = invited(s, a, problem="add-two-numbers")
    inv = got["invite"]
    check(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) and inv["url"] == f"/invite/{token}",
          f"a token of 32 random bytes in base64url, its link: {inv}")
    check(t0 + 23.9 * 3600e3 < inv["expires_at"] < t0 + 24.1 * 3600e3, f"valid for 24 hours: {inv}")
    v = got["room"]
    check(v["waiting"] is True and v["problem"]["slug"] == "add-two-numbers" and v["language"] == "python3" and
          v["difficulty"] == "easy", f"the room waits: {v}")
    check([p["user"]["id"] for p in v["participants"]] == [a.id] and v["participants"][0]["role"] == "driver",
          f"its creator alone, driving: {v['participants']}")
    check(v["phase"] == {"name": "waiting", "index": -1, "started_at": None, "ends_at": None} and not v["ended"],
          f"no phase has begun: {v['phase']}")
    check(v["spectators"]["allowed"] is False and v["you"] == {"role": "driver"}, f"{v['spectators']} {v['you']}")
    got = need(room_of(s, room, a), 200, "the creator's view")
    check(got["waiting"] is True and got["invite"]["state"] == "valid" and got["invite"]["expires_at"] == inv["expires_at"],
          f"the creator sees the invite's state, never its token: {got.get('invite')}")
    check(token not in str(got), "the token is nowhere in the view")
    got = need(call(s, "GET", "/api/v1/rooms", user=a, origin=False), 200, "the list")
    r = got["rooms"][0]
    check(r["id"] == room and r["waiting"] is True and r["ended"] is False and len(r["participants"]) == 1,
          f"listed as waiting: {r}")
    # By difficulty: the waiting room's choice among the problems python3 can solve.
    for diff, slug in (("easy", "add-two-numbers"), ("medium", "max-element"), ("hard", None)):
        _, _, got = invited(s, user(s), difficulty=diff, topics=["arrays"])
        check(slug is None or got["room"]["problem"]["slug"] == slug, f"{diff}: {got['room']['problem']['slug']}")
    _, _, got = invited(s, user(s), language="c", difficulty="medium")
    check(got["room"]["problem"]["slug"] == "max-element" and "int maxElement(" in str(got["room"]["problem"]),
          f"a function problem for c: {got['room']['problem']['slug']}")


def case_invite_view(s):
    a, b = user(s, display_name="Ada Inviter"), user(s)
    room, token, _ = invited(s, a)
    got = need(invite(s, token, b), 200, "the friend reads the invite")
    check(got["state"] == "valid" and got["from"] == {"id": a.id, "username": a.name, "display_name": "Ada Inviter"} and
          got["problem"] == {"slug": "add-two-numbers", "title": got["problem"]["title"], "difficulty": "easy"} and
          got["language"] == "python3" and got["yours"] is False and got["room"] is None,
          f"who invites, to what; the room is not shown to a stranger: {got}")
    got = need(invite(s, token, a), 200, "the creator reads it")
    check(got["yours"] is True and got["room"] == room, f"{got}")
    got = need(invite(s, token, b), 200, "reading twice spends nothing")
    check(got["state"] == "valid", f"{got}")
    code, got, _ = call(s, "GET", f"/api/v1/invites/{token}", origin=False)
    check(code == 401, f"no session: {code} {got}")
    for bad in ("short", "A" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), "%2e%2e"):
        code, got, _ = invite(s, bad, b)
        check(code == 404 and got == {"error": "invite not found"}, f"{bad}: {code} {got}")
        code, got, _ = accept(s, bad, b)
        check(code == 404 and got == {"error": "invite not found"}, f"accept {bad}: {code} {got}")


def case_accept(s):
    a, b, c = user(s), user(s), user(s)
    room, token, _ = invited(s, a)
    got = need(accept(s, token, a), 200, "the creator follows their own link")
    check(got == {"room": room, "joined": False}, f"lands in the room, spends nothing: {got}")
    check(need(invite(s, token, b), 200, "")["state"] == "valid", "still valid")
    check(room_of(s, room, b)[0] == 404, "not yet b's room")
    code, got, _ = call(s, "POST", f"/api/v1/invites/{token}/accept", user=b, origin="http://evil.example")
    check(code == 403, f"accepting from another site: {code} {got}")
    got = need(accept(s, token, b), 200, "the friend accepts")
    check(got == {"room": room, "joined": True}, f"{got}")
    v = need(room_of(s, room, b), 200, "the friend's view")
    check(v["waiting"] is False and sorted(p["user"]["id"] for p in v["participants"]) == sorted([a.id, b.id]),
          f"both in it: {v['participants']}")
    check(v["phase"]["name"] == "intro" and v["phase"]["ends_at"] - v["phase"]["started_at"] == 5 * 60 * 1000 and
          abs(v["phase"]["started_at"] - time.time() * 1000) < 60000, f"the clock started when they joined: {v['phase']}")
    check("invite" not in need(room_of(s, room, a), 200, ""), "no invite to show once both are in")
    got = need(invite(s, token, c), 200, "a third reads it")
    check(got["state"] == "used" and got["room"] is None, f"{got}")
    code, got, _ = accept(s, token, c)
    check(code == 410 and got == {"error": "this invite was used"}, f"a third person: {code} {got}")
    check(room_of(s, room, c)[0] == 404, "and is not in the room")
    for u in (a, b):
        got = need(accept(s, token, u), 200, "following it again")
        check(got == {"room": room, "joined": False}, f"lands in the room: {got}")
    check(need(invite(s, token, b), 200, "")["room"] == room, "the friend is shown the room")
    got = need(call(s, "GET", "/api/v1/rooms", user=b, origin=False), 200, "the friend's list")
    check(got["rooms"][0]["id"] == room and got["rooms"][0]["waiting"] is False, f"{got}")


def case_accept_leaves_the_waiting_room(s):
    a, b = user(s), user(s)
    _, token, _ = invited(s, a)
    need(call(s, "POST", "/api/v1/lobby", {"language": "python3", "difficulty": "hard"}, user=b), 200, "b waits")
    need(accept(s, token, b), 200, "b accepts the invite instead")
    got = need(call(s, "GET", "/api/v1/lobby", user=b, origin=False), 200, "")
    check(got["state"] == "idle", f"no longer in the waiting room: {got}")


def case_accept_race(s):
    """Many people accept one invite at once: exactly one gets in."""
    import threading
    a = user(s)
    room, token, _ = invited(s, a)
    people = [user(s) for _ in range(6)]
    answers = [None] * len(people)

    def go(i):
        answers[i] = accept(s, token, people[i])[:2]
    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(people))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [i for i, (code, _) in enumerate(answers) if code == 200]
    check(len(won) == 1 and all(code == 410 for i, (code, _) in enumerate(answers) if i not in won),
          f"one in, the rest refused: {answers}")
    v = need(room_of(s, room, a), 200, "")
    check(sorted(p["user"]["id"] for p in v["participants"]) == sorted([a.id, people[won[0]].id]), f"{v['participants']}")


# ---- the waiting room and the friend's arrival ----

def case_waiting_then_joined(s):
    a, b = user(s), user(s)
    room, token, _ = invited(s, a)
    ca = Channel(s, room, a)
    w = ca.welcome
    check(w["you"]["role"] == "driver" and w["room"]["waiting"] is True and w["room"]["phase"]["name"] == "waiting",
          f"the creator, alone, drives: {w['you']} {w['room']['phase']}")
    v = w["version"]
    ca.send({"type": "push", "version": v, "updates": [{"clientID": "a", "changes": insert(0, 0, SUM_PY)}]})
    ca.wait("updates")
    ca.send({"type": "chat", "text": "see you soon"})
    ca.wait("chat")
    for t in ("swap", "next", "submit"):
        ca.send({"type": t})
        m = ca.wait("error")
        check(m["code"] == "waiting" and m["in"] == t, f"{t} waits for the friend: {m}")
    ca.send({"type": "run", "stdin": "2 3"})
    m = ca.wait("run-result", timeout=120)
    check(m["stdout"] == "5\n", f"the creator can run alone: {m}")
    time.sleep(1.2)
    check(not [m for m in ca.drain() if m["type"] in ("phase", "roles", "ended")], "no phase while waiting")
    # The friend joins while the room is in memory: the creator hears of it.
    need(accept(s, token, b), 200, "accept")
    m = ca.wait("joined")
    check(m["user"]["id"] == b.id and sorted(p["user"]["id"] for p in m["participants"]) == sorted([a.id, b.id]),
          f"joined: {m}")
    m = ca.wait("phase")
    check(m["index"] == 0 and m["name"] == "intro" and m["ends_at"] - m["started_at"] == 5 * 60 * 1000, f"{m}")
    roles = ca.wait("roles")
    check(roles["reason"] == "start" and {roles["driver"]["id"], roles["observer"]["id"]} == {a.id, b.id}, f"{roles}")
    cb = Channel(s, room, b)
    check(cb.welcome["doc"] == SUM_PY and cb.welcome["room"]["waiting"] is False and
          cb.welcome["chat"][-1]["text"] == "see you soon", "the friend finds the code and the chat")
    ca.wait("presence", where=lambda m: m["user"]["id"] == b.id and m["online"])
    drv, obs = (ca, cb) if roles["driver"]["id"] == a.id else (cb, ca)
    ver = cb.welcome["version"]
    n = len(SUM_PY)
    drv.send({"type": "push", "version": ver, "updates": [{"clientID": "d", "changes": insert(n, n, "# ok\n")}]})
    for ch in (drv, obs):
        ch.wait("updates", where=lambda m: m["version"] == ver)
    drv.send({"type": "pull", "version": 0})
    full = drv.wait("updates", where=lambda m: m["version"] == 0)
    check(len(full["updates"]) == ver + 1, f"one history: {len(full['updates'])} updates")
    for ch in (obs, drv):
        ch.send({"type": "next"})
    for ch in (drv, obs):
        ch.wait("phase", where=lambda m: m["index"] == 1)
    c2 = Channel(s, room, a)
    check(c2.welcome["doc"] == SUM_PY + "# ok\n" and c2.welcome["room"]["phase"]["name"] == "pseudocode",
          f"converged: {c2.welcome['doc']!r} {c2.welcome['room']['phase']}")
    for ch in (ca, cb, c2):
        ch.close()


def case_joined_while_unloaded(s):
    """Nobody connected while the friend accepts: the room loads with both."""
    a, b = user(s), user(s)
    room, token, _ = invited(s, a, language="python3", difficulty="medium")
    need(accept(s, token, b), 200, "accept")
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    for ch in (ca, cb):
        v = ch.welcome["room"]
        check(v["waiting"] is False and len(v["participants"]) == 2 and v["phase"]["name"] == "intro",
              f"{v['participants']} {v['phase']}")
        check("def max_element" in ch.welcome["doc"], "the starter code")
    roles = {ca.welcome["you"]["role"], cb.welcome["you"]["role"]}
    check(roles == {"driver", "observer"}, f"one drives: {roles}")


def own_restart(pairbox):
    """kill -9 while a room waits, and after the friend joined: the waiting room, its code, its
    invite and the joined room's clock all come back as they were."""
    import shutil
    import tempfile
    data = tempfile.mkdtemp(prefix="pairbox-invites-")
    s = Server(pairbox, env=ENV, data_dir=data)
    try:
        s.start()
        a, b = user(s), user(s)
        room, token, _ = invited(s, a)
        ca = Channel(s, room, a)
        ca.send({"type": "push", "version": ca.welcome["version"], "updates": [{"clientID": "a", "changes": insert(0, 0, SUM_PY)}]})
        ca.wait("updates")
        s.kill9()
        s.start()
        v = need(room_of(s, room, a), 200, "after a crash")
        check(v["waiting"] is True and v["phase"]["name"] == "waiting" and v["invite"]["state"] == "valid", f"{v}")
        need(accept(s, token, b), 200, "the invite still works")
        cb = Channel(s, room, b)
        started = cb.welcome["room"]["phase"]["started_at"]
        check(cb.welcome["doc"] == SUM_PY and cb.welcome["room"]["phase"]["name"] == "intro", f"{cb.welcome['room']['phase']}")
        cb.send({"type": "chat", "text": "here"})      # durable after the rows of the friend's arrival
        cb.wait("chat")
        s.kill9()
        s.start()
        v = need(room_of(s, room, b), 200, "after a second crash")
        check(v["waiting"] is False and v["phase"]["started_at"] == started and len(v["participants"]) == 2,
              f"the clock started when the friend joined, not at the restart: {v['phase']}")
        code, got, _ = accept(s, token, user(s))
        check(code == 410, f"still used: {code} {got}")
    finally:
        s.stop()
        shutil.rmtree(data, ignore_errors=True)


# ---- links: expiry, renewal, caps ----

def own_expiry(pairbox):
    with Server(pairbox, env=dict(ENV, INVITE_HOURS="0.0005")) as s:       # 1.8 s
        a, b = user(s), user(s)
        room, token, got = invited(s, a)
        check(got["invite"]["expires_at"] - time.time() * 1000 < 2500, f"{got['invite']}")
        time.sleep(2.5)
        check(need(invite(s, token, b), 200, "")["state"] == "expired", "expired")
        code, got, _ = accept(s, token, b)
        check(code == 410 and got == {"error": "this invite has expired"}, f"{code} {got}")
        check(need(room_of(s, room, a), 200, "")["invite"]["state"] == "expired", "the creator sees it expired")
        got = need(accept(s, token, a), 200, "the creator still lands in the room")
        check(got["room"] == room, f"{got}")
        new = need(call(s, "POST", f"/api/v1/rooms/{room}/invite", None, user=a), 201, "a new link")
        check(new["token"] != token and new["url"] == f"/invite/{new['token']}", f"{new}")
        got = need(accept(s, new["token"], b), 200, "the new link, in time")
        check(got == {"room": room, "joined": True}, f"{got}")


def case_renew(s):
    a, b, c = user(s), user(s), user(s)
    room, token, _ = invited(s, a)
    code, got, _ = call(s, "POST", f"/api/v1/rooms/{room}/invite", None, user=b)
    check(code == 404 and got == ROOM_NOT_FOUND, f"not b's room: {code} {got}")
    new = need(call(s, "POST", f"/api/v1/rooms/{room}/invite", None, user=a), 201, "renew")
    check(need(invite(s, token, b), 200, "")["state"] == "revoked", "the old link is withdrawn")
    code, got, _ = accept(s, token, b)
    check(code == 410 and got == {"error": "this invite was withdrawn: ask for a new link"}, f"{code} {got}")
    need(accept(s, new["token"], b), 200, "the new one works")
    code, got, _ = call(s, "POST", f"/api/v1/rooms/{room}/invite", None, user=a)
    check(code == 409, f"no invite once both are in: {code} {got}")
    code, got, _ = accept(s, token, c)
    check(code == 410, f"the old link to a full room: {code} {got}")


def case_open_cap(s):
    a, b = user(s), user(s)
    rooms = [invited(s, a) for _ in range(5)]          # INVITES_OPEN_MAX: 5
    code, got, _ = create(s, a)
    check(code == 409 and "open invites" in got["error"], f"a sixth open invite: {code} {got}")
    code, got, _ = call(s, "POST", f"/api/v1/rooms/{rooms[0][0]}/invite", None, user=a)
    check(code == 201, f"renewing replaces one, it does not add: {code} {got}")
    need(accept(s, got["token"], b), 200, "one is used")
    need(create(s, a), 201, "room for one more")
    need(call(s, "DELETE", f"/api/v1/rooms/{rooms[1][0]}", None, user=a), 204, "delete a waiting room")
    need(create(s, a), 201, "and one more")
    code, got, _ = create(s, a)
    check(code == 409, f"at the cap again: {code} {got}")


def own_rate(pairbox):
    with Server(pairbox, env=dict(ENV, INVITES_PER_HOUR="3")) as s:
        a, b = user(s), user(s)
        room, _, _ = invited(s, a)
        need(call(s, "POST", f"/api/v1/rooms/{room}/invite", None, user=a), 201, "renew: a link too")
        invited(s, a)
        code, got, h = create(s, a)
        check(code == 429 and int(h.get("retry-after", "0")) >= 1, f"a fourth link in the hour: {code} {got} {h}")
        code, got, _ = call(s, "POST", f"/api/v1/rooms/{room}/invite", None, user=a)
        check(code == 429, f"renewing counts too: {code} {got}")
        invited(s, b)                                   # per user


def case_deleted_creator(s):
    a, b = user(s), user(s)
    room, token, _ = invited(s, a)
    need(call(s, "DELETE", "/api/v1/me", None, user=a), 204, "the creator deletes their account")
    check(need(invite(s, token, b), 200, "")["state"] == "revoked", "their invites are withdrawn")
    code, got, _ = accept(s, token, b)
    check(code == 410, f"{code} {got}")


# ---- deleting a waiting room ----

def case_delete(s):
    a, b, c = user(s), user(s), user(s)
    room, token, _ = invited(s, a)
    ca = Channel(s, room, a)
    code, got, _ = call(s, "DELETE", f"/api/v1/rooms/{room}", None, user=c)
    check(code == 404 and got == ROOM_NOT_FOUND, f"a stranger: {code} {got}")
    code, got, _ = call(s, "DELETE", f"/api/v1/rooms/{room}", None, user=a, origin="http://evil.example")
    check(code == 403, f"another site: {code} {got}")
    ca.send({"type": "push", "version": ca.welcome["version"], "updates": [{"clientID": "a", "changes": insert(0, 0, "x")}]})
    ca.wait("updates")
    need(call(s, "DELETE", f"/api/v1/rooms/{room}", None, user=a), 204, "the creator deletes it")
    m = ca.ws.recv(10)
    while m[0] == "text":
        m = ca.ws.recv(10)
    check(m[0] == "close" and m[1] == 1000, f"its channel closes (1000): {m}")
    check(room_of(s, room, a) [:2] == (404, ROOM_NOT_FOUND), "gone")
    check(need(call(s, "GET", "/api/v1/rooms", user=a, origin=False), 200, "")["rooms"] == [], "and from the list")
    code, got, _ = accept(s, token, b)
    check(code == 404, f"its invite is gone too: {code} {got}")
    check(Channel(s, room, a).status == 404, "no channel")
    # Once the friend is in, it is a room like any other.
    room, token, _ = invited(s, b)
    need(accept(s, token, c), 200, "")
    for u in (b, c):
        code, got, _ = call(s, "DELETE", f"/api/v1/rooms/{room}", None, user=u)
        check(code == 409, f"not deletable with both in: {code} {got}")
    need(room_of(s, room, b), 200, "still there")


def case_pages_send_no_referrer(s):
    # The web app's pages whose address holds a token send no Referer at all; the others keep same-origin.
    for path, policy in (("/invite/" + "A" * 43, "no-referrer"), ("/spectate/" + "A" * 43, "no-referrer"),
                         ("/rooms/abc", "same-origin"), ("/login", "same-origin")):
        code, _, h = s.request("GET", path)
        check(code in (200, 503) and h.get("referrer-policy") == policy and "text/html" in h.get("content-type", ""),
              f"GET {path}: the app's page with Referrer-Policy {policy}: {code} {h}")


# ---- spectators ----

def allow(s, room, u, yes=True):
    return call(s, "PUT", f"/api/v1/rooms/{room}/spectators", {"allow": yes}, user=u)


def new_link(s, room, u):
    return call(s, "POST", f"/api/v1/rooms/{room}/spectators/links", None, user=u)


def spectate(s, token, u):
    return call(s, "POST", f"/api/v1/spectate/{token}", None, user=u)


def watched_room(s):
    """A matched room whose participants both allow spectators, both connected, and a spectator link."""
    a, b = user(s), user(s)
    room = matched_room(s, a, b)
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    got = need(allow(s, room, a), 200, "a allows")
    check(got["allowed"] is False and [c["allow"] for c in got["consent"]] in ([True, False], [False, True]),
          f"one is not enough: {got}")
    m = cb.wait("spectators")
    check(m["by"]["id"] == a.id and m["spectators"]["allowed"] is False, f"b hears of it: {m}")
    code, got, _ = new_link(s, room, a)
    check(code == 409 and "both participants" in got["error"], f"no link while only a allows: {code} {got}")
    got = need(allow(s, room, b), 200, "b allows")
    check(got["allowed"] is True, f"{got}")
    ca.wait("spectators", where=lambda m: m["spectators"]["allowed"] is True and m["by"]["id"] == b.id)
    link = need(new_link(s, room, b), 201, "a spectator link")
    check(link["url"] == f"/spectate/{link['token']}" and re.fullmatch(r"[A-Za-z0-9_-]{43}", link["token"]), f"{link}")
    return room, a, b, ca, cb, link["token"]


def case_spectators_refused(s):
    a, b, w = user(s), user(s), user(s)
    room = matched_room(s, a, b)
    code, got, _ = allow(s, room, w)
    check(code == 404 and got == ROOM_NOT_FOUND, f"a stranger's consent: {code} {got}")
    code, got, _ = new_link(s, room, w)
    check(code == 404, f"a stranger's link: {code} {got}")
    code, got, _ = new_link(s, room, a)
    check(code == 409, f"nobody allows: {code} {got}")
    for body, field in (({}, "allow"), ({"allow": "yes"}, "allow"), ({"allow": True, "x": 1}, "x")):
        code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/spectators", body, user=a)
        check(code == 422 and field in got, f"{body}: {code} {got}")
    code, got, _ = spectate(s, "A" * 43, w)
    check(code == 404 and "not valid" in got["error"], f"a made-up link: {code} {got}")
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", origin=False, headers={"Cookie": f"pairbox_watch={'A' * 43}"})
    check(code == 401, f"no session, whatever the cookie: {code} {got}")
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=None, origin=False,
                        headers={"Cookie": f"pairbox_session={w.token}; pairbox_watch={'A' * 43}"})
    check(code == 404 and got == ROOM_NOT_FOUND, f"a made-up cookie: {code} {got}")
    # A room of one never takes spectators: everyone watched must agree.
    room1, _, _ = invited(s, a)
    got = need(allow(s, room1, a), 200, "the creator allows")
    check(got["allowed"] is False, f"{got}")
    code, got, _ = new_link(s, room1, a)
    check(code == 409, f"no spectators while waiting: {code} {got}")


def case_spectators(s):
    room, a, b, ca, cb, token = watched_room(s)
    w = user(s, display_name="Wendy Watcher")
    got = need(spectate(s, token, a), 200, "a participant follows it")
    check(got == {"room": room, "role": "participant"}, f"{got}")
    code, got, h = spectate(s, token, w)
    check(code == 200 and got == {"room": room, "role": "spectator"}, f"{code} {got}")
    value, attrs = watch_cookie(h)
    check(value == token and f"Path=/api/v1/rooms/{room};" in attrs + ";" and "HttpOnly" in attrs and
          "SameSite=Strict" in attrs and "Max-Age=86400" in attrs, f"a cookie for the room's API only: {attrs}")
    check(h.get("cache-control") == "no-store", f"{h}")
    check(room_of(s, room, w)[0] == 404, "without the cookie: nothing")
    v = need(call(s, "GET", f"/api/v1/rooms/{room}", origin=False, headers=with_watch(w, token)), 200, "the view")
    check(v["you"] == {"role": "spectator"} and v["id"] == room and "hints" not in v["problem"] and
          w.id not in [p["user"]["id"] for p in v["participants"]], f"as a spectator: {v['you']} {v['participants']}")
    sc = WatchChannel(s, room, w, token)
    check(sc.status == 101 and sc.welcome["you"] == {"id": w.id, "username": w.name, "display_name": "Wendy Watcher",
                                                      "role": "spectator"}, f"{sc.status} {sc.welcome and sc.welcome['you']}")
    for ch in (ca, cb):
        m = ch.wait("presence", where=lambda m: m["user"]["id"] == w.id)
        check(m["online"] is True and m["role"] == "spectator", f"the participants see a spectator come: {m}")
    v = need(room_of(s, room, a), 200, "")
    check([x["id"] for x in v["spectators"]["watching"]] == [w.id] and len(v["participants"]) == 2 and
          all(p["user"]["id"] != w.id for p in v["participants"]), f"watching, not participating: {v['spectators']}")
    # SPECTATOR-READONLY: every message that would change anything is refused, the connection stays usable.
    ver = sc.welcome["version"]
    for msg in ({"type": "push", "version": ver, "updates": [{"clientID": "w", "changes": insert(0, 0, "x")}]},
                {"type": "chat", "text": "hello"}, {"type": "run", "stdin": "1 2"}, {"type": "submit"},
                {"type": "swap"}, {"type": "next"}, {"type": "mode", "mode": "both"},
                {"type": "language", "language": "c"}, {"type": "cursor", "anchor": 0, "head": 0},
                {"type": "signal", "to": a.id, "data": {}}):
        sc.send(msg)
        m = sc.wait("error")
        check(m["code"] == "spectator" and m["in"] == msg["type"], f"{msg['type']}: {m}")
        sc.send({"type": "pull", "version": ver})
        check(sc.wait("updates", where=lambda m: m["version"] == ver)["updates"] == [], "still usable: pull")
    time.sleep(0.3)
    for ch in (ca, cb):
        seen = [m["type"] for m in ch.drain()]
        check(not set(seen) & {"updates", "chat", "run-started", "mode", "language", "swap-requested",
                               "next-requested", "cursor", "signal"}, f"nothing reached the room: {seen}")
    # It hears everything.
    drv, obs = (ca, cb) if ca.welcome["you"]["role"] == "driver" else (cb, ca)
    drv.send({"type": "push", "version": ver, "updates": [{"clientID": "d", "changes": insert(0, 0, "print(1)")}]})
    m = sc.wait("updates", where=lambda m: m["version"] == ver and m["updates"])
    check(m["updates"][0]["changes"] == insert(0, 0, "print(1)"), f"{m}")
    drv.send({"type": "cursor", "anchor": 3, "head": 3})
    check(sc.wait("cursor")["anchor"] == 3, "cursors")
    obs.send({"type": "chat", "text": "nice"})
    check(sc.wait("chat")["text"] == "nice", "chat")
    obs.send({"type": "next"})
    drv.send({"type": "next"})
    check(sc.wait("phase")["index"] == 1, "phases")
    # Never a participant: not in the list of rooms, no participant-only route.
    check(need(call(s, "GET", "/api/v1/rooms", user=w, origin=False, headers=with_watch(w, token)), 200, "")["rooms"] == [],
          "the spectator's list of rooms")
    h = with_watch(w, token)
    for method, path, body in (("DELETE", f"/api/v1/rooms/{room}", None), ("POST", f"/api/v1/rooms/{room}/invite", None),
                               ("PUT", f"/api/v1/rooms/{room}/spectators", {"allow": False}),
                               ("POST", f"/api/v1/rooms/{room}/spectators/links", None)):
        code, got, _ = call(s, method, path, body, user=w, headers=h)
        check(code == 404 and got == ROOM_NOT_FOUND, f"{method} {path} for a spectator: {code} {got}")
    check(need(room_of(s, room, a), 200, "")["spectators"]["allowed"] is True, "nothing changed")
    sc.close()
    m = ca.wait("presence", where=lambda m: m["user"]["id"] == w.id and not m["online"])
    check(m["role"] == "spectator", f"{m}")


def case_spectators_revoked(s):
    room, a, b, ca, cb, token = watched_room(s)
    w = user(s)
    need(spectate(s, token, w), 200, "")
    sc = WatchChannel(s, room, w, token)
    check(sc.status == 101, f"{sc.status} {sc.body}")
    got = need(allow(s, room, b, False), 200, "b withdraws")
    check(got["allowed"] is False, f"{got}")
    m = sc.ws.recv(10)
    while m[0] == "text":
        m = sc.ws.recv(10)
    check(m[0] == "close" and m[1] == 1008, f"the spectator is disconnected (1008): {m}")
    m = ca.wait("spectators", where=lambda m: m["by"]["id"] == b.id and not m["spectators"]["allowed"])
    check(m["spectators"]["watching"] == [], f"{m}")
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", origin=False, headers=with_watch(w, token))
    check(code == 404, f"no view: {code} {got}")
    check(WatchChannel(s, room, w, token).status == 404, "no channel")
    code, got, _ = spectate(s, token, w)
    check(code == 404, f"the link is void: {code} {got}")
    need(allow(s, room, b), 200, "allowed again")
    code, got, _ = spectate(s, token, w)
    check(code == 404, f"an old link stays void: {code} {got}")
    fresh = need(new_link(s, room, a), 201, "a new link")
    need(spectate(s, fresh["token"], w), 200, "works")
    check(WatchChannel(s, room, w, fresh["token"]).status == 101, "watching again")


def own_spectator_cap(pairbox):
    with Server(pairbox, env=dict(ENV, ROOM_SPECTATORS_MAX="1")) as s:
        room, a, b, ca, cb, token = watched_room(s)
        w1, w2 = user(s), user(s)
        for w in (w1, w2):
            need(spectate(s, token, w), 200, "")
        s1 = WatchChannel(s, room, w1, token)
        check(s1.status == 101, f"{s1.status}")
        s2 = WatchChannel(s, room, w2, token)
        check(s2.status == 503 and "spectators" in s2.body["error"], f"past the cap: {s2.status} {s2.body}")
        s1.close()
        time.sleep(0.5)
        check(WatchChannel(s, room, w2, token).status == 101, "a place freed")


if __name__ == "__main__":
    run_cases(globals(), shared_env=ENV)
