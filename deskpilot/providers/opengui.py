"""Open GUI-agent models over any OpenAI-compatible chat endpoint (vLLM, Ollama, LM Studio):
UI-TARS-1.5 (`uitars:<model>@<base-url>`) and Qwen2.5-VL (`qwen25vl:<model>@<base-url>`).

Both models see the native screenshot (scaling policy "none"), which their image processor smart-resizes
(both sides multiples of 28, area within [min_pixels, max_pixels]); they answer in absolute pixels of that
resized image. `self.grid` is a `Scaling` whose "screen" is our screenshot and whose "image" is the
model's resized image, so `grid.to_screen` maps a model point to a screenshot pixel. Coordinates outside
the resized image are reported to the model in its own pixels.

Parsing is strict about meaning and lenient about form: a response that cannot be understood runs
nothing and comes back as one ToolCall with a model-readable `error`. OPENAI_API_KEY is sent if set
(default "EMPTY", which local servers accept).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from abc import abstractmethod
from dataclasses import dataclass, field

import openai

from deskpilot.core.actions import CLICK_ACTIONS
from deskpilot.core.keys import vendor_key
from deskpilot.core.results import ToolResult
from deskpilot.core.scaling import Scaling, smart_resize
from deskpilot.core.turns import ASK_USER, CONTINUE, DONE, FAIL, ModelTurn, ToolCall, Usage, final_status
from deskpilot.providers.base import Provider, Session, provider_error
from deskpilot.providers.openai import COMPUTER_VERSION
from deskpilot.providers.pricing import estimate_cost

OMITTED_IMAGE = "(earlier screenshot omitted)"
# Coordinate conventions of open GUI models (see coordinate_grid). Qwen3-VL: "relative coordinates ranging
# from 0 to 1000" (QwenLM/Qwen3-VL cookbooks/2d_grounding.ipynb); Qwen2.5-VL and UI-TARS-1.5: absolute
# pixels of the smart-resized image; UI-TARS 1.0 and OS-Atlas 0-1000; SeeClick 0-1 (reference sheet).
COORDINATES = ("smart", "rel1000", "rel1", "pixels")
RELATIVE_GRID = 1000
UITARS_SCROLL_NOTCHES = 5
UITARS_WAIT_S = 5.0

UITARS_PROMPT = """You are a GUI agent. You are given a task and your action history, with screenshots. \
You need to perform the next action to complete the task.

## Output Format
```
Thought: ...
Action: ...
```

## Action Space
click(point='<point>x1 y1</point>')
left_double(point='<point>x1 y1</point>')
right_single(point='<point>x1 y1</point>')
drag(start_point='<point>x1 y1</point>', end_point='<point>x2 y2</point>')
hotkey(key='ctrl c') # Split keys with a space and use lowercase. Use at most 3 keys in one hotkey action.
type(content='xxx') # Use escape characters \\', \\", and \\n in content. To submit the input, end content with \\n.
scroll(point='<point>x1 y1</point>', direction='down or up or right or left')
wait() # Sleep for 5s and take a screenshot to check for any changes.
finished(content='xxx') # The task is done; content is the answer or summary. If the task is impossible, \
use finished(content='FAIL: <reason>').
call_user() # Ask the user for help when the task is unclear or you are stuck.

## Note
- Use English in the `Thought` part.
- Write a small plan and finally summarize your next action (with its target element) in one sentence in \
the `Thought` part.

## User Instruction
{instruction}
"""


QWEN_ACTIONS = (
    "key",
    "type",
    "mouse_move",
    "left_click",
    "left_click_drag",
    "right_click",
    "middle_click",
    "double_click",
    "triple_click",
    "scroll",
    "wait",
    "terminate",
)
QWEN3_ACTIONS = (*QWEN_ACTIONS, "hscroll", "answer")  # Qwen3-VL's computer_use adds these two


def qwen_tool(width: int, height: int, actions: tuple[str, ...] = QWEN_ACTIONS) -> dict:
    """Qwen's computer_use function for a screen of the model's image size (Qwen2.5-VL: the resized image;
    Qwen3-VL: its 1000x1000 relative grid)."""
    return {
        "type": "function",
        "function": {
            "name": "computer_use",
            "description": (
                "Use a mouse and keyboard to interact with a computer, and take screenshots.\n"
                f"* The screen's resolution is {width}x{height}; coordinates are pixels from the top-left corner.\n"
                "* Look at the latest screenshot before choosing coordinates; click on the centre of elements.\n"
                "* Apps can be slow: wait and look again before repeating an action."
            ),
            "parameters": {
                "type": "object",
                "required": ["action"],
                "properties": {
                    "action": {
                        "type": "string",
                        "description": "key: press keys together; type: type text; mouse_move: move the pointer; "
                        "left_click, right_click, middle_click, double_click, triple_click: click (at coordinate if "
                        "given); left_click_drag: drag from the pointer to coordinate; scroll: turn the wheel; "
                        "wait: wait; terminate: end the task with a status"
                        + (
                            "; hscroll: scroll sideways; answer: give the answer."
                            if "answer" in actions
                            else "."
                        ),
                        "enum": list(actions),
                    },
                    "keys": {"type": "array", "description": 'Keys for action=key, e.g. ["ctrl", "s"].'},
                    "text": {"type": "string", "description": "Text for action=type."},
                    "coordinate": {"type": "array", "description": "[x, y] pixel position."},
                    "pixels": {
                        "type": "number",
                        "description": "Wheel clicks for action=scroll; positive scrolls up.",
                    },
                    "time": {"type": "number", "description": "Seconds for action=wait."},
                    "status": {
                        "type": "string",
                        "enum": ["success", "failure"],
                        "description": "For action=terminate.",
                    },
                },
            },
        },
    }


QWEN_TOOLS_PROMPT = """# Tools

You may call one or more functions to assist with the user query.

You are provided with function signatures within <tools></tools> XML tags:
<tools>
{tools}
</tools>

For each function call, return a json object with function name and arguments within <tool_call></tool_call> \
XML tags:
<tool_call>
{{"name": <function-name>, "arguments": <args-json-object>}}
</tool_call>"""


class ParseError(ValueError):
    """Model output that cannot be turned into actions; the message is written for the model."""


@dataclass
class Parsed:
    text: str  # the thought, or the final answer
    actions: list[dict] = field(default_factory=list)  # canonical computer inputs, in screenshot pixels
    error: str | None = None
    status: str = CONTINUE


def model_point(values: object, grid: Scaling, scale: float = 1.0) -> list[int]:
    """A point the model wrote ("(x,y)", "<point>x y</point>", a 4-number box -> its centre, [x, y]) ->
    screenshot pixels. `scale` turns the model's numbers into grid units (1000 for 0-1 fractions). On a
    relative grid (0-1000) the far edge itself is accepted. ParseError when malformed or outside."""
    numbers = [float(n) * scale for n in re.findall(r"-?\d+(?:\.\d+)?", str(values))]
    if len(numbers) == 4:
        numbers = [(numbers[0] + numbers[2]) / 2, (numbers[1] + numbers[3]) / 2]
    if len(numbers) != 2:
        raise ParseError(f"Could not read a point from {values!r}; give it as (x,y) in screenshot pixels.")
    x, y = (math.floor(n) for n in numbers)  # the pixel that holds the point
    if grid.image_size == (RELATIVE_GRID, RELATIVE_GRID):
        x, y = (RELATIVE_GRID - 1 if v == RELATIVE_GRID else v for v in (x, y))  # "0 to 1000" includes 1000
    if not grid.in_image(x, y):
        raise ParseError(
            f"Coordinates ({x}, {y}) are outside the screenshot ({grid.image_width}x{grid.image_height}); "
            f"x must be in 0..{grid.image_width - 1} and y in 0..{grid.image_height - 1}."
        )
    return list(grid.to_screen(x, y))


def coordinate_grid(
    coords: str, width: int, height: int, min_pixels: int, max_pixels: int
) -> tuple[Scaling, float]:
    """(grid, scale) for a coordinate convention over a width x height screenshot:
    "smart": absolute pixels of the smart-resized image (Qwen2.5-VL, UI-TARS-1.5);
    "rel1000": relative 0-1000 (Qwen3-VL; UI-TARS 1.0, OS-Atlas, UGround);
    "rel1": fractions 0-1 (SeeClick, ShowUI); "pixels": our screenshot's own pixels."""
    if coords == "smart":
        resized_height, resized_width = smart_resize(
            height, width, min_pixels=min_pixels, max_pixels=max_pixels
        )
        return Scaling(width, height, resized_width, resized_height), 1.0
    if coords == "pixels":
        return Scaling(width, height, width, height), 1.0
    if coords in ("rel1000", "rel1"):
        scale = float(RELATIVE_GRID) if coords == "rel1" else 1.0
        return Scaling(width, height, RELATIVE_GRID, RELATIVE_GRID), scale
    raise ValueError(f"unknown coordinate convention {coords!r}; choose one of {', '.join(COORDINATES)}")


def split_keys(keys: str) -> list[str]:
    """'ctrl c', 'ctrl+c' -> ['ctrl', 'c']."""
    return [key for key in re.split(r"[\s+]+", keys.strip()) if key]


def key_chord(keys: list[str]) -> str:
    if not keys or not all(isinstance(k, str) and k.strip() for k in keys):
        raise ParseError(f"Expected key names such as 'ctrl c' or ['ctrl', 'c'], got {keys!r}.")
    return "+".join(vendor_key(k) for k in keys)


# UI-TARS ------------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t"}
_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*\(")
_KEYWORD = re.compile(r"\s*(\w+)\s*=\s*")
_BARE_END = re.compile(r"[,)]|$")
_STRING_END = re.compile(r"\s*(?:,\s*\w+\s*=|\)\s*(?:\n|$)|$)")


def parse_call(source: str) -> tuple[str, dict[str, str]]:
    """Split a call such as `name(key='value', k2=bare)` into ("name", {...}). Quotes may be single or double, escaped quotes
    are unescaped, an unescaped quote inside a value is kept when it cannot end the value, and a missing
    closing parenthesis is forgiven."""
    match = _CALL.match(source)
    if not match:
        raise ParseError(
            f"Could not read the action {source.strip()!r:.200}; expected a call like click(point='(x,y)')."
        )
    name, args, i = match[1], {}, match.end()
    while True:
        while i < len(source) and source[i] in " \t\n,":
            i += 1
        if i >= len(source) or source[i] == ")":
            return name, args
        keyword = _KEYWORD.match(source, i)
        if not keyword:
            raise ParseError(
                f"Could not read the arguments of {name}(...): {source[i:]!r:.120}; use key='value'."
            )
        i = keyword.end()
        if i < len(source) and source[i] in "'\"":
            args[keyword[1]], i = _string(source, i, name)
        else:
            end = _BARE_END.search(source, i).start()
            args[keyword[1]], i = source[i:end].strip(), end


def _string(source: str, start: int, name: str) -> tuple[str, int]:
    quote, i = source[start], start + 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == quote and _STRING_END.match(source, i + 1):
            value = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), source[start + 1 : i], flags=re.S)
            return value, i + 1
        i += 1
    raise ParseError(f"Unterminated string in {name}(...); close it with {quote}.")


UITARS_ACTIONS = "click, left_double, right_single, drag, hotkey, type, scroll, wait, finished, call_user"
_UITARS_CLICKS = {
    "click": "left_click",
    "left_single": "left_click",
    "left_double": "double_click",
    "right_single": "right_click",
}
_START = ("start_box", "point", "start_point")
_END = ("end_box", "end_point")


def _arg(args: dict, names: tuple[str, ...], action: str) -> str:
    for name in names:
        if args.get(name):
            return args[name]
    raise ParseError(f"{action}(...) needs {names[0]}='(x,y)'.")


def parse_uitars(text: str, grid: Scaling, scale: float = 1.0) -> Parsed:
    """A UI-TARS-1.5 response ("Thought: ...\\nAction: click(start_box='(x,y)')") -> canonical actions."""
    actions = list(re.finditer(r"Action\s*:", text))
    head = text[: actions[-1].start()] if actions else text
    thought = re.sub(r"^\s*(?:Thought|Reflection|Action_Summary)\s*:", "", head.strip()).strip()
    if not actions:
        return Parsed(
            thought,
            error=f"No 'Action:' found. Answer with 'Thought: ...' and then 'Action: ...' using one of: {UITARS_ACTIONS}.",
        )
    try:
        name, args = parse_call(text[actions[-1].end() :].strip())
        return _uitars_action(name, args, grid, thought, scale)
    except ParseError as exc:
        return Parsed(thought, error=str(exc))


def _uitars_action(name: str, args: dict, grid: Scaling, thought: str, scale: float = 1.0) -> Parsed:
    if name in _UITARS_CLICKS:
        return Parsed(
            thought,
            [
                {
                    "action": _UITARS_CLICKS[name],
                    "coordinate": model_point(_arg(args, _START, name), grid, scale),
                }
            ],
        )
    if name in ("drag", "select"):
        start, end = (
            model_point(_arg(args, _START, name), grid, scale),
            model_point(_arg(args, _END, name), grid, scale),
        )
        return Parsed(thought, [{"action": "left_click_drag", "start_coordinate": start, "coordinate": end}])
    if name in ("hotkey", "press"):
        keys = args.get("key") or args.get("hotkey") or ""
        return Parsed(thought, [{"action": "key", "text": key_chord(split_keys(keys))}])
    if name == "type":
        content = args.get("content", "")
        body = content.rstrip("\n")
        actions = ([{"action": "type", "text": body}] if body else []) + (
            [{"action": "key", "text": "Return"}] if content.endswith("\n") else []
        )
        if not actions:
            raise ParseError("type(...) needs content='text to type'.")
        return Parsed(thought, actions)
    if name == "scroll":
        direction = args.get("direction", "").strip().lower()
        if direction not in ("up", "down", "left", "right"):
            raise ParseError(f"scroll direction must be up, down, left or right, got {direction!r}.")
        action = {"action": "scroll", "scroll_direction": direction, "scroll_amount": UITARS_SCROLL_NOTCHES}
        if any(args.get(n) for n in _START):
            action["coordinate"] = model_point(_arg(args, _START, name), grid, scale)
        return Parsed(thought, [action])
    if name == "wait":
        return Parsed(thought, [{"action": "wait", "duration": UITARS_WAIT_S}])
    if name == "finished":
        content = args.get("content", "")
        return Parsed(content or thought, status=final_status(content))
    if name == "call_user":
        return Parsed(thought, status=ASK_USER)
    raise ParseError(f"Unknown action {name!r}. Use one of: {UITARS_ACTIONS}.")


# Qwen2.5-VL ---------------------------------------------------------------------------------------------


def parse_qwen(text: str, grid: Scaling, cursor: list[int] | None = None, scale: float = 1.0) -> Parsed:
    """Qwen2.5-VL function calls (<tool_call>{"name": "computer_use", "arguments": {...}}</tool_call>) ->
    canonical actions. `cursor` (screenshot pixels) is where drags without a start begin. Text without any
    tool call is a final answer."""
    blocks = re.findall(r"<tool_call>(.*?)(?:</tool_call>|$)", text, flags=re.S)
    thought = text.split("<tool_call>")[0].strip()
    if not blocks:  # Qwen does not know our QUESTION: marker; a plain question asks the user
        return Parsed(thought, status=ASK_USER if thought.endswith("?") else final_status(thought))
    actions: list[dict] = []
    answer = None
    try:
        for block in blocks:
            arguments = _qwen_arguments(block)
            if arguments.get("action") == "answer":  # Qwen3-VL states its answer, then terminates
                answer = str(arguments.get("text", ""))
                continue
            if arguments.get("action") == "terminate":
                status = FAIL if arguments.get("status") == "failure" else DONE
                return Parsed(answer or thought, actions, status=status)
            action = _qwen_action(arguments, grid, cursor, scale)
            cursor = action.get("coordinate", cursor)
            actions.append(action)
    except ParseError as exc:
        return Parsed(thought, error=str(exc))
    if answer is not None and not actions:
        return Parsed(answer, status=DONE)
    return Parsed(thought, actions)


def _qwen_arguments(block: str) -> dict:
    usage = 'Write <tool_call>{"name": "computer_use", "arguments": {"action": ...}}</tool_call>.'
    try:
        call = json.loads(block.strip())
        arguments = call.get("arguments")
        if isinstance(arguments, str):
            arguments = json.loads(arguments)
    except (json.JSONDecodeError, AttributeError) as exc:
        raise ParseError(f"The tool call is not valid JSON ({exc}). {usage}") from None
    if call.get("name") != "computer_use" or not isinstance(arguments, dict):
        raise ParseError(f"Unknown function call {block.strip()!r:.200}. {usage}")
    return arguments


def _qwen_action(arguments: dict, grid: Scaling, cursor: list[int] | None, scale: float = 1.0) -> dict:
    action = arguments.get("action")
    if action not in QWEN3_ACTIONS:
        raise ParseError(f"Unknown action {action!r}. Use one of: {', '.join(QWEN3_ACTIONS)}.")
    coordinate = arguments.get("coordinate")
    point = {"coordinate": model_point(coordinate, grid, scale)} if coordinate is not None else {}
    if action in CLICK_ACTIONS:
        return {"action": action, **point}
    if action == "mouse_move" and point:
        return {"action": "mouse_move", **point}
    if action == "left_click_drag" and point:
        if cursor is None:
            raise ParseError("left_click_drag starts at the pointer: move it first with mouse_move.")
        return {"action": "left_click_drag", "start_coordinate": cursor, **point}
    if action in ("mouse_move", "left_click_drag"):
        raise ParseError(f"{action} needs coordinate [x, y].")
    if action == "key":
        keys = arguments.get("keys")
        return {
            "action": "key",
            "text": key_chord(keys if isinstance(keys, list) else split_keys(str(keys or ""))),
        }
    if action == "type":
        if not isinstance(arguments.get("text"), str):
            raise ParseError("type needs text.")
        return {"action": "type", "text": arguments["text"]}
    if action in ("scroll", "hscroll"):
        pixels = arguments.get("pixels")
        if isinstance(pixels, bool) or not isinstance(pixels, int | float):
            raise ParseError(
                f"{action} needs pixels: a number of wheel clicks, positive to scroll up (or right)."
            )
        directions = ("up", "down") if action == "scroll" else ("right", "left")
        return {
            "action": "scroll",
            "scroll_direction": directions[0] if pixels > 0 else directions[1],
            "scroll_amount": abs(round(pixels)),
            **point,
        }
    seconds = arguments.get("time", 1)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ParseError(f"wait needs time in seconds, got {seconds!r}.")
    return {"action": "wait", "duration": seconds}


# Providers ----------------------------------------------------------------------------------------------


def _image_part(result: ToolResult) -> dict:
    return {
        "type": "image_url",
        "image_url": {"url": f"data:{result.media_type};base64,{result.base64_image}"},
    }


class OpenGUIProvider(Provider):
    """Shared chat-completions plumbing. Options: history_images (screenshots kept in the prompt),
    min_pixels / max_pixels (the server's image-processor limits), coords (the model's coordinate
    convention, see coordinate_grid; also as a spec option: "uitars:m@http://h:8000/v1?coords=rel1000"),
    temperature, max_tokens, timeout."""

    coords = "smart"
    history_images = 3
    min_pixels = 3136
    max_pixels = 16384 * 28 * 28

    def __init__(
        self,
        model: str = "",
        *,
        history_images: int | None = None,
        min_pixels: int | None = None,
        max_pixels: int | None = None,
        coords: str | None = None,
        temperature: float = 0.0,
        max_tokens: int = 1024,
        timeout: float = 120.0,
    ):
        super().__init__(
            model,
            history_images=history_images,
            min_pixels=min_pixels,
            max_pixels=max_pixels,
            coords=coords,
            temperature=temperature,
            max_tokens=max_tokens,
            timeout=timeout,
        )
        self.model_name, _, self.base_url = model.partition("@")
        if not self.model_name or not self.base_url:
            raise ValueError(
                f"{self.name} needs a model and an endpoint: {self.name}:<model>@http://host:8000/v1"
            )
        self.history_images = history_images or self.history_images
        self.min_pixels = min_pixels or self.min_pixels
        self.max_pixels = max_pixels or self.max_pixels
        self.coords = coords or self.coords
        if self.coords not in COORDINATES:
            raise ValueError(f"coords must be one of {', '.join(COORDINATES)}, got {self.coords!r}")
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout = timeout

    def tool_versions(self) -> dict[str, str]:
        return {"computer": COMPUTER_VERSION}  # the model has no bash or editor tool

    def scaling_policy(self) -> str:
        return "none"

    def system_text(self) -> str:
        return self.session.system_prompt

    def first_prompt(self) -> str:
        return self.session.instruction

    @abstractmethod
    def parse(self, text: str) -> Parsed:
        """The model's text -> actions, a final status or a model-readable error."""

    def start(self, session: Session) -> None:
        self.session = session
        self.client = openai.OpenAI(
            base_url=self.base_url,
            api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
            max_retries=0,
            timeout=self.timeout,
        )
        width, height = session.scaling.image_size
        self.grid, self.scale = coordinate_grid(self.coords, width, height, self.min_pixels, self.max_pixels)
        self.ids = itertools.count(1)
        first = [{"type": "text", "text": self.first_prompt()}, _image_part(self._screenshot())]
        self.history: list[dict] = [{"role": "user", "content": first}]

    def _screenshot(self) -> ToolResult:
        return self.session.tools["computer"].screenshot()

    def messages(self) -> list[dict]:
        """The next request's messages: the system text and the history with only the newest images."""
        budget = self.history_images
        recent: list[dict] = []
        for message in reversed(self.history):
            if isinstance(message["content"], list):
                content = []
                for part in reversed(message["content"]):
                    if part["type"] == "image_url":
                        budget -= 1
                        part = part if budget >= 0 else {"type": "text", "text": OMITTED_IMAGE}
                    content.insert(0, part)
                message = {**message, "content": content}
            recent.insert(0, message)
        return [{"role": "system", "content": self.system_text()}, *recent]

    def next_turn(self) -> ModelTurn:
        try:
            completion = self.client.chat.completions.create(
                model=self.model_name,
                messages=self.messages(),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
            )
        except openai.APIError as exc:
            raise provider_error(exc) from exc
        raw = completion.model_dump(mode="json", exclude_none=True, warnings=False)
        text = (completion.choices[0].message.content or "") if completion.choices else ""
        self.history.append({"role": "assistant", "content": text})
        parsed = self.parse(text)
        if parsed.error is not None:
            calls = [ToolCall(f"call_{next(self.ids)}", "computer", {}, error=parsed.error)]
        else:
            calls = [ToolCall(f"call_{next(self.ids)}", "computer", action) for action in parsed.actions]
        usage = Usage(
            input_tokens=completion.usage.prompt_tokens if completion.usage else 0,
            output_tokens=completion.usage.completion_tokens if completion.usage else 0,
        )
        return ModelTurn(
            text=parsed.text,
            tool_calls=calls,
            usage=usage,
            status=CONTINUE if calls else parsed.status,
            raw=raw,
            cost_usd=estimate_cost(self.model_name, usage),
        )

    def add_tool_results(self, results: list[tuple[ToolCall, ToolResult]]) -> None:
        notes = [f"Error: {result.error}" for _, result in results if result.error]
        images = [result for _, result in results if result.base64_image]
        content = [{"type": "text", "text": "\n".join(notes)}] if notes else []
        self.history.append(
            {"role": "user", "content": [*content, _image_part(images[-1] if images else self._screenshot())]}
        )

    def add_user_message(self, text: str) -> None:
        part = {"type": "text", "text": text}
        if self.history[-1]["role"] == "user":
            self.history[-1]["content"].append(part)
        else:
            self.history.append({"role": "user", "content": [part, _image_part(self._screenshot())]})

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()


class UITarsProvider(OpenGUIProvider):
    """UI-TARS-1.5: its own computer-use prompt and Thought/Action grammar; keeps the 5 newest screenshots,
    as its authors recommend."""

    name = "uitars"
    history_images = 5
    min_pixels = 100 * 28 * 28

    def first_prompt(self) -> str:
        return UITARS_PROMPT.format(instruction=self.session.instruction)

    def parse(self, text: str) -> Parsed:
        return parse_uitars(text, self.grid, self.scale)


class Qwen25VLProvider(OpenGUIProvider):
    """Qwen2.5-VL with its `computer_use` function in Qwen's function-calling format."""

    name = "qwen25vl"

    def start(self, session: Session) -> None:
        self.cursor: list[int] | None = None
        super().start(session)

    def system_text(self) -> str:
        tool = qwen_tool(self.grid.image_width, self.grid.image_height)
        return f"{self.session.system_prompt}\n\n{QWEN_TOOLS_PROMPT.format(tools=json.dumps(tool))}"

    def parse(self, text: str) -> Parsed:
        parsed = parse_qwen(text, self.grid, self.cursor, self.scale)
        for action in parsed.actions:
            self.cursor = action.get("coordinate", self.cursor)
        return parsed


class Qwen3VLProvider(Qwen25VLProvider):
    """Qwen3-VL with the same `computer_use` function (plus `hscroll` and `answer`, as in QwenLM/Qwen3-VL
    cookbooks/utils/agent_function_call.py) and its relative 0-1000 coordinates: the tool declares a
    1000x1000 screen, as Qwen's own computer-use agents do."""

    name = "qwen3vl"
    coords = "rel1000"

    def system_text(self) -> str:
        tool = qwen_tool(self.grid.image_width, self.grid.image_height, QWEN3_ACTIONS)
        return f"{self.session.system_prompt}\n\n{QWEN_TOOLS_PROMPT.format(tools=json.dumps(tool))}"
