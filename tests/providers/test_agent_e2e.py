"""The agent loop with real providers, real SDK clients, local fake APIs and a real desktop."""

import pytest
from provider_fakes import (
    Reply,
    completion,
    computer_call,
    error_body,
    message,
    output_message,
    response,
    text,
    tool_use,
)

from deskpilot.agent import Agent, RunConfig
from deskpilot.agent.loop import NOT_EXECUTED
from deskpilot.core import events as ev
from deskpilot.providers import make_provider

FAST = RunConfig(max_steps=6, retry_base_s=0.01, retry_max_s=0.05, bash=False, editor=False)


@pytest.fixture
def anthropic_env(messages_api, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-e2e")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", messages_api.url)


def run(provider, desktop, instruction="Do the thing", config=FAST, **agent_options):
    events = []
    result = Agent(provider, desktop, config, on_event=events.append, **agent_options).run(instruction)
    return result, events


def tool_result_of(request, index=0) -> dict:
    return [b for b in request.body["messages"][-1]["content"] if b["type"] == "tool_result"][index]


def test_retry_after_429_honours_retry_after_and_succeeds(anthropic_env, messages_api, desktop):
    messages_api.script(
        Reply(error_body("rate_limit_error", "slow down"), 429, {"retry-after": "0.3"}),
        message(tool_use({"action": "mouse_move", "coordinate": [321, 123]}, id="toolu_m")),
        Reply(error_body("overloaded_error", "Overloaded"), 529),
        message(text("The pointer is in place.")),
    )
    result, events = run(make_provider("anthropic:claude-sonnet-4-6"), desktop)
    assert (result.reason, result.steps, result.final_text) == ("completed", 2, "The pointer is in place.")
    retries = [e.data for e in events if e.kind == ev.RETRY]
    assert retries[0]["delay_s"] == 0.3 and "HTTP 429" in retries[0]["error"]
    assert "HTTP 529" in retries[1]["error"] and retries[1]["delay_s"] <= 0.05
    first, retried, second, retried_second = (r.body for r in messages_api.requests)
    assert first == retried and second == retried_second  # a failed call changes nothing
    assert desktop.cursor_position() == (321, 123)
    assert tool_result_of(messages_api.requests[-1])["content"][0]["type"] == "image"
    assert messages_api.problems == []


def test_malformed_action_gets_an_error_result(anthropic_env, messages_api, desktop):
    messages_api.script(
        message(
            tool_use({"action": "fly", "coordinate": [10, 10]}, id="toolu_fly"),
            tool_use({"action": "mouse_move", "coordinate": [40, 40]}, id="toolu_after"),
        ),
        message(tool_use("{'action': 'left_click'", id="toolu_json")),
        message(text("Done.")),
    )
    result, _ = run(make_provider("anthropic:claude-sonnet-4-6"), desktop)
    assert result.reason == "completed"
    fly, after = tool_result_of(messages_api.requests[1], 0), tool_result_of(messages_api.requests[1], 1)
    bad_json = tool_result_of(messages_api.requests[2])
    assert fly["tool_use_id"] == "toolu_fly" and fly["is_error"] is True
    assert fly["content"] == [
        {
            "type": "text",
            "text": "Unknown action 'fly' for computer_20251124. Valid actions: key, type, cursor_position, "
            "screenshot, mouse_move, left_click, right_click, middle_click, double_click, left_click_drag, triple_click, "
            "left_mouse_down, left_mouse_up, scroll, hold_key, wait, zoom.",
        }
    ]
    # The batch stops at the failure: the later call is answered, not run.
    assert after["is_error"] is True and after["content"][0]["text"] == NOT_EXECUTED
    assert desktop.cursor_position() != (40, 40)
    assert bad_json["tool_use_id"] == "toolu_json" and bad_json["is_error"] is True
    assert bad_json["content"][0]["text"].startswith("The tool input must be a JSON object of parameters")
    assert messages_api.problems == []


def test_coordinates_off_the_screen_name_the_bounds(anthropic_env, messages_api, desktop):
    width, height = desktop.size
    messages_api.script(
        message(tool_use({"action": "left_click", "coordinate": [width + 50, 10]}, id="toolu_off")),
        message(text("Done.")),
    )
    result, events = run(make_provider("anthropic:claude-sonnet-4-6"), desktop)
    assert result.reason == "completed"
    block = tool_result_of(messages_api.requests[1])
    assert block["is_error"] is True and [p["type"] for p in block["content"]] == ["text"]
    assert f"outside display bounds ({width}x{height})" in block["content"][0]["text"]
    assert [e.data["has_image"] for e in events if e.kind == ev.RESULT] == [False]


def test_openai_safety_check_confirmed_before_the_action_runs(responses_api, monkeypatch, desktop):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-e2e")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{responses_api.url}/v1")
    check = {"id": "sc_9", "code": "sensitive_domain", "message": "This looks like a bank."}
    first = response(computer_call({"type": "move", "x": 222, "y": 111}, checks=[check], call_id="call_1"))
    responses_api.script(first, response(output_message("Moved.")))
    order = []

    def confirm(request):
        order.append(("confirm", request["kind"], desktop.cursor_position()))
        return True

    config = RunConfig(max_steps=4)  # bash and editor allowed, but the model has neither
    result, events = run(
        make_provider("openai:computer-use-preview"), desktop, config=config, confirm=confirm
    )
    order += [("action", e.data["input"]) for e in events if e.kind == ev.ACTION]
    started = next(e.data for e in events if e.kind == ev.RUN_STARTED)
    assert started["tool_versions"] == {"computer": "computer_20250124"}
    assert result.reason == "completed" and desktop.cursor_position() == (222, 111)
    assert order[0][:2] == ("confirm", "provider_safety_check") and order[0][2] != (222, 111)
    assert order[1] == ("action", {"action": "mouse_move", "coordinate": [222, 111]})
    output = responses_api.requests[1].body["input"][0]
    assert output["acknowledged_safety_checks"] == [check]
    assert responses_api.requests[1].body["previous_response_id"] == first["id"]
    assert responses_api.problems == []


def test_openai_declined_check_ends_the_run_asking_the_user(responses_api, monkeypatch, desktop):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-e2e")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{responses_api.url}/v1")
    before = desktop.cursor_position()
    responses_api.script(response(computer_call({"type": "move", "x": 5, "y": 5}, checks=[{"id": "sc_1"}])))
    result, events = run(make_provider("openai:computer-use-preview"), desktop, confirm=lambda request: False)
    assert (result.reason, result.status) == ("needs_input", "ask_user")
    assert "declined" in result.final_text
    (failed,) = [e.data for e in events if e.kind == ev.RESULT]
    assert "did not approve" in failed["error"] and desktop.cursor_position() == before
    assert len(responses_api.requests) == 1


def test_uitars_run_on_a_desktop(chat_api, desktop):
    chat_api.script(
        completion("Thought: Point at the centre.\nAction: left_double(start_box='(644,406)')"),
        completion("Thought: That worked.\nAction: finished(content='Clicked the centre.')"),
    )
    provider = make_provider(f"uitars:ui-tars-1.5-7b@{chat_api.url}/v1")
    result, events = run(provider, desktop)
    assert (result.reason, result.final_text) == ("completed", "Clicked the centre.")
    assert desktop.cursor_position() == (640, 400)  # 1288x812 model pixels -> the 1280x800 screen
    started = next(e.data for e in events if e.kind == ev.RUN_STARTED)
    assert started["image_size"] == [1280, 800]  # the native screenshot
    assert len(chat_api.requests[1].body["messages"]) == 4  # system, task + screenshot, answer, screenshot
