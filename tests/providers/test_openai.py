"""The OpenAI computer-use provider with the real `openai` SDK talking to a local Responses API server."""

import base64
import json

import pytest
from provider_fakes import (
    Reply,
    computer_call,
    error_body,
    output_message,
    png,
    reasoning,
    response,
)

from deskpilot.core.actions import parse_computer_action
from deskpilot.core.keys import vendor_key
from deskpilot.core.results import ToolResult
from deskpilot.core.turns import ASK_USER, CONTINUE, DONE, FAIL, ProviderError, TransientError
from deskpilot.providers import make_provider
from deskpilot.providers.openai import OpenAIProvider, computer_action

KEY = "sk-openai-test-key-456"
CHECK = {"id": "sc_1", "code": "malicious_instructions", "message": "The screen asks you to ignore the user."}


@pytest.fixture
def provider(responses_api, monkeypatch, session_for):
    """A started OpenAIProvider whose SDK client finds the fake server through OPENAI_BASE_URL."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{responses_api.url}/v1")

    def build(confirm=None, **options):
        p = make_provider("openai:computer-use-preview", **options)
        p.start(session_for(p, confirm=confirm))
        return p

    return build


def screenshot_result(color=(10, 20, 30)) -> ToolResult:
    return ToolResult(image=base64.b64decode(png(color)), media_type="image/png")


# Action mapping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "canonical"),
    [
        (
            {"type": "click", "x": 10, "y": 20, "button": "left"},
            {"action": "left_click", "coordinate": [10, 20]},
        ),
        (
            {"type": "click", "x": 10, "y": 20, "button": "right"},
            {"action": "right_click", "coordinate": [10, 20]},
        ),
        (
            {"type": "click", "x": 10, "y": 20, "button": "wheel"},
            {"action": "middle_click", "coordinate": [10, 20]},
        ),
        ({"type": "click", "x": 10, "y": 20, "button": "back"}, {"action": "key", "text": "alt+Left"}),
        ({"type": "click", "x": 10, "y": 20, "button": "forward"}, {"action": "key", "text": "alt+Right"}),
        (
            {"type": "click", "x": 1, "y": 2, "button": "left", "keys": ["SHIFT", "CTRL"]},
            {"action": "left_click", "coordinate": [1, 2], "text": "shift+ctrl"},
        ),
        ({"type": "double_click", "x": 5, "y": 6}, {"action": "double_click", "coordinate": [5, 6]}),
        ({"type": "move", "x": 7, "y": 8}, {"action": "mouse_move", "coordinate": [7, 8]}),
        (
            {"type": "scroll", "x": 50, "y": 60, "scroll_x": 0, "scroll_y": 300},
            {"action": "scroll", "coordinate": [50, 60], "scroll_direction": "down", "scroll_amount": 3},
        ),
        (
            {"type": "scroll", "x": 50, "y": 60, "scroll_x": 0, "scroll_y": -40},
            {"action": "scroll", "coordinate": [50, 60], "scroll_direction": "up", "scroll_amount": 1},
        ),
        (
            {"type": "scroll", "x": 50, "y": 60, "scroll_x": 420, "scroll_y": 100},
            {"action": "scroll", "coordinate": [50, 60], "scroll_direction": "right", "scroll_amount": 4},
        ),
        (
            {"type": "scroll", "x": 50, "y": 60, "scroll_x": -100, "scroll_y": 0},
            {"action": "scroll", "coordinate": [50, 60], "scroll_direction": "left", "scroll_amount": 1},
        ),
        ({"type": "type", "text": "héllo\nworld"}, {"action": "type", "text": "héllo\nworld"}),
        ({"type": "wait"}, {"action": "wait", "duration": 1.0}),
        ({"type": "keypress", "keys": ["CTRL", "ALT", "T"]}, {"action": "key", "text": "ctrl+alt+t"}),
        ({"type": "keypress", "keys": ["ENTER"]}, {"action": "key", "text": "Return"}),
        ({"type": "keypress", "keys": ["SPACE"]}, {"action": "key", "text": "space"}),
        ({"type": "keypress", "keys": ["ESC"]}, {"action": "key", "text": "Escape"}),
        ({"type": "keypress", "keys": ["ArrowUp"]}, {"action": "key", "text": "Up"}),
        ({"type": "keypress", "keys": ["ctrl", "+"]}, {"action": "key", "text": "ctrl+plus"}),
        ({"type": "keypress", "keys": ["F5"]}, {"action": "key", "text": "F5"}),
        (
            {"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]},
            {"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [3, 4]},
        ),
        (
            {"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 9, "y": 9}, {"x": 30, "y": 40}]},
            {"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [30, 40]},
        ),
        ({"type": "screenshot"}, {"action": "screenshot"}),
    ],
)
def test_computer_action_mapping_is_valid_canonical_input(action, canonical):
    assert computer_action(action) == canonical
    parse_computer_action(canonical, "computer_20250124", image_size=(1280, 800))  # raises if invalid


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"type": "fly"}, "Unknown computer action type 'fly'"),
        ({"type": "click", "x": 1, "button": "left"}, "missing its 'y' field"),
        ({"type": "click", "x": 1, "y": 1, "button": "thumb"}, "Unknown mouse button 'thumb'"),
        ({"type": "drag", "path": [{"x": 1, "y": 2}]}, "at least two"),
        ({"type": "keypress", "keys": []}, "non-empty list"),
    ],
)
def test_unsupported_actions_raise_model_readable_errors(action, message):
    with pytest.raises(ValueError, match=message):
        computer_action(action)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ENTER", "Return"),
        ("Return", "Return"),
        ("SPACE", "space"),
        ("CTRL", "ctrl"),
        ("CMD", "super"),
        ("ARROWLEFT", "Left"),
        ("PAGEDOWN", "Next"),
        ("BACKSPACE", "BackSpace"),
        ("A", "a"),
        ("f12", "F12"),
        ("KP_Enter", "KP_Enter"),
    ],
)
def test_vendor_key(name, key):
    assert vendor_key(name) == key


# Requests -----------------------------------------------------------------------------------------------


def test_chained_requests_with_screenshot_outputs(provider, responses_api):
    p = provider()
    assert isinstance(p, OpenAIProvider)
    first = response(
        reasoning("Open the menu first."),
        computer_call({"type": "click", "x": 40, "y": 50, "button": "left"}, call_id="call_a"),
    )
    responses_api.script(first, response(output_message("The menu is open.")))
    turn = p.next_turn()
    assert turn.status == CONTINUE and turn.text == "Open the menu first."
    assert [(c.id, c.tool, c.input) for c in turn.tool_calls] == [
        ("call_a", "computer", {"action": "left_click", "coordinate": [40, 50]})
    ]
    result = screenshot_result()
    p.add_tool_results([(turn.tool_calls[0], result)])
    final = p.next_turn()
    assert (final.status, final.text, final.tool_calls) == (DONE, "The menu is open.", [])

    one, two = (r.body for r in responses_api.requests)
    assert responses_api.requests[0].path == "/v1/responses"
    assert responses_api.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert one["tools"] == [
        {"type": "computer_use_preview", "display_width": 1280, "display_height": 800, "environment": "linux"}
    ]
    assert one["truncation"] == "auto" and one["model"] == "computer-use-preview"
    assert one["instructions"] == "You operate a test desktop."
    assert one["input"] == [{"role": "user", "content": "Open the menu"}]
    assert "previous_response_id" not in one
    assert two["previous_response_id"] == first["id"]
    assert two["input"] == [
        {
            "type": "computer_call_output",
            "call_id": "call_a",
            "output": {
                "type": "computer_screenshot",
                "image_url": f"data:image/png;base64,{result.base64_image}",
            },
        }
    ]
    assert two["tools"] == one["tools"] and two["instructions"] == one["instructions"]
    assert responses_api.problems == []


def test_failed_action_gets_fresh_screenshot_and_error_text(provider, responses_api):
    p = provider()
    responses_api.script(
        response(computer_call({"type": "click", "x": 4000, "y": 5, "button": "left"}, call_id="call_off"))
    )
    turn = p.next_turn()
    result = p.session.tools["computer"](turn.tool_calls[0].input)  # the real tool rejects the point
    assert result.is_error and result.base64_image is None
    p.add_tool_results([(turn.tool_calls[0], result)])
    responses_api.script(response(output_message("FAIL: cannot reach it")))
    assert p.next_turn().status == FAIL
    output, note = responses_api.requests[1].body["input"]
    assert output["call_id"] == "call_off"
    assert output["output"]["image_url"].startswith("data:image/png;base64,iVBOR")  # a real PNG
    assert note["role"] == "user"
    assert note["content"].startswith(
        "The left_click action failed: Coordinates (4000, 5) are outside display bounds (1280x800)"
    )
    assert responses_api.problems == []


def test_unparseable_action_becomes_an_error_call(provider, responses_api):
    p = provider()
    responses_api.script(response(computer_call({"type": "teleport", "x": 1, "y": 1}, call_id="call_t")))
    turn = p.next_turn()
    (call,) = turn.tool_calls
    assert call.error.startswith("Unknown computer action type 'teleport'")
    assert turn.status == CONTINUE


def test_usage_with_cached_tokens_and_cost(provider, responses_api):
    p = provider()
    usage = {
        "input_tokens": 5000,
        "output_tokens": 200,
        "total_tokens": 5200,
        "input_tokens_details": {"cached_tokens": 3000},
        "output_tokens_details": {"reasoning_tokens": 50},
    }
    responses_api.script(response(output_message("Done."), usage=usage))
    turn = p.next_turn()
    assert (turn.usage.input_tokens, turn.usage.cache_read_input_tokens, turn.usage.output_tokens) == (
        2000,
        3000,
        200,
    )
    assert turn.cost_usd == pytest.approx((5000 * 3 + 200 * 12) / 1e6)
    assert KEY not in json.dumps(turn.raw)


def test_question_ends_with_ask_user(provider, responses_api):
    p = provider()
    responses_api.script(response(output_message("QUESTION: Which account should I use?")))
    assert p.next_turn().status == ASK_USER


# Safety checks ------------------------------------------------------------------------------------------


def test_safety_checks_ride_on_the_call_and_are_acknowledged_after_it_ran(provider, responses_api):
    """The checks go to the loop's guard as provider_checks (nothing is asked or acknowledged here); the
    output acknowledges them only because the action ran."""
    p = provider()
    click = {"type": "click", "x": 100, "y": 200, "button": "left"}
    responses_api.script(response(computer_call(click, checks=[CHECK], call_id="call_s")))
    turn = p.next_turn()
    (call,) = turn.tool_calls
    assert (call.id, call.provider_checks, turn.status) == ("call_s", (CHECK["code"],), CONTINUE)
    p.add_tool_results([(call, screenshot_result())])
    responses_api.script(
        response(computer_call({"type": "wait"}, call_id="call_w")), response(output_message("Done."))
    )
    turn = p.next_turn()
    assert turn.tool_calls[0].provider_checks == ()
    p.add_tool_results([(turn.tool_calls[0], screenshot_result())])
    p.next_turn()
    acked = responses_api.requests[1].body["input"][0]
    assert acked["acknowledged_safety_checks"] == [CHECK]
    later = responses_api.requests[2].body["input"][0]
    assert later["call_id"] == "call_w" and "acknowledged_safety_checks" not in later
    assert responses_api.problems == []


def test_a_check_whose_action_did_not_run_asks_the_user(provider, responses_api):
    p = provider()
    responses_api.script(
        response(computer_call({"type": "type", "text": "rm -rf ~"}, checks=[CHECK], call_id="call_d"))
    )
    turn = p.next_turn()
    declined = ToolResult(error="The user did not approve this action (the model provider flagged it).")
    p.add_tool_results([(turn.tool_calls[0], declined)])
    ask = p.next_turn()  # answered without calling the API
    assert (ask.status, ask.tool_calls, len(responses_api.requests)) == (ASK_USER, [], 1)
    assert (
        ask.text
        == f"The user declined the safety check(s) and the action was not performed: {CHECK['message']}"
    )

    p.add_user_message("Skip that and just take a screenshot.")
    responses_api.script(response(output_message("OK.")))
    p.next_turn()
    output, text = responses_api.requests[1].body["input"]
    assert output["type"] == "computer_call_output" and output["call_id"] == "call_d"
    assert "acknowledged_safety_checks" not in output
    assert text == {"role": "user", "content": "Skip that and just take a screenshot."}
    assert responses_api.problems == []


# Fault injection ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "retry_after"),
    [
        (Reply(error_body("rate_limit_exceeded", "slow down"), 429, {"retry-after": "3"}), 3.0),
        (Reply(error_body("server_error", "boom"), 500), None),
        (Reply(error_body("server_error", "unavailable"), 503, {"retry-after": "1.5"}), 1.5),
    ],
)
def test_transient_http_errors(provider, responses_api, reply, retry_after):
    p = provider()
    responses_api.script(reply, response(output_message("Recovered.")))
    with pytest.raises(TransientError) as caught:
        p.next_turn()
    assert caught.value.retry_after == retry_after
    assert p.next_turn().text == "Recovered."
    assert responses_api.requests[0].body == responses_api.requests[1].body


def test_read_timeout_is_transient(provider, responses_api):
    p = provider(timeout=0.3)
    responses_api.script(Reply(response(output_message("too late")), delay_s=1.5))
    with pytest.raises(TransientError, match="APITimeoutError"):
        p.next_turn()


def test_bad_key_is_final(provider, responses_api):
    p = provider()
    responses_api.script(Reply(error_body("invalid_api_key", "Incorrect API key"), 401))
    with pytest.raises(ProviderError, match="HTTP 401") as caught:
        p.next_turn()
    assert not isinstance(caught.value, TransientError) and KEY not in str(caught.value)


def test_chain_break_is_rejected_by_the_fake(provider, responses_api):
    """A computer_call left unanswered is a 400; the fake enforces it, so the tests above are meaningful."""
    p = provider()
    responses_api.script(response(computer_call({"type": "screenshot"}, call_id="call_x")))
    p.next_turn()
    p.add_user_message("hello")
    with pytest.raises(ProviderError, match="no computer_call_output for call_x"):
        p.next_turn()
