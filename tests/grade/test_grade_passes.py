#!/usr/bin/env python3
"""`pairbox grade` on interactive, multi-pass and submit-answer packages:
one ctest per case (grade_passes.NAME).

usage: test_grade_passes.py --pairbox PATH --case NAME   (or --list, --listed FILE)
The fixtures are the packages of passes/ (see its README.md), written for
these tests; the helpers are test_grade.py's.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
sys.path.insert(0, os.path.join(HERE, ".."))
import caselist  # noqa: E402
import test_grade as tg  # noqa: E402
from test_cli import check  # noqa: E402

PASSES = os.path.join(HERE, "passes")
# Past the box ids' default ceiling (1000): --box-id-base takes any id it allows.
BOX_BASE = "2600"
case = caselist.Registry(timeout=300, labels="cli")


grade = tg.grade           # its box ids: tg.main(case, __file__, BOX_BASE) sets them


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


SLOW_READER = r"""
/* Reads the program's lines slowly and never answers: a program that
 * floods it leaves it far more to read than its time limit allows. */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	char line[64];
	while (fgets(line, sizeof(line), stdin))
		usleep(3000);
	return 43;
}
"""


@case
def relay_flooded_validator():
    """A program that floods a slow validator and runs out of time first
    is TLE, even when the validator then meets its own time limit working
    through the flood (DOMjudge's boolfind-test-loop got Internal Error
    "checker: wall limit exceeded")."""
    yaml = ("problem_format_version: 2025-09\nname: Flood\ntype: interactive\n"
            "limits:\n  time_limit: 1\n  validation_time: 1\n")
    flood = "#include <stdio.h>\nint main(void)\n{\n\tfor (;;)\n\t\tputs(\"x\");\n}\n"
    pkg = tg.kattis_package("flood", yaml, {"accepted/flood.c": flood}, tests=(("secret/1", "1\n", "1\n"),))
    tg.write("pkgs/flood/output_validator/slow.c", SLOW_READER)
    rc, out, err, doc, _ = grade(pkg, os.path.join(pkg, "submissions", "accepted", "flood.c"), expect_rc=1)
    c = [c for c in doc["problems"][0]["checks"] if c["kind"] == "solution"][0]
    check(test_verdicts(c) == {"secret/1": "Time Limit Exceeded"}, f"{c['tests']}")


def countdown_copy(name, yaml, legacy=False):
    """passes/countdown as another package: its own problem.yaml; legacy
    packages keep the validator in output_validators/<name>/."""
    dst = os.path.join(tg.TMP, "pkgs", name)
    shutil.copytree(os.path.join(PASSES, "countdown"), dst)
    with open(os.path.join(dst, "problem.yaml"), "w") as f:
        f.write(yaml)
    if legacy:
        os.makedirs(os.path.join(dst, "output_validators"))
        os.rename(os.path.join(dst, "output_validator"), os.path.join(dst, "output_validators", "countdown"))
    return dst


COUNTDOWN = {
    "accepted/minus_one.c": ("Accepted", None),
    "accepted/minus_one.py": ("Accepted", None),
    "wrong_answer/stuck_at_one.py": ("Wrong Answer", "wrong: 1"),
    "run_time_error/crash_on_one.py": ("Runtime Error (NZEC)", "status 3"),
    "time_limit_exceeded/spin_on_one.c": ("Time Limit Exceeded", None),
}


def check_countdown(doc, slug, every_test=True):
    """Each submission its verdict; the deciding pass named: 1 is the last
    pass of secret/one (the first), of secret/three the third."""
    checks, p = all_pass(doc, slug)
    for name, (verdict, says) in COUNTDOWN.items():
        c = checks["submissions/" + name]
        check(c["got"] == verdict, f"{slug} {name}: {c['got']}")
        per = {t["name"]: t for t in c["tests"]}
        if verdict == "Accepted" or not every_test:
            continue
        check(per["secret/three"]["message"].startswith("pass 3: ")
              and not per["secret/one"]["message"].startswith("pass "), f"{slug} {name}: {per}")
        check(says is None or says in per["secret/three"]["message"], f"{slug} {name}: {per}")


@case
def multipass_package():
    """2025-09 `type: multi-pass`: the validator's nextpass.in is the next
    pass's input (and its input file), its feedback/ kept between passes
    (the validator counts passes in feedback/passes.txt and fails without
    it), up to `validation_passes: 3`; a failure names its pass."""
    rc, out, err, doc, _ = grade("--jobs", "2", os.path.join(PASSES, "countdown"), expect_rc=0)
    check_countdown(doc, "countdown")


@case
def multipass_interactive_and_legacy():
    """The same package as `type: [interactive, multi-pass]` (the validator
    sends n, each pass through the relay) and as a legacy one
    (`validation: custom multi-pass`, DOMjudge's spelling, with
    `limits.validation_passes`)."""
    head = "problem_format_version: 2025-09\nname: Countdown\nlimits:\n  time_limit: 1\n  validation_passes: 3\n"
    countdown_copy("icountdown", head + "type:\n  - interactive\n  - multi-pass\n")
    countdown_copy("lcountdown", "name: Countdown\nvalidation: custom multi-pass\nlimits:\n  time_limit: 1\n"
                   "  validation_passes: 3\n", legacy=True)
    rc, out, err, doc, _ = grade("--jobs", "2", os.path.join(tg.TMP, "pkgs"), expect_rc=0)
    check_countdown(doc, "icountdown")
    check_countdown(doc, "lcountdown", every_test=False)     # legacy: stops at the first failing test


@case
def multipass_limits():
    """More passes than declared is a judge error, not a verdict; the
    default is 2; validation_passes must be an integer >= 2; a multi-pass
    problem's submissions need an output validator; submit-answer is neither."""
    head = "problem_format_version: 2025-09\nname: Countdown\ntype: multi-pass\nlimits:\n  time_limit: 1\n"
    pkg = countdown_copy("countdown2", head)                  # default: 2 passes; secret/three needs 3
    rc, out, err, doc, _ = grade(pkg, os.path.join(pkg, "submissions", "accepted", "minus_one.c"), expect_rc=1)
    c = [c for c in doc["problems"][0]["checks"] if c["kind"] == "solution"][0]
    per = test_verdicts(c)
    check(per["secret/three"] == "Internal Error" and per["secret/one"] == "Accepted", f"{per}")
    msg = [t["message"] for t in c["tests"] if t["name"] == "secret/three"][0]
    check("more than the problem's 2 (validation_passes)" in msg, msg)
    for bad, why in (("  validation_passes: 1\n", "limits.validation_passes"),
                     ("  validation_passes: two\n", "limits.validation_passes")):
        with open(os.path.join(pkg, "problem.yaml"), "w") as f:
            f.write(head + bad)
        rc, out, err, doc, _ = grade(pkg, expect_rc=1)
        checks, p = tg.checks_of(doc, "countdown2")
        check(why in (checks["problem"]["message"] or ""), f"{bad!r}: {checks['problem']}")
    shutil.rmtree(os.path.join(pkg, "output_validator"))
    with open(os.path.join(pkg, "problem.yaml"), "w") as f:
        f.write(head)
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, p = tg.checks_of(doc, "countdown2")
    # It loads (as a skeleton package does); every submission fails, saying why.
    subs = [c for c in checks.values() if c["kind"] == "submission"]
    check(checks["problem"]["result"] == "PASS" and subs and
          all(c["result"] == "FAIL" and "a multi-pass problem without an output validator" in (c["message"] or "")
              for c in subs), f"{checks}")
    with open(os.path.join(pkg, "problem.yaml"), "w") as f:
        f.write(head.replace("type: multi-pass", "type: [multi-pass, submit-answer]"))
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, p = tg.checks_of(doc, "countdown2")
    check("submit-answer cannot be multi-pass" in (checks["problem"]["message"] or ""), f"{checks}")


@case
def submit_answer_package():
    """2025-09 `type: submit-answer`: a submission is the answers, judged by
    the output validator with no program run: a folder with a file per test
    (named by the test's last part or its path, `.out` or `.ans`), or one
    file for every test; a test without an answer is a wrong answer that
    says so; the reference is the first accepted folder."""
    rc, out, err, doc, _ = grade(os.path.join(PASSES, "answers"), expect_rc=0)
    checks, p = all_pass(doc, "answers")
    want = {"accepted/by_name": (3, None), "accepted/by_path": (3, None),
            "wrong_answer/sign": (2, "expected '-3', got '3'"),
            "wrong_answer/missing": (2, "no answer submitted for this test"),
            "wrong_answer/seven.out": (1, "expected '300', got '7'")}
    for name, (passed, says) in want.items():
        c = checks["submissions/" + name]
        check(c["tests_passed"] == passed and c["language"] == "answers", f"{name}: {c}")
        check(says is None or any(says in (t["message"] or "") for t in c["tests"]), f"{name}: {c['tests']}")
    check("reference" not in checks or checks["reference"]["result"] == "PASS", f"{checks.get('reference')}")


if __name__ == "__main__":
    sys.exit(tg.main(case, __file__, BOX_BASE))
