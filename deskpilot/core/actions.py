"""The one canonical action schema: Anthropic's computer-tool input, validated per tool version.

Every provider maps its own actions onto `ComputerAction`; trajectories, safety and replay read it.
Validation errors are `ToolError`s worded so that a model can fix its call.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from deskpilot.core.keys import MODIFIERS, logical
from deskpilot.core.results import ToolError

COMPUTER_VERSIONS = ("computer_20241022", "computer_20250124", "computer_20251124")

# click action -> (button, number of clicks)
CLICK_BUTTONS = {
    "left_click": ("left", 1),
    "right_click": ("right", 1),
    "middle_click": ("middle", 1),
    "double_click": ("left", 2),
    "triple_click": ("left", 3),
}
CLICK_ACTIONS = tuple(CLICK_BUTTONS)
# Clicks that activate what they hit (a right click only opens a menu).
ACTIVATING_CLICKS = tuple(a for a in CLICK_ACTIONS if a != "right_click")
POINTER_ACTIONS = (*CLICK_ACTIONS, "left_mouse_down", "left_mouse_up", "mouse_move")
_COMMON = (
    "key",
    "type",
    "cursor_position",
    "screenshot",
    "mouse_move",
    "left_click",
    "right_click",
    "middle_click",
    "double_click",
    "left_click_drag",
)
_V0124 = (*_COMMON, "triple_click", "left_mouse_down", "left_mouse_up", "scroll", "hold_key", "wait")
ACTIONS = {
    "computer_20241022": _COMMON,
    "computer_20250124": _V0124,
    "computer_20251124": (*_V0124, "zoom"),
}
_FIELDS_1022 = ("action", "coordinate", "text")
_FIELDS_0124 = (*_FIELDS_1022, "start_coordinate", "scroll_direction", "scroll_amount", "duration")
FIELDS = {
    "computer_20241022": _FIELDS_1022,
    "computer_20250124": _FIELDS_0124,
    "computer_20251124": (*_FIELDS_0124, "region"),
}
SCROLL_DIRECTIONS = ("up", "down", "left", "right")
MAX_DURATION_S = 300.0  # wait and hold_key: "duration <= 300" (computer_toolset_20260801 docs)
MAX_SCROLL_AMOUNT = 100

# action -> (required fields, optional fields), for 20250124 and later.
_SPEC: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "key": (("text",), ()),
    "type": (("text",), ()),
    "cursor_position": ((), ()),
    "screenshot": ((), ()),
    "mouse_move": (("coordinate",), ("text",)),
    **{name: ((), ("coordinate", "text")) for name in CLICK_ACTIONS},
    "left_click_drag": (("start_coordinate", "coordinate"), ("text",)),
    "left_mouse_down": ((), ("coordinate", "text")),
    "left_mouse_up": ((), ("coordinate", "text")),
    "scroll": (("scroll_direction", "scroll_amount"), ("coordinate", "text")),
    "hold_key": (("text", "duration"), ()),
    "wait": (("duration",), ()),
    "zoom": (("region",), ()),
}
# computer_20241022: clicks take no arguments and drags start from the cursor.
_SPEC_1022 = {
    **_SPEC,
    **{name: ((), ()) for name in CLICK_ACTIONS},
    "left_click_drag": (("coordinate",), ()),
}


@dataclass(frozen=True)
class ComputerAction:
    """A validated computer-tool action. Coordinates are in model-image pixels."""

    action: str
    coordinate: tuple[int, int] | None = None
    start_coordinate: tuple[int, int] | None = None
    text: str | None = None
    scroll_direction: str | None = None
    scroll_amount: int | None = None
    duration: float | None = None
    region: tuple[int, int, int, int] | None = None

    def to_input(self) -> dict[str, Any]:
        """The tool-input dict, with absent fields left out."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v is not None}

    @property
    def modifiers(self) -> list[str]:
        """Modifier keys held during a click or scroll (the `text` field of those actions)."""
        if self.action in ("key", "type", "hold_key") or not self.text:
            return []
        return [part.strip() for part in self.text.split("+") if part.strip()]


def click_action(button: str = "left", count: int = 1) -> str:
    """The click action for a button and a number of clicks (left x3 -> triple_click)."""
    for action, spec in CLICK_BUTTONS.items():
        if spec == (button, count):
            return action
    raise ValueError(f"no click action for {count} {button} click(s)")


def parse_computer_action(
    params: object,
    version: str = "computer_20250124",
    *,
    image_size: tuple[int, int],
    enable_zoom: bool = False,
) -> ComputerAction:
    """Validate raw tool input against the version's schema and the image bounds."""
    if version not in ACTIONS:
        raise ToolError(f"Unknown computer tool version {version!r}; expected one of {', '.join(ACTIONS)}.")
    if not isinstance(params, dict):
        raise ToolError(f"Tool input must be a JSON object, got {type(params).__name__}.")
    given = {k: v for k, v in params.items() if v is not None}
    action = given.get("action")
    if not isinstance(action, str):
        raise ToolError("Missing required parameter 'action'.")
    if action not in ACTIONS[version]:
        raise ToolError(
            f"Unknown action {action!r} for {version}. Valid actions: {', '.join(ACTIONS[version])}."
        )
    unknown = sorted(set(given) - set(FIELDS[version]))
    if unknown:
        raise ToolError(
            f"Unknown parameter(s) {', '.join(map(repr, unknown))} for {version}. "
            f"Valid parameters: {', '.join(FIELDS[version])}."
        )
    required, optional = (_SPEC_1022 if version == "computer_20241022" else _SPEC)[action]
    missing = [f for f in required if f not in given]
    if missing:
        raise ToolError(f"Action {action!r} requires parameter(s) {', '.join(map(repr, missing))}.")
    extra = sorted(set(given) - {"action", *required, *optional})
    if extra:
        allowed = ", ".join(map(repr, (*required, *optional))) or "none"
        raise ToolError(
            f"Action {action!r} does not accept {', '.join(map(repr, extra))}. Accepted: {allowed}."
        )
    if action == "zoom" and not enable_zoom:
        raise ToolError("The zoom action is disabled: the tool was declared without enable_zoom: true.")

    fields: dict[str, Any] = {"action": action}
    for name in ("coordinate", "start_coordinate"):
        if name in given:
            fields[name] = _point(given[name], name, image_size)
    if "text" in given:
        fields["text"] = _text(given["text"], action)
    if "scroll_direction" in given:
        direction = given["scroll_direction"]
        if direction not in SCROLL_DIRECTIONS:
            raise ToolError(
                f"scroll_direction must be one of {', '.join(SCROLL_DIRECTIONS)}, got {direction!r}."
            )
        fields["scroll_direction"] = direction
    if "scroll_amount" in given:
        fields["scroll_amount"] = _int_in(given["scroll_amount"], "scroll_amount", 0, MAX_SCROLL_AMOUNT)
    if "duration" in given:
        fields["duration"] = _duration(given["duration"])
    if "region" in given:
        fields["region"] = _region(given["region"], image_size)
    return ComputerAction(**fields)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _point(value: object, name: str, image_size: tuple[int, int]) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ToolError(f"{name} must be a list of two integers [x, y], got {value!r}.")
    if not all(_is_int(v) for v in value):
        raise ToolError(f"{name} must contain integers, got {value!r}.")
    x, y = value
    width, height = image_size
    if not (0 <= x < width and 0 <= y < height):
        raise ToolError(
            f"Coordinates ({x}, {y}) are outside display bounds ({width}x{height}); "
            f"x must be in 0..{width - 1} and y in 0..{height - 1}."
        )
    return x, y


def _text(value: object, action: str) -> str:
    if not isinstance(value, str):
        raise ToolError(f"text must be a string, got {type(value).__name__}.")
    if action in ("key", "hold_key") and not value.strip():
        raise ToolError(f"Action {action!r} needs a key name in text, e.g. 'Return' or 'ctrl+s'.")
    if action not in ("key", "type", "hold_key"):
        bad = [m for m in value.split("+") if logical(m.strip()) not in MODIFIERS]
        if bad:
            raise ToolError(
                f"text for {action!r} holds modifier keys joined by '+'; unknown modifier(s) {bad!r}. "
                "Use: shift, ctrl, alt, super."
            )
    return value


def _int_in(value: object, name: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not (low <= value <= high):
        raise ToolError(f"{name} must be an integer from {low} to {high}, got {value!r}.")
    return value


def _duration(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (0 <= value <= MAX_DURATION_S):
        raise ToolError(f"duration must be a number of seconds from 0 to {MAX_DURATION_S:g}, got {value!r}.")
    return float(value)


def _region(value: object, image_size: tuple[int, int]) -> tuple[int, int, int, int]:
    if not isinstance(value, list | tuple) or len(value) != 4 or not all(_is_int(v) for v in value):
        raise ToolError(f"region must be four integers [x1, y1, x2, y2], got {value!r}.")
    x1, y1, x2, y2 = value
    width, height = image_size
    if not (0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height):
        raise ToolError(
            f"region {list(value)} is malformed: need 0 <= x1 < x2 <= {width} and 0 <= y1 < y2 <= {height} "
            "(top-left then bottom-right corner, in screenshot pixels)."
        )
    return x1, y1, x2, y2
