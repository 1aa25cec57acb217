"""Connecting the SDK's real client to `deskpilot mcp`, and small waiting helpers."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx2
from conftest import HttpServer, server_argv, server_env
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult, ElicitResult
from PIL import Image

from deskpilot.mcp.tasks import TasksClient

TIMEOUT = httpx2.Timeout(60, read=600)


@contextlib.asynccontextmanager
async def connect(
    transport: str, mode: str, *, http: HttpServer | None = None, stdio_dir: Path | None = None, **kwargs: Any
) -> AsyncIterator[Client]:
    """A connected `mcp.Client`: stdio launches `deskpilot mcp`; http talks to a running server with its token."""
    if transport == "stdio":
        assert stdio_dir is not None
        server: Any = StdioServerParameters(
            command=server_argv(stdio_dir / "runs")[0],
            args=server_argv(stdio_dir / "runs")[1:],
            env=server_env(stdio_dir),
        )
    else:
        assert http is not None
        client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {http.token}"}, timeout=TIMEOUT)
        server = streamable_http_client(http.url, http_client=client)
    async with Client(server, mode=mode, read_timeout_seconds=600, **kwargs) as session:
        assert session.protocol_version == ("2025-11-25" if mode == "legacy" else mode)
        yield session


class Asker:
    """An elicitation callback that records each question and answers approve=`approve`."""

    def __init__(self, approve: bool):
        self.approve = approve
        self.questions: list[str] = []

    async def __call__(self, ctx: Any, params: Any) -> ElicitResult:
        self.questions.append(params.message)
        return ElicitResult(action="accept", content={"approve": self.approve})


def tasks_client(statuses: list) -> TasksClient:
    return TasksClient(on_status=lambda task: statuses.append((task.status, task.status_message)), poll_s=0.2)


def text(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


def image_size(result: CallToolResult) -> tuple[int, int]:
    import base64

    (block,) = [b for b in result.content if b.type == "image"]
    return Image.open(io.BytesIO(base64.b64decode(block.data))).size


async def start(client: Client, **arguments: Any) -> dict:
    result = await client.call_tool("start_desktop", arguments)
    assert not result.is_error, text(result)
    return result.structured_content


async def wait_for(predicate: Callable[[], Any], timeout: float, what: str, every: float = 0.5) -> Any:
    """Poll an async predicate until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await anyio.sleep(every)
