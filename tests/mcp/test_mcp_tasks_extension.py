"""The Tasks extension (SEP-2663) on its own: a small MCPServer with one task tool, the SDK's real Client in
process. Covers what run_task's tests cannot easily provoke: a question in the middle of a task."""

from __future__ import annotations

import anyio
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult, ElicitResult, TextContent

from deskpilot.mcp.tasks import EXTENSION_ID, TaskRun, TasksClient, TasksExtension, get_task

QUESTION = {
    "method": "elicitation/create",
    "params": {
        "mode": "form",
        "message": "Go on?",
        "requestedSchema": {"type": "object", "properties": {"go": {"type": "boolean"}}, "required": ["go"]},
    },
}


def make_server() -> MCPServer:
    async def work(arguments: dict, run: TaskRun) -> CallToolResult:
        def body() -> str:
            run.progress("asking")
            answer = run.ask(QUESTION, timeout=30)
            run.progress("answered")
            return f"go={answer['content']['go']}" if answer else "no answer"

        text = await anyio.to_thread.run_sync(body)
        return CallToolResult(content=[TextContent(type="text", text=text)])

    server = MCPServer("tasks-test", extensions=[TasksExtension({"job": work}, poll_ms=50)])

    @server.tool(structured_output=False)
    def job() -> str:
        """Runs inline for clients without the extension."""
        return "inline"

    return server


def test_a_question_in_the_middle_of_a_task_is_answered_with_tasks_update():
    async def scenario():
        statuses, questions = [], []

        async def answer(ctx, params):
            questions.append(params.message)
            return ElicitResult(action="accept", content={"go": True})

        tasks = TasksClient(
            on_status=lambda task: statuses.append((task.status, task.status_message)), poll_s=0.05
        )
        async with Client(
            make_server(), mode="2026-07-28", elicitation_callback=answer, extensions=[tasks]
        ) as client:
            result = await client.call_tool("job", {})
        assert result.content[0].text == "go=True"
        assert questions == ["Go on?"]
        assert ("input_required", "asking") in statuses
        assert statuses[-1] == ("completed", "answered")

    anyio.run(scenario)


def test_clients_without_the_extension_get_the_inline_result_and_no_task_methods():
    async def scenario():
        async with Client(make_server(), mode="2026-07-28") as client:
            assert (await client.call_tool("job", {})).content[0].text == "inline"
            with pytest.raises(MCPError) as missing:
                await get_task(client.session, "whatever")
            assert missing.value.error.code == -32021 and EXTENSION_ID in missing.value.error.message
        async with Client(make_server(), mode="2026-07-28", extensions=[TasksClient()]) as client:
            with pytest.raises(MCPError) as unknown:
                await get_task(client.session, "no-such-task")
            assert (
                unknown.value.error.code == -32602 and "no task 'no-such-task'" in unknown.value.error.message
            )

    anyio.run(scenario)


def test_the_extension_is_advertised():
    async def scenario():
        async with Client(make_server(), mode="auto") as client:
            assert EXTENSION_ID in (client.server_capabilities.extensions or {})

    anyio.run(scenario)
