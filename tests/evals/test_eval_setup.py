"""Config steps against a real desktop (one per module; each test uses its own files and windows)."""

import http.server
import threading
import time

import pytest

from deskpilot.evals import getters, setup
from deskpilot.evals.downloads import FileCache
from deskpilot.evals.errors import Excluded, NeedsNetwork, SetupError, Unsupported
from deskpilot.evals.getters import system
from deskpilot.evals.tasks import Task


def step(kind, **parameters):
    return {"type": kind, "parameters": parameters}


def test_execute_keeps_output_checks_exit_and_retries_until(env):
    setup.run_steps(
        env,
        [
            step("execute", command="echo out; echo err >&2", stdout="o.txt", stderr="e.txt"),
            step("command", command=["touch", str(env.home / "argv")]),
        ],
    )
    assert (env.cache_dir / "o.txt").read_text() == "out\n"
    assert (env.cache_dir / "e.txt").read_text() == "err\n"
    assert (env.home / "argv").exists()
    setup.run_steps(env, [step("execute", command="exit 3")])  # as in OSWorld: a warning, not a failure
    assert env.warnings == ["execute 'exit 3' exited with 3: "]
    counter = env.home / "n"
    setup.execute(env, f"echo x >> {counter}; wc -l < {counter}", until={"stdout": "3"})
    assert counter.read_text() == "x\nx\nx\n"


def test_placeholders_reach_commands(env):
    task = Task.from_dict(
        {
            "id": "p",
            "instruction": "",
            "evaluator": {"func": "infeasible"},
            "config": [
                step(
                    "execute",
                    command="echo {SCREEN_WIDTH}x{SCREEN_HEIGHT} {SCREEN_WIDTH_HALF} {CLIENT_PASSWORD} > /home/user/p",
                )
            ],
        },
        "x",
    )
    setup.run_steps(env, task.resolve(str(env.home), env.values).config)
    assert (env.home / "p").read_text() == "1024x768 512 password\n"


def test_launch_waits_for_a_window_and_activate_window_focuses_it(env, monkeypatch):
    setup.run_steps(
        env,
        [
            step("launch", command="xterm -title first-term"),
            step("launch", command=["xterm", "-title", "second-term"]),
        ],
    )
    titles = [w["title"] for w in env.desktop.windows()]
    assert "first-term" in titles and "second-term" in titles
    assert env.desktop.active_window()["title"] == "second-term"
    setup.run_steps(env, [step("activate_window", window_name="FIRST-term")])
    assert env.desktop.active_window()["title"] == "first-term"
    setup.launch(env, "exit 2")  # as in OSWorld, a failing launch or a missing window only warns
    assert env.warnings[-1] == "launch 'exit 2' exited with code 2"
    monkeypatch.setattr(setup, "WINDOW_WAIT_S", 0.5)
    setup.activate_window(env, "first", strict=True)
    assert env.warnings[-1] == "activate_window: no window named 'first'"
    started = time.monotonic()
    setup.launch(env, "sleep 5")  # no window: left running, as OSWorld's launch does
    assert time.monotonic() - started < 2


def test_open_uses_the_default_app(env):
    (env.home / "shopping.txt").write_text("bread\n")
    setup.run_steps(env, [step("open", path=str(env.home / "shopping.txt"))])
    assert any("shopping.txt" in w["title"] for w in env.desktop.windows())
    with pytest.raises(SetupError, match="does not exist"):
        setup.open_file(env, str(env.home / "nothing.txt"))


def test_download_from_local_files_and_through_the_cache(env, tmp_path):
    (tmp_path / "fixture.txt").write_text("local")
    env.task_dir = tmp_path
    env.files = FileCache(tmp_path / "cache")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        files = [
            {"url": "fixture.txt", "path": str(env.home / "d/rel.txt")},
            {"url": f"file://{tmp_path}/fixture.txt", "path": str(env.home / "d/url.txt")},
            {
                "url": f"http://127.0.0.1:{server.server_port}/fixture.txt",
                "path": str(env.home / "d/http.txt"),
            },
        ]
        setup.run_steps(env, [step("download", files=files)])
    finally:
        server.shutdown()
    assert [(env.home / "d" / n).read_text() for n in ("rel.txt", "url.txt", "http.txt")] == ["local"] * 3
    assert len(list((tmp_path / "cache").rglob("*-fixture.txt"))) == 1
    env.files = FileCache(tmp_path / "cache", offline=True)
    with pytest.raises(NeedsNetwork, match="huggingface.co/x.xlsx"):
        setup.download(env, [{"url": "https://huggingface.co/x.xlsx", "path": str(env.home / "x.xlsx")}])
    with pytest.raises(SetupError, match="is not a file"):
        setup.download(env, [{"url": "missing.txt", "path": str(env.home / "x.txt")}])


def test_chrome_open_tabs_with_the_fixture_site(env):
    port = env.values["FIXTURE_PORT"]
    setup.execute(env, f"python3 -m deskpilot.evals.fixtures serve {port}")
    site = f"http://127.0.0.1:{port}"
    setup.run_steps(
        env, [step("chrome_open_tabs", urls_to_open=[f"{site}/index.html", f"{site}/contact.html"])]
    )
    tabs = getters.get(env, {"type": "open_tabs_info"})
    assert {"title": "Contact", "url": f"{site}/contact.html"} in tabs
    assert {"title": "Fixture Shop", "url": f"{site}/index.html"} in tabs
    env.desktop.input.type_text("Ada\tada@example.com\n")  # the contact form's name field has the focus
    last = "python3 -m deskpilot.evals.fixtures last-request /contact"
    deadline = time.monotonic() + 10
    while system.vm_command_line(env, {"command": last}) == "{}\n" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert system.vm_command_line(env, {"command": last}) == '{"name": "Ada", "email": "ada@example.com"}\n'


def test_unknown_step_is_unsupported(env):
    with pytest.raises(Unsupported, match="config step 'teleport'"):
        setup.run_steps(env, [step("teleport", where="x")])
    with pytest.raises(Excluded, match="googledrive"):
        setup.run_steps(env, [step("googledrive", settings_file="x")])
