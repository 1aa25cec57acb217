"""Typing at full speed loses no key in real apps: galculator (which drops a key pressed again within 100 ms),
xterm and Chromium. (mousepad: test_mousepad.py types Unicode and checks the saved bytes.)"""

from __future__ import annotations

import time

import pytest
from desktop_helpers import center, clipboard, find_node

from deskpilot.desktop import Desktop
from deskpilot.desktop.apps import CHROMIUM_FLAGS
from deskpilot.tools import ComputerTool
from tests.conditions import scaled, wait_until

REPEATS = "aa bb 1111 2222 !!! ~~ Hello, Mississippi 1250+875 zzz\n" * 3


@pytest.fixture(scope="module")
def desktop():
    with Desktop(size=(1024, 700)) as desk:
        yield desk


def _display_shows(desktop, value: str):
    return find_node(desktop, lambda n: n["role"] == "text" and n.get("text") == value, timeout=scaled(20))


@pytest.mark.parametrize(("keys", "shown"), [("1250+875=", "2125"), ("1111+2200=", "3311")])
def test_galculator_gets_every_repeated_key(desktop, keys, shown):
    proc = desktop.launch("calculator")
    try:
        tool = ComputerTool(desktop)
        assert tool({"action": "type", "text": keys}).error is None
        assert _display_shows(desktop, shown)
    finally:
        proc.kill()
        proc.wait(10)
        wait_until(lambda: not desktop.windows(), 10, "galculator to close")


def test_xterm_gets_every_key(desktop):
    target = desktop.home / "typed.txt"
    proc = desktop.launch("terminal")
    try:
        tool = ComputerTool(desktop)
        began = time.monotonic()
        assert tool({"action": "type", "text": f"cat > {target}\n{REPEATS}"}).error is None
        typing_s = time.monotonic() - began
        assert tool({"action": "key", "text": "ctrl+d"}).error is None
        wait_until(lambda: target.exists() and target.read_text() == REPEATS, 20, "the typed file")
        # no debounce pauses outside debouncing apps: ~200 keys well under a second each
        assert typing_s < scaled(20), typing_s
    finally:
        proc.kill()
        proc.wait(10)
        wait_until(lambda: not desktop.windows(), 10, "xterm to close")


def test_chromium_gets_every_key(desktop, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<title>typing</title><textarea autofocus aria-label='box' rows=10 cols=60></textarea>")
    argv = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"file://{page}"]
    proc = desktop.launch(argv, timeout=scaled(60))
    try:
        tool = ComputerTool(desktop)
        wait_until(lambda: "typing" in (desktop.active_window() or {}).get("title", ""), 60, "the page")
        # autofocus may land after the page shows on a loaded machine: keys typed before it are lost to
        # the test, not to the typist: the box is clicked, as a model would, and typing waits for its focus
        box = find_node(desktop, lambda n: n.get("name") == "box" and n.get("extents"), timeout=scaled(30))
        point = list(tool.scaling.to_image(*center(box["extents"])))
        assert tool({"action": "left_click", "coordinate": point}).error is None
        find_node(desktop, lambda n: n.get("name") == "box" and n.get("focused"), timeout=scaled(20))
        text = REPEATS.replace("\n", " ").strip()
        assert tool({"action": "type", "text": text}).error is None

        # what arrived is copied out of the box (a whole AT-SPI walk of a busy renderer can take longer
        # than the keys did); copied again until it holds everything or the time is up
        def arrived() -> str:
            assert tool({"action": "key", "text": "ctrl+a"}).error is None
            assert tool({"action": "key", "text": "ctrl+c"}).error is None
            return clipboard(desktop)

        try:
            wait_until(lambda: arrived() == text, scaled(30), "the typed text in the box")
        except AssertionError:
            assert arrived() == text  # shows what arrived
    finally:
        proc.kill()
        proc.wait(10)
