"""Recording events and loading them back."""

from __future__ import annotations

import json
import sqlite3

from PIL import Image
from store_helpers import GREEN, INSTRUCTION, RED, SECRET, sample_events

from deskpilot.core import events as ev
from deskpilot.store import Recorder, list_runs, load


def redact(text: str) -> str:
    return text.replace(SECRET, "[REDACTED]")


def record(run_dir, events, close=True, **kwargs) -> Recorder:
    recorder = Recorder(run_dir, **kwargs)
    for event in events:
        recorder.handle(event)
    if close:
        recorder.close()
    return recorder


def test_a_recorded_run_loads_back_step_by_step(tmp_path):
    record(tmp_path, sample_events())
    traj = load(tmp_path)
    assert traj.run_id == "sample" and traj.meta["instruction"] == INSTRUCTION
    assert traj.meta["screen_size"] == [640, 400] and traj.meta["tool_versions"]["bash"] == "bash_20250124"
    assert traj.finished["reason"] == "completed"
    assert [s.number for s in traj.steps] == [1, 2, 3]
    first, second, last = traj.steps
    assert first.text == "I will click the <button>." and first.latency_s == 1.5
    assert first.usage == {"input_tokens": 1000, "output_tokens": 20} and first.cost_usd == 0.01
    assert first.duration_s == 2.5  # step_started .. screenshot: six events 0.5 s apart
    [click] = first.calls
    assert click.input == {"action": "left_click", "coordinate": [40, 50]} and click.executed
    assert click.error is None and click.duration_s == 0.25 and click.before is None
    with Image.open(click.screenshot.path) as image:
        assert image.size == (320, 200) and image.getpixel((5, 5)) == RED
    assert click.screenshot.image_size == (320, 200) and click.screenshot.screen_size == (640, 400)
    double, drag, bash = second.calls
    assert double.before is click.screenshot and drag.before is double.screenshot  # the screens acted on
    assert drag.decision == {"verdict": "allow", "reason": "ok"}
    with Image.open(drag.screenshot.path) as image:
        assert image.getpixel((5, 5)) == GREEN
    assert bash.tool == "bash" and bash.output == f"{SECRET}\n" and bash.screenshot is None
    assert last.calls == [] and last.status == "done"
    assert traj.totals == {"input_tokens": 3000, "output_tokens": 60, "cost_usd": 0.03}
    assert traj.elapsed_s == 12.5
    assert json.loads((tmp_path / "run.json").read_text())["finished"]["reason"] == "completed"


def test_storage_is_sqlite_wal_with_image_files_not_blobs(tmp_path):
    recorder = record(tmp_path, sample_events(), close=False)
    db = sqlite3.connect(tmp_path / "trajectory.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert recorder._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    kinds = [k for (k,) in db.execute("SELECT kind FROM events ORDER BY seq")]
    assert kinds[0] == ev.RUN_STARTED and kinds[-1] == ev.FINISHED and kinds.count(ev.SCREENSHOT) == 3
    shots = [row for row in db.execute("SELECT shot, data FROM events WHERE kind = 'screenshot'")]
    for shot, data in shots:
        assert (tmp_path / shot).is_file() and "image" not in json.loads(data)
    assert db.execute("SELECT step, actions, screenshots FROM steps ORDER BY step").fetchall() == [
        (1, 1, 1),
        (2, 3, 2),
        (3, 0, 0),
    ]
    assert json.loads(db.execute("SELECT meta FROM runs").fetchone()[0])["model"] == "scripted"
    recorder.close()
    assert not list(tmp_path.glob("shots/.*.tmp"))


def test_secrets_are_redacted_everywhere(tmp_path):
    record(tmp_path, sample_events(), redact=redact)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    traj = load(tmp_path)
    assert "[REDACTED]" in traj.meta["instruction"] and traj.steps[1].calls[2].output == "[REDACTED]\n"


def test_a_killed_run_loads_up_to_its_last_complete_step(tmp_path):
    events = sample_events()
    cut = next(i for i, e in enumerate(events) if e.kind == ev.RESULT and e.data["call_id"] == "c3")
    record(tmp_path, events[: cut + 1], close=False)  # the drag's screenshot never arrived: no close either
    traj = load(tmp_path)
    assert traj.finished is None and [s.number for s in traj.steps] == [1]
    assert traj.totals == {"input_tokens": 1000, "output_tokens": 20, "cost_usd": 0.01}
    assert json.loads((tmp_path / "run.json").read_text())["finished"] is None


def test_a_step_missing_a_result_is_incomplete(tmp_path):
    events = [e for e in sample_events() if not (e.kind == ev.RESULT and e.data["call_id"] == "c4")]
    record(tmp_path, events)
    assert [s.number for s in load(tmp_path).steps] == [1]


def test_damaged_and_missing_screenshots_read_as_none(tmp_path):
    record(tmp_path, sample_events())
    first, second, third = load(tmp_path).screenshots
    first.path.write_bytes(first.path.read_bytes()[:40])
    second.path.unlink()
    traj = load(tmp_path)
    assert [s.number for s in traj.steps] == [1, 2, 3]
    assert [s.read() is None for s in traj.screenshots] == [True, True, False]


def test_list_runs_finds_runs_below_a_folder(tmp_path):
    events = sample_events()
    record(tmp_path / "a", events)
    record(tmp_path / "nested" / "b", events[:6], close=False)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "trajectory.db").write_bytes(b"not a database at all, just bytes" * 10)
    runs = list_runs(tmp_path)
    assert sorted(r.run_dir.name for r in runs) == ["a", "b"]
    assert {r.run_dir.name: r.finished is None for r in runs} == {"a": False, "b": True}
