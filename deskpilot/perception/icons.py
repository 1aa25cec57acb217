"""Icons on a screenshot: where they are, what they mean, and how well they match a user's words.

- `find_blobs`: small square-ish clusters of drawn pixels (edges, joined across 2-px gaps) that no OCR line
  covers: the icon candidates of a screen without an accessibility tree.
- `Recogniser`: a small CNN (scripts/train_icons.py, trained on the action icons of the icon themes
  Debian ships) run in numpy; for each crop, a distribution over icon names from the freedesktop Icon
  Naming Specification (https://specifications.freedesktop.org/icon-naming-spec/latest/ar01s04.html,
  "Standard Action Icons": `format-text-bold`, `edit-undo`, `document-save`, ...) plus "none".
- `match`/`scores`: how well each crop matches a description: the expected MiniLM similarity of the words to
  the meanings of the icon names (above MEANING_FLOOR, rescaled to 0-1), under the crop's distribution
  ("none" means 0). The class probabilities spread over aliases (`edit-undo`, `gtk-undo`, `undo`); their
  meanings agree, so their mass adds up.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

import numpy as np
from PIL import Image

from deskpilot.perception.ocr import Box

MEANING_FLOOR = 0.4
INPUT = 24  # the network's input: a grey 24 x 24 crop, normalised per crop
WEIGHTS = Path(__file__).parent / "data" / "icons.npz"

# Words of icon names that say where an action lives rather than what it does (the spec's prefixes), and
# the words people use for the spec's terms.
CONTEXT_WORDS = {"format", "text", "edit", "document", "view", "go", "media", "playback", "object", "action",
                 "stock", "gtk", "gnome", "tools", "process", "system", "actions"}  # fmt: skip
SYNONYMS = {"justify": "align", "fill": "justify", "previous": "back previous", "next": "forward next",
            "start": "play start", "unordered": "bulleted", "ordered": "numbered", "original": "original size",
            "best": "best fit", "more": "more increase", "less": "less decrease", "fullscreen": "full screen",
            "check": "check", "spelling": "spelling spell check", "strikethrough": "strikethrough",
            "delete": "delete remove", "exit": "exit quit", "find": "find search", "refresh": "refresh reload",
            "properties": "properties", "new": "new", "quit": "quit exit",
            # a button's lone arrow ("pan-down") opens a menu: GTK's menu button is "a downwards-pointing
            # arrow as the only child" (https://docs.gtk.org/gtk3/ctor.MenuButton.new.html)
            "pan": "menu",
            # the words people use for drawing tools and settings, which icon names spell otherwise
            "freehand": "freehand pen pencil", "eraser": "eraser erase rubber", "pointer": "pointer select arrow",
            "browse": "browse hand pan", "configure": "configure options settings preferences",
            "preferences": "preferences options settings", "chart": "chart statistics graph",
            "presentation": "presentation slideshow", "highlight": "highlight highlighter marker",
            "calligraphic": "calligraphic pen", "picker": "picker eyedropper"}  # fmt: skip
# Sentence embeddings put a word and its opposite close together ("align right" ~ "align left" 0.87 under
# MiniLM; distributional vectors "fail to tell synonyms from antonyms", https://arxiv.org/abs/1603.00892): an icon
# whose meaning says the opposite of a word asked for, and not the word itself, does not match.
OPPOSITES = [("previous", "next"), ("back", "forward"), ("up", "down"), ("left", "right"), ("first", "last"),
             ("top", "bottom"), ("in", "out"), ("increase", "decrease"), ("more", "less"), ("undo", "redo"),
             ("show", "hide"), ("expand", "collapse"), ("add", "remove"), ("open", "close"),
             ("ascending", "descending"), ("lock", "unlock"),
             ("next", "back"), ("previous", "forward"), ("minimize", "maximize"), ("minimise", "maximise"),
             ("enable", "disable")]  # fmt: skip


def both_ways(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Each word of each pair with the words it is paired with, either way round."""
    table: dict[str, set[str]] = {}
    for a, b in pairs:
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return table


OPPOSITE = both_ways(OPPOSITES)
LEGACY_PREFIX = re.compile(r"^(edit|file|view|go|format|zoom|text|window|media|player|mail|document|list|tools?|"
                           r"insert|object|process|system|help|stock)(?=[a-z]{3})")  # fmt: skip


def meaning(name: str) -> str:
    """The words an icon name stands for: `format-justify-left` -> "align left", `editcut` -> "cut"."""
    if name == "none":
        return ""
    name = LEGACY_PREFIX.sub(r"\1-", name.lower())
    words = [w for w in re.split(r"[-_ .]+", name) if w and not w.isdigit()]
    key = [SYNONYMS.get(w, w) for w in words if w not in CONTEXT_WORDS] or words
    return " ".join(key)


def to_input(crops: list[Image.Image]) -> np.ndarray:
    """RGB crops -> (N, 1, INPUT, INPUT) grey, zero mean and unit spread per crop (as in training)."""
    if not crops:
        return np.zeros((0, 1, INPUT, INPUT), np.float32)
    arrays = [
        np.asarray(c.convert("RGB").resize((INPUT, INPUT), Image.BILINEAR), np.float32) / 255 for c in crops
    ]
    grey = np.stack(arrays).mean(-1)[:, None]
    mean = grey.mean((2, 3), keepdims=True)
    std = grey.std((2, 3), keepdims=True, ddof=1)
    return (grey - mean) / (std + 0.05)


def _conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """3 x 3 convolution, padding 1 (torch's Conv2d), as one matrix product over the windows."""
    n, c, h, wd = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # n c h w 3 3
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * h * wd, c * 9)
    out = cols @ w.reshape(w.shape[0], -1).T + b
    return out.reshape(n, h, wd, -1).transpose(0, 3, 1, 2)


def _pool(x: np.ndarray) -> np.ndarray:
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).max((3, 5))


class Recogniser:
    def __init__(self, path: Path = WEIGHTS):
        data = np.load(path)
        self.w = {k: data[k].astype(np.float32) for k in data.files if k not in ("classes", "meanings")}
        self.classes = [str(c) for c in data["classes"]]
        self.meanings = [meaning(c) for c in self.classes]
        self.said = [set(m.split()) for m in self.meanings]
        self.vectors = data["meanings"].astype(np.float32)  # MiniLM embeddings of self.meanings

    def probabilities(self, crops: list[Image.Image]) -> np.ndarray:
        x = to_input(crops)
        w = self.w
        for name in ("c1", "c2", "c3"):
            x = _pool(np.maximum(_conv(x, w[f"{name}.weight"], w[f"{name}.bias"]), 0))
        x = np.maximum(x.reshape(len(x), -1) @ w["f1.weight"].T + w["f1.bias"], 0)
        logits = x @ w["f2.weight"].T + w["f2.bias"]
        logits -= logits.max(1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(1, keepdims=True)

    def match(self, words: str, crops: list[Image.Image]) -> np.ndarray:
        """For each crop, the expected similarity of `words` to its icon's meaning (0 for "none")."""
        return self.scores(words, self.probabilities(crops))

    def scores(self, words: str, probabilities: np.ndarray) -> np.ndarray:
        """For each crop's distribution, the expected similarity of `words` to its icon's meaning."""
        from deskpilot.perception import semantic

        if not len(probabilities):
            return np.zeros(0, np.float32)
        sims = self.vectors @ semantic.embed([words])[0]
        # unrelated short phrases are 0.2-0.4 alike under MiniLM: only closer meanings count
        sims = np.clip((sims - MEANING_FLOOR) / (1 - MEANING_FLOOR), 0, 1)
        sims[0] = 0.0  # "none"
        asked = set(re.split(r"[^a-z]+", words.lower()))
        for word in asked & OPPOSITE.keys():
            for opposite in OPPOSITE[word] - asked:
                sims[[i for i, m in enumerate(self.said) if opposite in m and word not in m]] = 0.0
        return probabilities @ sims

    def label(self, crop: Image.Image) -> tuple[str, float]:
        p = self.probabilities([crop])[0]
        return self.classes[int(p.argmax())], float(p.max())


_MODEL: Recogniser | None = None
_LOCK = threading.Lock()


def recogniser() -> Recogniser:
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            _MODEL = Recogniser()
        return _MODEL


# the recogniser reads each candidate at several margins and averages: the drawn cluster is seldom the
# whole icon (a faint outline left out, a neighbour joined), so no one margin frames it as in training
MARGINS = (1.45, 1.7, 2.0)


def crop_around(image: Image.Image, box: Box, margin: float = 1.7) -> Image.Image:
    """A square crop centred on a drawn cluster, with a margin (the icon fills about 60 % of it)."""
    x0, y0, x1, y1 = box
    side = max(x1 - x0, y1 - y0) * margin + 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return image.crop(
        (round(cx - side / 2), round(cy - side / 2), round(cx + side / 2), round(cy + side / 2))
    )


MIN_SIDE, MAX_SIDE = 7, 40
# px: straight runs from LINE to LONG_LINE long are separators and frames, not strokes (icons are 16-24 px)
LINE, LONG_LINE = 26, 49


def find_blobs(image: Image.Image, text_boxes: list[Box] = ()) -> list[Box]:
    """Boxes of small clusters of drawn pixels (an icon's strokes), outside OCR text, at most MAX_SIDE px."""
    import cv2

    grey = np.asarray(image.convert("L"), np.int16)
    edges = np.zeros(grey.shape, np.uint8)
    edges[:, 1:] |= np.abs(np.diff(grey, axis=1)) > 20
    edges[1:, :] |= np.abs(np.diff(grey, axis=0)) > 20
    # straight runs a little longer than a toolbar icon (separators, a pressed button's frame) are not
    # strokes: left in, they join the icons beside them into one cluster too big to be an icon. Longer lines
    # (a sheet's grid, a table header) stay: they keep the letters between them out of the icons
    for vertical in (True, False):
        short, long = (
            cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((n, 1) if vertical else (1, n), np.uint8)) > 0
            for n in (LINE, LONG_LINE)
        )
        edges[short & ~long] = 0
    joined = cv2.dilate(edges, np.ones((5, 5), np.uint8))  # strokes 4 px apart are one icon
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:count]:
        x0, y0, x1, y1 = int(x) + 2, int(y) + 2, int(x + w) - 2, int(y + h) - 2  # undo the dilation
        bw, bh = x1 - x0, y1 - y0
        if not (MIN_SIDE <= bw <= MAX_SIDE and MIN_SIDE <= bh <= MAX_SIDE) or max(bw, bh) > 2.2 * min(bw, bh):
            continue
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(t[0] <= cx <= t[2] and t[1] <= cy <= t[3] for t in text_boxes):
            continue
        out.append((x0, y0, x1, y1))
    return out


_SEEN: dict[bytes, tuple[list[Box], np.ndarray]] = {}


def on_screen(image: Image.Image, boxes: list[Box]) -> np.ndarray:
    """The recogniser's distributions for crops around `boxes` of `image`, computed once per screen (a
    plan grounds several descriptions on one screenshot, the benchmark many)."""
    key = hashlib.blake2b(image.tobytes() + repr(boxes).encode(), digest_size=16).digest()
    if key not in _SEEN:
        _SEEN.clear()
        if boxes:
            p = np.mean(
                [recogniser().probabilities([crop_around(image, b, m) for b in boxes]) for m in MARGINS], 0
            )
        _SEEN[key] = (boxes, p if boxes else np.zeros((0, 1), np.float32))
    return _SEEN[key][1]


def drawn_part(image: Image.Image, box: Box) -> Box:
    """The largest drawn cluster inside an element's box (a button's icon without its padding), else the box."""
    x0, y0, w, h = box[0], box[1], box[2] - box[0], box[3] - box[1]
    edge = 2  # a cluster reaching the box's edge is its frame (a tool button's icon may come within 4 px)
    inner = [
        b
        for b in find_blobs(image.crop(box))
        if b[0] > edge and b[1] > edge and b[2] < w - edge and b[3] < h - edge
    ]
    if not inner:
        return box
    b = max(inner, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    return (b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0)


# GTK's client-side window controls (a header bar's Minimize, Maximize and Close: Adwaita's symbolic
# glyphs `window-minimize-symbolic`, a short bar; `window-maximize-symbolic`, a hollow square;
# `window-close-symbolic`, a cross) carry no tooltip, and the bar is too flat to be an icon blob
GLYPH_MIN, GLYPH_MAX = 5, 16  # px: a window control's glyph
CONTROL_GAP = (18, 64)  # px between neighbouring controls' glyph centres in one row


def _glyph(ink: np.ndarray) -> str:
    """What a glyph's ink (a boolean array cut to its extent) draws: "minimize", "maximize", "close" or ""."""
    h, w = ink.shape
    if GLYPH_MIN <= w <= GLYPH_MAX and 1 <= h <= 3 and w >= 3 * h and ink.mean() >= 0.85:
        return "minimize"
    if not (GLYPH_MIN <= w <= GLYPH_MAX and GLYPH_MIN <= h <= GLYPH_MAX and abs(w - h) <= 2):
        return ""
    frame = np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])
    centre = ink[h // 3 : h - h // 3, w // 3 : w - w // 3]
    if frame.mean() >= 0.85 and centre.size and centre.mean() <= 0.15:
        return "maximize"
    n = min(h, w)
    rows = np.arange(n)
    diagonals = np.concatenate(
        [ink[rows * h // n, rows * w // n], ink[rows * h // n, (w - 1) - rows * w // n]]
    )
    edges_mid = [ink[0, w // 2], ink[-1, w // 2], ink[h // 2, 0], ink[h // 2, -1]]
    if diagonals.mean() >= 0.8 and not any(edges_mid) and ink.mean() <= 0.7:
        return "close"
    return ""


def window_controls(image: Image.Image) -> list[dict[str, Box]]:
    """Rows of client-side window controls on a screenshot: for each, the glyph boxes of the ones drawn
    ("minimize", "maximize", "close"). A row is a close glyph with a minimize or maximize glyph beside it,
    left of it on the same line at a button's spacing (GTK lays them out minimize, maximize, close); a lone
    cross or square is no row (a tab's close, a check box)."""
    import cv2

    grey = np.asarray(image.convert("L"), np.int16)
    edges = np.zeros(grey.shape, np.uint8)
    edges[:, 1:] |= np.abs(np.diff(grey, axis=1)) > 40
    edges[1:, :] |= np.abs(np.diff(grey, axis=0)) > 40
    joined = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    glyphs: list[tuple[str, Box]] = []
    for x, y, w, h, _area in stats[1:count]:
        if not (GLYPH_MIN <= w <= GLYPH_MAX + 4 and 2 <= h <= GLYPH_MAX + 4):
            continue
        x0, y0, x1, y1 = int(x), int(y), int(x + w), int(y + h)
        patch = grey[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2]
        ring = np.concatenate([patch[0], patch[-1], patch[:, 0], patch[:, -1]])
        background = int(np.median(ring))
        if np.abs(ring - background).max() > 24:  # not on a plain ground: part of a picture or a text
            continue
        ink = np.abs(grey[y0:y1, x0:x1] - background) > 60
        if not ink.any():
            continue
        ys, xs = np.nonzero(ink)
        ink = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
        kind = _glyph(ink)
        if kind:
            glyphs.append(
                (
                    kind,
                    (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1),
                )
            )
    rows = []
    for kind, box in glyphs:
        if kind != "close":
            continue
        row = {"close": box}
        right = box
        for left_kind in ("maximize", "minimize"):
            beside = [
                b
                for k, b in glyphs
                if k == left_kind
                and abs((b[1] + b[3]) - (right[1] + right[3])) <= 8
                and CONTROL_GAP[0] <= (right[0] + right[2] - b[0] - b[2]) / 2 <= CONTROL_GAP[1]
            ]
            if beside:
                right = row[left_kind] = min(beside, key=lambda b: right[0] - b[0])
        if len(row) > 1:
            rows.append(row)
    return rows
