"""Anthropic's bash tool (`bash_20241022`, `bash_20250124`): a persistent bash session.

Each command runs in one long-lived `/bin/bash`, so the working directory, variables and functions carry
over between calls. stdout and stderr are merged into a single stream, interleaved as a terminal would
show them. The command's stdin is /dev/null, so programs that wait for input (`cat`, `read x`, a bare
`python3`) see end-of-file at once instead of hanging. A non-zero exit code is reported as a final
`[exit code: N]` line of a normal result; only tool-level problems (bad input, timeout) are errors.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import re
import secrets
import selectors
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Callable

from deskpilot.core.results import ToolError, ToolResult
from deskpilot.desktop.sandbox import scrub_env

VERSIONS = ("bash_20241022", "bash_20250124")
_READ_SIZE = 65536


class _Capture:
    """Keeps the first and last `limit` characters of a stream and counts the rest (bounded memory)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.head = ""
        self.tail = ""
        self.total = 0

    def feed(self, text: str) -> None:
        self.total += len(text)
        if len(self.head) < self.limit:
            take = self.limit - len(self.head)
            self.head, text = self.head + text[:take], text[take:]
        if text:
            self.tail = (self.tail + text)[-self.limit :]

    def text(self) -> str:
        if self.total <= self.limit:
            return self.head + self.tail
        keep_head = self.limit // 2
        keep_tail = self.limit - keep_head
        omitted = self.total - keep_head - keep_tail
        return (
            f"{self.head[:keep_head]}\n[... output truncated: {omitted} characters omitted ...]\n"
            f"{(self.head + self.tail)[-keep_tail:]}"
        )


class _Session:
    """One bash process in its own process group, reading merged stdout/stderr without blocking."""

    def __init__(self, env: dict[str, str], cwd: str | None, preexec_fn=None, wrap=None):
        self.proc = subprocess.Popen(
            wrap(["/bin/bash"], cwd) if wrap else ["/bin/bash"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=preexec_fn,
        )
        self.fd = self.proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.fd, selectors.EVENT_READ)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, command: str, timeout: float, capture: _Capture) -> int | None:
        """Run `command`; feed its output to `capture` and return its exit code.

        Returns None if the shell itself exited (e.g. `exit`); raises TimeoutError after `timeout` s.
        """
        # A fresh random marker per command, so output can never fake the end of a command. The command
        # goes through `eval` of a quoted string, so even unbalanced quotes cannot swallow the marker.
        marker = f"__DP_{secrets.token_hex(16)}_"
        done = re.compile(re.escape(marker) + r"(\d+)__\n")
        script = f"eval -- {shlex.quote(command)} </dev/null; printf '{marker}%d__\\n' \"$?\"\n"
        self.proc.stdin.write(script.encode("utf-8", errors="replace"))
        self.proc.stdin.flush()

        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                capture.feed(pending)
                raise TimeoutError
            if not self.selector.select(remaining):
                continue
            try:
                chunk = os.read(self.fd, _READ_SIZE)
            except BlockingIOError:
                continue
            pending += decoder.decode(chunk, final=not chunk)
            match = done.search(pending)
            if match:
                capture.feed(pending[: match.start()])
                return int(match.group(1))
            if not chunk:  # end of file: the shell has exited
                capture.feed(pending)
                return None
            # Everything except a possible partial marker at the end is plain output.
            keep = len(marker) + 24
            if len(pending) > keep:
                capture.feed(pending[:-keep])
                pending = pending[-keep:]

    def close(self, whole_group: bool = True) -> None:
        try:
            if whole_group:
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                self.proc.kill()
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        self.selector.close()
        self.proc.stdin.close()
        self.proc.stdout.close()


class BashTool:
    """The `bash` tool. Call it with `{"command": "..."}` or `{"restart": true}`; it never raises."""

    name = "bash"

    def __init__(
        self,
        version: str = "bash_20250124",
        *,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        timeout: float = 120.0,
        max_output_chars: int = 16000,
        preexec_fn: Callable[[], None] | None = None,
        wrap: Callable[[list[str], str | None], list[str]] | None = None,
        keep_background: bool = False,
    ):
        if version not in VERSIONS:
            raise ValueError(f"Unknown bash tool version {version!r}; expected one of {', '.join(VERSIONS)}")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if max_output_chars < 1:
            raise ValueError("max_output_chars must be at least 1")
        self.version = version
        # The whole environment of the shell; by default ours without secrets (API keys never reach the model).
        self.env = dict(env) if env is not None else scrub_env(os.environ)
        self.preexec_fn = preexec_fn  # e.g. the desktop's sandbox: drop to the unprivileged user
        self.wrap = wrap  # e.g. the desktop's pod: the shell runs inside it (Desktop.wrap)
        # close() leaves background jobs (apps the model started with `&`) to whoever owns them, e.g. a desktop
        self.keep_background = keep_background
        self.cwd = cwd
        self.timeout = timeout
        self.max_output_chars = max_output_chars
        self._session: _Session | None = None
        self._lock = threading.Lock()

    def to_params(self) -> dict:
        return {"type": self.version, "name": self.name}

    def __call__(self, params: dict) -> ToolResult:
        with self._lock:
            try:
                return self._handle(params)
            except ToolError as e:
                return ToolResult(error=e.message)
            except Exception as e:  # a tool never raises: report anything unexpected to the model
                return ToolResult(error=f"bash tool failed: {type(e).__name__}: {e}")

    async def acall(self, params: dict) -> ToolResult:
        return await asyncio.to_thread(self, params)

    def close(self) -> None:
        """Kill the shell and, unless keep_background, everything in its process group."""
        with self._lock:
            self._stop(whole_group=not self.keep_background)

    def _stop(self, whole_group: bool = True) -> None:
        if self._session is not None:
            self._session.close(whole_group)
            self._session = None

    def _handle(self, params: dict) -> ToolResult:
        if not isinstance(params, dict):
            raise ToolError(f"Tool input must be an object, got {type(params).__name__}.")
        unknown = sorted(set(params) - {"command", "restart"})
        if unknown:
            raise ToolError(f"Unknown parameter(s): {', '.join(unknown)}. Allowed: command, restart.")
        restart = params.get("restart", False)
        if not isinstance(restart, bool):
            raise ToolError(f"`restart` must be a boolean, got {type(restart).__name__}.")
        command = params.get("command")
        if restart:
            if command is not None:
                raise ToolError("Give either `command` or `restart: true`, not both.")
            self._stop()
            self._session = _Session(self.env, self.cwd, self.preexec_fn, self.wrap)
            return ToolResult(output="Shell restarted.")
        if command is None:
            raise ToolError("Missing required parameter `command` (or pass `restart: true`).")
        if not isinstance(command, str):
            raise ToolError(f"`command` must be a string, got {type(command).__name__}.")
        return self._run(command)

    def _run(self, command: str) -> ToolResult:
        if self._session is None or not self._session.alive:
            self._stop()
            self._session = _Session(self.env, self.cwd, self.preexec_fn, self.wrap)
        capture = _Capture(self.max_output_chars)
        try:
            code = self._session.run(command, self.timeout, capture)
        except TimeoutError:
            self._stop()
            return ToolResult(
                output=capture.text().removesuffix("\n") or None,
                error=f"Command timed out after {self.timeout:g} s; the shell was restarted, "
                "state (cwd, variables) was lost.",
            )
        except BrokenPipeError:
            self._stop()
            raise ToolError(
                "The shell exited unexpectedly; run the command again to use a new shell."
            ) from None
        text = capture.text().removesuffix("\n")
        if code is None:
            status = self._session.proc.wait()
            self._stop()
            note = f"[shell exited with code {status}; a new shell will start on the next command]"
        elif code != 0:
            note = f"[exit code: {code}]"
        else:
            return ToolResult(output=text)
        return ToolResult(output=f"{text}\n{note}" if text else note)
