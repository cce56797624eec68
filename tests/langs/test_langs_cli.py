#!/usr/bin/env python3
"""`pairbox langs` end to end: the list, --all, --json, selection by name and
id, a missing toolchain under --strict, a broken data file, and a language
the registry brings judged through `pairbox run` with its own limits.

usage: test_langs_cli.py PAIRBOX
"""
import json
import os
import subprocess
import sys
import tempfile

PAIRBOX = sys.argv[1]
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL", what)


def run(*args, env=None, stdin=None):
    p = subprocess.run([PAIRBOX, *args], capture_output=True, text=True, env=env, input=stdin, timeout=300)
    return p.returncode, p.stdout, p.stderr


# The shipped registry: every language listed with its Judge0 id and version.
rc, out, err = run("langs", "--json", "--all")
check(rc == 0, f"langs --json --all: {rc} {err}")
langs = {x["name"]: x for x in json.loads(out)}
check(len(langs) >= 20, f"at least 20 languages: {len(langs)}")
for name, jid in [("c", 50), ("cpp", 54), ("python3", 71), ("java", 62), ("javascript", 63), ("rust", 73),
                  ("go", 60), ("ruby", 72), ("bash", 46), ("php", 68), ("kotlin", 78), ("typescript", 74)]:
    check(name in langs and langs[name]["id"] == jid, f"{name} has Judge0 id {jid}")
installed = [n for n, x in langs.items() if x["installed"]]
for n in installed:
    check(langs[n]["version"] != "" or n in ("plaintext", "multi"), f"{n}: a version")
    check(langs[n]["version"] in langs[n]["display"], f"{n}: version shown in display")
rc, out, _ = run("langs")
check(rc == 0 and all(f"\n{n} " in "\n" + out for n in installed), "the table lists every installed language")

# Selection by name and by Judge0 id; an unknown one is a usage error.
rc, out, _ = run("langs", "--json", "c", "71")
sel = json.loads(out) if rc == 0 else []
check([x["name"] for x in sel] == ["c", "python3"], f"selected by name and id: {sel}")
rc, _, err = run("langs", "nosuchlang")
check(rc == 2 and "nosuchlang" in err, f"unknown language: {rc} {err}")

with tempfile.TemporaryDirectory() as d:
    # A private registry: one installed language with its own limits, one
    # whose toolchain is missing.
    with open(os.path.join(d, "sh.json"), "w") as f:
        json.dump({"name": "sh", "display": "POSIX sh", "judge0_id": 9001, "source": "main.sh",
                   "extensions": [".sh"], "run": ["/bin/sh", "main.sh"],
                   "limits": {"max_processes_and_or_threads": 3},
                   "self_test": {"source": "read x; echo \"hi $x\"", "stdin": "you", "expected": "hi you"}}, f)
    with open(os.path.join(d, "ghost.json"), "w") as f:
        json.dump({"name": "ghost", "display": "Ghost", "source": "g", "run": ["/nonexistent/ghost"],
                   "packages": ["ghost-lang"], "self_test": {"source": "x", "expected": "y"}}, f)
    rc, out, err = run("langs", "--langs-dir", d, "--self-test")
    check(rc == 0 and "sh" in out and "ok" in out and "ghost" not in out, f"self-test of what is installed: {rc} {out} {err}")
    rc, out, _ = run("langs", "--langs-dir", d, "--self-test", "--strict")
    check(rc == 1 and "MISSING" in out, f"--strict fails on a missing toolchain: {rc} {out}")
    rc, out, _ = run("langs", "--langs-dir", d, "--all")
    check("apt install ghost-lang" in out, f"--all says which package provides it: {out}")
    # pairbox run reads the same registry (PAIRBOX_LANGS): the language's
    # process limit applies unless the user sets one.
    env = dict(os.environ, PAIRBOX_LANGS=d)
    prog = os.path.join(d, "fork.sh")
    with open(prog, "w") as f:
        f.write("for i in 1 2 3 4 5 6; do sleep 1 & done; wait; echo done\n")
    rc, out, err = run("run", "--json", prog, env=env)
    r = json.loads(out) if rc == 0 else {}
    check(rc == 0 and r.get("stdout") != "done\n", f"language limit of 3 processes applied: {rc} {r} {err}")
    rc, out, err = run("run", "--json", "--procs", "20", prog, env=env)
    r = json.loads(out) if rc == 0 else {}
    check(rc == 0 and r.get("stdout") == "done\n", f"the user's --procs wins: {rc} {r} {err}")
    rc, _, err = run("run", "--lang", "ghost", prog, env=env)
    check(rc == 2 and "not installed" in err and "ghost-lang" in err, f"missing toolchain named: {rc} {err}")
    # A broken data file is refused with the file and the key named.
    with open(os.path.join(d, "bad.json"), "w") as f:
        json.dump({"name": "bad", "display": "Bad", "source": "b", "run": ["/bin/true"], "limit": {}}, f)
    rc, _, err = run("langs", "--langs-dir", d)
    check(rc == 1 and "bad.json" in err and "limit" in err, f"broken data file named: {rc} {err}")
    rc, _, err = run("run", prog, env=env)
    check(rc == 2 and "bad.json" in err, f"pairbox run names the broken file too: {rc} {err}")

print("ok" if not failed else f"{failed} failed")
sys.exit(1 if failed else 0)
