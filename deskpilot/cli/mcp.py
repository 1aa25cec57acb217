"""`deskpilot mcp`: serve local desktops and whole tasks to MCP clients (stdio, or streamable HTTP)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer


def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP instead of stdio.")] = False,
    host: Annotated[str, typer.Option(help="Interface for --http; only loopback is allowed.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port for --http (0: a free one, printed).")] = 8766,
    runs_dir: Annotated[Path, typer.Option("--runs-dir", help="Folder for trajectories.")] = Path("runs"),
    policy: Annotated[Path | None, typer.Option(help="Safety policy file (default: the built-in).")] = None,
    idle_timeout: Annotated[
        float, typer.Option("--idle-timeout", help="Seconds after which an unused desktop is stopped.")
    ] = 1800.0,
    sandbox: Annotated[
        bool,
        typer.Option("--sandbox/--no-sandbox", help="Run apps and bash as the deskpilot user (as root)."),
    ] = True,
) -> None:
    """Serve deskpilot over MCP. stdio by default; --http prints its URL and access token on stderr."""
    from deskpilot.mcp.desktops import Settings
    from deskpilot.mcp.http import LOOPBACK_HOSTS, new_token, serve_http
    from deskpilot.mcp.server import DeskpilotMCP

    if idle_timeout <= 0:
        raise typer.BadParameter("--idle-timeout must be positive")
    settings = Settings(
        runs_dir=runs_dir.resolve(),
        policy=str(policy) if policy else os.environ.get("DESKPILOT_POLICY"),
        sandbox=sandbox,
        idle_timeout_s=idle_timeout,
    )
    server = DeskpilotMCP(settings).server
    if not http:
        server.run("stdio")
        return
    if host not in LOOPBACK_HOSTS:
        raise typer.BadParameter(
            f"--host must be loopback ({', '.join(sorted(LOOPBACK_HOSTS))}), got {host!r}"
        )
    token = os.environ.get("DESKPILOT_MCP_TOKEN") or new_token()
    if len(token) < 16:
        raise typer.BadParameter("DESKPILOT_MCP_TOKEN must be at least 16 characters")
    serve_http(server.streamable_http_app(host=host), token, host, port)


def register(app: typer.Typer) -> None:
    app.command("mcp")(mcp)
