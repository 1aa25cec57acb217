"""OSWorld getters: `GETTERS[T](env, config)` turns an evaluator's `{"type": T, ...}` into a value.

files: desktop files, gold files and folders; system: commands, terminal, accessibility tree, sizes and
app config files; chrome: Chrome's profile files and the live browser over CDP; relative_time: dates.
"""

from __future__ import annotations

from deskpilot.evals.errors import Excluded, Unsupported
from deskpilot.evals.getters import chrome, files, system
from deskpilot.evals.getters.relative_time import rule_relative_time


def _google_drive(env, config: dict):
    raise Excluded("googledrive_file (needs a Google account; OSWorld-Verified excludes these tasks)")


GETTERS: dict = {
    **files.GETTERS,
    **system.GETTERS,
    **chrome.GETTERS,
    "rule_relativeTime": rule_relative_time,
    "googledrive_file": _google_drive,
}


def get(env, config: dict):
    kind = config.get("type")
    if kind not in GETTERS:
        raise Unsupported(f"getter {kind!r}")
    return GETTERS[kind](env, config)
