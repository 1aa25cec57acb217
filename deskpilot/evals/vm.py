"""OSWorld's VM conventions inside one deskpilot desktop, and only there.

OSWorld's tasks assume an Ubuntu VM: user `user` with sudo password "password", `python` with pyautogui,
`google-chrome` with remote debugging (port 1337, forwarded to 9222 by socat), VLC's HTTP interface, GNOME's
Ctrl+Alt+T terminal (see /work/shared/reference/osworld-format.md and OSWorld's desktop_env/server). A
desktop gets a folder of small wrappers first on its PATH:

- `google-chrome`, `chromium`: Debian's Chromium with the VM's profile folder (~/.config/google-chrome) and
  this desktop's own debugging port (any --remote-debugging-port is replaced), so parallel desktops never
  share a port; getters find it in `Conventions.chrome_port`.
- `socat`: OSWorld's "tcp-listen:9222,fork tcp:localhost:1337" forwarder is not needed and exits at once;
  any other use runs the real socat.
- `vlc`: VLC with its HTTP interface on this desktop's port (password "password").
- `sudo`: checks the password (`-S` reads it from stdin) and runs the command as the desktop's own user. It
  never grants root: a command that needs root fails, and the step says so. `apt-get install` of packages
  that are already installed succeeds, and `apt-get update` is skipped.
- `python`: the Python running deskpilot; `pyautogui` (deskpilot/evals/vm_shims) is on PYTHONPATH.
- `pkill`, `killall`: only this desktop's processes; "chrome" means our Chromium.

Ctrl+Alt+T opens a terminal titled "Terminal" (xterm, session logged to ~/.xterm.log for the
`vm_terminal_output` getter), as GNOME does, through an openbox key binding in the desktop's own config.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from deskpilot.desktop.apps import CHROMIUM_FLAGS
from deskpilot.evals.env import free_port

SHIMS = Path(__file__).with_name("vm_shims")  # pyautogui for the desktop's Python
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # so the shim can import deskpilot.core.keys
PASSWORD = "password"
CHROME_PROFILE = ".config/google-chrome"
OPENBOX_RC = Path("/etc/xdg/openbox/rc.xml")
TERMINAL_COMMAND = "xterm -T Terminal -l -lf {home}/.xterm.log"
# The wrappers, and the program each needs on this machine.
WRAPPED = {
    "google-chrome": "chromium",
    "google-chrome-stable": "chromium",
    "chromium": "chromium",
    "socat": "socat",
    "vlc": "vlc",
    "python": "python3",
    "sudo": "bash",
    "pkill": "pkill",
    "killall": "pkill",
}


def window_alias(name: str) -> str:
    """A lower-case window title or class as our Chromium shows it ("... - Google Chrome" -> "... -
    Chromium", class "google-chrome" -> "chromium")."""
    return name.replace("google chrome", "chromium").replace("google-chrome", "chromium")


@dataclass(frozen=True)
class Conventions:
    bin_dir: Path
    chrome_port: int
    vlc_port: int

    def env(self) -> dict[str, str]:
        """Variables for the desktop: its PATH starts with the wrappers."""
        path = os.pathsep.join(
            [str(self.bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
        )
        parts = (str(SHIMS), str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", ""))
        python_path = os.pathsep.join(p for p in parts if p)
        return {"PATH": path, "PYTHONPATH": python_path, "DESKPILOT_CHROME_PORT": str(self.chrome_port)}


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body)
    path.chmod(0o755)


def install(bin_dir: Path) -> Conventions:
    """Write the wrappers into `bin_dir` (a folder of this task) with fresh ports."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    conventions = Conventions(bin_dir, free_port(), free_port())
    chrome = shlex.join(["/usr/bin/chromium", *CHROMIUM_FLAGS])
    chrome_body = f"""# OSWorld's google-chrome: Chromium with the VM's profile and this desktop's debugging port.
args=()
for a in "$@"; do [[ $a == --remote-debugging-port=* || $a == --user-data-dir=* ]] || args+=("$a"); done
exec {chrome} --user-data-dir="$HOME/{CHROME_PROFILE}" --remote-debugging-port={conventions.chrome_port} "${{args[@]}}"
"""
    for name in ("google-chrome", "google-chrome-stable", "chromium"):
        _script(bin_dir / name, chrome_body)
    _script(
        bin_dir / "socat",
        """# OSWorld forwards Chrome's port 1337 to 9222; our getters use the desktop's own port instead.
[[ "$*" == *tcp-listen:9222* && "$*" == *:1337* ]] && exit 0
exec /usr/bin/socat "$@"
""",
    )
    _script(
        bin_dir / "vlc",
        f"""# VLC with OSWorld's HTTP interface (vlc_playing_info), on this desktop's port.
exec /usr/bin/vlc --no-qt-privacy-ask --extraintf=http --http-host=127.0.0.1 --http-port={conventions.vlc_port} \\
  --http-password={PASSWORD} "$@"
""",
    )
    _script(bin_dir / "python", f'exec {shlex.quote(sys.executable)} "$@"\n')
    _script(bin_dir / "pkill", KILL.format(exact=""))
    _script(bin_dir / "killall", KILL.format(exact="-x "))
    _script(bin_dir / "sudo", SUDO)
    return conventions


# pkill/killall only reach this desktop's own processes (its process group): a sandboxed desktop shares its
# user with other desktops. "chrome" means our Chromium (OSWorld restarts Chrome to flush its profile).
KILL = """# OSWorld's pkill/killall, limited to this desktop.
pgid=$(ps -o pgid= -p $$ | tr -d ' ')
args=()
for a in "$@"; do [[ $a == chrome || $a == google-chrome ]] && args+=(chromium) || args+=("$a"); done
exec /usr/bin/pkill -g "$pgid" {exact}"${{args[@]}}"
"""

SUDO = f"""# OSWorld's `sudo` (password "{PASSWORD}"), without root: the command runs as this desktop's user.
stdin_password=0
while [[ $# -gt 0 && $1 == -* ]]; do
  case "$1" in
    -S|--stdin) stdin_password=1 ;;
    -u|-g|-p|-C|-h|-U|-r|-t|-T|-D|-R) shift ;;
    --) shift; break ;;
  esac
  shift
done
if [[ $stdin_password == 1 ]]; then
  IFS= read -r given || true
  if [[ $given != "{PASSWORD}" ]]; then echo "sudo: 1 incorrect password attempt" >&2; exit 1; fi
fi
[[ $# -eq 0 ]] && exit 0
case "$1" in
  apt|apt-get)
    if [[ $2 == update ]]; then echo "deskpilot sudo: skipped '$*' (needs root)" >&2; exit 0; fi
    if [[ $2 == install ]]; then
      missing=()
      for p in "${{@:3}}"; do [[ $p == -* ]] || dpkg-query -W -f='${{Status}}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
      if [[ ${{#missing[@]}} -eq 0 ]]; then exit 0; fi
      echo "deskpilot sudo: needs root to install: ${{missing[*]}}" >&2; exit 100
    fi ;;
  su) echo "deskpilot sudo: needs root: $*" >&2; exit 1 ;;
esac
exec "$@"
"""


USER_FOLDERS = ("Desktop", "Documents", "Downloads", "Music", "Pictures", "Public", "Templates", "Videos")


# Ubuntu's default video player (GNOME Videos), as OSWorld's VM starts: a task asks to make VLC the default.
VIDEO_TYPES = (
    "mp4",
    "x-matroska",
    "webm",
    "mpeg",
    "ogg",
    "quicktime",
    "x-msvideo",
    "x-flv",
    "3gpp",
    "x-ms-wmv",
)
DEFAULT_VIDEO_PLAYER = "org.gnome.Totem.desktop"
TEXT_EDITOR = "org.xfce.mousepad.desktop"  # plain text opens in a text editor, as gedit on the VM


def user_folders(home: Path, sandbox=None) -> None:
    """What OSWorld's account starts with: the XDG user folders (tasks write to ~/Desktop without creating
    it), GNOME Videos as the default video player and a text editor for plain text
    (~/.config/mimeapps.list), and LibreOffice's settings."""
    mimeapps = home / ".config/mimeapps.list"
    if not mimeapps.exists():
        lines = [f"video/{kind}={DEFAULT_VIDEO_PLAYER}" for kind in VIDEO_TYPES]
        lines.append(f"text/plain={TEXT_EDITOR}")  # Debian's default would be LibreOffice Writer
        mimeapps.write_text("[Default Applications]\n" + "\n".join(lines) + "\n")
    # xdg-mime skips defaults whose desktop entry is missing; Totem is not installed, so its entry says
    # so and plays with VLC.
    applications = home / ".local/share/applications"
    applications.mkdir(parents=True, exist_ok=True)
    (applications / DEFAULT_VIDEO_PLAYER).write_text(
        "[Desktop Entry]\nType=Application\nName=Videos (stand-in: plays with VLC)\nExec=vlc %U\n"
        "MimeType=" + ";".join(f"video/{kind}" for kind in VIDEO_TYPES) + ";\n"
    )
    for name in USER_FOLDERS:
        (home / name).mkdir(exist_ok=True)
    office = libreoffice_profile(home)
    if sandbox is not None:
        sandbox.hand_over(mimeapps, home / ".local", office, *(home / name for name in USER_FOLDERS))


# LibreOffice settings of OSWorld's VM: saving in a Microsoft format (Ctrl+S in the tasks' postconfig) must
# not stop at the "Keep current format?" question, or no task saved as xlsx/docx/pptx could ever pass.
LIBREOFFICE_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="WarnAlienFormat" oor:op="fuse">\
<value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse">\
<value>true</value></prop></item>
</oor:items>
"""


def libreoffice_profile(home: Path) -> Path:
    """LibreOffice's user registry with OSWorld's VM settings (written only if LibreOffice has none)."""
    registry = home / ".config/libreoffice/4/user/registrymodifications.xcu"
    if not registry.exists():
        registry.parent.mkdir(parents=True, exist_ok=True)
        registry.write_text(LIBREOFFICE_REGISTRY)
    return home / ".config/libreoffice"


def terminal_keybinding(home: Path) -> Path | None:
    """Write the desktop's openbox config with Ctrl+Alt+T opening the terminal (None without a system
    rc.xml to start from). The caller then asks openbox to reload it (`openbox --reconfigure`)."""
    if not OPENBOX_RC.is_file():
        return None
    command = TERMINAL_COMMAND.format(home=shlex.quote(str(home)))
    binding = f'<keybind key="C-A-t"><action name="Execute"><command>{command}</command></action></keybind>'
    rc = re.sub(r"<keyboard>", "<keyboard>" + binding, OPENBOX_RC.read_text(), count=1)
    target = home / ".config/openbox/rc.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rc)
    return target
