from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_helpers import TOKEN, ConfirmTyping, Scripts

from deskpilot.web.runs import RunManager
from deskpilot.web.server import create_app


@pytest.fixture
def scripts():
    made = Scripts()
    yield made
    made.hold.set()  # a held model returns, so that its thread ends


@pytest.fixture
def manager(tmp_path, scripts):
    runs = RunManager(tmp_path / "runs", provider_factory=scripts, guard_class=ConfirmTyping)
    yield runs
    runs.stop_all()


@pytest.fixture
def client(manager, tmp_path):
    """A client that sends the token."""
    app = create_app(manager, TOKEN, evals_dir=tmp_path / "evals", hosts=["testserver"])
    with TestClient(app, headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


@pytest.fixture
def anonymous(manager, tmp_path):
    """A client without the token."""
    with TestClient(
        create_app(manager, TOKEN, evals_dir=tmp_path / "evals", hosts=["testserver"])
    ) as test_client:
        yield test_client
