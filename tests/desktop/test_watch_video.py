"""Run video: a real run records its desktop with ffmpeg, aligned with the trajectory's timeline; the HTML
report plays it in headless Chromium with a tick per action and a bar per window the watcher saw."""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import threading
import time

import pytest
import uvicorn
from PIL import Image
from watch_helpers import Flashing, WatchApp

from deskpilot.agent import Agent, RunConfig
from deskpilot.desktop import Desktop
from deskpilot.store import load
from deskpilot.store.report import write_report
from deskpilot.store.video import VideoRecorder, video_info
from deskpilot.web.runs import RunManager
from deskpilot.web.server import create_app

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is part of scripts/setup.sh")
FLASHES = 4
BLUE = (0x33, 0x55, 0xAA)  # the flashed notification's colour (watch_app.py)
SEEK = """async (t) => {
  const video = document.getElementById('run-video');
  await new Promise(done => { video.addEventListener('seeked', done, {once: true}); video.currentTime = t; });
}"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One recorded run: a scripted model acts while the app flashes notifications between its actions."""
    out = tmp_path_factory.mktemp("runs")
    with Desktop(size=(1280, 800)) as desktop:
        app = WatchApp(desktop)
        try:
            started = time.time()
            agent = Agent(Flashing(app, FLASHES), desktop, RunConfig(bash=False, editor=False), out_dir=out)
            result = agent.run("watch")
            ended = time.time()
        finally:
            app.close()
    return out / result.run_id, started, ended


def duration(path) -> float:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout)["format"]["duration"])


def test_the_run_is_recorded_and_aligned_with_the_trajectory(run):
    run_dir, started, ended = run
    info = video_info(run_dir)
    assert info and info["path"] and info["bytes"] > 0, info
    assert started <= info["started_at"] <= ended
    traj = load(run_dir)
    first_action = min(c.started_at for s in traj.steps for c in s.calls)
    assert info["started_at"] <= first_action  # the video starts before the first action
    length = duration(info["path"])
    # the video covers the run from its first frame until the recorder stopped (after the last event)
    last_event = max(c.started_at for s in traj.steps for c in s.calls)
    assert info["started_at"] + length >= last_event
    assert length <= ended - info["started_at"] + 1.0


def test_the_report_plays_the_video_with_step_and_window_marks(run, tmp_path):
    run_dir, _, _ = run
    report = write_report(run_dir)
    html = report.read_text()
    assert '<video id="run-video"' in html and 'src="video.webm"' in html
    traj = load(run_dir)
    calls = [c for s in traj.steps for c in s.calls]
    assert html.count('class="tick') == len(calls) == FLASHES
    assert html.count('class="seen"') == len(traj.changes) >= FLASHES
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(report.as_uri())
        page.wait_for_function("document.getElementById('run-video').readyState >= 1", timeout=20000)
        assert page.evaluate("document.getElementById('run-video').duration") > 0
        tick = page.locator(".tick").nth(2)
        target = float(tick.get_attribute("data-t"))
        tick.click()
        page.wait_for_function(
            f"Math.abs(document.getElementById('run-video').currentTime - {target}) < 0.2", timeout=10000
        )
        left = page.evaluate("parseFloat(document.querySelectorAll('.tick')[2].style.left)")
        assert 0 < left < 100
        # the video shows each notification where and when the trajectory says it was (those shown for at
        # least two frames: a window manager under load may show a managed one for less than 0.3 s)
        shown = [change for _, change in traj.changes if change["shown_s"] >= 2 / traj.video["fps"]]
        assert len(shown) >= FLASHES // 2
        for change in shown:
            middle = change["at"] - traj.video["started_at"] + change["shown_s"] / 2
            x, y, w, h = change["box"]
            page.evaluate(SEEK, middle)
            page.mouse.move(0, 0)  # no controls over the frame
            frame = Image.open(io.BytesIO(page.locator("#run-video").screenshot())).convert("RGB")
            scale = frame.width / 1280
            pixel = frame.getpixel((int((x + w // 2) * scale), int((y + h // 2) * scale)))
            assert all(abs(a - b) <= 40 for a, b in zip(pixel, BLUE, strict=True)), (change, pixel)
        browser.close()
    assert not errors, errors


def test_no_video_when_switched_off(tmp_path):
    with Desktop(size=(640, 480)) as desktop:
        agent = Agent(
            Flashing(None, 0), desktop, RunConfig(video=False, bash=False, editor=False), out_dir=tmp_path
        )
        result = agent.run("nothing")
    run_dir = tmp_path / result.run_id
    assert not (run_dir / "video.webm").exists() and video_info(run_dir) is None
    assert 'id="run-video"' not in write_report(run_dir).read_text()


def test_a_discarded_video_is_deleted_and_the_report_says_why(tmp_path):
    with Desktop(size=(640, 480)) as desktop:
        video = VideoRecorder(tmp_path, desktop.display_name, desktop.env, desktop.size).start()
        time.sleep(0.5)
        video.discard("a secret was redacted from a screenshot of this run; the video could show it")
    assert not (tmp_path / "video.webm").exists()
    info = video_info(tmp_path)
    assert info["path"] is None and "secret was redacted" in info["removed"]


def test_the_web_app_plays_a_past_runs_video_with_marks(run):
    """The web app (real uvicorn, real Chromium) opens the recorded run and shows its video and marks."""
    run_dir, _, _ = run
    port = _free_port()
    token = "watch-test-token-0123456789"
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(RunManager(run_dir.parent), token), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        sync_api = pytest.importorskip("playwright.sync_api")
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{base}/?token={token}")
            page.locator(f'#runs [data-id="{run_dir.name}"]').click()
            video = page.locator("#run-video")
            _poll(lambda: video.evaluate("v => v.readyState") >= 1, "the video's metadata")
            assert page.locator("#video-panel").is_visible()
            assert page.locator("#video-marks .tick").count() == FLASHES
            assert page.locator("#video-marks .seen").count() >= FLASHES
            tick = page.locator("#video-marks .tick").nth(1)
            tick.click()
            _poll(lambda: video.evaluate("v => v.currentTime") > 0, "a jump in the video")
            browser.close()
        assert not errors, errors
    finally:
        server.should_exit = True
        thread.join(10)


def _poll(predicate, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
