"""Replay as a live run: a provider that hands a recorded run's tool calls back to the agent loop, one
recorded step per turn, so that a replay can be watched, taken over and stopped like any other run.
Which calls are replayed follows `deskpilot.store.replay` (only calls that reached a tool)."""

from __future__ import annotations

from pathlib import Path

from deskpilot.core.scaling import LEGACY_TARGETS, Scaling
from deskpilot.core.turns import CONTINUE, DONE, ModelTurn, ToolCall
from deskpilot.providers.base import Provider
from deskpilot.store import load
from deskpilot.store.replay import catalog_apps, skip_reason

POLICIES = ("api", "none", *LEGACY_TARGETS)
TOOL_KINDS = {"computer_": "computer", "bash_": "bash", "text_editor_": "editor"}


class ReplayProvider(Provider):
    name = "replay"

    def __init__(self, run_dir: str | Path):
        self.trajectory = load(run_dir)
        super().__init__(self.trajectory.run_id)
        meta = self.trajectory.meta
        self.size = tuple(meta.get("screen_size") or (1280, 800))
        self.apps = catalog_apps(meta.get("apps") or [])
        self.instruction = meta.get("instruction") or ""
        self._policy = self._find_policy(tuple(meta.get("image_size") or self.size))
        self._versions = {
            kind: version
            for version in (meta.get("tool_versions") or {}).values()
            for prefix, kind in TOOL_KINDS.items()
            if version.startswith(prefix)
        }
        if "computer" not in self._versions:
            raise ValueError(f"run {self.model} recorded no computer tool version")
        # Steps with something to replay; the last step stays (its text is the run's answer).
        steps = self.trajectory.steps
        self._turns = [s for s in steps[:-1] if self._calls(s)] + steps[-1:]

    def _find_policy(self, image: tuple[int, int]) -> str:
        """The scaling policy that gives the recorded image size, so that recorded coordinates still fit."""
        for policy in POLICIES:
            try:
                if Scaling.for_screen(*self.size, policy=policy).image_size == image:
                    return policy
            except ValueError:
                continue
        raise ValueError(f"no scaling policy turns a {self.size} screen into the recorded {image} image")

    @staticmethod
    def _calls(step) -> list[ToolCall]:
        return [ToolCall(c.id, c.tool, c.input) for c in step.calls if skip_reason(c) is None]

    def tool_versions(self) -> dict[str, str]:
        return dict(self._versions)

    def scaling_policy(self) -> str:
        return self._policy

    def start(self, session) -> None:
        return None

    def next_turn(self) -> ModelTurn:
        if not self._turns:
            return ModelTurn(text="The replay has no more steps.", status=DONE)
        step = self._turns.pop(0)
        calls = self._calls(step)
        return ModelTurn(text=step.text, tool_calls=calls, status=CONTINUE if calls else DONE)

    def add_tool_results(self, results) -> None:
        return None
