"""Desktop handles: `start_desktop` mints one, every other tool names it, `stop_desktop` (or the idle timer) ends it.

The 2026-07-28 revision has no sessions: "servers that need cross-call state use explicit, server-minted
handles passed as ordinary tool arguments" (spec changelog, SEP-2567). Handles live in the server
process, so over HTTP they outlive any one client connection. Each handle is a run built by
agent/session.py (desktop, guard, recorder, agent) whose "model" is the client (see bridge.py), so its
calls get the guard, audit log and trajectory of any other run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from deskpilot.agent import Agent, RunConfig
from deskpilot.agent.session import RunSession, RunSpec
from deskpilot.core import events as ev
from deskpilot.desktop import Desktop
from deskpilot.mcp.bridge import ClientProvider, Exchange
from deskpilot.safety import Guard

START_TIMEOUT_S = 120.0
FOREVER_S = 10 * 365 * 86400.0  # the handle's loop has no time budget: the idle timer ends it


class HandleError(Exception):
    """A missing, unknown or ended handle; the text tells the client what to do."""


@dataclass
class Handle:
    id: str
    session: RunSession
    provider: ClientProvider
    agent: Agent
    desktop: Desktop
    run_dir: Path
    thread: threading.Thread | None = None
    last_used: float = field(default_factory=time.monotonic)
    task: str | None = None  # the run_task running on this desktop, if any
    pending: dict[str, tuple[float, Exchange]] = field(default_factory=dict)  # confirmations awaiting a retry
    # Held while a call runs in the loop and while list_windows reads the X server (one X client per desktop).
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def alive(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def touch(self) -> None:
        self.last_used = time.monotonic()

    @property
    def guard(self) -> Guard:
        assert self.session.guard is not None
        return self.session.guard

    @property
    def scaling(self):
        return self.agent.tools["computer"].scaling


@dataclass
class Settings:
    runs_dir: Path
    policy: str | None = None
    sandbox: bool = False
    idle_timeout_s: float = 1800.0


class Desktops:
    """The handles of one server process. Thread-safe enough for the asyncio server: mutations happen on the
    event loop; desktops start and stop in worker threads."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.handles: dict[str, Handle] = {}
        self.ended: dict[str, str] = {}  # handle -> why it ended, for a clear error afterwards

    def get(self, handle_id: object) -> Handle:
        if not isinstance(handle_id, str) or not handle_id:
            raise HandleError("Missing 'handle': pass the handle that start_desktop returned.")
        handle = self.handles.get(handle_id)
        if handle is None:
            why = self.ended.get(handle_id)
            if why:
                raise HandleError(
                    f"The desktop {handle_id!r} is gone ({why}). Start a new one with start_desktop."
                )
            raise HandleError(
                f"Unknown handle {handle_id!r}: no desktop with that handle runs on this server. "
                "Use list_desktops to see the live ones, or start_desktop for a new one."
            )
        if not handle.alive:
            raise HandleError(
                f"The desktop {handle_id!r} stopped unexpectedly; stop_desktop it and start a new one."
            )
        handle.touch()
        return handle

    async def start(self, size: tuple[int, int], apps: list[str], scaling: str, client: str) -> Handle:
        return await asyncio.to_thread(self._start, size, apps, scaling, client)

    def _start(self, size: tuple[int, int], apps: list[str], scaling: str, client: str) -> Handle:
        handle_id = "desk-" + secrets.token_hex(6)
        provider = ClientProvider(client, scaling)
        ready = threading.Event()
        spec = RunSpec(
            f"Actions from the MCP client {client} (handle {handle_id})",
            model=provider.spec,
            apps=apps,
            size=size,
            sandbox=self.settings.sandbox and os.geteuid() == 0,
            config=RunConfig(max_steps=10**9, max_seconds=FOREVER_S, enable_zoom=True),
            out_dir=self.settings.runs_dir,
            policy=self.settings.policy,
            confirmer=provider.confirm,  # a "confirm" verdict asks the client whose call it is
        )

        def started(event: ev.Event) -> None:
            if event.kind == ev.RUN_STARTED:
                ready.set()

        session = RunSession(spec, provider=provider, listeners=[started])
        with contextlib.ExitStack() as undo:
            undo.callback(session.close)
            session.start()
            assert session.agent is not None and session.desktop is not None and session.run_dir is not None
            handle = Handle(handle_id, session, provider, session.agent, session.desktop, session.run_dir)
            handle.thread = threading.Thread(target=session.run, name=f"mcp-{handle_id}", daemon=True)
            handle.thread.start()
            if not ready.wait(START_TIMEOUT_S):
                session.agent.stop()
                raise RuntimeError("the desktop's session did not start")
            undo.pop_all()
        self.handles[handle.id] = handle
        return handle

    async def stop(self, handle_id: str, why: str = "stopped by stop_desktop") -> Handle:
        handle = self.get(handle_id) if handle_id not in self.handles else self.handles[handle_id]
        if handle.task is not None and why == "stopped by stop_desktop":
            raise HandleError(f"The desktop {handle_id!r} runs task {handle.task}; cancel it first.")
        del self.handles[handle_id]
        self.ended[handle_id] = why
        await asyncio.to_thread(self._stop, handle)
        return handle

    @staticmethod
    def _stop(handle: Handle) -> None:
        handle.agent.stop()
        handle.provider.close()
        if handle.thread is not None:
            handle.thread.join(30)
        handle.session.close()

    async def reap_idle(self) -> None:
        """Stop handles unused for longer than the idle timeout (never one that runs a task)."""
        limit = self.settings.idle_timeout_s
        while True:
            await asyncio.sleep(min(30.0, max(limit / 4, 0.5)))
            now = time.monotonic()
            for handle_id, handle in list(self.handles.items()):
                if handle.task is None and now - handle.last_used > limit:
                    await self.stop(handle_id, f"idle for more than {limit:g} s")

    async def close_all(self) -> None:
        for handle_id in list(self.handles):
            await self.stop(handle_id, "the server shut down")
