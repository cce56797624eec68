#!/usr/bin/env python3
"""CLI tests for `pairbox box` and `pairbox run`: one ctest per case.

usage: test_cli.py --pairbox PATH [--case NAME]   (or --list, --listed FILE)
Each case drives the real binary; nothing here runs untrusted code outside
the box. A case is a function marked @case: ctest runs each as cli.NAME
(tests/caselist.py).
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "hostile"))
import caselist  # noqa: E402
from run_case import box_process  # noqa: E402  (a box's process, seen from the host)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "docs", "examples")
PAIRBOX = None
TMP = None
case = caselist.Registry(timeout=180, labels="cli")


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def run(*args, stdin=None, timeout=120):
    p = subprocess.run([PAIRBOX, *args], input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def box(*args, **kw):
    rc, out, err = run("box", *args, **kw)
    check(rc == 0, f"pairbox box exited {rc}: {err}")
    try:
        return json.loads(out)
    except ValueError:
        raise Fail(f"not JSON: {out!r} (stderr {err!r})")


def judge(*args, **kw):
    rc, out, err = run("run", "--json", *args, **kw)
    check(rc == 0, f"pairbox run exited {rc}: {err}")
    return json.loads(out)


def write(name, text, mode=0o644):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


# ---- help and usage -------------------------------------------------------

@case
def help_texts():
    rc, out, _ = run("--help")
    check(rc == 0 and "box" in out and "run" in out, "pairbox --help lists commands")
    rc, out, _ = run("box", "--help")
    check(rc == 0 and "--time" in out and "--mem" in out and "--copy-in" in out, "box --help lists options")
    # Defaults and ranges come from the option table, in the user's syntax.
    check("(default 5, 0 to 86400)" in out and "(default 128000k, 0 to 1024G)" in out, f"box --help defaults: {out}")
    rc, out, _ = run("run", "--help")
    check(rc == 0 and "--expected" in out and "--json" in out, "run --help lists options")


@case
def usage_errors():
    rc, _, err = run("box")
    check(rc == 2 and "no program" in err, f"no program: rc {rc} {err!r}")
    rc, _, err = run("box", "--time", "abc", "--", "/bin/true")
    check(rc == 2 and "--time" in err, f"bad --time named: {err!r}")
    rc, _, err = run("box", "--time", "100000", "--", "/bin/true")
    check(rc == 2 and "--time" in err and "0 to 86400" in err, f"--time out of range, range named: {err!r}")
    rc, _, err = run("box", "--mem", "2000G", "--", "/bin/true")
    check(rc == 2 and "--mem" in err and "1024G" in err, f"--mem out of range: {err!r}")
    rc, _, err = run("run", "--runs", "0", write("z.c", "int main(){}"))
    check(rc == 2 and "--runs" in err and "1 to 100" in err, f"--runs out of range: {err!r}")
    rc, _, err = run("box", "--bogus", "--", "/bin/true")
    check(rc == 2 and "--bogus" in err, "unknown option named")
    rc, _, err = run("frobnicate")
    check(rc == 2 and "unknown command" in err, "unknown command")
    rc, _, err = run("run", write("x.unknown", "hi"))
    check(rc == 2 and "cannot guess" in err, f"unknown extension: {err!r}")
    rc, _, err = run("run", "--lang", "cobol-2077", write("y.c", "int main(){}"))
    check(rc == 2 and "unknown language" in err, "unknown language")


# ---- pairbox box ------------------------------------------------------------

@case
def box_result_keys():
    r = box("--", "/bin/echo", "hello")
    for key in ("status", "exit_code", "exit_signal", "time", "wall_time", "memory", "message",
                "limit", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "killed",
                "box_id", "uid", "errors"):
        check(key in r, f"key {key} missing")
    check(r["status"] == {"id": 3, "description": "Accepted"}, f"status {r['status']}")
    check(r["stdout"] == "hello\n", f"stdout {r['stdout']!r}")
    check(r["exit_code"] == 0 and r["exit_signal"] is None and r["limit"] is None, "exit fields")
    check(r["uid"] == 60000 + r["box_id"], "uid is 60000 + box id")
    check(isinstance(r["time"], float) and isinstance(r["memory"], int), "types")
    check(r["errors"] == [], "no errors")


@case
def box_ids_machine_wide():
    """SANDBOX-ISOLATION: two pools with different state directories, their
    boxes alive at the same time, never get the same box id (and so uid).
    No timing: the first box's program (sleep, copied in under a name of
    its own) is seen running on the host before the second box starts, and
    is still running when the second has ended; only then is it stopped."""
    comm = f"ids-{os.getpid()}"[:15]
    first = subprocess.Popen([PAIRBOX, "box", "--state-dir", os.path.join(TMP, "state-a"), "--wall", "150",
                              "--copy-in", f"/bin/sleep:{comm}", "--", "/bin/sh", "-c", f"./{comm} 120; echo stopped"],
                             stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        deadline, pid = time.monotonic() + 60, None
        while pid is None and first.poll() is None and time.monotonic() < deadline:
            pid = box_process(None, comm)
            if pid is None:
                time.sleep(0.02)
        check(pid is not None, "the first box's program never ran")
        uid = os.stat(f"/proc/{pid}").st_uid
        r2 = box("--state-dir", os.path.join(TMP, "state-b"), "--", "/bin/echo", "second")
        check(r2["status"]["id"] == 3 and r2["stdout"] == "second\n", f"second box: {r2['status']} {r2['message']}")
        check(box_process(uid, comm) == pid, f"the first box (uid {uid}) ended while the second (box {r2['box_id']}, "
              f"uid {r2['uid']}) ran")
        os.kill(pid, signal.SIGTERM)
        out, _ = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    r1 = json.loads(out)
    check(r1["status"]["id"] == 3 and r1["stdout"] == "stopped\n", f"first box: {r1['status']} {r1['message']}")
    check(r1["uid"] == uid, f"the first box ran as uid {uid}, its result says {r1['uid']}")
    check(r1["box_id"] != r2["box_id"] and r1["uid"] != r2["uid"],
          f"both boxes ran as box {r1['box_id']} / uid {r1['uid']}")


@case
def box_stdin_env_and_exit_code():
    inp = write("in.txt", "line one\nline two\n")
    r = box("--stdin", inp, "--", "/bin/cat")
    check(r["stdout"] == "line one\nline two\n", f"stdin passed: {r['stdout']!r}")
    r = box("--env", "GREETING=hi there", "--", "/bin/sh", "-c", 'echo "$GREETING|$HOME|$PATH"; exit 3')
    check(r["stdout"] == "hi there|/box|/usr/local/bin:/usr/bin:/bin\n", f"env: {r['stdout']!r}")
    check(r["status"]["id"] == 11 and r["exit_code"] == 3, f"exit 3 -> 11: {r['status']}")


@case
def box_copy_in_out_and_keep():
    src = write("data.txt", "payload\n")
    dest = os.path.join(TMP, "out.txt")
    keep = os.path.join(TMP, "kept")
    r = box("--copy-in", f"{src}:in/data.txt", "--copy-out", f"result.txt:{dest}", "--keep", keep, "--",
            "/bin/sh", "-c", "tr a-z A-Z < in/data.txt > result.txt && mkdir -p d/e && echo x > d/e/f")
    check(r["status"]["id"] == 3, f"status {r['status']} {r['stderr']}")
    check(open(dest).read() == "PAYLOAD\n", "copy-out content")
    check(open(os.path.join(keep, "d", "e", "f")).read() == "x\n", "--keep copied the tree")
    check(open(os.path.join(keep, "in", "data.txt")).read() == "payload\n", "--keep copied inputs")


@case
def box_files_never_follow_links():
    """SANDBOX-FILES: a link planted in the box is never followed on the way out."""
    dest = os.path.join(TMP, "stolen.txt")
    keep = os.path.join(TMP, "kept")
    rc, out, err = run("box", "--copy-out", f"out.txt:{dest}", "--keep", keep, "--",
                       "/bin/sh", "-c", "ln -s /etc/shadow out.txt; ln -s / rootlink; mkfifo fifo; echo ok > real")
    check(rc == 0, f"rc {rc}")
    r = json.loads(out)
    check(r["status"]["id"] == 3, f"status {r['status']} {r['stderr']}")
    check(not os.path.exists(dest), "copy-out followed a planted symlink")
    check("out.txt" in err, "copy-out refusal reported")
    check(len(r["errors"]) == 1 and "out.txt" in r["errors"][0], f"refusal in errors: {r['errors']}")
    check(sorted(os.listdir(keep)) == ["real"], f"--keep copied only the regular file: {os.listdir(keep)}")
    # A link on the host side is not written through either.
    target = write("victim.txt", "untouched\n")
    os.symlink(target, os.path.join(TMP, "hostlink"))
    rc, out, err = run("box", "--copy-out", f"real:{os.path.join(TMP, 'hostlink')}", "--",
                       "/bin/sh", "-c", "echo evil > real")
    check(open(target).read() == "untouched\n", "copy-out wrote through a host symlink")


@case
def box_fault_injection():
    """Every set-up step `pairbox box --fault help` lists can be made to fail,
    and each failure is an internal error naming the step, never a verdict
    (isolate's XX). The keeper-* steps set the slot up before any run:
    pairbox box exits 1 naming them. A new step is tested by being listed."""
    rc, out, err = run("box", "--fault", "help")
    check(rc == 0, f"--fault help: rc {rc} {err!r}")
    steps = out.split()
    for known in ("keeper-pid-ns", "cgroup", "stdin", "keeper", "clone", "stdio", "seccomp", "exec"):
        check(known in steps, f"--fault help lists {known}: {steps}")
    for step in steps:
        rc, out, err = run("box", "--fault", step, "--", "/bin/true")
        if step.startswith("keeper-"):
            check(rc == 1 and f"set-up failed at {step}:" in err, f"{step}: rc {rc} {err!r}")
            continue
        check(rc == 0, f"{step}: rc {rc} {err!r}")
        r = json.loads(out)
        check(r["status"]["id"] == 13, f"{step}: status {r['status']}")
        check((r["message"] or "").startswith(f"Internal error at {step}:"), f"{step}: message {r['message']!r}")
    rc, _, err = run("box", "--fault", "stdn", "--", "/bin/true")
    check(rc == 2 and "stdn" in err and "stdin" in err, f"an unknown step is refused, the known listed: {err!r}")
    r = box("--", "/bin/true")
    check(r["status"]["id"] == 3, "a normal run works after the faults")


@case
def box_signals_default():
    """SANDBOX-SIGNALS: the program starts with every signal at its default,
    whatever pairbox inherited ignored (nohup, a shell's background job) and
    the keeper ignores (SIGPIPE): none is ignored, blocked or caught."""
    import signal
    def ignore():
        for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGTERM):
            signal.signal(s, signal.SIG_IGN)
    p = subprocess.run([PAIRBOX, "box", "--", "/bin/cat", "/proc/self/status"], capture_output=True,
                       preexec_fn=ignore, timeout=60)
    check(p.returncode == 0, f"pairbox box exited {p.returncode}: {p.stderr!r}")
    status = dict(l.split(":", 1) for l in json.loads(p.stdout)["stdout"].splitlines() if ":" in l)
    for key in ("SigIgn", "SigBlk", "SigCgt"):
        check(int(status[key], 16) == 0, f"{key} {status[key].strip()} in the box")


@case
def box_profile_errors():
    r = box("--profile", "no-such-profile", "--", "/bin/true")
    check(r["status"]["id"] == 13 and "seccomp" in r["message"], f"missing profile: {r}")


# ---- pairbox run ------------------------------------------------------------

@case
def run_c_accepted():
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--expected", f"{EXAMPLES}/sum.ans", f"{EXAMPLES}/sum.c")
    check(r["status"] == {"id": 3, "description": "Accepted"}, f"{r}")
    check(r["stdout"] == "15\n", "stdout")
    check(isinstance(r["time"], str) and isinstance(r["wall_time"], str), "time as Judge0 strings")
    check(isinstance(r["memory"], int) and r["exit_code"] == 0, "memory, exit code")
    for key in ("stderr", "compile_output", "message", "exit_signal"):
        check(key in r, f"key {key}")


@case
def run_wrong_answer():
    ans = write("wrong.ans", "16\n")
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--expected", ans, f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 4, f"{r['status']}")
    ans = write("spaces.ans", "15   \n\n\n")
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--expected", ans, f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 3, "trailing whitespace and blank lines ignored")


@case
def run_cpp_and_python():
    cpp = write("hello.cpp", '#include <iostream>\nint main(){ std::string s; std::cin >> s; std::cout << "hi " << s << "\\n"; }\n')
    r = judge("--stdin", write("name.in", "bob\n"), cpp)
    check(r["status"]["id"] == 3 and r["stdout"] == "hi bob\n", f"cpp: {r}")
    py = write("hello.py", "import sys\nprint('py', sys.stdin.read().strip())\n")
    r = judge("--stdin", write("name2.in", "ann\n"), py)
    check(r["status"]["id"] == 3 and r["stdout"] == "py ann\n", f"python: {r}")
    r = judge("--lang", "71", write("prog.txt", "print(6*7)\n"))
    check(r["status"]["id"] == 3 and r["stdout"] == "42\n", f"--lang by Judge0 id: {r}")


@case
def run_runtime_errors():
    r = judge(write("boom.py", "raise SystemExit(5)\n"))
    check(r["status"]["id"] == 11 and r["exit_code"] == 5, f"{r}")
    r = judge(write("tb.py", "1/0\n"))
    check(r["status"]["id"] == 11 and "ZeroDivisionError" in r["stderr"], f"{r}")
    r = judge(write("segv.c", "int main(void){ volatile int *p = 0; return *p; }\n"))
    check(r["status"]["id"] == 7 and r["exit_signal"] == 11, f"{r}")
    r = judge("--time", "0.5", write("spin.c", "int main(void){ for(;;); }\n"))
    check(r["status"]["id"] == 5 and r["limit"] == "time", f"{r}")
    # Beyond Judge0's status ids, "limit" says which limit it was.
    r = judge("--time", "5", "--wall", "0.5", write("nap.py", "import time\ntime.sleep(3)\n"))
    check(r["status"]["id"] == 5 and r["limit"] == "wall", f"wall time, not CPU time: {r}")
    r = judge("--mem", "32", write("hog.py", "x = bytearray(200 << 20)\nprint(len(x))\n"))
    check(r["limit"] == "memory" and r["status"]["id"] != 3, f"memory limit named: {r}")
    r = judge(write("flood.py", "while True: print('x' * 1000)\n"))
    check(r["limit"] == "output" and r["status"]["id"] != 3, f"output limit named: {r}")
    r = judge(write("fine.py", "print(1)\n"))
    check(r["limit"] is None and r["status"]["id"] == 3, f"no limit: {r}")


@case
def run_compile_errors():
    r = judge(write("bad.c", "int main(void) { return x; }\n"))
    check(r["status"] == {"id": 6, "description": "Compilation Error"}, f"{r['status']}")
    check("error" in (r["compile_output"] or ""), "compiler message kept")
    check(r["stdout"] is None and r["time"] is None, "nothing ran")


@case
def run_compile_dev_zero():
    """A compiler fed /dev/zero is stopped and reported as a compilation error."""
    r = judge(write("zero.c", '#include "/dev/zero"\nint main(void){}\n'), timeout=90)
    check(r["status"]["id"] == 6, f"{r['status']} {r['message']}")
    check("limit" in (r["message"] or ""), f"message names the limit: {r['message']!r}")


def make_tests(pairs, ext=".ans"):
    d = os.path.join(TMP, "tests")
    os.makedirs(d, exist_ok=True)
    for name, (inp, ans) in pairs.items():
        write(os.path.join("tests", name + ".in"), inp)
        write(os.path.join("tests", name + ext), ans)
    return d


@case
def run_tests_dir():
    d = make_tests({"01": ("1 2\n", "3\n"), "02": ("5 5\n", "10\n"), "03": ("2 2\n", "5\n")})
    write(os.path.join("tests", "04.in"), "7\n")
    write(os.path.join("tests", "04.out"), "7\n")        # .out works as well as .ans
    r = judge("--tests", d, f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 4, f"first failing test decides: {r['status']}")
    check([t["name"] for t in r["tests"]] == ["01", "02", "03", "04"], f"order: {r['tests']}")
    check([t["status"]["id"] for t in r["tests"]] == [3, 3, 4, 3], "per-test verdicts")
    check("test 03" in r["message"] and "expected '5'" in r["message"], f"message: {r['message']}")
    check(r["stdout"] == "4\n", "stdout of the deciding test")
    rc, out, err = run("run", "--tests", d, f"{EXAMPLES}/sum.c")
    check(rc == 0 and "3/4 tests passed" in out, f"summary: {out!r}")
    check(err.count("test ") >= 4 and "Wrong Answer" in err, f"progress lines: {err!r}")


@case
def run_tests_fresh_box_per_test():
    """Every test starts from the compiled program alone: nothing a test
    leaves in /box or /tmp reaches the next one."""
    prog = write("leave.py", "import os\nprint(sorted(os.listdir('.')), sorted(os.listdir('/tmp')))\n"
                 "open('left', 'w').write('x'); open('/tmp/left', 'w').write('x')\n")
    d = make_tests({"a": ("", "['main.py'] []\n"), "b": ("", "['main.py'] []\n")})
    r = judge("--tests", d, prog)
    check(r["status"]["id"] == 3, f"{r}")


@case
def run_compare_modes():
    prog = write("f.py", "print('%.7f' % (1/3)); print('YES')\n")
    d = make_tests({"t": ("", "0.33333333\nyes\n")})
    r = judge("--tests", d, prog)
    check(r["status"]["id"] == 4, "judge0 rule is exact on tokens")
    r = judge("--tests", d, "--compare", "tokens,nocase,abs=1e-6", prog)
    check(r["status"]["id"] == 3, f"float + nocase: {r['message']}")
    r = judge("--tests", d, "--compare", "tokens,abs=1e-6", prog)
    check(r["status"]["id"] == 4, "case matters without nocase")
    rc, _, err = run("run", "--compare", "fuzzy", prog)
    check(rc == 2 and "fuzzy" in err, "bad compare mode named")


@case
def run_args_and_compiler_options():
    prog = write("args.py", "import sys\nprint(sys.argv[1:])\n")
    r = judge("--args", "one 'two words' \"$HOME;id\" `x`", prog)
    check(r["stdout"] == "['one', 'two words', '$HOME;id', '`x`']\n", f"argv, no shell: {r['stdout']!r}")
    c = write("opt.c", "#include <stdio.h>\nint main(void){ printf(\"%d\\n\", VALUE); return 0; }\n")
    r = judge("--compiler-options", "-DVALUE=42", c)
    check(r["status"]["id"] == 3 and r["stdout"] == "42\n", f"compiler options: {r}")
    # Newlines and shell syntax are only separators and words: gcc is handed
    # ";", "touch", "/tmp/pwned" as files, fails, and nothing ran.
    marker = os.path.join(TMP, "pwned")
    r = judge("--compiler-options", f"-DVALUE=1\n; touch {marker}", c)
    check(r["status"]["id"] == 6 and "touch" in (r["compile_output"] or ""), f"no injection: {r}")
    check(not os.path.exists(marker), "nothing was executed")
    rc, _, err = run("run", "--args", "'unbalanced", prog)
    check(rc == 0, "an unbalanced quote is reported as a result")


@case
def run_number_of_runs():
    prog = write("n.py", "print(1)\n")
    r = judge("--runs", "3", prog)
    check(r["status"]["id"] == 3 and r["stdout"] == "1\n", f"{r}")
    d = make_tests({"x": ("", "1\n")})
    r = judge("--runs", "2", "--tests", d, prog)
    check(r["status"]["id"] == 3, f"{r}")


@case
def run_compile_cache():
    """Same language, compiler, options and source: compiled once. Anything
    else: compiled again. A full cache evicts the least recently used."""
    import uuid
    tag = uuid.uuid4().hex                     # a source no other run has compiled
    # A cache of its own: the eviction below must not empty the machine's
    # shared cache (in /run/pairbox) that the other tests are using.
    state = os.path.join(TMP, "state")

    def own(*args):
        return judge("--state-dir", state, *args)

    src = write("c.c", f"#include <stdio.h>\n/* {tag} */\nint main(void){{ puts(\"ok\"); return 0; }}\n")
    first = own(src)
    check(first["compile_cache"] == "miss" and first["status"]["id"] == 3, f"first: {first}")
    again = own(src)
    check(again["compile_cache"] == "hit" and again["stdout"] == "ok\n", f"second: {again}")
    check(again["compile_output"] is None, "a hit compiles nothing")
    other = own("--compiler-options", "-O0", src)
    check(other["compile_cache"] == "miss", "options are part of the key")
    check(own("--compiler-options", "-O0", src)["compile_cache"] == "hit", "and then hit")
    src2 = write("d.c", open(src).read().replace("ok", "ko"))
    r = own(src2)
    check(r["compile_cache"] == "miss" and r["stdout"] == "ko\n", "the source is part of the key")
    r = own("--no-cache", src)
    check("compile_cache" not in r, "--no-cache")
    # A new entry under a 1 KB bound keeps only itself (in use): the
    # others, the first one included, are evicted.
    src3 = write("e.c", open(src).read().replace("ok", "k3"))
    check(own("--cache-size", "1k", src3)["compile_cache"] == "miss", "new entry")
    check(own(src)["compile_cache"] == "miss", "evicted entry compiles again")
    py = own(write("p.py", "print(1)\n"))
    check("compile_cache" not in py, "nothing to cache for an interpreted language")


# ---- custom checkers -----------------------------------------------------

FLOAT_CHECKER = r"""
#include <math.h>
#include <stdio.h>
#include "testlib.h"
/* testlib style: checker input output answer; 0 ok, 1 wrong, 2 format. */
int main(int argc, char **argv)
{
    FILE *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
    double want, got;
    int n = 0;
    if (argc != 4 || !out || !ans) { fprintf(stderr, "FAIL bad arguments\n"); return 3; }
    while (fscanf(ans, "%lf", &want) == 1) {
        n++;
        if (fscanf(out, "%lf", &got) != 1) { fprintf(stderr, "wrong output format number %d missing\n", n); return 2; }
        if (fabs(want - got) > EPS) { fprintf(stderr, "wrong answer %d: expected %.9f, found %.9f\n", n, want, got); return 1; }
    }
    fprintf(stderr, "ok %d numbers\n", n);
    return 0;
}
"""


@case
def run_checker_testlib():
    """A testlib-style checker in C, compiled in the sandbox with the
    testlib.h beside it: floats within 1e-6; its crash or time limit is an
    internal error (13), never a verdict on the program."""
    d = os.path.join(TMP, "problem")
    os.makedirs(d)
    write("problem/testlib.h", "#define EPS 1e-6\n")
    chk = write("problem/check.c", FLOAT_CHECKER)
    prog = write("third.py", "print('%.7f' % (1/3))\n")
    near = write("near.ans", "0.33333333\n")
    r = judge("--expected", near, "--checker", chk, prog)
    check(r["status"]["id"] == 3, f"within 1e-6: {r}")
    far = write("far.ans", "0.3334\n")
    r = judge("--expected", far, "--checker", chk, prog)
    check(r["status"]["id"] == 4 and r["message"].startswith("checker: wrong answer 1: expected 0.333400000"),
          f"wrong answer with the checker's reason: {r['status']} {r['message']!r}")
    two = write("two.ans", "0.3333333 1\n")
    r = judge("--expected", two, "--checker", chk, prog)
    check(r["status"]["id"] == 4 and "presentation error" in r["message"], f"PE: {r['status']} {r['message']!r}")
    # Consulted only when the program exited 0 within its limits.
    r = judge("--expected", near, "--checker", chk, write("nzec.py", "print(1/3); raise SystemExit(2)\n"))
    check(r["status"]["id"] == 11, f"program's own failure stands: {r['status']}")
    crash = write("problem/crash.c", "#include <signal.h>\nint main(void){ raise(SIGSEGV); return 0; }\n")
    r = judge("--expected", near, "--checker", crash, prog)
    check(r["status"]["id"] == 13 and "checker" in r["message"] and "signal 11" in r["message"],
          f"checker crash: {r['status']} {r['message']!r}")
    spin = write("problem/spin.c", "int main(void){ for (;;); }\n")
    r = judge("--expected", near, "--checker", spin, "--checker-time", "0.5", prog)
    check(r["status"]["id"] == 13 and r["message"].startswith("checker: ") and "limit exceeded" in r["message"],
          f"checker timeout (CPU, or wall when loaded): {r['status']} {r['message']!r}")
    fail = write("problem/fail.c", '#include <stdio.h>\nint main(void){ fputs("FAIL no answer", stderr); return 3; }\n')
    r = judge("--expected", near, "--checker", fail, prog)
    check(r["status"]["id"] == 13 and r["message"] == "checker: failed: FAIL no answer", f"FAIL: {r}")
    bad = write("problem/bad.c", "int main(void) { return nope; }\n")
    r = judge("--expected", near, "--checker", bad, prog)
    check(r["status"]["id"] == 13 and "checker: compilation error" in r["message"], f"checker CE: {r}")
    check("nope" in (r.get("checker_compile_output") or ""), "the checker's compiler output is kept")
    check(r["compile_output"] is None, "and is not the program's")


KATTIS_VALIDATOR = r"""
import sys
inp, ans, feedback = sys.argv[1:4]
got = sys.stdin.read().split()
want = open(ans).read().split()
if got == want:
    sys.exit(42)
with open(feedback + "judgemessage.txt", "w") as f:
    f.write("expected %s but got %s\n(from the validator)" % (want, got))
sys.exit(43)
"""


@case
def run_checker_kattis():
    """A Kattis output validator: the output on stdin, 42 accepts, 43
    rejects with feedback/judgemessage.txt as the reason; anything else is
    the validator's failure (13)."""
    val = write("validate.py", KATTIS_VALIDATOR)
    ans = write("sum.ans", "15\n")
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--expected", ans, "--checker", val, "--checker-style", "kattis",
              f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 3, f"42: {r}")
    wrong = write("wrong.ans", "16\n")
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--expected", wrong, "--checker", val, "--checker-style", "kattis",
              f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 4, f"43: {r['status']}")
    check(r["message"] == "checker: wrong answer: expected ['16'] but got ['15'] (from the validator)",
          f"judgemessage.txt is the message: {r['message']!r}")
    # An executable validator (a script, copied into its box as is).
    exe = write("accept-all", "#!/bin/sh\nexit 0\n", 0o755)
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--checker", exe, "--checker-style", "kattis", f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 13 and "not 42 or 43" in r["message"], f"exit 0 is not Kattis's accept: {r}")
    boom = write("boom", "#!/bin/sh\nkill -ABRT $$\n", 0o755)
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--checker", boom, "--checker-style", "kattis", f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 13 and "signal 6" in r["message"], f"validator crash: {r}")
    slow = write("slow", "#!/bin/sh\nexec sleep 60\n", 0o755)
    r = judge("--stdin", f"{EXAMPLES}/sum.in", "--checker", slow, "--checker-style", "kattis", "--checker-time", "0.3",
              f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 13 and "wall limit" in r["message"], f"validator timeout: {r}")


@case
def run_checker_usage():
    prog = write("p.py", "print(1)\n")
    rc, _, err = run("run", "--checker", write("c.py", ""), "--checker-style", "icpc", prog)
    check(rc == 2 and "testlib or kattis" in err, f"bad style: {rc} {err!r}")
    rc, _, err = run("run", "--checker-style", "kattis", prog)
    check(rc == 2 and "need --checker" in err, f"style without checker: {rc} {err!r}")
    rc, _, err = run("run", "--checker", write("c.unknown", "x"), prog)
    check(rc == 2 and "neither a source" in err, f"unknown checker: {rc} {err!r}")
    rc, out, _ = run("run", "--help")
    check("--checker" in out and "--checker-style" in out and "--files" in out, "help lists the options")


# ---- additional files and multi-file programs -----------------------------

def make_zip(name, files, links=None):
    import zipfile
    path = os.path.join(TMP, name)
    with zipfile.ZipFile(path, "w") as z:
        for n, target in (links or {}).items():         # links first, then files through them
            info = zipfile.ZipInfo(n)
            info.create_system = 3                       # Unix: mode in the high bits
            info.external_attr = 0o120777 << 16          # a symlink
            z.writestr(info, target)
        for n, text in files.items():
            z.writestr(n, text)
    return path


@case
def run_additional_files():
    import uuid
    z = make_zip("hdr.zip", {"inc/value.h": "#define VALUE 41\n"})
    src = write("use.c", f"/* {uuid.uuid4().hex} */\n"        # a source no other run has compiled
                '#include <stdio.h>\n#include "inc/value.h"\nint main(void){ printf("%d\\n", VALUE + 1); return 0; }\n')
    r = judge("--files", z, src)
    check(r["status"]["id"] == 3 and r["stdout"] == "42\n", f"header from the zip: {r}")
    check(r["compile_cache"] == "miss", "first compile")
    check(judge("--files", z, src)["compile_cache"] == "hit", "same zip: cached")
    z2 = make_zip("hdr2.zip", {"inc/value.h": "#define VALUE 1\n"})
    r = judge("--files", z2, src)
    check(r["compile_cache"] == "miss" and r["stdout"] == "2\n", f"another zip compiles again: {r}")


@case
def run_multi_file():
    """Judge0's language 89: the zip's compile script builds, its run script runs."""
    z = make_zip("proj.zip", {
        "a.c": '#include <stdio.h>\nint twice(int);\nint main(void){ int n; if (scanf("%d", &n) != 1) return 1;'
               ' printf("%d\\n", twice(n)); return 0; }\n',
        "b.c": "int twice(int x) { return 2 * x; }\n",
        "compile": "gcc -O2 -o prog a.c b.c\n",
        "run": './prog "$@"\n',
    })
    inp = write("n.in", "21\n")
    r = judge("--lang", "89", "--files", z, "--stdin", inp)
    check(r["status"]["id"] == 3 and r["stdout"] == "42\n", f"compile + run scripts: {r}")
    z2 = make_zip("broken.zip", {"compile": "gcc -o prog missing.c\n", "run": "./prog\n"})
    r = judge("--lang", "89", "--files", z2)
    check(r["status"]["id"] == 6 and "missing.c" in (r["compile_output"] or ""), f"compile script fails: {r}")
    z3 = make_zip("norun.zip", {"a.txt": "x"})
    r = judge("--lang", "89", "--files", z3)
    check(r["status"]["id"] == 6 and "no run.sh or run script" in r["message"], f"no run script: {r}")
    z4 = make_zip("script.zip", {"run.sh": "echo interpreted $1\n"})
    r = judge("--lang", "89", "--files", z4, "--args", "yes")
    check(r["status"]["id"] == 3 and r["stdout"] == "interpreted yes\n", f"no compile script needed: {r}")
    rc, _, err = run("run", "--lang", "89", "--files", z, write("x.c", ""))
    check(rc == 2 and "takes no FILE" in err, f"FILE with 89: {rc} {err!r}")
    rc, _, err = run("run", "--lang", "89")
    check(rc == 2 and "needs --files" in err, f"89 without --files: {rc} {err!r}")


TOUCH_C = ('#include <stdio.h>\n#include <stdlib.h>\n'
           'int main(void){ long m; if (scanf("%ld", &m) != 1) return 2; size_t n = (size_t)m << 20;'
           ' unsigned char *p = malloc(n); if (!p) return 1; for (size_t i = 0; i < n; i += 4096) p[i] = 1;'
           ' printf("touched=%ld\\n", m); return 0; }\n')


def uncached_host_file():
    """A large host file that nothing maps, its page cache dropped, so that
    reading it charges ~100 MB of page cache to whoever reads it next."""
    import glob
    for pattern in ("/usr/lib/ghc/ghc-*/libHSghc-*.a", "/usr/lib/x86_64-linux-gnu/libLLVM-*.so.1"):
        for path in sorted(glob.glob(pattern)):
            fd = os.open(path, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
            return path
    return "/dev/null"


@case
def run_memory_limit_each_test():
    """SANDBOX-MEM: the limit is the limit in every test, whatever ran
    before in the slot. The compile reads ~100 MB of host files (page cache
    charged to the slot); on cgroup v1 that used to raise each run's limit
    by as much, so touching 100 and 160 MiB under 64 MiB was Accepted."""
    z = make_zip("touch.zip", {"t.c": TOUCH_C, "compile": f"gcc -O2 -o prog t.c && cat {uncached_host_file()} >/dev/null\n",
                                "run": "./prog\n"})
    d = make_tests({"a": ("40\n", "touched=40\n"), "b": ("100\n", "touched=100\n"), "c": ("160\n", "touched=160\n")})
    r = judge("--lang", "89", "--files", z, "--mem", "64M", "--tests", d, "--no-cache")
    got = [(t["name"], t["status"]["id"], t["limit"]) for t in r["tests"]]
    check(got == [("a", 3, None), ("b", 12, "memory"), ("c", 12, "memory")], f"per-test verdicts: {got}")
    check(all(t["memory"] <= 65536 for t in r["tests"]), f"peaks within the limit: {r['tests']}")


@case
def run_compile_output_counts():
    """SANDBOX-MEM: what a compile leaves in /box reaches each run as the
    judge's copy, charged to the judge: it counts against the run's memory
    limit, and a sparse file stays sparse instead of turning into pages."""
    z = make_zip("sparse.zip", {"compile": "truncate -s 60M big\n", "run": "stat -c %b big\nwc -c < big\n"})
    r = judge("--lang", "89", "--files", z, "--mem", "32M")
    check(r["status"]["id"] == 3 and r["stdout"].split() == ["0", str(60 << 20)], f"sparse stays sparse: {r}")
    z = make_zip("dense.zip", {"compile": "head -c 40M /dev/zero > big\n", "run": "wc -c < big\n"})
    r = judge("--lang", "89", "--files", z, "--mem", "32M")
    check(r["status"]["id"] == 12 and r["limit"] == "memory" and r["memory"] >= 40960,
          f"40 MB left by the compile under 32 MB: {r}")
    r = judge("--lang", "89", "--files", z, "--mem", "128M")
    check(r["status"]["id"] == 3 and r["stdout"] == f"{40 << 20}\n" and r["memory"] >= 40960,
          f"and it is reported as the run's memory: {r}")
    z = make_zip("huge.zip", {"compile": "truncate -s 60M a b c d e\n", "run": "true\n"})
    r = judge("--lang", "89", "--files", z)
    check(r["status"]["id"] == 6 and "more in /box than the box holds" in r["message"],
          f"300 MB of sparse files are the compile's fault: {r}")


@case
def run_files_bad_zip():
    bad = write("bad.zip", "PK\x03\x04 certainly not a zip archive")
    r = judge("--files", bad, f"{EXAMPLES}/sum.c")
    check(r["status"]["id"] == 6, f"bad zip: {r['status']}")
    check("not a valid zip archive" in r["message"] and "zipfile" in (r["compile_output"] or ""),
          f"unzip's words: {r['message']!r} {r['compile_output']!r}")
    check(r["stdout"] is None, "nothing ran")


@case
def run_files_traversal():
    """SANDBOX-FILES: a zip is unzipped in the box, never on the host; its
    ../ and absolute names and planted links cannot leave /box."""
    outside = os.path.join(TMP, "outside")
    os.makedirs(outside)
    z = make_zip("evil.zip", {"../evil": "1", "../../../../tmp/evil2": "2", "/evil3": "3",
                              f"../../../..{outside}/evil4": "4"})
    look = write("look.py", "import os\n"
                 "for p in ['/evil', '/tmp/evil2', '/evil3', '../evil']: print(p, os.path.exists(p))\n"
                 "print(sorted(os.listdir('.')))\n")
    r = judge("--files", z, look)
    check(r["status"]["id"] == 3, f"names stripped, not refused: {r}")
    check(r["stdout"].splitlines()[:4] == ["/evil False", "/tmp/evil2 False", "/evil3 False", "../evil False"],
          f"nothing above /box: {r['stdout']!r}")
    check(r["stdout"].splitlines()[4] == "['evil', 'evil3', 'main.py', 'tmp']", f"landed in /box: {r['stdout']!r}")
    check(os.listdir(outside) == [], f"nothing written on the host: {os.listdir(outside)}")
    # A link planted by the zip, then a file through it.
    z2 = make_zip("link.zip", {"through/evil5": "5"}, links={"through": outside})
    r = judge("--files", z2, look)
    check(r["status"]["id"] in (3, 6), f"{r['status']}")
    check(os.listdir(outside) == [], f"nothing written on the host: {os.listdir(outside)}")
    check(not os.path.exists("/evil") and not os.path.exists("/evil3") and not os.path.exists("/tmp/evil2"),
          "nothing written on the host's / or /tmp")


def main():
    global PAIRBOX, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairbox")
    ap.add_argument("--case", choices=case.names())
    ap.add_argument("--list", action="store_true", help="the cases for ctest: NAME TIMEOUT LABELS")
    ap.add_argument("--listed", metavar="FILE", help="fail if FILE (the configured list) is stale")
    a = ap.parse_args()
    if a.list or a.listed:
        return case.list_main(__file__, a.listed)
    if not a.pairbox:
        ap.error("--pairbox is required")
    PAIRBOX = a.pairbox
    names = [a.case] if a.case else case.names()
    passed = failed = 0
    for name in names:
        TMP = tempfile.mkdtemp(prefix="pairbox-cli-")
        try:
            case.run(name)
            passed += 1
            print(f"ok {name}")
        except (Fail, subprocess.TimeoutExpired, ValueError, OSError) as e:
            failed += 1
            print(f"FAIL {name}: {e}")
        finally:
            shutil.rmtree(TMP, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
