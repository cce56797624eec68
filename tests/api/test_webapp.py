#!/usr/bin/env python3
"""test_webapp.py - the web app's files at / (api/webapp.c) on a real `pairbox
serve` with FRONTEND_DIR set to a fixture directory built here: content types
and the policy headers on every answer, the app's routes answering its
index.html, caching (ETag, 304, immutable hashed assets), and no way out of
the directory (WEBAPP-BENEATH: dot segments plain and encoded, links to files
and directories outside, hidden files, directories, a fifo); a missing build
answers a page that says so, and a rebuild is served without a restart.

usage: test_webapp.py PAIRBOX [--case NAME ...]
"""
import gzip
import http.client
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, run_cases  # noqa: E402

ROOT = tempfile.mkdtemp(prefix="pairbox-webapp-")
DIST = os.path.join(ROOT, "dist")
SECRET = "SECRET-OUTSIDE-THE-DIRECTORY"
BIG = b"console.log('a large chunk');\n" * 200
INDEX = "<!doctype html><title>app</title><script type=module src=/assets/app-ABC123.js></script>\n"


def write(path, data):
    full = os.path.join(DIST, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def build_fixture():
    os.makedirs(DIST, exist_ok=True)
    with open(os.path.join(ROOT, "secret.txt"), "w") as f:
        f.write(SECRET)
    os.makedirs(os.path.join(ROOT, "outside"), exist_ok=True)
    with open(os.path.join(ROOT, "outside", "secret.txt"), "w") as f:
        f.write(SECRET)
    write("index.html", INDEX)
    write("assets/app-ABC123.js", "console.log('app')\n")
    write("assets/app-ABC123.css", "body{}\n")
    write("assets/big-XYZ.js", BIG)
    write("assets/big-XYZ.js.gz", gzip.compress(BIG))
    write("assets/app-ABC123.js.map", "{}\n")
    write("favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write("logo.png", b"\x89PNG\r\n\x1a\n")
    write("font.woff2", b"wOF2")
    write("data.bin", b"\x00\x01")
    write(".hidden", SECRET)
    write("assets/.env", SECRET)
    os.symlink(os.path.join(ROOT, "secret.txt"), os.path.join(DIST, "link.txt"))
    os.symlink("../secret.txt", os.path.join(DIST, "rel-link.txt"))
    os.symlink(os.path.join(ROOT, "outside"), os.path.join(DIST, "linkdir"))
    os.symlink("/etc/passwd", os.path.join(DIST, "passwd"))
    os.mkfifo(os.path.join(DIST, "fifo"))
    os.makedirs(os.path.join(DIST, "emptydir"))
    with open(os.path.join(DIST, "huge.js"), "wb") as f:
        f.truncate(33 << 20)      # sparse: past WEBAPP_MAX_FILE (32 MiB)


def raw(s, method, target, headers=None):
    """One request with the target exactly as given (urllib would normalise it)."""
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    c.putrequest(method, target, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        c.putheader(k, v)
    c.endheaders()
    r = c.getresponse()
    body = r.read()
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, body, hdrs


def policy(h, what):
    check(h.get("x-content-type-options") == "nosniff", f"{what}: nosniff missing: {h!r}")
    csp = h.get("content-security-policy", "")
    for part in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"):
        check(part in csp, f"{what}: the policy lacks {part!r}: {csp!r}")
    check("unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{what}: the policy allows inline code: {csp!r}")


def case_content_types(s):
    for path, ctype, data in [
        ("/index.html", "text/html; charset=utf-8", INDEX.encode()),
        ("/assets/app-ABC123.js", "text/javascript; charset=utf-8", b"console.log('app')\n"),
        ("/assets/app-ABC123.css", "text/css; charset=utf-8", b"body{}\n"),
        ("/assets/app-ABC123.js.map", "application/json; charset=utf-8", b"{}\n"),
        ("/favicon.svg", "image/svg+xml", None),
        ("/logo.png", "image/png", None),
        ("/font.woff2", "font/woff2", None),
        ("/data.bin", "application/octet-stream", None),
    ]:
        code, body, h = raw(s, "GET", path)
        check(code == 200, f"GET {path}: HTTP {code} {body[:200]!r}")
        check(h.get("content-type") == ctype, f"GET {path}: Content-Type {h.get('content-type')!r}, want {ctype!r}")
        if data is not None:
            check(body == data, f"GET {path}: the file's bytes, got {body[:100]!r}")
        policy(h, f"GET {path}")


def case_app_routes(s):
    # A reload on any page of the app opens the app.
    for path in ("/", "/login", "/signup", "/profile", "/lobby", "/rooms/12", "/rooms/12/", "/problems",
                 "/problems/two-sum", "/login?next=/lobby", "/dashboard", "/leaderboard",
                 "/leaderboard?view=organisations"):
        code, body, h = raw(s, "GET", path)
        check(code == 200 and body == INDEX.encode(), f"GET {path}: the app's index.html, got {code} {body[:120]!r}")
        check(h.get("content-type") == "text/html; charset=utf-8", f"GET {path}: {h.get('content-type')!r}")
        check(h.get("cache-control") == "no-cache", f"GET {path}: revalidated each load: {h.get('cache-control')!r}")
        policy(h, f"GET {path}")
    # Paths that are neither a route of the app nor a file: 404, JSON, as before.
    for path in ("/rooms", "/rooms/12/extra", "/nope", "/nope.js", "/api/v1/nothing", "/problems/a/b"):
        code, body, h = s.request("GET", path)
        check(code == 404 and body == {"error": "not found"}, f"GET {path}: want the JSON 404, got {code} {body!r}")
    # The API is untouched.
    code, body, _ = s.request("GET", "/api/v1/problems")
    check(code == 200 and isinstance(body, dict) and "problems" in body, f"GET /api/v1/problems: {code} {body!r}")
    code, body, _ = s.request("POST", "/", {})
    check(code == 404, f"POST / is not a file's method: {code} {body!r}")
    code, body, h = raw(s, "HEAD", "/")
    check(code == 200 and body == b"" and h.get("content-type", "").startswith("text/html"), f"HEAD /: {code} {body!r} {h!r}")


def case_traversal(s):
    # WEBAPP-BENEATH: every way out of the directory, or to what it hides, is a 404.
    for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/assets/../../secret.txt",
                   "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                   "/assets/..%2f..%2fsecret.txt", "/./index.html", "/assets/./app-ABC123.js",
                   "/link.txt", "/rel-link.txt", "/linkdir/secret.txt", "/passwd", "/.hidden", "/assets/.env",
                   "/%2ehidden", "//etc/passwd", "/assets//app-ABC123.js", "/fifo", "/emptydir", "/assets",
                   "/assets/", "/..", "/%2e%2e", "/secret.txt%00", "/index.html/", "/a\\..\\secret.txt",
                   "/..%5csecret.txt", "/" + "a/" * 200 + "x.js"]:
        code, body, _ = raw(s, "GET", target)
        check(code in (404, 414), f"GET {target}: want 404, got {code} {body[:200]!r}")
        check(SECRET.encode() not in body and b"root:" not in body, f"GET {target}: leaked a file outside: {body[:200]!r}")


def case_caching(s):
    code, _, h = raw(s, "GET", "/assets/app-ABC123.js")
    check(code == 200 and h.get("cache-control") == "public, max-age=31536000, immutable",
          f"hashed assets are cached for a year: {h.get('cache-control')!r}")
    etag = h.get("etag", "")
    check(etag.startswith('"') and etag.endswith('"') and len(etag) > 4, f"an ETag: {etag!r}")
    for inm in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        code, body, h2 = raw(s, "GET", "/assets/app-ABC123.js", {"If-None-Match": inm})
        check(code == 304 and body == b"", f"If-None-Match {inm}: want 304, got {code} {body[:80]!r}")
        policy(h2, f"304 for {inm}")
    code, body, _ = raw(s, "GET", "/assets/app-ABC123.js", {"If-None-Match": '"stale"'})
    check(code == 200 and body, f"a stale ETag gets the file: {code}")
    code, _, h = raw(s, "GET", "/favicon.svg")
    check(h.get("cache-control") == "no-cache", f"names without a hash are revalidated: {h.get('cache-control')!r}")
    code, _, h = raw(s, "GET", "/rooms/5")
    code2, _, _ = raw(s, "GET", "/rooms/5", {"If-None-Match": h.get("etag", "")})
    check(code == 200 and code2 == 304, f"the index revalidates by its ETag: {code} {code2}")


def case_gzip(s):
    # build.mjs's NAME.gz goes to a client that takes gzip, with the type of NAME.
    for accept, want_gz in [("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True),
                            ("GZIP", True), ("deflate", False), ("gzip;q=0", False), ("gzip; q=0.000", False),
                            ("x-gzip", False), ("", False), (None, False)]:
        code, body, h = raw(s, "GET", "/assets/big-XYZ.js", {"Accept-Encoding": accept} if accept is not None else None)
        check(code == 200 and h.get("content-type") == "text/javascript; charset=utf-8", f"{accept!r}: {code} {h!r}")
        check(h.get("vary") == "Accept-Encoding", f"{accept!r}: Vary: {h.get('vary')!r}")
        if want_gz:
            check(h.get("content-encoding") == "gzip" and gzip.decompress(body) == BIG, f"{accept!r}: want the gzip copy: {h!r}")
        else:
            check("content-encoding" not in h and body == BIG, f"{accept!r}: want the file as it is: {h!r}")
    # The two have ETags of their own, and a file without a copy is sent as it is.
    _, _, plain = raw(s, "GET", "/assets/big-XYZ.js")
    _, _, packed = raw(s, "GET", "/assets/big-XYZ.js", {"Accept-Encoding": "gzip"})
    check(plain.get("etag") != packed.get("etag"), f"one ETag for both forms: {plain.get('etag')}")
    code, body, h = raw(s, "GET", "/assets/app-ABC123.css", {"Accept-Encoding": "gzip"})
    check(code == 200 and body == b"body{}\n" and "content-encoding" not in h, f"no copy: {code} {h!r}")


def case_too_big(s):
    code, body, _ = s.request("GET", "/huge.js")
    check(code == 500 and isinstance(body, dict) and "too large" in body.get("error", ""), f"a file past the cap: {code} {body!r}")


def case_rebuild(s):
    # build.mjs swaps a fresh directory in; the server opens it by name on each request.
    code, body, _ = raw(s, "GET", "/")
    check(code == 200 and body == INDEX.encode(), f"before: {code} {body[:80]!r}")
    fresh = DIST + ".new"
    shutil.copytree(DIST, fresh, symlinks=True, ignore=lambda d, names: [n for n in names if n in ("fifo", "huge.js")])
    with open(os.path.join(fresh, "index.html"), "w") as f:
        f.write("<!doctype html><title>rebuilt</title>\n")
    old = DIST + ".old"
    os.rename(DIST, old)
    os.rename(fresh, DIST)
    try:
        code, body, _ = raw(s, "GET", "/lobby")
        check(code == 200 and b"rebuilt" in body, f"after a rebuild, without a restart: {code} {body[:80]!r}")
    finally:
        shutil.rmtree(DIST)
        os.rename(old, DIST)


def own_not_built(pairbox):
    with Server(pairbox, env={"FRONTEND_DIR": os.path.join(ROOT, "missing")}, workers=1) as s:
        code, body, h = raw(s, "GET", "/")
        check(code == 503 and b"not built" in body and b"/playground" in body, f"GET / without a build: {code} {body[:200]!r}")
        check(h.get("content-type") == "text/html; charset=utf-8", f"{h!r}")
        policy(h, "the not-built page")
        code, body, _ = raw(s, "GET", "/rooms/3")
        check(code == 503, f"an app route without a build: {code}")
        code, body, _ = s.request("GET", "/assets/app.js")
        check(code == 404 and body == {"error": "not found"}, f"a file without a build: {code} {body!r}")
        code, _, _ = s.request("GET", "/playground")
        check(code == 200, f"the playground works without the web app: {code}")


def own_setting(pairbox):
    # --frontend-dir wins over FRONTEND_DIR (the settings' precedence).
    other = tempfile.mkdtemp(prefix="pairbox-webapp-flag-")
    try:
        with open(os.path.join(other, "index.html"), "w") as f:
            f.write("from the flag\n")
        with Server(pairbox, env={"FRONTEND_DIR": os.path.join(ROOT, "missing")}, args=["--frontend-dir", other],
                    workers=1) as s:
            code, body, _ = raw(s, "GET", "/")
            check(code == 200 and body == b"from the flag\n", f"--frontend-dir: {code} {body!r}")
    finally:
        shutil.rmtree(other)


def main():
    build_fixture()
    try:
        run_cases(globals(), {"FRONTEND_DIR": DIST})
    finally:
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
