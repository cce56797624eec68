#!/usr/bin/env python3
"""test_problems.py - the problem bank over HTTP (api/routes_problems.c,
api/bank.c, api/psubm.c) on a real `pairbox serve` with the fixture
problems of tests/api/problems/ (add-two-numbers: stdin/stdout;
max-element: function-style; Python and C solutions each):

  * list, filters (difficulty, tag), FTS5 search with hostile query
    strings, paging, 422 naming the parameter;
  * show: statement, limits, samples, hints and the editorial on request
    (the editorial only for X-Auth-User), starter code per language, 404;
  * submit: accepted (Python, C), wrong answer on a hidden test, compile
    error, a program that echoes its input to stdout and stderr; per-test
    results; wait=true and polling; the Judge0 view of the same row;
  * run: the samples (input, expected and output side by side), custom
    input, a function problem's custom input checked (422);
  * a function problem and a language without a harness: 422 `language`;
  * bad bodies: 400 / 422 naming the field, 404 for an unknown slug;
  * run-time additions: X-Auth-User required, 422 naming the field, 409,
    then listed, searchable, shown, submittable;
  * a restart (kill -9) judges pending problem submissions against the
    problem's tests, and loads the problems added at run time.

PROBLEM-HIDDEN: no response anywhere (list, show, submit, run, the native
and the Judge0 submission views) and no stored row holds a hidden test's
input or answer, or the program's output on one.

usage: test_problems.py PAIRBOX [--case NAME ...]
"""
import json
import os
import re
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, Server, check, free_port, need, run_cases  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROBLEMS = os.path.join(HERE, "problems")
ADMIN = {"X-Auth-User": "admin"}
ENV = {"PROBLEMS_DIR": PROBLEMS, "AUTHZ_TOKEN": "admin"}
BASH = 46
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def read(*parts):
    with open(os.path.join(PROBLEMS, *parts)) as f:
        return f.read()


def hidden_secrets(slug):
    """Every number in the hidden tests' inputs and answers: none may ever
    leave the server (the fixtures use numbers found nowhere else)."""
    out = set()
    d = os.path.join(PROBLEMS, slug, "tests", "hidden")
    for name in os.listdir(d):
        for tok in read(slug, "tests", "hidden", name).replace("[", " ").replace("]", " ").replace(",", " ").split():
            out.add(tok.lstrip("-"))
    return out


SECRETS = {slug: hidden_secrets(slug) for slug in ("add-two-numbers", "max-element")}
# The problems case_add adds: their hidden inputs and answers.
SECRETS["count-vowels"] = {"rhythm", "aquaeoiuvowelsqwzx"}
SECRETS["double-it"] = {"4000000000", "8000000000"}


def no_secrets(body, slug, what):
    text = json.dumps(body) if not isinstance(body, (bytes, str)) else (
        body.decode("utf-8", "replace") if isinstance(body, bytes) else body)
    text = UUID.sub("<token>", text)          # hex tokens may hold any digits
    leaked = sorted(s for s in SECRETS[slug] if s in text)
    check(not leaked, f"{what}: hidden test data {leaked} in {text[:2000]}")


def solution(slug, verdict, name):
    return read(slug, "submissions", verdict, name)


def slugs(body):
    return [p["slug"] for p in body["problems"]]


def wait_final(s, token, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        body = need(s.request("GET", f"/api/v1/submissions/{token}"), 200, "poll")
        if body.get("final"):
            return body
        time.sleep(0.2)
    raise Failure(f"{token} not final after {timeout} s")


# ---- list and search ----

def case_list(s):
    body = need(s.request("GET", "/api/v1/problems"), 200, "list")
    check(slugs(body) == ["add-two-numbers", "max-element"], f"by difficulty, easy first: {slugs(body)}")
    meta = body["meta"]
    check(meta["total_count"] == 2 and meta["current_page"] == 1 and meta["total_pages"] == 1
          and meta["next_page"] is None, f"meta: {meta}")
    add, mx = body["problems"]
    check(add == {"slug": "add-two-numbers", "title": "Add Two Numbers", "difficulty": "easy",
                  "tags": ["math", "implementation"], "function": False, "format": "pairbox",
                  "starter_languages": [], "sample_count": 2, "test_count": 5}, f"stdin/stdout summary: {add}")
    check(mx["function"] is True and mx["sample_count"] == 2 and mx["test_count"] == 4 and mx["tags"] == ["arrays"],
          f"function summary: {mx}")
    for lang in ("c", "cpp", "python3", "java", "javascript", "go", "rust"):
        check(lang in mx["starter_languages"], f"{lang} among the starter languages: {mx['starter_languages']}")
    check("bash" not in mx["starter_languages"], "bash has no harness")
    for slug in SECRETS:
        no_secrets(body, slug, "list")

    def found(query, want):
        got = slugs(need(s.request("GET", "/api/v1/problems?" + query), 200, query))
        check(got == want, f"{query}: {got}, wanted {want}")

    found("difficulty=easy", ["add-two-numbers"])
    found("difficulty=medium", ["max-element"])
    found("difficulty=hard", [])
    found("tag=arrays", ["max-element"])
    found("tag=ARRAYS", ["max-element"])
    found("tag=graphs", [])
    found("difficulty=easy&tag=arrays", [])
    found("q=sum", ["add-two-numbers"])
    found("q=largest", ["max-element"])
    found("q=integers+sum", ["add-two-numbers"])        # every word must match
    found("q=arr*", ["max-element"])                    # a prefix
    found("q=array", ["max-element"])                   # stemmed
    found("q=numbers&difficulty=medium", [])
    found("q=+++", ["add-two-numbers", "max-element"])  # blank: no search
    found("per_page=1", ["add-two-numbers"])
    found("per_page=1&page=2", ["max-element"])
    found("per_page=1&page=3", [])
    # Hostile search text is words, never FTS5 syntax: 200 every time.
    for q in ['"', 'AND OR (', 'NEAR(a b)', 'title:sum', '*', '^sum', 'a" OR "b', '(((', '-x', "'", '\\',
              'sum" OR title:*', '{title}:x', '%22%22%22', '%00', 'ünïcødé ✓', 'x' * 256]:
        code, body, _ = s.request("GET", "/api/v1/problems?q=" + urllib.parse.quote(q, safe="%"))
        check(code == 200 and "problems" in body, f"q={q!r}: {code} {body}")
    for query, field in [("difficulty=extreme", "difficulty"), ("page=0", "page"), ("page=x", "page"),
                         ("per_page=101", "per_page"), ("per_page=-1", "per_page"), ("q=" + "x" * 257, "q"),
                         ("tag=" + "t" * 65, "tag")]:
        body = need(s.request("GET", "/api/v1/problems?" + query), 422, query)
        check(field in body, f"{query}: 422 names {field}: {body}")


# ---- show ----

def case_show(s):
    p = need(s.request("GET", "/api/v1/problems/add-two-numbers"), 200, "show")
    check(p["statement"] == read("add-two-numbers", "statement.md") and p["statement_format"] == "markdown",
          "the statement as written")
    check(p["time_limit"] == 1 and p["memory_limit"] == 256, f"limits: {p['time_limit']} {p['memory_limit']}")
    check([(x["name"], x["input"], x["output"]) for x in p["samples"]] ==
          [("sample/01-small", "1 2\n", "3\n"), ("sample/02-negative", "10 -4\n", "6\n")], f"samples: {p['samples']}")
    check(p["sample_count"] == 2 and p["test_count"] == 5, f"counts: {p['sample_count']} {p['test_count']}")
    check(p["hidden_tests"] == ["hidden/01-medium", "hidden/02-large", "hidden/03-both-negative"],
          f"hidden names (names are fine): {p['hidden_tests']}")
    check(p["function"] is False and p["signature"] is None and p["starter_code"] == {}, "no function, no starter code")
    check(p["hint_count"] == 2 and "hints" not in p and "editorial" not in p, "hints and editorial only on request")
    no_secrets(p, "add-two-numbers", "show")
    p = need(s.request("GET", "/api/v1/problems/add-two-numbers?hints=true"), 200, "hints")
    check(p["hints"] == ["Read both numbers from one line.", "Mind the sign: the numbers may be negative."],
          f"hints: {p.get('hints')}")
    body = need(s.request("GET", "/api/v1/problems/add-two-numbers?editorial=true"), 403, "editorial, no auth")
    check("X-Auth-User" in body["error"], f"says what is needed: {body}")
    need(s.request("GET", "/api/v1/problems/add-two-numbers?editorial=true", headers={"X-Auth-User": "nope"}),
         403, "editorial, wrong user")
    p = need(s.request("GET", "/api/v1/problems/add-two-numbers?editorial=true", headers=ADMIN), 200, "editorial")
    check(p["editorial"] == read("add-two-numbers", "editorial.md"), "the editorial for the interviewer side")

    f = need(s.request("GET", "/api/v1/problems/max-element"), 200, "show function problem")
    check(f["signature"] == {"name": "maxElement", "params": [{"name": "nums", "type": "int[]"}], "returns": "int"},
          f"the declaration: {f['signature']}")
    sc = f["starter_code"]
    check(sorted(sc) == sorted(need(s.request("GET", "/api/v1/problems"), 200, "list")["problems"][1]
                               ["starter_languages"]), "starter code for every starter language")
    for lang, name in [("python3", "def max_element"), ("c", "maxElement"), ("cpp", "maxElement"),
                       ("java", "maxElement"), ("go", "maxElement"), ("rust", "fn max_element"),
                       ("csharp", "MaxElement")]:
        check(lang in sc and name in sc[lang], f"starter code for {lang} names {name}: {sc.get(lang)!r}")
    check([x["input"] for x in f["samples"]] == ["[1,5,3]\n", "[-7]\n"], f"function samples: {f['samples']}")
    no_secrets(f, "max-element", "show function problem")

    body = need(s.request("GET", "/api/v1/problems/no-such-problem"), 404, "unknown slug")
    check(body == {"error": "problem not found"}, f"404 body: {body}")
    need(s.request("GET", "/api/v1/problems/..%2F..%2Fetc"), 404, "a path in the slug")
    need(s.request("DELETE", "/api/v1/problems/add-two-numbers"), 405, "wrong method")


# ---- submit ----

def submit(s, slug, lang, source, wait=True):
    q = "?wait=true" if wait else ""
    body = need(s.request("POST", f"/api/v1/problems/{slug}/submit{q}", {"language": lang, "source": source},
                          timeout=300), 201, f"submit {slug} {lang}")
    no_secrets(body, slug, f"submit {slug} {lang}")
    return body


def case_submit(s):
    ok = submit(s, "add-two-numbers", "python3", solution("add-two-numbers", "accepted", "sum.py"))
    check(ok["final"] and ok["status"]["id"] == 3, f"Python accepted: {ok}")
    check([t["name"] for t in ok["tests"]] == ["sample/01-small", "sample/02-negative", "hidden/01-medium",
                                               "hidden/02-large", "hidden/03-both-negative"], f"every test: {ok['tests']}")
    check(all(t["status"]["id"] == 3 and t["time"] is not None and t["memory"] is not None for t in ok["tests"]),
          f"per-test verdict, time, memory: {ok['tests']}")
    check([t["stdout"] for t in ok["tests"][:2]] == ["3\n", "6\n"], "samples show their output")
    check(all(t["stdout"] is None and t["stderr"] is None for t in ok["tests"][2:]), "hidden tests show none")
    check(ok["problem"] == {"slug": "add-two-numbers", "tests": "all"}, f"the row names its problem: {ok['problem']}")
    check(ok["stdout"] is None, "the deciding (last, hidden) test's output is not shown")

    ok = submit(s, "add-two-numbers", 50, solution("add-two-numbers", "accepted", "sum.c"))
    check(ok["status"]["id"] == 3 and ok["language"]["id"] == 50, f"C by Judge0 id accepted: {ok}")

    wa = submit(s, "add-two-numbers", "c", solution("add-two-numbers", "wrong_answer", "int_overflow.c"))
    check(wa["status"]["id"] == 4, f"overflow: wrong answer: {wa}")
    check([t["status"]["id"] for t in wa["tests"]] == [3, 3, 3, 4, 3], f"per test: {wa['tests']}")
    check(wa["message"] == "test hidden/02-large: Wrong Answer", f"the message names the test only: {wa['message']}")
    check(wa["tests"][3]["message"] is None, f"no comparator words for a hidden test: {wa['tests'][3]}")

    ce = submit(s, "add-two-numbers", "c", "int main(void) { return syntax error }\n")
    check(ce["status"]["id"] == 6 and "error" in (ce["compile_output"] or ""), f"compile error: {ce}")

    # A program that shows everything it is given: nothing of a hidden
    # test comes back, not even through stderr or a runtime error.
    leak = ("import sys\ndata = sys.stdin.read()\nprint(data)\nprint(data, file=sys.stderr)\n"
            "a, b = map(int, data.split())\nsys.exit(0 if a < 100 else 3)\n")
    re_ = submit(s, "add-two-numbers", "python3", leak)
    check(re_["status"]["id"] in range(7, 13) or re_["status"]["id"] == 4, f"echo: not accepted: {re_}")
    check(re_["tests"][0]["stdout"] == "1 2\n\n", f"a sample shows its output: {re_['tests'][0]}")

    # Function problem: Python and C, and a wrong answer on a hidden test.
    for lang, name in [("python3", "max.py"), ("c", "max.c")]:
        ok = submit(s, "max-element", lang, solution("max-element", "accepted", name))
        check(ok["status"]["id"] == 3 and len(ok["tests"]) == 4, f"function problem in {lang}: {ok}")
        check(ok["tests"][0]["stdout"] == "5\n", f"the harness prints canonically: {ok['tests'][0]}")
    wa = submit(s, "max-element", "python3", solution("max-element", "wrong_answer", "first.py"))
    check(wa["status"]["id"] == 4 and [t["status"]["id"] for t in wa["tests"]][:3] == [3, 3, 4], f"{wa}")

    # Without wait: a token, then the row as it goes (and the Judge0 view).
    t = submit(s, "max-element", "python3", solution("max-element", "wrong_answer", "first.py"), wait=False)
    check(set(t) == {"token", "final"} and t["final"] is False, f"a token: {t}")
    done = wait_final(s, t["token"])
    check(done["status"]["id"] == 4 and len(done["tests"]) == 4, f"polled: {done}")
    no_secrets(done, "max-element", "polled")
    j0 = need(s.request("GET", f"/submissions/{t['token']}?fields=*"), 200, "Judge0 view")
    check(j0["stdin"] is None and j0["expected_output"] is None, f"the row holds no tests: {j0}")
    no_secrets(j0, "max-element", "Judge0 view")
    j0 = need(s.request("GET", f"/submissions/{t['token']}?fields=stdout,stderr,message,tests,problem"), 200, "fields")
    check(j0["problem"] == {"slug": "max-element", "tests": "all"} and len(j0["tests"]) == 4, f"{j0}")
    no_secrets(j0, "max-element", "Judge0 view with tests")
    events = s.request("GET", f"/api/v1/submissions/{t['token']}/events")
    no_secrets(events[1], "max-element", "event stream")

    # What is stored: the slug, never a test; results without hidden data.
    db = sqlite3.connect(f"file:{os.path.join(s.data, 'pairbox.db')}?mode=ro", uri=True)
    rows = db.execute("SELECT request, result FROM submissions").fetchall()
    db.close()
    stored = [r for r in rows if '"problem"' in r[0]]
    check(len(stored) >= 8, f"problem rows stored: {len(stored)}")
    for req, res in stored:
        check("tests" not in json.loads(req), f"a stored request with tests: {req[:300]}")
        slug = json.loads(req)["problem"]["slug"]
        no_secrets(res or "", slug, "a stored result")
        for test in json.loads(res or "{}").get("tests", []):
            if test["name"].startswith("hidden/"):
                check(test.get("stdout") is None and test.get("stderr") is None, f"stored hidden output: {test}")


# ---- run ----

def case_run(s):
    src = solution("add-two-numbers", "accepted", "sum.py")
    r = need(s.request("POST", "/api/v1/problems/add-two-numbers/run", {"language": "python3", "source": src},
                       timeout=300), 201, "run samples")
    check(r["final"] and r["status"]["id"] == 3 and r["problem"]["tests"] == "samples", f"run: {r}")
    check([(t["name"], t["input"], t["expected"], t["stdout"], t["status"]["id"]) for t in r["tests"]] ==
          [("sample/01-small", "1 2\n", "3\n", "3\n", 3), ("sample/02-negative", "10 -4\n", "6\n", "6\n", 3)],
          f"input, expected and output side by side: {r['tests']}")
    check(all("time" in t and "stderr" in t for t in r["tests"]), "time and stderr per run")
    bad = "a, b = map(int, input().split())\nimport sys\nprint('debug', file=sys.stderr)\nprint(a - b)\n"
    r = need(s.request("POST", "/api/v1/problems/add-two-numbers/run", {"language": "python3", "source": bad},
                       timeout=300), 201, "run, wrong")
    check(r["status"]["id"] == 4 and r["tests"][0]["stdout"] == "-1\n" and r["tests"][0]["stderr"] == "debug\n",
          f"a wrong run shows what it printed: {r['tests']}")
    r = need(s.request("POST", "/api/v1/problems/add-two-numbers/run",
                       {"language": "python3", "source": src, "input": "40 2\n"}, timeout=300), 201, "custom input")
    check(r["status"]["id"] == 3 and r["problem"]["tests"] == "custom" and len(r["tests"]) == 1, f"custom: {r}")
    check(r["tests"][0]["name"] == "custom" and r["tests"][0]["stdout"] == "42\n" and r["stdout"] == "42\n",
          f"custom run's output: {r['tests']}")
    r = need(s.request("POST", "/api/v1/problems/max-element/run",
                       {"language": "c", "source": solution("max-element", "accepted", "max.c"),
                        "input": "[4, 9,\n 2]"}, timeout=300), 201, "function custom input")
    check(r["status"]["id"] == 3 and r["tests"][0]["stdout"] == "9\n", f"function problem, custom input: {r}")
    body = need(s.request("POST", "/api/v1/problems/max-element/run",
                          {"language": "python3", "source": "def max_element(nums): return 0", "input": "[1,"}),
                422, "malformed function input")
    check("input" in body, f"names input: {body}")
    body = need(s.request("POST", "/api/v1/problems/max-element/run",
                          {"language": "python3", "source": "def max_element(nums): return 0", "input": "[1]\n2"}),
                422, "one value too many")
    check("input" in body, f"names input: {body}")


# ---- bad requests ----

def case_bad(s):
    body = need(s.request("POST", "/api/v1/problems/max-element/submit", {"language": BASH, "source": "echo 1"}),
                422, "function problem, no harness")
    check("language" in body and "python3" in body["language"][0], f"says which languages: {body}")
    body = need(s.request("POST", "/api/v1/problems/max-element/run", {"language": "bash", "source": "echo 1"}),
                422, "run, no harness")
    check("language" in body, f"{body}")
    # Any language for a stdin/stdout problem.
    r = submit(s, "add-two-numbers", "bash", "read a b; echo $((a + b))")
    check(r["status"]["id"] == 3, f"bash on a stdin/stdout problem: {r}")
    for bad, field in [({"language": "cobol-2077", "source": "x"}, "language"),
                       ({"language": 999999, "source": "x"}, "language"),
                       ({"language": ["python3"], "source": "x"}, "language"),
                       ({"source": "x"}, "language"),
                       ({"language": "python3"}, "source"),
                       ({"language": "python3", "source": "  \n"}, "source"),
                       ({"language": "python3", "source": 5}, "source"),
                       ({"language": "python3", "source": "x", "tests": []}, "tests"),
                       ({"language": "python3", "source": "x", "input": "1"}, "input")]:
        body = need(s.request("POST", "/api/v1/problems/add-two-numbers/submit", bad), 422, f"{bad}")
        check(field in body, f"{bad}: 422 names {field}: {body}")
    body = need(s.request("POST", "/api/v1/problems/add-two-numbers/run",
                          {"language": "python3", "source": "x", "input": 5}), 422, "input not a string")
    check("input" in body, f"{body}")
    for raw in ["{not json", "[1, 2]", "", "null"]:
        body = need(s.request("POST", "/api/v1/problems/add-two-numbers/submit", raw, content_type="application/json"),
                    400, f"body {raw!r}")
        check("error" in body, f"{body}")
    need(s.request("POST", "/api/v1/problems/nope/submit", {"language": "python3", "source": "x"}), 404, "no problem")
    need(s.request("POST", "/api/v1/problems/nope/run", {"language": "python3", "source": "x"}), 404, "no problem")
    health = need(s.request("GET", "/api/v1/health"), 200, "still serving")
    check(health["status"] == "ok", f"{health}")


# ---- run-time additions ----

NEW = {
    "slug": "count-vowels", "title": "Count the Vowels", "difficulty": "hard", "tags": ["strings", "counting"],
    "time_limit": 1.5, "memory_limit": 128, "hints": ["a, e, i, o, u"],
    "statement": "Print how many vowels the line holds. Zebrafinch sentences welcome.\n",
    "editorial": "Count them.\n",
    "tests": [{"name": "01", "input": "banana\n", "answer": "3\n", "sample": True},
              {"name": "02", "input": "rhythm\n", "answer": "0\n"},
              {"name": "03", "input": "aquaeoiuvowelsqwzx\n", "answer": "9\n"}],
    "reference": {"language": "python3", "source": "print(sum(c in 'aeiou' for c in input()))\n"},
}


def case_add(s):
    need(s.request("POST", "/api/v1/problems", NEW), 403, "no X-Auth-User")
    need(s.request("POST", "/api/v1/problems", NEW, headers={"X-Auth-User": "wrong"}), 403, "wrong X-Auth-User")

    def bad(change, field, drop=None):
        body = dict(NEW, **change)
        if drop:
            body.pop(drop)
        r = need(s.request("POST", "/api/v1/problems", body, headers=ADMIN), 422, f"{change} {drop}")
        check(field in r, f"{change} {drop}: names {field}: {r}")

    bad({"slug": "Bad Slug"}, "slug")
    bad({"slug": "../escape"}, "slug")
    bad({"slug": "-x"}, "slug")
    bad({}, "slug", drop="slug")
    bad({"title": ""}, "title")
    bad({"difficulty": "trivial"}, "difficulty")
    bad({"tags": "strings"}, "tags")
    bad({"time_limit": 0}, "time_limit")
    bad({"memory_limit": 1.5}, "memory_limit")
    bad({"compare": "fuzzy"}, "compare")
    bad({"statement": ""}, "statement")
    bad({"color": "blue"}, "color")
    bad({"tests": []}, "tests")
    bad({"tests": [{"name": "01", "input": "x", "answer": "y"}]}, "tests")            # no sample
    bad({"tests": [{"name": "../01", "input": "x", "answer": "y", "sample": True}]}, "tests[0]")
    bad({"tests": [{"name": "01", "input": 1, "answer": "y", "sample": True}]}, "tests[0]")
    bad({"tests": [{"name": "a", "input": "", "answer": "", "sample": True},
                   {"name": "a", "input": "", "answer": "", "sample": True}]}, "tests[1]")
    bad({"function": {"name": "f", "params": [{"name": "x", "type": "int[][][]"}], "returns": "int"}}, "function")
    bad({"function": {"name": "f", "params": [{"name": "x", "type": "int"}], "returns": "int"}}, "tests[0]")
    bad({"reference": {"language": "cobol-2077", "source": "x"}}, "reference")
    code, body, _ = s.request("POST", "/api/v1/problems", "{oops", content_type="application/json", headers=ADMIN)
    check(code == 400, f"malformed body: {code} {body}")
    need(s.request("POST", "/api/v1/problems",
                   dict(NEW, slug="add-two-numbers"), headers=ADMIN), 409, "a slug from PROBLEMS_DIR")

    p = need(s.request("POST", "/api/v1/problems", NEW, headers=ADMIN), 201, "add")
    check(p["slug"] == "count-vowels" and p["difficulty"] == "hard" and p["time_limit"] == 1.5
          and p["memory_limit"] == 128 and p["sample_count"] == 1 and p["test_count"] == 3
          and p["editorial"] == "Count them.\n", f"the new problem: {p}")
    body = need(s.request("POST", "/api/v1/problems", NEW, headers=ADMIN), 409, "duplicate")
    check("slug" in body, f"409 names the slug: {body}")
    folder = os.path.join(s.data, "problems", "count-vowels")
    check(os.path.isfile(os.path.join(folder, "problem.json")) and
          os.path.isfile(os.path.join(folder, "tests", "hidden", "03.ans")) and
          os.path.isfile(os.path.join(folder, "submissions", "accepted", "reference.py")),
          f"written as a problem folder: {os.listdir(folder)}")
    check(not os.listdir(os.path.join(s.data, "problems", ".incoming")), "nothing left in the staging folder")

    found = slugs(need(s.request("GET", "/api/v1/problems?q=zebrafinch"), 200, "search the new one"))
    check(found == ["count-vowels"], f"searchable: {found}")
    found = slugs(need(s.request("GET", "/api/v1/problems?difficulty=hard&tag=Counting"), 200, "filter"))
    check(found == ["count-vowels"], f"filterable: {found}")
    check(need(s.request("GET", "/api/v1/problems"), 200, "list")["meta"]["total_count"] == 3, "listed")
    r = submit(s, "count-vowels", "python3", NEW["reference"]["source"])
    check(r["status"]["id"] == 3 and len(r["tests"]) == 3, f"submittable: {r}")
    r = submit(s, "count-vowels", "python3", "print(3)")
    check(r["status"]["id"] == 4 and r["tests"][1]["stdout"] is None, f"hidden stays hidden: {r}")

    # A function problem added at run time, with starter code.
    fn = {"slug": "double-it", "title": "Double It", "difficulty": "easy", "statement": "Return twice x.",
          "function": {"name": "doubleIt", "params": [{"name": "x", "type": "int64"}], "returns": "int64"},
          "tests": [{"name": "1", "input": "21\n", "answer": "42\n", "sample": True},
                    {"name": "2", "input": "-4000000000\n", "answer": "-8000000000\n"}]}
    p = need(s.request("POST", "/api/v1/problems", fn, headers=ADMIN), 201, "add a function problem")
    check("def double_it" in p["starter_code"].get("python3", ""), f"starter code: {p['starter_code']}")
    r = submit(s, "double-it", "python3", "def double_it(x: int) -> int:\n    return 2 * x\n")
    check(r["status"]["id"] == 3, f"function problem added at run time: {r}")


# ---- own servers ----

def own_restart(pairbox):
    """Problem submissions left pending by a kill -9 are judged after the
    restart against the problem's tests; problems added at run time come
    back from the write directory."""
    server = Server(pairbox, env=ENV, workers=1)
    try:
        server.start()
        need(server.request("POST", "/api/v1/problems", NEW, headers=ADMIN), 201, "add")
        slow = "import time\ntime.sleep(0.3)\n" + NEW["reference"]["source"]
        tokens = []
        for _ in range(4):
            r = need(server.request("POST", "/api/v1/problems/count-vowels/submit",
                                    {"language": "python3", "source": slow}), 201, "submit")
            tokens.append(r["token"])
        r = need(server.request("POST", "/api/v1/problems/add-two-numbers/submit",
                                {"language": "python3", "source": "import time\ntime.sleep(0.3)\n" +
                                 solution("add-two-numbers", "accepted", "sum.py")}), 201, "submit")
        tokens.append(r["token"])
        server.kill9()
        db = sqlite3.connect(os.path.join(server.data, "pairbox.db"))
        pending = db.execute("SELECT count(*) FROM submissions WHERE status_id IN (1, 2)").fetchone()[0]
        db.close()
        check(pending >= 1, "something was still pending at the kill")
        server.port = free_port()
        server.url = f"http://127.0.0.1:{server.port}"
        server.start()
        check("problems loaded" in server.tail(), "the bank is loaded at start")
        for t in tokens:
            done = wait_final(server, t, timeout=240)
            check(done["status"]["id"] == 3 and len(done["tests"]) in (3, 5), f"{t} after the restart: {done}")
        p = need(server.request("GET", "/api/v1/problems/count-vowels"), 200, "the added problem after the restart")
        check(p["sample_count"] == 1 and len(p["hidden_tests"]) == 2, f"{p}")
        found = slugs(need(server.request("GET", "/api/v1/problems?q=zebrafinch"), 200, "search"))
        check(found == ["count-vowels"], f"indexed again at start: {found}")
        print(f"      {pending} pending at the kill, all judged after the restart")
    finally:
        server.kill9()
        server.__exit__(None, None, None)


def own_broken(pairbox):
    """A problem that does not load is skipped with its reason; the rest
    are served. Without AUTHZ_TOKEN nobody may add problems."""
    import shutil
    import tempfile
    root = tempfile.mkdtemp(prefix="pairbox-problems-")
    try:
        shutil.copytree(os.path.join(PROBLEMS, "add-two-numbers"), os.path.join(root, "add-two-numbers"))
        os.makedirs(os.path.join(root, "broken"))
        with open(os.path.join(root, "broken", "problem.json"), "w") as f:
            f.write('{"title": "Broken", "difficulty": "impossible"}')
        with Server(pairbox, env={"PROBLEMS_DIR": root, "MAX_BODY_SIZE": "64"}) as s:
            body = need(s.request("GET", "/api/v1/problems"), 200, "list")
            check(slugs(body) == ["add-two-numbers"], f"the good one only: {slugs(body)}")
            check("broken" in s.tail() and "skipped" in s.tail(), f"the reason is logged: {s.tail()}")
            need(s.request("POST", "/api/v1/problems", NEW, headers=ADMIN), 403, "additions closed")
            # The body cap applies here as everywhere.
            for path in ("/api/v1/problems/add-two-numbers/submit", "/api/v1/problems/add-two-numbers/run",
                         "/api/v1/problems"):
                code, _, _ = s.request("POST", path, {"language": "python3", "source": "#" * 100000})
                check(code == 413, f"{path}: oversized body: {code}")
        with Server(pairbox, env={"PROBLEMS_DIR": os.path.join(root, "missing")}) as s:
            body = need(s.request("GET", "/api/v1/problems"), 200, "no problems")
            check(body["problems"] == [] and body["meta"]["total_count"] == 0, f"{body}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    run_cases(globals(), ENV)


if __name__ == "__main__":
    main()
