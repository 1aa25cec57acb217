"""`deskpilot desktop`: start, drive, watch and stop local desktops from the shell."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from PIL import Image

from deskpilot.core.actions import COMPUTER_VERSIONS
from deskpilot.desktop import Desktop, DesktopError, find_app, running_desktops, stop_desktop
from deskpilot.desktop.supervise import parse_size
from deskpilot.tools import ComputerTool

desktop_app = typer.Typer(help="Start, drive, watch and stop local desktops.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(desktop_app, name="desktop")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _attach(desktop_id: str) -> Desktop:
    try:
        return Desktop.attach(desktop_id)
    except DesktopError as exc:
        _fail(str(exc))


@desktop_app.command()
def up(
    size: Annotated[str, typer.Option(help="Screen size WIDTHxHEIGHT.")] = "1280x800",
    app: Annotated[
        list[str] | None, typer.Option("--app", help="An app from the catalog to start (repeatable).")
    ] = None,
    home: Annotated[Path | None, typer.Option(help="Use this folder as HOME (kept afterwards).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the desktop and its apps.")] = 120.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the desktop's details as JSON.")] = False,
    sandbox: Annotated[
        bool,
        typer.Option(
            "--sandbox/--no-sandbox",
            help="Contain the apps in a bubblewrap pod as the unprivileged deskpilot user (as root).",
        ),
    ] = True,
) -> None:
    """Start a desktop that keeps running after this command returns (until `desktop down`)."""
    app = app or []
    try:
        parse_size(size)
        for name in app:
            find_app(name)
    except (ValueError, KeyError) as exc:
        _fail(exc.args[0])
    argv = [sys.executable, "-m", "deskpilot.desktop.supervise", "--size", size]
    argv += [arg for name in app for arg in ("--app", name)]
    if home:
        argv += ["--home", str(home.resolve())]
    if sandbox and os.geteuid() == 0:
        argv.append("--sandbox")
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors, start_new_session=True
        )
        line = _read_line(proc, timeout)
        proc.stdout.close()
        if not line:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
                _fail(f"the desktop did not start within {timeout:g} s")
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip() or f"exit status {proc.returncode}"
            _fail(f"the desktop did not start: {detail}")
    info = json.loads(line)
    if as_json:
        typer.echo(json.dumps(info))
        return
    desktop_id, display = info["id"], info["display"]
    typer.echo(
        f"desktop {desktop_id} is up on display {display} ({info['size'][0]}x{info['size'][1]}, "
        f"containment: {info['containment']}), "
        f"home {info['home']}\n"
        f"  watch:  x11vnc -display {display} -auth {info['xauthority']} -localhost -nopw -forever "
        "(then a VNC viewer on localhost:5900)\n"
        f"          or deskpilot desktop shot {desktop_id} shot.png\n"
        f'  act:    deskpilot desktop act {desktop_id} \'{{"action": "screenshot"}}\' --shot shot.png\n'
        f"  stop:   deskpilot desktop down {desktop_id}"
    )


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    """The supervisor's ready line, or "" if it exits or the timeout passes first."""
    deadline = time.monotonic() + timeout
    data = b""
    while time.monotonic() < deadline:
        readable, _, _ = select.select([proc.stdout], [], [], 0.1)
        if readable:
            chunk = os.read(proc.stdout.fileno(), 65536)
            data += chunk
            if b"\n" in data:
                return data.split(b"\n", 1)[0].decode()
            if not chunk:
                return ""
    return ""


@desktop_app.command()
def act(
    desktop_id: Annotated[str, typer.Argument(metavar="ID")],
    action: Annotated[
        str, typer.Argument(metavar="JSON", help='Tool input, e.g. \'{"action": "screenshot"}\'.')
    ],
    shot: Annotated[Path | None, typer.Option(help="Save the result's image to this file.")] = None,
    version: Annotated[str, typer.Option(help=f"Tool version: {', '.join(COMPUTER_VERSIONS)}.")] = (
        "computer_20250124"
    ),
    enable_zoom: Annotated[bool, typer.Option(help="Allow zoom (computer_20251124).")] = False,
    scaling: Annotated[str, typer.Option(help="api, none, legacy, XGA, WXGA or FWXGA.")] = "api",
) -> None:
    """Run one computer-tool action and print the result as JSON (the image goes to --shot)."""
    try:
        params = json.loads(action)
    except ValueError as exc:
        _fail(f"the action is not valid JSON: {exc}")
    desk = _attach(desktop_id)
    try:
        tool = ComputerTool(desk, version, enable_zoom=enable_zoom, scaling_policy=scaling)
        result = tool(params)
    except ValueError as exc:
        _fail(str(exc))
    finally:
        desk.close()
    data: dict = {"output": result.output, "error": result.error}
    if result.image:
        blob = result.image
        width, height = Image.open(io.BytesIO(blob)).size
        data["image"] = {"media_type": result.media_type, "width": width, "height": height}
        if shot:
            shot.write_bytes(blob)
            data["image"]["file"] = str(shot)
    typer.echo(json.dumps(data, ensure_ascii=False))
    if result.is_error:
        raise typer.Exit(1)


@desktop_app.command()
def shot(
    desktop_id: Annotated[str, typer.Argument(metavar="ID")],
    file: Annotated[Path, typer.Argument(help="Image file; the format follows the extension.")],
) -> None:
    """Save a full-resolution screenshot."""
    desk = _attach(desktop_id)
    try:
        image = desk.screenshot()
    finally:
        desk.close()
    try:
        image.save(file)
    except (OSError, ValueError) as exc:
        _fail(f"cannot save {file}: {exc}")
    typer.echo(f"saved {image.width}x{image.height} screenshot to {file}")


@desktop_app.command("list")
def list_desktops(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Desktops running on this machine."""
    found = running_desktops()
    if as_json:
        keys = ("id", "display", "size", "home", "owner_pid", "started")
        typer.echo(json.dumps([{k: info[k] for k in keys} for info in found]))
        return
    if not found:
        typer.echo("no desktops running")
        return
    typer.echo(f"{'ID':<10}{'DISPLAY':<9}{'SIZE':<11}{'PID':<9}{'UP':>8}  HOME")
    for info in found:
        size = "x".join(map(str, info["size"]))
        uptime = f"{time.time() - info['started']:.0f}s"
        typer.echo(
            f"{info['id']:<10}{info['display']:<9}{size:<11}{info['owner_pid']:<9}{uptime:>8}  {info['home']}"
        )


@desktop_app.command()
def down(desktop_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Stop a desktop and everything running in it."""
    if not stop_desktop(desktop_id):
        _fail(f"no running desktop {desktop_id!r}; see `deskpilot desktop list`")
    typer.echo(f"stopped {desktop_id}")
