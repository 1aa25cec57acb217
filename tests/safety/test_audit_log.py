"""The hash-chained audit log detects edits, deletions, reordering and truncation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskpilot.safety.audit import HEAD_NAME, LOG_NAME, AuditError, AuditLog, verify


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "audit"
    with AuditLog(directory) as log:
        for i in range(5):
            log.append("intent" if i % 2 == 0 else "result", {"step": i, "action": f"click {i}"})
    return directory


def _lines(directory: Path) -> list[str]:
    return (directory / LOG_NAME).read_text().splitlines(keepends=True)


def _write(directory: Path, lines: list[str]) -> None:
    (directory / LOG_NAME).write_text("".join(lines))


def test_intact_log_verifies(log_dir):
    result = verify(log_dir)
    assert (result.ok, result.records, result.errors) == (True, 5, [])
    records = [json.loads(line) for line in _lines(log_dir)]
    assert [r["seq"] for r in records] == [0, 1, 2, 3, 4]
    assert records[0]["prev_hash"] == "0" * 64
    assert all(records[i]["prev_hash"] == records[i - 1]["hash"] for i in range(1, 5))


def test_edit_is_detected(log_dir):
    lines = _lines(log_dir)
    lines[2] = lines[2].replace("click 2", "click 9")
    _write(log_dir, lines)
    result = verify(log_dir)
    assert not result.ok
    assert result.errors == ["line 3: record was modified (hash mismatch)"]


def test_deleted_line_is_detected(log_dir):
    lines = _lines(log_dir)
    del lines[1]
    _write(log_dir, lines)
    result = verify(log_dir)
    assert not result.ok
    assert any("sequence 2 out of order" in e for e in result.errors)
    assert any("chain broken" in e for e in result.errors)


def test_truncation_of_trailing_records_is_detected(log_dir):
    _write(log_dir, _lines(log_dir)[:3])
    result = verify(log_dir)
    assert not result.ok and result.records == 3
    assert result.errors == ["log ends at 3 records but the head records 5 (truncated or extended)"]


def test_reordering_is_detected(log_dir):
    lines = _lines(log_dir)
    lines[1], lines[2] = lines[2], lines[1]
    _write(log_dir, lines)
    result = verify(log_dir)
    assert not result.ok
    assert any("out of order" in e for e in result.errors)


def test_missing_head_is_detected(log_dir):
    (log_dir / HEAD_NAME).unlink()
    assert verify(log_dir).errors == ["the head file is missing or unreadable"]


def test_reopen_continues_the_chain(log_dir):
    with AuditLog(log_dir) as log:
        record = log.append("result", {"step": 5})
    assert record["seq"] == 5
    assert verify(log_dir).ok and verify(log_dir).records == 6


def test_partial_last_line_is_recovered(log_dir):
    with open(log_dir / LOG_NAME, "a") as f:
        f.write('{"seq": 5, "kind": "inte')  # a crash mid-write
    result = verify(log_dir)  # the documented crash recovery applies: no tamper alarm
    assert result.ok and result.records == 5 and "incomplete" in result.notes[0]
    with AuditLog(log_dir) as log:
        assert log.seq == 5
        log.append("intent", {"step": 5})
    assert verify(log_dir).ok and verify(log_dir).records == 6


def test_head_one_record_behind_is_recovered(log_dir):
    lines = _lines(log_dir)
    last = json.loads(lines[3])
    (log_dir / HEAD_NAME).write_text(
        json.dumps({"records": 4, "hash": last["hash"]})
    )  # crash before head update
    result = verify(log_dir)
    assert result.ok and result.records == 5 and "one record behind" in result.notes[0]
    with AuditLog(log_dir):
        pass
    assert verify(log_dir).ok


def test_a_tampered_log_is_not_appended_to(log_dir):
    _write(log_dir, _lines(log_dir)[:2])
    with pytest.raises(AuditError, match="failed verification"):
        AuditLog(log_dir)


def test_missing_log():
    result = verify("/nonexistent/audit")
    assert not result.ok and result.errors[0].startswith("no audit log at")


def test_a_partial_line_after_a_cut_record_is_still_tampering(log_dir):
    lines = _lines(log_dir)
    _write(log_dir, [*lines[:4], lines[4][:30]])  # the last complete record cut: the head still counts 5
    result = verify(log_dir)
    assert not result.ok and result.records == 4


def test_a_new_log_whose_head_was_not_written_is_not_an_alarm(tmp_path):
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / LOG_NAME).write_bytes(b"")
    assert verify(tmp_path / "audit").ok


def test_verify_takes_the_run_folder_too(log_dir):
    from typer.testing import CliRunner

    from deskpilot.cli import app

    for folder in (log_dir, log_dir.parent):
        result = CliRunner().invoke(app, ["audit", "verify", str(folder)])
        assert result.exit_code == 0 and "OK: 5 records" in result.output, result.output
    _write(log_dir, _lines(log_dir)[:3])
    result = CliRunner().invoke(app, ["audit", "verify", str(log_dir.parent)])
    assert result.exit_code == 1 and "truncated" in result.output


APPEND = """
import sys
from deskpilot.safety.audit import AuditLog
with AuditLog(sys.argv[1]) as log:
    print("open", flush=True)
    for i in range(1_000_000):
        log.append("intent", {"step": i, "text": "x" * (i % 3000)})
"""


def test_verify_raises_no_false_alarm_after_random_sigkills(tmp_path):
    import random
    import signal
    import subprocess
    import sys

    from tests.conditions import wait_until

    rng = random.Random()
    directory = tmp_path / "audit"
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-c", APPEND, str(directory)], stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"open\n"
        wanted = verify(directory).records + rng.randint(1, 40)
        wait_until(lambda n=wanted: (directory / LOG_NAME).stat().st_size and _count(directory) >= n, 30)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        result = verify(directory)
        assert result.ok, (result.errors, result.notes)


def _count(directory: Path) -> int:
    return (directory / LOG_NAME).read_bytes().count(b"\n")
