"""Kill switch: end a run and every process of its desktop within 2 s.

Convention: a run registers `$XDG_STATE_HOME/deskpilot/runs/<run_id>.pid` (default
~/.local/state/deskpilot/runs) holding its pid. `request_stop(run_id)` writes `<run_id>.stop` (the loop
polls `stop_requested` between steps and stops cleanly), then ends, without waiting for the loop, every
process of the desktops that pid owns, its own descendants, and finally the run process itself:
SIGTERM, a short grace, SIGKILL. `deskpilot stop`, Ctrl-C handlers and the web app's stop button all
call it.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from deskpilot.desktop import processes

GRACE_S = 0.5  # for desktop processes to end on SIGTERM
KILL_S = 0.3  # kept at the end of the timeout to kill a run that did not exit by itself


def runs_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    path = Path(base) / "deskpilot" / "runs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_id(run_id: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,128}", run_id) or run_id.startswith("."):
        raise ValueError(f"invalid run id {run_id!r}")
    return run_id


def register_run(run_id: str, pid: int | None = None) -> Path:
    """Record that `pid` (default: this process) runs `run_id`; clears an old stop request."""
    directory = runs_dir()
    (directory / f"{_check_id(run_id)}.stop").unlink(missing_ok=True)
    path = directory / f"{run_id}.pid"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(pid or os.getpid()))
    tmp.replace(path)
    return path


def unregister_run(run_id: str) -> None:
    for suffix in (".pid", ".stop"):
        (runs_dir() / f"{_check_id(run_id)}{suffix}").unlink(missing_ok=True)


def stop_requested(run_id: str) -> bool:
    return (runs_dir() / f"{_check_id(run_id)}.stop").exists()


def registered_runs() -> dict[str, int]:
    """run id -> pid of registered runs whose process is alive (stale files are removed)."""
    runs = {}
    for path in sorted(runs_dir().glob("*.pid")):
        try:
            pid = int(path.read_text().strip())
        except (OSError, ValueError):
            continue
        if processes.pid_alive(pid):
            runs[path.stem] = pid
        else:
            unregister_run(path.stem)
    return runs


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def request_stop(run_id: str, timeout: float = 2.0) -> bool:
    """Stop a run now. Returns True when the run process and its desktops' processes are all gone.

    First the stop file (the loop sees it within 50 ms) and the end of every desktop process, so the model
    can do nothing more; then the run process gets the rest of `timeout` to record its finish, print its
    summary and exit by itself with `deskpilot run`'s stopped code; only then is it killed."""
    from deskpilot.desktop.desktop import running_desktops, state_dir

    path = runs_dir() / f"{_check_id(run_id)}.stop"
    path.write_text(str(time.time()))
    try:
        pid = int((runs_dir() / f"{run_id}.pid").read_text().strip())
    except (OSError, ValueError):
        return False
    deadline = time.monotonic() + timeout
    desktops = [d for d in running_desktops() if d.get("owner_pid") == pid]
    groups = [d["pgid"] for d in desktops if d.get("pgid")]
    desktop_pids = sorted({p for d in desktops for p in processes.tagged_pids(d["id"])} - {os.getpid()})
    _end(desktop_pids, groups, min(deadline, time.monotonic() + GRACE_S))
    while time.monotonic() < deadline - KILL_S and processes.pid_alive(pid):  # it records and prints its end
        time.sleep(0.01)
    # Whatever is left (a run that did not exit in time, helpers it started) is killed, the reaper excepted:
    # it cleans the desktop's files once the run process is gone.
    rest = [p for p in {*_descendants(pid), pid} - {os.getpid()} if not processes.is_reaper(p)]
    _end(sorted(rest), [], time.monotonic(), first=signal.SIGKILL)
    for desktop in desktops:
        processes.remove_display_files(desktop["number"])
        (state_dir() / f"{desktop['id']}.json").unlink(missing_ok=True)
    targets = [*desktop_pids, *rest]
    gone = not any(processes.pid_alive(p) for p in targets)
    if gone:
        (runs_dir() / f"{run_id}.pid").unlink(missing_ok=True)
    return gone


def _end(pids: list[int], groups: list[int], grace_until: float, first: int = signal.SIGTERM) -> None:
    """SIGTERM, wait until `grace_until` at most, then SIGKILL and wait briefly."""
    for sig in dict.fromkeys((first, signal.SIGKILL)):
        for pgid in groups:
            _kill(lambda s, g=pgid: os.killpg(g, s), sig)
        for target in pids:
            _kill(lambda s, t=target: os.kill(t, s), sig)
        until = grace_until if sig == signal.SIGTERM else time.monotonic() + 1.0
        while time.monotonic() < until and any(processes.pid_alive(p) for p in pids):
            time.sleep(0.01)


def _kill(send, sig: int) -> None:
    try:
        send(sig)
    except (ProcessLookupError, PermissionError):
        pass
