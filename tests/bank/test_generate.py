#!/usr/bin/env python3
"""test_generate.py - problems/_lib/generate.py on a scratch bank of two
problems (one with a test over 64 KiB, one without): --update writes the
manifest and .gitignore, --check agrees, default mode regenerates what is
missing or tampered with and nothing when the tree is whole, a manifest
that gen.py does not match fails naming the file and installs nothing, a
nondeterministic gen.py, an edited committed test and an unlisted large
test fail --check, a test no longer generated is removed.

usage: test_generate.py PROBLEMS_LIB   (the real problems/_lib: its
pbgen.py and generate.py are copied into the scratch bank)"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

FAILS = []

BIG_GEN = '''\
import os, random, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests
rng = random.Random(SEED)
xs = [rng.randint(0, 10**6) for _ in range(12000)]
big = "%d\\n%s\\n" % (len(xs), " ".join(map(str, xs)))
write_tests(here(__file__), [("01", "1 2\\n", "3\\n")],
            [("01-small", "4 5\\n", "9\\n"), ("NAME", big, "%d\\n" % sum(xs))])
'''

SMALL_GEN = '''\
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests
write_tests(here(__file__), [("01", "1\\n", "1\\n")], [("01", "2\\n", "2\\n")])
'''


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL: " + what, file=sys.stderr)


def gen(root, *args):
    p = subprocess.run([sys.executable, os.path.join(root, "_lib", "generate.py"), "--jobs", "2", *args],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return p.returncode, p.stderr


def put(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    lib = os.path.abspath(sys.argv[1])
    root = tempfile.mkdtemp(prefix="pairbox-test-generate-")
    try:
        os.makedirs(os.path.join(root, "_lib"))
        for f in ("pbgen.py", "generate.py"):
            shutil.copy(os.path.join(lib, f), os.path.join(root, "_lib", f))
        big_gen = os.path.join(root, "big", "gen.py")
        put(big_gen, BIG_GEN.replace("SEED", "7").replace("NAME", "02-large"))
        put(os.path.join(root, "small", "gen.py"), SMALL_GEN)
        for slug in ("big", "small"):
            put(os.path.join(root, slug, "problem.json"), '{"title": "T", "difficulty": "easy"}\n')
        hidden = os.path.join(root, "big", "tests", "hidden")
        large_in = os.path.join(hidden, "02-large.in")
        manifest = os.path.join(root, "big", "generated.sha256")

        # --update: the manifest lists the large test's two files, .gitignore them.
        rc, err = gen(root, "--update")
        check(rc == 0, "--update: %d %s" % (rc, err))
        with open(manifest) as f:
            listed = [ln.split(" ") for ln in f.read().splitlines() if not ln.startswith("#")]
        check([p for _, _, p in listed] == ["tests/hidden/02-large.ans", "tests/hidden/02-large.in"],
              "manifest lists the large test: %s" % listed)
        check(os.path.getsize(large_in) > 64 * 1024, "the large input is over 64 KiB")
        check(dict((p, h) for h, _, p in listed).get("tests/hidden/02-large.in") == sha(large_in),
              "manifest hash is the file's")
        check(not os.path.exists(os.path.join(root, "small", "generated.sha256")), "no manifest without large tests")
        with open(os.path.join(root, ".gitignore")) as f:
            ignore = f.read()
        check("/big/tests/hidden/02-large.in\n" in ignore and "/big/tests/hidden/02-large.ans\n" in ignore
              and "/.generate*\n" in ignore and "01-small" not in ignore, ".gitignore:\n" + ignore)
        rc, err = gen(root, "--check")
        check(rc == 0 and "2 problems agree" in err, "--check after --update: %d %s" % (rc, err))

        # Default mode: nothing to do; then a missing file, then a tampered one.
        rc, err = gen(root)
        check(rc == 0 and err == "", "a whole tree: nothing done, nothing said: %d %r" % (rc, err))
        want = sha(large_in)
        os.unlink(large_in)
        rc, err = gen(root)
        check(rc == 0 and "02-large.in missing" in err and sha(large_in) == want, "missing regenerated: %s" % err)
        with open(large_in, "r+b") as f:
            f.seek(100)
            f.write(b"x")
        rc, err = gen(root)
        check(rc == 0 and "02-large.in differs from generated.sha256" in err and sha(large_in) == want,
              "tampered regenerated: %s" % err)
        check(not [d for d in os.listdir(root) if d.startswith(".generate-tmp-")], "scratch folder removed")

        # A manifest gen.py does not match: fails naming the file, installs nothing.
        with open(manifest) as f:
            text = f.read()
        put(manifest, text.replace(want, "0" * 64))
        os.unlink(large_in)
        rc, err = gen(root)
        check(rc == 1 and "big/tests/hidden/02-large.in: gen.py wrote sha256 " + want in err
              and "not deterministic" in err, "manifest mismatch named: %d %s" % (rc, err))
        check(not os.path.exists(large_in), "nothing installed on a mismatch")
        rc, err = gen(root, "--check")
        check(rc == 1 and "big/tests/hidden/02-large.in" in err, "--check names the mismatch: %s" % err)
        put(manifest, text)
        rc, err = gen(root)
        check(rc == 0 and sha(large_in) == want, "whole again: %s" % err)

        # A gen.py that is not deterministic.
        put(big_gen, BIG_GEN.replace("SEED", "os.urandom(8)").replace("NAME", "02-large"))
        rc, err = gen(root, "--check", "big")
        check(rc == 1 and "02-large.in: gen.py wrote sha256" in err, "nondeterminism caught: %s" % err)
        put(big_gen, BIG_GEN.replace("SEED", "7").replace("NAME", "02-large"))

        # A committed test edited by hand; an unlisted large test; a failing gen.py.
        small_ans = os.path.join(hidden, "01-small.ans")
        put(small_ans, "10\n")
        rc, err = gen(root, "--check")
        check(rc == 1 and "big/tests/hidden/01-small.ans: differs from what gen.py writes" in err,
              "edited committed test: %s" % err)
        put(small_ans, "9\n")
        put(manifest, "".join(ln + "\n" for ln in text.splitlines() if not ln.endswith("02-large.in")))
        rc, err = gen(root, "--check", "big")
        check(rc == 1 and "big/tests/hidden/02-large.in: gen.py writes a test over 64 KiB" in err,
              "unlisted large test: %s" % err)
        put(manifest, text + "%s 12 tests/hidden/x.in\n" % ("0" * 63))
        rc, err = gen(root)
        check(rc == 1 and "big/generated.sha256:6: 'SHA256 SIZE tests/PATH'" in err, "malformed manifest: %s" % err)
        put(manifest, text)
        put(os.path.join(root, "small", "gen.py"), "raise SystemExit('broken on purpose')\n")
        rc, err = gen(root, "--check", "small")
        check(rc == 1 and "small/gen.py failed (exit status 1)" in err and "broken on purpose" in err,
              "failing gen.py: %s" % err)
        put(os.path.join(root, "small", "gen.py"), SMALL_GEN)

        # A pull that renames a generated test: the new one written, the old one removed.
        put(big_gen, BIG_GEN.replace("SEED", "7").replace("NAME", "03-large"))
        put(manifest, text.replace("02-large", "03-large"))
        rc, err = gen(root)
        check(rc == 0 and sha(os.path.join(hidden, "03-large.in")) == want and not os.path.exists(large_in)
              and "removed big/tests/hidden/02-large.in" in err, "renamed test: %d %s" % (rc, err))
        rc, err = gen(root, "--check")
        check(rc == 1 and ".gitignore: does not list exactly" in err, "stale .gitignore: %s" % err)
        rc, err = gen(root, "--update")
        rc, err = gen(root, "--check")
        check(rc == 0, "--check after the rename's --update: %s" % err)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("%s: %d failed" % (os.path.basename(__file__), len(FAILS)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
