"""Replaying a recorded run on a fresh desktop, and the trajectory commands of the CLI."""

from __future__ import annotations

import os

import pytest
from store_helpers import Scripted
from typer.testing import CliRunner

from deskpilot.agent import Agent, RunConfig
from deskpilot.cli import app
from deskpilot.desktop import Desktop
from deskpilot.desktop.sandbox import available
from deskpilot.safety import DENY, Decision, Guard
from deskpilot.store import load
from deskpilot.store.replay import replay

TEXT = "Hello from deskpilot\nreplayed <line> two"


class DenyRm(Guard):
    """The safety guard, plus a rule that blocks bash commands using rm."""

    def review(self, call, context=None):
        if call.tool == "bash" and "rm " in call.input["command"]:
            return Decision(DENY, "no deleting", "test.rm")
        return super().review(call, context)


def test_replay_redoes_the_typing_and_the_errors_on_a_fresh_desktop(tmp_path):
    saved, log, runs = tmp_path / "saved.txt", tmp_path / "bash.log", tmp_path / "runs"
    turns = [
        [("computer", {"action": "type", "text": TEXT})],
        # The image is 1024x768 (XGA) on a 1280x960 screen: x=1100 is off the image, though on the screen.
        [("computer", {"action": "left_click", "coordinate": [1100, 10]})],
        [("bash", {"command": f"echo ran >> {log}"})],
        [("bash", {"command": f"rm {log}"})],  # denied by the guard, so not replayed either
        [("computer", {"action": "key", "text": "ctrl+a"}, "Could not parse 'select all'")],  # nor this
        [("computer", {"action": "key", "text": "ctrl+s"})],
        [
            ("computer", {"action": "type", "text": str(saved)}),
            ("computer", {"action": "key", "text": "Return"}),
            ("computer", {"action": "wait", "duration": 1}),
        ],
    ]
    with Desktop(size=(1280, 960), apps=["editor"]) as desktop:
        agent = Agent(
            Scripted(turns, scaling_policy="XGA"),
            desktop,
            RunConfig(max_steps=12, editor=False, scan_screen=False),
            out_dir=runs,
            run_id="original",
            guard=DenyRm(),
        )
        assert agent.run("Write two lines and save them.").reason == "completed"
    assert saved.read_text() == TEXT and log.read_text() == "ran\n"
    original = load(runs / "original")
    errors = [c.error for step in original.steps[1:5] for c in step.calls]
    assert "outside display bounds (1024x768)" in errors[0] and errors[1] is None
    assert errors[2].startswith("Blocked by the safety policy")
    assert errors[3] == "Could not parse 'select all'"
    saved.unlink()

    runner = CliRunner()
    # uncontained: the recorded commands and the save dialog use this test's folder, outside the pod
    command = [
        "replay",
        str(runs / "original"),
        "--out",
        str(runs / "replayed"),
        "--speed",
        "0",
        "--no-sandbox",
    ]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "9 of 9 calls behaved as recorded" in result.output
    assert f"step 4 bash rm {log}: skipped (the safety policy denied it)" in result.output
    assert saved.read_text() == TEXT and log.read_text() == "ran\nran\n"

    replayed = load(runs / "replayed")
    assert replayed.meta["model"] == "replay of original" and replayed.finished["reason"] == "replayed"
    assert [s.number for s in replayed.steps] == [s.number for s in original.steps] == list(range(1, 9))
    for old, new in zip(original.steps, replayed.steps, strict=True):
        assert [(c.tool, c.input) for c in new.calls] == [(c.tool, c.input) for c in old.calls]
    replayed_errors = [c.error for step in replayed.steps[1:5] for c in step.calls]
    assert replayed_errors[:2] == errors[:2]
    assert replayed_errors[2:] == [
        "not replayed: the safety policy denied it",
        "not replayed: the model's output was not a valid call",
    ]
    assert {s.image_size for s in replayed.screenshots} == {(1024, 768)}
    assert all(s.read() for s in replayed.screenshots)
    assert (runs / "replayed" / "report.html").is_file()

    listing = runner.invoke(app, ["runs", str(runs)], env={"COLUMNS": "250"})
    assert listing.exit_code == 0 and "original" in listing.output and "replay of original" in listing.output
    report = runner.invoke(app, ["report", str(runs / "original")])
    assert report.exit_code == 0 and report.output.strip() == str(runs / "original" / "report.html")
    assert "Write two lines and save them." in (runs / "original" / "report.html").read_text()


def test_replay_of_a_folder_without_a_trajectory_fails_clearly(tmp_path):
    result = CliRunner().invoke(app, ["replay", str(tmp_path)])
    assert result.exit_code == 2 and "not a run folder" in result.output


@pytest.mark.skipif(os.geteuid() != 0 or available() is not None, reason="containment needs root and bwrap")
def test_a_contained_replay_runs_the_recorded_commands_inside_the_pod(tmp_path):
    """A trajectory is input from elsewhere: its shell commands run as the sandbox user, not as us."""
    runs = tmp_path / "runs"
    with Desktop(size=(800, 600)) as desktop:
        agent = Agent(
            Scripted([[("bash", {"command": "id -un; echo $HOME"})]]),
            desktop,
            RunConfig(max_steps=3, editor=False, scan_screen=False),
            out_dir=runs,
            run_id="original",
        )
        assert agent.run("Who am I?").reason == "completed"
    assert load(runs / "original").steps[0].calls[0].output.split()[0] == "root"

    result = replay(runs / "original", runs / "contained", speed=0, sandbox=True)
    call = load(result.run_dir).steps[0].calls[0]
    user, home = call.output.split()
    assert user == "deskpilot" and home != "/root"
