"""Every bad tool input gives an error result a model can act on, does nothing, and never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskpilot.core.actions import FIELDS
from deskpilot.desktop import Desktop
from deskpilot.tools import ComputerTool, ToolResult

V1022, V0124, V1124 = "computer_20241022", "computer_20250124", "computer_20251124"
HOME = [640, 400]  # where the pointer rests between cases


@pytest.fixture(scope="module")
def desktop():
    with Desktop(size=(1280, 800)) as desk:
        yield desk


BAD_INPUTS = [
    # Not an action at all.
    pytest.param(V0124, None, "must be a JSON object", id="none"),
    pytest.param(V0124, "screenshot", "must be a JSON object", id="string"),
    pytest.param(V0124, [{"action": "screenshot"}], "must be a JSON object", id="list"),
    pytest.param(V0124, {}, "Missing required parameter 'action'", id="no-action"),
    pytest.param(V0124, {"action": 3}, "Missing required parameter 'action'", id="action-not-string"),
    # Unknown action.
    pytest.param(V0124, {"action": "fly"}, "Unknown action 'fly' for computer_20250124", id="unknown-action"),
    pytest.param(V0124, {"action": "Left_Click"}, "Unknown action 'Left_Click'", id="action-case"),
    # Missing parameters.
    pytest.param(V0124, {"action": "key"}, "requires parameter(s) 'text'", id="key-no-text"),
    pytest.param(V0124, {"action": "type"}, "requires parameter(s) 'text'", id="type-no-text"),
    pytest.param(V0124, {"action": "mouse_move"}, "requires parameter(s) 'coordinate'", id="move-no-coord"),
    pytest.param(
        V0124,
        {"action": "left_click_drag", "coordinate": [5, 5]},
        "requires parameter(s) 'start_coordinate'",
        id="drag-no-start",
    ),
    pytest.param(
        V0124,
        {"action": "scroll", "coordinate": [5, 5]},
        "requires parameter(s) 'scroll_direction', 'scroll_amount'",
        id="scroll-no-direction",
    ),
    pytest.param(V0124, {"action": "wait"}, "requires parameter(s) 'duration'", id="wait-no-duration"),
    pytest.param(
        V0124,
        {"action": "hold_key", "text": "shift"},
        "requires parameter(s) 'duration'",
        id="hold-no-duration",
    ),
    # Extra parameters.
    pytest.param(
        V0124, {"action": "screenshot", "coordinate": [5, 5]}, "does not accept 'coordinate'", id="shot-coord"
    ),
    pytest.param(
        V0124,
        {"action": "key", "text": "a", "coordinate": [5, 5]},
        "does not accept 'coordinate'",
        id="key-coord",
    ),
    pytest.param(
        V0124, {"action": "wait", "duration": 1, "text": "x"}, "does not accept 'text'", id="wait-text"
    ),
    pytest.param(V0124, {"action": "screenshot", "foo": 1}, "Unknown parameter(s) 'foo'", id="unknown-param"),
    # Coordinates out of range (the image is 1280x800 here).
    pytest.param(
        V0124, {"action": "left_click", "coordinate": [1280, 5]}, "outside display bounds", id="x-edge"
    ),
    pytest.param(
        V0124, {"action": "left_click", "coordinate": [5, 800]}, "outside display bounds", id="y-edge"
    ),
    pytest.param(
        V0124, {"action": "mouse_move", "coordinate": [-1, 5]}, "outside display bounds", id="negative"
    ),
    pytest.param(
        V0124,
        {"action": "left_click_drag", "start_coordinate": [5, 5], "coordinate": [5000, 5]},
        "outside display bounds (1280x800)",
        id="drag-far",
    ),
    # Coordinates that are not two integers.
    pytest.param(
        V0124, {"action": "mouse_move", "coordinate": [1.5, 2]}, "must contain integers", id="float"
    ),
    pytest.param(V0124, {"action": "mouse_move", "coordinate": ["1", 2]}, "must contain integers", id="str"),
    pytest.param(
        V0124, {"action": "mouse_move", "coordinate": [True, 2]}, "must contain integers", id="bool"
    ),
    pytest.param(V0124, {"action": "mouse_move", "coordinate": [1]}, "list of two integers", id="one-number"),
    pytest.param(
        V0124, {"action": "mouse_move", "coordinate": [1, 2, 3]}, "list of two integers", id="three"
    ),
    pytest.param(
        V0124, {"action": "mouse_move", "coordinate": "1,2"}, "list of two integers", id="string-point"
    ),
    # Bad key names and modifiers.
    pytest.param(V0124, {"action": "key", "text": "ctrl+Bogus"}, "Unknown key name 'Bogus'", id="bad-key"),
    pytest.param(V0124, {"action": "key", "text": "a Bogus"}, "Unknown key name 'Bogus'", id="bad-key-later"),
    pytest.param(V0124, {"action": "key", "text": " "}, "needs a key name", id="blank-key"),
    pytest.param(
        V0124,
        {"action": "hold_key", "text": "Bogus", "duration": 0},
        "Unknown key name 'Bogus'",
        id="bad-hold",
    ),
    pytest.param(
        V0124,
        {"action": "left_click", "coordinate": [5, 5], "text": "hyper"},
        "unknown modifier(s) ['hyper']",
        id="bad-modifier",
    ),
    # Other fields.
    pytest.param(V0124, {"action": "type", "text": 5}, "text must be a string", id="text-int"),
    pytest.param(
        V0124,
        {"action": "scroll", "coordinate": [5, 5], "scroll_direction": "sideways", "scroll_amount": 1},
        "scroll_direction must be one of up, down, left, right",
        id="scroll-direction",
    ),
    pytest.param(
        V0124,
        {"action": "scroll", "coordinate": [5, 5], "scroll_direction": "up", "scroll_amount": 1.5},
        "scroll_amount must be an integer",
        id="scroll-float",
    ),
    pytest.param(
        V0124,
        {"action": "scroll", "coordinate": [5, 5], "scroll_direction": "up", "scroll_amount": -1},
        "scroll_amount must be an integer from 0 to 100",
        id="scroll-negative",
    ),
    pytest.param(V0124, {"action": "wait", "duration": -1}, "duration must be a number", id="wait-negative"),
    pytest.param(V0124, {"action": "wait", "duration": 301}, "from 0 to 300", id="wait-long"),
    pytest.param(V0124, {"action": "wait", "duration": "1"}, "duration must be a number", id="wait-string"),
    # Zoom.
    pytest.param(
        V1124, {"action": "zoom", "region": [0, 0, 10, 10]}, "without enable_zoom", id="zoom-disabled"
    ),
    # Parameters and actions of another version.
    pytest.param(
        V1022, {"action": "scroll"}, "Unknown action 'scroll' for computer_20241022", id="1022-scroll"
    ),
    pytest.param(V1022, {"action": "triple_click"}, "Unknown action 'triple_click'", id="1022-triple"),
    pytest.param(V1022, {"action": "wait", "duration": 1}, "Unknown action 'wait'", id="1022-wait"),
    pytest.param(
        V1022,
        {"action": "left_click", "coordinate": [5, 5]},
        "does not accept 'coordinate'",
        id="1022-click-at",
    ),
    pytest.param(
        V1022,
        {"action": "left_click_drag", "start_coordinate": [5, 5], "coordinate": [9, 9]},
        "Unknown parameter(s) 'start_coordinate' for computer_20241022",
        id="1022-drag-start",
    ),
    pytest.param(V0124, {"action": "zoom", "region": [0, 0, 9, 9]}, "Unknown action 'zoom'", id="0124-zoom"),
    pytest.param(
        V0124,
        {"action": "screenshot", "region": [0, 0, 9, 9]},
        "Unknown parameter(s) 'region'",
        id="0124-region",
    ),
]


@pytest.mark.parametrize(("version", "params", "message"), BAD_INPUTS)
def test_bad_input_is_an_error_result_and_does_nothing(desktop, version, params, message):
    desktop.input.move(*HOME)
    result = ComputerTool(desktop, version)(params)
    assert isinstance(result, ToolResult)
    assert result.is_error
    assert message in result.error
    assert result.output is None and result.base64_image is None  # error results carry text only
    assert desktop.cursor_position() == tuple(HOME)


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ([10, 10, 5, 20], "malformed"),
        ([0, 0, 0, 10], "malformed"),
        ([0, 0, 1281, 10], "malformed: need 0 <= x1 < x2 <= 1280"),
        ([-1, 0, 10, 10], "malformed"),
        ([0, 0, 10], "four integers"),
        ([0, 0, 10.5, 10], "four integers"),
        ("0,0,10,10", "four integers"),
    ],
)
def test_malformed_zoom_regions_are_rejected(desktop, region, message):
    result = ComputerTool(desktop, V1124, enable_zoom=True)({"action": "zoom", "region": region})
    assert result.is_error and message in result.error
    assert result.base64_image is None


def test_bounds_are_checked_in_the_scaled_image_not_on_the_screen():
    with Desktop(size=(1920, 1080)) as big:
        tool = ComputerTool(big)
        assert tool.to_params()["display_width_px"] == 1429
        result = tool({"action": "mouse_move", "coordinate": [1500, 10]})  # on the screen, off the image
        assert result.is_error and "outside display bounds (1429x804)" in result.error
        assert tool({"action": "mouse_move", "coordinate": [1428, 803]}).error is None
        assert big.cursor_position() == (1919, 1079)


def test_a_closed_desktop_gives_an_error_result():
    desk = Desktop(size=(640, 480)).start()
    tool = ComputerTool(desk)
    desk.close()
    result = tool({"action": "screenshot"})
    assert result.is_error and "the desktop is not running" in result.error


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5000, 5000) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
# Everything but `duration`, so that no generated wait or hold_key can sleep for long.
_keys = st.sampled_from([f for f in FIELDS[V1124] if f != "duration"] + ["foo", ""])
_actions = st.sampled_from(["mouse_move", "left_click", "scroll", "zoom", "key", "type", "bogus"]) | st.text(
    max_size=6
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from([V1022, V0124, V1124]),
    st.booleans(),
    _actions,
    st.dictionaries(_keys, _json, max_size=4),
)
def test_random_input_never_raises(desktop, version, zoom, action, fields):
    tool = ComputerTool(desktop, version, enable_zoom=zoom and version == V1124)
    result = tool({**fields, "action": action})
    assert isinstance(result, ToolResult)
    if result.is_error:
        assert isinstance(result.error, str) and result.error
        assert result.base64_image is None
    else:
        assert result.base64_image or result.output
