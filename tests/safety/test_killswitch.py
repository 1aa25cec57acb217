"""The kill switch ends a run and every process of its desktop within 2 s."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deskpilot.desktop import processes
from deskpilot.safety import killswitch
from tests.conditions import scaled

RUN = """
import sys, time
from deskpilot.desktop import Desktop
from deskpilot.safety.killswitch import register_run
desktop = Desktop(size=(640, 480)).start()
desktop.launch(["xmessage", "hello"])
desktop.run("sleep 300 > /dev/null 2>&1 &")
register_run(sys.argv[1])
print(desktop.id, desktop.pgid, desktop.number, flush=True)
time.sleep(120)
"""


@pytest.fixture
def state(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    return tmp_path


def test_register_and_stop_request_files(state):
    path = killswitch.register_run("run-a")
    assert path == state / "deskpilot" / "runs" / "run-a.pid"
    assert path.read_text() == str(os.getpid())
    assert killswitch.stop_requested("run-a") is False
    assert killswitch.registered_runs() == {"run-a": os.getpid()}
    killswitch.unregister_run("run-a")
    assert killswitch.registered_runs() == {}
    with pytest.raises(ValueError):
        killswitch.register_run("../etc/passwd")


def test_stale_runs_are_pruned(state):
    dead = subprocess.Popen(["true"])
    dead.wait()
    killswitch.register_run("gone", pid=dead.pid)
    assert killswitch.registered_runs() == {}
    assert not (state / "deskpilot" / "runs" / "gone.pid").exists()


def test_stop_ends_the_run_and_all_desktop_processes_within_2s(state):
    child = subprocess.Popen(
        [sys.executable, "-c", RUN, "run-k"], stdout=subprocess.PIPE, text=True, env={**os.environ}
    )
    try:
        desktop_id, pgid, number = child.stdout.readline().split()
        pids = processes.tagged_pids(desktop_id)
        assert len(pids) >= 4  # Xvfb, dbus, openbox, xmessage, sleep
        assert killswitch.registered_runs() == {"run-k": child.pid}

        start = time.monotonic()
        assert killswitch.request_stop("run-k") is True
        elapsed = time.monotonic() - start
        assert elapsed < scaled(2.0), elapsed  # 2 s on an idle machine
        child.wait(timeout=scaled(1.0))
        assert [p for p in [*pids, int(pgid)] if processes.pid_alive(p)] == []
        assert processes.tagged_pids(desktop_id) == []
        assert not Path(f"/tmp/.X{number}-lock").exists()
        assert killswitch.stop_requested("run-k") is True
    finally:
        child.kill()
        child.wait()
