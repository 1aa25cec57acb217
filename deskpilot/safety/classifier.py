"""A small logistic-regression text classifier on hashed word n-grams and extra tokens (numpy only).
Any script: Chinese and Japanese text is split into character bigrams.

Shared by the injection detector (inference) and scripts/train_injection.py (training), so both
featurise text the same way. Weights are stored as float16 in a compressed .npz of a few tens of KB.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIM = 1 << 17
# Value of an extra token (rule hit, concept, concept pair) against 1 for a word n-gram, before normalising:
# above 1, the language-agnostic tokens outweigh the wording (fewer false alarms on unseen look-alikes).
# 1.4 since the concept fixes of session 4 (detector3): same FP as 1.7 on the dev sets, one point more recall.
EXTRA_WEIGHT = 1.4
# Words of any script (Latin, Cyrillic, ...), runs of Chinese/Japanese characters, and single symbols.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:'[^\W_{_CJK}]+)?|[^\s\w]")
_IS_CJK = re.compile(rf"[{_CJK}]")


def words(text: str) -> list[str]:
    """Tokens; a run of Chinese or Japanese characters (no spaces between words) becomes its character
    bigrams, so that words are matched without a segmenter."""
    out: list[str] = []
    for token in _WORD.findall(text):
        if _IS_CJK.match(token):
            out += [token] if len(token) == 1 else [token[i : i + 2] for i in range(len(token) - 1)]
        else:
            out.append(token)
    return out


def features(text: str, extra: list[str] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Hashed feature indices and L2-normalised values for lower-cased, normalised text.
    Features: word unigrams and bigrams, and `extra` tokens. (Character n-grams were tried and dropped:
    they fit the training templates' surface and did worse on held-back template families.)"""
    tokens = words(text.lower())
    grams = [f"w:{w}" for w in tokens]
    grams += [f"b:{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    hashed = {zlib.crc32(g.encode()) % DIM: 1.0 for g in grams}
    hashed |= {zlib.crc32(f"x:{token}".encode()) % DIM: EXTRA_WEIGHT for token in extra}
    index = np.array(sorted(hashed), dtype=np.int64)
    values = np.array([hashed[i] for i in index], dtype=np.float64)
    return index, values / max(float(np.linalg.norm(values)), 1e-9)


@dataclass
class LinearModel:
    weights: np.ndarray  # (DIM,) float32
    bias: float
    threshold: float  # probability at or above which a text is called an injection

    def probability(self, index: np.ndarray, values: np.ndarray) -> float:
        z = float(self.weights[index] @ values) + self.bias
        return float(1.0 / (1.0 + np.exp(-z)))

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=np.float32(self.bias),
            threshold=np.float32(self.threshold),
        )

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        with np.load(path) as data:
            return cls(data["weights"].astype(np.float32), float(data["bias"]), float(data["threshold"]))


def train(
    samples: list[tuple[np.ndarray, np.ndarray]],
    labels: np.ndarray,
    *,
    l2: float = 1e-4,
    steps: int = 300,
    lr: float = 0.05,
    row_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression by full-batch Adam on sparse rows; `row_weight` weighs rows within
    their class (each class keeps half of the total weight). Returns (weights, bias)."""
    rows = np.concatenate([np.full(len(ix), r) for r, (ix, _) in enumerate(samples)])
    cols = np.concatenate([ix for ix, _ in samples])
    vals = np.concatenate([v for _, v in samples])
    n = len(samples)
    y = labels.astype(np.float64)
    rw = np.ones(n) if row_weight is None else np.asarray(row_weight, dtype=np.float64)
    positive, negative = max((rw * y).sum(), 1e-9), max((rw * (1 - y)).sum(), 1e-9)
    sample_weight = rw * np.where(y == 1, 0.5 / positive, 0.5 / negative)
    w, b = np.zeros(DIM), 0.0
    m_w, v_w, m_b, v_b = np.zeros(DIM), np.zeros(DIM), 0.0, 0.0
    for t in range(1, steps + 1):
        z = np.bincount(rows, weights=vals * w[cols], minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-z))
        r = (p - y) * sample_weight
        g_w = np.bincount(cols, weights=vals * r[rows], minlength=DIM) + l2 * w
        g_b = r.sum()
        m_w = 0.9 * m_w + 0.1 * g_w
        v_w = 0.999 * v_w + 0.001 * g_w**2
        m_b = 0.9 * m_b + 0.1 * g_b
        v_b = 0.999 * v_b + 0.001 * g_b**2
        scale = lr * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        w -= scale * m_w / (np.sqrt(v_w) + 1e-8)
        b -= scale * m_b / (np.sqrt(v_b) + 1e-8)
    return w.astype(np.float32), float(b)
