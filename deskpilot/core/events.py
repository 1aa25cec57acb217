"""The events a run streams out, for the CLI, the web app, the MCP server and the trajectory store.

Each kind has a typed payload (a dataclass below). `payload.event(step)` wraps it in the `Event` envelope
that listeners receive and the store records: `Event.data` is the payload as a plain dict. The loop and
replay build events only through these payloads, so a field exists in exactly one place.
Screenshot events carry the encoded image bytes; the store writes them to a file, the web app base64s them.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Protocol

RUN_STARTED = "run_started"
STEP_STARTED = "step_started"
MODEL_OUTPUT = "model_output"
ACTION = "action"
RESULT = "result"
SCREENSHOT = "screenshot"
USAGE = "usage"
CONFIRMATION = "confirmation"
USER_MESSAGE = "user_message"
RETRY = "retry"
NOTICE = "notice"
SCREENING = "screening"
DESKTOP_CHANGES = "desktop_changes"
FINISHED = "finished"


@dataclass
class Event:
    """The envelope every listener gets: the kind, its payload as a dict, the step and the wall time."""

    kind: str
    data: dict[str, Any]
    step: int = 0
    time: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Listener(Protocol):
    def __call__(self, event: Event) -> None: ...


@dataclass
class Payload:
    kind: ClassVar[str]

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    def event(self, step: int) -> Event:
        return Event(self.kind, self.to_data(), step=step)


@dataclass
class RunStarted(Payload):
    kind: ClassVar[str] = RUN_STARTED
    run_id: str
    model: str
    instruction: str
    screen_size: list[int]
    image_size: list[int]
    tool_versions: dict[str, str]
    apps: list[str]
    windows: list[str]
    home: str
    version: str
    system_prompt: str
    started_at: float
    task_id: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. replay_of

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        return {**data.pop("extra"), **data}


@dataclass
class StepStarted(Payload):
    kind: ClassVar[str] = STEP_STARTED
    step: int


@dataclass
class ModelOutput(Payload):
    """tool_calls: [{id, tool, input, error}]; raw: the provider's reply and its latency."""

    kind: ClassVar[str] = MODEL_OUTPUT
    text: str
    tool_calls: list[dict[str, Any]]
    status: str
    usage: dict[str, int]
    cost_usd: float
    raw: Any = None


@dataclass
class UsageTotals(Payload):
    """Cumulative token counts and estimated cost of the run so far."""

    kind: ClassVar[str] = USAGE
    input_tokens: int
    output_tokens: int
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cost_usd: float = 0.0


@dataclass
class Action(Payload):
    """A tool call about to run (or refused): decision is the policy's {verdict, reason, rule}."""

    kind: ClassVar[str] = ACTION
    call_id: str
    tool: str
    input: dict[str, Any]
    error: str | None = None
    decision: dict[str, str] | None = None


@dataclass
class Result(Payload):
    kind: ClassVar[str] = RESULT
    call_id: str
    tool: str
    output: str | None
    error: str | None
    has_image: bool
    duration_s: float


@dataclass
class Screenshot(Payload):
    kind: ClassVar[str] = SCREENSHOT
    call_id: str
    image: bytes
    media_type: str
    screen_size: list[int]
    image_size: list[int]


@dataclass
class Confirmation(Payload):
    kind: ClassVar[str] = CONFIRMATION
    call_id: str
    tool: str
    input: dict[str, Any]
    reason: str
    approved: bool
    approver: str | None = None


@dataclass
class UserMessage(Payload):
    kind: ClassVar[str] = USER_MESSAGE
    text: str


@dataclass
class Retry(Payload):
    kind: ClassVar[str] = RETRY
    attempt: int
    delay_s: float
    error: str


@dataclass
class Notice(Payload):
    """Something the harness noticed and told the model or the user (e.g. a provider's safety signal)."""

    kind: ClassVar[str] = NOTICE
    source: str
    text: str
    call_id: str | None = None


@dataclass
class Screening(Payload):
    """The task screener's judgement of the instruction or a follow-up message (deskpilot.safety.screener)."""

    kind: ClassVar[str] = SCREENING
    source: str  # "instruction" or "message"
    verdict: str  # allow, monitor, confirm or refuse
    category: str | None
    score: float
    phrases: list[str]
    likeliest: str
    submit: str
    approved: bool | None = None  # a person's answer to a "confirm" verdict


@dataclass
class DesktopChanges(Payload):
    """Windows that opened, closed, flashed by or asked for attention between two observations, as told to
    the model with the result of call_id. Each change: kind, title, role, box [x, y, w, h] in image pixels,
    at (wall time), and for a window that came and went, closed_at and shown_s."""

    kind: ClassVar[str] = DESKTOP_CHANGES
    call_id: str
    changes: list[dict[str, Any]]


@dataclass
class Finished(Payload):
    kind: ClassVar[str] = FINISHED
    run_id: str
    reason: str
    steps: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    elapsed_s: float
    final_text: str
    status: str | None = None
    run_dir: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        return {**data.pop("extra"), **data}


class _ResultLike(Protocol):
    @property
    def output(self) -> str | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def image(self) -> bytes | None: ...
    @property
    def media_type(self) -> str: ...
    @property
    def changes(self) -> tuple[dict[str, Any], ...]: ...


def result_payloads(
    call_id: str,
    tool: str,
    result: _ResultLike,
    duration_s: float,
    screen_size: tuple[int, int],
    image_size: tuple[int, int],
) -> list[Payload]:
    """The Result payload of a tool result, its Screenshot payload when it carries an image, and its
    DesktopChanges payload when the desktop's watcher saw something."""
    found: list[Payload] = [
        Result(call_id, tool, result.output, result.error, result.image is not None, round(duration_s, 3))
    ]
    if result.image is not None:
        found.append(
            Screenshot(call_id, result.image, result.media_type, list(screen_size), list(image_size))
        )
    if result.changes:
        found.append(DesktopChanges(call_id, list(result.changes)))
    return found
