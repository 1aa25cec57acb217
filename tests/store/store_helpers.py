"""Shared by the store tests: a scripted provider for real agent runs, and loop-ordered sample events."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable

from PIL import Image

from deskpilot.core import events as ev
from deskpilot.core.events import Event
from deskpilot.core.turns import DONE, ModelTurn, ToolCall, Usage
from deskpilot.providers.base import Provider


class Scripted(Provider):
    """Plays a sequence of turns, each a list of calls (tool, input) or (tool, input, parse error), then says
    it is done."""

    name = "scripted"

    def __init__(self, turns: Iterable[list[tuple]], scaling_policy: str = "api"):
        super().__init__("")
        self.turns = iter(turns)
        self.policy = scaling_policy
        self.count = 0

    def scaling_policy(self) -> str:
        return self.policy

    def start(self, session) -> None:
        self.session = session

    def next_turn(self) -> ModelTurn:
        calls = next(self.turns, None)
        if calls is None:
            return ModelTurn(text="All done.", status=DONE)
        self.count += 1
        return ModelTurn(
            text=f"Turn {self.count}.",
            tool_calls=[ToolCall(f"t{self.count}c{i}", *call) for i, call in enumerate(calls)],
            usage=Usage(input_tokens=1000, output_tokens=20),
            cost_usd=0.01,
        )

    def add_tool_results(self, results) -> None:
        return None


def png(colour: tuple[int, int, int], size: tuple[int, int] = (320, 200)) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


RED, GREEN, BLUE = (200, 30, 30), (30, 160, 60), (40, 60, 200)
SECRET = "sk-ant-api03-SECRETSECRETSECRET"
INSTRUCTION = f'Open <script>alert("x")</script> & click; key {SECRET}'


def sample_events() -> list[Event]:
    """A three-step run in the agent loop's event order: a click; a double click, a drag and bash; then the
    final answer. The screenshots after the three computer actions are solid RED, BLUE and GREEN."""
    t = 1000.0
    out: list[Event] = []

    def add(kind: str, step: int, data: dict) -> None:
        nonlocal t
        t += 0.5
        out.append(Event(kind, data, step, t))

    def turn(step: int, text: str, calls: list[dict], status: str = "continue") -> None:
        add(ev.STEP_STARTED, step, {"step": step})
        add(
            ev.MODEL_OUTPUT,
            step,
            {
                "text": text,
                "tool_calls": calls,
                "status": status,
                "cost_usd": 0.01,
                "raw": {"latency_s": 1.5, "output": {"echo": SECRET}},
                "usage": {"input_tokens": 1000, "output_tokens": 20},
            },
        )
        totals = {"input_tokens": 1000 * step, "output_tokens": 20 * step, "cost_usd": 0.01 * step}
        add(ev.USAGE, step, totals)

    def run(step: int, call: dict, output: str | None = None, colour=None, decision=None) -> None:
        ids = {"call_id": call["id"], "tool": call["tool"]}
        add(ev.ACTION, step, {**ids, "input": call["input"], "error": None, "decision": decision})
        add(
            ev.RESULT,
            step,
            {**ids, "output": output, "error": None, "has_image": colour is not None, "duration_s": 0.25},
        )
        if colour is not None:
            add(
                ev.SCREENSHOT,
                step,
                {
                    "call_id": call["id"],
                    "media_type": "image/png",
                    "image": base64.b64decode(png(colour)),
                    "screen_size": [640, 400],
                    "image_size": [320, 200],
                },
            )

    def call(call_id: str, tool: str, **given) -> dict:
        return {"id": call_id, "tool": tool, "input": given, "error": None}

    add(
        ev.RUN_STARTED,
        0,
        {
            "run_id": "sample",
            "model": "scripted",
            "instruction": INSTRUCTION,
            "screen_size": [640, 400],
            "image_size": [320, 200],
            "tool_versions": {"computer": "computer_20250124", "bash": "bash_20250124"},
            "apps": ["Mousepad"],
            "version": "0.1.0",
            "system_prompt": "You operate a desktop.",
            "started_at": t,
        },
    )
    click = call("c1", "computer", action="left_click", coordinate=[40, 50])
    turn(1, "I will click the <button>.", [click])
    run(1, click, colour=RED)
    double = call("c2", "computer", action="double_click", coordinate=[200, 150])
    drag = call("c3", "computer", action="left_click_drag", start_coordinate=[10, 20], coordinate=[100, 120])
    bash = call("c4", "bash", command=f"echo {SECRET}")
    turn(2, "Open it, drag, then check.", [double, drag, bash])
    allow = {"verdict": "allow", "reason": "ok"}
    run(2, double, colour=BLUE, decision=allow)
    run(2, drag, colour=GREEN, decision=allow)
    run(2, bash, output=f"{SECRET}\n")
    turn(3, "Done: the <b>button</b> moved.", [], status="done")
    add(
        ev.FINISHED,
        3,
        {
            "run_id": "sample",
            "reason": "completed",
            "status": "done",
            "steps": 3,
            "input_tokens": 3000,
            "output_tokens": 60,
            "cost_usd": 0.03,
            "elapsed_s": 12.5,
            "run_dir": None,
            "error": None,
            "final_text": "Done: the <b>button</b> moved.",
        },
    )
    return out
