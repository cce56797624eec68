#!/usr/bin/env python3
"""CLI tests for `pairbox grade`: one ctest per case.

usage: test_grade.py --pairbox PATH --case NAME   (or --list, --listed FILE)
A case is a function marked @case: ctest runs each as grade.NAME
(tests/caselist.py).

The fixtures are problems of pairbox's own format under pairbox/ (good/:
every submission labelled right, one problem function-style; broken/: one
that does not load, one whose tests are not of its function's types, one
with mislabelled submissions and no sample) and Kattis packages under
kattis/ (see its README.md). Every program runs inside the box.
"""
import argparse
import json
import math
import os
import fcntl
import pty
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
sys.path.insert(0, os.path.join(HERE, ".."))
import caselist  # noqa: E402
from test_cli import Fail, check  # noqa: E402  (the CLI suite's assertions)

GOOD = os.path.join(HERE, "pairbox", "good")
BROKEN = os.path.join(HERE, "pairbox", "broken")
SUM = os.path.join(GOOD, "sum")
KATTIS = os.path.join(HERE, "kattis")
BOX_BASE = "600"          # apart from the other suites' boxes and a server's
PAIRBOX = None
TMP = None
case = caselist.Registry(timeout=300, labels="cli")


def run(*args, timeout=600):
    p = subprocess.run([PAIRBOX, "grade", *args], capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def grade(*args, expect_rc=None):
    """Run with --json and --junit; return rc, stdout, stderr, the JSON and the JUnit tree."""
    js, xml = os.path.join(TMP, "report.json"), os.path.join(TMP, "report.xml")
    for f in (js, xml):
        if os.path.exists(f):
            os.unlink(f)
    rc, out, err = run("--box-id-base", BOX_BASE, "--json", js, "--junit", xml, *args)
    if expect_rc is not None:
        check(rc == expect_rc, f"exit status {rc}, expected {expect_rc}\nstdout:\n{out}\nstderr:\n{err}")
    with open(js) as f:
        doc = json.load(f)
    tree = ET.parse(xml)      # raises on malformed XML
    return rc, out, err, doc, tree


def write(name, text):
    path = os.path.join(TMP, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w" if isinstance(text, str) else "wb") as f:
        f.write(text)
    return path


def checks_of(doc, slug):
    for p in doc["problems"]:
        if p["slug"] == slug:
            return {c["name"]: c for c in p["checks"]}, p
    raise Fail(f"problem {slug} not in the report: {[p['slug'] for p in doc['problems']]}")


def verdicts(doc):
    """What --jobs must not change: per check, its outcome and tests."""
    return sorted((p["slug"], c["name"], c["expected"], c["got"], c["result"], c["tests_passed"], c["tests_total"])
                  for p in doc["problems"] for c in p["checks"])


# The good fixtures: every check, what it must get.
GOOD_SUM = {
    "problem": ("loads", "loaded", None),
    "tests": ("well-formed", "5 of 5 well-formed", None),
    "samples": ("at least 1", "1", None),
    "submissions/accepted/sum.c": ("accepted", "Accepted", (5, 5, 5)),
    "submissions/accepted/sum.py": ("accepted", "Accepted", (5, 5, 5)),
    "submissions/compile_error/missing_semicolon.c": ("compile_error", "Compilation Error", (0, 5, 0)),
    "submissions/run_time_error/crash.c": ("run_time_error", "Runtime Error (SIGSEGV)", (0, 5, 1)),
    "submissions/run_time_error/raise.py": ("run_time_error", "Runtime Error (NZEC)", (0, 5, 1)),
    "submissions/time_limit_exceeded/spin.py": ("time_limit_exceeded", "Time Limit Exceeded", (0, 5, 1)),
    "submissions/wrong_answer/first_only.py": ("wrong_answer", "Wrong Answer", (0, 5, 1)),
    # passes the sample and two hidden tests, then overflows: stops there
    "submissions/wrong_answer/int_sum.c": ("wrong_answer", "Wrong Answer", (3, 5, 4)),
}


# ---- help and usage ------------------------------------------------------------

@case
def help_and_usage():
    rc, out, _ = run("--help")
    check(rc == 0, f"--help exit {rc}")
    for opt in ("--jobs", "--box-id-base", "--junit", "--json", "--max-time", "PATH [SOLUTION...]"):
        check(opt in out, f"--help names {opt}")
    rc, _, err = run()
    check(rc == 2 and "PATH expected" in err, f"no PATH: {rc} {err!r}")
    rc, _, err = run(os.path.join(TMP, "nowhere"))
    check(rc == 2 and "nowhere" in err, f"missing PATH: {rc} {err!r}")
    rc, _, err = run("--jobs", "100", SUM)
    check(rc == 2 and "--jobs" in err, f"--jobs 100: {rc} {err!r}")
    rc, _, err = run("--frobnicate", SUM)
    check(rc == 2 and "--frobnicate" in err, f"unknown option: {rc} {err!r}")
    sol = write("ok.py", "print(1)\n")
    rc, _, err = run(GOOD, sol)
    check(rc == 2 and "one problem" in err, f"solutions against a folder of problems: {rc} {err!r}")
    rc, _, err = run(SUM, write("x.unknownext", "hi"))
    check(rc == 2 and "cannot guess the language" in err, f"unknown extension: {rc} {err!r}")
    rc, _, err = run(SUM, os.path.join(TMP, "missing.py"))
    check(rc == 2 and "missing.py" in err, f"missing solution: {rc} {err!r}")
    rc, _, err = run("--box-id-base", "-5", SUM)
    check(rc == 2 and "--box-id-base" in err, f"negative --box-id-base: {rc} {err!r}")
    empty = os.path.join(TMP, "empty")
    os.makedirs(empty)
    rc, _, err = run(empty)
    check(rc == 1 and "no problem" in err, f"a folder without problems fails: {rc} {err!r}")


# ---- verifying ---------------------------------------------------------------------

@case
def verify_good():
    rc, out, err, doc, tree = grade(GOOD, expect_rc=0)
    check(doc["mode"] == "verify" and doc["ok"] is True, f"mode/ok: {doc['mode']} {doc['ok']}")
    check(doc["summary"]["problems"] == 3 and doc["summary"]["failed"] == 0, f"summary {doc['summary']}")
    checks, p = checks_of(doc, "sum")
    check(p["format"] == "pairbox" and p["tests"] == 5 and p["samples"] == 1 and p["time_limit"] == 1.0,
          f"problem fields {p}")
    check(set(checks) == set(GOOD_SUM), f"checks of sum: {sorted(checks)}")
    for name, (expect, got, tests) in GOOD_SUM.items():
        c = checks[name]
        check(c["result"] == "PASS", f"{name}: {c['result']} ({c['message']})")
        check(c["expected"] == expect and c["got"] == got, f"{name}: expected/got {c['expected']}/{c['got']}")
        if tests:
            check((c["tests_passed"], c["tests_total"], c["tests_run"]) == tests,
                  f"{name}: tests {c['tests_passed']}/{c['tests_total']} run {c['tests_run']}, want {tests}")
    # A TLE submission costs one timeout (stop on the first failure), at the time limit.
    spin = checks["submissions/time_limit_exceeded/spin.py"]
    check(spin["tests"][0]["status"]["id"] == 5 and spin["time_limit"] == 1.0, f"spin {spin}")
    check(checks["submissions/compile_error/missing_semicolon.c"]["compile_output"], "compile output kept")
    check(checks["submissions/accepted/sum.c"]["language"] == "c", "language named")
    rchecks, _ = checks_of(doc, "reverse-words")
    check(rchecks["submissions/accepted/reverse.js"]["result"] == "PASS", "JavaScript accepted")
    check(rchecks["submissions/run_time_error/throw.js"]["got"].startswith("Runtime Error"), "JavaScript throws")
    # A function-style problem: typed tests checked, C and Python wrapped by the harness.
    achecks, _ = checks_of(doc, "add-two")
    check(achecks["tests"]["expected"] == "well-formed (typed)" and achecks["tests"]["result"] == "PASS", "typed tests")
    for n in ("submissions/accepted/add.c", "submissions/accepted/add.py", "submissions/wrong_answer/sub.py"):
        check(achecks[n]["result"] == "PASS", f"add-two {n}: {achecks[n]['got']} {achecks[n]['message']}")

    # The table: one block per problem, every check, then the summary.
    check("sum: Sum of a List (pairbox), 5 tests (1 sample), time limit 1.000 s: PASS" in out, f"header:\n{out}")
    for name, (expect, got, tests) in GOOD_SUM.items():
        row = [l for l in out.splitlines() if l.startswith("  sum ") and f" {name} " in l]
        check(len(row) == 1, f"one table row for {name}:\n{out}")
        check(expect in row[0] and got in row[0] and row[0].rstrip().endswith("PASS"), f"row {row[0]!r}")
        if tests:
            check(f" {tests[0]}/{tests[1]} " in row[0], f"tests column of {row[0]!r}")
    check(re.search(r"^PASS: 3 problems, 24 checks: 24 passed, 0 warnings, 0 failed, 0 skipped, 0 errors in [0-9.]+ s$",
                    out, re.M), f"summary line:\n{out}")

    # JUnit: a suite per problem, a case per check, no failures.
    root = tree.getroot()
    check(root.tag == "testsuites" and root.get("tests") == "24" and root.get("failures") == "0",
          f"testsuites {root.attrib}")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    check(set(suites) == {"sum", "reverse-words", "add-two"}, f"suites {set(suites)}")
    cases = suites["sum"].findall("testcase")
    check(len(cases) == 11 and not suites["sum"].findall(".//failure"), "11 cases in sum, none failing")
    tle = [c for c in cases if c.get("name") == "submissions/time_limit_exceeded/spin.py"][0]
    check(float(tle.get("time")) >= 1.0, f"a case's time is in seconds: {tle.get('time')}")
    check("Time Limit Exceeded" in tle.find("system-out").text, "details in system-out")
    # Written atomically: nothing left beside the reports.
    check(sorted(os.listdir(TMP)) == ["report.json", "report.xml"], f"leftovers: {os.listdir(TMP)}")


@case
def verify_broken():
    rc, out, err, doc, tree = grade(BROKEN, expect_rc=1)
    check(doc["ok"] is False, "not ok")
    checks, p = checks_of(doc, "bad-load")
    check(p["format"] is None and list(checks) == ["problem"], f"bad-load: {p}")
    check(checks["problem"]["result"] == "FAIL" and "difficulty" in checks["problem"]["message"],
          f"load failure names the field: {checks['problem']}")
    checks, p = checks_of(doc, "mislabelled")
    want = {
        "problem": "PASS", "tests": "PASS", "samples": "WARN",       # no sample: a warning
        "submissions/accepted/double.py": "PASS",
        "submissions/partially_accepted/half.py": "SKIP",
        "submissions/time_limit_exceeded/actually_fast.py": "FAIL",
        "submissions/wrong_answer/actually_right.py": "FAIL",
    }
    check({n: c["result"] for n, c in checks.items()} == want, f"mislabelled: { {n: c['result'] for n, c in checks.items()} }")
    check(checks["submissions/wrong_answer/actually_right.py"]["got"] == "Accepted", "actually right: Accepted")
    check(checks["submissions/time_limit_exceeded/actually_fast.py"]["got"] == "Wrong Answer", "fast: WA")
    check("unknown verdict folder" in checks["submissions/partially_accepted/half.py"]["message"], "unknown folder said")
    # A function problem whose tests are not of the declared types: each named.
    checks, p = checks_of(doc, "bad-typed-tests")
    t = checks["tests"]
    check(t["result"] == "FAIL" and t["got"] == "1 of 3 well-formed", f"typed tests: {t}")
    check("sample/02-string: input value 2" in t["message"] and "sample/03-answer: answer" in t["message"],
          f"the bad tests named: {t['message']}")
    check(doc["summary"] == {"problems": 3, "checks": 12, "passed": 5, "warnings": 1, "failed": 5, "skipped": 1,
                             "errors": 0},
          f"summary {doc['summary']}")
    # The table says why.
    check("bad-load: did not load: FAIL" in out, f"load failure in the table:\n{out}")
    check(re.search(r"why: .*difficulty", out), f"the load error under its row:\n{out}")
    check(re.search(r"^FAIL: 3 problems, 12 checks: 5 passed, 1 warning, 5 failed, 1 skipped", out, re.M), f"summary:\n{out}")
    # JUnit counts and failure messages.
    root = tree.getroot()
    check((root.get("tests"), root.get("failures"), root.get("skipped")) == ("12", "5", "1"), f"{root.attrib}")
    fails = {c.get("name"): c.find("failure") for c in root.iter("testcase")
             if c.find("failure") is not None and c.get("classname") != "bad-typed-tests"}
    check(set(fails) == {"problem", "submissions/time_limit_exceeded/actually_fast.py",
                         "submissions/wrong_answer/actually_right.py"}, f"failures {set(fails)}")
    check(fails["submissions/wrong_answer/actually_right.py"].get("message").startswith(
        "expected wrong_answer, got Accepted"), "failure message")
    skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    check(len(skipped) == 1 and "unknown verdict folder" in skipped[0].find("skipped").get("message"), "skipped")


@case
def verify_tree_and_jobs():
    """The whole fixture tree: the same outcomes with --jobs 2 as with one."""
    root = os.path.join(HERE, "pairbox")
    rc1, _, _, doc1, _ = grade(root, expect_rc=1)
    rc2, _, _, doc2, _ = grade("--jobs", "2", root, expect_rc=1)
    check(doc1["summary"]["problems"] == 6, f"six problems: {doc1['summary']}")
    check(doc2["jobs"] == 2, "jobs recorded")
    check(verdicts(doc1) == verdicts(doc2), "--jobs 2 changed results:\n"
          + "\n".join(str(a) + " | " + str(b) for a, b in zip(verdicts(doc1), verdicts(doc2)) if a != b))


@case
def compile_cache_across_runs():
    """A program compiled in one run is not compiled again in the next."""
    grade(SUM, expect_rc=0)
    _, _, _, doc, _ = grade(SUM, expect_rc=0)
    checks, _ = checks_of(doc, "sum")
    for name in ("submissions/accepted/sum.c", "submissions/wrong_answer/int_sum.c", "submissions/run_time_error/crash.c"):
        check(checks[name]["compile_cache"] == "hit", f"{name}: {checks[name]['compile_cache']}")
    check(checks["submissions/accepted/sum.py"]["compile_cache"] is None, "nothing compiled for Python")


# ---- grading solutions ---------------------------------------------------------------

@case
def grade_solutions():
    ok = write("sols/good.py", "import sys\nd = sys.stdin.read().split()\nprint(sum(map(int, d[1:])))\n")
    wrong = write("sols/wrong.c", "#include <stdio.h>\nint main(void){long long n,x,s=0;scanf(\"%lld\",&n);"
                  "while(n-->0&&scanf(\"%lld\",&x)==1)s+=x;printf(\"%lld\\n\",s>0?s:0);return 0;}\n")
    rc, out, err, doc, tree = grade(SUM, ok, wrong, expect_rc=1)
    check(doc["mode"] == "grade", "grade mode")
    checks, _ = checks_of(doc, "sum")
    check(set(checks) == {ok, wrong}, f"only the solutions are reported: {sorted(checks)}")
    g, w = checks[ok], checks[wrong]
    check(g["result"] == "PASS" and g["got"] == "Accepted" and g["tests_passed"] == 5, f"good: {g}")
    # Every test runs for a given solution: the score is complete.
    check(w["result"] == "FAIL" and w["got"] == "Wrong Answer" and w["tests_run"] == 5 and w["tests_passed"] == 4,
          f"wrong: {w['got']} {w['tests_passed']}/{w['tests_total']} run {w['tests_run']}")
    check(w["tests"][1]["status"]["id"] == 4, "the negative-sum test (hidden/01-single) is the one wrong")
    row = [l for l in out.splitlines() if wrong in l and "Wrong Answer" in l]
    check(row and " 4/5 " in row[0] and row[0].rstrip().endswith("FAIL"), f"table row:\n{out}")
    check("SOLUTION" in out, "the table's column says SOLUTION")
    rc, _, _, doc, _ = grade(SUM, ok, expect_rc=0)
    check(doc["ok"] is True, "one good solution: ok")


# ---- output ---------------------------------------------------------------------------

@case
def plain_lines_without_tty():
    rc, out, err = run("--box-id-base", BOX_BASE, SUM)
    check(rc == 0, f"rc {rc}: {err}")
    check("\r" not in err and "\033[" not in err, f"no terminal control codes in CI logs: {err!r}")
    lines = [l for l in err.splitlines() if l.startswith(("PASS", "FAIL", "SKIP", "ERROR"))]
    subs = [n for n in GOOD_SUM if n.startswith("submissions/")]
    check(len(lines) == len(subs), f"one line per submission:\n{err}")
    for n in subs:
        check(any(f" sum {n}: expected " in l for l in lines), f"a line for {n}:\n{err}")
    check(re.search(r"^PASS  sum submissions/wrong_answer/int_sum.c: expected wrong_answer, got Wrong Answer, "
                    r"3/5 tests, ", err, re.M), f"line format:\n{err}")


def run_on_tty(*args, cols=120):
    """pairbox grade with stderr a terminal of cols columns (0: of no size,
    as CI runners make, taken for a log: plain lines): (rc, stdout, what the
    terminal got). COLUMNS is not passed on: the terminal's size decides."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40 if cols else 0, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    p = subprocess.Popen([PAIRBOX, "grade", "--box-id-base", BOX_BASE, *args], stdout=subprocess.PIPE,
                         stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            b = os.read(master, 65536)
        except OSError:            # EIO once the other side is closed
            break
        if not b:
            break
        chunks.append(b)
    out = p.stdout.read().decode()
    rc = p.wait(timeout=600)
    os.close(master)
    return rc, out, b"".join(chunks).decode("utf-8", "replace")


@case
def progress_bar_on_tty():
    """stderr a terminal: a bar redrawn in place with the problem, submission and test."""
    rc, out, tty = run_on_tty(SUM)
    check(rc == 0, f"rc {rc}")
    check("\r\033[K[" in tty, f"redrawn in place: {tty[:400]!r}")
    check(re.search(r"\[[#.]{24}\] \d+/11  sum  submissions/\S+  test \d+/5", tty), f"bar content: {tty[:600]!r}")
    check(tty.endswith("\r\033[K"), f"the bar is cleared at the end: {tty[-80:]!r}")
    check("PASS" in out and "sum" in out, "the table still goes to stdout")
    check("PASS  sum" not in tty, "passing checks do not stay on a terminal")
    rc, out, tty = run_on_tty("--plain", SUM)
    check(rc == 0 and "\r" not in tty.replace("\r\n", "\n") and "PASS  sum submissions/accepted/sum.c" in tty,
          f"--plain on a terminal: {tty[:300]!r}")


@case
def junit_escaping():
    """Names and compiler output with markup, quotes, control bytes and invalid UTF-8 stay valid XML."""
    name = write('sols/we<ird&"q\'.c', b"int main(void) { return 0 \x01 \xff\xfe <&> ]]> }\n")
    rc, out, err, doc, tree = grade(SUM, name, expect_rc=1)
    case_ = [c for c in tree.getroot().iter("testcase")]
    check(len(case_) == 1 and case_[0].get("name") == name, f"name round-trips: {case_[0].get('name')!r}")
    f = case_[0].find("failure")
    check(f is not None and "Compilation Error" in f.get("message"), "compile error reported")
    so = case_[0].find("system-out").text
    check("compile output:" in so and "<&>" in so, f"compiler output kept, markup escaped: {so[-300:]!r}")
    checks, _ = checks_of(doc, "sum")
    check(checks[name]["got"] == "Compilation Error", "JSON too")


# ---- Kattis packages -------------------------------------------------------------------

AC, WA, TLE = "Accepted", "Wrong Answer", "Time Limit Exceeded"
SEGV, NZEC = "Runtime Error (SIGSEGV)", "Runtime Error (NZEC)"
# kattis/README.md's table: submission -> (verdict, tests passed before the
# deciding one, when the README says which test decides).
KATTIS_EXPECT = {
    "hello": {
        "accepted/hello.c": (AC, 5), "accepted/hello.cpp": (AC, 5), "accepted/hello.py": (AC, 5),
        "accepted/Main.java": (AC, 5), "wrong_answer/no_comma.cpp": (WA, 0),
        "wrong_answer/always_world.py": (WA, 1), "time_limit_exceeded/spin.c": (TLE, 0),
        "run_time_error/segfault.cpp": (SEGV, 0), "run_time_error/exit_code.c": (NZEC, 0),
        "run_time_error/exception.py": (NZEC, 0),
    },
    "average": {
        "accepted/mean.c": (AC, 5), "accepted/mean.py": (AC, 5), "accepted/seven_digits.cpp": (AC, 5),
        "wrong_answer/int_division.c": (WA, 0), "wrong_answer/two_decimals.py": (WA, 0),
        "wrong_answer/int_overflow.cpp": (WA, 4),
    },
    "pairsum": {
        "accepted/first_pair.cpp": (AC, 5), "accepted/last_pair.py": (AC, 5),
        "wrong_answer/zero_based.c": (WA, None), "wrong_answer/always_impossible.py": (WA, None),
    },
    "guess": {
        "accepted/binary_search.py": (AC, 4), "wrong_answer/linear.py": (WA, 0),
        "wrong_answer/floods.py": (WA, 0), "wrong_answer/peeks.py": (WA, 0),
        "run_time_error/gives_up.py": (NZEC, 0), "time_limit_exceeded/silent.py": (TLE, 0),
    },
    "shout": {
        "accepted/with_include.c": (AC, 4), "accepted/with_include.cpp": (AC, 4),
        "accepted/with_include.py": (AC, 4), "accepted/plain.py": (AC, 4),
        # 2025-09: every test runs (the verdict sets are over all of them).
        "wrong_answer/wrong_case.py": (WA, 2), "wrong_answer/first_word.cpp": (WA, None),
        "time_limit_exceeded/spin.py": (TLE, 0), "run_time_error/index_error.py": (NZEC, 0),
    },
}


@case
def kattis_packages():
    """The Kattis fixtures: every submission its folder's verdict (guess is
    interactive); the broken package refused, and named."""
    rc, out, err, doc, tree = grade("--jobs", "2", KATTIS, expect_rc=1)
    for slug, subs in KATTIS_EXPECT.items():
        checks, p = checks_of(doc, slug)
        check(p["format"] == "kattis" and p["ok"] is True, f"{slug}: format {p['format']}, ok {p['ok']}")
        got = {n[len("submissions/"):] for n, c in checks.items() if c["kind"] == "submission"}
        check(got == set(subs), f"{slug}: submissions {sorted(got)}")
        for name, (verdict, passed) in subs.items():
            c = checks["submissions/" + name]
            check(c["result"] == "PASS" and c["got"] == verdict, f"{slug} {name}: {c['result']} {c['got']} ({c['message']})")
            check(passed is None or c["tests_passed"] == passed, f"{slug} {name}: {c['tests_passed']} passed, want {passed}")
    # hello: legacy .timelimit 1 s; time_limit_to_tle 2 (legacy): TLE at 2 s.
    _, p = checks_of(doc, "hello")
    check(p["time_limit"] == 1.0 and not p["time_limit_derived"] and p["tle_time_limit"] == 2.0, f"hello limits {p}")
    # average: no .timelimit: slowest accepted x 5 (legacy), whole seconds.
    checks, p = checks_of(doc, "average")
    check(p["time_limit_derived"] and p["time_limit"] == max(1, math.ceil(p["slowest_accepted"] * 5 - 1e-9)),
          f"average derived {p['time_limit']} from {p['slowest_accepted']}")
    check(checks["time limit"]["result"] == "PASS", "average: the time limit row")
    # Refused: a test without its answer (named).
    checks, p = checks_of(doc, "missing_ans")
    check(checks["problem"]["result"] == "FAIL" and "02-no-answer" in checks["problem"]["message"], f"missing_ans: {checks}")
    suites = {s.get("name"): s for s in tree.getroot().findall("testsuite")}
    check(suites["missing_ans"].get("failures") == "1" and suites["guess"].get("failures") == "0",
          "JUnit per package")


def kattis_package(name, yaml, subs, tests=(("sample/1", "7\n", "7\n"), ("secret/1", "0\n", "0\n"))):
    for t, i, a in tests:
        write(f"pkgs/{name}/data/{t}.in", i)
        write(f"pkgs/{name}/data/{t}.ans", a)
    write(f"pkgs/{name}/problem.yaml", yaml)
    for path, text in subs.items():
        write(f"pkgs/{name}/submissions/{path}", text)
    return os.path.join(TMP, "pkgs", name)


@case
def kattis_derived_time_limit():
    """No declared limit: slowest accepted x ac_to_time_limit, whole seconds; TLE at x time_limit_to_tle."""
    busy = kattis_package("busy", "problem_format_version: 2025-09\nname: Busy\nlimits:\n  time_multipliers:\n"
                          "    ac_to_time_limit: 3\n    time_limit_to_tle: 1.5\n", {
        # burns 0.3 s of CPU, then answers
        "accepted/busy.py": "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3:\n"
                            "    pass\nprint(input())\n",
        "accepted/echo.c": "#include <stdio.h>\nint main(void){int x;scanf(\"%d\",&x);printf(\"%d\\n\",x);return 0;}\n",
        "time_limit_exceeded/spin.py": "while True:\n    pass\n",
        "wrong_answer/plus_one.py": "print(int(input()) + 1)\n",
    })
    rc, out, err, doc, _ = grade(busy, expect_rc=0)
    checks, p = checks_of(doc, "busy")
    check(p["format"] == "kattis" and p["time_limit_derived"] is True, f"derived: {p}")
    check(p["ac_to_time_limit"] == 3 and p["time_limit_to_tle"] == 1.5, f"multipliers {p}")
    slowest, tl = p["slowest_accepted"], p["time_limit"]
    check(slowest >= 0.3, f"the busy submission is the slowest: {slowest}")
    check(tl == max(1, math.ceil(slowest * 3 - 1e-9)), f"limit {tl} from slowest {slowest} x 3")
    check(abs(p["tle_time_limit"] - tl * 1.5) < 1e-9, f"TLE limit {p['tle_time_limit']}")
    # Accepted ones ran with the generous probe limit, the others with the derived ones.
    check(checks["submissions/accepted/busy.py"]["time_limit"] == 10.0, "probe limit: --max-time's default")
    check(checks["submissions/time_limit_exceeded/spin.py"]["time_limit"] == p["tle_time_limit"], "TLE margin")
    check(checks["submissions/time_limit_exceeded/spin.py"]["result"] == "PASS", "spin runs out at the margin")
    # The others too, judged both at the limit and with the margin (problemtools' warning).
    check(checks["submissions/wrong_answer/plus_one.py"]["time_limit"] == p["tle_time_limit"], "others at the margin")
    t = checks["time limit"]
    check(t["result"] == "PASS" and t["got"] == f"{int(tl)} s" and "x 3" in t["message"], f"time limit row {t}")
    check(re.search(r"time limit +derived +\d+ s .*PASS", out), f"the table shows the derivation:\n{out}")

    # No accepted submission passes: no limit, the rest not judged.
    nolimit = kattis_package("nolimit", "problem_format_version: 2025-09\nname: No Limit\n", {
        "accepted/crash.py": "raise SystemExit(3)\n",
        "wrong_answer/zero.py": "print(0)\n",
    })
    rc, out, err, doc, _ = grade("--max-time", "2", nolimit, expect_rc=1)
    checks, p = checks_of(doc, "nolimit")
    check(checks["submissions/accepted/crash.py"]["result"] == "FAIL", "crashing accepted fails")
    check(checks["submissions/accepted/crash.py"]["time_limit"] == 2.0, "--max-time is the probe limit")
    check(checks["time limit"]["result"] == "FAIL" and p["time_limit"] is None, f"no limit: {checks['time limit']}")
    check(checks["submissions/wrong_answer/zero.py"]["result"] == "SKIP", "the rest skipped")


@case
def kattis_submissions_yaml():
    """2025-09: verdict sets over every test, from the folders' defaults and
    submissions.yaml (test-group scopes, a judge message, a language)."""
    tests = (("sample/1", "1\n", "1\n"), ("secret/easy-1", "2\n", "2\n"), ("secret/hard-1", "9\n", "9\n"))
    pkg = kattis_package("rules", "problem_format_version: 2025-09\nname: Rules\nlimits:\n  time_limit: 1\n", {
        "accepted/echo.py": "print(input())\n",
        # solves the small inputs, spins on the hard one
        "time_limit_exceeded/easy_only.py": "n = int(input())\nwhile n > 5:\n    pass\nprint(n)\n",
        # wrong on the easy test, crashes on the hard one: a legacy package
        # would take the first failure (WA); 2025-09 does not permit RTE here
        "wrong_answer/wa_then_crash.py": "n = int(input())\nassert n < 5\nprint(n + 1 if n > 1 else n)\n",
        "wrong_answer/off_by_one.py": "print(int(input()) + 1)\n",
        "other/named.txt": "print(input())\n",
        "submissions.yaml": "time_limit_exceeded/easy_only.py:\n"
                            "  secret/easy-*:\n    permitted: [AC]\n"
                            "  secret/hard-*:\n    required: [TLE]\n"
                            "wrong_answer/off_by_one.{py,cpp}:\n  message: expected\n"
                            "other:\n  language: python3\n  permitted: [AC]\n",
    }, tests=tests)
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, p = checks_of(doc, "rules")
    want = {"accepted/echo.py": "PASS", "time_limit_exceeded/easy_only.py": "PASS",
            "wrong_answer/wa_then_crash.py": "FAIL", "wrong_answer/off_by_one.py": "PASS",
            "other/named.txt": "PASS"}
    for name, result in want.items():
        c = checks["submissions/" + name]
        check(c["result"] == result, f"{name}: {c['result']} {c['got']} ({c['message']})")
    c = checks["submissions/wrong_answer/wa_then_crash.py"]
    check(c["tests_run"] == 3, f"every test ran: {c['tests_run']}")
    check("test secret/hard-1: RTE, not permitted (AC, WA) by the default for wrong_answer/" in c["message"],
          f"the broken rule is named: {c['message']}")
    check(checks["submissions/other/named.txt"]["language"] == "python3", "submissions.yaml's language")
    # A mistake in submissions.yaml stops the package, naming the key.
    write("pkgs/rules/submissions/submissions.yaml", "accepted:\n  required: [AC, OK]\n")
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, p = checks_of(doc, "rules")
    check(checks["problem"]["result"] == "FAIL" and "required[1]: not one of AC, WA, TLE, RTE"
          in checks["problem"]["message"], f"named: {checks['problem']}")


@case
def kattis_interactive():
    """2025-09 `type: interactive`: output_validator/ talks with the program
    (each box's stdio through the judge's relay); every test runs; a package
    without a validator loads, and its submissions fail saying why."""
    with open(os.path.join(KATTIS, "guess", "output_validators", "guess_interactor", "interactor.cpp")) as f:
        interactor = f.read()
    yaml = "problem_format_version: 2025-09\nname: Guess\ntype: interactive\nlimits:\n  time_limit: 1\n"
    tests = (("sample/1", "500\n", "500\n"), ("secret/low", "1\n", "1\n"), ("secret/high", "1000\n", "1000\n"))
    subs = {
        "accepted/bisect.py": "lo, hi = 1, 1000\nwhile True:\n    m = (lo + hi) // 2\n    print(m, flush=True)\n"
                              "    r = input()\n    if r == 'correct':\n        break\n"
                              "    lo, hi = (lo, m - 1) if r == 'lower' else (m + 1, hi)\n",
        # right on the sample (500 is its first guess), too many guesses elsewhere
        "wrong_answer/counts_down.py": "g = 500\nwhile True:\n    print(g, flush=True)\n"
                                       "    if input() == 'correct':\n        break\n    g -= 1\n",
    }
    pkg = kattis_package("iguess", yaml, subs, tests=tests)
    write("pkgs/iguess/output_validator/interactor.cpp", interactor)
    rc, out, err, doc, _ = grade(pkg, expect_rc=0)
    checks, p = checks_of(doc, "iguess")
    check(p["ok"] is True, f"iguess: {checks}")
    c = checks["submissions/wrong_answer/counts_down.py"]
    check(c["tests_run"] == 3 and c["tests_passed"] == 1, f"every test ran: {c['tests_passed']}/{c['tests_run']}")
    check("more than 10 guesses" in (c["message"] or "") or any("more than 10" in t["message"] for t in c["tests"]),
          f"the interactor's judgemessage: {c}")
    # No validator: the package loads, its submissions cannot be judged, and say why.
    os.remove(os.path.join(TMP, "pkgs/iguess/output_validator/interactor.cpp"))
    os.rmdir(os.path.join(TMP, "pkgs/iguess/output_validator"))
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, p = checks_of(doc, "iguess")
    c = checks["submissions/accepted/bisect.py"]
    check(checks["problem"]["result"] == "PASS" and c["result"] == "FAIL" and
          "an interactive problem without an output validator" in c["message"], f"{checks}")


# ---- the shipped bank ---------------------------------------------------------------

REPO = os.path.dirname(os.path.dirname(HERE))
BANK = os.path.join(REPO, "problems")


@case(timeout=900, labels="bank")   # about 80 s of judging on 2 cores
def bank():
    """Every problem of problems/ verifies: its tests are well-formed, the
    reference is accepted and every shipped wrong or slow solution gets
    its verdict; and the bank is what the issue asks of it."""
    rc, out, err, doc, tree = grade(BANK, "--jobs", "2", "--plain", expect_rc=None)
    failed = [(p["slug"], c["name"], c["got"], c["message"]) for p in doc["problems"] for c in p["checks"]
              if c["result"] not in ("PASS",)]
    check(rc == 0 and doc["ok"] is True and not failed, f"exit status {rc}; not passing: {failed}")
    slugs = sorted(d for d in os.listdir(BANK) if os.path.isfile(os.path.join(BANK, d, "problem.json")))
    check(len(slugs) >= 60 and [p["slug"] for p in doc["problems"]] == slugs,
          f"{len(slugs)} problems on disk, {len(doc['problems'])} graded")
    levels, harnessed = {}, set()
    for p in doc["problems"]:
        slug, d = p["slug"], os.path.join(BANK, p["slug"])
        checks = {c["name"]: c for c in p["checks"]}
        check(p["format"] == "pairbox" and p["samples"] >= 1, f"{slug}: format {p['format']}, {p['samples']} samples")
        check(p["tests"] - p["samples"] >= 15, f"{slug}: {p['tests'] - p['samples']} hidden tests, want 15+")
        accepted = [n for n in checks if n.startswith("submissions/accepted/")]
        rejected = [n for n, c in checks.items() if n.startswith("submissions/") and n not in accepted
                    and c["expected"] in ("wrong_answer", "time_limit_exceeded", "run_time_error")]
        check(accepted and rejected, f"{slug}: accepted {accepted}, rejected {rejected}")
        for n in accepted + rejected:
            c = checks[n]
            check(c["tests_run"] >= 1 and c["result"] == "PASS", f"{slug} {n}: {c['got']}")
        with open(os.path.join(d, "problem.json")) as f:
            meta = json.load(f)
        if "function" in meta:
            harnessed.update(os.path.splitext(n)[1] for n in accepted)
        levels[meta["difficulty"]] = levels.get(meta["difficulty"], 0) + 1
        check(len(meta.get("hints", [])) >= 1 and meta.get("tags"), f"{slug}: hints and tags")
        with open(os.path.join(d, "statement.md")) as f:
            check("## Examples" in f.read(), f"{slug}: the statement has an Examples section")
        check(os.path.getsize(os.path.join(d, "editorial.md")) > 200, f"{slug}: an editorial")
    check(all(levels.get(k, 0) >= 10 for k in ("easy", "medium", "hard")), f"difficulties {levels}")
    # Function-style problems are solved through the harness of every language.
    want = {".c", ".cpp", ".py", ".java", ".kt", ".cs", ".js", ".ts", ".go", ".rs", ".rb"}
    check(want <= harnessed, f"accepted function-style solutions lack {sorted(want - harnessed)}")
    # The JUnit report CI shows: a suite per problem, nothing failing.
    root = tree.getroot()
    check(root.tag == "testsuites" and root.get("failures") == "0" and root.get("errors") == "0",
          f"testsuites {root.attrib}")
    check(sorted(s.get("name") for s in root.findall("testsuite")) == slugs, "a suite per problem")
    check(re.search(r"^PASS: %d problems, " % len(slugs), out, re.M), f"summary line:\n{out[-2000:]}")


def main(suite=None, path=__file__, box_base=None):
    """This suite's main, or (suite, path) a suite's beside it that uses
    these helpers (test_grade_<name>.py), with its own box ids from
    box_base."""
    global PAIRBOX, TMP, BOX_BASE
    suite = suite or case
    BOX_BASE = box_base or BOX_BASE
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairbox")
    ap.add_argument("--case", choices=suite.names())
    ap.add_argument("--list", action="store_true", help="the cases for ctest: NAME TIMEOUT LABELS")
    ap.add_argument("--listed", metavar="FILE", help="fail if FILE (the configured list) is stale")
    a = ap.parse_args()
    if a.list or a.listed:
        return suite.list_main(path, a.listed)
    if not a.pairbox or not a.case:
        ap.error("--pairbox and --case are required")
    PAIRBOX = os.path.abspath(a.pairbox)
    TMP = tempfile.mkdtemp(prefix="pairbox-grade-")
    try:
        suite.run(a.case)
        print(f"ok {a.case}\n1 passed, 0 failed")
        return 0
    except (Fail, subprocess.TimeoutExpired, ValueError, OSError, ET.ParseError) as e:
        print(f"FAIL {a.case}: {e}\n0 passed, 1 failed")
        return 1
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
