"""Finding and ending every process of a desktop, and the reaper that does it if the owner dies.

Every process a desktop starts carries DESKPILOT_DESKTOP=<id> in its environment and, where it does not
start its own session, sits in the desktop's process group. Teardown kills both sets, so apps that
daemonise (D-Bus services, browser helpers) are found too.
"""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

TAG = "DESKPILOT_DESKTOP"
PR_SET_PDEATHSIG = 1
HOME_FS = "deskpilot-home"  # the source name of a sandbox's sized HOME (a tmpfs) in /proc/self/mountinfo


def load_scaled(seconds: float) -> float:
    """A start-up timeout for an idle machine, stretched by the load per CPU when the machine is busy
    (starting a desktop at load 12 on 2 cores takes several times longer; it has not failed)."""
    return seconds * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def die_with_parent() -> None:
    """preexec_fn: the child gets SIGKILL when the thread that started it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def tagged_pids(desktop_id: str) -> list[int]:
    """Processes whose environment carries this desktop's tag."""
    needle = f"{TAG}={desktop_id}\0".encode()
    found = []
    me = os.getpid()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as f:
                if needle in f.read() + b"\0":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_desktop(desktop_id: str, pgid: int | None, grace: float = 1.0) -> None:
    """SIGTERM the desktop's process group and tagged processes, then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if pgid:
            try:
                os.killpg(pgid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        for pid in tagged_pids(desktop_id):
            try:
                os.kill(pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + (grace if sig == signal.SIGTERM else 2.0)
        while time.monotonic() < deadline:
            left = [p for p in tagged_pids(desktop_id) if pid_alive(p)]
            if pgid:
                left += [pgid] if pid_alive(pgid) else []
            if not left:
                return
            time.sleep(0.02)


def remove_display_files(number: int) -> None:
    """Remove an X server's lock and socket if the server that owns them is gone (stale-lock recovery).
    Xvfb started with -displayfd writes no lock file, so a socket that accepts connections also counts."""
    lock = Path(f"/tmp/.X{number}-lock")
    sock = Path(f"/tmp/.X11-unix/X{number}")
    try:
        pid = int(lock.read_text().strip())
    except (OSError, ValueError):
        pid = None
    if (pid and pid_alive(pid)) or _accepts_connections(sock):
        return
    lock.unlink(missing_ok=True)
    sock.unlink(missing_ok=True)


def _accepts_connections(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(str(path))
        except TimeoutError:  # a busy server
            return True
        except OSError:
            return False
    return True


def cleanup(
    desktop_id: str,
    pgid: int | None,
    display_number: int,
    paths: list[str],
    homes: Iterable[tuple[str, str]] = (),
) -> None:
    """Kill the desktop's processes, put given HOMEs back (`release_sized_home`), then remove the display
    files and paths: mounts under a path (a sandbox's sized HOME) are detached first, and a cgroup folder
    is removed once its processes are gone."""
    kill_desktop(desktop_id, pgid)
    for home, outside in homes:
        release_sized_home(home, outside)
    remove_display_files(display_number)
    cleanup_paths(paths)


def _mounts() -> list[tuple[str, str]]:
    """(mount point, source) of every mount, in mount order (/proc/self/mountinfo: field 5, octal escapes;
    the source is the second field after the " - " separator)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        fields, _, tail = line.partition(" - ")
        parts, after = fields.split(), tail.split()
        if len(parts) > 4:
            found.append((parts[4].encode().decode("unicode_escape"), after[1] if len(after) > 1 else ""))
    return found


def mount_source(path: str) -> str | None:
    """The source of the file system mounted at exactly `path` (the top one), or None if none is."""
    sources = [source for point, source in _mounts() if point == path]
    return sources[-1] if sources else None


def release_sized_home(home: str, outside: str) -> None:
    """Put a given HOME back in place after a run in a pod: its sized copy (our tmpfs, mounted over it) is
    reached at `outside` through a bind, unmounted from HOME, mirrored onto the folder beneath with rsync
    (changes, new and deleted files), then unmounted. Nothing happens unless HOME is our tmpfs, and the
    mirror runs only from our tmpfs, so the user's folder is never mirrored from anything else."""
    if mount_source(home) != HOME_FS:
        return
    os.makedirs(outside, exist_ok=True)
    subprocess.run(["mount", "--bind", home, outside], capture_output=True)
    if mount_source(outside) != HOME_FS:
        return  # HOME stays mounted: the copy is kept rather than lost
    subprocess.run(["umount", "-l", home], capture_output=True)
    if mount_source(home) != HOME_FS:
        subprocess.run(["rsync", "-a", "--delete", f"{outside}/", f"{home}/"], capture_output=True)
    subprocess.run(["umount", "-l", outside], capture_output=True)


def cleanup_paths(paths: list[str]) -> None:
    for path in paths:
        if path.startswith("/sys/fs/cgroup/"):
            _remove_cgroup(path)
            continue
        for mount in _mounts_under(path):
            subprocess.run(["umount", "-l", mount], capture_output=True)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            Path(path).unlink(missing_ok=True)


def _mounts_under(path: str) -> list[str]:
    """Mount points at or below `path`, deepest first."""
    inside = [p for p, _ in _mounts() if p == path or p.startswith(path.rstrip("/") + "/")]
    return sorted(inside, key=len, reverse=True)


def _remove_cgroup(path: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while os.path.isdir(path):
        try:
            os.rmdir(path)
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)


class Reaper:
    """A watchdog in its own session, started before the desktop creates anything. The owner tells it each
    thing it must clean *before* creating it (`announce`), so a SIGKILL at any instant leaves nothing behind:
    the reaper waits for EOF on a pipe whose write end only the owner holds, and EOF (owner exit, even
    SIGKILL) triggers cleanup of everything announced so far."""

    def __init__(self, desktop_id: str):
        read_fd, self._fd = os.pipe()
        os.set_inheritable(read_fd, True)
        try:
            self.proc = subprocess.Popen(
                # -S: run this file alone: no site packages, no deskpilot package import (small, fast)
                [sys.executable, "-S", os.path.abspath(__file__), desktop_id],
                stdin=read_fd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                env={k: v for k, v in os.environ.items() if k != TAG},
            )
        finally:
            os.close(read_fd)
        os.set_inheritable(self._fd, False)

    def announce(self, kind: str, value: str | int) -> None:
        """kind: "path" (a file or folder to remove), "pgid" (a process group to kill), "display" (an X
        display number whose stale files to remove) or "home" ("HOME\0OUTSIDE": a given HOME to put back,
        see `release_sized_home`). One short write: atomic on a pipe."""
        if self._fd is None:
            return
        line = f"{kind} {value}\n".encode()
        if kind not in ("path", "pgid", "display", "home") or len(line) > select.PIPE_BUF:
            raise ValueError(f"cannot announce {kind} {value!r}")
        os.write(self._fd, line)

    def release(self) -> None:
        """The owner cleaned up itself: closing the pipe lets the reaper run its (now idle) cleanup and exit."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def is_reaper(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return os.path.abspath(__file__).encode() in f.read()
    except OSError:
        return False


def _reaper_main(desktop_id: str) -> None:
    pgid, numbers, paths, homes = None, [], [], []
    for line in sys.stdin.buffer:  # until EOF: the owner is gone
        kind, _, value = line.decode().rstrip("\n").partition(" ")
        if kind == "home":
            home, _, outside = value.partition("\0")
            homes.append((home, outside))
        elif kind == "pgid":
            pgid = int(value)
        elif kind == "display":
            numbers.append(int(value))
        elif kind == "path":
            paths.append(value)
    kill_desktop(desktop_id, pgid)
    deadline = time.monotonic() + 30.0  # on a busy machine a killed X server can take a while to go
    while pgid and pid_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    for home, outside in homes:
        release_sized_home(home, outside)
    for number in numbers:
        remove_display_files(number)
    cleanup_paths(paths)


if __name__ == "__main__":
    _reaper_main(sys.argv[1])
