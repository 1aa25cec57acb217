"""Shared by the web tests: scripted providers (a stand-in for the model only), a test safety policy and
a real uvicorn server on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import uvicorn

from deskpilot.core.turns import DONE, ModelTurn, ToolCall, Usage
from deskpilot.providers import make_provider
from deskpilot.providers.base import Provider
from deskpilot.safety import Guard
from deskpilot.safety.verdicts import CONFIRM, Decision
from deskpilot.web.runs import RunManager
from deskpilot.web.server import create_app
from tests.conditions import scaled

TOKEN = "test-token-0123456789"

SHOT = {"action": "screenshot"}
SECRET = "horse-battery-staple-42"  # no key pattern: only the environment says it is secret


class Scripted(Provider):
    """Plays turns of computer actions, then says it is done. `hold`, when given, is waited on before
    every turn after the first: a model that takes as long as the test wants."""

    name = "script"

    def __init__(self, turns: list[list[dict]], hold: threading.Event | None = None):
        super().__init__("")
        self.turns = list(turns)
        self.hold = hold
        self.calls = 0
        self.messages: list[str] = []

    def start(self, session) -> None:
        return None

    def next_turn(self) -> ModelTurn:
        self.calls += 1
        if self.hold is not None and self.calls > 1:
            self.hold.wait(60)
        if not self.turns:
            return ModelTurn(text="All done.", status=DONE, usage=Usage(10, 2))
        inputs = self.turns.pop(0)
        calls = [ToolCall(f"c{self.calls}-{i}", "computer", dict(inp)) for i, inp in enumerate(inputs)]
        return ModelTurn(text=f"Turn {self.calls}.", tool_calls=calls, usage=Usage(100, 20), cost_usd=0.001)

    def add_tool_results(self, results) -> None:
        return None

    def add_user_message(self, text: str) -> None:
        self.messages.append(text)


class ConfirmTyping(Guard):
    """The guard with one more rule, for the tests: typing text that contains CONFIRM needs approval."""

    def review(self, call, context=None) -> Decision:
        if call.input.get("action") == "type" and "CONFIRM" in call.input.get("text", ""):
            return Decision(CONFIRM, "typing this text needs your approval", "test.type")
        return super().review(call, context)


class Scripts:
    """Provider factory: "script:NAME" plays SCRIPTS[NAME]; any other spec goes to make_provider.
    The providers it made are kept (by spec) so that tests can look inside them."""

    SCRIPTS = {
        "clicks": [
            [SHOT],
            [{"action": "left_click", "coordinate": [200, 150]}],
            [{"action": "key", "text": "Escape"}],
        ],
        "confirm": [
            [SHOT],
            [{"action": "type", "text": "CONFIRM one"}],
            [{"action": "type", "text": "CONFIRM two"}],
        ],
        "hold": [[SHOT], [{"action": "mouse_move", "coordinate": [50, 50]}], [SHOT]],
        "stuck": [[{"action": "wait", "duration": 8}]],
        "secret": [[{"action": "type", "text": f"my key is {SECRET}"}]],
    }

    def __init__(self):
        self.made: dict[str, list[Scripted]] = {}
        self.hold = threading.Event()

    def __call__(self, spec: str) -> Provider:
        prefix, _, name = spec.partition(":")
        if prefix != "script":
            return make_provider(spec)
        provider = Scripted(self.SCRIPTS[name], hold=self.hold if name == "hold" else None)
        self.made.setdefault(name, []).append(provider)
        return provider


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(manager: RunManager, token: str, evals_dir=None):
    """The app on a real uvicorn server in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(manager, token, evals_dir=evals_dir), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + scaled(timeout)
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
