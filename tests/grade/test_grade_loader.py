#!/usr/bin/env python3
"""`pairbox grade` on what the package loader reads beyond the basics:
DOMjudge expectations (folder names, @EXPECTED_RESULTS@, domjudge-problem.ini),
problemtools' slow_accepted and partially_accepted, validator layouts (a
folder in output_validator/, build/run scripts, files that are no program),
2025-09 constants, links inside the graded folder, submissions.yaml globs with
spaces, warnings (no samples, a skeleton package) and generated test data.

usage: test_grade_loader.py --pairbox PATH --case NAME   (or --list, --listed FILE)
Every fixture is written by the case into a temporary folder (original
programs and data). Every program runs inside the box.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_grade as tg  # noqa: E402  (its run/grade/write/checks_of helpers)
from test_grade import caselist, check, checks_of  # noqa: E402

case = caselist.Registry(timeout=300, labels="cli")
BOX_BASE = "660"          # apart from test_grade.py's 600 and the other suites'


grade = tg.grade           # its box ids: tg.main(case, __file__, BOX_BASE) sets them


def package(name, files):
    """A package of files (path -> text) under TMP/pkgs/name."""
    for path, text in files.items():
        tg.write(f"pkgs/{name}/{path}", text)
    return os.path.join(tg.TMP, "pkgs", name)


def results(doc, slug):
    checks, _ = checks_of(doc, slug)
    return {k: (c["result"], c["expected"], c["message"]) for k, c in checks.items()}


def want(doc, slug, expected):
    got = results(doc, slug)
    for name, result in expected.items():
        check(name in got, f"{slug}: no check {name}: {sorted(got)}")
        check(got[name][0] == result, f"{slug} {name}: {got[name]}")
    return got


ECHO = "print(input())\n"
SAMPLE = {"data/sample/1.in": "3\n", "data/sample/1.ans": "3\n"}
SECRET = {"data/secret/1.in": "4\n", "data/secret/1.ans": "4\n", "data/secret/2.in": "5\n",
          "data/secret/2.ans": "5\n"}


@case
def domjudge_expectations():
    """DOMjudge's folder names and @EXPECTED_RESULTS@ lines; a package with
    samples only and domjudge-problem.ini (no problem.yaml) loads."""
    pkg = package("dj", {
        "domjudge-problem.ini": "name = 'Echo for DOMjudge'\ntimelimit = 2\n", **SAMPLE,
        "submissions/accepted/echo.py": ECHO,
        "submissions/compiler_error/broken.c": "int main(void) { return }\n",
        "submissions/no_output/silent.py": "pass\n",
        "submissions/wrong_answer/off.py": "print(int(input()) + 1)\n",
        "submissions/wrong_answer/listed.py": "# @EXPECTED_RESULTS@: WRONG-ANSWER, CORRECT\nprint(0)\n",
        "submissions/run_error/exit3.py": "raise SystemExit(3)\n",
        "submissions/timelimit/spin.py": "while True:\n    pass\n",
        "submissions/mixed-verdicts/coin.py": "# @EXPECTED_RESULTS@: CORRECT, WRONG_ANSWER\nprint(7)\n",
        "submissions/mixed-verdicts/score_tag.py": "# @EXPECTED_SCORE@: CORRECT\nprint(input())\n",
        "submissions/check_manually/manual.py": "# @EXPECTED_RESULTS@: CHECK-MANUALLY\nprint(1)\n",
        "submissions/check_manually/twice.py": "# @EXPECTED_RESULTS@: CORRECT\n# @EXPECTED_RESULTS@: CORRECT\n"
                                               "print(input())\n",
        "submissions/wrong_answer/says_ac.py": "# @EXPECTED_RESULTS@: CORRECT\nprint(input())\n",
        "submissions/unsorted/x.py": ECHO,
    })
    rc, out, err, doc, _ = grade(pkg, expect_rc=0)
    checks, p = checks_of(doc, "dj")
    check(p["title"] == "Echo for DOMjudge" and p["time_limit"] == 2 and p["tests"] == 1, f"ini: {p}")
    got = want(doc, "dj", {
        "problem": "PASS", "samples": "PASS",
        "submissions/accepted/echo.py": "PASS",
        "submissions/compiler_error/broken.c": "PASS",
        "submissions/no_output/silent.py": "PASS",
        "submissions/wrong_answer/off.py": "PASS",
        "submissions/wrong_answer/listed.py": "PASS",
        "submissions/run_error/exit3.py": "PASS",
        "submissions/timelimit/spin.py": "PASS",
        "submissions/mixed-verdicts/coin.py": "PASS",
        "submissions/mixed-verdicts/score_tag.py": "PASS",
        "submissions/check_manually/manual.py": "SKIP",
        "submissions/check_manually/twice.py": "SKIP",
        # the annotation does not list its folder's result: the annotation counts (as DOMjudge)
        "submissions/wrong_answer/says_ac.py": "PASS",
        "submissions/unsorted/x.py": "SKIP",
    })
    check(got["submissions/mixed-verdicts/coin.py"][1] == "AC or WA (annotated)", f"label: {got}")
    check("CHECK-MANUALLY" in got["submissions/check_manually/manual.py"][2], "why manual is skipped")
    check("two @EXPECTED_RESULTS@ lines" in got["submissions/check_manually/twice.py"][2], "two annotations")
    check("unknown verdict folder 'unsorted'" in got["submissions/unsorted/x.py"][2], "unknown folder")
    check(checks["submissions/timelimit/spin.py"]["time_limit"] == 4.0, "the ini's timelimit x the legacy margin 2")
    # A no_output program that writes something is not NO-OUTPUT.
    tg.write("pkgs/dj/submissions/no_output/silent.py", "print(0)\n")
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    want(doc, "dj", {"submissions/no_output/silent.py": "FAIL"})


@case
def output_limit_folder():
    """DOMjudge's output_limit/: a program that writes past limits.output and
    ends (one that never ends runs out of time first, as on DOMjudge)."""
    pkg = package("flood", {
        "problem.yaml": "name: Flood\nlimits:\n  output: 1\n", ".timelimit": "2\n", **SAMPLE, **SECRET,
        "submissions/accepted/echo.py": ECHO,
        "submissions/output_limit/flood.py": "import sys\nfor _ in range(32):\n    sys.stdout.write('x' * 65536)\n",
    })
    rc, out, err, doc, _ = grade(pkg, expect_rc=0)
    want(doc, "flood", {"submissions/output_limit/flood.py": "PASS"})


@case
def problemtools_folders():
    """slow_accepted: accepted with the time limit x time_safety_margin;
    partially_accepted: judged on every test, some accepted, not all."""
    burn = ("import time\nt = time.process_time()\nwhile time.process_time() - t < 1.4:\n    pass\n"
            "print(input())\n")
    pkg = package("folders", {
        "problem.yaml": "name: Folders\nlimits:\n  time_safety_margin: 4\n", ".timelimit": "1\n", **SAMPLE, **SECRET,
        "submissions/accepted/echo.py": ECHO,
        "submissions/slow_accepted/burn.py": burn,
        "submissions/partially_accepted/small_only.py": "n = int(input())\nprint(n if n < 5 else 0)\n",
        "submissions/partially_accepted/all_right.py": ECHO,
    })
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    checks, p = checks_of(doc, "folders")
    got = want(doc, "folders", {
        "submissions/slow_accepted/burn.py": "PASS",
        "submissions/partially_accepted/small_only.py": "PASS",
        "submissions/partially_accepted/all_right.py": "FAIL",
    })
    check(checks["submissions/slow_accepted/burn.py"]["time_limit"] == 4.0, "slow_accepted runs with the margin")
    check(checks["submissions/partially_accepted/small_only.py"]["tests_run"] == 3, "every test ran")
    check("some, not all" in got["submissions/partially_accepted/all_right.py"][2], f"why: {got}")


@case
def validator_layouts():
    """Only programs count: problemtools' output_validator/<name>/, build and
    run scripts, a README and a .txt beside the source, a *.template is never
    the reference, an output_validator/ with only .gitkeep; a legacy package's
    validator in output_validator/ (DOMjudge's layout)."""
    validator_py = ("import sys\nans = open(sys.argv[2]).read().split()\nout = sys.stdin.read().split()\n"
                    "sys.exit(42 if out == ans else 43)\n")
    base = {"problem.yaml": "problem_format_version: 2023-07-draft\nname: V\nlimits:\n  time_limit: 1\n",
            **SAMPLE, **SECRET, "submissions/accepted/echo.py": ECHO,
            "submissions/wrong_answer/zero.py": "print(0)\n"}
    nested = package("nested", {**base, "output_validator/my_validator/check.py": validator_py,
                                "output_validator/my_validator/README.md": "how it works\n",
                                "output_validator/my_validator/notes.txt": "not a program\n"})
    check_c = ("#include <stdio.h>\n#include <string.h>\nint main(int argc, char **argv) {\n"
               "  char a[64] = \"\", b[64] = \"\";\n  FILE *f = fopen(argv[2], \"r\");\n"
               "  if (!f || fscanf(f, \"%63s\", a) != 1) return 1;\n"
               "  if (scanf(\"%63s\", b) != 1) return 43;\n  return strcmp(a, b) ? 43 : 42;\n}\n")
    scripts = package("scripts", {
        **base, "problem.yaml": "problem_format_version: 2025-09\nname: S\nlimits:\n  time_limit: 1\n",
        "output_validator/check.c": check_c,
        "output_validator/build": "#!/bin/sh\ncc -O1 -o compare check.c\n",
        "output_validator/run": "#!/bin/sh\nexec \"$(dirname \"$0\")/compare\" \"$@\"\n",
        "submissions/accepted/aaa.cpp.template": "int main() { return {{answer}}; }\n",
    })
    keep = package("keep", {**base, "problem.yaml": "problem_format_version: 2025-09\nname: K\n",
                            "output_validator/.gitkeep": ""})
    # DOMjudge's example problems: legacy, validation: custom, the validator
    # in output_validator/ (no output_validators/).
    legacy = package("legacy", {**base, "problem.yaml": "name: L\nvalidation: custom\n", ".timelimit": "1\n",
                                "output_validator/check.py": validator_py})
    rc, out, err, doc, _ = grade(os.path.join(tg.TMP, "pkgs"), expect_rc=0)
    for slug in ("nested", "scripts", "keep", "legacy"):
        want(doc, slug, {"problem": "PASS", "submissions/accepted/echo.py": "PASS",
                         "submissions/wrong_answer/zero.py": "PASS"})
    want(doc, "scripts", {"submissions/accepted/aaa.cpp.template": "SKIP"})
    check(all(p["ok"] for p in doc["problems"]), f"every package passes: {[p['slug'] for p in doc['problems']]}")
    check(nested and scripts and keep and legacy, "packages written")


@case
def skeleton_and_warnings():
    """No samples is a warning; a package with neither tests nor submissions
    (an interactive statement-only skeleton) loads with warnings; data the
    BAPCtools generator writes names the generator."""
    pkg = package("nosample", {"problem.yaml": "problem_format_version: 2025-09\nname: N\n"
                                               "limits:\n  time_limit: 1\n", **SECRET,
                               "submissions/accepted/echo.py": ECHO})
    skel = package("skel", {"problem.yaml": "problem_format_version: 2025-09\nname: Skel\ntype: pass-fail interactive\n",
                            "statement/problem.en.md": "Guess.\n", "submissions/submissions.yaml": ""})
    # Submissions but no data/ (the package format's submit-answer example):
    # a skeleton too, its submissions skipped, no time limit row.
    # A Kattis package with no accepted submission (BAPCtools' hellounix):
    # no reference is a warning.
    package("noref", {"problem.yaml": "problem_format_version: 2025-09\nname: NoRef\nlimits:\n  time_limit: 1\n",
                      **SAMPLE, "submissions/run_time_error/crash.py": "raise SystemExit(3)\n"})
    skel2 = package("skel2", {"problem.yaml": "problem_format_version: 2025-09\nname: Skel2\ntype: submit-answer\n",
                              "submissions/accepted/answer.txt": "42\n"})
    rc, out, err, doc, tree = grade(os.path.join(tg.TMP, "pkgs"), expect_rc=0)
    got = want(doc, "nosample", {"samples": "WARN", "submissions/accepted/echo.py": "PASS"})
    check("no sample" in got["samples"][2], f"why: {got['samples']}")
    got = want(doc, "skel", {"problem": "PASS", "tests": "WARN", "samples": "WARN", "reference": "WARN"})
    check("time limit" not in got, "nothing to derive a limit from")
    got = want(doc, "skel2", {"problem": "PASS", "tests": "WARN", "submissions/accepted/answer.txt": "SKIP"})
    check("time limit" not in got and "skeleton" in got["tests"][2], f"skel2: {got}")
    got = want(doc, "noref", {"reference": "WARN", "submissions/run_time_error/crash.py": "PASS"})
    check("no reference" in got["reference"][2], f"noref: {got['reference']}")
    check(doc["summary"]["failed"] == 0 and doc["ok"] is True, f"warnings fail nothing: {doc['summary']}")
    check("warning:" in out, f"the table says warning:\n{out}")
    suites = {s.get("name"): s for s in tree.getroot().findall("testsuite")}
    check(suites["skel"].get("failures") == "0", "no JUnit failure for a warning")
    shutil.rmtree(skel)
    shutil.rmtree(skel2)
    shutil.rmtree(os.path.join(tg.TMP, "pkgs", "noref"))
    gen = package("gen", {"problem.yaml": "problem_format_version: 2025-09\nname: G\n", **SAMPLE,
                          "generators/generators.yaml": "data:\n  secret:\n    data: {}\n"})
    rc, out, err, doc, _ = grade(gen, expect_rc=1)
    got = want(doc, "gen", {"problem": "FAIL"})
    check("generators/generators.yaml" in got["problem"][2] and "run the generator" in got["problem"][2], f"{got}")
    check(pkg, "written")


@case
def constants_and_globs():
    """2025-09 constants in the validator and the submissions; submissions.yaml
    brace alternatives with spaces; a folder submissions.yaml names without
    verdict rules is judged."""
    validator = ("import sys\nout = sys.stdin.read().split()\n"
                 "sys.exit(42 if out == [str({{base}} + int(open(sys.argv[1]).read()))] else 43)\n")
    pkg = package("consts", {
        "problem.yaml": "problem_format_version: 2025-09\nname: C\nlimits:\n  time_limit: 1\n"
                        "constants:\n  base:\n    value: 10\n    word: ten\n  ratio: 2.0\n",
        **SAMPLE, **SECRET, "data/secret/42.in": "1\n", "data/secret/42.ans": "1\n",
        "output_validator/validator.py": validator,
        "submissions/accepted/plus.py": "print({{base}} + int(input()))\n",
        "submissions/accepted/ratio.py": "assert str({{ratio}}) == '2.0' and '{{base.word}}' == 'ten'\n"
                                         "assert '{{nothing}}' == '{' + '{nothing}' + '}'\n"
                                         "print({{base.value}} + int(input()))\n",
        "submissions/wa/only_42.py": "n = int(input())\nprint(n + 10 if n == 1 else 0)\n",
        "submissions/tle/spin.py": "while True:\n    pass\n",
        "submissions/submissions.yaml": "wa:\n  permitted: [AC, WA]\n  required: [WA]\n"
                                        "wa/only_42.py:\n  \"secret/{ 4 }{ 2 }\":\n    required: [AC]\n"
                                        "tle:\n  secret:\n    use_for_time_limit: upper\n",
    })
    rc, out, err, doc, _ = grade(pkg, expect_rc=0)
    want(doc, "consts", {"submissions/accepted/plus.py": "PASS", "submissions/accepted/ratio.py": "PASS",
                         "submissions/wa/only_42.py": "PASS", "submissions/tle/spin.py": "PASS"})


@case
def links_inside_graded_folder():
    """A package's link to a header beside the problems loads when PATH is
    the tree holding both, or the problem alone inside a git work tree
    holding both; it is refused when PATH is the problem alone outside a work
    tree, and when it leads out of the work tree."""
    header = "#define ACCEPT 42\n#define REJECT 43\n"
    check_c = ("#include <stdio.h>\n#include \"verdicts.h\"\nint main(int argc, char **argv) {\n"
               "  long a, b;\n  FILE *f = fopen(argv[2], \"r\");\n  if (!f || fscanf(f, \"%ld\", &a) != 1) return 1;\n"
               "  return scanf(\"%ld\", &b) == 1 && a == b ? ACCEPT : REJECT;\n}\n")
    tg.write("tree/shared/verdicts.h", header)
    pkg = package("../tree/probs/linked", {
        "problem.yaml": "problem_format_version: 2025-09\nname: L\nlimits:\n  time_limit: 1\n", **SAMPLE,
        "output_validator/check.c": check_c, "submissions/accepted/echo.py": ECHO})
    os.symlink("../../../shared/verdicts.h", os.path.join(pkg, "output_validator", "verdicts.h"))
    rc, out, err, doc, _ = grade(os.path.join(tg.TMP, "tree"), expect_rc=0)
    want(doc, "linked", {"problem": "PASS", "submissions/accepted/echo.py": "PASS"})
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    got = want(doc, "linked", {"problem": "FAIL"})
    check("a link to outside" in got["problem"][2], f"why: {got['problem']}")
    # In a git work tree (a clone of the repository), the problem graded
    # alone reaches the tree's shared header; a link out of the work tree
    # is still refused.
    os.mkdir(os.path.join(tg.TMP, "tree", ".git"))
    rc, out, err, doc, _ = grade(pkg, expect_rc=0)
    want(doc, "linked", {"problem": "PASS", "submissions/accepted/echo.py": "PASS"})
    tg.write("outside.h", header)
    os.unlink(os.path.join(pkg, "output_validator", "verdicts.h"))
    os.symlink("../../../../outside.h", os.path.join(pkg, "output_validator", "verdicts.h"))
    rc, out, err, doc, _ = grade(pkg, expect_rc=1)
    got = want(doc, "linked", {"problem": "FAIL"})
    check("a link to outside" in got["problem"][2], f"out of the work tree: {got['problem']}")


if __name__ == "__main__":
    sys.exit(tg.main(case, __file__, BOX_BASE))
