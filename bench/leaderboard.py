#!/usr/bin/env python3
"""leaderboard.py - the leaderboards at 100,000 users, through a real server.

Seeds a fresh store with build/bench/leaderboard_seed (USERS users, 80% of
them in one of 2,000 organisations, a few large and many small, each
rated overall and in 1 to 3 languages), starts `pairbox serve` on it,
signs one user up, and times each query REQUESTS times over one
keep-alive connection, the kinds interleaved (one round of every kind,
then the next round) so that load on the machine falls on all alike.
Prints the median and p90 of each and its ratio to GET /version, the
baseline measured in the same run (GET /api/v1/me, a session route that
reads one user, beside it). Every leaderboard request carries the
session (its rate is raised for the run).

usage: leaderboard.py PAIRBOX [--seed PATH] [--users N] [--requests R] [--data DIR]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "api"))
from harness import Server  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("pairbox")
ap.add_argument("--seed", help="the leaderboard_seed program (default: bench/ beside PAIRBOX)")
ap.add_argument("--users", type=int, default=100000)
ap.add_argument("--requests", type=int, default=200)
ap.add_argument("--data", help="where the fresh data directory goes (default: the system's temporary directory)")
args = ap.parse_args()
seed = args.seed or os.path.join(os.path.dirname(os.path.abspath(args.pairbox)), "bench", "leaderboard_seed")

data = tempfile.mkdtemp(prefix="pairbox-board-", dir=args.data)
try:
    t0 = time.time()
    out = subprocess.run([seed, data, str(args.users)], check=True, capture_output=True, text=True).stdout
    print(out.strip())
    env = {"SESSION_PER_MINUTE": "1000000", "LEADERBOARD_PER_MINUTE": "1000000", "SIGNUP_PER_HOUR": "1000"}
    with Server(args.pairbox, env=env, data_dir=data) as s:
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)

        def get(path, cookie=None):
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                raise SystemExit(f"GET {path}: HTTP {r.status} {body[:200]!r}")
            return body

        conn.request("POST", "/api/v1/auth/signup", body=json.dumps({"username": "benchuser", "password": "x" * 12}),
                     headers={"Content-Type": "application/json", "Origin": s.url})
        r = conn.getresponse()
        r.read()
        cookie = re.match(r"(pairbox_session=[^;]*)", r.getheader("Set-Cookie") or "").group(1)
        total = json.loads(get("/api/v1/leaderboard?per_page=50", cookie))["meta"]["total_count"]
        # The seeder's organisation k has weight 1/k: the first is the largest, the last the smallest.
        big = {"organisation": "Organisation 1"}
        small = {"organisation": "Organisation 2000"}
        for o in (big, small):
            o["members"] = json.loads(get(f"/api/v1/leaderboard?org={o['organisation'].replace(' ', '%20')}",
                                          cookie))["meta"]["total_count"]
        py_total = json.loads(get("/api/v1/leaderboard?language=python3", cookie))["meta"]["total_count"]
        q = lambda v: v.replace(" ", "%20")  # noqa: E731
        kinds = [
            ("GET /version (baseline)", "/version", None),
            ("GET /api/v1/me (a session route)", "/api/v1/me", cookie),
            ("leaderboard, first page (50)", "/api/v1/leaderboard", cookie),
            (f"leaderboard, middle page ({total // 100})", f"/api/v1/leaderboard?page={total // 100}", cookie),
            (f"leaderboard, last page ({(total + 49) // 50})", f"/api/v1/leaderboard?page={(total + 49) // 50}", cookie),
            (f"language python3, first page ({py_total} rated)", "/api/v1/leaderboard?language=python3", cookie),
            ("language python3, last page", f"/api/v1/leaderboard?language=python3&page={(py_total + 49) // 50}", cookie),
            (f"org, largest ({big['members']} members), first page", f"/api/v1/leaderboard?org={q(big['organisation'])}", cookie),
            ("org, largest, last page",
             f"/api/v1/leaderboard?org={q(big['organisation'])}&page={(big['members'] + 49) // 50}", cookie),
            (f"org, small ({small['members']} members)", f"/api/v1/leaderboard?org={q(small['organisation'])}", cookie),
            ("org largest + language python3", f"/api/v1/leaderboard?org={q(big['organisation'])}&language=python3", cookie),
            ("organisations ranking, first page", "/api/v1/leaderboard/organisations", cookie),
            ("organisations ranking, python3", "/api/v1/leaderboard/organisations?language=python3", cookie),
        ]
        times = {name: [] for name, _, _ in kinds}
        for _ in range(3):                      # warm up: the pages the runs read are in the cache
            for name, path, c in kinds:
                get(path, c)
        for _ in range(args.requests):
            for name, path, c in kinds:
                t = time.perf_counter()
                get(path, c)
                times[name].append((time.perf_counter() - t) * 1000)
        conn.close()
    base = statistics.median(times[kinds[0][0]])
    print(f"\n{args.users} users, {args.requests} requests each, interleaved, one keep-alive connection\n")
    print(f"| query | median ms | p90 ms | x GET /version |")
    print(f"|---|---|---|---|")
    for name, _, _ in kinds:
        v = sorted(times[name])
        med, p90 = statistics.median(v), v[int(0.9 * (len(v) - 1))]
        print(f"| {name} | {med:.3f} | {p90:.3f} | {med / base:.1f} |")
    print(f"\n(whole run {time.time() - t0:.0f} s)")
finally:
    shutil.rmtree(data, ignore_errors=True)
