"""Replaying a recorded run without a model: the same tool calls on a fresh desktop of the recorded size
and apps, with the recorded tool versions and image size (so the same coordinate scaling).

Every call that reached a tool in the original run is replayed, including those that returned an error
(they should error again). Calls that never reached a tool are not replayed: calls the provider could not
parse, calls the safety policy denied or the user declined, and calls interrupted by a stop. The replay is
recorded as a new trajectory, and each call's outcome says whether it errored as it did in the original.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deskpilot import __version__
from deskpilot.core import events as ev
from deskpilot.core.families import supports_zoom
from deskpilot.core.scaling import Scaling
from deskpilot.desktop import Desktop, find_app
from deskpilot.store.recorder import Recorder
from deskpilot.store.trajectory import Call, Trajectory, load
from deskpilot.tools import ComputerTool
from deskpilot.tools.contained import bash_for, editor_for


@dataclass
class Outcome:
    """One recorded call and what it did on replay. `error` is None when it succeeded or was skipped."""

    step: int
    call_id: str
    tool: str
    input: dict
    recorded_error: str | None
    error: str | None = None
    skipped: str | None = None  # why the call was not replayed

    @property
    def matches(self) -> bool:
        """Skipped, or it errored on replay exactly when it errored in the original."""
        return self.skipped is not None or (self.error is None) == (self.recorded_error is None)


@dataclass
class ReplayResult:
    run_dir: Path  # the trajectory of the replay
    outcomes: list[Outcome]

    @property
    def ok(self) -> bool:
        return all(o.matches for o in self.outcomes)


def skip_reason(call: Call) -> str | None:
    """Why a recorded call is not replayed (it never reached a tool), or None."""
    if call.parse_error is not None:
        return "the model's output was not a valid call"
    if not call.executed:
        return "the call was interrupted before it ran"
    if (call.decision or {}).get("verdict") == "deny":
        return "the safety policy denied it"
    if call.confirmation is not None and not call.confirmation.get("approved"):
        return "the user did not approve it"
    return None


def make_tools(meta: dict, desktop: Desktop) -> dict:
    """The recorded tools, by name, at their recorded versions; the computer at the recorded image size."""
    config = meta.get("config") or {}
    tools: dict = {}
    for name, version in (meta.get("tool_versions") or {}).items():
        if version.startswith("computer_"):
            scaling = Scaling(*desktop.size, *(meta.get("image_size") or desktop.size))
            tools[name] = ComputerTool(
                desktop,
                version,
                scaling=scaling,
                image_format=config.get("image_format", "png"),
                enable_zoom=bool(config.get("enable_zoom")) and supports_zoom(version),
            )
        elif version.startswith("bash_"):
            tools[name] = bash_for(desktop, version)
        elif version.startswith("text_editor_"):
            tools[name] = editor_for(desktop, version)
    return tools


def catalog_apps(names: list[str]) -> list[str]:
    """The recorded apps (catalog names or window classes) that the app catalog knows, once each."""
    found = []
    for name in names:
        try:
            app = find_app(name).name
        except KeyError:
            continue
        if app not in found:
            found.append(app)
    return found


class _Run:
    """Emits the replay's events to its recorder, in the order the agent loop uses."""

    def __init__(self, recorder: Recorder):
        self.recorder = recorder
        self.step = 0

    def emit(self, payload: ev.Payload) -> None:
        self.recorder.handle(payload.event(self.step))


def replay(
    run_dir: str | os.PathLike,
    out_dir: str | os.PathLike | None = None,
    speed: float = 1.0,
    sandbox: bool = False,
) -> ReplayResult:
    """Replay the run in `run_dir`; record it in `out_dir` (default: a sibling folder named after the run).

    speed: 1.0 keeps the recorded pace between actions (apps get the time they had), 2.0 halves the
    pauses, 0 runs each action as soon as the screen has settled after the last one.
    sandbox: contain the desktop's apps and the recorded shell commands as `deskpilot run` does.
    """
    original = load(run_dir)
    meta = original.meta
    run_id = f"replay-{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    target = Path(out_dir) if out_dir else Path(run_dir).resolve().parent / f"{original.run_id}-{run_id}"
    size = tuple(meta.get("screen_size") or (1280, 800))
    with (
        Desktop(size=size, apps=catalog_apps(meta.get("apps") or []), sandbox=sandbox) as desktop,
        Recorder(target) as recorder,
    ):
        tools = make_tools(meta, desktop)
        try:
            return ReplayResult(target, _replay(original, tools, _Run(recorder), run_id, speed))
        finally:
            for tool in tools.values():
                getattr(tool, "close", lambda: None)()


def _replay(original: Trajectory, tools: dict, run: _Run, run_id: str, speed: float) -> list[Outcome]:
    started, clock = time.time(), time.monotonic()
    first_step = original.steps[0].started_at if original.steps else 0.0
    recorded_start = original.meta.get("started_at") or first_step
    meta = dict(original.meta)
    fields = {name: meta.pop(name) for name in _RUN_STARTED_FIELDS if name in meta}
    run.emit(
        ev.RunStarted(
            **{
                **_RUN_STARTED_DEFAULTS,
                **fields,
                "run_id": run_id,
                "model": f"replay of {original.run_id}",
                "started_at": started,
            },
            extra={**meta, "replay_of": str(original.run_dir.resolve())},
        )
    )
    outcomes: list[Outcome] = []
    for step in original.steps:
        run.step = step.number
        run.emit(ev.StepStarted(step.number))
        run.emit(
            ev.ModelOutput(
                text=step.text,
                tool_calls=[_call_dict(c) for c in step.calls],
                status=step.status,
                usage={},
                cost_usd=0.0,
                raw={"latency_s": 0.0},
            )
        )
        run.emit(ev.UsageTotals(input_tokens=0, output_tokens=0))
        for call in step.calls:
            skip = skip_reason(call)
            if skip is None and call.tool not in tools:
                skip = f"the recording has no version of the {call.tool!r} tool"
            outcome = Outcome(step.number, call.id, call.tool, call.input, call.error, skipped=skip)
            if outcome.skipped is None:
                if speed > 0 and call.started_at is not None:  # keep the recorded pace
                    pause = (call.started_at - recorded_start) / speed - (time.monotonic() - clock)
                    time.sleep(max(0.0, pause))
                outcome.error = _run_call(call, tools, run)
            else:  # every listed call gets a result, as in the loop
                run.emit(ev.Result(call.id, call.tool, None, f"not replayed: {outcome.skipped}", False, 0.0))
            outcomes.append(outcome)
    matched = sum(o.matches for o in outcomes)
    run.emit(
        ev.Finished(
            run_id=run_id,
            reason="replayed",
            steps=len(original.steps),
            input_tokens=0,
            output_tokens=0,
            cost_usd=0.0,
            elapsed_s=round(time.monotonic() - clock, 3),
            final_text=f"{matched} of {len(outcomes)} calls behaved as recorded.",
            extra={"version": __version__},
        )
    )
    return outcomes


def _run_call(call: Call, tools: dict, run: _Run) -> str | None:
    """Run one call on its tool and record it as the loop does; returns the error, if any."""
    run.emit(ev.Action(call_id=call.id, tool=call.tool, input=call.input))
    began = time.monotonic()
    result = tools[call.tool](call.input)
    scaling = tools["computer"].scaling
    for payload in ev.result_payloads(
        call.id, call.tool, result, time.monotonic() - began, scaling.screen_size, scaling.image_size
    ):
        run.emit(payload)
    return result.error


_RUN_STARTED_FIELDS = [f.name for f in dataclasses.fields(ev.RunStarted) if f.name != "extra"]
_RUN_STARTED_DEFAULTS = {
    "instruction": "",
    "screen_size": [],
    "image_size": [],
    "tool_versions": {},
    "apps": [],
    "windows": [],
    "home": "",
    "version": __version__,
    "system_prompt": "",
}


def _call_dict(call: Call) -> dict:
    return {"id": call.id, "tool": call.tool, "input": call.input, "error": call.parse_error}
