#!/usr/bin/env python3
"""api_bench.py - throughput and latency of POST /submissions?wait=true.

Starts a real `pairbox serve` (workers = CPUs, default limits) on a free
loopback port and sends hello world in C and Python 3 from 1, 4 and 16
concurrent clients: cold (every source new, so C compiles every time, as
Judge0 always does) and warm (the same source, compile cache hit). Prints
requests per second and median / p99 latency, and, as the baseline measured
in the same run, GET /version through the same server at the same
concurrency: what the HTTP layer itself costs.

usage: api_bench.py PAIRBOX [REQUESTS_PER_CELL]   (default 48; run as root)
"""
import json
import os
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "api"))
from harness import Server  # noqa: E402

PAIRBOX = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 48

HELLO = {
    "c": (50, '#include <stdio.h>\n/* %s */\nint main(void){ puts("hello"); return 0; }\n'),
    "python3": (71, "# %s\nprint('hello')\n"),
}


def percentile(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def drive(url, conc, n, make_request):
    """n requests from conc threads; returns (requests/s, latencies in ms, failures)."""
    lat, fails = [], []
    lock = threading.Lock()
    counter = iter(range(n))

    def client():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            req = make_request(i)
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    body = r.read()
                    ok = r.status in (200, 201)
            except Exception as e:  # noqa: BLE001 - any failure is counted and shown
                ok, body = False, str(e).encode()
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                lat.append(dt)
                if not ok or (body.startswith(b"{") and b'"Accepted"' not in body and b"status" in body):
                    fails.append(body[:200])

    threads = [threading.Thread(target=client) for _ in range(conc)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return n / (time.perf_counter() - t0), lat, fails


def main():
    with Server(PAIRBOX, env={"MAX_QUEUE_SIZE": "1000"}, workers=os.cpu_count() or 2) as s:
        salt = str(time.time_ns())
        print(f"api_bench: POST /submissions?wait=true, {N} requests per cell, {os.cpu_count()} CPUs, "
              f"{s.workers} workers")
        print(f"{'what':<26} {'clients':>7} {'req/s':>8} {'median ms':>10} {'p99 ms':>8}")

        def version_req(i):
            return urllib.request.Request(s.url + "/version")

        base = {}
        for conc in (1, 4, 16):
            rps, lat, fails = drive(s.url, conc, N * 4, version_req)
            base[conc] = rps
            print(f"{'GET /version (baseline)':<26} {conc:>7} {rps:>8.1f} {percentile(lat, 50):>10.2f} "
                  f"{percentile(lat, 99):>8.2f}")
        for lang, (lid, tmpl) in HELLO.items():
            for mode in ("cold", "warm"):
                for conc in (1, 4, 16):
                    def sub_req(i, lang=lang, mode=mode, conc=conc):
                        tag = f"{salt}-{lang}-{conc}-{i}" if mode == "cold" else f"{salt}-warm"
                        body = json.dumps({"source_code": tmpl % tag, "language_id": lid,
                                           "expected_output": "hello\n"}).encode()
                        return urllib.request.Request(s.url + "/submissions?wait=true", data=body, method="POST",
                                                      headers={"Content-Type": "application/json"})
                    if mode == "warm":
                        drive(s.url, 1, 1, sub_req)  # fill the cache first
                    rps, lat, fails = drive(s.url, conc, N, sub_req)
                    print(f"{lang + ' hello, ' + mode:<26} {conc:>7} {rps:>8.1f} {percentile(lat, 50):>10.2f} "
                          f"{percentile(lat, 99):>8.2f}  ({base[conc] / rps:.0f}x below the HTTP baseline)"
                          + (f"  FAILURES {len(fails)}: {fails[0]!r}" if fails else ""))


if __name__ == "__main__":
    main()
