"""What a model turn is, in the loop's neutral terms: tool calls with canonical inputs, text, usage and a
status, plus the errors a provider raises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CONTINUE, DONE, FAIL, ASK_USER = "continue", "done", "fail", "ask_user"


class ProviderError(RuntimeError):
    """A model call failed for good (bad key, bad request)."""


class TransientError(ProviderError):
    """A model call failed in a way worth retrying (429, 5xx, overloaded, timeout)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


_FAIL = re.compile(r"FAIL\b")
_QUESTION = re.compile(r"QUESTION:", re.IGNORECASE)


def final_status(text: str) -> str:
    """The status of a turn without tool calls, from the markers the system prompt asks for: FAIL when the
    text (or its last line) starts with the word FAIL, ASK_USER when it starts with QUESTION:, else DONE."""
    stripped = text.strip()
    last_line = stripped.splitlines()[-1].strip() if stripped else ""
    if _FAIL.match(stripped) or _FAIL.match(last_line):
        return FAIL
    if _QUESTION.match(stripped) or _QUESTION.match(last_line):
        return ASK_USER
    return DONE


@dataclass
class ToolCall:
    """One call of a canonical tool ("computer", "bash" or the editor's name) with its input dict.

    error: set when the provider could not turn the model's output into a valid call; the loop answers it
    with an error result instead of running it.
    provider_checks: safety signals the model provider attached to this call (OpenAI pending_safety_checks
    codes, a Gemini require_confirmation decision); the loop sends them to the guard before the call runs.
    """

    id: str
    tool: str
    input: dict[str, Any]
    error: str | None = None
    provider_checks: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "tool": self.tool, "input": self.input, "error": self.error}
        if self.provider_checks:
            data["provider_checks"] = list(self.provider_checks)
        return data


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    @property
    def total(self) -> int:
        return (
            self.input_tokens
            + self.output_tokens
            + self.cache_creation_input_tokens
            + self.cache_read_input_tokens
        )

    def add(self, other: Usage) -> None:
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.cache_creation_input_tokens += other.cache_creation_input_tokens
        self.cache_read_input_tokens += other.cache_read_input_tokens


@dataclass
class ModelTurn:
    """One model response. status: "continue" while there are tool calls, else "done", "fail" (the model
    says the task is infeasible) or "ask_user" (the model needs the user). The tool calls form one batch:
    the loop runs them in order and stops at the first failure.

    notices: safety text the provider attached to the turn (e.g. Anthropic's classifier steering text);
    the loop records each as a notice event.
    """

    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    status: str = CONTINUE
    raw: Any = None
    cost_usd: float = 0.0
    notices: list[str] = field(default_factory=list)
