#!/usr/bin/env python3
"""pairbox's own API (/api/v1, /metrics): many tests in one submission,
per-test results, the event stream, health and metrics, and clear 4xx for
bad native bodies. usage: test_native.py PAIRBOX"""
import http.client
import json
import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server  # noqa: E402

PAIRBOX = sys.argv[1]
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL", what)


ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


def events(s, token, timeout=60):
    """Read the SSE stream to its end: [(event, data dict)]."""
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=timeout)
    c.request("GET", f"/api/v1/submissions/{token}/events")
    r = c.getresponse()
    check(r.status == 200 and r.getheader("Content-Type", "").startswith("text/event-stream"), "event stream headers")
    out, ev, data = [], None, None
    for raw in r:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            ev = line[7:]
        elif line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and ev:
            out.append((ev, data))
            ev = None
    c.close()
    return out


with Server(PAIRBOX) as s:
    # Many tests, one submission: the first failing test decides; every test reported.
    tests = [{"name": f"t{i}", "input": f"{i} {i}", "expected": str(2 * i)} for i in range(1, 6)]
    tests[3]["expected"] = "999"
    code, r, _ = s.request("POST", "/api/v1/submissions?wait=true", {"language": "python3", "source": ADD, "tests": tests})
    check(code == 201 and r["status"]["id"] == 4 and r["final"], f"wrong answer decided by t4: {code} {r}")
    check([t["status"]["id"] for t in r.get("tests", [])] == [3, 3, 3, 4, 3], f"per-test verdicts: {r.get('tests')}")
    check(r["tests"][0]["stdout"] == "2\n" and "t4" in (r["message"] or ""), f"outputs and the deciding test: {r}")
    code, g, _ = s.request("GET", f"/api/v1/submissions/{r['token']}")
    check(code == 200 and g["status"]["id"] == 4 and len(g["tests"]) == 5, f"GET the same: {g}")

    # A language by name or Judge0 id, tolerant comparison.
    code, r, _ = s.request("POST", "/api/v1/submissions?wait=true",
                           {"language": 50, "source": "#include <stdio.h>\nint main(){double x;scanf(\"%lf\",&x);printf(\"%.7f\\n\",x/3);}",
                            "tests": [{"input": "1", "expected": "0.3333"}], "compare": "tokens,abs=1e-3"})
    check(code == 201 and r["status"]["id"] == 3, f"C by id with abs tolerance: {r}")

    # The event stream: queued first, test events in order, finished last.
    slow = "import time\ntime.sleep(0.4)\n" + ADD
    code, r, _ = s.request("POST", "/api/v1/submissions", {"language": "python3", "source": slow,
                                                            "tests": [{"input": "1 1", "expected": "2"},
                                                                      {"input": "2 2", "expected": "4"}]})
    check(code == 201 and "token" in r, f"accepted: {r}")
    ev = events(s, r["token"])
    names = [e for e, _ in ev]
    check(names[0] == "queued" and names[-1] == "finished", f"stream order: {names}")
    check([d["test"] for e, d in ev if e == "test"] == [1, 2], f"test events: {ev}")
    check(ev[-1][1]["status"]["id"] == 3, f"finished with the verdict: {ev[-1]}")
    ev = events(s, r["token"])          # a final submission: its end at once
    check([e for e, _ in ev] == ["queued", "finished"], f"stream of a final submission: {ev}")
    code, _, _ = s.request("GET", "/api/v1/submissions/00000000-0000-4000-8000-000000000000/events")
    check(code == 404, "events of an unknown token")

    # One time format: a test's time is the same string in the event stream,
    # the native view and Judge0's GET (its decimal: "0.01", "0.0", never
    # "0.010"). Forty runs of varied CPU time, so some land on a multiple of
    # 10 ms (the event stream used to say "0.010" there, GET "0.01").
    spin = "import sys\nx = 0\nfor i in range(int(sys.stdin.read())):\n    x += i\n"
    code, r, _ = s.request("POST", "/api/v1/submissions",
                           {"language": "python3", "source": spin,
                            "tests": [{"input": str(25000 * k), "expected": ""} for k in range(40)]})
    check(code == 201 and "token" in r, f"accepted: {r}")
    ev = events(s, r["token"])
    seen = {d["test"]: d["time"] for e, d in ev if e == "test"}
    code, g, _ = s.request("GET", f"/api/v1/submissions/{r['token']}")
    stored = {i + 1: t["time"] for i, t in enumerate(g.get("tests", []))}
    check(seen and all(stored.get(k) == t for k, t in seen.items()),
          f"event stream and GET /api/v1 say the same time: {seen} vs {stored}")
    check(all(re.fullmatch(r"\d+\.(0|\d*[1-9])", t) for t in list(seen.values()) + list(stored.values())),
          f"Judge0's decimal seconds: {seen}")
    code, j, _ = s.request("GET", f"/submissions/{r['token']}?fields=time,status")
    check(code == 200 and j["time"] == stored.get(len(stored)), f"GET /submissions/:token: the deciding test's time: {j}")

    # Bad native bodies: 4xx naming the field; the server keeps serving.
    for body, field in [({"language": "cobol-2077", "source": "x"}, "language"),
                        ({"language": "python3", "source": "x", "tests": []}, "tests"),
                        ({"language": "python3", "source": "x", "tests": [{"input": 5}]}, "tests"),
                        ({"language": "python3", "source": "x", "tests": [{"input": ""}], "compare": "fuzzy"}, "compare")]:
        code, r, _ = s.request("POST", "/api/v1/submissions", body)
        check(code == 422 and field in (r or {}), f"422 naming {field}: {code} {r}")
    code, r, _ = s.request("POST", "/api/v1/submissions", "{not json", content_type="application/json")
    check(code == 400 and "error" in r, f"malformed JSON: {code} {r}")
    code, _, _ = s.request("GET", "/api/v1/submissions/nope")
    check(code == 404, "unknown token")

    # Health and metrics.
    code, h, _ = s.request("GET", "/api/v1/health")
    check(code == 200 and h["status"] == "ok" and h["workers"]["count"] == 2, f"health: {h}")
    code, m, hd = s.request("GET", "/metrics")
    text = m.decode() if isinstance(m, bytes) else str(m)
    check(code == 200 and hd["content-type"].startswith("text/plain"), "metrics content type")
    for name in ("pairbox_queue_length", "pairbox_running", "pairbox_submissions_total{result=\"accepted\"}",
                 "pairbox_verdicts_total{status=\"4\"", "pairbox_judge_seconds_bucket{le=\"+Inf\"}"):
        check(name in text, f"metric {name}")
    acc = [l for l in text.splitlines() if l.startswith('pairbox_verdicts_total{status="3"')]
    check(acc and int(acc[0].split()[-1]) >= 2, f"accepted verdicts counted: {acc}")

    # Concurrent native submissions each get their own result.
    results = {}

    def one(i):
        c, r, _ = s.request("POST", "/api/v1/submissions?wait=true",
                            {"language": "python3", "source": ADD, "tests": [{"input": f"{i} 1", "expected": str(i + 1)}]})
        results[i] = (c, r["status"]["id"] if c == 201 else r)
    th = [threading.Thread(target=one, args=(i,)) for i in range(12)]
    [t.start() for t in th]
    [t.join() for t in th]
    check(all(results[i] == (201, 3) for i in range(12)), f"12 concurrent: {results}")

with Server(PAIRBOX, env={"AUTHN_TOKEN": "sesame"}) as s:
    code, _, _ = s.request("POST", "/api/v1/submissions", {"language": "python3", "source": ADD})
    check(code == 401, "native API needs the token when AUTHN_TOKEN is set")
    code, _, _ = s.request("GET", "/api/v1/health")
    check(code == 200, "health stays open (for load balancers)")
    code, _, _ = s.request("GET", "/metrics", headers={"X-Auth-Token": "sesame"})
    check(code == 200, "metrics with the token")
    code, _, _ = s.request("GET", "/metrics?X-Auth-Token=sesame")
    check(code == 200, "the token as a query parameter, as Judge0 takes it")
    code, _, _ = s.request("GET", "/metrics?X-Auth-Token=wrong")
    check(code == 401, "a wrong token in the query")

print("ok" if not failed else f"{failed} failed")
sys.exit(1 if failed else 0)
