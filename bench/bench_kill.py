"""Kill benchmark: SIGKILL real agent runs at random moments, then check what they leave. Prints JSON.

    .venv/bin/python bench/bench_kill.py [--runs 100] [--max-delay 3.0]

Each run is a separate process: a desktop without apps, the agent loop with a scripted provider (clicks,
typing, screenshots) under a Guard (policy, audit log), recording a trajectory. It is SIGKILLed at a random
moment between its start and `--max-delay` seconds after its first step (so some die while the desktop
starts, some before the trajectory exists, most mid-step). Afterwards, for every run:
  - its trajectory (if one was created) opens: `load`, the HTML report, the web app's summary and events,
    and the replay command's check; every 10th is replayed for real on a fresh desktop;
  - nothing leaks: its temp folder, X display socket, desktop state file and processes are gone (the reaper
    gets a load-scaled moment to clean up);
  - `audit verify` on its run folder raises no alarm.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys
from deskpilot.agent import Agent, RunConfig
from deskpilot.core.turns import DONE, ModelTurn, ToolCall, Usage
from deskpilot.desktop import Desktop
from deskpilot.providers.base import Provider
from deskpilot.safety import Guard, Policy
from deskpilot.safety.confirm import auto_approve

class Busy(Provider):
    name = "busy"
    def start(self, session):
        self.i = 0
    def next_turn(self):
        self.i += 1
        i = self.i
        calls = [ToolCall(f"c{i}a", "computer", {"action": "left_click", "coordinate": [30 + i * 37 % 500, 40 + i * 23 % 300]}),
                 ToolCall(f"c{i}b", "computer", {"action": "type", "text": f"step {i} "}),
                 ToolCall(f"c{i}c", "computer", {"action": "screenshot"})]
        return ModelTurn(text=f"Step {i}.", tool_calls=calls, usage=Usage(10, 5))
    def add_tool_results(self, results):
        pass

def report(event):
    if event.kind == "step_started" and event.step == 1:
        print("started", flush=True)

with Desktop(size=(480, 360)) as desktop:
    guard = Guard(Policy.load(None), confirmer=auto_approve)
    config = RunConfig(max_steps=10_000, bash=False, editor=False, scan_screen=False)
    Agent(Busy(), desktop, config, guard=guard, out_dir=sys.argv[1], run_id="run", on_event=report).run("Busy.")
"""


def scaled(seconds: float) -> float:
    return seconds * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + scaled(timeout)
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _desktop_ids(tmp: Path) -> list[str]:
    return [p.name.split("-")[1] for p in tmp.glob("deskpilot-*")]


def kill_one(work: Path, delay: float, before_start: bool) -> dict:
    """One run killed `delay` s after it started (its process, or its first step); what it left."""
    from deskpilot.desktop import processes

    tmp, out, state = work / "tmp", work / "out", work / "state"
    tmp.mkdir(parents=True)
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_STATE_HOME": str(state)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out)], env=env, stdout=subprocess.PIPE, text=True
    )
    if not before_start:
        proc.stdout.readline()  # the first step began
    time.sleep(delay)
    ids = _desktop_ids(tmp)
    sockets = {n: Path(f"/tmp/.X11-unix/X{n}") for n in _displays(ids)}
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    proc.stdout.close()
    clean = wait_until(
        lambda: (
            not any(tmp.iterdir())
            and not any(processes.tagged_pids(i) for i in ids)
            and not any(s.exists() for s in sockets.values())
            and not list(state.rglob("desktops/*.json"))
        ),
        30,
    )
    leaks = [str(p) for p in tmp.iterdir()] + [str(s) for s in sockets.values() if s.exists()]
    leaks += [f"pid {p}" for i in ids for p in processes.tagged_pids(i)]
    leaks += [str(p) for p in state.rglob("desktops/*.json")]
    return {
        "delay_s": round(delay, 3),
        "clean": clean and not leaks,
        "leaks": leaks,
        **check_run(out / "run"),
    }


def _displays(ids: list[str]) -> list[int]:
    from deskpilot.desktop import processes

    found = []
    for desktop_id in ids:
        for pid in processes.tagged_pids(desktop_id):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[0].endswith(b"Xvfb"):
                found.append(int(argv[1].decode().lstrip(":")))
    return found


def check_run(run_dir: Path, replay: bool = False) -> dict:
    """Open a killed run's trajectory everywhere a user would, and verify its audit log."""
    from typer.testing import CliRunner

    from deskpilot.cli import app
    from deskpilot.safety.audit import verify
    from deskpilot.store import load
    from deskpilot.store.recorder import DB_NAME
    from deskpilot.store.report import write_report
    from deskpilot.web.runs import RunManager

    result: dict = {"trajectory": (run_dir / DB_NAME).is_file(), "problems": []}
    if result["trajectory"]:
        try:
            traj = load(run_dir)
            result["steps"] = len(traj.steps)
            write_report(run_dir)
            manager = RunManager(run_dir.parent)
            manager.past_summary(run_dir)
            manager.past_events(run_dir)
            if [r["id"] for r in manager.list()] != [run_dir.name]:
                result["problems"].append("the web app does not list the run")
        except Exception as exc:  # every failure to open is a finding
            result["problems"].append(f"{type(exc).__name__}: {exc}")
        for command in (
            ["report", str(run_dir)],
            *([["replay", str(run_dir), "--speed", "0"]] if replay else []),
        ):
            done = CliRunner().invoke(app, command)
            if done.exit_code not in (0, 1) or done.exception and not isinstance(done.exception, SystemExit):
                result["problems"].append(f"{command[0]} exited {done.exit_code}: {done.output[-300:]}")
    audit = run_dir / "audit"
    if audit.is_dir() and any(audit.iterdir()):
        verdict = verify(run_dir)
        result["audit_ok"] = verdict.ok
        if not verdict.ok:
            result["problems"].append(f"audit verify: {verdict.errors}")
    return result


def bench(runs: int, max_delay: float, seed: int | None = None) -> dict:
    rng = random.Random(seed)
    trials = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-kill-") as root:
        for index in range(runs):
            before_start = rng.random() < 0.2  # a fifth die while the desktop starts or before step 1
            delay = rng.uniform(0, 1.5 if before_start else max_delay)
            trial = kill_one(Path(root) / f"run{index:03d}", delay, before_start)
            if index % 10 == 9 and trial["trajectory"]:
                trial["replayed"] = not check_run(
                    Path(root) / f"run{index:03d}" / "out" / "run", replay=True
                )["problems"]
            trials.append(trial)
    failures = [t for t in trials if not t["clean"] or t["problems"] or t.get("replayed") is False]
    return {
        "runs": runs,
        "with_trajectory": sum(t["trajectory"] for t in trials),
        "audit_logs_verified": sum("audit_ok" in t for t in trials),
        "leaking_runs": sum(not t["clean"] for t in trials),
        "unopenable_trajectories": sum(bool(t["problems"]) for t in trials),
        "replayed": sum("replayed" in t for t in trials),
        "replay_failures": sum(t.get("replayed") is False for t in trials),
        "failures": failures[:10],
        "elapsed_s": round(time.monotonic() - began, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--max-delay", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(bench(args.runs, args.max_delay, args.seed), indent=1))


if __name__ == "__main__":
    main()
