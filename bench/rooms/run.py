#!/usr/bin/env python3
"""run.py - bench/rooms: N rooms of two clients each, the driver typing at 5 edits/s, against pairbox serve and
then the y-websocket server (Yjs) in the same run; prints push->other-client latency (p50, p99), the server's
CPU per edit (/proc/PID/stat utime+stime over the load) and its memory per room (RSS delta / rooms), and the
ratios pairbox / y-websocket. Prints figures, never passes or fails.

usage: bench/rooms/run.py PAIRBOX [--rooms 50] [--rate 5] [--seconds 20] [--only pairbox|yjs] [--data DIR]
(PAIRBOX: a release build, build-release/pairbox; `npm ci` in bench/rooms first.)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "api"))
from harness import Server, free_port  # noqa: E402
from rooms_lib import ENV, matched_room, user  # noqa: E402


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] if xs else float("nan")


def drive(mode, cfg, pid, rss0):
    """Run driver.mjs on cfg against the server pid; the figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(cfg, f)
    try:
        d = subprocess.Popen(["node", os.path.join(HERE, "driver.mjs"), mode, f.name], cwd=HERE,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if d.stdout.readline().strip() != "ready":
            raise RuntimeError(f"{mode}: the driver did not get ready")
        time.sleep(1)
        cpu0 = cpu_seconds(pid)
        d.stdin.write("go\n")
        d.stdin.flush()
        if d.stdout.readline().strip() != "done":
            raise RuntimeError(f"{mode}: the driver did not finish")
        res = json.loads(d.stdout.readline())
        cpu1, rss1 = cpu_seconds(pid), rss_kb(pid)  # everyone still connected
        d.wait(30)
    finally:
        os.unlink(f.name)
    n = len(cfg["rooms"])
    lat = res["lat"]
    return {"p50": pct(lat, 50), "p99": pct(lat, 99), "max": max(lat) if lat else float("nan"),
            "edits": res["sent"], "received": len(lat), "lost": res["lost"], "rejected": res["rejected"],
            "late": res["late"], "errors": res["errors"],
            "cpu_us": (cpu1 - cpu0) * 1e6 / max(1, res["sent"]), "server_cpu_pct": (cpu1 - cpu0) / res["wall_s"] * 100,
            "kb_room": (rss1 - rss0) / n, "rss_mb": rss1 / 1024,
            "client_cpu_pct": res["client_cpu_s"] / res["wall_s"] * 100}


def bench_pairbox(a):
    env = dict(ENV, SIGNUP_PER_HOUR="1000000", MAX_CONNECTIONS="4096", WS_MAX_CONNECTIONS="4096")
    data = tempfile.mkdtemp(prefix="pairbox-bench-", dir=a.data)
    try:
        return _bench_pairbox(a, env, data)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _bench_pairbox(a, env, data):
    with Server(a.pairbox, env=env, data_dir=data) as s:
        t = time.time()
        with ThreadPoolExecutor(4) as ex:
            users = list(ex.map(lambda _: user(s, "b"), range(2 * a.rooms)))
        print(f"pairbox: {len(users)} accounts in {time.time() - t:.1f} s", file=sys.stderr)
        rss0 = rss_kb(s.proc.pid)  # accounts and sessions made; no room yet
        rooms = []
        for i in range(a.rooms):
            u, v = users[2 * i], users[2 * i + 1]
            rooms.append({"id": matched_room(s, u, v), "tokens": [u.token, v.token]})
        cfg = {"url": s.url, "rate": a.rate, "seconds": a.seconds, "rooms": rooms}
        return drive("pairbox", cfg, s.proc.pid, rss0)


def bench_yjs(a):
    port = free_port()
    server = os.path.join(HERE, "node_modules", "y-websocket", "bin", "server.cjs")
    p = subprocess.Popen(["node", server], cwd=HERE, env=dict(os.environ, HOST="127.0.0.1", PORT=str(port)),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        rss0 = rss_kb(p.pid)
        cfg = {"url": f"ws://127.0.0.1:{port}", "rate": a.rate, "seconds": a.seconds,
               "rooms": [f"bench-{i}" for i in range(a.rooms)]}
        return drive("yjs", cfg, p.pid, rss0)
    finally:
        p.terminate()
        p.wait(10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pairbox")
    ap.add_argument("--rooms", type=int, default=50)
    ap.add_argument("--rate", type=float, default=5)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--only", choices=["pairbox", "yjs"])
    ap.add_argument("--data", help="where pairbox's own fresh data directory goes (default: $TMPDIR); e.g. a "
                    "directory on /dev/shm to see what the store's fsync costs")
    a = ap.parse_args()
    if not 1 <= a.rooms <= 2000:
        sys.exit("--rooms: 1 to 2000")
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"{a.rooms} rooms x 2 clients, {a.rate:g} edits/s per room, {a.seconds:g} s; "
          f"load average before: {' '.join(load)}")
    res = {}
    if a.only != "yjs":
        res["pairbox"] = bench_pairbox(a)
    if a.only != "pairbox":
        res["y-websocket"] = bench_yjs(a)
    cols = [("p50", "p50 ms", "{:.2f}"), ("p99", "p99 ms", "{:.2f}"), ("max", "max ms", "{:.1f}"),
            ("cpu_us", "CPU us/edit", "{:.0f}"), ("kb_room", "KB/room", "{:.1f}"),
            ("server_cpu_pct", "server CPU %", "{:.1f}"), ("client_cpu_pct", "client CPU %", "{:.1f}"),
            ("rss_mb", "RSS MB", "{:.1f}"), ("edits", "edits", "{}"), ("received", "received", "{}"),
            ("lost", "lost", "{}"), ("late", "late", "{}"), ("rejected", "rejected", "{}"), ("errors", "errors", "{}")]
    print("| server | " + " | ".join(c[1] for c in cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name, r in res.items():
        print(f"| {name} | " + " | ".join(c[2].format(r[c[0]]) for c in cols) + " |")
    if len(res) == 2:
        p, y = res["pairbox"], res["y-websocket"]
        print("| pairbox / y-websocket | " + " | ".join(
            f"{p[k] / y[k]:.2f}" if k in ("p50", "p99", "max", "cpu_us", "kb_room") and y[k] else "" for k, _, _ in cols) + " |")


if __name__ == "__main__":
    main()
