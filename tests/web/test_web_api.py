"""The web app's REST and WebSocket API: access token, input validation, errors, and runs driven end to end
on real desktops (scripted providers stand in for the model)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from web_helpers import SECRET, TOKEN, free_port, wait_for

from deskpilot.agent.loop import TAKEOVER_REASON
from deskpilot.desktop import processes
from deskpilot.store import load
from deskpilot.web.runs import RunManager
from deskpilot.web.server import create_app
from tests.conditions import scaled


def start(client, model: str, **extra) -> dict:
    response = client.post(
        "/api/runs", json={"model": model, "instruction": "test run", "size": "800x600", **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()


def events_until_closed(client, run_id: str) -> list[dict]:
    events = []
    with client.websocket_connect(f"/api/runs/{run_id}/events") as ws:
        try:
            while True:
                events.append(json.loads(ws.receive_text()))
        except WebSocketDisconnect:
            pass
    return events


def test_every_api_call_needs_the_token(anonymous):
    for method, path in [
        ("get", "/api/runs"),
        ("post", "/api/runs"),
        ("get", "/api/meta"),
        ("get", "/openapi.json"),
        ("get", "/docs"),
        ("post", "/api/runs/x/stop"),
    ]:
        response = getattr(anonymous, method)(path)
        assert response.status_code == 401, path
        assert "access token required" in response.json()["detail"]
    assert anonymous.get("/api/runs", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anonymous.get("/api/runs", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert anonymous.get(f"/api/runs?token={TOKEN}").status_code == 401  # URLs end up in logs
    with pytest.raises(WebSocketDisconnect) as closed:
        with anonymous.websocket_connect("/api/runs/x/events") as ws:
            ws.receive_text()
    assert closed.value.code == 4401
    with pytest.raises(WebSocketDisconnect) as closed:  # WebSockets may carry it in the URL
        with anonymous.websocket_connect(f"/api/runs/x/events?token={TOKEN}") as ws:
            ws.receive_text()
    assert closed.value.code == 4404
    with pytest.raises(WebSocketDisconnect) as closed:  # a page of another site, even with the token
        with anonymous.websocket_connect(
            f"/api/runs/x/events?token={TOKEN}", headers={"Origin": "http://evil.test"}
        ) as ws:
            ws.receive_text()
    assert closed.value.code == 4403

    # The page and its static files hold no secret; opening it with the token sets an HttpOnly cookie.
    page = anonymous.get("/")
    assert page.status_code == 200 and "<title>deskpilot</title>" in page.text
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert anonymous.get("/static/app.js").status_code == 200
    assert anonymous.get("/?token=wrong", follow_redirects=False).status_code == 200
    assert "set-cookie" not in anonymous.get("/?token=wrong", follow_redirects=False).headers
    opened = anonymous.get(f"/?token={TOKEN}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    cookie = opened.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and TOKEN.lower() in cookie
    assert anonymous.get("/api/runs").status_code == 200  # the client now sends the cookie


def test_bad_input_is_rejected_with_clear_messages(client):
    cases = [
        ({}, 422, "instruction: Field required"),
        ({"instruction": "  "}, 422, "instruction: instruction must not be blank"),
        ({"instruction": "x", "size": "big"}, 422, "size: size must look like 1280x800, got 'big'"),
        ({"instruction": "x", "size": "10x10"}, 422, "size: size 10x10 is out of range"),
        (
            {"instruction": "x", "apps": ["notepad++"]},
            422,
            "apps: unknown app 'notepad++'; known apps: terminal",
        ),
        ({"instruction": "x", "max_steps": 0}, 422, "max_steps: Input should be greater than or equal to 1"),
        ({"instruction": "x", "colour": "red"}, 422, "colour: Extra inputs are not permitted"),
        ({"instruction": "x", "model": "nope:x"}, 400, "unknown model spec 'nope:x'; use one of: anthropic:"),
    ]
    for body, status, message in cases:
        response = client.post("/api/runs", json=body)
        assert response.status_code == status, (body, response.text)
        error = response.json()
        assert message in (error["message"] if status == 422 else error["detail"]), (body, error)
        if status == 422:  # FastAPI's usual list is there too
            assert error["detail"][0]["loc"][0] == "body" and error["detail"][0]["msg"]
    response = client.post("/api/runs", content="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "JSON decode error" in response.json()["message"]
    assert client.get("/api/runs").json() == {"runs": []}  # nothing was started


def test_unknown_runs_are_404_and_the_schema_is_served(client):
    for method, path, body in [
        ("get", "/api/runs/nope", None),
        ("get", "/api/runs/nope/report", None),
        ("get", "/api/runs/nope/shots/a.png", None),
        ("post", "/api/runs/nope/stop", None),
        ("post", "/api/runs/nope/replay", None),
        ("post", "/api/runs/nope/messages", {"text": "hi"}),
        ("post", "/api/runs/nope/takeover", {"on": True}),
        ("post", "/api/runs/nope/confirmations/c1", {"approve": True}),
        ("get", "/api/runs/%2E%2E", None),
        ("get", "/api/evals/nope/report", None),
    ]:
        response = client.request(method.upper(), path, json=body)
        assert response.status_code == 404, (path, response.text)
        assert "no " in response.json()["detail"]
    for socket in ("events", "screen"):
        with pytest.raises(WebSocketDisconnect) as closed:
            with client.websocket_connect(f"/api/runs/nope/{socket}") as ws:
                ws.receive_text()
        assert closed.value.code == 4404
    schema = client.get("/openapi.json").json()
    for path in (
        "/api/runs",
        "/api/runs/{run_id}",
        "/api/runs/{run_id}/messages",
        "/api/runs/{run_id}/stop",
        "/api/runs/{run_id}/confirmations/{call_id}",
        "/api/runs/{run_id}/takeover",
        "/api/runs/{run_id}/report",
        "/api/runs/{run_id}/replay",
        "/api/evals",
        "/api/evals/{name}/report",
    ):
        assert path in schema["paths"], path
    assert "instruction" in schema["components"]["schemas"]["RunRequest"]["required"]


def test_eval_reports_are_listed_and_served(client, tmp_path):
    evals = tmp_path / "evals"
    (evals / "smoke").mkdir(parents=True)
    (evals / "smoke" / "results.json").write_text(json.dumps({"summary": {"passed": 3, "total": 4}}))
    (evals / "smoke" / "report.html").write_text("<html><title>smoke eval</title></html>")
    (evals / "pending").mkdir()
    (evals / "pending" / "results.json").write_text("[]")
    (evals / "not-an-eval").mkdir()
    listed = {e["name"]: e for e in client.get("/api/evals").json()["evals"]}
    assert set(listed) == {"smoke", "pending"}
    assert listed["smoke"]["has_report"] and listed["smoke"]["summary"] == {"passed": 3, "total": 4}
    assert not listed["pending"]["has_report"]
    report = client.get("/api/evals/smoke/report")
    assert report.status_code == 200 and "smoke eval" in report.text
    assert client.get("/api/evals/pending/report").status_code == 404
    assert client.get("/api/evals/..%2Fsmoke/report").status_code == 404


def test_a_run_streams_its_events_then_reads_back_from_disk_and_replays(client, manager):
    run = start(client, "script:clicks")
    assert run["state"] == "starting" and run["model"] == "script" and run["live"]
    events = events_until_closed(client, run["id"])
    kinds = [e["kind"] for e in events]
    assert kinds[:2] == ["state", "state"] and kinds[-2:] == ["finished", "state"]
    assert kinds.count("action") == 3 and kinds.count("screenshot") == 3 and kinds.count("step_started") == 4
    assert events[-1]["data"] == {"state": "finished", "reason": "completed"}
    shots = [e["data"] for e in events if e["kind"] == "screenshot"]
    assert all(s["base64"] and s["image_size"] == [800, 600] for s in shots)
    assert not any("raw" in e["data"] for e in events)  # the provider's raw payload stays on the server

    # Finished: the run is read back from its trajectory.
    wait_for(lambda: manager.live(run["id"]) is None, what="the run to be handed to the store")
    stored = client.get(f"/api/runs/{run['id']}").json()
    assert stored["run"]["live"] is False and stored["run"]["reason"] == "completed"
    assert [e["kind"] for e in stored["events"]] == [k for k in kinds if k != "state"]
    urls = [e["data"]["url"] for e in stored["events"] if e["kind"] == "screenshot"]
    image = client.get(urls[1])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert events_until_closed(client, run["id"]) == stored["events"]
    listed = client.get("/api/runs").json()["runs"]
    assert [(r["id"], r["reason"], r["live"]) for r in listed] == [(run["id"], "completed", False)]
    report = client.get(f"/api/runs/{run['id']}/report")
    assert report.status_code == 200 and "left_click" in report.text and "test run" in report.text
    assert client.post(f"/api/runs/{run['id']}/messages", json={"text": "hi"}).status_code == 409
    assert client.post(f"/api/runs/{run['id']}/stop").status_code == 409

    # Replay: the same actions, without the model, as a new live run.
    replay = client.post(f"/api/runs/{run['id']}/replay")
    assert replay.status_code == 201, replay.text
    replayed = events_until_closed(client, replay.json()["id"])
    assert replayed[-1]["data"] == {"state": "finished", "reason": "completed"}
    original, again = load(manager.runs_dir / run["id"]), load(manager.runs_dir / replay.json()["id"])
    assert [(c.tool, c.input, c.error) for s in again.steps for c in s.calls] == [
        (c.tool, c.input, c.error) for s in original.steps for c in s.calls
    ]
    assert again.meta["model"] == f"replay:{run['id']}"


def test_confirmations_are_answered_through_the_api(client, manager):
    run = start(client, "script:confirm")
    live = manager.live(run["id"])
    first = wait_for(lambda: live.summary()["pending"], what="a confirmation request")
    assert first[0]["call_id"] == "c2-0" and first[0]["input"] == {"action": "type", "text": "CONFIRM one"}
    assert first[0]["reason"] == "typing this text needs your approval"
    assert (
        client.post(f"/api/runs/{run['id']}/confirmations/other", json={"approve": True}).status_code == 404
    )
    assert (
        client.post(f"/api/runs/{run['id']}/confirmations/c2-0", json={"approve": "yes please"}).status_code
        == 422
    )
    wrong = client.post(
        f"/api/runs/{run['id']}/confirmations/c2-0", json={"approve": True, "action_hash": "0" * 64}
    )
    assert wrong.status_code == 409 and "is not the one you answered" in wrong.json()["detail"]
    answer = {"approve": True, "action_hash": first[0]["action_hash"]}
    assert client.post(f"/api/runs/{run['id']}/confirmations/c2-0", json=answer).json()["approved"]
    wait_for(lambda: [p["call_id"] for p in live.summary()["pending"]] == ["c3-0"], what="the second request")
    assert (
        client.post(f"/api/runs/{run['id']}/confirmations/c3-0", json={"approve": False}).status_code == 200
    )
    events = events_until_closed(client, run["id"])
    answers = {e["data"]["call_id"]: e["data"]["approved"] for e in events if e["kind"] == "confirmation"}
    assert answers == {"c2-0": True, "c3-0": False}
    results = {e["data"]["call_id"]: e["data"]["error"] for e in events if e["kind"] == "result"}
    assert results["c2-0"] is None and "did not approve" in results["c3-0"]


def test_take_over_pauses_the_agent_and_replays_the_users_input(client, manager, scripts):
    run = start(client, "script:clicks", apps=["terminal"])
    assert client.post(f"/api/runs/{run['id']}/takeover", json={"on": True}).json() == {"on": True}
    live = manager.live(run["id"])
    desktop = wait_for(lambda: live.desktop, what="the desktop")
    with client.websocket_connect(f"/api/runs/{run['id']}/screen") as ws:
        frame = ws.receive_bytes()
        assert frame[:2] == b"\xff\xd8"  # a JPEG
        ws.send_text(json.dumps({"type": "mouse", "x": 400, "y": 300, "button": "left", "action": "click"}))
        ws.send_text(json.dumps({"type": "type", "text": "echo taken > taken.txt"}))
        ws.send_text(json.dumps({"type": "key", "key": "Return"}))
        ws.send_text(json.dumps({"type": "mouse", "x": 123, "y": 45, "action": "move"}))
        ws.send_text(json.dumps({"type": "key", "key": "ctrl+nosuchkey"}))
        error = wait_for(lambda: _text_frame(ws), what="an error frame")
        assert "Unknown key name 'nosuchkey'" in error["message"]
        wait_for(lambda: (desktop.home / "taken.txt").is_file(), what="the typed command to run")
        assert desktop.input.pointer() == (123, 45)
        assert scripts.made["clicks"][0].calls == 0  # the model was not asked while the user had control

        assert client.post(f"/api/runs/{run['id']}/takeover", json={"on": False}).status_code == 200
        ws.send_text(json.dumps({"type": "type", "text": "too late"}))
        assert "take over the desktop first" in wait_for(lambda: _text_frame(ws), what="an error")["message"]
    assert (desktop.home / "taken.txt").read_text() == "taken\n"
    events = events_until_closed(client, run["id"])
    assert [e["data"]["on"] for e in events if e["kind"] == "takeover"] == [True, False]
    actions = [e["data"] for e in events if e["kind"] == "action"]
    # After the take-over the first action is a screenshot: looking again is always allowed.
    assert actions[0]["input"] == {"action": "screenshot"} and actions[0]["decision"]["verdict"] == "allow"
    assert actions[1]["decision"]["verdict"] == "allow"


def _text_frame(ws) -> dict | None:
    message = ws.receive()
    return json.loads(message["text"]) if message.get("text") else None


def test_the_first_action_after_a_take_over_is_refused(client, manager, scripts):
    run = start(client, "script:hold")
    live = manager.live(run["id"])
    provider = wait_for(lambda: scripts.made.get("hold"), what="the provider")[0]
    wait_for(lambda: provider.calls == 2, what="the second model turn")  # held: the model is "thinking"
    client.post(f"/api/runs/{run['id']}/takeover", json={"on": True})
    client.post(f"/api/runs/{run['id']}/takeover", json={"on": False})
    scripts.hold.set()
    events = events_until_closed(client, run["id"])
    actions = {e["data"]["call_id"]: e["data"]["decision"] for e in events if e["kind"] == "action"}
    errors = {e["data"]["call_id"]: e["data"]["error"] for e in events if e["kind"] == "result"}
    assert actions["c2-0"] is None and TAKEOVER_REASON in errors["c2-0"]  # not run, and not a policy verdict
    assert actions["c3-0"]["verdict"] == "allow"  # a screenshot is always allowed
    assert live.reason == "completed"


def test_a_follow_up_message_reaches_the_model(client, manager, scripts):
    run = start(client, "script:hold")
    provider = wait_for(lambda: scripts.made.get("hold"), what="the provider")[0]
    wait_for(lambda: provider.calls == 2, what="the second model turn")
    sent = client.post(f"/api/runs/{run['id']}/messages", json={"text": "Also close the window."})
    assert sent.status_code == 202 and sent.json() == {"queued": True}
    assert client.post(f"/api/runs/{run['id']}/messages", json={"text": ""}).status_code == 422
    scripts.hold.set()
    events = events_until_closed(client, run["id"])
    assert provider.messages == ["Also close the window."]
    assert [e["data"]["text"] for e in events if e["kind"] == "user_message"] == ["Also close the window."]
    assert events[-1]["data"] == {"state": "finished", "reason": "completed"}


@pytest.mark.parametrize("script", ["hold", "stuck"])
def test_stop_ends_the_run_and_its_desktop_within_2_s(client, manager, scripts, script):
    """hold: the model call does not return; stuck: a tool runs long (a 8 s wait)."""
    run = start(client, f"script:{script}")
    live = manager.live(run["id"])
    desktop = wait_for(lambda: live.desktop, what="the desktop")
    if script == "hold":
        wait_for(lambda: scripts.made["hold"][0].calls == 2, what="the held model call")
    else:
        wait_for(lambda: any(e["kind"] == "action" for e in live.history()), what="the wait to start")
    pgid = desktop.pgid
    started = time.monotonic()
    response = client.post(f"/api/runs/{run['id']}/stop")
    elapsed = time.monotonic() - started
    assert response.json() == {"state": "finished", "reason": "stopped"}
    assert elapsed < scaled(2.0), elapsed  # 2 s on an idle machine
    assert live.desktop is None and not processes.pid_alive(pgid)
    assert manager.live(run["id"]) is None or live.thread.is_alive()  # only a stuck tool outlives the stop


def test_deskpilot_serve_prints_a_link_with_the_token_and_binds_loopback(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from deskpilot.cli import app; app()",
            "serve",
            "--port",
            str(port),
            "--runs-dir",
            str(tmp_path / "runs"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        match = re.search(rf"open http://127\.0\.0\.1:{port}/\?token=([\w-]+)", line)
        assert match, line
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base), what="the server")
        assert httpx.get(f"{base}/api/runs").status_code == 401
        authed = httpx.get(f"{base}/api/runs", headers={"Authorization": f"Bearer {match[1]}"})
        assert authed.status_code == 200 and authed.json() == {"runs": []}
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
        assert [line.split()[3] for line in listening.splitlines()] == [f"127.0.0.1:{port}"]
    finally:
        proc.terminate()
        proc.wait(10)


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "/").status_code == 200
    except httpx.TransportError:
        return False


def test_api_keys_in_the_environment_never_reach_the_browser_or_the_trajectory(
    tmp_path, scripts, monkeypatch
):
    monkeypatch.setenv("DEMO_API_KEY", SECRET)
    manager = RunManager(tmp_path / "runs", provider_factory=scripts)  # the default redaction
    with TestClient(
        create_app(manager, TOKEN, hosts=["testserver"]), headers={"Authorization": f"Bearer {TOKEN}"}
    ) as client:
        run = start(client, "script:secret")
        events = json.dumps(events_until_closed(client, run["id"]))
        assert SECRET not in events and "my key is [REDACTED:known_secret]" in events
        wait_for(lambda: manager.live(run["id"]) is None, what="the run to end")
        stored = client.get(f"/api/runs/{run['id']}").text
        assert SECRET not in stored and "my key is [REDACTED:known_secret]" in stored
    assert SECRET.encode() not in (tmp_path / "runs" / run["id"] / "trajectory.db").read_bytes()
