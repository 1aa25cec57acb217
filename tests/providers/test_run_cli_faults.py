"""`deskpilot run` as a user runs it, against a local fake Messages API: model text is never parsed as markup,
a huge answer is capped (terminal and trajectory), a hung provider is bounded by --max-time and by
--request-timeout, the run prints the id that `deskpilot stop` takes, and a stopped run exits with code 3."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from provider_fakes import FakeAPI, Reply, message, text

from tests.conditions import scaled, wait_until

DESKPILOT = Path(sys.executable).with_name("deskpilot")
HUNG = Reply(message(text("too late")), delay_s=3600)


@pytest.fixture
def api():
    fake = FakeAPI()
    yield fake
    fake.close()


def start(api: FakeAPI, tmp_path: Path, *flags: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "ANTHROPIC_API_KEY": "sk-ant-cli",
        "ANTHROPIC_BASE_URL": api.url,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    argv = [str(DESKPILOT), "run", "Say something.", "-m", "anthropic:claude-sonnet-4-5", "--no-sandbox"]
    argv += ["--size", "640x480", "--out", str(tmp_path / "runs"), *flags]
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_answer_with_markup_and_20_mb_is_printed_plainly_and_capped(api, tmp_path):
    answer = "Done [/] [bold]not bold[/bold] \\[x] " + "y" * 20_000_000
    api.script(message(text(answer)))
    proc = start(api, tmp_path)
    out, err = proc.communicate(timeout=scaled(120))
    assert proc.returncode == 0, err[-2000:]
    assert "MarkupError" not in err and "Done [/] [bold]not bold[/bold] \\[x] yyy" in err
    assert "more characters; the trajectory has the rest" in err and len(err) < 50_000
    [run_dir] = (tmp_path / "runs").iterdir()
    stored = sum(f.stat().st_size for f in run_dir.rglob("*") if f.is_file())
    assert stored < 3_000_000, stored  # not the 80 MB of an uncapped 20 MB answer


def test_max_time_ends_a_run_whose_provider_hangs(api, tmp_path):
    api.script(HUNG)
    began = time.monotonic()
    proc = start(api, tmp_path, "--max-time", "3")
    _, err = proc.communicate(timeout=scaled(90))
    assert proc.returncode == 1 and "max_time" in err, err[-2000:]
    reported = float(err.rsplit("time=", 1)[1].split("s", 1)[0])
    assert reported < 3 + scaled(2), reported
    assert time.monotonic() - began < scaled(60)


def test_request_timeout_retries_and_stop_takes_the_printed_id_and_exits_3(api, tmp_path):
    api.script(HUNG, HUNG, HUNG, HUNG, HUNG, HUNG, HUNG)
    proc = start(api, tmp_path, "--request-timeout", "1", "--max-time", "600")
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    try:
        id_line = wait_until(lambda: next((x for x in lines if x.startswith("run id: ")), None), 60, "the id")
        run_id = id_line.split()[2]
        wait_until(lambda: any("retry 1" in x and "Timeout" in x for x in lines), 30, "a timed-out request")
        env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
        stop = subprocess.run([str(DESKPILOT), "stop", run_id], env=env, capture_output=True, text=True)
        assert stop.returncode == 0 and f"{run_id}: stopped" in stop.stdout, stop.stdout + stop.stderr
        assert proc.wait(scaled(10)) == 3
        wait_until(lambda: any(x.startswith("stopped") for x in lines), 5, "the summary line")
        assert any(x.startswith("trajectory: ") for x in lines)
    finally:
        proc.kill()
        proc.wait()
