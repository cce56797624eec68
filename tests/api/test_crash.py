#!/usr/bin/env python3
"""test_crash.py - kill -9 mid-way loses nothing and judges nothing twice.

Queue 200 Python submissions (each prints its number, with that number as
expected_output) on a server with 2 workers, kill -9 the server once some
but not all are final, restart it on the same data directory, and poll
until every one is final. The restart has MAX_QUEUE_SIZE=20, fewer than
the pending rows: the backlog is fed to the workers as they make room, and
while it lasts a new submission is refused with 503 (and not stored). Then:

  * every submission is Accepted with its own stdout;
  * a result seen final (before or after the kill) never changes again:
    exactly one final result each;
  * once the backlog is gone, a new submission is accepted again;
  * the store holds exactly those 201 rows, all final (read with sqlite3
    after a graceful stop).

usage: test_crash.py PAIRBOX
"""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, free_port  # noqa: E402

N = 200
PYTHON3 = 71
FINAL_BEFORE_KILL = 10      # kill once at least this many are final
SMALL_QUEUE = 20            # MAX_QUEUE_SIZE after the restart: less than the backlog
DEADLINE = 420              # seconds for everything after the restart


def fail(msg, server=None):
    print("FAIL:", msg)
    if server:
        print("--- server log (tail) ---")
        print(server.tail())
    sys.exit(1)


def source(i):
    # A short sleep keeps the run long enough to be killed mid-way.
    return f"import time\ntime.sleep(0.1)\nprint({i})\n"


def poll(server, tokens, seen, phase):
    """GET every token; record first final results, and fail on any change.
    Returns how many are final."""
    final = 0
    for i, t in enumerate(tokens):
        try:
            code, body, _ = server.request("GET", f"/submissions/{t}", timeout=10)
        except OSError as e:
            fail(f"{phase}: GET {t}: {e}", server)
        if code != 200 or not isinstance(body, dict):
            fail(f"{phase}: GET {t}: {code} {body!r}", server)
        status = body.get("status", {}).get("id")
        if status in (1, 2):
            if t in seen:
                fail(f"{phase}: {t} (#{i}) went back from final {seen[t]} to {body}", server)
            continue
        final += 1
        if t not in seen:
            seen[t] = body
        elif seen[t] != body:
            fail(f"{phase}: {t} (#{i}) changed after it was final:\n  first {seen[t]}\n  now   {body}", server)
    return final


def restart(server):
    """Same data directory, a new process; a fresh port if the old one is
    still held by connections the dead server left in TIME_WAIT."""
    for attempt in range(3):
        try:
            return server.start()
        except RuntimeError as e:
            if attempt == 2:
                fail(f"restart: {e}")
            server.kill9()
            server.port = free_port()
            server.url = f"http://127.0.0.1:{server.port}"
    return server


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    server = Server(sys.argv[1], env={"MAX_QUEUE_SIZE": "1000"}, workers=2)
    try:
        server.start()
        t0 = time.time()
        tokens = []
        for i in range(N):
            code, body, _ = server.request("POST", "/submissions", {
                "source_code": source(i), "language_id": PYTHON3, "expected_output": f"{i}\n"})
            if code != 201 or not isinstance(body, dict) or "token" not in body:
                fail(f"POST #{i}: {code} {body!r}", server)
            tokens.append(body["token"])
        print(f"queued {N} in {time.time() - t0:.1f} s")

        seen = {}
        deadline = time.time() + 300
        while True:
            final = poll(server, tokens, seen, "before the kill")
            if final >= FINAL_BEFORE_KILL:
                break
            if time.time() > deadline:
                fail(f"only {final} final after 300 s", server)
            time.sleep(0.2)
        server.kill9()
        killed_at = len(seen)
        print(f"killed with {killed_at} of {N} final ({time.time() - t0:.1f} s)")
        if killed_at >= N:
            fail("everything finished before the kill: the test proved nothing")
        # What the kill left in the store: half-run rows (Processing) among
        # the pending ones, so the restart re-runs jobs, not only queued ones.
        db = sqlite3.connect(os.path.join(server.data, "pairbox.db"))
        left = dict(db.execute("SELECT status_id, count(*) FROM submissions GROUP BY status_id").fetchall())
        db.close()
        print(f"store after the kill: {left}")
        if sum(left.values()) != N:
            fail(f"the store holds {sum(left.values())} rows after the kill, not {N}")
        if left.get(2, 0) < 1:
            fail(f"no row was Processing at the kill: {left}")

        server.env["MAX_QUEUE_SIZE"] = str(SMALL_QUEUE)
        restart(server)
        print("restarted:", " | ".join(line for line in server.tail(2000).splitlines() if "pending" in line))
        code, body, _ = server.request("POST", "/submissions", {"source_code": "print(1)", "language_id": PYTHON3})
        if code != 503:
            fail(f"a submission during the backlog of {N - killed_at}: {code} {body!r}, not 503", server)
        deadline = time.time() + DEADLINE
        while True:
            final = poll(server, tokens, seen, "after the restart")
            if final == N:
                break
            if time.time() > deadline:
                fail(f"only {final} of {N} final {DEADLINE} s after the restart", server)
            time.sleep(0.5)
        # Once more: nothing moves after the last one is final.
        time.sleep(1)
        poll(server, tokens, seen, "after all were final")
        print(f"all {N} final ({time.time() - t0:.1f} s)")

        code, body, _ = server.request("POST", "/submissions?wait=true", {
            "source_code": "print('after')", "language_id": PYTHON3, "expected_output": "after"})
        if code != 201 or body.get("status", {}).get("id") != 3:
            fail(f"a submission after the backlog: {code} {body!r}", server)
        extra = body["token"]

        wrong = []
        for i, t in enumerate(tokens):
            body = seen[t]
            if body["status"]["id"] != 3 or body.get("stdout") != f"{i}\n":
                wrong.append((i, t, body))
        if wrong:
            fail(f"{len(wrong)} not Accepted with their own output, e.g. {wrong[:3]}", server)

        code = server.stop()
        if code != 0:
            fail(f"graceful stop exited {code}", server)
        db = sqlite3.connect(os.path.join(server.data, "pairbox.db"))
        rows = db.execute("SELECT token, status_id, result IS NOT NULL, finished_at_ms FROM submissions").fetchall()
        db.close()
        if len(rows) != N + 1:
            fail(f"the store holds {len(rows)} rows, not {N + 1}")
        if {r[0] for r in rows} != set(tokens) | {extra}:
            fail("the store's tokens are not the ones accepted")
        bad = [r for r in rows if r[1] != 3 or not r[2] or r[3] <= 0]
        if bad:
            fail(f"rows not final with a result: {bad[:5]}")
        print(f"PASS: {N} submissions, killed at {killed_at} final, each judged once and Accepted")
        return 0
    finally:
        server.kill9()
        server.__exit__(None, None, None)


if __name__ == "__main__":
    sys.exit(main())
