"""Result and error types shared by every tool. Images travel as encoded bytes (PNG or JPEG); base64 is
made only at a provider's wire boundary (`ToolResult.base64_image`)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from typing import Any


class ToolError(Exception):
    """An error the model can act on. Tools turn it into an error result; it never escapes a tool."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ToolResult:
    """What a tool returns: text output, an error message, and an optional encoded image.

    changes: what the desktop's watcher saw since the previous observation (windows that opened, closed,
    flashed by, asked for attention; boxes in image pixels); the output already describes them in words.
    """

    output: str | None = None
    error: str | None = None
    image: bytes | None = None
    media_type: str = "image/png"
    changes: tuple[dict[str, Any], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.error is not None

    @property
    def base64_image(self) -> str | None:
        """The image as base64 text, for wire formats that want it."""
        return base64.b64encode(self.image).decode() if self.image is not None else None

    def with_output(self, output: str) -> ToolResult:
        return replace(self, output=output)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"output": self.output, "error": self.error}
        if self.image is not None:
            data["base64_image"] = self.base64_image
            data["media_type"] = self.media_type
        return data


def failure(message: str) -> ToolResult:
    return ToolResult(error=message)
