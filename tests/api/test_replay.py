#!/usr/bin/env python3
"""test_replay.py - a room's replay on a real `pairbox serve` (docs/platform.md
"Replay"; api/routes_replay.c, api/replay.c, the cursors in the log:
api/hub_cursor.c):

  * access: the room's participants and the server's admins (ADMIN_USERS,
    --admin) read it; anyone else gets the 404 of a room that does not
    exist; no session is 401; bad parameters are 422 naming the field;
  * content: a session scripted over the channel (two authors' pushes with
    emoji and deletions, chat, cursors, a run on custom input and on the
    samples, a submit, mode, swap, phases, the end) comes back whole: the
    updates rebuild the final document exactly, every snapshot is the
    document and its authors at its version, the events are the channel's
    messages in time order with users as ids, and no hidden test's data is
    anywhere in it;
  * pages (after/limit) add up to the whole; gzip; a live room's replay
    grows as it goes; cursors are logged at most once per
    ROOM_CURSOR_LOG_MS per participant, the last position always (a kept
    one is written as the server stops), none after the end, none at 0;
    REPLAY_PER_MINUTE.

usage: test_replay.py PAIRBOX [--case NAME ...]
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, run_cases  # noqa: E402
from rooms_lib import ENV, FIXTURES, PASSWORD, Channel, User, call, insert, matched_room, units, user  # noqa: E402

ADMIN = "replay_admin"
SHARED = dict(ENV, ADMIN_USERS=f"someone_else, {ADMIN.upper()}", REPLAY_PER_MINUTE="100000")
ROOM_NOT_FOUND = {"error": "room not found"}
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"


def replay(s, room, u, query="", headers=None):
    return call(s, "GET", f"/api/v1/rooms/{room}/replay{query}", user=u, origin=False, headers=headers)


def pair(s):
    """Two users in a fresh room, both connected: (room, driver, observer, driver's user, observer's user)."""
    a, b = user(s), user(s)
    room = matched_room(s, a, b)
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    if ca.welcome["you"]["role"] == "driver":
        return room, ca, cb, a, b
    return room, cb, ca, b, a


def push(ch, version, changes, client="c1"):
    ch.send({"type": "push", "version": version, "updates": [{"clientID": client, "changes": changes}]})


def utf16(text):
    b = text.encode("utf-16-le")
    return [int.from_bytes(b[i:i + 2], "little") for i in range(0, len(b), 2)]


def text_of(u16):
    return b"".join(x.to_bytes(2, "little") for x in u16).decode("utf-16-le", "replace")


def apply(doc, who, changes, author):
    """A change set (ChangeSet.toJSON()) applied to a document and its authors, both lists of UTF-16 units."""
    out, owners, pos = [], [], 0
    for part in changes:
        if isinstance(part, int):
            out += doc[pos:pos + part]
            owners += who[pos:pos + part]
            pos += part
        else:
            ins = utf16("\n".join(part[1:]))
            out += ins
            owners += [author] * len(ins)
            pos += part[0]
    check(pos == len(doc), f"the set covers the document: {pos} of {len(doc)}")
    return out, owners


def runs(who):
    """Authors as runs [[units, user id], ...], as the replay writes them."""
    out = []
    for a in who:
        if out and out[-1][1] == a:
            out[-1][0] += 1
        else:
            out.append([1, a])
    return out


def rebuild(page, doc=None, who=None):
    """The page's updates applied from its start: (document, authors, {version: (doc, authors)})."""
    doc = utf16(page["start"]["doc"]) if doc is None else doc
    who = [a for n, a in page["start"]["authors"] for _ in range(n)] if who is None else who
    at = {page["start"]["version"]: (doc, who)}
    v = page["start"]["version"]
    for u in page["updates"]:
        check(u["version"] == v + 1, f"updates in version order: {u['version']} after {v}")
        doc, who = apply(doc, who, u["changes"], u["user"])
        v = u["version"]
        at[v] = (doc, who)
    return doc, who, at


def hidden_data():
    """Every hidden test's input and answer of the fixture the rooms use (add-two-numbers)."""
    d = os.path.join(FIXTURES, "add-two-numbers", "tests", "hidden")
    out = []
    for f in sorted(os.listdir(d)):
        with open(os.path.join(d, f)) as fh:
            out += [w for w in fh.read().split() if len(w) >= 5]
    return out


def script(s):
    """A short session over the channel: what each side did, for the checks."""
    room, drv, obs, d, o = pair(s)
    v = drv.welcome["version"]
    check(drv.welcome["doc"] == "", "an empty document to start (a stdin problem)")
    t0 = int(time.time() * 1000)
    push(drv, v, insert(0, 0, "# 😀 plan\n"))
    obs.wait("updates", where=lambda m: m["version"] == v)
    n = units("# 😀 plan\n")
    push(drv, v + 1, insert(n, n, SUM_PY))
    obs.wait("updates", where=lambda m: m["version"] == v + 1)
    drv.send({"type": "cursor", "anchor": 3, "head": 3})
    obs.wait("cursor")
    drv.send({"type": "mode", "mode": "both"})
    obs.wait("mode")
    # The observer edits too: deletes "plan" (4 units) and types "idea" at the same place.
    doc = "# 😀 plan\n" + SUM_PY
    total = units(doc)
    push(obs, v + 2, [5, [4, "idea"], total - 9], client="c2")
    drv.wait("updates", where=lambda m: m["version"] == v + 2)
    obs.send({"type": "cursor", "anchor": 9, "head": 5})
    drv.wait("cursor")
    obs.send({"type": "chat", "text": "looks right <b>?</b>"})
    drv.wait("chat")
    drv.send({"type": "chat", "text": "run it 👍"})
    for ch in (drv, obs):
        ch.wait("chat", where=lambda m: m["text"] == "run it 👍")
    obs.send({"type": "run", "stdin": "40 2\n"})
    run = drv.wait("run-result", timeout=120)
    check(run["stdout"] == "42\n", f"the run: {run}")
    drv.send({"type": "run"})
    drv.wait("run-result", timeout=120, where=lambda m: len(m.get("tests") or []) > 1)
    drv.send({"type": "submit"})
    sub = drv.wait("submit-result", timeout=180)
    check(sub["passed"] == 5, f"the submit: {sub}")
    obs.send({"type": "swap"})
    drv.send({"type": "swap"})
    drv.wait("roles", where=lambda m: m["reason"] == "agreed")
    obs.send({"type": "next"})
    drv.send({"type": "next"})
    drv.wait("phase", where=lambda m: m["index"] == 1)
    return {"room": room, "drv": drv, "obs": obs, "d": d, "o": o, "version": v + 3, "t0": t0,
            "doc": "# 😀 idea\n" + SUM_PY}


def case_access(s):
    room, drv, obs, d, o = pair(s)
    stranger = user(s)
    admin = user_named(s, ADMIN)
    for who, u in (("a participant", d), ("the other", o), ("an admin", admin)):
        code, got, h = replay(s, room, u)
        check(code == 200 and got["room"]["id"] == room and h["content-type"].startswith("application/json"),
              f"{who} reads the replay: {code} {str(got)[:200]}")
        check(sorted(p["id"] for p in got["participants"]) == sorted([d.id, o.id]), f"participants: {got['participants']}")
    code, got, _ = replay(s, room, stranger)
    check(code == 404 and got == ROOM_NOT_FOUND, f"a stranger: {code} {got}")
    code, got, _ = replay(s, "nosuchroomatall0", stranger)
    check(code == 404 and got == ROOM_NOT_FOUND, f"no such room: the same answer: {code} {got}")
    code, got, _ = replay(s, "nosuchroomatall0", admin)
    check(code == 404 and got == ROOM_NOT_FOUND, f"no such room, for an admin: {code} {got}")
    code, got, _ = replay(s, room, None)
    check(code == 401, f"no session: {code} {got}")
    for q, field in (("?limit=0", "limit"), ("?limit=100001", "limit"), ("?snapshot_every=0", "snapshot_every"),
                     ("?after=x", "after"), ("?after=-1", "after"), ("?after=99999", "after")):
        code, got, _ = replay(s, room, d, q)
        check(code == 422 and field in got, f"{q}: {code} {got}")
    # The admin is an admin of replays only: not of the room or its channel.
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=admin, origin=False)
    check(code == 404, f"the room itself is not the admin's: {code}")
    check(Channel(s, room, admin).status == 404, "nor is its channel")


def user_named(s, name):
    code, body, h = call(s, "POST", "/api/v1/auth/signup", {"username": name, "password": PASSWORD})
    if code == 409:
        code, body, h = call(s, "POST", "/api/v1/auth/login", {"username": name, "password": PASSWORD})
    check(code in (200, 201), f"{name}: {code} {body}")
    return User(body, re.match(r"pairbox_session=([^;]*);", h["set-cookie"]).group(1))


def case_content(s):
    sc = script(s)
    room, d, o = sc["room"], sc["d"], sc["o"]
    time.sleep(0.8)                      # a kept cursor is logged within ROOM_CURSOR_LOG_MS
    code, page, _ = replay(s, room, d, "?snapshot_every=2")
    check(code == 200, f"replay: {code} {page}")
    raw = json.dumps(page, ensure_ascii=False)
    doc, who, at = rebuild(page)
    check(page["start"] == {"version": 0, "doc": "", "authors": []}, f"the start: {page['start']}")
    check(text_of(doc) == sc["doc"] and page["version"] == sc["version"],
          f"the updates rebuild the final document: {text_of(doc)!r} at {page['version']}")
    fresh = Channel(s, room, d)
    check(fresh.welcome["doc"] == text_of(doc) and fresh.welcome["version"] == page["version"],
          "the same as the server's copy")
    check([u["user"] for u in page["updates"]] == [d.id, d.id, o.id], f"authors: {page['updates']}")
    check(all(sc["t0"] - 5000 <= u["t"] <= time.time() * 1000 for u in page["updates"]), "times of the session")
    check(runs(who) == [[5, d.id], [4, o.id], [1 + units(SUM_PY), d.id]], f"who wrote what: {runs(who)}")
    check(page["snapshot_every"] == 2 and [x["version"] for x in page["snapshots"]] == [2], f"snapshots: {page['snapshots']}")
    for snap in page["snapshots"]:
        sdoc, swho = at[snap["version"]]
        check(snap["doc"] == text_of(sdoc) and snap["authors"] == runs(swho) and snap["t"] > 0,
              f"snapshot {snap['version']} is the document and its authors then: {snap}")
    ev = page["events"]
    check(all(a["t"] <= b["t"] for a, b in zip(ev, ev[1:])), "events in time order")
    types = [e["type"] for e in ev]
    for t in ("mode", "chat", "run-started", "run-result", "submit-started", "submit-result", "swap-requested",
              "roles", "next-requested", "phase", "cursor"):
        check(t in types, f"a {t} event: {types}")
    chats = [e for e in ev if e["type"] == "chat"]
    check([(c["user"], c["text"]) for c in chats] == [(o.id, "looks right <b>?</b>"), (d.id, "run it 👍")],
          f"the chat, users as ids: {chats}")
    runs_ = [e for e in ev if e["type"] == "run-result"]
    check(len(runs_) == 2 and runs_[0]["stdout"] == "42\n" and runs_[0]["user"] == o.id and
          runs_[0]["version"] == sc["version"],
          f"the run's output at its version: {runs_}")
    check([t["name"] for t in runs_[1]["tests"]] == ["sample/01-small", "sample/02-negative"], "the samples' run")
    sub = next(e for e in ev if e["type"] == "submit-result")
    check(sub["passed"] == 5 and all(set(t) == {"name", "status", "time", "memory"} for t in sub["tests"]),
          f"a submit's tests: names and verdicts only: {sub}")
    for secret in hidden_data():
        check(secret not in raw, f"hidden test data {secret!r} is not in the replay")
    started = [e for e in ev if e["type"].endswith("-started")]
    check(all(e["id"] and e["user"] in (d.id, o.id) for e in started), f"started: {started}")
    check(any(e["type"] == "phase" and e["index"] == 1 and e["name"] == "pseudocode" for e in ev), "the phase")
    roles = [e for e in ev if e["type"] == "roles"]
    check(roles[0]["reason"] == "start" and roles[-1] == {**roles[-1], "driver": o.id, "observer": d.id,
                                                          "reason": "agreed"}, f"roles: {roles}")
    cursors = {e["user"]: e for e in ev if e["type"] == "cursor"}
    v = sc["version"]
    check((cursors[d.id]["anchor"], cursors[d.id]["head"], cursors[d.id]["version"]) == (3, 3, v - 1) and
          (cursors[o.id]["anchor"], cursors[o.id]["head"], cursors[o.id]["version"]) == (9, 5, v),
          f"each one's last cursor, positions at a version: {cursors}")
    check(page["next_after"] is None and page["seq"] > 0, f"one page: {page['next_after']}")
    check(page["room"]["ended"] is False and page["started_at"] > 0, "a live room")


def case_pages(s):
    sc = script(s)
    room, d = sc["room"], sc["d"]
    time.sleep(0.8)
    code, whole, _ = replay(s, room, d, "?snapshot_every=1")
    doc, who, at = rebuild(whole)
    pages, after = [], 0
    while True:
        code, page, _ = replay(s, room, d, f"?snapshot_every=1&limit=3&after={after}")
        check(code == 200, f"page after {after}: {code} {page}")
        sdoc, swho = at[page["start"]["version"]]
        check(page["start"]["doc"] == text_of(sdoc) and page["start"]["authors"] == runs(swho),
              f"page after {after} starts from the document then: {page['start']}")
        pages.append(page)
        if page["next_after"] is None:
            break
        check(page["next_after"] == page["seq"] > after, f"next_after moves on: {page['next_after']}")
        after = page["next_after"]
    check(len(pages) > 3, f"several pages: {len(pages)}")
    ups = [u for p in pages for u in p["updates"]]
    evs = sorted((e for p in pages for e in p["events"]), key=lambda e: e["t"])
    check(ups == whole["updates"], "the pages' updates are the whole's")
    check(sorted(map(json.dumps, evs)) == sorted(map(json.dumps, whole["events"])), "and their events")
    check([x for p in pages for x in p["snapshots"]] == whole["snapshots"], "and their snapshots")


def case_gzip(s):
    sc = script(s)
    code, plain, h = call(s, "GET", f"/api/v1/rooms/{sc['room']}/replay", user=sc["d"], origin=False)
    check("content-encoding" not in h and h.get("vary") == "Accept-Encoding", f"no gzip unasked: {h}")
    code, body, h = call(s, "GET", f"/api/v1/rooms/{sc['room']}/replay", user=sc["d"], origin=False,
                         headers={"Accept-Encoding": "gzip, deflate"})
    check(code == 200 and h.get("content-encoding") == "gzip" and isinstance(body, bytes),
          f"gzip when taken: {code} {h}")
    got = json.loads(gzip.decompress(body))
    check(got == plain, "the same replay")
    code, body, h = call(s, "GET", f"/api/v1/rooms/{sc['room']}/replay", user=sc["d"], origin=False,
                         headers={"Accept-Encoding": "gzip;q=0"})
    check("content-encoding" not in h, "not with q=0")


def case_live_and_ended(s):
    room, drv, obs, d, o = pair(s)
    v = drv.welcome["version"]
    push(drv, v, insert(0, 0, "x"))
    drv.wait("updates")
    code, first, _ = replay(s, room, o)
    check(first["version"] == v + 1 and not first["room"]["ended"], f"the replay so far: {first['version']}")
    push(drv, v + 1, insert(1, 1, "y"))
    drv.wait("updates", where=lambda m: m["version"] == v + 1)
    code, page, _ = replay(s, room, o, f"?after={first['seq']}")
    check([u["changes"] for u in page["updates"]] == [insert(1, 1, "y")] and page["start"]["doc"] == "x",
          f"what came since: {page}")
    for i in range(4):
        drv.send({"type": "next"})
        obs.send({"type": "next"})
        drv.wait("phase" if i < 3 else "ended", where=None if i == 3 else lambda m, i=i: m["index"] == i + 1)
    drv.send({"type": "cursor", "anchor": 0, "head": 1})
    time.sleep(1.2)
    code, page, _ = replay(s, room, d)
    check(page["room"]["ended"] is True and page["events"][-1]["type"] == "ended", f"ended: {page['events'][-3:]}")
    check(not any(e["type"] == "cursor" and e["t"] >= page["events"][-1]["t"] for e in page["events"]),
          "no cursor after the end")


def case_cursor_throttle(s):
    room, drv, obs, d, o = pair(s)
    v = drv.welcome["version"]
    push(drv, v, insert(0, 0, "0123456789" * 3))
    drv.wait("updates")
    t0 = time.time()
    sent = 0
    while time.time() - t0 < 1.2:        # a position every 10 ms for 1.2 s
        drv.send({"type": "cursor", "anchor": sent % 30, "head": sent % 30})
        sent += 1
        time.sleep(0.01)
    t1 = time.time()
    last = (sent - 1) % 30
    obs.wait("cursor", where=lambda m: m["anchor"] == last and m["head"] == last, timeout=10)
    time.sleep(1.0)                      # the last is kept, then logged
    code, page, _ = replay(s, room, o)
    mine = [e for e in page["events"] if e["type"] == "cursor" and e["user"] == d.id]
    check(3 <= len(mine) <= (t1 - t0) / 0.5 + 2 and sent > 50,
          f"at most one each 500 ms: {len(mine)} of {sent} in {t1 - t0:.2f} s")
    check(mine[0]["anchor"] == 0 and mine[-1]["anchor"] == last and mine[-1]["version"] == v + 1,
          f"the first at once, the last position always: {mine}")


def own_cursor_at_stop(pairbox):
    """A cursor kept back by the throttle is logged as the server stops; ROOM_CURSOR_LOG_MS=0 logs none."""
    data = tempfile.mkdtemp(prefix="pairbox-replay-")
    try:
        s = Server(pairbox, env=SHARED, data_dir=data).start()
        room, drv, obs, d, o = pair(s)
        v = drv.welcome["version"]
        push(drv, v, insert(0, 0, "abcdef"))
        drv.wait("updates")
        drv.send({"type": "cursor", "anchor": 1, "head": 1})
        drv.send({"type": "cursor", "anchor": 2, "head": 5})
        obs.wait("cursor", where=lambda m: m["head"] == 5)
        check(s.stop() == 0, "a clean stop")
        s.start()
        code, page, _ = replay(s, room, o)
        mine = [(e["anchor"], e["head"]) for e in page["events"] if e["type"] == "cursor" and e["user"] == d.id]
        check(mine == [(1, 1), (2, 5)], f"the first at once, the kept one at the stop: {mine}")
        s.stop()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    with Server(pairbox, env=dict(SHARED, ROOM_CURSOR_LOG_MS="0")) as s:
        room, drv, obs, d, o = pair(s)
        push(drv, drv.welcome["version"], insert(0, 0, "abc"))
        drv.wait("updates")
        drv.send({"type": "cursor", "anchor": 1, "head": 1})
        obs.wait("cursor")
        time.sleep(0.6)
        code, page, _ = replay(s, room, o)
        check(code == 200 and not [e for e in page["events"] if e["type"] == "cursor"], "no cursor logged")


def own_rate_and_flags(pairbox):
    """REPLAY_PER_MINUTE; --admin repeated; a bad ADMIN_USERS stops the server from starting."""
    with Server(pairbox, env=dict(ENV, REPLAY_PER_MINUTE="2"), args=["--admin", "boss_one", "--admin", "boss_two"]) as s:
        room, drv, obs, d, o = pair(s)
        for name in ("boss_one", "boss_two"):
            code, _, _ = replay(s, room, user_named(s, name))
            check(code == 200, f"{name} is an admin: {code}")
        codes = [replay(s, room, d)[0] for _ in range(3)]
        code, got, h = replay(s, room, d)
        check(codes[:2] == [200, 200] and code == 429 and int(h["retry-after"]) >= 1, f"the third a minute: {codes} {code}")
        check(replay(s, room, o)[0] == 200, "each user counts alone")
    r = subprocess.run([pairbox, "serve", "--port", "1", "--admin", "no way"], capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "ADMIN_USERS" in r.stderr and "no way" in r.stderr, f"refused: {r.returncode} {r.stderr}")


if __name__ == "__main__":
    run_cases(globals(), SHARED)
