"""The AT-SPI accessibility tree of a desktop's apps: roles, names, states, text and screen boxes.

pyatspi binds to the accessibility bus of the D-Bus session it finds at import, so each desktop gets its
own worker process: Debian's /usr/bin/python3 (where pyatspi lives) running this file with the desktop's
environment. The parent asks for a snapshot over a pipe and waits a bounded time; a worker stuck on a hung
app is killed and restarted on the next request, and that snapshot is reported as missing (None).

Run as a script, this file is the worker; it imports nothing from deskpilot.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass

SYSTEM_PYTHON = "/usr/bin/python3"
INTERACTIVE = {
    "push button", "toggle button", "check box", "radio button", "menu", "menu item", "check menu item",
    "radio menu item", "combo box", "text", "entry", "password text", "link", "page tab", "list item",
    "table cell", "tree item", "spin button", "slider", "scroll bar", "icon", "tool bar", "menu bar",
    "terminal", "heading", "image", "label", "static", "table column header", "column header", "row header",
    "document web", "document text", "paragraph", "editbar", "notification", "alert", "canvas",
}  # fmt: skip
WINDOW_ROLES = {"frame", "dialog", "file chooser", "window", "alert", "color chooser", "font chooser"}
TEXT_ROLES = {"text", "entry", "terminal", "paragraph", "editbar", "document text", "spin button", "label"}
# containers that show only part of what they hold (a scrolled pane, a list or table scrolled sideways, a
# split pane's halves): what lies outside their box is not on the screen. A menu is not one: its items are
# drawn in a popup outside the menu bar's entry
CLIPS = {"viewport", "scroll pane", "table", "tree table", "tree", "list", "list box", "split pane",
         "layered pane", "page tab list", *WINDOW_ROLES}  # fmt: skip
POPUPS = {"menu", "combo box", "popup menu"}  # what they hold is drawn in a popup, on top of the screen
STATES = ("focused", "selected", "checked", "pressed", "editable", "sensitive", "expanded", "active", "modal")


@dataclass(frozen=True)
class Node:
    role: str
    name: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 on the screen
    states: frozenset[str]
    text: str  # text content (entries, labels, terminals); empty for password fields
    app: str
    window: str  # title of the top-level window holding the node
    window_role: str
    depth: int
    description: str = ""
    # the part of `box` inside every clipping ancestor (CLIPS: a scrolled pane, a list, its window); (0, 0,
    # 0, 0) when none of it is; None when not known (a snapshot from before this was read)
    clip: tuple[int, int, int, int] | None = None

    @property
    def label(self) -> str:
        return self.name or self.text


class A11y:
    """Snapshots of one desktop's accessibility tree through a persistent worker."""

    def __init__(self, env: dict[str, str], timeout: float = 3.0, max_nodes: int = 4000, preexec_fn=None):
        self.env, self.timeout, self.max_nodes = dict(env), timeout, max_nodes
        self.preexec_fn = preexec_fn  # a sandboxed desktop's buses accept only its own user
        self._proc: subprocess.Popen | None = None
        self.last_error = ""

    def snapshot(self) -> list[Node] | None:
        """All showing nodes, or None when the tree could not be read in time. Apps that did not answer
        are left out and named in `last_error`."""
        self.last_error = ""
        try:
            proc = self._worker()
            proc.stdin.write(
                (json.dumps({"max_nodes": self.max_nodes, "budget": self.timeout * 0.8}) + "\n").encode()
            )
            proc.stdin.flush()
            line = _readline(proc.stdout, self.timeout)
        except (OSError, ValueError) as exc:
            line, self.last_error = None, f"{type(exc).__name__}: {exc}"
        if line is None:
            self.last_error = self.last_error or f"no answer in {self.timeout:g} s"
            self.close()
            return None
        reply = json.loads(line)
        if "error" in reply:
            self.last_error = reply["error"]
            return None
        if reply["silent"]:
            self.last_error = f"no answer from {', '.join(reply['silent'])}"
        return [_node(raw) for raw in reply["nodes"]]

    def _worker(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [SYSTEM_PYTHON, "-u", os.path.abspath(__file__)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=self.env,
                start_new_session=True,
                preexec_fn=self.preexec_fn,
            )
        return self._proc

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            for stream in (self._proc.stdin, self._proc.stdout):
                stream.close()
            self._proc = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def _readline(stream, timeout: float) -> str | None:
    """One line from a pipe, or None after `timeout` seconds (the worker hung or died)."""
    fd = stream.fileno()
    deadline = time.monotonic() + timeout
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            return b"".join(chunks).decode("utf-8", "replace")


def _node(raw: dict) -> Node:
    return Node(
        role=raw["role"],
        name=raw["name"].strip(),
        box=tuple(raw["box"]),
        states=frozenset(raw["states"]),
        text=raw.get("text", ""),
        app=raw["app"],
        window=raw["window"],
        window_role=raw["window_role"],
        depth=raw["depth"],
        description=raw.get("description", ""),
        clip=tuple(raw["clip"]) if "clip" in raw else None,
    )


# The worker: runs under /usr/bin/python3 with the desktop's environment.
def _serve() -> None:
    import pyatspi
    from gi.repository import Atspi

    Atspi.set_timeout(800, 3000)  # per-call D-Bus timeout (ms): a hung app costs at most this per call
    state_of = {name: getattr(pyatspi, f"STATE_{name.upper()}") for name in STATES}

    def meet(a, b):
        """The intersection of two boxes; (0, 0, 0, 0) when they do not overlap."""
        box = [max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])]
        return box if box[2] > box[0] and box[3] > box[1] else [0, 0, 0, 0]

    def walk(acc, app, window, window_role, depth, out, limits, clip=None):
        if len(out) >= limits["max_nodes"] or depth > 60 or time.monotonic() > limits["deadline"]:
            return
        try:
            role = acc.getRoleName()
            states = acc.getState()
            if depth > 1 and not states.contains(pyatspi.STATE_SHOWING):
                return
            name = acc.name or ""
        except Exception:
            if depth == 0:  # the app itself does not answer (hung, or busy past the D-Bus timeout)
                limits["silent"].append(app or "an app")
            return
        try:
            ext = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            box = [ext.x, ext.y, ext.x + ext.width, ext.y + ext.height]
        except Exception:  # applications have no extents
            box = [0, 0, 0, 0]
        if depth == 1:
            window, window_role = name, role
        visible = box[2] > box[0] and box[3] > box[1] and box[0] > -10000 and box[1] > -10000
        shown = meet(box, clip) if clip is not None and visible else box
        if visible and role in CLIPS:
            clip = shown  # its descendants are seen through it
        elif role in POPUPS:
            clip = None  # its entries are drawn in a popup, wherever that lies on the screen
        if visible and (role in INTERACTIVE or role in WINDOW_ROLES or name):
            text = ""
            if role in TEXT_ROLES and role != "password text":
                try:
                    itext = acc.queryText()
                    text = itext.getText(0, min(itext.characterCount, 2000))
                except Exception:
                    text = ""
            out.append(
                {
                    "role": role,
                    "name": name,
                    "box": box,
                    "states": [s for s, v in state_of.items() if states.contains(v)],
                    "text": text,
                    "app": app,
                    "window": window,
                    "window_role": window_role,
                    "depth": depth,
                    "description": (acc.description or "")[:200],
                    "clip": shown,
                }
            )
        try:
            count = acc.childCount
        except Exception:
            return
        for i in range(min(count, 2000)):
            try:
                child = acc.getChildAtIndex(i)
            except Exception:
                continue
            if child is not None:
                walk(child, app, window, window_role, depth + 1, out, limits, clip)

    for line in sys.stdin:
        request = json.loads(line)
        limits = {
            "max_nodes": request["max_nodes"],
            "deadline": time.monotonic() + request["budget"],
            "silent": [],
        }
        out: list = []
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                try:
                    app = desktop.getChildAtIndex(i)
                    app_name = app.name or "" if app is not None else ""
                except Exception:
                    limits["silent"].append(f"app {i}")
                    continue
                if app is not None:
                    walk(app, app_name, "", "", 0, out, limits)
            reply = {"nodes": out, "silent": limits["silent"]}
        except Exception as exc:
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
