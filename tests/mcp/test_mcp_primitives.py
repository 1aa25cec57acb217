"""Desktop handles and primitive tools over stdio and HTTP, on the 2025-11-25 handshake and on 2026-07-28."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest
from conftest import MODES
from mcp.shared.exceptions import MCPError
from mcp_helpers import Asker, connect, image_size, start, text, wait_for
from mcp_types import CallToolResult, ElicitResult, InputRequiredResult

from deskpilot.core.actions import parse_computer_action
from deskpilot.core.results import ToolError

TRANSPORTS = ("stdio", "http")
MATRIX = [(t, m) for t in TRANSPORTS for m in MODES]


def run(scenario, *args):
    anyio.run(scenario, *args)


def test_tool_annotations_are_honest(stdio_dir):
    async def scenario():
        async with connect("stdio", "2026-07-28", stdio_dir=stdio_dir) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        for name in ("screenshot", "zoom", "cursor_position", "list_windows", "list_desktops"):
            assert tools[name].annotations.read_only_hint is True, name
        for name in ("computer", "bash", "edit", "run_task", "stop_desktop"):
            hints = tools[name].annotations
            assert hints.read_only_hint is False and hints.destructive_hint is True, name
        assert tools["start_desktop"].annotations.destructive_hint is False
        for name, tool in tools.items():
            if name not in ("start_desktop", "list_desktops"):
                assert "handle" in tool.input_schema["required"], name

    run(scenario)


@pytest.mark.parametrize("transport,mode", MATRIX)
def test_screenshot_is_sized_for_the_client_and_says_its_scale(transport, mode, http_server, stdio_dir):
    async def scenario():
        async with connect(transport, mode, http=http_server, stdio_dir=stdio_dir) as client:
            info = await start(client, size="1920x1080")
            assert info["screen_size"] == [1920, 1080]
            # "api" scaling fits Claude's image limits, so the image is smaller than the screen.
            assert info["image_size"][0] < 1920
            shot = await client.call_tool("screenshot", {"handle": info["handle"]})
            assert not shot.is_error, text(shot)
            assert list(image_size(shot)) == info["image_size"]
            scale = info["image_size"][0] / 1920
            assert f"scale {scale:.4g}" in text(shot)
            assert (
                f"Screenshot {info['image_size'][0]}x{info['image_size'][1]} of the 1920x1080 screen"
                in text(shot)
            )
            position = await client.call_tool("cursor_position", {"handle": info["handle"]})
            assert text(position).startswith("X=")
            await client.call_tool("stop_desktop", {"handle": info["handle"]})

    run(scenario)


@pytest.mark.parametrize("transport,mode", [("stdio", "legacy"), ("http", "2026-07-28")])
def test_click_and_type_into_mousepad_saves_the_file(transport, mode, http_server, stdio_dir):
    async def scenario():
        async with connect(transport, mode, http=http_server, stdio_dir=stdio_dir) as client:
            info = await start(client, size="1280x800")
            handle, path = info["handle"], Path(info["home"]) / "note.txt"
            launched = await client.call_tool(
                "bash",
                {"handle": handle, "command": "printf 'start\\n' > ~/note.txt && (mousepad ~/note.txt &)"},
            )
            assert not launched.is_error, text(launched)

            async def editor_open():
                windows = await client.call_tool("list_windows", {"handle": handle})
                return "note.txt" in text(windows)

            await wait_for(editor_open, 60, "mousepad with note.txt")
            for action in (
                {"action": "left_click", "coordinate": [640, 400]},
                {"action": "key", "text": "ctrl+End"},
                {"action": "type", "text": "hello from mcp ü"},
                {"action": "key", "text": "ctrl+s"},
            ):
                result = await client.call_tool("computer", {"handle": handle, **action})
                assert not result.is_error, text(result)
                assert image_size(result) == (1280, 800)  # every action answers with a screenshot

            async def saved():
                return path.read_text() == "start\nhello from mcp ü"

            await wait_for(saved, 30, "the file to be saved")
            stopped = await client.call_tool("stop_desktop", {"handle": handle})
            trajectory = Path(text(stopped).split("Trajectory: ")[1])
            records = [
                json.loads(line) for line in (trajectory / "audit" / "audit.jsonl").read_text().splitlines()
            ]
            intents = [record["data"]["input"] for record in records if record["kind"] == "intent"]
            assert {"action": "type", "text": "hello from mcp ü"} in intents

    run(scenario)


@pytest.mark.parametrize("transport,mode", MATRIX)
def test_a_refused_confirmation_leaves_the_desktop_untouched(transport, mode, http_server, stdio_dir):
    """`rm -rf ~/docs` needs confirmation under the default policy: the client is asked (an input_required
    round trip on 2026-07-28, an elicitation on 2025-11-25) about exactly that action."""

    async def scenario():
        refuse = Asker(approve=False)
        async with connect(
            transport, mode, http=http_server, stdio_dir=stdio_dir, elicitation_callback=refuse
        ) as client:
            info = await start(client)
            handle, docs = info["handle"], Path(info["home"]) / "docs"
            made = await client.call_tool(
                "bash", {"handle": handle, "command": "mkdir ~/docs && echo kept > ~/docs/a.txt"}
            )
            assert not made.is_error, text(made)
            refused = await client.call_tool("bash", {"handle": handle, "command": "rm -rf ~/docs"})
            assert refused.is_error
            assert "did not approve" in text(refused)
            assert len(refuse.questions) == 1
            assert 'bash {"command": "rm -rf ~/docs"}' in refuse.questions[0]
            assert "Action hash: " in refuse.questions[0]
            assert (docs / "a.txt").read_text() == "kept\n"
            await client.call_tool("stop_desktop", {"handle": handle})

        approve = Asker(approve=True)
        async with connect(
            transport, mode, http=http_server, stdio_dir=stdio_dir, elicitation_callback=approve
        ) as client:
            info = await start(client)
            handle, docs = info["handle"], Path(info["home"]) / "docs"
            await client.call_tool("bash", {"handle": handle, "command": "mkdir ~/docs"})
            done = await client.call_tool("bash", {"handle": handle, "command": "rm -rf ~/docs"})
            assert not done.is_error, text(done)
            assert len(approve.questions) == 1 and not docs.exists()
            stopped = await client.call_tool("stop_desktop", {"handle": handle})
            audit = Path(text(stopped).split("Trajectory: ")[1]) / "audit" / "audit.jsonl"
            records = [json.loads(line) for line in audit.read_text().splitlines()]
            approvals = [record["data"] for record in records if record["kind"] == "approval"]
            assert [a["approved"] for a in approvals] == [True]
            assert approvals[0]["approver"].startswith("mcp:")

    run(scenario)


def _tool_error(params: dict, image_size: tuple[int, int]) -> str:
    try:
        parse_computer_action(params, "computer_20251124", image_size=image_size, enable_zoom=True)
    except ToolError as exc:
        return exc.message
    raise AssertionError(f"{params} is valid")


@pytest.mark.parametrize("transport,mode", MATRIX)
def test_bad_handles_and_bad_actions_get_clear_errors(transport, mode, http_server, stdio_dir):
    async def scenario():
        async with connect(transport, mode, http=http_server, stdio_dir=stdio_dir) as client:
            unknown = await client.call_tool("screenshot", {"handle": "desk-000000000000"})
            assert unknown.is_error and "Unknown handle 'desk-000000000000'" in text(unknown)
            assert "start_desktop" in text(unknown)
            empty = await client.call_tool("computer", {"handle": "", "action": "screenshot"})
            assert empty.is_error and "Missing 'handle'" in text(empty)

            info = await start(client, size="800x600")
            handle, size = info["handle"], tuple(info["image_size"])
            for params in (
                {"action": "fly"},
                {"action": "left_click", "coordinate": [5000, 10]},
                {"action": "type"},
                {"action": "scroll", "scroll_direction": "sideways", "scroll_amount": 2},
                {"action": "key", "text": "ctrl+s", "coordinate": [1, 1]},
            ):
                result = await client.call_tool("computer", {"handle": handle, **params})
                assert result.is_error, params
                assert text(result) == _tool_error(params, size)  # the computer tool's own words
            bad_edit = await client.call_tool(
                "edit", {"handle": handle, "command": "view", "path": "relative.txt"}
            )
            assert bad_edit.is_error and "is not an absolute path" in text(bad_edit)
            bad_size = await client.call_tool("start_desktop", {"size": "huge"})
            assert bad_size.is_error and "size must look like 1280x800" in text(bad_size)

            await client.call_tool("stop_desktop", {"handle": handle})
            stale = await client.call_tool("screenshot", {"handle": handle})
            assert stale.is_error and f"The desktop {handle!r} is gone (stopped by stop_desktop)" in text(
                stale
            )

    run(scenario)


def test_an_answer_is_bound_to_the_action_it_was_asked_about(http_server):
    """On 2026-07-28 the question comes back as an input_required result; replaying its requestState with
    another command is rejected and runs nothing; the answer then still covers the original command."""

    async def scenario():
        async with connect("http", "2026-07-28", http=http_server) as client:
            info = await start(client)
            handle, home = info["handle"], Path(info["home"])
            await client.call_tool("bash", {"handle": handle, "command": "mkdir ~/docs ~/other"})
            first = await client.session.call_tool(
                "bash", {"handle": handle, "command": "rm -rf ~/docs"}, allow_input_required=True
            )
            assert isinstance(first, InputRequiredResult)
            question = first.input_requests["confirm"]
            assert 'bash {"command": "rm -rf ~/docs"}' in question.params.message
            yes = {"confirm": ElicitResult(action="accept", content={"approve": True})}
            with pytest.raises(MCPError) as swapped:  # the sealed requestState names the call it belongs to
                await client.session.call_tool(
                    "bash",
                    {"handle": handle, "command": "rm -rf ~/other"},
                    input_responses=yes,
                    request_state=first.request_state,
                    allow_input_required=True,
                )
            assert "requestState" in swapped.value.error.message
            assert (home / "docs").is_dir() and (home / "other").is_dir()
            done = await client.session.call_tool(
                "bash",
                {"handle": handle, "command": "rm -rf ~/docs"},
                input_responses=yes,
                request_state=first.request_state,
                allow_input_required=True,
            )
            assert isinstance(done, CallToolResult) and not done.is_error, text(done)
            assert not (home / "docs").exists() and (home / "other").is_dir()
            await client.call_tool("stop_desktop", {"handle": handle})

    run(scenario)
