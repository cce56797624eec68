#!/usr/bin/env python3
"""`pairbox grade`: a package's limits as the problem package format sets them.

usage: test_grade_limits.py --pairbox PATH --case NAME   (or --list, --listed FILE)

The fixture is limits/limits/ (limits/README.md): no limits.output, so the
spec's 8 MiB; a program past it runs on (DOMjudge's truncation) and is
stopped by its time limit, or ends as Output Limit Exceeded; a file past
it too; an idle program is stopped after its CPU limit, not its wall
limit; a large static array compiles. Packages made here: a declared
limits.output, and an output validator past its validation limits.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import caselist  # noqa: E402
import test_grade as tg  # noqa: E402  (the grade suite's helpers)
from test_grade import check, checks_of, grade, kattis_package, write  # noqa: E402

LIMITS = os.path.join(HERE, "limits", "limits")
BOX_BASE = "680"          # apart from test_grade.py's 600
OLE = "Output Limit Exceeded"
case = caselist.Registry(timeout=300, labels="cli")

ECHO = "#include <stdio.h>\nint main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;printf(\"%d\\n\",n);return 0;}\n"


def padded(mib):
    """C: the answer, then mib MiB of spaces, exit 0."""
    return ("#include <stdio.h>\n#include <string.h>\nint main(void){static char b[4096];int n;"
            "if(scanf(\"%d\",&n)!=1)return 1;printf(\"%d\\n\",n);memset(b,' ',sizeof b);"
            f"for(int i=0;i<{int(mib * 256)};i++)fwrite(b,1,sizeof b,stdout);return 0;}}\n")


def results(checks, name):
    c = checks["submissions/" + name]
    return c, f"{name}: {c['result']} {c['got']} ({c.get('message')})"


@case(timeout=600)
def package_limits():
    """limits/limits: every submission its folder's verdict, with the
    output limit named, and the sleeper stopped at its CPU limit (1.5 s
    for time_limit_exceeded/) rather than its wall limit (4 s)."""
    rc, out, err, doc, _ = grade("--jobs", "2", LIMITS, expect_rc=0)
    checks, p = checks_of(doc, "limits")
    want = {"accepted/echo.c": "Accepted", "accepted/padded.c": "Accepted", "accepted/nap.c": "Accepted",
            "accepted/big_static.cpp": "Accepted", "time_limit_exceeded/flood.c": "Time Limit Exceeded",
            "time_limit_exceeded/sleeper.c": "Time Limit Exceeded", "run_time_error/too_much.c": OLE,
            "run_time_error/big_file.c": OLE}
    for name, got in want.items():
        c, why = results(checks, name)
        check(c["result"] == "PASS" and c["got"] == got, why)
    for name in ("run_time_error/too_much.c", "run_time_error/big_file.c"):
        c, why = results(checks, name)
        check(all(t["status"]["id"] == 8 for t in c["tests"]), f"Judge0's id 8 stays: {c['tests']}")
        check("Output limit exceeded" in (c.get("message") or ""), why)
    c, why = results(checks, "time_limit_exceeded/sleeper.c")
    walls = [t["wall_time"] for t in c["tests"]]
    check(c["time_limit"] == 1.5 and len(walls) == 2 and all(1.4 <= w <= 3.0 for w in walls),
          f"idle for its 1.5 s of CPU, stopped (the wall limit is 4 s): {walls} ({c.get('message')})")
    check("idle" in (c.get("message") or ""), why)
    c, why = results(checks, "accepted/big_static.cpp")
    check(c["memory"] >= 300 * 1024, f"the program's 300 MiB count as its memory: {c['memory']} KB")


@case
def declared_output_limit():
    """limits.output (MiB) is the limit: 3 MiB past a declared 1 MiB is
    Output Limit Exceeded, half a MiB is within it; a legacy package
    without one gets 8 MiB too."""
    subs = {"accepted/echo.c": ECHO, "accepted/half.c": padded(0.5), "run_time_error/three.c": padded(3)}
    one = kattis_package("one_mib", "problem_format_version: 2025-09\nname: One\nlimits:\n  time_limit: 1\n"
                         "  output: 1\n", subs)
    old = kattis_package("old_default", "name: Old\nlimits:\n  time_limit: 1\n",
                         {"accepted/echo.c": ECHO, "accepted/three.c": padded(3)})
    rc, out, err, doc, _ = grade("--jobs", "2", os.path.dirname(one), expect_rc=0)
    checks, _ = checks_of(doc, "one_mib")
    for name, got in (("accepted/half.c", "Accepted"), ("run_time_error/three.c", OLE)):
        c, why = results(checks, name)
        check(c["result"] == "PASS" and c["got"] == got, why)
    checks, _ = checks_of(doc, "old_default")
    c, why = results(checks, "accepted/three.c")
    check(c["result"] == "PASS" and c["got"] == "Accepted", why)
    check(os.path.dirname(old) == os.path.dirname(one), "both packages graded")


# An output validator (2025-09 output_validator/) that accepts the answer,
# after doing what MODE says: chatter on stderr, spin, or allocate.
VALIDATOR = r"""#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
	long want, got;
	FILE *a = argc > 2 ? fopen(argv[2], "r") : NULL;
	if (!a || fscanf(a, "%ld", &want) != 1 || scanf("%ld", &got) != 1)
		return 43;
	MODE
	return got == want ? 42 : 43;
}
"""
MODES = {
    "chatty": "for (int i = 0; i < 1024; i++) fprintf(stderr, \"%1023d\\n\", i);",
    "flood": "for (int i = 0; i < 2048; i++) fprintf(stderr, \"%1023d\\n\", i);",
    "spin": "for (volatile unsigned long i = 0;; i++) ;",
    "hog": "{ size_t n = 200u << 20; volatile char *p = malloc(n); for (size_t i = 0; p && i < n; i += 4096) "
           "p[i] = 1; }",
}


@case
def validator_limits():
    """The output validator's limits: validation_output (default 8 MiB:
    1 MiB of stderr is fine, 2 MiB past a declared 1 MiB is not),
    validation_time and validation_memory; past any, a Judge Error
    (grade's ERROR), never the submission's verdict."""
    base = "problem_format_version: 2025-09\nname: V\nlimits:\n  time_limit: 1\n"
    pkgs = {"v_chatty": ("chatty", ""), "v_flood": ("flood", "  validation_output: 1\n"),
            "v_spin": ("spin", "  validation_time: 1\n"), "v_hog": ("hog", "  validation_memory: 64\n")}
    for slug, (mode, extra) in pkgs.items():
        kattis_package(slug, base + extra, {"accepted/echo.c": ECHO})
        write(f"pkgs/{slug}/output_validator/validator.c", VALIDATOR.replace("MODE", MODES[mode]))
    rc, out, err, doc, _ = grade("--jobs", "2", os.path.join(tg.TMP, "pkgs"), expect_rc=1)
    checks, _ = checks_of(doc, "v_chatty")
    c, why = results(checks, "accepted/echo.c")
    check(c["result"] == "PASS" and c["got"] == "Accepted", why)
    # A loaded machine may stop the spinning validator at its wall limit
    # (twice validation_time) before its CPU limit: a Judge Error either way.
    for slug, limits in (("v_flood", ("output",)), ("v_spin", ("time", "wall")), ("v_hog", ("memory",))):
        checks, _ = checks_of(doc, slug)
        c, why = results(checks, "accepted/echo.c")
        check(c["result"] == "ERROR" and any(f"checker: {x} limit exceeded" in (c.get("message") or "") for x in limits),
              f"{slug}: {why}")


if __name__ == "__main__":
    sys.exit(tg.main(case, __file__, BOX_BASE))
