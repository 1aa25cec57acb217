"""Getters on the desktop itself and its apps: commands, terminal, accessibility tree, screen and window
sizes, wallpaper, rules, VLC, GIMP, VS Code and the default video player.

Semantics follow OSWorld's getters/general.py, misc.py, info.py, vlc.py, gimp.py and vscode.py in
xlang-ai/OSWorld (read in the karakuri-ai/OSWorld-JP mirror); our own code.
"""

from __future__ import annotations

import re
import shlex
import shutil
import time
import urllib.request
from base64 import b64encode
from collections import Counter
from pathlib import Path

from deskpilot.evals.errors import AppUnavailable
from deskpilot.evals.vm import VIDEO_TYPES

SYSTEM_PYTHON = "/usr/bin/python3"  # has pyatspi (Debian's python3-pyatspi)
A11Y_SCRIPT = Path(__file__).resolve().parent.parent / "a11y.py"
TERMINAL_LOG = ".xterm.log"  # under HOME; see vm_terminal_output
VLC_PASSWORD = "password"  # OSWorld's VLC HTTP password
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def rule(env, config: dict):
    return config["rules"]


def vm_command_line(env, config: dict) -> str:
    """stdout of a command run in the desktop's environment."""
    return env.run(config["command"]).stdout


def vm_command_error(env, config: dict) -> str:
    """stderr of a command run in the desktop's environment."""
    return env.run(config["command"]).stderr


def vm_terminal_output(env, config: dict) -> str:
    """What the terminal showed. OSWorld reads gnome-terminal over AT-SPI; our terminal (xterm, started by
    Ctrl+Alt+T, see vm.py) logs its session to ~/.xterm.log, read here without escape sequences."""
    log = Path(config.get("path") or env.home / TERMINAL_LOG)
    if not log.is_file():
        raise FileNotFoundError(str(log))
    raw = log.read_bytes().decode("utf-8", "replace")
    return _ANSI.sub("", raw).replace("\r\n", "\n").replace("\r", "").rstrip()


def accessibility_tree(env, config: dict) -> str:
    """The AT-SPI tree of every app on the desktop as XML (see deskpilot/evals/a11y.py)."""
    proc = env.run([SYSTEM_PYTHON, str(A11Y_SCRIPT)], timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"reading the accessibility tree failed: {proc.stderr[-500:]}")
    return proc.stdout


def vm_screen_size(env, config: dict) -> dict:
    width, height = env.desktop.size
    return {"width": width, "height": height}


def vm_window_size(env, config: dict) -> dict | None:
    """{"width", "height"} of the first window whose WM class is `app_class_name` (xdotool)."""
    proc = env.run(f"xdotool search --class {config['app_class_name']} getwindowgeometry --shell %@")
    sizes = re.findall(r"WIDTH=(\d+)\nHEIGHT=(\d+)", proc.stdout)
    largest = max(sizes, key=lambda s: int(s[0]) * int(s[1]), default=None)
    return {"width": int(largest[0]), "height": int(largest[1])} if largest else None


def vm_wallpaper(env, config: dict) -> str:
    """The wallpaper file: GNOME's picture-uri setting (file://...) copied to `dest`."""
    proc = env.run("gsettings get org.gnome.desktop.background picture-uri")
    uri = proc.stdout.strip().strip("'")
    if proc.returncode != 0 or not uri.startswith("file://"):
        raise FileNotFoundError("no wallpaper set")
    target = env.cache_dir / config["dest"]
    shutil.copyfile(urllib.request.url2pathname(uri[7:]), target)
    return str(target)


def _copy_home_file(env, relative: str, dest: str) -> str | None:
    source = env.home / relative
    if not source.is_file():
        return None
    target = env.cache_dir / dest
    shutil.copyfile(source, target)
    return str(target)


def vlc_config(env, config: dict) -> str:
    """~/.config/vlc/vlcrc copied to `dest`."""
    path = _copy_home_file(env, ".config/vlc/vlcrc", config.get("dest", "vlcrc"))
    if path is None:
        raise FileNotFoundError(str(env.home / ".config/vlc/vlcrc"))
    return path


def vlc_playing_info(env, config: dict) -> str | None:
    """VLC's status.xml from its HTTP interface (the desktop's VLC port, password "password")."""
    if env.vlc_port is None:
        return None
    request = urllib.request.Request(
        f"http://127.0.0.1:{env.vlc_port}/requests/status.xml",
        headers={"Authorization": "Basic " + b64encode(f":{VLC_PASSWORD}".encode()).decode()},
    )
    try:
        with _DIRECT.open(request, timeout=10) as response:
            content = response.read()
    except OSError:
        return None
    target = env.cache_dir / config.get("dest", "status.xml")
    target.write_bytes(content)
    return str(target)


def default_video_player(env, config: dict) -> str:
    """The desktop file xdg-mime names most often for the video/* types ("unknown" if none)."""
    apps = [env.run(["xdg-mime", "query", "default", f"video/{kind}"]).stdout for kind in VIDEO_TYPES]
    apps = [a for a in apps if a]
    return Counter(apps).most_common(1)[0][0] if apps else "unknown"


def gimp_config_file(env, config: dict) -> str | None:
    """~/.config/GIMP/2.10/<file_name> copied to `dest` (None if GIMP has not written it)."""
    return _copy_home_file(env, f".config/GIMP/2.10/{config['file_name']}", config["dest"])


def vscode_config(env, config: dict) -> str:
    """OSWorld runs a VS Code command (Ctrl+Shift+P) and then reads `path`; VS Code is not in Debian."""
    if env.run("command -v code").returncode != 0:
        raise AppUnavailable("code")
    command = shlex.quote(config["vscode_extension_command"])
    env.run(f"xdotool key ctrl+shift+p && sleep 0.5 && xdotool type -- {command} && xdotool key Return")
    time.sleep(1.0)
    from deskpilot.evals.getters.files import vm_file

    return vm_file(env, {"path": config["path"], "dest": config["dest"]})


GETTERS = {
    "rule": rule,
    "vm_command_line": vm_command_line,
    "vm_command_error": vm_command_error,
    "vm_terminal_output": vm_terminal_output,
    "accessibility_tree": accessibility_tree,
    "vm_screen_size": vm_screen_size,
    "vm_window_size": vm_window_size,
    "vm_wallpaper": vm_wallpaper,
    "vlc_config": vlc_config,
    "vlc_playing_info": vlc_playing_info,
    "default_video_player": default_video_player,
    "gimp_config_file": gimp_config_file,
    "vscode_config": vscode_config,
}
