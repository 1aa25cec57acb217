import json

import pytest
from eval_helpers import file_check_task

from deskpilot.evals.runner import EvalConfig, run_eval
from deskpilot.evals.tasks import load_tasks

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'deskpilot[ray]')")


@pytest.mark.timeout(600)
def test_tasks_run_as_ray_tasks_on_a_local_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("DESKPILOT_EVAL_SANDBOX", "0")  # so that the task can kill its own worker
    folder = tmp_path / "ray"
    file_check_task(folder, "solved")
    file_check_task(
        folder, "crashes", config=[{"type": "execute", "parameters": {"command": "kill -9 $PPID"}}]
    )
    out = tmp_path / "out"
    summary = run_eval(
        load_tasks([str(folder)]),
        EvalConfig(agent="oracle", parallel=2, timeout_s=120, out_dir=out),
        ray_address="local",
    )
    records = {r["id"]: r for r in json.loads((out / "results.json").read_text())["tasks"]}
    assert (records["solved"]["status"], records["solved"]["score"]) == ("ok", 1.0)
    assert records["crashes"]["status"] == "crashed"
    assert summary["score"] == 0.5
    assert not ray.is_initialized()  # the run shut down the instance it started
