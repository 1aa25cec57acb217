"""Train the local model's NLU (slot tagger + intent classifier) on the generated corpus and compare the
intent classifiers by measurement.

    python scripts/make_intent_corpus.py --out data/intent_corpus
    python scripts/train_nlu.py --corpus data/intent_corpus --dev tests/local/data/nlu_dev.jsonl

Candidates for the intent classifier: (a) hashed word/char n-grams + logistic regression; (b) MiniLM
sentence embeddings (deskpilot.local.semantic) + logistic regression. Both are scored on the held-out
templates of the corpus and on hand-written dev sentences; the JSON printed at the end is the comparison.
The kept weights (deskpilot/local/nlu/nlu_weights.npz) are the tagger and candidate (a) unless --keep says
otherwise. scikit-learn is needed only here.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression, SGDClassifier

from deskpilot.local.nlu.model import (
    HASH_BITS,
    WEIGHTS,
    Linear,
    NLUModel,
    hashed,
    head_probs,
    minilm_sentence,
    save,
)
from deskpilot.local.nlu.text import clause_features, prepare, raw_tokens, token_features


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open()]


def labelled(sample: dict) -> tuple[list[str], list[str], list[tuple[list[str], str]]]:
    """Token texts, BIO labels, and (clause tokens, intent) pairs."""
    tokens = raw_tokens(sample["text"])
    labels = ["O"] * len(tokens)
    for s, e, lab in sample["spans"]:
        inside = [i for i, t in enumerate(tokens) if t.start >= s and t.end <= e]
        for n, i in enumerate(inside):
            labels[i] = ("B-" if n == 0 else "I-") + lab
    clauses = []
    for c in sample.get("clauses", []):
        words = [t.text for t, lab in zip(tokens, labels, strict=True)
                 if t.start >= c["start"] and t.end <= c["end"] and not lab.endswith("SEP")]  # fmt: skip
        clauses.append((words, c["intent"]))
    return [t.text for t in tokens], labels, clauses


def matrix(feature_lists: list[list[str]]) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, feats in enumerate(feature_lists):
        ids = np.unique(hashed(feats))
        rows.append(np.full(len(ids), r))
        cols.append(ids)
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(feature_lists), 1 << HASH_BITS)
    )


# Feature rows whose weights all stay below this are dropped (they barely move a score): the weights
# file stays a few MB.
PRUNE_BELOW = 2e-2


def fit_linear(x: sparse.csr_matrix, y: list[str], alpha: float) -> Linear:
    clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=15, tol=None, random_state=0)
    clf.fit(x, y)
    coef = clf.coef_.T  # (features, labels)
    used = np.flatnonzero(np.abs(coef).max(1) > PRUNE_BELOW)
    return Linear(used.astype(np.int64), coef[used].astype(np.float16), clf.intercept_.astype(np.float32),
                  [str(c) for c in clf.classes_])  # fmt: skip


def spans_of(labels: list[str]) -> set[tuple[int, int, str]]:
    out, start = set(), None
    for i, lab in enumerate([*labels, "O"]):
        if start is not None and not lab.startswith("I-"):
            out.add((start, i, labels[start][2:]))
            start = None
        if lab.startswith("B-"):
            start = i
    return out


def evaluate(model: NLUModel, samples: list[dict]) -> dict:
    tp = fp = fn = 0
    intent_ok = intent_n = exact = 0
    for s in samples:
        words, gold, clauses = labelled(s)
        pred = model.tag(words)
        g, p = spans_of(gold), spans_of(pred)
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
        ok = g == p
        for cw, intent in clauses:
            intent_n += 1
            hit = model.intent(cw)[0] == intent
            intent_ok += hit
            ok = ok and hit
        exact += ok
    return {"slot_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4), "intent_acc": round(intent_ok / max(1, intent_n), 4),
            "sample_exact": round(exact / max(1, len(samples)), 4), "n": len(samples)}  # fmt: skip


def dev_intents(predict, dev: list[dict]) -> dict:
    """Intent accuracy on the hand-written single-step dev sentences (the whole sentence is the clause)."""
    hits = [predict([t.text for t in prepare(d["text"]).tokens()])[0] == d["intents"][0] for d in dev]
    return {"intent_acc": round(float(np.mean(hits)), 4) if hits else None, "n": len(hits)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("data/intent_corpus"))
    ap.add_argument("--dev", type=Path, default=Path("tests/local/data/nlu_dev.jsonl"))
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--minilm", type=int, default=6000, help="clauses for candidate (b); 0 skips it")
    ap.add_argument(
        "--compare-only", action="store_true", help="load the shipped weights; only compare (a)/(b)/(c)"
    )
    args = ap.parse_args()
    if args.compare_only:
        from deskpilot.local.nlu.model import load as load_model

        model = load_model(args.out)
        held = load(args.corpus / "heldout.jsonl")
        dev = [d for d in load(args.dev) if len(d.get("intents", [])) == 1]
        train = load(args.corpus / "train.jsonl")
        pairs = [c for s in train for c in labelled(s)[2]]
        pick = np.random.default_rng(0).permutation(len(pairs))[: args.minilm]
        report, _ = minilm_candidate(
            [pairs[i][0] for i in pick], [pairs[i][1] for i in pick], held, dev, model
        )
        print(json.dumps(report, indent=1))
        return
    t0 = time.time()
    held_path = args.corpus / "heldout.jsonl"  # absent when every template trains (--heldout-share 0)
    train, held = load(args.corpus / "train.jsonl"), load(held_path) if held_path.exists() else []
    dev = [d for d in load(args.dev) if len(d.get("intents", [])) == 1] if args.dev.exists() else []
    tok_x, tok_y, cl_x, cl_y = [], [], [], []
    for s in train:
        words, labels, clauses = labelled(s)
        tok_x += [token_features(words, i) for i in range(len(words))]
        tok_y += labels
        for cw, intent in clauses:
            cl_x.append(cw)
            cl_y.append(intent)
    tagger = fit_linear(matrix(tok_x), tok_y, 2e-6)
    intents = fit_linear(matrix([clause_features(w) for w in cl_x]), cl_y, 2e-6)
    model = NLUModel(tagger, intents)
    save(args.out, tagger, intents)
    report = {"train_samples": len(train), "train_tokens": len(tok_y), "train_s": round(time.time() - t0, 1),
              "a_ngram": {"heldout": evaluate(model, held), "dev": dev_intents(model.intent, dev)}}  # fmt: skip
    if args.minilm:
        pick = np.random.default_rng(0).permutation(len(cl_x))[: args.minilm]
        report["compare"], head = minilm_candidate(
            [cl_x[i] for i in pick], [cl_y[i] for i in pick], held, dev, model
        )
        if head is not None:
            save(args.out, tagger, intents, head)
    report["weights_bytes"] = args.out.stat().st_size
    print(json.dumps(report, indent=1))


def minilm_candidate(words, y, held, dev, model: NLUModel) -> tuple[dict, tuple | None]:
    """Candidate (b): MiniLM embeddings of the clause + logistic regression; and (c): the mean of the
    probabilities of (a) and (b). Returns the report and the head when (c) beats (a)."""
    from deskpilot.perception import semantic

    t0 = time.time()
    clf = LogisticRegression(max_iter=2000, C=10.0)
    clf.fit(semantic.embed([minilm_sentence(w) for w in words]), y)
    order = [list(clf.classes_).index(lab) if lab in clf.classes_ else -1 for lab in model.intents.labels]
    w = np.stack([clf.coef_[i] if i >= 0 else np.zeros(clf.coef_.shape[1]) for i in order])
    b = np.array([clf.intercept_[i] if i >= 0 else -30.0 for i in order])
    head = (w.astype(np.float32), b.astype(np.float32))
    out: dict = {"train_s": round(time.time() - t0, 1), "clauses": len(words)}
    pairs = [c for s in held for c in labelled(s)[2]][:1000]
    dev_pairs = [([t.text for t in prepare(d["text"]).tokens()], d["intents"][0]) for d in dev]
    ensemble = NLUModel(model.tagger, model.intents, head)
    labels = model.intents.labels
    for name, items in (("heldout", pairs), ("dev", dev_pairs)):
        b_hits = [labels[int(np.argmax(head_probs(head, ws)))] == g for ws, g in items]
        c_hits = [ensemble.intent(ws)[0] == g for ws, g in items]
        a_hits = [model.intent(ws)[0] == g for ws, g in items]
        out[name] = {"n": len(items), "a_ngram": round(float(np.mean(a_hits)), 4),
                     "b_minilm": round(float(np.mean(b_hits)), 4), "c_mean_of_a_b": round(float(np.mean(c_hits)), 4)}  # fmt: skip
    better = sum(out[n]["c_mean_of_a_b"] - out[n]["a_ngram"] for n in ("heldout", "dev")) > 0
    out["kept"] = "c_mean_of_a_b" if better else "a_ngram"
    return out, head if better else None


if __name__ == "__main__":
    main()
