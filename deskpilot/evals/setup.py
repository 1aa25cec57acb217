"""OSWorld `config` (and `postconfig`) steps on a local desktop, with readiness checks instead of sleeps.

Each step is `{"type": T, "parameters": {...}}` and runs as `STEPS[T](env, **parameters)`. Paths and
commands arrive resolved (see `Task.resolve`). Commands, strings or argv lists, run through bash inside the
desktop's environment (so OSWorld's `shell` flag has no effect), with the VM wrappers of vm.py on PATH.

As in OSWorld's desktop_env/controllers/setup.py, a command's exit code does not fail `execute` and a
missing window does not fail `activate_window`/`close_window`; they add a warning to the task's record.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

from deskpilot.evals import vm
from deskpilot.evals.env import TaskEnv
from deskpilot.evals.errors import AppUnavailable, Excluded, SetupError, Unsupported
from deskpilot.evals.metrics.rules import same_url

WINDOW_WAIT_S = 15.0  # how long a step waits for a window to appear
OPEN_WAIT_S = 60.0  # `open` waits longer: a first LibreOffice start in a fresh profile is slow
UNTIL_WAIT_S = 30.0  # how long `execute` retries until its `until` condition holds
PAGE_WAIT_S = 10.0  # how long `chrome_open_tabs` waits for its pages to load
POLL_S = 0.05
# Programs the tasks launch that never open a window: launch does not wait for one.
WINDOWLESS = {"socat", "pkill", "killall", "kill", "pulseaudio", "sleep", "true"}
# OSWorld's history database for update_browse_history (setup.py, _update_browse_history_setup).
HISTORY_DB_URL = (
    "https://drive.usercontent.google.com/u/0/uc?id=1Lv74QkJYDWVX0RIgg0Co-DUcoYpVL0oX&export=download"
)
CHROME_EPOCH = datetime(1601, 1, 1)
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never goes via a proxy


def _wait_for(predicate, timeout: float = WINDOW_WAIT_S):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(POLL_S)


def _argv(command: str | list) -> list[str]:
    return ["bash", "-c", command] if isinstance(command, str) else [str(part) for part in command]


def program_of(command: str | list) -> str | None:
    """The program a command starts (after `VAR=value` words), for the "app not available" check."""
    try:
        words = shlex.split(command) if isinstance(command, str) else [str(c) for c in command]
    except ValueError:  # a shell script shlex cannot split; bash will report problems itself
        return None
    words = [w for w in words if not ("=" in w and w.split("=", 1)[0].isidentifier())]
    return words[0] if words else None


def _require(env: TaskEnv, command: str | list) -> None:
    program = program_of(command)
    if program and "/" not in program and not env.has_program(program):
        raise AppUnavailable(program)


def launch(env: TaskEnv, command: str | list, shell: bool = False) -> None:
    """Start a program (fire and forget, as in OSWorld) and wait up to WINDOW_WAIT_S for a new window, so
    later steps find it (not for WINDOWLESS programs). An error exit or no window is warned of."""
    _require(env, command)
    before = {w["id"] for w in env.desktop.windows()}
    proc = env.desktop.launch(_argv(command), wait=False)
    if program_of(command) in WINDOWLESS:
        return
    deadline = time.monotonic() + WINDOW_WAIT_S
    while time.monotonic() < deadline:  # launchers such as `libreoffice` exit 0 before the window shows
        if {w["id"] for w in env.desktop.windows()} - before:
            env.desktop.wait_settled()
            return
        if proc.poll() not in (None, 0):
            env.warn(f"launch {command!r} exited with code {proc.returncode}")
            return
        time.sleep(POLL_S)
    env.warn(f"launch {command!r}: no new window within {WINDOW_WAIT_S:g} s")


def open_file(env: TaskEnv, path: str) -> None:
    """Open a file with its default app (xdg-open) and wait for a window whose title names the file."""
    if not Path(path).exists():
        raise SetupError(f"open: {path} does not exist")
    name = Path(path).name
    env.desktop.launch(["xdg-open", path], wait=False)
    if not _wait_for(lambda: any(name in w["title"] for w in env.desktop.windows()), OPEN_WAIT_S):
        raise SetupError(f"open: no window titled {name!r} within {OPEN_WAIT_S:g} s")
    env.desktop.wait_settled()


def _until_met(until: dict, proc) -> bool:
    return (
        ("returncode" in until and proc.returncode == until["returncode"])
        or ("stdout" in until and until["stdout"] in proc.stdout)
        or ("stderr" in until and until["stderr"] in proc.stderr)
    )


def execute(
    env: TaskEnv,
    command: str | list,
    shell: bool = False,
    stdout: str = "",
    stderr: str = "",
    until: dict | None = None,
) -> None:
    """Run a command. stdout/stderr: file names in the cache folder that keep its output (for the
    `cache_file` getter). until: retry until {"returncode": N} / {"stdout": S} / {"stderr": S} holds."""
    _require(env, command)
    deadline = time.monotonic() + UNTIL_WAIT_S
    while True:
        proc = env.run(command)
        if stdout:
            (env.cache_dir / stdout).write_text(proc.stdout)
        if stderr:
            (env.cache_dir / stderr).write_text(proc.stderr)
        if not until:
            if proc.returncode != 0:
                env.warn(f"execute {command!r} exited with {proc.returncode}: {proc.stderr.strip()[-300:]}")
            return
        if _until_met(until, proc):
            return
        if time.monotonic() > deadline:
            raise SetupError(f"execute: {command!r} did not reach {until} within {UNTIL_WAIT_S:g} s")
        time.sleep(POLL_S)


def sleep(env: TaskEnv, seconds: float) -> None:
    time.sleep(float(seconds))


def _find_window(env: TaskEnv, window_name: str, strict: bool, by_class: bool):
    """The first window matching, case-insensitively; Chrome's names also match our Chromium (vm.py)."""
    names = {window_name.lower(), *(vm.window_alias(window_name.lower()),)}
    for window in env.desktop.windows():
        value = (window["class"] if by_class else window["title"]).lower()
        if any(value == name or (not strict and name in value) for name in names):
            return window
    return None


def activate_window(env: TaskEnv, window_name: str, strict: bool = False, by_class: bool = False) -> None:
    """Focus the first window whose title (or class, with by_class) contains window_name, case-insensitively
    (equals it, with strict), as wmctrl -a does. Waits for the window to appear."""
    window = _wait_for(lambda: _find_window(env, window_name, strict, by_class))
    if window is None:
        env.warn(f"activate_window: no window named {window_name!r}")
        return
    env.desktop.activate(window["id"])


def close_window(env: TaskEnv, window_name: str, strict: bool = False, by_class: bool = False) -> None:
    """Close the first matching window (as activate_window matches), as wmctrl -c does."""
    window = _find_window(env, window_name, strict, by_class)
    if window is None:
        env.warn(f"close_window: no window named {window_name!r}")
        return
    env.run(["wmctrl", "-i", "-c", hex(window["id"])])
    _wait_for(lambda: all(w["id"] != window["id"] for w in env.desktop.windows()), 5.0)


def download(env: TaskEnv, files: list[dict]) -> None:
    """Put fixtures into the desktop: each `url` is an http(s) URL (through the download cache), a file://
    URL or a local path (relative to the task file's folder)."""
    for item in files:
        url, target = item["url"], Path(item["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme in ("http", "https"):
            source = env.files.fetch(url)
        elif parsed.scheme == "file":
            source = Path(urllib.parse.unquote(parsed.path))
        elif parsed.scheme:
            raise Unsupported(f"download from a {parsed.scheme}: URL")
        else:
            source = Path(url) if Path(url).is_absolute() or env.task_dir is None else env.task_dir / url
        if not source.is_file():
            raise SetupError(f"download: {url} is not a file")
        shutil.copyfile(source, target)
        env.give(target)


def _cdp(port: int, path: str, method: str = "GET") -> object:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    with _DIRECT.open(request, timeout=10) as response:
        return json.loads(response.read())


def _cdp_ready(port: int) -> bool:
    try:
        _cdp(port, "/json/version")
        return True
    except OSError:
        return False


def ensure_chrome(env: TaskEnv, first_url: str = "about:blank") -> None:
    """Start the desktop's google-chrome (vm.py's wrapper) unless its debugging port answers."""
    if _cdp_ready(env.chrome_port):
        return
    _require(env, "google-chrome")
    env.desktop.launch(["google-chrome", first_url], wait=False)
    if not _wait_for(lambda: _cdp_ready(env.chrome_port), 30.0):
        raise SetupError("Chrome's debugging port did not answer within 30 s")


def chrome_open_tabs(env: TaskEnv, urls_to_open: list[str]) -> None:
    """Open each URL in a new tab of the desktop's Chrome (started if needed), over CDP's HTTP endpoint."""
    urls = list(urls_to_open)
    if not _cdp_ready(env.chrome_port):
        ensure_chrome(env, urls.pop(0) if urls else "about:blank")
    for url in urls:
        _cdp(
            env.chrome_port, f"/json/new?{urllib.parse.quote(url, safe='')}", method="PUT"
        )  # Chrome unquotes it
    _wait_titled(env.chrome_port, [u for u in urls_to_open if not u.startswith(("about:", "chrome:"))])
    env.desktop.wait_settled()


def chrome_close_tabs(env: TaskEnv, urls_to_close: list[str]) -> None:
    """Close, for each URL, the first open tab showing it (URLs compared as OSWorld's compare_urls does)."""
    if not _wait_for(lambda: _cdp_ready(env.chrome_port), 30.0):
        raise SetupError("chrome_close_tabs: Chrome is not running")
    for url in urls_to_close:
        pages = [t for t in _cdp(env.chrome_port, "/json/list") if t.get("type") == "page"]
        match = next((p for p in pages if same_url(p["url"], url)), None)
        if match:
            request = urllib.request.Request(f"http://127.0.0.1:{env.chrome_port}/json/close/{match['id']}")
            with _DIRECT.open(request, timeout=10):
                pass


def _wait_titled(port: int, urls: list[str]) -> None:
    """Wait (at most PAGE_WAIT_S, then go on) until each page has its own title, which Chromium shows only
    once the document is parsed; until then a tab's title is its URL."""

    def titled() -> bool:
        try:
            pages = [t for t in _cdp(port, "/json/list") if t.get("type") == "page"]
        except OSError:  # Chrome busy (it drops the connection while a page starts); ask again
            return False
        return all(any(p["url"] == u and p["title"] and p["title"] not in u for p in pages) for u in urls)

    _wait_for(titled, PAGE_WAIT_S)


def update_browse_history(env: TaskEnv, history: list[dict]) -> None:
    """Chrome's History database (OSWorld's template, from the download cache) with the given rows
    {url, title, visit_time_from_now_in_seconds} added, installed as the profile's History."""
    from deskpilot.evals.vm import CHROME_PROFILE

    db = env.cache_dir / "history_new.sqlite"
    shutil.copyfile(env.files.fetch(HISTORY_DB_URL), db)
    connection = sqlite3.connect(db)
    try:
        for item in history:
            visited = datetime.now() - timedelta(seconds=item["visit_time_from_now_in_seconds"])
            stamp = int((visited - CHROME_EPOCH).total_seconds() * 1_000_000)
            cursor = connection.execute(
                "INSERT INTO urls (url, title, visit_count, typed_count, last_visit_time, hidden)"
                " VALUES (?, ?, 1, 0, ?, 0)",
                (item["url"], item["title"], stamp),
            )
            connection.execute(
                "INSERT INTO visits (url, visit_time, from_visit, transition, segment_id, visit_duration)"
                " VALUES (?, ?, 0, 805306368, 0, 0)",
                (cursor.lastrowid, stamp),
            )
        connection.commit()
    finally:
        connection.close()
    target = env.home / CHROME_PROFILE / "Default/History"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, target)
    env.give(target)


def excluded(kind: str):
    def step(env: TaskEnv, **parameters) -> None:
        raise Excluded(f"{kind} (needs a Google account; OSWorld-Verified excludes these tasks)")

    return step


STEPS = {
    "launch": launch,
    "open": open_file,
    "execute": execute,
    "command": execute,
    "sleep": sleep,
    "activate_window": activate_window,
    "close_window": close_window,
    "download": download,
    "chrome_open_tabs": chrome_open_tabs,
    "chrome_close_tabs": chrome_close_tabs,
    "update_browse_history": update_browse_history,
    "googledrive": excluded("googledrive"),
    "login": excluded("login"),
}


def run_steps(env: TaskEnv, steps: list[dict]) -> None:
    for step in steps:
        kind = step.get("type")
        if kind not in STEPS:
            raise Unsupported(f"config step {kind!r}")
        STEPS[kind](env, **(step.get("parameters") or {}))
