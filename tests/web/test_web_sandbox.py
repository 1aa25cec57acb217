"""Runs started from the web app are contained like `deskpilot run`'s."""

from __future__ import annotations

import os

import pytest
from web_helpers import Scripts, wait_for

from deskpilot.desktop.sandbox import available
from deskpilot.web.runs import RunManager

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or available() is not None, reason="containment needs root and bwrap"
)


def test_a_web_run_gets_a_pod_when_the_manager_is_sandboxed(tmp_path):
    scripts = Scripts()
    manager = RunManager(tmp_path / "runs", provider_factory=scripts, sandbox=True)
    try:
        run = manager.start("script:hold", "Look around.", ["terminal"], (800, 600), 5)
        desktop = wait_for(lambda: run.desktop, 60, "the run's desktop")
        assert desktop.containment == "pod"
        assert desktop.pod is not None
    finally:
        scripts.hold.set()
        manager.stop_all()
