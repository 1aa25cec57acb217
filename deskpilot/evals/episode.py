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
from deskpilot.evals import scoring, setup, vm
from deskpilot.evals.check import check_task
from deskpilot.evals.downloads import FileCache
from deskpilot.evals.env import TaskEnv
from deskpilot.evals.errors import AppUnavailable, Excluded, NeedsNetwork, Unsupported
from deskpilot.evals.tasks import Task
from deskpilot.safety.confirm import auto_approve

SETTLE_QUIET_S = 0.3  # the screen must be still this long before grading (apps finish saving)
SETTLE_TIMEOUT_S = 3.0


def new_record(task: Task) -> dict:
    """A task's result: status is ok (graded), unsupported, app_unavailable, needs_network, excluded,
    error, timeout or crashed; only ok has a score above 0. Times are seconds: reset (desktop start and
    teardown), setup, agent, eval, total."""
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


def start_desktop(task: Task, scratch: Path) -> tuple[Desktop, vm.Conventions]:
    """A fresh desktop with OSWorld's VM conventions (vm.py): wrappers first on PATH, Ctrl+Alt+T terminal.
    Run as root, the desktop is sandboxed (its apps and commands run as the unprivileged `deskpilot`
    user), so OSWorld's sudo never means root here, and apps that refuse root (VLC) run;
    DESKPILOT_EVAL_SANDBOX=0 turns that off."""
    conventions = vm.install(scratch / "bin")
    sandbox = os.geteuid() == 0 and os.environ.get("DESKPILOT_EVAL_SANDBOX", "1") != "0"
    # The user drop, not the pod: graders reach into the desktop over loopback (Chrome's CDP port, VLC's
    # HTTP interface, fixture servers) and the VM shims live outside HOME.
    desktop = Desktop(
        size=task.screen, extra_env={**desktop_env(), **conventions.env()}, sandbox=sandbox, pod=False
    )
    scratch.chmod(0o711)  # the desktop's user runs the wrappers
    desktop.start()
    vm.user_folders(desktop.home, desktop.sandbox)
    rc = vm.terminal_keybinding(desktop.home)
    if rc:
        if desktop.sandbox:
            desktop.sandbox.hand_over(rc.parent)
        desktop.run("openbox --reconfigure")
    return desktop, conventions


def preflight(task: Task, files: FileCache) -> tuple[str, str] | None:
    """(status, error) for a task that cannot run here, found without starting a desktop."""
    needs = check_task(task, files)
    if needs.excluded:
        return "excluded", f"excluded: {needs.excluded} (OSWorld-Verified leaves these tasks out)"
    if needs.missing:
        return "unsupported", "unsupported: " + "; ".join(needs.missing)
    if needs.unavailable:
        return "app_unavailable", "app not available: " + ", ".join(needs.unavailable)
    if files.offline and needs.uncached:
        return "needs_network", "needs network (not in the download cache): " + " ".join(needs.uncached)
    return None


def run_episode(
    task: Task,
    agent: str,
    max_steps: int,
    max_seconds: float,
    out_dir: Path,
    files: FileCache | None = None,
    policy: str | None = None,
    scan_screen: bool = False,
) -> dict:
    """Run `task` with the agent spec `agent`; its trajectory goes under `out_dir`; `files` is the download
    cache. Never raises for a task's own failures: they end up in the record's status and error.

    The agent runs under the safety guard with the eval policy: `policy` (a policy file; default the
    built-in policy); denied actions are refused, actions that need confirmation are approved
    automatically (no human watches an eval) and recorded in the run's audit log. Tool output is scanned
    for prompt injections; screenshots are OCR-scanned too only with `scan_screen` (it costs seconds)."""
    record = new_record(task)
    files = files or FileCache()
    blocked = preflight(task, files)
    if blocked:
        record.update(status=blocked[0], error=blocked[1])
        return record
    started = clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        record[name] = round(record[name] + now - clock, 3)
        clock = now

    desktop = None
    env = None
    try:
        with tempfile.TemporaryDirectory(prefix="deskpilot-eval-", ignore_cleanup_errors=True) as scratch:
            cache = Path(scratch) / "cache"
            cache.mkdir()
            desktop, conventions = start_desktop(task, Path(scratch))
            lap("reset_s")
            env = TaskEnv.create(
                desktop,
                cache,
                Path(task.path).parent if task.path else None,
                files=files,
                chrome_port=conventions.chrome_port,
                vlc_port=conventions.vlc_port,
            )
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
            closing = time.monotonic()
            desktop.close()
            record["reset_s"] = round(record["reset_s"] + time.monotonic() - closing, 3)
    except Unsupported as exc:
        record.update(status="unsupported", error=f"unsupported: {exc}")
    except AppUnavailable as exc:
        record.update(status="app_unavailable", error=str(exc))
    except NeedsNetwork as exc:
        record.update(status="needs_network", error=str(exc))
    except Excluded as exc:
        record.update(status="excluded", error=f"excluded: {exc}")
    except Exception as exc:
        traceback.print_exc()
        record.update(status="error", error=f"{type(exc).__name__}: {exc}")
    finally:
        if desktop is not None:
            desktop.close()
    if env is not None and env.warnings:
        record["warnings"] = env.warnings
    record["time_s"] = round(time.monotonic() - started, 3)
    if record["trajectory"]:
        _write_trajectory_report(record["trajectory"])
    return record


def main() -> int:
    job = json.loads(sys.stdin.read())
    files = FileCache(Path(job["cache"]), job.get("offline", False)) if job.get("cache") else FileCache()
    record = run_episode(
        Task.from_job(job["task"]),
        job["agent"],
        job["max_steps"],
        job["max_seconds"],
        Path(job["out_dir"]),
        files,
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
