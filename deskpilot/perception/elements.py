"""One element list from the accessibility tree and OCR, with screen boxes.

Accessibility nodes bring roles, names and states; OCR brings what is visibly written, including text of
apps with no tree (xterm) and inside canvases. An OCR line that repeats a nearby node's label is folded into
that node; an unnamed node (a field, a button drawn with text) takes the OCR text inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from deskpilot.perception.a11y import WINDOW_ROLES, Node
from deskpilot.perception.ocr import Box, OcrLine

CLICKABLE = {
    "push button", "toggle button", "check box", "radio button", "menu", "menu item", "check menu item",
    "radio menu item", "combo box", "link", "page tab", "list item", "table cell", "tree item", "icon",
    "spin button", "slider", "text", "entry", "password text", "table column header",
}  # fmt: skip
CONTAINERS = {"menu bar", "tool bar", "document web", "document text", "scroll bar", "canvas"}


@dataclass(frozen=True)
class Element:
    box: Box
    text: str
    role: str = ""  # AT-SPI role name; "" for text seen only by OCR
    source: str = "ocr"  # "a11y", "ocr" or "a11y+ocr"
    states: frozenset[str] = frozenset()
    window: str = ""
    window_role: str = ""
    app: str = ""
    description: str = ""
    content: str = ""  # text content of fields and terminals (a11y), not their label
    line: OcrLine | None = field(default=None, compare=False)  # the OCR line, for word spans

    @property
    def center(self) -> tuple[int, int]:
        return (self.box[0] + self.box[2]) // 2, (self.box[1] + self.box[3]) // 2

    @property
    def area(self) -> int:
        return max(0, self.box[2] - self.box[0]) * max(0, self.box[3] - self.box[1])

    @property
    def clickable(self) -> bool:
        return self.role in CLICKABLE


# maths signs that accessible names use and OCR reads as their ASCII look-alikes (NFKC keeps them):
# division slash, fraction slash, minus sign
MATHS_LOOKALIKES = str.maketrans({"\u2215": "/", "\u2044": "/", "\u2212": "-"})


def norm(text: str) -> str:
    """Lower case, mnemonic underscores and trailing punctuation ("Save As...", "Name:") removed."""
    text = unicodedata.normalize("NFKC", text).replace("_", "").replace("\u2026", "...").strip().lower()
    text = text.translate(MATHS_LOOKALIKES)
    if re.search(r"\w", text):  # a lone "." or "..." is a label in itself
        text = re.sub(r"(\.\.\.|[:.])$", "", text).strip()
    return re.sub(r"\s+", " ", text)


CONFUSABLE = str.maketrans({"l": "1", "i": "1", "|": "1", "!": "1", "o": "0", "q": "0"})


def confusable(text: str) -> str:
    """A normalised label with the characters OCR mixes up folded together ("sheetl" ~ "sheet1")."""
    return norm(text).replace(" ", "").translate(CONFUSABLE)


def contains(outer: Box, point: tuple[float, float]) -> bool:
    return outer[0] <= point[0] < outer[2] and outer[1] <= point[1] < outer[3]


def from_nodes(nodes: list[Node], screen: tuple[int, int]) -> list[Element]:
    """Visible, uncovered nodes as elements. The active window is taken to be on top, popups above it."""
    width, height = screen
    windows = [n for n in nodes if n.depth == 1 and n.role in WINDOW_ROLES | {"window"}]
    popups = [w for w in windows if w.role == "window"]
    active = [w for w in windows if "active" in w.states]
    covers = popups + active
    out = []
    for n in nodes:
        x0, y0, x1, y1 = max(0, n.box[0]), max(0, n.box[1]), min(width, n.box[2]), min(height, n.box[3])
        if x1 <= x0 or y1 <= y0 or n.depth < 1 or n.role in CONTAINERS:
            continue
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        above = [w for w in covers if w.window != n.window or w.app != n.app]
        if n.role != "window" and any(contains(w.box, centre) for w in above):
            continue  # covered by a window drawn above it
        label = n.name.strip() or (n.text.strip() if n.role in ("label", "static", "heading") else "")
        if not label and n.role not in CLICKABLE and n.depth != 1:
            continue
        out.append(
            Element(
                box=(x0, y0, x1, y1),
                text=label,
                role=n.role,
                source="a11y",
                states=n.states,
                window=n.window,
                window_role=n.window_role,
                app=n.app,
                description=n.description,
                content=n.text if n.role in ("text", "entry", "terminal", "paragraph", "spin button") else "",
            )
        )
    return out


def merge(nodes: list[Node] | None, lines: list[OcrLine], screen: tuple[int, int]) -> list[Element]:
    """The merged list: nodes first, then OCR lines that no node already accounts for."""
    elements = from_nodes(nodes or [], screen)
    ocr_elements = []
    for line in lines:
        centre = ((line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2)
        holders = [i for i, e in enumerate(elements) if contains(e.box, centre) and e.role != "frame"]
        if any(_same_text(elements[i].text, line.text) for i in holders if elements[i].text):
            for i in holders:
                if _same_text(elements[i].text, line.text):
                    elements[i] = replace(elements[i], source="a11y+ocr", line=line)
            continue
        smallest = min(holders, key=lambda i: elements[i].area, default=None)
        if smallest is not None and not elements[smallest].text and elements[smallest].role in CLICKABLE:
            e = elements[smallest]
            if e.role not in ("text", "entry"):  # a field's visible text is its content, not its label
                elements[smallest] = replace(e, text=line.text, source="a11y+ocr", line=line)
                continue
        holder = elements[smallest] if smallest is not None else None
        ocr_elements.append(
            Element(
                box=line.box,
                text=line.text,
                source="ocr",
                window=holder.window if holder else "",
                window_role=holder.window_role if holder else "",
                app=holder.app if holder else "",
                line=line,
            )
        )
    return elements + ocr_elements


def _same_text(label: str, seen: str) -> bool:
    a, b = norm(label), norm(seen)
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= 80 or (len(b) >= 4 and b in a))
