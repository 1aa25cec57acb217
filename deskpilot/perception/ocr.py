"""OCR with RapidOCR (PP-OCRv4 models shipped in the rapidocr-onnxruntime 1.4.4 wheel).

Large screens are tiled: the screen is read in overlapping full-width bands (224 rows, 56 of overlap), each
kept at full resolution. Each band is hashed and its lines are cached, so a step that changes one region
re-reads only the bands that changed. A band is cropped to its non-background pixels and, on screens up to
1600 px wide, upscaled by `scale` before detection, which helps small UI glyphs ("C", "9").
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive), screen pixels


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: Box


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box
    score: float
    words: tuple[OcrWord, ...] = field(default_factory=tuple)
    chars: tuple[OcrWord, ...] = field(default_factory=tuple)  # non-space characters with their boxes

    def span(self, first: int, last: int) -> Box:
        """The box of words first..last (inclusive)."""
        return union([w.box for w in self.words[first : last + 1]])

    def find(self, target: str) -> tuple[Box, bool] | None:
        """The box of `target` inside the line, ignoring case and spaces (the recogniser sometimes drops
        spaces), and whether it starts and ends on word boundaries."""
        wanted = target.replace(" ", "").lower()
        letters = "".join(c.text for c in self.chars).lower()
        start = letters.find(wanted) if wanted else -1
        if start < 0:
            return None
        end = start + len(wanted) - 1
        starts, ends, i = set(), set(), 0
        for w in self.words:
            starts.add(i)
            i += len(w.text)
            ends.add(i - 1)
        box = union([c.box for c in self.chars[start : end + 1]])
        return (box[0], self.box[1], box[2], self.box[3]), start in starts and end in ends


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


_BOX_THRESH, _UNCLIP = 0.4, 1.6
_ENGINE = None
_ENGINE_LOCK = threading.RLock()


def engine():
    """One RapidOCR instance per process (loading it takes about 0.3 s)."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            from rapidocr_onnxruntime import RapidOCR

            # Detection sizes are ours (we upscale the crop); limit_type "min" with 32 keeps them as given.
            _ENGINE = RapidOCR(
                max_side_len=4096,  # bands of wide screens are read at full resolution, not shrunk to 2000
                det_limit_side_len=32,
                det_limit_type="min",
                intra_op_num_threads=2,
                inter_op_num_threads=1,
            )
        return _ENGINE


class OCR:
    """Reads text lines and words with boxes from screenshots, re-reading only changed bands."""

    def __init__(self, band: int = 224, overlap: int = 56, scale: float = 1.5, cache_size: int = 96):
        self.band, self.overlap, self.scale = band, overlap, scale
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple, list[OcrLine]] = OrderedDict()
        self.stats = {"bands": 0, "read": 0}  # bands seen, bands actually OCR'd

    def read(self, image: Image.Image) -> list[OcrLine]:
        pixels = np.asarray(image.convert("RGB"))
        height = pixels.shape[0]
        lines: list[OcrLine] = []
        for top, bottom, keep_from, keep_to in self._bands(height):
            band = pixels[top:bottom]
            key = (top, bottom, hashlib.blake2b(band.tobytes(), digest_size=16).digest())
            self.stats["bands"] += 1
            found = self._cache.get(key)
            if found is None:
                self.stats["read"] += 1
                found = self._read_band(band, top)
                self._cache[key] = found
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
            lines += [ln for ln in found if keep_from <= (ln.box[1] + ln.box[3]) / 2 < keep_to]
        return lines

    def _bands(self, height: int) -> list[tuple[int, int, int, int]]:
        """(top, bottom, keep_from, keep_to): each line is kept from the one band whose core holds its centre."""
        if height <= self.band:
            return [(0, height, 0, height)]
        step = self.band - self.overlap
        tops = list(range(0, height - self.band, step)) + [height - self.band]
        bands = []
        for i, top in enumerate(tops):
            keep_from = 0 if i == 0 else bands[-1][3]
            keep_to = height if i == len(tops) - 1 else top + self.band - self.overlap // 2
            bands.append((top, top + self.band, keep_from, keep_to))
        return bands

    def _read_band(self, band: np.ndarray, top: int) -> list[OcrLine]:
        differs = np.any(band != band[0, 0], axis=2)
        cols, rows = np.flatnonzero(differs.any(axis=0)), np.flatnonzero(differs.any(axis=1))
        if cols.size == 0:
            return []
        pad = 8
        x0, x1 = max(0, cols[0] - pad), min(band.shape[1], cols[-1] + 1 + pad)
        y0, y1 = max(0, rows[0] - pad), min(band.shape[0], rows[-1] + 1 + pad)
        scale = self.scale if band.shape[1] <= 1600 else 1.0  # large screens are usually high-DPI
        return read_array(band[y0:y1, x0:x1], scale, (int(x0), int(top + y0)))


def read_array(pixels: np.ndarray, scale: float = 1.5, offset: tuple[int, int] = (0, 0)) -> list[OcrLine]:
    """OCR one RGB array; boxes come back in the array's pixels plus `offset`."""
    h, w = pixels.shape[:2]
    if h < 4 or w < 4:
        return []
    img = Image.fromarray(pixels)
    if scale != 1:
        img = img.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BICUBIC)
    arr = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])  # RapidOCR expects BGR like OpenCV
    with _ENGINE_LOCK:
        result, _ = engine()(
            arr,
            use_cls=False,
            return_word_box=True,
            box_thresh=_BOX_THRESH,
            unclip_ratio=_UNCLIP,
            text_score=0.5,
        )
    ox, oy = offset
    lines = []
    for item in result or []:
        quad, text, score = item[0], item[1], float(item[2])
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        box = _to_screen((min(xs), min(ys), max(xs), max(ys)), scale, ox, oy)
        tokens = []
        if len(item) > 4 and item[3] and len(item[3]) == len(item[4]):
            for quad_t, content in zip(item[3], item[4], strict=True):
                txs, tys = [p[0] for p in quad_t], [p[1] for p in quad_t]
                tokens.append((content, _to_screen((min(txs), min(tys), max(txs), max(tys)), scale, ox, oy)))
        text = text.strip()
        if text:
            words = _words(text, box, tokens)
            chars = _chars(words, tokens)
            lines.append(OcrLine(text, box, score, tuple(words), tuple(chars)))
    return lines


def _to_screen(box, scale: float, ox: int, oy: int) -> Box:
    x0, y0, x1, y1 = box
    return (
        int(x0 / scale) + ox,
        int(y0 / scale) + oy,
        int(np.ceil(x1 / scale)) + ox,
        int(np.ceil(y1 / scale)) + oy,
    )


def _words(text: str, line_box: Box, tokens: list[tuple[str, Box]]) -> list[OcrWord]:
    """Group recogniser tokens (characters or words with boxes) into words: split at spaces and at gaps
    wider than 0.45 of the line height. Without tokens, split the line box in proportion to characters."""
    height = line_box[3] - line_box[1]
    if not tokens or "".join(t for t, _ in tokens).replace(" ", "") != text.replace(" ", ""):
        return _proportional_words(text, line_box)
    words: list[OcrWord] = []
    chars: list[str] = []
    boxes: list[Box] = []

    def flush():
        if chars:
            b = union(boxes)
            words.append(OcrWord("".join(chars), (b[0], line_box[1], b[2], line_box[3])))
            chars.clear()
            boxes.clear()

    for content, box in tokens:
        if not content.strip():
            flush()
            continue
        if boxes and box[0] - boxes[-1][2] > 0.45 * height:
            flush()
        chars.append(content.strip())
        boxes.append(box)
    flush()
    return words


def _chars(words: list[OcrWord], tokens: list[tuple[str, Box]]) -> list[OcrWord]:
    """Non-space characters with boxes: the recogniser's own when it gave one per character, else each
    word's box split evenly."""
    own = [(t, b) for t, b in tokens if t.strip()]
    if own and all(len(t) == 1 for t, _ in own) and len(own) == sum(len(w.text) for w in words):
        return [OcrWord(t, b) for t, b in own]
    chars = []
    for w in words:
        step = (w.box[2] - w.box[0]) / max(1, len(w.text))
        for i, ch in enumerate(w.text):
            x = w.box[0] + round(i * step)
            chars.append(OcrWord(ch, (x, w.box[1], max(x + 1, w.box[0] + round((i + 1) * step)), w.box[3])))
    return chars


def _proportional_words(text: str, box: Box) -> list[OcrWord]:
    x0, y0, x1, y1 = box
    per_char = (x1 - x0) / max(1, len(text))
    words, start = [], 0
    for part in text.split(" "):
        if part:
            a = x0 + round(start * per_char)
            words.append(OcrWord(part, (a, y0, max(a + 1, round(a + len(part) * per_char)), y1)))
        start += len(part) + 1
    return words
