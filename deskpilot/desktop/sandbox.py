"""Process isolation for desktop apps and bash: an unprivileged user, a scrubbed environment, and a
bubblewrap pod that contains everything the model can cause to run.

The pod (`Pod`, Debian's `bubblewrap`) has its own PID, IPC, network and mount namespaces (the hostname is
shared). Inside it the system (/usr, /etc) is read-only, /tmp, /var/tmp and /dev/shm are empty sized tmpfs,
/run an empty tmpfs, and the only writable host paths are the desktop's runtime folder and HOME, bound at the same paths as outside.
The network has only the pod's own loopback; an allowlist is reached through a logging proxy
(`egress.py`). The X server stays outside; only its socket file is bound in (its abstract socket lives in
the host's network namespace, out of reach). Every process runs as the sandbox user with no capabilities
and no_new_privs, and the pod sits in its own cgroup with limits on processes, memory and CPU. Later
processes (apps, the model's shell, commands) join the pod with `nsenter` and join its cgroup. The window
manager runs outside it (see Desktop._openbox_config).
Facts used: bwrap(1) of bubblewrap 0.8 (`--info-fd` prints {"child-pid": N}, the pod's PID 1;
`--cap-add` keeps a capability when bwrap runs as root, none by default; `--size`, `--perms`),
nsenter(1) and setpriv(1) of util-linux 2.38 (`-W` sets the working directory inside the namespace,
`--pdeathsig`), and the kernel's cgroup v1/v2 files (pids.max, memory.max or memory.limit_in_bytes,
cpu.max or cpu.cfs_quota_us).

As root, `ensure_user()` creates the `deskpilot` system user (no home, no login shell, no groups). A
`Sandbox` then gives a `preexec_fn` for subprocess (`sandbox.preexec`) and an argv wrapper
(`sandbox.wrap(argv)`, via setpriv/unshare) that drop to that user with no supplementary groups,
no capabilities and no_new_privs set (so setuid binaries such as sudo or su cannot raise privileges).
Without root, the same calls keep the current user, still set no_new_privs, and isolate the network
with an unprivileged user namespace where the kernel allows it.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import pwd
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from deskpilot.desktop.processes import HOME_FS, load_scaled

SANDBOX_USER = "deskpilot"
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS = 38
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1
# Environment variable names that carry secrets (matched anywhere in the name).
_SECRET_NAME = re.compile(
    r"API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|ACCESS_KEY|PRIVATE_KEY|AUTH|COOKIE|SESSION_ID", re.I
)
_SECRET_PREFIXES = ("ANTHROPIC_", "OPENAI_", "AWS_", "AZURE_", "GOOGLE_APPLICATION", "GCP_", "HF_", "HUGGING")


def scrub_env(env: Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """A copy of `env` without variables that hold secrets: by name (*_API_KEY, *TOKEN*, AWS_* ...) and
    by value (any value containing one of `secrets`)."""
    values = [s for s in secrets if len(s) >= 6]
    return {
        k: v
        for k, v in env.items()
        if not (
            _SECRET_NAME.search(k) or k.upper().startswith(_SECRET_PREFIXES) or any(s in v for s in values)
        )
    }


def ensure_user(name: str = SANDBOX_USER) -> pwd.struct_passwd | None:
    """The sandbox user, created as a system user if missing and we are root; None if unavailable."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    if os.geteuid() != 0:
        return None
    subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
         "--shell", "/usr/sbin/nologin", name],
        check=True, capture_output=True,
    )  # fmt: skip
    return pwd.getpwnam(name)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _loopback_up() -> None:
    """Bring `lo` up inside a fresh network namespace (it starts down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s.fileno(), _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(s.fileno(), _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | _IFF_UP))


@dataclass(frozen=True)
class Sandbox:
    """Who and how to run: `uid`/`gid` None keeps the current user; `network=False` isolates the network."""

    uid: int | None = None
    gid: int | None = None
    network: bool = True

    @classmethod
    def create(cls, network: bool = True, user: str = SANDBOX_USER) -> Sandbox:
        """The unprivileged sandbox user when we are root (created if needed), else the current user."""
        entry = ensure_user(user) if os.geteuid() == 0 else None
        return cls(entry.pw_uid if entry else None, entry.pw_gid if entry else None, network)

    @property
    def user(self) -> str:
        return pwd.getpwuid(self.uid if self.uid is not None else os.geteuid()).pw_name

    def preexec(self) -> None:
        """preexec_fn: isolate the network, drop groups, gid and uid, then forbid privilege gain."""
        libc = _libc()
        if not self.network:
            flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWNET | CLONE_NEWUSER
            if libc.unshare(flags) != 0:
                raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET) failed")
            _loopback_up()
        if self.uid is not None:
            os.setgroups([])
            os.setgid(self.gid)
            os.setuid(self.uid)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")

    def chain(self, other: Callable[[], None] | None) -> Callable[[], None]:
        """A preexec_fn running `other` (e.g. the desktop's parent-death signal) and then this sandbox."""

        def run() -> None:
            if other is not None:
                other()
            self.preexec()

        return run

    def wrap(self, argv: list[str]) -> list[str]:
        """The same isolation as an argv prefix (for launchers that cannot take a preexec_fn). With
        network=False the namespace's loopback stays down."""
        prefix: list[str] = []
        if not self.network:
            prefix += (
                ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--net", "--map-current-user"]
            )
            prefix += ["--"]
        privs = ["setpriv", "--no-new-privs"]
        if self.uid is not None:
            privs += ["--reuid", str(self.uid), "--regid", str(self.gid), "--clear-groups", "--inh-caps=-all"]
        return [*prefix, *privs, "--", *argv]

    def hand_over(self, *paths: str | os.PathLike) -> None:
        """Give the sandbox user the desktop's HOME, runtime folder and Xauthority (recursively)."""
        if self.uid is None:
            return
        for path in paths:
            os.lchown(path, self.uid, self.gid)
            for root, dirs, files in os.walk(path):
                for name in (os.path.join(root, n) for n in dirs + files):
                    os.lchown(name, self.uid, self.gid)


CGROUP_ROOT = Path("/sys/fs/cgroup")
# /etc files the pod sees instead of the host's: the hostname resolves locally, and DNS asks only the pod's
# loopback (nothing listens there: lookups fail at once instead of timing out on an unreachable server).
# The hostname stays the host's (no UTS namespace), so it is listed here too.
POD_FILES = {
    "/etc/hosts": f"127.0.0.1 localhost {socket.gethostname()}\n::1 localhost\n",
    "/etc/resolv.conf": "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
}
# The pod's PID 1: it only reaps orphans. As PID 1 of its namespace it ignores every signal sent from inside
# (kill -9 -1 included), so the pod outlives whatever the model kills; `Pod.close` kills it from outside.
POD_INIT = """
import os, signal
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
while True:
    signal.sigwait({signal.SIGCHLD})
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass
"""
# Read-only host folders the apps need besides /usr and /etc (fonts caches, the machine id).
READ_ONLY_EXTRA = ("/var/lib/dbus", "/var/cache/fontconfig", "/opt")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one pod. home_mb caps HOME (a sized tmpfs; a given HOME is copied into one, see
    `mount_sized_home`); tmp_mb caps /tmp, /var/tmp and /dev/shm each; file_mb caps any one file the pod
    writes (RLIMIT_FSIZE)."""

    processes: int = 512
    memory_mb: int = 4096
    cpus: float = 1.0
    home_mb: int = 1024
    tmp_mb: int = 256
    file_mb: int = 2048


class SandboxUnavailable(RuntimeError):
    pass


def available() -> str | None:
    """Why a pod cannot be made here, or None when it can (bwrap, nsenter and root are needed)."""
    if os.geteuid() != 0:
        return "containment needs root (bwrap drops to the sandbox user after setting up namespaces)"
    for tool in ("bwrap", "nsenter", "setpriv"):
        if shutil.which(tool) is None:
            return f"`{tool}` is missing (apt-get install bubblewrap util-linux)"
    return None


class Cgroup:
    """One cgroup per pod in each controller: cgroup v2 when its controllers are on, else v1 hierarchies.
    A v1 memory group nests under our own, so it stays inside whatever limit we already run under."""

    def __init__(self, name: str, limits: Limits):
        self.dirs: list[Path] = []
        self.kind = "none"
        v2 = CGROUP_ROOT / "cgroup.controllers"
        if v2.exists() and {"pids", "memory", "cpu"} <= set(v2.read_text().split()):
            self._make(CGROUP_ROOT / _own_group("") / name, _v2_files(limits))
            self.kind = "v2"
        else:
            for controller, files in _v1_files(limits).items():
                base = CGROUP_ROOT / controller
                if (base / "cgroup.procs").exists():
                    self._make(base / _own_group(controller) / name, files)
            self.kind = "v1" if self.dirs else "none"

    def _make(self, path: Path, files: dict[str, str]) -> None:
        try:
            path.mkdir(exist_ok=True)
            for file, value in files.items():
                (path / file).write_text(value)
        except OSError:
            return
        self.dirs.append(path)

    @property
    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def join(self, pid: int | None = None) -> None:
        for file in self.procs_files:
            with open(file, "w") as f:
                f.write(str(pid or os.getpid()))

    def remove(self, timeout: float = 5.0) -> None:
        """Remove the groups once their last process is gone (a killed process leaves them shortly after)."""
        deadline = time.monotonic() + timeout
        for path in self.dirs:
            while path.exists():
                try:
                    path.rmdir()
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.02)


def _own_group(controller: str) -> str:
    """Our own cgroup path in a v1 controller ("" for v2), relative to its mount."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if (controller and controller in names.split(",")) or (not controller and names == ""):
            return path.lstrip("/")
    return ""


def _v2_files(limits: Limits) -> dict[str, str]:
    period = 100_000
    return {
        "pids.max": str(limits.processes),
        "memory.max": str(limits.memory_mb << 20),
        "memory.swap.max": "0",
        "cpu.max": f"{int(limits.cpus * period)} {period}",
    }


def _v1_files(limits: Limits) -> dict[str, dict[str, str]]:
    period = 100_000
    return {
        "pids": {"pids.max": str(limits.processes)},
        "memory": {"memory.limit_in_bytes": str(limits.memory_mb << 20)},
        "cpu": {"cpu.cfs_period_us": str(period), "cpu.cfs_quota_us": str(int(limits.cpus * period))},
    }


class Pod:
    """A running bubblewrap sandbox. `wrap(argv, cwd)` gives the argv that runs a command inside it."""

    def __init__(
        self,
        name: str,
        uid: int,
        gid: int,
        binds: list[str],
        x_socket: str | None,
        limits: Limits,
        env: dict[str, str],
        process_group: int = 0,
    ):
        self.name, self.uid, self.gid, self.limits = name, uid, gid, limits
        self.cgroup = Cgroup(f"deskpilot-{name}", limits)
        argv = ["bwrap", *self._mounts(binds, x_socket)]
        argv += ["--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-cgroup-try"]
        argv += ["--new-session", "--cap-add", "CAP_SETUID", "--cap-add",
                 "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]  # fmt: skip
        if threading.current_thread() is threading.main_thread():
            argv.append("--die-with-parent")
        data_fds = []
        for path, text in POD_FILES.items():  # the pod's own name and resolver: no lookup leaves it or waits
            data_read, data_write = os.pipe()
            os.write(data_write, text.encode())
            os.close(data_write)
            data_fds.append(data_read)
            argv += ["--perms", "0644", "--ro-bind-data", str(data_read), path]
        read_fd, write_fd = os.pipe()
        argv += [
            "--as-pid-1",
            "--info-fd",
            str(write_fd),
            "--",
            *self._drop(),
            "/usr/bin/python3",
            "-S",
            "-c",
            POD_INIT,
        ]
        self.proc = subprocess.Popen(
            argv,
            pass_fds=(write_fd, *data_fds),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            process_group=process_group,
            preexec_fn=self.cgroup.join,
        )
        os.close(write_fd)
        for fd in data_fds:
            os.close(fd)
        with os.fdopen(read_fd) as info:
            text = info.read()  # bwrap closes the fd once the pod runs (or it failed)
        try:
            self.init_pid = json.loads(text)["child-pid"]
        except (ValueError, KeyError):
            error = self.proc.stderr.read().decode(errors="replace").strip()
            self.proc.wait()
            self.cgroup.remove()
            raise SandboxUnavailable(f"bubblewrap could not start the sandbox: {error or text}") from None
        self._wait_running()

    def _wait_running(self) -> None:
        """bwrap reports the pod's pid before the pod has built its root; a process entering it then finds
        a half-made mount namespace (nsenter: "cannot open current working directory"), which happened
        under load. The pod is ready once its init program has been exec'd."""
        deadline = time.monotonic() + load_scaled(10.0)
        while time.monotonic() < deadline:
            try:
                argv0 = Path(f"/proc/{self.init_pid}/cmdline").read_bytes().split(b"\0", 1)[0]
            except OSError:
                argv0 = b""
            if argv0 == b"/usr/bin/python3":
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.002)
        error = (
            self.proc.stderr.read().decode(errors="replace").strip() if self.proc.poll() is not None else ""
        )
        self.close()
        raise SandboxUnavailable(f"the sandbox did not start: {error or 'its init did not run'}")

    def _mounts(self, binds: list[str], x_socket: str | None) -> list[str]:
        argv = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
        for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(top):
                argv += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                argv += ["--ro-bind", top, top]
        for path in READ_ONLY_EXTRA:
            argv += ["--ro-bind-try", path, path]
        argv += ["--dev", "/dev", "--proc", "/proc", "--perms", "0755", "--tmpfs", "/run"]
        for tmp in ("/tmp", "/var/tmp", "/dev/shm"):
            argv += ["--perms", "1777", "--size", str(self.limits.tmp_mb << 20), "--tmpfs", tmp]
        if x_socket:
            argv += ["--perms", "0755", "--dir", os.path.dirname(x_socket), "--ro-bind", x_socket, x_socket]
        made = {"/", "/tmp", "/var", "/var/tmp", "/run", "/dev", "/dev/shm"}
        for path in binds:
            # folders above a bound path are made traversable (bwrap would create them 0700, root's)
            for parent in reversed(Path(path).parents):
                if str(parent) not in made:
                    made.add(str(parent))
                    argv += ["--perms", "0755", "--dir", str(parent)]
            argv += ["--bind", path, path]
        return argv

    def _drop(self) -> list[str]:
        """Limit the size of any one file (RLIMIT_FSIZE: a given HOME has no size cap of its own), then become
        the sandbox user with no capabilities."""
        size = self.limits.file_mb << 20
        return ["prlimit", f"--fsize={size}:{size}", "--", "setpriv", "--reuid", str(self.uid), "--regid", str(self.gid), "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--pdeathsig", "KILL", "--"]  # fmt: skip

    def wrap(self, argv: list[str], cwd: str | None = None) -> list[str]:
        """The argv that runs `argv` inside the pod as the sandbox user: it first joins the pod's cgroup,
        then its namespaces (nsenter forks, so the command is inside the PID namespace too)."""
        join = 'for f in "$@"; do [ "$f" = -- ] && break; echo $$ > "$f"; shift; done; shift; exec "$@"'
        enter = ["nsenter", "-t", str(self.init_pid), "-m", "-u", "-i", "-n", "-p", "-r"]
        enter += ["-W", cwd] if cwd else ["-w"]
        return [
            "/bin/sh",
            "-c",
            join,
            "sh",
            *self.cgroup.procs_files,
            "--",
            *enter,
            "--",
            *self._drop(),
            *argv,
        ]

    def listening(self, port: int) -> bool:
        """Whether something in the pod listens on this TCP port (the pod's own /proc/net/tcp, state 0A)."""
        try:
            lines = Path(f"/proc/{self.init_pid}/net/tcp").read_text().splitlines()[1:]
        except OSError:
            return False
        return any(f":{port:04X}" == line.split()[1][-5:] and line.split()[3] == "0A" for line in lines)

    def host_pids(self) -> dict[int, int]:
        """{pid inside the pod: pid on the host} for every process in the pod (NSpid of /proc/PID/status)."""
        try:
            namespace = os.readlink(f"/proc/{self.init_pid}/ns/pid")
        except OSError:
            return {}
        found = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                if os.readlink(f"/proc/{entry.name}/ns/pid") != namespace:
                    continue
                with open(f"/proc/{entry.name}/status") as f:
                    nspid = next(line for line in f if line.startswith("NSpid:")).split()[1:]
            except (OSError, StopIteration):
                continue
            found[int(nspid[-1])] = int(entry.name)
        return found

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """End the pod: its PID 1 dies, and the kernel kills everything in the PID namespace with it."""
        try:
            os.kill(self.init_pid, 9)
        except ProcessLookupError:
            pass
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc.stderr.close()
        self.cgroup.remove()


def mount_tmpfs(path: str | os.PathLike, size_mb: int, uid: int, gid: int) -> None:
    """A size-capped tmpfs at `path` owned by the sandbox user: the sized HOME of a pod."""
    options = f"size={size_mb}m,mode=0700,uid={uid},gid={gid},nosuid,nodev"
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, HOME_FS, str(path)],
                            capture_output=True, text=True)  # fmt: skip
    if result.returncode != 0:
        raise SandboxUnavailable(f"cannot mount a sized HOME at {path}: {result.stderr.strip()}")


def mount_sized_home(home: Path, size_mb: int, uid: int, gid: int, stage: Path) -> None:
    """Give a HOME folder the user chose a disk cap: its content is copied into a sized tmpfs (made at
    `stage`), which is then mounted over it, so the folder keeps its path inside and outside the pod.
    `processes.release_sized_home` mirrors the copy back onto the folder when the desktop ends (or its
    reaper, after a crash). A folder that does not fit is refused rather than cut."""
    if shutil.which("rsync") is None:  # refused now rather than a copy that cannot be put back at the end
        raise SandboxUnavailable("a sized HOME folder needs `rsync` (apt-get install rsync)")
    used = int(subprocess.run(["du", "-sb", str(home)], capture_output=True, text=True).stdout.split()[0])
    if used > (size_mb << 20) * 0.9:
        raise SandboxUnavailable(
            f"the HOME folder {home} holds {used / 2**20:.0f} MB, too much for the sandbox's sized HOME of"
            f" {size_mb} MB: use a smaller folder, a larger --home-size, or --no-sandbox"
        )
    stage.mkdir()
    mount_tmpfs(stage, size_mb, uid, gid)
    steps = (["cp", "-a", f"{home}/.", str(stage)], ["mount", "--bind", str(stage), str(home)])
    for argv in steps:
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            raise SandboxUnavailable(f"cannot size the HOME {home}: {result.stderr.strip()}")
    subprocess.run(["umount", str(stage)], capture_output=True)  # the tmpfs lives on at HOME


class HomeSnapshots:
    """Copies of a desktop's HOME (owners, modes and times kept, via `cp -a`) and putting one back: the
    rollback of `deskpilot run --rollback`, and per-step undo. Keep `store` out of the pod's reach."""

    def __init__(self, home: str | os.PathLike, store: str | os.PathLike):
        self.home, self.store = Path(home), Path(store)
        self.taken: list[Path] = []

    def take(self) -> int:
        """Copy HOME now; returns the snapshot's number."""
        target = self.store / f"snapshot-{len(self.taken)}"
        target.mkdir(parents=True)
        subprocess.run(["cp", "-a", f"{self.home}/.", str(target)], check=True, capture_output=True)
        self.taken.append(target)
        return len(self.taken) - 1

    def restore(self, number: int = 0) -> None:
        """Make HOME exactly what it was at snapshot `number` (HOME itself stays: it may be a mount)."""
        source = self.taken[number]
        for entry in self.home.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        subprocess.run(["cp", "-a", f"{source}/.", str(self.home)], check=True, capture_output=True)

    def discard(self) -> None:
        shutil.rmtree(self.store, ignore_errors=True)
        self.taken.clear()
