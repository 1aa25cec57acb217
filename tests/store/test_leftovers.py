"""A run killed as it starts recording never leaves a trajectory.db without tables, and a leftover one (from
an older version, or any damaged file) opens in report, replay and the web app with a clear message."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from deskpilot.cli import app
from deskpilot.store import TrajectoryError, list_runs, load
from deskpilot.web.runs import RunManager
from deskpilot.web.server import create_app
from tests.conditions import wait_until

# Creates recorders in new folders without end, printing each folder before it starts.
CREATE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from deskpilot.store import Recorder
    for i in range(100_000):
        folder = Path(sys.argv[1]) / f"run{i}"
        print(folder, flush=True)
        Recorder(folder)
""")


def _tables(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_sigkill_while_creating_never_leaves_a_database_without_tables(tmp_path):
    rng = random.Random()
    for trial in range(25):
        out = tmp_path / f"trial{trial}"
        proc = subprocess.Popen([sys.executable, "-c", CREATE, str(out)], stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        wanted = rng.randint(1, 4)
        folders = wait_until(lambda o=out, n=wanted: len(list(o.glob("run*"))) >= n, 30, "recorders")
        assert folders
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        for db in out.glob("run*/trajectory.db"):
            assert _tables(db) >= {"runs", "events"}, db
            assert load(db.parent).steps == []


def _leftover(tmp_path):
    runs = tmp_path / "runs"
    leftover = runs / "killed"
    leftover.mkdir(parents=True)
    sqlite3.connect(leftover / "trajectory.db").close()  # an empty file: no tables
    (leftover / "trajectory.db").write_bytes(b"")
    return runs, leftover


def test_a_leftover_database_without_tables_gives_clear_messages(tmp_path):
    runs, leftover = _leftover(tmp_path)
    try:
        load(leftover)
    except TrajectoryError as exc:
        assert "no readable trajectory" in str(exc) and "killed" in str(exc)
    else:
        raise AssertionError("a database without tables loaded")
    assert list_runs(runs) == []
    for command in ("report", "replay"):
        result = CliRunner().invoke(app, [command, str(leftover)])
        assert result.exit_code == 2, result.output
        assert "no readable trajectory" in result.output and "Traceback" not in result.output


def test_the_web_app_answers_a_leftover_with_a_message_not_a_500(tmp_path):
    runs, _ = _leftover(tmp_path)
    manager = RunManager(runs)
    app = create_app(manager, "t", hosts=["testserver"])  # the test client's Host
    with TestClient(app, headers={"Authorization": "Bearer t"}) as client:
        assert client.get("/api/runs").json() is not None
        for path in ("/api/runs/killed", "/api/runs/killed/report"):
            response = client.get(path)
            assert response.status_code == 422, (path, response.status_code)
            assert "no readable trajectory" in response.json()["message"]
        with client.websocket_connect("/api/runs/killed/events") as ws:
            try:
                ws.receive_text()
            except Exception as exc:  # the server closes with 4422 and the reason
                assert getattr(exc, "code", None) == 4422
