#!/usr/bin/env python3
"""test_callbacks.py - callback_url as Judge0 1.13.1 sends it, and refused
on this host's loopback unless CALLBACKS_ALLOW_LOOPBACK.

  * allowed: one PUT per finished submission, application/json, Judge0's
    default fields with base64 (Ruby MIME style) bodies, the token it was
    for; a 5xx answer is tried again (up to CALLBACKS_MAX_TRIES), a 4xx
    is not; a slow receiver never holds up judging.
  * not allowed (the default): loopback targets by literal, by name, as
    0.0.0.0 and as IPv4-mapped IPv6 receive nothing, and the server log
    says why (CALLBACK-LOOPBACK).

usage: test_callbacks.py PAIRBOX [--case allowed|slow_receiver|refused]...
"""
import base64
import http.server
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, run_cases  # noqa: E402

PYTHON3 = 71
DEFAULT_FIELDS = {"token", "stdout", "time", "memory", "stderr", "compile_output", "message", "status"}


class Listener:
    """A loopback HTTP server recording every request. answers: path ->
    list of status codes to give in turn (then 200); hold: answer only once
    release is set (a minute at most)."""

    def __init__(self, answers=None, hold=False):
        self.got = []
        self.answers = {k: list(v) for k, v in (answers or {}).items()}
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                with outer.lock:
                    outer.got.append((self.command, self.path, dict(self.headers), body, time.time()))
                    todo = outer.answers.get(self.path)
                    code = todo.pop(0) if todo else 200
                outer.release.wait(60)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT
            do_GET = do_PUT

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def requests(self, path=None):
        with self.lock:
            return [g for g in self.got if path is None or g[1] == path]

    def wait_for(self, path, n, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if len(self.requests(path)) >= n:
                return True
            time.sleep(0.05)
        return False

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def submit(server, code, callback_url=None, wait=True, stdin=None):
    body = {"source_code": code, "language_id": PYTHON3}
    if callback_url:
        body["callback_url"] = callback_url
    if stdin is not None:
        body["stdin"] = stdin
    status, resp, _ = server.request("POST", "/submissions" + ("?wait=true" if wait else ""), body)
    check(status == 201 and isinstance(resp, dict) and "token" in resp, f"POST {callback_url}: {status} {resp!r}")
    return resp.get("token") if isinstance(resp, dict) else None


def wait_final(server, token, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        code, body, _ = server.request("GET", f"/submissions/{token}")
        if code == 200 and body["status"]["id"] not in (1, 2):
            return body
        time.sleep(0.1)
    check(False, f"{token} not final in {timeout} s")
    return None


def stop_clean(server):
    """A graceful stop exits 0, and a sanitizer build's log holds no report."""
    code = server.stop()
    log = server.tail(200000)
    check(code == 0, f"graceful stop exited {code}:\n{server.tail()}")
    check("Sanitizer" not in log and "runtime error" not in log, f"sanitizer report:\n{log[-8000:]}")


def own_allowed(pairbox):
    lis = Listener(answers={"/retry": [500, 503], "/client-error": [404]})
    try:
        env = {"CALLBACKS_ALLOW_LOOPBACK": "true", "CALLBACKS_TIMEOUT": "2"}
        with Server(pairbox, env=env, workers=2) as s:
            base = f"http://127.0.0.1:{lis.port}"
            # One PUT with Judge0's body.
            token = submit(s, "print('hi')\nprint('\\u00e9t\\u00e9')\n", base + "/one?x=1")
            check(lis.wait_for("/one?x=1", 1, 15), "no callback received at /one")
            time.sleep(1)
            got = lis.requests("/one?x=1")
            check(len(got) == 1, f"expected exactly one PUT, got {len(got)}")
            if got:
                method, path, headers, raw, _ = got[0]
                check(method == "PUT", f"method {method}")
                ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
                check(ctype.startswith("application/json"), f"content-type {ctype!r}")
                body = json.loads(raw)
                check(set(body) == DEFAULT_FIELDS, f"keys {sorted(body)} != Judge0's default fields")
                check(body.get("token") == token, f"token {body.get('token')} != {token}")
                check(body.get("status") == {"id": 3, "description": "Accepted"}, f"status {body.get('status')}")
                out = body.get("stdout") or ""
                check(out.endswith("\n"), f"stdout {out!r} is not Ruby's MIME base64 (trailing newline)")
                check(base64.b64decode(out) == "hi\nété\n".encode(), f"stdout decodes to {base64.b64decode(out)!r}")
                # What GET says with base64 is what was PUT.
                code, again, _ = s.request("GET", f"/submissions/{token}?base64_encoded=true")
                check(code == 200 and again == body, f"GET ?base64_encoded=true differs from the PUT body: {again}")

            # 5xx twice, then 200: three tries. 4xx: one try only.
            submit(s, "print(1)", base + "/retry")
            check(lis.wait_for("/retry", 3, 20), f"retries after 5xx: {len(lis.requests('/retry'))} tries, want 3")
            submit(s, "print(1)", base + "/client-error")
            check(lis.wait_for("/client-error", 1, 15), "no callback at /client-error")
            time.sleep(2.5)
            check(len(lis.requests("/client-error")) == 1,
                  f"a 4xx answer was tried again: {len(lis.requests('/client-error'))} tries")

            # No callback_url: nothing is sent.
            before = len(lis.requests())
            submit(s, "print(2)")
            time.sleep(1)
            check(len(lis.requests()) == before, "a submission without callback_url called back")
            stop_clean(s)
    finally:
        lis.close()


def own_slow_receiver(pairbox):
    """A receiver that does not answer never holds up judging: with the
    callback thread waiting on it, the next submission is judged. No race
    with the receiver's delay: it answers only when the case says so."""
    lis = Listener(hold=True)
    try:
        env = {"CALLBACKS_ALLOW_LOOPBACK": "true", "CALLBACKS_TIMEOUT": "60"}
        with Server(pairbox, env=env, workers=1) as s:
            base = f"http://127.0.0.1:{lis.port}"
            for i in range(3):
                submit(s, f"print({i})", f"{base}/slow{i}")
            check(lis.wait_for(None, 1, 20), "no callback arrived")
            t0 = time.time()
            token = submit(s, "print('next')")
            took = time.time() - t0
            code, body, _ = s.request("GET", f"/submissions/{token}")
            check(code == 200 and body["status"]["id"] == 3, f"next submission: {body}")
            # Held up, it would wait for CALLBACKS_TIMEOUT (60 s); judging one
            # submission takes a fraction of 30 s even on a loaded machine.
            check(took < 30, f"a wait=true submission took {took:.1f} s behind a callback")
            check(len(lis.requests()) == 1, f"callbacks answered while held: {len(lis.requests())}")
            lis.release.set()
            check(lis.wait_for(None, 3, 20), "the held callbacks did not all arrive once answered")
            stop_clean(s)
    finally:
        lis.release.set()
        lis.close()


def own_refused(pairbox):
    lis = Listener()
    try:
        with Server(pairbox, env={"CALLBACKS_TIMEOUT": "2"}, workers=2) as s:
            p = lis.port
            targets = [
                f"http://127.0.0.1:{p}/literal",
                f"http://localhost:{p}/name",
                f"http://0.0.0.0:{p}/unspecified",
                f"http://[::ffff:127.0.0.1]:{p}/mapped",
            ]
            tokens = []
            for url in targets:
                code, body, _ = s.request("POST", "/submissions?wait=true",
                                          {"source_code": "print(1)", "language_id": PYTHON3, "callback_url": url})
                if code == 422:
                    # Refused at submission time is as good: nothing is called.
                    print(f"refused at submission: {url}: {body}")
                    continue
                check(code == 201, f"POST {url}: {code} {body}")
                if code == 201:
                    tokens.append(body["token"])
                    wait_final(s, body["token"])
            # Other schemes are never called (file://, gopher://...).
            code, body, _ = s.request("POST", "/submissions?wait=true",
                                      {"source_code": "print(1)", "language_id": PYTHON3,
                                       "callback_url": "file:///etc/passwd"})
            check(code in (201, 422), f"file:// callback_url: {code} {body}")
            time.sleep(4)
            check(lis.requests() == [], f"loopback callbacks were made: {[g[1] for g in lis.requests()]}")
            log = s.tail(20000)
            refusals = log.count("refused: the target resolves to")
            check(refusals >= len(tokens) or not tokens, f"the log names {refusals} refusals for {len(tokens)}:\n{log}")
            print("\n".join(line for line in log.splitlines() if "callback" in line))
            stop_clean(s)
    finally:
        lis.close()


def main():
    run_cases(globals())


if __name__ == "__main__":
    main()
