"""The NLU's two learned parts, linear models over hashed features, run in numpy:

- a slot tagger: one BIO label per token (APP, EXPR, TEXT, FILE, NEW, ... and SEP between clauses),
  decoded with Viterbi under BIO constraints;
- an intent classifier: one intent per clause.

Weights are trained by scripts/train_nlu.py (scikit-learn, not needed at run time) and stored sparsely:
only the hashed feature rows that training used.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from deskpilot.local.nlu.text import clause_features, token_features

HASH_BITS = 18
WEIGHTS = Path(__file__).with_name("nlu_weights.npz")


def hashed(features: list[str]) -> np.ndarray:
    return np.array([zlib.crc32(f.encode()) & ((1 << HASH_BITS) - 1) for f in features], np.int64)


@dataclass
class Linear:
    rows: np.ndarray  # sorted hashed feature ids that have weights
    weights: np.ndarray  # (len(rows), labels)
    bias: np.ndarray
    labels: list[str]

    def scores(self, features: list[str]) -> np.ndarray:
        ids = np.unique(hashed(features))
        at = np.searchsorted(self.rows, ids)
        at = at[(at < len(self.rows)) & (self.rows[np.minimum(at, len(self.rows) - 1)] == ids)]
        return self.weights[at].astype(np.float32).sum(0) + self.bias

    def probs(self, features: list[str]) -> np.ndarray:
        s = self.scores(features)
        e = np.exp(s - s.max())
        return e / e.sum()


@dataclass
class NLUModel:
    tagger: Linear
    intents: Linear
    head: tuple[np.ndarray, np.ndarray] | None = None  # MiniLM head (W, b), same label order as `intents`

    def tag(self, words: list[str]) -> list[str]:
        if not words:
            return []
        logp = np.log(
            np.stack([self.tagger.probs(token_features(words, i)) for i in range(len(words))]) + 1e-9
        )
        return viterbi(logp, self.tagger.labels)

    def intent(self, words: list[str]) -> tuple[str, float, str, float]:
        """The best intent, its probability, the runner-up and its probability."""
        (a, pa), (b, pb) = self.ranked(words, 2)
        return a, pa, b, pb

    def ranked(self, words: list[str], k: int = 5) -> list[tuple[str, float]]:
        """The k likeliest intents with their probabilities, best first."""
        p = self.intents.probs(clause_features(words))
        if self.head is not None:  # the ensemble: mean of both classifiers' probabilities
            p = (p + head_probs(self.head, words)) / 2
        return [(self.intents.labels[i], float(p[i])) for i in np.argsort(-p)[:k]]


def minilm_sentence(words: list[str]) -> str:
    """A clause as MiniLM reads it: quoted values shown as X."""
    return " ".join("X" if w.startswith("\x00") else w for w in words)


def head_probs(head: tuple[np.ndarray, np.ndarray], words: list[str]) -> np.ndarray:
    from deskpilot.perception import semantic

    s = semantic.embed([minilm_sentence(words)])[0] @ head[0].T + head[1]
    e = np.exp(s - s.max())
    return e / e.sum()


def viterbi(logp: np.ndarray, labels: list[str]) -> list[str]:
    """The best label sequence where I-X only follows B-X or I-X."""
    n, k = logp.shape
    allowed = np.zeros((k, k), np.float32)
    for j, lab in enumerate(labels):
        if lab.startswith("I-"):
            for i, prev in enumerate(labels):
                if prev[2:] != lab[2:] or prev == "O":
                    allowed[i, j] = -1e4
    start = np.array([-1e4 if lab.startswith("I-") else 0.0 for lab in labels], np.float32)
    score = logp[0] + start
    back = np.zeros((n, k), np.int64)
    for t in range(1, n):
        total = score[:, None] + allowed + logp[t][None, :]
        back[t] = total.argmax(0)
        score = total.max(0)
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    return [labels[i] for i in reversed(path)]


def save(path: Path, tagger: Linear, intents: Linear, head=None) -> None:
    extra = (
        {"head_w": head[0].astype(np.float16), "head_b": head[1].astype(np.float32)}
        if head is not None
        else {}
    )
    np.savez_compressed(
        path,
        **extra,
        **{f"{name}_{part}": value for name, m in (("tagger", tagger), ("intents", intents))
           for part, value in (("rows", m.rows), ("weights", m.weights), ("bias", m.bias),
                               ("labels", np.array(m.labels)))},
    )  # fmt: skip


@lru_cache(maxsize=1)
def load(path: Path = WEIGHTS) -> NLUModel:
    z = np.load(path)

    def part(name: str) -> Linear:
        return Linear(
            z[f"{name}_rows"], z[f"{name}_weights"], z[f"{name}_bias"], [str(x) for x in z[f"{name}_labels"]]
        )

    head = (z["head_w"].astype(np.float32), z["head_b"]) if "head_w" in z else None
    return NLUModel(part("tagger"), part("intents"), head)
