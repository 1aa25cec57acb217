"""The agent loop on a real desktop, driven by small scripted providers."""

from __future__ import annotations

import threading
import time

import pytest

from deskpilot.agent import Agent, RunConfig
from deskpilot.agent.loop import INTERRUPTED, NOT_EXECUTED
from deskpilot.core import events as ev
from deskpilot.core.turns import ASK_USER, DONE, FAIL, ModelTurn, ToolCall, TransientError, Usage
from deskpilot.desktop import Desktop
from deskpilot.providers.base import Provider


@pytest.fixture(scope="module")
def desktop():
    with Desktop(size=(1024, 768)) as desk:
        yield desk


class Scripted(Provider):
    """Plays a fixed list of turns; records what the loop sends back."""

    name = "scripted"

    def __init__(self, turns, usage=None, cost=0.0):
        super().__init__("")
        self.turns = list(turns)
        self.usage = usage or Usage()
        self.cost = cost
        self.results: list[list] = []
        self.messages: list[str] = []
        self.session = None

    def start(self, session):
        self.session = session

    def next_turn(self):
        turn = self.turns.pop(0) if self.turns else ModelTurn(text="done", status=DONE)
        if callable(turn):
            turn = turn()
        turn.usage = Usage(**vars(self.usage))
        turn.cost_usd = self.cost
        return turn

    def add_tool_results(self, results):
        self.results.append(results)

    def add_user_message(self, text):
        self.messages.append(text)


def click(i: int, x: int = 10, y: int = 10) -> ModelTurn:
    return ModelTurn(
        tool_calls=[ToolCall(f"c{i}", "computer", {"action": "left_click", "coordinate": [x, y]})]
    )


def endless():
    i = 0
    while True:
        i += 1
        yield click(i)


def test_runs_tools_and_finishes_with_the_models_answer(desktop):
    provider = Scripted(
        [
            ModelTurn(
                tool_calls=[
                    ToolCall("a", "computer", {"action": "mouse_move", "coordinate": [100, 200]}),
                    ToolCall("b", "bash", {"command": "echo $((6*7))"}),
                ]
            ),
            ModelTurn(text="The answer is 42.", status=DONE),
        ]
    )
    events = []
    result = Agent(provider, desktop, RunConfig(max_steps=5), on_event=events.append).run("compute")
    assert result.reason == "completed" and result.status == DONE
    assert result.final_text == "The answer is 42." and result.steps == 2
    (move, move_result), (bash, bash_result) = provider.results[0]
    assert move_result.error is None and move_result.base64_image
    assert desktop.cursor_position() == (100, 200)
    assert bash_result.output.strip() == "42"
    kinds = [e.kind for e in events]
    assert kinds[0] == ev.RUN_STARTED and kinds[-1] == ev.FINISHED
    assert kinds.count(ev.SCREENSHOT) == 1 and kinds.count(ev.ACTION) == 2
    started = events[0].data
    assert (
        started["screen_size"] == [1024, 768] and started["tool_versions"]["computer"] == "computer_20250124"
    )
    assert "1024x768" in provider.session.system_prompt


def test_malformed_calls_get_error_results_and_the_loop_goes_on(desktop):
    bad = [
        ToolCall("bad1", "computer", {"action": "teleport"}),
        ToolCall("bad2", "computer", {"action": "left_click", "coordinate": [5000, 10]}),
        ToolCall("bad3", "computer", {}, error="Could not parse the action 'clik(('."),
        ToolCall("bad4", "spreadsheet", {"cell": "A1"}),
        ToolCall("bad5", "computer", {"action": "key", "text": "ctrl+nosuchkey"}),
    ]
    provider = Scripted([*(ModelTurn(tool_calls=[call]) for call in bad), ModelTurn(text="ok", status=DONE)])
    result = Agent(provider, desktop, RunConfig(max_steps=10)).run("x")
    assert result.reason == "completed"
    errors = [results[0][1].error for results in provider.results]
    assert "Unknown action 'teleport'" in errors[0]
    assert "outside display bounds (1024x768)" in errors[1]
    assert errors[2] == "Could not parse the action 'clik(('."
    assert "Unknown tool 'spreadsheet'" in errors[3]
    assert "Unknown key name 'nosuchkey'" in errors[4]
    assert all(results[0][1].image is None for results in provider.results)


def test_a_batch_stops_at_its_first_failure(desktop):
    """Later calls of the turn are answered with the exact not-executed text and do not run."""
    provider = Scripted(
        [
            ModelTurn(
                tool_calls=[
                    ToolCall("ok1", "computer", {"action": "mouse_move", "coordinate": [10, 10]}),
                    ToolCall("bad", "computer", {"action": "left_click", "coordinate": [5000, 10]}),
                    ToolCall("later", "computer", {"action": "mouse_move", "coordinate": [300, 300]}),
                ]
            ),
            ModelTurn(text="ok", status=DONE),
        ]
    )
    Agent(provider, desktop, RunConfig(max_steps=5)).run("x")
    (_, first), (_, failed), (_, later) = provider.results[0]
    assert first.error is None and "outside display bounds" in failed.error
    assert later.error == NOT_EXECUTED
    assert desktop.cursor_position() != (300, 300)


@pytest.mark.parametrize(
    ("config", "usage", "cost", "reason"),
    [
        (RunConfig(max_steps=3), Usage(), 0.0, "max_steps"),
        (RunConfig(max_steps=99, max_tokens=250), Usage(input_tokens=100), 0.0, "max_tokens"),
        (RunConfig(max_steps=99, max_cost_usd=0.05), Usage(), 0.02, "max_cost"),
        (RunConfig(max_steps=10_000, max_seconds=1.0), Usage(), 0.0, "max_time"),
    ],
)
def test_budgets_end_the_run_with_a_clear_reason(desktop, config, usage, cost, reason):
    gen = endless()
    provider = Scripted([lambda: next(gen)] * 10_000, usage=usage, cost=cost)
    result = Agent(provider, desktop, config).run("loop forever")
    assert result.reason == reason
    if reason == "max_steps":
        assert result.steps == 3
    if reason == "max_tokens":
        assert result.steps == 3 and result.input_tokens == 300
    if reason == "max_cost":
        assert result.steps == 3 and result.cost_usd == pytest.approx(0.06)


@pytest.mark.parametrize(("status", "reason"), [(FAIL, "infeasible"), (ASK_USER, "needs_input")])
def test_final_status_maps_to_stop_reason(desktop, status, reason):
    result = Agent(Scripted([ModelTurn(text="FAIL: no bluetooth", status=status)]), desktop).run("pair")
    assert result.reason == reason and result.status == status


class Flaky(Scripted):
    def __init__(self, failures):
        super().__init__([ModelTurn(text="done", status=DONE)])
        self.failures = list(failures)
        self.calls: list[float] = []

    def next_turn(self):
        self.calls.append(time.monotonic())
        if self.failures:
            raise self.failures.pop(0)
        return super().next_turn()


def test_retries_transient_errors_honouring_retry_after(desktop):
    provider = Flaky([TransientError("429", retry_after=0.6), TransientError("500")])
    events = []
    config = RunConfig(retry_base_s=0.1, retry_max_s=0.2)
    result = Agent(provider, desktop, config, on_event=events.append).run("x")
    assert result.reason == "completed"
    assert provider.calls[1] - provider.calls[0] >= 0.6
    retries = [e.data for e in events if e.kind == ev.RETRY]
    assert [r["delay_s"] for r in retries][0] == 0.6 and 0.1 <= retries[1]["delay_s"] <= 0.2


def test_gives_up_after_max_retries_with_an_error_reason(desktop):
    provider = Flaky([TransientError("overloaded", retry_after=0.0)] * 3)
    result = Agent(provider, desktop, RunConfig(max_retries=2)).run("x")
    assert result.reason == "error" and "gave up after 3 attempts" in result.error


def test_stop_from_another_thread_leaves_consistent_events(desktop):
    gen = endless()
    provider = Scripted([lambda: next(gen)] * 10_000)
    events = []
    agent = Agent(provider, desktop, RunConfig(max_steps=10_000), on_event=events.append)
    threading.Timer(0.5, agent.stop).start()
    result = agent.run("x")
    assert result.reason == "stopped"
    actions = [e.data["call_id"] for e in events if e.kind == ev.ACTION]
    results = [e.data["call_id"] for e in events if e.kind == ev.RESULT]
    assert actions and results[: len(actions)] == actions
    assert events[-1].kind == ev.FINISHED


def test_user_message_mid_run_answers_dangling_calls_with_errors(desktop):
    agent = None

    def two_calls():
        agent.send_user_message("actually, stop clicking")
        return ModelTurn(
            tool_calls=[
                ToolCall("x1", "computer", {"action": "left_click", "coordinate": [1, 1]}),
                ToolCall("x2", "computer", {"action": "left_click", "coordinate": [2, 2]}),
            ]
        )

    provider = Scripted([two_calls, ModelTurn(text="ok", status=DONE)])
    agent = Agent(provider, desktop, RunConfig(max_steps=5))
    result = agent.run("x")
    assert result.reason == "completed"
    assert [(c.id, r.error) for c, r in provider.results[0]] == [("x1", INTERRUPTED), ("x2", INTERRUPTED)]
    assert provider.messages == ["actually, stop clicking"]
