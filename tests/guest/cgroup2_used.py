#!/usr/bin/python3
"""cgroup2_used.py - on a pure cgroup v2 machine, a box really lives in a v2 cgroup.

Usage: cgroup2_used.py --pairbox PATH

Runs `pairbox box --mem 48M --procs 7 -- /bin/sh -c 'sleep 3' MARKER` and,
while it sleeps, finds the box's program in <cgroup2 mount><our cgroup>/
pairbox/box-N and checks that directory's memory.max and pids.max are the
box's limits; afterwards, that the result is Accepted for box N and that
box-N is gone. So a pairbox that fell back to another mechanism (or to none)
cannot pass where v2 is all there is.

Where the machine is not pure v2 (v1 controllers mounted, or no cgroup2
with memory and pids) it skips (exit 77), unless PAIRBOX_EXPECT_CGROUP2=1:
the test guest of tests/guest sets that, and there a skip would hide the
very thing it is there to check, so it fails instead.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time

SKIP = 77
MEM_MB, PROCS = 48, 7


def cgroup_mounts():
    v1, v2 = [], []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, _, post = line.partition(" - ")
            fstype, mnt = post.split()[0], pre.split()[4]
            if fstype == "cgroup":
                v1.append(mnt)
            elif fstype == "cgroup2":
                v2.append(mnt)
    return v1, v2


def pure_v2():
    """(mount, our cgroup's directory) or a reason why this is not pure v2."""
    v1, v2 = cgroup_mounts()
    if v1:
        return "cgroup v1 hierarchies are mounted (%s)" % ", ".join(v1)
    if not v2:
        return "no cgroup2 mount"
    with open("/proc/self/cgroup") as f:
        own = [l.rstrip("\n").split(":", 2)[2] for l in f if l.startswith("0::")]
    if not own:
        return "/proc/self/cgroup has no 0:: line"
    mnt = v2[0]
    with open(os.path.join(mnt, "cgroup.controllers")) as f:
        ctl = f.read().split()
    if not {"memory", "pids"} <= set(ctl):
        return "cgroup2 at %s offers only %s" % (mnt, " ".join(ctl) or "no controllers")
    return mnt, os.path.normpath(mnt + "/" + own[0])


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def find_box(base, marker):
    """The box-N directory whose processes include MARKER in their argv."""
    for d in glob.glob(os.path.join(base, "box-*")):
        for pid in (read(os.path.join(d, "cgroup.procs")) or "").split():
            cmd = read("/proc/%s/cmdline" % pid) or ""
            if marker in cmd.split("\0"):
                return d, pid
    return None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairbox", required=True)
    args = ap.parse_args()
    strict = os.environ.get("PAIRBOX_EXPECT_CGROUP2") == "1"
    if os.geteuid() != 0:
        print("SKIP: pairbox box needs root")
        return SKIP
    found = pure_v2()
    if isinstance(found, str):
        if strict:
            print("FAIL: PAIRBOX_EXPECT_CGROUP2=1 but %s" % found)
            return 1
        print("SKIP: not a pure cgroup v2 machine: %s (tests/guest runs this in a v2 guest)" % found)
        return SKIP
    mnt, own = found
    base = os.path.join(own, "pairbox")
    print("cgroup2 at %s, our cgroup %s: boxes expected in %s/box-N" % (mnt, own, base))
    marker = "pairbox-cgroup2-used-%d" % os.getpid()
    cmd = [args.pairbox, "box", "--mem", "%dM" % MEM_MB, "--procs", str(PROCS), "--time", "5", "--wall", "60",
           "--", "/bin/sh", "-c", "sleep 3", marker]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    errs, box = [], None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and p.poll() is None:
        box, pid = find_box(base, marker)
        if box:
            break
        time.sleep(0.05)
    if box:
        print("the box's program (pid %s) is in %s" % (pid, box))
        want = {"memory.max": str(MEM_MB << 20), "pids.max": str(PROCS)}
        for k, v in want.items():
            got = read(os.path.join(box, k))
            if got != v:
                errs.append("%s/%s = %r, the box's limit is %r" % (box, k, got, v))
        rel = "/" + os.path.relpath(box, mnt)
        line = read("/proc/%s/cgroup" % pid)
        if line is not None and line != "0::" + rel:
            errs.append("/proc/%s/cgroup says %r, expected 0::%s" % (pid, line, rel))
    else:
        errs.append("no box-N under %s ever held the box's program (pairbox did not use cgroup v2)" % base)
    out, err = p.communicate(timeout=120)
    try:
        res = json.loads(out)
    except ValueError:
        res = {}
        errs.append("pairbox exited %d without a result: %s" % (p.returncode, err.decode(errors="replace")[:1000]))
    if res:
        print("result: %s" % json.dumps(res, sort_keys=True))
        if (res.get("status") or {}).get("id") != 3:
            errs.append("status %r, expected Accepted" % res.get("status"))
        if box and os.path.basename(box) != "box-%s" % res.get("box_id"):
            errs.append("the result names box %r, the program ran in %s" % (res.get("box_id"), box))
    if box and os.path.exists(box):
        errs.append("%s survives the box" % box)
    if errs:
        print("FAIL cgroup2.box_in_v2:")
        for e in errs:
            print("  - " + e)
        return 1
    print("PASS cgroup2.box_in_v2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
