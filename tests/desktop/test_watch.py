"""The desktop's watcher on a real Xvfb desktop with a real X app (watch_app.py): window changes reach the
model's next tool result and the trajectory, and event-driven settling waits for slow apps."""

from __future__ import annotations

import io
import json
import sqlite3
import time
from functools import partial

import pytest
from PIL import Image
from watch_helpers import Flashing, WatchApp

from deskpilot.agent import Agent, RunConfig
from deskpilot.core.actions import parse_computer_action
from deskpilot.desktop import Desktop
from deskpilot.tools import ComputerTool
from deskpilot.tools.computer import may_react_late

GREEN = (0, 192, 0)  # the slow app's colour once it has finished drawing


@pytest.fixture
def desktop():
    with Desktop(size=(1280, 800)) as desk:
        assert desk.watcher is not None, "the watcher did not start (no DAMAGE extension?)"
        yield desk


@pytest.fixture
def app(desktop):
    app = WatchApp(desktop)
    yield app
    app.close()


def test_every_flashed_notification_reaches_the_next_tool_result_and_the_trajectory(desktop, app, tmp_path):
    trials = 100
    provider = Flashing(app, trials)
    agent = Agent(
        provider, desktop, RunConfig(max_steps=trials + 5, bash=False, editor=False), out_dir=tmp_path
    )
    result = agent.run("watch the notifications")
    assert result.steps == trials + 1, result
    told = 0
    for number, results in enumerate(provider.results, start=1):
        ((call, tool_result),) = results
        title = f"Download {number} complete"
        records = [c for c in tool_result.changes if c["title"] == title]
        assert records, f"trial {number}: {tool_result.output!r}"
        assert f"'{title}'" in tool_result.output
        record = records[0]
        # shown 0.3 s by the app; a window manager under load maps a managed one a little later
        assert record["kind"] == "opened" and 0.1 <= record["shown_s"] <= 1.5, record
        assert record["box"][2:] == [240, 60]
        told += 1
    assert told == trials
    db = sqlite3.connect(tmp_path / result.run_id / "trajectory.db")
    rows = db.execute("SELECT data FROM events WHERE kind = 'desktop_changes'").fetchall()
    recorded = {c["title"] for (data,) in rows for c in json.loads(data)["changes"]}
    assert {f"Download {n} complete" for n in range(1, trials + 1)} <= recorded


def test_windows_opening_closing_and_asking_for_attention_are_told(desktop, app):
    tool = ComputerTool(desktop)
    app.send("flash", "Error saving file", 200, 400, 300, "dialog")
    assert app.line() == "flashed"
    result = tool({"action": "screenshot"})
    assert "dialog 'Error saving file' appeared at" in result.output, result.output
    assert "and closed again" in result.output
    app.send("attention")
    assert app.line() == "urgent"
    result = tool({"action": "screenshot"})
    assert "window 'Watch test' asks for attention" in result.output, result.output
    desktop.launch(["xterm", "-title", "Second window"])
    result = tool({"action": "screenshot"})
    assert "window 'Second window' opened at" in result.output, result.output
    assert "focus moved to window 'Second window'" in result.output
    quiet = tool({"action": "screenshot"})
    assert quiet.output is None and quiet.changes == ()


def test_the_description_uses_the_models_image_coordinates(app):
    desktop_size = (1920, 1080)
    with Desktop(size=desktop_size) as big:
        big_app = WatchApp(big)
        try:
            tool = ComputerTool(big)  # the API scaling shrinks 1920x1080 screens
            assert not tool.scaling.is_identity
            big_app.flash("Scaled", 300, 1600, 900)
            result = tool({"action": "screenshot"})
            (record,) = [c for c in result.changes if c["title"] == "Scaled"]
            assert record["box"][:2] == list(tool.scaling.to_image(1600, 900))
            assert f"appeared at ({record['box'][0]}, {record['box'][1]})" in result.output
        finally:
            big_app.close()


@pytest.mark.parametrize("block", [False, True], ids=["animates-800ms", "blocks-then-animates"])
def test_settling_waits_until_a_slow_app_has_finished_drawing(desktop, app, block):
    """The app redraws for 800 ms after a click (every 25 ms), or first blocks 400 ms without reading
    events; the screenshot after the action must show its final frame, every time."""
    tool = ComputerTool(desktop)
    assert tool.scaling.is_identity
    x, y = app.centre
    for _ in range(5):
        if block:
            desktop.activate(app.window)
            action = {"action": "key", "text": "b"}
        else:
            action = {"action": "left_click", "coordinate": [x, y]}
        start = time.monotonic()
        result = tool(action)
        waited = time.monotonic() - start
        pixel = Image.open(io.BytesIO(result.image)).convert("RGB").getpixel((x, y))
        drawn_at = [round(t - start, 3) for t in desktop.watcher._damage_times if t >= start]
        assert pixel == GREEN, (pixel, waited, drawn_at)
        assert waited >= 0.8
        assert app.line() == "drawn"


def test_actions_that_typically_make_apps_react_late_keep_the_longer_quiet_window():
    late = [
        {"action": "key", "text": "Return"},
        {"action": "key", "text": "ctrl+o"},
        {"action": "key", "text": "Down alt+F4"},
        {"action": "key", "text": "F5"},
        {"action": "key", "text": "Escape"},
        {"action": "double_click", "coordinate": [10, 10]},
        {"action": "left_click", "coordinate": [10, 10], "text": "shift"},
    ]
    quick = [
        {"action": "key", "text": "Right"},
        {"action": "key", "text": "shift+Tab"},
        {"action": "left_click", "coordinate": [10, 10]},
        {"action": "right_click", "coordinate": [10, 10]},
        {"action": "scroll", "coordinate": [10, 10], "scroll_direction": "down", "scroll_amount": 2},
    ]
    parse = partial(parse_computer_action, version="computer_20250124", image_size=(1280, 800))
    assert all(may_react_late(parse(action)) for action in late)
    assert not any(may_react_late(parse(action)) for action in quick)


def test_the_same_change_seen_again_and_again_is_one_line_with_a_count():
    from deskpilot.desktop.watcher import describe

    popup = {
        "kind": "opened",
        "title": "Mousepad",
        "role": "menu",
        "box": [158, 64, 1021, 48],
        "shown_s": 0.0,
    }
    focus = {"kind": "focus", "title": "Save As", "role": "dialog", "box": [93, 20, 1096, 775]}
    text = describe([focus, popup, popup, popup, popup, focus])
    lines = text.splitlines()[1:]
    assert lines == [
        "- the keyboard focus moved to dialog 'Save As'",
        "- menu 'Mousepad' appeared at (158, 64), 1021x48, for 0.0 s and closed again (4 times)",
        "- the keyboard focus moved to dialog 'Save As'",
    ]
    assert describe([popup]).endswith("and closed again")
