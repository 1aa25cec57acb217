"""Grounding: a description ("the second Save button in the dialog") -> an element -> a pixel.

A description is split into target text, role words, an ordinal, position words and a window context.
Elements are scored by how well their text matches (exact, without spaces, up to OCR confusions, then
rapidfuzz, then MiniLM similarity when nothing matches lexically), adjusted by role and position; the point
is the centre of the element or of the matching span inside an OCR line. On a screenshot, short labels
are also found by rendering them (templates.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from deskpilot.perception.elements import Element, confusable, norm
from deskpilot.perception.icons import OPPOSITE, both_ways
from deskpilot.perception.ocr import Box

ROLE_WORDS = {
    "button": {"push button", "toggle button"},
    "buttons": {"push button", "toggle button"},
    "key": {"push button", "toggle button"},
    "menu": {"menu", "menu item", "check menu item", "radio menu item"},
    "menu item": {"menu item", "check menu item", "radio menu item"},
    "item": {"menu item", "list item", "tree item", "check menu item", "radio menu item", "table cell"},
    "option": {"menu item", "radio menu item", "radio button", "list item", "check menu item", "combo box"},
    "field": {"text", "entry", "password text", "spin button", "combo box"},
    "box": {"text", "entry", "password text", "combo box", "check box"},
    "textbox": {"text", "entry"},
    "input": {"text", "entry", "password text"},
    "entry": {"text", "entry"},
    "search bar": {"text", "entry"},
    "checkbox": {"check box", "check menu item"},
    "check box": {"check box", "check menu item"},
    "radio": {"radio button", "radio menu item"},
    "tab": {"page tab"},
    "link": {"link"},
    "icon": {"icon", "image", "push button", "toggle button"},
    "label": {"label", "static"},
    "heading": {"heading"},
    "title": {"heading", "frame"},
    "dropdown": {"combo box"},
    "slider": {"slider", "scroll bar"},
    "column header": {"table column header", "column header"},
    "column": {"table column header", "column header"},
    "header": {"table column header", "column header", "heading"},
    "file": {"table cell", "list item", "icon"},
    "folder": {"table cell", "list item", "icon"},
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "last": -1,
}  # fmt: skip
POSITIONS = {
    "top left": (0.0, 0.0), "top-left": (0.0, 0.0), "upper left": (0.0, 0.0),
    "top right": (1.0, 0.0), "top-right": (1.0, 0.0), "upper right": (1.0, 0.0),
    "bottom left": (0.0, 1.0), "bottom-left": (0.0, 1.0), "lower left": (0.0, 1.0),
    "bottom right": (1.0, 1.0), "bottom-right": (1.0, 1.0), "lower right": (1.0, 1.0),
    "top": (None, 0.0), "upper": (None, 0.0), "bottom": (None, 1.0), "lower": (None, 1.0),
    "left": (0.0, None), "right": (1.0, None), "middle": (0.5, 0.5), "center": (0.5, 0.5), "centre": (0.5, 0.5),
}  # fmt: skip
VERBS = re.compile(
    r"^(?:please\s+)?(?:(?:left|right|middle|double|triple)[- ]?)?(?:click|tap|press|push|hit|select|choose|pick|"
    r"open|go to|activate|toggle|check|uncheck|focus|find|locate|use|switch to|enter|input|show|view)\b(?:\s+on)?\s*",
    re.I,
)
STOP = {"the", "a", "an", "on", "of", "named", "called", "labeled", "labelled", "with", "text", "that", "says",
        "which", "is", "at", "in", "to", "this", "for", "corner", "side", "part", "area", "screen"}  # fmt: skip
ARTICLES = {"the", "a", "an", "on", "at", "in"}
WINDOW_WORDS = {"dialog": {"dialog", "file chooser", "alert"}, "window": None, "popup": {"window"}}


@dataclass
class Query:
    text: str  # what should be written on the target ("" when only role/position say it)
    quoted: bool = False
    roles: set[str] = field(default_factory=set)
    role_word: str = ""
    ordinal: int = 0  # 1-based; -1 is last; 0 none
    position: tuple[float | None, float | None] | None = None
    window: str = ""  # window title/app words ("in the calculator")
    window_roles: set[str] | None = None
    literal: str = ""  # the description less its verb, every word kept ("Text to copy:")


@dataclass
class Candidate:
    element: Element
    point: tuple[int, int]
    score: float
    box: Box
    reason: str = ""
    icon: float = 0.0  # the icon recogniser's match, for a candidate found on the image as an icon


def parse_query(description: str) -> Query:
    text = description.strip()
    if not text.endswith("..."):  # a sentence's full stop, not "." (the decimal key) nor "Open..."
        text = re.sub(r"(?<=\w)(?<!\b\w)[.!?]+$", "", text)  # nor a one-letter label's "!" ("x!", "n!")
    quoted = re.search(r"[\"'\u2018\u201c]([^\"'\u2019\u201d]+)[\"'\u2019\u201d]", text)
    stripped = VERBS.sub("", text).strip()
    if stripped and stripped not in (
        "...",
        "\u2026",
    ):  # "Open..." and "Find\u2026" name menu items, not verbs
        text = stripped
    q = Query(text="", literal="" if quoted else text)
    # window context: "in the dialog", "in the calculator window", "of the Save As dialog"
    ctx = re.search(
        r"\b(?:in|inside|within|of|on)\s+(?:the\s+)?([\w .'-]*?)\s*(dialog|window|popup|menu bar)?\s*$", text
    )
    if ctx and (ctx.group(2) or ctx.group(1).lower() not in POSITIONS) and not quoted:
        words, kind = (ctx.group(1) or "").strip(), ctx.group(2)
        if kind or words.lower() in {
            "calculator",
            "editor",
            "text editor",
            "terminal",
            "browser",
            "spreadsheet",
        }:
            q.window = "" if words.lower() in ("", "the", "this", "open", "current") else words
            q.window_roles = WINDOW_WORDS.get(kind) if kind else None
            text = text[: ctx.start()].strip()
    lowered = f" {text.lower()} "
    for word, number in ORDINALS.items():
        if _goes_to(word, description):
            continue  # "Go to first page", "Go to last slide": a navigation action's name, not an ordinal
        if re.search(rf"\b{word}\b", lowered) and not _a_name(word, text, lowered):
            q.ordinal = number
            lowered = re.sub(rf"\b{word}\b", " ", lowered)
            break
    for phrase in sorted(POSITIONS, key=len, reverse=True):
        pattern = rf"\b(?:at|in|on|near)?\s*(?:the\s+)?{re.escape(phrase)}\b(?:\s+(?:corner|side|part|edge|of the screen))?"
        if re.search(pattern, lowered) and not (quoted and phrase in quoted.group(1).lower()):
            if phrase in ("left", "right") and re.search(
                rf"\b{phrase}\s+(?:arrow|click|parenthesis|bracket)", lowered
            ):
                continue
            if _a_name(phrase, text, lowered) or _ends_a_name(phrase, lowered):
                break
            q.position = POSITIONS[phrase]
            lowered = re.sub(pattern, " ", lowered, count=1)
            break
    named = _title_case_words(text)
    for word in sorted(ROLE_WORDS, key=len, reverse=True):
        if word.split()[0] in named:
            continue  # part of a Title Case name ("File Size", "Text Box...")
        if re.search(rf"\b{word}\b", lowered) and not (quoted and word in quoted.group(1).lower()):
            rest = re.sub(rf"\b{word}\b", " ", lowered, count=1)
            if quoted or [w for w in rest.split() if w not in ARTICLES] or q.ordinal or q.position:
                q.roles, q.role_word, lowered = ROLE_WORDS[word], word, rest
            break  # a role word that is the whole description ("File") is the target's text
    if quoted:
        q.text, q.quoted = quoted.group(1), True
    else:
        split = lowered.split()
        # a particle that ends the name stays ("Zoom In", "Log on"); elsewhere "in"/"on" are glue
        words = [
            w
            for i, w in enumerate(split)
            if w not in STOP
            or _core(w) in named  # `lowered` is lower case already
            or (w in PARTICLES and i == len(split) - 1 and i and split[i - 1] not in STOP)
        ] or [w for w in split if w not in ARTICLES]
        joined = " ".join(words).strip()
        q.text = joined.strip(" ,") or joined  # a lone "," is a key's label
        if not q.text and q.roles and q.role_word in ("key",):
            q.text = q.role_word
    return q


PARTICLES = {"in", "on"}
OBJECTS = {"file", "folder"}  # role words that are also what an action works on


def _core(word: str) -> str:
    return word.strip(".,:;!?\"'()")


def _title_case_words(text: str) -> set[str]:
    """Role and filler words written inside a Title Case name are part of it ("File Size", "Text Box...",
    "Tab Width"): the words of each run of two or more capitalised words (a leading article aside). The
    run's last word stays a role word when it is one and another word of the run is a name ("the Edit
    Menu"): English puts the role noun last. Not "File" or "Folder": an action names what it acts on ("Add
    Folder", "Open File")."""
    named: set[str] = set()
    run: list[str] = []
    for token in [*text.split(), ""]:
        core = _core(token)
        if core[:1].isupper() and not (not run and core.lower() in ARTICLES):
            run.append(core.lower())
            continue
        if len(run) >= 2:
            if run[-1] in ROLE_WORDS and run[-1] not in OBJECTS and any(w not in STOP for w in run[:-1]):
                run.pop()
            named.update(run)
        run = []
    return named


def _goes_to(word: str, description: str) -> bool:
    """Whether an ordinal word follows "go to" ("Go to first page", "click Go to last page"): viewers name
    their navigation actions so; "the first Save button" and "go to the second tab" still count."""
    return word in ("first", "last") and bool(re.search(rf"\bgo\s+to\s+{word}\b", description, re.I))


def _a_name(word: str, text: str, lowered: str) -> bool:
    """Whether an ordinal or position word is the target's name ("Left" and "Center" alignment buttons, a
    "Last" menu item): written capitalised and nothing else in the description names a target."""
    capitalised = re.search(rf"\b{re.escape(word[0].upper() + word[1:])}\b", text)
    if re.search(r"\b(?:corner|side|edge|part|of the screen)\b", lowered):
        return False  # "the Top Right corner" is a place
    rest = re.sub(rf"\b{re.escape(word)}\b", " ", lowered, count=1)
    for role in sorted(ROLE_WORDS, key=len, reverse=True):
        rest = re.sub(rf"\b{role}\b", " ", rest)
    return bool(capitalised) and not [w for w in rest.split() if w not in STOP]


def _ends_a_name(word: str, lowered: str) -> bool:
    """Whether a one-word position ends an action's name ("Align right", "Rotate left", "the Align center
    button"): it follows a name word directly, with no "on the"/"at the" before it, and only a role noun may
    come after it. "the left button", "Save on the right" are places."""
    m = re.search(rf"(\S+)\s+{re.escape(word)}\b(.*)$", lowered)
    if " " in word or not m:
        return False
    before, after = _core(m.group(1)), m.group(2).split()
    return (
        before not in STOP
        and before not in ROLE_WORDS
        and before not in ORDINALS
        and not any(before in p.split() for p in POSITIONS)
        and all(w in ROLE_WORDS for w in after)
    )


def locate(
    description: str,
    see: Callable[[bool], list[Element]],
    shot: Callable[[], Any],
    screen: tuple[int, int],
    exclude: Collection[tuple[int, int]] = (),
) -> list[Candidate]:
    """The local model's one grounding cascade, for `deskpilot ground` and `deskpilot run`: candidates for a
    description, best first. `see(ocr)` gives the elements (accessibility only, or with OCR lines merged),
    `shot()` the screenshot. First the accessible elements alone (an exact match ends it); then with OCR,
    labels rendered in the UI font (short ones) and icons recognised on the image."""
    q = parse_query(description)
    found: list[Candidate] = []
    for with_ocr in (False, True):
        elements = see(with_ocr)
        ranked = (
            ground_on(description, shot(), elements)
            if with_ocr
            else ground(description, elements, screen, False)
        )
        found = [c for c in ranked if c.point not in exclude]
        if found and found[0].score >= 0.99 and (q.text or q.roles):
            return found
    return found


def ground(
    description: str, elements: list[Element], screen: tuple[int, int], semantic: bool = True
) -> list[Candidate]:
    """Candidates for a description, best first."""
    q = parse_query(description)
    return rank(q, elements, screen, semantic)


def ground_on(description: str, image, elements: list[Element], semantic: bool = True) -> list[Candidate]:
    """`ground` on a screenshot. A label of up to three characters that no accessible element carries is
    looked for by rendering it in the desktop's UI font (templates.find_label): OCR's detector misses lone
    symbols ("=", "-", "<-") and confuses single digits; a near-exact rendering match beats it."""
    q = parse_query(description)
    target = q.text
    named = any(e.source != "ocr" and norm(e.text) == norm(target) for e in elements)
    # a maths key named by its word ("divide") that nothing on screen writes out is looked for by its sign
    signs = SIGNS.get(norm(target).replace(" ", ""), ())
    if signs and not any(_text_match(norm(target), e, False) for e in elements):
        from deskpilot.local.templates import find_label

        drawn = [m for sign in signs for m in find_label(image, sign) if m[1] >= 0.95]
        if drawn:
            sign = Element(box=max(drawn, key=lambda m: m[1])[0], text=target, source="template")
            return rank(q, [sign], image.size, semantic=False)
    if 0 < len(target.replace(" ", "")) <= 3 and not named:
        from deskpilot.local.templates import find_label, stands_alone

        original = re.search(re.escape(target), description, re.I)
        label = original.group(0) if original else target
        matches = [m for m in find_label(image, label) if m[1] >= 0.95]
        # a label standing alone (a key, a button) beats the same glyphs inside text ("2" in "2 + 3")
        matches = [m for m in matches if stands_alone(image, m[0])] or matches
        if matches:
            best = matches[0][1]
            drawn = [
                Element(box=box, text=label, source="template")
                for box, score in matches
                if score >= best - 0.02
            ]
            found = rank(q, [e for e in elements if e.source != "ocr"] + drawn, image.size, semantic=False)
            if found:
                return found
    found = _titles_last(image, rank(q, elements, image.size, semantic))
    if q.text and not q.quoted and semantic and (not found or found[0].score < ICONS_BELOW):
        found = sorted(
            found + _icons(q, image, elements) + _window_controls(q, image),
            key=lambda c: (-round(c.score, 3), c.point[1], c.point[0]),
        )
    return found


# a window's own controls, named by what they do; "restore" is the maximize button of a maximized window
CONTROL_WORDS = {"minimize": "minimize", "minimise": "minimize", "iconify": "minimize", "maximize": "maximize",
                 "maximise": "maximize", "restore": "maximize", "unmaximize": "maximize", "close": "close"}  # fmt: skip
CONTROL_FILLER = {"the", "window", "button", "this", "its"}
CONTROL_SCORE = 0.97  # a drawn control of its kind in a row of window controls: above most recognised icons
CONTROL_WINDOW = 0.2  # more when the words say "window": a tab's or a pane's cross is no window's close
CONTROL_PAD = 10  # px around the glyph: the button drawn around it


def _window_controls(q: Query, image) -> list[Candidate]:
    """A header bar's window controls (`icons.window_controls`, by their glyphs: they show no tooltip) for
    "minimize", "maximize the window", "close"."""
    from deskpilot.perception import icons

    words = [w for w in norm(q.text).split() if w not in CONTROL_FILLER]
    if len(words) != 1 or words[0] not in CONTROL_WORDS:
        return []
    kind, out = CONTROL_WORDS[words[0]], []
    score = CONTROL_SCORE + (CONTROL_WINDOW if "window" in norm(q.text).split() else 0.0)
    for row in icons.window_controls(image):
        if kind in row:
            x0, y0, x1, y1 = row[kind]
            box = (x0 - CONTROL_PAD, y0 - CONTROL_PAD, x1 + CONTROL_PAD, y1 + CONTROL_PAD)
            e = Element(box=box, text="", role="push button", source="glyph")
            out.append(Candidate(e, e.center, score, box, f"window control ({kind} glyph)"))
    return out


# maths keys drawn as a sign and named by a word (accessible names such as "divide" or "square root")
SIGNS = {
    "divide": ("\u00f7", "/"), "multiply": ("\u00d7", "*"), "times": ("\u00d7", "*"),
    "subtract": ("\u2212", "-"), "minus": ("\u2212", "-"), "add": ("+",), "plus": ("+",),
    "equals": ("=",), "squareroot": ("\u221a",), "percent": ("%",), "decimalpoint": (".",),
}  # fmt: skip


def _titles_last(image, found: list[Candidate]) -> list[Candidate]:
    """Of a label read more than once ("tone.wav" on the player and in its title bar), a copy written alone
    across an empty strip (a window title, a heading) loses to one among other things (a control)."""
    same = [c for c in found if c.score >= 0.96 and norm(c.element.text) == norm(found[0].element.text)]
    if len(same) < 2:
        return found
    pixels = np.asarray(image.convert("RGB")).astype(np.int16)
    titles = [c for c in same if _alone_in_strip(pixels, c.box)]
    if not titles or len(titles) == len(same):
        return found
    for c in titles:
        c.score -= 0.02
    return sorted(found, key=lambda c: (-round(c.score, 3), c.point[1], c.point[0]))


def _alone_in_strip(pixels, box: Box) -> bool:
    """Whether every row of the text's strip is one colour for six line heights on both sides of it (a
    title bar's gradient runs top to bottom)."""
    x0, y0, x1, y1 = box
    reach = 6 * (y1 - y0)
    sides = [pixels[y0:y1, max(0, x0 - reach) : x0 - 3], pixels[y0:y1, x1 + 3 : x1 + reach]]
    return all(side.shape[1] >= reach // 2 and int(np.abs(side - side[:, :1]).max()) <= 12 for side in sides)


ICONS_BELOW = 0.9  # text matches below this let icons compete
ICON_ROLES = {"push button", "toggle button", "icon", "image", "menu item", ""}


def _icons(q: Query, image, elements: list[Element]) -> list[Candidate]:
    """Icon candidates: unnamed clickable accessible elements, and small drawn clusters outside OCR text on
    the image; scored by the icon recogniser's expected similarity of the words to the icon's meaning."""
    from deskpilot.perception import icons

    boxes = icon_boxes(image, elements)
    if not boxes:
        return []
    scores = icons.recogniser().scores(q.text, icons.on_screen(image, boxes))
    out = []
    for box, sim in zip(boxes, scores, strict=True):
        if sim >= ICON_MIN:
            e = Element(box=box, text="", role="push button", source="icon")
            c = Candidate(e, e.center, icon_score(float(sim)), box, f"icon {sim:.2f}", float(sim))
            c.score += _role_bonus(q, e) + _position_bonus(q, c, image.size)
            out.append(c)
    return out


def icon_boxes(image, elements: list[Element]) -> list[Box]:
    """Where icons may be: unnamed clickable accessible elements, and small drawn clusters outside OCR text."""
    from deskpilot.perception import icons

    unnamed = [e.box for e in elements if e.source != "ocr" and not e.text and e.role in ICON_ROLES
               and e.area and max(e.box[2] - e.box[0], e.box[3] - e.box[1]) <= 64]  # fmt: skip
    boxes = [icons.drawn_part(image, b) for b in unnamed]
    # OCR reads some icons as a letter or two ("G", "a"): short readings stay icon candidates
    text_boxes = [e.box for e in elements if e.source == "ocr" and len(e.text.replace(" ", "")) > 2]
    return boxes + [b for b in icons.find_blobs(image, text_boxes) if not any(inside(b, o) for o in unnamed)]


# an icon's match (expected similarity of meaning) counts from ICON_MIN and is sure from ICON_SURE: the
# recogniser spreads its probability over many look-alike names, so a right match is often 0.1-0.5
ICON_MIN, ICON_SURE, ICON_BASE, ICON_SCALE = 0.005, 0.2, 0.6, 0.35
ICON_PAST = 0.1


def icon_score(sim: float) -> float:
    """A candidate's score from its icon match. Past ICON_SURE a closer match still counts a little: two
    sure icons (ristretto's Zoom In and Zoom Fit for "zoom fit") are no tie left to their places."""
    return ICON_BASE + ICON_SCALE * min(1.0, sim / ICON_SURE) + ICON_PAST * max(0.0, sim - ICON_SURE)


def inside(inner: Box, outer: Box) -> bool:
    """Whether the centre of `inner` lies in `outer`."""
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def rank(
    q: Query, elements: list[Element], screen: tuple[int, int], semantic: bool = True
) -> list[Candidate]:
    pool = [e for e in elements if e.role not in ("frame", "dialog", "file chooser", "window")] or elements
    if q.window or q.window_roles:
        scoped = [e for e in pool if _in_window(e, q)]
        pool = scoped or pool
    scored: list[Candidate] = []
    target = norm(q.text)
    for e in pool:
        c = _text_match(target, e, q.quoted) if target else Candidate(e, e.center, 0.5, e.box, "no text")
        if c is None:
            continue
        scored.append(c)
    if target and semantic and (not scored or max(c.score for c in scored) < 0.75) and not q.quoted:
        scored += _semantic(target, pool, {id(c.element) for c in scored})
    literal = norm(q.literal).replace(" ", "")
    if literal and literal != target.replace(" ", ""):
        # a label that reads exactly as the whole description is meant, filler words and all
        exact = [e for e in pool if _reads(e).replace(" ", "") == literal]
        scored = [c for c in scored if c.element not in exact]
        scored += [Candidate(e, e.center, 1.1, e.box, "as written") for e in exact]
    written = _as_written(q.text)
    # a name asked with its colon or ellipsis ("Artist:", "Find...") is a field's label or a menu item; the
    # same word without it (a column header "Artist") loses even where it is clickable and the label is not
    marked = AS_WRITTEN_MARKED if re.search(r"\w(?::|\.\.\.)$", written) else AS_WRITTEN
    for c in scored:
        c.score += _role_bonus(q, c.element) + _position_bonus(q, c, screen)
        if c.score >= 0.96 and _as_written(c.element.text) == written:
            c.score += marked  # of equal matches, the label written as asked ("Table..." not "Table")
    scored.sort(key=lambda c: (-round(c.score, 3), c.point[1], c.point[0]))
    if q.ordinal and scored:
        best = scored[0].score
        tied = [c for c in scored if c.score >= best - 0.08]
        tied.sort(key=lambda c: (c.point[1] // 8, c.point[0]))
        index = q.ordinal - 1 if q.ordinal > 0 else len(tied) - 1
        if 0 <= index < len(tied):
            chosen = tied[index]
            scored.remove(chosen)
            scored.insert(0, chosen)
    return scored


AS_WRITTEN, AS_WRITTEN_MARKED = 0.01, 0.06  # the latter beats a clickable element's bonus (0.05)


def _reads(e: Element) -> str:
    """What an element reads as: its text, else (an unnamed button) its description's first part, the
    words its tooltip shows ("Examine the history of the repository")."""
    if e.text:
        return norm(e.text)
    return norm(e.description.split("  ")[0]) if e.description and e.source != "ocr" else ""


def _as_written(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2026", "...").strip().lower())


def _in_window(e: Element, q: Query) -> bool:
    if q.window_roles and e.window_role not in q.window_roles:
        return False
    if q.window:
        words = norm(q.window)
        return (
            words in norm(e.window) or words in norm(e.app) or fuzz.partial_ratio(words, norm(e.window)) >= 85
        )
    return True


def _text_match(target: str, e: Element, quoted: bool) -> Candidate | None:
    """The best lexical match on the element's label (and OCR word spans); None below 0.5."""
    label = norm(e.text)
    best: Candidate | None = None
    if label:
        if label == target:
            best = Candidate(e, e.center, 1.0, e.box, "exact")
        elif _opposed(target, label):
            pass  # "First File" is not "Last File", "Minimize" not "Maximize"
        elif not quoted or target in label:
            score = fuzz.ratio(target, label) / 100
            if len(target) >= 3 and re.search(rf"(?<!\w){re.escape(target)}(?!\w)", label):
                score = max(score, 0.8 + 0.15 * len(target) / len(label))
            best = Candidate(e, e.center, score * 0.95, e.box, "fuzzy")
    if label and label.replace(" ", "") == target.replace(" ", "") and (best is None or best.score < 0.98):
        best = Candidate(e, e.center, 0.98, e.box, "exact without spaces")
    elif label and confusable(label) == confusable(target) and (best is None or best.score < 0.96):
        best = Candidate(e, e.center, 0.96, e.box, "exact up to OCR confusions")
    if e.line is not None and e.line.chars and (best is None or best.score < 1.0):
        span = _best_span(target, e.line)
        if span and (best is None or span.score > best.score):
            best = Candidate(e, span.point, span.score, span.box, "span")
    if e.description and (best is None or best.score < 0.7):
        d = norm(e.description.split("  ")[0])
        if d == target or (len(target) >= 4 and target in d):
            best = Candidate(e, e.center, 0.85, e.box, "description")
    if best is None or best.score < (0.8 if quoted or len(target) <= 2 else 0.6):
        return None
    return best


def _opposed(target: str, label: str) -> bool:
    """Whether a label says the opposite of a word asked for where they differ ("last file" for "first
    file", "maximize" for "minimize"): a fuzzy match between them is no match."""
    asked, said = set(target.split()), set(label.split())
    return any(OPPOSITE.get(w, set()) & (said - asked) for w in asked - said)


def tooltip_names(target: str, tooltip: str) -> bool:
    """Whether a tooltip ("Undo the last action", "Bold (Ctrl+B)") names the target ("undo", "bold"): each
    of the target's words (or the word tooltips use for it: "find", "search") is one of the tooltip's, up
    to a letter or two. Words only, not meaning: MiniLM
    puts antonyms close ("zoom in" / "Zoom out" 0.91, "copy" / "Paste" 0.62)."""
    words = [w for w in norm(target).split() if w not in TOOLTIP_FILLER]
    tip = norm(re.sub(r"\([^)]*\)", " ", tooltip))
    joined = tip.replace(" ", "")  # OCR often drops a tooltip's spaces ("Savethedocument")
    tips = tip.split()
    return bool(words and tip) and all(
        any(
            any(fuzz.ratio(v, t) >= 80 for t in tips) or (len(v) >= 4 and v in joined)
            for v in (w, *TOOLTIP_SAME.get(w, ()))
        )
        for w in words
    )


TOOLTIP_FILLER = {"the", "a", "an", "button", "icon", "tool", "toolbar"}
# words a tooltip uses for an action's name ("Find..." says "Search filenames and tags")
TOOLTIP_SAME = both_ways([("find", "search"), ("delete", "remove"), ("quit", "exit"),
                          ("preferences", "settings"), ("properties", "details")])  # fmt: skip


@dataclass
class _Span:
    score: float
    box: Box

    @property
    def point(self) -> tuple[int, int]:
        return (self.box[0] + self.box[2]) // 2, (self.box[1] + self.box[3]) // 2


def _best_span(target: str, line) -> _Span | None:
    """A run of words in an OCR line that matches the target, or the target's characters inside it."""
    found = line.find(target)
    if found and len(target.replace(" ", "")) >= 2:
        box, on_words = found
        whole = len(target.replace(" ", "")) == len(line.text.replace(" ", ""))
        return _Span(1.0 if whole else 0.97 if on_words else 0.85, box)
    if len(line.words) < 2:
        return None
    words = [norm(w.text) for w in line.words]
    n = len(target.split())
    best = None
    for size in {max(1, n - 1), n, n + 1}:
        for i in range(0, len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            score = 1.0 if phrase == target else fuzz.ratio(target, phrase) / 100 * 0.95
            if best is None or score > best.score:
                best = _Span(score, line.span(i, i + size - 1))
    return best


def _semantic(target: str, pool: list[Element], seen: set[int]) -> list[Candidate]:
    from deskpilot.perception import semantic

    options = [e for e in pool if id(e) not in seen and (e.text or e.description)]
    if not options:
        return []
    labels = [f"{e.text} {e.role}".strip() if e.text else e.description for e in options]
    sims = semantic.similarity(target, labels)
    out = []
    for e, sim in zip(options, sims, strict=True):
        if sim >= 0.45:
            out.append(Candidate(e, e.center, 0.4 + 0.35 * float(sim), e.box, f"semantic {sim:.2f}"))
    return out


def _role_bonus(q: Query, e: Element) -> float:
    if q.roles:
        if e.role in q.roles:
            return 0.15
        return -0.02 if not e.role else -0.2
    return 0.05 if e.clickable and e.role not in ("text", "entry") else 0.0


def _position_bonus(q: Query, c: Candidate, screen: tuple[int, int]) -> float:
    if not q.position:
        return 0.0
    fx, fy = q.position
    x, y = c.point[0] / screen[0], c.point[1] / screen[1]
    dist = (abs(x - fx) if fx is not None else 0.0) + (abs(y - fy) if fy is not None else 0.0)
    return 0.3 * (1 - min(1.0, dist))


def region_point(position: tuple[float | None, float | None], screen: tuple[int, int]) -> tuple[int, int]:
    """A point for a bare position ("the top-right corner"): 1/8 in from the named edges."""
    fx = 0.5 if position[0] is None else 0.125 + 0.75 * position[0]
    fy = 0.5 if position[1] is None else 0.125 + 0.75 * position[1]
    return int(fx * screen[0]), int(fy * screen[1])
