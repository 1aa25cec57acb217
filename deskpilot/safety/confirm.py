"""Confirmation of "confirm" verdicts by a human, bound to the exact action.

A `ConfirmationRequest` carries the SHA-256 of the canonical action (tool + input JSON with sorted keys)
plus its context (URL, text under the point, screenshot hash). An `Approval` names that hash; the
harness runs the call only if `approval.covers(call, context)` — so nothing can be swapped in between
asking and acting. Confirmers: a CLI prompt, headless deny-by-default, `--yes` auto-approve (denied
actions never reach a confirmer), and a queue the web app answers. `ask()` turns a timeout or any
exception into a deny and records who decided in the audit log.
"""

from __future__ import annotations

import hashlib
import json
import queue
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from deskpilot.core.turns import ToolCall
from deskpilot.safety.policy import ActionContext


def action_hash(call: ToolCall, context: ActionContext | None = None) -> str:
    """SHA-256 of the canonical action and the context it was judged in."""
    ctx = context or ActionContext()
    canonical = {
        "tool": call.tool,
        "input": call.input,
        "context": {
            "url": ctx.url,
            "text_under_point": ctx.text_under_point,
            "screenshot": ctx.screenshot_sha256,
        },
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class ConfirmationRequest:
    call_id: str
    tool: str
    input: dict
    reason: str
    context: dict
    action_hash: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def for_call(cls, call: ToolCall, context: ActionContext | None, reason: str) -> ConfirmationRequest:
        ctx = context or ActionContext()
        return cls(call.id, call.tool, call.input, reason, ctx.to_dict(), action_hash(call, ctx))

    def describe(self) -> str:
        return f"{self.tool} {json.dumps(self.input, sort_keys=True)}"


@dataclass(frozen=True)
class Approval:
    approved: bool
    approver: str  # "cli:<user>", "web:<user>", "auto:--yes", "headless", "timeout", "error"
    action_hash: str
    note: str = ""

    def covers(self, call: ToolCall, context: ActionContext | None = None) -> bool:
        """True only for an approval of exactly this action in exactly this context."""
        return self.approved and self.action_hash == action_hash(call, context)


Confirmer = Callable[[ConfirmationRequest], Approval]


def ask(confirmer: Confirmer, request: ConfirmationRequest, audit=None) -> Approval:
    """Ask `confirmer`; exceptions and approvals for a different action are denies. Logged to `audit`."""
    try:
        approval = confirmer(request)
        if not isinstance(approval, Approval) or approval.action_hash != request.action_hash:
            approval = Approval(False, "error", request.action_hash, "the answer was not for this action")
    except Exception as e:  # a failing confirmer must never approve
        approval = Approval(False, "error", request.action_hash, f"{type(e).__name__}: {e}")
    if audit is not None:
        audit.append(
            "approval",
            {
                "request": request.id,
                "call_id": request.call_id,
                "action_hash": request.action_hash,
                "approved": approval.approved,
                "approver": approval.approver,
                "note": approval.note,
            },
        )
    return approval


def headless(request: ConfirmationRequest) -> Approval:
    """No human present: deny."""
    return Approval(False, "headless", request.action_hash, "no one to confirm (headless)")


def auto_approve(request: ConfirmationRequest) -> Approval:
    """`--yes`: approve everything the policy did not deny."""
    return Approval(True, "auto:--yes", request.action_hash)


class CliConfirmer:
    """Ask on the terminal with rich; anything but an explicit yes is a deny."""

    def __init__(self, user: str = "cli", stream: TextIO | None = None, console=None):
        from rich.console import Console

        self.user = user
        self.stream = stream or sys.stdin
        self.console = console or Console(stderr=True)

    def __call__(self, request: ConfirmationRequest) -> Approval:
        self.console.print(f"[bold yellow]Confirm action[/]: {request.describe()}")
        self.console.print(f"  reason: {request.reason}")
        self.console.print(f"  hash:   {request.action_hash[:16]}…  Allow? [y/N] ", end="")
        answer = self.stream.readline().strip().lower()
        return Approval(answer in ("y", "yes"), f"cli:{self.user}", request.action_hash)


class QueueConfirmer:
    """For the web app: `__call__` publishes a request and waits; the app calls `decide()`.

    pending() lists open requests; a decision must name the request id and its action hash, so a stale
    or mismatched click cannot approve another action. No decision within `timeout` s is a deny.
    """

    def __init__(self, timeout: float = 120.0):
        self.timeout = timeout
        self._pending: dict[str, tuple[ConfirmationRequest, queue.Queue]] = {}
        self._lock = threading.Lock()

    def pending(self) -> list[ConfirmationRequest]:
        with self._lock:
            return [request for request, _ in self._pending.values()]

    def decide(self, request_id: str, action_hash: str, approved: bool, approver: str) -> bool:
        """Answer an open request. Returns False if no such request is waiting or the hash differs."""
        with self._lock:
            entry = self._pending.get(request_id)
            if entry is None or entry[0].action_hash != action_hash:
                return False
            entry[1].put(Approval(approved, f"web:{approver}", action_hash))
            return True

    def __call__(self, request: ConfirmationRequest) -> Approval:
        answers: queue.Queue = queue.Queue(maxsize=1)
        with self._lock:
            self._pending[request.id] = (request, answers)
        try:
            return answers.get(timeout=self.timeout)
        except queue.Empty:
            return Approval(False, "timeout", request.action_hash, f"no decision within {self.timeout:g} s")
        finally:
            with self._lock:
                self._pending.pop(request.id, None)
