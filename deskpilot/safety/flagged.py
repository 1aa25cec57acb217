"""Flagged runs across runs: the task screener's records, read back from each run's audit log.

For a person who monitors a deployment (`deskpilot audit report`): which runs the screener flagged, by
category, with the verdict, whether a person approved, and whether each run's log still verifies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from deskpilot.safety.audit import LOG_NAME, verify


@dataclass
class FlaggedRun:
    run: str  # the run folder's name
    path: str
    intact: bool  # the audit log's hash chain verifies
    screenings: list[dict] = field(default_factory=list)  # flagged screening records (data + ts)
    approvals: list[dict] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return sorted({s["category"] for s in self.screenings})

    @property
    def first_ts(self) -> float:
        return min(s["ts"] for s in self.screenings)


def audit_logs(roots: Iterable[Path]) -> list[Path]:
    """Every run's audit folder under the roots (RUN/audit/audit.jsonl)."""
    found = set()
    for root in roots:
        if root.is_dir():
            found |= {log.parent for log in root.glob(f"*/audit/{LOG_NAME}")}
    return sorted(found)


def read_run(audit_dir: Path, since: float = 0.0) -> tuple[bool, FlaggedRun | None]:
    """(screened at or after `since`, the run if something was flagged). Unreadable lines are skipped;
    the run is then reported as not intact."""
    run = FlaggedRun(audit_dir.parent.name, str(audit_dir.parent), verify(audit_dir).ok)
    screened = False
    for line in (audit_dir / LOG_NAME).read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
            kind, data, ts = record["kind"], record["data"], float(record["ts"])
        except (ValueError, KeyError, TypeError):
            continue
        if ts < since:
            continue
        if kind == "screening":
            screened = True
            if data.get("category"):
                run.screenings.append({**data, "ts": ts})
        elif kind == "approval" and "source" in data:
            run.approvals.append({**data, "ts": ts})
    return screened, run if run.screenings else None


def run_flags(run_dir: Path) -> list[str]:
    """The categories a run was flagged with, from its audit log (cheap: no verification)."""
    path = run_dir / "audit" / LOG_NAME
    if not path.is_file():
        return []
    found = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if '"screening"' in line:
            try:
                category = json.loads(line)["data"].get("category")
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            if category:
                found.add(category)
    return sorted(found)


def report(roots: Iterable[Path], since: float = 0.0) -> dict:
    """Flagged runs and a summary by category."""
    screened, runs = 0, []
    for audit_dir in audit_logs(roots):
        was_screened, run = read_run(audit_dir, since)
        screened += was_screened
        if run:
            runs.append(run)
    runs.sort(key=lambda r: r.first_ts)
    categories: dict[str, dict] = {}
    for run in runs:
        for s in run.screenings:
            entry = categories.setdefault(
                s["category"], {"runs": set(), "texts": 0, "verdicts": {}, "mid_run": 0, "last_ts": 0.0}
            )
            entry["runs"].add(run.run)
            entry["texts"] += 1
            entry["verdicts"][s["verdict"]] = entry["verdicts"].get(s["verdict"], 0) + 1
            entry["mid_run"] += s.get("source") == "message"
            entry["last_ts"] = max(entry["last_ts"], s["ts"])
    summary = {
        name: {**entry, "runs": len(entry["runs"]), "examples": sorted(entry["runs"])[-3:]}
        for name, entry in sorted(categories.items(), key=lambda item: -len(item[1]["runs"]))
    }
    return {
        "since": since or None,
        "runs_screened": screened,
        "runs_flagged": len(runs),
        "categories": summary,
        "runs": [
            {
                "run": r.run,
                "path": r.path,
                "intact": r.intact,
                "categories": r.categories,
                "screenings": r.screenings,
                "approvals": r.approvals,
            }
            for r in runs
        ],
    }
