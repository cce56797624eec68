#!/usr/bin/env python3
"""run.py - bench/replay: how fast a one-hour two-person session's replay loads and seeks.

1. A real `pairbox serve` (fresh data directory, the API tests' fixture problems); two accounts matched into
   a room; a short session over its channel (pushes, cursors, chat, a run on the samples and on custom
   input, a submit, a mode change, a swap, the next phase), so the log holds a row of every kind exactly as
   the hub writes it.
2. The server stopped, that room's log is replaced by one hour of pairing made from those rows (the same
   kinds, the same data shapes, the templates' run and submit results): two people typing a program
   keystroke by keystroke (bursts of about 6 characters a second, typos taken back, pasted blocks, deleted
   lines, pauses of 1-3 s and now and then 5-45 s), the driver changing at the midpoint, cursors as the hub logs them (each at most
   every ROOM_CURSOR_LOG_MS, 500 ms), chat every few minutes, a run every few minutes of the code phase,
   three submits, every phase and the end. Rows go in with Python's sqlite3 in the store's own table.
3. The server started again: GET /api/v1/rooms/:id/replay timed (median of --runs, after two warm-ups),
   plain and gzipped, for snapshot_every 50, 200 (the default) and 1000, against GET /api/v1/rooms/:id
   through the same server (the baseline: a room route that reads no log), with the server's CPU per
   replay (/proc/PID/stat) and the bytes of the log itself.
4. Each replay, in Node (bench/replay/engine_bench.ts, the web app's engine): JSON.parse and the engine's
   index, then seeks to 300 random versions from the nearest snapshot against the same seeks from the
   start (no snapshots: the baseline), and the cost of one frame of playback at 16x.

Prints figures, never passes or fails. usage: bench/replay/run.py PAIRBOX [--updates 15000] [--runs 15] [--seed N] [--keep]
(PAIRBOX: a release build, build-release/pairbox; the web app's node_modules: cmake --build builds them.)
"""
import argparse
import gzip
import http.client
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))
from harness import Server  # noqa: E402
from rooms_lib import ENV, Channel, insert, matched_room, units, user  # noqa: E402

CURSOR_MS = 500
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"
LINES = [
    "def solve(values, target):", "    seen = {}", "    for i, v in enumerate(values):", "        need = target - v",
    "        if need in seen:", "            return seen[need], i", "        seen[v] = i", "    return None",
    "# two pointers would need the values sorted → O(n log n)", "import sys", "data = sys.stdin.read().split()",
    "n = int(data[0])", "values = list(map(int, data[1:n + 1]))", "print(*solve(values, int(data[n + 1])))",
    "class Node:", "    def __init__(self, key, left=None, right=None):", "        self.key, self.left, self.right = key, left, right",
    "def depth(node):", "    return 0 if node is None else 1 + max(depth(node.left), depth(node.right))",
    "    # careful: the empty input (é, ü and other keys are fine)", "result = []", "for line in sys.stdin:",
    "    a, b = map(int, line.split())", "    result.append(a + b)", "print('\\n'.join(map(str, result)))",
]
CHAT = ["shall we start with the brute force?", "yes, then optimise", "what about duplicates?",
        "I think the hash map version is O(n)", "can you run it on the samples?", "the second sample fails, look at line 12",
        "off by one in the loop bound", "nice 👍", "let's submit", "edge case: an empty list", "my turn to drive?",
        "what is the complexity of that?", "I'd rename that variable", "looks good to me"]


def session_over_channel(s):
    """The short real session: returns (room id, driver's user, observer's user)."""
    a, b = user(s), user(s)
    room = matched_room(s, a, b)
    ca, cb = Channel(s, room, a), Channel(s, room, b)
    drv, obs, d, o = (ca, cb, a, b) if ca.welcome["you"]["role"] == "driver" else (cb, ca, b, a)
    v = drv.welcome["version"]
    drv.send({"type": "push", "version": v, "updates": [{"clientID": "c1", "changes": insert(0, 0, SUM_PY)}]})
    obs.wait("updates")
    drv.send({"type": "cursor", "anchor": 3, "head": 3})
    obs.send({"type": "cursor", "anchor": 0, "head": 5})
    obs.send({"type": "chat", "text": "run it"})
    drv.wait("chat")
    drv.send({"type": "run"})
    drv.wait("run-result", timeout=120)
    drv.send({"type": "run", "stdin": "40 2\n"})
    drv.wait("run-result", timeout=120, where=lambda m: m["stdout"] == "42\n")
    drv.send({"type": "submit"})
    drv.wait("submit-result", timeout=180)
    drv.send({"type": "mode", "mode": "both"})
    drv.wait("mode")
    for kind in ("swap", "next"):
        obs.send({"type": kind})
        drv.send({"type": kind})
    drv.wait("phase", where=lambda m: m["index"] == 1)
    time.sleep(1)
    for ch in (drv, obs):
        ch.close()
    return room, d, o


class Hour:
    """One hour of pairing as room_log rows, from the real rows' shapes."""

    def __init__(self, room, t0, users, templates, updates, rng):
        self.room, self.t0, self.users, self.tpl, self.rng = room, t0, users, templates, rng
        self.want = updates
        self.rows, self.seq, self.version = [], 0, 0
        self.doc, self.pos = "", 0                      # BMP text only: one UTF-16 unit per character
        self.last_cursor = {u: -10 ** 9 for u in users}
        self.driver = 0

    def row(self, kind, t, user_id, data, state=False):
        self.seq += 1
        self.rows.append((self.room, self.seq, self.version, kind, 1 if state else 0, user_id, int(t),
                          json.dumps(data, ensure_ascii=False, separators=(",", ":"))))

    def edit(self, t, uid, at, delete, text):
        n = len(self.doc)
        changes = ([at] if at else []) + [[delete] + text.split("\n") if text else [delete]] + \
                  ([n - at - delete] if n - at - delete else [])
        self.doc = self.doc[:at] + text + self.doc[at + delete:]
        self.version += 1
        self.row("update", t, uid, {"clientID": f"c{uid}", "changes": changes})
        self.pos = at + len(text)
        self.cursor(t + 1, uid, self.pos, self.pos)

    def cursor(self, t, uid, anchor, head):
        if t - self.last_cursor[uid] >= CURSOR_MS:      # what hub_cursor.c lets through
            self.last_cursor[uid] = t
            self.row("cursor", t, uid, {"anchor": anchor, "head": head, "version": self.version})

    def judged(self, t, uid, kind):
        start = dict(self.tpl[kind])
        token = f"{self.rng.getrandbits(64):016x}"
        start.update(id=token, version=self.version, user=self.tpl["user"][uid])
        self.row(kind, t, uid, start)
        res = dict(self.tpl[kind + "-result"])
        res.update(id=token, version=self.version, user=self.tpl["user"][uid])
        self.row(kind + "-result", t + self.rng.randint(400, 2500), uid, res)

    def state(self, kind, t, uid, data):
        self.row(kind, t, uid, data, state=True)

    def make(self):
        r, t = self.rng, self.t0
        hour = 60 * 60 * 1000
        plan = [("intro", 5), ("pseudocode", 10), ("code", 30), ("review", 15)]
        starts, at = [], self.t0
        for name, minutes in plan:
            starts.append((at, name, minutes))
            at += minutes * 60000
        nextphase, next_chat, next_run, submits = 0, self.t0 + 60000, self.t0 + 16 * 60000, 0
        swapped = False
        u = self.users
        while t < self.t0 + hour - 30000:
            while nextphase < len(starts) and starts[nextphase][0] <= t:
                s0, name, minutes = starts[nextphase]
                if nextphase:                            # both asked to move on
                    self.state("next", s0 - 4000, u[0], {"slot": 0})
                    self.state("next", s0, u[1], {"slot": 1})
                self.state("phase", s0, 0, {"name": name, "index": nextphase, "started_at": s0, "ends_at": s0 + minutes * 60000})
                if nextphase == 0:
                    self.state("roles", s0, 0, {"driver": self.tpl["user"][u[0]], "observer": self.tpl["user"][u[1]], "reason": "start"})
                nextphase += 1
            if not swapped and t >= self.t0 + 30 * 60000:
                swapped, self.driver = True, 1
                self.state("roles", t, 0, {"driver": self.tpl["user"][u[1]], "observer": self.tpl["user"][u[0]], "reason": "midpoint"})
            if t >= next_chat:
                who = u[r.randrange(2)]
                self.row("chat", t, who, {"text": r.choice(CHAT)})
                next_chat = t + r.randint(60000, 240000)
            if t >= next_run and t < self.t0 + 45 * 60000:
                self.judged(t, u[self.driver], "run")
                next_run = t + r.randint(90000, 240000)
                t += 3000
            if submits < 3 and t >= self.t0 + (36 + 4 * submits) * 60000:
                self.judged(t, u[self.driver], "submit")
                submits += 1
                t += 4000
            # The observer moves around now and then: a selection.
            if r.random() < 0.05 and self.doc:
                a = r.randrange(len(self.doc) + 1)
                self.cursor(t, u[1 - self.driver], a, min(len(self.doc), a + r.randint(0, 40)))
            t = self.burst(t, u[self.driver])
            t += r.randint(800, 3000) if r.random() < 0.9 else r.randint(5000, 45000)   # a breath, or thinking
            if self.version >= self.want:
                break
        end = max(t, self.t0 + hour)
        self.state("ended", end, 0, {"ended_at": end})
        return end

    def burst(self, t, uid):
        """A few seconds of typing at the cursor: a line, a fix, a paste or a deletion."""
        r = self.rng
        if self.doc and r.random() < 0.15:              # the cursor jumps to the end of another line
            lines = [i for i, ch in enumerate(self.doc) if ch == "\n"]
            self.pos = r.choice(lines) if lines else len(self.doc)
        roll = r.random()
        if roll < 0.02:                                  # paste a block
            block = "\n".join(r.sample(LINES, r.randint(3, 8))) + "\n"
            self.edit(t, uid, self.pos, 0, block)
            return t + 300
        if roll < 0.08 and self.doc:                     # delete a line (rewriting it)
            start = self.doc.rfind("\n", 0, max(0, self.pos - 1)) + 1
            end = self.doc.find("\n", start)
            end = len(self.doc) if end < 0 else end + 1
            self.edit(t, uid, start, end - start, "")
            return t + 400
        line = ("\n" if self.pos and self.pos <= len(self.doc) else "") + r.choice(LINES)
        for ch in line:
            t += int(r.expovariate(1 / 110)) + 40        # ~6-7 keystrokes a second, bursty
            self.edit(t, uid, self.pos, 0, ch)
            if r.random() < 0.06 and self.pos:           # a typo, taken back
                t += r.randint(150, 400)
                self.edit(t, uid, self.pos - 1, 1, "")
            if self.version >= self.want:
                break
        return t


def templates(db, room):
    """The real rows' data by kind, and each participant's user object as the hub wrote it."""
    tpl, users = {}, {}
    for kind, uid, data in db.execute("SELECT kind, user_id, data FROM room_log WHERE room_id = ? ORDER BY seq", (room,)):
        d = json.loads(data)
        if kind in ("run", "run-result", "submit", "submit-result") and kind not in tpl:
            tpl[kind] = d
        if isinstance(d.get("user"), dict):
            users[uid] = d["user"]
    for kind in ("run", "run-result", "submit", "submit-result"):
        if kind not in tpl:
            raise RuntimeError(f"the real session logged no {kind} row")
    tpl["user"] = users
    return tpl


def write_hour(data_dir, room, d, o, updates, seed):
    db = sqlite3.connect(os.path.join(data_dir, "pairbox.db"))
    tpl = templates(db, room)
    for uid, u in ((d.id, d), (o.id, o)):
        tpl["user"].setdefault(uid, {"id": uid, "username": u.name, "display_name": u.name})
    t0 = db.execute("SELECT start_ms FROM rooms WHERE id = ?", (room,)).fetchone()[0] - 2 * 3600 * 1000
    hour = Hour(room, t0, [d.id, o.id], tpl, updates, random.Random(seed))
    end = hour.make()
    with db:
        db.execute("DELETE FROM room_log WHERE room_id = ?", (room,))
        db.execute("DELETE FROM room_snapshots WHERE room_id = ?", (room,))
        db.executemany("INSERT INTO room_log (room_id, seq, version, kind, state, user_id, t_ms, data)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", hour.rows)
        db.execute("UPDATE rooms SET created_ms = ?, start_ms = ?, ended_ms = ?, plan = ? WHERE id = ?",
                   (t0, t0, end, "intro=5,pseudocode=10,code=30,review=15", room))
    kinds = {}
    for r in hour.rows:
        n, b = kinds.get(r[3], (0, 0))
        kinds[r[3]] = (n + 1, b + len(r[7].encode()))
    log_bytes = sum(len(r[7].encode()) for r in hour.rows)
    db.close()
    return hour, kinds, log_bytes, end - t0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(s, path, u, headers=None, runs=15):
    """(median ms to the last byte, the body parsed, its bytes on the wire, the headers), after two warm-ups.
    http.client, so that only the request is timed (the JSON is parsed after)."""
    times = []
    for i in range(runs + 2):
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=300)
        t = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": f"pairbox_session={u.token}", **(headers or {})})
        r = conn.getresponse()
        raw = r.read()
        dt = (time.perf_counter() - t) * 1000
        conn.close()
        if r.status != 200:
            raise RuntimeError(f"{path}: {r.status} {raw[:200]!r}")
        if i >= 2:
            times.append(dt)
    h = {k.lower(): v for k, v in r.getheaders()}
    body = json.loads(gzip.decompress(raw) if h.get("content-encoding") == "gzip" else raw)
    return statistics.median(times), body, len(raw), h


def engine(path):
    """bench/replay/engine_bench.ts on the replay at path, bundled with the web app's esbuild."""
    env = dict(os.environ, REPLAY_JSON=path)
    out = subprocess.run(["node", os.path.join(ROOT, "frontend", "test", "run.mjs"), os.path.join(HERE, "engine_bench.ts")],
                         cwd=os.path.join(ROOT, "frontend"), env=env, capture_output=True, text=True, timeout=900)
    if out.returncode:
        raise RuntimeError(f"engine_bench: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pairbox")
    ap.add_argument("--updates", type=int, default=15000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the data directory (its path is printed)")
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="pairbox-bench-replay-")
    room = None
    env = dict(ENV, REPLAY_PER_MINUTE="1000000")
    try:
        s = Server(args.pairbox, env=env, data_dir=data).start()
        room, d, o = session_over_channel(s)
        s.stop()
        hour, kinds, log_bytes, span = write_hour(data, room, d, o, args.updates, args.seed)
        s.start()
        print(f"session: {span / 60000:.0f} min, {len(hour.rows)} log rows ({', '.join(f'{k} {n} ({b / 1024:.0f} KiB)' for k, (n, b) in sorted(kinds.items()))}), "
              f"final document {len(hour.doc)} units, the log's data {log_bytes / 1024:.0f} KiB")
        base_ms, _, _, _ = timed(s, f"/api/v1/rooms/{room}", d, runs=args.runs)
        print(f"baseline GET /api/v1/rooms/:id: median {base_ms:.2f} ms")
        print()
        print("| snapshot_every | JSON | gzip | GET median ms (plain / gzip) | x baseline | server CPU ms | "
              "parse + index ms | seek median ms: snapshots / from the start | x faster | frame at 16x ms |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for every in (50, 200, 1000):
            path = f"/api/v1/rooms/{room}/replay?snapshot_every={every}"
            cpu0 = cpu_seconds(s.proc.pid)
            plain_ms, body, plain_bytes, _ = timed(s, path, d, runs=args.runs)
            cpu_ms = (cpu_seconds(s.proc.pid) - cpu0) * 1000 / (args.runs + 2)
            gz_ms, gz, gz_bytes, h = timed(s, path, d, headers={"Accept-Encoding": "gzip"}, runs=args.runs)
            if h.get("content-encoding") != "gzip" or gz != body:
                raise RuntimeError("the gzipped replay is not the plain one")
            check_replay(body, hour)
            with tempfile.NamedTemporaryFile("w", suffix=".json", dir=data, delete=False) as f:
                json.dump(body, f, ensure_ascii=False, separators=(",", ":"))
            e = engine(f.name)
            print(f"| {every} | {plain_bytes / 1024:.0f} KiB | {gz_bytes / 1024:.0f} KiB | {plain_ms:.1f} / {gz_ms:.1f} | "
                  f"{plain_ms / base_ms:.0f} | {cpu_ms:.1f} | {e['parse_ms']:.1f} + {e['index_ms']:.1f} | "
                  f"{e['seek_ms']:.3f} / {e['seek_start_ms']:.2f} | {e['seek_start_ms'] / e['seek_ms']:.0f} | "
                  f"{e['frame_ms']:.3f} |")
        print()
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
        print(f"(load average {load}; {args.runs} requests a cell after 2 warm-ups; seeks: {e['seeks']} random versions of {e['version']}, "
              f"warm change sets; the first seek after loading {e['first_seek_ms']:.1f} ms; "
              f"playback {e['play_frames']} frames of 16 ms at 16x)")
        s.stop()
    finally:
        if args.keep:
            print(f"data directory kept: {data} (room {room})")
        else:
            shutil.rmtree(data, ignore_errors=True)


def check_replay(page, hour):
    """The replay is the hour made: its updates rebuild the final document."""
    doc = page["start"]["doc"]
    for u in page["updates"]:
        out, pos = [], 0
        for part in u["changes"]:
            if isinstance(part, int):
                out.append(doc[pos:pos + part])
                pos += part
            else:
                out.append("\n".join(part[1:]))
                pos += part[0]
        doc = "".join(out)
    if doc != hour.doc or page["version"] != hour.version or page["next_after"] is not None:
        raise RuntimeError("the replay does not rebuild the session's document")
    if not all(units(x["doc"]) == len(x["doc"]) for x in page["snapshots"][:1]):
        raise RuntimeError("the session was meant to be BMP text only")


if __name__ == "__main__":
    main()
