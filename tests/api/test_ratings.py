#!/usr/bin/env python3
"""test_ratings.py - peer feedback, skill ratings and the leaderboards on a
real `pairbox serve` (docs/platform.md "Feedback", "Ratings and
leaderboards", docs/ratings.md; api/routes_feedback.c, routes_ratings.c,
ratings.c, the store's ratings):

  * feedback: participants only (others 404, a spectator too, no session
    401, another site 403), only once the room ended (409 before, and in a
    room still waiting for its invited friend), one per participant
    per room (a second put replaces it: 200, created_at kept), each field
    checked and named (422), what one received hidden until one gave
    one's own; the edit window closes (409) FEEDBACK_EDIT_HOURS after the
    end, and then what was received shows;
  * ratings on a table of scripted sessions (rooms that end, submits that
    pass 5, 3, 1 or no tests, feedback given both ways), checked against
    tests/api/ratings_model.py (the formulas written again in Python):
    each session's recorded outcome, the history's figures, the overall
    and per-language ratings, users.rating; an edited feedback recomputes
    its recipient;
  * matching uses the rating of the language asked for (a user rated low
    in python3 and high in c is matched with a beginner in python3 and an
    advanced user in c, not with a beginner in c);
  * the leaderboard: who is ranked, the order (rating, then RD, then id:
    two players of one room with no feedback tie), pages that add up,
    the language and organisation filters (case-blind), the organisations'
    ranking (mean of members' ratings, at least N members), public read
    with a per-address rate, LEADERBOARD_PUBLIC=false, deleted accounts;
  * a room whose time runs out while the server is down is ended and
    rated when it starts again; a participant who never came (never wrote
    a row of the room's log) is not rated.

usage: test_ratings.py PAIRBOX [--case NAME ...]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ratings_model as model  # noqa: E402
from harness import Server, check, need, run_cases  # noqa: E402
from rooms_lib import ENV, FIXTURES, Channel, call, insert, join, matched_room, poll, user  # noqa: E402

# One ten-minute phase: both asking to move on ends the room at once, and
# no midpoint swap comes while a case runs.
RENV = dict(ENV, PHASE_MINUTES="code=10")
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"                       # 5 of 5 tests
POSITIVE_PY = "a, b = map(int, input().split())\nprint(a + b if a > 0 and b > 0 else 0)\n"   # 3 of 5
THREE_PY = "print(3)\n"                                                           # 1 of 5 (the first sample)
with open(os.path.join(FIXTURES, "add-two-numbers", "submissions", "accepted", "sum.c")) as f:
    SUM_C = f.read()
ROOM_NOT_FOUND = {"error": "room not found"}
SCORES = ("communication", "problem_solving", "code_quality", "collaboration")
LEVELS = {None: 1500, "beginner": 1200, "intermediate": 1500, "advanced": 1800}


def rated_user(s, level=None, organisation=None, prefix="r"):
    u = user(s, prefix)
    body = {}
    if level:
        body["level"] = level
    if organisation is not None:
        body["organisation"] = organisation
    if body:
        need(call(s, "PATCH", "/api/v1/me", body, user=u), 200, "profile")
    u.seed = LEVELS[level]
    return u


def pair_up(s, a, b, language="python3", difficulty="easy"):
    """a and b join the waiting room and are matched together (at once when their ratings are
    within 100; the window widens while they wait): the room."""
    need(join(s, a, language, difficulty), 200, "a joins")
    need(join(s, b, language, difficulty), 200, "b joins")
    deadline = time.time() + 90
    rooms = {}
    while time.time() < deadline:
        for u in (a, b):
            got = need(poll(s, u, 0 if rooms.get(u.id) else 5), 200, "poll")
            if got["state"] == "matched":
                rooms[u.id] = got["room"]
        if len(rooms) == 2:
            check(rooms[a.id] == rooms[b.id], f"a and b in one room: {rooms}")
            return rooms[a.id]
    raise AssertionError(f"a and b were not matched: {rooms}")


def end_together(chans, wrote=(True, True)):
    """Each channel whose participant wrote says hello in the chat (the log counts them as taking
    part); then both ask to move on, and the room ends for both."""
    for ch, w in zip(chans, wrote):
        if w:
            ch.send({"type": "chat", "text": "hello"})
            ch.wait("chat")
    for ch in chans:
        ch.send({"type": "next"})
    for ch in chans:
        ch.wait("ended")


def session(s, a, b, code=None, submit_language="python3", wrote=(True, True), difficulty="easy"):
    """a and b pair in a room; the driver types code and submits it (when given); each who wrote
    says hello in the chat; both ask to move on, which ends it. (room, passed tests or None)."""
    room = pair_up(s, a, b, "python3", difficulty)
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    drv = ca if ca.welcome["you"]["role"] == "driver" else cb
    passed = None
    if code:
        v = drv.welcome["version"]
        drv.send({"type": "push", "version": v, "updates": [{"clientID": "t", "changes": insert(0, 0, code)}]})
        drv.wait("updates", where=lambda m: m["version"] == v)
        drv.send({"type": "submit", "language": submit_language})
        r = drv.wait("submit-result", timeout=180)
        passed = r["passed"]
    end_together((ca, cb), wrote)
    for ch in (ca, cb):
        ch.close()
    return room, passed


def ratings(s, u):
    return need(call(s, "GET", "/api/v1/me/ratings", user=u, origin=False), 200, "GET /me/ratings")


def wait_games(s, u, games, timeout=30):
    """u's ratings once `games` sessions are rated (the ratings' thread rates a room as it ends)."""
    deadline = time.time() + timeout
    while True:
        r = ratings(s, u)
        if r["overall"]["games"] >= games or time.time() > deadline:
            check(r["overall"]["games"] == games, f"{u.name}: {games} rated sessions: {r['overall']}")
            return r
        time.sleep(0.2)


def give(s, room, frm, scores, comment="", want=(200, 201)):
    body = dict(zip(SCORES, scores), comment=comment)
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", body, user=frm)
    check(code in (want if isinstance(want, tuple) else (want,)), f"feedback from {frm.name}: {code} {got}")
    return got


def near(a, b, tol=0.011):
    return abs(a - b) <= tol


def check_model(s, u, r=None):
    """u's ratings replayed with the Python model from the history the server shows: every figure agrees."""
    r = r or ratings(s, u)
    overall, langs = model.start(u.seed), {}
    for p in r["history"]:
        fb = p["feedback"]
        sess = model.Session(p["ended_at"], p["difficulty"], p["tests"], fb)
        overall = model.apply(overall, sess)
        lang = langs[p["language"]] = model.apply(langs.get(p["language"], model.start(u.seed)), sess)
        check(near(p["score"], model.score(p["tests"], fb), 0.006), f"{u.name}: the score of {p}")
        check(near(p["rating"]["rating"], overall.rating) and near(p["rating"]["rd"], overall.rd),
              f"{u.name}: after {p['room']}: server {p['rating']}, model {overall.rating:.2f}/{overall.rd:.2f}")
        check(near(p["language_rating"]["rating"], lang.rating) and near(p["language_rating"]["rd"], lang.rd),
              f"{u.name}: {p['language']} after {p['room']}: server {p['language_rating']}, model {lang.rating:.2f}")
    o = r["overall"]
    now = int(time.time() * 1000)
    check(near(o["rating"], overall.rating) and near(o["volatility"], overall.vol, 1e-6) and
          near(o["rd"], model.idle_rd(overall, now), 0.05) and o["games"] == overall.games,
          f"{u.name}: overall: server {o}, model {overall}")
    check(sorted(x["language"] for x in r["languages"]) == sorted(langs), f"{u.name}: languages {r['languages']}")
    for x in r["languages"]:
        m = langs[x["language"]]
        check(near(x["rating"], m.rating) and x["games"] == m.games, f"{u.name}: {x} vs model {m}")
    me = need(call(s, "GET", "/api/v1/me", user=u, origin=False), 200, "me")
    check(me["rating"] == round(overall.rating), f"{u.name}: /me shows the overall rating: {me['rating']} vs {overall}")
    return overall


# ---- feedback ----

def case_feedback_access(s):
    a, b, stranger = user(s), user(s), user(s)
    room = matched_room(s, a, b)
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    for ch in (ca, cb):
        ch.send({"type": "chat", "text": "hi"})
    got = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=a, origin=False), 200, "while it runs")
    check(got["ended"] is False and got["open"] is False and got["ended_at"] is None and got["given"] is None and
          got["to"]["id"] == b.id, f"the view while the room runs: {got}")
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(zip(SCORES, (3, 3, 3, 3))), user=a)
    check(code == 409 and "not ended" in got["error"], f"before the end: {code} {got}")
    for method in ("GET", "PUT"):
        body = dict(zip(SCORES, (3, 3, 3, 3))) if method == "PUT" else None
        code, got, _ = call(s, method, f"/api/v1/rooms/{room}/feedback", body, user=stranger)
        check(code == 404 and got == ROOM_NOT_FOUND, f"a stranger's {method}: {code} {got}")
        code, got, _ = call(s, method, "/api/v1/rooms/nosuchroomatall0/feedback", body, user=a)
        check(code == 404 and got == ROOM_NOT_FOUND, f"{method} of no such room: {code} {got}")
        code, got, _ = call(s, method, f"/api/v1/rooms/{room}/feedback", body)
        check(code == 401, f"{method} without a session: {code} {got}")
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(zip(SCORES, (3, 3, 3, 3))), user=a,
                        origin="http://evil.example")
    check(code == 403, f"a put from another site: {code} {got}")
    for ch in (ca, cb):
        ch.send({"type": "next"})
    for ch in (ca, cb):
        ch.wait("ended")
    first = give(s, room, a, (5, 4, 3, 2), "clear thinking", want=201)
    check(first["given"]["communication"] == 5 and first["given"]["comment"] == "clear thinking" and
          first["given"]["to"]["id"] == b.id and first["open"] is True and first["ended"] is True and
          first["closes_at"] - first["ended_at"] == 24 * 3600 * 1000, f"given: {first}")
    time.sleep(0.01)
    again = give(s, room, a, (4, 4, 4, 4), "on second thought", want=200)
    check(again["given"]["communication"] == 4 and again["given"]["comment"] == "on second thought" and
          again["given"]["created_at"] == first["given"]["created_at"] and
          again["given"]["updated_at"] > first["given"]["updated_at"], f"replaced, one per participant: {again}")
    got = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=b, origin=False), 200, "b's view")
    check(got["received"] is None and got["received_hidden"] is True and got["given"] is None,
          f"b sees that a gave feedback, not what, before giving theirs: {got}")
    got = give(s, room, b, (2, 3, 4, 5), "", want=201)
    check(got["received"]["communication"] == 4 and got["received"]["comment"] == "on second thought" and
          got["received"]["from"]["id"] == a.id and got["received_hidden"] is False, f"now b sees it: {got}")
    got = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=a, origin=False), 200, "a's view")
    check(got["received"]["collaboration"] == 5 and got["given"]["collaboration"] == 4, f"a sees both: {got}")
    # The feedback a received, as the dashboard lists it.
    got = need(call(s, "GET", "/api/v1/me/feedback", user=a, origin=False), 200, "a's feedback")
    check(got["meta"]["total_count"] == 1 and len(got["feedback"]) == 1, f"one received: {got}")
    f = got["feedback"][0]
    check(f["room"] == room and f["from"]["id"] == b.id and f["problem"]["slug"] == "add-two-numbers" and
          f["problem"]["title"] == "Add Two Numbers" and [f[k] for k in SCORES] == [2, 3, 4, 5] and
          f["room_ended_at"] > 0 and got["averages"]["count"] == 1 and got["averages"]["overall"] == 3.5,
          f"the row and the averages: {got}")
    got = need(call(s, "GET", "/api/v1/me/feedback", user=stranger, origin=False), 200, "none")
    check(got["feedback"] == [] and got["averages"]["count"] == 0 and got["averages"]["overall"] is None, f"{got}")
    code, got, _ = call(s, "GET", "/api/v1/me/feedback?per_page=0", user=a, origin=False)
    check(code == 422 and "per_page" in got, f"per_page=0: {code} {got}")


def case_invited_and_spectators(s):
    """A room made by invitation: no feedback while it waits for the friend; once both played it to
    its end, the two give feedback and are rated; a spectator gets 404 from its feedback routes."""
    a, b, w = user(s), user(s), user(s)
    got = need(call(s, "POST", "/api/v1/rooms", {"language": "python3", "problem": "add-two-numbers"}, user=a),
               201, "an invite room")
    room, token = got["room"]["id"], got["invite"]["token"]
    v = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=a, origin=False), 200, "while it waits")
    check(v["ended"] is False and v["to"] is None and v["open"] is False, f"waiting: {v}")
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(zip(SCORES, (3, 3, 3, 3))), user=a)
    check(code == 409, f"no feedback in a waiting room: {code} {got}")
    need(call(s, "POST", f"/api/v1/invites/{token}/accept", user=b), 200, "b accepts")
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    for u in (a, b):
        need(call(s, "PUT", f"/api/v1/rooms/{room}/spectators", {"allow": True}, user=u), 200, "allow spectators")
    link = need(call(s, "POST", f"/api/v1/rooms/{room}/spectators/links", None, user=a), 201, "a spectator link")
    code, got, h = call(s, "POST", f"/api/v1/spectate/{link['token']}", None, user=w)
    check(code == 200 and got["role"] == "spectator", f"w watches: {code} {got}")
    watch = {"Cookie": f"pairbox_session={w.token}; pairbox_watch={link['token']}"}
    end_together((ca, cb))
    for method in ("GET", "PUT"):
        body = dict(zip(SCORES, (1, 1, 1, 1))) if method == "PUT" else None
        code, got, _ = call(s, method, f"/api/v1/rooms/{room}/feedback", body, user=w, headers=watch)
        check(code == 404 and got == ROOM_NOT_FOUND, f"a spectator's {method}: {code} {got}")
    give(s, room, a, (4, 4, 4, 4), want=201)
    got = give(s, room, b, (5, 5, 5, 5), want=201)
    check(got["received"]["from"]["id"] == a.id and got["to"]["id"] == a.id, f"b sees a's: {got}")
    for u in (a, b):
        r = wait_games(s, u, 1)
        check(r["history"][0]["room"] == room, f"the invited room rated: {r['history']}")
    check(ratings(s, w)["overall"]["games"] == 0, "the spectator is not rated")


def case_feedback_validation(s):
    a, b = user(s), user(s)
    room, _ = session(s, a, b)
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", {}, user=a)
    check(code == 422 and set(got) == set(SCORES) and all("required" in got[k][0] for k in SCORES),
          f"every score is required, each named: {code} {got}")
    bad = {"communication": 0, "problem_solving": 6, "code_quality": "5", "collaboration": 2.5, "comment": 5,
           "stars": 5}
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", bad, user=a)
    check(code == 422 and set(got) == set(bad) and all("1 to 5" in got[k][0] for k in SCORES) and
          "string" in got["comment"][0] and "not a field" in got["stars"][0], f"each bad field named: {code} {got}")
    ok = dict(zip(SCORES, (1, 2, 3, 4)))
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(ok, comment="x" * 2001), user=a)
    check(code == 422 and list(got) == ["comment"] and "2000" in got["comment"][0], f"2001 characters: {code} {got}")
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(ok, comment="bell\x07"), user=a)
    check(code == 422 and "control" in got["comment"][0], f"a control character: {code} {got}")
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", "[1, 2]", user=a, headers={"Content-Type": "application/json"})
    check(code == 400, f"not an object: {code} {got}")
    got = give(s, room, a, (1, 2, 3, 4), "😀" * 2000 + "", want=201)
    check(got["given"]["comment"] == "😀" * 2000, "2000 characters (not bytes), line breaks too")
    got = give(s, room, a, (1, 2, 3, 4), "two\nlines\tand a tab", want=200)
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(ok, comment=None), user=a)
    check(code == 200 and got["given"]["comment"] == "", f"a null comment is none: {code} {got}")
    code, got, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", ok, user=a)
    check(code == 200, f"no comment at all: {code} {got}")


def own_edit_window(pairbox):
    """FEEDBACK_EDIT_HOURS=0.002 (7.2 s): feedback opens at the end and closes after it."""
    with Server(pairbox, env=dict(RENV, FEEDBACK_EDIT_HOURS="0.002")) as s:
        a, b = user(s), user(s)
        room, _ = session(s, a, b)
        got = give(s, room, b, (5, 5, 5, 5), "thanks", want=201)
        check(got["closes_at"] - got["ended_at"] == 7200, f"the window: {got}")
        v = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=a, origin=False), 200, "a's view")
        check(v["open"] is True and v["received"] is None and v["received_hidden"] is True, f"hidden: {v}")
        time.sleep(max(0, (got["closes_at"] - time.time() * 1000) / 1000) + 0.3)
        code, msg, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(zip(SCORES, (1, 1, 1, 1))), user=b)
        check(code == 409 and "closed" in msg["error"] and "FEEDBACK_EDIT_HOURS" in msg["error"],
              f"after the window: {code} {msg}")
        code, msg, _ = call(s, "PUT", f"/api/v1/rooms/{room}/feedback", dict(zip(SCORES, (1, 1, 1, 1))), user=a)
        check(code == 409, f"a late first feedback too: {code} {msg}")
        v = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=a, origin=False), 200, "a's view")
        check(v["open"] is False and v["received"]["comment"] == "thanks" and v["given"] is None,
              f"once closed, what a received shows: {v}")
        got = need(call(s, "GET", "/api/v1/me/feedback", user=a, origin=False), 200, "a's list")
        check(got["meta"]["total_count"] == 1 and got["averages"]["overall"] == 5, f"and in the list: {got}")
        v = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=b, origin=False), 200, "b's view")
        check(v["given"]["updated_at"] == got["feedback"][0]["updated_at"], "b's feedback as it was")


# ---- ratings ----

def case_outcomes(s):
    """A table of sessions, and the ratings that follow, against the Python model."""
    # Pairs whose ratings are within the waiting room's first window when they meet.
    ann, bob, cid, dan = rated_user(s, "intermediate"), rated_user(s), rated_user(s, "intermediate"), rated_user(s)
    table = [
        # pair, code, passed, feedback (first gives the second, second gives the first)
        ((ann, bob), SUM_PY, 5, ((5, 5, 5, 5), (1, 2, 3, 4))),
        ((ann, cid), POSITIVE_PY, 3, ((4, 4, 4, 3), None)),
        ((cid, ann), THREE_PY, 1, (None, (2, 2, 2, 2))),
        ((bob, dan), None, None, (None, None)),
    ]
    games = {ann.id: 0, bob.id: 0, cid.id: 0, dan.id: 0}
    for (x, y), code, want, (fx, fy) in table:
        room, passed = session(s, x, y, code)
        check(passed == want, f"the script: {passed} tests passed, wanted {want}")
        for u in (x, y):
            games[u.id] += 1
            wait_games(s, u, games[u.id])
        if fx:
            give(s, room, x, fx)
        if fy:
            give(s, room, y, fy)
    want = {ann.id: [(1.0, 2.5), (0.6, None), (0.2, None)], bob.id: [(1.0, 5.0), (0.0, None)],
            cid.id: [(0.6, 3.75), (0.2, 2.0)], dan.id: [(0.0, None)]}
    for u in (ann, bob, cid, dan):
        r = ratings(s, u)
        got = [(p["tests"], p["feedback"]) for p in r["history"]]
        check(got == want[u.id] and all(p["difficulty"] == "easy" and p["language"] == "python3" and
                                         p["problem"]["slug"] == "add-two-numbers" for p in r["history"]),
              f"{u.name}'s sessions as recorded: {r['history']}")
        check_model(s, u, r)
    # The same start and the same session but feedback: all 5s (bob) rated higher than 1-4 (ann).
    first = {u.id: ratings(s, u)["history"][0]["rating"]["rating"] for u in (ann, bob)}
    check(first[bob.id] > first[ann.id], f"better feedback, higher rating: {first}")
    before = ratings(s, ann)["overall"]["rating"]
    # An edited feedback recomputes its recipient (and ann's later sessions with it).
    room = ratings(s, ann)["history"][0]["room"]
    give(s, room, bob, (5, 5, 5, 5), "better than I said")
    r = ratings(s, ann)
    check(r["history"][0]["feedback"] == 5.0 and r["overall"]["rating"] > before,
          f"ann's rating rose with bob's new feedback: {before} -> {r['overall']['rating']}")
    check_model(s, ann, r)


def case_matching_by_language(s):
    """x: rated low in python3 (no test passed), high in c (all passed): matched by the language asked."""
    x = rated_user(s, "advanced")
    session(s, x, rated_user(s, "advanced"))              # nothing submitted: no test passed, in python3
    wait_games(s, x, 1)
    _, passed = session(s, x, rated_user(s, "beginner"), SUM_C, submit_language="c")
    check(passed == 5, f"C, every test: {passed}")
    r = wait_games(s, x, 2)
    langs = {l["language"]: l["rating"] for l in r["languages"]}
    o = r["overall"]["rating"]
    check(set(langs) == {"python3", "c"} and langs["python3"] < 1300 < o < 1500 < 1700 < langs["c"],
          f"low in python3, high in c, the overall between: {langs} {o}")
    check_model(s, x, r)
    # A beginner (1200) in python3: within x's python3 rating's window, not its overall's.
    y = rated_user(s, "beginner")
    need(join(s, y, "python3", "easy"), 200, "y joins")
    code, got, _ = join(s, x, "python3", "easy")
    check(got["state"] == "matched", f"x's python3 rating is near a beginner's: {got} ({langs}, {o})")
    # In c: a beginner is far from x's c rating, an advanced user (1800) near it.
    z, w = rated_user(s, "advanced"), rated_user(s, "beginner")
    need(join(s, w, "c", "easy"), 200, "w joins")
    code, got, _ = join(s, x, "c", "easy")
    check(got["state"] == "waiting", f"x's c rating is far from a beginner's: {got}")
    need(call(s, "DELETE", "/api/v1/lobby", user=w), 204, "w leaves")
    code, got, _ = join(s, z, "c", "easy")
    check(got["state"] == "matched", f"x's c rating is near an advanced user's: {got}")
    got = need(poll(s, x, 1), 200, "x polls")
    check(got["state"] == "matched", f"x matched in c: {got}")


# ---- the leaderboards ----

def board(s, query="", u=None, want=200):
    code, got, h = call(s, "GET", "/api/v1/leaderboard" + query, user=u, origin=False)
    check(code == want, f"GET /api/v1/leaderboard{query}: {code} {got}")
    return got


def own_leaderboard(pairbox):
    with Server(pairbox, env=dict(RENV, LEADERBOARD_ORG_MIN_MEMBERS="2")) as s:
        p = [rated_user(s, lvl, org, prefix="lb") for lvl, org in
             (("intermediate", "MIT"), ("intermediate", "mit"), ("beginner", "Bootcamp"), ("beginner", "Bootcamp"),
              ("advanced", ""), ("advanced", "Bootcamp"))]
        unrated = rated_user(s, None, "MIT")
        session(s, p[0], p[1], SUM_PY)               # the same start, the same session, no feedback: a tie
        room, _ = session(s, p[2], p[3], POSITIVE_PY)
        session(s, p[4], p[5], SUM_C, submit_language="c")
        for u in p:
            wait_games(s, u, 1)
        give(s, room, p[2], (5, 5, 5, 5))
        give(s, room, p[3], (1, 1, 1, 1))
        mine = {u.id: ratings(s, u) for u in p}
        for u in p:
            check_model(s, u, mine[u.id])
        check(mine[p[0].id]["overall"]["rating"] == mine[p[1].id]["overall"]["rating"], "p0 and p1 tie")

        def order(users, lang=None):
            def key(u):
                o = mine[u.id]["overall"] if not lang else [x for x in mine[u.id]["languages"] if x["language"] == lang][0]
                return (-o["rating"], u.id)
            return [u.id for u in sorted(users, key=key)]

        got = board(s)                                # anyone: no session
        want = order(p)
        check([r["user"]["id"] for r in got["leaderboard"]] == want and [r["rank"] for r in got["leaderboard"]] ==
              list(range(1, 7)) and got["meta"]["total_count"] == 6 and got["language"] is None,
              f"everyone rated, by rating (ties by id), the unrated left out: {got}")
        for r in got["leaderboard"]:
            o = mine[r["user"]["id"]]["overall"]
            u = [x for x in p if x.id == r["user"]["id"]][0]
            check(r["rating"] == o["rating"] and r["games"] == 1 and near(r["rd"], o["rd"], 0.02) and
                  r["user"]["username"] == u.name and r["user"]["display_name"] == u.name, f"a row's figures: {r}")
        orgs = {u.id: o for u, o in zip(p, ("MIT", "mit", "Bootcamp", "Bootcamp", "", "Bootcamp"))}
        check(all(r["user"]["organisation"] == orgs[r["user"]["id"]] for r in got["leaderboard"]), "organisations")
        check(unrated.id not in [r["user"]["id"] for r in got["leaderboard"]], "no rated session, not ranked")
        # Pages add up.
        pages = [board(s, f"?per_page=4&page={n}") for n in (1, 2, 3)]
        check([r["user"]["id"] for pg in pages for r in pg["leaderboard"]] == want and
              [r["rank"] for r in pages[1]["leaderboard"]] == [5, 6] and pages[2]["leaderboard"] == [] and
              pages[0]["meta"]["next_page"] == 2 and pages[1]["meta"]["next_page"] is None and
              pages[0]["meta"]["total_pages"] == 2, f"pages of 4: {pages}")
        # By language: its own ratings; a Judge0 id names it too.
        got = board(s, "?language=python3")
        check([r["user"]["id"] for r in got["leaderboard"]] == order(p[:4], "python3") and got["language"] == "python3",
              f"python3: {got}")
        got = board(s, "?language=c")
        check([r["user"]["id"] for r in got["leaderboard"]] == order(p[4:], "c"), f"c: {got}")
        check(board(s, "?language=71")["language"] == "python3", "a Judge0 id names the language")
        got = board(s, "?language=klingon&page=0", want=422)
        check(set(got) == {"language", "page"}, f"bad filters named: {got}")
        # By organisation, case-blind, and with a language.
        got = board(s, "?org=mit")
        check([r["user"]["id"] for r in got["leaderboard"]] == [p[0].id, p[1].id] and got["organisation"] == "mit",
              f"MIT and mit alike: {got}")
        got = board(s, "?org=BOOTCAMP&language=python3")
        check([r["user"]["id"] for r in got["leaderboard"]] == order(p[2:4], "python3") and
              [r["rank"] for r in got["leaderboard"]] == [1, 2], f"Bootcamp in python3: {got}")
        check(board(s, "?org=nowhere")["meta"]["total_count"] == 0, "no such organisation: empty")
        # The organisations: the mean of their rated members' overall ratings.
        code, got, _ = call(s, "GET", "/api/v1/leaderboard/organisations", origin=False)
        mean = lambda us: sum(mine[u.id]["overall"]["rating"] for u in us) / len(us)  # noqa: E731
        want_orgs = sorted([("Bootcamp", 3, mean([p[2], p[3], p[5]])), ("MIT", 2, mean([p[0], p[1]]))],
                           key=lambda x: -x[2])
        check(code == 200 and got["min_members"] == 2 and
              [(o["organisation"].lower(), o["members"]) for o in got["organisations"]] ==
              [(n.lower(), m) for n, m, _ in want_orgs] and
              all(near(o["rating"], w[2], 0.02) for o, w in zip(got["organisations"], want_orgs)) and
              [o["rank"] for o in got["organisations"]] == [1, 2], f"organisations: {got} vs {want_orgs}")
        # ... and in a language: Bootcamp's members rated in python3 (p2, p3), none in c with two.
        code, got, _ = call(s, "GET", "/api/v1/leaderboard/organisations?language=python3", origin=False)
        py = lambda u: [x for x in mine[u.id]["languages"] if x["language"] == "python3"][0]["rating"]  # noqa: E731
        check(code == 200 and got["language"] == "python3" and
              [(o["organisation"].lower(), o["members"]) for o in got["organisations"]] in
              ([("bootcamp", 2), ("mit", 2)], [("mit", 2), ("bootcamp", 2)]) and
              all(near(o["rating"], (py(p[2]) + py(p[3])) / 2 if o["organisation"].lower() == "bootcamp" else
                       (py(p[0]) + py(p[1])) / 2, 0.02) for o in got["organisations"]), f"python3: {got}")
        code, got, _ = call(s, "GET", "/api/v1/leaderboard/organisations?language=c", origin=False)
        check(code == 200 and got["organisations"] == [] and got["meta"]["total_count"] == 0, f"c: {got}")
        # A deleted account leaves the boards (and its organisation's count).
        need(call(s, "DELETE", "/api/v1/me", user=p[0]), 204, "p0 goes")
        got = board(s, "?org=MIT")
        check([r["user"]["id"] for r in got["leaderboard"]] == [p[1].id], f"p0 gone: {got}")
        code, got, _ = call(s, "GET", "/api/v1/leaderboard/organisations", origin=False)
        check([o["organisation"] for o in got["organisations"]] == ["Bootcamp"], f"MIT has one member left: {got}")
        # Its feedback stays with its recipient, from "deleted user".
        got = need(call(s, "GET", "/api/v1/me/feedback", user=p[3], origin=False), 200, "p3's feedback")
        check(got["meta"]["total_count"] == 1, f"p3 received p2's: {got}")


def own_board_access(pairbox):
    """Public read, a per-address rate for those without a session; LEADERBOARD_PUBLIC=false."""
    with Server(pairbox, env=dict(RENV, LEADERBOARD_PER_MINUTE="3")) as s:
        u = user(s)
        for i in range(3):
            board(s, "?page=%d" % (i + 1))
        code, got, h = call(s, "GET", "/api/v1/leaderboard/organisations", origin=False)
        check(code == 429 and int(h.get("retry-after", "0")) >= 1, f"the 4th without a session: {code} {got} {h}")
        board(s, "", u)                                # a session has its own rate
        board(s, "?page=2", u)
    with Server(pairbox, env=dict(RENV, LEADERBOARD_PUBLIC="false")) as s:
        u = user(s)
        got = board(s, want=401)
        check(got == {"error": "log in first"}, f"logged-in users only: {got}")
        code, got, _ = call(s, "GET", "/api/v1/leaderboard/organisations", origin=False)
        check(code == 401, f"the organisations too: {code}")
        check(board(s, "", u)["leaderboard"] == [], "a user reads it")


def own_restart_end(pairbox):
    """A room whose time runs out while the server is down is ended and rated when it is back; its
    participant who never came (never wrote a row of its log) is not rated."""
    with Server(pairbox, env=dict(ENV, PHASE_MINUTES="code=1")) as s:
        a, b = rated_user(s), rated_user(s)
        room = matched_room(s, a, b)
        ca = Channel(s, room, a)
        ends = ca.welcome["room"]["phase"]["ends_at"]
        ca.send({"type": "chat", "text": "anyone there?"})
        ca.wait("chat")
        s.kill9()
        time.sleep(max(0, (ends - time.time() * 1000) / 1000) + 1)
        s.start()
        r = wait_games(s, a, 1)
        check(r["history"][0]["ended_at"] == ends and r["history"][0]["tests"] == 0,
              f"ended on time, rated after the restart: {r['history']} vs {ends}")
        check_model(s, a, r)
        r = ratings(s, b)
        check(r["overall"]["games"] == 0 and r["history"] == [] and r["overall"]["rating"] == 1500 and
              r["overall"]["rd"] == 350 and r["overall"]["updated_at"] is None, f"the no-show is not rated: {r}")
        got = need(call(s, "GET", f"/api/v1/rooms/{room}/feedback", user=a, origin=False), 200, "feedback view")
        check(got["ended_at"] == ends and got["open"] is True, f"feedback opens at the room's end: {got}")
        got = board(s)
        check([x["user"]["id"] for x in got["leaderboard"]] == [a.id], f"a is ranked, b is not: {got}")


if __name__ == "__main__":
    run_cases(globals(), RENV)
