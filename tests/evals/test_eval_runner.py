import dataclasses
import json
import subprocess
import time

from eval_helpers import file_check_task, write_task
from typer.testing import CliRunner

from deskpilot.desktop import running_desktops
from deskpilot.evals.runner import EvalConfig, make_job, read_log, run_eval, run_jobs_local
from deskpilot.evals.tasks import load_tasks


def execute(command):
    return {"type": "execute", "parameters": {"command": command}}


def test_a_crashing_or_hanging_task_never_takes_the_run_down(tmp_path, monkeypatch):
    monkeypatch.setenv("DESKPILOT_EVAL_SANDBOX", "0")  # so that the task can kill its own worker
    folder = tmp_path / "robust"
    file_check_task(folder, "fine")
    file_check_task(folder, "hangs", config=[execute("sleep 600")])
    file_check_task(folder, "kills-its-worker", config=[execute("kill -9 $PPID")])
    write_task(
        folder,
        "unsupported",
        evaluator={"func": "compare_holograms", "result": {"type": "vm_file", "path": "/x"}},
    )
    download = {"files": [{"url": "https://example.com/data.xlsx", "path": "/home/user/data.xlsx"}]}
    file_check_task(folder, "downloads", config=[{"type": "download", "parameters": download}])
    before = {d["id"] for d in running_desktops()}
    out = tmp_path / "out"
    summary = run_eval(
        load_tasks([str(folder)]), EvalConfig(agent="oracle", parallel=2, timeout_s=10, out_dir=out)
    )
    records = {r["id"]: r for r in json.loads((out / "results.json").read_text())["tasks"]}
    assert {k: (r["status"], r["score"]) for k, r in records.items()} == {
        "fine": ("ok", 1.0),
        "hangs": ("timeout", 0.0),
        "kills-its-worker": ("crashed", 0.0),
        "unsupported": ("unsupported", 0.0),
        "downloads": ("needs_network", 0.0),
    }
    assert "killed after the task time limit of 10 s" in records["hangs"]["error"]
    assert "worker exited with code -9" in records["kills-its-worker"]["error"]
    assert "metric 'compare_holograms'" in records["unsupported"]["error"]
    assert "needs network: https://example.com/data.xlsx" in records["downloads"]["error"]
    assert summary["score"] == 0.2
    assert summary["statuses"] == {"ok": 1, "timeout": 1, "crashed": 1, "unsupported": 1, "needs_network": 1}
    assert records["fine"]["trajectory"].startswith("trajectories/fine/")
    assert (out / records["fine"]["trajectory"] / "report.html").exists()
    report = (out / "report.html").read_text()
    assert (
        "Overall score: 20.00%" in report and f'href="{records["fine"]["trajectory"]}/report.html"' in report
    )
    deadline = time.monotonic() + 15  # the killed workers' reapers tear their desktops down
    while {d["id"] for d in running_desktops()} - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {d["id"] for d in running_desktops()} - before == set()


def test_resume_skips_the_tasks_already_finished(tmp_path):
    folder = tmp_path / "two"
    file_check_task(folder, "first")
    file_check_task(folder, "second")
    tasks = load_tasks([str(folder)])
    out = tmp_path / "out"
    config = EvalConfig(agent="oracle", timeout_s=60, out_dir=out)
    run_eval(tasks[:1], config)  # as if the run had crashed after its first task
    first = read_log(out / "results.jsonl")["first"]
    (out / "logs" / "first.log").unlink()
    with open(out / "results.jsonl", "a") as f:
        f.write('{"id": "sec')  # a record cut short by the crash
    summary = run_eval(tasks, dataclasses.replace(config, resume=True))
    assert not (out / "logs" / "first.log").exists()
    assert (out / "logs" / "second.log").exists()
    records = json.loads((out / "results.json").read_text())["tasks"]
    assert [r["id"] for r in records] == ["first", "second"] and records[0] == first
    assert summary["score"] == 1.0
    run_eval(tasks[1:], config)  # without resume, a run starts over
    assert list(read_log(out / "results.jsonl")) == ["second"]


def test_cli_prints_the_overall_score_on_the_last_line(tmp_path):
    from deskpilot.cli import app  # here, so that the other tests run while a command module is broken

    file_check_task(tmp_path / "cli", "one")
    result = CliRunner().invoke(
        app, ["eval", "--agent", "oracle", "--out", str(tmp_path / "out"), str(tmp_path / "cli")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "Overall score: 100.00% (1/1 tasks)"
    assert (tmp_path / "out" / "results.json").exists() and (tmp_path / "out" / "report.html").exists()
    bad = CliRunner().invoke(app, ["eval", "--agent", "nobody", str(tmp_path / "cli")])
    assert bad.exit_code == 2 and "unknown agent 'nobody'" in bad.output
    missing = CliRunner().invoke(app, ["eval", "--agent", "noop", "no-such-suite"])
    assert missing.exit_code == 2 and "no task file, folder or suite" in missing.output


def test_stopping_early_kills_the_running_workers(tmp_path):
    folder = tmp_path / "stop"
    file_check_task(folder, "quick")
    file_check_task(folder, "slow", config=[execute("sleep 987")])
    file_check_task(folder, "queued")
    config = EvalConfig(agent="oracle", timeout_s=300, out_dir=tmp_path / "out")
    queued, quick, slow = (make_job(task, config) for task in load_tasks([str(folder)]))
    records = run_jobs_local([quick, slow, queued], parallel=1)
    assert next(records)["id"] == "quick"
    started = time.monotonic()
    records.close()  # what Ctrl-C in the consumer does
    assert time.monotonic() - started < 10
    assert not (tmp_path / "out" / "logs" / "queued.log").exists()  # never started
    deadline = time.monotonic() + 10  # the killed worker's reaper tears its desktop down

    def sleeping() -> bool:
        return "sleep 987" in subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout

    while sleeping() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not sleeping()
