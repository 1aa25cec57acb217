"""Append-only, hash-chained audit log: DIR/audit.jsonl plus DIR/audit.head.

Each record is `{"seq", "ts", "kind", "data", "prev_hash", "hash"}` where `hash` is the SHA-256 of the
record's canonical JSON without `hash`, and `prev_hash` is the previous record's hash (64 zeros first).
Every record is written, flushed and fsynced, then the head file (record count and last hash) is
replaced atomically and fsynced, so `verify` detects edited, deleted, reordered and truncated records.
Opening a log recovers from a crash: a partial last line is cut off, and a head one record behind a
valid log is brought forward (the crash fell between the record and the head update).

Write-ahead use: append an "intent" record before acting and a "result" record after.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

LOG_NAME = "audit.jsonl"
HEAD_NAME = "audit.head"
GENESIS = "0" * 64


def record_hash(record: dict) -> str:
    body = {k: record[k] for k in ("seq", "ts", "kind", "data", "prev_hash")}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class VerifyResult:
    ok: bool
    records: int
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # crash states that are recoverable, not tampering


class AuditError(RuntimeError):
    """The log on disk failed verification; appending to it would hide the damage."""


class AuditLog:
    """Open (creating or recovering) the audit log in `directory`. Thread-safe appends."""

    def __init__(self, directory: str | os.PathLike):
        self.dir = Path(directory)
        created = not self.dir.exists()
        self.dir.mkdir(parents=True, exist_ok=True)
        if created:
            _fsync_dir(self.dir.parent)
        self.path = self.dir / LOG_NAME
        self.head_path = self.dir / HEAD_NAME
        self._lock = threading.Lock()
        self.seq, self.last_hash = 0, GENESIS
        if self.path.exists():
            self._recover()
        self._file = open(self.path, "ab")  # noqa: SIM115 - kept open for appends
        if not self.head_path.exists() and self.seq == 0:
            _fsync_dir(self.dir)
            self._write_head()

    def _recover(self) -> None:
        """Cut a partial last line, bring a head that is one record behind forward, then insist on a
        log that verifies."""
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with open(self.path, "r+b") as f:
                f.truncate(data.rfind(b"\n") + 1)
                os.fsync(f.fileno())
        try:
            records = [json.loads(line) for line in self.path.read_bytes().splitlines()]
        except ValueError as e:
            raise AuditError(f"audit log {self.path} holds a record that is not JSON") from e
        if records:
            self.seq, self.last_hash = len(records), records[-1]["hash"]
        try:
            head = json.loads(self.head_path.read_text())
        except (OSError, ValueError):
            head = None
        behind = len(records) >= 1 and head == {
            "records": len(records) - 1,
            "hash": records[-2]["hash"] if len(records) > 1 else GENESIS,
        }
        if behind:
            self._write_head()
        result = verify(self.dir)
        if not result.ok:
            raise AuditError(f"audit log {self.path} failed verification: {'; '.join(result.errors)}")

    def _write_head(self) -> None:
        tmp = self.head_path.with_suffix(".tmp")
        with open(tmp, "w") as f:
            json.dump({"records": self.seq, "hash": self.last_hash}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.head_path)
        _fsync_dir(self.dir)

    def append(self, kind: str, data: dict) -> dict:
        """Write one record durably and return it."""
        with self._lock:
            record = {
                "seq": self.seq,
                "ts": time.time(),
                "kind": kind,
                "data": data,
                "prev_hash": self.last_hash,
            }
            record["hash"] = record_hash(record)
            self._file.write(json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n")
            self._file.flush()
            os.fsync(self._file.fileno())
            self.seq, self.last_hash = self.seq + 1, record["hash"]
            self._write_head()
            return record

    def close(self) -> None:
        with self._lock:
            self._file.close()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def audit_dir(path: str | os.PathLike) -> Path:
    """The audit folder for `path`: the folder itself when it holds a log, else a run folder's `audit/`."""
    path = Path(path)
    if not (path / LOG_NAME).exists() and (path / "audit" / LOG_NAME).exists():
        return path / "audit"
    return path


def verify(directory: str | os.PathLike) -> VerifyResult:
    """Check the chain and the head. Read-only; never repairs. The crash states that opening a log recovers
    from (a partial last line, a head one record behind, a new log whose head was not yet written) are not
    tampering: they pass, and `notes` says what opening the log will repair."""
    directory = audit_dir(directory)
    path, head_path = directory / LOG_NAME, directory / HEAD_NAME
    errors: list[str] = []
    notes: list[str] = []
    if not path.exists():
        return VerifyResult(False, 0, [f"no audit log at {path}"])
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        notes.append("the last record is incomplete (a crash mid-write); opening the log drops it")
        data = data[: data.rfind(b"\n") + 1]
    prev, count, hashes = GENESIS, 0, [GENESIS]
    for number, line in enumerate(data.splitlines()):
        try:
            record = json.loads(line)
            expected = record_hash(record)
        except (ValueError, KeyError, TypeError):
            errors.append(f"line {number + 1}: not a valid record")
            break
        if record["seq"] != number:
            errors.append(f"line {number + 1}: sequence {record['seq']} out of order (expected {number})")
        if record["prev_hash"] != prev:
            errors.append(f"line {number + 1}: chain broken (prev_hash does not match the previous record)")
        if record.get("hash") != expected:
            errors.append(f"line {number + 1}: record was modified (hash mismatch)")
        prev, count = record.get("hash"), count + 1
        hashes.append(prev)
    try:
        head = json.loads(head_path.read_text())
    except (OSError, ValueError):
        if count == 0:
            notes.append("a new log whose head was not yet written (a crash as it was created)")
        else:
            errors.append("the head file is missing or unreadable")
    else:
        if count >= 1 and head == {"records": count - 1, "hash": hashes[-2]}:
            notes.append(
                "the head is one record behind (a crash before its update); opening the log fixes it"
            )
        elif head.get("records") != count or head.get("hash") != prev:
            errors.append(
                f"log ends at {count} records but the head records {head.get('records')} (truncated or extended)"
            )
    return VerifyResult(not errors, count, errors, notes)
