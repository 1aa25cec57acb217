"""Short labels the OCR detector misses ("=", "-", ".", "/", "<-"): render the label in the desktop's UI
font (DejaVu Sans, what GTK uses here) at a few sizes and find it by normalised cross-correlation.

Templates carry a margin of background, so a match must stand alone: "-" correlates poorly with the minus
inside "+/-". Used by grounding as a fallback for labels of up to three characters.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from deskpilot.perception.ocr import Box

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# the oblique face: apps draw variables and constants in italics (GTK markup <i>x</i>, "e", "i")
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSans-Oblique.ttf")
SIZES = (12, 13, 14, 15, 16)  # pixel sizes of 9-12 pt text at 96 dpi
THRESHOLD = 0.8
MARGIN = 3


@lru_cache(maxsize=256)
def _template(label: str, font_name: str, size: int) -> np.ndarray | None:
    path = FONT_DIR / font_name
    if not path.exists():
        return None
    font = ImageFont.truetype(str(path), size)
    x0, y0, x1, y1 = font.getbbox(label)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    image = Image.new("L", (x1 - x0 + 2 * MARGIN, y1 - y0 + 2 * MARGIN), 255)
    ImageDraw.Draw(image).text((MARGIN - x0, MARGIN - y0), label, fill=0, font=font)
    return np.asarray(image, np.float32)


def find_label(image: Image.Image, label: str) -> list[tuple[Box, float]]:
    """Boxes where `label` is drawn alone, best first, with their correlation scores."""
    import cv2

    label = label.strip()
    if not label or len(label) > 3:
        return []
    gray = np.asarray(image.convert("L"), np.float32)
    found: list[tuple[Box, float]] = []
    for font_name in FONTS:
        for size in SIZES:
            tpl = _template(label, font_name, size)
            if tpl is None or tpl.std() == 0 or tpl.shape[0] > gray.shape[0] or tpl.shape[1] > gray.shape[1]:
                continue
            scores = cv2.matchTemplate(gray, tpl, cv2.TM_CCOEFF_NORMED)
            scores = np.abs(scores)  # light text on dark correlates negatively
            ys, xs = np.nonzero(scores >= THRESHOLD)
            for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
                h, w = tpl.shape
                found.append(((x + MARGIN, y + MARGIN, x + w - MARGIN, y + h - MARGIN), float(scores[y, x])))
    found.sort(key=lambda f: -f[1])
    kept: list[tuple[Box, float]] = []
    for box, score in found:  # non-maximum suppression
        if all(_iou(box, k) < 0.3 for k, _ in kept):
            kept.append((box, score))
    return kept[:10]


def stands_alone(image: Image.Image, box: Box) -> bool:
    """Whether nothing else is drawn beside a match, left or right, within about a character's width: a
    key's label ("2", "=") rather than the same glyph inside running text ("2 + 3", "x =")."""
    gray = np.asarray(image.convert("L"), np.int16)
    x0, y0, x1, y1 = box
    gap = max(7, round(0.8 * (y1 - y0)))
    sides = [gray[y0:y1, max(0, x0 - gap) : max(0, x0 - 1)], gray[y0:y1, x1 + 1 : x1 + gap]]
    for side in sides:
        if side.size and np.any(np.abs(side - np.median(side)) > 48):
            return False
    return True


def _iou(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
