"""The web app answers only to loopback Host names (and those it is told), and contacts only loopback or
allow-listed model endpoints."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from web_helpers import TOKEN

from deskpilot.web.runs import RunManager
from deskpilot.web.server import create_app, endpoint_problem

AUTH = {"Authorization": f"Bearer {TOKEN}"}


class Refused(Exception):
    pass


def refusing_factory(spec: str):
    raise Refused(spec)  # reached only when the endpoint check let the spec through


@pytest.fixture
def app(tmp_path):
    return create_app(RunManager(tmp_path / "runs"), TOKEN, hosts=["desk.example"], model_hosts=["gpu.lan"])


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost", "[::1]:8765", "desk.example:8765"])
def test_loopback_and_configured_hosts_are_served(app, host):
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/api/runs", headers={**AUTH, "Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "attacker:8765", ""])
def test_other_hosts_are_refused_even_with_the_token(app, host):
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.get("/api/runs", headers={**AUTH, "Host": host})
        assert response.status_code == 400 and "host" in response.text.lower()
        with pytest.raises(WebSocketDisconnect):
            with client.websocket_connect(f"/api/runs/x/events?token={TOKEN}", headers={"Host": host}) as ws:
                ws.receive_text()


@pytest.mark.parametrize(
    "spec",
    [
        "uitars:m@http://10.0.0.5:8000/v1",
        "qwen25vl:m@http://127.0.0.1@evil.example/v1",
        "uitars:m@http://127.0.0.1.evil.example/v1",
        "uitars:m@file:///etc/passwd",
        "uitars:m@http://[::ffff:10.0.0.5]/v1",
    ],
)
def test_model_endpoints_off_loopback_and_the_allowlist_are_refused(tmp_path, spec):
    manager = RunManager(tmp_path / "runs", provider_factory=refusing_factory)
    with TestClient(create_app(manager, TOKEN), base_url="http://127.0.0.1", headers=AUTH) as client:
        response = client.post("/api/runs", json={"model": spec, "instruction": "hi"})
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "neither loopback nor allowed" in detail or "not an http(s) URL" in detail


@pytest.mark.parametrize(
    "spec",
    ["uitars:m@http://127.0.0.1:8000/v1", "uitars:m@http://[::1]:8000/v1", "uitars:m@https://gpu.lan/v1"],
)
def test_loopback_and_allowed_endpoints_pass_the_check(spec):
    assert endpoint_problem(spec, ["gpu.lan"]) is None
    assert endpoint_problem("anthropic:claude-sonnet-4-5") is None
