"""Safety commands: `deskpilot guard scan|check`, `deskpilot audit verify`, `deskpilot gc`, `deskpilot stop`."""

from __future__ import annotations

import json
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
