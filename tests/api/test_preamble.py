#!/usr/bin/env python3
"""test_preamble.py - the request preamble of the route table (api/http.h's
route flags: ROUTE_BATCH, ROUTE_PROBLEM, ROUTE_WRITE, ROUTE_JSON_BODY,
ROUTE_JUDGE0) and the body cap, byte for byte on a real `pairbox serve`:

  * maintenance mode: Judge0's routes answer Judge0's message, pairbox's
    own routes theirs; reads go on; an unknown problem is a 404 before the
    maintenance 503, and disabled batches a 400 before it;
  * bodies: Judge0's rules (blank is {}, a form is an object of its
    fields, the first of each name; its 400 messages; a batch refuses a
    form) and pairbox's own ("body is not a JSON object: ...");
  * the body cap: a body of exactly MAX_BODY_SIZE is read, one byte more
    is a 413 naming the limit, declared (Content-Length) or chunked;
  * /metrics: the whole page.

usage: test_preamble.py PAIRBOX [--case NAME ...]
"""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, run_cases  # noqa: E402

PROBLEMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "problems")
ADMIN = {"X-Auth-User": "admin"}
J0_MAINT = b'{"error":"Judge0 is currently in maintenance."}'
OWN_MAINT = b'{"error":"maintenance mode is enabled, new submissions are not accepted"}'
NOT_FOUND = b'{"error":"problem not found"}'
WRONG_TYPE = b'{"error":"body is not a JSON object: wrong type"}'


def raw(s, method, path, body=b"", ctype="application/json", headers=None, chunked=False):
    """(status, body bytes) of one request; chunked sends the body in 4 KB pieces without a length."""
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
    h = dict(headers or {})
    if ctype:
        h["Content-Type"] = ctype
    if chunked:
        pieces = [body[i:i + 4096] for i in range(0, len(body), 4096)]
        c.request(method, path, body=iter(pieces), headers=h, encode_chunked=True)
    else:
        c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    out = (r.status, r.read())
    c.close()
    return out


def expect(got, status, body, what):
    check(got == (status, body), f"{what}: {got!r}, wanted {(status, body)!r}")


def expect_prefix(got, status, prefix, what):
    check(got[0] == status and got[1].startswith(prefix), f"{what}: {got!r}, wanted {status} {prefix!r}...")


def own_maintenance(pairbox):
    """Maintenance mode, batches off: which check answers first, in each dialect."""
    with Server(pairbox, env={"MAINTENANCE_MODE": "true", "AUTHZ_TOKEN": "admin", "ENABLE_SUBMISSION_DELETE": "true",
                              "ENABLE_BATCHED_SUBMISSIONS": "false", "PROBLEMS_DIR": PROBLEMS}, workers=1) as s:
        answers_in_maintenance(s)


def answers_in_maintenance(s):
    expect(raw(s, "POST", "/submissions", b"{}"), 503, J0_MAINT, "Judge0 create")
    expect(raw(s, "POST", "/submissions", b"{not json"), 503, J0_MAINT, "maintenance before the body")
    expect(raw(s, "DELETE", "/submissions/abc", headers=ADMIN), 503, J0_MAINT, "Judge0 delete")
    expect(raw(s, "DELETE", "/submissions/abc"), 403, b"", "authorization before maintenance")
    expect(raw(s, "POST", "/submissions/batch", b'{"submissions": [{}]}'), 400,
           b'{"error":"batched submissions are not allowed"}', "disabled batches before maintenance")
    expect(raw(s, "GET", "/submissions/batch?tokens=a"), 400, b'{"error":"batched submissions are not allowed"}',
           "disabled batches, show")
    expect(raw(s, "POST", "/api/v1/submissions", b"{not json"), 503, OWN_MAINT, "native create")
    expect(raw(s, "POST", "/api/v1/problems/add-two-numbers/submit", b"{}"), 503, OWN_MAINT, "problem submit")
    expect(raw(s, "POST", "/api/v1/problems/add-two-numbers/run", b"[]"), 503, OWN_MAINT, "problem run")
    expect(raw(s, "POST", "/api/v1/problems/nope/submit", b"{}"), 404, NOT_FOUND, "unknown problem before maintenance")
    expect(raw(s, "POST", "/api/v1/problems/nope/run", b"{}"), 404, NOT_FOUND, "unknown problem, run")
    expect(raw(s, "GET", "/api/v1/problems/nope"), 404, NOT_FOUND, "unknown problem, show")
    check(raw(s, "GET", "/api/v1/problems/add-two-numbers")[0] == 200, "reads go on: a problem")
    expect(raw(s, "GET", "/submissions/abc"), 404, b'{"error":"submission not found"}', "reads go on: a submission")
    # Adding a problem is no submission: not refused in maintenance, its body still checked.
    expect(raw(s, "POST", "/api/v1/problems", b"[1]", headers=ADMIN), 400, WRONG_TYPE, "problem add, not a write")

def case_bodies(s):
    """Judge0's body rules and pairbox's own."""
    blank = raw(s, "POST", "/submissions", b"")
    check(blank[0] == 422 and json.loads(blank[1]).get("source_code") == ["can't be blank"], f"blank body is {{}}: {blank}")
    expect(raw(s, "POST", "/submissions", b" \n\t "), blank[0], blank[1], "white space is blank")
    expect(raw(s, "POST", "/submissions", b"[1]"), 400, b'{"error":"the JSON body must be an object"}', "Judge0: not an object")
    expect_prefix(raw(s, "POST", "/submissions", b"{not json"), 400, b'{"error":"malformed JSON body: ', "Judge0: malformed")
    form = (b"source_code=print(6*7)&language_id=71&x%00y=1&%ff=2&&=&source_code=ignored&"
            b"expected_output=42%0A&fields=source_code,language_id,expected_output")
    code, body = raw(s, "POST", "/submissions", form, ctype="application/x-www-form-urlencoded")
    token = json.loads(body).get("token") if code == 201 else None
    check(token, f"a form post: {code} {body!r}")
    if token:
        code, body = raw(s, "GET", f"/submissions/{token}?fields=source_code,language_id,expected_output", ctype=None)
        check(code == 200 and json.loads(body) == {"source_code": "print(6*7)", "language_id": 71, "expected_output": "42\n"},
              f"the form's fields, the first of each name: {code} {body!r}")
    expect(raw(s, "POST", "/submissions/batch", b"submissions=1", ctype="application/x-www-form-urlencoded"), 400,
           b'{"error":"a batch must be a JSON body: {\\"submissions\\": [...]}"}', "a batch refuses a form")
    expect(raw(s, "POST", "/api/v1/submissions", b"[1]"), 400, WRONG_TYPE, "native: not an object")
    expect_prefix(raw(s, "POST", "/api/v1/submissions", b""), 400, b'{"error":"body is not a JSON object: ', "native: empty")
    expect(raw(s, "POST", "/api/v1/problems/add-two-numbers/submit", b"[1]"), 400, WRONG_TYPE, "problem submit: not an object")
    expect(raw(s, "POST", "/api/v1/problems", b"[1]"), 403, b"", "problem add: authorization before the body")


def case_body_cap(s):
    """MAX_BODY_SIZE=64 (KB): exactly the cap is read; one byte more is refused."""
    too_large = b'{"error":"request body larger than 64 KB"}'
    at_cap = b"[1]" + b" " * (64 * 1024 - 3)
    for chunked in (False, True):
        how = "chunked" if chunked else "declared"
        expect(raw(s, "POST", "/api/v1/submissions", at_cap, chunked=chunked), 400, WRONG_TYPE, f"{how}: at the cap")
        expect(raw(s, "POST", "/api/v1/submissions", at_cap + b" ", chunked=chunked), 413, too_large, f"{how}: past it")
        expect(raw(s, "POST", "/submissions", b" " * (200 * 1024), chunked=chunked), 413, too_large, f"{how}: far past it")
    check(raw(s, "GET", "/api/v1/health", ctype=None)[0] == 200, "still serving")


def case_metrics(s):
    """The whole /metrics page, its lines in place."""
    code, m = raw(s, "GET", "/metrics", ctype=None)
    text = m.decode()
    check(code == 200 and text.startswith("# HELP pairbox_queue_length Submissions waiting for a worker.\n")
          and text.endswith("\n") and "\npairbox_judge_seconds_count " in text and text.count("\n") == 50,
          f"metrics page: {code} {text[-200:]!r}")


if __name__ == "__main__":
    run_cases(globals(), {"MAX_BODY_SIZE": "64", "PROBLEMS_DIR": PROBLEMS, "AUTHZ_TOKEN": "admin"})
