"""Run many tasks: each in its own process on a fresh desktop, N at a time, with a time limit per task.

A task that crashes its process or hangs is recorded as such (a hung one is killed, and its desktop
is torn down by the desktop's reaper); the run goes on. Records are appended to results.jsonl as tasks
finish (fsync'd), so `resume` skips what a crashed or interrupted run already finished. At the end:
results.json (every record and a summary) and report.html (a table per domain) in the output folder.

Layout of the output folder: results.jsonl, results.json, report.html, trajectories/<task id>/<run id>/
(with report.html when deskpilot.store is installed) and logs/<task id>.log (each worker's output).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from deskpilot.evals import report
from deskpilot.evals.downloads import DEFAULT_CACHE
from deskpilot.evals.isolated import kill, run_isolated
from deskpilot.evals.tasks import Task

RESULTS_LOG = "results.jsonl"
RESULTS = "results.json"
AGENT_TIME_SHARE = 0.8  # the agent's own time budget, as a share of the task's time limit


@dataclass
class EvalConfig:
    agent: str = "local"
    parallel: int = 1
    max_steps: int = 30
    timeout_s: float = 600.0  # per task, from process start to record
    out_dir: Path = Path("runs/eval")
    resume: bool = False
    policy: str | None = None  # the eval policy file (default: the built-in policy)
    scan_screen: bool = False  # OCR every screenshot for prompt injections (slower)
    cache_dir: Path = DEFAULT_CACHE  # the download cache (OSWorld's fixture and gold files)
    offline: bool = False  # use only the cache; tasks missing a file get status needs_network


def _file_name(task_id: str) -> str:
    return re.sub(r"[^\w.-]", "_", task_id)


def make_job(task: Task, config: EvalConfig) -> dict:
    root = Path(config.out_dir).resolve()
    name = _file_name(task.id)
    return {
        "task": task.to_job(),
        "agent": config.agent,
        "max_steps": config.max_steps,
        "max_seconds": config.timeout_s * AGENT_TIME_SHARE,
        "timeout_s": config.timeout_s,
        "policy": str(Path(config.policy).resolve()) if config.policy else None,
        "scan_screen": config.scan_screen,
        "out_dir": str(root / "trajectories" / name),
        "result": str(root / "logs" / f"{name}.result.json"),
        "log": str(root / "logs" / f"{name}.log"),
        "cache": str(Path(config.cache_dir).expanduser().resolve()),
        "offline": config.offline,
    }


def run_jobs_local(jobs: list[dict], parallel: int) -> Iterator[dict]:
    """Records as the jobs finish, `parallel` at a time, each in its own process. When the caller stops
    early (Ctrl-C), the jobs not yet started are dropped and the running workers are killed."""
    pool = ThreadPoolExecutor(max_workers=max(1, parallel))
    running: set[subprocess.Popen] = set()
    futures = [pool.submit(run_isolated, job, running) for job in jobs]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        while not all(f.done() for f in futures):  # a worker may be starting: kill until all are done
            for proc in list(running):
                kill(proc)
            time.sleep(0.05)


def _append_durably(path: Path, record: dict) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
        f.flush()
        os.fsync(f.fileno())


def read_log(path: Path) -> dict[str, dict]:
    """Records of results.jsonl by task id; a line cut by a crash is ignored."""
    records = {}
    if path.exists():
        for line in path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            records[record["id"]] = record
    return records


def summarize(records: list[dict]) -> dict:
    """Mean score over the tasks that count (a task that did not run to a grade counts 0), per domain
    too. Excluded tasks (Google Drive, login) are left out of the score, as OSWorld-Verified does."""

    def block(items: list[dict]) -> dict:
        counted = [r for r in items if r["status"] != "excluded"]
        total = sum(r["score"] for r in counted)
        return {
            "tasks": len(counted),
            "score": total / len(counted) if counted else 0.0,
            "points": round(total, 3),
            "excluded": len(items) - len(counted),
        }

    domains = sorted({r["domain"] for r in records})
    statuses: dict[str, int] = {}
    for r in records:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {
        **block(records),
        "by_domain": {d: block([r for r in records if r["domain"] == d]) for d in domains},
        "statuses": statuses,
        "input_tokens": sum(r["input_tokens"] for r in records),
        "output_tokens": sum(r["output_tokens"] for r in records),
        "cost_usd": round(sum(r["cost_usd"] for r in records), 6),
        "time_s": round(sum(r["time_s"] for r in records), 3),
    }


def summary_line(summary: dict) -> str:
    others = ", ".join(f"{n} {s}" for s, n in sorted(summary["statuses"].items()) if s != "ok")
    return (
        f"Overall score: {summary['score'] * 100:.2f}% ({summary['points']:g}/{summary['tasks']} tasks"
        + (f"; {others}" if others else "")
        + ")"
    )


def _relative(record: dict, root: Path) -> dict:
    path = record.get("trajectory")
    if path and Path(path).is_absolute() and Path(path).is_relative_to(root):
        record = {**record, "trajectory": str(Path(path).relative_to(root))}
    return record


def run_eval(
    tasks: list[Task], config: EvalConfig, ray_address: str | None = None, console: Console | None = None
) -> dict:
    """Run the tasks and write the results; returns the summary. With ray_address, tasks run as Ray
    tasks (see ray_runner)."""
    root = Path(config.out_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    log = root / RESULTS_LOG
    if not config.resume:
        log.unlink(missing_ok=True)
    done = {k: v for k, v in read_log(log).items() if k in {t.id for t in tasks}}
    jobs = [make_job(t, config) for t in tasks if t.id not in done]
    if ray_address:
        from deskpilot.evals import ray_runner

        records: Iterable[dict] = ray_runner.run_jobs(jobs, config.parallel, ray_address)
    else:
        records = run_jobs_local(jobs, config.parallel)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console or Console(stderr=True)) as progress:
        bar = progress.add_task(f"eval {config.agent}", total=len(tasks), completed=len(done))
        for record in records:
            record = _relative(record, root)
            _append_durably(log, record)
            done[record["id"]] = record
            points = sum(r["score"] for r in done.values())
            progress.update(bar, advance=1, description=f"eval {config.agent} · score {points:g}/{len(done)}")
    records_in_order = [done[t.id] for t in tasks if t.id in done]
    summary = summarize(records_in_order)
    results = {
        "agent": config.agent,
        "max_steps": config.max_steps,
        "summary": summary,
        "tasks": records_in_order,
    }
    (root / RESULTS).write_text(json.dumps(results, indent=1))
    report.write_html(root, config.agent, summary, records_in_order)
    return summary
