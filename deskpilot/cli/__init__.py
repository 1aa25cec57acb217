"""The `deskpilot` command. Each command group lives in its own module with a `register(app)` function."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(help="deskpilot: computer-use agents on real local desktops.", no_args_is_help=True)

COMMAND_MODULES = ("desktop", "run", "replay", "serve", "guard", "evals", "ground", "mcp")

for _name in COMMAND_MODULES:
    importlib.import_module(f"deskpilot.cli.{_name}").register(app)
