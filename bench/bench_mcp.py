"""MCP round-trip latency: a screenshot and a click through `deskpilot mcp`, over stdio and streamable HTTP, on
the 2025-11-25 handshake and on 2026-07-28. Prints JSON.

    .venv/bin/python bench/bench_mcp.py [--repeat 20]

Each figure is what an MCP client waits for from `call_tool` to its result: JSON-RPC framing, the server's
guard and audit log, the trajectory, the action (a click waits until the screen settles) and the PNG
screenshot (1280x800, base64 in the result). Compare with bench_desktop.py for the desktop's own share.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import anyio
import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

REPO = Path(__file__).resolve().parents[1]


def summary(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "median_ms": round(statistics.median(ms), 1),
        "p90_ms": round(ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))], 1),
        "n": len(ms),
    }


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


def start_http(runs_dir: Path) -> tuple[subprocess.Popen, str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        server_argv(runs_dir, "--http", "--port", "0"), env=env, stderr=subprocess.PIPE, text=True
    )
    found = re.search(r"serving (http://\S+) token (\S+)", process.stderr.readline())
    if not found:
        process.kill()
        raise SystemExit("the HTTP server did not start")
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
    return process, found.group(1), found.group(2)


async def measure(server: object, mode: str, repeat: int) -> dict:
    async with Client(server, mode=mode, read_timeout_seconds=300) as client:
        started = await client.call_tool("start_desktop", {"size": "1280x800"})
        handle = started.structured_content["handle"]
        timings: dict[str, list[float]] = {"screenshot": [], "click": []}
        for i in range(repeat + 2):  # the first two of each are warm-up
            for name, arguments in (
                ("screenshot", {"handle": handle}),
                ("click", {"handle": handle, "action": "left_click", "coordinate": [100 + i * 10, 300]}),
            ):
                tool = "screenshot" if name == "screenshot" else "computer"
                began = time.perf_counter()
                result = await client.call_tool(tool, arguments)
                elapsed = time.perf_counter() - began
                if result.is_error:
                    raise SystemExit(f"{name} failed: {result.content}")
                if i >= 2:
                    timings[name].append(elapsed)
        await client.call_tool("stop_desktop", {"handle": handle})
    return {name: summary(values) for name, values in timings.items()}


async def main(repeat: int) -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        runs_dir = Path(tmp) / "runs"
        argv = server_argv(runs_dir)
        stdio = StdioServerParameters(
            command=argv[0], args=argv[1:], env={**os.environ, "PYTHONPATH": str(REPO)}
        )
        for mode in ("legacy", "2026-07-28"):
            results[f"stdio_{mode}"] = await measure(stdio, mode, repeat)
        process, url, token = start_http(runs_dir)
        try:
            for mode in ("legacy", "2026-07-28"):
                http = httpx2.AsyncClient(
                    headers={"Authorization": f"Bearer {token}"}, timeout=httpx2.Timeout(60, read=300)
                )
                results[f"http_{mode}"] = await measure(
                    streamable_http_client(url, http_client=http), mode, repeat
                )
        finally:
            process.terminate()
            process.wait(60)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    figures = anyio.run(main, args.repeat)
    print(json.dumps({"screen": "1280x800", "load_avg_1m_before": round(load, 2), **figures}, indent=2))
