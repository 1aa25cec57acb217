import pytest

from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import Scaling
from deskpilot.core.turns import DONE, FAIL, ProviderError
from deskpilot.providers import Session, make_provider


def session(task):
    return Session(
        instruction="x", system_prompt="", tools={}, scaling=Scaling.for_screen(1280, 800), task=task
    )


def test_noop_is_done_at_once():
    noop = make_provider("noop")
    noop.start(session({"solution": [{"action": "left_click"}]}))
    turn = noop.next_turn()
    assert (turn.status, turn.tool_calls) == (DONE, [])


def test_oracle_replays_one_call_per_turn_then_is_done():
    oracle = make_provider("oracle")
    oracle.start(
        session(
            {
                "solution": [
                    {"action": "left_click", "coordinate": [10, 20]},
                    {"tool": "bash", "input": {"command": "true"}},
                    {"tool": "computer", "input": {"action": "key", "text": "ctrl+s"}},
                ]
            }
        )
    )
    calls = []
    for _ in range(3):
        turn = oracle.next_turn()
        assert turn.status == "continue" and len(turn.tool_calls) == 1
        calls.append((turn.tool_calls[0].tool, turn.tool_calls[0].input))
        oracle.add_tool_results([(turn.tool_calls[0], ToolResult(output="fine"))])
    assert calls == [
        ("computer", {"action": "left_click", "coordinate": [10, 20]}),
        ("bash", {"command": "true"}),
        ("computer", {"action": "key", "text": "ctrl+s"}),
    ]
    assert oracle.next_turn().status == DONE


@pytest.mark.parametrize(("step", "status"), [({"action": "FAIL"}, FAIL), ({"action": "DONE"}, DONE)])
def test_oracle_control_steps_end_the_run(step, status):
    oracle = make_provider("oracle")
    oracle.start(session({"solution": [step, {"action": "left_click"}]}))
    turn = oracle.next_turn()
    assert (turn.status, turn.tool_calls) == (status, [])


def test_oracle_stops_at_a_failed_step_and_needs_a_solution():
    oracle = make_provider("oracle")
    oracle.start(session({"solution": [{"action": "left_click"}, {"action": "left_click"}]}))
    call = oracle.next_turn().tool_calls[0]
    oracle.add_tool_results([(call, ToolResult(error="Coordinates (5000, 1) are outside display bounds"))])
    with pytest.raises(ProviderError, match="solution step 1 .* outside display bounds"):
        oracle.next_turn()
    with pytest.raises(ProviderError, match="needs a task with a 'solution'"):
        make_provider("oracle").start(session({"id": "no-solution"}))
