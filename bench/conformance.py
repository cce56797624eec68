#!/usr/bin/env python3
"""Conformance run: `pairbox grade` over the public example packages of the
tools teams already use, and how many submissions get their expected verdict.

usage: bench/conformance.py PAIRBOX [--out DIR] [--jobs N] CHECKOUT...

Each CHECKOUT is a clone of one of:
  Kattis/problemtools            (examples/*)
  Kattis/problem-package-format  (examples/problems/*)
  DOMjudge/domjudge              (example_problems/*)
  RagnarGrootKoerkamp/BAPCtools  (test/problems/*)
recognised by those folders. They are not part of pairbox and never fetched
by it: clone them yourself (this machine's tests never use the network).
Every problem folder (one with a problem.yaml, problem.json or
domjudge-problem.ini) is graded on its own (problemtools, the package format
and BAPCtools with --pypy, as their languages.yaml runs Python 3), with a
JSON report per problem in --out, then a table: per problem, the checks that
passed, warned, failed, were skipped or errored, and the totals. Exit status
0 when nothing failed or errored.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

LAYOUTS = (  # folder of problems inside a checkout, name, pairbox grade flags
    ("examples/problems", "package-format", ["--pypy"]),
    ("example_problems", "domjudge", []),
    ("test/problems", "bapctools", ["--pypy"]),
    ("examples", "problemtools", ["--pypy"]),
)
KINDS = ("PASS", "WARN", "FAIL", "SKIP", "ERROR")


def problems(checkout):
    for sub, name, flags in LAYOUTS:
        top = os.path.join(checkout, sub)
        if os.path.isdir(top):
            return name, flags, sorted(d for d in glob.glob(os.path.join(top, "*")) if any(
                os.path.exists(os.path.join(d, f)) for f in ("problem.yaml", "problem.json", "domjudge-problem.ini")))
    sys.exit(f"{checkout}: not a checkout of a known repository (no {', '.join(l[0] for l in LAYOUTS)})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pairbox")
    ap.add_argument("checkouts", nargs="+")
    ap.add_argument("--out", help="folder for the JSON reports (default: a temporary one)")
    ap.add_argument("--jobs", default="2")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="pairbox-conformance-")
    os.makedirs(out, exist_ok=True)
    rows, total = [], dict.fromkeys(KINDS, 0)
    subs = dict.fromkeys(KINDS, 0)
    t0 = time.monotonic()
    for checkout in a.checkouts:
        repo, flags, dirs = problems(checkout)
        for d in dirs:
            report = os.path.join(out, f"{repo}-{os.path.basename(d)}.json")
            t = time.monotonic()
            subprocess.run([a.pairbox, "grade", "--plain", "--jobs", a.jobs, "--json", report, *flags, d],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed = time.monotonic() - t
            try:
                with open(report) as f:
                    doc = json.load(f)
            except (OSError, ValueError) as e:
                rows.append((repo, os.path.basename(d), None, f"no report: {e}", elapsed))
                total["ERROR"] += 1
                continue
            for p in doc["problems"]:
                count = dict.fromkeys(KINDS, 0)
                why = ""
                for c in p["checks"]:
                    count[c["result"]] += 1
                    if c["kind"] == "submission":
                        subs[c["result"]] += 1
                    if c["name"] == "problem" and c["result"] != "PASS":
                        why = (c["message"] or "")[:90]
                for k in KINDS:
                    total[k] += count[k]
                rows.append((repo, p["slug"], count, why, elapsed))
    print(f"{'repository':15} {'problem':22} " + " ".join(f"{k:>5}" for k in KINDS) + "   time  (not loaded: why)")
    for repo, slug, count, why, elapsed in rows:
        cells = " ".join(f"{count[k]:5}" for k in KINDS) if count else " " * 29
        print(f"{repo:15} {slug:22} {cells} {elapsed:6.1f} s  {why}")
    print("checks: " + ", ".join(f"{total[k]} {k}" for k in KINDS))
    judged = subs["PASS"] + subs["WARN"] + subs["FAIL"] + subs["ERROR"]
    print(f"submissions: {subs['PASS'] + subs['WARN']} of {judged} judged got their expected verdict "
          f"({subs['WARN']} with a warning), {subs['SKIP']} skipped; {time.monotonic() - t0:.0f} s; reports in {out}")
    return 0 if not total["FAIL"] and not total["ERROR"] else 1


if __name__ == "__main__":
    sys.exit(main())
