"""Plans: each command becomes a generator that yields actions and checks their effect.

A plan yields `Act`s (screen pixels) and receives each action's `ToolResult`; it looks at the screen
again through the perception object `p` (screenshot, accessibility nodes, merged elements, windows). It
returns a one-line summary, raises `GiveUp` with the reason when it cannot succeed, or `NeedUser` with a
question. Every retry loop is bounded.
"""

from __future__ import annotations

import ast
import operator
import re
import shlex
from collections.abc import Generator
from dataclasses import dataclass, field

import numpy as np

from deskpilot.core.actions import click_action
from deskpilot.desktop.apps import CATALOG
from deskpilot.local.commands import Command
from deskpilot.local.grounding import POSITIONS, Candidate, ground, ground_on, parse_query, region_point
from deskpilot.perception.elements import Element, norm

LAUNCH_WAIT_S = 0.5
LAUNCH_POLLS = 30
SAVE_DIALOG_POLLS = 6
CALC_KEYS = set("0123456789.+-*/()")
# catalog app -> its AT-SPI application name
A11Y_NAMES = {"calculator": "galculator", "editor": "mousepad", "spreadsheet": "gnumeric", "files": "pcmanfm",
              "browser": "chromium", "terminal": "xterm"}  # fmt: skip


class GiveUp(Exception):
    """The plan cannot reach its goal; the message says why."""


class NeedUser(Exception):
    """The plan needs an answer from the user; the message is the question."""


@dataclass
class Act:
    tool: str  # "computer" or "bash"
    input: dict  # coordinates in screen pixels; the driver maps them to image pixels
    note: str = ""
    points: tuple[str, ...] = field(default=("coordinate", "start_coordinate"))


Plan = Generator[Act, object, str]


def click(point, note: str, button: str = "left", count: int = 1, modifiers: str = "") -> Act:
    action = click_action(button, count if button == "left" and count in (1, 2, 3) else 1)
    params = {"action": action, "coordinate": [int(point[0]), int(point[1])]}
    if modifiers:
        params["text"] = modifiers  # keys held during the click, e.g. "ctrl"
    return Act("computer", params, note)


def key(chord: str, note: str = "") -> Act:
    return Act("computer", {"action": "key", "text": chord}, note or f"Pressing {chord}")


def type_text(text: str, note: str = "") -> Act:
    return Act("computer", {"action": "type", "text": text}, note or f"Typing {text!r}")


def wait(seconds: float, note: str = "Waiting") -> Act:
    return Act("computer", {"action": "wait", "duration": seconds}, note)


def changed(before, after, box=None) -> bool:
    """Whether two screenshots differ (inside `box` when given)."""
    a, b = np.asarray(before), np.asarray(after)
    if box is not None:
        x0, y0, x1, y1 = box
        a, b = a[y0:y1, x0:x1], b[y0:y1, x0:x1]
    return a.shape != b.shape or bool(np.any(a != b))


# Apps and windows
def app_windows(p, app: str) -> list[dict]:
    wanted = CATALOG[app].window_class.lower()
    return [w for w in p.windows() if w["class"].lower() == wanted]


def frame_of(p, app: str) -> Element | None:
    """The app's top-level window as an accessibility element (the active one first)."""
    wanted = A11Y_NAMES.get(app, app)
    frames = [
        e for e in p.elements(ocr=False) if e.role in ("frame", "window") and e.app.lower().startswith(wanted)
    ]
    frames.sort(key=lambda e: ("active" not in e.states, -e.area))
    return frames[0] if frames else None


def ensure_app(p, app: str) -> Plan:
    """Make `app` the active window, launching it when it is not running."""
    if not app_windows(p, app):
        yield from launch(p, app)
        return f"opened the {CATALOG[app].description}"
    active = p.active_window()
    if active and active["class"].lower() == CATALOG[app].window_class.lower():
        return f"the {app} is already active"
    frame = frame_of(p, app)
    if frame is not None:
        yield click((frame.center[0], frame.box[1] + 9), f"Focusing the {app} window by its title bar")
    else:
        yield key("alt+Tab", f"Switching to the {app} window")
    active = p.active_window()
    if not active or active["class"].lower() != CATALOG[app].window_class.lower():
        raise GiveUp(f"I could not bring the {app} window to the front.")
    return f"focused the {app}"


def launch(p, app: str) -> Plan:
    spec = CATALOG[app]
    argv = list(spec.argv)
    if app == "browser":
        argv.append('--user-data-dir="$HOME/.config/chromium-deskpilot"')
    before = {w["id"] for w in p.windows()}
    if p.has_tool("bash"):
        command = " ".join(a if a.startswith("--user-data-dir") else shlex.quote(a) for a in argv)
        # setsid: its own session, so the app outlives the bash tool's process group
        yield Act(
            "bash", {"command": f"setsid -f {command} >/dev/null 2>&1"}, f"Launching the {app} ({argv[0]})"
        )
    else:
        p.launch(app)  # no bash tool in this session: start it through the desktop
    for _ in range(LAUNCH_POLLS):
        if {w["id"] for w in app_windows(p, app)} - before:
            return f"opened the {CATALOG[app].description}"
        yield wait(LAUNCH_WAIT_S, f"Waiting for the {app} window")
    raise GiveUp(f"The {app} ({argv[0]}) did not open a window in {LAUNCH_POLLS * LAUNCH_WAIT_S:.0f} s.")


# Grounding on the live screen
def find(p, description: str, *, app: str = "", exclude=()) -> list[Candidate]:
    """Candidates on the screen: accessibility first, OCR added when no exact match."""
    q = parse_query(description)
    for with_ocr in (False, True):
        elements = p.elements(ocr=with_ocr)
        if app:
            in_app = [e for e in elements if _app_match(e, app)]
            elements = in_app or elements
        ranked = (
            ground_on(description, p.shot(), elements)
            if with_ocr
            else ground(description, elements, p.screen, False)
        )
        found = [c for c in ranked if c.point not in exclude]
        if found and found[0].score >= 0.99 and (q.text or q.roles):
            return found
    return found


def _app_match(e: Element, app: str) -> bool:
    return e.app.lower().startswith(A11Y_NAMES.get(app, app)) if e.app else True


def check_ambiguous(found: list[Candidate], description: str) -> None:
    if len(found) < 2 or parse_query(description).ordinal:
        return
    a, b = found[0], found[1]
    if (
        abs(a.score - b.score) < 0.005
        and a.score >= 0.99
        and a.element.window == b.element.window
        and (abs(a.point[0] - b.point[0]) + abs(a.point[1] - b.point[1]) > 20)
    ):
        where = ", ".join(
            f"one at ({c.point[0]}, {c.point[1]})" for c in found[:3] if c.score >= a.score - 0.005
        )
        raise NeedUser(
            f"More than one thing on the screen matches {description!r} ({where}). Which one do you mean? "
            "You can say e.g. 'the second ...' or 'the ... at the top'."
        )


# Plans
def plan_open(p, cmd: Command) -> Plan:
    return (yield from ensure_app(p, cmd.target))


def plan_focus(p, cmd: Command) -> Plan:
    return (yield from ensure_app(p, cmd.app))


def plan_click(p, cmd: Command) -> Plan:
    verb = (
        {1: "click", 2: "double-click", 3: "triple-click"}[cmd.count]
        if cmd.button == "left"
        else f"{cmd.button}-click"
    )
    if cmd.app and app_windows(p, cmd.app):
        yield from ensure_app(p, cmd.app)
    if re.fullmatch(
        r"(?:on\s+)?(?:the\s+)?(?:desktop|background|empty desktop|wallpaper)", cmd.target.lower()
    ):
        point = empty_desktop_point(p)
        if point is None:
            raise GiveUp("Windows cover the whole desktop; there is no empty spot to click.")
        before = p.shot()
        yield click(point, f"{verb.capitalize()}ing the empty desktop at {point}", cmd.button, cmd.count)
        note = "" if changed(before, p.shot()) else " (nothing visible changed)"
        return f"{verb}ed the desktop{note}"
    found = find(p, cmd.target, app=cmd.app)
    if not found:
        q = parse_query(cmd.target)
        if q.position and not q.text and not q.roles:
            point = region_point(q.position, p.screen)
            yield click(point, f"{verb.capitalize()}ing {cmd.target} at {point}", cmd.button, cmd.count)
            return f"{verb}ed {cmd.target}"
        raise GiveUp(f"I could not find {cmd.target!r} on the screen.")
    check_ambiguous(found, cmd.target)
    tries = [c for c in found[:3] if c.score >= found[0].score - 0.15]
    for cand in tries:
        before = p.shot()
        yield click(
            cand.point,
            f"{verb.capitalize()}ing {cmd.target!r}: {cand.element.role or 'text'} "
            f"{cand.element.text!r} at {cand.point} ({cand.reason})",
            cmd.button,
            cmd.count,
            cmd.text,
        )
        if changed(before, p.shot()):
            return f"{verb}ed {cand.element.text or cmd.target!r}"
    return f"{verb}ed {tries[0].element.text or cmd.target!r} (nothing visible changed)"


def empty_desktop_point(p) -> tuple[int, int] | None:
    frames = [w.box for w in p.elements(ocr=False) if w.role in ("frame", "dialog", "window", "file chooser")]
    w, h = p.screen
    for fx, fy in ((0.05, 0.95), (0.95, 0.95), (0.05, 0.05), (0.95, 0.05), (0.5, 0.95), (0.5, 0.05)):
        x, y = int(w * fx), int(h * fy)
        if not any(b[0] <= x < b[2] and b[1] <= y < b[3] for b in frames):
            return x, y
    return None


def plan_key(p, cmd: Command) -> Plan:
    if cmd.app and app_windows(p, cmd.app):
        yield from ensure_app(p, cmd.app)
    yield key(cmd.text)
    return f"pressed {cmd.text}"


def plan_wait(p, cmd: Command) -> Plan:
    yield wait(float(max(1, min(cmd.amount, 60))), f"Waiting {cmd.amount} s")
    return f"waited {cmd.amount} s"


def plan_scroll(p, cmd: Command) -> Plan:
    point = None
    if cmd.app:
        if not app_windows(p, cmd.app):
            raise GiveUp(f"The {cmd.app} is not open, so I cannot scroll in it.")
        yield from ensure_app(p, cmd.app)
        frame = frame_of(p, cmd.app)
        point = frame.center if frame else None
    elif cmd.target:
        found = find(p, cmd.target)
        if not found:
            raise GiveUp(f"I could not find {cmd.target!r} to scroll in.")
        point = found[0].point
    if point is None:
        active = [e for e in p.elements(ocr=False) if e.role in ("frame", "dialog") and "active" in e.states]
        point = active[0].center if active else (p.screen[0] // 2, p.screen[1] // 2)
    before = p.shot()
    yield Act("computer", {"action": "scroll", "coordinate": list(point), "scroll_direction": cmd.direction,
                           "scroll_amount": cmd.amount}, f"Scrolling {cmd.direction} at {point}")  # fmt: skip
    note = "" if changed(before, p.shot()) else " (nothing moved; it may already be at the end)"
    return f"scrolled {cmd.direction}{note}"


def plan_drag(p, cmd: Command) -> Plan:
    found = find(p, cmd.target)
    if not found:
        raise GiveUp(f"I could not find {cmd.target!r} to drag.")
    box = found[0].box
    start = found[0].point
    if cmd.direction:
        w, h = box[2] - box[0], box[3] - box[1]
        reach = {
            "left": (-max(w // 2, 100), 0),
            "right": (max(w // 2, 100), 0),
            "up": (0, -max(h // 2, 100)),
            "top": (0, -max(h // 2, 100)),
            "down": (0, max(h // 2, 100)),
            "bottom": (0, max(h // 2, 100)),
        }
        dx, dy = reach[cmd.direction]
        if found[0].element.role in ("slider", "scroll bar"):  # to the end of the track
            dx = (box[2] - 2 - start[0]) if dx > 0 else (box[0] + 2 - start[0]) if dx < 0 else 0
            dy = (box[3] - 2 - start[1]) if dy > 0 else (box[1] + 2 - start[1]) if dy < 0 else 0
        end = (min(p.screen[0] - 1, max(0, start[0] + dx)), min(p.screen[1] - 1, max(0, start[1] + dy)))
    else:
        dest = find(p, cmd.text, exclude={start})
        if not dest:
            raise GiveUp(f"I could not find where to drag to: {cmd.text!r}.")
        end = dest[0].point
    before = p.shot()
    yield Act(
        "computer",
        {"action": "left_click_drag", "start_coordinate": list(start), "coordinate": list(end)},
        f"Dragging {cmd.target!r} from {start} to {end}",
    )
    note = "" if changed(before, p.shot()) else " (nothing visible changed)"
    return f"dragged {cmd.target}{note}"


def plan_select(p, cmd: Command) -> Plan:
    elements = [Element(box=ln.box, text=ln.text, line=ln) for ln in p.lines()]
    found = ground(f"'{cmd.text}'", elements, p.screen, semantic=False)
    if not found:
        raise GiveUp(f"I could not find the text {cmd.text!r} on the screen.")
    check_ambiguous(found, f"'{cmd.text}'")
    box = found[0].box
    before = p.shot()
    if len(cmd.text.split()) == 1:
        yield click(found[0].point, f"Double-clicking the word {cmd.text!r} at {found[0].point}", count=2)
    else:
        y = (box[1] + box[3]) // 2
        yield Act("computer", {"action": "left_click_drag", "start_coordinate": [box[0] + 1, y],
                               "coordinate": [box[2] - 1, y]}, f"Selecting {cmd.text!r} by dragging")  # fmt: skip
    if not changed(before, p.shot(), box):
        raise GiveUp(f"Selecting {cmd.text!r} changed nothing on the screen.")
    return f"selected {cmd.text!r}"


def plan_zoom(p, cmd: Command) -> Plan:
    if not p.zoom_enabled:
        raise GiveUp("Zooming needs the computer tool's zoom action, which this session was started without.")
    w, h = p.screen
    q = parse_query(cmd.target)
    pos = q.position or POSITIONS.get(cmd.target.lower().replace(" corner", "").strip())
    if pos is None:
        found = find(p, cmd.target)
        if not found:
            raise GiveUp(f"I could not find {cmd.target!r} to zoom into.")
        x0, y0, x1, y1 = found[0].box
        pad = 40
        region = [max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)]
    else:
        fx, fy = pos
        x0 = 0 if fx is None else int(min(fx, 0.5) * w)
        y0 = 0 if fy is None else int(min(fy, 0.5) * h)
        x1 = w if fx is None else x0 + w // 2
        y1 = h if fy is None else y0 + h // 2
        region = [x0, y0, x1, y1]
    yield Act(
        "computer", {"action": "zoom", "region": region}, f"Zooming into {cmd.target}", points=("region",)
    )
    return f"zoomed into {cmd.target}"


def plan_close(p, cmd: Command) -> Plan:
    app = cmd.app
    if app:
        if not app_windows(p, app):
            return f"the {app} was not open"
        yield from ensure_app(p, app)
    before = {w["id"] for w in p.windows()}
    yield key("alt+F4", "Closing the window")
    yield wait(0.3, "Waiting for the window to close")
    now = {w["id"] for w in p.windows()}
    if now - before:
        raise NeedUser(
            "Closing opened a dialog (unsaved changes?). Should I save, discard the changes, or cancel?"
        )
    if now == before:
        raise GiveUp("The window did not close.")
    return "closed the window"


def plan_goto(p, cmd: Command) -> Plan:
    yield from ensure_app(p, "browser")
    url = cmd.target if re.match(r"^\w+://", cmd.target) else f"http://{cmd.target}"
    yield key("ctrl+l", "Focusing the address bar")
    yield type_text(url)
    yield key("Return")
    return f"opened {url}"


# Web forms
FIELD_ROLES = {"text", "entry", "password text", "spin button", "combo box"}
SUBMIT_WORDS = (
    "send",
    "submit",
    "sign in",
    "log in",
    "login",
    "search",
    "place order",
    "save",
    "ok",
    "continue",
)


def _in_page(p, elements: list[Element]) -> list[Element]:
    """The elements inside a web page (not the browser's own bar), when a page is showing."""
    pages = [n.box for n in p.nodes() if n.role == "document web"]
    inside = [
        e for e in elements if any(b[0] <= e.center[0] < b[2] and b[1] <= e.center[1] < b[3] for b in pages)
    ]
    return inside or elements


def find_field(p, name: str) -> Element | None:
    """A text field by its accessible name, else the field nearest after a label that names it."""
    elements = _in_page(p, p.elements(ocr=False))
    fields = [e for e in elements if e.role in FIELD_ROLES]
    named = [c for c in ground(name, fields, p.screen, semantic=False) if c.score >= 0.6]
    if named:
        return named[0].element
    labels = [c.element for c in ground(name, elements, p.screen, semantic=False) if c.score >= 0.6]
    for label in labels:
        after = [f for f in fields if f.box[0] >= label.box[0] - 5 and f.box[1] >= label.box[1] - 10]
        if after:
            return min(after, key=lambda f: abs(f.box[1] - label.box[1]) + abs(f.box[0] - label.box[2]))
    return fields[0] if len(fields) == 1 else None


def plan_fill(p, cmd: Command) -> Plan:
    field = find_field(p, cmd.target)
    if field is None:
        raise GiveUp(f"I could not find a {cmd.target!r} field on the screen.")
    secret = field.role == "password text"
    shown = "*" * len(cmd.text) if secret else repr(cmd.text)
    for _attempt in range(2):
        yield click(field.center, f"Clicking into the {cmd.target!r} field")
        yield key("ctrl+a", "Selecting what the field holds")
        yield type_text(cmd.text, f"Typing {shown} into the {cmd.target!r} field")
        field = find_field(p, cmd.target)
        if secret or (field is not None and field.content.strip() == cmd.text):
            return f"filled the {cmd.target} field with {shown}"
        if field is None:
            break
    raise GiveUp(f"The {cmd.target!r} field does not show {shown} after typing.")


def plan_toggle(p, cmd: Command) -> Plan:
    """Set a check box on (count 1) or off (count 0); click only when it is not already so."""
    want = bool(cmd.count)
    boxes = [
        e
        for e in _in_page(p, p.elements(ocr=False))
        if e.role in ("check box", "check menu item", "toggle button")
    ]
    found = [c for c in ground(cmd.target, boxes, p.screen, semantic=False) if c.score >= 0.6]
    if not found:
        raise GiveUp(f"I could not find a {cmd.target!r} check box.")
    box = found[0].element
    state = "on" if want else "off"
    if ("checked" in box.states or "pressed" in box.states) == want:
        return f"{cmd.target} was already {state}"
    yield click(box.center, f"Turning {state} {cmd.target!r}")
    now = [e for e in p.elements(ocr=False) if e.role == box.role and e.text == box.text]
    if not now or ("checked" in now[0].states or "pressed" in now[0].states) != want:
        raise GiveUp(f"{cmd.target!r} did not turn {state}.")
    return f"turned {state} {cmd.target}"


def plan_submit(p, cmd: Command) -> Plan:
    buttons = [e for e in _in_page(p, p.elements(ocr=False)) if e.role == "push button" and e.text]
    ranked = [b for word in SUBMIT_WORDS for b in buttons if norm(b.text).startswith(word)]
    button = ranked[0] if ranked else buttons[0] if len(buttons) == 1 else None
    before = p.shot()
    if button is None:
        yield key("Return", "Submitting the form with Return")
    else:
        yield click(button.center, f"Clicking the {button.text!r} button to submit")
    if not changed(before, p.shot()):
        raise GiveUp("Submitting the form changed nothing on the screen.")
    return f"submitted the form{f' ({button.text})' if button else ''}"


# Calculator
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Pow: operator.pow}  # fmt: skip


def evaluate(expression: str) -> float:
    """Arithmetic only (+ - * / ^ and parentheses); ValueError otherwise."""

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.operand))
        raise ValueError(f"not arithmetic: {expression!r}")

    try:
        return float(walk(ast.parse(expression.replace("^", "**"), mode="eval")))
    except (SyntaxError, ZeroDivisionError) as exc:
        raise ValueError(str(exc)) from exc


def number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "").replace("\u2212", "-"))
    except ValueError:
        return None


def calc_display(p) -> str | None:
    """The calculator's display: the accessibility text field, else OCR of the largest number shown."""
    nodes = [
        e for e in p.elements(ocr=False) if _app_match(e, "calculator") and e.role == "text" and e.content
    ]
    if nodes:
        return nodes[0].content.strip()
    frame = frame_of(p, "calculator")
    lines = [ln for ln in p.lines() if frame is None or (frame.box[1] <= ln.box[1] < frame.box[1] + 120)]
    numeric = [ln for ln in lines if number(ln.text) is not None]
    if numeric:
        return max(numeric, key=lambda ln: ln.box[3] - ln.box[1]).text
    return None


def same_number(shown: str | None, expected: float) -> bool:
    value = number(shown or "")
    return value is not None and abs(value - expected) <= 1e-9 * max(1.0, abs(expected))


def plan_clear(p, cmd: Command) -> Plan:
    yield from ensure_app(p, "calculator")
    yield from _calc_press(p, "AC", "Escape")
    shown = calc_display(p)
    if not same_number(shown, 0):
        yield key("Escape", "Clearing with the keyboard (Escape)")
        shown = calc_display(p)
    if not same_number(shown, 0):
        raise GiveUp(f"I could not clear the calculator; the display shows {shown!r}.")
    return "cleared the calculator (display shows 0)"


def _calc_press(p, label: str, fallback_key: str) -> Plan:
    """Click the calculator button `label` (accessibility, else OCR/template), else press its key."""
    buttons = [e for e in p.elements(ocr=False) if _app_match(e, "calculator") and e.role.endswith("button")
               and e.text == label]  # fmt: skip
    if buttons:
        yield click(buttons[0].center, f"Clicking the calculator's {label!r} button")
        return label
    found = find(p, f"'{label}'", app="calculator")
    if found and found[0].score >= 0.99:
        yield click(found[0].point, f"Clicking {label!r} (found on the screenshot)")
    else:
        yield key(fallback_key, f"Pressing {fallback_key} for {label!r}")
    return label


def plan_compute(p, cmd: Command) -> Plan:
    """Click the expression's buttons, then "="; check the display; on a wrong result clear and type it."""
    yield from ensure_app(p, "calculator")
    start = ""  # "continue": the expression goes on from the number on the display
    if cmd.op == "continue":
        start = (calc_display(p) or "").strip()
        if number(start) is None:
            raise GiveUp(f"I cannot read the number on the calculator display ({start!r}).")
    expression = f"({start}){cmd.text}" if start else cmd.text
    try:
        expected = evaluate(expression)
    except ValueError as exc:
        raise GiveUp(f"I cannot compute {expression!r}: {exc}.") from exc
    if not set(cmd.text) <= CALC_KEYS:
        raise GiveUp(f"The calculator has no buttons for {cmd.text!r}.")
    if not start:
        yield from _calc_press(p, "AC", "Escape")
    for ch in cmd.text:
        yield from _calc_press(p, ch, {"(": "parenleft", ")": "parenright"}.get(ch, ch))
    yield from _calc_press(p, "=", "Return")
    shown = calc_display(p)
    if same_number(shown, expected):
        p.notes["result"] = shown
        return f"computed {expression} = {shown} in the calculator"
    yield key("Escape", f"The display shows {shown!r}, not {_fmt(expected)}; clearing and typing instead")
    yield type_text(start + cmd.text)
    yield key("Return")
    shown = calc_display(p)
    if same_number(shown, expected):
        p.notes["result"] = shown
        return f"computed {expression} = {shown} in the calculator (by typing)"
    raise GiveUp(
        f"The calculator shows {shown!r} but {expression} = {_fmt(expected)}; I could not get it right."
    )


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


# Text editor
def editor_text(p) -> Element | None:
    """The editor's document: the largest editable text element of the active editor window."""
    fields = [e for e in p.elements(ocr=False) if _app_match(e, "editor") and e.role == "text"
              and "editable" in e.states]  # fmt: skip
    return max(fields, key=lambda e: e.area) if fields else None


def plan_type(p, cmd: Command) -> Plan:
    text = cmd.text
    if cmd.op == "result":  # "write the result": what the last computation showed
        text = p.notes.get("result", "")
        if not text:
            raise GiveUp("There is no result to write: nothing was computed before.")
    if cmd.app:
        yield from ensure_app(p, cmd.app)
    if cmd.new_document:
        yield from new_document(p)
    if cmd.target:
        found = find(p, cmd.target, app=cmd.app)
        if not found:
            raise GiveUp(f"I could not find {cmd.target!r} to type into.")
        yield click(found[0].point, f"Clicking into {cmd.target!r}")
    doc = editor_text(p) if cmd.app == "editor" else None
    before_text = doc.content if doc else None
    yield type_text(text)
    if cmd.app == "editor":
        doc = editor_text(p)
        if doc is not None and text.rstrip("\n") not in doc.content:
            if before_text == doc.content:  # keystrokes went elsewhere: click into the document, retry
                yield click(doc.center, "Clicking into the document")
                yield key("ctrl+End")
                yield type_text(text)
                doc = editor_text(p)
            if doc is None or text.rstrip("\n") not in doc.content:
                raise GiveUp(f"The text {text!r} did not appear in the editor.")
    return f"typed {text!r}"


def new_document(p) -> Plan:
    """An empty, untitled editor document: the current one if it is, else a new one (ctrl+n)."""
    doc = editor_text(p)
    if doc is not None and not doc.content and _editor_title(p).lstrip("*").startswith("Untitled"):
        return "using the empty document"
    yield key("ctrl+n", "Opening a new document")
    doc = editor_text(p)
    if doc is None or doc.content:
        raise GiveUp("The editor did not open an empty new document.")
    return "opened a new document"


def transform(op: str, args: tuple, text: str) -> str:
    lines = text.split("\n")
    trailing = text.endswith("\n")
    body = lines[:-1] if trailing else lines
    if op == "upper":
        return text.upper()
    if op == "lower":
        return text.lower()
    if op == "replace":
        return text.replace(args[0], args[1])
    if op == "delete_line":
        index = args[0] - 1 if args[0] > 0 else len(body) + args[0]
        if not 0 <= index < len(body):
            raise GiveUp(f"The document has no line {args[0]}.")
        del body[index]
    elif op == "sort":
        body = sorted(body, key=str.lower)
    elif op == "sort_reverse":
        body = sorted(body, key=str.lower, reverse=True)
    elif op == "insert_line":
        body = [args[0], *body]
    elif op == "append_line":
        body = [*body, args[0]]
        trailing = True
    elif op == "remove_blank":
        body = [ln for ln in body if ln.strip()]
    else:
        raise GiveUp(f"I don't know how to {op} a document.")
    return "\n".join(body) + ("\n" if trailing else "")


def open_in_editor(p, name: str) -> Plan:
    """Open a file of the home folder in the editor (ctrl+o, type its path) unless it is open already."""
    if name in _editor_title(p):
        return f"{name} is open"
    path = name if name.startswith(("/", "~")) else f"{p.home}/{name}" if p.home else f"~/{name}"
    before = {w["id"] for w in p.windows()}
    yield key("ctrl+o", f"Opening {name} with ctrl+o")
    for _ in range(SAVE_DIALOG_POLLS):
        if {w["id"] for w in p.windows()} - before:
            break
        yield wait(0.3, "Waiting for the open dialog")
    else:
        raise GiveUp(f"No open dialog appeared to open {name}.")
    yield type_text(path, f"Typing the path {path}")
    yield key("Return", "Opening the file")
    for _ in range(SAVE_DIALOG_POLLS):
        if name in _editor_title(p):
            return f"opened {name}"
        yield wait(0.3, f"Waiting for {name} to open")
    raise GiveUp(f"The editor did not open {path}.")


def plan_edit(p, cmd: Command) -> Plan:
    yield from ensure_app(p, "editor")
    if cmd.target:
        yield from open_in_editor(p, cmd.target)
    doc = editor_text(p)
    if doc is None:
        raise GiveUp("I cannot read the document's text: the editor exposes no accessible text.")
    if not doc.content.strip():
        raise GiveUp("The document is empty, so there is nothing to edit; which file did you mean?")
    new = transform(cmd.op, cmd.args, doc.content)
    if new == doc.content:
        return f"nothing to change for {cmd.clause!r}"
    for attempt in range(2):
        yield key("ctrl+a", "Selecting the whole document")
        yield (
            type_text(new, f"Typing the edited document ({len(new)} characters)") if new else key("BackSpace")
        )
        doc = editor_text(p)
        if doc is not None and doc.content == new:
            return f"edited the document ({cmd.op})"
        if attempt == 0 and doc is not None:
            yield click(doc.center, "Clicking into the document before retrying")
    raise GiveUp("The document's text did not come out as intended after editing.")


def _editor_title(p, app: str = "editor") -> str:
    """The title of the app's document window (not of its dialogs); "*" in front marks unsaved changes."""
    wins = [w for w in app_windows(p, app) if not w["title"].lower().startswith("save")]
    active = p.active_window()
    if active and active in wins:
        return active["title"]
    return wins[0]["title"] if wins else ""


def plan_save(p, cmd: Command) -> Plan:
    app = cmd.app or "editor"
    yield from ensure_app(p, app)
    before = {w["id"] for w in p.windows()}
    yield key("ctrl+s", "Saving with ctrl+s")
    if {w["id"] for w in p.windows()} - before:
        yield key("Escape", "Closing the save dialog")
        raise NeedUser("The document has no file name yet. What name should I save it as?")
    title = _editor_title(p, app)
    if title.startswith("*"):
        raise GiveUp(f"The {app} still shows unsaved changes after ctrl+s (title {title!r}).")
    return f"saved the file ({title})"


# Spreadsheet
def _name_box(p) -> Element | None:
    """Gnumeric's cell-reference box: the leftmost text field holding a reference such as "A1"."""
    boxes = [e for e in p.elements(ocr=False) if _app_match(e, "spreadsheet") and e.role in ("text", "entry")
             and re.fullmatch(r"[A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?", e.content.strip())]  # fmt: skip
    return min(boxes, key=lambda e: e.box[0]) if boxes else None


def _go_to_cell(p, ref: str) -> Plan:
    box = _name_box(p)
    if box is None:
        raise GiveUp("I cannot find the spreadsheet's cell-reference box.")
    yield click(box.center, f"Selecting the cell-reference box to go to {ref}", count=3)
    yield type_text(f"{ref}\n", f"Going to cell {ref}")
    return ref


def _formula_bar(p) -> str | None:
    """What the formula bar shows for the current cell (the text field right of the reference box)."""
    box = _name_box(p)
    if box is None:
        return None
    bars = [e for e in p.elements(ocr=False) if _app_match(e, "spreadsheet") and e.role in ("text", "entry")
            and e.box[0] > box.box[2] and abs(e.box[1] - box.box[1]) < 10]  # fmt: skip
    return bars[0].content.strip() if bars else None


def plan_cell(p, cmd: Command) -> Plan:
    """Go to the cell through the reference box, type the value or formula, and check the formula bar."""
    yield from ensure_app(p, "spreadsheet")
    for _attempt in range(2):
        yield from _go_to_cell(p, cmd.target)
        yield type_text(f"{cmd.text}\n", f"Typing {cmd.text!r} into {cmd.target}")
        yield from _go_to_cell(p, cmd.target)
        if (_formula_bar(p) or "").replace(" ", "").lower() == cmd.text.replace(" ", "").lower():
            return f"put {cmd.text!r} into {cmd.target}"
    raise GiveUp(f"Cell {cmd.target} does not hold {cmd.text!r} after typing it.")


def save_dialog(p, before: set) -> dict | None:
    return next((w for w in p.windows() if w["id"] not in before and "save" in w["title"].lower()), None)


def wait_for_dialog(p, before: set) -> Generator[Act, object, dict | None]:
    for _ in range(SAVE_DIALOG_POLLS):
        dialog = save_dialog(p, before)
        if dialog:
            return dialog
        yield wait(0.3, "Waiting for the save dialog")
    return None


def plan_save_as(p, cmd: Command) -> Plan:
    yield from ensure_app(p, "editor")
    name = cmd.text
    path = name if name.startswith(("/", "~")) else f"{p.home}/{name}" if p.home else f"~/{name}"
    before = {w["id"] for w in p.windows()}
    yield key("ctrl+shift+s", "Opening Save As with ctrl+shift+s")
    dialog = yield from wait_for_dialog(p, before)
    if dialog is None:  # the shortcut did not work: use the File menu
        yield from plan_click(p, Command("click", target="File menu", app="editor"))
        yield from plan_click(p, Command("click", target="Save As menu item", app="editor"))
        dialog = yield from wait_for_dialog(p, before)
    if dialog is None:
        raise GiveUp("No save dialog opened, by shortcut or from the File menu.")
    yield key("ctrl+a", "Selecting the name field's text")
    yield type_text(path, f"Typing the file name {path}")
    yield key("Return", "Confirming the save dialog")
    for _ in range(SAVE_DIALOG_POLLS):
        replace = [e for e in p.elements(ocr=False) if e.role == "push button" and norm(e.text) == "replace"]
        if replace:
            yield click(replace[0].center, "Confirming replacement of the existing file")
            continue
        title = _editor_title(p)
        if name.split("/")[-1] in title and not title.startswith("*") and save_dialog(p, before) is None:
            return f"saved as {path}"
        yield wait(0.3, "Waiting for the save to finish")
    raise GiveUp(f"The editor's title does not show {name!r} after saving (title {_editor_title(p)!r}).")


PLANS = {
    "open": plan_open, "focus": plan_focus, "click": plan_click, "key": plan_key, "wait": plan_wait,
    "scroll": plan_scroll, "drag": plan_drag, "select": plan_select, "zoom": plan_zoom, "close": plan_close,
    "goto": plan_goto, "clear": plan_clear, "compute": plan_compute, "type": plan_type, "edit": plan_edit,
    "save": plan_save, "save_as": plan_save_as, "fill": plan_fill, "submit": plan_submit,
    "toggle": plan_toggle, "cell": plan_cell,
}  # fmt: skip
