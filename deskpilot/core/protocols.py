"""The seams between the parts, as Protocols: what the loop, the tools and the servers need of a desktop,
a tool, a model provider and a safety guard. The concrete classes live in desktop/, tools/, providers/ and
safety/; a type checker holds them to these contracts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from deskpilot.core.results import ToolResult
from deskpilot.core.turns import ModelTurn, ToolCall


@runtime_checkable
class Desktop(Protocol):
    """A running X desktop: its size, home, environment, windows, screen and input."""

    size: tuple[int, int]
    apps: list[str]
    home: Path | None
    env: dict[str, str]
    number: int | None

    def screenshot(self) -> Any: ...  # a full-resolution PIL image
    def windows(self) -> list[dict[str, Any]]: ...
    def active_window(self) -> dict[str, Any] | None: ...
    def cursor_position(self) -> tuple[int, int]: ...
    def wait_settled(
        self,
        timeout: float | None = None,
        quiet: float | None = None,
        since: float | None = None,
        quiet_min: float = ...,
        drawn_min: float | None = None,
    ) -> bool: ...
    @property
    def preexec(self) -> Callable[[], None] | None: ...


@runtime_checkable
class Tool(Protocol):
    """A tool the model calls: its API definition, and a call that never raises."""

    def to_params(self) -> dict[str, Any]: ...
    def __call__(self, params: object) -> ToolResult: ...


@runtime_checkable
class Provider(Protocol):
    """A model backend. It owns its conversation and speaks the neutral types of core.turns."""

    name: str
    model: str

    @property
    def spec(self) -> str: ...
    def tool_versions(self) -> dict[str, str]: ...
    def scaling_policy(self) -> str: ...
    def zoom(self) -> bool: ...
    def start(self, session: Any) -> None: ...
    def next_turn(self) -> ModelTurn: ...
    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None: ...
    def add_user_message(self, text: str) -> None: ...
    def close(self) -> None: ...


@runtime_checkable
class Guard(Protocol):
    """The safety layer as the loop uses it."""

    tainted: bool
    audit: Any
    screenings: list[Any]  # the task screener's decisions on the instruction and follow-up messages
    refused: bool  # a screened text was refused: the run must end

    def admit(self, text: str, source: str = "instruction") -> tuple[bool, Any, Any]: ...
    def authorize(self, call: ToolCall, context: Any = None) -> tuple[bool, Any, Any]: ...
    def observe(self, call: ToolCall) -> None: ...
    def inspect(self, text: str, source: str = "screen") -> Any: ...
    def safety_checks(self, checks: Any) -> tuple[str, ...]: ...
    def redact(self, text: str) -> str: ...
    def notice(self) -> str | None: ...


ToolSet = Mapping[str, Tool]
