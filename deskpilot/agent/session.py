"""The one place that assembles a run: Desktop + Provider + Guard + Recorder + Agent.

`deskpilot run`, the web app, evaluation episodes and the MCP server all build their runs here, so that
every run gets the same safety layer, trajectory and audit log, whoever started it.

    spec = RunSpec("open the calculator", model="local", apps=["calculator"])
    with RunSession(spec, listeners=[print]) as session:
        result = session.run()
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskpilot.agent.config import RunConfig, RunResult
from deskpilot.agent.loop import Agent, LoopHooks, new_run_id
from deskpilot.core import events as ev
from deskpilot.core.stops import REFUSED
from deskpilot.core.turns import CONTINUE
from deskpilot.desktop import Desktop
from deskpilot.desktop.sandbox import Limits
from deskpilot.providers import make_provider
from deskpilot.providers.base import Provider
from deskpilot.safety import Guard, Policy
from deskpilot.safety.confirm import Confirmer, headless


class TaskRefused(Exception):
    """The task screener refused the instruction; no desktop was started."""

    def __init__(self, decision: Any):
        super().__init__(f"the task screener refused this task: {decision.reason if decision else '?'}")
        self.decision = decision


@dataclass
class RunSpec:
    """What to run and under which rules.

    policy: a policy file (None: $DESKPILOT_POLICY or the built-in policy).
    confirmer: who answers "confirm" verdicts (headless denies them).
    guarded: False runs without the safety layer (only for tests of the bare loop).
    sandbox: run apps and the model's shell as the unprivileged deskpilot user (root only).
    """

    instruction: str
    model: str = "local"
    apps: list[str] = field(default_factory=list)
    size: tuple[int, int] = (1280, 800)
    home: Path | None = None
    sandbox: bool = False
    config: RunConfig = field(default_factory=RunConfig)
    out_dir: Path | None = Path("runs")
    policy: str | os.PathLike[str] | None = None
    confirmer: Confirmer = headless
    guarded: bool = True
    run_id: str | None = None
    task: dict[str, Any] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    network_allow: list[str] = field(default_factory=list)  # hosts the sandbox may reach through its proxy
    home_mb: int | None = None  # the sandbox's HOME size in MB (None: the pod's default)


class RunSession:
    """Builds and owns one run's parts. The desktop is started here unless one is given (then its owner
    closes it); `provider` and `guard` may also be given, e.g. by the web app."""

    def __init__(
        self,
        spec: RunSpec,
        *,
        provider: Provider | None = None,
        guard: Guard | None = None,
        desktop: Desktop | None = None,
        listeners: Iterable[Callable[[ev.Event], None]] = (),
        hooks: Iterable[LoopHooks] = (),
    ):
        self.spec = spec
        self.run_id = spec.run_id or new_run_id()
        self.provider = provider if provider is not None else make_provider(spec.model)
        self.guard = guard if guard is not None else self._make_guard()
        self._own_desktop = desktop is None
        self.desktop = desktop
        self.listeners = list(listeners)
        self.hooks = list(hooks)
        self.agent: Agent | None = None

    def _make_guard(self) -> Guard | None:
        if not self.spec.guarded:
            return None
        return Guard(Policy.load(self.spec.policy), confirmer=self.spec.confirmer)

    @property
    def run_dir(self) -> Path | None:
        return self.spec.out_dir / self.run_id if self.spec.out_dir else None

    def screen(self) -> bool:
        """Screen the instruction with the task screener before any desktop starts (a "confirm" verdict asks
        the confirmer). False when refused: the run's audit log records why, and nothing else is started."""
        guard = self.guard
        if guard is None:
            return True
        if not guard.screenings:
            guard.admit(self.spec.instruction, "instruction")
        if guard.refused and self.run_dir is not None and guard.audit is None:
            guard.record_refusal(self.run_dir / "audit")
        return not guard.refused

    def start(self) -> RunSession:
        """Start the desktop (unless given) and build the agent; a task the screener refuses raises
        TaskRefused before any desktop starts."""
        spec = self.spec
        if not self.screen():
            raise TaskRefused(self.guard.screenings[-1] if self.guard else None)
        if self.desktop is None:
            self.desktop = Desktop(
                size=spec.size,
                apps=spec.apps,
                home=spec.home,
                sandbox=spec.sandbox,
                extra_env=spec.extra_env,
                network_allow=spec.network_allow,
                limits=Limits(home_mb=spec.home_mb) if spec.home_mb else None,
                egress_log=self.run_dir / "egress.jsonl" if self.run_dir else None,
            ).start()
        self.agent = Agent(
            self.provider,
            self.desktop,
            spec.config,
            out_dir=spec.out_dir,
            guard=self.guard,
            run_id=self.run_id,
            hooks=self.hooks,
        )
        self.agent.listeners.extend(self.listeners)
        return self

    def run(self) -> RunResult:
        """Run the task; one the screener refuses ends at once with reason "refused" (nothing started)."""
        if self.agent is None:
            if not self.screen():
                run_dir = str(self.run_dir) if self.run_dir else None
                reason = self.guard.screenings[-1].reason if self.guard else ""
                return RunResult(self.run_id, REFUSED, CONTINUE, 0, 0, 0, 0.0, 0.0, "", run_dir, reason)
            self.start()
        assert self.agent is not None
        return self.agent.run(self.spec.instruction, task=self.spec.task)

    def close(self) -> None:
        if self._own_desktop and self.desktop is not None:
            self.desktop.close()

    def __enter__(self) -> RunSession:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc: object) -> None:
        self.close()
