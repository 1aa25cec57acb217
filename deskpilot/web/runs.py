"""The run manager: each live run owns a desktop and an agent thread; its events fan out to any number of
browsers. Confirmations, take-over and the kill switch are handled here. Finished runs are read back from
the runs folder (the trajectory store), which is the one record of a run once it has ended."""

from __future__ import annotations

import asyncio
import base64
import io
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from deskpilot.agent import Agent, Event, RunConfig
from deskpilot.agent.loop import new_run_id
from deskpilot.agent.session import RunSession, RunSpec
from deskpilot.core import events as ev
from deskpilot.core.turns import ProviderError
from deskpilot.desktop import Desktop, DesktopError
from deskpilot.providers import Provider, make_provider
from deskpilot.safety import Guard
from deskpilot.safety.confirm import Approval, ConfirmationRequest
from deskpilot.safety.flagged import run_flags
from deskpilot.store import load
from deskpilot.store.recorder import DB_NAME
from deskpilot.store.trajectory import TrajectoryError, read_events
from deskpilot.web.replay import ReplayProvider

STARTING, RUNNING, STOPPING, FINISHED = "starting", "running", "stopping", "finished"
STOP_GRACE_S = 1.0  # after this the kill switch closes the desktop under a run that has not ended yet
JPEG_QUALITY = 70
# Events only the web app sends (they are not part of a trajectory).
STATE, CONFIRMATION_REQUEST, TAKEOVER, ERROR = "state", "confirmation_request", "takeover", "error"


class ModelError(ValueError):
    """The model spec cannot be used (unknown prefix, a backend that is not installed, bad options)."""


def public_event(kind: str, step: int, t: float, data: dict, guard: Guard | None) -> dict:
    """An event as the browser gets it: without the provider's raw payload, screenshots as base64, and
    redacted by the run's guard (None: already redacted, e.g. read back from a trajectory)."""
    data = {k: v for k, v in data.items() if k != "raw"}
    image = data.pop("image", None)
    if guard:
        data = redacted(data, guard)
    if isinstance(image, bytes):
        data["base64"] = base64.b64encode(image).decode()
    return {"kind": kind, "step": step, "time": t, "data": data}


def redacted(data: dict, guard: Guard) -> dict:
    """Every string in `data` with secrets (API keys, tokens) replaced."""
    return {k: guard.redactor.redact_obj(v) for k, v in data.items()}


@dataclass
class _Pending:
    request: dict
    answered: threading.Event = field(default_factory=threading.Event)
    approved: bool = False


class LiveRun:
    """One run in progress. Methods are thread-safe; the agent runs in `thread`."""

    def __init__(
        self,
        manager: RunManager,
        provider: Provider,
        instruction: str,
        apps: list[str],
        size: tuple[int, int],
        max_steps: int,
    ):
        self.manager = manager
        self.id = new_run_id()
        self.model = provider.spec
        self.instruction = instruction
        self.apps = apps
        self.size = size
        self.config = RunConfig(max_steps=max_steps)
        self.started_at = time.time()
        self.state = STARTING
        self.reason: str | None = None
        self.desktop: Desktop | None = None
        self.agent: Agent | None = None
        self.steps = 0
        self._provider = provider
        self.guard = manager.guard_class(confirmer=self.confirm)
        self._lock = threading.Lock()
        self._history: list[dict] = []
        self._subscribers: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue]] = []
        self._pending: dict[str, _Pending] = {}
        self._takeover_wanted = False
        self._stop = threading.Event()
        self._frame_lock = threading.Lock()
        self._frame: tuple[bytes, bytes] | None = None  # (raw BGRA, JPEG) of the last frame sent
        self.thread = threading.Thread(target=self._main, name=f"run-{self.id}", daemon=True)
        self._set_state(STARTING)

    # The run thread
    def _main(self) -> None:
        spec = RunSpec(
            self.instruction,
            model=self.model,
            apps=self.apps,
            size=self.size,
            config=self.config,
            out_dir=self.manager.runs_dir,
            run_id=self.id,
            sandbox=self.manager.sandbox,
        )
        session = RunSession(
            spec, provider=self._provider, guard=self.guard, listeners=[self._on_agent_event]
        )
        if not self._admitted(session):
            return
        try:
            session.start()
            with self._lock:
                self.desktop, self.agent = session.desktop, session.agent
            assert session.agent is not None
            if self._stop.is_set():
                session.agent.stop()
            if self._takeover_wanted:
                session.agent.take_over()
            self._set_state(RUNNING)
            self.reason = session.run().reason
        except Exception as exc:  # the desktop did not start, or the run could not be recorded
            self.reason = "error"
            self.publish(ERROR, {"message": f"the run failed: {type(exc).__name__}: {exc}"})
        finally:
            with self._frame_lock:  # the live view lets go of the desktop before it closes
                self.desktop = None
            session.close()
            self._set_state(FINISHED)
            self.manager._finished(self)

    def _admitted(self, session: RunSession) -> bool:
        """Screen the task before any desktop starts (a "confirm" verdict asks the browsers). The agent
        reports an admitted task's screening itself; a refused task ends here with its audit log."""
        if session.screen():
            return True
        decision = self.guard.screenings[-1]
        self.publish(ev.SCREENING, redacted(decision.to_dict(), self.guard))
        self.publish(ERROR, {"message": f"the task screener refused this task: {decision.reason}"})
        self.reason = "refused"
        self._set_state(FINISHED)
        self.manager._finished(self)
        return False

    def _on_agent_event(self, event: Event) -> None:
        if event.kind == ev.STEP_STARTED:
            self.steps = event.step
        self._publish(public_event(event.kind, event.step, event.time, event.data, self.guard))

    # Events
    def publish(self, kind: str, data: dict) -> None:
        self._publish({"kind": kind, "step": self.steps, "time": time.time(), "data": data})

    def _publish(self, event: dict) -> None:
        with self._lock:  # history order == delivery order
            self._history.append(event)
            for subscriber in list(self._subscribers):
                loop, queue = subscriber
                try:
                    loop.call_soon_threadsafe(queue.put_nowait, event)
                except RuntimeError:  # that browser's event loop is gone
                    self._subscribers.remove(subscriber)

    def subscribe(self, loop: asyncio.AbstractEventLoop) -> tuple[list[dict], asyncio.Queue]:
        """Every event so far and a queue that gets each later one."""
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._subscribers.append((loop, queue))
            return list(self._history), queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        with self._lock:
            self._subscribers = [s for s in self._subscribers if s[1] is not queue]

    def history(self) -> list[dict]:
        with self._lock:
            return list(self._history)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.publish(STATE, {"state": state, "reason": self.reason})

    def summary(self) -> dict:
        return {
            "id": self.id,
            "model": self.model,
            "instruction": self.instruction,
            "apps": self.apps,
            "size": list(self.size),
            "state": self.state,
            "reason": self.reason,
            "steps": self.steps,
            "started_at": self.started_at,
            "live": True,
            "takeover": self.taken_over,
            "pending": self.pending(),
            "flags": self.guard.flags,
        }

    def pending(self) -> list[dict]:
        """Confirmation requests waiting for an answer."""
        with self._lock:
            return [item.request for item in self._pending.values()]

    # Control from other threads
    @property
    def stop_requested(self) -> bool:
        """Stopped here, or through the agent (e.g. the kill switch's stop file)."""
        agent = self.agent
        return self._stop.is_set() or (agent is not None and agent.stopping)

    def stop(self) -> None:
        """The kill switch: the agent is stopped, whatever it waits for is released (a pending confirmation
        counts as denied), and if it has not ended within STOP_GRACE_S its desktop is closed under it."""
        with self._lock:
            self._stop.set()
            agent, pending = self.agent, list(self._pending.values())
        if agent is not None:
            agent.stop()
        for item in pending:
            item.answered.set()
        if self.state != FINISHED:
            self._set_state(STOPPING)
        self.thread.join(STOP_GRACE_S)
        if self.thread.is_alive():  # stuck in a tool (a long wait, a bash command): take its desktop away
            with self._frame_lock:
                desktop, self.desktop = self.desktop, None
            if desktop is not None:
                desktop.close()
                self.reason = "stopped"
                self._set_state(FINISHED)

    def send_message(self, text: str) -> None:
        with self._lock:
            agent = self.agent
        if agent is None:
            raise RuntimeError("the run has not started yet")
        agent.send_user_message(text)

    def confirm(self, request: ConfirmationRequest) -> Approval:
        """The guard's confirmer (run thread): ask the browsers and wait for an answer, a stop or the end of
        the run's time budget. Anything but an approval is a denial."""
        item = _Pending(redacted(asdict(request), self.guard))
        with self._lock:
            if self._stop.is_set():
                return Approval(False, "web", request.action_hash, "the run was stopped")
            self._pending[request.call_id] = item
        self.publish(CONFIRMATION_REQUEST, item.request)
        item.answered.wait(max(0.0, self.config.max_seconds - (time.time() - self.started_at)))
        with self._lock:
            self._pending.pop(request.call_id, None)
        return Approval(item.approved and not self._stop.is_set(), "web", request.action_hash)

    def answer(self, call_id: str, approve: bool) -> bool:
        """Approve or deny a pending confirmation; False when there is none with this id."""
        with self._lock:
            item = self._pending.get(call_id)
        if item is None:
            return False
        item.approved = approve
        item.answered.set()
        return True

    def set_takeover(self, on: bool) -> None:
        """A human takes the desktop (the agent waits) or hands it back."""
        with self._lock:
            agent = self.agent
            self._takeover_wanted = on
        if agent is not None:
            agent.take_over() if on else agent.hand_back()
        self.publish(TAKEOVER, {"on": on})

    @property
    def taken_over(self) -> bool:
        agent = self.agent
        return agent.taken_over if agent is not None else self._takeover_wanted

    # The live view
    def frame(self) -> bytes | None:
        """The screen as JPEG, or None once the desktop is gone. An unchanged screen is not re-encoded."""
        with self._frame_lock:
            desktop = self.desktop
            if desktop is None:
                return None
            try:
                raw = desktop.grab()
            except DesktopError:
                return None
            if self._frame is None or self._frame[0] != raw:
                buffer = io.BytesIO()
                Image.frombuffer("RGB", desktop.size, raw, "raw", "BGRX", 0, 1).save(
                    buffer, "JPEG", quality=JPEG_QUALITY
                )
                self._frame = (raw, buffer.getvalue())
            return self._frame[1]


class RunManager:
    """Live runs in memory, past runs from `runs_dir`.

    provider_factory: model spec -> Provider (raises ProviderError or ImportError for a bad spec).
    guard_class: the Guard each run gets, made with the run's browser confirmer (tests give it a policy hook).
    sandbox: contain each run's apps and shell in a bubblewrap pod, as `deskpilot run` does (as root).
    """

    def __init__(
        self,
        runs_dir: str | Path,
        *,
        provider_factory: Callable[[str], Provider] = make_provider,
        guard_class: type[Guard] = Guard,
        sandbox: bool = False,
    ):
        self.runs_dir = Path(runs_dir)
        self.sandbox = sandbox
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.provider_factory = provider_factory
        self.guard_class = guard_class
        self._live: dict[str, LiveRun] = {}
        self._lock = threading.Lock()

    def start(
        self, model: str, instruction: str, apps: list[str], size: tuple[int, int], max_steps: int
    ) -> LiveRun:
        """Start a run; the provider is built first, so that a bad spec fails here with ModelError."""
        try:
            provider = self.provider_factory(model)
        except (ProviderError, ImportError, ValueError) as exc:
            raise ModelError(f"model {model!r}: {exc}") from exc
        return self._launch(provider, instruction, apps, size, max_steps)

    def replay(self, run_dir: Path) -> LiveRun:
        """Replay a recorded run's actions on a fresh desktop of its size and apps (ValueError if it cannot)."""
        provider = ReplayProvider(run_dir)
        instruction = f"Replay of {run_dir.name}: {provider.instruction}"
        return self._launch(
            provider, instruction, provider.apps, provider.size, len(provider.trajectory.steps) + 1
        )

    def _launch(
        self, provider: Provider, instruction: str, apps: list[str], size: tuple[int, int], max_steps: int
    ) -> LiveRun:
        run = LiveRun(self, provider, instruction, apps, size, max_steps)
        with self._lock:
            self._live[run.id] = run
        run.thread.start()
        return run

    def live(self, run_id: str) -> LiveRun | None:
        with self._lock:
            return self._live.get(run_id)

    def _finished(self, run: LiveRun) -> None:
        """A finished run is forgotten once its trajectory is on disk (a run whose desktop never came up
        has none and stays, so that its error can still be seen)."""
        if (self.runs_dir / run.id / DB_NAME).is_file():
            with self._lock:
                self._live.pop(run.id, None)

    def run_dir(self, run_id: str) -> Path | None:
        """The folder of a recorded run, or None. Only direct children of runs_dir are runs."""
        path = self.runs_dir / run_id
        if "/" in run_id or run_id in ("", ".", "..") or not (path / DB_NAME).is_file():
            return None
        return path

    def list(self) -> list[dict]:
        """Live runs, then recorded ones, newest first."""
        with self._lock:
            live = [run.summary() for run in self._live.values()]
        ids = {run["id"] for run in live}
        past = []
        for path in self.runs_dir.iterdir():
            if path.name not in ids and (path / DB_NAME).is_file():
                try:
                    past.append(self.past_summary(path))
                except TrajectoryError:
                    continue  # not a readable trajectory database
        return sorted(live + past, key=lambda r: r["started_at"] or 0, reverse=True)

    def past_summary(self, run_dir: Path) -> dict:
        traj = load(run_dir)
        meta, finished = traj.meta, traj.finished
        return {
            "id": run_dir.name,
            "model": meta.get("model"),
            "instruction": meta.get("instruction"),
            "apps": meta.get("apps") or [],
            "size": meta.get("screen_size"),
            "state": FINISHED,
            "reason": finished.get("reason") if finished else "interrupted",
            "steps": finished.get("steps") if finished else len(traj.steps),
            "started_at": meta.get("started_at"),
            "live": False,
            "takeover": False,
            "pending": [],
            "flags": run_flags(run_dir),
        }

    def past_events(self, run_dir: Path) -> list[dict]:
        """A recorded run's events as the browser gets them; screenshots point at their files."""
        events = []
        for _seq, step, kind, t, shot, data in read_events(run_dir):
            event = public_event(kind, step, t, data, None)  # the recorder redacted them already
            if shot:
                event["data"]["url"] = f"/api/runs/{run_dir.name}/{shot}"
            events.append(event)
        return events

    def stop_all(self) -> None:
        with self._lock:
            runs = list(self._live.values())
        for run in runs:
            run.stop()
