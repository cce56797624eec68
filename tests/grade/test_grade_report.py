#!/usr/bin/env python3
"""CLI tests for `pairbox grade`'s policy and reports: warnings (a
submission sensitive to the time limit, no sample), the early stop of a
Kattis 2025-09 submission whose outcome no later test can change, the
progress lines of a long check, the bar's width, scores.

usage: test_grade_report.py --pairbox PATH --case NAME   (or --list, --listed FILE)
The packages are written by each case into a temporary folder (original
programs and data); every program runs inside the box.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import caselist  # noqa: E402
import test_grade as tg  # noqa: E402  (grade, write, checks_of, kattis_package, run_on_tty)
from test_cli import check  # noqa: E402

BOX_BASE = "940"          # this suite's own ids (the pool takes ids below 1000)
case = caselist.Registry(timeout=300, labels="cli")

# Burns CPU seconds (not wall: load on the machine does not change it), then echoes.
BURN = ("import time\nt = time.process_time()\nwhile time.process_time() - t < {secs}:\n"
        "    pass\nprint(input())\n")
ECHO = "print(input())\n"
SPIN = "while True:\n    pass\n"


grade = tg.grade           # its box ids: tg.main(case, __file__, BOX_BASE) sets them


def results(checks):
    return {n: c["result"] for n, c in checks.items()}


@case
def margin_warning_2025():
    """Time limit 1 s, time_limit_to_tle 3: a program of 1.4 s is TLE at the limit but
    not with the margin. A time_limit_exceeded one passes with a warning, an accepted one
    too (problemtools: 'sensitive to time limit'); a spinning one passes, a fast
    time_limit_exceeded one fails."""
    pkg = tg.kattis_package("margin", "problem_format_version: 2025-09\nname: Margin\nlimits:\n  time_limit: 1\n"
                            "  time_multipliers:\n    time_limit_to_tle: 3\n", {
        "accepted/echo.py": ECHO,
        "accepted/slowish.py": BURN.format(secs=1.4),
        "time_limit_exceeded/slowish.py": BURN.format(secs=1.4),
        "time_limit_exceeded/spin.py": SPIN,
        "time_limit_exceeded/fast.py": ECHO,
    })
    rc, out, err, doc, tree = grade(pkg, expect_rc=1)
    checks, p = tg.checks_of(doc, "margin")
    want = {"problem": "PASS", "tests": "PASS", "samples": "PASS", "submissions/accepted/echo.py": "PASS",
            "submissions/accepted/slowish.py": "WARN", "submissions/time_limit_exceeded/slowish.py": "WARN",
            "submissions/time_limit_exceeded/spin.py": "PASS", "submissions/time_limit_exceeded/fast.py": "FAIL"}
    check(results(checks) == want, f"results {results(checks)}")
    for name in ("submissions/accepted/slowish.py", "submissions/time_limit_exceeded/slowish.py"):
        c = checks[name]
        check(c["got"] == "Time Limit Exceeded" and c["time_limit"] == 3.0, f"{name}: the verdict at the limit: {c}")
        check("sensitive to the time limit" in c["message"] and "sample/1" in c["message"], f"{name}: {c['message']}")
    check("only with the margin" in checks["submissions/accepted/slowish.py"]["message"], "AC only with the margin")
    check("at the limit, not with the margin" in checks["submissions/time_limit_exceeded/slowish.py"]["message"],
          "TLE at the limit only")
    check(doc["summary"]["warnings"] == 2 and doc["summary"]["failed"] == 1, f"summary {doc['summary']}")
    # The table, the summary line and JUnit: a warning is not a failure.
    check(re.search(r"submissions/accepted/slowish\.py .* WARN\n\s+warning: sensitive to the time limit", out),
          f"table:\n{out}")
    check(re.search(r"^FAIL: 1 problem, 8 checks: 5 passed, 2 warnings, 1 failed, 0 skipped, 0 errors", out, re.M),
          f"summary line:\n{out}")
    cases = {c.get("name"): c for c in tree.getroot().iter("testcase")}
    w = cases["submissions/accepted/slowish.py"]
    check(w.find("failure") is None and w.find("skipped") is None, "a warning is no JUnit failure")
    check(w.find("system-out").text.startswith("warning: sensitive to the time limit"), "the warning in system-out")
    check(tree.getroot().get("failures") == "1", f"JUnit failures {tree.getroot().attrib}")


@case
def margin_warning_legacy():
    """The same in a legacy package (the first failing test decides): .timelimit 1,
    time_safety_margin 3."""
    pkg = tg.kattis_package("legacymargin", "name: Legacy Margin\nlimits:\n  time_safety_margin: 3\n", {
        "accepted/echo.py": ECHO,
        "time_limit_exceeded/slowish.py": BURN.format(secs=1.4),
        "wrong_answer/slow_wrong.py": BURN.format(secs=1.4).replace("print(input())", "print(-1)"),
    })
    tg.write("pkgs/legacymargin/.timelimit", "1\n")
    rc, out, err, doc, tree = grade(pkg, expect_rc=0)
    checks, p = tg.checks_of(doc, "legacymargin")
    c = checks["submissions/time_limit_exceeded/slowish.py"]
    check(c["result"] == "WARN" and c["got"] == "Time Limit Exceeded" and c["tests_run"] == 2, f"tle: {c}")
    # Wrong at the margin, out of time at the limit: passes only with the margin.
    c = checks["submissions/wrong_answer/slow_wrong.py"]
    check(c["result"] == "WARN" and "only with the margin" in c["message"] and c["tests_run"] == 1, f"wa: {c}")
    check(doc["ok"] is True and doc["summary"]["warnings"] == 2, f"warnings pass: {doc['summary']}")


@case
def no_samples_is_a_warning():
    """A package without sample tests passes, with a warning counted everywhere."""
    pkg = tg.kattis_package("nosample", "problem_format_version: 2025-09\nname: No Sample\nlimits:\n"
                            "  time_limit: 1\n", {"accepted/echo.py": ECHO},
                            tests=(("secret/1", "3\n", "3\n"), ("secret/2", "4\n", "4\n")))
    rc, out, err, doc, tree = grade(pkg, expect_rc=0)
    checks, p = tg.checks_of(doc, "nosample")
    s = checks["samples"]
    check(s["result"] == "WARN" and s["got"] == "0" and "no sample" in s["message"], f"samples: {s}")
    check(doc["ok"] is True and doc["summary"]["warnings"] == 1 and doc["summary"]["passed"] == 3,
          f"summary {doc['summary']}")
    check(re.search(r"^PASS: 1 problem, 4 checks: 3 passed, 1 warning, 0 failed", out, re.M), f"summary:\n{out}")
    check("WARN  nosample samples" in err, f"the plain line of a warning:\n{err}")


@case
def early_stop_2025():
    """2025-09: a submission stops once no later test can change its outcome, and only then."""
    tests = [("sample/1", "1\n", "1\n")] + [(f"secret/{i}", f"{i}\n", f"{i}\n") for i in range(2, 6)]
    crash_first = "import sys\nx = int(input())\nsys.exit(3) if x == 1 else print(x)\n"
    pkg = tg.kattis_package("stops", "problem_format_version: 2025-09\nname: Stops\nlimits:\n  time_limit: 1\n"
                            "  time_multipliers:\n    time_limit_to_tle: 1.2\n", {
        "accepted/echo.py": ECHO,
        # rejected: any verdict but AC on one test settles it (every verdict is permitted)
        "rejected/spin.py": SPIN,
        # wrong_answer permits AC and WA only: a crash breaks it for good
        "wrong_answer/crash.py": crash_first,
        # time_limit_exceeded permits AC and TLE: a later WA would break it, so every test runs
        "time_limit_exceeded/spin.py": SPIN,
        # rules met at once but a later test could still break them: every test runs
        "wrong_answer/wrong_then_right.py": "x = int(input())\nprint(x + 1 if x == 1 else x)\n",
    }, tests=tests)
    rc, out, err, doc, tree = grade(pkg, expect_rc=1)
    checks, p = tg.checks_of(doc, "stops")
    want = {  # name: (result, tests run)
        "submissions/accepted/echo.py": ("PASS", 5),
        "submissions/rejected/spin.py": ("PASS", 1),
        "submissions/wrong_answer/crash.py": ("FAIL", 1),
        "submissions/time_limit_exceeded/spin.py": ("PASS", 5),
        "submissions/wrong_answer/wrong_then_right.py": ("PASS", 5),
    }
    for name, (result, run) in want.items():
        c = checks[name]
        check((c["result"], c["tests_run"], c["tests_total"]) == (result, run, 5),
              f"{name}: {c['result']} after {c['tests_run']}/{c['tests_total']} tests ({c['message']})")
    check("not permitted" in checks["submissions/wrong_answer/crash.py"]["message"], "the broken rule named")


@case
def progress_lines_while_waiting():
    """--plain: a check that runs long (a program mostly asleep, not idle, until its wall limit) gets a
    progress line at least every 10 s, naming it."""
    pkg = tg.kattis_package("sleepy", "problem_format_version: 2025-09\nname: Sleepy\nlimits:\n  time_limit: 6\n"
                            "  time_multipliers:\n    time_limit_to_tle: 1\n", {
        "accepted/echo.py": ECHO,
        # Busy a fifth of the time: never idle (so not stopped after its CPU
        # limit as an idle program), out of time only at the wall limit.
        "time_limit_exceeded/sleep.py": "import time\nwhile True:\n    t = time.time()\n"
                                        "    while time.time() - t < 0.02:\n        pass\n    time.sleep(0.08)\n",
    }, tests=(("secret/1", "1\n", "1\n"),))
    rc, out, err, doc, tree = grade("--plain", pkg, expect_rc=0)
    lines = [l for l in err.splitlines() if l.startswith("....  ")]
    # A loaded machine may also be slow to start the other check: only the
    # long one must be named, and every line must have the format.
    check(any("sleepy  submissions/time_limit_exceeded/sleep.py" in l for l in lines),
          f"progress lines while it sleeps:\n{err}")
    check(all(re.match(r"^\.\.\.\.  sleepy  \S+  (compiling|starting|test 1/1), \d+ s \(\d+/\d+ checks done\)$", l) for l in lines),
          f"line format:\n{err}")


@case
def bar_width_of_the_terminal():
    """On a terminal the bar is cut at the terminal's own width (here 200 columns, not 80);
    a terminal of no size (a CI log) gets plain lines."""
    long_name = "accepted/" + "a_rather_long_submission_name_" * 3 + "echo.py"
    pkg = tg.kattis_package("wide", "problem_format_version: 2025-09\nname: Wide\nlimits:\n  time_limit: 1\n",
                            {long_name: ECHO})
    rc, out, tty = tg.run_on_tty(pkg, cols=200)
    check(rc == 0, f"rc {rc}")
    bars = [b for b in tty.split("\r\033[K") if b.startswith("[")]
    check(bars and max(len(b) for b in bars) > 80, f"bar longer than 80 columns: {bars[:3]!r}")
    check(all(len(b) <= 199 for b in bars), "never wider than the terminal")
    check(any(long_name in b for b in bars), f"the whole name shown: {bars[:3]!r}")
    rc, out, tty = tg.run_on_tty(pkg, cols=0)
    check(rc == 0 and "\033[K" not in tty and "PASS  wide submissions/" in tty, f"no size: plain lines: {tty[:300]!r}")


@case
def scoring_legacy():
    """A legacy scoring package: testdata.yaml graders (ignore_sample, accept_score, min
    and sum, on_reject, range); partially_accepted wants a score strictly between 0 and
    the maximum, with the graders' Accepted."""
    small = "x = int(input())\nprint(x if x < 100 else -1)\n"       # solves group a only
    tests = (("sample/1", "5\n", "5\n"), ("secret/a/1", "1\n", "1\n"), ("secret/a/2", "2\n", "2\n"),
             ("secret/b/1", "300\n", "300\n"), ("secret/b/2", "400\n", "400\n"))
    pkg = tg.kattis_package("legacyscore", "name: Legacy Score\ntype: scoring\n", {
        "accepted/echo.py": ECHO,
        "partially_accepted/small.py": small,
        "partially_accepted/wrong.py": "print(-1)\n",
    }, tests=tests)
    tg.write("pkgs/legacyscore/.timelimit", "1\n")
    tg.write("pkgs/legacyscore/data/testdata.yaml", "on_reject: continue\ngrader_flags: ignore_sample\n")
    tg.write("pkgs/legacyscore/data/secret/testdata.yaml", "on_reject: continue\ngrader_flags: accept_if_any_accepted\n"
             "range: 0 100\n")
    tg.write("pkgs/legacyscore/data/secret/a/testdata.yaml", "on_reject: break\naccept_score: 30\ngrader_flags: min\n")
    tg.write("pkgs/legacyscore/data/secret/b/testdata.yaml", "accept_score: 35\ngrader_flags: sum\n")
    rc, out, err, doc, tree = grade(pkg, expect_rc=1)
    checks, p = tg.checks_of(doc, "legacyscore")
    check(p["scoring"] is True, f"scoring {p}")
    got = {n: (c["result"], c["score"], c["max_score"]) for n, c in checks.items() if c["kind"] == "submission"}
    want = {"submissions/accepted/echo.py": ("PASS", 100.0, 100.0),
            "submissions/partially_accepted/small.py": ("PASS", 30.0, 100.0),
            "submissions/partially_accepted/wrong.py": ("FAIL", 0.0, 100.0)}
    check(got == want, f"scores {got}")
    check("not Accepted" in checks["submissions/partially_accepted/wrong.py"]["message"], "the graders' verdict")
    check(re.search(r"submissions/partially_accepted/small\.py .*\s30/100  PASS", out), f"SCORE column:\n{out}")
    cases = {c.get("name"): c for c in tree.getroot().iter("testcase")}
    check("score: 30 of 100" in cases["submissions/partially_accepted/small.py"].find("system-out").text, "JUnit")


@case
def scoring_2025():
    """2025-09: secret sums its groups; a min group of max_score 40, a sum group of 60
    (20 a test); partially_accepted between 0 and 100; a pass-fail problem keeps no score."""
    tests = (("sample/1", "5\n", "5\n"), ("secret/a/1", "1\n", "1\n"), ("secret/a/2", "2\n", "2\n"),
             ("secret/b/1", "300\n", "300\n"), ("secret/b/2", "400\n", "400\n"), ("secret/b/3", "500\n", "500\n"))
    pkg = tg.kattis_package("score2025", "problem_format_version: 2025-09\nname: Score\ntype: scoring\n"
                            "limits:\n  time_limit: 1\n", {
        "accepted/echo.py": ECHO,
        # group a only, and one test of b: 40 + 20
        "partially_accepted/most.py": "x = int(input())\nprint(x if x < 100 or x == 300 else -1)\n",
        # one test of a (min: 0) and two of b: 40
        "partially_accepted/some.py": "x = int(input())\nprint(x if x in (1, 300, 400) else -1)\n",
    }, tests=tests)
    tg.write("pkgs/score2025/data/secret/a/test_group.yaml", "max_score: 40\nscore_aggregation: min\n")
    tg.write("pkgs/score2025/data/secret/b/test_group.yaml", "max_score: 60\nscore_aggregation: sum\n")
    rc, out, err, doc, tree = grade(pkg, expect_rc=0)
    checks, p = tg.checks_of(doc, "score2025")
    got = {n: (c["result"], c["score"], c["max_score"]) for n, c in checks.items() if c["kind"] == "submission"}
    want = {"submissions/accepted/echo.py": ("PASS", 100.0, 100.0),
            "submissions/partially_accepted/most.py": ("PASS", 60.0, 100.0),
            "submissions/partially_accepted/some.py": ("PASS", 40.0, 100.0)}
    check(got == want, f"scores {got}")
    # A pass-fail problem: no score anywhere, no SCORE column.
    plain = tg.kattis_package("passfail", "problem_format_version: 2025-09\nname: Pass Fail\nlimits:\n"
                              "  time_limit: 1\n", {"accepted/echo.py": ECHO})
    rc, out, err, doc, tree = grade(plain, expect_rc=0)
    checks, p = tg.checks_of(doc, "passfail")
    c = checks["submissions/accepted/echo.py"]
    check(p["scoring"] is False and c["score"] is None and "SCORE" not in out, f"pass-fail: {c}\n{out}")


if __name__ == "__main__":
    sys.exit(tg.main(case, __file__, BOX_BASE))
