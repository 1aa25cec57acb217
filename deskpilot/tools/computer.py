"""Anthropic's computer tool (computer_20241022, computer_20250124, computer_20251124) on a Desktop."""

from __future__ import annotations

import asyncio
import io
import struct
import time
import zlib
from typing import TYPE_CHECKING

from PIL import Image

from deskpilot.core import actions, caps
from deskpilot.core.families import ZOOM_VERSIONS, supports_zoom
from deskpilot.core.results import ToolError, ToolResult
from deskpilot.core.scaling import API_MAX_LONG_EDGE, API_MAX_PIXELS, Scaling, api_image_size
from deskpilot.desktop.keys import KeyNameError, parse_chord, parse_sequence
from deskpilot.desktop.watcher import describe, to_record

if TYPE_CHECKING:
    from deskpilot.core.actions import ComputerAction

IMAGE_FORMATS = {"png": "image/png", "jpeg": "image/jpeg"}
TYPE_QUIET_S = 0.15  # after typing text, the screen must stay still this long (the old fixed window)


def encode_image(image: Image.Image, image_format: str = "png") -> bytes:
    if image_format == "jpeg":
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=75)
        return buffer.getvalue()
    return encode_png(image)


def encode_png(image: Image.Image) -> bytes:
    """An RGB PNG with unfiltered rows and fast zlib. On screenshots this is about twice as fast as Pillow's
    encoder, which filters every row, and the file is no larger."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels, stride = rgb.tobytes(), width * 3
    rows = b"".join(b"\0" + pixels[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


class ComputerTool:
    """Screenshots in, mouse and keyboard out. Call with the tool-input dict; never raises."""

    name = "computer"

    def __init__(
        self,
        desktop,
        version: str = "computer_20250124",
        *,
        enable_zoom: bool = False,
        scaling: Scaling | None = None,
        scaling_policy: str = "api",
        image_format: str = "png",
    ):
        if version not in actions.COMPUTER_VERSIONS:
            raise ValueError(
                f"unknown computer tool version {version!r}; choose one of {actions.COMPUTER_VERSIONS}"
            )
        if enable_zoom and not supports_zoom(version):
            raise ValueError(f"enable_zoom needs one of {sorted(ZOOM_VERSIONS)}")
        if image_format not in IMAGE_FORMATS:
            raise ValueError(f"image_format must be one of {list(IMAGE_FORMATS)}")
        self.desktop = desktop
        self.version = version
        self.enable_zoom = enable_zoom
        self.scaling = scaling or Scaling.for_screen(*desktop.size, policy=scaling_policy)
        self.image_format = image_format
        self._observe()  # what happened before the tool existed (apps starting) is no news to the model

    def to_params(self) -> dict:
        """The tool definition sent to the API: the size of the image the model sees."""
        params = {
            "type": self.version,
            "name": self.name,
            "display_width_px": self.scaling.image_width,
            "display_height_px": self.scaling.image_height,
        }
        if self.desktop.number is not None:
            params["display_number"] = self.desktop.number
        if self.enable_zoom:
            params["enable_zoom"] = True
        return params

    def parse(self, params: object) -> ComputerAction:
        return actions.parse_computer_action(
            params, self.version, image_size=self.scaling.image_size, enable_zoom=self.enable_zoom
        )

    def __call__(self, params: object) -> ToolResult:
        try:
            return self.run(self.parse(params))
        except ToolError as exc:
            return ToolResult(error=exc.message)
        except KeyNameError as exc:
            return ToolResult(error=str(exc))
        except Exception as exc:  # a broken desktop must still give the model a result
            return ToolResult(error=f"The computer tool failed: {type(exc).__name__}: {exc}")

    async def acall(self, params: object) -> ToolResult:
        return await asyncio.to_thread(self, params)

    def run(self, action: ComputerAction) -> ToolResult:
        handler = getattr(self, f"_do_{action.action}", None)
        if handler is None:
            handler = self._do_click
        output = handler(action)
        if action.action == "cursor_position":
            return ToolResult(output=output)
        if action.action == "zoom":
            return output
        if action.action == "type":  # text fields validate and complete asynchronously (a file chooser)
            self.desktop.wait_settled(quiet_min=TYPE_QUIET_S)
        elif action.action != "screenshot":
            self.desktop.wait_settled()
        return self.screenshot(output)

    def screenshot(self, output: str | None = None) -> ToolResult:
        """The screen as the model sees it, with what the desktop's watcher saw since the last screenshot
        (a notification that came and went, a dialog that opened) told in the output text."""
        changes = self._observe()
        image = self.desktop.screenshot()
        if not self.scaling.is_identity:
            image = image.resize(self.scaling.image_size, Image.Resampling.BILINEAR)
        news = describe(list(changes[0]), changes[1])
        return ToolResult(
            output="\n\n".join(text for text in (output, news) if text) or None,
            image=encode_image(image, self.image_format),
            media_type=IMAGE_FORMATS[self.image_format],
            changes=changes[0],
        )

    def _observe(self) -> tuple[tuple[dict, ...], int]:
        observe = getattr(self.desktop, "observe", None)  # desktops without a watcher report nothing
        if observe is None:
            return (), 0
        changes, dropped = observe()
        return tuple(to_record(change, self.scaling.to_image) for change in changes), dropped

    # Actions. Coordinates arrive in image pixels and are mapped to the screen here only.
    def _screen(self, point: tuple[int, int]) -> tuple[int, int]:
        return self.scaling.to_screen(*point)

    def _do_screenshot(self, action: ComputerAction) -> None:
        return None

    def _do_key(self, action: ComputerAction) -> None:
        for chord in parse_sequence(action.text):
            self.desktop.input.press_chord(chord)

    def _do_type(self, action: ComputerAction) -> None:
        if len(action.text) > caps.TYPE_CHARS:
            raise ToolError(
                f"`type` takes at most {caps.TYPE_CHARS} characters per action; this text has {len(action.text)}. "
                "Type it in parts, or write it to a file with the editor or bash tool."
            )
        self.desktop.input.type_text(action.text)

    def _do_mouse_move(self, action: ComputerAction) -> None:
        with self.desktop.input.held(action.modifiers):
            self.desktop.input.move(*self._screen(action.coordinate))

    def _do_click(self, action: ComputerAction) -> None:
        button, count = actions.CLICK_BUTTONS[action.action]
        if action.coordinate:
            self.desktop.input.move(*self._screen(action.coordinate))
        self.desktop.input.click(button, count, action.modifiers)

    def _do_left_click_drag(self, action: ComputerAction) -> None:
        start = (
            self._screen(action.start_coordinate) if action.start_coordinate else self.desktop.input.pointer()
        )
        self.desktop.input.drag(start, self._screen(action.coordinate), action.modifiers)

    def _do_left_mouse_down(self, action: ComputerAction) -> None:
        self._press_left(action, True)

    def _do_left_mouse_up(self, action: ComputerAction) -> None:
        self._press_left(action, False)

    def _press_left(self, action: ComputerAction, press: bool) -> None:
        if action.coordinate:
            self.desktop.input.move(*self._screen(action.coordinate))
        with self.desktop.input.held(action.modifiers):
            self.desktop.input.button(1, press)

    def _do_scroll(self, action: ComputerAction) -> None:
        if action.coordinate:
            self.desktop.input.move(*self._screen(action.coordinate))
        self.desktop.input.scroll(action.scroll_direction, action.scroll_amount, action.modifiers)

    def _do_hold_key(self, action: ComputerAction) -> None:
        keysyms = [sym for part in action.text.split() for sym in parse_chord(part)]
        for sym in keysyms:
            self.desktop.input.key_event(sym, True)
        try:
            time.sleep(action.duration)
        finally:
            for sym in reversed(keysyms):
                self.desktop.input.key_event(sym, False)

    def _do_wait(self, action: ComputerAction) -> None:
        time.sleep(action.duration)

    def _do_cursor_position(self, action: ComputerAction) -> str:
        x, y = self.scaling.to_image(*self.desktop.cursor_position())
        return f"X={x},Y={y}"

    def _do_zoom(self, action: ComputerAction) -> ToolResult:
        """Crop the native-resolution capture; shrink only if the crop exceeds the image budget."""
        box = self.scaling.region_to_screen(*action.region)
        crop = self.desktop.screenshot().crop(box)
        size = api_image_size(crop.width, crop.height, API_MAX_LONG_EDGE, API_MAX_PIXELS)
        if size != crop.size:
            crop = crop.resize(size, Image.Resampling.LANCZOS)
        note = (
            f"Zoomed into region {list(action.region)} of the screenshot (screen pixels {list(box)}), shown at "
            f"{crop.width}x{crop.height}. Coordinates in later actions still refer to the full screenshot "
            f"({self.scaling.image_width}x{self.scaling.image_height}), not to this zoomed image."
        )
        return ToolResult(
            output=note,
            image=encode_image(crop, self.image_format),
            media_type=IMAGE_FORMATS[self.image_format],
        )
