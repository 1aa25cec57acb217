"""Calculator plans: compute by pressing the buttons (checking the display), continue from it, clear."""

from __future__ import annotations

import ast
import math
import operator
import re

from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans.common import (
    GiveUp,
    Plan,
    app_match,
    click,
    ensure_app,
    find,
    frame_of,
    key,
    type_text,
)

CALC_KEYS = set("0123456789.+-*/()")


# Calculator
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Pow: operator.pow}  # fmt: skip


# Roots an expression may hold; the keys get their value (math.cbrt came with Python 3.11:
# https://github.com/python/cpython/pull/26622)
ROOTS = {"sqrt": math.sqrt, "cbrt": math.cbrt}


def _root(name: str, x: float) -> float:
    """The root's value, a whole number when it is one up to float error (cbrt(27) = 3.0000000000000004)."""
    value = ROOTS[name](x)
    return float(round(value)) if abs(value - round(value)) < 1e-9 else value


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
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ROOTS and len(node.args) == 1:
            return ROOTS[node.func.id](walk(node.args[0]))
        raise ValueError(f"not arithmetic: {expression!r}")

    try:
        return float(walk(ast.parse(expression.replace("^", "**"), mode="eval")))
    except (SyntaxError, ZeroDivisionError) as exc:
        raise ValueError(str(exc)) from exc


def keyable(expression: str) -> str:
    """The expression in the calculator's basic keys: sqrt(n) becomes its value, a^k (k a small whole
    number) repeated multiplication."""
    expression = re.sub(
        r"(sqrt|cbrt)\(([\d.]+)\)", lambda m: _fmt(_root(m.group(1), float(m.group(2)))), expression
    )

    def power(m: re.Match) -> str:
        base, k = m.group(1), int(m.group(2))
        if 1 <= k <= 12:
            return "(" + "*".join([base] * k) + ")"
        value = evaluate(f"{base}^{k}")  # a higher power keyed as its value, as a root is
        return _fmt(value) if abs(value) < 1e15 else m.group(0)

    expression = re.sub(r"(\d+(?:\.\d+)?|\([^()]*\))\^(\d+)", power, expression)
    # a minus sign of a number, not a subtraction ("-5", "(-10/2)", "5--3", "7+-3"): galculator takes a minus
    # after "(" or another operator as a subtraction of what follows, so it is keyed as (0-n)
    expression = re.sub(r"(?:(?<=^)|(?<=[-+*/(]))-(\d+(?:\.\d+)?)", r"(0-\1)", expression)
    return re.sub(r"(?:(?<=^)|(?<=[-+*/(]))-\(", "(0-1)*(", expression)


def number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "").replace("\u2212", "-"))
    except ValueError:
        return None


def calc_display(p) -> str | None:
    """The calculator's display: the accessibility text field, else OCR of the largest number shown."""
    nodes = [
        e for e in p.elements(ocr=False) if app_match(e, "calculator") and e.role == "text" and e.content
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
    buttons = [e for e in p.elements(ocr=False) if app_match(e, "calculator") and e.role.endswith("button")
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
    keys = keyable(cmd.text)
    if start and cmd.text == "sqrt":  # the root of the number shown: its value keyed in afresh
        expression = f"sqrt({start})"
        keys, start = keyable(expression), ""
    try:
        expected = evaluate(expression)
    except ValueError as exc:
        raise GiveUp(f"I cannot compute {expression!r}: {exc}.") from exc
    if not set(keys) <= CALC_KEYS:
        raise GiveUp(f"The calculator has no buttons for {cmd.text!r}.")
    if not start:
        yield from _calc_press(p, "AC", "Escape")
    for ch in keys:
        yield from _calc_press(p, ch, {"(": "parenleft", ")": "parenright"}.get(ch, ch))
    yield from _calc_press(p, "=", "Return")
    shown = calc_display(p)
    if same_number(shown, expected):
        p.notes["result"] = shown
        return f"computed {expression} = {shown} in the calculator"
    yield key("Escape", f"The display shows {shown!r}, not {_fmt(expected)}; clearing and typing instead")
    yield type_text(start + keys)
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
