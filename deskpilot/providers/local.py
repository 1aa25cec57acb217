"""`local`: deskpilot's own offline computer-use model (deskpilot.local): CPU only, no key, no network.

It parses the instruction into commands, looks at the screen through OCR and the accessibility tree,
grounds descriptions to pixels and emits one canonical tool call per turn, checking each action's effect.
Coordinates are computed on the full-resolution screen and mapped to the model image with the session's
scaling, like any provider's. Apps are launched through the bash tool when the session has one.
"""

from __future__ import annotations

import itertools

from deskpilot.core.families import COMPUTER_20251124, FAMILIES
from deskpilot.core.turns import CONTINUE, ModelTurn, ToolCall
from deskpilot.local.agent import Decision, LocalAgent, Perception
from deskpilot.providers.base import Provider, Session


class LocalProvider(Provider):
    name = "local"

    def tool_versions(self) -> dict[str, str]:
        """A computer version with zoom, so that zoom works when the run enables it."""
        return FAMILIES[COMPUTER_20251124].versions()

    def start(self, session: Session) -> None:
        self.session = session
        computer = session.tools.get("computer")
        zoom = bool(getattr(computer, "enable_zoom", False))
        self.perception = Perception(session.desktop, tuple(session.tools), zoom_enabled=zoom)
        self.agent = LocalAgent(self.perception)
        self._ids = itertools.count(1)
        self._pending: Decision | None = self.agent.start(session.instruction)
        self._result = None

    def next_turn(self) -> ModelTurn:
        decision = self._pending or self.agent.step(self._result)
        self._pending = None
        if decision.act is None:
            return ModelTurn(text=decision.text, status=decision.status)
        act = decision.act
        params = dict(act.input)
        if self.session.desktop is not None and act.tool == "computer":
            scaling = self.session.scaling
            for name in ("coordinate", "start_coordinate"):
                if name in params:
                    params[name] = list(scaling.to_image(*params[name]))
            if "region" in params:
                x0, y0, x1, y1 = params["region"]
                a, b = scaling.to_image(x0, y0), scaling.to_image(max(x0, x1 - 1), max(y0, y1 - 1))
                params["region"] = [a[0], a[1], b[0] + 1, b[1] + 1]
        call = ToolCall(id=f"local_{next(self._ids)}", tool=act.tool, input=params)
        return ModelTurn(text=decision.text, tool_calls=[call], status=CONTINUE)

    def add_tool_results(self, results) -> None:
        for _call, result in results:
            self._result = result
            self.agent.see_result_image(result.image)

    def add_user_message(self, text: str) -> None:
        """A follow-up instruction (e.g. the answer to a question) starts a fresh plan."""
        self._pending = self.agent.start(text)
        self._result = None

    def close(self) -> None:
        if getattr(self, "perception", None) is not None:
            self.perception.close()
