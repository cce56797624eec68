#!/usr/bin/python3
"""in_guest.py - the job of the test guest: a ctest subset, counted.

Usage: in_guest.py --build DIR --regex REGEX [--ctest PATH] [-j N] [--allow-skip NAME]...

Tests run one per CPU of the guest (-j): 1 under User-mode Linux, 2 under QEMU.

Checks first that the guest is what it should be (cgroup2 mounted, no v1
hierarchy), then runs `ctest -R REGEX` in the host's build directory (seen
through the guest's overlay: ctest's files land in the guest's memory), and
prints "N passed, N failed, N skipped" with the names. Exit 1 if a test
failed, or was skipped without --allow-skip: in the guest a skip is coverage
silently lost, not a pass.
"""
import argparse
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET


def mounts_of(fstype):
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, _, post = line.partition(" - ")
            if post.split()[0] == fstype:
                out.append(pre.split()[4])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--regex", required=True)
    ap.add_argument("--ctest", default="ctest")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, help="tests at a time (default: one per CPU)")
    ap.add_argument("--timeout", type=int, default=300, help="per test, seconds")
    ap.add_argument("--allow-skip", action="append", default=[])
    args = ap.parse_args()
    v1, v2 = mounts_of("cgroup"), mounts_of("cgroup2")
    print("in the guest: cgroup2 at %s; cgroup v1 mounts: %s; %d CPU" % (
        ", ".join(v2) or "nowhere", ", ".join(v1) or "none", os.cpu_count()), flush=True)
    if v1 or not v2:
        print("FAIL: the guest is not pure cgroup v2")
        return 1
    junit = "/tmp/pairbox-guest-junit.xml"
    t0 = time.monotonic()
    p = subprocess.run([args.ctest, "--test-dir", args.build, "-R", args.regex, "-j", str(args.j),
                        "--output-on-failure", "--timeout", str(args.timeout), "--no-tests=error",
                        "--output-junit", junit])
    took = time.monotonic() - t0
    try:
        cases = ET.parse(junit).getroot().iter("testcase")
    except (OSError, ET.ParseError) as e:
        print("FAIL: no JUnit report from ctest (%s); ctest exited %d" % (e, p.returncode))
        return 1
    passed, failed, skipped = [], [], []
    for c in cases:
        st = c.get("status")
        (passed if st == "run" else skipped if st in ("notrun", "disabled") else failed).append(c.get("name"))
    print("in the guest: ctest took %.0f s" % took)
    if failed:
        print("failed in the guest: " + " ".join(failed))
    if skipped:
        print("skipped in the guest: " + " ".join(skipped))
    print("guest: %d passed, %d failed, %d skipped" % (len(passed), len(failed), len(skipped)), flush=True)
    bad_skips = [s for s in skipped if s not in args.allow_skip]
    return 1 if failed or bad_skips or p.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
