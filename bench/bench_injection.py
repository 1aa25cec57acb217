"""Injection detector benchmark: recall and false-positive rate per language. Prints JSON.

    .venv/bin/python bench/bench_injection.py [--set PATH.jsonl] [--dev] [--own-heldout]

--set: a JSON-lines test set written apart from our training data (default tests/data/independent/injection.jsonl):
one object per line with the text ("text"), the truth ("label": 1/0, true/false, "injection"/"benign"; or
"is_injection") and the language ("lang" or "language"; "unknown" if absent). The detector never trains or
tunes on it. --dev measures our own hand-written dev set (tests/data/injection_dev.jsonl, written apart from
the training data, never trained on); --own-heldout the held-out split of the generated corpus
(deskpilot/safety/data/corpus.jsonl).
Goal: recall >= 0.95 with a false-positive rate <= 0.03 in every language.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from deskpilot.safety.injection import MODEL_PATH, Detector

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests/data/independent/injection.jsonl"
DEV_SET = Path(__file__).resolve().parents[1] / "tests/data/injection_dev.jsonl"
TRUE = {"1", "true", "yes", "injection", "malicious", "attack", "positive"}
FALSE = {"0", "false", "no", "benign", "clean", "safe", "negative"}


def truth(row: dict) -> bool | None:
    for key in ("label", "is_injection", "injection"):
        if key in row:
            value = str(row[key]).strip().lower()
            return True if value in TRUE else False if value in FALSE else None
    return None


def measure(rows: list[dict]) -> dict:
    detector = Detector()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
    skipped = 0
    began = time.perf_counter()
    for row in rows:
        label, text = truth(row), row.get("text")
        if label is None or not isinstance(text, str):
            skipped += 1
            continue
        lang = str(row.get("lang") or row.get("language") or "unknown")
        flagged = detector.scan(text).is_injection
        counts[lang][("tp" if flagged else "fn") if label else ("fp" if flagged else "tn")] += 1
    elapsed = time.perf_counter() - began
    per_language = {}
    for lang, c in sorted(counts.items()):
        positives, negatives = c["tp"] + c["fn"], c["fp"] + c["tn"]
        per_language[lang] = {
            "injections": positives,
            "benign": negatives,
            "recall": round(c["tp"] / positives, 4) if positives else None,
            "false_positive_rate": round(c["fp"] / negatives, 4) if negatives else None,
        }
    meets = all(
        (m["recall"] is None or m["recall"] >= 0.95)
        and (m["false_positive_rate"] is None or m["false_positive_rate"] <= 0.03)
        for m in per_language.values()
    )
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fn", "fp", "tn")}
    return {
        "samples": len(rows) - skipped,
        "skipped_unlabelled": skipped,
        "overall_recall": round(total["tp"] / max(total["tp"] + total["fn"], 1), 4),
        "overall_false_positive_rate": round(total["fp"] / max(total["fp"] + total["tn"], 1), 4),
        "per_language": per_language,
        "meets_goal_in_every_language": meets,
        "ms_per_text": round(1000 * elapsed / max(len(rows) - skipped, 1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--dev", action="store_true")
    parser.add_argument("--own-heldout", action="store_true")
    args = parser.parse_args()
    if args.dev:
        args.set = DEV_SET
    if args.own_heldout:
        corpus = MODEL_PATH.with_name("corpus.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [r | {"lang": r.get("lang", "en")} for r in map(json.loads, corpus) if r["split"] == "heldout"]
        source = "own held-out split"
    else:
        rows = [
            json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        source = str(args.set)
    print(json.dumps({"set": source, **measure(rows)}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
