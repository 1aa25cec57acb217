"""The MCP client as the "model" of an agent loop, so every primitive call runs through the loop's one executor.

Each desktop handle runs an `Agent` whose provider is a `ClientProvider`: a tool call from an MCP client
becomes a one-call model turn, and the loop does what it does for `deskpilot run`: the guard's policy
(allow, confirm, deny), the confirmation bound to the action's hash, the audit log, injection scanning and
redaction of what comes back, and the trajectory. A "confirm" decision reaches the client through the
`Exchange` of the call that asked: the MCP handler turns it into an elicitation (or an `input_required`
round trip) and hands the answer back to the waiting loop.
"""

from __future__ import annotations

import asyncio
import queue
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from deskpilot.core.families import COMPUTER_20251124, FAMILIES
from deskpilot.core.results import ToolResult
from deskpilot.core.turns import DONE, ModelTurn, ToolCall
from deskpilot.providers.base import Provider, Session
from deskpilot.safety.confirm import Approval, ConfirmationRequest

# The client's calls use the newest family: its computer tool has zoom.
TOOL_VERSIONS = FAMILIES[COMPUTER_20251124].versions()
CONFIRM_TIMEOUT_S = 120.0  # an unanswered confirmation is a deny
POLL_S = 0.2


@dataclass
class Exchange:
    """One client call on its way through the loop. The loop thread posts ("confirm", request) and finally
    ("result", ToolResult) to the MCP handler's asyncio queue; the handler answers confirmations in `answers`."""

    call: ToolCall
    loop: asyncio.AbstractEventLoop
    events: asyncio.Queue = field(default_factory=asyncio.Queue)
    answers: queue.Queue[Approval] = field(default_factory=queue.Queue)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    asked: ConfirmationRequest | None = None  # the confirmation the client was last asked

    def post(self, kind: str, value: Any) -> None:
        """Thread-safe: hand an event to the waiting handler."""
        self.loop.call_soon_threadsafe(self.events.put_nowait, (kind, value))

    def answer(self, approval: Approval) -> None:
        self.answers.put(approval)


class ClientProvider(Provider):
    """A provider whose turns are the MCP client's tool calls, one call per turn."""

    name = "mcp"

    def __init__(self, client: str, scaling: str = "api"):
        super().__init__(client)
        self._scaling = scaling
        self._inbox: queue.Queue[Exchange] = queue.Queue()
        self._closed = threading.Event()
        self.current: Exchange | None = None

    def tool_versions(self) -> dict[str, str]:
        return dict(TOOL_VERSIONS)

    def scaling_policy(self) -> str:
        return self._scaling

    def start(self, session: Session) -> None:
        return None

    def next_turn(self) -> ModelTurn:
        while not self._closed.is_set():
            try:
                exchange = self._inbox.get(timeout=POLL_S)
            except queue.Empty:
                continue
            self.current = exchange
            return ModelTurn(tool_calls=[exchange.call])
        return ModelTurn(text="The MCP client stopped the desktop.", status=DONE)

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        exchange, self.current = self.current, None
        if exchange is not None:
            for _, result in results:
                exchange.post("result", result)

    def add_user_message(self, text: str) -> None:
        return None

    def submit(self, exchange: Exchange) -> None:
        self._inbox.put(exchange)

    def close(self) -> None:
        self._closed.set()

    def confirm(self, request: ConfirmationRequest) -> Approval:
        """The guard's confirmer (runs in the loop thread): ask the client whose call is running."""
        exchange = self.current
        if exchange is None:
            return Approval(False, "error", request.action_hash, "no client call is waiting for this action")
        exchange.post("confirm", request)
        try:
            return exchange.answers.get(timeout=CONFIRM_TIMEOUT_S)
        except queue.Empty:
            return Approval(
                False, "timeout", request.action_hash, f"no answer within {CONFIRM_TIMEOUT_S:g} s"
            )
