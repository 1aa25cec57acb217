"""Shared pieces of the plans: actions, windows and apps, grounding on the live screen.

A plan is a generator: it yields `Act`s (screen pixels), receives each action's `ToolResult`, looks at the
screen again through the perception object `p` (screenshot, accessibility nodes, merged elements,
windows), returns a one-line summary, or raises `GiveUp` (why it cannot succeed) or `NeedUser` (a
question). Every retry loop is bounded. Apps are started only through the bash tool: perception never
launches anything.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Generator
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from deskpilot.core.actions import click_action
from deskpilot.desktop.apps import CATALOG
from deskpilot.local.grounding import Candidate, icon_boxes, inside, locate, parse_query, tooltip_names
from deskpilot.perception.elements import Element
from deskpilot.perception.ocr import read_array

# waits between looks for a launched app's window: quick at first, longer later, so that a cold first start
# (30 s in all) fits in 16 steps, within a run's default 30
LAUNCH_WAITS_S = (0.5,) * 4 + (1.0,) * 4 + (2.0,) * 4 + (4.0,) * 4
# waits between looks for a dialog, an opened file or a finished save: as many looks as before (15), but
# longer later ones (8 s in all, not 4.5 s), as dialogs and saves are slow on a loaded 2-core machine
DIALOG_WAITS_S = (0.3,) * 10 + (1.0,) * 5
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
    if not p.has_tool("bash"):  # no side door: apps start only through a tool
        raise GiveUp(f"The {app} is not open, and starting it needs the bash tool, which this session lacks.")
    command = " ".join(a if a.startswith("--user-data-dir") else shlex.quote(a) for a in argv)
    # setsid: its own session, so the app outlives the bash tool's process group
    yield Act("bash", {"command": f"setsid -f {command} >/dev/null 2>&1"}, f"Launching the {app} ({argv[0]})")
    for seconds in LAUNCH_WAITS_S:
        if {w["id"] for w in app_windows(p, app)} - before:
            return f"opened the {CATALOG[app].description}"
        yield wait(seconds, f"Waiting for the {app} window")
    if {w["id"] for w in app_windows(p, app)} - before:
        return f"opened the {CATALOG[app].description}"
    raise GiveUp(f"The {app} ({argv[0]}) did not open a window in {sum(LAUNCH_WAITS_S):.0f} s.")


# Grounding on the live screen
def find(p, description: str, *, app: str = "", exclude=()) -> list[Candidate]:
    """Candidates on the screen, through the one grounding cascade (`grounding.locate`, which
    `deskpilot ground` uses too), preferring the named app's elements."""

    def see(with_ocr: bool) -> list[Element]:
        elements = p.elements(ocr=with_ocr)
        in_app = [e for e in elements if app_match(e, app)] if app else []
        return in_app or elements

    return locate(description, see, p.shot, p.screen, exclude)


# GTK shows a widget's tooltip about 0.5 s after the pointer comes to rest on it (GtkSettings
# gtk-tooltip-timeout: default 500 ms, ignored since 3.10, https://docs.gtk.org/gtk3/property.Settings.gtk-tooltip-timeout.html)
TOOLTIP_WAIT_S, TOOLTIP_POLLS = 0.6, 2
TOOLTIP_TRIES = 8
TOOLTIP_SILENT = 5  # this many silent spots before any tooltip was read: the app shows none
TITLE_BAR = 24  # px above a window's accessible box: the window manager's title bar
READING_ROW = 32  # px: spots whose centres fall in one band of this height are on one row
WEAK_ICON = 0.05  # a recognised icon's match below this is no guide to where the target is
NAMED_CONTROL_MAX_AREA = 40000  # px²: larger named elements are windows and panes, not controls
TIP_SAME = 4.0  # mean grey difference (0-255) under which a spot looks as it did when its tooltip was read
TIP_NEAR = 3  # px: a spot found again within this of where it was is the same spot
TIPS_KEPT = 400  # tooltips remembered per run


@dataclass
class ReadTip:
    """A tooltip read by hovering: the spot, its words, and how the spot looked with the pointer aside."""

    box: tuple[int, int, int, int]
    text: str
    pixels: np.ndarray


def recall(tips: list[ReadTip] | None, grey: np.ndarray, box) -> str | None:
    """The tooltip read earlier at `box`, while the spot still looks as it did then (same place, same
    pixels: a toggled, greyed or replaced control is hovered again); None when there is none."""
    for tip in reversed(tips or []):
        if all(abs(a - b) <= TIP_NEAR for a, b in zip(tip.box, box, strict=True)):
            now = grey[tip.box[1] : tip.box[3], tip.box[0] : tip.box[2]]
            if now.shape == tip.pixels.shape and np.abs(now - tip.pixels).mean() < TIP_SAME:
                return tip.text
    return None


def remember(tips: list[ReadTip] | None, grey: np.ndarray, box, text: str) -> None:
    if tips is None:
        return
    tips[:] = [t for t in tips if any(abs(a - b) > TIP_NEAR for a, b in zip(t.box, box, strict=True))]
    tips.append(ReadTip(tuple(box), text, grey[box[1] : box[3], box[0] : box[2]].copy()))
    del tips[:-TIPS_KEPT]


def confirm_by_tooltip(
    p, found: list[Candidate], description: str, weak: bool = False
) -> Generator[Act, object, list[Candidate]]:
    """Icons recognised on the image alone are uncertain. With the pointer moved aside (a tooltip it
    showed may hide icons), hover over the likeliest few: the recognised icons, then other icon-like spots
    nearest the best one (in reading order when nothing was recognised, or only weakly), and read the
    tooltip each shows. The first whose tooltip names the target goes first. A spot that shows no tooltip
    is passed over (a blob that is no control), unless the first ones all stay silent (an app without
    tooltips: the recognised order stands). When every tooltip read names something else, the plan gives
    up rather than guess, unless `weak`: the best match was by meaning only, and stays first.
    Tooltips read are remembered for the run (`p.tooltips`) with how their spot looked: a spot that still
    looks the same is not hovered again, and one whose remembered tooltip names the target is taken at once;
    remembered spots do not count against the TOOLTIP_TRIES spots hovered."""
    target = parse_query(description).text
    if not target:
        return found
    aside = Act(
        "computer", {"action": "mouse_move", "coordinate": [0, p.screen[1] - 1]}, "Moving the pointer aside"
    )
    yield aside
    tips = getattr(p, "tooltips", None)
    grey = np.asarray(p.shot().convert("L"), dtype=np.int16)  # the screen with the pointer aside
    spots = [c for c in found if c.element.source == "icon"]
    sure = [c for c in spots if c.icon >= WEAK_ICON]
    spots = sure[:TOOLTIP_TRIES]
    elements = p.elements(ocr=True)
    # controls the accessibility tree names (not whole windows): what they are is known without hovering
    named = [e.box for e in elements if e.source != "ocr" and e.text and e.area < NAMED_CONTROL_MAX_AREA]
    # a window manager's title bar (just above a window's accessible box) has buttons but no tooltips
    titles = [(e.box[0], e.box[1] - TITLE_BAR, e.box[2], e.box[1]) for e in elements
              if e.role in ("frame", "dialog") and e.source != "ocr"]  # fmt: skip

    def order(b) -> tuple[int, int]:
        """Nearest the best sure icon (its neighbours on a tool bar); with none, in reading order (rows
        of READING_ROW px top down, each left to right): tool bars before the panes below them.
        Weakly recognised icons are hovered after the sure ones, in that order with every other spot."""
        x, y = (b[0] + b[2]) // 2, (b[1] + b[3]) // 2
        if sure:
            return abs(x - sure[0].point[0]) + 4 * abs(y - sure[0].point[1]), 0
        return y // READING_ROW, x

    for box in sorted(icon_boxes(p.shot(), elements), key=order):
        if any(inside(box, t) for t in titles):
            continue
        if not any(_overlaps(box, c.box) for c in spots) and not any(inside(box, n) for n in named):
            e = Element(box=box, text="", role="push button", source="icon")
            spots.append(Candidate(e, e.center, 0.0, box, "icon-like spot"))
    known = [recall(tips, grey, c.box) for c in spots]
    for cand, text in zip(spots, known, strict=True):
        if text and tooltip_names(target, text):
            cand.reason += f", tooltip {text!r} (read before)"
            return [cand, *(c for c in found if c is not cand)]
    read: list[str] = []
    silent = hovered = 0
    for cand, text in zip(spots, known, strict=True):
        if hovered >= TOOLTIP_TRIES:
            break
        if text:
            read.append(text)  # read before, naming something else
            continue
        if hovered:
            yield aside
        hovered += 1
        x, y = cand.point
        opened: list[tuple[int, int, int, int]] = []
        for step in (2, -2):  # a second wiggle when the first showed nothing (GTK 3 at times ignores one)
            # onto the icon, then a step within it: toolkits start a tooltip's timer on motion inside a
            # widget, and a warp straight onto it after leaving the window at times gave none (GTK 3)
            onto = yield Act(
                "computer",
                {"action": "mouse_move", "coordinate": [x + step, y + step]},
                "Moving onto the icon",
            )
            over = yield Act(
                "computer",
                {"action": "mouse_move", "coordinate": [x, y]},
                f"Hovering over the icon at {cand.point} to read its tooltip",
            )
            opened = tooltips_opened(p, onto) + tooltips_opened(p, over)
            for _ in range(TOOLTIP_POLLS):  # a busy app shows it late
                if opened:
                    break
                opened = tooltips_opened(p, (yield wait(TOOLTIP_WAIT_S, "Waiting for its tooltip")))
            if opened:
                break
        text = read_tooltip(p, opened)
        if text:
            remember(tips, grey, cand.box, text)
        if text and tooltip_names(target, text):
            cand.reason += f", tooltip {text!r}"
            return [cand, *(c for c in found if c is not cand)]
        if not text:
            silent += 1
            if not read and silent >= TOOLTIP_SILENT:
                break  # no tooltips here: the recognised order stands
            continue
        read.append(text)
    if read and not weak and not silent:
        raise GiveUp(f"No icon here has a tooltip that names {description!r} (tooltips read: {read}).")
    return found


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def tooltips_opened(p, result) -> list[tuple[int, int, int, int]]:
    """Boxes (screen pixels) of the tooltips the desktop's watcher saw open with an action's result."""
    changes = getattr(result, "changes", ()) or ()
    boxes = [c["box"] for c in changes if c.get("kind") == "opened" and c.get("role") == "tooltip"]
    if not boxes or not getattr(result, "image", None):
        return []
    width, height = Image.open(io.BytesIO(result.image)).size  # change boxes are in image pixels
    sx, sy = p.screen[0] / width, p.screen[1] / height
    return [(int(x * sx), int(y * sy), int((x + w) * sx), int((y + h) * sy)) for x, y, w, h in boxes]


def read_tooltip(p, boxes) -> str:
    """A tooltip's text: the accessibility tree's tool tip, else OCR of the last tooltip window that opened."""
    tips = [n.name for n in p.nodes() if n.role == "tool tip" and n.name]
    if tips:
        return tips[0]
    if not boxes:
        return ""
    left, top, right, bottom = boxes[-1]
    pixels = np.asarray(p.shot().convert("RGB"))[max(0, top) : bottom, max(0, left) : right]
    return " ".join(line.text for line in read_array(pixels, offset=(max(0, left), max(0, top)))).strip()


def app_match(e: Element, app: str) -> bool:
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
