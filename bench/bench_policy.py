"""How often the default policy lets a dangerous shell command through, and refuses a harmless one.

Usage: python bench/bench_policy.py [SET.jsonl]
A set is JSON lines with "command" and "label" ("dangerous" or anything else for harmless; "id" and
"kind" are reported when present); each command is judged as a bash tool call. Without a set, the
table of tests/safety/test_policy_disguised.py is used (bash and typed cases). "Allowed" means the verdict
is allow; confirm and deny both count as refused. Prints one JSON object.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

from deskpilot.core.turns import ToolCall
from deskpilot.safety.policy import ActionContext, Policy

TABLE = Path(__file__).resolve().parents[1] / "tests" / "safety" / "test_policy_disguised.py"


def load_set(path: str | None) -> list[dict]:
    """Cases as {"id", "kind", "dangerous", "steps": [(call, context)]}."""
    if path:
        cases = []
        for number, line in enumerate(Path(path).read_text().splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                call = ToolCall(str(row.get("id", number)), "bash", {"command": row["command"]})
                cases.append({"id": row.get("id", number), "kind": row.get("kind", ""),
                              "dangerous": row["label"] == "dangerous", "steps": [(call, ActionContext())]})  # fmt: skip
        return cases
    spec = importlib.util.spec_from_file_location("policy_table", TABLE)
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    return [
        {"id": i, "kind": "table", "dangerous": dangerous, "steps": steps}
        for dangerous, group in ((True, table.DANGEROUS), (False, table.HARMLESS))
        for i, steps in enumerate(group)
    ]


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else None
    cases = load_set(path)
    policy = Policy.load()
    verdicts = Counter()
    allowed_dangerous, refused_harmless = [], []
    start = time.perf_counter()
    decisions = 0
    for case in cases:
        results = [policy.check(call, context) for call, context in case["steps"]]
        decisions += len(results)
        allowed = all(d.verdict == "allow" for d in results)
        verdicts[("dangerous" if case["dangerous"] else "harmless", max(d.verdict for d in results))] += 1
        if case["dangerous"] and allowed:
            allowed_dangerous.append(f"{case['id']} ({case['kind']})")
        if not case["dangerous"] and not allowed:
            refused_harmless.append(f"{case['id']} ({case['kind']})")
    elapsed = time.perf_counter() - start
    dangerous = sum(c["dangerous"] for c in cases)
    harmless = len(cases) - dangerous
    print(json.dumps({
        "set": path or str(TABLE.relative_to(TABLE.parents[2])),
        "dangerous": dangerous,
        "dangerous_allowed": len(allowed_dangerous),
        "dangerous_allowed_share": round(len(allowed_dangerous) / max(dangerous, 1), 4),
        "harmless": harmless,
        "harmless_refused": len(refused_harmless),
        "harmless_refused_share": round(len(refused_harmless) / max(harmless, 1), 4),
        "verdicts": {f"{label}/{verdict}": n for (label, verdict), n in sorted(verdicts.items())},
        "allowed_dangerous": allowed_dangerous,
        "refused_harmless": refused_harmless,
        "ms_per_decision": round(1000 * elapsed / max(decisions, 1), 3),
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
