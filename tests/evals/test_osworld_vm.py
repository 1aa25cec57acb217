"""OSWorld's VM conventions on a real desktop: sudo without root, the pyautogui shim, Ctrl+Alt+T,
the google-chrome wrapper with its per-desktop debugging port and the live Chrome getters, VLC's HTTP
interface, close_window."""

import http.server
import threading
import time

import pytest

from deskpilot.evals import getters, setup
from deskpilot.evals.vm import VIDEO_TYPES


def step(kind, **parameters):
    return {"type": kind, "parameters": parameters}


def wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.1)
    return predicate()


def test_sudo_checks_the_password_and_never_changes_user(env):
    me = env.run("id -un").stdout
    assert env.run("echo password | sudo -S id -un").stdout == me
    wrong = env.run("echo secret | sudo -S id -un")
    assert wrong.returncode == 1 and "incorrect password" in wrong.stderr
    assert env.run("echo password | sudo -S apt-get install -y bash").returncode == 0  # already installed
    missing = env.run("echo password | sudo -S apt-get install -y no-such-package-xyz")
    assert missing.returncode == 100 and "needs root" in missing.stderr
    assert env.run("echo password | sudo -S apt update -y").returncode == 0  # skipped, says so
    assert env.run("echo password | sudo -S su - charles").returncode == 1
    assert env.run("echo password | sudo -S mkdir ~/Desktop/todo").returncode == 0  # Ubuntu's user folders


def test_pyautogui_shim_and_the_terminal_shortcut(env):
    moved = env.run("python -c 'import pyautogui; pyautogui.moveTo(100, 120); print(pyautogui.position())'")
    assert moved.stdout.strip() == "(100, 120)"
    setup.execute(env, ["python", "-c", "import pyautogui; pyautogui.hotkey('ctrl', 'alt', 't')"])
    assert wait_until(lambda: any(w["title"] == "Terminal" for w in env.desktop.windows()), 15)
    setup.run_steps(env, [step("activate_window", window_name="Terminal")])
    env.run("python -c \"import pyautogui; pyautogui.write('echo vm-ok'); pyautogui.press('enter')\"")
    assert wait_until(
        lambda: "vm-ok" in getters.get(env, {"type": "vm_terminal_output"}).split("\n", 1)[-1], 15
    )
    setup.run_steps(env, [step("close_window", window_name="Terminal", strict=True)])
    assert not any(w["title"] == "Terminal" for w in env.desktop.windows())
    assert env.warnings == []


PAGE = b"""<html><head><title>Car search</title></head><body>
<div class="price">12 CHF</div><div class="price">15 CHF</div><span id="city">Zurich</span>
<input id="q" value="large car"></body></html>"""


@pytest.fixture
def site():
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_google_chrome_wrapper_and_live_getters(env, site):
    setup.run_steps(
        env,
        [
            step("launch", command=["google-chrome", "--remote-debugging-port=1337"]),
            step("launch", command=["socat", "tcp-listen:9222,fork", "tcp:localhost:1337"]),
            step("activate_window", window_name="Google Chrome"),
            step(
                "chrome_open_tabs",
                urls_to_open=[f"{site}/search?locationName=Zurich&sort=PRICE", f"{site}/other"],
            ),
        ],
    )
    assert env.warnings == []
    assert (env.home / ".config/google-chrome/Default").is_dir()  # the VM's profile folder
    tabs = getters.get(env, {"type": "open_tabs_info"})
    assert {"title": "Car search", "url": f"{site}/other"} in tabs
    setup.run_steps(env, [step("chrome_close_tabs", urls_to_close=[f"{site}/other"])])
    assert wait_until(
        lambda: all(t["url"] != f"{site}/other" for t in getters.get(env, {"type": "open_tabs_info"})), 10
    )
    url = getters.get(env, {"type": "active_url_from_accessTree", "goto_prefix": "https://"})
    assert url == f"{site}/search?locationName=Zurich&sort=PRICE"
    parsed = getters.get(env, {"type": "active_tab_url_parse", "parse_keys": ["locationName", "sort", "x"]})
    assert parsed == {"locationName": "Zurich", "sort": "PRICE", "x": ""}
    html = getters.get(
        env,
        {
            "type": "active_tab_html_parse",
            "category": "class",
            "class_multiObject": {"price": {"1": "second"}},
            "class_singleObject": {"price": "first"},
        },
    )
    assert html == {"first": "12 CHF", "second": "15 CHF"}
    xpath = getters.get(
        env,
        {"type": "active_tab_html_parse", "category": "xpath", "xpathObject": {"//span[@id='city']": "city"}},
    )
    assert xpath == {"city": "Zurich"}
    filters = getters.get(
        env,
        {
            "type": "active_tab_html_parse",
            "category": "class&url",
            "class_multiObject": {"price": ["12 CHF"]},
            "url_include_expected": ["zurich"],
        },
    )
    assert filters == {"12 chf": True, "is_other_exist": True, "zurich": True}  # "15 CHF" is another filter
    info = getters.get(env, {"type": "active_tab_info"})
    assert info["title"] == "Car search" and "12 CHF" in info["content"]
    assert getters.get(env, {"type": "default_search_engine"}) == "Google"
    assert getters.get(env, {"type": "chrome_appearance_mode_ui"}) == "system"
    setup.run_steps(env, [step("launch", command=["pkill", "chrome"])])  # OSWorld's restart reaches Chromium
    assert wait_until(lambda: not setup._cdp_ready(env.chrome_port), 15)


def test_vlc_http_interface(env, tmp_path):
    setup.run_steps(env, [step("launch", command="VLC_VERBOSE=-1 vlc --no-audio --no-video-title-show")])
    status = None
    deadline = time.monotonic() + 30
    while status is None and time.monotonic() < deadline:
        status = getters.get(env, {"type": "vlc_playing_info", "dest": "status.xml"})
        time.sleep(0.2)
    assert status is not None and "<state>stopped</state>" in open(status).read()
    size = getters.get(env, {"type": "vm_window_size", "app_class_name": "vlc"})
    assert size["width"] > 0 and size["height"] > 0
    assert getters.get(env, {"type": "vm_screen_size"}) == {"width": 1024, "height": 768}


def test_default_video_player_starts_as_ubuntus(env):
    assert getters.get(env, {"type": "default_video_player"}) == "org.gnome.Totem.desktop\n"
    for kind in VIDEO_TYPES[:6]:  # the most common default wins
        env.run(f"xdg-mime default vlc.desktop video/{kind}")
    assert getters.get(env, {"type": "default_video_player"}) == "vlc.desktop\n"
