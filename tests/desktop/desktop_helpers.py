"""Helpers for the desktop tests: reading apps through AT-SPI and the clipboard, decoding tool images."""

from __future__ import annotations

import io
import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tests.conditions import wait_until

ATSPI_DUMP = Path(__file__).with_name("atspi_dump.py")


def atspi_nodes(desktop, chars: int = 0) -> list[dict]:
    """Every accessible object on the desktop (see atspi_dump.py)."""
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(ATSPI_DUMP))} --chars {chars}"
    done = desktop.run(command, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def find_node(desktop, predicate: Callable[[dict], bool], chars: int = 0, timeout: float = 15.0) -> dict:
    """The first accessible object matching predicate, waiting for the app to expose it."""
    return wait_until(
        lambda: next((n for n in atspi_nodes(desktop, chars) if predicate(n)), None),
        timeout,
        "an AT-SPI node",
    )


def center(extents: list[int]) -> list[int]:
    x, y, w, h = extents
    return [x + w // 2, y + h // 2]


def clipboard(desktop) -> str:
    done = desktop.run("xclip -o -selection clipboard", timeout=20)
    return done.stdout


def set_clipboard(desktop, text: str) -> None:
    """Own the clipboard with xclip (it keeps serving it in the background). xclip's background child takes
    the selection after the command returns; wait for it, or under load it takes the selection only after
    the app under test has copied, and the copy seems lost."""
    desktop.run(f"printf %s {shlex.quote(text)} | xclip -selection clipboard >/dev/null 2>&1", timeout=20)
    wait_until(lambda: clipboard(desktop) == text, 10, "xclip to own the clipboard")


def result_image(result) -> Image.Image:
    assert result.error is None, result.error
    assert result.image, "the result has no image"
    return Image.open(io.BytesIO(result.image)).convert("RGB")
