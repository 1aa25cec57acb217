"""The structured intent the planner acts on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Command:
    kind: str  # open, compute, type, save, save_as, click, key, scroll, drag, select, zoom, wait, close,
    # clear, edit, goto, focus, fill, submit, toggle, lookup, cell, files, open_file
    target: str = ""  # element description, url, file
    text: str = ""  # text to type, key chord, file name, expression
    app: str = ""  # catalog app the command happens in
    button: str = "left"
    count: int = 1
    direction: str = ""
    amount: int = 0
    op: str = ""  # edit or file operation: upper, replace, delete_line, mkdir, move, ...
    args: tuple = ()
    clause: str = ""
    question: str = ""
    new_document: bool = False  # type into a new, empty document


@dataclass
class Parsed:
    commands: list[Command] = field(default_factory=list)
    question: str = ""  # set when the instruction needs the user
    infeasible: str = ""  # set when the desktop cannot do what is asked


@dataclass
class Step:
    """One clause as the models read it."""

    intent: str
    p: float
    alt: str
    p_alt: float
    slots: dict[str, list[str]]
    text: str  # the clause as written
    prepared: str  # the clause with placeholders and digits
    values: list[str] = field(default_factory=list)  # the instruction's quoted values, by placeholder number
    ranked: list[tuple[str, float]] = field(default_factory=list)  # the likeliest intents, best first

    def restore(self, text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: self.values[int(m.group(1))], text)
