#!/usr/bin/env python3
"""test_dashboard.py - the user's dashboard on a real `pairbox serve`
(docs/platform.md "Dashboard"; api/routes_dashboard.c, api/dashboard.c,
api/store/sqlite_dashboard.c):

  * both routes need a session (401) and check their parameters (422 naming
    each);
  * two rooms played over the channel with known outcomes (a run, an
    accepted and a wrong submit on add-two-numbers, tagged math and
    implementation, then every phase to the end; a wrong submit on
    max-element, tagged arrays, still in its intro): the history holds each
    room newest first with its partner, problem, phase reached, end,
    verdicts (best and last submit as the channel announced them) and replay
    path; paging and its meta; the stats' totals, success by tag and by
    difficulty, and today's activity, figure for figure;
  * only the caller's rooms: the partner sees the shared room and not the
    other, a stranger sees nothing; a partner who deletes the account shows
    as "deleted user";
  * streaks and activity over days: rooms made through the waiting room, the
    server stopped, their times moved back whole days in its database (the
    test's own data directory: the documented way to put rooms on other
    days; the server has no clock setting), then read again.

usage: test_dashboard.py PAIRBOX [--case NAME ...]
"""
import datetime
import os
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, need, run_cases  # noqa: E402
from rooms_lib import ENV, Channel, call, matched_room, units, user  # noqa: E402

LOG_IN_FIRST = {"error": "log in first"}
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"
DIFF_PY = "a, b = map(int, input().split())\nprint(a - b)\n"
MAX_WRONG_PY = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "problems", "max-element",
                                 "submissions", "wrong_answer", "first.py")).read()
DAY_MS = 86400000


def utc_date(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).date().isoformat()


def get(s, path, u):
    return call(s, "GET", path, user=u, origin=False)


def history(s, u, query=""):
    return need(get(s, "/api/v1/me/sessions" + query, u), 200, f"history {query}")


def stats(s, u, query=""):
    return need(get(s, "/api/v1/me/stats" + query, u), 200, f"stats {query}")


def replace_doc(ch, other, version, old, text):
    """ch (the driver) replaces the whole document old with text; both see it. The new version."""
    changes = [[units(old), *text.split("\n")]] if old else [[0, *text.split("\n")]]
    ch.send({"type": "push", "version": version, "updates": [{"clientID": "t", "changes": changes}]})
    for c in (ch, other):
        c.wait("updates", where=lambda m: m["version"] == version)
    return version + 1


def connect(s, room, a, b):
    """Both channels, the driver's first: (driver channel, other channel)."""
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    return (ca, cb) if ca.welcome["you"]["role"] == "driver" else (cb, ca)


def submit(ch, version):
    ch.send({"type": "submit"})
    return ch.wait("submit-result", timeout=180, where=lambda m: m["version"] == version)


def to_the_end(drv, obs):
    for i in (1, 2, 3):
        drv.send({"type": "next"})
        obs.send({"type": "next"})
        drv.wait("phase", where=lambda m, i=i: m["index"] == i)
    drv.send({"type": "next"})
    obs.send({"type": "next"})
    for ch in (drv, obs):
        ch.wait("ended")


def verdict(m):
    """A submit-result message as the dashboard shows a submit."""
    return {"status": m["status"], "passed": m["passed"], "total": m["total"]}


def case_access(s):
    for path in ("/api/v1/me/sessions", "/api/v1/me/stats"):
        code, got, _ = get(s, path, None)
        check(code == 401 and got == LOG_IN_FIRST, f"{path} without a session: {code} {got}")
    u = user(s)
    for query, field in [("?page=0", "page"), ("?page=x", "page"), ("?per_page=0", "per_page"),
                         ("?per_page=101", "per_page"), ("?page=1000001", "page"), ("?per_page=-1", "per_page")]:
        code, got, _ = get(s, "/api/v1/me/sessions" + query, u)
        check(code == 422 and field in got, f"sessions{query}: {code} {got}")
    for query in ("?weeks=0", "?weeks=54", "?weeks=2.5"):
        code, got, _ = get(s, "/api/v1/me/stats" + query, u)
        check(code == 422 and "weeks" in got, f"stats{query}: {code} {got}")
    got = history(s, u)
    check(got == {"sessions": [], "meta": {"current_page": 1, "next_page": None, "prev_page": None, "per_page": 20,
                                           "total_pages": 0, "total_count": 0}}, f"nobody's history: {got}")
    got = stats(s, u)
    check(got["totals"] == {"sessions": 0, "ended": 0, "runs": 0, "submits": 0, "accepted_submits": 0, "solved": 0}
          and got["by_tag"] == [] and got["by_difficulty"] == [] and got["activity"]["days"] == []
          and got["streaks"]["current"] == 0 and got["streaks"]["longest"] == 0 and got["streaks"]["last_day"] is None,
          f"nobody's stats: {got}")
    check(got["activity"]["weeks"] == 26, f"26 weeks by default: {got['activity']}")


def case_sessions_and_stats(s):
    ann, bob, cy, stranger = user(s), user(s), user(s), user(s)
    # Room 1: add-two-numbers (easy: math, implementation) with Bob: a run,
    # an accepted submit, a wrong one, then every phase to the end.
    room1 = matched_room(s, ann, bob, "python3", "easy")
    drv, obs = connect(s, room1, ann, bob)
    v = replace_doc(drv, obs, drv.welcome["version"], drv.welcome["doc"], SUM_PY)
    obs.send({"type": "run", "stdin": "40 2\n"})
    run = obs.wait("run-result", timeout=120)
    check(run["stdout"] == "42\n", f"the run: {run}")
    accepted = submit(drv, v)
    check(accepted["status"]["id"] == 3 and accepted["passed"] == accepted["total"] == 5, f"accepted: {accepted}")
    v = replace_doc(drv, obs, v, SUM_PY, DIFF_PY)
    wrong = submit(obs, v)
    check(wrong["status"]["id"] == 4 and wrong["passed"] < wrong["total"], f"wrong: {wrong}")
    to_the_end(drv, obs)
    drv.close()
    obs.close()

    # Room 2: max-element (medium: arrays) with Cy, still in its intro: a
    # submit right on the samples and wrong on one hidden test.
    room2 = matched_room(s, ann, cy, "python3", "medium")
    drv, obs = connect(s, room2, ann, cy)
    v = replace_doc(drv, obs, drv.welcome["version"], drv.welcome["doc"], MAX_WRONG_PY)
    wrong2 = submit(drv, v)
    check(wrong2["status"]["id"] == 4 and (wrong2["passed"], wrong2["total"]) == (3, 4), f"3 of 4: {wrong2}")
    drv.close()
    obs.close()

    got = history(s, ann)
    check(got["meta"] == {"current_page": 1, "next_page": None, "prev_page": None, "per_page": 20, "total_pages": 1,
                          "total_count": 2}, f"meta: {got['meta']}")
    check([r["id"] for r in got["sessions"]] == [room2, room1], f"newest first: {got['sessions']}")
    r2, r1 = got["sessions"]
    check(r1["problem"] == {"slug": "add-two-numbers", "title": "Add Two Numbers", "difficulty": "easy",
                            "tags": ["math", "implementation"]}, f"room 1's problem: {r1['problem']}")
    check(r1["partner"] == {"id": bob.id, "username": bob.name, "display_name": bob.name}, f"partner: {r1['partner']}")
    check(r1["language"] == "python3" and r1["replay"] == f"/rooms/{room1}/replay", f"room 1: {r1}")
    check(r1["phase"] == {"name": "review", "index": 3, "count": 4} and r1["ended"] is True
          and isinstance(r1["ended_at"], int) and r1["ended_at"] >= r1["created_at"], f"room 1 ended: {r1}")
    check(r1["verdicts"]["runs"] == 1 and r1["verdicts"]["submits"] == 2 and r1["verdicts"]["accepted"] == 1,
          f"room 1's counts: {r1['verdicts']}")
    best, last = r1["verdicts"]["best"], r1["verdicts"]["last"]
    check({k: best[k] for k in ("status", "passed", "total")} == verdict(accepted), f"best: {best} vs {accepted}")
    check({k: last[k] for k in ("status", "passed", "total")} == verdict(wrong) and last["at"] >= best["at"],
          f"last: {last} vs {wrong}")
    check(r2["problem"] == {"slug": "max-element", "title": "Largest Element", "difficulty": "medium",
                            "tags": ["arrays"]} and r2["partner"]["id"] == cy.id, f"room 2: {r2}")
    check(r2["phase"] == {"name": "intro", "index": 0, "count": 4} and r2["ended"] is False and r2["ended_at"] is None,
          f"room 2 in its intro: {r2}")
    check(r2["verdicts"]["runs"] == 0 and r2["verdicts"]["submits"] == 1 and r2["verdicts"]["accepted"] == 0
          and r2["verdicts"]["best"] == r2["verdicts"]["last"], f"room 2's verdicts: {r2['verdicts']}")

    # Pages.
    page = history(s, ann, "?page=2&per_page=1")
    check([r["id"] for r in page["sessions"]] == [room1] and page["meta"] == {
        "current_page": 2, "next_page": None, "prev_page": 1, "per_page": 1, "total_pages": 2, "total_count": 2},
        f"page 2 of 1: {page}")
    page = history(s, ann, "?page=1&per_page=1")
    check([r["id"] for r in page["sessions"]] == [room2] and page["meta"]["next_page"] == 2, f"page 1: {page}")
    page = history(s, ann, "?page=3&per_page=1")
    check(page["sessions"] == [] and page["meta"]["total_count"] == 2, f"past the end: {page}")

    # The stats, figure for figure.
    st = stats(s, ann)
    check(st["totals"] == {"sessions": 2, "ended": 1, "runs": 1, "submits": 3, "accepted_submits": 1, "solved": 1},
          f"totals: {st['totals']}")
    frac2 = wrong2["passed"] / wrong2["total"]
    want_tags = [{"tag": "arrays", "sessions": 1, "submitted": 1, "solved": 0, "mean_passed": frac2},
                 {"tag": "implementation", "sessions": 1, "submitted": 1, "solved": 1, "mean_passed": 1.0},
                 {"tag": "math", "sessions": 1, "submitted": 1, "solved": 1, "mean_passed": 1.0}]
    check(st["by_tag"] == want_tags, f"by tag: {st['by_tag']}")
    check(st["by_difficulty"] == [
        {"difficulty": "easy", "sessions": 1, "submitted": 1, "solved": 1, "mean_passed": 1.0},
        {"difficulty": "medium", "sessions": 1, "submitted": 1, "solved": 0, "mean_passed": frac2}],
        f"by difficulty: {st['by_difficulty']}")
    # Today's, by the UTC days of the rooms and of their submits (two days
    # if midnight passed while the test ran).
    today = st["streaks"]["today"]
    days = {}
    for when, kind in [(r1["created_at"], "sessions"), (r2["created_at"], "sessions"), (best["at"], "submits"),
                       (last["at"], "submits"), (r2["verdicts"]["last"]["at"], "submits")]:
        d = days.setdefault(utc_date(when), {"sessions": 0, "submits": 0})
        d[kind] += 1
    check(st["activity"]["to"] == today and st["activity"]["days"] == [{"date": k, **v} for k, v in sorted(days.items())],
          f"today's activity: {st['activity']} vs {days}")
    n = len(days)
    check(st["streaks"] == {"current": n, "longest": n, "last_day": max(days), "today": today},
          f"{n} day(s) in a row, the last today: {st['streaks']}")

    # Only one's own: Bob shares room 1 only, Cy room 2 only, a stranger nothing.
    check([r["id"] for r in history(s, bob)["sessions"]] == [room1], "Bob's history")
    check(history(s, bob)["sessions"][0]["partner"]["id"] == ann.id, "Bob's partner is Ann")
    check([r["id"] for r in history(s, cy)["sessions"]] == [room2], "Cy's history")
    check(history(s, stranger)["sessions"] == [] and stats(s, stranger)["totals"]["sessions"] == 0,
          "a stranger sees nothing")
    st = stats(s, bob)
    check(st["totals"] == {"sessions": 1, "ended": 1, "runs": 1, "submits": 2, "accepted_submits": 1, "solved": 1}
          and [t["tag"] for t in st["by_tag"]] == ["implementation", "math"], f"Bob's stats: {st}")

    # Bob deletes his account: Ann's room keeps him as "deleted user".
    code, _, _ = call(s, "DELETE", "/api/v1/me", user=bob)
    check(code == 204, f"Bob deletes his account: {code}")
    r1 = history(s, ann)["sessions"][1]
    check(r1["partner"] == {"id": bob.id, "username": None, "display_name": "deleted user"}, f"deleted: {r1['partner']}")
    code, got, _ = get(s, "/api/v1/me/sessions", bob)
    check(code == 401, f"his session is gone: {code} {got}")


def move_rooms(data, days_back):
    """Move each room (id -> whole days back) in the stopped server's database."""
    db = sqlite3.connect(os.path.join(data, "pairbox.db"))
    with db:
        for room, back in days_back.items():
            db.execute("UPDATE rooms SET created_ms = created_ms - ?1, start_ms = start_ms - ?1 WHERE id = ?2",
                       (back * DAY_MS, room))
    db.close()


def own_streaks(pairbox):
    """Sessions on other days: streaks (current through yesterday, longest), activity by day, old rooms ended."""
    data = tempfile.mkdtemp(prefix="pairbox-dashboard-")
    try:
        s = Server(pairbox, env=ENV, data_dir=data).start()
        ann, bob = user(s), user(s)
        # Seven rooms, moved to these days back: a four-day run long ago,
        # then yesterday and the day before (nothing today); one three
        # weeks back is outside a two-week window.
        back = [21, 9, 8, 7, 6, 2, 1]
        rooms = [matched_room(s, ann, bob, "python3", "easy") for _ in back]
        check(len(set(rooms)) == len(rooms), f"seven rooms: {rooms}")
        shifts = dict(zip(rooms, back))
        for attempt in range(2):
            s.stop()
            now = time.time()
            move_rooms(data, shifts)
            s.start()
            st = stats(s, ann, "?weeks=2")
            today = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).date()
            if st["streaks"]["today"] == today.isoformat():
                break
            # Midnight (UTC) passed between the move and the answer: the
            # rooms are a day further back than meant; a day forward.
            shifts = {r: -1 for r in rooms}
        check(st["streaks"]["today"] == today.isoformat(), f"the server's today: {st['streaks']}")
        day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa: E731
        check(st["streaks"] == {"current": 2, "longest": 4, "last_day": day(1), "today": day(0)},
              f"streaks: {st['streaks']}")
        monday = today - datetime.timedelta(days=today.weekday() + 7)
        check(st["activity"]["from"] == monday.isoformat() and st["activity"]["weeks"] == 2, f"window: {st['activity']}")
        want = [{"date": day(n), "sessions": 1, "submits": 0} for n in sorted(back, reverse=True)
                if day(n) >= monday.isoformat()]
        check(st["activity"]["days"] == want, f"activity: {st['activity']['days']} vs {want}")
        check(st["totals"]["sessions"] == 7 and st["totals"]["ended"] == 7, f"old rooms ended on schedule: {st['totals']}")
        h = history(s, ann, "?per_page=3")
        check([r["id"] for r in h["sessions"]] == rooms[::-1][:3], f"newest first by their moved times: {h}")
        r = h["sessions"][0]
        check(r["ended"] is True and r["phase"] == {"name": "review", "index": 3, "count": 4}
              and r["ended_at"] == r["created_at"] + 60 * 60000, f"ended on schedule, an hour after: {r}")
        check(stats(s, bob, "?weeks=53")["streaks"]["longest"] == 4, "Bob's streaks are the same rooms'")
        s.stop()
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    run_cases(globals(), ENV)
