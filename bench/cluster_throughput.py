#!/usr/bin/env python3
"""cluster_throughput.py - judge throughput (submissions a second) against
the number of `pairbox worker` processes on a PostgreSQL store (1, 2, 4
processes of one judging thread each, one API node serving only), and, in
the same run, one `pairbox serve` on SQLite judging with its own workers
(as many threads as the largest cluster has processes, capped at the
CPUs). Each cell: N Python submissions from 8 clients, timed from the
first POST to the last result stored (health's queue figures), RUNS times;
prints the medians and the ratios to one worker.

The PostgreSQL server is the bench's own (tests/pg/pgserver.sh), stopped
at the end. Box ids from 3500.

usage: cluster_throughput.py PAIRBOX [N] [RUNS]   (default 150, 3; run as root)
"""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
from harness import Server  # noqa: E402

PAIRBOX = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 150
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
PGSERVER = os.path.join(HERE, "..", "tests", "pg", "pgserver.sh")
BOX_BASE = 3500


def submit_all(node, tag):
    def one(i):
        body = {"language_id": 71, "source_code": "print(input())", "stdin": f"{tag}-{i}",
                "expected_output": f"{tag}-{i}"}
        for _ in range(100):
            code, _doc, _ = node.request("POST", "/submissions", body)
            if code == 201:
                return
            time.sleep(0.05)
        raise RuntimeError("not accepted")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(N)))


def drained(node):
    code, h, _ = node.request("GET", "/api/v1/health")
    if code != 200:
        return False
    if "queue" in h:
        q = h["queue"]
        return q["queued"] + q["leases_held"] + q["leases_expired"] == 0
    return h["workers"]["queued"] + h["workers"]["running"] == 0


def timed_run(node, tag):
    t0 = time.monotonic()
    submit_all(node, tag)
    while not drained(node):
        time.sleep(0.02)
    return N / (time.monotonic() - t0)


def workers_up(url, count, tmp, env):
    procs = []
    for k in range(count):
        log = open(os.path.join(tmp, f"w{count}-{k}.log"), "ab")
        procs.append(subprocess.Popen(
            [PAIRBOX, "worker", "--db", url, "--workers", "1", "--box-id", str(BOX_BASE + 10 * k),
             "--data", os.path.join(tmp, f"w{k}"), "--state-dir", os.path.join(tmp, f"w{k}-state")],
            env=env, stdout=log, stderr=subprocess.STDOUT))
        log.close()
    for k, p in enumerate(procs):
        for _ in range(600):
            with open(os.path.join(tmp, f"w{count}-{k}.log"), "rb") as f:
                if b"judging with" in f.read():
                    break
            if p.poll() is not None:
                raise RuntimeError("worker exited")
            time.sleep(0.1)
    return procs


def main():
    tmp = tempfile.mkdtemp(prefix="pairbox-bench-cluster-")
    env = dict(os.environ, MAX_QUEUE_SIZE=str(N * 4))
    results = {}
    pg_state = os.path.join(tmp, "pg")
    out = subprocess.run([PGSERVER, "start", pg_state], capture_output=True, text=True)
    if out.returncode:
        sys.exit("pgserver: " + out.stderr)
    with open(os.path.join(pg_state, "url")) as f:
        url = f.read().strip()
    counts = (1, 2, 4)
    try:
        os.makedirs(os.path.join(tmp, "api"))
        api = Server(PAIRBOX, env=env, data_dir=os.path.join(tmp, "api"), workers=0,
                     args=["--db", url, "--state-dir", os.path.join(tmp, "api-state")]).start()
        try:
            for count in counts:
                procs = workers_up(url, count, tmp, env)
                timed_run(api, f"warm{count}")        # the compile cache and the page cache warm
                results[f"postgres, {count} worker process{'es' if count > 1 else ''}"] = \
                    [timed_run(api, f"pg{count}-{r}") for r in range(RUNS)]
                for p in procs:
                    p.send_signal(signal.SIGTERM)
                for p in procs:
                    p.wait()
        finally:
            api.stop()
        threads = min(max(counts), os.cpu_count() or 1)
        os.makedirs(os.path.join(tmp, "sqlite"))
        one = Server(PAIRBOX, env=env, data_dir=os.path.join(tmp, "sqlite"), workers=threads,
                     args=["--state-dir", os.path.join(tmp, "sqlite-state"), "--box-id", str(BOX_BASE + 100)]).start()
        try:
            timed_run(one, "warm-sqlite")
            results[f"sqlite, one node, {threads} workers"] = [timed_run(one, f"sq-{r}") for r in range(RUNS)]
        finally:
            one.stop()
    finally:
        subprocess.run([PGSERVER, "stop", pg_state], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    base = statistics.median(results["postgres, 1 worker process"])
    print(f"judge throughput: {N} Python submissions per run, median of {RUNS} runs, "
          f"{os.cpu_count()} CPUs")
    for name, v in results.items():
        m = statistics.median(v)
        print(f"  {name:<36} {m:7.1f} submissions/s  x{m / base:4.2f}  (runs: "
              + ", ".join(f"{x:.1f}" for x in v) + ")")


if __name__ == "__main__":
    main()
