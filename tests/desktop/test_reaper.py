"""The reaper exists before anything it must clean: a desktop owner SIGKILLed at any moment of its start
leaks no temp folder, no X server and no X socket."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from deskpilot.desktop import processes
from tests.conditions import wait_until

START = (
    "from deskpilot.desktop import Desktop\nDesktop(size=(320, 240)).start()\nimport time; time.sleep(60)\n"
)


def _xvfb_display(desktop_id: str) -> int | None:
    for pid in processes.tagged_pids(desktop_id):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"Xvfb"):
            return int(argv[1].decode().lstrip(":"))
    return None


def _start_owner(tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    return subprocess.Popen([sys.executable, "-c", START], env=env)


def _desktop_folder(tmp_path: Path) -> Path | None:
    return next(iter(tmp_path.glob("deskpilot-*")), None)


@pytest.mark.parametrize("moment", ["temp folder made", "X server started"])
def test_an_owner_killed_during_start_leaks_nothing(tmp_path, moment):
    owner = _start_owner(tmp_path)
    try:
        folder = wait_until(lambda: _desktop_folder(tmp_path), 30, "the desktop's temp folder")
        desktop_id = folder.name.split("-")[1]
        number = None
        if moment == "X server started":
            number = wait_until(lambda: _xvfb_display(desktop_id), 30, "the X server")
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
        wait_until(lambda: not folder.exists(), 10, "the reaper to remove the temp folder")
        wait_until(lambda: not processes.tagged_pids(desktop_id), 10, "the desktop's processes to end")
        if number is not None:
            wait_until(lambda: not Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "the X socket to go")
        assert list((tmp_path / "state").rglob("*.json")) == []
    finally:
        owner.kill()
        owner.wait()
