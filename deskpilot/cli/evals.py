"""`deskpilot eval`: run OSWorld-format tasks (built-in suites, files or folders) with an agent and score them."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from deskpilot.evals.check import check_task
from deskpilot.evals.downloads import DEFAULT_CACHE, FileCache
from deskpilot.evals.runner import EvalConfig, run_eval, summary_line
from deskpilot.evals.tasks import TaskError, load_tasks, suite_names
from deskpilot.providers import REGISTRY

console = Console(stderr=True)


TARGETS_HELP = (
    "Task files or folders (OSWorld JSON), an OSWorld index such as test_all.json, "
    f"or built-in suites: {', '.join(suite_names())}, all."
)


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        targets: Annotated[list[str], typer.Argument(metavar="PATH_OR_SUITE...", help=TARGETS_HELP)],
        agent: Annotated[
            str, typer.Option(help="Model spec: local, noop, oracle, anthropic:MODEL, ...")
        ] = "local",
        parallel: Annotated[
            int, typer.Option(min=1, help="Tasks at the same time, each on its own desktop.")
        ] = 1,
        max_steps: Annotated[int, typer.Option(min=1, help="Steps per task.")] = 30,
        timeout: Annotated[
            float, typer.Option(min=1, help="Seconds per task; then the task is killed.")
        ] = 600.0,
        out: Annotated[
            Path | None, typer.Option(help="Output folder (default: runs/eval-DATE-TIME).")
        ] = None,
        resume: Annotated[bool, typer.Option(help="Skip the tasks already finished in --out.")] = False,
        ray: Annotated[
            str | None, typer.Option(metavar="ADDRESS", help="Run on Ray: local, auto or a cluster address.")
        ] = None,
        policy: Annotated[
            Path | None,
            typer.Option(help="Safety policy for the agents (default: the built-in policy).", exists=True),
        ] = None,
        scan_screen: Annotated[
            bool, typer.Option(help="OCR every screenshot for prompt injections, as deskpilot run does.")
        ] = False,
        cache: Annotated[
            Path, typer.Option(metavar="DIR", help="Download cache for OSWorld's fixture and gold files.")
        ] = DEFAULT_CACHE,
        offline: Annotated[
            bool, typer.Option(help="Use only the download cache; tasks missing a file get needs_network.")
        ] = False,
        check: Annotated[
            bool, typer.Option(help="Run nothing: list each task's missing parts, apps and downloads.")
        ] = False,
    ) -> None:
        """Run tasks and print the score per domain; the last line is the overall score."""
        if agent.partition(":")[0] not in REGISTRY:
            raise typer.BadParameter(
                f"unknown agent {agent!r}; use one of: {', '.join(REGISTRY)}", param_hint="--agent"
            )
        if resume and out is None:
            raise typer.BadParameter(
                "--resume needs the --out folder of the run to resume", param_hint="--resume"
            )
        try:
            tasks = load_tasks(targets)
        except TaskError as exc:
            raise typer.BadParameter(str(exc), param_hint="PATH_OR_SUITE") from None
        if check:
            print_check(tasks, FileCache(cache.expanduser(), offline))
            return
        out = out or Path("runs") / f"eval-{datetime.datetime.now():%Y%m%d-%H%M%S}"
        config = EvalConfig(
            agent=agent,
            parallel=parallel,
            max_steps=max_steps,
            timeout_s=timeout,
            out_dir=out,
            resume=resume,
            policy=str(policy) if policy else None,
            scan_screen=scan_screen,
            cache_dir=cache,
            offline=offline,
        )
        summary = run_eval(tasks, config, ray_address=ray, console=console)
        table = Table("domain", "tasks", "score", "excluded")
        for domain, block in summary["by_domain"].items():
            table.add_row(domain, str(block["tasks"]), f"{block['score'] * 100:.1f}%", str(block["excluded"]))
        console.print(table)
        console.print(f"Results: {out / 'results.json'}  Report: {out / 'report.html'}")
        print(summary_line(summary))


def print_check(tasks: list, cache: FileCache) -> None:
    """One line per task that is not ready to run (missing parts, apps, downloads not cached), then counts
    per status; JSON lines on stdout, the table on stderr."""
    import json
    from collections import Counter

    statuses: Counter = Counter()
    table = Table("task", "domain", "status", "needs")
    for task in tasks:
        needs = check_task(task, cache)
        status = needs.status
        if status == "ready" and needs.uncached:
            status = "needs_download"
        statuses[status] += 1
        print(json.dumps({**needs.as_dict(), "status": status}))
        if status != "ready":
            detail = needs.excluded or "; ".join(needs.missing) or ", ".join(needs.unavailable)
            if status == "needs_download":
                detail = f"{len(needs.uncached)} file(s), e.g. {needs.uncached[0]}"
            table.add_row(task.id, task.domain, status, detail)
    console.print(table)
    console.print(
        f"{len(tasks)} tasks: "
        + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        + f" (download cache: {cache.root})"
    )
