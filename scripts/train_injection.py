#!/usr/bin/env python3
"""Train the prompt-injection classifier on the corpus's train split and report held-out metrics.

The decision threshold is chosen on the train split only, never on held-out data: whole template
families (a third of each label's) are held back as validation, a model is fit on the rest, and the
threshold is the lowest whose false-positive rate on those unseen families is at most --max-fpr; the
median over three such family splits is used. The model is then refit
on the whole train split and written to deskpilot/safety/data/injection_model.npz.

    .venv/bin/python scripts/make_injection_corpus.py
    .venv/bin/python scripts/train_injection.py
"""

from __future__ import annotations

import argparse
import json
import random

import numpy as np

from deskpilot.safety.classifier import LinearModel, features, train
from deskpilot.safety.injection import MODEL_PATH, Detector, classifier_input, normalise

CORPUS = MODEL_PATH.with_name("corpus.jsonl")


def featurise(text: str) -> tuple[np.ndarray, np.ndarray]:
    return features(*classifier_input(normalise(text)[0]))


def family_split(rows: list[dict], rng: random.Random) -> tuple[list[dict], list[dict]]:
    """(validation, fit): a third of each label's template families go to validation."""
    held = set()
    for label in (0, 1):
        families = sorted({r["family"] for r in rows if r["label"] == label})
        held |= {(label, f) for f in rng.sample(families, len(families) // 3)}
    validation = [r for r in rows if (r["label"], r["family"]) in held]
    return validation, [r for r in rows if (r["label"], r["family"]) not in held]


def pick_threshold(model: LinearModel, rows: list[dict], max_fpr: float) -> float:
    scores = np.array([model.probability(*featurise(r["text"])) for r in rows])
    labels = np.array([r["label"] for r in rows])
    benign = np.sort(scores[labels == 0])[::-1]
    allowed = int(np.floor(max_fpr * len(benign)))
    return float(min(0.99, max(0.2, benign[allowed] + 1e-6 if allowed < len(benign) else 0.2)))


def metrics(detector: Detector, rows: list[dict]) -> dict:
    predicted = np.array([detector.scan(r["text"]).is_injection for r in rows])
    labels = np.array([r["label"] for r in rows]) == 1
    return {
        "injection": int(labels.sum()),
        "benign": int((~labels).sum()),
        "recall": float(predicted[labels].mean()),
        "false_positive_rate": float(predicted[~labels].mean()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-fpr", type=float, default=0.02, help="false-positive budget on validation")
    args = parser.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    train_rows = [r for r in rows if r["split"] == "train"]
    heldout = [r for r in rows if r["split"] == "heldout"]
    thresholds = []
    for seed in range(3):
        validation, fit = family_split(train_rows, random.Random(seed))
        weights, bias = train([featurise(r["text"]) for r in fit], np.array([r["label"] for r in fit]))
        thresholds.append(pick_threshold(LinearModel(weights, bias, 0.5), validation, args.max_fpr))
    threshold = float(np.median(thresholds))

    weights, bias = train(
        [featurise(r["text"]) for r in train_rows], np.array([r["label"] for r in train_rows])
    )
    LinearModel(weights, bias, threshold).save(MODEL_PATH)
    detector = Detector(MODEL_PATH)
    report = {
        "thresholds": [round(t, 4) for t in thresholds],
        "threshold": round(threshold, 4),
        "train": metrics(detector, train_rows),
        "heldout": metrics(detector, heldout),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
