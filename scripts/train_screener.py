#!/usr/bin/env python3
"""Train the task screener on the generated corpus and report held-out figures.

The corpus (scripts/make_task_corpus.py) marks whole template families, and a quarter of the hand-written
rows, "heldout". Hand-written rows weigh --hand-weight template rows. A model fit on the train split picks
the decision threshold: the lowest at which the default policy would refuse or hold for confirmation at
most --max-fpr of the benign held-out instructions (hand-written rows weighted as in training), unless
--threshold gives one. Held-out figures are printed for that model (all, and
the hand-written part alone); then the model is refit on the whole corpus with that threshold and written
to deskpilot/safety/data/screener_model.npz. The development set (tests/data/screener_dev.jsonl,
`bench/bench_screener.py --dev`) is not trained on. The independent test
set (bench/bench_screener.py) plays no part here. Training uses scikit-learn (the `train` extra); the
screener itself needs only numpy.

    .venv/bin/python scripts/make_task_corpus.py
    .venv/bin/python scripts/train_screener.py --threshold 0.56  # the shipped weights
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

from deskpilot.safety.screener import (  # noqa: E402
    BENIGN,
    CONFIRM,
    DIM,
    LABELS,
    MODEL_PATH,
    REFUSE,
    Screener,
    ScreenRules,
    SoftmaxModel,
    features,
)


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


def fit(
    x: sp.csr_matrix, rows: list[dict], c: float, hand_weight: float, start: LogisticRegression | None = None
) -> tuple[SoftmaxModel, LogisticRegression]:
    """A softmax over LABELS; hand-written rows weigh `hand_weight` template rows. `start`: a fitted model
    to start from (the final fit on all rows starts from the train-split fit, which makes it quicker)."""
    labels = np.array([LABELS.index(r["label"]) for r in rows])
    weights = np.array([hand_weight if r["family"].startswith("hand:") else 1.0 for r in rows])
    model = start or LogisticRegression(C=c, max_iter=1000, warm_start=True)
    model.fit(x, labels, sample_weight=weights)
    order = [list(model.classes_).index(i) for i in range(len(LABELS))]
    return SoftmaxModel(model.coef_[order].T.astype(np.float32), model.intercept_[order], LABELS, 0.5), model


def stopped(model: SoftmaxModel, rows: list[dict], thresholds: np.ndarray) -> np.ndarray:
    """Per threshold, the share of rows the default policy would refuse or hold for confirmation."""
    rules, screener = ScreenRules(), Screener(threshold=0.0, model=model)
    scores, stops = [], []
    for r in rows:
        screening = screener.screen(r["text"])  # at threshold 0 its category is the likeliest one
        scores.append(screening.score)
        stops.append(rules.decide(screening).verdict in (CONFIRM, REFUSE))
    scores, stops = np.array(scores), np.array(stops)
    return np.array([np.mean(stops & (scores >= t)) for t in thresholds])


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
    parser.add_argument(
        "--max-fpr", type=float, default=0.03, help="held-out benign rows refused or confirmed, at most"
    )
    parser.add_argument("--c", type=float, default=30.0, help="inverse L2 strength")
    parser.add_argument(
        "--hand-weight", type=float, default=10.0, help="weight of a hand-written row against a template row"
    )
    parser.add_argument(
        "--threshold",
        type=float,
        help="use this threshold instead of the held-out rule (the shipped one was chosen on the development "
        "sets: see README)",
    )
    args = parser.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    started = time.monotonic()
    x = matrix([r["text"] for r in rows])
    train = np.array([r["split"] == "train" for r in rows])
    heldout = [r for r, t in zip(rows, train, strict=True) if not t]
    model, fitted = fit(
        x[train], [r for r, t in zip(rows, train, strict=True) if t], args.c, args.hand_weight
    )
    # The threshold: the lowest at which at most --max-fpr of the held-out benign rows would be refused or
    # held for confirmation by the default policy (the bound on benign instructions). The held-out
    # families include hard neighbours (defending against abuse and scams, checking domains without buying),
    # so the bound is taken as it stands rather than with a margin (2% on easy held-out rows alone gave 3.9%
    # on the independent set).
    # Hand-written rows count --hand-weight times here, as in training: unweighted, easy template families
    # swamped the rate (adding upkeep templates once let the threshold fall to 0.30, with 16 % of held-out
    # hand-written benign rows flagged); the hand-written rows alone at 3 % gave 0.87 and lost much recall.
    benign = [r for r in heldout if r["label"] == BENIGN]
    hand = [r for r in benign if r["family"].startswith("hand:")]
    templates = [r for r in benign if not r["family"].startswith("hand:")]
    candidates = np.round(np.arange(0.3, 0.95, 0.01), 2)
    rates = (
        len(templates) * stopped(model, templates, candidates)
        + args.hand_weight * len(hand) * stopped(model, hand, candidates)
    ) / (len(templates) + args.hand_weight * len(hand))
    rule = float(candidates[rates <= args.max_fpr][0] if (rates <= args.max_fpr).any() else 0.95)
    model.threshold = rule if args.threshold is None else args.threshold
    figures = {
        "threshold": model.threshold,
        "heldout_rule_threshold": rule,
        "heldout": report(model, heldout),
        "heldout_handwritten": report(model, [r for r in heldout if r["family"].startswith("hand:")]),
    }
    final, _ = fit(x, rows, args.c, args.hand_weight, start=fitted)
    final.threshold = model.threshold
    final.save(MODEL_PATH)
    figures["train_seconds"] = round(time.monotonic() - started, 1)
    figures["model"] = str(MODEL_PATH)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
