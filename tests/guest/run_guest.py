#!/usr/bin/python3
"""run_guest.py - run a command in a throw-away Linux guest with a pure cgroup v2 hierarchy.

Usage: run_guest.py [--backend uml|qemu] [--timeout SEC] [--env NAME=VALUE]... -- COMMAND [ARG...]
       run_guest.py --check [--backend uml|qemu]

The guest boots a kernel with cgroup_no_v1=all, sees the host's / read-only
(hostfs under User-mode Linux, 9p under QEMU) beneath a tmpfs overlay, so
every write lands in the guest's memory and never on the host, and runs
COMMAND as root in the current directory. COMMAND's output comes back on the
guest's console (our stdout); its exit status through a per-run share. The
guest powers itself off when COMMAND ends.

Backends (--backend, or PAIRBOX_GUEST_BACKEND; default uml):
  uml   Debian's user-mode-linux package: user code runs at about host
        speed, one CPU. Needs user-mode-linux and busybox-static.
  qemu  Debian's own amd64 kernel, fetched with `apt-get download` into the
        cache directory (never installed), under qemu-system-x86_64 with TCG
        emulation (about 16x slower, 2 CPUs; PAIRBOX_GUEST_ACCEL=kvm on hosts
        with real VT-x/AMD-V). Needs qemu-system-x86 and busybox-static.
The cache directory is PAIRBOX_GUEST_CACHE, default /var/cache/pairbox-guest.

Exit status: COMMAND's; 77 when the backend cannot run here (the reason is
printed); 2 when the guest booted but did not report a status (a failure).
Standard library only.
"""
import argparse
import glob
import lzma
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
BROKEN = 2
CACHE = os.environ.get("PAIRBOX_GUEST_CACHE", "/var/cache/pairbox-guest")
BUSYBOX = "/bin/busybox"
UML = "/usr/bin/linux.uml"
QEMU = "/usr/bin/qemu-system-x86_64"
MARK_INIT = b"pairbox-guest: init started"


class Skip(Exception):
    """The backend cannot run on this machine: why, and what to do."""


class Broken(Exception):
    """The guest was built or booted wrongly: a failure, not a skip."""


# ---------------------------------------------------------------- modules

def modinfo_depends(path):
    """The depends= of a kernel module's .modinfo (plain .ko or .ko.xz)."""
    data = read_module(path)
    m = re.search(rb"(?:^|\0)depends=([^\0]*)\0", data)
    return [d for d in (m.group(1).decode().split(",") if m else []) if d]


def read_module(path):
    with open(path, "rb") as f:
        data = f.read()
    return lzma.decompress(data) if path.endswith(".xz") else data


def module_index(moddir):
    """Module name -> file, for every .ko(.xz) under moddir (names use _)."""
    idx = {}
    for p in glob.glob(os.path.join(moddir, "kernel", "**", "*.ko*"), recursive=True):
        name = os.path.basename(p).split(".ko")[0].replace("-", "_")
        idx[name] = p
    return idx


def builtin_modules(moddir):
    names = set()
    try:
        with open(os.path.join(moddir, "modules.builtin")) as f:
            for line in f:
                names.add(os.path.basename(line.strip()).split(".ko")[0].replace("-", "_"))
    except OSError:
        pass
    return names


def resolve_modules(moddir, wanted, optional=()):
    """Files of `wanted` and their dependencies, dependencies first. A module
    built into the kernel needs nothing; a missing optional one is left out."""
    idx, builtin = module_index(moddir), builtin_modules(moddir)
    order, seen = [], set()

    def visit(name, required):
        name = name.replace("-", "_")
        if name in seen or name in builtin:
            return
        if name not in idx:
            if required:
                raise Broken("kernel module %s is neither in %s nor built in" % (name, moddir))
            return
        seen.add(name)
        for dep in modinfo_depends(idx[name]):
            visit(dep, True)
        order.append(idx[name])

    for w in wanted:
        visit(w, True)
    for w in optional:
        visit(w, False)
    return order


# ---------------------------------------------------------------- initramfs

class Cpio:
    """A newc cpio archive, the format the kernel unpacks as its initramfs."""

    def __init__(self):
        self.parts, self.ino = [], 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = (self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0)
        self.ino += 1
        hdr = b"070701" + b"".join(b"%08X" % v for v in fields)
        self.parts += [hdr, name_b, b"\0" * ((4 - (len(hdr) + len(name_b)) % 4) % 4),
                       data, b"\0" * ((4 - len(data) % 4) % 4)]

    def dir(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data)

    def chardev(self, name, major, minor):
        self._entry(name, 0o020600, rdev=(major, minor))

    def bytes(self):
        self._entry("TRAILER!!!", 0)
        return b"".join(self.parts)


def is_static_elf(path):
    try:
        out = subprocess.run(["file", "-bL", path], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        # No file(1): a static binary has no PT_INTERP, so no loader path in it.
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF" and b"/lib64/ld-linux" not in f.read(1 << 16)
    return "statically linked" in out or "static-pie" in out


def build_initramfs(path, modules):
    if not os.access(BUSYBOX, os.X_OK) or not is_static_elf(BUSYBOX):
        raise Skip("no static busybox at %s (apt-get install busybox-static)" % BUSYBOX)
    c = Cpio()
    for d in ("bin", "dev", "proc", "sys", "modules"):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3)
    with open(BUSYBOX, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    with open(os.path.join(HERE, "init"), "rb") as f:
        c.file("init", f.read(), 0o755)
    names = []
    for m in modules:
        name = os.path.basename(m)
        if name.endswith(".xz"):
            name = name[:-3]     # busybox insmod may lack xz: store them plain
        c.file("modules/" + name, read_module(m))
        names.append(name)
    c.file("modules/order", "".join(n + "\n" for n in names).encode())
    with open(path, "wb") as f:
        f.write(c.bytes())


# ---------------------------------------------------------------- backends

def uml_prepare(work):
    if not os.access(UML, os.X_OK):
        raise Skip("User-mode Linux is not installed (%s; apt-get install user-mode-linux)" % UML)
    ver = subprocess.run([UML, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    moddir = os.path.join("/usr/lib/uml/modules", ver)
    if not ver or not os.path.isdir(moddir):
        raise Skip("no modules for User-mode Linux %r in /usr/lib/uml/modules" % ver)
    initrd = os.path.join(work, "initramfs.cpio")
    build_initramfs(initrd, resolve_modules(moddir, ["overlay"], ["dummy", "ipv6"]))
    return {"kernel": "uml " + ver, "initrd": initrd, "cpus": 1}


def uml_argv(g, share, mem_mb, cmdline):
    # con0: the console, output only (stdin is not the guest's business).
    return [UML, "mem=%dM" % mem_mb, "initrd=" + g["initrd"], "con=null", "con0=null,fd:1",
            "ssl=null"] + cmdline


def apt_kernel_package():
    """The versioned kernel package linux-image-amd64 depends on."""
    p = subprocess.run(["apt-cache", "depends", "linux-image-amd64"], capture_output=True, text=True,
                       timeout=120)
    for line in p.stdout.splitlines():
        m = re.match(r"\s*Depends:\s*(linux-image-[0-9][^\s]*-amd64)$", line)
        if m:
            return m.group(1)
    raise Skip("apt-cache knows no linux-image-amd64 (run apt-get update?)")


def qemu_kernel():
    """Debian's amd64 kernel unpacked in the cache (fetched once, never installed):
    (directory, release)."""
    os.makedirs(CACHE, exist_ok=True)
    have = sorted(glob.glob(os.path.join(CACHE, "linux-image-*", "boot", "vmlinuz-*")))
    if have and not os.environ.get("PAIRBOX_GUEST_REFRESH"):
        top = os.path.dirname(os.path.dirname(have[-1]))
        return top, os.path.basename(have[-1])[len("vmlinuz-"):]
    pkg = apt_kernel_package()
    dl = tempfile.mkdtemp(prefix="dl-", dir=CACHE)
    try:
        p = subprocess.run(["apt-get", "download", "-q", pkg], cwd=dl, capture_output=True, text=True,
                           timeout=600)
        debs = glob.glob(os.path.join(dl, "*.deb"))
        if p.returncode or not debs:
            raise Skip("apt-get download %s failed: %s" % (pkg, (p.stderr or p.stdout).strip()[-500:]))
        top = os.path.join(CACHE, pkg)
        tmp = top + ".unpacking"
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run(["dpkg-deb", "-x", debs[0], tmp], check=True, timeout=600)
        shutil.rmtree(top, ignore_errors=True)
        os.rename(tmp, top)
    finally:
        shutil.rmtree(dl, ignore_errors=True)
    vmlinuz = glob.glob(os.path.join(top, "boot", "vmlinuz-*"))
    if not vmlinuz:
        raise Skip("%s has no boot/vmlinuz-*" % pkg)
    return top, os.path.basename(vmlinuz[0])[len("vmlinuz-"):]


def vmlinux_of(bzimage, out):
    """The ELF vmlinux inside a bzImage (XZ-compressed, as Debian builds it).
    QEMU boots it through its PVH entry point, skipping the emulated XZ
    decompressor (about 2.5 s under TCG). None if it cannot be found."""
    with open(bzimage, "rb") as f:
        data = f.read()
    pos = data.find(b"\xfd7zXZ\x00")
    while pos >= 0:
        try:
            elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[pos:])
        except lzma.LZMAError:
            elf = b""
        if elf[:4] == b"\x7fELF" and b"Xen" in elf:
            with open(out + ".tmp", "wb") as f:
                f.write(elf)
            os.rename(out + ".tmp", out)
            return out
        pos = data.find(b"\xfd7zXZ\x00", pos + 1)
    return None


def qemu_prepare(work):
    if not os.access(QEMU, os.X_OK):
        raise Skip("QEMU is not installed (%s; apt-get install qemu-system-x86)" % QEMU)
    top, rel = qemu_kernel()
    bz = os.path.join(top, "boot", "vmlinuz-" + rel)
    vmlinux = os.path.join(top, "boot", "vmlinux-" + rel)
    kernel = vmlinux if os.path.exists(vmlinux) else (vmlinux_of(bz, vmlinux) or bz)
    moddir = os.path.join(top, "lib", "modules", rel)
    initrd = os.path.join(work, "initramfs.cpio")
    mods = resolve_modules(moddir, ["virtio_pci", "9pnet_virtio", "9p", "overlay"], ["dummy", "ipv6"])
    build_initramfs(initrd, mods)
    return {"kernel": "debian " + rel, "image": kernel, "initrd": initrd, "cpus": 2}


def qemu_argv(g, share, mem_mb, cmdline):
    accel = os.environ.get("PAIRBOX_GUEST_ACCEL", "tcg")
    if accel == "kvm":
        acc = ["-accel", "kvm", "-cpu", "host"]
    else:
        acc = ["-accel", "tcg,thread=multi", "-cpu", "max"]
    return [QEMU] + acc + [
        "-smp", str(g["cpus"]), "-m", "%dM" % mem_mb, "-nodefaults", "-no-user-config",
        "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
        "-kernel", g["image"], "-initrd", g["initrd"],
        "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot",
        "-virtfs", "local,path=%s,mount_tag=pairboxshare,security_model=none,id=share" % share,
        "-append", " ".join(["console=ttyS0"] + cmdline)]


BACKENDS = {"uml": (uml_prepare, uml_argv), "qemu": (qemu_prepare, qemu_argv)}


# ---------------------------------------------------------------- a run

def memory_dir():
    """Where User-mode Linux keeps the file behind the guest's memory: /dev/shm
    (tmpfs) unless it is missing or noexec (UML maps that file executable)."""
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                dev, mnt, fstype, opts = line.split()[:4]
                if mnt == "/dev/shm":
                    return "/tmp" if "noexec" in opts.split(",") else mnt
    except OSError:
        pass
    return "/tmp"


def write_job(share, argv, env, cwd):
    lines = ["cd %s || exit 126" % shlex.quote(cwd)]
    lines += ["export %s=%s" % (k, shlex.quote(v)) for k, v in env]
    lines.append("exec " + " ".join(shlex.quote(a) for a in argv))
    with open(os.path.join(share, "job"), "w") as f:
        f.write("\n".join(lines) + "\n")


def boot(backend, argv, env, timeout, mem_mb, upper):
    prepare, make_argv = BACKENDS[backend]
    if os.geteuid() != 0:
        raise Skip("the guest's overlay on the host's / needs root")
    work = tempfile.mkdtemp(prefix="pairbox-guest-")
    try:
        g = prepare(work)
        share = os.path.join(work, "share")
        os.mkdir(share)
        write_job(share, argv, env, os.getcwd())
        cmdline = ["cgroup_no_v1=all", "quiet", "loglevel=2", "panic=-1", "pairbox.backend=" + backend,
                   "pairbox.share=" + share, "pairbox.upper=" + upper]
        cmd = make_argv(g, share, mem_mb, cmdline)
        print("guest: %s, %s, %d CPU, %d MiB; %s" % (backend, g["kernel"], g["cpus"], mem_mb,
                                                   " ".join(shlex.quote(a) for a in argv)), flush=True)
        envp = dict(os.environ, TMPDIR=memory_dir())
        t0 = time.monotonic()
        started = False
        tail = b""
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             env=envp, start_new_session=True)
        try:
            lines = Lines(p.stdout.fileno())
            deadline = t0 + timeout
            while True:
                line = lines.next(deadline)
                if line is None:
                    print("guest: no end after %d s: stopping it" % timeout, flush=True)
                    break
                if not line:
                    break
                tail = (tail + line)[-4000:]
                started = started or MARK_INIT in line
                if started:     # the kernel's own boot chatter only if it goes wrong
                    sys.stdout.buffer.write(line.replace(b"\r\n", b"\n"))
                    sys.stdout.flush()
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        elapsed = time.monotonic() - t0
        status_file = os.path.join(share, "status")
        if os.path.exists(status_file):
            with open(status_file) as f:
                rc = int(f.read().strip() or BROKEN)
            print("guest: the command exited %d; %.1f s in the guest, boot and power-off included" % (rc, elapsed))
            return rc
        if not started:
            raise Skip("the %s guest did not start (exit %s): %s" % (
                backend, p.returncode, tail.decode(errors="replace").strip()[-1500:]))
        print(tail.decode(errors="replace"))
        raise Broken("the guest started but reported no exit status (%.1f s)" % elapsed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


class Lines:
    """Lines of a pipe, each as soon as it is complete, with a deadline."""

    def __init__(self, fd):
        self.fd, self.buf, self.eof = fd, b"", False

    def next(self, deadline):
        """A line (with its newline), b"" at the end, None past the deadline."""
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0 or (self.eof and self.buf):
                cut = nl + 1 if nl >= 0 else len(self.buf)
                line, self.buf = self.buf[:cut], self.buf[cut:]
                return line
            if self.eof:
                return b""
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], min(left, 5))
            if r:
                chunk = os.read(self.fd, 65536)
                self.buf += chunk
                self.eof = not chunk


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", default=os.environ.get("PAIRBOX_GUEST_BACKEND", "uml"), choices=sorted(BACKENDS))
    ap.add_argument("--timeout", type=float, default=1200, help="seconds before the guest is stopped")
    ap.add_argument("--mem", type=int, default=2048, help="guest memory, MiB")
    ap.add_argument("--upper", default="1g", help="size of the tmpfs that takes the guest's writes")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the command")
    ap.add_argument("--skip-note", help="write why the guest was skipped to this file (removed otherwise)")
    ap.add_argument("--check", action="store_true", help="boot, run true, report whether the backend works")
    ap.add_argument("command", nargs="*")
    args = ap.parse_args()
    argv = ["true"] if args.check else args.command
    if not argv:
        ap.error("a command is required (after --)")
    env = []
    for e in args.env:
        k, sep, v = e.partition("=")
        if not sep or not k:
            ap.error("--env NAME=VALUE expected, got %r" % e)
        env.append((k, v))
    if args.skip_note and os.path.exists(args.skip_note):
        os.unlink(args.skip_note)
    try:
        rc = boot(args.backend, argv, env, args.timeout, args.mem, args.upper)
    except Skip as e:
        why = "guest (%s) skipped: %s" % (args.backend, e)
        print("SKIP: " + why, flush=True)
        if args.skip_note:
            with open(args.skip_note, "w") as f:
                f.write(why + "\n")
        return SKIP
    except Broken as e:
        print("FAIL: guest (%s): %s" % (args.backend, e), flush=True)
        return BROKEN
    return rc


if __name__ == "__main__":
    sys.exit(main())
