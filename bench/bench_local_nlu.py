"""The local model's language understanding on the hand-written dev sentences, end to end: instruction ->
commands (or a question). Prints JSON: accuracy, asks when it should / should not, time per instruction.

    PYTHONPATH=. .venv/bin/python bench/bench_local_nlu.py [--dev tests/local/data/nlu_dev.jsonl] [--misses]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from deskpilot.local.nlu import understand

DEV = Path(__file__).resolve().parents[1] / "tests/local/data/nlu_dev.jsonl"


def matches(parsed, item: dict) -> bool:
    if item.get("ask"):
        return bool(parsed.question)
    commands = [c for c in parsed.commands if c.op != "if_named"]  # the save kept for a changed file
    if parsed.question or parsed.infeasible or len(commands) != len(item["expect"]):
        return False
    for cmd, (kind, fields) in zip(commands, item["expect"], strict=True):
        if cmd.kind != kind:
            return False
        for name, value in fields.items():
            got = getattr(cmd, name)
            if (list(got) if isinstance(got, tuple) else got) != value:
                return False
    return True


def score(path: Path = DEV) -> dict:
    items = [json.loads(line) for line in path.open()]
    understand("warm up")
    misses, times = [], []
    asked_wrongly = 0
    for item in items:
        start = time.perf_counter()
        parsed = understand(item["text"])
        times.append(time.perf_counter() - start)
        if not matches(parsed, item):
            asked_wrongly += bool(parsed.question) and not item.get("ask")
            misses.append({"text": item["text"], "question": parsed.question,
                           "got": [(c.kind, c.text, c.target, c.op, c.args) for c in parsed.commands]})  # fmt: skip
    times.sort()
    return {"n": len(items), "accuracy": round(1 - len(misses) / len(items), 4),
            "should_ask": sum(bool(i.get("ask")) for i in items), "asked_when_clear": asked_wrongly,
            "median_ms": round(1000 * times[len(times) // 2], 2), "misses": misses}  # fmt: skip


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    out = score(args.dev)
    if not args.misses:
        out.pop("misses")
    print(json.dumps(out, indent=1))
