"""deskpilot's safety layer: the harness enforces safety, whatever the model.

`Guard` (guard.py) bundles it for the agent loop. Modules: policy (+ urls, bashrules, shell, shellrisks), confirm,
injection (+ classifier), redact, audit, retention, killswitch.
"""

from __future__ import annotations

from deskpilot.safety.audit import AuditLog
from deskpilot.safety.confirm import Approval
from deskpilot.safety.guard import Guard
from deskpilot.safety.injection import Verdict
from deskpilot.safety.policy import ActionContext, Policy
from deskpilot.safety.redact import Redactor
from deskpilot.safety.verdicts import ALLOW, CONFIRM, DENY, Decision

__all__ = [
    "ALLOW", "CONFIRM", "DENY", "ActionContext", "Approval", "AuditLog", "Decision", "Guard", "Policy",
    "Redactor", "Verdict",
]  # fmt: skip
