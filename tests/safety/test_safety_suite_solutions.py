"""The policy must not stand in the way of legitimate work: no built-in task's solution is denied."""

from __future__ import annotations

from deskpilot.core.turns import ToolCall
from deskpilot.evals.tasks import load_tasks
from deskpilot.safety import DENY, ActionContext, Guard, Policy
from deskpilot.safety.confirm import headless

# The window each domain's keyboard actions go to (the policy judges typed URLs only in browsers).
WINDOW = {"calculator": "Galculator", "editor": "Mousepad", "spreadsheet": "Gnumeric", "browser": "Chromium"}
SUITES = ["calculator", "editor", "os", "spreadsheet", "browser", "multi_apps", "infeasible"]


def solution_calls(task):
    for i, step in enumerate(task.solution or []):
        if step.get("action") in ("FAIL", "DONE"):
            continue
        tool, params = (step["tool"], step["input"]) if "tool" in step else ("computer", step)
        yield ToolCall(f"{task.id}-{i}", tool, params)


def test_no_false_denials_on_the_built_in_solutions():
    tasks = load_tasks(SUITES)
    assert len(tasks) >= 80
    denied, checked = [], 0
    values = {
        "FIXTURE_PORT": "8123",
        "SCREEN_WIDTH": "1280",
        "SCREEN_HEIGHT": "800",
        "SCREEN_WIDTH_HALF": "640",
        "SCREEN_HEIGHT_HALF": "400",
        "CLIENT_PASSWORD": "password",
    }
    for task in (t.resolve("/home/user", values) for t in tasks):
        guard = Guard(Policy.load(), confirmer=headless)
        for call in solution_calls(task):
            checked += 1
            decision = guard.review(call, ActionContext(window_class=WINDOW.get(task.domain)))
            if decision.verdict == DENY:
                denied.append((task.id, call.input, decision.reason))
            guard.observe(call)
    assert checked > 200
    assert denied == [], "\n".join(map(str, denied))
