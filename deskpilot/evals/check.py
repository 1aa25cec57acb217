"""What a task needs, found without running anything: missing harness parts, programs, downloads and
whether OSWorld-Verified excludes it (Google Drive and login tasks). `deskpilot eval --check` prints it,
and each episode checks it before starting a desktop, so such tasks end at once with a clear status."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from deskpilot.evals.downloads import FileCache
from deskpilot.evals.setup import HISTORY_DB_URL, program_of
from deskpilot.evals.tasks import Task
from deskpilot.evals.vm import WRAPPED

EXCLUDED_STEPS = {"googledrive", "login"}
EXCLUDED_GETTERS = {"googledrive_file"}
GETTER_PROGRAMS = {"vscode_config": "code"}  # getters that drive an app themselves
SHELL_WORDS = {"export", "echo", "cd", "if", "for", "[", "test", "true", "source", "."}


@dataclass
class TaskNeeds:
    id: str
    domain: str
    missing: list[str] = field(default_factory=list)  # harness parts (config steps, getters, metrics)
    programs: list[str] = field(default_factory=list)  # every program the task starts
    unavailable: list[str] = field(default_factory=list)  # the ones this machine lacks
    downloads: list[str] = field(default_factory=list)  # URLs the task fetches
    uncached: list[str] = field(default_factory=list)  # the ones not in the download cache
    excluded: str | None = None

    @property
    def status(self) -> str:
        """What running it would give before the agent starts: ready, or the first blocking status."""
        if self.excluded:
            return "excluded"
        if self.missing:
            return "unsupported"
        if self.unavailable:
            return "app_unavailable"
        return "ready"

    def as_dict(self) -> dict:
        return {**self.__dict__, "status": self.status}


def _configs(value) -> list[dict]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


def _steps(task: Task) -> list[dict]:
    return list(task.config) + list(task.evaluator.get("postconfig") or [])


def available(program: str) -> bool:
    """Whether the desktop would find `program`: a wrapper of vm.py (when what it wraps is installed) or a
    program on this machine's PATH."""
    if program in WRAPPED:
        return shutil.which(WRAPPED[program]) is not None
    return shutil.which(program) is not None


def check_task(task: Task, cache: FileCache | None = None) -> TaskNeeds:
    needs = TaskNeeds(task.id, task.domain, missing=task.missing_features())
    for step in _steps(task):
        kind, params = step.get("type"), step.get("parameters") or {}
        if kind in EXCLUDED_STEPS:
            needs.excluded = f"config step {kind!r} needs a Google account"
        if kind in ("launch", "execute", "command") and params.get("command"):
            program = program_of(params["command"])
            if program and "/" not in program and program not in SHELL_WORDS and "=" not in program:
                needs.programs.append(program)
        if kind == "chrome_open_tabs" or kind == "chrome_close_tabs":
            needs.programs.append("google-chrome")
        if kind == "download":
            needs.downloads += [f["url"] for f in params.get("files", []) if f["url"].startswith("http")]
        if kind == "update_browse_history":
            needs.downloads.append(HISTORY_DB_URL)
    for key in ("result", "expected"):
        for cfg in _configs(task.evaluator.get(key)):
            kind = cfg.get("type")
            if kind in EXCLUDED_GETTERS:
                needs.excluded = f"getter {kind!r} needs a Google account"
            if kind in GETTER_PROGRAMS:
                needs.programs.append(GETTER_PROGRAMS[kind])
            if kind == "cloud_file":
                paths = cfg["path"] if isinstance(cfg["path"], list) else [cfg["path"]]
                needs.downloads += paths
    needs.programs = sorted(set(needs.programs))
    needs.unavailable = [p for p in needs.programs if not available(p)]
    needs.downloads = list(dict.fromkeys(needs.downloads))
    if cache is not None:
        needs.uncached = [url for url in needs.downloads if not cache.has(url)]
    return needs
