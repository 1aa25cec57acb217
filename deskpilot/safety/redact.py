"""Secret redaction for text (logs, trajectories, tool results) and for saved screenshots.

Two detectors: patterns for well-known key formats plus high-entropy tokens, and exact known secrets
(values of *_API_KEY-like environment variables, and registered canary tokens). Screenshots are
redacted by filling the OCR boxes whose text matches a secret.
"""

from __future__ import annotations

import math
import os
import re
import secrets as _secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from PIL import Image, ImageDraw

# (kind, pattern). A pattern's group "value", when present, is the part replaced.
PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "private_key",
        re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"),
    ),
    ("anthropic_key", re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{16,}")),
    ("openai_key", re.compile(r"\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_\-]{20,}")),
    ("aws_access_key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("github_token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})")),
    ("slack_token", re.compile(r"\bxox[abposr]-[A-Za-z0-9\-]{10,}")),
    ("google_api_key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")),
    ("bearer", re.compile(r"(?i)\bbearer\s+(?P<value>[A-Za-z0-9_\-.=+/]{12,})")),
    (
        "password",
        re.compile(
            # `pwd` before a path is the shell's working directory (`env` prints PWD=/home/...), not a password
            r"(?i)\b(?:password|passwd|pwd(?!\s*[:=]\s*[/~])|passphrase|secret|api[_-]?key|token)\b"
            r"\s*[:=]\s*(?P<value>[^\s'\",;]{4,})"
        ),
    ),
]
_TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{32,}={0,2}")
_SECRET_ENV = re.compile(r"(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)", re.I)
CANARY_PREFIX = "sk-ant-canary-"
_OCR_FOLD = str.maketrans(
    {"0": "o", "O": "o", "I": "l", "1": "l", "|": "l", "5": "s", "S": "s", "8": "b", "B": "b"}
)


def entropy(token: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(token)
    return -sum(c / len(token) * math.log2(c / len(token)) for c in counts.values())


def _high_entropy(token: str) -> bool:
    """A random-looking token: long, mixed letters and digits, not plain hex (hashes, ids), high entropy.
    A file path (/tmp/deskpilot-1a2b/home/notes) counts only if one of its parts is such a token."""
    if _path_like(token):
        return any(len(part) >= 32 and _high_entropy(part) for part in token.split("/"))
    if re.fullmatch(r"[0-9a-fA-F\-]+", token) or not (
        re.search(r"[A-Za-z]", token) and re.search(r"\d", token)
    ):
        return False
    return entropy(token) >= 4.3


def _path_like(token: str) -> bool:
    """Absolute or relative paths, or several short segments joined by '/' (base64 has few slashes)."""
    parts = token.split("/")
    return token.startswith(("/", "./", "../", "~/")) or (len(parts) > 2 and max(map(len, parts)) <= 24)


def secrets_from_env(environ: Mapping[str, str] | None = None) -> list[str]:
    """Values of variables whose names say they hold secrets (ANTHROPIC_API_KEY, GITHUB_TOKEN ...)."""
    environ = os.environ if environ is None else environ
    return [v for k, v in environ.items() if _SECRET_ENV.search(k) and len(v) >= 8]


def new_canary() -> str:
    """A fresh canary token that looks like an API key; register it and check it never leaks."""
    return CANARY_PREFIX + _secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")


class Redactor:
    def __init__(self, known: Iterable[str] = (), *, include_env: bool = True):
        self.known: set[str] = set(known)
        if include_env:
            self.known |= set(secrets_from_env())

    def add(self, *values: str) -> None:
        """Register exact secrets (e.g. canaries). Values shorter than 6 characters are ignored."""
        self.known |= {v for v in values if len(v) >= 6}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every secret in text, merged where they overlap."""
        found = []
        for value in self.known:
            start = text.find(value)
            while start >= 0:
                found.append((start, start + len(value), "known_secret"))
                start = text.find(value, start + 1)
        for kind, pattern in PATTERNS:
            for m in pattern.finditer(text):
                span = m.span("value") if "value" in pattern.groupindex else m.span()
                found.append((*span, kind))
        found += [(*m.span(), "high_entropy") for m in _TOKEN.finditer(text) if _high_entropy(m.group())]
        rank = {"known_secret": 0, "high_entropy": 2}
        merged: list[tuple[int, int, str]] = []
        for start, end, kind in sorted(found, key=lambda f: (f[0], rank.get(f[2], 1), -f[1])):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
            else:
                merged.append((start, end, kind))
        return merged

    def redact(self, text: str) -> str:
        out, last = [], 0
        for start, end, kind in self.find(text):
            out += [text[last:start], f"[REDACTED:{kind}]"]
            last = end
        return "".join(out) + text[last:]

    def redact_obj(self, value: Any) -> Any:
        """Redact every string inside JSON-like data (dicts, lists), e.g. an event or a trajectory step."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, Mapping):
            return {k: self.redact_obj(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact_obj(v) for v in value]
        return value

    def contains_secret(self, text: str) -> bool:
        return bool(self.find(text))

    def redact_image(
        self, image: Image.Image, ocr_words: Sequence[tuple[str, Sequence]] | None = None, pad: int = 2
    ) -> tuple[Image.Image, list[tuple[int, int, int, int]]]:
        """A copy of `image` with the OCR boxes of secrets filled black, and the filled boxes.

        ocr_words: (text, box) pairs; a box is (x0, y0, x1, y1) or a list of corner points. When a box holds
        a whole line, only the secret's share of its width is filled. Without words, RapidOCR reads the image.
        """
        if ocr_words is None:
            ocr_words = ocr(image)
        out = image.copy()
        draw = ImageDraw.Draw(out)
        boxes = []
        for text, box in ocr_words:
            x0, y0, x1, y1 = _rect(box)
            for start, end, _ in self.find(text) or self._fuzzy(text):
                per_char = (x1 - x0) / max(len(text), 1)
                rect = (
                    max(0, int(x0 + start * per_char) - pad),
                    max(0, y0 - pad),
                    min(out.width - 1, math.ceil(x0 + end * per_char) + pad),
                    min(out.height - 1, y1 + pad),
                )
                draw.rectangle(rect, fill="black")
                boxes.append(rect)
        return out, boxes

    def _fuzzy(self, text: str) -> list[tuple[int, int, str]]:
        """OCR misreads (O/0, l/1/I) and splits: a word matching a long enough piece of a known secret."""

        def fold(s: str) -> str:
            return s.translate(_OCR_FOLD).lower()

        word = fold(text.strip(" .,:;'\"()[]"))
        if len(word) < 8:
            return []
        if any(word in fold(value) or fold(value) in word for value in self.known):
            return [(0, len(text), "known_secret")]
        return []


def _rect(box: Sequence) -> tuple[int, int, int, int]:
    if len(box) == 4 and all(isinstance(v, int | float) for v in box):
        return tuple(int(v) for v in box)  # type: ignore[return-value]
    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    return int(min(xs)), int(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


def ocr(image: Image.Image) -> list[tuple[str, list]]:
    """(text, corner points) for each text line RapidOCR finds (rapidocr_onnxruntime)."""
    import numpy as np

    result, _ = _rapidocr()(np.asarray(image.convert("RGB")))
    return [(text, box) for box, text, _score in result or []]


@cache
def _rapidocr():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()
