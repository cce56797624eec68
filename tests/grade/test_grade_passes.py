#!/usr/bin/env python3
"""`pairbox grade` on interactive, multi-pass and submit-answer packages:
one ctest per case (grade_passes.NAME).

usage: test_grade_passes.py --pairbox PATH --case NAME   (or --list, --listed FILE)
The fixtures are the packages of passes/ (see its README.md), written for
these tests; the helpers are test_grade.py's.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
sys.path.insert(0, os.path.join(HERE, ".."))
import caselist  # noqa: E402
import test_grade as tg  # noqa: E402
from test_cli import Fail, check  # noqa: E402

PASSES = os.path.join(HERE, "passes")
# Past the box ids' default ceiling (1000): --box-id-base takes any id it allows.
BOX_BASE = "2600"
case = caselist.Registry(timeout=300, labels="cli")


def grade(*args, expect_rc=None):
    """test_grade.grade with this suite's box ids."""
    saved, tg.BOX_BASE = tg.BOX_BASE, BOX_BASE
    try:
        return tg.grade(*args, expect_rc=expect_rc)
    finally:
        tg.BOX_BASE = saved


def all_pass(doc, slug):
    checks, p = tg.checks_of(doc, slug)
    bad = {n: (c["result"], c["got"], c["message"]) for n, c in checks.items() if c["result"] not in ("PASS", "SKIP")}
    check(p["ok"] is True and not bad, f"{slug}: {bad}")
    return checks, p


def test_verdicts(c):
    return {t["name"]: t["status"]["description"] for t in c["tests"]}


@case
def relay_package():
    """An interaction of about 330 KB in one burst (the relay once stalled
    after 64 KiB: Internal Error "checker: wall limit exceeded"), and each
    order of ending: a program that closes its stdout has not ended (TLE,
    not the interactor's "no answer"); one that never stops writing is
    TLE, not the interactor's wall limit; a crash after the interactor's
    wrong answer is WA; a crash before it is RTE. Every test of each."""
    rc, out, err, doc, _ = grade("--jobs", "2", os.path.join(PASSES, "relay"), expect_rc=0)
    checks, p = all_pass(doc, "relay")
    want = {
        "accepted/sum.c": "Accepted", "accepted/sum.py": "Accepted", "accepted/passes_first.py": "Accepted",
        "time_limit_exceeded/closes_stdout.c": "Time Limit Exceeded",
        "time_limit_exceeded/passes_forever.c": "Time Limit Exceeded",
        "wrong_answer/crash_after_wa.c": "Wrong Answer",
        "run_time_error/crash_first.c": "Runtime Error (SIGABRT)",
    }
    for name, verdict in want.items():
        c = checks["submissions/" + name]
        per_test = test_verdicts(c)
        check(set(per_test) == {"sample/1", "secret/big"}, f"{name}: every test runs: {per_test}")
        # Every test the same verdict: not one order here, another there.
        check(all(v == verdict.split(" (")[0] or v == verdict for v in per_test.values()), f"{name}: {per_test}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairbox")
    ap.add_argument("--case", choices=case.names())
    ap.add_argument("--list", action="store_true", help="the cases for ctest: NAME TIMEOUT LABELS")
    ap.add_argument("--listed", metavar="FILE", help="fail if FILE (the configured list) is stale")
    a = ap.parse_args()
    if a.list or a.listed:
        return case.list_main(__file__, a.listed)
    if not a.pairbox or not a.case:
        ap.error("--pairbox and --case are required")
    tg.PAIRBOX = os.path.abspath(a.pairbox)
    tg.TMP = tempfile.mkdtemp(prefix="pairbox-grade-")
    try:
        case.run(a.case)
        print(f"ok {a.case}\n1 passed, 0 failed")
        return 0
    except (Fail, subprocess.TimeoutExpired, ValueError, OSError, ET.ParseError) as e:
        print(f"FAIL {a.case}: {e}\n0 passed, 1 failed")
        return 1
    finally:
        shutil.rmtree(tg.TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
