#!/usr/bin/env python3
"""test_info.py - Judge0's information routes (api/routes_info.c) on a real
`pairbox serve`: status codes, keys and JSON types of GET /languages,
/languages/all, /languages/:id, /statuses, /about, /version, /isolate,
/license, /system_info, /config_info, /statistics, /workers and POST
/authenticate, /authorize; authentication on and off for each (AUTHN_TOKEN,
AUTHZ_TOKEN); CORS like Judge0's rack-cors; /openapi.json names and matches
every route; GET /playground is a page of this server's own files (the web
app at / is tests/api/test_webapp.py's).

usage: test_info.py PAIRBOX [--case NAME ...]
"""
import json
import os
import re
import sys
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, run_cases  # noqa: E402
from test_compat import SDK_CONFIG, Failure, check, check_config  # noqa: E402

PYTHON3 = 71
API_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "api")

# Judge0's app/enumerations/status.rb, as GET /statuses shows them.
STATUSES = {1: "In Queue", 2: "Processing", 3: "Accepted", 4: "Wrong Answer", 5: "Time Limit Exceeded",
            6: "Compilation Error", 7: "Runtime Error (SIGSEGV)", 8: "Runtime Error (SIGXFSZ)",
            9: "Runtime Error (SIGFPE)", 10: "Runtime Error (SIGABRT)", 11: "Runtime Error (NZEC)",
            12: "Runtime Error (Other)", 13: "Internal Error", 14: "Exec Format Error"}

# Every route of the Judge0 API and of pairbox's own, as (method, path) with
# OpenAPI's {param} syntax: /openapi.json must describe each.
ROUTES = [
    ("post", "/submissions"), ("get", "/submissions"), ("get", "/submissions/{token}"),
    ("delete", "/submissions/{token}"), ("post", "/submissions/batch"), ("get", "/submissions/batch"),
    ("get", "/languages"), ("get", "/languages/all"), ("get", "/languages/{id}"), ("get", "/statuses"),
    ("get", "/about"), ("get", "/version"), ("get", "/isolate"), ("get", "/license"), ("get", "/system_info"),
    ("get", "/config_info"), ("get", "/statistics"), ("get", "/workers"), ("post", "/authenticate"),
    ("post", "/authorize"),
    ("post", "/api/v1/submissions"), ("get", "/api/v1/submissions/{token}"),
    ("get", "/api/v1/submissions/{token}/events"), ("get", "/api/v1/health"), ("get", "/metrics"),
    ("get", "/api/v1/problems"), ("post", "/api/v1/problems"), ("get", "/api/v1/problems/{slug}"),
    ("post", "/api/v1/problems/{slug}/submit"), ("post", "/api/v1/problems/{slug}/run"),
    ("post", "/api/v1/auth/signup"), ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"), ("patch", "/api/v1/me"), ("delete", "/api/v1/me"), ("put", "/api/v1/me/avatar"),
    ("get", "/api/v1/users/{id}/avatar"),
    ("get", "/openapi.json"), ("get", "/"), ("get", "/playground"), ("get", "/playground.js"),
    ("get", "/playground.css"),
]

# The information routes: each needs X-Auth-Token when AUTHN_TOKEN is set,
# as every action of Judge0's ApplicationController does.
INFO_GETS = ["/languages", "/languages/all", f"/languages/{PYTHON3}", "/statuses", "/about", "/version",
             "/isolate", "/license", "/system_info", "/config_info", "/statistics", "/workers"]


def need(resp, want, what):
    code, body, headers = resp
    check(code == want, f"{what}: HTTP {code} (wanted {want}): {body!r}")
    return body, headers


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def judge(server, source, headers=None, stdin=""):
    """One Python submission with wait=true; returns the answer."""
    code, res, _ = server.request("POST", "/submissions?wait=true",
                                  {"source_code": source, "language_id": PYTHON3, "stdin": stdin}, headers=headers)
    check(code == 201 and isinstance(res, dict) and res.get("status", {}).get("id") == 3,
          f"a submission failed: HTTP {code} {res!r}\n{server.tail()}")
    return res


# ---------------------------------------------------------------------------

def case_languages(s):
    langs, _ = need(s.request("GET", "/languages"), 200, "GET /languages")
    check(isinstance(langs, list) and langs, f"not a non-empty list: {langs!r}")
    for l in langs:
        check(set(l) == {"id", "name"}, f"GET /languages item keys are Judge0's id and name: {l!r}")
        check(is_int(l["id"]) and isinstance(l["name"], str) and l["name"], f"types: {l!r}")
    ids = [l["id"] for l in langs]
    check(len(ids) == len(set(ids)), f"duplicate ids: {ids}")
    order = sorted(langs, key=lambda l: (l["name"].lower(), l["id"]))
    check(langs == order, "GET /languages is sorted by name like Judge0's ORDER BY name")
    by_id = {l["id"]: l["name"] for l in langs}
    check(PYTHON3 in by_id and re.match(r"Python \(\d+\.\d+", by_id[PYTHON3]),
          f"71 should be 'Python (3.x.y)' (display name with the installed version): {by_id.get(PYTHON3)!r}")
    # Judge0 1.13.1 lists GCC 7.4 / 8.3 / 9.2 as 48 / 49 / 50 (C) and 52 / 53 / 54
    # (C++); the older ids reach today's compiler and are listed with it.
    for main, aliases in ((50, (48, 49)), (54, (52, 53))):
        if main in by_id:
            for a in aliases:
                check(by_id.get(a) == by_id[main], f"alias {a} of {main} missing or named differently")

    everything, _ = need(s.request("GET", "/languages/all"), 200, "GET /languages/all")
    for l in everything:
        check(set(l) == {"id", "name", "is_archived"}, f"GET /languages/all item keys: {l!r}")
        check(is_int(l["id"]) and isinstance(l["name"], str) and isinstance(l["is_archived"], bool), f"types: {l!r}")
    check(everything == sorted(everything, key=lambda l: (l["name"].lower(), l["id"])), "/languages/all order")
    active = {l["id"] for l in everything if not l["is_archived"]}
    check(active == set(ids), f"/languages must be exactly the non-archived of /languages/all: "
          f"{sorted(active ^ set(ids))}")

    for lid in ids:
        one, _ = need(s.request("GET", f"/languages/{lid}"), 200, f"GET /languages/{lid}")
        check(set(one) == {"id", "name", "is_archived", "source_file", "compile_cmd", "run_cmd"},
              f"GET /languages/{lid} keys: {sorted(one)}")
        check(one["id"] == lid and one["name"] == by_id[lid] and one["is_archived"] is False, f"{one!r}")
        check(isinstance(one["source_file"], str), f"source_file: {one!r}")
        check(one["compile_cmd"] is None or isinstance(one["compile_cmd"], str), f"compile_cmd: {one!r}")
        check(isinstance(one["run_cmd"], str) and one["run_cmd"], f"run_cmd: {one!r}")
    if 50 in by_id:
        c, _ = need(s.request("GET", "/languages/50"), 200, "GET /languages/50")
        check("gcc" in c["compile_cmd"] and "%s" in c["compile_cmd"], f"C's compile_cmd with Judge0's %s: {c!r}")
        check(c["source_file"].endswith(".c"), f"C's source_file: {c!r}")
    archived = [l for l in everything if l["is_archived"]]
    if archived:
        one, _ = need(s.request("GET", f"/languages/{archived[0]['id']}"), 200, "GET an archived language")
        check(one["is_archived"] is True, f"{one!r}")
    for bad in ("999999", "0", "-1", "abc", "71x"):
        code, body, _ = s.request("GET", f"/languages/{bad}")
        check(code == 404, f"GET /languages/{bad}: HTTP {code} {body!r} (Judge0: 404)")


def case_statuses(s):
    st, _ = need(s.request("GET", "/statuses"), 200, "GET /statuses")
    check(isinstance(st, list) and len(st) == 14, f"14 statuses: {st!r}")
    for x in st:
        check(set(x) == {"id", "description"}, f"status keys: {x!r}")
    check({x["id"]: x["description"] for x in st} == STATUSES, f"Judge0's descriptions: {st!r}")
    check([x["id"] for x in st] == list(range(1, 15)), "in id order")


def case_information(s):
    about, _ = need(s.request("GET", "/about"), 200, "GET /about")
    for k in ("version", "homepage", "source_code", "maintainer"):
        check(k in about, f"/about lacks Judge0's {k!r}: {about!r}")
        check(about[k] is None or isinstance(about[k], str), f"/about {k} type: {about!r}")
    check(about["version"] == "1.13.1", f"/about version is the Judge0 API version served: {about!r}")
    check(isinstance(about.get("pairbox_version"), str) and re.match(r"\d+\.\d+", about["pairbox_version"]),
          f"/about pairbox_version: {about!r}")

    for path in ("/version", "/isolate", "/license"):
        code, body, headers = s.request("GET", path)
        check(code == 200, f"GET {path}: HTTP {code}")
        check(headers.get("content-type", "").startswith("text/plain"), f"GET {path} is plain text: {headers!r}")
        check(isinstance(body, bytes) and body.strip(), f"GET {path}: empty body")
        if path == "/version":
            check(body.decode() == "1.13.1", f"/version: {body!r}")
            check(headers.get("x-pairbox-version") == about["pairbox_version"], f"X-Pairbox-Version: {headers!r}")
        if path == "/isolate":
            check(b"pairbox" in body and b"cgroup v" in body, f"/isolate: {body!r}")

    si, _ = need(s.request("GET", "/system_info"), 200, "GET /system_info")
    check(isinstance(si, dict) and all(isinstance(v, str) for v in si.values()), f"/system_info values: {si!r}")
    for k in ("Architecture", "CPU(s)", "Byte Order", "Mem", "Swap"):
        check(k in si, f"/system_info lacks lscpu/free key {k!r}: {sorted(si)}")
    check(si["CPU(s)"].isdigit() and int(si["CPU(s)"]) == os.cpu_count(), f"CPU(s): {si['CPU(s)']!r}")
    check(re.fullmatch(r"\d+(\.\d)?[KMGTP]|0B", si["Mem"]), f"Mem like free -h: {si['Mem']!r}")


def case_config_info(s):
    cfg, _ = need(s.request("GET", "/config_info"), 200, "GET /config_info")
    check_config(cfg, "GET /config_info")
    # Judge0 CE 1.13.1's defaults (config/judge0.rb), as the issue lists them.
    want = {"cpu_time_limit": 5, "cpu_extra_time": 1, "wall_time_limit": 10, "memory_limit": 128000,
            "stack_limit": 64000, "max_processes_and_or_threads": 60, "max_file_size": 1024, "number_of_runs": 1,
            "enable_wait_result": True, "maintenance_mode": False, "enable_submission_delete": False}
    wrong = {k: cfg[k] for k, v in want.items() if cfg[k] != v}
    check(not wrong, f"Judge0 1.13.1 defaults expected: {wrong} (want {want})")
    extra = sorted(set(cfg) - set(SDK_CONFIG))
    check(not extra, f"keys beyond Judge0's: {extra}")


def own_config_env(pairbox):
    env = {"CPU_TIME_LIMIT": "3", "MAX_QUEUE_SIZE": "7", "ENABLE_WAIT_RESULT": "false",
           "ALLOWED_LANGUAGES_FOR_COMPILE_OPTIONS": "50 54"}
    with Server(pairbox, env=env, workers=1) as s:
        cfg, _ = need(s.request("GET", "/config_info"), 200, "GET /config_info")
        check_config(cfg, "GET /config_info with settings")
        check(cfg["cpu_time_limit"] == 3 and cfg["max_queue_size"] == 7 and cfg["enable_wait_result"] is False,
              f"the environment's settings: {cfg!r}")
        check(cfg["allowed_languages_for_compile_options"] == ["50", "54"],
              f"a list of strings like Judge0's: {cfg['allowed_languages_for_compile_options']!r}")


def case_statistics(s):
    judge(s, "print(1)")
    st, _ = need(s.request("GET", "/statistics?invalidate_cache=true"), 200, "GET /statistics")
    check(set(st) == {"created_at", "cached_until", "submissions", "languages", "statuses", "database"},
          f"Judge0's statistics keys: {sorted(st)}")
    t0 = datetime.fromisoformat(st["created_at"])
    t1 = datetime.fromisoformat(st["cached_until"])
    check(t0.tzinfo is not None and abs((t1 - t0).total_seconds() - 600) < 1, f"cached for 10 minutes: {st!r}")
    sub = st["submissions"]
    check(set(sub) == {"total", "today", "last_30_days"} and is_int(sub["total"]) and is_int(sub["today"]),
          f"submissions: {sub!r}")
    check(sub["total"] >= 1 and sub["today"] >= 1, f"the submission just made is counted: {sub!r}")
    days = list(sub["last_30_days"])
    today = datetime.now(timezone.utc).date()
    check(days == [(today - timedelta(days=k)).isoformat() for k in range(1, 31)],
          f"last_30_days: the 30 days before today, newest first: {days}")
    check(all(is_int(v) for v in sub["last_30_days"].values()), "day counts are integers")
    langs = {x["language"]["id"]: x for x in st["languages"]}
    check(PYTHON3 in langs and langs[PYTHON3]["count"] >= 1, f"languages: {st['languages']!r}")
    check(isinstance(langs[PYTHON3]["language"]["name"], str), f"language name: {langs[PYTHON3]!r}")
    stats = {x["status"]["id"]: x for x in st["statuses"]}
    check(3 in stats and stats[3]["status"]["name"] == "Accepted" and stats[3]["count"] >= 1,
          f"statuses: {st['statuses']!r}")
    counts = [x["count"] for x in st["statuses"]]
    check(counts == sorted(counts, reverse=True), "statuses by count, largest first")
    db = st["database"]
    check(isinstance(db.get("size_pretty"), str) and is_int(db.get("size_in_bytes")) and db["size_in_bytes"] > 0,
          f"database: {db!r}")
    check(re.fullmatch(r"\d+ (bytes|kB|MB|GB|TB)", db["size_pretty"]), f"pg_size_pretty style: {db!r}")
    # Cached: the same report until invalidated.
    again, _ = need(s.request("GET", "/statistics"), 200, "GET /statistics again")
    check(again["created_at"] == st["created_at"], "a second GET within 10 minutes is the cached report")


def case_workers(s):
    w, _ = need(s.request("GET", "/workers"), 200, "GET /workers")
    check(isinstance(w, list) and len(w) == 1, f"one queue: {w!r}")
    q = w[0]
    check(set(q) >= {"queue", "available", "idle", "working", "paused", "failed"}, f"Judge0's keys: {q!r}")
    check(isinstance(q["queue"], str), f"queue name: {q!r}")
    for k in ("size", "available", "idle", "working", "paused", "failed"):
        check(is_int(q.get(k)) and q[k] >= 0, f"{k}: {q!r}")
    check(q["available"] == s.workers and q["idle"] + q["working"] == q["available"], f"figures: {q!r}")


def case_sessions_open(s):
    code, body, _ = s.request("POST", "/authenticate")
    check(code == 200 and not body, f"POST /authenticate with authentication off: HTTP {code} {body!r} (Judge0: 200)")
    code, body, _ = s.request("POST", "/authorize")
    check(code == 403, f"POST /authorize without AUTHZ_TOKEN: HTTP {code} (Judge0: 403)")


def own_auth(pairbox):
    env = {"AUTHN_TOKEN": "tok-a", "AUTHZ_TOKEN": "adm-b"}
    with Server(pairbox, env=env, workers=1) as s:
        good = {"X-Auth-Token": "tok-a"}
        for path in INFO_GETS:
            code, _, headers = s.request("GET", path)
            check(code == 401, f"GET {path} without X-Auth-Token: HTTP {code} (want 401)")
            code, _, _ = s.request("GET", path, headers={"X-Auth-Token": "wrong"})
            check(code == 401, f"GET {path} with a wrong X-Auth-Token: HTTP {code} (want 401)")
            code, body, _ = s.request("GET", path, headers=good)
            check(code == 200, f"GET {path} with X-Auth-Token: HTTP {code} {body!r}")
        # The document and the page hold no data and ask for a token themselves.
        for path in ("/openapi.json", "/playground", "/playground.js", "/playground.css"):
            code, _, _ = s.request("GET", path)
            check(code == 200, f"GET {path} is open: HTTP {code}")
        code, _, _ = s.request("POST", "/authenticate")
        check(code == 401, f"POST /authenticate without a token: {code}")
        code, _, _ = s.request("POST", "/authenticate", headers={"X-Auth-Token": "nope"})
        check(code == 401, f"POST /authenticate with a wrong token: {code}")
        code, body, _ = s.request("POST", "/authenticate", headers=good)
        check(code == 200 and not body, f"POST /authenticate with the token: {code} {body!r}")
        code, _, _ = s.request("POST", "/authorize", headers={"X-Auth-User": "adm-b"})
        check(code == 401, f"POST /authorize must authenticate first (Judge0): {code}")
        code, _, _ = s.request("POST", "/authorize", headers=good)
        check(code == 403, f"POST /authorize without X-Auth-User: {code}")
        code, _, _ = s.request("POST", "/authorize", headers=dict(good, **{"X-Auth-User": "wrong"}))
        check(code == 403, f"POST /authorize with a wrong X-Auth-User: {code}")
        code, body, _ = s.request("POST", "/authorize", headers=dict(good, **{"X-Auth-User": "adm-b"}))
        check(code == 200 and not body, f"POST /authorize with both tokens: {code} {body!r}")
    # Authorization on, authentication off: /authenticate passes, /authorize checks.
    with Server(pairbox, env={"AUTHZ_TOKEN": "adm-c"}, workers=1) as s:
        code, _, _ = s.request("POST", "/authenticate")
        check(code == 200, f"POST /authenticate with authentication off: {code}")
        code, _, _ = s.request("POST", "/authorize", headers={"X-Auth-User": "adm-c"})
        check(code == 200, f"POST /authorize with X-Auth-User only: {code}")
        code, _, _ = s.request("POST", "/authorize")
        check(code == 403, f"POST /authorize without X-Auth-User: {code}")
        for path in INFO_GETS:
            code, _, _ = s.request("GET", path)
            check(code == 200, f"GET {path} needs no token with AUTHN_TOKEN unset: {code}")


def own_cors(pairbox):
    origin = "https://app.example"
    with Server(pairbox, env={"AUTHN_TOKEN": "c-tok"}, workers=1) as s:
        code, _, h = s.request("GET", "/languages", headers={"Origin": origin, "X-Auth-Token": "c-tok"})
        check(code == 200 and h.get("access-control-allow-origin") in ("*", origin),
              f"Access-Control-Allow-Origin on a GET: {h!r}")
        # A 401 is readable by the page too (so it can ask for a token).
        code, _, h = s.request("GET", "/languages", headers={"Origin": origin})
        check(code == 401 and h.get("access-control-allow-origin") in ("*", origin), f"CORS on a 401: {code} {h!r}")
        # The preflight carries no token: it must pass even with authentication on.
        for path, method in (("/submissions", "POST"), ("/languages", "GET"), ("/submissions/x", "DELETE")):
            code, _, h = s.request("OPTIONS", path, headers={
                "Origin": origin, "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": "content-type,x-auth-token,x-auth-user"})
            check(code in (200, 204), f"OPTIONS {path}: HTTP {code}")
            check(h.get("access-control-allow-origin") in ("*", origin), f"OPTIONS {path} Allow-Origin: {h!r}")
            check(method in h.get("access-control-allow-methods", ""), f"OPTIONS {path} Allow-Methods: {h!r}")
            allowed = h.get("access-control-allow-headers", "").lower()
            for want in ("content-type", "x-auth-token", "x-auth-user"):
                check(want in allowed, f"OPTIONS {path} must allow {want}: {allowed!r}")
    with Server(pairbox, env={"ALLOW_ORIGIN": origin}, workers=1) as s:
        code, _, h = s.request("GET", "/statuses", headers={"Origin": origin})
        check(code == 200 and h.get("access-control-allow-origin") == origin, f"ALLOW_ORIGIN={origin}: {h!r}")


def case_openapi(s):
    code, doc, h = s.request("GET", "/openapi.json")
    check(code == 200 and h.get("content-type", "").startswith("application/json"), f"HTTP {code} {h!r}")
    check(isinstance(doc, dict), "/openapi.json does not parse as a JSON object")
    check(str(doc.get("openapi", "")).startswith("3."), f"OpenAPI 3: {doc.get('openapi')!r}")
    paths = doc.get("paths", {})
    missing = [f"{m.upper()} {p}" for m, p in ROUTES if m not in paths.get(p, {})]
    check(not missing, f"/openapi.json does not describe: {missing}")
    # And every route the server's tables hold (api/*.c), so a route added
    # without its documentation fails here.
    served = set()
    for name in sorted(os.listdir(API_DIR)):
        if name.endswith(".c"):
            with open(os.path.join(API_DIR, name)) as f:
                for m, pat in re.findall(r'\{ "(GET|POST|PUT|PATCH|DELETE)", "(/[^"]*)"', f.read()):
                    served.add((m.lower(), re.sub(r":(\w+)", r"{\1}", pat)))
    tabled = [r for r in ROUTES if r != ("get", "/")]     # / is the web app's (api/webapp.c), in no table
    check(len(served) >= len(tabled), f"route tables not found in {API_DIR}: {sorted(served)}")
    undocumented = sorted(f"{m.upper()} {p}" for m, p in served if m not in paths.get(p, {}))
    check(not undocumented, f"routes in api/*.c that /openapi.json does not describe: {undocumented}")
    schemas = doc.get("components", {}).get("schemas", {})
    check(set(SDK_CONFIG) <= set(schemas.get("ConfigInfo", {}).get("properties", {})), "ConfigInfo schema keys")
    # Every $ref resolves.
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(doc))
    check(all(r in schemas for r in refs), f"dangling $refs: {sorted(set(refs) - set(schemas))}")
    # And every documented operation is served: the router never answers
    # 405 to it, nor 404 when the path has no parameter.
    for p, ops in paths.items():
        for m in ops:
            url = p.replace("{token}", "00000000-0000-4000-8000-000000000000").replace("{id}", str(PYTHON3))
            if m == "get" and p == "/submissions/batch":
                url += "?tokens=00000000-0000-4000-8000-000000000000"
            body = {} if m in ("post", "put") else None
            code, resp, _ = s.request(m.upper(), url, body, timeout=20)
            check(code != 405, f"{m.upper()} {p} is documented but the router says 405")
            if "{" not in p:
                check(code != 404, f"{m.upper()} {p} is documented but not routed (404 {resp!r})")


def case_playground(s):
    code, body, h = s.request("GET", "/playground")
    check(code == 200 and h.get("content-type", "").startswith("text/html"), f"GET /playground: {code} {h!r}")
    html = body.decode() if isinstance(body, bytes) else str(body)
    check("<html" in html and '<script src="/playground.js">' in html, "the page loads its script")
    check(not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html and " style=" not in html,
          "no inline script or style (the Content-Security-Policy forbids them)")
    external = re.findall(r'(?:src|href)\s*=\s*"(?:https?:)?//', html)
    check(not external, f"the page must load nothing from elsewhere: {external}")
    check("script-src 'self'" in h.get("content-security-policy", "") and h.get("x-content-type-options") == "nosniff",
          f"the page's policy headers: {h!r}")
    code, js, h = s.request("GET", "/playground.js")
    js = js.decode() if isinstance(js, bytes) else str(js)
    check(code == 200 and h.get("content-type", "").startswith("text/javascript"), f"GET /playground.js: {code} {h!r}")
    check("/languages" in js and "/submissions" in js, "the script lists languages and submits")
    code, _, h = s.request("GET", "/playground.css")
    check(code == 200 and h.get("content-type", "").startswith("text/css"), f"GET /playground.css: {code} {h!r}")
    code, body, h = s.request("HEAD", "/playground")
    check(code == 200 and not body, f"HEAD /playground: {code} {body!r}")


def main():
    run_cases(globals())


if __name__ == "__main__":
    main()
