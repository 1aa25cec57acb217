"""`deskpilot replay`, `deskpilot report` and `deskpilot runs`: recorded trajectories from the shell."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console(soft_wrap=True)  # paths and errors stay on one line


def _trajectory_dir(path: Path) -> Path:
    """The run folder, once its trajectory is known to be readable; a clear error and exit 2 otherwise."""
    from deskpilot.store.recorder import DB_NAME
    from deskpilot.store.trajectory import TrajectoryError, read_events

    if not (path / DB_NAME).is_file():
        typer.echo(f"error: {path} is not a run folder (no {DB_NAME})", err=True)
        raise typer.Exit(2)
    try:
        read_events(path)
    except TrajectoryError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    return path


def replay(
    run_dir: Annotated[Path, typer.Argument(help="The run folder to replay.")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the replay's trajectory.")] = None,
    speed: Annotated[
        float, typer.Option(help="1 keeps the recorded pace, 2 is twice as fast, 0 no pauses.")
    ] = 1.0,
    sandbox: Annotated[
        bool,
        typer.Option(
            "--sandbox/--no-sandbox",
            help="Contain apps and recorded shell commands in a bubblewrap pod, as `deskpilot run` does (as root).",
        ),
    ] = True,
) -> None:
    """Re-run a recorded run's actions on a fresh desktop, without the model."""
    from deskpilot.store.replay import replay as run_replay
    from deskpilot.store.report import write_report

    result = run_replay(_trajectory_dir(run_dir), out, speed=speed, sandbox=sandbox and os.geteuid() == 0)
    for o in result.outcomes:
        status = f"skipped ({o.skipped})" if o.skipped else ("error: " + o.error if o.error else "ok")
        colour = "green" if o.matches else "red"
        what = o.input.get("action") or o.input.get("command", "")
        console.print(
            f"step {o.step} {o.tool} {escape(what)}: [{colour}]{escape(status)}[/]", highlight=False
        )
    matched = sum(o.matches for o in result.outcomes)
    console.print(f"{matched} of {len(result.outcomes)} calls behaved as recorded")
    console.print(f"trajectory: {result.run_dir}\nreport: {write_report(result.run_dir)}")
    raise typer.Exit(0 if result.ok else 1)


def report(run_dir: Annotated[Path, typer.Argument(help="The run folder.")]) -> None:
    """Write the run's HTML report and print its path (screenshots embedded; the run video, video.webm
    beside it, is linked and played with the step and window marks)."""
    from deskpilot.store.report import write_report

    typer.echo(write_report(_trajectory_dir(run_dir)))


def runs(root: Annotated[Path, typer.Argument(help="Folder holding run folders.")] = Path("runs")) -> None:
    """List recorded runs."""
    from deskpilot.store import list_runs

    found = list_runs(root)
    if not found:
        typer.echo(f"no runs under {root}")
        return
    table = Table("run", "started", "model", "reason", "steps", "cost", "instruction")
    for traj in found:
        started = traj.meta.get("started_at")
        table.add_row(
            str(traj.run_dir),
            datetime.fromtimestamp(started).strftime("%Y-%m-%d %H:%M") if started else "",
            str(traj.meta.get("model", "")),
            traj.finished.get("reason", "") if traj.finished else "interrupted",
            str(len(traj.steps)),
            f"${traj.totals['cost_usd']:.4f}",
            str(traj.meta.get("instruction", ""))[:60],
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("replay")(replay)
    app.command("report")(report)
    app.command("runs")(runs)
