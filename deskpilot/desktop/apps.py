"""The catalog of apps a desktop can start by name."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--test-type",  # hides the --no-sandbox warning bar
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--password-store=basic",
    "--force-renderer-accessibility",
    "--disable-features=Translate,MediaRouter",
)


@dataclass(frozen=True)
class App:
    name: str
    argv: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    window_class: str = ""
    description: str = ""
    env: dict[str, str] = field(default_factory=dict)

    @property
    def installed(self) -> bool:
        return shutil.which(self.argv[0]) is not None


CATALOG: dict[str, App] = {
    app.name: app
    for app in (
        App(
            "terminal",
            ("xterm", "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", "100x30"),
            ("xterm", "shell", "console", "command line"),
            "XTerm",
            "terminal (xterm)",
        ),
        App(
            "editor",
            ("mousepad",),
            ("mousepad", "text editor", "text_editor", "notepad", "texteditor"),
            "Mousepad",
            "text editor (mousepad)",
        ),
        App(
            "calculator",
            ("galculator",),
            ("galculator", "calc", "calculator app"),
            "Galculator",
            "calculator (galculator)",
        ),
        App(
            "spreadsheet",
            ("gnumeric", "--no-splash"),
            ("gnumeric", "sheet", "excel", "spreadsheets"),
            "Gnumeric",
            "spreadsheet (gnumeric)",
        ),
        App(
            "browser",
            ("chromium", *CHROMIUM_FLAGS),
            ("chromium", "chrome", "web browser", "google chrome"),
            "Chromium",
            "web browser (chromium)",
        ),
        # Apps the local model was never tuned on: its grounding is measured on them (issue 13).
        App(
            "qalculate",
            ("qalculate-gtk",),
            ("qalculate-gtk", "qalculate!"),
            "Qalculate-gtk",
            "calculator (qalculate-gtk)",
        ),
        App(
            "word processor",
            ("abiword",),
            ("abiword", "word_processor", "wordprocessor", "writer app"),
            "Abiword",
            "word processor (abiword)",
        ),
        App(
            "image viewer",
            ("ristretto",),
            ("ristretto", "image_viewer", "photo viewer", "picture viewer"),
            "Ristretto",
            "image viewer (ristretto)",
        ),
        App(
            "files",
            ("pcmanfm", "--no-desktop"),
            ("pcmanfm", "file manager", "file_manager", "filemanager", "file browser"),
            "Pcmanfm",
            "file manager (pcmanfm)",
        ),
    )
}


def find_app(name: str) -> App:
    """An app by its name or an alias, case-insensitively; KeyError with the catalog when unknown."""
    wanted = name.strip().lower()
    for app in CATALOG.values():
        if wanted == app.name or wanted in app.aliases:
            return app
    raise KeyError(f"unknown app {name!r}; known apps: {', '.join(CATALOG)}")
