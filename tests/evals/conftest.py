import tempfile
from pathlib import Path

import pytest

from deskpilot.evals.env import TaskEnv
from deskpilot.evals.episode import start_desktop
from deskpilot.evals.tasks import Task


@pytest.fixture(scope="module")
def vm_desktop():
    """A desktop as episodes start them: OSWorld's VM conventions (vm.py) included."""
    task = Task.from_dict(
        {"id": "t", "instruction": "", "evaluator": {"func": "infeasible"}, "screen": [1024, 768]}, "x"
    )
    with tempfile.TemporaryDirectory() as scratch:
        desktop, conventions = start_desktop(task, Path(scratch))
        try:
            yield desktop, conventions
        finally:
            desktop.close()


@pytest.fixture(scope="module")
def desktop(vm_desktop):
    return vm_desktop[0]


@pytest.fixture
def env(vm_desktop):
    desktop, conventions = vm_desktop
    with tempfile.TemporaryDirectory() as cache:
        yield TaskEnv.create(
            desktop, Path(cache), chrome_port=conventions.chrome_port, vlc_port=conventions.vlc_port
        )
