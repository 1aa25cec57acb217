"""`deskpilot serve`: the web app (live desktops, chat, approvals, past runs and eval reports)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated

import typer


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind; anything but loopback exposes your desktops.")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option(help="TCP port.")] = 8765,
    runs_dir: Annotated[Path, typer.Option("--runs-dir", help="Folder for trajectories.")] = Path("runs"),
    evals_dir: Annotated[
        Path | None,
        typer.Option("--evals-dir", help="Folder holding eval out dirs (default: the runs folder)."),
    ] = None,
) -> None:
    """Serve the web app. Open the printed link: it carries the access token every request needs."""
    import uvicorn

    from deskpilot.cli.run import CONFIG_PATH
    from deskpilot.web.runs import RunManager
    from deskpilot.web.server import create_app, new_token

    web_settings = {}
    if CONFIG_PATH.exists():
        with open(CONFIG_PATH, "rb") as f:
            web_settings = tomllib.load(f).get("web", {})
    token = new_token()
    # runs are contained as `deskpilot run`'s are, unless `[web] sandbox = false`
    manager = RunManager(runs_dir, sandbox=bool(web_settings.get("sandbox", True)) and os.geteuid() == 0)
    app = create_app(
        manager,
        token,
        evals_dir=evals_dir or runs_dir,
        hosts=[host, *web_settings.get("hosts", [])],
        model_hosts=web_settings.get("model_hosts", []),
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            f"warning: binding {host}: anyone who can reach it and has the link controls your desktops",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"deskpilot web app: open http://{shown}:{port}/?token={token}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
