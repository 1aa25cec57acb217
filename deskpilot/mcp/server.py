"""`deskpilot mcp`: local desktops and whole agent tasks as MCP tools (official `mcp` SDK v2, `MCPServer`).

Tools: start_desktop / stop_desktop / list_desktops manage handles; screenshot, computer, zoom,
cursor_position, bash and edit run through the handle's agent loop (guard, audit log, trajectory; see
bridge.py); list_windows reads the window list; run_task runs a whole task with a model on the desktop.

Confirmations: on revision 2026-07-28 a "confirm" decision comes back as an `InputRequiredResult` (MRTR,
spec basic/patterns/mrtr.mdx) whose elicitation names the action's hash; the client retries the same call
with the answer, and the sealed `requestState` ties the answer to the waiting action. On 2025-11-25 and
older the server sends `elicitation/create` during the call. run_task is a task (Tasks extension, see
tasks.py) for clients that declare it on 2026-07-28, else a blocking call with `notifications/progress`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import AcceptedElicitation, Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError as Refused  # its text reaches the client
from mcp_types import (
    CallToolResult,
    ElicitRequest,
    ElicitRequestFormParams,
    ImageContent,
    InputRequiredResult,
    TextContent,
    ToolAnnotations,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import BaseModel, Field

from deskpilot.agent import RunConfig
from deskpilot.agent.session import RunSession, RunSpec, TaskRefused
from deskpilot.core import events as ev
from deskpilot.core.results import ToolError, ToolResult
from deskpilot.core.stops import STOPPED
from deskpilot.core.turns import ToolCall
from deskpilot.desktop import find_app
from deskpilot.desktop.supervise import parse_size
from deskpilot.mcp.bridge import CONFIRM_TIMEOUT_S, Exchange
from deskpilot.mcp.desktops import Desktops, Handle, HandleError, Settings
from deskpilot.mcp.tasks import TaskCancelled, TaskRun, TasksExtension
from deskpilot.safety.confirm import Approval, ConfirmationRequest

CONFIRM_KEY = "confirm"
APPROVE_SCHEMA = {
    "type": "object",
    "properties": {
        "approve": {"type": "boolean", "title": "Approve", "description": "Run this exact action?"}
    },
    "required": ["approve"],
}
SCALINGS = ("api", "none", "XGA", "WXGA", "FWXGA", "legacy")

READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
ACTS = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True
)


def _arg(description: str, **schema: Any) -> Any:
    """A loosely typed tool argument: the tools themselves validate it and word the errors."""
    return Field(default=None, description=description, json_schema_extra=schema or None)


HandleArg = Annotated[str, Field(description="The handle start_desktop returned.")]


class DesktopInfo(BaseModel):
    handle: str
    screen_size: list[int] = Field(description="The screen in pixels.")
    image_size: list[int] = Field(description="Screenshots and coordinates use this size.")
    apps: list[str]
    home: str = Field(description="The desktop user's HOME folder.")
    trajectory: str = Field(description="Folder of this desktop's trajectory and audit log.")
    idle_timeout_s: float


class TaskOutcome(BaseModel):
    ok: bool
    reason: str = Field(description="Why the run ended: completed, max_steps, stopped, ...")
    answer: str = Field(description="The model's final message.")
    steps: int
    trajectory: str | None = Field(description="The run's trajectory folder (deskpilot replay / report).")
    error: str | None = None


class Approve(BaseModel):
    approve: bool = Field(description="Run this exact action?")


def _text(text: str, error: bool = False) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=error)


def _modern(ctx: Context) -> bool:
    return ctx.protocol_version in MODERN_PROTOCOL_VERSIONS


def _question(handle: Handle, request: ConfirmationRequest) -> str:
    return (
        f"deskpilot asks before acting on desktop {handle.id}: {request.describe()}\n"
        f"Why: {request.reason}\nAction hash: {request.action_hash[:16]} (the answer applies to this action only)"
    )


def _approval(response: Any, request: ConfirmationRequest, client: str) -> Approval:
    """An elicitation answer (the SDK's ElicitationResult, an ElicitResult, or its wire dict) as an Approval
    of exactly this request. Anything but an accepted `approve: true` is a deny."""
    if isinstance(response, AcceptedElicitation):
        approved = bool(response.data.approve)
    else:
        if isinstance(response, dict):
            action, content = response.get("action"), response.get("content")
        else:
            action, content = getattr(response, "action", None), getattr(response, "content", None)
        approved = action == "accept" and isinstance(content, dict) and content.get("approve") is True
    return Approval(approved, f"mcp:{client}", request.action_hash)


def _busy(handle: Handle) -> str:
    return f"The desktop {handle.id} is busy with run_task {handle.task}; wait for it or cancel it."


def _client(ctx: Context) -> str:
    params = ctx.session.client_params
    return params.client_info.name if params is not None and params.client_info else "client"


class DeskpilotMCP:
    """The server's tools over one `Desktops` registry."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.desktops = Desktops(settings)
        self.tasks = TasksExtension({"run_task": self._run_task_as_task}, poll_ms=250)
        self.server = MCPServer(
            "deskpilot",
            instructions=(
                "Local Linux desktops for computer use. start_desktop gives a handle; pass it to every other "
                "tool. Coordinates are in screenshot pixels. Actions pass deskpilot's safety policy: some ask "
                "you to confirm first. stop_desktop when done."
            ),
            extensions=[self.tasks],
            lifespan=self._lifespan,
            log_level="WARNING",
        )
        self._register()

    @contextlib.asynccontextmanager
    async def _lifespan(self, _server: MCPServer) -> AsyncIterator[None]:
        reaper = asyncio.create_task(self.desktops.reap_idle())
        try:
            yield
        finally:
            reaper.cancel()
            await self.tasks.aclose()
            await self.desktops.close_all()

    # ------------------------------------------------------------------------------------ tools
    def _register(self) -> None:
        tool = self.server.tool
        tool(
            annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
        )(self.start_desktop)
        tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True,
                                         open_world_hint=False))(self.stop_desktop)  # fmt: skip
        tool(annotations=READ_ONLY)(self.list_desktops)
        tool(annotations=READ_ONLY)(self.screenshot)
        tool(annotations=ACTS)(self.computer)
        tool(annotations=READ_ONLY)(self.zoom)
        tool(annotations=READ_ONLY)(self.cursor_position)
        tool(annotations=READ_ONLY)(self.list_windows)
        tool(annotations=ACTS)(self.bash)
        tool(annotations=ACTS)(self.edit)
        tool(annotations=ACTS)(self.run_task)

    async def start_desktop(
        self,
        ctx: Context,
        size: Annotated[str, Field(description="Screen size WIDTHxHEIGHT.")] = "1280x800",
        apps: Annotated[
            list[str],
            Field(description="Apps to open: terminal, editor, calculator, spreadsheet, browser, files."),
        ] = [],  # noqa: B006 (pydantic copies defaults)
        scaling: Annotated[
            str,
            Field(
                description="How screenshots are sized for you: api (fits Claude's image limits), none, XGA, WXGA, FWXGA."
            ),
        ] = "api",
    ) -> DesktopInfo:
        """Start a fresh local desktop and return its handle."""
        try:
            width, height = parse_size(size)
            for name in apps:
                find_app(name)
        except (ValueError, KeyError) as exc:
            raise Refused(exc.args[0]) from None
        if scaling not in SCALINGS:
            raise Refused(f"scaling must be one of {', '.join(SCALINGS)}, got {scaling!r}")
        try:
            handle = await self.desktops.start((width, height), list(apps), scaling, _client(ctx))
        except (RuntimeError, OSError, TaskRefused) as exc:  # DesktopError too: say why, not just "error"
            raise Refused(f"the desktop could not start: {exc}") from None
        return self._info(handle)

    def _info(self, handle: Handle) -> DesktopInfo:
        return DesktopInfo(
            handle=handle.id,
            screen_size=list(handle.desktop.size),
            image_size=list(handle.scaling.image_size),
            apps=list(handle.desktop.apps),
            home=str(handle.desktop.home),
            trajectory=str(handle.run_dir),
            idle_timeout_s=self.settings.idle_timeout_s,
        )

    async def stop_desktop(self, handle: HandleArg) -> str:
        """Stop a desktop and everything in it. Its trajectory stays on disk."""
        try:
            ended = await self.desktops.stop(handle)
        except HandleError as exc:
            raise Refused(str(exc)) from None
        return f"Stopped {handle}. Trajectory: {ended.run_dir}"

    async def list_desktops(self) -> list[DesktopInfo]:
        """The live desktops of this server (they survive client reconnects)."""
        return [self._info(h) for h in self.desktops.handles.values() if h.alive]

    async def screenshot(self, handle: HandleArg, ctx: Context) -> CallToolResult | InputRequiredResult:
        """A screenshot, sized for you (the text says the scale). Coordinates for `computer` refer to it."""
        return await self._act(ctx, handle, "computer", {"action": "screenshot"})

    async def computer(
        self,
        handle: HandleArg,
        ctx: Context,
        action: Annotated[Any, _arg("key, type, mouse_move, left_click, right_click, middle_click, "
                                    "double_click, triple_click, left_click_drag, left_mouse_down, "
                                    "left_mouse_up, scroll, hold_key, wait, screenshot, cursor_position, zoom",
                                    type="string")] = None,
        coordinate: Annotated[Any, _arg("[x, y] in screenshot pixels", type="array",
                                        items={"type": "integer"})] = None,
        start_coordinate: Annotated[Any, _arg("[x, y] where a left_click_drag starts", type="array",
                                              items={"type": "integer"})] = None,
        text: Annotated[Any, _arg("Text to type, a key or chord (ctrl+s), or modifiers held during a click",
                                  type="string")] = None,
        scroll_direction: Annotated[Any, _arg("up, down, left or right", type="string")] = None,
        scroll_amount: Annotated[Any, _arg("Scroll wheel clicks", type="integer")] = None,
        duration: Annotated[Any, _arg("Seconds, for wait and hold_key", type="number")] = None,
        region: Annotated[Any, _arg("[x1, y1, x2, y2] for zoom", type="array", items={"type": "integer"})] = None,
    ) -> CallToolResult | InputRequiredResult:  # fmt: skip
        """One action of Anthropic's computer tool (computer_20251124 schema); returns a screenshot after it."""
        params = {
            "action": action, "coordinate": coordinate, "start_coordinate": start_coordinate, "text": text,
            "scroll_direction": scroll_direction, "scroll_amount": scroll_amount, "duration": duration,
            "region": region,
        }  # fmt: skip
        return await self._act(ctx, handle, "computer", {k: v for k, v in params.items() if v is not None})

    async def zoom(
        self,
        handle: HandleArg,
        ctx: Context,
        region: Annotated[Any, _arg("[x1, y1, x2, y2] in screenshot pixels", type="array",
                                    items={"type": "integer"})] = None,
    ) -> CallToolResult | InputRequiredResult:  # fmt: skip
        """A region of the screen at native resolution."""
        return await self._act(ctx, handle, "computer", {"action": "zoom", "region": region})

    async def cursor_position(self, handle: HandleArg, ctx: Context) -> CallToolResult | InputRequiredResult:
        """Where the mouse pointer is, in screenshot pixels."""
        return await self._act(ctx, handle, "computer", {"action": "cursor_position"})

    async def list_windows(self, handle: HandleArg) -> CallToolResult:
        """The desktop's windows: id, title, class, and which one has the focus."""
        try:
            h = self.desktops.get(handle)
        except HandleError as exc:
            return _text(str(exc), error=True)
        if h.task is not None:
            return _text(_busy(h), error=True)
        async with h.lock:
            windows, active = await asyncio.to_thread(
                lambda: (h.desktop.windows(), h.desktop.active_window())
            )
        lines = [
            f"{w['id']:#x} {w['class']!r} {h.guard.redact(w['title'])!r}"
            + (" (focused)" if active and w["id"] == active["id"] else "")
            for w in windows
        ]
        if h.guard.audit is not None:
            h.guard.audit.append("mcp_read", {"tool": "list_windows", "windows": len(windows)})
        return _text("\n".join(lines) or "No windows.")

    async def bash(
        self,
        handle: HandleArg,
        ctx: Context,
        command: Annotated[Any, _arg("The shell command (runs as the desktop's user, in its HOME)",
                                     type="string")] = None,
        restart: Annotated[Any, _arg("true to restart the shell", type="boolean")] = None,
    ) -> CallToolResult | InputRequiredResult:  # fmt: skip
        """A persistent bash shell inside the desktop's sandbox (Anthropic's bash tool)."""
        params = {k: v for k, v in {"command": command, "restart": restart}.items() if v is not None}
        return await self._act(ctx, handle, "bash", params)

    async def edit(
        self,
        handle: HandleArg,
        ctx: Context,
        command: Annotated[Any, _arg("view, create, str_replace or insert", type="string")] = None,
        path: Annotated[Any, _arg("Absolute path", type="string")] = None,
        file_text: Annotated[Any, _arg("For create", type="string")] = None,
        old_str: Annotated[Any, _arg("For str_replace", type="string")] = None,
        new_str: Annotated[Any, _arg("For str_replace", type="string")] = None,
        insert_line: Annotated[Any, _arg("For insert: the line after which to insert", type="integer")] = None,
        insert_text: Annotated[Any, _arg("For insert", type="string")] = None,
        view_range: Annotated[Any, _arg("For view: [first, last] line", type="array",
                                        items={"type": "integer"})] = None,
    ) -> CallToolResult | InputRequiredResult:  # fmt: skip
        """Anthropic's text editor tool (text_editor_20250728) on the desktop's files."""
        params = {
            "command": command, "path": path, "file_text": file_text, "old_str": old_str, "new_str": new_str,
            "insert_line": insert_line, "insert_text": insert_text, "view_range": view_range,
        }  # fmt: skip
        try:
            tool = next(
                name for name in self.desktops.get(handle).agent.tools if name not in ("computer", "bash")
            )
        except HandleError as exc:
            return _text(str(exc), error=True)
        return await self._act(ctx, handle, tool, {k: v for k, v in params.items() if v is not None})

    # ------------------------------------------------------------------------------ one action
    async def _act(
        self, ctx: Context, handle_id: str, tool: str, params: dict
    ) -> CallToolResult | InputRequiredResult:
        """Send one call through the handle's loop and wait for its result, answering confirmations."""
        try:
            handle = self.desktops.get(handle_id)
        except HandleError as exc:
            return _text(str(exc), error=True)
        if handle.task is not None:
            return _text(_busy(handle), error=True)
        self._prune(handle)
        async with handle.lock:
            if ctx.request_state:  # the retry of a call that got an input_required answer
                exchange = self._resume(handle, ctx, tool, params)
                if isinstance(exchange, CallToolResult):
                    return exchange
            else:
                call = ToolCall(
                    f"mcp-{uuid.uuid4().hex[:12]}", tool, params, error=self._invalid(handle, tool, params)
                )
                exchange = Exchange(call, asyncio.get_running_loop())
                handle.provider.submit(exchange)
            while True:
                kind, value = await exchange.events.get()
                if kind == "result":
                    handle.touch()
                    return self._result(handle, value)
                request: ConfirmationRequest = value
                exchange.asked = request
                if _modern(ctx):  # MRTR: ask in the result; the client's retry brings the answer
                    handle.pending[exchange.token] = (time.monotonic(), exchange)
                    ask = ElicitRequest(
                        params=ElicitRequestFormParams(
                            message=_question(handle, request), requested_schema=APPROVE_SCHEMA
                        )
                    )
                    return InputRequiredResult(
                        input_requests={CONFIRM_KEY: ask}, request_state=exchange.token
                    )
                exchange.answer(await self._elicit(ctx, handle, request))

    def _resume(self, handle: Handle, ctx: Context, tool: str, params: dict) -> Exchange | CallToolResult:
        entry = handle.pending.pop(ctx.request_state or "", None)
        if entry is None:
            return _text("That confirmation is no longer pending (it timed out or was answered); "
                         "call the tool again.", error=True)  # fmt: skip
        exchange = entry[1]
        # The SDK's request-state boundary already binds the sealed state to the tool name and arguments
        # (mcp/server/request_state.py); this check keeps the binding even under another state codec.
        if (tool, params) != (exchange.call.tool, exchange.call.input):
            exchange.answer(Approval(False, "error", "", "the answer came with a different action"))
            return _text("The confirmation answer came with a different action than the one asked about; "
                         "nothing was run.", error=True)  # fmt: skip
        response = (ctx.input_responses or {}).get(CONFIRM_KEY)
        assert exchange.asked is not None  # set before the question went out
        exchange.answer(_approval(response, exchange.asked, _client(ctx)))
        return exchange

    @staticmethod
    def _invalid(handle: Handle, tool: str, params: dict) -> str | None:
        """The computer tool's own validation error, if any. A malformed call then travels like a provider's:
        the loop records it and answers the error without asking the policy (it cannot run anyway)."""
        if tool != "computer":
            return None
        try:
            handle.agent.tools["computer"].parse(params)
        except ToolError as exc:
            return exc.message
        return None

    async def _elicit(self, ctx: Context, handle: Handle, request: ConfirmationRequest) -> Approval:
        try:
            with anyio.fail_after(CONFIRM_TIMEOUT_S):
                answer = await ctx.elicit(_question(handle, request), Approve)
        except Exception as exc:  # no elicitation support, a timeout, a broken client: deny
            return Approval(False, "error", request.action_hash, f"could not ask the client: {exc}")
        return _approval(answer, request, _client(ctx))

    def _prune(self, handle: Handle) -> None:
        now = time.monotonic()
        for token, (since, _) in list(handle.pending.items()):
            if now - since > CONFIRM_TIMEOUT_S:
                del handle.pending[token]

    def _result(self, handle: Handle, result: ToolResult) -> CallToolResult:
        content: list[Any] = []
        if result.image is not None:
            scaling = handle.scaling
            sw, sh = scaling.screen_size
            iw, ih = scaling.image_size
            content.append(
                ImageContent(type="image", data=result.base64_image or "", mime_type=result.media_type)
            )
            note = (f"Screenshot {iw}x{ih} of the {sw}x{sh} screen (scale {iw / sw:.4g}); "
                    f"coordinates for computer refer to this image.")  # fmt: skip
            if result.output and result.output.startswith("Zoomed"):
                note = ""
            content.append(TextContent(type="text", text="\n".join(t for t in (result.output, note) if t)))
        elif result.output is not None and not result.is_error:
            content.append(TextContent(type="text", text=result.output))
        if result.is_error:
            content.append(TextContent(type="text", text=result.error or "error"))
        return CallToolResult(content=content, is_error=result.is_error)

    # ------------------------------------------------------------------------------ whole tasks
    async def run_task(
        self,
        handle: HandleArg,
        instruction: Annotated[str, Field(description="What the agent should do on this desktop.")],
        ctx: Context,
        model: Annotated[
            str, Field(description="Model spec: local (offline), anthropic:<model>, openai:<model>, ...")
        ] = "local",
        max_steps: Annotated[int, Field(ge=1, le=500)] = 30,
        max_seconds: Annotated[float, Field(gt=0, le=86400)] = 900.0,
        max_cost_usd: Annotated[float | None, Field(ge=0)] = None,
    ) -> Annotated[CallToolResult, TaskOutcome]:
        """Run deskpilot's agent loop on this desktop until the task is done or a budget ends. Long-running:
        clients with the MCP Tasks extension get a task (progress in its status message, cancellable)."""
        loop = asyncio.get_running_loop()
        client = _client(ctx)

        def progress(step: int, message: str) -> None:
            asyncio.run_coroutine_threadsafe(ctx.report_progress(step, max_steps, message), loop)

        def confirm(request: ConfirmationRequest) -> Approval:
            if _modern(ctx):  # a blocking call on 2026-07-28 has no way to ask mid-run
                return Approval(False, "error", request.action_hash,
                                "this client did not declare the tasks extension, so it cannot be asked")  # fmt: skip
            future = asyncio.run_coroutine_threadsafe(
                self._elicit(ctx, self.desktops.handles[handle], request), loop
            )
            return future.result()

        return await self._run(handle, instruction, model, RunConfig(max_steps, max_seconds, max_cost_usd=max_cost_usd),
                               progress, confirm, lambda: False, client)  # fmt: skip

    async def _run_task_as_task(self, arguments: dict, run: TaskRun) -> CallToolResult:
        """run_task for clients with the Tasks extension: progress and questions travel in the task."""
        try:
            handle = str(arguments.get("handle", ""))
            instruction = arguments["instruction"]
            config = RunConfig(
                max_steps=int(arguments.get("max_steps", 30)),
                max_seconds=float(arguments.get("max_seconds", 900.0)),
                max_cost_usd=arguments.get("max_cost_usd"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            return _text(f"Bad run_task arguments: {exc}", error=True)

        def confirm(request: ConfirmationRequest) -> Approval:
            h = self.desktops.handles.get(handle)
            ask = {"method": "elicitation/create", "params": {"mode": "form", "requestedSchema": APPROVE_SCHEMA,
                   "message": _question(h, request) if h else request.describe()}}  # fmt: skip
            answer = run.ask(ask, CONFIRM_TIMEOUT_S)
            if answer is None:
                return Approval(False, "timeout", request.action_hash, "no answer")
            return _approval(answer, request, "task")

        return await self._run(handle, instruction, arguments.get("model", "local"), config,
                               lambda step, message: run.progress(message), confirm,
                               lambda: run.cancelled, "task")  # fmt: skip

    async def _run(
        self,
        handle_id: str,
        instruction: str,
        model: str,
        config: RunConfig,
        progress: Callable[[int, str], None],
        confirm: Callable[[ConfirmationRequest], Approval],
        cancelled: Callable[[], bool],
        client: str,
    ) -> CallToolResult:
        from deskpilot.providers import ProviderError

        try:
            handle = self.desktops.get(handle_id)
        except HandleError as exc:
            return _text(str(exc), error=True)
        if handle.task is not None:
            return _text(f"The desktop {handle.id} already runs task {handle.task}.", error=True)

        def listen(event: ev.Event) -> None:
            if event.kind == ev.ACTION:
                data = event.data
                detail = " ".join(f"{k}={v}" for k, v in data["input"].items())[:160]
                progress(event.step, f"step {event.step}/{config.max_steps}: {data['tool']} {detail}")

        spec = RunSpec(instruction, model=model, config=config, out_dir=self.settings.runs_dir,
                       policy=self.settings.policy, confirmer=confirm)  # fmt: skip
        try:
            session = RunSession(spec, desktop=handle.desktop, listeners=[listen]).start()
        except (ProviderError, ImportError, TaskRefused) as exc:  # a refused task never reaches the desktop
            return _text(str(exc), error=True)
        agent = session.agent
        assert agent is not None
        handle.task = agent.run_id
        done = asyncio.get_running_loop().create_future()
        loop = asyncio.get_running_loop()

        def work() -> None:
            try:
                outcome: Any = session.run()
            except BaseException as exc:  # reported below, never lost
                outcome = exc
            loop.call_soon_threadsafe(done.set_result, outcome)

        threading.Thread(target=work, name=f"mcp-task-{agent.run_id}", daemon=True).start()
        try:
            while not done.done():
                if cancelled():
                    agent.stop()
                await asyncio.wait({done}, timeout=0.2)
        except asyncio.CancelledError:  # the client cancelled a blocking call: stop the run and let it finish
            agent.stop()
            with anyio.CancelScope(shield=True):
                while not done.done():
                    await asyncio.wait({done}, timeout=0.2)
            raise
        finally:
            handle.task = None
            handle.touch()
        result = done.result()
        if isinstance(result, BaseException):
            return _text(f"run_task failed: {type(result).__name__}: {result}", error=True)
        if cancelled() and result.reason == STOPPED:
            raise TaskCancelled(
                f"cancelled by the client after {result.steps} steps; trajectory {result.run_dir}"
            )
        outcome = TaskOutcome(ok=result.ok, reason=result.reason, answer=result.final_text, steps=result.steps,
                              trajectory=result.run_dir, error=result.error)  # fmt: skip
        summary = f"{result.reason} after {result.steps} steps. {result.final_text}".strip()
        return CallToolResult(
            content=[TextContent(type="text", text=f"{summary}\nTrajectory: {result.run_dir}")],
            structured_content=outcome.model_dump(),
            is_error=False,
        )
