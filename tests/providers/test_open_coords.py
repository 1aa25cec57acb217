"""Coordinate conventions of open GUI models over OpenAI-compatible servers (Qwen3-VL 0-1000, UI-TARS 1.0
0-1000, SeeClick 0-1, Qwen2.5-VL / UI-TARS-1.5 smart-resized pixels), chosen by a model-spec option."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from provider_fakes import completion

from deskpilot.agent import Agent, RunConfig
from deskpilot.core.turns import DONE, ProviderError
from deskpilot.providers import make_provider
from deskpilot.providers.opengui import ParseError, coordinate_grid, model_point, parse_qwen

FAST = RunConfig(max_steps=4, retry_base_s=0.01, retry_max_s=0.05, bash=False, editor=False)


def qwen(arguments: dict) -> str:
    return f"<tool_call>{json.dumps({'name': 'computer_use', 'arguments': arguments})}</tool_call>"


@pytest.mark.parametrize(
    ("coords", "point", "pixel"),
    [
        ("rel1000", "(500,500)", [640, 400]),
        ("rel1000", "(0,0)", [0, 0]),
        ("rel1000", "(1000,1000)", [1279, 799]),  # "0 to 1000" includes the far edge
        ("rel1000", "(999,999)", [1279, 799]),
        ("rel1000", "[250, 750, 350, 850]", [384, 640]),  # a box -> its centre (300, 800)
        ("rel1", "(0.5,0.5)", [640, 400]),
        ("rel1", "(0.25,0.75)", [320, 600]),
        ("pixels", "(640,400)", [640, 400]),
        ("smart", "(644,406)", [640, 400]),  # 1280x800 -> 1288x812 on the smart-resize grid
    ],
)
def test_conventions_map_to_screenshot_pixels(coords, point, pixel):
    grid, scale = coordinate_grid(coords, 1280, 800, 100 * 28 * 28, 16384 * 28 * 28)
    assert model_point(point, grid, scale) == pixel


@pytest.mark.parametrize(
    ("coords", "point"), [("rel1000", "(1001,5)"), ("rel1", "(1.2,0.5)"), ("pixels", "(1280,5)")]
)
def test_points_outside_the_grid_are_model_readable_errors(coords, point):
    grid, scale = coordinate_grid(coords, 1280, 800, 3136, 16384 * 28 * 28)
    with pytest.raises(ParseError, match="outside the screenshot"):
        model_point(point, grid, scale)


@given(
    st.integers(200, 3840),
    st.integers(200, 2160),
    st.floats(0, 1, exclude_max=True),
    st.floats(0, 1, exclude_max=True),
)
def test_relative_round_trip_stays_within_one_grid_cell(width, height, fx, fy):
    """A screen point written on the 0-1000 grid comes back within one grid cell of where it was."""
    grid, scale = coordinate_grid("rel1000", width, height, 3136, 16384 * 28 * 28)
    x, y = int(fx * width), int(fy * height)
    back = model_point(f"({round(x / width * 1000)},{round(y / height * 1000)})", grid, scale)
    assert abs(back[0] - x) <= width / 1000 + 1 and abs(back[1] - y) <= height / 1000 + 1


def test_spec_option_picks_the_convention():
    assert make_provider("uitars:ui-tars-7b@http://127.0.0.1:1/v1?coords=rel1000").coords == "rel1000"
    assert make_provider("qwen25vl:q@http://127.0.0.1:1/v1").coords == "smart"
    assert make_provider("qwen3vl:Qwen/Qwen3-VL-8B-Instruct@http://127.0.0.1:1/v1").coords == "rel1000"
    with pytest.raises(ValueError, match="coords must be one of smart, rel1000, rel1, pixels"):
        make_provider("uitars:m@http://127.0.0.1:1/v1?coords=percent")
    with pytest.raises(ProviderError, match="unexpected keyword argument 'colour'"):
        make_provider("uitars:m@http://127.0.0.1:1/v1?colour=blue")


def test_qwen3_answer_then_terminate_is_the_final_answer():
    grid, scale = coordinate_grid("rel1000", 1280, 800, 3136, 1)
    parsed = parse_qwen(
        qwen({"action": "answer", "text": "42"}) + qwen({"action": "terminate", "status": "success"}),
        grid,
        None,
        scale,
    )
    assert (parsed.status, parsed.text, parsed.actions) == (DONE, "42", [])
    parsed = parse_qwen(
        qwen({"action": "hscroll", "pixels": -3, "coordinate": [500, 500]}), grid, None, scale
    )
    assert parsed.actions == [
        {"action": "scroll", "scroll_direction": "left", "scroll_amount": 3, "coordinate": [640, 400]}
    ]


def test_qwen3vl_run_on_a_desktop(chat_api, desktop):
    chat_api.script(
        completion("I will point at the centre." + qwen({"action": "mouse_move", "coordinate": [500, 500]})),
        completion(
            qwen({"action": "answer", "text": "Pointed."})
            + qwen({"action": "terminate", "status": "success"})
        ),
    )
    provider = make_provider(f"qwen3vl:Qwen/Qwen3-VL-8B-Instruct@{chat_api.url}/v1")
    result = Agent(provider, desktop, FAST).run("Point at the centre")
    assert (result.reason, result.final_text) == ("completed", "Pointed.")
    assert desktop.cursor_position() == (640, 400)
    system = chat_api.requests[0].body["messages"][0]["content"]
    assert "The screen's resolution is 1000x1000" in system and '"hscroll"' in system
    assert chat_api.requests[0].body["model"] == "Qwen/Qwen3-VL-8B-Instruct"
