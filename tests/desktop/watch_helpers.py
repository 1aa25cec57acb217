"""The watch app (watch_app.py) driven from the tests, and a scripted model that makes it flash."""

from __future__ import annotations

import random
import select
import subprocess
import sys
import time
from pathlib import Path

from deskpilot.core.turns import DONE, ModelTurn, ToolCall
from deskpilot.desktop import Desktop
from deskpilot.providers.base import Provider

APP = Path(__file__).with_name("watch_app.py")


class WatchApp:
    """watch_app.py on a desktop, driven through its stdin."""

    def __init__(self, desktop: Desktop):
        self.proc = subprocess.Popen(
            [sys.executable, str(APP)],
            env=desktop.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            process_group=desktop.pgid,
        )
        assert self.line(timeout=30) == "ready"
        self.window = next(w for w in _wait_windows(desktop) if w["title"] == "Watch test")["id"]
        desktop.activate(self.window)
        changes, _ = desktop.observe()
        self.box = next(c.box for c in changes if c.title == "Watch test" and c.kind == "opened")

    def line(self, timeout: float = 20.0) -> str:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, "the watch app did not answer"
        return self.proc.stdout.readline().strip()

    def send(self, *parts: object) -> None:
        self.proc.stdin.write("\t".join(map(str, parts)) + "\n")
        self.proc.stdin.flush()

    def flash(self, title: str, ms: int = 300, x: int = 1000, y: int = 20, kind: str = "popup") -> None:
        self.send("flash", title, ms, x, y, kind)
        assert self.line() == "flashed"

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()

    @property
    def centre(self) -> tuple[int, int]:
        x, y, w, h = self.box
        return x + w // 2, y + h // 2


def _wait_windows(desktop: Desktop, timeout: float = 20.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        windows = desktop.windows()
        if any(w["title"] == "Watch test" for w in windows):
            return windows
        time.sleep(0.05)
    raise AssertionError("the watch app's window did not appear")


class Flashing(Provider):
    """A scripted model: before each of its actions, the app flashes a notification at a random moment."""

    name = "flashing"

    def __init__(self, app: WatchApp, trials: int, seed: int = 15):
        super().__init__("")
        self.app, self.trials, self.turn = app, trials, 0
        self.rng = random.Random(seed)
        self.results: list[list] = []

    def start(self, session):
        pass

    def next_turn(self) -> ModelTurn:
        if self.turn == self.trials:
            return ModelTurn(text="done", status=DONE)
        self.turn += 1
        time.sleep(self.rng.uniform(0, 0.15))
        kind = self.rng.choice(["popup", "notification"])
        self.app.flash(f"Download {self.turn} complete", 300, self.rng.randrange(0, 1000), 20, kind)
        time.sleep(self.rng.uniform(0, 0.1))
        action = self.rng.choice(
            [
                {"action": "mouse_move", "coordinate": [self.rng.randrange(0, 400), 700]},
                {"action": "key", "text": "shift"},
                {"action": "screenshot"},
            ]
        )
        return ModelTurn(tool_calls=[ToolCall(f"t{self.turn}", "computer", action)])

    def add_tool_results(self, results):
        self.results.append(results)

    def add_user_message(self, text):
        pass
