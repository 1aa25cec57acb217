"""Whole OSWorld tasks: what --check finds, pre-flight statuses, infeasible scoring, leaderboard summary."""

import json
from pathlib import Path

import pytest

from deskpilot.evals.check import check_task
from deskpilot.evals.downloads import FileCache
from deskpilot.evals.episode import run_episode
from deskpilot.evals.runner import summarize
from deskpilot.evals.tasks import Task, load_tasks

# The real task files live in ../shared beside the checkout (one level further up from a worktree).
OSWORLD = next(
    (
        p / "shared/data/osworld"
        for p in Path(__file__).resolve().parents[3:5]
        if (p / "shared/data/osworld").is_dir()
    ),
    Path("../shared/data/osworld"),
)
GOLD = "https://huggingface.co/datasets/xlangai/ubuntu_osworld_file_cache/resolve/main/x/gold.docx"


def task(config=(), evaluator=None, **extra):
    data = {"id": "t1", "instruction": "do it", "config": list(config), **extra}
    data["evaluator"] = evaluator or {"func": "infeasible"}
    return Task.from_dict(data, "os")


def test_check_finds_programs_downloads_and_exclusions(tmp_path):
    needs = check_task(
        task(
            [
                {"type": "launch", "parameters": {"command": ["code", "--new-window"]}},
                {"type": "launch", "parameters": {"command": "VLC_VERBOSE=-1 vlc --no-audio", "shell": True}},
                {"type": "download", "parameters": {"files": [{"url": GOLD, "path": "/home/user/a.docx"}]}},
            ],
            {
                "func": "compare_docx_files",
                "result": {"type": "vm_file", "path": "/home/user/a.docx", "dest": "a.docx"},
                "expected": {"type": "cloud_file", "path": GOLD, "dest": "gold.docx"},
            },
        ),
        FileCache(tmp_path),
    )
    assert needs.programs == ["code", "vlc"]
    assert needs.unavailable == ["code"]  # VS Code is not in Debian
    assert needs.downloads == [GOLD] and needs.uncached == [GOLD]
    assert needs.status == "app_unavailable"
    drive = check_task(task([{"type": "googledrive", "parameters": {}}]))
    assert drive.status == "excluded"


def test_preflight_statuses_need_no_desktop(tmp_path):
    offline = FileCache(tmp_path, offline=True)
    code = task([{"type": "launch", "parameters": {"command": ["code"]}}])
    record = run_episode(code, "noop", 5, 60, tmp_path / "t", offline)
    assert (record["status"], record["error"]) == ("app_unavailable", "app not available: code")
    gold = task(
        evaluator={
            "func": "compare_pdfs",
            "result": {"type": "rule", "rules": {}},
            "expected": {"type": "cloud_file", "path": GOLD, "dest": "g"},
        }
    )
    record = run_episode(gold, "noop", 5, 60, tmp_path / "t", offline)
    assert record["status"] == "needs_network" and GOLD in record["error"]
    login = task([{"type": "login", "parameters": {}}])
    assert run_episode(login, "noop", 5, 60, tmp_path / "t", offline)["status"] == "excluded"


def test_summary_leaves_excluded_tasks_out():
    records = [
        {"domain": "os", "status": "ok", "score": 1.0},
        {"domain": "os", "status": "app_unavailable", "score": 0.0},
        {"domain": "chrome", "status": "excluded", "score": 0.0},
    ]
    for r in records:
        r.update(input_tokens=0, output_tokens=0, cost_usd=0.0, time_s=1.0)
    summary = summarize(records)
    assert (summary["tasks"], summary["score"], summary["excluded"]) == (2, 0.5, 1)
    assert summary["by_domain"]["chrome"] == {"tasks": 0, "score": 0.0, "points": 0, "excluded": 1}


@pytest.mark.skipif(not OSWORLD.is_dir(), reason="../shared/data/osworld is not beside the checkout")
def test_every_osworld_task_is_supported_and_infeasible_needs_fail(tmp_path):
    tasks = load_tasks([str(OSWORLD / "examples")])
    assert len(tasks) == 369
    assert [t.id for t in tasks if t.missing_features()] == []
    index = load_tasks([str(OSWORLD / "test_small.json")])
    assert len(index) == 39
    infeasible = next(t for t in tasks if t.evaluator["func"] == "infeasible" and not t.config)
    said_fail = Task.from_dict(
        {**infeasible.raw, "solution": [{"action": "FAIL"}]}, infeasible.domain, infeasible.path
    )
    assert run_episode(said_fail, "oracle", 5, 60, tmp_path / "a")["score"] == 1.0
    assert run_episode(infeasible, "noop", 5, 60, tmp_path / "b")["score"] == 0.0
    feasible = json.loads((OSWORLD / "examples/os/28cc3b7e-b194-4bc9-8353-d04c0f4d56d2.json").read_text())
    gave_up = Task.from_dict({**feasible, "solution": [{"action": "FAIL"}]}, "os")
    assert run_episode(gave_up, "oracle", 5, 60, tmp_path / "c")["score"] == 0.0


def test_eval_check_lists_needs_without_running(tmp_path):
    from typer.testing import CliRunner

    from deskpilot.cli import app

    folder = tmp_path / "vs_code"
    folder.mkdir()
    (folder / "a.json").write_text(
        json.dumps(
            {
                "id": "a",
                "instruction": "x",
                "config": [{"type": "launch", "parameters": {"command": ["code"]}}],
                "evaluator": {"func": "infeasible"},
            }
        )
    )
    (folder / "b.json").write_text(
        json.dumps(
            {
                "id": "b",
                "instruction": "x",
                "evaluator": {
                    "func": "compare_pdfs",
                    "result": {"type": "rule", "rules": {}},
                    "expected": {"type": "cloud_file", "path": GOLD, "dest": "g.pdf"},
                },
            }
        )
    )
    result = CliRunner().invoke(app, ["eval", "--check", "--cache", str(tmp_path / "c"), str(folder)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["id"], r["status"]) for r in lines] == [("a", "app_unavailable"), ("b", "needs_download")]
    assert lines[0]["unavailable"] == ["code"] and lines[1]["uncached"] == [GOLD]
    assert not (tmp_path / "c").exists()  # nothing was downloaded
