"""harness.py - a real `pairbox serve` on a free loopback port for API tests.

    with Server(PAIRBOX, env={"AUTHN_TOKEN": "t"}) as s:
        code, body, headers = s.request("POST", "/submissions?wait=true", {"source_code": "...", "language_id": 71})
        s.kill9(); s.start()          # crash tests: same data dir, new process

Only the standard library (urllib); bodies are dicts (sent as JSON), bytes
or str (sent as given, with content_type). Responses: (status, parsed JSON
or raw bytes, headers dict with lower-case names).
"""
import json
import os
import sys
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import caselist  # noqa: E402  (run_cases: the drift check)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, pairbox, env=None, args=(), data_dir=None, workers=2):
        self.pairbox = pairbox
        self.env = dict(os.environ, **(env or {}))
        self.args = list(args)
        self.own_data = data_dir is None
        self.data = data_dir or tempfile.mkdtemp(prefix="pairbox-api-")
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log = os.path.join(self.data, "server.log")

    def start(self, timeout=30):
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [self.pairbox, "serve", "--port", str(self.port), "--bind", "127.0.0.1", "--data", self.data,
             "--workers", str(self.workers), *self.args],
            env=self.env, stdout=logf, stderr=subprocess.STDOUT)
        logf.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/version", timeout=2) as r:
                    if r.status == 200:
                        return self
            except urllib.error.HTTPError:
                return self       # it answers: 401 when AUTHN_TOKEN is set (Judge0 authenticates /version)
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        raise RuntimeError("server did not come up: " + self.tail())

    def tail(self, n=4000):
        try:
            with open(self.log, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def request(self, method, path, body=None, headers=None, content_type=None, timeout=60):
        h = dict(headers or {})
        data = None
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            data = body.encode()
        elif isinstance(body, bytes):
            data = body
        if content_type:
            h["Content-Type"] = content_type
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw, code, hdrs = r.read(), r.status, r.headers
        except urllib.error.HTTPError as e:
            raw, code, hdrs = e.read(), e.code, e.headers
        headers_out = {k.lower(): v for k, v in hdrs.items()}
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return code, parsed, headers_out

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout=60):
        """SIGTERM (graceful), then SIGKILL if it does not exit in time. Returns the exit status."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            return None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        if self.own_data:
            shutil.rmtree(self.data, ignore_errors=True)
        return False


class Failure(Exception):
    """A check that failed (as opposed to the test itself crashing)."""


def check(cond, msg):
    """Fail the case unless cond."""
    if not cond:
        raise Failure(msg)


def need(resp, want, what):
    """The body of a (code, body, headers) answer that must have status want."""
    code, body, _ = resp
    check(code == want, f"{what}: HTTP {code} (wanted {want}): {body!r}")
    return body


def run_cases(scope, shared_env=None):
    """The driver of a case-based API test, given its globals(): each
    function case_NAME(server) runs against one server shared by all of them
    (started with shared_env), each own_NAME(pairbox) starts its own; in the
    order of the file, found, never listed by hand. A top-level function of
    the file that is neither and that nothing uses fails the run: a case
    that would never run (tests/caselist.py).
    usage: SCRIPT PAIRBOX [--case NAME]...; exits 1 if any case failed."""
    import argparse
    import traceback
    mine = [(n, f) for n, f in scope.items() if callable(f) and getattr(f, "__module__", None) == scope["__name__"]]
    shared = {n[len("case_"):]: f for n, f in mine if n.startswith("case_")}
    own = {n[len("own_"):]: f for n, f in mine if n.startswith("own_")}
    errs = caselist.lint(scope["__file__"], (), lambda n: n.startswith(("case_", "own_")),
                         "name it case_NAME or own_NAME, or remove it")
    errs += [f"case_{n} and own_{n}: one name, two cases" for n in set(shared) & set(own)]
    if errs:
        sys.exit("\n".join(f"{scope['__file__']}: {e}" for e in errs))
    ap = argparse.ArgumentParser()
    ap.add_argument("pairbox")
    ap.add_argument("--case", action="append", choices=list(shared) + list(own))
    args = ap.parse_args()
    chosen = args.case or list(shared) + list(own)
    failed = []

    def run(name, fn, *a):
        t0 = time.time()
        try:
            fn(*a)
            print(f"ok   {name} ({time.time() - t0:.1f} s)", flush=True)
        except Exception as e:  # a failure, or the test crashing: both fail the case
            failed.append(name)
            print(f"FAIL {name} ({time.time() - t0:.1f} s): {e}", flush=True)
            if not isinstance(e, Failure):
                traceback.print_exc()

    names = [c for c in chosen if c in shared]
    if names:
        with Server(args.pairbox, env=shared_env, workers=2) as s:
            for name in names:
                run(name, shared[name], s)
            if failed:
                print(s.tail())
    for name in chosen:
        if name in own:
            run(name, own[name], args.pairbox)
    if failed:
        print("failed:", " ".join(failed))
        sys.exit(1)
