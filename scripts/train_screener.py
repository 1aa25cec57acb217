#!/usr/bin/env python3
"""Train the task screener on the generated corpus and report held-out figures.

The corpus (scripts/make_task_corpus.py) marks whole template families "heldout". A model fit on the
train split picks the decision threshold: the lowest whose rate of benign held-out instructions flagged is
at most --max-fpr. Held-out figures are printed for that model; then the model is refit on the whole
corpus with that threshold and written to deskpilot/safety/data/screener_model.npz. The independent test
set (bench/bench_screener.py) plays no part here. Training uses scikit-learn (the `train` extra); the
screener itself needs only numpy.

    .venv/bin/python scripts/make_task_corpus.py
    .venv/bin/python scripts/train_screener.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_task_corpus import OUT as CORPUS  # noqa: E402

from deskpilot.safety.screener import BENIGN, DIM, LABELS, MODEL_PATH, SoftmaxModel, features  # noqa: E402


def matrix(texts: list[str]) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        index, values, _ = features(text)
        rows.append(np.full(len(index), r))
        cols.append(index)
        vals.append(values)
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), DIM)
    )


def fit(rows: list[dict], c: float) -> SoftmaxModel:
    labels = np.array([LABELS.index(r["label"]) for r in rows])
    model = LogisticRegression(C=c, max_iter=1000)
    model.fit(matrix([r["text"] for r in rows]), labels)
    order = [list(model.classes_).index(i) for i in range(len(LABELS))]
    return SoftmaxModel(model.coef_[order].T.astype(np.float32), model.intercept_[order], LABELS, 0.5)


def not_benign(model: SoftmaxModel, rows: list[dict]) -> np.ndarray:
    """(score, likeliest category) per row."""
    out = []
    for r in rows:
        index, values, _ = features(r["text"])
        p = model.probabilities(index, values)
        out.append((1.0 - p[0], int(np.argmax(p[1:])) + 1))
    return np.array(out)


def report(model: SoftmaxModel, rows: list[dict]) -> dict:
    scored = not_benign(model, rows)
    flagged = scored[:, 0] >= model.threshold
    out: dict = {"per_category": {}, "per_language": {}}
    for label in LABELS[1:]:
        mask = np.array([r["label"] == label for r in rows])
        right = flagged & (scored[:, 1] == LABELS.index(label))
        out["per_category"][label] = {
            "n": int(mask.sum()),
            "flagged": round(float(flagged[mask].mean()), 4),
            "right_category": round(float(right[mask].mean()), 4),
        }
    benign = np.array([r["label"] == BENIGN for r in rows])
    out["benign"] = {"n": int(benign.sum()), "flagged": round(float(flagged[benign].mean()), 4)}
    for lang in sorted({r["lang"] for r in rows}):
        mask = np.array([r["lang"] == lang for r in rows])
        out["per_language"][lang] = {
            "misuse_flagged": round(float(flagged[mask & ~benign].mean()), 4),
            "benign_flagged": round(float(flagged[mask & benign].mean()), 4),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-fpr", type=float, default=0.025, help="benign held-out rows flagged, at most")
    parser.add_argument("--c", type=float, default=30.0, help="inverse L2 strength")
    args = parser.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    train = [r for r in rows if r["split"] == "train"]
    heldout = [r for r in rows if r["split"] == "heldout"]
    started = time.monotonic()
    model = fit(train, args.c)
    scores = not_benign(model, [r for r in heldout if r["label"] == BENIGN])[:, 0]
    candidates = [t for t in np.arange(0.3, 0.95, 0.01) if (scores >= t).mean() <= args.max_fpr]
    model.threshold = float(round(candidates[0] if candidates else 0.95, 2))
    figures = {"threshold": model.threshold, "heldout": report(model, heldout)}
    final = fit(rows, args.c)
    final.threshold = model.threshold
    final.save(MODEL_PATH)
    figures["train_seconds"] = round(time.monotonic() - started, 1)
    figures["model"] = str(MODEL_PATH)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
