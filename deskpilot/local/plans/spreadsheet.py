"""Spreadsheet plans: go to a cell through the reference box, type a value or formula, check the bar."""

from __future__ import annotations

import re

from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans.common import GiveUp, Plan, app_match, click, ensure_app, type_text
from deskpilot.perception.elements import Element


# Spreadsheet
def _name_box(p) -> Element | None:
    """Gnumeric's cell-reference box: the leftmost text field holding a reference such as "A1"."""
    boxes = [e for e in p.elements(ocr=False) if app_match(e, "spreadsheet") and e.role in ("text", "entry")
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
    bars = [e for e in p.elements(ocr=False) if app_match(e, "spreadsheet") and e.role in ("text", "entry")
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
