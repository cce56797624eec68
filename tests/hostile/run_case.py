#!/usr/bin/python3
"""run_case.py - run one hostile-program case of tests/hostile/cases.json.

Usage: run_case.py --pairbox PATH --case NAME [--workdir DIR] [--keep]
       run_case.py --list | --self-test | --prebuild --workdir DIR

For a case it compiles the C payload on the host (gcc -O2, static when
libc.a exists; never with sanitizers), runs it ONLY through
`pairbox box [limits] --copy-in FILE:NAME -- ./NAME args` (python3 and sh
payloads run as /usr/bin/python3 NAME and /bin/sh NAME), checks the JSON
result against the case's `expect`, then checks that nothing of the box
survived: no host process with the box's uid, no pairbox/box-<id> cgroup
directory, no new mount in our mount namespace. Host-side fixtures (`setup`)
are checked afterwards too: listeners accepted nothing, sleepers still live.

A hostile payload is never executed outside the box: we are root here.

Case keys: name, program (file in this directory), args, lang (c | python3 |
sh | raw | none), limits ({option: value} of `pairbox box`; "env": [..]),
setup (tcp_listener | tcp_listener_any | udp_listener_any | unix_listener |
sysv_shm | extra_fd | sleeper), copy_out (NAME: run with --copy-out NAME:FILE
and check FILE with copied_absent / copied_equals), expect (see EXPECT_KEYS), then (a second run in the same
box id, with its own program/args/expect), tag (SANDBOX-...), timeout (ctest),
kind ("concurrent" with count; "pair" with peer and ready: while the case's box
holds something, a second box runs peer's args and expect), command (argv instead of ./NAME), content and
mode (lang raw: the file's bytes and mode), serial (ctest RUN_SERIAL: the
case measures wall time against CPU time, so it runs alone).

Placeholders in args and expect: {port} {host_ip} {abstract} {shm_key} {repo_file} {repo_dir}
{driver_pid} {host_hostname}, and after the run {uid} {box_id}.

Box ids: case i of the table runs as --box-id BOX_ID_BASE+i, so parallel
cases never share an id (and uid); while checking for survivors the driver
holds the id's lock file, so no new box can take the id meanwhile.
concurrent20 lets pairbox pick first-free ids.

Exit status: 0 pass, 1 fail (reasons printed), 77 skip.
"""
import argparse
import ctypes
import fcntl
import glob
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TABLE = os.path.join(HERE, "cases.json")
ID_DIR = "/run/pairbox/ids"      # BOX_ID_DIR of runner/box.h
FIRST_UID = 60000
BOX_ID_BASE = 800
SKIP = 77
SECRET = "xyz"

RESULT_KEYS = ("status", "exit_code", "exit_signal", "time", "wall_time", "memory", "message",
               "limit", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "killed",
               "box_id", "uid")

LIMIT_OPTIONS = ("time", "extra", "wall", "mem", "procs", "fsize", "stack", "tmp", "box-size",
                 "output", "nofile", "profile")


class Fail(Exception):
    pass


# ---------------------------------------------------------------- expectations

def _one_of(value, want):
    return value in want if isinstance(want, list) else value == want


def _as_list(x):
    return x if isinstance(x, list) else [x]


def _ints(text):
    out = []
    for tok in text.split():
        try:
            out.append(int(tok))
        except ValueError:
            pass
    return out


def _kv(text, key, conv=int):
    for tok in text.split():
        if tok.startswith(key + "="):
            try:
                return conv(tok[len(key) + 1:])
            except ValueError:
                return None
    return None


def _between(name, value, rng, errs):
    lo, hi = rng
    if not isinstance(value, (int, float)) or not lo <= value <= hi:
        errs.append("%s = %r, expected within [%s, %s]" % (name, value, lo, hi))


NOT_COPIED = object()


def check_expect(exp, res, elapsed, copied=NOT_COPIED):
    """Return a list of failed expectations (empty: all met). copied: the
    bytes --copy-out wrote on the host, or None if it wrote nothing."""
    errs = []
    out, err = res.get("stdout") or "", res.get("stderr") or ""
    msg = res.get("message") or ""
    for key, want in exp.items():
        if key == "status":
            sid = (res.get("status") or {}).get("id")
            if sid not in _as_list(want):
                errs.append("status %r (%s), expected one of %s" % (
                    sid, (res.get("status") or {}).get("description"), _as_list(want)))
        elif key in ("exit_code", "exit_signal", "limit", "killed", "stdout_truncated", "stderr_truncated"):
            if not _one_of(res.get(key), want):
                errs.append("%s = %r, expected %r" % (key, res.get(key), want))
        elif key == "message_contains":
            if want not in msg:
                errs.append("message %r does not contain %r" % (msg, want))
        elif key in ("stdout_contains", "stderr_contains"):
            text = out if key.startswith("stdout") else err
            for s in _as_list(want):
                if s not in text:
                    errs.append("%s lacks %r" % (key.split("_")[0], s))
        elif key in ("stdout_not_contains", "stderr_not_contains"):
            text = out if key.startswith("stdout") else err
            for s in _as_list(want):
                if s in text:
                    errs.append("%s contains forbidden %r" % (key.split("_")[0], s))
        elif key == "stdout_equals":
            if out != want:
                errs.append("stdout %r, expected exactly %r" % (out[:500], want))
        elif key == "stdout_not_equals":
            if out == want:
                errs.append("stdout is %r, which it must not be" % out)
        elif key in ("stdout_max_len", "stderr_max_len"):
            text = out if key.startswith("stdout") else err
            n = len(text.encode("utf-8", "surrogateescape"))
            if n > want:
                errs.append("%s kept %d bytes, more than the cap %d" % (key.split("_")[0], n, want))
        elif key == "time_between":
            _between("time", res.get("time"), want, errs)
        elif key == "wall_time_between":
            _between("wall_time", res.get("wall_time"), want, errs)
        elif key == "memory_between_kb":
            _between("memory", res.get("memory"), want, errs)
        elif key == "max_elapsed":
            if elapsed > want:
                errs.append("pairbox took %.2f s to return, more than %s s" % (elapsed, want))
        elif key == "stdout_kv_between":
            for k, rng in want.items():
                _between("stdout %s=" % k, _kv(out, k), rng, errs)
        elif key == "stdout_last_kv_between":
            # The last whole line: a payload reporting as it goes, until killed.
            lines = [l for l in out.split("\n")[:-1] if l.strip()]
            last = lines[-1] if lines else ""
            for k, rng in want.items():
                _between("stdout's last line %s=" % k, _kv(last, k, float), rng, errs)
        elif key == "stdout_ints_at_most":
            nums = _ints(out)
            if not nums or max(nums) > want:
                errs.append("stdout numbers %s: expected some, all <= %d" % (nums, want))
        elif key == "stdout_lines_exclude":
            lines = out.splitlines()
            for s in want:
                if s in lines:
                    errs.append("stdout has the line %r" % s)
        elif key in ("copied_absent", "copied_equals"):
            if copied is NOT_COPIED:
                errs.append("%s needs copy_out in the case" % key)
            elif key == "copied_absent" and want and copied is not None:
                errs.append("--copy-out wrote %d bytes on the host: %r" % (len(copied), copied[:200]))
            elif key == "copied_equals" and copied != want.encode():
                errs.append("--copy-out wrote %r, expected %r" % (copied if copied is None else copied[:200], want))
        else:
            errs.append("unknown expect key %r (typo in cases.json?)" % key)
    return errs


def check_contract(res, want_box_id):
    """What every result must satisfy, whatever the case."""
    errs = ["result lacks key %r" % k for k in RESULT_KEYS if k not in res]
    if errs:
        return errs
    st = res["status"]
    if not isinstance(st, dict) or not isinstance(st.get("id"), int) or not st.get("description"):
        errs.append("status is not {id, description}: %r" % (st,))
    if want_box_id is not None and res["box_id"] != want_box_id:
        errs.append("box_id %r, asked for %d" % (res["box_id"], want_box_id))
    if not isinstance(res["uid"], int) or res["uid"] != FIRST_UID + res["box_id"] or res["uid"] == 0:
        errs.append("uid %r is not %d + box_id %r" % (res["uid"], FIRST_UID, res["box_id"]))
    return errs


EXPECT_KEYS = ("status exit_code exit_signal limit killed stdout_truncated stderr_truncated "
               "message_contains stdout_contains stderr_contains stdout_not_contains "
               "stderr_not_contains stdout_equals stdout_not_equals stdout_max_len stderr_max_len "
               "time_between wall_time_between memory_between_kb max_elapsed stdout_kv_between stdout_last_kv_between "
               "stdout_ints_at_most stdout_lines_exclude copied_absent copied_equals").split()


def expand(obj, ctx):
    """Replace {key} placeholders in every string of obj."""
    if isinstance(obj, str):
        for k, v in ctx.items():
            obj = obj.replace("{%s}" % k, str(v))
        return obj
    if isinstance(obj, list):
        return [expand(x, ctx) for x in obj]
    if isinstance(obj, dict):
        return {k: expand(v, ctx) for k, v in obj.items()}
    return obj


# ---------------------------------------------------------------- host facts

def host_ipv4():
    """A non-loopback IPv4 address of this machine, or None."""
    try:
        out = subprocess.run(["ip", "-4", "-o", "addr", "show"], capture_output=True, text=True,
                             timeout=10).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) >= 4 and f[2] == "inet" and not f[3].startswith("127."):
                return f[3].split("/")[0]
    except (OSError, subprocess.SubprocessError):
        pass
    # A UDP connect() picks a source address without sending anything.
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.connect(("192.0.2.1", 9))
        ip = s.getsockname()[0]
        s.close()
        return None if ip.startswith("127.") else ip
    except OSError:
        return None


def read_mounts():
    with open("/proc/self/mountinfo") as f:
        return set(f.read().splitlines())


def procs_of_uid(uid, exclude=()):
    found = []
    for st in glob.glob("/proc/[0-9]*/status"):
        try:
            with open(st) as f:
                text = f.read()
        except OSError:
            continue
        fields = dict(l.split(":", 1) for l in text.splitlines() if ":" in l)
        uids = fields.get("Uid", "").split()
        pid = int(st.split("/")[2])
        if uids and int(uids[0]) == uid and pid not in exclude:
            found.append("pid %d %s state %s ppid %s" % (
                pid, fields.get("Name", "?").strip(), fields.get("State", "?").strip(),
                fields.get("PPid", "?").strip()))
    return found


def own_cgroups():
    """The directories of the cgroups this process is in, one per mounted
    hierarchy. pairbox, our child, makes its boxes beneath these; a
    pairbox/box-N elsewhere belongs to another service's cgroup (say, a
    run that was killed on this machine earlier) and is not ours to judge."""
    own = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            own[ctrls] = path
    dirs = set()
    with open("/proc/self/mountinfo") as f:
        for line in f:
            pre, _, post = line.partition(" - ")
            pre, post = pre.split(), post.split()
            if len(pre) < 5 or len(post) < 3 or post[0] not in ("cgroup", "cgroup2"):
                continue
            root, mnt = pre[3], pre[4]
            if post[0] == "cgroup2":
                path = own.get("")
            else:
                opts = set(post[2].split(","))
                path = next((p for c, p in own.items() if c and set(c.split(",")) <= opts), None)
            if path is None or not (path + "/").startswith(root.rstrip("/") + "/"):
                continue
            dirs.add(os.path.normpath(mnt + "/" + path[len(root.rstrip("/")):]))
    return sorted(dirs)


def cgroup_dirs(box_id):
    return [d for d in (os.path.join(c, "pairbox", "box-%d" % box_id) for c in own_cgroups())
            if os.path.isdir(d)]


def lock_holder(path):
    try:
        ino = os.stat(path).st_ino
        with open("/proc/locks") as f:
            for line in f:
                p = line.split()
                if len(p) >= 6 and p[5].rsplit(":", 1)[-1] == str(ino):
                    pid = p[4]
                    try:
                        with open("/proc/%s/cmdline" % pid, "rb") as c:
                            cmd = c.read().replace(b"\0", b" ").decode(errors="replace")
                    except OSError:
                        cmd = "?"
                    return "pid %s (%s)" % (pid, cmd.strip())
    except OSError:
        pass
    return "unknown"


def lock_box_id(box_id, wait=30.0):
    """Hold box-<id>.lock so no new box takes the id while we look for
    survivors. Returns the fd, or raises Fail naming the holder."""
    path = os.path.join(ID_DIR, "box-%d.lock" % box_id)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                holder = lock_holder(path)
                os.close(fd)
                raise Fail("box id %d is still locked %.0f s after pairbox returned, by %s"
                           % (box_id, wait, holder))
            time.sleep(0.05)


def survivors(box_id, uid, mounts_before, exclude_pids=()):
    """Everything of the box that outlived `pairbox box`."""
    errs = []
    fd = lock_box_id(box_id)
    try:
        left = procs_of_uid(uid, exclude_pids)
        if left:
            errs.append("processes of the box's uid %d survive: %s" % (uid, "; ".join(left)))
        dirs = cgroup_dirs(box_id)
        if dirs:
            errs.append("cgroup directories of box %d survive: %s" % (box_id, ", ".join(dirs)))
    finally:
        os.close(fd)
    new = read_mounts() - mounts_before
    if new:
        errs.append("new mounts in our mount namespace: %s" % "; ".join(sorted(new)))
    return errs


# ---------------------------------------------------------------- payloads

def gcc_static_ok():
    try:
        p = subprocess.run(["gcc", "-print-file-name=libc.a"], capture_output=True, text=True, timeout=30)
        return os.path.isabs(p.stdout.strip()) and os.path.exists(p.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


def compile_c(src, out):
    """gcc the payload src into out, unless out is already the result of the
    same command on the same source (its sha256 beside it in out.key): a
    slow machine, such as the test guest of tests/guest, then compiles
    nothing that `--prebuild` compiled for it."""
    flags = ["gcc", "-O2", "-w", "-pthread"] + (["-static"] if gcc_static_ok() else [])
    with open(src, "rb") as f:
        key = hashlib.sha256(f.read() + "\0".join(flags + [out, src]).encode()).hexdigest()
    try:
        with open(out + ".key") as f:
            if f.read().strip() == key and os.access(out, os.X_OK):
                return
    except OSError:
        pass
    # Private names until the renames: --prebuild and the case itself may
    # compile the same payload at the same time.
    tmp = "%s.%d.new" % (out, os.getpid())
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    p = subprocess.run(flags + ["-o", tmp, src], capture_output=True, text=True, env=env, timeout=120)
    if p.returncode:
        raise Fail("compiling %s failed:\n%s" % (os.path.basename(src), p.stderr))
    os.chmod(tmp, 0o755)
    os.rename(tmp, out)
    with open(tmp + ".key", "w") as f:
        f.write(key + "\n")
    os.rename(tmp + ".key", out + ".key")


def prebuild(cases, base):
    """Compile every C payload of the table into base/CASE/ (as the ctest
    runs lay them out), nothing run. Returns the number of failures."""
    fails = 0
    for c in cases:
        for spec in (c, c.get("then") or {}):
            lang = spec.get("lang") or (lang_of(spec["program"]) if spec.get("program") else None)
            if lang != "c":
                continue
            workdir = os.path.join(base, c["name"])
            os.makedirs(workdir, exist_ok=True)
            try:
                compile_c(os.path.join(HERE, spec["program"]), os.path.join(workdir, os.path.splitext(spec["program"])[0]))
            except Fail as e:
                print("%s: %s" % (c["name"], e))
                fails += 1
    return fails


def build(spec, workdir):
    """Make the payload file (compile only; never run it). Returns
    (host_path or None, name in /box, argv in the box)."""
    lang, program = spec.get("lang"), spec.get("program")
    args = [str(a) for a in spec.get("args", [])]
    if lang == "none":
        return None, None, list(spec["command"]) + args
    if lang == "raw":
        name = program
        path = os.path.join(workdir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(spec["content"])
        os.chmod(path, int(spec.get("mode", "0644"), 8))
        return path, name, spec.get("command", ["./" + name]) + args
    src = os.path.join(HERE, program)
    if lang == "c":
        name = os.path.splitext(program)[0]
        out = os.path.join(workdir, name)
        compile_c(src, out)
        return out, name, ["./" + name] + args
    path = os.path.join(workdir, program)
    shutil.copyfile(src, path)
    os.chmod(path, 0o644)
    if lang == "python3":
        return path, program, ["/usr/bin/python3", program] + args
    if lang == "sh":
        return path, program, ["/bin/sh", program] + args
    raise Fail("unknown lang %r" % lang)


def pairbox_argv(pairbox, limits, box_id, host_file, name, argv, copy_out=None):
    cmd = [pairbox, "box"]
    if copy_out:
        cmd += ["--copy-out", "%s:%s" % copy_out]
    if box_id is not None:
        cmd += ["--box-id", str(box_id)]
    for k, v in limits.items():
        if k == "env":
            for e in v:
                cmd += ["--env", e]
        elif k in LIMIT_OPTIONS:
            cmd += ["--" + k, str(v)]
        else:
            raise Fail("unknown limit %r in cases.json" % k)
    if host_file:
        cmd += ["--copy-in", "%s:%s" % (host_file, name)]
    return cmd + ["--"] + argv


def run_pairbox(cmd, limits, pass_fds=()):
    env = dict(os.environ)
    env["PAIRBOX_SECRET"] = SECRET   # SANDBOX-ENV: the box must never see it
    wall = float(limits.get("wall", 10))
    busy_until = time.monotonic() + 60
    while True:
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, capture_output=True, env=env, pass_fds=pass_fds,
                               timeout=wall + 30, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise Fail("pairbox did not return within wall + 30 s: %s" % " ".join(cmd))
        elapsed = time.monotonic() - t0
        # Our pinned id is taken only when someone runs the same case at the
        # same time (a second ctest of this build): wait for it.
        if p.returncode == 1 and b"no free box id" in p.stderr and time.monotonic() < busy_until:
            time.sleep(0.2)
            continue
        break
    out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    if p.returncode != 0:
        raise Fail("pairbox exited %d (expected 0 with a result)\ncommand: %s\nstdout: %s\nstderr: %s"
                   % (p.returncode, " ".join(cmd), out[:2000], err[:2000]))
    try:
        res = json.loads(out)
    except ValueError as e:
        raise Fail("pairbox printed no JSON (%s)\nstdout: %s\nstderr: %s" % (e, out[:2000], err[:2000]))
    if not isinstance(res, dict):
        raise Fail("pairbox printed JSON that is not an object: %s" % out[:2000])
    return res, elapsed, err


def show(res):
    r = dict(res)
    for k in ("stdout", "stderr"):
        if isinstance(r.get(k), str) and len(r[k]) > 600:
            r[k] = r[k][:600] + "...[%d chars]" % len(res[k])
    return json.dumps(r, sort_keys=True)


# ---------------------------------------------------------------- fixtures

class Fixtures:
    """Host-side set-up of a case and its checks after the run."""

    def __init__(self, setup, ctx, box_uid):
        self.setup = setup
        self.ctx = ctx
        self.box_uid = box_uid
        self.socks, self.procs, self.fds = [], [], []
        self.pass_fds = ()
        self.exclude_pids = set()
        self.shmid = None

    def __enter__(self):
        s = self.setup
        if s in ("tcp_listener", "tcp_listener_any"):
            l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            l.bind(("127.0.0.1" if s == "tcp_listener" else "0.0.0.0", 0))
            l.listen(16)
            l.setblocking(False)
            self.ctx["port"] = l.getsockname()[1]
            self.socks.append(l)
        elif s == "udp_listener_any":
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.bind(("0.0.0.0", 0))
            u.setblocking(False)
            self.ctx["port"] = u.getsockname()[1]
            self.socks.append(u)
        elif s == "unix_listener":
            name = "pairbox-hostile-%d-%d" % (os.getpid(), random.randrange(1 << 30))
            l = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            l.bind("\0" + name)
            l.listen(16)
            l.setblocking(False)
            self.ctx["abstract"] = name
            self.socks.append(l)
        elif s == "extra_fd":
            # A file and a socket pairbox inherits: neither may reach the box.
            f = tempfile.TemporaryFile()
            f.write(b"secret descriptor\n")
            f.flush()
            a, b = socket.socketpair()
            self.fds = [f, a, b]
            self.pass_fds = (f.fileno(), a.fileno())
        elif s == "sysv_shm":
            # A SysV segment anyone may attach: only the IPC namespace
            # keeps the box from finding it (SANDBOX-IPC).
            self.libc = ctypes.CDLL(None, use_errno=True)
            for _ in range(20):
                key = random.randrange(1 << 20, 1 << 30)
                shmid = self.libc.shmget(key, 4096, 0o1000 | 0o2000 | 0o666)  # IPC_CREAT|IPC_EXCL
                if shmid >= 0:
                    break
            if shmid < 0:
                raise Fail("shmget on the host failed: errno %d" % ctypes.get_errno())
            self.shmid = shmid
            self.ctx["shm_key"] = key
        elif s == "sleeper":
            # One sleeper as root, one as the box's own uid: kill(-1) from
            # the box must reach neither (SANDBOX-PID).
            self.procs.append(subprocess.Popen(["/bin/sleep", "60"], stdin=subprocess.DEVNULL))
            self.procs.append(subprocess.Popen(["/bin/sleep", "60"], stdin=subprocess.DEVNULL,
                                               user=self.box_uid, group=self.box_uid, extra_groups=[]))
            self.exclude_pids = {p.pid for p in self.procs}
        elif s:
            raise Fail("unknown setup %r" % s)
        return self

    def check(self):
        errs = []
        for sk in self.socks:
            try:
                if sk.type == socket.SOCK_DGRAM:
                    data, addr = sk.recvfrom(64)
                    errs.append("the host UDP listener received %r from %r" % (data, addr))
                else:
                    c, addr = sk.accept()
                    c.close()
                    errs.append("the host listener accepted a connection from %r" % (addr,))
            except BlockingIOError:
                pass
        for who, p in zip(("root", "the box's uid"), self.procs):
            if p.poll() is not None:
                errs.append("the driver's sleeper pid %d (running as %s) died: %r" % (p.pid, who, p.returncode))
        return errs

    def __exit__(self, *exc):
        if self.shmid is not None:
            self.libc.shmctl(self.shmid, 0, None)   # IPC_RMID
        for sk in self.socks:
            sk.close()
        for f in self.fds:
            f.close()
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        return False


# ---------------------------------------------------------------- runs

# Time bounds in the table guard behaviour; they are not benchmarks. The
# verdict, the limit hit and the CPU time counted prove a property. A bound
# on time is many times the slack the case needs on an idle host, and below
# what losing the property would give (the case's wall limit, the RLIMIT_CPU
# backstop of runner/run.c at limit + extra + 1 s, this driver's timeout):
# a loaded machine cannot break it, a broken sandbox still does. Benchmarks
# live in bench/.
# max_elapsed bounds how long pairbox takes to return, in seconds that fit a
# fast host. A slow machine (an emulator, the guest of tests/guest, a busy
# host) adds its own cost of a box and of starting the payload's interpreter
# to every run: it is measured, as long as a box that starts the interpreter
# and does nothing takes here and now, and the bound grows by OVERHEAD_BOXES
# of it (~0.05 s on a fast host, seconds under QEMU's emulation).
OVERHEAD_BOXES = 3
IDLE_ARGV = {"python3": ["/usr/bin/python3", "-c", "pass"], "sh": ["/bin/sh", "-c", ":"]}


def box_overhead(pairbox, box_id, lang):
    t0 = time.monotonic()
    subprocess.run([pairbox, "box", "--box-id", str(box_id), "--"] + IDLE_ARGV.get(lang, ["/bin/true"]),
                   capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    return time.monotonic() - t0


def with_overhead(exp, overhead):
    if "max_elapsed" not in exp:
        return exp
    bound = round(exp["max_elapsed"] + OVERHEAD_BOXES * overhead, 2)
    print("max_elapsed: %s s + %d x %.2f s (an idle box here) = %.2f s"
          % (exp["max_elapsed"], OVERHEAD_BOXES, overhead, bound))
    return dict(exp, max_elapsed=bound)


def run_single(case, index, args, workdir, ctx):
    box_id = BOX_ID_BASE + index
    if box_id >= 1000:
        raise Fail("table too long for pinned box ids")
    uid = FIRST_UID + box_id
    ctx.update({"uid": uid, "box_id": box_id})
    errs = []
    timed = "max_elapsed" in case.get("expect", {}) or "max_elapsed" in (case.get("then") or {}).get("expect", {})
    overhead = box_overhead(args.pairbox, box_id, case.get("lang")) if timed else 0.0
    with Fixtures(case.get("setup"), ctx, uid) as fx:
        spec = expand(case, ctx)
        host_file, name, argv = build(spec, workdir)
        limits = spec.get("limits", {})
        copy_out, copied = None, NOT_COPIED
        if spec.get("copy_out"):
            copy_out = (spec["copy_out"], os.path.join(workdir, "copied-out"))
            if os.path.lexists(copy_out[1]):
                os.unlink(copy_out[1])
        cmd = pairbox_argv(args.pairbox, limits, box_id, host_file, name, argv, copy_out)
        mounts = read_mounts()
        res, elapsed, perr = run_pairbox(cmd, limits, fx.pass_fds)
        print("command: %s" % " ".join(cmd))
        print("result (%.2f s): %s" % (elapsed, show(res)))
        if copy_out:
            print("pairbox stderr: %s" % perr.strip()[:500])
            copied = None
            if os.path.lexists(copy_out[1]):
                st = os.lstat(copy_out[1])
                if st.st_size > (1 << 20) or not os.path.isfile(copy_out[1]) or os.path.islink(copy_out[1]):
                    copied = ("<%s of %d bytes>" % ("link" if os.path.islink(copy_out[1]) else "file",
                                                    st.st_size)).encode()
                else:
                    with open(copy_out[1], "rb") as f:
                        copied = f.read()
                os.unlink(copy_out[1])
        errs += check_contract(res, box_id)
        errs += check_expect(with_overhead(spec.get("expect", {}), overhead), res, elapsed, copied)
        errs += fx.check()
        errs += survivors(box_id, uid, mounts, fx.exclude_pids)
    then = case.get("then")
    if then:
        sub = expand(dict(then, lang=then.get("lang") or lang_of(then["program"])), ctx)
        host_file, name, argv = build(sub, workdir)
        limits = sub.get("limits", {})
        cmd = pairbox_argv(args.pairbox, limits, box_id, host_file, name, argv)
        mounts = read_mounts()
        res, elapsed, perr = run_pairbox(cmd, limits)
        print("then: %s" % " ".join(cmd))
        print("then result (%.2f s): %s" % (elapsed, show(res)))
        errs += ["then: " + e for e in check_contract(res, box_id)]
        errs += ["then: " + e for e in check_expect(with_overhead(sub.get("expect", {}), overhead), res, elapsed)]
        errs += ["then: " + e for e in survivors(box_id, uid, mounts)]
    return errs


def overlapping_ids(results):
    """Boxes that ran at the same time must have had different ids and
    uids. A box that started after another had ended may reuse its id."""
    errs, spans = [], []
    for m, r in results:
        lines = dict(l.split(":", 1) for l in (r.get("stdout") or "").splitlines() if ":" in l)
        try:
            spans.append((m, r.get("box_id"), r.get("uid"), float(lines["start"]), float(lines["end"])))
        except (KeyError, ValueError):
            errs.append("%s: no start/end times in its output" % m)
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            if a[3] <= b[4] and b[3] <= a[4] and (a[1] == b[1] or a[2] == b[2]):
                errs.append("%s and %s ran at the same time as box %s/%s and %s/%s"
                            % (a[0], b[0], a[1], a[2], b[1], b[2]))
    return errs


def spans_of(results):
    out = []
    for m, r in results:
        lines = dict(l.split(":", 1) for l in (r.get("stdout") or "").splitlines() if ":" in l)
        try:
            out.append((float(lines["start"]), float(lines["end"])))
        except (KeyError, ValueError):
            pass
    return out


MIN_CONCURRENCY = 1.5


def concurrency(results, n, log=lambda msg: None):
    """The boxes must have run at the same time, or seeing only their own
    markers proves nothing. Measured by the boxes themselves: the sum of
    their run times (each sleeps 0.5 s) over the span from the first start
    to the last end. Run one after another it is at most 1, whatever the
    machine's speed; a fast machine gets near n. The boxes' own clocks make
    it independent of how long each took to set up."""
    spans = spans_of(results)
    if len(spans) < n:
        return ["only %d of %d boxes reported when they ran" % (len(spans), n)]
    span = max(e for _, e in spans) - min(s for s, _ in spans)
    busy = sum(e - s for s, e in spans)
    factor = busy / span if span > 0 else float(n)
    log("concurrency: %.2f s of box run time in a %.2f s span: %.1f boxes at a time" % (busy, span, factor))
    if factor < MIN_CONCURRENCY:
        return ["the boxes ran %.1f at a time (%.2f s of run time in %.2f s), less than %.1f: "
                "they did not run at the same time" % (factor, busy, span, MIN_CONCURRENCY)]
    return []


def run_concurrent(case, args, workdir, ctx):
    """hostile.concurrent20: N boxes at once, each picking its own id."""
    n = int(case.get("count", 20))
    spec = expand(case, ctx)
    host_file, name, argv = build(spec, workdir)
    limits = spec.get("limits", {})
    env = dict(os.environ, PAIRBOX_SECRET=SECRET)
    mounts = read_mounts()
    markers = ["m%d-%d" % (k, os.getpid()) for k in range(n)]
    procs = []
    t0 = time.monotonic()
    for m in markers:
        cmd = pairbox_argv(args.pairbox, limits, None, host_file, name, argv + [m])
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      stdin=subprocess.DEVNULL, env=env))
    errs, results = [], []
    deadline = time.monotonic() + float(limits.get("wall", 10)) + 60
    for m, p in zip(markers, procs):
        try:
            out, err = p.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            errs.append("%s: pairbox did not return in time" % m)
            continue
        if p.returncode != 0:
            errs.append("%s: pairbox exited %d: %s" % (m, p.returncode, err.decode(errors="replace")[:500]))
            continue
        try:
            res = json.loads(out)
        except ValueError:
            errs.append("%s: no JSON: %r" % (m, out[:300]))
            continue
        results.append((m, res))
        print("%s: %s" % (m, show(res)))
        errs += ["%s: %s" % (m, e) for e in check_contract(res, None)]
        errs += ["%s: %s" % (m, e) for e in check_expect(spec.get("expect", {}), res, 0)]
        lines = dict(l.split(":", 1) for l in (res.get("stdout") or "").splitlines() if ":" in l)
        want_box = " /box/%s /box/marker-%s" % (name, m)
        if lines.get("box") != want_box:
            errs.append("%s: /box shows %r, expected %r" % (m, lines.get("box"), want_box))
        if lines.get("tmp") != " /tmp/marker-%s" % m:
            errs.append("%s: /tmp shows %r, expected only its own marker" % (m, lines.get("tmp")))
        pids = _ints(lines.get("proc", ""))
        if not pids or max(pids) > 20 or 1 in pids:
            errs.append("%s: /proc shows pids %s (expected only the box's own, small, no pid 1)" % (m, pids))
    elapsed = time.monotonic() - t0
    print("%d boxes in %.2f s" % (n, elapsed))
    errs += concurrency(results, n, print)
    errs += overlapping_ids(results)
    ids = [r["box_id"] for _, r in results if "box_id" in r]
    uids = [r["uid"] for _, r in results if "uid" in r]
    for bid, uid in sorted(set(zip(ids, uids))):
        try:
            errs += survivors(bid, uid, mounts)
        except Fail as e:
            errs.append(str(e))
    return errs


def box_process(uid, comm):
    """The host pid of a process named comm of the box's uid (of any uid if
    uid is None), or None."""
    for st in glob.glob("/proc/[0-9]*/status"):
        try:
            with open(st) as f:
                fields = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
        except OSError:
            continue
        uids = fields.get("Uid", "").split()
        if uids and (uid is None or int(uids[0]) == uid) and fields.get("Name", "").strip() == comm:
            return int(st.split("/")[2])
    return None


def run_pair(case, index, args, workdir, ctx):
    """Two boxes at once: the case's own box takes something (locks) and
    renames itself `ready`; then the peer box (case["peer"]: args, expect)
    runs to the end and must not see it; then the first box gets SIGUSR1
    from here and ends, and its result is checked against the case's expect."""
    box_id = BOX_ID_BASE + index
    uid = FIRST_UID + box_id
    ctx.update({"uid": uid, "box_id": box_id})
    spec = expand(case, ctx)
    host_file, name, argv = build(spec, workdir)
    limits = spec.get("limits", {})
    peer = spec["peer"]
    mounts = read_mounts()
    env = dict(os.environ, PAIRBOX_SECRET=SECRET)
    cmd = pairbox_argv(args.pairbox, limits, box_id, host_file, name, argv)
    print("holder: %s" % " ".join(cmd))
    holder = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, env=env)
    errs = []
    try:
        deadline = time.monotonic() + float(limits.get("wall", 10))
        pid = None
        while pid is None and holder.poll() is None and time.monotonic() < deadline:
            pid = box_process(uid, spec["ready"])
            if pid is None:
                time.sleep(0.02)
        if pid is None:
            errs.append("the holder box never became %r" % spec["ready"])
        else:
            pcmd = pairbox_argv(args.pairbox, limits, None, host_file, name, ["./" + name] + peer["args"])
            res, elapsed, _ = run_pairbox(pcmd, limits)
            print("peer: %s" % " ".join(pcmd))
            print("peer result (%.2f s): %s" % (elapsed, show(res)))
            print("peer stdout:\n%s" % (res.get("stdout") or "")[:8000])
            errs += ["peer: " + e for e in check_contract(res, None)]
            errs += ["peer: " + e for e in check_expect(peer.get("expect", {}), res, elapsed)]
            if res.get("box_id") == box_id:
                errs.append("peer: ran in the holder's box id %d" % box_id)
            else:
                errs += ["peer: " + e for e in survivors(res["box_id"], res["uid"], mounts)]
            try:
                os.kill(pid, signal.SIGUSR1)
            except ProcessLookupError:
                errs.append("the holder (pid %d) ended before the peer was done" % pid)
        out, err = holder.communicate(timeout=float(limits.get("wall", 10)) + 30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    if holder.returncode != 0:
        errs.append("holder: pairbox exited %d: %s" % (holder.returncode, err.decode(errors="replace")[:500]))
        return errs
    try:
        res = json.loads(out)
    except ValueError:
        return errs + ["holder: pairbox printed no JSON: %r" % out[:500]]
    print("holder result: %s" % show(res))
    errs += ["holder: " + e for e in check_contract(res, box_id)]
    errs += ["holder: " + e for e in check_expect(spec.get("expect", {}), res, 0)]
    errs += ["holder: " + e for e in survivors(box_id, uid, mounts)]
    return errs


def lang_of(program):
    ext = program.rsplit(".", 1)[-1] if program else ""
    return {"c": "c", "py": "python3", "sh": "sh"}.get(ext, "raw")


def load_table(path):
    with open(path) as f:
        return json.load(f)["cases"]


# ---------------------------------------------------------------- self-test

def self_test():
    """Check the expectation logic against hand-written results."""
    base = {"status": {"id": 3, "description": "Accepted"}, "exit_code": 0, "exit_signal": None,
            "time": 0.5, "wall_time": 0.6, "memory": 110000, "message": None, "limit": None,
            "stdout": "forked=7 errno=EAGAIN\n", "stderr": "", "stdout_truncated": False,
            "stderr_truncated": False, "killed": False, "box_id": 801, "uid": 60801}
    ok = [
        {"status": [3], "exit_code": 0, "limit": None, "exit_signal": None},
        {"time_between": [0.45, 0.8], "memory_between_kb": [102400, 143360]},
        {"stdout_contains": "EAGAIN", "stdout_kv_between": {"forked": [1, 9]}},
        {"stdout_not_contains": ["xyz"], "max_elapsed": 2},
        {"exit_code": [1, 0], "stdout_max_len": 100},
    ]
    bad = [
        {"status": [5]}, {"exit_code": 3}, {"limit": "time"}, {"time_between": [1.0, 2.0]},
        {"stdout_equals": "x"}, {"stdout_kv_between": {"forked": [8, 9]}}, {"max_elapsed": 0.1},
        {"message_contains": "Time limit"}, {"stdout_lines_exclude": ["forked=7 errno=EAGAIN"]},
        {"no_such_key": 1}, {"stdout_max_len": 3},
    ]
    fails = 0
    for e in ok:
        r = check_expect(e, base, 1.0)
        if r:
            print("self-test: %r should pass, got %s" % (e, r))
            fails += 1
    for e in bad:
        if not check_expect(e, base, 1.0):
            print("self-test: %r should fail" % (e,))
            fails += 1
    pids = dict(base, stdout="2\n3\n")
    if check_expect({"stdout_ints_at_most": 10, "stdout_lines_exclude": ["1"]}, pids, 0) or \
            not check_expect({"stdout_ints_at_most": 2}, pids, 0):
        print("self-test: stdout_ints_at_most")
        fails += 1
    rep = dict(base, stdout="cpu=0.010 wall=0.010\ncpu=1.190 wall=0.600\ncpu=1.2")
    if check_expect({"stdout_last_kv_between": {"cpu": [1.0, 1.5], "wall": [0.5, 0.7]}}, rep, 0) or \
            not check_expect({"stdout_last_kv_between": {"cpu": [0.0, 1.0]}}, rep, 0) or \
            not check_expect({"stdout_last_kv_between": {"cpu": [0, 9]}}, dict(base, stdout=""), 0):
        print("self-test: stdout_last_kv_between")
        fails += 1
    if check_contract(base, 801):
        print("self-test: contract check rejects a good result: %s" % check_contract(base, 801))
        fails += 1
    if not check_contract(dict(base, uid=0), 801) or not check_contract({"status": 3}, None):
        print("self-test: contract check accepts a bad result")
        fails += 1
    if expand({"a": ["{port}x"], "b": "{uid}"}, {"port": 5, "uid": 60001}) != {"a": ["5x"], "b": "60001"}:
        print("self-test: expand")
        fails += 1
    def ran(box, start, end):
        return dict(base, box_id=box, uid=FIRST_UID + box, stdout="start: %s\nend: %s\n" % (start, end))
    if concurrency([("a", ran(4, 10.0, 10.6)), ("b", ran(5, 10.1, 10.7))], 2) or \
            not concurrency([("a", ran(4, 10.0, 10.6)), ("b", ran(5, 10.6, 11.2))], 2) or \
            not concurrency([("a", ran(4, 10.0, 10.6))], 2):
        print("self-test: concurrency")
        fails += 1
    if overlapping_ids([("a", ran(4, 10.0, 10.6)), ("b", ran(4, 10.7, 11.2)), ("c", ran(5, 10.1, 10.9))]) or \
            len(overlapping_ids([("a", ran(4, 10.0, 10.6)), ("b", ran(4, 10.5, 11.2))])) != 1:
        print("self-test: overlapping_ids")
        fails += 1
    with open("/proc/self/cgroup") as f:
        mem = [l.rstrip("\n").split(":", 2)[2] for l in f if l.split(":")[1] == "memory"]
    if mem and not any(d.endswith(mem[0].rstrip("/")) and "/memory" in d for d in own_cgroups()):
        print("self-test: own_cgroups() misses our memory cgroup %s: %s" % (mem[0], own_cgroups()))
        fails += 1
    cases = load_table(TABLE)
    names = [c["name"] for c in cases]
    if len(names) != len(set(names)):
        print("self-test: duplicate case names")
        fails += 1
    for c in cases:
        for k in list(c.get("expect", {})) + list((c.get("then") or {}).get("expect", {})) + \
                list((c.get("peer") or {}).get("expect", {})):
            if k not in EXPECT_KEYS:
                print("self-test: %s: unknown expect key %s" % (c["name"], k))
                fails += 1
        for k in c.get("limits", {}):
            if k != "env" and k not in LIMIT_OPTIONS:
                print("self-test: %s: unknown limit %s" % (c["name"], k))
                fails += 1
        if c.get("program") and c.get("lang") not in ("raw", "none") and \
                not os.path.exists(os.path.join(HERE, c["program"])):
            print("self-test: %s: missing program %s" % (c["name"], c["program"]))
            fails += 1
        if not (c.get("tag") or "").startswith("SANDBOX-"):
            print("self-test: %s: no SANDBOX- tag" % c["name"])
            fails += 1
    print("self-test: %d cases in the table, %s" % (len(cases), "ok" if not fails else "%d problems" % fails))
    return 1 if fails else 0


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairbox")
    ap.add_argument("--case")
    ap.add_argument("--workdir")
    ap.add_argument("--table", default=TABLE)
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--prebuild", action="store_true", help="only compile every C payload into --workdir")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    # A host that grants real-time priority and a raised nice value: the
    # box must not inherit them (SANDBOX-TIME, case rlimits_reset). Raising
    # needs CAP_SYS_RESOURCE, which some containers withhold; the case then
    # still checks that the box gets 0 whatever the host has.
    for res, v in ((resource.RLIMIT_RTPRIO, 20), (resource.RLIMIT_NICE, 30)):
        try:
            resource.setrlimit(res, (v, v))
        except (OSError, ValueError):
            pass
    cases = load_table(args.table)
    if args.list:
        for c in cases:
            print(c["name"])
        return 0
    if args.prebuild:
        if not args.workdir:
            ap.error("--prebuild needs --workdir")
        return 1 if prebuild(cases, args.workdir) else 0
    if not args.pairbox or not args.case:
        ap.error("--pairbox and --case are required")
    args.pairbox = os.path.abspath(args.pairbox)
    index = next((i for i, c in enumerate(cases) if c["name"] == args.case), None)
    if index is None:
        print("FAIL: no case %r in %s" % (args.case, args.table))
        return 1
    case = cases[index]
    if os.geteuid() != 0:
        print("SKIP: pairbox box needs root")
        return SKIP

    ctx = {"driver_pid": os.getpid(), "host_hostname": socket.gethostname(),
           "repo_file": os.path.join(REPO, "CMakeLists.txt"), "repo_dir": REPO,
           "port": 0, "abstract": "", "shm_key": 0}
    ip = host_ipv4()
    if "{host_ip}" in json.dumps(case):
        if not ip:
            print("SKIP: this machine has no non-loopback IPv4 address")
            return SKIP
    ctx["host_ip"] = ip or ""

    made = not args.workdir
    base = tempfile.mkdtemp(prefix="pairbox-hostile-") if made else args.workdir
    workdir = os.path.join(base, case["name"]) if not made else base
    os.makedirs(workdir, exist_ok=True)
    print("case %s (%s): %s %s" % (case["name"], case.get("tag"), case.get("program"),
                                  " ".join(map(str, case.get("args", [])))))
    try:
        if case.get("kind") == "concurrent":
            errs = run_concurrent(case, args, workdir, ctx)
        elif case.get("kind") == "pair":
            errs = run_pair(case, index, args, workdir, ctx)
        else:
            errs = run_single(case, index, args, workdir, ctx)
    except Fail as e:
        errs = [str(e)]
    finally:
        if made and not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if errs:
        print("FAIL hostile.%s [%s]:" % (case["name"], case.get("tag")))
        for e in errs:
            print("  - " + e)
        return 1
    print("PASS hostile.%s" % case["name"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
