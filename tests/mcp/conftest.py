"""MCP tests: the official SDK's real `Client` against a real `deskpilot mcp` process (stdio or HTTP), real
Xvfb desktops and real apps. Nothing is mocked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODES = ("legacy", "2026-07-28")  # the initialize handshake (2025-11-25) and the stateless revision


@dataclass
class HttpServer:
    url: str
    token: str
    runs_dir: Path
    process: subprocess.Popen
    log: list[str]


def server_env(state_dir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "XDG_STATE_HOME": str(state_dir)}


def server_argv(runs_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from deskpilot.cli import app; app()",
        "mcp",
        "--runs-dir",
        str(runs_dir),
        *extra,
    ]


def start_http(tmp: Path, *extra: str) -> HttpServer:
    runs_dir = tmp / "runs"
    process = subprocess.Popen(
        server_argv(runs_dir, "--http", "--port", "0", *extra),
        env=server_env(tmp),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    first = process.stderr.readline()
    found = re.search(r"serving (http://\S+) token (\S+)", first)
    if not found:
        process.kill()
        raise RuntimeError(f"the server did not start: {first}{process.stderr.read()}")
    # Keep reading stderr, or a full pipe would block the server.
    threading.Thread(target=lambda: log.extend(process.stderr), daemon=True).start()
    return HttpServer(found.group(1), found.group(2), runs_dir, process, log)


def stop_http(server: HttpServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(60)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(10)


@pytest.fixture(scope="module")
def http_server(tmp_path_factory) -> Iterator[HttpServer]:
    server = start_http(tmp_path_factory.mktemp("mcp-http"))
    yield server
    stop_http(server)


@pytest.fixture(scope="module")
def stdio_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mcp-stdio")
