#!/usr/bin/env python3
"""test_lobby.py - the waiting room on a real `pairbox serve` (docs/platform.md
"Waiting room"; api/routes_lobby.c, api/matching.c, store_lobby_match):

  * every route needs a session (401), a state change from another site is 403;
  * every field is checked (422 naming it): language, difficulty, topics, wait;
  * two users are matched into one room: the second joiner hears it at once,
    the first, long-polling, wakes with the same room;
  * never a user with themself: two sessions of one user wait, unmatched;
  * different languages, or ratings far apart, wait; leaving makes one idle;
  * the room's problem comes from the bank by difficulty.

usage: test_lobby.py PAIRBOX [--case NAME ...]
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, need, run_cases  # noqa: E402
from rooms_lib import ENV, PASSWORD, call, join, matched_room, poll, user  # noqa: E402

LOG_IN_FIRST = {"error": "log in first"}
CROSS_SITE = {"error": "cross-site request refused"}


def case_session_required(s):
    for method, path, body in [("POST", "/api/v1/lobby", {"language": "c", "difficulty": "easy"}),
                               ("GET", "/api/v1/lobby", None), ("DELETE", "/api/v1/lobby", None)]:
        code, got, _ = call(s, method, path, body)
        check(code == 401 and got == LOG_IN_FIRST, f"{method} {path} without a session: {code} {got}")
    u = user(s)
    code, got, _ = call(s, "POST", "/api/v1/lobby", {"language": "c", "difficulty": "easy"}, user=u,
                        origin="http://evil.example")
    check(code == 403 and got == CROSS_SITE, f"join from another site: {code} {got}")
    code, got, _ = call(s, "DELETE", "/api/v1/lobby", user=u, origin=None)
    check(code == 403, f"leave without Origin: {code} {got}")
    code, got, _ = poll(s, u)
    check(code == 200 and got == {"state": "idle", "waited_s": 0}, f"nobody waiting: {got}")


def case_fields(s):
    u = user(s)
    for body, field in [({"difficulty": "easy"}, "language"),
                        ({"language": "klingon", "difficulty": "easy"}, "language"),
                        ({"language": 50, "difficulty": "trivial"}, "difficulty"),
                        ({"language": "c", "difficulty": "easy", "topics": "dp"}, "topics"),
                        ({"language": "c", "difficulty": "easy", "topics": ["x" * 33]}, "topics"),
                        ({"language": "c", "difficulty": "easy", "topics": [str(i) for i in range(9)]}, "topics"),
                        ({"language": "c", "difficulty": "easy", "topics": ["a\u0001"]}, "topics"),
                        ({"language": "c", "difficulty": "easy", "colour": "red"}, "colour")]:
        code, got, _ = call(s, "POST", "/api/v1/lobby", body, user=u)
        check(code == 422 and field in got, f"{body}: {code} {got}")
    code, got, _ = call(s, "POST", "/api/v1/lobby", "[]", user=u)
    check(code == 400, f"not an object: {code} {got}")
    for w in ("31", "-1", "x"):
        code, got, _ = call(s, "GET", f"/api/v1/lobby?wait={w}", user=u, origin=False)
        check(code == 422 and "wait" in got, f"wait={w}: {code} {got}")
    code, got, _ = poll(s, u)
    check(got["state"] == "idle", f"nothing was joined: {got}")


def case_match_two(s):
    a, b = user(s), user(s)
    code, got, _ = join(s, a, "python3", "easy", ["math"])
    check(code == 200 and got == {"state": "waiting", "waited_s": 0}, f"first joiner waits: {code} {got}")
    # The first long-polls; the second's join wakes it with the room.
    result = {}

    def first():
        t0 = time.time()
        result["poll"] = poll(s, a, 20)
        result["took"] = time.time() - t0
    t = threading.Thread(target=first)
    t.start()
    time.sleep(0.5)
    code, got, _ = join(s, b, 50, "easy")           # Judge0 id 50: C
    check(code == 200 and got["state"] == "waiting", f"C does not meet Python: {got}")
    code, got, _ = join(s, b, "python3", "easy")
    check(code == 200 and got["state"] == "matched" and got["room"], f"the second joiner is matched: {got}")
    t.join()
    code, other, _ = result["poll"]
    check(code == 200 and other["state"] == "matched" and other["room"] == got["room"],
          f"the long poll learns the same room: {other}")
    check(result["took"] < 15, f"the poll woke with the match, not at its end: {result['took']:.1f} s")
    code, again, _ = poll(s, b)
    check(again["state"] == "matched" and again["room"] == got["room"], f"asked again, still matched: {again}")
    # The room: the easy fixture problem, the language asked, both in it.
    code, room, _ = call(s, "GET", f"/api/v1/rooms/{got['room']}", user=a, origin=False)
    check(code == 200 and room["problem"]["slug"] == "add-two-numbers" and room["language"] == "python3",
          f"the room: {code} {room.get('problem', {}).get('slug')} {room.get('language')}")
    check(sorted(p["user"]["id"] for p in room["participants"]) == sorted([a.id, b.id]), f"both in it: {room}")
    # Joining again is a fresh wait.
    code, got, _ = join(s, a, "python3", "medium")
    check(code == 200 and got["state"] == "waiting", f"a new wait after a match: {got}")
    need(call(s, "DELETE", "/api/v1/lobby", user=a), 204, "leave")


def case_no_self_match(s):
    u = user(s)
    code, body, h = call(s, "POST", "/api/v1/auth/login", {"username": u.name, "password": PASSWORD})
    check(code == 200, f"a second session: {code} {body}")
    other = h["set-cookie"].split(";")[0].split("=", 1)[1]
    code, got, _ = join(s, u, "ruby", "hard")
    check(got["state"] == "waiting", f"first tab: {got}")
    code, got, _ = join(s, other, "ruby", "hard")
    check(got["state"] == "waiting", f"second tab of the same user: still waiting, never matched: {got}")
    code, got, _ = poll(s, u, 2)
    check(got["state"] == "waiting", f"after a poll: {got}")
    code, got, _ = poll(s, other, 0)
    check(got["state"] == "waiting", f"the other tab: {got}")
    need(call(s, "DELETE", "/api/v1/lobby", user=other), 204, "leave from the other tab")
    code, got, _ = poll(s, u)
    check(got == {"state": "idle", "waited_s": 0}, f"left for both tabs (one entry per user): {got}")
    need(call(s, "DELETE", "/api/v1/lobby", user=u), 204, "leaving twice is fine")


def case_ratings_apart(s):
    a, b = user(s), user(s)
    need(call(s, "PATCH", "/api/v1/me", {"level": "beginner"}, user=a), 200, "beginner")
    code, me, _ = call(s, "PATCH", "/api/v1/me", {"level": "advanced"}, user=b)
    check(code == 200 and me["rating"] == 1800, f"advanced starts at 1800: {me}")
    join(s, a, "go", "medium")
    code, got, _ = join(s, b, "go", "medium")
    check(got["state"] == "waiting", f"1200 and 1800 are not matched at once (window ±100): {got}")
    code, got, _ = poll(s, a, 1)
    check(got["state"] == "waiting" and got["waited_s"] >= 0, f"still waiting: {got}")
    for u in (a, b):
        need(call(s, "DELETE", "/api/v1/lobby", user=u), 204, "leave")


def case_problem_by_difficulty(s):
    a, b = user(s), user(s)
    room = matched_room(s, a, b, "python3", "medium")
    code, got, _ = call(s, "GET", f"/api/v1/rooms/{room}", user=b, origin=False)
    check(got["problem"]["slug"] == "max-element" and got["difficulty"] == "medium",
          f"medium: the medium problem: {got['problem']['slug']}")
    check(got["version"] >= 0 and "python3" in got["problem"]["starter_code"], f"starter code: {got['problem']}")


if __name__ == "__main__":
    run_cases(globals(), ENV)
