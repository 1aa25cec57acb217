"""Scripted agents for evaluation: `noop` does nothing, `oracle` replays a task's `solution`.

A solution is a list of steps, one tool call per turn:
  {"action": "left_click", "coordinate": [x, y]}           a computer action (coordinates in the pixels of
                                                           the model's image of the task's screen)
  {"tool": "computer", "input": {...}}                     the same, spelled out
  {"tool": "bash", "input": {"command": "..."}}            any tool by name
  {"action": "DONE"} / {"action": "FAIL"}                  end with status done / fail (infeasible)
The run ends with status done after the last step. A step whose tool returns an error stops the replay
with a ProviderError, so a broken solution shows up as an error instead of a wrong score.
"""

from __future__ import annotations

from deskpilot.core.results import ToolResult
from deskpilot.core.turns import DONE, FAIL, ModelTurn, ProviderError, ToolCall
from deskpilot.providers.base import Provider, Session


class NoopProvider(Provider):
    """Ends at once with status done and no action: the baseline every task's initial state must fail."""

    name = "noop"

    def start(self, session: Session) -> None:
        return None

    def next_turn(self) -> ModelTurn:
        return ModelTurn(text="Done.", status=DONE)

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        return None


class OracleProvider(Provider):
    """Replays `session.task["solution"]`."""

    name = "oracle"

    def start(self, session: Session) -> None:
        solution = (session.task or {}).get("solution")
        if not isinstance(solution, list):
            raise ProviderError("the oracle needs a task with a 'solution' list")
        self._steps = list(solution)
        self._done = 0
        self._failure: str | None = None

    def next_turn(self) -> ModelTurn:
        if self._failure:
            raise ProviderError(self._failure)
        if not self._steps:
            return ModelTurn(text="Solution replayed.", status=DONE)
        step = self._steps.pop(0)
        self._done += 1
        if step.get("action") == "FAIL":
            return ModelTurn(text="FAIL: this task cannot be done.", status=FAIL)
        if step.get("action") == "DONE":
            return ModelTurn(text="Done.", status=DONE)
        tool, params = (step["tool"], step["input"]) if "tool" in step else ("computer", step)
        return ModelTurn(
            text=f"Solution step {self._done}.", tool_calls=[ToolCall(f"oracle-{self._done}", tool, params)]
        )

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        for call, result in results:
            if result.is_error:
                self._failure = (
                    f"solution step {self._done} ({call.tool} {call.input}) failed: {result.error}"
                )
