#!/usr/bin/env python3
"""test_cluster.py - pairbox on several "machines" sharing one PostgreSQL
store (docs/cluster.md): two API nodes (`pairbox serve --db --workers 0`,
serving only) and three `pairbox worker` processes.

1000 submissions of cheap programs with known verdicts (Accepted, Wrong
Answer, Compilation Error, Runtime Error), spread over both API nodes,
each with a callback_url to a loopback receiver in this test that records
every request. Mid-run one worker is killed with -9 (its leases pass and
its jobs are judged elsewhere) and one API node is restarted (SIGTERM,
started again; its callbacks in flight are finished or given back).
Then: every submission is final with its verdict, every callback arrived,
none twice, and both API nodes list the workers in GET /workers.

The PostgreSQL server is the test's own (tests/pg/pgserver.sh), stopped
at the end.

usage: test_cluster.py PAIRBOX PGSERVER_SH [N]
"""
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server  # noqa: E402

FAILURES = []


def check(cond, msg):
    """Record a failed check (the run goes on, to report every one)."""
    print(("ok   " if cond else "FAIL ") + msg[:2000], flush=True)
    if not cond:
        FAILURES.append(msg)

PYTHON3, C = 71, 50
BOX_BASE = 3300                # this test's box ids: 3300.. (three workers, two boxes each)
LEASE = 3                      # seconds: a killed worker's jobs wait this long

# (language, source, stdin template, expected_output template, status id)
KINDS = [
    (PYTHON3, "print(input())", "{i}", "{i}", 3),                                  # Accepted
    (PYTHON3, "print(int(input()) * 2)", "{i}", "{i}", 4),                         # Wrong Answer
    (C, "int main(void) { return 0 }\n", "", "", 6),                               # Compilation Error
    (PYTHON3, "import sys\nprint(input())\nsys.exit(3)", "{i}", "{i}", 11),       # Runtime Error (NZEC)
    (PYTHON3, "print(input())", "{i}", "{i}", 3),
    (PYTHON3, "print(input())", "{i}", "{i}", 3),
]


class Receiver:
    """Records every callback request: token -> list of (method, status id)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.got = {}
        receiver = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                try:
                    doc = json.loads(body)
                    token, status = doc.get("token"), (doc.get("status") or {}).get("id")
                except ValueError:
                    token, status = None, None
                with receiver.lock:
                    receiver.got.setdefault(token, []).append((self.command, status, self.path))
                self.send_response(200)
                self.end_headers()

            do_POST = do_PUT

            def log_message(self, *a):
                pass

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return {k: list(v) for k, v in self.got.items()}

    def close(self):
        self.srv.shutdown()


def start_pg(script, state):
    out = subprocess.run([script, "start", state], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError("pgserver: " + out.stderr)
    with open(os.path.join(state, "url")) as f:
        return f.read().strip()


class Worker:
    def __init__(self, pairbox, url, env, box_id, tmp, name):
        self.log = os.path.join(tmp, name + ".log")
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [pairbox, "worker", "--db", url, "--workers", "2", "--box-id", str(box_id), "--lease", str(LEASE),
             "--data", os.path.join(tmp, name), "--state-dir", os.path.join(tmp, name + "-state")],
            env=env, stdout=logf, stderr=subprocess.STDOUT)
        logf.close()

    def wait_up(self, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("worker exited: " + self.tail())
            if "judging with" in self.tail():
                return
            time.sleep(0.1)
        raise RuntimeError("worker did not start: " + self.tail())

    def tail(self):
        with open(self.log, "rb") as f:
            return f.read()[-4000:].decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def submit(node, i, cb_port):
    lang, src, stdin, expected, status = KINDS[i % len(KINDS)]
    body = {"language_id": lang, "source_code": src, "stdin": stdin.format(i=i),
            "expected_output": expected.format(i=i), "callback_url": f"http://127.0.0.1:{cb_port}/cb/{i}"}
    code, doc, _ = node.request("POST", "/submissions", body, timeout=30)
    return code, doc


def main():
    pairbox, pgserver = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    tmp = tempfile.mkdtemp(prefix="pairbox-cluster-")
    pg_state = os.path.join(tmp, "pg")
    url = start_pg(pgserver, pg_state)
    receiver = Receiver()
    env = dict(os.environ, CALLBACKS_ALLOW_LOOPBACK="true", MAX_QUEUE_SIZE=str(n * 2), LEASE_SECONDS=str(LEASE))
    nodes, workers = [], []
    try:
        for k in range(2):
            os.makedirs(os.path.join(tmp, f"api{k}"))
            nodes.append(Server(pairbox, env=env, data_dir=os.path.join(tmp, f"api{k}"), workers=0,
                                args=["--db", url, "--state-dir", os.path.join(tmp, f"api{k}-state")]).start())
        for k in range(3):
            workers.append(Worker(pairbox, url, env, BOX_BASE + 100 * k, tmp, f"worker{k}"))
        for w in workers:
            w.wait_up()

        # Submissions from eight clients, alternating nodes; node 1 is
        # left alone while it restarts (a client would go to the other).
        tokens = [None] * n
        node_up = [True, True]
        up_lock = threading.Lock()

        def one(i):
            for attempt in range(200):
                with up_lock:
                    k = i % 2 if node_up[i % 2] else 0
                try:
                    code, doc = submit(nodes[k], i, receiver.port)
                except (urllib.error.URLError, ConnectionError, OSError):
                    time.sleep(0.1)
                    continue
                if code == 201:
                    tokens[i] = doc["token"]
                    return
                time.sleep(0.1)      # 503: the queue is full; try again
            raise RuntimeError(f"submission {i} never accepted")

        def finals():
            return sum(len(v) for v in receiver.snapshot().values())

        killed = restarted = False
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(one, i) for i in range(n)]
            deadline = time.time() + 600
            while time.time() < deadline and not (killed and restarted):
                got = finals()
                if not killed and got >= n // 4:
                    workers[0].proc.send_signal(signal.SIGKILL)    # mid-run: it holds jobs
                    workers[0].proc.wait()
                    killed = True
                    print(f"killed worker 0 with -9 after {got} callbacks", flush=True)
                if killed and not restarted and got >= n // 2:
                    with up_lock:
                        node_up[1] = False
                    time.sleep(0.5)
                    rc = nodes[1].stop()
                    check(rc == 0, f"API node 1 stopped cleanly (exit {rc})")
                    nodes[1].start()
                    with up_lock:
                        node_up[1] = True
                    restarted = True
                    print(f"restarted API node 1 after {got} callbacks", flush=True)
                time.sleep(0.2)
            for f in futures:
                f.result()
        check(killed and restarted, "a worker was killed and an API node restarted mid-run")

        # Every callback in, then a moment for a late second one.
        deadline = time.time() + 300
        while time.time() < deadline and len(receiver.snapshot()) < n:
            time.sleep(0.5)
        time.sleep(3)
        got = receiver.snapshot()

        bad_status, missing_cb, twice = [], [], []
        for i, token in enumerate(tokens):
            want = KINDS[i % len(KINDS)][4]
            code, doc, _ = nodes[i % 2].request("GET", f"/submissions/{token}?fields=status_id,token")
            if code != 200 or doc.get("status_id") != want:
                bad_status.append((i, token, code, doc))
            calls = got.get(token, [])
            if not calls:
                missing_cb.append((i, token))
            elif len(calls) > 1:
                twice.append((i, token, calls))
            elif calls[0][1] != want or calls[0][2] != f"/cb/{i}":
                bad_status.append((i, token, "callback", calls))
        check(len(set(tokens)) == n and None not in tokens, f"{n} submissions accepted, each once")
        check(not bad_status, f"every submission final with its verdict ({len(bad_status)} not: {bad_status[:3]})")
        check(not missing_cb, f"every callback received ({len(missing_cb)} missing: {missing_cb[:3]})")
        check(not twice, f"no callback sent twice ({len(twice)} twice: {twice[:3]})")
        check(set(got) <= set(tokens), "no callback for a token never submitted")

        # Both API nodes see every node: two API nodes (one restarted: a
        # new id, the old one stopped), the two living workers, the dead
        # one no longer alive.
        # A node is alive while its heartbeat is under 10 s old: the
        # killed worker's may still be, so look for up to 30 s.
        for k, node in enumerate(nodes):
            deadline = time.time() + 30
            while True:
                code, doc, _ = node.request("GET", "/workers")
                listed = doc[0].get("nodes", []) if code == 200 else []
                alive_workers = [x for x in listed if x["kind"] == "worker" and x["alive"]]
                alive_api = [x for x in listed if x["kind"] == "serve" and x["alive"]]
                ok = len(alive_workers) == 2 and len(alive_api) == 2 and doc[0]["available"] == 4 and \
                    len([x for x in listed if x["kind"] == "worker"]) == 3
                if ok or time.time() > deadline:
                    break
                time.sleep(1)
            check(ok, f"API node {k}: GET /workers lists 3 workers (2 alive) and 2 living API nodes ({listed})")
            code, h, _ = node.request("GET", "/api/v1/health")
            check(code == 200 and h["queue"]["queued"] == 0 and h["queue"]["leases_expired"] == 0 and
                  h["queue"]["callbacks_unsent"] == 0, f"API node {k}: health says all done ({h})")
        relaunched = sum("claimed again" in w.tail() for w in workers[1:])
        print(f"jobs claimed again after the kill: seen in {relaunched} worker logs", flush=True)
        for w in workers[1:]:
            check(w.stop() == 0, "a worker exits 0 on SIGTERM")
    finally:
        for w in workers:
            if w.proc.poll() is None:
                w.proc.kill()
                w.proc.wait()
        for node in nodes:
            node.stop()
        receiver.close()
        subprocess.run([pgserver, "stop", pg_state], capture_output=True)
        if not FAILURES:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("logs kept in " + tmp, flush=True)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
