"""Safety commands: `deskpilot guard scan|check|task`, `deskpilot audit verify|report`, `deskpilot gc`,
`deskpilot stop`."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path
from typing import Annotated

import typer

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif"}

guard_app = typer.Typer(help="Check actions against the safety policy and scan text for prompt injection.")
audit_app = typer.Typer(help="The hash-chained audit log.")


def _read_input(value: str) -> str:
    """Text itself, a text file's content, or the OCR'd text of a screenshot."""
    path = Path(value)
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a long text is not a valid path
        is_file = False
    if not is_file:
        return value
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import Image

        from deskpilot.safety.redact import ocr

        with Image.open(path) as image:
            return "\n".join(text for text, _ in ocr(image))
    return path.read_text(encoding="utf-8", errors="replace")


@guard_app.command("scan")
def scan_cmd(
    source: Annotated[str, typer.Argument(metavar="FILE_OR_TEXT", help="text, a text file, or a screenshot")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Scan text for prompt injection: verdict, score and the matching spans."""
    from deskpilot.safety.injection import scan

    verdict = scan(_read_input(source))
    if as_json:
        typer.echo(json.dumps(verdict.to_dict()))
        return
    typer.echo(f"{'INJECTION' if verdict.is_injection else 'clean'} score={verdict.score:.3f}")
    for span in verdict.spans:
        typer.echo(f"  [{span.start}:{span.end}] {span.rule}: {span.text[:120]!r}")


@guard_app.command("check")
def check_cmd(
    action: Annotated[str, typer.Argument(metavar="ACTION_JSON", help='{"tool": "...", "input": {...}}')],
    url: Annotated[str | None, typer.Option("--url", help="current browser URL")] = None,
    text_under_point: Annotated[
        str | None, typer.Option("--text-under-point", help="text of the element clicked")
    ] = None,
    window_class: Annotated[
        str | None, typer.Option("--window-class", help="class of the focused window")
    ] = None,
    tainted: Annotated[
        bool, typer.Option("--tainted", help="a prompt injection was seen in this episode")
    ] = False,
    policy_file: Annotated[
        Path | None, typer.Option("--policy", help="policy file merged over the default")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Print allow, confirm or deny with the reason for one canonical action."""
    from deskpilot.core.turns import ToolCall
    from deskpilot.safety.policy import ActionContext, Policy

    try:
        data = json.loads(action)
        call = ToolCall(id="cli", tool=data["tool"], input=data["input"])
    except (ValueError, KeyError, TypeError) as e:
        raise typer.BadParameter(f'expected {{"tool": ..., "input": {{...}}}}: {e}') from e
    context = ActionContext(
        url=url, text_under_point=text_under_point, window_class=window_class, tainted=tainted
    )
    decision = Policy.load(policy_file).check(call, context)
    if as_json:
        typer.echo(json.dumps(decision.to_dict()))
    else:
        typer.echo(f"{decision.verdict}: {decision.reason}")


@guard_app.command("task")
def task_cmd(
    instruction: Annotated[str, typer.Argument(metavar="INSTRUCTION", help="a task or follow-up message")],
    policy_file: Annotated[
        Path | None, typer.Option("--policy", help="policy file merged over the default")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Screen a task for misuse: category, score, the deciding phrases and the policy's verdict."""
    from deskpilot.safety.policy import Policy
    from deskpilot.safety.screener import Screener

    try:
        policy = Policy.load(policy_file)
    except (OSError, ValueError) as e:
        raise typer.BadParameter(f"policy: {e}") from e
    decision = policy.screen.decide(Screener(threshold=policy.screen.threshold).screen(instruction))
    if as_json:
        typer.echo(json.dumps(decision.to_dict(), ensure_ascii=False))
        return
    s = decision.screening
    category = s.category or f"none (likeliest {s.likeliest})"
    typer.echo(f"{decision.verdict}: category={category} score={s.score:.3f}")
    if s.phrases:
        label = "deciding phrases" if s.flagged else f"phrases closest to {s.likeliest}"
        typer.echo(f"  {label}: {', '.join(repr(p) for p in s.phrases)}")
    if decision.submit != "allow":
        typer.echo(f"  form submissions during the run: {decision.submit}")


def _since(value: str | None) -> float:
    """An age (7d, 12h) or a date/time (2026-12-01, 2026-12-01T08:00) -> a UNIX time."""
    if not value:
        return 0.0
    from deskpilot.safety import retention

    try:
        return time.time() - retention.parse_age(value)
    except ValueError:
        pass
    try:
        return datetime.datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise typer.BadParameter(
            f"--since takes an age such as 7d or a date such as 2026-12-01, got {value!r}"
        ) from None


@audit_app.command("report")
def report_cmd(
    since: Annotated[str | None, typer.Option("--since", help="age (7d, 12h) or date (2026-12-01)")] = None,
    roots: Annotated[
        list[Path] | None,
        typer.Option("--root", help="runs folder (repeatable; default ./runs and $DESKPILOT_RUNS_DIR)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Summarise the runs the task screener flagged, across runs, by category."""
    from deskpilot.safety import retention
    from deskpilot.safety.flagged import report

    data = report(roots or [Path("runs"), retention.runs_root()], _since(since))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return

    def when(ts: float) -> str:
        return datetime.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")

    scope = f" since {when(data['since'])}" if data["since"] else ""
    typer.echo(f"{data['runs_flagged']} of {data['runs_screened']} screened runs flagged{scope}")
    for name, entry in data["categories"].items():
        verdicts = ", ".join(f"{v} {n}" for v, n in sorted(entry["verdicts"].items()))
        typer.echo(
            f"  {name}: {entry['runs']} run(s), {entry['texts']} text(s) ({verdicts}), "
            f"{entry['mid_run']} mid-run, last {when(entry['last_ts'])}"
        )
    for run in data["runs"]:
        damaged = "" if run["intact"] else "  [audit log FAILS verification]"
        typer.echo(f"{run['run']}  {', '.join(run['categories'])}{damaged}")
        for s in run["screenings"]:
            typer.echo(
                f"    {when(s['ts'])} {s['source']}: {s['category']} -> {s['verdict']} (score {s['score']:.2f})"
                f" {s.get('text', '')[:100]!r}"
            )


@audit_app.command("verify")
def verify_cmd(directory: Annotated[Path, typer.Argument(metavar="DIR")]) -> None:
    """Check an audit log's hash chain and head; exit 1 on any edit, deletion, reordering or truncation.
    DIR is a run folder or its audit/ folder. A crash the log recovers from is noted, not an alarm."""
    from deskpilot.safety.audit import verify

    result = verify(directory)
    for note in result.notes:
        typer.echo(f"note: {note}")
    if result.ok:
        typer.echo(f"OK: {result.records} records, chain intact")
        return
    for error in result.errors:
        typer.echo(f"FAIL: {error}", err=True)
    raise typer.Exit(1)


def gc_cmd(
    older_than: Annotated[
        str | None, typer.Option("--older-than", help="age such as 7d, 12h (default 30d)")
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option("--root", help="runs folder (default $DESKPILOT_RUNS_DIR or ~/.local/share)"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list what would be removed")] = False,
) -> None:
    """Remove screenshots and trajectories of runs older than the retention age."""
    from deskpilot.safety import retention

    try:
        max_age = retention.parse_age(older_than or retention.DEFAULT_MAX_AGE)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    root = root or retention.runs_root()
    removed = retention.expired(root, max_age) if dry_run else retention.gc(root, max_age)
    for path in removed:
        typer.echo(f"{'would remove' if dry_run else 'removed'} {path}")
    typer.echo(f"{len(removed)} expired run(s) under {root}")


def stop_cmd(
    run_id: Annotated[str | None, typer.Argument(metavar="[RUN_ID]")] = None,
    stop_all: Annotated[bool, typer.Option("--all", help="stop every registered run")] = False,
) -> None:
    """End a run and every process of its desktop (within 2 s)."""
    from deskpilot.safety.killswitch import registered_runs, request_stop

    runs = registered_runs()
    targets = sorted(runs) if stop_all else [run_id] if run_id else []
    if not targets:
        if not runs:
            typer.echo("no runs are registered")
            return
        raise typer.BadParameter(f"name a run or use --all; running: {', '.join(sorted(runs))}")
    failed = False
    for target in targets:
        if target not in runs:
            typer.echo(f"{target}: no such run", err=True)
            failed = True
        elif request_stop(target):
            typer.echo(f"{target}: stopped")
        else:
            typer.echo(f"{target}: some processes are still alive", err=True)
            failed = True
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(guard_app, name="guard")
    app.add_typer(audit_app, name="audit")
    app.command("gc")(gc_cmd)
    app.command("stop")(stop_cmd)
