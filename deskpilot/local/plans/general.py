"""Plans that work in any app: open, focus, click, keys, wait, scroll, drag, select, zoom, close."""

from __future__ import annotations

import re

from deskpilot.desktop.apps import CATALOG
from deskpilot.local.grounding import POSITIONS, ground, parse_query, region_point
from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans.browser import elsewhere, plan_guess, plan_page
from deskpilot.local.plans.common import (
    Act,
    GiveUp,
    NeedUser,
    Plan,
    app_windows,
    changed,
    check_ambiguous,
    click,
    confirm_by_tooltip,
    ensure_app,
    find,
    frame_of,
    key,
    wait,
)
from deskpilot.perception.elements import Element


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
    if cmd.op == "page":  # a page of the site, described: its link, here or on the home page, or its address
        return (yield from plan_page(p, cmd))
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

    def web_lists() -> list[Element]:
        return [
            e for e in p.elements(ocr=False) if e.role == "combo box" and e.app.lower().startswith("chromium")
        ]

    active = (p.active_window() or {}).get("class", "").lower()
    web = cmd.app == "browser" or not cmd.app and active == CATALOG["browser"].window_class.lower()
    moved = False
    if (not found or found[0].score < 0.75) and web and not web_lists() and (yield from elsewhere(p, cmd)):
        # "subscribe to the newsletter" from a page without that button: the page its words describe
        found, moved = find(p, cmd.target, app=cmd.app), True
    combos = web_lists()
    if combos and (
        not found or found[0].score < 0.9
    ):  # "choose Express": an option of a closed drop-down list
        yield click(combos[0].center, f"Opening the drop-down list {combos[0].text!r} to find {cmd.target!r}")
        found = find(p, cmd.target, app=cmd.app)
    if (not found or found[0].score < 0.75) and web and not moved and (yield from elsewhere(p, cmd)):
        found = find(p, cmd.target, app=cmd.app)
    if not found and web and cmd.target and not cmd.op:
        # "lamps" on a page with one box: no control is called so; the page settles what the words are for
        return (yield from plan_guess(p, Command("guess", app="browser", clause=cmd.clause or cmd.target,
                                                 question=f"I could not find {cmd.target!r} on this page. What should I do?")))  # fmt: skip
    hovered = not found
    if not found:  # an unnamed icon may say what it is when hovered
        found = yield from confirm_by_tooltip(p, found, cmd.target)
    if not found:
        q = parse_query(cmd.target)
        position = q.position or POSITIONS.get(q.text)  # "Right", read as a name, names nothing here
        if position and (not q.text or q.text in POSITIONS) and not q.roles:
            point = region_point(position, p.screen)
            yield click(point, f"{verb.capitalize()}ing {cmd.target} at {point}", cmd.button, cmd.count)
            return f"{verb}ed {cmd.target}"
        raise GiveUp(f"I could not find {cmd.target!r} on the screen.")
    x, y = found[0].point
    shown = next((c for c in combos if c.box[0] <= x < c.box[2] and c.box[1] <= y < c.box[3]), None)
    if shown is not None and found[0].score >= 0.9:
        # "standard shipping is fine": the web page's drop-down list already shows it (its value is seen
        # by OCR; its accessible name is its label); a click would only open the list, and the form's
        # button would then close it instead of sending the form
        return f"{found[0].element.text or cmd.target!r} is already chosen in {shown.text!r}"
    check_ambiguous(found, cmd.target)
    if hovered:
        pass  # its tooltips were read above: the spot whose tooltip names the target is first
    elif found[0].element.source == "icon":
        found = yield from confirm_by_tooltip(p, found, cmd.target)
    elif found[0].score < WEAK_MATCH or found[0].reason.startswith("semantic"):
        # a match by meaning only (no word of the target written there): an icon's tooltip may name it
        found = yield from confirm_by_tooltip(p, found, cmd.target, weak=True)
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


WEAK_MATCH = 0.75  # below: a loose match (grounding._semantic scores 0.4-0.75 before role bonuses)


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
