"""The MCP Tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663, for revision 2026-07-28), both sides.

The `mcp` SDK 2.3 ships no Tasks implementation (python-sdk issue #2806: it "will ship as a standalone
library outside this repo"), so this module builds it on the SDK's extension seam (SEP-2133): the server
side is an `Extension` that turns chosen `tools/call`s into tasks and serves `tasks/get`, `tasks/update`
and `tasks/cancel`; the client side is a `ClientExtension` whose `ResultClaim` polls a task to its end
inside `Client.call_tool`. Wire shapes follow modelcontextprotocol/ext-tasks
`specification/2026-07-28/tasks.md`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import anyio
from mcp.client.extension import ClaimContext, ClientExtension, ResultClaim
from mcp.client.session import ClientRequestContext, ClientSession
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.extension import Extension, MethodBinding
from mcp.server.mcpserver import require_client_extension
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    CallToolRequestParams,
    CallToolResult,
    EmptyResult,
    ErrorData,
    Request,
    RequestParams,
    Result,
    TextContent,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import ConfigDict, Field

EXTENSION_ID = "io.modelcontextprotocol/tasks"
TERMINAL = frozenset({"completed", "failed", "cancelled"})
MODERN = frozenset(MODERN_PROTOCOL_VERSIONS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------- server


class TaskCancelled(Exception):
    """Raised inside a task's work when the client cancelled it."""


@dataclass
class Task:
    """One task's state; `to_wire()` is the spec's DetailedTask."""

    id: str
    ttl_ms: int
    poll_ms: int
    status: str = "working"
    status_message: str | None = None
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    finished_at: float | None = None
    result: dict | None = None
    error: dict | None = None
    input_requests: dict[str, dict] = field(default_factory=dict)
    answers: dict[str, dict] = field(default_factory=dict)
    cancel_requested: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def to_wire(self) -> dict:
        with self.changed:
            wire: dict[str, Any] = {
                "taskId": self.id,
                "status": self.status,
                "createdAt": self.created_at,
                "lastUpdatedAt": self.updated_at,
                "ttlMs": self.ttl_ms,
                "pollIntervalMs": self.poll_ms,
            }
            if self.status_message is not None:
                wire["statusMessage"] = self.status_message
            if self.status == "input_required":
                wire["inputRequests"] = dict(self.input_requests)
            if self.status == "completed":
                wire["result"] = self.result
            if self.status == "failed":
                wire["error"] = self.error
            return wire

    def _set(self, **changes: Any) -> None:
        with self.changed:
            for key, value in changes.items():
                setattr(self, key, value)
            self.updated_at = _now()
            if self.status in TERMINAL and self.finished_at is None:
                self.finished_at = time.monotonic()
            self.changed.notify_all()


class TaskRun:
    """What a task's work sees: report progress, ask the client a question, notice a cancel. Thread-safe."""

    def __init__(self, task: Task):
        self._task = task
        self._asked = 0

    @property
    def cancelled(self) -> bool:
        return self._task.cancel_requested.is_set()

    def progress(self, message: str) -> None:
        """Per-step progress of a task travels in `statusMessage` (the spec supports no progress
        notifications on tasks)."""
        self._task._set(status_message=message)

    def ask(self, request: dict, timeout: float) -> dict | None:
        """Put `request` (e.g. an `elicitation/create`) in `inputRequests` and block until `tasks/update`
        answers it. Returns the response, or None after `timeout` s or a cancel."""
        task = self._task
        self._asked += 1
        key = f"q{self._asked}"  # unique over the task's lifetime, as the spec requires
        task._set(status="input_required", input_requests={key: request})
        deadline = time.monotonic() + timeout
        with task.changed:
            while key not in task.answers and not self.cancelled:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                task.changed.wait(min(left, 0.5))
            answer = task.answers.get(key)
        task._set(status="working", input_requests={})
        return answer


TaskWork = Callable[[dict, TaskRun], Awaitable[CallToolResult]]


class _TaskIdParams(RequestParams):
    task_id: str = Field(alias="taskId")


class _UpdateParams(_TaskIdParams):
    input_responses: dict[str, dict] = Field(alias="inputResponses", default_factory=dict)


class TasksExtension(Extension):
    """Serve chosen tools as tasks to clients that declared the extension on a 2026-07-28 request.

    Other clients (and older revisions) reach the tool's ordinary handler, which blocks until done.
    Terminal tasks are dropped `ttl_ms` after they end.
    """

    identifier = EXTENSION_ID

    def __init__(self, work: dict[str, TaskWork], *, ttl_ms: int = 3_600_000, poll_ms: int = 250):
        self.work = work
        self.ttl_ms = ttl_ms
        self.poll_ms = poll_ms
        self.tasks: dict[str, Task] = {}
        self._running: dict[str, asyncio.Task] = {}

    def methods(self) -> list[MethodBinding]:
        return [
            MethodBinding("tasks/get", _TaskIdParams, self._get, MODERN),
            MethodBinding("tasks/update", _UpdateParams, self._update, MODERN),
            MethodBinding("tasks/cancel", _TaskIdParams, self._cancel, MODERN),
        ]

    async def intercept_tool_call(
        self, params: CallToolRequestParams, ctx: ServerRequestContext, call_next: CallNext
    ) -> HandlerResult:
        work = self.work.get(params.name)
        if work is None or ctx.protocol_version not in MODERN or not _declared(ctx):
            return await call_next(ctx)
        self._expire()
        task = Task(id=uuid.uuid4().hex, ttl_ms=self.ttl_ms, poll_ms=self.poll_ms)
        self.tasks[task.id] = task
        self._running[task.id] = asyncio.get_running_loop().create_task(
            self._run(task, work, dict(params.arguments or {}))
        )
        return {"resultType": "task", **task.to_wire()}

    async def _run(self, task: Task, work: TaskWork, arguments: dict) -> None:
        try:
            result = await work(arguments, TaskRun(task))
        except TaskCancelled as exc:
            task._set(status="cancelled", status_message=str(exc) or "cancelled by the client")
        except asyncio.CancelledError:
            task._set(status="cancelled", status_message="the server shut down")
        except MCPError as exc:
            task._set(status="failed", status_message=exc.error.message, error=_dump(exc.error))
        except Exception as exc:  # a crashed tool is a tool error, not a protocol failure
            result = CallToolResult(content=[TextContent(type="text", text=str(exc))], is_error=True)
            task._set(status="completed", result=_dump(result))
        else:
            task._set(status="completed", result=_dump(result))
        finally:
            self._running.pop(task.id, None)

    def _find(self, ctx: ServerRequestContext, task_id: str) -> Task:
        require_client_extension(ctx, EXTENSION_ID)
        self._expire()
        task = self.tasks.get(task_id)
        if task is None:
            raise MCPError(code=INVALID_PARAMS, message=f"Failed to retrieve task: no task {task_id!r}")
        return task

    async def _get(self, ctx: ServerRequestContext, params: _TaskIdParams) -> dict:
        return {"resultType": "complete", **self._find(ctx, params.task_id).to_wire()}

    async def _update(self, ctx: ServerRequestContext, params: _UpdateParams) -> dict:
        task = self._find(ctx, params.task_id)
        with task.changed:
            for key, answer in params.input_responses.items():
                if key in task.input_requests and key not in task.answers:  # others are ignored (spec)
                    task.answers[key] = answer
            task.changed.notify_all()
        return {"resultType": "complete"}

    async def _cancel(self, ctx: ServerRequestContext, params: _TaskIdParams) -> dict:
        task = self._find(ctx, params.task_id)
        if task.status not in TERMINAL:
            task.cancel_requested.set()
            with task.changed:
                task.changed.notify_all()
        return {"resultType": "complete"}

    def _expire(self) -> None:
        now = time.monotonic()
        for task_id, task in list(self.tasks.items()):
            if task.finished_at is not None and now - task.finished_at > task.ttl_ms / 1000:
                del self.tasks[task_id]

    async def aclose(self) -> None:
        """Cancel running work (server shutdown)."""
        for task in self.tasks.values():
            task.cancel_requested.set()
        for running in list(self._running.values()):
            running.cancel()
            with contextlib.suppress(BaseException):
                await running


def _declared(ctx: ServerRequestContext) -> bool:
    capabilities = ctx.session.client_capabilities
    return bool(capabilities and capabilities.extensions and EXTENSION_ID in capabilities.extensions)


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(by_alias=True, mode="json", exclude_none=True)
    return data


# ---------------------------------------------------------------------------------------------- client


class TaskParams(RequestParams):
    task_id: str = Field(alias="taskId")


class UpdateTaskParams(TaskParams):
    input_responses: dict[str, Any] = Field(alias="inputResponses")


class GetTaskRequest(Request[TaskParams, Literal["tasks/get"]]):
    method: Literal["tasks/get"] = "tasks/get"
    name_param = "taskId"  # the spec wants `Mcp-Name: <taskId>` on HTTP


class UpdateTaskRequest(Request[UpdateTaskParams, Literal["tasks/update"]]):
    method: Literal["tasks/update"] = "tasks/update"
    name_param = "taskId"


class CancelTaskRequest(Request[TaskParams, Literal["tasks/cancel"]]):
    method: Literal["tasks/cancel"] = "tasks/cancel"
    name_param = "taskId"


class _TaskFields(Result):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    task_id: str = Field(alias="taskId")
    status: str
    status_message: str | None = Field(alias="statusMessage", default=None)
    poll_interval_ms: int | None = Field(alias="pollIntervalMs", default=None)


class CreateTaskResult(_TaskFields):
    """`tools/call`'s answer when the server made the call a task (resultType "task")."""

    result_type: Literal["task"] = Field(alias="resultType", default="task")


class TaskResult(_TaskFields):
    """A task as `tasks/get` returns it: a terminal one carries `result` or `error`."""

    input_requests: dict[str, Any] | None = Field(alias="inputRequests", default=None)
    result: dict | None = None
    error: dict | None = None


class TasksClient(ClientExtension):
    """Client side: `Client(..., extensions=[TasksClient()])` makes `call_tool` follow a task to its end.

    `on_status(task)` sees every polled state (progress is in `status_message`). Input requests are
    answered through the client's own callbacks (e.g. `elicitation_callback`) and sent with
    `tasks/update`. If the caller is cancelled, the task is cancelled on the server too.
    """

    identifier = EXTENSION_ID

    def __init__(
        self,
        on_status: Callable[[CreateTaskResult | TaskResult], Any] | None = None,
        poll_s: float | None = None,
    ):
        self.on_status = on_status
        self.poll_s = poll_s

    def claims(self) -> list[ResultClaim]:
        return [ResultClaim(result_type="task", model=CreateTaskResult, resolve=self._follow)]

    async def _follow(self, created: CreateTaskResult, ctx: ClaimContext) -> CallToolResult:
        return await follow(ctx.session, created, on_status=self.on_status, poll_s=self.poll_s)


async def get_task(session: ClientSession, task_id: str) -> TaskResult:
    return await session.send_request(GetTaskRequest(params=TaskParams(taskId=task_id)), TaskResult)


async def cancel_task(session: ClientSession, task_id: str) -> None:
    await session.send_request(CancelTaskRequest(params=TaskParams(taskId=task_id)), EmptyResult)


async def follow(
    session: ClientSession,
    created: CreateTaskResult | TaskResult,
    *,
    on_status: Callable[[CreateTaskResult | TaskResult], Any] | None = None,
    poll_s: float | None = None,
) -> CallToolResult:
    """Poll a task until it ends; answer its input requests; cancel it if the caller is cancelled."""
    from mcp_types import ElicitRequest

    answered: set[str] = set()
    task: CreateTaskResult | TaskResult = created
    try:
        while True:
            if on_status is not None:
                on_status(task)
            if task.status == "completed":
                return CallToolResult.model_validate(getattr(task, "result", None))
            if task.status == "failed":
                raise MCPError.from_error_data(
                    ErrorData.model_validate(
                        getattr(task, "error", None) or {"code": INTERNAL_ERROR, "message": "failed"}
                    )
                )
            if task.status == "cancelled":
                text = task.status_message or "the task was cancelled"
                return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)
            if task.status == "input_required":
                responses = {}
                for key, raw in (getattr(task, "input_requests", None) or {}).items():
                    if key in answered:
                        continue
                    request = ElicitRequest.model_validate(raw)
                    ctx = ClientRequestContext(session=session, request_id=key, meta=None)
                    response = await session.dispatch_input_request(ctx, request)
                    if isinstance(response, ErrorData):
                        response_dump = {"action": "decline"}
                    else:
                        response_dump = _dump(response)
                    responses[key] = response_dump
                    answered.add(key)
                if responses:
                    await session.send_request(
                        UpdateTaskRequest(
                            params=UpdateTaskParams(taskId=task.task_id, inputResponses=responses)
                        ),
                        EmptyResult,
                    )
            interval = poll_s if poll_s is not None else (task.poll_interval_ms or 500) / 1000
            await anyio.sleep(interval)
            task = await get_task(session, task.task_id)
    except anyio.get_cancelled_exc_class():
        with anyio.CancelScope(shield=True), anyio.move_on_after(5):
            await cancel_task(session, task.task_id)
        raise
