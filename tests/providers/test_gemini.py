"""Gemini computer use with the real `google-genai` SDK (Interactions API) against a local server that speaks
its wire format, through the agent loop on a real desktop."""

import json

import pytest
from provider_fakes import Reply, fcall, interaction, model_output

from deskpilot.agent import Agent, RunConfig
from deskpilot.core import events as ev
from deskpilot.core.scaling import Scaling
from deskpilot.core.turns import ProviderError
from deskpilot.providers import make_provider
from deskpilot.providers.gemini import gemini_actions

FAST = RunConfig(max_steps=6, retry_base_s=0.01, retry_max_s=0.05, bash=False, editor=False)
HALT = "Not executed: an earlier computer action in this turn failed."
GRID = Scaling(1280, 800, 1280, 800)


@pytest.fixture
def gemini_env(interactions_api, monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", "g-test-key")
    monkeypatch.setenv("GEMINI_BASE_URL", interactions_api.url)


def run(desktop, spec="gemini:gemini-3.5-flash", **agent_options):
    events = []
    options = agent_options.pop("options", {})
    agent = Agent(make_provider(spec, **options), desktop, FAST, on_event=events.append, **agent_options)
    return agent.run("Do it"), events


def results_in(request) -> list[dict]:
    return [s for s in request.body["input"] if s["type"] == "function_result"]


@pytest.mark.parametrize(
    ("name", "arguments", "canonical"),
    [
        ("click", {"x": 500, "y": 500}, [{"action": "left_click", "coordinate": [640, 400]}]),
        ("click", {"x": 0, "y": 999}, [{"action": "left_click", "coordinate": [0, 799]}]),
        ("double_click", {"x": 999, "y": 0}, [{"action": "double_click", "coordinate": [1278, 0]}]),
        ("right_click", {"x": 100, "y": 250}, [{"action": "right_click", "coordinate": [128, 200]}]),
        ("mouse_down", {"x": 10, "y": 10}, [{"action": "left_mouse_down", "coordinate": [12, 8]}]),
        ("move", {"x": 250, "y": 750}, [{"action": "mouse_move", "coordinate": [320, 600]}]),
        (
            "type",
            {"text": "hi", "press_enter": True},
            [{"action": "type", "text": "hi"}, {"action": "key", "text": "Return"}],
        ),
        ("type", {"text": "hi"}, [{"action": "type", "text": "hi"}]),
        (
            "drag_and_drop",
            {"start_x": 0, "start_y": 0, "end_x": 500, "end_y": 500},
            [{"action": "left_click_drag", "start_coordinate": [0, 0], "coordinate": [640, 400]}],
        ),
        ("wait", {}, [{"action": "wait", "duration": 1}]),
        ("press_key", {"key": "Enter"}, [{"action": "key", "text": "Return"}]),
        ("hotkey", {"keys": ["Control", "S"]}, [{"action": "key", "text": "ctrl+s"}]),
        ("take_screenshot", {}, [{"action": "screenshot"}]),
        (
            "scroll",
            {"x": 500, "y": 500, "direction": "down"},
            [{"action": "scroll", "coordinate": [640, 400], "scroll_direction": "down", "scroll_amount": 3}],
        ),
    ],
)
def test_desktop_actions_map_to_canonical_inputs(name, arguments, canonical):
    assert gemini_actions(name, {"intent": "x", **arguments}, GRID) == canonical


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("click", {"x": 1000, "y": 5}, "x must be an integer from 0 to 999"),
        ("click", {"x": 5.5, "y": 5}, "x must be an integer from 0 to 999"),
        ("click", {"x": 5}, "y must be an integer from 0 to 999"),
        ("navigate", {"url": "https://example.com"}, "Unknown desktop action 'navigate'"),
        ("key_down", {"key": "a"}, "Unknown desktop action 'key_down'"),
        ("scroll", {"x": 1, "y": 1, "direction": "sideways"}, "scroll direction must be"),
        ("hotkey", {"keys": "ctrl+s"}, "hotkey needs keys, a list"),
        ("type", {"text": ""}, "type needs non-empty text"),
    ],
)
def test_malformed_actions_are_model_readable_errors(name, arguments, message):
    with pytest.raises(ValueError, match=message):
        gemini_actions(name, arguments, GRID)


def test_request_shape_and_a_batch_halting_at_a_failure(gemini_env, interactions_api, desktop):
    interactions_api.script(
        interaction(
            {"type": "thought", "signature": "c2ln"},
            fcall("move", {"x": 250, "y": 250}, id="fc_1", intent="Point at the panel."),
            fcall("type", {"text": "x", "press_enter": True}, id="fc_2"),
            fcall("teleport", {"x": 1, "y": 1}, id="fc_3"),
            fcall("move", {"x": 900, "y": 900}, id="fc_4"),
        ),
        interaction(model_output("All done.")),
    )
    result, events = run(desktop)
    assert (result.reason, result.final_text) == ("completed", "All done.")
    assert desktop.cursor_position() == (320, 200)  # fc_4 never ran
    first, second = (r.body for r in interactions_api.requests)
    assert interactions_api.requests[0].path == "/v1/interactions"
    assert first["tools"] == [
        {
            "type": "computer_use",
            "environment": "desktop",
            "excluded_predefined_functions": ["key_down", "key_up"],
        }
    ]
    (prompt,) = first["input"]
    assert [part["type"] for part in prompt["content"]] == ["text", "image"]  # the task and a screenshot
    assert first["system_instruction"] and "previous_interaction_id" not in first
    assert (
        second["previous_interaction_id"] == interactions_api.given[second["previous_interaction_id"]]["id"]
    )
    moved, typed, unknown, skipped = results_in(interactions_api.requests[1])
    assert (
        json.loads(moved["result"][0]["text"]) == {"status": "ok"} and moved["result"][1]["type"] == "image"
    )
    assert moved["name"] == "move" and "is_error" not in moved
    assert not typed.get("is_error")
    assert unknown["is_error"] and "Unknown desktop action 'teleport'" in unknown["result"][0]["text"]
    assert skipped["is_error"] and skipped["result"] == [{"type": "text", "text": HALT}]
    model_output_event = next(e.data for e in events if e.kind == ev.MODEL_OUTPUT)
    assert model_output_event["text"].startswith("Point at the panel.")  # the intents, as the turn's text
    assert interactions_api.problems == []


def test_require_confirmation_goes_to_the_confirmation_flow(gemini_env, interactions_api, desktop):
    decision = {"decision": "require_confirmation", "explanation": "This accepts the terms."}
    interactions_api.script(
        interaction(fcall("click", {"x": 100, "y": 100, "safety_decision": decision}, id="fc_c")),
        interaction(model_output("Accepted.")),
    )
    asked = []

    def confirm(request):
        asked.append((request["checks"], desktop.cursor_position()))
        return True

    result, _ = run(desktop, confirm=confirm)
    assert result.reason == "completed" and asked[0][0] == ["require_confirmation"]
    assert asked[0][1] != (128, 80) and desktop.cursor_position() == (128, 80)
    (clicked,) = results_in(interactions_api.requests[1])
    assert json.loads(clicked["result"][0]["text"])["safety_acknowledgement"] is True
    assert interactions_api.problems == []


def test_declined_and_blocked_actions_do_not_run(gemini_env, interactions_api, desktop):
    before = desktop.cursor_position()
    ask = {"decision": "require_confirmation", "explanation": "Buys something."}
    blocked = {"decision": "block", "explanation": "Payment pages are off limits."}
    interactions_api.script(
        interaction(fcall("click", {"x": 700, "y": 700, "safety_decision": ask}, id="fc_a")),
        interaction(fcall("click", {"x": 600, "y": 600, "safety_decision": blocked}, id="fc_b")),
        interaction(model_output("FAIL: the user declined.")),
    )
    result, _ = run(desktop, confirm=lambda request: False)
    assert result.reason == "infeasible" and desktop.cursor_position() == before
    (declined,) = results_in(interactions_api.requests[1])
    assert declined["is_error"] and "did not approve" in declined["result"][0]["text"]
    (refused,) = results_in(interactions_api.requests[2])
    assert refused["is_error"] and "Blocked by Gemini's safety system (block)" in refused["result"][0]["text"]
    assert interactions_api.problems == []


def test_retries_and_a_hang(gemini_env, interactions_api, desktop):
    status = {"error": {"code": 429, "message": "slow down", "status": "RESOURCE_EXHAUSTED"}}
    interactions_api.script(
        Reply(status, 429, {"retry-after": "0.2"}),
        Reply({"error": {"code": 500, "message": "boom"}}, 500),
        Reply({"error": {"code": 503, "message": "overloaded"}}, 503),
        Reply(interaction(model_output("late")), delay_s=2.0),
        interaction(model_output("Done.")),
    )
    result, events = run(desktop, options={"timeout": 0.5})
    assert (result.reason, result.final_text) == ("completed", "Done.")
    retries = [e.data for e in events if e.kind == ev.RETRY]
    assert retries[0]["delay_s"] == 0.2 and "HTTP 429" in retries[0]["error"]
    assert "HTTP 500" in retries[1]["error"] and "HTTP 503" in retries[2]["error"]
    assert "APITimeoutError" in retries[3]["error"]


def test_bad_request_is_final_and_a_missing_key_is_clear(gemini_env, interactions_api, desktop, monkeypatch):
    interactions_api.script(Reply({"error": {"code": 400, "message": "bad model"}}, 400))
    result, _ = run(desktop)
    assert result.reason == "error" and "HTTP 400" in result.error
    monkeypatch.delenv("GEMINI_API_KEY")
    result, _ = run(desktop)
    assert "GEMINI_API_KEY" in result.error
    monkeypatch.setenv("GOOGLE_API_KEY", "g-other")
    interactions_api.script(interaction(model_output("Hi.")))
    result, _ = run(desktop)
    assert result.reason == "completed"
    assert interactions_api.requests[-1].headers["x-goog-api-key"] == "g-other"


def test_fake_catches_a_missing_acknowledgement(gemini_env, interactions_api, session_for):
    """The fake's safety rule can fail: a confirmed call answered without safety_acknowledgement."""
    provider = make_provider("gemini:gemini-3.5-flash")
    provider.start(session_for(provider))
    decision = {"decision": "require_confirmation", "explanation": "x"}
    interactions_api.script(interaction(fcall("take_screenshot", {"safety_decision": decision}, id="fc_s")))
    turn = provider.next_turn()
    provider.calls["fc_s"]["confirm"] = False  # forget that it needed confirming
    provider.add_tool_results([(turn.tool_calls[0], provider.session.tools["computer"].screenshot())])
    with pytest.raises(ProviderError, match="HTTP 400"):
        provider.next_turn()
    assert interactions_api.problems == ["fc_s ran without safety_acknowledgement"]
