"""The agent loop: instruction -> model -> tool calls -> tool results -> ... until done or a budget ends.

One executor for every provider: a turn's tool calls form a batch that runs in order; the first call that
fails ends the batch, and every later call is answered with `NOT_EXECUTED` without running. Each call
passes the guard (policy, provider safety checks, confirmation) right before it runs.

Control from other threads: `stop()`, `send_user_message()`, and `take_over()` / `hand_back()` for a human
who drives the desktop for a while (the loop waits, and the first action planned on the old screen is not
run). Listeners get every event; the trajectory recorder is one of them.
"""

from __future__ import annotations

import datetime
import io
import queue
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image

from deskpilot import __version__
from deskpilot.agent.config import RunConfig, RunResult
from deskpilot.agent.prompt import system_prompt
from deskpilot.core import caps
from deskpilot.core import events as ev
from deskpilot.core.families import supports_zoom
from deskpilot.core.results import ToolResult
from deskpilot.core.stops import (
    COMPLETED,
    ERROR,
    INFEASIBLE,
    MAX_COST,
    MAX_STEPS,
    MAX_TIME,
    MAX_TOKENS,
    NEEDS_INPUT,
    REFUSED,
    STOPPED,
)
from deskpilot.core.turns import (
    ASK_USER,
    CONTINUE,
    DONE,
    FAIL,
    ModelTurn,
    ProviderError,
    ToolCall,
    TransientError,
    Usage,
)
from deskpilot.providers.base import Provider, Session
from deskpilot.safety import killswitch
from deskpilot.tools import ComputerTool
from deskpilot.tools.computer import encode_image
from deskpilot.tools.contained import bash_for, editor_for

INTERRUPTED = "human stopped or interrupted tool execution"
# Exact text for later calls of a batch after one failed (Anthropic's computer_toolset_20260801 docs).
NOT_EXECUTED = "Not executed: an earlier computer action in this turn failed."
TAKEOVER_REASON = (
    "the user took control of the desktop and has handed it back, so this action was not run; "
    "take a screenshot to see the screen as it is now"
)
END_REASONS = {DONE: COMPLETED, FAIL: INFEASIBLE, ASK_USER: NEEDS_INPUT}
POLL_S = 0.05


def new_run_id() -> str:
    return f"{datetime.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


class _Stopped(Exception):
    """The run was stopped (or ran out of time) while the loop waited for something."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _capped_result(result: ToolResult) -> ToolResult:
    """A tool result whose output and error texts are within caps.TOOL_OUTPUT_CHARS, saying so if cut."""
    limit = caps.TOOL_OUTPUT_CHARS
    if len(result.output or "") <= limit and len(result.error or "") <= limit:
        return result
    return replace(
        result,
        output=None if result.output is None else caps.capped(result.output, limit, "tool output"),
        error=None if result.error is None else caps.capped(result.error, limit, "tool error"),
    )


class LoopHooks:
    """Extension points of the loop; override what you need. Hooks run in the run's thread."""

    def before_turn(self, agent: Agent) -> None:
        """Before each model call."""

    def before_action(self, agent: Agent, call: ToolCall) -> ToolResult | None:
        """Before each tool call, after the guard allowed it; a result returned here is used instead of
        running the call."""
        return None


class Agent:
    """Runs one provider on one desktop. `run()` blocks; the control methods are thread-safe.

    guard: a `deskpilot.safety.Guard`: every call passes its policy (allow, confirm through its confirmer, or
    deny), everything the model reads is scanned for prompt injections and redacted, and trajectories are
    redacted. With out_dir, the run's trajectory and audit log go to out_dir/run_id.
    confirm: without a guard, asks a human about a provider's safety question; errors count as deny.
    """

    def __init__(
        self,
        provider: Provider,
        desktop: Any,
        config: RunConfig | None = None,
        *,
        on_event: Callable[[ev.Event], None] | None = None,
        out_dir: str | Path | None = None,
        guard: Any = None,
        confirm: Callable[[dict[str, Any]], bool] | None = None,
        run_id: str | None = None,
        hooks: Iterable[LoopHooks] = (),
    ):
        self.provider = provider
        self.desktop = desktop
        self.config = config or RunConfig()
        self.listeners: list[Callable[[ev.Event], None]] = [on_event] if on_event else []
        self.out_dir = Path(out_dir) if out_dir else None
        self.guard = guard
        self.confirm = confirm
        self.run_id = run_id or new_run_id()
        self.hooks = list(hooks)
        self.tools: dict[str, Any] = {}
        self._stop = threading.Event()
        self._messages: queue.Queue[str] = queue.Queue()
        self._control = threading.Condition()
        self._taken_over = False  # a human drives the desktop now
        self._screen_changed = False  # ...or did since the agent's last action
        self._recorder: Any = None
        self._video: Any = None
        self._screen_redacted = False  # a secret was blacked out of a screenshot: the video must go
        self._step = 0
        self._usage = Usage()
        self._cost = 0.0
        self._started = 0.0
        self._screen_reader: Any = None
        self._last_image: bytes | None = None  # the latest screenshot the model received

    # Control from other threads
    def stop(self) -> None:
        self._stop.set()
        with self._control:
            self._control.notify_all()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set() or killswitch.stop_requested(self.run_id)

    def send_user_message(self, text: str) -> None:
        self._messages.put(text)

    def take_over(self) -> None:
        """A human takes the desktop: the loop waits before its next model call or action."""
        with self._control:
            self._taken_over = self._screen_changed = True
            self._control.notify_all()

    def hand_back(self) -> None:
        with self._control:
            self._taken_over = False
            self._control.notify_all()

    @property
    def taken_over(self) -> bool:
        return self._taken_over

    # The run
    def run(self, instruction: str, task: dict[str, Any] | None = None) -> RunResult:
        self._started = time.monotonic()
        self.tools = self._make_tools()
        computer: ComputerTool = self.tools["computer"]
        run_dir = self._open_recorder()
        windows = self.desktop.windows()
        prompt = system_prompt(
            self.desktop.size,
            computer.scaling.image_size,
            str(self.desktop.home),
            [w["title"] for w in windows],
            self.config.system_prompt_suffix,
            list(self.tools),
        )
        self._emit(
            ev.RunStarted(
                run_id=self.run_id,
                model=self.provider.spec,
                instruction=instruction,
                screen_size=list(self.desktop.size),
                image_size=list(computer.scaling.image_size),
                tool_versions={name: tool.to_params()["type"] for name, tool in self.tools.items()},
                apps=list(self.desktop.apps),
                windows=[w["class"] for w in windows],
                home=str(self.desktop.home),
                version=__version__,
                system_prompt=prompt,
                started_at=time.time(),
                task_id=(task or {}).get("id"),
                config={
                    **{k: v for k, v in vars(self.config).items() if k != "system_prompt_suffix"},
                    "enable_zoom": computer.enable_zoom,  # as run: a provider may turn zoom on (replay reads it)
                },
            )
        )
        if run_dir is not None:
            self._start_video(run_dir)
        reason, status, final_text, error = ERROR, CONTINUE, "", None
        try:
            self._screen_instruction(instruction)
            self.provider.start(
                Session(
                    instruction=instruction,
                    system_prompt=prompt,
                    tools=self.tools,
                    scaling=computer.scaling,
                    desktop=self.desktop,
                    task=task,
                    confirm=self._ask,
                )
            )
            reason, status, final_text = self._loop()
        except _Stopped as exc:
            reason = exc.reason
        except KeyboardInterrupt:
            reason = STOPPED
        except ProviderError as exc:
            error = str(exc)
        except Exception as exc:  # the loop reports, it does not crash
            error = f"{type(exc).__name__}: {exc}"
        finally:
            result = RunResult(
                run_id=self.run_id,
                reason=reason,
                status=status,
                steps=self._step,
                input_tokens=self._usage.input_tokens
                + self._usage.cache_creation_input_tokens
                + self._usage.cache_read_input_tokens,
                output_tokens=self._usage.output_tokens,
                cost_usd=round(self._cost, 6),
                elapsed_s=round(time.monotonic() - self._started, 3),
                final_text=final_text,
                run_dir=str(run_dir) if run_dir else None,
                error=error,
            )
            self._emit(ev.Finished(**result.to_dict()))
            self._close()
        return result

    def _loop(self) -> tuple[str, str, str]:
        status, text = CONTINUE, ""
        while True:
            budget = self._budget_reason()
            if budget:
                return budget, status, text
            self._step += 1
            self._emit(ev.StepStarted(self._step))
            self._wait_for_control()
            for hook in self.hooks:
                hook.before_turn(self)
            self._deliver_messages([])
            turn = self._call_model()
            status, text = turn.status, turn.text
            self._record_turn(turn)
            if not turn.tool_calls:
                return END_REASONS.get(turn.status, COMPLETED), turn.status, turn.text
            results = self._run_batch(turn.tool_calls)
            if not self._deliver_messages(results):
                self.provider.add_tool_results(results)
            if self.stopping:
                return STOPPED, status, text

    def _out_of_time(self) -> bool:
        return time.monotonic() - self._started >= self.config.max_seconds

    def _budget_reason(self) -> str | None:
        cfg = self.config
        if self.stopping:
            return STOPPED
        if self._step >= cfg.max_steps:
            return MAX_STEPS
        if self._out_of_time():
            return MAX_TIME
        if cfg.max_tokens is not None and self._usage.total >= cfg.max_tokens:
            return MAX_TOKENS
        if cfg.max_cost_usd is not None and self._cost >= cfg.max_cost_usd:
            return MAX_COST
        return None

    def _check_running(self) -> None:
        if self.stopping:
            raise _Stopped(STOPPED)
        if self._out_of_time():
            raise _Stopped(MAX_TIME)

    def _wait_for_control(self) -> None:
        """Block while a human has the desktop."""
        with self._control:
            while self._taken_over:
                self._check_running()
                self._control.wait(POLL_S)

    def _call_model(self) -> ModelTurn:
        cfg = self.config
        for attempt in range(cfg.max_retries + 1):
            started = time.monotonic()
            try:
                turn = self._interruptible(self.provider.next_turn)
                turn.raw = {"latency_s": round(time.monotonic() - started, 3), "output": turn.raw}
                return turn
            except TransientError as exc:
                if attempt == cfg.max_retries:
                    raise ProviderError(f"gave up after {attempt + 1} attempts: {exc}") from exc
                backoff = min(cfg.retry_max_s, cfg.retry_base_s * 2**attempt) * (0.5 + random.random() / 2)
                delay = max(exc.retry_after, 0.0) if exc.retry_after is not None else backoff
                self._emit(ev.Retry(attempt + 1, round(delay, 3), str(exc)))
                self._sleep(delay)
        raise ProviderError("no model turn")  # not reached: the last attempt returns or raises

    def _interruptible(self, call: Callable[[], ModelTurn]) -> ModelTurn:
        """Run a model call in a worker thread, so that a stop or the time budget ends the wait at once even
        when the provider hangs."""
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["turn"] = call()
            except BaseException as exc:  # handed to the run thread below
                box["error"] = exc

        self._check_running()
        worker = threading.Thread(target=work, name=f"model-{self.run_id}", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(POLL_S)
            if worker.is_alive():
                self._check_running()
        if "error" in box:
            raise box["error"]
        turn: ModelTurn = box["turn"]
        return turn

    def _sleep(self, seconds: float) -> None:
        """Sleep unless stopped or out of time."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._check_running()
            time.sleep(min(POLL_S, max(0.0, deadline - time.monotonic())))

    def _record_turn(self, turn: ModelTurn) -> None:
        turn.text = caps.capped(turn.text, caps.ANSWER_CHARS, "answer")
        self._usage.add(turn.usage)
        self._cost += turn.cost_usd
        self._emit(
            ev.ModelOutput(
                text=turn.text,
                tool_calls=[c.to_dict() for c in turn.tool_calls],
                status=turn.status,
                usage=vars(turn.usage),
                cost_usd=turn.cost_usd,
                raw=turn.raw,
            )
        )
        for notice in turn.notices:
            self._emit(ev.Notice(source=self.provider.name, text=notice))
        self._emit(
            ev.UsageTotals(
                input_tokens=self._usage.input_tokens,
                output_tokens=self._usage.output_tokens,
                cache_creation_input_tokens=self._usage.cache_creation_input_tokens,
                cache_read_input_tokens=self._usage.cache_read_input_tokens,
                cost_usd=round(self._cost, 6),
            )
        )

    def _run_batch(self, calls: list[ToolCall]) -> list[tuple[ToolCall, ToolResult]]:
        """Run a turn's calls in order; after the first failure the rest are answered, not run."""
        results: list[tuple[ToolCall, ToolResult]] = []
        failed = False
        for call in calls:
            duration = 0.0
            if self.stopping or not self._messages.empty():
                result = ToolResult(error=INTERRUPTED)
            elif failed:
                result = ToolResult(error=NOT_EXECUTED)
            else:
                started = time.monotonic()
                try:
                    result = self._run_call(call)
                except KeyboardInterrupt:
                    self._stop.set()
                    result = ToolResult(error=INTERRUPTED)
                except _Stopped:
                    result = ToolResult(error=INTERRUPTED)
                duration = time.monotonic() - started
                failed = result.is_error
            result = _capped_result(result)
            self._emit_result(call, result, duration)
            results.append((call, result))
        return results

    def _run_call(self, call: ToolCall) -> ToolResult:
        self._wait_for_control()
        decision = approval = None
        tool = self.tools.get(call.tool)
        runnable = call.error is None and tool is not None
        takeover = runnable and self._consume_screen_change(call)
        if runnable and not takeover and self.guard is not None:
            runnable, decision, approval = self.guard.authorize(call, self._action_context(call))
        elif runnable and not takeover and call.provider_checks:  # no guard: a human decides
            request = {"kind": "provider_safety_check", "checks": list(call.provider_checks)}
            runnable = self._ask({**request, "call_id": call.id, "action": call.input})
        self._emit(
            ev.Action(
                call_id=call.id,
                tool=call.tool,
                input=call.input,
                error=call.error,
                decision=decision.to_dict() if decision else None,
            )
        )
        if approval is not None and decision is not None:
            self._emit(
                ev.Confirmation(
                    call_id=call.id,
                    tool=call.tool,
                    input=call.input,
                    reason=decision.reason,
                    approved=approval.approved,
                    approver=approval.approver,
                )
            )
        if call.error is not None:
            return ToolResult(error=call.error)
        if tool is None:
            return ToolResult(error=f"Unknown tool {call.tool!r}. Available tools: {', '.join(self.tools)}.")
        if takeover:
            return ToolResult(error=f"Not run: {TAKEOVER_REASON}.")
        if not runnable:
            if decision is None:
                return ToolResult(
                    error="The user did not approve this action (the model provider flagged it)."
                )
            if decision.verdict == "deny":
                return ToolResult(
                    error=f"Blocked by the safety policy: {decision.reason}. Choose another way."
                )
            return ToolResult(error=f"The user did not approve this action ({decision.reason}).")
        for hook in self.hooks:
            replaced = hook.before_action(self, call)
            if replaced is not None:
                return replaced
        self._audit("intent", {"call_id": call.id, "tool": call.tool, "input": call.input})
        result: ToolResult = tool(call.input)
        self._audit("result", {"call_id": call.id, "error": result.error})
        if self.guard is not None:
            self.guard.observe(call)
            result = self._inspect(call, result)
        return result

    def _consume_screen_change(self, call: ToolCall) -> bool:
        """True when a human drove the desktop since the agent's last action and this call was planned on
        the old screen (a screenshot is always fine: it is how the agent catches up)."""
        looks = call.tool == "computer" and call.input.get("action") == "screenshot"
        with self._control:
            changed, self._screen_changed = self._screen_changed, False
        return changed and not looks

    def _action_context(self, call: ToolCall) -> Any:
        """What the guard needs to judge a call: the focused window, the text under the target point, and
        the provider's safety checks on it."""
        from deskpilot.safety import ActionContext

        point = call.input.get("coordinate") if call.tool == "computer" else None
        window = self.desktop.active_window()
        text = None
        if isinstance(point, list) and len(point) == 2 and all(type(v) is int for v in point):
            scaling = self.tools["computer"].scaling
            if scaling.in_image(*point):
                text = self._text_at(point, scaling)
        return ActionContext(
            text_under_point=text,
            window_class=window["class"] if window else None,
            safety_checks=self.guard.safety_checks(call.provider_checks),
        )

    def _text_at(self, point: list[int], scaling: Any) -> str | None:
        """The text under an image point, read from the screenshot the model last saw (the screen it
        planned on); a fresh capture only when it has seen none."""
        if self._last_image is not None:
            image = Image.open(io.BytesIO(self._last_image)).convert("RGB")
            if image.size == scaling.image_size:
                return self._reader().text_at(image, *point)  # type: ignore[no-any-return]
        return self._reader().text_at(  # type: ignore[no-any-return]
            self.desktop.screenshot(), *scaling.to_screen(*point)
        )

    def _reader(self) -> Any:
        if self._screen_reader is None:
            from deskpilot.perception.screen import ScreenReader

            self._screen_reader = ScreenReader()
        return self._screen_reader

    def _inspect(self, call: ToolCall, result: ToolResult) -> ToolResult:
        """Scan what the model will read for injections, and redact secrets from it (text and image)."""
        guard, was_tainted = self.guard, self.guard.tainted
        for text in (result.output, result.error):
            if text:
                guard.inspect(text, call.tool)
        image_bytes = result.image
        if image_bytes is not None and self.config.scan_screen:
            image = Image.open(io.BytesIO(image_bytes)).convert("RGB")
            lines = self._reader().lines(image)
            guard.inspect("\n".join(line.text for line in lines), "screen")
            words = [(word.text, word.box) for line in lines for word in line.words]
            redacted, boxes = guard.redactor.redact_image(image, words)
            if boxes:
                image_bytes = encode_image(redacted, self.config.image_format)
                self._screen_redacted = True
        output = guard.redact(result.output) if result.output else result.output
        if guard.tainted and not was_tainted:
            output = f"{output}\n\n{guard.notice()}" if output else guard.notice()
        error = guard.redact(result.error) if result.error else None
        return replace(result, output=output, error=error, image=image_bytes)

    def _audit(self, kind: str, data: dict[str, Any]) -> None:
        audit = getattr(self.guard, "audit", None)
        if audit is not None:
            audit.append(kind, self.guard.redactor.redact_obj(data))

    def _ask(self, request: dict[str, Any]) -> bool:
        """A provider's own safety question (OpenAI pending_safety_checks) goes through the guard."""
        if self.guard is not None and request.get("kind") == "openai_safety_check":
            from deskpilot.safety import ActionContext

            codes = self.guard.safety_checks(request.get("checks", []))
            call = ToolCall(request.get("call_id", "safety-check"), "computer", request.get("action") or {})
            ok, _, _ = self.guard.authorize(call, ActionContext(safety_checks=codes))
            return bool(ok)
        if self.confirm is None:
            return False
        try:
            return self.confirm(request) is True
        except Exception:
            return False

    def _emit_result(self, call: ToolCall, result: ToolResult, duration_s: float) -> None:
        scaling = self.tools["computer"].scaling
        if result.image is not None and call.tool == "computer":
            self._last_image = result.image
        for payload in ev.result_payloads(
            call.id, call.tool, result, duration_s, scaling.screen_size, scaling.image_size
        ):
            self._emit(payload)

    def _deliver_messages(self, results: list[tuple[ToolCall, ToolResult]]) -> bool:
        """Hand queued user messages to the provider; dangling tool calls get error results first. The
        guard screens each message first: a refused one is withheld and ends the run."""
        delivered = False
        while not self._messages.empty():
            text = self._messages.get()
            self._emit(ev.UserMessage(text))
            if self.guard is not None:
                admitted, decision, approval = self.guard.admit(text, "message")
                self._emit_screening(decision, approval)
                if not admitted:
                    raise _Stopped(REFUSED)
            if not delivered and results:
                self.provider.add_tool_results(results)
            self.provider.add_user_message(text)
            delivered = True
        return delivered

    def _screen_instruction(self, instruction: str) -> None:
        """Screen the instruction unless the caller did before the desktop started; report what the guard
        screened. A refused instruction ends the run before the model sees it."""
        if self.guard is None:
            return
        if not any(d.source == "instruction" for d in self.guard.screenings):
            self.guard.admit(instruction, "instruction")
        for decision in self.guard.screenings:
            self._emit_screening(decision, None)
        if self.guard.refused:
            raise _Stopped(REFUSED)

    def _emit_screening(self, decision: Any, approval: Any) -> None:
        s = decision.screening
        self._emit(
            ev.Screening(
                source=decision.source,
                verdict=decision.verdict,
                category=s.category,
                score=round(s.score, 4),
                phrases=list(s.phrases),
                likeliest=s.likeliest,
                submit=decision.submit,
                approved=approval.approved if approval is not None else None,
            )
        )

    # Tools, events, recording
    def _make_tools(self) -> dict[str, Any]:
        versions = self.provider.tool_versions()
        computer_version = versions["computer"]
        tools: dict[str, Any] = {
            "computer": ComputerTool(
                self.desktop,
                computer_version,
                enable_zoom=(self.config.enable_zoom or self.provider.zoom())
                and supports_zoom(computer_version),
                scaling_policy=self.provider.scaling_policy(),
                image_format=self.config.image_format,
            )
        }
        if self.config.bash and versions.get("bash"):
            tools["bash"] = bash_for(self.desktop, versions["bash"])
        if self.config.editor and versions.get("editor"):
            editor = editor_for(self.desktop, versions["editor"])
            tools[editor.to_params()["name"]] = editor
        return tools

    def _emit(self, payload: ev.Payload) -> None:
        event = payload.event(self._step)
        for listener in self.listeners:
            try:
                listener(event)
            except Exception:
                if listener is getattr(self._recorder, "handle", None):
                    raise  # a trajectory that cannot be written ends the run
        return None

    def _open_recorder(self) -> Path | None:
        if self.out_dir is None:
            return None
        from deskpilot.store import Recorder

        run_dir = self.out_dir / self.run_id
        redact = None
        if self.guard is not None:
            from deskpilot.safety import AuditLog

            redact = self.guard.redact
            if self.guard.audit is None:
                self.guard.audit = AuditLog(run_dir / "audit")
        self._recorder = Recorder(run_dir, redact=redact)
        self.listeners.insert(0, self._recorder.handle)
        return run_dir

    def _start_video(self, run_dir: Path) -> None:
        from deskpilot.store.video import VideoRecorder

        display = self.desktop.env.get("DISPLAY")
        if not (self.config.video and display and VideoRecorder.available()):
            return
        try:
            self._video = VideoRecorder(run_dir, display, self.desktop.env, self.desktop.size).start()
        except (OSError, RuntimeError) as exc:
            self._emit(ev.Notice("video", f"The run is not recorded as video: {exc}"))

    def _stop_video(self) -> None:
        video, self._video = self._video, None
        if video is None:
            return
        if self._screen_redacted:
            video.discard("a secret was redacted from a screenshot of this run; the video could show it")
        else:
            video.stop()

    def _close(self) -> None:
        self._stop_video()
        for tool in self.tools.values():
            close = getattr(tool, "close", None)
            if close:
                close()
        try:
            self.provider.close()
        finally:
            if self._recorder is not None:
                self.listeners.remove(self._recorder.handle)
                self._recorder.close()
                self._recorder = None
