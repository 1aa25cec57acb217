"""UI-TARS-1.5 and Qwen2.5-VL: parsers, smart_resize coordinates, and the providers over the real `openai`
SDK talking to a local chat-completions server."""

import base64
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from provider_fakes import Reply, completion, error_body, images_in_chat, png

from deskpilot.core.actions import parse_computer_action
from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import Scaling, smart_resize
from deskpilot.core.turns import ASK_USER, CONTINUE, DONE, FAIL, TransientError
from deskpilot.providers import make_provider
from deskpilot.providers.opengui import Qwen25VLProvider, UITarsProvider, parse_call, parse_qwen, parse_uitars

UITARS_MIN, QWEN_MIN, MAX = 100 * 28 * 28, 3136, 16384 * 28 * 28
IDENTITY = Scaling(1120, 840, 1120, 840)  # 1120x840 is already a multiple of 28: model pixels = image pixels


def grid_for(width: int, height: int, min_pixels: int = UITARS_MIN) -> Scaling:
    resized_height, resized_width = smart_resize(height, width, min_pixels=min_pixels, max_pixels=MAX)
    return Scaling(width, height, resized_width, resized_height)


# UI-TARS grammar ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "actions"),
    [
        (
            "Thought: Open the menu.\nAction: click(start_box='(100,200)')",
            [{"action": "left_click", "coordinate": [100, 200]}],
        ),
        (
            "Action: click(start_box='<|box_start|>(100,200)<|box_end|>')",
            [{"action": "left_click", "coordinate": [100, 200]}],
        ),
        (
            "Thought: x\nAction: click(point='<point>100 200</point>')",
            [{"action": "left_click", "coordinate": [100, 200]}],
        ),
        ("Action: click(start_box='(90,190,110,210)')", [{"action": "left_click", "coordinate": [100, 200]}]),
        (
            "Action: click(start_box='[90, 190, 110, 210]')",
            [{"action": "left_click", "coordinate": [100, 200]}],
        ),
        (
            "  Thought:  spaced  \n\n Action:   click( start_box = ' ( 100 , 200 ) ' ) \n",
            [{"action": "left_click", "coordinate": [100, 200]}],
        ),
        ('Action: click(start_box="(100,200)")', [{"action": "left_click", "coordinate": [100, 200]}]),
        ("Action: click(start_box='(100.6,200.2)')", [{"action": "left_click", "coordinate": [100, 200]}]),
        ("Action: left_single(start_box='(5,6)')", [{"action": "left_click", "coordinate": [5, 6]}]),
        ("Action: left_double(start_box='(5,6)')", [{"action": "double_click", "coordinate": [5, 6]}]),
        (
            "Action: right_single(point='<point>5 6</point>')",
            [{"action": "right_click", "coordinate": [5, 6]}],
        ),
        (
            "Action: drag(start_box='(1,2)', end_box='(30,40)')",
            [{"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [30, 40]}],
        ),
        (
            "Action: drag(start_point='<point>1 2</point>', end_point='<point>30 40</point>')",
            [{"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [30, 40]}],
        ),
        ("Action: hotkey(key='ctrl c')", [{"action": "key", "text": "ctrl+c"}]),
        ("Action: hotkey(key='Ctrl+Shift+T')", [{"action": "key", "text": "ctrl+shift+t"}]),
        ("Action: hotkey(key='arrowleft')", [{"action": "key", "text": "Left"}]),
        ("Action: hotkey(key='enter')", [{"action": "key", "text": "Return"}]),
        ("Action: press(key='space')", [{"action": "key", "text": "space"}]),
        ("Action: type(content='hello world')", [{"action": "type", "text": "hello world"}]),
        (
            "Action: type(content='search terms\\n')",
            [{"action": "type", "text": "search terms"}, {"action": "key", "text": "Return"}],
        ),
        ("Action: type(content='\\n')", [{"action": "key", "text": "Return"}]),
        ("Action: type(content='it\\'s \\\"quoted\\\"')", [{"action": "type", "text": 'it\'s "quoted"'}]),
        (
            "Action: type(content='It's unescaped, (really)')",
            [{"action": "type", "text": "It's unescaped, (really)"}],
        ),
        ("Action: type(content=\"say 'hi'\")", [{"action": "type", "text": "say 'hi'"}]),
        ("Action: type(content='no closing paren'", [{"action": "type", "text": "no closing paren"}]),
        (
            "Action: scroll(start_box='(10,20)', direction='down')",
            [{"action": "scroll", "scroll_direction": "down", "scroll_amount": 5, "coordinate": [10, 20]}],
        ),
        (
            "Action: scroll(direction='UP')",
            [{"action": "scroll", "scroll_direction": "up", "scroll_amount": 5}],
        ),
        ("Action: wait()", [{"action": "wait", "duration": 5.0}]),
        (
            "Thought: a\nAction: click(start_box='(1,1)')\n\nThought: b\nAction: click(start_box='(2,2)')",
            [{"action": "left_click", "coordinate": [2, 2]}],
        ),
    ],
)
def test_uitars_actions(output, actions):
    parsed = parse_uitars(output, IDENTITY)
    assert parsed.error is None
    assert parsed.actions == actions
    assert parsed.status == CONTINUE
    for action in actions:
        parse_computer_action(action, "computer_20250124", image_size=(1120, 840))  # valid canonical input


def test_uitars_thought_is_the_turn_text():
    assert (
        parse_uitars("Thought: The button is blue.\nAction: wait()", IDENTITY).text == "The button is blue."
    )
    assert parse_uitars("Reflection: hmm\nAction: wait()", IDENTITY).text == "hmm"


@pytest.mark.parametrize(
    ("output", "status", "text"),
    [
        ("Thought: all good\nAction: finished(content='The file is saved.')", DONE, "The file is saved."),
        ("Action: finished(content='FAIL: no printer is installed')", FAIL, "FAIL: no printer is installed"),
        ("Thought: done\nAction: finished()", DONE, "done"),
        ("Thought: Which file do you mean?\nAction: call_user()", ASK_USER, "Which file do you mean?"),
    ],
)
def test_uitars_final_actions(output, status, text):
    parsed = parse_uitars(output, IDENTITY)
    assert (parsed.status, parsed.text, parsed.actions, parsed.error) == (status, text, [], None)


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("I think I should click the button.", "No 'Action:' found"),
        ("Thought: hm\nAction: fly(start_box='(1,2)')", "Unknown action 'fly'"),
        (
            "Action: click(start_box='(1200,20)')",
            "Coordinates (1200, 20) are outside the screenshot (1120x840)",
        ),
        ("Action: click(start_box='(-3,20)')", "outside the screenshot"),
        ("Action: click(start_box='the blue button')", "Could not read a point"),
        ("Action: click(start_box='(1,2,3)')", "Could not read a point"),
        ("Action: click()", "click(...) needs start_box="),
        ("Action: drag(start_box='(1,2)')", "drag(...) needs end_box="),
        ("Action: click(start_box='(1,2)", "Unterminated string"),
        ("Action: scroll(start_box='(1,2)', direction='sideways')", "scroll direction must be"),
        ("Action: type(content='')", "type(...) needs content"),
        ("Action: hotkey(key='')", "Expected key names"),
        ("Action: 42", "Could not read the action"),
        ("Action: click(start_box '(1,2)')", "Could not read the arguments"),
    ],
)
def test_uitars_garbage_gives_model_readable_errors(output, error):
    parsed = parse_uitars(output, IDENTITY)
    assert parsed.actions == [] and parsed.status == CONTINUE
    assert error in parsed.error


def test_parse_call_keeps_bare_values():
    assert parse_call("scroll(direction=down, start_box='(1,2)')") == (
        "scroll",
        {"direction": "down", "start_box": "(1,2)"},
    )


# Qwen2.5-VL grammar -------------------------------------------------------------------------------------


def qwen(*arguments: dict, before: str = "") -> str:
    calls = "\n".join(
        f"<tool_call>\n{json.dumps({'name': 'computer_use', 'arguments': a})}\n</tool_call>"
        for a in arguments
    )
    return before + calls


@pytest.mark.parametrize(
    ("output", "actions"),
    [
        (
            qwen({"action": "left_click", "coordinate": [100, 200]}),
            [{"action": "left_click", "coordinate": [100, 200]}],
        ),
        (qwen({"action": "left_click"}), [{"action": "left_click"}]),
        (
            qwen({"action": "double_click", "coordinate": [1, 2]}),
            [{"action": "double_click", "coordinate": [1, 2]}],
        ),
        (
            qwen({"action": "right_click", "coordinate": [1, 2]}),
            [{"action": "right_click", "coordinate": [1, 2]}],
        ),
        (
            qwen({"action": "middle_click", "coordinate": [1, 2]}),
            [{"action": "middle_click", "coordinate": [1, 2]}],
        ),
        (qwen({"action": "key", "keys": ["ctrl", "s"]}), [{"action": "key", "text": "ctrl+s"}]),
        (qwen({"action": "key", "keys": ["Enter"]}), [{"action": "key", "text": "Return"}]),
        (qwen({"action": "key", "keys": "ctrl+S"}), [{"action": "key", "text": "ctrl+s"}]),
        (qwen({"action": "type", "text": "hello"}), [{"action": "type", "text": "hello"}]),
        (
            qwen({"action": "scroll", "pixels": -3, "coordinate": [5, 5]}),
            [{"action": "scroll", "scroll_direction": "down", "scroll_amount": 3, "coordinate": [5, 5]}],
        ),
        (
            qwen({"action": "scroll", "pixels": 2}),
            [{"action": "scroll", "scroll_direction": "up", "scroll_amount": 2}],
        ),
        (qwen({"action": "wait", "time": 2}), [{"action": "wait", "duration": 2}]),
        (
            qwen(
                {"action": "mouse_move", "coordinate": [10, 10]},
                {"action": "left_click_drag", "coordinate": [50, 60]},
            ),
            [
                {"action": "mouse_move", "coordinate": [10, 10]},
                {"action": "left_click_drag", "start_coordinate": [10, 10], "coordinate": [50, 60]},
            ],
        ),
        (
            '<tool_call>{"name": "computer_use", "arguments": "{\\"action\\": \\"left_click\\", \\"coordinate\\": [3, 4]}"}</tool_call>',
            [{"action": "left_click", "coordinate": [3, 4]}],
        ),
        (
            '<tool_call>\n{"name": "computer_use", "arguments": {"action": "type", "text": "no end tag"}}',
            [{"action": "type", "text": "no end tag"}],
        ),
    ],
)
def test_qwen_actions(output, actions):
    parsed = parse_qwen(output, IDENTITY)
    assert (parsed.actions, parsed.error, parsed.status) == (actions, None, CONTINUE)
    for action in actions:
        parse_computer_action(action, "computer_20250124", image_size=(1120, 840))


def test_qwen_final_answers():
    done = parse_qwen(
        qwen({"action": "terminate", "status": "success"}, before="The file is saved.\n"), IDENTITY
    )
    assert (done.status, done.text, done.actions) == (DONE, "The file is saved.", [])
    assert parse_qwen(qwen({"action": "terminate", "status": "failure"}), IDENTITY).status == FAIL
    assert parse_qwen("The answer is 42.", IDENTITY).status == DONE
    assert parse_qwen("Do you want the PDF or the DOCX?", IDENTITY).status == ASK_USER


def test_qwen_drag_starts_at_the_given_cursor():
    parsed = parse_qwen(qwen({"action": "left_click_drag", "coordinate": [50, 60]}), IDENTITY, cursor=[7, 8])
    assert parsed.actions == [
        {"action": "left_click_drag", "start_coordinate": [7, 8], "coordinate": [50, 60]}
    ]


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("<tool_call>{not json}</tool_call>", "not valid JSON"),
        (
            '<tool_call>{"name": "browser", "arguments": {"action": "open"}}</tool_call>',
            "Unknown function call",
        ),
        (qwen({"action": "teleport"}), "Unknown action 'teleport'"),
        (qwen({"action": "left_click", "coordinate": [2000, 5]}), "outside the screenshot (1120x840)"),
        (qwen({"action": "left_click_drag", "coordinate": [5, 5]}), "move it first with mouse_move"),
        (qwen({"action": "mouse_move"}), "mouse_move needs coordinate"),
        (qwen({"action": "scroll"}), "scroll needs pixels"),
        (qwen({"action": "type"}), "type needs text"),
        (qwen({"action": "key", "keys": []}), "Expected key names"),
        (qwen({"action": "wait", "time": "soon"}), "wait needs time"),
        (qwen({"action": "left_click", "coordinate": [1, 1]}, {"action": "fly"}), "Unknown action 'fly'"),
    ],
)
def test_qwen_garbage_gives_model_readable_errors(output, error):
    parsed = parse_qwen(output, IDENTITY)
    assert parsed.actions == []  # nothing of a malformed response runs
    assert error in parsed.error


# smart_resize coordinates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("screen", "resized", "model_point", "image_point"),
    [
        ((1280, 800), (1288, 812), (644, 406), [640, 400]),
        ((1920, 1080), (1932, 1092), (1931, 1091), [1919, 1079]),
        ((1366, 768), (1372, 756), (686, 378), [683, 384]),
        ((1024, 768), (1036, 756), (0, 0), [0, 0]),
        ((3840, 2160), (3836, 2156), (1918, 1078), [1920, 1080]),
        ((5120, 2880), (4760, 2688), (2380, 1344), [2560, 1440]),  # above max_pixels: shrunk
    ],
)
def test_uitars_coordinates_on_common_screens(screen, resized, model_point, image_point):
    grid = grid_for(*screen)
    assert (grid.image_width, grid.image_height) == resized
    parsed = parse_uitars(f"Action: click(start_box='({model_point[0]},{model_point[1]})')", grid)
    assert parsed.actions == [{"action": "left_click", "coordinate": image_point}]


@given(
    width=st.integers(200, 5200),
    height=st.integers(200, 3000),
    fx=st.floats(0, 1, exclude_max=True),
    fy=st.floats(0, 1, exclude_max=True),
    qwen_model=st.booleans(),
)
def test_smart_resize_round_trip(width, height, fx, fy, qwen_model):
    """A model that points at the resized pixel containing a target lands on (or next to) that target."""
    grid = grid_for(width, height, QWEN_MIN if qwen_model else UITARS_MIN)
    target = (int(fx * width), int(fy * height))
    mx, my = grid.to_image(*target)  # the resized-image pixel the model sees the target in
    if qwen_model:
        parsed = parse_qwen(qwen({"action": "left_click", "coordinate": [mx, my]}), grid)
    else:
        parsed = parse_uitars(f"Thought: there\nAction: click(start_box='({mx},{my})')", grid)
    x, y = parsed.actions[0]["coordinate"]
    assert 0 <= x < width and 0 <= y < height
    tolerance_x = 0 if grid.image_width >= width else math.ceil(width / grid.image_width)
    tolerance_y = 0 if grid.image_height >= height else math.ceil(height / grid.image_height)
    assert abs(x - target[0]) <= tolerance_x and abs(y - target[1]) <= tolerance_y


# Providers over chat completions ------------------------------------------------------------------------


@pytest.fixture
def uitars(chat_api, session_for):
    p = make_provider(f"uitars:ui-tars-1.5-7b@{chat_api.url}/v1")
    assert isinstance(p, UITarsProvider)
    p.start(session_for(p))
    return p


def image_result(color) -> ToolResult:
    return ToolResult(image=base64.b64decode(png(color)), media_type="image/png")


def test_uitars_provider_requests_and_coordinates(uitars, chat_api):
    chat_api.script(completion("Thought: The menu is in the middle.\nAction: click(start_box='(644,406)')"))
    turn = uitars.next_turn()
    assert uitars.spec == f"uitars:ui-tars-1.5-7b@{chat_api.url}/v1"
    assert uitars.scaling_policy() == "none"
    assert turn.text == "The menu is in the middle." and turn.status == CONTINUE
    (call,) = turn.tool_calls
    assert (call.tool, call.input, call.error) == (
        "computer",
        {"action": "left_click", "coordinate": [640, 400]},
        None,
    )
    assert (turn.usage.input_tokens, turn.usage.output_tokens, turn.cost_usd) == (50, 7, 0.0)

    request = chat_api.requests[0]
    assert request.path == "/v1/chat/completions" and request.headers["authorization"] == "Bearer EMPTY"
    body = request.body
    assert body["model"] == "ui-tars-1.5-7b" and body["temperature"] == 0.0
    system, user = body["messages"]
    assert system == {"role": "system", "content": "You operate a test desktop."}
    assert user["content"][0]["type"] == "text"
    assert "## User Instruction\nOpen the menu" in user["content"][0]["text"]
    assert "click(point='<point>x1 y1</point>')" in user["content"][0]["text"]
    assert user["content"][1]["image_url"]["url"].startswith(
        "data:image/png;base64,iVBOR"
    )  # the native screenshot


def test_uitars_provider_keeps_the_five_newest_screenshots(uitars, chat_api):
    sent = []
    for step in range(7):
        chat_api.script(completion("Action: wait()"))
        turn = uitars.next_turn()
        result = image_result((step * 30, 0, 0))
        sent.append(f"data:image/png;base64,{result.base64_image}")
        uitars.add_tool_results([(turn.tool_calls[0], result)])
    chat_api.script(completion("Action: finished(content='done')"))
    assert uitars.next_turn().status == DONE
    body = chat_api.requests[-1].body
    assert images_in_chat(body) == sent[-5:]
    assert json.dumps(body).count("(earlier screenshot omitted)") == 3  # the first screenshot and sent[0:2]
    assistant_turns = [m["content"] for m in body["messages"] if m["role"] == "assistant"]
    assert assistant_turns == ["Action: wait()"] * 7  # every text turn stays


def test_uitars_provider_error_call_and_error_feedback(uitars, chat_api):
    chat_api.script(completion("I will click somewhere nice."))
    turn = uitars.next_turn()
    (call,) = turn.tool_calls
    assert call.input == {} and call.error.startswith("No 'Action:' found")
    uitars.add_tool_results([(call, ToolResult(error=call.error))])
    chat_api.script(completion("Action: call_user()"))
    assert uitars.next_turn().status == ASK_USER
    feedback = chat_api.requests[1].body["messages"][-1]
    assert feedback["role"] == "user"
    assert feedback["content"][0] == {"type": "text", "text": f"Error: {call.error}"}
    assert feedback["content"][1]["image_url"]["url"].startswith("data:image/png;base64,")  # a fresh capture


def test_uitars_follow_up_message_comes_with_a_screenshot(uitars, chat_api):
    chat_api.script(completion("Thought: Which one?\nAction: call_user()"), completion("Action: wait()"))
    uitars.next_turn()
    uitars.add_user_message("The second one.")
    uitars.next_turn()
    last = chat_api.requests[1].body["messages"][-1]
    assert last["content"][0] == {"type": "text", "text": "The second one."}
    assert last["content"][1]["type"] == "image_url"


def test_qwen_provider_system_prompt_and_calls(chat_api, session_for, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "local-secret")
    p = make_provider(f"qwen25vl:qwen2.5vl:7b@{chat_api.url}/v1", max_tokens=256)
    assert isinstance(p, Qwen25VLProvider) and p.model_name == "qwen2.5vl:7b"
    p.start(session_for(p))
    chat_api.script(
        completion(qwen({"action": "mouse_move", "coordinate": [644, 406]})),
        completion(qwen({"action": "left_click_drag", "coordinate": [100, 100]})),
    )
    first = p.next_turn()
    assert first.tool_calls[0].input == {"action": "mouse_move", "coordinate": [640, 400]}
    p.add_tool_results([(first.tool_calls[0], image_result((1, 2, 3)))])
    second = p.next_turn()
    assert second.tool_calls[0].input == {
        "action": "left_click_drag",
        "start_coordinate": [640, 400],
        "coordinate": [99, 99],
    }
    request = chat_api.requests[0]
    assert request.headers["authorization"] == "Bearer local-secret"
    assert request.body["model"] == "qwen2.5vl:7b" and request.body["max_tokens"] == 256
    system = request.body["messages"][0]["content"]
    assert system.startswith("You operate a test desktop.\n\n# Tools")
    tool = json.loads(system.split("<tools>\n")[1].split("\n</tools>")[0])
    assert tool["function"]["name"] == "computer_use"
    assert "The screen's resolution is 1288x812" in tool["function"]["description"]
    assert request.body["messages"][1]["content"][0] == {"type": "text", "text": "Open the menu"}


def test_open_model_spec_needs_an_endpoint():
    with pytest.raises(ValueError, match="uitars:<model>@http"):
        make_provider("uitars:ui-tars-1.5-7b")


def test_chat_endpoint_errors_are_translated(uitars, chat_api):
    chat_api.script(
        Reply(error_body("rate_limit", "busy"), 429, {"retry-after": "2"}), completion("Action: wait()")
    )
    with pytest.raises(TransientError) as caught:
        uitars.next_turn()
    assert caught.value.retry_after == 2.0
    assert uitars.next_turn().tool_calls[0].input == {"action": "wait", "duration": 5.0}
    assert [m["role"] for m in chat_api.requests[1].body["messages"]] == ["system", "user"]  # nothing doubled
