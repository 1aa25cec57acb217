"""One task from a fresh desktop to its score, in this process: reset, setup, agent, evaluation, teardown.

`python -m deskpilot.evals.episode` reads a job (JSON on stdin, see `runner.make_job`) and writes the
task's record to the job's `result` file; the runner starts one such process per task.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from deskpilot.agent import RunConfig
from deskpilot.agent.session import RunSession, RunSpec
from deskpilot.core.turns import FAIL
from deskpilot.desktop import Desktop
from deskpilot.evals import scoring, setup
from deskpilot.evals.env import TaskEnv
from deskpilot.evals.errors import Unsupported
from deskpilot.evals.tasks import Task
from deskpilot.safety.confirm import auto_approve

SETTLE_QUIET_S = 0.3  # the screen must be still this long before grading (apps finish saving)
SETTLE_TIMEOUT_S = 3.0


def new_record(task: Task) -> dict:
    """A task's result: status is ok (graded), unsupported, error, timeout or crashed; only ok has a
    score above 0. Times are seconds: reset (desktop start and teardown), setup, agent, eval, total."""
    return {
        "id": task.id,
        "domain": task.domain,
        "instruction": task.instruction,
        "status": "error",
        "score": 0.0,
        "steps": 0,
        "time_s": 0.0,
        "reset_s": 0.0,
        "setup_s": 0.0,
        "agent_s": 0.0,
        "eval_s": 0.0,
        "input_tokens": 0,
        "output_tokens": 0,
        "cost_usd": 0.0,
        "stop_reason": None,
        "agent_status": None,
        "trajectory": None,
        "error": None,
    }


def desktop_env() -> dict[str, str]:
    """`python3` inside task desktops is the Python running deskpilot (fixtures need openpyxl and us)."""
    return {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _write_trajectory_report(run_dir: str) -> None:
    try:
        from deskpilot.store.report import write_report
    except ImportError:
        return
    write_report(run_dir)


def run_episode(
    task: Task,
    agent: str,
    max_steps: int,
    max_seconds: float,
    out_dir: Path,
    policy: str | None = None,
    scan_screen: bool = False,
) -> dict:
    """Run `task` with the agent spec `agent`; its trajectory goes under `out_dir`. Never raises for a
    task's own failures: they end up in the record's status and error.

    The agent runs under the safety guard with the eval policy: `policy` (a policy file; default the
    built-in policy); denied actions are refused, actions that need confirmation are approved
    automatically (no human watches an eval) and recorded in the run's audit log. Tool output is scanned
    for prompt injections; screenshots are OCR-scanned too only with `scan_screen` (it costs seconds)."""
    record = new_record(task)
    missing = task.missing_features()
    if missing:
        record.update(status="unsupported", error="unsupported: " + "; ".join(missing))
        return record
    started = clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        record[name] = round(record[name] + now - clock, 3)
        clock = now

    desktop = Desktop(size=task.screen, extra_env=desktop_env())
    try:
        with tempfile.TemporaryDirectory(prefix="deskpilot-eval-") as cache:
            desktop.start()
            lap("reset_s")
            env = TaskEnv.create(desktop, Path(cache), Path(task.path).parent if task.path else None)
            resolved = task.resolve(str(desktop.home), env.values)
            setup.run_steps(env, resolved.config)
            lap("setup_s")
            spec = RunSpec(
                resolved.instruction,
                model=agent,
                config=RunConfig(max_steps=max_steps, max_seconds=max_seconds, scan_screen=scan_screen),
                out_dir=out_dir,
                policy=policy,
                confirmer=auto_approve,  # no human in an eval: "confirm" is approved and audited
                task=resolved.raw,
            )
            run = RunSession(spec, desktop=desktop).run()
            record.update(
                steps=run.steps,
                input_tokens=run.input_tokens,
                output_tokens=run.output_tokens,
                cost_usd=run.cost_usd,
                stop_reason=run.reason,
                agent_status=run.status,
                trajectory=run.run_dir,
                error=run.error,
            )
            lap("agent_s")
            desktop.wait_settled(timeout=SETTLE_TIMEOUT_S, quiet=SETTLE_QUIET_S)
            record["score"] = scoring.evaluate(env, resolved.evaluator, run.status == FAIL)
            record["status"] = "ok"
            lap("eval_s")
    except Unsupported as exc:
        record.update(status="unsupported", error=f"unsupported: {exc}")
    except Exception as exc:
        traceback.print_exc()
        record.update(status="error", error=f"{type(exc).__name__}: {exc}")
    finally:
        closing = time.monotonic()
        desktop.close()
        record["reset_s"] = round(record["reset_s"] + time.monotonic() - closing, 3)
    record["time_s"] = round(time.monotonic() - started, 3)
    if record["trajectory"]:
        _write_trajectory_report(record["trajectory"])
    return record


def main() -> int:
    job = json.loads(sys.stdin.read())
    record = run_episode(
        Task.from_job(job["task"]),
        job["agent"],
        job["max_steps"],
        job["max_seconds"],
        Path(job["out_dir"]),
        job.get("policy"),
        job.get("scan_screen", False),
    )
    result = Path(job["result"])
    tmp = result.with_suffix(".tmp")
    tmp.write_text(json.dumps(record))
    tmp.replace(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
