#!/usr/bin/env python3
"""`pairbox grade` on submissions named as problem packages name them.

usage: test_grade_langs.py --pairbox PATH --case NAME   (or --list, --listed FILE)

The fixture is kattis/twice/ (kattis/README.md): Java, Kotlin and Scala
classes from their file names, the JVM heap at the memory limit, Kattis's
extensions (.py3 .c++ .p .pl), OCaml with Str, PyPy by name, Python 2
skipped with its reason, folder submissions (C with a header, Python
with an entrypoint, Java classes, shell sourcing its neighbour, a .txt
beside a program) and a .disabled file that is no submission.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import caselist  # noqa: E402
import test_grade as tg  # noqa: E402  (the grade suite's helpers)
from test_grade import check, checks_of, grade  # noqa: E402

TWICE = os.path.join(tg.KATTIS, "twice")
BOX_BASE = "640"          # apart from test_grade.py's 600
case = caselist.Registry(timeout=300, labels="cli")

ACCEPTED = ["Doubler.java", "HeapAtLimit.java", "twice-it.kt", "solution.java", "Twicer.scala", "double.py3", "double.c++",
            "double.p", "double.pl", "double.ml", "on_pypy.py", "folder_c", "folder_py", "folder_java",
            "folder_sh", "with_txt"]


@case(timeout=600)
def package_names():
    rc, out, err, doc, _ = grade(TWICE, expect_rc=0)
    checks, _ = checks_of(doc, "twice")
    for name in ACCEPTED:
        c = checks.get("submissions/accepted/" + name)
        check(c is not None, f"{name} graded: {sorted(checks)}")
        check(c["result"] == "PASS" and c["got"] == "Accepted",
              f"{name}: {c['got']} {c['result']} ({c.get('message')})")
    c = checks["submissions/accepted/legacy.py"]
    check(c["result"] == "SKIP" and "Python 2" in (c.get("message") or ""), f"legacy.py: {c}")
    c = checks["submissions/run_time_error/Hog.java"]
    check(c["result"] == "PASS" and c["got"].startswith("Runtime Error"), f"Hog.java: {c['got']} ({c.get('message')})")
    c = checks["submissions/wrong_answer/Triple.java"]
    check(c["result"] == "PASS" and c["got"] == "Wrong Answer", f"Triple.java: {c['got']}")
    # Syntax checked when compiled, as problemtools and DOMjudge do.
    for name in ("syntax.py", "NoMain.java", "unused_js"):
        c = checks["submissions/compile_error/" + name]
        check(c["result"] == "PASS" and c["got"] == "Compilation Error", f"{name}: {c['got']} ({c.get('message')})")
    check(not [n for n in checks if n.endswith(".disabled")], f".disabled is no submission: {sorted(checks)}")


@case
def folder_entrypoint_missing():
    """An entrypoint that is not a source of the folder fails, saying so."""
    pkg = os.path.join(tg.TMP, "twice")
    subprocess.run(["cp", "-r", TWICE, pkg], check=True)
    sub = os.path.join(pkg, "submissions")
    for d in ("accepted", "run_time_error", "wrong_answer"):
        subprocess.run(["rm", "-rf", os.path.join(sub, d)], check=True)
    os.makedirs(os.path.join(sub, "accepted", "two"))
    tg.write(os.path.join(pkg, "submissions", "accepted", "two", "a.py"), "print(2 * int(input()))\n")
    tg.write(os.path.join(pkg, "submissions", "accepted", "two", "b.py"), "print(0)\n")
    tg.write(os.path.join(pkg, "submissions", "submissions.yaml"),
             "accepted/two:\n  entrypoint: missing.py\n")
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, _ = checks_of(doc, "twice")
    c = checks["submissions/accepted/two"]
    check(c["result"] == "FAIL" and "entrypoint 'missing.py'" in (c.get("message") or ""), f"two: {c}")


@case
def pypy_flag():
    """--pypy runs Python 3 (by extension) with PyPy 3, as problemtools and
    BAPCtools do; submissions.yaml's language still decides; without it,
    CPython."""
    impl = "import platform\nprint(platform.python_implementation())\n"
    pkg = tg.kattis_package("interp", "problem_format_version: 2025-09\nname: Interp\nlimits:\n  time_limit: 5\n", {
        "accepted/which.py": impl,
        "wrong_answer/named.py": impl,
        "submissions.yaml": "wrong_answer/named.py:\n  language: python3\n",
    }, tests=(("sample/1", "", "PyPy\n"),))
    rc, out, err, doc, _ = grade("--pypy", pkg, expect_rc=0)
    checks, _ = checks_of(doc, "interp")
    c = checks["submissions/accepted/which.py"]
    check(c["result"] == "PASS" and c["language"] == "pypy3", f"--pypy: {c}")
    c = checks["submissions/wrong_answer/named.py"]
    check(c["result"] == "PASS" and c["language"] == "python3" and c["got"] == "Wrong Answer", f"named: {c}")
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, _ = checks_of(doc, "interp")
    c = checks["submissions/accepted/which.py"]
    check(c["result"] == "FAIL" and c["language"] == "python3" and c["got"] == "Wrong Answer", f"CPython: {c}")


@case
def syntax_checks():
    """In a package, Lua (luac -p) and R (parse) are checked before they run,
    as DOMjudge does: a syntax error is a compile error, not a run-time one."""
    pkg = tg.kattis_package("syntax", "problem_format_version: 2025-09\nname: Syntax\nlimits:\n  time_limit: 5\n", {
        "accepted/echo.lua": "print(io.read())\n",
        "accepted/echo.R": "cat(readLines(file('stdin'), n = 1), '\\n', sep = '')\n",
        "compile_error/broken.lua": "print(io.read()\n",
        "compile_error/broken.R": "cat(readLines(file('stdin'), n = 1)\n",
        "rejected/late.lua": "print(io.read())\nerror('after the answer')\n",
    })
    rc, out, err, doc, _ = grade(pkg, expect_rc=0)
    checks, _ = checks_of(doc, "syntax")
    for name, got in (("accepted/echo.lua", "Accepted"), ("accepted/echo.R", "Accepted"),
                      ("compile_error/broken.lua", "Compilation Error"), ("compile_error/broken.R", "Compilation Error"),
                      ("rejected/late.lua", "Runtime Error (NZEC)")):
        c = checks["submissions/" + name]
        check(c["result"] == "PASS" and c["got"] == got, f"{name}: {c['result']} {c['got']} ({c['message']})")


if __name__ == "__main__":
    sys.exit(tg.main(case, __file__, BOX_BASE))
