"""OpenAI's GA `computer` tool (batched actions[]) with the real `openai` SDK against a local Responses API
server, through the agent loop on a real desktop."""

import pytest
from provider_fakes import Reply, computer_batch, computer_call, output_message, response

from deskpilot.agent import Agent, RunConfig
from deskpilot.core import events as ev
from deskpilot.core.families import OPENAI_COMPUTER, OPENAI_COMPUTER_USE_PREVIEW, openai_tool
from deskpilot.providers import make_provider

FAST = RunConfig(max_steps=6, retry_base_s=0.01, retry_max_s=0.05, bash=False, editor=False)
HALT = "Not executed: an earlier computer action in this turn failed."


@pytest.fixture
def openai_env(responses_api, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-ga")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{responses_api.url}/v1")


def run(spec, desktop, **agent_options):
    events = []
    options = agent_options.pop("options", {})
    agent = Agent(make_provider(spec, **options), desktop, FAST, on_event=events.append, **agent_options)
    return agent.run("Do it"), events


@pytest.mark.parametrize(
    ("model", "override", "tool"),
    [
        ("gpt-5.4", None, OPENAI_COMPUTER),
        ("gpt-5.5-mini", None, OPENAI_COMPUTER),
        ("computer-use-preview", None, OPENAI_COMPUTER_USE_PREVIEW),
        ("computer-use-preview-2025-03-11", None, OPENAI_COMPUTER_USE_PREVIEW),
        ("gpt-5.4", OPENAI_COMPUTER_USE_PREVIEW, OPENAI_COMPUTER_USE_PREVIEW),
    ],
)
def test_tool_by_model(model, override, tool):
    assert openai_tool(model, override) == tool
    assert make_provider(f"openai:{model}", computer_tool=override).tool_type == tool


def test_unknown_override_is_refused():
    with pytest.raises(ValueError, match="unknown computer tool 'computer_20251124'"):
        openai_tool("gpt-5.4", "computer_20251124")


def test_batch_runs_in_order_and_halts_at_the_first_failure(openai_env, responses_api, desktop):
    width, _ = desktop.size
    batch = computer_batch(
        [
            {"type": "move", "x": 120, "y": 130},
            {"type": "keypress", "keys": ["SHIFT"]},
            {"type": "click", "button": "left", "x": width + 10, "y": 5},
            {"type": "move", "x": 400, "y": 400},
            {"type": "screenshot"},
        ],
        call_id="call_b",
    )
    responses_api.script(response(batch), response(output_message("Done.")))
    result, events = run("openai:gpt-5.4", desktop)
    assert result.reason == "completed" and desktop.cursor_position() == (120, 130)
    first, second = (r.body for r in responses_api.requests)
    assert first["tools"] == [{"type": "computer"}] and "truncation" not in first
    output, note = second["input"]
    assert output["call_id"] == "call_b" and output["output"]["image_url"].startswith(
        "data:image/png;base64,"
    )
    assert "The left_click action failed: Coordinates" in note["content"]
    assert note["content"].count(HALT) == 2
    ran = [e.data["call_id"] for e in events if e.kind == ev.ACTION]
    assert ran == ["call_b", "call_b#1", "call_b#2"]
    assert responses_api.problems == []


def test_unknown_and_malformed_actions_in_a_batch(openai_env, responses_api, desktop):
    batch = computer_batch(
        [
            {"type": "move", "x": 10, "y": 11},
            {"type": "teleport", "x": 1, "y": 1},
            {"type": "type", "text": "x"},
        ]
    )
    empty = computer_call(None)
    responses_api.script(response(batch), response(empty), response(output_message("Done.")))
    result, events = run("openai:gpt-5.4", desktop)
    assert result.reason == "completed" and desktop.cursor_position() == (10, 11)
    errors = [e.data["error"] for e in events if e.kind == ev.RESULT and e.data["error"]]
    assert errors[0].startswith("Unknown computer action type 'teleport'")
    assert errors[1] == HALT
    assert errors[2].startswith("The computer_call has no action")
    assert responses_api.problems == []


def test_safety_check_on_a_batch_is_confirmed_before_it_runs(openai_env, responses_api, desktop):
    check = {"id": "sc_7", "code": "malicious_instructions", "message": "The screen asks for your password."}
    batch = computer_batch(
        [{"type": "move", "x": 33, "y": 44}, {"type": "screenshot"}], checks=[check], call_id="c"
    )
    responses_api.script(response(batch), response(output_message("Done.")))
    asked = []

    def confirm(request):
        asked.append((request["checks"], desktop.cursor_position()))
        return True

    result, _ = run("openai:gpt-5.4", desktop, confirm=confirm)
    assert result.reason == "completed" and desktop.cursor_position() == (33, 44)
    assert len(asked) == 1 and asked[0][0] == ["malicious_instructions"] and asked[0][1] != (33, 44)
    assert responses_api.requests[1].body["input"][0]["acknowledged_safety_checks"] == [check]
    assert responses_api.problems == []


def test_declined_check_on_a_batch_runs_nothing(openai_env, responses_api, desktop):
    before = desktop.cursor_position()
    batch = computer_batch(
        [{"type": "move", "x": 9, "y": 9}], checks=[{"id": "sc_2", "code": "sensitive_domain"}]
    )
    responses_api.script(response(batch))
    result, _ = run("openai:gpt-5.4", desktop, confirm=lambda request: False)
    assert (result.reason, desktop.cursor_position()) == ("needs_input", before)
    assert "sensitive_domain" in result.final_text and len(responses_api.requests) == 1


def test_retries_and_a_hang(openai_env, responses_api, desktop):
    responses_api.script(
        Reply({"error": {"message": "slow down", "type": "rate_limit"}}, 429, {"retry-after": "0.2"}),
        Reply({"error": {"message": "boom", "type": "server_error"}}, 500),
        Reply(response(output_message("late")), delay_s=2.0),
        response(output_message("Done.")),
    )
    result, events = run("openai:gpt-5.4", desktop, options={"timeout": 0.5})
    assert (result.reason, result.final_text) == ("completed", "Done.")
    retries = [e.data for e in events if e.kind == ev.RETRY]
    assert retries[0]["delay_s"] == 0.2 and "HTTP 429" in retries[0]["error"]
    assert "HTTP 500" in retries[1]["error"] and "APITimeoutError" in retries[2]["error"]
