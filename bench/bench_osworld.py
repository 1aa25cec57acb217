"""The real OSWorld on local desktops: the tasks that need no network (no URL outside loopback in their
config or evaluator, no Google account), run with the `noop` agent at several --parallel values. Prints
JSON: tasks per minute, wall time, statuses (how many set up and evaluated without error) and the mean
per-phase seconds (reset = desktop start and teardown, setup = config steps, eval = postconfig and
grading) per parallelism.

    .venv/bin/python bench/bench_osworld.py [--parallel 1,2,4] [--examples DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console

from deskpilot.evals.runner import EvalConfig, run_eval
from deskpilot.evals.tasks import Task, load_tasks

# ../shared beside the checkout (one level further up from a worktree)
EXAMPLES = next(
    (
        p / "shared/data/osworld/examples"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared").is_dir()
    ),
    Path("../shared/data/osworld/examples"),
)
OUTSIDE_URL = re.compile(r"https?://(?!localhost|127\.0\.0\.1)")
PHASES = ("reset_s", "setup_s", "eval_s", "time_s")
GRADED = "ok"  # set up and evaluated without error; app_unavailable etc. are counted apart


def network_free(task: Task) -> bool:
    steps = list(task.config) + list(task.evaluator.get("postconfig") or [])
    if any(step.get("type") in ("googledrive", "login") for step in steps):
        return False
    return not OUTSIDE_URL.search(json.dumps({"config": task.config, "evaluator": task.evaluator}))


def bench(examples: Path, parallels: list[int]) -> dict:
    tasks = [t for t in load_tasks([str(examples)]) if network_free(t)]
    runs = []
    for parallel in parallels:
        with tempfile.TemporaryDirectory(prefix="bench-osworld-") as out, open(os.devnull, "w") as sink:
            started = time.monotonic()
            config = EvalConfig(agent="noop", parallel=parallel, timeout_s=240, out_dir=Path(out))
            run_eval(tasks, config, console=Console(file=sink))
            wall = time.monotonic() - started
            records = json.loads((Path(out) / "results.json").read_text())["tasks"]
        graded = [r for r in records if r["status"] == GRADED]
        runs.append(
            {
                "parallel": parallel,
                "wall_s": round(wall, 1),
                "tasks_per_min": round(len(tasks) * 60 / wall, 1),
                "statuses": dict(Counter(r["status"] for r in records)),
                "errors": {
                    r["id"]: r["error"] for r in records if r["status"] in ("error", "timeout", "crashed")
                },
                "mean_phase_s_of_graded": {
                    key: round(statistics.mean(r[key] for r in graded), 2) for key in PHASES
                }
                if graded
                else {},
            }
        )
    return {"tasks": len(tasks), "cpus": os.cpu_count(), "agent": "noop", "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="OSWorld's examples folder")
    parser.add_argument("--parallel", default="1,2,4", help="comma-separated values")
    args = parser.parse_args()
    print(json.dumps(bench(args.examples, [int(p) for p in args.parallel.split(",")]), indent=1))


if __name__ == "__main__":
    main()
