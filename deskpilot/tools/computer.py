"""Anthropic's computer tool (computer_20241022, computer_20250124, computer_20251124) on a Desktop."""

from __future__ import annotations

import asyncio
import io
import re
import struct
import threading
import time
import zlib
from typing import TYPE_CHECKING

from PIL import Image

from deskpilot.core import actions, caps
from deskpilot.core.families import ZOOM_VERSIONS, supports_zoom
from deskpilot.core.keys import logical_sequence
from deskpilot.core.results import ToolError, ToolResult
from deskpilot.core.scaling import API_MAX_LONG_EDGE, API_MAX_PIXELS, Scaling, api_image_size
from deskpilot.desktop.keys import KeyNameError, parse_chord, parse_sequence
from deskpilot.desktop.watcher import QUIET_DRAWN_S, describe, to_record

if TYPE_CHECKING:
    from deskpilot.core.actions import ComputerAction

IMAGE_FORMATS = {"png": "image/png", "jpeg": "image/jpeg"}
TYPE_QUIET_S = 0.15  # after typing text, the screen must stay still this long (the old fixed window)
# Keys that typically open, close or switch windows or start work in the app (a dialog, a search, a page
# load): after them settling keeps its longer quiet window even once the app has drawn.
LATE_REACTION_KEYS = frozenset({"return", "escape", "ctrl", "alt", "super", "altgr", "menu"})
FUNCTION_KEY = re.compile(r"f\d+")


def encode_image(image: Image.Image, image_format: str = "png", png: PngEncoder | None = None) -> bytes:
    """PNG or JPEG bytes; `png`: an encoder that reuses what it compressed of the previous image."""
    if image_format == "jpeg":
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=75)
        return buffer.getvalue()
    return (png or PngEncoder()).encode(image)


def encode_png(image: Image.Image) -> bytes:
    return PngEncoder().encode(image)


PNG_BAND_ROWS = 32  # rows compressed together; a band unchanged since the last image is not compressed again
ADLER_BASE = 65521  # Adler-32 (RFC 1950 section 8)
_DEFLATE_END = zlib.compressobj(1, zlib.DEFLATED, -15).flush()  # an empty final block: ends the stream


class PngEncoder:
    """RGB PNGs with unfiltered rows and fast zlib (about twice as fast as Pillow's encoder, which filters
    every row, and no larger). The rows are compressed in bands of PNG_BAND_ROWS, each by a new raw-deflate
    compressor ended with a sync flush: a band is a run of whole, byte-aligned deflate blocks that refers to
    nothing before it, so bands join in any order into one stream (RFC 1951 section 3.2.3; zlib manual on
    Z_SYNC_FLUSH), and the stream's Adler-32 is combined from the bands' own. The encoder keeps the bands of
    its last image: a screenshot that differs from the previous one in a few rows (a caret, a menu) costs the
    compression of those rows only. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: tuple[tuple[int, int], bytes, list[tuple[bytes, int, int]]] | None = None

    def encode(self, image: Image.Image) -> bytes:
        rgb = image.convert("RGB")
        width, height = rgb.size
        pixels, stride = rgb.tobytes(), width * 3
        band_size = stride * PNG_BAND_ROWS
        with self._lock:
            last = self._last
        same_size = last is not None and last[0] == rgb.size
        old_pixels, old_bands = (last[1], last[2]) if last is not None and same_size else (b"", [])
        bands = []  # (compressed, adler32, length of the filtered rows)
        for index, start in enumerate(range(0, len(pixels), band_size)):
            end = min(start + band_size, len(pixels))
            band = pixels[start:end]  # bytes compare with memcmp; memoryviews item by item (far slower)
            if index < len(old_bands) and band == old_pixels[start:end]:
                bands.append(old_bands[index])
                continue
            rows = b"".join(b"\0" + band[y : y + stride] for y in range(0, end - start, stride))
            compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
            data = compressor.compress(rows) + compressor.flush(zlib.Z_SYNC_FLUSH)
            bands.append((data, zlib.adler32(rows), len(rows)))
        with self._lock:
            self._last = (rgb.size, pixels, bands)
        adler = 1
        for _, band_adler, length in bands:
            adler = _adler32_join(adler, band_adler, length)
        stream = (
            b"\x78\x01" + b"".join(data for data, _, _ in bands) + _DEFLATE_END + struct.pack(">I", adler)
        )

        def chunk(tag: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def _adler32_join(first: int, second: int, length: int) -> int:
    """The Adler-32 of X + Y from those of X and of Y (Y has `length` bytes). With A = 1 + the sum of the
    bytes and B = the sum of A after each byte (RFC 1950 section 8), A(XY) = A(X) + A(Y) - 1 and
    B(XY) = B(X) + B(Y) + length * (A(X) - 1), modulo 65521 (zlib's adler32_combine)."""
    a1, b1, a2, b2 = first & 0xFFFF, first >> 16, second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % ADLER_BASE
    b = (b1 + b2 + length * (a1 - 1)) % ADLER_BASE
    return (b << 16) | a


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
        self._png = PngEncoder()  # screenshots differ from the previous one in a few rows: reuse the rest
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
            self.desktop.wait_settled(drawn_min=None if may_react_late(action) else QUIET_DRAWN_S)
        return self.screenshot(output)

    def screenshot(self, output: str | None = None) -> ToolResult:
        """The screen as the model sees it, with what the desktop's watcher saw since the last screenshot
        (a notification that came and went, a dialog that opened) told in the output text."""
        changes = self._observe()
        image = self.desktop.screenshot()
        news = describe(list(changes[0]), changes[1])
        return ToolResult(
            output="\n\n".join(text for text in (output, news) if text) or None,
            image=self._encode(image),
            media_type=IMAGE_FORMATS[self.image_format],
            changes=changes[0],
        )

    def _encode(self, image: Image.Image) -> bytes:
        """A full-resolution screen image as the model gets it: scaled, then encoded."""
        if not self.scaling.is_identity:
            image = image.resize(self.scaling.image_size, Image.Resampling.BILINEAR)
        return encode_image(image, self.image_format, self._png)

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


def may_react_late(action: ComputerAction) -> bool:
    """Whether an action typically makes the app react late (a dialog, a search, a page load, an app
    opening a file): Return, Escape, shortcuts with ctrl/alt/super, function keys, double and triple clicks,
    middle clicks and anything done with modifiers held. A plain click, a scroll or a cursor key does not."""
    if action.modifiers or action.action in ("double_click", "triple_click", "middle_click"):
        return True
    if action.action not in ("key", "hold_key") or not action.text:
        return False
    keys = {key for chord in logical_sequence(action.text) for key in chord}
    return bool(keys & LATE_REACTION_KEYS) or any(FUNCTION_KEY.fullmatch(key) for key in keys)
