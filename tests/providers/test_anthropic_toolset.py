"""computer_toolset_20260801 and the model table, with the real `anthropic` SDK against a local Messages API
server that enforces the toolset's protocol rules (provider_fakes.check_toolset), on a real desktop."""

import base64
import io

import pytest
from PIL import Image
from provider_fakes import HALT_TEXT, Reply, error_body, make_session, member, message, text, tool_use

from deskpilot.agent import Agent, RunConfig
from deskpilot.core import events as ev
from deskpilot.core.families import (
    COMPUTER_20241022,
    COMPUTER_20250124,
    COMPUTER_20251124,
    COMPUTER_TOOLSET_20260801,
    claude_tools,
)
from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import (
    HIGH_TIER,
    STANDARD_TIER,
    Scaling,
    image_problem,
    tier_image_size,
)
from deskpilot.core.turns import ProviderError, TransientError
from deskpilot.desktop import Desktop
from deskpilot.providers import make_provider
from deskpilot.providers.anthropic import AnthropicProvider, member_input

KEY = "sk-ant-toolset"
FAST = RunConfig(max_steps=6, retry_base_s=0.01, retry_max_s=0.05, bash=False, editor=False)


@pytest.fixture
def anthropic_env(messages_api, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", messages_api.url)


def run(spec, desktop, config=FAST, **options):
    events = []
    result = Agent(make_provider(spec, **options), desktop, config, on_event=events.append).run("Do it")
    return result, events


def results_of(request) -> list[dict]:
    return [b for b in request.body["messages"][-1]["content"] if b["type"] == "tool_result"]


def png_of(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


# The model table ------------------------------------------------------------------------------------------

TOOLSET, BETA_1124, BETA_0124 = (
    COMPUTER_TOOLSET_20260801,
    "computer-use-2025-11-24",
    "computer-use-2025-01-24",
)


@pytest.mark.parametrize(
    ("model", "platform", "family", "beta", "tier"),
    [
        ("claude-sonnet-5", "anthropic", TOOLSET, None, "high"),
        ("claude-sonnet-5-5", "anthropic", TOOLSET, None, "high"),
        ("claude-opus-5-5", "anthropic", TOOLSET, None, "high"),
        ("claude-opus-5", "anthropic", TOOLSET, None, "high"),
        ("claude-opus-4-8", "anthropic", TOOLSET, None, "high"),
        ("claude-fable-5-1", "anthropic", TOOLSET, None, "high"),
        ("claude-fable-5", "anthropic", TOOLSET, None, "high"),
        ("claude-mythos-5-1", "anthropic", TOOLSET, None, "high"),
        ("claude-opus-6", "anthropic", TOOLSET, None, "high"),  # unknown future id: the newest family
        ("claude-haiku-5-5", "anthropic", TOOLSET, None, "high"),
        ("claude-opus-4-7", "anthropic", COMPUTER_20251124, BETA_1124, "high"),
        ("claude-opus-4-6", "anthropic", COMPUTER_20251124, BETA_1124, "standard"),
        ("claude-opus-4-5-20251101", "anthropic", COMPUTER_20251124, BETA_1124, "standard"),
        ("claude-sonnet-4-6", "anthropic", COMPUTER_20251124, BETA_1124, "standard"),
        ("claude-sonnet-4-5", "anthropic", COMPUTER_20250124, BETA_0124, "standard"),
        ("claude-haiku-4-5-20251001", "anthropic", COMPUTER_20250124, BETA_0124, "standard"),
        ("claude-opus-4-1-20250805", "anthropic", COMPUTER_20250124, BETA_0124, "standard"),
        ("claude-sonnet-4-20250514", "anthropic", COMPUTER_20250124, BETA_0124, "standard"),
        ("claude-3-7-sonnet-20250219", "anthropic", COMPUTER_20250124, BETA_0124, "standard"),
        ("claude-3-5-sonnet-20241022", "anthropic", COMPUTER_20241022, "computer-use-2024-10-22", "standard"),
        ("my-private-deployment", "anthropic", TOOLSET, None, "standard"),
        ("claude-sonnet-5@20260101", "vertex", TOOLSET, None, "high"),  # GA on Google Cloud
        ("claude-opus-5-5", "vertex", TOOLSET, None, "high"),
        ("anthropic.claude-opus-5-5-v1:0", "bedrock", COMPUTER_20251124, BETA_1124, "high"),  # no toolset
        ("us.anthropic.claude-sonnet-5-v1:0", "bedrock", COMPUTER_20251124, BETA_1124, "high"),
        ("anthropic.claude-opus-6-v1:0", "bedrock", COMPUTER_20251124, BETA_1124, "high"),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock", COMPUTER_20250124, BETA_0124, "standard"),
    ],
)
def test_model_table(model, platform, family, beta, tier):
    tools = claude_tools(model, platform)
    assert (tools.family.name, tools.beta, tools.tier.name) == (family, beta, tier)


def test_override_and_pruning_rows():
    assert claude_tools("claude-sonnet-5", override=COMPUTER_20251124).family.name == COMPUTER_20251124
    assert claude_tools("claude-opus-4-7", override=TOOLSET).beta is None
    assert not claude_tools("claude-fable-5-1").client_pruning  # docs: server-side clearing instead
    assert claude_tools("claude-fable-5").client_pruning
    assert AnthropicProvider("claude-fable-5-1").keep_images is None
    with pytest.raises(ValueError, match="unknown platform"):
        claude_tools("claude-sonnet-5", "azure")


def test_provider_specs_pick_platforms():
    assert make_provider("vertex:claude-sonnet-5@20260101").toolset
    assert not make_provider("bedrock:anthropic.claude-opus-5-5-v1:0").toolset
    assert make_provider("anthropic:claude-opus-6").toolset


# Image tiers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("screen", "policy", "size"),
    [
        ((1280, 800), "api", (1280, 800)),
        ((1920, 1200), "api", (1356, 847)),  # standard: 1.15 MP
        ((1920, 1200), "high", (1920, 1200)),  # high: within 2576 px and 3.75 MP
        ((3840, 2160), "high", (2576, 1449)),
        ((3840, 2160), "high_many", (2000, 1125)),  # > 20 images in a request: sides <= 2000
        ((2560, 1600), "high_many", (2000, 1250)),
    ],
)
def test_tier_sizes(screen, policy, size):
    scaling = Scaling.for_screen(*screen, policy=policy)
    assert scaling.image_size == size
    tier = HIGH_TIER if policy.startswith("high") else STANDARD_TIER
    assert image_problem(*size, tier, 21 if policy == "high_many" else 1) is None


def test_image_problem_names_each_limit():
    assert "long edge of 1568" in image_problem(1600, 900, STANDARD_TIER, 1)
    assert "pixels" in image_problem(1500, 1000, STANDARD_TIER, 1)
    assert image_problem(2576, 1449, HIGH_TIER, 20) is None
    assert "2000 px" in image_problem(2576, 1449, HIGH_TIER, 21)
    assert tier_image_size(800, 600, HIGH_TIER) == (800, 600)  # never upscales


def test_scaling_policy_follows_tier_and_history():
    assert AnthropicProvider("claude-sonnet-4-5").scaling_policy() == "api"
    assert AnthropicProvider("claude-sonnet-5").scaling_policy() == "high_many"  # keep 3 + prune every 25
    few = AnthropicProvider("claude-sonnet-5", only_n_most_recent_images=3, image_truncation_threshold=10)
    assert few.scaling_policy() == "high"
    assert AnthropicProvider("claude-fable-5-1").scaling_policy() == "high_many"  # never pruned


# Member inputs --------------------------------------------------------------------------------------------


def test_member_inputs_become_canonical_actions():
    assert member_input("left_click", {"coordinate": [3, 4]}) == {
        "action": "left_click",
        "coordinate": [3, 4],
    }
    assert member_input("screenshot", {}) == {"action": "screenshot"}
    assert member_input("key", {"text": "Down", "repeat": 3}) == {"action": "key", "text": "Down Down Down"}
    assert member_input("key", {"text": "ctrl+s", "repeat": 1}) == {"action": "key", "text": "ctrl+s"}
    for bad in (0, 101, True, "2", 1.5):
        with pytest.raises(ValueError, match="repeat must be a whole number from 1 to 100"):
            member_input("key", {"text": "a", "repeat": bad})
    with pytest.raises(ValueError, match="no 'action' field"):
        member_input("left_click", {"action": "left_click"})
    with pytest.raises(ValueError, match="Unknown computer member 'fly'"):
        member_input("fly", {})
    with pytest.raises(ValueError, match="must be a JSON object"):
        member_input("type", "hello")


# Over HTTP ------------------------------------------------------------------------------------------------


def test_toolset_declaration_without_beta_header(anthropic_env, messages_api, session_for):
    p = AnthropicProvider("claude-sonnet-5")
    session = session_for(p)
    p.start(session)
    messages_api.script(message(text("Nothing to do.")))
    p.next_turn()
    request = messages_api.requests[0]
    assert request.path == "/v1/messages"  # the standard client, not the beta namespace
    assert "anthropic-beta" not in request.headers
    assert request.body["tools"][0] == {"type": COMPUTER_TOOLSET_20260801}  # zoom on: no configs
    assert [t["type"] for t in request.body["tools"][1:]] == ["bash_20250124", "text_editor_20250728"]
    assert "betas" not in request.body and messages_api.problems == []


def test_toolset_without_zoom_switches_the_member_off(anthropic_env, messages_api, desktop):
    p = AnthropicProvider("claude-opus-5")
    p.start(make_session(desktop, p.tool_versions()))  # a ComputerTool without zoom
    messages_api.script(message(text("ok")))
    p.next_turn()
    assert messages_api.requests[0].body["tools"][0] == {
        "type": COMPUTER_TOOLSET_20260801,
        "configs": {"zoom": {"enabled": False}},
    }


def test_fake_rejects_what_the_api_rejects(anthropic_env, messages_api, session_for):
    """The fake's rules can fail: a toolset entry with a display size, a result without toolset_name, an
    oversized image, computer_20251124 on Opus 5.5."""
    p = AnthropicProvider("claude-sonnet-5")
    p.start(session_for(p))
    p.tools[0] = {**p.tools[0], "display_width_px": 1280}
    with pytest.raises(ProviderError, match="HTTP 400.*rejects"):
        p.next_turn()
    p.tools[0] = {"type": COMPUTER_TOOLSET_20260801}
    messages_api.script(message(member("screenshot", id="toolu_s")))
    call = p.next_turn().tool_calls[0]
    p.add_tool_results([(call, ToolResult(image=png_of((3000, 1800))))])
    with pytest.raises(ProviderError, match="exceeds the model's limit"):
        p.next_turn()
    p.messages[-1]["content"][0].pop("toolset_name")
    with pytest.raises(ProviderError, match="must echo toolset_name"):
        p.next_turn()
    old = AnthropicProvider("claude-opus-5-5", computer_tool=COMPUTER_20251124)
    old.start(session_for(old))
    with pytest.raises(ProviderError, match="does not support tool types: computer_20251124"):
        old.next_turn()
    assert len(messages_api.problems) == 5


def test_batch_halts_at_the_first_failure_and_answers_every_block(anthropic_env, messages_api, desktop):
    width, height = desktop.size
    messages_api.script(
        message(
            text("Moving, then clicking off the screen."),
            member("mouse_move", {"coordinate": [100, 100]}, id="toolu_1"),
            member("left_click", {"coordinate": [width + 50, 10]}, id="toolu_2"),
            member("mouse_move", {"coordinate": [300, 300]}, id="toolu_3"),
            member("screenshot", id="toolu_4"),
        ),
        message(text("Done.")),
    )
    result, events = run("anthropic:claude-sonnet-5", desktop)
    assert (result.reason, result.steps) == ("completed", 2)
    assert desktop.cursor_position() == (100, 100)  # nothing ran after the failure
    moved, failed, skipped, shot = results_of(messages_api.requests[1])
    assert all(block["toolset_name"] == "computer" for block in (moved, failed, skipped, shot))
    assert moved["content"][0] == {"type": "text", "text": "OK"}
    assert [p["type"] for p in moved["content"]] == ["text", "image"]  # the closing screenshot
    assert failed["is_error"] and "outside display bounds" in failed["content"][0]["text"]
    for block in (skipped, shot):
        assert block["is_error"] and block["content"] == [{"type": "text", "text": HALT_TEXT}]
    actions = [e.data["call_id"] for e in events if e.kind == ev.ACTION]
    assert actions == ["toolu_1", "toolu_2"]  # the guard and executor never saw the skipped calls
    assert messages_api.problems == []


def test_batch_results_are_ok_text_with_one_closing_screenshot(anthropic_env, messages_api, desktop):
    messages_api.script(
        message(
            member("mouse_move", {"coordinate": [40, 40]}, id="toolu_a"),
            member("key", {"text": "shift", "repeat": 2}, id="toolu_b"),
            member("cursor_position", id="toolu_c"),
        ),
        message(
            member("mouse_move", {"coordinate": [50, 50]}, id="toolu_d"), member("screenshot", id="toolu_e")
        ),
        message(text("Done.")),
    )
    result, _ = run("anthropic:claude-sonnet-5", desktop)
    assert result.reason == "completed"
    moved, pressed, position = results_of(messages_api.requests[1])
    assert moved["content"] == [{"type": "text", "text": "OK"}]
    assert pressed["content"] == [{"type": "text", "text": "OK"}]
    assert position["content"][0] == {"type": "text", "text": "X=40,Y=40"}
    assert [p["type"] for p in position["content"]] == ["text", "image"]  # attached: no screenshot at the end
    moved, shot = results_of(messages_api.requests[2])
    assert moved["content"] == [{"type": "text", "text": "OK"}]
    assert [p["type"] for p in shot["content"]] == ["image"]
    assert messages_api.problems == []


def test_a_zoom_is_not_the_closing_screenshot(anthropic_env, messages_api, desktop):
    messages_api.script(
        message(
            member("mouse_move", {"coordinate": [60, 60]}),
            member("zoom", {"region": [0, 0, 64, 40]}),
            member("cursor_position"),
        ),
        message(text("Done.")),
    )
    result, _ = run("anthropic:claude-opus-5", desktop)
    assert result.reason == "completed"
    moved, zoomed, position = results_of(messages_api.requests[1])
    assert moved["content"] == [{"type": "text", "text": "OK"}]
    assert [p["type"] for p in zoomed["content"]] == ["text", "image"]
    assert [p["type"] for p in position["content"]] == ["text", "image"]
    crop, screen = zoomed["content"][1], position["content"][1]
    assert Image.open(io.BytesIO(base64.b64decode(screen["source"]["data"]))).size == (1280, 800)
    assert Image.open(io.BytesIO(base64.b64decode(crop["source"]["data"]))).size != (1280, 800)
    assert messages_api.problems == []


def test_malformed_and_unknown_members_get_error_results(anthropic_env, messages_api, desktop):
    messages_api.script(
        message(member("teleport", {"coordinate": [1, 1]}, id="toolu_x"), member("screenshot", id="toolu_y")),
        message(member("type", {"action": "type", "text": "hi"}, id="toolu_z")),
        message(tool_use({"action": "screenshot"}, id="toolu_old")),  # the old single-tool shape
        message(member("key", {"text": "a", "repeat": 500}, id="toolu_r")),
        message(text("Done.")),
    )
    result, _ = run("anthropic:claude-sonnet-5", desktop)
    assert result.reason == "completed"
    unknown, skipped = results_of(messages_api.requests[1])
    assert unknown["is_error"] and "Unknown computer member 'teleport'" in unknown["content"][0]["text"]
    assert skipped["content"] == [{"type": "text", "text": HALT_TEXT}]
    assert "no 'action' field" in results_of(messages_api.requests[2])[0]["content"][0]["text"]
    old = results_of(messages_api.requests[3])[0]
    assert old["is_error"] and "members by name" in old["content"][0]["text"] and "toolset_name" not in old
    assert "repeat must be" in results_of(messages_api.requests[4])[0]["content"][0]["text"]
    assert messages_api.problems == []


def test_retries_and_hang_with_the_toolset(anthropic_env, messages_api, desktop):
    messages_api.script(
        Reply(error_body("rate_limit_error", "slow down"), 429, {"retry-after": "0.2"}),
        Reply(error_body("api_error", "boom"), 500),
        message(member("mouse_move", {"coordinate": [77, 66]}, id="toolu_m")),
        Reply(error_body("overloaded_error", "Overloaded"), 529),
        Reply(message(text("too late")), delay_s=2.0),  # hangs past the 0.5 s timeout
        message(text("Done.")),
    )
    result, events = run("anthropic:claude-sonnet-5", desktop, timeout=0.5)
    assert result.reason == "completed" and desktop.cursor_position() == (77, 66)
    retries = [e.data for e in events if e.kind == ev.RETRY]
    assert [r["error"].split(":")[0] for r in retries] == [
        "HTTP 429 from the model API",
        "HTTP 500 from the model API",
        "HTTP 529 from the model API",
        "APITimeoutError",
    ]
    assert retries[0]["delay_s"] == 0.2
    assert messages_api.problems == []


def test_hang_past_the_timeout_is_transient(anthropic_env, messages_api, session_for):
    p = AnthropicProvider("claude-sonnet-5", timeout=0.3)
    p.start(session_for(p))
    messages_api.script(Reply(message(text("late")), delay_s=1.5))
    with pytest.raises(TransientError, match="APITimeoutError"):
        p.next_turn()


def test_high_tier_screenshots_fit_on_a_large_screen(anthropic_env, messages_api):
    """A 2560x1600 screen: Sonnet 5 gets 2000x1250 screenshots (high tier, > 20 images possible), Sonnet 4.5
    the standard 1.15 MP size; the fake checks every image against the model's limit."""
    with Desktop(size=(2560, 1600)) as big:
        for model, size, call in (
            ("claude-sonnet-5", (2000, 1250), member("screenshot")),
            ("claude-sonnet-4-5", (1356, 847), tool_use({"action": "screenshot"})),
        ):
            messages_api.script(message(call), message(text("ok")))
            result, events = run(f"anthropic:{model}", big)
            assert result.reason == "completed"
            started = next(e.data for e in events if e.kind == ev.RUN_STARTED)
            assert tuple(started["image_size"]) == size
    assert messages_api.problems == []


def test_caching_and_pruning_follow_the_docs(anthropic_env, messages_api, session_for):
    """One breakpoint after system+tools and one on the last tool_result of each of the 3 newest turns;
    screenshots pruned to the newest 3 once 25 more piled up, so the prefix stays byte-identical between."""
    p = AnthropicProvider("claude-sonnet-5")
    p.start(session_for(p))
    counts = []
    for turn in range(30):
        messages_api.script(message(member("mouse_move", {"coordinate": [turn, turn]}), member("screenshot")))
        calls = p.next_turn().tool_calls
        body = messages_api.requests[-1].body
        counts.append(
            sum(
                1
                for m in body["messages"]
                for b in m["content"]
                if b.get("type") == "tool_result"
                for c in b["content"]
                if c["type"] == "image"
            )
        )
        marked = [
            (i, j)
            for i, m in enumerate(body["messages"])
            for j, b in enumerate(m["content"])
            if "cache_control" in b
        ]
        assert all(body["messages"][i]["content"][j]["type"] in ("tool_result", "text") for i, j in marked)
        assert all(j == len(body["messages"][i]["content"]) - 1 for i, j in marked) and len(marked) <= 3
        assert body["system"][0]["cache_control"] == {"type": "ephemeral"}
        p.add_tool_results(
            [(calls[0], ToolResult(image=png_of((64, 40)))), (calls[1], ToolResult(image=png_of((64, 40))))]
        )
    assert counts[:28] == list(range(28))  # one screenshot per turn (the move's image is dropped)
    assert counts[28] == 3 and counts[29] == 4  # 28 piled up: pruned to 3 at once
    assert messages_api.problems == []


def test_a_toolset_run_with_zoom_replays(anthropic_env, messages_api, desktop, tmp_path):
    """The trajectory records the zoom the toolset turned on, so `deskpilot replay` can run the zoom again;
    calls a halted batch never ran are skipped."""
    from deskpilot.store.replay import replay

    messages_api.script(
        message(
            member("zoom", {"region": [0, 0, 320, 200]}),
            member("left_click", {"coordinate": [99999, 1]}),
            member("mouse_move", {"coordinate": [5, 5]}),
        ),
        message(text("Done.")),
    )
    agent = Agent(make_provider("anthropic:claude-opus-5"), desktop, FAST, out_dir=tmp_path)
    result = agent.run("Zoom in")
    assert result.reason == "completed" and messages_api.problems == []
    replayed = replay(result.run_dir, tmp_path / "replay", speed=0)
    zoom, click, move = replayed.outcomes
    assert (zoom.error, zoom.recorded_error) == (None, None)
    assert click.error is not None and click.matches
    assert move.skipped is not None and replayed.ok


def test_vertex_gets_the_toolset_and_bedrock_the_beta_tool(messages_api, monkeypatch, session_for):
    monkeypatch.setenv("GOOGLE_OAUTH_ACCESS_TOKEN", "vertex-token")
    monkeypatch.setenv("CLOUD_ML_REGION", "global")
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "bedrock-token")
    vertex = make_provider("vertex:claude-sonnet-5@20260101", base_url=messages_api.url, project_id="p")
    vertex.start(session_for(vertex))
    messages_api.script(message(member("screenshot", id="toolu_v")), message(text("ok")))
    call = vertex.next_turn().tool_calls[0]
    assert (call.tool, call.input) == ("computer", {"action": "screenshot"})
    vertex.add_tool_results([(call, vertex.session.tools["computer"]({"action": "screenshot"}))])
    vertex.next_turn()
    first, second = messages_api.requests
    assert first.path.endswith("/models/claude-sonnet-5@20260101:rawPredict")
    assert "anthropic-beta" not in first.headers and first.body["tools"][0] == {
        "type": COMPUTER_TOOLSET_20260801
    }
    assert results_of(second)[0]["toolset_name"] == "computer"
    bedrock = make_provider(
        "bedrock:us.anthropic.claude-sonnet-5-v1:0", base_url=messages_api.url, aws_region="us-east-1"
    )
    bedrock.start(session_for(bedrock))
    messages_api.script(message(text("ok")))
    bedrock.next_turn()
    body = messages_api.requests[-1].body
    assert (
        body["anthropic_beta"] == ["computer-use-2025-11-24"]
        and body["tools"][0]["type"] == "computer_20251124"
    )
    assert messages_api.problems == []
