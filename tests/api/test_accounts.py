#!/usr/bin/env python3
"""test_accounts.py - the platform's accounts on a real `pairbox serve`
(docs/platform.md, "Conventions" and "Accounts"; api/routes_auth.c,
api/routes_me.c, ROUTE_SESSION in api/http.c):

  * sign-up, login, logout, GET/PATCH/DELETE /me, the avatar: each with and
    without a session, every 4xx (409 a taken name in any case, 422 naming
    each field, 401, 403, 413, 415);
  * the cookie: its exact attributes (Secure behind TLS), the token's shape;
    logging out and deleting the account end the sessions;
  * Origin: a cookie-carrying state change from another site, or without
    Origin, is 403; the server's own origin and ALLOWED_ORIGINS pass; the
    Judge0 routes do not look;
  * rate limits at their documented defaults: 429 with Retry-After;
  * an unknown user is answered as a wrong password, in about the same time.

The shared server raises the rate limits so the cases do not meet them;
own_rate_limits starts one with the defaults.

usage: test_accounts.py PAIRBOX [--case NAME ...]
"""
import http.client
import json
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, need, run_cases  # noqa: E402

HIGH_LIMITS = {"SIGNUP_PER_HOUR": "100000", "LOGIN_PER_MINUTE": "100000", "LOGIN_FAILURES": "100000",
               "SESSION_PER_MINUTE": "100000"}
PASSWORD = "correct horse battery"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF\x00" + bytes(100)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(30)
LOG_IN_FIRST = {"error": "log in first"}
CROSS_SITE = {"error": "cross-site request refused"}
SESSION_ROUTES = [("POST", "/api/v1/auth/logout", None), ("GET", "/api/v1/me", None),
                  ("PATCH", "/api/v1/me", {"bio": "x"}), ("DELETE", "/api/v1/me", None),
                  ("PUT", "/api/v1/me/avatar", PNG)]
_names = iter(range(1, 1 << 30))


def fresh_name(prefix="user"):
    return f"{prefix}{next(_names)}"


def server_origin(s):
    return s.url                       # http://127.0.0.1:PORT, the Host urllib sends


def call(s, method, path, body=None, cookie=None, origin=True, headers=None):
    """(status, body, headers) of one request; origin True sends the server's own Origin."""
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = cookie if "=" in cookie else f"pairbox_session={cookie}"
    if origin is True:
        h["Origin"] = server_origin(s)
    elif origin:
        h["Origin"] = origin
    ctype = None if isinstance(body, (dict, list)) or body is None else "application/octet-stream"
    return s.request(method, path, body, headers=h, content_type=ctype)


def session_of(headers):
    """The token a Set-Cookie sets, or None."""
    m = re.match(r"pairbox_session=([^;]*);", headers.get("set-cookie", ""))
    return m.group(1) if m else None


def signup(s, name=None, password=PASSWORD, **extra):
    """A new account: (user, token)."""
    name = name or fresh_name()
    code, body, h = call(s, "POST", "/api/v1/auth/signup", {"username": name, "password": password, **extra})
    check(code == 201, f"sign-up {name}: HTTP {code} {body!r}")
    return body, session_of(h)


def login(s, name, password=PASSWORD, origin=True):
    return call(s, "POST", "/api/v1/auth/login", {"username": name, "password": password}, origin=origin)


def me(s, token):
    return call(s, "GET", "/api/v1/me", cookie=token, origin=False)


def case_signup(s):
    code, user, h = call(s, "POST", "/api/v1/auth/signup", {"username": "Ada_Lovelace-1", "password": PASSWORD})
    check(code == 201, f"HTTP {code} {user!r}")
    token = session_of(h)
    check(token and re.fullmatch(r"[A-Za-z0-9_-]{43}", token), f"token shape: {h.get('set-cookie')!r}")
    check(h["set-cookie"] == f"pairbox_session={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000",
          f"cookie attributes: {h['set-cookie']!r}")
    check(h.get("cache-control") == "no-store", f"Cache-Control: {h.get('cache-control')!r}")
    want = {"username": "ada_lovelace-1", "display_name": "ada_lovelace-1", "bio": "", "city": "", "country": "",
            "organisation": "", "languages": [], "level": None, "rating": 1500, "avatar_url": None}
    check({k: user.get(k) for k in want} == want, f"the new user: {user!r}")
    check(isinstance(user["id"], int) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", user["created_at"]),
          f"id and created_at: {user!r}")
    check(sorted(user) == sorted(list(want) + ["id", "created_at"]), f"keys: {sorted(user)}")
    check(need(me(s, token), 200, "GET /me") == user, "GET /me is the user sign-up answered")
    # A display name given is kept as typed, user text as text.
    name = fresh_name()
    u, _ = signup(s, name, display_name="<b>Ann</b> \u00e9\U0001F600")
    check(u["display_name"] == "<b>Ann</b> \u00e9\U0001F600", f"display name: {u['display_name']!r}")
    # Another cookie beside ours is no trouble.
    code, body, _ = call(s, "GET", "/api/v1/me", cookie=f"theme=dark; pairbox_session={token}; x=1", origin=False)
    check(code == 200 and body["id"] == user["id"], f"among other cookies: {code} {body!r}")


def case_signup_fields(s):
    def errors(body, code=422):
        return need(call(s, "POST", "/api/v1/auth/signup", body), code, f"sign-up {body!r}"[:200])

    ok = fresh_name()
    bad_name = ["must be 3 to 32 characters of a-z, 0-9, _ and -"]
    check(errors({"password": PASSWORD}) == {"username": ["is required: 3 to 32 of a-z, 0-9, _ and -"]},
          "no username")
    for name in ["ab", "a" * 33, "has space", "dot.ted", "caf\u00e9", "semi;colon", ""]:
        check(errors({"username": name, "password": PASSWORD}) == {"username": bad_name}, f"username {name!r}")
    check(errors({"username": 12345, "password": PASSWORD}) == {"username": ["is required: 3 to 32 of a-z, 0-9, _ and -"]},
          "a number as username")
    check(errors({"username": ok}) == {"password": ["is required: 8 to 1024 bytes"]}, "no password")
    for pw in ["1234567", "x" * 1025, "\u00e9" * 513]:               # bytes, not characters
        check(errors({"username": ok, "password": pw}) == {"password": ["must be 8 to 1024 bytes"]}, f"password {len(pw)}")
    check(errors({"username": ok, "password": PASSWORD, "display_name": "x" * 65}) ==
          {"display_name": ["must be at most 64 characters"]}, "display name 65")
    check(errors({"username": ok, "password": PASSWORD, "display_name": "a\nb"}) ==
          {"display_name": ["must not hold control characters or line breaks"]}, "display name with a line break")
    check(errors({"username": ok, "password": PASSWORD, "display_name": ""}) == {"display_name": ["must not be empty"]},
          "empty display name")
    check(errors({"username": ok, "password": PASSWORD, "level": "advanced"}) ==
          {"level": ["is not a field of a sign-up"]}, "an unknown field")
    # Every problem at once.
    check(sorted(errors({"username": "x", "password": "short", "extra": 1})) == ["extra", "password", "username"],
          "all the problems together")
    # Not JSON, not an object.
    check(errors("{nope", 400)["error"].startswith("body is not a JSON object"), "malformed body")
    check(errors([1, 2], 400) == {"error": "body is not a JSON object: wrong type"}, "an array")
    # The limits themselves pass: 3 and 32 characters, 8 and 1024 bytes, 64 characters of display name.
    signup(s, "a" * 32, password="x" * 1024)
    signup(s, "a-_", password="12345678", display_name="\U0001F600" * 64)
    # Platform bodies are capped at 64 KiB.
    code, body, _ = call(s, "POST", "/api/v1/auth/signup", {"username": ok, "password": "x" * (65 * 1024)})
    check(code == 413 and body == {"error": "request body larger than 64 KB"}, f"65 KiB body: {code} {body!r}")


def case_signup_taken(s):
    name = fresh_name("taken")
    signup(s, name)
    for again in [name, name.upper(), name.capitalize()]:
        code, body, h = call(s, "POST", "/api/v1/auth/signup", {"username": again, "password": PASSWORD})
        check(code == 409 and body == {"username": ["is taken"]}, f"{again}: {code} {body!r}")
        check("set-cookie" not in h, "no session for a refused sign-up")


def case_login(s):
    name = fresh_name("Login")
    user, first = signup(s, name)
    for typed in [name, name.lower(), name.upper()]:
        code, body, h = login(s, typed)
        check(code == 200 and body == user, f"login as {typed}: {code} {body!r}")
        token = session_of(h)
        check(token and token != first, "a new session each login")
        check(h["set-cookie"].endswith("; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000"), h["set-cookie"])
        check(need(me(s, token), 200, "the new session")["id"] == user["id"], "its user")
    check(need(me(s, first), 200, "the first session still")["id"] == user["id"], "sessions side by side")
    wrong = {"error": "wrong username or password"}
    for typed, pw in [(name, PASSWORD + "!"), (name, ""), ("nobody-here", PASSWORD), (name + "x", PASSWORD),
                      (name, "x" * 5000)]:
        code, body, h = login(s, typed, pw)
        check(code == 401 and body == wrong and "set-cookie" not in h, f"{typed}/{pw[:8]}: {code} {body!r}")
    code, body, _ = call(s, "POST", "/api/v1/auth/login", {"username": name})
    check(code == 422 and body == {"password": ["is required"]}, f"no password: {code} {body!r}")
    code, body, _ = call(s, "POST", "/api/v1/auth/login", {"password": 5, "user": name})
    check(code == 422 and sorted(body) == ["password", "user", "username"], f"bad fields: {code} {body!r}")


def case_login_unknown_user_time(s):
    """An unknown user costs a hash too: the same answer in about the same time (medians of 7, a loose bound)."""
    name = fresh_name()
    signup(s, name)

    def median(user):
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            code, _, _ = login(s, user, "wrong password!")
            times.append(time.perf_counter() - t0)
            check(code == 401, f"{user}: HTTP {code}")
        return statistics.median(times)

    known, unknown = median(name), median("no-such-" + name)
    check(unknown > known / 3, f"unknown user answered in {unknown * 1000:.1f} ms, a known one in {known * 1000:.1f} ms")


def case_session_required(s):
    """Every session route: 401 without a cookie, with a malformed one (cleared), and with an unknown token."""
    unknown = "A" * 43
    for method, path, body in SESSION_ROUTES:
        for cookie in [None, "garbage", unknown, f"pairbox_session={unknown}x"]:
            code, got, h = call(s, method, path, body, cookie=cookie)
            check(code == 401 and got == LOG_IN_FIRST, f"{method} {path} cookie {cookie!r}: {code} {got!r}")
            if cookie:
                check(h.get("set-cookie") == "pairbox_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0",
                      f"{method} {path}: a dead cookie is cleared: {h.get('set-cookie')!r}")


def case_origin(s):
    user, token = signup(s)
    evil = "https://evil.example"
    for method, path, body in SESSION_ROUTES:
        if method == "GET":
            continue
        for origin in [evil, False, "null", server_origin(s) + ".evil.example", server_origin(s).replace("http:", "https:")]:
            code, got, _ = call(s, method, path, body, cookie=token, origin=origin)
            check(code == 403 and got == CROSS_SITE, f"{method} {path} Origin {origin!r}: {code} {got!r}")
    # Reads need no Origin; the session survived every refused request.
    check(need(me(s, token), 200, "GET /me without Origin") == user, "nothing changed")
    check(need(call(s, "PATCH", "/api/v1/me", {"city": "Oslo"}, cookie=token), 200, "own Origin")["city"] == "Oslo",
          "own origin passes")
    code, _, _ = call(s, "PATCH", "/api/v1/me", {"city": "Rome"}, cookie=token, origin=server_origin(s).upper())
    check(code == 200, f"origins compare case-blind: {code}")
    # Sign-up and login: a foreign Origin is refused with or without a cookie; none is fine without one.
    for path, body in [("/api/v1/auth/signup", {"username": fresh_name(), "password": PASSWORD}),
                       ("/api/v1/auth/login", {"username": user["username"], "password": PASSWORD})]:
        code, got, _ = call(s, "POST", path, body, origin=evil)
        check(code == 403 and got == CROSS_SITE, f"{path} from another site: {code} {got!r}")
        code, got, _ = call(s, "POST", path, body, cookie=token, origin=False)
        check(code == 403 and got == CROSS_SITE, f"{path} with a cookie, no Origin: {code} {got!r}")
    code, _, _ = login(s, user["username"], origin=False)
    check(code == 200, f"login without Origin or cookie (a script): {code}")
    # The Judge0 routes keep their own rules: a cookie and a foreign Origin change nothing.
    code, _, _ = call(s, "POST", "/authenticate", cookie=token, origin=evil)
    check(code == 200, f"POST /authenticate with a cookie from another site: {code}")


def own_allowed_origins(pairbox):
    """--behind-tls: the cookie is Secure and the server's own origin is https; ALLOWED_ORIGINS passes too."""
    app = "https://app.example.com"
    with Server(pairbox, env=dict(HIGH_LIMITS, ALLOWED_ORIGINS=f"{app}/, http://other.example:8080"),
                args=["--behind-tls"], workers=1) as s:
        code, _, h = call(s, "POST", "/api/v1/auth/signup", {"username": fresh_name(), "password": PASSWORD},
                          origin=False)
        check(code == 201 and h["set-cookie"].endswith("; Max-Age=2592000; Secure"), f"Secure: {h.get('set-cookie')!r}")
        token = session_of(h)
        for origin, want in [(app, 200), ("http://other.example:8080", 200), ("https://" + s.url[7:], 200),
                             (s.url, 403), ("http://app.example.com", 403), ("https://app.example.com:444", 403)]:
            code, body, _ = call(s, "PATCH", "/api/v1/me", {"country": "NO"}, cookie=token, origin=origin)
            check(code == want, f"Origin {origin}: {code} (wanted {want}) {body!r}")
        code, _, h = call(s, "POST", "/api/v1/auth/logout", cookie=token, origin=app)
        check(code == 204 and h["set-cookie"] == "pairbox_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure",
              f"logout: {code} {h.get('set-cookie')!r}")


def case_patch_me(s):
    user, token = signup(s)

    def patch(body, want=200):
        return need(call(s, "PATCH", "/api/v1/me", body, cookie=token), want, f"PATCH {json.dumps(body)[:120]}")

    got = patch({"display_name": "Ann B", "bio": "Line 1\nLine 2\t\u00e9", "city": "Oslo", "country": "Norway",
                 "organisation": "Recurse Center", "languages": ["python3", "cpp", "python3", "71"],
                 "level": "advanced"})
    want = dict(user, display_name="Ann B", bio="Line 1\nLine 2\t\u00e9", city="Oslo", country="Norway",
                organisation="Recurse Center", languages=["python3", "cpp"], level="advanced", rating=1800)
    check(got == want, f"every field: {got!r}")
    check(need(me(s, token), 200, "GET /me") == want, "stored")
    check(patch({"level": "beginner"})["rating"] == 1200, "a new level starts the rating again")
    check(patch({"level": "intermediate", "city": None})["rating"] == 1500, "intermediate")
    check(patch({})["city"] == "", "null clears a text; {} changes nothing")
    cleared = patch({"level": None})
    check(cleared["level"] is None and cleared["rating"] == 1500, f"level cleared, rating kept: {cleared!r}")
    check(patch({"bio": "x" * 2000, "organisation": "o" * 100})["bio"] == "x" * 2000, "the longest bio")
    before = need(me(s, token), 200, "before")
    for body, field, msg in [
            ({"bio": "x" * 2001}, "bio", "must be at most 2000 characters"),
            ({"city": "c" * 101}, "city", "must be at most 100 characters"),
            ({"country": 5}, "country", "must be a string"),
            ({"organisation": "a\nb"}, "organisation", "must not hold control characters or line breaks"),
            ({"bio": "a\x07"}, "bio", "must not hold control characters other than line breaks and tabs"),
            ({"display_name": None}, "display_name", "must be a string"),
            ({"display_name": ""}, "display_name", "must not be empty"),
            ({"languages": ["python3"] * 11}, "languages",
             "must be an array of at most 10 language names, as `pairbox langs` lists them"),
            ({"languages": "python3"}, "languages",
             "must be an array of at most 10 language names, as `pairbox langs` lists them"),
            ({"languages": ["cobol-2077"]}, "languages",
             "holds a name that is not a language this server knows (GET /languages/all)"),
            ({"level": "expert"}, "level", "must be beginner, intermediate or advanced (or null)"),
            ({"level": ""}, "level", "must be beginner, intermediate or advanced (or null)"),
            ({"username": "new"}, "username",
             "is not a field of the profile (display_name, bio, city, country, organisation, languages, level)")]:
        good = {"country": "Sweden"} if "city" in body else {"city": "Bergen"}
        check(patch(dict(body, **good), 422) == {field: [msg]}, f"{body!r}")
    check(need(me(s, token), 200, "after") == before, "a refused PATCH changes nothing, not even its good fields")
    code, got, _ = call(s, "PATCH", "/api/v1/me", "[]", cookie=token)
    check(code == 400, f"not an object: {code} {got!r}")


def case_logout(s):
    user, token = signup(s)
    _, _, h = login(s, user["username"])
    other = session_of(h)
    code, body, h = call(s, "POST", "/api/v1/auth/logout", cookie=token)
    check(code == 204 and not body, f"logout: {code} {body!r}")
    check(h.get("set-cookie") == "pairbox_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0", h.get("set-cookie"))
    code, body, _ = me(s, token)
    check(code == 401 and body == LOG_IN_FIRST, f"the ended session: {code} {body!r}")
    code, _, _ = call(s, "POST", "/api/v1/auth/logout", cookie=token)
    check(code == 401, f"logging out twice: {code}")
    check(need(me(s, other), 200, "the other session")["id"] == user["id"], "only that session ended")


def case_delete(s):
    name = fresh_name("gone")
    user, token = signup(s, name)
    _, _, h = login(s, name)
    other = session_of(h)
    need(call(s, "PUT", "/api/v1/me/avatar", PNG, cookie=token), 200, "an avatar")
    code, body, h = call(s, "DELETE", "/api/v1/me", cookie=token)
    check(code == 204 and not body, f"delete: {code} {body!r}")
    check(h.get("set-cookie", "").endswith("Max-Age=0"), f"cookie cleared: {h.get('set-cookie')!r}")
    for t in (token, other):
        code, body, _ = me(s, t)
        check(code == 401 and body == LOG_IN_FIRST, f"every session ended: {code} {body!r}")
    code, _, _ = login(s, name)
    check(code == 401, f"no login after deletion: {code}")
    code, _, _ = call(s, "GET", f"/api/v1/users/{user['id']}/avatar", origin=False)
    check(code == 404, f"the avatar went too: {code}")
    again, _ = signup(s, name.upper())
    check(again["id"] != user["id"] and again["username"] == name.lower(), f"the name is free again: {again!r}")


def case_avatar(s):
    user, token = signup(s)
    other, other_token = signup(s)
    for image, ctype in [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")]:
        code, body, _ = call(s, "PUT", "/api/v1/me/avatar", image, cookie=token,
                             headers={"Content-Type": "text/html"})      # the type comes from the bytes
        check(code == 200 and re.fullmatch(rf"/api/v1/users/{user['id']}/avatar\?v=\d+", body["avatar_url"] or ""),
              f"{ctype}: {code} {body!r}")
        check(need(me(s, token), 200, "GET /me")["avatar_url"] == body["avatar_url"], "avatar_url in /me")
        code, got, h = call(s, "GET", body["avatar_url"], origin=False)   # anyone: no cookie
        check(code == 200 and got == image, f"{ctype} served back: {code} {len(got or b'')} bytes")
        check(h.get("content-type") == ctype and h.get("x-content-type-options") == "nosniff",
              f"{ctype} headers: {h!r}")
        time.sleep(0.002)                           # the next upload gets a new ?v=
    for bad in [b"GIF89a" + bytes(20), b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"", b"\x89PNG", b"RIFF1234WEBX"]:
        code, body, _ = call(s, "PUT", "/api/v1/me/avatar", bad, cookie=other_token)
        check(code == 415 and body == {"error": "the avatar must be a PNG, JPEG or WebP image"}, f"{bad[:8]!r}: {code}")
    check(need(me(s, other_token), 200, "no avatar")["avatar_url"] is None, "a refused upload stores nothing")
    # 1 MiB exactly is taken; one byte more is 413 (the route's own cap, above the platform's 64 KiB).
    big = PNG + bytes(1024 * 1024 - len(PNG))
    check(need(call(s, "PUT", "/api/v1/me/avatar", big, cookie=other_token), 200, "1 MiB")["avatar_url"], "1 MiB")
    # A declared body past the cap is refused before it is read (http.c), so
    # a client still sending it may see its connection reset under the 413:
    # ask with the headers alone, as a client waiting for 100-continue does.
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    conn.putrequest("PUT", "/api/v1/me/avatar")
    for k, v in (("Cookie", f"pairbox_session={other_token}"), ("Origin", server_origin(s)),
                 ("Content-Type", "application/octet-stream"), ("Content-Length", str(len(big) + 1))):
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    code, body = r.status, json.loads(r.read() or b"null")
    conn.close()
    check(code == 413 and body == {"error": "request body larger than 1024 KB"}, f"1 MiB + 1: {code} {body!r}")
    code, got, _ = call(s, "GET", f"/api/v1/users/{other['id']}/avatar", origin=False)
    check(code == 200 and got == big, "the 1 MiB image back")
    for path in ["/api/v1/users/99999999/avatar", "/api/v1/users/abc/avatar", "/api/v1/users/-1/avatar",
                 "/api/v1/users/99999999999999999999999/avatar"]:
        code, body, _ = call(s, "GET", path, origin=False)
        check(code == 404 and body == {"error": "no avatar"}, f"{path}: {code} {body!r}")


def own_rate_limits(pairbox):
    """The documented defaults: 10 sign-ups an hour per address; 5 failed logins per account, then
    one a minute; 30 logins a minute per address; 120 requests a minute per user on session routes."""
    with Server(pairbox, workers=1) as s:
        def refused(resp, what, low, high):
            code, body, h = resp
            check(code == 429 and isinstance(body, dict) and body.get("error"), f"{what}: {code} {body!r}")
            wait = int(h.get("retry-after", "0"))
            check(low <= wait <= high, f"{what}: Retry-After {h.get('retry-after')!r}")

        (first, first_token), (second, second_token) = signup(s), signup(s)
        for _ in range(8):
            signup(s)
        refused(call(s, "POST", "/api/v1/auth/signup", {"username": fresh_name(), "password": PASSWORD}),
                "the 11th sign-up", 1, 360)
        # Per account: 5 failures, then refused even with the right password.
        victim = first["username"]
        for i in range(5):
            code, _, _ = login(s, victim, "wrong password")
            check(code == 401, f"failure {i + 1}: {code}")
        refused(login(s, victim), "the 6th login to one account", 1, 60)
        refused(login(s, victim.upper()), "the same account in capitals", 1, 60)
        # Another account is not affected, and a success does not use its tokens up.
        for _ in range(7):
            code, _, _ = login(s, second["username"])
            check(code == 200, f"another account: {code}")
        # Per address: 30 attempts a minute, whichever accounts (5 + 2 + 7 = 14 so far). Tokens
        # come back one per 2 s while the test runs, so the bound allows for the time it took.
        admitted, elapsed, resp = until_refused(lambda i: login(s, f"nobody{i}", "wrong password"), 100)
        refused(resp, "logins past 30 from one address", 1, 3)
        check(16 <= admitted <= 16 + elapsed / 2 + 1, f"{admitted} more logins admitted in {elapsed:.1f} s")
        # Per user on the session routes: 120 a minute (a token back each 0.5 s), all routes alike.
        admitted, elapsed, resp = until_refused(
            lambda i: me(s, second_token) if i % 2 else call(s, "PATCH", "/api/v1/me", {"bio": str(i)},
                                                             cookie=second_token), 400)
        refused(resp, "session requests past 120 a minute", 1, 1)
        check(120 <= admitted <= 120 + elapsed * 2 + 1, f"{admitted} session requests admitted in {elapsed:.1f} s")
        # Another user has a bucket of their own.
        check(need(me(s, first_token), 200, "another user")["id"] == first["id"], "another user's requests")


def until_refused(attempt, most):
    """Call attempt(i) until it answers 429 (at most `most` times): (admitted, seconds, the 429 answer)."""
    t0 = time.time()
    for i in range(most):
        resp = attempt(i)
        if resp[0] == 429:
            return i, time.time() - t0, resp
        check(resp[0] in (200, 401), f"attempt {i}: HTTP {resp[0]} {resp[1]!r}")
    check(False, f"no 429 in {most} attempts")
    return most, time.time() - t0, None

if __name__ == "__main__":
    run_cases(globals(), HIGH_LIMITS)
