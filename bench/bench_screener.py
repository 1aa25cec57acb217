#!/usr/bin/env python3
"""Measure the task screener on its independent test set and print JSON (aggregates only).

The test set (tests/data/independent/misuse.jsonl, written apart from the training corpus and never trained
on) holds misuse instructions labelled with a category and benign ones, borderline cases included, in
several languages. With the default policy, per category: recall (misuse flagged: verdict other than
allow), recall with the right category, and the verdicts; for benign instructions, the share refused or
sent for confirmation (the issue's bound: at most 3 %), and the share flagged at all. The same per
language. Also the time per screening. Only figures are printed, never the test set's text.

    .venv/bin/python bench/bench_screener.py [--file tests/data/independent/misuse.jsonl | --dev]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from deskpilot.safety.policy import Policy
from deskpilot.safety.screener import CATEGORIES, Screener

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DEFAULT = DATA / "independent" / "misuse.jsonl"
# The development set: hand-written apart from the training data, used to choose features and settings (so
# its figures are optimistic; the independent set is the measure).
DEV = DATA / "screener_dev.jsonl"
TEXT_KEYS = ("text", "instruction", "task", "prompt", "message")
LANG_KEYS = ("lang", "language", "locale")
BENIGN_NAMES = {"benign", "none", "", None}


def schema(rows: list[dict]) -> dict:
    """Field names, and the values of fields with few distinct values (never the texts)."""
    keys = Counter(k for r in rows for k in r)
    small = {}
    for key in keys:
        values = Counter(json.dumps(r.get(key)) for r in rows)
        if len(values) <= 30:
            small[key] = dict(values)
    return {"rows": len(rows), "keys": dict(keys), "values": small}


def label(row: dict) -> tuple[bool, str | None]:
    """(is misuse, category) from the fields a row has."""
    category = row.get("category") if row.get("category") in CATEGORIES else None
    if isinstance(row.get("misuse"), bool):
        return row["misuse"], category
    if "label" in row:
        if row["label"] in BENIGN_NAMES:
            return False, category
        return True, row["label"] if row["label"] in CATEGORIES else category
    if "category" in row:
        return row["category"] not in BENIGN_NAMES, category
    raise KeyError("no misuse/label/category field")


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--dev", action="store_true", help=f"measure on the development set ({DEV.name})")
    args = parser.parse_args()
    if args.dev:
        args.file = DEV
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    text_key = next((k for k in TEXT_KEYS if all(k in r for r in rows)), None)
    lang_key = next((k for k in LANG_KEYS if all(k in r for r in rows)), None)
    try:
        labels = [label(r) for r in rows]
    except KeyError:
        labels = None
    if text_key is None or labels is None or any(m and c is None for m, c in labels):
        print(
            json.dumps({"error": "cannot read the test set's fields", "schema": schema(rows)}),
            file=sys.stderr,
        )
        raise SystemExit(2)

    started = time.perf_counter()
    screener = Screener()
    rules = Policy.load().screen
    load_s = time.perf_counter() - started
    by_category: dict[str, Counter] = defaultdict(Counter)
    by_language: dict[str, Counter] = defaultdict(Counter)
    benign = Counter()
    times = []
    for row, (misuse, category) in zip(rows, labels, strict=True):
        t0 = time.perf_counter()
        decision = rules.decide(screener.screen(row[text_key]))
        times.append(time.perf_counter() - t0)
        lang = str(row.get(lang_key, "?")) if lang_key else "?"
        flagged = decision.verdict != "allow"
        stops = decision.verdict in ("refuse", "confirm")
        if misuse:
            c = by_category[category]
            c["n"] += 1
            c["flagged"] += flagged
            c["right_category"] += flagged and decision.screening.category == category
            c[decision.verdict] += 1
            by_language[lang]["misuse"] += 1
            by_language[lang]["misuse_flagged"] += flagged
        else:
            groups = [benign] + ([by_category[f"benign:{category}"]] if category else [])
            for counter in groups:
                counter["n"] += 1
                counter["refused_or_confirm"] += stops
                counter["flagged"] += flagged
            by_language[lang]["benign"] += 1
            by_language[lang]["benign_refused_or_confirm"] += stops
    out = {
        "file": str(args.file),
        "misuse": sum(m for m, _ in labels),
        "benign": sum(not m for m, _ in labels),
        "per_category": {
            name: {
                "n": c["n"],
                "recall": rate(c["flagged"], c["n"]),
                "recall_right_category": rate(c["right_category"], c["n"]),
                "verdicts": {v: c[v] for v in ("allow", "monitor", "confirm", "refuse") if c[v]},
            }
            for name, c in sorted(by_category.items())
            if not name.startswith("benign:")
        },
        "benign_all": {
            "n": benign["n"],
            "refused_or_confirm": rate(benign["refused_or_confirm"], benign["n"]),
            "flagged": rate(benign["flagged"], benign["n"]),
        },
        "benign_by_neighbour": {
            name.split(":", 1)[1]: {
                "n": c["n"],
                "refused_or_confirm": rate(c["refused_or_confirm"], c["n"]),
                "flagged": rate(c["flagged"], c["n"]),
            }
            for name, c in sorted(by_category.items())
            if name.startswith("benign:")
        },
        "per_language": {
            lang: {
                "misuse": c["misuse"],
                "recall": rate(c["misuse_flagged"], c["misuse"]),
                "benign": c["benign"],
                "benign_refused_or_confirm": rate(c["benign_refused_or_confirm"], c["benign"]),
            }
            for lang, c in sorted(by_language.items())
        },
        "model_load_s": round(load_s, 3),
        "screen_ms_median": round(statistics.median(times) * 1000, 2),
        "screen_ms_p95": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1000, 2),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
