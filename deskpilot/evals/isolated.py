"""One job in its own child process (`python -m deskpilot.evals.episode`), with a time limit: what the local
runner and the Ray runner both run per task."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from deskpilot.evals.episode import new_record
from deskpilot.evals.tasks import Task

LOG_TAIL = 2000


def failed_record(job: dict, status: str, error: str) -> dict:
    record = new_record(Task.from_job(job["task"]))
    record.update(status=status, error=error)
    return record


def _log_tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-LOG_TAIL:]
    except OSError:
        return ""


def kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run_isolated(job: dict, running: set[subprocess.Popen] | None = None) -> dict:
    """Run one job in a child process (its own session) and return its record; never raises for the task.
    Past the job's timeout the child's session is killed; the desktop's reaper removes the desktop.
    running: where the child is kept while it runs, for a caller that may stop it early."""
    running = set() if running is None else running
    result, log = Path(job["result"]), Path(job["log"])
    log.parent.mkdir(parents=True, exist_ok=True)
    result.unlink(missing_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "deskpilot.evals.episode"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        running.add(proc)
        proc.stdin.write(json.dumps(job).encode())
        proc.stdin.close()
        try:
            code = proc.wait(timeout=job["timeout_s"])
        except subprocess.TimeoutExpired:
            kill(proc)
            return failed_record(
                job, "timeout", f"killed after the task time limit of {job['timeout_s']:g} s"
            )
        finally:
            running.discard(proc)
    if result.exists():
        record = json.loads(result.read_text())
        result.unlink()
        return record
    return failed_record(job, "crashed", f"worker exited with code {code}: {_log_tail(log)}")
