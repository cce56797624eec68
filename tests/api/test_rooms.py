#!/usr/bin/env python3
"""test_rooms.py - rooms on a real `pairbox serve` (docs/platform.md "Rooms",
docs/realtime.md; api/routes_rooms.c and the hub, api/hub*.c):

  * strangers get 404 on every room route and cannot open the channel; no
    session is 401; a channel from another site is 403;
  * the room's view: problem, roles, phases, hints for the observer only;
  * the channel: welcome; a push at the current version is applied and
    broadcast to both (the pusher included), one at a stale version gets
    push-rejected; the observer's push in driver mode is refused and the
    connection stays usable; bad messages get errors that change nothing;
  * chat stored (a later welcome carries it) and broadcast; cursors mapped;
  * run judges the server's copy (never a client's), on custom input and on
    the samples; submit gives per-test verdicts and no hidden data;
  * phases move on when both agree; roles swap when both agree; the driver
    switches the language (starter code only over untouched starter code);
    after the last phase the room is read-only; the first driver of a new
    room is the one who drove less recently; the server's clock swaps the
    roles at the code phase's midpoint and ends the room on time;
  * kill -9 loses nothing acknowledged: after a restart the document, its
    updates (pull) and the chat are all there, through snapshots too.

usage: test_rooms.py PAIRBOX [--case NAME ...]
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, need, run_cases  # noqa: E402
from rooms_lib import ENV, Channel, call, insert, matched_room, units, user  # noqa: E402

ROOM_NOT_FOUND = {"error": "room not found"}
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"


def pair(s, language="python3", difficulty="easy"):
    """Two users in a fresh room, both connected: (room, driver channel, observer channel, driver, observer)."""
    a, b = user(s), user(s)
    room = matched_room(s, a, b, language, difficulty)
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    if ca.welcome["you"]["role"] == "driver":
        return room, ca, cb, a, b
    check(cb.welcome["you"]["role"] == "driver", f"one of them drives: {ca.welcome['you']} {cb.welcome['you']}")
    return room, cb, ca, b, a


def push(ch, version, doc_units, at, text, client="c1"):
    ch.send({"type": "push", "version": version, "updates": [{"clientID": client,
                                                             "changes": insert(doc_units, at, text)}]})


def type_text(ch, other, text):
    """The driver replaces an empty document with text; both see it: the new version."""
    v = ch.welcome["version"]
    check(ch.welcome["doc"] == "", f"an empty document to start: {ch.welcome['doc']!r}")
    push(ch, v, 0, 0, text)
    for c in (ch, other):
        c.wait("updates", where=lambda m: m["version"] == v)
    return v + 1


def case_strangers(s):
    a, b, stranger = user(s), user(s), user(s)
    room = matched_room(s, a, b)
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=stranger, origin=False)
    check(code == 404 and got == ROOM_NOT_FOUND, f"a stranger's GET: {code} {got}")
    code, got, _ = call(s, "GET", "/api/v1/rooms/nosuchroomatall0", user=stranger, origin=False)
    check(code == 404 and got == ROOM_NOT_FOUND, f"no such room: the same answer: {code} {got}")
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", origin=False)
    check(code == 401, f"no session: {code} {got}")
    ch = Channel(s, room, stranger)
    check(ch.status == 404 and ch.body == ROOM_NOT_FOUND, f"a stranger's channel: {ch.status} {ch.body}")
    ch = Channel(s, room, None)
    check(ch.status == 401, f"a channel without a session: {ch.status} {ch.body}")
    ch = Channel(s, room, a, origin="http://evil.example")
    check(ch.status == 403, f"a channel opened by another site: {ch.status} {ch.body}")
    code, got, _ = call(s, "GET", "/api/v1/rooms", user=stranger, origin=False)
    check(code == 200 and got == {"rooms": []}, f"a stranger's list: {got}")
    code, got, _ = call(s, "GET", "/api/v1/rooms", user=a, origin=False)
    check(code == 200 and [r["id"] for r in got["rooms"]] == [room], f"a's list: {got}")
    r = got["rooms"][0]
    check(r["problem"]["slug"] == "add-two-numbers" and not r["ended"] and
          sorted(p["id"] for p in r["participants"]) == sorted([a.id, b.id]), f"the summary: {r}")
    code, got, _ = call(s, "GET", "/api/v1/rooms?limit=0", user=a, origin=False)
    check(code == 422 and "limit" in got, f"limit=0: {code} {got}")


def case_view(s):
    room, drv, obs, d, o = pair(s)
    for who, ch in (("driver", drv), ("observer", obs)):
        w = ch.welcome
        v = w["room"]
        check(w["version"] == v["version"] and v["id"] == room and v["mode"] == "driver", f"{who}'s welcome: {w}")
        check(v["phase"]["name"] == "intro" and v["phase"]["index"] == 0 and
              v["phase"]["ends_at"] - v["phase"]["started_at"] == 5 * 60 * 1000, f"the first phase: {v['phase']}")
        check([p["name"] for p in v["phases"]] == ["intro", "pseudocode", "code", "review"] and
              [p["minutes"] for p in v["phases"]] == [5, 10, 30, 15], f"the plan: {v['phases']}")
        check("editorial" not in v["problem"], f"no editorial before review ({who})")
        check(not any(k in json.dumps(v["problem"]) for k in ("hidden/01-medium\", \"input",)), "no hidden data")
    check("hints" in obs.welcome["room"]["problem"] and "hints" not in drv.welcome["room"]["problem"],
          "the observer sees the hints from the start, the driver does not")
    roles = {p["user"]["id"]: p["role"] for p in drv.welcome["room"]["participants"]}
    check(roles == {d.id: "driver", o.id: "observer"}, f"roles: {roles}")
    m = drv.wait("presence", where=lambda m: m["user"]["id"] == o.id)
    check(m["online"] is True, f"the driver hears the observer come: {m}")
    code, v, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=o, origin=False)
    check(all(p["online"] for p in v["participants"]), f"both online: {v['participants']}")
    obs.close()
    m = drv.wait("presence", where=lambda m: m["user"]["id"] == o.id and m["online"] is False)
    drv.close()


def case_push(s):
    room, drv, obs, d, o = pair(s)
    v0 = drv.welcome["version"]
    text = "héllo 😀 wörld\n"
    push(drv, v0, 0, 0, text)
    for ch in (drv, obs):
        m = ch.wait("updates")
        check(m["version"] == v0 and len(m["updates"]) == 1, f"one update from v0: {m}")
        u = m["updates"][0]
        check(u["clientID"] == "c1" and u["user"]["id"] == d.id and u["changes"] == insert(0, 0, text) and u["t"] > 0,
              f"the update as pushed, with author and time: {u}")
    # Two updates in one push, the second after the first; the emoji is two units.
    n = units(text)
    drv.send({"type": "push", "version": v0 + 1, "updates": [
        {"clientID": "c1", "changes": [6, [2, "🎉"], n - 8]},
        {"clientID": "c1", "changes": insert(n, n, "end")}]})
    m = obs.wait("updates")
    check(m["version"] == v0 + 1 and len(m["updates"]) == 2, f"both updates: {m}")
    # A stale push: rejected, the connection usable.
    push(obs, v0, 0, 0, "x")
    push(drv, v0, 0, 0, "late")
    m = drv.wait("push-rejected")
    check(m["version"] == v0 + 3, f"push-rejected names the current version: {m}")
    drv.send({"type": "pull", "version": v0})
    m = drv.wait("updates", where=lambda m: m["version"] == v0 and len(m["updates"]) != 1)
    check(m["version"] == v0 and len(m["updates"]) == 3, f"pull from v0: every update since: {m}")
    drv.send({"type": "pull", "version": v0 + 3})
    check(drv.wait("updates", where=lambda m: m["version"] == v0 + 3)["updates"] == [],
          "pull at the current version: nothing")
    # The server's copy: what a new connection is welcomed with.
    c2 = Channel(s, room, o)
    check(c2.welcome["version"] == v0 + 3 and c2.welcome["doc"] == "héllo 🎉 wörld\nend",
          f"the server's copy: {c2.welcome['doc']!r} at {c2.welcome['version']}")


def case_observer_refused(s):
    room, drv, obs, d, o = pair(s)
    v = drv.welcome["version"]
    push(obs, v, 0, 0, "mine")
    m = obs.wait("error")
    check(m["code"] == "not-driver" and m["in"] == "push", f"the observer's push: {m}")
    obs.send({"type": "chat", "text": "still here"})
    obs.wait("chat")
    obs.send({"type": "mode", "mode": "both"})
    check(obs.wait("error")["code"] == "not-driver", "only the driver sets the mode")
    drv.send({"type": "mode", "mode": "both"})
    m = obs.wait("mode")
    check(m["mode"] == "both" and m["by"]["id"] == d.id, f"mode both: {m}")
    push(obs, v, 0, 0, "ours")
    m = obs.wait("updates")
    check(m["updates"][0]["user"]["id"] == o.id, f"in both mode the observer edits: {m}")
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=d, origin=False)
    check(got["mode"] == "both" and got["version"] == v + 1, f"the view: {got['mode']} {got['version']}")


def case_bad_messages(s):
    room, drv, obs, d, o = pair(s)
    v = drv.welcome["version"]
    for raw, code in [("not json", "bad-json"), ("[1]", "bad-json"), ('{"type": 3}', "bad-message"),
                      ('{"type": "dance"}', "bad-message"), ('{"type": "push"}', "bad-message"),
                      ('{"type": "push", "version": 0, "updates": []}', "bad-message"),
                      ('{"type": "pull", "version": 99}', "bad-message"),
                      ('{"type": "chat", "text": ""}', "bad-message"),
                      ('{"type": "cursor", "anchor": 5, "head": 0}', "bad-message"),
                      ('{"type": "mode", "mode": "all"}', "bad-message"),
                      ('{"type": "language", "language": "klingon"}', "bad-message")]:
        drv.ws.send_text(raw)
        m = drv.wait("error")
        check(m["code"] == code, f"{raw}: {m}")
    drv.send({"type": "chat", "text": "x" * 2001})
    check(drv.wait("error")["code"] == "bad-message", "a chat message past 2000 characters")
    drv.send({"type": "chat", "text": "😀" * 2000})
    check(drv.wait("chat")["text"] == "😀" * 2000, "2000 characters (not bytes) are fine")
    for changes, code in [([5], "bad-changes"), ([[0, "a\nb"]], "bad-changes"), ("x", "bad-changes"),
                          ([[1, "x"]], "bad-changes")]:
        drv.send({"type": "push", "version": v, "updates": [{"clientID": "c", "changes": changes}]})
        m = drv.wait("error")
        check(m["code"] == code and m["in"] == "push", f"{changes}: {m}")
    # Too big: 200 Ki units, then 100 Ki more (each message under the 256 KiB cap).
    push(drv, v, 0, 0, "a" * 200 * 1024)
    drv.wait("updates")
    push(drv, v + 1, 200 * 1024, 0, "b" * 100 * 1024)
    m = drv.wait("error")
    check(m["code"] == "too-big", f"past 256 Ki units: {m}")
    drv.send({"type": "pull", "version": v + 1})
    check(drv.wait("updates")["updates"] == [], "nothing changed")


def case_chat_and_cursor(s):
    room, drv, obs, d, o = pair(s)
    obs.send({"type": "chat", "text": "<b>hi</b> 👋"})
    for ch in (drv, obs):
        m = ch.wait("chat")
        check(m["text"] == "<b>hi</b> 👋" and m["user"]["id"] == o.id and m["id"] > 0 and m["t"] > 0, f"chat: {m}")
    later = Channel(s, room, d)
    check([c["text"] for c in later.welcome["chat"]] == ["<b>hi</b> 👋"], f"the welcome carries it: {later.welcome}")
    later.close()
    # A cursor at an older version is mapped over the updates since.
    v = drv.welcome["version"]
    push(drv, v, 0, 0, "abcdef")
    drv.wait("updates")
    push(drv, v + 1, 6, 0, "XY")
    obs.wait("updates", where=lambda m: m["version"] == v + 1)
    obs.send({"type": "cursor", "anchor": 2, "head": 4, "version": v + 1})
    m = drv.wait("cursor")
    check(m["user"]["id"] == o.id and (m["anchor"], m["head"]) == (4, 6) and m["version"] == v + 2,
          f"mapped over the insertion before it: {m}")
    obs.send({"type": "cursor", "anchor": 8, "head": 8})
    m = drv.wait("cursor")
    check((m["anchor"], m["head"]) == (8, 8), f"at the current version: {m}")


def case_run(s):
    room, drv, obs, d, o = pair(s)
    v = type_text(drv, obs, SUM_PY)
    obs.send({"type": "run", "language": "python3", "stdin": "40 2\n"})
    started = obs.wait("run-started")
    check(started["version"] == v and started["user"]["id"] == o.id, f"run-started: {started}")
    for ch in (drv, obs):
        r = ch.wait("run-result", timeout=120)
        check(r["id"] == started["id"] and r["version"] == v and r["status"]["id"] == 3 and r["stdout"] == "42\n",
              f"the server's copy ran: {r}")
    obs.send({"type": "run"})                    # the samples, in the room's language
    r = obs.wait("run-result", timeout=120)
    check([(t["name"], t["input"], t["expected"], t["stdout"]) for t in r["tests"]] ==
          [("sample/01-small", "1 2\n", "3\n", "3\n"), ("sample/02-negative", "10 -4\n", "6\n", "6\n")],
          f"samples with their data: {r['tests']}")
    obs.send({"type": "run", "language": "klingon"})
    check(obs.wait("error")["code"] == "bad-message", "an unknown language")


def case_submit(s):
    room, drv, obs, d, o = pair(s)
    v = type_text(drv, obs, SUM_PY)
    drv.send({"type": "submit", "language": "python3"})
    drv.send({"type": "submit", "language": "python3"})
    check(drv.wait("error")["code"] == "judge-busy", "one judgment at a time per room")
    started = obs.wait("submit-started")
    tests = [obs.wait("submit-test") for _ in range(5)]
    check(sorted(t["index"] for t in tests) == [1, 2, 3, 4, 5] and all(t["total"] == 5 for t in tests),
          f"each test as it ends: {tests}")
    r = obs.wait("submit-result", timeout=180)
    check(r["id"] == started["id"] and r["version"] == v and r["status"]["id"] == 3 and r["passed"] == 5,
          f"accepted: {r}")
    check([t["name"] for t in r["tests"]] == ["sample/01-small", "sample/02-negative", "hidden/01-medium",
                                              "hidden/02-large", "hidden/03-both-negative"], f"every test: {r}")
    check(all(set(t) == {"name", "status", "time", "memory"} for t in r["tests"]), f"no test's data: {r['tests']}")
    # A wrong answer names the test and nothing of it.
    drv.send({"type": "push", "version": v, "updates": [{"clientID": "c", "changes": [units(SUM_PY) - 7, [7, "a-b)"], 0]}]})
    drv.wait("updates", where=lambda m: m["version"] == v)
    drv.send({"type": "submit"})
    r = drv.wait("submit-result", timeout=180, where=lambda m: m["version"] == v + 1)
    check(r["status"]["id"] == 4 and r["version"] == v + 1, f"wrong answer at the new version: {r}")
    check(r["message"].startswith("test sample/01-small:") and all(set(t) == {"name", "status", "time", "memory"}
                                                                  for t in r["tests"]), f"no test's data: {r}")


def case_phases_and_roles(s):
    room, drv, obs, d, o = pair(s)
    obs.send({"type": "next"})
    m = drv.wait("next-requested")
    check(m["by"]["id"] == o.id, f"next-requested: {m}")
    drv.send({"type": "next"})
    for ch in (drv, obs):
        m = ch.wait("phase", where=lambda m: m["index"] == 1)
        check(m["name"] == "pseudocode" and m["ends_at"] - m["started_at"] == 10 * 60 * 1000, f"moved on: {m}")
    code, v, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=d, origin=False)
    check(v["phase"]["name"] == "pseudocode", f"the view agrees: {v['phase']}")
    obs.send({"type": "swap"})
    check(drv.wait("swap-requested")["by"]["id"] == o.id, "swap-requested")
    drv.send({"type": "swap"})
    for ch in (drv, obs):
        m = ch.wait("roles", where=lambda m: m["reason"] == "agreed")
        check(m["driver"]["id"] == o.id and m["observer"]["id"] == d.id, f"swapped: {m}")
    push(drv, drv.welcome["version"], 0, 0, "x")
    check(drv.wait("error")["code"] == "not-driver", "the old driver observes now")
    # Through every phase to the end: read-only.
    for i in (2, 3):
        drv.send({"type": "next"})
        obs.send({"type": "next"})
        drv.wait("phase", where=lambda m, i=i: m["index"] == i)
    code, v, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=d, origin=False)
    check(v["phase"]["name"] == "review" and "editorial" in v["problem"] and "hints" in v["problem"],
          f"review: editorial and hints for both: {v['phase']}")
    drv.send({"type": "next"})
    obs.send({"type": "next"})
    for ch in (drv, obs):
        ch.wait("ended")
    for msg in ({"type": "push", "version": 0, "updates": [{"clientID": "c", "changes": [[0, "x"]]}]},
                {"type": "chat", "text": "hi"}, {"type": "run", "stdin": "1 2"}, {"type": "next"}):
        obs.send(msg)
        m = obs.wait("error")
        check(m["code"] == "ended", f"read-only after the end: {msg['type']}: {m}")
    code, v, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=o, origin=False)
    check(v["ended"] is True and v["phase"]["name"] == "ended", f"the view: ended: {v['phase']}")
    code, got, _ = call(s, "GET", "/api/v1/rooms", user=o, origin=False)
    check(got["rooms"][0]["ended"] is True, f"the list: ended: {got['rooms'][0]}")


def case_language(s):
    room, drv, obs, d, o = pair(s, "python3", "medium")       # max-element: a function problem
    w = drv.welcome
    check("def max_element" in w["doc"] and w["version"] == 1, f"the python starter code, from the server: {w['doc']!r}")
    obs.send({"type": "language", "language": "c"})
    check(obs.wait("error")["code"] == "not-driver", "only the driver switches")
    drv.send({"type": "language", "language": "c"})
    m = obs.wait("language")
    check(m["language"] == "c" and m["by"]["id"] == d.id, f"language: {m}")
    m = obs.wait("updates")
    check(m["version"] == 1 and m["updates"][0]["user"]["id"] == 0, f"the C starter code replaces it: {m}")
    c2 = Channel(s, room, o)
    check("int maxElement(" in c2.welcome["doc"] and "def " not in c2.welcome["doc"] and c2.welcome["room"]["language"] == "c",
          f"C now: {c2.welcome['doc']!r}")
    # Once touched, a switch keeps the text.
    n = units(c2.welcome["doc"])
    push(drv, 2, n, n, "// mine\n")
    drv.wait("updates", where=lambda m: m["version"] == 2)
    drv.send({"type": "language", "language": "python3"})
    drv.wait("language")
    drv.send({"type": "pull", "version": 3})
    check(drv.wait("updates", where=lambda m: m["version"] == 3)["updates"] == [], "no starter code over an edit")
    drv.send({"type": "language", "language": "bash"})
    m = drv.wait("error")
    check(m["code"] == "bad-message" and "harness" in m["message"], f"a language without a harness: {m}")


def case_first_driver(s):
    """The first driver is the one who drove less recently."""
    room, drv, obs, d, o = pair(s)
    for _ in range(4):                           # through every phase: the driver drove until the end
        drv.send({"type": "next"})
        obs.send({"type": "next"})
        drv.wait("phase" if _ < 3 else "ended")
    room2 = matched_room(s, d, o)
    check(room2 != room, "a new room")
    c = Channel(s, room2, o)
    check(c.welcome["you"]["role"] == "driver", f"the observer of the last room drives first: {c.welcome['you']}")


def own_timer(pairbox):
    """The server's clock: a one-minute code phase swaps the roles at its midpoint and ends the room."""
    with Server(pairbox, env=dict(ENV, PHASE_MINUTES="code=1")) as s:
        room, drv, obs, d, o = pair(s)
        ph = drv.welcome["room"]["phase"]
        check(ph["name"] == "code" and ph["ends_at"] - ph["started_at"] == 60000, f"one phase: {ph}")
        m = obs.wait("roles", timeout=45, where=lambda m: m["reason"] == "midpoint")
        check(m["driver"]["id"] == o.id, f"the midpoint swap: {m}")
        code, v, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=o, origin=False)
        check({p["user"]["id"]: p["role"] for p in v["participants"]}[o.id] == "driver", "the view agrees")
        m = drv.wait("ended", timeout=45)
        check(m["ended_at"] == ph["ends_at"], f"ended on time: {m} vs {ph}")
        obs.send({"type": "chat", "text": "too late"})
        check(obs.wait("error")["code"] == "ended", "read-only")


def own_restart(pairbox):
    """kill -9 after acknowledged updates: nothing is lost; clients resume with pull;
    snapshots (every 5 updates here) and the log agree."""
    data = tempfile.mkdtemp(prefix="pairbox-rooms-")
    env = dict(ENV, ROOM_SNAPSHOT_EVERY="5")
    try:
        s = Server(pairbox, env=env, data_dir=data).start()
        room, drv, obs, d, o = pair(s)
        v = drv.welcome["version"]
        doc = ""
        for i in range(12):
            piece = f"line {i} 😀\n"
            push(drv, v + i, units(doc), units(doc), piece)
            obs.wait("updates", where=lambda m, i=i: m["version"] == v + i)
            doc += piece
        obs.send({"type": "chat", "text": "before the crash"})
        drv.wait("chat")
        s.kill9()
        s.start()
        c = Channel(s, room, o)
        check(c.welcome["doc"] == doc and c.welcome["version"] == v + 12,
              f"every acknowledged update is there: {c.welcome['version']} {c.welcome['doc']!r}")
        check([m["text"] for m in c.welcome["chat"]] == ["before the crash"], f"the chat too: {c.welcome['chat']}")
        # A client that saw only the first three updates pulls the rest.
        c.send({"type": "pull", "version": v + 3})
        m = c.wait("updates")
        check(m["version"] == v + 3 and len(m["updates"]) == 9 and m["updates"][0]["user"]["id"] == d.id,
              f"pull after the restart: {len(m['updates'])} updates")
        c.send({"type": "pull", "version": 0})
        m = c.wait("updates")
        check(len(m["updates"]) == v + 12, f"pull from the start (past the snapshot): {len(m['updates'])}")
        s.stop()
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    run_cases(globals(), ENV)
