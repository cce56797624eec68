#!/usr/bin/env python3
"""generate.py - the bank's large tests, which git does not hold: each
problem's gen.py writes them, and they must match the sha256 and size its
generated.sha256 lists (docs/problems.md, "Generated tests").

    generate.py [SLUG...]           make the tree whole (every build runs this)
    generate.py --check [SLUG...]   verify the sources, write nothing
    generate.py --update [SLUG...]  after editing a gen.py: rewrite tests/,
                                    generated.sha256 and problems/.gitignore

The rule: a hidden test (NAME.in with NAME.ans) is generated when either
file is over 64 KiB; it is listed in generated.sha256, git-ignored and
written at build time. Samples and every other test are committed.

Default mode stats each listed file (and hashes it only when its size,
mtime or inode changed since it was last verified, as git's index does),
runs gen.py in a scratch copy of the problem for a problem with a file
missing or different, checks everything gen.py wrote for the listed files
against generated.sha256, and only then moves them into place. A mismatch
fails naming the file: a gen.py that is not deterministic, or was edited
without --update, or a Python whose random module differs, is caught
there. Files it generated once and no manifest lists any more are removed.

--check runs every gen.py (about 50 s of CPU) into a scratch folder
and compares: the listed files with generated.sha256, every other file
with the committed one, the rule with the lists, problems/.gitignore with
the lists and, in a git checkout, what git tracks. It writes nothing.

Python 3 standard library only. Exit status: 0 done, 1 a mismatch or a
failing gen.py (each named on stderr), 2 usage."""

import argparse
import concurrent.futures
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

LIMIT = 64 * 1024               # a hidden test with a file over this is generated
MANIFEST = "generated.sha256"
STATE = ".generate-state.json"  # what default mode verified or wrote: path -> [size, mtime_ns, ino, sha256]
LOCK = ".generate.lock"
GITIGNORE = ".gitignore"
MANIFEST_HEAD = (
    "# The tests of this problem that gen.py writes and git does not hold (a hidden\n"
    "# test with a file over 64 KiB): sha256, size in bytes, path. Written by\n"
    "# problems/_lib/generate.py --update, checked by every build (docs/problems.md).\n")
GITIGNORE_HEAD = (
    "# Written by _lib/generate.py --update from every generated.sha256: the tests\n"
    "# the build generates, and the generator's own state. Do not edit.\n"
    "/.generate*\n")


class Mismatch(Exception):
    """The bank's sources disagree: one message per line."""


def log(msg):
    print("generate.py: " + msg, file=sys.stderr, flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def problems(root, slugs):
    """The problem folders with a gen.py, by slug (all, or those named)."""
    have = sorted(d for d in os.listdir(root)
                  if not d.startswith((".", "_")) and os.path.isfile(os.path.join(root, d, "gen.py")))
    for s in slugs:
        if s not in have:
            raise ValueError("%s: no problem with a gen.py in %s" % (s, root))
    return slugs or have


# ---- generated.sha256 ----

def read_manifest(root, slug):
    """path -> (sha256, size) from root/slug/generated.sha256 ({} when absent)."""
    path = os.path.join(root, slug, MANIFEST)
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return out
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split(" ")
        if (len(parts) != 3 or len(parts[0]) != 64 or parts[0].strip("0123456789abcdef")
                or not parts[1] or parts[1].strip("0123456789")
                or not parts[2].startswith("tests/") or ".." in parts[2].split("/") or parts[2] in out):
            raise Mismatch("%s/%s:%d: 'SHA256 SIZE tests/PATH' (single spaces) expected, once per path"
                           % (slug, MANIFEST, n))
        out[parts[2]] = (parts[0], int(parts[1]))
    return out


def manifest_text(entries):
    return MANIFEST_HEAD + "".join("%s %d %s\n" % (sha, size, p) for p, (sha, size) in sorted(entries.items()))


def gitignore_text(root, slugs):
    return GITIGNORE_HEAD + "".join("/%s/%s\n" % (s, p) for s in slugs for p in sorted(read_manifest(root, s)))


# ---- running one gen.py ----

def new_scratch(root, within):
    """A scratch bank: a folder holding a copy of root/_lib, for run_gen()."""
    scratch = tempfile.mkdtemp(prefix=".generate-tmp-" if within else "pairbox-generate-",
                               dir=root if within else None)
    shutil.copytree(os.path.join(root, "_lib"), os.path.join(scratch, "_lib"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    return scratch


def run_gen(root, slug, scratch):
    """Run slug's gen.py in a copy of its folder under scratch (its tests/
    left out, _lib beside it as in the tree); the folder gen.py wrote."""
    dest = os.path.join(scratch, slug)
    src = os.path.join(root, slug)
    shutil.copytree(src, dest, ignore=lambda d, names: ["tests"] if d == src else [])
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    r = subprocess.run([sys.executable, "gen.py"], cwd=dest, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        tail = r.stdout.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise Mismatch("%s/gen.py failed (exit status %d)%s"
                       % (slug, r.returncode, "".join("\n    " + t for t in tail)))
    return dest


def runs(root, slugs, jobs, within, errs):
    """Every slug's gen.py, jobs at a time, in one scratch bank (within
    root: files can be renamed into place): yields (slug, the folder it
    wrote) in slug order, a failure into errs. The scratch bank is removed
    once the caller is done with it."""
    scratch = new_scratch(root, within)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            # The largest first, so that the slowest gen.py does not start last.
            weight = {s: sum(size for _, size in read_manifest(root, s).values()) for s in slugs}
            futures = {s: pool.submit(run_gen, root, s, scratch) for s in sorted(slugs, key=lambda s: -weight[s])}
            for s in slugs:
                try:
                    folder = futures[s].result()
                except Mismatch as e:
                    errs.append(str(e))
                    continue
                yield s, folder
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def written(folder):
    """Every file below folder/tests: 'tests/...' -> its path."""
    out = {}
    top = os.path.join(folder, "tests")
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for name in files:
            p = os.path.join(d, name)
            out[os.path.relpath(p, folder).replace(os.sep, "/")] = p
    return out


def rule(files):
    """The paths of files ('tests/...' -> path) the rule says are generated."""
    big = set()
    for rel, p in files.items():
        stem, ext = os.path.splitext(rel)
        if ext in (".in", ".ans") and not rel.startswith("tests/sample/") and os.path.getsize(p) > LIMIT:
            big.add(stem)
    return {rel for rel in files if os.path.splitext(rel)[0] in big and os.path.splitext(rel)[1] in (".in", ".ans")}


def compare_generated(slug, files, manifest):
    """What gen.py wrote (files) against generated.sha256: the mismatches."""
    errs = []
    for rel, (sha, size) in sorted(manifest.items()):
        if rel not in files:
            errs.append("%s/%s: listed in %s, but gen.py did not write it" % (slug, rel, MANIFEST))
            continue
        got_size = os.path.getsize(files[rel])
        got = sha256_file(files[rel])
        if (got, got_size) != (sha, size):
            errs.append("%s/%s: gen.py wrote sha256 %s (%d bytes), %s says %s (%d bytes): gen.py changed "
                        "without --update, or its output is not deterministic"
                        % (slug, rel, got, got_size, MANIFEST, sha, size))
    for rel in sorted(rule(files) - set(manifest)):
        errs.append("%s/%s: gen.py writes a test over 64 KiB that %s does not list (generate.py --update %s)"
                    % (slug, rel, MANIFEST, slug))
    return errs


# ---- default mode: make the tree whole ----

def load_state(root):
    try:
        with open(os.path.join(root, STATE), encoding="utf-8") as f:
            s = json.load(f)
        return s if isinstance(s, dict) else {}
    except (OSError, ValueError):
        return {}


def save_state(root, state):
    tmp = os.path.join(root, STATE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, sort_keys=True, separators=(",", ":"))
    os.replace(tmp, os.path.join(root, STATE))


def stat_key(st):
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def why_stale(root, slug, manifest, state):
    """Why root/slug's generated files need writing (None: they are whole)."""
    for rel, (sha, size) in sorted(manifest.items()):
        key = slug + "/" + rel
        try:
            st = os.stat(os.path.join(root, slug, rel))
        except FileNotFoundError:
            return rel + " missing"
        if st.st_size != size:
            return rel + " has another size"
        known = state.get(key)
        if known and known[:3] == stat_key(st) and known[3] == sha:
            continue
        if sha256_file(os.path.join(root, slug, rel)) != sha:
            return rel + " differs from " + MANIFEST
        state[key] = stat_key(st) + [sha]
    return None


def install(root, slug, files, manifest, state):
    """Move the verified generated files from the scratch copy into place."""
    for rel in sorted(manifest):
        dest = os.path.join(root, slug, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.replace(files[rel], dest)           # same file system: nobody sees half a file
        state[slug + "/" + rel] = stat_key(os.stat(dest)) + [manifest[rel][0]]


def remove_orphans(root, listed, state):
    """Files default mode wrote that no manifest lists now: removed when
    untouched since (so a file git now holds, or one a user wrote, stays)."""
    for key in sorted(set(state) - listed):
        path = os.path.join(root, key)
        try:
            if stat_key(os.stat(path)) == state[key][:3]:
                os.unlink(path)
                log("removed %s (no longer generated)" % key)
        except FileNotFoundError:
            pass
        del state[key]


def make_whole(root, slugs, jobs):
    errs = []
    with open(os.path.join(root, LOCK), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)             # two build trees may build at once
        state = load_state(root)
        manifests = {s: read_manifest(root, s) for s in slugs}
        why = {s: why_stale(root, s, manifests[s], state) for s in slugs}
        todo, done = [s for s in slugs if why[s]], 0
        if todo:
            t0 = time.monotonic()
            log("generating the large tests of %d problem%s (gen.py, %d at a time)"
                % (len(todo), "s" * (len(todo) != 1), jobs))
            for s, folder in runs(root, todo, jobs, True, errs):
                files = written(folder)
                bad = compare_generated(s, files, manifests[s])
                if bad:
                    errs.extend(bad)
                    continue
                install(root, s, files, manifests[s], state)
                done += 1
                log("%s: %d files (%s)" % (s, len(manifests[s]), why[s]))
            log("%d of %d generated in %.1f s" % (done, len(todo), time.monotonic() - t0))
        if set(slugs) == set(problems(root, [])):
            remove_orphans(root, {s + "/" + rel for s in slugs for rel in manifests[s]}, state)
        save_state(root, state)
    return errs


# ---- --check: the sources agree ----

def git_tracked(root):
    """Paths below root that git tracks, relative to root; None outside git."""
    try:
        r = subprocess.run(["git", "-C", root, "ls-files", "-z", "--", "."], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
    except OSError:
        return None
    if r.returncode != 0:
        return None
    return set(p for p in r.stdout.decode("utf-8", "surrogateescape").split("\0") if p)


def check(root, slugs, jobs):
    errs = []
    tracked = git_tracked(root)
    for s, folder in runs(root, slugs, jobs, False, errs):
        try:
            manifest = read_manifest(root, s)
        except Mismatch as e:
            errs.append(str(e))
            continue
        files = written(folder)
        errs.extend(compare_generated(s, files, manifest))
        if os.path.exists(os.path.join(root, s, MANIFEST)) and not manifest:
            errs.append("%s/%s: lists nothing (remove it)" % (s, MANIFEST))
        # Every file gen.py writes that is not generated is committed, as written.
        tree = written(os.path.join(root, s))
        for rel in sorted(set(files) - set(manifest)):
            if rel not in tree:
                errs.append("%s/%s: gen.py writes it, the tree does not have it (generate.py --update %s)"
                            % (s, rel, s))
            elif not same_bytes(files[rel], tree[rel]):
                errs.append("%s/%s: differs from what gen.py writes (generate.py --update %s)" % (s, rel, s))
            elif tracked is not None and "%s/%s" % (s, rel) not in tracked:
                errs.append("%s/%s: not committed (git add it)" % (s, rel))
        for rel in sorted(set(tree) - set(files)):
            if not any(part.startswith(".") for part in rel.split("/")):
                errs.append("%s/%s: gen.py does not write it (remove it, or write it from gen.py)" % (s, rel))
        for rel in sorted(manifest):
            if tracked is not None and "%s/%s" % (s, rel) in tracked:
                errs.append("%s/%s: generated, but git tracks it (git rm --cached it)" % (s, rel))
    if set(slugs) == set(problems(root, [])):
        want = gitignore_text(root, slugs)
        try:
            with open(os.path.join(root, GITIGNORE), encoding="utf-8") as f:
                have = f.read()
        except FileNotFoundError:
            have = None
        if have != want:
            errs.append("%s: does not list exactly the generated tests (generate.py --update)" % GITIGNORE)
    return errs


def same_bytes(a, b):
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


# ---- --update: after a gen.py changed ----

def update(root, slugs, jobs):
    errs = []
    tracked = git_tracked(root)
    hints = []
    with open(os.path.join(root, LOCK), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = load_state(root)
        for s, folder in runs(root, slugs, jobs, True, errs):
            files = written(folder)
            gen = rule(files)
            manifest = {rel: (sha256_file(files[rel]), os.path.getsize(files[rel])) for rel in gen}
            # The whole tests/ as gen.py wrote it, then its manifest.
            tests = os.path.join(root, s, "tests")
            shutil.rmtree(tests, ignore_errors=True)
            os.replace(os.path.join(folder, "tests"), tests)
            mpath = os.path.join(root, s, MANIFEST)
            if manifest:
                with open(mpath, "w", encoding="utf-8", newline="\n") as f:
                    f.write(manifest_text(manifest))
            elif os.path.exists(mpath):
                os.unlink(mpath)
            for rel in manifest:
                state[s + "/" + rel] = stat_key(os.stat(os.path.join(root, s, rel))) + [manifest[rel][0]]
            if tracked is not None:
                hints += ["%s/%s" % (s, rel) for rel in sorted(manifest) if "%s/%s" % (s, rel) in tracked]
            log("%s: %d files, %d of them generated" % (s, len(files), len(manifest)))
        all_slugs = problems(root, [])
        with open(os.path.join(root, GITIGNORE), "w", encoding="utf-8", newline="\n") as f:
            f.write(gitignore_text(root, all_slugs))
        save_state(root, state)
    for h in hints:
        log("generated now, still tracked: git -C %s rm --cached -q -- %s" % (root, h))
    log("then: git add -A %s" % root)
    return errs


def main():
    if sys.version_info < (3, 10):
        # gen.py may use 3.10's standard library (bisect's key=); the output is checked identical on 3.10 to 3.13.
        raise SystemExit("generate.py: Python 3.10 or later needed, this is %d.%d" % sys.version_info[:2])
    ap = argparse.ArgumentParser(description="The bank's generated tests (docs/problems.md).")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="verify the sources against every gen.py; write nothing")
    mode.add_argument("--update", action="store_true", help="rewrite tests/, generated.sha256 and .gitignore")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="the bank (default: the folder above _lib)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="gen.py runs at once")
    ap.add_argument("slugs", nargs="*", metavar="SLUG")
    a = ap.parse_args()
    if a.jobs < 1:
        ap.error("--jobs: at least 1")
    root = os.path.abspath(a.root)
    try:
        slugs = problems(root, a.slugs)
    except (OSError, ValueError) as e:
        ap.error(str(e))
    try:
        errs = (check if a.check else update if a.update else make_whole)(root, slugs, a.jobs)
    except Mismatch as e:
        errs = [str(e)]
    for e in errs:
        print("generate.py: " + e, file=sys.stderr)
    if errs:
        print("generate.py: %d mismatch%s in %s (docs/problems.md, \"Generated tests\")"
              % (len(errs), "es" * (len(errs) != 1), root), file=sys.stderr)
        return 1
    if a.check:
        log("%d problems agree with their gen.py" % len(slugs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
