"""`deskpilot desktop up/act/shot/list/down`, run as separate processes like a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from desktop_helpers import wait_until
from PIL import Image

from deskpilot.desktop.desktop import state_dir
from deskpilot.desktop.processes import pid_alive, tagged_pids
from deskpilot.desktop.sandbox import available

DESKPILOT = Path(sys.executable).with_name("deskpilot")


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    assert DESKPILOT.exists(), "the console script is missing: run `.venv/bin/pip install -e . --no-deps`"
    return subprocess.run([str(DESKPILOT), *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def desktop():
    """A desktop started by `desktop up --json`; it must outlive that command."""
    done = cli("desktop", "up", "--size", "1024x768", "--app", "calculator", "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    yield info
    cli("desktop", "down", info["id"])


def test_up_returns_while_the_desktop_keeps_running(desktop):
    assert pid_alive(desktop["pid"])
    assert desktop["size"] == [1024, 768]
    assert desktop["display"].startswith(":")
    assert Path(f"/tmp/.X11-unix/X{desktop['display'][1:]}").exists()
    assert len(tagged_pids(desktop["id"])) >= 4  # Xvfb, openbox, dbus, galculator
    # contained by default, as `deskpilot run` is
    expected = "none" if os.geteuid() != 0 else "pod" if available() is None else "user"
    assert desktop["containment"] == expected


def test_list_shows_the_desktop(desktop):
    listed = json.loads(cli("desktop", "list", "--json").stdout)
    assert [d["id"] for d in listed] == [desktop["id"]]
    assert listed[0]["display"] == desktop["display"]
    table = cli("desktop", "list").stdout
    assert desktop["id"] in table and "1024x768" in table


def test_act_prints_the_result_without_the_image_and_saves_it(desktop, tmp_path):
    shot = tmp_path / "after.png"
    done = cli(
        "desktop",
        "act",
        desktop["id"],
        '{"action": "mouse_move", "coordinate": [100, 200]}',
        "--shot",
        str(shot),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {
        "output": None,
        "error": None,
        "image": {"media_type": "image/png", "width": 1024, "height": 768, "file": str(shot)},
    }
    assert Image.open(shot).size == (1024, 768)
    done = cli("desktop", "act", desktop["id"], '{"action": "cursor_position"}')
    assert json.loads(done.stdout) == {"output": "X=100,Y=200", "error": None}


def test_act_with_another_version_and_zoom(desktop):
    action = '{"action": "zoom", "region": [0, 0, 512, 384]}'
    done = cli("desktop", "act", desktop["id"], action, "--version", "computer_20251124", "--enable-zoom")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["image"]["width"] == 512
    done = cli("desktop", "act", desktop["id"], action, "--version", "computer_20250124")
    assert done.returncode == 1
    assert "Unknown action 'zoom' for computer_20250124" in json.loads(done.stdout)["error"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["act", "{id}", "{not json"], "the action is not valid JSON"),
        (["act", "{id}", '{"action": "fly"}'], "Unknown action 'fly'"),
        (["act", "{id}", '{"action": "key", "text": "Bogus"}'], "Unknown key name 'Bogus'"),
        (["act", "{id}", "{}", "--version", "computer_1999"], "unknown computer tool version"),
        (["act", "nosuchid", "{}"], "no running desktop 'nosuchid'"),
        (["shot", "nosuchid", "x.png"], "no running desktop 'nosuchid'"),
        (["shot", "{id}", "/nonexistent-dir/x.png"], "cannot save /nonexistent-dir/x.png"),
        (["down", "nosuchid"], "no running desktop 'nosuchid'"),
        (["up", "--app", "nope"], "unknown app 'nope'"),
        (["up", "--size", "1024"], "size must look like 1280x800"),
        (["up", "--size", "10x10"], "out of range"),
    ],
)
def test_errors_are_clear_and_exit_non_zero(desktop, args, message):
    done = cli("desktop", *[arg.replace("{id}", desktop["id"]) for arg in args])
    assert done.returncode == 1
    assert message in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_shot_saves_a_full_resolution_screenshot(desktop, tmp_path):
    path = tmp_path / "shot.png"
    done = cli("desktop", "shot", desktop["id"], str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"saved 1024x768 screenshot to {path}"
    image = Image.open(path)
    assert image.size == (1024, 768)
    assert image.convert("RGB").getbbox() is not None  # the calculator is on it


def test_up_prints_how_to_watch_and_down_stops_everything():
    done = cli("desktop", "up", "--size", "800x600")
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    desktop_id = first.split()[1]
    display = first.split("display ")[1].split()[0]
    assert f"x11vnc -display {display} -auth " in done.stdout
    assert f"deskpilot desktop shot {desktop_id} shot.png" in done.stdout
    assert (state_dir() / f"{desktop_id}.json").exists()
    assert tagged_pids(desktop_id)
    owner = json.loads((state_dir() / f"{desktop_id}.json").read_text())["owner_pid"]

    done = cli("desktop", "down", desktop_id)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"stopped {desktop_id}"
    wait_until(lambda: not pid_alive(owner), 10, "the supervisor to exit")
    assert tagged_pids(desktop_id) == []
    assert not Path(f"/tmp/.X11-unix/X{display[1:]}").exists()
    assert desktop_id not in cli("desktop", "list").stdout
