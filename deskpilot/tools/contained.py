"""The bash and editor tools for a desktop, under the same containment as its apps.

Every place that gives a model (or a recorded run) a shell or an editor builds it here, so a desktop
with a pod never hands out an uncontained one: the shell runs inside the pod (which drops privileges
itself), and the editor, which runs in this process, may touch only the desktop's HOME with the sandbox
user's file rights. Without a pod the shell drops to the desktop's user, if it has one.
"""

from __future__ import annotations

from typing import Any

from deskpilot.tools.bash import BashTool
from deskpilot.tools.edit import EditTool


def bash_for(desktop: Any, version: str) -> BashTool:
    pod = getattr(desktop, "pod", None)
    return BashTool(
        version,
        env=desktop.env,
        cwd=str(desktop.home),
        preexec_fn=None if pod else desktop.preexec,
        wrap=desktop.wrap if pod else None,
    )


def editor_for(desktop: Any, version: str) -> EditTool:
    pod = getattr(desktop, "pod", None)
    return EditTool(
        version,
        root=str(desktop.home) if pod else None,
        user=(desktop.sandbox.uid, desktop.sandbox.gid) if pod else None,
    )
