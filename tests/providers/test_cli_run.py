"""`deskpilot run --model anthropic:...` as a user runs it (a subprocess with its own desktop), against the
local Messages API server that enforces the toolset's and the beta tools' protocol rules."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from provider_fakes import member, message, text, tool_use

ROOT = Path(__file__).resolve().parents[2]
MULTI_BATCH = (
    message(text("Looking first."), member("screenshot")),
    message(
        member("mouse_move", {"coordinate": [200, 150]}),
        member("left_click", {"coordinate": [200, 150]}),
        member("key", {"text": "Escape", "repeat": 2}),
    ),
    message(member("zoom", {"region": [0, 0, 320, 200]}), member("cursor_position")),
    message(text("Done: the pointer rests at 200,150.")),
)


def deskpilot_run(api, tmp_path, model, *extra):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ANTHROPIC_API_KEY": "sk-ant-cli",
        "ANTHROPIC_BASE_URL": api.url,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    command = [sys.executable, "-c", "from deskpilot.cli import app; app()", "run", "--model", model]
    command += ["--yes", "--no-sandbox", "--out", str(tmp_path / "runs"), "--max-steps", "6", *extra]
    return subprocess.run(
        [*command, "Point at 200,150"], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path
    )


@pytest.mark.parametrize("model", ["claude-sonnet-5", "claude-opus-6"])
def test_current_models_complete_a_multi_batch_run_with_the_toolset(messages_api, tmp_path, model):
    messages_api.script(*MULTI_BATCH)
    done = deskpilot_run(messages_api, tmp_path, f"anthropic:{model}")
    assert done.returncode == 0, done.stderr[-3000:]
    assert messages_api.problems == []
    assert len(messages_api.requests) == 4
    for request in messages_api.requests:
        assert request.path == "/v1/messages" and "anthropic-beta" not in request.headers
        assert request.body["tools"][0] == {"type": "computer_toolset_20260801"}
    last = messages_api.requests[-1].body["messages"]
    zoomed, position = (b for b in last[-1]["content"] if b["type"] == "tool_result")
    assert [p["type"] for p in zoomed["content"]] == ["text", "image"]
    assert position["content"][0]["text"] == "X=200,Y=150"
    assert "completed" in done.stderr


def test_opus_4_7_still_speaks_computer_20251124(messages_api, tmp_path):
    messages_api.script(
        message(tool_use({"action": "screenshot"})),
        message(
            tool_use({"action": "mouse_move", "coordinate": [200, 150]}),
            tool_use({"action": "cursor_position"}),
        ),
        message(text("Done.")),
    )
    done = deskpilot_run(messages_api, tmp_path, "anthropic:claude-opus-4-7")
    assert done.returncode == 0, done.stderr[-3000:]
    assert messages_api.problems == []
    for request in messages_api.requests:
        assert request.path == "/v1/messages"
        assert request.headers["anthropic-beta"] == "computer-use-2025-11-24"
        computer = request.body["tools"][0]
        assert (computer["type"], computer["name"]) == ("computer_20251124", "computer")
        assert (computer["display_width_px"], computer["display_height_px"]) == (1280, 800)
    results = [b for b in messages_api.requests[-1].body["messages"][-1]["content"]]
    assert all("toolset_name" not in block for block in results)
    assert results[1]["content"][0]["text"] == "X=200,Y=150"


def test_computer_tool_flag_overrides_the_table(messages_api, tmp_path):
    messages_api.script(message(tool_use({"action": "cursor_position"})), message(text("Done.")))
    done = deskpilot_run(
        messages_api, tmp_path, "anthropic:claude-sonnet-5", "--computer-tool", "computer_20251124"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert messages_api.requests[0].body["tools"][0]["type"] == "computer_20251124"
    assert messages_api.problems == []
    refused = deskpilot_run(
        messages_api, tmp_path, "anthropic:claude-sonnet-5", "--computer-tool", "computer_2099"
    )
    assert refused.returncode == 2 and "unknown computer tool 'computer_2099'" in refused.stderr
    local = deskpilot_run(messages_api, tmp_path, "local", "--computer-tool", "computer")
    assert local.returncode == 2 and "local takes no options, got computer_tool" in local.stderr
