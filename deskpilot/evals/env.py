"""The state of one task on one desktop, shared by its setup steps and getters."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from deskpilot.desktop import Desktop
from deskpilot.evals.downloads import FileCache

CLIENT_PASSWORD = "password"  # OSWorld's sudo password (vm.py's sudo wrapper checks it)
COMMAND_TIMEOUT_S = 120.0


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class TaskEnv:
    """desktop: the running desktop; cache_dir: the task's folder for getter copies and stdout captures;
    task_dir: the task file's folder (relative `download` paths start there); values: the placeholders;
    files: the download cache; chrome_port / vlc_port: this desktop's Chrome debugging and VLC HTTP ports
    (see vm.py); warnings: what went wrong without failing the task (OSWorld ignores it too)."""

    desktop: Desktop
    cache_dir: Path
    task_dir: Path | None = None
    values: dict[str, str] = field(default_factory=dict)
    files: FileCache = field(default_factory=FileCache)
    chrome_port: int | None = None
    vlc_port: int | None = None
    warnings: list[str] = field(default_factory=list)
    _programs: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        desktop: Desktop,
        cache_dir: Path,
        task_dir: Path | None = None,
        files: FileCache | None = None,
        chrome_port: int | None = None,
        vlc_port: int | None = None,
    ) -> TaskEnv:
        width, height = desktop.size
        values = {
            "SCREEN_WIDTH": str(width),
            "SCREEN_HEIGHT": str(height),
            "SCREEN_WIDTH_HALF": str(width // 2),
            "SCREEN_HEIGHT_HALF": str(height // 2),
            "CLIENT_PASSWORD": CLIENT_PASSWORD,
            "FIXTURE_PORT": str(free_port()),  # our extension: a free port for a task's local web server
        }
        return cls(desktop, Path(cache_dir), task_dir, values, files or FileCache(), chrome_port, vlc_port)

    @property
    def home(self) -> Path:
        return self.desktop.home

    def run(
        self, command: str | list[str], timeout: float = COMMAND_TIMEOUT_S
    ) -> subprocess.CompletedProcess:
        """Run a shell command (or an argv list) inside the desktop's environment."""
        text = command if isinstance(command, str) else shlex.join(command)
        return self.desktop.run(text, timeout=timeout)

    def has_program(self, name: str) -> bool:
        """Whether the desktop's shell finds `name` (a program on its PATH or a shell builtin)."""
        if name not in self._programs:
            self._programs[name] = self.run(f"command -v {shlex.quote(name)}").returncode == 0
        return self._programs[name]

    def give(self, path: Path) -> None:
        """Hand a file or folder the harness wrote into HOME to the desktop's user (a sandboxed desktop runs
        as another user than the harness), with the folders above it up to HOME."""
        sandbox = self.desktop.sandbox
        if sandbox is None or sandbox.uid is None:
            return
        path = Path(path)
        sandbox.hand_over(path)
        for parent in path.parents:
            if parent == self.home or self.home not in parent.parents:
                break
            os.lchown(parent, sandbox.uid, sandbox.gid)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
