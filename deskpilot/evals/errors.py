"""Errors shared by setup steps, getters and metrics. Each maps to a task status (see episode.py)."""


class Unsupported(Exception):
    """The task needs something this harness does not implement; the message names it."""


class SetupError(RuntimeError):
    """A config step failed (a file is missing, a window never appeared, ...)."""


class AppUnavailable(Exception):
    """The task needs a program this machine lacks (e.g. VS Code, which Debian does not ship)."""

    def __init__(self, program: str):
        super().__init__(f"app not available: {program}")
        self.program = program


class Excluded(Exception):
    """The task needs a Google account (googledrive, login); OSWorld-Verified leaves these out."""


class NeedsNetwork(Exception):
    """A file is neither in the download cache nor downloadable (offline, or the network failed)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"needs network: {url} ({reason})")
        self.url = url
