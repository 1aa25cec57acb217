"""What every model backend implements. Providers own their conversation state and speak the loop's
neutral types: they return `ModelTurn`s whose tool calls use the canonical tool inputs."""

from __future__ import annotations

import email.utils
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from deskpilot.core.families import DEFAULT_FAMILY
from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import Scaling
from deskpilot.core.turns import ModelTurn, ProviderError, ToolCall, TransientError


def retry_after_s(headers: Any) -> float | None:
    """Seconds to wait from `retry-after-ms`, `retry-after` (seconds or an HTTP date); None if absent."""
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def provider_error(exc: Exception) -> ProviderError:
    """An Anthropic or OpenAI SDK error as a TransientError (429, 408, 409, 5xx incl. 529 overloaded,
    timeouts, connection errors: worth retrying) or a ProviderError (bad request, key or permissions)."""
    status = getattr(exc, "status_code", None)
    if status is None:  # APIConnectionError and its APITimeoutError: no response
        return TransientError(f"{type(exc).__name__}: {exc}")
    message = f"HTTP {status} from the model API: {exc}"
    if status in (408, 409, 429) or status >= 500:
        headers = getattr(getattr(exc, "response", None), "headers", {})
        return TransientError(message, retry_after=retry_after_s(headers))
    return ProviderError(message)


# Replies that are broken on the wire: retried like a 5xx (the loop gives up after its retries with a clear
# error), never taken as a finished run.
def malformed_reply(exc: ValueError) -> TransientError:
    """A 200 reply whose body is not JSON (the SDKs raise json.JSONDecodeError for it)."""
    return TransientError(f"the model API sent a reply that is not valid JSON: {exc}")


def require_fields(raw: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Raise a TransientError naming the fields a reply lacks (e.g. a `{}` body)."""
    missing = [name for name in fields if raw.get(name) is None]
    if missing:
        raise TransientError(f"the model API sent a reply without {', '.join(missing)}")


def require_content(text: str, calls: list[Any]) -> None:
    """An empty reply (no text and no tool call) is not an answer: retry it."""
    if not text.strip() and not calls:
        raise TransientError("the model API sent an empty reply (no text and no tool call)")


@dataclass
class Session:
    """Everything a provider needs to start a run."""

    instruction: str
    system_prompt: str
    tools: dict[str, Any]  # name -> tool object with to_params(); "computer" has .scaling and .desktop
    scaling: Scaling
    desktop: Any = None
    task: dict[str, Any] | None = None  # an evaluation task (the oracle reads its solution)
    confirm: Callable[[dict[str, Any]], bool] | None = None  # asks a human; used for OpenAI safety checks


class Provider(ABC):
    name: str = "provider"

    def __init__(self, model: str = "", **options: Any):
        self.model = model
        self.options = options

    @property
    def spec(self) -> str:
        return f"{self.name}:{self.model}" if self.model else self.name

    def tool_versions(self) -> dict[str, str]:
        """Tool versions this model family expects: keys "computer", "bash", "editor"."""
        return DEFAULT_FAMILY.versions()

    def scaling_policy(self) -> str:
        """How screenshots are scaled for this model (see deskpilot.core.scaling.Scaling.for_screen)."""
        return "api"

    def zoom(self) -> bool:
        """Whether the model's computer tool has zoom on by default (the loop then enables it)."""
        return False

    @abstractmethod
    def start(self, session: Session) -> None: ...

    @abstractmethod
    def next_turn(self) -> ModelTurn:
        """Ask the model for its next turn. Raises TransientError (retried) or ProviderError."""

    @abstractmethod
    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None: ...

    def add_user_message(self, text: str) -> None:
        raise ProviderError(f"{self.spec} does not take follow-up messages")

    def close(self) -> None:
        return None
