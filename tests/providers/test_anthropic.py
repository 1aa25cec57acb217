"""The Anthropic providers with the real `anthropic` SDK talking to a local Messages API server."""

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from provider_fakes import Reply, count_cache_controls, error_body, make_session, message, png, text, tool_use

from deskpilot.core.results import ToolResult
from deskpilot.core.turns import (
    ASK_USER,
    CONTINUE,
    DONE,
    FAIL,
    ProviderError,
    ToolCall,
    TransientError,
    final_status,
)
from deskpilot.desktop import Desktop
from deskpilot.providers import make_provider
from deskpilot.providers.anthropic import (
    OMITTED_IMAGE,
    AnthropicProvider,
    BedrockProvider,
    VertexProvider,
    images_to_remove,
    prune_images,
    tool_result_block,
    tool_versions_for,
)

KEY = "sk-ant-test-key-123"
SDK_DEPRECATION = "ignore:The model .* is deprecated:DeprecationWarning"  # Sonnet 4.5 is still a valid family


@pytest.fixture
def provider(messages_api, monkeypatch, session_for):
    """A started AnthropicProvider whose SDK client finds the fake server through ANTHROPIC_BASE_URL."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", messages_api.url)

    def build(model="claude-sonnet-4-6", **options):
        p = AnthropicProvider(model, **options)
        p.start(session_for(p))
        return p

    return build


def image_result(color=(0, 0, 0)) -> ToolResult:
    return ToolResult(image=base64.b64decode(png(color)), media_type="image/png")


def images_in(body: dict) -> list[str]:
    return [
        part["source"]["data"]
        for msg in body["messages"]
        for block in msg["content"]
        if block.get("type") == "tool_result"
        for part in block["content"]
        if part["type"] == "image"
    ]


# Tool versions by model family --------------------------------------------------------------------------

FAMILY_1022 = ("computer_20241022", "bash_20241022", "text_editor_20250124")
FAMILY_0124 = ("computer_20250124", "bash_20250124", "text_editor_20250728")
FAMILY_1124 = ("computer_20251124", "bash_20250124", "text_editor_20250728")


@pytest.mark.parametrize(
    ("model", "versions"),
    [
        ("claude-3-5-sonnet-20241022", FAMILY_1022),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", FAMILY_1022),
        ("claude-3-5-sonnet-v2@20241022", FAMILY_1022),
        ("claude-3-7-sonnet-20250219", ("computer_20250124", "bash_20250124", "text_editor_20250124")),
        ("claude-sonnet-4-20250514", FAMILY_0124),
        ("claude-opus-4-20250514", FAMILY_0124),
        ("claude-opus-4-1-20250805", FAMILY_0124),
        ("claude-sonnet-4-5", FAMILY_0124),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", FAMILY_0124),
        ("claude-haiku-4-5-20251001", FAMILY_0124),
        ("claude-opus-4-5-20251101", FAMILY_1124),
        ("claude-opus-4-5@20251101", FAMILY_1124),
        ("claude-opus-4-6", FAMILY_1124),
        ("claude-sonnet-4-6", FAMILY_1124),
        ("claude-opus-4-7", FAMILY_1124),
        ("claude-sonnet-5", FAMILY_1124),
        ("claude-fable-5-1", FAMILY_1124),
        ("claude-mythos-preview", FAMILY_1124),  # no version in the id: the newest family (the toolset)
        ("my-private-deployment", FAMILY_1124),
    ],
)
def test_tool_versions_follow_the_model_family(model, versions):
    assert tuple(tool_versions_for(model).values()) == versions
    assert tuple(AnthropicProvider(model).tool_versions().values()) == versions


def test_computer_tool_option_overrides_the_table():
    p = AnthropicProvider("my-private-deployment", computer_tool="computer_20250124")
    assert tuple(p.tool_versions().values()) == FAMILY_0124
    with pytest.raises(ValueError, match="unknown computer tool 'computer_2099'"):
        AnthropicProvider("x", computer_tool="computer_2099")


@pytest.mark.parametrize(
    ("model", "beta", "declared"),
    [
        (
            "claude-3-5-sonnet-20241022",
            "computer-use-2024-10-22",
            ["computer_20241022", "bash_20241022", "text_editor_20241022"],
        ),
        (
            "claude-sonnet-4-5",
            "computer-use-2025-01-24",
            ["computer_20250124", "bash_20250124", "text_editor_20250728"],
        ),
        (
            "claude-opus-4-5",
            "computer-use-2025-11-24",
            ["computer_20251124", "bash_20250124", "text_editor_20250728"],
        ),
    ],
)
@pytest.mark.filterwarnings(SDK_DEPRECATION)
def test_request_declares_family_tools_with_beta_header(provider, messages_api, model, beta, declared):
    p = provider(model)
    messages_api.script(message(text("Nothing to do.")))
    p.next_turn()
    request = messages_api.requests[0]
    assert request.path == "/v1/messages"
    assert request.headers["anthropic-beta"] == beta
    assert f"Bearer {KEY}" == request.headers["authorization"]  # this SDK sends the key as a bearer token
    tools = request.body["tools"]
    assert [tool["type"] for tool in tools] == declared
    assert [tool["name"] for tool in tools][:2] == ["computer", "bash"]
    assert tools[0]["display_width_px"] == 1280 and tools[0]["display_height_px"] == 800
    assert request.body["model"] == model


@pytest.mark.filterwarnings(SDK_DEPRECATION)
def test_display_size_is_the_scaled_image_size(messages_api, monkeypatch):
    """A 1920x1200 screen is sent as the API-sized image, and the tool declares that size."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    with Desktop(size=(1920, 1200)) as big:
        p = AnthropicProvider("claude-sonnet-4-5", base_url=messages_api.url)
        session = make_session(big, p.tool_versions())
        p.start(session)
        messages_api.script(message(text("ok")))
        p.next_turn()
    computer = messages_api.requests[0].body["tools"][0]
    assert (computer["display_width_px"], computer["display_height_px"]) == (1356, 847)
    assert session.scaling.image_size == (1356, 847)


# A full exchange ----------------------------------------------------------------------------------------


def test_tool_use_round_trip_with_images_cache_and_usage(provider, messages_api, desktop):
    p = provider()
    usage = {
        "input_tokens": 1000,
        "output_tokens": 100,
        "cache_creation_input_tokens": 2000,
        "cache_read_input_tokens": 4000,
    }
    messages_api.script(
        message(text("Taking a look."), tool_use({"action": "screenshot"}, id="toolu_a"), usage=usage),
        message(text("The desktop is empty. Done.")),
    )
    turn = p.next_turn()
    assert turn.status == CONTINUE and turn.text == "Taking a look."
    assert [(c.id, c.tool, c.input) for c in turn.tool_calls] == [
        ("toolu_a", "computer", {"action": "screenshot"})
    ]
    assert (turn.usage.input_tokens, turn.usage.output_tokens) == (1000, 100)
    assert (turn.usage.cache_creation_input_tokens, turn.usage.cache_read_input_tokens) == (2000, 4000)
    # Sonnet: $3 in, $15 out, cache writes 1.25x, reads 0.1x the input price.
    assert turn.cost_usd == pytest.approx((1000 * 3 + 100 * 15 + 2000 * 3.75 + 4000 * 0.3) / 1e6)
    assert turn.raw["content"][1]["id"] == "toolu_a" and KEY not in json.dumps(turn.raw)

    result = p.session.tools["computer"](turn.tool_calls[0].input)  # a real screenshot of the desktop
    assert result.base64_image
    p.add_tool_results([(turn.tool_calls[0], result)])
    final = p.next_turn()
    assert final.status == DONE and final.tool_calls == []

    first, second = (r.body for r in messages_api.requests)
    assert first["system"] == [
        {"type": "text", "text": "You operate a test desktop.", "cache_control": {"type": "ephemeral"}}
    ]
    assert first["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "Open the menu", "cache_control": {"type": "ephemeral"}}],
        }
    ]
    assert first["max_tokens"] == 16384 and "thinking" not in first
    assert second["messages"][1] == {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "Taking a look."},
            {"type": "tool_use", "id": "toolu_a", "name": "computer", "input": {"action": "screenshot"}},
        ],
    }
    tool_result = second["messages"][2]["content"][0]
    assert tool_result["type"] == "tool_result" and tool_result["tool_use_id"] == "toolu_a"
    assert tool_result["content"] == [
        {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": result.base64_image},
        }
    ]
    assert "is_error" not in tool_result
    # Breakpoints: the system prompt and the last block of each user turn (two so far).
    assert tool_result["cache_control"] == {"type": "ephemeral"}
    assert second["messages"][0]["content"][-1]["cache_control"] == {"type": "ephemeral"}
    assert count_cache_controls(second) == 3
    assert messages_api.problems == []


def test_cache_breakpoints_sit_on_the_three_newest_user_turns(provider, messages_api):
    p = provider(only_n_most_recent_images=None)
    for step in range(6):
        messages_api.script(message(tool_use({"action": "screenshot"}, id=f"toolu_{step}")))
        turn = p.next_turn()
        p.add_tool_results([(turn.tool_calls[0], image_result())])
    for request in messages_api.requests[2:]:
        body = request.body
        assert count_cache_controls(body) == 4
        user_turns = [m for m in body["messages"] if m["role"] == "user"]
        marked = ["cache_control" in turn["content"][-1] for turn in user_turns]
        assert marked == [False] * (len(user_turns) - 3) + [True] * 3
        assert not any(
            "cache_control" in m["content"][-1] for m in body["messages"] if m["role"] == "assistant"
        )
    assert messages_api.problems == []


# Screenshot pruning -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "keep", "chunk", "removed"),
    [(0, 3, 10, 0), (3, 3, 10, 0), (12, 3, 10, 0), (13, 3, 10, 10), (4, 3, 1, 1), (5, 3, 2, 2), (9, 3, 2, 6)],
)
def test_images_to_remove_arithmetic(total, keep, chunk, removed):
    assert images_to_remove(total, keep, chunk) == removed


@given(keep=st.integers(1, 6), chunk=st.integers(1, 8), steps=st.integers(1, 40))
def test_pruning_keeps_exactly_n_newest_and_changes_prefix_once_per_chunk(keep, chunk, steps):
    messages = [{"role": "user", "content": [{"type": "text", "text": "task"}]}]
    prunings = 0
    for step in range(steps):
        messages.append(
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": f"t{step}", "name": "computer", "input": {}}],
            }
        )
        image = {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": f"img{step}"},
        }
        messages.append(
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": f"t{step}", "content": [image]}],
            }
        )
        removed = prune_images(messages, keep, chunk)
        left = [
            b["content"][0]["source"]["data"]
            for m in messages[1:]
            if m["role"] == "user"
            for b in m["content"]
            if b["content"][0]["type"] == "image"
        ]
        if removed:
            prunings += 1
            assert len(left) == keep
        assert left == [f"img{i}" for i in range(step + 1 - len(left), step + 1)]  # always the newest
        assert min(step + 1, keep) <= len(left) <= keep + chunk - 1
    assert prunings == max(0, (steps - keep) // chunk)


def test_pruning_over_http_sends_exactly_n_newest_images(provider, messages_api):
    p = provider(only_n_most_recent_images=3, image_truncation_threshold=4)
    colors = [(i * 20, 0, 0) for i in range(10)]
    sent = []
    for step, color in enumerate(colors):
        messages_api.script(message(tool_use({"action": "screenshot"}, id=f"toolu_{step}")))
        turn = p.next_turn()
        result = image_result(color)
        sent.append(result.base64_image)
        p.add_tool_results([(turn.tool_calls[0], result)])
    messages_api.script(message(text("Done.")))
    p.next_turn()
    counts = [len(images_in(r.body)) for r in messages_api.requests]
    # Grows to keep + chunk - 1 = 6 images, then drops back to exactly 3.
    assert counts == [0, 1, 2, 3, 4, 5, 6, 3, 4, 5, 6]
    last = messages_api.requests[-1].body
    assert images_in(last) == sent[-6:]
    assert json.dumps(last).count(OMITTED_IMAGE) == 4
    assert messages_api.problems == []


# Error results and malformed output ---------------------------------------------------------------------


def test_error_result_is_text_only_and_marked(provider, messages_api):
    p = provider()
    messages_api.script(message(tool_use({"action": "left_click", "coordinate": [5000, 10]}, id="toolu_off")))
    turn = p.next_turn()
    result = p.session.tools["computer"](turn.tool_calls[0].input)  # the real tool rejects it
    assert result.is_error
    p.add_tool_results([(turn.tool_calls[0], result)])
    messages_api.script(message(text("Done.")))
    p.next_turn()
    block = messages_api.requests[1].body["messages"][2]["content"][0]
    assert block["is_error"] is True
    assert [part["type"] for part in block["content"]] == ["text"]
    assert "outside display bounds (1280x800)" in block["content"][0]["text"]
    assert messages_api.problems == []


def test_error_result_keeps_partial_output_but_drops_image():
    call = ToolCall("t1", "bash", {"command": "sleep 999"})
    block = tool_result_block(
        call, ToolResult(output="partial", error="timed out", image=base64.b64decode(png()))
    )
    assert block == {
        "type": "tool_result",
        "tool_use_id": "t1",
        "is_error": True,
        "content": [{"type": "text", "text": "partial\ntimed out"}],
    }


def test_malformed_and_unknown_tool_input_reach_the_tools(provider, messages_api):
    p = provider()
    messages_api.script(
        message(
            tool_use("{not json", id="toolu_bad"),
            tool_use({"action": "fly", "coordinate": [1, 1]}, id="toolu_fly"),
            tool_use({"command": "echo hi"}, name="bash", id="toolu_bash"),
        )
    )
    turn = p.next_turn()
    bad, fly, bash = turn.tool_calls
    assert bad.error == "The tool input must be a JSON object of parameters, got '{not json'."
    assert bad.input == {}
    assert fly.error is None and fly.input == {"action": "fly", "coordinate": [1, 1]}
    rejected = p.session.tools["computer"](fly.input)
    assert rejected.error.startswith("Unknown action 'fly' for computer_20251124")
    assert (bash.tool, bash.input) == ("bash", {"command": "echo hi"})
    assert turn.status == CONTINUE


def test_user_message_joins_the_tool_result_turn(provider, messages_api):
    p = provider()
    messages_api.script(
        message(tool_use({"action": "screenshot"}, id="toolu_1")), message(text("OK, stopping."))
    )
    turn = p.next_turn()
    p.add_tool_results(
        [(turn.tool_calls[0], ToolResult(error="human stopped or interrupted tool execution"))]
    )
    p.add_user_message("Actually, open the settings instead.")
    p.next_turn()
    last_user = messages_api.requests[1].body["messages"][-1]
    assert [b["type"] for b in last_user["content"]] == ["tool_result", "text"]
    assert last_user["content"][0]["is_error"] is True
    assert last_user["content"][1]["text"] == "Actually, open the settings instead."
    assert messages_api.problems == []


# Thinking -----------------------------------------------------------------------------------------------


def test_thinking_budget_and_thinking_blocks_round_trip(provider, messages_api):
    p = provider(thinking_budget=2048)
    thinking = {"type": "thinking", "thinking": "The menu is top-left.", "signature": "sig-123"}
    messages_api.script(
        message(thinking, tool_use({"action": "screenshot"}, id="toolu_t")), message(text("Done."))
    )
    turn = p.next_turn()
    p.add_tool_results([(turn.tool_calls[0], image_result())])
    p.next_turn()
    first, second = (r.body for r in messages_api.requests)
    assert first["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert second["messages"][1]["content"][0] == thinking


def test_adaptive_thinking_with_effort(provider, messages_api):
    p = provider("claude-opus-4-6", adaptive_thinking=True, effort="medium")
    messages_api.script(message(text("ok")))
    p.next_turn()
    body = messages_api.requests[0].body
    assert body["thinking"] == {"type": "adaptive"}
    assert body["output_config"] == {"effort": "medium"}


def test_option_validation():
    with pytest.raises(ValueError, match="below max_tokens"):
        AnthropicProvider("claude-sonnet-4-5", thinking_budget=20000, max_tokens=16000)
    with pytest.raises(ValueError, match="either"):
        AnthropicProvider("claude-sonnet-4-5", thinking_budget=2048, adaptive_thinking=True)
    with pytest.raises(ValueError, match="at least 1"):
        AnthropicProvider("claude-sonnet-4-5", only_n_most_recent_images=0)
    assert AnthropicProvider("claude-haiku-4-5").max_tokens == 4096
    assert AnthropicProvider("claude-3-5-sonnet-20241022").max_tokens == 4096


# Final statuses -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("final", "status"),
    [
        ("Done, the file is saved.", DONE),
        ("FAIL", FAIL),
        ("FAIL: there is no such file", FAIL),
        ("FAIL the app is not installed", FAIL),
        ("I looked everywhere.\nFAIL: no printer is configured", FAIL),
        ("FAILED attempts are logged, but the task is done.", DONE),
        ("QUESTION: Which of the two files should I delete?", ASK_USER),
        ("I found two files.\nQuestion: which one should I delete?", ASK_USER),
        ("Done. Is there anything else I can help with?", DONE),
        ("", DONE),
    ],
)
def test_final_status(final, status):
    assert final_status(final) == status


def test_fail_turn_over_http(provider, messages_api):
    p = provider()
    messages_api.script(message(text("FAIL: the task needs a network connection")))
    turn = p.next_turn()
    assert (turn.status, turn.tool_calls) == (FAIL, [])


# Fault injection ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "retry_after"),
    [
        (Reply(error_body("rate_limit_error", "slow down"), 429, {"retry-after": "7"}), 7.0),
        (Reply(error_body("rate_limit_error", "slow down"), 429, {"retry-after-ms": "250"}), 0.25),
        (Reply(error_body("api_error", "boom"), 500), None),
        (Reply(error_body("overloaded_error", "Overloaded"), 529), None),
    ],
)
def test_transient_http_errors(provider, messages_api, reply, retry_after):
    p = provider()
    messages_api.script(reply, message(text("Recovered.")))
    with pytest.raises(TransientError) as caught:
        p.next_turn()
    assert caught.value.retry_after == retry_after
    assert str(reply.status) in str(caught.value)
    # Nothing changed: the retry sends the same request and succeeds.
    assert p.next_turn().text == "Recovered."
    assert messages_api.requests[0].body == messages_api.requests[1].body


def test_read_timeout_is_transient(provider, messages_api):
    p = provider(timeout=0.3)
    messages_api.script(Reply(message(text("too late")), delay_s=1.5))
    with pytest.raises(TransientError, match="APITimeoutError"):
        p.next_turn()


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error")],
)
def test_client_errors_are_final(provider, messages_api, status, kind):
    p = provider()
    messages_api.script(Reply(error_body(kind, "no"), status))
    with pytest.raises(ProviderError) as caught:
        p.next_turn()
    assert not isinstance(caught.value, TransientError)
    assert f"HTTP {status}" in str(caught.value) and KEY not in str(caught.value)


def test_protocol_violation_is_reported_by_the_fake(provider, messages_api):
    """A tool_use answered with the wrong id is a 400 from the API; the fake enforces it, so the tests above
    prove the provider's answers are well formed."""
    p = provider()
    messages_api.script(message(tool_use({"action": "screenshot"}, id="toolu_1")))
    p.next_turn()
    p.add_tool_results([(ToolCall("toolu_other", "computer", {}), image_result())])
    with pytest.raises(ProviderError, match="answered by tool_result") as caught:
        p.next_turn()
    assert not isinstance(caught.value, TransientError)


# Bedrock and Vertex -------------------------------------------------------------------------------------


def test_bedrock_invoke_path(messages_api, monkeypatch, session_for):
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "bedrock-token")
    p = make_provider(
        "bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        base_url=messages_api.url,
        aws_region="us-east-1",
    )
    assert isinstance(p, BedrockProvider)
    p.start(session_for(p))
    messages_api.script(message(tool_use({"action": "screenshot"}, id="toolu_b")))
    turn = p.next_turn()
    assert turn.tool_calls[0].id == "toolu_b"
    request = messages_api.requests[0]
    assert request.path == "/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke"
    assert request.headers["authorization"] == "Bearer bedrock-token"
    assert request.body["anthropic_beta"] == ["computer-use-2025-01-24"]
    assert "model" not in request.body
    assert request.body["tools"][0]["type"] == "computer_20250124"
    assert count_cache_controls(request.body) == 2


def test_missing_key_is_a_provider_error_at_start(session_for, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no SDK profile either
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    p = AnthropicProvider()
    with pytest.raises(ProviderError, match="ANTHROPIC_API_KEY"):
        p.start(session_for(p))


def test_bedrock_without_region_is_a_provider_error(session_for):
    p = BedrockProvider()
    with pytest.raises(ProviderError, match="region"):
        p.start(session_for(p))


def test_vertex_raw_predict_path(messages_api, monkeypatch, session_for):
    monkeypatch.setenv("GOOGLE_OAUTH_ACCESS_TOKEN", "vertex-token")
    monkeypatch.setenv("CLOUD_ML_REGION", "us-east5")
    p = make_provider("vertex:claude-opus-4-5@20251101", base_url=messages_api.url, project_id="my-project")
    assert isinstance(p, VertexProvider)
    p.start(session_for(p))
    messages_api.script(message(text("Done.")))
    assert p.next_turn().status == DONE
    request = messages_api.requests[0]
    assert (
        request.path
        == "/projects/my-project/locations/us-east5/publishers/anthropic/models/claude-opus-4-5@20251101:rawPredict"
    )
    assert request.headers["authorization"] == "Bearer vertex-token"
    assert request.headers["anthropic-beta"] == "computer-use-2025-11-24"
    assert request.body["tools"][0]["type"] == "computer_20251124"
