"""Durable trajectories: every event of a run is committed to SQLite (WAL, synchronous=FULL) as it happens.

Layout of a run directory:
  trajectory.db  tables `runs` (meta and finish summary) and `events` (one row per event, no image data)
  shots/         screenshots, each written temp -> fsync -> rename before the event row that names it
  run.json       a small summary, written at the start and the finish of the run

A run killed at any instant leaves every committed event readable; `deskpilot.store.load` cuts the
trajectory back to its last complete step.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from deskpilot.core import caps
from deskpilot.core import events as ev

DB_NAME = "trajectory.db"
SHOTS_DIR = "shots"
SUMMARY_NAME = "run.json"
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    meta TEXT NOT NULL,
    finished TEXT
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    step INTEGER NOT NULL,
    kind TEXT NOT NULL,
    time REAL NOT NULL,
    call_id TEXT,
    shot TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_step ON events (step);
CREATE VIEW IF NOT EXISTS steps AS
    SELECT step, MIN(time) AS started_at, MAX(time) AS ended_at,
           SUM(kind = 'action') AS actions, SUM(kind = 'screenshot') AS screenshots,
           SUM(kind = 'result' AND json_extract(data, '$.error') IS NOT NULL) AS errors
    FROM events WHERE step > 0 GROUP BY step;
"""


def connect(path: Path) -> sqlite3.Connection:
    """Open a trajectory database in WAL mode with a commit that survives power loss."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


def create_database(path: Path) -> None:
    """Create the trajectory database atomically: the schema is built in a temp file that is renamed into
    place, so a SIGKILL at any instant leaves either no database or one with every table."""
    if path.exists():
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)  # a leftover of a killed start
    db = sqlite3.connect(tmp, isolation_level=None)
    try:
        db.execute("BEGIN")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("COMMIT")
    finally:
        db.close()
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(path: Path, data: bytes) -> None:
    """Write a file so that it is either absent or complete: temp file, fsync, rename, fsync the folder."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _plain(value: object) -> object:
    """json.dumps fallback for SDK objects and dataclasses in event data (e.g. a provider's raw reply)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def _redacted(value: object, redact: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return redact(caps.capped(value, caps.STORED_STRING_CHARS, "stored text"))
    if isinstance(value, list):
        return [_redacted(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v, redact) for k, v in value.items()}
    return value


class Recorder:
    """Appends a run's events to `run_dir`. Call `handle(event)` for every event in order, then `close()`.

    redact: applied to every string that is stored (API keys must never reach a trajectory).
    """

    def __init__(self, run_dir: str | os.PathLike, redact: Callable[[str], str] | None = None):
        self.run_dir = Path(run_dir)
        self.shots = self.run_dir / SHOTS_DIR
        self.shots.mkdir(parents=True, exist_ok=True)
        self.redact = redact or (lambda text: text)
        self._lock = threading.Lock()
        create_database(self.run_dir / DB_NAME)
        self._db = connect(self.run_dir / DB_NAME)
        self._seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        self._run_id: str | None = None
        self._summary: dict = {}

    def handle(self, event: ev.Event) -> None:
        with self._lock:
            self._seq += 1
            data = dict(event.data)
            shot = None
            if event.kind == ev.SCREENSHOT and data.get("image"):
                shot = self._save_shot(event.step, data.pop("image"), data.get("media_type", "image/png"))
            data = _redacted(json.loads(json.dumps(data, default=_plain)), self.redact)
            text = json.dumps(data, ensure_ascii=False)
            with self._db:  # one durable transaction per event
                self._db.execute("BEGIN")
                self._db.execute(
                    "INSERT INTO events (seq, step, kind, time, call_id, shot, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (self._seq, event.step, event.kind, event.time, data.get("call_id"), shot, text),
                )
                if event.kind == ev.RUN_STARTED:
                    self._run_id = str(data.get("run_id") or self.run_dir.name)
                    self._db.execute(
                        "INSERT OR REPLACE INTO runs (run_id, meta) VALUES (?, ?)", (self._run_id, text)
                    )
                elif event.kind == ev.FINISHED:
                    self._db.execute("UPDATE runs SET finished = ? WHERE run_id = ?", (text, self._run_id))
            self._summarise(event.kind, data)

    def close(self) -> None:
        with self._lock:
            if self._db is None:
                return
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fold the WAL in: one file to copy
            self._db.close()
            self._db = None

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _save_shot(self, step: int, image: bytes, media_type: str) -> str:
        name = f"{SHOTS_DIR}/step{step:03d}-{self._seq:06d}.{EXTENSIONS.get(media_type, 'img')}"
        write_durably(self.run_dir / name, image)
        return name

    def _summarise(self, kind: str, data: dict) -> None:
        """Keep run.json current at the start and the finish of the run."""
        if kind == ev.RUN_STARTED:
            keys = ("run_id", "model", "instruction", "started_at")
            self._summary = {k: data.get(k) for k in keys} | {"finished": None}
        elif kind == ev.FINISHED:
            self._summary["finished"] = data
        else:
            return
        write_durably(self.run_dir / SUMMARY_NAME, json.dumps(self._summary, indent=1).encode())
