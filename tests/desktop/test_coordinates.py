"""Clicks land on the intended screen pixel at any size, and zoom shows a region at full resolution."""

from __future__ import annotations

import pytest
from desktop_helpers import result_image, wait_until
from PIL import Image, ImageChops
from Xlib import X
from Xlib import display as xdisplay

from deskpilot.core.scaling import api_image_size
from deskpilot.desktop import Desktop
from deskpilot.tools import ComputerTool


class ClickRecorder:
    """A transparent window over the whole screen, on its own X connection, that records button presses."""

    def __init__(self, desktop):
        self.x = xdisplay.Display(desktop.display_name)
        root = self.x.screen().root
        width, height = desktop.size
        self.window = root.create_window(
            0, 0, width, height, 0, 0, X.InputOnly, X.CopyFromParent,
            override_redirect=True, event_mask=X.ButtonPressMask,
        )  # fmt: skip
        self.window.map()
        self.x.sync()

    def next_press(self) -> tuple[int, int]:
        def press():
            while self.x.pending_events():
                event = self.x.next_event()
                if event.type == X.ButtonPress:
                    return event.root_x, event.root_y
            return None

        return wait_until(press, 5, "a button press")

    def close(self) -> None:
        self.x.close()


def screen_points(width: int, height: int) -> list[tuple[int, int]]:
    """Corners, edges, the centre and an irregular grid of screen pixels."""
    points = {(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1), (width // 2, height // 2)}
    points |= {(width * i // 4 + 7 * i, height * j // 3 + 5 * j) for i in range(4) for j in range(3)}
    return sorted((min(x, width - 1), min(y, height - 1)) for x, y in points)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (2560, 1440), (1080, 1920)])
def test_clicks_land_within_one_pixel_of_the_target(size, monkeypatch):
    with Desktop(size=size, settle_quiet=0.02) as desktop:
        tool = ComputerTool(desktop)
        monkeypatch.setenv("XAUTHORITY", desktop.xauthority)  # for the recorder's connection
        recorder = ClickRecorder(desktop)
        try:
            for target in screen_points(*size):
                image_point = tool.scaling.to_image(*target)  # where a model sees the target
                result = tool({"action": "left_click", "coordinate": list(image_point)})
                assert result.error is None
                pointer = desktop.cursor_position()  # XQueryPointer
                press = recorder.next_press()
                for landed in (pointer, press):
                    assert abs(landed[0] - target[0]) <= 1 and abs(landed[1] - target[1]) <= 1, (
                        target,
                        landed,
                    )
                # cursor_position reports the pointer in screenshot pixels: the point the model clicked.
                assert tool({"action": "cursor_position"}).output == f"X={image_point[0]},Y={image_point[1]}"
        finally:
            recorder.close()


@pytest.fixture(scope="module")
def busy_desktop():
    """A 1920x1080 desktop (screenshots are scaled) showing text with fine detail."""
    with Desktop(size=(1920, 1080)) as desktop:
        path = desktop.home / "zoom.txt"
        path.write_text(
            "".join(f"{i:03d} the quick brown fox jumps over the lazy dog 0O1lI|\n" for i in range(60))
        )
        desktop.launch(["mousepad", str(path)])
        desktop.wait_settled()
        yield desktop


def test_zoom_returns_the_region_at_full_resolution(busy_desktop):
    tool = ComputerTool(busy_desktop, "computer_20251124", enable_zoom=True)
    region = [300, 150, 700, 450]  # in screenshot pixels (1429x804)
    result = tool({"action": "zoom", "region": region})
    zoomed = result_image(result)
    box = tool.scaling.region_to_screen(*region)
    assert box == (403, 201, 941, 605)
    native = busy_desktop.screenshot().crop(box)
    assert zoomed.size == native.size == (538, 404)  # more pixels than the 400x300 region of the screenshot
    assert ImageChops.difference(zoomed, native).getbbox() is None  # identical pixels
    assert "still refer to the full screenshot (1429x804)" in result.output


def test_zooming_on_the_whole_screen_fits_the_image_budget(busy_desktop):
    tool = ComputerTool(busy_desktop, "computer_20251124", enable_zoom=True)
    zoomed = result_image(tool({"action": "zoom", "region": [0, 0, 1429, 804]}))
    assert zoomed.size == api_image_size(1920, 1080)


def test_screenshots_are_scaled_to_the_declared_size(busy_desktop):
    tool = ComputerTool(busy_desktop)
    params = tool.to_params()
    assert (params["display_width_px"], params["display_height_px"]) == (1429, 804)
    assert params["display_number"] == busy_desktop.number
    shot = result_image(tool({"action": "screenshot"}))
    assert shot.size == (1429, 804)
    expected = busy_desktop.screenshot().resize((1429, 804), Image.Resampling.BILINEAR)
    assert ImageChops.difference(shot, expected).getbbox() is None
