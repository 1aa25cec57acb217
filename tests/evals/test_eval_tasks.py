import json

import pytest
from eval_helpers import write_task

from deskpilot.evals.tasks import TaskError, load_tasks, suite_names

SUITES = {"calculator", "editor", "os", "spreadsheet", "browser", "multi_apps", "infeasible"}
INFEASIBLE = {"func": "infeasible"}


def test_built_in_suites_have_at_least_80_tasks_each_with_a_solution():
    assert set(suite_names()) == SUITES
    tasks = load_tasks(["all"])
    assert len(tasks) >= 80
    assert len({t.id for t in tasks}) == len(tasks)
    assert {t.domain for t in tasks} == SUITES
    for task in tasks:
        assert task.solution, task.id
        assert task.missing_features() == [], task.id
        assert (task.evaluator["func"] == "infeasible") == (task.domain == "infeasible"), task.id
    assert len(load_tasks(["calculator", "editor"])) == len(load_tasks(["calculator"])) + len(
        load_tasks(["editor"])
    )


def test_load_file_folder_list_and_osworld_index(tmp_path):
    write_task(tmp_path / "examples" / "os", "a", evaluator=INFEASIBLE)
    write_task(tmp_path / "examples" / "chrome", "b", evaluator=INFEASIBLE, screen=[800, 600])
    (tmp_path / "test_small.json").write_text(json.dumps({"os": ["a"], "chrome": ["b"]}))
    tasks = load_tasks([str(tmp_path / "test_small.json")])
    assert [(t.id, t.domain, t.screen) for t in tasks] == [
        ("a", "os", (1280, 800)),
        ("b", "chrome", (800, 600)),
    ]
    assert [t.id for t in load_tasks([str(tmp_path / "examples")])] == ["b", "a"]
    assert [t.id for t in load_tasks([str(tmp_path / "examples" / "os" / "a.json")])] == ["a"]
    many = tmp_path / "mine.json"
    many.write_text(
        json.dumps(
            [
                {"id": "x", "instruction": "x", "evaluator": INFEASIBLE},
                {"id": "y", "instruction": "y", "evaluator": INFEASIBLE},
            ]
        )
    )
    assert [(t.id, t.domain) for t in load_tasks([str(many), str(many)])] == [("x", "mine"), ("y", "mine")]


def test_bad_specs_and_tasks_are_reported(tmp_path):
    with pytest.raises(TaskError, match="no task file, folder or suite"):
        load_tasks(["no-such-suite"])
    write_task(tmp_path / "d", "bad", evaluator={})
    with pytest.raises(TaskError, match="no 'func'"):
        load_tasks([str(tmp_path / "d")])
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "x.json").write_text("{not json")
    with pytest.raises(TaskError, match="cannot read JSON"):
        load_tasks([str(tmp_path / "e")])


def test_resolve_maps_home_and_placeholders_everywhere(tmp_path):
    path = write_task(
        tmp_path / "os",
        "r",
        instruction="Open /home/user/a.txt on port {FIXTURE_PORT}",
        config=[
            {
                "type": "execute",
                "parameters": {"command": "awk '{print $1}' /home/user/x /home/username {SCREEN_WIDTH}"},
            }
        ],
        evaluator={
            "func": "exact_match",
            "result": {"type": "vm_file", "path": "/home/user"},
            "expected": {"type": "rule", "rules": {"expected": "{SCREEN_HEIGHT_HALF}"}},
        },
        solution=[{"action": "type", "text": "/home/user/b"}],
    )
    [task] = load_tasks([str(path)])
    resolved = task.resolve(
        "/tmp/h", {"FIXTURE_PORT": "8000", "SCREEN_WIDTH": "1280", "SCREEN_HEIGHT_HALF": "400"}
    )
    assert resolved.instruction == "Open /tmp/h/a.txt on port 8000"
    assert resolved.config[0]["parameters"]["command"] == "awk '{print $1}' /tmp/h/x /home/username 1280"
    assert resolved.evaluator["result"]["path"] == "/tmp/h"
    assert resolved.evaluator["expected"]["rules"]["expected"] == "400"
    assert resolved.raw["solution"] == [{"action": "type", "text": "/tmp/h/b"}]
    assert task.instruction == "Open /home/user/a.txt on port {FIXTURE_PORT}"


def test_missing_features_name_each_unknown_part(tmp_path):
    path = write_task(
        tmp_path / "x",
        "u",
        config=[
            {"type": "teleport", "parameters": {}},
            {"type": "execute", "parameters": {"command": "true"}},
        ],
        evaluator={
            "func": ["compare_holograms", "exact_match"],
            "result": [{"type": "crystal_ball"}, {"type": "rule"}],
            "expected": [None, {"type": "rule"}],
            "postconfig": [{"type": "levitate", "parameters": {}}],
        },
    )
    [task] = load_tasks([str(path)])
    assert task.missing_features() == [
        "config step 'teleport'",
        "postconfig step 'levitate'",
        "metric 'compare_holograms'",
        "getter 'crystal_ball'",
    ]
