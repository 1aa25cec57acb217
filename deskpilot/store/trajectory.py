"""Reading trajectories back: `load(run_dir)` and `list_runs(root)`.

A run that was killed has no `finished` event and may end inside a step; `load` keeps the steps up to the
first incomplete one, so what it returns is always consistent. A step is complete when its model output
and usage are recorded, every tool call has its result, and every result with an image has its screenshot.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from deskpilot.core import events as ev
from deskpilot.store.recorder import DB_NAME, connect
from deskpilot.store.video import video_info


@dataclass
class Screenshot:
    """A recorded screenshot: the image the model saw (image_size) of a screen of screen_size."""

    path: Path | None  # None when the event carried no image
    media_type: str
    screen_size: tuple[int, int] | None
    image_size: tuple[int, int] | None
    time: float

    def read(self) -> bytes | None:
        """The image bytes if the file is there and decodes, else None (a damaged or missing file)."""
        if self.path is None:
            return None
        try:
            data = self.path.read_bytes()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except (OSError, SyntaxError, ValueError):
            return None
        return data


@dataclass
class Call:
    """One tool call of a step: what the model asked, what ran, and what came back."""

    id: str
    tool: str
    input: dict
    parse_error: str | None = None  # the provider could not make a valid call of the model's output
    executed: bool = False  # an action event was recorded
    decision: dict | None = None
    confirmation: dict | None = None
    output: str | None = None
    error: str | None = None
    has_result: bool = False
    has_image: bool = False
    duration_s: float | None = None
    started_at: float | None = None
    screenshot: Screenshot | None = None  # the screen after the call
    before: Screenshot | None = None  # the latest screenshot before the call: what the action was taken on
    changes: list[dict] = field(default_factory=list)  # window changes told with its result (the watcher)

    @property
    def action(self) -> str | None:
        return self.input.get("action") if self.tool == "computer" else self.input.get("command")


@dataclass
class Step:
    """One model turn and the tool calls it made, with timings (epoch seconds) and usage."""

    number: int
    started_at: float
    ended_at: float | None = None
    text: str = ""
    status: str | None = None
    latency_s: float | None = None
    usage: dict = field(default_factory=dict)  # this model turn's tokens, as the provider reported them
    totals: dict = field(default_factory=dict)  # cumulative input_tokens, output_tokens, cost_usd
    cost_usd: float = 0.0  # this step's share of the cost
    calls: list[Call] = field(default_factory=list)
    user_messages: list[str] = field(default_factory=list)
    retries: list[dict] = field(default_factory=list)
    has_output: bool = False
    has_usage: bool = False

    @property
    def duration_s(self) -> float | None:
        return None if self.ended_at is None else self.ended_at - self.started_at

    @property
    def complete(self) -> bool:
        calls_done = all(c.has_result and (c.screenshot or not c.has_image) for c in self.calls)
        return self.has_output and self.has_usage and calls_done


@dataclass
class Trajectory:
    run_dir: Path
    meta: dict
    steps: list[Step]
    finished: dict | None  # None when the run was killed before it finished
    video: dict | None = None  # video.json (started_at, path, ...) when the run was recorded

    @property
    def changes(self) -> list[tuple[int, dict]]:
        """(step number, change) for every window change the watcher told the model about."""
        return [(s.number, change) for s in self.steps for c in s.calls for change in c.changes]

    @property
    def screenshots(self) -> list[Screenshot]:
        return [c.screenshot for s in self.steps for c in s.calls if c.screenshot]

    @property
    def run_id(self) -> str:
        return str(self.meta.get("run_id") or self.run_dir.name)

    @property
    def totals(self) -> dict:
        """Tokens (cache reads and writes count as input) and cost: from the finish, else the last step."""
        if self.finished:
            return {k: self.finished.get(k) or 0 for k in ("input_tokens", "output_tokens", "cost_usd")}
        last = self.steps[-1].totals if self.steps else {}
        inputs = ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
        return {
            "input_tokens": sum(last.get(k) or 0 for k in inputs),
            "output_tokens": last.get("output_tokens") or 0,
            "cost_usd": last.get("cost_usd") or 0.0,
        }

    @property
    def elapsed_s(self) -> float | None:
        if self.finished and self.finished.get("elapsed_s") is not None:
            return self.finished["elapsed_s"]
        start = self.meta.get("started_at")
        if not self.steps or not isinstance(start, int | float) or self.steps[-1].ended_at is None:
            return None
        return self.steps[-1].ended_at - start


def _size(value: object) -> tuple[int, int] | None:
    return tuple(value) if isinstance(value, list | tuple) and len(value) == 2 else None


class TrajectoryError(ValueError):
    """A run folder whose trajectory database cannot be read (not a database, or one without tables)."""


def read_events(run_dir: Path) -> list[tuple[int, int, str, float, str | None, dict]]:
    """Every committed event: (seq, step, kind, time, shot, data), in order."""
    path = Path(run_dir) / DB_NAME
    if not path.is_file():
        raise FileNotFoundError(f"no trajectory in {run_dir} (missing {DB_NAME})")
    try:
        db = connect(path)  # opening replays the WAL of a killed writer
        try:
            rows = db.execute("SELECT seq, step, kind, time, shot, data FROM events ORDER BY seq").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise TrajectoryError(
            f"{path} holds no readable trajectory ({exc}); the run was probably killed as it started "
            "recording, or the file is not a deskpilot trajectory"
        ) from None
    return [(seq, step, kind, t, shot, json.loads(data)) for seq, step, kind, t, shot, data in rows]


def load(run_dir: str | os.PathLike) -> Trajectory:
    """Load a run directory; tolerant of a killed run and of missing or damaged screenshot files."""
    run_dir = Path(run_dir)
    meta: dict = {}
    finished = None
    steps: dict[int, Step] = {}
    calls: dict[str, Call] = {}
    last_shot: Screenshot | None = None
    for _seq, number, kind, t, shot, data in read_events(run_dir):
        if kind == ev.RUN_STARTED:
            meta = data
            continue
        if kind == ev.FINISHED:
            finished = data
            continue
        if kind == ev.SCREENSHOT:
            image = Screenshot(
                run_dir / shot if shot else None,
                data.get("media_type", "image/png"),
                _size(data.get("screen_size")),
                _size(data.get("image_size")),
                t,
            )
            call = calls.get(str(data.get("call_id")))
            if call is not None:
                call.screenshot = image
            if call is None or call.action != "zoom":  # a zoom shows a crop, not the screen
                last_shot = image
        if number <= 0:
            continue
        step = steps.setdefault(number, Step(number, started_at=t))
        step.ended_at = t
        if kind == ev.MODEL_OUTPUT:
            raw = data.get("raw") if isinstance(data.get("raw"), dict) else {}
            step.has_output, step.text, step.status = True, data.get("text") or "", data.get("status")
            step.latency_s = data.get("latency_s", raw.get("latency_s"))
            step.usage, step.cost_usd = data.get("usage") or {}, data.get("cost_usd") or 0.0
            for tc in data.get("tool_calls") or []:
                call = Call(str(tc.get("id")), tc.get("tool", ""), tc.get("input") or {}, tc.get("error"))
                calls[call.id] = call
                step.calls.append(call)
        elif kind in (ev.ACTION, ev.RESULT, ev.CONFIRMATION):
            call_id = str(data.get("call_id"))
            call = calls.get(call_id)
            if call is None:  # a call the model output did not list (the loop answered it anyway)
                call = calls[call_id] = Call(call_id, data.get("tool", ""), data.get("input") or {})
                step.calls.append(call)
            if kind == ev.ACTION:
                call.executed, call.started_at, call.before = True, t, last_shot
                call.input, call.decision = data.get("input") or call.input, data.get("decision")
            elif kind == ev.CONFIRMATION:
                call.confirmation = data
            else:
                call.has_result, call.output, call.error = True, data.get("output"), data.get("error")
                call.duration_s, call.has_image = data.get("duration_s"), bool(data.get("has_image"))
        elif kind == ev.DESKTOP_CHANGES:
            call = calls.get(str(data.get("call_id")))
            if call is not None:
                call.changes = list(data.get("changes") or [])
        elif kind == ev.USAGE:
            step.totals, step.has_usage = data, True
        elif kind == ev.USER_MESSAGE:
            step.user_messages.append(data.get("text", ""))
        elif kind == ev.RETRY:
            step.retries.append(data)
    kept: list[Step] = []
    for number in sorted(steps):
        step = steps[number]
        if number != len(kept) + 1 or not step.complete:
            break
        kept.append(step)
    return Trajectory(run_dir, meta, kept, finished, video_info(run_dir))


def list_runs(root: str | os.PathLike) -> list[Trajectory]:
    """Every readable run under `root` (the folder itself or any folder below it), oldest first."""
    runs = []
    for db in sorted(Path(root).rglob(DB_NAME)):
        try:
            runs.append(load(db.parent))
        except TrajectoryError:
            continue  # not a trajectory database
    return sorted(runs, key=lambda r: (r.meta.get("started_at") or 0, str(r.run_dir)))
